//! What every fuzz target checks beyond "no panic": the invariants of ARCHITECTURE.md
//! that hostile input must not break.

use dyad_model::{Doc, EventCode, Span};

/// Panics (so libFuzzer records the input) unless `span` is a non-inverted byte range
/// inside `text` whose ends fall on char boundaries.
pub fn check_span(text: &str, span: Span, what: &str) {
    assert!(span.start <= span.end, "{what}: inverted span {span:?}");
    assert!(span.end <= text.len(), "{what}: span {span:?} past the text's {} bytes", text.len());
    assert!(
        text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
        "{what}: span {span:?} cuts a character"
    );
}

/// Every span of every layer lies in the unmodified text on char boundaries; sentences
/// cover their tokens; every event's codes are rows of the CAMEO table.
pub fn check_doc(doc: &Doc, original_text: &str) {
    let text = doc.document.text.as_str();
    assert_eq!(text, original_text, "the document text was rewritten");
    for removal in &doc.removed {
        check_span(text, removal.span, "removed span");
    }
    for token in &doc.tokens {
        check_span(text, token.span, "token");
        assert!(!token.span.is_empty(), "empty token at {:?}", token.span);
    }
    let mut previous_end = 0;
    for (idx, sentence) in doc.sentences.iter().enumerate() {
        check_span(text, sentence.span, "sentence");
        assert!(sentence.tokens.start <= sentence.tokens.end, "sentence {idx}: inverted token range");
        assert!(sentence.tokens.end <= doc.tokens.len(), "sentence {idx}: token range past the tokens");
        assert!(sentence.tokens.start >= previous_end, "sentence {idx}: overlaps the one before");
        previous_end = sentence.tokens.end;
        for token in &doc.tokens[sentence.tokens.clone()] {
            assert!(
                sentence.span.start <= token.span.start && token.span.end <= sentence.span.end,
                "sentence {idx} {:?} does not cover its token {:?}",
                sentence.span,
                token.span
            );
            if let Some(head) = token.head {
                assert!(head < sentence.tokens.len(), "sentence {idx}: head {head} outside the sentence");
            }
        }
    }
    let in_sentence = |sentence: usize, what: &str| {
        assert!(sentence < doc.sentences.len().max(1), "{what}: sentence {sentence} does not exist");
    };
    for mention in &doc.actors {
        check_span(text, mention.span, "actor mention");
        in_sentence(mention.sentence, "actor mention");
        assert!(
            mention.tokens.start <= mention.tokens.end && mention.tokens.end <= doc.tokens.len(),
            "actor mention: token range {:?} outside the tokens",
            mention.tokens
        );
        if let Some(span) = mention.actor.span {
            check_span(text, span, "actor");
        }
    }
    for time in &doc.times {
        check_span(text, time.span, "time expression");
        in_sentence(time.sentence, "time expression");
    }
    for place in &doc.places {
        check_span(text, place.span, "place");
        in_sentence(place.sentence, "place");
    }
    for quantity in &doc.quantities {
        check_span(text, quantity.span, "quantity");
        in_sentence(quantity.sentence, "quantity");
    }
    for event in &doc.events {
        in_sentence(event.sentence, "event");
        for code in [event.cameo, event.root, event.cameo.base(), event.cameo.root()] {
            assert_eq!(
                EventCode::parse(code.as_str()),
                Ok(code),
                "event code {} not in the table",
                code.as_str()
            );
        }
        assert_eq!(event.root, event.cameo.root(), "event {}: root is not the code's root", event.event_id);
        assert!((1..=4).contains(&event.quad), "event {}: QuadClass {}", event.event_id, event.quad);
        assert!(event.goldstein.is_finite(), "event {}: Goldstein {}", event.event_id, event.goldstein);
        for role in &event.provenance.spans {
            check_span(text, role.span, "event role span");
        }
        for actor in [&event.source, &event.target].into_iter().flatten() {
            if let Some(span) = actor.span {
                check_span(text, span, "event actor");
            }
        }
    }
}

/// Text of at most `max` bytes from fuzz input: lossy UTF-8, cut on a char boundary.
pub fn text_of(data: &[u8], max: usize) -> String {
    let mut text = String::from_utf8_lossy(data).into_owned();
    if text.len() > max {
        let mut cut = max;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        text.truncate(cut);
    }
    text
}

/// Articles for the stores the `api` and `store_file` targets read: the bundled seed
/// article and the server tests' fixtures.
const FIXTURE_ARTICLES: [&str; 2] = [
    include_str!("../../examples/seed-article.jsonl"),
    include_str!("../../crates/serve/tests/fixtures/articles.jsonl"),
];

/// Codes the fixture articles with the standard pipeline and stores them in a new
/// store at `path`, checkpointed so that the whole store is in the one file.
pub fn write_fixture_store(path: &std::path::Path) -> anyhow::Result<()> {
    let pipeline = dyad_pipeline::standard(&Default::default())?;
    let options = dyad_ingest::ReadOptions::default();
    let mut batch = Vec::new();
    for jsonl in FIXTURE_ARTICLES {
        for article in dyad_ingest::read_jsonl(jsonl.as_bytes(), "fixture.jsonl", &options) {
            let analysed = pipeline.run(article?.document);
            batch.push(dyad_store::CodedDocument {
                document: analysed.doc.document,
                events: analysed.doc.events,
            });
        }
    }
    let mut store = dyad_store::Store::open(path)?;
    store.write_batch(&batch)?;
    store.checkpoint()?;
    Ok(())
}
