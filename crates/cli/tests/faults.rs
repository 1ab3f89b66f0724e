//! Faults from outside, injected into real runs of the `dyad` binary: a damaged store
//! file, a read-only store, a full disk, and a feed server that hangs, resets
//! connections, answers garbage or dies mid-answer, and `dyad watch` killed with
//! SIGKILL. Each run must end with a clear error naming what failed (never a panic),
//! and a later run must end with exactly the data of a run that met no fault.
//!
//! The read-only and disk-full tests need a filesystem of their own: as root they run
//! `dyad` inside a private mount namespace (`unshare --mount`) on a read-only bind
//! mount or a size-limited tmpfs, so nothing outside the test sees the mounts. Without
//! root or `unshare` the read-only test falls back to file modes and the disk-full
//! test is skipped with a message.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

mod common;

use common::precoded;
use dyad_store::{EventQuery, Store};

fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_dyad")
}

fn dyad(args: &[&str]) -> Output {
    Command::new(bin()).args(args).output().expect("the dyad binary runs")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn seed_article() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/seed-article.jsonl").display().to_string()
}

/// No run may end in a panic, whatever broke.
fn assert_no_panic(output: &str) {
    assert!(!output.contains("panicked"), "a panic: {output}");
    assert!(!output.contains("RUST_BACKTRACE"), "a panic: {output}");
}

/// Every event id and the store's counts: equal dumps mean the same data.
fn dump(db: &Path) -> (dyad_store::Summary, Vec<String>) {
    let store = Store::open_existing(db).unwrap_or_else(|err| panic!("{}: {err}", db.display()));
    let problems = store.check().expect("the check runs");
    assert!(problems.is_empty(), "{}: {problems:#?}", db.display());
    let mut events: Vec<String> = store
        .query(&EventQuery::default())
        .expect("the events")
        .into_iter()
        .map(|e| format!("{} {} {:?}", e.event.event_id, e.event.cameo.as_str(), e.event.mentions))
        .collect();
    events.sort();
    (store.summary().expect("the summary"), events)
}

/// Whether this process may make mount namespaces (root with `unshare`).
fn can_mount() -> bool {
    let root =
        Command::new("id").arg("-u").output().is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0");
    root && Command::new("unshare")
        .args(["--mount", "--propagation", "private", "true"])
        .status()
        .is_ok_and(|s| s.success())
}

/// Runs `script` with `sh` in a private mount namespace; `$DYAD` is the binary.
fn in_mount_namespace(script: &str) -> Output {
    Command::new("unshare")
        .args(["--mount", "--propagation", "private", "sh", "-c", script])
        .env("DYAD", bin())
        .output()
        .expect("unshare runs")
}

#[test]
fn a_damaged_or_truncated_store_is_a_clear_error_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.db");
    let ingest = dyad(&["ingest", "--db", &good.display().to_string(), &seed_article()]);
    assert!(ingest.status.success(), "{}", stderr(&ingest));
    let bytes = std::fs::read(&good).unwrap();
    assert!(bytes.len() > 16 * 4096, "a store of {} bytes", bytes.len());

    // Pages overwritten in the middle (a bad sector, a torn copy), and a file cut short.
    let mut damaged = bytes.clone();
    for b in &mut damaged[3 * 4096..bytes.len() - 4096] {
        *b = 0xA5;
    }
    let cases = [("damaged.db", damaged), ("truncated.db", bytes[..bytes.len() / 3].to_vec())];
    for (name, content) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, content).unwrap();
        let db = path.display().to_string();
        for args in [
            vec!["query", "--db", &db],
            vec!["stats", "--db", &db, "--dyad", "USA,IRQ"],
            vec!["export", "--db", &db, "--format", "csv", "--out", "-"],
            vec!["ingest", "--db", &db, &seed_article()],
        ] {
            let output = dyad(&args);
            let err = stderr(&output);
            assert_no_panic(&err);
            assert!(!output.status.success(), "{args:?} succeeded on a {name}: {err}");
            assert!(err.contains(&db), "{args:?}: the error does not name {db}: {err}");
            assert!(
                err.contains("malformed") || err.contains("not a SQLite database") || err.contains("corrupt"),
                "{args:?}: the error does not say the file is damaged: {err}"
            );
        }
    }
}

#[test]
fn a_read_only_store_is_a_clear_error_and_loses_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let store_dir = dir.path().join("ro");
    std::fs::create_dir(&store_dir).unwrap();
    let db = store_dir.join("news.db");
    let db_arg = db.display().to_string();
    let first = dyad(&["ingest", "--db", &db_arg, &seed_article()]);
    assert!(first.status.success(), "{}", stderr(&first));
    let before = dump(&db);
    let other = dir.path().join("other.jsonl");
    std::fs::write(
        &other,
        "{\"id\": \"ro-1\", \"date\": \"2021-07-14\", \"text\": \"Turkey criticised Iraq on Wednesday over the border crossings.\"}\n",
    )
    .unwrap();

    let (ingest_err, query_out) = if can_mount() {
        // A read-only filesystem: what root meets on a read-only mount or a full
        // snapshot, where file modes do not stop it.
        let script = format!(
            "mount --bind '{d}' '{d}' && mount -o remount,bind,ro '{d}' || exit 99\n\
             \"$DYAD\" ingest --db '{db}' '{other}' 2>&1; echo \"ingest exit $?\"\n\
             \"$DYAD\" query --db '{db}' --format jsonl 2>&1; echo \"query exit $?\"",
            d = store_dir.display(),
            db = db_arg,
            other = other.display()
        );
        let output = in_mount_namespace(&script);
        let all = String::from_utf8_lossy(&output.stdout).into_owned();
        assert_ne!(output.status.code(), Some(99), "could not make the read-only mount: {}", stderr(&output));
        let (ingest, query) = all.split_once("ingest exit").expect("both commands ran");
        (format!("{ingest}ingest exit{}", query.lines().next().unwrap_or("")), query.to_string())
    } else {
        eprintln!("not root or no unshare: the read-only store is made with file modes");
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o444)).unwrap();
        std::fs::set_permissions(&store_dir, std::fs::Permissions::from_mode(0o555)).unwrap();
        let ingest = dyad(&["ingest", "--db", &db_arg, &other.display().to_string()]);
        let query = dyad(&["query", "--db", &db_arg, "--format", "jsonl"]);
        std::fs::set_permissions(&store_dir, std::fs::Permissions::from_mode(0o755)).unwrap();
        std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o644)).unwrap();
        (
            format!("{}ingest exit {}", stderr(&ingest), ingest.status.code().unwrap_or(-1)),
            format!("{}{}", String::from_utf8_lossy(&query.stdout), stderr(&query)),
        )
    };
    assert_no_panic(&ingest_err);
    assert_no_panic(&query_out);
    assert!(
        !ingest_err.contains("ingest exit 0"),
        "an ingest into a read-only store succeeded: {ingest_err}"
    );
    assert!(ingest_err.contains(&db_arg), "the error does not name the store: {ingest_err}");
    assert!(
        ingest_err.contains("read-only") || ingest_err.contains("readonly"),
        "the error does not say the store is read-only: {ingest_err}"
    );
    eprintln!("query on the read-only store: {}", query_out.lines().last().unwrap_or(""));
    assert_eq!(dump(&db), before, "the failed ingest changed the store");

    // Writable again, the same ingest stores the article once.
    let again = dyad(&["ingest", "--db", &db_arg, &other.display().to_string()]);
    assert!(again.status.success(), "{}", stderr(&again));
    assert_eq!(dump(&db).0.documents, before.0.documents + 1);
}

#[test]
fn a_full_disk_is_a_clear_error_and_a_rerun_with_space_matches_a_clean_run() {
    if !can_mount() {
        eprintln!("skipped: a size-limited filesystem needs root and unshare (a private tmpfs)");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("coded.jsonl");
    precoded(&input, 0..1500);
    let clean = dir.path().join("clean.db");
    let output = Command::new(bin())
        .args(["ingest", "--precoded", "--batch", "32", "--db"])
        .arg(&clean)
        .arg(&input)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let clean_dump = dump(&clean);
    let clean_size = std::fs::metadata(&clean).unwrap().len();

    // A tmpfs of a third of the store's size fills up part-way; then it is given room
    // and the same command runs again.
    let mount = dir.path().join("small");
    let kept = dir.path().join("kept");
    std::fs::create_dir(&mount).unwrap();
    std::fs::create_dir(&kept).unwrap();
    let db = mount.join("news.db");
    let script = format!(
        "mount -t tmpfs -o size={size} tmpfs '{m}' || exit 99\n\
         \"$DYAD\" ingest --precoded --batch 32 --db '{db}' '{input}' > /dev/null 2> '{k}/first.err'\n\
         echo $? > '{k}/first.rc'\n\
         mount -o remount,size=256m '{m}' || exit 98\n\
         \"$DYAD\" ingest --precoded --batch 32 --db '{db}' '{input}' > /dev/null 2> '{k}/second.err'\n\
         echo $? > '{k}/second.rc'\n\
         cp '{db}' '{k}/news.db'",
        size = clean_size / 3,
        m = mount.display(),
        db = db.display(),
        input = input.display(),
        k = kept.display()
    );
    let output = in_mount_namespace(&script);
    assert!(output.status.success(), "the script failed: {} {}", stderr(&output), output.status);
    let read = |name: &str| std::fs::read_to_string(kept.join(name)).unwrap();
    let first_err = read("first.err");
    assert_no_panic(&first_err);
    assert_ne!(read("first.rc").trim(), "0", "an ingest onto a full disk succeeded: {first_err}");
    assert!(first_err.contains(&db.display().to_string()), "the error does not name the store: {first_err}");
    assert!(first_err.contains("full"), "the error does not say the disk is full: {first_err}");
    let second_err = read("second.err");
    assert_eq!(read("second.rc").trim(), "0", "the rerun failed: {second_err}");
    let (summary, events) = dump(&kept.join("news.db"));
    assert_eq!(summary, clean_dump.0, "a rerun after a full disk differs from a clean run");
    assert_eq!(events, clean_dump.1, "a rerun after a full disk differs from a clean run");
}

/// How the fault server answers.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Mode {
    /// A feed of three items and their pages.
    Healthy = 0,
    /// Reads the request and never answers.
    Hang = 1,
    /// Closes the connection with the request unread, which resets it.
    Reset = 2,
    /// Answers bytes that are not HTTP.
    NotHttp = 3,
    /// A 200 whose body is binary noise, for the feed and every page.
    GarbageBody = 4,
    /// Promises more body than it sends, then closes.
    Truncated = 5,
    /// The feed is fine; every page is noise.
    GarbagePages = 6,
    /// Answers slowly (a page in 300 ms), for kills in the middle of a cycle.
    Slow = 7,
}

const MODES: [Mode; 8] = [
    Mode::Healthy,
    Mode::Hang,
    Mode::Reset,
    Mode::NotHttp,
    Mode::GarbageBody,
    Mode::Truncated,
    Mode::GarbagePages,
    Mode::Slow,
];

fn noise(n: usize, seed: usize) -> Vec<u8> {
    let mut x = seed as u64 | 1;
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect()
}

fn feed(addr: SocketAddr) -> String {
    let item = |n: u32, title: &str| {
        format!(
            "<item><title>{title}</title><link>http://{addr}/a{n}.html</link><guid>fault-{n}</guid>\
             <pubDate>Tue, 0{n} Jul 2021 08:00:00 GMT</pubDate><description>{title}.</description></item>"
        )
    };
    format!(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Fault news</title>\
         <link>http://{addr}/</link><description>Test</description>{}{}{}</channel></rss>",
        item(1, "Iran signs an agreement with Iraq"),
        item(2, "Turkey criticises Iraq"),
        item(3, "The United States praises Iraq"),
    )
}

fn page(n: &str) -> String {
    let body = match n {
        "1" => "Iran signed an agreement with Iraq on electricity supplies on Tuesday in Tehran. Iraq thanked Iran for its help.",
        "2" => "Turkey criticised Iraq on Wednesday over the border crossings. Iraq rejected the criticism.",
        _ => "The United States praised Iraq on Thursday for its efforts against militant groups.",
    };
    format!(
        "<!doctype html><html><head><title>Story {n}</title>\
         <meta property=\"article:published_time\" content=\"2021-07-0{n}T08:00:00Z\"></head>\
         <body><article><h1>Story {n}</h1><p>{body}</p>\
         <p>More reporting followed from the region as the story developed during the day.</p></article></body></html>"
    )
}

/// A server on loopback whose behaviour `mode` switches; it stops with the test process.
fn fault_server(mode: Arc<AtomicUsize>) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for (n, stream) in listener.incoming().enumerate() {
            let Ok(stream) = stream else { continue };
            let mode = MODES[mode.load(Ordering::SeqCst)];
            std::thread::spawn(move || answer(stream, mode, addr, n));
        }
    });
    addr
}

fn answer(mut stream: TcpStream, mode: Mode, addr: SocketAddr, n: usize) {
    if mode == Mode::Reset {
        // Data left unread when the socket closes makes the kernel send a reset.
        std::thread::sleep(Duration::from_millis(50));
        return;
    }
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut first = String::new();
    if reader.read_line(&mut first).is_err() {
        return;
    }
    let path = first.split(' ').nth(1).unwrap_or("/").to_string();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 || line.trim().is_empty() {
            break;
        }
    }
    let reply = |stream: &mut TcpStream, body: &[u8]| {
        let head = format!("HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n", body.len());
        let _ = stream.write_all(head.as_bytes());
        let _ = stream.write_all(body);
    };
    let healthy_body =
        || if path == "/feed.xml" { feed(addr).into_bytes() } else { page(&path[2..3]).into_bytes() };
    match mode {
        Mode::Healthy => reply(&mut stream, &healthy_body()),
        Mode::Slow => {
            std::thread::sleep(Duration::from_millis(300));
            reply(&mut stream, &healthy_body());
        }
        Mode::Hang => {
            // Longer than the client's timeout; the thread ends with the test process.
            std::thread::sleep(Duration::from_secs(30));
        }
        Mode::NotHttp => {
            let _ = stream.write_all(&noise(2000, n));
        }
        Mode::GarbageBody => reply(&mut stream, &noise(5000, n)),
        Mode::GarbagePages if path == "/feed.xml" => reply(&mut stream, &healthy_body()),
        Mode::GarbagePages => reply(&mut stream, &noise(3000, n)),
        Mode::Truncated => {
            let body = healthy_body();
            let head =
                format!("HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n", body.len() * 2);
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(&body[..body.len() / 2]);
        }
        Mode::Reset => unreachable!(),
    }
    let _ = stream.flush();
}

/// `dyad watch --once`, killed (and failed) if it runs past `limit`.
fn watch_once(feeds: &str, db: &str, limit: Duration) -> (bool, String, String, Duration) {
    let started = Instant::now();
    let mut child = Command::new(bin())
        .args(["watch", feeds, "--db", db, "--once"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            let mut out = String::new();
            let mut err = String::new();
            child.stdout.take().unwrap().read_to_string(&mut out).unwrap();
            child.stderr.take().unwrap().read_to_string(&mut err).unwrap();
            return (status.success(), out, err, started.elapsed());
        }
        if started.elapsed() > limit {
            child.kill().ok();
            child.wait().ok();
            panic!("dyad watch ran past {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn report(stdout: &str) -> serde_json::Value {
    serde_json::from_str(stdout.lines().last().unwrap_or("{}")).unwrap_or(serde_json::Value::Null)
}

fn write_feeds(dir: &Path, addr: SocketAddr) -> String {
    let path = dir.join("feeds.toml");
    std::fs::write(
        &path,
        format!(
            "delay_seconds = 0\nretries = 1\nbackoff_seconds = 0.05\ntimeout_seconds = 1\n\
             [[feed]]\nurl = \"http://{addr}/feed.xml\"\nname = \"Fault news\"\n"
        ),
    )
    .unwrap();
    path.display().to_string()
}

fn documents(db: &Path) -> u64 {
    if !db.exists() {
        return 0;
    }
    dump(db).0.documents
}

#[test]
fn a_feed_server_that_hangs_resets_or_answers_garbage_loses_and_duplicates_nothing() {
    let mode = Arc::new(AtomicUsize::new(Mode::Healthy as usize));
    let addr = fault_server(mode.clone());
    let dir = tempfile::tempdir().unwrap();
    let feeds = write_feeds(dir.path(), addr);

    // A store that never met a fault.
    let clean: PathBuf = dir.path().join("clean.db");
    let (ok, out, err, _) = watch_once(&feeds, &clean.display().to_string(), Duration::from_secs(60));
    assert!(ok, "{err}");
    assert_eq!(report(&out)["articles_stored"], 3, "{out} {err}");
    let clean_dump = dump(&clean);

    // Each fault in turn, then the server heals: the store ends as the clean one. The
    // faulty runs must end by themselves, report what failed and exit normally.
    let faults =
        [Mode::Hang, Mode::Reset, Mode::NotHttp, Mode::GarbageBody, Mode::Truncated, Mode::GarbagePages];
    for fault in faults {
        let db = dir.path().join(format!("{fault:?}.db"));
        let db_arg = db.display().to_string();
        mode.store(fault as usize, Ordering::SeqCst);
        let (ok, out, err, took) = watch_once(&feeds, &db_arg, Duration::from_secs(60));
        assert_no_panic(&err);
        assert!(ok, "{fault:?}: dyad watch failed: {err}");
        let first = report(&out);
        eprintln!("{fault:?}: {took:?}: {first}");
        assert_eq!(first["articles_stored"], 0, "{fault:?}: {first} {err}");
        let failed = first["feeds_failed"].as_u64().unwrap_or(0)
            + first["articles_failed"].as_u64().unwrap_or(0)
            + first["articles_deferred"].as_u64().unwrap_or(0)
            + first["articles_not_coded"].as_u64().unwrap_or(0);
        // A feed of binary noise is counted as fetched (it answered 200) with no items,
        // and the message says what it was.
        let noise_reported = err.contains("binary");
        assert!(failed > 0 || noise_reported, "{fault:?}: nothing reported as failed: {first} {err}");
        assert!(
            err.contains(&addr.to_string()) || err.contains("Fault news"),
            "{fault:?}: the message names neither the feed nor the server: {err}"
        );
        assert_eq!(documents(&db), 0, "{fault:?}");

        mode.store(Mode::Healthy as usize, Ordering::SeqCst);
        let (ok, out, err, _) = watch_once(&feeds, &db_arg, Duration::from_secs(60));
        assert!(ok, "{fault:?}, healed: {err}");
        let healed = report(&out);
        if fault == Mode::GarbagePages {
            // Pages that were noise were given up as "not an article", as a real 404
            // would be; the feed's items are not fetched again.
            assert!(healed["articles_stored"].as_u64().unwrap_or(0) <= 3, "{healed}");
            continue;
        }
        assert_eq!(
            dump(&db),
            clean_dump,
            "{fault:?}: after healing the store differs from a clean one: {healed} {err}"
        );
        // Once is enough to see that a run after the healing stores nothing again
        // (each run loads the models: the test is kept short).
        if fault == Mode::Hang {
            let (ok, out, _, _) = watch_once(&feeds, &db_arg, Duration::from_secs(60));
            assert!(ok);
            assert_eq!(report(&out)["articles_stored"], 0, "{fault:?}: stored again");
            assert_eq!(dump(&db), clean_dump, "{fault:?}: a third run changed the store");
        }
    }
}

#[test]
fn watch_killed_at_random_points_loses_and_duplicates_nothing() {
    let mode = Arc::new(AtomicUsize::new(Mode::Healthy as usize));
    let addr = fault_server(mode.clone());
    let dir = tempfile::tempdir().unwrap();
    let feeds = write_feeds(dir.path(), addr);
    let clean = dir.path().join("clean.db");
    let (ok, _, err, _) = watch_once(&feeds, &clean.display().to_string(), Duration::from_secs(60));
    assert!(ok, "{err}");
    let clean_dump = dump(&clean);

    // Slow answers (300 ms each) spread a cycle out; the kills are timed as fractions
    // of a whole slow cycle, measured first, so that they land after the models are
    // loaded too: between and during the fetches and the writes of the three articles.
    mode.store(Mode::Slow as usize, Ordering::SeqCst);
    let timing = dir.path().join("timing.db");
    let (ok, _, err, cycle) = watch_once(&feeds, &timing.display().to_string(), Duration::from_secs(60));
    assert!(ok, "{err}");
    let db = dir.path().join("killed.db");
    let db_arg = db.display().to_string();
    let mut kills = 0;
    let mut stored_before_last_kill = 0;
    for fraction in [0.45, 0.65, 0.8, 0.92] {
        let mut child = Command::new(bin())
            .args(["watch", &feeds, "--db", &db_arg, "--once"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(cycle.mul_f64(fraction));
        if child.try_wait().unwrap().is_none() {
            kills += 1;
        }
        child.kill().ok();
        child.wait().unwrap();
        if db.exists() {
            // The store a kill leaves opens and keeps its invariants.
            stored_before_last_kill = dump(&db).0.documents;
        }
    }
    eprintln!("a slow cycle takes {cycle:?}; {kills} kills; {stored_before_last_kill} article(s) stored before the last");
    mode.store(Mode::Healthy as usize, Ordering::SeqCst);
    let (ok, _, err, _) = watch_once(&feeds, &db_arg, Duration::from_secs(60));
    assert!(ok, "{err}");
    assert!(kills >= 2, "only {kills} runs were killed");
    assert_eq!(dump(&db), clean_dump, "after {kills} kills the store differs from a clean one");
}
