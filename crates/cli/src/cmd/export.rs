//! `dyad export`: stored events to files in the formats analysts' tools read.
//!
//! Events are streamed from the store one at a time, so an export of millions holds
//! one event (Parquet: one row group) in memory. A file is written under a temporary
//! name beside its destination and renamed when complete: a failed or interrupted
//! export never leaves a file that looks whole.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use clap::{Args, ValueEnum};
use dyad_export::{
    gdelt_timestamp, phoenix_row, plover_stored_record, write_gdelt_event_row, write_gdelt_mention_row,
    MentionRecord, ParquetWriter,
};
use dyad_store::{EventQuery, Store, StoredEvent};

use super::ingest::DbArgs;
use super::query::{export_record, FilterArgs};

#[derive(Args, Debug)]
pub struct ExportArgs {
    #[command(flatten)]
    db: DbArgs,
    /// gdelt-events: GDELT 2.0 events (61 columns, tab-separated, no header);
    /// gdelt-mentions: GDELT 2.0 mentions (16 columns); plover: PLOVER JSON, one record
    /// per line; phoenix: Phoenix event data (26 columns, tab-separated); csv: with a
    /// header; parquet: typed columns (the schema is in the README).
    #[arg(long, value_enum)]
    format: ExportFormat,
    /// The file to write; - for standard output (not for parquet).
    #[arg(long, value_name = "PATH")]
    out: PathBuf,
    #[command(flatten)]
    filters: FilterArgs,
    /// Print one JSON object on the last line of standard output: format, out, rows.
    #[arg(long)]
    json: bool,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum ExportFormat {
    GdeltEvents,
    GdeltMentions,
    Plover,
    Phoenix,
    Csv,
    Parquet,
}

impl ExportFormat {
    fn name(self) -> &'static str {
        match self {
            ExportFormat::GdeltEvents => "gdelt-events",
            ExportFormat::GdeltMentions => "gdelt-mentions",
            ExportFormat::Plover => "plover",
            ExportFormat::Phoenix => "phoenix",
            ExportFormat::Csv => "csv",
            ExportFormat::Parquet => "parquet",
        }
    }
}

/// `DATEADDED` of a stored event: the day its first article was published (Dyad keeps
/// no ingest time, and this keeps exports of the same store identical), or the event's
/// own date for an undated article.
fn date_added(stored: &StoredEvent) -> String {
    gdelt_timestamp(stored.published.unwrap_or(stored.event.date.day))
}

/// Where the rows go: a temporary file renamed on success, or standard output.
enum Sink {
    File { partial: PathBuf, out: PathBuf },
    Stdout,
}

impl Sink {
    fn open(out: &Path) -> Result<(Sink, Box<dyn Write + Send>)> {
        if out.as_os_str() == "-" {
            return Ok((Sink::Stdout, Box::new(BufWriter::new(std::io::stdout()))));
        }
        let partial = partial_path(out);
        let file = File::create(&partial).with_context(|| format!("creating {}", partial.display()))?;
        Ok((
            Sink::File { partial, out: out.to_path_buf() },
            Box::new(BufWriter::with_capacity(1 << 20, file)),
        ))
    }

    fn finish(&self) -> Result<()> {
        if let Sink::File { partial, out } = self {
            std::fs::rename(partial, out)
                .with_context(|| format!("renaming {} to {}", partial.display(), out.display()))?;
        }
        Ok(())
    }

    fn abandon(&self) {
        if let Sink::File { partial, .. } = self {
            let _ = std::fs::remove_file(partial);
        }
    }
}

fn partial_path(out: &Path) -> PathBuf {
    let mut name = out.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(".partial");
    out.with_file_name(name)
}

pub fn run(args: ExportArgs) -> Result<()> {
    let store = Store::open_existing(&args.db.db)?;
    let query = args.filters.query()?;
    if args.format == ExportFormat::Parquet && args.out.as_os_str() == "-" {
        bail!("--format parquet needs a file (--out PATH): a Parquet footer points back into the file");
    }
    let (sink, mut out) = Sink::open(&args.out)?;
    let result = write(&store, &query, args.format, &mut out).and_then(|rows| {
        out.flush().context("writing the export")?;
        drop(out);
        Ok(rows)
    });
    let rows = match result {
        Ok(rows) => rows,
        Err(err) => {
            sink.abandon();
            return Err(err);
        }
    };
    sink.finish()?;
    let what = if args.format == ExportFormat::GdeltMentions { "mention(s)" } else { "event(s)" };
    eprintln!("dyad: wrote {rows} {what} to {} as {}", args.out.display(), args.format.name());
    if args.json {
        println!(
            "{}",
            serde_json::json!({"format": args.format.name(), "out": args.out.display().to_string(), "rows": rows})
        );
    }
    Ok(())
}

fn write(
    store: &Store,
    query: &EventQuery,
    format: ExportFormat,
    out: &mut (dyn Write + Send),
) -> Result<u64> {
    let mut row = String::with_capacity(1024);
    let rows = match format {
        ExportFormat::GdeltEvents => store.scan_events(query, |stored| -> Result<()> {
            let added = date_added(&stored);
            write_gdelt_event_row(&export_record(&stored, &added), &mut row);
            row.push('\n');
            out.write_all(row.as_bytes()).context("writing the export")
        })?,
        ExportFormat::GdeltMentions => store.scan_mentions(query, |mention| -> Result<()> {
            let event_time = gdelt_timestamp(mention.event_published.unwrap_or(mention.event_date));
            let mention_time =
                gdelt_timestamp(mention.published.or(mention.event_published).unwrap_or(mention.event_date));
            // An article without a URL counts as an outlet of its own (`doc:ID`); its
            // publication's name is the better source name.
            let source_name = if mention.outlet.starts_with("doc:") {
                mention.publication.as_deref().unwrap_or("")
            } else {
                mention.outlet.as_str()
            };
            let record = MentionRecord {
                event_id: mention.event as u64,
                event_time: &event_time,
                mention_time: &mention_time,
                source_name,
                url: mention.url.as_deref(),
                doc_id: &mention.doc_id,
                sentence: mention.sentence,
                actor1_offset: mention.source_offset,
                actor2_offset: mention.target_offset,
                action_offset: mention.trigger_offset,
                confidence: mention.confidence,
                doc_len: mention.doc_chars,
            };
            write_gdelt_mention_row(&record, &mut row);
            row.push('\n');
            out.write_all(row.as_bytes()).context("writing the export")
        })?,
        ExportFormat::Plover => store.scan_events(query, |stored| -> Result<()> {
            let added = date_added(&stored);
            serde_json::to_writer(&mut *out, &plover_stored_record(&export_record(&stored, &added)))?;
            out.write_all(b"\n").context("writing the export")
        })?,
        ExportFormat::Phoenix => store.scan_events(query, |stored| -> Result<()> {
            let added = date_added(&stored);
            let (urls, outlets) = store.event_sources(stored.id)?;
            let line = phoenix_row(&export_record(&stored, &added), &urls, &outlets);
            writeln!(out, "{line}").context("writing the export")
        })?,
        ExportFormat::Csv => {
            writeln!(out, "{}", dyad_export::csv_header()).context("writing the export")?;
            store.scan_events(query, |stored| -> Result<()> {
                let added = date_added(&stored);
                writeln!(out, "{}", dyad_export::csv_row(&export_record(&stored, &added)))
                    .context("writing the export")
            })?
        }
        ExportFormat::Parquet => {
            let mut writer = ParquetWriter::new(&mut *out).context("starting the Parquet file")?;
            store.scan_events(query, |stored| -> Result<()> {
                let added = date_added(&stored);
                writer.write(&export_record(&stored, &added)).context("writing a Parquet row")
            })?;
            writer.finish().context("finishing the Parquet file")?.0
        }
    };
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_partial_file_sits_beside_the_output() {
        assert_eq!(partial_path(Path::new("/tmp/x/events.tsv")), PathBuf::from("/tmp/x/events.tsv.partial"));
    }
}
