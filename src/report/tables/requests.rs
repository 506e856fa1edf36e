//! The Requests sheet: one row per message to send (an addressee and a
//! criterion, or a member and an open action), with the integrations it
//! covers and the analyst's columns.

use super::{Cell, ColumnKind, Table, TableId};
use crate::report::Report;
use std::ops::Range;

pub(super) struct Requests<'r, 'a>(pub &'r Report<'a>);

impl Table for Requests<'_, '_> {
    fn id(&self) -> TableId {
        TableId::Requests
    }

    fn columns(&self) -> Vec<(String, ColumnKind)> {
        use ColumnKind::{DateEntry, Decision, Level, Number, Prose, Text};
        let kinds = [
            Text, Text, Text, Text, Text, Prose, Level, Prose, Number, Prose, Text, DateEntry,
            DateEntry, Decision, Prose,
        ];
        let mut c: Vec<(String, ColumnKind)> = crate::layout::columns::REQUESTS
            .iter()
            .zip(kinds)
            .map(|(h, k)| ((*h).to_string(), k))
            .collect();
        c.extend(self.0.added(TableId::Requests).columns());
        c
    }

    fn row_count(&self) -> usize {
        let list = self.0.requests();
        list.len() + list.orphans.len()
    }

    fn rows(&self, emit: &mut dyn FnMut(&[Cell<'_>])) {
        self.rows_in(0..usize::MAX, emit);
    }

    fn rows_in(&self, range: Range<usize>, emit: &mut dyn FnMut(&[Cell<'_>])) {
        let r = self.0;
        let mut row: Vec<Cell<'_>> = Vec::new();
        let list = r.requests();
        let wanted = range.end.saturating_sub(range.start);
        for q in list.iter().skip(range.start).take(wanted) {
            let asked = q.asked(r);
            let id = q.id.to_string();
            let ids: Vec<&str> = list
                .integrations(q)
                .iter()
                .filter_map(|&i| r.decisions.get(i as usize))
                .map(|d| d.id.as_str())
                .collect();
            row.clear();
            row.push(Cell::owned(id.clone()));
            row.push(Cell::text(q.kind.as_str()));
            row.push(Cell::text(q.addressee(r)));
            row.push(q.vendor(r).map_or(Cell::Blank, Cell::text));
            row.push(Cell::text(asked.id));
            row.push(Cell::text(asked.title));
            row.push(Cell::owned(asked.level.to_string()));
            row.push(Cell::cow(asked.request));
            row.push(Cell::Int(ids.len() as i64));
            row.push(Cell::owned(ids.join(", ")));
            row.push(Cell::owned(q.state(r).describe()));
            super::analyst_cells(r.entered_request(&id), true, &mut row);
            row.extend(r.added(TableId::Requests).cells(&[id.as_str()]));
            emit(&row);
        }
        // Then the requests this run does not ask, as the analyst left them.
        let skip = range.start.saturating_sub(list.len());
        let taken = range.end.saturating_sub(list.len().max(range.start));
        let notes = r.previous.map(|p| &p.requests);
        for id in list.orphans.iter().skip(skip).take(taken) {
            let Some(note) = notes.and_then(|n| n.get(id)) else {
                continue;
            };
            let [kind, addressee, vendor, title, level, request] = &note.shown;
            let text = |t: &'_ str| {
                if t.is_empty() {
                    Cell::Blank
                } else {
                    Cell::owned(t.to_string())
                }
            };
            row.clear();
            row.push(Cell::owned(id.clone()));
            row.push(text(kind));
            row.push(text(addressee));
            row.push(text(vendor));
            row.push(Cell::owned(note.criterion.clone()));
            row.push(text(title));
            row.push(text(level));
            row.push(text(request));
            row.push(Cell::Int(0));
            // The integrations it listed when it was last asked.
            row.push(text(&note.integrations.join(", ")));
            row.push(Cell::text(
                "no longer asked: none of its integrations needs it this run (the ids are those it listed when last asked); kept for what you typed on it: delete the row when done",
            ));
            super::analyst_cells(Some(&note.entered), true, &mut row);
            row.extend(r.added(TableId::Requests).cells(&[id.as_str()]));
            emit(&row);
        }
    }
}
