//! The seed article end to end through cleaning and segmentation.

use dyad_model::{Doc, Document, Stage};
use dyad_text::{CleanStage, SegmentStage, RULE_PHOTO_CREDIT, RULE_SLUG};

const FIXTURE: &str = include_str!("fixtures/seed_article_2021-07-13.txt");

fn analyse(text: &str) -> Doc {
    let mut doc = Doc::new(Document::new("seed", text));
    let mut diags = Vec::new();
    CleanStage.run(&mut doc, &mut diags);
    SegmentStage::default().run(&mut doc, &mut diags);
    assert!(diags.is_empty(), "{diags:?}");
    doc
}

fn check_seed(doc: &Doc) {
    let text = &doc.document.text;
    let credit = text.find("PHOTO/").expect("credit line in fixture");
    let slug = text.find("joe biden-presidente").expect("slug line in fixture");
    let rule_at =
        |offset: usize| doc.removed.iter().find(|r| r.span.start == offset).map(|r| r.rule.as_str());
    assert_eq!(rule_at(credit), Some(RULE_PHOTO_CREDIT));
    assert_eq!(rule_at(slug), Some(RULE_SLUG));
    assert_eq!(doc.removed.len(), 2, "only the two boilerplate lines go: {:?}", doc.removed);
    for sentence in &doc.sentences {
        for removal in &doc.removed {
            assert!(
                !sentence.span.overlaps(removal.span),
                "sentence {:?} overlaps {removal:?}",
                doc.text_of(sentence.span)
            );
        }
    }
    let headline = doc
        .sentences
        .iter()
        .find(|s| doc.text_of(s.span) == "Iraq's prime minister to meet Joe Biden on 26 July")
        .expect("headline sentence");
    assert!(headline.headline);
    assert!(doc.sentences[0].headline, "the subtitle line is a title line too");
    assert_eq!(doc.document.language.as_deref(), Some("en"));
    for token in &doc.tokens {
        assert!(token.span.slice(text).is_some_and(|s| !s.trim().is_empty()));
    }
    let prose: Vec<&str> =
        doc.sentences.iter().filter(|s| !s.headline).map(|s| doc.text_of(s.span)).collect();
    assert!(prose.contains(&"The US is still keeping some 2,500 Americans in Iraq since 2014 as part of an international coalition aimed at fighting Daesh."));
    assert_eq!(doc.sentences.len(), 22);
}

#[test]
fn seed_fixture_loses_its_credit_and_slug_and_keeps_its_headline() {
    check_seed(&analyse(FIXTURE));
}

#[test]
fn shared_seed_article_matches_the_fixture_behaviour() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seed/article.txt");
    let Ok(text) = std::fs::read_to_string(&path) else {
        eprintln!("skipping: {} is absent", path.display());
        return;
    };
    check_seed(&analyse(&text));
}
