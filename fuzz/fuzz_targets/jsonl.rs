//! JSONL records (with `text` or `html`), including their dates.
#![no_main]

use dyad_ingest::{read_jsonl, ReadOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let options = ReadOptions { max_document_bytes: Some(64 * 1024), ..ReadOptions::default() };
    let lines = data.split(|&b| b == b'\n').filter(|l| !l.iter().all(u8::is_ascii_whitespace)).count();
    let mut items = 0;
    for item in read_jsonl(data, "fuzz.jsonl", &options) {
        items += 1;
        if let Ok(article) = item {
            assert!(!article.document.id.trim().is_empty(), "a record without an id");
            assert!(!article.document.text.trim().is_empty(), "a record without text");
        }
    }
    assert_eq!(items, lines, "every non-blank line is one item, read or reported");
});
