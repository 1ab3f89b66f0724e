//! Writing coded documents: idempotent, transactional, deduplicated across articles.

use std::borrow::Cow;
use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use chrono::{Datelike, NaiveDate};
use dyad_model::{Document, Event, EventCode, GeoPrecision, Location};
use rusqlite::{params, OptionalExtension, ToSql, TransactionBehavior};

use crate::identity::{
    choose_same_event, day_window, mention_sentences, outlet, place_key, precision_name, Candidate,
};
use crate::simhash::{bands, hamming, simhash, BANDS, NEAR_DUPLICATE_BITS};
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

/// The fingerprint bands of the days that near-duplicate lookups read lately, kept
/// between batches: a lookup probes 49 (day, band) pairs, and as seeks in
/// `document_bands` they cost more than the rest of placing a document. The copy is
/// exact because only the connection holding the write lock writes, and (1) it is
/// emptied when another connection has written since (`PRAGMA data_version`);
/// (2) every band written on a day it holds is added to it; (3) it is dropped with a
/// batch that fails, whose rows roll back; (4) it is emptied when a document is removed.
#[derive(Debug, Default)]
pub(crate) struct RecentBands {
    /// `PRAGMA data_version` when last known to be in step with the file.
    data_version: Option<i64>,
    /// By day (`band_day`): the day's bands, and when a lookup last read them.
    days: HashMap<i64, (DayBands, u64)>,
    rows: usize,
    /// Counts lookups, to find the least recently read day.
    clock: u64,
}

/// One day's bands: (band, doc_key) -> (fingerprint, story).
type DayBands = BTreeMap<(i64, i64), (u64, i64)>;

/// Bands held by `RecentBands` before it forgets the least recently read days (some
/// 60 bytes each): about a week of a thousand articles a day in 100 MB.
const MAX_RECENT_BANDS: usize = 1_500_000;

impl RecentBands {
    /// Forgets everything unless the file is as this connection left it.
    fn check(&mut self, data_version: i64) {
        if self.data_version != Some(data_version) {
            *self = RecentBands { data_version: Some(data_version), ..RecentBands::default() };
        }
    }

    fn clear(&mut self) {
        let data_version = self.data_version;
        *self = RecentBands { data_version, ..RecentBands::default() };
    }

    /// Forgets the least recently read days but those in `keep` while over the limit.
    fn evict(&mut self, keep: &[i64]) {
        while self.rows > MAX_RECENT_BANDS {
            let oldest =
                self.days.iter().filter(|(day, _)| !keep.contains(day)).min_by_key(|(_, (_, used))| *used);
            let Some((&day, _)) = oldest else { return };
            if let Some((rows, _)) = self.days.remove(&day) {
                self.rows -= rows.len();
            }
        }
    }
}

/// The key of a document's day in `RecentBands`: its day number, or `i64::MIN` for
/// an undated document ('' in `document_bands`).
fn band_day(date: Option<NaiveDate>) -> i64 {
    date.map_or(i64::MIN, day_number)
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
    DayText::new(day).as_str().to_string()
}

/// A day as `YYYY-MM-DD` without a heap allocation, for years 0 to 9999 (the rest,
/// which no news article is dated in, are formatted the slow way).
enum DayText {
    Short([u8; 10]),
    Long(String),
}

impl DayText {
    fn new(day: NaiveDate) -> DayText {
        let (year, month, date) = (day.year(), day.month(), day.day());
        if !(0..=9999).contains(&year) {
            return DayText::Long(format!("{year:04}-{month:02}-{date:02}"));
        }
        let digit = |value: u32, place: u32| b'0' + (value / place % 10) as u8;
        let year = year as u32;
        DayText::Short([
            digit(year, 1000),
            digit(year, 100),
            digit(year, 10),
            digit(year, 1),
            b'-',
            digit(month, 10),
            digit(month, 1),
            b'-',
            digit(date, 10),
            digit(date, 1),
        ])
    }

    fn as_str(&self) -> &str {
        match self {
            DayText::Short(bytes) => std::str::from_utf8(bytes).expect("ASCII digits and dashes"),
            DayText::Long(text) => text,
        }
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
        // Multi-row inserts keep a statement journal (the pages they change, in case a
        // row fails). In a temporary file that costs a write system call per page: a
        // third of the ingest time on a store of millions of events. Set here rather
        // than at open so that readers' large sorts still spill to disk.
        self.conn
            .execute_batch("PRAGMA temp_store = MEMORY")
            .map_err(|source| classify(&path, "keeping statement journals in memory", source))?;
        // IMMEDIATE takes the write lock up front, so two writers queue on the busy
        // timeout instead of one failing when it upgrades a read lock.
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|source| classify(&path, "starting a write transaction", source))?;
        let data_version: i64 = tx
            .query_row("PRAGMA data_version", [], |row| row.get(0))
            .map_err(|source| classify(&path, "checking for other writers", source))?;
        // Taken for the batch and put back only once it commits: see `RecentBands`.
        let mut recent_bands = std::mem::take(&mut self.recent_bands);
        recent_bands.check(data_version);
        let mut report = BatchReport::default();
        let writer = Writer {
            tx: &tx,
            path: &path,
            merge,
            unindexed: RefCell::new(Vec::new()),
            committed: &self.ids,
            new_ids: RefCell::new(Ids::default()),
            rollups: RefCell::new(HashMap::new()),
            next_doc_key: Cell::new(None),
            next_event_id: Cell::new(None),
            sql: StatementTexts::new(merge),
            recent_bands: RefCell::new(recent_bands),
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
        let recent_bands = writer.recent_bands.take();
        tx.commit().map_err(|source| classify(&path, "committing a batch", source))?;
        self.recent_bands = recent_bands;
        // Only now: the ids of a batch that rolled back must not be remembered.
        self.ids.actors.extend(new_ids.actors);
        self.ids.places.extend(new_ids.places);
        Ok(report)
    }
}

/// The texts of the statements whose shape depends on a constant or an option, built
/// once per batch rather than once per document or event.
struct StatementTexts {
    /// The merge window, and `same_event_sql` for it and for exact dates.
    window: i64,
    same_event_in_window: String,
    same_event_exact: String,
    insert_bands: String,
    insert_events: ChunkedInsert,
    insert_mentions: ChunkedInsert,
}

impl StatementTexts {
    fn new(merge: MergeOptions) -> StatementTexts {
        StatementTexts {
            window: merge.day_window,
            same_event_in_window: same_event_sql(merge.day_window),
            same_event_exact: same_event_sql(0),
            insert_bands: band_insert_sql(),
            insert_events: ChunkedInsert::new::<EventRow>(),
            insert_mentions: ChunkedInsert::new::<MentionRow>(),
        }
    }

    fn same_event(&self, window: i64) -> Cow<'_, str> {
        match window {
            0 => Cow::Borrowed(&self.same_event_exact),
            w if w == self.window => Cow::Borrowed(&self.same_event_in_window),
            other => Cow::Owned(same_event_sql(other)),
        }
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
    rollups: RefCell<HashMap<(i64, i64, i64), [i64; 6]>>,
    /// The next free document key and event id, as SQLite would choose them (the
    /// write lock is held): looked up once, then counted, and looked up again after a
    /// removal, which may free the highest ones.
    next_doc_key: Cell<Option<i64>>,
    next_event_id: Cell<Option<i64>>,
    /// Statement texts built from the merge options and the schema's constants.
    sql: StatementTexts,
    recent_bands: RefCell<RecentBands>,
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
        let mut report_ids: HashSet<Cow<str>> = HashSet::new();
        let mut new_events: Vec<EventRow> = Vec::new();
        let mut mentions: Vec<MentionRow> = Vec::new();
        let mut joined: Vec<i64> = Vec::new();
        for event in &coded.events {
            let mut report_id = Cow::Borrowed(event.event_id.as_str());
            let mut n = 2;
            while !report_ids.insert(report_id.clone()) {
                report_id = Cow::Owned(format!("{}-{n}", event.event_id));
                n += 1;
            }
            let place = event.location.as_ref().map(|location| self.place_id(location)).transpose()?;
            let dyad = (self.actor_id(event.source.as_ref())?, self.actor_id(event.target.as_ref())?);
            let id = match self.find_same_event(event, place, dyad, &taken)? {
                Some(id) => {
                    report.mentions +=
                        self.mention_rows(id, doc_key, document, event, report_id.clone(), &mut mentions);
                    joined.push(id);
                    report.events_known += 1;
                    id
                }
                None => {
                    let id =
                        self.next_key(&self.next_event_id, "SELECT coalesce(max(id), 0) + 1 FROM events")?;
                    new_events.push(self.event_row(id, event, place, dyad));
                    report.mentions +=
                        self.mention_rows(id, doc_key, document, event, report_id.clone(), &mut mentions);
                    let key = RollupKey { source: dyad.0, target: dyad.1, day: day_number(event.date.day) };
                    self.rollup(&key, event.quad, tenths(event.goldstein as f64), 1);
                    report.events_new += 1;
                    id
                }
            };
            taken.insert(id);
        }
        self.insert_rows(&self.sql.insert_events, &new_events, "inserting events")?;
        self.insert_rows(&self.sql.insert_mentions, &mentions, "inserting mentions")?;
        for id in joined {
            self.recount(id)?;
        }
        Ok(())
    }

    /// The next key of a counter, looked up with `first` when unknown, and counted on.
    fn next_key(&self, counter: &Cell<Option<i64>>, first: &'static str) -> Result<i64, StoreError> {
        let key = match counter.get() {
            Some(key) => key,
            None => self
                .tx
                .prepare_cached(first)
                .and_then(|mut s| s.query_row([], |row| row.get(0)))
                .map_err(self.err("numbering a new row"))?,
        };
        counter.set(Some(key + 1));
        Ok(key)
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
        let days: Vec<(i64, String)> = match document.date {
            Some(date) => (-STORY_WINDOW_DAYS..=STORY_WINDOW_DAYS)
                .map(|offset| date + chrono::Duration::days(offset))
                .map(|date| (band_day(Some(date)), day_text(date)))
                .collect(),
            None => vec![(band_day(None), String::new())],
        };
        let story: Option<i64> = {
            let mut recent = self.recent_bands.borrow_mut();
            let keep: Vec<i64> = days.iter().map(|(key, _)| *key).collect();
            recent.clock += 1;
            let now = recent.clock;
            let mut best: Option<(u32, i64, i64)> = None;
            for (key, text) in &days {
                if !recent.days.contains_key(key) {
                    let rows = self.read_bands(text)?;
                    recent.rows += rows.len();
                    recent.days.insert(*key, (rows, now));
                }
                let (rows, used) = recent.days.get_mut(key).expect("read above");
                *used = now;
                for &shared in &band {
                    for (&(_, doc_key), &(other, story)) in
                        rows.range((shared, i64::MIN)..=(shared, i64::MAX))
                    {
                        let distance = hamming(fingerprint, other);
                        if distance <= NEAR_DUPLICATE_BITS
                            && best.is_none_or(|b| (distance, doc_key) < (b.0, b.1))
                        {
                            best = Some((distance, doc_key, story));
                        }
                    }
                }
            }
            recent.evict(&keep);
            best.map(|(_, _, story)| story)
        };
        // The key SQLite would choose, chosen here, so that a document starting a story
        // can name it in the same statement.
        let doc_key =
            self.next_key(&self.next_doc_key, "SELECT coalesce(max(doc_key), 0) + 1 FROM documents")?;
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
        // All bands in one statement: parameters 1-4 are shared, 5 onwards the bands.
        let mut insert_bands = self
            .tx
            .prepare_cached(&self.sql.insert_bands)
            .map_err(self.err("indexing a document's fingerprint"))?;
        // SQLite integers are signed.
        let stored_fingerprint = fingerprint as i64;
        let mut values: Vec<&dyn ToSql> = vec![&day, &doc_key, &stored_fingerprint, &story];
        values.extend(band.iter().map(|b| b as &dyn ToSql));
        insert_bands.execute(values.as_slice()).map_err(self.err("indexing a document's fingerprint"))?;
        let mut recent = self.recent_bands.borrow_mut();
        if let Some((rows, _)) = recent.days.get_mut(&band_day(document.date)) {
            rows.extend(band.iter().map(|&b| ((b, doc_key), (fingerprint, story))));
            recent.rows += BANDS;
        }
        Ok(doc_key)
    }

    /// The bands of the documents published on `day` ('' for undated ones).
    fn read_bands(&self, day: &str) -> Result<DayBands, StoreError> {
        let mut statement = self
            .tx
            .prepare_cached("SELECT band, doc_key, simhash, story_id FROM document_bands WHERE day = ?1")
            .map_err(self.err("finding near-duplicate documents"))?;
        let rows = statement
            .query_map([day], |row| {
                Ok((
                    (row.get::<_, i64>(0)?, row.get::<_, i64>(1)?),
                    (row.get::<_, i64>(2)? as u64, row.get(3)?),
                ))
            })
            .map_err(self.err("finding near-duplicate documents"))?;
        rows.collect::<Result<_, _>>().map_err(self.err("finding near-duplicate documents"))
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
        let mut statement = self
            .tx
            .prepare_cached(&self.sql.same_event(window))
            .map_err(self.err("finding the same event"))?;
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
    fn event_row<'e>(&self, id: i64, event: &'e Event, place: Option<i64>, dyad: (i64, i64)) -> EventRow<'e> {
        EventRow {
            id,
            date: DayText::new(event.date.day),
            precision: precision_name(event.date.precision),
            source: event.source.as_ref(),
            target: event.target.as_ref(),
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
    #[allow(clippy::too_many_arguments)]
    fn mention_rows<'e>(
        &self,
        event_row: i64,
        doc_key: i64,
        document: &'e Document,
        event: &'e Event,
        report_id: Cow<'e, str>,
        rows: &mut Vec<MentionRow<'e>>,
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
                report_id: report_id.clone(),
                cameo: event.cameo.as_str(),
                goldstein: event.goldstein as f64,
                confidence: event.confidence as f64,
                trigger: trigger.filter(|_| primary).map(|t| t.text.as_str()),
                trigger_start,
                trigger_end,
                source_start,
                source_end,
                target_start,
                target_end,
                text: (primary && slice.is_none()).then_some(event.text.as_str()),
                provenance: primary.then(|| compact_provenance(event, &document.text, slice)),
                text_start,
                text_end,
            });
        }
        sentences.len() as u64
    }

    /// Writes rows with as few statements as `inserts` has shapes for.
    fn insert_rows<R: Row>(
        &self,
        inserts: &ChunkedInsert,
        rows: &[R],
        doing: &'static str,
    ) -> Result<(), StoreError> {
        let mut rest = rows;
        while !rest.is_empty() {
            let (size, sql) =
                inserts.chunks.iter().find(|(size, _)| *size <= rest.len()).expect("a one-row statement");
            let (chunk, tail) = rest.split_at(*size);
            let mut statement = self.tx.prepare_cached(sql).map_err(self.err(doing))?;
            for (index, row) in chunk.iter().enumerate() {
                row.bind(&mut statement, 1 + index * R::COLUMNS).map_err(self.err(doing))?;
            }
            statement.raw_execute().map_err(self.err(doing))?;
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
        // In key order, so that the upserts walk the table's pages in order.
        let mut rollups: Vec<_> = self.rollups.take().into_iter().collect();
        rollups.sort_unstable_by_key(|&(key, _)| key);
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
        // Its bands go with it (ON DELETE CASCADE).
        self.recent_bands.borrow_mut().clear();
        self.next_doc_key.set(None);
        self.next_event_id.set(None);
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
                    let code = EventCode::custom(&cameo).map_err(|err| StoreError::BadValue {
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
    /// Binds the row's values, in the order of `INSERT`'s columns, from parameter `first` on.
    fn bind(&self, statement: &mut rusqlite::Statement<'_>, first: usize) -> rusqlite::Result<()>;
}

/// Binds `values` from parameter `first` on, without collecting them on the heap.
fn bind_all(
    statement: &mut rusqlite::Statement<'_>,
    first: usize,
    values: &[&dyn ToSql],
) -> rusqlite::Result<()> {
    for (offset, value) in values.iter().enumerate() {
        statement.raw_bind_parameter(first + offset, value)?;
    }
    Ok(())
}

/// A new event. Text is borrowed from the coded event.
struct EventRow<'e> {
    id: i64,
    date: DayText,
    precision: &'static str,
    source: Option<&'e dyad_model::Actor>,
    target: Option<&'e dyad_model::Actor>,
    cameo: &'e str,
    root: &'e str,
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

impl Row for EventRow<'_> {
    const COLUMNS: usize = 24;
    const INSERT: &'static str = "INSERT INTO events (id, date, date_precision, source_code, source_name,
        source_entity, target_code, target_name, target_entity, cameo, root, quad, goldstein, plover, modality,
        place_id, quantities, confidence, num_mentions, num_sources, num_articles, source_id, target_id, day)";

    fn bind(&self, statement: &mut rusqlite::Statement<'_>, first: usize) -> rusqlite::Result<()> {
        // A missing actor's code is '' (see the schema), its name and entity NULL.
        fn code(actor: Option<&dyad_model::Actor>) -> &str {
            actor.map_or("", |a| a.code.as_str())
        }
        fn name(actor: Option<&dyad_model::Actor>) -> Option<&str> {
            actor.map(|a| a.name.as_str())
        }
        fn entity(actor: Option<&dyad_model::Actor>) -> Option<&str> {
            actor.and_then(|a| a.entity.as_deref())
        }
        bind_all(
            statement,
            first,
            &[
                &self.id,
                &self.date.as_str(),
                &self.precision,
                &code(self.source),
                &name(self.source),
                &entity(self.source),
                &code(self.target),
                &name(self.target),
                &entity(self.target),
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
            ],
        )
    }
}

/// One sentence reporting an event. Only the primary sentence of a report carries
/// spans, text and provenance. Text is borrowed from the coded event.
struct MentionRow<'e> {
    event: i64,
    doc_key: i64,
    sentence: i64,
    is_primary: bool,
    report_id: Cow<'e, str>,
    cameo: &'e str,
    goldstein: f64,
    confidence: f64,
    trigger: Option<&'e str>,
    trigger_start: Option<i64>,
    trigger_end: Option<i64>,
    source_start: Option<i64>,
    source_end: Option<i64>,
    target_start: Option<i64>,
    target_end: Option<i64>,
    text: Option<&'e str>,
    provenance: Option<String>,
    text_start: Option<i64>,
    text_end: Option<i64>,
}

impl Row for MentionRow<'_> {
    const COLUMNS: usize = 19;
    const INSERT: &'static str =
        "INSERT INTO mentions (event, doc_key, sentence, is_primary, report_id, cameo,
        goldstein, confidence, trigger, trigger_start, trigger_end, source_start, source_end, target_start,
        target_end, text, provenance, text_start, text_end)";

    fn bind(&self, statement: &mut rusqlite::Statement<'_>, first: usize) -> rusqlite::Result<()> {
        bind_all(
            statement,
            first,
            &[
                &self.event,
                &self.doc_key,
                &self.sentence,
                &self.is_primary,
                &self.report_id.as_ref(),
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
            ],
        )
    }
}

/// Statements inserting 16, 4 or 1 rows of one table: a few statement shapes to
/// prepare, and a sixteenth of the statements to run.
struct ChunkedInsert {
    /// Rows per statement, largest first, with the statement's text.
    chunks: Vec<(usize, String)>,
}

impl ChunkedInsert {
    fn new<R: Row>() -> ChunkedInsert {
        let one = format!("({})", vec!["?"; R::COLUMNS].join(", "));
        let chunks = [16, 4, 1]
            .into_iter()
            .map(|rows| (rows, format!("{} VALUES {}", R::INSERT, vec![one.as_str(); rows].join(", "))))
            .collect();
        ChunkedInsert { chunks }
    }
}

/// The provenance as stored: the words of a span that lies in the sentence, and is
/// that slice of the article, are left out and listed under `stripped_spans`; reading
/// takes them from the sentence again. Half the bytes of a mention are these words.
fn compact_provenance(event: &Event, text: &str, sentence: Option<(i64, i64)>) -> String {
    let provenance = &event.provenance;
    let mut stored = StoredProvenance {
        spans: provenance
            .spans
            .iter()
            .map(|span| StoredSpan { role: &span.role, span: span.span, text: &span.text })
            .collect(),
        rule: &provenance.rule,
        entries: &provenance.entries,
        stripped_spans: Vec::new(),
    };
    if let Some((start, end)) = sentence {
        for (index, span) in stored.spans.iter_mut().enumerate() {
            let (from, to) = (span.span.start as i64, span.span.end as i64);
            if from >= start
                && to <= end
                && from < to
                && text.get(span.span.start..span.span.end) == Some(span.text)
            {
                span.text = "";
                stored.stripped_spans.push(index);
            }
        }
    }
    serde_json::to_string(&stored).expect("provenance serialises")
}

/// `Provenance` as stored, borrowing the event's: the same fields in the same order,
/// plus the indexes of the spans stored without their words, when there are any.
#[derive(serde::Serialize)]
struct StoredProvenance<'e> {
    spans: Vec<StoredSpan<'e>>,
    rule: &'e str,
    entries: &'e [String],
    /// Named by `crate::read::STRIPPED_SPANS`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    stripped_spans: Vec<usize>,
}

/// `RoleSpan` as stored.
#[derive(serde::Serialize)]
struct StoredSpan<'e> {
    role: &'e str,
    span: dyad_model::Span,
    text: &'e str,
}

/// The events that may be the same as a report: one seek per day of the window in the
/// day-first index (a range of days would read every event of those days). The days
/// are a `VALUES` list that SQLite runs as a co-routine feeding one cursor; `IN` would
/// build a temporary table at every run, and a `UNION ALL` open cursors per day.
/// Parameters 1-5 are the dyad, root, modality and precision, 6 onwards the days.
fn same_event_sql(window: i64) -> String {
    let days: Vec<String> = (0..=2 * window).map(|i| format!("(?{})", i + 6)).collect();
    format!(
        "SELECT e.id, e.cameo, e.day, e.place_id FROM (VALUES {}) AS wanted CROSS JOIN events e
         ON e.day = wanted.column1 AND e.source_id = ?1 AND e.target_id = ?2 AND e.root = ?3
            AND e.modality = ?4 AND e.date_precision = ?5",
        days.join(", ")
    )
}

/// Inserts a document's bands: parameters 1-4 are the day, document key, fingerprint
/// and story, 5 onwards the bands.
fn band_insert_sql() -> String {
    let rows: Vec<String> = (5..5 + BANDS).map(|band| format!("(?1, ?{band}, ?2, ?3, ?4)")).collect();
    format!("INSERT INTO document_bands (day, band, doc_key, simhash, story_id) VALUES {}", rows.join(", "))
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
    fn stripped_spans_are_listed_under_the_name_reading_looks_for() {
        let text = "Iraq fired rockets.";
        let cameo = EventCode::parse("190").expect("a CAMEO code");
        let event = Event {
            event_id: "ev-1".into(),
            doc_id: "d1".into(),
            sentence: 0,
            date: dyad_model::EventDate::parse_iso("2021-07-12").expect("a date"),
            source: None,
            target: None,
            root: cameo.root(),
            quad: cameo.quad(),
            goldstein: -10.0,
            cameo,
            plover: Default::default(),
            modality: Default::default(),
            location: None,
            quantities: vec![],
            text: text.into(),
            provenance: dyad_model::Provenance {
                spans: vec![dyad_model::RoleSpan {
                    role: "trigger".into(),
                    span: dyad_model::Span::new(5, 10),
                    text: "fired".into(),
                }],
                rule: "test.rule".into(),
                entries: vec![],
            },
            confidence: 0.5,
            mentions: vec![0],
        };
        let stored = compact_provenance(&event, text, Some((0, text.len() as i64)));
        assert!(stored.contains(&format!("\"{}\":[0]", crate::read::STRIPPED_SPANS)), "{stored}");
        assert!(!stored.contains("fired"), "{stored}");
        let whole = compact_provenance(&event, text, None);
        assert!(whole.contains("fired") && !whole.contains(crate::read::STRIPPED_SPANS), "{whole}");
    }

    #[test]
    fn goldstein_tenths_are_exact() {
        assert_eq!(tenths(-9.5), -95);
        assert_eq!(tenths(-0.3f32 as f64), -3);
        assert_eq!(tenths(4.0), 40);
    }
}
