//! Mapping files (TOML) → validated [`Plan`]. All ORCID policy lives in these
//! files: badge names, level ladders, criteria, rules, sector defaults and
//! evidence ageing. Two are embedded in the binary; any other can be loaded.

pub mod diagnostic;
pub mod plan;
pub mod raw;
pub mod validate;

use diagnostic::{Diagnostic, Level};
pub use plan::Plan;
use std::path::Path;

/// A mapping shipped inside the binary.
pub struct Embedded {
    pub id: &'static str,
    pub file: &'static str,
    pub text: &'static str,
}

/// The mappings shipped in `mappings/`, the default first.
pub const EMBEDDED: &[Embedded] = &[
    Embedded {
        id: "csp-2023",
        file: "mappings/csp-2023.toml",
        text: include_str!("../../mappings/csp-2023.toml"),
    },
    Embedded {
        id: "csp-baseline",
        file: "mappings/csp-baseline.toml",
        text: include_str!("../../mappings/csp-baseline.toml"),
    },
];

/// The mapping used when none is given.
pub const DEFAULT_ID: &str = "csp-2023";

/// A mapping that could not be used, with everything wrong in it.
#[derive(Debug)]
pub struct MappingError {
    pub name: String,
    pub text: String,
    pub diagnostics: Vec<Diagnostic>,
}

impl MappingError {
    /// All diagnostics, rendered with source excerpts.
    pub fn render(&self) -> String {
        self.diagnostics
            .iter()
            .map(|d| d.render(&self.name, &self.text))
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// For a command that needed the mapping: the errors, after one line
    /// counting the warnings (all of them rendered when `verbose`), so that
    /// the errors are what the user sees last.
    pub fn render_errors_last(&self, verbose: bool) -> String {
        let (errors, warnings): (Vec<&Diagnostic>, Vec<&Diagnostic>) = self
            .diagnostics
            .iter()
            .partition(|d| d.level == Level::Error);
        let mut parts: Vec<String> = Vec::new();
        if verbose {
            parts.extend(warnings.iter().map(|d| d.render(&self.name, &self.text)));
        } else if !warnings.is_empty() {
            parts.push(format!(
                "note: {} warning{} not shown (`badgemap check {}` or -v shows {})\n",
                warnings.len(),
                if warnings.len() == 1 { "" } else { "s" },
                self.name,
                if warnings.len() == 1 { "it" } else { "them" }
            ));
        }
        parts.extend(errors.iter().map(|d| d.render(&self.name, &self.text)));
        parts.join("\n")
    }

    pub fn errors(&self) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.level == Level::Error)
            .count()
    }
}

/// A plan together with where it came from and its warnings.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub plan: Plan,
    /// The file name as given, or `embedded:ID`.
    pub name: String,
    pub text: String,
    pub warnings: Vec<Diagnostic>,
}

/// Parses and validates mapping text.
pub fn parse(name: &str, text: &str) -> Result<Loaded, MappingError> {
    let fail = |diagnostics| MappingError {
        name: name.to_string(),
        text: text.to_string(),
        diagnostics,
    };
    let raw: raw::RawMapping = toml::from_str(text).map_err(|e| {
        let span = e.span().unwrap_or(0..0);
        fail(vec![Diagnostic::error(
            e.message().trim_end().to_string(),
            span,
        )])
    })?;
    let (plan, diagnostics) = validate::validate(raw);
    match plan {
        Some(plan) => Ok(Loaded {
            plan,
            name: name.to_string(),
            text: text.to_string(),
            warnings: diagnostics,
        }),
        None => Err(fail(diagnostics)),
    }
}

/// Loads a mapping file.
pub fn load_file(path: &Path) -> Result<Loaded, MappingError> {
    let name = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| MappingError {
        name: name.clone(),
        text: String::new(),
        diagnostics: vec![Diagnostic {
            level: Level::Error,
            message: format!("cannot read the mapping file: {e}"),
            span: None,
        }],
    })?;
    parse(&name, &text)
}

/// Loads an embedded mapping by id.
pub fn embedded(id: &str) -> Option<Loaded> {
    let e = EMBEDDED.iter().find(|e| e.id == id)?;
    parse(&format!("embedded:{}", e.id), e.text).ok()
}

/// The given mapping file, or the embedded default.
pub fn load(path: Option<&Path>) -> Result<Loaded, MappingError> {
    match path {
        Some(p) => load_file(p),
        None => embedded(DEFAULT_ID).ok_or_else(|| MappingError {
            name: format!("embedded:{DEFAULT_ID}"),
            text: String::new(),
            diagnostics: vec![Diagnostic::warning(
                "the embedded default mapping is invalid",
                None,
            )],
        }),
    }
}
