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
