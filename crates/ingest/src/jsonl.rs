use std::io::{BufRead, Read};

use chrono::{Datelike, NaiveDate};
use dyad_model::{content_id, Diagnostic, Document};

/// Words that data tools write for a missing value.
const MISSING_MARKERS: &[&str] = &["NA", "N/A", "NaN", "null", "None", "-", "unknown"];
use serde_json::{Map, Value};

use crate::text::invalid_utf8_warning;
use crate::{Article, IngestError, ReadOptions};

/// Streams a JSONL file: one article per line with `text` (required), and `id`, `date`,
/// `title`, `url`, `source`, `language` (optional). Blank lines are skipped. Each bad
/// line is an error item naming `origin:line`; reading goes on with the next line.
pub fn read_jsonl<R: BufRead>(reader: R, origin: &str, options: &ReadOptions) -> JsonlRecords<R> {
    JsonlRecords {
        reader,
        origin: origin.to_string(),
        options: options.clone(),
        line_no: 0,
        buffer: Vec::new(),
        done: false,
    }
}

/// The records of one JSONL input, read lazily.
pub struct JsonlRecords<R> {
    reader: R,
    origin: String,
    options: ReadOptions,
    line_no: usize,
    buffer: Vec<u8>,
    done: bool,
}

impl<R: BufRead> Iterator for JsonlRecords<R> {
    type Item = Result<Article, IngestError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            self.buffer.clear();
            self.line_no += 1;
            // A line is read only up to the document limit: one endless line must not
            // take all memory before it can be refused.
            let limit = self.options.document_limit();
            match (&mut self.reader).take(limit as u64 + 1).read_until(b'\n', &mut self.buffer) {
                Ok(0) => self.done = true,
                Ok(_) if self.buffer.len() > limit && !self.buffer.ends_with(b"\n") => {
                    return Some(match skip_line(&mut self.reader) {
                        Ok(rest) => Err(IngestError::TooLarge {
                            origin: self.origin.clone(),
                            line: self.line_no,
                            bytes: self.buffer.len() + rest,
                            limit,
                        }),
                        Err(source) => {
                            self.done = true;
                            Err(IngestError::Read { path: self.origin.clone().into(), source })
                        }
                    });
                }
                Ok(_) => {
                    if self.buffer.iter().all(u8::is_ascii_whitespace) {
                        continue;
                    }
                    return Some(parse_record(&self.buffer, &self.origin, self.line_no, &self.options));
                }
                Err(source) => {
                    self.done = true;
                    return Some(Err(IngestError::Read { path: self.origin.clone().into(), source }));
                }
            }
        }
        None
    }
}

/// Reads past the rest of a line without keeping it; returns how many bytes that was.
fn skip_line<R: BufRead>(reader: &mut R) -> std::io::Result<usize> {
    let mut skipped = 0;
    loop {
        let buffer = reader.fill_buf()?;
        if buffer.is_empty() {
            return Ok(skipped);
        }
        match buffer.iter().position(|&b| b == b'\n') {
            Some(at) => {
                reader.consume(at + 1);
                return Ok(skipped + at + 1);
            }
            None => {
                let n = buffer.len();
                reader.consume(n);
                skipped += n;
            }
        }
    }
}

fn parse_record(
    bytes: &[u8],
    origin: &str,
    line: usize,
    options: &ReadOptions,
) -> Result<Article, IngestError> {
    if bytes.len() > options.document_limit() {
        return Err(IngestError::TooLarge {
            origin: origin.into(),
            line,
            bytes: bytes.len(),
            limit: options.document_limit(),
        });
    }
    let decoded = String::from_utf8_lossy(bytes);
    let lossy = matches!(decoded, std::borrow::Cow::Owned(_));
    let value: Value = serde_json::from_str(decoded.trim_start_matches('\u{feff}'))
        .map_err(|err| IngestError::NotJsonObject { origin: origin.into(), line, reason: err.to_string() })?;
    let Value::Object(record) = value else {
        return Err(IngestError::NotJsonObject {
            origin: origin.into(),
            line,
            reason: format!("found {}", json_kind(&value)),
        });
    };
    let field_error = |field: &'static str, reason: String| IngestError::BadField {
        origin: origin.into(),
        line,
        field,
        reason,
    };
    let text = match record.get("text") {
        Some(Value::String(text)) if !text.trim().is_empty() => text.clone(),
        Some(Value::String(_)) => {
            return Err(IngestError::NoText {
                origin: origin.into(),
                line,
                reason: "field `text` is empty".into(),
            })
        }
        // A record may carry the page instead of its text: the article body is
        // extracted from the HTML as for a page read from disk.
        None | Some(Value::Null) => match record.get("html") {
            Some(Value::String(html)) => {
                let location = format!("{origin}:{line}");
                let url = record.get("url").and_then(Value::as_str);
                let page = crate::read_html(html.as_bytes(), &location, url, options)?;
                page.document.text
            }
            _ => {
                return Err(IngestError::NoText {
                    origin: origin.into(),
                    line,
                    reason: "no field `text` (or `html`)".into(),
                })
            }
        },
        Some(other) => {
            return Err(field_error("text", format!("expected a string, found {}", json_kind(other))))
        }
    };
    let id = match record.get("id") {
        Some(Value::String(id)) if !id.trim().is_empty() => id.trim().to_string(),
        Some(Value::Number(id)) => id.to_string(),
        None | Some(Value::Null) => content_id("doc-", text.as_bytes()),
        Some(Value::String(_)) => return Err(field_error("id", "empty string".into())),
        Some(other) => {
            return Err(field_error("id", format!("expected a string or number, found {}", json_kind(other))))
        }
    };
    let mut warnings = Vec::new();
    let date = match optional_string(&record, "date").map_err(|reason| field_error("date", reason))? {
        // Exports from R, pandas and spreadsheets write a missing date as a word: the
        // record is undated, not broken.
        Some(text) if MISSING_MARKERS.iter().any(|m| text.trim().eq_ignore_ascii_case(m)) => {
            warnings.push(Diagnostic::warning(
                "ingest",
                format!("{origin}:{line}"),
                format!("field `date`: {text:?} means no date; the default date is used"),
            ));
            options.default_date
        }
        Some(text) => Some(parse_date(&text).ok_or_else(|| {
            field_error("date", format!("{text:?} is not a date (expected a form such as 2021-07-13, 20210713, 13 July 2021, or an RFC 3339 or 2822 timestamp)"))
        })?),
        None => options.default_date,
    };
    let mut document = Document::new(id, text);
    document.date = date;
    document.title = optional_string(&record, "title").map_err(|reason| field_error("title", reason))?;
    document.url = optional_string(&record, "url").map_err(|reason| field_error("url", reason))?;
    document.language =
        optional_string(&record, "language").map_err(|reason| field_error("language", reason))?;
    document.source = Some(format!("{origin}:{line}"));
    const KNOWN: &[&str] = &["id", "date", "title", "url", "text", "html", "language", "source"];
    document.extra = record
        .iter()
        .filter(|(key, _)| !KNOWN.contains(&key.as_str()))
        .map(|(key, value)| (key.clone(), value.to_string()))
        .collect();
    if lossy {
        warnings.push(invalid_utf8_warning(&format!("{origin}:{line}")));
    }
    Ok(Article { document, warnings })
}

fn optional_string(record: &Map<String, Value>, field: &str) -> Result<Option<String>, String> {
    match record.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(text)) if text.trim().is_empty() => Ok(None),
        Some(Value::String(text)) => Ok(Some(text.trim().to_string())),
        Some(other) => Err(format!("expected a string, found {}", json_kind(other))),
    }
}

fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Reads a publication date: `2021-07-13`, `20210713`, or an RFC 3339 timestamp
/// (`2021-07-13T08:00:00Z`, whose calendar day in its own offset is taken).
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    // Dates are written with four-digit years downstream (GDELT's SQLDATE is YYYYMMDD),
    // and a year 0 or 20000 in a feed is noise, not a date.
    parse_any_date(text).filter(|date| (1..=9999).contains(&date.year()))
}

fn parse_any_date(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    if let Ok(date) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        return Some(date);
    }
    if text.len() == 8 && text.bytes().all(|b| b.is_ascii_digit()) {
        return NaiveDate::parse_from_str(text, "%Y%m%d").ok();
    }
    if let Ok(stamp) = chrono::DateTime::parse_from_rfc3339(text) {
        return Some(stamp.date_naive());
    }
    if let Ok(stamp) = chrono::DateTime::parse_from_rfc2822(text) {
        return Some(stamp.date_naive());
    }
    // Timestamps without an offset, as many scrapers write them.
    text.get(..10)
        .filter(|_| text.as_bytes().get(10) == Some(&b'T') || text.as_bytes().get(10) == Some(&b' '))
        .and_then(|day| NaiveDate::parse_from_str(day, "%Y-%m-%d").ok())
        .or_else(|| parse_written_date(text))
}

/// Dates as news sites print them: "Saturday, 14 May 2016 16:57", "May 14, 2016",
/// "14 May 2016". A weekday in front and a time behind are dropped; numeric day-month
/// orders ("05/06/2016") stay unread because they are ambiguous.
fn parse_written_date(text: &str) -> Option<NaiveDate> {
    let mut words: Vec<&str> = text.split_whitespace().collect();
    let is_weekday = |word: &str| {
        let word = word.trim_end_matches(',').to_ascii_lowercase();
        ["mon", "tue", "wed", "thu", "fri", "sat", "sun"].iter().any(|day| word.starts_with(day))
            && word.chars().all(|c| c.is_ascii_alphabetic())
    };
    if words.first().is_some_and(|w| is_weekday(w)) {
        words.remove(0);
    }
    // A clock time and anything after it ("16:57", "16:57 GMT", "4:57 pm").
    if let Some(clock) = words.iter().position(|w| w.contains(':')) {
        words.truncate(clock);
    }
    let day = words.join(" ").replace(',', "");
    ["%d %B %Y", "%d %b %Y", "%B %d %Y", "%b %d %Y"]
        .iter()
        .find_map(|format| NaiveDate::parse_from_str(&day, format).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(input: &str) -> Vec<Result<Article, IngestError>> {
        read_jsonl(input.as_bytes(), "in.jsonl", &ReadOptions::default()).collect()
    }

    #[test]
    fn good_records_keep_their_fields() {
        let items = read_all(
            r#"{"id": "seed-0001", "date": "2021-07-13", "title": "T", "url": "https://x.test/a", "text": "Body."}"#,
        );
        let doc = &items[0].as_ref().unwrap().document;
        assert_eq!(doc.id, "seed-0001");
        assert_eq!(doc.date, NaiveDate::from_ymd_opt(2021, 7, 13));
        assert_eq!(doc.title.as_deref(), Some("T"));
        assert_eq!(doc.url.as_deref(), Some("https://x.test/a"));
        assert_eq!(doc.source.as_deref(), Some("in.jsonl:1"));
        assert!(doc.extra.is_empty());
    }

    #[test]
    fn dates_as_news_sites_print_them_are_read() {
        let day = NaiveDate::from_ymd_opt(2016, 5, 14);
        for text in [
            "Saturday, 14 May 2016 16:57",
            "14 May 2016",
            "May 14, 2016",
            "Sat, 14 May 2016 16:57:00 +0000",
            "Sat May 14 2016",
        ] {
            assert_eq!(parse_date(text), day, "{text}");
        }
        assert_eq!(parse_date("05/06/2016"), None, "ambiguous day-month order");
        // Found by the `dates` fuzz target: RFC 2822 parsing took "0" for the year 0.
        assert_eq!(parse_date("Sat, 14 May 0"), None);
        assert_eq!(parse_date("+20000-01-01T00:00:00Z"), None);
        assert_eq!(parse_date("0000-05-14"), None);
        assert_eq!(parse_date("9999-12-31"), NaiveDate::from_ymd_opt(9999, 12, 31));
        assert_eq!(parse_date("yesterday"), None);
    }

    #[test]
    fn an_endless_line_is_refused_without_being_held_in_memory() {
        // One line larger than the document limit is refused as too large, read no
        // further than the limit, and the next line is still read.
        let options = ReadOptions { max_document_bytes: Some(1000), ..ReadOptions::default() };
        let mut input = format!("{{\"id\": \"big\", \"text\": \"{}\"}}\n", "a".repeat(50_000));
        input.push_str("{\"id\": \"small\", \"text\": \"Iraq thanked Iran.\"}\n");
        input.push_str(&"b".repeat(3000));
        let mut records = read_jsonl(input.as_bytes(), "big.jsonl", &options);
        match records.next() {
            Some(Err(IngestError::TooLarge { line: 1, bytes, limit: 1000, .. })) => {
                assert_eq!(bytes, 50_000 + 26, "with its newline")
            }
            other => panic!("{other:?}"),
        }
        assert!(records.buffer.capacity() < 50_000, "the line was held whole");
        assert_eq!(records.next().unwrap().unwrap().document.id, "small");
        assert!(matches!(records.next(), Some(Err(IngestError::TooLarge { line: 3, bytes: 3000, .. }))));
        assert!(records.next().is_none());
    }

    #[test]
    fn a_missing_value_marker_is_no_date_with_a_warning() {
        let items = read_all(r#"{"id": "x", "text": "Body.", "date": "NA"}"#);
        let article = items[0].as_ref().expect("the record is read");
        assert_eq!(article.document.date, None);
        assert_eq!(article.warnings.len(), 1);
        assert!(article.warnings[0].message.contains("\"NA\" means no date"), "{:?}", article.warnings);
    }

    #[test]
    fn extra_fields_are_kept() {
        let items =
            read_all(r#"{"id": "x", "text": "Body.", "author": "A. Writer", "tags": ["iraq", "us"]}"#);
        let doc = &items[0].as_ref().unwrap().document;
        assert_eq!(doc.extra.get("author").map(String::as_str), Some("\"A. Writer\""));
        assert_eq!(doc.extra.get("tags").map(String::as_str), Some(r#"["iraq","us"]"#));
        assert!(!doc.extra.contains_key("text"));
    }

    #[test]
    fn bad_lines_are_reported_with_line_numbers_and_reading_goes_on() {
        let input = concat!(
            "{\"id\": 1, \"text\": \"First.\"}\n",
            "this is not json\n",
            "\n",
            "[1, 2]\n",
            "{\"id\": \"no-text\"}\n",
            "{\"id\": \"x\", \"text\": 42}\n",
            "{\"id\": \"y\", \"date\": \"yesterday\", \"text\": \"Dated badly.\"}\n",
            "{\"text\": \"Last one.\"}\n",
        );
        let items = read_all(input);
        let messages: Vec<String> = items
            .iter()
            .map(|item| match item {
                Ok(article) => format!("ok {}", article.document.id),
                Err(err) => err.to_string(),
            })
            .collect();
        assert_eq!(messages[0], "ok 1");
        assert!(messages[1].starts_with("in.jsonl:2: not a JSON object"), "{}", messages[1]);
        assert_eq!(messages[2], "in.jsonl:4: not a JSON object: found an array");
        assert_eq!(messages[3], "in.jsonl:5: no text to code (no field `text` (or `html`))");
        assert_eq!(messages[4], "in.jsonl:6: field `text`: expected a string, found a number");
        assert!(
            messages[5].starts_with("in.jsonl:7: field `date`: \"yesterday\" is not a date"),
            "{}",
            messages[5]
        );
        assert!(messages[6].starts_with("ok doc-"), "a record without id gets a content hash");
        assert_eq!(items.len(), 7);
    }

    #[test]
    fn html_field_is_read_when_text_is_absent() {
        let body = "<p>Iraq's prime minister will meet the US president in Washington later this month, officials in Baghdad said on Tuesday.</p>";
        let record = serde_json::json!({"id": "h1", "html": format!("<html><body><article>{body}</article></body></html>")});
        let items = read_all(&record.to_string());
        let doc = &items[0].as_ref().expect("html record is read").document;
        assert!(doc.text.contains("Iraq's prime minister will meet"), "{:?}", doc.text);
        assert!(!doc.text.contains("<p>"));
    }

    #[test]
    fn dates_in_common_forms() {
        let day = NaiveDate::from_ymd_opt(1995, 1, 1);
        assert_eq!(parse_date("19950101"), day);
        assert_eq!(parse_date("1995-01-01"), day);
        assert_eq!(parse_date("1995-01-01T23:00:00-05:00"), day);
        assert_eq!(parse_date("1995-01-01 10:00:00"), day);
        assert_eq!(parse_date("01/01/1995"), None);
    }

    #[test]
    fn content_hash_ids_are_stable() {
        let a = read_all("{\"text\": \"Same text.\"}");
        let b = read_all("{\"title\": \"other\", \"text\": \"Same text.\"}");
        assert_eq!(a[0].as_ref().unwrap().document.id, b[0].as_ref().unwrap().document.id);
    }
}
