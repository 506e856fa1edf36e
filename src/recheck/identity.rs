//! Identity across edits. An integration's id comes from its member and
//! name, so correcting a source cell (naming an unnamed integration, fixing
//! a typo in a member's name) gives it a new id. The cells its badge facts
//! were read from do not change: an integration of the new run read from
//! the same cells as one of the previous run that is gone is that
//! integration renamed, and its decisions carry. Where only some cells
//! agree, the member differs too, or the row was reused for another record
//! (another name and other badges in the same cells), the two are named as
//! possibly the same, and the old decisions are listed for the analyst to
//! re-apply.

use super::previous::{Key, Previous};
use crate::ingest::register::Register;
use crate::mapping::Plan;
use crate::model::Integration;
use crate::text::identity_key;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
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
/// the new id). Each vanished integration (by id) is matched to the new one
/// it shares most cells with, through an index of the new integrations'
/// cells: one pass over each side.
pub fn carry(previous: &mut Previous, register: &Register, plan: &Plan) -> Vec<Rename> {
    let ids = crate::reconcile::stable_ids(register);
    let now: HashSet<&str> = ids.iter().map(String::as_str).collect();
    let mut vanished: Vec<&super::previous::PreviousIntegration> = previous
        .integrations
        .iter()
        .filter(|p| !now.contains(p.id.as_str()) && previous.sources.contains_key(&p.id))
        .collect();
    if vanished.is_empty() {
        return Vec::new();
    }
    // In id order, so that which of two candidates wins does not depend on
    // how the Integrations sheet was sorted.
    vanished.sort_by(|a, b| a.id.cmp(&b.id));
    let before: HashSet<&str> = previous
        .integrations
        .iter()
        .map(|p| p.id.as_str())
        .collect();
    // The new integrations, the cells each was read from, and which new
    // integration each cell belongs to.
    let mut fresh: Vec<(&str, Cells, usize)> = Vec::new();
    let mut by_cell: HashMap<(String, String, String), usize> = HashMap::new();
    for (index, (it, id)) in register.integrations.iter().zip(&ids).enumerate() {
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
                (name, s.sheet.clone().unwrap_or_default(), s.cell(f.source))
            })
            .collect();
        if !cells.is_empty() {
            for cell in &cells {
                by_cell.insert(cell.clone(), fresh.len());
            }
            fresh.push((id.as_str(), cells, index));
        }
    }
    let mut out = Vec::new();
    let mut taken: HashSet<usize> = HashSet::new();
    for p in vanished {
        let old: Cells = previous
            .sources
            .get(&p.id)
            .into_iter()
            .flatten()
            .cloned()
            .collect();
        let mut shared: BTreeMap<usize, usize> = BTreeMap::new();
        for cell in &old {
            if let Some(&f) = by_cell.get(cell) {
                if !taken.contains(&f) {
                    *shared.entry(f).or_insert(0) += 1;
                }
            }
        }
        // Most cells shared; of equals, the first new id.
        let best = shared
            .iter()
            .filter_map(|(&f, &n)| fresh.get(f).map(|x| (n, f, x)))
            .max_by(|a, b| a.0.cmp(&b.0).then_with(|| b.2 .0.cmp(a.2 .0)));
        let Some((shared, f, (id, cells, index))) = best else {
            continue;
        };
        let it = &register.integrations[*index];
        let same_member = identity_key(&p.member) == *it.member_key;
        let same_cells = *cells == old;
        let certain = same_member && same_cells && same_record(p, it, plan);
        if !certain && shared * 2 < old.len().min(cells.len()) {
            continue;
        }
        taken.insert(f);
        out.push(Rename {
            from: p.id.clone(),
            to: (*id).to_string(),
            was: format!("{} / {}", p.member, p.integration),
            certain,
        });
    }
    let certain: HashMap<String, String> = out
        .iter()
        .filter(|r| r.certain)
        .map(|r| (r.from.clone(), r.to.clone()))
        .collect();
    remap(previous, &certain);
    for r in out.iter().filter(|r| !r.certain) {
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
    out
}

/// Whether the record read from the same cells is the same one renamed,
/// not another written over it: the old name was blank (or no name), or
/// is the new one with a typo corrected, or the badges read the same (a
/// row reused for another system has other dates).
fn same_record(p: &super::previous::PreviousIntegration, it: &Integration, plan: &Plan) -> bool {
    let old = identity_key(&p.integration);
    let new = identity_key(&it.name);
    let unnamed = identity_key(crate::ingest::register::UNNAMED);
    if old.is_empty() || old == unnamed || old == new {
        return true;
    }
    let distance = strsim::levenshtein(&old, &new);
    if distance <= 2 && distance * 5 <= old.chars().count().max(new.chars().count()) {
        return true;
    }
    let badges_now: BTreeSet<(String, String)> = plan
        .vocab
        .badge_ids()
        .filter_map(|b| {
            let award = it.awards.get(&b)?;
            let label = plan.vocab.badge(b).label.clone();
            Some((
                label,
                award
                    .date
                    .map_or_else(|| "✓".to_string(), |d| d.to_string()),
            ))
        })
        .collect();
    let badges_then: BTreeSet<(String, String)> = p.badges.iter().cloned().collect();
    !badges_then.is_empty() && badges_then == badges_now
}

/// Gives everything the previous run held under an old id its new id, in
/// one pass over each collection.
fn remap(previous: &mut Previous, renames: &HashMap<String, String>) {
    if renames.is_empty() {
        return;
    }
    let id = |old: &str| -> String { renames.get(old).cloned().unwrap_or_else(|| old.to_string()) };
    let rekey = |key: &Key| -> Key { (id(&key.0), key.1.clone()) };
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
        for i in &mut note.integrations {
            *i = id(i);
        }
    }
    for (from, to) in renames {
        if let Some(c) = previous.criteria.remove(from) {
            previous.criteria.insert(to.clone(), c);
        }
        if let Some(s) = previous.sources.remove(from) {
            previous.sources.insert(to.clone(), s);
        }
    }
    let added = &mut previous.added_worklist;
    added.rows = std::mem::take(&mut added.rows)
        .into_iter()
        .map(|(k, v)| match k.split_once('\u{1f}') {
            Some((from, rest)) if renames.contains_key(from) => {
                (format!("{}\u{1f}{rest}", id(from)), v)
            }
            _ => (k, v),
        })
        .collect();
    for p in &mut previous.integrations {
        p.id = id(&p.id);
    }
}
