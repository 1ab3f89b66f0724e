//! Prints event-location errors for analysis:
//! `cargo run --release -p dyad-timegeo --example event_errors -- EVENTS.jsonl`.

use std::sync::Arc;

use dyad_model::{Doc, Document, Stage};
use dyad_timegeo::{place_for_token, Gazetteer, PlaceStage};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).ok_or("usage: event_errors EVENTS.jsonl")?;
    let stage = PlaceStage::new(Arc::new(Gazetteer::embedded()?));
    for line in std::fs::read_to_string(path)?.lines().take(600) {
        let record: serde_json::Value = serde_json::from_str(line)?;
        let text = record["text"].as_str().unwrap_or("");
        let offsets: Vec<usize> = text.char_indices().map(|(b, _)| b).chain([text.len()]).collect();
        let mut doc = Doc::new(Document::new("e", text));
        dyad_text::SegmentStage::default().run(&mut doc, &mut Vec::new());
        stage.run(&mut doc, &mut Vec::new());
        let verb_start = offsets[record["verb"]["start"].as_u64().unwrap_or(0) as usize];
        let Some(token) = doc.tokens.iter().position(|t| t.span.start >= verb_start) else { continue };
        let Some(sentence) = doc.sentences.iter().position(|s| s.tokens.contains(&token)) else { continue };
        let predicted = place_for_token(&doc, sentence, token).map(|p| doc.text_of(p.span).to_string());
        let gold: Vec<String> = record["locations"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|l| l["text"].as_str().map(String::from))
            .collect();
        let right = match &predicted {
            Some(p) => gold.iter().any(|g| g.contains(p.as_str()) || p.contains(g.as_str())),
            None => gold.is_empty(),
        };
        if !right {
            let places: Vec<&str> = doc.places.iter().map(|p| doc.text_of(p.span)).collect();
            println!(
                "{text}\n  verb={} gold={gold:?} predicted={predicted:?} places={places:?}",
                record["verb"]["text"]
            );
        }
    }
    Ok(())
}
