//! Properties of the actor matcher and of the whole standard pipeline on arbitrary
//! text: every span of every layer lies inside the unmodified text on char boundaries,
//! indices point at what exists, and every event's codes are rows of the CAMEO table.

use std::sync::{Arc, OnceLock};

use chrono::NaiveDate;
use dyad_model::{Doc, Document, EventCode, Span, Stage};
use dyad_pipeline::Pipeline;
use proptest::prelude::*;

fn pipeline() -> &'static Pipeline {
    static PIPELINE: OnceLock<Pipeline> = OnceLock::new();
    PIPELINE.get_or_init(|| dyad_pipeline::standard(&Default::default()).expect("the standard pipeline"))
}

fn kb() -> Arc<dyad_kb::Kb> {
    static KB: OnceLock<Arc<dyad_kb::Kb>> = OnceLock::new();
    KB.get_or_init(|| Arc::new(dyad_kb::Kb::load_embedded().expect("the actor dictionaries"))).clone()
}

/// News words, names the dictionaries know (with their odd spellings), dates, numbers,
/// punctuation and characters of several bytes.
const PIECES: &[&str] = &[
    "Iraq's",
    "prime minister",
    "Mustafa al-Kadhimi",
    "al-Kazemi",
    "Joe Biden",
    "U.S.",
    "US",
    "Iranian",
    "the Islamic State",
    "ISIS",
    "Hezbollah",
    "the UN Security Council",
    "Washington",
    "Baghdad",
    "Ain al-Assad air base",
    "troops",
    "police",
    "protesters",
    "met",
    "will meet",
    "attacked",
    "did not attack",
    "fired 14 rockets at",
    "urged",
    "to exercise restraint",
    "signed an agreement with",
    "on 26 July",
    "last Tuesday",
    "in 2014",
    "earlier this month",
    "killing three soldiers",
    "and",
    ",",
    ".",
    ";",
    "\"",
    "“",
    "”",
    "(",
    ")",
    "—",
    "…",
    "\n",
    "\n\n",
    " ",
    " ",
    " ",
    "e\u{301}",
    "👍🏽",
    "Ирак",
    "العراق",
    "伊拉克",
    "\u{200b}",
    "\u{a0}",
    "PHOTO/ AFP",
    "By John Smith",
];

fn news_like() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..80).prop_map(|pieces| pieces.join(" "))
}

fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![3 => news_like(), 1 => any::<String>()]
}

fn span_ok(text: &str, span: Span) -> bool {
    span.start <= span.end
        && span.end <= text.len()
        && text.is_char_boundary(span.start)
        && text.is_char_boundary(span.end)
}

/// The invariants every layer keeps, as a list of what broke (empty when none did).
fn broken(doc: &Doc, text: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let mut check = |ok: bool, what: String| {
        if !ok {
            problems.push(what);
        }
    };
    check(doc.document.text == text, "the text was rewritten".into());
    for token in &doc.tokens {
        check(span_ok(text, token.span) && !token.span.is_empty(), format!("token {:?}", token.span));
    }
    for (idx, sentence) in doc.sentences.iter().enumerate() {
        check(span_ok(text, sentence.span), format!("sentence {idx} {:?}", sentence.span));
        check(
            sentence.tokens.end <= doc.tokens.len(),
            format!("sentence {idx} tokens {:?}", sentence.tokens),
        );
        for token in doc.tokens.get(sentence.tokens.clone()).unwrap_or_default() {
            check(token.head.is_none_or(|h| h < sentence.tokens.len()), format!("sentence {idx}: head"));
        }
    }
    let sentences = doc.sentences.len();
    for mention in &doc.actors {
        check(span_ok(text, mention.span), format!("actor {:?}", mention.span));
        check(mention.sentence < sentences, format!("actor in sentence {}", mention.sentence));
        check(mention.tokens.end <= doc.tokens.len(), format!("actor tokens {:?}", mention.tokens));
    }
    for time in &doc.times {
        check(span_ok(text, time.span) && time.sentence < sentences, format!("time {:?}", time.span));
    }
    for place in &doc.places {
        check(span_ok(text, place.span) && place.sentence < sentences, format!("place {:?}", place.span));
    }
    for quantity in &doc.quantities {
        check(
            span_ok(text, quantity.span) && quantity.sentence < sentences,
            format!("quantity {:?}", quantity.span),
        );
    }
    let mut event_ids = std::collections::HashSet::new();
    for event in &doc.events {
        // An id names one event of the document: two with one id are one event twice.
        check(event_ids.insert(event.event_id.as_str()), format!("event id {} repeated", event.event_id));
        check(event.sentence < sentences, format!("event in sentence {}", event.sentence));
        for code in [event.cameo, event.root] {
            check(
                EventCode::parse(code.as_str()) == Ok(code),
                format!("code {} not in the table", code.as_str()),
            );
        }
        check(
            event.root == event.cameo.root(),
            format!("root {} of {}", event.root.as_str(), event.cameo.as_str()),
        );
        check(
            (1..=4).contains(&event.quad) && event.quad == event.cameo.quad(),
            format!("quad {}", event.quad),
        );
        check(event.goldstein.is_finite(), format!("goldstein {}", event.goldstein));
        for role in &event.provenance.spans {
            check(span_ok(text, role.span), format!("{} span {:?}", role.role, role.span));
        }
    }
    problems
}

/// Sentences where one trigger meets two names of one actor, or one actor's code twice.
#[test]
fn one_event_is_not_coded_twice_from_two_names_of_its_actor() {
    for text in [
        "Ocalan, leader of the separatist Kurdistan Workers' Party (PKK) was captured in Kenya in 1999 and jailed for life.",
        "At least 50 jihadist and Kurdish fighters were killed in fighting in northern Syria this week alone, according to a toll released earlier Saturday by the Observatory.",
    ] {
        let mut document = Document::new("twice", text);
        document.date = NaiveDate::from_ymd_opt(2021, 7, 13);
        let analysed = pipeline().run(document);
        let problems = broken(&analysed.doc, text);
        assert!(problems.is_empty(), "{problems:?} in {text:?}: {:#?}", analysed.doc.events);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn actor_mentions_stay_inside_the_text(text in any_text()) {
        let mut doc = Doc::new(Document::new("prop", text.clone()));
        doc.document.date = NaiveDate::from_ymd_opt(2021, 7, 13);
        let mut diags = Vec::new();
        dyad_text::CleanStage.run(&mut doc, &mut diags);
        dyad_text::SegmentStage::default().run(&mut doc, &mut diags);
        dyad_kb::ActorStage::new(kb()).run(&mut doc, &mut diags);
        let problems = broken(&doc, &text);
        prop_assert!(problems.is_empty(), "{problems:?} in {text:?}");
    }

    #[test]
    fn the_whole_pipeline_keeps_spans_and_codes_valid(text in any_text(), day in 1u32..29) {
        let mut document = Document::new("prop", text.clone());
        document.date = NaiveDate::from_ymd_opt(2021, 7, day);
        let analysed = pipeline().run(document);
        prop_assert!(
            analysed.diagnostics.iter().all(|d| !d.message.contains("internal error")),
            "a stage failed: {:?}",
            analysed.diagnostics
        );
        let problems = broken(&analysed.doc, &text);
        prop_assert!(problems.is_empty(), "{problems:?} in {text:?}");
    }
}
