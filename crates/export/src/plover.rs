//! PLOVER JSON records.

use dyad_model::{Actor, Document, Event, QuantityKind};
use serde_json::{json, Value};

fn actor_list(actor: Option<&Actor>) -> Value {
    match actor {
        Some(actor) => json!([{ "code": actor.code, "name": actor.name, "entity": actor.entity }]),
        None => json!([]),
    }
}

/// A PLOVER record for one event: `id, date, actor[], recipient[], event, mode[],
/// context[], event_loc, size{dead, injured, arrested}, event_text, text_info,
/// cite_info`, plus Dyad's `cameo`, `modality` and `doc_id` so a record can be traced.
pub fn plover_record(event: &Event, document: &Document) -> Value {
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
            "url": document.url,
            "title": document.title,
            "publication": document.source,
        },
        "cameo": event.cameo,
        "modality": event.modality,
        "doc_id": event.doc_id,
    })
}
