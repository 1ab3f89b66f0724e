//! The HTTP API's request parsing (paths, query parameters) through the real router
//! over a small store, without a socket: no panic, no 500, and every `/api` answer is
//! JSON.
#![no_main]

use std::sync::{Arc, OnceLock};

use axum::body::Body;
use axum::http::{Request, StatusCode, Uri};
use axum::Router;
use dyad_serve::{Config, Limits};
use libfuzzer_sys::fuzz_target;
use tower::ServiceExt;

struct Fixture {
    runtime: tokio::runtime::Runtime,
    router: Router,
}

fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("dyad-fuzz-api-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("a temporary directory");
        let db = dir.join("dyad.db");
        dyad_fuzz::write_fixture_store(&db).expect("the fixture store");
        let config = Config {
            db,
            token: Some("fuzz-token".into()),
            private: false,
            limits: Limits::default(),
            pipeline: Arc::new(|| dyad_pipeline::standard(&Default::default()).map_err(anyhow::Error::from)),
        };
        let runtime = tokio::runtime::Builder::new_current_thread().enable_time().build().expect("a runtime");
        let router = dyad_serve::router(config).expect("the router");
        Fixture { runtime, router }
    })
}

const PATHS: &[&str] = &[
    "/api/events",
    "/api/events/1",
    "/api/places",
    "/api/dyads/series",
    "/api/dyads/top",
    "/api/actors",
    "/api/actors/top",
    "/api/actors/USA",
    "/api/documents",
    "/assets/app.js",
    "/health",
];

/// Bytes a URI's query may hold as they are; others are percent-encoded, as a browser
/// would send them.
fn encode_query(raw: &[u8]) -> String {
    raw.iter()
        .map(|&b| match b {
            b'a'..=b'z'
            | b'A'..=b'Z'
            | b'0'..=b'9'
            | b'&'
            | b'='
            | b'%'
            | b'+'
            | b','
            | b'-'
            | b'.'
            | b'_' => char::from(b).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

// Built before fuzzing starts, so that its cost is not timed as an input's.
fuzz_target!(init: { fixture(); }, |data: &[u8]| {
    let Some((&choice, rest)) = data.split_first() else { return };
    let uri = match PATHS.get(usize::from(choice) % (PATHS.len() + 2)) {
        Some(path) => format!("{path}?{}", encode_query(rest)),
        // The whole target from the input: paths with odd segments and encodings.
        None => match std::str::from_utf8(rest) {
            Ok(raw) => raw.to_string(),
            Err(_) => return,
        },
    };
    // What hyper would refuse before the router sees it is not the router's concern.
    let Ok(uri) = uri.parse::<Uri>() else { return };
    if uri.path_and_query().is_none() || !uri.path().starts_with('/') || uri.host().is_some() {
        return;
    }
    let fixture = fixture();
    let request = Request::get(uri.clone()).body(Body::empty()).expect("a request");
    let (status, body) = fixture.runtime.block_on(async {
        let response = fixture.router.clone().oneshot(request).await.expect("the router is infallible");
        let status = response.status();
        let body = axum::body::to_bytes(response.into_body(), 64 * 1024 * 1024).await.expect("the body");
        (status, body)
    });
    assert_ne!(status, StatusCode::INTERNAL_SERVER_ERROR, "{uri}: {}", String::from_utf8_lossy(&body));
    if uri.path().starts_with("/api/") {
        assert!(
            serde_json::from_slice::<serde_json::Value>(&body).is_ok(),
            "{uri}: {status} answer is not JSON: {}",
            String::from_utf8_lossy(&body)
        );
    }
});
