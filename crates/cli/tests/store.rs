//! End-to-end tests of `dyad ingest`, `dyad query` and `dyad stats` on a real database
//! file, including a run killed with SIGKILL at random points.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use dyad_model::{
    Actor, Document, Event, EventCode, EventDate, GoldsteinScale, Modality, Plover, Provenance, RoleSpan,
    Span,
};
use dyad_store::{CodedDocument, EventQuery, Store};

fn dyad(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dyad")).args(args).output().expect("the dyad binary runs")
}

fn fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name).display().to_string()
}

fn repo_file(relative: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").join(relative).display().to_string()
}

/// The JSON object on the last line of standard output.
fn last_json(output: &Output) -> serde_json::Value {
    let stdout = String::from_utf8_lossy(&output.stdout);
    let line = stdout.lines().last().unwrap_or_else(|| panic!("no output; stderr: {}", stderr(output)));
    serde_json::from_str(line).unwrap_or_else(|err| panic!("not JSON ({err}): {line}"))
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn ingest_is_idempotent_and_query_and_stats_read_it_back() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("news.db").display().to_string();
    let seed = repo_file("examples/seed-article.jsonl");
    let mixed = fixture("mixed.jsonl");

    let first = dyad(&["ingest", "--db", &db, "--json", &seed, &mixed]);
    assert!(first.status.success(), "{}", stderr(&first));
    let report = last_json(&first);
    assert_eq!(report["documents_read"], 3, "{report}");
    assert_eq!(report["documents_rejected"], 2, "{report}");
    assert_eq!(report["documents_coded"], 3, "{report}");
    let events = report["events_coded"].as_u64().unwrap();
    assert!(events >= 10, "{report}");
    assert_eq!(
        report["store"]["events_new"].as_u64().unwrap() + report["store"]["events_known"].as_u64().unwrap(),
        events
    );
    assert!(stderr(&first).contains(&format!("{mixed}:2: not a JSON object")), "{}", stderr(&first));

    let again = dyad(&["ingest", "--db", &db, "--json", &seed, &mixed]);
    let report2 = last_json(&again);
    assert_eq!(report2["documents_already_stored"], 3, "{report2}");
    assert_eq!(report2["store"]["events_new"], 0, "{report2}");
    assert_eq!(report2["db_events"], report["db_events"]);

    let query = dyad(&["query", "--db", &db, "--format", "jsonl"]);
    assert!(query.status.success(), "{}", stderr(&query));
    let rows: Vec<serde_json::Value> =
        String::from_utf8_lossy(&query.stdout).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(rows.len() as u64, report["db_events"].as_u64().unwrap());
    for row in &rows {
        for field in
            ["id", "event_id", "doc_id", "date", "cameo", "provenance", "num_mentions", "num_articles"]
        {
            assert!(row.get(field).is_some(), "missing {field} in {row}");
        }
    }
    // The bundled article's planned leaders' meeting, found by dyad and code.
    let meeting = dyad(&["query", "--db", &db, "--dyad", "IRQ,USA", "--code", "036", "--format", "jsonl"]);
    let meetings = String::from_utf8_lossy(&meeting.stdout);
    assert!(meetings.contains("\"IRQGOV\""), "{meetings}");
    let by_words = dyad(&["query", "--db", &db, "--text", "sanctions", "--format", "csv"]);
    let csv = String::from_utf8_lossy(&by_words.stdout);
    let mut lines = csv.lines();
    assert!(lines.next().unwrap().starts_with("id,event_id,date,"), "{csv}");
    assert!(lines.all(|l| l.contains("good-2")), "{csv}");

    let stats = dyad(&["stats", "--db", &db, "--dyad", "USA,IRQ", "--by", "month", "--json"]);
    assert!(stats.status.success(), "{}", stderr(&stats));
    let series = last_json(&stats);
    let periods = series["periods"].as_array().unwrap();
    assert!(periods.iter().any(|p| p["period"] == "2021-07"), "{series}");
    let usa_irq = dyad(&["query", "--db", &db, "--dyad", "USA,IRQ", "--format", "jsonl"]);
    let counted = String::from_utf8_lossy(&usa_irq.stdout).lines().count() as u64;
    assert_eq!(periods.iter().map(|p| p["events"].as_u64().unwrap()).sum::<u64>(), counted);
}

#[test]
fn a_syndicated_copy_is_one_story_and_its_events_gain_articles() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("news.db").display().to_string();
    let seed = std::fs::read_to_string(repo_file("examples/seed-article.jsonl")).unwrap();
    let mut original: serde_json::Value = serde_json::from_str(seed.lines().next().unwrap()).unwrap();
    original["url"] = "https://wire.example/iraq".into();
    let mut copy = original.clone();
    copy["id"] = "copy-0001".into();
    copy["url"] = "https://paper.example/iraq-us".into();
    copy["text"] = format!("{} (Reporting by the wire desk)", copy["text"].as_str().unwrap()).into();
    let input = dir.path().join("two.jsonl");
    std::fs::write(&input, format!("{original}\n{copy}\n")).unwrap();

    let output = dyad(&["ingest", "--db", &db, "--json", input.to_str().unwrap()]);
    let report = last_json(&output);
    assert_eq!(report["documents_coded"], 2, "{report}");
    // Every event of the copy is an event of the original, reported twice.
    assert_eq!(report["store"]["events_new"], report["store"]["events_known"], "{report}");
    let query = dyad(&["query", "--db", &db, "--format", "jsonl"]);
    for line in String::from_utf8_lossy(&query.stdout).lines() {
        let event: serde_json::Value = serde_json::from_str(line).unwrap();
        assert_eq!(
            (event["num_articles"].as_u64(), event["num_sources"].as_u64()),
            (Some(2), Some(2)),
            "{event}"
        );
        assert_eq!(event["doc_id"], "seed-0001", "{event}");
    }
    let store = Store::open(dir.path().join("news.db")).unwrap();
    assert_eq!(store.summary().unwrap().stories, 1);
}

#[test]
fn a_corrupt_or_missing_store_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let garbage = dir.path().join("garbage.db");
    std::fs::write(&garbage, "not a database at all, ".repeat(100)).unwrap();
    let garbage = garbage.display().to_string();
    for args in [vec!["query", "--db", &garbage], vec!["stats", "--db", &garbage, "--dyad", "USA,IRQ"]] {
        let output = dyad(&args);
        assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
        assert!(
            stderr(&output).contains(&format!("{garbage}: not a SQLite database")),
            "{}",
            stderr(&output)
        );
    }
    let absent = dir.path().join("absent.db").display().to_string();
    let output = dyad(&["query", "--db", &absent]);
    assert!(stderr(&output).contains("no such store"), "{}", stderr(&output));
    assert!(!Path::new(&absent).exists(), "reading must not create a store");
}

/// A small deterministic generator, so a failing run can be replayed from its seed.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }
}

fn event(doc: &str, sentence: usize, source: &str, target: &str, code: &str, day: u32) -> Event {
    let cameo = EventCode::parse(code).unwrap();
    let actor = |code: &str| Some(Actor { code: code.into(), name: code.into(), entity: None, span: None });
    Event {
        event_id: dyad_model::content_id("ev-", format!("{doc}|{sentence}|{code}").as_bytes()),
        doc_id: doc.into(),
        sentence,
        date: EventDate::day(
            chrono::NaiveDate::from_ymd_opt(2021, 1, 1).unwrap() + chrono::Days::new(day as u64),
        ),
        source: actor(source),
        target: actor(target),
        root: cameo.root(),
        quad: cameo.quad(),
        goldstein: cameo.goldstein(GoldsteinScale::Gdelt),
        cameo,
        plover: Plover::default(),
        modality: Modality::Asserted,
        location: None,
        quantities: Vec::new(),
        text: format!("Sentence {sentence} of {doc}."),
        provenance: Provenance {
            spans: vec![RoleSpan { role: "trigger".into(), span: Span::new(0, 8), text: "Sentence".into() }],
            rule: "test.generated".into(),
            entries: Vec::new(),
        },
        confidence: 0.5,
        mentions: vec![sentence, sentence + 1],
    }
}

/// Coded documents with syndicated copies (same events from another site, which
/// merge) and new versions of earlier URLs (which replace), in a fixed order.
fn generate(path: &Path, documents: usize) {
    const WORDS: [&str; 24] = [
        "rockets",
        "border",
        "ministry",
        "talks",
        "troops",
        "sanctions",
        "envoy",
        "protest",
        "capital",
        "rebels",
        "ceasefire",
        "aid",
        "embassy",
        "president",
        "army",
        "election",
        "militia",
        "oil",
        "summit",
        "police",
        "refugees",
        "strike",
        "treaty",
        "drone",
    ];
    const ACTORS: [&str; 8] = ["USAGOV", "IRQGOV", "IRN", "TUR", "SYR", "RUSMIL", "ISR", "IRQMIL"];
    const CODES: [&str; 8] = ["190", "193", "040", "036", "111", "163", "0256", "051"];
    let mut rng = Lcg(20260701);
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    let mut written: Vec<CodedDocument> = Vec::new();
    for n in 0..documents {
        let id = format!("gen-{n}");
        let coded = if n % 10 == 9 {
            // A syndicated copy of an earlier document on another site.
            let original = &written[n - 3];
            let mut document = original.document.clone();
            document.id = id.clone();
            document.url = Some(format!("https://copy{}.example/{n}", n % 4));
            let events = original
                .events
                .iter()
                .map(|e| Event {
                    event_id: dyad_model::content_id("ev-", format!("{id}|{}", e.event_id).as_bytes()),
                    doc_id: id.clone(),
                    ..e.clone()
                })
                .collect();
            CodedDocument { document, events }
        } else {
            // Every thirteenth document is a new version of an earlier URL.
            let url = if n % 13 == 12 {
                format!("https://wire.example/{}", n - 5)
            } else {
                format!("https://wire.example/{n}")
            };
            let text: Vec<&str> = (0..40).map(|_| WORDS[rng.below(24) as usize]).collect();
            let mut document = Document::new(&id, text.join(" "));
            document.url = Some(url);
            document.date = chrono::NaiveDate::from_ymd_opt(2021, 1, 1);
            let events = (0..4)
                .map(|s| {
                    let source = ACTORS[rng.below(8) as usize];
                    let target = ACTORS[rng.below(8) as usize];
                    event(&id, s * 2, source, target, CODES[rng.below(8) as usize], rng.below(60) as u32)
                })
                .collect();
            CodedDocument { document, events }
        };
        serde_json::to_writer(&mut out, &coded).unwrap();
        out.write_all(b"\n").unwrap();
        written.push(coded);
    }
    out.flush().unwrap();
}

fn ingest_command(db: &Path, input: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_dyad"));
    command
        .args(["ingest", "--precoded", "--batch", "16", "--db"])
        .arg(db)
        .arg(input)
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    command
}

/// Every event as JSON, in id order, plus the store's counts: two stores with equal
/// dumps hold exactly the same events, mentions counts and representatives.
fn dump(db: &Path) -> (dyad_store::Summary, Vec<String>) {
    let store = Store::open(db).unwrap();
    let problems = store.check().unwrap();
    assert!(problems.is_empty(), "{}: {problems:#?}", db.display());
    let mut events: Vec<String> = store
        .query(&EventQuery::default())
        .unwrap()
        .iter()
        .map(|e| serde_json::to_string(e).unwrap())
        .collect();
    events.sort();
    (store.summary().unwrap(), events)
}

/// Compares two dumps and shows the first differences only: a full dump is megabytes.
fn assert_same(
    got: &(dyad_store::Summary, Vec<String>),
    clean: &(dyad_store::Summary, Vec<String>),
    what: &str,
) {
    let only_got: Vec<&String> = got.1.iter().filter(|e| !clean.1.contains(e)).take(3).collect();
    let only_clean: Vec<&String> = clean.1.iter().filter(|e| !got.1.contains(e)).take(3).collect();
    assert!(
        got == clean,
        "{what} differs from a clean run: {:?} vs {:?}\nonly here: {only_got:#?}\nonly in the clean run: {only_clean:#?}",
        got.0,
        clean.0
    );
}

#[test]
fn sigkill_at_random_points_never_corrupts_and_a_rerun_matches_a_clean_run() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("coded.jsonl");
    generate(&input, 3000);

    let clean_db = dir.path().join("clean.db");
    let started = Instant::now();
    let status = ingest_command(&clean_db, &input).status().unwrap();
    assert!(status.success());
    let clean_time = started.elapsed();
    let clean = dump(&clean_db);
    assert!(clean.0.events > 5000, "{:?}", clean.0);

    let seed = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos() as u64;
    eprintln!("seed {seed}; a clean run takes {clean_time:?}");
    let mut rng = Lcg(seed);
    let budget = Instant::now();
    let mut kills = 0;
    let mut round = 0;
    while kills < 20 || round < 2 {
        assert!(budget.elapsed() < Duration::from_secs(120), "too slow: {kills} kills in {round} rounds");
        round += 1;
        let db: PathBuf = dir.path().join(format!("killed-{round}.db"));
        loop {
            let mut child = ingest_command(&db, &input).spawn().unwrap();
            // Waits up to half a clean run, so most runs die before they finish; the
            // child spends its first milliseconds starting up and the rest reading,
            // hashing and writing batches, which is where most kills land.
            let wait = Duration::from_micros(rng.below(clean_time.as_micros() as u64 / 2 + 1));
            std::thread::sleep(wait);
            let finished = child.try_wait().unwrap().is_some();
            child.kill().ok();
            let status = child.wait().unwrap();
            if finished {
                assert!(status.success(), "ingest failed on its own in round {round}");
                break;
            }
            kills += 1;
            // The killed store opens, passes integrity_check and its own invariants.
            let store = Store::open(&db).unwrap_or_else(|err| panic!("after kill {kills}: {err}"));
            let problems = store.check().unwrap();
            assert!(problems.is_empty(), "after kill {kills} (seed {seed}): {problems:#?}");
        }
        assert_same(&dump(&db), &clean, &format!("round {round} after {kills} kills (seed {seed})"));
    }
    eprintln!("{kills} kills in {round} rounds, {:?}", budget.elapsed());
}
