//! End-to-end tests of the `dyad` binary on fixture articles.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn dyad(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dyad")).args(args).output().expect("the dyad binary runs")
}

fn repo_file(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").join(relative)
}

fn fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name).display().to_string()
}

fn jsonl_events(output: &Output) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|err| panic!("not JSON ({err}): {line}")))
        .collect()
}

#[test]
fn seed_article_codes_to_valid_jsonl_events_with_every_field() {
    let seed = repo_file("examples/seed-article.jsonl");
    let output = dyad(&["code", "--format", "jsonl", seed.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "stderr: {stderr}");
    let events = jsonl_events(&output);
    assert!(!events.is_empty(), "no events; stderr: {stderr}");
    for event in &events {
        for field in [
            "event_id",
            "doc_id",
            "sentence",
            "date",
            "date_precision",
            "source",
            "target",
            "cameo",
            "root",
            "quad",
            "goldstein",
            "plover",
            "modality",
            "location",
            "quantities",
            "text",
            "provenance",
            "confidence",
        ] {
            assert!(event.get(field).is_some(), "missing {field} in {event}");
        }
        assert_eq!(event["doc_id"], "seed-0001");
        let cameo = event["cameo"].as_str().unwrap();
        assert!(dyad_model::EventCode::parse(cameo).is_ok(), "{cameo}");
        assert!(!event["provenance"]["rule"].as_str().unwrap().is_empty());
        // The event's text is the sentence it came from.
        assert!(event["text"].as_str().unwrap().len() > 10);
    }
    // Nothing is coded from the photo credit or the image slug.
    for event in &events {
        let text = event["text"].as_str().unwrap();
        assert!(!text.contains("PHOTO/") && !text.contains("biden-presidente"), "boilerplate coded: {text}");
    }
    // The planned leaders' meeting: Iraq's prime minister and Biden, an intent to meet.
    let meeting = events
        .iter()
        .find(|e| e["cameo"] == "036" && e["source"]["code"] == "IRQGOV" && e["target"]["code"] == "USAGOV");
    assert!(meeting.is_some(), "no planned IRQGOV -> USAGOV meeting in {events:#?}");
    assert!(stderr.contains("1 document(s) read, 1 coded"), "{stderr}");
}

#[test]
fn bad_records_are_reported_by_file_and_line_and_the_rest_are_coded() {
    let mixed = fixture("mixed.jsonl");
    let missing = fixture("does-not-exist.txt");
    let output = dyad(&["code", "--format", "jsonl", &missing, &mixed]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "a run with rejected records still succeeds: {stderr}");
    assert!(stderr.contains(&format!("error: {missing}: cannot read")), "{stderr}");
    assert!(stderr.contains(&format!("error: {mixed}:2: not a JSON object")), "{stderr}");
    assert!(stderr.contains(&format!("error: {mixed}:3: no text to code")), "{stderr}");
    assert!(stderr.contains("2 document(s) read, 2 coded, 0 not coded, 3 rejected"), "{stderr}");
    let events = jsonl_events(&output);
    let docs: std::collections::BTreeSet<&str> =
        events.iter().map(|e| e["doc_id"].as_str().unwrap()).collect();
    assert_eq!(docs.into_iter().collect::<Vec<_>>(), ["good-1", "good-2"], "{events:#?}");
}

#[test]
fn text_from_stdin_is_dated_with_the_date_flag() {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_dyad"))
        .args(["code", "--format", "jsonl", "--date", "2020-01-03", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(b"Iran attacked Iraq on Friday.\n").unwrap();
    let output = child.wait_with_output().unwrap();
    let events = jsonl_events(&output);
    assert_eq!(events.len(), 1, "{}", String::from_utf8_lossy(&output.stderr));
    assert!(events[0]["date"].as_str().unwrap().starts_with("2020-01"), "{}", events[0]);
    assert_eq!(events[0]["source"]["code"], "IRN");
    assert_eq!(events[0]["target"]["code"], "IRQ");
}

#[test]
fn gdelt_rows_have_sixty_one_columns_and_plover_records_parse() {
    let seed = repo_file("examples/seed-article.jsonl");
    let output = dyad(&["code", "--format", "gdelt", seed.to_str().unwrap()]);
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(!text.is_empty());
    for row in text.lines() {
        let columns: Vec<&str> = row.split('\t').collect();
        assert_eq!(columns.len(), 61, "{row}");
        assert!(columns[1].starts_with("20"), "SQLDATE {row}");
    }
    let output = dyad(&["code", "--format", "plover", seed.to_str().unwrap()]);
    for record in jsonl_events(&output) {
        assert!(record["actor"].is_array() && record["recipient"].is_array(), "{record}");
        assert!(record["event_text"].is_string());
    }
}

#[test]
fn explain_lists_sentences_and_removed_boilerplate() {
    let seed = repo_file("examples/seed-article.jsonl");
    let output = dyad(&["explain", seed.to_str().unwrap()]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(stdout.contains("removed before coding:"), "{stdout}");
    assert!(stdout.contains("PHOTO/"), "the photo credit is shown as removed: {stdout}");
    assert!(stdout.contains("joe biden-presidente-usa-ataque irak"), "{stdout}");
}

#[test]
fn explain_shows_the_rule_and_entries_behind_each_event() {
    let seed = repo_file("examples/seed-article.jsonl");
    // Find a sentence with an event, then explain it.
    let output = dyad(&["code", "--format", "jsonl", seed.to_str().unwrap()]);
    let events = jsonl_events(&output);
    let event = events.first().expect("the seed article has events");
    let sentence = event["sentence"].as_u64().unwrap().to_string();
    let output = dyad(&["explain", seed.to_str().unwrap(), "--sentence", &sentence]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success());
    assert!(stdout.contains("tokens:") && stdout.contains("actors:"), "{stdout}");
    assert!(stdout.contains(&format!("rule: {}", event["provenance"]["rule"].as_str().unwrap())), "{stdout}");
    assert!(stdout.contains("entry: verbs/"), "{stdout}");
    let output = dyad(&["explain", seed.to_str().unwrap(), "--sentence", "999"]);
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("sentences (0 to"));
}

fn last_json_line(output: &Output) -> serde_json::Value {
    let stdout = String::from_utf8_lossy(&output.stdout);
    let last = stdout
        .lines()
        .last()
        .unwrap_or_else(|| panic!("no output; stderr: {}", String::from_utf8_lossy(&output.stderr)));
    serde_json::from_str(last).unwrap_or_else(|err| panic!("last line is not JSON ({err}): {last}"))
}

fn shared_dir() -> Option<PathBuf> {
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    if shared.is_dir() {
        Some(shared)
    } else {
        eprintln!("skipping: ../shared is absent");
        None
    }
}

#[test]
fn eval_events_scores_gold_records_and_reports_json() {
    let gold = fixture("gold.jsonl");
    let output = dyad(&["eval", "events", "--gold", &gold, "--json"]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let report = last_json_line(&output);
    for key in ["precision", "recall", "f1", "sentence_exact"] {
        let value = report[key].as_f64().unwrap_or_else(|| panic!("no {key} in {report}"));
        assert!((0.0..=1.0).contains(&value), "{key} = {value}");
        assert!(report["root"][key].is_f64(), "no root.{key} in {report}");
    }
    assert_eq!(report["records"], 3);
    // The attack is found, and nothing is coded from the football match.
    assert!(report["matched_triples"].as_u64().unwrap() >= 1, "{report}");
    assert!(report["precision"].as_f64().unwrap() > 0.0);
}

#[test]
fn eval_events_leaves_background_out_unless_asked() {
    let gold = std::env::temp_dir().join(format!("dyad-historical-{}.jsonl", std::process::id()));
    std::fs::write(
        &gold,
        r#"{"id": "H1", "date": "2021-07-13", "text": "The United States invaded Iraq in 2003.", "expected": []}"#,
    )
    .unwrap();
    let gold_path = gold.to_str().unwrap();
    let default = last_json_line(&dyad(&["eval", "events", "--gold", gold_path, "--json"]));
    let with =
        last_json_line(&dyad(&["eval", "events", "--gold", gold_path, "--json", "--include-historical"]));
    std::fs::remove_file(&gold).ok();
    assert_eq!(default["predicted_triples"], 0, "{default}");
    assert_eq!(with["predicted_triples"], 1, "{with}");
}

#[test]
fn eval_events_needs_both_actors_unless_the_record_or_flag_allows_one() {
    let gold = std::env::temp_dir().join(format!("dyad-dyad-{}.jsonl", std::process::id()));
    // A house is no actor: the raid has a source and no target.
    let text = "Iraqi police raided a house in Baghdad on Monday.";
    let records = [
        serde_json::json!({"id": "D1", "date": "2021-07-13", "text": text, "expected": []}),
        serde_json::json!({"id": "D2", "date": "2021-07-13", "text": text, "expected": [],
            "config": {"require_dyad": "False"}}),
    ];
    let lines: Vec<String> = records.iter().map(|r| r.to_string()).collect();
    std::fs::write(&gold, lines.join("\n")).unwrap();
    let gold_path = gold.to_str().unwrap();
    let default = last_json_line(&dyad(&["eval", "events", "--gold", gold_path, "--json"]));
    let allowed =
        last_json_line(&dyad(&["eval", "events", "--gold", gold_path, "--json", "--allow-one-actor"]));
    std::fs::remove_file(&gold).ok();
    // Only the record whose config lifts the requirement counts the one-actor raid.
    assert_eq!(default["predicted_triples"], 1, "{default}");
    assert_eq!(allowed["predicted_triples"], 2, "{allowed}");
}

#[test]
fn eval_events_counts_one_actor_events_where_the_gold_codes_them() {
    let gold = std::env::temp_dir().join(format!("dyad-one-actor-{}.jsonl", std::process::id()));
    // The annotators coded an agentless attack with an unknown source ("---").
    let record = serde_json::json!({"id": "A1", "date": "2021-07-13",
        "text": "Three rockets were fired at a base hosting US troops in western Iraq.",
        "expected": [{"source": "---", "target": "USAMIL", "code": "194"}]});
    std::fs::write(&gold, record.to_string()).unwrap();
    let scores = last_json_line(&dyad(&["eval", "events", "--gold", gold.to_str().unwrap(), "--json"]));
    std::fs::remove_file(&gold).ok();
    assert_eq!(scores["matched_triples"], 1, "{scores}");
    assert_eq!(scores["predicted_triples"], 1, "{scores}");
}

#[test]
fn bench_reports_throughput_per_pass_and_stage_shares() {
    let seed = repo_file("examples/seed-article.jsonl");
    let seed = seed.to_str().unwrap();
    let output = dyad(&["bench", "--repeat", "3", "--threads", "2", "--json", seed]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let report = last_json_line(&output);
    assert_eq!(report["documents"], 3);
    // The same events as `dyad code`, three times over.
    let coded = dyad(&["code", "--format", "jsonl", seed]);
    let events = String::from_utf8_lossy(&coded.stdout).lines().count() as u64;
    assert_eq!(report["events"].as_u64(), Some(3 * events), "{report}");
    for pass in ["single", "parallel"] {
        for key in ["docs_per_sec", "sentences_per_sec", "words_per_sec", "mb_per_sec", "events_per_sec"] {
            assert!(report[pass][key].as_f64().is_some_and(|v| v > 0.0), "{pass}.{key} in {report}");
        }
    }
    assert_eq!(report["parallel"]["threads"], 2);
    let shares = report["stage_share"].as_object().expect("stage shares");
    let total: f64 = shares.values().filter_map(|v| v.as_f64()).sum();
    assert!((total - 1.0).abs() < 1e-6, "shares sum to {total}");
    assert!(shares.contains_key("syntax.perceptron.v1"));
}

#[test]
fn kb_lookup_reports_the_dated_code_as_json() {
    let output = dyad(&["kb", "lookup", "Joe Biden", "--date", "2021-07-13", "--json"]);
    let report = last_json_line(&output);
    assert_eq!(report["code"], "USAGOV");
    assert_eq!(report["entity"], "person/joe-biden");
    let output = dyad(&["kb", "lookup", "Joe Biden", "--date", "2026-01-01", "--json"]);
    assert_eq!(last_json_line(&output)["code"], "USAELI");
    let output = dyad(&["kb", "lookup", "Xyzzy Plugh", "--json"]);
    assert!(last_json_line(&output)["entity"].is_null());
}

#[test]
fn kb_lint_is_clean() {
    let output = dyad(&["kb", "lint", "--json"]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stdout));
    let report = last_json_line(&output);
    assert_eq!(report["problems"].as_array().map(Vec::len), Some(0), "{report}");
    assert!(report["entities"].as_u64().unwrap() > 500);
}

#[test]
fn eval_syntax_reports_scores_on_a_treebank() {
    let Some(shared) = shared_dir() else { return };
    let test = shared.join("treebanks/en_ewt-test.conllu");
    let output = dyad(&["eval", "syntax", "--conllu", test.to_str().unwrap(), "--json"]);
    let report = last_json_line(&output);
    // Floors well below the measured figures, so a broken model fails.
    assert!(report["upos"].as_f64().unwrap() > 0.9, "{report}");
    assert!(report["uas"].as_f64().unwrap() > 0.8, "{report}");
    assert!(report["las"].as_f64().unwrap() > 0.75, "{report}");
    assert!(report["sentences_per_sec"].as_f64().unwrap() > 0.0);
}

#[test]
fn eval_geo_reports_scores_on_gold_toponyms() {
    let Some(shared) = shared_dir() else { return };
    let gold = shared.join("geo/geowebnews.jsonl");
    let output = dyad(&["eval", "geo", "--gold", gold.to_str().unwrap(), "--json"]);
    let report = last_json_line(&output);
    for key in ["precision", "recall", "acc161", "country_acc"] {
        let value = report[key].as_f64().unwrap_or_else(|| panic!("no {key} in {report}"));
        assert!(value > 0.5 && value <= 1.0, "{key} = {value}");
    }
}

#[test]
fn eval_geo_skips_a_malformed_gold_line_and_names_it() {
    let dir = tempfile::tempdir().unwrap();
    let gold = dir.path().join("gold.jsonl");
    let text = "Rockets hit Baghdad on Monday.";
    let record = serde_json::json!({"text": text, "toponyms": [{"start": 12, "end": 19, "phrase": "Baghdad",
        "type": "Literal", "lat": 33.34, "lon": 44.40, "country": "IQ"}]});
    std::fs::write(&gold, format!("{record}\n{{\"text\": [1]}}\n{record}\n")).unwrap();
    let output = dyad(&["eval", "geo", "--gold", gold.to_str().unwrap(), "--json"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(stderr.contains("gold.jsonl:2"), "{stderr}");
    let report = last_json_line(&output);
    assert_eq!((report["documents"].as_u64(), report["unreadable"].as_u64()), (Some(2), Some(1)), "{report}");
    assert_eq!(report["recall"].as_f64(), Some(1.0), "{report}");
}

#[test]
fn html_and_directory_inputs_are_coded() {
    let dir = tempfile::tempdir().unwrap();
    let page = "<html><head><title>Clash</title><meta property=\"article:published_time\" content=\"2022-03-01T10:00:00Z\"></head>\
        <body><nav>Home | World | Sport</nav><article><p>Russian forces attacked Ukraine near Kharkiv on Monday, \
        officials in Kyiv said, as talks between the two sides stalled for a second week.</p></article></body></html>";
    std::fs::write(dir.path().join("page.html"), page).unwrap();
    let output = dyad(&["code", "--format", "jsonl", dir.path().to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("1 document(s) read, 1 coded"), "{stderr}");
    let events = jsonl_events(&output);
    assert!(
        events.iter().any(|e| e["source"]["code"].as_str().is_some_and(|c| c.starts_with("RUS"))
            && e["target"]["code"].as_str().is_some_and(|c| c.starts_with("UKR"))
            && e["root"] == "19"),
        "{events:#?}"
    );
    assert!(events.iter().all(|e| e["date"].as_str().unwrap().starts_with("2022-")), "{events:#?}");
}

#[test]
fn petrarch_patterns_with_words_before_the_verb_null_reverse_and_own_codes_are_coded() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| std::fs::write(dir.path().join(name), text).unwrap();
    write("test.actors.txt", "ARNOR_ [ARN]\nGONDOR_ [GON]\nBREE_ [BRE]\nROMENDACIL_ [BRE]\n");
    write("test.agents.txt", "PRESIDENT [~GOV]\n");
    write("test.discards.txt", "CHESS OLYMPIAD\n");
    // A visit is also the hosting of the visitor (`[042:043]`); a secret visit is no
    // event; an official one has a code of this dictionary's own.
    // "MET" is a block of its own: TABARI matches the form as written.
    write(
        "test.verbs.txt",
        "--- VISIT [042:043] ---\nVISIT\n- SECRETLY * [---]\n- OFFICIALLY * [9A1]\n- * AT_ONCE [9A2]\n\n--- MEET [031:031] ---\nMEET\n\n--- MET [031:032] ---\nMET\n\n--- POSTPONE [---] ---\nPOSTPONE\n- % HAVE * [191]\n",
    );
    let code = |text: &str| {
        let mut child = Command::new(env!("CARGO_BIN_EXE_dyad"))
            .args([
                "code",
                "--format",
                "jsonl",
                "--date",
                "2020-01-01",
                "--dict-format",
                "petrarch",
                "--dicts",
            ])
            .arg(dir.path())
            .arg("-")
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        use std::io::Write as _;
        child.stdin.take().unwrap().write_all(text.as_bytes()).unwrap();
        let output = child.wait_with_output().unwrap();
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
        let mut triples: Vec<String> = jsonl_events(&output)
            .iter()
            .map(|e| {
                format!("{} {} {}", e["source"]["code"], e["target"]["code"], e["cameo"]).replace('"', "")
            })
            .collect();
        triples.sort();
        triples
    };
    assert_eq!(code("Arnor visited Gondor on Monday."), ["ARN GON 042", "GON ARN 043"]);
    assert_eq!(code("Arnor secretly visited Gondor on Monday."), Vec::<String>::new());
    assert_eq!(code("Arnor officially visited Gondor on Monday."), ["ARN GON 9A1"]);
    assert_eq!(code("Arnor met Gondor on Monday."), ["ARN GON 031", "GON ARN 032"]);
    // Words after the verb as written; `_` joins consecutive words.
    assert_eq!(code("Arnor visited Gondor at once."), ["ARN GON 9A2"]);
    assert_eq!(code("Arnor visited Gondor at the start of the year, once."), ["ARN GON 042", "GON ARN 043"]);
    // `%`: coordinated doers act on each other; one doer alone is not the pattern.
    assert_eq!(code("Arnor and Gondor have postponed their meeting."), ["ARN GON 191", "GON ARN 191"]);
    assert_eq!(code("Arnor has postponed the meeting with Gondor."), Vec::<String>::new());
    assert_eq!(code("Arnor meets Gondor on Monday."), ["ARN GON 031", "GON ARN 031"]);
    // A name known only by its country, after a title of that country, holds it.
    assert_eq!(
        code("Bree President Romendacil visited Gondor on Monday."),
        ["BREGOV GON 042", "GON BREGOV 043"]
    );
}

/// The last recorded count of PETRARCH2 unit-suite records passed exactly, from raw
/// text with the suite's own dictionaries; raise it when coding improves.
const PETR2_UNIT_SUITE_PASSED: u64 = 185;

#[test]
fn petrarch_unit_suite_does_not_regress() {
    let Some(shared) = shared_dir() else { return };
    let suites = shared.join("petrarch/suites");
    let gold = suites.join("petr2_unittest.jsonl");
    let dicts = suites.join("dictionaries/petrarch2_validate");
    if !gold.is_file() || !dicts.is_dir() {
        eprintln!("skipping: the PETRARCH2 unit suite is not in ../shared");
        return;
    }
    let output = dyad(&[
        "eval",
        "events",
        "--gold",
        gold.to_str().unwrap(),
        "--dict-format",
        "petrarch",
        "--dicts",
        dicts.to_str().unwrap(),
        "--json",
    ]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let report = last_json_line(&output);
    assert_eq!(report["records"], 284, "{report}");
    let passed = report["records_passed"].as_u64().unwrap_or_else(|| panic!("no records_passed in {report}"));
    assert!(
        passed >= PETR2_UNIT_SUITE_PASSED,
        "{passed} records passed, fewer than the recorded {PETR2_UNIT_SUITE_PASSED}"
    );
}

/// The last recorded count for the UD-PETRARCH version of the suite (2018, 274
/// records, some codes differ), with its own dictionaries.
const UDP_SUITE_PASSED: u64 = 144;

#[test]
fn udpetrarch_suite_does_not_regress() {
    let Some(shared) = shared_dir() else { return };
    let suites = shared.join("petrarch/suites");
    let gold = suites.join("udp_validate_2_02.jsonl");
    let dicts = suites.join("dictionaries/udp_validate_2_02");
    if !gold.is_file() || !dicts.is_dir() {
        eprintln!("skipping: the UD-PETRARCH suite is not in ../shared");
        return;
    }
    let output = dyad(&[
        "eval",
        "events",
        "--gold",
        gold.to_str().unwrap(),
        "--dict-format",
        "petrarch",
        "--dicts",
        dicts.to_str().unwrap(),
        "--json",
    ]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let report = last_json_line(&output);
    assert_eq!(report["records"], 274, "{report}");
    let passed = report["records_passed"].as_u64().unwrap_or_else(|| panic!("no records_passed in {report}"));
    assert!(
        passed >= UDP_SUITE_PASSED,
        "{passed} records passed, fewer than the recorded {UDP_SUITE_PASSED}"
    );
}

/// One event-location record as `dyad train location` and `dyad eval geo --events` read
/// them: the verb and the gold places as character offsets of the text.
fn location_record(text: &str, verb: &str, places: &[&str]) -> serde_json::Value {
    let span = |words: &str| {
        let start = text[..text.find(words).expect("the words are in the text")].chars().count();
        serde_json::json!({"start": start, "end": start + words.chars().count(), "text": words})
    };
    let locations: Vec<serde_json::Value> = places.iter().map(|p| span(p)).collect();
    serde_json::json!({"text": text, "verb": span(verb), "locations": locations})
}

#[test]
fn train_location_fits_gold_places_and_writes_a_weight_file() {
    let dir = std::env::temp_dir().join(format!("dyad-train-location-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let records = [
        location_record("Police arrested five men in Baghdad on Monday.", "arrested", &["Baghdad"]),
        location_record("Rockets hit a base near Kirkuk overnight.", "hit", &["Kirkuk"]),
        location_record("Protesters gathered in Basra to demand jobs.", "gathered", &["Basra"]),
        location_record("Officials in Mosul said the curfew would be lifted.", "lifted", &[]),
        location_record("Gunmen killed two guards at a checkpoint outside Tikrit.", "killed", &["Tikrit"]),
        location_record("Troops from Jordan patrolled the streets of Hebron.", "patrolled", &["Hebron"]),
    ];
    let events = dir.join("events.jsonl");
    let lines: Vec<String> = records.iter().map(|r| r.to_string()).collect();
    std::fs::write(&events, lines.join("\n")).unwrap();
    let model = dir.join("location.tsv");
    let output = dyad(&[
        "train",
        "location",
        "--events",
        events.to_str().unwrap(),
        "--out",
        model.to_str().unwrap(),
        "--folds",
        "2",
        "--json",
    ]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let report = last_json_line(&output);
    assert_eq!(report["records"], 6, "{report}");
    assert!(report["reachable"].as_u64().unwrap() >= 5, "the gazetteer finds the towns: {report}");
    assert!(report["cv_accuracy"].as_f64().is_some_and(|a| (0.0..=1.0).contains(&a)), "{report}");
    // Six records are few enough to fit: the model chooses its training records' places.
    assert!(report["train_accuracy"].as_f64().unwrap() >= 0.8, "{report}");
    let weights = std::fs::read_to_string(&model).unwrap();
    let rows: Vec<&str> = weights.lines().filter(|l| !l.trim().is_empty() && !l.starts_with('#')).collect();
    assert_eq!(rows.len() as u64, report["features"].as_u64().unwrap(), "{weights}");
    for row in rows {
        let (feature, weight) =
            row.split_once('\t').unwrap_or_else(|| panic!("not feature<TAB>weight: {row}"));
        assert!(!feature.is_empty() && weight.parse::<f64>().is_ok(), "{row}");
    }

    // A malformed record is named by file and line, and the others still train.
    std::fs::write(&events, format!("{}\n{{\"text\": 3}}\n{}\n", lines[0], lines[1])).unwrap();
    let output = dyad(&[
        "train",
        "location",
        "--events",
        events.to_str().unwrap(),
        "--out",
        model.to_str().unwrap(),
        "--json",
    ]);
    std::fs::remove_dir_all(&dir).ok();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(stderr.contains("events.jsonl:2"), "{stderr}");
    let report = last_json_line(&output);
    assert_eq!((report["records"].as_u64(), report["unreadable"].as_u64()), (Some(2), Some(1)), "{report}");
}
