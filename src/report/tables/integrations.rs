//! The Integrations sheet: one row per integration, its badges, status and MUST gaps.

use super::COVERED_BY_CERTIFICATION;
use super::{cols, Cell, ColumnKind, Table, TableId};
use crate::layout::heading;
use crate::model::Attr;
use crate::reconcile::{Decision, Status};
use crate::report::Report;

pub struct Integrations<'r, 'a>(pub &'r Report<'a>);

impl Table for Integrations<'_, '_> {
    fn id(&self) -> TableId {
        TableId::Integrations
    }

    fn columns(&self) -> Vec<(String, ColumnKind)> {
        use ColumnKind::{Date, Number, Prose, Status, Text};
        let mut c = cols(&[
            (heading::ID, Text),
            (heading::MEMBER, Text),
            (heading::INTEGRATION, Text),
            ("Product", Text),
            ("Product version", Text),
            ("Vendor", Text),
            ("Sector", Text),
            ("Country", Text),
            ("Consortium", Text),
            (heading::WORKFLOWS, Text),
        ]);
        c.extend(
            self.0
                .mapping
                .plan
                .vocab
                .badges
                .iter()
                .map(|b| (b.label.clone(), Date)),
        );
        c.extend(cols(&[
            (heading::STATUS, Status),
            (heading::MUST_MET, Number),
            (heading::MUST_TOTAL, Number),
            ("MUST waived", Number),
            ("Missing MUST criteria", Prose),
            ("Reason", Prose),
        ]));
        c
    }

    fn row_count(&self) -> usize {
        self.0.decisions.len()
    }

    fn rows(&self, emit: &mut dyn FnMut(&[Cell<'_>])) {
        let r = self.0;
        let plan = &r.mapping.plan;
        let mut row: Vec<Cell<'_>> = Vec::new();
        for d in r.decisions {
            let it = r.integration(d);
            row.clear();
            row.push(Cell::text(&d.id));
            row.push(Cell::text(&it.member));
            row.push(Cell::text(&it.name));
            for attr in [
                Attr::Product,
                Attr::ProductVersion,
                Attr::Vendor,
                Attr::Sector,
                Attr::Country,
                Attr::Consortium,
            ] {
                row.push(it.attr(attr).map_or(Cell::Blank, Cell::text));
            }
            row.push(Cell::owned(workflow_ids(r, d)));
            for badge in plan.vocab.badge_ids() {
                row.push(match it.awards.get(&badge) {
                    Some(award) => award.date.map_or(Cell::text("✓"), Cell::award_date),
                    None => Cell::Blank,
                });
            }
            row.push(Cell::text(d.status.as_str()));
            if d.status == Status::Covered {
                // A certified product covers it: its own criteria are not
                // needed, so no count or gap is shown.
                row.extend([
                    Cell::Blank,
                    Cell::Blank,
                    Cell::Blank,
                    Cell::text(COVERED_BY_CERTIFICATION),
                ]);
            } else {
                row.push(Cell::Int(i64::from(d.must.met)));
                row.push(Cell::Int(i64::from(d.must.total)));
                row.push(Cell::Int(i64::from(d.must.waived)));
                let missing: Vec<&str> = d
                    .must_gaps(plan)
                    .map(|g| plan.criteria[usize::from(g.criterion)].id.as_str())
                    .collect();
                row.push(Cell::owned(missing.join(", ")));
            }
            row.push(Cell::text(&d.reason));
            emit(&row);
        }
    }
}

/// Workflow ids of a decision, `;`-separated.
pub fn workflow_ids(r: &Report<'_>, d: &Decision) -> String {
    let ids: Vec<&str> = d
        .workflows
        .iter()
        .map(|&w| r.mapping.plan.workflows[w].id.as_str())
        .collect();
    ids.join("; ")
}
