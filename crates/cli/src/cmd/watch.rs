//! `dyad watch`: keeps a store current from RSS and Atom feeds.
//!
//! Each cycle fetches every feed (conditional GET: `If-None-Match`, `If-Modified-Since`),
//! queues the items not seen before, then fetches each item's page, codes it and
//! stores it. Requests to one host are spaced by a delay; a failed request is retried
//! with exponential backoff (honouring `Retry-After`); every request names Dyad in its
//! user agent.
//!
//! Nothing is lost or duplicated across crashes and restarts: the state file (next to
//! the store) records each feed's validators together with its queue of items, written
//! atomically (a new file renamed over the old), so a feed answering 304 after a crash
//! still leaves its unfinished items queued; an item is dequeued only after its
//! document is in the store (whose writes are transactional and idempotent) or after it
//! failed for good.

use std::collections::{HashMap, VecDeque};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use clap::Args;
use dyad_model::Severity;
use dyad_store::{CodedDocument, Store};
use serde::{Deserialize, Serialize};

use super::ingest::DbArgs;
use crate::inputs::PipelineArgs;

#[derive(Args, Debug)]
pub struct WatchArgs {
    #[command(flatten)]
    pipeline: PipelineArgs,
    #[command(flatten)]
    db: DbArgs,
    /// The feeds: a TOML file with one `[[feed]]` table per feed (`url`, optional
    /// `name`) and optional `user_agent`, `delay_seconds`, `retries`, `timeout_seconds`.
    #[arg(value_name = "FEEDS.toml")]
    feeds: PathBuf,
    /// Time between cycles: 90s, 15m, 2h.
    #[arg(long, value_name = "DURATION", default_value = "15m", value_parser = parse_every)]
    every: Duration,
    /// Run one cycle and exit.
    #[arg(long)]
    once: bool,
    /// Where to keep the feeds' state (default: the store's path + `.watch.json`).
    #[arg(long, value_name = "PATH")]
    state: Option<PathBuf>,
}

fn parse_every(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    let (number, unit) = text.split_at(text.find(|c: char| !c.is_ascii_digit()).unwrap_or(text.len()));
    let n: u64 = number.parse().map_err(|_| format!("{text:?} is not a duration like 90s, 15m or 2h"))?;
    let seconds = match unit {
        "s" => n,
        "m" | "" => n * 60,
        "h" => n * 3600,
        _ => return Err(format!("{text:?}: the unit must be s, m or h")),
    };
    if seconds == 0 {
        return Err("the interval must be more than zero".into());
    }
    Ok(Duration::from_secs(seconds))
}

/// FEEDS.toml.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FeedsFile {
    #[serde(default = "default_user_agent")]
    user_agent: String,
    /// Least time between two requests to one host.
    #[serde(default = "default_delay")]
    delay_seconds: f64,
    /// Further tries after a failed request.
    #[serde(default = "default_retries")]
    retries: u32,
    /// First wait before a retry; doubled each time.
    #[serde(default = "default_backoff")]
    backoff_seconds: f64,
    #[serde(default = "default_timeout")]
    timeout_seconds: f64,
    #[serde(rename = "feed", default)]
    feeds: Vec<FeedEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FeedEntry {
    url: String,
    name: Option<String>,
}

fn default_user_agent() -> String {
    format!("dyad/{} (political event coding; +https://example.invalid/dyad)", env!("CARGO_PKG_VERSION"))
}
fn default_delay() -> f64 {
    2.0
}
fn default_retries() -> u32 {
    3
}
fn default_backoff() -> f64 {
    1.0
}
fn default_timeout() -> f64 {
    30.0
}

/// Items handled but not in the store (not coded, or failed for good), remembered so
/// that they are not fetched again at every cycle. The oldest are forgotten first.
const REMEMBERED: usize = 20_000;
/// An item that keeps failing is given up after this many cycles.
const MAX_ATTEMPTS: u32 = 5;

/// What survives a restart.
#[derive(Debug, Default, Serialize, Deserialize)]
struct State {
    feeds: HashMap<String, FeedState>,
    done: VecDeque<String>,
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct FeedState {
    etag: Option<String>,
    last_modified: Option<String>,
    pending: Vec<Pending>,
}

/// An item waiting to be fetched, with what the feed said about it.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Pending {
    url: Option<String>,
    id: String,
    title: Option<String>,
    date: Option<chrono::NaiveDate>,
    /// The feed's own text, used when the item has no link.
    text: String,
    attempts: u32,
}

impl State {
    fn load(path: &Path) -> Result<State> {
        match std::fs::read(path) {
            Ok(bytes) => serde_json::from_slice(&bytes)
                .with_context(|| format!("{}: not a dyad watch state file", path.display())),
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(State::default()),
            Err(err) => Err(err).with_context(|| format!("reading {}", path.display())),
        }
    }

    /// Writes a new file and renames it over the old one: a crash leaves either.
    fn save(&self, path: &Path) -> Result<()> {
        let temporary = path.with_extension("json.tmp");
        let bytes = serde_json::to_vec(self).context("encoding the watch state")?;
        {
            let mut file = std::fs::File::create(&temporary)
                .with_context(|| format!("writing {}", temporary.display()))?;
            std::io::Write::write_all(&mut file, &bytes)
                .with_context(|| format!("writing {}", temporary.display()))?;
            file.sync_all().with_context(|| format!("writing {}", temporary.display()))?;
        }
        std::fs::rename(&temporary, path).with_context(|| format!("replacing {}", path.display()))
    }

    fn remember(&mut self, key: String) {
        if !self.done.contains(&key) {
            self.done.push_back(key);
            while self.done.len() > REMEMBERED {
                self.done.pop_front();
            }
        }
    }
}

/// An HTTP answer, or why there is none.
enum Fetched {
    Body { bytes: Vec<u8>, etag: Option<String>, last_modified: Option<String> },
    NotModified,
}

/// Failures: `Transient` ones are retried next cycle, `Permanent` ones are not.
enum FetchError {
    Transient(String),
    Permanent(String),
}

impl std::fmt::Display for FetchError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FetchError::Transient(message) | FetchError::Permanent(message) => f.write_str(message),
        }
    }
}

/// Largest feed or page read, in bytes.
const MAX_BODY: u64 = 16 * 1024 * 1024;

struct Fetcher {
    agent: ureq::Agent,
    delay: Duration,
    retries: u32,
    backoff: Duration,
    last_request: HashMap<String, Instant>,
}

fn host_of(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    rest.split(['/', '?', '#']).next().unwrap_or("").to_ascii_lowercase()
}

impl Fetcher {
    fn new(config: &FeedsFile) -> Fetcher {
        let agent = ureq::Agent::config_builder()
            .user_agent(config.user_agent.as_str())
            .timeout_global(Some(Duration::from_secs_f64(config.timeout_seconds.max(1.0))))
            .http_status_as_error(false)
            .build()
            .into();
        Fetcher {
            agent,
            delay: Duration::from_secs_f64(config.delay_seconds.max(0.0)),
            retries: config.retries,
            backoff: Duration::from_secs_f64(config.backoff_seconds.max(0.0)),
            last_request: HashMap::new(),
        }
    }

    /// Waits until the host may be asked again.
    fn polite(&mut self, url: &str) {
        let host = host_of(url);
        if let Some(last) = self.last_request.get(&host) {
            let ready = *last + self.delay;
            let now = Instant::now();
            if ready > now {
                std::thread::sleep(ready - now);
            }
        }
        self.last_request.insert(host, Instant::now());
    }

    /// GET with retries: network errors, 429 and 5xx are retried after a growing wait
    /// (or the server's `Retry-After`, up to a minute); other 4xx are permanent.
    fn get(
        &mut self,
        url: &str,
        etag: Option<&str>,
        last_modified: Option<&str>,
    ) -> Result<Fetched, FetchError> {
        let mut wait = self.backoff;
        let mut attempt = 0;
        loop {
            self.polite(url);
            let mut request = self.agent.get(url);
            if let Some(etag) = etag {
                request = request.header("If-None-Match", etag);
            }
            if let Some(stamp) = last_modified {
                request = request.header("If-Modified-Since", stamp);
            }
            let (failure, retry_after) = match request.call() {
                Ok(mut response) => {
                    let status = response.status().as_u16();
                    let header = |name: &str| {
                        response.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_string)
                    };
                    match status {
                        304 => return Ok(Fetched::NotModified),
                        200..=299 => {
                            let etag = header("etag");
                            let last_modified = header("last-modified");
                            let mut bytes = Vec::new();
                            let read =
                                response.body_mut().as_reader().take(MAX_BODY + 1).read_to_end(&mut bytes);
                            match read {
                                Ok(_) if bytes.len() as u64 > MAX_BODY => {
                                    return Err(FetchError::Permanent(format!(
                                        "{url}: larger than {MAX_BODY} bytes"
                                    )))
                                }
                                Ok(_) => return Ok(Fetched::Body { bytes, etag, last_modified }),
                                Err(err) => (format!("{url}: reading the body: {err}"), None),
                            }
                        }
                        429 | 500..=599 => {
                            let retry_after =
                                header("retry-after").and_then(|v| v.trim().parse::<u64>().ok());
                            (format!("{url}: HTTP {status}"), retry_after)
                        }
                        _ => return Err(FetchError::Permanent(format!("{url}: HTTP {status}"))),
                    }
                }
                Err(err) => (format!("{url}: {err}"), None),
            };
            if attempt >= self.retries {
                return Err(FetchError::Transient(format!("{failure} (after {} tries)", attempt + 1)));
            }
            attempt += 1;
            let pause = retry_after.map_or(wait, |s| Duration::from_secs(s.min(60)));
            eprintln!("dyad watch: {failure}; retrying in {:.1} s", pause.as_secs_f64());
            std::thread::sleep(pause);
            wait *= 2;
        }
    }
}

/// What one cycle did.
#[derive(Default, Debug, Serialize)]
struct CycleReport {
    feeds_fetched: u64,
    feeds_not_modified: u64,
    feeds_failed: u64,
    items_new: u64,
    articles_stored: u64,
    articles_known: u64,
    articles_not_coded: u64,
    articles_failed: u64,
    articles_deferred: u64,
    events_new: u64,
}

pub fn run(args: WatchArgs) -> Result<()> {
    let text =
        std::fs::read_to_string(&args.feeds).with_context(|| format!("reading {}", args.feeds.display()))?;
    let config: FeedsFile =
        toml::from_str(&text).with_context(|| format!("{}: not a feeds file", args.feeds.display()))?;
    if config.feeds.is_empty() {
        bail!("{}: no [[feed]] with a url", args.feeds.display());
    }
    for feed in &config.feeds {
        if !(feed.url.starts_with("http://") || feed.url.starts_with("https://")) {
            bail!("{}: feed url {:?} is not http(s)", args.feeds.display(), feed.url);
        }
    }
    let state_path = args.state.clone().unwrap_or_else(|| {
        let mut path = args.db.db.clone().into_os_string();
        path.push(".watch.json");
        PathBuf::from(path)
    });
    let pipeline = args.pipeline.pipeline()?;
    let mut store = Store::open(&args.db.db).context("opening the store")?;
    let mut fetcher = Fetcher::new(&config);
    loop {
        let started = Instant::now();
        let mut state = State::load(&state_path)?;
        let report =
            cycle(&config, &mut fetcher, &mut state, &state_path, &mut store, &args.pipeline, &pipeline)?;
        eprintln!(
            "dyad watch: {} feed(s) fetched, {} not modified, {} failed; {} new item(s); {} article(s) stored \
             ({} event(s) new), {} already known, {} not coded, {} failed, {} left for the next cycle; {:.1} s",
            report.feeds_fetched,
            report.feeds_not_modified,
            report.feeds_failed,
            report.items_new,
            report.articles_stored,
            report.events_new,
            report.articles_known,
            report.articles_not_coded,
            report.articles_failed,
            report.articles_deferred,
            started.elapsed().as_secs_f64()
        );
        println!("{}", serde_json::to_string(&report)?);
        if args.once {
            return Ok(());
        }
        std::thread::sleep(args.every.saturating_sub(started.elapsed()));
    }
}

#[allow(clippy::too_many_arguments)]
fn cycle(
    config: &FeedsFile,
    fetcher: &mut Fetcher,
    state: &mut State,
    state_path: &Path,
    store: &mut Store,
    pipeline_args: &PipelineArgs,
    pipeline: &dyad_pipeline::Pipeline,
) -> Result<CycleReport> {
    let mut report = CycleReport::default();
    for feed in &config.feeds {
        let known = state.feeds.remove(&feed.url).unwrap_or_default();
        let mut feed_state = FeedState { pending: known.pending.clone(), ..known };
        match fetcher.get(&feed.url, feed_state.etag.as_deref(), feed_state.last_modified.as_deref()) {
            Ok(Fetched::NotModified) => report.feeds_not_modified += 1,
            Err(err) => {
                report.feeds_failed += 1;
                eprintln!("dyad watch: feed {err}");
            }
            Ok(Fetched::Body { bytes, etag, last_modified }) => {
                report.feeds_fetched += 1;
                let options = dyad_ingest::ReadOptions::default();
                let origin = feed.name.clone().unwrap_or_else(|| feed.url.clone());
                for item in dyad_ingest::read_feed(&bytes, &origin, &options) {
                    let article = match item {
                        Ok(article) => article,
                        Err(err) => {
                            eprintln!("dyad watch: {err}");
                            continue;
                        }
                    };
                    let document = article.document;
                    let key = document.url.clone().unwrap_or_else(|| document.id.clone());
                    let queued = feed_state.pending.iter().any(|p| p.url.as_ref().unwrap_or(&p.id) == &key);
                    let stored = match &document.url {
                        Some(url) => store.has_url(url).context("reading the store")?,
                        None => store.is_known(&document).context("reading the store")?,
                    };
                    if queued || stored || state.done.contains(&key) {
                        continue;
                    }
                    report.items_new += 1;
                    feed_state.pending.push(Pending {
                        url: document.url,
                        id: document.id,
                        title: document.title,
                        date: document.date,
                        text: document.text,
                        attempts: 0,
                    });
                }
                feed_state.etag = etag;
                feed_state.last_modified = last_modified;
            }
        }
        // The validators and the queue they imply are saved together, before any item
        // is fetched.
        state.feeds.insert(feed.url.clone(), feed_state);
        state.save(state_path)?;

        let pending = std::mem::take(&mut state.feeds.get_mut(&feed.url).expect("just inserted").pending);
        let mut left = Vec::new();
        for (index, mut item) in pending.iter().cloned().enumerate() {
            let key = item.url.clone().unwrap_or_else(|| item.id.clone());
            match fetch_article(fetcher, &item, feed, pipeline_args) {
                Err(FetchError::Transient(message)) => {
                    item.attempts += 1;
                    if item.attempts >= MAX_ATTEMPTS {
                        eprintln!("dyad watch: giving up on {key} after {MAX_ATTEMPTS} cycles: {message}");
                        report.articles_failed += 1;
                        state.remember(key);
                    } else {
                        eprintln!("dyad watch: {message}; will try again next cycle");
                        report.articles_deferred += 1;
                        left.push(item);
                    }
                }
                Err(FetchError::Permanent(message)) => {
                    eprintln!("dyad watch: {message}; skipped");
                    report.articles_failed += 1;
                    state.remember(key);
                }
                Ok(document) => {
                    if store.is_known(&document).context("reading the store")? {
                        report.articles_known += 1;
                        state.remember(key);
                    } else {
                        let analysed = pipeline.run(document);
                        for diagnostic in &analysed.diagnostics {
                            if diagnostic.severity > Severity::Info || !analysed.coded {
                                eprintln!("{diagnostic}");
                            }
                        }
                        if analysed.coded {
                            let batch = [CodedDocument {
                                document: analysed.doc.document,
                                events: analysed.doc.events,
                            }];
                            let written = store.write_batch(&batch).context("writing to the store")?;
                            report.articles_stored += written.documents_new;
                            report.articles_known += written.documents_known;
                            report.events_new += written.events_new;
                        } else {
                            report.articles_not_coded += 1;
                        }
                        // Remembered even when stored: the page's canonical URL may
                        // differ from the feed's link.
                        state.remember(key);
                    }
                }
            }
            // After each article, the queue is what was deferred plus what is still to
            // come: a crash loses no item, and an item stored just before the crash is
            // found known when it is fetched again.
            let queue: Vec<Pending> = left.iter().chain(&pending[index + 1..]).cloned().collect();
            if let Some(feed_state) = state.feeds.get_mut(&feed.url) {
                feed_state.pending = queue;
            }
            state.save(state_path)?;
        }
        if let Some(feed_state) = state.feeds.get_mut(&feed.url) {
            feed_state.pending = left;
        }
        state.save(state_path)?;
    }
    Ok(report)
}

/// The item's page read as an article; without a link, the feed's own text. The
/// publisher's id, headline and date are kept where the page does not give them.
fn fetch_article(
    fetcher: &mut Fetcher,
    item: &Pending,
    feed: &FeedEntry,
    pipeline_args: &PipelineArgs,
) -> Result<dyad_model::Document, FetchError> {
    let mut document = match &item.url {
        None => {
            let mut document = dyad_model::Document::new(item.id.clone(), item.text.clone());
            document.title = item.title.clone();
            document
        }
        Some(url) => {
            let bytes = match fetcher.get(url, None, None)? {
                Fetched::Body { bytes, .. } => bytes,
                Fetched::NotModified => {
                    return Err(FetchError::Transient(format!("{url}: 304 without a condition")))
                }
            };
            let options = dyad_ingest::ReadOptions::default();
            let article = dyad_ingest::read_html(&bytes, url, Some(url), &options)
                .map_err(|err| FetchError::Permanent(err.to_string()))?;
            let mut document = article.document;
            document.id = item.id.clone();
            if document.title.is_none() {
                document.title = item.title.clone();
            }
            if document.url.is_none() {
                document.url = Some(url.clone());
            }
            document
        }
    };
    if document.date.is_none() {
        document.date = item.date;
    }
    document.source = Some(feed.name.clone().unwrap_or_else(|| feed.url.clone()));
    let mut article = dyad_ingest::Article { document, warnings: Vec::new() };
    pipeline_args.date_document(&mut article);
    for warning in &article.warnings {
        eprintln!("{warning}");
    }
    Ok(article.document)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intervals_and_hosts() {
        assert_eq!(parse_every("90s").unwrap(), Duration::from_secs(90));
        assert_eq!(parse_every("15m").unwrap(), Duration::from_secs(900));
        assert_eq!(parse_every("2h").unwrap(), Duration::from_secs(7200));
        assert!(parse_every("0s").is_err());
        assert!(parse_every("5d").is_err());
        assert_eq!(host_of("https://News.example.com:8080/a?b"), "news.example.com:8080");
    }
}
