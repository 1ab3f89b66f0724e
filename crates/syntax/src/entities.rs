//! Named-entity spans: people, organisations, places and groups that the knowledge
//! base may not know.
//!
//! Candidates are runs of proper nouns (joined by "of", "&" or "de": "Bank of
//! America"), so spans come from the tagger and need no model of their own; an
//! averaged perceptron then types each candidate from its words, its shape, the words
//! around it and its place in the tree ("in X" suggests a place, "X said" a person or
//! organisation), or rejects it. The typing model is trained from the `Entity=`
//! annotations of GUM.

use dyad_model::{Token, Upos};

use crate::binary::{BinaryReader, BinaryWriter};
use crate::conllu::ConlluSentence;
use crate::hash::{feat1, feat2, hash_str};
use crate::perceptron::{AveragedPerceptron, LinearModel};
use crate::SyntaxError;

/// The kind of a named entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EntityKind {
    /// A person ("Mustafa al-Kadhimi").
    Person,
    /// An organisation ("Kataib Hezbollah", "the Pentagon").
    Organization,
    /// A place ("Baghdad", "Ain al-Asad").
    Place,
    /// A group of people named by nationality, religion or affiliation ("Iraqis",
    /// "Shiites").
    Group,
}

impl EntityKind {
    const ALL: [EntityKind; 4] =
        [EntityKind::Person, EntityKind::Organization, EntityKind::Place, EntityKind::Group];

    /// Lowercase name (`"person"`).
    pub fn as_str(&self) -> &'static str {
        match self {
            EntityKind::Person => "person",
            EntityKind::Organization => "organization",
            EntityKind::Place => "place",
            EntityKind::Group => "group",
        }
    }
}

/// A named-entity span within one sentence's tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct EntitySpan {
    /// First token (index within the sentence).
    pub start: usize,
    /// One past the last token.
    pub end: usize,
    /// What it names.
    pub kind: EntityKind,
}

/// Classes of the typing model: the four kinds, then "not an entity".
const N_CLASSES: usize = 5;
const NOT_ENTITY: usize = 4;

/// Words allowed inside a name between proper nouns.
const NAME_LINKS: &[&str] = &["of", "&", "de", "for"];

/// Runs of proper nouns, as token ranges.
pub(crate) fn candidates(upos: &[Upos], words: &[&str]) -> Vec<(usize, usize)> {
    // E-mail addresses and URLs are tagged PROPN but name nobody.
    let is_name = |i: usize| {
        upos[i] == Upos::Propn
            && !words[i].contains('@')
            && !words[i].contains("://")
            && !words[i].starts_with("www.")
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < upos.len() {
        // Sentence-initial capitals say nothing ("Respondents said ...").
        let group_noun = i > 0 && upos[i] == Upos::Noun && is_plural_capitalised(words[i]);
        if !(is_name(i) || group_noun) {
            i += 1;
            continue;
        }
        let start = i;
        let mut end = i + 1;
        loop {
            if end < upos.len() && is_name(end) {
                end += 1;
            } else if end + 1 < upos.len()
                && (NAME_LINKS.contains(&words[end]) || words[end] == "-")
                && is_name(end + 1)
            {
                end += 2;
            } else {
                break;
            }
        }
        out.push((start, end));
        i = end;
    }
    out
}

/// "Iraqis", "Shiites": tagged as common nouns in UD but naming groups.
fn is_plural_capitalised(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase) && word.ends_with('s') && word.len() > 3
}

/// What the typing model sees of a sentence.
pub(crate) struct EntityContext<'a> {
    pub(crate) words: Vec<&'a str>,
    pub(crate) xpos: Vec<&'a str>,
    pub(crate) heads: Vec<Option<usize>>,
    pub(crate) deprels: Vec<&'a str>,
    pub(crate) upos: Vec<Upos>,
}

impl<'a> EntityContext<'a> {
    /// From tagged and parsed tokens.
    pub(crate) fn from_tokens(tokens: &'a [Token]) -> EntityContext<'a> {
        EntityContext {
            words: tokens.iter().map(|t| t.text.as_str()).collect(),
            xpos: tokens.iter().map(|t| t.xpos.as_str()).collect(),
            heads: tokens.iter().map(|t| t.head).collect(),
            deprels: tokens.iter().map(|t| t.deprel.as_str()).collect(),
            upos: tokens.iter().map(|t| t.upos).collect(),
        }
    }

    /// From a gold CoNLL-U sentence.
    fn from_gold(sentence: &'a ConlluSentence) -> EntityContext<'a> {
        EntityContext {
            words: sentence.forms(),
            xpos: sentence.words.iter().map(|w| w.xpos.as_str()).collect(),
            heads: sentence.words.iter().map(|w| w.head.checked_sub(1)).collect(),
            deprels: sentence.words.iter().map(|w| w.deprel.as_str()).collect(),
            upos: sentence.words.iter().map(|w| Upos::parse(&w.upos).unwrap_or(Upos::X)).collect(),
        }
    }
}

fn features(context: &EntityContext, start: usize, end: usize, out: &mut Vec<u64>) {
    out.clear();
    let lower = |i: usize| hash_str(&context.words[i].to_lowercase());
    let none = 0x6e6f6e65u64;
    let word_at = |i: Option<usize>| i.filter(|&i| i < context.words.len()).map(lower).unwrap_or(none);
    out.push(feat1(200, 0));
    for i in start..end {
        out.push(feat1(201, lower(i)));
    }
    let last = end - 1;
    let last_word = context.words[last];
    out.push(feat1(202, lower(last)));
    out.push(feat1(203, lower(start)));
    let suffix: String = last_word.chars().rev().take(3).collect();
    out.push(feat1(204, hash_str(&suffix)));
    out.push(feat1(205, (end - start).min(4) as u64));
    out.push(feat1(206, hash_str(context.xpos[last])));
    out.push(feat1(207, word_at(start.checked_sub(1))));
    out.push(feat2(208, word_at(start.checked_sub(2)), word_at(start.checked_sub(1))));
    out.push(feat1(209, word_at(Some(end))));
    // The span's syntactic head: the token whose head lies outside the span.
    let head = (start..end).find(|&i| context.heads[i].is_none_or(|h| h < start || h >= end)).unwrap_or(last);
    let relation = context.deprels[head];
    out.push(feat1(210, hash_str(relation)));
    let governor = context.heads[head];
    out.push(feat2(211, hash_str(relation), word_at(governor)));
    // The preposition marking the span ("in Baghdad", "at the Pentagon").
    let case =
        (0..start).rev().take(3).find(|&i| context.heads[i] == Some(head) && context.deprels[i] == "case");
    out.push(feat1(212, word_at(case)));
    let all_caps = last_word.chars().all(|c| !c.is_lowercase()) && last_word.len() > 1;
    out.push(feat1(213, all_caps as u64));
    out.push(feat2(214, hash_str(context.xpos[last]), (end - start).min(4) as u64));
}

/// The typing model.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct EntityTyper {
    model: LinearModel,
}

impl EntityTyper {
    pub(crate) fn find(&self, context: &EntityContext) -> Vec<EntitySpan> {
        let mut features_buffer = Vec::new();
        let mut scores = [0.0f32; N_CLASSES];
        candidates(&context.upos, &context.words)
            .into_iter()
            .filter_map(|(start, end)| {
                features(context, start, end, &mut features_buffer);
                self.model.score(&features_buffer, &mut scores);
                let best = argmax(&scores);
                (best != NOT_ENTITY).then(|| EntitySpan { start, end, kind: EntityKind::ALL[best] })
            })
            .collect()
    }

    pub(crate) fn write(&self, out: &mut BinaryWriter) {
        self.model.write(out);
    }

    pub(crate) fn read(input: &mut BinaryReader) -> Result<EntityTyper, SyntaxError> {
        let model = LinearModel::read(input)?;
        if model.n_classes() != N_CLASSES {
            return Err(input.corrupt("entity class count".to_string()));
        }
        Ok(EntityTyper { model })
    }
}

fn argmax(scores: &[f32]) -> usize {
    let mut best = 0;
    for (i, &score) in scores.iter().enumerate() {
        if score > scores[best] {
            best = i;
        }
    }
    best
}

/// Gold entity mentions of a GUM sentence: (start, end, GUM type), from the `Entity=`
/// brackets in MISC. Mentions are nested and may stay open across lines.
pub fn gold_mentions(sentence: &ConlluSentence) -> Vec<(usize, usize, String)> {
    let mut open: Vec<(String, usize, String)> = Vec::new();
    let mut out = Vec::new();
    for (idx, word) in sentence.words.iter().enumerate() {
        let Some(value) = word.misc.split('|').find_map(|field| field.strip_prefix("Entity=")) else {
            continue;
        };
        let bytes = value.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b'(' {
                let rest = &value[i + 1..];
                let stop = rest.find(['(', ')']).unwrap_or(rest.len());
                let body = &rest[..stop];
                let mut parts = body.split('-');
                let id = parts.next().unwrap_or("").to_string();
                let kind = parts.next().unwrap_or("").to_string();
                i += 1 + stop;
                if i < bytes.len() && bytes[i] == b')' {
                    out.push((idx, idx + 1, kind));
                    i += 1;
                } else {
                    open.push((id, idx, kind));
                }
            } else if bytes[i] == b')' {
                i += 1;
            } else {
                let rest = &value[i..];
                let stop = rest.find(')').unwrap_or(rest.len());
                let id = &rest[..stop];
                if let Some(position) = open.iter().rposition(|(open_id, _, _)| open_id == id) {
                    let (_, start, kind) = open.remove(position);
                    out.push((start, idx + 1, kind));
                }
                i += stop + 1;
            }
        }
    }
    out
}

/// The class of a candidate under gold mentions: the type of a mention that equals the
/// candidate, possibly with leading determiners ("the United States").
///
/// For training (`relaxed`), any mention ending with the candidate and covering it
/// counts ("Minister X" inside "Prime Minister X"), which keeps boundary quirks of the
/// tagger from teaching the typer that names are not entities; the smallest wins.
fn gold_class(
    candidate: (usize, usize),
    mentions: &[(usize, usize, String)],
    sentence: &ConlluSentence,
    relaxed: bool,
) -> usize {
    let (start, end) = candidate;
    let mut covering: Vec<&(usize, usize, String)> = mentions
        .iter()
        .filter(|(mention_start, mention_end, _)| *mention_end == end && *mention_start <= start)
        .collect();
    covering.sort_by_key(|(mention_start, _, _)| std::cmp::Reverse(*mention_start));
    for (mention_start, _, kind) in covering {
        let extra_ok = relaxed || (*mention_start..start).all(|i| sentence.words[i].upos == "DET");
        if !extra_ok {
            continue;
        }
        let plural = sentence.words[end - 1].xpos == "NNPS" || sentence.words[end - 1].xpos == "NNS";
        return match kind.as_str() {
            "person" if plural => 3,
            "person" => 0,
            "organization" => 1,
            "place" => 2,
            _ => NOT_ENTITY,
        };
    }
    NOT_ENTITY
}

/// Named-entity spans of a gold sentence (for evaluation): candidates from gold tags
/// whose class under the gold mentions is an entity.
pub fn gold_entity_spans(sentence: &ConlluSentence) -> Vec<EntitySpan> {
    let mentions = gold_mentions(sentence);
    let upos: Vec<Upos> = sentence.words.iter().map(|w| Upos::parse(&w.upos).unwrap_or(Upos::X)).collect();
    let words = sentence.forms();
    candidates(&upos, &words)
        .into_iter()
        .filter_map(|candidate| {
            let class = gold_class(candidate, &mentions, sentence, false);
            (class != NOT_ENTITY).then(|| EntitySpan {
                start: candidate.0,
                end: candidate.1,
                kind: EntityKind::ALL[class],
            })
        })
        .collect()
}

/// Trains the typing model on sentences with `Entity=` annotations, from gold tags and
/// trees. Returns `None` when there are none.
pub(crate) fn train_entity_typer(sentences: &[ConlluSentence], epochs: usize) -> Option<EntityTyper> {
    let mut examples: Vec<(Vec<u64>, usize)> = Vec::new();
    let mut buffer = Vec::new();
    for sentence in sentences {
        if !sentence.words.iter().any(|word| word.misc.contains("Entity=")) {
            continue;
        }
        let mentions = gold_mentions(sentence);
        let context = EntityContext::from_gold(sentence);
        for candidate in candidates(&context.upos, &context.words) {
            features(&context, candidate.0, candidate.1, &mut buffer);
            examples.push((buffer.clone(), gold_class(candidate, &mentions, sentence, true)));
        }
    }
    if examples.is_empty() {
        return None;
    }
    let mut perceptron = AveragedPerceptron::new(N_CLASSES);
    let mut rng = crate::hash::SplitMix64::new(17);
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut scores = [0.0f32; N_CLASSES];
    for _ in 0..epochs {
        rng.shuffle(&mut order);
        for &idx in &order {
            let (features, truth) = &examples[idx];
            perceptron.tick();
            perceptron.score(features, &mut scores);
            let guess = argmax(&scores);
            perceptron.update(features, *truth, guess);
        }
    }
    Some(EntityTyper { model: perceptron.averaged(0.0) })
}

/// Precision, recall and F1 of entity spans (exact span and kind).
#[derive(Debug, Clone, Copy, PartialEq, Default, serde::Serialize)]
pub struct EntityScores {
    /// Correct predicted spans over predicted spans.
    pub precision: f64,
    /// Correct predicted spans over gold spans.
    pub recall: f64,
    /// Harmonic mean.
    pub f1: f64,
    /// Gold spans.
    pub gold: usize,
    /// Predicted spans.
    pub predicted: usize,
}

impl EntityScores {
    pub(crate) fn from_counts(correct: usize, predicted: usize, gold: usize) -> EntityScores {
        let precision = if predicted == 0 { 0.0 } else { correct as f64 / predicted as f64 };
        let recall = if gold == 0 { 0.0 } else { correct as f64 / gold as f64 };
        let f1 =
            if precision + recall == 0.0 { 0.0 } else { 2.0 * precision * recall / (precision + recall) };
        EntityScores { precision, recall, f1, gold, predicted }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conllu::parse_conllu;

    #[test]
    fn gum_brackets_give_nested_mentions() {
        let text = "1\tUniversity\t_\tPROPN\tNNP\t_\t0\troot\t_\tEntity=(8-organization-new-x-cf3-3-sgl\n\
2\tof\t_\tADP\tIN\t_\t3\tcase\t_\t_\n\
3\tPortsmouth\t_\tPROPN\tNNP\t_\t1\tnmod\t_\tEntity=(9-place-new-x-cf4-3-sgl)8)\n\
4\tsaid\t_\tVERB\tVBD\t_\t1\tdep\t_\tEntity=(10-event-new-x-cf5-1-sgl)\n";
        let sentence = &parse_conllu(text, std::path::Path::new("t")).unwrap()[0];
        let mut mentions = gold_mentions(sentence);
        mentions.sort();
        assert_eq!(
            mentions,
            vec![
                (0, 3, "organization".to_string()),
                (2, 3, "place".to_string()),
                (3, 4, "event".to_string())
            ]
        );
        let spans = gold_entity_spans(sentence);
        assert_eq!(spans, vec![EntitySpan { start: 0, end: 3, kind: EntityKind::Organization }]);
    }

    #[test]
    fn candidates_join_names_with_of() {
        let upos = [Upos::Det, Upos::Propn, Upos::Adp, Upos::Propn, Upos::Verb, Upos::Propn];
        let words = ["the", "Bank", "of", "America", "sued", "Iraq"];
        assert_eq!(candidates(&upos, &words), vec![(1, 4), (5, 6)]);
    }
}
