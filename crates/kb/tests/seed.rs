//! The seed article: every surface form the issue lists links to the right entity and code.

use std::path::Path;
use std::sync::Arc;

use chrono::NaiveDate;
use dyad_kb::{simple_tokens, ActorStage, Kb};
use dyad_model::{Doc, Document, Layer, Sentence, Span, Stage};

/// The seed article as a Doc, split into sentences at ". " and line breaks, tokenised with
/// the knowledge base's own small tokenizer (the text stage is not a dependency of kb).
fn seed_doc() -> Option<Doc> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seed/article.txt");
    let Ok(text) = std::fs::read_to_string(&path) else {
        eprintln!("skipping: {} is absent", path.display());
        return None;
    };
    let mut document = Document::new("seed", text.clone());
    document.date = NaiveDate::from_ymd_opt(2021, 7, 13);
    let mut doc = Doc::new(document);
    let mut start = 0;
    let mut cuts: Vec<usize> = Vec::new();
    for (i, c) in text.char_indices() {
        if c == '\n' || (c == '.' && text[i + 1..].starts_with(' ')) {
            cuts.push(i + 1);
        }
    }
    cuts.push(text.len());
    for end in cuts {
        let piece = &text[start..end];
        if !piece.trim().is_empty() {
            let first = doc.tokens.len();
            for mut token in simple_tokens(piece) {
                token.span = Span::new(token.span.start + start, token.span.end + start);
                doc.tokens.push(token);
            }
            doc.sentences.push(Sentence {
                span: Span::new(start, end),
                tokens: first..doc.tokens.len(),
                headline: false,
            });
        }
        start = end;
    }
    doc.layers.extend([Layer::Sentences, Layer::Tokens]);
    Some(doc)
}

#[test]
fn seed_surface_forms_link_to_entities_and_codes() {
    let Some(mut doc) = seed_doc() else { return };
    let stage = ActorStage::new(Arc::new(Kb::load_embedded().expect("shipped dictionaries load")));
    let mut diags = Vec::new();
    stage.run(&mut doc, &mut diags);
    let found: Vec<(String, String, Option<String>)> = doc
        .actors
        .iter()
        .map(|m| (doc.text_of(m.span).to_string(), m.actor.code.clone(), m.actor.entity.clone()))
        .collect();
    if std::env::var_os("DYAD_KB_SHOW").is_some() {
        for m in &doc.actors {
            eprintln!("{:?}\t{}\t{:?}\t{}", doc.text_of(m.span), m.actor.code, m.actor.entity, m.rule);
        }
    }
    let expect = |surface: &str, code: &str, entity: Option<&str>| {
        assert!(
            found.iter().any(|(s, c, e)| s == surface && c == code && e.as_deref() == entity),
            "expected {surface:?} -> {code} {entity:?}; found {found:#?}"
        );
    };
    let kadhimi = Some("person/mustafa-al-kadhimi");
    expect("Iraq's Prime Minister-designate Mustafa al-Kadhimi", "IRQGOV", kadhimi);
    expect("Iraqi Prime Minister Mustafa al-Kazemi", "IRQGOV", kadhimi);
    expect("al-Kadhimi", "IRQGOV", kadhimi);
    expect("Mustafa al-Kazemi", "IRQGOV", kadhimi);
    expect("US President Joe Biden", "USAGOV", Some("person/joe-biden"));
    expect("Joe Biden", "USAGOV", Some("person/joe-biden"));
    expect("White House press secretary Jen Psaki", "USAGOV", Some("person/jen-psaki"));
    expect("US envoy Brett McGurk", "USAGOV", Some("person/brett-mcgurk"));
    expect("Iranian general Qassem Soleimani", "IRNMIL", Some("person/qassem-soleimani"));
    expect("Iraqi militia commander Abu Mahdi al-Muhandis", "IRQUAF", Some("person/abu-mahdi-al-muhandis"));
    expect("ISIS", "IMGMUSISI", Some("group/islamic-state"));
    expect("Daesh", "IMGMUSISI", Some("group/islamic-state"));
    expect("Washington", "USAGOV", Some("country/USA"));
    expect("Baghdad", "IRQGOV", Some("country/IRQ"));
    expect("Popular Mobilisation Forces", "IRQUAFPMF", Some("group/popular-mobilisation-forces"));
    expect("US troops", "USAMIL", None);
    expect("Iraq", "IRQ", Some("country/IRQ"));
    expect("Iraqi prime minister", "IRQGOV", kadhimi);
    expect("Iraq's prime minister", "IRQGOV", kadhimi);
    expect("Badgad", "IRQGOV", Some("country/IRQ"));
    expect("he", "IRQGOV", kadhimi);
    expect("US president", "USAGOV", Some("person/joe-biden"));
    expect("Biden", "USAGOV", Some("person/joe-biden"));
}
