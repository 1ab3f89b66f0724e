//! The seed article (2021-07-13) through dyad-text's segmenter and the time, place and
//! quantity stages, with the event attachments the coder will ask for.

use std::sync::Arc;

use chrono::NaiveDate;
use dyad_model::{Doc, Document, GeoPrecision, QuantityKind, Stage};
use dyad_timegeo::{event_context, Gazetteer, PlaceStage, QuantityStage, TimeStage};

fn seed_doc() -> Doc {
    let mut document = Document::new("seed-0001", include_str!("fixtures/seed_article.txt"));
    document.date = NaiveDate::from_ymd_opt(2021, 7, 13);
    let mut doc = Doc::new(document);
    let mut diags = Vec::new();
    dyad_text::CleanStage.run(&mut doc, &mut diags);
    dyad_text::SegmentStage::default().run(&mut doc, &mut diags);
    TimeStage::default().run(&mut doc, &mut diags);
    PlaceStage::new(Arc::new(Gazetteer::embedded().unwrap())).run(&mut doc, &mut diags);
    QuantityStage.run(&mut doc, &mut diags);
    doc
}

fn token(doc: &Doc, word: &str, nth: usize) -> (usize, usize) {
    let idx = doc.tokens.iter().enumerate().filter(|(_, t)| t.text == word).nth(nth).map(|(i, _)| i).unwrap();
    (doc.sentences.iter().position(|s| s.tokens.contains(&idx)).unwrap(), idx)
}

#[test]
fn seed_dates_resolve_against_the_article_date() {
    let doc = seed_doc();
    let date_of = |words: &str| {
        doc.times.iter().find(|t| doc.text_of(t.span) == words).map(|t| t.date.iso()).unwrap_or_default()
    };
    assert_eq!(date_of("26 July"), "2021-07-26");
    assert_eq!(date_of("2003"), "2003");
    assert_eq!(date_of("Earlier this month"), "2021-07");
    assert_eq!(date_of("2014"), "2014");
    assert_eq!(date_of("two days after"), "2021-07-11");
}

#[test]
fn seed_places_resolve_to_sites_cities_and_typos() {
    let doc = seed_doc();
    let place = |words: &str| doc.places.iter().find(|p| doc.text_of(p.span) == words).map(|p| &p.location);
    let base = place("Ain al-Assad air base").expect("the air base");
    assert_eq!((base.precision, base.country.as_deref()), (GeoPrecision::Site, Some("IRQ")));
    assert!((base.lat.unwrap() - 33.80).abs() < 0.05 && (base.lon.unwrap() - 42.44).abs() < 0.05);
    let baghdad = place("Baghdad").expect("Baghdad");
    assert_eq!(
        (baghdad.name.as_str(), baghdad.precision, baghdad.country.as_deref()),
        ("Baghdad", GeoPrecision::City, Some("IRQ"))
    );
    assert_eq!(place("Badgad").map(|l| l.name.as_str()), Some("Baghdad"));
    assert_eq!(place("western Iraq").map(|l| l.precision), Some(GeoPrecision::Region));
    assert!(place("Iraqi").is_none(), "demonyms are not places");
}

#[test]
fn seed_quantities_count_rockets_and_troops() {
    let doc = seed_doc();
    let rockets = doc.quantities.iter().find(|q| q.unit == "rockets").expect("rockets");
    assert_eq!((rockets.kind, rockets.value, rockets.approximate), (QuantityKind::Munitions, 14.0, false));
    let troops = doc.quantities.iter().find(|q| q.unit == "Americans").expect("Americans");
    assert_eq!((troops.kind, troops.value, troops.approximate), (QuantityKind::Troops, 2500.0, true));
}

#[test]
fn seed_events_get_their_date_place_and_numbers() {
    let doc = seed_doc();
    // "Earlier this month, 14 rockets were fired at the Ain al-Assad air base ..."
    let (sentence, fired) = token(&doc, "fired", 0);
    let context = event_context(&doc, sentence, fired);
    assert_eq!(context.date.unwrap().iso(), "2021-07");
    assert_eq!(context.location.as_ref().map(|l| l.precision), Some(GeoPrecision::Site));
    assert_eq!(context.quantities.first().map(|q| q.value), Some(14.0));
    // "... will meet with US President Joe Biden on 26 July."
    let (sentence, meet) = token(&doc, "meet", 1);
    assert_eq!(event_context(&doc, sentence, meet).date.unwrap().iso(), "2021-07-26");
    // "... McGurk discussed the roadmap ... in Baghdad."
    let (sentence, discussed) = token(&doc, "discussed", 0);
    let context = event_context(&doc, sentence, discussed);
    assert_eq!(context.date.unwrap().iso(), "2021-07-11");
    assert_eq!(context.location.map(|l| l.name), Some("Baghdad".to_string()));
}

#[test]
fn seed_counts_stay_stable_for_the_benchmark() {
    let doc = seed_doc();
    // The benchmark asserts these counts on ten copies of the article.
    assert_eq!(doc.times.len(), 7, "{:?}", doc.times.iter().map(|t| doc.text_of(t.span)).collect::<Vec<_>>());
    assert!(
        doc.places.len() >= 20,
        "{:?}",
        doc.places.iter().map(|p| doc.text_of(p.span)).collect::<Vec<_>>()
    );
    assert_eq!(doc.quantities.len(), 2, "{:?}", doc.quantities);
}
