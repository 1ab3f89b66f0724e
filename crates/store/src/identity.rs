//! When two reports are one event: the rules the store applies at ingest, kept apart
//! from SQL so that a job that never opens a store (a Spark step, a notebook) merges a
//! corpus exactly as `dyad ingest` would.
//!
//! A report (one coder event of one article) joins an earlier event when both have
//! the same directed dyad (actor codes), CAMEO root, modality and date precision, their
//! dates are within the window (day precision only; month and year must be equal), and
//! their places agree when both name one. Among several candidates the same full code
//! wins, then the nearest date, then the oldest event. An event takes at most one
//! report from each article: the coder has already merged repeats within an article.
//!
//! [`EventMerger`] applies the rules in memory. The key of [`MergeKey`] partitions
//! reports: no report can join an event of another key, so a corpus may be split by
//! key and each part merged on its own (in input order) with the same result.

use std::collections::{BTreeSet, HashMap, HashSet};

use chrono::NaiveDate;
use dyad_model::{DatePrecision, Document, Event, Location};

use crate::MergeOptions;

/// The outlet that published a document, for `NumSources`: the URL's host without
/// `www.`. A document without a URL counts as a source of its own (`doc:ID`).
pub fn outlet(document: &Document) -> String {
    let host = document.url.as_deref().and_then(|url| {
        let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
        let host = rest.split(['/', '?', '#']).next()?.rsplit('@').next()?;
        let host = host.split(':').next()?.to_ascii_lowercase();
        (!host.is_empty()).then(|| host.strip_prefix("www.").unwrap_or(&host).to_string())
    });
    host.unwrap_or_else(|| format!("doc:{}", document.id))
}

/// What identifies a place: its GeoNames id, or its name and country.
pub fn place_key(location: &Location) -> String {
    match location.geonameid {
        Some(id) => format!("geonames:{id}"),
        None => format!("name:{}|{}", location.name, location.country.as_deref().unwrap_or("")),
    }
}

/// The article sentences that report `event` (one mention each), the coder's
/// sentence first.
pub fn mention_sentences(event: &Event) -> Vec<usize> {
    let mut sentences = vec![event.sentence];
    for &sentence in &event.mentions {
        if !sentences.contains(&sentence) {
            sentences.push(sentence);
        }
    }
    sentences
}

/// The days before and after an event's date within which another report may be the
/// same event: an attack late on Monday is "Monday" in one article and "Tuesday" in
/// the next day's. Month and year dates must be equal.
pub fn day_window(event: &Event, merge: MergeOptions) -> i64 {
    match event.date.precision {
        DatePrecision::Day => merge.day_window,
        DatePrecision::Month | DatePrecision::Year => 0,
    }
}

/// Days since 1970-01-01, the store's day number.
pub fn day_number(day: NaiveDate) -> i64 {
    (day - NaiveDate::from_ymd_opt(1970, 1, 1).expect("a valid date")).num_days()
}

/// The name of a date precision as stored (`day`, `month`, `year`).
pub fn precision_name(precision: DatePrecision) -> &'static str {
    match precision {
        DatePrecision::Day => "day",
        DatePrecision::Month => "month",
        DatePrecision::Year => "year",
    }
}

/// The part of a report's identity that must match exactly: directed dyad (codes,
/// `""` for an actor the text does not name), CAMEO root, modality, date precision.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct MergeKey {
    /// Source actor code.
    pub source: String,
    /// Target actor code.
    pub target: String,
    /// Two-digit CAMEO root.
    pub root: String,
    /// Modality name.
    pub modality: &'static str,
    /// Date precision name.
    pub precision: &'static str,
}

impl MergeKey {
    /// The key of a report.
    pub fn of(event: &Event) -> MergeKey {
        let code =
            |actor: &Option<dyad_model::Actor>| actor.as_ref().map_or(String::new(), |a| a.code.clone());
        MergeKey {
            source: code(&event.source),
            target: code(&event.target),
            root: event.root.as_str().to_string(),
            modality: event.modality.as_str(),
            precision: precision_name(event.date.precision),
        }
    }
}

/// An earlier event of the same key with a date inside the window, as far as the
/// choice among candidates needs it.
#[derive(Debug, Clone, Copy)]
pub struct Candidate<'a> {
    /// Its id: ids grow with age, so the smallest is the oldest.
    pub id: i64,
    /// Its full CAMEO code.
    pub cameo: &'a str,
    /// Its day number.
    pub day: i64,
    /// Its place, by any identifier consistent across reports.
    pub place: Option<i64>,
}

/// Chooses the event that a report (`cameo`, `day`, `place`) joins among `candidates`,
/// skipping those `taken` by another report of the same article. Candidates must
/// already share the report's [`MergeKey`] and lie within its [`day_window`].
pub fn choose_same_event<'a>(
    cameo: &str,
    day: i64,
    place: Option<i64>,
    candidates: impl IntoIterator<Item = Candidate<'a>>,
    taken: &HashSet<i64>,
) -> Option<i64> {
    let mut best: Option<(bool, i64, i64)> = None;
    for candidate in candidates {
        if taken.contains(&candidate.id) {
            continue;
        }
        if let (Some(a), Some(b)) = (place, candidate.place) {
            if a != b {
                continue;
            }
        }
        let rank = (candidate.cameo != cameo, (candidate.day - day).abs(), candidate.id);
        if best.is_none_or(|b| rank < b) {
            best = Some(rank);
        }
    }
    best.map(|(_, _, id)| id)
}

/// One event after merging: its representative (first) report and the article of
/// that report, and the counts GDELT defines.
#[derive(Debug, Clone)]
pub struct MergedEvent {
    /// 1-based, in order of first report: the id a fresh store given the same
    /// documents in the same order would give it.
    pub id: i64,
    /// The representative report, with the place as first recorded under its key
    /// (the store keeps one row per place).
    pub event: Event,
    /// The representative report's article, without its text.
    pub document: Document,
    /// Article sentences reporting the event (`NumMentions`).
    pub num_mentions: u64,
    /// Outlets reporting it (`NumSources`).
    pub num_sources: u64,
    /// Articles reporting it (`NumArticles`).
    pub num_articles: u64,
    /// Where its representative report was in the merger's input: the count of the
    /// events given to [`EventMerger::add_document`] before it.
    pub report: usize,
}

struct Merging {
    merged: MergedEvent,
    day: i64,
    place: Option<i64>,
    articles: BTreeSet<usize>,
    outlets: BTreeSet<String>,
}

/// Merges the reports of documents given in ingest order, in memory, by the store's
/// rules. It does not replace a document by a newer version: give each document once
/// (the latest version of each URL).
#[derive(Default)]
pub struct EventMerger {
    merge: MergeOptions,
    events: Vec<Merging>,
    by_key: HashMap<MergeKey, Vec<usize>>,
    places: HashMap<String, (i64, Location)>,
    documents: usize,
    reports: usize,
}

impl EventMerger {
    /// A merger with these options (the store's defaults with `Default`).
    pub fn new(merge: MergeOptions) -> EventMerger {
        EventMerger { merge, ..EventMerger::default() }
    }

    /// Adds one document's events (the coder's, in its order).
    pub fn add_document(&mut self, document: &Document, events: &[Event]) {
        let article = self.documents;
        self.documents += 1;
        let outlet = outlet(document);
        let mut taken: HashSet<i64> = HashSet::new();
        // As the store names reports: an id repeated within a document gets `-2`, `-3`.
        let mut report_ids: HashSet<String> = HashSet::new();
        for event in events {
            let report = self.reports;
            self.reports += 1;
            let mut report_id = event.event_id.clone();
            let mut n = 2;
            while !report_ids.insert(report_id.clone()) {
                report_id = format!("{}-{n}", event.event_id);
                n += 1;
            }
            let place = event.location.as_ref().map(|location| {
                let next = self.places.len() as i64 + 1;
                self.places.entry(place_key(location)).or_insert_with(|| (next, location.clone())).0
            });
            let key = MergeKey::of(event);
            let day = day_number(event.date.day);
            let window = day_window(event, self.merge);
            let indices = self.by_key.get(&key).map(Vec::as_slice).unwrap_or(&[]);
            let candidates =
                indices.iter().map(|&i| &self.events[i]).filter(|e| (e.day - day).abs() <= window).map(|e| {
                    Candidate {
                        id: e.merged.id,
                        cameo: e.merged.event.cameo.as_str(),
                        day: e.day,
                        place: e.place,
                    }
                });
            let mentions = mention_sentences(event).len() as u64;
            let id = match choose_same_event(event.cameo.as_str(), day, place, candidates, &taken) {
                Some(id) => {
                    let joined = &mut self.events[id as usize - 1];
                    joined.merged.num_mentions += mentions;
                    joined.articles.insert(article);
                    joined.outlets.insert(outlet.clone());
                    id
                }
                None => {
                    let id = self.events.len() as i64 + 1;
                    let mut representative = Event { event_id: report_id, ..event.clone() };
                    if let Some(location) = representative.location.as_mut() {
                        *location = self.places[&place_key(location)].1.clone();
                    }
                    let document = Document { text: String::new(), ..document.clone() };
                    self.events.push(Merging {
                        merged: MergedEvent {
                            id,
                            event: representative,
                            document,
                            num_mentions: mentions,
                            num_sources: 0,
                            num_articles: 0,
                            report,
                        },
                        day,
                        place,
                        articles: BTreeSet::from([article]),
                        outlets: BTreeSet::from([outlet.clone()]),
                    });
                    self.by_key.entry(key).or_default().push(id as usize - 1);
                    id
                }
            };
            taken.insert(id);
        }
    }

    /// The merged events, in order of first report.
    pub fn finish(self) -> Vec<MergedEvent> {
        self.events
            .into_iter()
            .map(|e| MergedEvent {
                num_sources: e.outlets.len() as u64,
                num_articles: e.articles.len() as u64,
                ..e.merged
            })
            .collect()
    }
}
