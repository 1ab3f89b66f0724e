//! `dyad eval`: accuracy measured on gold records.

use std::io::BufRead;
use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::{Args, Subcommand};
use dyad_coder::score::{Tally, Triple};
use dyad_model::Document;
use serde::Deserialize;

use crate::inputs::PipelineArgs;

#[derive(Args, Debug)]
pub struct EvalArgs {
    #[command(subcommand)]
    what: EvalWhat,
}

#[derive(Subcommand, Debug)]
enum EvalWhat {
    /// Score coded events against gold (source, target, code) triples.
    #[command(long_about = "Score coded events against gold records.\n\n\
        Gold records are JSONL in the format of the PETRARCH validation suites: \
        {\"id\", \"date\", \"text\", \"expected\": [{\"source\", \"target\", \"code\"}]}, with [] \
        for a sentence that has no event. Prints precision, recall and F1 of event \
        triples, exact-sentence match, and the same at root level (two-digit code, \
        three-letter country).\n\n\
        Example:\n  dyad eval events --gold eval/gold/events.jsonl --json")]
    Events(EventsArgs),
    /// Score the POS tagger and parser on a CoNLL-U treebank (gold tokens).
    #[command(long_about = "Score the POS tagger and dependency parser on a CoNLL-U file, from its gold \
        tokens: UPOS and XPOS accuracy, UAS and LAS (punctuation included), and sentences \
        per second.\n\n\
        Example:\n  dyad eval syntax --conllu ../shared/treebanks/en_ewt-test.conllu --json")]
    Syntax(SyntaxEvalArgs),
    /// Score geoparsing on gold toponyms (GeoWebNews format), and event locations.
    #[command(long_about = "Score geoparsing against gold toponyms in the GeoWebNews format \
        ({text, toponyms: [{start, end, phrase, type, lat, lon, ...}]}): toponym \
        precision and recall, Acc@161 km and country accuracy on literal toponyms. With \
        --events, also score event locations on gold in the format {text, verb, \
        locations}.\n\n\
        Example:\n  dyad eval geo --gold ../shared/geo/geowebnews.jsonl --events ../shared/news/event_location_dev.jsonl --json")]
    Geo(GeoEvalArgs),
}

#[derive(Args, Debug)]
struct GeoEvalArgs {
    /// Gold toponyms (JSONL).
    #[arg(long, value_name = "FILE")]
    gold: PathBuf,
    /// Gold event locations (JSONL: text, verb, locations).
    #[arg(long, value_name = "FILE")]
    events: Option<PathBuf>,
    /// Print one JSON object on the last line: precision, recall, acc161, country_acc.
    #[arg(long)]
    json: bool,
    /// Print the literal toponyms missed or put in the wrong country, and the records
    /// whose event location is wrong.
    #[arg(long)]
    errors: bool,
}

#[derive(Args, Debug)]
struct SyntaxEvalArgs {
    /// The treebank to score on.
    #[arg(long, value_name = "FILE")]
    conllu: PathBuf,
    /// A model file instead of the built-in model.
    #[arg(long, value_name = "FILE")]
    model: Option<PathBuf>,
    /// Print one JSON object on the last line: upos, xpos, uas, las, sentences_per_sec.
    #[arg(long)]
    json: bool,
}

#[derive(Args, Debug)]
struct EventsArgs {
    #[command(flatten)]
    pipeline: PipelineArgs,
    /// Gold records (JSONL).
    #[arg(long, value_name = "FILE")]
    gold: PathBuf,
    /// Print every record whose triples differ from the gold.
    #[arg(long)]
    errors: bool,
    /// Print one JSON object with the figures on the last line.
    #[arg(long)]
    json: bool,
    /// Count events marked historical ("invaded Iraq in 2003") as predictions. By
    /// default they are left out: gold records code the news of their date, and
    /// background is not news.
    #[arg(long)]
    include_historical: bool,
    /// Count events with only one actor as predictions. By default a prediction needs
    /// both a source and a target (PETRARCH's `require_dyad`), except in records whose gold itself has a one-actor triple
    /// (`---`); a record's own `config.require_dyad` overrides both.
    #[arg(long)]
    allow_one_actor: bool,
}

#[derive(Deserialize)]
struct GoldRecord {
    id: serde_json::Value,
    #[serde(default)]
    date: Option<String>,
    text: String,
    #[serde(default)]
    expected: Vec<GoldTriple>,
    /// PETRARCH suite records name what they test ("SYNSET", "DATE").
    #[serde(default)]
    category: Option<String>,
    /// PETRARCH suite records carry their coder settings; only `require_dyad` applies.
    #[serde(default)]
    config: Option<serde_json::Value>,
}

impl GoldRecord {
    /// The record's `config.require_dyad` ("True", "false", true...), if it has one.
    fn require_dyad(&self) -> Option<bool> {
        match self.config.as_ref()?.get("require_dyad")? {
            serde_json::Value::Bool(b) => Some(*b),
            serde_json::Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
                "true" => Some(true),
                "false" => Some(false),
                _ => None,
            },
            _ => None,
        }
    }
}

#[derive(Deserialize)]
struct GoldTriple {
    #[serde(default)]
    source: Option<String>,
    #[serde(default)]
    target: Option<String>,
    code: String,
}

/// Gold files write an actor the sentence does not name as `---` (PETRARCH's
/// convention); Dyad leaves it empty.
fn gold_actor(code: &Option<String>) -> String {
    let code = code.as_deref().unwrap_or("").trim();
    code.strip_prefix("---").unwrap_or(code).to_string()
}

pub fn run(args: EvalArgs) -> Result<()> {
    match args.what {
        EvalWhat::Events(args) => eval_events(args),
        EvalWhat::Syntax(args) => eval_syntax(args),
        EvalWhat::Geo(args) => eval_geo(args),
    }
}

fn eval_geo(args: GeoEvalArgs) -> Result<()> {
    // The place stage reads the tagger's tags and event location the parse, as in the
    // pipeline.
    let gazetteer =
        std::sync::Arc::new(dyad_timegeo::Gazetteer::embedded().context("loading the gazetteer")?);
    let pipeline = dyad_pipeline::standard(&dyad_pipeline::StandardOptions::default())
        .context("building the standard pipeline")?;
    let prepare = crate::cmd::stages_before_places(&pipeline);
    let report = dyad_timegeo::evaluate_geo_with(&args.gold, gazetteer.clone(), &prepare)
        .with_context(|| format!("scoring {}", args.gold.display()))?;
    for line in &report.unreadable_lines {
        eprintln!("skipped {line}");
    }
    println!("gold file      {}", args.gold.display());
    println!("precision      {:.3}", report.precision);
    println!("recall         {:.3}  (literal toponyms)", report.recall);
    println!("Acc@161        {:.3}", report.acc161);
    println!("country acc.   {:.3}", report.country_acc);
    if args.errors {
        report.misses.iter().for_each(|miss| println!("  {miss}"));
    }
    let mut value = serde_json::to_value(&report).context("serialising the report")?;
    if let Some(events) = &args.events {
        let located = dyad_timegeo::evaluate_event_location(events, gazetteer, &prepare)
            .with_context(|| format!("scoring {}", events.display()))?;
        println!(
            "event location {:.3}  ({} records, {} with a gold location: {:.3})",
            located.accuracy, located.records, located.located, located.accuracy_located
        );
        println!(
            "               {:.3} without the {} records whose gold is in token indices; {:.3} with those \
             read as characters",
            located.accuracy_character_gold, located.token_gold, located.accuracy_all_as_characters
        );
        for line in &located.unreadable_lines {
            eprintln!("skipped {line}");
        }
        if args.errors {
            located.misses.iter().for_each(|miss| println!("  {miss}"));
        }
        value["event_location"] = serde_json::to_value(&located).context("serialising the report")?;
    }
    if args.json {
        println!("{value}");
    }
    Ok(())
}

fn eval_syntax(args: SyntaxEvalArgs) -> Result<()> {
    let model = match &args.model {
        Some(path) => {
            dyad_syntax::SyntaxModel::load(path).with_context(|| format!("loading {}", path.display()))?
        }
        None => dyad_syntax::SyntaxModel::load_default().context("loading the built-in syntax model")?,
    };
    let sentences = dyad_syntax::read_conllu(&args.conllu)
        .with_context(|| format!("reading {}", args.conllu.display()))?;
    let report = dyad_syntax::evaluate(&model, &sentences);
    println!("treebank   {}", args.conllu.display());
    println!("sentences  {} ({} words)", report.sentences, report.tokens);
    println!("UPOS       {:.4}", report.upos);
    println!("XPOS       {:.4}", report.xpos);
    println!("UAS        {:.4}", report.uas);
    println!("LAS        {:.4}", report.las);
    println!("speed      {:.0} sentences/s (tagging and parsing, one thread)", report.sentences_per_sec);
    if args.json {
        let value = serde_json::json!({
            "upos": report.upos,
            "xpos": report.xpos,
            "uas": report.uas,
            "las": report.las,
            "sentences": report.sentences,
            "tokens": report.tokens,
            "sentences_per_sec": report.sentences_per_sec,
        });
        println!("{value}");
    }
    Ok(())
}

fn eval_events(args: EventsArgs) -> Result<()> {
    let pipeline = args.pipeline.pipeline()?;
    let file = std::fs::File::open(&args.gold)
        .with_context(|| format!("opening gold file {}", args.gold.display()))?;
    let mut tally = Tally::default();
    let mut root_tally = Tally::default();
    let mut skipped = 0usize;
    // Records whose predicted triples are exactly the gold ones (PETRARCH's suites
    // count a record as passed this way; `noevents` and `error` records have no gold
    // triples, so they pass when nothing is coded).
    let mut records_passed = 0usize;
    // Per category of suite records: (passed, records).
    let mut categories: std::collections::BTreeMap<String, (usize, usize)> = Default::default();
    for (line_idx, line) in std::io::BufReader::new(file).lines().enumerate() {
        let line = line.with_context(|| format!("reading {}", args.gold.display()))?;
        if line.trim().is_empty() {
            continue;
        }
        let record: GoldRecord = match serde_json::from_str(&line) {
            Ok(record) => record,
            Err(err) => {
                eprintln!("error: {}:{}: not a gold record: {err}", args.gold.display(), line_idx + 1);
                skipped += 1;
                continue;
            }
        };
        let id = match &record.id {
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        let mut document = Document::new(id.clone(), record.text.clone());
        document.date = record.date.as_deref().and_then(dyad_ingest::parse_date).or(args.pipeline.date);
        // Gold sentences are English; identifying the language of one sentence is
        // needlessly risky.
        document.language = Some("en".into());
        if document.date.is_none() {
            document.date = chrono::NaiveDate::from_ymd_opt(2000, 1, 1);
        }
        let analysed = pipeline.run(document);
        let mut gold: Vec<Triple> = record
            .expected
            .iter()
            .map(|t| Triple::new(gold_actor(&t.source), gold_actor(&t.target), t.code.trim()))
            .collect();
        gold.sort();
        // A gold triple with an unknown actor ("---") says the annotators code
        // one-actor events in this record, so predictions with one actor count there.
        let gold_has_one_actor = gold.iter().any(|t| t.has_unknown_actor());
        let require_dyad = record.require_dyad().unwrap_or(!args.allow_one_actor && !gold_has_one_actor);
        let mut predicted: Vec<Triple> = analysed
            .doc
            .events
            .iter()
            .filter(|e| args.include_historical || e.modality != dyad_model::Modality::Historical)
            .filter(|e| !require_dyad || (e.source.is_some() && e.target.is_some()))
            .map(|e| {
                Triple::new(
                    e.source.as_ref().map(|a| a.code.clone()).unwrap_or_default(),
                    e.target.as_ref().map(|a| a.code.clone()).unwrap_or_default(),
                    e.cameo.as_str(),
                )
            })
            .collect();
        predicted.sort();
        let before = tally.counts().2;
        tally.add(&predicted, &gold);
        let roots = |triples: &[Triple]| triples.iter().map(Triple::root).collect::<Vec<_>>();
        root_tally.add(&roots(&predicted), &roots(&gold));
        let exact = tally.counts().2 - before == gold.len() && predicted.len() == gold.len();
        records_passed += usize::from(exact);
        if let Some(category) = &record.category {
            let counts = categories.entry(category.clone()).or_default();
            counts.0 += usize::from(exact);
            counts.1 += 1;
        }
        if args.errors && !exact {
            let show =
                |triples: &[Triple]| triples.iter().map(|t| t.to_string()).collect::<Vec<_>>().join("; ");
            println!("{id}: {}", record.text.trim());
            println!("    gold:      {}", show(&gold));
            println!("    predicted: {}", show(&predicted));
        }
    }
    let scores = tally.scores();
    let root = root_tally.scores();
    let (predicted, gold, matched) = tally.counts();
    println!("gold file        {}", args.gold.display());
    println!(
        "records          {} ({} unreadable, skipped); {records_passed} passed exactly",
        root_tally.records(),
        skipped
    );
    println!("triples          {gold} gold, {predicted} predicted, {matched} matched");
    println!("                 precision  recall     f1  sentence-exact");
    println!(
        "code level       {:>9.3} {:>7.3} {:>6.3} {:>15.3}",
        scores.precision, scores.recall, scores.f1, scores.sentence_exact
    );
    println!(
        "root level       {:>9.3} {:>7.3} {:>6.3} {:>15.3}",
        root.precision, root.recall, root.f1, root.sentence_exact
    );
    for (category, (passed, records)) in &categories {
        println!("category         {category:<12} {passed:>4} of {records:>4} passed");
    }
    if args.json {
        let categories: serde_json::Map<String, serde_json::Value> = categories
            .iter()
            .map(|(name, (passed, records))| {
                (name.clone(), serde_json::json!({"records_passed": passed, "records": records}))
            })
            .collect();
        let value = serde_json::json!({
            "categories": categories,
            "precision": scores.precision,
            "recall": scores.recall,
            "f1": scores.f1,
            "sentence_exact": scores.sentence_exact,
            "root": root,
            "records": root_tally.records(),
            "records_passed": records_passed,
            "skipped": skipped,
            "gold_triples": gold,
            "predicted_triples": predicted,
            "matched_triples": matched,
        });
        println!("{value}");
    }
    Ok(())
}
