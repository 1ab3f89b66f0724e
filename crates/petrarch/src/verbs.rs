//! Verb dictionaries: synonym sets, verb blocks with their patterns, and
//! transformation rules.
//!
//! ```text
//! &BOATS                          # a synset, used as &BOATS in patterns
//! +FERRY
//! +RIVER BARGE
//!
//! --- SAIL  [030] ---             # a block: its verbs share the default code
//! SAIL {SAILS SAILED SAILING}     # irregular or all forms in braces
//! +CAST_OFF                       # `+` marks the verb of a multi-word verb
//! - * &BOATS (TO $)  [031]        # patterns: `*` is the verb; words before it come
//! - NEVER *  [---]                #   before the verb, {..} is a noun phrase, (..) a
//!                                 #   prepositional phrase, + the source, $ the target
//! ~ a (a b SAIL) SAY = a b 010    # a transformation of a nested event
//! ```

use crate::text::{lines, phrase_words, split_codes};
use crate::Diagnostic;

/// A parsed verb dictionary.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VerbFile {
    /// Synonym sets, in file order.
    pub synsets: Vec<Synset>,
    /// Verb blocks, in file order.
    pub blocks: Vec<VerbBlock>,
    /// Transformation rules, kept as written.
    pub transformations: Vec<Transformation>,
}

/// A synonym set (`&NAME` and its `+` members).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Synset {
    /// Line of `&NAME`.
    pub line: usize,
    /// The name without `&` and a trailing `_`.
    pub name: String,
    /// The members.
    pub members: Vec<Member>,
}

/// A member of a synonym set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Member {
    /// Upper-case words.
    Phrase(Vec<String>),
    /// Another set (`+&OTHER`).
    Synset(String),
}

/// An event code as written: `[042]`, `[042:043]` (the second is the code of the
/// reverse event, target to source), or `[---]` (no event).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Code {
    /// The text between the brackets.
    pub text: String,
    /// The code of the event, `None` for `---`.
    pub forward: Option<String>,
    /// The code of the reverse event, if any.
    pub reverse: Option<String>,
}

impl Code {
    fn parse(text: &str) -> Code {
        let side = |s: &str| {
            let s = s.trim();
            (!s.is_empty() && !s.chars().all(|c| c == '-')).then(|| s.to_string())
        };
        let (forward, reverse) = match text.split_once(':') {
            Some((a, b)) => (side(a), side(b)),
            None => (side(text), None),
        };
        Code { text: text.trim().to_string(), forward, reverse }
    }
}

/// A verb block: `--- NAME [code] ---`, its verbs and patterns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerbBlock {
    /// Line of the header.
    pub line: usize,
    /// The name in the header.
    pub name: String,
    /// The default code of its verbs.
    pub code: Code,
    /// The verbs.
    pub verbs: Vec<VerbForm>,
    /// The patterns, which apply to every verb of the block.
    pub patterns: Vec<Pattern>,
}

/// One verb of a block, possibly of several words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerbForm {
    /// Line it is written on.
    pub line: usize,
    /// Upper-case words.
    pub words: Vec<String>,
    /// Which word is the verb (marked `+` in multi-word verbs; else the first).
    pub verb: usize,
    /// Forms given in braces, each as words.
    pub forms: Vec<Vec<String>>,
    /// A code of its own, overriding the block's.
    pub code: Option<Code>,
}

/// An element of a pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Element {
    /// A word.
    Word(String),
    /// `&NAME`.
    Synset(String),
    /// `+`: the source is here.
    Source,
    /// `$`: the target is here.
    Target,
    /// `%`: a compound actor (source and target) is here.
    Compound,
    /// `^`: skip a noun phrase.
    Skip,
    /// `_` between two elements: the second follows the first directly (a space lets
    /// other words come between).
    Joint,
    /// `{ ... }`: a noun phrase.
    NounPhrase(Vec<Element>),
    /// `( ... )`: a prepositional phrase.
    PrepPhrase(Vec<Element>),
}

/// A pattern of a verb block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern {
    /// Line it is written on.
    pub line: usize,
    /// Elements before `*`.
    pub before: Vec<Element>,
    /// Elements after `*`.
    pub after: Vec<Element>,
    /// Its code.
    pub code: Code,
    /// The pattern as written, without its code.
    pub text: String,
}

/// A transformation rule (`~ a (a b VERB) SAY = a b 015`), kept as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transformation {
    /// Line it is written on.
    pub line: usize,
    /// The rule.
    pub text: String,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    Top,
    Synset,
    Block,
}

/// Parses a verb dictionary. Every line that is not understood is reported.
pub fn parse_verbs(file: &str, text: &str, diagnostics: &mut Vec<Diagnostic>) -> VerbFile {
    let mut out = VerbFile::default();
    let mut state = State::Top;
    for line in lines(text) {
        let text = line.text;
        if text.is_empty() {
            if state == State::Synset {
                state = if out.blocks.is_empty() { State::Top } else { State::Block };
            }
            continue;
        }
        if text.starts_with("---") {
            let inner = text.trim_matches('-');
            let (name, codes) = split_codes(file, crate::text::Line { text: inner, ..line }, diagnostics);
            let [code] = codes.as_slice() else {
                diagnostics.push(Diagnostic::new(
                    file,
                    line.number,
                    "bad-block",
                    "a verb block header needs one [code]",
                ));
                continue;
            };
            out.blocks.push(VerbBlock {
                line: line.number,
                name: name.to_string(),
                code: Code::parse(code),
                verbs: Vec::new(),
                patterns: Vec::new(),
            });
            state = State::Block;
        } else if let Some(name) = text.strip_prefix('&') {
            let name = name.split_whitespace().next().unwrap_or("").trim_end_matches('_');
            if name.is_empty() {
                diagnostics.push(Diagnostic::new(file, line.number, "bad-synset", "`&` without a name"));
                continue;
            }
            out.synsets.push(Synset { line: line.number, name: name.to_string(), members: Vec::new() });
            state = State::Synset;
        } else if text.starts_with('~') {
            out.transformations.push(Transformation { line: line.number, text: text.to_string() });
        } else if let Some(pattern) = text.strip_prefix('-') {
            match (state, out.blocks.last_mut()) {
                (State::Block, Some(block)) => {
                    if let Some(pattern) = parse_pattern(file, line.number, pattern, diagnostics) {
                        block.patterns.push(pattern);
                    }
                }
                _ => diagnostics.push(Diagnostic::new(
                    file,
                    line.number,
                    "orphan-pattern",
                    "a pattern outside a verb block",
                )),
            }
        } else if state == State::Synset {
            let Some(member) = text.strip_prefix('+') else {
                diagnostics.push(Diagnostic::new(
                    file,
                    line.number,
                    "bad-synset",
                    format!("{text:?}: synset members start with `+`"),
                ));
                continue;
            };
            let synset = out.synsets.last_mut().expect("synset state has a synset");
            let member = member.trim();
            if let Some(other) = member.strip_prefix('&') {
                synset.members.push(Member::Synset(other.trim_end_matches('_').to_string()));
            } else {
                let words: Vec<String> = phrase_words(member);
                if words.is_empty() {
                    diagnostics.push(Diagnostic::new(file, line.number, "bad-synset", "an empty member"));
                } else {
                    synset.members.push(Member::Phrase(words));
                }
            }
        } else if let (State::Block, Some(block)) = (state, out.blocks.last_mut()) {
            if let Some(verb) = parse_verb(file, line, diagnostics) {
                block.verbs.push(verb);
            }
        } else {
            diagnostics.push(Diagnostic::new(
                file,
                line.number,
                "stray-line",
                format!("{text:?} outside a verb block or synset"),
            ));
        }
    }
    for block in &out.blocks {
        if block.verbs.is_empty() {
            diagnostics.push(Diagnostic::new(
                file,
                block.line,
                "empty-block",
                format!("block {} lists no verb", block.name),
            ));
        }
    }
    out
}

/// The words of a verb, with the index of the one marked `+` (else 0).
fn verb_words(text: &str) -> (Vec<String>, usize) {
    let mut verb = 0;
    let words = phrase_words(text)
        .into_iter()
        .enumerate()
        .map(|(i, w)| match w.strip_prefix('+') {
            Some(stripped) => {
                verb = i;
                stripped.to_string()
            }
            None => w,
        })
        .filter(|w| !w.is_empty())
        .collect();
    (words, verb)
}

fn parse_verb(
    file: &str,
    line: crate::text::Line<'_>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<VerbForm> {
    let (head, codes) = split_codes(file, line, diagnostics);
    let code = match codes.as_slice() {
        [] => None,
        [code] => Some(Code::parse(code)),
        _ => {
            diagnostics.push(Diagnostic::new(file, line.number, "bad-verb", "a verb with several codes"));
            return None;
        }
    };
    let (phrase, forms) = match head.split_once('{') {
        Some((phrase, rest)) => match rest.split_once('}') {
            Some((forms, after)) if after.trim().is_empty() => (phrase, forms),
            _ => {
                diagnostics.push(Diagnostic::new(
                    file,
                    line.number,
                    "bad-verb",
                    format!("{head:?}: unclosed or misplaced `{{`"),
                ));
                return None;
            }
        },
        None => (head, ""),
    };
    let (words, verb) = verb_words(phrase);
    if words.is_empty() {
        diagnostics.push(Diagnostic::new(file, line.number, "bad-verb", "a verb without words"));
        return None;
    }
    let forms = forms.split_whitespace().map(|form| verb_words(form).0).filter(|w| !w.is_empty()).collect();
    Some(VerbForm { line: line.number, words, verb, forms, code })
}

fn parse_pattern(file: &str, line: usize, text: &str, diagnostics: &mut Vec<Diagnostic>) -> Option<Pattern> {
    let Some(open) = text.rfind('[') else {
        diagnostics.push(Diagnostic::new(file, line, "bad-pattern", "a pattern without [code]"));
        return None;
    };
    let Some(close) = text[open..].find(']') else {
        diagnostics.push(Diagnostic::new(file, line, "unclosed-bracket", "a `[` without its `]`"));
        return None;
    };
    if !text[open + close + 1..].trim().is_empty() {
        diagnostics.push(Diagnostic::new(file, line, "stray-text", "text after the pattern's code"));
    }
    let code = Code::parse(&text[open + 1..open + close]);
    let body = text[..open].trim();
    let spaced: String = body
        .chars()
        .flat_map(|c| match c {
            '{' | '}' | '(' | ')' | '_' => vec![' ', c, ' '],
            c => vec![c],
        })
        .collect();
    let tokens: Vec<&str> = spaced.split_whitespace().collect();
    let stars = tokens.iter().filter(|t| **t == "*").count();
    if stars != 1 {
        diagnostics.push(Diagnostic::new(
            file,
            line,
            "bad-pattern",
            format!("{body:?}: a pattern needs exactly one `*`"),
        ));
        return None;
    }
    let star = tokens.iter().position(|t| *t == "*").unwrap_or(0);
    let mut parse_side = |tokens: &[&str]| -> Option<Vec<Element>> {
        let mut pos = 0;
        let elements = elements(tokens, &mut pos, None).map_err(|message| {
            diagnostics.push(Diagnostic::new(file, line, "bad-pattern", format!("{body:?}: {message}")));
        });
        elements.ok()
    };
    let before = parse_side(&tokens[..star])?;
    let after = parse_side(&tokens[star + 1..])?;
    Some(Pattern { line, before, after, code, text: body.to_string() })
}

/// Reads elements up to the closing bracket `until` (or the end).
fn elements(tokens: &[&str], pos: &mut usize, until: Option<&str>) -> Result<Vec<Element>, String> {
    let mut out = Vec::new();
    while let Some(&token) = tokens.get(*pos) {
        *pos += 1;
        let element = match token {
            "}" | ")" if Some(token) == until => return Ok(out),
            "}" | ")" => return Err(format!("unmatched `{token}`")),
            "{" => Element::NounPhrase(elements(tokens, pos, Some("}"))?),
            "(" => Element::PrepPhrase(elements(tokens, pos, Some(")"))?),
            "+" => Element::Source,
            "$" => Element::Target,
            "%" => Element::Compound,
            "^" => Element::Skip,
            "_" => Element::Joint,
            t if t.starts_with('&') && t.len() > 1 => Element::Synset(t[1..].to_string()),
            t if t.chars().any(|c| c.is_alphanumeric()) && !t.contains(['+', '$', '%', '^', '&', '*']) => {
                Element::Word(t.to_string())
            }
            t => return Err(format!("unknown element {t:?}")),
        };
        out.push(element);
    }
    match until {
        Some(bracket) => Err(format!("missing `{bracket}`")),
        None => Ok(out),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "&BOATS_\n+FERRY\n+RIVER BARGE\n+&CRAFT\n\n--- SAIL  [030] ---\nSAIL {SAILS SAILED SAILING}  # note\n+CAST_OFF [031]\nHOLD_+FAST\n- * &BOATS (TO $)  [031]\n- NEVER *  [---]\n- + * {NEW_ROUTE}  [032:033]\n\n~ a (a b SAIL) SAY = a b 010\n";

    #[test]
    fn blocks_synsets_patterns_and_rules() {
        let mut diagnostics = Vec::new();
        let file = parse_verbs("v.txt", SAMPLE, &mut diagnostics);
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        assert_eq!(file.synsets[0].name, "BOATS");
        assert_eq!(
            file.synsets[0].members,
            [
                Member::Phrase(vec!["FERRY".into()]),
                Member::Phrase(vec!["RIVER".into(), "BARGE".into()]),
                Member::Synset("CRAFT".into())
            ]
        );
        let block = &file.blocks[0];
        assert_eq!((block.name.as_str(), block.code.forward.as_deref()), ("SAIL", Some("030")));
        assert_eq!(block.verbs[0].forms.len(), 3);
        assert_eq!(block.verbs[1].words, ["CAST", "OFF"]);
        assert_eq!(block.verbs[1].code.as_ref().and_then(|c| c.forward.as_deref()), Some("031"));
        assert_eq!(
            (block.verbs[2].words.clone(), block.verbs[2].verb),
            (vec!["HOLD".into(), "FAST".into()], 1)
        );
        let first = &block.patterns[0];
        assert_eq!(
            first.after,
            [
                Element::Synset("BOATS".into()),
                Element::PrepPhrase(vec![Element::Word("TO".into()), Element::Target])
            ]
        );
        assert_eq!(block.patterns[1].before, [Element::Word("NEVER".into())]);
        assert_eq!(block.patterns[1].code.forward, None);
        let third = &block.patterns[2];
        assert_eq!(third.before, [Element::Source]);
        assert_eq!(third.code.reverse.as_deref(), Some("033"));
        assert_eq!(
            third.after,
            [Element::NounPhrase(vec![
                Element::Word("NEW".into()),
                Element::Joint,
                Element::Word("ROUTE".into())
            ])]
        );
        assert_eq!(file.transformations[0].line, 14);
    }

    #[test]
    fn broken_patterns_are_reported() {
        let text = "- * X [010]\n--- ROW [010] ---\nROW\n- X [011]\n- * (TO [012]\n- * X\n- * ) [013]\nstray\n--- EMPTY [---] ---\n";
        let mut diagnostics = Vec::new();
        parse_verbs("v.txt", text, &mut diagnostics);
        let kinds: Vec<(usize, &str)> = diagnostics.iter().map(|d| (d.line, d.kind)).collect();
        assert_eq!(
            kinds,
            [
                (1, "orphan-pattern"),
                (4, "bad-pattern"),
                (5, "bad-pattern"),
                (6, "bad-pattern"),
                (7, "bad-pattern"),
                (9, "empty-block")
            ]
        );
    }
}
