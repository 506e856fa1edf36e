//! Identity across edits. An integration's id comes from its member and
//! name, so correcting a source cell (naming an unnamed integration, fixing
//! a typo in a member's name) gives it a new id. The cells its badge facts
//! were read from do not change: an integration of the new run read from
//! the same cells as one of the previous run that is gone is that
//! integration renamed, and its decisions carry. Where only some cells
//! agree, or the member differs too, the two are named as possibly the
//! same, and the old decisions are listed for the analyst to re-apply.

use super::previous::{Key, Previous};
use crate::ingest::register::Register;
use crate::model::cell::a1;
use crate::text::identity_key;
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::Path;

/// A previous integration found again under another id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rename {
    pub from: String,
    pub to: String,
    /// Its member and name in the previous run.
    pub was: String,
    /// Read from the same cells, of the same member: its decisions carry.
    /// Otherwise only possibly the same.
    pub certain: bool,
}

type Cells = BTreeSet<(String, String, String)>;

/// The renames between the previous run and this register, certain ones
/// applied to `previous` (its rows, requests, ledger and integrations carry
/// the new id).
pub fn carry(previous: &mut Previous, register: &Register) -> Vec<Rename> {
    let now: HashSet<String> = register
        .integrations
        .iter()
        .map(crate::reconcile::stable_id)
        .collect();
    let vanished: Vec<&super::previous::PreviousIntegration> = previous
        .integrations
        .iter()
        .filter(|p| !now.contains(&p.id) && previous.sources.contains_key(&p.id))
        .collect();
    if vanished.is_empty() {
        return Vec::new();
    }
    let before: HashSet<&str> = previous
        .integrations
        .iter()
        .map(|p| p.id.as_str())
        .collect();
    // The new integrations and the cells each was read from.
    let mut fresh: BTreeMap<String, (Cells, &str)> = BTreeMap::new();
    for it in &register.integrations {
        let id = crate::reconcile::stable_id(it);
        if before.contains(id.as_str()) {
            continue;
        }
        let cells: Cells = it
            .awards
            .values()
            .flat_map(|a| a.facts.iter())
            .chain(&it.other_facts)
            .map(|f| {
                let s = register.source(f.source);
                let name = Path::new(&s.file)
                    .file_name()
                    .and_then(|n| n.to_str())
                    .unwrap_or(&s.file)
                    .to_string();
                (
                    name,
                    s.sheet.clone().unwrap_or_default(),
                    a1(f.source.row, f.source.col),
                )
            })
            .collect();
        if !cells.is_empty() {
            fresh.insert(id, (cells, &it.member_key));
        }
    }
    let mut out = Vec::new();
    let mut taken: HashSet<String> = HashSet::new();
    for p in vanished {
        let old: Cells = previous
            .sources
            .get(&p.id)
            .into_iter()
            .flatten()
            .cloned()
            .collect();
        let best = fresh
            .iter()
            .filter(|(id, _)| !taken.contains(*id))
            .map(|(id, (cells, member))| (cells.intersection(&old).count(), id, cells, member))
            .filter(|(shared, ..)| *shared > 0)
            .max_by(|a, b| a.0.cmp(&b.0).then_with(|| b.1.cmp(a.1)));
        let Some((shared, id, cells, member)) = best else {
            continue;
        };
        let same_member = identity_key(&p.member) == **member;
        let certain = same_member && *cells == old;
        if !certain && shared * 2 < old.len().min(cells.len()) {
            continue;
        }
        taken.insert(id.clone());
        out.push(Rename {
            from: p.id.clone(),
            to: id.clone(),
            was: format!("{} / {}", p.member, p.integration),
            certain,
        });
    }
    for r in &out {
        if r.certain {
            remap(previous, &r.from, &r.to);
        } else {
            let issue = crate::issue::Issue::new(
                crate::issue::Severity::Warning,
                &previous.path,
                format!(
                    "{} ({}) of the previous run is possibly {} of this one: read from some of the same cells",
                    r.from, r.was, r.to
                ),
            )
            .action("its decisions are listed in Changes, not carried; re-apply them on the new rows, or give the two names in an aliases file");
            previous.issues.push(issue);
        }
    }
    out
}

/// Gives everything the previous run held under `from` the id `to`.
fn remap(previous: &mut Previous, from: &str, to: &str) {
    let rekey = |key: &Key| -> Key {
        if key.0 == from {
            (to.to_string(), key.1.clone())
        } else {
            key.clone()
        }
    };
    previous.rows = std::mem::take(&mut previous.rows)
        .into_iter()
        .map(|(k, v)| (rekey(&k), v))
        .collect();
    previous.listed = std::mem::take(&mut previous.listed)
        .into_iter()
        .map(|k| rekey(&k))
        .collect();
    previous.ledger.entries = std::mem::take(&mut previous.ledger.entries)
        .into_iter()
        .map(|(k, v)| (rekey(&k), v))
        .collect();
    for note in previous.requests.values_mut() {
        for id in &mut note.integrations {
            if id == from {
                *id = to.to_string();
            }
        }
    }
    if let Some(c) = previous.criteria.remove(from) {
        previous.criteria.insert(to.to_string(), c);
    }
    if let Some(s) = previous.sources.remove(from) {
        previous.sources.insert(to.to_string(), s);
    }
    let rekey_added = |added: &mut super::AddedColumns| {
        let prefix = format!("{from}\u{1f}");
        added.rows = std::mem::take(&mut added.rows)
            .into_iter()
            .map(|(k, v)| match k.strip_prefix(&prefix) {
                Some(rest) => (format!("{to}\u{1f}{rest}"), v),
                None => (k, v),
            })
            .collect();
    };
    rekey_added(&mut previous.added_worklist);
    for p in &mut previous.integrations {
        if p.id == from {
            p.id = to.to_string();
        }
    }
}
