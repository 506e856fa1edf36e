//! The Issues sheet: every problem with its place and, where it has one, its integration.

use super::{cols, Cell, ColumnKind, Table, TableId};
use crate::layout::heading;
use crate::report::Report;

pub struct Issues<'r, 'a>(pub &'r Report<'a>);

impl Table for Issues<'_, '_> {
    fn id(&self) -> TableId {
        TableId::Issues
    }

    fn columns(&self) -> Vec<(String, ColumnKind)> {
        use ColumnKind::{Prose, Text};
        cols(&[
            ("Severity", Text),
            (heading::ID, Text),
            (heading::MEMBER, Text),
            (heading::INTEGRATION, Text),
            ("File", Text),
            ("Sheet", Text),
            ("Cell", Text),
            ("Value", Text),
            ("Message", Prose),
            ("Action taken", Prose),
        ])
    }

    fn row_count(&self) -> usize {
        self.0.issues.len()
    }

    fn rows(&self, emit: &mut dyn FnMut(&[Cell<'_>])) {
        let r = self.0;
        for (i, owner) in r.issues.iter().zip(r.issue_owners()) {
            let owner = owner.and_then(|d| r.decisions.get(d));
            let it = owner.map(|d| r.integration(d));
            emit(&[
                Cell::owned(i.severity.to_string()),
                owner.map_or(Cell::Blank, |d| Cell::text(&d.id)),
                it.map_or(Cell::Blank, |it| Cell::text(&it.member)),
                it.map_or(Cell::Blank, |it| Cell::text(&it.name)),
                Cell::text(&i.file),
                i.sheet.as_deref().map_or(Cell::Blank, Cell::text),
                i.cell.as_deref().map_or(Cell::Blank, Cell::text),
                i.value.as_deref().map_or(Cell::Blank, Cell::text),
                Cell::text(&i.message),
                Cell::text(&i.action),
            ]);
        }
    }
}
