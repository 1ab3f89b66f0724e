//! Prints the tokens and places of a text given as the first argument:
//! `cargo run --release -p dyad-timegeo --example geoparse -- "Rockets hit Baghdad."`.

use std::sync::Arc;

use dyad_model::{Doc, Document, Stage};
use dyad_timegeo::{Gazetteer, PlaceStage};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let text = std::env::args().nth(1).ok_or("usage: geoparse TEXT")?;
    let mut doc = Doc::new(Document::new("cli", text));
    dyad_text::SegmentStage::default().run(&mut doc, &mut Vec::new());
    PlaceStage::new(Arc::new(Gazetteer::embedded()?)).run(&mut doc, &mut Vec::new());
    let tokens: Vec<&str> = doc.tokens.iter().map(|t| t.text.as_str()).collect();
    println!("{tokens:?}");
    for place in &doc.places {
        println!("{}\t{:?}\t{}", doc.text_of(place.span), place.location, place.rule);
    }
    Ok(())
}
