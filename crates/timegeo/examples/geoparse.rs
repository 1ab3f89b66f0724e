//! Prints the tokens (with tags and parse) and places of a text given as the first
//! argument, after the tagger and parser as in the pipeline:
//! `cargo run --release -p dyad-timegeo --example geoparse -- "Rockets hit Baghdad."`.

use std::sync::Arc;

use dyad_model::{Doc, Document, Stage};
use dyad_syntax::{SyntaxModel, SyntaxStage};
use dyad_timegeo::{Gazetteer, PlaceStage};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let text = std::env::args().nth(1).ok_or("usage: geoparse TEXT")?;
    let mut doc = Doc::new(Document::new("cli", text));
    let segment = dyad_text::SegmentStage::default();
    segment.run(&mut doc, &mut Vec::new());
    doc.layers.extend_from_slice(segment.provides());
    let syntax = SyntaxStage::new(SyntaxModel::load_default()?);
    syntax.run(&mut doc, &mut Vec::new());
    doc.layers.extend_from_slice(syntax.provides());
    PlaceStage::new(Arc::new(Gazetteer::embedded()?)).run(&mut doc, &mut Vec::new());
    for sentence in &doc.sentences {
        for (i, token) in doc.tokens[sentence.tokens.clone()].iter().enumerate() {
            let head = token.head.map_or("-".to_string(), |h| h.to_string());
            println!("{i}\t{}\t{:?}\t{head}\t{}", token.text, token.upos, token.deprel);
        }
    }
    for place in &doc.places {
        println!("{}\t{:?}\t{}", doc.text_of(place.span), place.location, place.rule);
    }
    Ok(())
}
