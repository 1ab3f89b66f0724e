//! Plain-text files, and the content sniffing that picks a reader when the extension
//! does not say.
#![no_main]

use dyad_ingest::{read_text, Format, ReadOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = Format::sniff(data);
    if let Ok(article) = read_text(data, "fuzz.txt", &ReadOptions::default()) {
        assert!(!article.document.text.trim().is_empty());
        if let Some(title) = &article.document.title {
            assert!(article.document.text.contains(title.as_str()), "the title is a line of the text");
        }
    }
});
