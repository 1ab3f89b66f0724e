//! `dyad export`: every format, checked column by column against the store it came
//! from (a small store ingested from the fixture articles, with a syndicated copy so
//! that counts across articles are above one), and read back by the readers analysts
//! use: the parquet crate here, and pandas, pyarrow and DuckDB in
//! `tests/python/check_exports.py` when python3 has them.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use serde_json::Value;

fn dyad(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dyad")).args(args).output().expect("the dyad binary runs")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn repo_file(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").join(relative)
}

/// The store every test exports from, built once: the seed article on a wire site, a
/// syndicated copy of it on a paper's site (same events, so each has two articles and
/// two sources), and the two good records of `mixed.jsonl` (no URL).
struct Fixture {
    dir: PathBuf,
    db: String,
    /// `dyad query --format jsonl`: every stored event with its counts, by id.
    events: BTreeMap<u64, Value>,
    mentions: u64,
}

fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("export-fixture");
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let seed = std::fs::read_to_string(repo_file("examples/seed-article.jsonl")).unwrap();
        let mut original: Value = serde_json::from_str(seed.lines().next().unwrap()).unwrap();
        original["url"] = "https://www.wire.example/iraq".into();
        let mut copy = original.clone();
        copy["id"] = "copy-0001".into();
        copy["url"] = "https://paper.example/iraq-us".into();
        copy["text"] = format!("{} (Reporting by the wire desk)", copy["text"].as_str().unwrap()).into();
        let input = dir.join("articles.jsonl");
        std::fs::write(&input, format!("{original}\n{copy}\n")).unwrap();
        let db = dir.join("news.db").display().to_string();
        let mixed = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mixed.jsonl");
        let ingest =
            dyad(&["ingest", "--db", &db, "--json", input.to_str().unwrap(), mixed.to_str().unwrap()]);
        assert!(ingest.status.success(), "{}", stderr(&ingest));
        let report: Value =
            serde_json::from_str(String::from_utf8_lossy(&ingest.stdout).lines().last().unwrap()).unwrap();
        let query = dyad(&["query", "--db", &db, "--format", "jsonl"]);
        assert!(query.status.success(), "{}", stderr(&query));
        let events: BTreeMap<u64, Value> = String::from_utf8_lossy(&query.stdout)
            .lines()
            .map(|line| {
                let event: Value = serde_json::from_str(line).unwrap();
                (event["id"].as_u64().unwrap(), event)
            })
            .collect();
        assert!(events.len() >= 10, "{report}");
        assert!(events.values().any(|e| e["num_articles"] == 2), "the copy adds articles: {report}");
        Fixture { dir, db, events, mentions: report["db_mentions"].as_u64().unwrap() }
    })
}

/// Runs `dyad export` into the fixture's directory and returns the file.
fn export(format: &str, extra: &[&str]) -> PathBuf {
    let fx = fixture();
    let name = format!("{format}{}", extra.join("").replace([',', '-'], ""));
    let out = fx.dir.join(name);
    let mut args = vec!["export", "--db", &fx.db, "--format", format, "--out", out.to_str().unwrap()];
    args.extend_from_slice(extra);
    let output = dyad(&args);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stderr(&output).contains("dyad: wrote"), "{}", stderr(&output));
    out
}

fn rows(path: &Path) -> Vec<Vec<String>> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|line| line.split('\t').map(str::to_string).collect())
        .collect()
}

/// `2021-07-13`, `2021-07` or `2021` as GDELT's `SQLDATE` (the first day of a month or year).
fn sqldate(date: &str) -> String {
    let digits = date.replace('-', "");
    format!("{digits}{}", &"0101"[digits.len() - 4..])
}

/// The countries the fixture's places are in, as FIPS 10-4 (facts, not the table under test).
fn fips(iso3: &str) -> &'static str {
    match iso3 {
        "IRQ" => "IZ",
        "USA" => "US",
        "IRN" => "IR",
        "TUR" => "TU",
        "SYR" => "SY",
        other => panic!("add {other} to the test's FIPS list"),
    }
}

fn text<'a>(value: &'a Value, path: &[&str]) -> &'a str {
    path.iter().fold(value, |v, key| &v[*key]).as_str().unwrap_or("")
}

#[test]
fn gdelt_events_have_gdelts_sixty_one_columns_with_the_stores_values() {
    let fx = fixture();
    let rows = rows(&export("gdelt-events", &[]));
    assert_eq!(rows.len(), fx.events.len());
    let mut located = 0;
    for row in &rows {
        assert_eq!(row.len(), 61, "{row:?}");
        let id: u64 = row[0].parse().unwrap();
        let event = &fx.events[&id];
        let date = text(event, &["date"]);
        assert_eq!(row[1], sqldate(date), "SQLDATE {row:?}");
        assert_eq!(row[2], row[1][..6], "MonthYear");
        assert_eq!(row[3], row[1][..4], "Year");
        let fraction: f64 = row[4].parse().unwrap();
        assert_eq!(fraction.trunc().to_string(), row[3], "FractionDate {}", row[4]);
        assert_eq!(row[4].split('.').nth(1).map(str::len), Some(4), "FractionDate {}", row[4]);
        assert_eq!(row[5], text(event, &["source", "code"]), "Actor1Code");
        assert_eq!(row[6], text(event, &["source", "name"]).to_uppercase(), "Actor1Name");
        assert_eq!(row[15], text(event, &["target", "code"]), "Actor2Code");
        let cameo = text(event, &["cameo"]);
        assert_eq!(row[26], if cameo.len() == 2 { format!("{cameo}0") } else { cameo.to_string() });
        assert!(row[26].len() >= 3 && row[26].chars().all(|c| c.is_ascii_digit()), "EventCode {}", row[26]);
        assert_eq!(row[27], row[26][..3], "EventBaseCode");
        assert_eq!(row[28], cameo[..2], "EventRootCode keeps its leading zero");
        assert_eq!(row[29], event["quad"].to_string(), "QuadClass");
        assert_eq!(row[30], format!("{:.1}", event["goldstein"].as_f64().unwrap()), "GoldsteinScale");
        for (column, field) in [(31, "num_mentions"), (32, "num_sources"), (33, "num_articles")] {
            assert_eq!(row[column], event[field].to_string(), "{field} of {id}");
        }
        assert_eq!(row[34], "0", "AvgTone");
        assert_eq!((row[35].as_str(), row[43].as_str()), ("0", "0"), "no actor geo");
        match event.get("location").filter(|l| !l.is_null()) {
            Some(location) => {
                located += 1;
                assert!(["1", "2", "3", "4", "5"].contains(&row[51].as_str()), "ActionGeo_Type {}", row[51]);
                assert_eq!(row[52], text(location, &["name"]));
                assert_eq!(row[53], fips(text(location, &["country"])), "ActionGeo_CountryCode is FIPS");
                let lat: f64 = row[56].parse().unwrap();
                assert!((lat - location["lat"].as_f64().unwrap()).abs() < 1e-4);
                let lon: f64 = row[57].parse().unwrap();
                assert!((lon - location["lon"].as_f64().unwrap()).abs() < 1e-4);
            }
            None => assert_eq!(row[51], "0"),
        }
        assert_eq!(row[59].len(), 14, "DATEADDED {}", row[59]);
        assert_eq!(row[59], format!("{}000000", text(event, &["published"]).replace('-', "")));
        assert_eq!(row[60], text(event, &["url"]), "SOURCEURL");
    }
    assert!(located > 0, "the fixture has events with places");
}

#[test]
fn gdelt_mentions_have_sixteen_columns_and_count_as_the_events_do() {
    let fx = fixture();
    let rows = rows(&export("gdelt-mentions", &[]));
    assert_eq!(rows.len() as u64, fx.mentions);
    let mut per_event: BTreeMap<u64, u64> = BTreeMap::new();
    let mut articles: BTreeMap<u64, BTreeSet<String>> = BTreeMap::new();
    for row in &rows {
        assert_eq!(row.len(), 16, "{row:?}");
        let id: u64 = row[0].parse().unwrap();
        let event = fx.events.get(&id).unwrap_or_else(|| panic!("mention of an unknown event {id}"));
        *per_event.entry(id).or_default() += 1;
        articles.entry(id).or_default().insert(row[5].clone());
        assert_eq!(
            row[1],
            format!("{}000000", text(event, &["published"]).replace('-', "")),
            "EventTimeDate"
        );
        assert_eq!(row[2].len(), 14, "MentionTimeDate {}", row[2]);
        let url = row[5].starts_with("https://");
        assert_eq!(row[3], if url { "1" } else { "2" }, "MentionType");
        if url {
            assert!(
                ["wire.example", "paper.example"].contains(&row[4].as_str()),
                "MentionSourceName {}",
                row[4]
            );
        }
        assert!(row[6].parse::<u64>().unwrap() >= 1, "SentenceID is 1-based");
        let doc_len: i64 = row[12].parse().unwrap();
        for field in &row[7..=9] {
            let offset: i64 = field.parse().unwrap();
            assert!(offset == -1 || (0..doc_len).contains(&offset), "offset {offset} in {doc_len}");
        }
        assert_eq!(row[10], "1", "InRawText");
        assert!((0..=100).contains(&row[11].parse::<i64>().unwrap()), "Confidence {}", row[11]);
        assert_eq!(row[13], "0", "MentionDocTone");
        assert_eq!((row[14].as_str(), row[15].as_str()), ("", ""));
    }
    for (id, event) in &fx.events {
        assert_eq!(per_event.get(id).copied(), event["num_mentions"].as_u64(), "NumMentions of {id}");
        assert_eq!(articles[id].len() as u64, event["num_articles"].as_u64().unwrap(), "NumArticles of {id}");
    }
    // The primary sentence of a report knows where its trigger is.
    assert!(rows.iter().any(|r| r[9] != "-1"));
}

#[test]
fn plover_records_round_trip_the_stored_events() {
    let fx = fixture();
    let path = export("plover", &[]);
    let records: Vec<Value> =
        std::fs::read_to_string(path).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(records.len(), fx.events.len());
    for record in &records {
        let event = &fx.events[&record["global_event_id"].as_u64().unwrap()];
        for (plover, stored) in [
            ("id", "event_id"),
            ("date", "date"),
            ("date_precision", "date_precision"),
            ("event_text", "text"),
            ("cameo", "cameo"),
            ("modality", "modality"),
            ("doc_id", "doc_id"),
            ("num_mentions", "num_mentions"),
            ("num_sources", "num_sources"),
            ("num_articles", "num_articles"),
            ("story_id", "story_id"),
        ] {
            assert_eq!(record[plover], event[stored], "{plover} of {record}");
        }
        assert_eq!(record["event"], event["plover"]["event"]);
        assert_eq!(record["mode"], event["plover"]["mode"]);
        assert_eq!(record["context"], event["plover"]["context"]);
        let actors = |list: &Value| -> Vec<String> {
            list.as_array().unwrap().iter().map(|a| a["code"].as_str().unwrap().to_string()).collect()
        };
        let code = |actor: &Value| actor.get("code").and_then(Value::as_str).map(str::to_string);
        assert_eq!(actors(&record["actor"]), code(&event["source"]).into_iter().collect::<Vec<_>>());
        assert_eq!(actors(&record["recipient"]), code(&event["target"]).into_iter().collect::<Vec<_>>());
        assert_eq!(record["cite_info"]["url"], event["url"]);
        assert_eq!(record["text_info"]["sentence"], event["sentence"]);
        match event.get("location").filter(|l| !l.is_null()) {
            Some(location) => assert_eq!(record["event_loc"]["name"], location["name"]),
            None => assert!(record["event_loc"].is_null()),
        }
    }
}

#[test]
fn phoenix_rows_have_twenty_six_columns_and_every_source() {
    let fx = fixture();
    let rows = rows(&export("phoenix", &[]));
    assert_eq!(rows.len(), fx.events.len());
    for row in &rows {
        assert_eq!(row.len(), 26, "{row:?}");
        let event = &fx.events[&row[0].parse::<u64>().unwrap()];
        let date = sqldate(text(event, &["date"]));
        assert_eq!(row[1], date);
        assert_eq!(row[2], date[..4]);
        assert_eq!(row[3].parse::<u32>().unwrap(), date[4..6].parse::<u32>().unwrap());
        assert_eq!(row[4].parse::<u32>().unwrap(), date[6..].parse::<u32>().unwrap());
        let source = text(event, &["source", "code"]);
        assert_eq!(row[5], source);
        assert_eq!(row[6], source.get(..3).unwrap_or(source), "SourceActorEntity");
        assert_eq!(row[9], text(event, &["target", "code"]));
        assert_eq!(row[14], text(event, &["root"]));
        let quad = event["quad"].as_u64().unwrap().to_string();
        let class = if ["01", "02"].contains(&text(event, &["root"])) { "0" } else { quad.as_str() };
        assert_eq!(row[15], class, "QuadClass (Phoenix's five classes)");
        assert_eq!(row[16], format!("{:.1}", event["goldstein"].as_f64().unwrap()));
        assert_eq!(row[20], text(event, &["location", "name"]));
        assert_eq!(row[22], text(event, &["location", "country"]));
        assert_eq!(
            row[23],
            format!("{}_{}", text(event, &["doc_id"]), event["sentence"].as_u64().unwrap() + 1)
        );
        assert_eq!(row[24].split(';').count() as u64, event["num_articles"].as_u64().unwrap(), "URLs");
        assert_eq!(row[25].split(';').count() as u64, event["num_sources"].as_u64().unwrap(), "NewsSources");
    }
}

/// Splits CSV records (RFC 4180 quoting; records never span lines here).
fn csv_fields(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                fields.last_mut().unwrap().push('"');
            }
            ('"', _) => quoted = !quoted,
            (',', false) => fields.push(String::new()),
            (c, _) => fields.last_mut().unwrap().push(c),
        }
    }
    fields
}

#[test]
fn csv_has_a_header_and_one_row_per_event() {
    let fx = fixture();
    let content = std::fs::read_to_string(export("csv", &[])).unwrap();
    let mut lines = content.lines();
    let header = csv_fields(lines.next().unwrap());
    assert_eq!(header[..3], ["id", "event_id", "date"]);
    let mut seen = 0;
    for line in lines {
        let fields = csv_fields(line);
        assert_eq!(fields.len(), header.len(), "{line}");
        let get = |name: &str| fields[header.iter().position(|h| h == name).unwrap()].as_str();
        let event = &fx.events[&get("id").parse::<u64>().unwrap()];
        for (column, field) in
            [("event_id", "event_id"), ("date", "date"), ("cameo", "cameo"), ("doc_id", "doc_id")]
        {
            assert_eq!(get(column), text(event, &[field]), "{column}");
        }
        assert_eq!(get("source"), text(event, &["source", "code"]));
        assert_eq!(get("num_articles"), event["num_articles"].to_string());
        assert_eq!(get("text"), text(event, &["text"]).split_whitespace().collect::<Vec<_>>().join(" "));
        seen += 1;
    }
    assert_eq!(seen, fx.events.len());
}

#[test]
fn parquet_reads_back_with_its_types() {
    use parquet::file::reader::{FileReader, SerializedFileReader};
    use parquet::record::Field;

    let fx = fixture();
    let file = std::fs::File::open(export("parquet", &[])).unwrap();
    let reader = SerializedFileReader::new(file).unwrap();
    let metadata = reader.metadata();
    assert_eq!(metadata.file_metadata().num_rows() as usize, fx.events.len());
    let epoch = chrono::NaiveDate::from_ymd_opt(1970, 1, 1).unwrap();
    let mut seen = 0;
    for row in reader.get_row_iter(None).unwrap() {
        let row = row.unwrap();
        let fields: BTreeMap<&str, &Field> =
            row.get_column_iter().map(|(name, field)| (name.as_str(), field)).collect();
        let Field::Long(id) = fields["id"] else { panic!("id is int64: {:?}", fields["id"]) };
        let event = &fx.events[&(*id as u64)];
        let Field::Date(days) = fields["date"] else { panic!("date is Date32: {:?}", fields["date"]) };
        let day = epoch + chrono::Days::new(*days as u64);
        assert_eq!(day.format("%Y%m%d").to_string(), sqldate(text(event, &["date"])));
        assert_eq!(fields["cameo"], &Field::Str(text(event, &["cameo"]).to_string()), "codes are strings");
        assert_eq!(fields["goldstein"], &Field::Float(event["goldstein"].as_f64().unwrap() as f32));
        assert_eq!(fields["quad_class"], &Field::Int(event["quad"].as_i64().unwrap() as i32));
        for name in ["num_mentions", "num_sources", "num_articles", "story_id"] {
            assert_eq!(fields[name], &Field::Long(event[name].as_i64().unwrap()), "{name}");
        }
        match event.get("location").filter(|l| !l.is_null()) {
            Some(location) => {
                assert_eq!(fields["lat"], &Field::Double(location["lat"].as_f64().unwrap()));
                assert_eq!(fields["place_fips"], &Field::Str(fips(text(location, &["country"])).to_string()));
            }
            None => assert_eq!((fields["lat"], fields["place_name"]), (&Field::Null, &Field::Null)),
        }
        match event["source"].get("code") {
            Some(code) => assert_eq!(fields["source_code"], &Field::Str(code.as_str().unwrap().to_string())),
            None => assert_eq!(fields["source_code"], &Field::Null, "an absent actor is null"),
        }
        seen += 1;
    }
    assert_eq!(seen, fx.events.len());
}

#[test]
fn filters_select_the_same_events_as_query() {
    let fx = fixture();
    let filters = ["--dyad", "USA,IRQ", "--from", "2021-07"];
    let query = dyad(&[&["query", "--db", &fx.db, "--format", "jsonl"][..], &filters[..]].concat());
    let expected: BTreeSet<String> = String::from_utf8_lossy(&query.stdout)
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap()["id"].to_string())
        .collect();
    assert!(!expected.is_empty() && expected.len() < fx.events.len());
    let exported: BTreeSet<String> =
        rows(&export("gdelt-events", &filters)).into_iter().map(|row| row[0].clone()).collect();
    assert_eq!(exported, expected);
    let mentioned: BTreeSet<String> =
        rows(&export("gdelt-mentions", &filters)).into_iter().map(|row| row[0].clone()).collect();
    assert_eq!(mentioned, expected);
}

#[test]
fn standard_output_works_and_parquet_needs_a_file() {
    let fx = fixture();
    let output = dyad(&["export", "--db", &fx.db, "--format", "phoenix", "--out", "-", "--limit", "2"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(String::from_utf8_lossy(&output.stdout).lines().count(), 2);
    let out = fx.dir.join("refused.parquet");
    let output = dyad(&["export", "--db", &fx.db, "--format", "parquet", "--out", "-"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("needs a file"), "{}", stderr(&output));
    // A bad filter fails before anything is written, and leaves no file behind.
    let output = dyad(&[
        "export",
        "--db",
        &fx.db,
        "--format",
        "csv",
        "--out",
        out.to_str().unwrap(),
        "--actor",
        "US*",
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(!out.exists() && !fx.dir.join("refused.parquet.partial").exists());
}

/// pandas (with the official GDELT 2.0 column lists and the read options GDELT readers
/// use), pyarrow and DuckDB read the exports. Skips, saying so, where python3 or the
/// packages are missing; CI installs them (`.ci/run`).
#[test]
fn python_readers_load_the_exports() {
    let fx = fixture();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/python/check_exports.py");
    let files: Vec<PathBuf> = ["gdelt-events", "gdelt-mentions", "parquet", "csv", "plover", "phoenix"]
        .iter()
        .map(|format| export(format, &[]))
        .collect();
    let output = match Command::new("python3")
        .arg(&script)
        .args(&files)
        .arg(fx.events.len().to_string())
        .arg(fx.mentions.to_string())
        .output()
    {
        Ok(output) => output,
        Err(err) => {
            eprintln!("skipping: python3 is not available ({err})");
            return;
        }
    };
    let stdout = String::from_utf8_lossy(&output.stdout);
    print!("{stdout}");
    assert!(output.status.success(), "{stdout}\n{}", stderr(&output));
    if stdout.contains("SKIP") {
        eprintln!("skipping: {}", stdout.trim());
    } else {
        assert!(stdout.contains("pandas: gdelt-events ok"), "{stdout}");
    }
}
