//! The Mapping criteria and Mapping rules sheets: the policy the run applied.

use super::{cols, Cell, ColumnKind, Table, TableId};
use crate::layout::heading;
use crate::mapping::plan::Strength;
use crate::report::Report;

pub struct MappingCriteria<'r, 'a>(pub &'r Report<'a>);
pub struct MappingRules<'r, 'a>(pub &'r Report<'a>);

impl Table for MappingCriteria<'_, '_> {
    fn id(&self) -> TableId {
        TableId::MappingCriteria
    }

    fn columns(&self) -> Vec<(String, ColumnKind)> {
        use ColumnKind::{Level, Prose, Text};
        cols(&[
            (heading::CRITERION, Text),
            ("Title", Prose),
            ("Level", Level),
            (heading::WORKFLOWS, Text),
            ("Addressee", Text),
            ("Evidence request", Prose),
            ("Source", Text),
        ])
    }

    fn row_count(&self) -> usize {
        self.0.mapping.plan.criteria.len()
    }

    fn rows(&self, emit: &mut dyn FnMut(&[Cell<'_>])) {
        let plan = &self.0.mapping.plan;
        for c in &plan.criteria {
            let workflows = match &c.workflows {
                None => "every workflow".to_string(),
                Some(list) => list
                    .iter()
                    .map(|&w| plan.workflows[w].id.as_str())
                    .collect::<Vec<_>>()
                    .join("; "),
            };
            emit(&[
                Cell::text(&c.id),
                Cell::text(&c.title),
                Cell::owned(c.level.to_string()),
                Cell::owned(workflows),
                Cell::text(c.addressee.as_str()),
                Cell::text(&c.evidence_request),
                Cell::Url(&c.source),
            ]);
        }
    }
}

impl Table for MappingRules<'_, '_> {
    fn id(&self) -> TableId {
        TableId::MappingRules
    }

    fn columns(&self) -> Vec<(String, ColumnKind)> {
        use ColumnKind::{Prose, Text};
        cols(&[
            ("Rule", Text),
            ("Badges", Text),
            ("Conditions", Prose),
            ("Full", Prose),
            ("Partial", Prose),
            ("Note", Prose),
        ])
    }

    fn row_count(&self) -> usize {
        self.0.mapping.plan.rules.len()
    }

    fn rows(&self, emit: &mut dyn FnMut(&[Cell<'_>])) {
        let plan = &self.0.mapping.plan;
        for rule in &plan.rules {
            let badges: Vec<&str> = rule
                .badges
                .iter()
                .map(|b| plan.vocab.badge(*b).id.as_str())
                .collect();
            let grants = |s: Strength| {
                rule.grants
                    .iter()
                    .filter(|(_, g)| *g == s)
                    .map(|(c, _)| plan.criteria[*c].id.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            emit(&[
                Cell::text(&rule.id),
                Cell::owned(badges.join(" + ")),
                Cell::owned(rule.conditions.describe(plan)),
                Cell::owned(grants(Strength::Full)),
                Cell::owned(grants(Strength::Partial)),
                Cell::text(&rule.note),
            ]);
        }
    }
}
