//! PLOVER readings of CAMEO codes: the event type, modes and contexts from the CAMEO
//! crosswalk, plus modes that only the words can tell (a rocket attack is
//! heavy-weapons, an air strike aerial).

use dyad_model::{EventCode, Plover};

/// Word lemmas that reveal how violence was done, for PLOVER ASSAULT/COERCE modes.
const MODE_WORDS: &[(&str, &str)] = &[
    ("rocket", "heavy-weapons"),
    ("missile", "heavy-weapons"),
    ("mortar", "heavy-weapons"),
    ("artillery", "heavy-weapons"),
    ("shell", "heavy-weapons"),
    ("airstrike", "aerial"),
    ("warplane", "aerial"),
    ("jet", "aerial"),
    ("helicopter", "aerial"),
    ("drone", "drone"),
    ("bomb", "explosives"),
    ("explosive", "explosives"),
    ("ied", "explosives"),
    ("car-bomb", "explosives"),
    ("suicide", "explosives"),
    ("gun", "firearms"),
    ("gunman", "firearms"),
    ("gunfire", "firearms"),
    ("rifle", "firearms"),
    ("sniper", "firearms"),
];

/// The PLOVER reading of `code`, with `pattern_modes` from the dictionary entry and
/// modes read from the sentence's `lemmas`.
pub fn plover_for(code: EventCode, pattern_modes: &[String], lemmas: &[&str]) -> Plover {
    let entry = code.entry();
    let mut plover = Plover {
        event: entry.plover_event.unwrap_or_default().to_string(),
        mode: entry.plover_mode.iter().map(|m| m.to_string()).collect(),
        context: entry.plover_context.iter().map(|c| c.to_string()).collect(),
    };
    if plover.event.is_empty() {
        // PLOVER has no plain-statement type; a root code without a crosswalk row takes
        // its root's type where the root has one.
        plover.event = code.root().entry().plover_event.unwrap_or_default().to_string();
    }
    let mut add_mode = |mode: &str| {
        if !plover.mode.iter().any(|m| m == mode) {
            plover.mode.push(mode.to_string());
        }
    };
    for mode in pattern_modes {
        add_mode(mode);
    }
    if matches!(plover.event.as_str(), "ASSAULT" | "COERCE") || code.root().as_str() == "19" {
        for lemma in lemmas {
            if let Some((_, mode)) = MODE_WORDS.iter().find(|(word, _)| word == lemma) {
                add_mode(mode);
            }
        }
    }
    plover
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crosswalk_gives_type_mode_and_context() {
        let plover = plover_for(EventCode::parse("042").unwrap(), &[], &[]);
        assert_eq!(plover.event, "CONSULT");
        assert_eq!(plover.mode, ["visit"]);
    }

    #[test]
    fn words_add_violence_modes() {
        let plover = plover_for(EventCode::parse("190").unwrap(), &[], &["14", "rocket", "be", "fire"]);
        assert!(plover.mode.contains(&"heavy-weapons".to_string()), "{plover:?}");
        let talk = plover_for(EventCode::parse("040").unwrap(), &[], &["rocket"]);
        assert!(talk.mode.is_empty(), "modes of violence only attach to violent events");
    }
}
