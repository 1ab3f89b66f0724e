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

/// How far (in tokens) a place without a locative preposition may be from the trigger.
const MAX_BARE_DISTANCE: i64 = 4;

/// How specific a place is: an unknown name (a village or district the gazetteer lacks)
/// and a site are more specific than a town, a town than a region, a region than a
/// country. When a sentence names several places for one event, news names the scene
/// most precisely ("in the Amil neighbourhood of western Baghdad").
fn specificity(place: &PlaceMention) -> i64 {
    if place.rule.starts_with("geo.unresolved") {
        return 4;
    }
    match place.location.precision {
        GeoPrecision::Site => 4,
        GeoPrecision::City => 3,
        GeoPrecision::Region => 2,
        GeoPrecision::Country => 1,
    }
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

/// Score above which no place is taken to locate the event.
const NO_PLACE_ABOVE: i64 = -45;

/// The place mention that locates the event triggered by `token_idx`. Each place of the
/// sentence is scored: places after a locative preposition ("killed in Baghdad") win
/// over bare ones, and bare ones over modifiers ("US troops"), which locate an event
/// only when nothing better does; nearer places, places after the trigger, places in
/// the trigger's clause (with a dependency parse, places whose head chain reaches the
/// trigger) and more specific places win. A bare country name is mostly an actor
/// ("Peru protested"); a place after "80 km south of" is a reference point.
pub fn place_for_token(doc: &Doc, sentence: usize, token_idx: usize) -> Option<&PlaceMention> {
    let range = doc.sentences.get(sentence)?.tokens.clone();
    if !range.contains(&token_idx) {
        return None;
    }
    let mut best: Option<(i64, &PlaceMention)> = None;
    for place in doc.places.iter().filter(|p| p.sentence == sentence) {
        let Some((first, last)) = token_range_of(doc, range.clone(), place.span) else { continue };
        let mut role = place_role(doc, range.start, first, last);
        if role == 0 && modifies_a_scene(doc, range.start, range.end, first, last) {
            role = 2;
        }
        let distance =
            if token_idx < first { first - token_idx } else { token_idx.saturating_sub(last) } as i64;
        let crosses = crosses_clause(doc, token_idx, first, last);
        // Places after the trigger are more often its scene ("killed in Baghdad") than
        // places before it, which tend to be the subject's origin.
        let mut score = distance.min(30) + if token_idx < first { 0 } else { 3 };
        score += match role {
            2 => -40,
            1 if crosses && distance > MAX_BARE_DISTANCE => 25,
            1 => 0,
            _ => 30,
        };
        if role == 1 && place.location.precision == GeoPrecision::Country {
            score += 20;
        }
        if is_reference_point(doc, range.start, first) {
            score += 30;
        }
        if crosses {
            score += 30;
        }
        if doc.has(Layer::Deps) && reaches(doc, range.start, first, token_idx) {
            score -= 60;
        }
        score -= 3 * specificity(place);
        if best.is_none_or(|(s, _)| score < s) {
            best = Some((score, place));
        }
    }
    best.filter(|(score, _)| *score <= NO_PLACE_ABOVE).map(|(_, place)| place)
}

fn reaches(doc: &Doc, sentence_start: usize, from: usize, target: usize) -> bool {
    let mut idx = from;
    for _ in 0..6 {
        let Some(head) = doc.tokens[idx].head else { return false };
        idx = sentence_start + head;
        if idx == target {
            return true;
        }
        if idx >= doc.tokens.len() {
            return false;
        }
    }
    false
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
}
