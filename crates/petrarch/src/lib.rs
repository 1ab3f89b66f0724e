//! Reading TABARI/PETRARCH dictionaries, and turning them into Dyad's.
//!
//! Fifteen years of event-data work is written in these formats: actors with dated
//! codes ([`actors`]), agents ([`agents`]), verb blocks with patterns, synsets and
//! transformation rules ([`verbs`]), and discards ([`discards`]). The readers only parse,
//! into plain structs, and report every line they do not understand as a
//! [`Diagnostic`] with its file and line; they never fail on content. [`convert()`]
//! builds Dyad's actor knowledge base and verb dictionary from them and counts, by
//! kind, what Dyad's engine cannot express.
//!
//! ```
//! let mut diagnostics = Vec::new();
//! let entries = dyad_petrarch::actors::parse_actors("a.txt", "RIVERTOWN_ [RVT]\n+RIVERTOWNERS\n", &mut diagnostics);
//! assert_eq!(entries[0].phrases.len(), 2);
//! assert!(diagnostics.is_empty());
//! ```

#![warn(missing_docs)]

use std::fmt;
use std::path::{Path, PathBuf};

pub mod actors;
pub mod agents;
pub mod convert;
pub mod discards;
mod text;
pub mod verbs;

pub use convert::{convert, ConvertError, Converted, Report};

/// A line of a dictionary that was not understood, or a construct Dyad cannot express.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file name.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// A short kind (`"bad-date-restriction"`, `"no-code"`).
    pub kind: &'static str,
    /// What is wrong.
    pub message: String,
}

impl Diagnostic {
    pub(crate) fn new(file: &str, line: usize, kind: &'static str, message: impl Into<String>) -> Diagnostic {
        Diagnostic { file: file.to_string(), line, kind, message: message.into() }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}: {}", self.file, self.line, self.kind, self.message)
    }
}

/// What a dictionary file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Actors.
    Actors,
    /// Agents.
    Agents,
    /// Verbs.
    Verbs,
    /// Discards.
    Discards,
}

impl Kind {
    /// The kind a file name suggests: `*actors*`, `*agents*`, `*verbs*` or `CAMEO*`,
    /// `*discards*` (case-insensitive).
    pub fn from_file_name(name: &str) -> Option<Kind> {
        let lower = name.to_ascii_lowercase();
        if lower.contains("actors") {
            Some(Kind::Actors)
        } else if lower.contains("agents") {
            Some(Kind::Agents)
        } else if lower.contains("verbs") || lower.starts_with("cameo") {
            Some(Kind::Verbs)
        } else if lower.contains("discards") {
            Some(Kind::Discards)
        } else {
            None
        }
    }
}

/// A dictionary file that could not be read.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The file or folder could not be read.
    #[error("cannot read {path}")]
    Read {
        /// The path.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// A named file does not exist.
    #[error("{path}: no such dictionary file")]
    Missing {
        /// The path.
        path: PathBuf,
    },
}

/// Every dictionary of a set, parsed, with the diagnostics of all files.
#[derive(Debug, Clone, Default)]
pub struct Dictionaries {
    /// Actor files: (file name, entries).
    pub actors: Vec<(String, Vec<actors::ActorEntry>)>,
    /// Agent files.
    pub agents: Vec<(String, Vec<agents::AgentEntry>)>,
    /// Verb files.
    pub verbs: Vec<(String, verbs::VerbFile)>,
    /// Discard files.
    pub discards: Vec<(String, Vec<discards::DiscardEntry>)>,
    /// Lines not understood, and files that are not dictionaries Dyad reads.
    pub diagnostics: Vec<Diagnostic>,
    /// Lines read, all files together.
    pub lines: usize,
}

impl Dictionaries {
    /// Parses one file's text as `kind`.
    pub fn add(&mut self, kind: Kind, name: &str, text: &str) {
        self.lines += text.lines().count();
        let diagnostics = &mut self.diagnostics;
        match kind {
            Kind::Actors => {
                self.actors.push((name.to_string(), actors::parse_actors(name, text, diagnostics)))
            }
            Kind::Agents => {
                self.agents.push((name.to_string(), agents::parse_agents(name, text, diagnostics)))
            }
            Kind::Verbs => self.verbs.push((name.to_string(), verbs::parse_verbs(name, text, diagnostics))),
            Kind::Discards => {
                self.discards.push((name.to_string(), discards::parse_discards(name, text, diagnostics)))
            }
        }
    }

    /// Reads every dictionary file of a folder, each by the kind its name suggests (see
    /// [`Kind::from_file_name`]), in name order. Other files (issue codings, ontologies)
    /// are reported as `unsupported-file`.
    pub fn load_dir(dir: &Path) -> Result<Dictionaries, LoadError> {
        let read_error = |source| LoadError::Read { path: dir.to_path_buf(), source };
        let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
            .map_err(read_error)?
            .filter_map(|entry| entry.ok().map(|e| e.path()))
            .filter(|path| path.is_file())
            .collect();
        paths.sort();
        let mut dictionaries = Dictionaries::default();
        for path in paths {
            let name = file_name(&path);
            match Kind::from_file_name(&name) {
                Some(kind) => dictionaries.add(kind, &name, &read(&path)?),
                None => dictionaries.diagnostics.push(Diagnostic::new(
                    &name,
                    0,
                    "unsupported-file",
                    "not an actor, agent, verb or discard dictionary; not read",
                )),
            }
        }
        Ok(dictionaries)
    }

    /// Reads the named files of a folder, each as the given kind (a PETRARCH config or a
    /// suite record names them).
    pub fn load_files(dir: &Path, files: &[(Kind, &str)]) -> Result<Dictionaries, LoadError> {
        let mut dictionaries = Dictionaries::default();
        for (kind, name) in files {
            let path = dir.join(name);
            if !path.is_file() {
                return Err(LoadError::Missing { path });
            }
            dictionaries.add(*kind, name, &read(&path)?);
        }
        Ok(dictionaries)
    }
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned())
}

/// Reads a file as text; a file that is not UTF-8 is read as Latin-1, as old files are.
fn read(path: &Path) -> Result<String, LoadError> {
    let bytes = std::fs::read(path).map_err(|source| LoadError::Read { path: path.to_path_buf(), source })?;
    Ok(match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(err) => err.into_bytes().iter().map(|&b| b as char).collect(),
    })
}
