//! CoNLL-U treebanks: the reader, evaluation against the shipped model, and training
//! on what was read (a user's treebank reaches `dyad train syntax` as it is).
#![no_main]

use std::path::Path;
use std::sync::OnceLock;

use dyad_syntax::{conllu::parse_conllu, evaluate, evaluate_entities, SyntaxModel, TrainConfig};
use libfuzzer_sys::fuzz_target;

fn model() -> &'static SyntaxModel {
    static MODEL: OnceLock<SyntaxModel> = OnceLock::new();
    MODEL.get_or_init(|| SyntaxModel::load_default().expect("the shipped syntax model"))
}

// Built before fuzzing starts, so that its cost is not timed as an input's.
fuzz_target!(init: { model(); }, |data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(sentences) = parse_conllu(text, Path::new("fuzz.conllu")) else { return };
    if sentences.is_empty() || sentences.len() > 16 {
        return;
    }
    for sentence in &sentences {
        for word in &sentence.words {
            assert!(word.head <= sentence.words.len(), "head past the sentence");
        }
    }
    let report = evaluate(model(), &sentences);
    assert!(report.uas.is_finite() && report.las.is_finite());
    let _ = evaluate_entities(model(), &sentences);
    // Training reads files; one tiny epoch of each model is enough to walk the oracle
    // over whatever trees the input holds (cycles, crossing arcs, several roots).
    let dir = std::env::temp_dir().join(format!("dyad-fuzz-conllu-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary directory");
    let path = dir.join("train.conllu");
    std::fs::write(&path, text).expect("writing the treebank");
    let config = TrainConfig {
        train_files: vec![path],
        tagger_epochs: 1,
        parser_epochs: 1,
        jackknife_folds: 0,
        tagger_min_weight: 0.0,
        parser_min_weight: 0.0,
        ..TrainConfig::default()
    };
    let _ = dyad_syntax::train(&config);
});
