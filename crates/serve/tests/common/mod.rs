//! A real server on loopback (port 0) over a real store, and a small HTTP/1.1 client.

#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use dyad_serve::{Config, Limits};

pub const TOKEN: &str = "test-token-0123456789";

/// A server running on a thread of its own until dropped.
pub struct Server {
    pub addr: SocketAddr,
    pub dir: tempfile::TempDir,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

pub fn config(db: PathBuf) -> Config {
    Config {
        db,
        token: Some(TOKEN.to_string()),
        private: false,
        limits: Limits { max_body_bytes: 64 * 1024, ..Limits::default() },
        pipeline: Arc::new(|| dyad_pipeline::standard(&Default::default()).map_err(anyhow::Error::from)),
    }
}

/// Starts a server over a fresh store; `setup` adjusts its configuration.
pub fn start(setup: impl FnOnce(&mut Config)) -> Server {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let mut config = config(dir.path().join("dyad.db"));
    setup(&mut config);
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("binding loopback");
    let addr = listener.local_addr().expect("the bound address");
    listener.set_nonblocking(true).expect("a non-blocking listener");
    let (shutdown, stop) = tokio::sync::oneshot::channel::<()>();
    let thread = std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("a runtime");
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener).expect("a tokio listener");
            dyad_serve::serve(listener, config, async {
                let _ = stop.await;
            })
            .await
            .expect("serving");
        });
    });
    Server { addr, dir, shutdown: Some(shutdown), thread: Some(thread) }
}

pub fn fixtures() -> Vec<u8> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut body = std::fs::read(root.join("../../examples/seed-article.jsonl")).expect("the seed article");
    body.extend(std::fs::read(root.join("tests/fixtures/articles.jsonl")).expect("the fixtures"));
    body
}

/// An answer: status, headers (names in lower case) and body.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Answer {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|err| panic!("not JSON ({err}): {}", self.body))
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }
}

/// Sends one request on a new connection and reads the whole answer.
pub fn request(addr: SocketAddr, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Answer {
    let mut stream = TcpStream::connect(addr).expect("connecting");
    stream.set_read_timeout(Some(Duration::from_secs(120))).unwrap();
    let mut head = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    let expect = headers.iter().any(|(n, _)| n.eq_ignore_ascii_case("expect"));
    if !body.is_empty() || method == "POST" {
        head.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).expect("writing the request");
    if !expect {
        stream.write_all(body).expect("writing the body");
    }
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw);
    parse(&raw)
}

pub fn get(addr: SocketAddr, path: &str) -> Answer {
    request(addr, "GET", path, &[], b"")
}

fn parse(raw: &[u8]) -> Answer {
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").expect("a complete answer");
    let head = String::from_utf8_lossy(&raw[..split]).to_string();
    let mut lines = head.split("\r\n");
    let status: u16 =
        lines.next().and_then(|l| l.split(' ').nth(1)).and_then(|s| s.parse().ok()).expect("a status");
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let mut body = raw[split + 4..].to_vec();
    if headers.iter().any(|(n, v)| n == "transfer-encoding" && v.contains("chunked")) {
        body = dechunk(&body);
    }
    Answer { status, headers, body: String::from_utf8_lossy(&body).to_string() }
}

fn dechunk(mut raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(end) = raw.windows(2).position(|w| w == b"\r\n") {
        let size = usize::from_str_radix(String::from_utf8_lossy(&raw[..end]).trim(), 16).unwrap_or(0);
        if size == 0 {
            break;
        }
        out.extend_from_slice(&raw[end + 2..end + 2 + size]);
        raw = &raw[end + 2 + size + 2..];
    }
    out
}
