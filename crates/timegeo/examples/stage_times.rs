//! Times the place stage (and the time and quantity stages) against the text stages and
//! the tagger and parser that run before them in the pipeline, on the `text` fields of
//! JSONL files: `cargo run --release -p dyad-timegeo --example stage_times --
//! ../shared/geo/geowebnews.jsonl ../shared/news/event_location_dev.jsonl`.
//!
//! The pipeline also runs the knowledge base and the coder, so the share printed here
//! is an upper bound of the share of end-to-end time.

use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use dyad_model::{Doc, Document, Stage};
use dyad_syntax::{SyntaxModel, SyntaxStage};
use dyad_timegeo::{Gazetteer, PlaceStage, QuantityStage, TimeStage};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let paths: Vec<String> = std::env::args().skip(1).collect();
    let syntax = SyntaxStage::new(SyntaxModel::load_default()?);
    let places = PlaceStage::new(Arc::new(Gazetteer::embedded()?));
    let times = TimeStage::default();
    let (mut before, mut time, mut place, mut quantity) =
        (Duration::ZERO, Duration::ZERO, Duration::ZERO, Duration::ZERO);
    let mut sentences = 0;
    for path in &paths {
        for line in std::fs::read_to_string(path)?.lines() {
            let record: serde_json::Value = serde_json::from_str(line)?;
            let mut document = Document::new("t", record["text"].as_str().unwrap_or(""));
            document.date = NaiveDate::from_ymd_opt(2018, 4, 5);
            let mut doc = Doc::new(document);
            let mut diags = Vec::new();
            let started = Instant::now();
            let clean = dyad_text::CleanStage;
            clean.run(&mut doc, &mut diags);
            doc.layers.extend_from_slice(clean.provides());
            let segment = dyad_text::SegmentStage::default();
            segment.run(&mut doc, &mut diags);
            doc.layers.extend_from_slice(segment.provides());
            syntax.run(&mut doc, &mut diags);
            doc.layers.extend_from_slice(syntax.provides());
            before += started.elapsed();
            let started = Instant::now();
            times.run(&mut doc, &mut diags);
            time += started.elapsed();
            let started = Instant::now();
            places.run(&mut doc, &mut diags);
            place += started.elapsed();
            let started = Instant::now();
            QuantityStage.run(&mut doc, &mut diags);
            quantity += started.elapsed();
            sentences += doc.sentences.len();
        }
    }
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let total = before + time + place + quantity;
    println!(
        "{sentences} sentences: clean+segment+tag+parse {:.0} ms, time {:.0} ms, place {:.0} ms, quantity {:.0} ms; time+place+quantity {:.1}% of these",
        ms(before),
        ms(time),
        ms(place),
        ms(quantity),
        100.0 * ms(time + place + quantity) / ms(total)
    );
    Ok(())
}
