//! Multi-word names parsed as one word.
//!
//! A long title-and-name ("US Secretary of State Antony Blinken", "the Popular
//! Mobilisation Forces") is several words to the parser, and every extra word is a chance
//! to attach something wrongly: the verb's subject becomes "State", or "Forces" hangs off
//! the wrong noun. When the knowledge base has already recognised such a stretch as one
//! actor, the parser sees only the word that heads it, and the other words are attached
//! to that head inside the unit. The tagger still sees every word, so tags keep their
//! context.

use std::ops::Range;

use dyad_model::Upos;

/// A stretch of a sentence parsed as one word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Unit {
    /// The words folded into the unit, head included.
    pub(crate) words: Range<usize>,
    /// The word that stands for the unit in the parse.
    pub(crate) head: usize,
}

/// The unit a recognised name makes, given the words' tags; `None` when fewer than two
/// words would fold.
///
/// English noun phrases end in their head ("the Iraqi prime minister", "President Joe
/// Biden"), so the last word stands for the unit. A preposition or conjunction inside
/// ("Prime Minister of Iraq", "Islamic State of Iraq and the Levant") starts a
/// post-modifier: only the words before it fold and the rest is parsed as usual, unless
/// the stretch after it ends in a name of several proper nouns ("Secretary of State
/// Antony Blinken"), where the title precedes the name that heads it.
pub(crate) fn unit_of(span: Range<usize>, upos: impl Fn(usize) -> Upos) -> Option<Unit> {
    if span.len() < 2 {
        return None;
    }
    let breaks =
        |i: &usize| matches!(upos(*i), Upos::Adp | Upos::Cconj | Upos::Sconj | Upos::Verb | Upos::Aux);
    let last = span.end - 1;
    let unit = match span.clone().find(breaks) {
        None => Unit { words: span, head: last },
        Some(first_break) => {
            let tail = first_break + 1..span.end;
            let no_conjunction = !tail.clone().any(|i| matches!(upos(i), Upos::Cconj | Upos::Sconj));
            let ends_in_name = tail.len() >= 2 && tail.clone().rev().take(2).all(|i| upos(i) == Upos::Propn);
            if no_conjunction && ends_in_name && upos(first_break) == Upos::Adp {
                Unit { words: span, head: last }
            } else {
                Unit { words: span.start..first_break, head: first_break.checked_sub(1)? }
            }
        }
    };
    (unit.words.len() >= 2 && unit.head >= unit.words.start).then_some(unit)
}

/// The relation of a word inside a unit to the unit's head.
pub(crate) fn inner_relation(word: Upos, head: Upos) -> &'static str {
    match word {
        Upos::Det => "det",
        Upos::Adj => "amod",
        Upos::Num => "nummod",
        Upos::Part | Upos::Adp => "case",
        Upos::Punct => "punct",
        Upos::Propn if head == Upos::Propn => "flat",
        _ => "compound",
    }
}

/// The units of a sentence of `n` words from recognised spans: overlapping and
/// out-of-range spans are skipped, earlier spans win.
pub(crate) fn units_of(n: usize, spans: &[Range<usize>], upos: impl Fn(usize) -> Upos) -> Vec<Unit> {
    let mut taken = vec![false; n];
    let mut units = Vec::new();
    for span in spans {
        if span.start >= span.end || span.end > n || taken[span.clone()].iter().any(|&t| t) {
            continue;
        }
        if let Some(unit) = unit_of(span.clone(), &upos) {
            taken[unit.words.clone()].iter_mut().for_each(|t| *t = true);
            units.push(unit);
        }
    }
    units
}

#[cfg(test)]
mod tests {
    use super::*;
    use Upos::*;

    fn unit(tags: &[Upos]) -> Option<Unit> {
        unit_of(0..tags.len(), |i| tags[i])
    }

    #[test]
    fn a_plain_noun_phrase_is_headed_by_its_last_word() {
        // "the Iraqi prime minister", "US President Joe Biden"
        assert_eq!(unit(&[Det, Adj, Adj, Noun]), Some(Unit { words: 0..4, head: 3 }));
        assert_eq!(unit(&[Propn, Propn, Propn, Propn]), Some(Unit { words: 0..4, head: 3 }));
    }

    #[test]
    fn a_post_modifier_is_left_to_the_parser() {
        // "Prime Minister of Iraq": only "Prime Minister" folds.
        assert_eq!(unit(&[Propn, Propn, Adp, Propn]), Some(Unit { words: 0..2, head: 1 }));
        // "Islamic State of Iraq and the Levant"
        assert_eq!(unit(&[Propn, Propn, Adp, Propn, Cconj, Det, Propn]), Some(Unit { words: 0..2, head: 1 }));
        // "Minister of Defence": nothing of two words or more before the preposition
        // but the title itself.
        assert_eq!(unit(&[Propn, Adp, Propn]), None);
    }

    #[test]
    fn a_title_before_a_name_folds_into_the_name() {
        // "Secretary of State Antony Blinken"
        assert_eq!(unit(&[Propn, Adp, Propn, Propn, Propn]), Some(Unit { words: 0..5, head: 4 }));
    }

    #[test]
    fn overlapping_and_bad_spans_are_skipped() {
        let tags = [Propn, Propn, Propn, Verb, Det, Noun];
        let units = units_of(6, &[0..2, 1..3, 4..6, 5..9, 3..3], |i| tags[i]);
        assert_eq!(units, vec![Unit { words: 0..2, head: 1 }, Unit { words: 4..6, head: 5 }]);
    }
}
