//! The gazetteer: GeoNames places (built by [`build_gazetteer`]) plus the hand-written
//! `places.toml`, indexed by folded name.
//!
//! Names are matched on a key: ASCII-folded, lowercased, with hyphens and slashes read
//! as spaces and apostrophes and periods dropped ("Ain al-Assad" -> `ain al assad`,
//! "U.S." -> `us`). A second, looser "skeleton" key (articles unified, doubled letters
//! collapsed, spaces dropped) catches transliteration variants ("Ain al-Asad" and
//! "Ayn el-Assad").

mod builder;

use std::collections::{HashMap, HashSet};

use std::io::Read;
use std::path::{Path, PathBuf};

use dyad_model::GeoPrecision;
use flate2::read::GzDecoder;
use serde::Deserialize;

pub use builder::{build_gazetteer, build_gazetteer_with, BuildOptions, BuildReport, CitySource};

/// The built GeoNames part, embedded in the binary.
static EMBEDDED_GAZETTEER: &[u8] = include_bytes!("../../../../data/gazetteer/gazetteer.tsv.gz");
/// The hand-written part.
static EMBEDDED_PLACES: &str = include_str!("../../../../data/gazetteer/places.toml");

/// Errors building or loading the gazetteer.
#[derive(Debug, thiserror::Error)]
pub enum GazetteerError {
    /// A file could not be read.
    #[error("cannot read {path}")]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// A file could not be written.
    #[error("cannot write {path}")]
    Write {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// A GeoNames JSON file did not parse.
    #[error("{path}: invalid JSON")]
    Json {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: serde_json::Error,
    },
    /// A line of the built gazetteer is malformed.
    #[error("{path}:{line}: field `{field}`: {message}")]
    Record {
        /// The file (`<embedded>` for the built-in one).
        path: PathBuf,
        /// 1-based line number.
        line: usize,
        /// The field.
        field: &'static str,
        /// What is wrong.
        message: String,
    },
    /// The hand-written TOML did not parse.
    #[error("{path}: {source}")]
    Toml {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: toml::de::Error,
    },
}

/// What kind of place an entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PlaceKind {
    /// A continent.
    Continent,
    /// A country.
    Country,
    /// A state, province or named region.
    Region,
    /// A second-level division: a county or district.
    District,
    /// A national capital.
    Capital,
    /// A city, town or village.
    City,
    /// A base, airport, crossing or building.
    Site,
}

impl PlaceKind {
    /// The precision an event located here has.
    pub fn precision(&self) -> GeoPrecision {
        match self {
            PlaceKind::Continent | PlaceKind::Region | PlaceKind::District => GeoPrecision::Region,
            PlaceKind::Country => GeoPrecision::Country,
            PlaceKind::Capital | PlaceKind::City => GeoPrecision::City,
            PlaceKind::Site => GeoPrecision::Site,
        }
    }
}

/// One gazetteer entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    /// GeoNames id (`None` for hand-written places).
    pub geonameid: Option<u64>,
    /// Canonical name.
    pub name: String,
    /// Latitude in degrees.
    pub lat: f64,
    /// Longitude in degrees.
    pub lon: f64,
    /// ISO 3166 alpha-3 country code.
    pub country: Option<String>,
    /// GeoNames admin1 code (US: the state's two letters).
    pub admin1: String,
    /// Population (0 when unknown).
    pub population: u64,
    /// What kind of place it is.
    pub kind: PlaceKind,
    /// Whether it comes from `places.toml`.
    pub hand_written: bool,
}

/// One way a name leads to a place.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NameHit {
    /// Index into [`Gazetteer::places`].
    pub place: u32,
    /// Whether the name is the place's main name (not an alternate).
    pub primary: bool,
}

#[derive(Deserialize)]
struct HandWritten {
    #[serde(default)]
    country_points: HashMap<String, [f64; 2]>,
    #[serde(default)]
    country_aliases: HashMap<String, Vec<String>>,
    #[serde(default)]
    demonyms: HashMap<String, Vec<String>>,
    #[serde(default)]
    us_state_points: HashMap<String, [f64; 2]>,
    #[serde(default)]
    us_state_aliases: HashMap<String, Vec<String>>,
    #[serde(default)]
    place: Vec<HandPlace>,
}

#[derive(Deserialize)]
struct HandPlace {
    name: String,
    #[serde(default)]
    aliases: Vec<String>,
    lat: f64,
    lon: f64,
    country: Option<String>,
    precision: String,
}

/// The indexed gazetteer.
#[derive(Debug, Clone)]
pub struct Gazetteer {
    /// Every place.
    pub places: Vec<Place>,
    /// (hash of key, hit), sorted by hash: no per-name allocation, so loading stays fast.
    names: Vec<(u64, NameHit)>,
    skeletons: Vec<(u64, NameHit)>,
    first_words: Vec<u64>,
    /// Keys of names eligible for typo-tolerant matching, collected while loading.
    fuzzy_candidates: Vec<(String, u32)>,
    common_words: HashSet<String>,
    demonyms: HashMap<String, String>,
    countries: HashMap<String, u32>,
    fuzzy_pool: Vec<(String, u32)>,
    max_name_words: usize,
}

/// Folds a name to its matching key (see the module docs).
pub fn name_key(name: &str) -> String {
    let ascii;
    let folded: &str = if name.is_ascii() {
        name
    } else {
        ascii = deunicode::deunicode(name);
        &ascii
    };
    let mut key = String::with_capacity(folded.len());
    let mut pending_space = false;
    for c in folded.chars() {
        if c.is_ascii_alphanumeric() {
            if pending_space && !key.is_empty() {
                key.push(' ');
            }
            pending_space = false;
            key.push(c.to_ascii_lowercase());
        } else if matches!(c, '\'' | '.' | '`') {
            continue;
        } else {
            pending_space = true;
        }
    }
    key
}

/// The looser key used for transliteration variants: Arabic articles unified to `al`,
/// doubled letters collapsed, spaces dropped.
pub fn skeleton_key(key: &str) -> String {
    let mut joined = String::with_capacity(key.len());
    let words: Vec<&str> = key.split(' ').collect();
    for (idx, word) in words.iter().enumerate() {
        let is_article = idx + 1 < words.len()
            && matches!(
                *word,
                "al" | "el" | "ad" | "ar" | "as" | "ash" | "at" | "az" | "an" | "ul" | "ed" | "es"
            );
        joined.push_str(if is_article { "al" } else { word });
    }
    let mut skeleton = String::with_capacity(joined.len());
    let mut last = None;
    for c in joined.chars() {
        if Some(c) != last {
            skeleton.push(c);
        }
        last = Some(c);
    }
    skeleton
}

fn plural(word: &str) -> Option<String> {
    if word.ends_with("ese")
        || word.ends_with("sh")
        || word.ends_with("ch")
        || word.ends_with("ss")
        || word.ends_with("Swiss")
    {
        None
    } else {
        Some(format!("{word}s"))
    }
}

impl Gazetteer {
    /// The gazetteer built into the binary (GeoNames part plus `places.toml`).
    pub fn embedded() -> Result<Gazetteer, GazetteerError> {
        Gazetteer::from_parts(
            EMBEDDED_GAZETTEER,
            Path::new("<embedded>"),
            EMBEDDED_PLACES,
            Path::new("<embedded places.toml>"),
        )
    }

    /// Loads a built gazetteer file, with the embedded `places.toml`.
    pub fn load(path: &Path) -> Result<Gazetteer, GazetteerError> {
        let bytes = std::fs::read(path)
            .map_err(|source| GazetteerError::Read { path: path.to_path_buf(), source })?;
        Gazetteer::from_parts(&bytes, path, EMBEDDED_PLACES, Path::new("<embedded places.toml>"))
    }

    /// Loads from a gzip'd built gazetteer and the text of a `places.toml`.
    pub fn from_parts(
        gazetteer_gz: &[u8],
        gazetteer_path: &Path,
        places_toml: &str,
        places_path: &Path,
    ) -> Result<Gazetteer, GazetteerError> {
        let mut text = String::new();
        GzDecoder::new(gazetteer_gz)
            .read_to_string(&mut text)
            .map_err(|source| GazetteerError::Read { path: gazetteer_path.to_path_buf(), source })?;
        let hand: HandWritten = toml::from_str(places_toml)
            .map_err(|source| GazetteerError::Toml { path: places_path.to_path_buf(), source })?;

        let mut gazetteer = Gazetteer {
            places: Vec::with_capacity(180_000),
            names: Vec::with_capacity(700_000),
            skeletons: Vec::new(),
            first_words: Vec::with_capacity(700_000),
            fuzzy_candidates: Vec::new(),
            common_words: HashSet::new(),
            demonyms: HashMap::new(),
            countries: HashMap::new(),
            fuzzy_pool: Vec::new(),
            max_name_words: 1,
        };
        let mut capital_points: HashMap<String, (f64, f64)> = HashMap::new();
        let mut biggest_city_points: HashMap<String, (u64, f64, f64)> = HashMap::new();
        let mut state_indexes: HashMap<String, u32> = HashMap::new();
        let mut pending_alternates: Vec<(u32, &str)> = Vec::new();
        for (line_idx, line) in text.lines().enumerate() {
            if line.starts_with('#') || line.is_empty() {
                continue;
            }
            let record_error = |field: &'static str, message: String| GazetteerError::Record {
                path: gazetteer_path.to_path_buf(),
                line: line_idx + 1,
                field,
                message,
            };
            let fields: Vec<&str> = line.split('\t').collect();
            if fields.len() < 10 {
                return Err(record_error("kind", format!("expected 10 fields, found {}", fields.len())));
            }
            let kind = match fields[0] {
                "W" => {
                    gazetteer.common_words.insert(fields[2].to_string());
                    continue;
                }
                "P" if fields[8].contains('k') => PlaceKind::Capital,
                "P" => PlaceKind::City,
                "N" => PlaceKind::Country,
                "S" | "A" => PlaceKind::Region,
                "B" => PlaceKind::District,
                "K" => PlaceKind::Continent,
                other => return Err(record_error("kind", format!("unknown kind {other:?}"))),
            };
            let number = |idx: usize, field: &'static str| -> Result<f64, GazetteerError> {
                fields[idx]
                    .parse::<f64>()
                    .map_err(|_| record_error(field, format!("not a number: {:?}", fields[idx])))
            };
            let mut lat = number(3, "lat")?;
            let mut lon = number(4, "lon")?;
            let country = (!fields[5].is_empty()).then(|| fields[5].to_string());
            if kind == PlaceKind::Region {
                if let Some([state_lat, state_lon]) = hand.us_state_points.get(fields[6]) {
                    (lat, lon) = (*state_lat, *state_lon);
                }
            }
            let place = Place {
                geonameid: fields[1].parse().ok(),
                name: fields[2].to_string(),
                lat,
                lon,
                country,
                admin1: fields[6].to_string(),
                population: fields[7].parse().unwrap_or(0),
                kind,
                hand_written: false,
            };
            let idx = gazetteer.places.len() as u32;
            if kind == PlaceKind::Capital {
                if let Some(country) = &place.country {
                    capital_points.insert(country.clone(), (place.lat, place.lon));
                }
            }
            if matches!(kind, PlaceKind::City | PlaceKind::Capital) {
                if let Some(country) = &place.country {
                    let entry =
                        biggest_city_points.entry(country.clone()).or_insert((0, place.lat, place.lon));
                    if place.population > entry.0 {
                        *entry = (place.population, place.lat, place.lon);
                    }
                }
            }
            if kind == PlaceKind::Region && fields[0] == "S" {
                state_indexes.insert(place.admin1.clone(), gazetteer.places.len() as u32);
            }
            if kind == PlaceKind::Country {
                if let Some(country) = &place.country {
                    gazetteer.countries.insert(country.clone(), idx);
                }
            }
            gazetteer.places.push(place);
            if !fields[9].is_empty() {
                pending_alternates.push((idx, fields[9]));
            }
        }
        // Countries carry no coordinates in GeoNames' country list: take the hand-written
        // point, else the capital's, else the biggest town's; a country with none of
        // these (Antarctica, Bouvet Island) is not indexed.
        let mut unplaced = Vec::new();
        for (iso3, &idx) in &gazetteer.countries {
            let point = hand
                .country_points
                .get(iso3)
                .map(|[a, b]| (*a, *b))
                .or_else(|| capital_points.get(iso3).copied())
                .or_else(|| biggest_city_points.get(iso3).map(|(_, lat, lon)| (*lat, *lon)));
            match point {
                Some((lat, lon)) => {
                    let place = &mut gazetteer.places[idx as usize];
                    place.lat = lat;
                    place.lon = lon;
                }
                None => unplaced.push(idx),
            }
        }
        for idx in 0..gazetteer.places.len() {
            if unplaced.contains(&(idx as u32)) {
                continue;
            }
            let name = gazetteer.places[idx].name.clone();
            gazetteer.add_name(&name, idx as u32, true);
        }
        for (code, aliases) in &hand.us_state_aliases {
            if let Some(&idx) = state_indexes.get(code) {
                for alias in aliases {
                    gazetteer.add_name(alias, idx, true);
                }
            }
        }
        for (idx, alternates) in pending_alternates {
            for alternate_key in alternates.split('|') {
                gazetteer.add_key(alternate_key, idx, false);
            }
        }
        for (iso3, aliases) in &hand.country_aliases {
            if let Some(&idx) = gazetteer.countries.get(iso3) {
                for alias in aliases {
                    gazetteer.add_name(alias, idx, true);
                }
            }
        }
        for hand_place in &hand.place {
            let kind = match hand_place.precision.as_str() {
                "site" => PlaceKind::Site,
                "city" => PlaceKind::City,
                "region" => PlaceKind::Region,
                other => {
                    return Err(GazetteerError::Record {
                        path: places_path.to_path_buf(),
                        line: 0,
                        field: "precision",
                        message: format!("place {:?}: unknown precision {other:?}", hand_place.name),
                    })
                }
            };
            let idx = gazetteer.places.len() as u32;
            gazetteer.places.push(Place {
                geonameid: None,
                name: hand_place.name.clone(),
                lat: hand_place.lat,
                lon: hand_place.lon,
                country: hand_place.country.clone(),
                admin1: String::new(),
                population: 0,
                kind,
                hand_written: true,
            });
            gazetteer.add_name(&hand_place.name, idx, true);
            for alias in &hand_place.aliases {
                gazetteer.add_name(alias, idx, true);
            }
        }
        for (iso3, words) in &hand.demonyms {
            for word in words {
                gazetteer.demonyms.insert(name_key(word), iso3.clone());
                if let Some(plural) = plural(word) {
                    gazetteer.demonyms.insert(name_key(&plural), iso3.clone());
                }
            }
        }
        gazetteer.finish_indexes();
        Ok(gazetteer)
    }

    fn add_name(&mut self, name: &str, place: u32, primary: bool) {
        let key = name_key(name);
        self.add_key(&key, place, primary);
    }

    fn add_key(&mut self, key: &str, place: u32, primary: bool) {
        if key.len() < 2 {
            return;
        }
        let hit = NameHit { place, primary };
        let mut words = key.split(' ');
        if let Some(first) = words.next() {
            self.first_words.push(key_hash(first));
        }
        self.max_name_words = self.max_name_words.max(1 + words.count());
        let p = &self.places[place as usize];
        let notable = p.hand_written
            || p.population >= 100_000
            || !matches!(p.kind, PlaceKind::City | PlaceKind::District);
        if notable && key.len() >= 5 {
            self.skeletons.push((key_hash(&skeleton_key(key)), hit));
        }
        let big = p.population >= 1_000_000
            || matches!(p.kind, PlaceKind::Country | PlaceKind::Capital)
            || p.hand_written;
        if big && primary && key.len() >= 6 && !key.contains(' ') {
            self.fuzzy_candidates.push((key.to_string(), place));
        }
        self.names.push((key_hash(key), hit));
        // Arabic place names are as often written without their article ("Al Qamishli"
        // is "Qamishli"): index the rest as an alternate name.
        if let Some(rest) = without_arabic_article(key) {
            if p.country.as_deref().is_some_and(is_arab_country) && !p.hand_written {
                self.names.push((key_hash(rest), NameHit { place, primary: false }));
                self.first_words.push(key_hash(rest.split(' ').next().unwrap_or(rest)));
            }
        }
    }

    /// Sorts the indexes and merges duplicate hits (a primary name wins).
    fn finish_indexes(&mut self) {
        for index in [&mut self.names, &mut self.skeletons] {
            index.sort_unstable_by_key(|(hash, hit)| (*hash, hit.place, !hit.primary));
            index.dedup_by_key(|(hash, hit)| (*hash, hit.place));
        }
        self.first_words.sort_unstable();
        self.first_words.dedup();
        let mut pool = std::mem::take(&mut self.fuzzy_candidates);
        pool.sort();
        pool.dedup();
        self.fuzzy_pool = pool;
    }

    /// Places whose name or alternate name has exactly this key.
    pub fn lookup_key(&self, key: &str) -> impl Iterator<Item = NameHit> + '_ {
        hits_for(&self.names, key_hash(key))
    }

    /// Places whose name has this skeleton (see [`skeleton_key`]).
    pub fn lookup_skeleton(&self, key: &str) -> impl Iterator<Item = NameHit> + '_ {
        hits_for(&self.skeletons, key_hash(&skeleton_key(key)))
    }

    /// Places named `name` (folded as a key).
    pub fn lookup(&self, name: &str) -> Vec<NameHit> {
        self.lookup_key(&name_key(name)).collect()
    }

    /// Whether some name starts with this folded word (a quick pre-check).
    pub fn starts_a_name(&self, first_word: &str) -> bool {
        self.first_words.binary_search(&key_hash(first_word)).is_ok()
    }

    /// The longest name in words.
    pub fn max_name_words(&self) -> usize {
        self.max_name_words
    }

    /// Whether a one-word name is also a common lowercase English word.
    pub fn is_common_word(&self, key: &str) -> bool {
        self.common_words.contains(key)
    }

    /// The country (alpha-3) a demonym belongs to ("iraqi" -> IRQ).
    pub fn demonym_country(&self, key: &str) -> Option<&str> {
        self.demonyms.get(key).map(String::as_str)
    }

    /// The country entry for an alpha-3 code.
    pub fn country(&self, iso3: &str) -> Option<&Place> {
        self.countries.get(iso3).map(|&idx| &self.places[idx as usize])
    }

    /// Index of the country entry for an alpha-3 code.
    pub fn country_index(&self, iso3: &str) -> Option<u32> {
        self.countries.get(iso3).copied()
    }

    /// Typo-tolerant match of one word against big places' names: same first and last
    /// letter, Damerau-Levenshtein distance 1 (2 for words of 6+ letters).
    pub fn fuzzy_lookup(&self, key: &str) -> Option<u32> {
        if key.len() < 6 || !key.is_ascii() {
            return None;
        }
        let (first, last) = (key.as_bytes()[0], key.as_bytes()[key.len() - 1]);
        let mut best: Option<(usize, u64, u32)> = None;
        for (name, place) in &self.fuzzy_pool {
            let bytes = name.as_bytes();
            if bytes[0] != first || bytes[bytes.len() - 1] != last || name.len().abs_diff(key.len()) > 2 {
                continue;
            }
            let distance = damerau_distance(key.as_bytes(), bytes);
            let allowed = if key.len() >= 6 { 2 } else { 1 };
            if distance == 0 || distance > allowed {
                continue;
            }
            let population = self.places[*place as usize].population;
            if best.is_none_or(|(d, p, _)| distance < d || (distance == d && population > p)) {
                best = Some((distance, population, *place));
            }
        }
        best.map(|(_, _, place)| place)
    }

    /// The nearest populated place to a point (linear scan; for evaluation, not hot
    /// paths).
    pub fn nearest_place(&self, lat: f64, lon: f64) -> Option<&Place> {
        self.places.iter().filter(|p| matches!(p.kind, PlaceKind::City | PlaceKind::Capital)).min_by(
            |a, b| haversine_km(lat, lon, a.lat, a.lon).total_cmp(&haversine_km(lat, lon, b.lat, b.lon)),
        )
    }
}

/// A key without its leading Arabic article ("al qamishli" -> "qamishli"), when what
/// remains is a word of four letters or more.
fn without_arabic_article(key: &str) -> Option<&str> {
    let (article, rest) = key.split_once(' ')?;
    let is_article = matches!(
        article,
        "al" | "el" | "ar" | "as" | "ad" | "an" | "at" | "az" | "ash" | "ad-" | "ul" | "ed" | "es"
    );
    (is_article && rest.len() >= 4).then_some(rest)
}

/// Countries where place names carry the Arabic article (members of the Arab League).
fn is_arab_country(iso3: &str) -> bool {
    matches!(
        iso3,
        "DZA"
            | "BHR"
            | "COM"
            | "DJI"
            | "EGY"
            | "IRQ"
            | "JOR"
            | "KWT"
            | "LBN"
            | "LBY"
            | "MRT"
            | "MAR"
            | "OMN"
            | "PSE"
            | "QAT"
            | "SAU"
            | "SOM"
            | "SDN"
            | "SYR"
            | "TUN"
            | "ARE"
            | "YEM"
    )
}

/// 64-bit hash of a key; with under a million keys a collision is vanishingly rare.
fn key_hash(key: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64(key.as_bytes())
}

fn hits_for(index: &[(u64, NameHit)], hash: u64) -> impl Iterator<Item = NameHit> + '_ {
    let start = index.partition_point(|(h, _)| *h < hash);
    index[start..].iter().take_while(move |(h, _)| *h == hash).map(|(_, hit)| *hit)
}

/// Damerau-Levenshtein distance (insertions, deletions, substitutions and adjacent
/// transpositions, a transposed pair may be edited again: "badgad" -> "bagdad" ->
/// "baghdad" is 2).
pub fn damerau_distance(a: &[u8], b: &[u8]) -> usize {
    let width = b.len() + 2;
    let max = a.len() + b.len();
    let mut d = vec![0usize; (a.len() + 2) * width];
    d[0] = max;
    for i in 0..=a.len() {
        d[(i + 1) * width] = max;
        d[(i + 1) * width + 1] = i;
    }
    for j in 0..=b.len() {
        d[j + 1] = max;
        d[width + j + 1] = j;
    }
    let mut last_row = [0usize; 256];
    for i in 1..=a.len() {
        let mut last_match_col = 0;
        for j in 1..=b.len() {
            let i1 = last_row[b[j - 1] as usize];
            let j1 = last_match_col;
            let cost = if a[i - 1] == b[j - 1] {
                last_match_col = j;
                0
            } else {
                1
            };
            let value = (d[i * width + j] + cost)
                .min(d[(i + 1) * width + j] + 1)
                .min(d[i * width + j + 1] + 1)
                .min(d[i1 * width + j1] + (i - i1 - 1) + 1 + (j - j1 - 1));
            d[(i + 1) * width + j + 1] = value;
        }
        last_row[a[i - 1] as usize] = i;
    }
    d[(a.len() + 1) * width + b.len() + 1]
}

/// Great-circle distance in kilometres.
pub fn haversine_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = (lat2 - lat1).to_radians();
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * 6371.0 * a.sqrt().asin()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_fold_case_diacritics_hyphens_and_periods() {
        assert_eq!(name_key("Ain al-Assad"), "ain al assad");
        assert_eq!(name_key("U.S."), "us");
        assert_eq!(name_key("Türkiye"), "turkiye");
        assert_eq!(name_key("Baghdad's"), "baghdads");
    }

    #[test]
    fn skeletons_unify_transliterations() {
        assert_eq!(skeleton_key(&name_key("Ain al-Asad")), skeleton_key(&name_key("Ain el-Assad")));
        assert_ne!(skeleton_key("baghdad"), skeleton_key("basra"));
    }

    #[test]
    fn damerau_counts_transpositions_as_one_edit() {
        assert_eq!(damerau_distance(b"badgad", b"baghdad"), 2);
        assert_eq!(damerau_distance(b"bagdad", b"baghdad"), 1);
        assert_eq!(damerau_distance(b"paris", b"paris"), 0);
        assert_eq!(damerau_distance(b"kitten", b"sitting"), 3);
        assert_eq!(damerau_distance(b"ca", b"abc"), 2);
    }

    #[test]
    fn arabic_articles_are_optional_in_keys() {
        assert_eq!(without_arabic_article("al qamishli"), Some("qamishli"));
        assert_eq!(without_arabic_article("ar raqqah"), Some("raqqah"));
        assert_eq!(without_arabic_article("al ain"), None, "too short to stand alone");
        assert_eq!(without_arabic_article("los angeles"), None);
    }

    #[test]
    fn haversine_measures_known_distances() {
        let baghdad_to_basra = haversine_km(33.34, 44.40, 30.51, 47.78);
        assert!((baghdad_to_basra - 450.0).abs() < 20.0, "{baghdad_to_basra}");
    }

    #[test]
    fn embedded_gazetteer_knows_the_seed_places() {
        let gazetteer = Gazetteer::embedded().unwrap();
        let baghdad = gazetteer.lookup("Baghdad");
        assert!(baghdad.iter().any(|h| gazetteer.places[h.place as usize].kind == PlaceKind::Capital));
        let base = &gazetteer.lookup("Ain al-Assad air base")[0];
        let place = &gazetteer.places[base.place as usize];
        assert_eq!((place.kind, place.country.as_deref()), (PlaceKind::Site, Some("IRQ")));
        assert!((place.lat - 33.80).abs() < 0.05 && (place.lon - 42.44).abs() < 0.05);
        assert_eq!(gazetteer.demonym_country("iraqi"), Some("IRQ"));
        assert_eq!(gazetteer.demonym_country("americans"), Some("USA"));
        let iraq = gazetteer.country("IRQ").unwrap();
        assert_eq!((iraq.lat, iraq.lon), (33.0, 44.0));
        assert!(gazetteer.is_common_word("police"));
        let fuzzy = gazetteer.fuzzy_lookup("badgad").map(|idx| gazetteer.places[idx as usize].name.as_str());
        assert_eq!(fuzzy, Some("Baghdad"));
    }
}
