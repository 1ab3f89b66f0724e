//! Actors and events: the output of the coder.

use serde::{Deserialize, Serialize};

use crate::cameo::EventCode;
use crate::doc::Span;
use crate::when_where::{EventDate, Location, Quantity};

/// An actor as it appears on an event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Actor {
    /// CAMEO-style actor code on the event date (`"IRQGOV"`).
    pub code: String,
    /// Canonical name of the entity, or the words of the mention when the knowledge
    /// base has no entity for it (`"Iraqi prime minister"`).
    pub name: String,
    /// Stable knowledge-base id of the entity (`"person/mustafa-al-kadhimi"`), if known.
    pub entity: Option<String>,
    /// The words in the text, if the actor was named in this sentence.
    pub span: Option<Span>,
}

/// An actor found in the text by the knowledge base.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActorMention {
    /// Sentence index.
    pub sentence: usize,
    /// Token range within the document's token list.
    pub tokens: std::ops::Range<usize>,
    /// Character span in the text.
    pub span: Span,
    /// The resolved actor.
    pub actor: Actor,
    /// How the mention was matched and resolved, for `dyad explain`
    /// (`"kb.alias.exact: Iraqi -> IRQ; agent prime minister -> GOV"`).
    pub rule: String,
    /// Dictionary entries that contributed (`"actors/countries.toml: IRQ"`).
    pub entries: Vec<String>,
}

/// How the text presents an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Modality {
    /// Reported as having happened.
    #[default]
    Asserted,
    /// Scheduled or announced for the future ("will meet on 26 July").
    Planned,
    /// Wished for or intended ("hopes to", "seeks to", "is expected to push for").
    Intended,
    /// Conditional or speculative ("if X attacks", "could").
    Hypothetical,
    /// Denied ("did not attack").
    Negated,
    /// Background that happened well before the story ("since the 2003 invasion").
    Historical,
}

impl Modality {
    /// The lowercase name used in output.
    pub fn as_str(&self) -> &'static str {
        match self {
            Modality::Asserted => "asserted",
            Modality::Planned => "planned",
            Modality::Intended => "intended",
            Modality::Hypothetical => "hypothetical",
            Modality::Negated => "negated",
            Modality::Historical => "historical",
        }
    }
}

/// The PLOVER reading of an event.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Plover {
    /// One of the 16 PLOVER event types (`"ASSAULT"`); empty for CAMEO codes PLOVER
    /// does not carry (plain statements).
    pub event: String,
    /// How (`"aerial"`, `"visit"`).
    pub mode: Vec<String>,
    /// Why (`"military"`, `"diplomatic"`).
    pub context: Vec<String>,
}

/// A span of the sentence with the role it played.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RoleSpan {
    /// `"source"`, `"target"`, `"trigger"`, `"date"`, `"location"`, `"quantity"`.
    pub role: String,
    /// Where in the document text.
    pub span: Span,
    /// The words, for readers of the JSON.
    pub text: String,
}

/// Why an event exists: the words, the rule and the dictionary entries.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Provenance {
    /// The spans that played a role.
    pub spans: Vec<RoleSpan>,
    /// The coder rule that fired (`"coder.svo"`).
    pub rule: String,
    /// Dictionary entries that matched (verb pattern, actor entries).
    pub entries: Vec<String>,
}

/// One coded event: who did what to whom, when and where, and why Dyad thinks so.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// Stable id: a hash of the document id, sentence, trigger span and code.
    pub event_id: String,
    /// The document's id.
    pub doc_id: String,
    /// 0-based index of the sentence in the document.
    pub sentence: usize,
    /// When the event happened (or is planned), with its precision.
    #[serde(flatten)]
    pub date: EventDate,
    /// Who acted; `None` when the text does not say (agentless passive).
    pub source: Option<Actor>,
    /// Who was acted upon.
    pub target: Option<Actor>,
    /// CAMEO event code.
    pub cameo: EventCode,
    /// Two-digit CAMEO root.
    pub root: EventCode,
    /// QuadClass 1-4.
    pub quad: u8,
    /// Goldstein value of the code.
    pub goldstein: f32,
    /// PLOVER type, modes and contexts.
    pub plover: Plover,
    /// Asserted, planned, negated, historical, ...
    pub modality: Modality,
    /// Where it happened, when the text says.
    pub location: Option<Location>,
    /// Numbers attached to the event.
    pub quantities: Vec<Quantity>,
    /// The sentence text.
    pub text: String,
    /// Spans, rule and dictionary entries behind the event.
    pub provenance: Provenance,
    /// The coder's confidence, 0-1.
    pub confidence: f32,
    /// Every sentence of the document that reports this same event (same source,
    /// target and code), `sentence` first: one event, several mentions.
    pub mentions: Vec<usize>,
}
