//! Dyad's actor knowledge base: who is who, under every spelling, on every date.
//!
//! It sits after tokenisation and before the coder: [`ActorStage`] reads a document's
//! tokens and fills `Doc::actors` with [`dyad_model::ActorMention`]s, each carrying a
//! CAMEO-style code resolved on the document date, the rule that matched and the
//! dictionary entries behind it. The dictionaries are human-editable TOML files in
//! `dictionaries/actors/` (see [`dict`] for the format), embedded in the binary and
//! optionally overlaid by a user folder.
//!
//! ```
//! use chrono::NaiveDate;
//! use dyad_kb::Kb;
//!
//! let kb = Kb::load_embedded().unwrap();
//! let on = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
//! assert_eq!(kb.lookup("Biden", on(2021, 7, 13)).unwrap().code, "USAGOV");
//! assert_eq!(kb.lookup("Biden", on(2026, 1, 1)).unwrap().code, "USAELI");
//! assert_eq!(kb.lookup("Iraq's prime minister", None).unwrap().code, "IRQGOV");
//! assert_eq!(kb.lookup("Washington", None).unwrap().rule.split(':').next(), Some("kb.alias.capital_metonym"));
//! ```

#![warn(missing_docs)]

pub mod dict;
mod error;
mod kb;
mod link;
mod matcher;
mod normalize;
mod stage;
mod variant;

pub use dict::Source;
pub use error::KbError;
pub use kb::{Agent, Entity, EntityKind, Kb, KbStats, LintIssue, Role};
pub use matcher::{simple_tokens, Lookup};
pub use stage::ActorStage;

/// Whether an alias keeps any word once folded as the knowledge base folds names (the
/// KB rejects one that does not: it could match nothing). For converters of other
/// dictionaries, which must leave such names out rather than fail the whole load.
pub fn alias_has_words(alias: &str) -> bool {
    !normalize::alias_words(alias, false).is_empty()
}
