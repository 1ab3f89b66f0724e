//! A minimal sentence splitter and tokeniser, for evaluation, tests and benchmarks only.
//!
//! The pipeline gets its sentences and tokens from `dyad-text`; this crate cannot
//! depend on it yet (it is written in parallel), and the geo evaluation must run on raw
//! gold text. The rules here are deliberately small: split on whitespace, peel
//! punctuation off word edges, keep number-internal commas and periods ("2,500",
//! "1.5"), abbreviations ("U.S."), hyphenated words ("al-Assad") and split the
//! possessive "'s". Sentences end at blank lines, and at `.`, `!` or `?` followed by
//! whitespace and a capital, a digit or a quote.

use dyad_model::{Doc, Layer, Sentence, Span, Token};

/// Splits `doc` into sentences and tokens, replacing any existing ones, and marks the
/// `Sentences` and `Tokens` layers as filled.
pub fn tokenize_doc(doc: &mut Doc) {
    let text = doc.document.text.clone();
    let mut sentences = Vec::new();
    let mut tokens = Vec::new();
    for sentence_span in split_sentences(&text) {
        let first = tokens.len();
        tokenize_span(&text, sentence_span, &mut tokens);
        if tokens.len() > first {
            let headline = !text[sentence_span.start..sentence_span.end]
                .trim_end()
                .ends_with(['.', '!', '?', '"', '\u{201d}', ')']);
            sentences.push(Sentence { span: sentence_span, tokens: first..tokens.len(), headline });
        }
    }
    doc.sentences = sentences;
    doc.tokens = tokens;
    for layer in [Layer::Sentences, Layer::Tokens] {
        if !doc.has(layer) {
            doc.layers.push(layer);
        }
    }
}

/// Sentence spans of `text` (trimmed of surrounding whitespace).
pub fn split_sentences(text: &str) -> Vec<Span> {
    let bytes = text.as_bytes();
    let mut spans = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let mut cut = None;
        if b == b'\n' {
            // A line break ends a sentence when the next non-space line starts a new
            // paragraph (blank line) or when the current line has no final punctuation
            // (headlines, captions).
            cut = Some(i);
        } else if matches!(b, b'.' | b'!' | b'?') {
            let mut j = i + 1;
            while j < bytes.len() && matches!(bytes[j], b'"' | b'\'' | b')') {
                j += 1;
            }
            if j < bytes.len() && bytes[j] == b' ' {
                let mut k = j;
                while k < bytes.len() && bytes[k] == b' ' {
                    k += 1;
                }
                let next_starts = k < bytes.len()
                    && (bytes[k].is_ascii_uppercase() || bytes[k].is_ascii_digit() || bytes[k] == b'"');
                let word_start = text[..i].rfind([' ', '\n']).map_or(0, |p| p + 1);
                let word = &text[word_start..i];
                // "U.S. troops", "Mr. Biden", "Jan. 5": no break after abbreviations.
                let abbreviation = b == b'.' && is_abbreviation(word);
                if next_starts && !abbreviation {
                    cut = Some(j);
                }
            }
        }
        if let Some(end) = cut {
            push_trimmed(text, start, end, &mut spans);
            start = end;
        }
        i += 1;
    }
    push_trimmed(text, start, text.len(), &mut spans);
    spans
}

/// Whether `word` (without its final period) is an abbreviation whose period does not
/// end a sentence: "U.S", "Mr", "Jan", single capitals ("J. Smith").
fn is_abbreviation(word: &str) -> bool {
    let word = word.trim_start_matches(['"', '(', '\'']);
    word.contains('.')
        || (word.len() == 1 && word.as_bytes()[0].is_ascii_uppercase())
        || matches!(
            word,
            "Mr" | "Mrs"
                | "Ms"
                | "Dr"
                | "Gen"
                | "Col"
                | "Lt"
                | "Sgt"
                | "St"
                | "Jan"
                | "Feb"
                | "Aug"
                | "Sept"
                | "Sep"
                | "Oct"
                | "Nov"
                | "Dec"
                | "Gov"
                | "Sen"
                | "Rep"
                | "Capt"
                | "Maj"
                | "Prof"
                | "No"
                | "vs"
                | "Jr"
                | "Sr"
                | "Mt"
                | "Ft"
                | "Inc"
                | "Co"
                | "Corp"
                | "Ltd"
        )
}

fn push_trimmed(text: &str, start: usize, end: usize, spans: &mut Vec<Span>) {
    let piece = &text[start..end];
    let lead = piece.len() - piece.trim_start().len();
    let trimmed = piece.trim();
    if !trimmed.is_empty() {
        spans.push(Span::new(start + lead, start + lead + trimmed.len()));
    }
}

fn is_edge_punct(c: char) -> bool {
    matches!(
        c,
        '.' | ','
            | ';'
            | ':'
            | '!'
            | '?'
            | '"'
            | '\''
            | '('
            | ')'
            | '['
            | ']'
            | '{'
            | '}'
            | '\u{201c}'
            | '\u{201d}'
            | '\u{2018}'
            | '\u{2019}'
            | '\u{2014}'
            | '\u{2013}'
            | '\u{2026}'
            | '*'
    )
}

/// Appends the tokens of `span` to `out`.
fn tokenize_span(text: &str, span: Span, out: &mut Vec<Token>) {
    let piece = &text[span.start..span.end];
    let mut offset = 0;
    for word in piece.split_inclusive(char::is_whitespace) {
        let word_start = span.start + offset;
        offset += word.len();
        let word = word.trim_end();
        if word.is_empty() {
            continue;
        }
        split_word(text, word_start, word_start + word.len(), out);
    }
}

fn push(text: &str, start: usize, end: usize, out: &mut Vec<Token>) {
    if start < end {
        let surface = &text[start..end];
        let normalised = surface.replace('\u{2019}', "'");
        out.push(Token { span: Span::new(start, end), text: normalised, ..Token::default() });
    }
}

/// Splits one whitespace-delimited word into leading punctuation, the core (with a
/// possessive split off) and trailing punctuation.
fn split_word(text: &str, mut start: usize, mut end: usize, out: &mut Vec<Token>) {
    let mut trailing = Vec::new();
    while start < end {
        let c = text[start..end].chars().next().unwrap_or(' ');
        if is_edge_punct(c) || c == '$' || c == '\u{20ac}' || c == '\u{a3}' {
            push(text, start, start + c.len_utf8(), out);
            start += c.len_utf8();
        } else {
            break;
        }
    }
    while start < end {
        let c = text[start..end].chars().next_back().unwrap_or(' ');
        if !is_edge_punct(c) && c != '%' {
            break;
        }
        let core = &text[start..end - c.len_utf8()];
        // Keep the final period of abbreviations ("U.S.", "Jan.") on the word.
        if c == '.' && is_abbreviation(core) {
            break;
        }
        trailing.push((end - c.len_utf8(), end));
        end -= c.len_utf8();
    }
    let core = &text[start..end];
    let possessive = ["'s", "\u{2019}s", "'S"]
        .iter()
        .find_map(|p| (core.len() > p.len() + 1 && core.ends_with(p)).then_some(p.len()));
    match possessive {
        Some(len) => {
            push(text, start, end - len, out);
            push(text, end - len, end, out);
        }
        None => push(text, start, end, out),
    }
    for (s, e) in trailing.into_iter().rev() {
        push(text, s, e, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use dyad_model::Document;

    fn words(text: &str) -> Vec<Vec<String>> {
        let mut doc = Doc::new(Document::new("t", text));
        tokenize_doc(&mut doc);
        (0..doc.sentences.len())
            .map(|s| doc.sentence_tokens(s).iter().map(|t| t.text.clone()).collect())
            .collect()
    }

    #[test]
    fn tokens_keep_numbers_abbreviations_and_hyphens() {
        let got = words("Some 2,500 U.S. troops left Ain al-Assad's base, officials said.");
        assert_eq!(
            got[0],
            [
                "Some",
                "2,500",
                "U.S.",
                "troops",
                "left",
                "Ain",
                "al-Assad",
                "'s",
                "base",
                ",",
                "officials",
                "said",
                "."
            ]
        );
    }

    #[test]
    fn sentences_split_at_final_punctuation_and_blank_lines() {
        let got = words("Headline here\n\nIt rained. Mr. Smith left on Jan. 5. \"Go,\" he said.");
        assert_eq!(got.len(), 4, "{got:?}");
        assert_eq!(got[0], ["Headline", "here"]);
        assert_eq!(got[1], ["It", "rained", "."]);
        assert_eq!(got[2], ["Mr.", "Smith", "left", "on", "Jan.", "5", "."]);
    }
}
