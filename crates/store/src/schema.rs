//! The schema, as ordered migrations. `PRAGMA user_version` holds the number of
//! migrations applied; each runs in the transaction that also bumps that number, so a
//! crash mid-migration leaves the previous version intact.

/// Marks a SQLite file as a Dyad store (`PRAGMA application_id`, "DYAD" in ASCII), so
/// another program's database is refused rather than altered.
pub const APPLICATION_ID: i64 = 0x4459_4144;

/// Migration `i` takes the schema from version `i` to `i + 1`. Append only: a
/// migration that has shipped is never edited.
pub const MIGRATIONS: &[&str] = &[V1, V2, V3];

/// The schema version this build writes.
pub fn current_version() -> i64 {
    MIGRATIONS.len() as i64
}

const V1: &str = r#"
-- One row per article. `id` is the input's id or a content hash; `url` is unique so
-- that a new version of a page replaces the old one.
CREATE TABLE documents (
    doc_key      INTEGER PRIMARY KEY,
    id           TEXT NOT NULL UNIQUE,
    url          TEXT UNIQUE,
    content_hash TEXT NOT NULL,
    simhash      INTEGER NOT NULL,
    story_id     INTEGER NOT NULL,
    event_count  INTEGER NOT NULL,
    outlet       TEXT NOT NULL,
    date         TEXT,
    language     TEXT,
    source       TEXT,
    title        TEXT,
    -- Last, so that reading the columns above never walks the text's overflow pages.
    text         TEXT NOT NULL
);
CREATE INDEX documents_story ON documents(story_id);

-- SimHash bands (see simhash.rs) by publication day: near-duplicates are looked for
-- among documents sharing a band and published within a few days. Day first, so that
-- new rows go near the end of the index; the fingerprint and story are copied here so
-- that the lookup never reads the documents table.
CREATE TABLE document_bands (
    day      TEXT NOT NULL,
    band     INTEGER NOT NULL,
    doc_key  INTEGER NOT NULL REFERENCES documents(doc_key) ON DELETE CASCADE,
    simhash  INTEGER NOT NULL,
    story_id INTEGER NOT NULL,
    PRIMARY KEY (day, band, doc_key)
) WITHOUT ROWID;
CREATE INDEX document_bands_doc ON document_bands(doc_key);

-- Versions of documents that a newer version (same id or URL) replaced. They count
-- as known: rerunning an input after a crash must not re-apply an old version over
-- the new one, which would renumber and re-merge the events written after it.
CREATE TABLE replaced_versions (
    content_hash TEXT NOT NULL,
    id           TEXT NOT NULL,
    url          TEXT
);
CREATE INDEX replaced_versions_hash ON replaced_versions(content_hash);

-- Full-text search over headline and body; the triggers keep it in step. Queries only
-- ask for documents containing all of some words, so the index keeps no positions
-- (detail=none) and no lengths (columnsize=0): a third of the size and write time.
CREATE VIRTUAL TABLE documents_fts USING fts5(
    title, text, content='documents', content_rowid='doc_key', detail='none', columnsize=0
);
CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN
    INSERT INTO documents_fts(rowid, title, text) VALUES (new.doc_key, new.title, new.text);
END;
CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN
    INSERT INTO documents_fts(documents_fts, rowid, title, text)
        VALUES ('delete', old.doc_key, old.title, old.text);
END;

-- Actor codes seen on events, so that a code prefix (USA for USAGOV, USAMIL) becomes a
-- short list of exact codes and dyad lookups seek instead of scanning.
CREATE TABLE actors (
    code TEXT PRIMARY KEY,
    name TEXT
) WITHOUT ROWID;

-- Resolved places, shared by the events that happened there.
CREATE TABLE places (
    place_id  INTEGER PRIMARY KEY,
    place_key TEXT NOT NULL UNIQUE,
    name      TEXT NOT NULL,
    country   TEXT,
    lat       REAL,
    lon       REAL,
    geonameid INTEGER,
    precision TEXT NOT NULL
);

-- One row per real-world event, however many articles report it. The fields that
-- make two reports one event (dyad, CAMEO root, modality, date, place) are shared by
-- all its mentions; code, Goldstein, confidence and provenance are those of the
-- representative mention: the earliest primary mention still stored (lowest id).
-- A missing actor is '' so that the dyad index and equality work without NULLs.
CREATE TABLE events (
    id             INTEGER PRIMARY KEY,
    event_id       TEXT NOT NULL UNIQUE,
    date           TEXT NOT NULL,
    date_precision TEXT NOT NULL,
    source_code    TEXT NOT NULL,
    source_name    TEXT,
    source_entity  TEXT,
    target_code    TEXT NOT NULL,
    target_name    TEXT,
    target_entity  TEXT,
    cameo          TEXT NOT NULL,
    root           TEXT NOT NULL,
    quad           INTEGER NOT NULL,
    goldstein      REAL NOT NULL,
    plover         TEXT NOT NULL,
    modality       TEXT NOT NULL,
    place_id       INTEGER REFERENCES places(place_id),
    quantities     TEXT,
    confidence     REAL NOT NULL,
    num_mentions   INTEGER NOT NULL,
    num_sources    INTEGER NOT NULL,
    num_articles   INTEGER NOT NULL
);
CREATE INDEX events_dyad ON events(source_code, target_code, root, date);
CREATE INDEX events_target ON events(target_code, date);
CREATE INDEX events_date ON events(date);

-- GDELT-style mentions: one row per article sentence that reports an event. The
-- first sentence of each coded report is `is_primary` and carries the report's code,
-- spans, sentence text and provenance; further sentences of the same report carry
-- only their index.
CREATE TABLE mentions (
    id             INTEGER PRIMARY KEY,
    event          INTEGER NOT NULL REFERENCES events(id),
    doc_key        INTEGER NOT NULL REFERENCES documents(doc_key),
    sentence       INTEGER NOT NULL,
    is_primary     INTEGER NOT NULL,
    report_id      TEXT NOT NULL,
    cameo          TEXT NOT NULL,
    goldstein      REAL NOT NULL,
    confidence     REAL NOT NULL,
    trigger        TEXT,
    trigger_start  INTEGER,
    trigger_end    INTEGER,
    source_start   INTEGER,
    source_end     INTEGER,
    target_start   INTEGER,
    target_end     INTEGER,
    text           TEXT,
    provenance     TEXT
);
CREATE INDEX mentions_event ON mentions(event);
CREATE INDEX mentions_doc ON mentions(doc_key);

-- Daily counts per directed dyad, kept current in the transaction that changes the
-- events, so time series never scan the events table. Goldstein is summed in tenths
-- (every CAMEO value has one decimal) so that adding and removing is exact.
CREATE TABLE dyad_daily (
    source_code      TEXT NOT NULL,
    target_code      TEXT NOT NULL,
    day              TEXT NOT NULL,
    events           INTEGER NOT NULL,
    quad1            INTEGER NOT NULL,
    quad2            INTEGER NOT NULL,
    quad3            INTEGER NOT NULL,
    quad4            INTEGER NOT NULL,
    goldstein_tenths INTEGER NOT NULL,
    PRIMARY KEY (source_code, target_code, day)
) WITHOUT ROWID;
"#;

/// The full-text index is kept by the writer, one statement per batch, instead of by
/// triggers, one statement per document (see `Writer::index_text`). An event is named
/// by its representative mention's `report_id`, so `events.event_id` and its unique
/// index go: a random key, it dirtied one index page per event at every commit.
/// SQLite cannot drop a UNIQUE column, so the table is rebuilt (foreign keys are off
/// while migrations run, and checked before they commit).
const V2: &str = r#"
DROP TRIGGER documents_fts_insert;
DROP TRIGGER documents_fts_delete;

CREATE TABLE events_v2 (
    id             INTEGER PRIMARY KEY,
    date           TEXT NOT NULL,
    date_precision TEXT NOT NULL,
    source_code    TEXT NOT NULL,
    source_name    TEXT,
    source_entity  TEXT,
    target_code    TEXT NOT NULL,
    target_name    TEXT,
    target_entity  TEXT,
    cameo          TEXT NOT NULL,
    root           TEXT NOT NULL,
    quad           INTEGER NOT NULL,
    goldstein      REAL NOT NULL,
    plover         TEXT NOT NULL,
    modality       TEXT NOT NULL,
    place_id       INTEGER REFERENCES places(place_id),
    quantities     TEXT,
    confidence     REAL NOT NULL,
    num_mentions   INTEGER NOT NULL,
    num_sources    INTEGER NOT NULL,
    num_articles   INTEGER NOT NULL
);
INSERT INTO events_v2
    SELECT id, date, date_precision, source_code, source_name, source_entity, target_code, target_name,
           target_entity, cameo, root, quad, goldstein, plover, modality, place_id, quantities, confidence,
           num_mentions, num_sources, num_articles
    FROM events;
DROP TABLE events;
ALTER TABLE events_v2 RENAME TO events;
CREATE INDEX events_dyad ON events(source_code, target_code, root, date);
CREATE INDEX events_target ON events(target_code, date);
CREATE INDEX events_date ON events(date);
"#;

/// Integer keys for what ingest looks up and indexes per event. An actor code becomes
/// an id (`actors.id`; the missing actor `''` is 0) and a date a day number (days since
/// 1970-01-01), so the dyad, target and date indexes and the rollups' key hold a few
/// bytes instead of three strings: a third of the pages, and so a third of the pages a
/// commit writes, since random inserts dirty most leaves of an index. The text columns
/// stay in `events` for reading.
///
/// The three event indexes become one, day first: news arrives roughly in date order,
/// so new entries land in the last few days' pages instead of all over the index, and
/// a commit writes a few pages of it rather than one per event. Finding the same event
/// seeks each day of the window; the events of a dyad or an actor are found through
/// the dyad's days in `dyad_daily` (`read.rs`).
///
/// A mention no longer copies its sentence when the sentence is a slice of the article
/// (`text_start`, `text_end`: byte offsets).
const V3: &str = r#"
CREATE TABLE actors_v3 (
    id   INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name TEXT
);
INSERT INTO actors_v3 (id, code, name) VALUES (0, '', NULL);
INSERT INTO actors_v3 (code, name) SELECT code, name FROM actors WHERE code != '' ORDER BY code;
INSERT OR IGNORE INTO actors_v3 (code)
    SELECT source_code FROM events UNION SELECT target_code FROM events
    UNION SELECT source_code FROM dyad_daily UNION SELECT target_code FROM dyad_daily;
DROP TABLE actors;
ALTER TABLE actors_v3 RENAME TO actors;

DROP INDEX events_dyad;
DROP INDEX events_target;
DROP INDEX events_date;
ALTER TABLE events ADD COLUMN source_id INTEGER NOT NULL DEFAULT 0;
ALTER TABLE events ADD COLUMN target_id INTEGER NOT NULL DEFAULT 0;
ALTER TABLE events ADD COLUMN day INTEGER NOT NULL DEFAULT 0;
UPDATE events SET
    source_id = (SELECT id FROM actors WHERE code = events.source_code),
    target_id = (SELECT id FROM actors WHERE code = events.target_code),
    day = CAST(julianday(date) - 2440587.5 AS INTEGER);
CREATE INDEX events_day_dyad ON events(day, source_id, target_id, root);

CREATE TABLE dyad_daily_v3 (
    source_id        INTEGER NOT NULL,
    target_id        INTEGER NOT NULL,
    day              INTEGER NOT NULL,
    events           INTEGER NOT NULL,
    quad1            INTEGER NOT NULL,
    quad2            INTEGER NOT NULL,
    quad3            INTEGER NOT NULL,
    quad4            INTEGER NOT NULL,
    goldstein_tenths INTEGER NOT NULL,
    PRIMARY KEY (source_id, target_id, day)
) WITHOUT ROWID;
INSERT INTO dyad_daily_v3
    SELECT s.id, t.id, CAST(julianday(d.day) - 2440587.5 AS INTEGER), d.events, d.quad1, d.quad2, d.quad3,
           d.quad4, d.goldstein_tenths
    FROM dyad_daily d JOIN actors s ON s.code = d.source_code JOIN actors t ON t.code = d.target_code;
DROP TABLE dyad_daily;
ALTER TABLE dyad_daily_v3 RENAME TO dyad_daily;

ALTER TABLE mentions ADD COLUMN text_start INTEGER;
ALTER TABLE mentions ADD COLUMN text_end INTEGER;

-- Merge the text index's segments 16 at a time rather than 4: a quarter of the merge
-- work at ingest, for a few more segments to read per word searched. Hold 64 MiB of
-- terms before writing a segment rather than 1 MiB: a batch of articles becomes one
-- segment instead of dozens to merge.
INSERT INTO documents_fts (documents_fts, rank) VALUES ('automerge', 16);
INSERT INTO documents_fts (documents_fts, rank) VALUES ('hashsize', 67108864);
"#;
