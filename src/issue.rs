//! Non-fatal problems found while reading and reconciling. They are collected,
//! never printed on the spot, so every report (terminal, JSON, workbook) shows
//! the same list and the exit status can reflect it.

use serde::Serialize;
use std::fmt;

/// How much an issue matters. Ordered from most to least severe.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Input was rejected: a file, sheet or row contributed nothing.
    Error,
    /// Input was used, but a value was doubtful or changed.
    Warning,
    /// Worth knowing, nothing was lost (e.g. a text encoding was guessed).
    Notice,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Notice => "notice",
        })
    }
}

/// One problem, located as precisely as the input allows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Issue {
    pub severity: Severity,
    pub file: String,
    pub sheet: Option<String>,
    /// A1 reference of the cell, or of the row's first cell for row problems.
    pub cell: Option<String>,
    /// The offending value as found (shortened when long).
    pub value: Option<String>,
    pub message: String,
    /// What badgemap did about it.
    pub action: String,
}

impl Issue {
    pub fn new(severity: Severity, file: &str, message: impl Into<String>) -> Self {
        Issue {
            severity,
            file: file.to_string(),
            sheet: None,
            cell: None,
            value: None,
            message: message.into(),
            action: String::new(),
        }
    }

    pub fn sheet(mut self, sheet: Option<&str>) -> Self {
        self.sheet = sheet.map(str::to_string);
        self
    }

    pub fn cell(mut self, cell: impl Into<String>) -> Self {
        self.cell = Some(cell.into());
        self
    }

    pub fn value(mut self, value: &str) -> Self {
        self.value = Some(crate::text::excerpt(value, 120));
        self
    }

    pub fn action(mut self, action: impl Into<String>) -> Self {
        self.action = action.into();
        self
    }

    /// `file › sheet › cell`, omitting the parts that are unknown.
    pub fn location(&self) -> String {
        crate::model::Location {
            file: self.file.clone(),
            sheet: self.sheet.clone(),
            cell: self.cell.clone(),
        }
        .to_string()
    }
}

impl fmt::Display for Issue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {}: {}",
            self.severity,
            self.location(),
            self.message
        )?;
        if let Some(value) = &self.value {
            if !self.message.contains(value.as_str()) {
                write!(f, " (value {value:?})")?;
            }
        }
        if !self.action.is_empty() {
            write!(f, "; {}", self.action)?;
        }
        Ok(())
    }
}
