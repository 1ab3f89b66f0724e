//! Repairs of parser decisions that the rest of the tree proves wrong.
//!
//! A greedy parser commits early; a few of its errors leave a tree that contradicts
//! itself and can be undone by looking at the whole of it. These repairs fix only such
//! contradictions, never a plausible reading.

use dyad_model::{Token, Upos};

/// "demanded on Friday that Iran release the sailors": after a time word the parser
/// often takes "that" for a relative pronoun ("Friday that ...") although the clause
/// already has its subject and object, so "that" cannot fill a gap in it. Such a "that"
/// is a complementiser: it is marked `mark`, and its clause becomes the complement of the
/// verb the time word modifies (or an `acl` of a noun: "the demand that he resign").
pub(crate) fn complementiser_that(tokens: &mut [Token]) {
    for that in 0..tokens.len() {
        if !tokens[that].text.eq_ignore_ascii_case("that") {
            continue;
        }
        let role = tokens[that].deprel.clone();
        if role != "obj" && role != "nsubj" {
            continue;
        }
        let Some(clause) = tokens[that].head.filter(|&h| h < tokens.len()) else { continue };
        if tokens[clause].deprel != "acl:relcl" {
            continue;
        }
        let filled_elsewhere = (0..tokens.len())
            .any(|i| i != that && tokens[i].head == Some(clause) && tokens[i].deprel == role);
        if !filled_elsewhere {
            continue;
        }
        let Some(noun) = tokens[clause].head.filter(|&h| h < tokens.len()) else { continue };
        tokens[that].deprel = "mark".into();
        tokens[that].upos = Upos::Sconj;
        tokens[that].xpos = "IN".into();
        let noun_is_verb_modifier =
            tokens[noun].deprel.starts_with("obl") || tokens[noun].deprel == "nmod:tmod";
        match tokens[noun].head.filter(|&h| h < tokens.len() && noun_is_verb_modifier) {
            Some(verb) if tokens[verb].upos == Upos::Verb => {
                tokens[clause].head = Some(verb);
                tokens[clause].deprel = "ccomp".into();
            }
            _ => tokens[clause].deprel = "acl".into(),
        }
    }
}

/// "demanded that the United States release the reserves": the parser sometimes makes
/// "that" the verb's object and hangs the clause on it as a relative clause. A relative
/// clause needs a noun, and "that" with a clause of its own is none: the clause is the
/// verb's complement and "that" its complementiser.
pub(crate) fn that_clause_as_object(tokens: &mut [Token]) {
    for that in 0..tokens.len() {
        if !tokens[that].text.eq_ignore_ascii_case("that") || tokens[that].deprel != "obj" {
            continue;
        }
        let Some(verb) = tokens[that].head.filter(|&h| h < tokens.len()) else { continue };
        if tokens[verb].upos != Upos::Verb {
            continue;
        }
        let clause = (that + 1..tokens.len())
            .find(|&i| tokens[i].head == Some(that) && tokens[i].deprel == "acl:relcl");
        let Some(clause) = clause else { continue };
        let has_subject = (0..tokens.len())
            .any(|i| tokens[i].head == Some(clause) && tokens[i].deprel.starts_with("nsubj"));
        if !has_subject {
            continue;
        }
        tokens[clause].head = Some(verb);
        tokens[clause].deprel = "ccomp".into();
        tokens[that].head = Some(clause);
        tokens[that].deprel = "mark".into();
        tokens[that].upos = Upos::Sconj;
        tokens[that].xpos = "IN".into();
    }
}

/// Nouns that measure time: a bare one after a verb is when, not whom ("met Friday",
/// "talked hours").
const TIME_NOUNS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "today",
    "yesterday",
    "tomorrow",
    "tonight",
    "day",
    "week",
    "month",
    "year",
    "morning",
    "afternoon",
    "evening",
    "night",
    "weekend",
    "hour",
    "minute",
    "time",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// "police questioned former President Lula da Silva": the parser sometimes makes a
/// bare noun phrase right after an active verb an oblique. An oblique needs a
/// preposition; a noun phrase with none, adjacent to a verb that has no object and is
/// not passive, and not a time word, is the verb's object.
pub(crate) fn bare_oblique_object(tokens: &mut [Token]) {
    for noun in 0..tokens.len() {
        if tokens[noun].deprel != "obl" || !matches!(tokens[noun].upos, Upos::Noun | Upos::Propn) {
            continue;
        }
        let Some(verb) = tokens[noun].head.filter(|&h| h < noun) else { continue };
        if tokens[verb].upos != Upos::Verb {
            continue;
        }
        let view: &[Token] = tokens;
        let dependents = |of: usize| (0..view.len()).filter(move |&i| view[i].head == Some(of));
        let marked = dependents(noun).any(|i| matches!(view[i].deprel.as_str(), "case" | "mark"));
        let verb_has_object_or_is_passive =
            dependents(verb).any(|i| view[i].deprel == "obj" || view[i].deprel.ends_with(":pass"));
        let time = TIME_NOUNS.contains(&tokens[noun].text.to_lowercase().trim_end_matches('s'));
        if marked || verb_has_object_or_is_passive || time {
            continue;
        }
        // Adjacent: every word between the verb and the noun belongs to the noun
        // ("questioned [former President Lula da] Silva").
        let within = |mut i: usize| {
            for _ in 0..view.len() {
                match view[i].head {
                    Some(h) if h == noun => return true,
                    Some(h) if h < view.len() && h != verb => i = h,
                    _ => return false,
                }
            }
            false
        };
        if (verb + 1..noun).all(within) {
            tokens[noun].deprel = "obj".into();
        }
    }
}

/// "gave the Czech Republic an ultimatum": the parser sometimes makes an article the
/// head of its own noun ("the" as the object, "Republic" hanging on it). An article
/// governs no noun (unlike "some of the countries", where UD makes "some" the head); the
/// noun takes the article's place in the tree and the article becomes its `det`.
pub(crate) fn determiner_as_head(tokens: &mut [Token]) {
    for det in 0..tokens.len() {
        let article = matches!(tokens[det].text.to_lowercase().as_str(), "the" | "a" | "an");
        if tokens[det].upos != Upos::Det || tokens[det].deprel == "det" || !article {
            continue;
        }
        let view: &[Token] = tokens;
        let marked =
            |noun: usize| (0..view.len()).any(|i| view[i].head == Some(noun) && view[i].deprel == "case");
        let noun = (det + 1..tokens.len()).find(|&i| {
            view[i].head == Some(det) && matches!(view[i].upos, Upos::Noun | Upos::Propn) && !marked(i)
        });
        let Some(noun) = noun else { continue };
        let (head, relation) = (tokens[det].head, tokens[det].deprel.clone());
        for token in tokens.iter_mut() {
            if token.head == Some(det) {
                token.head = Some(noun);
            }
        }
        tokens[noun].head = head;
        tokens[noun].deprel = relation;
        tokens[det].head = Some(noun);
        tokens[det].deprel = "det".into();
    }
}

/// "gave Ukraine an ultimatum" parsed as "gave [Ukraine, an ultimatum]": an apposition
/// is set off by a comma; a second noun phrase that follows a verb's object with none,
/// opening with an article, is the verb's direct object and the first its indirect one.
pub(crate) fn second_object_as_apposition(tokens: &mut [Token]) {
    for second in 0..tokens.len() {
        if tokens[second].deprel != "appos" {
            continue;
        }
        let Some(first) = tokens[second].head.filter(|&h| h < second) else { continue };
        if tokens[first].deprel != "obj" {
            continue;
        }
        let Some(verb) = tokens[first].head.filter(|&v| v < first && tokens[v].upos == Upos::Verb) else {
            continue;
        };
        let view: &[Token] = tokens;
        // The first word of the second phrase: its leftmost dependent, or itself.
        let start = (first + 1..second).find(|&i| view[i].head == Some(second)).unwrap_or(second);
        let article = matches!(view[start].text.to_lowercase().as_str(), "a" | "an" | "the")
            && view[start].upos == Upos::Det;
        let comma = (first + 1..start).any(|i| view[i].upos == Upos::Punct);
        if !article || comma {
            continue;
        }
        tokens[first].deprel = "iobj".into();
        tokens[second].head = Some(verb);
        tokens[second].deprel = "obj".into();
    }
}

/// "killed five soldiers and wounded 12 others": the parser reads the second verb as
/// a participle modifying the second noun ("the wounded 12 others"), coordinated with
/// the first object. An adjective never comes before a number in a noun phrase, so a
/// verb form modifying a noun from before that noun's number is a verb: it takes the
/// noun as its object and is coordinated with the verb of the first object.
pub(crate) fn participle_before_number(tokens: &mut [Token]) {
    for participle in 0..tokens.len() {
        if tokens[participle].upos != Upos::Verb || tokens[participle].deprel != "amod" {
            continue;
        }
        let Some(noun) = tokens[participle].head.filter(|&n| n > participle && n < tokens.len()) else {
            continue;
        };
        let view: &[Token] = tokens;
        let counted =
            (participle + 1..noun).any(|i| view[i].head == Some(noun) && view[i].deprel == "nummod");
        if !counted || view[noun].deprel != "conj" {
            continue;
        }
        // The first conjunct, and the verb whose object or oblique it is.
        let mut first = noun;
        while view[first].deprel == "conj" {
            match view[first].head.filter(|&h| h < first) {
                Some(head) => first = head,
                None => break,
            }
        }
        let governs = matches!(view[first].deprel.as_str(), "obj" | "obl" | "nsubj:pass");
        let Some(verb) = view[first].head.filter(|&v| v < first && view[v].upos == Upos::Verb && governs)
        else {
            continue;
        };
        let conjunction =
            (first + 1..participle).find(|&i| view[i].head == Some(noun) && view[i].deprel == "cc");
        tokens[participle].head = Some(verb);
        tokens[participle].deprel = "conj".into();
        tokens[noun].head = Some(participle);
        tokens[noun].deprel = "obj".into();
        if let Some(cc) = conjunction {
            tokens[cc].head = Some(participle);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Tokens from `word head deprel` triples, heads 1-based (0 = root).
    fn parse(lines: &[(&str, usize, &str, Upos)]) -> Vec<Token> {
        lines
            .iter()
            .map(|&(word, head, deprel, upos)| Token {
                text: word.into(),
                head: head.checked_sub(1),
                deprel: deprel.into(),
                upos,
                ..Token::default()
            })
            .collect()
    }

    #[test]
    fn a_participle_before_a_number_is_a_coordinated_verb() {
        use Upos::*;
        // Bandits killed five guards and wounded 12 others
        let mut tokens = parse(&[
            ("Bandits", 2, "nsubj", Noun),
            ("killed", 0, "root", Verb),
            ("five", 4, "nummod", Num),
            ("guards", 2, "obj", Noun),
            ("and", 8, "cc", Cconj),
            ("wounded", 8, "amod", Verb),
            ("12", 8, "nummod", Num),
            ("others", 4, "conj", Noun),
        ]);
        participle_before_number(&mut tokens);
        assert_eq!((tokens[5].head, tokens[5].deprel.as_str()), (Some(1), "conj"));
        assert_eq!((tokens[7].head, tokens[7].deprel.as_str()), (Some(5), "obj"));
        assert_eq!(tokens[4].head, Some(5));
        // "the 12 wounded others" is a noun phrase, and stays one.
        let mut phrase = parse(&[
            ("killed", 0, "root", Verb),
            ("guards", 1, "obj", Noun),
            ("and", 6, "cc", Cconj),
            ("12", 6, "nummod", Num),
            ("wounded", 6, "amod", Verb),
            ("others", 2, "conj", Noun),
        ]);
        let before = phrase.clone();
        participle_before_number(&mut phrase);
        assert_eq!(phrase, before);
    }

    #[test]
    fn that_after_a_time_word_with_a_full_clause_is_a_complementiser() {
        use Upos::*;
        // Arnor demanded on Friday that Gondor release the envoys
        let mut tokens = parse(&[
            ("Arnor", 2, "nsubj", Propn),
            ("demanded", 0, "root", Verb),
            ("on", 4, "case", Adp),
            ("Friday", 2, "obl", Propn),
            ("that", 7, "obj", Pron),
            ("Gondor", 7, "nsubj", Propn),
            ("release", 4, "acl:relcl", Verb),
            ("the", 9, "det", Det),
            ("envoys", 7, "obj", Noun),
        ]);
        complementiser_that(&mut tokens);
        assert_eq!(tokens[4].deprel, "mark");
        assert_eq!((tokens[6].head, tokens[6].deprel.as_str()), (Some(1), "ccomp"));
    }

    #[test]
    fn that_as_an_object_with_a_clause_of_its_own_is_a_complementiser() {
        use Upos::*;
        // Arnor demanded that Gondor release the envoys
        let mut tokens = parse(&[
            ("Arnor", 2, "nsubj", Propn),
            ("demanded", 0, "root", Verb),
            ("that", 2, "obj", Sconj),
            ("Gondor", 5, "nsubj", Propn),
            ("release", 3, "acl:relcl", Verb),
            ("the", 7, "det", Det),
            ("envoys", 5, "obj", Noun),
        ]);
        that_clause_as_object(&mut tokens);
        assert_eq!((tokens[2].head, tokens[2].deprel.as_str()), (Some(4), "mark"));
        assert_eq!((tokens[4].head, tokens[4].deprel.as_str()), (Some(1), "ccomp"));
    }

    #[test]
    fn a_bare_noun_phrase_after_an_active_verb_is_its_object() {
        use Upos::*;
        // police questioned former President Silva for hours
        let mut tokens = parse(&[
            ("police", 2, "nsubj", Noun),
            ("questioned", 0, "root", Verb),
            ("former", 5, "amod", Adj),
            ("President", 5, "flat", Propn),
            ("Silva", 2, "obl", Propn),
            ("for", 7, "case", Adp),
            ("hours", 2, "obl", Noun),
        ]);
        bare_oblique_object(&mut tokens);
        assert_eq!(tokens[4].deprel, "obj");
        assert_eq!(tokens[6].deprel, "obl");
        // A time word stays when: "Arnor met Friday".
        let mut tokens =
            parse(&[("Arnor", 2, "nsubj", Propn), ("met", 0, "root", Verb), ("Friday", 2, "obl", Propn)]);
        bare_oblique_object(&mut tokens);
        assert_eq!(tokens[2].deprel, "obl");
    }

    #[test]
    fn a_determiner_never_heads_its_noun_and_a_second_object_is_no_apposition() {
        use Upos::*;
        // Moscow gave the Czech Republic an ultimatum
        let mut tokens = parse(&[
            ("Moscow", 2, "nsubj", Propn),
            ("gave", 0, "root", Verb),
            ("the", 2, "obj", Det),
            ("Czech", 5, "amod", Adj),
            ("Republic", 3, "nsubj", Propn),
            ("an", 7, "det", Det),
            ("ultimatum", 5, "appos", Noun),
        ]);
        determiner_as_head(&mut tokens);
        assert_eq!((tokens[2].head, tokens[2].deprel.as_str()), (Some(4), "det"));
        assert_eq!((tokens[4].head, tokens[4].deprel.as_str()), (Some(1), "obj"));
        second_object_as_apposition(&mut tokens);
        assert_eq!((tokens[4].head, tokens[4].deprel.as_str()), (Some(1), "iobj"));
        assert_eq!((tokens[6].head, tokens[6].deprel.as_str()), (Some(1), "obj"));
        // A real apposition has its comma: "met the envoy, a veteran diplomat".
        let mut tokens = parse(&[
            ("Arnor", 2, "nsubj", Propn),
            ("met", 0, "root", Verb),
            ("the", 4, "det", Det),
            ("envoy", 2, "obj", Noun),
            (",", 8, "punct", Punct),
            ("a", 8, "det", Det),
            ("veteran", 8, "amod", Adj),
            ("diplomat", 4, "appos", Noun),
        ]);
        let before = tokens.clone();
        determiner_as_head(&mut tokens);
        second_object_as_apposition(&mut tokens);
        assert_eq!(tokens, before);
    }

    #[test]
    fn a_real_relative_pronoun_is_kept() {
        use Upos::*;
        // the envoys that Gondor released : "that" is the object gap
        let mut tokens = parse(&[
            ("the", 2, "det", Det),
            ("envoys", 0, "root", Noun),
            ("that", 5, "obj", Pron),
            ("Gondor", 5, "nsubj", Propn),
            ("released", 2, "acl:relcl", Verb),
        ]);
        let before = tokens.clone();
        complementiser_that(&mut tokens);
        assert_eq!(tokens, before);
    }
}
