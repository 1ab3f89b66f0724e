//! Prints geoparsing errors on GeoWebNews-style gold, for error analysis:
//! `cargo run --release -p dyad-timegeo --example geo_errors -- GOLD.jsonl`.

use std::sync::Arc;

use dyad_model::{Doc, Document, Span, Stage};
use dyad_syntax::{SyntaxModel, SyntaxStage};
use dyad_timegeo::gazetteer::haversine_km;
use dyad_timegeo::{Gazetteer, PlaceStage};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).ok_or("usage: geo_errors GOLD.jsonl")?;
    let gazetteer = Arc::new(Gazetteer::embedded()?);
    let stage = PlaceStage::new(gazetteer.clone());
    let syntax = SyntaxStage::new(SyntaxModel::load_default()?);
    for line in std::fs::read_to_string(path)?.lines() {
        let gold: serde_json::Value = serde_json::from_str(line)?;
        let text = gold["text"].as_str().unwrap_or("");
        let offsets: Vec<usize> = text.char_indices().map(|(b, _)| b).chain([text.len()]).collect();
        let mut doc = Doc::new(Document::new("g", text));
        let segment = dyad_text::SegmentStage::default();
        segment.run(&mut doc, &mut Vec::new());
        doc.layers.extend_from_slice(segment.provides());
        syntax.run(&mut doc, &mut Vec::new());
        doc.layers.extend_from_slice(syntax.provides());
        stage.run(&mut doc, &mut Vec::new());
        let toponyms = gold["toponyms"].as_array().cloned().unwrap_or_default();
        let spans: Vec<(Span, &serde_json::Value)> = toponyms
            .iter()
            .filter_map(|t| {
                let (s, e) = (t["start"].as_i64()?, t["end"].as_i64()?);
                if s < 0 || e <= s || e as usize >= offsets.len() {
                    return None;
                }
                Some((Span::new(offsets[s as usize], offsets[e as usize]), t))
            })
            .collect();
        for place in &doc.places {
            let gold_here: Vec<&(Span, &serde_json::Value)> =
                spans.iter().filter(|(s, _)| s.overlaps(place.span)).collect();
            let words = doc.text_of(place.span);
            match gold_here.first() {
                None => println!(
                    "FP\t{words}\t{} {:?} {}\t{}",
                    place.location.name,
                    place.location.country,
                    place.rule,
                    context(text, place.span)
                ),
                Some((_, t)) => {
                    if let (Some(lat), Some(lon)) = (t["lat"].as_f64(), t["lon"].as_f64()) {
                        // As the evaluation does: the gold GeoNames id's country, else the
                        // nearest town's; a place in no country is right when near.
                        let by_id = t["geonameid"]
                            .as_str()
                            .and_then(|id| id.parse::<u64>().ok())
                            .or_else(|| t["geonameid"].as_u64())
                            .and_then(|id| gazetteer.places.iter().find(|p| p.geonameid == Some(id)));
                        let gold_country = by_id
                            .and_then(|p| p.country.clone())
                            .or_else(|| gazetteer.nearest_place(lat, lon).and_then(|p| p.country.clone()));
                        let near = place.location.lat.is_some_and(|plat| {
                            haversine_km(lat, lon, plat, place.location.lon.unwrap_or(0.0)) <= 161.0
                        });
                        let countryless_and_near = place.location.country.is_none() && near;
                        if gold_country != place.location.country && !countryless_and_near {
                            println!(
                                "CTRY\t{words}\t{} {:?} -> gold {} {gold_country:?} {}",
                                place.location.name, place.location.country, t["name"], t["type"]
                            );
                        }
                        let km = haversine_km(
                            lat,
                            lon,
                            place.location.lat.unwrap_or(0.0),
                            place.location.lon.unwrap_or(0.0),
                        );
                        if km > 161.0 {
                            println!(
                                "FAR\t{words}\t{} {:?} -> gold {} ({lat},{lon}) {km:.0} km {}",
                                place.location.name, place.location.country, t["name"], t["type"]
                            );
                        }
                    } else {
                        println!("NOCOORD\t{words}\t{}", t["type"]);
                    }
                }
            }
        }
        for (span, t) in &spans {
            if t["lat"].is_null() {
                continue;
            }
            if !doc.places.iter().any(|p| p.span.overlaps(*span)) {
                let tags: Vec<String> = doc
                    .tokens
                    .iter()
                    .filter(|tok| tok.span.overlaps(*span))
                    .map(|tok| format!("{:?}", tok.upos))
                    .collect();
                println!(
                    "MISS\t{}\t{}\t{}\t{}\t{}",
                    t["phrase"],
                    t["type"],
                    t["name"],
                    tags.join(" "),
                    context(text, *span)
                );
            }
        }
    }
    Ok(())
}

/// About 50 bytes of text either side of a span, on one line.
fn context(text: &str, span: Span) -> String {
    let mut start = span.start.saturating_sub(50);
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = (span.end + 50).min(text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    format!("{}[{}]{}", &text[start..span.start], &text[span.start..span.end], &text[span.end..end])
        .replace('\n', " ")
}
