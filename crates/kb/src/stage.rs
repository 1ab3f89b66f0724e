//! The pipeline stage that fills `Doc::actors`.

use std::sync::Arc;

use dyad_model::{Diagnostic, Doc, Layer, Stage};

use crate::kb::Kb;

/// Finds actor mentions in every sentence, resolving dated roles on the document date.
#[derive(Debug, Clone)]
pub struct ActorStage {
    kb: Arc<Kb>,
}

impl ActorStage {
    /// A stage sharing a compiled knowledge base.
    pub fn new(kb: Arc<Kb>) -> ActorStage {
        ActorStage { kb }
    }

    /// The knowledge base it uses.
    pub fn kb(&self) -> &Kb {
        &self.kb
    }
}

impl Stage for ActorStage {
    fn name(&self) -> &'static str {
        "kb.actors.v1"
    }

    fn requires(&self) -> &'static [Layer] {
        &[Layer::Tokens]
    }

    fn provides(&self) -> &'static [Layer] {
        &[Layer::Actors]
    }

    fn run(&self, doc: &mut Doc, _diags: &mut Vec<Diagnostic>) {
        let date = doc.document.date;
        let mut actors = Vec::new();
        for (sentence_idx, sentence) in doc.sentences.iter().enumerate() {
            let range = sentence.tokens.clone();
            let Some(tokens) = doc.tokens.get(range.clone()) else { continue };
            actors.extend(self.kb.match_sentence(tokens, sentence_idx, range.start, date));
        }
        doc.actors = actors;
        // The pipeline records the layers a stage provides; the stage only fills them.
        self.kb.link_document(doc);
    }
}
