//! The event coder: from a sentence's tokens and actors, the events a trained human
//! coder would record, in CAMEO and PLOVER, with modality and provenance.
//!
//! Runs after the knowledge base has found actors. For each sentence it finds event
//! triggers (verbs and event nouns of the [`VerbDictionary`]), picks the most specific
//! pattern that the words around the trigger satisfy, assigns source and target actors,
//! reads modality, and builds an [`Event`] whose provenance names the rule, the
//! dictionary entry and every span that played a role.
//!
//! The coder never touches files, the clock or the network: dictionaries come in as
//! values.
//!
//! ```
//! use dyad_coder::{CoderConfig, CoderStage, VerbDictionary};
//! use dyad_model::Stage;
//!
//! let stage = CoderStage::new(VerbDictionary::built_in().unwrap(), CoderConfig::default());
//! assert_eq!(stage.name(), "coder.cameo.v1");
//! ```

#![warn(missing_docs)]

mod deps;
mod dict;
mod discard;
mod modality;
mod plover;
mod protest;
mod roles;
pub mod score;
mod weapon;
mod wish;

pub use dict::{DictError, DiscardSet, EntryRef, NounPattern, VerbDictionary, VerbPattern, WordSequence};
pub use modality::{intent_code, read_modality, ModalityReading};
pub use plover::plover_for;
pub use roles::{clause_bounds, Roles};

use dyad_model::{
    content_id, Actor, Diagnostic, Doc, Event, EventCode, EventDate, GoldsteinScale, Layer, Modality,
    Provenance, RoleSpan, Span, Stage, Upos,
};

/// How the coder behaves.
#[derive(Debug, Clone)]
pub struct CoderConfig {
    /// Which Goldstein values to report.
    pub goldstein: GoldsteinScale,
    /// Keep negated and hypothetical events (marked as such) instead of dropping them.
    pub keep_unasserted: bool,
    /// Require both a source and a target (PETRARCH's `require_dyad`).
    pub require_dyad: bool,
}

impl Default for CoderConfig {
    fn default() -> Self {
        CoderConfig { goldstein: GoldsteinScale::Gdelt, keep_unasserted: false, require_dyad: false }
    }
}

/// The coder as a pipeline stage.
pub struct CoderStage {
    dictionary: VerbDictionary,
    config: CoderConfig,
}

impl CoderStage {
    /// A coder with these dictionaries and settings.
    pub fn new(dictionary: VerbDictionary, config: CoderConfig) -> CoderStage {
        CoderStage { dictionary, config }
    }

    /// The verb dictionary in use.
    pub fn dictionary(&self) -> &VerbDictionary {
        &self.dictionary
    }
}

impl Stage for CoderStage {
    fn name(&self) -> &'static str {
        "coder.cameo.v1"
    }

    fn requires(&self) -> &'static [Layer] {
        &[Layer::Sentences, Layer::Tokens, Layer::Actors]
    }

    fn provides(&self) -> &'static [Layer] {
        &[Layer::Events]
    }

    fn run(&self, doc: &mut Doc, diags: &mut Vec<Diagnostic>) {
        let Some(published) = doc.document.date else {
            diags.push(Diagnostic::warning(
                self.name(),
                format!("doc {}", doc.document.id),
                "document has no date; its events cannot be dated and were not coded",
            ));
            return;
        };
        let mut events = Vec::new();
        for sentence_idx in 0..doc.sentences.len() {
            code_sentence(
                doc,
                sentence_idx,
                &self.dictionary,
                &self.config,
                EventDate::day(published),
                &mut events,
            );
        }
        doc.events = merge_repeated_events(events);
    }
}

/// Whether a bare role word only describes a thing: "joint military exercises", "a
/// police station". With no country it names nobody, and the noun it modifies is the
/// argument.
fn is_modifier_only(
    tree: &dyad_syntax::tree::Tree<'_>,
    range: &std::ops::Range<usize>,
    mention: &dyad_model::ActorMention,
) -> bool {
    if range.is_empty() {
        return false;
    }
    let head = range.end - 1;
    let modifies = (tree.has_relation(head, "amod") || tree.has_relation(head, "compound"))
        .then(|| tree.head(head))
        .flatten()
        .filter(|h| !range.contains(h));
    let Some(noun) = modifies else { return false };
    if dyad_model::actor_code::is_role_only(&mention.actor.code) {
        // "shelled rebel positions", "an army checkpoint": what armed people hold
        // stands for them.
        // Not when they only say where something happened ("rallied outside army
        // headquarters").
        let (_, preposition) = tree.case_marker(noun);
        // The parser sometimes tags "outside" as an adverb and the place as an object.
        let word_before = tree.noun_phrase(noun).start.checked_sub(1).map(|i| deps::lemma(tree, i));
        let nearby = preposition
            .as_ref()
            .or(word_before.as_ref())
            .is_some_and(|p| PROXIMITY_PREPOSITIONS.contains(&p.as_str()));
        let held = STAND_IN_NOUNS.contains(&deps::lemma(tree, noun).as_str()) && !nearby;
        // An army's or a police force's post stands for it only where it is acted on
        // (the object, or "at", "on", "against" it): "the army base" elsewhere places.
        let acted_on = tree.has_relation(noun, "obj")
            || preposition.as_deref().is_some_and(|p| matches!(p, "at" | "on" | "against" | "into"));
        let stands_for = match mention.actor.code.as_str() {
            "MIL" | "COP" => acted_on,
            code => is_armed_role(code),
        };
        return !(held && stands_for);
    }
    // A nationality that only says near which place something happened: "near the
    // Turkish border", "along the Syrian coast". Places under fire ("missiles at
    // Ukrainian cities") or holding the target ("a mosque in the Afghan city of
    // Herat") keep their country.
    let demonym = mention.rule.starts_with("kb.alias.demonym");
    let word = deps::lemma(tree, noun);
    let (_, preposition) = tree.case_marker(noun);
    let nearby = preposition.as_ref().is_some_and(|p| PROXIMITY_PREPOSITIONS.contains(&p.as_str()));
    // "demonstrated in the Sri Lankan capital": where the act happened, not whom it
    // concerns.
    let scene = preposition.is_some_and(|p| LOCATIVE_PREPOSITIONS.contains(&p.as_str()))
        && tree.has_relation(noun, "obl")
        && tree.children_with(noun, "acl").is_empty();
    demonym && (nearby || scene) && PLACE_NOUNS.contains(&word.as_str())
}

/// Nouns for what armed people hold, which stand for them when attacked: "rebel
/// positions", "militant hideouts".
const STAND_IN_NOUNS: &[&str] = &[
    "position",
    "target",
    "hideout",
    "stronghold",
    "base",
    "camp",
    "convoy",
    "checkpoint",
    "outpost",
    "post",
    "headquarters",
    "defence",
    "defense",
    "line",
    "fortification",
    "bunker",
    "trench",
    "territory",
    "enclave",
    "station",
    "patrol",
    "barracks",
    "garrison",
    "unit",
    "vehicle",
];

/// Prepositions that say something happened close to a place, not in or to it.
const PROXIMITY_PREPOSITIONS: &[&str] =
    &["near", "along", "across", "outside", "around", "toward", "towards"];

/// Nouns that name a stretch of land or water: a nationality on them places, it does
/// not act.
const PLACE_NOUNS: &[&str] = &[
    "border",
    "frontier",
    "coast",
    "coastline",
    "countryside",
    "territory",
    "water",
    "airspace",
    "side",
    "soil",
    "village",
    "town",
    "city",
    "province",
    "region",
    "capital",
    "port",
    "island",
    "mainland",
    "desert",
    "mountain",
];

/// Prepositions that only place what happens ("in Baghdad", "near Kyiv"); "at" and "on"
/// are left out, since they also name targets ("fired at Jerusalem", "strikes on Kyiv").
const LOCATIVE_PREPOSITIONS: &[&str] =
    &["in", "near", "outside", "inside", "around", "across", "throughout", "via", "through", "within"];

/// Whether a capital mention only says where something happened: the object of a
/// locative preposition, or a modifier of a place noun ("Baghdad airport").
fn is_place_only(
    tree: &dyad_syntax::tree::Tree<'_>,
    range: &std::ops::Range<usize>,
    mention: &dyad_model::ActorMention,
) -> bool {
    if !mention.rule.contains("capital_metonym") || range.is_empty() {
        return false;
    }
    let head = range.end - 1;
    let (_, preposition) = tree.case_marker(head);
    if preposition.is_some_and(|p| LOCATIVE_PREPOSITIONS.contains(&p.as_str())) {
        return true;
    }
    tree.has_relation(head, "compound") && tree.head(head).is_some_and(|h| !range.contains(&h))
}

/// A trigger and the pattern that fired on it.
struct Trigger<'d> {
    token: usize,
    /// Last token of the matched words (particle, object or preposition).
    end: usize,
    code: EventCode,
    /// The code of the reverse event (target to source) the words also report.
    reverse: Option<EventCode>,
    /// Whether the pattern is for coordinated doers, who act on each other.
    compound: bool,
    /// Whether only a crowd can be the doer (`doer = "crowd"`).
    crowd_doer: bool,
    /// Whether the event runs from the target to the source (a pattern with only a
    /// reverse code).
    reverse_only: bool,
    /// Whether the pattern's words before the verb include a negation or a modal, so
    /// that its code already says what they mean.
    modality_in_pattern: bool,
    modes: &'d [String],
    entry: String,
    nominal: bool,
    preposition: Option<usize>,
    target_preps: Vec<String>,
    source_preps: &'d [String],
    object_constrained: bool,
}

/// Verbs that, as participles describing a noun, name a lasting relation rather than
/// an event.
const STANDING_TIES: &[&str] = &["back", "support", "ally", "link", "affiliate", "align", "sponsor"];

/// Negations and modals: a pattern that names one before its verb has coded its meaning.
const MODALITY_WORDS: &[&str] = &[
    "not", "n't", "never", "no", "will", "wo", "would", "shall", "should", "may", "might", "can", "ca",
    "could", "must",
];

/// The object class that matches any word of an actor mention other than armed forces.
pub(crate) const ACTOR_OBJECT: &str = "@actor";

/// The object class that matches any word of a town's or region's name.
pub(crate) const PLACE_OBJECT: &str = "@place";

/// The forms a token may be looked up under: its lemma when a lemmatiser has run, else
/// the word and the stems that regular English inflection could have come from
/// ("attacked" -> attack, "rockets" -> rocket, "stopped" -> stop).
fn lookup_forms(token: &dyad_model::Token) -> Vec<String> {
    if !token.lemma.is_empty() {
        let lemma = token.lemma.to_lowercase();
        // Suffix rules cannot always tell whether a stem lost a silent e ("extradited"
        // -> "extradit"); the dictionary can, so both readings are looked up, the
        // lemma first.
        let inflected = matches!(token.xpos.as_str(), "VBD" | "VBN" | "VBG");
        if inflected && lemma.len() > 3 && !lemma.ends_with('e') {
            let with_e = format!("{lemma}e");
            return vec![lemma, with_e];
        }
        return vec![lemma];
    }
    let word = token.text.to_lowercase();
    let mut forms = vec![word.clone()];
    let mut add = |form: String| {
        if form.len() > 2 && !forms.contains(&form) {
            forms.push(form);
        }
    };
    if let Some(stem) = word.strip_suffix("ies") {
        add(format!("{stem}y"));
    }
    for suffix in ["es", "s", "ed", "d", "ing"] {
        if let Some(stem) = word.strip_suffix(suffix) {
            add(stem.to_string());
            if suffix == "ing" || suffix == "ed" {
                add(format!("{stem}e"));
                // Undo consonant doubling: "stopped" -> "stop".
                let bytes = stem.as_bytes();
                if bytes.len() > 2 && bytes[bytes.len() - 1] == bytes[bytes.len() - 2] {
                    add(stem[..stem.len() - 1].to_string());
                }
            }
        }
    }
    forms
}

/// Finds the pattern of `token`, if any, within the clause `[token, clause_end)`.
fn match_trigger<'d>(
    tokens: &[dyad_model::Token],
    lemmas: &[Vec<String>],
    token: usize,
    clause_end: usize,
    dictionary: &'d VerbDictionary,
    tree: Option<&dyad_syntax::tree::Tree<'_>>,
) -> Option<Trigger<'d>> {
    let upos = tokens[token].upos;
    let untagged = upos == Upos::X;
    if upos == Upos::Verb || untagged {
        // The best pattern so far: most specific, then nearest object; `None` for a
        // pattern that says the words are no event.
        type Score = (usize, std::cmp::Reverse<usize>);
        let mut best: Option<(Score, Option<Trigger<'d>>)> = None;
        let patterns =
            lemmas[token].iter().map(|form| dictionary.verb_patterns(form)).find(|p| !p.is_empty());
        // With a parse, patterns are checked against the verb's dependents; word order
        // decides only when the parse satisfies no pattern at all.
        let mut by_tree: Vec<Option<(usize, Option<usize>, usize)>> = patterns
            .unwrap_or(&[])
            .iter()
            .map(|pattern| {
                tree.and_then(|tree| deps::verb_pattern_matches_tree(tree, lemmas, token, pattern))
            })
            .collect();
        let mut use_tree = by_tree.iter().any(Option::is_some);
        // "Azerbaijan and Armenia clashed": coordinated subjects act on each other, so
        // the preposition that names the other side ("clashed with") is not needed.
        let coordinated_subject = tree.is_some_and(|tree| {
            tree.subjects(token).iter().any(|&subject| tree.conjuncts(subject).len() >= 2)
        });
        if coordinated_subject {
            for (pattern, tree_match) in patterns.unwrap_or(&[]).iter().zip(by_tree.iter_mut()) {
                // Only events with two sides that both take part: a meeting, a treaty,
                // joint exercises, a clash; "X and Y left" is not X leaving Y. The
                // pattern keeps its specificity, so "hold exercises with" (062) beats
                // "hold exercises" (a show of force, 150) for two sides.
                let two_sided = pattern
                    .code
                    .is_some_and(|code| is_symmetric(code) || matches!(code.root().as_str(), "06" | "19"));
                if tree_match.is_some() || pattern.preps.is_empty() || !two_sided {
                    continue;
                }
                let relaxed = VerbPattern { preps: Vec::new(), ..pattern.clone() };
                *tree_match =
                    tree.and_then(|tree| deps::verb_pattern_matches_tree(tree, lemmas, token, &relaxed));
            }
            use_tree = by_tree.iter().any(Option::is_some);
        }
        for (pattern, tree_match) in patterns.unwrap_or(&[]).iter().zip(by_tree) {
            let matched = if use_tree {
                tree_match
            } else {
                verb_pattern_matches(tokens, lemmas, token, clause_end, pattern)
                    .map(|(end, preposition)| (end, preposition, 0))
            };
            let Some((end, preposition, rank)) = matched else {
                continue;
            };
            if !pattern.before.is_empty() && !before_matches(tokens, lemmas, token, pattern) {
                continue;
            }
            if pattern.form.as_ref().is_some_and(|form| !tokens[token].text.eq_ignore_ascii_case(form)) {
                continue;
            }
            if pattern.compound && !coordinated_subject {
                continue;
            }
            // Words after the verb are looked for in what the verb governs (its
            // clauses too: "allowed that Mordor isn't a really pleasant place"), or in
            // its clause without a parse.
            let after_end = tree
                .and_then(|tree| tree.subtree(token).last().map(|&last| last + 1))
                .unwrap_or(clause_end)
                .max(token + 1);
            if !pattern.after.is_empty() && !words_match(tokens, lemmas, token + 1..after_end, &pattern.after)
            {
                continue;
            }
            let score = (pattern.specificity(), std::cmp::Reverse(rank));
            if best.as_ref().is_none_or(|(s, _)| score > *s) {
                best = Some((
                    score,
                    pattern.code.or(pattern.reverse).map(|code| Trigger {
                        token,
                        end,
                        code,
                        reverse: pattern.code.and(pattern.reverse),
                        reverse_only: pattern.code.is_none(),
                        compound: pattern.compound,
                        crowd_doer: pattern.crowd_doer,
                        modality_in_pattern: pattern
                            .before
                            .words()
                            .any(|word| MODALITY_WORDS.contains(&word)),
                        modes: &pattern.modes,
                        entry: pattern.entry.to_string(),
                        nominal: false,
                        preposition,
                        target_preps: pattern.preps.clone(),
                        source_preps: &[],
                        object_constrained: pattern.object.is_some(),
                    }),
                ));
            }
        }
        if let Some((_, trigger)) = best {
            return trigger;
        }
    }
    if matches!(upos, Upos::Noun | Upos::Propn) || untagged {
        let patterns =
            lemmas[token].iter().map(|form| dictionary.noun_patterns(form)).find(|p| !p.is_empty());
        // A noun inside a compound ("aid workers", "attack helicopters") names a
        // thing, not an event.
        if tree.is_some_and(|tree| tree.has_relation(token, "compound")) {
            return None;
        }
        for pattern in patterns.unwrap_or(&[]) {
            let preposition = (token + 1..clause_end.min(token + 4))
                .find(|&i| pattern.target_preps.iter().any(|p| *p == tokens[i].text.to_lowercase()));
            if preposition.is_none()
                && !pattern.target_preps.is_empty()
                && patterns.is_some_and(|p| p.len() > 1)
            {
                continue;
            }
            return Some(Trigger {
                token,
                end: preposition.unwrap_or(token),
                code: pattern.code,
                reverse: None,
                reverse_only: false,
                compound: false,
                crowd_doer: false,
                modality_in_pattern: false,
                modes: &pattern.modes,
                entry: pattern.entry.to_string(),
                nominal: true,
                preposition,
                target_preps: pattern.target_preps.clone(),
                source_preps: &pattern.source_preps,
                object_constrained: false,
            });
        }
    }
    None
}

/// Whether the words a pattern wants before its verb come before `verb` in the
/// sentence, in order, as written or as lemmas.
fn before_matches(
    tokens: &[dyad_model::Token],
    lemmas: &[Vec<String>],
    verb: usize,
    pattern: &VerbPattern,
) -> bool {
    words_match(tokens, lemmas, 0..verb, &pattern.before)
}

/// Whether the words a pattern wants occur in `range`, in order, as written or as
/// lemmas.
pub(crate) fn words_match(
    tokens: &[dyad_model::Token],
    lemmas: &[Vec<String>],
    range: std::ops::Range<usize>,
    wanted: &dict::WordSequence,
) -> bool {
    if wanted.is_empty() {
        return true;
    }
    let words: Vec<Vec<String>> = range
        .map(|i| {
            let mut forms = lemmas[i].clone();
            forms.push(tokens[i].text.to_lowercase());
            forms
        })
        .collect();
    wanted.matches(&words)
}

/// Whether the object at `object` has the modifiers a pattern wants of it ("diplomatic
/// ties"), among the few words up to it, not reaching back past the verb.
pub(crate) fn object_phrase_matches(
    tokens: &[dyad_model::Token],
    lemmas: &[Vec<String>],
    verb: usize,
    object: usize,
    pattern: &VerbPattern,
) -> bool {
    let floor = if verb < object { verb + 1 } else { 0 };
    words_match(tokens, lemmas, object.saturating_sub(6).max(floor)..object + 1, &pattern.object_phrase)
}

/// Checks a verb pattern's particle, object and preposition against the words after
/// the verb. Returns the last matched token and the preposition's position.
fn verb_pattern_matches(
    tokens: &[dyad_model::Token],
    lemmas: &[Vec<String>],
    verb: usize,
    clause_end: usize,
    pattern: &VerbPattern,
) -> Option<(usize, Option<usize>)> {
    let mut end = verb;
    if let Some(particle) = &pattern.particle {
        let next =
            (verb + 1..clause_end.min(verb + 3)).find(|&i| tokens[i].text.eq_ignore_ascii_case(particle))?;
        end = next;
    }
    if let Some(objects) = &pattern.object {
        // The object is a noun within the next few words ("fired 14 rockets", "signed an
        // 800 million ducat trade protocol").
        // Word order cannot tell an object from an oblique, so `@actor` (which asks
        // for the object itself) needs the parse.
        let object = (end + 1..clause_end.min(end + 8)).find(|&i| {
            lemmas[i]
                .iter()
                .any(|form| form != ACTOR_OBJECT && form != PLACE_OBJECT && objects.contains(form))
                && object_phrase_matches(tokens, lemmas, verb, i, pattern)
        })?;
        end = object;
    }
    let mut preposition = None;
    if !pattern.preps.is_empty() {
        let found = (end + 1..clause_end).find(|&i| {
            let word = tokens[i].text.to_lowercase();
            pattern.preps.contains(&word)
        })?;
        preposition = Some(found);
        end = found;
    }
    Some((end, preposition))
}

fn code_sentence(
    doc: &Doc,
    sentence_idx: usize,
    dictionary: &VerbDictionary,
    config: &CoderConfig,
    published: EventDate,
    events: &mut Vec<Event>,
) {
    let sentence = &doc.sentences[sentence_idx];
    let offset = sentence.tokens.start;
    let tokens = &doc.tokens[sentence.tokens.clone()];
    // Sports reports "attack", "shoot" and "beat" without any political event; films
    // are "shot" and companies "attack" markets.
    let words: Vec<&str> = tokens.iter().map(|t| t.text.as_str()).collect();
    if dictionary.discard_for(&words).is_some() {
        return;
    }
    // Actor mentions of this sentence, with token ranges relative to the sentence.
    let actors: Vec<(std::ops::Range<usize>, &dyad_model::ActorMention)> = doc
        .actors
        .iter()
        .filter(|mention| mention.sentence == sentence_idx)
        .map(|mention| (mention.tokens.start - offset..mention.tokens.end - offset, mention))
        .collect();
    let mut lemmas: Vec<Vec<String>> = tokens.iter().map(lookup_forms).collect();
    // A hyphenated verb is split by the tokeniser ("test - fired"); its last word also
    // answers to the whole compound, first, so that "test-fire" is found before "fire".
    for i in 2..tokens.len() {
        let joined = tokens[i - 1].text == "-"
            && tokens[i - 2].span.end == tokens[i - 1].span.start
            && tokens[i - 1].span.end == tokens[i].span.start;
        if joined {
            let first = tokens[i - 2].text.to_lowercase();
            let compounds: Vec<String> = lemmas[i].iter().map(|form| format!("{first}-{form}")).collect();
            lemmas[i].splice(0..0, compounds);
        }
    }
    // Words of an actor's name also answer to `@actor`, so a pattern can ask for a
    // person or a state as its object ("received the Iranian foreign minister").
    // Armed forces are stationed, not received: a base "hosts US troops".
    for (range, mention) in &actors {
        if mention.actor.code.contains("MIL") {
            continue;
        }
        for forms in &mut lemmas[range.clone()] {
            forms.push(ACTOR_OBJECT.to_string());
        }
    }
    // Words of a town or region's name answer to `@place` ("rockets hit Kharkiv").
    for place in doc.places.iter().filter(|p| p.sentence == sentence_idx) {
        if matches!(place.location.precision, dyad_model::GeoPrecision::Country) {
            continue;
        }
        for (i, token) in tokens.iter().enumerate() {
            if token.span.overlaps(place.span) {
                lemmas[i].push(PLACE_OBJECT.to_string());
            }
        }
    }
    let lemma_refs: Vec<&str> = lemmas.iter().flatten().map(String::as_str).collect();
    let ranges: Vec<std::ops::Range<usize>> = actors.iter().map(|(range, _)| range.clone()).collect();
    let parsed = doc.has(Layer::Deps) && tokens.iter().any(|t| !t.deprel.is_empty());
    let tree = parsed.then(|| dyad_syntax::tree::Tree::new(tokens));
    // Capitals where the sentence only places something ("talks in Washington", "at
    // Baghdad airport") play no role; their ranges are emptied for role finding.
    let role_ranges: Vec<std::ops::Range<usize>> = actors
        .iter()
        .map(|(range, mention)| match &tree {
            Some(tree) if is_place_only(tree, range, mention) || is_modifier_only(tree, range, mention) => {
                usize::MAX..usize::MAX
            }
            _ => range.clone(),
        })
        .collect();
    // A bare role word for people ("students": one word, no country or name) names
    // victims as civilians like any other word for people: "kidnapped 100 students"
    // falls on civilians, as "killed ten workers" does.
    let victim_blockers: Vec<std::ops::Range<usize>> = actors
        .iter()
        .zip(&role_ranges)
        .map(|((range, mention), role_range)| {
            let head = &tokens[range.end - 1].lemma;
            if range.len() == 1
                && mention.rule.starts_with("kb.agent.bare")
                && !mention.actor.code.ends_with("CVL")
                && PERSON_NOUNS.contains(&head.to_lowercase().as_str())
            {
                usize::MAX..usize::MAX
            } else {
                role_range.clone()
            }
        })
        .collect();
    // Words that completed an earlier pattern ("sanctions" in "imposed sanctions on")
    // are part of that event, not events of their own.
    let mut consumed_until = 0;
    let mut triggered: Vec<(usize, EventCode)> = Vec::new();
    // Words that said what an appeal, demand or rejection was about: part of that event.
    let mut wished: Vec<usize> = Vec::new();
    for token in 0..tokens.len() {
        // Words inside an actor's name ("the Defence Ministry") are not triggers.
        if token < consumed_until
            || wished.contains(&token)
            || ranges.iter().any(|range| range.contains(&token))
        {
            continue;
        }
        // A participle that describes a noun names no event of its own: "Israeli-backed
        // militia", "the US-led coalition", "rebel-held areas".
        let participle = matches!(tokens[token].xpos.as_str(), "VBN" | "VBG" | "VBD");
        let describes_noun = tree.as_ref().is_some_and(|tree| tree.has_relation(token, "amod"))
            && participle
            && token > 0
            && tokens[token - 1].text == "-";
        // Likewise a standing tie named by a participle after its noun: "the Republican
        // Guard, backed by Palestinian militias", "Ivorians backing President Gbagbo".
        let standing_tie = participle
            && tree
                .as_ref()
                .is_some_and(|tree| tree.has_relation(token, "acl") || tree.has_relation(token, "amod"))
            && lemmas[token].iter().any(|form| STANDING_TIES.contains(&form.as_str()));
        if describes_noun || standing_tie {
            continue;
        }
        let (clause_start, clause_end) = clause_bounds(tokens, token);
        let Some(mut trigger) = match_trigger(tokens, &lemmas, token, clause_end, dictionary, tree.as_ref())
        else {
            continue;
        };
        if let Some(tree) = &tree {
            let code_of = |word: usize| {
                let (_, end) = clause_bounds(tokens, word);
                match_trigger(tokens, &lemmas, word, end, dictionary, Some(tree)).map(|t| t.code)
            };
            if let Some(wish) = wish::refine(tree, &lemmas, token, trigger.code, dictionary, code_of) {
                trigger.code = wish.code;
                trigger.entry = format!("{} + wish \"{}\"", trigger.entry, tokens[wish.word].text);
                wished.push(wish.word);
            }
            // A warning of one's own coming act is a threat; of another's act, a
            // pessimistic comment, whatever violent words it contains.
            if lemmas[token].iter().any(|form| form == "warn") {
                let side = |actor: usize| {
                    let code = &actors[actor].1.actor.code;
                    (!dyad_model::actor_code::is_role_only(code))
                        .then(|| code.get(..3).unwrap_or(code).to_string())
                };
                let reading =
                    deps::warning_about(tree, &role_ranges, token, |a, b| Some(side(a)? == side(b)?));
                let refined = match reading {
                    Some(deps::Warning::OwnAct { act }) if trigger.code.root().as_str() != "13" => {
                        code_of(act).and_then(wish::threat_of).or_else(|| EventCode::parse("138").ok())
                    }
                    Some(deps::Warning::OthersAct) if trigger.code.root().as_str() == "13" => {
                        EventCode::parse("012").ok()
                    }
                    _ => None,
                };
                if let Some(code) = refined {
                    trigger.code = code;
                    trigger.entry = format!("{} + whose act it warns of", trigger.entry);
                }
            }
            if let Some((code, word)) = weapon::refine(tree, &lemmas, token, trigger.code) {
                trigger.code = code;
                trigger.entry = format!("{} + weapon \"{}\"", trigger.entry, tokens[word].text);
            }
            // "peace talks", "ceasefire talks": talks about ending a conflict are
            // negotiations (046), not a consultation.
            if trigger.code.as_str() == "040" && is_peace_talk(tree, token) {
                if let Ok(negotiate) = EventCode::parse("046") {
                    trigger.code = negotiate;
                    trigger.entry = format!("{} + peace talks", trigger.entry);
                }
            }
            // Violence by a crowd on the street is a riot: "protesters stormed the
            // residence", "rioters looted shops".
            let violent =
                matches!(trigger.code.root().as_str(), "18" | "19") || trigger.code.as_str() == "1712";
            if violent && protest::is_riot(tree, token) {
                // A crowd's blockade blocks passage (144); anything else is a riot.
                let riot = if trigger.code.as_str() == "191" { "144" } else { "145" };
                if let Ok(riot) = EventCode::parse(riot) {
                    trigger.code = riot;
                    trigger.entry = format!("{} + riot", trigger.entry);
                }
            }
            if let Some((code, word)) = protest::refine_by_purpose(tree, token, trigger.code) {
                trigger.code = code;
                trigger.entry = format!("{} + purpose \"{}\"", trigger.entry, tokens[word].text);
            }
        }
        if !trigger.nominal {
            consumed_until = trigger.end + 1;
        }
        // "threatened to attack", "refused to extradite", "agreed to restore": the
        // governing verb's event already says what happened to the plan; the
        // complement is not an event of its own.
        if let Some(tree) = &tree {
            // Likewise a participle clause that reports a consequence shares the
            // main event: "launched 80 missiles at cities, killing 19 people".
            let consequence = tree.has_relation(token, "advcl")
                && tokens[token].xpos == "VBG"
                && tree.subjects(token).is_empty();
            let governing = tree.head(token).and_then(|governor| {
                triggered.iter().find(|(t, _)| *t == governor && governor < token).map(|(_, code)| *code)
            });
            if (tree.has_relation(token, "xcomp") || consequence) && governing.is_some() {
                continue;
            }
            // "rejected international pressure to recognise a Palestinian state",
            // "Norway's attempts to broker peace": an infinitive describing a noun
            // names an act wished for or planned, not one done. Not so "the sixth
            // commander to be killed" (a passive: it happened to the noun), "an
            // operation to recapture Raqqa", "a commission to investigate war crimes"
            // (an operation or a body exists for that act), or "used tear gas to
            // disperse protesters" (a purpose the parser hung on the object).
            let purpose_verb = |i: usize| PURPOSE_VERBS.contains(&tokens[i].lemma.to_lowercase().as_str());
            let purposeful = |noun: usize| {
                // Coordinated objects share the verb ("tear gas and stun grenades"),
                // even when the parser makes the last a conjunct of the verb itself.
                let first = tree.coordination_head(noun);
                OPERATION_NOUNS.contains(&tokens[noun].lemma.to_lowercase().as_str())
                    || purpose_verb(first)
                    || (tree.has_relation(first, "obj") && tree.head(first).is_some_and(purpose_verb))
            };
            // Headlines drop the auxiliary: "Iraq's prime minister to meet Joe Biden"
            // hangs the verb off its subject, and means a plan.
            let infinitive_of_noun = !sentence.headline
                && tree.has_relation(token, "acl")
                && !tree.has_relation(token, "acl:relcl")
                && !tree.is_passive(token)
                && tree.head(token).is_none_or(|noun| !purposeful(noun))
                && tree
                    .children_with(token, "mark")
                    .iter()
                    .any(|&m| tokens[m].text.eq_ignore_ascii_case("to"));
            if infinitive_of_noun {
                continue;
            }
            // "blocked roads to protest against power cuts", "took to the streets to
            // protest": a purpose clause of the same kind says why, not what else.
            let same_kind = governing.is_some_and(|code| code.root() == trigger.code.root());
            if tree.has_relation(token, "advcl") && same_kind {
                continue;
            }
            // "demanded that the government expel the coalition", "urged that Israel
            // halt strikes": what an appeal, demand, rejection or threat asks for has
            // not happened; the governing event is the event.
            let asks =
                governing.is_some_and(|code| matches!(code.root().as_str(), "02" | "10" | "12" | "13"));
            if tree.has_relation(token, "ccomp") && asks {
                continue;
            }
            // "vetoed a resolution condemning the referendums", "refused to comply with
            // the resolution demanding a ceasefire": a participle that describes what
            // an earlier event acted on is part of that event.
            let described = tree.has_relation(token, "acl")
                && tokens[token].xpos == "VBG"
                && tree.head(token).and_then(|noun| tree.head(noun)).is_some_and(|governor| {
                    governor < token && triggered.iter().any(|(t, _)| *t == governor)
                });
            if described {
                continue;
            }
        }
        triggered.push((token, trigger.code));
        // Roles from the parse where there is one; word order otherwise, or when the
        // parse finds neither a source nor a target.
        let parsed = tree.as_ref().map(|tree| {
            let shape = deps::DepTrigger {
                token,
                nominal: trigger.nominal,
                target_preps: &trigger.target_preps,
                source_preps: trigger.source_preps,
                object_constrained: trigger.object_constrained,
                conditional_by_nature: is_conditional_by_nature(trigger.code),
            };
            deps::assign_by_deps(tree, &role_ranges, &shape, sentence.headline)
        });
        let linear =
            roles::assign_roles(tokens, &role_ranges, &trigger_shape(&trigger), clause_start, clause_end);
        let instrument_subject = parsed.as_ref().is_some_and(|p| p.instrument_subject);
        // Unnamed people an act of force falls on are civilians: "Iran executed a man",
        // "gunmen killed 12 people in Borno" (see `victims`).
        let victims = match (&tree, trigger.code.root().as_str()) {
            (Some(tree), "17" | "18" | "19" | "20") => {
                victims(doc, sentence_idx, tree, token, &victim_blockers, Victims::Direct)
            }
            _ => None,
        };
        // A crowd the knowledge base does not name protests: "more than a million
        // people marched", "Greek public sector workers walked off the job".
        let named: Vec<(std::ops::Range<usize>, &str)> =
            actors.iter().map(|(range, m)| (range.clone(), m.actor.code.as_str())).collect();
        // "demonstrated its resolve", "was demonstrated by": showing, not protesting.
        if tree
            .as_ref()
            .is_some_and(|tree| trigger.code.root().as_str() == "14" && protest::is_showing(tree, token))
        {
            continue;
        }
        // Where a protest happens: its crowd's country unless the text says otherwise.
        let protest_place = match &tree {
            Some(tree) if trigger.code.root().as_str() == "14" => {
                place_of_act(doc, sentence_idx, tree, token)
                    .or_else(|| sentence_country(doc, sentence_idx))
                    .or_else(|| first_place_country(doc, sentence_idx))
            }
            _ => None,
        };
        let crowd = match &tree {
            Some(tree) if trigger.code.root().as_str() == "14" => {
                protest::crowd(doc, sentence_idx, tree, token, &named, protest_place.clone())
            }
            _ => None,
        };
        // "Troops marched through the city": a pattern for crowds needs one.
        if trigger.crowd_doer
            && crowd.is_none()
            && !tree.as_ref().is_some_and(|tree| protest::is_crowd(tree, token, &named))
            && !protest::civil_doer_before(token, &named)
        {
            continue;
        }
        // A crowd that protests demonstrates (141); a state that protests complains.
        if let Some(tree) = tree.as_ref().filter(|_| trigger.code.as_str() == "140") {
            // A pattern for crowds has found one (see above).
            if trigger.crowd_doer || protest::is_crowd(tree, token, &named) {
                if let Ok(demonstrate) = EventCode::parse("141") {
                    trigger.code = demonstrate;
                    trigger.entry = format!("{} + crowd", trigger.entry);
                    if let Some((code, word)) = protest::refine_by_purpose(tree, token, trigger.code) {
                        trigger.code = code;
                        trigger.entry = format!("{} + purpose \"{}\"", trigger.entry, tokens[word].text);
                    }
                }
            }
        }
        // Whether the parse gives the verb a subject the knowledge base does not know,
        // its own or that of the verb it is coordinated with: then the nearest actor
        // before the verb is not its doer ("a suicide bomber killed five soldiers and
        // wounded 12 others" was not wounded by the soldiers).
        let unknown_subject = || {
            tree.as_ref().is_some_and(|tree| {
                let head = if tree.has_relation(token, "conj") { tree.head(token) } else { None };
                std::iter::once(token).chain(head).any(|verb| {
                    tree.children_with(verb, "nsubj").into_iter().any(|subject| {
                        // "members of the KNU" name their group.
                        tokens[subject].upos == Upos::Noun && {
                            let phrase = tree.subtree(subject);
                            !role_ranges.iter().any(|range| phrase.iter().any(|word| range.contains(word)))
                        }
                    })
                })
            })
        };
        // Where the pairs added by reading a two-sided act backwards begin, if any.
        let mut reversed_from = usize::MAX;
        let (mut pairs, passive, by_parse) = match parsed {
            Some(parsed) if parsed.non_actor_subject && crowd.is_none() => continue,
            // The crowd is the doer; the parse says whom it faces, if anyone.
            Some(parsed) if crowd.is_some() => {
                // A capital is where a crowd protests ("took to the streets of
                // Khartoum"), not whom it faces; so is a country it marches in or
                // across ("demonstrated across Italy").
                let scene = |t: usize| {
                    let (range, mention) = &actors[t];
                    let country = mention.actor.code.len() == 3;
                    let locative = tree.as_ref().is_some_and(|tree| {
                        tree.case_marker(range.end - 1)
                            .1
                            .is_some_and(|p| LOCATIVE_PREPOSITIONS.contains(&p.as_str()))
                    });
                    mention.rule.contains("capital_metonym") || (country && locative)
                };
                let mut pairs: Vec<(Option<usize>, Option<usize>)> =
                    parsed.targets.iter().filter(|&&t| !scene(t)).map(|&t| (None, Some(t))).collect();
                if pairs.is_empty() {
                    pairs.push((None, None));
                }
                (pairs, false, true)
            }
            Some(mut parsed) if !(parsed.sources.is_empty() && parsed.targets.is_empty()) => {
                // A side the parse left empty may still be found by word order
                // (a subject the parser attached elsewhere), as long as it is not an
                // actor already playing the other role.
                // Not when the parse gives the verb a subject the knowledge base does
                // not know (see `unknown_subject`).
                if parsed.sources.is_empty()
                    && !parsed.passive
                    && !trigger.nominal
                    && !parsed.instrument_subject
                    && !unknown_subject()
                {
                    parsed.sources.extend(linear.source.filter(|s| !parsed.targets.contains(s)));
                }
                // People the act falls on directly outrank an actor found deeper in
                // its obliques ("killed 100 people at a memorial for Soleimani").
                if victims.is_some() {
                    parsed.targets.clear();
                }
                // Coordinated doers with no object act on each other (below); a
                // later word is no better guess for them.
                let coordinated_doers = parsed.sources.len() >= 2;
                // Nor is an actor in a verb coordinated with this one when this one
                // has an object of its own: "killed two guards and kidnapped a Turkish
                // engineer" did not kill the engineer ("captured and threatened to
                // burn four police officers" shares its object).
                let in_next_clause = |actor: usize| {
                    tree.as_ref().is_some_and(|tree| {
                        let start = role_ranges[actor].start;
                        !tree.objects(token).is_empty()
                            && tree
                                .children_with(token, "conj")
                                .into_iter()
                                .filter(|&verb| tokens[verb].upos == Upos::Verb && verb > token)
                                .any(|verb| tree.subtree(verb).contains(&start))
                    })
                };
                if parsed.targets.is_empty() && !trigger.nominal && victims.is_none() && !coordinated_doers {
                    parsed.targets.extend(
                        linear.target.filter(|&t| !parsed.sources.contains(&t) && !in_next_clause(t)),
                    );
                }
                // The parser often misses coordination between long titled names
                // ("Russian Foreign Minister Sergei Lavrov and Ukrainian Foreign
                // Minister Dmytro Kuleba met"): actors joined by "and" in the text
                // share a role.
                extend_by_coordination(tokens, &role_ranges, &mut parsed.sources, token);
                extend_by_coordination(tokens, &role_ranges, &mut parsed.targets, tokens.len());
                parsed.targets.retain(|t| !parsed.sources.contains(t));
                // A bare role noun names no side when several doers act together ("Iran
                // and Saudi Arabia agreed to reopen embassies": whose?).
                if parsed.sources.len() >= 2 {
                    parsed
                        .targets
                        .retain(|&t| !dyad_model::actor_code::is_role_only(&actors[t].1.actor.code));
                }
                let mut pairs = role_pairs(&parsed.sources, &parsed.targets);
                // "Israel and Hamas declared a ceasefire", "Lavrov and Kuleba met":
                // coordinated subjects with no object act on each other.
                let two_sided = is_symmetric(trigger.code) || trigger.code.root().as_str() == "06";
                if parsed.nested_targets && parsed.sources.len() >= 2 && two_sided {
                    // "Egypt and Sudan began joint exercises near the Ethiopian
                    // border": the two sides are each other's partners.
                    parsed.targets.clear();
                }
                // Only two-sided acts make coordinated doers each other's partners:
                // "Britain, France and Germany condemned the attack" are not
                // condemning one another, and mediators ("Russia and Turkey brokered a
                // truce") stand between others.
                let mutual = two_sided
                    || matches!(trigger.code.root().as_str(), "03" | "19")
                    || matches!(trigger.code.as_str(), "019" | "054")
                    || lemmas[token]
                        .iter()
                        .any(|form| matches!(form.as_str(), "exchange" | "swap" | "trade"));
                let mediation = trigger.code.as_str().starts_with("045");
                let compound = trigger.compound && parsed.sources.len() >= 2;
                if compound
                    || (parsed.targets.is_empty() && parsed.sources.len() >= 2 && mutual && !mediation)
                {
                    pairs = reciprocal_pairs(&parsed.sources);
                } else if is_symmetric(trigger.code) && trigger.reverse.is_none() {
                    // "Putin met Xi": a meeting, a negotiation, an agreement or a
                    // truce has two sides that both take part. "Macron held talks
                    // with Putin", "Russia signed a deal with Turkey" report what the
                    // subject did, and coders take them one way.
                    let reverse: Vec<_> = pairs
                        .iter()
                        .filter(|(s, t)| s.is_some() && t.is_some())
                        .filter(|(_, t)| {
                            !t.is_some_and(|t| {
                                tree.as_ref().is_some_and(|tree| joined_by_with(tree, &role_ranges[t]))
                            })
                        })
                        .map(|&(s, t)| (t, s))
                        .collect();
                    reversed_from = pairs.len();
                    pairs.extend(reverse);
                }
                (pairs, parsed.passive, true)
            }
            _ => {
                let source =
                    linear.source.filter(|_| linear.passive || !(instrument_subject || unknown_subject()));
                (vec![(source, linear.target)], linear.passive, false)
            }
        };
        // A pattern whose only event is the reverse one ("appeared before the court":
        // the court acts on whoever appeared).
        if trigger.reverse_only {
            for pair in &mut pairs {
                *pair = (pair.1, pair.0);
            }
        }
        // A threat or an ultimatum states its condition ("threatened Russia with
        // sanctions if it invades Ukraine"): the condition is what is threatened, and
        // the threat itself is made.
        let conditional_by_nature = is_conditional_by_nature(trigger.code);
        let mut reading = read_modality(tokens, clause_start, token, sentence.headline);
        if conditional_by_nature
            && reading.modality == Modality::Hypothetical
            && reading.cue.iter().any(|&i| modality::is_conditional_word(&tokens[i].text))
        {
            reading = ModalityReading { modality: Modality::Asserted, cue: Vec::new() };
        }
        if let Some(tree) = &tree {
            if let Some(modality) = deps::modality_from_tree(tree, token, !conditional_by_nature) {
                reading = ModalityReading { modality, cue: Vec::new() };
            }
        }
        // A pattern that names the negation or modal itself ("did not * over efforts")
        // has coded what it means.
        if trigger.modality_in_pattern {
            reading = ModalityReading { modality: Modality::Asserted, cue: Vec::new() };
        }
        // A planned meeting is one side's plan ("Iraq's prime minister will meet Biden"):
        // only the side whose plan the text reports intends it.
        if matches!(reading.modality, Modality::Planned | Modality::Intended) {
            pairs.truncate(reversed_from.min(pairs.len()));
        }
        let keep = matches!(
            reading.modality,
            Modality::Asserted | Modality::Planned | Modality::Intended | Modality::Historical
        ) || config.keep_unasserted;
        if !keep {
            continue;
        }
        let code = match reading.modality {
            Modality::Planned | Modality::Intended => intent_code(trigger.code),
            _ => trigger.code,
        };
        // A town under fire stands for its country when no actor is named: "Russian
        // troops besieged Mariupol", "shelled Kharkiv".
        let place_target = match (&tree, code.root().as_str()) {
            (Some(tree), "18" | "19" | "20") => {
                let from_afar = matches!(code.as_str(), "194" | "195")
                    || lemmas[token].iter().any(|form| form == "bomb" || form == "shell");
                attacked_place(
                    doc,
                    sentence_idx,
                    tree,
                    token,
                    &role_ranges,
                    &["at", "on", "against", "into"],
                    from_afar,
                )
            }
            // "withdrew its forces from the city of Kherson": a town left behind stands
            // for its country as a town under fire does.
            (Some(tree), _) if code.as_str().starts_with("087") => {
                attacked_place(doc, sentence_idx, tree, token, &role_ranges, &["from"], false)
            }
            _ => None,
        };
        // The target the text implies when it names no actor, with the rule that found it.
        // "blew himself up in a mosque, killing 39 worshippers": failing anyone the act
        // falls on directly, those its consequence clause names; they say more than
        // the town it happened in ("stormed a hotel in Mogadishu, killing 21 people").
        let people = match (&tree, code.root().as_str()) {
            (Some(tree), "18" | "19" | "20") if victims.is_none() => {
                crate::victims(doc, sentence_idx, tree, token, &victim_blockers, Victims::Consequence)
            }
            _ => victims.clone(),
        };
        let implied_target = match (&people, place_target) {
            (Some(people), _) => Some((people.clone(), "coder.victims")),
            (None, Some(place)) => Some((place, "coder.place_target")),
            (None, None) => None,
        };
        // "lawmakers in Fornost and Gondor", "soldiers from Gondor": a role whose phrase
        // names its country, one event per country named.
        let pairs: Vec<(Option<usize>, Option<usize>, Option<String>)> = pairs
            .into_iter()
            .flat_map(|(s, t)| {
                let homes = match (&tree, s) {
                    (Some(tree), Some(i))
                        if dyad_model::actor_code::is_role_only(&actors[i].1.actor.code) =>
                    {
                        role_homes(tree, &actors[i].0, &named)
                    }
                    _ => Vec::new(),
                };
                if homes.is_empty() {
                    vec![(s, t, None)]
                } else {
                    homes.into_iter().map(|home| (s, t, Some(home))).collect()
                }
            })
            .collect();
        // "..., as US soldiers cordoned off the crowd, wounding two US soldiers": a
        // participle that would have its doer act on itself hangs from the wrong clause;
        // whoever did it is unknown.
        let subjectless_participle = tree.as_ref().is_some_and(|tree| {
            tokens[token].xpos == "VBG"
                && tree.has_relation(token, "advcl")
                && tree.subjects(token).is_empty()
        });
        let self_inflicted = subjectless_participle
            && pairs.iter().any(|&(s, t, _)| {
                s.zip(t)
                    .is_some_and(|(s, t)| acts_on_itself(&actors[s].1.actor.code, &actors[t].1.actor.code))
            });
        let pairs: Vec<_> =
            if self_inflicted { pairs.into_iter().map(|(_, t, _)| (None, t, None)).collect() } else { pairs };
        for (source_idx, target_idx, source_home) in pairs {
            // What a protest is against, when it is not an argument: "marched against
            // President Macron's plan" faces Macron.
            let target_idx = match (&tree, target_idx) {
                (Some(tree), None) if code.root().as_str() == "14" => {
                    protest::protested_actor(tree, token, &ranges).filter(|&t| Some(t) != source_idx)
                }
                (_, target_idx) => target_idx,
            };
            let protesting = code.root().as_str() == "14";
            let has_target = target_idx.is_some() || implied_target.is_some() || protesting;
            let has_source = source_idx.is_some() || crowd.is_some();
            if !has_source && !has_target {
                continue;
            }
            if config.require_dyad && (!has_source || !has_target) {
                continue;
            }
            // An event noun with only one participant is usually background ("the
            // attack on the base"), not a reported event.
            if trigger.nominal
                && (!has_source || !has_target)
                && !dated_nearby(doc, sentence_idx, tokens, token)
            {
                continue;
            }
            // An active verb whose doer the text does not name, as a political actor,
            // is not an event between actors; agentless passives are ("rockets were
            // fired at the base": the attacker is unknown, the target is not).
            // An appeal or a demand is made to someone: without an addressee it is a
            // wish ("sought to dissociate himself from the policies"), unless it is
            // made in a foreign capital, whose government hears it ("in Washington,
            // al-Kadhimi is expected to push for a timetable").
            let mut target_idx = target_idx;
            if target_idx.is_none() && matches!(code.root().as_str(), "02" | "10") {
                let source_country =
                    source_idx.map(|i| actors[i].1.actor.code.get(..3).unwrap_or("").to_string());
                let capital = actors.iter().position(|(range, mention)| {
                    range.start >= clause_start
                        && range.end <= clause_end
                        && mention.rule.contains("capital_metonym")
                        && source_country.as_deref() != mention.actor.code.get(..3)
                });
                match capital {
                    Some(i) => {
                        target_idx = Some(i);
                    }
                    None => continue,
                }
            }
            if !has_source && !passive && !trigger.nominal && !instrument_subject {
                continue;
            }
            let source = source_idx.map(|i| actors[i].1);
            let target = target_idx.map(|i| actors[i].1);
            // Killing a named person is an assassination: "a drone strike killed
            // general Qassem Soleimani" (186), not a battle.
            let kills_person = lemmas[token].iter().any(|form| form == "kill")
                && target
                    .is_some_and(|m| m.actor.entity.as_deref().is_some_and(|e| e.starts_with("person/")));
            let code = if kills_person { EventCode::parse("186").unwrap_or(code) } else { code };
            // A role with no country ("protesters", "a journalist") takes the
            // country of the other side: "Pakistani police tortured a journalist"
            // is PAKCOP -> PAKMED. A role that stays countryless ("UAF") says too
            // little to code.
            let mut target_actor = target.map(actor_on_event);
            let mut implied = None;
            if target.is_none() {
                if let Some((actor, rule)) = &implied_target {
                    target_actor = Some(actor.clone());
                    implied = actor.span.map(|span| (span, *rule));
                }
            }
            let mut source_actor = source.map(actor_on_event).or_else(|| crowd.clone());
            if let (Some(actor), Some(home)) = (source_actor.as_mut(), source_home.as_ref()) {
                actor.code = format!("{home}{}", actor.code);
            }
            if let (Some(tree), Some(actor), Some(i)) = (&tree, target_actor.as_mut(), target_idx) {
                if dyad_model::actor_code::is_role_only(&actor.code) {
                    if let Some(home) = role_homes(tree, &actors[i].0, &named).first() {
                        actor.code = format!("{home}{}", actor.code);
                    }
                }
            }
            // Protesters are of the country they march in, not of whom they protest
            // against: "protesters marched in London against Bush's visit".
            if let (Some(actor), Some(place)) = (source_actor.as_mut(), protest_place.as_ref()) {
                if dyad_model::actor_code::is_role_only(&actor.code) {
                    actor.code = format!("{place}{}", actor.code);
                }
            }
            let place_country = sentence_country(doc, sentence_idx);
            // An armed group the text gives no country acts where the sentence places
            // it ("gunmen kidnapped students in Nigeria's Kaduna state"), before the
            // country of whom it attacks.
            if let (Some(actor), Some(country)) = (source_actor.as_mut(), place_country.as_ref()) {
                if is_armed_role(&actor.code) {
                    actor.code = format!("{country}{}", actor.code);
                }
            }
            // Civilians under fire are of the place where it falls, not of whoever
            // fires: "five civilians were killed by Russian airstrikes in Idlib".
            if matches!(code.root().as_str(), "18" | "19" | "20") {
                if let Some(actor) = target_actor.as_mut().filter(|a| a.code == "CVL") {
                    // The attacker's own country named in passing ("a US drone strike in
                    // Somalia") is not where it fell.
                    let attacker = source_actor.as_ref().and_then(|s| s.code.get(..3));
                    let scene = tree
                        .as_ref()
                        .and_then(|tree| place_of_act(doc, sentence_idx, tree, token))
                        .or_else(|| place_country.clone())
                        .or_else(|| sentence_country_besides(doc, sentence_idx, attacker));
                    if let Some(country) = scene {
                        actor.code = format!("{country}CVL");
                    }
                }
            }
            let act_country = tree.as_ref().and_then(|tree| place_of_act(doc, sentence_idx, tree, token));
            // Rebels are of where they are fought before they are of whoever fights them
            // ("US troops bombed a mosque in Fallujah, killing 40 rebels").
            if let Some(actor) = target_actor.as_mut().filter(|a| a.code == "REB") {
                let fighter = source_actor.as_ref().and_then(|s| s.code.get(..3));
                let scene = act_country
                    .clone()
                    .or_else(|| place_country.clone())
                    .or_else(|| sentence_country_besides(doc, sentence_idx, fighter));
                if let Some(country) = scene {
                    actor.code = format!("{country}REB");
                }
            }
            let (mut source_actor, mut target_actor) = complete_roles(source_actor, target_actor);
            // Failing that, the country where the sentence places the act ("bombed a
            // terrorist camp in central Iraq"), or all its places are.
            if let Some(country) = act_country.or(place_country) {
                for actor in [&mut source_actor, &mut target_actor].into_iter().flatten() {
                    if dyad_model::actor_code::is_role_only(&actor.code) {
                        actor.code = format!("{country}{}", actor.code);
                    }
                }
            }
            // A domestic protest that names no side is addressed to the government.
            let mut addressed = None;
            if protesting && target_actor.is_none() {
                target_actor = source_actor.as_ref().and_then(protest::own_government);
                addressed = target_actor.as_ref().map(|government| {
                    format!(
                        "target: {} (coder.protest_target: a protest naming no side is addressed to its own government)",
                        government.code
                    )
                });
            }
            let role_only =
                |a: &Option<Actor>| a.as_ref().is_some_and(|a| dyad_model::actor_code::is_role_only(&a.code));
            // "airstrikes against rebel positions" where no country is known: the strike
            // is still the source's, on nobody the code can name.
            let mut target = target;
            // Only where the parse gave the roles: word order alone ("the US army is in
            // the country fighting the terrorist threat") is too weak for a one-sided event.
            if by_parse && source_actor.is_some() && !role_only(&source_actor) && role_only(&target_actor) {
                target_actor = None;
                target = None;
            }
            if role_only(&source_actor) || role_only(&target_actor) {
                continue;
            }

            if let (Some(s), Some(t)) = (&source_actor, &target_actor) {
                if acts_on_itself(&s.code, &t.code) {
                    // Force used by armed men on their state's own ground ("Russian
                    // troops captured Grozny") is still force; whom it was used against
                    // is unsaid. (A government or a capital named as the doer of force
                    // at home is more often a misread dateline.)
                    let armed = s.code.len() >= 6 && matches!(&s.code[3..6], "MIL" | "COP" | "REB" | "UAF");
                    let own_ground =
                        armed && matches!(code.root().as_str(), "18" | "19" | "20") && t.code.len() == 3;
                    if !own_ground {
                        continue;
                    }
                    target_actor = None;
                    target = None;
                }
            }
            // Two states meeting in a third country meet "at a third location" (044):
            // "Lavrov and Kuleba met in the Turkish resort of Antalya".
            let mut third_location = None;
            let code = match (&tree, &source_actor, &target_actor) {
                (Some(tree), Some(s), Some(t)) if code.as_str() == "040" => {
                    let place = meeting_place(doc, sentence_idx, tree, token);
                    match place.filter(|place| meets_elsewhere(&s.code, &t.code, place)) {
                        Some(place) => {
                            third_location = Some(format!(
                                "coder.third_location: a meeting in {place}, neither side's country"
                            ));
                            EventCode::parse("044").unwrap_or(code)
                        }
                        None => code,
                    }
                }
                _ => code,
            };
            let (code, violence_rule) =
                refine_violence(doc, sentence_idx, &lemmas[token], code, &source_actor, &target_actor);
            let trigger_span = tokens[token].span;
            let mut spans = vec![role_span(doc, "trigger", trigger_span)];
            let mut entries = vec![trigger.entry.clone()];
            entries.extend(third_location);
            entries.extend(violence_rule.map(str::to_string));
            entries.extend(addressed);
            if let Some(crowd) = crowd.as_ref().filter(|_| source.is_none()) {
                if let Some(span) = crowd.span {
                    spans.push(role_span(doc, "source", span));
                }
                entries.push(format!("source: {} as {} (coder.crowd)", crowd.name, crowd.code));
            }
            for (role, mention) in [("source", source), ("target", target)] {
                if let Some(mention) = mention {
                    spans.push(role_span(doc, role, mention.span));
                    entries.extend(mention.entries.iter().map(|e| format!("{role}: {e} ({})", mention.rule)));
                }
            }
            if let (Some((span, rule)), Some(actor)) = (implied, &target_actor) {
                spans.push(role_span(doc, "target", span));
                entries.push(format!("target: {} as {} ({rule})", actor.name, actor.code));
            }
            for &cue in &reading.cue {
                spans.push(role_span(doc, "modality", tokens[cue].span));
            }
            let rule = format!(
                "coder.{}.{}{}{}",
                if by_parse { "deps" } else { "linear" },
                if trigger.nominal { "nominal" } else { "verb" },
                if passive { ".passive" } else { "" },
                if reading.modality == Modality::Asserted {
                    String::new()
                } else {
                    format!(".{}", reading.modality.as_str())
                }
            );
            let confidence = match (source.is_some(), target.is_some()) {
                (true, true) => 0.8,
                _ => 0.5,
            } * if trigger.nominal { 0.8 } else { 1.0 }
                * if by_parse { 1.0 } else { 0.85 };
            let target_actor = target_actor.map(|mut actor| {
                // A capital one travels to is a place, not its government:
                // "visited Damascus" is a visit to Syria.
                // Likewise a capital under fire: "rockets at Jerusalem" hit Israel,
                // not its government.
                let violent = matches!(code.root().as_str(), "15" | "18" | "19" | "20");
                if (code.as_str() == "042" || violent)
                    && target.is_some_and(|m| {
                        m.rule.contains("capital_metonym")
                            || (code.as_str() == "042" && m.rule.contains("metonym"))
                    })
                    && actor.code.len() > 3
                {
                    actor.code.truncate(3);
                }
                actor
            });
            let key = format!(
                "{}|{}|{}|{}|{}|{}",
                doc.document.id,
                sentence_idx,
                trigger_span.start,
                code,
                // The codes as coded: one mention may stand for several sides
                // ("lawmakers in Poland and Lithuania").
                source_actor.as_ref().map_or("", |a| a.code.as_str()),
                target_actor.as_ref().map_or("", |a| a.code.as_str())
            );
            events.push(Event {
                event_id: content_id("ev-", key.as_bytes()),
                doc_id: doc.document.id.clone(),
                sentence: sentence_idx,
                date: published,
                source: source_actor,
                target: target_actor,
                cameo: code,
                root: code.root(),
                quad: code.quad(),
                goldstein: code.goldstein(config.goldstein),
                plover: plover_for(code, trigger.modes, &lemma_refs),
                modality: reading.modality,
                location: None,
                quantities: Vec::new(),
                text: doc.text_of(sentence.span).to_string(),
                provenance: Provenance { spans, rule, entries },
                confidence,
                mentions: vec![sentence_idx],
            });
            // Coordinated doers of a compound pattern are already paired both ways.
            if let Some(reverse) = trigger
                .reverse
                .filter(|_| !trigger.compound)
                .and_then(|code| events.last().and_then(|e| reverse_event(e, code, config.goldstein)))
            {
                events.push(reverse);
            }
            if reading.modality == Modality::Asserted {
                let place = tree.as_ref().and_then(|tree| meeting_place(doc, sentence_idx, tree, token));
                if let Some(visit) =
                    events.last().and_then(|event| implied_visit(event, place.as_deref(), config.goldstein))
                {
                    events.push(visit);
                }
            }
        }
    }
}

/// Whether the talks of a consultation are about ending a conflict: the trigger noun
/// ("peace talks between") or the verb's object ("held peace talks") is modified by
/// "peace", "ceasefire" or "truce".
fn is_peace_talk(tree: &dyad_syntax::tree::Tree<'_>, trigger: usize) -> bool {
    let mut nouns = vec![trigger];
    nouns.extend(tree.objects(trigger));
    nouns.into_iter().flat_map(|noun| tree.children(noun).iter().copied()).any(|modifier| {
        (tree.has_relation(modifier, "compound") || tree.has_relation(modifier, "amod"))
            && matches!(tree.tokens()[modifier].text.to_lowercase().as_str(), "peace" | "ceasefire" | "truce")
    })
}

/// The country a meeting takes place in, from "in"/"at" phrases on the trigger or
/// inside its object's phrase ("held talks with Putin in Moscow").
fn meeting_place(
    doc: &Doc,
    sentence_idx: usize,
    tree: &dyad_syntax::tree::Tree<'_>,
    trigger: usize,
) -> Option<String> {
    // The place may hang on the object ("held talks with Putin in Moscow") or on
    // another oblique ("met for four hours in Geneva").
    place_of_act(doc, sentence_idx, tree, trigger).or_else(|| {
        let phrases = tree.objects(trigger).into_iter().chain(tree.children_with(trigger, "obl"));
        phrases.into_iter().find_map(|object| {
            let offset = doc.sentences[sentence_idx].tokens.start;
            tree.subtree(object)
                .into_iter()
                .filter(|&n| tree.has_relation(n, "nmod"))
                .filter(|&n| tree.case_marker(n).1.is_some_and(|p| matches!(p.as_str(), "in" | "at")))
                .find_map(|n| {
                    let word = doc.tokens[offset + n].span;
                    doc.places
                        .iter()
                        .find(|p| p.sentence == sentence_idx && p.span.overlaps(word))
                        .and_then(|p| p.location.country.clone())
                })
        })
    })
}

/// Whether two actors of two different states meet in a third one. Groups and
/// organisations with no state of their own say nothing about where is home.
fn meets_elsewhere(source: &str, target: &str, place: &str) -> bool {
    fn state(code: &str) -> Option<&str> {
        use dyad_model::actor_code::{is_role_only, TRANSNATIONAL_CODES};
        code.get(..3).filter(|prefix| !TRANSNATIONAL_CODES.contains(prefix) && !is_role_only(prefix))
    }
    match (state(source), state(target)) {
        (Some(a), Some(b)) => a != b && a != place && b != place,
        _ => false,
    }
}

fn visited_code(visit: &Event) -> &str {
    visit.target.as_ref().map_or("", |a| a.code.as_str())
}

/// The event the same words report from the target's side (a dictionary's reverse code:
/// a visit is also the hosting of the visitor), when the event has both sides.
fn reverse_event(event: &Event, code: EventCode, scale: GoldsteinScale) -> Option<Event> {
    let (source, target) = (event.source.clone()?, event.target.clone()?);
    let mut reverse = event.clone();
    reverse.event_id = content_id("ev-", format!("{}|reverse|{code}", event.event_id).as_bytes());
    reverse.source = Some(target);
    reverse.target = Some(source);
    reverse.cameo = code;
    reverse.root = code.root();
    reverse.quad = code.quad();
    reverse.goldstein = code.goldstein(scale);
    reverse.plover = plover_for(code, &[], &[]);
    for span in &mut reverse.provenance.spans {
        let swapped = match span.role.as_str() {
            "source" => "target",
            "target" => "source",
            _ => continue,
        };
        span.role = swapped.to_string();
    }
    reverse.provenance.rule = format!("{}.reverse", event.provenance.rule);
    reverse
        .provenance
        .entries
        .push(format!("coder.reverse: the dictionary's reverse code {code}, target to source"));
    Some(reverse)
}

/// A visit the text implies but does not name: whoever is hosted visits the host's
/// country ("Biden hosted Xi" -> Xi visits the US, 042), and a meeting held in one
/// side's country is a visit by the other ("Macron held talks with Putin in Moscow").
/// The visit is coded, as CAMEO codes visits, to the country visited.
fn implied_visit(event: &Event, place_country: Option<&str>, scale: GoldsteinScale) -> Option<Event> {
    use dyad_model::actor_code::{is_role_only, TRANSNATIONAL_CODES};
    let country = |actor: &Actor| {
        let prefix = actor.code.get(..3)?;
        (!TRANSNATIONAL_CODES.contains(&prefix) && !is_role_only(prefix)).then(|| prefix.to_string())
    };
    let (source, target) = (event.source.as_ref()?, event.target.as_ref()?);
    let (visitor, visited) = match event.cameo.as_str() {
        "043" => (target.clone(), country(source)?),
        "040" | "046" => {
            let place = place_country?;
            let (from, to) = (country(source)?, country(target)?);
            if to != place || from == place {
                return None;
            }
            (source.clone(), place.to_string())
        }
        _ => return None,
    };
    if country(&visitor).as_deref() == Some(visited.as_str()) {
        return None;
    }
    let code = EventCode::parse("042").ok()?;
    let mut visit = event.clone();
    visit.event_id =
        content_id("ev-", format!("{}|visit|{}|{}", event.event_id, visitor.code, visited).as_bytes());
    visit.target = Some(Actor { code: visited.clone(), name: visited, entity: None, span: None });
    visit.source = Some(visitor);
    visit.cameo = code;
    visit.root = code.root();
    visit.quad = code.quad();
    visit.goldstein = code.goldstein(scale);
    visit.plover = plover_for(code, &[], &[]);
    visit.provenance.rule = format!("{}.implied_visit", event.provenance.rule);
    let why =
        if event.cameo.as_str() == "043" { "being hosted" } else { "a meeting in the other side's country" };
    visit
        .provenance
        .entries
        .push(format!("coder.implied_visit: {why} is a visit to {}", visited_code(&visit)));
    Some(visit)
}

/// Whether a time expression follows an event noun closely ("the invasion of Iraq in
/// 2003"): a dated event noun is a reported event, not a passing mention.
fn dated_nearby(doc: &Doc, sentence_idx: usize, tokens: &[dyad_model::Token], noun: usize) -> bool {
    let start = tokens[noun].span.end;
    let end = tokens.get(noun + 7).map_or(doc.sentences[sentence_idx].span.end, |t| t.span.end);
    doc.times
        .iter()
        .any(|time| time.sentence == sentence_idx && time.span.start >= start && time.span.end <= end)
}

/// Nouns for operations and the bodies set up to carry them out, whose purpose ("to
/// recapture Raqqa", "to investigate war crimes") is what they do.
const OPERATION_NOUNS: &[&str] = &[
    "operation",
    "offensive",
    "assault",
    "campaign",
    "mission",
    "raid",
    "push",
    "drive",
    "crackdown",
    "commission",
    "committee",
    "panel",
    "inquiry",
    "team",
    "force",
];

/// Verbs whose object is a means to the purpose that follows ("used tear gas to
/// disperse", "sent troops to secure").
const PURPOSE_VERBS: &[&str] =
    &["use", "deploy", "send", "fire", "dispatch", "mobilize", "mobilise", "employ"];

/// Codes whose events have two sides acting alike: meetings, negotiations, agreements,
/// ceasefires.
fn is_symmetric(code: EventCode) -> bool {
    matches!(code.as_str(), "040" | "044" | "046" | "057" | "0871")
}

/// Whether the phrase of an actor (or of the first of a coordinated group of them) is
/// introduced by "with".
fn joined_by_with(tree: &dyad_syntax::tree::Tree<'_>, range: &std::ops::Range<usize>) -> bool {
    let Some(head) = range.clone().find(|&i| tree.head(i).is_none_or(|h| !range.contains(&h))) else {
        return false;
    };
    tree.case_marker(tree.coordination_head(head)).1.as_deref() == Some("with")
}

/// Every ordered pair of distinct actors in one group.
fn reciprocal_pairs(actors: &[usize]) -> Vec<(Option<usize>, Option<usize>)> {
    let mut pairs = Vec::new();
    for &a in actors {
        for &b in actors {
            if a != b {
                pairs.push((Some(a), Some(b)));
            }
        }
    }
    pairs
}

/// Every source-target pair of two coordination groups; a missing side pairs with
/// `None` so one-sided events are kept.
fn role_pairs(sources: &[usize], targets: &[usize]) -> Vec<(Option<usize>, Option<usize>)> {
    let sources: Vec<Option<usize>> =
        if sources.is_empty() { vec![None] } else { sources.iter().copied().map(Some).collect() };
    let targets: Vec<Option<usize>> =
        if targets.is_empty() { vec![None] } else { targets.iter().copied().map(Some).collect() };
    let mut pairs = Vec::new();
    for &source in &sources {
        for &target in &targets {
            if source.is_some() && source == target {
                continue;
            }
            pairs.push((source, target));
        }
    }
    pairs
}

fn trigger_shape(trigger: &Trigger<'_>) -> roles::TriggerShape {
    roles::TriggerShape {
        token: trigger.token,
        end: trigger.end,
        preposition: trigger.preposition,
        nominal: trigger.nominal,
        source_preps: trigger.source_preps.to_vec(),
    }
}

/// Adds to `group` every actor joined to one of its members by "and" or a comma in
/// the text, up to `limit` (a token index the actors must end before).
fn extend_by_coordination(
    tokens: &[dyad_model::Token],
    ranges: &[std::ops::Range<usize>],
    group: &mut Vec<usize>,
    limit: usize,
) {
    let mut added = true;
    while added && group.len() < 6 {
        added = false;
        for i in group.clone() {
            let end = ranges[i].end;
            let joined = |position: usize| {
                ranges
                    .iter()
                    .position(|r| r.start == position && r.end <= limit)
                    .filter(|j| !group.contains(j))
            };
            let word = |k: usize| tokens.get(k).map(|t| t.text.to_lowercase());
            let next = match word(end).as_deref() {
                Some("and") => joined(end + 1),
                Some(",") if word(end + 1).as_deref() == Some("and") => joined(end + 2),
                Some(",") => joined(end + 1),
                _ => None,
            };
            if let Some(j) = next {
                group.push(j);
                added = true;
            }
            // And backwards: "Ukrainian and Russian troops exchanged fire", where the
            // parser made the verb's subject only the last of the coordinated actors.
            let start = ranges[i].start;
            let ends_at = |position: usize| {
                ranges.iter().position(|r| r.end == position && r.end <= limit).filter(|j| !group.contains(j))
            };
            let before = |k: usize| k.checked_sub(1).and_then(word);
            let previous = match before(start).as_deref() {
                Some("and") if before(start - 1).as_deref() == Some(",") => ends_at(start - 2),
                Some("and") => ends_at(start - 1),
                // A comma alone continues a list already joined by "and" ("Britain,
                // France and Germany"); on its own it may end a clause ("could send
                // weapons to Russia, US officials warned").
                Some(",") if group.len() >= 2 => ends_at(start - 1),
                _ => None,
            };
            if let Some(j) = previous {
                group.push(j);
                added = true;
            }
        }
    }
}

/// Whether an event would have a state act on itself: the same code on both sides
/// ("Orban defended his government"), or a country and its own government or forces
/// ("Iran agreed to restore relations and reopen embassies").
fn acts_on_itself(source: &str, target: &str) -> bool {
    if source == target {
        return true;
    }
    let organ_of = |whole: &str, part: &str| {
        whole.len() == 3 && part.len() == 6 && part.starts_with(whole) && matches!(&part[3..], "GOV" | "MIL")
    };
    organ_of(source, target) || organ_of(target, source)
}

/// The countries a role's own phrase places it in: "lawmakers in Fornost and Gondor",
/// "soldiers from Gondor", "the people of Iraq". Empty when the phrase names none.
fn role_homes(
    tree: &dyad_syntax::tree::Tree<'_>,
    range: &std::ops::Range<usize>,
    named: &[(std::ops::Range<usize>, &str)],
) -> Vec<String> {
    use dyad_model::actor_code::{is_role_only, TRANSNATIONAL_CODES};
    let Some(head) = range.clone().find(|&i| tree.head(i).is_none_or(|h| !range.contains(&h))) else {
        return Vec::new();
    };
    let places = tree
        .children_with(head, "nmod")
        .into_iter()
        .filter(|&n| tree.case_marker(n).1.is_some_and(|p| matches!(p.as_str(), "in" | "from" | "of")));
    let mut homes = Vec::new();
    for place in places.flat_map(|n| tree.conjuncts(n)) {
        let country = named.iter().find(|(r, _)| r.contains(&place)).and_then(|(_, code)| {
            let country = code.get(..3)?;
            (!is_role_only(country) && !TRANSNATIONAL_CODES.contains(&country)).then(|| country.to_string())
        });
        if let Some(country) = country.filter(|c| !homes.contains(c)) {
            homes.push(country);
        }
    }
    homes
}

/// The one country the sentence's places are in, if they agree on one.
fn sentence_country(doc: &Doc, sentence_idx: usize) -> Option<String> {
    let mut countries = doc
        .places
        .iter()
        .filter(|place| place.sentence == sentence_idx)
        .filter_map(|place| place.location.country.clone());
    let first = countries.next()?;
    countries.all(|c| c == first).then_some(first)
}

/// The one country the sentence's places are in, leaving out `besides`.
fn sentence_country_besides(doc: &Doc, sentence_idx: usize, besides: Option<&str>) -> Option<String> {
    let mut countries = doc
        .places
        .iter()
        .filter(|place| place.sentence == sentence_idx)
        .filter_map(|place| place.location.country.clone())
        .filter(|country| Some(country.as_str()) != besides);
    let first = countries.next()?;
    countries.all(|c| c == first).then_some(first)
}

/// The country of the first place the sentence names: where a story's scene is set
/// ("demonstrators protested Putin's visit in Sofia") when its places disagree.
fn first_place_country(doc: &Doc, sentence_idx: usize) -> Option<String> {
    doc.places
        .iter()
        .filter(|place| place.sentence == sentence_idx)
        .min_by_key(|place| place.span.start)
        .and_then(|place| place.location.country.clone())
}

/// Fills a countryless role from the other side's country (see `code_sentence`).
fn complete_roles(source: Option<Actor>, target: Option<Actor>) -> (Option<Actor>, Option<Actor>) {
    use dyad_model::actor_code::{is_role_only, TRANSNATIONAL_CODES};
    let country = |actor: &Option<Actor>| {
        actor
            .as_ref()
            .map(|a| a.code.get(..3).unwrap_or(""))
            .filter(|prefix| {
                prefix.len() == 3 && !TRANSNATIONAL_CODES.contains(prefix) && !is_role_only(prefix)
            })
            .map(str::to_string)
    };
    let fill = |actor: Option<Actor>, country: Option<String>, armed_allowed: bool| {
        actor.map(|mut a| {
            let armed = is_armed_role(&a.code);
            if let (true, Some(country)) = (is_role_only(&a.code) && (!armed || armed_allowed), country) {
                a.code = format!("{country}{}", a.code);
            }
            a
        })
    };
    let source_country = country(&source);
    let target_country = country(&target);
    // An armed group fought by a country's forces is rarely of that country ("the US
    // army fighting the terrorist threat"), nor one that attacks its troops or its
    // people abroad ("militants killed 12 Israelis"); one that attacks a state's
    // leaders, police or courts, where no place is named, is taken as that country's
    // ("a group of armed men assassinated the president").
    let attacks_the_state = target
        .as_ref()
        .is_some_and(|t| ["GOV", "COP", "JUD", "LEG"].contains(&t.code.get(3..6).unwrap_or("")));
    // Rebels fought by a state's forces are that state's own ("the Ugandan army killed
    // 62 rebels"): rebellion is domestic, unlike militants and terrorists.
    let fights_rebels = target.as_ref().is_some_and(|t| t.code == "REB")
        && source.as_ref().is_some_and(|s| ["GOV", "MIL", "COP"].contains(&s.code.get(3..6).unwrap_or("")));
    (fill(source, target_country, attacks_the_state), fill(target, source_country, fights_rebels))
}

/// Kinds of violence the verb alone does not tell: killings counted in thousands, or a
/// massacre of hundreds, are mass killings (202); an armed group's attack on civilians
/// is unconventional violence (180), not the use of military force (19x). Returns the
/// code and the rule that changed it.
fn refine_violence(
    doc: &Doc,
    sentence_idx: usize,
    trigger_forms: &[String],
    code: EventCode,
    source: &Option<Actor>,
    target: &Option<Actor>,
) -> (EventCode, Option<&'static str>) {
    if !matches!(code.root().as_str(), "18" | "19") {
        return (code, None);
    }
    let has_form = |lemma: &str| trigger_forms.iter().any(|form| form == lemma);
    // A state's forces that bomb a place do it from the air ("US jets bombed a mosque in
    // Fallujah"); the 183 patterns are for bombs planted there.
    let state_forces = source.as_ref().is_some_and(|s| {
        let role = s.code.get(3..6).unwrap_or("");
        (s.code.len() == 3 && !dyad_model::actor_code::is_role_only(&s.code)) || matches!(role, "MIL" | "GOV")
    });
    if has_form("bomb") && code.as_str().starts_with("183") && state_forces {
        if let Ok(aerial) = EventCode::parse("195") {
            return (aerial, Some("coder.state_bombing: a state's forces bomb from the air"));
        }
    }
    let massacre = has_form("massacre") || has_form("slaughter");
    // A war's death toll with nobody named as the killer is no massacre ("more than
    // 90,000 people have been killed since 2011").
    if (massacre || has_form("kill")) && source.is_some() {
        let killed = doc
            .quantities
            .iter()
            .filter(|q| q.sentence == sentence_idx && q.kind == dyad_model::QuantityKind::Killed)
            .map(|q| q.value)
            .fold(0.0, f64::max);
        if killed >= 1000.0 || (massacre && killed >= 100.0) {
            if let Ok(mass) = EventCode::parse("202") {
                return (
                    mass,
                    Some("coder.mass_killing: killings counted in thousands, or a massacre of hundreds"),
                );
            }
        }
    }
    let non_state_armed = source.as_ref().is_some_and(|s| {
        let sector = if dyad_model::actor_code::is_role_only(s.code.get(..3).unwrap_or("")) {
            s.code.get(..3).unwrap_or("")
        } else {
            s.code.get(3..6).unwrap_or("")
        };
        s.code.starts_with("IMG") || is_armed_role(sector)
    });
    let civilians = target
        .as_ref()
        .is_some_and(|t| matches!(t.code.get(3..6), Some("CVL" | "REL" | "EDU" | "AGR" | "LAB" | "REF")));
    if matches!(code.as_str(), "190" | "193") && non_state_armed && civilians {
        if let Ok(unconventional) = EventCode::parse("180") {
            return (unconventional, Some("coder.unconventional: an armed group's attack on civilians"));
        }
    }
    (code, None)
}

/// A role-only code of armed people: militias, rebels, insurgents.
fn is_armed_role(code: &str) -> bool {
    matches!(code, "UAF" | "REB" | "IMG" | "INS")
}

/// The country of a town or region the event is aimed at (the verb's object or the
/// object of "at", "on", "against", "into"), when no actor stands there. Countries and
/// capitals are actors already; a place inside an actor's name plays no role here.
fn attacked_place(
    doc: &Doc,
    sentence_idx: usize,
    tree: &dyad_syntax::tree::Tree<'_>,
    trigger: usize,
    role_ranges: &[std::ops::Range<usize>],
    preps: &[&str],
    from_afar: bool,
) -> Option<Actor> {
    let offset = doc.sentences[sentence_idx].tokens.start;
    let mut heads = if preps.contains(&"from") { Vec::new() } else { tree.objects(trigger) };
    heads.extend(
        tree.children_with(trigger, "obl")
            .into_iter()
            .filter(|&obl| tree.case_marker(obl).1.is_some_and(|p| preps.contains(&p.as_str()))),
    );
    // "the city of Kherson": the town is the "of" modifier of a word for a town.
    let towns: Vec<usize> = heads
        .iter()
        .filter(|&&h| TOWN_WORDS.contains(&tree.tokens()[h].lemma.to_lowercase().as_str()))
        .flat_map(|&h| tree.children_with(h, "nmod"))
        .filter(|&n| tree.case_marker(n).1.as_deref() == Some("of"))
        .collect();
    heads.extend(towns);
    // "bombed a mosque in Fallujah": a building under fire from afar stands for the
    // country of the town it is in (a raid on a house is no attack on the country).
    if from_afar {
        let buildings: Vec<usize> = tree
            .objects(trigger)
            .into_iter()
            .flat_map(|object| tree.children_with(object, "nmod"))
            .filter(|&n| tree.case_marker(n).1.as_deref() == Some("in"))
            .collect();
        heads.extend(buildings);
    }
    heads.into_iter().filter(|head| !role_ranges.iter().any(|r| r.contains(head))).find_map(|head| {
        let word = doc.tokens[offset + head].span;
        let place = doc.places.iter().find(|p| p.sentence == sentence_idx && p.span.overlaps(word))?;
        let country = place.location.country.clone()?;
        let town = !matches!(place.location.precision, dyad_model::GeoPrecision::Country);
        town.then(|| Actor {
            code: country,
            name: place.location.name.clone(),
            entity: None,
            span: Some(place.span),
        })
    })
}

/// Nouns that name a kind of place before its name ("the city of Kherson").
const TOWN_WORDS: &[&str] = &["city", "town", "village", "port", "province", "region", "district", "capital"];

/// Words for people in general: as the object of an act of force they are its
/// civilian victims, whatever their number ("a man", "thousands of Yazidi men").
const PERSON_NOUNS: &[&str] = &[
    "people",
    "person",
    "man",
    "woman",
    "child",
    "boy",
    "girl",
    "teenager",
    "teen",
    "youth",
    "worshipper",
    "worshiper",
    "passenger",
    "pedestrian",
    "bystander",
    "mourner",
    "shopper",
    "commuter",
    "patient",
    "farmer",
    "fisherman",
    "shepherd",
    "family",
    "villager",
    "resident",
    "civilian",
    "inhabitant",
    "local",
    "wedding-goer",
    "guest",
    "student",
    "pupil",
    "teacher",
    "worker",
    "labourer",
    "laborer",
    "tourist",
    "driver",
    "pilgrim",
    "trader",
    "vendor",
    "miner",
    "herder",
];

/// Words that count people ("thousands of men", "dozens of villagers").
const COUNT_NOUNS: &[&str] = &["thousand", "hundred", "dozen", "score", "million", "number", "group"];

/// The unnamed people a coercive or violent act falls on (its object, or the subject
/// of its passive), as civilians of the country where the sentence places the event;
/// without such a place the role stays countryless and takes the doer's country, as
/// any role does ("Iran executed a man" is IRN -> IRNCVL). Named people and groups are
/// actors and are not looked at here.
fn victims(
    doc: &Doc,
    sentence_idx: usize,
    tree: &dyad_syntax::tree::Tree<'_>,
    trigger: usize,
    role_ranges: &[std::ops::Range<usize>],
    kind: Victims,
) -> Option<Actor> {
    let offset = doc.sentences[sentence_idx].tokens.start;
    let lemma = |i: usize| doc.tokens[offset + i].lemma.to_lowercase();
    let is_person = |i: usize| PERSON_NOUNS.contains(&lemma(i).as_str());
    let heads = match kind {
        Victims::Direct => {
            let mut heads = tree.objects(trigger);
            heads.extend(tree.children_with(trigger, "nsubj:pass"));
            heads
        }
        // "blew himself up in a mosque, killing 39 worshippers": whom the act killed
        // is said by the participle clause that reports its consequence.
        Victims::Consequence => tree
            .children_with(trigger, "advcl")
            .into_iter()
            .filter(|&clause| doc.tokens[offset + clause].xpos == "VBG" && tree.subjects(clause).is_empty())
            .flat_map(|clause| tree.objects(clause))
            .collect(),
    };
    heads.into_iter().find_map(|head| {
        let person = if is_person(head) {
            head
        } else if COUNT_NOUNS.contains(&lemma(head).as_str()) {
            tree.children_with(head, "nmod")
                .into_iter()
                .find(|&n| is_person(n) && tree.case_marker(n).1.as_deref() == Some("of"))?
        } else {
            return None;
        };
        if role_ranges.iter().any(|r| r.contains(&head) || r.contains(&person)) {
            return None;
        }
        let phrase = tree.noun_phrase(head);
        let start = doc.tokens[offset + phrase.start].span.start;
        let end = doc.tokens[offset + phrase.end - 1].span.end;
        let span = Span::new(start, end);
        // "11 German tourists were killed in Istanbul" were German.
        let country = nationality_of(doc, sentence_idx, tree, person)
            .or_else(|| place_of_act(doc, sentence_idx, tree, trigger))
            .or_else(|| sentence_country(doc, sentence_idx))
            .unwrap_or_default();
        Some(Actor {
            code: format!("{country}CVL"),
            name: doc.text_of(span).to_string(),
            entity: None,
            span: Some(span),
        })
    })
}

/// Where `victims` looks: the act's own object (or passive subject), or the object of
/// a participle clause reporting its consequence.
#[derive(Clone, Copy)]
enum Victims {
    Direct,
    Consequence,
}

/// The country of the place the act's own clause puts it in ("took 200 people hostage
/// in southern Israel and brought them to Gaza" happened in Israel).
fn place_of_act(
    doc: &Doc,
    sentence_idx: usize,
    tree: &dyad_syntax::tree::Tree<'_>,
    trigger: usize,
) -> Option<String> {
    let offset = doc.sentences[sentence_idx].tokens.start;
    tree.children_with(trigger, "obl")
        .into_iter()
        .filter(|&obl| {
            tree.case_marker(obl).1.is_some_and(|p| {
                matches!(p.as_str(), "in" | "at" | "near" | "outside" | "through" | "across" | "around")
            })
        })
        .find_map(|obl| {
            // The place may be the phrase's head ("in Kyiv") or name it ("in the
            // Turkish resort of Antalya").
            let mut words = vec![obl];
            words.extend(
                tree.children_with(obl, "nmod")
                    .into_iter()
                    .filter(|&n| tree.case_marker(n).1.as_deref() == Some("of")),
            );
            words.into_iter().find_map(|w| {
                let word = doc.tokens[offset + w].span;
                doc.places
                    .iter()
                    .find(|p| p.sentence == sentence_idx && p.span.overlaps(word))
                    .and_then(|p| p.location.country.clone())
                    .or_else(|| nationality_of_place(doc, sentence_idx, tree, w))
            })
        })
}

/// The country a nationality gives a place noun: "in the Sri Lankan capital" is in
/// Sri Lanka.
fn nationality_of_place(
    doc: &Doc,
    sentence_idx: usize,
    tree: &dyad_syntax::tree::Tree<'_>,
    noun: usize,
) -> Option<String> {
    if !PLACE_NOUNS.contains(&deps::lemma(tree, noun).as_str()) {
        return None;
    }
    nationality_of(doc, sentence_idx, tree, noun)
}

/// The country of a nationality that modifies a noun ("German tourists").
fn nationality_of(
    doc: &Doc,
    sentence_idx: usize,
    tree: &dyad_syntax::tree::Tree<'_>,
    noun: usize,
) -> Option<String> {
    let offset = doc.sentences[sentence_idx].tokens.start;
    tree.children_with(noun, "amod").into_iter().find_map(|modifier| {
        doc.actors
            .iter()
            .find(|m| {
                m.sentence == sentence_idx
                    && m.tokens.contains(&(offset + modifier))
                    && m.rule.starts_with("kb.alias.demonym")
            })
            .map(|m| m.actor.code.clone())
    })
}

/// Threats and ultimatums state their condition ("if it invades Ukraine"): the
/// condition is part of what is threatened, not a hypothesis about the threat.
fn is_conditional_by_nature(code: EventCode) -> bool {
    code.root().as_str() == "13" || code.as_str() == "139"
}

fn actor_on_event(mention: &dyad_model::ActorMention) -> Actor {
    let mut actor = Actor { span: Some(mention.span), ..mention.actor.clone() };
    // "Thousands of Iranians protested": a plural demonym names a country's people,
    // not its state.
    let matched_words = mention.rule.split_once(':').map_or("", |(_, rest)| rest.trim());
    let plural_demonym = mention.rule.starts_with("kb.alias.demonym")
        && actor.code.len() == 3
        && matched_words.split_whitespace().next().is_some_and(|w| w.ends_with('s'));
    if plural_demonym {
        actor.code.push_str("CVL");
    }
    actor
}

fn role_span(doc: &Doc, role: &str, span: Span) -> RoleSpan {
    RoleSpan { role: role.to_string(), span, text: doc.text_of(span).to_string() }
}

/// One story often reports the same event several times (headline, lead, body). Those
/// are one event with several mentions, not several events. Only events whose source
/// and target are both known are merged: two attacks on US forces by unnamed attackers
/// may well be two attacks.
fn merge_repeated_events(events: Vec<Event>) -> Vec<Event> {
    let mut merged: Vec<Event> = Vec::with_capacity(events.len());
    for event in events {
        if event.source.is_none() || event.target.is_none() {
            // A one-sided event joins only its exact repeat: one trigger coded twice with
            // the same codes from two names of one actor ("Ocalan, leader of the PKK,
            // was captured"). Other one-sided events may be different events.
            if !merged.iter().any(|kept| kept.event_id == event.event_id) {
                merged.push(event);
            }
            continue;
        }
        let key = |e: &Event| {
            (
                e.source.as_ref().map(|a| a.code.clone()),
                e.target.as_ref().map(|a| a.code.clone()),
                e.cameo,
                e.modality,
                e.date,
            )
        };
        match merged.iter_mut().find(|kept| key(kept) == key(&event)) {
            Some(kept) => {
                if !kept.mentions.contains(&event.sentence) {
                    kept.mentions.push(event.sentence);
                }
            }
            None => merged.push(event),
        }
    }
    merged
}
