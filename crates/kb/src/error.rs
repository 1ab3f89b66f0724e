//! Errors met while loading dictionaries. Each names the file, the line and the field.

use std::path::PathBuf;

/// A dictionary that could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum KbError {
    /// The file could not be read.
    #[error("cannot read {path}")]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// The file is not valid TOML, or a field has the wrong type or an unknown name.
    #[error("{path}:{line}: {message}")]
    Syntax {
        /// The file.
        path: PathBuf,
        /// 1-based line, 0 when the parser gave no position.
        line: usize,
        /// The parser's message, first line only.
        message: String,
    },
    /// A code uses a three-letter block that no dictionary declares.
    #[error("{path}:{line}: field `{field}`: unknown CAMEO code {code:?} (block {block:?} is not declared)")]
    UnknownCode {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// The field holding the code.
        field: String,
        /// The whole code.
        code: String,
        /// The offending block.
        block: String,
    },
    /// A date is not `YYYY-MM-DD`.
    #[error("{path}:{line}: field `{field}`: malformed date {value:?} (expected YYYY-MM-DD)")]
    BadDate {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// The field holding the date.
        field: String,
        /// What was written.
        value: String,
    },
    /// A value that parses but makes no sense (an empty alias, an end before a start).
    #[error("{path}:{line}: field `{field}`: {message}")]
    Invalid {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// The field.
        field: String,
        /// What is wrong.
        message: String,
    },
    /// The compiled matcher could not be built (too many patterns).
    #[error("cannot build the alias matcher")]
    Matcher(#[source] aho_corasick::BuildError),
}

/// The byte offsets where the lines of `text` start.
pub(crate) fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0).chain(text.match_indices('\n').map(|(at, _)| at + 1)).collect()
}

/// The 1-based line of byte `offset` in `text`.
pub(crate) fn line_of(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end].iter().filter(|&&b| b == b'\n').count() + 1
}
