//! Scoring coded events against gold records: precision, recall and F1 of
//! `(source, target, code)` triples, exact-sentence match, and the same at root level
//! (two-digit code, three-letter country part of each actor code).

use serde::Serialize;

/// One `(source, target, code)` triple; a missing actor is the empty string.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Triple {
    /// Source actor code.
    pub source: String,
    /// Target actor code.
    pub target: String,
    /// CAMEO code.
    pub code: String,
}

impl Triple {
    /// A triple from its three parts.
    pub fn new(source: impl Into<String>, target: impl Into<String>, code: impl Into<String>) -> Triple {
        Triple { source: source.into(), target: target.into(), code: code.into() }
    }

    /// Whether the source or the target is unknown (the empty string).
    pub fn has_unknown_actor(&self) -> bool {
        self.source.is_empty() || self.target.is_empty()
    }

    /// The root-level reading: two-digit code, three-letter actor prefixes.
    pub fn root(&self) -> Triple {
        let prefix = |s: &str| s.get(..3).unwrap_or(s).to_string();
        Triple {
            source: prefix(&self.source),
            target: prefix(&self.target),
            code: self.code.get(..2).unwrap_or(&self.code).to_string(),
        }
    }
}

impl std::fmt::Display for Triple {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let or_dash = |s: &str| if s.is_empty() { "-".to_string() } else { s.to_string() };
        write!(f, "{} {} {}", or_dash(&self.source), or_dash(&self.target), self.code)
    }
}

/// Precision, recall, F1 and exact-sentence match.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Scores {
    /// Matched predictions over predictions (1 when nothing was predicted).
    pub precision: f64,
    /// Matched gold triples over gold triples (1 when the gold has none).
    pub recall: f64,
    /// Harmonic mean of precision and recall.
    pub f1: f64,
    /// Share of records whose predicted triples equal the gold ones exactly.
    pub sentence_exact: f64,
}

/// Counts accumulated over records.
#[derive(Debug, Clone, Copy, Default)]
pub struct Tally {
    matched: usize,
    predicted: usize,
    gold: usize,
    exact: usize,
    records: usize,
}

impl Tally {
    /// Adds one record's triples. Triples are matched as multisets, so a sentence
    /// with two identical gold events needs two predictions.
    pub fn add(&mut self, predicted: &[Triple], gold: &[Triple]) {
        let mut remaining: Vec<&Triple> = gold.iter().collect();
        let mut matched = 0;
        for triple in predicted {
            if let Some(i) = remaining.iter().position(|g| *g == triple) {
                remaining.swap_remove(i);
                matched += 1;
            }
        }
        self.matched += matched;
        self.predicted += predicted.len();
        self.gold += gold.len();
        self.records += 1;
        if matched == gold.len() && matched == predicted.len() {
            self.exact += 1;
        }
    }

    /// The scores so far.
    pub fn scores(&self) -> Scores {
        let ratio = |a: usize, b: usize| if b == 0 { 1.0 } else { a as f64 / b as f64 };
        let precision = ratio(self.matched, self.predicted);
        let recall = ratio(self.matched, self.gold);
        let f1 =
            if precision + recall == 0.0 { 0.0 } else { 2.0 * precision * recall / (precision + recall) };
        Scores { precision, recall, f1, sentence_exact: ratio(self.exact, self.records) }
    }

    /// Number of records added.
    pub fn records(&self) -> usize {
        self.records
    }

    /// Predicted, gold and matched triple counts.
    pub fn counts(&self) -> (usize, usize, usize) {
        (self.predicted, self.gold, self.matched)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_count_multiset_matches() {
        let mut tally = Tally::default();
        let gold = [Triple::new("ARN", "GON", "190"), Triple::new("GON", "ARN", "190")];
        tally.add(&[Triple::new("ARN", "GON", "190"), Triple::new("ARN", "GON", "190")], &gold);
        tally.add(&[], &[]);
        let scores = tally.scores();
        assert_eq!(scores.precision, 0.5);
        assert_eq!(scores.recall, 0.5);
        assert_eq!(scores.sentence_exact, 0.5, "the empty record is exact");
    }

    #[test]
    fn root_level_keeps_country_and_two_digits() {
        assert_eq!(Triple::new("IRQGOV", "USAMIL", "0356").root(), Triple::new("IRQ", "USA", "03"));
        assert_eq!(Triple::new("", "US", "19").root(), Triple::new("", "US", "19"));
    }
}
