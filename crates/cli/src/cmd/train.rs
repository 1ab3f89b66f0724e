//! `dyad train`: learn models from annotated data.

use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::{Args, Subcommand};
use dyad_syntax::{evaluate, read_conllu, train_with_progress, TrainConfig, TrainPhase};
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
}

pub fn run(args: TrainArgs) -> Result<()> {
    match args.what {
        TrainWhat::Syntax(args) => train_syntax(args),
    }
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
