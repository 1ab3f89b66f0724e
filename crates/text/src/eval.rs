//! Measurements against UD treebanks: sentence segmentation, tokenisation and lemmas.
//!
//! Each treebank document (`# newdoc`) is rebuilt from its sentences' `# text` lines,
//! joined by a space within a paragraph and by a blank line across paragraphs
//! (`# newpar`), then segmented; predicted sentences are compared with the gold ones by
//! exact span, as in the CoNLL 2018 shared task's "Sentences" score.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use dyad_model::{Doc, Document, Layer, Span, Stage, Upos};

use crate::lemma::lemmatize;
use crate::segment::SegmentStage;

/// Why a treebank could not be evaluated.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    /// The file could not be read.
    #[error("cannot read {path}")]
    Read {
        /// The treebank path.
        path: PathBuf,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
}

/// Sentence-boundary and token scores on one treebank.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SegmentationReport {
    /// Predicted sentences that match a gold sentence exactly, over predicted.
    pub precision: f64,
    /// Gold sentences predicted exactly, over gold.
    pub recall: f64,
    /// Harmonic mean of precision and recall.
    pub f1: f64,
    /// Gold sentences.
    pub sentences: usize,
    /// Predicted sentences.
    pub predicted: usize,
    /// Token F1 against the gold word forms (exact span match), over the sentences
    /// whose words could be aligned to the text.
    pub token_f1: f64,
    /// Gold words aligned and compared.
    pub tokens: usize,
    /// Up to 200 predicted sentences that match no gold sentence, for inspection.
    pub wrong_sentences: Vec<String>,
    /// Up to 200 predicted tokens that match no gold word, with their context.
    pub wrong_tokens: Vec<String>,
}

/// Lemma accuracy on one treebank, with gold UPOS and XPOS.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LemmaReport {
    /// Correct VERB lemmas over VERB tokens.
    pub verb_accuracy: f64,
    /// VERB tokens.
    pub verbs: usize,
    /// Correct NOUN lemmas over NOUN tokens.
    pub noun_accuracy: f64,
    /// NOUN tokens.
    pub nouns: usize,
    /// The most frequent errors: `(form, gold, predicted, count)`.
    pub top_errors: Vec<(String, String, String, usize)>,
}

/// One gold sentence: its text and word forms (multiword-token parts, not the
/// surface token).
struct GoldSentence {
    text: String,
    new_paragraph: bool,
    words: Vec<String>,
}

/// One `# newdoc` document.
struct GoldDocument {
    id: String,
    sentences: Vec<GoldSentence>,
}

/// Word lines of a treebank: `(form, lemma, upos, xpos)`.
type WordRow = (String, String, String, String);

fn read_treebank(path: &Path) -> Result<(Vec<GoldDocument>, Vec<WordRow>), EvalError> {
    let content = std::fs::read_to_string(path)
        .map_err(|source| EvalError::Read { path: path.to_path_buf(), source })?;
    let mut documents: Vec<GoldDocument> = Vec::new();
    let mut rows = Vec::new();
    let mut pending_par = false;
    for line in content.lines() {
        if let Some(id) = line.strip_prefix("# newdoc") {
            let id = id.trim_start_matches([' ', '=', '\t']).trim().trim_start_matches("id = ").to_string();
            documents.push(GoldDocument { id, sentences: Vec::new() });
            pending_par = false;
        } else if line.starts_with("# newpar") {
            pending_par = true;
        } else if let Some(text) = line.strip_prefix("# text = ") {
            if documents.is_empty() {
                documents.push(GoldDocument { id: String::new(), sentences: Vec::new() });
            }
            let document = documents.last_mut().expect("pushed above");
            document.sentences.push(GoldSentence {
                text: text.trim().to_string(),
                new_paragraph: pending_par,
                words: Vec::new(),
            });
            pending_par = false;
        } else if !line.starts_with('#') && !line.is_empty() {
            let fields: Vec<&str> = line.split('\t').collect();
            if fields.len() < 5 || fields[0].contains('-') || fields[0].contains('.') {
                continue;
            }
            if let Some(sentence) = documents.last_mut().and_then(|d| d.sentences.last_mut()) {
                sentence.words.push(fields[1].to_string());
            }
            rows.push((
                fields[1].to_string(),
                fields[2].to_string(),
                fields[3].to_string(),
                fields[4].to_string(),
            ));
        }
    }
    Ok((documents, rows))
}

/// Segments each document of a CoNLL-U treebank rebuilt from its `# text` lines and
/// scores the sentences against the gold split; `doc_filter` keeps documents whose id
/// contains it (`"GUM_news_"`), or all when empty.
pub fn evaluate_segmentation(conllu_path: &Path, doc_filter: &str) -> Result<SegmentationReport, EvalError> {
    let (documents, _) = read_treebank(conllu_path)?;
    let stage = SegmentStage::default();
    let (mut gold_total, mut predicted_total, mut matched) = (0usize, 0usize, 0usize);
    let (mut gold_tokens, mut predicted_tokens, mut matched_tokens) = (0usize, 0usize, 0usize);
    let mut wrong_sentences = Vec::new();
    let mut wrong_tokens = Vec::new();
    for gold in documents.iter().filter(|d| doc_filter.is_empty() || d.id.contains(doc_filter)) {
        let mut text = String::new();
        let mut gold_spans = HashSet::new();
        let mut gold_token_spans = HashSet::new();
        let mut aligned_ranges: Vec<Span> = Vec::new();
        for (idx, sentence) in gold.sentences.iter().enumerate() {
            if idx > 0 {
                text.push_str(if sentence.new_paragraph { "\n\n" } else { " " });
            }
            let start = text.len();
            text.push_str(&sentence.text);
            gold_spans.insert(Span::new(start, text.len()));
            // Align the gold words to the text; sentences whose words differ from the
            // surface (typo corrections) are left out of the token score.
            let mut pos = start;
            let mut spans = Vec::with_capacity(sentence.words.len());
            let mut aligned = true;
            for word in &sentence.words {
                while text[pos..].starts_with(char::is_whitespace) {
                    pos += text[pos..].chars().next().map_or(1, char::len_utf8);
                }
                if text[pos..].starts_with(word.as_str()) {
                    spans.push(Span::new(pos, pos + word.len()));
                    pos += word.len();
                } else {
                    aligned = false;
                    break;
                }
            }
            if aligned {
                gold_token_spans.extend(spans);
                aligned_ranges.push(Span::new(start, text.len()));
            }
        }
        let mut doc = Doc::new(Document::new(gold.id.clone(), text));
        doc.layers.push(Layer::Clean);
        stage.run(&mut doc, &mut Vec::new());
        gold_total += gold_spans.len();
        predicted_total += doc.sentences.len();
        for sentence in &doc.sentences {
            if gold_spans.contains(&sentence.span) {
                matched += 1;
            } else if wrong_sentences.len() < 200 {
                wrong_sentences.push(doc.text_of(sentence.span).to_string());
            }
        }
        let in_aligned = |span: Span| {
            let idx = aligned_ranges.partition_point(|range| range.end < span.end);
            aligned_ranges.get(idx).is_some_and(|range| range.start <= span.start && span.end <= range.end)
        };
        for token in doc.tokens.iter().filter(|t| in_aligned(t.span)) {
            predicted_tokens += 1;
            if gold_token_spans.contains(&token.span) {
                matched_tokens += 1;
            } else if wrong_tokens.len() < 200 {
                let text = &doc.document.text;
                let mut from = token.span.start.saturating_sub(20);
                while !text.is_char_boundary(from) {
                    from -= 1;
                }
                let mut to = (token.span.end + 20).min(text.len());
                while !text.is_char_boundary(to) {
                    to += 1;
                }
                wrong_tokens.push(format!("{:?} in {:?}", token.text, &text[from..to]));
            }
        }
        gold_tokens += gold_token_spans.len();
    }
    let (precision, recall, f1) = prf(matched, predicted_total, gold_total);
    let (_, _, token_f1) = prf(matched_tokens, predicted_tokens, gold_tokens);
    Ok(SegmentationReport {
        precision,
        recall,
        f1,
        sentences: gold_total,
        predicted: predicted_total,
        token_f1,
        tokens: gold_tokens,
        wrong_sentences,
        wrong_tokens,
    })
}

fn prf(matched: usize, predicted: usize, gold: usize) -> (f64, f64, f64) {
    let precision = if predicted == 0 { 0.0 } else { matched as f64 / predicted as f64 };
    let recall = if gold == 0 { 0.0 } else { matched as f64 / gold as f64 };
    let f1 = if precision + recall == 0.0 { 0.0 } else { 2.0 * precision * recall / (precision + recall) };
    (precision, recall, f1)
}

/// Lemma accuracy for VERB and NOUN words of a CoNLL-U treebank, using its gold tags.
pub fn evaluate_lemmas(conllu_path: &Path) -> Result<LemmaReport, EvalError> {
    let (_, rows) = read_treebank(conllu_path)?;
    let mut report = LemmaReport::default();
    let (mut verbs_right, mut nouns_right) = (0usize, 0usize);
    let mut errors: std::collections::HashMap<(String, String, String), usize> = Default::default();
    for (form, gold_lemma, upos, xpos) in rows {
        let Some(upos) = Upos::parse(&upos) else { continue };
        if !matches!(upos, Upos::Verb | Upos::Noun) {
            continue;
        }
        let predicted = lemmatize(&form, upos, &xpos);
        let right = predicted == gold_lemma;
        match upos {
            Upos::Verb => {
                report.verbs += 1;
                verbs_right += usize::from(right);
            }
            _ => {
                report.nouns += 1;
                nouns_right += usize::from(right);
            }
        }
        if !right {
            *errors.entry((form, gold_lemma, predicted)).or_default() += 1;
        }
    }
    report.verb_accuracy = verbs_right as f64 / report.verbs.max(1) as f64;
    report.noun_accuracy = nouns_right as f64 / report.nouns.max(1) as f64;
    let mut errors: Vec<_> = errors.into_iter().map(|((f, g, p), n)| (f, g, p, n)).collect();
    errors.sort_by(|a, b| b.3.cmp(&a.3).then_with(|| a.0.cmp(&b.0)));
    errors.truncate(40);
    report.top_errors = errors;
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tiny_treebank_is_scored() {
        let dir = std::env::temp_dir().join(format!("dyad-text-eval-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("tiny.conllu");
        let conllu = "# newdoc id = d1\n# newpar\n# text = Gen. Smith met Biden.\n\
            1\tGen.\tGen.\tPROPN\tNNP\t_\t2\tcompound\t_\t_\n2\tSmith\tSmith\tPROPN\tNNP\t_\t3\tnsubj\t_\t_\n\
            3\tmet\tmeet\tVERB\tVBD\t_\t0\troot\t_\tSpaceAfter=No\n4\tBiden\tBiden\tPROPN\tNNP\t_\t3\tobj\t_\tSpaceAfter=No\n\
            5\t.\t.\tPUNCT\t.\t_\t3\tpunct\t_\t_\n\n# text = Troops left.\n\
            1\tTroops\ttroop\tNOUN\tNNS\t_\t2\tnsubj\t_\t_\n2\tleft\tleave\tVERB\tVBD\t_\t0\troot\t_\tSpaceAfter=No\n\
            3\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_\n\n";
        std::fs::write(&path, conllu).unwrap();
        let report = evaluate_segmentation(&path, "").unwrap();
        assert_eq!((report.sentences, report.predicted), (2, 2));
        assert_eq!(report.f1, 1.0);
        assert_eq!(report.token_f1, 1.0);
        let lemmas = evaluate_lemmas(&path).unwrap();
        assert_eq!((lemmas.verbs, lemmas.nouns), (2, 1));
        assert_eq!(lemmas.verb_accuracy, 1.0);
        assert_eq!(lemmas.noun_accuracy, 1.0);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_missing_treebank_is_an_error() {
        let err = evaluate_segmentation(Path::new("/nonexistent/x.conllu"), "").unwrap_err();
        assert!(err.to_string().contains("/nonexistent/x.conllu"));
    }
}
