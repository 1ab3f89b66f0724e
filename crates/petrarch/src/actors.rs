//! Actor dictionaries: a primary phrase, `+` synonyms on the lines after it, and one or
//! more codes in brackets, each possibly restricted to dates.
//!
//! ```text
//! RIVERTOWN_  [RVT]          # a phrase ending in `_` matches only whole words
//! +RIVERTOWNERS
//! OLD_MILLER
//!     [RVTGOV 19990101 - 20031231]
//!     [RVTELI > 20031231]
//!     [RVT]                  # outside every restriction
//! ```

use chrono::{Days, NaiveDate};

use crate::text::{lines, phrase_words, split_codes, Line};
use crate::Diagnostic;

/// One actor: its phrases and codes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActorEntry {
    /// Line of the primary phrase.
    pub line: usize,
    /// The primary phrase first, then the synonyms.
    pub phrases: Vec<Phrase>,
    /// Codes in the order written; a restricted code listed first wins over later ones.
    pub codes: Vec<DatedCode>,
}

/// A phrase of an actor or agent entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phrase {
    /// Line it is written on.
    pub line: usize,
    /// Upper-case words as written.
    pub words: Vec<String>,
    /// The phrase does not end in `_`: in TABARI its last word is a stem
    /// (`ARGENTIN` for "Argentina", "Argentine").
    pub stem: bool,
}

impl Phrase {
    pub(crate) fn parse(line: usize, text: &str) -> Option<Phrase> {
        let words = phrase_words(text);
        // A phrase of punctuation alone (`.`) names nothing a sentence could match.
        let named = words.iter().any(|w| w.chars().any(char::is_alphanumeric));
        named.then(|| Phrase { line, words, stem: !text.trim_end().ends_with('_') })
    }
}

/// A code and the dates it applies on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatedCode {
    /// Line it is written on.
    pub line: usize,
    /// The code as written (`"GONGOV"`, `"---"`).
    pub code: String,
    /// When it applies.
    pub when: When,
}

/// The dates a code applies on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    /// Always (no restriction).
    Always,
    /// Before the day (`< D`), that day excluded.
    Before(NaiveDate),
    /// After the day (`> D`), that day excluded.
    After(NaiveDate),
    /// From the first day to the second, both included (`D1 - D2`).
    Between(NaiveDate, NaiveDate),
}

impl When {
    /// First day included and first day excluded, as Dyad's dated roles count them.
    pub fn start_end(&self) -> (Option<NaiveDate>, Option<NaiveDate>) {
        let next = |d: NaiveDate| d.checked_add_days(Days::new(1));
        match *self {
            When::Always => (None, None),
            When::Before(day) => (None, Some(day)),
            When::After(day) => (next(day), None),
            When::Between(from, to) => (Some(from), next(to)),
        }
    }
}

/// A date written `YYMMDD` (years 00-29 are 2000-2029, others 19xx, as in TABARI's
/// files) or `YYYYMMDD`.
pub(crate) fn parse_day(text: &str) -> Option<NaiveDate> {
    if !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (year, rest) = match text.len() {
        6 => {
            let yy: i32 = text[..2].parse().ok()?;
            (if yy < 30 { 2000 + yy } else { 1900 + yy }, &text[2..])
        }
        8 => (text[..4].parse().ok()?, &text[4..]),
        _ => return None,
    };
    NaiveDate::from_ymd_opt(year, rest[..2].parse().ok()?, rest[2..].parse().ok()?)
}

/// Reads `CODE`, `CODE < D`, `CODE > D`, `CODE D1 - D2` (spaces optional).
fn parse_code(file: &str, line: usize, text: &str, diagnostics: &mut Vec<Diagnostic>) -> Option<DatedCode> {
    let mut parts = text.splitn(2, |c: char| c.is_whitespace() || c == '<' || c == '>');
    let code = parts.next().unwrap_or("").trim().to_string();
    let restriction: String = text[code.len()..].chars().filter(|c| !c.is_whitespace()).collect();
    if code.is_empty() || code.bytes().all(|b| b.is_ascii_digit()) {
        diagnostics.push(Diagnostic::new(file, line, "bad-code", format!("[{text}] has no code")));
        return None;
    }
    let bad = |diagnostics: &mut Vec<Diagnostic>| {
        diagnostics.push(Diagnostic::new(
            file,
            line,
            "bad-date-restriction",
            format!("[{text}]: expected `< D`, `> D` or `D1 - D2` with YYMMDD or YYYYMMDD dates"),
        ));
        None
    };
    let when = if restriction.is_empty() {
        When::Always
    } else if let Some(day) = restriction.strip_prefix('<') {
        match parse_day(day) {
            Some(day) => When::Before(day),
            None => return bad(diagnostics),
        }
    } else if let Some(day) = restriction.strip_prefix('>') {
        match parse_day(day) {
            Some(day) => When::After(day),
            None => return bad(diagnostics),
        }
    } else {
        match restriction.split_once('-').map(|(a, b)| (parse_day(a), parse_day(b))) {
            Some((Some(from), Some(to))) if from <= to => When::Between(from, to),
            _ => return bad(diagnostics),
        }
    };
    Some(DatedCode { line, code, when })
}

/// Parses an actor dictionary. Every line that is not understood is reported.
pub fn parse_actors(file: &str, text: &str, diagnostics: &mut Vec<Diagnostic>) -> Vec<ActorEntry> {
    let mut entries: Vec<ActorEntry> = Vec::new();
    for line in lines(text) {
        if line.text.is_empty() {
            continue;
        }
        let (head, codes) = split_codes(file, line, diagnostics);
        let codes: Vec<DatedCode> =
            codes.into_iter().filter_map(|code| parse_code(file, line.number, code, diagnostics)).collect();
        if head.is_empty() {
            // A code line under the phrases (`    [GONGOV > 990101]`).
            match entries.last_mut() {
                Some(entry) => entry.codes.extend(codes),
                None => diagnostics.push(Diagnostic::new(
                    file,
                    line.number,
                    "orphan-code",
                    "a code with no phrase above it",
                )),
            }
        } else if let Some(synonym) = head.strip_prefix('+') {
            add_synonym(file, line, synonym, codes, entries.last_mut(), diagnostics);
        } else {
            match Phrase::parse(line.number, head) {
                Some(phrase) => entries.push(ActorEntry { line: line.number, phrases: vec![phrase], codes }),
                None => diagnostics.push(Diagnostic::new(
                    file,
                    line.number,
                    "bad-phrase",
                    format!("{head:?} has no letters or digits"),
                )),
            }
        }
    }
    for entry in &entries {
        if entry.codes.is_empty() {
            diagnostics.push(Diagnostic::new(file, entry.line, "no-code", "an actor without a code"));
        }
    }
    entries
}

fn add_synonym(
    file: &str,
    line: Line<'_>,
    synonym: &str,
    codes: Vec<DatedCode>,
    entry: Option<&mut ActorEntry>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let Some(entry) = entry else {
        diagnostics.push(Diagnostic::new(
            file,
            line.number,
            "orphan-synonym",
            "a `+` synonym with no phrase above it",
        ));
        return;
    };
    match Phrase::parse(line.number, synonym) {
        Some(phrase) => entry.phrases.push(phrase),
        None => diagnostics.push(Diagnostic::new(file, line.number, "bad-phrase", "an empty `+` synonym")),
    }
    // Old files put the code on the last synonym; it is the entry's code all the same.
    entry.codes.extend(codes);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn entries_gather_synonyms_and_dated_codes() {
        let text = "RIVERTOWN_  [RVT] # note\n+RIVERTOWNERS\n\nOLD_MILLER\n+MILLER_OF_THE_FORD\n\t[RVTGOV 19990101 - 20031231]\n\t[RVTELI >031231]\n\t[RVT]\nHILL [HLL < 850101]\n";
        let mut diagnostics = Vec::new();
        let entries = parse_actors("a.txt", text, &mut diagnostics);
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        assert_eq!(entries.len(), 3);
        assert_eq!(entries[0].phrases[1].words, ["RIVERTOWNERS"]);
        assert!(!entries[0].phrases[0].stem);
        assert!(entries[0].phrases[1].stem);
        let miller = &entries[1];
        assert_eq!(miller.line, 4);
        assert_eq!(miller.phrases[1].words, ["MILLER", "OF", "THE", "FORD"]);
        assert_eq!(miller.codes[0].when, When::Between(day(1999, 1, 1), day(2003, 12, 31)));
        assert_eq!(miller.codes[0].when.start_end(), (Some(day(1999, 1, 1)), Some(day(2004, 1, 1))));
        assert_eq!(miller.codes[1].when, When::After(day(2003, 12, 31)));
        assert_eq!(miller.codes[2], DatedCode { line: 8, code: "RVT".into(), when: When::Always });
        assert_eq!(entries[2].codes[0].when, When::Before(day(1985, 1, 1)));
    }

    #[test]
    fn bad_lines_are_reported_with_their_line() {
        let text = "+ORPHAN\nTOWN [TWN 9901-990101]\nVILLAGE\n[1999]\n";
        let mut diagnostics = Vec::new();
        parse_actors("a.txt", text, &mut diagnostics);
        let shown: Vec<String> = diagnostics.iter().map(|d| d.to_string()).collect();
        assert_eq!(shown.len(), 5, "{shown:?}");
        assert!(shown[0].starts_with("a.txt:1: orphan-synonym"));
        assert!(shown[1].starts_with("a.txt:2: bad-date-restriction"));
        assert!(shown[2].starts_with("a.txt:4: bad-code"));
        assert!(shown.iter().any(|s| s.starts_with("a.txt:2: no-code")));
        assert!(shown.iter().any(|s| s.starts_with("a.txt:3: no-code")));
    }

    #[test]
    fn two_digit_years_pivot_at_thirty() {
        assert_eq!(parse_day("291231"), Some(day(2029, 12, 31)));
        assert_eq!(parse_day("300101"), Some(day(1930, 1, 1)));
        assert_eq!(parse_day("20130119"), Some(day(2013, 1, 19)));
        assert_eq!(parse_day("2013011"), None);
        assert_eq!(parse_day("991332"), None);
    }
}
