//! `dyad serve`: a JSON API over the event store and the web dashboard, from one binary.
//!
//! Read endpoints query the store through a small pool of SQLite connections, each
//! query on tokio's blocking threads so the async workers never wait on the disk.
//! Writes (`POST /api/documents`) run the pipeline on the blocking threads and go
//! through one writer connection, one request at a time. Every request passes the same
//! guards, outermost first: a panic becomes a 500, a full server answers 503 at once
//! instead of queueing without bound, a slow request times out with 503, bodies past
//! the limit get 413, and the token is checked where one is needed (`--private` makes
//! every `/api` route need it).
//!
//! ```no_run
//! use dyad_serve::{Config, Limits};
//!
//! let config = Config {
//!     db: "dyad.db".into(),
//!     token: None,
//!     private: false,
//!     limits: Limits::default(),
//!     pipeline: std::sync::Arc::new(|| {
//!         dyad_pipeline::standard(&Default::default()).map_err(anyhow::Error::from)
//!     }),
//! };
//! dyad_serve::serve_blocking("127.0.0.1:8080".parse().unwrap(), config).unwrap();
//! ```

#![warn(missing_docs)]

mod analysis;
mod api;
mod assets;
mod guard;
mod metrics;
mod params;
mod pool;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use anyhow::Context;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post, MethodRouter};
use axum::Router;
use dyad_pipeline::Pipeline;
use dyad_store::Store;

pub use api::ApiError;

/// Builds the pipeline: at the first request that needs it, and again on every
/// dictionary reload (so a changed `--kb` folder is read anew).
pub type PipelineFactory = Arc<dyn Fn() -> anyhow::Result<Pipeline> + Send + Sync>;

/// The bounds every request is held to.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Largest request body, in bytes (413 past it).
    pub max_body_bytes: usize,
    /// Longest a read request may take (503 past it).
    pub read_timeout: Duration,
    /// Longest a write request (coding and storing articles, reloading) may take.
    pub write_timeout: Duration,
    /// Requests handled at once; more are refused with 503 rather than queued.
    pub max_in_flight: usize,
    /// SQLite connections for reads: queries that run at the same time.
    pub read_connections: usize,
    /// Documents analysed for the article page at the same time (each runs the
    /// whole pipeline on a core).
    pub max_analyses: usize,
    /// Articles accepted in one `POST /api/documents`.
    pub max_documents_per_post: usize,
    /// Longest a client may take to send a request's line and headers, and longest an
    /// idle connection is kept; a client that sends half a request (or nothing) is
    /// cut off after it rather than holding a connection for ever.
    pub header_timeout: Duration,
    /// Connections open at once; past it new ones are closed at once, so that idle
    /// clients cannot use up the process's file descriptors.
    pub max_connections: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_body_bytes: 4 * 1024 * 1024,
            read_timeout: Duration::from_secs(15),
            write_timeout: Duration::from_secs(300),
            max_in_flight: 256,
            read_connections: 4,
            max_analyses: 2,
            max_documents_per_post: 1000,
            header_timeout: Duration::from_secs(10),
            max_connections: 512,
        }
    }
}

/// What the server serves and how.
#[derive(Clone)]
pub struct Config {
    /// The store file, created on first use.
    pub db: PathBuf,
    /// The token for write endpoints (and every `/api` route with `private`). Without
    /// one, write endpoints answer 403.
    pub token: Option<String>,
    /// Whether read endpoints need the token too.
    pub private: bool,
    /// Bounds on requests.
    pub limits: Limits,
    /// How to build the pipeline.
    pub pipeline: PipelineFactory,
}

/// Everything the handlers share. Owned by the router; no global state.
pub(crate) struct App {
    pub(crate) config: Config,
    pub(crate) pool: pool::Pool,
    /// One writer at a time: SQLite has one write lock, and a queue of coding
    /// requests is better kept here than as busy-waiting connections.
    pub(crate) writer: tokio::sync::Mutex<Option<Store>>,
    pub(crate) pipeline: RwLock<Option<Arc<Pipeline>>>,
    pub(crate) analyses: Arc<tokio::sync::Semaphore>,
    pub(crate) in_flight: Arc<tokio::sync::Semaphore>,
    pub(crate) metrics: metrics::Metrics,
    /// Answers of the ranking and map endpoints, which aggregate over the whole store
    /// (a second on millions of events): kept for [`CACHE_TTL`], dropped on a write.
    pub(crate) cache:
        std::sync::Mutex<std::collections::HashMap<String, (std::time::Instant, serde_json::Value)>>,
}

/// How long an aggregate answer is reused.
pub(crate) const CACHE_TTL: Duration = Duration::from_secs(30);
/// Most aggregate answers kept at once.
pub(crate) const CACHE_ENTRIES: usize = 256;

impl App {
    /// A cached answer, while it is fresh.
    pub(crate) fn cache_get(&self, key: &str) -> Option<serde_json::Value> {
        let cache = self.cache.lock().ok()?;
        let (at, value) = cache.get(key)?;
        (at.elapsed() < CACHE_TTL).then(|| value.clone())
    }

    /// Keeps an answer; when the cache is full, stale entries go, and if none is stale,
    /// all.
    pub(crate) fn cache_put(&self, key: String, value: serde_json::Value) {
        if let Ok(mut cache) = self.cache.lock() {
            if cache.len() >= CACHE_ENTRIES {
                cache.retain(|_, (at, _)| at.elapsed() < CACHE_TTL);
                if cache.len() >= CACHE_ENTRIES {
                    cache.clear();
                }
            }
            cache.insert(key, (std::time::Instant::now(), value));
        }
    }

    /// The pipeline, built on first use (on a blocking thread: it loads models).
    pub(crate) async fn pipeline(self: &Arc<Self>) -> Result<Arc<Pipeline>, ApiError> {
        if let Some(pipeline) = self.pipeline.read().map_err(|_| ApiError::internal("pipeline lock"))?.clone()
        {
            return Ok(pipeline);
        }
        let factory = self.config.pipeline.clone();
        let built = tokio::task::spawn_blocking(move || factory())
            .await
            .map_err(|_| ApiError::internal("building the pipeline panicked"))?
            .map_err(|err| ApiError::internal(format!("building the pipeline: {err:#}")))?;
        let built = Arc::new(built);
        let mut slot = self.pipeline.write().map_err(|_| ApiError::internal("pipeline lock"))?;
        // Another request may have built it meanwhile; keep the first.
        Ok(slot.get_or_insert(built).clone())
    }
}

/// The router with every route and guard, over the store at `config.db` (created if
/// missing). Exposed for tests that drive it without a socket.
pub fn router(config: Config) -> anyhow::Result<Router> {
    let store =
        Store::open(&config.db).with_context(|| format!("opening the store {}", config.db.display()))?;
    let limits = config.limits.clone();
    let pool = pool::Pool::new(config.db.clone(), limits.read_connections);
    let app = Arc::new(App {
        pool,
        writer: tokio::sync::Mutex::new(Some(store)),
        pipeline: RwLock::new(None),
        analyses: Arc::new(tokio::sync::Semaphore::new(limits.max_analyses.max(1))),
        in_flight: Arc::new(tokio::sync::Semaphore::new(limits.max_in_flight.max(1))),
        metrics: metrics::Metrics::default(),
        cache: std::sync::Mutex::new(std::collections::HashMap::new()),
        config,
    });
    Ok(routes()
        .layer(axum::middleware::from_fn_with_state(app.clone(), guard::auth))
        .layer(DefaultBodyLimit::max(limits.max_body_bytes))
        .layer(tower_http::limit::RequestBodyLimitLayer::new(limits.max_body_bytes))
        .layer(axum::middleware::from_fn_with_state(app.clone(), guard::bound))
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(guard::panic_response))
        .with_state(app))
}

/// Every route: method, path and handler, in one list, so that the router and
/// [`route_table`] (which the OpenAPI test reads) cannot disagree.
fn route_list() -> Vec<(&'static str, &'static str, MethodRouter<Arc<App>>)> {
    vec![
        ("get", "/", get(assets::index)),
        ("get", "/assets/{file}", get(assets::asset)),
        ("get", "/health", get(api::health)),
        ("get", "/metrics", get(api::metrics)),
        ("get", "/openapi.json", get(api::openapi)),
        ("get", "/api/events", get(api::events)),
        ("get", "/api/events/{id}", get(api::event)),
        ("get", "/api/places", get(api::places)),
        ("get", "/api/dyads/series", get(api::dyad_series)),
        ("get", "/api/dyads/top", get(api::top_dyads)),
        ("get", "/api/actors", get(api::search_actors)),
        ("get", "/api/actors/top", get(api::top_actors)),
        ("get", "/api/actors/{code}", get(api::actor)),
        ("get", "/api/documents", get(api::documents)),
        ("post", "/api/documents", post(api::post_documents)),
        ("get", "/api/documents/{id}", get(api::document)),
        ("post", "/api/admin/reload", post(api::reload)),
    ]
}

/// The router's routes, without guards.
fn routes() -> Router<Arc<App>> {
    let mut by_path: Vec<(&'static str, MethodRouter<Arc<App>>)> = Vec::new();
    for (_, path, handler) in route_list() {
        match by_path.iter_mut().find(|(p, _)| *p == path) {
            Some((_, methods)) => *methods = std::mem::take(methods).merge(handler),
            None => by_path.push((path, handler)),
        }
    }
    by_path
        .into_iter()
        .fold(Router::new(), |router, (path, methods)| router.route(path, methods))
        .fallback(api::not_found)
}

/// The (method, path) pairs the server routes, paths in the router's `{param}` form.
pub fn route_table() -> Vec<(&'static str, &'static str)> {
    route_list().into_iter().map(|(method, path, _)| (method, path)).collect()
}

/// The OpenAPI 3 description of the API, as served at `/openapi.json`.
pub const OPENAPI: &str = include_str!("../openapi.json");

/// How long requests in flight may take to finish once shutdown is asked for.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(30);

/// Serves on `listener` until `shutdown` resolves, then finishes the requests in
/// flight (for at most 30 s).
///
/// The connections are served here rather than by `axum::serve`, which gives hyper no
/// timer and so no header timeout: a client that opened a connection and sent half a
/// request kept it open for ever.
pub async fn serve(
    listener: tokio::net::TcpListener,
    config: Config,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    let limits = config.limits.clone();
    let router = router(config)?;
    let connections = Arc::new(tokio::sync::Semaphore::new(limits.max_connections.max(1)));
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(hyper_util::rt::TokioTimer::new()).header_read_timeout(limits.header_timeout);
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                // Out of file descriptors, or a client gone before it was accepted:
                // pause rather than spin, and go on.
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let Ok(permit) = connections.clone().try_acquire_owned() else { continue };
        let _ = stream.set_nodelay(true);
        let service = hyper_util::service::TowerToHyperService::new(router.clone());
        let connection = graceful.watch(http.serve_connection(hyper_util::rt::TokioIo::new(stream), service));
        tokio::spawn(async move {
            // A connection's errors (a reset, a timeout) end that connection only.
            let _ = connection.await;
            drop(permit);
        });
    }
    drop(listener);
    let _ = tokio::time::timeout(SHUTDOWN_GRACE, graceful.shutdown()).await;
    Ok(())
}

/// Binds `addr` and serves until Ctrl-C, on a runtime of its own. Prints the address
/// it listens on (useful with port 0) on standard error.
pub fn serve_blocking(addr: SocketAddr, config: Config) -> anyhow::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_io()
        .enable_time()
        .thread_name("dyad-serve")
        .build()
        .context("starting the async runtime")?;
    runtime.block_on(async move {
        let listener =
            tokio::net::TcpListener::bind(addr).await.with_context(|| format!("listening on {addr}"))?;
        let local = listener.local_addr().context("reading the bound address")?;
        eprintln!("dyad: serving {} on http://{local}/ (Ctrl-C to stop)", config.db.display());
        serve(listener, config, async {
            // An error here means no signal handler: serve until killed instead.
            if tokio::signal::ctrl_c().await.is_err() {
                std::future::pending::<()>().await;
            }
        })
        .await
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_openapi_file_describes_every_route_and_no_other() {
        let spec: serde_json::Value = serde_json::from_str(OPENAPI).expect("openapi.json is JSON");
        assert!(spec["openapi"].as_str().is_some_and(|v| v.starts_with("3.")));
        let paths = spec["paths"].as_object().expect("paths");
        let mut described = Vec::new();
        for (path, item) in paths {
            for method in item.as_object().expect("path item").keys() {
                described.push((method.clone(), path.clone()));
            }
        }
        let mut routed: Vec<(String, String)> =
            route_table().into_iter().map(|(m, p)| (m.to_string(), p.to_string())).collect();
        described.sort();
        routed.sort();
        assert_eq!(described, routed);
    }
}
