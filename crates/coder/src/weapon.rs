//! The weapon an attack used, which decides CAMEO's 18x and 19x codes: "warplanes
//! struck" is an aerial attack (195), "a car bomb exploded" a vehicular bombing (1832),
//! "gunmen opened fire" small arms (193). A generic 180 or 190 takes the code of the
//! weapon named around its trigger: in the subject ("a suicide bomber attacked"), the
//! objects and "with" obliques ("shelled the bridge with rockets"), or a noun trigger's
//! own modifiers ("a drone strike").

use dyad_model::EventCode;
use dyad_syntax::tree::Tree;

/// Weapon words and the code they give, most specific first: the first class any word
/// of the attack falls in wins.
const WEAPONS: &[(&[&str], &str)] = &[
    (&["chemical", "sarin", "chlorine", "nerve", "mustard", "biological"], "2041"),
    (&["suicide"], "1831"),
    (&["car", "truck", "vehicle", "lorry"], "1832"),
    (&["roadside", "ied"], "1833"),
    (&["bomb", "bomber", "bombing", "explosive", "explosion", "blast"], "183"),
    (&["airstrike", "air-strike", "warplane", "jet", "drone", "helicopter", "aircraft", "air"], "195"),
    (&["rocket", "missile", "shell", "shelling", "artillery", "mortar", "tank", "howitzer"], "194"),
    (&["gunman", "gunmen", "gun", "gunfire", "rifle", "sniper", "bullet", "shooting"], "193"),
];

/// The words that make an attack a bombing.
const EXPLOSIVES: &[&str] = &["bomb", "bomber", "bombing", "explosive", "explosion", "blast"];

/// The weapon-specific code for a generic attack, and the word that names the weapon.
pub(crate) fn refine(
    tree: &Tree<'_>,
    lemmas: &[Vec<String>],
    trigger: usize,
    code: EventCode,
) -> Option<(EventCode, usize)> {
    // A bombing (183) can only become a more specific bombing.
    let bombing = code.as_str() == "183";
    if !matches!(code.as_str(), "180" | "190") && !bombing {
        return None;
    }
    let mut words: Vec<usize> = Vec::new();
    // Coordinated subjects share the weapon: "US and British warplanes struck".
    let subjects = tree.subjects(trigger).into_iter().flat_map(|s| tree.conjuncts(s));
    for subject in subjects {
        words.extend(tree.noun_phrase(subject));
    }
    for object in tree.objects(trigger).into_iter().flat_map(|o| tree.conjuncts(o)) {
        words.extend(tree.noun_phrase(object));
    }
    for oblique in tree.obliques(trigger) {
        if oblique.preposition.as_deref() == Some("with") {
            words.extend(tree.noun_phrase(oblique.head));
        }
    }
    // "were killed by a roadside bomb", "were killed when a bomb went off".
    for agent in tree.agents(trigger) {
        words.extend(tree.noun_phrase(agent));
    }
    for clause in tree.children_with(trigger, "advcl") {
        for subject in tree.children_with(clause, "nsubj") {
            words.extend(tree.noun_phrase(subject));
        }
    }
    words.extend(tree.children_with(trigger, "compound"));
    words.extend(tree.children_with(trigger, "amod"));
    let named = |forms: &[&str], word: usize| {
        lemmas[word].iter().any(|form| forms.contains(&form.as_str()))
            || forms.contains(&tree.tokens()[word].text.to_lowercase().as_str())
    };
    // A bombing code needs an explosive: "suicide" or "car" alone say nothing.
    let explosive = words.iter().any(|&w| named(EXPLOSIVES, w));
    WEAPONS.iter().find_map(|(forms, weapon)| {
        let kind_of_bombing = weapon.starts_with("183") && *weapon != "183";
        if (kind_of_bombing && !explosive && !bombing) || (bombing && !kind_of_bombing) {
            return None;
        }
        let word = words.iter().copied().find(|&w| named(forms, w))?;
        Some((EventCode::parse(weapon).ok()?, word))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_weapon_code_is_a_cameo_code() {
        for (_, code) in WEAPONS {
            assert!(EventCode::parse(code).is_ok(), "{code}");
        }
    }
}
