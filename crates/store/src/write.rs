//! Writing coded documents: idempotent, transactional, deduplicated across articles.

use std::cell::RefCell;
use std::collections::HashSet;
use std::path::Path;

use chrono::{Datelike, NaiveDate};
use dyad_model::{DatePrecision, Document, Event, EventCode, GeoPrecision, Location};
use rusqlite::{params, OptionalExtension, TransactionBehavior};

use crate::simhash::{bands, hamming, simhash, NEAR_DUPLICATE_BITS};
use crate::{classify, Store, StoreError};

/// A document and the events the pipeline coded from it. Serialised one per line, it
/// is the input of `dyad ingest --precoded`.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct CodedDocument {
    /// The article as ingested.
    pub document: Document,
    /// Its events, in the coder's order.
    pub events: Vec<Event>,
}

/// How reports of one event from different articles are recognised as one event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MergeOptions {
    /// Day-precision reports at most this many days apart can be one event: an attack
    /// late on Monday is "Monday" in one article and "Tuesday" in the next day's.
    pub day_window: i64,
}

impl Default for MergeOptions {
    fn default() -> MergeOptions {
        MergeOptions { day_window: 1 }
    }
}

/// What a write did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct BatchReport {
    /// Documents written for the first time.
    pub documents_new: u64,
    /// Documents already stored with the same content, or older versions of stored
    /// documents, skipped.
    pub documents_known: u64,
    /// Documents that replaced an older version (same id or URL); also in `documents_new`.
    pub documents_replaced: u64,
    /// Events not seen before.
    pub events_new: u64,
    /// Reports that joined an event already stored (from another article).
    pub events_known: u64,
    /// Events deleted because the only articles reporting them were replaced.
    pub events_removed: u64,
    /// Mention rows written (one per article sentence reporting an event).
    pub mentions: u64,
}

impl BatchReport {
    /// Adds another report's counts to this one.
    pub fn add(&mut self, other: &BatchReport) {
        self.documents_new += other.documents_new;
        self.documents_known += other.documents_known;
        self.documents_replaced += other.documents_replaced;
        self.events_new += other.events_new;
        self.events_known += other.events_known;
        self.events_removed += other.events_removed;
        self.mentions += other.mentions;
    }
}

/// Identifies a document's content. The date is left out on purpose: an undated input
/// is dated on the day it is read, and reading it again tomorrow is the same article.
pub fn content_hash(document: &Document) -> String {
    let mut bytes = Vec::with_capacity(document.text.len() + 64);
    bytes.extend_from_slice(document.title.as_deref().unwrap_or("").as_bytes());
    bytes.push(0x1f);
    bytes.extend_from_slice(document.text.as_bytes());
    dyad_model::content_id("", &bytes)
}

/// The outlet that published a document, for `NumSources`: the URL's host without
/// `www.`. A document without a URL counts as a source of its own.
fn outlet(document: &Document) -> String {
    let host = document.url.as_deref().and_then(|url| {
        let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
        let host = rest.split(['/', '?', '#']).next()?.rsplit('@').next()?;
        let host = host.split(':').next()?.to_ascii_lowercase();
        (!host.is_empty()).then(|| host.strip_prefix("www.").unwrap_or(&host).to_string())
    });
    host.unwrap_or_else(|| format!("doc:{}", document.id))
}

/// Near-duplicates are looked for among documents published this many days apart at
/// most: syndicated copies of a wire story appear within a day or two.
const STORY_WINDOW_DAYS: i64 = 3;

/// `YYYY-MM-DD`, written directly: chrono's `format` parses its pattern on every
/// call, and ingest formats several dates per event.
fn day_text(day: NaiveDate) -> String {
    format!("{:04}-{:02}-{:02}", day.year(), day.month(), day.day())
}

fn precision_name(precision: DatePrecision) -> &'static str {
    match precision {
        DatePrecision::Day => "day",
        DatePrecision::Month => "month",
        DatePrecision::Year => "year",
    }
}

pub(crate) fn geo_precision_name(precision: GeoPrecision) -> &'static str {
    match precision {
        GeoPrecision::Site => "site",
        GeoPrecision::City => "city",
        GeoPrecision::Region => "region",
        GeoPrecision::Country => "country",
    }
}

/// Goldstein values have one decimal; summing them as integer tenths keeps rollups
/// exact under any sequence of additions and removals.
fn tenths(goldstein: f64) -> i64 {
    (goldstein * 10.0).round() as i64
}

/// What an event row contributes to its dyad's daily rollup.
struct RollupKey<'a> {
    source: &'a str,
    target: &'a str,
    day: &'a str,
}

type Tx<'c> = rusqlite::Transaction<'c>;

fn known(conn: &rusqlite::Connection, document: &Document, hash: &str) -> rusqlite::Result<bool> {
    conn.prepare_cached(
        "SELECT 1 FROM documents WHERE (id = ?1 OR url = ?2) AND content_hash = ?3
         UNION ALL
         SELECT 1 FROM replaced_versions WHERE content_hash = ?3 AND (id = ?1 OR url = ?2)
         LIMIT 1",
    )?
    .exists(params![document.id, document.url, hash])
}

impl Store {
    /// Whether `document` is stored already with this content (by id or URL), or is
    /// a version that a newer one replaced, so a caller can skip coding it. Once true
    /// for a document, it stays true.
    pub fn is_known(&self, document: &Document) -> Result<bool, StoreError> {
        known(&self.conn, document, &content_hash(document))
            .map_err(|source| classify(&self.path, "looking up a document", source))
    }

    /// Writes coded documents in one transaction: all of them or, after a crash or an
    /// error, none.
    pub fn write_batch(&mut self, batch: &[CodedDocument]) -> Result<BatchReport, StoreError> {
        let path = self.path.clone();
        let merge = self.merge;
        // IMMEDIATE takes the write lock up front, so two writers queue on the busy
        // timeout instead of one failing when it upgrades a read lock.
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|source| classify(&path, "starting a write transaction", source))?;
        let mut report = BatchReport::default();
        let writer = Writer {
            tx: &tx,
            path: &path,
            merge,
            unindexed: RefCell::new(Vec::new()),
            known_actors: RefCell::new(HashSet::new()),
        };
        for coded in batch {
            writer.write_document(coded, &mut report).map_err(|err| match err {
                StoreError::Sqlite { path, doing, source } => StoreError::Sqlite {
                    path,
                    doing: format!("{doing} (document {})", coded.document.id),
                    source,
                },
                other => other,
            })?;
        }
        writer.index_text()?;
        tx.commit().map_err(|source| classify(&path, "committing a batch", source))?;
        Ok(report)
    }
}

struct Writer<'t, 'c> {
    tx: &'t Tx<'c>,
    /// Documents of this batch not yet in the full-text index. FTS5 flushes its
    /// pending terms at every statement, so indexing one document per statement
    /// writes one tiny segment each and then merges them again and again; the batch
    /// is indexed by one statement at its end instead.
    unindexed: RefCell<Vec<i64>>,
    /// Actor codes known to be in `actors` within this transaction, so each is
    /// written once per batch rather than once per event.
    known_actors: RefCell<HashSet<String>>,
    path: &'t Path,
    merge: MergeOptions,
}

impl Writer<'_, '_> {
    fn err(&self, doing: &'static str) -> impl Fn(rusqlite::Error) -> StoreError + '_ {
        move |source| classify(self.path, doing, source)
    }

    /// Adds this batch's documents to the full-text index, in one statement.
    fn index_text(&self) -> Result<(), StoreError> {
        let keys = self.unindexed.take();
        if keys.is_empty() {
            return Ok(());
        }
        let key_list = serde_json::to_string(&keys).expect("integers serialise");
        self.tx
            .prepare_cached(
                "INSERT INTO documents_fts (rowid, title, text)
                 SELECT doc_key, title, text FROM documents WHERE doc_key IN (SELECT value FROM json_each(?1))",
            )
            .and_then(|mut s| s.execute([key_list]))
            .map_err(self.err("indexing documents' text"))?;
        Ok(())
    }

    fn write_document(&self, coded: &CodedDocument, report: &mut BatchReport) -> Result<(), StoreError> {
        let document = &coded.document;
        let hash = content_hash(document);
        if known(self.tx, document, &hash).map_err(self.err("looking up a document"))? {
            report.documents_known += 1;
            return Ok(());
        }
        let existing: Vec<i64> = {
            let mut statement = self
                .tx
                .prepare_cached("SELECT doc_key FROM documents WHERE id = ?1 OR url = ?2 ORDER BY doc_key")
                .map_err(self.err("looking up a document"))?;
            let rows = statement
                .query_map(params![document.id, document.url], |row| row.get(0))
                .map_err(self.err("looking up a document"))?;
            rows.collect::<Result<_, _>>().map_err(self.err("looking up a document"))?
        };
        if !existing.is_empty() {
            report.documents_replaced += 1;
        }
        for doc_key in existing {
            self.remove_document(doc_key, report)?;
        }
        let doc_key = self.insert_document(document, &hash)?;
        report.documents_new += 1;

        // One coder event joins at most one stored event, and one stored event takes
        // at most one report per article: the coder has already merged repeats within
        // the article, so two of its events are two events.
        let mut taken: HashSet<i64> = HashSet::new();
        // Report ids name events (an event is named by its representative report), so
        // they must be unique; the coder's are, per document, but an input may repeat one.
        let mut report_ids: HashSet<String> = HashSet::new();
        for event in &coded.events {
            let mut report_id = event.event_id.clone();
            let mut n = 2;
            while !report_ids.insert(report_id.clone()) {
                report_id = format!("{}-{n}", event.event_id);
                n += 1;
            }
            let place = event.location.as_ref().map(|location| self.place_id(location)).transpose()?;
            let id = match self.find_same_event(event, place, &taken)? {
                Some(id) => {
                    report.mentions += self.insert_mentions(id, doc_key, event, &report_id)?;
                    self.recount(id)?;
                    report.events_known += 1;
                    id
                }
                None => {
                    let id = self.insert_event(event, place)?;
                    report.mentions += self.insert_mentions(id, doc_key, event, &report_id)?;
                    let (source, target) = actor_codes(event);
                    let day = day_text(event.date.day);
                    let key = RollupKey { source: &source, target: &target, day: &day };
                    self.rollup(&key, event.quad, tenths(event.goldstein as f64), 1)?;
                    report.events_new += 1;
                    id
                }
            };
            taken.insert(id);
        }
        self.tx
            .prepare_cached("UPDATE documents SET event_count = ?2 WHERE doc_key = ?1")
            .and_then(|mut s| s.execute(params![doc_key, coded.events.len() as i64]))
            .map_err(self.err("counting a document's events"))?;
        Ok(())
    }

    fn insert_document(&self, document: &Document, hash: &str) -> Result<i64, StoreError> {
        let fingerprint = simhash(&document.text);
        let band = bands(fingerprint);
        // Undated documents ('') are compared with other undated ones only.
        let day = document.date.map(day_text).unwrap_or_default();
        let days: Vec<String> = match document.date {
            Some(date) => (-STORY_WINDOW_DAYS..=STORY_WINDOW_DAYS)
                .map(|offset| day_text(date + chrono::Duration::days(offset)))
                .collect(),
            None => vec![String::new()],
        };
        let story: Option<i64> = {
            // Exact days and bands: every lookup is a seek in the primary key.
            let mut statement = self
                .tx
                .prepare_cached(
                    "SELECT doc_key, simhash, story_id FROM document_bands
                     WHERE day IN (SELECT value FROM json_each(?1)) AND band IN (SELECT value FROM json_each(?2))",
                )
                .map_err(self.err("finding near-duplicate documents"))?;
            let day_list = serde_json::to_string(&days).expect("strings serialise");
            let band_list = serde_json::to_string(&band).expect("integers serialise");
            let rows = statement
                .query_map(params![day_list, band_list], |row| {
                    Ok((row.get::<_, i64>(0)?, row.get::<_, i64>(1)? as u64, row.get::<_, i64>(2)?))
                })
                .map_err(self.err("finding near-duplicate documents"))?;
            let mut best: Option<(u32, i64, i64)> = None;
            for row in rows {
                let (doc_key, other, story) = row.map_err(self.err("finding near-duplicate documents"))?;
                let distance = hamming(fingerprint, other);
                if distance <= NEAR_DUPLICATE_BITS && best.is_none_or(|b| (distance, doc_key) < (b.0, b.1)) {
                    best = Some((distance, doc_key, story));
                }
            }
            best.map(|(_, _, story)| story)
        };
        self.tx
            .prepare_cached(
                "INSERT INTO documents (id, url, title, source, outlet, date, language, text, content_hash,
                     simhash, story_id, event_count)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, 0)",
            )
            .and_then(|mut s| {
                s.execute(params![
                    document.id,
                    document.url,
                    document.title,
                    document.source,
                    outlet(document),
                    document.date.map(day_text),
                    document.language,
                    document.text,
                    hash,
                    fingerprint as i64,
                    story.unwrap_or(0),
                ])
            })
            .map_err(self.err("inserting a document"))?;
        let doc_key = self.tx.last_insert_rowid();
        self.unindexed.borrow_mut().push(doc_key);
        // A document that starts a story names it.
        let story = match story {
            Some(story) => story,
            None => {
                self.tx
                    .prepare_cached("UPDATE documents SET story_id = doc_key WHERE doc_key = ?1")
                    .and_then(|mut s| s.execute([doc_key]))
                    .map_err(self.err("starting a story"))?;
                doc_key
            }
        };
        let mut insert_band = self
            .tx
            .prepare_cached(
                "INSERT INTO document_bands (day, band, doc_key, simhash, story_id) VALUES (?1, ?2, ?3, ?4, ?5)",
            )
            .map_err(self.err("indexing a document's fingerprint"))?;
        for value in band {
            insert_band
                .execute(params![day, value, doc_key, fingerprint as i64, story])
                .map_err(self.err("indexing a document's fingerprint"))?;
        }
        Ok(doc_key)
    }

    fn place_id(&self, location: &Location) -> Result<i64, StoreError> {
        let key = match location.geonameid {
            Some(id) => format!("geonames:{id}"),
            None => format!("name:{}|{}", location.name, location.country.as_deref().unwrap_or("")),
        };
        let found: Option<i64> = self
            .tx
            .prepare_cached("SELECT place_id FROM places WHERE place_key = ?1")
            .and_then(|mut s| s.query_row([&key], |row| row.get(0)).optional())
            .map_err(self.err("looking up a place"))?;
        if let Some(id) = found {
            return Ok(id);
        }
        self.tx
            .prepare_cached(
                "INSERT INTO places (place_key, name, country, lat, lon, geonameid, precision)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )
            .and_then(|mut s| {
                s.execute(params![
                    key,
                    location.name,
                    location.country,
                    location.lat,
                    location.lon,
                    location.geonameid.map(|id| id as i64),
                    geo_precision_name(location.precision),
                ])
            })
            .map_err(self.err("inserting a place"))?;
        Ok(self.tx.last_insert_rowid())
    }

    /// The stored event that `event` reports again, if any: same directed dyad, CAMEO
    /// root, modality and date precision, a date within the window, and the same place
    /// when both name one. Among several, the same full code wins, then the nearest
    /// date, then the oldest event, so the choice never depends on SQLite's row order.
    fn find_same_event(
        &self,
        event: &Event,
        place: Option<i64>,
        taken: &HashSet<i64>,
    ) -> Result<Option<i64>, StoreError> {
        let (source, target) = actor_codes(event);
        let window = match event.date.precision {
            DatePrecision::Day => self.merge.day_window,
            DatePrecision::Month | DatePrecision::Year => 0,
        };
        let from = day_text(event.date.day - chrono::Duration::days(window));
        let to = day_text(event.date.day + chrono::Duration::days(window));
        let mut statement = self
            .tx
            .prepare_cached(
                "SELECT id, cameo, date, place_id FROM events
                 WHERE source_code = ?1 AND target_code = ?2 AND root = ?3 AND date BETWEEN ?4 AND ?5
                   AND modality = ?6 AND date_precision = ?7",
            )
            .map_err(self.err("finding the same event"))?;
        let rows = statement
            .query_map(
                params![
                    source,
                    target,
                    event.root.as_str(),
                    from,
                    to,
                    event.modality.as_str(),
                    precision_name(event.date.precision)
                ],
                |row| {
                    Ok((
                        row.get::<_, i64>(0)?,
                        row.get::<_, String>(1)?,
                        row.get::<_, String>(2)?,
                        row.get::<_, Option<i64>>(3)?,
                    ))
                },
            )
            .map_err(self.err("finding the same event"))?;
        let mut best: Option<(bool, i64, i64)> = None;
        for row in rows {
            let (id, cameo, date, stored_place) = row.map_err(self.err("finding the same event"))?;
            if taken.contains(&id) {
                continue;
            }
            if let (Some(a), Some(b)) = (place, stored_place) {
                if a != b {
                    continue;
                }
            }
            let days = NaiveDate::parse_from_str(&date, "%Y-%m-%d")
                .map(|stored| (stored - event.date.day).num_days().abs())
                .unwrap_or(i64::MAX);
            let rank = (cameo != event.cameo.as_str(), days, id);
            if best.is_none_or(|b| rank < b) {
                best = Some(rank);
            }
        }
        Ok(best.map(|(_, _, id)| id))
    }

    fn insert_event(&self, event: &Event, place: Option<i64>) -> Result<i64, StoreError> {
        let (source, target) = actor_codes(event);
        let plover = serde_json::to_string(&event.plover).expect("PLOVER fields serialise");
        let quantities = (!event.quantities.is_empty())
            .then(|| serde_json::to_string(&event.quantities).expect("quantities serialise"));
        let mut remember_actor = self
            .tx
            .prepare_cached("INSERT OR IGNORE INTO actors (code, name) VALUES (?1, ?2)")
            .map_err(self.err("recording an actor code"))?;
        for actor in [&event.source, &event.target].into_iter().flatten() {
            if self.known_actors.borrow().contains(&actor.code) {
                continue;
            }
            remember_actor
                .execute(params![actor.code, actor.name])
                .map_err(self.err("recording an actor code"))?;
            self.known_actors.borrow_mut().insert(actor.code.clone());
        }
        self.tx
            .prepare_cached(
                "INSERT INTO events (date, date_precision, source_code, source_name, source_entity,
                     target_code, target_name, target_entity, cameo, root, quad, goldstein, plover, modality,
                     place_id, quantities, confidence, num_mentions, num_sources, num_articles)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, 1, 1)",
            )
            .and_then(|mut s| {
                s.execute(params![
                    day_text(event.date.day),
                    precision_name(event.date.precision),
                    source,
                    event.source.as_ref().map(|a| &a.name),
                    event.source.as_ref().and_then(|a| a.entity.as_ref()),
                    target,
                    event.target.as_ref().map(|a| &a.name),
                    event.target.as_ref().and_then(|a| a.entity.as_ref()),
                    event.cameo.as_str(),
                    event.root.as_str(),
                    event.quad,
                    event.goldstein as f64,
                    plover,
                    event.modality.as_str(),
                    place,
                    quantities,
                    event.confidence as f64,
                    mention_sentences(event).len() as i64,
                ])
            })
            .map_err(self.err("inserting an event"))?;
        Ok(self.tx.last_insert_rowid())
    }

    /// Writes one mention per sentence of the report, the primary first; returns the
    /// number of rows.
    fn insert_mentions(
        &self,
        event_row: i64,
        doc_key: i64,
        event: &Event,
        report_id: &str,
    ) -> Result<u64, StoreError> {
        let span_of = |role: &str| event.provenance.spans.iter().find(|s| s.role == role);
        let trigger = span_of("trigger");
        let source_span = event.source.as_ref().and_then(|a| a.span).or(span_of("source").map(|s| s.span));
        let target_span = event.target.as_ref().and_then(|a| a.span).or(span_of("target").map(|s| s.span));
        let provenance = serde_json::to_string(&event.provenance).expect("provenance serialises");
        let mut statement = self
            .tx
            .prepare_cached(
                "INSERT INTO mentions (event, doc_key, sentence, is_primary, report_id, cameo, goldstein,
                     confidence, trigger, trigger_start, trigger_end, source_start, source_end,
                     target_start, target_end, text, provenance)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
            )
            .map_err(self.err("inserting a mention"))?;
        statement
            .execute(params![
                event_row,
                doc_key,
                event.sentence as i64,
                true,
                report_id,
                event.cameo.as_str(),
                event.goldstein as f64,
                event.confidence as f64,
                trigger.map(|t| &t.text),
                trigger.map(|t| t.span.start as i64),
                trigger.map(|t| t.span.end as i64),
                source_span.map(|s| s.start as i64),
                source_span.map(|s| s.end as i64),
                target_span.map(|s| s.start as i64),
                target_span.map(|s| s.end as i64),
                event.text,
                provenance,
            ])
            .map_err(self.err("inserting a mention"))?;
        let sentences = mention_sentences(event);
        for &sentence in &sentences[1..] {
            statement
                .execute(params![
                    event_row,
                    doc_key,
                    sentence as i64,
                    false,
                    report_id,
                    event.cameo.as_str(),
                    event.goldstein as f64,
                    event.confidence as f64,
                    None::<String>,
                    None::<i64>,
                    None::<i64>,
                    None::<i64>,
                    None::<i64>,
                    None::<i64>,
                    None::<i64>,
                    None::<String>,
                    None::<String>,
                ])
                .map_err(self.err("inserting a mention"))?;
        }
        Ok(sentences.len() as u64)
    }

    /// Recomputes an event's GDELT counts from its mentions: NumMentions counts
    /// sentences, NumArticles documents, NumSources outlets.
    fn recount(&self, event_row: i64) -> Result<(), StoreError> {
        self.tx
            .prepare_cached(
                "UPDATE events SET
                    num_mentions = (SELECT count(*) FROM mentions WHERE event = ?1),
                    num_articles = (SELECT count(DISTINCT doc_key) FROM mentions WHERE event = ?1),
                    num_sources = (SELECT count(DISTINCT d.outlet) FROM mentions m
                                   JOIN documents d USING (doc_key) WHERE m.event = ?1)
                 WHERE id = ?1",
            )
            .and_then(|mut s| s.execute([event_row]))
            .map_err(self.err("recounting an event's mentions"))?;
        Ok(())
    }

    fn rollup(
        &self,
        key: &RollupKey<'_>,
        quad: u8,
        goldstein_tenths: i64,
        sign: i64,
    ) -> Result<(), StoreError> {
        let quads = [1u8, 2, 3, 4].map(|q| if q == quad { sign } else { 0 });
        self.tx
            .prepare_cached(
                "INSERT INTO dyad_daily (source_code, target_code, day, events, quad1, quad2, quad3, quad4,
                     goldstein_tenths)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
                 ON CONFLICT (source_code, target_code, day) DO UPDATE SET
                     events = events + excluded.events,
                     quad1 = quad1 + excluded.quad1, quad2 = quad2 + excluded.quad2,
                     quad3 = quad3 + excluded.quad3, quad4 = quad4 + excluded.quad4,
                     goldstein_tenths = goldstein_tenths + excluded.goldstein_tenths",
            )
            .and_then(|mut s| {
                s.execute(params![
                    key.source,
                    key.target,
                    key.day,
                    sign,
                    quads[0],
                    quads[1],
                    quads[2],
                    quads[3],
                    goldstein_tenths * sign
                ])
            })
            .map_err(self.err("updating a dyad rollup"))?;
        if sign < 0 {
            self.tx
                .prepare_cached(
                    "DELETE FROM dyad_daily WHERE source_code = ?1 AND target_code = ?2 AND day = ?3
                     AND events = 0",
                )
                .and_then(|mut s| s.execute(params![key.source, key.target, key.day]))
                .map_err(self.err("updating a dyad rollup"))?;
        }
        Ok(())
    }

    /// Removes a document and everything only it reported. Events that other articles
    /// also report stay, with their counts, representative mention and rollup
    /// contribution brought up to date.
    fn remove_document(&self, doc_key: i64, report: &mut BatchReport) -> Result<(), StoreError> {
        // Each affected event with its representative (earliest primary) mention now.
        let affected: Vec<(i64, i64)> = {
            let mut statement = self
                .tx
                .prepare_cached(
                    "SELECT m.event, (SELECT min(p.id) FROM mentions p WHERE p.event = m.event AND p.is_primary)
                     FROM mentions m WHERE m.doc_key = ?1 GROUP BY m.event ORDER BY m.event",
                )
                .map_err(self.err("finding a document's events"))?;
            let rows = statement
                .query_map([doc_key], |row| Ok((row.get(0)?, row.get(1)?)))
                .map_err(self.err("finding a document's events"))?;
            rows.collect::<Result<_, _>>().map_err(self.err("finding a document's events"))?
        };
        self.tx
            .prepare_cached("DELETE FROM mentions WHERE doc_key = ?1")
            .and_then(|mut s| s.execute([doc_key]))
            .map_err(self.err("deleting a document's mentions"))?;
        for (event_row, old_rep) in affected {
            let (source, target, day, quad, goldstein): (String, String, String, u8, f64) = self
                .tx
                .prepare_cached(
                    "SELECT source_code, target_code, date, quad, goldstein FROM events WHERE id = ?1",
                )
                .and_then(|mut s| {
                    s.query_row([event_row], |row| {
                        Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?, row.get(4)?))
                    })
                })
                .map_err(self.err("reading an event"))?;
            let key = RollupKey { source: &source, target: &target, day: &day };
            let next_rep: Option<(i64, String, f64, f64)> = self
                .tx
                .prepare_cached(
                    "SELECT id, cameo, goldstein, confidence FROM mentions WHERE event = ?1 AND is_primary
                     ORDER BY id LIMIT 1",
                )
                .and_then(|mut s| {
                    s.query_row([event_row], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?)))
                        .optional()
                })
                .map_err(self.err("choosing a representative mention"))?;
            match next_rep {
                None => {
                    self.rollup(&key, quad, tenths(goldstein), -1)?;
                    self.tx
                        .prepare_cached("DELETE FROM events WHERE id = ?1")
                        .and_then(|mut s| s.execute([event_row]))
                        .map_err(self.err("deleting an event"))?;
                    report.events_removed += 1;
                }
                Some((new_rep, cameo, new_goldstein, confidence)) if new_rep != old_rep => {
                    let code = EventCode::parse(&cameo).map_err(|err| StoreError::BadValue {
                        path: self.path.to_path_buf(),
                        message: format!("mention {new_rep}: {err}"),
                    })?;
                    self.rollup(&key, quad, tenths(goldstein), -1)?;
                    self.rollup(&key, code.quad(), tenths(new_goldstein), 1)?;
                    self.tx
                        .prepare_cached(
                            "UPDATE events SET cameo = ?2, quad = ?3, goldstein = ?4, confidence = ?5
                             WHERE id = ?1",
                        )
                        .and_then(|mut s| {
                            s.execute(params![event_row, cameo, code.quad(), new_goldstein, confidence])
                        })
                        .map_err(self.err("changing an event's representative mention"))?;
                    self.recount(event_row)?;
                }
                Some(_) => self.recount(event_row)?,
            }
        }
        let pending = {
            let mut unindexed = self.unindexed.borrow_mut();
            let before = unindexed.len();
            unindexed.retain(|&key| key != doc_key);
            unindexed.len() != before
        };
        if !pending {
            // An external-content FTS5 table must be told the exact old text to forget.
            self.tx
                .prepare_cached(
                    "INSERT INTO documents_fts (documents_fts, rowid, title, text)
                     SELECT 'delete', doc_key, title, text FROM documents WHERE doc_key = ?1",
                )
                .and_then(|mut s| s.execute([doc_key]))
                .map_err(self.err("removing a document from the text index"))?;
        }
        self.tx
            .prepare_cached(
                "INSERT INTO replaced_versions (content_hash, id, url)
                 SELECT content_hash, id, url FROM documents WHERE doc_key = ?1",
            )
            .and_then(|mut s| s.execute([doc_key]))
            .map_err(self.err("remembering a replaced version"))?;
        self.tx
            .prepare_cached("DELETE FROM documents WHERE doc_key = ?1")
            .and_then(|mut s| s.execute([doc_key]))
            .map_err(self.err("deleting a document"))?;
        Ok(())
    }
}

/// The sentences of a report, its own sentence first, each once.
fn mention_sentences(event: &Event) -> Vec<usize> {
    let mut sentences = vec![event.sentence];
    for &sentence in &event.mentions {
        if !sentences.contains(&sentence) {
            sentences.push(sentence);
        }
    }
    sentences
}

/// Source and target codes as stored: `''` for an actor the text does not name.
fn actor_codes(event: &Event) -> (String, String) {
    let code = |actor: &Option<dyad_model::Actor>| actor.as_ref().map_or(String::new(), |a| a.code.clone());
    (code(&event.source), code(&event.target))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outlets_come_from_url_hosts() {
        let mut document = Document::new("d1", "text");
        assert_eq!(outlet(&document), "doc:d1");
        document.url = Some("https://www.Reuters.com/world/iraq?x=1".into());
        assert_eq!(outlet(&document), "reuters.com");
        document.url = Some("http://user@news.example.org:8080/a".into());
        assert_eq!(outlet(&document), "news.example.org");
    }

    #[test]
    fn content_hash_ignores_the_date_but_not_the_title() {
        let mut a = Document::new("d1", "Iraq fired rockets.");
        let b = a.clone();
        a.date = NaiveDate::from_ymd_opt(2021, 7, 13);
        assert_eq!(content_hash(&a), content_hash(&b));
        a.title = Some("Rockets".into());
        assert_ne!(content_hash(&a), content_hash(&b));
    }

    #[test]
    fn goldstein_tenths_are_exact() {
        assert_eq!(tenths(-9.5), -95);
        assert_eq!(tenths(-0.3f32 as f64), -3);
        assert_eq!(tenths(4.0), 40);
    }
}
