//! The event-context stage: gives each coded event the date, place and quantities its
//! trigger is attached to, and marks background events as historical.

use chrono::Datelike;
use dyad_model::{DatePrecision, Diagnostic, Doc, EventDate, Layer, Modality, RoleSpan, Stage};

use crate::attach::event_context;

/// Dates, places and quantities onto events (runs after the coder).
#[derive(Debug, Clone, Copy, Default)]
pub struct EventContextStage;

/// Whether `date` lies well before the story's own time: an earlier year for year
/// precision, more than a year earlier otherwise.
pub fn is_historical(date: EventDate, published: EventDate) -> bool {
    match date.precision {
        DatePrecision::Year => date.day.year() < published.day.year(),
        _ => (published.day - date.day).num_days() > 365,
    }
}

/// Whether an event dated by the expression that `rule` read is background. "last
/// year", "last month", "on Tuesday" name the story's own recent past: what happened
/// then is the news being reported, however long ago it was.
fn is_background(rule: &str, date: EventDate, published: EventDate) -> bool {
    let recent = ["time.relative_", "time.deictic", "time.weekday"].iter().any(|r| rule.starts_with(r));
    !recent && is_historical(date, published)
}

impl Stage for EventContextStage {
    fn name(&self) -> &'static str {
        "timegeo.context.v1"
    }

    fn requires(&self) -> &'static [Layer] {
        &[Layer::Events]
    }

    fn provides(&self) -> &'static [Layer] {
        &[Layer::EventContext]
    }

    fn run(&self, doc: &mut Doc, _diags: &mut Vec<Diagnostic>) {
        let mut updates = Vec::with_capacity(doc.events.len());
        for event in &doc.events {
            let trigger = event.provenance.spans.iter().find(|s| s.role == "trigger").map(|s| s.span);
            let sentence = &doc.sentences[event.sentence];
            let token =
                trigger.and_then(|span| (sentence.tokens.clone()).find(|&i| doc.tokens[i].span == span));
            let Some(token) = token else {
                updates.push(None);
                continue;
            };
            let context = event_context(doc, event.sentence, token);
            updates.push(Some((
                context.time.map(|t| (t.date, t.span, t.rule.clone())),
                context.location,
                context.place.map(|p| (p.span, p.rule.clone())),
                context.quantities.into_iter().cloned().collect::<Vec<_>>(),
            )));
        }
        let text = doc.document.text.clone();
        let role_span = |role: &str, span: dyad_model::Span| RoleSpan {
            role: role.to_string(),
            span,
            text: span.slice(&text).unwrap_or("").to_string(),
        };
        for (event, update) in doc.events.iter_mut().zip(updates) {
            let Some((time, location, place, quantities)) = update else { continue };
            let published = event.date;
            if let Some((date, span, rule)) = time {
                event.date = date;
                event.provenance.spans.push(role_span("date", span));
                event.provenance.entries.push(format!("date: {rule}"));
                if is_background(&rule, date, published) && event.modality == Modality::Asserted {
                    event.modality = Modality::Historical;
                }
            }
            if let Some((span, rule)) = place {
                event.provenance.spans.push(role_span("location", span));
                event.provenance.entries.push(format!("location: {rule}"));
            }
            event.location = location;
            for quantity in &quantities {
                event.provenance.spans.push(role_span("quantity", quantity.span));
            }
            event.quantities = quantities;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn the_story_s_recent_past_is_news() {
        let published = EventDate::day(NaiveDate::from_ymd_opt(2021, 7, 13).unwrap());
        let last_year = EventDate::year(2020).unwrap();
        assert!(!is_background("time.relative_year: last year", last_year, published));
        assert!(is_background("time.year: in 2020", last_year, published));
    }

    #[test]
    fn background_years_are_historical() {
        let published = EventDate::day(NaiveDate::from_ymd_opt(2021, 7, 13).unwrap());
        assert!(is_historical(EventDate::year(2003).unwrap(), published));
        assert!(!is_historical(EventDate::year(2021).unwrap(), published));
        assert!(!is_historical(EventDate::month(2021, 7).unwrap(), published));
        assert!(is_historical(EventDate::day(NaiveDate::from_ymd_opt(2020, 1, 3).unwrap()), published));
    }
}
