//! Discards: sentences about sport, film or business, where "attack", "shoot", "fire"
//! and "beat" are not political events. The word sets live in the dictionary file
//! `verbs/00-discards.toml`; a sentence is discarded when it has one strong word of a
//! set or enough weak ones, so "militants attacked a stadium" (one weak word) is kept.

use crate::dict::DiscardSet;

/// The first set the words of a sentence belong to.
pub(crate) fn discard_for<'d>(sets: &'d [DiscardSet], words: &[&str]) -> Option<&'d DiscardSet> {
    if sets.is_empty() {
        return None;
    }
    let forms = word_forms(words);
    let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
    sets.iter().find(|set| {
        if set
            .phrases
            .iter()
            .any(|phrase| lower.windows(phrase.len()).any(|window| window == phrase.as_slice()))
        {
            return true;
        }
        let mut weak = 0;
        for form in &forms {
            if set.strong.contains(form) {
                return true;
            }
            weak += usize::from(set.weak.contains(form));
        }
        weak >= set.weak_needed
    })
}

/// Lower-cased words, with hyphenated words the tokeniser split ("half", "-", "time")
/// joined again.
fn word_forms(words: &[&str]) -> Vec<String> {
    let mut forms: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
    for window in words.windows(3) {
        if window[1] == "-" {
            forms.push(format!("{}-{}", window[0], window[2]).to_lowercase());
        }
    }
    forms
}

#[cfg(test)]
mod tests {
    use crate::VerbDictionary;

    #[test]
    fn phrases_discard_only_when_their_words_are_consecutive() {
        let dictionary = VerbDictionary::from_sources([(
            "d.toml".to_string(),
            "[[discard]]\nname = \"chess\"\nphrases = [\"Chess Olympiad\"]\n".to_string(),
        )])
        .unwrap();
        let words = |text: &'static str| text.split_whitespace().collect::<Vec<_>>();
        assert!(dictionary.discard_for(&words("Gondor won the chess olympiad again")).is_some());
        assert!(dictionary.discard_for(&words("Gondor played chess at the olympiad")).is_none());
    }

    fn discarded(text: &str) -> Option<String> {
        let dictionary = VerbDictionary::built_in().unwrap();
        let words: Vec<&str> = text.split_whitespace().collect();
        dictionary.discard_for(&words).map(|set| set.name.clone())
    }

    #[test]
    fn sports_reports_are_recognised() {
        let sports = Some("sports".to_string());
        assert_eq!(
            discarded("Argentina attacked relentlessly in the second half , and Messi scored twice"),
            sports
        );
        assert_eq!(
            discarded("Bangladeshi cricketers launched a blistering attack on the Indian bowlers"),
            sports
        );
        assert_eq!(
            discarded("Real Madrid 's forwards launched wave after wave of attacks on the City goal"),
            sports
        );
        assert_eq!(discarded("Chelsea attacked after half - time"), sports);
    }

    #[test]
    fn films_and_business_are_recognised() {
        assert_eq!(
            discarded("The studio fired the actor after the film 's premiere was delayed"),
            Some("entertainment".to_string())
        );
        assert_eq!(
            discarded("Samsung launched an attack on Apple 's market share as investors sold shares"),
            Some("business".to_string())
        );
    }

    #[test]
    fn political_violence_is_not_sport_film_or_business() {
        assert_eq!(discarded("Militants attacked a stadium in Kabul , killing 12 people"), None);
        assert_eq!(discarded("Russia launched more than 80 missiles at Ukrainian cities"), None);
        assert_eq!(discarded("The opposition won a decisive victory in the presidential race"), None);
        assert_eq!(
            discarded("The CIA director visited the scene of the attack on the company 's office"),
            None
        );
        assert_eq!(discarded("Sanctions hit Russia 's oil revenue and its gas company"), None);
    }
}
