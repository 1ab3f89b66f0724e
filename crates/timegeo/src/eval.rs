//! Evaluation of geoparsing (GeoWebNews-style gold) and event location.
//!
//! Gold toponyms (`{start, end, phrase, type, lat, lon, geonameid?}`, offsets in
//! characters) without coordinates are skipped, except that a prediction on a gold
//! span typed `Non_Toponym`, `Homonym`, `Demonym` or `Language` counts as a false
//! positive. A toponym is *literal* when its type is `Literal`, `Mixed`, `Coercion`,
//! `Embedded_Literal`, `Literal_Modifier` or missing; the others (metonymic and
//! modifier uses such as "Turkey said", "Syrian") are *associative*.
//!
//! - `precision`: predictions whose span overlaps a gold toponym with coordinates (of
//!   any type) and lies within 161 km of it, over all judged predictions.
//! - `recall`: literal gold toponyms overlapped by a prediction, over all literal gold.
//! - `acc161`: of the literal gold toponyms found, those resolved within 161 km.
//! - `country_acc`: of the literal gold toponyms found, those resolved to the right
//!   country. The gold country comes from the gold GeoNames id when the gazetteer has
//!   it, else from the nearest gazetteer town to the gold coordinates. A prediction in
//!   no single country (a continent, an ocean, "Middle East") counts as right when it
//!   is within 161 km, or when the gold point is in no country either (open sea).

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use dyad_model::{Doc, Document, PlaceMention, Span, Stage};
use dyad_syntax::{SyntaxModel, SyntaxStage};
use serde::{Deserialize, Serialize};

use crate::annotation_tokens::annotation_tokens;
use crate::attach::{event_location, location_options, place_evidence, places_in_sentence};
use crate::gazetteer::{haversine_km, Gazetteer, GazetteerError, Place, PlaceKind};
use crate::geo::PlaceStage;
use crate::location_model::LocationChoice;

/// Errors reading gold files.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    /// The file could not be read.
    #[error("cannot read {path}")]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// A line is not a valid record.
    #[error("{path}:{line}: {source}")]
    Record {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// Why.
        #[source]
        source: serde_json::Error,
    },
    /// The gazetteer did not load.
    #[error(transparent)]
    Gazetteer(#[from] GazetteerError),
    /// The syntax model did not load.
    #[error(transparent)]
    Syntax(#[from] dyad_syntax::SyntaxError),
}

/// Toponym scores; fractions in 0-1.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GeoReport {
    /// Judged predictions that match a gold toponym (overlap and within 161 km).
    pub precision: f64,
    /// Literal gold toponyms found (span overlap).
    pub recall: f64,
    /// Found literal toponyms resolved within 161 km.
    pub acc161: f64,
    /// Found literal toponyms resolved to the right country.
    pub country_acc: f64,
    /// All gold toponyms with coordinates found (literal and associative).
    pub recall_all: f64,
    /// Acc@161 over all found gold toponyms with coordinates.
    pub acc161_all: f64,
    /// Median error in km over found literal toponyms.
    pub median_error_km: f64,
    /// Documents read.
    pub documents: usize,
    /// Literal gold toponyms with coordinates.
    pub gold_literal: usize,
    /// Gold toponyms with coordinates.
    pub gold_all: usize,
    /// Predictions made.
    pub predicted: usize,
    /// Predictions judged (overlapping a gold toponym with coordinates, or no gold).
    pub judged: usize,
    /// One line per literal gold toponym missed or resolved to the wrong country, for
    /// error analysis (`dyad eval geo --errors`).
    #[serde(skip)]
    pub misses: Vec<String>,
    /// Gold lines that are not valid records, skipped (the rest are still scored).
    pub unreadable: usize,
    /// Why each unreadable line was skipped (`file:line: reason`).
    #[serde(skip)]
    pub unreadable_lines: Vec<String>,
}

#[derive(Deserialize)]
struct GoldDoc {
    text: String,
    #[serde(default)]
    toponyms: Vec<GoldToponym>,
}

#[derive(Deserialize)]
struct GoldToponym {
    start: i64,
    end: i64,
    #[serde(rename = "type")]
    kind: Option<String>,
    lat: Option<f64>,
    lon: Option<f64>,
    geonameid: Option<serde_json::Value>,
}

fn is_literal(kind: Option<&str>) -> bool {
    matches!(kind, None | Some("Literal" | "Mixed" | "Coercion" | "Embedded_Literal" | "Literal_Modifier"))
}

fn is_not_a_place(kind: Option<&str>) -> bool {
    matches!(kind, Some("Non_Toponym" | "Homonym" | "Demonym" | "Language"))
}

/// Byte offset of each character offset (plus the end) of `text`.
fn char_to_byte(text: &str) -> Vec<usize> {
    let mut offsets: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
    offsets.push(text.len());
    offsets
}

/// A raw text run through `stages` in order, as the pipeline runs the stages before
/// the place stage (the place stage reads the tags and actors, event location the
/// parse and lemmas).
pub(crate) fn prepared(id: &str, text: &str, stages: &[&dyn Stage]) -> Doc {
    let mut doc = Doc::new(Document::new(id, text));
    let mut diags = Vec::new();
    for stage in stages {
        stage.run(&mut doc, &mut diags);
        doc.layers.extend_from_slice(stage.provides());
    }
    doc
}

/// A coarse grid over populated places for nearest-place look-ups.
struct PlaceGrid<'g> {
    cells: HashMap<(i32, i32), Vec<&'g Place>>,
}

impl<'g> PlaceGrid<'g> {
    fn new(gazetteer: &'g Gazetteer) -> PlaceGrid<'g> {
        let mut cells: HashMap<(i32, i32), Vec<&Place>> = HashMap::new();
        for place in
            gazetteer.places.iter().filter(|p| matches!(p.kind, PlaceKind::City | PlaceKind::Capital))
        {
            cells.entry((place.lat.floor() as i32, place.lon.floor() as i32)).or_default().push(place);
        }
        PlaceGrid { cells }
    }

    fn nearest(&self, lat: f64, lon: f64) -> Option<&'g Place> {
        let (cell_lat, cell_lon) = (lat.floor() as i32, lon.floor() as i32);
        for radius in 0..4 {
            let mut best: Option<(f64, &Place)> = None;
            for dlat in -radius..=radius {
                for dlon in -radius..=radius {
                    for place in self.cells.get(&(cell_lat + dlat, cell_lon + dlon)).into_iter().flatten() {
                        let distance = haversine_km(lat, lon, place.lat, place.lon);
                        if best.is_none_or(|(d, _)| distance < d) {
                            best = Some((distance, place));
                        }
                    }
                }
            }
            if let Some((_, place)) = best {
                return Some(place);
            }
        }
        None
    }
}

/// Scores geoparsing on gold in the GeoWebNews JSONL format, with the embedded
/// gazetteer and syntax model, and the text prepared by segmenting, tagging, parsing
/// and lemmatising (the standard pipeline also finds actors first: `dyad eval geo`
/// runs its stages).
pub fn evaluate_geo(gold_path: &Path) -> Result<GeoReport, EvalError> {
    let gazetteer = Arc::new(Gazetteer::embedded()?);
    let syntax = SyntaxStage::new(SyntaxModel::load_default()?);
    let segment = dyad_text::SegmentStage::default();
    evaluate_geo_with(gold_path, gazetteer, &[&segment, &syntax, &dyad_text::LemmaStage])
}

fn read_lines(path: &Path) -> Result<Vec<String>, EvalError> {
    let file = File::open(path).map_err(|source| EvalError::Read { path: path.to_path_buf(), source })?;
    BufReader::new(file)
        .lines()
        .collect::<Result<Vec<_>, _>>()
        .map_err(|source| EvalError::Read { path: path.to_path_buf(), source })
}

/// [`evaluate_geo`] with a given gazetteer, and the stages that prepare each text for
/// the place stage (segmentation first), as the pipeline runs them before it.
pub fn evaluate_geo_with(
    gold_path: &Path,
    gazetteer: Arc<Gazetteer>,
    prepare: &[&dyn Stage],
) -> Result<GeoReport, EvalError> {
    let stage = PlaceStage::new(gazetteer.clone());
    let grid = PlaceGrid::new(&gazetteer);
    let by_geonameid: HashMap<u64, &Place> =
        gazetteer.places.iter().filter_map(|p| p.geonameid.map(|id| (id, p))).collect();
    let gold_country = |toponym: &GoldToponym, lat: f64, lon: f64| -> Option<String> {
        let id = toponym.geonameid.as_ref().and_then(|v| match v {
            serde_json::Value::String(s) => s.parse::<u64>().ok(),
            serde_json::Value::Number(n) => n.as_u64(),
            _ => None,
        });
        id.and_then(|id| by_geonameid.get(&id))
            .and_then(|p| p.country.clone())
            .or_else(|| grid.nearest(lat, lon).and_then(|p| p.country.clone()))
    };

    let mut report = GeoReport {
        precision: 0.0,
        recall: 0.0,
        acc161: 0.0,
        country_acc: 0.0,
        recall_all: 0.0,
        acc161_all: 0.0,
        median_error_km: 0.0,
        documents: 0,
        gold_literal: 0,
        gold_all: 0,
        predicted: 0,
        judged: 0,
        misses: Vec::new(),
        unreadable: 0,
        unreadable_lines: Vec::new(),
    };
    let (mut true_positives, mut found_literal, mut found_all) = (0usize, 0usize, 0usize);
    let (mut literal_within, mut all_within, mut country_right) = (0usize, 0usize, 0usize);
    let mut errors_km: Vec<f64> = Vec::new();
    for (line_idx, line) in read_lines(gold_path)?.iter().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let gold: GoldDoc = match serde_json::from_str(line) {
            Ok(gold) => gold,
            Err(source) => {
                let err = EvalError::Record { path: gold_path.to_path_buf(), line: line_idx + 1, source };
                report.unreadable += 1;
                report.unreadable_lines.push(err.to_string());
                continue;
            }
        };
        report.documents += 1;
        let offsets = char_to_byte(&gold.text);
        // A few gold offsets are broken (negative or reversed): such spans match nothing.
        let byte_span = |start: i64, end: i64| {
            let clamp = |offset: i64| offsets[(offset.max(0) as usize).min(offsets.len() - 1)];
            let (start, end) = (clamp(start), clamp(end));
            if start < end {
                Span::new(start, end)
            } else {
                Span::new(0, 0)
            }
        };
        let mut doc = prepared(&format!("gold-{line_idx}"), &gold.text, prepare);
        stage.run(&mut doc, &mut Vec::new());
        report.predicted += doc.places.len();

        // Precision: each prediction judged against the gold it overlaps.
        for place in &doc.places {
            let overlapping: Vec<&GoldToponym> =
                gold.toponyms.iter().filter(|t| byte_span(t.start, t.end).overlaps(place.span)).collect();
            let with_coordinates: Vec<&&GoldToponym> =
                overlapping.iter().filter(|t| t.lat.is_some() && t.lon.is_some()).collect();
            if with_coordinates.is_empty() {
                let judged_wrong =
                    overlapping.is_empty() || overlapping.iter().any(|t| is_not_a_place(t.kind.as_deref()));
                if judged_wrong {
                    report.judged += 1;
                }
                continue;
            }
            report.judged += 1;
            if with_coordinates.iter().any(|t| within_161(place, t.lat.unwrap_or(0.0), t.lon.unwrap_or(0.0)))
            {
                true_positives += 1;
            }
        }

        // Recall, Acc@161 and country accuracy over gold.
        for toponym in &gold.toponyms {
            let (Some(lat), Some(lon)) = (toponym.lat, toponym.lon) else { continue };
            let literal = is_literal(toponym.kind.as_deref());
            report.gold_all += 1;
            if literal {
                report.gold_literal += 1;
            }
            let span = byte_span(toponym.start, toponym.end);
            let phrase = gold.text.get(span.start..span.end).unwrap_or("");
            let Some(place) = doc.places.iter().find(|p| p.span.overlaps(span)) else {
                if literal {
                    report.misses.push(format!("doc {}: missed {phrase:?}", line_idx + 1));
                }
                continue;
            };
            found_all += 1;
            let within = within_161(place, lat, lon);
            all_within += usize::from(within);
            if literal {
                found_literal += 1;
                literal_within += usize::from(within);
                if let (Some(plat), Some(plon)) = (place.location.lat, place.location.lon) {
                    errors_km.push(haversine_km(lat, lon, plat, plon));
                }
                // A place in no single country (a continent, a sea, "Middle East") is
                // right about the country when it is right about the place.
                // Open sea has no country: saying none there is right about the country.
                let expected = gold_country(toponym, lat, lon);
                let no_country_needed = place.location.country.is_none() && (within || expected.is_none());
                if no_country_needed
                    || expected.as_ref().is_some_and(|c| Some(c) == place.location.country.as_ref())
                {
                    country_right += 1;
                } else {
                    report.misses.push(format!(
                        "doc {}: {phrase:?} is in {} ({lat:.2}, {lon:.2}); resolved to {:?} in {} by {}",
                        line_idx + 1,
                        expected.as_deref().unwrap_or("?"),
                        place.location.name,
                        place.location.country.as_deref().unwrap_or("no country"),
                        place.rule
                    ));
                }
            }
        }
    }
    let fraction = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    report.precision = fraction(true_positives, report.judged);
    report.recall = fraction(found_literal, report.gold_literal);
    report.recall_all = fraction(found_all, report.gold_all);
    report.acc161 = fraction(literal_within, found_literal);
    report.acc161_all = fraction(all_within, found_all);
    report.country_acc = fraction(country_right, found_literal);
    errors_km.sort_by(f64::total_cmp);
    report.median_error_km = errors_km.get(errors_km.len() / 2).copied().unwrap_or(0.0);
    Ok(report)
}

fn within_161(place: &PlaceMention, lat: f64, lon: f64) -> bool {
    match (place.location.lat, place.location.lon) {
        (Some(plat), Some(plon)) => haversine_km(lat, lon, plat, plon) <= 161.0,
        _ => false,
    }
}

/// Event-location scores; fractions in 0-1.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EventLocationReport {
    /// Records where the prediction is right: it overlaps a gold location, or both the
    /// gold and the prediction are empty. Gold given as token indices is read as such.
    pub accuracy: f64,
    /// Accuracy over records that have at least one gold location.
    pub accuracy_located: f64,
    /// Accuracy over records without a gold location (predicting none is right).
    pub accuracy_unlocated: f64,
    /// Accuracy over the records whose gold is in character offsets (leaving out those
    /// in token indices).
    pub accuracy_character_gold: f64,
    /// Accuracy when every gold span is read as character offsets, as before token
    /// indices were recognised (token-index gold then never matches): for comparison
    /// with earlier figures.
    pub accuracy_all_as_characters: f64,
    /// Records read.
    pub records: usize,
    /// Records with a gold location.
    pub located: usize,
    /// Records whose gold locations are token indices.
    pub token_gold: usize,
    /// One line per wrong record, for error analysis (`dyad eval geo --errors`).
    #[serde(skip)]
    pub misses: Vec<String>,
    /// Lines that are not valid records, skipped (the rest are still scored).
    pub unreadable: usize,
    /// Why each unreadable line was skipped (`file:line: reason`).
    #[serde(skip)]
    pub unreadable_lines: Vec<String>,
}

#[derive(Deserialize)]
struct EventRecord {
    text: String,
    verb: GoldSpan,
    #[serde(default)]
    locations: Vec<GoldSpan>,
}

#[derive(Deserialize)]
struct GoldSpan {
    start: usize,
    end: usize,
}

/// Whether a record's gold spans are token indices rather than character offsets:
/// some span's characters are blank or cut a word ("In the neighboring province of
/// Ingushetia" with `{start: 5, end: 5}`). A record uses one kind for all its spans.
fn gold_in_token_indices(text: &str, chars: &[usize], spans: &[GoldSpan]) -> bool {
    let alphanumeric_at =
        |c: usize| c < chars.len() - 1 && text[chars[c]..].chars().next().is_some_and(char::is_alphanumeric);
    spans.iter().any(|s| {
        let (start, end) = (s.start.min(chars.len() - 1), s.end.min(chars.len() - 1));
        let blank = start >= end || text[chars[start]..chars[end]].trim().is_empty();
        let cuts_start = start > 0 && alphanumeric_at(start - 1) && alphanumeric_at(start);
        let cuts_end = end > 0 && alphanumeric_at(end - 1) && alphanumeric_at(end);
        blank || cuts_start || cuts_end
    })
}

/// Byte spans of gold given as first and last token index (inclusive) in the
/// annotation tool's tokens; an index past the text gives an empty span (matches
/// nothing).
fn token_gold_spans(text: &str, spans: &[GoldSpan]) -> Vec<Span> {
    let tokens = annotation_tokens(text);
    spans
        .iter()
        .map(|s| match (tokens.get(s.start), tokens.get(s.end)) {
            (Some(first), Some(last)) if s.start <= s.end => Span::new(first.0, last.1),
            _ => Span::new(0, 0),
        })
        .collect()
}

/// The byte spans of an event-location record's gold `locations` (`[(start, end)]` as
/// written), and whether they were token indices (see [`evaluate_event_location`]).
pub fn event_gold_spans(text: &str, locations: &[(usize, usize)]) -> (Vec<Span>, bool) {
    let spans: Vec<GoldSpan> = locations.iter().map(|&(start, end)| GoldSpan { start, end }).collect();
    gold_location_spans(text, &spans)
}

fn gold_location_spans(text: &str, spans: &[GoldSpan]) -> (Vec<Span>, bool) {
    let offsets = char_to_byte(text);
    if gold_in_token_indices(text, &offsets, spans) {
        (token_gold_spans(text, spans), true)
    } else {
        let at = |c: usize| offsets[c.min(offsets.len() - 1)];
        (spans.iter().map(|s| Span::new(at(s.start), at(s.end))).collect(), false)
    }
}

/// Scores event location on JSONL records `{text, verb{start,end}, locations[{start,end}]}`
/// (offsets in characters): the location [`event_location`] gives the verb's token
/// must overlap one of the gold spans. A focus-country fallback without a span counts
/// as no location. Records whose location spans are blank or cut words hold token
/// indices (first and last token) of the annotation tool, and are read so; the
/// report also gives the accuracy without them and with them read as characters.
/// `prepare` are the stages the pipeline runs before the place stage (segmentation
/// first; see [`evaluate_geo_with`]).
pub fn evaluate_event_location(
    gold_path: &Path,
    gazetteer: Arc<Gazetteer>,
    prepare: &[&dyn Stage],
) -> Result<EventLocationReport, EvalError> {
    let stage = PlaceStage::new(gazetteer);
    let (mut right, mut records, mut located, mut located_right) = (0usize, 0usize, 0usize, 0usize);
    let (mut token_gold, mut token_gold_right, mut right_as_characters) = (0usize, 0usize, 0usize);
    let mut misses = Vec::new();
    let (event_records, unreadable_lines) = read_event_records(gold_path)?;
    for (line_idx, record) in event_records {
        records += 1;
        let offsets = char_to_byte(&record.text);
        let byte_span = |s: &GoldSpan| {
            Span::new(offsets[s.start.min(offsets.len() - 1)], offsets[s.end.min(offsets.len() - 1)])
        };
        let mut doc = prepared(&format!("event-{line_idx}"), &record.text, prepare);
        stage.run(&mut doc, &mut Vec::new());
        let verb = byte_span(&record.verb);
        let trigger = trigger_of(&doc, verb);
        let predicted = trigger.and_then(|(sentence, token_idx)| {
            event_location(&doc, sentence, token_idx).and_then(|location| location.span)
        });
        let is_right = |gold: &[Span]| match predicted {
            Some(span) => gold.iter().any(|g| g.overlaps(span)),
            None => gold.is_empty(),
        };
        let as_characters: Vec<Span> = record.locations.iter().map(byte_span).collect();
        right_as_characters += usize::from(is_right(&as_characters));
        let (gold, in_tokens) = gold_location_spans(&record.text, &record.locations);
        let correct = is_right(&gold);
        right += usize::from(correct);
        if !correct {
            let words = |span: Span| record.text.get(span.start..span.end).unwrap_or("").to_string();
            let gold_words: Vec<String> = gold.iter().map(|&g| words(g)).collect();
            // The candidates and their evidence, so a wrong choice can be traced.
            let candidates: Vec<String> = trigger
                .map(|(sentence, token_idx)| place_evidence(&doc, sentence, token_idx))
                .unwrap_or_default()
                .iter()
                .map(|(evidence, place)| format!("{}={evidence:.2}", words(place.span)))
                .collect();
            misses.push(format!(
                "line {}: verb {:?}, gold {:?}, predicted {:?} [{}]: {}",
                line_idx + 1,
                words(verb),
                gold_words,
                predicted.map(words),
                candidates.join(" "),
                record.text
            ));
        }
        if in_tokens {
            token_gold += 1;
            token_gold_right += usize::from(correct);
        }
        if !gold.is_empty() {
            located += 1;
            located_right += usize::from(correct);
        }
    }
    let fraction = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    Ok(EventLocationReport {
        accuracy: fraction(right, records),
        accuracy_located: fraction(located_right, located),
        accuracy_unlocated: fraction(right - located_right, records - located),
        accuracy_character_gold: fraction(right - token_gold_right, records - token_gold),
        accuracy_all_as_characters: fraction(right_as_characters, records),
        records,
        located,
        token_gold,
        misses,
        unreadable: unreadable_lines.len(),
        unreadable_lines,
    })
}

/// Records with their 0-based line index, and why each line that is not one was skipped.
type ReadRecords = (Vec<(usize, EventRecord)>, Vec<String>);

/// The records of an event-location file (see [`ReadRecords`]).
fn read_event_records(gold_path: &Path) -> Result<ReadRecords, EvalError> {
    let (mut records, mut unreadable) = (Vec::new(), Vec::new());
    for (line_idx, line) in read_lines(gold_path)?.iter().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<EventRecord>(line) {
            Ok(record) => records.push((line_idx, record)),
            Err(source) => unreadable.push(
                EvalError::Record { path: gold_path.to_path_buf(), line: line_idx + 1, source }.to_string(),
            ),
        }
    }
    Ok((records, unreadable))
}

/// The sentence and token of the first token the verb span overlaps.
fn trigger_of(doc: &Doc, verb: Span) -> Option<(usize, usize)> {
    let token_idx = doc.tokens.iter().position(|t| t.span.overlaps(verb))?;
    let sentence = doc.sentences.iter().position(|s| s.tokens.contains(&token_idx))?;
    Some((sentence, token_idx))
}

/// The event-location records as choices for the location model (one per record, in
/// file order): the options' features and which options overlap a gold span ("none"
/// when the gold is empty). A record whose verb is not found has only "none". The
/// texts are prepared by `prepare`, as for [`evaluate_event_location`]: the model must
/// learn from the features the pipeline will give it.
pub fn event_location_choices(
    gold_path: &Path,
    gazetteer: Arc<Gazetteer>,
    prepare: &[&dyn Stage],
) -> Result<LocationChoices, EvalError> {
    let stage = PlaceStage::new(gazetteer);
    let mut choices = Vec::new();
    let (records, unreadable) = read_event_records(gold_path)?;
    for (line_idx, record) in records {
        let offsets = char_to_byte(&record.text);
        let verb = Span::new(
            offsets[record.verb.start.min(offsets.len() - 1)],
            offsets[record.verb.end.min(offsets.len() - 1)],
        );
        let mut doc = prepared(&format!("event-{line_idx}"), &record.text, prepare);
        stage.run(&mut doc, &mut Vec::new());
        let (gold, _) = gold_location_spans(&record.text, &record.locations);
        let options = trigger_of(&doc, verb).and_then(|(sentence, token_idx)| {
            let options = location_options(&doc, sentence, token_idx)?;
            let spans: Vec<Span> =
                places_in_sentence(&doc, sentence).iter().map(|(p, _, _)| p.span).collect();
            Some((options, spans))
        });
        let choice = match options {
            Some((options, spans)) => {
                let gold_options = if gold.is_empty() {
                    vec![0]
                } else {
                    spans
                        .iter()
                        .enumerate()
                        .filter(|(_, span)| gold.iter().any(|g| g.overlaps(**span)))
                        .map(|(at, _)| at + 1)
                        .collect()
                };
                LocationChoice { options, gold: gold_options }
            }
            None => LocationChoice {
                options: vec![vec!["none".to_string()]],
                gold: if gold.is_empty() { vec![0] } else { Vec::new() },
            },
        };
        choices.push(choice);
    }
    Ok(LocationChoices { choices, unreadable })
}

/// What [`event_location_choices`] read: one choice per record, and why each line that
/// is not a record was skipped (`file:line: reason`).
#[derive(Debug, Clone, Default)]
pub struct LocationChoices {
    /// One per readable record, in file order.
    pub choices: Vec<LocationChoice>,
    /// The skipped lines.
    pub unreadable: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans(pairs: &[(usize, usize)]) -> Vec<GoldSpan> {
        pairs.iter().map(|&(start, end)| GoldSpan { start, end }).collect()
    }

    #[test]
    fn blank_or_word_cutting_gold_is_read_as_token_indices() {
        let text = "In the neighboring province of Ingushetia, federal troops clashed.";
        let chars = char_to_byte(text);
        // Character offsets of "Ingushetia".
        assert!(!gold_in_token_indices(text, &chars, &spans(&[(31, 41)])));
        // Token 5, written as an empty character span.
        assert!(gold_in_token_indices(text, &chars, &spans(&[(5, 5)])));
        let gold = token_gold_spans(text, &spans(&[(5, 5)]));
        assert_eq!(&text[gold[0].start..gold[0].end], "Ingushetia");
        // Tokens 7 and 8 of " McCoy was captured in March in Las Vegas.": the
        // characters "w" cut a word.
        let text = " McCoy was captured in March in Las Vegas.";
        let chars = char_to_byte(text);
        assert!(gold_in_token_indices(text, &chars, &spans(&[(7, 8)])));
        let gold = token_gold_spans(text, &spans(&[(7, 8)]));
        assert_eq!(&text[gold[0].start..gold[0].end], "Las Vegas");
        // A real one-letter name stays in characters ("Rasai I").
        let text = "rebels captured Rasai I and Rasai II.";
        let chars = char_to_byte(text);
        assert!(!gold_in_token_indices(text, &chars, &spans(&[(16, 21), (22, 23)])));
        // An index past the text matches nothing.
        assert_eq!(token_gold_spans(text, &spans(&[(40, 41)])), vec![Span::new(0, 0)]);
    }
}
