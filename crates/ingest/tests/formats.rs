//! Every input format and every bad input through `read_inputs`, from fixture files.

use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use dyad_ingest::{read_inputs, Article, Format, IngestError, Input, ReadOptions};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/formats").join(name)
}

fn read(paths: &[PathBuf]) -> Vec<Result<Article, IngestError>> {
    read_inputs(paths.iter().cloned().map(Input::Path).collect(), ReadOptions::default()).collect()
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

#[test]
fn formats_come_from_extensions_and_content() {
    assert_eq!(Format::from_extension(Path::new("a.html")), Some(Format::Html));
    assert_eq!(Format::from_extension(Path::new("a.rss")), Some(Format::Feed));
    assert_eq!(Format::from_extension(Path::new("a.warc.gz")), Some(Format::Warc));
    assert_eq!(Format::from_extension(Path::new("a.tar.gz")), None);
    assert_eq!(Format::sniff(b"\n<?xml version=\"1.0\"?><rss version=\"2.0\">"), Format::Feed);
    assert_eq!(
        Format::sniff(b"<?xml version=\"1.0\"?><feed xmlns=\"http://www.w3.org/2005/Atom\">"),
        Format::Feed
    );
    assert_eq!(Format::sniff(b"<!DOCTYPE html><html>"), Format::Html);
    assert_eq!(Format::sniff(b"WARC/1.0\r\n"), Format::Warc);
    assert_eq!(Format::sniff(&[0x1f, 0x8b, 8, 0]), Format::Warc);
    assert_eq!(Format::sniff(b"Rockets hit <b>Baghdad</b>"), Format::Text);
}

#[test]
fn html_page_gives_its_article_title_date_and_canonical_url() {
    let items = read(&[fixture("article.html")]);
    assert_eq!(items.len(), 1);
    let doc = &items[0].as_ref().unwrap().document;
    assert_eq!(doc.url.as_deref(), Some("https://news.example.com/world/iraq-biden-meeting"));
    assert_eq!(doc.date, NaiveDate::from_ymd_opt(2021, 7, 13));
    assert!(doc.text.starts_with("Iraq's prime minister to meet Joe Biden on 26 July"), "{}", doc.text);
    assert!(doc.text.contains("some 2,500 Americans in Iraq"));
    assert!(!doc.text.contains("All rights reserved") && !doc.text.contains("Sport"), "{}", doc.text);
}

#[test]
fn rss_atom_and_xml_feeds_give_one_article_per_item() {
    let items = read(&[fixture("world.rss"), fixture("world.atom"), fixture("world-feed.xml")]);
    let ids: Vec<&str> = items.iter().map(|item| item.as_ref().unwrap().document.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "example-20210713-001",
            "https://news.example.com/world/rockets-ain-al-assad",
            "urn:example:world:2021-07-26-1",
            "example-20210713-001",
            "https://news.example.com/world/rockets-ain-al-assad",
        ]
    );
    let atom = &items[2].as_ref().unwrap().document;
    assert_eq!(atom.date, NaiveDate::from_ymd_opt(2021, 7, 26));
    assert!(atom.text.contains("They agreed to end the US combat mission"));
}

#[test]
fn warc_and_warc_gz_give_html_responses_and_report_pages_without_articles() {
    let dir = tempfile::tempdir().unwrap();
    let warc = std::fs::read(fixture("crawl.warc")).unwrap();
    let gz_path = dir.path().join("crawl.warc.gz");
    std::fs::write(&gz_path, gzip(&warc)).unwrap();
    for path in [fixture("crawl.warc"), gz_path] {
        let items = read(std::slice::from_ref(&path));
        assert_eq!(items.len(), 2, "{path:?}: {items:?}");
        let doc = &items[0].as_ref().unwrap().document;
        assert_eq!(doc.url.as_deref(), Some("https://news.example.com/world/iraq-biden-meeting"));
        assert_eq!(doc.date, NaiveDate::from_ymd_opt(2021, 7, 13));
        let err = items[1].as_ref().unwrap_err().to_string();
        assert!(
            err.contains("record 6 (https://news.example.com/menu)") && err.contains("no article body"),
            "{err}"
        );
    }
}

#[test]
fn truncated_archives_and_feeds_are_reported_and_later_inputs_still_read() {
    let dir = tempfile::tempdir().unwrap();
    let warc = std::fs::read(fixture("crawl.warc")).unwrap();
    let cut_warc = dir.path().join("cut.warc");
    std::fs::write(&cut_warc, &warc[..warc.len() - 300]).unwrap();
    let gz = gzip(&warc);
    let cut_gz = dir.path().join("cut.warc.gz");
    std::fs::write(&cut_gz, &gz[..gz.len() * 2 / 3]).unwrap();
    let items = read(&[cut_warc, cut_gz, fixture("truncated.rss"), fixture("article.html")]);
    let errors: Vec<String> =
        items.iter().filter_map(|item| item.as_ref().err().map(|e| e.to_string())).collect();
    assert!(
        errors.iter().any(|e| e.contains("cut.warc:") && e.contains("truncated or corrupt record")),
        "{errors:?}"
    );
    assert!(errors.iter().any(|e| e.contains("cut.warc.gz:")), "{errors:?}");
    assert!(errors
        .iter()
        .any(|e| e.starts_with(&format!("{}:1: field `feed`", fixture("truncated.rss").display()))));
    assert!(items.last().unwrap().is_ok(), "the batch goes on after bad inputs");
}

#[test]
fn empty_binary_invalid_and_oversized_pages_are_per_document_errors() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.html");
    std::fs::write(&empty, b"").unwrap();
    let binary = dir.path().join("image.html");
    std::fs::write(&binary, b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01").unwrap();
    let invalid = dir.path().join("invalid.html");
    let page = std::fs::read_to_string(fixture("article.html")).unwrap();
    let mut bytes = page.replace("communiqué", "communiqu\u{1}").into_bytes();
    let at = bytes.iter().position(|&b| b == 1).unwrap();
    bytes[at] = 0xe9;
    std::fs::write(&invalid, bytes).unwrap();
    let huge = dir.path().join("huge.html");
    let paragraph = "<p>Rockets were fired at the base again, officials said on Monday.</p>\n";
    let body = paragraph.repeat(50 * 1024 * 1024 / paragraph.len());
    std::fs::write(&huge, format!("<html><body><article>{body}</article></body></html>")).unwrap();
    let items = read(&[empty, binary, invalid, huge, fixture("nobody.html")]);
    assert_eq!(items.len(), 5);
    assert!(matches!(items[0], Err(IngestError::NoText { .. })), "{:?}", items[0]);
    assert!(matches!(items[1], Err(IngestError::Binary { .. })), "{:?}", items[1]);
    let replaced = items[2].as_ref().unwrap();
    assert_eq!(replaced.warnings.len(), 1, "invalid UTF-8 is reported");
    assert!(replaced.document.text.contains("communiqu\u{fffd}"));
    assert!(matches!(items[3], Err(IngestError::TooLarge { .. })), "{:?}", items[3]);
    assert!(items[4].as_ref().unwrap_err().to_string().contains("no article body"));
}
