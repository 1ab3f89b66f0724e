//! From PETRARCH dictionaries to Dyad's: the actor knowledge base ([`dyad_kb::Kb`]) and
//! the verb dictionary ([`dyad_coder::VerbDictionary`]).
//!
//! The conversion writes Dyad's own dictionary format (TOML) and compiles it with the
//! same loaders as the shipped dictionaries, so the coder runs unchanged. Each entry is
//! written on the line of the PETRARCH entry it comes from, in a source named after the
//! PETRARCH file, so provenance and load errors point at the PETRARCH file and line.
//!
//! What maps, and how:
//! - An actor whose codes carry no dates becomes a country (a three-letter code: every
//!   entry with that code is merged into one country, whose agents then qualify it,
//!   "Gondor's minister" `GONGOV`) or an organisation (a longer code). An actor with
//!   dated codes becomes a person whose roles are the dated codes; its undated code is
//!   the code outside them.
//! - A phrase that does not end in `_` has a stem as its last word in TABARI; Dyad
//!   matches whole words, so it also gets the stem with common endings (`-s`, `-n`,
//!   `-an`, `-ian`, `-i`, `-ese`, `-ish`, ...).
//! - An agent becomes a role word with its code as sector; a prefix agent (`CODE~`)
//!   is placed after the actor's code like a suffix one.
//! - A verb becomes a verb pattern with its block's (or its own) code; a pattern of the
//!   block becomes a verb pattern with a direct object (the head word of the words,
//!   noun phrase or synset after the verb), a particle and a preposition (the first of a
//!   prepositional phrase, whose object is the target). Synsets become object classes.
//! - Discards become one discard set of phrases.
//!
//! Everything else is counted in the [`Report`] by kind, never dropped silently.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use dyad_model::{EventCode, Upos};

use crate::actors::{ActorEntry, Phrase};
use crate::agents::Placement;
use crate::verbs::{Code, Element, Member, Pattern, VerbFile, VerbForm};
use crate::Dictionaries;

/// The dictionaries in Dyad's form, with what could not be carried over.
#[derive(Debug)]
pub struct Converted {
    /// The actor knowledge base.
    pub kb: dyad_kb::Kb,
    /// The verb dictionary.
    pub verbs: dyad_coder::VerbDictionary,
    /// What was approximated or left out.
    pub report: Report,
}

/// What the conversion could not express exactly.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// Constructs left out, counted by kind (`"verb-pattern: words before the verb"`).
    pub unsupported: BTreeMap<String, usize>,
    /// Constructs carried over approximately, counted by kind.
    pub approximated: BTreeMap<String, usize>,
    /// Entries converted: actors, agents, verb patterns (base and block patterns),
    /// discards.
    pub converted: BTreeMap<String, usize>,
    /// One example location per kind of unsupported construct (`file:line`).
    pub examples: BTreeMap<String, String>,
}

impl Report {
    fn unsupported(&mut self, kind: &str, file: &str, line: usize) {
        *self.unsupported.entry(kind.to_string()).or_default() += 1;
        self.examples.entry(kind.to_string()).or_insert_with(|| format!("{file}:{line}"));
    }

    fn approximated(&mut self, kind: &str) {
        *self.approximated.entry(kind.to_string()).or_default() += 1;
    }

    fn converted(&mut self, kind: &str, n: usize) {
        *self.converted.entry(kind.to_string()).or_default() += n;
    }

    /// Constructs left out, all kinds together.
    pub fn unsupported_total(&self) -> usize {
        self.unsupported.values().sum()
    }
}

/// The generated dictionaries could not be compiled (a bug in this module, or a
/// construct that slipped through its checks); the message names the PETRARCH file
/// and line.
#[derive(Debug, thiserror::Error)]
pub enum ConvertError {
    /// The actor knowledge base.
    #[error("compiling the converted actor dictionaries")]
    Kb(#[from] dyad_kb::KbError),
    /// The verb dictionary.
    #[error("compiling the converted verb dictionaries")]
    Verbs(#[from] dyad_coder::DictError),
}

/// Converts parsed dictionaries into Dyad's.
pub fn convert(dictionaries: &Dictionaries) -> Result<Converted, ConvertError> {
    let mut report = Report::default();
    let mut blocks = BTreeSet::new();
    let mut kb_sources = Vec::new();
    for (file, entries) in &dictionaries.actors {
        kb_sources.extend(actor_sources(file, entries, &mut blocks, &mut report));
    }
    for (file, entries) in &dictionaries.agents {
        let mut out = LineFile::new("agent");
        for entry in entries {
            let Some(sector) = valid_code(&entry.code) else {
                report.unsupported("agent: malformed code", file, entry.line);
                continue;
            };
            if entry.placement == Placement::Prefix {
                report.approximated("agent: prefix code placed after the actor's");
            }
            add_blocks(&sector, &mut blocks);
            let mut words = vec![phrase_lower(&entry.phrase)];
            if let Some(plurals) = &entry.plurals {
                words.extend(plurals.iter().map(phrase_lower));
            }
            if !words.iter().all(|w| dyad_kb::alias_has_words(w)) {
                report.unsupported("agent: phrase with no word Dyad can match", file, entry.line);
                continue;
            }
            let plural = if entry.plurals.is_none() { "" } else { ", plural = false" };
            out.put(
                entry.line,
                format!("{{ words = {}, sector = {}{plural} }}", list(&words), quote(&sector)),
            );
            report.converted("agents", 1);
        }
        kb_sources.push(dyad_kb::Source::new(file.as_str(), out.finish()));
    }
    let mut block_table = String::from("[blocks]\n");
    for block in &blocks {
        block_table.push_str(&format!("{block} = \"PETRARCH code block\"\n"));
    }
    kb_sources.insert(0, dyad_kb::Source::new("petrarch-blocks.toml", block_table));
    let kb = dyad_kb::Kb::from_sources(&kb_sources)?;

    let mut verb_sources = Vec::new();
    let mut classes: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (_, file) in &dictionaries.verbs {
        collect_classes(file, &mut classes);
    }
    for (file, verbs) in &dictionaries.verbs {
        verb_sources.push((file.clone(), verb_source(file, verbs, &classes, &mut report)));
    }
    for (file, entries) in &dictionaries.discards {
        let mut out = LineFile::new("discard");
        for entry in entries {
            if entry.story {
                report.approximated("discard: story discard applied to its sentence");
            }
            let phrase = phrase_lower(&entry.phrase);
            out.put(
                entry.phrase.line,
                format!(
                    "{{ name = {}, phrases = {} }}",
                    quote(&format!("petrarch {phrase}")),
                    list(&[phrase])
                ),
            );
            report.converted("discards", 1);
        }
        verb_sources.push((file.clone(), out.finish()));
    }
    let verbs = dyad_coder::VerbDictionary::from_sources(verb_sources)?;
    Ok(Converted { kb, verbs, report })
}

/// A TOML array of inline tables whose entries sit on given lines, so that a span in
/// the generated text has the line of the PETRARCH entry.
struct LineFile {
    key: &'static str,
    lines: Vec<String>,
}

impl LineFile {
    fn new(key: &'static str) -> LineFile {
        LineFile { key, lines: vec![String::new()] }
    }

    fn put(&mut self, line: usize, table: String) {
        let idx = line.max(1) - 1;
        if self.lines.len() <= idx {
            self.lines.resize(idx + 1, String::new());
        }
        self.lines[idx].push_str(&table);
        self.lines[idx].push_str(", ");
    }

    /// The text; `tail` is appended after the array (tables such as `[classes]`).
    fn finish(self) -> String {
        self.finish_with("")
    }

    fn finish_with(mut self, tail: &str) -> String {
        self.lines[0] = format!("{} = [{}", self.key, self.lines[0]);
        let mut text = self.lines.join("\n");
        text.push_str("\n]\n");
        text.push_str(tail);
        text
    }
}

/// A TOML basic string.
fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn list(items: &[String]) -> String {
    format!("[{}]", items.iter().map(|i| quote(i)).collect::<Vec<_>>().join(", "))
}

/// A PETRARCH code as Dyad's: upper case, whole three-letter blocks of letters; the
/// first of several alternatives (`ELF/GAL`).
fn valid_code(code: &str) -> Option<String> {
    let code = code.split('/').next().unwrap_or("").trim().to_ascii_uppercase();
    (!code.is_empty() && code.len().is_multiple_of(3) && code.bytes().all(|b| b.is_ascii_uppercase()))
        .then_some(code)
}

fn add_blocks(code: &str, blocks: &mut BTreeSet<String>) {
    for i in (0..code.len()).step_by(3) {
        blocks.insert(code[i..i + 3].to_string());
    }
}

/// Words Dyad must match in any case ("the AU", "Group of 77").
const FUNCTION_WORDS: &[&str] = &[
    "THE", "OF", "AND", "FOR", "IN", "ON", "TO", "A", "AN", "AT", "DE", "DU", "DES", "LA", "LE", "EL", "AL",
];

/// A PETRARCH phrase as a Dyad alias: function words in lower case (matched in any
/// case), other words capitalised (matched with a capital first letter, as PETRARCH
/// matches names whatever their case; "UN" and "Un" alike). Acronyms cannot be told
/// from short words in upper-case files ("OLD", "BAN"), so none is kept in capitals.
fn alias(words: &[String]) -> String {
    words
        .iter()
        .map(|word| {
            if FUNCTION_WORDS.contains(&word.as_str()) {
                word.to_ascii_lowercase()
            } else {
                let mut chars = word.chars();
                chars.next().map_or_else(String::new, |first| {
                    first.to_uppercase().chain(chars.flat_map(char::to_lowercase)).collect()
                })
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Endings a TABARI stem stands for, in Dyad's whole-word matching.
const STEM_ENDINGS: &[&str] =
    &["S", "N", "NS", "AN", "ANS", "IAN", "IANS", "I", "IS", "ESE", "ISH", "A", "E"];

/// The aliases of a phrase: itself, and its stem forms when it is a stem.
fn aliases(phrase: &Phrase, report: &mut Report) -> Vec<String> {
    let mut out = vec![alias(&phrase.words)];
    let last = phrase.words.last().map_or(0, |w| w.len());
    if phrase.stem && last >= 4 {
        report.approximated("actor: stem phrase matched with common endings");
        for ending in STEM_ENDINGS {
            let mut words = phrase.words.clone();
            if let Some(last) = words.last_mut() {
                last.push_str(ending);
            }
            out.push(alias(&words));
        }
    }
    out
}

fn actor_sources(
    file: &str,
    entries: &[ActorEntry],
    blocks: &mut BTreeSet<String>,
    report: &mut Report,
) -> Vec<dyad_kb::Source> {
    // Three-letter codes without dates are countries, merged by code.
    let mut countries: BTreeMap<String, (usize, Vec<String>)> = BTreeMap::new();
    let mut groups = LineFile::new("group");
    let mut people = LineFile::new("person");
    for entry in entries {
        let mut codes = Vec::new();
        for code in &entry.codes {
            match code.code.trim() {
                "---" => report.unsupported("actor: null code [---]", file, code.line),
                "+++" | "###" => report.unsupported("actor: special code", file, code.line),
                raw => match valid_code(raw) {
                    Some(valid) => {
                        if raw.contains('/') {
                            report.approximated("actor: several codes, first kept");
                        }
                        add_blocks(&valid, blocks);
                        codes.push((valid, code.when, code.line));
                    }
                    None => report.unsupported("actor: malformed code", file, code.line),
                },
            }
        }
        if codes.is_empty() {
            report.unsupported("actor: entry without a usable code", file, entry.line);
            continue;
        }
        let mut names: Vec<String> = Vec::new();
        for phrase in &entry.phrases {
            for alias in aliases(phrase, report) {
                if !dyad_kb::alias_has_words(&alias) {
                    report.unsupported("actor: phrase with no word Dyad can match", file, phrase.line);
                } else if !names.contains(&alias) {
                    names.push(alias);
                }
            }
        }
        if names.is_empty() {
            continue;
        }
        report.converted("actors", 1);
        let undated: Vec<&(String, crate::actors::When, usize)> =
            codes.iter().filter(|(_, when, _)| *when == crate::actors::When::Always).collect();
        if undated.len() > 1 {
            report.approximated("actor: several undated codes, first kept");
        }
        let id = quote(&format!("l{}", entry.line));
        if undated.len() == codes.len() {
            let code = &undated[0].0;
            if code.len() == 3 {
                let country = countries.entry(code.clone()).or_insert_with(|| (entry.line, Vec::new()));
                country.1.extend(names);
            } else {
                let (name, rest) = names.split_first().expect("an entry has a phrase");
                groups.put(
                    entry.line,
                    format!(
                        "{{ id = {id}, code = {}, name = {}, aliases = {} }}",
                        quote(code),
                        quote(name),
                        list(rest)
                    ),
                );
            }
            continue;
        }
        let default = match undated.first() {
            Some((code, ..)) => code.clone(),
            None => {
                report.approximated(
                    "actor: dated codes without an undated one, the first stands outside its dates",
                );
                codes[0].0.clone()
            }
        };
        let roles: Vec<String> = codes
            .iter()
            .filter(|(_, when, _)| *when != crate::actors::When::Always)
            .map(|(code, when, _)| {
                let (start, end) = when.start_end();
                let mut role = format!("{{ code = {}", quote(code));
                if let Some(start) = start {
                    role.push_str(&format!(", start = \"{start}\""));
                }
                if let Some(end) = end {
                    role.push_str(&format!(", end = \"{end}\""));
                }
                role.push_str(" }");
                role
            })
            .collect();
        let (name, rest) = names.split_first().expect("an entry has a phrase");
        people.put(
            entry.line,
            format!(
                "{{ id = {id}, name = {}, aliases = {}, country = {}, code = {}, roles = [{}] }}",
                quote(name),
                list(rest),
                quote(&default[..3]),
                quote(&default),
                roles.join(", ")
            ),
        );
    }
    let mut country_file = LineFile::new("country");
    for (code, (line, names)) in countries {
        let (name, rest) = names.split_first().expect("a country has a name");
        country_file.put(
            line,
            format!("{{ code = {}, name = {}, names = {} }}", quote(&code), quote(name), list(rest)),
        );
    }
    vec![
        dyad_kb::Source::new(file, country_file.finish()),
        dyad_kb::Source::new(file, groups.finish()),
        dyad_kb::Source::new(file, people.finish()),
    ]
}

fn phrase_lower(phrase: &Phrase) -> String {
    phrase.words.join(" ").to_lowercase()
}

/// A class name usable in `{name}`.
fn class_name(synset: &str) -> String {
    synset.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '_' }).collect()
}

fn noun_lemma(word: &str) -> String {
    dyad_text::lemmatize(&word.to_lowercase(), Upos::Noun, if word.ends_with('S') { "NNS" } else { "NN" })
}

fn verb_lemma(word: &str) -> String {
    let lower = word.to_lowercase();
    let xpos = if lower.ends_with("ed") {
        "VBD"
    } else if lower.ends_with("ing") {
        "VBG"
    } else if lower.ends_with('s') && !lower.ends_with("ss") {
        "VBZ"
    } else {
        "VB"
    };
    dyad_text::lemmatize(&lower, Upos::Verb, xpos)
}

/// Every synset as a class of phrases (the last word as a lemma), nested sets expanded.
fn collect_classes(file: &VerbFile, classes: &mut BTreeMap<String, Vec<String>>) {
    let by_name: HashMap<&str, &crate::verbs::Synset> =
        file.synsets.iter().map(|s| (s.name.as_str(), s)).collect();
    fn heads(
        name: &str,
        by_name: &HashMap<&str, &crate::verbs::Synset>,
        seen: &mut BTreeSet<String>,
        out: &mut Vec<String>,
    ) {
        if !seen.insert(name.to_string()) {
            return;
        }
        let Some(synset) = by_name.get(name) else { return };
        for member in &synset.members {
            match member {
                Member::Phrase(words) => {
                    // The whole phrase: as an object it is known by its head (the
                    // last word, as a lemma); before a verb it must match whole.
                    if let Some((head, modifiers)) = words.split_last() {
                        let mut phrase: Vec<String> = modifiers.iter().map(|w| w.to_lowercase()).collect();
                        phrase.push(noun_lemma(head));
                        let phrase = phrase.join(" ");
                        if !out.contains(&phrase) {
                            out.push(phrase);
                        }
                    }
                }
                Member::Synset(other) => heads(other, by_name, seen, out),
            }
        }
    }
    for synset in &file.synsets {
        let mut out = Vec::new();
        heads(&synset.name, &by_name, &mut BTreeSet::new(), &mut out);
        if !out.is_empty() {
            classes.insert(class_name(&synset.name), out);
        }
    }
}

/// Particles Dyad reads as part of a phrasal verb.
const PARTICLES: &[&str] = &["UP", "DOWN", "OUT", "OFF", "BACK", "AWAY", "OVER"];

/// Prepositions that start a prepositional phrase written without brackets.
const PREPOSITIONS: &[&str] = &[
    "TO", "WITH", "FOR", "AGAINST", "ON", "IN", "INTO", "AT", "FROM", "OF", "BY", "UPON", "ABOUT", "OVER",
    "BETWEEN", "AMONG", "TOWARD", "TOWARDS", "ACROSS", "THROUGH", "UNDER", "NEAR", "BEHIND", "AROUND",
];

/// A verb of a block: its lemma, its particle and the words written before it
/// (`+CAST_OFF`, `HOLD_+FAST`), or why it cannot be one.
fn verb_of(form: &VerbForm, report: &mut Report) -> Result<BlockVerb, &'static str> {
    // A `+` with no word after it marks no verb.
    let Some(word) = form.words.get(form.verb) else {
        return Err("verb: a `+` with no word after it");
    };
    let word = word.to_lowercase();
    // The words of a multi-word verb are consecutive.
    let before: Vec<String> =
        std::iter::once(form.words[..form.verb].join("_").to_lowercase()).filter(|w| !w.is_empty()).collect();
    let mut lemma = verb_lemma(&word);
    // TABARI matches the words as written: a block for an irregular past ("LEFT",
    // "MET") is for that form, which Dyad knows by its lemma.
    let mut only_form = None;
    let past = dyad_text::lemmatize(&word, Upos::Verb, "VBD");
    if lemma == word && past != word {
        report.approximated("verb: an irregular past form matched as that form of its lemma");
        lemma = past;
        only_form = Some(word);
    }
    let particle = match &form.words[form.verb + 1..] {
        [] => None,
        [particle] => Some(particle.to_lowercase()),
        _ => return Err("verb: more than one word after the verb"),
    };
    Ok(BlockVerb { lemma, particle, before, form: only_form })
}

/// A verb of a block in Dyad's terms.
struct BlockVerb {
    lemma: String,
    particle: Option<String>,
    before: Vec<String>,
    form: Option<String>,
}

/// What a pattern asks for, in Dyad's terms.
#[derive(Default)]
struct Conditions {
    object: Option<String>,
    particle: Option<String>,
    prep: Option<String>,
    /// Words (or `{class}`es) before the verb, in order.
    before: Vec<String>,
    /// The only form of the verb the pattern is for.
    form: Option<String>,
    /// Whether the pattern is for coordinated doers (`%` before the verb).
    compound: bool,
    /// Words after the verb, in order.
    after: Vec<String>,
}

/// The words of a pattern's side before the verb as Dyad's `before` words: the
/// source's place is left to the parse, as is the order of skipped phrases.
fn before_words(
    elements: &[Element],
    classes: &BTreeMap<String, Vec<String>>,
    conditions: &mut Conditions,
    report: &mut Report,
) -> Result<(), &'static str> {
    let mut joined = false;
    for element in elements {
        let word = match element {
            Element::Joint => {
                joined = !conditions.before.is_empty();
                continue;
            }
            Element::Source => None,
            // Coordinated doers, each of whom acts on the others.
            Element::Compound => {
                conditions.compound = true;
                None
            }
            Element::Word(word) => Some(word.to_lowercase()),
            Element::Synset(name) => match classes.contains_key(&class_name(name)) {
                true => Some(format!("{{{}}}", class_name(name))),
                false => return Err("pattern: synset that is not defined"),
            },
            Element::NounPhrase(inner) | Element::PrepPhrase(inner) => {
                before_words(inner, classes, conditions, report)?;
                None
            }
            Element::Target => {
                report.approximated("pattern: target before the verb left to the parse");
                None
            }
            Element::Skip => {
                report.approximated("pattern: skipped noun phrase (^) not checked");
                None
            }
        };
        match (word, conditions.before.last_mut()) {
            // `_`: Dyad's `before` words are joined the same way.
            (Some(word), Some(last)) if joined => *last = format!("{last}_{word}"),
            (Some(word), _) => conditions.before.push(word),
            (None, _) => {}
        }
        joined = false;
    }
    Ok(())
}

fn object_of(element: &Element, classes: &BTreeMap<String, Vec<String>>) -> Option<String> {
    match element {
        Element::Word(word) => Some(noun_lemma(word)),
        Element::Synset(name) => {
            classes.contains_key(&class_name(name)).then(|| format!("{{{}}}", class_name(name)))
        }
        Element::NounPhrase(inner) => inner.iter().rev().find_map(|e| object_of(e, classes)),
        _ => None,
    }
}

/// The words of a pattern's side after the verb, in order, joined by `_` where they
/// are consecutive: TABARI matches them as written, whatever role the parse gives them.
fn after_words(
    elements: &[Element],
    classes: &BTreeMap<String, Vec<String>>,
    out: &mut Vec<String>,
) -> Result<(), &'static str> {
    let mut joined = false;
    for element in elements {
        let word = match element {
            Element::Joint => {
                joined = !out.is_empty();
                continue;
            }
            Element::Word(word) => word.to_lowercase(),
            Element::Synset(name) => match classes.contains_key(&class_name(name)) {
                true => format!("{{{}}}", class_name(name)),
                false => return Err("pattern: synset that is not defined"),
            },
            Element::NounPhrase(inner) | Element::PrepPhrase(inner) => {
                after_words(inner, classes, out)?;
                joined = false;
                continue;
            }
            Element::Target | Element::Source | Element::Compound | Element::Skip => {
                joined = false;
                continue;
            }
        };
        match out.last_mut() {
            Some(last) if joined => *last = format!("{last}_{word}"),
            _ => out.push(word),
        }
        joined = false;
    }
    Ok(())
}

/// A block pattern as Dyad's conditions, or the kind of construct that stops it.
fn conditions(
    pattern: &Pattern,
    has_particle: bool,
    classes: &BTreeMap<String, Vec<String>>,
    report: &mut Report,
) -> Result<Conditions, &'static str> {
    let mut out = Conditions::default();
    before_words(&pattern.before, classes, &mut out, report)?;
    after_words(&pattern.after, classes, &mut out.after)?;
    let mut after = pattern.after.iter().peekable();
    let mut in_prep = false;
    while let Some(element) = after.next() {
        match element {
            Element::Target | Element::Joint => {}
            Element::Source => return Err("pattern: source after the verb"),
            // Coordinated targets each get the event, as any coordination does.
            Element::Compound => {
                report.approximated("pattern: compound target (%) read as coordinated targets")
            }
            Element::Skip => report.approximated("pattern: skipped noun phrase (^) not checked"),
            Element::Word(word)
                if out.particle.is_none()
                    && !has_particle
                    && out.object.is_none()
                    && out.prep.is_none()
                    && PARTICLES.contains(&word.as_str()) =>
            {
                out.particle = Some(word.to_lowercase());
            }
            Element::Word(word) if PREPOSITIONS.contains(&word.as_str()) && out.prep.is_none() => {
                out.prep = Some(word.to_lowercase());
                in_prep = true;
            }
            Element::PrepPhrase(inner) if out.prep.is_none() => {
                match inner.first() {
                    Some(Element::Word(prep)) => out.prep = Some(prep.to_lowercase()),
                    _ => return Err("pattern: prepositional phrase without a preposition"),
                }
                if inner[1..].iter().any(|e| !matches!(e, Element::Target | Element::Skip | Element::Joint)) {
                    report.approximated("pattern: object of the preposition not checked");
                }
            }
            Element::PrepPhrase(_) => report.approximated("pattern: second prepositional phrase not checked"),
            _ if in_prep => report.approximated("pattern: object of the preposition not checked"),
            Element::Word(_) | Element::Synset(_) | Element::NounPhrase(_) if out.object.is_none() => {
                // Consecutive words are one noun phrase: its head is the last, the
                // others must modify it, in order (adjacency is not checked).
                let mut words = vec![element];
                loop {
                    match after.peek() {
                        Some(Element::Word(w) | Element::Synset(w)) if PREPOSITIONS.contains(&w.as_str()) => {
                            break
                        }
                        Some(next @ (Element::Word(_) | Element::Synset(_) | Element::Joint)) => {
                            words.push(next);
                            after.next();
                        }
                        _ => break,
                    }
                }
                if let [Element::NounPhrase(inner)] = words.as_slice() {
                    words = inner.iter().collect();
                }
                let mut phrase = String::new();
                for word in words {
                    if matches!(word, Element::Joint) {
                        if !phrase.is_empty() {
                            phrase.push('_');
                        }
                        continue;
                    }
                    let Some(object) = object_of(word, classes) else {
                        return Err("pattern: synset that is not defined");
                    };
                    if !phrase.is_empty() && !phrase.ends_with('_') {
                        phrase.push(' ');
                    }
                    phrase.push_str(&object);
                }
                out.object = Some(phrase.trim_end_matches('_').to_string());
            }
            _ => report.approximated("pattern: words after the object not checked"),
        }
    }
    if out.object.is_none()
        && out.particle.is_none()
        && out.prep.is_none()
        && out.before.is_empty()
        && !out.compound
    {
        return Err("pattern: nothing Dyad can check");
    }
    Ok(out)
}

/// The codes of a pattern or verb as Dyad writes them (`code = "none"` for `[---]`,
/// `reverse` for the second code of `[042:043]`), noting codes outside the CAMEO
/// codebook, or why they cannot be carried over.
fn codes(code: &Code, custom: &mut BTreeSet<String>, report: &mut Report) -> Result<String, &'static str> {
    let mut own = |text: &str, report: &mut Report| -> Result<(), &'static str> {
        if EventCode::parse(text).is_ok() {
            return Ok(());
        }
        EventCode::custom(text).map_err(|_| "code: neither a CAMEO code nor letters and digits")?;
        report.approximated("code: outside the CAMEO codebook, kept as written");
        custom.insert(text.to_string());
        Ok(())
    };
    let mut text = match &code.forward {
        Some(forward) => {
            own(forward, report)?;
            format!("code = {}", quote(forward))
        }
        // `[---]`: no event; `[:173]`: only the reverse one.
        None => format!("code = {}", quote("none")),
    };
    if let Some(reverse) = &code.reverse {
        own(reverse, report)?;
        text.push_str(&format!(", reverse = {}", quote(reverse)));
    }
    Ok(text)
}

/// One verb pattern as an inline TOML table.
fn pattern_table(verb: &str, codes: &str, conditions: &Conditions) -> String {
    let mut table = format!("{{ verb = {}, {codes}", quote(verb));
    if let Some(object) = &conditions.object {
        table.push_str(&format!(", object = {}", quote(object)));
    }
    if let Some(prep) = &conditions.prep {
        table.push_str(&format!(", prep = {}", quote(prep)));
    }
    if !conditions.before.is_empty() {
        table.push_str(&format!(", before = {}", quote(&conditions.before.join(" "))));
    }
    if let Some(form) = &conditions.form {
        table.push_str(&format!(", form = {}", quote(form)));
    }
    if conditions.compound {
        table.push_str(", compound = true");
    }
    if !conditions.after.is_empty() {
        table.push_str(&format!(", after = {}", quote(&conditions.after.join(" "))));
    }
    table.push_str(" }");
    table
}

fn verb_source(
    file: &str,
    verbs: &VerbFile,
    classes: &BTreeMap<String, Vec<String>>,
    report: &mut Report,
) -> String {
    let mut out = LineFile::new("verb");
    let mut custom = BTreeSet::new();
    for rule in &verbs.transformations {
        report.unsupported("transformation rule", file, rule.line);
    }
    for block in &verbs.blocks {
        let mut block_verbs = Vec::new();
        for form in &block.verbs {
            let BlockVerb { lemma, particle, before, form: only_form } = match verb_of(form, report) {
                Ok(verb) => verb,
                Err(kind) => {
                    report.unsupported(kind, file, form.line);
                    continue;
                }
            };
            for irregular in &form.forms {
                if irregular.len() > form.verb && verb_lemma(&irregular[form.verb]) != lemma {
                    report.approximated("verb: irregular form Dyad's lemmatiser does not reduce");
                }
            }
            let verb = match &particle {
                Some(p) => format!("{lemma} {p}"),
                None => lemma.clone(),
            };
            let code = form.code.as_ref().unwrap_or(&block.code);
            // A verb without an event of its own (`[---]`) codes only through its
            // patterns; on its own it is no pattern, which is the same.
            if code.forward.is_some() || !before.is_empty() {
                match codes(code, &mut custom, report) {
                    Ok(codes) => {
                        out.put(
                            form.line,
                            pattern_table(
                                &verb,
                                &codes,
                                &Conditions {
                                    before: before.clone(),
                                    form: only_form.clone(),
                                    ..Default::default()
                                },
                            ),
                        );
                        report.converted("verb patterns", 1);
                    }
                    Err(kind) => report.unsupported(kind, file, form.line),
                }
            }
            block_verbs.push((verb, particle.is_some(), before, only_form));
        }
        for pattern in &block.patterns {
            let codes = match codes(&pattern.code, &mut custom, report) {
                Ok(codes) => codes,
                Err(kind) => {
                    report.unsupported(kind, file, pattern.line);
                    continue;
                }
            };
            for (verb, has_particle, verb_before, only_form) in &block_verbs {
                let mut conditions = match conditions(pattern, *has_particle, classes, report) {
                    Ok(c) => c,
                    Err(kind) => {
                        report.unsupported(kind, file, pattern.line);
                        break;
                    }
                };
                conditions.before.splice(0..0, verb_before.iter().cloned());
                conditions.form = only_form.clone();
                let verb = match &conditions.particle {
                    Some(p) => format!("{verb} {p}"),
                    None => verb.clone(),
                };
                out.put(pattern.line, pattern_table(&verb, &codes, &conditions));
                report.converted("verb patterns", 1);
            }
        }
    }
    let mut tail = String::new();
    if !custom.is_empty() {
        let custom: Vec<String> = custom.into_iter().collect();
        tail.push_str(&format!("[codes]\ncustom = {}\n", list(&custom)));
    }
    tail.push_str("[classes]\n");
    for (name, members) in classes {
        tail.push_str(&format!("{} = {}\n", quote(name), list(members)));
    }
    out.finish_with(&tail)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    const ACTORS: &str = "RIVERTOWN_ [RVT]\n+RIVERTOWNERS_\nHILLFOLK [HLL]\nOLD_MILLER_\n\t[RVTGOV 19990101 - 20031231]\n\t[RVT]\nTHE_FERRY_GUILD_ [RVTBUS]\nNOBODY_ [---]\n";
    const AGENTS: &str = "WARDEN [~GOV]\nCREW {} [~MIL]\n";
    const VERBS: &str = "&BOATS\n+FERRY\n+RIVER BARGES\n\n--- SAIL [040] ---\nSAIL\n- * &BOATS  [042]\n- * (TO $) [043]\n- NEVER * [---]\n- * DOWN [057]\n";

    fn converted() -> Converted {
        let mut d = Dictionaries::default();
        d.add(crate::Kind::Actors, "a.txt", ACTORS);
        d.add(crate::Kind::Agents, "g.txt", AGENTS);
        d.add(crate::Kind::Verbs, "v.txt", VERBS);
        d.add(crate::Kind::Discards, "d.txt", "CHESS OLYMPIAD\n+REGATTA\n");
        assert!(d.diagnostics.is_empty(), "{:?}", d.diagnostics);
        convert(&d).unwrap()
    }

    #[test]
    fn quoted_text_reads_back_as_toml() {
        for text in ["plain", "say \"no\"", "back\\slash", "tab\tand\u{1}", "Zürich"] {
            let value: toml::Value = toml::from_str(&format!("k = {}", quote(text))).unwrap();
            assert_eq!(value["k"].as_str(), Some(text));
        }
    }

    #[test]
    fn actors_agents_and_dates_reach_the_kb() {
        let c = converted();
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
        let lookup = |text: &str, date| c.kb.lookup(text, date).map(|m| m.code);
        assert_eq!(lookup("Rivertowners", day(2000, 1, 1)).as_deref(), Some("RVT"));
        assert_eq!(lookup("Hillfolkians", None).as_deref(), Some("HLL"));
        assert_eq!(lookup("Old Miller", day(2000, 1, 1)).as_deref(), Some("RVTGOV"));
        assert_eq!(lookup("Old Miller", day(2003, 12, 31)).as_deref(), Some("RVTGOV"));
        assert_eq!(lookup("Old Miller", day(2004, 1, 1)).as_deref(), Some("RVT"));
        assert_eq!(lookup("the Ferry Guild", None).as_deref(), Some("RVTBUS"));
        assert_eq!(lookup("Rivertown's warden", None).as_deref(), Some("RVTGOV"));
        assert_eq!(lookup("Nobody", None), None);
        let entity = c.kb.entities().iter().find(|e| e.name == "Old Miller").unwrap();
        assert_eq!(entity.location, "a.txt:4");
        assert_eq!(c.report.unsupported["actor: null code [---]"], 1);
        assert_eq!(c.report.examples["actor: null code [---]"], "a.txt:8");
    }

    #[test]
    fn verb_patterns_keep_their_lines_and_report_the_rest() {
        let c = converted();
        let patterns = c.verbs.verb_patterns("sail");
        let shown: Vec<String> = patterns
            .iter()
            .map(|p| format!("{} {}", p.entry, p.code.map_or("none".to_string(), |c| c.to_string())))
            .collect();
        assert_eq!(
            shown,
            [
                "v.txt:6 sail 040",
                "v.txt:7 sail {boats} 042",
                "v.txt:8 sail to 043",
                "v.txt:9 never * sail none",
                "v.txt:10 sail down 057"
            ],
            "{shown:?}"
        );
        assert_eq!(patterns[1].object.as_deref(), Some(&["ferry".to_string(), "barge".to_string()][..]));
        let words = |w: &str| vec![vec![w.to_string()]];
        assert!(patterns[3].before.matches(&words("never")) && !patterns[3].before.matches(&words("ever")));
        assert_eq!(c.verbs.verb_patterns("sail")[0].particle, None);
        assert!(
            !c.report.unsupported.keys().any(|kind| kind.starts_with("pattern")),
            "{:?}",
            c.report.unsupported
        );
        assert_eq!(c.report.converted["discards"], 2);
        assert_eq!(c.report.approximated["discard: story discard applied to its sentence"], 1);
    }
}
