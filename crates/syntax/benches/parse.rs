//! Tagging and parsing speed on the UD English EWT test sentences (gold tokens).
//! Skipped when ../shared is absent.

use std::path::PathBuf;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use dyad_syntax::{read_conllu, SyntaxModel};

fn parse_ewt_test(c: &mut Criterion) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/treebanks/en_ewt-test.conllu");
    if !path.exists() {
        eprintln!("skipping: {} is absent", path.display());
        return;
    }
    let sentences = read_conllu(&path).expect("read EWT test");
    let forms: Vec<Vec<&str>> = sentences.iter().map(|sentence| sentence.forms()).collect();
    let model = SyntaxModel::load_default().expect("embedded model");
    let mut annotator = model.annotator();
    let mut group = c.benchmark_group("syntax");
    group.throughput(Throughput::Elements(forms.len() as u64));
    group.sample_size(10);
    group.bench_function("tag_and_parse_ewt_test", |b| {
        b.iter(|| {
            let mut roots = 0usize;
            let mut words = 0usize;
            for sentence in &forms {
                annotator.analyse(sentence, |_, analysis| {
                    words += 1;
                    roots += analysis.head.is_none() as usize;
                });
            }
            // Every sentence got one root and every word an analysis: no work skipped.
            assert_eq!(roots, forms.len());
            assert_eq!(words, 25094);
            roots
        })
    });
    group.finish();
}

criterion_group!(benches, parse_ewt_test);
criterion_main!(benches);
