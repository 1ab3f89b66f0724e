//! Hostile clients on loopback: requests sent by halves or not at all, more connections
//! than the server keeps, requests held open to fill the in-flight bound, bodies past
//! the limit without a length, oversized headers and URLs. The server answers each
//! with a refusal or by closing that connection, and keeps serving everyone else.

mod common;

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

use common::{get, start, TOKEN};

/// Reads until the server closes the connection or `limit` passes; returns what was
/// read and whether the server closed it.
fn read_until_closed(stream: &mut TcpStream, limit: Duration) -> (Vec<u8>, bool) {
    stream.set_read_timeout(Some(Duration::from_millis(100))).unwrap();
    let started = Instant::now();
    let mut got = Vec::new();
    let mut buffer = [0u8; 4096];
    while started.elapsed() < limit {
        match stream.read(&mut buffer) {
            Ok(0) => return (got, true),
            Ok(n) => got.extend_from_slice(&buffer[..n]),
            Err(err)
                if matches!(err.kind(), std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut) => {}
            Err(_) => return (got, true),
        }
    }
    (got, false)
}

fn status_of(raw: &[u8]) -> Option<u16> {
    String::from_utf8_lossy(raw).split(' ').nth(1)?.parse().ok()
}

/// Waits until `/health` answers 200 again, failing after `limit`.
fn recovers(addr: SocketAddr, limit: Duration) {
    let started = Instant::now();
    // While the server is still at its bound it closes new connections unanswered (or
    // resets them); that is "not yet", not a failure.
    let healthy = || {
        let Ok(mut stream) = TcpStream::connect(addr) else { return false };
        let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
        if stream.write_all(b"GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").is_err() {
            return false;
        }
        let mut raw = Vec::new();
        let _ = stream.read_to_end(&mut raw);
        raw.starts_with(b"HTTP/1.1 200")
    };
    loop {
        if healthy() {
            return;
        }
        assert!(started.elapsed() < limit, "the server did not recover within {limit:?}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn half_sent_requests_and_idle_connections_are_cut_off() {
    let server = start(|config| config.limits.header_timeout = Duration::from_secs(1));
    let mut half = TcpStream::connect(server.addr).unwrap();
    half.write_all(b"GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: ").unwrap();
    let mut silent = TcpStream::connect(server.addr).unwrap();
    // Meanwhile others are served.
    assert_eq!(get(server.addr, "/health").status, 200);
    let (_, closed) = read_until_closed(&mut half, Duration::from_secs(5));
    assert!(closed, "a request sent by halves kept its connection past the header timeout");
    let (_, closed) = read_until_closed(&mut silent, Duration::from_secs(5));
    assert!(closed, "a connection that sent nothing was kept past the header timeout");
    // A keep-alive connection that goes quiet after a request is closed too.
    let mut kept = TcpStream::connect(server.addr).unwrap();
    kept.write_all(b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
    let (answer, closed) = read_until_closed(&mut kept, Duration::from_secs(5));
    assert_eq!(status_of(&answer), Some(200));
    assert!(closed, "an idle keep-alive connection was kept past the header timeout");
}

#[test]
fn connections_past_the_bound_are_closed_and_the_server_recovers() {
    let server = start(|config| {
        config.limits.max_connections = 4;
        config.limits.header_timeout = Duration::from_secs(30);
    });
    let idle: Vec<TcpStream> = (0..4).map(|_| TcpStream::connect(server.addr).unwrap()).collect();
    std::thread::sleep(Duration::from_millis(200));
    let mut extra = TcpStream::connect(server.addr).unwrap();
    let _ = extra.write_all(b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
    let (answer, closed) = read_until_closed(&mut extra, Duration::from_secs(5));
    assert!(closed && answer.is_empty(), "a connection past the bound was served: {answer:?}");
    drop(idle);
    recovers(server.addr, Duration::from_secs(5));
}

#[test]
fn requests_held_open_fill_the_in_flight_bound_and_others_get_503_at_once() {
    let server = start(|config| {
        config.limits.max_in_flight = 2;
        config.limits.write_timeout = Duration::from_secs(60);
    });
    // Two writes whose bodies never finish arriving: each holds its place.
    let auth = format!("Authorization: Bearer {TOKEN}\r\n");
    let held: Vec<TcpStream> = (0..2)
        .map(|_| {
            let mut stream = TcpStream::connect(server.addr).unwrap();
            let head = format!(
                "POST /api/documents HTTP/1.1\r\nHost: x\r\n{auth}Content-Length: 1000\r\n\r\n{{\"id\":"
            );
            stream.write_all(head.as_bytes()).unwrap();
            stream
        })
        .collect();
    std::thread::sleep(Duration::from_millis(300));
    let started = Instant::now();
    let answer = get(server.addr, "/health");
    assert_eq!(answer.status, 503, "{}", answer.body);
    assert_eq!(answer.header("retry-after"), Some("1"));
    assert!(started.elapsed() < Duration::from_secs(2), "the refusal waited {:?}", started.elapsed());
    drop(held);
    recovers(server.addr, Duration::from_secs(5));
}

#[test]
fn a_chunked_body_past_the_limit_is_413() {
    let server = start(|_| {});
    let mut stream = TcpStream::connect(server.addr).unwrap();
    let head = format!(
        "POST /api/documents HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {TOKEN}\r\nTransfer-Encoding: chunked\r\n\r\n"
    );
    stream.write_all(head.as_bytes()).unwrap();
    // 200 KiB against the tests' 64 KiB limit, announced nowhere.
    let chunk = vec![b'a'; 8192];
    for _ in 0..25 {
        if stream.write_all(format!("{:x}\r\n", chunk.len()).as_bytes()).is_err()
            || stream.write_all(&chunk).is_err()
            || stream.write_all(b"\r\n").is_err()
        {
            break;
        }
    }
    let _ = stream.write_all(b"0\r\n\r\n");
    let (answer, _) = read_until_closed(&mut stream, Duration::from_secs(10));
    assert_eq!(status_of(&answer), Some(413), "{}", String::from_utf8_lossy(&answer));
    recovers(server.addr, Duration::from_secs(5));
}

#[test]
fn oversized_headers_and_urls_are_refused_without_a_server_error() {
    let server = start(|_| {});
    let huge_header = format!("GET /health HTTP/1.1\r\nHost: x\r\nCookie: {}\r\n\r\n", "c".repeat(1 << 20));
    let huge_url = format!("GET /api/events?text={} HTTP/1.1\r\nHost: x\r\n\r\n", "u".repeat(1 << 20));
    let many = format!("GET /health HTTP/1.1\r\nHost: x\r\n{}\r\n", "X-A: b\r\n".repeat(5000));
    for (what, request) in [("header", huge_header), ("url", huge_url), ("header count", many)] {
        let mut stream = TcpStream::connect(server.addr).unwrap();
        let _ = stream.write_all(request.as_bytes());
        let (answer, _) = read_until_closed(&mut stream, Duration::from_secs(10));
        // A refusal, or the connection closed: never a 5xx, never a 200 for it.
        if let Some(status) = status_of(&answer) {
            assert!((400..500).contains(&status), "an oversized {what} got {status}");
        }
    }
    recovers(server.addr, Duration::from_secs(5));
}

#[test]
fn a_path_that_is_not_utf8_is_a_json_400() {
    // Found by the `api` fuzz target: axum's own answer to such a path was plain text.
    let server = start(|_| {});
    for path in ["/api/actors/%E2%8=%AE?x", "/api/events/%FF", "/api/documents/%C3", "/assets/%E9.js"] {
        let answer = get(server.addr, path);
        assert_eq!(answer.status, 400, "{path}: {}", answer.body);
        assert_eq!(answer.json()["field"], "path", "{path}: {}", answer.body);
    }
}
