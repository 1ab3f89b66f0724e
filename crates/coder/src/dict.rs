//! The verb dictionary: human-editable TOML files mapping verbs and event nouns, with
//! optional particles, objects and prepositions, to CAMEO codes.
//!
//! ```toml
//! [classes]
//! munition = ["rocket", "missile", "mortar", "shell"]
//!
//! [[verb]]
//! verb = "fire"            # lemma, optionally with a particle: "pull out"
//! object = "{munition}"    # a lemma, a {class}, @actor (an actor, not troops) or
//!                          # @place (a town or region): the direct object must be one;
//!                          # words before it ("diplomatic tie") must precede it
//! prep = ["at", "on"]      # the target is the object of one of these prepositions
//! code = "190"
//! mode = ["heavy-weapons"] # PLOVER modes this pattern implies
//!
//! [[verb]]
//! verb = "fire"
//! before = "failed_to"     # these words come before the verb, in this order
//! after = "at_once"        # and these after it, in its clause
//! code = "none"            # a sense that is no event: stops plainer patterns
//!
//! [[verb]]
//! verb = "visit"
//! code = "042"
//! reverse = "043"          # the target did this to the source, too (was host to);
//!                          # with code = "none", the only event
//!
//! [[verb]]
//! verb = "meet"
//! form = "met"             # only this form of the verb
//!
//! [[verb]]
//! verb = "postpone"
//! compound = true          # for coordinated doers, who act on each other
//!
//! [[verb]]
//! verb = "march"
//! doer = "crowd"           # only when a crowd does it ("thousands marched"), not
//!                          # troops
//!
//! [[noun]]
//! noun = "attack"          # "an attack on X by Y", "X's attack on Y"
//! code = "190"
//! target_prep = ["on", "against"]
//! ```
//!
//! In `before` and `object`, words separated by spaces may have other words between
//! them and words joined by `_` must be consecutive ("most_certainly not"); a class
//! member of several words ("did n't") matches them all, consecutively.
//!
//! A pattern with more conditions is more specific and wins over a plainer one for the
//! same verb, so `fire {munition} at` beats `fire` (which is an employment sense and is
//! not listed at all).
//!
//! Codes are CAMEO codes; a dictionary that defines codes of its own (as PETRARCH
//! dictionaries may) declares them, so that a typo in a CAMEO code stays an error:
//!
//! ```toml
//! [codes]
//! custom = ["174K", "903"]
//! ```

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::sync::Arc;

use dyad_model::EventCode;
use serde::Deserialize;

/// A problem in a verb dictionary file, with the file and line.
#[derive(Debug, thiserror::Error)]
pub enum DictError {
    /// The file is not valid TOML or does not follow the format.
    #[error("{file}:{line}: {message}")]
    Syntax {
        /// File name.
        file: String,
        /// 1-based line.
        line: usize,
        /// What the TOML reader said.
        message: String,
    },
    /// A field holds a value the coder cannot use.
    #[error("{file}:{line}: field `{field}`: {message}")]
    Field {
        /// File name.
        file: String,
        /// 1-based line of the entry.
        line: usize,
        /// The field.
        field: &'static str,
        /// What is wrong.
        message: String,
    },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileSpec {
    #[serde(default)]
    classes: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    verb: Vec<toml::Spanned<VerbSpec>>,
    #[serde(default)]
    noun: Vec<toml::Spanned<NounSpec>>,
    #[serde(default)]
    discard: Vec<toml::Spanned<DiscardSpec>>,
    #[serde(default)]
    codes: CodesSpec,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct CodesSpec {
    #[serde(default)]
    custom: Vec<String>,
}

/// The code written for a pattern that names no event.
const NO_EVENT: &str = "none";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DiscardSpec {
    name: String,
    #[serde(default)]
    strong: Vec<String>,
    #[serde(default)]
    weak: Vec<String>,
    #[serde(default = "default_weak_needed")]
    weak_needed: usize,
    #[serde(default)]
    phrases: Vec<String>,
}

fn default_weak_needed() -> usize {
    2
}

/// A subject matter whose sentences are not political events (sport, film, business):
/// a sentence with one `strong` word, one of the `phrases` (consecutive words), or
/// `weak_needed` occurrences of `weak` words, is discarded.
#[derive(Debug, Clone)]
pub struct DiscardSet {
    /// What the set is about ("sports").
    pub name: String,
    /// Words that settle it alone.
    pub strong: std::collections::HashSet<String>,
    /// Words that settle it together.
    pub weak: std::collections::HashSet<String>,
    /// How many weak words settle it.
    pub weak_needed: usize,
    /// Phrases that settle it alone, as lower-case words ("african nations cup").
    pub phrases: Vec<Vec<String>>,
    /// Where it is written.
    pub entry: EntryRef,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct VerbSpec {
    verb: String,
    code: String,
    #[serde(default)]
    object: Option<String>,
    #[serde(default)]
    prep: OneOrMany,
    #[serde(default)]
    before: Option<String>,
    #[serde(default)]
    form: Option<String>,
    #[serde(default)]
    compound: bool,
    #[serde(default)]
    doer: Option<String>,
    #[serde(default)]
    after: Option<String>,
    #[serde(default)]
    reverse: Option<String>,
    #[serde(default)]
    mode: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NounSpec {
    noun: String,
    code: String,
    #[serde(default)]
    target_prep: OneOrMany,
    #[serde(default)]
    source_prep: OneOrMany,
    #[serde(default)]
    mode: Vec<String>,
}

#[derive(Deserialize, Default)]
#[serde(untagged)]
enum OneOrMany {
    #[default]
    None,
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    fn into_vec(self) -> Vec<String> {
        match self {
            OneOrMany::None => Vec::new(),
            OneOrMany::One(word) => vec![word.to_lowercase()],
            OneOrMany::Many(words) => words.into_iter().map(|w| w.to_lowercase()).collect(),
        }
    }
}

/// Where a pattern came from, for provenance: `verbs/19-fight.toml:12 fire {munition} at`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryRef {
    /// Dictionary file name.
    pub file: String,
    /// 1-based line of the entry.
    pub line: usize,
    /// The pattern written out.
    pub pattern: String,
}

impl std::fmt::Display for EntryRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{} {}", self.file, self.line, self.pattern)
    }
}

/// A verb pattern, compiled.
#[derive(Debug, Clone)]
pub struct VerbPattern {
    /// Verb lemma.
    pub lemma: String,
    /// Particle that must follow the verb ("out" in "pull out").
    pub particle: Option<String>,
    /// Lemmas one of which must be the direct object.
    pub object: Option<Vec<String>>,
    /// The object's words with its modifiers ("diplomatic tie"), when it has any: they
    /// must stand just before the object, in order.
    pub object_phrase: WordSequence,
    /// Prepositions whose object is the target; empty means the direct object is.
    pub preps: Vec<String>,
    /// Words that must come before the verb in the sentence, in this order.
    pub before: WordSequence,
    /// Words that must come after the verb in its clause, in this order, whatever
    /// role the parse gives them (a PETRARCH pattern's words as written).
    pub after: WordSequence,
    /// The one form of the verb the pattern is for ("met"), lower case.
    pub form: Option<String>,
    /// Whether the pattern is for coordinated doers ("Gondor and Osgiliath have
    /// postponed their meeting"), each of whom acts on the others (PETRARCH's `%`).
    pub compound: bool,
    /// Whether the pattern is only for a crowd as the doer (`doer = "crowd"`): people
    /// counted or named by what they do, or a sector of civil society.
    pub crowd_doer: bool,
    /// The code; `None` for a sense that is no event ("fire" an employee), which wins
    /// over plainer patterns and so stops them.
    pub code: Option<EventCode>,
    /// The code of the reverse event, target to source, that the same words report
    /// (PETRARCH's `[042:043]`); with no `code`, the only event (`[:173]`, "appeared
    /// before the court").
    pub reverse: Option<EventCode>,
    /// PLOVER modes implied by the words.
    pub modes: Vec<String>,
    /// Where it is written.
    pub entry: EntryRef,
}

impl VerbPattern {
    /// How many conditions the pattern sets; more specific patterns win.
    pub fn specificity(&self) -> usize {
        usize::from(self.particle.is_some())
            + usize::from(self.object.is_some()) * 2
            + usize::from(!self.preps.is_empty())
            + self.before.len()
            + self.object_phrase.len().saturating_sub(1)
            + usize::from(self.form.is_some())
            + usize::from(self.compound)
            + self.after.len()
    }
}

/// Words that must occur in a sentence in order: groups (written apart) may have other
/// words between them, the words of a group (joined by `_`) are consecutive.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WordSequence {
    /// Groups of slots.
    groups: Vec<Vec<Slot>>,
}

/// The alternatives for one word of a pattern, each a phrase of lower-case words; a
/// class's are shared by every pattern that names it.
type Slot = Arc<[Vec<String>]>;

/// Classes as slots, built once per file.
type ClassSlots = HashMap<String, Slot>;

impl WordSequence {
    fn parse(
        text: &str,
        classes: &HashMap<String, Vec<String>>,
        slots: &ClassSlots,
    ) -> Result<WordSequence, String> {
        let mut groups = Vec::new();
        for group in text.split_whitespace() {
            let slots = group
                .split('_')
                .filter(|word| !word.is_empty())
                .map(|word| {
                    if let Some(slot) =
                        word.strip_prefix('{').and_then(|w| w.strip_suffix('}')).and_then(|n| slots.get(n))
                    {
                        return Ok(Arc::clone(slot));
                    }
                    let phrases = alternatives(word, classes)?;
                    Ok(phrases.iter().map(|p| p.split_whitespace().map(str::to_string).collect()).collect())
                })
                .collect::<Result<Vec<Slot>, String>>()?;
            if !slots.is_empty() {
                groups.push(slots);
            }
        }
        Ok(WordSequence { groups })
    }

    /// How many words (slots) it asks for.
    pub fn len(&self) -> usize {
        self.groups.iter().map(Vec::len).sum()
    }

    /// Whether it asks for nothing.
    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }

    /// Every word any alternative names.
    pub fn words(&self) -> impl Iterator<Item = &str> {
        self.groups.iter().flatten().flat_map(|slot| slot.iter()).flatten().map(String::as_str)
    }

    /// Whether the sequence occurs among `words`, each given as its forms (lower-case
    /// text and lemmas).
    pub fn matches<S: AsRef<str>>(&self, words: &[Vec<S>]) -> bool {
        let mut at = 0;
        'groups: for group in &self.groups {
            // The earliest place a group fits leaves the most room for the rest.
            while at < words.len() {
                if let Some(end) = group_at(group, words, at) {
                    at = end;
                    continue 'groups;
                }
                at += 1;
            }
            return false;
        }
        true
    }
}

/// Where a group of consecutive slots matching at `start` ends.
fn group_at<S: AsRef<str>>(group: &[Slot], words: &[Vec<S>], start: usize) -> Option<usize> {
    let mut at = start;
    for slot in group {
        let fits = |phrase: &&Vec<String>| {
            phrase.iter().enumerate().all(|(k, word)| {
                words.get(at + k).is_some_and(|forms| forms.iter().any(|form| form.as_ref() == word))
            })
        };
        at += slot.iter().filter(fits).map(Vec::len).max()?;
    }
    Some(at)
}

/// A nominal event pattern ("the assassination of X by Y").
#[derive(Debug, Clone)]
pub struct NounPattern {
    /// Noun lemma.
    pub lemma: String,
    /// Prepositions introducing the target ("on", "against", "of").
    pub target_preps: Vec<String>,
    /// Prepositions introducing the source ("by").
    pub source_preps: Vec<String>,
    /// The code.
    pub code: EventCode,
    /// PLOVER modes implied by the words.
    pub modes: Vec<String>,
    /// Where it is written.
    pub entry: EntryRef,
}

/// The compiled verb dictionary.
#[derive(Debug, Clone, Default)]
pub struct VerbDictionary {
    verbs: HashMap<String, Vec<VerbPattern>>,
    nouns: HashMap<String, Vec<NounPattern>>,
    discards: Vec<DiscardSet>,
}

/// The dictionaries shipped in the binary, in `dictionaries/verbs/`.
const BUILT_IN: &[(&str, &str)] = &[
    ("verbs/00-discards.toml", include_str!("../../../dictionaries/verbs/00-discards.toml")),
    ("verbs/01-statements.toml", include_str!("../../../dictionaries/verbs/01-statements.toml")),
    ("verbs/02-appeals.toml", include_str!("../../../dictionaries/verbs/02-appeals.toml")),
    ("verbs/03-intentions.toml", include_str!("../../../dictionaries/verbs/03-intentions.toml")),
    ("verbs/04-consult.toml", include_str!("../../../dictionaries/verbs/04-consult.toml")),
    ("verbs/05-08-cooperation.toml", include_str!("../../../dictionaries/verbs/05-08-cooperation.toml")),
    (
        "verbs/09-13-verbal-conflict.toml",
        include_str!("../../../dictionaries/verbs/09-13-verbal-conflict.toml"),
    ),
    ("verbs/14-17-pressure.toml", include_str!("../../../dictionaries/verbs/14-17-pressure.toml")),
    ("verbs/18-20-violence.toml", include_str!("../../../dictionaries/verbs/18-20-violence.toml")),
];

impl VerbDictionary {
    /// The dictionaries that ship with Dyad.
    pub fn built_in() -> Result<VerbDictionary, DictError> {
        VerbDictionary::from_sources(BUILT_IN.iter().map(|(file, text)| (file.to_string(), text.to_string())))
    }

    /// Compiles dictionaries from `(file name, TOML text)` pairs.
    pub fn from_sources(
        sources: impl IntoIterator<Item = (String, String)>,
    ) -> Result<VerbDictionary, DictError> {
        let mut dictionary = VerbDictionary::default();
        for (file, text) in sources {
            dictionary.add_file(&file, &text)?;
        }
        Ok(dictionary)
    }

    fn add_file(&mut self, file: &str, text: &str) -> Result<(), DictError> {
        // Offsets where lines start: counting newlines from the start for each entry is
        // quadratic, and converted dictionaries hold tens of thousands of entries.
        let line_starts: Vec<usize> =
            std::iter::once(0).chain(text.match_indices('\n').map(|(at, _)| at + 1)).collect();
        let line_of = |span: Range<usize>| line_starts.partition_point(|&start| start <= span.start);
        let spec: FileSpec = toml::from_str(text).map_err(|err| DictError::Syntax {
            file: file.to_string(),
            line: err.span().map(&line_of).unwrap_or(1),
            message: err.message().to_string(),
        })?;
        let custom: Vec<String> = spec.codes.custom.iter().map(|c| c.trim().to_string()).collect();
        // A CAMEO code, or one the file declares as its own.
        let code_of = |text: &str| -> Result<EventCode, String> {
            if custom.iter().any(|c| c == text.trim()) {
                EventCode::custom(text).map_err(|err| err.to_string())
            } else {
                EventCode::parse(text)
                    .map_err(|err| format!("{err}; a dictionary's own codes are declared in [codes] custom"))
            }
        };
        let classes: HashMap<String, Vec<String>> = spec
            .classes
            .into_iter()
            .map(|(name, words)| (name, words.into_iter().map(|w| w.to_lowercase()).collect()))
            .collect();
        let class_slots: ClassSlots = classes
            .iter()
            .map(|(name, members)| {
                let phrases: Slot =
                    members.iter().map(|m| m.split_whitespace().map(str::to_string).collect()).collect();
                (name.clone(), phrases)
            })
            .collect();
        for spanned in spec.verb {
            let line = line_of(spanned.span());
            let spec = spanned.into_inner();
            let field = |field: &'static str, message: String| DictError::Field {
                file: file.to_string(),
                line,
                field,
                message,
            };
            let code = match spec.code.trim() {
                NO_EVENT => None,
                text => Some(code_of(text).map_err(|m| field("code", m))?),
            };
            let reverse =
                spec.reverse.as_deref().map(code_of).transpose().map_err(|m| field("reverse", m))?;
            let before = WordSequence::parse(spec.before.as_deref().unwrap_or(""), &classes, &class_slots)
                .map_err(|m| field("before", m))?;
            let mut words = spec.verb.split_whitespace().map(str::to_lowercase);
            let lemma = words.next().ok_or_else(|| field("verb", "empty".into()))?;
            let particle = words.next();
            if words.next().is_some() {
                return Err(field("verb", format!("{:?}: at most a verb and one particle", spec.verb)));
            }
            let object_phrase =
                WordSequence::parse(spec.object.as_deref().unwrap_or(""), &classes, &class_slots)
                    .map_err(|m| field("object", m))?;
            // The object itself is the last word; a class member of several words
            // ("river barge") is known by its head.
            let object =
                object_phrase.groups.last().and_then(|group| group.last()).map(|slot| {
                    slot.iter().filter_map(|phrase| phrase.last().cloned()).collect::<Vec<String>>()
                });
            if spec.object.is_some() && object.is_none() {
                return Err(field("object", "empty".into()));
            }
            let object_phrase = if object_phrase.len() > 1 { object_phrase } else { WordSequence::default() };
            let crowd_doer = match spec.doer.as_deref() {
                None => false,
                Some("crowd") => true,
                Some(other) => {
                    return Err(field("doer", format!("\"{other}\" is not a kind of doer (\"crowd\")")))
                }
            };
            let preps = spec.prep.into_vec();
            let mut pattern_text = describe(&spec.verb, spec.object.as_deref(), &preps);
            if let Some(words) = &spec.before {
                pattern_text = format!("{} * {pattern_text}", words.trim());
            }
            let pattern = VerbPattern {
                lemma: lemma.clone(),
                particle,
                object,
                object_phrase,
                preps,
                before,
                form: spec.form.map(|form| form.trim().to_lowercase()),
                compound: spec.compound,
                crowd_doer,
                after: WordSequence::parse(spec.after.as_deref().unwrap_or(""), &classes, &class_slots)
                    .map_err(|m| field("after", m))?,
                code,
                reverse,
                modes: spec.mode,
                entry: EntryRef { file: file.to_string(), line, pattern: pattern_text },
            };
            self.verbs.entry(lemma).or_default().push(pattern);
        }
        for spanned in spec.noun {
            let line = line_of(spanned.span());
            let spec = spanned.into_inner();
            let code = code_of(&spec.code).map_err(|message| DictError::Field {
                file: file.to_string(),
                line,
                field: "code",
                message,
            })?;
            let lemma = spec.noun.trim().to_lowercase();
            let target_preps = spec.target_prep.into_vec();
            let pattern_text = describe(&lemma, None, &target_preps);
            let pattern = NounPattern {
                lemma: lemma.clone(),
                target_preps,
                source_preps: spec.source_prep.into_vec(),
                code,
                modes: spec.mode,
                entry: EntryRef { file: file.to_string(), line, pattern: pattern_text },
            };
            self.nouns.entry(lemma).or_default().push(pattern);
        }
        for spanned in spec.discard {
            let line = line_of(spanned.span());
            let spec = spanned.into_inner();
            if spec.weak_needed == 0 {
                return Err(DictError::Field {
                    file: file.to_string(),
                    line,
                    field: "weak_needed",
                    message: "must be at least 1".into(),
                });
            }
            let lower = |words: Vec<String>| words.into_iter().map(|w| w.to_lowercase()).collect();
            self.discards.push(DiscardSet {
                entry: EntryRef { file: file.to_string(), line, pattern: format!("discard {}", spec.name) },
                name: spec.name,
                strong: lower(spec.strong),
                weak: lower(spec.weak),
                weak_needed: spec.weak_needed,
                phrases: spec
                    .phrases
                    .iter()
                    .map(|p| p.split_whitespace().map(str::to_lowercase).collect::<Vec<_>>())
                    .filter(|words| !words.is_empty())
                    .collect(),
            });
        }
        Ok(())
    }

    /// The discard set whose subject matter a sentence is about, if any.
    pub fn discard_for(&self, words: &[&str]) -> Option<&DiscardSet> {
        crate::discard::discard_for(&self.discards, words)
    }

    /// Verb patterns whose lemma is `lemma`, most specific first.
    pub fn verb_patterns(&self, lemma: &str) -> &[VerbPattern] {
        self.verbs.get(lemma).map(Vec::as_slice).unwrap_or(&[])
    }

    /// Noun patterns whose lemma is `lemma`.
    pub fn noun_patterns(&self, lemma: &str) -> &[NounPattern] {
        self.nouns.get(lemma).map(Vec::as_slice).unwrap_or(&[])
    }

    /// Number of verb and noun patterns.
    pub fn len(&self) -> usize {
        self.verbs.values().map(Vec::len).sum::<usize>() + self.nouns.values().map(Vec::len).sum::<usize>()
    }

    /// Whether the dictionary has no patterns.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Every CAMEO code some pattern produces.
    pub fn codes(&self) -> Vec<EventCode> {
        let mut codes: Vec<EventCode> = self
            .verbs
            .values()
            .flatten()
            .flat_map(|p| p.code.into_iter().chain(p.reverse))
            .chain(self.nouns.values().flatten().map(|p| p.code))
            .collect();
        codes.sort_unstable();
        codes.dedup();
        codes
    }
}

/// The words or phrases `a|b|{class}` stands for.
fn alternatives(words: &str, classes: &HashMap<String, Vec<String>>) -> Result<Vec<String>, String> {
    let mut lemmas = Vec::new();
    for word in words.split('|').map(str::trim) {
        if let Some(name) = word.strip_prefix('{').and_then(|w| w.strip_suffix('}')) {
            let members = classes.get(name).ok_or_else(|| format!("unknown class {{{name}}}"))?;
            lemmas.extend(members.iter().cloned());
        } else if !word.is_empty() {
            lemmas.push(word.to_lowercase());
        }
    }
    if lemmas.is_empty() {
        return Err("empty".into());
    }
    Ok(lemmas)
}

fn describe(verb: &str, object: Option<&str>, preps: &[String]) -> String {
    let mut text = verb.to_string();
    if let Some(object) = object {
        text.push(' ');
        text.push_str(object);
    }
    if !preps.is_empty() {
        text.push(' ');
        text.push_str(&preps.join("|"));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn compile(text: &str) -> Result<VerbDictionary, DictError> {
        VerbDictionary::from_sources([("test.toml".to_string(), text.to_string())])
    }

    #[test]
    fn built_in_dictionaries_compile_and_cover_every_root() {
        let dictionary = VerbDictionary::built_in().unwrap();
        let roots: std::collections::BTreeSet<String> =
            dictionary.codes().iter().map(|code| code.root().to_string()).collect();
        let all_roots: std::collections::BTreeSet<String> =
            dyad_model::cameo::all_codes().iter().map(|e| e.root().to_string()).collect();
        assert_eq!(roots, all_roots);
    }

    #[test]
    fn classes_expand_and_patterns_keep_their_line() {
        let dictionary = compile(
            "[classes]\nmunition = [\"rocket\", \"Missile\"]\n\n[[verb]]\nverb = \"fire\"\nobject = \"{munition}\"\nprep = \"at\"\ncode = \"190\"\n",
        )
        .unwrap();
        let pattern = &dictionary.verb_patterns("fire")[0];
        assert_eq!(pattern.object.as_deref(), Some(&["rocket".to_string(), "missile".to_string()][..]));
        assert_eq!(pattern.preps, ["at"]);
        assert_eq!(pattern.entry.to_string(), "test.toml:4 fire {munition} at");
        assert_eq!(pattern.specificity(), 3);
    }

    #[test]
    fn unknown_codes_name_file_line_and_field() {
        let err = compile("\n[[verb]]\nverb = \"meet\"\ncode = \"999\"\n").unwrap_err();
        let message = err.to_string();
        assert!(
            message.starts_with("test.toml:2: field `code`: unknown CAMEO event code \"999\""),
            "{message}"
        );
    }

    #[test]
    fn own_codes_must_be_declared_and_reverse_codes_checked() {
        let err = compile("[[verb]]\nverb = \"visit\"\ncode = \"9A1\"\n").unwrap_err();
        assert!(err.to_string().contains("[codes] custom"), "{err}");
        let dictionary = compile(
            "[codes]\ncustom = [\"9A1\"]\n[classes]\nways = [\"secretly\", \"quietly\"]\n\n[[verb]]\nverb = \"visit\"\ncode = \"9A1\"\nreverse = \"043\"\n\n[[verb]]\nverb = \"visit\"\nbefore = \"{ways} never|not\"\ncode = \"none\"\n",
        )
        .unwrap();
        let [own, none] = dictionary.verb_patterns("visit") else { panic!("two patterns") };
        assert_eq!(own.code.map(|c| (c.as_str().to_string(), c.is_cameo())), Some(("9A1".into(), false)));
        assert_eq!(own.reverse.map(|c| c.to_string()).as_deref(), Some("043"));
        assert_eq!(none.code, None);
        assert_eq!(none.specificity(), 2);
        assert_eq!(none.entry.pattern, "{ways} never|not * visit");
        let words = |text: &str| text.split(' ').map(|w| vec![w.to_string()]).collect::<Vec<_>>();
        assert!(none.before.matches(&words("they quietly and not openly")));
        assert!(!none.before.matches(&words("not quietly")), "order counts");
        let err = compile("[[verb]]\nverb = \"visit\"\ncode = \"043\"\nreverse = \"999\"\n").unwrap_err();
        assert!(err.to_string().contains("field `reverse`"), "{err}");
    }

    #[test]
    fn joined_words_are_consecutive_and_class_phrases_match_whole() {
        let dictionary = compile(
            "[classes]\nnegation = [\"did n't\", \"will not\"]\nties = [\"economic\", \"cultural\"]\n\n[[verb]]\nverb = \"clash\"\nbefore = \"most_certainly_{negation} ever\"\ncode = \"120\"\n\n[[verb]]\nverb = \"abandon\"\nobject = \"new_{ties}_relation\"\ncode = \"161\"\n",
        )
        .unwrap();
        let words = |text: &str| text.split(' ').map(|w| vec![w.to_string()]).collect::<Vec<_>>();
        let before = &dictionary.verb_patterns("clash")[0].before;
        assert_eq!(before.len(), 4);
        assert!(before.matches(&words("he most certainly did n't really ever")));
        assert!(
            !before.matches(&words("he most certainly really did n't ever")),
            "joined words are consecutive"
        );
        assert!(!before.matches(&words("he most certainly n't ever")), "a class phrase matches whole");
        let abandon = &dictionary.verb_patterns("abandon")[0];
        assert_eq!(abandon.object.as_deref(), Some(&["relation".to_string()][..]));
        assert!(abandon.object_phrase.matches(&words("new cultural relation")));
        assert!(!abandon.object_phrase.matches(&words("new global cultural relation")));
        assert_eq!(abandon.specificity(), 4);
    }

    #[test]
    fn unknown_classes_and_fields_are_errors() {
        let err = compile("[[verb]]\nverb = \"fire\"\nobject = \"{guns}\"\ncode = \"190\"\n").unwrap_err();
        assert!(err.to_string().contains("unknown class {guns}"), "{err}");
        let err = compile("[[verb]]\nverb = \"fire\"\ncode = \"190\"\ntarget = \"x\"\n").unwrap_err();
        assert!(err.to_string().starts_with("test.toml:"), "{err}");
    }

    #[test]
    fn a_pattern_can_be_for_crowds_only() {
        let dictionary = compile("[[verb]]\nverb = \"march\"\ndoer = \"crowd\"\ncode = \"140\"\n").unwrap();
        assert!(dictionary.verb_patterns("march").iter().all(|p| p.crowd_doer));
        let err = compile("[[verb]]\nverb = \"march\"\ndoer = \"army\"\ncode = \"140\"\n").unwrap_err();
        assert!(err.to_string().contains("doer"), "{err}");
    }
}
