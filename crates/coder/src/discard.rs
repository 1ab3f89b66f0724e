//! Discards: sentences about sport, where "attack", "shoot", "strike" and "beat" are
//! not political events. A sentence is discarded when it has one strong sports word or
//! two weaker ones; "militants attacked a stadium" has neither kind.

/// Words that only occur in sports reports.
const STRONG: &[&str] = &[
    "cricketer",
    "cricketers",
    "bowler",
    "bowlers",
    "batsman",
    "batsmen",
    "wicket",
    "wickets",
    "innings",
    "goalkeeper",
    "striker",
    "strikers",
    "midfielder",
    "midfielders",
    "defender",
    "defenders",
    "forwards",
    "halftime",
    "half-time",
    "penalty",
    "penalties",
    "scored",
    "equaliser",
    "equalizer",
    "semi-final",
    "semifinal",
    "quarter-final",
    "playoff",
    "playoffs",
    "touchdown",
    "rebounds",
    "hat-trick",
    "slam-dunk",
    "olympics",
    "league",
    "championship",
];

/// Words common in sports reports but also elsewhere.
const WEAK: &[&str] = &[
    // Election words ("won", "victory", "race") stay out: they are political too.
    "match",
    "goal",
    "game",
    "team",
    "coach",
    "cup",
    "final",
    "season",
    "tournament",
    "fans",
    "stadium",
    "player",
    "players",
    "club",
    "half",
    "score",
];

/// Whether the words of a sentence make it a sports report.
pub fn is_sports_sentence<'a>(words: impl IntoIterator<Item = &'a str>) -> bool {
    let mut weak = 0;
    for word in words {
        let word = word.to_lowercase();
        if STRONG.contains(&word.as_str()) {
            return true;
        }
        if WEAK.contains(&word.as_str()) {
            weak += 1;
        }
    }
    weak >= 2
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sports(text: &str) -> bool {
        is_sports_sentence(text.split_whitespace())
    }

    #[test]
    fn sports_reports_are_recognised() {
        assert!(sports("Argentina attacked relentlessly in the second half , and Messi scored twice"));
        assert!(sports("Bangladeshi cricketers launched a blistering attack on the Indian bowlers"));
        assert!(sports("Real Madrid's forwards launched wave after wave of attacks on the City goal"));
    }

    #[test]
    fn political_violence_is_not_sport() {
        assert!(!sports("Militants attacked a stadium in Kabul , killing 12 people"));
        assert!(!sports("Russia launched more than 80 missiles at Ukrainian cities"));
        assert!(!sports("The opposition won a decisive victory in the presidential race"));
    }
}
