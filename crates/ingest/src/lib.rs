//! Ingest: the first stage of the pipeline. Reads articles from files, directories and
//! stdin into [`Document`]s.
//!
//! Readers stream: a JSONL file is read one line at a time, so input size does not
//! bound memory. Every problem with one record (a line that is not JSON, a record
//! without text, an unreadable file) is an [`IngestError`] item in the stream naming the
//! file, line and field; the records around it are still read.
//!
//! ```
//! use dyad_ingest::{read_jsonl, ReadOptions};
//!
//! let input = "{\"id\": \"a1\", \"date\": \"2021-07-13\", \"text\": \"Iraq's prime minister met Biden.\"}\nnot json\n";
//! let items: Vec<_> = read_jsonl(input.as_bytes(), "feed.jsonl", &ReadOptions::default()).collect();
//! assert_eq!(items[0].as_ref().unwrap().document.id, "a1");
//! assert!(items[1].as_ref().unwrap_err().to_string().starts_with("feed.jsonl:2:"));
//! ```

#![warn(missing_docs)]

mod error;
mod feed;
mod html;
mod jsonl;
mod sources;
mod text;
mod warc;

pub use error::IngestError;
pub use feed::read_feed;
pub use html::{html_fragment_to_text, read_html, scan_metadata, PageMetadata};
pub use jsonl::{parse_date, read_jsonl, JsonlRecords};
pub use sources::{read_inputs, Format, Input};
pub use text::read_text;
pub use warc::{read_warc, WarcArticles};

use chrono::NaiveDate;
use dyad_model::{Diagnostic, Document};

/// A document as read, with any warnings about how it was read (replaced invalid
/// UTF-8, ignored fields).
#[derive(Debug, Clone)]
pub struct Article {
    /// The document.
    pub document: Document,
    /// Problems that did not stop the document from being read.
    pub warnings: Vec<Diagnostic>,
}

/// Settings that apply to every reader.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    /// Date for documents whose input carries none (plain text, JSONL records without a
    /// `date`).
    pub default_date: Option<NaiveDate>,
    /// Largest document accepted, in bytes; larger ones are rejected with a reason
    /// rather than exhausting memory. `None` means the default of 16 MiB.
    pub max_document_bytes: Option<usize>,
}

impl ReadOptions {
    /// The byte limit in force.
    pub fn document_limit(&self) -> usize {
        self.max_document_bytes.unwrap_or(16 * 1024 * 1024)
    }
}
