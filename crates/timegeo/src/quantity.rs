//! Quantities: how many were killed, wounded, arrested, deployed, fired or protesting,
//! and how much money.
//!
//! A number (digits, "2,500", "1.5 million", "three", "a dozen", "dozens of",
//! "hundreds of") is read with its hedge ("at least", "some", "about") and the noun it
//! counts. The kind comes from a casualty verb near it when there is one ("killed 22
//! people", "22 people were killed", "wounding about 20"), else from the noun ("14
//! rockets" are munitions, "2,500 troops" or, near military words, "2,500 Americans"
//! are troops). Numbers that are dates, ages, percentages, durations or distances are
//! skipped.

use dyad_model::{Diagnostic, Doc, Layer, Quantity, QuantityKind, Stage, Token};

/// Fills `doc.quantities`.
#[derive(Debug, Clone, Copy, Default)]
pub struct QuantityStage;

impl Stage for QuantityStage {
    fn name(&self) -> &'static str {
        "timegeo.quantity.v1"
    }

    fn requires(&self) -> &'static [Layer] {
        &[Layer::Tokens]
    }

    fn provides(&self) -> &'static [Layer] {
        &[Layer::Quantities]
    }

    fn run(&self, doc: &mut Doc, _diags: &mut Vec<Diagnostic>) {
        let mut quantities = Vec::new();
        for (sentence_idx, sentence) in doc.sentences.iter().enumerate() {
            quantities.extend(find_quantities(&doc.tokens[sentence.tokens.clone()], sentence_idx));
        }
        doc.quantities = quantities;
    }
}

fn word_number(word: &str) -> Option<f64> {
    Some(match word {
        "one" => 1.0,
        "two" => 2.0,
        "three" => 3.0,
        "four" => 4.0,
        "five" => 5.0,
        "six" => 6.0,
        "seven" => 7.0,
        "eight" => 8.0,
        "nine" => 9.0,
        "ten" => 10.0,
        "eleven" => 11.0,
        "twelve" => 12.0,
        "thirteen" => 13.0,
        "fourteen" => 14.0,
        "fifteen" => 15.0,
        "sixteen" => 16.0,
        "seventeen" => 17.0,
        "eighteen" => 18.0,
        "nineteen" => 19.0,
        "twenty" => 20.0,
        "thirty" => 30.0,
        "forty" => 40.0,
        "fifty" => 50.0,
        "sixty" => 60.0,
        "seventy" => 70.0,
        "eighty" => 80.0,
        "ninety" => 90.0,
        "hundred" => 100.0,
        _ => return None,
    })
}

fn multiplier(word: &str) -> Option<f64> {
    Some(match word {
        "hundred" => 100.0,
        "thousand" => 1e3,
        "million" | "mln" | "m" => 1e6,
        "billion" | "bln" | "bn" => 1e9,
        "trillion" => 1e12,
        _ => return None,
    })
}

/// Vague plurals ("dozens of"), read as their lower bound, always approximate.
fn vague_number(word: &str) -> Option<f64> {
    Some(match word {
        "dozens" => 24.0,
        "scores" => 40.0,
        "hundreds" => 200.0,
        "thousands" => 2000.0,
        "millions" => 2e6,
        _ => return None,
    })
}

fn digits_number(word: &str) -> Option<f64> {
    if !word.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let cleaned: String = word.chars().filter(|c| *c != ',').collect();
    // "2,500" must group by threes; "26/07" or "7-3" are not counts.
    if word.contains(',') && !word.split(',').skip(1).all(|group| group.len() == 3) {
        return None;
    }
    cleaned.parse::<f64>().ok()
}

fn hedge_len(words: &[String], i: usize) -> usize {
    let before = |n: usize| if i >= n { words[i - n].as_str() } else { "" };
    match (before(2), before(1)) {
        ("at", "least")
        | ("more", "than")
        | ("up", "to")
        | ("as", "many")
        | ("an", "estimated")
        | ("close", "to")
        | ("upwards", "of")
        | ("less", "than")
        | ("fewer", "than") => 2,
        (
            _,
            "some" | "about" | "around" | "nearly" | "almost" | "over" | "approximately" | "roughly"
            | "estimated" | "approx" | "circa",
        ) => 1,
        _ => 0,
    }
}

fn munition(noun: &str) -> bool {
    matches!(
        noun,
        "rocket"
            | "rockets"
            | "missile"
            | "missiles"
            | "shell"
            | "shells"
            | "mortar"
            | "mortars"
            | "drone"
            | "drones"
            | "bomb"
            | "bombs"
            | "grenade"
            | "grenades"
            | "projectile"
            | "projectiles"
            | "rounds"
            | "airstrikes"
            | "strikes"
            | "explosives"
            | "warheads"
            | "bullets"
            | "shots"
            | "katyushas"
    )
}

fn troops(noun: &str) -> bool {
    matches!(
        noun,
        "troops"
            | "soldiers"
            | "personnel"
            | "marines"
            | "servicemen"
            | "peacekeepers"
            | "sailors"
            | "airmen"
            | "paratroopers"
            | "reservists"
            | "service"
            | "forces"
            | "advisers"
            | "advisors"
            | "contractors"
    )
}

fn protesters(noun: &str) -> bool {
    matches!(noun, "protesters" | "protestors" | "demonstrators" | "marchers" | "rioters" | "strikers")
}

fn people(noun: &str) -> bool {
    matches!(
        noun,
        "people"
            | "persons"
            | "civilians"
            | "children"
            | "women"
            | "men"
            | "militants"
            | "fighters"
            | "insurgents"
            | "rebels"
            | "policemen"
            | "officers"
            | "police"
            | "students"
            | "workers"
            | "members"
            | "others"
            | "villagers"
            | "residents"
            | "migrants"
            | "refugees"
            | "gunmen"
            | "suspects"
            | "guards"
            | "pilgrims"
            | "worshippers"
            | "passengers"
            | "prisoners"
            | "detainees"
            | "journalists"
            | "activists"
            | "militiamen"
            | "jihadists"
            | "terrorists"
            | "hostages"
            | "individuals"
            | "victims"
            | "bodies"
            | "dead"
            | "injured"
            | "wounded"
            | "deaths"
            | "fatalities"
            | "casualties"
            | "arrests"
            | "person"
            | "man"
            | "woman"
            | "child"
    )
}

fn currency_after(noun: &str) -> Option<&'static str> {
    Some(match noun {
        "dollars" | "dollar" | "usd" => "USD",
        "euros" | "euro" | "eur" => "EUR",
        "pounds" | "gbp" => "GBP",
        "yuan" => "CNY",
        "rubles" | "roubles" => "RUB",
        "dinars" => "dinars",
        "riyals" => "riyals",
        _ => return None,
    })
}

fn is_skip_unit(word: &str) -> bool {
    matches!(
        word,
        "%" | "percent"
            | "per"
            | "year-old"
            | "years-old"
            | "-year-old"
            | "days"
            | "day"
            | "weeks"
            | "week"
            | "months"
            | "month"
            | "years"
            | "year"
            | "hours"
            | "hour"
            | "minutes"
            | "minute"
            | "seconds"
            | "km"
            | "kilometres"
            | "kilometers"
            | "miles"
            | "mile"
            | "metres"
            | "meters"
            | "feet"
            | "a.m."
            | "p.m."
            | "am"
            | "pm"
            | "o'clock"
            | "times"
            | "kg"
            | "tonnes"
            | "tons"
            | "degrees"
            | "points"
            | "votes"
            | "seats"
            | "st"
            | "nd"
            | "rd"
            | "th"
            | "january"
            | "february"
            | "march"
            | "april"
            | "may"
            | "june"
            | "july"
            | "august"
            | "september"
            | "october"
            | "november"
            | "december"
    )
}

/// The casualty kind a verb or noun near the number points to.
fn casualty(word: &str) -> Option<QuantityKind> {
    let kind = match word {
        "killed" | "kill" | "kills" | "killing" | "dead" | "died" | "die" | "deaths" | "death" | "slain"
        | "massacred" | "executed" | "fatalities" | "lives" | "toll" | "perished" | "bodies" => {
            QuantityKind::Killed
        }
        "wounded" | "wounding" | "wounds" | "injured" | "injuring" | "injuries" | "hurt" | "injures"
        | "wound" => QuantityKind::Wounded,
        "arrested" | "arresting" | "arrests" | "detained" | "detaining" | "detains" | "arrest" | "detain"
        | "rounded" | "apprehended" | "custody" | "jailed" | "imprisoned" | "detainees" => {
            QuantityKind::Arrested
        }
        _ => return None,
    };
    Some(kind)
}

/// Finds the quantities of one sentence's tokens.
pub fn find_quantities(tokens: &[Token], sentence: usize) -> Vec<Quantity> {
    let words: Vec<String> = tokens.iter().map(|t| t.text.to_lowercase()).collect();
    let military_context = words.iter().any(|w| {
        matches!(
            w.as_str(),
            "troops"
                | "military"
                | "coalition"
                | "army"
                | "forces"
                | "deployed"
                | "deploy"
                | "stationed"
                | "base"
                | "bases"
                | "keeping"
                | "withdrawal"
                | "withdraw"
                | "soldiers"
                | "garrison"
        )
    });
    let mut found = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let Some(reading) = read_number(&words, i) else {
            i += 1;
            continue;
        };
        let NumberReading { value, end, mut approximate, mut currency } = reading;
        let hedge = hedge_len(&words, i);
        approximate |= hedge > 0;
        let start = i - hedge.min(i);
        // Currency before: "$1.5 million", "US$ 20".
        let mut span_start = start;
        if i > 0 && matches!(words[i - 1].as_str(), "$" | "us$" | "€" | "£") {
            currency = Some(match words[i - 1].as_str() {
                "€" => "EUR",
                "£" => "GBP",
                _ => "USD",
            });
            span_start = (i - 1).min(start);
        }
        if words.get(end).is_some_and(|w| is_skip_unit(w))
            || (i > 0 && is_skip_unit(&words[i - 1]) && currency.is_none())
        {
            i = end;
            continue;
        }
        if let Some(code) = words.get(end).and_then(|w| currency_after(w)) {
            currency = Some(code);
        }
        if let Some(code) = currency {
            let noun_end =
                if words.get(end).and_then(|w| currency_after(w)).is_some() { end + 1 } else { end };
            found.push(Quantity {
                kind: QuantityKind::Money,
                value,
                approximate,
                unit: code.to_string(),
                sentence,
                span: tokens[span_start].span.cover(tokens[noun_end - 1].span),
            });
            i = noun_end;
            continue;
        }
        // The counted noun: within three words ("14 Katyusha rockets", "22 more people").
        let mut noun: Option<(usize, &str)> = None;
        for j in end..(end + 3).min(tokens.len()) {
            let word = words[j].as_str();
            if munition(word)
                || troops(word)
                || protesters(word)
                || people(word)
                || nationality_plural(&tokens[j].text)
            {
                noun = Some((j, word));
                break;
            }
            if matches!(word, "," | "." | ";" | "and" | "or" | "were" | "was" | "are" | "in" | "on" | "at") {
                break;
            }
        }
        // A casualty word near the number decides the kind for people.
        let window_start = start.saturating_sub(4);
        let window_end = (noun.map_or(end, |(j, _)| j + 1) + 4).min(tokens.len());
        let casualty_kind = (window_start..window_end)
            .filter(|&j| j < start || j >= end)
            .filter(|&j| !clause_break_between(&words, j, i))
            .filter(|&j| !is_active_verb_after(&words, noun.map(|(n, _)| n), j))
            .filter_map(|j| casualty(&words[j]).map(|kind| (j.abs_diff(i), kind)))
            .min_by_key(|(distance, _)| *distance)
            .map(|(_, kind)| kind);
        let kind = match noun {
            Some((_, word)) if munition(word) => Some(QuantityKind::Munitions),
            Some((_, word)) if protesters(word) => Some(QuantityKind::Protesters),
            Some(_) if casualty_kind.is_some() => casualty_kind,
            Some((_, word)) if troops(word) => Some(QuantityKind::Troops),
            Some((j, _)) if nationality_plural(&tokens[j].text) && military_context => {
                Some(QuantityKind::Troops)
            }
            Some((_, "dead" | "deaths" | "fatalities" | "bodies")) => Some(QuantityKind::Killed),
            Some((_, "injured" | "wounded")) => Some(QuantityKind::Wounded),
            Some(_) => Some(QuantityKind::Other),
            // An elided noun only counts next to a casualty verb: "wounding about 20".
            None if casualty_kind.is_some() && i > 0 && hedge_or_verb_before(&words, start) => casualty_kind,
            None => None,
        };
        if let Some(kind) = kind {
            let span_end = noun.map_or(end, |(j, _)| j + 1);
            found.push(Quantity {
                kind,
                value,
                approximate,
                unit: noun.map(|(j, _)| tokens[j].text.clone()).unwrap_or_default(),
                sentence,
                span: tokens[start].span.cover(tokens[span_end - 1].span),
            });
            i = span_end;
        } else {
            i = end;
        }
    }
    found
}

/// Whether the casualty verb at `j` follows the counted noun in the active voice, so
/// the counted people did it ("two gunmen killed a man") rather than suffered it ("22
/// people were killed", "14 people killed").
fn is_active_verb_after(words: &[String], noun: Option<usize>, j: usize) -> bool {
    let Some(noun) = noun else { return false };
    if j <= noun {
        return false;
    }
    let passive_aux = words[noun + 1..j].iter().any(|w| {
        matches!(w.as_str(), "were" | "was" | "been" | "are" | "is" | "be" | "being" | "got" | "get")
    });
    let object_follows = words.get(j + 1).is_some_and(|w| {
        matches!(
            w.as_str(),
            "a" | "an" | "the" | "his" | "her" | "their" | "its" | "two" | "three" | "several"
        ) || w.starts_with(|c: char| c.is_ascii_digit())
    });
    !passive_aux && object_follows
}

/// Whether ";" or ", and" separates positions `a` and `b`, so a verb there belongs to
/// another clause ("killing 8 people and wounding about 20").
fn clause_break_between(words: &[String], a: usize, b: usize) -> bool {
    let (lo, hi) = (a.min(b), a.max(b));
    words[lo..hi].iter().any(|w| matches!(w.as_str(), ";" | "and" | "but" | "while" | "as"))
}

/// Whether the word before a bare number is a casualty verb ("wounding 20").
fn hedge_or_verb_before(words: &[String], start: usize) -> bool {
    start > 0 && casualty(&words[start - 1]).is_some()
}

/// "Americans", "Iraqis", "Britons": capitalised plural people nouns.
fn nationality_plural(text: &str) -> bool {
    text.starts_with(|c: char| c.is_uppercase())
        && text.len() > 4
        && (text.ends_with("ans") || text.ends_with("is") || text.ends_with("ons") || text.ends_with("ers"))
        && text.chars().skip(1).all(|c| c.is_lowercase())
}

struct NumberReading {
    value: f64,
    /// Token index after the number.
    end: usize,
    approximate: bool,
    currency: Option<&'static str>,
}

fn read_number(words: &[String], i: usize) -> Option<NumberReading> {
    let word = words[i].as_str();
    let mut approximate = false;
    let (mut value, mut end) = if let Some(v) = digits_number(word) {
        // Four-digit years are dates, not counts.
        if word.len() == 4 && (1900.0..=2100.0).contains(&v) && !word.contains(',') {
            return None;
        }
        (v, i + 1)
    } else if let Some(v) = word_number(word) {
        let mut v = v;
        let mut end = i + 1;
        // "twenty-two" arrives as one token; "twenty two" as two.
        if let Some(unit) = words.get(end).and_then(|w| word_number(w)) {
            if v >= 20.0 && unit < 10.0 {
                v += unit;
                end += 1;
            }
        }
        (v, end)
    } else if let Some((tens, units)) = word.split_once('-') {
        let (a, b) = (word_number(tens)?, word_number(units)?);
        (a + b, i + 1)
    } else if word == "dozen" && i > 0 && words[i - 1] == "a" {
        (12.0, i + 1)
    } else if let Some(v) = vague_number(word) {
        approximate = true;
        let mut v = v;
        let mut end = i + 1;
        // "tens of thousands", "hundreds of thousands".
        if word == "tens"
            || (words.get(end).map(String::as_str) == Some("of")
                && words.get(end + 1).and_then(|w| vague_number(w)).is_some())
        {
            let inner = vague_number(&words[end + 1]).unwrap_or(1.0);
            v = v / 2.0 * inner;
            end += 2;
        }
        if words.get(end).map(String::as_str) == Some("of") {
            end += 1;
        }
        (v, end)
    } else if word == "tens" && words.get(i + 1).map(String::as_str) == Some("of") {
        let inner = words.get(i + 2).and_then(|w| vague_number(w))?;
        approximate = true;
        let end = if words.get(i + 3).map(String::as_str) == Some("of") { i + 4 } else { i + 3 };
        (inner * 10.0, end)
    } else {
        return None;
    };
    while let Some(factor) = words.get(end).and_then(|w| multiplier(w)) {
        value *= factor;
        end += 1;
    }
    Some(NumberReading { value, end, approximate, currency: None })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokens::tokenize_doc;
    use dyad_model::Document;

    /// Checks the (kind, value, approximate) of every quantity found in `text`.
    fn check(text: &str, expected: &[(QuantityKind, f64, bool)]) {
        let mut doc = Doc::new(Document::new("t", text));
        tokenize_doc(&mut doc);
        QuantityStage.run(&mut doc, &mut Vec::new());
        let got: Vec<(QuantityKind, f64, bool)> =
            doc.quantities.iter().map(|q| (q.kind, q.value, q.approximate)).collect();
        assert_eq!(got, expected, "in {text:?}");
    }

    #[test]
    fn munitions_and_troops_come_from_the_counted_noun() {
        check("14 rockets were fired at the base.", &[(QuantityKind::Munitions, 14.0, false)]);
        check(
            "The US is still keeping some 2,500 Americans in Iraq since 2014 as part of a coalition.",
            &[(QuantityKind::Troops, 2500.0, true)],
        );
        check("About 3,000 troops were deployed.", &[(QuantityKind::Troops, 3000.0, true)]);
    }

    #[test]
    fn casualty_verbs_decide_the_kind_of_people() {
        check("Gunmen killed 22 people.", &[(QuantityKind::Killed, 22.0, false)]);
        check("At least 22 ISIS members were killed.", &[(QuantityKind::Killed, 22.0, true)]);
        check(
            "Shelling hit a bus, killing 8 people and wounding about 20.",
            &[(QuantityKind::Killed, 8.0, false), (QuantityKind::Wounded, 20.0, true)],
        );
        check("Police arrested three protesters.", &[(QuantityKind::Protesters, 3.0, false)]);
        check("Police detained twenty-two men.", &[(QuantityKind::Arrested, 22.0, false)]);
        check("Two gunmen killed a police officer.", &[(QuantityKind::Other, 2.0, false)]);
        check("Fourteen people killed in blast.", &[(QuantityKind::Killed, 14.0, false)]);
    }

    #[test]
    fn vague_numbers_are_approximate_lower_bounds() {
        check("Hundreds of demonstrators marched.", &[(QuantityKind::Protesters, 200.0, true)]);
        check("Dozens of people were injured.", &[(QuantityKind::Wounded, 24.0, true)]);
        check("Tens of thousands of protesters rallied.", &[(QuantityKind::Protesters, 20000.0, true)]);
    }

    #[test]
    fn money_reads_currency_and_multipliers() {
        check("The US pledged $1.5 billion in aid.", &[(QuantityKind::Money, 1.5e9, false)]);
        check("It paid 20 million euros.", &[(QuantityKind::Money, 2e7, false)]);
    }

    #[test]
    fn dates_ages_durations_and_percentages_are_not_counted() {
        check("He met Biden on 26 July 2021.", &[]);
        check("The 50-year-old man left two days ago.", &[]);
        check("Turnout fell 20 percent in 2003.", &[]);
        check("Another three landed near the embassy.", &[]);
    }
}
