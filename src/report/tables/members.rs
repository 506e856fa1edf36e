//! The Members sheet: one row per member, what its integrations need, and a
//! contact column the analyst fills (carried forward by member).

use super::{Cell, ColumnKind, Table, TableId};
use crate::layout::columns::{CONTACT, MEMBERS};
use crate::reconcile::Status;
use crate::report::Report;
use std::collections::BTreeMap;

pub(super) struct Members<'r, 'a>(pub &'r Report<'a>);

/// One member's integrations (decision indices), in the report's order.
fn by_member(r: &Report<'_>) -> BTreeMap<String, Vec<usize>> {
    let mut out: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, d) in r.decisions.iter().enumerate() {
        out.entry(r.integration(d).member_key.to_string())
            .or_default()
            .push(i);
    }
    out
}

/// Undecided requests per member key, each counted once per member it
/// concerns: one pass over the requests.
fn open_requests<'r>(r: &'r Report<'_>) -> std::collections::HashMap<&'r str, usize> {
    let mut counts = std::collections::HashMap::new();
    for q in r.requests() {
        let decided = r
            .previous_requests
            .get(&q.id)
            .is_some_and(|n| n.verdict.is_some());
        if decided {
            continue;
        }
        let mut members: Vec<&str> = q
            .integrations
            .iter()
            .filter_map(|&i| r.decisions.get(i as usize))
            .map(|d| &*r.integration(d).member_key)
            .collect();
        members.sort_unstable();
        members.dedup();
        for m in members {
            *counts.entry(m).or_insert(0) += 1;
        }
    }
    counts
}

impl Table for Members<'_, '_> {
    fn id(&self) -> TableId {
        TableId::Members
    }

    fn columns(&self) -> Vec<(String, ColumnKind)> {
        use ColumnKind::{Number, Prose, Text};
        let kinds = [Text, Number, Text, Number, Number, Prose];
        let mut c: Vec<(String, ColumnKind)> = MEMBERS
            .iter()
            .zip(kinds)
            .map(|(h, k)| ((*h).to_string(), k))
            .collect();
        c.extend(
            self.0
                .added(TableId::Members)
                .columns()
                .filter(|(h, _)| h != CONTACT),
        );
        c
    }

    fn row_count(&self) -> usize {
        by_member(self.0).len()
    }

    fn rows(&self, emit: &mut dyn FnMut(&[Cell<'_>])) {
        let r = self.0;
        let plan = &r.mapping.plan;
        let added = r.added(TableId::Members);
        let open_requests = open_requests(r);
        let contact_at = added.position(CONTACT);
        for indices in by_member(r).values() {
            let Some(first) = indices.first().and_then(|&i| r.decisions.get(i)) else {
                continue;
            };
            let member = &r.integration(first).member;
            let statuses: Vec<String> = Status::ALL
                .iter()
                .filter_map(|&s| {
                    let n = indices
                        .iter()
                        .filter(|&&i| r.decisions.get(i).is_some_and(|d| d.status == s))
                        .count();
                    (n > 0).then(|| format!("{n} {s}"))
                })
                .collect();
            let gaps: usize = indices
                .iter()
                .filter_map(|&i| r.decisions.get(i))
                .filter(|d| d.status != Status::Covered)
                .map(|d| d.must_gaps(plan).count())
                .sum();
            let key = &*r.integration(first).member_key;
            let open = open_requests.get(key).copied().unwrap_or(0);
            let carried = added.cells(&[member]);
            let contact = contact_at
                .and_then(|i| carried.get(i).cloned())
                .unwrap_or(Cell::Blank);
            let mut row = vec![
                Cell::text(member),
                Cell::Int(indices.len() as i64),
                Cell::owned(statuses.join(", ")),
                Cell::Int(gaps as i64),
                Cell::Int(open as i64),
                contact,
            ];
            row.extend(
                carried
                    .into_iter()
                    .enumerate()
                    .filter(|(i, _)| Some(*i) != contact_at)
                    .map(|(_, c)| c),
            );
            emit(&row);
        }
    }
}
