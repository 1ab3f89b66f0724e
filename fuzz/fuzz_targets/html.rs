//! HTML pages: article extraction, the metadata scanner and the fragment-to-text pass
//! used on feed items.
#![no_main]

use dyad_ingest::{html_fragment_to_text, read_html, scan_metadata, ReadOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let options = ReadOptions::default();
    if let Ok(article) = read_html(data, "fuzz.html", Some("https://news.example.test/a"), &options) {
        assert!(!article.document.text.trim().is_empty(), "an article without text");
    }
    let text = String::from_utf8_lossy(data);
    let _ = scan_metadata(&text);
    let _ = html_fragment_to_text(&text);
});
