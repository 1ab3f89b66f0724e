//! The JSON API's handlers. Each checks its parameters first (400 naming the field),
//! then reads the store on a pooled connection.

use std::sync::Arc;
use std::time::Instant;

use axum::body::Bytes;
use axum::extract::{FromRequestParts, Path, RawQuery, State};
use axum::http::request::Parts;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use dyad_store::{
    BatchReport, CodedDocument, DatePeriod, EventOrder, EventQuery, StatsQuery, StoreError, StoredEvent,
};
use serde::Serialize;
use serde_json::{json, Value};

use crate::analysis::{blocks, event_segments};
use crate::params::{actor_code, Params};
use crate::App;

/// An error answer: a status and a JSON body `{"error": ..., "field": ...}`.
#[derive(Debug)]
pub struct ApiError {
    /// The HTTP status.
    pub status: StatusCode,
    /// What went wrong, for the client.
    pub message: String,
    /// The parameter at fault, for a 400.
    pub field: Option<String>,
}

impl ApiError {
    pub(crate) fn bad(field: &str, message: impl Into<String>) -> ApiError {
        ApiError { status: StatusCode::BAD_REQUEST, message: message.into(), field: Some(field.to_string()) }
    }

    pub(crate) fn new(status: StatusCode, message: impl Into<String>) -> ApiError {
        ApiError { status, message: message.into(), field: None }
    }

    /// A server-side failure: the details go to the server's log, the client gets a
    /// plain message (no file paths, no SQL).
    pub(crate) fn internal(detail: impl std::fmt::Display) -> ApiError {
        eprintln!("dyad serve: internal error: {detail}");
        ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal error (see the server's log)")
    }

    pub(crate) fn store(err: StoreError) -> ApiError {
        match err {
            StoreError::InvalidQuery(message) => ApiError::new(StatusCode::BAD_REQUEST, message),
            other => ApiError::internal(other),
        }
    }
}

impl From<StoreError> for ApiError {
    fn from(err: StoreError) -> ApiError {
        ApiError::store(err)
    }
}

/// One path parameter as text. Axum's own `Path` answers a bad one (percent-encoded
/// bytes that are not UTF-8) with a plain-text 400; the API answers JSON everywhere.
pub(crate) struct PathText(pub(crate) String);

impl<S: Send + Sync> FromRequestParts<S> for PathText {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<PathText, ApiError> {
        match Path::<String>::from_request_parts(parts, state).await {
            Ok(Path(value)) => Ok(PathText(value)),
            Err(rejection) => Err(ApiError::bad("path", rejection.body_text())),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = match &self.field {
            Some(field) => json!({ "error": format!("{field}: {}", self.message), "field": field }),
            None => json!({ "error": self.message }),
        };
        (self.status, Json(body)).into_response()
    }
}

type ApiResult = Result<Json<Value>, ApiError>;

/// The answer for `key` from the cache while it is fresh, else `compute`'s, kept.
async fn cached<F>(app: &App, key: String, compute: F) -> ApiResult
where
    F: std::future::Future<Output = Result<Value, ApiError>>,
{
    if let Some(value) = app.cache_get(&key) {
        return Ok(Json(value));
    }
    let value = compute.await?;
    app.cache_put(key, value.clone());
    Ok(Json(value))
}

fn cache_key(route: &str, raw: &Option<String>) -> String {
    format!("{route}?{}", raw.as_deref().unwrap_or(""))
}
type Shared = State<Arc<App>>;

fn to_json<T: Serialize>(value: T) -> Result<Value, ApiError> {
    serde_json::to_value(value).map_err(ApiError::internal)
}

/// An event as listed: the stored event plus its CAMEO code's name.
#[derive(Serialize)]
struct EventRow {
    #[serde(flatten)]
    event: StoredEvent,
    cameo_name: &'static str,
}

fn row(event: StoredEvent) -> EventRow {
    let cameo_name = event.event.cameo.entry().name;
    EventRow { event, cameo_name }
}

/// Totals are counted up to this many events: an exact count of a broad match on a
/// large store would cost more than the page itself.
const COUNT_CAP: u64 = 100_000;

const EVENT_FILTERS: [&str; 7] = ["actor", "dyad", "code", "from", "to", "place", "text"];

fn with_filters(extra: &[&'static str]) -> Vec<&'static str> {
    EVENT_FILTERS.iter().chain(extra).copied().collect()
}

fn event_query(p: &Params) -> Result<EventQuery, ApiError> {
    let (from, to) = p.date_range()?;
    let text = p.text("text", 200)?;
    if let Some(text) = &text {
        if text.split_whitespace().count() > 16 {
            return Err(ApiError::bad("text", "at most 16 words"));
        }
    }
    Ok(EventQuery {
        actor: p.actor("actor")?,
        dyad: p.dyad("dyad")?,
        code: p.cameo("code")?,
        from,
        to,
        place: p.text("place", 100)?,
        text,
        limit: None,
    })
}

/// `GET /api/events`: a page of events matching the filters, with the total.
pub(crate) async fn events(State(app): Shared, RawQuery(raw): RawQuery) -> ApiResult {
    let p = Params::parse(raw.as_deref(), &with_filters(&["limit", "offset", "order"]))?;
    let query = event_query(&p)?;
    let limit = p.number("limit", 1, 500, 50)?;
    let offset = p.number("offset", 0, 1_000_000, 0)?;
    let order = match p.choice("order", &["newest", "oldest"])? {
        "oldest" => EventOrder::Oldest,
        _ => EventOrder::Newest,
    };
    // The total is the costly part of a broad page (a count over the index), and the
    // same filters are asked again as a reader pages through: it is cached.
    let count_key = format!("count:{query:?}");
    let known_total = app.cache_get(&count_key);
    let (value, counted) = app
        .pool
        .read(move |store| {
            let (total, exact) =
                match known_total.as_ref().and_then(|v| Some((v[0].as_u64()?, v[1].as_bool()?))) {
                    Some(known) => known,
                    None => store.count_events(&query, COUNT_CAP)?,
                };
            let counted = known_total.is_none().then(|| json!([total, exact]));
            let events: Vec<EventRow> =
                store.query_page(&query, order, offset, limit)?.into_iter().map(row).collect();
            let page = json!({
                "total": total,
                "total_exact": exact,
                "offset": offset,
                "limit": limit,
                "events": to_json(events)?,
            });
            Ok((page, counted))
        })
        .await?;
    if let Some(counted) = counted {
        app.cache_put(count_key, counted);
    }
    Ok(Json(value))
}

/// `GET /api/events/{id}`: one event with its sentence cut at the words that made it,
/// and every article sentence that reported it.
pub(crate) async fn event(State(app): Shared, PathText(id): PathText, RawQuery(raw): RawQuery) -> ApiResult {
    Params::parse(raw.as_deref(), &[])?;
    let id: i64 =
        id.parse().ok().filter(|n| *n > 0).ok_or_else(|| ApiError::bad("id", "a positive event id"))?;
    let value = app
        .pool
        .read(move |store| {
            let Some(event) = store.event(id)? else {
                return Err(ApiError::new(StatusCode::NOT_FOUND, format!("no event {id}")));
            };
            let reports = store.event_reports(id)?;
            let document = store.document(&event.event.doc_id)?;
            let segments = event_segments(&event, document.as_ref().map(|d| d.text.as_str()));
            Ok(json!({
                "event": to_json(row(event))?,
                "segments": to_json(segments)?,
                "reports": to_json(reports)?,
            }))
        })
        .await?;
    Ok(Json(value))
}

/// `GET /api/places`: where the matching events happened, for the map.
pub(crate) async fn places(State(app): Shared, RawQuery(raw): RawQuery) -> ApiResult {
    let p = Params::parse(raw.as_deref(), &with_filters(&["limit"]))?;
    let query = event_query(&p)?;
    let limit = p.number("limit", 1, 5000, 1000)?;
    cached(&app, cache_key("places", &raw), async {
        let places = app.pool.read(move |store| Ok(store.event_places(&query, limit)?)).await?;
        Ok(json!({ "places": to_json(places)? }))
    })
    .await
}

/// `GET /api/dyads/series`: a directed dyad's events, QuadClass counts and Goldstein
/// per day, week or month.
pub(crate) async fn dyad_series(State(app): Shared, RawQuery(raw): RawQuery) -> ApiResult {
    let p = Params::parse(raw.as_deref(), &["source", "target", "by", "from", "to"])?;
    let source = p.actor("source")?.ok_or_else(|| ApiError::bad("source", "required"))?;
    let target = p.actor("target")?.ok_or_else(|| ApiError::bad("target", "required"))?;
    let by_name = p.choice("by", &["month", "week", "day"])?;
    let by = match by_name {
        "day" => DatePeriod::Day,
        "week" => DatePeriod::Week,
        _ => DatePeriod::Month,
    };
    let (from, to) = p.date_range()?;
    let query = StatsQuery { source: source.clone(), target: target.clone(), by, from, to };
    let periods = app.pool.read(move |store| Ok(store.stats(&query)?)).await?;
    Ok(Json(json!({ "source": source, "target": target, "by": by_name, "periods": to_json(periods)? })))
}

/// `GET /api/dyads/top`: the dyads with most events.
pub(crate) async fn top_dyads(State(app): Shared, RawQuery(raw): RawQuery) -> ApiResult {
    let p = Params::parse(raw.as_deref(), &["actor", "from", "to", "limit"])?;
    let actor = p.actor("actor")?;
    let (from, to) = p.date_range()?;
    let limit = p.number("limit", 1, 100, 20)?;
    cached(&app, cache_key("dyads/top", &raw), async {
        let dyads =
            app.pool.read(move |store| Ok(store.top_dyads(actor.as_deref(), from, to, limit)?)).await?;
        Ok(json!({ "dyads": to_json(dyads)? }))
    })
    .await
}

/// `GET /api/actors`: actors by code prefix or name.
pub(crate) async fn search_actors(State(app): Shared, RawQuery(raw): RawQuery) -> ApiResult {
    let p = Params::parse(raw.as_deref(), &["q", "limit"])?;
    let q = p.text("q", 64)?.ok_or_else(|| ApiError::bad("q", "required"))?;
    let limit = p.number("limit", 1, 100, 20)?;
    let actors = app.pool.read(move |store| Ok(store.search_actors(&q, limit)?)).await?;
    Ok(Json(json!({ "actors": to_json(actors)? })))
}

/// `GET /api/actors/top`: the actors in most events.
pub(crate) async fn top_actors(State(app): Shared, RawQuery(raw): RawQuery) -> ApiResult {
    let p = Params::parse(raw.as_deref(), &["from", "to", "limit"])?;
    let (from, to) = p.date_range()?;
    let limit = p.number("limit", 1, 100, 20)?;
    cached(&app, cache_key("actors/top", &raw), async {
        let actors = app.pool.read(move |store| Ok(store.top_actors(from, to, limit)?)).await?;
        Ok(json!({ "actors": to_json(actors)? }))
    })
    .await
}

/// `GET /api/actors/{code}`: an actor's events, partners and latest events.
pub(crate) async fn actor(
    State(app): Shared,
    PathText(code): PathText,
    RawQuery(raw): RawQuery,
) -> ApiResult {
    let p = Params::parse(raw.as_deref(), &["from", "to"])?;
    let code = actor_code("code", &code)?;
    let (from, to) = p.date_range()?;
    let key = cache_key(&format!("actors/{code}"), &raw);
    cached(
        &app,
        key,
        app.pool.read(move |store| {
            let query = EventQuery { actor: Some(code.clone()), from, to, ..EventQuery::default() };
            let (events, exact) = store.count_events(&query, COUNT_CAP)?;
            let name =
                store.search_actors(&code, 100)?.into_iter().find(|a| a.code == code).and_then(|a| a.name);
            let partners = store.top_dyads(Some(&code), from, to, 20)?;
            let recent: Vec<EventRow> =
                store.query_page(&query, EventOrder::Newest, 0, 20)?.into_iter().map(row).collect();
            Ok(json!({
                "code": code,
                "name": name,
                "events": events,
                "events_exact": exact,
                "dyads": to_json(partners)?,
                "recent": to_json(recent)?,
            }))
        }),
    )
    .await
}

/// `GET /api/documents`: stored documents, newest first.
pub(crate) async fn documents(State(app): Shared, RawQuery(raw): RawQuery) -> ApiResult {
    let p = Params::parse(raw.as_deref(), &["limit", "offset"])?;
    let limit = p.number("limit", 1, 200, 50)?;
    let offset = p.number("offset", 0, 1_000_000, 0)?;
    let (documents, total) = app.pool.read(move |store| Ok(store.documents(offset, limit)?)).await?;
    Ok(Json(json!({ "total": total, "offset": offset, "limit": limit, "documents": to_json(documents)? })))
}

/// `GET /api/documents/{id}`: a stored document as Dyad reads it now: removed
/// boilerplate, sentences with what was found in them, entities and events, plus the
/// events the store holds from it.
pub(crate) async fn document(
    State(app): Shared,
    PathText(id): PathText,
    RawQuery(raw): RawQuery,
) -> ApiResult {
    Params::parse(raw.as_deref(), &[])?;
    if id.is_empty() || id.len() > 1024 {
        return Err(ApiError::bad("id", "a document id of 1 to 1024 bytes"));
    }
    let lookup = id.clone();
    let (stored, events) =
        app.pool.read(move |store| Ok((store.document(&lookup)?, store.document_events(&lookup)?))).await?;
    let Some(stored) = stored else {
        return Err(ApiError::new(StatusCode::NOT_FOUND, format!("no document {id:?}")));
    };
    let pipeline = app.pipeline().await?;
    let _permit = app.analyses.clone().acquire_owned().await.map_err(ApiError::internal)?;
    let document = stored.to_document();
    let analysed = tokio::task::spawn_blocking(move || pipeline.run(document))
        .await
        .map_err(|_| ApiError::internal("analysing a document panicked"))?;
    let doc = &analysed.doc;
    let text = |span| doc.text_of(span).to_string();
    let actors: Vec<Value> = doc
        .actors
        .iter()
        .map(|a| {
            json!({ "sentence": a.sentence, "text": text(a.span), "code": a.actor.code, "name": a.actor.name,
                    "rule": a.rule, "entries": a.entries })
        })
        .collect();
    let times: Vec<Value> = doc
        .times
        .iter()
        .map(
            |t| json!({ "sentence": t.sentence, "text": text(t.span), "date": t.date.iso(), "rule": t.rule }),
        )
        .collect();
    let places: Vec<Value> = doc
        .places
        .iter()
        .map(|p| {
            json!({ "sentence": p.sentence, "text": text(p.span), "name": p.location.name,
                    "country": p.location.country, "lat": p.location.lat, "lon": p.location.lon, "rule": p.rule })
        })
        .collect();
    let quantities: Vec<Value> = doc
        .quantities
        .iter()
        .map(|q| json!({ "sentence": q.sentence, "text": text(q.span), "kind": q.kind, "value": q.value }))
        .collect();
    let coded: Vec<Value> = doc
        .events
        .iter()
        .map(|e| {
            let trigger = e.provenance.spans.iter().find(|s| s.role == "trigger").map(|s| s.text.clone());
            json!({
                "sentence": e.sentence,
                "source": e.source.as_ref().map(|a| &a.code),
                "target": e.target.as_ref().map(|a| &a.code),
                "cameo": e.cameo.to_string(),
                "cameo_name": e.cameo.entry().name,
                "quad": e.quad,
                "goldstein": e.goldstein,
                "modality": e.modality.as_str(),
                "date": e.date.iso(),
                "place": e.location.as_ref().map(|l| &l.name),
                "trigger": trigger,
                "rule": e.provenance.rule,
                "entries": e.provenance.entries,
            })
        })
        .collect();
    let stored_events: Vec<Value> = events
        .into_iter()
        .map(|e| {
            json!({
                "id": e.id,
                "date": e.event.date.iso(),
                "source": e.event.source.as_ref().map(|a| a.code.clone()),
                "target": e.event.target.as_ref().map(|a| a.code.clone()),
                "cameo": e.event.cameo.to_string(),
                "cameo_name": e.event.cameo.entry().name,
            })
        })
        .collect();
    Ok(Json(json!({
        "document": to_json(&stored.summary)?,
        "coded": analysed.coded,
        "diagnostics": analysed.diagnostics.iter().map(|d| d.to_string()).collect::<Vec<_>>(),
        "blocks": to_json(blocks(doc))?,
        "actors": actors,
        "times": times,
        "places": places,
        "quantities": quantities,
        "events": coded,
        "stored_events": stored_events,
    })))
}

/// What `POST /api/documents` did with the articles it was sent.
#[derive(Default, Serialize)]
struct PostReport {
    documents_read: u64,
    documents_rejected: Vec<String>,
    documents_already_stored: u64,
    documents_coded: u64,
    documents_not_coded: Vec<Value>,
    events_coded: u64,
    store: BatchReport,
}

/// `POST /api/documents`: JSONL articles (as `dyad ingest` reads them) coded and
/// stored, in one transaction.
pub(crate) async fn post_documents(State(app): Shared, RawQuery(raw): RawQuery, body: Bytes) -> ApiResult {
    Params::parse(raw.as_deref(), &[])?;
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(ApiError::bad(
            "body",
            "no articles: send JSONL, one article per line (id, date, title, url, text)",
        ));
    }
    let options = dyad_ingest::ReadOptions {
        default_date: Some(chrono::Utc::now().date_naive()),
        max_document_bytes: Some(app.config.limits.max_body_bytes),
    };
    let mut report = PostReport::default();
    let mut documents = Vec::new();
    for item in dyad_ingest::read_jsonl(body.as_ref(), "request body", &options) {
        match item {
            Ok(article) => documents.push(article.document),
            Err(err) => report.documents_rejected.push(err.to_string()),
        }
    }
    let max = app.config.limits.max_documents_per_post;
    if documents.len() > max {
        return Err(ApiError::bad("body", format!("at most {max} articles per request")));
    }
    if documents.is_empty() {
        return Err(ApiError::bad(
            "body",
            format!("no readable article: {}", report.documents_rejected.join("; ")),
        ));
    }
    let pipeline = app.pipeline().await?;
    let mut writer = app.writer.lock().await;
    let Some(mut store) = writer.take() else {
        return Err(ApiError::internal("the writer connection was lost"));
    };
    let (store, result) = tokio::task::spawn_blocking(move || {
        let result = (|| -> Result<PostReport, ApiError> {
            let mut batch = Vec::new();
            for document in documents {
                report.documents_read += 1;
                if store.is_known(&document)? {
                    report.documents_already_stored += 1;
                    continue;
                }
                let id = document.id.clone();
                let analysed = pipeline.run(document);
                if !analysed.coded {
                    let reason = analysed
                        .diagnostics
                        .last()
                        .map_or_else(|| "not coded".to_string(), |d| d.message.clone());
                    report.documents_not_coded.push(json!({ "id": id, "reason": reason }));
                    continue;
                }
                report.documents_coded += 1;
                report.events_coded += analysed.doc.events.len() as u64;
                batch.push(CodedDocument { document: analysed.doc.document, events: analysed.doc.events });
            }
            report.store = store.write_batch(&batch)?;
            Ok(report)
        })();
        (store, result)
    })
    .await
    .map_err(|_| ApiError::internal("coding documents panicked"))?;
    *writer = Some(store);
    let report = result?;
    if report.store.documents_new > 0 {
        if let Ok(mut cache) = app.cache.lock() {
            cache.clear();
        }
    }
    Ok(Json(to_json(report)?))
}

/// `POST /api/admin/reload`: builds the pipeline again, reading the dictionaries anew.
pub(crate) async fn reload(State(app): Shared, RawQuery(raw): RawQuery) -> ApiResult {
    Params::parse(raw.as_deref(), &[])?;
    let started = Instant::now();
    let factory = app.config.pipeline.clone();
    let built = tokio::task::spawn_blocking(move || factory())
        .await
        .map_err(|_| ApiError::internal("building the pipeline panicked"))?
        .map_err(|err| {
            ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                format!("reload failed, the old dictionaries stay: {err:#}"),
            )
        })?;
    let stages: Vec<&'static str> = built.stage_names();
    *app.pipeline.write().map_err(|_| ApiError::internal("pipeline lock"))? = Some(Arc::new(built));
    Ok(Json(json!({ "reloaded": true, "stages": stages, "seconds": started.elapsed().as_secs_f64() })))
}

/// The store's counts, cached like the rankings: counting every row of a large store
/// takes longer than a health check should.
async fn summary(app: &App) -> Result<Value, ApiError> {
    if let Some(value) = app.cache_get("summary") {
        return Ok(value);
    }
    let value = to_json(app.pool.read(|store| Ok(store.summary()?)).await?)?;
    app.cache_put("summary".into(), value.clone());
    Ok(value)
}

/// `GET /health`: the server answers and the store can be read.
pub(crate) async fn health(State(app): Shared) -> Response {
    let private = app.config.private;
    match summary(&app).await {
        Ok(_) if private => Json(json!({ "status": "ok" })).into_response(),
        Ok(summary) => Json(json!({ "status": "ok", "store": summary })).into_response(),
        Err(err) => {
            (StatusCode::SERVICE_UNAVAILABLE, Json(json!({ "status": "error", "error": err.message })))
                .into_response()
        }
    }
}

/// `GET /metrics`: counters and latency histograms in Prometheus' text format.
pub(crate) async fn metrics(State(app): Shared) -> Response {
    let summary = summary(&app).await.ok();
    let in_flight = app.config.limits.max_in_flight.max(1).saturating_sub(app.in_flight.available_permits());
    let text = app.metrics.render(in_flight, summary.as_ref());
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")], text).into_response()
}

/// `GET /openapi.json`.
pub(crate) async fn openapi() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], crate::OPENAPI).into_response()
}

/// Any other path.
pub(crate) async fn not_found() -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, "no such route (see /openapi.json)")
}
