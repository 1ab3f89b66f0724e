//! The pipeline: named stages run in order over each document, spaCy-style.
//!
//! Each stage declares the layers it needs and the layers it adds; [`Pipeline::new`]
//! rejects an order in which a stage would run before its inputs exist, so a wrong
//! configuration fails when it is built, not in the middle of a run.
//!
//! ```
//! use dyad_model::{Diagnostic, Doc, Document, Layer, Stage};
//! use dyad_pipeline::Pipeline;
//!
//! struct Shout;
//! impl Stage for Shout {
//!     fn name(&self) -> &'static str { "example.shout" }
//!     fn requires(&self) -> &'static [Layer] { &[] }
//!     fn provides(&self) -> &'static [Layer] { &[Layer::Clean] }
//!     fn run(&self, doc: &mut Doc, _diags: &mut Vec<Diagnostic>) {
//!         doc.document.title = Some(doc.document.text.to_uppercase());
//!     }
//! }
//!
//! let pipeline = Pipeline::new(vec![Box::new(Shout)]).unwrap();
//! let analysed = pipeline.run(Document::new("d1", "hello"));
//! assert_eq!(analysed.doc.document.title.as_deref(), Some("HELLO"));
//! ```

#![warn(missing_docs)]

mod standard;

use std::panic::{catch_unwind, AssertUnwindSafe};

use dyad_model::{Diagnostic, Doc, Document, Layer, Stage};

pub use standard::{standard, BuildError, StandardOptions};

/// A pipeline that cannot run as built.
#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    /// A stage needs a layer that no earlier stage provides.
    #[error("stage `{stage}` needs layer {layer:?}, which no earlier stage provides (stages: {order})")]
    MissingLayer {
        /// The stage.
        stage: &'static str,
        /// The layer it needs.
        layer: Layer,
        /// The stage names in order.
        order: String,
    },
}

/// The result of running the pipeline on one document.
#[derive(Debug)]
pub struct Analysed {
    /// The document with every layer the stages added.
    pub doc: Doc,
    /// Whether the document was coded; `false` when a stage decided it should not be
    /// (a language Dyad does not code), with the reason in `diagnostics`.
    pub coded: bool,
    /// Problems met along the way.
    pub diagnostics: Vec<Diagnostic>,
}

/// Wall time spent in each stage over any number of [`Pipeline::run_timed`] calls.
#[derive(Debug, Clone, Default)]
pub struct StageTimes {
    /// One entry per stage, in pipeline order.
    pub per_stage: Vec<std::time::Duration>,
}

/// A checked sequence of stages.
pub struct Pipeline {
    stages: Vec<Box<dyn Stage>>,
    languages: Vec<String>,
}

impl Pipeline {
    /// Checks the stage order and builds the pipeline.
    pub fn new(stages: Vec<Box<dyn Stage>>) -> Result<Pipeline, PipelineError> {
        let order = stages.iter().map(|s| s.name()).collect::<Vec<_>>().join(" -> ");
        let mut provided: Vec<Layer> = Vec::new();
        for stage in &stages {
            if let Some(&layer) = stage.requires().iter().find(|layer| !provided.contains(layer)) {
                return Err(PipelineError::MissingLayer { stage: stage.name(), layer, order });
            }
            provided.extend_from_slice(stage.provides());
        }
        Ok(Pipeline { stages, languages: vec!["en".to_string()] })
    }

    /// The stage names, in order.
    pub fn stage_names(&self) -> Vec<&'static str> {
        self.stages.iter().map(|s| s.name()).collect()
    }

    /// The stages, for callers that time them one by one.
    pub fn stages(&self) -> &[Box<dyn Stage>] {
        &self.stages
    }

    /// Runs every stage over `document`. A stage that panics (a bug, never an input
    /// error) is caught and reported, and the document keeps the layers it had, so one
    /// document can never take down a batch.
    pub fn run(&self, document: Document) -> Analysed {
        self.run_inner(document, None)
    }

    /// [`Pipeline::run`], adding each stage's wall time to `times` (one slot per stage,
    /// in [`Pipeline::stage_names`] order), for `dyad bench`.
    pub fn run_timed(&self, document: Document, times: &mut StageTimes) -> Analysed {
        times.per_stage.resize(self.stages.len(), std::time::Duration::ZERO);
        self.run_inner(document, Some(&mut times.per_stage))
    }

    fn run_inner(&self, document: Document, mut times: Option<&mut Vec<std::time::Duration>>) -> Analysed {
        let mut doc = Doc::new(document);
        let mut diagnostics = Vec::new();
        for (index, stage) in self.stages.iter().enumerate() {
            if stage.provides().contains(&Layer::Sentences) {
                if let Some(reason) = self.skip_reason(&doc) {
                    diagnostics.push(Diagnostic::new(
                        dyad_model::Severity::Info,
                        "pipeline",
                        format!("doc {}", doc.document.id),
                        reason,
                    ));
                    return Analysed { doc, coded: false, diagnostics };
                }
            }
            let started = times.as_ref().map(|_| std::time::Instant::now());
            let outcome = catch_unwind(AssertUnwindSafe(|| stage.run(&mut doc, &mut diagnostics)));
            if let (Some(times), Some(started)) = (times.as_deref_mut(), started) {
                times[index] += started.elapsed();
            }
            if outcome.is_err() {
                diagnostics.push(Diagnostic::error(
                    stage.name(),
                    format!("doc {}", doc.document.id),
                    "internal error in this stage (a bug; please report it with the document); later stages skipped",
                ));
                return Analysed { doc, coded: false, diagnostics };
            }
            doc.layers.extend_from_slice(stage.provides());
        }
        Analysed { doc, coded: true, diagnostics }
    }

    /// Documents in languages the dictionaries do not cover are reported, not coded.
    fn skip_reason(&self, doc: &Doc) -> Option<String> {
        let language = doc.document.language.as_deref()?;
        (!self.languages.iter().any(|l| l == language))
            .then(|| format!("not coded: language `{language}` (Dyad codes {})", self.languages.join(", ")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Fake {
        name: &'static str,
        requires: &'static [Layer],
        provides: &'static [Layer],
        panics: bool,
    }

    impl Stage for Fake {
        fn name(&self) -> &'static str {
            self.name
        }
        fn requires(&self) -> &'static [Layer] {
            self.requires
        }
        fn provides(&self) -> &'static [Layer] {
            self.provides
        }
        fn run(&self, doc: &mut Doc, _diags: &mut Vec<Diagnostic>) {
            assert!(!self.panics, "deliberate failure");
            doc.document.title = Some(self.name.to_string());
        }
    }

    fn fake(name: &'static str, requires: &'static [Layer], provides: &'static [Layer]) -> Box<dyn Stage> {
        Box::new(Fake { name, requires, provides, panics: false })
    }

    #[test]
    fn wrong_order_is_rejected_when_built() {
        let err = Pipeline::new(vec![
            fake("coder", &[Layer::Tokens], &[Layer::Events]),
            fake("segment", &[], &[Layer::Sentences, Layer::Tokens]),
        ])
        .err()
        .expect("coder before segmenter must fail");
        assert!(err.to_string().starts_with("stage `coder` needs layer Tokens"), "{err}");
    }

    #[test]
    fn stages_run_in_order_and_record_layers() {
        let pipeline = Pipeline::new(vec![
            fake("segment", &[], &[Layer::Sentences, Layer::Tokens]),
            fake("coder", &[Layer::Tokens], &[Layer::Events]),
        ])
        .unwrap();
        let analysed = pipeline.run(Document::new("d", "text"));
        assert!(analysed.coded);
        assert_eq!(analysed.doc.document.title.as_deref(), Some("coder"));
        assert_eq!(analysed.doc.layers, [Layer::Sentences, Layer::Tokens, Layer::Events]);
    }

    #[test]
    fn a_panicking_stage_becomes_a_diagnostic() {
        let pipeline =
            Pipeline::new(vec![Box::new(Fake { name: "bad", requires: &[], provides: &[], panics: true })])
                .unwrap();
        let analysed = pipeline.run(Document::new("d", "text"));
        assert!(!analysed.coded);
        assert!(analysed.diagnostics[0].message.contains("internal error"));
    }

    #[test]
    fn other_languages_are_reported_not_coded() {
        let pipeline = Pipeline::new(vec![fake("segment", &[], &[Layer::Sentences])]).unwrap();
        let mut document = Document::new("d", "texto");
        document.language = Some("es".into());
        let analysed = pipeline.run(document);
        assert!(!analysed.coded);
        assert!(analysed.diagnostics[0].message.contains("language `es`"), "{:?}", analysed.diagnostics);
    }
}
