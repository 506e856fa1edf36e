//! The normalised award register: one entry per member integration, each badge
//! fact with its source cell, conflicts kept as problems rather than silently
//! resolved.

use crate::small_map::SmallMap;
use crate::text::{identity_key, tidy};
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

pub use crate::model::{
    Attr, Award, BadgeFact, Encoding, Integration, SheetSource, SourceRef, Sourced, UNNAMED,
};

/// A conflict found while merging, for the caller to report.
#[derive(Debug, Clone, PartialEq)]
pub struct Conflict {
    pub attr: Attr,
    pub kept: Sourced,
    pub other: Sourced,
    pub member: String,
    pub integration: String,
}

/// All integrations read so far.
#[derive(Debug, Clone, Default)]
pub struct Register {
    pub sources: Vec<SheetSource>,
    pub integrations: Vec<Integration>,
    index: HashMap<(Arc<str>, Arc<str>), usize>,
    /// The first spelling of each member, shared by all its integrations.
    member_names: HashMap<Arc<str>, Arc<str>>,
    /// One copy of each text while reading (see [`Register::intern`]).
    strings: HashSet<Arc<str>>,
    /// Names read as others (`--aliases`, the certified list's aliases).
    pub aliases: super::aliases::Aliases,
    /// Each alias applied, once: (kind, name as written, read as, declared
    /// where, first row).
    pub merged: Vec<(super::aliases::AliasKind, String, String, String, SourceRef)>,
    /// For each integration an alias merged into (by its keys): the names
    /// as written that were read as it, for the Sources sheet.
    pub merged_names: HashMap<(Arc<str>, Arc<str>), Vec<String>>,
    /// Each product cell read so far (with the row's vendor), as read: a
    /// register repeats a few hundred of them.
    products: HashMap<(Arc<str>, Arc<str>), Product>,
}

/// A product cell as the register reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Product {
    /// The product's one name: the group's name where the mapping, the
    /// certified list or the aliases file know it, else the name as written
    /// without its release.
    pub name: Arc<str>,
    /// The release written with it ("5.28", "7.x").
    pub release: Option<Arc<str>>,
    /// The vendor written in brackets after it, for a row without a vendor.
    pub vendor: Option<Arc<str>>,
}

impl Register {
    pub fn add_source(&mut self, file: &str, sheet: Option<&str>) -> u32 {
        self.sources.push(SheetSource {
            file: file.to_string(),
            sheet: sheet.map(str::to_string),
            transposed: false,
        });
        (self.sources.len() - 1) as u32
    }

    /// A sheet read along its columns: its references have rows and
    /// columns swapped.
    pub fn add_source_transposed(&mut self, file: &str, sheet: Option<&str>) -> u32 {
        let id = self.add_source(file, sheet);
        if let Some(s) = self.sources.last_mut() {
            s.transposed = true;
        }
        id
    }

    // Sheet ids are made by `add_source` and slots by the index map: indices
    // this register hands out itself, never read from input.
    #[allow(clippy::indexing_slicing)]
    pub fn source(&self, r: SourceRef) -> &SheetSource {
        &self.sources[r.sheet as usize]
    }

    /// The cell a reference names, as its sheet shows it (`C4`; a sheet
    /// read along its columns has rows and columns swapped).
    pub fn cell(&self, r: SourceRef) -> String {
        self.source(r).cell(r)
    }

    /// The integration for a member and name, created on first sight.
    #[allow(clippy::indexing_slicing)]
    pub fn integration(&mut self, member: &str, name: &str, row: SourceRef) -> &mut Integration {
        if self.index.len() != self.integrations.len() {
            self.reindex();
        }
        let (written_member, written_name) = (member, name);
        let member = self.alias(super::aliases::AliasKind::Member, member, row);
        let name = self.alias(super::aliases::AliasKind::Integration, name, row);
        let (member, name) = (member.as_str(), name.as_str());
        let key = (
            self.intern(&identity_key(member)),
            self.intern(&identity_key(name)),
        );
        if !self.merged.is_empty() {
            for (kind, written, read) in [
                ("member", written_member, member),
                ("integration", written_name, name),
            ] {
                if written != read {
                    let note = format!("{kind} {:?}", tidy(written));
                    let notes = self.merged_names.entry(key.clone()).or_default();
                    if !notes.contains(&note) {
                        notes.push(note);
                    }
                }
            }
        }
        let slot = if let Some(&i) = self.index.get(&key) {
            i
        } else {
            let member_name = if let Some(m) = self.member_names.get(&key.0) {
                m.clone()
            } else {
                let m = self.intern(&tidy(member));
                self.member_names.insert(key.0.clone(), m.clone());
                m
            };
            let name = self.intern(&tidy(name));
            self.integrations.push(Integration {
                member: member_name,
                name,
                member_key: key.0.clone(),
                name_key: key.1.clone(),
                attrs: SmallMap::new(),
                notes: Vec::new(),
                awards: SmallMap::new(),
                other_facts: Vec::new(),
                problems: Vec::new(),
                rows: Vec::new(),
                member_from: None,
            });
            let i = self.integrations.len() - 1;
            self.index.insert(key, i);
            i
        };
        let integration = &mut self.integrations[slot];
        // Most integrations have a row or two: grow one at a time at first.
        if integration.rows.len() < 8 {
            integration.rows.reserve_exact(1);
        }
        integration.rows.push(row);
        integration
    }

    /// Sorts integrations by member then integration key, so output order does
    /// not depend on the order files were given in.
    ///
    /// Also gives back the memory only reading needs (the lookup by key, spare
    /// capacity): at register scale that is hundreds of megabytes. Adding an
    /// integration afterwards rebuilds the lookup.
    /// The name `name` is read as, noting the first use of each alias.
    pub fn alias(&mut self, kind: super::aliases::AliasKind, name: &str, row: SourceRef) -> String {
        let Some(alias) = self.aliases.get(kind, name) else {
            return name.to_string();
        };
        let (to, from) = (alias.same_as.clone(), alias.from.clone());
        let key = identity_key(name);
        if !self
            .merged
            .iter()
            .any(|(k, n, ..)| *k == kind && identity_key(n) == key)
        {
            self.merged.push((kind, tidy(name), to.clone(), from, row));
        }
        to
    }

    /// The product a cell names, given the row's vendor: its release and
    /// brackets taken off (`model::WrittenProduct`), then the first of these
    /// that a source names: the cell as written, the name with its
    /// bracketed vendor or the row's vendor before or after it, the name
    /// alone, its bracketed abbreviation. A cell read as another name than
    /// written is noted once, like an alias.
    pub fn product(&mut self, written: &str, vendor: &str, row: SourceRef) -> Product {
        let cache_key = (self.intern(written), self.intern(vendor));
        if let Some(p) = self.products.get(&cache_key) {
            return p.clone();
        }
        use crate::model::Qualifier;
        let w = crate::model::WrittenProduct::parse(written);
        let mut candidates = vec![tidy(written)];
        if let Some(Qualifier::Vendor(q)) = &w.qualifier {
            candidates.push(format!("{q} {}", w.name));
            candidates.push(format!("{} {q}", w.name));
        }
        let vendor = tidy(vendor);
        if !vendor.is_empty() {
            candidates.push(format!("{vendor} {}", w.name));
            candidates.push(format!("{} {vendor}", w.name));
        }
        candidates.push(w.name.clone());
        if let Some(Qualifier::Abbreviation(q) | Qualifier::Alias(q)) = &w.qualifier {
            candidates.push(q.clone());
        }
        let known = candidates
            .iter()
            .find(|c| self.aliases.knows_product(c))
            .cloned();
        let name = match known {
            Some(found) => {
                let (read, from) =
                    match self.aliases.get(super::aliases::AliasKind::Product, &found) {
                        Some(alias) => (alias.same_as, alias.from),
                        None if !vendor.is_empty() && found.contains(&vendor) => {
                            (found, format!("with its vendor {vendor:?}"))
                        }
                        None if matches!(w.qualifier, Some(Qualifier::Vendor(_))) => {
                            (found, "with the vendor in its brackets".to_string())
                        }
                        None if w.qualifier.is_some() => {
                            (found, "by the other name in its brackets".to_string())
                        }
                        None => (found, "its name without its release".to_string()),
                    };
                let differs = |a: &str| identity_key(a) != identity_key(&read);
                if differs(written) && differs(&w.name) {
                    self.note_read_as(written, &read, &from, row);
                }
                read
            }
            None => w.name.clone(),
        };
        let product = Product {
            name: self.intern(&name),
            release: w.release.map(|r| self.intern(&r.to_string())),
            vendor: match &w.qualifier {
                Some(Qualifier::Vendor(q)) if vendor.is_empty() => Some(self.intern(q)),
                _ => None,
            },
        };
        self.products.insert(cache_key, product.clone());
        product
    }

    /// Notes once that `written` was read as `read`, like an alias applied.
    fn note_read_as(&mut self, written: &str, read: &str, from: &str, row: SourceRef) {
        let key = identity_key(written);
        let kind = super::aliases::AliasKind::Product;
        if !self
            .merged
            .iter()
            .any(|(k, n, ..)| *k == kind && identity_key(n) == key)
        {
            self.merged
                .push((kind, tidy(written), read.to_string(), from.to_string(), row));
        }
    }

    pub fn finish(&mut self) {
        self.integrations
            .sort_by(|a, b| (&a.member_key, &a.name_key).cmp(&(&b.member_key, &b.name_key)));
        self.integrations.shrink_to_fit();
        for it in &mut self.integrations {
            it.attrs.shrink_to_fit();
            it.awards.shrink_to_fit();
            it.awards.values_mut().for_each(|a| a.facts.shrink_to_fit());
            it.other_facts.shrink_to_fit();
            it.rows.shrink_to_fit();
        }
        self.index = HashMap::new();
        self.member_names = HashMap::new();
        self.strings = HashSet::new();
        self.products = HashMap::new();
    }

    /// The register's one copy of `text`. A register repeats a few hundred
    /// texts (sectors, countries, products, badge cells) hundreds of thousands
    /// of times; each kept once saves an allocation per value.
    pub fn intern(&mut self, text: &str) -> Arc<str> {
        if let Some(s) = self.strings.get(text) {
            s.clone()
        } else {
            let s: Arc<str> = Arc::from(text);
            self.strings.insert(s.clone());
            s
        }
    }

    fn reindex(&mut self) {
        self.index = self
            .integrations
            .iter()
            .enumerate()
            .map(|(i, it)| ((it.member_key.clone(), it.name_key.clone()), i))
            .collect();
        self.member_names = self
            .integrations
            .iter()
            .map(|it| (it.member_key.clone(), it.member.clone()))
            .collect();
    }

    pub fn award_count(&self) -> usize {
        self.integrations.iter().map(|i| i.awards.len()).sum()
    }
}

impl Integration {
    /// Records a descriptive fact; a different value for one already known is
    /// returned as a conflict and recorded as a problem.
    pub fn set_attr(&mut self, attr: Attr, value: Sourced) -> Option<Conflict> {
        match self.attrs.get(&attr) {
            None => {
                self.attrs.insert(attr, value);
                None
            }
            Some(kept) if identity_key(&kept.value) == identity_key(&value.value) => None,
            Some(kept) => {
                let kept = kept.clone();
                let problem = format!(
                    "conflicting {}: {:?} and {:?}",
                    attr.label(),
                    kept.value,
                    value.value
                );
                if !self.problems.contains(&problem) {
                    self.problems.push(problem);
                }
                Some(Conflict {
                    attr,
                    kept,
                    other: value,
                    member: self.member.to_string(),
                    integration: self.name.to_string(),
                })
            }
        }
    }

    /// Adds a badge fact: awards merge per badge, keeping every source and the
    /// earliest date.
    pub fn add_fact(&mut self, fact: BadgeFact) {
        if fact.not_awarded.is_some() {
            if self.other_facts.len() < 8 {
                self.other_facts.reserve_exact(1);
            }
            self.other_facts.push(fact);
            return;
        }
        // Most awards are seen once: a first push would reserve room for four.
        let award = self.awards.get_or_insert_with(fact.badge, || Award {
            date: None,
            facts: Vec::with_capacity(1),
        });
        award.date = match (award.date, fact.date) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        award.facts.push(fact);
    }

    pub fn add_problem(&mut self, problem: String) {
        if !self.problems.contains(&problem) {
            self.problems.push(problem);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{AwardDate, BadgeId};
    use chrono::NaiveDate;

    fn at(row: u32) -> SourceRef {
        SourceRef {
            sheet: 0,
            row,
            col: 0,
        }
    }

    fn fact(badge: u16, date: Option<&str>, row: u32) -> BadgeFact {
        BadgeFact {
            badge: BadgeId(badge),
            not_awarded: None,
            date: date.map(|d| AwardDate::day(NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap())),
            encoding: Encoding::Long,
            text: "x".into(),
            source: at(row),
        }
    }

    #[test]
    fn same_integration_written_differently_merges() {
        let mut r = Register::default();
        r.integration("Univ. of Hull & Partners", "CRIS", at(1));
        r.integration("UNIV OF HULL AND PARTNERS", "cris ", at(2));
        r.integration("Univ of Hull and Partners", "Repository", at(3));
        assert_eq!(r.integrations.len(), 2);
        assert_eq!(r.integrations[0].rows, vec![at(1), at(2)]);
        assert_eq!(&*r.integrations[0].member, "Univ. of Hull & Partners");
    }

    #[test]
    fn integrations_added_after_finish_still_merge() {
        let mut r = Register::default();
        r.integration("Univ B", "CRIS", at(1));
        r.integration("Univ A", "CRIS", at(2));
        r.finish();
        assert_eq!(&*r.integrations[0].member, "Univ A");
        r.integration("UNIV B", "cris", at(3));
        r.integration("univ a", "Portal", at(4));
        assert_eq!(r.integrations.len(), 3);
        assert_eq!(r.integrations[1].rows, vec![at(1), at(3)]);
        assert_eq!(&*r.integrations[2].member, "Univ A");
    }

    #[test]
    fn duplicate_awards_merge_keeping_sources_and_earliest_date() {
        let mut r = Register::default();
        let it = r.integration("M", "I", at(1));
        it.add_fact(fact(2, Some("2019-05-01"), 1));
        it.add_fact(fact(2, None, 2));
        it.add_fact(fact(2, Some("2018-01-01"), 3));
        let award = it.awards.get(&BadgeId(2)).unwrap();
        assert_eq!(award.facts.len(), 3);
        assert_eq!(award.date.unwrap().to_string(), "2018-01-01");
    }

    #[test]
    fn conflicting_attributes_become_problems() {
        let mut r = Register::default();
        let it = r.integration("M", "I", at(1));
        let v = |s: &str, row| Sourced {
            value: s.into(),
            source: at(row),
        };
        assert!(it.set_attr(Attr::Sector, v("Publisher", 1)).is_none());
        assert!(it.set_attr(Attr::Sector, v("publisher", 2)).is_none());
        let conflict = it
            .set_attr(Attr::Sector, v("Research Institute", 3))
            .unwrap();
        assert_eq!(&*conflict.kept.value, "Publisher");
        assert_eq!(
            it.problems,
            vec!["conflicting sector: \"Publisher\" and \"Research Institute\""]
        );
        assert_eq!(it.attr(Attr::Sector), Some("Publisher"));
    }
}
