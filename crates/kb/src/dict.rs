//! The dictionary file format and its loader.
//!
//! Every file may hold any of these sections; the shipped dictionaries keep one kind per
//! file (`countries.toml`, `igos.toml`, `groups.toml`, `people.toml`, `agents.toml`,
//! `codes.toml`) so that they stay easy to edit:
//!
//! ```toml
//! [blocks]                      # three-letter code blocks other than country codes
//! GOV = "government"
//!
//! [[country]]
//! code = "IRQ"                  # ISO 3166-1 alpha-3, the actor code
//! name = "Iraq"
//! names = ["Republic of Iraq"]  # other, short and former names
//! demonyms = ["Iraqi", "Iraqis"]
//! capitals = ["Baghdad"]        # metonyms for the government: "Baghdad said" -> IRQGOV
//! seats = { "Green Zone" = "IRQGOV" }   # other seats of power, with their full code
//!
//! [[igo]]                       # and [[group]] for armed and political groups
//! id = "un"
//! code = "IGOUNO"
//! name = "United Nations"
//! aliases = ["UN", "U.N."]
//! demonyms = []                 # adjectives naming the organisation ("Houthi")
//! country = "YEM"               # optional home country
//!
//! [[person]]
//! id = "joe-biden"
//! name = "Joe Biden"
//! aliases = ["Biden"]
//! country = "USA"
//! code = "USAELI"               # outside every role; default: country + ELI
//! roles = [{ office = "president", code = "USAGOV", start = "2021-01-20", end = "2025-01-20" }]
//!
//! [[agent]]
//! words = ["prime minister", "premier"]
//! sector = "GOV"
//! office = "prime minister"     # offices let "the Iraqi prime minister" find its holder
//! ```
//!
//! A role's `end` is the first day out of office (the successor's first day), so on a
//! handover day only the successor holds the office.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::Deserialize;
use toml::Spanned;

use crate::error::{line_of, line_starts, KbError};

/// One parsed dictionary file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct DictFile {
    #[serde(default)]
    pub blocks: BTreeMap<String, String>,
    #[serde(default)]
    pub country: Vec<CountryEntry>,
    #[serde(default)]
    pub igo: Vec<OrgEntry>,
    #[serde(default)]
    pub group: Vec<OrgEntry>,
    #[serde(default)]
    pub person: Vec<PersonEntry>,
    #[serde(default)]
    pub agent: Vec<AgentEntry>,
    /// Words allowed between a nationality and a role word ("senior", "top").
    #[serde(default)]
    pub modifiers: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct CountryEntry {
    pub code: Spanned<String>,
    pub name: String,
    #[serde(default)]
    pub names: Vec<String>,
    #[serde(default)]
    pub demonyms: Vec<String>,
    #[serde(default)]
    pub capitals: Vec<String>,
    #[serde(default)]
    pub seats: BTreeMap<String, Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct OrgEntry {
    pub id: Spanned<String>,
    pub code: Spanned<String>,
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub demonyms: Vec<String>,
    #[serde(default)]
    pub country: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PersonEntry {
    pub id: Spanned<String>,
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    pub country: Spanned<String>,
    #[serde(default)]
    pub code: Option<Spanned<String>>,
    #[serde(default)]
    pub roles: Vec<RoleEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RoleEntry {
    pub code: Spanned<String>,
    #[serde(default)]
    pub office: Option<String>,
    #[serde(default)]
    pub start: Option<Spanned<String>>,
    #[serde(default)]
    pub end: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct AgentEntry {
    pub words: Spanned<Vec<String>>,
    pub sector: Spanned<String>,
    #[serde(default)]
    pub office: Option<String>,
    /// Takes the sector of a role word before it ("militia commander" is a militia).
    #[serde(default)]
    pub inherits: bool,
    /// Follows a person's name to mean their government ("the Obama administration").
    #[serde(default)]
    pub after_person: bool,
    /// Whether to add regular plurals of the words (default true).
    #[serde(default = "yes")]
    pub plural: bool,
    /// Whether the word alone, with no nationality or name, is a mention (default true;
    /// false for words like "base" or "people" that are actors only when qualified).
    #[serde(default = "yes")]
    pub alone: bool,
}

fn yes() -> bool {
    true
}

/// A dictionary file's text with the name it is reported under.
#[derive(Debug, Clone)]
pub struct Source {
    /// Shown in errors and in `ActorMention::entries` (`"actors/people.toml"`).
    pub path: PathBuf,
    /// The TOML text.
    pub text: String,
    /// Byte offsets where lines start, built on first use: generated sources (converted
    /// dictionaries) hold tens of thousands of entries, and counting newlines from the
    /// start for each was quadratic.
    line_starts: std::sync::OnceLock<Vec<usize>>,
}

impl Source {
    /// A source from a name and its text.
    pub fn new(path: impl Into<PathBuf>, text: impl Into<String>) -> Source {
        Source { path: path.into(), text: text.into(), line_starts: Default::default() }
    }

    /// The 1-based line of a spanned value.
    pub(crate) fn line<T>(&self, spanned: &Spanned<T>) -> usize {
        let starts = self.line_starts.get_or_init(|| line_starts(&self.text));
        starts.partition_point(|&start| start <= spanned.span().start)
    }

    /// The path as shown in messages.
    pub(crate) fn name(&self) -> String {
        self.path.display().to_string()
    }
}

/// The dictionaries shipped in the binary.
pub(crate) fn embedded_sources() -> Vec<Source> {
    macro_rules! embedded {
        ($($file:literal),*) => {
            vec![$(Source::new(
                concat!("actors/", $file),
                include_str!(concat!("../../../dictionaries/actors/", $file)),
            )),*]
        };
    }
    embedded!(
        "codes.toml",
        "countries.toml",
        "igos.toml",
        "groups.toml",
        "people.toml",
        "people-europe-americas.toml",
        "people-asia-africa.toml",
        "people-middle-east.toml",
        "people-africa-groups.toml",
        "groups-world.toml",
        "parties.toml",
        "ngos.toml",
        "igos-world.toml",
        "people-groups-world.toml",
        "people-world.toml",
        "media.toml",
        "agents.toml"
    )
}

/// Reads every `*.toml` file of a folder, in name order.
pub(crate) fn folder_sources(dir: &Path) -> Result<Vec<Source>, KbError> {
    let read_error = |source| KbError::Read { path: dir.to_path_buf(), source };
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(read_error)?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "toml"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|path| match std::fs::read_to_string(&path) {
            Ok(text) => Ok(Source::new(path, text)),
            Err(source) => Err(KbError::Read { path, source }),
        })
        .collect()
}

/// Parses one source.
pub(crate) fn parse(source: &Source) -> Result<DictFile, KbError> {
    toml::from_str(&source.text).map_err(|error| KbError::Syntax {
        path: source.path.clone(),
        line: error.span().map_or(0, |span| line_of(&source.text, span.start)),
        message: error.message().lines().next().unwrap_or("invalid TOML").to_string(),
    })
}

/// Parses an optional `YYYY-MM-DD` field.
pub(crate) fn parse_date(
    source: &Source,
    field: &str,
    value: &Option<Spanned<String>>,
) -> Result<Option<NaiveDate>, KbError> {
    let Some(value) = value else { return Ok(None) };
    NaiveDate::parse_from_str(value.get_ref().trim(), "%Y-%m-%d").map(Some).map_err(|_| KbError::BadDate {
        path: source.path.clone(),
        line: source.line(value),
        field: field.to_string(),
        value: value.get_ref().clone(),
    })
}
