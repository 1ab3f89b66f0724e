//! Lemmas from a word and its POS tags: an irregular-forms table plus suffix rules for
//! regular inflection (`-s`, `-es`, `-ies`, `-ed`, `-ing`, with consonant doubling
//! and silent-e restoration). Lemmas are lower-cased except for proper nouns, as in
//! UD English.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use dyad_model::{Diagnostic, Doc, Layer, Stage, Upos};

use crate::lemma_tables::{IRREGULAR_NOUNS, IRREGULAR_VERBS, OTHER_VERB_FORMS};

/// Fills `Token::lemma` for every token (`"text.lemma.v1"`).
///
/// It reads `upos` and `xpos` from the tagger; for tokens the tagger left as `X` it
/// guesses from the word's shape.
#[derive(Debug, Clone, Copy, Default)]
pub struct LemmaStage;

impl Stage for LemmaStage {
    fn name(&self) -> &'static str {
        "text.lemma.v1"
    }

    fn requires(&self) -> &'static [Layer] {
        &[Layer::Tokens, Layer::Tags]
    }

    fn provides(&self) -> &'static [Layer] {
        &[Layer::Lemmas]
    }

    fn run(&self, doc: &mut Doc, _diags: &mut Vec<Diagnostic>) {
        for token in &mut doc.tokens {
            token.lemma = lemmatize(&token.text, token.upos, &token.xpos);
        }
    }
}

/// The irregular tables, built once: read-only after construction.
struct Tables {
    /// Past tenses and participles to their base form.
    past: HashMap<String, &'static str>,
    /// Base forms of irregular verbs (so `lay`, `found` as bases are not re-mapped).
    bases: HashSet<&'static str>,
    /// Other irregular verb forms (`is`, `has`, `'re`, `ca`).
    other: HashMap<&'static str, &'static str>,
    /// Irregular plurals and invariant nouns.
    nouns: HashMap<&'static str, &'static str>,
}

fn tables() -> &'static Tables {
    static TABLES: OnceLock<Tables> = OnceLock::new();
    TABLES.get_or_init(|| {
        let mut past = HashMap::new();
        let mut bases = HashSet::new();
        for line in IRREGULAR_VERBS.lines() {
            let mut fields = line.split_whitespace();
            let Some(base) = fields.next() else { continue };
            bases.insert(base);
            for field in fields {
                for form in field.split('/') {
                    past.entry(form.to_string()).or_insert(base);
                }
            }
        }
        let pairs = |text: &'static str| -> HashMap<&'static str, &'static str> {
            text.lines()
                .filter_map(|line| {
                    let mut fields = line.split_whitespace();
                    Some((fields.next()?, fields.next()?))
                })
                .collect()
        };
        Tables { past, bases, other: pairs(OTHER_VERB_FORMS), nouns: pairs(IRREGULAR_NOUNS) }
    })
}

/// The lemma of `word` given its UD tag and Penn tag (either may be unknown: `Upos::X`,
/// `""`).
///
/// ```
/// use dyad_model::Upos;
/// use dyad_text::lemmatize;
///
/// assert_eq!(lemmatize("met", Upos::Verb, "VBD"), "meet");
/// assert_eq!(lemmatize("stopped", Upos::Verb, "VBD"), "stop");
/// assert_eq!(lemmatize("countries", Upos::Noun, "NNS"), "country");
/// assert_eq!(lemmatize("Americans", Upos::Propn, "NNPS"), "Americans");
/// assert_eq!(lemmatize("fired", Upos::X, ""), "fire");
/// ```
pub fn lemmatize(word: &str, upos: Upos, xpos: &str) -> String {
    if upos == Upos::Propn || xpos.starts_with("NNP") {
        return word.to_string();
    }
    let lower = lower_word(word);
    let tables = tables();
    match upos {
        Upos::Verb | Upos::Aux => verb_lemma(&lower, xpos, tables),
        Upos::Noun => noun_lemma(word, &lower, xpos, tables),
        Upos::Adj | Upos::Adv => adjective_lemma(&lower, xpos),
        Upos::Part if lower == "n't" => "not".to_string(),
        Upos::Pron => pronoun_lemma(&lower).unwrap_or(lower),
        Upos::X if xpos.is_empty() => guess_lemma(&lower, tables),
        _ => lower,
    }
}

/// Lower-cases and folds typographic apostrophes.
fn lower_word(word: &str) -> String {
    let mut lower = String::with_capacity(word.len());
    for c in word.chars() {
        match c {
            '’' | '‘' | 'ʼ' => lower.push('\''),
            c if c.is_ascii() => lower.push(c.to_ascii_lowercase()),
            c => lower.extend(c.to_lowercase()),
        }
    }
    lower
}

fn verb_lemma(lower: &str, xpos: &str, tables: &Tables) -> String {
    if let Some(lemma) = tables.other.get(lower) {
        return (*lemma).to_string();
    }
    match lower {
        // `'s` is far more often `is` than `has` in news.
        "'s" => return "be".to_string(),
        "'d" => return if xpos == "MD" { "would" } else { "have" }.to_string(),
        _ => {}
    }
    let is_past = matches!(xpos, "VBD" | "VBN");
    if tables.bases.contains(lower) && !is_past {
        return lower.to_string();
    }
    if let Some(base) = tables.past.get(lower) {
        // An irregular past read as a present ("froze" tagged VBP) is still a past:
        // no present tense looks like it, except the few that are verbs of their own.
        const ALSO_PRESENT: &[&str] = &["wound", "ground", "bore", "lay", "fell", "found", "saw", "left"];
        let mistagged_past = xpos == "VBP" && !ALSO_PRESENT.contains(&lower);
        if is_past || mistagged_past || !matches!(xpos, "VB" | "VBP" | "VBG" | "VBZ") {
            return (*base).to_string();
        }
    }
    if matches!(xpos, "VB" | "VBP" | "MD") {
        return lower.to_string();
    }
    if let Some(stem) = lower.strip_suffix("ing").filter(|s| s.chars().count() >= 2 && has_vowel(s)) {
        if xpos == "VBG" || xpos.is_empty() || xpos == "NN" {
            return restore_stem(stem);
        }
    }
    if lower.ends_with("ed") && lower.len() > 3 && (is_past || xpos.is_empty() || xpos.starts_with("JJ")) {
        return past_stem(lower);
    }
    if xpos == "VBZ" || (xpos.is_empty() && lower.ends_with('s')) {
        return third_person_stem(lower);
    }
    lower.to_string()
}

/// `attacked` -> `attack`, `fired` -> `fire`, `agreed` -> `agree`, `carried` -> `carry`.
fn past_stem(lower: &str) -> String {
    if let Some(stem) = lower.strip_suffix("ied") {
        return if stem.len() <= 1 { format!("{stem}ie") } else { format!("{stem}y") };
    }
    if let Some(stem) = lower.strip_suffix("eed") {
        // agreed, freed, guaranteed: the base ends in -ee; needed/proceeded end in -eded.
        return format!("{stem}ee");
    }
    let Some(stem) = lower.strip_suffix("ed") else { return lower.to_string() };
    if stem.ends_with('e') {
        return stem.to_string();
    }
    restore_stem(stem)
}

/// `meets` -> `meet`, `carries` -> `carry`, `pushes` -> `push`, `goes` -> `go`.
fn third_person_stem(lower: &str) -> String {
    if let Some(stem) = lower.strip_suffix("ies") {
        return if stem.len() <= 1 { format!("{stem}ie") } else { format!("{stem}y") };
    }
    for suffix in ["sses", "shes", "ches", "xes", "zzes"] {
        if lower.ends_with(suffix) {
            return lower[..lower.len() - 2].to_string();
        }
    }
    if lower.ends_with("oes") && lower.len() <= 5 {
        return lower[..lower.len() - 2].to_string();
    }
    if lower == "focuses" || lower == "biases" {
        return lower[..lower.len() - 2].to_string();
    }
    match lower.strip_suffix('s') {
        Some(stem) if !stem.ends_with('s') && !stem.is_empty() => stem.to_string(),
        _ => lower.to_string(),
    }
}

fn is_vowel(c: u8) -> bool {
    matches!(c, b'a' | b'e' | b'i' | b'o' | b'u')
}

fn has_vowel(s: &str) -> bool {
    s.bytes().any(|b| is_vowel(b) || b == b'y')
}

/// Number of vowel groups, a rough syllable count.
fn vowel_groups(s: &[u8]) -> usize {
    let mut groups = 0;
    let mut in_vowel = false;
    for &b in s {
        let vowel = is_vowel(b) || b == b'y';
        if vowel && !in_vowel {
            groups += 1;
        }
        in_vowel = vowel;
    }
    groups
}

/// Stems (after `-ing`/`-ed` is removed) whose base ends in a silent `e` that the
/// general rules below would not restore.
const E_STEMS: &[&str] = &[
    "chang", "arrang", "exchang", "challeng", "reveng", "plung", "loung", "wast", "tast", "past", "hast",
    "writ", "invit", "unit", "cit", "excit", "recit", "ignit", "expedit", "incit", "compet", "complet",
    "delet", "deplet", "zon", "phon", "ton", "clon", "condon", "postpon", "dron", "hon", "ston", "aton",
    "enthron", "ignor", "restor", "explor", "stor", "scor", "ador", "implor", "deplor", "snor", "shor",
    "bor", "guid", "persuad", "breath", "bath", "cloth", "sooth", "scath", "loath", "seeth", "teeth",
    "swath", "writh", "tim", "ach", "sabotag", "mortgag", "envisag", "rag", "wag", "pag", "cag", "gaug",
    "sieg", "hing", "cring", "bing", "sing", "tinge", "fring", "twing", "scathe", "promot", "devot", "emot",
    "not", "quot", "vot", "dot", "mop", "bit", "recit", "spit", "smit",
];

/// Stems that look as if they had lost an `e` but did not.
const NO_E_STEMS: &[&str] = &[
    "focus",
    "bias",
    "gas",
    "canvas",
    "develop",
    "envelop",
    "gallop",
    "pivot",
    "visit",
    "edit",
    "exhibit",
    "limit",
    "credit",
    "profit",
    "inherit",
    "audit",
    "deposit",
    "prohibit",
    "solicit",
    "budget",
    "target",
    "market",
    "interpret",
    "ransom",
    "blossom",
    "combat",
    "format",
    "signal",
    "total",
    "equal",
    "pedal",
    "spiral",
    "rival",
    "fuel",
    "open",
    "happen",
    "listen",
    "threaten",
    "strengthen",
    "weaken",
    "abandon",
    "question",
    "mention",
    "function",
    "position",
    "section",
    "reckon",
    "summon",
    "pardon",
    "beckon",
    "imprison",
    "poison",
    "reason",
    "season",
    "monitor",
    "honor",
    "labor",
    "favor",
    "harbor",
    "mirror",
    "anchor",
    "author",
    "doctor",
    "sponsor",
    "tutor",
    "mentor",
    "censor",
    "color",
    "vapor",
    "clamor",
    "humor",
    "rumor",
    "savor",
    "endeavor",
    "parallel",
    "travel",
    "cancel",
    "label",
    "model",
    "channel",
    "level",
    "counsel",
    "tunnel",
    "quarrel",
    "marvel",
    "shovel",
    "benefit",
    "orbit",
    "vomit",
    "posit",
    "forfeit",
    "recruit",
    "suit",
    "bandit",
    "pilot",
    "riot",
    "ballot",
    "boycott",
    "plot",
    "spot",
    "shot",
    "blot",
    "trot",
    "knot",
    "rot",
    "jot",
    "cot",
    "pat",
    "chat",
    "bat",
    "threat",
    "defeat",
    "repeat",
    "heat",
    "beat",
    "treat",
    "cheat",
    "seat",
    "float",
    "boat",
    "coat",
    "quit",
    "wed",
    "shed",
    "shred",
    "sled",
    "bed",
    "fled",
    "led",
    "bred",
    "fed",
    "sped",
    "wid",
    "rid",
    "kid",
    "bid",
    "lid",
    "skid",
    "squid",
    "forbid",
    "hid",
    "slid",
    "mid",
    "did",
    "hold",
    "flash",
    "frisbee",
    "retreat",
    "eat",
    "bleat",
    "overeat",
    "sweat",
    "great",
    "bout",
    "shout",
    "doubt",
    "flout",
];

/// Undoes spelling changes before `-ing`/`-ed`: `stopp` -> `stop`, `fir` -> `fire`,
/// `travell` -> `travel`, `carry` stays.
fn restore_stem(stem: &str) -> String {
    let bytes = stem.as_bytes();
    let n = bytes.len();
    if n < 2 || !stem.is_ascii() {
        return stem.to_string();
    }
    if E_STEMS.contains(&stem) {
        return format!("{stem}e");
    }
    if NO_E_STEMS.contains(&stem) {
        return stem.to_string();
    }
    let last = bytes[n - 1];
    let prev = bytes[n - 2];
    // Doubled final consonant: stopp -> stop, occurr -> occur; but add, err, kill,
    // pass, buzz keep theirs.
    if last == prev && !is_vowel(last) && n >= 4 {
        return match last {
            b's' | b'f' | b'z' | b'c' | b'w' | b'x' | b'y' | b'h' | b'q' | b'j' => stem.to_string(),
            b'l' => {
                let vowel_before = bytes[n - 3];
                let undouble = vowel_groups(&bytes[..n - 2]) >= 2
                    && matches!(vowel_before, b'e' | b'o')
                    && !is_vowel(bytes[n - 4]);
                if undouble {
                    stem[..n - 1].to_string()
                } else {
                    stem.to_string()
                }
            }
            _ => stem[..n - 1].to_string(),
        };
    }
    if !needs_silent_e(bytes) {
        return stem.to_string();
    }
    format!("{stem}e")
}

/// Whether a stem like `fir`, `mak`, `decid`, `announc`, `leav` lost a silent `e`.
fn needs_silent_e(bytes: &[u8]) -> bool {
    let n = bytes.len();
    let last = bytes[n - 1];
    let prev = bytes[n - 2];
    // The letter before the final consonant, reading `qu`/`gu` + vowel as consonant
    // + vowel (requir, acquir, guid).
    let single_vowel_before = is_vowel(prev)
        && (n < 3
            || !is_vowel(bytes[n - 3])
            || (bytes[n - 3] == b'u' && n >= 4 && matches!(bytes[n - 4], b'q' | b'g')));
    match last {
        b'v' | b'c' | b'u' => true,
        b'z' => prev != b'z',
        b's' => {
            prev != b's'
                && !(prev == b'u'
                    && vowel_groups(bytes) >= 2
                    && !matches!(
                        bytes.get(n.wrapping_sub(3)),
                        Some(b'a' | b'o' | b'e' | b'c' | b'f' | b'b' | b'm' | b'r' | b'p')
                    ))
        }
        b'g' => matches!(prev, b'r' | b'l' | b'd') || (single_vowel_before && prev != b'n'),
        b'l' => {
            !is_vowel(prev) && !matches!(prev, b'l' | b'r' | b'w' | b'y')
                || (single_vowel_before && matches!(prev, b'i' | b'u' | b'o'))
                || (single_vowel_before && prev == b'a' && vowel_groups(bytes) == 1)
        }
        b'r' => single_vowel_before && matches!(prev, b'a' | b'i' | b'u' | b'y'),
        // -ate verbs (create, negotiate, associate) and -ute verbs (execute, pollute);
        // `eat`/`oat` words (treat, float) are listed in NO_E_STEMS.
        b't' => {
            matches!(prev, b'a' | b'u')
                && n >= 3
                && (single_vowel_before || !matches!(bytes[n - 3], b'o' | b'a' | b'u'))
        }
        b'd' | b'k' | b'b' | b'p' => {
            // `-ede` verbs (concede, precede) are the only common `e` + consonant case.
            single_vowel_before && (prev != b'e' || (last == b'd' && vowel_groups(bytes) >= 2 && n >= 5))
        }
        b'm' => single_vowel_before && prev != b'e',
        b'n' => {
            single_vowel_before
                && matches!(prev, b'i' | b'u')
                && !bytes.ends_with(b"ain")
                && !bytes.ends_with(b"gin")
        }
        _ => false,
    }
}

fn noun_lemma(word: &str, lower: &str, xpos: &str, tables: &Tables) -> String {
    // Acronyms, codes and single letters keep their case (`USB`, `EB3326`, `B`), as in
    // UD English; longer all-capital words are headline or shouting case.
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    let all_caps = letters > 0 && word.chars().all(|c| !c.is_lowercase());
    if all_caps && (letters <= 4 || word.chars().any(|c| c.is_ascii_digit())) {
        return match word {
            "AM" => "a.m.".to_string(),
            "PM" => "p.m.".to_string(),
            _ => word.strip_suffix("'s").or_else(|| word.strip_suffix("’s")).unwrap_or(word).to_string(),
        };
    }
    // `80's`, `CD's`: a plural written with an apostrophe.
    if let Some(stem) = lower.strip_suffix("'s").filter(|stem| !stem.is_empty() && xpos == "NNS") {
        return stem.to_string();
    }
    if let Some(lemma) = tables.nouns.get(lower) {
        return (*lemma).to_string();
    }
    match lower {
        "am" | "a.m" => return "a.m.".to_string(),
        "pm" | "p.m" => return "p.m.".to_string(),
        "etc" => return "etc.".to_string(),
        _ => {}
    }
    if xpos == "NN" || lower.len() <= 3 || !lower.ends_with('s') && !lower.ends_with("men") {
        return lower.to_string();
    }
    if let Some(stem) = lower.strip_suffix("men") {
        if xpos == "NNS" && !stem.is_empty() {
            return format!("{stem}man");
        }
        return lower.to_string();
    }
    plural_stem(lower)
}

/// `countries` -> `country`, `boxes` -> `box`, `cases` -> `case`, `troops` -> `troop`.
fn plural_stem(lower: &str) -> String {
    // Decades and numbers (`1960s`) are their own lemma in UD English.
    if lower.starts_with(|c: char| c.is_ascii_digit()) {
        return lower.to_string();
    }
    if lower.ends_with("ss") || lower.ends_with("us") || lower.ends_with("is") {
        return lower.to_string();
    }
    if let Some(stem) = lower.strip_suffix("ies") {
        return if stem.len() <= 1 { format!("{stem}ie") } else { format!("{stem}y") };
    }
    for suffix in ["sses", "shes", "ches", "xes", "zzes"] {
        if lower.ends_with(suffix) {
            return lower[..lower.len() - 2].to_string();
        }
    }
    if let Some(stem) = lower.strip_suffix("oes") {
        return format!("{stem}o");
    }
    lower[..lower.len() - 1].to_string()
}

fn adjective_lemma(lower: &str, xpos: &str) -> String {
    let irregular = match lower {
        "better" | "best" if xpos.ends_with('R') || xpos.ends_with('S') => Some("good"),
        "worse" | "worst" => Some("bad"),
        "further" | "furthest" if xpos.ends_with('R') || xpos.ends_with('S') => Some("far"),
        "farther" | "farthest" => Some("far"),
        "less" | "least" if xpos.starts_with("JJ") => Some("less"),
        "more" | "most" => Some(lower),
        _ => None,
    };
    if let Some(lemma) = irregular {
        return lemma.to_string();
    }
    let stem = match xpos {
        "JJR" | "RBR" => lower.strip_suffix("er"),
        "JJS" | "RBS" => lower.strip_suffix("est"),
        _ => None,
    };
    match stem {
        Some(stem) if stem.len() >= 2 => {
            if let Some(base) = stem.strip_suffix('i') {
                format!("{base}y")
            } else {
                let b = stem.as_bytes();
                if b.len() >= 3
                    && b[b.len() - 1] == b[b.len() - 2]
                    && !is_vowel(b[b.len() - 1])
                    && b[b.len() - 1] != b'l'
                {
                    stem[..stem.len() - 1].to_string()
                } else if needs_silent_e(b) && !matches!(b[b.len() - 1], b'w' | b'k') {
                    format!("{stem}e")
                } else {
                    stem.to_string()
                }
            }
        }
        _ => lower.to_string(),
    }
}

fn pronoun_lemma(lower: &str) -> Option<String> {
    let lemma = match lower {
        "i" | "me" => "I",
        "us" => "we",
        "him" => "he",
        "her" => "she",
        "them" => "they",
        "'em" => "they",
        "myself" => "myself",
        _ => return None,
    };
    Some(lemma.to_string())
}

/// Lemma for an untagged word, from its shape.
fn guess_lemma(lower: &str, tables: &Tables) -> String {
    if let Some(lemma) = tables.other.get(lower) {
        return (*lemma).to_string();
    }
    if let Some(base) = tables.past.get(lower) {
        if !tables.bases.contains(lower) {
            return (*base).to_string();
        }
    }
    if let Some(lemma) = tables.nouns.get(lower) {
        return (*lemma).to_string();
    }
    if lower.len() > 4 && lower.ends_with("ing") {
        return verb_lemma(lower, "VBG", tables);
    }
    if lower.len() > 3 && lower.ends_with("ed") {
        return past_stem(lower);
    }
    if lower.len() > 3 && lower.ends_with('s') {
        return plural_stem(lower);
    }
    lower.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn verb(word: &str, xpos: &str) -> String {
        lemmatize(word, Upos::Verb, xpos)
    }

    #[test]
    fn regular_verbs_lose_their_inflection() {
        assert_eq!(verb("attacked", "VBD"), "attack");
        assert_eq!(verb("fired", "VBN"), "fire");
        assert_eq!(verb("stopped", "VBD"), "stop");
        assert_eq!(verb("agreed", "VBD"), "agree");
        assert_eq!(verb("carried", "VBD"), "carry");
        assert_eq!(verb("died", "VBD"), "die");
        assert_eq!(verb("occurring", "VBG"), "occur");
        assert_eq!(verb("making", "VBG"), "make");
        assert_eq!(verb("killing", "VBG"), "kill");
        assert_eq!(verb("deciding", "VBG"), "decide");
        assert_eq!(verb("announced", "VBD"), "announce");
        assert_eq!(verb("requires", "VBZ"), "require");
        assert_eq!(verb("pushes", "VBZ"), "push");
        assert_eq!(verb("travelled", "VBD"), "travel");
        assert_eq!(verb("visited", "VBD"), "visit");
        assert_eq!(verb("continued", "VBD"), "continue");
        assert_eq!(verb("created", "VBN"), "create");
        assert_eq!(verb("negotiating", "VBG"), "negotiate");
        assert_eq!(verb("treated", "VBN"), "treat");
        assert_eq!(verb("floated", "VBD"), "float");
        assert_eq!(verb("eating", "VBG"), "eat");
        assert_eq!(verb("biting", "VBG"), "bite");
    }

    #[test]
    fn irregular_verbs_come_from_the_table() {
        assert_eq!(verb("met", "VBD"), "meet");
        assert_eq!(verb("was", "VBD"), "be");
        assert_eq!(lemmatize("is", Upos::Aux, "VBZ"), "be");
        assert_eq!(verb("withdrew", "VBD"), "withdraw");
        // A tagger may read an irregular past as a present; "wound" may be one.
        assert_eq!(verb("froze", "VBP"), "freeze");
        assert_eq!(verb("wound", "VBP"), "wound");
        assert_eq!(verb("sought", "VBD"), "seek");
        assert_eq!(verb("lay", "VBP"), "lay");
        assert_eq!(verb("lay", "VBD"), "lie");
        assert_eq!(lemmatize("n't", Upos::Part, "RB"), "not");
        assert_eq!(lemmatize("ca", Upos::Aux, "MD"), "can");
    }

    #[test]
    fn nouns_lose_their_plural() {
        let noun = |w: &str| lemmatize(w, Upos::Noun, "NNS");
        assert_eq!(noun("countries"), "country");
        assert_eq!(noun("troops"), "troop");
        assert_eq!(noun("attacks"), "attack");
        assert_eq!(noun("women"), "woman");
        assert_eq!(noun("congressmen"), "congressman");
        assert_eq!(noun("crises"), "crisis");
        assert_eq!(noun("boxes"), "box");
        assert_eq!(noun("cases"), "case");
        assert_eq!(noun("Elections"), "election");
        assert_eq!(lemmatize("news", Upos::Noun, "NN"), "news");
    }

    #[test]
    fn proper_nouns_keep_their_case_and_others_are_lowered() {
        assert_eq!(lemmatize("Baghdad", Upos::Propn, "NNP"), "Baghdad");
        assert_eq!(lemmatize("The", Upos::Det, "DT"), "the");
        assert_eq!(lemmatize("Iraquí", Upos::Adj, "JJ"), "iraquí");
    }

    #[test]
    fn untagged_words_are_guessed_from_their_shape() {
        assert_eq!(lemmatize("met", Upos::X, ""), "meet");
        assert_eq!(lemmatize("rockets", Upos::X, ""), "rocket");
        assert_eq!(lemmatize("attacking", Upos::X, ""), "attack");
    }

    #[test]
    fn stage_fills_every_lemma() {
        let mut doc = Doc::new(dyad_model::Document::new("d", "Rockets hit"));
        doc.tokens = vec![
            dyad_model::Token {
                text: "Rockets".into(),
                upos: Upos::Noun,
                xpos: "NNS".into(),
                ..Default::default()
            },
            dyad_model::Token {
                text: "hit".into(),
                upos: Upos::Verb,
                xpos: "VBD".into(),
                ..Default::default()
            },
        ];
        LemmaStage.run(&mut doc, &mut Vec::new());
        let lemmas: Vec<&str> = doc.tokens.iter().map(|t| t.lemma.as_str()).collect();
        assert_eq!(lemmas, ["rocket", "hit"]);
    }
}
