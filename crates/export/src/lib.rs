//! Export: the last stage. Writes coded events in the formats analysts' tools read.
//!
//! - [`Format::Jsonl`]: one [`Event`] per line, with every field of the model.
//! - [`Format::Table`]: a readable table for a terminal.
//! - [`Format::Gdelt`]: GDELT 2.0 event rows, 61 tab-separated columns, no header.
//! - [`Format::Plover`]: PLOVER JSON records, one per line.
//!
//! For events read back from a store, with their counts across articles
//! ([`EventRecord`]): GDELT 2.0 event and mention rows ([`gdelt_event_row`],
//! [`gdelt_mention_row`]), PLOVER ([`plover_stored_record`]), Phoenix
//! ([`phoenix_row`]), CSV ([`csv_row`]) and Parquet ([`ParquetWriter`], schema in
//! [`PARQUET_COLUMNS`]).
//!
//! Writers take the document each event came from (for its URL and title) and never
//! read the clock: the caller passes the `DATEADDED` stamp.
//!
//! ```
//! use dyad_export::gdelt_actor_parts;
//! let parts = gdelt_actor_parts("IRQGOV");
//! assert_eq!((parts.country, parts.types[0]), ("IRQ", "GOV"));
//! ```

#![warn(missing_docs)]

mod csv;
mod fips;
mod gdelt;
mod parquet_file;
mod phoenix;
mod plover;
mod table;

pub use csv::{csv_field, csv_header, csv_row, CSV_COLUMNS};
pub use fips::iso3_to_fips;
pub use gdelt::{
    gdelt_actor_parts, gdelt_event_code, gdelt_event_row, gdelt_geo_type, gdelt_mention_row, gdelt_row,
    gdelt_timestamp, hash_event_id, write_gdelt_event_row, write_gdelt_mention_row, ActorParts, EventRecord,
    MentionRecord, GDELT_COLUMNS, GDELT_MENTION_COLUMNS,
};
pub use parquet_file::{
    parquet_schema, ParquetColumn, ParquetError, ParquetType, ParquetWriter, PARQUET_COLUMNS,
};
pub use phoenix::{phoenix_class, phoenix_row, PHOENIX_COLUMNS};
pub use plover::{plover_record, plover_stored_record};
pub use table::TableWriter;

use std::io::{self, Write};

use dyad_model::{Document, Event};

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A readable table.
    Table,
    /// One event per line as JSON, every field.
    Jsonl,
    /// GDELT 2.0 events table rows.
    Gdelt,
    /// PLOVER JSON, one record per line.
    Plover,
}

/// Writes events of one document in a format. `date_added` is GDELT's `DATEADDED`
/// (`YYYYMMDDHHMMSS`).
pub struct EventWriter<W: Write> {
    out: W,
    format: Format,
    date_added: String,
    table: TableWriter,
}

impl<W: Write> EventWriter<W> {
    /// A writer of `format` to `out`.
    pub fn new(out: W, format: Format, date_added: impl Into<String>) -> EventWriter<W> {
        EventWriter { out, format, date_added: date_added.into(), table: TableWriter::default() }
    }

    /// Writes the events of `document`.
    pub fn write_events(&mut self, document: &Document, events: &[Event]) -> io::Result<()> {
        for event in events {
            match self.format {
                Format::Jsonl => {
                    serde_json::to_writer(&mut self.out, event)?;
                    self.out.write_all(b"\n")?;
                }
                Format::Gdelt => {
                    self.out.write_all(gdelt_row(event, document, &self.date_added).as_bytes())?;
                    self.out.write_all(b"\n")?;
                }
                Format::Plover => {
                    serde_json::to_writer(&mut self.out, &plover_record(event, document))?;
                    self.out.write_all(b"\n")?;
                }
                Format::Table => self.table.write_event(&mut self.out, event)?,
            }
        }
        Ok(())
    }

    /// Flushes and returns the inner writer.
    pub fn finish(mut self) -> io::Result<W> {
        self.out.flush()?;
        Ok(self.out)
    }
}
