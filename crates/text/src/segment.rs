//! Sentence segmentation over the text that cleaning kept.
//!
//! Sentences are found on the token stream rather than on characters, so the
//! abbreviation decisions made by the tokenizer (`U.S.`, `Gen.`, `J.`) are made once.
//! A boundary falls after `.`, `!`, `?` or `...` (with any closing quotes and brackets)
//! when the next token can start a sentence; at a blank line; at a removed boilerplate
//! line; and at a single line break when the next line starts like a sentence and the
//! line before does not run on. Sentences that end at a line break without final
//! punctuation are headlines or title lines.

use dyad_model::{Diagnostic, Doc, Layer, Sentence, Span, Stage, Token};

use crate::tokenize::{normalize_form, tokenize, AbbreviationKind, RawToken, TokenKind};

/// Default longest sentence, in tokens; longer runs (tables, lists without
/// punctuation) are cut so that the parser's cost stays bounded.
pub const DEFAULT_MAX_SENTENCE_TOKENS: usize = 200;

/// Splits the kept text into sentences and tokens (`"text.segment.v1"`).
///
/// Replaces `doc.sentences` and `doc.tokens`; every span is a byte range into the
/// unmodified `document.text`, and no token overlaps a removed span.
#[derive(Debug, Clone, Copy)]
pub struct SegmentStage {
    /// Longest sentence in tokens before it is cut (with a warning).
    pub max_sentence_tokens: usize,
}

impl Default for SegmentStage {
    fn default() -> SegmentStage {
        SegmentStage { max_sentence_tokens: DEFAULT_MAX_SENTENCE_TOKENS }
    }
}

impl Stage for SegmentStage {
    fn name(&self) -> &'static str {
        "text.segment.v1"
    }

    fn requires(&self) -> &'static [Layer] {
        &[Layer::Clean]
    }

    fn provides(&self) -> &'static [Layer] {
        &[Layer::Sentences, Layer::Tokens]
    }

    fn run(&self, doc: &mut Doc, diags: &mut Vec<Diagnostic>) {
        let text = &doc.document.text;
        let removed = merged_removed_spans(doc, text.len());
        let raw = tokenize(text, &removed);
        let (sentences, cut) = split_sentences(text, &raw, self.max_sentence_tokens.max(1));
        if cut > 0 {
            diags.push(Diagnostic::warning(
                self.name(),
                format!("doc {}", doc.document.id),
                format!("{cut} sentences longer than {} tokens were cut", self.max_sentence_tokens),
            ));
        }
        doc.tokens = raw
            .iter()
            .map(|token| Token {
                span: token.span,
                text: normalize_form(&text[token.span.start..token.span.end]).into_owned(),
                ..Token::default()
            })
            .collect();
        doc.sentences = sentences;
    }
}

/// Removed spans clamped to the text, on char boundaries, sorted and merged.
fn merged_removed_spans(doc: &Doc, text_len: usize) -> Vec<Span> {
    let text = &doc.document.text;
    let mut spans: Vec<Span> = doc
        .removed
        .iter()
        .map(|r| r.span)
        .filter(|s| {
            s.start < s.end
                && s.end <= text_len
                && text.is_char_boundary(s.start)
                && text.is_char_boundary(s.end)
        })
        .collect();
    spans.sort();
    let mut merged: Vec<Span> = Vec::with_capacity(spans.len());
    for span in spans {
        match merged.last_mut() {
            Some(last) if span.start <= last.end => last.end = last.end.max(span.end),
            _ => merged.push(span),
        }
    }
    merged
}

/// Words that often open a sentence; after an abbreviation such as `U.S.` they signal
/// that the abbreviation also ended the sentence ("in the U.S. The meeting ...").
const SENTENCE_STARTERS: &[&str] = &[
    "The",
    "A",
    "An",
    "He",
    "She",
    "It",
    "They",
    "We",
    "I",
    "You",
    "This",
    "That",
    "These",
    "Those",
    "There",
    "His",
    "Her",
    "Its",
    "Their",
    "Our",
    "My",
    "But",
    "And",
    "Yet",
    "So",
    "In",
    "On",
    "At",
    "For",
    "After",
    "Before",
    "When",
    "While",
    "However",
    "Meanwhile",
    "Some",
    "Many",
    "Most",
    "If",
    "As",
    "Other",
    "One",
    "Two",
    "Three",
    "What",
    "Who",
    "Why",
    "How",
    "Where",
    "No",
    "Not",
    "Also",
    "Now",
    "Then",
    "Since",
    "Although",
    "Both",
    "Each",
    "All",
];

/// Words that do not end a line of running text.
const RUN_ON_WORDS: &[&str] = &[
    "the", "a", "an", "of", "to", "in", "and", "or", "but", "for", "with", "on", "at", "by", "from", "as",
    "that", "which", "who", "is", "are", "was", "were", "be", "been", "has", "have", "had", "will", "would",
    "its", "his", "her", "their", "our", "said", "into", "than", "this", "these",
];

/// Function words that end cut-off lines but not titles.
const HEADLINE_NON_FINAL: &[&str] = &[
    "at", "about", "after", "against", "before", "between", "during", "into", "like", "over", "through",
    "under", "up", "via", "even", "my", "your", "not", "no", "if", "so", "because", "he", "she", "they",
    "we", "I", "it", "can", "could", "should", "may", "might", "must", "do", "does", "did", "contact",
    "visit", "see", "read",
];

fn form<'t>(text: &'t str, token: &RawToken) -> &'t str {
    &text[token.span.start..token.span.end]
}

fn is_opening_quote(text: &str, tokens: &[RawToken], idx: usize) -> bool {
    let token = &tokens[idx];
    if token.kind != TokenKind::Quote {
        return false;
    }
    match form(text, token) {
        "(" | "[" | "{" | "“" | "‘" | "«" | "„" => true,
        ")" | "]" | "}" | "”" | "»" => false,
        // ASCII quotes open when preceded by space and followed by a word.
        _ => token.space_before && tokens.get(idx + 1).is_some_and(|next| !next.space_before),
    }
}

fn is_closing(text: &str, tokens: &[RawToken], idx: usize) -> bool {
    let token = &tokens[idx];
    if token.kind != TokenKind::Quote || token.space_before {
        return false;
    }
    match form(text, token) {
        "(" | "[" | "{" => false,
        // Typographic opening quotes used as closing ones (`decision.“ However`):
        // attached to the word before and followed by a space.
        "“" | "‘" | "«" | "„" => tokens.get(idx + 1).is_none_or(|next| next.space_before),
        _ => true,
    }
}

/// Whether the word before a full stop at `idx` could be an abbreviation the
/// tokenizer does not know (`Wis.`, `approx.`): short and without vowels or all
/// capitals.
fn may_be_unknown_abbreviation(text: &str, tokens: &[RawToken], idx: usize) -> bool {
    let Some(word) = idx.checked_sub(1).map(|w| form(text, &tokens[w])) else { return false };
    if tokens[idx].space_before || word.len() > 4 {
        return false;
    }
    let no_vowels = !word.chars().any(|c| "aeiouyAEIOUY".contains(c));
    word.chars().all(char::is_alphabetic) && (no_vowels || word.chars().all(char::is_uppercase))
}

/// Whether token `idx` can open a sentence after a full stop.
fn can_start_sentence(text: &str, tokens: &[RawToken], idx: usize) -> bool {
    let token = &tokens[idx];
    if token.kind == TokenKind::ListMarker || is_opening_quote(text, tokens, idx) {
        return true;
    }
    let first = form(text, token).chars().next().unwrap_or(' ');
    first.is_uppercase()
        || first.is_ascii_digit()
        || matches!(first, '-' | '—' | '–' | '•' | '*' | '¿' | '¡' | '$' | '£' | '€')
}

/// Whether token `idx` begins a line that reads like a new sentence.
fn starts_new_line_sentence(text: &str, tokens: &[RawToken], idx: usize) -> bool {
    can_start_sentence(text, tokens, idx)
}

/// Whether a line ending in `token` continues on the next line.
fn runs_on(text: &str, token: &RawToken) -> bool {
    let word = form(text, token);
    matches!(word, "," | ";" | ":" | "-" | "--" | "—" | "–" | "&") || RUN_ON_WORDS.contains(&word)
}

/// Splits tokens into sentences; returns the sentences and how many were cut for
/// length.
pub(crate) fn split_sentences(text: &str, tokens: &[RawToken], max_tokens: usize) -> (Vec<Sentence>, usize) {
    let mut sentences = Vec::new();
    let mut cut = 0;
    let n = tokens.len();
    let mut start = 0;
    let mut i = 0;
    let close = |sentences: &mut Vec<Sentence>, from: usize, to: usize| {
        if from < to {
            sentences.push(make_sentence(text, tokens, from, to));
        }
    };
    while i < n {
        let next = i + 1;
        if next >= n {
            close(&mut sentences, start, n);
            break;
        }
        let token = &tokens[i];
        let next_token = &tokens[next];
        let hard_break =
            next_token.newlines_before >= 2 || (next_token.removed_before && next_token.newlines_before >= 1);
        if hard_break {
            close(&mut sentences, start, next);
            start = next;
            i = next;
            continue;
        }
        let boundary_at = match token.kind {
            TokenKind::Terminal => {
                // Absorb closing quotes, brackets and further marks: `."`, `?!`, `.)`.
                // The run is bounded too: thousands of `?!` would otherwise make one
                // sentence of any length.
                let mut j = next;
                while j < n
                    && j - start < max_tokens
                    && tokens[j].newlines_before == 0
                    && !tokens[j].space_before
                    && (is_closing(text, tokens, j) || tokens[j].kind == TokenKind::Terminal)
                {
                    j += 1;
                }
                let mark = form(text, token);
                let quoted = j > next;
                // News and web text both start sentences in lower case after a plain
                // full stop, `?` or `!` (`... dinner. want to go?`); a quote closed
                // after the mark keeps the sentence going (`"Why?" he asked`), and so
                // does an ellipsis.
                let lower_case_start = !quoted
                    && matches!(mark, "." | "?" | "!")
                    && form(text, &tokens[j.min(n - 1)]).starts_with(|c: char| c.is_lowercase())
                    && !may_be_unknown_abbreviation(text, tokens, i);
                if j >= n {
                    None
                } else if tokens[j].newlines_before >= 1
                    || can_start_sentence(text, tokens, j)
                    || lower_case_start
                {
                    Some(j)
                } else {
                    i = j - 1;
                    None
                }
            }
            TokenKind::Abbreviation(kind) => {
                let next_form = form(text, next_token);
                let starter = SENTENCE_STARTERS.contains(&next_form) || is_opening_quote(text, tokens, next);
                let ends = match kind {
                    AbbreviationKind::Title => false,
                    AbbreviationKind::BeforeNumber => {
                        !next_form.starts_with(|c: char| c.is_ascii_digit())
                            && (starter || next_token.newlines_before >= 1)
                    }
                    AbbreviationKind::Other => {
                        starter || (next_token.newlines_before >= 1 && can_start_sentence(text, tokens, next))
                    }
                };
                ends.then_some(next)
            }
            _ => (next_token.newlines_before >= 1
                && (next_token.kind == TokenKind::ListMarker
                    || (!runs_on(text, token) && starts_new_line_sentence(text, tokens, next))))
            .then_some(next),
        };
        if let Some(boundary) = boundary_at {
            close(&mut sentences, start, boundary);
            start = boundary;
            i = boundary;
            continue;
        }
        i += 1;
        if i - start >= max_tokens && i < n {
            close(&mut sentences, start, i);
            start = i;
            cut += 1;
        }
    }
    (sentences, cut)
}

fn make_sentence(text: &str, tokens: &[RawToken], from: usize, to: usize) -> Sentence {
    let span = Span::new(tokens[from].span.start, tokens[to - 1].span.end);
    // A headline ends at a line break (or the end of the text) without final
    // punctuation; quotes and brackets around it do not count.
    let at_line_end = tokens.get(to).is_none_or(|next| next.newlines_before >= 1 || next.removed_before);
    let last_content = tokens[from..to].iter().rev().find(|t| t.kind != TokenKind::Quote);
    let unpunctuated = last_content.is_some_and(|t| {
        !matches!(t.kind, TokenKind::Terminal | TokenKind::ListMarker)
            && !matches!(form(text, t), ":" | ";" | "," | "-" | "--" | "—" | "–")
    });
    let has_word = tokens[from..to].iter().any(|t| form(text, t).chars().any(char::is_alphabetic));
    // A line cut off mid-phrase ("Follow Mitch Stacy at", a link's text removed by a
    // scraper) is not a headline: titles end on a content word.
    let ends_mid_phrase = last_content.is_some_and(|t| {
        let word = form(text, t).to_ascii_lowercase();
        RUN_ON_WORDS.contains(&word.as_str()) || HEADLINE_NON_FINAL.contains(&word.as_str())
    });
    let opens_like_title = form(text, &tokens[from]).starts_with(|c: char| !c.is_lowercase());
    let is_list_item = tokens[from].kind == TokenKind::ListMarker;
    let headline =
        at_line_end && unpunctuated && has_word && !is_list_item && !ends_mid_phrase && opens_like_title;
    Sentence { span, tokens: from..to, headline }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clean::CleanStage;
    use dyad_model::Document;

    fn segment(text: &str) -> Doc {
        let mut doc = Doc::new(Document::new("t", text));
        let mut diags = Vec::new();
        CleanStage.run(&mut doc, &mut diags);
        SegmentStage::default().run(&mut doc, &mut diags);
        doc
    }

    fn sentences(text: &str) -> Vec<String> {
        let doc = segment(text);
        doc.sentences.iter().map(|s| doc.text_of(s.span).to_string()).collect()
    }

    fn check(text: &str, expected: &[&str]) {
        assert_eq!(sentences(text), expected, "segmenting {text:?}");
    }

    #[test]
    fn abbreviations_do_not_end_sentences() {
        check(
            "Gen. Qassem Soleimani met Sen. Smith on Jan. 3 in St. Louis. Mr. Jones and Dr. Lee agreed.",
            &[
                "Gen. Qassem Soleimani met Sen. Smith on Jan. 3 in St. Louis.",
                "Mr. Jones and Dr. Lee agreed.",
            ],
        );
        check("The U.S. military left. It returned.", &["The U.S. military left.", "It returned."]);
        check(
            "Troops stayed in the U.S. The meeting ended.",
            &["Troops stayed in the U.S.", "The meeting ended."],
        );
        check("Resolution No. 2334 passed.", &["Resolution No. 2334 passed."]);
    }

    #[test]
    fn initials_and_decimals_do_not_end_sentences() {
        check(
            "J. R. Smith said prices rose 3.5 percent. Then they fell.",
            &["J. R. Smith said prices rose 3.5 percent.", "Then they fell."],
        );
    }

    #[test]
    fn quotes_after_the_full_stop_stay_with_the_sentence() {
        check(
            "He said: \"We will leave.\" The talks ended.",
            &["He said: \"We will leave.\"", "The talks ended."],
        );
        check("“We will leave.” The talks ended.", &["“We will leave.”", "The talks ended."]);
        check("\"Why?\" he asked.", &["\"Why?\" he asked."]);
    }

    #[test]
    fn lower_case_starts_split_after_a_plain_full_stop_only() {
        check("i flew here last night. are you lying?", &["i flew here last night.", "are you lying?"]);
        check(
            "It ended at 5 p.m. local time in Madison, Wis. officials said.",
            &["It ended at 5 p.m. local time in Madison, Wis. officials said."],
        );
        check("Wait... then what?", &["Wait... then what?"]);
    }

    #[test]
    fn an_opening_quote_used_as_closing_stays_with_its_sentence() {
        check(
            "He called it a misguided decision.“ However, the centre stays.",
            &["He called it a misguided decision.“", "However, the centre stays."],
        );
    }

    #[test]
    fn datelines_stay_in_the_first_sentence() {
        check(
            "BAGHDAD (Reuters) - Rockets hit the base on Monday. No one was hurt.",
            &["BAGHDAD (Reuters) - Rockets hit the base on Monday.", "No one was hurt."],
        );
    }

    #[test]
    fn headlines_are_marked() {
        let doc = segment("Iraq's prime minister to meet Joe Biden on 26 July\n\nThe meeting was announced. It will be held soon.");
        assert_eq!(doc.sentences.len(), 3);
        assert!(doc.sentences[0].headline);
        assert_eq!(doc.text_of(doc.sentences[0].span), "Iraq's prime minister to meet Joe Biden on 26 July");
        assert!(!doc.sentences[1].headline && !doc.sentences[2].headline);
    }

    #[test]
    fn lines_cut_off_mid_phrase_are_not_headlines() {
        let doc = segment(
            "Follow Mitch Stacy at

rockets hit the base

Rockets hit the base",
        );
        let flags: Vec<bool> = doc.sentences.iter().map(|s| s.headline).collect();
        assert_eq!(flags, [false, false, true]);
    }

    #[test]
    fn single_line_breaks_split_titles_but_not_running_text() {
        check(
            "Rockets hit Baghdad\nThree rockets landed near the embassy.",
            &["Rockets hit Baghdad", "Three rockets landed near the embassy."],
        );
        check(
            "Rockets were fired at the\nUS embassy on Monday.",
            &["Rockets were fired at the\nUS embassy on Monday."],
        );
    }

    #[test]
    fn bullet_items_are_sentences() {
        let doc = segment("Key points:\n- Troops will leave\n- Talks continue\n1. First item");
        let texts: Vec<&str> = doc.sentences.iter().map(|s| doc.text_of(s.span)).collect();
        assert_eq!(texts, ["Key points:", "- Troops will leave", "- Talks continue", "1. First item"]);
        assert!(doc.sentences[1..].iter().all(|s| !s.headline));
    }

    #[test]
    fn removed_lines_produce_no_tokens_and_break_sentences() {
        let text = "He arrived\nGetty Images\nin Baghdad.";
        let doc = segment(text);
        assert_eq!(doc.removed.len(), 1);
        for token in &doc.tokens {
            assert!(!token.span.overlaps(doc.removed[0].span));
        }
        assert_eq!(doc.sentences.len(), 2);
    }

    #[test]
    fn spans_are_on_char_boundaries_and_tokens_are_normalised() {
        let text = "El Parlamento Iraquí — “Bagdad” señaló que Iraq’s troops don’t leave.";
        let doc = segment(text);
        for token in &doc.tokens {
            assert!(token.span.slice(text).is_some());
            assert!(token.span.end <= text.len());
        }
        let forms: Vec<&str> = doc.tokens.iter().map(|t| t.text.as_str()).collect();
        assert!(
            forms.contains(&"Iraquí")
                && forms.contains(&"--")
                && forms.contains(&"\"")
                && forms.contains(&"'s")
        );
        assert!(forms.contains(&"n't"));
        let sentence = &doc.sentences[0];
        assert_eq!(sentence.tokens, 0..doc.tokens.len());
    }

    #[test]
    fn long_runs_are_cut_with_a_warning() {
        let text = "word ".repeat(450);
        let mut doc = Doc::new(Document::new("t", text));
        let mut diags = Vec::new();
        SegmentStage { max_sentence_tokens: 200 }.run(&mut doc, &mut diags);
        assert_eq!(doc.sentences.len(), 3);
        assert_eq!(diags.len(), 1);
    }

    #[test]
    fn runs_of_closing_marks_are_cut_too() {
        // Found by the property test in tests/properties.rs: the closing marks a full
        // stop absorbs (`?!`, `."`) were not counted against the limit, so a run of
        // them made a sentence of any length.
        for max in [1, 2, 5, 200] {
            let text = format!("Why{} Then more.", "?!".repeat(600));
            let mut doc = Doc::new(Document::new("t", text));
            SegmentStage { max_sentence_tokens: max }.run(&mut doc, &mut Vec::new());
            for sentence in &doc.sentences {
                assert!(
                    sentence.tokens.len() <= max,
                    "max {max}: a sentence of {} tokens",
                    sentence.tokens.len()
                );
            }
            assert_eq!(doc.sentences.last().map(|s| s.tokens.end), Some(doc.tokens.len()));
        }
    }

    #[test]
    fn empty_and_whitespace_text_gives_no_sentences() {
        assert!(segment("").sentences.is_empty());
        assert!(segment(" \n\n\t ").sentences.is_empty());
    }
}
