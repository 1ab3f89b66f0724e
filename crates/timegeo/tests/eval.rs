//! Geo evaluation on the shared GeoWebNews and event-location files (skipped when
//! `../shared` is absent).

use std::path::PathBuf;
use std::sync::Arc;

use dyad_model::Stage;
use dyad_syntax::{SyntaxModel, SyntaxStage};
use dyad_timegeo::{
    cross_validate, evaluate_event_location, evaluate_geo_with, event_location_choices, Gazetteer,
    LocationTraining,
};

fn shared(path: &str) -> Option<PathBuf> {
    let full = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared").join(path);
    if full.exists() {
        Some(full)
    } else {
        eprintln!("skipping: {} is absent", full.display());
        None
    }
}

/// The stages the standard pipeline runs before the place stage, as `dyad eval geo`
/// runs them (segmentation, actors, tagging and parsing, lemmas).
fn preparation() -> Vec<Box<dyn Stage>> {
    vec![
        Box::new(dyad_text::SegmentStage::default()),
        Box::new(dyad_kb::ActorStage::new(Arc::new(dyad_kb::Kb::load_embedded().unwrap()))),
        Box::new(SyntaxStage::new(SyntaxModel::load_default().unwrap())),
        Box::new(dyad_text::LemmaStage),
    ]
}

fn refs(stages: &[Box<dyn Stage>]) -> Vec<&dyn Stage> {
    stages.iter().map(|s| s.as_ref()).collect()
}

#[test]
fn geowebnews_scores_stay_above_the_floor() {
    let Some(gold) = shared("geo/geowebnews.jsonl") else { return };
    let stages = preparation();
    let report = evaluate_geo_with(&gold, Arc::new(Gazetteer::embedded().unwrap()), &refs(&stages)).unwrap();
    assert_eq!(report.documents, 200);
    // Floors a little under today's figures (0.83 / 0.85 / 0.90 / 0.96), so a
    // regression shows.
    assert!(report.precision > 0.81, "{report:?}");
    assert!(report.recall > 0.83, "{report:?}");
    assert!(report.acc161 > 0.88, "{report:?}");
    assert!(report.country_acc > 0.95, "{report:?}");
}

#[test]
fn event_location_scores_stay_above_the_floor() {
    let Some(gold) = shared("news/event_location_dev.jsonl") else { return };
    let stages = preparation();
    let report =
        evaluate_event_location(&gold, Arc::new(Gazetteer::embedded().unwrap()), &refs(&stages)).unwrap();
    assert_eq!(report.records, 9686);
    // The shipped location model is trained on this file, so these are in-sample
    // figures (today 0.85): a floor against regressions, not an estimate of accuracy.
    assert_eq!(report.token_gold, 837);
    assert!(report.accuracy > 0.80, "{report:?}");
    assert!(report.accuracy_character_gold > 0.80, "{report:?}");
}

#[test]
fn the_location_model_generalises_across_folds() {
    let Some(gold) = shared("news/event_location_dev.jsonl") else { return };
    let stages = preparation();
    let read =
        event_location_choices(&gold, Arc::new(Gazetteer::embedded().unwrap()), &refs(&stages)).unwrap();
    assert!(read.unreadable.is_empty(), "{:?}", read.unreadable);
    let choices = read.choices;
    assert_eq!(choices.len(), 9686);
    // Trained on two thirds, scored on the rest, three times: the issue asks for 0.75.
    let accuracy = cross_validate(&choices, 3, LocationTraining::default());
    assert!(accuracy > 0.75, "cross-validated accuracy {accuracy:.3}");
}

#[test]
fn token_index_gold_lands_on_names() {
    let Some(gold) = shared("news/event_location_dev.jsonl") else { return };
    let (mut spans, mut on_names) = (0, 0);
    for line in std::fs::read_to_string(gold).unwrap().lines() {
        let record: serde_json::Value = serde_json::from_str(line).unwrap();
        let text = record["text"].as_str().unwrap();
        let written: Vec<(usize, usize)> = record["locations"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| (l["start"].as_u64().unwrap() as usize, l["end"].as_u64().unwrap() as usize))
            .collect();
        let (gold, in_tokens) = dyad_timegeo::event_gold_spans(text, &written);
        if in_tokens {
            spans += gold.len();
            on_names += gold.iter().filter(|g| text[g.start..g.end].starts_with(char::is_uppercase)).count();
        }
    }
    // Read in the annotation tool's tokens, the spans start on a name; a few are a token
    // off where the tool split differently.
    assert!(spans > 850 && on_names * 100 >= spans * 95, "{on_names} of {spans}");
}

#[test]
fn stages_run_on_every_shared_news_text_without_panicking() {
    use chrono::NaiveDate;
    use dyad_model::{Doc, Document, Stage};
    use dyad_timegeo::{PlaceStage, QuantityStage, TimeStage};

    let (Some(geo), Some(events)) = (shared("geo/geowebnews.jsonl"), shared("news/event_location_dev.jsonl"))
    else {
        return;
    };
    let places = PlaceStage::new(Arc::new(Gazetteer::embedded().unwrap()));
    let mut texts = 0;
    let (mut n_times, mut n_quantities) = (0, 0);
    for path in [geo, events] {
        for line in std::fs::read_to_string(path).unwrap().lines() {
            let record: serde_json::Value = serde_json::from_str(line).unwrap();
            let mut document = Document::new("t", record["text"].as_str().unwrap_or(""));
            document.date = NaiveDate::from_ymd_opt(2018, 4, 5);
            let mut doc = Doc::new(document);
            let mut diags = Vec::new();
            dyad_text::SegmentStage::default().run(&mut doc, &mut diags);
            TimeStage::default().run(&mut doc, &mut diags);
            places.run(&mut doc, &mut diags);
            QuantityStage.run(&mut doc, &mut diags);
            for time in &doc.times {
                assert!(time.span.slice(&doc.document.text).is_some());
            }
            n_times += doc.times.len();
            n_quantities += doc.quantities.len();
            texts += 1;
        }
    }
    assert_eq!(texts, 200 + 9686);
    assert!(n_times > 2000 && n_quantities > 1000, "{n_times} times, {n_quantities} quantities");
}
