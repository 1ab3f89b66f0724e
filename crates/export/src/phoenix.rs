//! Phoenix event data rows (the OEDA Phoenix / PETRARCH daily files): 26 tab-separated
//! columns, no header.

use chrono::Datelike;
use dyad_model::Actor;

use crate::gdelt::{gdelt_event_code, EventRecord};

/// The 26 column names of the Phoenix layout, in order:
///
/// | column | Dyad writes |
/// |---|---|
/// | `EventID` | the store's event id (`GLOBALEVENTID`) |
/// | `Date`, `Year`, `Month`, `Day` | `YYYYMMDD` and its parts |
/// | `SourceActorFull` | the full CAMEO actor code (`IRQGOV`) |
/// | `SourceActorEntity` | its first block, the country or group (`IRQ`, `IGO`) |
/// | `SourceActorRole` | its second block (`GOV`) |
/// | `SourceActorAttribute` | the rest of the code (`REB` of `IRQMILREB`) |
/// | `Target...` | the same four for the target |
/// | `EventCode`, `EventRootCode` | CAMEO code (three digits at least) and root |
/// | `QuadClass` | Phoenix's five classes: 0 statements and appeals (roots 01-02), else GDELT's QuadClass 1-4 |
/// | `GoldsteinScore` | the code's Goldstein value |
/// | `Issues` | empty: Dyad does not code issues |
/// | `Lat`, `Lon`, `LocationName` | the event's place |
/// | `StateName` | empty: Dyad's places carry no first-level division |
/// | `CountryCode` | the place's ISO 3166 alpha-3 code |
/// | `SentenceID` | `DOCID_N`: the representative article and its 1-based sentence |
/// | `URLs`, `NewsSources` | every article's URL and every outlet reporting the event, `;`-separated |
pub const PHOENIX_COLUMNS: [&str; 26] = [
    "EventID",
    "Date",
    "Year",
    "Month",
    "Day",
    "SourceActorFull",
    "SourceActorEntity",
    "SourceActorRole",
    "SourceActorAttribute",
    "TargetActorFull",
    "TargetActorEntity",
    "TargetActorRole",
    "TargetActorAttribute",
    "EventCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScore",
    "Issues",
    "Lat",
    "Lon",
    "LocationName",
    "StateName",
    "CountryCode",
    "SentenceID",
    "URLs",
    "NewsSources",
];

/// Phoenix's class of a CAMEO root: statements and appeals (01, 02) are 0, neutral;
/// the rest keep GDELT's QuadClass.
pub fn phoenix_class(root: &str, quad: u8) -> u8 {
    if matches!(root, "01" | "02") {
        0
    } else {
        quad
    }
}

fn actor_fields(actor: Option<&Actor>) -> [String; 4] {
    let Some(actor) = actor else {
        return Default::default();
    };
    let code = actor.code.as_str();
    let block = |i: usize| code.get(i * 3..(i * 3 + 3).min(code.len())).unwrap_or("").to_string();
    [code.to_string(), block(0), block(1), code.get(6..).unwrap_or("").to_string()]
}

fn clean(text: &str) -> String {
    text.replace(['\t', '\n', '\r', ';'], " ")
}

/// One Phoenix row (no newline). `urls` and `outlets` list every article and outlet
/// reporting the event.
pub fn phoenix_row(record: &EventRecord<'_>, urls: &[String], outlets: &[String]) -> String {
    let event = record.event;
    let day = event.date.day;
    let location = event.location.as_ref();
    let mut columns: Vec<String> = Vec::with_capacity(26);
    columns.push(record.id.to_string());
    columns.push(format!("{:04}{:02}{:02}", day.year(), day.month(), day.day()));
    columns.push(day.year().to_string());
    columns.push(day.month().to_string());
    columns.push(day.day().to_string());
    columns.extend(actor_fields(event.source.as_ref()));
    columns.extend(actor_fields(event.target.as_ref()));
    columns.push(gdelt_event_code(event.cameo.as_str()));
    columns.push(event.root.as_str().to_string());
    columns.push(phoenix_class(event.root.as_str(), event.quad).to_string());
    columns.push(format!("{:.1}", event.goldstein));
    columns.push(String::new());
    columns.push(location.and_then(|l| l.lat).map(|v| format!("{v:.4}")).unwrap_or_default());
    columns.push(location.and_then(|l| l.lon).map(|v| format!("{v:.4}")).unwrap_or_default());
    columns.push(location.map(|l| clean(&l.name)).unwrap_or_default());
    columns.push(String::new());
    columns.push(location.and_then(|l| l.country.clone()).unwrap_or_default());
    columns.push(format!("{}_{}", clean(&event.doc_id), event.sentence + 1));
    columns.push(urls.iter().map(|u| clean(u)).collect::<Vec<_>>().join(";"));
    columns.push(outlets.iter().map(|o| clean(o)).collect::<Vec<_>>().join(";"));
    debug_assert_eq!(columns.len(), PHOENIX_COLUMNS.len());
    columns.join("\t")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actor_codes_split_into_entity_role_and_attribute() {
        let actor = |code: &str| Actor { code: code.into(), name: code.into(), entity: None, span: None };
        assert_eq!(
            actor_fields(Some(&actor("IRQMILREB"))),
            ["IRQMILREB", "IRQ", "MIL", "REB"].map(String::from)
        );
        assert_eq!(actor_fields(Some(&actor("USA"))), ["USA", "USA", "", ""].map(String::from));
        assert_eq!(actor_fields(None), <[String; 4]>::default());
    }

    #[test]
    fn statements_are_class_zero() {
        assert_eq!(phoenix_class("01", 1), 0);
        assert_eq!(phoenix_class("04", 1), 1);
        assert_eq!(phoenix_class("19", 4), 4);
    }
}
