//! Within-document linking: later mentions point to the first full one.
//!
//! Three links, all explained in the mention's rule so `dyad explain` can show them:
//! - a later mention of an entity already named ("Biden" after "US President Joe
//!   Biden", "al-Kazemi" after "Mustafa al-Kadhimi") gets a note naming the first one;
//! - a bare role description with an office ("the prime minister") takes the entity and
//!   code of the latest person mentioned before it who held that office on the date;
//! - "he", "she", "his", "him", "her" take the one person named before them in the same
//!   sentence (else the previous one), when there is exactly one and no unnamed actor
//!   ("an official") stands between them.

use std::collections::HashMap;

use chrono::NaiveDate;
use dyad_model::{Actor, ActorMention, Doc, Span};

use crate::kb::{EntityKind, Kb};

const PRONOUNS: &[&str] = &["he", "him", "his", "she", "her"];

impl Kb {
    /// Links later mentions in `doc.actors` to earlier ones naming the same actor, and
    /// adds mentions for unambiguous personal pronouns.
    pub fn link_document(&self, doc: &mut Doc) {
        let date = doc.document.date;
        let office_of_entry: HashMap<&str, &str> =
            self.agents.iter().filter_map(|a| a.office.as_deref().map(|o| (a.entry.as_str(), o))).collect();
        let mut first_of: HashMap<String, usize> = HashMap::new();
        let mut holder_of: HashMap<String, usize> = HashMap::new();
        for idx in 0..doc.actors.len() {
            let mention = &doc.actors[idx];
            if let Some(entity_id) = mention.actor.entity.clone() {
                let is_person = self.entity(&entity_id).is_some_and(|e| e.kind == EntityKind::Person);
                match first_of.get(&entity_id).filter(|_| is_person) {
                    Some(&first) => {
                        let note = first_note(doc, first);
                        doc.actors[idx].rule.push_str(&note);
                    }
                    None => {
                        first_of.insert(entity_id.clone(), idx);
                    }
                }
                if let Some(entity) = self.entity(&entity_id).filter(|e| e.kind == EntityKind::Person) {
                    for office in offices_on(entity, date) {
                        holder_of.insert(office, idx);
                    }
                }
                continue;
            }
            if !mention.rule.starts_with("kb.agent.bare") {
                continue;
            }
            let Some(office) = mention.entries.iter().rev().find_map(|e| office_of_entry.get(e.as_str()))
            else {
                continue;
            };
            let Some(&holder_idx) = holder_of.get(*office) else { continue };
            let holder = doc.actors[holder_idx].actor.clone();
            let note = first_note(doc, holder_idx);
            let words = doc.text_of(doc.actors[idx].span).to_string();
            let linked = &mut doc.actors[idx];
            linked.rule = format!(
                "kb.link.office: {words} -> {}; {office} on the date -> {}{note}",
                holder.entity.as_deref().unwrap_or(""),
                holder.code
            );
            linked.actor = Actor { span: linked.actor.span, ..holder };
            if let Some(entry) =
                self.entity(linked.actor.entity.as_deref().unwrap_or("")).map(|e| e.entry.clone())
            {
                linked.entries.push(entry);
            }
        }
        self.link_pronouns(doc);
    }

    fn link_pronouns(&self, doc: &mut Doc) {
        let mut added = Vec::new();
        for (sentence_idx, sentence) in doc.sentences.iter().enumerate() {
            for token_idx in sentence.tokens.clone() {
                let Some(token) = doc.tokens.get(token_idx) else { continue };
                if !PRONOUNS.contains(&token.text.to_lowercase().as_str()) {
                    continue;
                }
                let before = |m: &&ActorMention| m.span.end <= token.span.start;
                let in_sentence: Vec<&ActorMention> =
                    doc.actors.iter().filter(|m| m.sentence == sentence_idx).filter(before).collect();
                let window = if in_sentence.iter().any(|m| self.is_person_mention(m)) || sentence_idx == 0 {
                    in_sentence
                } else {
                    doc.actors
                        .iter()
                        .filter(|m| m.sentence + 1 == sentence_idx || m.sentence == sentence_idx)
                        .filter(before)
                        .collect()
                };
                let Some(last_person) = window.iter().rposition(|m| self.is_person_mention(m)) else {
                    continue;
                };
                let unnamed_after = window[last_person + 1..].iter().any(|m| m.actor.entity.is_none());
                let mut persons: Vec<&str> = window
                    .iter()
                    .filter(|m| self.is_person_mention(m))
                    .filter_map(|m| m.actor.entity.as_deref())
                    .collect();
                persons.dedup();
                persons.sort_unstable();
                persons.dedup();
                if persons.len() != 1 || unnamed_after {
                    continue;
                }
                let antecedent = window[last_person];
                added.push(ActorMention {
                    sentence: sentence_idx,
                    tokens: token_idx..token_idx + 1,
                    span: token.span,
                    actor: Actor { span: Some(token.span), ..antecedent.actor.clone() },
                    rule: format!(
                        "kb.link.pronoun: {} -> {}; the only person named before it{}",
                        token.text,
                        persons[0],
                        span_note(doc, antecedent.span, antecedent.sentence)
                    ),
                    entries: antecedent.entries.clone(),
                });
            }
        }
        if !added.is_empty() {
            doc.actors.extend(added);
            doc.actors.sort_by_key(|m| (m.sentence, m.span.start));
        }
    }

    fn is_person_mention(&self, mention: &ActorMention) -> bool {
        mention
            .actor
            .entity
            .as_deref()
            .and_then(|id| self.entity(id))
            .is_some_and(|e| e.kind == EntityKind::Person)
    }
}

/// The offices a person held on `date` (every office they held, without a date).
fn offices_on(entity: &crate::kb::Entity, date: Option<NaiveDate>) -> Vec<String> {
    entity
        .roles
        .iter()
        .filter(|role| date.is_none_or(|d| role.covers(d)))
        .filter_map(|role| role.office.clone())
        .collect()
}

fn first_note(doc: &Doc, first: usize) -> String {
    let mention = &doc.actors[first];
    span_note(doc, mention.span, mention.sentence)
}

fn span_note(doc: &Doc, span: Span, sentence: usize) -> String {
    format!(
        "; linked to first mention {:?} (sentence {sentence}, bytes {}..{})",
        doc.text_of(span),
        span.start,
        span.end
    )
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;
    use dyad_model::{Document, Sentence};

    use super::*;
    use crate::matcher::simple_tokens;

    /// A doc of one sentence per line, matched and linked on `date`.
    fn linked(lines: &[&str], date: &str) -> Doc {
        let kb = Kb::load_embedded().expect("shipped dictionaries load");
        let text = lines.join("\n");
        let mut document = Document::new("test", text.clone());
        document.date = NaiveDate::parse_from_str(date, "%Y-%m-%d").ok();
        let mut doc = Doc::new(document);
        let mut start = 0;
        for line in lines {
            let first = doc.tokens.len();
            for mut token in simple_tokens(line) {
                token.span = Span::new(token.span.start + start, token.span.end + start);
                doc.tokens.push(token);
            }
            doc.sentences.push(Sentence {
                span: Span::new(start, start + line.len()),
                tokens: first..doc.tokens.len(),
                headline: false,
            });
            start += line.len() + 1;
        }
        for (idx, sentence) in doc.sentences.clone().into_iter().enumerate() {
            let found = kb.match_sentence(
                &doc.tokens[sentence.tokens.clone()],
                idx,
                sentence.tokens.start,
                doc.document.date,
            );
            doc.actors.extend(found);
        }
        kb.link_document(&mut doc);
        doc
    }

    fn actor_of<'d>(doc: &'d Doc, surface: &str) -> &'d ActorMention {
        doc.actors
            .iter()
            .find(|m| doc.text_of(m.span) == surface)
            .unwrap_or_else(|| panic!("no mention {surface:?} in {:#?}", doc.actors))
    }

    #[test]
    fn later_short_mentions_link_to_the_first_full_one() {
        let doc = linked(
            &["Iraqi Prime Minister Mustafa al-Kadhimi arrived.", "Later, al-Kazemi met reporters."],
            "2021-07-13",
        );
        let later = actor_of(&doc, "al-Kazemi");
        assert_eq!(later.actor.entity.as_deref(), Some("person/mustafa-al-kadhimi"));
        assert!(
            later.rule.contains("linked to first mention \"Iraqi Prime Minister Mustafa al-Kadhimi\""),
            "{}",
            later.rule
        );
    }

    #[test]
    fn bare_office_links_to_the_holder_named_earlier() {
        let doc = linked(&["Rishi Sunak arrived in Kyiv.", "The prime minister promised aid."], "2023-01-21");
        let bare = actor_of(&doc, "prime minister");
        assert_eq!(bare.actor.entity.as_deref(), Some("person/rishi-sunak"));
        assert_eq!(bare.actor.code, "GBRGOV");
        assert!(bare.rule.starts_with("kb.link.office"), "{}", bare.rule);
    }

    #[test]
    fn bare_office_stays_unlinked_without_a_holder_in_the_text() {
        let doc = linked(&["Rishi Sunak arrived in Kyiv.", "The president promised aid."], "2023-01-21");
        assert_eq!(actor_of(&doc, "president").actor.entity, None);
    }

    #[test]
    fn pronouns_link_only_when_one_person_precedes_them() {
        let doc = linked(
            &["Mustafa al-Kadhimi will travel to Washington where he will meet officials."],
            "2021-07-13",
        );
        assert_eq!(actor_of(&doc, "he").actor.entity.as_deref(), Some("person/mustafa-al-kadhimi"));
        let doc = linked(&["Joe Biden met Mustafa al-Kadhimi and he said nothing."], "2021-07-13");
        assert!(doc.actors.iter().all(|m| doc.text_of(m.span) != "he"), "two candidates: no link");
    }
}
