//! The stage contract: each stage adds named layers to a [`Doc`] and says which layers
//! it needs, so a pipeline in the wrong order is rejected when it is built.

use serde::{Deserialize, Serialize};

use crate::diag::Diagnostic;
use crate::doc::Doc;

/// A layer of analysis on a [`Doc`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Layer {
    /// Boilerplate removed, language known.
    Clean,
    /// Sentence spans.
    Sentences,
    /// Tokens with spans and normalised text.
    Tokens,
    /// Lemmas.
    Lemmas,
    /// POS tags.
    Tags,
    /// Dependency heads and relations.
    Deps,
    /// Actor mentions.
    Actors,
    /// Time expressions.
    Times,
    /// Place mentions.
    Places,
    /// Quantities.
    Quantities,
    /// Coded events.
    Events,
    /// Events carry dates, places and quantities.
    EventContext,
}

/// One named step of the pipeline.
///
/// Stages are pure with respect to the outside world: they read the `Doc` and their own
/// configuration, never files, the network or the clock. Problems inside one document
/// are pushed to `diags` rather than returned, so one bad sentence never aborts its
/// document and one bad document never aborts a run.
pub trait Stage: Send + Sync {
    /// A stable name with a version (`"coder.shallow.v1"`), shown in provenance.
    fn name(&self) -> &'static str;
    /// Layers that must be present before this stage runs.
    fn requires(&self) -> &'static [Layer];
    /// Layers this stage fills.
    fn provides(&self) -> &'static [Layer];
    /// Adds this stage's layers to `doc`.
    fn run(&self, doc: &mut Doc, diags: &mut Vec<Diagnostic>);
}
