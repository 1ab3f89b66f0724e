//! Dates, places and quantities.

use std::fmt;

use chrono::{Datelike, NaiveDate};
use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::doc::Span;

/// How precisely a date is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DatePrecision {
    /// A calendar day.
    Day,
    /// A month.
    Month,
    /// A year.
    Year,
}

/// A date at day, month or year precision. The stored day is the first day of the
/// month or year when the precision is coarser, so ordering works.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EventDate {
    /// The day, or the first day of the month or year.
    pub day: NaiveDate,
    /// How much of `day` is meant.
    pub precision: DatePrecision,
}

impl EventDate {
    /// A day-precision date.
    pub fn day(day: NaiveDate) -> EventDate {
        EventDate { day, precision: DatePrecision::Day }
    }

    /// A month-precision date.
    pub fn month(year: i32, month: u32) -> Option<EventDate> {
        NaiveDate::from_ymd_opt(year, month, 1).map(|day| EventDate { day, precision: DatePrecision::Month })
    }

    /// A year-precision date.
    pub fn year(year: i32) -> Option<EventDate> {
        NaiveDate::from_ymd_opt(year, 1, 1).map(|day| EventDate { day, precision: DatePrecision::Year })
    }

    /// ISO 8601 at the date's precision: `2021-07-26`, `2021-07` or `2021`.
    pub fn iso(&self) -> String {
        self.to_string()
    }

    /// Parses `YYYY-MM-DD`, `YYYY-MM` or `YYYY`.
    pub fn parse_iso(text: &str) -> Option<EventDate> {
        let parts: Vec<&str> = text.trim().split('-').collect();
        let number = |s: &str| s.parse::<u32>().ok();
        match parts.as_slice() {
            [y] if y.len() == 4 => EventDate::year(number(y)? as i32),
            [y, m] if y.len() == 4 && m.len() == 2 => EventDate::month(number(y)? as i32, number(m)?),
            [y, m, d] if y.len() == 4 && m.len() == 2 && d.len() == 2 => {
                NaiveDate::from_ymd_opt(number(y)? as i32, number(m)?, number(d)?).map(EventDate::day)
            }
            _ => None,
        }
    }
}

impl fmt::Display for EventDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.precision {
            DatePrecision::Day => write!(f, "{}", self.day.format("%Y-%m-%d")),
            DatePrecision::Month => write!(f, "{:04}-{:02}", self.day.year(), self.day.month()),
            DatePrecision::Year => write!(f, "{:04}", self.day.year()),
        }
    }
}

/// On the wire an [`EventDate`] is two fields, `date` and `date_precision`, so that an
/// event row reads `"date": "2021-07", "date_precision": "month"`.
#[derive(Serialize, Deserialize)]
struct DateFields {
    date: String,
    date_precision: DatePrecision,
}

impl Serialize for EventDate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        DateFields { date: self.iso(), date_precision: self.precision }.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for EventDate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let fields = DateFields::deserialize(deserializer)?;
        let date = EventDate::parse_iso(&fields.date)
            .ok_or_else(|| D::Error::custom(format!("invalid date {:?}", fields.date)))?;
        if date.precision != fields.date_precision {
            return Err(D::Error::custom(format!(
                "date {:?} does not have precision {:?}",
                fields.date, fields.date_precision
            )));
        }
        Ok(date)
    }
}

/// A time expression found in the text and resolved against the document date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimeExpression {
    /// Sentence index.
    pub sentence: usize,
    /// The words.
    pub span: Span,
    /// What they mean.
    pub date: EventDate,
    /// The rule that read them (`"time.day_month"`).
    pub rule: String,
}

/// How precisely a location is known (after ACLED's `geo_precision`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum GeoPrecision {
    /// A named site: a base, an airport, a building.
    Site,
    /// A city or town.
    City,
    /// A region, province or state.
    Region,
    /// Only the country.
    Country,
}

/// A resolved place.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Location {
    /// Canonical place name.
    pub name: String,
    /// ISO 3166 alpha-3 country code.
    pub country: Option<String>,
    /// Latitude in degrees.
    pub lat: Option<f64>,
    /// Longitude in degrees.
    pub lon: Option<f64>,
    /// GeoNames id, when the place comes from GeoNames.
    pub geonameid: Option<u64>,
    /// Site, city, region or country.
    pub precision: GeoPrecision,
    /// The words in the text that named it, if any.
    pub span: Option<Span>,
}

/// A place named in the text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlaceMention {
    /// Sentence index.
    pub sentence: usize,
    /// The words.
    pub span: Span,
    /// The place they resolve to.
    pub location: Location,
    /// The rule that found and resolved it.
    pub rule: String,
}

/// What a number counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum QuantityKind {
    /// People killed.
    Killed,
    /// People wounded.
    Wounded,
    /// People arrested or detained.
    Arrested,
    /// Troops, soldiers, personnel.
    Troops,
    /// Rockets, missiles, shells, drones.
    Munitions,
    /// Protesters, demonstrators.
    Protesters,
    /// An amount of money.
    Money,
    /// A count of something else.
    Other,
}

/// A number attached to an event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quantity {
    /// What is counted.
    pub kind: QuantityKind,
    /// The value (the lower bound for "at least 22").
    pub value: f64,
    /// Whether the text hedges it ("some", "about", "at least", "dozens").
    pub approximate: bool,
    /// The counted noun's words ("rockets", "Americans").
    pub unit: String,
    /// Sentence index.
    pub sentence: usize,
    /// The words.
    pub span: Span,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_print_at_their_precision() {
        let day = EventDate::day(NaiveDate::from_ymd_opt(2021, 7, 26).unwrap());
        assert_eq!(day.iso(), "2021-07-26");
        assert_eq!(EventDate::month(2021, 7).unwrap().iso(), "2021-07");
        assert_eq!(EventDate::year(2003).unwrap().iso(), "2003");
    }

    #[test]
    fn dates_parse_back() {
        for text in ["2021-07-26", "2021-07", "2003"] {
            assert_eq!(EventDate::parse_iso(text).unwrap().iso(), text);
        }
        for bad in ["2021-13", "21-07-01", "2021-02-30", "July"] {
            assert!(EventDate::parse_iso(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn date_serialises_as_two_fields() {
        let date = EventDate::month(2021, 7).unwrap();
        let json = serde_json::to_value(date).unwrap();
        assert_eq!(json, serde_json::json!({"date": "2021-07", "date_precision": "month"}));
        let back: EventDate = serde_json::from_value(json).unwrap();
        assert_eq!(back, date);
        let wrong = serde_json::json!({"date": "2021-07", "date_precision": "day"});
        assert!(serde_json::from_value::<EventDate>(wrong).is_err());
    }
}
