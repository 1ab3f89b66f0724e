//! Event attachment: which date, place and numbers belong to an event.
//!
//! The coder calls these with the document, the event's sentence index and its trigger
//! token (a document-level token index, as in `Doc::tokens`). Each function only reads
//! the layers the time, place and quantity stages filled.
//!
//! - [`event_context`]: everything at once.
//! - [`date_for_token`] / [`crate::event_date`]: the date.
//! - [`place_for_token`]: the place mention in the trigger's clause, else its sentence.
//! - [`event_location`]: that place, else the article's focus country, with a precision.
//! - [`quantities_for_token`]: the numbers of the trigger's clause.

use dyad_model::{
    Doc, EventDate, GeoPrecision, Layer, Location, PlaceMention, Quantity, TimeExpression, Upos,
};

use dyad_syntax::tree::{base_relation, Tree};

use crate::time::{crosses_clause, date_for_token, token_range_of};

/// What the time, place and quantity layers say about one event.
#[derive(Debug, Clone, PartialEq)]
pub struct EventContext<'d> {
    /// The attached time expression, if any.
    pub time: Option<&'d TimeExpression>,
    /// The event's date: the attached expression's, else the document date.
    pub date: Option<EventDate>,
    /// The place mention attached in the sentence, if any.
    pub place: Option<&'d PlaceMention>,
    /// The event's location: the attached place, else the article's focus country.
    pub location: Option<Location>,
    /// Numbers in the trigger's clause (killed, rockets, troops, ...).
    pub quantities: Vec<&'d Quantity>,
}

/// Date, place and quantities of the event triggered by token `token_idx` of sentence
/// `sentence`.
pub fn event_context(doc: &Doc, sentence: usize, token_idx: usize) -> EventContext<'_> {
    let time = date_for_token(doc, sentence, token_idx);
    let place = place_for_token(doc, sentence, token_idx);
    EventContext {
        time,
        date: time.map(|t| t.date).or_else(|| doc.document.date.map(EventDate::day)),
        place,
        location: place.map(|p| p.location.clone()).or_else(|| focus_location(doc)),
        quantities: quantities_for_token(doc, sentence, token_idx),
    }
}

/// Prepositions that make the following place the scene of the event.
fn is_locative(word: &str) -> bool {
    matches!(
        word,
        "in" | "at"
            | "near"
            | "outside"
            | "inside"
            | "across"
            | "throughout"
            | "around"
            | "into"
            | "on"
            | "off"
            | "within"
            | "towards"
            | "toward"
            | "to"
            | "from"
            | "over"
            | "along"
            | "by"
            | "between"
            | "through"
            | "of"
            | "nearby"
    )
}

/// How a place mention relates to its neighbours: `2` after a locative preposition
/// ("in Baghdad", "at the air base"), `0` as a noun modifier or possessor ("US troops",
/// "Iraq's prime minister"), `1` otherwise.
fn place_role(doc: &Doc, sentence_start: usize, first: usize, last: usize) -> u8 {
    let next = doc.tokens.get(last + 1);
    // "Iraq's northern Nineveh province": the possessor is not the scene.
    if next.is_some_and(|t| t.text == "'s" || t.text == "\u{2019}s") {
        return 0;
    }
    // "the West Bank city of Nablus": the more specific place follows.
    if next.is_some_and(|t| is_place_noun(&t.text.to_lowercase()))
        && doc.tokens.get(last + 2).is_some_and(|t| t.text == "of")
    {
        return 0;
    }
    let mut idx = first;
    // Walk back over determiners and adjectives: "in the northern city of".
    for _ in 0..6 {
        if idx <= sentence_start {
            break;
        }
        idx -= 1;
        let word = doc.tokens[idx].text.to_lowercase();
        // "in the town of Mussaiyab": the preposition before "the town of" counts.
        let place_of =
            word == "of" && idx > sentence_start && is_place_noun(&doc.tokens[idx - 1].text.to_lowercase());
        if place_of {
            continue;
        }
        if is_locative(&word) {
            return if matches!(word.as_str(), "from" | "to" | "of" | "by" | "between") { 1 } else { 2 };
        }
        let skippable = matches!(
            word.as_str(),
            "the"
                | "a"
                | "an"
                | "this"
                | "that"
                | "major"
                | "main"
                | "key"
                | "northern"
                | "southern"
                | "eastern"
                | "western"
                | "central"
                | "restive"
                | "besieged"
                | "occupied"
                | "nearby"
                | "neighbouring"
                | "neighboring"
                | "north"
                | "south"
                | "east"
                | "west"
                | "rebel-held"
                | "flashpoint"
        ) || is_place_noun(&word)
            || (doc.has(Layer::Tags) && matches!(doc.tokens[idx].upos, Upos::Det | Upos::Adj));
        if !skippable {
            break;
        }
    }
    let modifier = next.is_some_and(|t| {
        t.text.starts_with(|c: char| c.is_lowercase())
            && t.text.chars().all(|c| c.is_alphabetic() || c == '-')
            && !is_place_noun(&t.text)
            && if doc.has(Layer::Tags) {
                matches!(t.upos, Upos::Noun | Upos::Propn)
            } else {
                !is_function_word(&t.text)
            }
    });
    if modifier {
        0
    } else {
        1
    }
}

/// Nouns that name a kind of place ("Nineveh province", "the city of Mosul").
fn is_place_noun(word: &str) -> bool {
    matches!(
        word,
        "province"
            | "city"
            | "town"
            | "village"
            | "district"
            | "region"
            | "area"
            | "governorate"
            | "state"
            | "county"
            | "neighbourhood"
            | "neighborhood"
            | "capital"
            | "border"
            | "camp"
            | "suburb"
            | "outskirts"
            | "countryside"
            | "municipality"
            | "commune"
            | "port"
            | "island"
            | "valley"
            | "desert"
            | "coast"
            | "island's"
            | "enclave"
            | "territory"
            | "frontier"
            | "highway"
            | "airport"
    )
}

fn is_function_word(word: &str) -> bool {
    matches!(
        word,
        "and"
            | "or"
            | "but"
            | "on"
            | "in"
            | "at"
            | "to"
            | "for"
            | "with"
            | "from"
            | "by"
            | "of"
            | "as"
            | "is"
            | "was"
            | "were"
            | "are"
            | "has"
            | "have"
            | "had"
            | "will"
            | "would"
            | "said"
            | "says"
            | "that"
            | "which"
            | "who"
            | "where"
            | "when"
            | "after"
            | "before"
            | "since"
            | "during"
            | "while"
            | "near"
            | "late"
            | "early"
            | "last"
            | "this"
            | "earlier"
            | "today"
            | "yesterday"
            | "province"
            | "city"
            | "could"
            | "can"
            | "may"
            | "might"
            | "should"
            | "did"
            | "does"
            | "do"
            | "been"
            | "be"
            | "into"
            | "than"
            | "then"
            | "if"
            | "so"
            | "because"
            | "amid"
            | "over"
            | "under"
            | "about"
            | "against"
    ) || word.ends_with("ed")
        || word.ends_with("ing")
}

/// Whether the place is only a reference point for another ("80 km south of Baghdad",
/// "north of the capital").
fn is_reference_point(doc: &Doc, sentence_start: usize, first: usize) -> bool {
    if first < sentence_start + 2 || doc.tokens[first - 1].text.to_lowercase() != "of" {
        return false;
    }
    let before = doc.tokens[first - 2].text.to_lowercase();
    matches!(
        before.as_str(),
        "north"
            | "south"
            | "east"
            | "west"
            | "northeast"
            | "northwest"
            | "southeast"
            | "southwest"
            | "north-east"
            | "north-west"
            | "south-east"
            | "south-west"
            | "outskirts"
    )
}

/// Whether the place names where a nominal after it is ("their Baghdad home",
/// "Mogadishu's Huriwa district", "Bethlehem's Church of the Nativity"): a possessor or
/// noun modifier of a noun that follows a locative preposition.
fn modifies_a_scene(
    doc: &Doc,
    sentence_start: usize,
    sentence_end: usize,
    first: usize,
    last: usize,
) -> bool {
    let mut idx = last + 1;
    if doc.tokens.get(idx).is_some_and(|t| t.text == "'s" || t.text == "\u{2019}s") {
        idx += 1;
    }
    // The noun the place modifies: the next noun within three words.
    let head = (idx..(idx + 3).min(sentence_end)).find(|&j| {
        let token = &doc.tokens[j];
        if doc.has(Layer::Tags) {
            matches!(token.upos, Upos::Noun | Upos::Propn)
        } else {
            token.text.chars().all(|c| c.is_alphabetic()) && !is_function_word(&token.text.to_lowercase())
        }
    });
    if head.is_none() {
        return false;
    }
    // A locative preposition before the place's noun phrase.
    let mut back = first;
    for _ in 0..4 {
        if back <= sentence_start {
            return false;
        }
        back -= 1;
        let word = doc.tokens[back].text.to_lowercase();
        if matches!(word.as_str(), "in" | "at" | "near" | "outside" | "inside" | "into" | "on" | "from") {
            return true;
        }
        let skippable = matches!(word.as_str(), "the" | "a" | "an" | "their" | "his" | "her" | "its" | "our")
            || (doc.has(Layer::Tags) && matches!(doc.tokens[back].upos, Upos::Det | Upos::Adj | Upos::Pron));
        if !skippable {
            return false;
        }
    }
    false
}

/// Evidence below which no place is taken to locate the event.
const MIN_EVIDENCE: f64 = -1.0;

/// How a place hangs from the trigger in the dependency tree.
struct TreePath {
    /// The place's own relation (`obl` in "killed in Baghdad").
    own: String,
    /// The relation of the word on the path that attaches to the trigger (`obl` in
    /// "killed in the town of Mussaiyab", where `town` attaches).
    top: String,
    /// Steps from the place up to the trigger.
    steps: usize,
}

/// The path from the place (its head word) up to the trigger, if the trigger
/// dominates it within five steps.
fn tree_path(
    doc: &Doc,
    range: &std::ops::Range<usize>,
    first: usize,
    last: usize,
    trigger: usize,
) -> Option<TreePath> {
    let tokens = &doc.tokens[range.clone()];
    let tree = Tree::new(tokens);
    let (first, last) = (first - range.start, last - range.start);
    // The word of the place whose head lies outside it.
    let head_word =
        (first..=last).find(|&i| tree.head(i).is_none_or(|h| h < first || h > last)).unwrap_or(first);
    let own = base_relation(&tokens[head_word].deprel).to_string();
    let own = if tokens[head_word].deprel.starts_with("nmod:poss") { "nmod:poss".to_string() } else { own };
    let mut at = head_word;
    for steps in 1..=5 {
        let head = tree.head(at)?;
        if head + range.start == trigger {
            let relation = &tokens[at].deprel;
            let top = if relation.starts_with("nmod:poss") || relation.starts_with("acl:relcl") {
                relation.clone()
            } else {
                base_relation(relation).to_string()
            };
            return Some(TreePath { own, top, steps });
        }
        at = head;
    }
    None
}

/// Evidence (a log-odds-like sum) that a place is where the event happened.
///
/// The weights were read off how often each cue goes with a place that locates the
/// event in newswire sentences, rounded: "in", "at", "near", "over", "through" before
/// the place speak for it, "from", "to", "by", "with", "against", "for" against it
/// (origins, destinations, agents, partners); in the tree, a place inside the
/// trigger's object or oblique speaks for it, a subject or a possessor against it; a
/// country is rarely the answer when a town is named; a place in another clause or
/// only a reference point ("80 km south of Baghdad") rarely is.
fn location_evidence(
    doc: &Doc,
    range: &std::ops::Range<usize>,
    place: &PlaceMention,
    first: usize,
    last: usize,
    trigger: usize,
    places_in_sentence: usize,
) -> f64 {
    let mut evidence = -0.8;
    // The word before the place, over determiners ("fired at the Ain al-Assad air base").
    let mut before = first;
    while before > range.start + 1
        && matches!(doc.tokens[before - 1].text.to_lowercase().as_str(), "the" | "a" | "an")
    {
        before -= 1;
    }
    let prev = if before > range.start { doc.tokens[before - 1].text.to_lowercase() } else { String::new() };
    evidence += match prev.as_str() {
        "through" => 1.5,
        "off" => 1.5,
        "over" | "along" => 0.8,
        "inside" | "at" => 0.6,
        "in" | "near" | "'s" | "\u{2019}s" => 0.5,
        "around" => 0.4,
        "northern" | "southern" | "eastern" | "western" | "central" | "north" | "south" | "east" | "west" => {
            0.3
        }
        "of" => 0.25,
        "the" => -0.2,
        "on" => -0.3,
        "and" => -0.5,
        "," => -0.6,
        "a" | "an" => -0.7,
        "into" => -0.8,
        "to" => -1.2,
        "between" => -1.2,
        "from" | "for" => -1.9,
        "with" => -2.7,
        "by" => -3.2,
        "against" => -3.4,
        _ => -0.4,
    };
    let role = place_role(doc, range.start, first, last);
    let role = if role == 0 && modifies_a_scene(doc, range.start, range.end, first, last) { 2 } else { role };
    evidence += match role {
        2 => 0.5,
        1 => -0.4,
        _ => -1.0,
    };
    if doc.has(Layer::Deps) {
        match tree_path(doc, range, first, last, trigger) {
            Some(path) => {
                evidence += match path.own.as_str() {
                    "obj" => 0.6,
                    "obl" | "nmod" => 0.5,
                    "compound" => 0.2,
                    "nsubj" => -1.0,
                    "nmod:poss" => -0.8,
                    "iobj" => -1.5,
                    _ => 0.0,
                };
                evidence += match path.top.as_str() {
                    "nmod" => 1.2,
                    "obj" => 1.0,
                    "appos" => 0.9,
                    "amod" => 0.8,
                    "xcomp" => 0.6,
                    "obl" => 0.5,
                    "compound" => 0.15,
                    "nsubj" => -1.0,
                    "nsubj:pass" => -0.6,
                    "nmod:poss" => -1.4,
                    "advcl" => -0.6,
                    "acl" | "ccomp" => -0.7,
                    "acl:relcl" => -1.2,
                    "parataxis" => -0.8,
                    "conj" => -0.5,
                    _ => 0.0,
                };
                evidence += match path.steps {
                    1 => 0.7,
                    2 => 0.5,
                    _ => -0.1,
                };
            }
            None => evidence -= 0.7,
        }
    }
    evidence += if place.rule.starts_with("geo.unresolved") {
        0.8
    } else {
        match place.location.precision {
            GeoPrecision::City => 0.35,
            GeoPrecision::Region => -0.15,
            GeoPrecision::Country => -1.25,
            GeoPrecision::Site => 0.35,
        }
    };
    let after = trigger < first;
    evidence += if after { 0.2 } else { -0.6 };
    if crosses_clause(doc, trigger, first, last) {
        evidence -= 0.9;
    }
    if is_reference_point(doc, range.start, first) {
        evidence -= 1.0;
    }
    let distance = if after { first - trigger } else { trigger.saturating_sub(last) };
    evidence += match distance / 3 {
        0 => 0.6,
        1 => 0.3,
        2 => 0.4,
        3 => 0.25,
        _ => -0.7,
    };
    evidence += match places_in_sentence {
        0 | 1 => 0.6,
        2 => -0.1,
        _ => -0.5,
    };
    evidence
}

/// The place mention that locates the event triggered by `token_idx`: of the
/// sentence's places, the one with the most evidence (`location_evidence`), if that is enough.
/// Places after a locative preposition ("killed in Baghdad") win over bare ones, and
/// bare ones over modifiers ("US troops"); with a dependency parse, places in the
/// trigger's object or obliques win over subjects and other clauses; nearer and more
/// specific places win. A bare country name is mostly an actor ("Peru protested").
pub fn place_for_token(doc: &Doc, sentence: usize, token_idx: usize) -> Option<&PlaceMention> {
    let range = doc.sentences.get(sentence)?.tokens.clone();
    if !range.contains(&token_idx) {
        return None;
    }
    let in_sentence: Vec<(&PlaceMention, usize, usize)> = doc
        .places
        .iter()
        .filter(|p| p.sentence == sentence)
        .filter_map(|p| token_range_of(doc, range.clone(), p.span).map(|(first, last)| (p, first, last)))
        .collect();
    let mut best: Option<(f64, &PlaceMention)> = None;
    for &(place, first, last) in &in_sentence {
        let evidence = location_evidence(doc, &range, place, first, last, token_idx, in_sentence.len());
        if best.is_none_or(|(e, _)| evidence > e) {
            best = Some((evidence, place));
        }
    }
    let (_, chosen) = best.filter(|(evidence, _)| *evidence > MIN_EVIDENCE)?;
    // "the West Bank town of Hebron", "the Belarus capital Minsk": the place named as
    // a town of the chosen one is where it happened.
    let (_, _, chosen_last) = in_sentence.iter().find(|(p, _, _)| std::ptr::eq(*p, chosen))?;
    let inner = in_sentence.iter().find(|(p, first, _)| {
        *first > *chosen_last
            && p.location.precision != GeoPrecision::Country
            && names_a_town_of(doc, *chosen_last + 1, *first)
    });
    Some(inner.map_or(chosen, |(p, _, _)| *p))
}

/// Whether the words `[from, to)` between two places make the second a town of the
/// first: a settlement noun, then "of" or nothing ("town of", "capital", "'s northern
/// city of").
fn names_a_town_of(doc: &Doc, from: usize, to: usize) -> bool {
    if to <= from || to - from > 4 {
        return false;
    }
    let words: Vec<String> = doc.tokens[from..to].iter().map(|t| t.text.to_lowercase()).collect();
    let is_settlement = |w: &str| {
        matches!(
            w,
            "town" | "city" | "village" | "capital" | "camp" | "suburb" | "neighbourhood" | "neighborhood"
        )
    };
    let ends_right = words.last().is_some_and(|w| w == "of" || is_settlement(w));
    let noun_at = words.iter().position(|w| is_settlement(w));
    ends_right
        && noun_at.is_some_and(|at| {
            words[..at].iter().all(|w| {
                matches!(w.as_str(), "'s" | "\u{2019}s")
                    || w.chars().all(|c| c.is_ascii_lowercase() || c == '-')
            }) && words[at + 1..].iter().all(|w| w == "of")
        })
}

/// The article's focus country: the country named (directly or through its places)
/// most often, as a country-precision location without a span. Ties go to the first
/// mentioned.
pub fn focus_location(doc: &Doc) -> Option<Location> {
    let mut counts: Vec<(&str, usize, &PlaceMention)> = Vec::new();
    for place in &doc.places {
        let Some(country) = place.location.country.as_deref() else { continue };
        match counts.iter_mut().find(|(c, _, _)| *c == country) {
            Some(entry) => entry.1 += 1,
            None => counts.push((country, 1, place)),
        }
    }
    let (country, _, first) =
        counts.iter().fold(None::<&(&str, usize, &PlaceMention)>, |best, entry| match best {
            Some(b) if b.1 >= entry.1 => Some(b),
            _ => Some(entry),
        })?;
    // Prefer the coordinates of a country mention when the article has one.
    let country_mention = doc
        .places
        .iter()
        .find(|p| {
            p.location.country.as_deref() == Some(country) && p.location.precision == GeoPrecision::Country
        })
        .unwrap_or(first);
    let mut location = country_mention.location.clone();
    if location.precision != GeoPrecision::Country {
        location.name = country.to_string();
        location.precision = GeoPrecision::Country;
        location.geonameid = None;
    }
    location.span = None;
    Some(location)
}

/// The event's location: [`place_for_token`]'s place, else [`focus_location`].
pub fn event_location(doc: &Doc, sentence: usize, token_idx: usize) -> Option<Location> {
    place_for_token(doc, sentence, token_idx).map(|p| p.location.clone()).or_else(|| focus_location(doc))
}

/// The quantities in the trigger's clause ("14 rockets were fired": Munitions 14 for
/// "fired"), nearest first.
pub fn quantities_for_token(doc: &Doc, sentence: usize, token_idx: usize) -> Vec<&Quantity> {
    let Some(range) = doc.sentences.get(sentence).map(|s| s.tokens.clone()) else { return Vec::new() };
    let mut found: Vec<(usize, &Quantity)> = Vec::new();
    for quantity in doc.quantities.iter().filter(|q| q.sentence == sentence) {
        let Some((first, last)) = token_range_of(doc, range.clone(), quantity.span) else { continue };
        if crosses_clause(doc, token_idx, first, last) {
            continue;
        }
        let distance = if token_idx < first { first - token_idx } else { token_idx.saturating_sub(last) };
        found.push((distance, quantity));
    }
    found.sort_by_key(|(distance, _)| *distance);
    found.into_iter().map(|(_, q)| q).collect()
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, OnceLock};

    use dyad_model::{Document, Stage};

    use super::*;
    use crate::{tokens::tokenize_doc, Gazetteer, PlaceStage};

    fn stage() -> &'static PlaceStage {
        static STAGE: OnceLock<PlaceStage> = OnceLock::new();
        STAGE.get_or_init(|| PlaceStage::new(Arc::new(Gazetteer::embedded().unwrap())))
    }

    /// The words of the place that locates the event triggered by `trigger`.
    fn located(text: &str, trigger: &str) -> Option<String> {
        let mut doc = Doc::new(Document::new("t", text));
        tokenize_doc(&mut doc);
        stage().run(&mut doc, &mut Vec::new());
        let token = doc.tokens.iter().position(|t| t.text == trigger).expect("trigger");
        let sentence = doc.sentences.iter().position(|s| s.tokens.contains(&token)).unwrap();
        place_for_token(&doc, sentence, token).map(|p| doc.text_of(p.span).to_string())
    }

    #[test]
    fn the_town_named_as_a_town_of_the_chosen_place_wins() {
        assert_eq!(
            located("A Palestinian man was fatally shot in the West Bank town of Jenin.", "shot").as_deref(),
            Some("Jenin")
        );
        assert_eq!(
            located("Thousands demonstrated in the Belarus capital Minsk on Sunday.", "demonstrated")
                .as_deref(),
            Some("Minsk")
        );
        // A district of a province is not a town of it: the district stays.
        assert_eq!(
            located("A bomb in the Semdinli district of Hakkari killed five soldiers.", "killed").as_deref(),
            Some("Semdinli")
        );
    }

    #[test]
    fn the_place_after_a_locative_preposition_wins() {
        assert_eq!(located("Rockets were fired at Baghdad on Monday.", "fired").as_deref(), Some("Baghdad"));
        assert_eq!(located("Peru protested the decision.", "protested"), None);
    }

    #[test]
    fn the_most_specific_place_of_a_chain_wins() {
        let text = "Five workers were killed in the Amil neighbourhood of western Baghdad.";
        assert_eq!(located(text, "killed").as_deref(), Some("Amil"));
        let text = "A bomb exploded in the town of Mussaiyab, some 80 km south of Baghdad.";
        assert_eq!(located(text, "exploded").as_deref(), Some("Mussaiyab"));
    }

    #[test]
    fn a_place_naming_the_scene_noun_locates_the_event() {
        let text = "He was shot dead in their Belfast home on Tuesday.";
        assert_eq!(located(text, "shot").as_deref(), Some("Belfast"));
        let text = "A monk was shot at Bethlehem's Church of the Nativity.";
        assert_eq!(located(text, "shot").as_deref(), Some("Bethlehem"));
    }

    #[test]
    fn origins_agents_and_partners_do_not_locate_the_event() {
        assert_eq!(located("The envoy flew from Paris to talk with the rebels.", "talk"), None);
        assert_eq!(
            located("Two soldiers were killed by gunmen in Kandahar.", "killed").as_deref(),
            Some("Kandahar")
        );
    }

    #[test]
    fn the_parse_prefers_the_triggers_own_oblique() {
        // A hand-written parse: "Troops from Chad patrolled streets in Bangui".
        let mut doc = Doc::new(Document::new("t", "Troops from Chad patrolled streets in Bangui ."));
        tokenize_doc(&mut doc);
        let rows = [
            (3, "nsubj"),
            (2, "case"),
            (0, "nmod"),
            (usize::MAX, "root"),
            (3, "obj"),
            (6, "case"),
            (3, "obl"),
            (3, "punct"),
        ];
        for (token, (head, deprel)) in doc.tokens.iter_mut().zip(rows) {
            token.head = (head != usize::MAX).then_some(head);
            token.deprel = deprel.to_string();
        }
        doc.layers.push(Layer::Deps);
        stage().run(&mut doc, &mut Vec::new());
        let place = place_for_token(&doc, 0, 3).map(|p| doc.text_of(p.span).to_string());
        assert_eq!(place.as_deref(), Some("Bangui"));
    }
}
