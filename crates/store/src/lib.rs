//! The event store: coded documents and their events in one SQLite file.
//!
//! - **Idempotent**: a document already stored with the same content adds nothing; a
//!   new version of a document (same id or same URL, other content) replaces the old
//!   one's mentions, events and rollups.
//! - **Atomic**: [`Store::write_batch`] writes many documents in one transaction, so a
//!   crash leaves either the whole batch or none of it, and a rerun completes it.
//! - **Deduplicated across articles**: near-duplicate articles (SimHash over word
//!   shingles) share a story id; reports of the same event (same dyad, CAMEO root,
//!   modality, date window, place) from different articles are one event with several
//!   mentions, counted as GDELT counts `NumMentions`, `NumSources`, `NumArticles`.
//! - **Rollups**: daily counts per directed dyad (per QuadClass, Goldstein sum) change
//!   in the same transaction as the events they count.
//!
//! ```
//! use dyad_store::Store;
//!
//! let dir = tempfile::tempdir().unwrap();
//! let store = Store::open(dir.path().join("dyad.db")).unwrap();
//! assert_eq!(store.summary().unwrap().events, 0);
//! ```

#![warn(missing_docs)]

pub mod identity;
mod read;
mod schema;
mod serve_read;
pub mod simhash;
mod write;

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, ErrorCode, OpenFlags};

pub use identity::{EventMerger, MergedEvent};
pub use read::{DatePeriod, EventQuery, PeriodStats, StatsQuery, StoredEvent, StoredMention};
pub use serve_read::{
    ActorCount, DocumentSummary, DyadCount, EventOrder, EventReport, PlaceCount, StoredDocument,
};
pub use write::{content_hash, BatchReport, CodedDocument, MergeOptions};

/// What can go wrong with a store. Every variant names the database file.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The file exists but SQLite cannot read it as a database.
    #[error("{path}: not a SQLite database, or the file is corrupt")]
    NotADatabase {
        /// The database file.
        path: PathBuf,
    },
    /// The file is a SQLite database of some other program.
    #[error("{path}: a SQLite database, but not a Dyad store (application id {found:#x})")]
    ForeignDatabase {
        /// The database file.
        path: PathBuf,
        /// Its `PRAGMA application_id`.
        found: i64,
    },
    /// The file was written by a newer Dyad.
    #[error(
        "{path}: schema version {found} is newer than this dyad supports ({supported}); use a newer dyad"
    )]
    NewerSchema {
        /// The database file.
        path: PathBuf,
        /// The file's schema version.
        found: i64,
        /// The newest version this build knows.
        supported: i64,
    },
    /// A command that reads a store was pointed at a file that does not exist.
    #[error("{path}: no such store (run `dyad ingest` first, or give --db)")]
    Missing {
        /// The path given.
        path: PathBuf,
    },
    /// A stored value this build cannot read (an unknown CAMEO code, bad JSON).
    #[error("{path}: bad stored value: {message}")]
    BadValue {
        /// The database file.
        path: PathBuf,
        /// What was wrong.
        message: String,
    },
    /// A query argument that cannot be used (an actor code with odd characters).
    #[error("invalid query: {0}")]
    InvalidQuery(String),
    /// The store, or the journal files SQLite creates beside it, cannot be written.
    #[error(
        "{path}: {doing}: the store cannot be written (is the file, its directory or the filesystem \
         read-only? SQLite also needs to create {path}-wal and {path}-shm beside it)"
    )]
    NotWritable {
        /// The database file.
        path: PathBuf,
        /// What the store was doing.
        doing: String,
        /// SQLite's error.
        #[source]
        source: rusqlite::Error,
    },
    /// Any other SQLite error, with what the store was doing.
    #[error("{path}: {doing}")]
    Sqlite {
        /// The database file.
        path: PathBuf,
        /// What the store was doing.
        doing: String,
        /// SQLite's error.
        #[source]
        source: rusqlite::Error,
    },
}

/// Counts of what a store holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
pub struct Summary {
    /// Stored documents.
    pub documents: u64,
    /// Distinct stories (groups of near-duplicate documents).
    pub stories: u64,
    /// Events after dedup across articles.
    pub events: u64,
    /// Article sentences reporting an event.
    pub mentions: u64,
}

/// An open store.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    merge: MergeOptions,
    ids: write::Ids,
    recent_bands: write::RecentBands,
}

pub(crate) use identity::day_number;

/// The date of a day number.
pub(crate) fn day_from_number(day: i64) -> Option<chrono::NaiveDate> {
    chrono::NaiveDate::from_ymd_opt(1970, 1, 1)?.checked_add_signed(chrono::Duration::try_days(day)?)
}

impl Store {
    /// Opens the store at `path`, creating it and its schema on first use and applying
    /// any migrations a newer build added.
    pub fn open(path: impl AsRef<Path>) -> Result<Store, StoreError> {
        let path = path.as_ref().to_path_buf();
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX
            | OpenFlags::SQLITE_OPEN_URI;
        let conn = Connection::open_with_flags(&path, flags)
            .map_err(|source| classify(&path, "opening the database", source))?;
        let mut store = Store {
            conn,
            path,
            merge: MergeOptions::default(),
            ids: write::Ids::default(),
            recent_bands: write::RecentBands::default(),
        };
        store.configure()?;
        store.migrate()?;
        Ok(store)
    }

    /// Opens an existing store; a missing file is an error rather than a new store, for
    /// commands that only read.
    pub fn open_existing(path: impl AsRef<Path>) -> Result<Store, StoreError> {
        let path = path.as_ref();
        if !path.exists() {
            return Err(StoreError::Missing { path: path.to_path_buf() });
        }
        Store::open(path)
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Sets how reports of one event are merged across articles.
    pub fn set_merge_options(&mut self, merge: MergeOptions) {
        self.merge = merge;
    }

    fn configure(&mut self) -> Result<(), StoreError> {
        // Ingest runs some twenty distinct statements per batch; rusqlite keeps 16
        // prepared by default, and a statement pushed out is compiled again.
        self.conn.set_prepared_statement_cache_capacity(64);
        // Another process (a second `dyad ingest`, a reader) may hold the write lock for
        // a batch; wait for it instead of failing.
        self.conn
            .busy_timeout(Duration::from_secs(60))
            .map_err(|source| classify(&self.path, "setting the busy timeout", source))?;
        // WAL: readers never block the writer, and a killed writer leaves a log that
        // the next open replays or discards, never a half-written page. NORMAL sync
        // in WAL mode can lose the last commits on power loss but never corrupts.
        let mode: String = self
            .conn
            .query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0))
            .map_err(|source| classify(&self.path, "switching to WAL mode", source))?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(StoreError::BadValue {
                path: self.path.clone(),
                message: format!("cannot use WAL mode (journal mode stays {mode:?})"),
            });
        }
        // A 256 MiB page cache keeps the index pages of a store of ten million events
        // in memory (SQLite's default is 2 MiB); checkpointing every 256 MiB of log
        // rather than every 4 MiB copies each hot page to the database file less often.
        self.conn
            .execute_batch(
                "PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;
                 PRAGMA cache_size = -262144; PRAGMA wal_autocheckpoint = 65536;",
            )
            .map_err(|source| classify(&self.path, "setting pragmas", source))?;
        Ok(())
    }

    fn migrate(&mut self) -> Result<(), StoreError> {
        let path = self.path.clone();
        let sql = |doing: &'static str| {
            let path = path.clone();
            move |source| classify(&path, doing, source)
        };
        let version: i64 = self
            .conn
            .query_row("PRAGMA user_version", [], |row| row.get(0))
            .map_err(sql("reading the schema version"))?;
        let application_id: i64 = self
            .conn
            .query_row("PRAGMA application_id", [], |row| row.get(0))
            .map_err(sql("reading the application id"))?;
        let tables: i64 = self
            .conn
            .query_row("SELECT count(*) FROM sqlite_master", [], |row| row.get(0))
            .map_err(sql("listing tables"))?;
        let ours = application_id == schema::APPLICATION_ID;
        if !ours && (application_id != 0 || tables > 0) {
            return Err(StoreError::ForeignDatabase { path: self.path.clone(), found: application_id });
        }
        let supported = schema::current_version();
        if version > supported {
            return Err(StoreError::NewerSchema { path: self.path.clone(), found: version, supported });
        }
        if version == supported {
            return Ok(());
        }
        // A migration may rebuild a table that others reference, which SQLite allows
        // only with foreign keys off; `foreign_key_check` below verifies the result
        // before each migration commits. The pragma is a no-op inside a transaction,
        // hence out here.
        self.conn.execute_batch("PRAGMA foreign_keys = OFF").map_err(sql("preparing a migration"))?;
        for (index, step) in schema::MIGRATIONS.iter().enumerate().skip(version as usize) {
            let target = index as i64 + 1;
            let tx = self.conn.transaction().map_err(sql("starting a migration"))?;
            tx.execute_batch(step).map_err(|source| {
                classify(&self.path, &format!("migrating the schema to version {target}"), source)
            })?;
            let dangling: i64 = tx
                .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |row| row.get(0))
                .map_err(sql("checking foreign keys after a migration"))?;
            if dangling > 0 {
                return Err(StoreError::BadValue {
                    path: self.path.clone(),
                    message: format!("migration to version {target} left {dangling} dangling reference(s)"),
                });
            }
            // Both pragmas are stored in the file header and roll back with the
            // transaction, so the version always matches the tables.
            tx.execute_batch(&format!(
                "PRAGMA application_id = {}; PRAGMA user_version = {target};",
                schema::APPLICATION_ID
            ))
            .map_err(sql("recording the schema version"))?;
            tx.commit().map_err(sql("committing a migration"))?;
        }
        self.conn.execute_batch("PRAGMA foreign_keys = ON").map_err(sql("finishing a migration"))?;
        Ok(())
    }

    /// Copies the write-ahead log into the database file and empties it, so the file
    /// alone holds everything (for measuring it, or copying it elsewhere).
    pub fn checkpoint(&self) -> Result<(), StoreError> {
        self.conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
            .map_err(|source| classify(&self.path, "checkpointing the write-ahead log", source))
    }

    /// The schema version of the open file.
    pub fn schema_version(&self) -> Result<i64, StoreError> {
        self.conn
            .query_row("PRAGMA user_version", [], |row| row.get(0))
            .map_err(|source| classify(&self.path, "reading the schema version", source))
    }

    /// How many documents, stories, events and mentions the store holds.
    pub fn summary(&self) -> Result<Summary, StoreError> {
        self.conn
            .query_row(
                "SELECT (SELECT count(*) FROM documents),
                        (SELECT count(DISTINCT story_id) FROM documents),
                        (SELECT count(*) FROM events),
                        (SELECT count(*) FROM mentions)",
                [],
                |row| {
                    Ok(Summary {
                        documents: row.get::<_, i64>(0)? as u64,
                        stories: row.get::<_, i64>(1)? as u64,
                        events: row.get::<_, i64>(2)? as u64,
                        mentions: row.get::<_, i64>(3)? as u64,
                    })
                },
            )
            .map_err(|source| classify(&self.path, "counting rows", source))
    }

    /// `PRAGMA integrity_check` (SQLite's own pages and indexes) and FTS5's check of
    /// the text index, followed by the store's own invariants: rollups equal a recount of the events, each event's counts equal
    /// a recount of its mentions, each event's representative mention exists. Returns
    /// the problems found; empty means consistent.
    pub fn check(&self) -> Result<Vec<String>, StoreError> {
        let sql = |doing: &'static str| move |source| classify(&self.path, doing, source);
        let mut problems = Vec::new();
        let mut integrity = self.conn.prepare("PRAGMA integrity_check").map_err(sql("checking integrity"))?;
        let rows = integrity
            .query_map([], |row| row.get::<_, String>(0))
            .map_err(sql("checking integrity"))?
            .collect::<Result<Vec<_>, _>>()
            .map_err(sql("checking integrity"))?;
        problems.extend(rows.into_iter().filter(|row| row != "ok").map(|row| format!("integrity: {row}")));
        // FTS5's own check, against the documents table (rank 1): a document missing
        // from the index, or an index entry for text no longer stored.
        if let Err(err) = self
            .conn
            .execute("INSERT INTO documents_fts (documents_fts, rank) VALUES ('integrity-check', 1)", [])
        {
            problems.push(format!("full-text index: {err}"));
        }
        let queries: [(&str, &str); 5] = [
            (
                "rollup differs from a recount of the events",
                "WITH recount AS (
                    SELECT source_id, target_id, day, count(*) AS events,
                           sum(quad = 1) AS q1, sum(quad = 2) AS q2, sum(quad = 3) AS q3, sum(quad = 4) AS q4,
                           sum(CAST(round(goldstein * 10) AS INTEGER)) AS g
                    FROM events GROUP BY 1, 2, 3)
                 SELECT printf('%d-%d %d', r.source_id, r.target_id, r.day) FROM recount r
                 LEFT JOIN dyad_daily d USING (source_id, target_id, day)
                 WHERE d.events IS NOT r.events OR d.quad1 IS NOT r.q1 OR d.quad2 IS NOT r.q2
                    OR d.quad3 IS NOT r.q3 OR d.quad4 IS NOT r.q4 OR d.goldstein_tenths IS NOT r.g
                 UNION ALL
                 SELECT printf('%d-%d %d', d.source_id, d.target_id, d.day) FROM dyad_daily d
                 WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.source_id = d.source_id
                       AND e.target_id = d.target_id AND e.day = d.day)",
            ),
            (
                "event's integer keys differ from its codes and date",
                "SELECT CAST(e.id AS TEXT) FROM events e
                 LEFT JOIN actors s ON s.id = e.source_id LEFT JOIN actors t ON t.id = e.target_id
                 WHERE s.code IS NOT e.source_code OR t.code IS NOT e.target_code
                    OR e.day != CAST(julianday(e.date) - 2440587.5 AS INTEGER)",
            ),
            (
                "event counts differ from a recount of its mentions",
                "SELECT CAST(e.id AS TEXT) FROM events e JOIN (
                    SELECT m.event, count(*) AS n, count(DISTINCT m.doc_key) AS a, count(DISTINCT d.outlet) AS s
                    FROM mentions m JOIN documents d USING (doc_key) GROUP BY m.event) c ON c.event = e.id
                 WHERE e.num_mentions != c.n OR e.num_articles != c.a OR e.num_sources != c.s",
            ),
            (
                "event has no representative mention, or differs from it",
                "SELECT CAST(e.id AS TEXT) FROM events e
                 LEFT JOIN mentions m ON m.id = (SELECT min(id) FROM mentions WHERE event = e.id AND is_primary)
                 WHERE m.id IS NULL OR m.cameo != e.cameo OR m.goldstein != e.goldstein
                    OR m.confidence != e.confidence",
            ),
            (
                "document's event count differs from its primary mentions",
                "SELECT d.id FROM documents d WHERE d.event_count !=
                    (SELECT count(*) FROM mentions m WHERE m.doc_key = d.doc_key AND m.is_primary)",
            ),
        ];
        for (problem, query) in queries {
            let mut statement = self.conn.prepare(query).map_err(sql("checking the store"))?;
            let rows = statement
                .query_map([], |row| row.get::<_, String>(0))
                .map_err(sql("checking the store"))?
                .collect::<Result<Vec<_>, _>>()
                .map_err(sql("checking the store"))?;
            problems.extend(rows.into_iter().map(|row| format!("{problem}: {row}")));
        }
        Ok(problems)
    }
}

/// Turns a SQLite error into a [`StoreError`], recognising a file that is not a
/// database (or is damaged) so the user is told that rather than an error code.
fn classify(path: &Path, doing: &str, source: rusqlite::Error) -> StoreError {
    if let rusqlite::Error::SqliteFailure(failure, _) = &source {
        if matches!(failure.code, ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt) {
            return StoreError::NotADatabase { path: path.to_path_buf() };
        }
        // SQLite says only "unable to open database file" when the file is there but
        // it cannot open it, or its -wal and -shm files, for writing.
        let unwritable =
            failure.code == ErrorCode::ReadOnly || (failure.code == ErrorCode::CannotOpen && path.exists());
        if unwritable {
            return StoreError::NotWritable { path: path.to_path_buf(), doing: doing.to_string(), source };
        }
    }
    StoreError::Sqlite { path: path.to_path_buf(), doing: doing.to_string(), source }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_store_that_cannot_be_written_says_so() {
        // Found by the read-only fault test (crates/cli/tests/faults.rs): on a
        // read-only filesystem the error was SQLite's bare "unable to open database file".
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("news.db");
        std::fs::write(&path, b"").unwrap();
        for code in [rusqlite::ffi::SQLITE_READONLY, rusqlite::ffi::SQLITE_CANTOPEN] {
            let source = rusqlite::Error::SqliteFailure(rusqlite::ffi::Error::new(code), None);
            let err = classify(&path, "switching to WAL mode", source);
            assert!(matches!(err, StoreError::NotWritable { .. }), "{err:?}");
            let message = err.to_string();
            assert!(message.contains("news.db") && message.contains("read-only"), "{message}");
        }
        let missing = dir.path().join("missing").join("news.db");
        let source =
            rusqlite::Error::SqliteFailure(rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_CANTOPEN), None);
        assert!(matches!(classify(&missing, "opening", source), StoreError::Sqlite { .. }));
    }

    #[test]
    fn a_version_one_store_is_migrated_and_keeps_its_rows() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v1.db");
        {
            let conn = Connection::open(&path).unwrap();
            conn.execute_batch(schema::MIGRATIONS[0]).unwrap();
            conn.execute_batch(&format!(
                "PRAGMA application_id = {}; PRAGMA user_version = 1;",
                schema::APPLICATION_ID
            ))
            .unwrap();
            // One event as version 1 stored it, through its own triggers and columns.
            conn.execute_batch(
                r#"INSERT INTO actors (code, name) VALUES ('IRQ', 'Iraq');
                INSERT INTO documents (doc_key, id, content_hash, simhash, story_id, event_count, outlet, text)
                    VALUES (1, 'd1', 'h', 0, 1, 1, 'doc:d1', 'Iraq fired rockets at Iran.');
                INSERT INTO events (id, event_id, date, date_precision, source_code, target_code, cameo, root,
                    quad, goldstein, plover, modality, confidence, num_mentions, num_sources, num_articles)
                    VALUES (1, 'ev-1', '2021-07-12', 'day', 'IRQ', 'IRN', '190', '19', 4, -10.0,
                    '{"event":"","mode":[],"context":[]}', 'asserted', 0.5, 1, 1, 1);
                INSERT INTO mentions (id, event, doc_key, sentence, is_primary, report_id, cameo, goldstein,
                    confidence, text, provenance)
                    VALUES (1, 1, 1, 0, 1, 'ev-1', '190', -10.0, 0.5, 'Iraq fired rockets at Iran.',
                    '{"spans":[],"rule":"r","entries":[]}');
                INSERT INTO dyad_daily VALUES ('IRQ', 'IRN', '2021-07-12', 1, 0, 0, 0, 1, -100);"#,
            )
            .unwrap();
        }
        let store = Store::open(&path).unwrap();
        assert_eq!(store.schema_version().unwrap(), schema::current_version());
        let (triggers, actors): (i64, i64) = store
            .conn
            .query_row(
                "SELECT (SELECT count(*) FROM sqlite_master WHERE type = 'trigger'), (SELECT count(*) FROM actors)",
                [],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .unwrap();
        // Version 3 numbers the actors: the missing actor is 0, and a code only events
        // and rollups named (IRN) is added.
        assert_eq!((triggers, actors), (0, 3));
        assert!(store.check().unwrap().is_empty(), "{:?}", store.check());
        let events = store.query(&EventQuery::default()).unwrap();
        assert_eq!((events.len(), events[0].event.event_id.as_str(), events[0].id), (1, "ev-1", 1));
        assert_eq!(events[0].event.text, "Iraq fired rockets at Iran.");
        let series = store
            .stats(&StatsQuery {
                source: "IRQ".into(),
                target: "IRN".into(),
                by: DatePeriod::Day,
                from: None,
                to: None,
            })
            .unwrap();
        assert_eq!(
            (series.len(), series[0].period.as_str(), series[0].goldstein_sum),
            (1, "2021-07-12", -10.0)
        );
    }

    #[test]
    fn check_finds_text_the_index_no_longer_matches() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path().join("dyad.db")).unwrap();
        let document = dyad_model::Document::new("d1", "Rockets hit Basra.");
        store.write_batch(&[CodedDocument { document, events: vec![] }]).unwrap();
        assert!(store.check().unwrap().is_empty());
        // Behind the store's back: the text changes, the index does not.
        store.conn.execute("UPDATE documents SET text = 'Talks in Geneva.'", []).unwrap();
        let problems = store.check().unwrap();
        assert!(problems.iter().any(|p| p.starts_with("full-text index")), "{problems:?}");
    }

    #[test]
    fn check_reports_counts_out_of_step() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path().join("dyad.db")).unwrap();
        let cameo = dyad_model::EventCode::parse("190").unwrap();
        let actor = |code: &str| {
            Some(dyad_model::Actor { code: code.into(), name: code.into(), entity: None, span: None })
        };
        let event = dyad_model::Event {
            event_id: "ev-1".into(),
            doc_id: "d1".into(),
            sentence: 0,
            date: dyad_model::EventDate::parse_iso("2021-07-12").unwrap(),
            source: actor("IRQ"),
            target: actor("IRN"),
            root: cameo.root(),
            quad: cameo.quad(),
            goldstein: -10.0,
            cameo,
            plover: Default::default(),
            modality: Default::default(),
            location: None,
            quantities: vec![],
            text: "Iraq fired rockets at Iran.".into(),
            provenance: Default::default(),
            confidence: 0.5,
            mentions: vec![0],
        };
        let document = dyad_model::Document::new("d1", "Iraq fired rockets at Iran.");
        store.write_batch(&[CodedDocument { document, events: vec![event] }]).unwrap();
        assert!(store.check().unwrap().is_empty());
        store.conn.execute_batch("UPDATE events SET num_mentions = 5, goldstein = 1.0").unwrap();
        let problems = store.check().unwrap();
        assert!(problems.iter().any(|p| p.starts_with("event counts differ")), "{problems:?}");
        assert!(problems.iter().any(|p| p.starts_with("rollup differs")), "{problems:?}");
        assert!(problems.iter().any(|p| p.starts_with("event has no representative")), "{problems:?}");
    }
}
