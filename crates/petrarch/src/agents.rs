//! Agent dictionaries: role words whose code is joined to the actor they qualify.
//!
//! ```text
//! !FOLK! = MAN, MEN, WOMAN, WOMEN     # a substitution set, used as !FOLK!
//! RIVER_WARDEN [~WRD]                 # suffix: "Rivertown's river warden" -> RVTWRD
//! FERRY!FOLK! [~FRY]                  # FERRYMAN, FERRYMEN, ...
//! CREW {} [~CRW]                      # {} : no plural is formed
//! GOOSE {GEESE} [~GSE]                # irregular plurals
//! RELIEF_BODY [AID~]                  # prefix: the agent code comes first
//! ```

use std::collections::HashMap;

use crate::actors::Phrase;
use crate::text::{lines, split_codes};
use crate::Diagnostic;

/// Where an agent's code goes relative to the actor's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placement {
    /// `~CODE`: after the actor's code.
    Suffix,
    /// `CODE~`: before it.
    Prefix,
}

/// One agent entry (one per expansion of its substitution sets).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgentEntry {
    /// Line it is written on.
    pub line: usize,
    /// The phrase.
    pub phrase: Phrase,
    /// Plurals given in braces; `Some(vec![])` for `{}` (no plural); `None` when the
    /// regular plural is to be formed.
    pub plurals: Option<Vec<Phrase>>,
    /// The code without its `~`.
    pub code: String,
    /// Suffix or prefix.
    pub placement: Placement,
}

/// Parses an agent dictionary. Every line that is not understood is reported.
pub fn parse_agents(file: &str, text: &str, diagnostics: &mut Vec<Diagnostic>) -> Vec<AgentEntry> {
    let mut sets: HashMap<String, Vec<String>> = HashMap::new();
    let mut entries = Vec::new();
    for line in lines(text) {
        if line.text.is_empty() {
            continue;
        }
        if line.text.starts_with('!') {
            if let Some((name, values)) = line.text.split_once('=') {
                let name = name.trim().trim_matches('!').to_string();
                let values: Vec<String> =
                    values.split(',').map(|v| v.trim().to_string()).filter(|v| !v.is_empty()).collect();
                if values.is_empty() || name.is_empty() {
                    diagnostics.push(Diagnostic::new(
                        file,
                        line.number,
                        "bad-substitution",
                        "an empty substitution set",
                    ));
                } else {
                    sets.insert(name, values);
                }
                continue;
            }
        }
        let (head, codes) = split_codes(file, line, diagnostics);
        let (phrase_text, plural_text) = match head.split_once('{') {
            Some((phrase, rest)) => match rest.split_once('}') {
                Some((plurals, after)) if after.trim().is_empty() => (phrase.trim(), Some(plurals)),
                _ => {
                    diagnostics.push(Diagnostic::new(
                        file,
                        line.number,
                        "bad-plurals",
                        format!("{head:?}: unclosed or misplaced `{{`"),
                    ));
                    continue;
                }
            },
            None => (head, None),
        };
        let [code] = codes.as_slice() else {
            let what =
                if codes.is_empty() { "an agent without a code" } else { "an agent with several codes" };
            diagnostics.push(Diagnostic::new(file, line.number, "no-code", what));
            continue;
        };
        let code = code.trim();
        let (code, placement) = if let Some(code) = code.strip_prefix('~') {
            (code.trim(), Placement::Suffix)
        } else if let Some(code) = code.strip_suffix('~') {
            (code.trim(), Placement::Prefix)
        } else {
            diagnostics.push(Diagnostic::new(
                file,
                line.number,
                "bad-code",
                format!("[{code}]: an agent code needs `~` before or after it"),
            ));
            continue;
        };
        let Some(phrases) = expand(file, line.number, phrase_text, &sets, diagnostics) else { continue };
        let plurals: Option<Vec<String>> = match plural_text {
            None => None,
            Some(text) => {
                let mut all = Vec::new();
                for plural in text.split_whitespace() {
                    let Some(expanded) = expand(file, line.number, plural, &sets, diagnostics) else {
                        continue;
                    };
                    all.extend(expanded);
                }
                Some(all)
            }
        };
        for phrase in phrases {
            let Some(phrase) = Phrase::parse(line.number, &phrase) else {
                diagnostics.push(Diagnostic::new(file, line.number, "bad-phrase", "an agent without words"));
                continue;
            };
            let plurals = plurals
                .as_ref()
                .map(|p| p.iter().filter_map(|text| Phrase::parse(line.number, text)).collect());
            entries.push(AgentEntry {
                line: line.number,
                phrase,
                plurals,
                code: code.to_string(),
                placement,
            });
        }
    }
    entries
}

/// The phrases a phrase with `!SET!` markers stands for.
fn expand(
    file: &str,
    line: usize,
    phrase: &str,
    sets: &HashMap<String, Vec<String>>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Vec<String>> {
    let mut out = vec![String::new()];
    let mut rest = phrase;
    while let Some(open) = rest.find('!') {
        let Some(close) = rest[open + 1..].find('!') else {
            diagnostics.push(Diagnostic::new(
                file,
                line,
                "bad-substitution",
                format!("{phrase:?}: unclosed `!`"),
            ));
            return None;
        };
        let name = &rest[open + 1..open + 1 + close];
        let Some(values) = sets.get(name) else {
            diagnostics.push(Diagnostic::new(
                file,
                line,
                "bad-substitution",
                format!("{phrase:?}: no set !{name}!"),
            ));
            return None;
        };
        let before = &rest[..open];
        out = out
            .iter()
            .flat_map(|prefix| values.iter().map(move |v| format!("{prefix}{before}{v}")))
            .collect();
        rest = &rest[open + close + 2..];
    }
    Some(out.into_iter().map(|p| format!("{p}{rest}")).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agents_expand_sets_and_read_plurals_and_placement() {
        let text = "!FOLK! = MAN, WOMAN\nRIVER_WARDEN [~WRD]\nFERRY!FOLK! [~FRY] # ferry\nCREW {} [~CRW]\nGOOSE {GEESE} [ ~GSE]\nRELIEF_BODY [AID~]\n";
        let mut diagnostics = Vec::new();
        let entries = parse_agents("g.txt", text, &mut diagnostics);
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        let words: Vec<String> = entries.iter().map(|e| e.phrase.words.join(" ")).collect();
        assert_eq!(words, ["RIVER WARDEN", "FERRYMAN", "FERRYWOMAN", "CREW", "GOOSE", "RELIEF BODY"]);
        assert_eq!(entries[0].plurals, None);
        assert_eq!(entries[3].plurals, Some(vec![]));
        assert_eq!(entries[4].plurals.as_ref().unwrap()[0].words, ["GEESE"]);
        assert_eq!(entries[4].code, "GSE");
        assert_eq!(entries[5].placement, Placement::Prefix);
        assert_eq!(entries[5].code, "AID");
    }

    #[test]
    fn broken_agents_are_reported() {
        let text = "WARDEN\nKEEPER [~KPR}\nMASTER!NONE! [~MST]\nLORD [LRD]\n";
        let mut diagnostics = Vec::new();
        let entries = parse_agents("g.txt", text, &mut diagnostics);
        assert!(entries.is_empty());
        let kinds: Vec<(usize, &str)> = diagnostics.iter().map(|d| (d.line, d.kind)).collect();
        assert_eq!(
            kinds,
            [
                (1, "no-code"),
                (2, "unclosed-bracket"),
                (2, "no-code"),
                (3, "bad-substitution"),
                (4, "bad-code")
            ]
        );
    }
}
