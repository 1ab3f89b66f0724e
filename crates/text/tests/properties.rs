//! Properties of cleaning, segmentation and tokenisation on arbitrary text: every span
//! lies inside the unmodified text on char boundaries, tokens are non-empty, ordered and
//! disjoint, each sentence covers exactly its tokens, and no token falls in removed
//! boilerplate.

use dyad_model::{Doc, Document, Stage};
use dyad_text::{CleanStage, SegmentStage};
use proptest::prelude::*;

/// Pieces that stress the tokeniser's and splitter's special cases: abbreviations,
/// quotes, ellipses, numbers, hyphens, line breaks, boilerplate lines, and characters of
/// several bytes (combining marks, emoji with modifiers, right-to-left text).
const PIECES: &[&str] = &[
    "The",
    "U.S.",
    "Gen.",
    "J.",
    "Mr",
    ".",
    "...",
    "…",
    "!",
    "?",
    "?!",
    "\"",
    "“",
    "”",
    "'",
    "’",
    "(",
    ")",
    "[",
    "]",
    "-",
    "—",
    "–",
    "al-Kadhimi",
    "2,500",
    "3.5%",
    "$1.2bn",
    "26",
    "July",
    "2021",
    "don't",
    "Iraq's",
    "e\u{301}",
    "👍🏽",
    "🇮🇶",
    "Ирак",
    "العراق",
    "伊拉克",
    "\u{200b}",
    "\u{a0}",
    "\u{feff}",
    "\t",
    " ",
    " ",
    " ",
    "\n",
    "\n\n",
    "\r\n",
    "PHOTO/ AFP",
    "https://example.test/a?b=c",
    "joe biden-usa-irak",
    "Home | World | Sport",
    "By John Smith",
    "12:30 GMT",
    "Accept all cookies",
    "\u{2028}",
    "\u{0}",
];

fn news_like() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..120).prop_map(|pieces| pieces.concat())
}

fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![news_like(), any::<String>(), "[ -~\n]{0,400}"]
}

fn segmented(text: &str, max_sentence_tokens: usize) -> Doc {
    let mut doc = Doc::new(Document::new("prop", text));
    let mut diags = Vec::new();
    CleanStage.run(&mut doc, &mut diags);
    SegmentStage { max_sentence_tokens }.run(&mut doc, &mut diags);
    doc
}

fn assert_span(text: &str, start: usize, end: usize, what: &str) {
    assert!(start <= end && end <= text.len(), "{what} {start}..{end} outside {} bytes", text.len());
    assert!(text.is_char_boundary(start) && text.is_char_boundary(end), "{what} {start}..{end} cuts a char");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn spans_stay_inside_the_text_on_char_boundaries(text in any_text(), max in 1usize..300) {
        let doc = segmented(&text, max);
        prop_assert_eq!(&doc.document.text, &text, "the text was rewritten");
        for removal in &doc.removed {
            assert_span(&text, removal.span.start, removal.span.end, "removed span");
        }
        let mut previous_end = 0;
        for token in &doc.tokens {
            assert_span(&text, token.span.start, token.span.end, "token");
            prop_assert!(token.span.start < token.span.end, "empty token at {:?}", token.span);
            prop_assert!(token.span.start >= previous_end, "tokens overlap or go backwards at {:?}", token.span);
            previous_end = token.span.end;
            prop_assert!(
                doc.removed.iter().all(|r| !r.span.overlaps(token.span)),
                "token {:?} inside removed boilerplate",
                token.span
            );
        }
        let mut next_token = 0;
        for sentence in &doc.sentences {
            assert_span(&text, sentence.span.start, sentence.span.end, "sentence");
            prop_assert_eq!(sentence.tokens.start, next_token, "sentences skip or repeat tokens");
            prop_assert!(sentence.tokens.start < sentence.tokens.end, "an empty sentence");
            prop_assert!(sentence.tokens.len() <= max, "a sentence longer than the limit");
            next_token = sentence.tokens.end;
            let first = &doc.tokens[sentence.tokens.start];
            let last = &doc.tokens[sentence.tokens.end - 1];
            prop_assert_eq!(sentence.span.start, first.span.start);
            prop_assert_eq!(sentence.span.end, last.span.end);
        }
        prop_assert_eq!(next_token, doc.tokens.len(), "tokens outside every sentence");
    }

    #[test]
    fn segmenting_is_deterministic(text in news_like()) {
        let a = segmented(&text, 200);
        let b = segmented(&text, 200);
        prop_assert_eq!(a.tokens, b.tokens);
        prop_assert_eq!(a.sentences, b.sentences);
    }
}
