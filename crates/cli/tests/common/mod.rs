//! What the reliability tests share: coded articles for `dyad ingest --precoded`.

#![allow(dead_code)]

use std::io::Write;
use std::path::Path;

use dyad_model::{
    Actor, Document, Event, EventCode, EventDate, GoldsteinScale, Modality, Plover, Provenance, RoleSpan,
    Span,
};
use dyad_store::CodedDocument;

const ACTORS: &[&str] = &["IRQ", "IRQGOV", "USA", "USAMIL", "IRN", "TUR", "SYR", ""];
const CODES: &[&str] = &["040", "036", "190", "0256", "111", "163", "194", "057"];

/// Coded articles numbered `ids` for `dyad ingest --precoded`, each with a few hundred bytes of
/// text and four events, some shared across articles.
pub fn precoded(path: &Path, ids: std::ops::Range<usize>) {
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    for i in ids {
        let id = format!("full-{i}");
        let text = format!(
            "Article {i}. Iraqi forces fired rockets at positions near the border on Monday, officials in \
             Baghdad said, after shelling that wounded {i} people in villages north of Basra. Talks on the \
             withdrawal of foreign troops continued in Washington, where delegations met for the {i}th time."
        );
        let mut document = Document::new(id.clone(), text.clone());
        document.url = Some(format!("https://wire.example/{i}"));
        document.date = chrono::NaiveDate::from_ymd_opt(2021, 7, 1 + (i % 28) as u32);
        let events = (0..4)
            .map(|s| {
                let cameo = EventCode::parse(CODES[(i + s) % CODES.len()]).unwrap();
                let actor = |code: &str| {
                    (!code.is_empty()).then(|| Actor {
                        code: code.into(),
                        name: code.into(),
                        entity: None,
                        span: None,
                    })
                };
                Event {
                    event_id: dyad_model::content_id("ev-", format!("{id}|{s}").as_bytes()),
                    doc_id: id.clone(),
                    sentence: s,
                    // Spread over a year, so that reports merge into events only now and then.
                    date: EventDate::parse_iso(
                        &(chrono::NaiveDate::from_ymd_opt(2021, 1, 1).unwrap()
                            + chrono::Duration::days(((i * 7 + s * 3) % 365) as i64))
                        .to_string(),
                    )
                    .unwrap(),
                    source: actor(ACTORS[(i + s) % ACTORS.len()]),
                    target: actor(ACTORS[(i * 3 + s + 1) % ACTORS.len()]),
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
                            span: Span::new(0, 7),
                            text: "Article".into(),
                        }],
                        rule: "test.rule".into(),
                        entries: Vec::new(),
                    },
                    confidence: 0.7,
                    mentions: vec![s],
                }
            })
            .collect();
        serde_json::to_writer(&mut out, &CodedDocument { document, events }).unwrap();
        out.write_all(b"\n").unwrap();
    }
    out.flush().unwrap();
}
