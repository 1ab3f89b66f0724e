//! Reading the store: events by actor, dyad, code, date, place and words; time series
//! per dyad from the daily rollups.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use dyad_model::{
    Actor, DatePrecision, Event, EventCode, EventDate, GeoPrecision, Location, Modality, Plover, Provenance,
    Quantity,
};
use rusqlite::types::Value;
use serde::Serialize;

use crate::{classify, day_from_number, day_number, Store, StoreError};

/// The key of a stored provenance listing the spans stored without their words.
pub(crate) const STRIPPED_SPANS: &str = "stripped_spans";

/// Filters for [`Store::query`]. Actor codes match by prefix of whole blocks: `USA`
/// matches `USA`, `USAGOV` and `USAMIL`.
#[derive(Debug, Clone, Default)]
pub struct EventQuery {
    /// Events with this actor as source or target.
    pub actor: Option<String>,
    /// Events from the first actor to the second.
    pub dyad: Option<(String, String)>,
    /// CAMEO code prefix (`19` for every fight, `193`).
    pub code: Option<String>,
    /// Events dated on or after this day.
    pub from: Option<NaiveDate>,
    /// Events dated on or before this day.
    pub to: Option<NaiveDate>,
    /// Events at a place of this name, or in a country of this ISO code.
    pub place: Option<String>,
    /// Events reported by an article containing all these words.
    pub text: Option<String>,
    /// At most this many events.
    pub limit: Option<u64>,
}

/// An event read back from the store: the coded event as its representative mention
/// reported it, plus what the store knows across articles.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredEvent {
    /// The store's integer id (GDELT's `GLOBALEVENTID`).
    pub id: i64,
    /// The event, with the representative mention's document, sentence and provenance.
    #[serde(flatten)]
    pub event: Event,
    /// The representative document's URL.
    pub url: Option<String>,
    /// The representative document's headline.
    pub title: Option<String>,
    /// The representative document's publication (feed or site name), as ingested.
    pub publication: Option<String>,
    /// The representative document's publication date.
    pub published: Option<NaiveDate>,
    /// The representative document's story (group of near-duplicate articles).
    pub story_id: i64,
    /// Article sentences reporting the event.
    pub num_mentions: u64,
    /// Outlets reporting it.
    pub num_sources: u64,
    /// Articles reporting it.
    pub num_articles: u64,
}

/// One article sentence reporting a stored event (a row of GDELT's mentions table).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredMention {
    /// The event's store id (`GLOBALEVENTID`).
    pub event: i64,
    /// The article's id.
    pub doc_id: String,
    /// The article's URL.
    pub url: Option<String>,
    /// The outlet: the URL's host, or `doc:ID` for an article without a URL.
    pub outlet: String,
    /// The publication as ingested (feed or site name).
    pub publication: Option<String>,
    /// The article's publication date.
    pub published: Option<NaiveDate>,
    /// The publication date of the event's representative (first) article.
    pub event_published: Option<NaiveDate>,
    /// The event's date.
    pub event_date: NaiveDate,
    /// 0-based sentence in the article.
    pub sentence: usize,
    /// Whether this sentence is the one the report was coded from (the others repeat it).
    pub is_primary: bool,
    /// The coder's confidence in the report, 0-1.
    pub confidence: f32,
    /// Character offsets in the article of the source, target and trigger, where the
    /// coder recorded them (the primary sentence only).
    pub source_offset: Option<u64>,
    /// See `source_offset`.
    pub target_offset: Option<u64>,
    /// See `source_offset`.
    pub trigger_offset: Option<u64>,
    /// The article's length in characters.
    pub doc_chars: u64,
}

/// The period of a time series.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DatePeriod {
    /// Calendar days.
    Day,
    /// ISO weeks, named by their Monday.
    Week,
    /// Calendar months.
    Month,
}

/// Filters for [`Store::stats`].
#[derive(Debug, Clone)]
pub struct StatsQuery {
    /// Source actor code prefix.
    pub source: String,
    /// Target actor code prefix.
    pub target: String,
    /// Period length.
    pub by: DatePeriod,
    /// First day.
    pub from: Option<NaiveDate>,
    /// Last day.
    pub to: Option<NaiveDate>,
}

/// One period of a dyad's time series.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PeriodStats {
    /// `2021-07-12` (day, or the Monday of a week) or `2021-07` (month).
    pub period: String,
    /// Events.
    pub events: u64,
    /// Events per QuadClass 1-4.
    pub quad: [u64; 4],
    /// Sum of Goldstein values.
    pub goldstein_sum: f64,
    /// Mean Goldstein value.
    pub goldstein_mean: f64,
}

/// Checks an actor code before it goes into a GLOB pattern: letters and digits only.
pub(crate) fn actor_pattern(code: &str) -> Result<String, StoreError> {
    let code = code.trim().to_ascii_uppercase();
    if code.is_empty() || !code.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(StoreError::InvalidQuery(format!("actor code {code:?} must be letters and digits")));
    }
    Ok(format!("{code}*"))
}

/// Words as an FTS5 query that needs all of them, each quoted so that no word is read
/// as an operator. The index keeps no positions (`detail=none`), so a quoted string the
/// tokenizer splits in two ("al-Asad") would be a phrase query, which such an index
/// refuses with an error: every term must be one token for SQLite's tokenizer
/// (unicode61, on Unicode 6.1 tables, where Rust's are newer). Words are split at every
/// character that is not a letter or digit and at every combining mark; runs of letters
/// of the common alphabets (Latin, Greek, Cyrillic, Armenian, Hebrew, Arabic, kana, CJK,
/// Hangul), which both agree on, stay whole; any other letter is a term of its own,
/// which the tokenizer cannot split further.
fn fts_query(words: &str) -> Option<String> {
    let mut terms: Vec<String> = Vec::new();
    let mut run = String::new();
    for c in words.chars() {
        let letter = c.is_alphanumeric() && !unicode_normalization::char::is_combining_mark(c);
        if letter && common_alphabet(c) {
            run.push(c);
            continue;
        }
        if !run.is_empty() {
            terms.push(format!("\"{run}\""));
            run.clear();
        }
        if letter {
            terms.push(format!("\"{c}\""));
        }
    }
    if !run.is_empty() {
        terms.push(format!("\"{run}\""));
    }
    (!terms.is_empty()).then(|| terms.join(" "))
}

/// Letters and digits of the scripts whose classification SQLite's tokenizer shares.
fn common_alphabet(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || matches!(u32::from(c),
            0xC0..=0x24F        // Latin-1 letters, Latin Extended-A and -B
            | 0x370..=0x3FF     // Greek
            | 0x400..=0x52F     // Cyrillic
            | 0x531..=0x587     // Armenian
            | 0x5D0..=0x5EA     // Hebrew
            | 0x620..=0x64A | 0x660..=0x669 | 0x671..=0x6D3 // Arabic letters and digits
            | 0x3041..=0x30FF   // Hiragana and Katakana
            | 0x4E00..=0x9FFF   // CJK Unified Ideographs
            | 0xAC00..=0xD7A3   // Hangul syllables
        )
}

/// The WHERE clause (over `events e`) and its values for the filters of `query`.
pub(crate) fn event_filter(query: &EventQuery) -> Result<(String, Vec<Value>), StoreError> {
    let mut clauses: Vec<String> = Vec::new();
    let mut values: Vec<Value> = Vec::new();
    // The dates also bound the days read from the rollups, so that a dyad's events in
    // one month are a month of seeks, not its whole history.
    let mut days = String::new();
    let mut day_values: Vec<Value> = Vec::new();
    if let Some(from) = query.from {
        days.push_str(" AND day >= ?");
        day_values.push(Value::Integer(day_number(from)));
    }
    if let Some(to) = query.to {
        days.push_str(" AND day <= ?");
        day_values.push(Value::Integer(day_number(to)));
    }
    if let Some(actor) = &query.actor {
        let pattern = actor_pattern(actor)?;
        // Events are indexed by day first; the rollups know on which days a dyad has
        // events, and each such day is a seek. The rollups are keyed by source first:
        // naming every source turns the target half into one seek per source.
        clauses.push(format!(
            "(e.day, e.source_id, e.target_id) IN (SELECT day, source_id, target_id FROM dyad_daily
              WHERE (source_id IN (SELECT id FROM actors WHERE code GLOB ?)
                 OR (target_id IN (SELECT id FROM actors WHERE code GLOB ?)
                     AND source_id IN (SELECT id FROM actors))){days})"
        ));
        values.push(Value::Text(pattern.clone()));
        values.push(Value::Text(pattern));
        values.extend(day_values.iter().cloned());
    }
    if let Some((source, target)) = &query.dyad {
        clauses.push(format!(
            "(e.day, e.source_id, e.target_id) IN (SELECT day, source_id, target_id FROM dyad_daily
              WHERE source_id IN (SELECT id FROM actors WHERE code GLOB ?)
                AND target_id IN (SELECT id FROM actors WHERE code GLOB ?){days})"
        ));
        values.push(Value::Text(actor_pattern(source)?));
        values.push(Value::Text(actor_pattern(target)?));
        values.extend(day_values.iter().cloned());
    }
    if let Some(code) = &query.code {
        if code.is_empty() || !code.chars().all(|c| c.is_ascii_digit()) {
            return Err(StoreError::InvalidQuery(format!("CAMEO code {code:?} must be digits")));
        }
        clauses.push("e.cameo GLOB ?".into());
        values.push(Value::Text(format!("{code}*")));
    }
    if let Some(from) = query.from {
        clauses.push("e.day >= ?".into());
        values.push(Value::Integer(day_number(from)));
    }
    if let Some(to) = query.to {
        clauses.push("e.day <= ?".into());
        values.push(Value::Integer(day_number(to)));
    }
    if let Some(place) = &query.place {
        clauses.push(
            "e.place_id IN (SELECT place_id FROM places WHERE name = ? COLLATE NOCASE
             OR country = upper(?))"
                .into(),
        );
        values.push(Value::Text(place.clone()));
        values.push(Value::Text(place.clone()));
    }
    if let Some(words) = query.text.as_deref().and_then(fts_query) {
        clauses.push(
            "e.id IN (SELECT fm.event FROM mentions fm WHERE fm.doc_key IN
                (SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?))"
                .into(),
        );
        values.push(Value::Text(words));
    }
    let filter = if clauses.is_empty() { String::new() } else { format!("WHERE {}", clauses.join(" AND ")) };
    Ok((filter, values))
}

pub(crate) fn parse_day(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
}

impl Store {
    /// Events matching `query`, oldest first.
    pub fn query(&self, query: &EventQuery) -> Result<Vec<StoredEvent>, StoreError> {
        let mut events = Vec::new();
        self.scan_events(query, |event| {
            events.push(event);
            Ok::<(), StoreError>(())
        })?;
        Ok(events)
    }

    /// Calls `each` with every event matching `query`, oldest first, one at a time: an
    /// export of millions of events holds one in memory. Stops at the first error
    /// `each` returns. Returns the number of events read.
    pub fn scan_events<E: From<StoreError>>(
        &self,
        query: &EventQuery,
        each: impl FnMut(StoredEvent) -> Result<(), E>,
    ) -> Result<u64, E> {
        let (filter, values) = event_filter(query)?;
        let limit = query.limit.map_or(String::new(), |n| format!("LIMIT {n}"));
        self.scan_selected(&filter, values, "e.day, e.id", &limit, each)
    }

    /// Calls `each` with the events whose rows pass `filter` (a `WHERE` clause over
    /// `events e`, or empty), in `order`, cut by `limit` (a `LIMIT` clause or empty).
    pub(crate) fn scan_selected<E: From<StoreError>>(
        &self,
        filter: &str,
        values: Vec<Value>,
        order: &str,
        limit: &str,
        mut each: impl FnMut(StoredEvent) -> Result<(), E>,
    ) -> Result<u64, E> {
        let sql = format!(
            "SELECT e.id, m.report_id, e.date, e.date_precision, e.source_code, e.source_name, e.source_entity,
                    e.target_code, e.target_name, e.target_entity, e.cameo, e.quad, e.goldstein, e.plover,
                    e.modality, e.quantities, e.confidence, e.num_mentions, e.num_sources, e.num_articles,
                    m.sentence,
                    coalesce(m.text, CAST(substr(CAST(d.text AS BLOB), m.text_start + 1, m.text_end - m.text_start)
                        AS TEXT)),
                    m.provenance, m.source_start, m.source_end, m.target_start,
                    m.target_end, m.doc_key, d.id, d.url, d.story_id,
                    p.name, p.country, p.lat, p.lon, p.geonameid, p.precision,
                    d.title, d.source, d.date, m.text_start
             FROM events e
             JOIN mentions m ON m.id = (SELECT min(id) FROM mentions WHERE event = e.id AND is_primary)
             JOIN documents d ON d.doc_key = m.doc_key
             LEFT JOIN places p ON p.place_id = e.place_id
             {filter}
             ORDER BY {order}
             {limit}"
        );
        let sql_err = |source| classify(&self.path, "querying events", source);
        let mut statement = self.conn.prepare(&sql).map_err(sql_err)?;
        let mut rows = statement.query(rusqlite::params_from_iter(values)).map_err(sql_err)?;
        let mut count = 0;
        while let Some(row) = rows.next().map_err(sql_err)? {
            let mut raw = RawEvent::default();
            raw.read(row).map_err(sql_err)?;
            each(self.finish_event(raw)?)?;
            count += 1;
        }
        Ok(count)
    }

    /// Every article reporting an event: its URL (or, without one, its id) and its
    /// outlet, in the order the store received them, each once.
    pub fn event_sources(&self, event_row: i64) -> Result<(Vec<String>, Vec<String>), StoreError> {
        let sql_err = |source| classify(&self.path, "reading an event's articles", source);
        let mut statement = self
            .conn
            .prepare_cached(
                "SELECT coalesce(d.url, d.id), d.outlet FROM documents d
                 WHERE d.doc_key IN (SELECT doc_key FROM mentions WHERE event = ?1) ORDER BY d.doc_key",
            )
            .map_err(sql_err)?;
        let mut urls = Vec::new();
        let mut outlets: Vec<String> = Vec::new();
        let rows = statement
            .query_map([event_row], |row| Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?)))
            .map_err(sql_err)?;
        for row in rows {
            let (url, outlet) = row.map_err(sql_err)?;
            urls.push(url);
            if !outlets.contains(&outlet) {
                outlets.push(outlet);
            }
        }
        Ok((urls, outlets))
    }

    /// Calls `each` with every mention (article sentence) of the events matching
    /// `query`, in the order they were stored. Returns the number of mentions read.
    pub fn scan_mentions<E: From<StoreError>>(
        &self,
        query: &EventQuery,
        mut each: impl FnMut(StoredMention) -> Result<(), E>,
    ) -> Result<u64, E> {
        let (filter, values) = event_filter(query)?;
        let limit = query.limit.map_or(String::new(), |n| format!("LIMIT {n}"));
        // The event's first report names its DATEADDED: the representative mention's
        // article date.
        let sql = format!(
            "SELECT m.event, m.doc_key, m.sentence, m.is_primary, m.confidence,
                    m.source_start, m.target_start, m.trigger_start,
                    d.id, d.url, d.outlet, d.source, d.date,
                    (SELECT rd.date FROM mentions r JOIN documents rd ON rd.doc_key = r.doc_key
                     WHERE r.id = (SELECT min(id) FROM mentions WHERE event = m.event AND is_primary)),
                    e.date
             FROM mentions m
             JOIN events e ON e.id = m.event
             JOIN documents d ON d.doc_key = m.doc_key
             {filter}
             ORDER BY m.id
             {limit}"
        );
        let sql_err = |source| classify(&self.path, "querying mentions", source);
        let mut statement = self.conn.prepare(&sql).map_err(sql_err)?;
        let mut text_of =
            self.conn.prepare_cached("SELECT text FROM documents WHERE doc_key = ?1").map_err(sql_err)?;
        let mut rows = statement.query(rusqlite::params_from_iter(values)).map_err(sql_err)?;
        // Mentions come in storage order, so one article's come together: its text is
        // read once for all of them.
        let mut current: Option<(i64, String, u64)> = None;
        let mut count = 0;
        while let Some(row) = rows.next().map_err(sql_err)? {
            let doc_key: i64 = row.get(1).map_err(sql_err)?;
            if current.as_ref().is_none_or(|(key, _, _)| *key != doc_key) {
                let text: String = text_of.query_row([doc_key], |r| r.get(0)).map_err(sql_err)?;
                let chars = text.chars().count() as u64;
                current = Some((doc_key, text, chars));
            }
            let (_, text, doc_chars) = current.as_ref().expect("set above");
            let char_offset = |byte: Option<i64>| {
                byte.and_then(|b| text.get(..b as usize)).map(|prefix| prefix.chars().count() as u64)
            };
            let date = |column: usize| -> Result<Option<NaiveDate>, StoreError> {
                let text: Option<String> = row.get(column).map_err(sql_err)?;
                Ok(text.as_deref().and_then(parse_day))
            };
            let event_date = date(14)?.ok_or_else(|| StoreError::BadValue {
                path: self.path.clone(),
                message: "an event without a date".into(),
            })?;
            let mention = StoredMention {
                event: row.get(0).map_err(sql_err)?,
                sentence: row.get::<_, i64>(2).map_err(sql_err)? as usize,
                is_primary: row.get(3).map_err(sql_err)?,
                confidence: row.get::<_, f64>(4).map_err(sql_err)? as f32,
                source_offset: char_offset(row.get(5).map_err(sql_err)?),
                target_offset: char_offset(row.get(6).map_err(sql_err)?),
                trigger_offset: char_offset(row.get(7).map_err(sql_err)?),
                doc_id: row.get(8).map_err(sql_err)?,
                url: row.get(9).map_err(sql_err)?,
                outlet: row.get(10).map_err(sql_err)?,
                publication: row.get(11).map_err(sql_err)?,
                published: date(12)?,
                event_published: date(13)?,
                event_date,
                doc_chars: *doc_chars,
            };
            each(mention)?;
            count += 1;
        }
        Ok(count)
    }

    /// Sentences of the representative article that report the event, primary first.
    fn report_sentences(&self, event_row: i64, doc_key: i64) -> Result<Vec<usize>, StoreError> {
        let mut statement = self
            .conn
            .prepare_cached(
                "SELECT sentence FROM mentions WHERE event = ?1 AND doc_key = ?2
                 ORDER BY is_primary DESC, id",
            )
            .map_err(|source| classify(&self.path, "reading mentions", source))?;
        let rows = statement
            .query_map([event_row, doc_key], |row| row.get::<_, i64>(0))
            .map_err(|source| classify(&self.path, "reading mentions", source))?;
        rows.map(|r| r.map(|s| s as usize))
            .collect::<Result<_, _>>()
            .map_err(|source| classify(&self.path, "reading mentions", source))
    }

    fn finish_event(&self, raw: RawEvent) -> Result<StoredEvent, StoreError> {
        let bad = |message: String| StoreError::BadValue { path: self.path.clone(), message };
        let cameo =
            EventCode::custom(&raw.cameo).map_err(|err| bad(format!("event {}: {err}", raw.event_id)))?;
        let day = parse_day(&raw.date)
            .ok_or_else(|| bad(format!("event {}: date {:?}", raw.event_id, raw.date)))?;
        let precision = match raw.date_precision.as_str() {
            "day" => DatePrecision::Day,
            "month" => DatePrecision::Month,
            "year" => DatePrecision::Year,
            other => return Err(bad(format!("event {}: date precision {other:?}", raw.event_id))),
        };
        let json = |what: &str, text: &str| -> Result<serde_json::Value, StoreError> {
            serde_json::from_str(text).map_err(|err| bad(format!("event {}: {what}: {err}", raw.event_id)))
        };
        let plover: Plover = serde_json::from_value(json("plover", &raw.plover)?)
            .map_err(|err| bad(format!("event {}: plover: {err}", raw.event_id)))?;
        let provenance: Provenance = match &raw.provenance {
            Some(text) => {
                let value = json("provenance", text)?;
                let mut provenance: Provenance = serde_json::from_value(value.clone())
                    .map_err(|err| bad(format!("event {}: provenance: {err}", raw.event_id)))?;
                // Spans stored without their words (`write.rs`: they are slices of the
                // sentence) get them back from the sentence.
                let sentence = raw.text.as_deref().unwrap_or("");
                let stripped = value.get(STRIPPED_SPANS).and_then(|v| v.as_array()).into_iter().flatten();
                for index in stripped.filter_map(|i| i.as_u64()) {
                    let span = provenance
                        .spans
                        .get_mut(index as usize)
                        .ok_or_else(|| bad(format!("event {}: provenance: no span {index}", raw.event_id)))?;
                    // A damaged row may hold a reversed span: outside its sentence too.
                    let words = raw.sentence_start.and_then(|start| {
                        let from = span.span.start.checked_sub(start as usize)?;
                        sentence.get(from..from + span.span.end.checked_sub(span.span.start)?)
                    });
                    span.text = words
                        .ok_or_else(|| {
                            bad(format!(
                                "event {}: provenance: span {index} outside its sentence",
                                raw.event_id
                            ))
                        })?
                        .to_string();
                }
                provenance
            }
            None => Provenance::default(),
        };
        let quantities: Vec<Quantity> = match &raw.quantities {
            Some(text) => serde_json::from_value(json("quantities", text)?)
                .map_err(|err| bad(format!("event {}: quantities: {err}", raw.event_id)))?,
            None => Vec::new(),
        };
        let modality = serde_json::from_value::<Modality>(serde_json::Value::String(raw.modality.clone()))
            .map_err(|err| bad(format!("event {}: modality: {err}", raw.event_id)))?;
        // Offsets from the file are checked: a damaged row must not become a reversed
        // span that panics whoever slices the text with it.
        let span = |start: Option<i64>, end: Option<i64>| match (start, end) {
            (Some(s), Some(e)) if 0 <= s && s <= e => Ok(Some(dyad_model::Span::new(s as usize, e as usize))),
            (Some(s), Some(e)) => {
                Err(bad(format!("event {}: actor span {s}..{e} is not a span", raw.event_id)))
            }
            _ => Ok(None),
        };
        let source_span = span(raw.spans[0], raw.spans[1])?;
        let target_span = span(raw.spans[2], raw.spans[3])?;
        // Actor codes are letters and digits (what queries accept): a damaged one is a
        // bad value here rather than a query error wherever it is used next.
        for code in [&raw.source_code, &raw.target_code] {
            if !code.chars().all(|c| c.is_ascii_alphanumeric()) {
                return Err(bad(format!(
                    "event {}: actor code {code:?} is not letters and digits",
                    raw.event_id
                )));
            }
        }
        let actor = |code: String, name: Option<String>, entity: Option<String>, span| {
            (!code.is_empty()).then(|| Actor {
                name: name.unwrap_or_else(|| code.clone()),
                code,
                entity,
                span,
            })
        };
        let location = match raw.place_name {
            Some(name) => Some(Location {
                name,
                country: raw.place_country,
                lat: raw.place_lat,
                lon: raw.place_lon,
                geonameid: raw.place_geonameid.map(|id| id as u64),
                precision: match raw.place_precision.as_deref() {
                    Some("site") => GeoPrecision::Site,
                    Some("city") => GeoPrecision::City,
                    Some("region") => GeoPrecision::Region,
                    _ => GeoPrecision::Country,
                },
                span: None,
            }),
            None => None,
        };
        let mentions = self.report_sentences(raw.id, raw.doc_key)?;
        let event = Event {
            event_id: raw.event_id,
            doc_id: raw.doc_id,
            sentence: raw.sentence as usize,
            date: EventDate { day, precision },
            source: actor(raw.source_code, raw.source_name, raw.source_entity, source_span),
            target: actor(raw.target_code, raw.target_name, raw.target_entity, target_span),
            root: cameo.root(),
            cameo,
            quad: raw.quad,
            goldstein: raw.goldstein as f32,
            plover,
            modality,
            location,
            quantities,
            text: raw.text.unwrap_or_default(),
            provenance,
            confidence: raw.confidence as f32,
            mentions,
        };
        Ok(StoredEvent {
            id: raw.id,
            event,
            url: raw.url,
            title: raw.title,
            publication: raw.publication,
            published: raw.published.as_deref().and_then(parse_day),
            story_id: raw.story_id,
            num_mentions: raw.counts[0] as u64,
            num_sources: raw.counts[1] as u64,
            num_articles: raw.counts[2] as u64,
        })
    }

    /// A dyad's time series from the daily rollups: one row per period with events.
    pub fn stats(&self, query: &StatsQuery) -> Result<Vec<PeriodStats>, StoreError> {
        let mut sql = String::from(
            "SELECT day, sum(events), sum(quad1), sum(quad2), sum(quad3), sum(quad4), sum(goldstein_tenths)
             FROM dyad_daily
             WHERE source_id IN (SELECT id FROM actors WHERE code GLOB ?1)
               AND target_id IN (SELECT id FROM actors WHERE code GLOB ?2)",
        );
        let mut values =
            vec![Value::Text(actor_pattern(&query.source)?), Value::Text(actor_pattern(&query.target)?)];
        if let Some(from) = query.from {
            sql.push_str(" AND day >= ?3");
            values.push(Value::Integer(day_number(from)));
        }
        if let Some(to) = query.to {
            sql.push_str(if query.from.is_some() { " AND day <= ?4" } else { " AND day <= ?3" });
            values.push(Value::Integer(day_number(to)));
        }
        sql.push_str(" GROUP BY day ORDER BY day");
        let sql_err = |source| classify(&self.path, "reading dyad rollups", source);
        let mut statement = self.conn.prepare(&sql).map_err(sql_err)?;
        let rows = statement
            .query_map(rusqlite::params_from_iter(values), |row| {
                Ok((
                    row.get::<_, i64>(0)?,
                    [row.get::<_, i64>(1)?, row.get(2)?, row.get(3)?, row.get(4)?, row.get(5)?],
                    row.get::<_, i64>(6)?,
                ))
            })
            .map_err(sql_err)?;
        let mut periods: BTreeMap<String, ([i64; 5], i64)> = BTreeMap::new();
        for row in rows {
            let (day, counts, tenths) = row.map_err(sql_err)?;
            let day = day_from_number(day).ok_or_else(|| StoreError::BadValue {
                path: self.path.clone(),
                message: format!("rollup day {day:?}"),
            })?;
            let period = match query.by {
                DatePeriod::Day => day.format("%Y-%m-%d").to_string(),
                DatePeriod::Week => {
                    let monday = day - chrono::Duration::days(day.weekday().num_days_from_monday() as i64);
                    monday.format("%Y-%m-%d").to_string()
                }
                DatePeriod::Month => format!("{:04}-{:02}", day.year(), day.month()),
            };
            let entry = periods.entry(period).or_default();
            for (sum, count) in entry.0.iter_mut().zip(counts) {
                *sum += count;
            }
            entry.1 += tenths;
        }
        Ok(periods
            .into_iter()
            .filter(|(_, (counts, _))| counts[0] > 0)
            .map(|(period, (counts, tenths))| {
                let goldstein_sum = tenths as f64 / 10.0;
                PeriodStats {
                    period,
                    events: counts[0] as u64,
                    quad: [counts[1] as u64, counts[2] as u64, counts[3] as u64, counts[4] as u64],
                    goldstein_sum,
                    goldstein_mean: goldstein_sum / counts[0] as f64,
                }
            })
            .collect())
    }
}

/// One row of the event query, before its JSON columns are parsed.
#[derive(Default)]
struct RawEvent {
    id: i64,
    event_id: String,
    date: String,
    date_precision: String,
    source_code: String,
    source_name: Option<String>,
    source_entity: Option<String>,
    target_code: String,
    target_name: Option<String>,
    target_entity: Option<String>,
    cameo: String,
    quad: u8,
    goldstein: f64,
    plover: String,
    modality: String,
    quantities: Option<String>,
    confidence: f64,
    counts: [i64; 3],
    sentence: i64,
    text: Option<String>,
    provenance: Option<String>,
    spans: [Option<i64>; 4],
    doc_key: i64,
    doc_id: String,
    url: Option<String>,
    story_id: i64,
    place_name: Option<String>,
    place_country: Option<String>,
    place_lat: Option<f64>,
    place_lon: Option<f64>,
    place_geonameid: Option<i64>,
    place_precision: Option<String>,
    title: Option<String>,
    publication: Option<String>,
    published: Option<String>,
    sentence_start: Option<i64>,
}

impl RawEvent {
    fn read(&mut self, row: &rusqlite::Row<'_>) -> rusqlite::Result<()> {
        self.id = row.get(0)?;
        self.event_id = row.get(1)?;
        self.date = row.get(2)?;
        self.date_precision = row.get(3)?;
        self.source_code = row.get(4)?;
        self.source_name = row.get(5)?;
        self.source_entity = row.get(6)?;
        self.target_code = row.get(7)?;
        self.target_name = row.get(8)?;
        self.target_entity = row.get(9)?;
        self.cameo = row.get(10)?;
        self.quad = row.get(11)?;
        self.goldstein = row.get(12)?;
        self.plover = row.get(13)?;
        self.modality = row.get(14)?;
        self.quantities = row.get(15)?;
        self.confidence = row.get(16)?;
        self.counts = [row.get(17)?, row.get(18)?, row.get(19)?];
        self.sentence = row.get(20)?;
        self.text = row.get(21)?;
        self.provenance = row.get(22)?;
        self.spans = [row.get(23)?, row.get(24)?, row.get(25)?, row.get(26)?];
        self.doc_key = row.get(27)?;
        self.doc_id = row.get(28)?;
        self.url = row.get(29)?;
        self.story_id = row.get(30)?;
        self.place_name = row.get(31)?;
        self.place_country = row.get(32)?;
        self.place_lat = row.get(33)?;
        self.place_lon = row.get(34)?;
        self.place_geonameid = row.get(35)?;
        self.place_precision = row.get(36)?;
        self.title = row.get(37)?;
        self.publication = row.get(38)?;
        self.published = row.get(39)?;
        self.sentence_start = row.get(40)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actor_codes_become_prefix_patterns_and_odd_characters_are_refused() {
        assert_eq!(actor_pattern("usa").unwrap(), "USA*");
        assert!(actor_pattern("US*").is_err());
        assert!(actor_pattern("").is_err());
    }

    #[test]
    fn words_become_a_quoted_fts_query() {
        assert_eq!(fts_query("rocket  attack").unwrap(), "\"rocket\" \"attack\"");
        assert_eq!(fts_query("a\"b OR").unwrap(), "\"a\" \"b\" \"OR\"");
        assert_eq!(fts_query("al-Asad, 2021.").unwrap(), "\"al\" \"Asad\" \"2021\"");
        assert!(fts_query("-- ...").is_none());
        assert!(fts_query("  ").is_none());
        // Found by the `api` fuzz target: a combining mark Rust calls alphabetic left
        // "k\u{363}zzz" one quoted term, which the index split, and the query failed.
        assert_eq!(fts_query("k\u{363}zzz").unwrap(), "\"k\" \"zzz\"");
        assert_eq!(fts_query("नमस्ते").unwrap(), "\"न\" \"म\" \"स\" \"त\"");
        // Found by the property test: letters of scripts newer than SQLite's tables.
        assert_eq!(fts_query("\u{11305}\u{19b0}x").unwrap(), "\"\u{11305}\" \"\u{19b0}\" \"x\"");
        assert_eq!(fts_query("Zürich Багдад").unwrap(), "\"Zürich\" \"Багдад\"");
        assert_eq!(fts_query("cafe\u{301}").unwrap(), "\"cafe\"");
    }
}
