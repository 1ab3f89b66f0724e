//! `dyad train`: learn models from annotated data.

use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::{Args, Subcommand};
use dyad_syntax::{
    evaluate, read_conllu, train_with_progress, ClusterConfig, TrainConfig, TrainPhase, WordClusters,
};
use dyad_timegeo::{cross_validate, event_location_choices, Gazetteer, LocationModel, LocationTraining};
use indicatif::{ProgressBar, ProgressStyle};

#[derive(Args, Debug)]
pub struct TrainArgs {
    #[command(subcommand)]
    what: TrainWhat,
}

#[derive(Subcommand, Debug)]
enum TrainWhat {
    /// Train the POS tagger and dependency parser from CoNLL-U treebanks.
    #[command(long_about = "Train the POS tagger and dependency parser from CoNLL-U treebanks.\n\n\
        Training is deterministic for a given --seed. Dev files pick the best epoch; \
        scores are printed after every epoch.\n\n\
        Example (the shipped model):\n  dyad train syntax --train ../shared/treebanks/en_ewt-train.conllu \\\n    \
        --train ../shared/treebanks/en_gum-train.conllu --dev ../shared/treebanks/en_ewt-dev.conllu \\\n    \
        --out crates/syntax/model/en_ewt_gum.dyadsyn")]
    Syntax(SyntaxTrainArgs),
    /// Learn Brown word clusters from unlabelled text, for `dyad train syntax --clusters`.
    #[command(long_about = "Learn Brown word clusters from unlabelled text.\n\n\
        Words are lowercased and digits folded to 0. Learning is deterministic. The output \
        is a paths file (path<TAB>word<TAB>count) for `dyad train syntax --clusters`.\n\n\
        Example (the clusters of the shipped model):\n  dyad train clusters \
        --conllu ../shared/treebanks/en_ewt-train.conllu \\\n    \
        --conllu ../shared/treebanks/en_gum-train.conllu --out /tmp/clusters.txt")]
    Clusters(ClustersTrainArgs),
    /// Learn the event-location model (which place of a sentence locates its event).
    #[command(long_about = "Learn the event-location model from gold event locations.\n\n\
        Records are JSONL {text, verb, locations} as `dyad eval geo --events` reads them. \
        Each event's options are \"no place\" and the sentence's place mentions as the \
        pipeline finds them; the model is a conditional logit over their features. \
        Training is deterministic. With --folds K the report gives the K-fold \
        cross-validated accuracy of the choice (the honest figure; the accuracy on the \
        training records is optimistic).\n\n\
        Example (the shipped model):\n  dyad train location --events ../shared/news/event_location_dev.jsonl \\\n    \
        --out crates/timegeo/model/location.tsv --folds 5")]
    Location(LocationTrainArgs),
}

#[derive(Args, Debug)]
struct LocationTrainArgs {
    /// Gold event locations (JSONL: text, verb, locations).
    #[arg(long, value_name = "FILE")]
    events: PathBuf,
    /// Where to write the weights (TSV).
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
    /// Folds for cross-validation (0: none).
    #[arg(long, default_value_t = 5)]
    folds: usize,
    /// Full passes of gradient descent.
    #[arg(long, default_value_t = LocationTraining::default().iterations)]
    iterations: usize,
    /// AdaGrad step size.
    #[arg(long, default_value_t = LocationTraining::default().rate)]
    rate: f64,
    /// L2 penalty per weight.
    #[arg(long, default_value_t = LocationTraining::default().l2)]
    l2: f64,
    /// Print one JSON object on the last line (keys cv_accuracy, train_accuracy,
    /// records, reachable, unreadable, features).
    #[arg(long)]
    json: bool,
}

#[derive(Args, Debug)]
struct ClustersTrainArgs {
    /// CoNLL-U files whose word forms are the text (repeat for several).
    #[arg(long, value_name = "FILE")]
    conllu: Vec<PathBuf>,
    /// Plain text (one sentence or paragraph a line) or JSONL with a `text` field, split
    /// into words at spaces and punctuation (repeat for several).
    #[arg(long, value_name = "FILE")]
    text: Vec<PathBuf>,
    /// Leaves of the cluster tree.
    #[arg(long, default_value_t = ClusterConfig::default().n_clusters)]
    clusters: usize,
    /// Words seen fewer times get no cluster.
    #[arg(long, default_value_t = ClusterConfig::default().min_count)]
    min_count: usize,
    /// Where to write the paths file.
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
}

#[derive(Args, Debug)]
struct SyntaxTrainArgs {
    /// Training treebanks (CoNLL-U); repeat for several.
    #[arg(long, value_name = "FILE", required = true)]
    train: Vec<PathBuf>,
    /// Development treebanks that pick the best epoch.
    #[arg(long, value_name = "FILE")]
    dev: Vec<PathBuf>,
    /// Where to write the model.
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
    /// Passes over the data for the tagger.
    #[arg(long, default_value_t = TrainConfig::default().tagger_epochs)]
    tagger_epochs: usize,
    /// Passes over the data for the parser.
    #[arg(long, default_value_t = TrainConfig::default().parser_epochs)]
    parser_epochs: usize,
    /// Seed for shuffling.
    #[arg(long, default_value_t = TrainConfig::default().seed)]
    seed: u64,
    /// Folds for jackknifed training tags (0: none).
    #[arg(long, default_value_t = TrainConfig::default().jackknife_folds)]
    jackknife: usize,
    /// Drop averaged tagger weights smaller than this (smaller, faster model).
    #[arg(long, default_value_t = TrainConfig::default().tagger_min_weight)]
    tagger_min_weight: f32,
    /// Drop averaged parser weights smaller than this.
    #[arg(long, default_value_t = TrainConfig::default().parser_min_weight)]
    parser_min_weight: f32,
    /// Word clusters (a paths file from `dyad train clusters`) for tagger and parser features.
    #[arg(long, value_name = "FILE")]
    clusters: Option<PathBuf>,
    /// With --clusters: keep them out of the tagger's features (the parser still uses them).
    #[arg(long)]
    no_tagger_clusters: bool,
    /// With --clusters: keep them out of the parser's features.
    #[arg(long)]
    no_parser_clusters: bool,
}

pub fn run(args: TrainArgs) -> Result<()> {
    match args.what {
        TrainWhat::Syntax(args) => train_syntax(args),
        TrainWhat::Clusters(args) => train_clusters(args),
        TrainWhat::Location(args) => train_location(args),
    }
}

/// Splits a line into words: at white space, with punctuation at either end of a word
/// and the clitics 's and n't split off, roughly as the treebanks tokenise.
fn split_words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    for chunk in line.split_whitespace() {
        let start = chunk.find(char::is_alphanumeric).unwrap_or(chunk.len());
        let end = chunk
            .rfind(char::is_alphanumeric)
            .map(|at| at + chunk[at..].chars().next().map_or(1, char::len_utf8))
            .unwrap_or(start);
        words.extend(chunk[..start].chars().map(String::from));
        if start < end {
            let core = &chunk[start..end];
            let lower = core.to_lowercase();
            let clitic =
                ["n't", "'s", "’s"].into_iter().find(|c| lower.ends_with(c) && lower.len() > c.len());
            match clitic {
                Some(c) => {
                    let cut = core.len() - c.len();
                    words.push(core[..cut].to_string());
                    words.push(core[cut..].to_string());
                }
                None => words.push(core.to_string()),
            }
        }
        words.extend(chunk[end.max(start)..].chars().map(String::from));
    }
    words
}

fn train_clusters(args: ClustersTrainArgs) -> Result<()> {
    let started = std::time::Instant::now();
    let mut sentences: Vec<Vec<String>> = Vec::new();
    for path in &args.conllu {
        let treebank = read_conllu(path).with_context(|| format!("reading {}", path.display()))?;
        sentences
            .extend(treebank.iter().map(|sentence| sentence.forms().iter().map(|w| w.to_string()).collect()));
    }
    for path in &args.text {
        let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
        for line in text.lines() {
            let line = line.trim();
            let body = if line.starts_with('{') {
                serde_json::from_str::<serde_json::Value>(line)
                    .ok()
                    .and_then(|record| record.get("text").and_then(|text| text.as_str()).map(String::from))
                    .unwrap_or_default()
            } else {
                line.to_string()
            };
            let words = split_words(&body);
            if !words.is_empty() {
                sentences.push(words);
            }
        }
    }
    let n_words: usize = sentences.iter().map(Vec::len).sum();
    anyhow::ensure!(n_words > 0, "no words in the given files");
    let config = ClusterConfig { n_clusters: args.clusters, min_count: args.min_count };
    let clusters = WordClusters::learn(&sentences, &config);
    clusters.write_paths(&args.out).with_context(|| format!("writing {}", args.out.display()))?;
    println!(
        "{} sentences, {} words; {} words clustered into {} leaves in {:.1} s; wrote {}",
        sentences.len(),
        n_words,
        clusters.len(),
        args.clusters,
        started.elapsed().as_secs_f64(),
        args.out.display()
    );
    Ok(())
}

fn train_location(args: LocationTrainArgs) -> Result<()> {
    let started = std::time::Instant::now();
    // The options are built from text prepared by the standard pipeline's own stages
    // (actors, parse, lemmas), so the model learns the features it will see at run time.
    let gazetteer = std::sync::Arc::new(Gazetteer::embedded().context("loading the gazetteer")?);
    let pipeline = dyad_pipeline::standard(&dyad_pipeline::StandardOptions::default())
        .context("building the standard pipeline")?;
    let prepare = crate::cmd::stages_before_places(&pipeline);
    let read = event_location_choices(&args.events, gazetteer, &prepare)
        .with_context(|| format!("reading {}", args.events.display()))?;
    // Lines that are not records are reported and left out; the rest still train.
    for line in &read.unreadable {
        eprintln!("skipped {line}");
    }
    let choices = read.choices;
    anyhow::ensure!(!choices.is_empty(), "no records in {}", args.events.display());
    let reachable = choices.iter().filter(|c| !c.gold.is_empty()).count();
    let training = LocationTraining { iterations: args.iterations, rate: args.rate, l2: args.l2 };
    let cv_accuracy = (args.folds >= 2).then(|| cross_validate(&choices, args.folds, training));
    let model = LocationModel::train(&choices, training);
    let train_accuracy = model.accuracy(&choices);
    std::fs::write(&args.out, model.to_tsv()).with_context(|| format!("writing {}", args.out.display()))?;
    println!(
        "{} records ({} with the gold place among the options); {} features; {:.1} s",
        choices.len(),
        reachable,
        model.len(),
        started.elapsed().as_secs_f64()
    );
    if let Some(cv) = cv_accuracy {
        println!("cross-validated accuracy ({} folds) {cv:.3}", args.folds);
    }
    println!("accuracy on the training records {train_accuracy:.3}; wrote {}", args.out.display());
    if args.json {
        let value = serde_json::json!({
            "cv_accuracy": cv_accuracy,
            "train_accuracy": train_accuracy,
            "records": choices.len(),
            "reachable": reachable,
            "unreadable": read.unreadable.len(),
            "features": model.len(),
        });
        println!("{value}");
    }
    Ok(())
}

fn train_syntax(args: SyntaxTrainArgs) -> Result<()> {
    let config = TrainConfig {
        train_files: args.train.clone(),
        dev_files: args.dev.clone(),
        tagger_epochs: args.tagger_epochs,
        parser_epochs: args.parser_epochs,
        seed: args.seed,
        jackknife_folds: args.jackknife,
        tagger_min_weight: args.tagger_min_weight,
        parser_min_weight: args.parser_min_weight,
        clusters: match &args.clusters {
            Some(path) => Some(
                WordClusters::read_paths(path)
                    .with_context(|| format!("reading clusters {}", path.display()))?,
            ),
            None => None,
        },
        tagger_clusters: !args.no_tagger_clusters,
        parser_clusters: !args.no_parser_clusters,
        ..TrainConfig::default()
    };
    let bar = ProgressBar::new(0);
    bar.set_style(
        ProgressStyle::with_template("{prefix:>18} [{bar:40}] {pos}/{len} sentences {elapsed_precise}")
            .expect("the template is valid")
            .progress_chars("=> "),
    );
    let mut last_phase: Option<(TrainPhase, usize)> = None;
    let (model, report) = train_with_progress(&config, &mut |progress| {
        if last_phase != Some((progress.phase, progress.epoch)) {
            last_phase = Some((progress.phase, progress.epoch));
            bar.set_length(progress.sentences_total as u64);
            bar.set_prefix(format!("{:?} {}/{}", progress.phase, progress.epoch, progress.epochs));
        }
        bar.set_position(progress.sentences_done as u64);
        if let Some(score) = &progress.finished_epoch {
            let dev = score
                .dev
                .map(|d| {
                    format!("dev upos {:.4} xpos {:.4} uas {:.4} las {:.4}", d.upos, d.xpos, d.uas, d.las)
                })
                .unwrap_or_default();
            bar.println(format!(
                "{:?} epoch {}/{}: train {:.4} {dev}",
                score.phase, score.epoch, progress.epochs, score.train_accuracy
            ));
        }
    })
    .context("training the syntax model")?;
    bar.finish_and_clear();
    model.save(&args.out).with_context(|| format!("writing {}", args.out.display()))?;
    let bytes = std::fs::metadata(&args.out).map(|m| m.len()).unwrap_or(0);
    println!("{}", model.description());
    println!(
        "best epochs: tagger {}, parser {}; {} training sentences ({} for the parser)",
        report.best_tagger_epoch, report.best_parser_epoch, report.train_sentences, report.parser_sentences
    );
    println!("wrote {} ({:.1} MB)", args.out.display(), bytes as f64 / 1e6);
    for dev in &args.dev {
        let sentences = read_conllu(dev).with_context(|| format!("reading {}", dev.display()))?;
        let r = evaluate(&model, &sentences);
        println!(
            "{}: upos {:.4} xpos {:.4} uas {:.4} las {:.4}",
            dev.display(),
            r.upos,
            r.xpos,
            r.uas,
            r.las
        );
    }
    Ok(())
}
