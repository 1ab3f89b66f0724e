//! Dyad's Rust core as a Python extension module, `dyad._native`.
//!
//! The module is thin on purpose: records cross the boundary as JSON lines (the
//! format `dyad code` reads) and results come back as JSON or as Parquet bytes in the
//! schema of `dyad export --format parquet`, so Python sees exactly what the command
//! line produces and the column types are defined once, in `dyad-export`. The Python
//! package (`python/dyad`) wraps it in the friendly API: lists of dicts, pandas
//! frames, Spark steps.
//!
//! Every call that codes or reads releases the GIL, so Python threads (and Spark's
//! Arrow workers) run the coder in parallel.

use std::io::Cursor;
use std::path::PathBuf;

use chrono::NaiveDate;
use dyad_export::{EventRecord, ParquetWriter, PARQUET_COLUMNS};
use dyad_ingest::{read_jsonl, ReadOptions};
use dyad_model::{Diagnostic, Document, Event};
use dyad_pipeline::{Pipeline, StandardOptions};
use dyad_store::{EventMerger, EventQuery, MergeOptions, MergedEvent, Store, StoreError};
use pyo3::exceptions::{PyIOError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyBytes;
use serde::{Deserialize, Serialize};

/// The coder: the standard pipeline (clean, segment, parse, actors, events, dates,
/// places), loaded once and used for any number of calls.
#[pyclass(frozen, module = "dyad._native")]
struct Coder {
    pipeline: Pipeline,
}

/// What became of one input record.
#[derive(Serialize)]
struct Outcome {
    /// 1-based line of the record in the call's input.
    line: usize,
    /// The article as read (without its text, which the caller has).
    document: Option<Document>,
    /// Whether the pipeline coded it (false for a language Dyad does not code).
    coded: bool,
    events: Vec<Event>,
    /// Warnings and notes, one line each, as `dyad code` prints them.
    diagnostics: Vec<String>,
    /// Why the record could not be read, naming the line and field.
    error: Option<String>,
    /// The store's content hash of the article (title and text): with its id and URL,
    /// what tells a repeat from a new version.
    content_hash: Option<String>,
}

#[pymethods]
impl Coder {
    /// Loads the models and dictionaries (under a second).
    #[new]
    #[pyo3(signature = (*, kb_overlay=None, syntax_model=None, keep_unasserted=false))]
    fn new(
        kb_overlay: Option<PathBuf>,
        syntax_model: Option<PathBuf>,
        keep_unasserted: bool,
    ) -> PyResult<Coder> {
        let options =
            StandardOptions { kb_overlay, syntax_model, keep_unasserted, ..StandardOptions::default() };
        let pipeline =
            dyad_pipeline::standard(&options).map_err(|err| PyValueError::new_err(err.to_string()))?;
        Ok(Coder { pipeline })
    }

    /// Codes article records given as JSON lines (fields as `dyad code` reads them:
    /// `id, text | html, date, title, url, source, language`). `default_date`
    /// (`YYYY-MM-DD`) dates records without one; with none, they are dated today
    /// with a warning. Returns a JSON array with one outcome per line, in order: a
    /// record that cannot be read has its `error` and the others go through.
    #[pyo3(signature = (jsonl, default_date=None, origin="<python>"))]
    fn code_jsonl(
        &self,
        py: Python<'_>,
        jsonl: &str,
        default_date: Option<&str>,
        origin: &str,
    ) -> PyResult<String> {
        let default_date = default_date.map(parse_day).transpose()?;
        let outcomes = py.detach(|| self.code_records(jsonl, default_date, origin));
        serde_json::to_string(&outcomes).map_err(|err| PyValueError::new_err(err.to_string()))
    }
}

impl Coder {
    fn code_records(&self, jsonl: &str, default_date: Option<NaiveDate>, origin: &str) -> Vec<Outcome> {
        let options = ReadOptions { default_date, ..ReadOptions::default() };
        let mut outcomes = Vec::new();
        for (index, item) in read_jsonl(Cursor::new(jsonl.as_bytes()), origin, &options).enumerate() {
            let line = index + 1;
            let mut article = match item {
                Ok(article) => article,
                Err(err) => {
                    outcomes.push(Outcome {
                        line,
                        document: None,
                        coded: false,
                        events: Vec::new(),
                        diagnostics: Vec::new(),
                        error: Some(err.to_string()),
                        content_hash: None,
                    });
                    continue;
                }
            };
            if article.document.date.is_none() {
                // As `dyad code` does without `--date`: the one place the clock is read.
                article.document.date = Some(chrono::Local::now().date_naive());
                article.warnings.push(Diagnostic::warning(
                    "python",
                    article.document.id.clone(),
                    "no publication date; dated today (pass date= to set one)",
                ));
            }
            let mut diagnostics: Vec<String> = article.warnings.iter().map(ToString::to_string).collect();
            let analysed = self.pipeline.run(article.document);
            diagnostics.extend(analysed.diagnostics.iter().map(ToString::to_string));
            let content_hash = dyad_store::content_hash(&analysed.doc.document);
            let document = Document { text: String::new(), ..analysed.doc.document };
            outcomes.push(Outcome {
                line,
                document: Some(document),
                coded: analysed.coded,
                events: analysed.doc.events,
                diagnostics,
                error: None,
                content_hash: Some(content_hash),
            });
        }
        outcomes
    }
}

fn parse_day(text: &str) -> PyResult<NaiveDate> {
    dyad_ingest::parse_date(text)
        .ok_or_else(|| PyValueError::new_err(format!("date {text:?}: expected YYYY-MM-DD")))
}

/// One coded document as `merge_parquet` takes it: the `document` and `events` of
/// an outcome of `Coder.code_jsonl`.
#[derive(Deserialize)]
struct Coded {
    document: Document,
    events: Vec<Event>,
}

/// Merges coded documents (a JSON array, in ingest order) by the store's event
/// identity rules. Returns the events as Parquet bytes in the export schema, and for
/// each event the 0-based position of its first report among all the reports given
/// (documents in order, each one's events in order): a caller that merged parts
/// separately numbers events by it as a store would. `story_id` is null: stories are
/// a store's grouping of near-duplicate articles.
#[pyfunction]
#[pyo3(signature = (coded_json, day_window=1))]
fn merge_parquet<'py>(
    py: Python<'py>,
    coded_json: &str,
    day_window: i64,
) -> PyResult<(Bound<'py, PyBytes>, Vec<u64>)> {
    let coded: Vec<Coded> = serde_json::from_str(coded_json)
        .map_err(|err| PyValueError::new_err(format!("coded documents: {err}")))?;
    let result = py.detach(|| -> Result<(Vec<u8>, Vec<u64>), String> {
        let mut merger = EventMerger::new(MergeOptions { day_window });
        for item in &coded {
            merger.add_document(&item.document, &item.events);
        }
        let merged = merger.finish();
        let positions = merged.iter().map(|m| m.report as u64).collect();
        Ok((write_parquet(merged.iter().map(merged_record))?, positions))
    });
    let (bytes, positions) = result.map_err(PyValueError::new_err)?;
    Ok((PyBytes::new(py, &bytes), positions))
}

fn merged_record(merged: &MergedEvent) -> EventRecord<'_> {
    let document = &merged.document;
    EventRecord {
        id: merged.id as u64,
        event: &merged.event,
        url: document.url.as_deref(),
        title: document.title.as_deref(),
        publication: document.source.as_deref(),
        published: document.date,
        story_id: None,
        num_mentions: merged.num_mentions,
        num_sources: merged.num_sources,
        num_articles: merged.num_articles,
        date_added: "",
    }
}

/// Parquet bytes of `records`.
fn write_parquet<'a>(records: impl Iterator<Item = EventRecord<'a>>) -> Result<Vec<u8>, String> {
    let mut writer = ParquetWriter::new(Vec::new()).map_err(|err| err.to_string())?;
    for record in records {
        writer.write(&record).map_err(|err| err.to_string())?;
    }
    writer.finish().map(|(_, bytes)| bytes).map_err(|err| err.to_string())
}

/// The events of a Dyad store as Parquet bytes in the export schema, exactly as
/// `dyad export --format parquet` writes them.
#[pyfunction]
fn read_db_parquet<'py>(py: Python<'py>, path: PathBuf) -> PyResult<Bound<'py, PyBytes>> {
    let bytes = py.detach(|| -> Result<Vec<u8>, String> {
        let store = Store::open_existing(&path).map_err(|err| err.to_string())?;
        let mut writer = ParquetWriter::new(Vec::new()).map_err(|err| err.to_string())?;
        store
            .scan_events(&EventQuery::default(), |stored| -> Result<(), StoreError> {
                let record = EventRecord {
                    id: stored.id as u64,
                    event: &stored.event,
                    url: stored.url.as_deref(),
                    title: stored.title.as_deref(),
                    publication: stored.publication.as_deref(),
                    published: stored.published,
                    story_id: Some(stored.story_id),
                    num_mentions: stored.num_mentions,
                    num_sources: stored.num_sources,
                    num_articles: stored.num_articles,
                    date_added: "",
                };
                writer
                    .write(&record)
                    .map_err(|err| StoreError::InvalidQuery(format!("writing Parquet: {err}")))
            })
            .map_err(|err| err.to_string())?;
        writer.finish().map(|(_, bytes)| bytes).map_err(|err| err.to_string())
    });
    let bytes = bytes.map_err(PyIOError::new_err)?;
    Ok(PyBytes::new(py, &bytes))
}

/// The export schema: `(name, type, nullable, meaning)` per column, types as
/// `int32, int64, float, double, date, string`.
#[pyfunction]
fn parquet_columns() -> Vec<(&'static str, &'static str, bool, &'static str)> {
    PARQUET_COLUMNS
        .iter()
        .map(|column| {
            let kind = match column.kind {
                dyad_export::ParquetType::Int32 => "int32",
                dyad_export::ParquetType::Int64 => "int64",
                dyad_export::ParquetType::Float => "float",
                dyad_export::ParquetType::Double => "double",
                dyad_export::ParquetType::Date => "date",
                dyad_export::ParquetType::String => "string",
            };
            (column.name, kind, column.nullable, column.meaning)
        })
        .collect()
}

/// `(source, target, root, modality, precision, place key)` as Python sees it.
type MergeKeyTuple = (String, String, String, &'static str, &'static str, Option<String>);

/// The key that partitions reports for merging (`source, target, root, modality,
/// precision`) of each event of a JSON array of events, a Spark job groups by it; and
/// the key of its place (the store keeps the first place recorded under a key).
#[pyfunction]
fn merge_keys(events_json: &str) -> PyResult<Vec<MergeKeyTuple>> {
    let events: Vec<Event> =
        serde_json::from_str(events_json).map_err(|err| PyValueError::new_err(format!("events: {err}")))?;
    Ok(events
        .iter()
        .map(|event| {
            let key = dyad_store::identity::MergeKey::of(event);
            let place = event.location.as_ref().map(dyad_store::identity::place_key);
            (key.source, key.target, key.root, key.modality, key.precision, place)
        })
        .collect())
}

/// The module.
#[pymodule]
fn _native(module: &Bound<'_, PyModule>) -> PyResult<()> {
    module.add_class::<Coder>()?;
    module.add_function(wrap_pyfunction!(merge_parquet, module)?)?;
    module.add_function(wrap_pyfunction!(read_db_parquet, module)?)?;
    module.add_function(wrap_pyfunction!(parquet_columns, module)?)?;
    module.add_function(wrap_pyfunction!(merge_keys, module)?)?;
    module.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
