//! Time expressions: find dates in a sentence's tokens and resolve them against the
//! document date.
//!
//! Each rule reads a short token pattern and names itself in
//! [`TimeExpression::rule`], so `dyad explain` can say why an event got its date.
//! Year-less dates ("26 July", "in July", "on Tuesday") take the nearest sensible year:
//! the next occurrence when the words around them speak of the future ("will meet on
//! 26 July", a headline "X to meet Y on 26 July"), otherwise the most recent one. A year
//! that modifies a noun ("the 2015 nuclear deal") is recorded with the rule
//! `time.year_modifier`: it dates the deal, not the event of the sentence, and
//! [`date_for_token`] never attaches it to a trigger.

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use dyad_model::{Diagnostic, Doc, EventDate, Layer, Stage, TimeExpression, Token, Upos};

/// Which way year-less and weekday expressions resolve.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tense {
    /// Read the tense from the words around each expression ("will", "next", "to meet").
    #[default]
    Infer,
    /// Resolve to the most recent occurrence on or before the document date.
    Past,
    /// Resolve to the next occurrence on or after the document date.
    Future,
}

/// Finds and resolves the time expressions in one sentence.
///
/// `tokens` are the sentence's tokens (spans into the document text); `sentence` is the
/// sentence index stored in each result; `headline` says the sentence is a headline,
/// whose "X to meet Y" form speaks of the future.
pub fn resolve_times(
    tokens: &[Token],
    sentence: usize,
    headline: bool,
    document_date: NaiveDate,
    tense: Tense,
) -> Vec<TimeExpression> {
    if !resolvable(document_date) {
        return Vec::new();
    }
    let words: Vec<String> = tokens.iter().map(|t| t.text.to_lowercase()).collect();
    let reader = Reader { tokens, words: &words, headline, document_date, tense };
    let mut found = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        match reader.read_at(i) {
            Some((end, date, rule)) => {
                let span = tokens[i].span.cover(tokens[end - 1].span);
                found.push(TimeExpression { sentence, span, date, rule: rule.to_string() });
                i = end;
            }
            None => i += 1,
        }
    }
    found
}

/// Whether expressions can be resolved against `date`: relative dates step days and
/// years away from it, which must stay inside chrono's range, and dates are written
/// with four-digit years downstream.
fn resolvable(date: NaiveDate) -> bool {
    (1..=9999).contains(&date.year())
}

/// Fills `doc.times` from its tokens, resolving against the document date (a document
/// without a date gets a warning and no times: nothing relative can be resolved).
#[derive(Debug, Clone, Copy, Default)]
pub struct TimeStage {
    /// How year-less expressions resolve; [`Tense::Infer`] reads it from the text.
    pub tense: Tense,
}

impl Stage for TimeStage {
    fn name(&self) -> &'static str {
        "timegeo.time.v1"
    }

    fn requires(&self) -> &'static [Layer] {
        &[Layer::Tokens]
    }

    fn provides(&self) -> &'static [Layer] {
        &[Layer::Times]
    }

    fn run(&self, doc: &mut Doc, diags: &mut Vec<Diagnostic>) {
        doc.times.clear();
        match doc.document.date {
            Some(document_date) if !resolvable(document_date) => diags.push(Diagnostic::warning(
                self.name(),
                format!("doc {}", doc.document.id),
                format!(
                    "document date {document_date} is outside years 1-9999: time expressions left unresolved"
                ),
            )),
            Some(document_date) => {
                let mut times = Vec::new();
                for (sentence_idx, sentence) in doc.sentences.iter().enumerate() {
                    let tokens = &doc.tokens[sentence.tokens.clone()];
                    times.extend(resolve_times(
                        tokens,
                        sentence_idx,
                        sentence.headline,
                        document_date,
                        self.tense,
                    ));
                }
                doc.times = times;
            }
            None => diags.push(Diagnostic::warning(
                self.name(),
                format!("doc {}", doc.document.id),
                "document has no date: time expressions left unresolved",
            )),
        }
    }
}

/// Whether a time expression dates something other than the events of its sentence (a
/// noun modifier such as "the 2015 nuclear deal").
pub fn is_modifier(time: &TimeExpression) -> bool {
    time.rule.ends_with("_modifier")
}

/// The time expression that dates the event whose trigger is token `token_idx` (a
/// document-level token index) of sentence `sentence`, or `None` when the sentence has
/// none that applies (the caller then uses the document date).
///
/// Modifier years never attach. With a dependency parse, an expression whose head chain
/// reaches the trigger before any other verb wins. Otherwise the nearest expression in
/// the same clause wins, then the nearest in the sentence; an expression read as
/// "two days after ..." only dates triggers that follow it (it dates the clause it
/// introduces, not the main clause).
pub fn date_for_token(doc: &Doc, sentence: usize, token_idx: usize) -> Option<&TimeExpression> {
    let sentence_info = doc.sentences.get(sentence)?;
    let range = sentence_info.tokens.clone();
    if !range.contains(&token_idx) {
        return None;
    }
    let mut best: Option<(i64, &TimeExpression)> = None;
    for time in doc.times.iter().filter(|t| t.sentence == sentence && !is_modifier(t)) {
        let Some((first, last)) = token_range_of(doc, range.clone(), time.span) else { continue };
        if time.rule == "time.after_anchor" && token_idx < first {
            continue;
        }
        let distance =
            if token_idx < first { first - token_idx } else { token_idx.saturating_sub(last) } as i64;
        // "since the invasion of Iraq in 2003, ... the army is fighting": a date that
        // modifies another event noun dates that noun's event, not this one.
        if doc.has(Layer::Deps) && dates_another_noun(doc, range.clone(), first, last, token_idx) {
            continue;
        }
        let mut score = distance;
        if doc.has(Layer::Deps) && heads_reach(doc, range.start, first, last, token_idx) {
            score -= 1000;
        } else if crosses_clause(doc, token_idx, first, last) {
            score += 100;
        }
        if best.is_none_or(|(s, _)| score < s) {
            best = Some((score, time));
        }
    }
    best.map(|(_, time)| time)
}

/// First and last document token indices covered by `span` within `range`.
pub(crate) fn token_range_of(
    doc: &Doc,
    range: std::ops::Range<usize>,
    span: dyad_model::Span,
) -> Option<(usize, usize)> {
    let mut first = None;
    let mut last = None;
    for idx in range {
        if doc.tokens[idx].span.overlaps(span) {
            first.get_or_insert(idx);
            last = Some(idx);
        }
    }
    Some((first?, last?))
}

/// Whether any token of `first..=last` has a head chain that reaches `trigger` before
/// passing through another verb.
fn heads_reach(doc: &Doc, sentence_start: usize, first: usize, last: usize, trigger: usize) -> bool {
    (first..=last).any(|start| {
        let mut idx = start;
        for _ in 0..12 {
            let Some(head) = doc.tokens[idx].head else { return false };
            let head_idx = sentence_start + head;
            if head_idx == trigger {
                return true;
            }
            if head_idx >= doc.tokens.len() || matches!(doc.tokens[head_idx].upos, Upos::Verb) {
                return false;
            }
            idx = head_idx;
        }
        false
    })
}

/// Whether the expression `first..=last` hangs off a noun that is neither the trigger
/// nor related to it by dominance (the trigger's object "the attack on Monday" keeps its
/// date; "the invasion in 2003" in another clause does not lend it).
fn dates_another_noun(
    doc: &Doc,
    range: std::ops::Range<usize>,
    first: usize,
    last: usize,
    trigger: usize,
) -> bool {
    let start = range.start;
    let head_of = |idx: usize| doc.tokens[idx].head.map(|h| start + h).filter(|h| range.contains(h));
    // The word the expression attaches to: the first head outside it.
    let Some(attached) = (first..=last).filter_map(head_of).find(|h| !(first..=last).contains(h)) else {
        return false;
    };
    if attached == trigger {
        return false;
    }
    let dominates = |upper: usize, lower: usize| {
        let mut idx = lower;
        for _ in 0..range.len() {
            match head_of(idx) {
                Some(h) if h == upper => return true,
                Some(h) => idx = h,
                None => return false,
            }
        }
        false
    };
    // "lifted a blockade imposed in 2017": a participle or relative clause describing
    // a noun dates what it describes, not the event the noun takes part in.
    let describes_noun =
        doc.tokens[attached].upos == Upos::Verb && doc.tokens[attached].deprel.starts_with("acl");
    if describes_noun {
        return !dominates(attached, trigger);
    }
    if !matches!(doc.tokens[attached].upos, Upos::Noun | Upos::Propn) {
        return false;
    }
    !dominates(trigger, attached) && !dominates(attached, trigger)
}

/// Whether a clause boundary (";", or ", which/while/but/and" before a verb, "where",
/// "when") lies between the trigger and the expression.
pub(crate) fn crosses_clause(doc: &Doc, trigger: usize, first: usize, last: usize) -> bool {
    let (lo, hi) = if trigger < first { (trigger + 1, first) } else { (last + 1, trigger) };
    (lo..hi).any(|idx| {
        let word = doc.tokens[idx].text.as_str();
        matches!(
            word,
            ";" | "where" | "which" | "while" | "whereas" | "but" | "although" | "after" | "before"
        ) || (word == ","
            && doc
                .tokens
                .get(idx + 1)
                .is_some_and(|t| matches!(t.text.as_str(), "and" | "but" | "which" | "while" | "who")))
    })
}

struct Reader<'a> {
    tokens: &'a [Token],
    words: &'a [String],
    headline: bool,
    document_date: NaiveDate,
    tense: Tense,
}

type Found = (usize, EventDate, &'static str);

const MONTHS: [&str; 12] = [
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

fn month_number(word: &str) -> Option<u32> {
    let word = word.trim_end_matches('.');
    if let Some(idx) = MONTHS.iter().position(|m| *m == word) {
        return Some(idx as u32 + 1);
    }
    let abbreviated = match word {
        "jan" => 1,
        "feb" => 2,
        "mar" => 3,
        "apr" => 4,
        "jun" => 6,
        "jul" => 7,
        "aug" => 8,
        "sep" | "sept" => 9,
        "oct" => 10,
        "nov" => 11,
        "dec" => 12,
        _ => return None,
    };
    Some(abbreviated)
}

fn weekday_of(word: &str) -> Option<Weekday> {
    Some(match word {
        "monday" => Weekday::Mon,
        "tuesday" => Weekday::Tue,
        "wednesday" => Weekday::Wed,
        "thursday" => Weekday::Thu,
        "friday" => Weekday::Fri,
        "saturday" => Weekday::Sat,
        "sunday" => Weekday::Sun,
        _ => return None,
    })
}

fn day_number(word: &str) -> Option<u32> {
    let digits = word.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = &word[digits.len()..];
    if digits.is_empty() || digits.len() > 2 || !matches!(suffix, "" | "st" | "nd" | "rd" | "th") {
        return None;
    }
    digits.parse().ok().filter(|d| (1..=31).contains(d))
}

/// A year as almanacs head their lines, back to the first millennium's end.
fn almanac_year(word: &str) -> Option<i32> {
    (word.len() == 4 && word.bytes().all(|b| b.is_ascii_digit()))
        .then(|| word.parse().ok())
        .flatten()
        .filter(|y| (1000..=2100).contains(y))
}

fn year_number(word: &str) -> Option<i32> {
    (word.len() == 4 && word.bytes().all(|b| b.is_ascii_digit()))
        .then(|| word.parse().ok())
        .flatten()
        .filter(|y| (1900..=2100).contains(y))
}

/// Small counts written as words or digits ("two days ago", "a week ago").
pub(crate) fn small_count(word: &str) -> Option<i64> {
    Some(match word {
        "a" | "an" | "one" => 1,
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "eleven" => 11,
        "twelve" => 12,
        "fifteen" => 15,
        "twenty" => 20,
        "thirty" => 30,
        _ => return word.parse().ok().filter(|n| (1..=400).contains(n)),
    })
}

#[derive(Clone, Copy, PartialEq)]
enum Unit {
    Day,
    Week,
    Month,
    Year,
}

fn unit_of(word: &str) -> Option<Unit> {
    Some(match word {
        "day" | "days" => Unit::Day,
        "week" | "weeks" => Unit::Week,
        "month" | "months" => Unit::Month,
        "year" | "years" => Unit::Year,
        _ => return None,
    })
}

/// Words before a bare year or month that make it a time reference.
fn is_time_preposition(word: &str) -> bool {
    matches!(
        word,
        "in" | "since"
            | "by"
            | "until"
            | "till"
            | "before"
            | "after"
            | "during"
            | "from"
            | "of"
            | "to"
            | "and"
            | "between"
            | "early"
            | "late"
            | "mid"
            | "around"
            | "circa"
            | "through"
            | "throughout"
            | "last"
            | "next"
            | "this"
            | "on"
            | "for"
            | "as"
            | "year"
            | "or"
            | "-"
            | "–"
    )
}

fn add_months(year: i32, month: u32, delta: i32) -> (i32, u32) {
    let index = year * 12 + month as i32 - 1 + delta;
    (index.div_euclid(12), index.rem_euclid(12) as u32 + 1)
}

fn shift(date: NaiveDate, unit: Unit, amount: i64) -> EventDate {
    match unit {
        Unit::Day => EventDate::day(date + Duration::days(amount)),
        Unit::Week => EventDate::day(date + Duration::days(7 * amount)),
        Unit::Month => {
            let (y, m) = add_months(date.year(), date.month(), amount as i32);
            EventDate::month(y, m).unwrap_or(EventDate::day(date))
        }
        Unit::Year => EventDate::year(date.year() + amount as i32).unwrap_or(EventDate::day(date)),
    }
}

impl Reader<'_> {
    fn word(&self, idx: usize) -> &str {
        self.words.get(idx).map_or("", String::as_str)
    }

    fn capitalised(&self, idx: usize) -> bool {
        self.tokens.get(idx).is_some_and(|t| t.text.starts_with(|c: char| c.is_uppercase()))
    }

    /// A month name at `idx`, capitalised; "May" also needs a date-like neighbour so the
    /// modal verb is not read as a month.
    fn month_at(&self, idx: usize) -> Option<u32> {
        let month = month_number(self.word(idx))?;
        if !self.capitalised(idx) {
            return None;
        }
        if self.word(idx) == "may" || self.word(idx) == "mar" {
            let next = self.word(idx + 1);
            let prev = if idx > 0 { self.word(idx - 1) } else { "" };
            let dated = day_number(next).is_some() || year_number(next).is_some();
            let after_preposition = idx > 0 && is_time_preposition(prev);
            if !dated && !after_preposition && day_number(prev).is_none() {
                return None;
            }
        }
        Some(month)
    }

    /// Whether the words around token `idx` speak of the future.
    fn future_at(&self, idx: usize) -> bool {
        match self.tense {
            Tense::Past => return false,
            Tense::Future => return true,
            Tense::Infer => {}
        }
        // Look left for the nearest tense cue, then right within a few words.
        let cue = |j: usize| -> Option<bool> {
            let word = self.word(j);
            match word {
                "will" | "'ll" | "shall" | "wo" | "upcoming" | "scheduled" | "planned" | "plans" | "plan"
                | "next" | "tomorrow" => Some(true),
                "to" => {
                    let next = self.word(j + 1);
                    let verb_like = !next.is_empty()
                        && next.chars().all(|c| c.is_ascii_lowercase())
                        && !matches!(
                            next,
                            "the"
                                | "a"
                                | "an"
                                | "his"
                                | "her"
                                | "their"
                                | "its"
                                | "this"
                                | "that"
                                | "these"
                                | "those"
                                | "our"
                                | "my"
                                | "your"
                                | "some"
                                | "all"
                                | "about"
                        );
                    (verb_like
                        && (self.headline
                            || matches!(
                                self.word(j.wrapping_sub(1)),
                                "expected" | "due" | "set" | "going" | "is" | "are" | "was" | "were"
                            )))
                    .then_some(true)
                }
                "said" | "says" | "told" | "announced" | "was" | "were" | "had" | "did" | "ago" | "last"
                | "yesterday" => Some(false),
                _ if word.len() > 4
                    && word.ends_with("ed")
                    && self.tokens.get(j).is_some_and(|t| t.text.starts_with(|c: char| c.is_lowercase())) =>
                {
                    Some(false)
                }
                _ => None,
            }
        };
        for j in (0..idx).rev() {
            if let Some(future) = cue(j) {
                return future;
            }
        }
        for j in idx + 1..(idx + 6).min(self.words.len()) {
            if let Some(future) = cue(j) {
                return future;
            }
        }
        false
    }

    fn year_less_day(&self, month: u32, day: u32, at: usize) -> Option<EventDate> {
        let doc = self.document_date;
        let future = self.future_at(at);
        let in_year = |y: i32| NaiveDate::from_ymd_opt(y, month, day);
        let this_year = in_year(doc.year()).or_else(|| in_year(doc.year() - 1))?;
        let date = if future && this_year < doc {
            in_year(doc.year() + 1)?
        } else if !future && this_year > doc + Duration::days(7) {
            in_year(doc.year() - 1)?
        } else {
            this_year
        };
        Some(EventDate::day(date))
    }

    fn year_less_month(&self, month: u32, at: usize, modifier: &str) -> Option<EventDate> {
        let doc = self.document_date;
        let year = match modifier {
            "last" => {
                if month < doc.month() {
                    doc.year()
                } else {
                    doc.year() - 1
                }
            }
            "next" => {
                if month > doc.month() {
                    doc.year()
                } else {
                    doc.year() + 1
                }
            }
            "this" => doc.year(),
            _ => {
                let future = self.future_at(at);
                if future && month < doc.month() {
                    doc.year() + 1
                } else if !future && month > doc.month() {
                    doc.year() - 1
                } else {
                    doc.year()
                }
            }
        };
        EventDate::month(year, month)
    }

    fn weekday_date(&self, weekday: Weekday, at: usize, modifier: &str) -> EventDate {
        let doc = self.document_date;
        let back =
            (7 + doc.weekday().num_days_from_monday() as i64 - weekday.num_days_from_monday() as i64) % 7;
        let forward = (7 - back) % 7;
        let offset = match modifier {
            "last" => -(if back == 0 { 7 } else { back }),
            "next" => {
                if forward == 0 {
                    7
                } else {
                    forward
                }
            }
            _ if self.future_at(at) => forward,
            _ => -back,
        };
        EventDate::day(doc + Duration::days(offset))
    }

    /// Tries every rule at token `i`; returns the end token (exclusive), the date and
    /// the rule name.
    fn read_at(&self, i: usize) -> Option<Found> {
        let word = self.word(i);
        let first = word.as_bytes().first().copied().unwrap_or(b' ');
        if first.is_ascii_digit() {
            return self.read_numeric(i);
        }
        self.read_named_day(i)
            .or_else(|| self.read_month(i))
            .or_else(|| self.read_deictic(i))
            .or_else(|| self.read_relative(i))
            .or_else(|| self.read_count_ago(i))
    }

    fn read_numeric(&self, i: usize) -> Option<Found> {
        let word = self.word(i);
        // ISO 8601 "2021-07-26".
        if word.len() == 10 && word.as_bytes()[4] == b'-' && word.as_bytes()[7] == b'-' {
            let date = EventDate::parse_iso(word)?;
            return Some((i + 1, date, "time.iso"));
        }
        // Numeric "26/07/2021", "7/26/2021", "26.07.2021".
        if let Some(found) = self.read_slashed(i) {
            return Some(found);
        }
        // "26 July [2021]", "26th of July".
        if let Some(day) = day_number(word) {
            let mut j = i + 1;
            if self.word(j) == "of" {
                j += 1;
            }
            if let Some(month) = self.month_at(j) {
                let mut end = j + 1;
                let year = if let Some(y) = year_number(self.word(end)) {
                    end += 1;
                    Some(y)
                } else if self.word(end) == "," && year_number(self.word(end + 1)).is_some() {
                    end += 2;
                    year_number(self.word(end - 1))
                } else {
                    None
                };
                return match year {
                    Some(y) => Some((
                        end,
                        EventDate::day(NaiveDate::from_ymd_opt(y, month, day)?),
                        "time.day_month_year",
                    )),
                    None => Some((end, self.year_less_day(month, day, i)?, "time.day_month")),
                };
            }
        }
        if let Some(year) = almanac_year(word).filter(|_| self.is_heading(i)) {
            // Almanac lines: "1824 - Turkey captures the island of Psara", "On this
            // day in: 1813 -- A British force captured Ogdensburg".
            return EventDate::year(year).map(|date| (i + 1, date, "time.year_heading"));
        }
        if let Some(year) = year_number(word) {
            return self.read_year(i, year);
        }
        // "two days after ..." written with digits: "2 days after".
        self.read_count_ago(i)
    }

    fn read_slashed(&self, i: usize) -> Option<Found> {
        let word = self.word(i);
        let separator = if word.contains('/') {
            '/'
        } else if word.matches('.').count() == 2 {
            '.'
        } else {
            return None;
        };
        let parts: Vec<&str> = word.split(separator).collect();
        let [a, b, y] = parts.as_slice() else { return None };
        let (a, b): (u32, u32) = (a.parse().ok()?, b.parse().ok()?);
        let mut year: i32 = y.parse().ok()?;
        if y.len() == 2 {
            year += 2000;
        } else if y.len() != 4 {
            return None;
        }
        let day_month = NaiveDate::from_ymd_opt(year, b, a);
        let month_day = NaiveDate::from_ymd_opt(year, a, b);
        match (day_month, month_day) {
            (Some(d), None) => Some((i + 1, EventDate::day(d), "time.numeric_dmy")),
            (None, Some(d)) => Some((i + 1, EventDate::day(d), "time.numeric_mdy")),
            (Some(dm), Some(md)) if dm == md => Some((i + 1, EventDate::day(dm), "time.numeric_dmy")),
            (Some(dm), Some(md)) => {
                // Both readings are valid (03/04/2021): take the one nearer the document
                // date, since news reports recent events.
                let doc = self.document_date;
                let pick = if (dm - doc).num_days().abs() <= (md - doc).num_days().abs() { dm } else { md };
                Some((i + 1, EventDate::day(pick), "time.numeric_ambiguous"))
            }
            (None, None) => None,
        }
    }

    /// Whether the word at `i` opens the sentence (or follows a colon) and a dash or
    /// colon follows it: the heading of an almanac line.
    fn is_heading(&self, i: usize) -> bool {
        let prev = if i > 0 { self.word(i - 1) } else { "" };
        (i == 0 || prev == ":") && matches!(self.word(i + 1), "-" | "--" | "\u{2013}" | "\u{2014}" | ":")
    }

    fn read_year(&self, i: usize, year: i32) -> Option<Found> {
        let prev = if i > 0 { self.word(i - 1) } else { "" };
        let next = self.word(i + 1);
        let next_is_word = !next.is_empty()
            && next.chars().all(|c| c.is_alphabetic() || c == '-')
            && next != "and"
            && next != "or";
        let date = EventDate::year(year)?;
        if matches!(prev, "the" | "a" | "its" | "his" | "her" | "their" | "'s" | "this" | "that")
            && next_is_word
        {
            return Some((i + 1, date, "time.year_modifier"));
        }
        if prev == "since" {
            return Some((i + 1, date, "time.since_year"));
        }
        if is_time_preposition(prev) || i == 0 || matches!(prev, "," | "(") || !next_is_word {
            // "1,500 troops" is excluded by the comma; "2000 people" by the noun that
            // follows a year-shaped count with no preposition before it.
            if !is_time_preposition(prev) && next_is_word {
                return None;
            }
            return Some((i + 1, date, "time.year"));
        }
        None
    }

    fn read_named_day(&self, i: usize) -> Option<Found> {
        let word = self.word(i);
        if let Some(weekday) = weekday_of(word) {
            if !self.capitalised(i) {
                return None;
            }
            let prev = if i > 0 { self.word(i - 1) } else { "" };
            let modifier = if matches!(prev, "last" | "next" | "this") { prev } else { "" };
            return Some((i + 1, self.weekday_date(weekday, i, modifier), "time.weekday"));
        }
        if matches!(word, "last" | "next" | "this") {
            if let Some(weekday) = weekday_of(self.word(i + 1)) {
                if self.capitalised(i + 1) {
                    return Some((i + 2, self.weekday_date(weekday, i, word), "time.weekday"));
                }
            }
        }
        None
    }

    fn read_month(&self, i: usize) -> Option<Found> {
        let word = self.word(i);
        // "last July", "next March", "early July", "mid-July".
        let (modifier, month_idx) = if matches!(word, "last" | "next" | "this" | "early" | "late" | "mid") {
            (word, i + 1)
        } else {
            ("", i)
        };
        let (month, month_idx) = match self.month_at(month_idx) {
            Some(m) => (m, month_idx),
            None => {
                let stripped = self
                    .word(i)
                    .strip_prefix("mid-")
                    .or_else(|| self.word(i).strip_prefix("early-"))
                    .or_else(|| self.word(i).strip_prefix("late-"))?;
                let m = month_number(stripped)?;
                (m, i)
            }
        };
        // "July 26[, 2021]".
        if let Some(day) = day_number(self.word(month_idx + 1)) {
            let after_day = self.word(month_idx + 2);
            // "July 26 2021" or "July 26, 2021".
            let (end, year) = if let Some(y) = year_number(after_day) {
                (month_idx + 3, Some(y))
            } else if after_day == "," && year_number(self.word(month_idx + 3)).is_some() {
                (month_idx + 4, year_number(self.word(month_idx + 3)))
            } else {
                (month_idx + 2, None)
            };
            return match year {
                Some(y) => Some((
                    end,
                    EventDate::day(NaiveDate::from_ymd_opt(y, month, day)?),
                    "time.month_day_year",
                )),
                None => Some((end, self.year_less_day(month, day, i)?, "time.month_day")),
            };
        }
        // "July 2021", "July of 2021".
        let mut year_idx = month_idx + 1;
        if self.word(year_idx) == "of" || self.word(year_idx) == "," {
            year_idx += 1;
        }
        if let Some(year) = year_number(self.word(year_idx)) {
            return Some((year_idx + 1, EventDate::month(year, month)?, "time.month_year"));
        }
        let prev = if i > 0 { self.word(i - 1) } else { "" };
        let rule = if prev == "since" { "time.since_month" } else { "time.month" };
        let relative = if matches!(modifier, "last" | "next" | "this") { modifier } else { "" };
        Some((month_idx + 1, self.year_less_month(month, i, relative)?, rule))
    }

    fn read_deictic(&self, i: usize) -> Option<Found> {
        let doc = self.document_date;
        let (end, offset) = match self.word(i) {
            "today" | "tonight" => (i + 1, 0),
            "yesterday" => (i + 1, -1),
            "tomorrow" => (i + 1, 1),
            "this" if matches!(self.word(i + 1), "morning" | "afternoon" | "evening") => (i + 2, 0),
            "last" if self.word(i + 1) == "night" => (i + 2, -1),
            _ => return None,
        };
        // "today's world" is not a date of anything.
        if self.word(end) == "'s" {
            return None;
        }
        Some((end, EventDate::day(doc + Duration::days(offset)), "time.deictic"))
    }

    /// "last week", "earlier this month", "next year", "late last year".
    fn read_relative(&self, i: usize) -> Option<Found> {
        let mut j = i;
        if matches!(self.word(j), "earlier" | "later" | "early" | "late") {
            j += 1;
        }
        let direction = match self.word(j) {
            "last" => -1,
            "past" if j == i => -1,
            "this" | "current" => 0,
            "next" | "coming" => 1,
            _ => return None,
        };
        let unit = unit_of(self.word(j + 1))?;
        if matches!(self.word(j + 1), "days" | "weeks" | "months" | "years") {
            return None;
        }
        // "the past week" is a duration, not a date.
        if i > 0 && self.word(i - 1) == "the" {
            return None;
        }
        let doc = self.document_date;
        let date = match unit {
            Unit::Day => return None,
            Unit::Week => EventDate::day(doc + Duration::days(7 * direction)),
            Unit::Month => shift(doc, Unit::Month, direction),
            Unit::Year => shift(doc, Unit::Year, direction),
        };
        let rule = match unit {
            Unit::Week => "time.relative_week",
            Unit::Month => "time.relative_month",
            _ => "time.relative_year",
        };
        Some((j + 2, date, rule))
    }

    /// "two days ago", "a year ago", and "two days after ..." (the clause after "after"
    /// happened that long before the reference time, taken as the document date).
    fn read_count_ago(&self, i: usize) -> Option<Found> {
        let count = small_count(self.word(i))?;
        let unit = unit_of(self.word(i + 1))?;
        let doc = self.document_date;
        match self.word(i + 2) {
            "ago" | "earlier" => {
                let date = shift(doc, unit, -count);
                Some((i + 3, date, "time.ago"))
            }
            "after" if i + 3 < self.words.len() => {
                let date = shift(doc, unit, -count);
                Some((i + 3, date, "time.after_anchor"))
            }
            _ => None,
        }
    }
}

/// The date an event gets: its attached expression's, else the document date at day
/// precision, else `None`.
pub fn event_date(doc: &Doc, sentence: usize, token_idx: usize) -> Option<EventDate> {
    date_for_token(doc, sentence, token_idx).map(|t| t.date).or_else(|| doc.document.date.map(EventDate::day))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokens::tokenize_doc;
    use dyad_model::Document;

    #[test]
    fn documents_dated_at_the_ends_of_the_calendar_resolve_nothing_and_do_not_panic() {
        // Found by the `dates` fuzz target: "tomorrow" in a document dated on chrono's
        // last day overflowed.
        let text =
            "Tomorrow, next week, next month and next year; on Sunday, in January, 1 January, two days ago.";
        for date in [NaiveDate::MAX, NaiveDate::MIN, NaiveDate::from_ymd_opt(10000, 1, 1).unwrap()] {
            let mut document = Document::new("d", text);
            document.date = Some(date);
            let mut doc = Doc::new(document);
            tokenize_doc(&mut doc);
            let mut diags = Vec::new();
            TimeStage::default().run(&mut doc, &mut diags);
            assert!(doc.times.is_empty(), "{date}: {:?}", doc.times);
            assert!(diags[0].message.contains("outside years 1-9999"), "{diags:?}");
        }
        let mut document = Document::new("d", text);
        document.date = NaiveDate::from_ymd_opt(9999, 12, 31);
        let mut doc = Doc::new(document);
        tokenize_doc(&mut doc);
        TimeStage { tense: Tense::Future }.run(&mut doc, &mut Vec::new());
        assert!(!doc.times.is_empty(), "the last resolvable day still resolves");
    }

    /// "the invasion in 2003 ended , and the army is fighting militants": a parsed
    /// sentence whose date hangs off an event noun of the other clause.
    #[test]
    fn a_date_of_another_event_noun_does_not_date_this_event() {
        // word, head (0-based within the sentence, None = root), relation, tag
        let parse: &[(&str, Option<usize>, &str, Upos)] = &[
            ("the", Some(1), "det", Upos::Det),
            ("invasion", Some(4), "nsubj", Upos::Noun),
            ("in", Some(3), "case", Upos::Adp),
            ("2003", Some(1), "nmod", Upos::Num),
            ("ended", None, "root", Upos::Verb),
            (",", Some(10), "punct", Upos::Punct),
            ("and", Some(10), "cc", Upos::Cconj),
            ("the", Some(8), "det", Upos::Det),
            ("army", Some(10), "nsubj", Upos::Noun),
            ("is", Some(10), "aux", Upos::Aux),
            ("fighting", Some(4), "conj", Upos::Verb),
            ("militants", Some(10), "obj", Upos::Noun),
        ];
        let doc = parsed_doc_with_year(parse, "2003");
        assert!(date_for_token(&doc, 0, 1).is_some(), "the invasion keeps its year");
        assert!(date_for_token(&doc, 0, 4).is_some(), "the clause head it modifies through its subject");
        assert!(date_for_token(&doc, 0, 10).is_none(), "the fighting is not dated 2003");
    }

    /// A one-sentence parsed document whose only time expression is the year `year`.
    fn parsed_doc_with_year(parse: &[(&str, Option<usize>, &str, Upos)], year: &str) -> Doc {
        let text = parse.iter().map(|(w, ..)| *w).collect::<Vec<_>>().join(" ");
        let mut doc = Doc::new(Document::new("t", text.clone()));
        let mut offset = 0;
        for &(word, head, deprel, upos) in parse {
            doc.tokens.push(Token {
                span: dyad_model::Span::new(offset, offset + word.len()),
                text: word.into(),
                head,
                deprel: deprel.into(),
                upos,
                ..Token::default()
            });
            offset += word.len() + 1;
        }
        doc.sentences.push(dyad_model::Sentence {
            span: dyad_model::Span::new(0, text.len()),
            tokens: 0..parse.len(),
            headline: false,
        });
        doc.layers.push(Layer::Deps);
        let at = text.find(year).unwrap();
        doc.times.push(TimeExpression {
            sentence: 0,
            span: dyad_model::Span::new(at, at + year.len()),
            date: EventDate::year(year.parse().unwrap()).unwrap(),
            rule: "time.year".into(),
        });
        doc
    }

    /// "Arnor lifted a blockade imposed in 2017": the year describes the blockade.
    #[test]
    fn a_date_inside_a_participle_clause_dates_what_the_clause_describes() {
        let parse: &[(&str, Option<usize>, &str, Upos)] = &[
            ("Arnor", Some(1), "nsubj", Upos::Propn),
            ("lifted", None, "root", Upos::Verb),
            ("a", Some(3), "det", Upos::Det),
            ("blockade", Some(1), "obj", Upos::Noun),
            ("imposed", Some(3), "acl", Upos::Verb),
            ("in", Some(6), "case", Upos::Adp),
            ("2017", Some(4), "obl", Upos::Num),
        ];
        let doc = parsed_doc_with_year(parse, "2017");
        assert!(date_for_token(&doc, 0, 1).is_none(), "the lifting is not dated 2017");
        assert!(date_for_token(&doc, 0, 4).is_some(), "the imposing is");
    }

    fn doc_at(text: &str, date: &str) -> Doc {
        let mut document = Document::new("t", text);
        document.date = Some(NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap());
        let mut doc = Doc::new(document);
        tokenize_doc(&mut doc);
        let mut diags = Vec::new();
        TimeStage::default().run(&mut doc, &mut diags);
        doc
    }

    /// Checks that `text` (in a document dated `date`) yields exactly `expected`, as
    /// `(words, iso date, rule)` triples.
    fn check(text: &str, date: &str, expected: &[(&str, &str, &str)]) {
        let doc = doc_at(text, date);
        let got: Vec<(String, String, String)> = doc
            .times
            .iter()
            .map(|t| (doc.text_of(t.span).to_string(), t.date.iso(), t.rule.clone()))
            .collect();
        let want: Vec<(String, String, String)> =
            expected.iter().map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string())).collect();
        assert_eq!(got, want, "in {text:?}");
    }

    #[test]
    fn absolute_dates_in_common_news_forms() {
        check(
            "They met on 26 July 2021.",
            "2021-08-01",
            &[("26 July 2021", "2021-07-26", "time.day_month_year")],
        );
        check(
            "They met on July 26, 2021.",
            "2021-08-01",
            &[("July 26, 2021", "2021-07-26", "time.month_day_year")],
        );
        check("They met on 2021-07-26.", "2021-08-01", &[("2021-07-26", "2021-07-26", "time.iso")]);
        check("They met in July 2020.", "2021-08-01", &[("July 2020", "2020-07", "time.month_year")]);
        check("They met on the 3rd of May.", "2021-08-01", &[("3rd of May", "2021-05-03", "time.day_month")]);
    }

    #[test]
    fn numeric_dates_prefer_the_unambiguous_reading() {
        check("Filed 26/07/2021.", "2021-08-01", &[("26/07/2021", "2021-07-26", "time.numeric_dmy")]);
        check("Filed 7/26/2021.", "2021-08-01", &[("7/26/2021", "2021-07-26", "time.numeric_mdy")]);
        check("Filed 07/08/2021.", "2021-08-01", &[("07/08/2021", "2021-08-07", "time.numeric_ambiguous")]);
    }

    #[test]
    fn year_less_dates_take_the_future_only_when_the_sentence_does() {
        check("He will visit on 2 January.", "2021-12-20", &[("2 January", "2022-01-02", "time.day_month")]);
        check("He visited on 20 December.", "2022-01-05", &[("20 December", "2021-12-20", "time.day_month")]);
        check("He visited on 10 July.", "2021-07-13", &[("10 July", "2021-07-10", "time.day_month")]);
        check("It happened in August.", "2021-07-13", &[("August", "2020-08", "time.month")]);
        check("Talks will resume in August.", "2021-07-13", &[("August", "2021-08", "time.month")]);
    }

    #[test]
    fn may_the_modal_is_not_a_month() {
        check("Troops May withdraw.", "2021-07-13", &[]);
        check("He may leave in May.", "2021-07-13", &[("May", "2021-05", "time.month")]);
    }

    #[test]
    fn weekdays_resolve_by_tense() {
        // 2021-07-13 is a Tuesday.
        check("Police arrested him on Sunday.", "2021-07-13", &[("Sunday", "2021-07-11", "time.weekday")]);
        check("The envoy will arrive on Friday.", "2021-07-13", &[("Friday", "2021-07-16", "time.weekday")]);
        check("He resigned on Tuesday.", "2021-07-13", &[("Tuesday", "2021-07-13", "time.weekday")]);
        check("They meet next Tuesday.", "2021-07-13", &[("next Tuesday", "2021-07-20", "time.weekday")]);
    }

    #[test]
    fn relative_expressions_resolve_against_the_document_date() {
        check("It fell two days ago.", "2021-07-13", &[("two days ago", "2021-07-11", "time.ago")]);
        check("It fell yesterday.", "2021-07-13", &[("yesterday", "2021-07-12", "time.deictic")]);
        check("It fell last week.", "2021-07-13", &[("last week", "2021-07-06", "time.relative_week")]);
        check(
            "It fell earlier this month.",
            "2021-07-13",
            &[("earlier this month", "2021-07", "time.relative_month")],
        );
        check("It opens next month.", "2021-12-13", &[("next month", "2022-01", "time.relative_month")]);
        check("It fell last year.", "2021-07-13", &[("last year", "2020", "time.relative_year")]);
        check("Held there since 2014.", "2021-07-13", &[("2014", "2014", "time.since_year")]);
    }

    #[test]
    fn counts_and_modifier_years_are_kept_apart() {
        check("Some 2000 people marched.", "2021-07-13", &[]);
        check("It restored the 2015 nuclear deal.", "2021-07-13", &[("2015", "2015", "time.year_modifier")]);
        check("The invasion of Iraq in 2003 failed.", "2021-07-13", &[("2003", "2003", "time.year")]);
        check("Over the past week prices rose.", "2021-07-13", &[]);
        // An almanac line is headed by its year, however old.
        check(
            "1824 - Turkey captures the island of Psara.",
            "2021-07-13",
            &[("1824", "1824", "time.year_heading")],
        );
        check("1500 troops arrived.", "2021-07-13", &[]);
    }

    #[test]
    fn seed_article_dates() {
        let text = include_str!("../tests/fixtures/seed_article.txt");
        let doc = doc_at(text, "2021-07-13");
        let find = |words: &str| {
            doc.times
                .iter()
                .find(|t| doc.text_of(t.span) == words)
                .map(|t| t.date.iso())
                .unwrap_or_else(|| panic!("{words:?} not found in {:?}", doc.times))
        };
        assert_eq!(find("26 July"), "2021-07-26");
        assert_eq!(find("2003"), "2003");
        assert_eq!(find("Earlier this month"), "2021-07");
        assert_eq!(find("2014"), "2014");
        assert_eq!(find("two days after"), "2021-07-11");
        assert!(doc.times.iter().all(|t| doc.text_of(t.span) != "26 July" || t.date.iso() == "2021-07-26"));
    }

    #[test]
    fn triggers_get_the_expression_of_their_clause() {
        let doc = doc_at(
            "The announcement comes just two days after US envoy Brett McGurk discussed the roadmap in Baghdad.",
            "2021-07-13",
        );
        let index = |word: &str| doc.tokens.iter().position(|t| t.text == word).unwrap();
        let discussed = date_for_token(&doc, 0, index("discussed")).map(|t| t.date.iso());
        assert_eq!(discussed.as_deref(), Some("2021-07-11"));
        assert_eq!(date_for_token(&doc, 0, index("comes")), None, "the main clause keeps the document date");
        assert_eq!(event_date(&doc, 0, index("comes")).unwrap().iso(), "2021-07-13");

        let doc = doc_at("Biden restored the 2015 nuclear deal.", "2021-07-13");
        assert_eq!(date_for_token(&doc, 0, 1), None, "modifier years never date the event");
    }
}
