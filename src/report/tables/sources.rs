//! The Sources sheet: every badge fact with the cell it was read from.

use super::overlapping;
use super::{cols, Cell, ColumnKind, Table, TableId};
use crate::layout::heading;
use crate::model::BadgeFact;
use crate::report::Report;
use std::ops::Range;

pub struct Sources<'r, 'a>(pub &'r Report<'a>);

impl Table for Sources<'_, '_> {
    fn id(&self) -> TableId {
        TableId::Sources
    }

    fn columns(&self) -> Vec<(String, ColumnKind)> {
        use ColumnKind::{Date, Text};
        let mut columns = cols(&[
            (heading::ID, Text),
            (heading::MEMBER, Text),
            (heading::INTEGRATION, Text),
            ("Badge", Text),
            ("Awarded", Text),
            ("Date", Date),
            ("Encoding", Text),
            ("Cell text", Text),
            (heading::FILE, Text),
            (heading::SHEET, Text),
            (heading::CELL, Text),
            ("Merged from", Text),
        ]);
        // Where a member was read outside its row (a sheet's name, a parent
        // line): only when some was.
        if self.0.any_member_from() {
            columns.extend(cols(&[("Member from", Text)]));
        }
        columns
    }

    fn row_count(&self) -> usize {
        self.0
            .decisions
            .iter()
            .map(|d| fact_count(self.0.integration(d)))
            .sum()
    }

    fn rows(&self, emit: &mut dyn FnMut(&[Cell<'_>])) {
        self.rows_in(0..usize::MAX, emit);
    }

    fn rows_in(&self, range: Range<usize>, emit: &mut dyn FnMut(&[Cell<'_>])) {
        let r = self.0;
        let vocab = &r.mapping.plan.vocab;
        let with_member_from = r.any_member_from();
        let counted = r
            .decisions
            .iter()
            .map(|d| (d, fact_count(r.integration(d))));
        for (d, rows) in overlapping(counted, &range) {
            let it = r.integration(d);
            let facts = it
                .awards
                .values()
                .flat_map(|a| a.facts.iter())
                .chain(&it.other_facts)
                .zip(rows)
                .filter(|(_, n)| range.contains(n))
                .map(|(f, _)| f);
            let merged = r
                .ingested
                .register
                .merged_names
                .get(&(it.member_key.clone(), it.name_key.clone()))
                .map(|names| names.join("; "))
                .unwrap_or_default();
            let member_from = if with_member_from {
                r.member_from(it).unwrap_or_default()
            } else {
                String::new()
            };
            for f in facts {
                let at = r.locate(f.source);
                let row = [
                    Cell::text(&d.id),
                    Cell::text(&it.member),
                    Cell::text(&it.name),
                    Cell::text(&vocab.badge(f.badge).label),
                    awarded_text(f),
                    f.date.map_or(Cell::Blank, Cell::award_date),
                    Cell::text(f.encoding.describe()),
                    Cell::text(&f.text),
                    Cell::owned(at.file),
                    Cell::owned(at.sheet.unwrap_or_default()),
                    Cell::owned(at.cell.unwrap_or_default()),
                    Cell::text(&merged),
                    Cell::text(&member_from),
                ];
                let width = if with_member_from {
                    row.len()
                } else {
                    row.len() - 1
                };
                emit(row.get(..width).unwrap_or(&row));
            }
        }
    }
}

fn awarded_text(f: &BadgeFact) -> Cell<'_> {
    match &f.not_awarded {
        None => Cell::text("yes"),
        Some(status) => Cell::owned(format!("no: {status}")),
    }
}

/// Badge facts of an integration: its rows on the Sources sheet.
fn fact_count(it: &crate::model::Integration) -> usize {
    it.awards.values().map(|a| a.facts.len()).sum::<usize>() + it.other_facts.len()
}
