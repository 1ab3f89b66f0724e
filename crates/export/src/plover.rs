//! PLOVER JSON records.

use dyad_model::{Actor, Document, Event, QuantityKind};
use serde_json::{json, Value};

use crate::gdelt::EventRecord;

fn actor_list(actor: Option<&Actor>) -> Value {
    match actor {
        Some(actor) => json!([{ "code": actor.code, "name": actor.name, "entity": actor.entity }]),
        None => json!([]),
    }
}

/// A PLOVER record for one event coded from `document`: `id, date, actor[],
/// recipient[], event, mode[], context[], event_loc, size{dead, injured, arrested},
/// event_text, text_info, cite_info`, plus Dyad's `cameo`, `modality` and `doc_id` so a
/// record can be traced.
pub fn plover_record(event: &Event, document: &Document) -> Value {
    record(event, document.url.as_deref(), document.title.as_deref(), document.source.as_deref())
}

/// A PLOVER record for a stored event: [`plover_record`]'s fields, citing the
/// representative article, plus the store's `global_event_id`, `story_id` and GDELT
/// counts (`num_mentions`, `num_sources`, `num_articles`).
pub fn plover_stored_record(stored: &EventRecord<'_>) -> Value {
    let mut value = record(stored.event, stored.url, stored.title, stored.publication);
    let object = value.as_object_mut().expect("a record is an object");
    object.insert("global_event_id".into(), json!(stored.id));
    object.insert("story_id".into(), json!(stored.story_id));
    object.insert("num_mentions".into(), json!(stored.num_mentions));
    object.insert("num_sources".into(), json!(stored.num_sources));
    object.insert("num_articles".into(), json!(stored.num_articles));
    value
}

fn record(event: &Event, url: Option<&str>, title: Option<&str>, publication: Option<&str>) -> Value {
    let count = |kind: QuantityKind| {
        event.quantities.iter().filter(|q| q.kind == kind).map(|q| q.value).reduce(f64::max)
    };
    let trigger = event.provenance.spans.iter().find(|span| span.role == "trigger");
    let event_loc = match &event.location {
        Some(location) => json!({
            "name": location.name,
            "country": location.country,
            "lat": location.lat,
            "lon": location.lon,
            "geonameid": location.geonameid,
            "precision": location.precision,
        }),
        None => Value::Null,
    };
    json!({
        "id": event.event_id,
        "date": event.date.iso(),
        "date_precision": event.date.precision,
        "actor": actor_list(event.source.as_ref()),
        "recipient": actor_list(event.target.as_ref()),
        "event": event.plover.event,
        "mode": event.plover.mode,
        "context": event.plover.context,
        "event_loc": event_loc,
        "size": {
            "dead": count(QuantityKind::Killed),
            "injured": count(QuantityKind::Wounded),
            "arrested": count(QuantityKind::Arrested),
        },
        "event_text": event.text,
        "text_info": {
            "sentence": event.sentence,
            "start": trigger.map(|t| t.span.start),
            "end": trigger.map(|t| t.span.end),
        },
        "cite_info": {
            "url": url,
            "title": title,
            "publication": publication,
        },
        "cameo": event.cameo,
        "modality": event.modality,
        "doc_id": event.doc_id,
    })
}
