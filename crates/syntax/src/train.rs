//! Training a tagger and parser from CoNLL-U treebanks.
//!
//! The tagger is trained first; the parser then learns from tags predicted by taggers
//! that did not see the sentence (jackknifing), so it learns to live with tagging errors
//! as it will meet them at run time. After each epoch the averaged model is scored on the
//! dev files and the best epoch is kept. Everything is deterministic for a given seed.

use std::collections::HashMap;
use std::path::PathBuf;

use crate::clusters::{cluster_key, ClusterFeatures, WordClusters};
use crate::conllu::{read_conllu_files, ConlluSentence};
use crate::eval::{evaluate, EvalReport};
use crate::hash::SplitMix64;
use crate::parser::{is_projective, ParseExample, Parser, ParserTrainer};
use crate::tagger::{
    parser_tag, parser_word_hashes, TagClass, TaggedSentence, Tagger, TaggerScratch, TaggerTrainer,
};
use crate::{SyntaxError, SyntaxModel};

/// What to train on and how long. The defaults are those of the shipped model.
#[derive(Debug, Clone, PartialEq)]
pub struct TrainConfig {
    /// CoNLL-U files to learn from.
    pub train_files: Vec<PathBuf>,
    /// CoNLL-U files to pick the best epoch with (may be empty: the last epoch is kept).
    pub dev_files: Vec<PathBuf>,
    /// Passes over the training data for the tagger.
    pub tagger_epochs: usize,
    /// Passes over the training data for the parser.
    pub parser_epochs: usize,
    /// Seed of the shuffling and exploration.
    pub seed: u64,
    /// Folds for jackknifed training tags (0 or 1: tag the training data with the final
    /// tagger instead, which is faster but teaches the parser to trust tags too much).
    pub jackknife_folds: usize,
    /// Whether the tagger makes a second pass that sees the first pass's tags of the
    /// next two words. Measured at +0.02 UPOS on EWT dev for twice the tagging time, so
    /// off by default.
    pub tagger_two_pass: bool,
    /// Averaged tagger weights smaller than this are dropped from the model: most
    /// features only ever got a stray update, and dropping them makes the model smaller
    /// and faster at almost no cost in accuracy (see the README).
    pub tagger_min_weight: f32,
    /// The same for the parser. Both thresholds are absolute: the defaults suit
    /// treebanks of ten thousand sentences and more; on a small treebank set them to 0.
    pub parser_min_weight: f32,
    /// Word clusters (from `dyad train clusters`) for tagger and parser features;
    /// they are saved in the model.
    pub clusters: Option<WordClusters>,
    /// Whether the tagger's features use the clusters.
    pub tagger_clusters: bool,
    /// Whether the parser's features use the clusters.
    pub parser_clusters: bool,
}

impl Default for TrainConfig {
    fn default() -> TrainConfig {
        TrainConfig {
            train_files: Vec::new(),
            dev_files: Vec::new(),
            tagger_epochs: 7,
            parser_epochs: 12,
            seed: 1,
            jackknife_folds: 4,
            tagger_two_pass: false,
            tagger_min_weight: 0.3,
            parser_min_weight: 1.0,
            clusters: None,
            tagger_clusters: true,
            parser_clusters: true,
        }
    }
}

/// Which model is being trained.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TrainPhase {
    /// Taggers for jackknifing the parser's training tags.
    Jackknife,
    /// The tagger.
    Tagger,
    /// The parser.
    Parser,
}

/// Scores after one epoch.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct EpochScore {
    /// Which model.
    pub phase: TrainPhase,
    /// 1-based epoch.
    pub epoch: usize,
    /// Accuracy on the training data during the pass (tags, or correct labelled heads).
    pub train_accuracy: f64,
    /// Dev scores of the averaged model after the epoch, if there are dev files.
    pub dev: Option<EvalReport>,
}

/// A progress report, sent often enough to drive a progress bar.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct TrainProgress {
    /// Which model.
    pub phase: TrainPhase,
    /// 1-based epoch (or fold, for jackknifing).
    pub epoch: usize,
    /// Epochs (or folds) in this phase.
    pub epochs: usize,
    /// Sentences done in this epoch.
    pub sentences_done: usize,
    /// Sentences in one epoch.
    pub sentences_total: usize,
    /// Set once, at the end of each epoch.
    pub finished_epoch: Option<EpochScore>,
}

/// What training did.
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize)]
pub struct TrainReport {
    /// Training sentences read.
    pub train_sentences: usize,
    /// Sentences the parser learnt from (non-projective ones are skipped).
    pub parser_sentences: usize,
    /// Dev sentences read.
    pub dev_sentences: usize,
    /// Every epoch's scores, tagger first.
    pub epochs: Vec<EpochScore>,
    /// The tagger epoch kept (1-based).
    pub best_tagger_epoch: usize,
    /// The parser epoch kept (1-based).
    pub best_parser_epoch: usize,
    /// Dev scores of the returned model.
    pub dev: Option<EvalReport>,
}

/// Trains a model without progress reports.
pub fn train(config: &TrainConfig) -> Result<(SyntaxModel, TrainReport), SyntaxError> {
    train_with_progress(config, &mut |_| {})
}

/// How often (in sentences) progress is reported.
const PROGRESS_EVERY: usize = 256;

fn tag_classes(sentence: &ConlluSentence) -> Vec<TagClass> {
    sentence.words.iter().map(|word| TagClass { xpos: word.xpos.clone(), upos: word.upos.clone() }).collect()
}

/// Trains a tagger for `epochs` epochs over `order` (indices into `sentences`).
#[allow(clippy::too_many_arguments)]
fn train_tagger(
    trainer: &mut TaggerTrainer,
    sentences: &[TaggedSentence],
    order: &[usize],
    epochs: usize,
    rng: &mut SplitMix64,
    phase: TrainPhase,
    fold: Option<(usize, usize)>,
    mut after_epoch: impl FnMut(usize, f64, &mut TaggerTrainer) -> Option<EvalReport>,
    progress: &mut dyn FnMut(TrainProgress),
) -> Vec<EpochScore> {
    let mut order = order.to_vec();
    let mut scores = Vec::new();
    let (shown_epoch, shown_epochs) = fold.unwrap_or((0, epochs));
    for epoch in 1..=epochs {
        rng.shuffle(&mut order);
        let (mut correct, mut total) = (0usize, 0usize);
        for (done, &idx) in order.iter().enumerate() {
            correct += trainer.learn(&sentences[idx]);
            total += sentences[idx].gold.len();
            if done % PROGRESS_EVERY == 0 {
                progress(TrainProgress {
                    phase,
                    epoch: if fold.is_some() { shown_epoch } else { epoch },
                    epochs: shown_epochs,
                    sentences_done: done,
                    sentences_total: order.len(),
                    finished_epoch: None,
                });
            }
        }
        let train_accuracy = correct as f64 / total.max(1) as f64;
        let dev = after_epoch(epoch, train_accuracy, trainer);
        let score = EpochScore { phase, epoch, train_accuracy, dev };
        if fold.is_none() {
            progress(TrainProgress {
                phase,
                epoch,
                epochs,
                sentences_done: order.len(),
                sentences_total: order.len(),
                finished_epoch: Some(score),
            });
        }
        scores.push(score);
    }
    scores
}

/// Trains a model, reporting progress and per-epoch dev scores through `progress`.
pub fn train_with_progress(
    config: &TrainConfig,
    progress: &mut dyn FnMut(TrainProgress),
) -> Result<(SyntaxModel, TrainReport), SyntaxError> {
    let train_sentences = read_conllu_files(&config.train_files)?;
    if train_sentences.is_empty() {
        return Err(SyntaxError::NoTrainingData { files: config.train_files.clone() });
    }
    let dev_sentences = read_conllu_files(&config.dev_files)?;
    let mut report = TrainReport {
        train_sentences: train_sentences.len(),
        dev_sentences: dev_sentences.len(),
        ..TrainReport::default()
    };
    let mut rng = SplitMix64::new(config.seed);

    // Tagger.
    let pairs: Vec<(Vec<&str>, Vec<TagClass>)> =
        train_sentences.iter().map(|sentence| (sentence.forms(), tag_classes(sentence))).collect();
    let (mut tagger_trainer, gold_tags) =
        TaggerTrainer::new(&pairs, config.tagger_two_pass, config.clusters.as_ref(), config.tagger_clusters);
    let tagged: Vec<TaggedSentence> = pairs
        .iter()
        .zip(gold_tags)
        .map(|((words, _), gold)| TaggedSentence { words: words.clone(), gold })
        .collect();
    let all: Vec<usize> = (0..tagged.len()).collect();
    let placeholder_parser = ParserTrainer::new(vec!["root".to_string()], 0, false).finish(0.0);
    let mut best_tagger: Option<(f64, Tagger)> = None;
    let epochs = config.tagger_epochs.max(1);
    let tagger_scores = train_tagger(
        &mut tagger_trainer,
        &tagged,
        &all,
        epochs,
        &mut rng,
        TrainPhase::Tagger,
        None,
        |epoch, _, trainer| {
            let tagger = trainer.finish(config.tagger_min_weight);
            let dev = (!dev_sentences.is_empty()).then(|| {
                let model =
                    SyntaxModel::from_parts(tagger.clone(), placeholder_parser.clone(), String::new());
                let mut dev = evaluate(&model, &dev_sentences);
                // A placeholder parser scored the trees: they mean nothing yet.
                dev.uas = 0.0;
                dev.las = 0.0;
                dev
            });
            let key = dev.map(|dev| dev.upos + dev.xpos).unwrap_or(epoch as f64);
            if best_tagger.as_ref().is_none_or(|(best, _)| key > *best) {
                best_tagger = Some((key, tagger));
                report.best_tagger_epoch = epoch;
            }
            dev
        },
        progress,
    );
    report.epochs.extend(tagger_scores);
    let tagger = match best_tagger {
        Some((_, tagger)) => tagger,
        None => tagger_trainer.finish(config.tagger_min_weight),
    };
    drop(tagger_trainer);

    // Training tags for the parser.
    let predicted_tags = if config.jackknife_folds >= 2 {
        jackknife(&pairs, &tagged, config, epochs.min(report.best_tagger_epoch.max(1)), &mut rng, progress)
    } else {
        let mut scratch = TaggerScratch::default();
        tagged
            .iter()
            .map(|sentence| {
                let mut tags = Vec::new();
                tagger.tag(&sentence.words, &mut scratch, &mut tags);
                tags.iter().map(|&tag| parser_tag(&tagger.classes[tag as usize])).collect()
            })
            .collect::<Vec<Vec<u64>>>()
    };

    // Parser.
    let mut label_ids: HashMap<String, u16> = HashMap::new();
    let mut labels: Vec<String> = vec!["root".to_string()];
    label_ids.insert("root".to_string(), 0);
    let parser_clusters = config.clusters.is_some() && config.parser_clusters;
    let mut examples = Vec::new();
    let mut chars = Vec::new();
    for (sentence, tags) in train_sentences.iter().zip(&predicted_tags) {
        let mut heads = vec![0usize];
        heads.extend(sentence.words.iter().map(|word| word.head));
        if !is_projective(&heads) || heads.iter().skip(1).filter(|&&head| head == 0).count() != 1 {
            continue;
        }
        let mut example_labels = vec![0u16];
        for word in &sentence.words {
            // The root relation is fixed by the transition system; any other label on a
            // root word would be unlearnable.
            let label = if word.head == 0 { "root" } else { word.deprel.as_str() };
            let id = *label_ids.entry(label.to_string()).or_insert_with(|| {
                labels.push(label.to_string());
                (labels.len() - 1) as u16
            });
            example_labels.push(id);
        }
        let (words, suffixes) =
            sentence.words.iter().map(|word| parser_word_hashes(&word.form, &mut chars)).unzip();
        let clusters: Vec<ClusterFeatures> = match config.clusters.as_ref().filter(|_| parser_clusters) {
            Some(clusters) => sentence
                .words
                .iter()
                .map(|word| clusters.features(cluster_key(&word.form, &mut chars)))
                .collect(),
            None => Vec::new(),
        };
        examples.push(ParseExample {
            words,
            suffixes,
            tags: tags.clone(),
            clusters,
            heads,
            labels: example_labels,
        });
    }
    report.parser_sentences = examples.len();
    let mut parser_trainer = ParserTrainer::new(labels, 0, parser_clusters);
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut best_parser: Option<(f64, Parser, Option<EvalReport>)> = None;
    let parser_epochs = config.parser_epochs;
    for epoch in 1..=parser_epochs {
        rng.shuffle(&mut order);
        // The first epoch follows the oracle; later ones explore the model's own
        // mistakes, which is what the dynamic oracle is for.
        let explore = if epoch == 1 { 0.0 } else { 0.9 };
        let (mut correct, mut total) = (0usize, 0usize);
        for (done, &idx) in order.iter().enumerate() {
            correct += parser_trainer.learn(&examples[idx], explore, &mut rng);
            total += examples[idx].words.len();
            if done % PROGRESS_EVERY == 0 {
                progress(TrainProgress {
                    phase: TrainPhase::Parser,
                    epoch,
                    epochs: parser_epochs,
                    sentences_done: done,
                    sentences_total: order.len(),
                    finished_epoch: None,
                });
            }
        }
        let parser = parser_trainer.finish(config.parser_min_weight);
        let dev = (!dev_sentences.is_empty()).then(|| {
            let model = SyntaxModel::from_parts(tagger.clone(), parser.clone(), String::new());
            evaluate(&model, &dev_sentences)
        });
        let key = dev.map(|dev| dev.las + dev.uas).unwrap_or(epoch as f64);
        if best_parser.as_ref().is_none_or(|(best, _, _)| key > *best) {
            best_parser = Some((key, parser, dev));
            report.best_parser_epoch = epoch;
        }
        let score = EpochScore {
            phase: TrainPhase::Parser,
            epoch,
            train_accuracy: correct as f64 / total.max(1) as f64,
            dev,
        };
        report.epochs.push(score);
        progress(TrainProgress {
            phase: TrainPhase::Parser,
            epoch,
            epochs: parser_epochs,
            sentences_done: order.len(),
            sentences_total: order.len(),
            finished_epoch: Some(score),
        });
    }
    let (parser, dev) = match best_parser {
        Some((_, parser, dev)) => (parser, dev),
        None => (parser_trainer.finish(config.parser_min_weight), None),
    };
    report.dev = dev;
    let description = format!(
        "dyad-syntax {}: trained on {} ({} sentences); tagger epoch {}/{}, parser epoch {}/{}, seed {}, jackknife {}{}",
        env!("CARGO_PKG_VERSION"),
        config
            .train_files
            .iter()
            .map(|path| path.file_name().map(|name| name.to_string_lossy().into_owned()).unwrap_or_default())
            .collect::<Vec<_>>()
            .join(" + "),
        report.train_sentences,
        report.best_tagger_epoch,
        config.tagger_epochs,
        report.best_parser_epoch,
        config.parser_epochs,
        config.seed,
        config.jackknife_folds,
        match &config.clusters {
            Some(clusters) => format!(", {} clustered words", clusters.len()),
            None => String::new(),
        },
    );
    let mut model = SyntaxModel::from_parts(tagger, parser, description);
    model.train_entities(&train_sentences, 10);
    Ok((model, report))
}

/// Tags each fold of the training data with a tagger trained on the other folds.
fn jackknife(
    pairs: &[(Vec<&str>, Vec<TagClass>)],
    tagged: &[TaggedSentence],
    config: &TrainConfig,
    epochs: usize,
    rng: &mut SplitMix64,
    progress: &mut dyn FnMut(TrainProgress),
) -> Vec<Vec<u64>> {
    let folds = config.jackknife_folds;
    let mut predicted: Vec<Vec<u64>> = vec![Vec::new(); tagged.len()];
    for fold in 0..folds {
        let in_fold = |idx: usize| idx % folds == fold;
        let train_pairs: Vec<(Vec<&str>, Vec<TagClass>)> = pairs
            .iter()
            .enumerate()
            .filter(|(idx, _)| !in_fold(*idx))
            .map(|(_, pair)| pair.clone())
            .collect();
        let (mut trainer, gold) = TaggerTrainer::new(
            &train_pairs,
            config.tagger_two_pass,
            config.clusters.as_ref(),
            config.tagger_clusters,
        );
        let fold_sentences: Vec<TaggedSentence> = train_pairs
            .iter()
            .zip(gold)
            .map(|((words, _), gold)| TaggedSentence { words: words.clone(), gold })
            .collect();
        let order: Vec<usize> = (0..fold_sentences.len()).collect();
        train_tagger(
            &mut trainer,
            &fold_sentences,
            &order,
            epochs,
            rng,
            TrainPhase::Jackknife,
            Some((fold + 1, folds)),
            |_, _, _| None,
            progress,
        );
        let tagger = trainer.finish(config.tagger_min_weight);
        let mut scratch = TaggerScratch::default();
        let mut tags = Vec::new();
        for (idx, sentence) in tagged.iter().enumerate().filter(|(idx, _)| in_fold(*idx)) {
            tagger.tag(&sentence.words, &mut scratch, &mut tags);
            predicted[idx] = tags.iter().map(|&tag| parser_tag(&tagger.classes[tag as usize])).collect();
        }
    }
    predicted
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A tiny treebank: a few patterns repeated, enough for the models to memorise.
    const TINY: &str = "\
1\tRebels\trebel\tNOUN\tNNS\t_\t2\tnsubj\t_\t_
2\tattacked\tattack\tVERB\tVBD\t_\t0\troot\t_\t_
3\tthe\tthe\tDET\tDT\t_\t4\tdet\t_\t_
4\tconvoy\tconvoy\tNOUN\tNN\t_\t2\tobj\t_\t_
5\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_

1\tPolice\tpolice\tNOUN\tNNS\t_\t2\tnsubj\t_\t_
2\tarrested\tarrest\tVERB\tVBD\t_\t0\troot\t_\t_
3\ttwo\ttwo\tNUM\tCD\t_\t4\tnummod\t_\t_
4\tmen\tman\tNOUN\tNNS\t_\t2\tobj\t_\t_
5\tin\tin\tADP\tIN\t_\t6\tcase\t_\t_
6\tBaghdad\tBaghdad\tPROPN\tNNP\t_\t2\tobl\t_\t_
7\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_

1\tThe\tthe\tDET\tDT\t_\t2\tdet\t_\t_
2\tbase\tbase\tNOUN\tNN\t_\t4\tnsubj:pass\t_\t_
3\twas\tbe\tAUX\tVBD\t_\t4\taux:pass\t_\t_
4\tshelled\tshell\tVERB\tVBN\t_\t0\troot\t_\t_
5\t.\t.\tPUNCT\t.\t_\t4\tpunct\t_\t_

";

    fn write_tiny(name: &str) -> PathBuf {
        let path = std::env::temp_dir().join(format!("dyad-syntax-{}-{name}.conllu", std::process::id()));
        std::fs::write(&path, TINY).unwrap();
        path
    }

    fn tiny_config(name: &str) -> TrainConfig {
        let path = write_tiny(name);
        TrainConfig {
            train_files: vec![path.clone()],
            dev_files: vec![path],
            tagger_epochs: 10,
            parser_epochs: 15,
            seed: 3,
            jackknife_folds: 0,
            tagger_two_pass: false,
            tagger_min_weight: 0.0,
            parser_min_weight: 0.0,
            clusters: None,
            tagger_clusters: true,
            parser_clusters: true,
        }
    }

    #[test]
    fn tagger_and_parser_learn_a_tiny_treebank() {
        let config = tiny_config("learn");
        let mut epochs_seen = 0;
        let (model, report) = train_with_progress(&config, &mut |progress| {
            epochs_seen += progress.finished_epoch.is_some() as usize;
        })
        .unwrap();
        assert_eq!(epochs_seen, 25);
        assert_eq!(report.train_sentences, 3);
        let dev = report.dev.unwrap();
        assert_eq!(dev.upos, 1.0);
        assert_eq!(dev.xpos, 1.0);
        assert_eq!(dev.las, 1.0);
        let sentences = read_conllu_files(&config.train_files).unwrap();
        let scores = evaluate(&model, &sentences);
        assert_eq!((scores.uas, scores.las), (1.0, 1.0));
        std::fs::remove_file(&config.train_files[0]).ok();
    }

    #[test]
    fn training_is_deterministic_and_models_round_trip() {
        let config = tiny_config("determinism");
        let (first, _) = train(&config).unwrap();
        let (second, _) = train(&config).unwrap();
        assert_eq!(first.to_bytes(), second.to_bytes());
        let path = std::env::temp_dir().join(format!("dyad-syntax-{}-model.dyadsyn", std::process::id()));
        first.save(&path).unwrap();
        let loaded = SyntaxModel::load(&path).unwrap();
        assert_eq!(loaded.to_bytes(), first.to_bytes());
        let sentences = read_conllu_files(&config.train_files).unwrap();
        assert_eq!(evaluate(&loaded, &sentences).las, 1.0);
        std::fs::remove_file(&path).ok();
        std::fs::remove_file(&config.train_files[0]).ok();
    }

    #[test]
    fn training_with_clusters_learns_and_the_clusters_round_trip() {
        let mut config = tiny_config("clusters");
        let sentences = read_conllu_files(&config.train_files).unwrap();
        let forms: Vec<Vec<&str>> = sentences.iter().map(|sentence| sentence.forms()).collect();
        let clusters = WordClusters::learn(&forms, &crate::ClusterConfig { n_clusters: 4, min_count: 1 });
        config.clusters = Some(clusters.clone());
        for (tagger_clusters, parser_clusters) in [(true, true), (false, true)] {
            config.tagger_clusters = tagger_clusters;
            config.parser_clusters = parser_clusters;
            let (model, _) = train(&config).unwrap();
            assert_eq!(model.clusters().map(WordClusters::len), Some(clusters.len()));
            let scores = evaluate(&model, &sentences);
            assert_eq!((scores.upos, scores.las), (1.0, 1.0));
            let loaded = SyntaxModel::from_bytes(&model.to_bytes(), "test").unwrap();
            assert_eq!(loaded.to_bytes(), model.to_bytes());
            assert_eq!(evaluate(&loaded, &sentences).las, 1.0);
        }
        std::fs::remove_file(&config.train_files[0]).ok();
    }

    #[test]
    fn jackknifed_training_still_learns_the_tiny_treebank() {
        let mut config = tiny_config("jackknife");
        config.jackknife_folds = 3;
        let mut folds_seen = std::collections::BTreeSet::new();
        let (model, report) = train_with_progress(&config, &mut |progress| {
            if progress.phase == TrainPhase::Jackknife {
                folds_seen.insert(progress.epoch);
            }
        })
        .unwrap();
        assert_eq!(folds_seen.into_iter().collect::<Vec<_>>(), vec![1, 2, 3]);
        assert_eq!(report.parser_sentences, 3);
        let sentences = read_conllu_files(&config.train_files).unwrap();
        let scores = evaluate(&model, &sentences);
        assert_eq!(scores.upos, 1.0);
        assert!(scores.uas > 0.8, "{scores:?}");
        std::fs::remove_file(&config.train_files[0]).ok();
    }

    #[test]
    fn training_without_sentences_is_an_error() {
        let path = std::env::temp_dir().join(format!("dyad-syntax-{}-empty.conllu", std::process::id()));
        std::fs::write(&path, "\n\n").unwrap();
        let config = TrainConfig { train_files: vec![path.clone()], ..TrainConfig::default() };
        assert!(matches!(train(&config), Err(SyntaxError::NoTrainingData { .. })));
        std::fs::remove_file(&path).ok();
    }
}
