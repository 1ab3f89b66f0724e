//! The learned model that says which of a sentence's places is where an event
//! happened, or that none is.
//!
//! Each option (every place mention of the sentence, plus "none") is described by
//! named features (`attach::location_features`, `attach::none_features`); its score
//! is the sum of their weights, and the option with the highest score wins. The
//! weights are a conditional logit (softmax over the options) fitted by
//! `dyad train location` on gold event locations; the shipped weights are a small
//! TSV (`model/location.tsv`, `feature<TAB>weight`) compiled into the binary, so the
//! choice can be read and explained feature by feature.
//!
//! Training is full-batch AdaGrad with an L2 penalty, over the options in file order:
//! deterministic, with no seed.

use std::collections::HashMap;
use std::sync::LazyLock;

use thiserror::Error;

/// The shipped weights, trained by the command in the README.
const EMBEDDED_WEIGHTS: &str = include_str!("../model/location.tsv");

static EMBEDDED: LazyLock<LocationModel> = LazyLock::new(|| {
    // A unit test parses the same text, so this cannot fail in a tested build.
    LocationModel::parse(EMBEDDED_WEIGHTS).unwrap_or_default()
});

/// A line of a weights file that is not `feature<TAB>weight`.
#[derive(Debug, Error)]
#[error("location model line {line}: expected `feature<TAB>weight`, found {text:?}")]
pub struct LocationModelError {
    /// 1-based line number.
    pub line: usize,
    /// The line as read.
    pub text: String,
}

/// Feature weights for choosing an event's place.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LocationModel {
    weights: HashMap<String, f64>,
}

/// One event to place: the features of each option and which options are right.
#[derive(Debug, Clone, Default)]
pub struct LocationChoice {
    /// Option 0 is "no place in the sentence"; then the sentence's place mentions.
    pub options: Vec<Vec<String>>,
    /// The options that match the gold (empty: none can, the gold place was not found).
    pub gold: Vec<usize>,
}

/// How to fit the weights.
#[derive(Debug, Clone, Copy)]
pub struct LocationTraining {
    /// Full passes over the data.
    pub iterations: usize,
    /// AdaGrad's step size.
    pub rate: f64,
    /// L2 penalty per weight (on the mean log-loss).
    pub l2: f64,
}

impl Default for LocationTraining {
    fn default() -> Self {
        LocationTraining { iterations: 300, rate: 0.5, l2: 1e-4 }
    }
}

/// The smallest weight kept in a trained model and its file.
const MIN_WEIGHT: f64 = 1e-4;

impl LocationModel {
    /// The weights compiled into the binary.
    pub fn embedded() -> &'static LocationModel {
        &EMBEDDED
    }

    /// Reads `feature<TAB>weight` lines; blank lines and `#` comments are skipped.
    pub fn parse(text: &str) -> Result<LocationModel, LocationModelError> {
        let mut weights = HashMap::new();
        for (idx, line) in text.lines().enumerate() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let bad = || LocationModelError { line: idx + 1, text: line.to_string() };
            let (feature, weight) = line.split_once('\t').ok_or_else(bad)?;
            let weight: f64 = weight.trim().parse().map_err(|_| bad())?;
            if !weight.is_finite() {
                return Err(bad());
            }
            weights.insert(feature.to_string(), weight);
        }
        Ok(LocationModel { weights })
    }

    /// The weights as `feature<TAB>weight` lines, heaviest first, ties by name.
    pub fn to_tsv(&self) -> String {
        let mut rows: Vec<(&String, &f64)> =
            self.weights.iter().filter(|(_, w)| w.abs() >= MIN_WEIGHT).collect();
        rows.sort_by(|a, b| b.1.abs().total_cmp(&a.1.abs()).then_with(|| a.0.cmp(b.0)));
        let mut out = String::from(
            "# Dyad event-location weights: feature<TAB>weight (see crates/timegeo/src/location_model.rs)\n",
        );
        for (feature, weight) in rows {
            out.push_str(&format!("{feature}\t{weight:.4}\n"));
        }
        out
    }

    /// How many features have a weight.
    pub fn len(&self) -> usize {
        self.weights.len()
    }

    /// Whether no feature has a weight.
    pub fn is_empty(&self) -> bool {
        self.weights.is_empty()
    }

    /// The weight of one feature (0 when unknown).
    pub fn weight(&self, feature: &str) -> f64 {
        self.weights.get(feature).copied().unwrap_or(0.0)
    }

    /// The score of an option: the sum of its features' weights.
    pub fn score<S: AsRef<str>>(&self, features: &[S]) -> f64 {
        features.iter().map(|f| self.weight(f.as_ref())).sum()
    }

    /// The index of the best-scoring option (ties to the earlier one).
    pub fn choose(&self, choice: &LocationChoice) -> Option<usize> {
        let mut best: Option<(usize, f64)> = None;
        for (idx, option) in choice.options.iter().enumerate() {
            let score = self.score(option);
            if best.is_none_or(|(_, s)| score > s) {
                best = Some((idx, score));
            }
        }
        best.map(|(idx, _)| idx)
    }

    /// The share of choices whose best option is one of the gold ones (choices with no
    /// reachable gold count as wrong).
    pub fn accuracy(&self, choices: &[LocationChoice]) -> f64 {
        if choices.is_empty() {
            return 0.0;
        }
        let right =
            choices.iter().filter(|c| self.choose(c).is_some_and(|chosen| c.gold.contains(&chosen))).count();
        right as f64 / choices.len() as f64
    }

    /// Fits the weights to the choices whose gold is reachable.
    pub fn train(choices: &[LocationChoice], training: LocationTraining) -> LocationModel {
        // Features as dense ids, so a pass is a few array walks.
        let mut ids: HashMap<&str, usize> = HashMap::new();
        let mut names: Vec<&str> = Vec::new();
        let mut encoded: Vec<(Vec<Vec<usize>>, &[usize])> = Vec::new();
        for choice in choices.iter().filter(|c| !c.gold.is_empty() && c.options.len() > 1) {
            let options = choice
                .options
                .iter()
                .map(|option| {
                    option
                        .iter()
                        .map(|f| {
                            *ids.entry(f.as_str()).or_insert_with(|| {
                                names.push(f.as_str());
                                names.len() - 1
                            })
                        })
                        .collect()
                })
                .collect();
            encoded.push((options, &choice.gold));
        }
        let mut weights = vec![0.0f64; names.len()];
        let mut squared = vec![0.0f64; names.len()];
        let mut gradient = vec![0.0f64; names.len()];
        let scale = 1.0 / encoded.len().max(1) as f64;
        for _ in 0..training.iterations {
            gradient.iter_mut().for_each(|g| *g = 0.0);
            for (options, gold) in &encoded {
                let scores: Vec<f64> = options.iter().map(|o| o.iter().map(|&f| weights[f]).sum()).collect();
                let top = scores.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                let exp: Vec<f64> = scores.iter().map(|s| (s - top).exp()).collect();
                let total: f64 = exp.iter().sum();
                let gold_total: f64 = gold.iter().map(|&g| exp[g]).sum();
                // d(-log P(gold)) / d(score_i) = p_i - [i gold] * p_i / P(gold)
                for (idx, option) in options.iter().enumerate() {
                    let p = exp[idx] / total;
                    let mut coefficient = p;
                    if gold.contains(&idx) {
                        coefficient -= exp[idx] / gold_total;
                    }
                    for &f in option {
                        gradient[f] += coefficient * scale;
                    }
                }
            }
            for f in 0..weights.len() {
                let g = gradient[f] + training.l2 * weights[f];
                squared[f] += g * g;
                weights[f] -= training.rate * g / (squared[f].sqrt() + 1e-8);
            }
        }
        // Weights too small to change a choice are dropped, as the weight file drops
        // them, so a trained model and the same model read back agree on `len`.
        LocationModel {
            weights: names
                .iter()
                .zip(weights)
                .filter(|(_, w)| w.abs() >= MIN_WEIGHT)
                .map(|(name, w)| (name.to_string(), w))
                .collect(),
        }
    }
}

/// Accuracy of `k`-fold cross-validation: each fold (every `k`-th choice) scored by a
/// model trained on the others; all choices count, unreachable gold as wrong.
pub fn cross_validate(choices: &[LocationChoice], folds: usize, training: LocationTraining) -> f64 {
    if choices.is_empty() || folds < 2 {
        return 0.0;
    }
    let mut right = 0usize;
    for fold in 0..folds {
        let train: Vec<LocationChoice> =
            choices.iter().enumerate().filter(|(i, _)| i % folds != fold).map(|(_, c)| c.clone()).collect();
        let model = LocationModel::train(&train, training);
        right += choices
            .iter()
            .enumerate()
            .filter(|(i, _)| i % folds == fold)
            .filter(|(_, c)| model.choose(c).is_some_and(|chosen| c.gold.contains(&chosen)))
            .count();
    }
    right as f64 / choices.len() as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn option(features: &[&str]) -> Vec<String> {
        features.iter().map(|f| f.to_string()).collect()
    }

    #[test]
    fn the_shipped_weights_parse() {
        let model = LocationModel::parse(EMBEDDED_WEIGHTS).expect("model/location.tsv");
        assert!(!model.is_empty());
        assert_eq!(&model, LocationModel::embedded());
    }

    #[test]
    fn bad_lines_are_named() {
        let err = LocationModel::parse("# c\nprev=in\t0.5\nprev=at 0.2\n").unwrap_err();
        assert_eq!(err.line, 3);
        assert!(LocationModel::parse("x\tNaN\n").is_err());
    }

    #[test]
    fn training_learns_which_cue_marks_the_place_and_round_trips() {
        // "in" marks the place, "from" does not; with neither, no place.
        let mut choices = Vec::new();
        for _ in 0..20 {
            choices.push(LocationChoice {
                options: vec![
                    option(&["none"]),
                    option(&["bias", "prev=from"]),
                    option(&["bias", "prev=in"]),
                ],
                gold: vec![2],
            });
            choices.push(LocationChoice {
                options: vec![option(&["none"]), option(&["bias", "prev=from"])],
                gold: vec![0],
            });
        }
        let model = LocationModel::train(&choices, LocationTraining::default());
        assert_eq!(model.accuracy(&choices), 1.0);
        assert!(model.weight("prev=in") > model.weight("prev=from"));
        let read = LocationModel::parse(&model.to_tsv()).unwrap();
        assert_eq!(read.accuracy(&choices), 1.0);
        assert_eq!(cross_validate(&choices, 4, LocationTraining::default()), 1.0);
    }

    #[test]
    fn unreachable_gold_counts_as_wrong_and_is_not_trained_on() {
        let choices =
            vec![LocationChoice { options: vec![option(&["none"]), option(&["bias"])], gold: vec![] }];
        let model = LocationModel::train(&choices, LocationTraining::default());
        assert!(model.is_empty() || model.weight("bias") == 0.0);
        assert_eq!(model.accuracy(&choices), 0.0);
    }
}
