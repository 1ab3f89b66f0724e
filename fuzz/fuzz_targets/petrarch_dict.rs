//! The TABARI/PETRARCH dictionary readers and their conversion: any text, read as each
//! kind of dictionary, gives entries and per-line diagnostics, never a panic; and what
//! the readers accept converts into Dyad's dictionaries without a compile error (the
//! conversion checks what it writes).
#![no_main]

use dyad_petrarch::{Dictionaries, Kind};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let mut dictionaries = Dictionaries::default();
    for (kind, name) in [
        (Kind::Actors, "fuzz.actors.txt"),
        (Kind::Agents, "fuzz.agents.txt"),
        (Kind::Verbs, "fuzz.verbs.txt"),
        (Kind::Discards, "fuzz.discards.txt"),
    ] {
        dictionaries.add(kind, name, text);
    }
    let lines = text.lines().count();
    for diagnostic in &dictionaries.diagnostics {
        assert!(diagnostic.line <= lines, "{diagnostic} is past the last line ({lines})");
    }
    if let Err(err) = dyad_petrarch::convert(&dictionaries) {
        panic!("accepted dictionaries do not compile: {:#}", anyhow_chain(&err));
    }
});

fn anyhow_chain(err: &dyad_petrarch::ConvertError) -> String {
    let mut out = err.to_string();
    let mut source = std::error::Error::source(err);
    while let Some(next) = source {
        out.push_str(&format!(": {next}"));
        source = next.source();
    }
    out
}
