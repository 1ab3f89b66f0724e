//! The standard pipeline: every built-in stage in order.

use std::path::PathBuf;
use std::sync::Arc;

use dyad_coder::{CoderConfig, CoderStage, VerbDictionary};
use dyad_model::{GoldsteinScale, Stage};

use crate::{Pipeline, PipelineError};

/// Settings for [`standard`].
#[derive(Debug, Clone, Default)]
pub struct StandardOptions {
    /// A folder of actor dictionaries read on top of the built-in ones.
    pub kb_overlay: Option<PathBuf>,
    /// A syntax model file instead of the built-in one.
    pub syntax_model: Option<PathBuf>,
    /// Goldstein scale for events.
    pub goldstein: GoldsteinScale,
    /// Keep negated and hypothetical events.
    pub keep_unasserted: bool,
    /// An actor knowledge base used in place of the built-in one and `kb_overlay`
    /// (dictionaries converted from another format).
    pub kb: Option<Arc<dyad_kb::Kb>>,
    /// A verb dictionary used in place of the built-in one.
    pub verbs: Option<VerbDictionary>,
}

/// Why the standard pipeline could not be built: a dictionary or model failed to load.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// The verb dictionary.
    #[error("loading the verb dictionary")]
    Verbs(#[from] dyad_coder::DictError),
    /// The actor knowledge base.
    #[error("loading the actor knowledge base")]
    Kb(#[from] dyad_kb::KbError),
    /// The gazetteer.
    #[error("loading the gazetteer")]
    Gazetteer(#[from] dyad_timegeo::GazetteerError),
    /// The syntax model.
    #[error("loading the syntax model")]
    Syntax(#[from] dyad_syntax::SyntaxError),
    /// The stage order (a bug in this function).
    #[error(transparent)]
    Order(#[from] PipelineError),
}

/// Builds the standard pipeline: clean, segment, tag and parse, lemmatise, find
/// actors, dates, places and quantities, code events, attach their context.
pub fn standard(options: &StandardOptions) -> Result<Pipeline, BuildError> {
    // The syntax model is the slowest to load (decompressing and indexing its weights):
    // it loads on a thread of its own while the dictionaries and the gazetteer load here.
    let (syntax, kb, verbs, gazetteer) = std::thread::scope(|scope| {
        let syntax = scope.spawn(|| match &options.syntax_model {
            Some(path) => dyad_syntax::SyntaxModel::load(path),
            None => dyad_syntax::SyntaxModel::load_default(),
        });
        let rest = Dictionaries::load(options);
        let syntax = syntax.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        rest.map(|rest| (syntax, rest.kb, rest.verbs, rest.gazetteer))
    })?;
    let syntax = syntax?;
    let coder_config = CoderConfig {
        goldstein: options.goldstein,
        keep_unasserted: options.keep_unasserted,
        ..CoderConfig::default()
    };
    let stages: Vec<Box<dyn Stage>> = vec![
        Box::new(dyad_text::CleanStage),
        Box::new(dyad_text::SegmentStage::default()),
        // Actors before the parse: the parser reads each multi-word actor as one word.
        Box::new(dyad_kb::ActorStage::new(kb)),
        Box::new(dyad_syntax::SyntaxStage::new(syntax)),
        Box::new(dyad_text::LemmaStage),
        Box::new(dyad_timegeo::TimeStage::default()),
        Box::new(dyad_timegeo::PlaceStage::new(gazetteer)),
        Box::new(dyad_timegeo::QuantityStage),
        Box::new(CoderStage::new(verbs, coder_config)),
        Box::new(dyad_timegeo::EventContextStage),
    ];
    Ok(Pipeline::new(stages)?)
}

/// The actor knowledge base, the verb dictionary and the gazetteer.
struct Dictionaries {
    kb: Arc<dyad_kb::Kb>,
    verbs: VerbDictionary,
    gazetteer: Arc<dyad_timegeo::Gazetteer>,
}

impl Dictionaries {
    /// The ones `options` ask for.
    fn load(options: &StandardOptions) -> Result<Dictionaries, BuildError> {
        let kb = match (&options.kb, &options.kb_overlay) {
            (Some(kb), _) => kb.clone(),
            (None, Some(dir)) => Arc::new(dyad_kb::Kb::load_with_overlay(dir)?),
            (None, None) => Arc::new(dyad_kb::Kb::load_embedded()?),
        };
        let verbs = match &options.verbs {
            Some(verbs) => verbs.clone(),
            None => VerbDictionary::built_in()?,
        };
        let gazetteer = Arc::new(dyad_timegeo::Gazetteer::embedded()?);
        Ok(Dictionaries { kb, verbs, gazetteer })
    }
}
