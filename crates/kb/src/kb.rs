//! The compiled knowledge base: entities, their aliases and dated roles, role words, and
//! the Aho-Corasick automaton over folded aliases.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;
use std::path::Path;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use chrono::NaiveDate;
use toml::Spanned;

use crate::dict::{self, DictFile, Source};
use crate::error::KbError;
use crate::normalize::{alias_words, alias_words_possessive, CaseRule};

/// What an entity is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EntityKind {
    /// A country or territory (ISO 3166 alpha-3 code).
    Country,
    /// An intergovernmental organisation.
    Igo,
    /// An armed, militant or political group.
    Group,
    /// A person with dated roles.
    Person,
}

impl EntityKind {
    /// The prefix of entity ids of this kind (`"person"`).
    pub fn as_str(&self) -> &'static str {
        match self {
            EntityKind::Country => "country",
            EntityKind::Igo => "igo",
            EntityKind::Group => "group",
            EntityKind::Person => "person",
        }
    }
}

/// One dated role of a person.
#[derive(Debug, Clone, PartialEq)]
pub struct Role {
    /// The actor code while the role lasts (`"USAGOV"`).
    pub code: String,
    /// The office, in the words of `agents.toml` (`"president"`, `"foreign minister"`).
    pub office: Option<String>,
    /// First day in the role; `None` when unknown or long ago.
    pub start: Option<NaiveDate>,
    /// First day out of the role; `None` while it lasts.
    pub end: Option<NaiveDate>,
    /// `file:line` of the role.
    pub location: String,
}

impl Role {
    /// Whether the role covers `date` (start inclusive, end exclusive).
    pub fn covers(&self, date: NaiveDate) -> bool {
        self.start.is_none_or(|start| start <= date) && self.end.is_none_or(|end| date < end)
    }

    pub(crate) fn describe(&self) -> String {
        let day = |d: Option<NaiveDate>| d.map_or(String::new(), |d| d.to_string());
        format!("{} {}..{}", self.office.as_deref().unwrap_or("role"), day(self.start), day(self.end))
    }
}

/// A country, organisation, group or person.
#[derive(Debug, Clone, PartialEq)]
pub struct Entity {
    /// Stable id (`"person/joe-biden"`, `"country/IRQ"`).
    pub id: String,
    /// What it is.
    pub kind: EntityKind,
    /// Canonical name.
    pub name: String,
    /// Code outside every role (for people) or the entity's code.
    pub code: String,
    /// Home country code, if any.
    pub country: Option<String>,
    /// Dated roles (people only).
    pub roles: Vec<Role>,
    /// The names it is matched by, as written in the dictionary.
    pub aliases: Vec<String>,
    /// The dictionary entry (`"actors/people.toml: joe-biden"`).
    pub entry: String,
    /// `file:line` of the entry.
    pub location: String,
}

impl Entity {
    /// The code on `date`, and the role that gave it. Without a date, a role still open
    /// (no end) wins; otherwise the entity's own code.
    pub fn code_on(&self, date: Option<NaiveDate>) -> (&str, Option<&Role>) {
        let role = match date {
            Some(date) => self.roles.iter().filter(|role| role.covers(date)).max_by_key(|role| role.start),
            None => self
                .roles
                .iter()
                .filter(|role| role.end.is_none() && role.start.is_some())
                .max_by_key(|r| r.start),
        };
        match role {
            Some(role) => (role.code.as_str(), Some(role)),
            None => (self.code.as_str(), None),
        }
    }
}

/// A role word with its sector.
#[derive(Debug, Clone, PartialEq)]
pub struct Agent {
    /// The first form listed (`"prime minister"`).
    pub word: String,
    /// The sector block (`"GOV"`).
    pub sector: String,
    /// The office it names, if any.
    pub office: Option<String>,
    /// Takes the sector of a role word before it.
    pub inherits: bool,
    /// Follows a person's name to mean their government.
    pub after_person: bool,
    /// Whether the word alone is a mention.
    pub alone: bool,
    /// The dictionary entry.
    pub entry: String,
}

/// How an alias names its target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TargetKind {
    Name,
    Demonym,
    Capital,
    Seat,
    Agent(usize),
}

/// One reading of one alias.
#[derive(Debug, Clone)]
pub(crate) struct AliasTarget {
    pub kind: TargetKind,
    pub entity: Option<usize>,
    /// The code the alias gives on its own (`"IRQ"`, `"IRQGOV"` for a capital).
    pub code: String,
    pub cases: Vec<CaseRule>,
    /// Per word, whether the alias writes it possessive ("People's"): only there may the
    /// text have a possessive inside the name.
    pub possessive: Vec<bool>,
    pub surface: String,
    /// The folded words run together, for comparing spellings of variants.
    pub spelling: String,
}

/// Counts for the issue's figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct KbStats {
    /// Countries, organisations, groups and people.
    pub entities: usize,
    /// Alias readings (names, demonyms, metonyms) of entities.
    pub aliases: usize,
    /// Dated roles of people.
    pub dated_roles: usize,
    /// Role-word forms (plurals included).
    pub agent_forms: usize,
}

/// One problem found by [`Kb::lint`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LintIssue {
    /// `file:line` of the entry at fault.
    pub location: String,
    /// A short kind (`"duplicate-alias"`, `"alias-collision"`, `"overlapping-roles"`,
    /// `"overlapping-office"`, `"unknown-country"`).
    pub kind: &'static str,
    /// What is wrong, in lower case.
    pub message: String,
}

impl fmt::Display for LintIssue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}: {}", self.location, self.kind, self.message)
    }
}

/// The actor knowledge base, compiled and read-only.
#[derive(Debug, Clone)]
pub struct Kb {
    pub(crate) entities: Vec<Entity>,
    pub(crate) agents: Vec<Agent>,
    pub(crate) targets: Vec<AliasTarget>,
    /// Per automaton pattern, the alias targets it stands for.
    pub(crate) patterns: Vec<Vec<usize>>,
    pub(crate) automaton: AhoCorasick,
    /// Automaton over name skeletons (transliteration variants) and its patterns.
    pub(crate) skeleton_automaton: AhoCorasick,
    /// Per skeleton pattern: (target, whether the text must show an article).
    pub(crate) skeleton_patterns: Vec<Vec<(usize, bool)>>,
    /// Single long names for typo matching: (folded name, skeleton, target).
    pub(crate) typo_names: Vec<(String, String, usize)>,
    pub(crate) modifiers: HashSet<String>,
    pub(crate) by_id: HashMap<String, usize>,
    /// (country code, office) -> (entity, role index), for "the Iraqi prime minister".
    pub(crate) offices: HashMap<(String, String), Vec<(usize, usize)>>,
}

impl Kb {
    /// The dictionaries shipped in the binary.
    pub fn load_embedded() -> Result<Kb, KbError> {
        Kb::from_sources(&dict::embedded_sources())
    }

    /// The shipped dictionaries overlaid by every `*.toml` file in `dir`: an entry with
    /// the id (or country code) of a shipped one replaces it; others are added.
    pub fn load_with_overlay(dir: &Path) -> Result<Kb, KbError> {
        let mut sources = dict::embedded_sources();
        sources.extend(dict::folder_sources(dir)?);
        Kb::from_sources(&sources)
    }

    /// Compiles dictionaries given as text, later sources overriding earlier ones.
    pub fn from_sources(sources: &[Source]) -> Result<Kb, KbError> {
        let files: Vec<DictFile> = sources.iter().map(dict::parse).collect::<Result<_, _>>()?;
        Builder::new(sources, &files).build()
    }

    /// Every entity, in dictionary order.
    pub fn entities(&self) -> &[Entity] {
        &self.entities
    }

    /// The entity with this id (`"person/joe-biden"`).
    pub fn entity(&self, id: &str) -> Option<&Entity> {
        self.by_id.get(id).map(|&idx| &self.entities[idx])
    }

    /// Every role word.
    pub fn agents(&self) -> &[Agent] {
        &self.agents
    }

    /// Who held `office` (`"prime minister"`) of `country` (`"IRQ"`, or an organisation's
    /// whole code such as `"IGOUNO"`) on `date`.
    pub fn office_holder(&self, country: &str, office: &str, date: NaiveDate) -> Option<(&Entity, &Role)> {
        let holders = self.offices.get(&(country.to_string(), office.to_string()))?;
        holders
            .iter()
            .map(|&(entity, role)| (&self.entities[entity], &self.entities[entity].roles[role]))
            .filter(|(_, role)| role.covers(date))
            .max_by_key(|(_, role)| role.start)
    }

    /// Counts of entities, aliases and dated roles.
    pub fn stats(&self) -> KbStats {
        KbStats {
            entities: self.entities.len(),
            aliases: self.targets.iter().filter(|t| t.entity.is_some()).count(),
            dated_roles: self
                .entities
                .iter()
                .map(|e| e.roles.iter().filter(|r| r.start.is_some()).count())
                .sum(),
            agent_forms: self.targets.iter().filter(|t| matches!(t.kind, TargetKind::Agent(_))).count(),
        }
    }

    /// Problems worth fixing in the dictionaries: duplicate aliases, aliases shared by two
    /// entities, overlapping roles of one person, two holders of one office at once, and
    /// country fields that name no country.
    pub fn lint(&self) -> Vec<LintIssue> {
        let mut issues = Vec::new();
        let mut seen: HashMap<String, (usize, &str)> = HashMap::new();
        for target in &self.targets {
            let Some(entity) = target.entity else { continue };
            let key =
                alias_words(&target.surface, true).into_iter().map(|(w, _)| w).collect::<Vec<_>>().join(" ");
            match seen.get(&key) {
                Some(&(other, surface)) if other == entity => issues.push(LintIssue {
                    location: self.entities[entity].location.clone(),
                    kind: "duplicate-alias",
                    message: format!(
                        "{} lists {:?} and {:?}, which fold to the same words",
                        self.entities[entity].id, surface, target.surface
                    ),
                }),
                Some(&(other, surface)) => issues.push(LintIssue {
                    location: self.entities[entity].location.clone(),
                    kind: "alias-collision",
                    message: format!(
                        "{:?} of {} collides with {:?} of {} ({})",
                        target.surface,
                        self.entities[entity].id,
                        surface,
                        self.entities[other].id,
                        self.entities[other].location
                    ),
                }),
                None => {
                    seen.insert(key, (entity, target.surface.as_str()));
                }
            }
        }
        for entity in &self.entities {
            if let Some(country) = &entity.country {
                if self.entity(&format!("country/{country}")).is_none() {
                    issues.push(LintIssue {
                        location: entity.location.clone(),
                        kind: "unknown-country",
                        message: format!(
                            "{} names country {country:?}, which countries.toml does not list",
                            entity.id
                        ),
                    });
                }
            }
            for (i, a) in entity.roles.iter().enumerate() {
                for b in &entity.roles[i + 1..] {
                    if a.code != b.code && overlap(a, b) {
                        issues.push(LintIssue {
                            location: b.location.clone(),
                            kind: "overlapping-roles",
                            message: format!(
                                "{}: {} ({}) overlaps {} ({})",
                                entity.id,
                                b.describe(),
                                b.code,
                                a.describe(),
                                a.code
                            ),
                        });
                    }
                }
            }
        }
        let mut offices: Vec<_> = self.offices.iter().collect();
        offices.sort_by(|a, b| a.0.cmp(b.0));
        for ((country, office), holders) in offices {
            for (i, &(ea, ra)) in holders.iter().enumerate() {
                for &(eb, rb) in &holders[i + 1..] {
                    let (a, b) = (&self.entities[ea].roles[ra], &self.entities[eb].roles[rb]);
                    if ea != eb && overlap(a, b) {
                        issues.push(LintIssue {
                            location: b.location.clone(),
                            kind: "overlapping-office",
                            message: format!(
                                "{country} {office}: {} {} overlaps {} {}",
                                self.entities[eb].id,
                                b.describe(),
                                self.entities[ea].id,
                                a.describe()
                            ),
                        });
                    }
                }
            }
        }
        issues
    }
}

/// Whose office a role code names: the country (`"IRQ"` of `"IRQGOV"`), or the whole
/// organisation code for transnational actors (`"IGOUNO"`), since every IGO shares its
/// first block.
pub(crate) fn office_scope(code: &str) -> &str {
    if ["IGO", "NGO", "IMG"].iter().any(|prefix| code.starts_with(prefix)) {
        code
    } else {
        &code[..3.min(code.len())]
    }
}

fn overlap(a: &Role, b: &Role) -> bool {
    let starts_before_end = |x: &Role, y: &Role| match (x.start, y.end) {
        (Some(start), Some(end)) => start < end,
        _ => true,
    };
    starts_before_end(a, b) && starts_before_end(b, a)
}

/// Whether an alias has a word written in capitals of two letters or more ("ISGS",
/// "AFC-M23").
fn has_acronym(alias: &str) -> bool {
    alias.split(|c: char| c.is_whitespace() || c == '-').any(|word| {
        let letters: Vec<char> = word.chars().filter(|c| c.is_alphabetic()).collect();
        letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase())
    })
}

/// Regular English plurals of a role word's last word.
fn plural(words: &str) -> Option<String> {
    let (head, last) = match words.rsplit_once(' ') {
        Some((head, last)) => (format!("{head} "), last),
        None => (String::new(), words),
    };
    let last_plural = if let Some(stem) = last.strip_suffix("man") {
        format!("{stem}men")
    } else if last.ends_with('y') && !last.ends_with("ay") && !last.ends_with("ey") && !last.ends_with("oy") {
        format!("{}ies", &last[..last.len() - 1])
    } else if ["s", "x", "z", "ch", "sh"].iter().any(|suffix| last.ends_with(suffix)) {
        format!("{last}es")
    } else {
        format!("{last}s")
    };
    Some(format!("{head}{last_plural}"))
}

/// Merges the parsed files and compiles them.
struct Builder<'a> {
    sources: &'a [Source],
    files: &'a [DictFile],
    blocks: HashSet<String>,
    kb_entities: Vec<Entity>,
    agents: Vec<Agent>,
    targets: Vec<AliasTarget>,
}

impl<'a> Builder<'a> {
    fn new(sources: &'a [Source], files: &'a [DictFile]) -> Builder<'a> {
        let mut blocks = HashSet::new();
        for file in files {
            blocks.extend(file.blocks.keys().cloned());
            blocks.extend(file.country.iter().map(|c| c.code.get_ref().clone()));
        }
        Builder { sources, files, blocks, kb_entities: Vec::new(), agents: Vec::new(), targets: Vec::new() }
    }

    fn check_code(&self, source: &Source, field: &str, code: &Spanned<String>) -> Result<String, KbError> {
        let text = code.get_ref().trim();
        let malformed =
            text.is_empty() || !text.len().is_multiple_of(3) || !text.bytes().all(|b| b.is_ascii_uppercase());
        let bad_block = if malformed {
            Some(text.to_string())
        } else {
            (0..text.len())
                .step_by(3)
                .map(|i| &text[i..i + 3])
                .find(|block| !self.blocks.contains(*block))
                .map(str::to_string)
        };
        match bad_block {
            Some(block) => Err(KbError::UnknownCode {
                path: source.path.clone(),
                line: source.line(code),
                field: field.to_string(),
                code: text.to_string(),
                block,
            }),
            None => Ok(text.to_string()),
        }
    }

    fn invalid(source: &Source, line: usize, field: &str, message: impl Into<String>) -> KbError {
        KbError::Invalid {
            path: source.path.clone(),
            line,
            field: field.to_string(),
            message: message.into(),
        }
    }

    fn build(mut self) -> Result<Kb, KbError> {
        // Later files replace earlier entries with the same id, so collect the last
        // definition of each id first and keep the first-seen order.
        let mut order: Vec<String> = Vec::new();
        let mut last: HashMap<String, (usize, EntityKind, usize)> = HashMap::new();
        for (file_idx, file) in self.files.iter().enumerate() {
            let ids = file
                .country
                .iter()
                .enumerate()
                .map(|(i, c)| (format!("country/{}", c.code.get_ref().trim()), EntityKind::Country, i))
                .chain(
                    file.igo
                        .iter()
                        .enumerate()
                        .map(|(i, e)| (format!("igo/{}", e.id.get_ref()), EntityKind::Igo, i)),
                )
                .chain(
                    file.group
                        .iter()
                        .enumerate()
                        .map(|(i, e)| (format!("group/{}", e.id.get_ref()), EntityKind::Group, i)),
                )
                .chain(
                    file.person
                        .iter()
                        .enumerate()
                        .map(|(i, e)| (format!("person/{}", e.id.get_ref()), EntityKind::Person, i)),
                );
            for (id, kind, idx) in ids {
                if last.insert(id.clone(), (file_idx, kind, idx)).is_none() {
                    order.push(id);
                }
            }
        }
        for id in &order {
            let (file_idx, kind, idx) = last[id];
            self.add_entity(id, file_idx, kind, idx)?;
        }
        let mut modifiers = HashSet::new();
        for (file_idx, file) in self.files.iter().enumerate() {
            modifiers.extend(file.modifiers.iter().map(|m| crate::normalize::fold(m)));
            for agent in &file.agent {
                self.add_agent(&self.sources[file_idx], agent)?;
            }
        }
        let mut by_id = HashMap::new();
        let mut offices: HashMap<(String, String), Vec<(usize, usize)>> = HashMap::new();
        for (idx, entity) in self.kb_entities.iter().enumerate() {
            by_id.insert(entity.id.clone(), idx);
            for (role_idx, role) in entity.roles.iter().enumerate() {
                if let Some(office) = &role.office {
                    offices
                        .entry((office_scope(&role.code).to_string(), office.clone()))
                        .or_default()
                        .push((idx, role_idx));
                }
            }
        }
        let mut pattern_of: HashMap<String, usize> = HashMap::new();
        let mut patterns: Vec<Vec<usize>> = Vec::new();
        let mut keys: Vec<String> = Vec::new();
        for (target_idx, target) in self.targets.iter().enumerate() {
            let proper = !matches!(target.kind, TargetKind::Agent(_));
            let key = alias_words(&target.surface, proper)
                .into_iter()
                .map(|(w, _)| w)
                .collect::<Vec<_>>()
                .join(" ");
            let pattern = *pattern_of.entry(key.clone()).or_insert_with(|| {
                keys.push(key);
                patterns.push(Vec::new());
                patterns.len() - 1
            });
            patterns[pattern].push(target_idx);
        }
        let automaton = AhoCorasickBuilder::new()
            .match_kind(MatchKind::Standard)
            .build(&keys)
            .map_err(KbError::Matcher)?;
        // Skeletons of proper names, for transliteration variants and typos.
        let mut skeleton_of: HashMap<String, usize> = HashMap::new();
        let mut skeleton_patterns: Vec<Vec<(usize, bool)>> = Vec::new();
        let mut skeleton_keys: Vec<String> = Vec::new();
        let mut typo_names = Vec::new();
        for (target_idx, target) in self.targets.iter().enumerate() {
            // Acronyms ("ISGS", "JNIM") are not transliterated: matched by skeleton or as
            // typos they would read capitalised words ("Isaacs") as the organisation.
            if matches!(target.kind, TargetKind::Agent(_)) || has_acronym(&target.surface) {
                continue;
            }
            let words: Vec<String> = alias_words(&target.surface, true).into_iter().map(|(w, _)| w).collect();
            if let Some((key, needs_article)) = crate::variant::alias_skeleton_rule(&words) {
                let pattern = *skeleton_of.entry(key.clone()).or_insert_with(|| {
                    skeleton_keys.push(key);
                    skeleton_patterns.push(Vec::new());
                    skeleton_patterns.len() - 1
                });
                skeleton_patterns[pattern].push((target_idx, needs_article));
            }
            let names: Vec<&String> = words.iter().filter(|w| !crate::variant::is_article(w)).collect();
            let place_or_group = target
                .entity
                .is_some_and(|e| matches!(self.kb_entities[e].kind, EntityKind::Country | EntityKind::Group));
            if let [name] =
                names.as_slice().iter().filter(|_| place_or_group).copied().collect::<Vec<_>>().as_slice()
            {
                if name.len() >= 6 {
                    typo_names.push(((*name).clone(), crate::variant::skeleton(name), target_idx));
                }
            }
        }
        // Sorted by name so that typo lookups scan only names with the word's first letter.
        typo_names.sort();
        let skeleton_automaton = AhoCorasickBuilder::new()
            .match_kind(MatchKind::Standard)
            .build(&skeleton_keys)
            .map_err(KbError::Matcher)?;
        Ok(Kb {
            entities: self.kb_entities,
            agents: self.agents,
            targets: self.targets,
            patterns,
            automaton,
            skeleton_automaton,
            skeleton_patterns,
            typo_names,
            modifiers,
            by_id,
            offices,
        })
    }

    fn push_alias(
        &mut self,
        source: &Source,
        line: usize,
        kind: TargetKind,
        entity: Option<usize>,
        code: &str,
        surface: &str,
    ) -> Result<(), KbError> {
        let proper = !matches!(kind, TargetKind::Agent(_));
        let words = alias_words_possessive(surface, proper);
        if words.is_empty() {
            return Err(Builder::invalid(
                source,
                line,
                "aliases",
                format!("alias {surface:?} has no letters or digits"),
            ));
        }
        self.targets.push(AliasTarget {
            kind,
            entity,
            code: code.to_string(),
            spelling: words.iter().map(|(word, ..)| word.as_str()).collect(),
            possessive: words.iter().map(|&(.., possessive)| possessive).collect(),
            cases: words.into_iter().map(|(_, case, _)| case).collect(),
            surface: surface.to_string(),
        });
        Ok(())
    }

    fn add_entity(&mut self, id: &str, file_idx: usize, kind: EntityKind, idx: usize) -> Result<(), KbError> {
        let source = &self.sources[file_idx];
        let file = &self.files[file_idx];
        let entity_idx = self.kb_entities.len();
        let key = id.split_once('/').map_or(id, |(_, key)| key);
        let entry = format!("{}: {key}", source.name());
        match kind {
            EntityKind::Country => {
                let c = &file.country[idx];
                let line = source.line(&c.code);
                let code = self.check_code(source, "code", &c.code)?;
                let location = format!("{}:{line}", source.name());
                let mut aliases = vec![c.name.clone()];
                aliases.extend(c.names.iter().cloned());
                self.kb_entities.push(Entity {
                    id: id.to_string(),
                    kind,
                    name: c.name.clone(),
                    code: code.clone(),
                    country: None,
                    roles: Vec::new(),
                    aliases: aliases.clone(),
                    entry,
                    location,
                });
                for alias in &aliases {
                    self.push_alias(source, line, TargetKind::Name, Some(entity_idx), &code, alias)?;
                }
                for demonym in &c.demonyms {
                    self.push_alias(source, line, TargetKind::Demonym, Some(entity_idx), &code, demonym)?;
                }
                let government = format!("{code}GOV");
                for capital in &c.capitals {
                    self.push_alias(
                        source,
                        line,
                        TargetKind::Capital,
                        Some(entity_idx),
                        &government,
                        capital,
                    )?;
                }
                for (seat, seat_code) in &c.seats {
                    let seat_code = self.check_code(source, "seats", seat_code)?;
                    self.push_alias(source, line, TargetKind::Seat, Some(entity_idx), &seat_code, seat)?;
                }
            }
            EntityKind::Igo | EntityKind::Group => {
                let e = if kind == EntityKind::Igo { &file.igo[idx] } else { &file.group[idx] };
                let line = source.line(&e.id);
                let code = self.check_code(source, "code", &e.code)?;
                let country = match &e.country {
                    Some(country) => Some(self.check_code(source, "country", country)?),
                    None => None,
                };
                let mut aliases = vec![e.name.clone()];
                aliases.extend(e.aliases.iter().cloned());
                self.kb_entities.push(Entity {
                    id: id.to_string(),
                    kind,
                    name: e.name.clone(),
                    code: code.clone(),
                    country,
                    roles: Vec::new(),
                    aliases: aliases.clone(),
                    entry,
                    location: format!("{}:{line}", source.name()),
                });
                for alias in &aliases {
                    self.push_alias(source, line, TargetKind::Name, Some(entity_idx), &code, alias)?;
                }
                for demonym in &e.demonyms {
                    self.push_alias(source, line, TargetKind::Demonym, Some(entity_idx), &code, demonym)?;
                }
            }
            EntityKind::Person => {
                let p = &file.person[idx];
                let line = source.line(&p.id);
                let country = self.check_code(source, "country", &p.country)?;
                let code = match &p.code {
                    Some(code) => self.check_code(source, "code", code)?,
                    None => format!("{country}ELI"),
                };
                let mut roles = Vec::new();
                for role in &p.roles {
                    let role_line = source.line(&role.code);
                    let start = dict::parse_date(source, "start", &role.start)?;
                    let end = dict::parse_date(source, "end", &role.end)?;
                    if let (Some(start), Some(end)) = (start, end) {
                        if end <= start {
                            return Err(Builder::invalid(
                                source,
                                role_line,
                                "end",
                                format!("role ends ({end}) before it starts ({start})"),
                            ));
                        }
                    }
                    roles.push(Role {
                        code: self.check_code(source, "roles.code", &role.code)?,
                        office: role.office.clone(),
                        start,
                        end,
                        location: format!("{}:{role_line}", source.name()),
                    });
                }
                let mut aliases = vec![p.name.clone()];
                aliases.extend(p.aliases.iter().cloned());
                self.kb_entities.push(Entity {
                    id: id.to_string(),
                    kind,
                    name: p.name.clone(),
                    code: code.clone(),
                    country: Some(country),
                    roles,
                    aliases: aliases.clone(),
                    entry,
                    location: format!("{}:{line}", source.name()),
                });
                for alias in &aliases {
                    self.push_alias(source, line, TargetKind::Name, Some(entity_idx), &code, alias)?;
                }
            }
        }
        Ok(())
    }

    fn add_agent(&mut self, source: &Source, agent: &dict::AgentEntry) -> Result<(), KbError> {
        let line = source.line(&agent.words);
        let sector = self.check_code(source, "sector", &agent.sector)?;
        let Some(first) = agent.words.get_ref().first() else {
            return Err(Builder::invalid(source, line, "words", "an agent needs at least one word"));
        };
        let agent_idx = self.agents.len();
        self.agents.push(Agent {
            word: first.clone(),
            sector: sector.clone(),
            office: agent.office.clone(),
            inherits: agent.inherits,
            after_person: agent.after_person,
            alone: agent.alone,
            entry: format!("{}: {first}", source.name()),
        });
        let mut forms: BTreeMap<String, ()> = BTreeMap::new();
        for word in agent.words.get_ref() {
            forms.insert(word.to_lowercase(), ());
            if agent.plural {
                if let Some(plural) = plural(&word.to_lowercase()) {
                    forms.insert(plural, ());
                }
            }
        }
        for form in forms.keys() {
            self.push_alias(source, line, TargetKind::Agent(agent_idx), None, &sector, form)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn acronyms_are_words_in_capitals() {
        assert!(has_acronym("ISGS"));
        assert!(has_acronym("AFC-M23"));
        assert!(has_acronym("IRGC Quds Force"));
        assert!(!has_acronym("Islamic State"));
        assert!(!has_acronym("AfD"));
        assert!(!has_acronym("M23"));
    }

    #[test]
    fn plurals_follow_english_spelling() {
        assert_eq!(plural("spokesman").as_deref(), Some("spokesmen"));
        assert_eq!(plural("militia").as_deref(), Some("militias"));
        assert_eq!(plural("armed group").as_deref(), Some("armed groups"));
        assert_eq!(plural("secretary").as_deref(), Some("secretaries"));
        assert_eq!(plural("attorney").as_deref(), Some("attorneys"));
        assert_eq!(plural("press secretary").as_deref(), Some("press secretaries"));
    }
}
