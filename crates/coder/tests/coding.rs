//! Data-driven coder tests. Sentences are written with their actors marked, as the
//! knowledge base would find them: `[Arnor|ARN] attacked [Gondor|GON]`. Tokens are
//! split on spaces, so write clitics apart (`Arnor 's`).

use dyad_coder::{CoderConfig, CoderStage, VerbDictionary};
use dyad_model::{Actor, ActorMention, Doc, Document, Sentence, Span, Stage, Token};

/// Builds a one-sentence document from marked text.
fn doc_from_marked(marked: &str, headline: bool) -> Doc {
    let mut text = String::new();
    let mut tokens = Vec::new();
    let mut actors = Vec::new();
    let mut rest = marked;
    let push_word = |text: &mut String, tokens: &mut Vec<Token>, word: &str| {
        if !text.is_empty() {
            text.push(' ');
        }
        let start = text.len();
        text.push_str(word);
        tokens.push(Token { span: Span::new(start, text.len()), text: word.to_string(), ..Token::default() });
    };
    while !rest.is_empty() {
        rest = rest.trim_start();
        if let Some(after) = rest.strip_prefix('[') {
            let close = after.find(']').expect("unclosed [");
            let (name, code) = after[..close].split_once('|').expect("[name|CODE]");
            // `[Washington|USAGOV|capital]` marks a capital standing for its government.
            let (code, rule) = match code.split_once('|') {
                Some((code, "capital")) => (code, "kb.alias.capital_metonym"),
                _ => (code, "test"),
            };
            let first = tokens.len();
            for word in name.split_whitespace() {
                push_word(&mut text, &mut tokens, word);
            }
            let span = Span::new(tokens[first].span.start, tokens.last().unwrap().span.end);
            actors.push(ActorMention {
                sentence: 0,
                tokens: first..tokens.len(),
                span,
                actor: Actor {
                    code: code.to_string(),
                    name: name.to_string(),
                    entity: None,
                    span: Some(span),
                },
                rule: rule.into(),
                entries: vec![],
            });
            rest = &after[close + 1..];
        } else {
            let end = rest.find([' ', '[']).unwrap_or(rest.len());
            if end > 0 {
                push_word(&mut text, &mut tokens, &rest[..end]);
            }
            rest = &rest[end..];
        }
    }
    let mut document = Document::new("test", text.clone());
    document.date = chrono::NaiveDate::from_ymd_opt(2021, 7, 13);
    let mut doc = Doc::new(document);
    doc.sentences = vec![Sentence { span: Span::new(0, text.len()), tokens: 0..tokens.len(), headline }];
    doc.tokens = tokens;
    doc.actors = actors;
    doc
}

/// Codes `marked` and compares `source target code modality` lines.
fn check(marked: &str, expected: &[&str]) {
    check_with(marked, false, expected)
}

fn check_with(marked: &str, headline: bool, expected: &[&str]) {
    let stage = CoderStage::new(VerbDictionary::built_in().unwrap(), CoderConfig::default());
    let mut doc = doc_from_marked(marked, headline);
    let mut diags = Vec::new();
    stage.run(&mut doc, &mut diags);
    let got: Vec<String> = doc
        .events
        .iter()
        .map(|e| {
            let code = |a: &Option<Actor>| a.as_ref().map_or("-".to_string(), |a| a.code.clone());
            format!("{} {} {} {}", code(&e.source), code(&e.target), e.cameo, e.modality.as_str())
        })
        .collect();
    assert_eq!(got, expected, "\nsentence: {marked}\nevents: {:#?}", doc.events);
}

#[test]
fn simple_attack() {
    check("[Arnor|ARN] attacked [Gondor|GON] on Monday .", &["ARN GON 190 asserted"]);
}

#[test]
fn planned_meeting_is_an_intent_to_meet() {
    check(
        "[Iraqi Prime Minister Mustafa al-Kazemi|IRQGOV] will meet with [US President Joe Biden|USAGOV] on 26 July .",
        &["IRQGOV USAGOV 036 planned"],
    );
}

#[test]
fn headline_infinitive_is_planned() {
    check_with(
        "[Iraq 's prime minister|IRQGOV] to meet [Joe Biden|USAGOV] on 26 July",
        true,
        &["IRQGOV USAGOV 036 planned"],
    );
}

#[test]
fn negated_attack_is_dropped() {
    check("[Arnor|ARN] did not attack [Gondor|GON] .", &[]);
}

#[test]
fn reported_speech_codes_the_embedded_event() {
    check("[Rohan|ROH] said [Arnor|ARN] attacked [Gondor|GON] .", &["ARN GON 190 asserted"]);
}

#[test]
fn passive_with_agent_swaps_roles() {
    check("[Gondor|GON] was attacked by [Arnor|ARN] .", &["ARN GON 190 asserted"]);
}

#[test]
fn object_and_preposition_make_a_specific_pattern() {
    // The codebook puts rocket and artillery fire under 194.
    check("[Arnor|ARN] fired 14 rockets at [Gondor|GON] .", &["ARN GON 194 asserted"]);
    check("[Arnor|ARN] imposed new sanctions on [Gondor|GON] .", &["ARN GON 163 asserted"]);
    check("[Arnor|ARN] signed a trade agreement with [Gondor|GON] .", &["ARN GON 057 asserted"]);
}

#[test]
fn employment_sense_of_fire_is_not_an_attack() {
    check("[Arnor|ARN] fired its coach after the defeat by [Gondor|GON] .", &[]);
}

#[test]
fn discussion_partner_comes_from_with() {
    check(
        "[US envoy Brett McGurk|USAGOV] discussed the roadmap for the withdrawal of foreign troops , particularly [US troops|USAMIL] , with [the Iraqi prime minister|IRQGOV] in Baghdad .",
        &["USAGOV IRQGOV 040 asserted"],
    );
}

#[test]
fn intention_to_push_for_is_intended() {
    check(
        "Thus , in [Washington|USAGOV|capital] , [al-Kadhimi|IRQGOV] is expected to push for a concrete timetable for withdrawal .",
        // Pushing for a withdrawal is an appeal to de-escalate (0256), addressed to the
        // government of the capital where it is made.
        &["IRQGOV USAGOV 0256 intended"],
    );
}

#[test]
fn sports_attack_is_no_event() {
    check(
        "[Argentina|ARG] attacked [France|FRA] relentlessly in the second half , and Messi scored twice .",
        &[],
    );
    check("[Arnor|ARN] attacked [Gondor|GON] near the stadium .", &["ARN GON 190 asserted"]);
}

#[test]
fn appeal_without_addressee_is_no_event() {
    check("[Biden|USAGOV] sought to push for a new policy .", &[]);
}

#[test]
fn repeated_events_in_a_story_merge_into_one_with_mentions() {
    let stage = CoderStage::new(VerbDictionary::built_in().unwrap(), CoderConfig::default());
    let mut doc =
        doc_from_marked("[Arnor|ARN] attacked [Gondor|GON] . [Arnor|ARN] attacked [Gondor|GON] .", false);
    // Split into two sentences at the first full stop.
    let split = doc.tokens.iter().position(|t| t.text == ".").unwrap() + 1;
    let mid = doc.tokens[split].span.start;
    let end = doc.document.text.len();
    doc.sentences = vec![
        Sentence { span: Span::new(0, mid - 1), tokens: 0..split, headline: false },
        Sentence { span: Span::new(mid, end), tokens: split..doc.tokens.len(), headline: false },
    ];
    for mention in &mut doc.actors {
        mention.sentence = usize::from(mention.tokens.start >= split);
    }
    stage.run(&mut doc, &mut Vec::new());
    assert_eq!(doc.events.len(), 1);
    assert_eq!(doc.events[0].mentions, [0, 1]);
}

#[test]
fn every_event_carries_provenance() {
    let stage = CoderStage::new(VerbDictionary::built_in().unwrap(), CoderConfig::default());
    let mut doc = doc_from_marked("[Arnor|ARN] fired 14 rockets at [Gondor|GON] .", false);
    stage.run(&mut doc, &mut Vec::new());
    let event = &doc.events[0];
    let roles: Vec<&str> = event.provenance.spans.iter().map(|s| s.role.as_str()).collect();
    assert_eq!(roles, ["trigger", "source", "target"]);
    assert_eq!(event.provenance.spans[0].text, "fired");
    assert!(
        event.provenance.entries[0].starts_with("verbs/18-20-violence.toml:"),
        "{:?}",
        event.provenance.entries
    );
    assert_eq!(event.provenance.rule, "coder.linear.verb");
    assert_eq!(event.plover.event, "ASSAULT");
    assert!(event.plover.mode.contains(&"heavy-weapons".to_string()));
    assert_eq!(event.date.iso(), "2021-07-13");
}
