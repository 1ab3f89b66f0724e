//! Diagnostics: problems that do not stop a run.
//!
//! A bad record, a sentence the parser gave up on, a dictionary line that could not be
//! read: each becomes a `Diagnostic` naming where it happened, so nothing is lost
//! silently and nothing aborts the batch.

use std::fmt;

use serde::{Deserialize, Serialize};

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing; output is complete.
    Info,
    /// Output may be degraded (a sentence skipped, a field ignored).
    Warning,
    /// A whole record or document was rejected.
    Error,
}

/// One problem, with where it happened.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Diagnostic {
    /// How bad it is.
    pub severity: Severity,
    /// Where: `path:line`, `path:line: field text`, `doc seed-0001 sentence 3`.
    pub location: String,
    /// The stage or reader that raised it (`"ingest.jsonl"`).
    pub stage: String,
    /// What went wrong, in lower case without a final period.
    pub message: String,
}

impl Diagnostic {
    /// A diagnostic of any severity.
    pub fn new(
        severity: Severity,
        stage: impl Into<String>,
        location: impl Into<String>,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic { severity, location: location.into(), stage: stage.into(), message: message.into() }
    }

    /// A rejected record or document.
    pub fn error(
        stage: impl Into<String>,
        location: impl Into<String>,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic::new(Severity::Error, stage, location, message)
    }

    /// Degraded output.
    pub fn warning(
        stage: impl Into<String>,
        location: impl Into<String>,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic::new(Severity::Warning, stage, location, message)
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        write!(f, "{label}: {}: {} [{}]", self.location, self.message, self.stage)
    }
}
