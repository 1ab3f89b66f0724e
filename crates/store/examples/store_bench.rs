//! Measures the store on synthetic coded articles: insert throughput (events/s), the
//! time of a dyad time-series query, and the database size per million events.
//!
//! ```sh
//! cargo run --release -p dyad-store --example store_bench -- --events 1000000 --db /tmp/bench.db
//! cargo run --release -p dyad-store --example store_bench -- --db /tmp/bench.db --queries-only
//! ```
//!
//! Articles are about 2.5 kB of text with 10 events each, dated over three years (`--days`); one
//! in ten is a syndicated copy of the one before (same text plus a credit line, same
//! events, another site), so dedup across articles is exercised. Sentences and spans
//! are slices of the article, as the coder's are. Articles are written 5,000 per
//! transaction (`--batch-docs`), as a bulk ingest would. Only `write_batch` is timed,
//! not the generation. The last line is one JSON object with the figures.

use std::time::{Duration, Instant};

use chrono::NaiveDate;
use dyad_model::{
    cameo, Actor, Document, Event, EventCode, EventDate, GeoPrecision, GoldsteinScale, Location, Modality,
    Plover, Provenance, RoleSpan, Span,
};
use dyad_store::{CodedDocument, DatePeriod, EventQuery, StatsQuery, Store};

const EVENTS_PER_DOCUMENT: usize = 10;
const COUNTRIES: [&str; 30] = [
    "USA", "IRQ", "IRN", "SYR", "TUR", "ISR", "RUS", "CHN", "GBR", "FRA", "DEU", "SAU", "EGY", "UKR", "AFG",
    "PAK", "IND", "YEM", "LBN", "JOR", "QAT", "ARE", "LBY", "SDN", "ETH", "NGA", "KEN", "BRA", "MEX", "JPN",
];
const ROLES: [&str; 6] = ["", "GOV", "MIL", "COP", "REB", "CVL"];
/// Distinct words in the synthetic articles; frequencies fall off as in real text
/// (Zipf), so the full-text index sees a realistic vocabulary.
const VOCABULARY: f64 = 50_000.0;

struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }
    /// A word whose rank is log-uniform over the vocabulary: rank r has frequency about 1/r.
    fn word(&mut self) -> String {
        let uniform = self.below(1 << 30) as f64 / (1u64 << 30) as f64;
        format!("w{}", (VOCABULARY.powf(uniform)) as u64)
    }
}

struct Options {
    events: u64,
    db: std::path::PathBuf,
    batch_documents: usize,
    /// Days the articles are spread over: with the number of events, how many
    /// articles share a day, which is what the same-event and near-duplicate lookups
    /// scale with.
    days: u64,
    queries_only: bool,
}

fn options() -> Options {
    let mut options = Options {
        events: 1_000_000,
        db: std::env::temp_dir().join("dyad-store-bench.db"),
        batch_documents: 5000,
        days: 3 * 365,
        queries_only: false,
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        if arg == "--queries-only" {
            options.queries_only = true;
            continue;
        }
        let value = args.next().unwrap_or_else(|| panic!("{arg} needs a value"));
        match arg.as_str() {
            "--events" => options.events = value.parse().expect("--events N"),
            "--db" => options.db = value.into(),
            "--batch-docs" => options.batch_documents = value.parse().expect("--batch-docs N"),
            "--days" => options.days = value.parse().expect("--days N"),
            other => {
                panic!("unknown option {other} (--events N, --db PATH, --batch-docs N, --days N, --queries-only)")
            }
        }
    }
    options
}

/// An actor code: a country, one time in two with a role; the US and Iraq are
/// frequent, as the dyad the query reads.
fn actor(rng: &mut Lcg) -> String {
    let country =
        if rng.below(10) == 0 { ["USA", "IRQ"][rng.below(2) as usize] } else { rng.pick(&COUNTRIES) };
    let role = if rng.below(2) == 0 { "" } else { rng.pick(&ROLES) };
    format!("{country}{role}")
}

fn document(rng: &mut Lcg, n: u64, day: NaiveDate, codes: &[&'static str]) -> CodedDocument {
    let id = format!("bench-{n}");
    let words: Vec<String> = (0..330usize.max(20 * EVENTS_PER_DOCUMENT + 30)).map(|_| rng.word()).collect();
    let mut document = Document::new(&id, words.join(" "));
    document.url = Some(format!("https://site{}.example/{n}", rng.below(50)));
    document.title = Some(words[..8].join(" "));
    document.date = Some(day);
    document.language = Some("en".into());
    // Byte offset of each word, so that spans and sentences are slices of the text, as
    // the coder's are.
    let offsets: Vec<usize> = words
        .iter()
        .scan(0, |at, word| {
            let start = *at;
            *at += word.len() + 1;
            Some(start)
        })
        .collect();
    let events = (0..EVENTS_PER_DOCUMENT)
        .map(|s| {
            let cameo =
                EventCode::parse(codes[rng.below(codes.len() as u64) as usize]).expect("a table code");
            let source = actor(rng);
            let target = actor(rng);
            let start = s * 200;
            let location = (rng.below(10) < 3).then(|| {
                let place = rng.below(500);
                Location {
                    name: format!("Place {place}"),
                    country: Some(COUNTRIES[place as usize % 30].into()),
                    lat: Some(place as f64 / 10.0),
                    lon: Some(place as f64 / 7.0),
                    geonameid: Some(1000 + place),
                    precision: GeoPrecision::City,
                    span: Some(Span::new(start + 60, start + 70)),
                }
            });
            let span = |role: &str, word: usize| RoleSpan {
                role: role.into(),
                span: Span::new(offsets[s * 20 + word], offsets[s * 20 + word] + words[s * 20 + word].len()),
                text: words[s * 20 + word].clone(),
            };
            Event {
                event_id: dyad_model::content_id("ev-", format!("{id}|{s}").as_bytes()),
                doc_id: id.clone(),
                sentence: s,
                date: EventDate::day(day - chrono::Days::new(rng.below(3))),
                source: Some(Actor { name: source.clone(), code: source, entity: None, span: None }),
                target: Some(Actor { name: target.clone(), code: target, entity: None, span: None }),
                root: cameo.root(),
                quad: cameo.quad(),
                goldstein: cameo.goldstein(GoldsteinScale::Gdelt),
                cameo,
                plover: Plover { event: "ASSAULT".into(), mode: vec![], context: vec!["military".into()] },
                modality: Modality::Asserted,
                location,
                quantities: Vec::new(),
                text: words[s * 20..s * 20 + 25].join(" "),
                provenance: Provenance {
                    spans: vec![span("source", 0), span("trigger", 2), span("target", 4)],
                    rule: "coder.deps.verb.svo".into(),
                    entries: vec!["verbs/18-20-violence.toml:725 fire {rocket} at".into()],
                },
                confidence: 0.7,
                mentions: if rng.below(4) == 0 { vec![s, s + 10] } else { vec![s] },
            }
        })
        .collect();
    CodedDocument { document, events }
}

/// A copy of `original` on another site with a credit line: a near-duplicate whose
/// events all merge into the original's.
fn syndicated(original: &CodedDocument, n: u64) -> CodedDocument {
    let id = format!("bench-{n}");
    let mut document = original.document.clone();
    document.id = id.clone();
    document.url = Some(format!("https://copy{}.example/{n}", n % 20));
    document.text.push_str(" (Reporting by the wire desk)");
    let events = original
        .events
        .iter()
        .map(|e| Event {
            event_id: dyad_model::content_id("ev-", format!("{id}|{}", e.sentence).as_bytes()),
            doc_id: id.clone(),
            ..e.clone()
        })
        .collect();
    CodedDocument { document, events }
}

/// CPU time of this thread (Linux), so that the figure does not depend on what else
/// the machine is running; `None` elsewhere.
fn thread_cpu_time() -> Option<Duration> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    text.split_whitespace().next()?.parse().ok().map(Duration::from_nanos)
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

/// What filling the store took.
#[derive(Default)]
struct Fill {
    written: u64,
    documents: u64,
    writing: Duration,
    writing_cpu: Duration,
}

fn fill(store: &mut Store, options: &Options) -> Fill {
    let codes: Vec<&'static str> = cameo::all_codes().iter().map(|entry| entry.code).collect();
    let documents = options.events.div_ceil(EVENTS_PER_DOCUMENT as u64);
    let first_day = NaiveDate::from_ymd_opt(2019, 1, 1).unwrap();
    let span_days = options.days.max(1);
    let mut rng = Lcg(42);
    let mut done = Fill { documents, ..Fill::default() };
    let mut n = 0u64;
    let mut last: Option<CodedDocument> = None;
    let mut next_report = documents / 10;
    while n < documents {
        let mut batch = Vec::with_capacity(options.batch_documents);
        while batch.len() < options.batch_documents && n < documents {
            let day = first_day + chrono::Days::new(n * span_days / documents);
            let coded = match (&last, n % 10) {
                (Some(previous), 9) => syndicated(previous, n),
                _ => document(&mut rng, n, day, &codes),
            };
            done.written += coded.events.len() as u64;
            last = Some(coded.clone());
            batch.push(coded);
            n += 1;
        }
        let started = Instant::now();
        let cpu_started = thread_cpu_time();
        store.write_batch(&batch).expect("writing a batch");
        done.writing += started.elapsed();
        if let (Some(before), Some(after)) = (cpu_started, thread_cpu_time()) {
            done.writing_cpu += after - before;
        }
        if n >= next_report {
            next_report += documents / 10;
            eprintln!(
                "{n} documents, {} events, {:.0} events/s, {:.0} per CPU second",
                done.written,
                done.written as f64 / done.writing.as_secs_f64(),
                done.written as f64 / done.writing_cpu.as_secs_f64()
            );
        }
    }
    done
}

fn main() {
    let options = options();
    if !options.queries_only {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", options.db.display()));
        }
    }
    let mut store = Store::open(&options.db).expect("opening the bench store");
    let done = if options.queries_only { Fill::default() } else { fill(&mut store, &options) };
    if !options.queries_only {
        store.checkpoint().expect("checkpoint");
    }
    let summary = store.summary().expect("summary");
    let bytes = std::fs::metadata(&options.db).expect("db size").len();

    let series = StatsQuery {
        source: "USA".into(),
        target: "IRQ".into(),
        by: DatePeriod::Month,
        from: None,
        to: None,
    };
    let mut periods = 0;
    let stats_times: Vec<Duration> = (0..21)
        .map(|_| {
            let started = Instant::now();
            periods = store.stats(&series).expect("stats").len();
            started.elapsed()
        })
        .collect();
    let recent = EventQuery {
        dyad: Some(("USA".into(), "IRQ".into())),
        from: NaiveDate::from_ymd_opt(2020, 6, 1),
        to: NaiveDate::from_ymd_opt(2020, 6, 30),
        limit: Some(100),
        ..EventQuery::default()
    };
    let mut found = 0;
    let query_times: Vec<Duration> = (0..21)
        .map(|_| {
            let started = Instant::now();
            found = store.query(&recent).expect("query").len();
            started.elapsed()
        })
        .collect();

    let events_per_second = done.written as f64 / done.writing.as_secs_f64();
    let events_per_cpu_second = done.written as f64 / done.writing_cpu.as_secs_f64();
    let megabytes_per_million = bytes as f64 / 1e6 / (summary.events as f64 / 1e6);
    let stats_ms = median(stats_times).as_secs_f64() * 1e3;
    let query_ms = median(query_times).as_secs_f64() * 1e3;
    println!(
        "{} coded events from {} articles -> {} stored events, {} mentions, {} stories",
        done.written, done.documents, summary.events, summary.mentions, summary.stories
    );
    if !options.queries_only {
        println!(
            "insert: {events_per_second:.0} coded events/s ({:.1} s writing); {events_per_cpu_second:.0} per CPU \
             second ({:.1} s on the CPU, the rest waiting for the disk or other processes)",
            done.writing.as_secs_f64(),
            done.writing_cpu.as_secs_f64()
        );
    }
    println!(
        "size: {:.1} MB, {megabytes_per_million:.0} MB per million stored events (with article text and FTS)",
        bytes as f64 / 1e6
    );
    println!("stats USA,IRQ by month: {stats_ms:.2} ms median ({periods} periods)");
    println!("query USA,IRQ in June 2020, first 100: {query_ms:.2} ms median ({found} events)");
    println!(
        "{}",
        serde_json::json!({
            "coded_events": done.written, "documents": done.documents, "stored_events": summary.events,
            "mentions": summary.mentions, "events_per_second": events_per_second.round(),
            "events_per_cpu_second": events_per_cpu_second.round(),
            "db_bytes": bytes, "mb_per_million_events": megabytes_per_million,
            "stats_ms": stats_ms, "query_ms": query_ms,
        })
    );
}
