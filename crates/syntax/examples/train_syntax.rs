//! Trains a syntax model from CoNLL-U files and scores it, as `dyad train syntax` does.
//!
//! ```text
//! cargo run --release -p dyad-syntax --example train_syntax -- \
//!     --train a.conllu --train b.conllu --dev dev.conllu --out model.dyadsyn \
//!     [--tagger-epochs 7] [--parser-epochs 12] [--seed 1] [--jackknife 4] [--tagger-min-weight 0.3] [--parser-min-weight 1.0] \
//!     [--test test.conllu]
//! ```

use std::path::PathBuf;

use dyad_syntax::{evaluate, read_conllu, train_with_progress, TrainConfig, TrainPhase};

fn main() {
    if let Err(message) = run() {
        eprintln!("error: {message}");
        std::process::exit(1);
    }
}

fn run() -> Result<(), String> {
    let mut config = TrainConfig::default();
    let mut out = None;
    let mut tests = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{flag} needs a value"));
        match flag.as_str() {
            "--train" => config.train_files.push(PathBuf::from(value()?)),
            "--dev" => config.dev_files.push(PathBuf::from(value()?)),
            "--test" => tests.push(PathBuf::from(value()?)),
            "--out" => out = Some(PathBuf::from(value()?)),
            "--tagger-epochs" => config.tagger_epochs = value()?.parse().map_err(|e| format!("{e}"))?,
            "--parser-epochs" => config.parser_epochs = value()?.parse().map_err(|e| format!("{e}"))?,
            "--seed" => config.seed = value()?.parse().map_err(|e| format!("{e}"))?,
            "--jackknife" => config.jackknife_folds = value()?.parse().map_err(|e| format!("{e}"))?,
            "--tagger-two-pass" => config.tagger_two_pass = true,
            "--tagger-min-weight" => {
                config.tagger_min_weight = value()?.parse().map_err(|e| format!("{e}"))?
            }
            "--parser-min-weight" => {
                config.parser_min_weight = value()?.parse().map_err(|e| format!("{e}"))?
            }
            "--clusters" => {
                let path = PathBuf::from(value()?);
                config.clusters =
                    Some(dyad_syntax::WordClusters::read_paths(&path).map_err(|e| format!("{e}"))?)
            }
            "--no-tagger-clusters" => config.tagger_clusters = false,
            "--no-parser-clusters" => config.parser_clusters = false,
            other => return Err(format!("unknown flag {other}")),
        }
    }
    let started = std::time::Instant::now();
    let (model, report) = train_with_progress(&config, &mut |progress| {
        if let Some(score) = progress.finished_epoch {
            let dev = score
                .dev
                .map(|d| {
                    format!("dev upos {:.4} xpos {:.4} uas {:.4} las {:.4}", d.upos, d.xpos, d.uas, d.las)
                })
                .unwrap_or_default();
            eprintln!(
                "[{:>6.1}s] {:?} epoch {}/{}: train {:.4} {dev}",
                started.elapsed().as_secs_f64(),
                score.phase,
                score.epoch,
                progress.epochs,
                score.train_accuracy
            );
        } else if progress.phase == TrainPhase::Jackknife && progress.sentences_done == 0 {
            eprintln!(
                "[{:>6.1}s] jackknife fold {}/{}",
                started.elapsed().as_secs_f64(),
                progress.epoch,
                progress.epochs
            );
        }
    })
    .map_err(|e| e.to_string())?;
    eprintln!("{}", model.description());
    eprintln!(
        "features {:?}, weights {:?}, memory {:.1} MB, best epochs tagger {} parser {}, parser sentences {}",
        model.n_features(),
        model.n_weights(),
        model.heap_bytes() as f64 / 1e6,
        report.best_tagger_epoch,
        report.best_parser_epoch,
        report.parser_sentences
    );
    if let Some(out) = out {
        model.save(&out).map_err(|e| e.to_string())?;
        let size = std::fs::metadata(&out).map(|m| m.len()).unwrap_or(0);
        eprintln!("wrote {} ({:.2} MB)", out.display(), size as f64 / 1e6);
    }
    for test in tests {
        let sentences = read_conllu(&test).map_err(|e| e.to_string())?;
        let r = evaluate(&model, &sentences);
        println!(
            "{}: upos {:.4} xpos {:.4} uas {:.4} las {:.4} ({} sentences, {:.0} sentences/s)",
            test.display(),
            r.upos,
            r.xpos,
            r.uas,
            r.las,
            r.sentences,
            r.sentences_per_sec
        );
    }
    Ok(())
}
