//! The text stage of Dyad: from a raw article to clean sentences, tokens and lemmas.
//!
//! It runs right after ingest. [`CleanStage`] identifies the language and marks
//! boilerplate (photo credits, image slugs, navigation text, bylines) as removed spans;
//! [`SegmentStage`] splits the kept text into sentences and UD-style tokens; after the
//! tagger, [`LemmaStage`] fills lemmas. The document text is never rewritten: every
//! span is a byte range into the original, and normalisation lives in `Token::text`.
//!
//! ```
//! use dyad_model::{Doc, Document, Stage};
//! use dyad_text::{CleanStage, SegmentStage};
//!
//! let text = "Iraq's prime minister to meet Joe Biden\n\njoe biden-presidente-usa-ataque irak\n\n\
//!             Gen. Soleimani was killed in 2020. The U.S. denied it.";
//! let mut doc = Doc::new(Document::new("seed", text));
//! let mut diags = Vec::new();
//! CleanStage.run(&mut doc, &mut diags);
//! SegmentStage::default().run(&mut doc, &mut diags);
//! assert_eq!(doc.removed[0].rule, "text.boilerplate.slug");
//! assert_eq!(doc.sentences.len(), 3);
//! assert!(doc.sentences[0].headline);
//! assert_eq!(doc.tokens[1].text, "'s");
//! ```

#![warn(missing_docs)]

mod clean;
mod eval;
mod lang;
mod lemma;
mod lemma_tables;
mod segment;
mod tokenize;

pub use clean::{
    classify_line, find_boilerplate, CleanStage, RULE_BYLINE, RULE_COOKIE_BANNER, RULE_NAVIGATION,
    RULE_NO_WORDS, RULE_PHOTO_CREDIT, RULE_SLUG, RULE_TIMESTAMP, RULE_URL,
};
pub use eval::{evaluate_lemmas, evaluate_segmentation, EvalError, LemmaReport, SegmentationReport};
pub use lang::detect_language;
pub use lemma::{lemmatize, LemmaStage};
pub use segment::{SegmentStage, DEFAULT_MAX_SENTENCE_TOKENS};
pub use tokenize::normalize_form;
