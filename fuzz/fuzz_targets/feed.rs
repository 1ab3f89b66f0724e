//! RSS and Atom feeds.
#![no_main]

use dyad_ingest::{read_feed, ReadOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for item in read_feed(data, "fuzz.xml", &ReadOptions::default()) {
        if let Ok(article) = item {
            assert!(!article.document.text.trim().is_empty(), "a feed item without text");
            assert!(!article.document.id.is_empty(), "a feed item without an id");
        }
    }
});
