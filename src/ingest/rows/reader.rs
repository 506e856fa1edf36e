//! The cells of one row as a badge reader needs them: texts without control
//! characters, badge names resolved against the vocabulary (corrections and
//! unknown names as issues), dates in their column's order, and the issues of
//! the row, each naming its cell.

use super::SheetContext;
use crate::ingest::date_order::{shape, ColumnOrder, Shape};
use crate::ingest::dates::{parse_date, AwardDate, DateProblem};
use crate::ingest::register::{BadgeFact, Encoding, SourceRef};
use crate::ingest::roles::Role;
use crate::ingest::table::{Column, Row, Table};
use crate::ingest::value::{a1, Value};
use crate::issue::{Issue, Severity};
use crate::vocab::{BadgeId, Resolved};

/// One row being read: what it gave so far, and where its issues go.
pub(super) struct RowReader<'c, 'r> {
    pub(super) ctx: &'c SheetContext<'c>,
    pub(super) row: &'r Row,
    pub(super) issues: &'r mut Vec<Issue>,
    pub(super) facts: Vec<BadgeFact>,
    pub(super) problems: Vec<String>,
    /// A date cell of the row could not be read: no year stands in for it.
    pub(super) date_problem: bool,
}

impl<'c, 'r> RowReader<'c, 'r> {
    pub(super) fn new(ctx: &'c SheetContext<'c>, row: &'r Row, issues: &'r mut Vec<Issue>) -> Self {
        RowReader {
            ctx,
            row,
            issues,
            facts: Vec::new(),
            problems: Vec::new(),
            date_problem: false,
        }
    }
}

impl<'c> RowReader<'c, '_> {
    pub(super) fn issue(
        &mut self,
        severity: Severity,
        col: &Column,
        value: &str,
        message: String,
        action: &str,
    ) {
        let mut issue = Issue::new(severity, self.ctx.file, message)
            .sheet(self.ctx.sheet)
            .cell(a1(self.row.index, col.index))
            .action(action);
        if !value.is_empty() {
            issue = issue.value(value);
        }
        self.issues.push(issue);
    }

    /// The name without NUL and other control characters (an export's
    /// damage, invisible in a spreadsheet), with an issue when there were any.
    pub(super) fn without_controls(&mut self, col: &Column, text: String, what: &str) -> String {
        let is_bad = |c: char| c.is_control() && !c.is_whitespace();
        if !text.chars().any(is_bad) {
            return text;
        }
        let shown: String = text
            .chars()
            .map(|c| {
                if is_bad(c) {
                    char::from_u32(0x2400 + c as u32)
                        .filter(|_| (c as u32) < 0x20)
                        .unwrap_or('�')
                } else {
                    c
                }
            })
            .collect();
        self.issue(
            Severity::Warning,
            col,
            &shown,
            format!("the {what} name holds control characters (shown as ␀ and the like)"),
            "characters removed and the row read; correct the source",
        );
        text.chars().filter(|&c| !is_bad(c)).collect()
    }

    pub(super) fn text_of(&self, role: Role) -> Option<(&'c Column, String)> {
        let table: &'c Table = self.ctx.table;
        let col = table.column(role)?;
        let text = self.row.get(col.index).display();
        (!text.is_empty()).then_some((col, text))
    }

    pub(super) fn source(&self, col: &Column) -> SourceRef {
        SourceRef {
            sheet: self.ctx.sheet_id,
            row: self.row.index,
            col: col.index,
        }
    }

    pub(super) fn fact(
        &self,
        badge: BadgeId,
        col: &Column,
        encoding: Encoding,
        text: &str,
    ) -> BadgeFact {
        BadgeFact {
            badge,
            not_awarded: None,
            date: None,
            encoding,
            text: text.into(),
            source: self.source(col),
        }
    }

    pub(super) fn unclear_cell(&mut self, badge: BadgeId, col: &Column, value: &Value) {
        let text = value.display();
        let label = self.ctx.vocab.badge(badge).label.clone();
        self.issue(
            Severity::Warning,
            col,
            &text,
            format!("unclear {label} cell"),
            "not counted as awarded; write Yes or No, or the award date",
        );
        self.problems.push(format!("unclear {label} cell {text:?}"));
        let mut fact = self.fact(badge, col, Encoding::Wide, &text);
        fact.not_awarded = Some(text.into());
        self.facts.push(fact);
    }

    /// A badge cell saying the badge is not (yet) awarded (`Applied`,
    /// `Withdrawn`): kept as a fact, with a notice so that someone sees it;
    /// no reason for review.
    pub(super) fn status_cell(&mut self, badge: BadgeId, col: &Column, status: &str) {
        let label = self.ctx.vocab.badge(badge).label.clone();
        self.issue(
            Severity::Notice,
            col,
            status,
            format!("{label} cell says {status:?}: not awarded"),
            "kept as a fact, not counted as awarded",
        );
        let mut fact = self.fact(badge, col, Encoding::Wide, status);
        fact.not_awarded = Some(status.into());
        self.facts.push(fact);
    }

    pub(super) fn resolve_badge(&mut self, col: &Column, text: &str) -> Option<BadgeId> {
        let vocab = self.ctx.vocab;
        match vocab.resolve_badge(text) {
            Resolved::Exact(b) => Some(b),
            Resolved::Corrected(b) => {
                let label = vocab.badge(b).label.clone();
                self.corrected(col, text, &label);
                Some(b)
            }
            Resolved::Unknown => {
                self.unknown(col, text, "badge");
                None
            }
        }
    }

    pub(super) fn corrected(&mut self, col: &Column, text: &str, to: &str) {
        self.issue(
            Severity::Warning,
            col,
            text,
            format!("read {text:?} as {to}"),
            "accepted as a misspelling; correct the source if that is wrong",
        );
    }

    pub(super) fn unknown(&mut self, col: &Column, text: &str, what: &str) {
        self.issue(
            Severity::Warning,
            col,
            text,
            format!("unknown {what} {text:?}"),
            "not counted; correct the cell or add the name as an alias in the mapping",
        );
        self.problems
            .push(format!("{what} text {text:?} could not be resolved"));
    }

    pub(super) fn date_in(&mut self, col: &Column) -> Option<AwardDate> {
        let value = self.row.get(col.index);
        if value.is_blank() {
            return None;
        }
        self.parse_value(col, value)
    }

    pub(super) fn parse_date_text(&mut self, col: &Column, text: &str) -> Option<AwardDate> {
        self.parse_value(col, &Value::Text(text.to_string()))
    }

    pub(super) fn parse_value(&mut self, col: &Column, value: &Value) -> Option<AwardDate> {
        let text = value.display();
        let order = self.ctx.dates.order(col.index);
        if matches!(value, Value::Text(_)) && shape(&text) == Some(Shape::Either) {
            match order {
                ColumnOrder::Conflict => {
                    self.date_problem = true;
                    let why = self.ctx.dates.reason(col.index);
                    self.issue(
                        Severity::Warning,
                        col,
                        &text,
                        format!("ambiguous date: {why}"),
                        "badge kept without a date; write the date as YYYY-MM-DD",
                    );
                    return None;
                }
                ColumnOrder::Inferred(_) => self.ctx.dates.used(col.index),
                ColumnOrder::Forced(_) | ColumnOrder::Default => {}
            }
        }
        match parse_date(value, order.day_order()) {
            Ok(parsed) => {
                if let Some(remark) = parsed.remark {
                    self.issue(
                        Severity::Notice,
                        col,
                        &text,
                        format!("date {remark}"),
                        "date used; write dates as YYYY-MM-DD to avoid doubt",
                    );
                }
                Some(parsed.date)
            }
            Err(problem) => {
                // A free-text answer giving the date roughly: its month or year.
                if let Some(parsed) = matches!(value, Value::Text(_))
                    .then(|| super::super::dates::approximate_date(&text, order.day_order()))
                    .flatten()
                {
                    self.issue(
                        Severity::Notice,
                        col,
                        &text,
                        format!("date {}", parsed.remark.unwrap_or_default()),
                        "date used at the precision given; write the exact date if known",
                    );
                    return Some(parsed.date);
                }
                self.date_problem = true;
                let message = match problem {
                    DateProblem::Ambiguous(why) => format!("ambiguous date: {why}"),
                    DateProblem::Unparseable => "not a date".to_string(),
                };
                self.issue(
                    Severity::Warning,
                    col,
                    &text,
                    message,
                    "badge kept without a date; write the date as YYYY-MM-DD",
                );
                None
            }
        }
    }
}
