//! Writing coded documents: idempotent, transactional, deduplicated across articles.

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use chrono::{Datelike, NaiveDate};
use dyad_model::{Document, Event, EventCode, GeoPrecision, Location};
use rusqlite::{params, OptionalExtension, ToSql, TransactionBehavior};

use crate::identity::{
    choose_same_event, day_window, mention_sentences, outlet, place_key, precision_name, Candidate,
};
use crate::simhash::{bands, hamming, simhash, NEAR_DUPLICATE_BITS};
use crate::{classify, day_number, Store, StoreError};

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

/// Actor codes and place keys with their row ids, so that ingest looks each up once.
#[derive(Debug, Default)]
pub(crate) struct Ids {
    actors: HashMap<String, i64>,
    places: HashMap<String, i64>,
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

/// Near-duplicates are looked for among documents published this many days apart at
/// most: syndicated copies of a wire story appear within a day or two.
const STORY_WINDOW_DAYS: i64 = 3;

/// `YYYY-MM-DD`, written directly: chrono's `format` parses its pattern on every
/// call, and ingest formats several dates per event.
fn day_text(day: NaiveDate) -> String {
    format!("{:04}-{:02}-{:02}", day.year(), day.month(), day.day())
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
struct RollupKey {
    source: i64,
    target: i64,
    day: i64,
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
            committed: &self.ids,
            new_ids: RefCell::new(Ids::default()),
            rollups: RefCell::new(BTreeMap::new()),
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
        writer.write_rollups()?;
        let new_ids = writer.new_ids.take();
        tx.commit().map_err(|source| classify(&path, "committing a batch", source))?;
        // Only now: the ids of a batch that rolled back must not be remembered.
        self.ids.actors.extend(new_ids.actors);
        self.ids.places.extend(new_ids.places);
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
    /// Actor and place ids of committed batches: rows in `actors` and `places` are
    /// never deleted or renumbered, so an id once read stays right.
    committed: &'t Ids,
    /// Ids first seen in this transaction; remembered only once it commits.
    new_ids: RefCell<Ids>,
    /// Rollup changes of this batch by (source, target, day): events, QuadClass 1-4,
    /// Goldstein tenths.
    rollups: RefCell<BTreeMap<(i64, i64, i64), [i64; 6]>>,
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
        let doc_key = self.insert_document(document, &hash, coded.events.len())?;
        report.documents_new += 1;

        // One coder event joins at most one stored event, and one stored event takes
        // at most one report per article: the coder has already merged repeats within
        // the article, so two of its events are two events. That is also why this
        // document's new events can wait to be written together at its end: no later
        // event of the same document may join them.
        let mut taken: HashSet<i64> = HashSet::new();
        // Report ids name events (an event is named by its representative report), so
        // they must be unique; the coder's are, per document, but an input may repeat one.
        let mut report_ids: HashSet<String> = HashSet::new();
        let mut new_events: Vec<EventRow> = Vec::new();
        let mut mentions: Vec<MentionRow> = Vec::new();
        let mut joined: Vec<i64> = Vec::new();
        // Ids for new events, as SQLite would number them (the write lock is held).
        let mut next_id: Option<i64> = None;
        for event in &coded.events {
            let mut report_id = event.event_id.clone();
            let mut n = 2;
            while !report_ids.insert(report_id.clone()) {
                report_id = format!("{}-{n}", event.event_id);
                n += 1;
            }
            let place = event.location.as_ref().map(|location| self.place_id(location)).transpose()?;
            let dyad = (self.actor_id(event.source.as_ref())?, self.actor_id(event.target.as_ref())?);
            let id = match self.find_same_event(event, place, dyad, &taken)? {
                Some(id) => {
                    report.mentions +=
                        self.mention_rows(id, doc_key, document, event, &report_id, &mut mentions);
                    joined.push(id);
                    report.events_known += 1;
                    id
                }
                None => {
                    let id = match next_id {
                        Some(id) => id,
                        None => self
                            .tx
                            .prepare_cached("SELECT coalesce(max(id), 0) + 1 FROM events")
                            .and_then(|mut s| s.query_row([], |row| row.get(0)))
                            .map_err(self.err("numbering an event"))?,
                    };
                    next_id = Some(id + 1);
                    new_events.push(self.event_row(id, event, place, dyad));
                    report.mentions +=
                        self.mention_rows(id, doc_key, document, event, &report_id, &mut mentions);
                    let key = RollupKey { source: dyad.0, target: dyad.1, day: day_number(event.date.day) };
                    self.rollup(&key, event.quad, tenths(event.goldstein as f64), 1);
                    report.events_new += 1;
                    id
                }
            };
            taken.insert(id);
        }
        self.insert_rows(EventRow::INSERT, &new_events, "inserting events")?;
        self.insert_rows(MentionRow::INSERT, &mentions, "inserting mentions")?;
        for id in joined {
            self.recount(id)?;
        }
        Ok(())
    }

    fn insert_document(
        &self,
        document: &Document,
        hash: &str,
        event_count: usize,
    ) -> Result<i64, StoreError> {
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
        // The key SQLite would choose, chosen here (the write lock is held), so that a
        // document starting a story can name it in the same statement.
        let doc_key: i64 = self
            .tx
            .prepare_cached("SELECT coalesce(max(doc_key), 0) + 1 FROM documents")
            .and_then(|mut s| s.query_row([], |row| row.get(0)))
            .map_err(self.err("numbering a document"))?;
        let story = story.unwrap_or(doc_key);
        self.tx
            .prepare_cached(
                "INSERT INTO documents (doc_key, id, url, title, source, outlet, date, language, text,
                     content_hash, simhash, story_id, event_count)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
            )
            .and_then(|mut s| {
                s.execute(params![
                    doc_key,
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
                    story,
                    event_count as i64,
                ])
            })
            .map_err(self.err("inserting a document"))?;
        self.unindexed.borrow_mut().push(doc_key);
        // All bands in one statement.
        let band_list = serde_json::to_string(&band).expect("integers serialise");
        self.tx
            .prepare_cached(
                "INSERT INTO document_bands (day, band, doc_key, simhash, story_id)
                 SELECT ?1, value, ?2, ?3, ?4 FROM json_each(?5)",
            )
            .and_then(|mut s| s.execute(params![day, doc_key, fingerprint as i64, story, band_list]))
            .map_err(self.err("indexing a document's fingerprint"))?;
        Ok(doc_key)
    }

    fn place_id(&self, location: &Location) -> Result<i64, StoreError> {
        let key = place_key(location);
        if let Some(&id) = self.committed.places.get(&key).or(self.new_ids.borrow().places.get(&key)) {
            return Ok(id);
        }
        let found: Option<i64> = self
            .tx
            .prepare_cached("SELECT place_id FROM places WHERE place_key = ?1")
            .and_then(|mut s| s.query_row([&key], |row| row.get(0)).optional())
            .map_err(self.err("looking up a place"))?;
        if let Some(id) = found {
            self.new_ids.borrow_mut().places.insert(key, id);
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
        let id = self.tx.last_insert_rowid();
        self.new_ids.borrow_mut().places.insert(key, id);
        Ok(id)
    }

    /// The id of an actor's code in `actors`, added on first sight; 0 for no actor.
    fn actor_id(&self, actor: Option<&dyad_model::Actor>) -> Result<i64, StoreError> {
        let Some(actor) = actor else {
            return Ok(0);
        };
        if actor.code.is_empty() {
            return Ok(0);
        }
        if let Some(&id) =
            self.committed.actors.get(&actor.code).or(self.new_ids.borrow().actors.get(&actor.code))
        {
            return Ok(id);
        }
        let found: Option<i64> = self
            .tx
            .prepare_cached("SELECT id FROM actors WHERE code = ?1")
            .and_then(|mut s| s.query_row([&actor.code], |row| row.get(0)).optional())
            .map_err(self.err("looking up an actor code"))?;
        let id = match found {
            Some(id) => id,
            None => {
                self.tx
                    .prepare_cached("INSERT INTO actors (code, name) VALUES (?1, ?2)")
                    .and_then(|mut s| s.execute(params![actor.code, actor.name]))
                    .map_err(self.err("recording an actor code"))?;
                self.tx.last_insert_rowid()
            }
        };
        self.new_ids.borrow_mut().actors.insert(actor.code.clone(), id);
        Ok(id)
    }

    /// The stored event that `event` reports again, if any: same directed dyad, CAMEO
    /// root, modality and date precision, a date within the window, and the same place
    /// when both name one. Among several, the same full code wins, then the nearest
    /// date, then the oldest event, so the choice never depends on SQLite's row order.
    fn find_same_event(
        &self,
        event: &Event,
        place: Option<i64>,
        (source, target): (i64, i64),
        taken: &HashSet<i64>,
    ) -> Result<Option<i64>, StoreError> {
        let window = day_window(event, self.merge);
        let day = day_number(event.date.day);
        // Each day of the window is a seek in the day-first index (a range of days
        // would read every event of those days), one placeholder per day.
        let days: Vec<String> = (0..=2 * window).map(|i| format!("?{}", i + 6)).collect();
        let sql = format!(
            "SELECT id, cameo, day, place_id FROM events
             WHERE day IN ({}) AND source_id = ?1 AND target_id = ?2 AND root = ?3 AND modality = ?4
               AND date_precision = ?5",
            days.join(", ")
        );
        let mut statement = self.tx.prepare_cached(&sql).map_err(self.err("finding the same event"))?;
        let (root, modality, precision) =
            (event.root.as_str(), event.modality.as_str(), precision_name(event.date.precision));
        let mut values: Vec<&dyn ToSql> = vec![&source, &target, &root, &modality, &precision];
        let window_days: Vec<i64> = (day - window..=day + window).collect();
        values.extend(window_days.iter().map(|d| d as &dyn ToSql));
        let rows = statement
            .query_map(values.as_slice(), |row| {
                Ok((
                    row.get::<_, i64>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, i64>(2)?,
                    row.get::<_, Option<i64>>(3)?,
                ))
            })
            .map_err(self.err("finding the same event"))?;
        let rows: Vec<(i64, String, i64, Option<i64>)> =
            rows.collect::<Result<_, _>>().map_err(self.err("finding the same event"))?;
        let candidates =
            rows.iter().map(|(id, cameo, day, place)| Candidate { id: *id, cameo, day: *day, place: *place });
        Ok(choose_same_event(event.cameo.as_str(), day, place, candidates, taken))
    }

    /// The row of a new event, to be written with the rest of its document's.
    fn event_row(&self, id: i64, event: &Event, place: Option<i64>, dyad: (i64, i64)) -> EventRow {
        let (source_code, target_code) = actor_codes(event);
        EventRow {
            id,
            date: day_text(event.date.day),
            precision: precision_name(event.date.precision),
            source_code,
            source_name: event.source.as_ref().map(|a| a.name.clone()),
            source_entity: event.source.as_ref().and_then(|a| a.entity.clone()),
            target_code,
            target_name: event.target.as_ref().map(|a| a.name.clone()),
            target_entity: event.target.as_ref().and_then(|a| a.entity.clone()),
            cameo: event.cameo.as_str(),
            root: event.root.as_str(),
            quad: event.quad,
            goldstein: event.goldstein as f64,
            plover: serde_json::to_string(&event.plover).expect("PLOVER fields serialise"),
            modality: event.modality.as_str(),
            place,
            quantities: (!event.quantities.is_empty())
                .then(|| serde_json::to_string(&event.quantities).expect("quantities serialise")),
            confidence: event.confidence as f64,
            num_mentions: mention_sentences(event).len() as i64,
            source_id: dyad.0,
            target_id: dyad.1,
            day: day_number(event.date.day),
        }
    }

    /// The mention rows of a report, one per sentence, the primary first; returns
    /// their number.
    fn mention_rows(
        &self,
        event_row: i64,
        doc_key: i64,
        document: &Document,
        event: &Event,
        report_id: &str,
        rows: &mut Vec<MentionRow>,
    ) -> u64 {
        let span_of = |role: &str| event.provenance.spans.iter().find(|s| s.role == role);
        let trigger = span_of("trigger");
        // The sentence is a slice of the article (the coder copies it from there): keep
        // where it is rather than a second copy. Input from elsewhere may differ.
        let slice = locate(&document.text, &event.text, trigger.map(|t| t.span.start))
            .map(|start| (start as i64, (start + event.text.len()) as i64));
        let source_span = event.source.as_ref().and_then(|a| a.span).or(span_of("source").map(|s| s.span));
        let target_span = event.target.as_ref().and_then(|a| a.span).or(span_of("target").map(|s| s.span));
        let sentences = mention_sentences(event);
        for (i, &sentence) in sentences.iter().enumerate() {
            let primary = i == 0;
            let ends = |span: Option<dyad_model::Span>| match span.filter(|_| primary) {
                Some(span) => [Some(span.start as i64), Some(span.end as i64)],
                None => [None, None],
            };
            let [trigger_start, trigger_end] = ends(trigger.map(|t| t.span));
            let [source_start, source_end] = ends(source_span);
            let [target_start, target_end] = ends(target_span);
            let [text_start, text_end] = match slice.filter(|_| primary) {
                Some((start, end)) => [Some(start), Some(end)],
                None => [None, None],
            };
            rows.push(MentionRow {
                event: event_row,
                doc_key,
                sentence: sentence as i64,
                is_primary: primary,
                report_id: report_id.to_string(),
                cameo: event.cameo.as_str(),
                goldstein: event.goldstein as f64,
                confidence: event.confidence as f64,
                trigger: trigger.filter(|_| primary).map(|t| t.text.clone()),
                trigger_start,
                trigger_end,
                source_start,
                source_end,
                target_start,
                target_end,
                text: (primary && slice.is_none()).then(|| event.text.clone()),
                provenance: primary.then(|| compact_provenance(event, &document.text, slice)),
                text_start,
                text_end,
            });
        }
        sentences.len() as u64
    }

    /// Writes rows with statements of 16, 4 or 1 rows: a few statement shapes to
    /// prepare, and a sixteenth of the statements to run.
    fn insert_rows<R: Row>(&self, head: &str, rows: &[R], doing: &'static str) -> Result<(), StoreError> {
        let mut rest = rows;
        while !rest.is_empty() {
            let n = if rest.len() >= 16 {
                16
            } else if rest.len() >= 4 {
                4
            } else {
                1
            };
            let (chunk, tail) = rest.split_at(n);
            let one = format!("({})", vec!["?"; R::COLUMNS].join(", "));
            let sql = format!("{head} VALUES {}", vec![one; n].join(", "));
            let values: Vec<&dyn ToSql> = chunk.iter().flat_map(Row::values).collect();
            self.tx
                .prepare_cached(&sql)
                .and_then(|mut s| s.execute(values.as_slice()))
                .map_err(self.err(doing))?;
            rest = tail;
        }
        Ok(())
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

    /// Adds an event's contribution to its dyad's day (`sign` 1) or takes it away (-1).
    /// Contributions are summed per key in memory and written by `write_rollups` at the
    /// end of the batch, in key order: one upsert per dyad and day, not per event.
    fn rollup(&self, key: &RollupKey, quad: u8, goldstein_tenths: i64, sign: i64) {
        let mut rollups = self.rollups.borrow_mut();
        let delta = rollups.entry((key.source, key.target, key.day)).or_default();
        delta[0] += sign;
        if (1..=4).contains(&quad) {
            delta[quad as usize] += sign;
        }
        delta[5] += goldstein_tenths * sign;
    }

    /// Writes the batch's summed rollup changes; a dyad's day left without events goes.
    fn write_rollups(&self) -> Result<(), StoreError> {
        let rollups = self.rollups.take();
        let mut upsert = self
            .tx
            .prepare_cached(
                "INSERT INTO dyad_daily (source_id, target_id, day, events, quad1, quad2, quad3, quad4,
                     goldstein_tenths)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
                 ON CONFLICT (source_id, target_id, day) DO UPDATE SET
                     events = events + excluded.events,
                     quad1 = quad1 + excluded.quad1, quad2 = quad2 + excluded.quad2,
                     quad3 = quad3 + excluded.quad3, quad4 = quad4 + excluded.quad4,
                     goldstein_tenths = goldstein_tenths + excluded.goldstein_tenths",
            )
            .map_err(self.err("updating a dyad rollup"))?;
        let mut remove_empty = self
            .tx
            .prepare_cached(
                "DELETE FROM dyad_daily WHERE source_id = ?1 AND target_id = ?2 AND day = ?3 AND events = 0",
            )
            .map_err(self.err("updating a dyad rollup"))?;
        for ((source, target, day), delta) in rollups {
            if delta == [0; 6] {
                continue;
            }
            upsert
                .execute(params![
                    source, target, day, delta[0], delta[1], delta[2], delta[3], delta[4], delta[5]
                ])
                .map_err(self.err("updating a dyad rollup"))?;
            if delta[0] < 0 {
                remove_empty
                    .execute(params![source, target, day])
                    .map_err(self.err("updating a dyad rollup"))?;
            }
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
            let (source, target, day, quad, goldstein): (i64, i64, i64, u8, f64) = self
                .tx
                .prepare_cached("SELECT source_id, target_id, day, quad, goldstein FROM events WHERE id = ?1")
                .and_then(|mut s| {
                    s.query_row([event_row], |row| {
                        Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?, row.get(4)?))
                    })
                })
                .map_err(self.err("reading an event"))?;
            let key = RollupKey { source, target, day };
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
                    self.rollup(&key, quad, tenths(goldstein), -1);
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
                    self.rollup(&key, quad, tenths(goldstein), -1);
                    self.rollup(&key, code.quad(), tenths(new_goldstein), 1);
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

/// A row written by `Writer::insert_rows`.
trait Row {
    /// Values per row.
    const COLUMNS: usize;
    /// `INSERT INTO table (columns)`, to which the values are appended.
    const INSERT: &'static str;
    /// The row's values, in the order of `INSERT`'s columns.
    fn values(&self) -> Vec<&dyn ToSql>;
}

/// A new event.
struct EventRow {
    id: i64,
    date: String,
    precision: &'static str,
    source_code: String,
    source_name: Option<String>,
    source_entity: Option<String>,
    target_code: String,
    target_name: Option<String>,
    target_entity: Option<String>,
    cameo: &'static str,
    root: &'static str,
    quad: u8,
    goldstein: f64,
    plover: String,
    modality: &'static str,
    place: Option<i64>,
    quantities: Option<String>,
    confidence: f64,
    num_mentions: i64,
    source_id: i64,
    target_id: i64,
    day: i64,
}

impl Row for EventRow {
    const COLUMNS: usize = 24;
    const INSERT: &'static str = "INSERT INTO events (id, date, date_precision, source_code, source_name,
        source_entity, target_code, target_name, target_entity, cameo, root, quad, goldstein, plover, modality,
        place_id, quantities, confidence, num_mentions, num_sources, num_articles, source_id, target_id, day)";

    fn values(&self) -> Vec<&dyn ToSql> {
        vec![
            &self.id,
            &self.date,
            &self.precision,
            &self.source_code,
            &self.source_name,
            &self.source_entity,
            &self.target_code,
            &self.target_name,
            &self.target_entity,
            &self.cameo,
            &self.root,
            &self.quad,
            &self.goldstein,
            &self.plover,
            &self.modality,
            &self.place,
            &self.quantities,
            &self.confidence,
            &self.num_mentions,
            &1i64,
            &1i64,
            &self.source_id,
            &self.target_id,
            &self.day,
        ]
    }
}

/// One sentence reporting an event. Only the primary sentence of a report carries
/// spans, text and provenance.
struct MentionRow {
    event: i64,
    doc_key: i64,
    sentence: i64,
    is_primary: bool,
    report_id: String,
    cameo: &'static str,
    goldstein: f64,
    confidence: f64,
    trigger: Option<String>,
    trigger_start: Option<i64>,
    trigger_end: Option<i64>,
    source_start: Option<i64>,
    source_end: Option<i64>,
    target_start: Option<i64>,
    target_end: Option<i64>,
    text: Option<String>,
    provenance: Option<String>,
    text_start: Option<i64>,
    text_end: Option<i64>,
}

impl Row for MentionRow {
    const COLUMNS: usize = 19;
    const INSERT: &'static str =
        "INSERT INTO mentions (event, doc_key, sentence, is_primary, report_id, cameo,
        goldstein, confidence, trigger, trigger_start, trigger_end, source_start, source_end, target_start,
        target_end, text, provenance, text_start, text_end)";

    fn values(&self) -> Vec<&dyn ToSql> {
        vec![
            &self.event,
            &self.doc_key,
            &self.sentence,
            &self.is_primary,
            &self.report_id,
            &self.cameo,
            &self.goldstein,
            &self.confidence,
            &self.trigger,
            &self.trigger_start,
            &self.trigger_end,
            &self.source_start,
            &self.source_end,
            &self.target_start,
            &self.target_end,
            &self.text,
            &self.provenance,
            &self.text_start,
            &self.text_end,
        ]
    }
}

/// The provenance as stored: the words of a span that lies in the sentence, and is
/// that slice of the article, are left out and listed under `stripped_spans`; reading
/// takes them from the sentence again. Half the bytes of a mention are these words.
fn compact_provenance(event: &Event, text: &str, sentence: Option<(i64, i64)>) -> String {
    let Some((start, end)) = sentence else {
        return serde_json::to_string(&event.provenance).expect("provenance serialises");
    };
    let mut provenance = event.provenance.clone();
    let mut stripped = Vec::new();
    for (index, span) in provenance.spans.iter_mut().enumerate() {
        let (from, to) = (span.span.start as i64, span.span.end as i64);
        if from >= start
            && to <= end
            && from < to
            && text.get(span.span.start..span.span.end) == Some(&span.text)
        {
            span.text.clear();
            stripped.push(index);
        }
    }
    let mut json = serde_json::to_string(&provenance).expect("provenance serialises");
    if !stripped.is_empty() && json.ends_with('}') {
        json.pop();
        let list = serde_json::to_string(&stripped).expect("integers serialise");
        json.push_str(&format!(",\"{}\":{list}}}", crate::read::STRIPPED_SPANS));
    }
    json
}

/// Where `sentence` starts in `text`, if it is a slice of it. The trigger lies inside
/// its sentence, so the sentence starts at most its length before the trigger: that
/// window is searched first, the whole text only if the hint is wrong.
fn locate(text: &str, sentence: &str, trigger: Option<usize>) -> Option<usize> {
    if sentence.is_empty() {
        return None;
    }
    if let Some(at) = trigger.filter(|&at| at <= text.len()) {
        // Most often the trigger's own words place the sentence exactly.
        if let Some(word) = text.get(at..).and_then(|rest| rest.split(' ').next()).filter(|w| !w.is_empty()) {
            if let Some(offset) = sentence.find(word) {
                let start = at.checked_sub(offset);
                if start.is_some_and(|start| text.get(start..).is_some_and(|rest| rest.starts_with(sentence)))
                {
                    return start;
                }
            }
        }
        let mut start = at.saturating_sub(sentence.len());
        while !text.is_char_boundary(start) {
            start -= 1;
        }
        let mut end = (at + sentence.len()).min(text.len());
        while !text.is_char_boundary(end) {
            end += 1;
        }
        if let Some(found) = text[start..end].find(sentence) {
            return Some(start + found);
        }
    }
    text.find(sentence)
}

/// The sentences of a report, its own sentence first, each once.
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
    fn sentences_are_found_near_their_trigger_or_anywhere() {
        let text = "Rockets hit Basra. Talks in Genève resumed. Rockets hit Basra.";
        assert_eq!(locate(text, "Talks in Genève resumed.", Some(25)), Some(19));
        // A wrong hint falls back to the whole text; the second copy is found near its trigger.
        assert_eq!(locate(text, "Talks in Genève resumed.", Some(0)), Some(19));
        assert_eq!(locate(text, "Rockets hit Basra.", Some(50)), Some(45));
        assert_eq!(locate(text, "Not there.", Some(3)), None);
        assert_eq!(locate(text, "", None), None);
    }

    #[test]
    fn goldstein_tenths_are_exact() {
        assert_eq!(tenths(-9.5), -95);
        assert_eq!(tenths(-0.3f32 as f64), -3);
        assert_eq!(tenths(4.0), 40);
    }
}
