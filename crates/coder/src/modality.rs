//! Modality: whether the text asserts, plans, intends, hypothesises or denies an event,
//! read from the words of the clause before the trigger.

use dyad_model::{EventCode, Modality, Token};

/// What the clause says about the event, and the words that said it.
#[derive(Debug, Clone, PartialEq)]
pub struct ModalityReading {
    /// The modality.
    pub modality: Modality,
    /// The words that signalled it, for provenance (empty for plain assertions).
    pub cue: Vec<usize>,
}

const NEGATORS: &[&str] = &["not", "n't", "never", "no"];
const CONDITIONALS: &[&str] = &["if", "unless", "whether"];
const SPECULATIVE_MODALS: &[&str] = &["could", "would", "might", "may", "should", "'d"];
const FUTURE_AUXILIARIES: &[&str] = &["will", "'ll", "shall", "wo"];
/// Verbs that announce a plan when followed by "to": "plans to meet".
const PLAN_VERBS: &[&str] = &["plan", "schedule", "set", "due", "prepare", "going", "poised", "slate"];
/// Verbs and adjectives that express an intention or expectation: "hopes to
/// strengthen", "is expected to push for".
const INTENT_VERBS: &[&str] = &[
    "expect",
    "hope",
    "seek",
    "want",
    "intend",
    "aim",
    "try",
    "wish",
    "vow",
    "pledge",
    "promise",
    "offer",
    "agree",
    "decide",
    "threaten",
    "likely",
    "intention",
    "bid",
    "determined",
    "ready",
    "willing",
    "eager",
];
/// Whether a word opens a condition ("if", "unless", "whether").
pub fn is_conditional_word(word: &str) -> bool {
    CONDITIONALS.contains(&word.to_lowercase().as_str())
}

const BE_FORMS: &[&str] = &["be", "is", "are", "was", "were", "am", "'s", "'re"];

/// Reads the modality of the event whose trigger is `trigger`, given the first token
/// of its clause. `headline` marks title lines, where "X to meet Y" means a plan.
pub fn read_modality(
    tokens: &[Token],
    clause_start: usize,
    trigger: usize,
    headline: bool,
) -> ModalityReading {
    let word = |i: usize| tokens[i].text.to_lowercase();
    // Cue verbs are matched on the lemma, or on the word with its inflection stripped
    // when no lemmatiser has run ("plans", "hoped").
    let is_cue = |list: &[&str], i: usize| {
        let lemma = tokens[i].lemma.to_lowercase();
        let text = tokens[i].text.to_lowercase();
        [lemma.as_str(), text.as_str()].iter().any(|w| {
            !w.is_empty()
                && (list.contains(w)
                    || ["s", "es", "d", "ed", "ing"]
                        .iter()
                        .any(|suffix| w.strip_suffix(suffix).is_some_and(|stem| list.contains(&stem))))
        })
    };
    // The auxiliary chain: up to six words before the trigger, stopping at the clause start.
    let window_start = trigger.saturating_sub(6).max(clause_start);
    let window: Vec<usize> = (window_start..trigger).collect();

    if let Some(&i) = window.iter().find(|&&i| NEGATORS.contains(&word(i).as_str())) {
        return ModalityReading { modality: Modality::Negated, cue: vec![i] };
    }
    if let Some(i) = (clause_start..trigger).find(|&i| CONDITIONALS.contains(&word(i).as_str())) {
        return ModalityReading { modality: Modality::Hypothetical, cue: vec![i] };
    }
    if let Some(&i) = window.iter().find(|&&i| SPECULATIVE_MODALS.contains(&word(i).as_str())) {
        return ModalityReading { modality: Modality::Hypothetical, cue: vec![i] };
    }
    // The word before the trigger, looking through quotation marks: `hopes to
    // "strengthen cooperation"`.
    let before = |i: usize| {
        (clause_start..i).rev().find(|&j| !matches!(tokens[j].text.as_str(), "\"" | "'" | "``" | "''"))
    };
    let to = before(trigger).filter(|&j| word(j) == "to");
    if let Some(governor) = to.and_then(before) {
        if is_cue(INTENT_VERBS, governor) {
            return ModalityReading { modality: Modality::Intended, cue: vec![governor, governor + 1] };
        }
        if is_cue(PLAN_VERBS, governor) {
            return ModalityReading { modality: Modality::Planned, cue: vec![governor, governor + 1] };
        }
        // "is to meet": a scheduled event.
        if BE_FORMS.contains(&word(governor).as_str()) {
            return ModalityReading { modality: Modality::Planned, cue: vec![governor, governor + 1] };
        }
    }
    if let Some(&i) = window.iter().find(|&&i| FUTURE_AUXILIARIES.contains(&word(i).as_str())) {
        return ModalityReading { modality: Modality::Planned, cue: vec![i] };
    }
    // Headlines drop the auxiliary: "Iraq's prime minister to meet Joe Biden".
    if let (true, Some(to)) = (headline, to) {
        return ModalityReading { modality: Modality::Planned, cue: vec![to] };
    }
    // "Since the US assassinated ...": a past event the story looks back on.
    let past = matches!(tokens[trigger].xpos.as_str(), "VBD" | "VBN");
    if past && clause_start > 0 && word(clause_start - 1) == "since" {
        return ModalityReading { modality: Modality::Historical, cue: vec![clause_start - 1] };
    }
    ModalityReading { modality: Modality::Asserted, cue: Vec::new() }
}

/// CAMEO codes intentions and plans of cooperation as their own 03x codes: "X will meet
/// Y" is 036, not 040. Conflictual plans keep their code and carry the modality.
pub fn intent_code(code: EventCode) -> EventCode {
    let intent = match code.as_str() {
        c if c.starts_with("04") => "036",
        "057" => "030",
        c if c.starts_with("05") => "032",
        "060" | "06" => "031",
        "061" => "0311",
        "062" => "0312",
        "063" => "0313",
        "064" => "0314",
        "070" | "07" | "075" => "033",
        "071" => "0331",
        "072" => "0332",
        "073" => "0333",
        "074" => "0334",
        "080" | "08" => "035",
        c if c.starts_with("081") => "0351",
        "082" => "0352",
        "083" => "034",
        "0831" => "0341",
        "0832" => "0342",
        "0833" => "0343",
        "0834" => "0344",
        c if c.starts_with("084") => "0353",
        "085" => "0354",
        c if c.starts_with("086") => "0355",
        c if c.starts_with("087") => "0356",
        _ => return code,
    };
    EventCode::parse(intent).unwrap_or(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(text: &str) -> Vec<Token> {
        text.split_whitespace().map(|w| Token { text: w.to_string(), ..Token::default() }).collect()
    }

    fn modality_of(text: &str, trigger_word: &str, headline: bool) -> Modality {
        let tokens = tokens(text);
        let trigger = tokens.iter().position(|t| t.text == trigger_word).unwrap();
        read_modality(&tokens, 0, trigger, headline).modality
    }

    #[test]
    fn reads_each_modality_from_its_cue() {
        assert_eq!(modality_of("Arnor attacked Gondor", "attacked", false), Modality::Asserted);
        assert_eq!(modality_of("Arnor did not attack Gondor", "attack", false), Modality::Negated);
        assert_eq!(modality_of("Arnor will meet Gondor", "meet", false), Modality::Planned);
        assert_eq!(modality_of("Arnor is to meet Gondor", "meet", false), Modality::Planned);
        assert_eq!(modality_of("Arnor plans to visit Gondor", "visit", false), Modality::Planned);
        assert_eq!(modality_of("Arnor is expected to push for talks", "push", false), Modality::Intended);
        assert_eq!(modality_of("Arnor hopes to strengthen ties", "strengthen", false), Modality::Intended);
        assert_eq!(
            modality_of("If Arnor attacks Gondor , war follows", "attacks", false),
            Modality::Hypothetical
        );
        assert_eq!(modality_of("Arnor could attack Gondor", "attack", false), Modality::Hypothetical);
        assert_eq!(modality_of("Arnor wo n't attack Gondor", "attack", false), Modality::Negated);
    }

    #[test]
    fn headline_infinitive_is_a_plan_only_in_headlines() {
        assert_eq!(modality_of("Iraq's prime minister to meet Joe Biden", "meet", true), Modality::Planned);
        assert_eq!(modality_of("He went there to meet Biden", "meet", false), Modality::Asserted);
    }

    #[test]
    fn intention_is_read_through_quotation_marks() {
        assert_eq!(modality_of("Biden hopes to \" strengthen ties", "strengthen", false), Modality::Intended);
    }

    #[test]
    fn past_event_after_since_is_historical() {
        let mut tokens = tokens("Since Arnor attacked Gondor , ties are frozen");
        tokens[2].xpos = "VBD".into();
        // The clause of "attacked" starts after the subordinator "since".
        assert_eq!(read_modality(&tokens, 1, 2, false).modality, Modality::Historical);
    }

    #[test]
    fn cooperative_plans_become_intent_codes() {
        let code = |c: &str| EventCode::parse(c).unwrap();
        assert_eq!(intent_code(code("040")), code("036"));
        assert_eq!(intent_code(code("042")), code("036"));
        assert_eq!(intent_code(code("0874")), code("0356"));
        assert_eq!(intent_code(code("073")), code("0333"));
        assert_eq!(intent_code(code("190")), code("190"), "conflict keeps its code");
        assert_eq!(intent_code(code("020")), code("020"));
    }
}
