//! GDELT 2.0 event rows.

use chrono::{Datelike, NaiveDate};
use dyad_model::{Actor, Document, Event, GeoPrecision, Location};

use crate::fips::iso3_to_fips;

/// The 61 column names of GDELT 2.0's events table, in order.
pub const GDELT_COLUMNS: [&str; 61] = [
    "GLOBALEVENTID",
    "SQLDATE",
    "MonthYear",
    "Year",
    "FractionDate",
    "Actor1Code",
    "Actor1Name",
    "Actor1CountryCode",
    "Actor1KnownGroupCode",
    "Actor1EthnicCode",
    "Actor1Religion1Code",
    "Actor1Religion2Code",
    "Actor1Type1Code",
    "Actor1Type2Code",
    "Actor1Type3Code",
    "Actor2Code",
    "Actor2Name",
    "Actor2CountryCode",
    "Actor2KnownGroupCode",
    "Actor2EthnicCode",
    "Actor2Religion1Code",
    "Actor2Religion2Code",
    "Actor2Type1Code",
    "Actor2Type2Code",
    "Actor2Type3Code",
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
    "Actor1Geo_Type",
    "Actor1Geo_FullName",
    "Actor1Geo_CountryCode",
    "Actor1Geo_ADM1Code",
    "Actor1Geo_ADM2Code",
    "Actor1Geo_Lat",
    "Actor1Geo_Long",
    "Actor1Geo_FeatureID",
    "Actor2Geo_Type",
    "Actor2Geo_FullName",
    "Actor2Geo_CountryCode",
    "Actor2Geo_ADM1Code",
    "Actor2Geo_ADM2Code",
    "Actor2Geo_Lat",
    "Actor2Geo_Long",
    "Actor2Geo_FeatureID",
    "ActionGeo_Type",
    "ActionGeo_FullName",
    "ActionGeo_CountryCode",
    "ActionGeo_ADM1Code",
    "ActionGeo_ADM2Code",
    "ActionGeo_Lat",
    "ActionGeo_Long",
    "ActionGeo_FeatureID",
    "DATEADDED",
    "SOURCEURL",
];

use dyad_model::actor_code::{ROLE_CODES, TRANSNATIONAL_CODES as TRANSNATIONAL};

/// An actor code split into GDELT's fields.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ActorParts<'a> {
    /// Country block (`"IRQ"`), empty for transnational actors.
    pub country: &'a str,
    /// Known group (`"UNO"` of `"IGOUNO"`).
    pub known_group: &'a str,
    /// Up to three role blocks (`"GOV"`, `"MIL"`, `"IGO"`).
    pub types: [&'a str; 3],
}

/// Splits a CAMEO actor code into 3-letter blocks and sorts them into GDELT's country,
/// known-group and type fields.
pub fn gdelt_actor_parts(code: &str) -> ActorParts<'_> {
    let blocks: Vec<&str> = (0..code.len() / 3).filter_map(|i| code.get(i * 3..i * 3 + 3)).collect();
    let mut parts = ActorParts::default();
    let mut types = Vec::new();
    for (i, block) in blocks.iter().enumerate() {
        if i == 0 && !TRANSNATIONAL.contains(block) && !ROLE_CODES.contains(block) {
            parts.country = block;
        } else if ROLE_CODES.contains(block) {
            types.push(*block);
        } else if parts.known_group.is_empty() {
            parts.known_group = block;
        }
    }
    for (slot, block) in parts.types.iter_mut().zip(types) {
        *slot = block;
    }
    parts
}

/// An event with what a store knows about it across articles: the input of the GDELT,
/// Phoenix, CSV and Parquet writers. `dyad code` builds one per coded event (its own
/// article only); `dyad export` one per stored event.
#[derive(Debug, Clone, Copy)]
pub struct EventRecord<'a> {
    /// GDELT's `GLOBALEVENTID`: the store's integer key, or for an event not stored the
    /// first 60 bits of its hash id.
    pub id: u64,
    /// The event as its representative report coded it.
    pub event: &'a Event,
    /// The representative article's URL.
    pub url: Option<&'a str>,
    /// The representative article's headline.
    pub title: Option<&'a str>,
    /// The publication (feed or site name) of the representative article.
    pub publication: Option<&'a str>,
    /// The representative article's publication date.
    pub published: Option<NaiveDate>,
    /// Group of near-duplicate articles the representative article belongs to.
    pub story_id: Option<i64>,
    /// Article sentences reporting the event (GDELT's `NumMentions`).
    pub num_mentions: u64,
    /// Outlets reporting it (`NumSources`).
    pub num_sources: u64,
    /// Articles reporting it (`NumArticles`).
    pub num_articles: u64,
    /// GDELT's `DATEADDED`, `YYYYMMDDHHMMSS`.
    pub date_added: &'a str,
}

impl<'a> EventRecord<'a> {
    /// A record for an event coded from `document` alone: one article, one source, and
    /// as many mentions as sentences that report it.
    pub fn unstored(event: &'a Event, document: &'a Document, date_added: &'a str) -> EventRecord<'a> {
        EventRecord {
            id: hash_event_id(&event.event_id),
            event,
            url: document.url.as_deref().or(document.source.as_deref()),
            title: document.title.as_deref(),
            publication: document.source.as_deref(),
            published: document.date,
            story_id: None,
            num_mentions: event.mentions.len().max(1) as u64,
            num_sources: 1,
            num_articles: 1,
            date_added,
        }
    }
}

/// The first 60 bits of a Dyad event id (`ev-` and 32 hex digits), so it fits GDELT's
/// integer `GLOBALEVENTID` in any reader.
pub fn hash_event_id(event_id: &str) -> u64 {
    event_id
        .trim_start_matches("ev-")
        .get(..15)
        .and_then(|hex| u64::from_str_radix(hex, 16).ok())
        .unwrap_or(0)
}

/// A CAMEO code as GDELT writes it: three digits at least, so a root-level code `19` is
/// `190`; the leading zero stays (`036`, `0256`).
pub fn gdelt_event_code(code: &str) -> String {
    if code.len() == 2 {
        format!("{code}0")
    } else {
        code.to_string()
    }
}

/// `YYYYMMDDHHMMSS` at midnight of `day`, GDELT's `DATEADDED` and mention timestamps.
pub fn gdelt_timestamp(day: NaiveDate) -> String {
    format!("{:04}{:02}{:02}000000", day.year(), day.month(), day.day())
}

/// Appends a field after a tab.
fn push(row: &mut String, field: &str) {
    row.push('\t');
    // Tabs and newlines would break the row; GDELT's own files never contain them.
    if field.contains(['\t', '\n', '\r']) {
        row.push_str(&field.replace(['\t', '\n', '\r'], " "));
    } else {
        row.push_str(field);
    }
}

/// Starts a row with its first field.
fn start(row: &mut String, field: &str) {
    row.clear();
    row.push_str(field);
}

fn actor_columns(actor: Option<&Actor>, row: &mut String) {
    let Some(actor) = actor else {
        for _ in 0..10 {
            row.push('\t');
        }
        return;
    };
    let parts = gdelt_actor_parts(&actor.code);
    push(row, &actor.code);
    push(row, &actor.name.to_uppercase());
    push(row, parts.country);
    push(row, parts.known_group);
    // Ethnic and religion codes: Dyad's actor codes carry none.
    row.push_str("\t\t\t");
    for block in parts.types {
        push(row, block);
    }
}

/// GDELT's geo type: 1 country, 2 US state, 3 US city, 4 world city, 5 world state.
pub fn gdelt_geo_type(location: &Location) -> u8 {
    let in_usa = location.country.as_deref() == Some("USA");
    match (location.precision, in_usa) {
        (GeoPrecision::Country, _) => 1,
        (GeoPrecision::Region, true) => 2,
        (GeoPrecision::Region, false) => 5,
        (GeoPrecision::City | GeoPrecision::Site, true) => 3,
        (GeoPrecision::City | GeoPrecision::Site, false) => 4,
    }
}

fn geo_columns(location: Option<&Location>, row: &mut String) {
    let Some(location) = location else {
        // GDELT writes geo type 0 and leaves the rest empty when there is no place.
        push(row, "0");
        for _ in 0..7 {
            row.push('\t');
        }
        return;
    };
    let fips = location.country.as_deref().and_then(iso3_to_fips).unwrap_or("");
    let geo_type = gdelt_geo_type(location);
    push(row, &geo_type.to_string());
    push(row, &location.name);
    push(row, fips);
    // ADM1: for a country GDELT repeats the country code; Dyad's places carry no
    // first-level division, so other places leave it empty, as does ADM2.
    push(row, if geo_type == 1 { fips } else { "" });
    push(row, "");
    push(row, &location.lat.map(|v| format!("{v:.4}")).unwrap_or_default());
    push(row, &location.lon.map(|v| format!("{v:.4}")).unwrap_or_default());
    // GDELT's FeatureID is the country code for a country, else a feature number; Dyad's
    // feature numbers are GeoNames ids.
    let feature = match location.geonameid {
        _ if geo_type == 1 => fips.to_string(),
        Some(id) => id.to_string(),
        None => String::new(),
    };
    push(row, &feature);
}

/// One GDELT 2.0 event row (61 tab-separated columns, no newline) for an event coded
/// from `document` alone. See [`gdelt_event_row`].
pub fn gdelt_row(event: &Event, document: &Document, date_added: &str) -> String {
    gdelt_event_row(&EventRecord::unstored(event, document, date_added))
}

/// One GDELT 2.0 event row: 61 tab-separated columns, no newline, as GDELT writes them
/// (`SQLDATE` `YYYYMMDD`, `MonthYear` `YYYYMM`, `FractionDate` `YYYY.FFFF`, codes with
/// their leading zeros, geo country codes in FIPS 10-4).
///
/// Where Dyad knows less than GDELT: `AvgTone` is 0 (Dyad does not score tone), the
/// actor geo blocks are empty (type 0) and the event's place fills `ActionGeo`, ADM1
/// and ADM2 are empty below country level, `FeatureID` is a GeoNames id, and ethnic
/// and religion codes are empty.
pub fn gdelt_event_row(record: &EventRecord<'_>) -> String {
    let mut row = String::with_capacity(400);
    write_gdelt_event_row(record, &mut row);
    row
}

/// [`gdelt_event_row`] into a reused buffer (cleared first), for writing millions.
pub fn write_gdelt_event_row(record: &EventRecord<'_>, row: &mut String) {
    let event = record.event;
    let day = event.date.day;
    start(row, &record.id.to_string());
    push(row, &format!("{:04}{:02}{:02}", day.year(), day.month(), day.day()));
    push(row, &format!("{:04}{:02}", day.year(), day.month()));
    push(row, &day.year().to_string());
    push(row, &format!("{:.4}", day.year() as f64 + f64::from(day.ordinal0()) / 365.0));
    actor_columns(event.source.as_ref(), row);
    actor_columns(event.target.as_ref(), row);
    // GDELT marks events from an article's lead paragraph as root events; Dyad uses the
    // first three sentences, headline included.
    push(row, if event.sentence < 3 { "1" } else { "0" });
    push(row, &gdelt_event_code(event.cameo.as_str()));
    push(row, &gdelt_event_code(event.cameo.base().as_str()));
    push(row, event.root.as_str());
    push(row, &event.quad.to_string());
    push(row, &format!("{:.1}", event.goldstein));
    push(row, &record.num_mentions.to_string());
    push(row, &record.num_sources.to_string());
    push(row, &record.num_articles.to_string());
    push(row, "0");
    geo_columns(None, row);
    geo_columns(None, row);
    geo_columns(event.location.as_ref(), row);
    push(row, record.date_added);
    push(row, record.url.unwrap_or(""));
}

/// The 16 column names of GDELT 2.0's mentions table, in order.
pub const GDELT_MENTION_COLUMNS: [&str; 16] = [
    "GLOBALEVENTID",
    "EventTimeDate",
    "MentionTimeDate",
    "MentionType",
    "MentionSourceName",
    "MentionIdentifier",
    "SentenceID",
    "Actor1CharOffset",
    "Actor2CharOffset",
    "ActionCharOffset",
    "InRawText",
    "Confidence",
    "MentionDocLen",
    "MentionDocTone",
    "MentionDocTranslationInfo",
    "Extras",
];

/// One article sentence reporting an event, as the mentions table lists it.
#[derive(Debug, Clone, Copy)]
pub struct MentionRecord<'a> {
    /// The event's `GLOBALEVENTID`.
    pub event_id: u64,
    /// The event's `DATEADDED` (`YYYYMMDDHHMMSS`).
    pub event_time: &'a str,
    /// When the article was published (`YYYYMMDDHHMMSS`).
    pub mention_time: &'a str,
    /// The outlet: the URL's host (`reuters.com`), or the publication's name.
    pub source_name: &'a str,
    /// The article's URL; for an article without one, its id.
    pub url: Option<&'a str>,
    /// The article's id, the identifier when it has no URL.
    pub doc_id: &'a str,
    /// 0-based sentence index (written 1-based, as GDELT counts).
    pub sentence: usize,
    /// Character offsets in the article of the source actor, the target actor and the
    /// trigger, where known.
    pub actor1_offset: Option<u64>,
    /// See `actor1_offset`.
    pub actor2_offset: Option<u64>,
    /// See `actor1_offset`.
    pub action_offset: Option<u64>,
    /// The coder's confidence, 0-1 (written as a percentage).
    pub confidence: f32,
    /// The article's length in characters.
    pub doc_len: u64,
}

/// One GDELT 2.0 mentions row: 16 tab-separated columns, no newline. `MentionType` is
/// 1 (web) for an article with a URL and 2 (citation only) otherwise; offsets GDELT
/// did not find are -1; `InRawText` is 1 (Dyad codes the text itself, without
/// coreference); `MentionDocTone` is 0 and the translation and extras fields are empty.
pub fn gdelt_mention_row(record: &MentionRecord<'_>) -> String {
    let mut row = String::with_capacity(200);
    write_gdelt_mention_row(record, &mut row);
    row
}

/// [`gdelt_mention_row`] into a reused buffer (cleared first).
pub fn write_gdelt_mention_row(record: &MentionRecord<'_>, row: &mut String) {
    let offset = |o: Option<u64>| o.map_or_else(|| "-1".to_string(), |o| o.to_string());
    start(row, &record.event_id.to_string());
    push(row, record.event_time);
    push(row, record.mention_time);
    push(row, if record.url.is_some() { "1" } else { "2" });
    push(row, record.source_name);
    push(row, record.url.unwrap_or(record.doc_id));
    push(row, &(record.sentence + 1).to_string());
    push(row, &offset(record.actor1_offset));
    push(row, &offset(record.actor2_offset));
    push(row, &offset(record.action_offset));
    push(row, "1");
    push(row, &((record.confidence.clamp(0.0, 1.0) * 100.0).round() as u32).to_string());
    push(row, &record.doc_len.to_string());
    push(row, "0");
    push(row, "");
    push(row, "");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actor_codes_split_into_gdelt_fields() {
        assert_eq!(
            gdelt_actor_parts("USAMIL"),
            ActorParts { country: "USA", known_group: "", types: ["MIL", "", ""] }
        );
        assert_eq!(
            gdelt_actor_parts("IGOUNO"),
            ActorParts { country: "", known_group: "UNO", types: ["IGO", "", ""] }
        );
        assert_eq!(gdelt_actor_parts("IRQUAFREB").types, ["UAF", "REB", ""]);
        assert_eq!(gdelt_actor_parts("IRQ").country, "IRQ");
        assert_eq!(gdelt_actor_parts("").country, "");
    }

    #[test]
    fn column_names_are_sixty_one() {
        assert_eq!(GDELT_COLUMNS.len(), 61);
        assert_eq!(GDELT_COLUMNS[26], "EventCode");
        assert_eq!(GDELT_COLUMNS[60], "SOURCEURL");
    }
}
