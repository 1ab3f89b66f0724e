//! What every PETRARCH dictionary shares: comments, phrases written with `_`, and
//! bracketed codes.

use crate::Diagnostic;

/// One line of a dictionary with its comments removed.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Line<'a> {
    /// 1-based line number in the file.
    pub number: usize,
    /// The text before any `#` comment, trimmed; `<!-- ... -->` blocks are blank.
    pub text: &'a str,
}

/// The lines of `text` with `#` comments and `<!-- ... -->` comment blocks (which may
/// span lines, and are also written `<! --` in old files) blanked out.
pub(crate) fn lines(text: &str) -> Vec<Line<'_>> {
    let mut out = Vec::new();
    let mut in_block = false;
    for (idx, raw) in text.lines().enumerate() {
        let number = idx + 1;
        let trimmed = raw.trim_start();
        if in_block {
            in_block = !raw.contains("-->");
            out.push(Line { number, text: "" });
            continue;
        }
        if trimmed.starts_with("<!") {
            in_block = !trimmed.contains("-->");
            out.push(Line { number, text: "" });
            continue;
        }
        let body = match raw.find('#') {
            Some(at) => &raw[..at],
            None => raw,
        };
        out.push(Line { number, text: body.trim() });
    }
    out
}

/// The words of a phrase: `_` and spaces both separate words (`UNITED_STATES`).
pub(crate) fn phrase_words(phrase: &str) -> Vec<String> {
    phrase
        .split(|c: char| c == '_' || c.is_whitespace())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// A line split into the text before its first `[` and the contents of each `[...]`.
/// Text after the last `]` or an unclosed `[` is reported.
pub(crate) fn split_codes<'a>(
    file: &str,
    line: Line<'a>,
    diagnostics: &mut Vec<Diagnostic>,
) -> (&'a str, Vec<&'a str>) {
    let text = line.text;
    let Some(first) = text.find('[') else { return (text, Vec::new()) };
    let head = text[..first].trim();
    let mut codes = Vec::new();
    let mut rest = &text[first..];
    while let Some(open) = rest.find('[') {
        let between = rest[..open].trim();
        if !between.is_empty() {
            diagnostics.push(Diagnostic::new(
                file,
                line.number,
                "stray-text",
                format!("{between:?} between codes"),
            ));
        }
        let Some(close) = rest[open..].find(']') else {
            diagnostics.push(Diagnostic::new(file, line.number, "unclosed-bracket", "a `[` without its `]`"));
            return (head, codes);
        };
        codes.push(rest[open + 1..open + close].trim());
        rest = &rest[open + close + 1..];
    }
    if !rest.trim().is_empty() {
        diagnostics.push(Diagnostic::new(
            file,
            line.number,
            "stray-text",
            format!("{:?} after the codes", rest.trim()),
        ));
    }
    (head, codes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_and_blocks_are_blank() {
        let text = "<!-- one -->\n<!--\n# inside\n-->\nWORD [A] # note\n  [B]\n<! -- odd -->\nLAST";
        let lines = lines(text);
        let texts: Vec<&str> = lines.iter().map(|l| l.text).collect();
        assert_eq!(texts, ["", "", "", "", "WORD [A]", "[B]", "", "LAST"]);
        assert_eq!(lines[7].number, 8);
    }

    #[test]
    fn phrases_split_on_underscores_and_spaces() {
        assert_eq!(phrase_words("NEW_RIVER  TOWN_"), ["NEW", "RIVER", "TOWN"]);
    }

    #[test]
    fn codes_are_split_and_leftovers_reported() {
        let mut diagnostics = Vec::new();
        let line = Line { number: 3, text: "TOWN [ABC] [DEF < 990101] extra" };
        let (head, codes) = split_codes("f.txt", line, &mut diagnostics);
        assert_eq!(head, "TOWN");
        assert_eq!(codes, ["ABC", "DEF < 990101"]);
        assert_eq!(diagnostics.len(), 1);
        assert_eq!(diagnostics[0].to_string(), "f.txt:3: stray-text: \"extra\" after the codes");
    }
}
