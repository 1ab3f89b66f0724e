//! Speed of the time, place and quantity stages on the seed article (tokenised once,
//! outside the measurement), in sentences per second.
//!
//! `cargo bench -p dyad-timegeo --bench geo`

use std::sync::Arc;

use chrono::NaiveDate;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use dyad_model::{Doc, Document, Stage};
use dyad_timegeo::{Gazetteer, PlaceStage, QuantityStage, TimeStage};

fn seed_corpus() -> Doc {
    // Ten copies of the article make a 200-sentence document, about a news day's
    // article length distribution in one go.
    let text = include_str!("../tests/fixtures/seed_article.txt").repeat(10);
    let mut document = Document::new("bench", text);
    document.date = NaiveDate::from_ymd_opt(2021, 7, 13);
    let mut doc = Doc::new(document);
    dyad_text::SegmentStage::default().run(&mut doc, &mut Vec::new());
    doc
}

fn stages(c: &mut Criterion) {
    let doc = seed_corpus();
    let sentences = doc.sentences.len() as u64;
    let places = PlaceStage::new(Arc::new(Gazetteer::embedded().expect("embedded gazetteer")));
    let times = TimeStage::default();
    let mut group = c.benchmark_group("timegeo");
    group.throughput(Throughput::Elements(sentences));
    group.bench_function("time+place+quantity", |b| {
        b.iter(|| {
            let mut doc = doc.clone();
            let mut diags = Vec::new();
            times.run(&mut doc, &mut diags);
            places.run(&mut doc, &mut diags);
            QuantityStage.run(&mut doc, &mut diags);
            // Doing less work must not look like a speed-up.
            assert_eq!(doc.times.len(), 10 * 7);
            assert!(doc.places.len() >= 10 * 20, "{}", doc.places.len());
            assert_eq!(doc.quantities.len(), 10 * 2);
            doc
        })
    });
    group.bench_function("place", |b| {
        b.iter(|| {
            let mut doc = doc.clone();
            places.run(&mut doc, &mut Vec::new());
            doc
        })
    });
    group.finish();
}

criterion_group!(benches, stages);
criterion_main!(benches);
