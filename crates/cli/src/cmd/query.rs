//! `dyad query` and `dyad stats`: reading the store.

use std::io::{IsTerminal, Write};

use anyhow::{bail, Context, Result};
use chrono::NaiveDate;
use clap::{Args, ValueEnum};
use dyad_model::{DatePrecision, EventDate};
use dyad_store::{DatePeriod, EventQuery, StatsQuery, Store, StoredEvent};

use super::ingest::DbArgs;

/// The filters shared by `dyad query` and `dyad export`.
#[derive(Args, Debug)]
pub struct FilterArgs {
    /// Events with this actor as source or target; a code matches longer codes that
    /// start with it (USA matches USAGOV).
    #[arg(long, value_name = "CODE")]
    actor: Option<String>,
    /// Events from the first actor to the second (USA,IRQ).
    #[arg(long, value_name = "A,B", value_parser = parse_dyad)]
    dyad: Option<(String, String)>,
    /// CAMEO code or prefix (19: every fight; 193).
    #[arg(long, value_name = "CODE")]
    code: Option<String>,
    /// First date: YYYY-MM-DD, YYYY-MM or YYYY.
    #[arg(long, value_name = "DATE", value_parser = parse_from)]
    from: Option<NaiveDate>,
    /// Last date: YYYY-MM-DD, YYYY-MM (its last day) or YYYY.
    #[arg(long, value_name = "DATE", value_parser = parse_to)]
    to: Option<NaiveDate>,
    /// Events at a place of this name, or in this ISO 3166 alpha-3 country.
    #[arg(long, value_name = "NAME")]
    place: Option<String>,
    /// Events reported by an article containing all these words.
    #[arg(long, value_name = "WORDS")]
    text: Option<String>,
    /// At most this many events.
    #[arg(long, value_name = "N")]
    limit: Option<u64>,
}

impl FilterArgs {
    /// The store query these filters ask for.
    pub fn query(&self) -> Result<EventQuery> {
        if let (Some(from), Some(to)) = (self.from, self.to) {
            if from > to {
                bail!("--from {from} is after --to {to}");
            }
        }
        Ok(EventQuery {
            actor: self.actor.clone(),
            dyad: self.dyad.clone(),
            code: self.code.clone(),
            from: self.from,
            to: self.to,
            place: self.place.clone(),
            text: self.text.clone(),
            limit: self.limit,
        })
    }
}

#[derive(Args, Debug)]
pub struct QueryArgs {
    #[command(flatten)]
    db: DbArgs,
    #[command(flatten)]
    filters: FilterArgs,
    /// A readable table (the default on a terminal), JSONL (the default otherwise:
    /// every field of the event plus id, url, story_id and the GDELT counts), or CSV.
    #[arg(long, value_enum)]
    format: Option<QueryFormat>,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum QueryFormat {
    Table,
    Jsonl,
    Csv,
}

#[derive(Args, Debug)]
pub struct StatsArgs {
    #[command(flatten)]
    db: DbArgs,
    /// The directed dyad: source and target codes (USA,IRQ); each matches longer codes.
    #[arg(long, value_name = "A,B", value_parser = parse_dyad)]
    dyad: (String, String),
    /// Period of the series.
    #[arg(long, value_enum, default_value = "month")]
    by: Period,
    /// First date: YYYY-MM-DD, YYYY-MM or YYYY.
    #[arg(long, value_name = "DATE", value_parser = parse_from)]
    from: Option<NaiveDate>,
    /// Last date: YYYY-MM-DD, YYYY-MM or YYYY.
    #[arg(long, value_name = "DATE", value_parser = parse_to)]
    to: Option<NaiveDate>,
    /// Print one JSON object on the last line: dyad, by, periods.
    #[arg(long)]
    json: bool,
}

#[derive(ValueEnum, Clone, Copy, Debug)]
enum Period {
    Day,
    Week,
    Month,
}

fn parse_dyad(text: &str) -> Result<(String, String), String> {
    match text.split_once(',') {
        Some((a, b)) if !a.trim().is_empty() && !b.trim().is_empty() => {
            Ok((a.trim().to_ascii_uppercase(), b.trim().to_ascii_uppercase()))
        }
        _ => Err(format!("{text:?} is not two actor codes separated by a comma (USA,IRQ)")),
    }
}

fn parse_period(text: &str) -> Result<EventDate, String> {
    EventDate::parse_iso(text).ok_or_else(|| format!("{text:?} is not a date (YYYY-MM-DD, YYYY-MM or YYYY)"))
}

fn parse_from(text: &str) -> Result<NaiveDate, String> {
    parse_period(text).map(|date| date.day)
}

/// The last day of the period a date names: `2021-07` ends on 31 July.
fn parse_to(text: &str) -> Result<NaiveDate, String> {
    let date = parse_period(text)?;
    let next = match date.precision {
        DatePrecision::Day => return Ok(date.day),
        DatePrecision::Month => date.day.checked_add_months(chrono::Months::new(1)),
        DatePrecision::Year => date.day.checked_add_months(chrono::Months::new(12)),
    };
    next.and_then(|d| d.pred_opt()).ok_or_else(|| format!("{text:?} is out of range"))
}

pub fn run_query(args: QueryArgs) -> Result<()> {
    let store = Store::open_existing(&args.db.db)?;
    let query = args.filters.query()?;
    let events = store.query(&query)?;
    let stdout = std::io::stdout();
    let format =
        args.format.unwrap_or(if stdout.is_terminal() { QueryFormat::Table } else { QueryFormat::Jsonl });
    let mut out = std::io::BufWriter::new(stdout.lock());
    match format {
        QueryFormat::Jsonl => {
            for event in &events {
                serde_json::to_writer(&mut out, event)?;
                writeln!(out)?;
            }
        }
        QueryFormat::Csv => write_csv(&mut out, &events)?,
        QueryFormat::Table => write_table(&mut out, &events)?,
    }
    out.flush().context("writing events")?;
    if format == QueryFormat::Table {
        eprintln!("dyad: {} event(s)", events.len());
    }
    Ok(())
}

fn trigger(event: &StoredEvent) -> &str {
    event.event.provenance.spans.iter().find(|s| s.role == "trigger").map_or("", |s| s.text.as_str())
}

fn write_csv(out: &mut impl Write, events: &[StoredEvent]) -> Result<()> {
    writeln!(out, "{}", dyad_export::csv_header())?;
    for stored in events {
        writeln!(out, "{}", dyad_export::csv_row(&export_record(stored, "")))?;
    }
    Ok(())
}

/// A stored event as the export writers take it.
pub fn export_record<'a>(stored: &'a StoredEvent, date_added: &'a str) -> dyad_export::EventRecord<'a> {
    dyad_export::EventRecord {
        id: stored.id as u64,
        event: &stored.event,
        url: stored.url.as_deref(),
        title: stored.title.as_deref(),
        publication: stored.publication.as_deref(),
        published: stored.published,
        story_id: Some(stored.story_id),
        num_mentions: stored.num_mentions,
        num_sources: stored.num_sources,
        num_articles: stored.num_articles,
        date_added,
    }
}

fn cell(text: &str, width: usize) -> String {
    let mut out: String = text.chars().take(width).collect();
    if text.chars().count() > width && width > 1 {
        out = text.chars().take(width - 1).collect::<String>() + "…";
    }
    format!("{out:<width$}")
}

fn write_table(out: &mut impl Write, events: &[StoredEvent]) -> Result<()> {
    writeln!(
        out,
        "{} {} {} {} {} Q {} {} TRIGGER / SENTENCE",
        cell("ID", 7),
        cell("DATE", 10),
        cell("SOURCE", 10),
        cell("TARGET", 10),
        cell("CAMEO", 5),
        cell("GOLD", 5),
        cell("ARTS", 4)
    )?;
    for stored in events {
        let event = &stored.event;
        let code = |a: &Option<dyad_model::Actor>| a.as_ref().map_or("-".to_string(), |a| a.code.clone());
        let sentence: String = event.text.split_whitespace().collect::<Vec<_>>().join(" ");
        writeln!(
            out,
            "{} {} {} {} {} {} {} {} {}",
            cell(&stored.id.to_string(), 7),
            cell(&event.date.iso(), 10),
            cell(&code(&event.source), 10),
            cell(&code(&event.target), 10),
            cell(event.cameo.as_str(), 5),
            event.quad,
            cell(&format!("{:+.1}", event.goldstein), 5),
            cell(&stored.num_articles.to_string(), 4),
            cell(&format!("[{}] {sentence}", trigger(stored)), 70).trim_end()
        )?;
    }
    Ok(())
}

pub fn run_stats(args: StatsArgs) -> Result<()> {
    let store = Store::open_existing(&args.db.db)?;
    let (source, target) = args.dyad;
    if let (Some(from), Some(to)) = (args.from, args.to) {
        if from > to {
            bail!("--from {from} is after --to {to}");
        }
    }
    let by = match args.by {
        Period::Day => DatePeriod::Day,
        Period::Week => DatePeriod::Week,
        Period::Month => DatePeriod::Month,
    };
    let query =
        StatsQuery { source: source.clone(), target: target.clone(), by, from: args.from, to: args.to };
    let periods = store.stats(&query)?;
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "{:<10} {:>7} {:>6} {:>6} {:>6} {:>6} {:>10} {:>7}",
        "PERIOD", "EVENTS", "Q1", "Q2", "Q3", "Q4", "GOLD_SUM", "GOLD_AVG"
    )?;
    for p in &periods {
        writeln!(
            out,
            "{:<10} {:>7} {:>6} {:>6} {:>6} {:>6} {:>10.1} {:>7.2}",
            p.period, p.events, p.quad[0], p.quad[1], p.quad[2], p.quad[3], p.goldstein_sum, p.goldstein_mean
        )?;
    }
    if args.json {
        let by = format!("{:?}", args.by).to_lowercase();
        serde_json::to_writer(
            &mut out,
            &serde_json::json!({"dyad": [source, target], "by": by, "periods": periods}),
        )?;
        writeln!(out)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_end_on_their_last_day() {
        assert_eq!(parse_to("2021-02").unwrap(), NaiveDate::from_ymd_opt(2021, 2, 28).unwrap());
        assert_eq!(parse_to("2020").unwrap(), NaiveDate::from_ymd_opt(2020, 12, 31).unwrap());
        assert_eq!(parse_from("2020").unwrap(), NaiveDate::from_ymd_opt(2020, 1, 1).unwrap());
        assert!(parse_to("July").is_err());
    }

    #[test]
    fn dyads_are_two_codes() {
        assert_eq!(parse_dyad("usa, irq").unwrap(), ("USA".into(), "IRQ".into()));
        assert!(parse_dyad("USA").is_err());
        assert!(parse_dyad("USA,").is_err());
    }
}
