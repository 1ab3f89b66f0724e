//! What an appeal, a demand or a promise is about.
//!
//! "urged Egypt to exercise restraint", "called on the rebels to begin negotiations",
//! "asked NATO for fighter jets": the verb says only that something was asked (020), the
//! complement says what (restraint: 0256, negotiations: 026, jets: 0232). CAMEO's appeal
//! (02), intention (03) and demand (10) families are built on one plan (x1 material
//! cooperation, x2 diplomatic cooperation, x3 aid, x4 reform, x5 yielding, x6 meeting,
//! x7 settling, x8 mediation), so one reading of the wish serves all three: either the
//! complement verb is itself an event ("to withdraw", "to release"), whose intention
//! code tells the branch, or its words fall in the object classes the dictionary gives
//! "call for" ("call for a ceasefire").

use dyad_model::EventCode;
use dyad_syntax::tree::Tree;

use crate::dict::VerbDictionary;
use crate::modality::intent_code;

/// The verb and particle whose object classes describe what can be asked for
/// ("call for a ceasefire").
const WISH_VERB: (&str, &str) = ("call", "for");

/// A more specific code for a generic appeal, demand or intention, and the word that
/// says what was wished for.
pub(crate) struct Wish {
    pub(crate) code: EventCode,
    pub(crate) word: usize,
}

/// The family prefix of a code that can be refined by its wish: only the generic heads
/// of the families ("020", "030", "100", and "120" for what is rejected).
fn family(code: EventCode) -> Option<&'static str> {
    match code.as_str() {
        "020" => Some("02"),
        "030" => Some("03"),
        "100" => Some("10"),
        "120" => Some("12"),
        "130" => Some("13"),
        _ => None,
    }
}

/// What a threat threatens, by the code of the threatened act: "threatened to attack"
/// (19x) is 1384, "to impose sanctions" (163) 1312, "to cut ties" (161) 1313.
pub(crate) fn threat_of(threatened: EventCode) -> Option<EventCode> {
    let code = threatened.as_str();
    let threat = match code {
        "191" => "1381",
        "192" => "1382",
        c if c.starts_with("204") => "1385",
        c if c.starts_with("19") => "1384",
        c if c.starts_with("18") || c.starts_with("20") => "1383",
        c if c.starts_with("162") => "1311",
        c if c.starts_with("163") => "1312",
        c if c.starts_with("161") => "1313",
        c if c.starts_with("164") => "134",
        c if c.starts_with("165") => "135",
        c if c.starts_with("166") => "136",
        c if c.starts_with("172") => "132",
        c if c.starts_with("17") => "137",
        c if c.starts_with("16") => "131",
        _ => return None,
    };
    EventCode::parse(threat).ok()
}

/// Rejections (12) follow the plan one step shifted: 121 material cooperation, 122 aid,
/// 123 reform, 124 yielding, 125 meeting, 126 mediation, 127 settlement. Diplomatic
/// cooperation has no branch of its own. `rest` is the wish's digits after the family
/// prefix, as in 03x.
fn rejection_rest(rest: &str) -> Option<String> {
    let mut digits = rest.chars();
    let branch = digits.next()?;
    let tail: String = digits.collect();
    let shifted = match branch {
        '1' => '1',
        '3' => '2',
        '4' => '3',
        '5' => '4',
        '6' => '5',
        '7' => '7',
        '8' | '9' => return Some("6".into()),
        _ => return None,
    };
    Some(format!("{shifted}{tail}"))
}

/// The code of the same wish in another family: `0356` (intent to de-escalate) as an
/// appeal is `0256`, as a demand `1056`. Codes outside the cooperative plan (an appeal
/// "to attack") have no mirror.
pub(crate) fn mirror(wished: EventCode, prefix: &str) -> Option<EventCode> {
    let intent = match wished.as_str() {
        // Already a wish, in another family: "called for talks" read as a demand.
        c if (c.starts_with("02") || c.starts_with("10")) && c.len() > 2 => format!("03{}", &c[2..]),
        _ => intent_code(wished).as_str().to_string(),
    };
    let intent = intent.as_str();
    if !intent.starts_with("03") || intent == "030" {
        return None;
    }
    // Intending to mediate and asking for mediation are one branch in 02 and 10.
    let rest = if intent == "039" && prefix != "03" { "8".to_string() } else { intent[2..].to_string() };
    let rest = if prefix == "12" { rejection_rest(&rest)? } else { rest };
    // A fourth digit the target family lacks falls back to its three-digit branch
    // ("reject intelligence sharing" is 121).
    EventCode::parse(&format!("{prefix}{rest}"))
        .or_else(|_| EventCode::parse(&format!("{prefix}{}", &rest[..1])))
        .ok()
}

/// Refines `code` of the trigger at `trigger` from its complement clause ("to begin
/// negotiations") or a "for" oblique ("for fighter jets"). `code_of` gives the code a
/// word would have as an event of its own.
pub(crate) fn refine(
    tree: &Tree<'_>,
    lemmas: &[Vec<String>],
    trigger: usize,
    code: EventCode,
    dictionary: &VerbDictionary,
    code_of: impl Fn(usize) -> Option<EventCode>,
) -> Option<Wish> {
    let prefix = family(code)?;
    let complements: Vec<usize> = tree
        .children(trigger)
        .iter()
        .copied()
        .filter(|&child| {
            // The parser often reads "called on Iran to exercise restraint" as a
            // purpose clause; after an appeal verb an infinitive is what is asked.
            let infinitive = tree.has_relation(child, "advcl")
                && tree
                    .children_with(child, "mark")
                    .iter()
                    .any(|&m| tree.tokens()[m].text.eq_ignore_ascii_case("to"));
            tree.has_relation(child, "xcomp") || tree.has_relation(child, "ccomp") || infinitive
        })
        .collect();
    // The complement verb as an event: "to withdraw its troops" is a retreat.
    for &complement in &complements {
        let refined = code_of(complement).and_then(|wished| {
            if prefix == "13" {
                threat_of(wished)
            } else {
                mirror(wished, prefix)
            }
        });
        if let Some(code) = refined {
            return Some(Wish { code, word: complement });
        }
    }
    // Threats are of harm, which the cooperative classes below do not describe.
    if prefix == "13" {
        return None;
    }
    // Otherwise the words of the wish, nearest first: the complement clause and what
    // is asked "for".
    let mut words: Vec<usize> = complements.iter().flat_map(|&c| tree.subtree(c)).collect();
    let mut asked_for = tree.obliques(trigger);
    // "asked the United States and NATO for jets": the "for" may hang off the object.
    for object in tree.objects(trigger) {
        asked_for.extend(tree.children_with(object, "nmod").into_iter().map(|n| {
            let (case, preposition) = tree.case_marker(n);
            dyad_syntax::tree::Oblique { head: n, relation: "nmod".into(), case, preposition }
        }));
    }
    for oblique in asked_for {
        if oblique.preposition.as_deref() == Some("for") {
            words.extend(tree.subtree(oblique.head));
        }
    }
    // What is rejected is the object: "rejected a proposal for a truce".
    if prefix == "12" {
        for object in tree.objects(trigger) {
            words.extend(tree.subtree(object));
        }
    }
    words.sort_by_key(|&w| w.abs_diff(trigger));
    let (verb, particle) = WISH_VERB;
    let classes: Vec<(&Vec<String>, EventCode)> = dictionary
        .verb_patterns(verb)
        .iter()
        .filter(|pattern| pattern.particle.as_deref() == Some(particle))
        .filter_map(|pattern| Some((pattern.object.as_ref()?, pattern.code?)))
        .collect();
    for word in words {
        let class =
            classes.iter().find(|(objects, _)| lemmas[word].iter().any(|form| objects.contains(form)));
        if let Some(&(_, code)) = class {
            return Some(Wish { code: mirror(code, prefix).unwrap_or(code), word });
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(text: &str) -> EventCode {
        EventCode::parse(text).unwrap()
    }

    #[test]
    fn a_wish_has_one_branch_in_every_family() {
        assert_eq!(mirror(code("0871"), "02"), Some(code("0256")));
        assert_eq!(mirror(code("0871"), "10"), Some(code("1056")));
        assert_eq!(mirror(code("040"), "02"), Some(code("026")));
        assert_eq!(mirror(code("0841"), "10"), Some(code("1053")));
        assert_eq!(mirror(code("072"), "02"), Some(code("0232")));
        assert_eq!(mirror(code("0254"), "03"), Some(code("0354")));
        assert_eq!(mirror(code("039"), "02"), Some(code("028")));
        assert_eq!(mirror(code("039"), "03"), Some(code("039")));
    }

    #[test]
    fn a_rejection_takes_the_shifted_branch() {
        assert_eq!(mirror(code("0871"), "12"), Some(code("1246")));
        assert_eq!(mirror(code("0241"), "12"), Some(code("1231")));
        assert_eq!(mirror(code("040"), "12"), Some(code("125")));
        assert_eq!(mirror(code("0232"), "12"), Some(code("1222")));
        assert_eq!(mirror(code("0214"), "12"), Some(code("121")));
        assert_eq!(mirror(code("028"), "12"), Some(code("126")));
        assert_eq!(mirror(code("022"), "12"), None, "diplomatic cooperation has no branch");
    }

    #[test]
    fn a_threat_takes_the_code_of_what_it_threatens() {
        assert_eq!(threat_of(code("190")), Some(code("1384")));
        assert_eq!(threat_of(code("192")), Some(code("1382")));
        assert_eq!(threat_of(code("2042")), Some(code("1385")));
        assert_eq!(threat_of(code("163")), Some(code("1312")));
        assert_eq!(threat_of(code("161")), Some(code("1313")));
        assert_eq!(threat_of(code("040")), None);
    }

    #[test]
    fn conflict_has_no_mirror() {
        assert_eq!(mirror(code("190"), "02"), None);
        assert_eq!(mirror(code("111"), "10"), None);
    }
}
