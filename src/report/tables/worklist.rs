//! The Worklist: one row per criterion to evidence, with the analyst's columns.

use super::overlapping;
use super::{Cell, ColumnKind, Table, TableId};
use crate::mapping::plan::Strength;
use crate::model::Attr;
use crate::reconcile::{AnalystDecision, CriterionResult, Decision, Evidence, Verdict};
use crate::report::Report;
use std::ops::Range;

pub struct Worklist<'r, 'a>(pub &'r Report<'a>);

/// What the worklist says about a criterion's current evidence.
pub fn describe_evidence(r: &Report<'_>, d: &Decision, result: &CriterionResult) -> String {
    if result.evidence == Evidence::Waived {
        return "waived by an analyst".to_string();
    }
    let Some(s) = &result.support else {
        return match d.analyst(result.criterion).and_then(|a| a.verdict) {
            Some(Verdict::Rejected) => "none: the evidence offered was rejected".to_string(),
            _ => "none".to_string(),
        };
    };
    let plan = &r.mapping.plan;
    let mut text = match s.rule {
        None => format!(
            "{}: evidence accepted by an analyst, received {}",
            result.evidence.as_str(),
            s.date
                .map_or_else(|| "(no date)".to_string(), |d| d.to_string())
        ),
        Some(rule) => {
            let rule = &plan.rules[usize::from(rule)];
            let badges: Vec<&str> = rule
                .badges
                .iter()
                .map(|b| plan.vocab.badge(*b).label.as_str())
                .collect();
            let what = if badges.is_empty() {
                "recorded facts".to_string()
            } else {
                badges.join(" + ")
            };
            let when = match s.date {
                Some(d) => format!(" awarded {d}"),
                None if badges.is_empty() => String::new(),
                None => " (undated)".to_string(),
            };
            format!(
                "{}: {what}{when}, rule {}",
                result.evidence.as_str(),
                rule.id
            )
        }
    };
    if let Some(source) = s.source {
        text.push_str(&format!(", from {}", r.locate(source)));
    }
    if s.granted == Strength::Full && result.evidence != Evidence::Full {
        if let Some(down) = &s.downgrade {
            text.push_str("; ");
            text.push_str(&down.describe());
        }
    }
    text
}

/// The decision a row takes from its request, in words: `RQ-…: accepted,
/// received 2026-11-20 (comment)`; blank when the row's own decides, or none.
fn inherited(decision: Option<&AnalystDecision>) -> Cell<'static> {
    let Some(a) = decision else {
        return Cell::Blank;
    };
    let Some(request) = &a.request else {
        return Cell::Blank;
    };
    let mut text = format!(
        "{request}: {}",
        a.verdict.map_or("no decision", |v| v.as_str())
    );
    if let Some(d) = a.received_on {
        text.push_str(&format!(", received {d}"));
    }
    if !a.comment.is_empty() {
        text.push_str(&format!(" ({})", a.comment));
    }
    Cell::owned(text)
}

impl Table for Worklist<'_, '_> {
    fn id(&self) -> TableId {
        TableId::Worklist
    }

    fn columns(&self) -> Vec<(String, ColumnKind)> {
        use ColumnKind::{DateEntry, Decision, Inherited, Level, Number, Prose, Text};
        let kinds = [
            Text, Text, Text, Text, Text, Number, Text, Prose, Level, Prose, Prose, DateEntry,
            Decision, Prose, Inherited,
        ];
        let mut c: Vec<(String, ColumnKind)> = crate::layout::columns::WORKLIST
            .iter()
            .zip(kinds)
            .map(|(h, k)| ((*h).to_string(), k))
            .collect();
        c.extend(self.0.added(TableId::Worklist).columns());
        c
    }

    fn row_count(&self) -> usize {
        self.0.worklist_len()
    }

    fn rows(&self, emit: &mut dyn FnMut(&[Cell<'_>])) {
        self.rows_in(0..usize::MAX, emit);
    }

    fn rows_in(&self, range: Range<usize>, emit: &mut dyn FnMut(&[Cell<'_>])) {
        let r = self.0;
        let plan = &r.mapping.plan;
        let mut row: Vec<Cell<'_>> = Vec::new();
        let counted = r.worklist_order().iter().copied();
        for (index, rows) in overlapping(counted, &range) {
            let Some(d) = r.decisions.get(index) else {
                continue;
            };
            let it = r.integration(d);
            let gaps = i64::from(d.must.gaps());
            let vendor = crate::report::requests::vendor_of(r, index);
            let mut rows = rows;
            // Open actions first: what to settle, whether it exists, which
            // workflow it has.
            for (action, n) in d.actions.iter().zip(rows.by_ref()) {
                let (decision, action) = (action.decision.as_ref(), action.action);
                if range.contains(&n) {
                    row.clear();
                    row.push(Cell::text(&d.id));
                    row.push(Cell::text(&it.member));
                    row.push(Cell::text(&it.name));
                    row.push(it.attr(Attr::Product).map_or(Cell::Blank, Cell::text));
                    row.push(vendor.map_or(Cell::Blank, Cell::text));
                    row.push(Cell::Int(gaps));
                    row.push(Cell::text(action.id()));
                    row.push(Cell::text(action.title()));
                    row.push(Cell::text("MUST"));
                    row.push(Cell::text(&d.reason));
                    row.push(Cell::owned(action.request(d, it, plan)));
                    super::analyst_cells(r.entered_row(&d.id, action.id()), false, &mut row);
                    row.push(inherited(decision));
                    row.extend(r.added(TableId::Worklist).cells(&[&d.id, action.id()]));
                    emit(&row);
                }
            }
            let results = r.worklist_rows(d);
            for (result, n) in results.into_iter().zip(rows) {
                if !range.contains(&n) {
                    continue;
                }
                let criterion = &plan.criteria[usize::from(result.criterion)];
                row.clear();
                row.push(Cell::text(&d.id));
                row.push(Cell::text(&it.member));
                row.push(Cell::text(&it.name));
                row.push(it.attr(Attr::Product).map_or(Cell::Blank, Cell::text));
                row.push(vendor.map_or(Cell::Blank, Cell::text));
                row.push(Cell::Int(gaps));
                row.push(Cell::text(&criterion.id));
                row.push(Cell::text(&criterion.title));
                row.push(Cell::owned(criterion.level.to_string()));
                row.push(Cell::owned(describe_evidence(r, d, result)));
                row.push(Cell::text(&criterion.evidence_request));
                super::analyst_cells(r.entered_row(&d.id, &criterion.id), false, &mut row);
                row.push(inherited(d.analyst(result.criterion)));
                let key = [d.id.as_str(), criterion.id.as_str()];
                row.extend(r.added(TableId::Worklist).cells(&key));
                emit(&row);
            }
        }
    }
}
