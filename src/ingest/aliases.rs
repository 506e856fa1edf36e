//! Names an analyst has settled as the same: an aliases file (`--aliases
//! FILE`, CSV `kind,name,same as` with kind `member`, `integration` or
//! `product`) that the next run honours, and the names of products.
//!
//! Products are named by three sources at once (the mapping's product
//! table, the certified list and the aliases file), each with its own
//! spellings, so their names are joined into groups: any name of a group
//! reads as the group's one name, whichever source gave which spelling. A
//! name is compared by its identity key (`text::identity_key`).

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
    products: ProductNames,
}

/// Which source named a product, best name first: the group's name is
/// taken from the best source that named it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Naming {
    /// The analyst's aliases file: the name after "same as".
    AliasesFile,
    /// The mapping's product table: a product's `name`.
    Mapping,
    /// The certified list: a product as the list names it.
    List,
    /// Any other name: an alias, a vendor-and-product spelling.
    Other,
}

/// Product names joined into groups.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct ProductNames {
    /// The identity key of every name: its group, and where it was declared.
    keys: HashMap<String, (usize, String)>,
    /// Each group's name: the best-ranked name given (first on a tie).
    shown: Vec<(Naming, String)>,
    /// Every declaration in order, so that one set merges into another.
    declared: Vec<(String, String, Naming, String)>,
}

impl ProductNames {
    /// Declares `name` (ranked `naming`) the same product as `same_as`,
    /// itself ranked `Naming::Other` unless already known better; `same_as`
    /// empty declares `name` alone.
    fn declare(&mut self, name: &str, same_as: &str, naming: Naming, from: &str) {
        self.declared
            .push((name.into(), same_as.into(), naming, from.into()));
        let Some(group) = self.group_of(name, naming, from) else {
            return;
        };
        if let Some(other) = self.group_of(same_as, Naming::Other, from) {
            self.join(group, other);
        }
    }

    /// The group of `name`, made when new; `None` for an empty name.
    fn group_of(&mut self, name: &str, naming: Naming, from: &str) -> Option<usize> {
        let key = identity_key(name);
        if key.is_empty() {
            return None;
        }
        let name = crate::text::tidy(name);
        if let Some(&(group, _)) = self.keys.get(&key) {
            if let Some(shown) = self.shown.get_mut(group) {
                if naming < shown.0 {
                    *shown = (naming, name);
                }
            }
            return Some(group);
        }
        self.shown.push((naming, name));
        let group = self.shown.len() - 1;
        self.keys.insert(key, (group, from.to_string()));
        Some(group)
    }

    /// Makes `b`'s names `a`'s; the group keeps the better-ranked name. Two
    /// products of the mapping's table stay apart: the table says they
    /// differ, whatever another source's alias says.
    fn join(&mut self, a: usize, b: usize) {
        let mapped = |g: usize| {
            self.shown
                .get(g)
                .is_some_and(|(n, _)| *n == Naming::Mapping)
        };
        if a == b || (mapped(a) && mapped(b)) {
            return;
        }
        for (group, _) in self.keys.values_mut() {
            if *group == b {
                *group = a;
            }
        }
        if let (Some(&(rank_b, ref name_b)), Some(&(rank_a, _))) =
            (self.shown.get(b), self.shown.get(a))
        {
            if rank_b < rank_a {
                let name_b = name_b.clone();
                if let Some(shown) = self.shown.get_mut(a) {
                    *shown = (rank_b, name_b);
                }
            }
        }
    }

    /// The group's name for `name`, and where `name` was declared.
    fn get(&self, name: &str) -> Option<(&str, &str)> {
        let (group, from) = self.keys.get(&identity_key(name))?;
        let (_, shown) = self.shown.get(*group)?;
        Some((shown.as_str(), from.as_str()))
    }
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
        self.names.is_empty() && self.products.keys.is_empty()
    }

    /// The name `name` of `kind` is read as, if an alias renames it (for a
    /// product: if its group's name is another).
    pub fn get(&self, kind: AliasKind, name: &str) -> Option<Alias> {
        if kind == AliasKind::Product {
            let (shown, from) = self.products.get(name)?;
            return (identity_key(shown) != identity_key(name)).then(|| Alias {
                same_as: shown.to_string(),
                from: from.to_string(),
            });
        }
        if self.names.is_empty() {
            return None;
        }
        self.names.get(&(kind, identity_key(name))).cloned()
    }

    /// Whether `name` is a product some source named.
    pub fn knows_product(&self, name: &str) -> bool {
        self.products.get(name).is_some()
    }

    /// Adds `name` read as `same_as`: a later alias of the same member or
    /// integration name wins; product names join one group, named by
    /// `same_as` before any other source's name.
    pub fn add(&mut self, kind: AliasKind, name: &str, same_as: &str, from: String) {
        if kind == AliasKind::Product {
            self.products
                .declare(same_as, "", Naming::AliasesFile, &from);
            self.products.declare(name, same_as, Naming::Other, &from);
            return;
        }
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

    /// Declares the product `name`, named so by `naming`, and its other
    /// names.
    pub fn add_product<'n>(
        &mut self,
        name: &str,
        naming: Naming,
        others: impl IntoIterator<Item = &'n str>,
        from: &str,
    ) {
        self.products.declare(name, "", naming, from);
        for other in others {
            self.products.declare(other, name, Naming::Other, from);
        }
    }

    /// The product names of a mapping's product table: each product's name,
    /// its aliases, and its vendor before and after it.
    pub fn of_mapping(plan: &crate::mapping::Plan) -> Aliases {
        let mut aliases = Aliases::default();
        let from = format!("the product table of mapping {}", plan.id);
        for p in &plan.products {
            let mut others = p.aliases.clone();
            if let Some(v) = &p.vendor {
                others.push(format!("{v} {}", p.name));
                others.push(format!("{} ({v})", p.name));
            }
            aliases.add_product(
                &p.name,
                Naming::Mapping,
                others.iter().map(String::as_str),
                &from,
            );
        }
        aliases
    }

    /// Adds every alias of `other` (its aliases win; its product names join
    /// these).
    pub fn merge(&mut self, other: Aliases) {
        self.names.extend(other.names);
        for (name, same_as, naming, from) in other.products.declared {
            self.products.declare(&name, &same_as, naming, &from);
        }
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
            a.get(AliasKind::Member, "UNIV OF X").map(|a| a.same_as),
            Some("X University".to_string())
        );
        assert_eq!(a.get(AliasKind::Integration, "Univ. of X"), None);
        // A name the same as itself is no alias.
        a.add(AliasKind::Product, "Pure", "PURE", String::new());
        assert!(a.get(AliasKind::Product, "Pure").is_none());
        assert!(a.knows_product("pure"));
    }

    #[test]
    fn product_names_from_every_source_join_one_group_named_by_the_best() {
        let mut a = Aliases::default();
        // The list names "Elements" with its vendor; the mapping calls the
        // product Symplectic Elements; either spelling reads as the mapping's.
        a.add_product(
            "Elements",
            Naming::List,
            ["Symplectic Elements", "Elements (Symplectic)"],
            "certified list A2",
        );
        a.add_product(
            "Symplectic Elements",
            Naming::Mapping,
            ["Elements"],
            "mapping csp-2023",
        );
        let read = |a: &Aliases, n: &str| a.get(AliasKind::Product, n).map(|x| x.same_as);
        assert_eq!(read(&a, "ELEMENTS").as_deref(), Some("Symplectic Elements"));
        assert_eq!(
            read(&a, "Elements (Symplectic)").as_deref(),
            Some("Symplectic Elements")
        );
        assert_eq!(read(&a, "symplectic elements"), None);
        // The analyst's aliases file names a group before the others.
        let mut file = Aliases::default();
        file.add(
            AliasKind::Product,
            "Symplectic Elements",
            "Elements CRIS",
            "aliases.csv line 2".into(),
        );
        a.merge(file);
        assert_eq!(read(&a, "Elements").as_deref(), Some("Elements CRIS"));
        assert!(!a.knows_product("Pure"));
    }
}
