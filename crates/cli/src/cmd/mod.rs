//! One module per subcommand.

pub mod code;
pub mod explain;
pub mod eval;
pub mod kb;
