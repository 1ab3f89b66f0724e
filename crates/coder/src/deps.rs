//! Source and target from the dependency parse.
//!
//! The source of a verb is its subject (through coordination and control: "X is
//! expected to push for" takes X), the target its object or the object of the
//! pattern's preposition; a passive's source is its agent ("by X") and its target the
//! passive subject. Event nouns take their source from a possessive, a modifier or a
//! "by" phrase and their target from the pattern's preposition. Coordinated actors
//! give one event each. A noun phrase without an actor of its own can stand for the
//! people it houses: "the air base, which hosts US troops" is US troops.

use std::ops::Range;

use dyad_syntax::tree::Tree;

/// Verbs whose object a place stands for when the place is attacked or visited.
const HOUSING_VERBS: &[&str] = &["host", "house", "station", "shelter", "accommodate", "hold"];

/// The most actors taken from one coordination group, so a list of twenty countries
/// does not explode into hundreds of dyads.
const MAX_CONJUNCTS: usize = 6;

/// What the coder matched, for the parse-based role finder.
pub struct DepTrigger<'a> {
    /// The verb or event noun.
    pub token: usize,
    /// Whether it is an event noun.
    pub nominal: bool,
    /// Prepositions whose object is the target (empty: the direct object).
    pub target_preps: &'a [String],
    /// Prepositions introducing a nominal's source ("by").
    pub source_preps: &'a [String],
    /// Whether the pattern constrains the direct object (then the object is not the target).
    pub object_constrained: bool,
    /// Whether the event states its own condition (a threat, an ultimatum).
    pub conditional_by_nature: bool,
}

pub(crate) fn lemma(tree: &Tree<'_>, idx: usize) -> String {
    let token = &tree.tokens()[idx];
    if token.lemma.is_empty() {
        token.text.to_lowercase()
    } else {
        token.lemma.to_lowercase()
    }
}

/// Nouns for places that stand for whoever they house when attacked or visited.
const SITE_NOUNS: &[&str] = &[
    "base", "airbase", "camp", "compound", "facility", "barracks", "outpost", "post", "garrison", "embassy",
    "airport", "airfield",
];

/// The actor a housing relative clause names: "the base, which hosts US troops".
fn housed_actor(tree: &Tree<'_>, actors: &[Range<usize>], head: usize, depth: usize) -> Option<usize> {
    if depth > 0 {
        return None;
    }
    let clauses: Vec<usize> =
        tree.relative_clauses(head).into_iter().chain(tree.children_with(head, "acl")).collect();
    // "which hosts US troops": whom the site houses is the object; "where coalition
    // forces are stationed": the subject of a passive of stationing.
    let hosted = clauses
        .iter()
        .filter(|&&clause| HOUSING_VERBS.contains(&lemma(tree, clause).as_str()))
        .flat_map(|&clause| tree.objects(clause));
    let stationed = clauses
        .iter()
        .filter(|&&clause| STATIONING_VERBS.contains(&lemma(tree, clause).as_str()))
        .flat_map(|&clause| tree.children_with(clause, "nsubj:pass"));
    hosted.chain(stationed).find_map(|word| actor_of(tree, actors, word, depth + 1))
}

/// Verbs whose passive says who is at a site: "where US troops are stationed".
const STATIONING_VERBS: &[&str] = &["station", "base", "deploy", "garrison", "house", "post"];

/// The actor standing for the noun phrase headed by `head`, as an index into `actors`.
fn actor_of(tree: &Tree<'_>, actors: &[Range<usize>], head: usize, depth: usize) -> Option<usize> {
    // A site is coded as the people it houses, when the text says who they are.
    if SITE_NOUNS.contains(&lemma(tree, head).as_str()) {
        if let Some(housed) = housed_actor(tree, actors, head, depth) {
            return Some(housed);
        }
    }
    // A relative pronoun stands for its antecedent.
    let head = match tree.tokens()[head].xpos.as_str() {
        "WDT" | "WP" => {
            tree.head(head).and_then(|clause| tree.relative_clause_antecedent(clause)).unwrap_or(head)
        }
        _ => head,
    };
    // "fighters of the Islamic State", "members of Hamas": the group, not bare armed
    // people (who would take a country from the place).
    if GROUP_MEMBER_NOUNS.contains(&lemma(tree, head).as_str()) {
        let of = ["of".to_string()];
        if let Some(found) = heads_with_preposition(tree, head, "nmod", &of)
            .into_iter()
            .find_map(|n| actors.iter().position(|range| range.contains(&n)))
        {
            return Some(found);
        }
    }
    if let Some(i) = actors.iter().position(|range| range.contains(&head)) {
        return Some(i);
    }
    let phrase = tree.noun_phrase(head);
    // The rightmost actor inside the phrase: "senior Iranian general Qassem Soleimani"
    // is the person, "the Iraqi prime minister" the office.
    if let Some((i, _)) = actors
        .iter()
        .enumerate()
        // Only words up to the head: in "the meeting between Biden and al-Kazemi" the
        // meeting is not Biden.
        .filter(|(_, range)| range.start >= phrase.start && range.end <= phrase.end && range.start <= head)
        .max_by_key(|(_, range)| range.end)
    {
        return Some(i);
    }
    // "a member of Kataib Hezbollah", "the leader of Hamas": people named by the
    // group they belong to.
    if MEMBER_NOUNS.contains(&lemma(tree, head).as_str()) {
        let of = ["of".to_string()];
        if let Some(found) = heads_with_preposition(tree, head, "nmod", &of)
            .into_iter()
            .find_map(|n| actor_of(tree, actors, n, depth + 1))
        {
            return Some(found);
        }
    }
    housed_actor(tree, actors, head, depth)
}

/// Nouns for armed people that take the identity of the group after "of", even where
/// the knowledge base reads them as actors of their own.
const GROUP_MEMBER_NOUNS: &[&str] =
    &["fighter", "militant", "member", "gunman", "insurgent", "jihadist", "militiaman", "guerrilla"];

/// Nouns for people that take the identity of the group after "of".
const MEMBER_NOUNS: &[&str] = &[
    "member",
    "leader",
    "head",
    "chief",
    "commander",
    "supporter",
    "fighter",
    "official",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "delegation",
    "envoy",
    "representative",
    "militant",
    "soldier",
    "minister",
    // Crowds and counts: "thousands of Iranians", "a group of protesters".
    "thousand",
    "hundred",
    "dozen",
    "million",
    "group",
    "crowd",
    "number",
    "some",
    "many",
];

/// Every actor of the coordination group around `head`.
fn actors_of_group(tree: &Tree<'_>, actors: &[Range<usize>], head: usize) -> Vec<usize> {
    let mut found = Vec::new();
    for conjunct in tree.conjuncts(head).into_iter().take(MAX_CONJUNCTS) {
        if let Some(actor) = actor_of(tree, actors, conjunct, 0) {
            if !found.contains(&actor) {
                found.push(actor);
            }
        }
    }
    found
}

fn heads_with_preposition(tree: &Tree<'_>, of: usize, relation: &str, preps: &[String]) -> Vec<usize> {
    tree.children_with(of, relation)
        .into_iter()
        .filter(|&child| tree.case_marker(child).1.is_some_and(|p| preps.contains(&p)))
        .collect()
}

/// What the parse says about a trigger's participants.
#[derive(Debug, Clone, Default)]
pub struct DepRoles {
    /// Source actors (several when coordinated).
    pub sources: Vec<usize>,
    /// Target actors.
    pub targets: Vec<usize>,
    /// Whether the verb is passive.
    pub passive: bool,
    /// The verb has a subject that is not a political actor ("the meeting will
    /// discuss"): whatever happened, no actor did it.
    pub non_actor_subject: bool,
    /// The subject is a weapon or a count of them ("a rocket hit the base", "another
    /// three landed near the embassy"): someone unnamed acted.
    pub instrument_subject: bool,
    /// The targets were found only inside the verb's noun phrases, not as its
    /// arguments ("exercises near the Ethiopian border"): a weak reading that
    /// coordinated sides of a joint event override.
    pub nested_targets: bool,
}

/// Verbs of handing people or things over, whose "to" names the receiver.
const TRANSFER_VERBS: &[&str] =
    &["extradite", "hand", "deport", "send", "return", "transfer", "deliver", "repatriate"];

/// Verbs of bringing two sides to an agreement.
const MEDIATION_VERBS: &[&str] = &["broker", "mediate", "facilitate"];

/// "in a deal brokered by China": the mediator is the participle's agent, and the
/// sides are whoever made the deal, the doers of the clause the deal belongs to and
/// whom they dealt "with" ("agreed to normalise relations with Israel").
fn mediation_of_a_deal(
    tree: &Tree<'_>,
    participle: usize,
    collect: &dyn Fn(Vec<usize>) -> Vec<usize>,
) -> Option<DepRoles> {
    if !MEDIATION_VERBS.contains(&lemma(tree, participle).as_str()) || !tree.has_relation(participle, "acl") {
        return None;
    }
    let mediators = collect(tree.agents(participle));
    let clause = tree.head(participle).and_then(|deal| tree.head(deal))?;
    if mediators.is_empty() {
        return None;
    }
    let mut doers = tree.subjects(clause);
    // An infinitive's doer is its governing verb's subject ("Morocco agreed to normalise").
    if doers.is_empty() && tree.has_relation(clause, "xcomp") {
        doers = tree.head(clause).map(|governor| tree.subjects(governor)).unwrap_or_default();
    }
    let with = ["with".to_string()];
    let mut partners = heads_with_preposition(tree, clause, "obl", &with);
    for object in tree.objects(clause) {
        partners.extend(
            phrase_modifiers(tree, object)
                .into_iter()
                .filter(|&m| tree.case_marker(m).1.as_deref() == Some("with")),
        );
    }
    let mut sides = collect(doers);
    sides.extend(collect(partners).into_iter().filter(|side| !sides.contains(side)).collect::<Vec<_>>());
    sides.retain(|side| !mediators.contains(side));
    Some(DepRoles { sources: mediators, targets: sides, ..DepRoles::default() })
}

/// Weapons that stand as the subject of an attack whose attacker is unnamed.
const INSTRUMENTS: &[&str] = &[
    // An attacker the text does not identify is as anonymous as the weapon.
    "bomber",
    "rocket",
    "missile",
    "mortar",
    "shell",
    "drone",
    "bomb",
    "grenade",
    "projectile",
    "round",
    "explosion",
    "blast",
    "barrage",
    "salvo",
    "volley",
    "landmine",
    "mine",
    "ied",
    "gunfire",
    "sniper",
    "gunman",
    // An attack that killed: its doer is its owner or its "by" ("a sarin attack by
    // Syrian warplanes killed 80 people").
    "attack",
    "strike",
    "airstrike",
    "bombing",
    "raid",
    "shelling",
    "bombardment",
];

/// Nouns for a conflict as a whole, which does things to people without a doer.
const CONFLICT_NOUNS: &[&str] = &[
    "conflict",
    "war",
    "violence",
    "fighting",
    "crisis",
    "unrest",
    "insurgency",
    "uprising",
    "turmoil",
    "chaos",
];

/// Verbs that only carry the event their object names: whoever launches, stages or
/// resumes an attack is its attacker. Verbs that judge or report an event
/// ("condemned the attack", "denied the raid") are not among them.
const SUPPORT_VERBS: &[&str] = &[
    "launch",
    "begin",
    "start",
    "resume",
    "continue",
    "conduct",
    "stage",
    "mount",
    "wage",
    "hold",
    "carry",
    "step",
    "intensify",
    "escalate",
    "undertake",
    "commit",
    "perpetrate",
    "renew",
    "order",
    "unleash",
    "initiate",
    "expand",
    "widen",
];

fn is_support_verb(tree: &Tree<'_>, idx: usize) -> bool {
    tree.tokens()[idx].upos == dyad_model::Upos::Verb && SUPPORT_VERBS.contains(&lemma(tree, idx).as_str())
}

/// Source and target candidates (each a list, for coordination) for a trigger.
pub fn assign_by_deps(
    tree: &Tree<'_>,
    actors: &[Range<usize>],
    trigger: &DepTrigger<'_>,
    headline: bool,
) -> DepRoles {
    let v = trigger.token;
    let collect = |heads: Vec<usize>| -> Vec<usize> {
        let mut out = Vec::new();
        for head in heads {
            for actor in actors_of_group(tree, actors, head) {
                if !out.contains(&actor) {
                    out.push(actor);
                }
            }
        }
        out
    };
    if trigger.nominal {
        let mut sources = collect(
            tree.children(v)
                .iter()
                .copied()
                .filter(|&c| {
                    tree.has_relation(c, "nmod:poss")
                        || tree.has_relation(c, "compound")
                        || tree.has_relation(c, "amod")
                })
                .collect(),
        );
        if sources.is_empty() && !trigger.source_preps.is_empty() {
            sources = collect(heads_with_preposition(tree, v, "nmod", trigger.source_preps));
        }
        let between = heads_with_preposition(tree, v, "nmod", &["between".to_string()]);
        if let Some(&first) = between.first() {
            let group = actors_of_group(tree, actors, first);
            // "talks between the government and FARC rebels": both sides do it,
            // each to the other (the caller pairs a doing group reciprocally).
            if group.len() >= 2 {
                return DepRoles { sources: group, ..DepRoles::default() };
            }
        }
        // "laid a wreath during a visit to Kyiv", "met Xi on a trip to Beijing": an
        // event noun that says when the clause's doer did something is that doer's.
        if sources.is_empty() && tree.has_relation(v, "obl") {
            // "on" is also "about" ("declined to comment on the talks"): only journeys.
            let journey = matches!(lemma(tree, v).as_str(), "visit" | "trip" | "tour" | "mission");
            let when = tree.case_marker(v).1.is_some_and(|p| p == "during" || (p == "on" && journey));
            if let Some(verb) = tree.head(v).filter(|&h| when && !tree.is_passive(h)) {
                sources = collect(tree.subjects(verb));
            }
        }
        let mut targets = collect(heads_with_preposition(tree, v, "nmod", trigger.target_preps));
        // An event noun carried by a support verb takes the verb's doer, and its
        // target from the verb's obliques: "Russian forces launched an invasion of
        // Ukraine", "Israel resumed its bombardment of Gaza", "staged raids on".
        if let Some(support) =
            tree.head(v).filter(|&h| tree.has_relation(v, "obj") && is_support_verb(tree, h))
        {
            if sources.is_empty() {
                let doers =
                    if tree.is_passive(support) { tree.agents(support) } else { tree.subjects(support) };
                sources = collect(doers);
            }
            if targets.is_empty() {
                targets = collect(heads_with_preposition(tree, support, "obl", trigger.target_preps));
            }
            targets.retain(|t| !sources.contains(t));
        }
        return DepRoles { sources, targets, ..DepRoles::default() };
    }
    if let Some(roles) = mediation_of_a_deal(tree, v, &collect) {
        return roles;
    }
    let passive = tree.is_passive(v);
    let mut subject_heads = tree.subjects(v);
    // Headlines drop the auxiliary: in "Iraq's prime minister to meet Biden" the verb
    // hangs off the noun that is its subject.
    if subject_heads.is_empty()
        && headline
        && tree.has_relation(v, "acl")
        && !tree.has_relation(v, "acl:relcl")
    {
        subject_heads.extend(tree.head(v));
    }
    // A nominal with its own preposition cannot be a subject: the parser has
    // misattached a fronted "in Washington", whose apposition is the real subject.
    let subject_heads: Vec<usize> = subject_heads
        .into_iter()
        .flat_map(|head| {
            if tree.children_with(head, "case").is_empty() {
                vec![head]
            } else {
                tree.children_with(head, "appos")
            }
        })
        .collect();
    // "The Syrian conflict has killed 250,000 people": a war is nobody's act; the
    // country named in it is where, not who.
    let mut subjects = collect(
        subject_heads
            .iter()
            .copied()
            .filter(|&s| !CONFLICT_NOUNS.contains(&lemma(tree, s).as_str()))
            .collect(),
    );
    let is_instrument = |s: usize| {
        INSTRUMENTS.contains(&lemma(tree, s).as_str()) || tree.tokens()[s].upos == dyad_model::Upos::Num
    };
    if !passive && subjects.is_empty() {
        // "Russian missiles hit Kharkiv": whose weapon it was is who attacked.
        let owners: Vec<usize> = subject_heads
            .iter()
            .filter(|&&s| is_instrument(s))
            .flat_map(|&s| {
                tree.children(s).iter().copied().filter(|&c| {
                    tree.has_relation(c, "amod")
                        || tree.has_relation(c, "nmod:poss")
                        || tree.has_relation(c, "compound")
                })
            })
            .collect();
        subjects = collect(owners);
    }
    if !passive && subjects.is_empty() {
        // "Two explosions claimed by the Islamic State killed...", "rockets fired by
        // militias hit...": whoever the weapon's participle names as its agent.
        let by = ["by".to_string()];
        let claimants: Vec<usize> = subject_heads
            .iter()
            .filter(|&&s| is_instrument(s))
            .flat_map(|&s| {
                let mut agents: Vec<usize> = tree
                    .children_with(s, "acl")
                    .into_iter()
                    .flat_map(|participle| tree.agents(participle))
                    .collect();
                agents.extend(heads_with_preposition(tree, s, "nmod", &by));
                agents
            })
            .collect();
        subjects = collect(claimants);
    }
    let instrument_subject =
        !passive && subjects.is_empty() && subject_heads.iter().any(|&s| is_instrument(s));
    let non_actor_subject = !passive
        && !instrument_subject
        && subjects.is_empty()
        && subject_heads.iter().any(|&s| {
            matches!(tree.tokens()[s].upos, dyad_model::Upos::Noun | dyad_model::Upos::Propn)
                || tree.tokens()[s].xpos.starts_with('W')
        });
    // The pattern's preposition may attach to the verb ("fired at the base") or to
    // its object ("imposed sanctions on Iran").
    let prep_targets = || {
        let mut heads = heads_with_preposition(tree, v, "obl", trigger.target_preps);
        for object in tree.objects(v) {
            heads.extend(
                phrase_modifiers(tree, object)
                    .into_iter()
                    .filter(|&m| tree.case_marker(m).1.is_some_and(|p| trigger.target_preps.contains(&p))),
            );
        }
        collect(heads)
    };
    let common: Vec<String> =
        ["to", "with", "against", "on", "from", "for"].iter().map(|p| p.to_string()).collect();
    let (sources, mut targets) = if passive {
        let mut agents = collect(tree.agents(v));
        // "were killed in basements by the Turkish army": the parser hung the agent
        // on the oblique before it.
        if agents.is_empty() {
            let by = ["by".to_string()];
            agents = collect(
                tree.children_with(v, "obl")
                    .into_iter()
                    .filter(|&obl| tree.case_marker(obl).1.as_deref() != Some("by"))
                    .flat_map(|obl| heads_with_preposition(tree, obl, "nmod", &by))
                    .collect(),
            );
        }
        let targets = if trigger.target_preps.is_empty() { subjects.clone() } else { prep_targets() };
        (agents, targets)
    } else if !trigger.target_preps.is_empty() {
        (subjects.clone(), prep_targets())
    } else if trigger.object_constrained {
        // The pattern's object is a thing ("aid", "sanctions"); the target is a
        // person or state among the other arguments: "urged Iran to release",
        // "gave Ukraine aid", "sought a loan from the IMF".
        let mut heads = tree.objects(v);
        heads.extend(tree.indirect_objects(v));
        let mut targets = collect(heads);
        if targets.is_empty() {
            targets = collect(heads_with_preposition(tree, v, "obl", &common));
        }
        (subjects.clone(), targets)
    } else {
        let mut targets = collect(tree.objects(v));
        if targets.is_empty() {
            // "Turkey asked Sweden to extradite members of the PKK": the one asked is
            // the target, not an actor inside what was asked for.
            targets = collect(tree.indirect_objects(v));
        }
        (subjects.clone(), targets)
    };
    if !passive && targets.is_empty() {
        // The object may be a clause: "demanded that NATO withdraw" (its subject),
        // "threatened to cut ties with Guatemala" (its object or oblique), "warned
        // that Russia's war ..." (its subject's owner).
        for clause in tree.children_with(v, "ccomp").into_iter().chain(tree.children_with(v, "xcomp")) {
            if tree.has_relation(clause, "ccomp") {
                let clause_subjects = tree.children_with(clause, "nsubj");
                targets = collect(clause_subjects.clone());
                if targets.is_empty() {
                    let owners: Vec<usize> =
                        clause_subjects.iter().flat_map(|&s| tree.children_with(s, "nmod:poss")).collect();
                    targets = collect(owners);
                }
            }
            // "refused to extradite activists to Poland": who would receive them is
            // whom the refusal is aimed at, not the people handed over.
            if targets.is_empty() && TRANSFER_VERBS.contains(&lemma(tree, clause).as_str()) {
                targets = collect(heads_with_preposition(tree, clause, "obl", &["to".to_string()]));
            }
            if targets.is_empty() {
                let mut heads = tree.objects(clause);
                heads.extend(tree.indirect_objects(clause));
                targets = collect(heads);
            }
            if targets.is_empty() {
                // "threatened to cut ties with Guatemala": the oblique may hang on the
                // complement's object.
                let mut heads = heads_with_preposition(tree, clause, "obl", &common);
                for object in tree.objects(clause) {
                    heads.extend(heads_with_preposition(tree, object, "nmod", &common));
                }
                targets = collect(heads);
            }
            targets.retain(|t| !sources.contains(t));
            if !targets.is_empty() {
                break;
            }
        }
    }
    let mut nested_targets = false;
    if !passive && targets.is_empty() && trigger.object_constrained {
        // "declined to comment on the talks with Ukraine": the one actor the
        // pattern's object is about.
        let mut heads: Vec<usize> = tree.objects(v);
        heads.extend(tree.children_with(v, "obl"));
        // The pattern's object may be a complement verb ("declined to comment on the
        // talks with Ukraine"), whose obliques say what it is about.
        for complement in tree.children_with(v, "xcomp") {
            heads.extend(tree.children_with(complement, "obl"));
        }
        let nested: Vec<usize> = heads
            .iter()
            .flat_map(|&h| tree.children_with(h, "nmod"))
            .filter(|&n| tree.case_marker(n).1.is_some_and(|p| p != "of"))
            .collect();
        targets = collect(nested);
        targets.retain(|t| !sources.contains(t));
        nested_targets = !targets.is_empty();
    }
    if trigger.conditional_by_nature && targets.is_empty() {
        // "Russia threatened to halt the grain deal unless the West eases restrictions":
        // whoever must meet a threat's condition is the one threatened.
        let mut predicates = vec![v];
        predicates.extend(tree.children_with(v, "xcomp"));
        let bound: Vec<usize> = predicates
            .into_iter()
            .flat_map(|p| tree.children_with(p, "advcl"))
            .filter(|&clause| {
                tree.children_with(clause, "mark")
                    .into_iter()
                    .any(|mark| CONDITIONAL_MARKS.contains(&tree.tokens()[mark].text.to_lowercase().as_str()))
            })
            .flat_map(|clause| tree.subjects(clause))
            .collect();
        targets = collect(bound).into_iter().filter(|t| !sources.contains(t)).collect();
    }
    if !passive && !trigger.nominal && targets.is_empty() {
        // Last, an actor inside the verb's own noun phrases: "stormed the residence of Sri
        // Lanka's president", "froze the assets of Apple Daily". Only phrase-internal
        // relations are followed, so clauses hanging off a noun keep their actors.
        targets = nested_actor(tree, actors, v, trigger.object_constrained)
            .into_iter()
            .filter(|t| !sources.contains(t))
            .collect();
        nested_targets = !targets.is_empty();
    }
    DepRoles { sources, targets, passive, non_actor_subject, instrument_subject, nested_targets }
}

const CONDITIONAL_MARKS: &[&str] = &["if", "unless", "whether"];
const REPORTING_VERBS: &[&str] =
    &["say", "tell", "announce", "state", "add", "declare", "confirm", "report", "write", "insist", "signal"];
const HYPOTHETICAL_MODALS: &[&str] = &["would", "could", "might", "may", "should", "'d"];

/// What the parse says about an event's modality, where it says something the word
/// window cannot see: negation anywhere on the predicate, a conditional clause, a
/// speculative modal. `conditions` says whether a condition makes the event
/// hypothetical: it does not for acts that state their condition (threats).
pub fn modality_from_tree(
    tree: &Tree<'_>,
    predicate: usize,
    conditions: bool,
) -> Option<dyad_model::Modality> {
    use dyad_model::Modality;
    if tree.is_negated(predicate) {
        return Some(Modality::Negated);
    }
    if !conditions {
        return modal_reading(tree, predicate);
    }
    // "Israel would strike if Tehran moved to build a bomb": the consequence of a
    // condition is as hypothetical as the condition.
    let has_condition = tree.children_with(predicate, "advcl").into_iter().any(|clause| {
        tree.children_with(clause, "mark")
            .into_iter()
            .any(|mark| CONDITIONAL_MARKS.contains(&tree.tokens()[mark].text.to_lowercase().as_str()))
    });
    if has_condition {
        return Some(Modality::Hypothetical);
    }
    // "Israel would strike if Tehran moved, analysts said": the parser often hangs the
    // condition on the reporting verb, but a condition between the reported clause and
    // its reporting verb belongs to what was reported.
    if tree.has_relation(predicate, "ccomp") {
        if let Some(reporting) = tree.head(predicate).filter(|&h| h > predicate) {
            let inside_report = tree.children_with(reporting, "advcl").into_iter().any(|clause| {
                clause > predicate
                    && clause < reporting
                    && tree.children_with(clause, "mark").into_iter().any(|mark| {
                        CONDITIONAL_MARKS.contains(&tree.tokens()[mark].text.to_lowercase().as_str())
                    })
            });
            if inside_report {
                return Some(Modality::Hypothetical);
            }
        }
    }
    let clause = tree.clause_head(predicate);
    let conditional = [predicate, clause].iter().any(|&head| {
        tree.has_relation(head, "advcl")
            && tree
                .children_with(head, "mark")
                .into_iter()
                .any(|mark| CONDITIONAL_MARKS.contains(&tree.tokens()[mark].text.to_lowercase().as_str()))
    });
    if conditional {
        return Some(Modality::Hypothetical);
    }
    modal_reading(tree, predicate)
}

/// The modality the predicate's modal auxiliaries give it.
fn modal_reading(tree: &Tree<'_>, predicate: usize) -> Option<dyad_model::Modality> {
    use dyad_model::Modality;
    let clause = tree.clause_head(predicate);
    let modals: Vec<String> =
        tree.modals(predicate).into_iter().map(|m| tree.tokens()[m].text.to_lowercase()).collect();
    // "Scholz said Germany would send tanks": in reported speech "would" is the
    // future seen from the past, a plan rather than a hypothesis.
    let reported = tree.has_relation(clause, "ccomp")
        && tree.head(clause).is_some_and(|head| REPORTING_VERBS.contains(&lemma(tree, head).as_str()));
    if reported && modals.iter().any(|m| m == "would" || m == "'d") {
        return Some(Modality::Planned);
    }
    if modals.iter().any(|m| HYPOTHETICAL_MODALS.contains(&m.as_str())) {
        return Some(Modality::Hypothetical);
    }
    None
}

/// Lemmas a token may be looked up under (see `lookup_forms` in the crate root).
/// Checks a verb pattern against the parse: the particle is a `compound:prt` of the
/// verb; the object is a word in the phrase of the verb's object, passive subject,
/// obliques or infinitival complement ("asked the IMF for an emergency loan", "urged
/// Iran to release"); the preposition marks an oblique of the verb or a modifier of its
/// object ("imposed sanctions on Iran"). Returns the last matched token and the
/// preposition's token, and how far from the verb the object was found (0 for the
/// nearest candidate; patterns without an object rank 0).
pub fn verb_pattern_matches_tree(
    tree: &Tree<'_>,
    lemmas: &[Vec<String>],
    verb: usize,
    pattern: &crate::VerbPattern,
) -> Option<(usize, Option<usize>, usize)> {
    let mut end = verb;
    let mut rank = 0;
    if let Some(particle) = &pattern.particle {
        // A true particle ("pull out"), or a preposition written as part of the verb
        // ("ask for", "call on") that marks one of its obliques.
        let found = tree
            .children_with(verb, "compound:prt")
            .into_iter()
            .chain(tree.children_with(verb, "advmod"))
            .find(|&child| tree.tokens()[child].text.eq_ignore_ascii_case(particle))
            .or_else(|| {
                tree.children_with(verb, "obl").into_iter().find_map(|oblique| {
                    let (case, word) = tree.case_marker(oblique);
                    word.filter(|w| w == particle).and(case)
                })
            })?;
        end = end.max(found);
    }
    if let Some(objects) = &pattern.object {
        let mut heads: Vec<usize> = Vec::new();
        for relation in ["obj", "iobj", "obl", "xcomp", "ccomp", "nsubj:pass"] {
            heads.extend(tree.children_with(verb, relation));
        }
        // One level down: "asked for more fighter jets", "urged Iran to release the
        // prisoners", "called for an end to".
        let mut more = Vec::new();
        for &head in &heads {
            for relation in ["obj", "nmod", "obl", "xcomp"] {
                more.extend(tree.children_with(head, relation));
            }
        }
        heads.extend(more);
        // Coordinated objects: "sent a field hospital and 3,000 tonnes of food".
        let conjoined: Vec<usize> = heads.iter().flat_map(|&h| tree.conjuncts(h)).collect();
        heads.extend(conjoined.iter().flat_map(|&c| tree.children_with(c, "nmod")));
        heads.extend(conjoined);
        // Candidates come nearest first (direct objects, then obliques, then words one
        // level down), so the rank tells "launched drones at Israel in an attack"
        // (drones) from a pattern whose object is only the oblique (attack). Words of
        // one phrase share a rank: in "pledged humanitarian aid" the modifier names
        // the kind of aid, and the dictionary lists the kinds before plain aid.
        let object = heads.iter().copied().enumerate().flat_map(|(rank, head)| {
            let phrase = tree.noun_phrase(head);
            let direct = tree.head(head) == Some(verb)
                && (tree.has_relation(head, "obj") || tree.has_relation(head, "iobj"));
            std::iter::once((rank, head, direct)).chain(phrase.into_iter().map(move |idx| (rank, idx, false)))
        });
        // `@actor` asks for the direct object itself to be an actor, not for an actor
        // somewhere in its phrase or among the obliques ("hosts US troops in western
        // Iraq" hosts no Iraq).
        let (found_rank, found, _) = object.into_iter().find(|&(_, idx, direct)| {
            idx != verb
                && lemmas[idx].iter().any(|form| {
                    let needs_direct = form == crate::ACTOR_OBJECT || form == crate::PLACE_OBJECT;
                    objects.contains(form) && (direct || !needs_direct)
                })
                && crate::object_phrase_matches(tree.tokens(), lemmas, verb, idx, pattern)
        })?;
        rank = found_rank;
        end = end.max(found);
    }
    let mut preposition = None;
    if !pattern.preps.is_empty() {
        let mut nominals = tree.children_with(verb, "obl");
        for object in tree.objects(verb) {
            nominals.extend(phrase_modifiers(tree, object));
        }
        let marked = nominals
            .into_iter()
            .find_map(|nominal| {
                let (case, word) = tree.case_marker(nominal);
                word.filter(|w| pattern.preps.contains(w)).and(case)
            })
            .or_else(|| {
                // "agreed to restore relations": "to" before an infinitive the verb
                // governs, which the parse marks as the complement's, not the verb's.
                if !pattern.preps.iter().any(|p| p == "to") {
                    return None;
                }
                tree.children_with(verb, "xcomp").into_iter().find_map(|complement| {
                    tree.children_with(complement, "mark")
                        .into_iter()
                        .find(|&m| m < complement && tree.tokens()[m].text.eq_ignore_ascii_case("to"))
                })
            })?;
        preposition = Some(marked);
        end = end.max(marked);
    }
    Some((end, preposition, rank))
}

/// The prepositional modifiers inside an object's phrase, nearest first. The parser
/// hangs a verb's oblique on whatever noun precedes it: on the object ("imposed
/// sanctions on Iran"), on its apposition ("extradited the cleric Abu Hamza to the
/// United States"), or deeper ("sent a hospital and 3,000 tonnes of food to Gaza").
fn phrase_modifiers(tree: &Tree<'_>, object: usize) -> Vec<usize> {
    let mut found = Vec::new();
    let mut frontier = vec![object];
    for _depth in 0..3 {
        let mut next = Vec::new();
        for node in frontier {
            for child in tree.children(node).iter().copied() {
                let relation = tree.tokens()[child].deprel.as_str();
                if relation == "nmod" {
                    found.push(child);
                }
                if matches!(relation, "nmod" | "conj" | "appos") {
                    next.push(child);
                }
            }
        }
        frontier = next;
    }
    found
}

/// The actor nearest the verb inside its objects and obliques, following only the
/// relations that stay inside a noun phrase.
/// With `object_constrained`, the verb's object is what the pattern names ("withdrew
/// its forces") and is looked inside, but is not itself the target.
fn nested_actor(
    tree: &Tree<'_>,
    actors: &[Range<usize>],
    verb: usize,
    object_constrained: bool,
) -> Option<usize> {
    // "obl" and "obj" reach inside adjective phrases: "aid worth 200 million euros to
    // Ukraine".
    const INSIDE_PHRASE: &[&str] =
        &["nmod", "nmod:poss", "compound", "amod", "appos", "conj", "flat", "obl", "obj"];
    let mut frontier: Vec<usize> = tree.objects(verb);
    frontier.extend(tree.children_with(verb, "obl"));
    let mut seen = vec![false; tree.tokens().len()];
    // Breadth first, so the shallowest actor wins.
    while !frontier.is_empty() {
        let mut next = Vec::new();
        for node in frontier {
            if std::mem::replace(&mut seen[node], true) {
                continue;
            }
            let the_object =
                object_constrained && tree.head(node) == Some(verb) && tree.has_relation(node, "obj");
            if let Some(i) = actors.iter().position(|range| range.contains(&node)).filter(|_| !the_object) {
                return Some(i);
            }
            next.extend(
                tree.children(node)
                    .iter()
                    .copied()
                    .filter(|&child| INSIDE_PHRASE.iter().any(|r| tree.tokens()[child].deprel == *r)),
            );
        }
        frontier = next;
    }
    None
}

/// Whose act a warning is about: "Gallant warned Hezbollah that Israel could turn
/// Beirut into Gaza" warns of the warner's own act (a threat), "Guterres warned that
/// Russia's war risked pushing millions into hunger" of another's (a pessimistic
/// comment).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Warning {
    /// The complement's doer is the warner's side, and the act is still to come
    /// ("would", "could", "will", or a condition).
    OwnAct {
        /// The complement's verb.
        act: usize,
    },
    /// The complement's doer is another actor.
    OthersAct,
}

/// Reads a warning verb's "that" complement; `same_side` tells whether two actors
/// belong to one side (one country).
///
/// `same_side` answers `None` when it cannot tell (an actor with no country, such as
/// bare "troops").
pub(crate) fn warning_about(
    tree: &Tree<'_>,
    actors: &[Range<usize>],
    warn: usize,
    same_side: impl Fn(usize, usize) -> Option<bool>,
) -> Option<Warning> {
    let complement = tree.children_with(warn, "ccomp").into_iter().next()?;
    let warners: Vec<usize> =
        tree.subjects(warn).into_iter().flat_map(|s| actors_of_group(tree, actors, s)).collect();
    if warners.is_empty() {
        return None;
    }
    let subject = tree.subjects(complement).into_iter().next()?;
    // "his troops", "its army": the warner's own.
    let own = tree.children_with(subject, "nmod:poss").into_iter().any(|owner| {
        matches!(tree.tokens()[owner].text.to_lowercase().as_str(), "his" | "her" | "its" | "their" | "our")
    });
    if !own {
        // "Russia's war": the owner of what the complement is about.
        let doer = actor_of(tree, actors, subject, 0).or_else(|| {
            tree.children_with(subject, "nmod:poss")
                .into_iter()
                .find_map(|owner| actor_of(tree, actors, owner, 0))
        })?;
        let sides: Vec<Option<bool>> = warners.iter().map(|&w| same_side(w, doer)).collect();
        if sides.contains(&None) {
            return None;
        }
        if !sides.contains(&Some(true)) {
            return Some(Warning::OthersAct);
        }
    }
    let to_come = tree.children(complement).iter().any(|&child| {
        let word = tree.tokens()[child].text.to_lowercase();
        (tree.has_relation(child, "aux")
            && matches!(word.as_str(), "would" | "could" | "will" | "might" | "may"))
            || (tree.has_relation(child, "advcl")
                && tree
                    .children_with(child, "mark")
                    .iter()
                    .any(|&m| matches!(tree.tokens()[m].text.to_lowercase().as_str(), "if" | "unless")))
    });
    to_come.then_some(Warning::OwnAct { act: complement })
}
