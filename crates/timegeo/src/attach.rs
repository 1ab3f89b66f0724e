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

use crate::location_model::LocationModel;
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

/// A word as a feature value: closed-class words and punctuation as themselves,
/// names, numbers and the rest as a class, so the weights stay general.
fn word_class(word: &str) -> String {
    let lower = word.to_lowercase();
    if word.chars().next().is_some_and(char::is_uppercase) {
        "CAP".to_string()
    } else if word.chars().any(|c| c.is_ascii_digit()) {
        "NUM".to_string()
    } else if lower.chars().count() <= 2
        || (lower.chars().count() <= 12
            && lower.chars().all(|c| c.is_alphabetic() || c == '\'' || c == '\u{2019}'))
    {
        lower
    } else {
        "OTHER".to_string()
    }
}

/// A place mention's kind as a feature value.
fn place_kind(place: &PlaceMention) -> &'static str {
    if place.rule.starts_with("geo.unresolved") {
        return "unresolved";
    }
    match place.location.precision {
        GeoPrecision::City => "city",
        GeoPrecision::Region => "region",
        GeoPrecision::Country => "country",
        GeoPrecision::Site => "site",
    }
}

fn precision_rank(precision: GeoPrecision) -> u8 {
    match precision {
        GeoPrecision::Country => 0,
        GeoPrecision::Region => 1,
        GeoPrecision::City => 2,
        GeoPrecision::Site => 3,
    }
}

/// The features of one of the sentence's places as the location of the event
/// triggered by `trigger` (see [`crate::location_model`]): the word before it (over
/// determiners: "fired at the Ain al-Assad air base") and after it, how it hangs from
/// the trigger in the parse, its kind, side, distance and clause, whether it is only a
/// reference point ("80 km south of Baghdad"), and how it sits among the sentence's
/// other places (a country with one of its towns named beside it is rarely the answer).
fn location_features(
    doc: &Doc,
    range: &std::ops::Range<usize>,
    places: &[(&PlaceMention, usize, usize)],
    at: usize,
    trigger: usize,
) -> Vec<String> {
    let (place, first, last) = places[at];
    let mut before = first;
    while before > range.start + 1
        && matches!(doc.tokens[before - 1].text.to_lowercase().as_str(), "the" | "a" | "an")
    {
        before -= 1;
    }
    let prev = if before > range.start { word_class(&doc.tokens[before - 1].text) } else { "^".to_string() };
    let next = if last + 1 < range.end { word_class(&doc.tokens[last + 1].text) } else { "$".to_string() };
    let kind = place_kind(place);
    let after = if trigger < first { "after" } else { "before" };
    let distance = if trigger < first { first - trigger } else { trigger.saturating_sub(last) };
    let distance = (distance / 3).min(6);
    let role = place_role(doc, range.start, first, last);
    let role = if role == 0 && modifies_a_scene(doc, range.start, range.end, first, last) { 2 } else { role };
    let trigger_pos = doc.tokens[trigger].upos.as_str();
    let mut features = vec![
        "bias".to_string(),
        format!("prev={prev}"),
        format!("next={next}"),
        format!("prev&next={prev}&{next}"),
        format!("role={role}"),
        format!("kind={kind}"),
        format!("rule={}", place.rule),
        format!("side={after}"),
        format!("dist={distance}"),
        format!("dist&side={distance}&{after}"),
        format!("places={}", places.len().min(4)),
        format!("prev&kind={prev}&{kind}"),
        format!("prev&side={prev}&{after}"),
        format!("role&kind={role}&{kind}"),
        format!("tpos&prev={trigger_pos}&{prev}"),
        format!("det={}", before < first),
    ];
    if doc.has(Layer::Deps) {
        match tree_path(doc, range, first, last, trigger) {
            Some(path) => {
                let steps = path.steps.min(4);
                features.push(format!("own={}", path.own));
                features.push(format!("top={}", path.top));
                features.push(format!("steps={steps}"));
                features.push(format!("top&own={}&{}", path.top, path.own));
                features.push(format!("top&kind={}&{kind}", path.top));
                features.push(format!("top&prev={}&{prev}", path.top));
                features.push(format!("own&steps={}&{steps}", path.own));
            }
            None => {
                features.push("tree=none".to_string());
                features.push(format!("tree=none&kind={kind}"));
                features.push(format!("tree=none&prev={prev}"));
            }
        }
        let own = base_relation(&doc.tokens[last].deprel);
        features.push(format!("deprel={own}"));
    }
    if crosses_clause(doc, trigger, first, last) {
        features.push("cross_clause".to_string());
        features.push(format!("cross_clause&side={after}"));
    }
    if is_reference_point(doc, range.start, first) {
        features.push("reference_point".to_string());
    }
    // Its rank among the places: the first, the nearest to the trigger.
    let gap = |&(_, f, l): &(&PlaceMention, usize, usize)| {
        if trigger < f {
            f - trigger
        } else {
            trigger.saturating_sub(l)
        }
    };
    if at == 0 {
        features.push("first_place".to_string());
    }
    let nearest = places.iter().map(gap).min();
    if nearest == Some(gap(&places[at])) {
        features.push("nearest".to_string());
        features.push(format!("nearest&side={after}"));
    }
    // Broader or finer than another place of the same country in the sentence.
    let country = place.location.country.as_deref();
    let rank = precision_rank(place.location.precision);
    let same_country = |other: &&(&PlaceMention, usize, usize)| {
        !std::ptr::eq(other.0, place) && country.is_some() && other.0.location.country.as_deref() == country
    };
    if places.iter().filter(same_country).any(|o| precision_rank(o.0.location.precision) > rank) {
        features.push(format!("has_finer&kind={kind}"));
    }
    if places.iter().filter(same_country).any(|o| precision_rank(o.0.location.precision) < rank) {
        features.push(format!("has_broader&kind={kind}"));
    }
    if places.iter().any(|o| o.1 > last && names_a_town_of(doc, last + 1, o.1)) {
        features.push("names_a_town_after".to_string());
    }
    // A dateline ("BAGHDAD (Reuters) -", "KABUL, Afghanistan --").
    let words = doc.text_of(place.span);
    if first == range.start && words.chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase) {
        features.push("dateline".to_string());
    }
    features
}

/// The features of "no place of the sentence locates the event".
fn none_features(doc: &Doc, places: usize, trigger: usize) -> Vec<String> {
    let token = &doc.tokens[trigger];
    let lemma = if token.lemma.is_empty() { token.text.to_lowercase() } else { token.lemma.to_lowercase() };
    let mut features = vec![
        "none".to_string(),
        format!("none&places={}", places.min(4)),
        format!("none&tpos={}", token.upos.as_str()),
        format!("none&lemma={lemma}"),
    ];
    if doc.has(Layer::Deps) {
        features.push(format!("none&tdeprel={}", base_relation(&token.deprel)));
    }
    features
}

/// The choice of the event's place as the location model sees it: option 0 is
/// "none", then the sentence's places in text order (as [`places_in_sentence`]).
pub(crate) fn location_options(doc: &Doc, sentence: usize, token_idx: usize) -> Option<Vec<Vec<String>>> {
    let range = doc.sentences.get(sentence)?.tokens.clone();
    if !range.contains(&token_idx) {
        return None;
    }
    let places = places_in_sentence(doc, sentence);
    let mut options = vec![none_features(doc, places.len(), token_idx)];
    options.extend((0..places.len()).map(|at| location_features(doc, &range, &places, at, token_idx)));
    Some(options)
}

/// The place mention that locates the event triggered by `token_idx`: of the
/// sentence's places, the one the location model ([`crate::location_model`]) scores
/// highest, if it beats "no place". What the model learned from gold event locations:
/// places after a locative preposition ("killed in Baghdad") win over bare ones, and
/// bare ones over modifiers ("US troops"); with a dependency parse, places in the
/// trigger's object or obliques win over subjects and other clauses; nearer and more
/// specific places win. A bare country name is mostly an actor ("Peru protested").
pub fn place_for_token(doc: &Doc, sentence: usize, token_idx: usize) -> Option<&PlaceMention> {
    let in_sentence = places_in_sentence(doc, sentence);
    let mut best: Option<(f64, &PlaceMention)> = None;
    for (evidence, place) in place_evidence(doc, sentence, token_idx) {
        if best.is_none_or(|(e, _)| evidence > e) {
            best = Some((evidence, place));
        }
    }
    let (_, chosen) = best.filter(|(evidence, _)| *evidence > 0.0)?;
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

/// The sentence's place mentions with their first and last token.
pub(crate) fn places_in_sentence(doc: &Doc, sentence: usize) -> Vec<(&PlaceMention, usize, usize)> {
    let Some(range) = doc.sentences.get(sentence).map(|s| s.tokens.clone()) else { return Vec::new() };
    doc.places
        .iter()
        .filter(|p| p.sentence == sentence)
        .filter_map(|p| token_range_of(doc, range.clone(), p.span).map(|(first, last)| (p, first, last)))
        .collect()
}

/// Each place mention of the sentence with its evidence for locating the event
/// triggered by `token_idx`, in text order: the location model's score of the place
/// minus that of "no place", so a place with evidence above 0 beats "none". This is
/// what [`place_for_token`] chooses from, exposed so a choice can be explained.
pub fn place_evidence(doc: &Doc, sentence: usize, token_idx: usize) -> Vec<(f64, &PlaceMention)> {
    let Some(options) = location_options(doc, sentence, token_idx) else { return Vec::new() };
    let model = LocationModel::embedded();
    let none = model.score(&options[0]);
    places_in_sentence(doc, sentence)
        .into_iter()
        .zip(&options[1..])
        .map(|((place, _, _), features)| (model.score(features) - none, place))
        .collect()
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
    use dyad_syntax::{SyntaxModel, SyntaxStage};

    use crate::{eval::prepared, tokens::tokenize_doc, Gazetteer, PlaceStage};

    fn stage() -> &'static PlaceStage {
        static STAGE: OnceLock<PlaceStage> = OnceLock::new();
        STAGE.get_or_init(|| PlaceStage::new(Arc::new(Gazetteer::embedded().unwrap())))
    }

    fn syntax() -> &'static SyntaxStage {
        static SYNTAX: OnceLock<SyntaxStage> = OnceLock::new();
        SYNTAX.get_or_init(|| SyntaxStage::new(SyntaxModel::load_default().expect("shipped syntax model")))
    }

    /// The words of the place that locates the event triggered by `trigger`, with the
    /// text segmented, tagged and parsed as the pipeline does (the location model is
    /// trained on parsed text).
    fn located(text: &str, trigger: &str) -> Option<String> {
        let segment = dyad_text::SegmentStage::default();
        let mut doc = prepared("t", text, &[&segment, syntax(), &dyad_text::LemmaStage]);
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
