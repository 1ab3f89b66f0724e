//! The guards every request passes: bounds (in-flight limit, timeout, metrics,
//! security headers), panics turned into 500s, and the token check.

use std::any::Any;
use std::sync::Arc;
use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::api::ApiError;
use crate::App;

/// Refuses a request at once (503) when `max_in_flight` are being served, bounds its
/// time, records it in the metrics and adds the security headers.
pub(crate) async fn bound(State(app): State<Arc<App>>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_string(), |m| m.as_str().to_string());
    let method = request.method().clone();
    let response = match app.in_flight.clone().try_acquire_owned() {
        Err(_) => {
            let mut response =
                ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "too many requests in flight; retry shortly")
                    .into_response();
            response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
            response
        }
        Ok(_permit) => {
            let limit = if method == Method::GET || method == Method::HEAD {
                app.config.limits.read_timeout
            } else {
                app.config.limits.write_timeout
            };
            match tokio::time::timeout(limit, next.run(request)).await {
                Ok(response) => response,
                Err(_) => ApiError::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    format!("the request took longer than {} s", limit.as_secs_f64()),
                )
                .into_response(),
            }
        }
    };
    app.metrics.record(&route, method.as_str(), response.status().as_u16(), started.elapsed().as_secs_f64());
    with_security_headers(response)
}

fn with_security_headers(mut response: Response) -> Response {
    let headers = response.headers_mut();
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    // Only our own scripts and styles run, whatever an article contains.
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
             connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
        ),
    );
    response
}

/// A panic in a handler: a 500 for the client, the message in the server's log.
pub(crate) fn panic_response(panic: Box<dyn Any + Send + 'static>) -> Response {
    let message = panic
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| panic.downcast_ref::<&str>().copied())
        .unwrap_or("(no message)");
    with_security_headers(ApiError::internal(format!("a handler panicked: {message}")).into_response())
}

/// What a route needs from the caller.
#[derive(PartialEq)]
enum Need {
    Nothing,
    Token,
}

fn need(app: &App, method: &Method, path: &str) -> Need {
    // Only the routes that write; any other method on a route is the router's 405.
    let writes = *method == Method::POST && (path == "/api/documents" || path.starts_with("/api/admin/"));
    let data = path.starts_with("/api/") || path == "/metrics";
    if writes || (app.config.private && data) {
        Need::Token
    } else {
        Need::Nothing
    }
}

/// Checks `Authorization: Bearer TOKEN` where the route needs it: 401 without one,
/// 403 with a wrong one (or when the server has no token, for writes).
pub(crate) async fn auth(State(app): State<Arc<App>>, request: Request, next: Next) -> Response {
    if need(&app, request.method(), request.uri().path()) == Need::Nothing {
        return next.run(request).await;
    }
    let Some(expected) = app.config.token.as_deref() else {
        return ApiError::new(
            StatusCode::FORBIDDEN,
            "this server takes no writes: start dyad serve with --token or DYAD_TOKEN",
        )
        .into_response();
    };
    let given = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer "));
    match given {
        None => {
            let mut response =
                ApiError::new(StatusCode::UNAUTHORIZED, "a token is needed: Authorization: Bearer TOKEN")
                    .into_response();
            response.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
            response
        }
        Some(given) if constant_time_eq(given.trim().as_bytes(), expected.as_bytes()) => {
            next.run(request).await
        }
        Some(_) => ApiError::new(StatusCode::FORBIDDEN, "wrong token").into_response(),
    }
}

/// Compares two byte strings in time that depends only on their lengths, so that a
/// caller cannot find the token a byte at a time by timing the answers.
pub(crate) fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    let mut difference = (a.len() ^ b.len()) as u64;
    for i in 0..a.len().max(b.len()) {
        let x = a.get(i).copied().unwrap_or(0);
        let y = b.get(i).copied().unwrap_or(0);
        difference |= u64::from(x ^ y);
    }
    std::hint::black_box(difference) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_compare_whole() {
        assert!(constant_time_eq(b"secret", b"secret"));
        assert!(!constant_time_eq(b"secret", b"secreT"));
        assert!(!constant_time_eq(b"secret", b"secret2"));
        assert!(!constant_time_eq(b"", b"x"));
        assert!(constant_time_eq(b"", b""));
    }
}
