//! The actor dictionary loader: a user's `--kb` file, read on top of a small base (code
//! blocks and a country), is either compiled or refused with an error naming the file,
//! never a panic; what compiles also matches text.
#![no_main]

use std::sync::Arc;

use dyad_kb::{Kb, Source};
use dyad_model::{Doc, Document, Stage};
use libfuzzer_sys::fuzz_target;

const BASE: &str = r#"
[blocks]
GOV = "government"
MIL = "military"
UAF = "armed group"
IGO = "intergovernmental organisation"

[[country]]
code = "GON"
name = "Gondor"
demonyms = ["Gondorian"]
capitals = ["Minas Tirith"]
"#;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let sources = [Source::new("actors/base.toml", BASE), Source::new("actors/fuzz.toml", text)];
    let kb = match Kb::from_sources(&sources) {
        Ok(kb) => kb,
        Err(err) => {
            let message = format!("{err:#}");
            assert!(message.contains("actors/"), "an error that names no file: {message}");
            return;
        }
    };
    let _ = kb.lint();
    let _ = kb.stats();
    let names: Vec<String> = kb.entities().iter().flat_map(|e| e.aliases.iter().cloned()).take(20).collect();
    for name in &names {
        let _ = kb.lookup(name, chrono::NaiveDate::from_ymd_opt(2010, 1, 1));
    }
    let sample =
        format!("{}, the senior Gondorian king and the minister met in Minas Tirith.", names.join(" and "));
    let mut doc = Doc::new(Document::new("fuzz", sample.clone()));
    doc.document.date = chrono::NaiveDate::from_ymd_opt(2021, 7, 13);
    let mut diags = Vec::new();
    dyad_text::CleanStage.run(&mut doc, &mut diags);
    dyad_text::SegmentStage::default().run(&mut doc, &mut diags);
    dyad_kb::ActorStage::new(Arc::new(kb)).run(&mut doc, &mut diags);
    dyad_fuzz::check_doc(&doc, &sample);
});
