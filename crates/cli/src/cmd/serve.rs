//! `dyad serve`: the JSON API and the dashboard over a store.

use std::net::SocketAddr;
use std::sync::Arc;

use anyhow::{bail, Result};
use clap::Args;

use super::ingest::DbArgs;
use crate::inputs::PipelineArgs;

#[derive(Args, Debug)]
pub struct ServeArgs {
    #[command(flatten)]
    db: DbArgs,
    /// Address and port to listen on (port 0: any free port, printed on start).
    #[arg(long, value_name = "IP:PORT", default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    /// Token for write endpoints, and for every /api route with --private. Prefer the
    /// DYAD_TOKEN variable: a command line is visible to other users.
    #[arg(long, value_name = "T", env = "DYAD_TOKEN", hide_env_values = true)]
    token: Option<String>,
    /// Read endpoints need the token too.
    #[arg(long)]
    private: bool,
    /// Largest request body, in MiB.
    #[arg(long, value_name = "MIB", default_value_t = 4, value_parser = clap::value_parser!(u64).range(1..=1024))]
    max_body_mib: u64,
    #[command(flatten)]
    pipeline: PipelineArgs,
}

pub fn run(args: ServeArgs) -> Result<()> {
    let token = args.token.filter(|t| !t.trim().is_empty());
    if let Some(token) = &token {
        if token.len() < 16 {
            bail!("the token is too short: use at least 16 characters");
        }
    }
    if args.private && token.is_none() {
        bail!("--private needs a token (--token or DYAD_TOKEN)");
    }
    let pipeline_args = args.pipeline.clone();
    let limits = dyad_serve::Limits {
        max_body_bytes: (args.max_body_mib * 1024 * 1024) as usize,
        ..dyad_serve::Limits::default()
    };
    let config = dyad_serve::Config {
        db: args.db.db,
        token,
        private: args.private,
        limits,
        pipeline: Arc::new(move || pipeline_args.pipeline()),
    };
    dyad_serve::serve_blocking(args.addr, config)
}
