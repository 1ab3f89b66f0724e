//! Tokenisation with byte spans into the original text.
//!
//! The conventions follow the UD English treebanks the parser is trained on (EWT and
//! GUM), checked against their training files:
//! - clitics split: `Iraq's` -> `Iraq` `'s`, `don't` -> `do` `n't`, `can't` -> `ca` `n't`,
//!   `cannot` -> `can` `not`, `gonna` -> `gon` `na`;
//! - hyphens between words split: `al-Kadhimi` -> `al` `-` `Kadhimi`, `US-Iranian` ->
//!   `US` `-` `Iranian` (EWT has 1,422 `-` tokens against about 200 hyphenated words),
//!   except after the prefixes the treebanks keep (`non-`, `anti-`, `co-`, `e-`, ...)
//!   and between digits (`713-853-1411`); the spans of the three tokens are adjacent,
//!   so a dictionary can still match the name across them;
//! - numbers with separators stay whole: `2,500`, `3.5`;
//! - abbreviations keep their full stop: `U.S.`, `Gen.`, `Jan.`;
//! - punctuation, `%` and currency signs are tokens of their own.
//!
//! The normalised form in [`dyad_model::Token::text`] folds typographic quotes to ASCII
//! (`“”„` -> `"`, `‘’` -> `'`), the em dash to `--` and the en dash to `-` (the forms
//! the treebanks use most), `…` to `...`, and applies NFC.

use std::borrow::Cow;

use dyad_model::Span;
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// What the sentence splitter needs to know about a token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TokenKind {
    /// Letters, digits, symbols: anything that is not below.
    Word,
    /// `.`, `!`, `?`, `...`
    Terminal,
    /// Quotes and brackets.
    Quote,
    /// A word with its abbreviation full stop, by kind.
    Abbreviation(AbbreviationKind),
    /// `1.` or `a)` opening a list line.
    ListMarker,
    /// Any other punctuation.
    Punct,
}

/// How an abbreviation behaves at a possible sentence end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AbbreviationKind {
    /// Titles (`Gen.`, `Mr.`) and initials (`J.`): a name always follows.
    Title,
    /// `No.` before a number and months (`Jan.`) before a day.
    BeforeNumber,
    /// Everything else (`U.S.`, `Inc.`, `a.m.`): may end a sentence.
    Other,
}

/// A token before it becomes a [`dyad_model::Token`].
#[derive(Debug, Clone)]
pub(crate) struct RawToken {
    pub span: Span,
    pub kind: TokenKind,
    /// Newlines in the gap before this token (capped).
    pub newlines_before: u8,
    /// Whether whitespace (or removed text) separates this token from the previous one.
    pub space_before: bool,
    /// Whether a removed boilerplate stretch lies in the gap before this token.
    pub removed_before: bool,
}

/// Titles that are always followed by a name, lower-cased without the full stop.
const TITLE_ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "gen", "sen", "sens", "rep", "reps", "gov", "govs", "lt", "col", "capt",
    "sgt", "maj", "adm", "cmdr", "cpl", "pvt", "brig", "rev", "fr", "st", "pres", "supt", "insp", "hon",
    "messrs", "mt", "ft", "amb", "atty", "gens", "lieut", "cdr", "sr", "mme", "mlle", "sheikh", "rt", "ald",
    "rabbi", "det", "spc",
];

/// Abbreviations that usually precede a number.
const NUMBER_ABBREVIATIONS: &[&str] = &[
    "no", "nos", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "art",
    "fig", "figs", "vol", "vols", "pp", "p", "ch", "sec", "para", "op", "nr", "tel", "ext",
];

/// Other abbreviations that take a full stop.
const OTHER_ABBREVIATIONS: &[&str] = &[
    "vs", "v", "etc", "inc", "corp", "ltd", "co", "jr", "bros", "dept", "univ", "approx", "est", "ave",
    "blvd", "rd", "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "cf", "al", "ca", "govt",
    "intl", "assn", "natl", "min", "max", "avg", "ed", "eds", "mag", "gov't", "yr", "yrs", "mln", "bln",
    "pct", "wk", // US states as abbreviated in news style.
    "ala", "ariz", "ark", "calif", "colo", "conn", "del", "fla", "ga", "ill", "ind", "kan", "kans", "ky",
    "md", "mass", "mich", "minn", "miss", "mont", "neb", "nev", "okla", "ore", "pa", "tenn", "tex", "va",
    "vt", "wash", "wis", "wyo",
];

/// Prefixes that UD English keeps attached by their hyphen (`non-state`, `co-founder`).
const KEPT_HYPHEN_PREFIXES: &[&str] = &[
    "e", "non", "mid", "pre", "anti", "re", "post", "co", "over", "pro", "multi", "ex", "sub", "semi",
    "psycho", "neo", "cross", "pan", "counter", "mini", "socio", "inter", "intra", "ultra", "micro", "macro",
    "bi", "tri", "un", "de", "meta", "quasi", "pseudo", "hyper", "x",
];

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | '‘' | 'ʼ')
}

fn is_quote_or_bracket(c: char) -> bool {
    matches!(
        c,
        '"' | '“'
            | '”'
            | '„'
            | '‟'
            | '«'
            | '»'
            | '‹'
            | '›'
            | '('
            | ')'
            | '['
            | ']'
            | '{'
            | '}'
            | '\''
            | '‘'
            | '’'
            | '‚'
    )
}

fn is_dash(c: char) -> bool {
    matches!(c, '—' | '–' | '―' | '‒')
}

/// Lower-cased ASCII copy for table look-ups, `None` when the word is not ASCII.
fn ascii_lower(word: &str, buf: &mut [u8; 24]) -> Option<usize> {
    if word.len() > buf.len() || !word.is_ascii() {
        return None;
    }
    for (slot, byte) in buf.iter_mut().zip(word.bytes()) {
        *slot = byte.to_ascii_lowercase();
    }
    Some(word.len())
}

/// Classifies `core` (a chunk without its final full stop) as an abbreviation.
fn abbreviation_kind(core: &str, next_char: Option<char>) -> Option<AbbreviationKind> {
    if core.is_empty() {
        return None;
    }
    let mut chars = core.chars();
    let first = chars.next()?;
    if chars.next().is_none() {
        // A single capital is an initial (`J. R. Smith`); a single lower-case letter
        // before another capital pattern is rare enough to be treated as a word.
        return first.is_uppercase().then_some(AbbreviationKind::Title);
    }
    // Dotted acronyms: `U.S`, `a.m`, `Ph.D`, `e.g`.
    if core.contains('.')
        && core.split('.').all(|part| (1..=3).contains(&part.len()) && part.chars().all(char::is_alphabetic))
    {
        return Some(AbbreviationKind::Other);
    }
    let mut buf = [0u8; 24];
    let len = ascii_lower(core, &mut buf)?;
    let lower = std::str::from_utf8(&buf[..len]).ok()?;
    if TITLE_ABBREVIATIONS.contains(&lower) {
        return Some(AbbreviationKind::Title);
    }
    if NUMBER_ABBREVIATIONS.contains(&lower) {
        let before_number = next_char.is_some_and(|c| c.is_ascii_digit());
        // `No.` and `p.` are words unless a number follows; months abbreviate anyway.
        return match lower {
            "no" | "nos" | "p" | "pp" | "art" | "op" | "ch" | "sec" | "para" | "nr" | "tel" | "ext"
            | "min" => before_number.then_some(AbbreviationKind::BeforeNumber),
            _ => Some(AbbreviationKind::BeforeNumber),
        };
    }
    OTHER_ABBREVIATIONS.contains(&lower).then_some(AbbreviationKind::Other)
}

/// Splits `text` (outside the `removed` spans, which must be sorted) into raw tokens.
pub(crate) fn tokenize(text: &str, removed: &[Span]) -> Vec<RawToken> {
    let mut tokens = Vec::with_capacity(text.len() / 5);
    let mut state = GapState::default();
    let mut region_start = 0;
    for span in removed.iter().copied().chain(std::iter::once(Span::new(text.len(), text.len()))) {
        if span.start > region_start {
            tokenize_region(text, region_start, span.start, &mut state, &mut tokens);
        }
        if !span.is_empty() {
            state.removed = true;
            state.space = true;
        }
        region_start = region_start.max(span.end);
    }
    tokens
}

#[derive(Default)]
struct GapState {
    newlines: u8,
    space: bool,
    removed: bool,
    /// Whether the next chunk starts a line (for list markers).
    line_start: bool,
}

fn tokenize_region(text: &str, start: usize, end: usize, state: &mut GapState, tokens: &mut Vec<RawToken>) {
    let region = &text[start..end];
    let mut chunk_start: Option<usize> = None;
    if tokens.is_empty() && start == 0 {
        state.line_start = true;
    }
    for (offset, c) in region.char_indices() {
        if c.is_whitespace() || is_invisible(c) {
            if let Some(chunk) = chunk_start.take() {
                let next = region[offset..].chars().find(|c| !c.is_whitespace());
                split_chunk(text, start + chunk, start + offset, next, state, tokens);
            }
            if c == '\n' || c == '\u{2029}' || c == '\u{2028}' {
                state.newlines = state.newlines.saturating_add(1);
                state.line_start = true;
            }
            state.space = true;
        } else if chunk_start.is_none() {
            chunk_start = Some(offset);
        }
    }
    if let Some(chunk) = chunk_start {
        let next = text[end..].chars().find(|c| !c.is_whitespace());
        split_chunk(text, start + chunk, end, next, state, tokens);
    }
}

/// Characters that separate tokens without being printed (zero-width space, BOM).
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}' | '\u{FEFF}' | '\u{2060}')
}

fn push(tokens: &mut Vec<RawToken>, state: &mut GapState, start: usize, end: usize, kind: TokenKind) {
    if start >= end {
        return;
    }
    tokens.push(RawToken {
        span: Span::new(start, end),
        kind,
        newlines_before: state.newlines,
        space_before: state.space,
        removed_before: state.removed,
    });
    state.newlines = 0;
    state.space = false;
    state.removed = false;
    state.line_start = false;
}

/// Splits one whitespace-free chunk `text[start..end]`.
fn split_chunk(
    text: &str,
    mut start: usize,
    mut end: usize,
    next_char: Option<char>,
    state: &mut GapState,
    tokens: &mut Vec<RawToken>,
) {
    let at_line_start = state.line_start;
    // List markers at the start of a line: "1." "a)" "(3)" "•" "-" "*".
    if at_line_start {
        let chunk = &text[start..end];
        let is_marker = matches!(chunk, "•" | "*" | "-" | "–" | "—" | "·" | "▪" | "■" | "◦")
            || (chunk.len() <= 4
                && (chunk.ends_with('.') || chunk.ends_with(')'))
                && chunk[..chunk.len() - 1].bytes().all(|b| b.is_ascii_digit())
                && chunk.len() >= 2);
        if is_marker && next_char.is_some() {
            push(tokens, state, start, end, TokenKind::ListMarker);
            return;
        }
    }
    let chunk = &text[start..end];
    if is_url_or_email(chunk) {
        let url_end = start
            + chunk.trim_end_matches(['.', ',', ';', ':', '!', '?', ')', ']', '"', '\'', '”', '’']).len();
        let url_start =
            start + (chunk.len() - chunk.trim_start_matches(['(', '[', '<', '"', '“', '\'']).len());
        for (i, c) in text[start..url_start].char_indices() {
            push(tokens, state, start + i, start + i + c.len_utf8(), TokenKind::Quote);
        }
        push(tokens, state, url_start, url_end.max(url_start), TokenKind::Word);
        push_trailing_punct(text, url_end.max(url_start), end, tokens, state);
        return;
    }

    // Leading punctuation.
    while start < end {
        let rest = &text[start..end];
        let c = rest.chars().next().unwrap_or(' ');
        let width = c.len_utf8();
        if is_apostrophe(c) {
            // `'90s` and a detached clitic (`Iraq 's`) are words, not quotes.
            let after = &rest[width..];
            if after.starts_with(|c: char| c.is_ascii_digit()) || is_clitic_suffix(after) {
                break;
            }
            push(tokens, state, start, start + width, TokenKind::Quote);
            start += width;
        } else if is_quote_or_bracket(c) {
            push(tokens, state, start, start + width, TokenKind::Quote);
            start += width;
        } else if matches!(
            c,
            '$' | '£' | '€' | '¥' | '₹' | '¿' | '¡' | '*' | '•' | '~' | '<' | '>' | '#' | '@'
        ) && rest.len() > width
            && !(matches!(c, '#' | '@') && rest[width..].starts_with(char::is_alphanumeric))
        {
            push(tokens, state, start, start + width, TokenKind::Punct);
            start += width;
        } else if is_dash(c)
            || rest.starts_with("--")
            || (c == '-' && rest[1..].starts_with(char::is_alphabetic))
        {
            let dash_end = start
                + rest.chars().take_while(|&c| c == '-' || is_dash(c)).map(char::len_utf8).sum::<usize>();
            push(tokens, state, start, dash_end, TokenKind::Punct);
            start = dash_end;
        } else if rest.starts_with("...") || c == '…' {
            let dots = rest.chars().take_while(|&c| c == '.' || c == '…').map(char::len_utf8).sum::<usize>();
            push(tokens, state, start, start + dots, TokenKind::Terminal);
            start += dots;
        } else {
            break;
        }
    }

    // Trailing punctuation, collected right to left.
    let mut trailing: Vec<(usize, usize, TokenKind)> = Vec::new();
    while start < end {
        let rest = &text[start..end];
        let c = rest.chars().next_back().unwrap_or(' ');
        let width = c.len_utf8();
        if c == '.' || c == '…' {
            let dots_len =
                rest.chars().rev().take_while(|&c| c == '.' || c == '…').map(char::len_utf8).sum::<usize>();
            if dots_len > 1 || c == '…' {
                trailing.push((end - dots_len, end, TokenKind::Terminal));
                end -= dots_len;
                continue;
            }
            let core = &rest[..rest.len() - 1];
            if let Some(kind) = abbreviation_kind(core, next_char) {
                // The full stop belongs to the abbreviation; stop peeling.
                let _ = kind;
                break;
            }
            trailing.push((end - 1, end, TokenKind::Terminal));
            end -= 1;
        } else if matches!(c, '!' | '?') {
            trailing.push((end - width, end, TokenKind::Terminal));
            end -= width;
        } else if is_quote_or_bracket(c) || is_apostrophe(c) {
            // A final apostrophe after `s` is the plural possessive (`countries'`), a
            // token of its own in UD; other apostrophes are closing quotes.
            trailing.push((end - width, end, TokenKind::Quote));
            end -= width;
        } else if matches!(c, ',' | ';' | ':' | '%' | '*' | '†' | '‡' | '°')
            || is_dash(c)
            || (c == '-' && rest.len() > 1 && rest.ends_with("--"))
        {
            trailing.push((end - width, end, TokenKind::Punct));
            end -= width;
        } else {
            break;
        }
    }

    if start < end {
        split_core(text, start, end, next_char, state, tokens);
    }
    for (s, e, kind) in trailing.into_iter().rev() {
        push(tokens, state, s, e, kind);
    }
}

fn push_trailing_punct(
    text: &str,
    start: usize,
    end: usize,
    tokens: &mut Vec<RawToken>,
    state: &mut GapState,
) {
    for (i, c) in text[start..end].char_indices() {
        let kind = if matches!(c, '.' | '!' | '?') { TokenKind::Terminal } else { TokenKind::Punct };
        push(tokens, state, start + i, start + i + c.len_utf8(), kind);
    }
}

fn is_url_or_email(chunk: &str) -> bool {
    chunk.contains("://")
        || chunk.starts_with("www.")
        || (chunk.contains('@') && chunk.contains('.') && !chunk.starts_with('@') && !chunk.ends_with('@'))
}

/// Whether `s` (after an apostrophe) is a clitic: `s`, `re`, `ve`, `ll`, `d`, `m`.
fn is_clitic_suffix(s: &str) -> bool {
    matches!(s, "s" | "S" | "re" | "RE" | "ve" | "VE" | "ll" | "LL" | "d" | "D" | "m" | "M")
}

/// Splits a chunk core (no leading or trailing punctuation) on dashes, hyphens and
/// clitics, keeping abbreviations and numbers whole.
fn split_core(
    text: &str,
    start: usize,
    end: usize,
    next_char: Option<char>,
    state: &mut GapState,
    tokens: &mut Vec<RawToken>,
) {
    let core = &text[start..end];
    if core.ends_with('.') && core.len() > 1 {
        if let Some(kind) = abbreviation_kind(&core[..core.len() - 1], next_char) {
            push(tokens, state, start, end, TokenKind::Abbreviation(kind));
            return;
        }
    }
    // Dashes inside a chunk (`troops—and`, `1990–2000`, `word--word`) separate tokens.
    let mut piece_start = start;
    let mut iter = core.char_indices().peekable();
    while let Some((offset, c)) = iter.next() {
        let at = start + offset;
        let double_hyphen = c == '-' && iter.peek().is_some_and(|&(_, n)| n == '-');
        if is_dash(c) || double_hyphen {
            split_hyphens(text, piece_start, at, state, tokens);
            let mut dash_end = at + c.len_utf8();
            while let Some(&(o, n)) = iter.peek() {
                if n == '-' || is_dash(n) {
                    dash_end = start + o + n.len_utf8();
                    iter.next();
                } else {
                    break;
                }
            }
            push(tokens, state, at, dash_end, TokenKind::Punct);
            piece_start = dash_end;
        }
    }
    split_hyphens(text, piece_start, end, state, tokens);
}

/// Splits `text[start..end]` at hyphens between words, following UD English.
fn split_hyphens(text: &str, start: usize, end: usize, state: &mut GapState, tokens: &mut Vec<RawToken>) {
    if start >= end {
        return;
    }
    let piece = &text[start..end];
    let bytes = piece.as_bytes();
    let mut word_start = start;
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'-' && i > 0 && i + 1 < bytes.len() {
            let left = &text[word_start..start + i];
            let right = &piece[i + 1..];
            let digits_both = left.bytes().last().is_some_and(|b| b.is_ascii_digit())
                && right.bytes().next().is_some_and(|b| b.is_ascii_digit());
            let kept_prefix = left.len() <= 8 && {
                let mut buf = [0u8; 24];
                ascii_lower(left, &mut buf)
                    .and_then(|len| {
                        std::str::from_utf8(&buf[..len]).ok().map(|l| KEPT_HYPHEN_PREFIXES.contains(&l))
                    })
                    .unwrap_or(false)
            };
            let joins_words = right.starts_with(|c: char| c.is_alphanumeric()) && !left.is_empty();
            if joins_words && !digits_both && !kept_prefix {
                split_clitics(text, word_start, start + i, state, tokens);
                push(tokens, state, start + i, start + i + 1, TokenKind::Punct);
                word_start = start + i + 1;
            }
        }
        i += 1;
    }
    split_clitics(text, word_start, end, state, tokens);
}

/// Splits a final clitic off a word: `Iraq's`, `don't`, `can't`, `cannot`, `gonna`.
fn split_clitics(text: &str, start: usize, end: usize, state: &mut GapState, tokens: &mut Vec<RawToken>) {
    if start >= end {
        return;
    }
    let word = &text[start..end];
    if !word.chars().any(char::is_alphanumeric) {
        push(tokens, state, start, end, TokenKind::Punct);
    } else if let Some(split) = clitic_split(word) {
        push(tokens, state, start, start + split, TokenKind::Word);
        push(tokens, state, start + split, end, TokenKind::Word);
    } else {
        push(tokens, state, start, end, TokenKind::Word);
    }
}

/// Byte offset where a clitic starts in `word`, if it has one.
fn clitic_split(word: &str) -> Option<usize> {
    let chars: Vec<(usize, char)> = word.char_indices().rev().take(4).collect();
    // chars[0] is the last character.
    if chars.len() < 2 {
        return None;
    }
    let lower = |c: char| c.to_ascii_lowercase();
    // n't
    if chars.len() >= 4 && lower(chars[0].1) == 't' && is_apostrophe(chars[1].1) && lower(chars[2].1) == 'n' {
        let n_at = chars[2].0;
        if n_at == 0 {
            return None;
        }
        let stem = &word[..n_at];
        // `can't` -> `ca n't`, `won't` -> `wo n't`, `ain't` -> `ai n't`: the n belongs to n't.
        return Some(n_at).filter(|_| !stem.is_empty());
    }
    // 's 'm 'd
    if is_apostrophe(chars[1].1) && matches!(lower(chars[0].1), 's' | 'm' | 'd') && chars[1].0 > 0 {
        return Some(chars[1].0);
    }
    // 're 've 'll
    if chars.len() >= 3 && is_apostrophe(chars[2].1) && chars[2].0 > 0 {
        let pair = (lower(chars[1].1), lower(chars[0].1));
        if matches!(pair, ('r', 'e') | ('v', 'e') | ('l', 'l')) {
            return Some(chars[2].0);
        }
    }
    let mut buf = [0u8; 24];
    let len = ascii_lower(word, &mut buf)?;
    match &buf[..len] {
        b"cannot" => Some(3),
        b"gonna" | b"wanna" | b"gotta" => Some(3),
        _ => None,
    }
}

/// The normalised form of a token: quotes and dashes folded, NFC.
///
/// ```
/// assert_eq!(dyad_text::normalize_form("“Iraq’s”"), "\"Iraq's\"");
/// assert_eq!(dyad_text::normalize_form("—"), "--");
/// assert_eq!(dyad_text::normalize_form("1990–2000"), "1990-2000");
/// ```
pub fn normalize_form(raw: &str) -> Cow<'_, str> {
    if raw.is_ascii() {
        return Cow::Borrowed(raw);
    }
    let mut out = String::with_capacity(raw.len());
    for c in raw.chars() {
        match c {
            '“' | '”' | '„' | '‟' | '«' | '»' | '″' => out.push('"'),
            '‘' | '’' | '‚' | '‛' | '′' | 'ʼ' => out.push('\''),
            '—' | '―' => out.push_str("--"),
            '–' | '‒' | '−' | '‐' | '‑' => out.push('-'),
            '…' => out.push_str("..."),
            '\u{00A0}' | '\u{2009}' | '\u{202F}' => out.push(' '),
            '\u{00AD}' | '\u{200B}' | '\u{FEFF}' => {}
            _ => out.push(c),
        }
    }
    if is_nfc_quick(out.chars()) != IsNormalized::Yes {
        out = out.nfc().collect();
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn forms(text: &str) -> Vec<&str> {
        tokenize(text, &[]).iter().map(|t| &text[t.span.start..t.span.end]).collect()
    }

    #[test]
    fn clitics_are_split() {
        assert_eq!(forms("Iraq's"), ["Iraq", "'s"]);
        assert_eq!(forms("don't"), ["do", "n't"]);
        assert_eq!(forms("can't won’t"), ["ca", "n't", "wo", "n’t"]);
        assert_eq!(
            forms("they're we've I'll I'm cannot"),
            ["they", "'re", "we", "'ve", "I", "'ll", "I", "'m", "can", "not"]
        );
        assert_eq!(forms("O'Brien"), ["O'Brien"]);
    }

    #[test]
    fn hyphens_follow_the_treebank() {
        assert_eq!(forms("al-Kadhimi"), ["al", "-", "Kadhimi"]);
        assert_eq!(forms("US-Iranian"), ["US", "-", "Iranian"]);
        assert_eq!(forms("co-founder non-state e-mail"), ["co-founder", "non-state", "e-mail"]);
        assert_eq!(forms("713-853-1411"), ["713-853-1411"]);
        assert_eq!(forms("Baghdad's al-Muhandis's"), ["Baghdad", "'s", "al", "-", "Muhandis", "'s"]);
    }

    #[test]
    fn numbers_and_abbreviations_stay_whole() {
        assert_eq!(forms("some 2,500 Americans, 3.5%"), ["some", "2,500", "Americans", ",", "3.5", "%"]);
        assert_eq!(forms("the U.S. army"), ["the", "U.S.", "army"]);
        assert_eq!(forms("Gen. Qassem"), ["Gen.", "Qassem"]);
        assert_eq!(forms("$2.5 billion."), ["$", "2.5", "billion", "."]);
        assert_eq!(forms("He said no."), ["He", "said", "no", "."]);
        assert_eq!(forms("No. 10"), ["No.", "10"]);
    }

    #[test]
    fn punctuation_and_quotes_are_split_off() {
        assert_eq!(forms("\"Yes,\" he said."), ["\"", "Yes", ",", "\"", "he", "said", "."]);
        assert_eq!(forms("(Reuters) -"), ["(", "Reuters", ")", "-"]);
        assert_eq!(forms("troops—and"), ["troops", "—", "and"]);
        assert_eq!(forms("wait..."), ["wait", "..."]);
        assert_eq!(forms("“Iraq’s”"), ["“", "Iraq", "’s", "”"]);
    }

    #[test]
    fn urls_stay_whole() {
        assert_eq!(forms("see https://example.com/a-b."), ["see", "https://example.com/a-b", "."]);
    }

    #[test]
    fn multibyte_spans_are_on_char_boundaries() {
        let text = "Parlamento Iraquí — “Bagdad” señaló 3,5 %…";
        for token in tokenize(text, &[]) {
            assert!(token.span.slice(text).is_some(), "{:?}", token.span);
            assert!(!token.span.is_empty());
        }
        assert_eq!(forms("Iraquí,"), ["Iraquí", ","]);
    }

    #[test]
    fn removed_spans_produce_no_tokens() {
        let text = "Keep this (Photo: AFP) line.";
        let tokens = tokenize(text, &[Span::new(10, 22)]);
        let words: Vec<&str> = tokens.iter().map(|t| &text[t.span.start..t.span.end]).collect();
        assert_eq!(words, ["Keep", "this", "line", "."]);
        assert!(tokens[2].removed_before);
    }

    #[test]
    fn normalisation_folds_quotes_dashes_and_composes() {
        assert_eq!(normalize_form("‘yes’"), "'yes'");
        assert_eq!(normalize_form("Iraqu\u{0069}\u{0301}"), "Iraquí");
        assert_eq!(normalize_form("a\u{00A0}b"), "a b");
        assert_eq!(normalize_form("…"), "...");
    }
}
