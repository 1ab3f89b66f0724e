//! Boilerplate removal: photo credits, captions, image slugs, navigation text, cookie
//! banners and bylines, found line by line by general rules.
//!
//! Nothing is rewritten: each removal is a [`Removal`] whose span points into the
//! original text, so offsets downstream stay valid and `dyad explain` can show what was
//! dropped and which rule dropped it.

use dyad_model::{Diagnostic, Doc, Layer, Removal, Span, Stage};

use crate::lang::detect_language;

/// Rule id for photo credits and captions (`PHOTO/ ... via REUTERS`, `Getty Images`).
pub const RULE_PHOTO_CREDIT: &str = "text.boilerplate.photo_credit";
/// Rule id for slug-like lines (`joe biden-presidente-usa-ataque irak`).
pub const RULE_SLUG: &str = "text.boilerplate.slug";
/// Rule id for navigation and sharing text (`Read more`, `Share this article`).
pub const RULE_NAVIGATION: &str = "text.boilerplate.navigation";
/// Rule id for cookie and consent banners.
pub const RULE_COOKIE_BANNER: &str = "text.boilerplate.cookie_banner";
/// Rule id for bylines and reporting credits (`By Jane Smith`, `Reporting by ...`).
pub const RULE_BYLINE: &str = "text.boilerplate.byline";
/// Rule id for publication stamps (`Updated: 13 July 2021 14:05 GMT`).
pub const RULE_TIMESTAMP: &str = "text.boilerplate.timestamp";
/// Rule id for lines without a single letter (`***`, `1/5`).
pub const RULE_NO_WORDS: &str = "text.boilerplate.no_words";
/// Rule id for lines that are a bare URL or e-mail address.
pub const RULE_URL: &str = "text.boilerplate.url";

/// Detects the language and removes boilerplate (`"text.clean.v1"`). Like every
/// stage, it leaves recording `Layer::Clean` in `doc.layers` to the pipeline.
///
/// The language is only set when the input did not set it and the detector is
/// confident. Removals are appended to `doc.removed` in text order.
#[derive(Debug, Clone, Copy, Default)]
pub struct CleanStage;

impl Stage for CleanStage {
    fn name(&self) -> &'static str {
        "text.clean.v1"
    }

    fn requires(&self) -> &'static [Layer] {
        &[]
    }

    fn provides(&self) -> &'static [Layer] {
        &[Layer::Clean]
    }

    fn run(&self, doc: &mut Doc, _diags: &mut Vec<Diagnostic>) {
        let removals = find_boilerplate(&doc.document.text);
        if doc.document.language.is_none() {
            // Detect on the kept text only: a Spanish photo credit must not make an
            // English article look Spanish.
            let kept = kept_text_sample(&doc.document.text, &removals, 4096);
            doc.document.language = detect_language(&kept);
        }
        doc.removed.extend(removals);
        doc.removed.sort_by_key(|removal| (removal.span.start, removal.span.end));
    }
}

/// Up to `limit` bytes of the text outside the removed spans.
fn kept_text_sample(text: &str, removals: &[Removal], limit: usize) -> String {
    let mut kept = String::with_capacity(limit.min(text.len()));
    let mut pos = 0;
    for removal in removals.iter().map(|r| r.span).chain(std::iter::once(Span::new(text.len(), text.len()))) {
        if removal.start > pos {
            kept.push_str(&text[pos..removal.start]);
            kept.push('\n');
        }
        pos = pos.max(removal.end);
        if kept.len() >= limit {
            break;
        }
    }
    kept
}

/// Every boilerplate line and inline credit in `text`, in text order.
///
/// ```
/// let text = "Iraq's prime minister to meet Joe Biden\n\nGetty Images\n\nHe will travel.";
/// let removed = dyad_text::find_boilerplate(text);
/// assert_eq!(removed.len(), 1);
/// assert_eq!(&text[removed[0].span.start..removed[0].span.end], "Getty Images");
/// assert_eq!(removed[0].rule, "text.boilerplate.photo_credit");
/// ```
pub fn find_boilerplate(text: &str) -> Vec<Removal> {
    let mut removals = Vec::new();
    let mut line_start = 0;
    while line_start <= text.len() {
        let line_end = text[line_start..].find('\n').map_or(text.len(), |i| line_start + i);
        let raw = &text[line_start..line_end];
        let leading = raw.len() - raw.trim_start().len();
        let line = raw.trim();
        if !line.is_empty() {
            let start = line_start + leading;
            let span = Span::new(start, start + line.len());
            match classify_line(line) {
                Some(rule) => removals.push(Removal { span, rule: rule.to_string() }),
                None => find_inline_credits(line, start, &mut removals),
            }
        }
        line_start = line_end + 1;
    }
    removals
}

/// The rule that removes the whole (trimmed) line, if any.
pub fn classify_line(line: &str) -> Option<&'static str> {
    let lower = line.to_lowercase();
    let words = line.split_whitespace().count();
    if !line.chars().any(char::is_alphabetic) {
        return Some(RULE_NO_WORDS);
    }
    if is_bare_url(&lower) {
        return Some(RULE_URL);
    }
    // A long line is a paragraph (or a whole article flattened to one line): it is
    // never dropped whole for a credit; `find_inline_credits` cuts the credit out.
    if words <= MAX_CAPTION_WORDS && is_photo_credit(&lower, words) {
        return Some(RULE_PHOTO_CREDIT);
    }
    if words <= MAX_BANNER_WORDS && is_cookie_banner(&lower) {
        return Some(RULE_COOKIE_BANNER);
    }
    if is_navigation(&lower, words) {
        return Some(RULE_NAVIGATION);
    }
    if is_byline(line, &lower, words) {
        return Some(RULE_BYLINE);
    }
    if is_timestamp(&lower, words) {
        return Some(RULE_TIMESTAMP);
    }
    if is_slug(line) {
        return Some(RULE_SLUG);
    }
    None
}

/// Longest line, in words, that a credit rule removes whole; captions are short.
const MAX_CAPTION_WORDS: usize = 30;

/// Longest line, in words, that the cookie-banner rule removes whole.
const MAX_BANNER_WORDS: usize = 60;

/// Longest sentence-like segment of a long line that is cut out as a credit when it
/// holds an agency marker (`- Photo by Neeraj Murali.`, `Felix Marquez AP Photo`).
const MAX_CREDIT_SEGMENT_WORDS: usize = 12;

/// Longest segment of a long line opened by `Photo:`/`Image:` that is cut out as a
/// caption.
const MAX_OPENED_SEGMENT_WORDS: usize = 20;

/// Whether the line ends like a sentence (full stop, question, exclamation, or a
/// closing quote after one).
fn ends_like_sentence(lower: &str) -> bool {
    let trimmed = lower.trim_end_matches(['"', '\'', '”', '’', ')', '»']);
    trimmed.ends_with(['.', '!', '?', '…'])
}

fn is_bare_url(lower: &str) -> bool {
    !lower.contains(char::is_whitespace)
        && (lower.starts_with("http://")
            || lower.starts_with("https://")
            || lower.starts_with("www.")
            || (lower.contains('@') && lower.contains('.') && !lower.starts_with('@')))
}

/// Words that open a credit or caption line when followed by a separator.
const CREDIT_OPENERS: &[&str] = &[
    "photo",
    "photos",
    "foto",
    "fotos",
    "image",
    "images",
    "picture",
    "pictures",
    "pic",
    "file photo",
    "file image",
    "archive photo",
    "photograph",
    "credit",
    "credits",
    "image credit",
    "photo credit",
    "caption",
    "illustration",
    "video",
    "(photo",
    "(image",
    "(picture",
    "(file photo",
    "(credit",
    "(ap photo",
    "(afp photo",
    "(reuters photo",
];

/// Agencies and photo services whose names mark a credit when the line is not a
/// sentence.
const CREDIT_MARKERS: &[&str] = &[
    "via reuters",
    "via afp",
    "via ap",
    "via getty",
    "getty images",
    "/ reuters",
    "/reuters",
    "reuters/",
    "/ afp",
    "/afp",
    "afp/",
    "afp via",
    "ap photo",
    "afp photo",
    "reuters photo",
    "epa-efe",
    "epa/",
    "/ epa",
    "shutterstock",
    "alamy",
    "xinhua/",
    "/ xinhua",
    "anadolu agency",
    "photo by",
    "photograph:",
    "photo:",
    "©",
    "(c) ",
];

fn is_photo_credit(lower: &str, words: usize) -> bool {
    for opener in CREDIT_OPENERS {
        if let Some(rest) = lower.strip_prefix(opener) {
            let rest_trimmed = rest.trim_start();
            let separated = rest_trimmed.starts_with([':', '/', '|', '-', '–', '—', ')'])
                || rest_trimmed.starts_with("by ")
                || rest_trimmed.starts_with("credit");
            // "Photo" immediately followed by a separator (not "Photographers said ..."),
            // or a short unpunctuated caption line that starts with the word.
            if (rest.is_empty() || !rest.starts_with(char::is_alphanumeric)) && separated {
                return true;
            }
            if rest.is_empty() {
                return true;
            }
        }
    }
    // Parenthesised credits inside a line are removed on their own (see
    // `find_inline_credits`); they do not condemn the line around them.
    let outside_parens = without_parentheses(lower);
    let has_marker = CREDIT_MARKERS.iter().any(|marker| outside_parens.contains(marker));
    has_marker && (!ends_like_sentence(lower) || words <= 3)
}

/// The text with every parenthesised stretch dropped.
fn without_parentheses(lower: &str) -> std::borrow::Cow<'_, str> {
    if !lower.contains('(') {
        return std::borrow::Cow::Borrowed(lower);
    }
    let mut depth = 0usize;
    let mut out = String::with_capacity(lower.len());
    for c in lower.chars() {
        match c {
            '(' => depth += 1,
            ')' if depth > 0 => depth -= 1,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    std::borrow::Cow::Owned(out)
}

fn is_cookie_banner(lower: &str) -> bool {
    (lower.contains("cookie") || lower.contains("cookies"))
        && ["we use", "accept", "consent", "privacy", "this site", "this website", "browsing", "settings"]
            .iter()
            .any(|cue| lower.contains(cue))
}

/// Whole lines that are only navigation or sharing text.
const NAVIGATION_LINES: &[&str] = &[
    "read more",
    "read more here",
    "read the full story",
    "continue reading",
    "share",
    "share this",
    "share this article",
    "share this story",
    "share this page",
    "share on facebook",
    "share on twitter",
    "tweet",
    "email",
    "e-mail",
    "print",
    "subscribe",
    "subscribe now",
    "sign up",
    "sign in",
    "log in",
    "login",
    "register",
    "advertisement",
    "advertising",
    "sponsored",
    "sponsored content",
    "related",
    "related articles",
    "related stories",
    "related news",
    "related content",
    "related topics",
    "more stories",
    "more from",
    "recommended",
    "recommended for you",
    "most read",
    "most popular",
    "trending",
    "comments",
    "leave a comment",
    "view comments",
    "show comments",
    "skip to content",
    "skip to main content",
    "back to top",
    "click here",
    "menu",
    "home",
    "search",
    "next article",
    "previous article",
    "next",
    "previous",
    "watch",
    "watch live",
    "watch now",
    "listen",
    "listen to this article",
    "all rights reserved",
    "top stories",
    "follow us",
    "newsletter",
    "copy link",
    "whatsapp",
    "facebook",
    "twitter",
    "linkedin",
    "telegram",
    "reddit",
    "pinterest",
    "photo gallery",
    "load more",
    "see also",
    "also read",
    "latest news",
    "more news",
    "topics",
    "tags",
];

/// Openings of navigation lines that carry a link text after them.
const NAVIGATION_PREFIXES: &[&str] = &[
    "read more:",
    "read more -",
    "read more about",
    "read also:",
    "also read:",
    "read:",
    "related:",
    "see also:",
    "recommended:",
    "more:",
    "watch:",
    "listen:",
    "follow us on",
    "follow us:",
    "sign up for",
    "subscribe to",
    "subscribe for",
    "click here",
    "share this",
    "share on",
    "copyright ",
    "all rights reserved",
    "tags:",
    "topics:",
    "categories:",
    "filed under:",
];

fn is_navigation(lower: &str, words: usize) -> bool {
    let core = lower.trim_end_matches(|c: char| {
        c.is_whitespace() || matches!(c, ':' | '>' | '»' | '→' | '…' | '.' | '|' | '›' | '-')
    });
    let core =
        core.trim_start_matches(|c: char| c.is_whitespace() || matches!(c, '<' | '«' | '←' | '‹' | '|'));
    if NAVIGATION_LINES.contains(&core) {
        return true;
    }
    if words <= 25 && NAVIGATION_PREFIXES.iter().any(|prefix| lower.starts_with(prefix)) {
        return true;
    }
    // Menus and tag lists: "World | Middle East | Iraq | Opinion".
    let parts: Vec<&str> = lower.split(['|', '•', '·']).map(str::trim).collect();
    parts.len() >= 3 && parts.iter().all(|part| part.split_whitespace().count() <= 4)
}

fn is_byline(line: &str, lower: &str, words: usize) -> bool {
    const CREDIT_PREFIXES: &[&str] = &[
        "reporting by",
        "(reporting by",
        "additional reporting by",
        "(additional reporting by",
        "writing by",
        "editing by",
        "compiled by",
        "written by",
        "edited by",
        "posted by",
    ];
    if words <= 30 && CREDIT_PREFIXES.iter().any(|prefix| lower.starts_with(prefix)) {
        return true;
    }
    // "By Jane Smith" / "By JANE SMITH, Reuters": a short unpunctuated line of names.
    if let Some(rest) = line.strip_prefix("By ").or_else(|| line.strip_prefix("BY ")) {
        let names_only = rest.split_whitespace().all(|word| {
            word.starts_with(char::is_uppercase) || matches!(word, "and" | "&" | "in" | "de" | "al")
        });
        return words <= 8 && names_only && !ends_like_sentence(lower.trim_end_matches(char::is_alphabetic));
    }
    false
}

fn is_timestamp(lower: &str, words: usize) -> bool {
    const OPENERS: &[&str] =
        &["published", "updated", "last updated", "first published", "posted", "last modified", "modified"];
    words <= 12
        && OPENERS.iter().any(|opener| {
            lower.strip_prefix(opener).is_some_and(|rest| {
                let rest = rest.trim_start();
                rest.starts_with([':', '-', '|'])
                    || rest.starts_with("on ")
                    || rest.starts_with("at ")
                    || rest.starts_with(|c: char| c.is_ascii_digit())
            })
        })
}

/// A slug: lower-case words joined by hyphens, underscores or spaces, with at least
/// one hyphen or underscore between letters and no sentence punctuation.
fn is_slug(line: &str) -> bool {
    let mut joined = false;
    let mut prev = ' ';
    let mut letters = 0;
    for c in line.chars() {
        if c.is_alphabetic() {
            if c.is_uppercase() {
                return false;
            }
            letters += 1;
        } else if c == '-' || c == '_' {
            if prev.is_alphanumeric() {
                joined = true;
            }
        } else if !(c.is_ascii_digit() || c == ' ' || c == '/') {
            return false;
        }
        prev = c;
    }
    joined && letters >= 4 && line.split(['-', '_', ' ', '/']).filter(|w| !w.is_empty()).count() >= 3
}

/// Credits inside a kept line: parenthesised ones (`(Photo: AFP)`, `(AP Photo/Hadi
/// Mizban)`) and short credit segments of a long line (`Photo credit: Bayo
/// Omiboriowo.`, `- Photo by Neeraj Murali.`, `Felix Marquez AP Photo`).
fn find_inline_credits(line: &str, line_start: usize, removals: &mut Vec<Removal>) {
    // ASCII lower-casing keeps byte offsets; the markers are ASCII (or `©`, unchanged).
    let lower = line.to_ascii_lowercase();
    let first_new = removals.len();
    let mut search_from = 0;
    while let Some(open) = lower[search_from..].find('(').map(|i| search_from + i) {
        let Some(close) = lower[open..].find(')').map(|i| open + i) else { break };
        let inner = lower[open + 1..close].trim();
        let is_credit =
            ["photo", "image", "picture", "file photo", "credit", "ap photo", "afp photo", "reuters photo"]
                .iter()
                .any(|opener| {
                    inner
                        .strip_prefix(opener)
                        .is_some_and(|rest| rest.is_empty() || rest.starts_with([':', '/', ' ']))
                })
                && !inner.contains(['.', ';']);
        // `(Nathan Denette/Canadian Press)`: a photographer and an agency.
        let original = &line[open + 1..close];
        let is_name_credit = original.contains('/')
            && (2..=6).contains(&original.split_whitespace().count())
            && original.chars().any(char::is_lowercase)
            && original
                .split(|c: char| c.is_whitespace() || c == '/')
                .filter(|w| !w.is_empty())
                .all(|w| w.starts_with(|c: char| c.is_uppercase()));
        let is_credit = is_credit || is_name_credit;
        let is_reporting_credit = ["reporting by", "additional reporting by", "editing by", "writing by"]
            .iter()
            .any(|opener| inner.starts_with(opener));
        if is_credit || is_reporting_credit {
            let rule = if is_credit { RULE_PHOTO_CREDIT } else { RULE_BYLINE };
            removals.push(Removal {
                span: Span::new(line_start + open, line_start + close + 1),
                rule: rule.to_string(),
            });
        }
        search_from = close + 1;
    }
    let parenthesised: Vec<Span> = removals[first_new..].iter().map(|r| r.span).collect();
    if parenthesised.len() == 1 && parenthesised[0].len() == line.len() {
        // The whole line was one parenthesised credit; there are no segments left.
        return;
    }
    for (seg_start, seg_end) in rough_sentences(line) {
        let segment = &line[seg_start..seg_end];
        let lead = segment.len() - segment.trim_start_matches(['-', '–', '—', '|', ' ']).len();
        let seg_lower = &lower[seg_start + lead..seg_end];
        let words = seg_lower.split_whitespace().count();
        let opens_as_credit = CREDIT_OPENERS.iter().filter(|o| !o.starts_with('(')).any(|opener| {
            seg_lower.strip_prefix(opener).is_some_and(|rest| {
                let rest = rest.trim_start();
                rest.starts_with([':', '/', '|']) || rest.starts_with("by ") || rest.starts_with("credit")
            })
        });
        let has_marker = CREDIT_MARKERS.iter().any(|marker| seg_lower.contains(marker));
        let span = Span::new(line_start + seg_start, line_start + seg_end);
        let whole_line = seg_start == 0 && seg_end == line.len();
        if whole_line || parenthesised.iter().any(|p| p.overlaps(span)) {
            continue;
        }
        if (opens_as_credit && words <= MAX_OPENED_SEGMENT_WORDS)
            || (has_marker && words <= MAX_CREDIT_SEGMENT_WORDS)
        {
            removals.push(Removal { span, rule: RULE_PHOTO_CREDIT.to_string() });
        }
    }
    removals[first_new..].sort_by_key(|r| r.span.start);
}

/// Byte ranges of a line's rough sentences: split after `.`, `!` or `?` followed by a
/// space, trimmed of surrounding spaces.
fn rough_sentences(line: &str) -> Vec<(usize, usize)> {
    let bytes = line.as_bytes();
    let mut segments = Vec::new();
    let mut start = 0;
    for i in 0..bytes.len() {
        let ends = matches!(bytes[i], b'.' | b'!' | b'?') && bytes.get(i + 1) == Some(&b' ');
        if ends {
            segments.push((start, i + 1));
            start = i + 1;
        }
    }
    segments.push((start, bytes.len()));
    segments
        .into_iter()
        .map(|(s, e)| {
            let segment = &line[s..e];
            let s = s + (segment.len() - segment.trim_start().len());
            let e = e - (segment.len() - segment.trim_end().len());
            (s, e.max(s))
        })
        .filter(|(s, e)| e > s)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(line: &str, expected: Option<&str>) {
        assert_eq!(classify_line(line), expected, "line {line:?}");
    }

    #[test]
    fn photo_credits_are_removed() {
        check(
            "PHOTO/ Oficina de Medios del Parlamento Iraquí via REUTERS - Iraq's Prime Minister-designate Mustafa al-Kadhimi",
            Some(RULE_PHOTO_CREDIT),
        );
        check("(Photo: AFP)", Some(RULE_PHOTO_CREDIT));
        check("Getty Images", Some(RULE_PHOTO_CREDIT));
        check("Photo: Hadi Mizban/AP", Some(RULE_PHOTO_CREDIT));
        check("Iraqi protesters in Baghdad. REUTERS/Thaier al-Sudani", Some(RULE_PHOTO_CREDIT));
    }

    #[test]
    fn sentences_mentioning_photos_are_kept() {
        check("Photographers gathered outside the embassy in Baghdad.", None);
        check("Getty Images said on Tuesday that its archive had been hacked by unknown attackers.", None);
    }

    #[test]
    fn slugs_are_removed() {
        check("joe biden-presidente-usa-ataque irak", Some(RULE_SLUG));
        check("iraq-pm-to-meet-biden-2021", Some(RULE_SLUG));
    }

    #[test]
    fn lowercase_prose_and_hyphenated_headlines_are_kept() {
        check("the meeting is expected to discuss the withdrawal.", None);
        check("US-Iranian rivalry deepens in Iraq", None);
        check("Iraq's prime minister to meet Joe Biden on 26 July", None);
    }

    #[test]
    fn navigation_text_is_removed() {
        check("Read more", Some(RULE_NAVIGATION));
        check("READ MORE: Rockets hit Ain al-Assad base", Some(RULE_NAVIGATION));
        check("Share this article", Some(RULE_NAVIGATION));
        check("Subscribe", Some(RULE_NAVIGATION));
        check("World | Middle East | Iraq | Opinion", Some(RULE_NAVIGATION));
        check(
            "We use cookies to improve your experience. By browsing you accept our policy.",
            Some(RULE_COOKIE_BANNER),
        );
    }

    #[test]
    fn bylines_and_stamps_are_removed() {
        check("By Jane Smith", Some(RULE_BYLINE));
        check("By JOHN DOE and MARY ROE, Reuters", Some(RULE_BYLINE));
        check("(Reporting by Ahmed Rasheed; Editing by Alex Richardson)", Some(RULE_BYLINE));
        check("Updated: 13 July 2021 14:05 GMT", Some(RULE_TIMESTAMP));
        check("By Tuesday the troops had left the base.", None);
    }

    #[test]
    fn a_normal_short_sentence_is_kept() {
        check("He said no.", None);
        check("Biden met al-Kadhimi.", None);
        check("Share prices fell sharply in Baghdad on Monday.", None);
    }

    #[test]
    fn lines_without_letters_are_removed() {
        check("***", Some(RULE_NO_WORDS));
        check("https://example.com/iraq-biden", Some(RULE_URL));
    }

    #[test]
    fn inline_credits_are_removed_with_exact_spans() {
        let text = "Rockets hit the base (Photo: AFP) on Monday.";
        let removed = find_boilerplate(text);
        assert_eq!(removed.len(), 1);
        assert_eq!(&text[removed[0].span.start..removed[0].span.end], "(Photo: AFP)");
        let text =
            "Police guard the court (Nathan Denette/Canadian Press) in Toronto (IS/ISIS) (and/or Ottawa).";
        let removed = find_boilerplate(text);
        assert_eq!(removed.len(), 1);
        assert_eq!(&text[removed[0].span.start..removed[0].span.end], "(Nathan Denette/Canadian Press)");
    }

    #[test]
    fn long_paragraphs_lose_only_their_credit_segments() {
        let text = "(Image: Stu Morgan) An air ambulance landed nearby, and police closed the road while \
                    paramedics attended the scene. The man, believed to be in his 60s, suffered serious injuries. \
                    Photo credit: Bayo Omiboriowo. President Buhari visited the troops in Maiduguri on Monday and \
                    praised their courage in the fight against Boko Haram insurgents. - Photo by Neeraj Murali. \
                    The colt won by a length. Felix Marquez AP Photo";
        let removed: Vec<&str> =
            find_boilerplate(text).iter().map(|r| &text[r.span.start..r.span.end]).collect();
        assert_eq!(
            removed,
            [
                "(Image: Stu Morgan)",
                "Photo credit: Bayo Omiboriowo.",
                "- Photo by Neeraj Murali.",
                "Felix Marquez AP Photo"
            ]
        );
    }

    #[test]
    fn reporting_credits_at_the_end_of_a_paragraph_are_removed() {
        let text =
            "The judge denied bail on Friday. (Reporting by Nate Raymond in Boston; Editing by Tom Brown)";
        let removed = find_boilerplate(text);
        assert_eq!(removed.len(), 1);
        assert_eq!(removed[0].rule, RULE_BYLINE);
        assert_eq!(
            &text[removed[0].span.start..],
            "(Reporting by Nate Raymond in Boston; Editing by Tom Brown)"
        );
    }

    #[test]
    fn removal_spans_are_trimmed_lines_on_char_boundaries() {
        let text = "  Fotos: Iraquí vía EFE  \nSe reunirá con Biden.\n";
        let removed = find_boilerplate(text);
        assert_eq!(removed.len(), 1);
        let span = removed[0].span;
        assert_eq!(span.slice(text), Some("Fotos: Iraquí vía EFE"));
    }

    #[test]
    fn clean_stage_sets_language_and_keeps_a_given_one() {
        let text =
            "Iraqi Prime Minister Mustafa al-Kazemi will travel to the United States where he will meet \
                    with US President Joe Biden on 26 July.";
        let mut doc = Doc::new(dyad_model::Document::new("d", text));
        CleanStage.run(&mut doc, &mut Vec::new());
        assert_eq!(doc.document.language.as_deref(), Some("en"));
        let mut given = dyad_model::Document::new("d", text);
        given.language = Some("fr".into());
        let mut doc = Doc::new(given);
        CleanStage.run(&mut doc, &mut Vec::new());
        assert_eq!(doc.document.language.as_deref(), Some("fr"));
        assert_eq!(doc.document.text, text, "text is never rewritten");
    }
}
