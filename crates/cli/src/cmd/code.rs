//! `dyad code`: articles in, events out.

use std::io::{IsTerminal, Write};

use anyhow::{Context, Result};
use clap::{Args, ValueEnum};
use dyad_export::{EventWriter, Format};

use crate::inputs::{articles, PipelineArgs};

#[derive(Args, Debug)]
pub struct CodeArgs {
    #[command(flatten)]
    pipeline: PipelineArgs,
    /// Output format: a readable table (the default on a terminal), JSONL events (the
    /// default otherwise), GDELT 2.0 event rows, or PLOVER JSON records.
    #[arg(long, value_enum)]
    format: Option<OutputFormat>,
    /// Articles: .txt, .jsonl, directories, or - for standard input (the default).
    #[arg(value_name = "FILES")]
    inputs: Vec<String>,
}

#[derive(ValueEnum, Clone, Copy, Debug)]
enum OutputFormat {
    Table,
    Jsonl,
    Gdelt,
    Plover,
}

/// What a run did, printed at the end so nothing is lost silently.
#[derive(Default)]
struct Tally {
    read: usize,
    coded: usize,
    not_coded: usize,
    rejected: usize,
    events: usize,
}

pub fn run(args: CodeArgs) -> Result<()> {
    let pipeline = args.pipeline.pipeline()?;
    let stdout = std::io::stdout();
    let format = match args.format {
        Some(OutputFormat::Table) => Format::Table,
        Some(OutputFormat::Jsonl) => Format::Jsonl,
        Some(OutputFormat::Gdelt) => Format::Gdelt,
        Some(OutputFormat::Plover) => Format::Plover,
        None if stdout.is_terminal() => Format::Table,
        None => Format::Jsonl,
    };
    let date_added = chrono::Local::now().format("%Y%m%d%H%M%S").to_string();
    let mut writer = EventWriter::new(std::io::BufWriter::new(stdout.lock()), format, date_added);
    let mut tally = Tally::default();
    let mut stderr = std::io::stderr();
    for item in articles(&args.inputs) {
        let mut article = match item {
            Ok(article) => article,
            Err(err) => {
                tally.rejected += 1;
                writeln!(stderr, "error: {err}")?;
                continue;
            }
        };
        tally.read += 1;
        args.pipeline.date_document(&mut article);
        for warning in &article.warnings {
            writeln!(stderr, "{warning}")?;
        }
        let analysed = pipeline.run(article.document);
        for diagnostic in &analysed.diagnostics {
            writeln!(stderr, "{diagnostic}")?;
        }
        if analysed.coded {
            tally.coded += 1;
        } else {
            tally.not_coded += 1;
        }
        tally.events += analysed.doc.events.len();
        writer.write_events(&analysed.doc.document, &analysed.doc.events).context("writing events")?;
    }
    writer.finish().context("writing events")?;
    writeln!(
        stderr,
        "dyad: {} document(s) read, {} coded, {} not coded, {} rejected; {} event(s)",
        tally.read, tally.coded, tally.not_coded, tally.rejected, tally.events
    )?;
    Ok(())
}
