//! Match speed of the actor knowledge base, in bytes of sentence text per second.
//!
//! Corpus: the newswire sentences of `../shared/news/event_location_dev.jsonl` (tokenised
//! once, outside the timed loop, with the crate's small tokenizer); without the shared
//! folder, the seed sentences below repeated. Run with
//! `cargo bench -p dyad-kb --bench match`.

use std::path::Path;

use chrono::NaiveDate;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use dyad_kb::{simple_tokens, Kb};
use dyad_model::Token;

const FALLBACK: &[&str] = &[
    "Iraqi Prime Minister Mustafa al-Kazemi will travel to the United States where he will meet with US President Joe Biden on 26 July.",
    "White House press secretary Jen Psaki said Biden also hopes to strengthen bilateral cooperation with Iraq.",
    "The attacks have been attributed to pro-Iranian armed groups under the umbrella of the Popular Mobilisation Forces.",
];

fn corpus() -> Vec<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/news/event_location_dev.jsonl");
    match std::fs::read_to_string(&path) {
        Ok(text) => text
            .lines()
            .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
            .filter_map(|record| record.get("text").and_then(|t| t.as_str()).map(str::to_string))
            .collect(),
        Err(_) => {
            eprintln!("{} is absent: benchmarking the seed sentences", path.display());
            FALLBACK.iter().cycle().take(3000).map(|s| s.to_string()).collect()
        }
    }
}

fn bench_match(c: &mut Criterion) {
    let kb = Kb::load_embedded().expect("shipped dictionaries load");
    let sentences = corpus();
    let tokenised: Vec<Vec<Token>> = sentences.iter().map(|s| simple_tokens(s)).collect();
    let n_bytes: usize = sentences.iter().map(String::len).sum();
    let date = NaiveDate::from_ymd_opt(2021, 7, 13);
    let count = |kb: &Kb| {
        tokenised
            .iter()
            .enumerate()
            .map(|(i, tokens)| kb.match_sentence(tokens, i, 0, date).len())
            .sum::<usize>()
    };
    let n_mentions = count(&kb);
    // A speedup that comes from finding less must fail, not pass.
    assert!(n_mentions > sentences.len() / 2, "only {n_mentions} mentions in {} sentences", sentences.len());
    eprintln!("corpus: {} sentences, {n_bytes} bytes, {n_mentions} mentions", sentences.len());
    let mut group = c.benchmark_group("kb");
    group.throughput(Throughput::Bytes(n_bytes as u64));
    group.sample_size(10);
    group.bench_function("match_sentence", |b| b.iter(|| assert_eq!(count(&kb), n_mentions)));
    group.finish();
}

criterion_group!(benches, bench_match);
criterion_main!(benches);
