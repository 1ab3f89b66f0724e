//! A store file damaged on disk: the input patches bytes of a real store, which is then
//! opened and read through every public read. Errors are expected; panics are not.
#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use dyad_store::{DatePeriod, EventOrder, EventQuery, StatsQuery, Store, StoreError};
use libfuzzer_sys::fuzz_target;

struct Fixture {
    dir: PathBuf,
    template: Vec<u8>,
}

fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("dyad-fuzz-store-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("a temporary directory");
        let path = dir.join("template.db");
        dyad_fuzz::write_fixture_store(&path).expect("the fixture store");
        let template = std::fs::read(&path).expect("reading the fixture store");
        Fixture { dir, template }
    })
}

/// Applies `(offset: u32 LE, length: u8, bytes)` patches; a first byte of 0xFF takes
/// the rest of the input as the whole file instead.
fn damaged(template: &[u8], data: &[u8]) -> Vec<u8> {
    if data.first() == Some(&0xFF) {
        return data[1..].to_vec();
    }
    let mut file = template.to_vec();
    let mut rest = data;
    while rest.len() >= 5 {
        let offset = u32::from_le_bytes([rest[0], rest[1], rest[2], rest[3]]) as usize;
        let length = usize::from(rest[4]);
        rest = &rest[5..];
        let patch = &rest[..length.min(rest.len())];
        rest = &rest[patch.len()..];
        // Offsets past the end truncate the file there, as a cut copy would.
        if offset >= file.len() {
            file.truncate(offset % (file.len() + 1));
            continue;
        }
        let end = (offset + patch.len()).min(file.len());
        file[offset..end].copy_from_slice(&patch[..end - offset]);
    }
    file
}

fn read_everything(store: &Store) -> Result<(), StoreError> {
    let _ = store.summary()?;
    let _ = store.schema_version()?;
    let _ = store.check()?;
    let all = EventQuery::default();
    let events = store.query(&all)?;
    store.scan_events::<StoreError>(&all, |_| Ok(()))?;
    store.scan_mentions::<StoreError>(&all, |_| Ok(()))?;
    let _ = store.count_events(&all, 100_000)?;
    let _ = store.query_page(&all, EventOrder::Newest, 0, 50)?;
    for event in events.iter().take(3) {
        let _ = store.event(event.id)?;
        let _ = store.event_reports(event.id)?;
        let _ = store.event_sources(event.id)?;
        if let (Some(source), Some(target)) = (&event.event.source, &event.event.target) {
            let by = StatsQuery {
                source: source.code.clone(),
                target: target.code.clone(),
                by: DatePeriod::Week,
                from: None,
                to: None,
            };
            let _ = store.stats(&by)?;
        }
    }
    let _ = store.search_actors("ir", 10)?;
    let _ = store.top_actors(None, None, 10)?;
    let _ = store.top_dyads(Some("USA"), None, None, 10)?;
    let _ = store.event_places(&all, 10)?;
    let (documents, _) = store.documents(0, 10)?;
    for summary in documents.iter().take(2) {
        if let Some(document) = store.document(&summary.id)? {
            let _ = document.to_document();
        }
        let _ = store.document_events(&summary.id)?;
    }
    Ok(())
}

// Built before fuzzing starts, so that its cost is not timed as an input's.
fuzz_target!(init: { fixture(); }, |data: &[u8]| {
    let fixture = fixture();
    let path = fixture.dir.join("damaged.db");
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    std::fs::write(&path, damaged(&fixture.template, data)).expect("writing the damaged store");
    match Store::open_existing(&path) {
        Ok(store) => {
            if let Err(err) = read_everything(&store) {
                let message = err.to_string();
                assert!(message.contains("damaged.db"), "an error that does not name the file: {message}");
            }
        }
        Err(err) => {
            let message = err.to_string();
            assert!(message.contains("damaged.db"), "an error that does not name the file: {message}");
        }
    }
});
