//! One module per subcommand.

pub mod bench;
pub mod code;
pub mod eval;
pub mod explain;
pub mod export;
pub mod gazetteer;
pub mod ingest;
pub mod kb;
pub mod petrarch;
pub mod query;
pub mod serve;
pub mod train;
pub mod watch;

/// The stages `pipeline` runs before its place stage: what prepares a text for
/// geoparsing and event location, so that scoring and training see what coding sees.
pub(crate) fn stages_before_places(pipeline: &dyad_pipeline::Pipeline) -> Vec<&dyn dyad_model::Stage> {
    pipeline
        .stages()
        .iter()
        .map(|stage| stage.as_ref())
        .take_while(|stage| stage.name() != dyad_timegeo::PlaceStage::NAME)
        .collect()
}
