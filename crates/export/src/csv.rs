//! CSV with a header: one row per event, the fields an analyst filters and plots on.

use crate::gdelt::EventRecord;

/// The CSV columns, in order (the header row).
pub const CSV_COLUMNS: [&str; 25] = [
    "id",
    "event_id",
    "date",
    "date_precision",
    "source",
    "source_name",
    "target",
    "target_name",
    "cameo",
    "root",
    "quad",
    "goldstein",
    "modality",
    "place",
    "country",
    "lat",
    "lon",
    "num_mentions",
    "num_sources",
    "num_articles",
    "doc_id",
    "url",
    "sentence",
    "trigger",
    "text",
];

/// RFC 4180 quoting, only where a field needs it.
pub fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

/// The header row (no newline).
pub fn csv_header() -> String {
    CSV_COLUMNS.join(",")
}

/// One event as a CSV row (no newline). The sentence's runs of white space become one
/// space, so every row is one line.
pub fn csv_row(record: &EventRecord<'_>) -> String {
    let event = record.event;
    let code = |a: &Option<dyad_model::Actor>| a.as_ref().map_or(String::new(), |a| a.code.clone());
    let name = |a: &Option<dyad_model::Actor>| a.as_ref().map_or(String::new(), |a| a.name.clone());
    let location = event.location.as_ref();
    let number = |n: Option<f64>| n.map_or(String::new(), |n| n.to_string());
    let trigger = event.provenance.spans.iter().find(|s| s.role == "trigger").map_or("", |s| s.text.as_str());
    let row = [
        record.id.to_string(),
        event.event_id.clone(),
        event.date.iso(),
        format!("{:?}", event.date.precision).to_lowercase(),
        code(&event.source),
        name(&event.source),
        code(&event.target),
        name(&event.target),
        event.cameo.to_string(),
        event.root.to_string(),
        event.quad.to_string(),
        format!("{:.1}", event.goldstein),
        event.modality.as_str().to_string(),
        location.map_or(String::new(), |l| l.name.clone()),
        location.and_then(|l| l.country.clone()).unwrap_or_default(),
        number(location.and_then(|l| l.lat)),
        number(location.and_then(|l| l.lon)),
        record.num_mentions.to_string(),
        record.num_sources.to_string(),
        record.num_articles.to_string(),
        event.doc_id.clone(),
        record.url.unwrap_or("").to_string(),
        event.sentence.to_string(),
        trigger.to_string(),
        event.text.split_whitespace().collect::<Vec<_>>().join(" "),
    ];
    row.iter().map(|f| csv_field(f)).collect::<Vec<_>>().join(",")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_quoted_when_needed() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a, \"b\""), "\"a, \"\"b\"\"\"");
    }
}
