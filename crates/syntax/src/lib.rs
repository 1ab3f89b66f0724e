//! Dyad's syntax layer: part-of-speech tags and dependency trees for every sentence.
//!
//! It sits between tokenisation (`dyad-text`) and the coder: the [`SyntaxStage`] reads
//! the tokens of each sentence of a [`dyad_model::Doc`] and fills `upos`, `xpos`, `head`
//! and `deprel`, which the coder reads through the helpers in [`tree`] to find who did
//! what to whom. The tagger is a greedy averaged perceptron; the parser is an arc-hybrid
//! transition system with a linear model over hashed feature templates, trained with a
//! dynamic oracle. Both are trained from CoNLL-U treebanks by [`train`] and scored by
//! [`evaluate`]; the English model trained on UD EWT and GUM is embedded in the crate.
//!
//! ```
//! use dyad_model::Token;
//! use dyad_syntax::SyntaxModel;
//!
//! let model = SyntaxModel::load_default().unwrap();
//! let mut tokens: Vec<Token> = ["Rebels", "attacked", "the", "convoy", "."]
//!     .iter()
//!     .map(|word| Token { text: word.to_string(), ..Token::default() })
//!     .collect();
//! model.annotate(&mut tokens);
//! assert_eq!(tokens[1].head, None, "the verb is the root");
//! assert_eq!(tokens[0].deprel, "nsubj");
//! assert_eq!(tokens[0].head, Some(1));
//! ```

#![warn(missing_docs)]

mod binary;
mod clusters;
pub mod conllu;
pub mod entities;
mod eval;
mod hash;
mod parser;
mod perceptron;
mod repair;
mod stage;
mod tagger;
mod train;
pub mod tree;
mod units;

use std::io::{Read, Write};
use std::ops::Range;
use std::path::{Path, PathBuf};

use dyad_model::{Token, Upos};

pub use clusters::{ClusterConfig, WordClusters};
pub use conllu::{read_conllu, read_conllu_files, ConlluSentence, ConlluWord};
pub use entities::{EntityKind, EntityScores, EntitySpan};
pub use eval::{evaluate, evaluate_entities, EvalReport};
pub use stage::SyntaxStage;
pub use train::{
    train, train_with_progress, EpochScore, TrainConfig, TrainPhase, TrainProgress, TrainReport,
};

use binary::{BinaryReader, BinaryWriter};
use entities::EntityTyper;
use parser::{Parser, ParserInput, ParserScratch};
use tagger::{parser_tag, parser_word_hashes, Tagger, TaggerScratch};

/// The model trained on UD English EWT and GUM (see the crate README for the command).
const DEFAULT_MODEL: &[u8] = include_bytes!("../model/en_ewt_gum.dyadsyn");

/// Marks a Dyad syntax model file; the number is the format version.
const MAGIC: &[u8; 8] = b"DYADSYN1";

/// Errors of the syntax crate.
#[derive(Debug, thiserror::Error)]
pub enum SyntaxError {
    /// A file could not be read.
    #[error("cannot read {path}")]
    Read {
        /// The file.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// A file could not be written.
    #[error("cannot write {path}")]
    Write {
        /// The file.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// A CoNLL-U line is malformed.
    #[error("{path}:{line}: {message}")]
    Conllu {
        /// The file.
        path: PathBuf,
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// A model file is not a valid Dyad syntax model.
    #[error("{source_name}: not a valid syntax model: {message}")]
    ModelFormat {
        /// Where the model came from (a path, or `embedded`).
        source_name: String,
        /// What is wrong.
        message: String,
    },
    /// Training was asked to learn from nothing.
    #[error("no training sentences in {files:?}")]
    NoTrainingData {
        /// The training files given.
        files: Vec<PathBuf>,
    },
}

/// A trained tagger and parser.
#[derive(Debug, Clone, PartialEq)]
pub struct SyntaxModel {
    tagger: Tagger,
    parser: Parser,
    /// How the model was trained, for `dyad` to show.
    description: String,
    /// Per tagger class: hash of its XPOS (what the parser sees) and its UPOS.
    class_tag_hashes: Vec<u64>,
    class_upos: Vec<Upos>,
    /// Per tagger class: whether it is a noun's (NOUN or PROPN), for words held to be
    /// nouns.
    class_nominal: Vec<bool>,
    /// Per tagger class: whether it is a verb's, and whether a verb's or an auxiliary's.
    class_verb: Vec<bool>,
    class_predicate: Vec<bool>,
    class_auxiliary: Vec<bool>,
    /// Types proper-noun runs as named entities; absent in models trained without
    /// `Entity=` annotations.
    entity_typer: Option<EntityTyper>,
}

/// A reusable annotator: the same as [`SyntaxModel::annotate`] but keeps its buffers
/// between sentences, which matters when parsing millions of them.
#[derive(Debug)]
pub struct Annotator<'m> {
    model: &'m SyntaxModel,
    buffers: Buffers,
}

#[derive(Debug, Default)]
struct Buffers {
    tagger: TaggerScratch,
    parser: ParserScratch,
    input: ParserInput,
    tags: Vec<u16>,
    chars: Vec<char>,
    /// Per word of a sentence parsed with units: the word it is folded into, if any.
    folded_into: Vec<Option<usize>>,
    /// The words the parser saw, in order.
    kept: Vec<usize>,
    /// Per word: whether its tag is held to a noun's.
    nouns: Vec<bool>,
}

impl SyntaxModel {
    fn from_parts(tagger: Tagger, parser: Parser, description: String) -> SyntaxModel {
        let class_tag_hashes = tagger.classes.iter().map(parser_tag).collect();
        let class_upos: Vec<Upos> =
            tagger.classes.iter().map(|class| Upos::parse(&class.upos).unwrap_or(Upos::X)).collect();
        let class_nominal = class_upos.iter().map(|upos| matches!(upos, Upos::Noun | Upos::Propn)).collect();
        let class_verb = class_upos.iter().map(|upos| *upos == Upos::Verb).collect();
        let class_predicate = class_upos.iter().map(|upos| matches!(upos, Upos::Verb | Upos::Aux)).collect();
        let class_auxiliary = class_upos.iter().map(|upos| *upos == Upos::Aux).collect();
        SyntaxModel {
            tagger,
            parser,
            description,
            class_tag_hashes,
            class_upos,
            class_nominal,
            class_verb,
            class_predicate,
            class_auxiliary,
            entity_typer: None,
        }
    }

    /// The English model embedded in the crate (UD EWT + GUM).
    pub fn load_default() -> Result<SyntaxModel, SyntaxError> {
        SyntaxModel::from_bytes(DEFAULT_MODEL, "embedded")
    }

    /// Loads a model file written by [`SyntaxModel::save`].
    pub fn load(path: &Path) -> Result<SyntaxModel, SyntaxError> {
        let bytes =
            std::fs::read(path).map_err(|source| SyntaxError::Read { path: path.to_path_buf(), source })?;
        SyntaxModel::from_bytes(&bytes, &path.display().to_string())
    }

    /// Writes the model, compressed.
    pub fn save(&self, path: &Path) -> Result<(), SyntaxError> {
        let bytes = self.to_bytes();
        let write_error = |source| SyntaxError::Write { path: path.to_path_buf(), source };
        let mut file = std::fs::File::create(path).map_err(write_error)?;
        file.write_all(&bytes).map_err(write_error)?;
        file.flush().map_err(write_error)
    }

    /// The model as the bytes [`SyntaxModel::save`] writes.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut payload = BinaryWriter::default();
        payload.string(&self.description);
        self.tagger.write(&mut payload);
        self.parser.write(&mut payload);
        payload.varint(self.entity_typer.is_some() as u64);
        if let Some(typer) = &self.entity_typer {
            typer.write(&mut payload);
        }
        // Optional and last, so that models without clusters keep their bytes. The flags
        // say which of the two models use them (bit 0 the tagger, bit 1 the parser).
        if let Some(clusters) = &self.tagger.clusters {
            let flags = 4 | self.tagger.cluster_features as u64 | (self.parser.cluster_features as u64) << 1;
            payload.varint(flags);
            clusters.write(&mut payload);
        }
        let mut out = MAGIC.to_vec();
        let mut encoder = flate2::write::ZlibEncoder::new(&mut out, flate2::Compression::best());
        // Writing into a Vec cannot fail.
        let _ = encoder.write_all(&payload.into_bytes());
        let _ = encoder.finish();
        out
    }

    /// Reads a model from bytes; `source_name` names it in errors.
    pub fn from_bytes(bytes: &[u8], source_name: &str) -> Result<SyntaxModel, SyntaxError> {
        let corrupt = |message: &str| SyntaxError::ModelFormat {
            source_name: source_name.to_string(),
            message: message.to_string(),
        };
        let compressed = bytes.strip_prefix(MAGIC.as_slice()).ok_or_else(|| corrupt("wrong magic bytes"))?;
        let mut payload = Vec::new();
        flate2::read::ZlibDecoder::new(compressed)
            .read_to_end(&mut payload)
            .map_err(|error| corrupt(&format!("cannot decompress: {error}")))?;
        let mut reader = BinaryReader::new(&payload, source_name);
        let description = reader.string()?;
        let tagger = Tagger::read(&mut reader)?;
        let parser = Parser::read(&mut reader)?;
        let mut model = SyntaxModel::from_parts(tagger, parser, description);
        // The entity section is optional so that models trained before it still load.
        if !reader.at_end() && reader.varint()? != 0 {
            model.entity_typer = Some(EntityTyper::read(&mut reader)?);
        }
        if !reader.at_end() {
            let flags = reader.varint()?;
            if flags != 0 {
                model.tagger.clusters = Some(WordClusters::read(&mut reader)?);
                model.tagger.cluster_features = flags & 1 != 0;
                model.parser.cluster_features = flags & 2 != 0;
            }
        }
        Ok(model)
    }

    /// A copy without the weights smaller than `min_abs_weight` (tagger) and
    /// `min_abs_parser_weight` (parser): a smaller, faster model at some cost in accuracy.
    pub fn pruned(&self, min_abs_tagger_weight: f32, min_abs_parser_weight: f32) -> SyntaxModel {
        let mut tagger = self.tagger.clone();
        tagger.model = tagger.model.pruned(min_abs_tagger_weight);
        tagger.second = tagger.second.map(|second| second.pruned(min_abs_tagger_weight));
        let mut parser = self.parser.clone();
        parser.model = parser.model.pruned(min_abs_parser_weight);
        let description =
            format!("{} (pruned below {min_abs_tagger_weight} / {min_abs_parser_weight})", self.description);
        let mut model = SyntaxModel::from_parts(tagger, parser, description);
        model.entity_typer = self.entity_typer.clone();
        model
    }

    /// Trains (or retrains) the named-entity typing model from sentences carrying GUM
    /// `Entity=` annotations; returns whether there were any. [`train`] does this
    /// itself when its training files have such annotations.
    pub fn train_entities(&mut self, sentences: &[ConlluSentence], epochs: usize) -> bool {
        self.entity_typer = entities::train_entity_typer(sentences, epochs);
        self.entity_typer.is_some()
    }

    /// Named-entity spans (person, organisation, place, group) in one sentence's
    /// tokens, which must already be tagged and parsed (by [`SyntaxModel::annotate`]).
    /// Empty when the model has no entity typer.
    pub fn entities(&self, tokens: &[Token]) -> Vec<EntitySpan> {
        let Some(typer) = &self.entity_typer else { return Vec::new() };
        typer.find(&entities::EntityContext::from_tokens(tokens))
    }

    /// The word clusters the model's features use, if it was trained with them.
    pub fn clusters(&self) -> Option<&WordClusters> {
        self.tagger.clusters.as_ref()
    }

    /// How the model was trained.
    pub fn description(&self) -> &str {
        &self.description
    }

    /// Approximate memory held by the loaded model, in bytes.
    pub fn heap_bytes(&self) -> usize {
        self.tagger.model.heap_bytes()
            + self.tagger.second.as_ref().map_or(0, |second| second.heap_bytes())
            + self.parser.model.heap_bytes()
    }

    /// Number of (tagger, parser) features with non-zero weights.
    pub fn n_features(&self) -> (usize, usize) {
        let second = self.tagger.second.as_ref().map_or(0, |second| second.n_features());
        (self.tagger.model.n_features() + second, self.parser.model.n_features())
    }

    /// Number of (tagger, parser) weights.
    pub fn n_weights(&self) -> (usize, usize) {
        let second = self.tagger.second.as_ref().map_or(0, |second| second.n_weights());
        (self.tagger.model.n_weights() + second, self.parser.model.n_weights())
    }

    /// Dependency relations the parser can predict.
    pub fn relations(&self) -> &[String] {
        &self.parser.labels
    }

    /// A reusable annotator for many sentences.
    pub fn annotator(&self) -> Annotator<'_> {
        Annotator { model: self, buffers: Buffers::default() }
    }

    /// Tags and parses one sentence in place from each token's `text`, filling `upos`,
    /// `xpos`, `head` (0-based index within `tokens`, `None` for the root) and `deprel`.
    pub fn annotate(&self, tokens: &mut [Token]) {
        self.annotator().annotate(tokens);
    }
}

/// One word's analysis, as [`Annotator::analyse`] returns it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WordAnalysis<'m> {
    /// Universal POS tag.
    pub upos: Upos,
    /// The UPOS spelling as trained (`"PROPN"`).
    pub upos_str: &'m str,
    /// Penn Treebank tag.
    pub xpos: &'m str,
    /// 0-based head within the sentence, `None` for the root.
    pub head: Option<usize>,
    /// UD relation.
    pub deprel: &'m str,
}

impl<'m> Annotator<'m> {
    /// Tags and parses `words` into the buffers.
    fn run(&mut self, words: &[&str]) {
        let model = self.model;
        let buffers = &mut self.buffers;
        let verbs = Some(tagger::VerbClasses {
            verbs: &model.class_verb,
            predicates: &model.class_predicate,
            auxiliaries: &model.class_auxiliary,
        });
        model.tagger.tag_with_nouns(words, None, verbs, &mut buffers.tagger, &mut buffers.tags);
        buffers.input.clear(model.parser.cluster_features);
        for (i, (word, &tag)) in words.iter().zip(&buffers.tags).enumerate() {
            let (lower, suffix) = parser_word_hashes(word, &mut buffers.chars);
            let cluster = buffers.tagger.cluster(i);
            buffers.input.push(lower, suffix, model.class_tag_hashes[tag as usize], cluster);
        }
        model.parser.parse(&mut buffers.input, &mut buffers.parser);
    }

    /// The analysis of word `i` of the last sentence run.
    fn word(&self, i: usize) -> WordAnalysis<'m> {
        let model = self.model;
        let tag = self.buffers.tags[i] as usize;
        let class = &model.tagger.classes[tag];
        let state = &self.buffers.parser.state;
        let head = state.heads.get(i + 1).copied().unwrap_or(0);
        let label = state.labels.get(i + 1).copied().unwrap_or(0) as usize;
        // The transition system attaches every word; u32::MAX (unattached) cannot
        // happen, but would be read as a root rather than an index.
        let head = if head == 0 || head == u32::MAX { None } else { Some(head as usize - 1) };
        WordAnalysis {
            upos: model.class_upos[tag],
            upos_str: &class.upos,
            xpos: &class.xpos,
            head,
            deprel: model.parser.labels.get(label).map(String::as_str).unwrap_or("dep"),
        }
    }

    /// Tags and parses `words`, calling `each` with every word's analysis in order.
    pub fn analyse(&mut self, words: &[&str], mut each: impl FnMut(usize, WordAnalysis<'m>)) {
        self.run(words);
        for i in 0..words.len() {
            each(i, self.word(i));
        }
    }

    /// Tags and parses one sentence in place, parsing each multi-word span of `names`
    /// (sentence-relative word ranges an earlier stage recognised as one actor) as a
    /// single word. The words folded into a name are attached to its head word inside
    /// it (`compound`, `flat`, `amod`, ...), so every word still has a head.
    ///
    /// The words at `nouns` (the head words of recognised names: "military" in "Myanmar's
    /// military", "Hamas") are tagged with their best noun tag when the tagger would
    /// make them anything else, so that "Myanmar's military detained" has a subject.
    pub fn annotate_with_names(&mut self, tokens: &mut [Token], names: &[Range<usize>], nouns: &[usize]) {
        let model = self.model;
        let buffers = &mut self.buffers;
        let words: Vec<&str> = tokens.iter().map(|token| token.text.as_str()).collect();
        buffers.nouns.clear();
        buffers.nouns.resize(words.len(), false);
        for &i in nouns.iter().filter(|&&i| i < words.len()) {
            buffers.nouns[i] = true;
        }
        let constraint =
            tagger::NounConstraint { words: &buffers.nouns, nominal_classes: &model.class_nominal };
        let verbs = Some(tagger::VerbClasses {
            verbs: &model.class_verb,
            predicates: &model.class_predicate,
            auxiliaries: &model.class_auxiliary,
        });
        model.tagger.tag_with_nouns(&words, Some(constraint), verbs, &mut buffers.tagger, &mut buffers.tags);
        let tags = &buffers.tags;
        let upos = |i: usize| model.class_upos[tags[i] as usize];
        let units = units::units_of(words.len(), names, upos);
        buffers.folded_into.clear();
        buffers.folded_into.resize(words.len(), None);
        for unit in &units {
            for i in unit.words.clone().filter(|&i| i != unit.head) {
                buffers.folded_into[i] = Some(unit.head);
            }
        }
        buffers.kept.clear();
        buffers.input.clear(model.parser.cluster_features);
        for (i, word) in words.iter().enumerate() {
            if buffers.folded_into[i].is_none() {
                let (lower, suffix) = parser_word_hashes(word, &mut buffers.chars);
                let tag = model.class_tag_hashes[buffers.tags[i] as usize];
                buffers.input.push(lower, suffix, tag, buffers.tagger.cluster(i));
                buffers.kept.push(i);
            }
        }
        model.parser.parse(&mut buffers.input, &mut buffers.parser);
        let state = &buffers.parser.state;
        let mut position = 0;
        for (i, token) in tokens.iter_mut().enumerate() {
            let tag = buffers.tags[i] as usize;
            let class = &model.tagger.classes[tag];
            token.upos = model.class_upos[tag];
            token.xpos.clear();
            token.xpos.push_str(&class.xpos);
            token.deprel.clear();
            match buffers.folded_into[i] {
                Some(head) => {
                    token.head = Some(head);
                    let head_upos = model.class_upos[buffers.tags[head] as usize];
                    token.deprel.push_str(units::inner_relation(token.upos, head_upos));
                }
                None => {
                    position += 1;
                    let head = state.heads.get(position).copied().unwrap_or(0);
                    let label = state.labels.get(position).copied().unwrap_or(0) as usize;
                    token.head = match head {
                        0 | u32::MAX => None,
                        head => buffers.kept.get(head as usize - 1).copied(),
                    };
                    token
                        .deprel
                        .push_str(model.parser.labels.get(label).map(String::as_str).unwrap_or("dep"));
                }
            }
        }
        repair::complementiser_that(tokens);
        repair::that_clause_as_object(tokens);
        repair::bare_oblique_object(tokens);
        repair::determiner_as_head(tokens);
        repair::second_object_as_apposition(tokens);
        repair::participle_before_number(tokens);
    }

    /// Tags and parses one sentence in place (see [`SyntaxModel::annotate`]).
    pub fn annotate(&mut self, tokens: &mut [Token]) {
        {
            let words: Vec<&str> = tokens.iter().map(|token| token.text.as_str()).collect();
            self.run(&words);
        }
        for (i, token) in tokens.iter_mut().enumerate() {
            let analysis = self.word(i);
            token.upos = analysis.upos;
            token.xpos.clear();
            token.xpos.push_str(analysis.xpos);
            token.head = analysis.head;
            token.deprel.clear();
            token.deprel.push_str(analysis.deprel);
        }
        repair::complementiser_that(tokens);
        repair::that_clause_as_object(tokens);
        repair::bare_oblique_object(tokens);
        repair::determiner_as_head(tokens);
        repair::second_object_as_apposition(tokens);
        repair::participle_before_number(tokens);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn corrupt_model_bytes_are_an_error_not_a_panic() {
        assert!(SyntaxModel::from_bytes(b"nonsense", "x").is_err());
        let mut bytes = MAGIC.to_vec();
        bytes.extend_from_slice(&[1, 2, 3]);
        assert!(SyntaxModel::from_bytes(&bytes, "x").is_err());
        let model = SyntaxModel::load_default().unwrap();
        let good = model.to_bytes();
        let truncated = &good[..good.len() / 2];
        assert!(SyntaxModel::from_bytes(truncated, "half").is_err());
    }

    #[test]
    fn annotate_handles_empty_and_odd_tokens() {
        let model = SyntaxModel::load_default().unwrap();
        let mut none: Vec<Token> = Vec::new();
        model.annotate(&mut none);
        let mut odd: Vec<Token> = ["", " ", "\u{200b}", "ÆØÅ", "12,5%"]
            .iter()
            .map(|text| Token { text: text.to_string(), ..Token::default() })
            .collect();
        model.annotate(&mut odd);
        assert_eq!(odd.iter().filter(|token| token.head.is_none()).count(), 1);
        assert!(odd.iter().all(|token| !token.xpos.is_empty() && !token.deprel.is_empty()));
    }

    fn tagged(model: &SyntaxModel, words: &[&str]) -> Vec<Token> {
        let mut tokens: Vec<Token> =
            words.iter().map(|text| Token { text: text.to_string(), ..Token::default() }).collect();
        model.annotate(&mut tokens);
        tokens
    }

    #[test]
    fn a_statement_tagged_without_a_verb_gets_one() {
        let model = SyntaxModel::load_default().unwrap();
        // The tagger alone reads "shot" as a noun ("Police shot" as a compound).
        let tokens = tagged(&model, &["Police", "shot", "two", "protesters", "in", "Nairobi", "."]);
        assert_eq!(tokens[1].upos, Upos::Verb);
        assert_eq!(tokens[1].head, None, "the verb heads the sentence");
        assert_eq!(tokens[3].head, Some(1));
        // Only the closed set of auxiliaries are auxiliaries.
        let tokens = tagged(
            &model,
            &["Militants", "shot", "three", "villagers", "and", "abducted", "a", "worker", "."],
        );
        assert_eq!(tokens[1].upos, Upos::Verb);
        // A fragment without a full stop keeps its nouns.
        let fragment = tagged(&model, &["Great", "food", "and", "friendly", "staff"]);
        assert!(fragment.iter().all(|token| token.upos != Upos::Verb));
    }
}
