//! `dyad bench`: end-to-end throughput of the whole pipeline on real inputs, on one
//! core and on all of them, with the time share of each stage and the peak memory.

use std::io::Write;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use clap::Args;
use dyad_model::Document;
use dyad_pipeline::{Pipeline, StageTimes};

use crate::inputs::{articles, PipelineArgs};

#[derive(Args, Debug)]
pub struct BenchArgs {
    #[command(flatten)]
    pipeline: PipelineArgs,
    /// Article files or directories, as for `dyad code`.
    #[arg(value_name = "FILES", required = true)]
    inputs: Vec<String>,
    /// Run the inputs this many times over (a single article repeated gives a stable
    /// figure).
    #[arg(long, default_value_t = 1, value_name = "N")]
    repeat: usize,
    /// Worker threads for the parallel run; all cores by default.
    #[arg(long, value_name = "N")]
    threads: Option<usize>,
    /// Print one JSON object with the figures on the last line.
    #[arg(long)]
    json: bool,
}

/// What one pass over the documents produced.
#[derive(Debug, Default, Clone, Copy)]
struct Counts {
    documents: usize,
    sentences: usize,
    words: usize,
    bytes: usize,
    events: usize,
}

impl Counts {
    fn add(&mut self, other: Counts) {
        self.documents += other.documents;
        self.sentences += other.sentences;
        self.words += other.words;
        self.bytes += other.bytes;
        self.events += other.events;
    }
}

/// One pass: its counts and wall time.
struct Pass {
    counts: Counts,
    elapsed: Duration,
    threads: usize,
}

impl Pass {
    fn rates(&self) -> serde_json::Value {
        let secs = self.elapsed.as_secs_f64().max(1e-9);
        let c = &self.counts;
        serde_json::json!({
            "threads": self.threads,
            "seconds": secs,
            "docs_per_sec": c.documents as f64 / secs,
            "sentences_per_sec": c.sentences as f64 / secs,
            "words_per_sec": c.words as f64 / secs,
            "mb_per_sec": c.bytes as f64 / 1e6 / secs,
            "events_per_sec": c.events as f64 / secs,
        })
    }
}

fn code_one(pipeline: &Pipeline, document: &Document, times: Option<&mut StageTimes>) -> Counts {
    let bytes = document.text.len();
    let analysed = match times {
        Some(times) => pipeline.run_timed(document.clone(), times),
        None => pipeline.run(document.clone()),
    };
    Counts {
        documents: 1,
        sentences: analysed.doc.sentences.len(),
        words: analysed.doc.tokens.len(),
        bytes,
        events: analysed.doc.events.len(),
    }
}

/// Every document on the calling thread, timing each stage.
fn single_pass(pipeline: &Pipeline, documents: &[Document], times: &mut StageTimes) -> Pass {
    let started = Instant::now();
    let mut counts = Counts::default();
    for document in documents {
        counts.add(code_one(pipeline, document, Some(times)));
    }
    Pass { counts, elapsed: started.elapsed(), threads: 1 }
}

/// The documents shared out to `threads` workers that take the next one as they finish
/// (articles vary a lot in length, so fixed chunks would leave workers idle).
fn parallel_pass(pipeline: &Pipeline, documents: &[Document], threads: usize) -> Pass {
    let next = AtomicUsize::new(0);
    let started = Instant::now();
    let counts = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut counts = Counts::default();
                    loop {
                        let index = next.fetch_add(1, Ordering::Relaxed);
                        let Some(document) = documents.get(index) else { break };
                        counts.add(code_one(pipeline, document, None));
                    }
                    counts
                })
            })
            .collect();
        let mut total = Counts::default();
        for worker in workers {
            // A worker only panics on a bug outside the pipeline's own isolation.
            total.add(worker.join().unwrap_or_default());
        }
        total
    });
    Pass { counts, elapsed: started.elapsed(), threads }
}

/// Peak resident memory of this process in MB, where the system tells it (Linux).
fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

pub fn run(args: BenchArgs) -> Result<()> {
    if args.repeat == 0 {
        bail!("--repeat must be at least 1");
    }
    let threads = args.threads.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    if threads == 0 {
        bail!("--threads must be at least 1");
    }
    let mut stderr = std::io::stderr();
    let started = Instant::now();
    let pipeline = args.pipeline.pipeline()?;
    let startup = started.elapsed();

    let started = Instant::now();
    let mut documents = Vec::new();
    let mut rejected = 0usize;
    for item in articles(&args.inputs) {
        match item {
            Ok(mut article) => {
                args.pipeline.date_document(&mut article);
                documents.push(article.document);
            }
            Err(err) => {
                rejected += 1;
                writeln!(stderr, "error: {err}")?;
            }
        }
    }
    let read = started.elapsed();
    if documents.is_empty() {
        bail!("no documents to benchmark in {:?}", args.inputs);
    }
    let documents: Vec<Document> = std::iter::repeat_n(documents, args.repeat).flatten().collect::<Vec<_>>();

    let mut times = StageTimes::default();
    let single = single_pass(&pipeline, &documents, &mut times);
    let parallel = parallel_pass(&pipeline, &documents, threads);
    let peak = peak_rss_mb();

    let names = pipeline.stage_names();
    let staged: f64 = times.per_stage.iter().map(Duration::as_secs_f64).sum::<f64>().max(1e-9);
    let shares: Vec<(&str, f64)> =
        names.iter().zip(&times.per_stage).map(|(name, time)| (*name, time.as_secs_f64() / staged)).collect();

    let c = single.counts;
    println!(
        "input      {} document(s) x {} = {} ({} sentences, {} words, {:.1} MB), {} rejected",
        documents.len() / args.repeat,
        args.repeat,
        c.documents,
        c.sentences,
        c.words,
        c.bytes as f64 / 1e6,
        rejected
    );
    println!("start-up   {:.2} s (models, dictionaries, gazetteer)", startup.as_secs_f64());
    println!("reading    {:.2} s", read.as_secs_f64());
    for (label, pass) in [("1 thread", &single), ("parallel", &parallel)] {
        let rates = pass.rates();
        println!(
            "{label:<10} {} thread(s): {:.2} s, {:.0} docs/s, {:.0} sentences/s, {:.0} words/s, {:.2} MB/s, {:.0} events/s",
            pass.threads,
            pass.elapsed.as_secs_f64(),
            rates["docs_per_sec"].as_f64().unwrap_or(0.0),
            rates["sentences_per_sec"].as_f64().unwrap_or(0.0),
            rates["words_per_sec"].as_f64().unwrap_or(0.0),
            rates["mb_per_sec"].as_f64().unwrap_or(0.0),
            rates["events_per_sec"].as_f64().unwrap_or(0.0),
        );
    }
    let speedup = single.elapsed.as_secs_f64() / parallel.elapsed.as_secs_f64().max(1e-9);
    println!("speed-up   {speedup:.2}x on {threads} thread(s)");
    match peak {
        Some(mb) => println!("peak RSS   {mb:.0} MB"),
        None => println!("peak RSS   unknown on this system"),
    }
    println!("stages     (share of the single-thread time)");
    for (name, share) in &shares {
        println!("  {name:<24} {:>5.1}%", share * 100.0);
    }
    if args.json {
        let value = serde_json::json!({
            "documents": c.documents,
            "sentences": c.sentences,
            "words": c.words,
            "bytes": c.bytes,
            "events": c.events,
            "rejected": rejected,
            "repeat": args.repeat,
            "startup_secs": startup.as_secs_f64(),
            "read_secs": read.as_secs_f64(),
            "single": single.rates(),
            "parallel": parallel.rates(),
            "speedup": speedup,
            "peak_rss_mb": peak,
            "stage_share": shares.iter().map(|(n, s)| (n.to_string(), serde_json::json!(s))).collect::<serde_json::Map<_, _>>(),
        });
        println!("{value}");
    }
    std::io::stdout().flush().context("writing the report")?;
    Ok(())
}
