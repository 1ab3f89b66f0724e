//! HTML pages: the main article body (via `dom_smoothie`, a port of Mozilla's
//! Readability), plus title, publication date and canonical URL from the page's
//! metadata (`<meta property="article:published_time">`, JSON-LD `datePublished`,
//! `<link rel="canonical">`).

use chrono::NaiveDate;
use dom_smoothie::{Config, Readability, TextMode};
use dyad_model::{content_id, Document};

use crate::text::{invalid_utf8_warning, looks_binary};
use crate::{parse_date, Article, IngestError, ReadOptions};

/// Fewer words than this in the extracted body means the page has no article.
const MIN_BODY_WORDS: usize = 12;

/// Metadata read from the page's `<head>` by a small tag scanner (the readability pass
/// does not expose the canonical link).
#[derive(Debug, Default, Clone, PartialEq)]
pub struct PageMetadata {
    /// `<link rel="canonical">`, else `og:url`.
    pub canonical_url: Option<String>,
    /// `article:published_time`, `og:published_time`, `datePublished`, `date`, ...
    pub published: Option<NaiveDate>,
    /// `og:title`, else `<title>`.
    pub title: Option<String>,
}

/// Reads one HTML page. `url` is where the page came from when the caller knows it (a
/// WARC record's target URI); the page's own canonical link wins over it.
///
/// Pages with no extractable article body are an [`IngestError::NoText`]; invalid UTF-8
/// is replaced (or read as Windows-1252 when the page declares it) and reported.
pub fn read_html(
    bytes: &[u8],
    origin: &str,
    url: Option<&str>,
    options: &ReadOptions,
) -> Result<Article, IngestError> {
    if bytes.len() > options.document_limit() {
        return Err(IngestError::TooLarge {
            origin: origin.to_string(),
            line: 1,
            bytes: bytes.len(),
            limit: options.document_limit(),
        });
    }
    if looks_binary(bytes) {
        return Err(IngestError::Binary { origin: origin.to_string() });
    }
    let (html, lossy) = decode_html(bytes);
    if html.trim().is_empty() {
        return Err(IngestError::NoText {
            origin: origin.to_string(),
            line: 1,
            reason: "the page is empty".into(),
        });
    }
    let metadata = scan_metadata(&html);
    let config = Config { text_mode: TextMode::Formatted, ..Config::default() };
    let base_url = url.or(metadata.canonical_url.as_deref()).filter(|u| u.starts_with("http"));
    let parsed =
        Readability::new(html.as_str(), base_url, Some(config)).and_then(|mut reader| reader.parse());
    let article = match parsed {
        Ok(article) => article,
        Err(err) => {
            return Err(IngestError::NoText {
                origin: origin.to_string(),
                line: 1,
                reason: format!("the page has no article body: {err}"),
            })
        }
    };
    let body = tidy_text(&article.text_content);
    // Readability falls back to whatever text the page has; a handful of words (a menu,
    // a cookie notice) is not an article.
    let words = body.split_whitespace().count();
    if words < MIN_BODY_WORDS {
        return Err(IngestError::NoText {
            origin: origin.to_string(),
            line: 1,
            reason: format!("the page has no article body (only {words} words outside the markup)"),
        });
    }
    let title = Some(article.title.trim().to_string()).filter(|t| !t.is_empty()).or(metadata.title.clone());
    // The headline leads the text, as in plain-text input, so that it is segmented and
    // coded as a headline.
    let text = match &title {
        Some(title) if !body.trim_start().starts_with(title.as_str()) => format!("{title}\n\n{body}"),
        _ => body,
    };
    let date = metadata
        .published
        .or_else(|| article.published_time.as_deref().and_then(parse_date))
        .or(options.default_date);
    let page_url =
        metadata.canonical_url.clone().or_else(|| article.url.clone()).or_else(|| url.map(str::to_string));
    let mut document = Document::new(content_id("doc-", text.as_bytes()), text);
    document.title = title;
    document.url = page_url;
    document.date = date;
    document.source = Some(origin.to_string());
    let mut warnings = Vec::new();
    if lossy {
        warnings.push(invalid_utf8_warning(origin));
    }
    Ok(Article { document, warnings })
}

/// Decodes the page: UTF-8, or Windows-1252 when the bytes are not UTF-8 and the page
/// declares a Latin charset. Returns whether characters had to be replaced.
fn decode_html(bytes: &[u8]) -> (String, bool) {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => (text.to_string(), false),
        Err(_) => {
            let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]).to_ascii_lowercase();
            let latin = [
                "charset=iso-8859-1",
                "charset=\"iso-8859-1",
                "charset=windows-1252",
                "charset=\"windows-1252",
                "charset=latin1",
            ]
            .iter()
            .any(|cue| head.contains(cue));
            if latin {
                (bytes.iter().map(|&b| windows_1252(b)).collect(), false)
            } else {
                (String::from_utf8_lossy(bytes).into_owned(), true)
            }
        }
    }
}

/// One Windows-1252 byte as a character (the C1 range holds typographic quotes and
/// dashes in that encoding).
fn windows_1252(byte: u8) -> char {
    const C1: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž', '\u{8f}',
        '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}', 'ž', 'Ÿ',
    ];
    match byte {
        0x80..=0x9f => C1[usize::from(byte - 0x80)],
        _ => char::from(byte),
    }
}

/// Folds runs of blank lines and trailing spaces left by the HTML-to-text pass, so
/// paragraphs are separated by exactly one blank line.
fn tidy_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank_run = 0;
    for line in text.lines() {
        let line = line.trim_end();
        if line.trim().is_empty() {
            blank_run += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank_run > 0 { "\n\n" } else { "\n" });
        }
        blank_run = 0;
        out.push_str(line.trim_start());
    }
    out
}

/// Reads `<meta>`, `<link>`, `<title>`, `<time>` and JSON-LD `datePublished` from the
/// page without building a DOM.
pub fn scan_metadata(html: &str) -> PageMetadata {
    let mut metadata = PageMetadata::default();
    let mut og_url = None;
    let mut og_title = None;
    let mut title_tag = None;
    let mut dates: Vec<(u8, NaiveDate)> = Vec::new();
    let lower = html.to_ascii_lowercase();
    let mut pos = 0;
    while let Some(found) = lower[pos..].find('<') {
        let start = pos + found;
        let Some(end) = lower[start..].find('>').map(|e| start + e) else { break };
        let tag = &html[start + 1..end];
        let name_end = tag.find(|c: char| c.is_whitespace() || c == '/').unwrap_or(tag.len());
        let name = tag[..name_end].to_ascii_lowercase();
        pos = end + 1;
        match name.as_str() {
            "meta" => {
                let attrs = attributes(&tag[name_end..]);
                let get = |key: &str| attrs.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str());
                let key = get("property").or_else(|| get("name")).or_else(|| get("itemprop")).unwrap_or("");
                let content = get("content").unwrap_or("").trim();
                let key = key.to_ascii_lowercase();
                let priority = match key.as_str() {
                    "article:published_time" => Some(0),
                    "og:published_time" | "datepublished" => Some(1),
                    "pubdate" | "publishdate" | "publish-date" | "date" | "dc.date" | "dc.date.issued"
                    | "sailthru.date" | "parsely-pub-date" => Some(2),
                    _ => None,
                };
                if let (Some(priority), Some(date)) = (priority, parse_date(content)) {
                    dates.push((priority, date));
                }
                if key == "og:url" && !content.is_empty() {
                    og_url = Some(content.to_string());
                }
                if key == "og:title" && !content.is_empty() {
                    og_title = Some(content.to_string());
                }
            }
            "link" => {
                let attrs = attributes(&tag[name_end..]);
                let get = |key: &str| attrs.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str());
                if get("rel").is_some_and(|rel| rel.eq_ignore_ascii_case("canonical")) {
                    if let Some(href) = get("href").filter(|h| !h.trim().is_empty()) {
                        metadata.canonical_url = Some(href.trim().to_string());
                    }
                }
            }
            "time" => {
                let attrs = attributes(&tag[name_end..]);
                if let Some(date) =
                    attrs.iter().find(|(k, _)| k == "datetime").and_then(|(_, v)| parse_date(v))
                {
                    dates.push((4, date));
                }
            }
            "title" if title_tag.is_none() => {
                if let Some(close) = lower[pos..].find("</title") {
                    let text = decode_entities(html[pos..pos + close].trim());
                    if !text.is_empty() {
                        title_tag = Some(text);
                    }
                }
            }
            "script" => {
                let close = lower[pos..].find("</script").map_or(lower.len(), |c| pos + c);
                if tag.to_ascii_lowercase().contains("ld+json") {
                    if let Some(date) = json_ld_date(&html[pos..close]) {
                        dates.push((1, date));
                    }
                }
                pos = close;
            }
            "body" if metadata.canonical_url.is_some() && !dates.is_empty() => break,
            _ => {}
        }
    }
    dates.sort_by_key(|(priority, _)| *priority);
    metadata.published = dates.first().map(|(_, date)| *date);
    metadata.canonical_url = metadata.canonical_url.or(og_url);
    metadata.title = og_title.or(title_tag);
    metadata
}

/// `datePublished` from a JSON-LD block, found by key without a full JSON parse (the
/// blocks are often invalid JSON).
fn json_ld_date(script: &str) -> Option<NaiveDate> {
    let at = script.find("\"datePublished\"")?;
    let rest = &script[at + "\"datePublished\"".len()..];
    let rest = rest.trim_start().strip_prefix(':')?.trim_start().strip_prefix('"')?;
    let value = &rest[..rest.find('"')?];
    parse_date(value)
}

/// Attributes of a tag body: `name="value"`, `name='value'`, `name=value`, `name`.
fn attributes(body: &str) -> Vec<(String, String)> {
    let mut attrs = Vec::new();
    let bytes = body.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
            i += 1;
        }
        let name_start = i;
        while i < bytes.len() && !bytes[i].is_ascii_whitespace() && bytes[i] != b'=' && bytes[i] != b'/' {
            i += 1;
        }
        let name = body[name_start..i].to_ascii_lowercase();
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut value = String::new();
        if i < bytes.len() && bytes[i] == b'=' {
            i += 1;
            while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            if i < bytes.len() && (bytes[i] == b'"' || bytes[i] == b'\'') {
                let quote = bytes[i];
                let value_start = i + 1;
                let value_end = body[value_start..]
                    .bytes()
                    .position(|b| b == quote)
                    .map_or(body.len(), |p| value_start + p);
                value = decode_entities(&body[value_start..value_end]);
                i = value_end + 1;
            } else {
                let value_start = i;
                while i < bytes.len() && !bytes[i].is_ascii_whitespace() {
                    i += 1;
                }
                value = decode_entities(&body[value_start..i]);
            }
        }
        if !name.is_empty() {
            attrs.push((name, value));
        } else if i == name_start {
            i += 1;
        }
    }
    attrs
}

/// Decodes the character references that occur in metadata and feed text.
pub(crate) fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        // Searched as bytes: twelve bytes in may be inside a character.
        let Some(semi) = rest.as_bytes()[..rest.len().min(12)].iter().position(|&b| b == b';') else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let entity = &rest[1..semi];
        let decoded = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "nbsp" => Some('\u{a0}'),
            "ndash" => Some('–'),
            "mdash" => Some('—'),
            "lsquo" => Some('‘'),
            "rsquo" => Some('’'),
            "ldquo" => Some('“'),
            "rdquo" => Some('”'),
            "hellip" => Some('…'),
            _ => entity
                .strip_prefix("#x")
                .or_else(|| entity.strip_prefix("#X"))
                .and_then(|hex| u32::from_str_radix(hex, 16).ok())
                .or_else(|| entity.strip_prefix('#').and_then(|dec| dec.parse().ok()))
                .and_then(char::from_u32),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Text of an HTML fragment (a feed item's description): tags dropped, block elements
/// turned into paragraph breaks, character references decoded.
pub fn html_fragment_to_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        out.push_str(&decode_entities(&rest[..open]));
        let Some(close) = rest[open..].find('>').map(|c| open + c) else {
            rest = &rest[open..];
            break;
        };
        let tag = rest[open + 1..close].trim_start_matches('/').to_ascii_lowercase();
        let name = tag.split(|c: char| c.is_whitespace() || c == '/').next().unwrap_or("");
        rest = &rest[close + 1..];
        match name {
            "p" | "div" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "li" | "ul" | "ol" | "blockquote"
            | "table" | "tr" | "section" | "article" | "figure" | "figcaption" | "header" | "footer" => {
                out.push_str("\n\n")
            }
            "br" => out.push('\n'),
            "script" | "style" => {
                let lower = rest.to_ascii_lowercase();
                let end_tag = format!("</{name}");
                if let Some(end) = lower.find(&end_tag) {
                    let after = rest[end..].find('>').map_or(rest.len(), |g| end + g + 1);
                    rest = &rest[after..];
                }
            }
            _ => {}
        }
    }
    out.push_str(&decode_entities(rest));
    let mut text = tidy_text(&out);
    // Inline runs of spaces inside a paragraph.
    while text.contains("  ") {
        text = text.replace("  ", " ");
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8">
<title>Iraq's prime minister to meet Joe Biden | Example News</title>
<meta property="og:title" content="Iraq&#39;s prime minister to meet Joe Biden on 26 July">
<meta property="article:published_time" content="2021-07-13T09:30:00+02:00">
<link rel="canonical" href="https://news.example.com/iraq-biden">
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/share">Share</a></nav>
<article>
<h1>Iraq's prime minister to meet Joe Biden on 26 July</h1>
<p>Iraqi Prime Minister Mustafa al-Kazemi will travel to the United States where he will meet with US President Joe Biden on 26 July. The meeting will highlight the strategic partnership between the two countries, according to the White House.</p>
<p>White House press secretary Jen Psaki said Biden also hopes to strengthen bilateral cooperation with Iraq on political, economic and security issues. The US is still keeping some 2,500 troops in Iraq.</p>
<p>Earlier this month, 14 rockets were fired at the Ain al-Assad air base, which hosts US troops in western Iraq, and another three landed near the US embassy in Baghdad.</p>
</article>
<footer>Copyright 2021 Example News. All rights reserved.</footer>
</body></html>"#;

    #[test]
    fn article_body_title_date_and_canonical_url_are_extracted() {
        let article = read_html(PAGE.as_bytes(), "page.html", None, &ReadOptions::default()).unwrap();
        let doc = article.document;
        assert_eq!(doc.url.as_deref(), Some("https://news.example.com/iraq-biden"));
        assert_eq!(doc.date, NaiveDate::from_ymd_opt(2021, 7, 13));
        assert!(
            doc.title.as_deref().unwrap().starts_with("Iraq's prime minister to meet Joe Biden"),
            "{:?}",
            doc.title
        );
        assert!(doc.text.contains("Iraqi Prime Minister Mustafa al-Kazemi will travel"), "{}", doc.text);
        assert!(doc.text.contains("\n\n"), "paragraphs stay apart: {}", doc.text);
        assert!(!doc.text.contains("All rights reserved"), "footer is not article text: {}", doc.text);
        assert!(!doc.text.contains('<'));
        assert!(article.warnings.is_empty());
        assert!(doc.id.starts_with("doc-"));
    }

    #[test]
    fn json_ld_date_is_used_when_there_is_no_meta_date() {
        let html = r#"<html><head><script type="application/ld+json">{"@type":"NewsArticle","datePublished": "2020-01-03T01:00:00Z"}</script></head><body></body></html>"#;
        assert_eq!(scan_metadata(html).published, NaiveDate::from_ymd_opt(2020, 1, 3));
    }

    #[test]
    fn a_page_without_an_article_body_is_a_clear_error() {
        let html =
            "<html><head><title>Menu</title></head><body><nav><a href='/'>Home</a></nav></body></html>";
        let err = read_html(html.as_bytes(), "nav.html", None, &ReadOptions::default()).unwrap_err();
        assert!(err.to_string().starts_with("nav.html:1: no text to code"), "{err}");
    }

    #[test]
    fn empty_binary_and_oversized_pages_are_rejected() {
        let options = ReadOptions::default();
        assert!(matches!(read_html(b"", "e.html", None, &options), Err(IngestError::NoText { .. })));
        assert!(matches!(
            read_html(b"\0\x01\x02PK\0\0", "b.html", None, &options),
            Err(IngestError::Binary { .. })
        ));
        let small = ReadOptions { max_document_bytes: Some(100), ..ReadOptions::default() };
        assert!(matches!(
            read_html(PAGE.as_bytes(), "big.html", None, &small),
            Err(IngestError::TooLarge { .. })
        ));
    }

    #[test]
    fn invalid_utf8_is_replaced_and_reported_and_declared_latin1_is_decoded() {
        let mut bytes = PAGE.replace("al-Kazemi", "al-Kaz\u{e9}mi").into_bytes();
        let at = bytes.windows(2).position(|w| w == "é".as_bytes()).unwrap();
        bytes.splice(at..at + 2, [0xe9]);
        let article = read_html(&bytes, "bad.html", None, &ReadOptions::default()).unwrap();
        assert_eq!(article.warnings.len(), 1);
        assert!(article.document.text.contains('\u{fffd}'));
        let mut declared = bytes.clone();
        let meta = b"<meta charset=\"utf-8\">";
        let at = declared.windows(meta.len()).position(|w| w == meta).unwrap();
        declared.splice(
            at..at + meta.len(),
            b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1252\">".iter().copied(),
        );
        let article = read_html(&declared, "latin.html", None, &ReadOptions::default()).unwrap();
        assert!(article.warnings.is_empty());
        assert!(article.document.text.contains("al-Kazémi"), "{}", article.document.text);
    }

    #[test]
    fn an_unterminated_reference_before_a_wide_character_is_kept_as_text() {
        // Found by the `html` and `feed` fuzz targets: the search for the `;` that ends
        // a reference cut the text twelve bytes in, inside a character.
        assert_eq!(decode_entities("&nbsl;&mdas\u{fffd}x"), "&nbsl;&mdas\u{fffd}x");
        assert_eq!(
            decode_entities("&1t;/p&\u{fffd}\u{fffd}\u{fffd}\u{fffd}"),
            "&1t;/p&\u{fffd}\u{fffd}\u{fffd}\u{fffd}"
        );
        assert_eq!(decode_entities("&abcdefghij\u{e9};"), "&abcdefghij\u{e9};");
        assert_eq!(
            html_fragment_to_text("<p>&amp;\u{10348}\u{10348}\u{10348}</p>"),
            "&\u{10348}\u{10348}\u{10348}"
        );
        let page = scan_metadata("<meta name=\"date\" content=\"&mdas\u{fffd}\u{fffd}\">");
        assert_eq!(page.published, None);
    }

    #[test]
    fn fragments_become_paragraphs_with_entities_decoded() {
        let text = html_fragment_to_text(
            "<p>Rockets hit &amp; damaged the base.</p><p>No one was hurt&#8230;</p><script>x()</script>",
        );
        assert_eq!(text, "Rockets hit & damaged the base.\n\nNo one was hurt…");
    }

    #[test]
    fn attributes_parse_all_quoting_styles() {
        let attrs =
            attributes(r#" property='og:url' content="https://a.example/x?a=1&amp;b=2" data-x=plain defer"#);
        assert_eq!(attrs[0], ("property".into(), "og:url".into()));
        assert_eq!(attrs[1].1, "https://a.example/x?a=1&b=2");
        assert_eq!(attrs[2], ("data-x".into(), "plain".into()));
        assert_eq!(attrs[3].0, "defer");
    }
}
