//! Discard dictionaries: phrases that mark a sentence (or, with `+`, a whole story) as
//! not about political events.
//!
//! ```text
//! CHESS OLYMPIAD        # the sentence is dropped
//! +REGATTA              # the story is dropped
//! ```

use crate::actors::Phrase;
use crate::text::lines;
use crate::Diagnostic;

/// One discard phrase.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiscardEntry {
    /// The phrase.
    pub phrase: Phrase,
    /// `+`: the whole story is dropped, not only the sentence.
    pub story: bool,
}

/// Parses a discard dictionary. Every line that is not understood is reported.
pub fn parse_discards(file: &str, text: &str, diagnostics: &mut Vec<Diagnostic>) -> Vec<DiscardEntry> {
    let mut entries = Vec::new();
    for line in lines(text) {
        if line.text.is_empty() {
            continue;
        }
        let (story, phrase) = match line.text.strip_prefix('+') {
            Some(rest) => (true, rest),
            None => (false, line.text),
        };
        if phrase.contains(['[', ']', '{', '}']) {
            diagnostics.push(Diagnostic::new(
                file,
                line.number,
                "bad-phrase",
                format!("{phrase:?}: a discard is a plain phrase"),
            ));
            continue;
        }
        match Phrase::parse(line.number, phrase) {
            Some(phrase) => entries.push(DiscardEntry { phrase, story }),
            None => diagnostics.push(Diagnostic::new(file, line.number, "bad-phrase", "an empty discard")),
        }
    }
    entries
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn story_and_sentence_discards() {
        let mut diagnostics = Vec::new();
        let entries = parse_discards(
            "d.txt",
            "# head\nCHESS OLYMPIAD\n+REGATTA  # boats\n+\nX [Y]\n",
            &mut diagnostics,
        );
        assert_eq!(entries.len(), 2);
        assert!(!entries[0].story && entries[1].story);
        assert_eq!(entries[0].phrase.words, ["CHESS", "OLYMPIAD"]);
        assert_eq!(diagnostics.iter().map(|d| d.line).collect::<Vec<_>>(), [4, 5]);
    }
}
