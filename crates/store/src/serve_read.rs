//! Reads for the HTTP server and its dashboard: pages of events, one event with every
//! article that reported it, actors and dyads ranked by events, places for a map, and
//! stored documents, and whether a URL is stored (for `dyad watch`).

use chrono::NaiveDate;
use rusqlite::types::Value;
use rusqlite::OptionalExtension;
use serde::Serialize;

use crate::read::{actor_pattern, event_filter};
use crate::{classify, EventQuery, Store, StoreError, StoredEvent};

/// The order of a page of events.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum EventOrder {
    /// Oldest first (by event date, then id), as `dyad query` prints them.
    #[default]
    Oldest,
    /// Newest first.
    Newest,
}

/// One article sentence reporting an event.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EventReport {
    /// The document's id.
    pub doc_id: String,
    /// Its URL.
    pub url: Option<String>,
    /// Its headline.
    pub title: Option<String>,
    /// Its publication date.
    pub date: Option<String>,
    /// 0-based sentence index.
    pub sentence: u64,
    /// Whether this sentence is the first of the article's report (it carries the code).
    pub primary: bool,
    /// The CAMEO code this article's report gave.
    pub cameo: String,
}

/// An actor code with how many events it takes part in.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ActorCount {
    /// Actor code (`IRQGOV`).
    pub code: String,
    /// The name the dictionaries give it.
    pub name: Option<String>,
    /// Events with this actor as source or target.
    pub events: u64,
}

/// A directed dyad with its event counts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DyadCount {
    /// Source actor code.
    pub source: String,
    /// Target actor code.
    pub target: String,
    /// Events.
    pub events: u64,
    /// Events per QuadClass 1-4.
    pub quad: [u64; 4],
    /// Mean Goldstein value.
    pub goldstein_mean: f64,
}

/// A place with the events located there.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlaceCount {
    /// Place name.
    pub name: String,
    /// ISO 3166 alpha-3 country, when known.
    pub country: Option<String>,
    /// Latitude.
    pub lat: f64,
    /// Longitude.
    pub lon: f64,
    /// `site`, `city`, `region` or `country`.
    pub precision: String,
    /// Events.
    pub events: u64,
    /// Mean Goldstein value of those events.
    pub goldstein_mean: f64,
}

/// A stored document, without its text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocumentSummary {
    /// The document's id.
    pub id: String,
    /// URL.
    pub url: Option<String>,
    /// Headline.
    pub title: Option<String>,
    /// Publication date.
    pub date: Option<String>,
    /// Language code.
    pub language: Option<String>,
    /// Where it was read from.
    pub source: Option<String>,
    /// Its story (group of near-duplicate articles).
    pub story_id: i64,
    /// Events it reports.
    pub event_count: u64,
}

/// A stored document with its text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredDocument {
    /// Everything but the text.
    #[serde(flatten)]
    pub summary: DocumentSummary,
    /// The text as ingested.
    pub text: String,
}

impl StoredDocument {
    /// The document as the pipeline reads it, to run the analysis again.
    pub fn to_document(&self) -> dyad_model::Document {
        let s = &self.summary;
        let mut document = dyad_model::Document::new(s.id.clone(), self.text.clone());
        document.url = s.url.clone();
        document.title = s.title.clone();
        document.source = s.source.clone();
        document.language = s.language.clone();
        document.date = s.date.as_deref().and_then(crate::read::parse_day);
        document
    }
}

fn day_range(
    column: &str,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    values: &mut Vec<Value>,
) -> String {
    let mut sql = String::new();
    if let Some(from) = from {
        sql.push_str(&format!(" AND {column} >= ?"));
        values.push(Value::Integer(crate::day_number(from)));
    }
    if let Some(to) = to {
        sql.push_str(&format!(" AND {column} <= ?"));
        values.push(Value::Integer(crate::day_number(to)));
    }
    sql
}

const SUMMARY_COLUMNS: &str = "id, url, title, date, language, source, story_id, event_count";

fn read_summary(row: &rusqlite::Row<'_>) -> rusqlite::Result<DocumentSummary> {
    Ok(DocumentSummary {
        id: row.get(0)?,
        url: row.get(1)?,
        title: row.get(2)?,
        date: row.get(3)?,
        language: row.get(4)?,
        source: row.get(5)?,
        story_id: row.get(6)?,
        event_count: row.get::<_, i64>(7)? as u64,
    })
}

/// Events looked at first for an early page (see [`Store::query_page`]).
const PAGE_WINDOW: u64 = 5_000;

impl Store {
    /// Events whose rows pass `filter` (a `WHERE` clause over `events e`, or empty),
    /// in `order`, cut by `limit` (a `LIMIT` clause or empty).
    fn select_events(
        &self,
        filter: &str,
        values: Vec<Value>,
        order: &str,
        limit: &str,
    ) -> Result<Vec<StoredEvent>, StoreError> {
        let mut events = Vec::new();
        self.scan_selected(filter, values, order, limit, |event| {
            events.push(event);
            Ok::<(), StoreError>(())
        })?;
        Ok(events)
    }

    /// One page of the events matching `query` (whose `limit` is ignored): at most
    /// `limit` events after skipping `offset`. The page's ids are chosen first, on the
    /// indexes alone, and only those events are read in full: sorting whole rows of a
    /// large match would read every one of them.
    pub fn query_page(
        &self,
        query: &EventQuery,
        order: EventOrder,
        offset: u64,
        limit: u64,
    ) -> Result<Vec<StoredEvent>, StoreError> {
        let (filter, values) = event_filter(query)?;
        let (order, window_order) = match order {
            EventOrder::Oldest => ("e.day, e.id", "day, id"),
            EventOrder::Newest => ("e.day DESC, e.id DESC", "day DESC, id DESC"),
        };
        let page = |source: &str| -> Result<Vec<i64>, StoreError> {
            let sql_err = |source| classify(&self.path, "choosing a page of events", source);
            let mut values = values.clone();
            values.push(Value::Integer(limit.min(i64::MAX as u64) as i64));
            values.push(Value::Integer(offset.min(i64::MAX as u64) as i64));
            let mut statement = self
                .conn
                .prepare(&format!("SELECT e.id FROM {source} {filter} ORDER BY {order} LIMIT ? OFFSET ?"))
                .map_err(sql_err)?;
            let ids = statement
                .query_map(rusqlite::params_from_iter(values), |row| row.get::<_, i64>(0))
                .map_err(sql_err)?
                .collect::<Result<Vec<_>, _>>()
                .map_err(sql_err);
            ids
        };
        // A broad filter (a big actor) matches thousands of events, and SQLite finds
        // them all by index and sorts them before taking a page. The first pages are
        // looked for among the latest (or earliest) events first: if that window holds
        // the whole page, it is the page, since the window is a prefix in page order.
        let mut ids = Vec::new();
        // A date range is itself served by the date index, and its window would
        // rarely hold its page.
        let dated = query.from.is_some() || query.to.is_some();
        if !filter.is_empty() && !dated && offset + limit <= PAGE_WINDOW / 10 {
            let window = format!(
                "(SELECT id, day, date, source_id, target_id, source_code, target_code, cameo, place_id
                  FROM events ORDER BY {window_order} LIMIT {PAGE_WINDOW}) e"
            );
            ids = page(&window)?;
        }
        if (ids.len() as u64) < limit {
            ids = page("events e")?;
        }
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let marks = vec!["?"; ids.len()].join(", ");
        self.select_events(
            &format!("WHERE e.id IN ({marks})"),
            ids.into_iter().map(Value::Integer).collect(),
            order,
            "",
        )
    }

    /// How many events match `query` (whose `limit` is ignored), counting no further
    /// than `cap`: the answer is `(count, exact)`, with `exact` false when the count
    /// stopped at the cap.
    pub fn count_events(&self, query: &EventQuery, cap: u64) -> Result<(u64, bool), StoreError> {
        let (filter, mut values) = event_filter(query)?;
        values.push(Value::Integer(cap.saturating_add(1).min(i64::MAX as u64) as i64));
        let n = self
            .conn
            .query_row(
                &format!("SELECT count(*) FROM (SELECT 1 FROM events e {filter} LIMIT ?)"),
                rusqlite::params_from_iter(values),
                |row| row.get::<_, i64>(0),
            )
            .map_err(|source| classify(&self.path, "counting events", source))? as u64;
        Ok(if n > cap { (cap, false) } else { (n, true) })
    }

    /// The event with the store id `id`, if any.
    pub fn event(&self, id: i64) -> Result<Option<StoredEvent>, StoreError> {
        Ok(self.select_events("WHERE e.id = ?", vec![Value::Integer(id)], "e.id", "")?.into_iter().next())
    }

    /// Every article sentence reporting event `id`, in the order they were stored.
    pub fn event_reports(&self, id: i64) -> Result<Vec<EventReport>, StoreError> {
        let sql_err = |source| classify(&self.path, "reading an event's mentions", source);
        let mut statement = self
            .conn
            .prepare_cached(
                "SELECT d.id, d.url, d.title, d.date, m.sentence, m.is_primary, m.cameo
                 FROM mentions m JOIN documents d USING (doc_key) WHERE m.event = ?1 ORDER BY m.id",
            )
            .map_err(sql_err)?;
        let rows = statement
            .query_map([id], |row| {
                Ok(EventReport {
                    doc_id: row.get(0)?,
                    url: row.get(1)?,
                    title: row.get(2)?,
                    date: row.get(3)?,
                    sentence: row.get::<_, i64>(4)? as u64,
                    primary: row.get(5)?,
                    cameo: row.get(6)?,
                })
            })
            .map_err(sql_err)?;
        rows.collect::<Result<_, _>>().map_err(sql_err)
    }

    /// Events reported by the document `doc_id`, by event date.
    pub fn document_events(&self, doc_id: &str) -> Result<Vec<StoredEvent>, StoreError> {
        self.select_events(
            "WHERE e.id IN (SELECT event FROM mentions WHERE doc_key = (SELECT doc_key FROM documents WHERE id = ?))",
            vec![Value::Text(doc_id.to_string())],
            "e.day, e.id",
            "",
        )
    }

    /// Actors whose code starts with `text` or whose name contains it (any case), most
    /// events first.
    pub fn search_actors(&self, text: &str, limit: u64) -> Result<Vec<ActorCount>, StoreError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(StoreError::InvalidQuery("an actor search needs some text".into()));
        }
        // A code prefix only when the text could be a code; a name match either way.
        let code_pattern = actor_pattern(text).unwrap_or_else(|_| String::from("\u{1}"));
        let like = format!("%{}%", text.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_"));
        let sql_err = |source| classify(&self.path, "searching actors", source);
        let mut statement = self
            .conn
            .prepare_cached(
                // Counted from the rollups (every event is in its dyad's day); the
                // events table has no index by actor, and the rollups' key starts with
                // the source, so the target half names every source.
                "WITH matched AS (
                    SELECT id, code, name FROM actors
                    WHERE code != '' AND (code GLOB ?1 OR name LIKE ?2 ESCAPE '\\')),
                 counts AS (
                    SELECT source_id AS id, events FROM dyad_daily WHERE source_id IN (SELECT id FROM matched)
                    UNION ALL
                    SELECT target_id, events FROM dyad_daily
                    WHERE target_id IN (SELECT id FROM matched) AND source_id IN (SELECT id FROM actors))
                 SELECT m.code, m.name, coalesce(sum(c.events), 0) AS n
                 FROM matched m LEFT JOIN counts c ON c.id = m.id
                 GROUP BY m.id ORDER BY n DESC, m.code LIMIT ?3",
            )
            .map_err(sql_err)?;
        let rows = statement
            .query_map(rusqlite::params![code_pattern, like, limit as i64], |row| {
                Ok(ActorCount { code: row.get(0)?, name: row.get(1)?, events: row.get::<_, i64>(2)? as u64 })
            })
            .map_err(sql_err)?;
        rows.collect::<Result<_, _>>().map_err(sql_err)
    }

    /// The actors in most events between `from` and `to` (from the daily rollups).
    pub fn top_actors(
        &self,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
        limit: u64,
    ) -> Result<Vec<ActorCount>, StoreError> {
        let mut values = Vec::new();
        let source_range = day_range("day", from, to, &mut values);
        let target_range = day_range("day", from, to, &mut values);
        values.push(Value::Integer(limit as i64));
        let sql = format!(
            "SELECT a.code, a.name, sum(c.n) AS total FROM (
                SELECT source_id AS id, sum(events) AS n FROM dyad_daily WHERE 1 {source_range} GROUP BY 1
                UNION ALL
                SELECT target_id, sum(events) FROM dyad_daily WHERE 1 {target_range} GROUP BY 1) c
             JOIN actors a ON a.id = c.id
             WHERE c.id != 0 GROUP BY c.id ORDER BY total DESC, a.code LIMIT ?"
        );
        let sql_err = |source| classify(&self.path, "ranking actors", source);
        let mut statement = self.conn.prepare(&sql).map_err(sql_err)?;
        let rows = statement
            .query_map(rusqlite::params_from_iter(values), |row| {
                Ok(ActorCount { code: row.get(0)?, name: row.get(1)?, events: row.get::<_, i64>(2)? as u64 })
            })
            .map_err(sql_err)?;
        rows.collect::<Result<_, _>>().map_err(sql_err)
    }

    /// The directed dyads with most events between `from` and `to`; with `actor`, only
    /// dyads where an actor starting with that code is source or target (its partners).
    pub fn top_dyads(
        &self,
        actor: Option<&str>,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
        limit: u64,
    ) -> Result<Vec<DyadCount>, StoreError> {
        let mut values = Vec::new();
        let mut filter = String::from("d.source_id != 0 AND d.target_id != 0");
        if let Some(actor) = actor {
            let pattern = actor_pattern(actor)?;
            filter.push_str(
                " AND (d.source_id IN (SELECT id FROM actors WHERE code GLOB ?)
                       OR d.target_id IN (SELECT id FROM actors WHERE code GLOB ?))",
            );
            values.push(Value::Text(pattern.clone()));
            values.push(Value::Text(pattern));
        }
        filter.push_str(&day_range("d.day", from, to, &mut values));
        values.push(Value::Integer(limit as i64));
        let sql = format!(
            "SELECT s.code, t.code, sum(d.events) AS n, sum(d.quad1), sum(d.quad2), sum(d.quad3), sum(d.quad4),
                    sum(d.goldstein_tenths)
             FROM dyad_daily d JOIN actors s ON s.id = d.source_id JOIN actors t ON t.id = d.target_id
             WHERE {filter}
             GROUP BY d.source_id, d.target_id HAVING n > 0 ORDER BY n DESC, 1, 2 LIMIT ?"
        );
        let sql_err = |source| classify(&self.path, "ranking dyads", source);
        let mut statement = self.conn.prepare(&sql).map_err(sql_err)?;
        let rows = statement
            .query_map(rusqlite::params_from_iter(values), |row| {
                let events = row.get::<_, i64>(2)? as u64;
                let tenths = row.get::<_, i64>(7)?;
                Ok(DyadCount {
                    source: row.get(0)?,
                    target: row.get(1)?,
                    events,
                    quad: [
                        row.get::<_, i64>(3)? as u64,
                        row.get::<_, i64>(4)? as u64,
                        row.get::<_, i64>(5)? as u64,
                        row.get::<_, i64>(6)? as u64,
                    ],
                    goldstein_mean: tenths as f64 / 10.0 / events.max(1) as f64,
                })
            })
            .map_err(sql_err)?;
        rows.collect::<Result<_, _>>().map_err(sql_err)
    }

    /// The places of the events matching `query` (its `limit` ignored), with
    /// coordinates, most events first, at most `limit`.
    pub fn event_places(&self, query: &EventQuery, limit: u64) -> Result<Vec<PlaceCount>, StoreError> {
        let (filter, mut values) = event_filter(query)?;
        let located = if filter.is_empty() { "WHERE" } else { "AND" };
        values.push(Value::Integer(limit as i64));
        let sql = format!(
            "SELECT p.name, p.country, p.lat, p.lon, p.precision, count(*) AS n, avg(e.goldstein)
             FROM events e JOIN places p ON p.place_id = e.place_id
             {filter} {located} p.lat IS NOT NULL AND p.lon IS NOT NULL
             GROUP BY p.place_id ORDER BY n DESC, p.name LIMIT ?"
        );
        let sql_err = |source| classify(&self.path, "reading event places", source);
        let mut statement = self.conn.prepare(&sql).map_err(sql_err)?;
        let rows = statement
            .query_map(rusqlite::params_from_iter(values), |row| {
                Ok(PlaceCount {
                    name: row.get(0)?,
                    country: row.get(1)?,
                    lat: row.get(2)?,
                    lon: row.get(3)?,
                    precision: row.get(4)?,
                    events: row.get::<_, i64>(5)? as u64,
                    goldstein_mean: row.get(6)?,
                })
            })
            .map_err(sql_err)?;
        rows.collect::<Result<_, _>>().map_err(sql_err)
    }

    /// Stored documents, newest publication date first, and how many there are.
    pub fn documents(&self, offset: u64, limit: u64) -> Result<(Vec<DocumentSummary>, u64), StoreError> {
        let sql_err = |source| classify(&self.path, "listing documents", source);
        let mut statement = self
            .conn
            .prepare_cached(&format!(
                "SELECT {SUMMARY_COLUMNS} FROM documents ORDER BY date DESC, doc_key DESC LIMIT ?1 OFFSET ?2"
            ))
            .map_err(sql_err)?;
        let rows = statement
            .query_map([limit as i64, offset as i64], read_summary)
            .map_err(sql_err)?
            .collect::<Result<Vec<_>, _>>()
            .map_err(sql_err)?;
        let total: i64 =
            self.conn.query_row("SELECT count(*) FROM documents", [], |row| row.get(0)).map_err(sql_err)?;
        Ok((rows, total as u64))
    }

    /// Whether a document with this URL is stored.
    pub fn has_url(&self, url: &str) -> Result<bool, StoreError> {
        self.conn
            .prepare_cached("SELECT 1 FROM documents WHERE url = ?1")
            .and_then(|mut statement| statement.exists([url]))
            .map_err(|source| classify(&self.path, "looking up a URL", source))
    }

    /// The stored document with id `id`, if any.
    pub fn document(&self, id: &str) -> Result<Option<StoredDocument>, StoreError> {
        self.conn
            .query_row(&format!("SELECT {SUMMARY_COLUMNS}, text FROM documents WHERE id = ?1"), [id], |row| {
                Ok(StoredDocument { summary: read_summary(row)?, text: row.get(8)? })
            })
            .optional()
            .map_err(|source| classify(&self.path, "reading a document", source))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::CodedDocument;
    use dyad_model::{Actor, Document, Event, EventCode, EventDate, GeoPrecision, Location};

    fn event(doc: &str, source: &str, target: &str, code: &str, day: &str, place: Option<&str>) -> Event {
        let cameo = EventCode::parse(code).unwrap();
        let actor = |code: &str| {
            Some(Actor { code: code.into(), name: format!("{code} name"), entity: None, span: None })
        };
        Event {
            event_id: format!("{doc}-{source}-{target}-{code}"),
            doc_id: doc.into(),
            sentence: 0,
            date: EventDate::parse_iso(day).unwrap(),
            source: actor(source),
            target: actor(target),
            root: cameo.root(),
            quad: cameo.quad(),
            goldstein: if cameo.quad() >= 3 { -5.0 } else { 3.0 },
            cameo,
            plover: Default::default(),
            modality: Default::default(),
            location: place.map(|name| Location {
                name: name.into(),
                country: Some("IRQ".into()),
                lat: Some(30.5),
                lon: Some(47.8),
                geonameid: None,
                precision: GeoPrecision::City,
                span: None,
            }),
            quantities: vec![],
            text: "Sentence.".into(),
            provenance: Default::default(),
            confidence: 0.5,
            mentions: vec![0],
        }
    }

    fn store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path().join("dyad.db")).unwrap();
        let mut d1 = Document::new("d1", "Iraq fired rockets at Iran in Basra. Talks.");
        d1.date = NaiveDate::from_ymd_opt(2021, 7, 12);
        let mut d2 = Document::new("d2", "The US met Iraq.");
        d2.date = NaiveDate::from_ymd_opt(2021, 7, 14);
        store
            .write_batch(&[
                CodedDocument {
                    document: d1,
                    events: vec![
                        event("d1", "IRQ", "IRN", "190", "2021-07-12", Some("Basra")),
                        event("d1", "IRQGOV", "IRN", "040", "2021-07-12", None),
                    ],
                },
                CodedDocument {
                    document: d2,
                    events: vec![event("d2", "USAGOV", "IRQGOV", "040", "2021-07-14", None)],
                },
            ])
            .unwrap();
        (dir, store)
    }

    #[test]
    fn pages_count_and_order_events() {
        let (_dir, store) = store();
        let all = EventQuery::default();
        assert_eq!(store.count_events(&all, 100).unwrap(), (3, true));
        assert_eq!(store.count_events(&all, 2).unwrap(), (2, false));
        let newest = store.query_page(&all, EventOrder::Newest, 0, 2).unwrap();
        assert_eq!(newest.len(), 2);
        assert_eq!(newest[0].event.date.iso(), "2021-07-14");
        let rest = store.query_page(&all, EventOrder::Newest, 2, 2).unwrap();
        assert_eq!(rest.len(), 1);
        let irq = EventQuery { actor: Some("IRQ".into()), ..Default::default() };
        assert_eq!(store.count_events(&irq, 100).unwrap(), (3, true));
        let oldest = store.query_page(&all, EventOrder::Oldest, 0, 3).unwrap();
        assert_eq!(
            oldest.iter().rev().map(|e| e.id).collect::<Vec<_>>(),
            store
                .query_page(&all, EventOrder::Newest, 0, 3)
                .unwrap()
                .iter()
                .map(|e| e.id)
                .collect::<Vec<_>>()
        );
        let one = store.event(newest[0].id).unwrap().unwrap();
        assert_eq!(one, newest[0]);
        assert!(store.event(9999).unwrap().is_none());
        assert_eq!(store.event_reports(one.id).unwrap()[0].doc_id, "d2");
    }

    #[test]
    fn ranks_actors_and_dyads_and_lists_places_and_documents() {
        let (_dir, store) = store();
        let top = store.top_actors(None, None, 10).unwrap();
        assert_eq!(top[0].code, "IRN");
        assert_eq!(top[0].events, 2);
        let dyads = store.top_dyads(Some("USA"), None, None, 10).unwrap();
        assert_eq!(dyads.len(), 1);
        assert_eq!((dyads[0].source.as_str(), dyads[0].target.as_str()), ("USAGOV", "IRQGOV"));
        let found = store.search_actors("irq", 10).unwrap();
        assert!(found.iter().all(|a| a.code.starts_with("IRQ")), "{found:?}");
        assert!(found.iter().any(|a| a.code == "IRQGOV"));
        assert!(store.search_actors("IRQGOV name", 10).unwrap().iter().any(|a| a.code == "IRQGOV"));
        assert!(store.search_actors("50%_", 10).unwrap().is_empty());
        let places = store.event_places(&EventQuery::default(), 10).unwrap();
        assert_eq!(places.len(), 1);
        assert_eq!(places[0].name, "Basra");
        let (docs, total) = store.documents(0, 10).unwrap();
        assert_eq!((docs.len(), total, docs[0].id.as_str()), (2, 2, "d2"));
        let d1 = store.document("d1").unwrap().unwrap();
        assert!(d1.text.starts_with("Iraq fired"));
        assert_eq!(d1.to_document().date, NaiveDate::from_ymd_opt(2021, 7, 12));
        assert_eq!(store.document_events("d1").unwrap().len(), 2);
        assert!(store.document("nope").unwrap().is_none());
        assert!(!store.has_url("https://example.org/d1").unwrap());
    }
}
