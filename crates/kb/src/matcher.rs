//! Finding actor mentions in a sentence: aliases by longest match, then role words
//! combined with the nationality, organisation or person next to them.

use chrono::NaiveDate;
use dyad_model::{Actor, ActorMention, Span, Token};

use crate::kb::{EntityKind, Kb, TargetKind};
use crate::normalize::{sentence_words, Word, BARRIER};
use crate::variant::{is_article, letter_difference, osa_distance, skeleton, spelling_close};

/// Words that, hyphenated before a nationality, say a stance and not an identity:
/// "pro-Iranian armed groups" are not Iran.
const STANCE_PREFIXES: &[&str] = &["pro", "anti"];

/// How an alias was matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum How {
    /// The folded words are the alias's.
    Exact,
    /// The words share the alias's transliteration skeleton.
    Variant,
    /// One edit away from a long name.
    Typo,
}

/// One matched alias: words `start..end` read as `target`.
#[derive(Debug, Clone, Copy)]
struct Item {
    start: usize,
    end: usize,
    target: usize,
    how: How,
}

/// The answer to [`Kb::lookup`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lookup {
    /// Stable entity id (`"person/joe-biden"`), or `"agent/IRQUAF"` for a role phrase
    /// that names no entity ("Iraqi militia").
    pub entity: String,
    /// Canonical name (or the phrase itself for role phrases).
    pub name: String,
    /// The code on the date asked about.
    pub code: String,
    /// The rule that matched, with its explanation.
    pub rule: String,
}

impl Kb {
    /// Finds the actor mentions of one sentence. `tokens` are the sentence's tokens,
    /// `token_offset` the index of its first token in the document (mentions carry
    /// document token indices), and `date` the document date that dated roles are
    /// resolved on. Matches are longest-first and never overlap.
    pub fn match_sentence(
        &self,
        tokens: &[Token],
        sentence_idx: usize,
        token_offset: usize,
        date: Option<NaiveDate>,
    ) -> Vec<ActorMention> {
        let words = sentence_words(tokens);
        let items = self.find_items(&words);
        let mut mentions = Vec::new();
        let mut i = 0;
        while i < items.len() {
            let (mention, consumed) = self.phrase_at(&words, &items, i, date);
            if let Some(mut mention) = mention {
                let first = &words[mention.tokens.start];
                let last = &words[mention.tokens.end - 1];
                mention.span = Span::new(first.span.start, last.span.end);
                mention.actor.span = Some(mention.span);
                mention.sentence = sentence_idx;
                let token_range = first.token..last.token + 1;
                mention.actor.name = if mention.actor.entity.is_some() {
                    mention.actor.name
                } else {
                    phrase_text(&tokens[token_range.clone()])
                };
                mention.tokens = token_offset + token_range.start..token_offset + token_range.end;
                mentions.push(mention);
            }
            i += consumed.max(1);
        }
        share_role_across_coordination(&mut mentions, tokens, token_offset);
        title_names_its_holder(&mut mentions);
        mentions
    }

    /// Resolves a name as `dyad kb lookup` does: the name must be matched as a whole.
    /// An entity id (`"person/joe-biden"`) is accepted too.
    pub fn lookup(&self, name: &str, date: Option<NaiveDate>) -> Option<Lookup> {
        if let Some(entity) = self.entity(name.trim()) {
            let (code, role) = entity.code_on(date);
            let rule = if role.is_some() { "kb.role.office_holder" } else { "kb.entity.id" };
            return Some(Lookup {
                entity: entity.id.clone(),
                name: entity.name.clone(),
                code: code.to_string(),
                rule: rule.to_string(),
            });
        }
        let tokens = whitespace_tokens(name);
        let mentions = self.match_sentence(&tokens, 0, 0, date);
        let words = sentence_words(&tokens);
        // A leading article is not part of the name: "the Iraqi prime minister".
        let content = |w: &&Word| !w.is_barrier();
        let first_word =
            words.iter().filter(content).find(|w| !matches!(w.norm.as_str(), "the" | "a" | "an"))?;
        let last_word = words.iter().rfind(content)?;
        let mention = mentions
            .into_iter()
            .find(|m| m.span.start <= first_word.span.start && m.span.end >= last_word.span.end)?;
        Some(Lookup {
            entity: mention.actor.entity.clone().unwrap_or_else(|| format!("agent/{}", mention.actor.code)),
            name: mention.actor.name,
            code: mention.actor.code,
            rule: mention.rule,
        })
    }

    /// All alias matches, then the leftmost-longest non-overlapping choice.
    fn find_items(&self, words: &[Word]) -> Vec<Item> {
        let mut haystack = String::with_capacity(words.len() * 8);
        let mut starts = Vec::with_capacity(words.len());
        for word in words {
            if !haystack.is_empty() {
                haystack.push(' ');
            }
            starts.push(haystack.len());
            haystack.push_str(&word.norm);
        }
        let bytes = haystack.as_bytes();
        let mut candidates: Vec<(usize, usize, u8, usize)> = Vec::new();
        for found in self.automaton.find_overlapping_iter(&haystack) {
            let (start, end) = (found.start(), found.end());
            if (start > 0 && bytes[start - 1] != b' ') || (end < bytes.len() && bytes[end] != b' ') {
                continue;
            }
            let Ok(first) = starts.binary_search(&start) else { continue };
            let last = starts.partition_point(|&s| s < end);
            let span_words = &words[first..last];
            if span_words.iter().any(Word::is_barrier) {
                continue;
            }
            let inner = &span_words[..span_words.len() - 1];
            for &target_idx in &self.patterns[found.pattern().as_usize()] {
                let target = &self.targets[target_idx];
                // A possessive inside the span ends a name ("Iraq's prime minister"),
                // unless the alias has it there too ("Lord's Resistance Army").
                if target.cases.len() == span_words.len()
                    && target.cases.iter().zip(span_words).all(|(case, word)| case.accepts(word))
                    && inner.iter().zip(&target.possessive).all(|(word, &own)| own || !word.possessive)
                {
                    candidates.push((first, last, self.priority(target_idx), target_idx));
                }
            }
        }
        let mut candidates: Vec<(usize, usize, u8, usize, How)> =
            candidates.into_iter().map(|(s, e, p, t)| (s, e, p, t, How::Exact)).collect();
        self.add_variant_candidates(words, &mut candidates);
        // "the West Bank": a name that owes its lead only to "the" ("the West") gives
        // way to a longer name starting right after it ("West Bank").
        let ends: Vec<(usize, usize)> = candidates.iter().map(|c| (c.0, c.1)).collect();
        candidates.retain(|&(start, end, ..)| {
            words[start].norm != "the" || !ends.iter().any(|&(s, e)| s == start + 1 && e > end)
        });
        // "the West Ghouta region", "the West Midlands": a region named with "the" is
        // only the start of a longer place name the knowledge base does not know, when a
        // capitalised word follows (not a day or month: wire copy writes "the West
        // Tuesday").
        candidates.retain(|&(start, end, _, target, _)| {
            let region =
                self.targets[target].entity.is_some_and(|e| self.entities[e].id.starts_with("igo/region-"));
            let continued = words.get(end).is_some_and(|next| {
                next.capital && !next.is_barrier() && !CALENDAR_WORDS.contains(&next.norm.as_str())
            });
            !(region && words[start].norm == "the" && continued)
        });
        candidates.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
        let mut items = Vec::new();
        let mut taken_until = 0;
        for (start, end, _, target, how) in candidates {
            if start >= taken_until {
                items.push(Item { start, end, target, how });
                taken_until = end;
            }
        }
        self.add_typo_items(words, &mut items);
        items
    }

    /// Candidates whose words share a name's transliteration skeleton.
    fn add_variant_candidates(&self, words: &[Word], candidates: &mut Vec<(usize, usize, u8, usize, How)>) {
        let mut haystack = String::with_capacity(words.len() * 6);
        let mut starts = Vec::new();
        let mut word_of = Vec::new();
        // An article in the text is "al"/"el", or another article hyphenated to the next
        // word ("as-Sadr"): a free-standing "at" or "as" is English.
        let text_article = |idx: usize| {
            let norm = words[idx].norm.as_str();
            is_article(norm)
                && (matches!(norm, "al" | "el") || words.get(idx + 1).is_some_and(|next| next.hyphen_before))
        };
        for (idx, word) in words.iter().enumerate() {
            if text_article(idx) {
                continue;
            }
            if !haystack.is_empty() {
                haystack.push(' ');
            }
            starts.push(haystack.len());
            word_of.push(idx);
            if word.is_barrier() {
                haystack.push_str(BARRIER);
            } else {
                haystack.push_str(&skeleton(&word.norm));
            }
        }
        let bytes = haystack.as_bytes();
        for found in self.skeleton_automaton.find_overlapping_iter(&haystack) {
            let (start, end) = (found.start(), found.end());
            if (start > 0 && bytes[start - 1] != b' ') || (end < bytes.len() && bytes[end] != b' ') {
                continue;
            }
            let Ok(first_s) = starts.binary_search(&start) else { continue };
            let last_s = starts.partition_point(|&s| s < end);
            let mut first = word_of[first_s];
            let last = word_of[last_s - 1] + 1;
            let with_article = first > 0 && text_article(first - 1);
            if with_article {
                first -= 1;
            }
            let span_words = &words[first..last];
            let names_capitalised = (first..last).all(|idx| text_article(idx) || words[idx].capital);
            if !names_capitalised || span_words.iter().any(Word::is_barrier) {
                continue;
            }
            let inner_possessives =
                span_words[..span_words.len() - 1].iter().filter(|w| w.possessive).count();
            let text_spelling: String = span_words.iter().map(|w| w.norm.as_str()).collect();
            for &(target_idx, needs_article) in &self.skeleton_patterns[found.pattern().as_usize()] {
                let target = &self.targets[target_idx];
                // Country and organisation names collide with English words by skeleton
                // ("Plant" and "Poland"): only people and groups, whose names news
                // transliterates, match by variant.
                let person_or_group = target
                    .entity
                    .is_some_and(|e| matches!(self.entities[e].kind, EntityKind::Person | EntityKind::Group));
                let own_possessives = target.possessive[..target.possessive.len().saturating_sub(1)]
                    .iter()
                    .filter(|&&p| p)
                    .count();
                if (needs_article && !with_article) || !person_or_group || inner_possessives > own_possessives
                {
                    continue;
                }
                if !spelling_close(&text_spelling, &target.spelling) {
                    continue;
                }
                candidates.push((first, last, self.priority(target_idx) + 10, target_idx, How::Variant));
            }
        }
    }

    /// Items for capitalised long words that nothing matched but that are one edit from
    /// exactly one entity's long name.
    fn add_typo_items(&self, words: &[Word], items: &mut Vec<Item>) {
        let mut covered = vec![false; words.len()];
        for item in items.iter() {
            covered[item.start..item.end].iter_mut().for_each(|c| *c = true);
        }
        let first_word = words.iter().position(|w| !w.is_barrier()).unwrap_or(0);
        let mut added = false;
        for (idx, word) in words.iter().enumerate() {
            if covered[idx]
                || idx == first_word
                || !word.capital
                || word.upper
                || word.norm.len() < 6
                || word.is_barrier()
            {
                continue;
            }
            let word_skeleton = skeleton(&word.norm);
            // Rank by the skeleton distance, then by the distance of the folded spellings,
            // and keep the best only when one entity holds it alone.
            let mut hits: Vec<((usize, usize), usize)> = Vec::new();
            let initial = word.norm.as_bytes()[0];
            let from = self.typo_names.partition_point(|(name, ..)| name.as_bytes()[0] < initial);
            let to = self.typo_names.partition_point(|(name, ..)| name.as_bytes()[0] <= initial);
            for (name, name_skeleton, target) in &self.typo_names[from..to] {
                if name.len().abs_diff(word.norm.len()) > 2 {
                    continue;
                }
                // The skeletons must be one edit apart and the letters nearly the same:
                // "Tuesday" and "Trudeau" have near skeletons but different letters.
                if name_skeleton.len() < 3 {
                    continue;
                }
                // A derived word is not a typo: "Persian" is not "Persia", "George" not "Georgia".
                let derived = word.norm.starts_with(name.as_str()) || name.starts_with(word.norm.as_str());
                if derived || letter_difference(&word.norm, name) > 1 {
                    continue;
                }
                if let Some(distance) = osa_distance(&word_skeleton, name_skeleton, 1) {
                    let spelling = osa_distance(&word.norm, name, 3).unwrap_or(4);
                    hits.push(((distance, spelling), *target));
                }
            }
            let Some(best) = hits.iter().map(|(rank, _)| *rank).min() else { continue };
            let best_hits: Vec<usize> =
                hits.iter().filter(|(rank, _)| *rank == best).map(|(_, t)| *t).collect();
            let entities: std::collections::BTreeSet<Option<usize>> =
                best_hits.iter().map(|&t| self.targets[t].entity).collect();
            if entities.len() == 1 {
                if let Some(&target) = best_hits.iter().min_by_key(|&&t| self.priority(t)) {
                    items.push(Item { start: idx, end: idx + 1, target, how: How::Typo });
                    added = true;
                }
            }
        }
        if added {
            items.sort_by_key(|item| item.start);
        }
    }

    /// How the words of `item` were read, for rules: the alias, and for variants and
    /// typos the text's own spelling too.
    fn matched_as(&self, words: &[Word], item: &Item) -> String {
        let surface = &self.targets[item.target].surface;
        let text =
            || words[item.start..item.end].iter().map(|w| w.norm.as_str()).collect::<Vec<_>>().join(" ");
        match item.how {
            How::Exact => surface.clone(),
            How::Variant => format!("{} ~ {surface} (transliteration variant)", text()),
            How::Typo => format!("{} ~ {surface} (typo, one edit)", text()),
        }
    }

    /// Lower wins when two readings cover the same words.
    fn priority(&self, target_idx: usize) -> u8 {
        let target = &self.targets[target_idx];
        let kind = target.entity.map(|e| self.entities[e].kind);
        match (target.kind, kind) {
            (TargetKind::Name, Some(EntityKind::Person)) => 0,
            (TargetKind::Name, Some(EntityKind::Group)) => 1,
            (TargetKind::Name, Some(EntityKind::Igo)) => 2,
            (TargetKind::Name, _) => 3,
            (TargetKind::Demonym, _) => 4,
            (TargetKind::Seat, _) => 5,
            (TargetKind::Capital, _) => 6,
            (TargetKind::Agent(_), _) => 7,
        }
    }

    /// Whether only modifiers ("senior", "top") stand between two items.
    fn gap_ok(&self, words: &[Word], from: usize, to: usize) -> bool {
        words[from..to].iter().all(|w| w.norm != BARRIER && self.modifiers.contains(&w.norm))
    }

    fn is_agent(&self, item: &Item) -> Option<usize> {
        match self.targets[item.target].kind {
            TargetKind::Agent(agent) => Some(agent),
            _ => None,
        }
    }

    fn is_person(&self, item: &Item) -> bool {
        let target = &self.targets[item.target];
        target.kind == TargetKind::Name
            && target.entity.is_some_and(|e| self.entities[e].kind == EntityKind::Person)
    }

    /// The role words following item `from` (with only modifiers between), as item indices.
    fn agent_chain(&self, words: &[Word], items: &[Item], from: usize) -> Vec<usize> {
        let mut chain = Vec::new();
        let mut previous_end = items[from].end;
        let mut j = from + 1;
        while j < items.len()
            && self.is_agent(&items[j]).is_some()
            && self.gap_ok(words, previous_end, items[j].start)
        {
            if !chain.is_empty() && words[previous_end - 1].possessive {
                break;
            }
            chain.push(j);
            previous_end = items[j].end;
            j += 1;
        }
        chain
    }

    /// The mention starting at item `i` and how many items it used.
    fn phrase_at(
        &self,
        words: &[Word],
        items: &[Item],
        i: usize,
        date: Option<NaiveDate>,
    ) -> (Option<ActorMention>, usize) {
        let head = items[i];
        let head_target = &self.targets[head.target];
        if let Some(agent) = self.is_agent(&head) {
            // A role phrase with no nationality: "President Joe Biden", "the prime minister".
            let mut chain = vec![i];
            chain.extend(self.agent_chain(words, items, i));
            let last = *chain.last().unwrap_or(&i);
            if let Some(person) = self.titled_person(words, items, last) {
                let mention = self.person_mention(words, items, head.start, person, date, &chain, None);
                return (Some(mention), chain.len() + 1);
            }
            if chain.iter().all(|&c| self.is_agent(&items[c]).is_some_and(|a| !self.agents[a].alone)) {
                return (None, chain.len());
            }
            let sector = self.chain_sector(items, &chain, None);
            let entries: Vec<String> = chain.iter().map(|&c| self.agent_entry(&items[c])).collect();
            let end = items[last].end;
            let _ = agent;
            let words: Vec<&str> =
                chain.iter().map(|&c| self.targets[items[c].target].surface.as_str()).collect();
            let rule = format!("kb.agent.bare: {} -> {sector}", words.join(" "));
            return (Some(self.mention(head.start, end, None, sector, rule, entries)), chain.len());
        }
        let entity_idx = head_target.entity.unwrap_or(0);
        let entity = &self.entities[entity_idx];
        if entity.kind == EntityKind::Person {
            if let Some(&next) = items.get(i + 1) {
                let after = self.is_agent(&next).map(|a| &self.agents[a]);
                if let Some(agent) =
                    after.filter(|a| a.after_person && self.gap_ok(words, head.end, next.start))
                {
                    // "the Obama administration" is the government Obama led, not Obama.
                    let country = entity.country.clone().unwrap_or_default();
                    let code = format!("{country}{}", agent.sector);
                    let rule = format!(
                        "kb.agent.person+role: {} -> {country}; {} -> {}",
                        entity.name, self.targets[next.target].surface, agent.sector
                    );
                    let entries = vec![entity.entry.clone(), agent.entry.clone()];
                    return (Some(self.mention(head.start, next.end, None, code, rule, entries)), 2);
                }
            }
            return (Some(self.person_mention(words, items, head.start, i, date, &[], None)), 1);
        }
        let stance = head.start > 0
            && words[head.start].hyphen_before
            && STANCE_PREFIXES.contains(&words[head.start - 1].norm.as_str())
            && entity.kind == EntityKind::Country;
        let chain = self.agent_chain(words, items, i);
        if stance {
            if chain.is_empty() {
                return (None, 1);
            }
            let sector = self.chain_sector(items, &chain, None);
            let end = items[*chain.last().unwrap_or(&i)].end;
            let mut entries: Vec<String> = chain.iter().map(|&c| self.agent_entry(&items[c])).collect();
            entries.insert(0, entity.entry.clone());
            let rule = format!(
                "kb.agent.pro_stance: {}-{} names a stance, not the actor's country; role -> {sector}",
                words[head.start - 1].norm,
                head_target.surface
            );
            return (Some(self.mention(head.start - 1, end, None, sector, rule, entries)), chain.len() + 1);
        }
        if chain.is_empty() {
            let (code, rule) = match head_target.kind {
                TargetKind::Capital => (head_target.code.clone(), "kb.alias.capital_metonym"),
                TargetKind::Seat => (head_target.code.clone(), "kb.alias.seat_metonym"),
                TargetKind::Demonym
                    if head.how == How::Exact && names_people(words, head.start, head.end) =>
                {
                    (
                        format!("{}CVL", &head_target.code[..head_target.code.len().min(3)]),
                        "kb.alias.demonym_people",
                    )
                }
                TargetKind::Demonym if head.how == How::Exact => {
                    (head_target.code.clone(), "kb.alias.demonym")
                }
                _ => match head.how {
                    How::Exact => (entity.code.clone(), "kb.alias.exact"),
                    How::Variant => (head_target.code.clone(), "kb.alias.variant"),
                    How::Typo => (head_target.code.clone(), "kb.alias.typo"),
                },
            };
            let rule = format!("{rule}: {} -> {} {code}", self.matched_as(words, &head), entity.id);
            let mention =
                self.mention(head.start, head.end, Some(entity_idx), code, rule, vec![entity.entry.clone()]);
            return (Some(mention), 1);
        }
        let last = *chain.last().unwrap_or(&i);
        let base_code = head_target.code.clone();
        if let Some(person) = self.titled_person(words, items, last) {
            let mut all = vec![i];
            all.extend(chain.iter().copied());
            let mention = self.person_mention(words, items, head.start, person, date, &all, None);
            return (Some(mention), chain.len() + 2);
        }
        let possessive = words[head.end - 1].possessive;
        let (code, rule_name) = match entity.kind {
            EntityKind::Country => {
                let sector = self.chain_sector(items, &chain, Some(&base_code));
                let rule = if possessive { "kb.agent.possessive+role" } else { "kb.agent.nationality+role" };
                (format!("{}{sector}", &base_code[..3]), rule)
            }
            _ => (base_code.clone(), "kb.agent.organisation+role"),
        };
        let mut entries = vec![entity.entry.clone()];
        entries.extend(chain.iter().map(|&c| self.agent_entry(&items[c])));
        let roles: Vec<String> =
            chain.iter().map(|&c| self.targets[items[c].target].surface.clone()).collect();
        let rule =
            format!("{rule_name}: {} -> {}; {} -> {code}", head_target.surface, entity.code, roles.join(" "));
        let end = items[last].end;
        if matches!(entity.kind, EntityKind::Country | EntityKind::Igo) {
            let scope = crate::kb::office_scope(&entity.code);
            if let Some((holder, role)) = self
                .chain_office(items, &chain)
                .zip(date)
                .and_then(|(office, date)| self.office_holder(scope, office, date))
            {
                // "the Iraqi prime minister" names whoever held the office on the date.
                let holder_idx = self.by_id[&holder.id];
                entries.push(holder.entry.clone());
                let rule = format!(
                    "kb.role.office_holder.description: {} -> {}; {} {}; from {rule}",
                    phrase_words(words, head.start, end),
                    holder.id,
                    role.describe(),
                    role.code
                );
                let mention =
                    self.mention(head.start, end, Some(holder_idx), role.code.clone(), rule, entries);
                return (Some(mention), chain.len() + 1);
            }
        }
        (Some(self.mention(head.start, end, None, code, rule, entries)), chain.len() + 1)
    }

    /// The office named by a chain of role words: the deciding (last non-inheriting)
    /// word's office, if it has one.
    fn chain_office(&self, items: &[Item], chain: &[usize]) -> Option<&str> {
        let agents: Vec<&crate::kb::Agent> =
            chain.iter().filter_map(|&c| self.is_agent(&items[c])).map(|a| &self.agents[a]).collect();
        agents.iter().rev().find(|a| !a.inherits).and_then(|a| a.office.as_deref())
    }

    /// A person named right after a role phrase ("US envoy Brett McGurk").
    fn titled_person(&self, words: &[Word], items: &[Item], last: usize) -> Option<usize> {
        let next = items.get(last + 1)?;
        (self.is_person(next) && self.gap_ok(words, items[last].end, next.start)).then_some(last + 1)
    }

    /// The sector a chain of role words gives: the last word that does not inherit
    /// ("militia commander" -> militia); if all inherit, the head's own sector, else the
    /// last word's.
    fn chain_sector(&self, items: &[Item], chain: &[usize], head_code: Option<&str>) -> String {
        let agents: Vec<&crate::kb::Agent> =
            chain.iter().filter_map(|&c| self.is_agent(&items[c])).map(|a| &self.agents[a]).collect();
        if let Some(position) = agents.iter().rposition(|a| !a.inherits) {
            // "rebel forces", "militia troops": armed men of an irregular side are that
            // side's, not a state's military.
            let irregular =
                agents[..position].iter().rev().find(|a| matches!(a.sector.as_str(), "REB" | "UAF"));
            return match irregular {
                Some(side) if agents[position].sector == "MIL" => side.sector.clone(),
                _ => agents[position].sector.clone(),
            };
        }
        if let Some(code) = head_code.filter(|code| code.len() > 3) {
            return code[3..].to_string();
        }
        agents.last().map_or_else(String::new, |a| a.sector.clone())
    }

    fn agent_entry(&self, item: &Item) -> String {
        self.is_agent(item).map_or_else(String::new, |a| self.agents[a].entry.clone())
    }

    #[allow(clippy::too_many_arguments)]
    fn person_mention(
        &self,
        words: &[Word],
        items: &[Item],
        start: usize,
        person_item: usize,
        date: Option<NaiveDate>,
        title: &[usize],
        _note: Option<&str>,
    ) -> ActorMention {
        let item = items[person_item];
        let target = &self.targets[item.target];
        let entity_idx = target.entity.unwrap_or(0);
        let entity = &self.entities[entity_idx];
        let (mut code, role) = entity.code_on(date);
        let mut titled_code = None;
        if role.is_none() && !title.is_empty() {
            // The text gives the role the dictionaries lack for the date ("Iranian
            // Foreign Minister Ali Bagheri Kani" before his dated role): trust it,
            // unless the title is a past one ("former", "ex-", "then").
            let past = words[start.saturating_sub(2)..item.start]
                .iter()
                .any(|w| matches!(w.norm.as_str(), "former" | "ex" | "then" | "late"));
            let country = title
                .iter()
                .find_map(|&t| {
                    let target = &self.targets[items[t].target];
                    target.entity.filter(|&e| self.entities[e].kind == EntityKind::Country)?;
                    target.code.get(..3).map(str::to_string)
                })
                .or_else(|| entity.country.clone());
            let agents: Vec<usize> =
                title.iter().copied().filter(|&t| self.is_agent(&items[t]).is_some()).collect();
            let sector = self.chain_sector(items, &agents, None);
            if let (false, Some(country), false) = (past, country, sector.is_empty()) {
                titled_code = Some(format!("{country}{sector}"));
            }
        }
        if let Some(titled) = &titled_code {
            code = titled;
        }
        let mut entries: Vec<String> = title
            .iter()
            .map(|&t| {
                let t_target = &self.targets[items[t].target];
                match t_target.entity {
                    Some(e) => self.entities[e].entry.clone(),
                    None => self.agent_entry(&items[t]),
                }
            })
            .collect();
        entries.push(entity.entry.clone());
        let titled = if title.is_empty() { "" } else { "+title" };
        let rule = match role {
            Some(role) => format!(
                "kb.role.office_holder{titled}: {} -> {}; {} {}",
                self.matched_as(words, &item),
                entity.id,
                role.describe(),
                role.code
            ),
            None if titled_code.is_some() => format!(
                "kb.role.title: {} -> {}; no dated role, the title says {code}",
                self.matched_as(words, &item),
                entity.id
            ),
            None => format!(
                "kb.role.default{titled}: {} -> {}; no role on the date -> {code}",
                self.matched_as(words, &item),
                entity.id
            ),
        };
        self.mention(start, item.end, Some(entity_idx), code.to_string(), rule, entries)
    }

    /// A mention over words `start..end` (converted to tokens by the caller).
    fn mention(
        &self,
        start: usize,
        end: usize,
        entity: Option<usize>,
        code: String,
        rule: String,
        entries: Vec<String>,
    ) -> ActorMention {
        let (name, entity_id) = match entity {
            Some(e) => (self.entities[e].name.clone(), Some(self.entities[e].id.clone())),
            None => (String::new(), None),
        };
        ActorMention {
            sentence: 0,
            // Word indices for now; match_sentence turns them into token indices.
            tokens: start..end,
            span: Span::default(),
            actor: Actor { code, name, entity: entity_id, span: None },
            rule,
            entries,
        }
    }
}

/// The folded words `start..end`, for rules.
fn phrase_words(words: &[Word], start: usize, end: usize) -> String {
    words[start..end].iter().map(|w| w.norm.as_str()).collect::<Vec<_>>().join(" ")
}

/// The words of a phrase, for naming role phrases ("Iraqi militia commander").
fn phrase_text(tokens: &[Token]) -> String {
    let mut text = String::new();
    for token in tokens {
        let attached = token.text.starts_with(['\'', '\u{2019}', '-']) || text.ends_with('-');
        if !text.is_empty() && !attached {
            text.push(' ');
        }
        text.push_str(&token.text);
    }
    text
}

/// Tokens split at whitespace, with a separate possessive: enough for lookups.
pub(crate) fn whitespace_tokens(text: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut start: Option<usize> = None;
    let push = |s: usize, e: usize, tokens: &mut Vec<Token>| {
        let piece = &text[s..e];
        let mut cut = e;
        for suffix in ["'s", "\u{2019}s"] {
            if piece.len() > suffix.len() && piece.ends_with(suffix) {
                cut = e - suffix.len();
            }
        }
        let trimmed_end = text[s..cut].trim_end_matches([',', ';', ':', '!', '?', '"', ')']).len() + s;
        tokens.push(Token {
            span: Span::new(s, trimmed_end),
            text: text[s..trimmed_end].to_string(),
            ..Token::default()
        });
        if cut < e {
            tokens.push(Token {
                span: Span::new(cut, e),
                text: text[cut..e].to_string(),
                ..Token::default()
            });
        }
        if trimmed_end < cut {
            tokens.push(Token {
                span: Span::new(trimmed_end, cut),
                text: text[trimmed_end..cut].to_string(),
                ..Token::default()
            });
        }
    };
    for (i, c) in text.char_indices() {
        if c.is_whitespace() {
            if let Some(s) = start.take() {
                push(s, i, &mut tokens);
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(s) = start {
        push(s, text.len(), &mut tokens);
    }
    tokens.retain(|t| !t.text.is_empty());
    tokens
}

/// A small tokenizer for lookups and tests, not a replacement for the text stage:
/// splits at whitespace and detaches punctuation and possessive "'s".
pub fn simple_tokens(text: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < text.len() {
        let c = text[i..].chars().next().unwrap_or(' ');
        if c.is_whitespace() {
            i += c.len_utf8();
            continue;
        }
        let start = i;
        if c.is_alphanumeric() {
            let mut end = i;
            for (offset, ch) in text[i..].char_indices() {
                // A hyphen, dot, apostrophe or (inside a number) comma stays inside a word
                // when a letter or digit follows it.
                let next_is_alphanumeric =
                    text[i + offset + ch.len_utf8()..].chars().next().is_some_and(char::is_alphanumeric);
                let in_number = text[i..i + offset].bytes().all(|b| b.is_ascii_digit() || b == b',');
                let joiner = matches!(ch, '-' | '.' | '\'') || (ch == ',' && in_number);
                let inner = ch.is_alphanumeric() || (joiner && next_is_alphanumeric);
                if !inner {
                    break;
                }
                end = i + offset + ch.len_utf8();
            }
            // Keep abbreviation dots ("U.S.") but not a sentence-final one.
            if end < text.len() && bytes[end] == b'.' && text[start..end].contains('.') {
                end += 1;
            }
            let word = &text[start..end];
            let cut =
                ["'s", "\u{2019}s"].iter().find_map(|s| word.strip_suffix(s).map(|stem| start + stem.len()));
            match cut.filter(|&c| c > start) {
                Some(cut) => {
                    tokens.push(Token {
                        span: Span::new(start, cut),
                        text: text[start..cut].to_string(),
                        ..Token::default()
                    });
                    tokens.push(Token {
                        span: Span::new(cut, end),
                        text: text[cut..end].to_string(),
                        ..Token::default()
                    });
                }
                None => tokens.push(Token {
                    span: Span::new(start, end),
                    text: word.to_string(),
                    ..Token::default()
                }),
            }
            i = end;
        } else {
            let end = i + c.len_utf8();
            tokens.push(Token {
                span: Span::new(start, end),
                text: text[start..end].to_string(),
                ..Token::default()
            });
            i = end;
        }
    }
    tokens
}

/// "US and British warplanes", "Ukrainian, Russian and Belarusian troops": nationalities
/// joined by "and" or commas share the role word after the last of them, so each is
/// that country's sector (USAMIL, GBRMIL), not the bare country.
fn share_role_across_coordination(mentions: &mut [ActorMention], tokens: &[Token], token_offset: usize) {
    for i in (0..mentions.len().saturating_sub(1)).rev() {
        let (head, rest) = mentions.split_at_mut(i + 1);
        let (nationality, next) = (&mut head[i], &rest[0]);
        let shares = next.rule.starts_with("kb.agent.nationality+role")
            || next.rule.starts_with("kb.alias.demonym_shared");
        // "US" and "U.S." are names used as adjectives; any bare country qualifies.
        let bare_country = nationality.rule.starts_with("kb.alias.demonym:")
            || (nationality.rule.starts_with("kb.alias.exact:")
                && nationality.entries.iter().any(|e| e.contains("countries.toml")));
        if !bare_country || !shares || nationality.actor.code.len() != 3 {
            continue;
        }
        // Mentions of one phrase may nest or come out of order; only words strictly
        // between two mentions can join them.
        let between = nationality
            .tokens
            .end
            .checked_sub(token_offset)
            .zip(next.tokens.start.checked_sub(token_offset))
            .and_then(|(from, to)| tokens.get(from..to))
            .unwrap_or(&[]);
        let joined =
            !between.is_empty() && between.iter().all(|t| t.text == "and" || t.text == "," || t.text == "or");
        // A comma alone joins a list only when "and" follows it ("Ukrainian, Russian
        // and Belarusian troops"); right before the role it ends a clause ("could send
        // weapons to Russia, US officials warned").
        let comma_only = between.iter().all(|t| t.text == ",");
        if !joined || (comma_only && !next.rule.starts_with("kb.alias.demonym_shared")) {
            continue;
        }
        let sector = next.actor.code.get(3..).unwrap_or("").to_string();
        if sector.is_empty() {
            continue;
        }
        nationality.actor.code.push_str(&sector);
        nationality.rule = format!(
            "kb.alias.demonym_shared: {} shares the role of \"{}\" -> {}",
            nationality.actor.name, next.actor.name, nationality.actor.code
        );
        nationality.entries.extend(next.entries.iter().skip(1).cloned());
    }
}

/// "Bree President Romendacil": a name the dictionary knows only by its country, right
/// after a title of that country, is the title's holder and takes its role. Names with
/// roles of their own keep them ("US President Joe Biden" is already `USAGOV`).
fn title_names_its_holder(mentions: &mut [ActorMention]) {
    for i in 1..mentions.len() {
        let (head, rest) = mentions.split_at_mut(i);
        let (title, name) = (&head[i - 1], &mut rest[0]);
        let adjacent = title.tokens.end == name.tokens.start;
        let titled = title.rule.starts_with("kb.agent.") && title.actor.code.len() > 3;
        let bare = name.actor.code.len() == 3 && name.rule.starts_with("kb.alias.exact:");
        if !(adjacent && titled && bare && title.actor.code.starts_with(&name.actor.code)) {
            continue;
        }
        name.actor.code = title.actor.code.clone();
        name.rule = format!(
            "kb.title_holder: {} holds the title \"{}\" -> {}",
            name.actor.name, title.actor.name, name.actor.code
        );
        name.entries.extend(title.entries.iter().skip(1).cloned());
    }
}

/// Whether a demonym standing alone names people rather than their state: a plural
/// ("Iranians protested", "killing 170 Afghans", "thousands of the Iraqis"). "The
/// Americans" in diplomatic news is the US side, so a plural after "the" keeps the
/// country. Invariant forms ("Sudanese") cannot be told from adjectives without tags.
fn names_people(words: &[Word], start: usize, end: usize) -> bool {
    const QUANTITIES: &[&str] = &[
        "of",
        "thousands",
        "hundreds",
        "dozens",
        "millions",
        "many",
        "several",
        "some",
        "two",
        "three",
        "four",
        "five",
    ];
    let last = words[end - 1].norm.as_str();
    let before = start.checked_sub(1).map(|i| words[i].norm.as_str());
    let quantity = before.is_some_and(|word| {
        QUANTITIES.contains(&word)
            || (!word.is_empty() && word.chars().all(|c| c.is_ascii_digit() || c == ','))
    });
    // Only plurals: "two American detainees" is an adjective however many there are.
    let plural = end - start == 1 && last.ends_with('s') && !last.ends_with("ss");
    plural && (quantity || before != Some("the"))
}

/// Days and months, which follow names in wire copy without ending them.
const CALENDAR_WORDS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::OnceLock;

    fn kb() -> &'static Kb {
        static KB: OnceLock<Kb> = OnceLock::new();
        KB.get_or_init(|| Kb::load_embedded().expect("the shipped dictionaries load"))
    }

    fn day(text: &str) -> Option<NaiveDate> {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
    }

    /// The mentions of `text` on `date` as (surface, code, rule id, entity).
    fn mentions(text: &str, date: &str) -> Vec<(String, String, String, Option<String>)> {
        let tokens = simple_tokens(text);
        kb().match_sentence(&tokens, 0, 0, day(date))
            .into_iter()
            .map(|m| {
                let rule = m.rule.split(':').next().unwrap_or("").to_string();
                (text[m.span.start..m.span.end].to_string(), m.actor.code, rule, m.actor.entity)
            })
            .collect()
    }

    /// Asserts that every `(surface, code, rule)` is among the mentions of `text`.
    fn check(text: &str, date: &str, expected: &[(&str, &str, &str)]) {
        let found = mentions(text, date);
        for (surface, code, rule) in expected {
            assert!(
                found.iter().any(|(s, c, r, _)| s == surface && c == code && r == rule),
                "{text:?} on {date}: expected {surface:?} -> {code} by {rule}; found {found:#?}"
            );
        }
    }

    fn check_absent(text: &str, date: &str, surface: &str) {
        let found = mentions(text, date);
        assert!(
            !found.iter().any(|(s, ..)| s == surface),
            "{text:?}: {surface:?} should not be a mention; found {found:#?}"
        );
    }

    #[test]
    fn exact_aliases_match_countries_organisations_and_groups() {
        check(
            "NATO and the African Union condemned Hezbollah and the Houthis in Yemen.",
            "2020-01-01",
            &[
                ("NATO", "IGOWSTNAT", "kb.alias.exact"),
                ("African Union", "IGOAFRAFU", "kb.alias.exact"),
                ("Hezbollah", "LBNUAFHEZ", "kb.alias.exact"),
                ("Houthis", "YEMREBHTH", "kb.alias.exact"),
                ("Yemen", "YEM", "kb.alias.exact"),
            ],
        );
        check(
            "Daesh and ISIL are the same group as ISIS.",
            "2020-01-01",
            &[("Daesh", "IMGMUSISI", "kb.alias.exact"), ("ISIL", "IMGMUSISI", "kb.alias.exact")],
        );
    }

    #[test]
    fn demonym_and_role_word_combine() {
        check(
            "A senior Iranian general met an Iraqi militia commander and a US envoy.",
            "2021-07-13",
            &[
                ("Iranian general", "IRNMIL", "kb.agent.nationality+role"),
                ("Iraqi militia commander", "IRQUAF", "kb.agent.nationality+role"),
                ("US envoy", "USAGOV", "kb.agent.nationality+role"),
            ],
        );
        check(
            "Turkish troops and Egyptian police clashed with Syrian rebels.",
            "2020-01-01",
            &[
                ("Turkish troops", "TURMIL", "kb.agent.nationality+role"),
                ("Egyptian police", "EGYCOP", "kb.agent.nationality+role"),
                ("Syrian rebels", "SYRREB", "kb.agent.nationality+role"),
            ],
        );
    }

    #[test]
    fn a_court_named_by_its_city_is_that_countrys_judiciary() {
        check(
            "The Hague District Court found two men guilty.",
            "2022-11-17",
            &[("The Hague District Court", "NLDJUD", "kb.agent.nationality+role")],
        );
    }

    #[test]
    fn coordinated_nationalities_share_the_role_word() {
        check(
            "US and British warplanes struck targets as Ukrainian, Polish and Lithuanian troops trained.",
            "2024-01-12",
            &[
                ("US", "USAMIL", "kb.alias.demonym_shared"),
                ("British warplanes", "GBRMIL", "kb.agent.nationality+role"),
                ("Ukrainian", "UKRMIL", "kb.alias.demonym_shared"),
                ("Polish", "POLMIL", "kb.alias.demonym_shared"),
            ],
        );
        // Without a role word after them, nationalities stay countries.
        check("Iraqi and Iranian oil exports rose.", "2024-01-12", &[("Iraqi", "IRQ", "kb.alias.demonym")]);
        // A comma right before the role closes a clause, not a list.
        check(
            "China could send weapons to Russia, US officials warned.",
            "2024-01-12",
            &[("Russia", "RUS", "kb.alias.exact"), ("US officials", "USAGOV", "kb.agent.nationality+role")],
        );
    }

    #[test]
    fn palestinian_territories_are_the_palestinian_actor() {
        check(
            "Aid reached the Gaza Strip and the occupied West Bank.",
            "2023-11-20",
            &[("Gaza Strip", "PSE", "kb.alias.exact"), ("occupied West Bank", "PSE", "kb.alias.exact")],
        );
    }

    #[test]
    fn names_sharing_one_token_do_not_upset_coordination() {
        // One token "US-Iraqi" holds two names, so their mentions share a token.
        let found = mentions("A joint US-Iraqi army patrol was passing by.", "2005-01-01");
        assert!(!found.is_empty());
    }

    #[test]
    fn a_plural_demonym_alone_is_people() {
        check(
            "Thousands of Iraqis marched as Iranians protested and the Americans objected.",
            "2022-10-01",
            &[
                ("Iraqis", "IRQCVL", "kb.alias.demonym_people"),
                ("Iranians", "IRNCVL", "kb.alias.demonym_people"),
                ("Americans", "USA", "kb.alias.demonym"),
            ],
        );
        // An adjective keeps its country.
        check("Iraqi oil exports rose.", "2022-10-01", &[("Iraqi", "IRQ", "kb.alias.demonym")]);
    }

    #[test]
    fn possessive_country_gives_its_office() {
        check(
            "Iraq's prime minister will travel.",
            "undated",
            &[("Iraq's prime minister", "IRQGOV", "kb.agent.possessive+role")],
        );
        check(
            "France's army said.",
            "2021-07-13",
            &[("France's army", "FRAMIL", "kb.agent.possessive+role")],
        );
        // Armed men of an irregular side are that side's.
        check("Rebel forces took the town.", "2021-07-13", &[("Rebel forces", "REB", "kb.agent.bare")]);
        check(
            "Government forces took the town.",
            "2021-07-13",
            &[("Government forces", "MIL", "kb.agent.bare")],
        );
        // A group's commander is the group's, with "field" among the modifiers.
        check(
            "Troops killed ISIS\u{2019} top field commander.",
            "2021-07-13",
            &[("ISIS\u{2019} top field commander", "IMGMUSISI", "kb.agent.organisation+role")],
        );
    }

    #[test]
    fn role_descriptions_resolve_to_the_office_holder_on_the_date() {
        let holder = |text: &str, date: &str| {
            mentions(text, date)
                .into_iter()
                .find(|(.., entity)| entity.is_some())
                .map(|(_, code, rule, entity)| (code, rule, entity.unwrap_or_default()))
        };
        let expect = |code: &str, entity: &str| {
            Some((code.to_string(), "kb.role.office_holder.description".to_string(), entity.to_string()))
        };
        assert_eq!(
            holder("the Iraqi prime minister said", "2021-07-13"),
            expect("IRQGOV", "person/mustafa-al-kadhimi")
        );
        assert_eq!(
            holder("the Iraqi prime minister said", "2015-01-01"),
            expect("IRQGOV", "person/haider-al-abadi")
        );
        assert_eq!(holder("the US president said", "2021-07-13"), expect("USAGOV", "person/joe-biden"));
        assert_eq!(holder("the US president said", "2019-07-13"), expect("USAGOV", "person/donald-trump"));
        assert_eq!(
            holder("Russia's foreign minister said", "2021-07-13"),
            expect("RUSGOV", "person/sergey-lavrov")
        );
        assert_eq!(
            holder("the US secretary of state said", "2010-01-01"),
            expect("USAGOV", "person/hillary-clinton")
        );
        assert_eq!(
            holder("the UN secretary-general said", "2021-07-13"),
            expect("IGOUNO", "person/antonio-guterres")
        );
        assert_eq!(
            holder("the NATO secretary general said", "2021-07-13"),
            expect("IGOWSTNAT", "person/jens-stoltenberg")
        );
    }

    #[test]
    fn transliteration_variants_match_names() {
        check(
            "Mustafa al-Kazemi spoke.",
            "2021-07-13",
            &[("Mustafa al-Kazemi", "IRQGOV", "kb.role.office_holder")],
        );
        check("then al-Kazemi left", "2021-07-13", &[("al-Kazemi", "IRQGOV", "kb.role.office_holder")]);
        check(
            "Qasim Suleimani was killed",
            "2020-01-03",
            &[("Qasim Suleimani", "IRNMIL", "kb.role.default")],
        );
        check(
            "fighters of Hashd al-Shaaby",
            "2021-07-13",
            &[("Hashd al-Shaaby", "IRQUAFPMF", "kb.alias.variant")],
        );
        check_absent("the al-Kazemi report", "2021-07-13", "al-kazemi");
        check(
            "killed at Baghdad's airport",
            "2020-01-03",
            &[("Baghdad", "IRQGOV", "kb.alias.capital_metonym")],
        );
        check_absent("killed at Baghdad's airport", "2020-01-03", "at Baghdad");
    }

    #[test]
    fn typos_of_long_names_match_but_short_names_never_do() {
        check(
            "Relations between Washington and Badgad are poor.",
            "2021-07-13",
            &[("Badgad", "IRQGOV", "kb.alias.capital_metonym")],
        );
        check_absent("Relations between Washington and Irak are poor.", "2021-07-13", "Irak");
        let found = mentions("Talks between Iraq and Iram", "2021-07-13");
        assert!(found.iter().all(|(s, ..)| s != "Iram"), "{found:?}");
        check_absent("The Budget was passed by Parliament.", "2021-07-13", "Budget");
    }

    #[test]
    fn capitals_and_seats_are_metonyms_for_governments() {
        check(
            "Washington and Tehran traded threats while the Kremlin, the White House and Downing Street watched the Pentagon.",
            "2021-07-13",
            &[
                ("Washington", "USAGOV", "kb.alias.capital_metonym"),
                ("Tehran", "IRNGOV", "kb.alias.capital_metonym"),
                ("Kremlin", "RUSGOV", "kb.alias.seat_metonym"),
                ("White House", "USAGOV", "kb.alias.seat_metonym"),
                ("Downing Street", "GBRGOV", "kb.alias.seat_metonym"),
                ("Pentagon", "USAMIL", "kb.alias.seat_metonym"),
            ],
        );
    }

    #[test]
    fn person_codes_follow_dated_roles() {
        check("Biden spoke.", "2021-07-13", &[("Biden", "USAGOV", "kb.role.office_holder")]);
        check("Biden spoke.", "2016-03-01", &[("Biden", "USAGOV", "kb.role.office_holder")]);
        check("Biden spoke.", "2026-01-01", &[("Biden", "USAELI", "kb.role.default")]);
        check("Trump spoke.", "2019-06-01", &[("Trump", "USAGOV", "kb.role.office_holder")]);
        check("Trump spoke.", "2021-07-13", &[("Trump", "USAELI", "kb.role.default")]);
        check("Trump spoke.", "2025-03-01", &[("Trump", "USAGOV", "kb.role.office_holder")]);
        check(
            "Mustafa al-Kadhimi spoke.",
            "2018-01-01",
            &[("Mustafa al-Kadhimi", "IRQSPY", "kb.role.office_holder")],
        );
        check(
            "Mustafa al-Kadhimi spoke.",
            "2021-07-13",
            &[("Mustafa al-Kadhimi", "IRQGOV", "kb.role.office_holder")],
        );
        check(
            "Mustafa al-Kadhimi spoke.",
            "2023-01-01",
            &[("Mustafa al-Kadhimi", "IRQELI", "kb.role.default")],
        );
        check("Jen Psaki said.", "2021-07-13", &[("Jen Psaki", "USAGOV", "kb.role.office_holder")]);
        check("Jen Psaki said.", "2022-06-01", &[("Jen Psaki", "USAMED", "kb.role.default")]);
    }

    #[test]
    fn a_variant_spelling_keeps_the_syllable_count() {
        check("Morales spoke.", "2023-01-01", &[]);
    }

    #[test]
    fn groups_of_states_named_by_region_are_actors() {
        check(
            "Western countries suspended aid.",
            "2024-01-01",
            &[("Western countries", "WST", "kb.alias.exact")],
        );
        check("Gulf states welcomed the deal.", "2024-01-01", &[("Gulf states", "PGS", "kb.alias.exact")]);
        // A place name that starts like a region is not the region.
        check("Western Australia voted.", "2024-01-01", &[]);
        check(
            "Israel left the West Bank.",
            "2024-01-01",
            &[("Israel", "ISR", "kb.alias.exact"), ("West Bank", "PSE", "kb.alias.exact")],
        );
        // Nor is the start of a longer place name the dictionaries lack; a day after
        // the region does not make it a place.
        check("Rebels shelled the West Ghouta region.", "2024-01-01", &[]);
        check(
            "Russia warned the West Tuesday.",
            "2024-01-01",
            &[("Russia", "RUS", "kb.alias.exact"), ("the West", "WST", "kb.alias.exact")],
        );
        check(
            "Russia warned the West.",
            "2024-01-01",
            &[("Russia", "RUS", "kb.alias.exact"), ("the West", "WST", "kb.alias.exact")],
        );
    }

    #[test]
    fn a_title_in_the_text_gives_the_role_the_dictionaries_lack() {
        check(
            "Iraqi Prime Minister Mustafa al-Kadhimi spoke.",
            "2023-01-01",
            &[("Iraqi Prime Minister Mustafa al-Kadhimi", "IRQGOV", "kb.role.title")],
        );
        // A past title is no present role.
        check(
            "Former Iraqi Prime Minister Mustafa al-Kadhimi spoke.",
            "2023-01-01",
            &[("Iraqi Prime Minister Mustafa al-Kadhimi", "IRQELI", "kb.role.default+title")],
        );
    }

    #[test]
    fn handover_day_belongs_to_the_successor() {
        check("Biden spoke.", "2025-01-20", &[("Biden", "USAELI", "kb.role.default")]);
        check("Trump spoke.", "2025-01-20", &[("Trump", "USAGOV", "kb.role.office_holder")]);
    }

    #[test]
    fn titles_merge_with_the_person_they_name() {
        check(
            "Iraqi Prime Minister Mustafa al-Kadhimi will meet with US President Joe Biden.",
            "2021-07-13",
            &[
                ("Iraqi Prime Minister Mustafa al-Kadhimi", "IRQGOV", "kb.role.office_holder+title"),
                ("US President Joe Biden", "USAGOV", "kb.role.office_holder+title"),
            ],
        );
        check(
            "the Obama administration",
            "2021-07-13",
            &[("Obama administration", "USAGOV", "kb.agent.person+role")],
        );
    }

    #[test]
    fn diacritics_fold() {
        check(
            "Erdogan and Erdoğan are one man.",
            "2020-01-01",
            &[("Erdogan", "TURGOV", "kb.role.office_holder"), ("Erdoğan", "TURGOV", "kb.role.office_holder")],
        );
        check(
            "Oficina del Parlamento Iraquí; Türkiye said.",
            "2020-01-01",
            &[("Türkiye", "TUR", "kb.alias.exact")],
        );
    }

    #[test]
    fn iran_never_matches_iraq() {
        let found = mentions("Iran and Iraq", "2020-01-01");
        assert_eq!(
            found.iter().map(|(s, c, ..)| (s.as_str(), c.as_str())).collect::<Vec<_>>(),
            [("Iran", "IRN"), ("Iraq", "IRQ")]
        );
        check_absent("Iranians", "2020-01-01", "Iraq");
    }

    #[test]
    fn short_acronyms_need_upper_case() {
        check_absent("tell us what happened", "2020-01-01", "us");
        check("the US said", "2020-01-01", &[("US", "USA", "kb.alias.exact")]);
        check("the U.S. said", "2020-01-01", &[("U.S.", "USA", "kb.alias.exact")]);
        check_absent("the turkey was roasted", "2020-01-01", "turkey");
    }

    #[test]
    fn pro_stance_is_not_the_country() {
        check(
            "pro-Iranian armed groups fired rockets",
            "2021-07-13",
            &[("pro-Iranian armed groups", "UAF", "kb.agent.pro_stance")],
        );
        let found = mentions("pro-Iranian armed groups", "2021-07-13");
        assert!(found.iter().all(|(_, code, ..)| !code.starts_with("IRN")), "{found:?}");
    }

    #[test]
    fn longest_match_wins() {
        check(
            "the Ain al-Asad air base was hit",
            "2021-07-13",
            &[("Ain al-Asad air base", "IRQMIL", "kb.alias.seat_metonym")],
        );
        check(
            "the Islamic State of Iraq and the Levant",
            "2015-01-01",
            &[("Islamic State of Iraq and the Levant", "IMGMUSISI", "kb.alias.exact")],
        );
    }

    #[test]
    fn lookup_answers_names_ids_and_nothing() {
        let found = kb().lookup("Joe Biden", day("2021-07-13")).expect("Biden is known");
        assert_eq!((found.entity.as_str(), found.code.as_str()), ("person/joe-biden", "USAGOV"));
        assert_eq!(
            kb().lookup("person/joe-biden", day("2026-01-01")).map(|l| l.code),
            Some("USAELI".to_string())
        );
        assert_eq!(kb().lookup("Iraqi militia", None).map(|l| l.entity), Some("agent/IRQUAF".to_string()));
        assert_eq!(kb().lookup("Quux Zorblat", None), None);
        let holder = kb().lookup("the Iraqi prime minister", day("2021-07-13")).expect("a description");
        assert_eq!((holder.entity.as_str(), holder.code.as_str()), ("person/mustafa-al-kadhimi", "IRQGOV"));
        assert_eq!(
            kb().lookup("al-Kazemi", day("2021-07-13")).map(|l| l.entity),
            Some("person/mustafa-al-kadhimi".into())
        );
        assert_eq!(kb().lookup("Badgad", None).map(|l| l.code), None, "typos need a sentence context");
        assert_eq!(kb().lookup("Biden visits Iraq", None), None, "a lookup must match the whole name");
    }

    #[test]
    fn simple_tokens_split_punctuation_and_possessives() {
        let texts: Vec<String> =
            simple_tokens("Iraq's U.S.-led al-Kadhimi, 2,500 (ISIS).").into_iter().map(|t| t.text).collect();
        assert_eq!(
            texts,
            ["Iraq", "'s", "U.S.", "-", "led", "al-Kadhimi", ",", "2,500", "(", "ISIS", ")", "."]
        );
    }
}
