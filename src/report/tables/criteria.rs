//! The Criteria sheet: the evidence of every criterion, one column each.

use super::{cols, Cell, ColumnKind, Table, TableId};
use super::{COVERED, NOT_APPLICABLE};
use crate::layout::heading;
use crate::reconcile::Status;
use crate::report::Report;

pub struct Criteria<'r, 'a>(pub &'r Report<'a>);

impl Table for Criteria<'_, '_> {
    fn id(&self) -> TableId {
        TableId::Criteria
    }

    fn columns(&self) -> Vec<(String, ColumnKind)> {
        use ColumnKind::{Evidence, Status, Text};
        let mut c = cols(&[
            (heading::ID, Text),
            (heading::MEMBER, Text),
            (heading::INTEGRATION, Text),
            (heading::STATUS, Status),
        ]);
        c.extend(
            self.0
                .mapping
                .plan
                .criteria
                .iter()
                .map(|k| (k.id.clone(), Evidence)),
        );
        c
    }

    fn row_count(&self) -> usize {
        self.0.decisions.len()
    }

    fn rows(&self, emit: &mut dyn FnMut(&[Cell<'_>])) {
        let r = self.0;
        let mut row: Vec<Cell<'_>> = Vec::new();
        for d in r.decisions {
            let it = r.integration(d);
            row.clear();
            row.push(Cell::text(&d.id));
            row.push(Cell::text(&it.member));
            row.push(Cell::text(&it.name));
            row.push(Cell::text(d.status.as_str()));
            let covered = d.status == Status::Covered;
            for i in 0..r.mapping.plan.criteria.len() {
                row.push(Cell::text(match d.result(i) {
                    None => NOT_APPLICABLE,
                    Some(_) if covered => COVERED,
                    Some(res) => res.evidence.as_str(),
                }));
            }
            emit(&row);
        }
    }
}
