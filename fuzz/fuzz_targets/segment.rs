//! Boilerplate removal, language identification, the sentence splitter and tokeniser,
//! and the lemmatiser over every token: spans stay inside the text on char boundaries.
#![no_main]

use dyad_fuzz::{check_doc, text_of};
use dyad_model::{Doc, Document, Stage, Upos};
use dyad_text::{detect_language, lemmatize, CleanStage, SegmentStage};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&choice, rest)) = data.split_first() else { return };
    let text = text_of(rest, 64 * 1024);
    let mut doc = Doc::new(Document::new("fuzz", text.clone()));
    let mut diags = Vec::new();
    CleanStage.run(&mut doc, &mut diags);
    // A small token limit now and then exercises the cutting of long sentences.
    let max_sentence_tokens = if choice & 1 == 0 { 200 } else { usize::from(choice >> 4) };
    SegmentStage { max_sentence_tokens }.run(&mut doc, &mut diags);
    check_doc(&doc, &text);
    for removal in &doc.removed {
        assert!(
            doc.tokens.iter().all(|t| !t.span.overlaps(removal.span)),
            "a token inside removed boilerplate {:?}",
            removal.span
        );
    }
    let _ = detect_language(&text);
    let upos = Upos::ALL[usize::from(choice) % Upos::ALL.len()];
    for token in &doc.tokens {
        let _ = lemmatize(&token.text, upos, "VBD");
    }
});
