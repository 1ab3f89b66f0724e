//! Parquet with a typed schema, one row per event, for DuckDB, pandas, R and Spark.
//!
//! The schema is [`PARQUET_COLUMNS`]; [`parquet_schema`] renders it as a Parquet
//! message. It is also the schema of the tables other Dyad jobs write, so a column is
//! never renamed or retyped: a new field is a new column at the end.

use std::io::Write;
use std::sync::Arc;

use chrono::NaiveDate;
use parquet::basic::{Compression, LogicalType, Repetition, Type as PhysicalType};
use parquet::data_type::{ByteArray, ByteArrayType, DoubleType, FloatType, Int32Type, Int64Type};
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::types::Type;

use crate::fips::iso3_to_fips;
use crate::gdelt::{gdelt_event_code, EventRecord};
use crate::gdelt_actor_parts;

pub use parquet::errors::ParquetError;

/// A column's type, as Parquet stores it and as Arrow, DuckDB and Spark read it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParquetType {
    /// `INT32`: Arrow `Int32`, Spark `IntegerType`.
    Int32,
    /// `INT64`: Arrow `Int64`, Spark `LongType`.
    Int64,
    /// `FLOAT`: Arrow `Float32`, Spark `FloatType`.
    Float,
    /// `DOUBLE`: Arrow `Float64`, Spark `DoubleType`.
    Double,
    /// `INT32 (DATE)`, days since 1970-01-01: Arrow `Date32`, Spark `DateType`.
    Date,
    /// `BYTE_ARRAY (STRING)`, UTF-8: Arrow `Utf8`, Spark `StringType`.
    String,
}

/// One column of the Parquet schema.
#[derive(Debug, Clone, Copy)]
pub struct ParquetColumn {
    /// Column name.
    pub name: &'static str,
    /// Stored type.
    pub kind: ParquetType,
    /// Whether the column may be null (empty in the other formats).
    pub nullable: bool,
    /// What it holds.
    pub meaning: &'static str,
}

const fn column(
    name: &'static str,
    kind: ParquetType,
    nullable: bool,
    meaning: &'static str,
) -> ParquetColumn {
    ParquetColumn { name, kind, nullable, meaning }
}

use ParquetType::{Date, Double, Float, Int32, Int64, String as Str};

/// The Parquet schema, in column order.
pub const PARQUET_COLUMNS: [ParquetColumn; 37] = [
    column("id", Int64, false, "the store's event id (GDELT GLOBALEVENTID)"),
    column("event_id", Str, false, "the representative report's id (ev-...)"),
    column("date", Date, false, "event date (first day of the month or year when less precise)"),
    column("date_precision", Str, false, "day, month or year"),
    column("source_code", Str, true, "source actor code (IRQGOV); null when the text names none"),
    column("source_name", Str, true, "source actor name"),
    column("source_country", Str, true, "country block of the source code (IRQ)"),
    column("target_code", Str, true, "target actor code"),
    column("target_name", Str, true, "target actor name"),
    column("target_country", Str, true, "country block of the target code"),
    column("cameo", Str, false, "CAMEO event code with leading zero (036, 0256)"),
    column("base_code", Str, false, "three-digit CAMEO base code (GDELT EventBaseCode)"),
    column("root_code", Str, false, "two-digit CAMEO root (GDELT EventRootCode)"),
    column("quad_class", Int32, false, "QuadClass 1-4"),
    column("goldstein", Float, false, "Goldstein scale value of the code"),
    column("modality", Str, false, "asserted, planned, intended, hypothetical, negated or historical"),
    column("plover_event", Str, true, "PLOVER event type (ASSAULT); null when PLOVER has none"),
    column("plover_mode", Str, true, "PLOVER modes, ';'-separated"),
    column("plover_context", Str, true, "PLOVER contexts, ';'-separated"),
    column("num_mentions", Int64, false, "article sentences reporting the event (GDELT NumMentions)"),
    column("num_sources", Int64, false, "outlets reporting it (NumSources)"),
    column("num_articles", Int64, false, "articles reporting it (NumArticles)"),
    column("place_name", Str, true, "where it happened"),
    column("place_country", Str, true, "the place's ISO 3166 alpha-3 country"),
    column("place_fips", Str, true, "the place's FIPS 10-4 country (GDELT ActionGeo_CountryCode)"),
    column("lat", Double, true, "latitude, degrees"),
    column("lon", Double, true, "longitude, degrees"),
    column("geonameid", Int64, true, "GeoNames id of the place"),
    column("geo_precision", Str, true, "site, city, region or country"),
    column("confidence", Float, false, "the coder's confidence, 0-1"),
    column("doc_id", Str, false, "the representative article's id"),
    column("url", Str, true, "the representative article's URL"),
    column("published", Date, true, "the representative article's publication date"),
    column("story_id", Int64, true, "group of near-duplicate articles"),
    column("sentence", Int32, false, "0-based sentence of the representative report"),
    column("trigger", Str, true, "the words that triggered the code"),
    column("text", Str, true, "the sentence"),
];

/// The schema as a Parquet message type (for documentation and for readers that want
/// to check it).
pub fn parquet_schema() -> String {
    let mut text = String::from("message dyad_event {\n");
    for column in &PARQUET_COLUMNS {
        let repetition = if column.nullable { "optional" } else { "required" };
        let kind = match column.kind {
            Int32 => "int32",
            Int64 => "int64",
            Float => "float",
            Double => "double",
            Date => "int32",
            Str => "binary",
        };
        let annotation = match column.kind {
            Date => " (DATE)",
            Str => " (STRING)",
            _ => "",
        };
        text.push_str(&format!("  {repetition} {kind} {}{annotation};\n", column.name));
    }
    text.push('}');
    text
}

fn schema() -> Result<Type, ParquetError> {
    let fields = PARQUET_COLUMNS
        .iter()
        .map(|column| {
            let (physical, logical) = match column.kind {
                Int32 => (PhysicalType::INT32, None),
                Int64 => (PhysicalType::INT64, None),
                Float => (PhysicalType::FLOAT, None),
                Double => (PhysicalType::DOUBLE, None),
                Date => (PhysicalType::INT32, Some(LogicalType::Date)),
                Str => (PhysicalType::BYTE_ARRAY, Some(LogicalType::String)),
            };
            let repetition = if column.nullable { Repetition::OPTIONAL } else { Repetition::REQUIRED };
            Type::primitive_type_builder(column.name, physical)
                .with_repetition(repetition)
                .with_logical_type(logical)
                .build()
                .map(Arc::new)
        })
        .collect::<Result<Vec<_>, _>>()?;
    Type::group_type_builder("dyad_event").with_fields(fields).build()
}

/// One value of a row, in the column's type; `None` is null.
enum Cell {
    I32(Option<i32>),
    I64(Option<i64>),
    F32(Option<f32>),
    F64(Option<f64>),
    Str(Option<String>),
}

fn days_since_epoch(day: NaiveDate) -> i32 {
    (day - NaiveDate::from_ymd_opt(1970, 1, 1).expect("a valid date")).num_days() as i32
}

fn non_empty(text: &str) -> Option<String> {
    (!text.is_empty()).then(|| text.to_string())
}

fn cells(record: &EventRecord<'_>) -> [Cell; 37] {
    let event = record.event;
    let location = event.location.as_ref();
    let actor = |a: &Option<dyad_model::Actor>| {
        let code = a.as_ref().map(|a| a.code.clone());
        let name = a.as_ref().map(|a| a.name.clone());
        let country = a.as_ref().and_then(|a| non_empty(gdelt_actor_parts(&a.code).country));
        (code, name, country)
    };
    let (source_code, source_name, source_country) = actor(&event.source);
    let (target_code, target_name, target_country) = actor(&event.target);
    let trigger = event.provenance.spans.iter().find(|s| s.role == "trigger").map(|s| s.text.clone());
    let precision = |p: dyad_model::GeoPrecision| {
        match p {
            dyad_model::GeoPrecision::Site => "site",
            dyad_model::GeoPrecision::City => "city",
            dyad_model::GeoPrecision::Region => "region",
            dyad_model::GeoPrecision::Country => "country",
        }
        .to_string()
    };
    [
        Cell::I64(Some(record.id as i64)),
        Cell::Str(Some(event.event_id.clone())),
        Cell::I32(Some(days_since_epoch(event.date.day))),
        Cell::Str(Some(format!("{:?}", event.date.precision).to_lowercase())),
        Cell::Str(source_code),
        Cell::Str(source_name),
        Cell::Str(source_country),
        Cell::Str(target_code),
        Cell::Str(target_name),
        Cell::Str(target_country),
        Cell::Str(Some(event.cameo.as_str().to_string())),
        Cell::Str(Some(gdelt_event_code(event.cameo.base().as_str()))),
        Cell::Str(Some(event.root.as_str().to_string())),
        Cell::I32(Some(i32::from(event.quad))),
        Cell::F32(Some(event.goldstein)),
        Cell::Str(Some(event.modality.as_str().to_string())),
        Cell::Str(non_empty(&event.plover.event)),
        Cell::Str(non_empty(&event.plover.mode.join(";"))),
        Cell::Str(non_empty(&event.plover.context.join(";"))),
        Cell::I64(Some(record.num_mentions as i64)),
        Cell::I64(Some(record.num_sources as i64)),
        Cell::I64(Some(record.num_articles as i64)),
        Cell::Str(location.map(|l| l.name.clone())),
        Cell::Str(location.and_then(|l| l.country.clone())),
        Cell::Str(location.and_then(|l| l.country.as_deref()).and_then(iso3_to_fips).map(str::to_string)),
        Cell::F64(location.and_then(|l| l.lat)),
        Cell::F64(location.and_then(|l| l.lon)),
        Cell::I64(location.and_then(|l| l.geonameid).map(|id| id as i64)),
        Cell::Str(location.map(|l| precision(l.precision))),
        Cell::F32(Some(event.confidence)),
        Cell::Str(Some(event.doc_id.clone())),
        Cell::Str(record.url.map(str::to_string)),
        Cell::I32(record.published.map(days_since_epoch)),
        Cell::I64(record.story_id),
        Cell::I32(Some(event.sentence as i32)),
        Cell::Str(trigger),
        Cell::Str(non_empty(&event.text)),
    ]
}

/// The values of one column for the rows of the current row group.
enum Values {
    I32(Vec<i32>),
    I64(Vec<i64>),
    F32(Vec<f32>),
    F64(Vec<f64>),
    Bytes(Vec<ByteArray>),
}

struct ColumnBuffer {
    values: Values,
    /// Definition levels of a nullable column: 1 for a value, 0 for null.
    levels: Vec<i16>,
    nullable: bool,
}

impl ColumnBuffer {
    fn new(column: &ParquetColumn) -> ColumnBuffer {
        let values = match column.kind {
            Int32 | Date => Values::I32(Vec::new()),
            Int64 => Values::I64(Vec::new()),
            Float => Values::F32(Vec::new()),
            Double => Values::F64(Vec::new()),
            Str => Values::Bytes(Vec::new()),
        };
        ColumnBuffer { values, levels: Vec::new(), nullable: column.nullable }
    }

    fn push(&mut self, cell: Cell, name: &str) -> Result<(), ParquetError> {
        let present = match (&mut self.values, cell) {
            (Values::I32(values), Cell::I32(value)) => value.map(|v| values.push(v)).is_some(),
            (Values::I64(values), Cell::I64(value)) => value.map(|v| values.push(v)).is_some(),
            (Values::F32(values), Cell::F32(value)) => value.map(|v| values.push(v)).is_some(),
            (Values::F64(values), Cell::F64(value)) => value.map(|v| values.push(v)).is_some(),
            (Values::Bytes(values), Cell::Str(value)) => {
                value.map(|v| values.push(ByteArray::from(v.into_bytes()))).is_some()
            }
            _ => return Err(ParquetError::General(format!("column {name}: value of the wrong type"))),
        };
        if !present && !self.nullable {
            return Err(ParquetError::General(format!("column {name}: null in a required column")));
        }
        if self.nullable {
            self.levels.push(i16::from(present));
        }
        Ok(())
    }

    fn clear(&mut self) {
        match &mut self.values {
            Values::I32(v) => v.clear(),
            Values::I64(v) => v.clear(),
            Values::F32(v) => v.clear(),
            Values::F64(v) => v.clear(),
            Values::Bytes(v) => v.clear(),
        }
        self.levels.clear();
    }
}

/// Rows per row group: large enough for good compression and fast scans, small enough
/// that the buffered strings stay in tens of megabytes.
const ROW_GROUP_ROWS: usize = 100_000;

/// Writes events to a Parquet file, one row group per 100,000 events, so
/// memory stays bounded however many events are written.
pub struct ParquetWriter<W: Write + Send> {
    writer: SerializedFileWriter<W>,
    columns: Vec<ColumnBuffer>,
    rows: usize,
    written: u64,
}

impl<W: Write + Send> ParquetWriter<W> {
    /// A writer of the schema [`PARQUET_COLUMNS`] to `out`, Snappy-compressed.
    pub fn new(out: W) -> Result<ParquetWriter<W>, ParquetError> {
        let properties = WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .set_created_by(format!("dyad {}", env!("CARGO_PKG_VERSION")))
            .build();
        let writer = SerializedFileWriter::new(out, Arc::new(schema()?), Arc::new(properties))?;
        let columns = PARQUET_COLUMNS.iter().map(ColumnBuffer::new).collect();
        Ok(ParquetWriter { writer, columns, rows: 0, written: 0 })
    }

    /// Adds one event.
    pub fn write(&mut self, record: &EventRecord<'_>) -> Result<(), ParquetError> {
        for ((buffer, cell), column) in self.columns.iter_mut().zip(cells(record)).zip(&PARQUET_COLUMNS) {
            buffer.push(cell, column.name)?;
        }
        self.rows += 1;
        self.written += 1;
        if self.rows >= ROW_GROUP_ROWS {
            self.flush_row_group()?;
        }
        Ok(())
    }

    fn flush_row_group(&mut self) -> Result<(), ParquetError> {
        if self.rows == 0 {
            return Ok(());
        }
        let mut row_group = self.writer.next_row_group()?;
        let mut buffers = self.columns.iter_mut();
        while let Some(mut column) = row_group.next_column()? {
            let buffer =
                buffers.next().ok_or_else(|| ParquetError::General("more columns than buffers".into()))?;
            let levels = buffer.nullable.then_some(buffer.levels.as_slice());
            match &buffer.values {
                Values::I32(values) => column.typed::<Int32Type>().write_batch(values, levels, None)?,
                Values::I64(values) => column.typed::<Int64Type>().write_batch(values, levels, None)?,
                Values::F32(values) => column.typed::<FloatType>().write_batch(values, levels, None)?,
                Values::F64(values) => column.typed::<DoubleType>().write_batch(values, levels, None)?,
                Values::Bytes(values) => column.typed::<ByteArrayType>().write_batch(values, levels, None)?,
            };
            column.close()?;
            buffer.clear();
        }
        row_group.close()?;
        self.rows = 0;
        Ok(())
    }

    /// Writes the last row group and the footer; returns the number of events written
    /// and the inner writer.
    pub fn finish(mut self) -> Result<(u64, W), ParquetError> {
        self.flush_row_group()?;
        let written = self.written;
        let out = self.writer.into_inner()?;
        Ok((written, out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_schema_builds_and_renders_every_column() {
        let schema = schema().unwrap();
        assert_eq!(schema.get_fields().len(), PARQUET_COLUMNS.len());
        let text = parquet_schema();
        assert!(text.contains("required int32 date (DATE);"), "{text}");
        assert!(text.contains("optional double lat;"), "{text}");
        // The rendered message is one Parquet itself reads back.
        let parsed = parquet::schema::parser::parse_message_type(&text).unwrap();
        assert_eq!(parsed.get_fields().len(), PARQUET_COLUMNS.len());
    }

    #[test]
    fn days_count_from_the_epoch() {
        assert_eq!(days_since_epoch(NaiveDate::from_ymd_opt(1970, 1, 2).unwrap()), 1);
        assert_eq!(days_since_epoch(NaiveDate::from_ymd_opt(2021, 7, 13).unwrap()), 18821);
    }
}
