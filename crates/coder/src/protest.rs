//! Protests: who protests, against whom, and for what.
//!
//! A protest is usually reported without the names a knowledge base knows: "more than
//! a million people marched across France", "Greek public sector workers walked off the
//! job". The crowd is the country's civilians (or workers, farmers, students), from a
//! nationality in its phrase or the place of the protest. What it protests against is
//! often not an actor but a thing someone did ("against President Macron's plan", "in
//! protest at the death of a woman in police custody"): the actor is the nearest one
//! inside that phrase. When the text names none, a domestic protest is addressed to the
//! government of its country, as CAMEO coders code it. And what the protest asks for
//! gives the fourth digit: a leader's departure (xx1), a policy (xx2), rights (xx3), a
//! change of institutions (xx4).

use std::ops::Range;

use dyad_model::actor_code::{is_role_only, TRANSNATIONAL_CODES};
use dyad_model::{Actor, Doc, EventCode, Span};
use dyad_syntax::tree::Tree;

use crate::deps::lemma;

/// The sector of a crowd by the word for its members.
fn crowd_sector(word: &str) -> Option<&'static str> {
    Some(match word {
        "people" | "person" | "protester" | "protestor" | "demonstrator" | "marcher" | "rioter" | "crowd"
        | "mob" | "activist" | "resident" | "citizen" | "woman" | "man" | "youth" | "villager"
        | "mourner" | "civilian" => "CVL",
        "worker" | "employee" | "union" | "unionist" | "miner" | "docker" | "trucker" | "driver"
        | "nurse" => "LAB",
        "farmer" => "AGR",
        "student" | "teacher" => "EDU",
        "monk" | "priest" | "nun" | "cleric" | "clergyman" | "pastor" => "REL",
        "journalist" | "reporter" => "MED",
        "doctor" | "physician" | "medic" => "HLH",
        "pensioner" | "retiree" | "supporter" => "CVL",
        _ => return None,
    })
}

/// Words for the members of a crowd that is out on the street: their violence is a
/// riot (145), not an attack. Students are in it: they clash with police as protesters,
/// not as an armed side.
const STREET_CROWDS: &[&str] =
    &["protester", "protestor", "demonstrator", "rioter", "mob", "crowd", "marcher", "student"];

/// Words that count a crowd ("tens of thousands of Sudanese").
const COUNTS: &[&str] =
    &["thousand", "hundred", "dozen", "million", "ten", "score", "group", "crowd", "number"];

/// Sectors of civil society, whose protests with no named target are addressed to their
/// own government.
const CIVIL_SECTORS: &[&str] = &["CVL", "LAB", "AGR", "EDU", "OPP", "MED", "REL", "HLH", "PTY", "REF"];

/// The subject of a protest: the trigger's own, or, for a purpose clause ("blocked
/// roads to protest"), its governor's.
fn subject(tree: &Tree<'_>, trigger: usize) -> Option<usize> {
    tree.subjects(trigger).into_iter().next().or_else(|| {
        let governor = tree.head(trigger)?;
        // "thousands of people rallying in Moscow": a participle after its noun says
        // what the noun did.
        if tree.has_relation(trigger, "acl") {
            return Some(governor);
        }
        tree.has_relation(trigger, "advcl").then_some(())?;
        tree.subjects(governor).into_iter().next()
    })
}

/// The member word of the subject's phrase: its head, or what a count counts ("tens of
/// thousands of Sudanese"). `nationals` says whether a word names a country's people.
fn member_word(tree: &Tree<'_>, head: usize, nationals: &dyn Fn(usize) -> bool) -> Option<usize> {
    let mut word = head;
    // "Some 2,000 Iraqi Shiite Muslims": people counted by a number.
    let numbered = tree.children_with(head, "nummod").into_iter().any(|n| tree.tokens()[n].xpos == "CD");
    if numbered && matches!(tree.tokens()[head].xpos.as_str(), "NNS" | "NNPS") {
        return Some(head);
    }
    for _ in 0..4 {
        if crowd_sector(&lemma(tree, word)).is_some() || (word != head && nationals(word)) {
            return Some(word);
        }
        if !COUNTS.contains(&lemma(tree, word).as_str()) {
            return None;
        }
        let counted = tree
            .children_with(word, "nmod")
            .into_iter()
            .find(|&n| tree.case_marker(n).1.as_deref() == Some("of"));
        match counted {
            Some(next) => word = next,
            // "Thousands marched": a count with nothing counted is a count of people.
            None if word == head && is_count_of_people(tree, word) => return Some(word),
            None => return None,
        }
    }
    None
}

/// Whether a word is a plural number word that stands for people on its own
/// ("thousands", "millions"; not "a group" or "the number").
fn is_count_of_people(tree: &Tree<'_>, word: usize) -> bool {
    matches!(lemma(tree, word).as_str(), "thousand" | "hundred" | "million" | "dozen" | "score")
        && tree.tokens()[word].xpos == "NNS"
}

/// The sector of an actor code: "CVL" of "IRQCVL" and of "CVL", "PTY" of "PSEPTYFTH".
fn sector_of(code: &str) -> &str {
    match code.get(..3) {
        Some(first) if is_role_only(first) => first,
        _ => code.get(3..6).unwrap_or(""),
    }
}

/// Whether an actor code is a bare country (what a nationality names).
fn is_country(code: &str) -> bool {
    code.len() == 3 && !is_role_only(code) && !TRANSNATIONAL_CODES.contains(&code)
}

/// Whether a word coded as a country names its people ("Israelis", "Sudanese"), not
/// the state ("China protested").
fn is_people(tree: &Tree<'_>, word: usize, code: &str) -> bool {
    is_country(code) && matches!(tree.tokens()[word].xpos.as_str(), "NNS" | "NNPS" | "JJ")
}

/// Whether the doer of a violent act is a crowd on the street ("protesters stormed the
/// residence", "rioters looted shops"): the act is a riot.
pub(crate) fn is_riot(tree: &Tree<'_>, trigger: usize) -> bool {
    subject(tree, trigger)
        .and_then(|head| member_word(tree, head, &|_| false).or(Some(head)))
        .is_some_and(|word| STREET_CROWDS.contains(&lemma(tree, word).as_str()))
}

/// Whether the subject is a crowd: people counted or named by what they do, or a
/// country's people ("hundreds of thousands of Israelis").
pub(crate) fn is_crowd(tree: &Tree<'_>, trigger: usize, actors: &[(Range<usize>, &str)]) -> bool {
    let nationals = |word: usize| {
        actors.iter().any(|(range, code)| {
            range.contains(&word) && (is_people(tree, word, code) || CIVIL_SECTORS.contains(&sector_of(code)))
        })
    };
    let Some(head) = subject(tree, trigger) else { return false };
    // "2,000 Russian troops" are counted too, but are no crowd.
    let armed = actors.iter().any(|(range, code)| {
        range.contains(&head) && !is_country(code) && !CIVIL_SECTORS.contains(&sector_of(code))
    });
    !armed && (member_word(tree, head, &nationals).is_some() || nationals(head))
}

/// Whether the nearest actor before the trigger is a sector of civil society, for
/// parses that lost the subject ("700,000 demonstrators and as many as three million
/// marched").
pub(crate) fn civil_doer_before(trigger: usize, actors: &[(Range<usize>, &str)]) -> bool {
    actors
        .iter()
        .filter(|(range, _)| range.end <= trigger)
        .max_by_key(|(range, _)| range.end)
        .is_some_and(|(_, code)| CIVIL_SECTORS.contains(&sector_of(code)))
}

/// The crowd that protests when no actor names it: "more than a million people",
/// "Greek public sector workers" (a country named inside the phrase is only its
/// nationality). Its country is that nationality, else the place of the protest.
pub(crate) fn crowd(
    doc: &Doc,
    sentence_idx: usize,
    tree: &Tree<'_>,
    trigger: usize,
    actors: &[(Range<usize>, &str)],
    place_country: Option<String>,
) -> Option<Actor> {
    let head = subject(tree, trigger)?;
    let country_at = |word: usize| {
        actors.iter().find(|(range, code)| range.contains(&word) && is_country(code)).map(|(_, code)| *code)
    };
    let people_at = |word: usize| country_at(word).is_some_and(|code| is_people(tree, word, code));
    let member = member_word(tree, head, &people_at)?;
    // "tens of thousands of Sudanese": a people counted is that country's civilians.
    let sector = crowd_sector(&lemma(tree, member)).unwrap_or("CVL");
    let phrase = tree.noun_phrase(head);
    // A crowd an actor already names ("Iraqi protesters", "French unions") is coded
    // as that actor, unless the actor only gives its nationality.
    let mut nationality = country_at(member).map(str::to_string);
    // "Morsi supporters", "opposition supporters": the crowd is whom they support.
    let supporters = lemma(tree, member) == "supporter";
    for (range, code) in actors {
        if supporters && !is_country(code) && range.start >= phrase.start && range.end <= phrase.end {
            return None;
        }
        if nationality.is_none() && (range.contains(&member) || range.contains(&head)) {
            return None;
        }
        if is_country(code) && range.start >= phrase.start && range.end <= phrase.end {
            nationality.get_or_insert_with(|| code.to_string());
        }
    }
    let country = nationality.or(place_country).unwrap_or_default();
    let offset = doc.sentences[sentence_idx].tokens.start;
    let span =
        Span::new(doc.tokens[offset + phrase.start].span.start, doc.tokens[offset + phrase.end - 1].span.end);
    Some(Actor {
        code: format!("{country}{sector}"),
        name: doc.text_of(span).to_string(),
        entity: None,
        span: Some(span),
    })
}

/// Whether a protest verb means showing or leading rather than protesting: "Asmara has
/// demonstrated its displeasure", "the effect was demonstrated", "schoolchildren
/// marched through the museum" (a passive: someone else marched them).
pub(crate) fn is_showing(tree: &Tree<'_>, trigger: usize) -> bool {
    if !tree.tokens()[trigger].xpos.starts_with('V') {
        return false;
    }
    let showing = lemma(tree, trigger) == "demonstrate"
        && (!tree.objects(trigger).is_empty() || !tree.children_with(trigger, "ccomp").is_empty());
    showing || tree.is_passive(trigger)
}

/// Prepositions that say what a protest is against.
const AGAINST: &[&str] = &["against", "over", "at"];

/// Phrases that say what the protest is against: the trigger's "against" and "over"
/// obliques, the same on its governor when the trigger says the purpose ("marched to
/// protest against"), and "in protest at" / "in anger at".
fn protested_phrases(tree: &Tree<'_>, trigger: usize) -> Vec<usize> {
    let mut holders = vec![trigger];
    if tree.has_relation(trigger, "advcl") || tree.has_relation(trigger, "xcomp") {
        holders.extend(tree.head(trigger));
    }
    // "took to the streets to protest against the coup": the purpose clause says it.
    holders.extend(tree.children_with(trigger, "advcl"));
    holders.extend(tree.children_with(trigger, "xcomp"));
    let marked = |n: usize| tree.case_marker(n).1.is_some_and(|p| AGAINST.contains(&p.as_str()));
    let mut phrases = Vec::new();
    for holder in holders {
        for child in tree.children(holder).iter().copied() {
            let relation = dyad_syntax::tree::base_relation(&tree.tokens()[child].deprel);
            if !matches!(relation, "obl" | "nmod") {
                continue;
            }
            if marked(child) {
                phrases.push(child);
            } else if tree.case_marker(child).1.as_deref() == Some("in") {
                // "in protest at", "in a general strike against", "in anger at".
                phrases.extend(tree.children_with(child, "nmod").into_iter().filter(|&n| marked(n)));
            }
        }
    }
    phrases
}

/// The actor a protest is against: the nearest actor inside what it protests against
/// ("against the government's plan" is the government; "over the death of a woman in
/// police custody", the police), as an index into `actors`.
pub(crate) fn protested_actor(tree: &Tree<'_>, trigger: usize, actors: &[Range<usize>]) -> Option<usize> {
    for phrase in protested_phrases(tree, trigger) {
        // Breadth first: the words nearest the phrase's head speak for it.
        let mut frontier = vec![phrase];
        while !frontier.is_empty() {
            if let Some(found) =
                frontier.iter().find_map(|&word| actors.iter().position(|range| range.contains(&word)))
            {
                return Some(found);
            }
            frontier = frontier.iter().flat_map(|&word| tree.children(word).iter().copied()).collect();
        }
    }
    None
}

/// The government a domestic protest with no named target is addressed to: that of the
/// protesters' own country, when they are civil society.
pub(crate) fn own_government(source: &Actor) -> Option<Actor> {
    let (country, sector) = (source.code.get(..3)?, source.code.get(3..6)?);
    let civil = CIVIL_SECTORS.contains(&sector);
    let national = !is_role_only(country) && !TRANSNATIONAL_CODES.contains(&country);
    (civil && national).then(|| Actor {
        code: format!("{country}GOV"),
        name: format!("government of {country}"),
        entity: None,
        span: None,
    })
}

/// What a protest asks for, by class, most specific first: the fourth digit.
const PURPOSES: &[(char, &[&str])] = &[
    ('1', &["resignation", "resign", "ouster", "oust", "removal", "impeachment", "departure", "step-down"]),
    (
        '4',
        &[
            "independence",
            "election",
            "referendum",
            "constitution",
            "judiciary",
            "autonomy",
            "democracy",
            "secession",
            "regime",
        ],
    ),
    ('3', &["right", "freedom", "liberty", "equality"]),
    (
        '2',
        &[
            "plan",
            "policy",
            "law",
            "bill",
            "measure",
            "reform",
            "tax",
            "austerity",
            "increase",
            "hike",
            "price",
            "wage",
            "pension",
            "war",
            "deal",
            "decision",
            "proposal",
            "legislation",
            "overhaul",
        ],
    ),
];

/// The protest code refined by what the protest asks for, in the words of its clause
/// other than its doers: "against the government's austerity measures" (1432),
/// "demanding his resignation" (1451), "to demand independence" (1414).
pub(crate) fn refine_by_purpose(
    tree: &Tree<'_>,
    trigger: usize,
    code: EventCode,
) -> Option<(EventCode, usize)> {
    if !matches!(code.as_str(), "141" | "142" | "143" | "144" | "145") {
        return None;
    }
    let doers: Vec<usize> = tree.subjects(trigger).into_iter().flat_map(|s| tree.subtree(s)).collect();
    let words: Vec<usize> = tree.subtree(trigger).into_iter().filter(|w| !doers.contains(w)).collect();
    // "step down" is a leader's departure.
    let stepping_down = |w: usize| {
        lemma(tree, w) == "step"
            && tree.tokens().get(w + 1).is_some_and(|next| next.text.eq_ignore_ascii_case("down"))
    };
    PURPOSES.iter().find_map(|(digit, class)| {
        let word = words
            .iter()
            .copied()
            .find(|&w| class.contains(&lemma(tree, w).as_str()) || (*digit == '1' && stepping_down(w)))?;
        let refined = EventCode::parse(&format!("{}{digit}", code.as_str())).ok()?;
        Some((refined, word))
    })
}
