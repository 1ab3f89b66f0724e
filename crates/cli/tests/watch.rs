//! `dyad watch` against a local HTTP server serving a feed and article pages: new
//! articles are stored once, the feed is fetched conditionally, failures are retried,
//! requests are spaced and carry the user agent, and an outage loses nothing.

use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener};
use std::path::Path;
use std::process::Command;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

#[derive(Debug, Clone)]
struct Logged {
    path: String,
    user_agent: String,
    if_none_match: Option<String>,
    at: Instant,
}

struct Reply {
    status: u16,
    headers: Vec<(&'static str, String)>,
    body: String,
}

type Handler = Arc<dyn Fn(&str, Option<&str>) -> Reply + Send + Sync>;

/// A server on loopback answering with `handler`, logging every request.
fn serve(handler: Handler) -> (SocketAddr, Arc<Mutex<Vec<Logged>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let log = Arc::new(Mutex::new(Vec::new()));
    let seen = log.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut first = String::new();
            if reader.read_line(&mut first).is_err() {
                continue;
            }
            let path = first.split(' ').nth(1).unwrap_or("/").to_string();
            let (mut user_agent, mut if_none_match) = (String::new(), None);
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line.trim().is_empty() {
                    break;
                }
                if let Some((name, value)) = line.split_once(':') {
                    match name.trim().to_ascii_lowercase().as_str() {
                        "user-agent" => user_agent = value.trim().to_string(),
                        "if-none-match" => if_none_match = Some(value.trim().to_string()),
                        _ => {}
                    }
                }
            }
            seen.lock().unwrap().push(Logged {
                path: path.clone(),
                user_agent,
                if_none_match: if_none_match.clone(),
                at: Instant::now(),
            });
            let reply = handler(&path, if_none_match.as_deref());
            let mut head = format!(
                "HTTP/1.1 {} X\r\nContent-Length: {}\r\nConnection: close\r\n",
                reply.status,
                reply.body.len()
            );
            for (name, value) in &reply.headers {
                head.push_str(&format!("{name}: {value}\r\n"));
            }
            head.push_str("\r\n");
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(reply.body.as_bytes());
        }
    });
    (addr, log)
}

fn feed(addr: SocketAddr) -> String {
    let item = |n: u32, title: &str, day: u32| {
        format!(
            "<item><title>{title}</title><link>http://{addr}/a{n}.html</link><guid>watch-{n}</guid>\
             <pubDate>Tue, {day:02} Jul 2021 08:00:00 GMT</pubDate><description>{title}.</description></item>"
        )
    };
    format!(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Local news</title>\
         <link>http://{addr}/</link><description>Test</description>{}{}{}</channel></rss>",
        item(1, "Iraq and Iran sign an agreement", 6),
        item(2, "Turkey criticises Iraq", 7),
        item(3, "The United States praises Iraq", 8),
    )
}

fn page(n: &str) -> String {
    let (title, body) = match n {
        "1" => ("Iraq and Iran sign an agreement", "Iran signed an agreement with Iraq on electricity supplies on Tuesday in Tehran. Iraq thanked Iran for its help. The deal covers gas deliveries for the summer months, officials said."),
        "2" => ("Turkey criticises Iraq", "Turkey criticised Iraq on Wednesday over the border crossings. Iraq rejected the criticism. The two governments have disagreed over trade and water for years."),
        _ => ("The United States praises Iraq", "The United States praised Iraq on Thursday for its efforts against militant groups. Iraqi officials welcomed the statement. Talks on the future of the coalition continue in Baghdad."),
    };
    format!(
        "<!doctype html><html><head><title>{title}</title>\
         <meta property=\"article:published_time\" content=\"2021-07-0{n}T08:00:00Z\"></head>\
         <body><nav>Home | World | Sport</nav><article><h1>{title}</h1><p>{body}</p>\
         <p>More reporting followed from the region as the story developed during the day.</p></article>\
         <footer>Copyright Local News</footer></body></html>"
    )
}

fn ok(body: String) -> Reply {
    Reply { status: 200, headers: vec![], body }
}

fn dyad(args: &[&str]) -> (bool, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_dyad")).args(args).output().expect("running dyad");
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stdout).to_string(),
        String::from_utf8_lossy(&output.stderr).to_string(),
    )
}

fn report(stdout: &str) -> serde_json::Value {
    serde_json::from_str(stdout.lines().last().expect("a report line")).expect("a JSON report")
}

fn write_feeds(dir: &Path, addr: SocketAddr) -> String {
    let path = dir.join("feeds.toml");
    std::fs::write(
        &path,
        format!(
            "user_agent = \"dyad-test/1 (watch tests)\"\ndelay_seconds = 0.1\nretries = 2\nbackoff_seconds = 0.05\n\
             timeout_seconds = 10\n[[feed]]\nurl = \"http://{addr}/feed.xml\"\nname = \"Local news\"\n"
        ),
    )
    .unwrap();
    path.display().to_string()
}

fn documents(db: &Path) -> u64 {
    dyad_store::Store::open_existing(db).unwrap().summary().unwrap().documents
}

#[test]
fn new_articles_are_stored_once_and_the_feed_is_fetched_conditionally() {
    let flaky = Arc::new(AtomicUsize::new(0));
    let counter = flaky.clone();
    let addr_cell: Arc<Mutex<Option<SocketAddr>>> = Arc::new(Mutex::new(None));
    let cell = addr_cell.clone();
    let handler: Handler = Arc::new(move |path, if_none_match| {
        let addr = cell.lock().unwrap().expect("the address");
        match path {
            "/feed.xml" if if_none_match == Some("\"v1\"") => {
                Reply { status: 304, headers: vec![], body: String::new() }
            }
            "/feed.xml" => Reply { status: 200, headers: vec![("ETag", "\"v1\"".into())], body: feed(addr) },
            // The third page fails once, then answers: retried within the cycle.
            "/a3.html" if counter.fetch_add(1, Ordering::SeqCst) == 0 => {
                Reply { status: 503, headers: vec![], body: "busy".into() }
            }
            _ if path.starts_with("/a") => ok(page(&path[2..3])),
            _ => Reply { status: 404, headers: vec![], body: String::new() },
        }
    });
    let (addr, log) = serve(handler);
    *addr_cell.lock().unwrap() = Some(addr);
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("news.db");
    let feeds = write_feeds(dir.path(), addr);
    let db_arg = db.display().to_string();

    let (success, stdout, stderr) = dyad(&["watch", &feeds, "--db", &db_arg, "--once"]);
    assert!(success, "{stderr}");
    let first = report(&stdout);
    assert_eq!(first["feeds_fetched"], 1, "{first} {stderr}");
    assert_eq!(first["articles_stored"], 3, "{first} {stderr}");
    assert!(first["events_new"].as_u64().unwrap() >= 3, "{first}");
    assert_eq!(documents(&db), 3);
    {
        let log = log.lock().unwrap();
        assert!(log.iter().all(|r| r.user_agent == "dyad-test/1 (watch tests)"), "{log:?}");
        assert_eq!(log.iter().filter(|r| r.path == "/a3.html").count(), 2, "retried once");
        // One host: every request waits for the politeness delay (0.1 s) after the last.
        // The server stamps a request when it has read it, so on a loaded machine two
        // stamps can come closer than the client's delay; without any delay they
        // would be about a millisecond apart.
        for pair in log.windows(2) {
            let gap = pair[1].at.duration_since(pair[0].at).as_secs_f64();
            assert!(gap >= 0.05, "requests {gap:.3} s apart: {log:?}");
        }
    }

    // Again: the feed answers 304 and nothing is fetched or stored twice.
    let requests_before = log.lock().unwrap().len();
    let (success, stdout, stderr) = dyad(&["watch", &feeds, "--db", &db_arg, "--once"]);
    assert!(success, "{stderr}");
    let second = report(&stdout);
    assert_eq!(
        (second["feeds_not_modified"].as_u64(), second["articles_stored"].as_u64()),
        (Some(1), Some(0))
    );
    let log = log.lock().unwrap();
    assert_eq!(log.len(), requests_before + 1);
    assert_eq!(log.last().unwrap().if_none_match.as_deref(), Some("\"v1\""));
    assert_eq!(documents(&db), 3);
}

#[test]
fn an_outage_loses_nothing_even_when_the_feed_then_answers_304() {
    let healthy = Arc::new(AtomicBool::new(false));
    let up = healthy.clone();
    let addr_cell: Arc<Mutex<Option<SocketAddr>>> = Arc::new(Mutex::new(None));
    let cell = addr_cell.clone();
    let handler: Handler = Arc::new(move |path, if_none_match| {
        let addr = cell.lock().unwrap().expect("the address");
        match path {
            "/feed.xml" if if_none_match == Some("\"v1\"") => {
                Reply { status: 304, headers: vec![], body: String::new() }
            }
            "/feed.xml" => Reply { status: 200, headers: vec![("ETag", "\"v1\"".into())], body: feed(addr) },
            _ if !up.load(Ordering::SeqCst) => Reply { status: 503, headers: vec![], body: "down".into() },
            _ if path.starts_with("/a") => ok(page(&path[2..3])),
            _ => Reply { status: 404, headers: vec![], body: String::new() },
        }
    });
    let (addr, _log) = serve(handler);
    *addr_cell.lock().unwrap() = Some(addr);
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("news.db");
    let feeds = write_feeds(dir.path(), addr);
    let db_arg = db.display().to_string();

    let (success, stdout, stderr) = dyad(&["watch", &feeds, "--db", &db_arg, "--once"]);
    assert!(success, "{stderr}");
    let first = report(&stdout);
    assert_eq!(
        (first["articles_stored"].as_u64(), first["articles_deferred"].as_u64()),
        (Some(0), Some(3)),
        "{first}"
    );
    let state = std::fs::read_to_string(dir.path().join("news.db.watch.json")).unwrap();
    assert!(state.contains("watch-1") && state.contains("v1"), "{state}");

    // The site is back; the feed has not changed (304), and the queued items are fetched.
    healthy.store(true, Ordering::SeqCst);
    let (success, stdout, stderr) = dyad(&["watch", &feeds, "--db", &db_arg, "--once"]);
    assert!(success, "{stderr}");
    let second = report(&stdout);
    assert_eq!(second["feeds_not_modified"], 1, "{second}");
    assert_eq!(second["articles_stored"], 3, "{second} {stderr}");

    let (success, stdout, _) = dyad(&["watch", &feeds, "--db", &db_arg, "--once"]);
    assert!(success);
    assert_eq!(report(&stdout)["articles_stored"], 0);
    assert_eq!(documents(&db), 3);
}

#[test]
fn killed_mid_cycle_it_resumes_without_loss_or_duplicates() {
    let addr_cell: Arc<Mutex<Option<SocketAddr>>> = Arc::new(Mutex::new(None));
    let cell = addr_cell.clone();
    let handler: Handler = Arc::new(move |path, if_none_match| {
        let addr = cell.lock().unwrap().expect("the address");
        match path {
            "/feed.xml" if if_none_match == Some("\"v1\"") => {
                Reply { status: 304, headers: vec![], body: String::new() }
            }
            "/feed.xml" => Reply { status: 200, headers: vec![("ETag", "\"v1\"".into())], body: feed(addr) },
            _ if path.starts_with("/a") => {
                // Slow pages, so that the kill lands between two articles.
                std::thread::sleep(std::time::Duration::from_millis(700));
                ok(page(&path[2..3]))
            }
            _ => Reply { status: 404, headers: vec![], body: String::new() },
        }
    });
    let (addr, _log) = serve(handler);
    *addr_cell.lock().unwrap() = Some(addr);
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("news.db");
    let feeds = write_feeds(dir.path(), addr);
    let db_arg = db.display().to_string();

    let mut child = Command::new(env!("CARGO_BIN_EXE_dyad"))
        .args(["watch", &feeds, "--db", &db_arg, "--once"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    loop {
        let stored = dyad_store::Store::open_existing(&db)
            .map(|s| s.summary().map_or(0, |n| n.documents))
            .unwrap_or(0);
        if stored >= 1 {
            break;
        }
        assert!(started.elapsed().as_secs() < 120, "nothing stored in two minutes");
        assert!(child.try_wait().unwrap().is_none(), "watch finished before it could be killed");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    let before = documents(&db);
    assert!(before < 3, "killed after {before} article(s)");

    let (success, _, stderr) = dyad(&["watch", &feeds, "--db", &db_arg, "--once"]);
    assert!(success, "{stderr}");
    assert_eq!(documents(&db), 3);
    let store = dyad_store::Store::open_existing(&db).unwrap();
    assert_eq!(store.check().unwrap(), Vec::<String>::new());
}
