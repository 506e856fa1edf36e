//! Names an analyst has settled as the same: an aliases file (`--aliases
//! FILE`, CSV `kind,name,same as` with kind `member`, `integration` or
//! `product`) that the next run honours, and the certified list's product
//! aliases. A name is compared by its identity key (`text::identity_key`).

use crate::issue::{Issue, Severity};
use crate::text::identity_key;
use std::collections::HashMap;
use std::path::Path;

/// What kind of name an alias renames.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AliasKind {
    Member,
    Integration,
    Product,
}

impl AliasKind {
    fn parse(text: &str) -> Option<Self> {
        match identity_key(text).as_str() {
            "member" | "members" | "organisation" | "organization" => Some(AliasKind::Member),
            "integration" | "integrations" | "system" => Some(AliasKind::Integration),
            "product" | "products" => Some(AliasKind::Product),
            _ => None,
        }
    }

    pub fn noun(self) -> &'static str {
        match self {
            AliasKind::Member => "member",
            AliasKind::Integration => "integration",
            AliasKind::Product => "product",
        }
    }
}

/// One name read as another.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alias {
    /// The name as the register should read it.
    pub same_as: String,
    /// Where the alias was declared (`aliases.csv line 3`).
    pub from: String,
}

/// Every alias, by kind and the identity key of the name it renames.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Aliases {
    names: HashMap<(AliasKind, String), Alias>,
}

/// An aliases file that cannot be read at all.
#[derive(Debug, thiserror::Error)]
pub enum AliasesError {
    #[error("aliases file {path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
}

impl Aliases {
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// The name `name` of `kind` is read as, if an alias renames it.
    pub fn get(&self, kind: AliasKind, name: &str) -> Option<&Alias> {
        if self.names.is_empty() {
            return None;
        }
        self.names.get(&(kind, identity_key(name)))
    }

    /// Adds `name` read as `same_as` (a later alias of the same name wins).
    pub fn add(&mut self, kind: AliasKind, name: &str, same_as: &str, from: String) {
        let key = identity_key(name);
        if key.is_empty() || key == identity_key(same_as) {
            return;
        }
        self.names.insert(
            (kind, key),
            Alias {
                same_as: same_as.trim().to_string(),
                from,
            },
        );
    }

    /// Adds every alias of `other` (its aliases win).
    pub fn merge(&mut self, other: Aliases) {
        self.names.extend(other.names);
    }

    /// Reads an aliases file; rows it cannot use are issues.
    pub fn read(path: &Path) -> Result<(Aliases, Vec<Issue>), AliasesError> {
        let display = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|source| AliasesError::Io {
            path: display.clone(),
            source,
        })?;
        let text = super::delimited::decode(&bytes).text.into_owned();
        let delimiter = super::delimited::detect_delimiter(&text, None);
        let mut aliases = Aliases::default();
        let mut issues = Vec::new();
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter)
            .from_reader(text.as_bytes());
        for (n, record) in reader.records().enumerate() {
            let line = n + 1;
            let Ok(record) = record else {
                issues.push(
                    Issue::new(
                        Severity::Error,
                        &display,
                        format!("line {line} cannot be read"),
                    )
                    .action("line ignored; save the file as CSV"),
                );
                continue;
            };
            let field = |i: usize| record.get(i).map(str::trim).unwrap_or_default();
            if record.iter().all(|f| f.trim().is_empty()) {
                continue;
            }
            if n == 0 && identity_key(field(0)) == "kind" {
                continue;
            }
            let (Some(kind), name, same_as) = (AliasKind::parse(field(0)), field(1), field(2))
            else {
                issues.push(
                    Issue::new(
                        Severity::Error,
                        &display,
                        format!(
                            "line {line}: unknown kind {:?}; write member, integration or product",
                            field(0)
                        ),
                    )
                    .action("line ignored"),
                );
                continue;
            };
            if name.is_empty() || same_as.is_empty() {
                issues.push(
                    Issue::new(
                        Severity::Error,
                        &display,
                        format!(
                            "line {line}: a name and the name it is the same as are both needed"
                        ),
                    )
                    .action("line ignored"),
                );
                continue;
            }
            aliases.add(kind, name, same_as, format!("{display} line {line}"));
        }
        Ok((aliases, issues))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_read_as_their_alias_by_identity() {
        let mut a = Aliases::default();
        a.add(
            AliasKind::Member,
            "Univ. of X",
            "X University",
            "a.csv line 2".into(),
        );
        assert_eq!(
            a.get(AliasKind::Member, "UNIV OF X")
                .map(|a| a.same_as.as_str()),
            Some("X University")
        );
        assert_eq!(a.get(AliasKind::Integration, "Univ. of X"), None);
        // A name the same as itself is no alias.
        a.add(AliasKind::Product, "Pure", "PURE", String::new());
        assert!(a.get(AliasKind::Product, "Pure").is_none());
    }
}
