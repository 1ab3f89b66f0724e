//! Prints event-location errors for analysis, with the tagger and parser run first as
//! in the pipeline:
//! `cargo run --release -p dyad-timegeo --example event_errors -- EVENTS.jsonl [LIMIT]`.
//!
//! Each error line starts with its kind: `WRONG` (a place other than the gold one),
//! `MISSED` (no place, gold has one) or `EXTRA` (a place, gold has none).

use std::sync::Arc;

use dyad_model::{Doc, Document, Stage};
use dyad_syntax::{SyntaxModel, SyntaxStage};
use dyad_timegeo::{event_gold_spans, place_for_token, Gazetteer, PlaceStage};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).ok_or("usage: event_errors EVENTS.jsonl [LIMIT]")?;
    let limit: usize = std::env::args().nth(2).and_then(|n| n.parse().ok()).unwrap_or(usize::MAX);
    let stage = PlaceStage::new(Arc::new(Gazetteer::embedded()?));
    let syntax = SyntaxStage::new(SyntaxModel::load_default()?);
    for line in std::fs::read_to_string(path)?.lines().take(limit) {
        let record: serde_json::Value = serde_json::from_str(line)?;
        let text = record["text"].as_str().unwrap_or("");
        let offsets: Vec<usize> = text.char_indices().map(|(b, _)| b).chain([text.len()]).collect();
        let mut doc = Doc::new(Document::new("e", text));
        let segment = dyad_text::SegmentStage::default();
        segment.run(&mut doc, &mut Vec::new());
        doc.layers.extend_from_slice(segment.provides());
        syntax.run(&mut doc, &mut Vec::new());
        doc.layers.extend_from_slice(syntax.provides());
        stage.run(&mut doc, &mut Vec::new());
        let offset =
            |key: &str| offsets[(record["verb"][key].as_u64().unwrap_or(0) as usize).min(text.len())];
        let verb = dyad_model::Span::new(offset("start"), offset("end"));
        let Some(token) = doc.tokens.iter().position(|t| t.span.overlaps(verb)) else { continue };
        let Some(sentence) = doc.sentences.iter().position(|s| s.tokens.contains(&token)) else { continue };
        let predicted = place_for_token(&doc, sentence, token);
        let written: Vec<(usize, usize)> = record["locations"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|l| (l["start"].as_u64().unwrap_or(0) as usize, l["end"].as_u64().unwrap_or(0) as usize))
            .collect();
        // Read as the evaluation reads it (token indices where the characters are blank).
        let (gold, _) = event_gold_spans(text, &written);
        let kind = match predicted {
            Some(place) if gold.iter().any(|g| g.overlaps(place.span)) => continue,
            None if gold.is_empty() => continue,
            Some(_) if gold.is_empty() => "EXTRA",
            Some(_) => "WRONG",
            None => "MISSED",
        };
        let places: Vec<&str> = doc.places.iter().map(|p| doc.text_of(p.span)).collect();
        let gold_text: Vec<&str> = gold.iter().map(|g| &text[g.start..g.end]).collect();
        let gold_found = gold.iter().any(|g| doc.places.iter().any(|p| p.span.overlaps(*g)));
        println!(
            "{kind}\t{}\tverb={}\tgold={gold_text:?}{}\tpredicted={:?}\tplaces={places:?}\t{text}",
            record["id"],
            record["verb"]["text"],
            if gold_found || gold.is_empty() { "" } else { " (not a place)" },
            predicted.map(|p| doc.text_of(p.span)),
        );
    }
    Ok(())
}
