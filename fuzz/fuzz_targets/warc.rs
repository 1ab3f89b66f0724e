//! WARC archives, plain or gzipped, with the HTTP responses inside them.
#![no_main]

use dyad_ingest::{read_warc, ReadOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let reader = std::io::Cursor::new(data.to_vec());
    // Every item consumes input or ends the archive; the bound catches a reader that
    // loops without reading.
    for (count, item) in read_warc(reader, "fuzz.warc", &ReadOptions::default()).enumerate() {
        assert!(count <= data.len() + 1, "more items than input bytes");
        drop(item);
    }
});
