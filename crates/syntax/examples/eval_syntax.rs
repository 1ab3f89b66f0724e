//! Scores a syntax model on CoNLL-U files, as `dyad eval syntax` does.
//!
//! ```text
//! cargo run --release -p dyad-syntax --example eval_syntax -- [--model FILE] [--json] FILE...
//! ```

use std::path::PathBuf;

use dyad_syntax::{evaluate, evaluate_entities, read_conllu, read_conllu_files, SyntaxModel};

fn main() {
    let mut model_path = None;
    let mut json = false;
    let mut dump: Option<PathBuf> = None;
    let mut prune: Option<(f32, f32)> = None;
    let mut save: Option<PathBuf> = None;
    let mut entity_training: Vec<PathBuf> = Vec::new();
    let mut files = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--model" => model_path = args.next().map(PathBuf::from),
            "--json" => json = true,
            "--dump" => dump = args.next().map(PathBuf::from),
            "--save" => save = args.next().map(PathBuf::from),
            "--train-entities" => entity_training.extend(args.next().map(PathBuf::from)),
            "--prune" => {
                let tagger = args.next().and_then(|v| v.parse().ok()).unwrap_or(0.0);
                let parser = args.next().and_then(|v| v.parse().ok()).unwrap_or(0.0);
                prune = Some((tagger, parser));
            }
            _ => files.push(PathBuf::from(arg)),
        }
    }
    let started = std::time::Instant::now();
    let model = match &model_path {
        Some(path) => SyntaxModel::load(path),
        None => SyntaxModel::load_default(),
    };
    let model = model.unwrap_or_else(|error| {
        eprintln!("error: {error}");
        std::process::exit(1)
    });
    let model = match prune {
        Some((tagger, parser)) => model.pruned(tagger, parser),
        None => model,
    };
    let mut model = model;
    if !entity_training.is_empty() {
        let sentences = read_conllu_files(&entity_training).expect("read entity training files");
        eprintln!("entity typer trained: {}", model.train_entities(&sentences, 10));
    }
    if let Some(save) = &save {
        model.save(save).expect("save");
        eprintln!(
            "saved {} ({} bytes)",
            save.display(),
            std::fs::metadata(save).map(|m| m.len()).unwrap_or(0)
        );
    }
    eprintln!("features {:?} weights {:?}", model.n_features(), model.n_weights());
    eprintln!(
        "loaded in {:.3}s: {} ({:.1} MB in memory)",
        started.elapsed().as_secs_f64(),
        model.description(),
        model.heap_bytes() as f64 / 1e6
    );
    for file in files {
        let sentences = read_conllu(&file).unwrap_or_else(|error| {
            eprintln!("error: {error}");
            std::process::exit(1)
        });
        if let Some(dump) = &dump {
            // Predicted annotation as CoNLL-U, for error analysis.
            let mut out = String::new();
            let mut annotator = model.annotator();
            for sentence in &sentences {
                let forms = sentence.forms();
                annotator.analyse(&forms, |i, a| {
                    let head = a.head.map(|h| h + 1).unwrap_or(0);
                    out.push_str(&format!(
                        "{}\t{}\t_\t{}\t{}\t_\t{}\t{}\t_\t_\n",
                        i + 1,
                        forms[i],
                        a.upos_str,
                        a.xpos,
                        head,
                        a.deprel
                    ));
                });
                out.push('\n');
            }
            std::fs::write(dump, out).expect("write dump");
        }
        let r = evaluate(&model, &sentences);
        if sentences.iter().any(|s| s.words.iter().any(|w| w.misc.contains("Entity="))) {
            let e = evaluate_entities(&model, &sentences);
            eprintln!(
                "{}: entities P {:.3} R {:.3} F1 {:.3} ({} gold, {} predicted)",
                file.display(),
                e.precision,
                e.recall,
                e.f1,
                e.gold,
                e.predicted
            );
        }
        if json {
            println!(
                "{{\"file\":{:?},\"upos\":{:.4},\"xpos\":{:.4},\"uas\":{:.4},\"las\":{:.4},\"sentences\":{},\"tokens\":{},\"sentences_per_sec\":{:.0}}}",
                file.display().to_string(), r.upos, r.xpos, r.uas, r.las, r.sentences, r.tokens, r.sentences_per_sec
            );
        } else {
            println!(
                "{}: UPOS {:.2}% XPOS {:.2}% UAS {:.2}% LAS {:.2}% ({} sentences, {} tokens, {:.0} sentences/s)",
                file.display(), r.upos * 100.0, r.xpos * 100.0, r.uas * 100.0, r.las * 100.0, r.sentences, r.tokens, r.sentences_per_sec
            );
        }
    }
}
