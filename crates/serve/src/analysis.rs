//! Text cut into segments for highlighting: the server does the cutting, on byte
//! offsets it knows are char boundaries, and the page only sets each segment's text
//! (never HTML), so no article can inject markup and no offset is misread as UTF-16.

use dyad_model::{Doc, Event, Span};
use dyad_store::StoredEvent;
use serde::Serialize;

/// A piece of text, marked with the role it played or plain.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct Segment {
    pub(crate) text: String,
    /// `source`, `target`, `trigger`, `date`, `place`, `quantity`, `actor`, `time`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) mark: Option<&'static str>,
    /// What the mark stands for (an actor code, a date, a place name).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) label: Option<String>,
}

pub(crate) struct Mark {
    pub(crate) span: Span,
    pub(crate) mark: &'static str,
    pub(crate) label: Option<String>,
}

/// Cuts `text`, which starts at byte `base` of the document, at the marks (document
/// offsets). Where marks overlap, the earlier (then the longer) wins; marks outside
/// the text or off a char boundary are left out.
pub(crate) fn segments(text: &str, base: usize, mut marks: Vec<Mark>) -> Vec<Segment> {
    marks.sort_by_key(|m| (m.span.start, std::cmp::Reverse(m.span.end)));
    let mut out = Vec::new();
    let mut cursor = 0;
    for mark in marks {
        let (Some(start), Some(end)) = (mark.span.start.checked_sub(base), mark.span.end.checked_sub(base))
        else {
            continue;
        };
        if start < cursor
            || end <= start
            || end > text.len()
            || !text.is_char_boundary(start)
            || !text.is_char_boundary(end)
        {
            continue;
        }
        if start > cursor {
            out.push(Segment { text: text[cursor..start].to_string(), mark: None, label: None });
        }
        out.push(Segment { text: text[start..end].to_string(), mark: Some(mark.mark), label: mark.label });
        cursor = end;
    }
    if cursor < text.len() {
        out.push(Segment { text: text[cursor..].to_string(), mark: None, label: None });
    }
    out
}

fn role_mark(role: &str) -> Option<&'static str> {
    Some(match role {
        "source" => "source",
        "target" => "target",
        "trigger" => "trigger",
        "date" => "date",
        "location" => "place",
        "quantity" => "quantity",
        _ => return None,
    })
}

fn event_marks(event: &Event) -> Vec<Mark> {
    event
        .provenance
        .spans
        .iter()
        .filter_map(|span| {
            let mark = role_mark(&span.role)?;
            let label = match mark {
                "source" => event.source.as_ref().map(|a| a.code.clone()),
                "target" => event.target.as_ref().map(|a| a.code.clone()),
                "date" => Some(event.date.iso()),
                "place" => event.location.as_ref().map(|l| l.name.clone()),
                _ => None,
            };
            Some(Mark { span: span.span, mark, label })
        })
        .collect()
}

/// The event's sentence cut at its source, target, trigger, date, place and
/// quantities. The sentence's place in the document is found from the document text
/// (the occurrence that holds the trigger); without it, each role's words are looked
/// for in the sentence.
pub(crate) fn event_segments(event: &StoredEvent, document_text: Option<&str>) -> Vec<Segment> {
    let sentence = &event.event.text;
    let mut marks = event_marks(&event.event);
    let anchor = marks.iter().map(|m| m.span.start).min();
    let base = match (document_text, anchor) {
        (Some(text), Some(anchor)) if !sentence.is_empty() => text
            .match_indices(sentence.as_str())
            .map(|(at, _)| at)
            .find(|&at| at <= anchor && anchor < at + sentence.len()),
        _ => None,
    };
    let base = match base {
        Some(base) => base,
        None => {
            // Fallback: the role's words where they first appear in the sentence.
            for (mark, role) in marks.iter_mut().zip(&event.event.provenance.spans) {
                match sentence.find(role.text.as_str()).filter(|_| !role.text.is_empty()) {
                    Some(at) => mark.span = Span::new(at, at + role.text.len()),
                    None => mark.span = Span::new(usize::MAX, usize::MAX),
                }
            }
            0
        }
    };
    segments(sentence, base, marks)
}

/// One block of an article as Dyad read it, in document order.
#[derive(Debug, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub(crate) enum Block {
    /// Boilerplate removed before coding, with the rule that removed it.
    Removed { rule: String, text: String },
    /// A sentence with its actors, times, places, quantities and event triggers marked.
    Sentence { index: usize, headline: bool, segments: Vec<Segment>, events: Vec<usize> },
}

/// The document's removals and sentences, in order, each sentence cut at what the
/// pipeline found in it.
pub(crate) fn blocks(doc: &Doc) -> Vec<Block> {
    let mut located: Vec<(usize, Block)> = Vec::new();
    for removal in &doc.removed {
        let text = doc.text_of(removal.span).trim().to_string();
        if !text.is_empty() {
            located.push((removal.span.start, Block::Removed { rule: removal.rule.clone(), text }));
        }
    }
    for (index, sentence) in doc.sentences.iter().enumerate() {
        let mut marks: Vec<Mark> = Vec::new();
        for event in doc.events.iter().filter(|e| e.sentence == index) {
            marks.extend(event.provenance.spans.iter().filter(|s| s.role == "trigger").map(|s| Mark {
                span: s.span,
                mark: "trigger",
                label: Some(event.cameo.to_string()),
            }));
        }
        marks.extend(doc.actors.iter().filter(|a| a.sentence == index).map(|a| Mark {
            span: a.span,
            mark: "actor",
            label: Some(a.actor.code.clone()),
        }));
        marks.extend(doc.times.iter().filter(|t| t.sentence == index).map(|t| Mark {
            span: t.span,
            mark: "time",
            label: Some(t.date.iso()),
        }));
        marks.extend(doc.places.iter().filter(|p| p.sentence == index).map(|p| Mark {
            span: p.span,
            mark: "place",
            label: Some(p.location.name.clone()),
        }));
        marks.extend(doc.quantities.iter().filter(|q| q.sentence == index).map(|q| Mark {
            span: q.span,
            mark: "quantity",
            label: Some(format!("{:?} {}", q.kind, q.value)),
        }));
        let text = doc.text_of(sentence.span);
        let events = doc
            .events
            .iter()
            .enumerate()
            .filter(|(_, e)| e.sentence == index || e.mentions.contains(&index))
            .map(|(i, _)| i)
            .collect();
        located.push((
            sentence.span.start,
            Block::Sentence {
                index,
                headline: sentence.headline,
                segments: segments(text, sentence.span.start, marks),
                events,
            },
        ));
    }
    located.sort_by_key(|(start, _)| *start);
    located.into_iter().map(|(_, block)| block).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mark(start: usize, end: usize, mark: &'static str) -> Mark {
        Mark { span: Span::new(start, end), mark, label: None }
    }

    #[test]
    fn text_is_cut_at_marks_and_overlaps_and_bad_offsets_are_skipped() {
        // "Iraq attacked Iran." starting at byte 10 of a document.
        let text = "Iraq attacked Iran.";
        let cut = segments(
            text,
            10,
            vec![
                mark(24, 28, "target"),
                mark(10, 14, "source"),
                mark(12, 16, "actor"),
                mark(15, 23, "trigger"),
            ],
        );
        let shown: Vec<(&str, Option<&str>)> = cut.iter().map(|s| (s.text.as_str(), s.mark)).collect();
        assert_eq!(
            shown,
            [
                ("Iraq", Some("source")),
                (" ", None),
                ("attacked", Some("trigger")),
                (" ", None),
                ("Iran", Some("target")),
                (".", None)
            ]
        );
        let accented = "Éire";
        assert_eq!(segments(accented, 0, vec![mark(1, 3, "x")]).len(), 1);
        assert_eq!(segments(accented, 0, vec![mark(0, 99, "x")]).len(), 1);
    }
}
