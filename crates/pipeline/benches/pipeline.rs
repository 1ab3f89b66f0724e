//! Throughput of the coder alone (after parsing) and of the whole pipeline, in
//! sentences, on the gold sentences of `eval/gold/events.jsonl` (in the repository).
//! Each benchmark checks that it still produces events, so a speed-up that comes from
//! doing less work fails.

use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use dyad_coder::{CoderConfig, CoderStage, VerbDictionary};
use dyad_model::{Doc, Document, Stage};
use dyad_pipeline::{standard, StandardOptions};

fn gold_documents() -> Vec<Document> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../eval/gold/events.jsonl");
    let text = std::fs::read_to_string(&path).expect("the gold file is in the repository");
    text.lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| {
            let record: serde_json::Value = serde_json::from_str(line).expect("gold records are JSON");
            let mut document = Document::new(
                record["id"].as_str().unwrap_or("gold").to_string(),
                record["text"].as_str().unwrap_or("").to_string(),
            );
            document.date = chrono::NaiveDate::from_ymd_opt(2022, 1, 1);
            document.language = Some("en".into());
            document
        })
        .collect()
}

fn bench_pipeline(c: &mut Criterion) {
    let pipeline = standard(&StandardOptions::default()).expect("the standard pipeline builds");
    let documents = gold_documents();
    // Every layer but events, for the coder-only benchmark.
    let analysed: Vec<Doc> = documents
        .iter()
        .map(|document| {
            let mut doc = pipeline.run(document.clone()).doc;
            doc.events.clear();
            doc
        })
        .collect();
    let sentences: usize = analysed.iter().map(|doc| doc.sentences.len()).sum();
    let coder =
        CoderStage::new(VerbDictionary::built_in().expect("dictionaries load"), CoderConfig::default());

    let mut group = c.benchmark_group("pipeline");
    group.throughput(Throughput::Elements(sentences as u64));
    group.sample_size(10);
    group.bench_function("coder_only", |b| {
        b.iter(|| {
            let mut events = 0;
            for doc in &analysed {
                let mut doc = doc.clone();
                coder.run(&mut doc, &mut Vec::new());
                events += doc.events.len();
            }
            assert!(events > 100, "the coder found only {events} events");
            events
        })
    });
    group.bench_function("end_to_end", |b| {
        b.iter(|| {
            let events: usize = documents.iter().map(|d| pipeline.run(d.clone()).doc.events.len()).sum();
            assert!(events > 100, "the pipeline found only {events} events");
            events
        })
    });
    group.finish();
}

criterion_group!(benches, bench_pipeline);
criterion_main!(benches);
