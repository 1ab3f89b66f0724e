//! `dyad explain`: how Dyad read a document, sentence by sentence, and why each event
//! exists.

use std::fmt::Write as _;

use anyhow::{bail, Context, Result};
use clap::Args;
use dyad_model::{Doc, Event};

use crate::inputs::{articles, PipelineArgs};

#[derive(Args, Debug)]
pub struct ExplainArgs {
    #[command(flatten)]
    pipeline: PipelineArgs,
    /// The article file (.txt, .jsonl, or - for standard input).
    #[arg(value_name = "FILE")]
    input: String,
    /// The sentence to explain (0-based, as in `dyad code` output). Without it, every
    /// sentence is listed.
    #[arg(long, short = 's', value_name = "N")]
    sentence: Option<usize>,
    /// Which document of a JSONL file (its `id`); the first by default.
    #[arg(long, value_name = "ID")]
    doc: Option<String>,
    /// Print the whole analysis as one JSON object instead.
    #[arg(long)]
    json: bool,
}

pub fn run(args: ExplainArgs) -> Result<()> {
    let pipeline = args.pipeline.pipeline()?;
    let mut found = None;
    for item in articles(std::slice::from_ref(&args.input)) {
        match item {
            Ok(article) if args.doc.as_ref().is_none_or(|id| *id == article.document.id) => {
                found = Some(article);
                break;
            }
            Ok(_) => continue,
            Err(err) => eprintln!("error: {err}"),
        }
    }
    let Some(mut article) = found else {
        match &args.doc {
            Some(id) => bail!("no document with id {id:?} in {}", args.input),
            None => bail!("no readable document in {}", args.input),
        }
    };
    args.pipeline.date_document(&mut article);
    let analysed = pipeline.run(article.document);
    let doc = &analysed.doc;
    if let Some(n) = args.sentence {
        if n >= doc.sentences.len() {
            bail!(
                "{}: document {} has {} sentences (0 to {})",
                args.input,
                doc.document.id,
                doc.sentences.len(),
                doc.sentences.len().saturating_sub(1)
            );
        }
    }
    if args.json {
        let value = serde_json::json!({
            "document": doc.document,
            "stages": pipeline.stage_names(),
            "removed": doc.removed,
            "sentences": doc.sentences,
            "tokens": doc.tokens,
            "actors": doc.actors,
            "times": doc.times,
            "places": doc.places,
            "quantities": doc.quantities,
            "events": doc.events,
            "diagnostics": analysed.diagnostics,
        });
        println!("{}", serde_json::to_string(&value).context("writing JSON")?);
        return Ok(());
    }
    let mut out = String::new();
    for diagnostic in &analysed.diagnostics {
        writeln!(out, "{diagnostic}")?;
    }
    match args.sentence {
        Some(n) => explain_sentence(&mut out, doc, n)?,
        None => explain_document(&mut out, doc, &pipeline.stage_names())?,
    }
    print!("{out}");
    Ok(())
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn explain_document(out: &mut String, doc: &Doc, stages: &[&str]) -> std::fmt::Result {
    let d = &doc.document;
    writeln!(out, "document  {}", d.id)?;
    if let Some(title) = &d.title {
        writeln!(out, "title     {}", one_line(title))?;
    }
    writeln!(out, "date      {}", d.date.map(|d| d.to_string()).unwrap_or_else(|| "-".into()))?;
    writeln!(out, "language  {}", d.language.as_deref().unwrap_or("-"))?;
    writeln!(out, "pipeline  {}", stages.join(" -> "))?;
    writeln!(out)?;
    if !doc.removed.is_empty() {
        writeln!(out, "removed before coding:")?;
        for removal in &doc.removed {
            writeln!(out, "  [{}] {:?}", removal.rule, one_line(doc.text_of(removal.span)))?;
        }
        writeln!(out)?;
    }
    writeln!(out, "sentences:")?;
    for (i, sentence) in doc.sentences.iter().enumerate() {
        let n_events = doc.events.iter().filter(|e| e.sentence == i).count();
        let marker = if sentence.headline { " (headline)" } else { "" };
        writeln!(out, "  {i:>3}  {} event(s){marker}  {}", n_events, one_line(doc.text_of(sentence.span)))?;
    }
    writeln!(out)?;
    writeln!(out, "events: {} (explain one with --sentence N)", doc.events.len())?;
    for event in &doc.events {
        writeln!(out, "  {}", event_line(event))?;
    }
    Ok(())
}

fn event_line(event: &Event) -> String {
    let code = |a: &Option<dyad_model::Actor>| a.as_ref().map_or("-".to_string(), |a| a.code.clone());
    format!(
        "sentence {:>2}  {} -> {}  {} {}  {} {}",
        event.sentence,
        code(&event.source),
        code(&event.target),
        event.cameo,
        event.cameo.entry().name,
        event.modality.as_str(),
        event.date.iso()
    )
}

fn explain_sentence(out: &mut String, doc: &Doc, n: usize) -> std::fmt::Result {
    let sentence = &doc.sentences[n];
    writeln!(
        out,
        "document {}  sentence {n}{}",
        doc.document.id,
        if sentence.headline { " (headline)" } else { "" }
    )?;
    writeln!(out, "text: {}", one_line(doc.text_of(sentence.span)))?;
    writeln!(out, "span: bytes {}..{}", sentence.span.start, sentence.span.end)?;
    writeln!(out)?;
    writeln!(out, "tokens:")?;
    writeln!(
        out,
        "  {:>3}  {:<18} {:<14} {:<6} {:<5} {:>4}  deprel",
        "#", "word", "lemma", "upos", "xpos", "head"
    )?;
    for (i, token) in doc.sentence_tokens(n).iter().enumerate() {
        let head = token.head.map(|h| h.to_string()).unwrap_or_else(|| {
            if token.deprel.is_empty() {
                "-".into()
            } else {
                "root".into()
            }
        });
        writeln!(
            out,
            "  {i:>3}  {:<18} {:<14} {:<6} {:<5} {:>4}  {}",
            token.text,
            token.lemma,
            token.upos.as_str(),
            token.xpos,
            head,
            token.deprel
        )?;
    }
    writeln!(out)?;
    let actors: Vec<_> = doc.actors.iter().filter(|a| a.sentence == n).collect();
    writeln!(out, "actors: {}", actors.len())?;
    for mention in actors {
        writeln!(
            out,
            "  {:?} -> {}  ({}{})",
            doc.text_of(mention.span),
            mention.actor.code,
            mention.actor.name,
            mention.actor.entity.as_deref().map(|e| format!(", {e}")).unwrap_or_default()
        )?;
        writeln!(out, "      rule: {}", mention.rule)?;
        for entry in &mention.entries {
            writeln!(out, "      entry: {entry}")?;
        }
    }
    for time in doc.times.iter().filter(|t| t.sentence == n) {
        writeln!(out, "time: {:?} -> {} ({})", doc.text_of(time.span), time.date.iso(), time.rule)?;
    }
    for place in doc.places.iter().filter(|p| p.sentence == n) {
        let l = &place.location;
        writeln!(
            out,
            "place: {:?} -> {} [{}] {:?} {}, {} ({})",
            doc.text_of(place.span),
            l.name,
            l.country.as_deref().unwrap_or("-"),
            l.precision,
            l.lat.map(|v| format!("{v:.3}")).unwrap_or_default(),
            l.lon.map(|v| format!("{v:.3}")).unwrap_or_default(),
            place.rule
        )?;
    }
    for quantity in doc.quantities.iter().filter(|q| q.sentence == n) {
        writeln!(
            out,
            "quantity: {:?} -> {:?} {}{}",
            doc.text_of(quantity.span),
            quantity.kind,
            quantity.value,
            if quantity.approximate { " (approximate)" } else { "" }
        )?;
    }
    writeln!(out)?;
    let events: Vec<_> = doc.events.iter().filter(|e| e.sentence == n || e.mentions.contains(&n)).collect();
    writeln!(out, "events: {}", events.len())?;
    for event in events {
        writeln!(out, "  {}", event_line(event))?;
        writeln!(
            out,
            "      id: {}  confidence {:.2}  goldstein {:+.1}  quad {}",
            event.event_id, event.confidence, event.goldstein, event.quad
        )?;
        writeln!(
            out,
            "      plover: {} mode {:?} context {:?}",
            event.plover.event, event.plover.mode, event.plover.context
        )?;
        writeln!(out, "      rule: {}", event.provenance.rule)?;
        for entry in &event.provenance.entries {
            writeln!(out, "      entry: {entry}")?;
        }
        for span in &event.provenance.spans {
            writeln!(
                out,
                "      {:<9} {:?} at {}..{}",
                span.role, span.text, span.span.start, span.span.end
            )?;
        }
        if let Some(location) = &event.location {
            writeln!(
                out,
                "      location: {} [{}]",
                location.name,
                location.country.as_deref().unwrap_or("-")
            )?;
        }
        if event.mentions.len() > 1 {
            writeln!(out, "      also reported in sentences {:?}", &event.mentions[1..])?;
        }
    }
    Ok(())
}
