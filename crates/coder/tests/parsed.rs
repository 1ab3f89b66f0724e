//! Coder tests from hand-written parses: the roles the dependency tree gives, without
//! running the parser. Each sentence is written one token per line as
//! `word lemma XPOS head deprel [ACTOR-CODE]`, heads 1-based with 0 for the root; a
//! run of consecutive tokens with the same actor code is one actor mention; a code
//! written `ARNGOV|capital` is a capital standing for its government, `ARNGOV|person` a
//! named person, `ARN|demonym` a nationality adjective.

use dyad_coder::{CoderConfig, CoderStage, VerbDictionary};
use dyad_model::{Actor, ActorMention, Doc, Document, Layer, Sentence, Span, Stage, Token, Upos};

fn upos_of(xpos: &str) -> Upos {
    match xpos {
        x if x.starts_with("VB") => Upos::Verb,
        "NNP" | "NNPS" => Upos::Propn,
        x if x.starts_with("NN") => Upos::Noun,
        "IN" => Upos::Adp,
        "DT" | "WDT" => Upos::Det,
        "JJ" => Upos::Adj,
        "CD" => Upos::Num,
        "MD" => Upos::Aux,
        "TO" => Upos::Part,
        "PRP" => Upos::Pron,
        "," | "." => Upos::Punct,
        _ => Upos::X,
    }
}

fn doc_from_parse(parse: &str) -> Doc {
    let mut text = String::new();
    let mut tokens = Vec::new();
    let mut codes: Vec<Option<String>> = Vec::new();
    for line in parse.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let fields: Vec<&str> = line.split_whitespace().collect();
        let [word, lemma, xpos, head, deprel, rest @ ..] = fields.as_slice() else {
            panic!("bad line {line:?}");
        };
        if !text.is_empty() {
            text.push(' ');
        }
        let start = text.len();
        text.push_str(word);
        let head: usize = head.parse().unwrap();
        tokens.push(Token {
            span: Span::new(start, text.len()),
            text: word.to_string(),
            lemma: lemma.to_string(),
            upos: if *xpos == "VBZ" && *lemma == "be" { Upos::Aux } else { upos_of(xpos) },
            xpos: xpos.to_string(),
            head: head.checked_sub(1),
            deprel: deprel.to_string(),
        });
        codes.push(rest.first().map(|c| c.to_string()));
    }
    let mut actors = Vec::new();
    let mut i = 0;
    while i < codes.len() {
        let Some(code) = codes[i].clone() else {
            i += 1;
            continue;
        };
        let start = i;
        while i < codes.len() && codes[i].as_deref() == Some(code.as_str()) {
            i += 1;
        }
        let span = Span::new(tokens[start].span.start, tokens[i - 1].span.end);
        // `ARNGOV|capital` marks a capital standing for its government, `ARNGOV|person`
        // a named person, `ARN|demonym` a nationality adjective.
        let (code, rule, entity) = match code.split_once('|') {
            Some((code, "capital")) => (code.to_string(), "kb.alias.capital_metonym", None),
            Some((code, "demonym")) => (code.to_string(), "kb.alias.demonym", None),
            Some((code, "person")) => {
                (code.to_string(), "test", Some(format!("person/{}", code.to_lowercase())))
            }
            _ => (code.clone(), "test", None),
        };
        actors.push(ActorMention {
            sentence: 0,
            tokens: start..i,
            span,
            actor: Actor { code: code.clone(), name: code.clone(), entity, span: Some(span) },
            rule: rule.into(),
            entries: vec![],
        });
    }
    let mut document = Document::new("parsed", text.clone());
    document.date = chrono::NaiveDate::from_ymd_opt(2021, 7, 13);
    let mut doc = Doc::new(document);
    doc.sentences =
        vec![Sentence { span: Span::new(0, text.len()), tokens: 0..tokens.len(), headline: false }];
    doc.tokens = tokens;
    doc.actors = actors;
    doc.layers = vec![Layer::Sentences, Layer::Tokens, Layer::Tags, Layer::Deps, Layer::Actors];
    doc
}

fn check(parse: &str, expected: &[&str]) {
    let got = code_doc(doc_from_parse(parse));
    assert_eq!(got, expected, "\nparse:\n{parse}");
}

/// The events coded from a parsed document, as sorted `SOURCE TARGET CODE modality`.
fn code_doc(mut doc: Doc) -> Vec<String> {
    let stage = CoderStage::new(VerbDictionary::built_in().unwrap(), CoderConfig::default());
    stage.run(&mut doc, &mut Vec::new());
    let mut got: Vec<String> = doc
        .events
        .iter()
        .map(|e| {
            let code = |a: &Option<Actor>| a.as_ref().map_or("-".to_string(), |a| a.code.clone());
            format!("{} {} {} {}", code(&e.source), code(&e.target), e.cameo, e.modality.as_str())
        })
        .collect();
    got.sort();
    got
}

#[test]
fn base_hosting_troops_stands_for_the_troops() {
    // Rockets were fired at the air base , which hosts US troops .
    check(
        "Rockets rocket NNS 3 nsubj:pass
         were be VBD 3 aux:pass
         fired fire VBN 0 root
         at at IN 7 case
         the the DT 7 det
         air air NN 7 compound
         base base NN 3 obl
         , , , 10 punct
         which which WDT 10 nsubj
         hosts host VBZ 7 acl:relcl
         US US NNP 12 compound USAMIL
         troops troop NNS 10 obj USAMIL
         . . . 3 punct",
        &["- USAMIL 194 asserted"],
    );
}

#[test]
fn target_of_a_demand_is_the_subject_of_its_clause() {
    // Russia demanded that NATO withdraw its forces .
    check(
        "Russia Russia NNP 2 nsubj RUS
         demanded demand VBD 0 root
         that that IN 5 mark
         NATO NATO NNP 5 nsubj IGOWSTNAT
         withdraw withdraw VB 2 ccomp
         its its PRP$ 7 nmod:poss
         forces force NNS 5 obj
         . . . 2 punct",
        &["RUS IGOWSTNAT 1056 asserted"],
    );
}

#[test]
fn coordinated_subjects_without_object_act_on_each_other() {
    // Israel and Hamas declared a ceasefire .
    check(
        "Israel Israel NNP 4 nsubj ISR
         and and CC 3 cc
         Hamas Hamas NNP 1 conj PSEUAFHMS
         declared declare VBD 0 root
         a a DT 6 det
         ceasefire ceasefire NN 4 obj
         . . . 4 punct",
        &["ISR PSEUAFHMS 0871 asserted", "PSEUAFHMS ISR 0871 asserted"],
    );
}

#[test]
fn threatened_attack_is_one_threat_not_an_attack() {
    // Militias threatened to attack US forces .
    check(
        "Iraqi Iraqi JJ 2 amod IRQUAF
         militias militia NNS 3 nsubj IRQUAF
         threatened threaten VBD 0 root
         to to TO 5 mark
         attack attack VB 3 xcomp
         US US NNP 7 compound USAMIL
         forces force NNS 5 obj USAMIL
         . . . 3 punct",
        &["IRQUAF USAMIL 1384 asserted"],
    );
}

#[test]
fn subject_that_is_not_an_actor_makes_no_event() {
    // The meeting will discuss the withdrawal of US troops .
    check(
        "The the DT 2 det
         meeting meeting NN 4 nsubj
         will will MD 4 aux
         discuss discuss VB 0 root
         the the DT 6 det
         withdrawal withdrawal NN 4 obj
         of of IN 9 case
         US US NNP 9 compound USAMIL
         troops troop NNS 6 nmod USAMIL
         . . . 4 punct",
        &[],
    );
}

#[test]
fn actors_joined_by_and_share_a_role_when_the_parse_misses_it() {
    // Lavrov and Kuleba met in Antalya . (the parser hung Kuleba off Lavrov as an
    // apposition, not a conjunct)
    check(
        "Lavrov Lavrov NNP 4 nsubj RUSGOV
         and and CC 3 cc
         Kuleba Kuleba NNP 1 appos UKRGOV
         met meet VBD 0 root
         in in IN 6 case
         Antalya Antalya NNP 4 obl
         . . . 4 punct",
        &["RUSGOV UKRGOV 040 asserted", "UKRGOV RUSGOV 040 asserted"],
    );
}

#[test]
fn a_state_acting_on_its_own_government_is_no_event() {
    // Iran criticized its government .
    check(
        "Iran Iran NNP 2 nsubj IRN
         criticized criticize VBD 0 root
         its its PRP$ 4 nmod:poss IRNGOV
         government government NN 2 obj IRNGOV
         . . . 2 punct",
        &[],
    );
}

#[test]
fn an_appeal_takes_the_code_of_what_it_asks_for() {
    // Arnor urged Gondor to exercise restraint . (parsed as a purpose clause)
    check(
        "Arnor Arnor NNP 2 nsubj ARN
         urged urge VBD 0 root
         Gondor Gondor NNP 2 obj GON
         to to TO 5 mark
         exercise exercise VB 2 advcl
         restraint restraint NN 5 obj
         . . . 2 punct",
        &["ARN GON 0256 asserted"],
    );
    // Arnor encouraged Gondor to begin negotiations toward a ceasefire : the nearest
    // word of the wish decides, so this is an appeal to negotiate.
    check(
        "Arnor Arnor NNP 2 nsubj ARN
         encouraged encourage VBD 0 root
         Gondor Gondor NNP 2 obj GON
         to to TO 5 mark
         begin begin VB 2 xcomp
         negotiations negotiation NNS 5 obj
         toward toward IN 9 case
         a a DT 9 det
         ceasefire ceasefire NN 6 nmod
         . . . 2 punct",
        &["ARN GON 026 asserted"],
    );
}

#[test]
fn an_appeal_for_things_reads_them() {
    // Arnor asked Gondor for fighter jets .
    check(
        "Arnor Arnor NNP 2 nsubj ARN
         asked ask VBD 0 root
         Gondor Gondor NNP 2 obj GON
         for for IN 6 case
         fighter fighter NN 6 compound
         jets jet NNS 2 obl
         . . . 2 punct",
        &["ARN GON 0232 asserted"],
    );
    // Arnor asked Gondor for patience : nothing the families know, a plain appeal.
    check(
        "Arnor Arnor NNP 2 nsubj ARN
         asked ask VBD 0 root
         Gondor Gondor NNP 2 obj GON
         for for IN 5 case
         patience patience NN 2 obl
         . . . 2 punct",
        &["ARN GON 020 asserted"],
    );
}

#[test]
fn a_complement_event_gives_the_branch_of_an_appeal() {
    // Arnor urged Gondor to release the prisoners .
    check(
        "Arnor Arnor NNP 2 nsubj ARN
         urged urge VBD 0 root
         Gondor Gondor NNP 2 obj GON
         to to TO 5 mark
         release release VB 2 xcomp
         the the DT 7 det
         prisoners prisoner NNS 5 obj
         . . . 2 punct",
        &["ARN GON 0253 asserted"],
    );
}

#[test]
fn a_capital_that_only_places_the_event_plays_no_role() {
    // Orcs opened fire on shoppers at a market near Minas : the capital is where, not
    // whom.
    check(
        "Orcs Orc NNP 2 nsubj ARNUAF
         opened open VBD 0 root
         fire fire NN 2 obj
         on on IN 5 case
         shoppers shopper NNS 2 obl
         at at IN 8 case
         a a DT 8 det
         market market NN 2 obl
         near near IN 10 case
         Minas Minas NNP 8 nmod GONGOV|capital
         . . . 2 punct",
        &["ARNUAF - 193 asserted"],
    );
    // Arnor fired rockets at Minas : a capital under fire is its country.
    check(
        "Arnor Arnor NNP 2 nsubj ARN
         fired fire VBD 0 root
         rockets rocket NNS 2 obj
         at at IN 5 case
         Minas Minas NNP 2 obl GONGOV|capital
         . . . 2 punct",
        &["ARN GON 194 asserted"],
    );
}

#[test]
fn the_nearest_object_decides_between_equally_specific_patterns() {
    // Arnor launched drones at Gondor in an attack : the drones, not the attack.
    check(
        "Arnor Arnor NNP 2 nsubj ARN
         launched launch VBD 0 root
         drones drone NNS 2 obj
         at at IN 5 case
         Gondor Gondor NNP 2 obl GON
         in in IN 8 case
         an a DT 8 det
         attack attack NN 2 obl
         . . . 2 punct",
        &["ARN GON 195 asserted"],
    );
}

#[test]
fn coordinated_sides_need_no_preposition_for_the_other() {
    // Arnor and Gondor clashed along the border : each side clashed with the other.
    check(
        "Arnor Arnor NNP 4 nsubj ARN
         and and CC 3 cc
         Gondor Gondor NNP 1 conj GON
         clashed clash VBD 0 root
         along along IN 7 case
         the the DT 7 det
         border border NN 4 obl
         . . . 4 punct",
        &["ARN GON 190 asserted", "GON ARN 190 asserted"],
    );
    // Arnor clashed along the border : one side, and "clash" needs "with" to name the
    // other, so nothing is coded.
    check(
        "Arnor Arnor NNP 2 nsubj ARN
         clashed clash VBD 0 root
         along along IN 5 case
         the the DT 5 det
         border border NN 2 obl
         . . . 2 punct",
        &[],
    );
}

#[test]
fn a_bare_role_word_modifying_a_thing_is_no_actor() {
    // Arnor and Gondor troops held joint military exercises : "military" describes the
    // exercises, which the two sides hold with each other.
    check(
        "Arnor Arnor NNP 5 nsubj ARNMIL
         and and CC 4 cc
         Gondor Gondor NNP 4 compound GONMIL
         troops troop NNS 1 conj GONMIL
         held hold VBD 0 root
         joint joint JJ 8 amod
         military military JJ 8 amod MIL
         exercises exercise NNS 5 obj
         . . . 5 punct",
        &["ARNMIL GONMIL 062 asserted", "GONMIL ARNMIL 062 asserted"],
    );
}

#[test]
fn what_a_refused_comment_is_about_is_its_target() {
    // Arnor declined to comment on the talks with Gondor .
    check(
        "Arnor Arnor NNP 2 nsubj ARNGOV
         declined decline VBD 0 root
         to to TO 4 mark
         comment comment VB 2 xcomp
         on on IN 7 case
         the the DT 7 det
         talks talk NNS 4 obl
         with with IN 9 case
         Gondor Gondor NNP 7 nmod GON
         . . . 2 punct",
        &["ARNGOV GON 011 asserted"],
    );
}

#[test]
fn an_actor_inside_the_object_phrase_is_the_target() {
    // Arnor stormed the residence of Gondor 's king .
    check(
        "Arnor Arnor NNP 2 nsubj ARNCVL
         stormed storm VBD 0 root
         the the DT 4 det
         residence residence NN 2 obj
         of of IN 8 case
         Gondor Gondor NNP 8 nmod:poss GONGOV
         's 's POS 6 case GONGOV
         king king NN 4 nmod GONGOV
         . . . 2 punct",
        &["ARNCVL GONGOV 190 asserted"],
    );
}

#[test]
fn a_rejection_takes_the_branch_of_what_it_rejects() {
    // Arnor rejected calls to release the prisoners .
    check(
        "Arnor Arnor NNP 2 nsubj ARN
         rejected reject VBD 0 root
         calls call NNS 2 obj
         to to TO 5 mark
         release release VB 3 acl
         the the DT 7 det
         prisoners prisoner NNS 5 obj
         . . . 2 punct",
        &["ARN - 1243 asserted"],
    );
}

#[test]
fn a_threat_takes_the_code_of_the_threatened_act() {
    // Arnor threatened to attack Gondor 's warships .
    check(
        "Arnor Arnor NNP 2 nsubj ARN
         threatened threaten VBD 0 root
         to to TO 4 mark
         attack attack VB 2 xcomp
         Gondor Gondor NNP 7 nmod:poss GONMIL
         's 's POS 5 case GONMIL
         warships warship NNS 4 obj GONMIL
         . . . 2 punct",
        &["ARN GONMIL 1384 asserted"],
    );
}

#[test]
fn a_condition_inside_reported_speech_makes_the_event_hypothetical() {
    // Arnor would attack Gondor if Gondor moved , analysts said .
    check(
        "Arnor Arnor NNP 3 nsubj ARN
         would would MD 3 aux
         attack attack VB 10 ccomp
         Gondor Gondor NNP 3 obj GON
         if if IN 7 mark
         Gondor Gondor NNP 7 nsubj GON
         moved move VBD 10 advcl
         , , , 10 punct
         analysts analyst NNS 10 nsubj
         said say VBD 0 root
         . . . 10 punct",
        &[],
    );
}

#[test]
fn the_weapon_decides_the_attack_code() {
    // Arnor shelled Gondor with rockets .
    check(
        "Arnor Arnor NNP 2 nsubj ARNMIL
         attacked attack VBD 0 root
         Gondor Gondor NNP 2 obj GON
         with with IN 5 case
         rockets rocket NNS 2 obl
         . . . 2 punct",
        &["ARNMIL GON 194 asserted"],
    );
    // A suicide bomber attacked Gondor 's police : a suicide bombing, attacker unknown.
    check(
        "A a DT 3 det
         suicide suicide NN 3 compound
         bomber bomber NN 4 nsubj
         attacked attack VBD 0 root
         Gondor Gondor NNP 7 nmod:poss GONCOP
         's 's POS 5 case GONCOP
         police police NN 4 obj GONCOP
         . . . 4 punct",
        &["- GONCOP 1831 asserted"],
    );
}

#[test]
fn killing_a_named_person_is_an_assassination() {
    // Arnor killed Aragorn .
    check(
        "Arnor Arnor NNP 2 nsubj ARNMIL
         killed kill VBD 0 root
         Aragorn Aragorn NNP 2 obj GONGOV|person
         . . . 2 punct",
        &["ARNMIL GONGOV 186 asserted"],
    );
    // Arnor killed Gondor soldiers : fighting, not an assassination.
    check(
        "Arnor Arnor NNP 2 nsubj ARNMIL
         killed kill VBD 0 root
         Gondor Gondor NNP 4 compound GONMIL
         soldiers soldier NNS 2 obj GONMIL
         . . . 2 punct",
        &["ARNMIL GONMIL 190 asserted"],
    );
}

#[test]
fn receiving_a_person_or_state_is_hosting_a_visit_and_receiving_aid_is_not() {
    // Arnor 's king received the Gondor envoy in Minas Tirith .
    check(
        "Arnor Arnor NNP 3 nmod:poss ARNGOV
         's 's POS 1 case ARNGOV
         king king NN 4 nsubj ARNGOV
         received receive VBD 0 root
         the the DT 7 det
         Gondor Gondor NNP 7 compound GONGOV
         envoy envoy NN 4 obj GONGOV
         . . . 4 punct",
        &["ARNGOV GONGOV 043 asserted", "GONGOV ARN 042 asserted"],
    );
    // Arnor received aid .
    check(
        "Arnor Arnor NNP 2 nsubj ARN
         received receive VBD 0 root
         aid aid NN 2 obj
         . . . 2 punct",
        &[],
    );
}

#[test]
fn an_inflected_verb_finds_its_entry_when_the_lemma_lost_a_silent_e() {
    // Arnor extradited the smuggler Bill to Gondor : the lemma rules say "extradit";
    // the oblique hangs on the apposition.
    check(
        "Arnor Arnor NNP 2 nsubj ARN
         extradited extradit VBD 0 root
         the the DT 4 det
         smuggler smuggler NN 2 obj
         Bill Bill NNP 4 appos
         to to IN 7 case
         Gondor Gondor NNP 5 nmod GON
         . . . 2 punct",
        &["ARN GON 063 asserted"],
    );
}

#[test]
fn an_event_noun_takes_the_doer_of_its_support_verb() {
    // Arnor launched an invasion of Gondor .
    check(
        "Arnor Arnor NNP 2 nsubj ARNMIL
         launched launch VBD 0 root
         an a DT 4 det
         invasion invasion NN 2 obj
         of of IN 6 case
         Gondor Gondor NNP 4 nmod GON
         . . . 2 punct",
        &["ARNMIL GON 192 asserted"],
    );
    // Arnor condemned the invasion of Gondor : condemning is not invading.
    check(
        "Arnor Arnor NNP 2 nsubj ARNGOV
         condemned condemn VBD 0 root
         the the DT 4 det
         invasion invasion NN 2 obj
         of of IN 6 case
         Gondor Gondor NNP 4 nmod GON
         . . . 2 punct",
        &["ARNGOV GON 111 asserted"],
    );
}

#[test]
fn a_modifier_names_the_kind_of_aid_and_the_recipient_may_sit_inside_the_phrase() {
    // Arnor pledged humanitarian aid worth millions to Gondor .
    check(
        "Arnor Arnor NNP 2 nsubj ARN
         pledged pledge VBD 0 root
         humanitarian humanitarian JJ 4 amod
         aid aid NN 2 obj
         worth worth JJ 4 amod
         millions million NNS 5 obj
         to to IN 8 case
         Gondor Gondor NNP 5 obl GON
         . . . 2 punct",
        &["ARN GON 0333 asserted"],
    );
}

#[test]
fn a_threat_to_cut_ties_targets_the_partner_named_on_the_ties() {
    // Arnor threatened to cut ties with Gondor .
    check(
        "Arnor Arnor NNP 2 nsubj ARN
         threatened threaten VBD 0 root
         to to TO 4 mark
         cut cut VB 2 xcomp
         ties tie NNS 4 obj
         with with IN 7 case
         Gondor Gondor NNP 5 nmod GON
         . . . 2 punct",
        &["ARN GON 1313 asserted"],
    );
}

#[test]
fn coordinated_sides_of_a_joint_exercise_are_partners_whatever_else_the_phrase_names() {
    // Arnor and Gondor began joint exercises near the Rohan border .
    check(
        "Arnor Arnor NNP 4 nsubj ARN
         and and CC 3 cc
         Gondor Gondor NNP 1 conj GON
         began begin VBD 0 root
         joint joint JJ 6 amod
         exercises exercise NNS 4 obj
         near near IN 10 case
         the the DT 10 det
         Rohan Rohan JJ 10 amod ROH
         border border NN 6 nmod
         . . . 4 punct",
        &["ARN GON 062 asserted", "GON ARN 062 asserted"],
    );
}

#[test]
fn the_recipient_may_hang_deep_inside_a_coordinated_object() {
    // Arnor sent a hospital and tonnes of food to Gondor .
    check(
        "Arnor Arnor NNP 2 nsubj ARN
         sent send VBD 0 root
         a a DT 4 det
         hospital hospital NN 2 obj
         and and CC 6 cc
         tonnes tonne NNS 4 conj
         of of IN 8 case
         food food NN 6 nmod
         to to IN 10 case
         Gondor Gondor NNP 8 nmod GON
         . . . 2 punct",
        &["ARN GON 073 asserted"],
    );
}

#[test]
fn a_hyphenated_participle_describing_a_noun_is_no_event() {
    // Arnor - backed militias attacked Gondor .
    check(
        "Arnor Arnor NNP 3 compound ARN
         - - HYPH 3 punct
         backed back VBN 4 amod
         militias militia NNS 5 nsubj ARNUAF
         attacked attack VBD 0 root
         Gondor Gondor NNP 5 obj GON
         . . . 5 punct",
        &["ARNUAF GON 190 asserted"],
    );
}

#[test]
fn a_weapon_s_owner_attacks_and_a_town_under_fire_stands_for_its_country() {
    // Arnor missiles hit Osgiliath : "Osgiliath" is a town of Gondor, no actor.
    let mut doc = doc_from_parse(
        "Arnor Arnor JJ 2 amod ARN
         missiles missile NNS 3 nsubj
         hit hit VBD 0 root
         Osgiliath Osgiliath NNP 3 obj
         . . . 3 punct",
    );
    let town = doc.document.text.find("Osgiliath").unwrap();
    doc.places.push(dyad_model::PlaceMention {
        sentence: 0,
        span: Span::new(town, town + "Osgiliath".len()),
        location: dyad_model::Location {
            name: "Osgiliath".into(),
            country: Some("GON".into()),
            lat: None,
            lon: None,
            geonameid: None,
            precision: dyad_model::GeoPrecision::City,
            span: None,
        },
        rule: "test".into(),
    });
    assert_eq!(code_doc(doc), ["ARN GON 194 asserted"]);
}

#[test]
fn a_participle_naming_a_standing_tie_is_no_event() {
    // The Arnor army , backed by Gondor militias , attacked Rohan .
    check(
        "The the DT 3 det
         Arnor Arnor NNP 3 compound ARNMIL
         army army NN 10 nsubj ARNMIL
         , , , 5 punct
         backed back VBN 3 acl
         by by IN 8 case
         Gondor Gondor NNP 8 compound GONUAF
         militias militia NNS 5 obl GONUAF
         , , , 5 punct
         attacked attack VBD 0 root
         Rohan Rohan NNP 10 obj ROH
         . . . 10 punct",
        &["ARNMIL ROH 190 asserted"],
    );
}

#[test]
fn a_nationality_that_places_a_border_is_no_target() {
    // Arnor attacked villages near the Gondor border .
    check(
        "Arnor Arnor NNP 2 nsubj ARNMIL
         attacked attack VBD 0 root
         villages village NNS 2 obj
         near near IN 7 case
         the the DT 7 det
         Gondorian Gondorian JJ 7 amod GON|demonym
         border border NN 3 nmod
         . . . 2 punct",
        &["ARNMIL - 190 asserted"],
    );
}

#[test]
fn unnamed_people_an_act_of_force_falls_on_are_civilians() {
    // Arnor executed a man : the man is a civilian of the country that executed him.
    check(
        "Arnor Arnor NNP 2 nsubj ARN
         executed execute VBD 0 root
         a a DT 4 det
         man man NN 2 obj
         . . . 2 punct",
        &["ARN ARNCVL 1823 asserted"],
    );
    // Arnor killed thousands of men at a memorial for Isildur : the people killed,
    // not the man the memorial honours, are the target; a count of people counts too.
    check(
        "Arnor Arnor NNP 2 nsubj ARN
         killed kill VBD 0 root
         thousands thousand NNS 2 obj
         of of IN 5 case
         men man NNS 3 nmod
         at at IN 8 case
         a a DT 8 det
         memorial memorial NN 2 obl
         for for IN 10 case
         Isildur Isildur NNP 8 nmod ARNGOV|person
         . . . 2 punct",
        &["ARN ARNCVL 190 asserted"],
    );
    // A thing as the object is no victim.
    check(
        "Arnor Arnor NNP 2 nsubj ARN
         burned burn VBD 0 root
         the the DT 4 det
         crops crop NNS 2 obj
         . . . 2 punct",
        &["ARN - 1712 asserted"],
    );
}

#[test]
fn the_agent_of_a_weapon_s_participle_is_the_attacker() {
    // Explosions claimed by Arnor killed people : the claimant set off the explosions.
    check(
        "Explosions explosion NNS 5 nsubj
         claimed claim VBN 1 acl
         by by IN 4 case
         Arnor Arnor NNP 2 obl:agent ARN
         killed kill VBD 0 root
         people people NNS 5 obj
         . . . 5 punct",
        &["ARN ARNCVL 183 asserted"],
    );
}

#[test]
fn a_threat_states_its_condition_and_whoever_must_meet_it_is_threatened() {
    // Arnor threatened Gondor with sanctions if it invades Rohan : the condition does not
    // make the threat hypothetical.
    check(
        "Arnor Arnor NNP 2 nsubj ARN
         threatened threaten VBD 0 root
         Gondor Gondor NNP 2 obj GON
         with with IN 5 case
         sanctions sanction NNS 2 obl
         if if IN 8 mark
         it it PRP 8 nsubj
         invades invade VBZ 2 advcl
         Rohan Rohan NNP 8 obj ROH
         . . . 2 punct",
        &["ARN GON 1312 asserted"],
    );
    // Arnor threatened to halt the deal unless Gondor eases restrictions .
    check(
        "Arnor Arnor NNP 2 nsubj ARN
         threatened threaten VBD 0 root
         to to TO 4 mark
         halt halt VB 2 xcomp
         the the DT 6 det
         deal deal NN 4 obj
         unless unless IN 9 mark
         Gondor Gondor NNP 9 nsubj GON
         eases ease VBZ 4 advcl
         restrictions restriction NNS 9 obj
         . . . 2 punct",
        &["ARN GON 131 asserted"],
    );
}

#[test]
fn actors_joined_by_and_before_the_parsed_subject_share_its_role() {
    // Arnorian and Gondorian troops exchanged fire : the parser made "Arnorian" the
    // root and only "troops" the subject.
    check(
        "Arnorian Arnorian JJ 0 root ARNMIL
         and and CC 5 cc
         Gondorian Gondorian JJ 4 amod GONMIL
         troops troop NNS 5 nsubj GONMIL
         exchanged exchange VBD 1 conj
         fire fire NN 5 obj
         . . . 1 punct",
        &["ARNMIL GONMIL 193 asserted", "GONMIL ARNMIL 193 asserted"],
    );
}

#[test]
fn joining_an_organisation_and_exporting_to_a_state_are_cooperation() {
    check(
        "Arnor Arnor NNP 2 nsubj ARN
         joined join VBD 0 root
         NATO NATO NNP 2 obj IGOWSTNAT
         . . . 2 punct",
        &["ARN IGOWSTNAT 050 asserted"],
    );
    check(
        "Arnor Arnor NNP 2 nsubj ARN
         resumed resume VBD 0 root
         oil oil NN 4 compound
         exports export NNS 2 obj
         to to IN 6 case
         Gondor Gondor NNP 4 nmod GON
         . . . 2 punct",
        &["ARN GON 061 asserted"],
    );
}

#[test]
fn a_town_left_behind_stands_for_its_country_and_the_troops_withdrawn_are_no_target() {
    // Arnor withdrew its forces from the city of Osgiliath : "forces" is what the pattern
    // names, not Arnor's target; the town is Gondor's.
    let mut doc = doc_from_parse(
        "Arnor Arnor NNP 2 nsubj ARN
         withdrew withdraw VBD 0 root
         its its PRP$ 4 nmod:poss
         forces force NNS 2 obj MIL
         from from IN 7 case
         the the DT 7 det
         city city NN 2 obl
         of of IN 9 case
         Osgiliath Osgiliath NNP 7 nmod
         . . . 2 punct",
    );
    let town = doc.document.text.find("Osgiliath").unwrap();
    doc.places.push(dyad_model::PlaceMention {
        sentence: 0,
        span: Span::new(town, town + "Osgiliath".len()),
        location: dyad_model::Location {
            name: "Osgiliath".into(),
            country: Some("GON".into()),
            lat: None,
            lon: None,
            geonameid: None,
            precision: dyad_model::GeoPrecision::City,
            span: None,
        },
        rule: "test".into(),
    });
    assert_eq!(code_doc(doc), ["ARN GON 0874 asserted"]);
}

#[test]
fn coordinated_doers_without_object_are_partners_not_acting_on_a_later_word() {
    // Arnor and Gondor held joint exercises involving soldiers : "soldiers" after the
    // verb is no target for word order to find.
    check(
        "Arnor Arnor NNP 4 nsubj ARN
         and and CC 3 cc
         Gondor Gondor NNP 1 conj GON
         held hold VBD 0 root
         joint joint JJ 6 amod
         exercises exercise NNS 4 obj
         involving involve VBG 6 acl
         soldiers soldier NNS 7 obl MIL
         . . . 4 punct",
        &["ARN GON 062 asserted", "GON ARN 062 asserted"],
    );
}

#[test]
fn being_hosted_or_meeting_in_the_other_side_s_country_is_a_visit() {
    // Arnor's king hosted Gondor's steward : the guest visits Arnor.
    check(
        "Aragorn Aragorn NNP 2 nsubj ARNGOV|person
         hosted host VBD 0 root
         Denethor Denethor NNP 2 obj GONGOV|person
         . . . 2 punct",
        &["ARNGOV GONGOV 043 asserted", "GONGOV ARN 042 asserted"],
    );
    // Aragorn held talks with Denethor in Osgiliath , a town of Gondor.
    let mut doc = doc_from_parse(
        "Aragorn Aragorn NNP 2 nsubj ARNGOV|person
         held hold VBD 0 root
         talks talk NNS 2 obj
         with with IN 5 case
         Denethor Denethor NNP 3 nmod GONGOV|person
         in in IN 7 case
         Osgiliath Osgiliath NNP 5 nmod
         . . . 2 punct",
    );
    let town = doc.document.text.find("Osgiliath").unwrap();
    doc.places.push(dyad_model::PlaceMention {
        sentence: 0,
        span: Span::new(town, town + "Osgiliath".len()),
        location: dyad_model::Location {
            name: "Osgiliath".into(),
            country: Some("GON".into()),
            lat: None,
            lon: None,
            geonameid: None,
            precision: dyad_model::GeoPrecision::City,
            span: None,
        },
        rule: "test".into(),
    });
    // Talks held "with" someone are the subject's act, coded one way.
    assert_eq!(code_doc(doc), ["ARNGOV GON 042 asserted", "ARNGOV GONGOV 040 asserted"]);
}

/// `doc` with the word `word` resolved as a town of `country`, as the place stage would.
fn with_town(mut doc: Doc, word: &str, country: &str) -> Doc {
    let token = doc.tokens.iter().find(|t| t.text == word).expect("the town's word");
    let span = token.span;
    doc.places.push(dyad_model::PlaceMention {
        sentence: 0,
        span,
        location: dyad_model::Location {
            name: word.to_string(),
            country: Some(country.to_string()),
            lat: Some(0.0),
            lon: Some(0.0),
            geonameid: None,
            precision: dyad_model::GeoPrecision::City,
            span: Some(span),
        },
        rule: "test".into(),
    });
    doc
}

#[test]
fn a_meeting_in_a_third_country_is_at_a_third_location() {
    // Lavrov and Kuleba met in the Turkish resort of Antalya / of Sochi .
    let parse = |town: &str| {
        format!(
            "Lavrov Lavrov NNP 4 nsubj RUSGOV|person
             and and CC 3 cc
             Kuleba Kuleba NNP 1 conj UKRGOV|person
             met meet VBD 0 root
             in in IN 8 case
             the the DT 8 det
             seaside seaside NN 8 compound
             resort resort NN 4 obl
             of of IN 10 case
             {town} {town} NNP 8 nmod
             . . . 4 punct"
        )
    };
    let third = code_doc(with_town(doc_from_parse(&parse("Antalya")), "Antalya", "TUR"));
    assert_eq!(third, ["RUSGOV UKRGOV 044 asserted", "UKRGOV RUSGOV 044 asserted"]);
    // In one side's country it is a plain meeting, and a visit by the other side.
    let home = code_doc(with_town(doc_from_parse(&parse("Sochi")), "Sochi", "RUS"));
    assert!(home.contains(&"RUSGOV UKRGOV 040 asserted".to_string()), "{home:?}");
    assert!(home.contains(&"UKRGOV RUS 042 asserted".to_string()), "{home:?}");
}

#[test]
fn a_bare_role_noun_names_no_side_of_coordinated_doers() {
    // Arnor and Gondor agreed to reopen embassies . ("embassies" is the KB's GOV agent)
    let got = code_doc(doc_from_parse(
        "Arnor Arnor NNP 4 nsubj ARN
         and and CC 3 cc
         Gondor Gondor NNP 1 conj GON
         agreed agree VBD 0 root
         to to TO 6 mark
         reopen reopen VB 4 xcomp
         embassies embassy NNS 6 obj GOV
         . . . 4 punct",
    ));
    // Not "Arnor's own government" (dropped as acting on itself): each other.
    assert_eq!(got.len(), 2, "{got:?}");
    assert!(got[0].starts_with("ARN GON ") && got[1].starts_with("GON ARN "), "{got:?}");
    assert_eq!(got[0].split(' ').nth(2), got[1].split(' ').nth(2), "{got:?}");
}
