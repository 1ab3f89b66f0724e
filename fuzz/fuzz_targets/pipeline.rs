//! The whole standard pipeline on arbitrary text: no panic, and every layer's spans and
//! every event's codes are valid.
#![no_main]

use std::sync::OnceLock;

use dyad_fuzz::{check_doc, text_of};
use dyad_model::Document;
use dyad_pipeline::Pipeline;
use libfuzzer_sys::fuzz_target;

fn pipeline() -> &'static Pipeline {
    static PIPELINE: OnceLock<Pipeline> = OnceLock::new();
    PIPELINE.get_or_init(|| dyad_pipeline::standard(&Default::default()).expect("the standard pipeline"))
}

// Built before fuzzing starts, so that its cost is not timed as an input's.
fuzz_target!(init: { pipeline(); }, |data: &[u8]| {
    let Some((&day, rest)) = data.split_first() else { return };
    // Parsing is the slow part; a few kilobytes hold many sentences.
    let text = text_of(rest, 8 * 1024);
    let mut document = Document::new("fuzz", text.clone());
    document.date = chrono::NaiveDate::from_ymd_opt(2021, 7, 1 + u32::from(day % 31).min(30));
    let analysed = pipeline().run(document);
    for diagnostic in &analysed.diagnostics {
        // The pipeline turns a panicking stage into a diagnostic (libfuzzer-sys's panic
        // hook aborts first, so this only matters when the hook is not installed).
        assert!(!diagnostic.message.contains("internal error"), "a stage panicked: {diagnostic:?}");
    }
    check_doc(&analysed.doc, &text);
});
