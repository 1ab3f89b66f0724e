//! `dyad ingest`: articles in, events into the store.
//!
//! Articles are read in order, in batches. Each batch is coded in parallel (rayon keeps
//! the order), then handed over a channel of capacity one to a writer thread that
//! writes it in one transaction. Memory holds at most a few batches whatever the input
//! size, and the store sees documents in input order, so a rerun after a crash makes
//! exactly the same merges as an uninterrupted run.

use std::collections::BTreeMap;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use anyhow::{anyhow, Context, Result};
use clap::Args;
use dyad_model::Severity;
use dyad_store::{BatchReport, CodedDocument, Store};
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;
use serde::Serialize;

use crate::inputs::{articles, PipelineArgs};

/// The store file shared by `ingest`, `query` and `stats`.
#[derive(Args, Debug, Clone)]
pub struct DbArgs {
    /// The store: a SQLite file, created on first use.
    #[arg(long, value_name = "PATH", default_value = "dyad.db")]
    pub db: PathBuf,
}

#[derive(Args, Debug)]
pub struct IngestArgs {
    #[command(flatten)]
    pipeline: PipelineArgs,
    #[command(flatten)]
    db: DbArgs,
    /// Print the report as one JSON object on the last line of standard output.
    #[arg(long)]
    json: bool,
    /// Documents per transaction. A crash loses at most the batch being written; the
    /// next run codes it again.
    #[arg(long, value_name = "N", default_value_t = 64, value_parser = clap::value_parser!(u64).range(1..))]
    batch: u64,
    /// Inputs are already coded: JSONL records `{"document": ..., "events": [...]}`.
    /// Skips the pipeline; for tests and benchmarks of the store.
    #[arg(long, hide = true)]
    precoded: bool,
    /// Articles: files of any supported format, directories, or - for standard input.
    #[arg(value_name = "INPUTS")]
    inputs: Vec<String>,
}

/// What a run did. Every document read ends up in exactly one of: already stored,
/// coded (then new or replacing an older version), not coded (with its reason).
#[derive(Default, Serialize)]
struct IngestReport {
    documents_read: u64,
    documents_rejected: u64,
    documents_already_stored: u64,
    documents_coded: u64,
    documents_not_coded: BTreeMap<String, u64>,
    events_coded: u64,
    store: BatchReport,
    seconds: f64,
    db: String,
    db_documents: u64,
    db_events: u64,
    db_mentions: u64,
}

impl IngestReport {
    fn progress(&self) -> String {
        format!(
            "{} read, {} already stored, {} coded, {} event(s)",
            self.documents_read, self.documents_already_stored, self.documents_coded, self.events_coded
        )
    }
}

pub fn run(args: IngestArgs) -> Result<()> {
    let started = Instant::now();
    let pipeline = if args.precoded { None } else { Some(args.pipeline.pipeline()?) };
    let db = &args.db.db;
    let mut writer_store = Store::open(db).context("opening the store")?;
    // A second connection answers "already stored?" while the writer holds its own;
    // WAL lets it read while a batch is being written.
    let reader_store = Store::open(db).context("opening the store")?;

    let progress = if std::io::stderr().is_terminal() {
        let bar = ProgressBar::new_spinner();
        bar.set_style(
            ProgressStyle::with_template("{spinner} {elapsed_precise} {msg}").expect("the template is valid"),
        );
        bar.enable_steady_tick(Duration::from_millis(200));
        bar
    } else {
        ProgressBar::hidden()
    };
    let say = |line: &str| {
        if progress.is_hidden() {
            eprintln!("{line}");
        } else {
            progress.println(line);
        }
    };

    let mut report = IngestReport { db: db.display().to_string(), ..IngestReport::default() };
    let (sender, receiver) = mpsc::sync_channel::<Vec<CodedDocument>>(1);
    let written = std::thread::scope(|scope| -> Result<BatchReport> {
        let writer = scope.spawn(move || -> Result<BatchReport> {
            let mut total = BatchReport::default();
            for batch in receiver {
                let done = writer_store.write_batch(&batch).context("writing to the store")?;
                total.add(&done);
            }
            Ok(total)
        });

        if args.precoded {
            for chunk in chunks(precoded(&args.inputs), args.batch as usize) {
                let mut batch = Vec::with_capacity(chunk.len());
                for item in chunk {
                    match item {
                        Ok(coded) => {
                            report.documents_read += 1;
                            if reader_store.is_known(&coded.document).context("reading the store")? {
                                report.documents_already_stored += 1;
                                continue;
                            }
                            report.documents_coded += 1;
                            report.events_coded += coded.events.len() as u64;
                            batch.push(coded);
                        }
                        Err(err) => {
                            report.documents_rejected += 1;
                            say(&format!("error: {err}"));
                        }
                    }
                }
                if sender.send(batch).is_err() {
                    break;
                }
                progress.set_message(report.progress());
            }
        } else if let Some(pipeline) = &pipeline {
            for chunk in chunks(articles(&args.inputs), args.batch as usize) {
                let mut to_code = Vec::with_capacity(chunk.len());
                for item in chunk {
                    let mut article = match item {
                        Ok(article) => article,
                        Err(err) => {
                            report.documents_rejected += 1;
                            say(&format!("error: {err}"));
                            continue;
                        }
                    };
                    report.documents_read += 1;
                    args.pipeline.date_document(&mut article);
                    for warning in &article.warnings {
                        say(&warning.to_string());
                    }
                    // Skip before coding: a rerun after a crash reaches the unwritten part
                    // in the time it takes to hash what is already stored.
                    if reader_store.is_known(&article.document).context("reading the store")? {
                        report.documents_already_stored += 1;
                        continue;
                    }
                    to_code.push(article.document);
                }
                let analysed: Vec<_> =
                    to_code.into_par_iter().map(|document| pipeline.run(document)).collect();
                let mut batch = Vec::with_capacity(analysed.len());
                for analysed in analysed {
                    for diagnostic in &analysed.diagnostics {
                        if diagnostic.severity > Severity::Info || !analysed.coded {
                            say(&diagnostic.to_string());
                        }
                    }
                    if !analysed.coded {
                        let reason = analysed
                            .diagnostics
                            .last()
                            .map_or_else(|| "not coded".to_string(), |d| d.message.clone());
                        *report.documents_not_coded.entry(reason).or_default() += 1;
                        continue;
                    }
                    report.documents_coded += 1;
                    report.events_coded += analysed.doc.events.len() as u64;
                    batch
                        .push(CodedDocument { document: analysed.doc.document, events: analysed.doc.events });
                }
                if sender.send(batch).is_err() {
                    // The writer stopped on an error; it is reported below.
                    break;
                }
                progress.set_message(report.progress());
            }
        }
        drop(sender);
        writer.join().map_err(|_| anyhow!("the store writer panicked"))?
    });
    progress.finish_and_clear();
    report.store = written?;
    let summary = reader_store.summary().context("reading the store")?;
    report.db_documents = summary.documents;
    report.db_events = summary.events;
    report.db_mentions = summary.mentions;
    report.seconds = started.elapsed().as_secs_f64();

    let not_coded: u64 = report.documents_not_coded.values().sum();
    let mut stderr = std::io::stderr();
    writeln!(
        stderr,
        "dyad: {} document(s) read, {} already stored, {} coded, {} not coded, {} rejected; \
         {} event(s): {} new, {} already known, {} removed with replaced documents; \
         {} now has {} document(s), {} event(s)",
        report.documents_read,
        report.documents_already_stored,
        report.documents_coded,
        not_coded,
        report.documents_rejected,
        report.events_coded,
        report.store.events_new,
        report.store.events_known,
        report.store.events_removed,
        report.db,
        report.db_documents,
        report.db_events,
    )?;
    for (reason, count) in &report.documents_not_coded {
        writeln!(stderr, "dyad: {count} not coded: {reason}")?;
    }
    if args.json {
        let mut stdout = std::io::stdout().lock();
        serde_json::to_writer(&mut stdout, &report)?;
        writeln!(stdout)?;
    }
    Ok(())
}

/// Splits an iterator into vectors of `size` items.
fn chunks<T>(mut items: impl Iterator<Item = T>, size: usize) -> impl Iterator<Item = Vec<T>> {
    std::iter::from_fn(move || {
        let chunk: Vec<T> = items.by_ref().take(size).collect();
        (!chunk.is_empty()).then_some(chunk)
    })
}

/// Reads `--precoded` inputs: one JSON `CodedDocument` per line; a bad line is an
/// error item naming file and line, and reading goes on.
fn precoded(paths: &[String]) -> impl Iterator<Item = Result<CodedDocument, String>> + '_ {
    paths.iter().flat_map(|path| -> Box<dyn Iterator<Item = Result<CodedDocument, String>>> {
        let file = match std::fs::File::open(path) {
            Ok(file) => file,
            Err(err) => return Box::new(std::iter::once(Err(format!("{path}: cannot read: {err}")))),
        };
        let lines = std::io::BufRead::lines(std::io::BufReader::new(file));
        Box::new(lines.enumerate().filter_map(move |(index, line)| {
            match line {
                Err(err) => Some(Err(format!("{path}:{}: cannot read: {err}", index + 1))),
                Ok(line) if line.trim().is_empty() => None,
                Ok(line) => Some(
                    serde_json::from_str::<CodedDocument>(&line)
                        .map_err(|err| format!("{path}:{}: not a coded document: {err}", index + 1)),
                ),
            }
        }))
    })
}
