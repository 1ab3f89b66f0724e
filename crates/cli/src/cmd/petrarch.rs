//! `dyad petrarch`: TABARI/PETRARCH dictionaries, read and converted; and the loading
//! shared with `--dict-format petrarch` on `dyad code` and `dyad eval events`.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result};
use clap::{Args, Subcommand};
use dyad_petrarch::{Converted, Diagnostic, Dictionaries};

#[derive(Args, Debug)]
pub struct PetrarchArgs {
    #[command(subcommand)]
    what: PetrarchWhat,
}

#[derive(Subcommand, Debug)]
enum PetrarchWhat {
    /// Read and convert a folder of dictionaries; report what was not understood or
    /// cannot be expressed, and how long it took.
    #[command(long_about = "Read a folder of TABARI/PETRARCH dictionaries (actors, agents, verbs \
        and discards, told apart by their file names), convert them into Dyad's actor \
        knowledge base and verb dictionary, and report: lines read, entries, every line not \
        understood (with file and line), the constructs Dyad cannot express counted by kind, \
        and the time taken.\n\n\
        Example:\n  dyad petrarch check --dicts ../shared/petrarch/phoenix --json")]
    Check {
        /// The folder.
        #[arg(long, value_name = "DIR")]
        dicts: PathBuf,
        /// Print every diagnostic, not only the counts by kind.
        #[arg(long)]
        all: bool,
        /// Print one JSON object on the last line with the figures.
        #[arg(long)]
        json: bool,
    },
}

/// Dictionaries read and converted, with the time each step took.
pub struct Loaded {
    /// Lines read, all files together.
    pub lines: usize,
    /// Files read.
    pub files: usize,
    /// Lines not understood.
    pub diagnostics: Vec<Diagnostic>,
    /// Dyad's dictionaries.
    pub converted: Converted,
    /// Seconds spent reading and parsing, and converting and compiling.
    pub parse_secs: f64,
    pub convert_secs: f64,
}

fn finish(dictionaries: Dictionaries, started: Instant) -> Result<Loaded> {
    let parse_secs = started.elapsed().as_secs_f64();
    let converting = Instant::now();
    let converted = dyad_petrarch::convert(&dictionaries).context("converting PETRARCH dictionaries")?;
    Ok(Loaded {
        lines: dictionaries.lines,
        files: dictionaries.actors.len()
            + dictionaries.agents.len()
            + dictionaries.verbs.len()
            + dictionaries.discards.len(),
        diagnostics: dictionaries.diagnostics,
        converted,
        parse_secs,
        convert_secs: converting.elapsed().as_secs_f64(),
    })
}

/// Reads and converts every dictionary of a folder.
pub fn load_dir(dir: &Path) -> Result<Loaded> {
    let started = Instant::now();
    let dictionaries = Dictionaries::load_dir(dir)
        .with_context(|| format!("reading PETRARCH dictionaries in {}", dir.display()))?;
    finish(dictionaries, started)
}

impl Loaded {
    fn diagnostic_kinds(&self) -> BTreeMap<&'static str, usize> {
        let mut kinds = BTreeMap::new();
        for d in &self.diagnostics {
            *kinds.entry(d.kind).or_default() += 1;
        }
        kinds
    }

    /// Prints what was read and what was left out; with `all`, every diagnostic.
    pub fn print_summary(&self, out: &mut impl Write, all: bool) -> Result<()> {
        let report = &self.converted.report;
        writeln!(
            out,
            "petrarch: {} file(s), {} lines in {:.2} s (parse {:.2} s, convert {:.2} s); {} line(s) not understood, {} construct(s) Dyad cannot express",
            self.files,
            self.lines,
            self.parse_secs + self.convert_secs,
            self.parse_secs,
            self.convert_secs,
            self.diagnostics.len(),
            report.unsupported_total()
        )?;
        for (kind, count) in self.diagnostic_kinds() {
            let first =
                self.diagnostics.iter().find(|d| d.kind == kind).map(|d| d.to_string()).unwrap_or_default();
            writeln!(out, "  not understood  {count:>6}  {kind} (first: {first})")?;
        }
        for (kind, count) in &report.unsupported {
            let example = report.examples.get(kind).map(String::as_str).unwrap_or("");
            writeln!(out, "  left out        {count:>6}  {kind} (first: {example})")?;
        }
        for (kind, count) in &report.approximated {
            writeln!(out, "  approximated    {count:>6}  {kind}")?;
        }
        if all {
            for diagnostic in &self.diagnostics {
                writeln!(out, "{diagnostic}")?;
            }
        }
        Ok(())
    }

    /// The figures as JSON.
    pub fn json(&self) -> serde_json::Value {
        let report = &self.converted.report;
        serde_json::json!({
            "files": self.files,
            "lines": self.lines,
            "seconds": self.parse_secs + self.convert_secs,
            "parse_seconds": self.parse_secs,
            "convert_seconds": self.convert_secs,
            "not_understood": self.diagnostics.len(),
            "not_understood_by_kind": self.diagnostic_kinds(),
            "unsupported": report.unsupported_total(),
            "unsupported_by_kind": report.unsupported,
            "approximated_by_kind": report.approximated,
            "converted": report.converted,
            "kb_entities": self.converted.kb.stats().entities,
            "verb_patterns": self.converted.verbs.len(),
        })
    }
}

pub fn run(args: PetrarchArgs) -> Result<()> {
    match args.what {
        PetrarchWhat::Check { dicts, all, json } => {
            let loaded = load_dir(&dicts)?;
            let stdout = std::io::stdout();
            let mut out = stdout.lock();
            loaded.print_summary(&mut out, all)?;
            let stats = loaded.converted.kb.stats();
            writeln!(
                out,
                "converted: {} actor entities ({} aliases, {} dated roles), {} agent forms, {} verb patterns",
                stats.entities,
                stats.aliases,
                stats.dated_roles,
                stats.agent_forms,
                loaded.converted.verbs.len()
            )?;
            if json {
                writeln!(out, "{}", loaded.json())?;
            }
            Ok(())
        }
    }
}
