use std::path::PathBuf;

/// A problem reading one input or one record. The `Display` form starts with the
/// location (`file:line:`) so a user can go straight to it.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    /// The file or directory could not be opened or read.
    #[error("{}: cannot read: {source}", path.display())]
    Read {
        /// The input.
        path: PathBuf,
        /// The operating system's reason.
        #[source]
        source: std::io::Error,
    },
    /// A JSONL line is not valid JSON, or not a JSON object.
    #[error("{origin}:{line}: not a JSON object: {reason}")]
    NotJsonObject {
        /// The input's name.
        origin: String,
        /// 1-based line number.
        line: usize,
        /// What the JSON parser said.
        reason: String,
    },
    /// A field has the wrong type or an unreadable value.
    #[error("{origin}:{line}: field `{field}`: {reason}")]
    BadField {
        /// The input's name.
        origin: String,
        /// 1-based line number (1 for whole-file inputs).
        line: usize,
        /// The field.
        field: &'static str,
        /// What is wrong with it.
        reason: String,
    },
    /// A record or file has no text to code.
    #[error("{origin}:{line}: no text to code ({reason})")]
    NoText {
        /// The input's name.
        origin: String,
        /// 1-based line number (1 for whole-file inputs).
        line: usize,
        /// Why: the field is missing, empty, or the file is empty.
        reason: String,
    },
    /// A record or file is larger than the configured limit.
    #[error("{origin}:{line}: document of {bytes} bytes is over the limit of {limit} bytes")]
    TooLarge {
        /// The input's name.
        origin: String,
        /// 1-based line number (1 for whole-file inputs).
        line: usize,
        /// Its size.
        bytes: usize,
        /// The limit.
        limit: usize,
    },
    /// The input looks like binary data, not text.
    #[error("{origin}: looks like binary data, not text")]
    Binary {
        /// The input's name.
        origin: String,
    },
}
