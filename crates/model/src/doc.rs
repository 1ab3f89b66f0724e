//! Documents and the layers the pipeline adds to them.

use std::ops::Range;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::diag::Diagnostic;
use crate::event::{ActorMention, Event};
use crate::stage::Layer;
use crate::when_where::{PlaceMention, Quantity, TimeExpression};

/// A half-open byte range `[start, end)` into a document's `text`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end`.
    pub fn new(start: usize, end: usize) -> Span {
        debug_assert!(start <= end, "span {start}..{end} is reversed");
        Span { start, end }
    }

    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// Whether the span covers no bytes.
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// The smallest span covering both.
    pub fn cover(&self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }

    /// Whether the spans share at least one byte.
    pub fn overlaps(&self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// The covered text, or `None` if the span is outside `text` or not on character
    /// boundaries.
    pub fn slice<'t>(&self, text: &'t str) -> Option<&'t str> {
        text.get(self.start..self.end)
    }
}

/// One input article, as read by ingest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// Stable identifier: the input's own id, else a content hash (see [`crate::content_id`]).
    pub id: String,
    /// Where the article was published, if known.
    pub url: Option<String>,
    /// Headline, if known.
    pub title: Option<String>,
    /// Where Dyad read it from: a file path with line number, `-` for stdin, a URL.
    pub source: Option<String>,
    /// Publication date; relative expressions are resolved against it.
    pub date: Option<NaiveDate>,
    /// ISO 639-1 language code, once known.
    pub language: Option<String>,
    /// The article text. Every span in the analysis points into this string.
    pub text: String,
    /// Other fields the input carried (a JSONL record's `author`, `section`, ...),
    /// kept as JSON text so nothing the user supplied is lost.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub extra: std::collections::BTreeMap<String, String>,
}

impl Document {
    /// A document with only an id and text.
    pub fn new(id: impl Into<String>, text: impl Into<String>) -> Document {
        Document {
            id: id.into(),
            url: None,
            title: None,
            source: None,
            date: None,
            language: None,
            text: text.into(),
            extra: std::collections::BTreeMap::new(),
        }
    }
}

/// Universal Dependencies part-of-speech tags.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
#[allow(missing_docs)]
pub enum Upos {
    Adj,
    Adp,
    Adv,
    Aux,
    Cconj,
    Det,
    Intj,
    Noun,
    Num,
    Part,
    Pron,
    Propn,
    Punct,
    Sconj,
    Sym,
    Verb,
    #[default]
    X,
}

impl Upos {
    /// Every tag, in UD order.
    pub const ALL: [Upos; 17] = [
        Upos::Adj,
        Upos::Adp,
        Upos::Adv,
        Upos::Aux,
        Upos::Cconj,
        Upos::Det,
        Upos::Intj,
        Upos::Noun,
        Upos::Num,
        Upos::Part,
        Upos::Pron,
        Upos::Propn,
        Upos::Punct,
        Upos::Sconj,
        Upos::Sym,
        Upos::Verb,
        Upos::X,
    ];

    /// The UD spelling (`"PROPN"`).
    pub fn as_str(&self) -> &'static str {
        match self {
            Upos::Adj => "ADJ",
            Upos::Adp => "ADP",
            Upos::Adv => "ADV",
            Upos::Aux => "AUX",
            Upos::Cconj => "CCONJ",
            Upos::Det => "DET",
            Upos::Intj => "INTJ",
            Upos::Noun => "NOUN",
            Upos::Num => "NUM",
            Upos::Part => "PART",
            Upos::Pron => "PRON",
            Upos::Propn => "PROPN",
            Upos::Punct => "PUNCT",
            Upos::Sconj => "SCONJ",
            Upos::Sym => "SYM",
            Upos::Verb => "VERB",
            Upos::X => "X",
        }
    }

    /// Parses the UD spelling; `None` for anything else.
    pub fn parse(tag: &str) -> Option<Upos> {
        Upos::ALL.iter().copied().find(|upos| upos.as_str() == tag)
    }
}

/// One token. Spans point into the original text; `text` is the normalised form
/// (typographic quotes and dashes folded, NFC) that dictionaries and models see.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Token {
    /// Where the token is in the document text.
    pub span: Span,
    /// Normalised surface form.
    pub text: String,
    /// Dictionary form (`"meet"` for `"met"`); empty until lemmatised.
    pub lemma: String,
    /// Universal POS tag; `X` until tagged.
    pub upos: Upos,
    /// Penn Treebank tag; empty until tagged.
    pub xpos: String,
    /// Index of the syntactic head within the sentence (0-based), `None` for the root or
    /// before parsing.
    pub head: Option<usize>,
    /// UD dependency relation to the head (`"nsubj"`); empty before parsing.
    pub deprel: String,
}

/// One sentence: a span of the text and a range of the document's tokens.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Sentence {
    /// Where the sentence is in the document text.
    pub span: Span,
    /// Indices into [`Doc::tokens`].
    pub tokens: Range<usize>,
    /// Whether the sentence is a headline or title line (no final punctuation, often
    /// no auxiliaries): coders treat its tense differently.
    pub headline: bool,
}

/// A stretch of text that cleaning removed before segmentation, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Removal {
    /// The removed text.
    pub span: Span,
    /// The rule that removed it (`"text.boilerplate.photo_credit"`).
    pub rule: String,
}

/// A document and every layer of analysis the pipeline has added to it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Doc {
    /// The input.
    pub document: Document,
    /// Layers that stages have filled, in the order they ran.
    pub layers: Vec<Layer>,
    /// Boilerplate removed before segmentation.
    pub removed: Vec<Removal>,
    /// Sentences in text order.
    pub sentences: Vec<Sentence>,
    /// Tokens of all sentences, in text order.
    pub tokens: Vec<Token>,
    /// Actor mentions found by the knowledge base.
    pub actors: Vec<ActorMention>,
    /// Time expressions, resolved against the document date.
    pub times: Vec<TimeExpression>,
    /// Place mentions with coordinates.
    pub places: Vec<PlaceMention>,
    /// Quantities (killed, rockets, troops, ...).
    pub quantities: Vec<Quantity>,
    /// Coded events.
    pub events: Vec<Event>,
    /// Problems met while analysing this document.
    pub diagnostics: Vec<Diagnostic>,
}

impl Doc {
    /// An unanalysed document.
    pub fn new(document: Document) -> Doc {
        Doc {
            document,
            layers: Vec::new(),
            removed: Vec::new(),
            sentences: Vec::new(),
            tokens: Vec::new(),
            actors: Vec::new(),
            times: Vec::new(),
            places: Vec::new(),
            quantities: Vec::new(),
            events: Vec::new(),
            diagnostics: Vec::new(),
        }
    }

    /// Whether a stage has filled `layer`.
    pub fn has(&self, layer: Layer) -> bool {
        self.layers.contains(&layer)
    }

    /// The text a span covers (empty if the span is invalid).
    pub fn text_of(&self, span: Span) -> &str {
        span.slice(&self.document.text).unwrap_or("")
    }

    /// The tokens of sentence `sentence_idx`.
    pub fn sentence_tokens(&self, sentence_idx: usize) -> &[Token] {
        &self.tokens[self.sentences[sentence_idx].tokens.clone()]
    }

    /// The index of the sentence that contains byte `offset`, if any.
    pub fn sentence_at(&self, offset: usize) -> Option<usize> {
        let idx = self.sentences.partition_point(|s| s.span.end <= offset);
        (idx < self.sentences.len() && self.sentences[idx].span.start <= offset).then_some(idx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn span_slice_refuses_non_boundaries() {
        let text = "Iraquí via";
        assert_eq!(Span::new(0, 5).slice(text), Some("Iraqu"));
        assert_eq!(Span::new(0, 6).slice(text), None, "inside the two-byte í");
        assert_eq!(Span::new(0, 99).slice(text), None);
    }

    #[test]
    fn upos_round_trips() {
        for upos in Upos::ALL {
            assert_eq!(Upos::parse(upos.as_str()), Some(upos));
        }
        assert_eq!(Upos::parse("NNP"), None);
    }

    #[test]
    fn sentence_at_finds_the_containing_sentence() {
        let mut doc = Doc::new(Document::new("d", "One. Two."));
        doc.sentences = vec![
            Sentence { span: Span::new(0, 4), tokens: 0..0, headline: false },
            Sentence { span: Span::new(5, 9), tokens: 0..0, headline: false },
        ];
        assert_eq!(doc.sentence_at(0), Some(0));
        assert_eq!(doc.sentence_at(4), None, "the space between sentences");
        assert_eq!(doc.sentence_at(6), Some(1));
        assert_eq!(doc.sentence_at(9), None);
    }
}
