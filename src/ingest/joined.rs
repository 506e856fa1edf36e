//! Member cells that join several members: linked-record fields and
//! multi-select exports (Airtable, `SharePoint` lists, forms) write a system
//! shared by two members as `Univ A, Univ B` or `Univ A; Univ B`, or one
//! name per line. Read as it stands, that is a member of its own with a
//! separator in its name. A cell is split only when every part is a member
//! the register holds elsewhere, so a name with a comma of its own
//! ("University of California, Berkeley") stays whole.

use super::register::{Conflict, Integration, Register, SourceRef};
use crate::issue::{Issue, Severity};
use crate::text::identity_key;
use std::collections::HashSet;

/// What separates members in a joined cell.
const SEPARATORS: &[char] = &[';', ',', '\n', '|', '/'];

/// Splits each integration whose member cell joins members of the register
/// into one integration per member, with a notice naming the cell.
pub(super) fn split_joined_members(register: &mut Register) -> Vec<Issue> {
    if !register
        .integrations
        .iter()
        .any(|it| it.member.contains(SEPARATORS))
    {
        return Vec::new();
    }
    let members: HashSet<&str> = register
        .integrations
        .iter()
        .map(|it| &*it.member_key)
        .collect();
    let joined: Vec<(usize, Vec<String>)> = register
        .integrations
        .iter()
        .enumerate()
        .filter(|(_, it)| it.member.contains(SEPARATORS))
        .filter_map(|(i, it)| parts(it, &members).map(|p| (i, p)))
        .collect();
    if joined.is_empty() {
        return Vec::new();
    }
    let mut issues = Vec::new();
    let taken: HashSet<usize> = joined.iter().map(|(i, _)| *i).collect();
    let mut kept = Vec::with_capacity(register.integrations.len());
    let mut split = Vec::new();
    for (i, it) in std::mem::take(&mut register.integrations)
        .into_iter()
        .enumerate()
    {
        if taken.contains(&i) {
            split.push(it);
        } else {
            kept.push(it);
        }
    }
    register.integrations = kept;
    for (it, (_, names)) in split.into_iter().zip(joined) {
        let first = it.rows.first().copied().unwrap_or(SourceRef {
            sheet: 0,
            row: 0,
            col: 0,
        });
        let there = register.source(first).clone();
        issues.push(
            Issue::new(
                Severity::Notice,
                &there.file,
                format!(
                    "the member cell {:?} names {} members of the register: integration {:?} read once for each",
                    it.member,
                    names.len(),
                    it.name
                ),
            )
            .sheet(there.sheet.as_deref())
            .cell(there.cell(first))
            .value(&it.member)
            .action("split; if the cell is one member's name, add it to an aliases file"),
        );
        for name in &names {
            for conflict in absorb(register, name, &it) {
                issues.push(conflict_issue(register, &conflict));
            }
        }
    }
    issues
}

/// The members a joined cell names, when each is a member elsewhere.
fn parts(it: &Integration, members: &HashSet<&str>) -> Option<Vec<String>> {
    let names: Vec<String> = it
        .member
        .split(SEPARATORS)
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(str::to_string)
        .collect();
    let keys: HashSet<String> = names.iter().map(|n| identity_key(n)).collect();
    (names.len() >= 2
        && keys.len() == names.len()
        && keys
            .iter()
            .all(|k| *k != *it.member_key && members.contains(k.as_str())))
    .then_some(names)
}

/// Adds what `from` holds to the integration of member `member` with the
/// same name (made when new): rows, facts, attributes (a differing value is
/// a conflict, returned, and a problem, as on reading), notes and problems.
fn absorb(register: &mut Register, member: &str, from: &Integration) -> Vec<Conflict> {
    let mut rows = from.rows.iter().copied();
    let Some(first) = rows.next() else {
        return Vec::new();
    };
    let target = register.integration(member, &from.name, first);
    target.rows.extend(rows);
    let mut conflicts = Vec::new();
    for (attr, value) in from.attrs.iter() {
        conflicts.extend(target.set_attr(*attr, value.clone()));
    }
    target.notes.extend(from.notes.iter().cloned());
    for award in from.awards.values() {
        for fact in &award.facts {
            target.add_fact(fact.clone());
        }
    }
    for fact in &from.other_facts {
        target.add_fact(fact.clone());
    }
    for problem in &from.problems {
        target.add_problem(problem.clone());
    }
    conflicts
}

/// The warning for a value of the joined cell's row that differs from one
/// the member's own rows gave, naming both cells.
fn conflict_issue(register: &Register, conflict: &Conflict) -> Issue {
    let at = |r: SourceRef| {
        let s = register.source(r);
        crate::model::Location {
            file: s.file.clone(),
            sheet: s.sheet.clone(),
            cell: Some(s.cell(r)),
        }
    };
    let here = conflict.other.source;
    let there = register.source(here);
    Issue::new(
        Severity::Warning,
        &there.file,
        format!(
            "conflicting {} for {} / {}: {:?} here, {:?} at {}",
            conflict.attr.label(),
            conflict.member,
            conflict.integration,
            conflict.other.value,
            conflict.kept.value,
            at(conflict.kept.source)
        ),
    )
    .sheet(there.sheet.as_deref())
    .cell(there.cell(here))
    .value(&conflict.other.value)
    .action("first value kept; integration marked for review; correct the source")
}
