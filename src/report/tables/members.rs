//! The Members sheet: one row per member, what its integrations need, and a
//! contact column the analyst fills (carried forward by member).

use super::{Cell, ColumnKind, Table, TableId};
use crate::layout::columns::{CONTACT, MEMBERS};
use crate::reconcile::Status;
use crate::report::Report;
use std::ops::Range;

pub(super) struct Members<'r, 'a>(pub &'r Report<'a>);

/// Each member's integrations and open requests, made once per report
/// (the sheet, its column widths and its row count all need it). Compact:
/// a register has hundreds of thousands of members.
#[derive(Debug, Default)]
pub struct MemberIndex {
    /// Decision indices grouped by member, members in the order of their
    /// keys, each member's in the report's order.
    order: Vec<u32>,
    /// Where each member's part of `order` starts (and one past the last).
    starts: Vec<u32>,
    /// Undecided requests concerning each member.
    open: Vec<u32>,
}

impl MemberIndex {
    pub(crate) fn of(r: &Report<'_>) -> Self {
        let key = |i: u32| {
            r.decisions
                .get(i as usize)
                .map_or("", |d| &*r.integration(d).member_key)
        };
        let mut order: Vec<u32> = (0..r.decisions.len() as u32).collect();
        order.sort_by(|&a, &b| key(a).cmp(key(b)).then(a.cmp(&b)));
        let mut starts = Vec::new();
        let mut member_of = vec![0u32; r.decisions.len()];
        for (at, &i) in order.iter().enumerate() {
            if at == 0 || key(order[at - 1]) != key(i) {
                starts.push(at as u32);
            }
            member_of[i as usize] = (starts.len() - 1) as u32;
        }
        starts.push(order.len() as u32);
        let open = open_requests(r, &member_of, starts.len() - 1);
        MemberIndex {
            order,
            starts,
            open,
        }
    }

    pub fn len(&self) -> usize {
        self.starts.len().saturating_sub(1)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Member `m`'s integrations (decision indices) and open requests.
    fn member(&self, m: usize) -> (&[u32], u32) {
        let (Some(&a), Some(&b)) = (self.starts.get(m), self.starts.get(m + 1)) else {
            return (&[], 0);
        };
        let indices = self.order.get(a as usize..b as usize).unwrap_or_default();
        (indices, self.open.get(m).copied().unwrap_or(0))
    }
}

/// Undecided requests per member, each counted once per member it
/// concerns: one pass over the requests.
fn open_requests(r: &Report<'_>, member_of: &[u32], members: usize) -> Vec<u32> {
    let mut counts = vec![0u32; members];
    let list = r.requests();
    // Only a re-check has decisions: a first run's requests are all open.
    let decided =
        |q: &crate::report::requests::Request| r.previous.is_some() && q.state(r).is_decided();
    let mut concerned: Vec<u32> = Vec::new();
    for q in list {
        if decided(q) {
            continue;
        }
        concerned.clear();
        concerned.extend(
            list.integrations(q)
                .iter()
                .filter_map(|&i| member_of.get(i as usize).copied()),
        );
        concerned.sort_unstable();
        concerned.dedup();
        for &m in &concerned {
            if let Some(n) = counts.get_mut(m as usize) {
                *n += 1;
            }
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
        self.0.members().len()
    }

    fn rows(&self, emit: &mut dyn FnMut(&[Cell<'_>])) {
        self.rows_in(0..usize::MAX, emit);
    }

    fn rows_in(&self, range: Range<usize>, emit: &mut dyn FnMut(&[Cell<'_>])) {
        let r = self.0;
        let added = r.added(TableId::Members);
        let contact_at = added.position(CONTACT);
        let index = r.members();
        for m in range.start..range.end.min(index.len()) {
            let (indices, open) = index.member(m);
            let Some(first) = indices.first().and_then(|&i| r.decisions.get(i as usize)) else {
                continue;
            };
            let member = &r.integration(first).member;
            let statuses: Vec<String> = Status::ALL
                .iter()
                .filter_map(|&s| {
                    let n = indices
                        .iter()
                        .filter(|&&i| r.decisions.get(i as usize).is_some_and(|d| d.status == s))
                        .count();
                    (n > 0).then(|| format!("{n} {s}"))
                })
                .collect();
            let gaps: usize = indices
                .iter()
                .filter_map(|&i| r.decisions.get(i as usize))
                .filter(|d| d.status != Status::Covered)
                .map(|d| d.must.gaps() as usize)
                .sum();
            let carried = added.cells(&[member]);
            let contact = contact_at
                .and_then(|i| carried.get(i).cloned())
                .unwrap_or(Cell::Blank);
            let mut row = vec![
                Cell::text(member),
                Cell::Int(indices.len() as i64),
                Cell::owned(statuses.join(", ")),
                Cell::Int(gaps as i64),
                Cell::Int(i64::from(open)),
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
