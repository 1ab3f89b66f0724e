//! The dashboard's files, embedded at build time from `assets/` (built from `web/` by
//! `npm run build`). Only names in this table are served: a request path never
//! reaches the file system, so no path can climb out of it.

use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::api::{ApiError, PathText};

const INDEX: &str = include_str!("../assets/index.html");

const ASSETS: &[(&str, &str, &[u8])] = &[
    ("app.js", "text/javascript; charset=utf-8", include_bytes!("../assets/app.js")),
    ("app.css", "text/css; charset=utf-8", include_bytes!("../assets/app.css")),
    ("world.json", "application/json", include_bytes!("../assets/world.json")),
];

/// `GET /`: the dashboard's page.
pub(crate) async fn index() -> Response {
    ([(header::CONTENT_TYPE, "text/html; charset=utf-8"), (header::CACHE_CONTROL, "no-cache")], INDEX)
        .into_response()
}

/// `GET /assets/{file}`.
pub(crate) async fn asset(PathText(file): PathText) -> Response {
    match ASSETS.iter().find(|(name, _, _)| *name == file) {
        Some((_, content_type, bytes)) => {
            ([(header::CONTENT_TYPE, *content_type), (header::CACHE_CONTROL, "no-cache")], *bytes)
                .into_response()
        }
        None => ApiError::new(StatusCode::NOT_FOUND, "no such asset").into_response(),
    }
}
