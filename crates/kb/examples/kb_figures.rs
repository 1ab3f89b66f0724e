//! Prints the knowledge base's figures (entities, aliases, dated roles) and lint count:
//! `cargo run -p dyad-kb --example kb_figures`.

use dyad_kb::{EntityKind, Kb};

fn main() -> Result<(), dyad_kb::KbError> {
    let kb = Kb::load_embedded()?;
    let stats = kb.stats();
    let count = |kind: EntityKind| kb.entities().iter().filter(|e| e.kind == kind).count();
    println!("entities: {}", stats.entities);
    for kind in [EntityKind::Country, EntityKind::Igo, EntityKind::Group, EntityKind::Person] {
        println!("  {}: {}", kind.as_str(), count(kind));
    }
    println!("aliases (names, demonyms, metonyms): {}", stats.aliases);
    println!("dated roles: {}", stats.dated_roles);
    println!("role words (agents): {} entries, {} forms", kb.agents().len(), stats.agent_forms);
    println!("lint issues: {}", kb.lint().len());
    Ok(())
}
