//! Strict query parameters: an unknown, repeated, malformed or out-of-range parameter
//! is a 400 that names it, never a silent default.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use dyad_model::{DatePrecision, EventDate};

use crate::api::ApiError;

/// Longest value of any parameter, in bytes.
const MAX_VALUE_BYTES: usize = 512;

/// The parameters of one request, checked against the names its endpoint takes.
pub(crate) struct Params {
    values: BTreeMap<String, String>,
}

impl Params {
    /// Parses a raw query string. An empty value counts as absent, so that a form's
    /// empty fields can be sent as they are.
    pub(crate) fn parse(raw: Option<&str>, allowed: &[&'static str]) -> Result<Params, ApiError> {
        let mut values = BTreeMap::new();
        for (name, value) in form_urlencoded::parse(raw.unwrap_or("").as_bytes()) {
            let Some(&known) = allowed.iter().find(|a| **a == name) else {
                let shown: String = name.chars().take(40).collect();
                return Err(ApiError::bad(
                    &shown,
                    format!("unknown parameter; this endpoint takes: {}", allowed.join(", ")),
                ));
            };
            if value.len() > MAX_VALUE_BYTES {
                return Err(ApiError::bad(known, format!("longer than {MAX_VALUE_BYTES} bytes")));
            }
            if values.contains_key(known) {
                return Err(ApiError::bad(known, "given more than once"));
            }
            // Kept even when empty, so that a repeat is still caught; dropped below.
            values.insert(known.to_string(), value.trim().to_string());
        }
        values.retain(|_, v| !v.is_empty());
        Ok(Params { values })
    }

    pub(crate) fn get(&self, name: &str) -> Option<&str> {
        self.values.get(name).map(String::as_str)
    }

    /// Free text of at most `max_chars` characters, without control characters.
    pub(crate) fn text(&self, name: &'static str, max_chars: usize) -> Result<Option<String>, ApiError> {
        let Some(value) = self.get(name) else { return Ok(None) };
        if value.chars().count() > max_chars {
            return Err(ApiError::bad(name, format!("at most {max_chars} characters")));
        }
        if value.chars().any(char::is_control) {
            return Err(ApiError::bad(name, "control characters are not allowed"));
        }
        Ok(Some(value.to_string()))
    }

    /// An actor code or code prefix: 1 to 32 letters and digits (`USA`, `IRQGOV`).
    pub(crate) fn actor(&self, name: &'static str) -> Result<Option<String>, ApiError> {
        self.get(name).map(|value| actor_code(name, value)).transpose()
    }

    /// Two actor codes separated by a comma (`USA,IRQ`).
    pub(crate) fn dyad(&self, name: &'static str) -> Result<Option<(String, String)>, ApiError> {
        let Some(value) = self.get(name) else { return Ok(None) };
        let Some((a, b)) = value.split_once(',') else {
            return Err(ApiError::bad(name, "two actor codes separated by a comma (USA,IRQ)"));
        };
        Ok(Some((actor_code(name, a)?, actor_code(name, b)?)))
    }

    /// A CAMEO code or prefix: 1 to 4 digits.
    pub(crate) fn cameo(&self, name: &'static str) -> Result<Option<String>, ApiError> {
        let Some(value) = self.get(name) else { return Ok(None) };
        if value.is_empty() || value.len() > 4 || !value.bytes().all(|b| b.is_ascii_digit()) {
            return Err(ApiError::bad(name, "a CAMEO code or prefix: 1 to 4 digits (19, 193)"));
        }
        Ok(Some(value.to_string()))
    }

    /// The first day of a date: `YYYY-MM-DD`, `YYYY-MM` or `YYYY`.
    pub(crate) fn first_day(&self, name: &'static str) -> Result<Option<NaiveDate>, ApiError> {
        self.get(name).map(|value| date(name, value).map(|d| d.day)).transpose()
    }

    /// The last day of a date: `2021-07` ends on 31 July.
    pub(crate) fn last_day(&self, name: &'static str) -> Result<Option<NaiveDate>, ApiError> {
        let Some(value) = self.get(name) else { return Ok(None) };
        let parsed = date(name, value)?;
        let next = match parsed.precision {
            DatePrecision::Day => return Ok(Some(parsed.day)),
            DatePrecision::Month => parsed.day.checked_add_months(chrono::Months::new(1)),
            DatePrecision::Year => parsed.day.checked_add_months(chrono::Months::new(12)),
        };
        next.and_then(|d| d.pred_opt()).map(Some).ok_or_else(|| ApiError::bad(name, "out of range"))
    }

    /// A whole number in `min..=max`, or `default` when absent.
    pub(crate) fn number(
        &self,
        name: &'static str,
        min: u64,
        max: u64,
        default: u64,
    ) -> Result<u64, ApiError> {
        let Some(value) = self.get(name) else { return Ok(default) };
        match value.parse::<u64>() {
            Ok(n) if (min..=max).contains(&n) => Ok(n),
            _ => Err(ApiError::bad(name, format!("a whole number from {min} to {max}"))),
        }
    }

    /// One of `choices`, or the first when absent.
    pub(crate) fn choice(
        &self,
        name: &'static str,
        choices: &[&'static str],
    ) -> Result<&'static str, ApiError> {
        let Some(value) = self.get(name) else { return Ok(choices[0]) };
        choices
            .iter()
            .find(|c| c.eq_ignore_ascii_case(value))
            .copied()
            .ok_or_else(|| ApiError::bad(name, format!("one of: {}", choices.join(", "))))
    }

    /// Checks that `from` is not after `to`.
    pub(crate) fn date_range(&self) -> Result<(Option<NaiveDate>, Option<NaiveDate>), ApiError> {
        let from = self.first_day("from")?;
        let to = self.last_day("to")?;
        if let (Some(f), Some(t)) = (from, to) {
            if f > t {
                return Err(ApiError::bad("to", "before from"));
            }
        }
        Ok((from, to))
    }
}

/// Checks an actor code given in a parameter or a path.
pub(crate) fn actor_code(name: &str, value: &str) -> Result<String, ApiError> {
    let value = value.trim();
    if value.is_empty() || value.len() > 32 || !value.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(ApiError::bad(name, "an actor code: 1 to 32 letters and digits (USA, IRQGOV)"));
    }
    Ok(value.to_ascii_uppercase())
}

fn date(name: &str, value: &str) -> Result<EventDate, ApiError> {
    EventDate::parse_iso(value).ok_or_else(|| ApiError::bad(name, "a date: YYYY-MM-DD, YYYY-MM or YYYY"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(result: Result<Params, ApiError>) -> String {
        result.err().and_then(|e| e.field).unwrap_or_default()
    }

    #[test]
    fn unknown_repeated_and_long_parameters_are_refused_by_name() {
        assert_eq!(field(Params::parse(Some("actor=USA&bogus=1"), &["actor"])), "bogus");
        assert_eq!(field(Params::parse(Some("actor=USA&actor=IRQ"), &["actor"])), "actor");
        let long = format!("text={}", "a".repeat(600));
        assert_eq!(field(Params::parse(Some(&long), &["text"])), "text");
        assert!(Params::parse(Some("actor="), &["actor"]).unwrap().get("actor").is_none());
    }

    #[test]
    fn values_are_checked() {
        let p = Params::parse(
            Some("actor=us%2A&dyad=usa,irq&code=19x&from=2021-07&to=2021-02&limit=0&order=NEWEST"),
            &["actor", "dyad", "code", "from", "to", "limit", "order"],
        )
        .unwrap();
        assert_eq!(p.actor("actor").unwrap_err().field.as_deref(), Some("actor"));
        assert_eq!(p.dyad("dyad").unwrap(), Some(("USA".into(), "IRQ".into())));
        assert!(p.cameo("code").is_err());
        assert_eq!(p.first_day("from").unwrap(), NaiveDate::from_ymd_opt(2021, 7, 1));
        assert_eq!(p.last_day("to").unwrap(), NaiveDate::from_ymd_opt(2021, 2, 28));
        assert_eq!(p.date_range().unwrap_err().field.as_deref(), Some("to"));
        assert!(p.number("limit", 1, 500, 50).is_err());
        assert_eq!(p.number("offset", 0, 10, 3).unwrap(), 3);
        assert_eq!(p.choice("order", &["oldest", "newest"]).unwrap(), "newest");
    }
}
