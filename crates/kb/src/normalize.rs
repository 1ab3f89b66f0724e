//! Folding tokens and aliases into comparable words.
//!
//! Tokens are split at hyphens (so "al-Kadhimi", "al Kadhimi" and a tokenizer that
//! splits "pro - Iranian" all give the same words), folded to ASCII with `deunicode`
//! and lower-cased; dots and apostrophes inside a word are dropped ("U.S." -> "us",
//! "Sana'a" -> "sanaa"). Punctuation that is not part of a word becomes a barrier, so a
//! name never spans a comma. What the fold loses (capitalisation, a possessive "'s")
//! is kept beside each word because the matcher needs it.

use dyad_model::{Span, Token};

/// The barrier word: no alias contains it, so no match crosses it.
pub(crate) const BARRIER: &str = "|";

/// Arabic articles and name particles that may be written in any case ("Al-", "al-").
const PARTICLES: &[&str] = &[
    "al", "el", "ad", "ar", "as", "ash", "at", "az", "an", "ul", "bin", "ibn", "bint", "de", "la", "von",
    "van", "der",
];

/// One word of a sentence after folding.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Word {
    /// Folded form (`"kadhimi"`), or [`BARRIER`].
    pub norm: String,
    /// Index of the token within the sentence.
    pub token: usize,
    /// Where the word is in the document text.
    pub span: Span,
    /// The first letter is upper case.
    pub capital: bool,
    /// Every letter is upper case.
    pub upper: bool,
    /// Followed by a possessive "'s" (or "'" after a plural).
    pub possessive: bool,
    /// Joined to the previous word by a hyphen ("pro-Iranian", "al-Kadhimi").
    pub hyphen_before: bool,
}

impl Word {
    pub(crate) fn is_barrier(&self) -> bool {
        self.norm == BARRIER
    }
}

/// What case an alias word demands of the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CaseRule {
    /// Anything ("minister", "al").
    Any,
    /// A capital first letter ("Biden", "Nato" for "NATO").
    Capital,
    /// All upper case: short acronyms that are also common words ("US", "IS", "UN").
    Upper,
}

impl CaseRule {
    pub(crate) fn accepts(&self, word: &Word) -> bool {
        match self {
            CaseRule::Any => true,
            CaseRule::Capital => word.capital,
            CaseRule::Upper => word.upper,
        }
    }
}

/// Folds one piece of text: ASCII, lower case, letters and digits only.
pub(crate) fn fold(piece: &str) -> String {
    let ascii = deunicode::deunicode(piece);
    ascii.chars().filter(|c| c.is_ascii_alphanumeric()).map(|c| c.to_ascii_lowercase()).collect()
}

/// Splits the words of a sentence's tokens.
pub(crate) fn sentence_words(tokens: &[Token]) -> Vec<Word> {
    let mut words: Vec<Word> = Vec::with_capacity(tokens.len() + 4);
    let mut join_next = false;
    for (token_idx, token) in tokens.iter().enumerate() {
        let text = token.text.as_str();
        if is_possessive_marker(text) {
            if let Some(last) = words.last_mut().filter(|w| !w.is_barrier()) {
                last.possessive = true;
            }
            continue;
        }
        if text == "-" {
            join_next = true;
            continue;
        }
        if text.chars().all(|c| c == '-') {
            // "--" is the text stage's em dash: a break, not a hyphen.
            let span = token.span;
            push_barrier(&mut words, token_idx, span);
            continue;
        }
        // Offsets inside the token are only trustworthy when normalisation kept its length.
        let exact_offsets = token.text.len() == token.span.len();
        let mut piece_start: Option<usize> = None;
        let mut hyphen_before = std::mem::take(&mut join_next);
        let mut pieces: Vec<(usize, usize, bool)> = Vec::new();
        for (offset, ch) in text.char_indices() {
            let in_word = ch.is_alphanumeric() || ch == '.' || ch == '\'' || ch == '\u{2019}';
            if in_word {
                piece_start.get_or_insert(offset);
                continue;
            }
            if let Some(start) = piece_start.take() {
                pieces.push((start, offset, hyphen_before));
                hyphen_before = false;
            }
            if ch == '-' {
                hyphen_before = true;
            } else {
                pieces.push((offset, offset, false));
            }
        }
        if let Some(start) = piece_start {
            pieces.push((start, text.len(), hyphen_before));
        } else if hyphen_before && text.ends_with('-') {
            join_next = true;
        }
        for (start, end, joined) in pieces {
            let (raw, possessive) = strip_possessive(&text[start..end]);
            let span = if exact_offsets {
                Span::new(token.span.start + start, token.span.start + start + raw.len())
            } else {
                token.span
            };
            let norm = fold(raw);
            if norm.is_empty() {
                push_barrier(&mut words, token_idx, span);
                continue;
            }
            let letters = raw.chars().filter(|c| c.is_alphabetic());
            let capital = raw.chars().find(|c| c.is_alphabetic()).is_some_and(char::is_uppercase);
            let upper = letters.clone().count() > 0 && letters.clone().all(char::is_uppercase);
            words.push(Word {
                norm,
                token: token_idx,
                span,
                capital,
                upper,
                possessive,
                hyphen_before: joined,
            });
        }
    }
    words
}

fn push_barrier(words: &mut Vec<Word>, token: usize, span: Span) {
    if words.last().is_some_and(Word::is_barrier) {
        return;
    }
    words.push(Word {
        norm: BARRIER.to_string(),
        token,
        span,
        capital: false,
        upper: false,
        possessive: false,
        hyphen_before: false,
    });
}

fn is_possessive_marker(text: &str) -> bool {
    matches!(text, "'s" | "'S" | "\u{2019}s" | "\u{2019}S" | "'" | "\u{2019}")
}

/// Strips a trailing possessive from one word ("Iraq's" -> "Iraq", "Iraqis'" -> "Iraqis").
fn strip_possessive(raw: &str) -> (&str, bool) {
    for suffix in ["'s", "'S", "\u{2019}s", "\u{2019}S"] {
        if let Some(stem) = raw.strip_suffix(suffix) {
            if !stem.is_empty() {
                return (stem, true);
            }
        }
    }
    for suffix in ["s'", "s\u{2019}"] {
        if raw.len() > suffix.len() && raw.ends_with(suffix) {
            return (raw.trim_end_matches(['\'', '\u{2019}']), true);
        }
    }
    let trimmed = raw.trim_end_matches(['.', '\'', '\u{2019}']);
    // "U.S." keeps its dots inside; a bare trailing dot of a word is sentence punctuation.
    if trimmed.contains('.') {
        return (raw, false);
    }
    (trimmed, false)
}

/// Folds an alias as written in a dictionary into words and the case each demands.
/// `proper` is false for agents ("prime minister"), which match in any case.
pub(crate) fn alias_words(alias: &str, proper: bool) -> Vec<(String, CaseRule)> {
    alias_words_possessive(alias, proper).into_iter().map(|(norm, rule, _)| (norm, rule)).collect()
}

/// [`alias_words`] with, for each word, whether the alias writes it possessive
/// ("People's", "Workers'"). The possessive is stripped as in the text, so that a name
/// with a possessive inside ("Tigray People's Liberation Front") folds to the text's words.
pub(crate) fn alias_words_possessive(alias: &str, proper: bool) -> Vec<(String, CaseRule, bool)> {
    let mut out = Vec::new();
    for chunk in alias.split(|c: char| c.is_whitespace() || c == '-') {
        let chunk = chunk
            .trim_start_matches(|c: char| !c.is_alphanumeric())
            .trim_end_matches(|c: char| !c.is_alphanumeric() && c != '\'' && c != '\u{2019}');
        let (stem, possessive) = strip_possessive(chunk);
        let chunk = stem.trim_matches(|c: char| !c.is_alphanumeric());
        let norm = fold(chunk);
        if norm.is_empty() {
            continue;
        }
        let rule = if !proper || PARTICLES.contains(&norm.as_str()) {
            CaseRule::Any
        } else {
            let letters: Vec<char> = chunk.chars().filter(|c| c.is_alphabetic()).collect();
            let all_upper = !letters.is_empty() && letters.iter().all(|c| c.is_uppercase());
            if all_upper && letters.len() <= 3 {
                CaseRule::Upper
            } else if letters.first().is_some_and(|c| c.is_uppercase()) {
                CaseRule::Capital
            } else {
                CaseRule::Any
            }
        };
        out.push((norm, rule, possessive));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(text: &str) -> Vec<Token> {
        let mut out = Vec::new();
        let mut start = None;
        for (i, c) in text.char_indices().chain([(text.len(), ' ')]) {
            if c == ' ' {
                if let Some(s) = start.take() {
                    out.push(Token {
                        span: Span::new(s, i),
                        text: text[s..i].to_string(),
                        ..Token::default()
                    });
                }
            } else if start.is_none() {
                start = Some(i);
            }
        }
        out
    }

    fn norms(text: &str) -> Vec<String> {
        sentence_words(&tokens(text)).into_iter().map(|w| w.norm).collect()
    }

    #[test]
    fn fold_drops_diacritics_dots_and_case() {
        assert_eq!(fold("Iraquí"), "iraqui");
        assert_eq!(fold("U.S."), "us");
        assert_eq!(fold("Sana'a"), "sanaa");
        assert_eq!(fold("Erdoğan"), "erdogan");
    }

    #[test]
    fn hyphens_split_words_and_commas_become_barriers() {
        assert_eq!(norms("al-Kadhimi , Iraq"), ["al", "kadhimi", "|", "iraq"]);
        assert_eq!(norms("pro - Iranian"), ["pro", "iranian"]);
        assert_eq!(norms("Iraq -- Iran"), ["iraq", "|", "iran"]);
        let words = sentence_words(&tokens("pro-Iranian"));
        assert!(words[1].hyphen_before);
        assert_eq!(words[1].span, Span::new(4, 11));
    }

    #[test]
    fn possessives_are_stripped_and_remembered() {
        let words = sentence_words(&tokens("Iraq 's prime minister"));
        assert_eq!(words[0].norm, "iraq");
        assert!(words[0].possessive);
        let words = sentence_words(&tokens("Iraq's army"));
        assert_eq!(words[0].norm, "iraq");
        assert!(words[0].possessive);
        assert_eq!(words[0].span, Span::new(0, 4));
    }

    #[test]
    fn case_rules_follow_the_dictionary_spelling() {
        assert_eq!(alias_words("US", true), [("us".to_string(), CaseRule::Upper)]);
        assert_eq!(alias_words("NATO", true), [("nato".to_string(), CaseRule::Capital)]);
        assert_eq!(
            alias_words("al-Kadhimi", true),
            [("al".to_string(), CaseRule::Any), ("kadhimi".to_string(), CaseRule::Capital)]
        );
        assert_eq!(alias_words("Prime Minister", false)[0].1, CaseRule::Any);
    }

    #[test]
    fn possessives_inside_aliases_fold_like_the_text() {
        let words = alias_words_possessive("Lord's Resistance Army", true);
        assert_eq!((words[0].0.as_str(), words[0].2), ("lord", true));
        assert!(!words[1].2);
        let words = alias_words_possessive("Kurdistan Workers' Party", true);
        assert_eq!((words[1].0.as_str(), words[1].2), ("workers", true));
        // An apostrophe inside a word is no possessive.
        assert_eq!(alias_words_possessive("Sana'a", true), [("sanaa".to_string(), CaseRule::Capital, false)]);
    }
}
