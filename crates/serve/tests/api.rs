//! The API against a real server on loopback over a store filled through the API
//! itself (`POST /api/documents`, so through the real pipeline) from fixture articles.

mod common;

use std::sync::OnceLock;

use common::{get, request, start, Server, TOKEN};
use serde_json::Value;

/// The shared server: started, and filled with the fixtures, by the first test that
/// asks for it.
fn server() -> &'static Server {
    static SERVER: OnceLock<Server> = OnceLock::new();
    SERVER.get_or_init(|| {
        let server = start(|_| {});
        let auth = format!("Bearer {TOKEN}");
        let answer = request(
            server.addr,
            "POST",
            "/api/documents",
            &[("Authorization", &auth), ("Content-Type", "application/x-ndjson")],
            &common::fixtures(),
        );
        assert_eq!(answer.status, 200, "{}", answer.body);
        let report = answer.json();
        assert_eq!(report["documents_coded"], 5, "{report}");
        server
    })
}

fn events(path: &str) -> Value {
    let answer = get(server().addr, path);
    assert_eq!(answer.status, 200, "{path}: {}", answer.body);
    answer.json()
}

fn codes(page: &Value) -> Vec<(String, String, String)> {
    page["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let code = |side: &str| e[side]["code"].as_str().unwrap_or("").to_string();
            (code("source"), code("target"), e["cameo"].as_str().unwrap().to_string())
        })
        .collect()
}

#[test]
fn health_counts_the_store_and_posting_again_stores_nothing_new() {
    let health = get(server().addr, "/health").json();
    assert_eq!(health["status"], "ok");
    assert_eq!(health["store"]["documents"], 5);
    let auth = format!("Bearer {TOKEN}");
    let again =
        request(server().addr, "POST", "/api/documents", &[("Authorization", &auth)], &common::fixtures());
    assert_eq!(again.status, 200);
    assert_eq!(again.json()["documents_already_stored"], 5);
}

#[test]
fn events_page_through_without_overlap() {
    let all = events("/api/events?limit=500");
    let total = all["total"].as_u64().unwrap();
    assert!(total >= 20, "{total}");
    assert_eq!(all["events"].as_array().unwrap().len() as u64, total);
    let mut seen = Vec::new();
    let mut offset = 0;
    while offset < total {
        let page = events(&format!("/api/events?limit=7&offset={offset}"));
        assert_eq!(page["total"].as_u64(), Some(total));
        let ids: Vec<i64> =
            page["events"].as_array().unwrap().iter().map(|e| e["id"].as_i64().unwrap()).collect();
        assert!(ids.len() <= 7);
        seen.extend(ids);
        offset += 7;
    }
    let mut unique = seen.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len() as u64, total);
    // Newest first by default; oldest first on request.
    let newest = events("/api/events?limit=1");
    let oldest = events("/api/events?limit=1&order=oldest");
    assert!(newest["events"][0]["date"].as_str() >= oldest["events"][0]["date"].as_str());
    assert_eq!(events("/api/events?offset=100000")["events"].as_array().unwrap().len(), 0);
}

#[test]
fn filters_narrow_the_events() {
    let irq = events("/api/events?actor=irq&limit=500");
    assert!(!codes(&irq).is_empty());
    assert!(codes(&irq).iter().all(|(s, t, _)| s.starts_with("IRQ") || t.starts_with("IRQ")));
    let fights = events("/api/events?code=19&limit=500");
    assert!(codes(&fights).iter().all(|(_, _, c)| c.starts_with("19")));
    assert!(!codes(&fights).is_empty());
    let dyad = events("/api/events?dyad=IRN,IRQ&limit=500");
    assert!(!codes(&dyad).is_empty());
    assert!(codes(&dyad).iter().all(|(s, t, _)| s.starts_with("IRN") && t.starts_with("IRQ")));
    let july = events("/api/events?from=2021-07&to=2021-07&limit=500");
    for event in july["events"].as_array().unwrap() {
        let date = event["date"].as_str().unwrap();
        assert!(date.starts_with("2021-07"), "{date}");
    }
    let baghdad = events("/api/events?place=baghdad&limit=500");
    assert!(baghdad["total"].as_u64().unwrap() >= 1);
    assert!(baghdad["events"].as_array().unwrap().iter().all(|e| e["location"]["name"] == "Baghdad"));
    let electricity = events("/api/events?text=electricity%20supplies");
    assert!(electricity["total"].as_u64().unwrap() >= 1);
    assert!(electricity["events"].as_array().unwrap().iter().all(|e| e["doc_id"] == "fx-0003"));
    assert_eq!(events("/api/events?actor=ZZZ")["total"], 0);
    // A hyphenated word is two words to the full-text index, not a phrase it refuses.
    assert!(events("/api/events?text=al-Asad")["total"].as_u64().unwrap() >= 1);
}

#[test]
fn one_event_comes_with_its_highlighted_sentence_and_reports() {
    let page = events("/api/events?dyad=IRN,IRQ&code=057");
    let id = page["events"][0]["id"].as_i64().expect("an IRN-IRQ agreement");
    let answer = events(&format!("/api/events/{id}"));
    let segments = answer["segments"].as_array().unwrap();
    let joined: String = segments.iter().map(|s| s["text"].as_str().unwrap()).collect();
    assert_eq!(joined, answer["event"]["text"].as_str().unwrap());
    let marks: Vec<&str> = segments.iter().filter_map(|s| s["mark"].as_str()).collect();
    assert!(marks.contains(&"trigger") && marks.contains(&"source"), "{marks:?}");
    assert_eq!(answer["reports"][0]["doc_id"], "fx-0003");
    assert!(answer["event"]["provenance"]["rule"].as_str().is_some_and(|r| !r.is_empty()));
    assert_eq!(get(server().addr, "/api/events/999999").status, 404);
    let bad = get(server().addr, "/api/events/abc");
    assert_eq!((bad.status, bad.json()["field"].as_str()), (400, Some("id")));
}

#[test]
fn series_rankings_actors_places_and_documents() {
    let series = events("/api/dyads/series?source=IRQ&target=IRN&by=month");
    let periods = series["periods"].as_array().unwrap();
    assert!(periods.iter().any(|p| p["period"] == "2021-07"), "{series}");
    let week = events("/api/dyads/series?source=USA&target=IRQ&by=week&from=2021&to=2021");
    assert!(!week["periods"].as_array().unwrap().is_empty());
    let top = events("/api/dyads/top?limit=3");
    assert_eq!(top["dyads"].as_array().unwrap().len(), 3);
    let partners = events("/api/dyads/top?actor=TUR");
    assert!(partners["dyads"]
        .as_array()
        .unwrap()
        .iter()
        .all(|d| d["source"] == "TUR" || d["target"] == "TUR"));
    let actors = events("/api/actors/top?limit=5");
    assert_eq!(actors["actors"].as_array().unwrap().len(), 5);
    let found = events("/api/actors?q=Iraq");
    assert!(found["actors"].as_array().unwrap().iter().any(|a| a["code"] == "IRQ"));
    let actor = events("/api/actors/tur");
    assert_eq!(actor["code"], "TUR");
    assert!(actor["events"].as_u64().unwrap() >= 1);
    let places = events("/api/places");
    assert!(places["places"].as_array().unwrap().iter().any(|p| p["name"] == "Baghdad"));
    let documents = events("/api/documents?limit=2");
    assert_eq!(documents["total"], 5);
    assert_eq!(documents["documents"].as_array().unwrap().len(), 2);
    assert_eq!(documents["documents"][0]["id"], "fx-0004");
}

#[test]
fn a_document_comes_with_its_analysis_and_its_markup_as_text() {
    let doc = events("/api/documents/seed-0001");
    let blocks = doc["blocks"].as_array().unwrap();
    assert!(blocks.iter().any(|b| b["kind"] == "removed"), "the photo credit is removed");
    assert!(blocks
        .iter()
        .any(|b| b["kind"] == "sentence" && b["events"].as_array().is_some_and(|e| !e.is_empty())));
    assert!(!doc["actors"].as_array().unwrap().is_empty());
    assert!(!doc["events"].as_array().unwrap().is_empty());
    assert!(!doc["stored_events"].as_array().unwrap().is_empty());
    // The article with markup: the tags come back as plain text in the JSON strings,
    // for the page to show as text.
    let hostile = events("/api/documents/fx-0004");
    assert!(hostile["document"]["title"].as_str().unwrap().contains("<script>"));
    assert_eq!(get(server().addr, "/api/documents/nope").status, 404);
}

#[test]
fn bad_parameters_are_400_with_the_field_named() {
    for (path, field) in [
        ("/api/events?bogus=1", "bogus"),
        ("/api/events?limit=0", "limit"),
        ("/api/events?limit=501", "limit"),
        ("/api/events?limit=ten", "limit"),
        ("/api/events?offset=-1", "offset"),
        ("/api/events?from=2021-13-01", "from"),
        ("/api/events?from=2021-08&to=2021-07", "to"),
        ("/api/events?dyad=USA", "dyad"),
        ("/api/events?actor=US*", "actor"),
        ("/api/events?code=1a", "code"),
        ("/api/events?order=random", "order"),
        ("/api/events?actor=USA&actor=IRQ", "actor"),
        ("/api/events?text=%01", "text"),
        ("/api/dyads/series?source=USA", "target"),
        ("/api/dyads/series?source=USA&target=IRQ&by=year", "by"),
        ("/api/actors", "q"),
        ("/api/actors/US-A", "code"),
        ("/api/documents?limit=100000", "limit"),
    ] {
        let answer = get(server().addr, path);
        assert_eq!(answer.status, 400, "{path}: {}", answer.body);
        let body = answer.json();
        assert_eq!(body["field"], field, "{path}: {body}");
        assert!(body["error"].as_str().is_some_and(|e| e.starts_with(field)), "{path}: {body}");
    }
    // The server is still serving.
    assert_eq!(get(server().addr, "/health").status, 200);
}

#[test]
fn writes_need_the_token() {
    let addr = server().addr;
    let none = request(addr, "POST", "/api/documents", &[], b"{}");
    assert_eq!(none.status, 401);
    assert_eq!(none.header("www-authenticate"), Some("Bearer"));
    let wrong = request(addr, "POST", "/api/documents", &[("Authorization", "Bearer nope")], b"{}");
    assert_eq!(wrong.status, 403);
    assert_eq!(request(addr, "POST", "/api/admin/reload", &[], b"").status, 401);
    let auth = format!("Bearer {TOKEN}");
    let empty = request(addr, "POST", "/api/documents", &[("Authorization", &auth)], b"  \n");
    assert_eq!((empty.status, empty.json()["field"].as_str()), (400, Some("body")));
    let garbage = request(addr, "POST", "/api/documents", &[("Authorization", &auth)], b"not json\n");
    assert_eq!(garbage.status, 400);
    // Reading needs no token on a public server.
    assert_eq!(get(addr, "/api/events?limit=1").status, 200);
}

#[test]
fn oversized_bodies_are_413_and_the_server_keeps_serving() {
    let addr = server().addr;
    let auth = format!("Bearer {TOKEN}");
    let big = vec![b'a'; 200 * 1024];
    // Announced with Expect: the server answers before any of the body is sent.
    let answer = request(
        addr,
        "POST",
        "/api/documents",
        &[("Authorization", &auth), ("Expect", "100-continue")],
        &big,
    );
    assert_eq!(answer.status, 413, "{}", answer.body);
    assert_eq!(get(addr, "/health").status, 200);
}

#[test]
fn unknown_routes_assets_and_openapi() {
    let addr = server().addr;
    let missing = get(addr, "/api/nothing");
    assert_eq!(missing.status, 404);
    assert!(missing.json()["error"].is_string());
    assert_eq!(request(addr, "DELETE", "/api/events", &[], b"").status, 405);
    for path in
        ["/assets/..%2F..%2FCargo.toml", "/assets/../Cargo.toml", "/assets/%2e%2e", "/assets/app.js.map"]
    {
        assert_eq!(get(addr, path).status, 404, "{path}");
    }
    let page = get(addr, "/");
    assert_eq!(page.status, 200);
    assert!(page.header("content-security-policy").is_some_and(|csp| csp.contains("script-src 'self'")));
    assert_eq!(get(addr, "/assets/app.js").status, 200);
    let spec = get(addr, "/openapi.json").json();
    assert!(spec["paths"]["/api/events"]["get"].is_object());
    // Every route answers with something other than "no such route" for its method.
    for (method, path) in dyad_serve::route_table() {
        let concrete = path.replace("{id}", "1").replace("{code}", "IRQ").replace("{file}", "app.js");
        let answer = request(addr, &method.to_uppercase(), &concrete, &[], b"");
        assert!(!(answer.status == 404 && answer.body.contains("no such route")), "{method} {path}");
        assert_ne!(answer.status, 405, "{method} {path}");
    }
    let metrics = get(addr, "/metrics");
    assert!(metrics.body.contains("dyad_http_requests_total{route=\"/api/events\""), "{}", metrics.body);
    assert!(metrics.body.contains("dyad_store_rows{kind=\"events\"}"));
}

#[test]
fn a_private_server_wants_the_token_for_reads_too() {
    let private = start(|config| config.private = true);
    let addr = private.addr;
    assert_eq!(get(addr, "/api/events").status, 401);
    assert_eq!(get(addr, "/metrics").status, 401);
    let wrong =
        request(addr, "GET", "/api/events", &[("Authorization", "Bearer wrong-token-0123456789")], b"");
    assert_eq!(wrong.status, 403);
    let auth = format!("Bearer {TOKEN}");
    let answer = request(addr, "GET", "/api/events", &[("Authorization", &auth)], b"");
    assert_eq!(answer.status, 200);
    assert_eq!(answer.json()["total"], 0);
    let health = get(addr, "/health").json();
    assert_eq!(health["status"], "ok");
    assert!(health.get("store").is_none());
}

#[test]
fn a_server_without_a_token_takes_no_writes() {
    let open = start(|config| config.token = None);
    let answer = request(open.addr, "POST", "/api/documents", &[("Authorization", "Bearer anything")], b"{}");
    assert_eq!(answer.status, 403);
    assert!(answer.json()["error"].as_str().unwrap().contains("--token"));
}

#[test]
fn slow_requests_time_out_with_503_and_the_server_recovers() {
    let slow = start(|config| {
        config.limits.write_timeout = std::time::Duration::from_millis(5);
        config.pipeline = std::sync::Arc::new(|| {
            std::thread::sleep(std::time::Duration::from_millis(500));
            anyhow::bail!("no dictionaries here")
        });
    });
    let auth = format!("Bearer {TOKEN}");
    let answer = request(slow.addr, "POST", "/api/admin/reload", &[("Authorization", &auth)], b"");
    assert_eq!(answer.status, 503, "{}", answer.body);
    assert!(answer.json()["error"].as_str().unwrap().contains("longer than"));
    assert_eq!(get(slow.addr, "/health").status, 200);
}

#[test]
fn a_failed_reload_keeps_serving() {
    let failing =
        start(|config| config.pipeline = std::sync::Arc::new(|| anyhow::bail!("a broken dictionary")));
    let auth = format!("Bearer {TOKEN}");
    let answer = request(failing.addr, "POST", "/api/admin/reload", &[("Authorization", &auth)], b"");
    assert_eq!(answer.status, 422, "{}", answer.body);
    assert!(answer.json()["error"].as_str().unwrap().contains("a broken dictionary"));
    assert_eq!(get(failing.addr, "/api/events").status, 200);
}
