//! The pipeline stage that tags and parses every sentence of a document.

use dyad_model::{Diagnostic, Doc, Layer, Stage};

use crate::SyntaxModel;

/// Tags and parses each sentence of a [`Doc`] with a [`SyntaxModel`]. Like every Dyad
/// stage it leaves the `Doc::layers` bookkeeping to the pipeline.
///
/// When actor mentions are already found (the knowledge base runs first in the standard
/// pipeline), each multi-word mention is parsed as one word: long titled names are where
/// a greedy parser goes wrong most, and they are also where the coder looks for source
/// and target. The last word of a name (of any length when capitalised, of two or more
/// otherwise; demonyms aside) is tagged as a noun, so that the tagger's slips there
/// ("Myanmar's military" as two adjectives) do not cost the verb its subject. Without
/// mentions every word is tagged and parsed on its own.
#[derive(Debug, Clone)]
pub struct SyntaxStage {
    model: SyntaxModel,
}

impl SyntaxStage {
    /// A stage using `model`.
    pub fn new(model: SyntaxModel) -> SyntaxStage {
        SyntaxStage { model }
    }

    /// The model in use.
    pub fn model(&self) -> &SyntaxModel {
        &self.model
    }
}

impl Stage for SyntaxStage {
    fn name(&self) -> &'static str {
        "syntax.perceptron.v1"
    }

    fn requires(&self) -> &'static [Layer] {
        &[Layer::Tokens]
    }

    fn provides(&self) -> &'static [Layer] {
        &[Layer::Tags, Layer::Deps]
    }

    fn run(&self, doc: &mut Doc, _diags: &mut Vec<Diagnostic>) {
        let mut annotator = self.model.annotator();
        let n_tokens = doc.tokens.len();
        let mut names = Vec::new();
        let mut nouns = Vec::new();
        for (sentence_idx, sentence) in doc.sentences.iter().enumerate() {
            // A sentence range from a buggy upstream stage is clamped rather than
            // allowed to panic; the transition system is linear in sentence length, so
            // even a sentence of thousands of tokens is parsed in bounded time.
            let start = sentence.tokens.start.min(n_tokens);
            let end = sentence.tokens.end.clamp(start, n_tokens);
            names.clear();
            names.extend(
                doc.actors
                    .iter()
                    .filter(|mention| mention.sentence == sentence_idx && mention.tokens.len() >= 2)
                    .filter(|mention| mention.tokens.start >= start && mention.tokens.end <= end)
                    .map(|mention| mention.tokens.start - start..mention.tokens.end - start),
            );
            // A recognised name ends in a noun: "military" in "Myanmar's military", the
            // name "Hamas". Demonyms ("Iranian") are adjectives, and a lower-case word
            // alone ("guard", "police") may still be a verb.
            nouns.clear();
            nouns.extend(
                doc.actors
                    .iter()
                    .filter(|mention| mention.sentence == sentence_idx)
                    .filter(|mention| mention.tokens.start >= start && mention.tokens.end <= end)
                    .filter(|mention| {
                        !mention.tokens.is_empty() && !mention.rule.starts_with("kb.alias.demonym")
                    })
                    .filter(|mention| {
                        let last = &doc.tokens[mention.tokens.end - 1].text;
                        let word = last.chars().all(char::is_alphabetic);
                        let capital = last.chars().next().is_some_and(char::is_uppercase);
                        word && (mention.tokens.len() >= 2 || capital)
                    })
                    .map(|mention| mention.tokens.end - 1 - start),
            );
            if names.is_empty() && nouns.is_empty() {
                annotator.annotate(&mut doc.tokens[start..end]);
            } else {
                annotator.annotate_with_names(&mut doc.tokens[start..end], &names, &nouns);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use dyad_model::{Document, Sentence, Span, Token};

    use super::*;

    fn doc_of(sentences: &[&[&str]]) -> Doc {
        let mut doc =
            Doc::new(Document::new("d", sentences.iter().map(|s| s.join(" ")).collect::<Vec<_>>().join(" ")));
        for words in sentences {
            let start = doc.tokens.len();
            for word in *words {
                doc.tokens.push(Token { text: word.to_string(), ..Token::default() });
            }
            doc.sentences.push(Sentence {
                span: Span::new(0, 0),
                tokens: start..doc.tokens.len(),
                headline: false,
            });
        }
        doc.layers.push(Layer::Tokens);
        doc
    }

    #[test]
    fn stage_parses_each_sentence_within_its_own_tokens() {
        let stage = SyntaxStage::new(SyntaxModel::load_default().unwrap());
        let mut doc =
            doc_of(&[&["Police", "arrested", "two", "men", "."], &["They", "were", "released", "."]]);
        let mut diags = Vec::new();
        stage.run(&mut doc, &mut diags);
        assert!(!doc.has(Layer::Tags), "layer bookkeeping is the pipeline's");
        assert_eq!(doc.tokens[1].head, None);
        assert_eq!(doc.tokens[0].head, Some(1), "heads are indices within the sentence");
        assert_eq!(doc.tokens[7].head, None, "`released` roots the second sentence");
        assert_eq!(doc.tokens[5].head, Some(2));
        assert_eq!(doc.tokens[5].deprel, "nsubj:pass");
    }

    #[test]
    fn stage_survives_a_600_token_sentence_and_bad_ranges() {
        let stage = SyntaxStage::new(SyntaxModel::load_default().unwrap());
        let words: Vec<String> =
            (0..600).map(|i| ["the", "army", "said", "and", ",", "rockets"][i % 6].to_string()).collect();
        let word_refs: Vec<&str> = words.iter().map(String::as_str).collect();
        let mut doc = doc_of(&[&word_refs]);
        doc.sentences.push(Sentence { span: Span::new(0, 0), tokens: 590..9999, headline: false });
        let mut diags = Vec::new();
        stage.run(&mut doc, &mut diags);
        let roots = doc.tokens[..600].iter().filter(|token| token.head.is_none()).count();
        assert!(roots >= 1);
        assert!(doc.tokens.iter().all(|token| token.head.is_none_or(|head| head < 600)));
    }

    fn mention(tokens: std::ops::Range<usize>, code: &str, rule: &str) -> dyad_model::ActorMention {
        dyad_model::ActorMention {
            sentence: 0,
            tokens,
            span: Span::new(0, 0),
            actor: dyad_model::Actor { code: code.into(), name: String::new(), entity: None, span: None },
            rule: rule.into(),
            entries: Vec::new(),
        }
    }

    #[test]
    fn a_known_name_ends_in_a_noun() {
        let stage = SyntaxStage::new(SyntaxModel::load_default().unwrap());
        let words: Vec<&str> = "Myanmar 's military detained Aung San Suu Kyi .".split(' ').collect();
        let mut without = doc_of(&[&words]);
        stage.run(&mut without, &mut Vec::new());
        let mut with = doc_of(&[&words]);
        with.actors.push(mention(0..3, "MMRMIL", "kb.agent.possessive+role"));
        with.actors.push(mention(4..8, "MMRGOV", "kb.alias.exact"));
        stage.run(&mut with, &mut Vec::new());
        // Alone, the tagger reads "military" as an adjective; as the head of a known
        // name it is a noun, the subject of "detained".
        assert_eq!(without.tokens[2].upos, dyad_model::Upos::Adj, "{:#?}", without.tokens);
        assert_eq!(with.tokens[2].upos, dyad_model::Upos::Noun, "{:#?}", with.tokens);
        assert_eq!((with.tokens[2].head, with.tokens[2].deprel.as_str()), (Some(3), "nsubj"));
        assert_eq!(with.tokens[3].head, None, "{:#?}", with.tokens);
    }

    #[test]
    fn a_demonym_is_not_held_to_a_noun() {
        let stage = SyntaxStage::new(SyntaxModel::load_default().unwrap());
        let words: Vec<&str> = "Iranian officials met Iraqi ministers .".split(' ').collect();
        let mut doc = doc_of(&[&words]);
        doc.actors.push(mention(0..1, "IRN", "kb.alias.demonym: Iranian"));
        stage.run(&mut doc, &mut Vec::new());
        assert_eq!(doc.tokens[0].upos, dyad_model::Upos::Adj, "{:#?}", doc.tokens);
    }

    #[test]
    fn a_known_actor_is_parsed_as_one_word() {
        let stage = SyntaxStage::new(SyntaxModel::load_default().unwrap());
        let words = "US Secretary of State Antony Blinken met the Iraqi prime minister in Baghdad .";
        let words: Vec<&str> = words.split(' ').collect();
        let mut doc = doc_of(&[&words]);
        for (tokens, code) in [(0..6, "USAGOV"), (7..11, "IRQGOV")] {
            doc.actors.push(dyad_model::ActorMention {
                sentence: 0,
                tokens,
                span: Span::new(0, 0),
                actor: dyad_model::Actor { code: code.into(), name: String::new(), entity: None, span: None },
                rule: String::new(),
                entries: Vec::new(),
            });
        }
        stage.run(&mut doc, &mut Vec::new());
        let tokens = &doc.tokens;
        // The names' last words carry their relations to the verb; every other word
        // of a name hangs inside it.
        assert_eq!((tokens[5].head, tokens[5].deprel.as_str()), (Some(6), "nsubj"));
        assert_eq!((tokens[10].head, tokens[10].deprel.as_str()), (Some(6), "obj"));
        assert!((0..5).all(|i| tokens[i].head == Some(5)), "{tokens:#?}");
        assert!((7..10).all(|i| tokens[i].head == Some(10)), "{tokens:#?}");
        assert_eq!(tokens[7].deprel, "det");
        // Words outside the names are parsed as usual, with heads mapped back.
        assert!(matches!(tokens[12].head, Some(6) | Some(10)), "{tokens:#?}");
        assert_eq!(tokens[11].head, Some(12));
        assert!(tokens.iter().filter(|t| t.head.is_none()).count() == 1);
    }
}
