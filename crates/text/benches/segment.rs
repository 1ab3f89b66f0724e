//! Throughput of cleaning and segmentation on the seed article, in sentences.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use dyad_model::{Doc, Document, Stage};
use dyad_text::{CleanStage, SegmentStage};

const ARTICLE: &str = include_str!("../tests/fixtures/seed_article_2021-07-13.txt");

fn clean_and_segment(c: &mut Criterion) {
    // 20 copies of the article: a fixed corpus of realistic news paragraphs.
    let text = std::iter::repeat_n(ARTICLE, 20).collect::<Vec<_>>().join("\n\n");
    let segment = SegmentStage::default();
    let mut probe = Doc::new(Document::new("bench", text.clone()));
    CleanStage.run(&mut probe, &mut Vec::new());
    segment.run(&mut probe, &mut Vec::new());
    let sentences = probe.sentences.len();
    assert_eq!(sentences, 20 * 22, "the corpus must segment into the expected sentences");

    let mut group = c.benchmark_group("text");
    group.throughput(Throughput::Elements(sentences as u64));
    group.bench_function("clean+segment", |b| {
        b.iter(|| {
            let mut doc = Doc::new(Document::new("bench", text.clone()));
            let mut diags = Vec::new();
            CleanStage.run(&mut doc, &mut diags);
            segment.run(&mut doc, &mut diags);
            assert_eq!(doc.sentences.len(), sentences);
            doc.tokens.len()
        })
    });
    group.bench_function("segment", |b| {
        let mut cleaned = Doc::new(Document::new("bench", text.clone()));
        CleanStage.run(&mut cleaned, &mut Vec::new());
        b.iter(|| {
            let mut doc = cleaned.clone();
            segment.run(&mut doc, &mut Vec::new());
            doc.tokens.len()
        })
    });
    group.finish();
}

criterion_group!(benches, clean_and_segment);
criterion_main!(benches);
