//! Properties of the store over generated streams of coded articles (new articles,
//! repeats, new versions of an id or URL, near-duplicates, events shared across
//! articles): ingesting twice is ingesting once, an ingest cut into batches anywhere and
//! rerun ends with exactly the store of one uninterrupted run, and the derived counts
//! always agree with the rows (`Store::check`).
//!
//! There is no import command, so "export then import" has no round trip to test here;
//! the reads that exports stream from (`scan_events`, `scan_mentions`) are compared
//! instead.

use chrono::NaiveDate;
use dyad_model::{
    Actor, Document, Event, EventCode, EventDate, GoldsteinScale, Modality, Plover, Provenance, RoleSpan,
    Span,
};
use dyad_store::identity::MergeKey;
use dyad_store::{CodedDocument, EventMerger, EventQuery, Store, StoreError};
use proptest::prelude::*;

const ACTORS: &[&str] = &["", "IRQ", "IRQGOV", "USA", "USAMIL", "IRN"];
const CODES: &[&str] = &["040", "036", "190", "0256", "111", "163", "194"];
const TEXTS: &[&str] = &[
    "Iraqi forces fired rockets at Iranian positions near the border on Monday, the defence ministry said.",
    "The United States and Iraq discussed the withdrawal of troops in Washington on Monday, officials said.",
    "Iran summoned the Iraqi ambassador in Tehran over the shelling of border villages on Tuesday.",
    "Protesters gathered in Baghdad.",
];

/// What one generated article is made of; turned into a `CodedDocument` by `build`.
#[derive(Debug, Clone)]
struct Article {
    id: u8,
    url: Option<u8>,
    text: u8,
    /// Appended to the text: the same text with another suffix is a new version.
    version: u8,
    day: u32,
    events: Vec<(u8, u8, u8, u32)>,
}

fn article() -> impl Strategy<Value = Article> {
    (
        0u8..6,
        prop::option::of(0u8..4),
        0u8..4,
        0u8..3,
        1u32..20,
        prop::collection::vec((0u8..6, 0u8..6, 0u8..7, 0u32..3), 0..4),
    )
        .prop_map(|(id, url, text, version, day, events)| Article {
            id,
            url,
            text,
            version,
            day,
            events,
        })
}

fn build(article: &Article) -> CodedDocument {
    let id = format!("doc-{}", article.id);
    let text = format!("{} Update {}.", TEXTS[usize::from(article.text)], article.version);
    let mut document = Document::new(id.clone(), text.clone());
    document.url = article.url.map(|u| format!("https://news{u}.example/story"));
    document.date = NaiveDate::from_ymd_opt(2021, 7, article.day);
    let events = article
        .events
        .iter()
        .enumerate()
        .map(|(sentence, &(source, target, code, offset))| {
            let cameo = EventCode::parse(CODES[usize::from(code)]).expect("a table code");
            let actor = |i: u8| {
                let code = ACTORS[usize::from(i)];
                (!code.is_empty()).then(|| Actor {
                    code: code.into(),
                    name: code.into(),
                    entity: None,
                    span: None,
                })
            };
            let date = NaiveDate::from_ymd_opt(2021, 7, article.day + offset).expect("a July day");
            Event {
                event_id: dyad_model::content_id("ev-", format!("{id}|{text}|{sentence}").as_bytes()),
                doc_id: id.clone(),
                sentence,
                date: EventDate::parse_iso(&date.to_string()).expect("an ISO date"),
                source: actor(source),
                target: actor(target),
                root: cameo.root(),
                quad: cameo.quad(),
                goldstein: cameo.goldstein(GoldsteinScale::Gdelt),
                cameo,
                plover: Plover::default(),
                modality: Modality::Asserted,
                location: None,
                quantities: Vec::new(),
                text: text.clone(),
                provenance: Provenance {
                    spans: vec![RoleSpan {
                        role: "trigger".into(),
                        span: Span::new(0, 5),
                        text: "fired".into(),
                    }],
                    rule: "test.rule".into(),
                    entries: Vec::new(),
                },
                confidence: 0.8,
                mentions: vec![sentence],
            }
        })
        .collect();
    CodedDocument { document, events }
}

/// Everything a reader of the store can see, as JSON: the summary, every event with its
/// counts and representative article, every mention.
fn contents(store: &Store) -> String {
    let summary = store.summary().expect("the summary");
    let events = store.query(&EventQuery::default()).expect("the events");
    let mut mentions = Vec::new();
    store
        .scan_mentions::<StoreError>(&EventQuery::default(), |mention| {
            mentions.push(serde_json::to_value(&mention).expect("a mention as JSON"));
            Ok(())
        })
        .expect("the mentions");
    serde_json::json!({"summary": summary, "events": events, "mentions": mentions}).to_string()
}

fn consistent(store: &Store) {
    let problems = store.check().expect("the check runs");
    assert!(problems.is_empty(), "{problems:#?}");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn ingest_twice_is_ingest_once_and_batches_do_not_matter(
        articles in prop::collection::vec(article(), 1..14),
        cuts in prop::collection::vec(any::<prop::sample::Index>(), 0..3),
    ) {
        let batch: Vec<CodedDocument> = articles.iter().map(build).collect();
        let dir = tempfile::tempdir().expect("a temporary directory");

        let mut once = Store::open(dir.path().join("once.db")).expect("a store");
        once.write_batch(&batch).expect("the first ingest");
        consistent(&once);
        let after_one = contents(&once);
        once.write_batch(&batch).expect("the second ingest");
        consistent(&once);
        prop_assert_eq!(&contents(&once), &after_one, "a second ingest changed the store");

        // The same input cut into batches at arbitrary points, as an interrupted run
        // leaves it, then run again whole.
        let mut points: Vec<usize> = cuts.iter().map(|cut| cut.index(batch.len() + 1)).collect();
        points.sort_unstable();
        let mut cut = Store::open(dir.path().join("cut.db")).expect("a store");
        let mut start = 0;
        for point in points.into_iter().chain([batch.len()]) {
            cut.write_batch(&batch[start..point]).expect("a partial ingest");
            start = point;
            consistent(&cut);
        }
        prop_assert_eq!(&contents(&cut), &after_one, "batching changed the store");
        cut.write_batch(&batch).expect("the rerun");
        consistent(&cut);
        prop_assert_eq!(&contents(&cut), &after_one, "a rerun after a cut changed the store");
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Whatever words a user searches for, the full-text filter is a query the index
    /// accepts (found by the `api` fuzz target, where one was a 500).
    #[test]
    fn any_search_text_is_a_valid_query(text in prop_oneof![any::<String>(), "[a-z\u{300}-\u{36f}\u{900}-\u{97f} \"*()-]{0,40}"]) {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let mut store = Store::open(dir.path().join("search.db")).expect("a store");
        store.write_batch(&[build(&Article { id: 1, url: None, text: 0, version: 0, day: 3, events: vec![(1, 3, 2, 0)] })])
            .expect("a write");
        let query = EventQuery { text: Some(text.clone()), ..EventQuery::default() };
        prop_assert!(store.query(&query).is_ok(), "{text:?}: {:?}", store.query(&query).err());
        prop_assert!(store.count_events(&query, 1000).is_ok());
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// The in-memory merger (for jobs that never open a store, such as a Spark step)
    /// gives the events a fresh store gives, with the same ids, representatives and
    /// counts, for any stream of distinct articles; and merging each key's reports on
    /// their own gives the same again.
    #[test]
    fn the_in_memory_merger_agrees_with_the_store(articles in prop::collection::vec(article(), 1..14)) {
        let batch: Vec<CodedDocument> = articles
            .iter()
            .enumerate()
            .map(|(i, article)| {
                let mut coded = build(article);
                coded.document.id = format!("doc-{i}");
                coded.document.url = article.url.map(|u| format!("https://news{u}.example/story-{i}"));
                coded
            })
            .collect();
        let dir = tempfile::tempdir().expect("a temporary directory");
        let mut store = Store::open(dir.path().join("store.db")).expect("a store");
        store.write_batch(&batch).expect("an ingest");
        let stored: Vec<_> = store
            .query(&EventQuery::default())
            .expect("the events")
            .into_iter()
            .map(|e| (e.id, e.event.event_id, e.event.cameo.as_str().to_string(), e.num_mentions, e.num_sources, e.num_articles))
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();

        let mut merger = EventMerger::default();
        for coded in &batch {
            merger.add_document(&coded.document, &coded.events);
        }
        let merged: Vec<_> = merger
            .finish()
            .into_iter()
            .map(|e| (e.id, e.event.event_id, e.event.cameo.as_str().to_string(), e.num_mentions, e.num_sources, e.num_articles))
            .collect();
        prop_assert_eq!(&merged, &stored);

        // Split by key, each part merged alone: the same events (ids aside).
        let mut parts: std::collections::BTreeMap<MergeKey, EventMerger> = Default::default();
        for coded in &batch {
            let mut by_key: std::collections::BTreeMap<MergeKey, Vec<Event>> = Default::default();
            for event in &coded.events {
                by_key.entry(MergeKey::of(event)).or_default().push(event.clone());
            }
            for (key, events) in by_key {
                parts.entry(key).or_default().add_document(&coded.document, &events);
            }
        }
        let without_id = |rows: &[(i64, String, String, u64, u64, u64)]| {
            let mut rows: Vec<_> = rows.iter().map(|r| (r.1.clone(), r.2.clone(), r.3, r.4, r.5)).collect();
            rows.sort();
            rows
        };
        let split: Vec<_> = parts
            .into_values()
            .flat_map(EventMerger::finish)
            .map(|e| (0, e.event.event_id, e.event.cameo.as_str().to_string(), e.num_mentions, e.num_sources, e.num_articles))
            .collect();
        prop_assert_eq!(without_id(&split), without_id(&merged));
    }
}
