//! Rows damaged on disk are errors naming the store, never panics (found by the
//! `store_file` fuzz target).

use dyad_model::{
    Actor, Document, Event, EventCode, EventDate, GoldsteinScale, Modality, Plover, Provenance, RoleSpan,
    Span,
};
use dyad_store::{CodedDocument, EventQuery, Store, StoreError};

/// A store at `path` holding one article with one event, whose provenance has the
/// trigger's span.
fn store_with_one_event(path: &std::path::Path) {
    let text = "Iraq fired rockets at Iran.";
    let cameo = EventCode::parse("190").unwrap();
    let actor = |code: &str, span| {
        Some(Actor { code: code.into(), name: code.into(), entity: None, span: Some(span) })
    };
    let event = Event {
        event_id: "ev-1".into(),
        doc_id: "d1".into(),
        sentence: 0,
        date: EventDate::parse_iso("2021-07-12").unwrap(),
        source: actor("IRQ", Span::new(0, 4)),
        target: actor("IRN", Span::new(22, 26)),
        root: cameo.root(),
        quad: cameo.quad(),
        goldstein: cameo.goldstein(GoldsteinScale::Gdelt),
        cameo,
        plover: Plover::default(),
        modality: Modality::Asserted,
        location: None,
        quantities: Vec::new(),
        text: text.into(),
        provenance: Provenance {
            spans: vec![RoleSpan { role: "trigger".into(), span: Span::new(5, 10), text: "fired".into() }],
            rule: "test".into(),
            entries: Vec::new(),
        },
        confidence: 0.5,
        mentions: vec![0],
    };
    let mut document = Document::new("d1", text);
    document.date = chrono::NaiveDate::from_ymd_opt(2021, 7, 12);
    let mut store = Store::open(path).unwrap();
    store.write_batch(&[CodedDocument { document, events: vec![event] }]).unwrap();
    assert_eq!(store.query(&EventQuery::default()).unwrap().len(), 1);
}

#[test]
fn a_reversed_actor_span_in_a_damaged_row_is_a_bad_value() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("dyad.db");
    store_with_one_event(&path);

    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch("UPDATE mentions SET source_start = 24831, source_end = 185").unwrap();
    drop(conn);
    let store = Store::open(&path).unwrap();
    let err = store.query(&EventQuery::default()).expect_err("a reversed span must not be read");
    assert!(matches!(err, StoreError::BadValue { .. }), "{err:?}");
    assert!(err.to_string().contains("dyad.db") && err.to_string().contains("24831..185"), "{err}");
}

#[test]
fn a_reversed_provenance_span_in_a_damaged_row_is_a_bad_value() {
    // Found by the `store_file` fuzz target: a span whose end is before its start made
    // the length of its words overflow.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("dyad.db");
    store_with_one_event(&path);
    let conn = rusqlite::Connection::open(&path).unwrap();
    let provenance: String =
        conn.query_row("SELECT provenance FROM mentions WHERE is_primary = 1", [], |row| row.get(0)).unwrap();
    assert!(provenance.contains("\"end\":10"), "{provenance}");
    conn.execute("UPDATE mentions SET provenance = ?1", [provenance.replace("\"end\":10", "\"end\":2")])
        .unwrap();
    drop(conn);
    let store = Store::open(&path).unwrap();
    let err = store.query(&EventQuery::default()).expect_err("a reversed span must not be read");
    assert!(matches!(err, StoreError::BadValue { .. }), "{err:?}");
    assert!(err.to_string().contains("outside its sentence"), "{err}");
}

#[test]
fn a_damaged_actor_code_is_a_bad_value() {
    // Found by the `store_file` fuzz target: a code with a byte changed ("IRQ" -> "I~Q")
    // was read back, and only failed later as an invalid query naming no file.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("dyad.db");
    store_with_one_event(&path);
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch("UPDATE events SET source_code = 'I~Q'").unwrap();
    drop(conn);
    let store = Store::open(&path).unwrap();
    let err = store.query(&EventQuery::default()).expect_err("a damaged code must not be read");
    assert!(matches!(err, StoreError::BadValue { .. }), "{err:?}");
    assert!(err.to_string().contains("dyad.db") && err.to_string().contains("I~Q"), "{err}");
}
