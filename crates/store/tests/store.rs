//! The store on a real database file: idempotence, replacement, dedup across
//! articles, rollups, migrations and bad files.

use chrono::NaiveDate;
use dyad_model::{
    Actor, Document, Event, EventCode, EventDate, GoldsteinScale, Location, Modality, Plover, Provenance,
    RoleSpan, Span,
};
use dyad_store::{CodedDocument, DatePeriod, EventQuery, StatsQuery, Store, StoreError};

fn actor(code: &str) -> Option<Actor> {
    (!code.is_empty()).then(|| Actor { code: code.into(), name: code.into(), entity: None, span: None })
}

/// An event as the coder would make it: `source` did `code` to `target` on `date`.
fn event(doc: &str, sentence: usize, source: &str, target: &str, code: &str, date: &str) -> Event {
    let cameo = EventCode::parse(code).unwrap();
    Event {
        event_id: dyad_model::content_id("ev-", format!("{doc}|{sentence}|{code}").as_bytes()),
        doc_id: doc.into(),
        sentence,
        date: EventDate::parse_iso(date).unwrap(),
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
        text: format!("sentence {sentence} of {doc}"),
        provenance: Provenance {
            spans: vec![RoleSpan { role: "trigger".into(), span: Span::new(0, 5), text: "fired".into() }],
            rule: "test.rule".into(),
            entries: vec!["verbs/test.toml:1".into()],
        },
        confidence: 0.8,
        mentions: vec![sentence],
    }
}

fn document(id: &str, url: Option<&str>, text: &str) -> Document {
    let mut document = Document::new(id, text);
    document.url = url.map(str::to_string);
    document.date = NaiveDate::from_ymd_opt(2021, 7, 13);
    document
}

fn coded(document: Document, events: Vec<Event>) -> CodedDocument {
    CodedDocument { document, events }
}

/// A wire story of about 250 words; syndicated copies add a credit line.
const WIRE: &str = "Iraqi forces fired rockets at Iranian positions near the border on Monday, the \
    defence ministry in Baghdad said, after a week of shelling that killed four soldiers and \
    wounded a dozen civilians in villages along the frontier north of Basra. The ministry said \
    the rockets targeted artillery batteries that had shelled Iraqi border posts for three days, \
    and that its forces would respond to any further attack on Iraqi territory. Iran's foreign \
    ministry summoned the Iraqi ambassador in Tehran and accused Baghdad of violating an \
    agreement on border security signed last year, according to the state news agency. A \
    spokesman for the Iraqi government said the prime minister had spoken to the Iranian \
    president by telephone and that both sides had agreed to send delegations to the border \
    to investigate the incidents. Residents of the border villages said they had fled to \
    nearby towns after the shelling destroyed houses and farms, and local officials appealed \
    for tents, food and medicine for hundreds of displaced families. The United Nations mission \
    in Iraq called on both governments to exercise restraint and to resolve their dispute \
    through dialogue, warning that an escalation could threaten the fragile security of the \
    region. Border clashes between the two neighbours have been rare since the end of their \
    war in 1988, but tensions have risen in recent months over water rights, smuggling and \
    the activities of armed groups operating on both sides of the frontier.";

fn temp_store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path().join("dyad.db")).unwrap();
    (dir, store)
}

fn assert_consistent(store: &Store) {
    let problems = store.check().unwrap();
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn ingesting_twice_is_ingesting_once() {
    let (_dir, mut store) = temp_store();
    let batch = vec![
        coded(
            document("a", Some("https://a.example/1"), WIRE),
            vec![
                event("a", 0, "IRQ", "IRN", "190", "2021-07-12"),
                event("a", 1, "IRN", "IRQ", "111", "2021-07-13"),
            ],
        ),
        coded(
            document("b", None, "Turkey imposed sanctions on Syria."),
            vec![event("b", 0, "TUR", "SYR", "163", "2021-07-14")],
        ),
    ];
    let first = store.write_batch(&batch).unwrap();
    assert_eq!((first.documents_new, first.events_new, first.mentions), (2, 3, 3));
    let before = store.summary().unwrap();
    let again = store.write_batch(&batch).unwrap();
    assert_eq!((again.documents_known, again.documents_new, again.events_new, again.mentions), (2, 0, 0, 0));
    assert_eq!(store.summary().unwrap(), before);
    assert!(store.is_known(&batch[0].document).unwrap());
    assert!(!store.is_known(&document("c", None, "Other text.")).unwrap());
    assert_consistent(&store);
}

#[test]
fn a_new_version_of_a_url_replaces_its_events_and_rollups() {
    let (_dir, mut store) = temp_store();
    let url = Some("https://news.example/iraq");
    store
        .write_batch(&[coded(
            document("v1", url, WIRE),
            vec![event("v1", 0, "IRQ", "IRN", "190", "2021-07-12")],
        )])
        .unwrap();
    let corrected = format!("{WIRE} Correction: the rockets were fired by Turkey at Syria.");
    let report = store
        .write_batch(&[coded(
            document("v2", url, &corrected),
            vec![event("v2", 0, "TUR", "SYR", "190", "2021-07-12")],
        )])
        .unwrap();
    assert_eq!((report.documents_replaced, report.events_new, report.events_removed), (1, 1, 1));
    let summary = store.summary().unwrap();
    assert_eq!((summary.documents, summary.events), (1, 1));
    let events = store.query(&EventQuery::default()).unwrap();
    assert_eq!(events[0].event.source.as_ref().unwrap().code, "TUR");
    assert_eq!(events[0].event.doc_id, "v2");
    let by = |s: &str, t: &str| StatsQuery {
        source: s.into(),
        target: t.into(),
        by: DatePeriod::Day,
        from: None,
        to: None,
    };
    assert!(store.stats(&by("IRQ", "IRN")).unwrap().is_empty());
    assert_eq!(store.stats(&by("TUR", "SYR")).unwrap()[0].quad, [0, 0, 0, 1]);
    assert_consistent(&store);
}

#[test]
fn a_syndicated_copy_joins_the_story_and_its_event_gains_a_mention() {
    let (_dir, mut store) = temp_store();
    let copy = format!("{WIRE} (Reporting by the wire desk)");
    let mut second = event("b", 0, "IRQ", "IRN", "190", "2021-07-13");
    second.mentions = vec![0, 3];
    store
        .write_batch(&[
            coded(
                document("a", Some("https://wire.example/x"), WIRE),
                vec![event("a", 0, "IRQ", "IRN", "190", "2021-07-12")],
            ),
            coded(document("b", Some("https://www.paper.example/y"), &copy), vec![second]),
        ])
        .unwrap();
    let summary = store.summary().unwrap();
    assert_eq!((summary.documents, summary.stories, summary.events, summary.mentions), (2, 1, 1, 3));
    let events = store.query(&EventQuery::default()).unwrap();
    let only = &events[0];
    assert_eq!((only.num_articles, only.num_sources, only.num_mentions), (2, 2, 3));
    assert_eq!(only.event.doc_id, "a", "the first report stays representative");

    // The first article is withdrawn and replaced by an unrelated one: the event stays,
    // now represented by the syndicated copy.
    store
        .write_batch(&[coded(
            document("a2", Some("https://wire.example/x"), "Turkey imposed sanctions on Syria."),
            vec![],
        )])
        .unwrap();
    let events = store.query(&EventQuery::default()).unwrap();
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].event.doc_id, "b");
    assert_eq!(events[0].event.mentions, [0, 3]);
    assert_eq!((events[0].num_articles, events[0].num_mentions), (1, 2));
    assert_consistent(&store);
}

#[test]
fn a_copy_joins_a_story_that_another_connection_started() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("dyad.db");
    let mut first = Store::open(&path).unwrap();
    let mut second = Store::open(&path).unwrap();
    // The same words backwards: another story as far as fingerprints go.
    let other: String = WIRE.split_whitespace().rev().collect::<Vec<_>>().join(" ");
    first.write_batch(&[coded(document("a", None, WIRE), vec![])]).unwrap();
    second.write_batch(&[coded(document("b", None, &other), vec![])]).unwrap();
    // The first connection has read this week's fingerprints already; it must see
    // the one the second wrote since.
    let copy = format!("{other} (Reporting by the wire desk)");
    first.write_batch(&[coded(document("c", None, &copy), vec![])]).unwrap();
    let summary = first.summary().unwrap();
    assert_eq!((summary.documents, summary.stories), (3, 2));
}

#[test]
fn reports_of_different_events_stay_apart() {
    let (_dir, mut store) = temp_store();
    let place = |name: &str, id: u64| Location {
        name: name.into(),
        country: Some("IRQ".into()),
        lat: Some(33.0),
        lon: Some(44.0),
        geonameid: Some(id),
        precision: dyad_model::GeoPrecision::City,
        span: None,
    };
    let mut in_basra = event("a", 0, "IRQ", "IRN", "190", "2021-07-12");
    in_basra.location = Some(place("Basra", 1));
    let mut in_mosul = event("b", 0, "IRQ", "IRN", "190", "2021-07-12");
    in_mosul.location = Some(place("Mosul", 2));
    let too_late = event("c", 0, "IRQ", "IRN", "190", "2021-07-20");
    let other_root = event("d", 0, "IRQ", "IRN", "040", "2021-07-12");
    let reversed = event("e", 0, "IRN", "IRQ", "190", "2021-07-12");
    let mut planned = event("f", 0, "IRQ", "IRN", "190", "2021-07-12");
    planned.modality = Modality::Planned;
    let unplaced = event("g", 0, "IRQ", "IRN", "193", "2021-07-13");
    let texts = ["one", "two", "three", "four", "five", "six", "seven"];
    let batch: Vec<CodedDocument> = [in_basra, in_mosul, too_late, other_root, reversed, planned, unplaced]
        .into_iter()
        .zip(texts)
        .map(|(e, text)| coded(document(&e.doc_id.clone(), None, text), vec![e]))
        .collect();
    store.write_batch(&batch).unwrap();
    // Only the report without a place, a day later and of the same root, joins one
    // (the Basra event, the older of the two candidates).
    let summary = store.summary().unwrap();
    assert_eq!(summary.events, 6, "{:#?}", store.query(&EventQuery::default()).unwrap());
    let basra = store.query(&EventQuery { place: Some("basra".into()), ..EventQuery::default() }).unwrap();
    assert_eq!(basra.len(), 1);
    assert_eq!(basra[0].num_articles, 2);
    assert_consistent(&store);
}

#[test]
fn rollups_equal_a_recount_after_many_writes_and_replacements() {
    let (_dir, mut store) = temp_store();
    let codes = ["190", "193", "040", "036", "111", "163", "0256", "051"];
    let actors = ["IRQ", "IRN", "USAGOV", "TUR", "SYR", ""];
    let mut state = 7u64;
    let mut next = |n: usize| {
        state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (state >> 33) as usize % n
    };
    for round in 0..6 {
        let mut batch = Vec::new();
        for d in 0..40 {
            // Half the URLs repeat across rounds, so later rounds replace documents.
            let url =
                format!("https://site{}.example/{}", d % 5, if d % 2 == 0 { d } else { d + 100 * round });
            let id = format!("r{round}-d{d}");
            let events = (0..next(5))
                .map(|s| {
                    let day = format!("2021-07-{:02}", 1 + next(20));
                    event(&id, s, actors[next(6)], actors[next(5)], codes[next(8)], &day)
                })
                .collect();
            batch.push(coded(
                document(&id, Some(&url), &format!("round {round} document {d} {}", next(3))),
                events,
            ));
        }
        store.write_batch(&batch).unwrap();
        assert_consistent(&store);
    }
    let total: u64 = store.query(&EventQuery::default()).unwrap().len() as u64;
    assert_eq!(total, store.summary().unwrap().events);
    let series = store
        .stats(&StatsQuery {
            source: "IRQ".into(),
            target: "IRN".into(),
            by: DatePeriod::Month,
            from: None,
            to: None,
        })
        .unwrap();
    let queried = store
        .query(&EventQuery { dyad: Some(("IRQ".into(), "IRN".into())), ..EventQuery::default() })
        .unwrap();
    assert_eq!(series.iter().map(|p| p.events).sum::<u64>(), queried.len() as u64);
    let goldstein: f64 = queried.iter().map(|e| e.event.goldstein as f64).sum();
    assert!((series.iter().map(|p| p.goldstein_sum).sum::<f64>() - goldstein).abs() < 1e-6);
}

#[test]
fn queries_filter_by_actor_code_date_and_words() {
    let (_dir, mut store) = temp_store();
    store
        .write_batch(&[
            coded(
                document("a", None, "Rockets hit the embassy in Baghdad."),
                vec![
                    event("a", 0, "IRQMIL", "USAGOV", "190", "2021-07-12"),
                    event("a", 1, "USAGOV", "IRQGOV", "040", "2021-07-13"),
                ],
            ),
            coded(
                document("b", None, "Ankara announced sanctions."),
                vec![event("b", 0, "TUR", "SYR", "163", "2021-08-01")],
            ),
        ])
        .unwrap();
    let count = |query: EventQuery| store.query(&query).unwrap().len();
    let all = EventQuery::default;
    assert_eq!(count(all()), 3);
    assert_eq!(count(EventQuery { actor: Some("USA".into()), ..all() }), 2);
    assert_eq!(count(EventQuery { dyad: Some(("IRQ".into(), "USA".into())), ..all() }), 1);
    assert_eq!(count(EventQuery { code: Some("19".into()), ..all() }), 1);
    assert_eq!(count(EventQuery { from: NaiveDate::from_ymd_opt(2021, 7, 13), ..all() }), 2);
    assert_eq!(count(EventQuery { to: NaiveDate::from_ymd_opt(2021, 7, 12), ..all() }), 1);
    assert_eq!(count(EventQuery { text: Some("embassy baghdad".into()), ..all() }), 2);
    assert_eq!(count(EventQuery { text: Some("sanctions OR embassy".into()), ..all() }), 0);
    assert_eq!(count(EventQuery { limit: Some(1), ..all() }), 1);
    assert!(matches!(
        store.query(&EventQuery { actor: Some("US'--".into()), ..all() }),
        Err(StoreError::InvalidQuery(_))
    ));
    let week = store
        .stats(&StatsQuery {
            source: "USA".into(),
            target: "IRQ".into(),
            by: DatePeriod::Week,
            from: None,
            to: None,
        })
        .unwrap();
    assert_eq!(week.len(), 1);
    assert_eq!(week[0].period, "2021-07-12");
    assert_eq!((week[0].events, week[0].goldstein_sum), (1, 1.0));
}

#[test]
fn an_empty_file_is_migrated_and_reopened() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("empty.db");
    std::fs::write(&path, b"").unwrap();
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), 3);
    drop(store);
    let store = Store::open_existing(&path).unwrap();
    assert_eq!(store.summary().unwrap(), Default::default());
}

#[test]
fn a_corrupt_foreign_newer_or_missing_file_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let garbage = dir.path().join("garbage.db");
    std::fs::write(&garbage, "this is not a database, just some text that is long enough ".repeat(40))
        .unwrap();
    let err = Store::open(&garbage).err().expect("garbage must not open");
    assert!(matches!(err, StoreError::NotADatabase { .. }), "{err:?}");
    assert!(err.to_string().contains("garbage.db"), "{err}");

    let foreign = dir.path().join("foreign.db");
    foreign_database(&foreign);
    let err = Store::open(&foreign).err().expect("a foreign database must not open");
    assert!(matches!(err, StoreError::ForeignDatabase { .. }), "{err:?}");

    let newer = dir.path().join("newer.db");
    drop(Store::open(&newer).unwrap());
    set_user_version(&newer, 99);
    let err = Store::open(&newer).err().expect("a newer schema must not open");
    assert!(err.to_string().contains("schema version 99 is newer"), "{err}");

    let err = Store::open_existing(dir.path().join("absent.db")).err().unwrap();
    assert!(matches!(err, StoreError::Missing { .. }), "{err:?}");
}

/// A SQLite file made by another program: a table, no application id.
fn foreign_database(path: &std::path::Path) {
    run_sql(path, "CREATE TABLE someone_else (x);");
}

fn set_user_version(path: &std::path::Path, version: i64) {
    run_sql(path, &format!("PRAGMA user_version = {version};"));
}

fn run_sql(path: &std::path::Path, sql: &str) {
    rusqlite::Connection::open(path).unwrap().execute_batch(sql).unwrap();
}

#[test]
fn an_old_version_seen_again_is_not_reapplied() {
    let (_dir, mut store) = temp_store();
    let url = Some("https://news.example/iraq");
    let v1 = coded(document("v1", url, WIRE), vec![event("v1", 0, "IRQ", "IRN", "190", "2021-07-12")]);
    let v2 =
        coded(document("v2", url, "Corrected."), vec![event("v2", 0, "TUR", "SYR", "190", "2021-07-12")]);
    store.write_batch(&[v1.clone(), v2.clone()]).unwrap();
    let before = store.query(&EventQuery::default()).unwrap();
    // Replaying the same input (as after a crash) changes nothing.
    assert!(store.is_known(&v1.document).unwrap());
    let report = store.write_batch(&[v1, v2]).unwrap();
    assert_eq!((report.documents_known, report.documents_new), (2, 0));
    assert_eq!(store.query(&EventQuery::default()).unwrap(), before);
    assert_consistent(&store);
}

#[test]
fn an_event_outliving_its_first_report_is_named_by_the_next() {
    let (_dir, mut store) = temp_store();
    let url = Some("https://wire.example/a");
    let copy = format!("{WIRE} (Reporting by the wire desk)");
    // v1 and a syndicated copy report one event; the event outlives v1's replacement.
    let first = event("a", 0, "IRQ", "IRN", "190", "2021-07-12");
    let second = event("b", 0, "IRQ", "IRN", "190", "2021-07-12");
    store
        .write_batch(&[
            coded(document("a", url, WIRE), vec![first.clone()]),
            coded(document("b", None, &copy), vec![second.clone()]),
        ])
        .unwrap();
    let before = store.query(&EventQuery::default()).unwrap();
    assert_eq!(before[0].event.event_id, first.event_id);
    // The new version of "a" has the same coder id for a different event (another date).
    let mut moved = event("a", 0, "IRQ", "IRN", "190", "2021-07-20");
    moved.event_id = first.event_id.clone();
    store.write_batch(&[coded(document("a", url, "A rewritten story."), vec![moved])]).unwrap();
    let after = store.query(&EventQuery::default()).unwrap();
    let names: Vec<(i64, &str)> = after.iter().map(|e| (e.id, e.event.event_id.as_str())).collect();
    // The integer id stays; the name follows the representative report.
    assert_eq!(
        names,
        [(before[0].id, second.event_id.as_str()), (before[0].id + 1, first.event_id.as_str())]
    );
    assert_consistent(&store);
}

#[test]
fn damaged_pages_are_reported_not_panicked_on() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("damaged.db");
    {
        let mut store = Store::open(&path).unwrap();
        let batch: Vec<CodedDocument> = (0..200)
            .map(|n| {
                let id = format!("d{n}");
                let events = vec![event(&id, 0, "IRQ", "IRN", "190", "2021-07-12")];
                coded(document(&id, None, &format!("{WIRE} {n}")), events)
            })
            .collect();
        store.write_batch(&batch).unwrap();
        store.checkpoint().unwrap();
    }
    // Overwrite pages in the middle of the file with noise, keeping the header intact.
    let mut bytes = std::fs::read(&path).unwrap();
    let middle = bytes.len() / 2;
    for (i, byte) in bytes[middle..middle + 16384].iter_mut().enumerate() {
        *byte = (i * 7919 % 251) as u8;
    }
    std::fs::write(&path, bytes).unwrap();
    // Whatever SQLite notices first, every call returns; none panics.
    match Store::open(&path) {
        Err(err) => assert!(err.to_string().contains("damaged.db"), "{err}"),
        Ok(store) => {
            let problems = store.check();
            let queried = store.query(&EventQuery::default());
            assert!(
                matches!(&problems, Ok(p) if !p.is_empty()) || problems.is_err() || queried.is_err(),
                "damage went unnoticed: {problems:?}"
            );
            if let Err(err) = queried {
                assert!(err.to_string().contains("damaged.db"), "{err}");
            }
        }
    }
}

#[test]
fn text_search_follows_replacements_within_and_across_batches() {
    let (_dir, mut store) = temp_store();
    let url = Some("https://news.example/a");
    let search = |store: &Store, words: &str| {
        store.query(&EventQuery { text: Some(words.into()), ..EventQuery::default() }).unwrap().len()
    };
    // Within one batch: the first version is replaced before the batch is indexed.
    store
        .write_batch(&[
            coded(
                document("a1", url, "Rockets hit Basra."),
                vec![event("a1", 0, "IRQ", "IRN", "190", "2021-07-12")],
            ),
            coded(
                document("a2", url, "Talks in Geneva."),
                vec![event("a2", 0, "IRQ", "IRN", "040", "2021-07-12")],
            ),
        ])
        .unwrap();
    assert_eq!((search(&store, "basra"), search(&store, "geneva")), (0, 1));
    // Across batches: an indexed version is removed from the index.
    store
        .write_batch(&[coded(
            document("a3", url, "Sanctions on Damascus."),
            vec![event("a3", 0, "TUR", "SYR", "163", "2021-07-13")],
        )])
        .unwrap();
    assert_eq!((search(&store, "geneva"), search(&store, "damascus")), (0, 1));
    assert_consistent(&store);
}

#[test]
fn a_sentence_and_spans_from_the_article_are_stored_once_and_read_back_whole() {
    let (dir, mut store) = temp_store();
    let mut text = String::from("Rockets hit Basra. ");
    let start = text.len();
    text.push_str("Iraqi forces fired rockets at Iranian positions near the border.");
    let end = text.len();
    text.push_str(" Talks in Genève resumed.");
    let mut fired = event("d1", 1, "IRQMIL", "IRNMIL", "190", "2021-07-12");
    fired.text = text[start..end].to_string();
    let span = |role: &str, words: &str| {
        let at = text.find(words).unwrap();
        RoleSpan { role: role.into(), span: Span::new(at, at + words.len()), text: words.into() }
    };
    fired.provenance.spans = vec![
        span("source", "Iraqi forces"),
        span("trigger", "fired"),
        span("target", "Iranian positions"),
        // Outside the sentence, and not the article's words: both kept as they are.
        span("date", "Genève"),
        RoleSpan { role: "location".into(), span: Span::new(start, start + 5), text: "IRAQI".into() },
    ];
    // A report whose sentence is not in the article keeps its own copy.
    let mut elsewhere = event("d1", 2, "IRN", "IRQ", "111", "2021-07-12");
    elsewhere.provenance.spans[0] = span("trigger", "Talks");
    store.write_batch(&[coded(document("d1", None, &text), vec![fired.clone(), elsewhere.clone()])]).unwrap();
    assert_consistent(&store);
    let conn = rusqlite::Connection::open(dir.path().join("dyad.db")).unwrap();
    let stored_as = |id: &str| -> (bool, String) {
        conn.query_row("SELECT text IS NULL, provenance FROM mentions WHERE report_id = ?1", [id], |row| {
            Ok((row.get(0)?, row.get(1)?))
        })
        .unwrap()
    };
    let (no_copy, provenance) = stored_as(&fired.event_id);
    assert!(no_copy && provenance.contains(r#""stripped_spans":[0,1,2]"#), "{provenance}");
    assert!(!provenance.contains("Iranian positions") && provenance.contains("IRAQI"), "{provenance}");
    let (no_copy, provenance) = stored_as(&elsewhere.event_id);
    assert!(!no_copy && !provenance.contains("stripped_spans"), "{provenance}");
    let stored = store.query(&EventQuery::default()).unwrap();
    let find = |id: &str| stored.iter().find(|e| e.event.event_id == id).unwrap();
    assert_eq!(find(&fired.event_id).event.text, fired.text);
    assert_eq!(find(&fired.event_id).event.provenance, fired.provenance);
    assert_eq!(find(&elsewhere.event_id).event.text, elsewhere.text);
    assert_eq!(find(&elsewhere.event_id).event.provenance, elsewhere.provenance);
}
