//! GDELT 2.0 event rows.

use chrono::Datelike;
use dyad_model::{Actor, Document, Event, GeoPrecision, Location};

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

fn actor_columns(actor: Option<&Actor>, columns: &mut Vec<String>) {
    let Some(actor) = actor else {
        columns.extend(std::iter::repeat_n(String::new(), 10));
        return;
    };
    let parts = gdelt_actor_parts(&actor.code);
    columns.push(actor.code.clone());
    columns.push(clean(&actor.name.to_uppercase()));
    columns.push(parts.country.to_string());
    columns.push(parts.known_group.to_string());
    columns.extend(std::iter::repeat_n(String::new(), 3)); // ethnic, religion 1 and 2
    columns.extend(parts.types.iter().map(|t| t.to_string()));
}

fn geo_columns(location: Option<&Location>, columns: &mut Vec<String>) {
    let Some(location) = location else {
        // GDELT writes geo type 0 and leaves the rest empty when there is no place.
        columns.push("0".to_string());
        columns.extend(std::iter::repeat_n(String::new(), 7));
        return;
    };
    let in_usa = location.country.as_deref() == Some("USA");
    // GDELT's geo types: 1 country, 2 US state, 3 US city, 4 world city, 5 world state.
    let geo_type = match (location.precision, in_usa) {
        (GeoPrecision::Country, _) => 1,
        (GeoPrecision::Region, true) => 2,
        (GeoPrecision::Region, false) => 5,
        (GeoPrecision::City | GeoPrecision::Site, true) => 3,
        (GeoPrecision::City | GeoPrecision::Site, false) => 4,
    };
    columns.push(geo_type.to_string());
    columns.push(clean(&location.name));
    columns.push(location.country.clone().unwrap_or_default());
    columns.push(String::new());
    columns.push(String::new());
    columns.push(location.lat.map(|v| format!("{v:.4}")).unwrap_or_default());
    columns.push(location.lon.map(|v| format!("{v:.4}")).unwrap_or_default());
    columns.push(location.geonameid.map(|id| id.to_string()).unwrap_or_default());
}

/// Tabs and newlines would break the row; GDELT's own files never contain them.
fn clean(text: &str) -> String {
    text.replace(['\t', '\n', '\r'], " ")
}

/// One GDELT 2.0 event row (61 tab-separated columns, no newline).
///
/// Differences from GDELT's own files, by design: `GLOBALEVENTID` is derived from
/// Dyad's stable event id (the first 60 bits of its hash), country codes are ISO 3166
/// alpha-3 as in the actor codes rather than FIPS, the event's location stands for all
/// three geo blocks' `ActionGeo`, and `AvgTone` is empty because Dyad does not score
/// tone.
pub fn gdelt_row(event: &Event, document: &Document, date_added: &str) -> String {
    let day = event.date.day;
    let mut columns: Vec<String> = Vec::with_capacity(61);
    let numeric_id = event
        .event_id
        .trim_start_matches("ev-")
        .get(..15)
        .and_then(|hex| u64::from_str_radix(hex, 16).ok())
        .unwrap_or(0);
    columns.push(numeric_id.to_string());
    columns.push(day.format("%Y%m%d").to_string());
    columns.push(day.format("%Y%m").to_string());
    columns.push(day.year().to_string());
    columns.push(format!("{:.4}", day.year() as f64 + f64::from(day.ordinal0()) / 365.0));
    actor_columns(event.source.as_ref(), &mut columns);
    actor_columns(event.target.as_ref(), &mut columns);
    // GDELT marks events from an article's lead paragraph as root events; Dyad uses the
    // first three sentences, headline included.
    columns.push(if event.sentence < 3 { "1" } else { "0" }.to_string());
    columns.push(event.cameo.as_str().to_string());
    columns.push(event.cameo.base().as_str().to_string());
    columns.push(event.root.as_str().to_string());
    columns.push(event.quad.to_string());
    columns.push(format!("{:.1}", event.goldstein));
    columns.push(event.mentions.len().max(1).to_string());
    columns.push("1".to_string());
    columns.push("1".to_string());
    columns.push(String::new());
    geo_columns(None, &mut columns);
    geo_columns(None, &mut columns);
    geo_columns(event.location.as_ref(), &mut columns);
    columns.push(date_added.to_string());
    columns.push(clean(document.url.as_deref().or(document.source.as_deref()).unwrap_or("")));
    debug_assert_eq!(columns.len(), 61);
    columns.join("\t")
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
