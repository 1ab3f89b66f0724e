//! Options shared by every command that reads articles and runs the pipeline.

use std::path::PathBuf;

use anyhow::{Context, Result};
use chrono::NaiveDate;
use clap::{Args, ValueEnum};
use dyad_ingest::{read_inputs, Article, IngestError, Input, ReadOptions};
use dyad_pipeline::{Pipeline, StandardOptions};

/// Inputs and pipeline settings.
#[derive(Args, Debug, Clone)]
pub struct PipelineArgs {
    /// Publication date for articles whose input has none (plain text, JSONL records
    /// without `date`); relative dates ("on Tuesday") are read against it. Defaults to
    /// today, with a warning.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_cli_date)]
    pub date: Option<NaiveDate>,
    /// A folder of your own actor dictionaries, read on top of the built-in ones.
    #[arg(long, value_name = "DIR")]
    pub kb: Option<PathBuf>,
    /// A syntax model trained with `dyad train syntax`, instead of the built-in one.
    #[arg(long, value_name = "FILE")]
    pub syntax_model: Option<PathBuf>,
    /// Report ICEWS/CAMEO Goldstein values instead of GDELT's.
    #[arg(long)]
    pub icews_goldstein: bool,
    /// Keep negated and hypothetical events, marked by their modality.
    #[arg(long)]
    pub keep_unasserted: bool,
    /// The format of the dictionaries in --dicts: `petrarch` (TABARI/PETRARCH actors,
    /// agents, verbs and discards, told apart by their file names).
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub dict_format: Option<DictFormat>,
    /// A folder of dictionaries in --dict-format, used in place of Dyad's own actor and
    /// verb dictionaries (lines not understood and constructs Dyad cannot express are
    /// reported on stderr).
    #[arg(long, value_name = "DIR", requires = "dict_format")]
    pub dicts: Option<PathBuf>,
}

/// Dictionary formats Dyad reads besides its own.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum DictFormat {
    /// TABARI/PETRARCH dictionaries.
    Petrarch,
}

fn parse_cli_date(text: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| format!("{text:?} is not a date in the form YYYY-MM-DD"))
}

impl PipelineArgs {
    /// Builds the standard pipeline with these settings; with --dicts, on those
    /// dictionaries.
    pub fn pipeline(&self) -> Result<Pipeline> {
        let converted = match (&self.dict_format, &self.dicts) {
            (Some(DictFormat::Petrarch), Some(dir)) => {
                let loaded = crate::cmd::petrarch::load_dir(dir)?;
                loaded.print_summary(&mut std::io::stderr(), false)?;
                Some(loaded.converted)
            }
            (Some(_), None) => anyhow::bail!("--dict-format needs --dicts DIR"),
            (None, _) => None,
        };
        self.pipeline_with(converted)
    }

    /// Builds the standard pipeline with these settings, on converted dictionaries if
    /// given.
    pub fn pipeline_with(&self, converted: Option<dyad_petrarch::Converted>) -> Result<Pipeline> {
        let (kb, verbs) = match converted {
            Some(c) => (Some(std::sync::Arc::new(c.kb)), Some(c.verbs)),
            None => (None, None),
        };
        let options = StandardOptions {
            kb,
            verbs,
            kb_overlay: self.kb.clone(),
            syntax_model: self.syntax_model.clone(),
            goldstein: if self.icews_goldstein {
                dyad_model::GoldsteinScale::Icews
            } else {
                dyad_model::GoldsteinScale::Gdelt
            },
            keep_unasserted: self.keep_unasserted,
        };
        dyad_pipeline::standard(&options).context("building the pipeline")
    }

    /// Gives a document without a date of its own the `--date`, else today's date with
    /// a warning (the one place Dyad reads the clock).
    pub fn date_document(&self, article: &mut Article) {
        if article.document.date.is_some() {
            return;
        }
        match self.date {
            Some(date) => article.document.date = Some(date),
            None => {
                article.document.date = Some(chrono::Local::now().date_naive());
                let location = article.document.source.clone().unwrap_or_else(|| article.document.id.clone());
                article.warnings.push(dyad_model::Diagnostic::warning(
                    "cli",
                    location,
                    "no publication date; dated today (give --date to set one)",
                ));
            }
        }
    }
}

/// Streams the articles of `paths` (`-` is stdin).
pub fn articles(paths: &[String]) -> impl Iterator<Item = Result<Article, IngestError>> {
    let inputs = if paths.is_empty() {
        vec![Input::Stdin]
    } else {
        paths.iter().map(|p| Input::from_arg(p)).collect()
    };
    read_inputs(inputs, ReadOptions::default())
}
