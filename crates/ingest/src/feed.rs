//! RSS 2.0, RSS 1.0 and Atom feeds (via `feed-rs`): one article per item, its text from
//! the item's content or, failing that, its summary.

use dyad_model::{content_id, Document};

use crate::html::html_fragment_to_text;
use crate::text::{invalid_utf8_warning, looks_binary};
use crate::{Article, IngestError, ReadOptions};

/// Reads every item of a feed. A feed that cannot be parsed is one error; an item
/// without any text is an error naming its position (`feed.xml:item 3`), and the other
/// items are still read.
pub fn read_feed(bytes: &[u8], origin: &str, options: &ReadOptions) -> Vec<Result<Article, IngestError>> {
    if bytes.len() > options.document_limit() {
        return vec![Err(IngestError::TooLarge {
            origin: origin.to_string(),
            line: 1,
            bytes: bytes.len(),
            limit: options.document_limit(),
        })];
    }
    if looks_binary(bytes) {
        return vec![Err(IngestError::Binary { origin: origin.to_string() })];
    }
    // feed-rs needs valid UTF-8; bad bytes are replaced and reported on every item.
    let decoded = String::from_utf8_lossy(bytes);
    let lossy = matches!(decoded, std::borrow::Cow::Owned(_));
    let utf8 = without_xml_declarations(&decoded);
    let feed = match feed_rs::parser::parse(utf8.as_bytes()) {
        Ok(feed) => feed,
        Err(err) => {
            return vec![Err(IngestError::BadField {
                origin: origin.to_string(),
                line: 1,
                field: "feed",
                reason: format!("not a readable RSS or Atom feed: {err}"),
            })]
        }
    };
    feed.entries
        .into_iter()
        .enumerate()
        .map(|(idx, entry)| {
            let item = idx + 1;
            let location = format!("{origin}:item {item}");
            let title =
                entry.title.as_ref().map(|t| html_fragment_to_text(&t.content)).filter(|t| !t.is_empty());
            let body = entry
                .content
                .as_ref()
                .and_then(|content| content.body.as_deref())
                .filter(|body| !body.trim().is_empty())
                .or_else(|| entry.summary.as_ref().map(|summary| summary.content.as_str()))
                .map(html_fragment_to_text)
                .unwrap_or_default();
            if body.trim().is_empty() && title.is_none() {
                return Err(IngestError::NoText {
                    origin: origin.to_string(),
                    line: item,
                    reason: "feed item has neither text nor title".into(),
                });
            }
            let text = match &title {
                Some(title) if !body.starts_with(title.as_str()) && !body.is_empty() => {
                    format!("{title}\n\n{body}")
                }
                Some(title) if body.is_empty() => title.clone(),
                _ => body,
            };
            let url = entry
                .links
                .iter()
                .find(|link| link.rel.as_deref().is_none_or(|rel| rel == "alternate"))
                .or(entry.links.first())
                .map(|link| link.href.clone());
            // feed-rs invents an id (a hash) for items without a guid; an explicit guid
            // or the item's link is the stable id the publisher gave it.
            let id = if !entry.id.trim().is_empty() {
                entry.id.clone()
            } else {
                content_id("doc-", text.as_bytes())
            };
            let mut document = Document::new(id, text);
            document.title = title;
            document.url = url;
            document.date =
                entry.published.or(entry.updated).map(|stamp| stamp.date_naive()).or(options.default_date);
            document.language = None;
            document.source = Some(location.clone());
            let warnings = if lossy { vec![invalid_utf8_warning(&location)] } else { Vec::new() };
            Ok(Article { document, warnings })
        })
        .collect()
}

/// The text without a byte-order mark or XML declarations. The text is already UTF-8,
/// so a declaration's `encoding` can only mislead the parser, and quick-xml (under
/// feed-rs) panics when one comes after other text (found by the `feed` fuzz target).
/// `<?xml-stylesheet ...?>` and other processing instructions stay.
fn without_xml_declarations(text: &str) -> std::borrow::Cow<'_, str> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let is_declaration_at = |at: usize| {
        let rest = &text.as_bytes()[at..];
        rest.len() > 5
            && rest[..5].eq_ignore_ascii_case(b"<?xml")
            && (rest[5].is_ascii_whitespace() || rest[5] == b'?')
    };
    if !text.match_indices("<?").any(|(at, _)| is_declaration_at(at)) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest_start = 0;
    let mut search = 0;
    while let Some(found) = text[search..].find("<?") {
        let at = search + found;
        if !is_declaration_at(at) {
            search = at + 2;
            continue;
        }
        out.push_str(&text[rest_start..at]);
        // An unclosed declaration runs to the end of the text.
        let end = text[at..].find("?>").map_or(text.len(), |close| at + close + 2);
        rest_start = end;
        search = end;
    }
    out.push_str(&text[rest_start..]);
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    const RSS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Example World News</title><link>https://news.example.com/</link>
<description>World</description>
<item>
  <title>Iraq's prime minister to meet Joe Biden on 26 July</title>
  <link>https://news.example.com/iraq-biden</link>
  <guid isPermaLink="false">example-2021-0713-1</guid>
  <pubDate>Tue, 13 Jul 2021 08:00:00 GMT</pubDate>
  <description>&lt;p&gt;Iraqi Prime Minister Mustafa al-Kazemi will travel to the United States.&lt;/p&gt;&lt;p&gt;He will meet US President Joe Biden.&lt;/p&gt;</description>
</item>
<item>
  <title>Rockets hit Ain al-Assad base</title>
  <link>https://news.example.com/rockets</link>
  <pubDate>Wed, 07 Jul 2021 10:00:00 GMT</pubDate>
  <description>Fourteen rockets were fired at the base.</description>
</item>
<item><description></description></item>
</channel></rss>"#;

    const ATOM: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Example</title><id>urn:example:feed</id>
<updated>2021-07-13T10:00:00Z</updated>
<entry><title>Biden and al-Kadhimi meet</title><id>urn:example:1</id>
<link rel="alternate" href="https://news.example.com/meeting"/>
<published>2021-07-26T15:00:00Z</published><updated>2021-07-26T16:00:00Z</updated>
<content type="html">&lt;p&gt;The two leaders met in Washington.&lt;/p&gt;</content></entry>
</feed>"#;

    #[test]
    fn a_late_or_odd_xml_declaration_is_no_panic() {
        // Found by the `feed` fuzz target: a byte-order mark, some text, then a
        // declaration with an encoding made quick-xml panic inside feed-rs.
        let bytes = b"\xef\xbb\xbfml version\x22.=10\x22 encguid>hts/p\x91t\xcf:\x9a\x88s.exa<?xml ~ernn=\x22ncguid>ht/sp\x91t\xcf:\x9a1.0\x22 encoding=\x22\x09\x09\x09\x09\x09\x09\x09\x09\x09\x09\x09l1\x22?>\x0a<\x1a4/upd\x88sle>aExM^e>ExMT</a";
        let items = read_feed(bytes, "odd.xml", &ReadOptions::default());
        assert!(items.iter().all(|item| item.is_err()), "{items:?}");
        // A declaration that names another encoding is ignored: the text is UTF-8 by now.
        let latin = RSS.replace("encoding=\"UTF-8\"", "encoding=\"ISO-8859-1\"");
        let items = read_feed(latin.as_bytes(), "latin.rss", &ReadOptions::default());
        assert_eq!(items.iter().filter(|item| item.is_ok()).count(), 2, "{items:?}");
        assert_eq!(
            without_xml_declarations("<?xml-stylesheet href=\"a\"?><rss/>"),
            "<?xml-stylesheet href=\"a\"?><rss/>"
        );
        assert_eq!(without_xml_declarations("\u{feff}<?xml version=\"1.0\"?><rss/>"), "<rss/>");
    }

    #[test]
    fn rss_items_become_articles_with_ids_dates_and_links() {
        let items = read_feed(RSS.as_bytes(), "world.rss", &ReadOptions::default());
        assert_eq!(items.len(), 3);
        let first = &items[0].as_ref().unwrap().document;
        assert_eq!(first.id, "example-2021-0713-1");
        assert_eq!(first.url.as_deref(), Some("https://news.example.com/iraq-biden"));
        assert_eq!(first.date, NaiveDate::from_ymd_opt(2021, 7, 13));
        assert_eq!(
            first.text,
            "Iraq's prime minister to meet Joe Biden on 26 July\n\nIraqi Prime Minister Mustafa al-Kazemi will travel \
             to the United States.\n\nHe will meet US President Joe Biden."
        );
        assert_eq!(first.source.as_deref(), Some("world.rss:item 1"));
        let second = &items[1].as_ref().unwrap().document;
        assert!(!second.id.is_empty());
        let err = items[2].as_ref().unwrap_err();
        assert!(err.to_string().starts_with("world.rss:3: no text to code"), "{err}");
    }

    #[test]
    fn atom_entries_use_content_and_published_date() {
        let items = read_feed(ATOM.as_bytes(), "feed.atom", &ReadOptions::default());
        let doc = &items[0].as_ref().unwrap().document;
        assert_eq!(doc.id, "urn:example:1");
        assert_eq!(doc.date, NaiveDate::from_ymd_opt(2021, 7, 26));
        assert_eq!(doc.text, "Biden and al-Kadhimi meet\n\nThe two leaders met in Washington.");
        assert_eq!(doc.url.as_deref(), Some("https://news.example.com/meeting"));
    }

    #[test]
    fn broken_and_empty_feeds_are_one_clear_error() {
        let items = read_feed(b"<rss><channel><item><title>cut", "cut.rss", &ReadOptions::default());
        assert_eq!(items.len(), 1);
        assert!(items[0].as_ref().unwrap_err().to_string().starts_with("cut.rss:1: field `feed`"));
        let items = read_feed(b"", "empty.rss", &ReadOptions::default());
        assert!(items[0].is_err());
    }

    #[test]
    fn invalid_utf8_in_a_feed_is_replaced_and_reported() {
        let bytes = RSS.replace("Fourteen", "Fourteen\u{1}").into_bytes();
        let mut bytes = bytes;
        let at = bytes.iter().position(|&b| b == 1).unwrap();
        bytes[at] = 0xff;
        let items = read_feed(&bytes, "bad.rss", &ReadOptions::default());
        let article = items[1].as_ref().unwrap();
        assert_eq!(article.warnings.len(), 1);
        assert!(article.document.text.contains('\u{fffd}'));
    }
}
