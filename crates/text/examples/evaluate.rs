//! Prints segmentation, tokenisation and lemma scores on the shared UD treebanks.
//!
//! `cargo run --release -p dyad-text --example evaluate [treebank dir]`

use std::path::PathBuf;

fn main() {
    let dir = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/treebanks"));
    for (file, filter, label) in [
        ("en_gum-test.conllu", "", "GUM test, all genres"),
        ("en_gum-test.conllu", "GUM_news_", "GUM test, news"),
        ("en_gum-dev.conllu", "GUM_news_", "GUM dev, news"),
        ("en_gum-train.conllu", "GUM_news_", "GUM train, news"),
        ("en_ewt-test.conllu", "", "EWT test"),
    ] {
        match dyad_text::evaluate_segmentation(&dir.join(file), filter) {
            Ok(r) => {
                println!(
                    "{label:24} sentences P {:.4} R {:.4} F1 {:.4} (gold {}, predicted {}); tokens F1 {:.4} ({} words)",
                    r.precision, r.recall, r.f1, r.sentences, r.predicted, r.token_f1, r.tokens
                );
                if std::env::var_os("SHOW_ERRORS").is_some() {
                    for sentence in &r.wrong_sentences {
                        println!("  wrong: {sentence:?}");
                    }
                    for token in &r.wrong_tokens {
                        println!("  token: {token}");
                    }
                }
            }
            Err(err) => eprintln!("{label}: {err}"),
        }
    }
    for (file, label) in [
        ("en_ewt-test.conllu", "EWT test"),
        ("en_gum-test.conllu", "GUM test"),
        ("en_ewt-train.conllu", "EWT train"),
    ] {
        match dyad_text::evaluate_lemmas(&dir.join(file)) {
            Ok(r) => {
                println!(
                    "{label} lemmas (gold tags): VERB {:.4} of {}, NOUN {:.4} of {}",
                    r.verb_accuracy, r.verbs, r.noun_accuracy, r.nouns
                );
                if std::env::var_os("SHOW_ERRORS").is_some() {
                    for (form, gold, predicted, n) in r.top_errors {
                        println!("  {n:4} {form} gold {gold} predicted {predicted}");
                    }
                }
            }
            Err(err) => eprintln!("lemmas: {err}"),
        }
    }
}
