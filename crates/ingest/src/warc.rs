//! WARC archives, plain or gzipped (`.warc`, `.warc.gz`, as Common Crawl's CC-NEWS
//! ships them): every successful HTTP response with an HTML body becomes an article,
//! read by [`crate::read_html`] with the record's target URI as its URL.

use std::cell::Cell;
use std::io::{BufRead, BufReader, Read};
use std::rc::Rc;

use chrono::NaiveDate;
use warc::{RecordIter, RecordType, WarcHeader, WarcReader};

use crate::html::read_html;
use crate::{Article, IngestError, ReadOptions};

/// Streams the articles of a WARC archive. Gzip is detected from the first bytes, so a
/// `.warc.gz` needs no flag. A truncated or corrupt record ends the archive with one
/// error naming the record number; articles before it have already been returned.
/// Records that are not HTML responses (requests, metadata, images, redirects) are
/// skipped, since they are not articles.
pub fn read_warc<R: BufRead + 'static>(mut reader: R, origin: &str, options: &ReadOptions) -> WarcArticles {
    let gzipped = reader.fill_buf().map(|head| head.starts_with(&[0x1f, 0x8b])).unwrap_or(false);
    let reader: Box<dyn BufRead> = if gzipped {
        Box::new(BufReader::new(flate2::bufread::MultiGzDecoder::new(reader)))
    } else {
        Box::new(reader)
    };
    let unparsed = Rc::new(Cell::new(false));
    let reader: Box<dyn BufRead> = Box::new(Tracked { inner: reader, unparsed: Rc::clone(&unparsed) });
    WarcArticles {
        records: WarcReader::new(reader).iter_records(),
        unparsed,
        origin: origin.to_string(),
        options: options.clone(),
        record_no: 0,
        done: false,
    }
}

/// The articles of one WARC archive, read lazily.
pub struct WarcArticles {
    records: RecordIter<Box<dyn BufRead>>,
    /// Set when bytes other than whitespace were read since the last complete record.
    unparsed: Rc<Cell<bool>>,
    origin: String,
    options: ReadOptions,
    record_no: usize,
    done: bool,
}

impl Iterator for WarcArticles {
    type Item = Result<Article, IngestError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            let record = match self.records.next() {
                None => {
                    self.done = true;
                    // The WARC reader ends quietly when the input stops inside a
                    // record's headers; text read after the last complete record means
                    // the archive was cut.
                    if self.unparsed.get() {
                        return Some(Err(IngestError::BadField {
                            origin: self.origin.clone(),
                            line: self.record_no + 1,
                            field: "warc record",
                            reason: "truncated or corrupt record: the input ends inside its headers".into(),
                        }));
                    }
                    if self.record_no == 0 {
                        return Some(Err(IngestError::NoText {
                            origin: self.origin.clone(),
                            line: 1,
                            reason: "the archive has no WARC records".into(),
                        }));
                    }
                    return None;
                }
                Some(Err(err)) => {
                    // After a bad record the reader's position is unknown: stop here.
                    self.done = true;
                    return Some(Err(IngestError::BadField {
                        origin: self.origin.clone(),
                        line: self.record_no + 1,
                        field: "warc record",
                        reason: format!("truncated or corrupt record: {err}"),
                    }));
                }
                Some(Ok(record)) => record,
            };
            self.unparsed.set(false);
            self.record_no += 1;
            let record_type = record.warc_type().clone();
            let crawled_on: Option<NaiveDate> = Some(record.date().date_naive());
            // `Record::header` unwraps the value as UTF-8 and panics on other bytes, so
            // the headers are read raw and decoded leniently here.
            let (headers, body) = record.into_raw_parts();
            let header = |name: WarcHeader| {
                headers.as_ref().get(&name).map(|value| String::from_utf8_lossy(value).into_owned())
            };
            let uri = header(WarcHeader::TargetURI).map(|uri| uri.trim_matches(['<', '>']).to_string());
            let content_type =
                header(WarcHeader::ContentType).map(|c| c.to_ascii_lowercase()).unwrap_or_default();
            let html = match record_type {
                RecordType::Response if content_type.starts_with("application/http") => http_html_body(&body),
                RecordType::Response | RecordType::Resource if content_type.contains("html") => Some(body),
                _ => None,
            };
            let Some(html) = html else { continue };
            let options = ReadOptions {
                default_date: self.options.default_date.or(crawled_on),
                ..self.options.clone()
            };
            let location = match &uri {
                Some(uri) => format!("{} record {} ({uri})", self.origin, self.record_no),
                None => format!("{} record {}", self.origin, self.record_no),
            };
            return Some(read_html(&html, &location, uri.as_deref(), &options));
        }
        None
    }
}

/// A reader that notes when it hands out bytes other than whitespace.
struct Tracked<R> {
    inner: R,
    unparsed: Rc<Cell<bool>>,
}

impl<R: BufRead> Read for Tracked<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        if buf[..n].iter().any(|b| !b.is_ascii_whitespace()) {
            self.unparsed.set(true);
        }
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Tracked<R> {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        self.inner.fill_buf()
    }

    fn consume(&mut self, amt: usize) {
        // The buffer is already filled, so this call does no I/O.
        if let Ok(buffer) = self.inner.fill_buf() {
            if buffer[..amt.min(buffer.len())].iter().any(|b| !b.is_ascii_whitespace()) {
                self.unparsed.set(true);
            }
        }
        self.inner.consume(amt);
    }
}

/// The body of an HTTP response when it is a 2xx with an HTML (or untyped) body,
/// de-chunked and un-gzipped.
fn http_html_body(message: &[u8]) -> Option<Vec<u8>> {
    let (head_end, body_start) = find_header_end(message)?;
    let head = String::from_utf8_lossy(&message[..head_end]);
    let mut lines = head.lines();
    let status: u16 = lines.next()?.split_whitespace().nth(1)?.parse().ok()?;
    if !(200..300).contains(&status) {
        return None;
    }
    let (mut content_type, mut chunked, mut gzipped) = (String::new(), false, false);
    for line in lines {
        let Some((name, value)) = line.split_once(':') else { continue };
        let value = value.trim().to_ascii_lowercase();
        match name.trim().to_ascii_lowercase().as_str() {
            "content-type" => content_type = value,
            "transfer-encoding" => chunked = value.contains("chunked"),
            "content-encoding" => gzipped = value.contains("gzip"),
            _ => {}
        }
    }
    if !content_type.is_empty() && !content_type.contains("html") {
        return None;
    }
    let mut body = message[body_start..].to_vec();
    if chunked {
        if let Some(joined) = dechunk(&body) {
            body = joined;
        }
    }
    if gzipped {
        let mut decoded = Vec::new();
        if flate2::read::MultiGzDecoder::new(body.as_slice()).read_to_end(&mut decoded).is_ok() {
            body = decoded;
        }
    }
    Some(body)
}

fn find_header_end(message: &[u8]) -> Option<(usize, usize)> {
    if let Some(at) = message.windows(4).position(|w| w == b"\r\n\r\n") {
        return Some((at, at + 4));
    }
    message.windows(2).position(|w| w == b"\n\n").map(|at| (at, at + 2))
}

/// Joins an HTTP/1.1 chunked body; `None` when the framing is broken.
fn dechunk(mut body: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(body.len());
    loop {
        let line_end = body.windows(2).position(|w| w == b"\r\n")?;
        let size_text = std::str::from_utf8(&body[..line_end]).ok()?;
        let size = usize::from_str_radix(size_text.split(';').next()?.trim(), 16).ok()?;
        body = &body[line_end + 2..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(body.get(..size)?);
        body = body.get(size + 2..)?;
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    const PAGE: &str = "<html><head><title>Rockets hit Ain al-Assad base</title>\
        <meta property=\"article:published_time\" content=\"2021-07-07\"></head><body><article>\
        <p>Fourteen rockets were fired at the Ain al-Assad air base, which hosts US troops in western Iraq, \
        on Wednesday, the coalition said. Two service members were slightly injured in the attack.</p>\
        <p>Another three rockets landed near the US embassy in Baghdad, security sources said. There were no \
        immediate claims of responsibility for either attack.</p></article></body></html>";

    fn record(warc_type: &str, uri: &str, content_type: &str, body: &[u8]) -> Vec<u8> {
        let mut out = format!(
            "WARC/1.0\r\nWARC-Type: {warc_type}\r\nWARC-Record-ID: <urn:uuid:{}>\r\n\
             WARC-Date: 2021-07-08T00:00:00Z\r\nWARC-Target-URI: {uri}\r\nContent-Type: {content_type}\r\n\
             Content-Length: {}\r\n\r\n",
            uri.len(),
            body.len()
        )
        .into_bytes();
        out.extend_from_slice(body);
        out.extend_from_slice(b"\r\n\r\n");
        out
    }

    fn archive() -> Vec<u8> {
        let http = format!("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n{PAGE}");
        let mut bytes = record("warcinfo", "x", "application/warc-fields", b"software: test\r\n");
        bytes.extend(record(
            "request",
            "https://news.example.com/rockets",
            "application/http; msgtype=request",
            b"GET / HTTP/1.1\r\n\r\n",
        ));
        bytes.extend(record(
            "response",
            "https://news.example.com/rockets",
            "application/http; msgtype=response",
            http.as_bytes(),
        ));
        let redirect = b"HTTP/1.1 301 Moved\r\nLocation: /x\r\n\r\n";
        bytes.extend(record(
            "response",
            "https://news.example.com/old",
            "application/http; msgtype=response",
            redirect,
        ));
        let chunked = format!("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n{:x}\r\n{PAGE}\r\n0\r\n\r\n", PAGE.len());
        bytes.extend(record(
            "response",
            "https://news.example.com/chunked",
            "application/http; msgtype=response",
            chunked.as_bytes(),
        ));
        bytes
    }

    fn read_all(bytes: Vec<u8>) -> Vec<Result<Article, IngestError>> {
        read_warc(std::io::Cursor::new(bytes), "crawl.warc", &ReadOptions::default()).collect()
    }

    #[test]
    fn html_responses_become_articles_and_other_records_are_skipped() {
        let items = read_all(archive());
        assert_eq!(items.len(), 2, "{items:?}");
        let doc = &items[0].as_ref().unwrap().document;
        assert_eq!(doc.url.as_deref(), Some("https://news.example.com/rockets"));
        assert_eq!(doc.date, NaiveDate::from_ymd_opt(2021, 7, 7));
        assert!(doc.text.contains("Fourteen rockets were fired"));
        assert!(doc.source.as_deref().unwrap().starts_with("crawl.warc record 3"));
        let chunked = &items[1].as_ref().unwrap().document;
        assert_eq!(chunked.url.as_deref(), Some("https://news.example.com/chunked"));
        assert!(chunked.text.contains("Fourteen rockets were fired"));
    }

    #[test]
    fn gzipped_archives_are_detected_by_content() {
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        encoder.write_all(&archive()).unwrap();
        let items = read_all(encoder.finish().unwrap());
        assert_eq!(items.iter().filter(|item| item.is_ok()).count(), 2);
    }

    #[test]
    fn truncated_archives_end_with_one_located_error() {
        let bytes = archive();
        let cut = bytes.len() - 200;
        let items = read_all(bytes[..cut].to_vec());
        assert!(items[0].is_ok());
        let err = items.last().unwrap().as_ref().unwrap_err().to_string();
        assert!(err.starts_with("crawl.warc:5: field `warc record`: truncated"), "{err}");

        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        encoder.write_all(&bytes).unwrap();
        let gz = encoder.finish().unwrap();
        let items = read_all(gz[..gz.len() / 2].to_vec());
        assert!(items.last().unwrap().is_err(), "a cut gzip stream ends with an error");
    }

    #[test]
    fn header_values_that_are_not_utf8_are_read_not_panicked_on() {
        // Found by the `warc` fuzz target: the warc crate's `Record::header` unwraps a
        // value as UTF-8, and a Latin-1 byte in a header made it panic.
        let mut bytes = b"WARC/1.0\r\nWARC-Type: resource\r\nWARC-Record-ID: <urn:uuid:1>\r\n\
            WARC-Date: 2021-07-08T00:00:00Z\r\nWARC-Target-URI: https://news.example.com/caf\xe9\r\n\
            Content-Type: text/html; charset=\xff\r\n"
            .to_vec();
        bytes.extend(format!("Content-Length: {}\r\n\r\n{PAGE}\r\n\r\n", PAGE.len()).as_bytes());
        let items = read_all(bytes);
        assert_eq!(items.len(), 1, "{items:?}");
        let document = &items[0].as_ref().expect("the page is read").document;
        assert!(document.text.contains("Fourteen rockets were fired"));
        assert!(document.url.as_deref().is_some_and(|url| url.starts_with("https://news.example.com/caf")));
    }

    #[test]
    fn empty_and_non_warc_inputs_are_errors_not_panics() {
        let items = read_all(Vec::new());
        assert_eq!(items.len(), 1);
        assert!(items[0].as_ref().unwrap_err().to_string().contains("no WARC records"));
        let items = read_all(b"this is not an archive\r\n\r\n".to_vec());
        assert!(items.iter().all(|item| item.is_err()));
    }
}
