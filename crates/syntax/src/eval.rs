//! Scoring a model against gold CoNLL-U sentences.

use std::time::Instant;

use dyad_model::Token;

use crate::conllu::ConlluSentence;
use crate::entities::{gold_entity_spans, EntityScores};
use crate::SyntaxModel;

/// Accuracy of a model on gold-tokenised sentences; serialises to the JSON object
/// `dyad eval syntax --json` prints (`upos, xpos, uas, las, sentences, tokens,
/// sentences_per_sec`). Fractions are 0-1 over all words,
/// punctuation included. LAS compares full relations, subtypes included
/// (`obl:tmod` against `obl` is an error).
#[derive(Debug, Clone, Copy, PartialEq, Default, serde::Serialize)]
pub struct EvalReport {
    /// UPOS accuracy.
    pub upos: f64,
    /// XPOS accuracy.
    pub xpos: f64,
    /// Unlabelled attachment score.
    pub uas: f64,
    /// Labelled attachment score.
    pub las: f64,
    /// Sentences scored.
    pub sentences: usize,
    /// Words scored.
    pub tokens: usize,
    /// Tagging and parsing speed on one thread (reading and scoring excluded).
    pub sentences_per_sec: f64,
}

/// Tags and parses every sentence from its gold words and compares with the gold
/// annotation.
pub fn evaluate(model: &SyntaxModel, sentences: &[ConlluSentence]) -> EvalReport {
    let mut annotator = model.annotator();
    let mut counts = [0usize; 4];
    let mut tokens = 0usize;
    let mut elapsed_secs = 0.0f64;
    for sentence in sentences {
        // Scored as the pipeline runs it: tags, tree and the repairs of the tree.
        let mut predicted: Vec<Token> =
            sentence.words.iter().map(|word| Token { text: word.form.clone(), ..Token::default() }).collect();
        tokens += predicted.len();
        let started = Instant::now();
        annotator.annotate(&mut predicted);
        elapsed_secs += started.elapsed().as_secs_f64();
        for (gold, guess) in sentence.words.iter().zip(&predicted) {
            let gold_head = gold.head.checked_sub(1);
            counts[0] += (gold.upos == guess.upos.as_str()) as usize;
            counts[1] += (gold.xpos == guess.xpos) as usize;
            let head_right = gold_head == guess.head;
            counts[2] += head_right as usize;
            counts[3] += (head_right && gold.deprel == guess.deprel) as usize;
        }
    }
    let fraction = |count: usize| if tokens == 0 { 0.0 } else { count as f64 / tokens as f64 };
    EvalReport {
        upos: fraction(counts[0]),
        xpos: fraction(counts[1]),
        uas: fraction(counts[2]),
        las: fraction(counts[3]),
        sentences: sentences.len(),
        tokens,
        sentences_per_sec: if elapsed_secs > 0.0 { sentences.len() as f64 / elapsed_secs } else { 0.0 },
    }
}

/// Named-entity span precision, recall and F1 (exact span and kind) against the GUM
/// `Entity=` annotations, from gold tokens with predicted tags and trees. Gold spans
/// are the person, organisation and place mentions that are runs of proper nouns
/// (plural ones count as groups).
pub fn evaluate_entities(model: &SyntaxModel, sentences: &[ConlluSentence]) -> EntityScores {
    let (mut correct, mut predicted, mut gold) = (0, 0, 0);
    let mut annotator = model.annotator();
    for sentence in sentences {
        let mut tokens: Vec<Token> =
            sentence.words.iter().map(|word| Token { text: word.form.clone(), ..Token::default() }).collect();
        annotator.annotate(&mut tokens);
        let found = model.entities(&tokens);
        let expected = gold_entity_spans(sentence);
        correct += found.iter().filter(|span| expected.contains(span)).count();
        predicted += found.len();
        gold += expected.len();
    }
    EntityScores::from_counts(correct, predicted, gold)
}
