//! Source and target from word order, for sentences without a dependency parse.
//!
//! The source is the nearest actor before the trigger in its clause (the subject
//! position), the target the first actor after the matched words (the object, or the
//! object of the pattern's preposition). Passives swap them: the source of "X was
//! attacked by Y" is Y. Clauses are cut at relative pronouns, subordinators and
//! reporting verbs, so "X said Y attacked Z" never makes X the attacker.

use std::ops::Range;

use dyad_model::Token;

/// Words that open a new clause; roles never cross them.
const CLAUSE_BREAKS: &[&str] = &[
    ";",
    ":",
    "said",
    "says",
    "say",
    "told",
    "according",
    "which",
    "who",
    "whom",
    "whose",
    "where",
    "when",
    "while",
    "whereas",
    "because",
    "after",
    "before",
    "since",
    "until",
    "although",
    "though",
    "but",
    "that",
    "despite",
    "amid",
    "unless",
    "if",
];

const PREPOSITIONS: &[&str] = &[
    "in", "at", "on", "of", "from", "to", "with", "into", "near", "by", "for", "against", "under", "over",
    "between", "across", "through", "toward", "towards", "around", "within", "about",
];

const BE_FORMS: &[&str] =
    &["be", "is", "are", "was", "were", "been", "being", "get", "got", "gets", "'s", "'re"];

/// The clause around `token` as a half-open token range `(start, end)`.
pub fn clause_bounds(tokens: &[Token], token: usize) -> (usize, usize) {
    let is_break = |i: usize| CLAUSE_BREAKS.contains(&tokens[i].text.to_lowercase().as_str());
    let start = (0..token).rev().find(|&i| is_break(i)).map_or(0, |i| i + 1);
    let end = (token + 1..tokens.len()).find(|&i| is_break(i)).unwrap_or(tokens.len());
    (start, end)
}

/// What the coder matched: the trigger and the words that completed its pattern.
#[derive(Debug, Clone)]
pub struct TriggerShape {
    /// The verb or event noun.
    pub token: usize,
    /// The last matched word.
    pub end: usize,
    /// The preposition whose object is the target, if the pattern has one.
    pub preposition: Option<usize>,
    /// Whether the trigger is an event noun.
    pub nominal: bool,
    /// Prepositions that introduce the source of an event noun ("by").
    pub source_preps: Vec<String>,
}

/// The actors chosen, as indices into the sentence's actor list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Roles {
    /// Who acted.
    pub source: Option<usize>,
    /// Who was acted upon.
    pub target: Option<usize>,
    /// Whether the verb is passive.
    pub passive: bool,
}

fn word(tokens: &[Token], i: usize) -> String {
    tokens[i].text.to_lowercase()
}

fn after_preposition(tokens: &[Token], range: &Range<usize>) -> bool {
    // Skip determiners and adjectives between the preposition and the name: "at the
    // Ain al-Assad air base".
    let mut i = range.start;
    while i > 0 {
        i -= 1;
        let w = word(tokens, i);
        if PREPOSITIONS.contains(&w.as_str()) {
            return true;
        }
        if !matches!(w.as_str(), "the" | "a" | "an") {
            return false;
        }
    }
    false
}

fn is_passive(tokens: &[Token], trigger: usize) -> bool {
    let form = &tokens[trigger];
    let participle = if form.xpos.is_empty() {
        let w = form.text.to_lowercase();
        w.ends_with("ed") || w.ends_with("en")
    } else {
        form.xpos == "VBN"
    };
    participle
        && (trigger.saturating_sub(3)..trigger).any(|i| {
            let w = word(tokens, i);
            BE_FORMS.contains(&w.as_str()) && w != "'s"
        })
}

/// Picks source and target among `actors` (token ranges within the sentence).
pub fn assign_roles(
    tokens: &[Token],
    actors: &[Range<usize>],
    trigger: &TriggerShape,
    clause_start: usize,
    clause_end: usize,
) -> Roles {
    let in_clause = |range: &Range<usize>| range.start >= clause_start && range.end <= clause_end;
    let first_after = |position: usize, skip_prepositional: bool, exclude: Option<usize>| {
        actors
            .iter()
            .enumerate()
            .filter(|(i, range)| {
                range.start > position
                    && in_clause(range)
                    && Some(*i) != exclude
                    && !(skip_prepositional && after_preposition(tokens, range))
            })
            .min_by_key(|(_, range)| range.start)
            .map(|(i, _)| i)
    };
    let nearest_before = |position: usize| {
        let candidates: Vec<usize> = actors
            .iter()
            .enumerate()
            .filter(|(_, range)| range.end <= position && in_clause(range))
            .map(|(i, _)| i)
            .collect();
        // The subject is rarely the object of a preposition ("In Washington, al-Kadhimi
        // is expected to..."): prefer actors that are not.
        candidates
            .iter()
            .copied()
            .filter(|&i| !after_preposition(tokens, &actors[i]))
            .max_by_key(|&i| actors[i].end)
            .or_else(|| candidates.iter().copied().max_by_key(|&i| actors[i].end))
    };

    if trigger.nominal {
        let mut roles = Roles::default();
        if let Some(prep) = trigger.preposition {
            if word(tokens, prep) == "between" {
                roles.source = first_after(prep, false, None);
                roles.target = roles.source.and_then(|s| first_after(actors[s].end - 1, false, Some(s)));
                return roles;
            }
            roles.target = first_after(prep, false, None);
        }
        let by = (trigger.token + 1..clause_end).find(|&i| trigger.source_preps.contains(&word(tokens, i)));
        roles.source = by.and_then(|b| first_after(b, false, roles.target));
        if roles.source.is_none() {
            // "the US attack on", "Biden's visit to": an actor right before the noun.
            roles.source = actors.iter().position(|range| {
                range.end <= trigger.token
                    && range.end + 2 >= trigger.token
                    && (range.end..trigger.token).all(|i| {
                        let w = word(tokens, i);
                        w == "'s" || w == "'" || tokens[i].upos == dyad_model::Upos::Adj
                    })
            });
        }
        if roles.source == roles.target {
            roles.source = None;
        }
        return roles;
    }

    let passive = is_passive(tokens, trigger.token);
    let subject = nearest_before(trigger.token);
    let after_pattern = match trigger.preposition {
        Some(prep) => first_after(prep, false, None),
        None => first_after(trigger.end, true, None),
    };
    let mut roles = if passive {
        let by = (trigger.token + 1..clause_end).find(|&i| word(tokens, i) == "by");
        let agent = by.and_then(|b| first_after(b, false, None));
        match trigger.preposition {
            // "Rockets were fired at the base": the subject is the munition, the
            // target follows the preposition.
            Some(_) => Roles { source: agent, target: after_pattern, passive },
            None => Roles { source: agent, target: subject, passive },
        }
    } else {
        Roles { source: subject, target: after_pattern, passive }
    };
    if roles.source.is_some() && roles.source == roles.target {
        roles.target = None;
    }
    roles
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(text: &str) -> Vec<Token> {
        text.split_whitespace().map(|w| Token { text: w.to_string(), ..Token::default() }).collect()
    }

    fn shape(tokens: &[Token], trigger: &str, preposition: Option<&str>) -> TriggerShape {
        let token = tokens.iter().position(|t| t.text == trigger).unwrap();
        let preposition = preposition.map(|p| (token..tokens.len()).find(|&i| tokens[i].text == p).unwrap());
        TriggerShape {
            token,
            end: preposition.unwrap_or(token),
            preposition,
            nominal: false,
            source_preps: vec![],
        }
    }

    #[test]
    fn active_verb_takes_subject_and_object() {
        let t = tokens("Arnor attacked Gondor yesterday");
        let (start, end) = clause_bounds(&t, 1);
        let roles = assign_roles(&t, &[0..1, 2..3], &shape(&t, "attacked", None), start, end);
        assert_eq!(roles, Roles { source: Some(0), target: Some(1), passive: false });
    }

    #[test]
    fn passive_swaps_roles_and_agentless_passive_has_no_source() {
        let t = tokens("Gondor was attacked by Arnor");
        let roles = assign_roles(&t, &[0..1, 4..5], &shape(&t, "attacked", None), 0, t.len());
        assert_eq!(roles, Roles { source: Some(1), target: Some(0), passive: true });
        let t = tokens("Gondor was attacked on Monday");
        let subject_only: Vec<Range<usize>> = std::iter::once(0..1).collect();
        let roles = assign_roles(&t, &subject_only, &shape(&t, "attacked", None), 0, t.len());
        assert_eq!(roles, Roles { source: None, target: Some(0), passive: true });
    }

    #[test]
    fn reporting_verb_is_a_clause_break() {
        let t = tokens("Rohan said Arnor attacked Gondor");
        let trigger = shape(&t, "attacked", None);
        let (start, end) = clause_bounds(&t, trigger.token);
        let roles = assign_roles(&t, &[0..1, 2..3, 4..5], &trigger, start, end);
        assert_eq!((roles.source, roles.target), (Some(1), Some(2)));
    }

    #[test]
    fn preposition_pattern_takes_its_object_as_target() {
        let t = tokens("Arnor discussed the plan for Rohan troops with Gondor in Minas");
        let trigger = shape(&t, "discussed", Some("with"));
        let roles = assign_roles(&t, &[0..1, 5..6, 8..9, 10..11], &trigger, 0, t.len());
        assert_eq!((roles.source, roles.target), (Some(0), Some(2)));
    }

    #[test]
    fn fronted_prepositional_actor_is_not_the_subject() {
        let t = tokens("In Washington , Arnor will meet Gondor");
        let trigger = shape(&t, "meet", None);
        let roles = assign_roles(&t, &[1..2, 3..4, 6..7], &trigger, 0, t.len());
        assert_eq!((roles.source, roles.target), (Some(1), Some(2)));
    }
}
