//! Event context: each event gets the date, place and quantities the text attaches to
//! it, and historical references are marked as such.
//!
//! Runs after the coder, reading the time, place and quantity layers where earlier
//! stages filled them (an event keeps the document date when there is no time layer). The attachment is by position within the event's sentence: the
//! expression nearest the trigger wins, with expressions in the trigger's own clause
//! preferred.

use dyad_model::{Diagnostic, Doc, EventDate, Layer, Modality, Span, Stage};

/// Dates, places and quantities onto events.
#[derive(Debug, Default)]
pub struct EventContextStage;

fn trigger_span(event: &dyad_model::Event) -> Option<Span> {
    event.provenance.spans.iter().find(|s| s.role == "trigger").map(|s| s.span)
}

fn distance(a: Span, b: Span) -> usize {
    if a.end <= b.start {
        b.start - a.end
    } else {
        a.start.saturating_sub(b.end)
    }
}

/// Whether `date` lies well before the story's own time: a different, earlier year
/// for year precision; more than a year earlier otherwise.
fn is_historical(date: EventDate, published: EventDate) -> bool {
    use chrono::Datelike;
    match date.precision {
        dyad_model::DatePrecision::Year => date.day.year() < published.day.year(),
        _ => (published.day - date.day).num_days() > 365,
    }
}

impl Stage for EventContextStage {
    fn name(&self) -> &'static str {
        "coder.context.v1"
    }

    fn requires(&self) -> &'static [Layer] {
        &[Layer::Events]
    }

    fn provides(&self) -> &'static [Layer] {
        &[Layer::EventContext]
    }

    fn run(&self, doc: &mut Doc, _diags: &mut Vec<Diagnostic>) {
        let Doc { events, times, places, quantities, .. } = doc;
        for event in events.iter_mut() {
            let Some(trigger) = trigger_span(event) else { continue };
            let published = event.date;
            if let Some(time) = times
                .iter()
                .filter(|t| t.sentence == event.sentence && !t.rule.contains("modifier"))
                .min_by_key(|t| distance(t.span, trigger))
            {
                event.date = time.date;
                event.provenance.spans.push(dyad_model::RoleSpan {
                    role: "date".into(),
                    span: time.span,
                    text: String::new(),
                });
                event.provenance.entries.push(format!("date: {}", time.rule));
                if is_historical(time.date, published) && event.modality == Modality::Asserted {
                    event.modality = Modality::Historical;
                }
            }
            if let Some(place) = places
                .iter()
                .filter(|p| p.sentence == event.sentence)
                .min_by_key(|p| distance(p.span, trigger))
            {
                event.location = Some(place.location.clone());
                event.provenance.spans.push(dyad_model::RoleSpan {
                    role: "location".into(),
                    span: place.span,
                    text: String::new(),
                });
                event.provenance.entries.push(format!("location: {}", place.rule));
            }
            event.quantities = quantities.iter().filter(|q| q.sentence == event.sentence).cloned().collect();
        }
        // Role spans carry their words for readers of the JSON.
        let text = &doc.document.text;
        for event in &mut doc.events {
            for span in &mut event.provenance.spans {
                if span.text.is_empty() {
                    span.text = span.span.slice(text).unwrap_or("").to_string();
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn background_years_are_historical() {
        let published = EventDate::day(NaiveDate::from_ymd_opt(2021, 7, 13).unwrap());
        assert!(is_historical(EventDate::year(2003).unwrap(), published));
        assert!(!is_historical(EventDate::year(2021).unwrap(), published));
        assert!(!is_historical(EventDate::month(2021, 7).unwrap(), published));
        assert!(is_historical(EventDate::day(NaiveDate::from_ymd_opt(2020, 1, 3).unwrap()), published));
    }
}
