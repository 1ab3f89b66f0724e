//! Dyad's data model, shared by every stage of the pipeline.
//!
//! Ingest produces [`Document`]s; the pipeline wraps each in a [`Doc`] and its stages
//! add layers (sentences, tokens, parses, actors, dates, places, [`Event`]s). Every span
//! is a byte range into `Document::text`, so any output row can be traced back to the
//! exact words that produced it. This crate has no dependency on any other Dyad crate.
//!
//! ```
//! use dyad_model::{EventCode, GoldsteinScale};
//!
//! let code = EventCode::parse("036").unwrap();
//! assert_eq!(code.root().as_str(), "03");
//! assert_eq!(code.quad(), 1);
//! assert_eq!(code.goldstein(GoldsteinScale::Gdelt), 4.0);
//! assert!(EventCode::parse("999").is_err());
//! ```

#![warn(missing_docs)]

pub mod actor_code;
pub mod cameo;
mod diag;
mod doc;
mod event;
mod stage;
mod when_where;

pub use cameo::{CameoEntry, EventCode, GoldsteinScale, InvalidCode, UnknownCode};
pub use diag::{Diagnostic, Severity};
pub use doc::{Doc, Document, Removal, Sentence, Span, Token, Upos};
pub use event::{Actor, ActorMention, Event, Modality, Plover, Provenance, RoleSpan};
pub use stage::{Layer, Stage};
pub use when_where::{
    DatePrecision, EventDate, GeoPrecision, Location, PlaceMention, Quantity, QuantityKind, TimeExpression,
};

/// A stable identifier for a piece of content: `prefix` plus 128 bits of XXH3 in hex.
/// Used for documents without an id of their own and for event ids, so that coding the
/// same input twice gives the same ids.
pub fn content_id(prefix: &str, content: &[u8]) -> String {
    let hash = xxhash_rust::xxh3::xxh3_128(content);
    format!("{prefix}{hash:032x}")
}

#[cfg(test)]
mod tests {
    #[test]
    fn content_id_is_stable_and_content_sensitive() {
        let a = super::content_id("doc-", b"Iraq's prime minister");
        assert_eq!(a, super::content_id("doc-", b"Iraq's prime minister"));
        assert_ne!(a, super::content_id("doc-", b"Iraq's prime minister."));
        assert!(a.starts_with("doc-") && a.len() == 4 + 32);
    }
}
