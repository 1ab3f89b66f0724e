//! Runs the geo and event-location evaluations (what `dyad eval geo` calls), with the
//! stages the standard pipeline runs before the place stage (segmenter, actors, tagger
//! and parser, lemmas):
//!
//! ```text
//! cargo run --release -p dyad-timegeo --example eval_geo -- \
//!     ../shared/geo/geowebnews.jsonl [../shared/news/event_location_dev.jsonl] [gazetteer.tsv.gz]
//! ```

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use dyad_syntax::{SyntaxModel, SyntaxStage};
use dyad_timegeo::{evaluate_event_location, evaluate_geo_with, Gazetteer};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let gazetteer = match args.get(2) {
        Some(path) => Gazetteer::load(&PathBuf::from(path))?,
        None => Gazetteer::embedded()?,
    };
    let gazetteer = Arc::new(gazetteer);
    let segment = dyad_text::SegmentStage::default();
    let actors = dyad_kb::ActorStage::new(Arc::new(dyad_kb::Kb::load_embedded()?));
    let syntax = SyntaxStage::new(SyntaxModel::load_default()?);
    let prepare: [&dyn dyad_model::Stage; 4] = [&segment, &actors, &syntax, &dyad_text::LemmaStage];
    let started = Instant::now();
    let report = evaluate_geo_with(&PathBuf::from(&args[0]), gazetteer.clone(), &prepare)?;
    println!("{}", serde_json::to_string(&report)?);
    eprintln!("geo eval in {} ms", started.elapsed().as_millis());
    if let Some(events) = args.get(1) {
        let report = evaluate_event_location(&PathBuf::from(events), gazetteer, &prepare)?;
        println!("{}", serde_json::to_string(&report)?);
    }
    Ok(())
}
