//! The Changes sheet: what changed since the previous run, and why.

use super::{cols, Cell, ColumnKind, Table, TableId};
use crate::layout::heading;
use crate::report::Report;

pub struct Changes<'r, 'a>(pub &'r Report<'a>);

impl Table for Changes<'_, '_> {
    fn id(&self) -> TableId {
        TableId::Changes
    }

    fn columns(&self) -> Vec<(String, ColumnKind)> {
        use ColumnKind::{Prose, Status, Text};
        cols(&[
            (heading::ID, Text),
            (heading::MEMBER, Text),
            (heading::INTEGRATION, Text),
            ("Previous status", Status),
            ("New status", Status),
            ("Why", Prose),
        ])
    }

    fn row_count(&self) -> usize {
        self.0.changes.as_ref().map_or(0, |c| c.changes.len())
    }

    fn rows(&self, emit: &mut dyn FnMut(&[Cell<'_>])) {
        let Some(changes) = &self.0.changes else {
            return;
        };
        for c in &changes.changes {
            emit(&[
                Cell::text(&c.id),
                Cell::text(&c.member),
                Cell::text(&c.integration),
                c.previous_status
                    .map_or(Cell::Blank, |s| Cell::text(s.as_str())),
                c.new_status.map_or(Cell::Blank, |s| Cell::text(s.as_str())),
                Cell::owned(c.why.join("; ")),
            ]);
        }
    }
}
