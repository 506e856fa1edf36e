//! What an analyst typed in the analyst columns of one row of an earlier
//! workbook (a Worklist row or a request): the decision, the dates, the
//! comment. A value badgemap cannot read ("approve", "next week") is kept as
//! typed, so the next workbook writes it back, highlighted, with an issue on
//! every run until it is corrected: nothing the analyst typed is dropped.

use super::previous::Previous;
use crate::ingest::dates::{parse_date, DayOrder};
use crate::ingest::value::{a1, Value};
use crate::issue::{Issue, Severity};
use crate::reconcile::{AnalystDecision, Verdict};
use chrono::NaiveDate;

/// One date cell: read, or kept as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum DateCell {
    #[default]
    Blank,
    Date(NaiveDate),
    /// Not a date: the text as typed.
    Unread(String),
}

impl DateCell {
    pub fn date(&self) -> Option<NaiveDate> {
        match self {
            DateCell::Date(d) => Some(*d),
            _ => None,
        }
    }

    pub fn is_blank(&self) -> bool {
        *self == DateCell::Blank
    }
}

/// The decision cell: a verdict, or kept as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum DecisionCell {
    #[default]
    Blank,
    Verdict(Verdict),
    /// Not a verdict: the text as typed.
    Unread(String),
}

impl DecisionCell {
    pub fn verdict(&self) -> Option<Verdict> {
        match self {
            DecisionCell::Verdict(v) => Some(*v),
            _ => None,
        }
    }
}

/// What one row's analyst cells hold.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Entered {
    pub decision: DecisionCell,
    pub received_on: DateCell,
    pub comment: String,
    /// The Requests sheet's "Sent on" (blank on the Worklist).
    pub sent_on: DateCell,
    /// Where the row's Decision cell is (`Worklist › M7`), for messages.
    pub at: String,
}

impl Entered {
    /// Nothing typed.
    pub fn is_empty(&self) -> bool {
        self.decision == DecisionCell::Blank
            && self.received_on.is_blank()
            && self.comment.is_empty()
            && self.sent_on.is_blank()
    }

    /// Lays a second row for the same key over this one, cell by cell: a
    /// blank cell never wins; where both hold different values, `lower`'s
    /// is kept. Returns each cell where both held a value and they
    /// differed: its name, the value kept, the value dropped.
    pub fn merge(&mut self, lower: Entered) -> Vec<(&'static str, String, String)> {
        let mut dropped = Vec::new();
        let say_decision = |d: &DecisionCell| match d {
            DecisionCell::Blank => String::new(),
            DecisionCell::Verdict(v) => v.as_str().to_string(),
            DecisionCell::Unread(t) => t.clone(),
        };
        let say_date = |d: &DateCell| match d {
            DateCell::Blank => String::new(),
            DateCell::Date(d) => d.to_string(),
            DateCell::Unread(t) => t.clone(),
        };
        if lower.decision != DecisionCell::Blank {
            if self.decision != DecisionCell::Blank && self.decision != lower.decision {
                dropped.push((
                    "decision",
                    say_decision(&lower.decision),
                    say_decision(&self.decision),
                ));
            }
            self.decision = lower.decision;
        }
        for (name, mine, theirs) in [
            ("received on", &mut self.received_on, lower.received_on),
            ("sent on", &mut self.sent_on, lower.sent_on),
        ] {
            if theirs.is_blank() {
                continue;
            }
            if !mine.is_blank() && *mine != theirs {
                dropped.push((name, say_date(&theirs), say_date(mine)));
            }
            *mine = theirs;
        }
        if !lower.comment.is_empty() {
            if !self.comment.is_empty() && self.comment != lower.comment {
                dropped.push((
                    "comment",
                    format!("{:?}", lower.comment),
                    format!("{:?}", self.comment),
                ));
            }
            self.comment = lower.comment;
        }
        self.at = lower.at;
        dropped
    }

    /// It decides something: a verdict or the date evidence came in.
    pub fn decides(&self) -> bool {
        self.decision.verdict().is_some() || self.received_on.date().is_some()
    }

    /// The decision it makes, owned by the row (`request` None) or by a
    /// request.
    pub fn decision(&self, request: Option<&str>) -> AnalystDecision {
        AnalystDecision {
            verdict: self.decision.verdict(),
            received_on: self.received_on.date(),
            comment: self.comment.clone(),
            request: request.map(str::to_string),
        }
    }
}

/// Where the cells being read are, for issues.
pub(super) struct Place<'a> {
    pub sheet: &'a str,
    pub row: u32,
    /// What the row is, for messages: `BM-… / baseline-oauth`, `request RQ-…`.
    pub what: &'a str,
}

/// Reads a Decision cell; an unknown word is kept, counted and an issue.
pub(super) fn decision_cell(
    previous: &mut Previous,
    value: &Value,
    place: &Place<'_>,
    col: u32,
) -> DecisionCell {
    let text = value.display();
    if text.trim().is_empty() {
        return DecisionCell::Blank;
    }
    if let Some(v) = Verdict::parse(&text) {
        return DecisionCell::Verdict(v);
    }
    previous.decisions_not_understood += 1;
    previous.issues.push(
        Issue::new(
            Severity::Warning,
            &previous.path,
            format!("unknown decision {text:?} for {}", place.what),
        )
        .sheet(Some(place.sheet))
        .cell(a1(place.row, col))
        .value(&text)
        .action("not applied, and kept in its cell (highlighted) until corrected; choose accepted, rejected or waived"),
    );
    DecisionCell::Unread(text)
}

/// Reads a date an analyst typed; a value that is no date is kept and an
/// issue, and so is a date after the run's as-of date (it is used).
pub(super) fn date_cell(
    previous: &mut Previous,
    value: &Value,
    place: &Place<'_>,
    col: u32,
    column: &str,
) -> DateCell {
    if value.is_blank() {
        return DateCell::Blank;
    }
    let cell = a1(place.row, col);
    match parse_date(value, DayOrder::DayFirst) {
        Ok(p) => {
            let date = p.date.date;
            if date > previous.as_of {
                previous.issues.push(
                    Issue::new(
                        Severity::Warning,
                        &previous.path,
                        format!(
                            "{column:?} for {} is {date}, after the run's as-of date {}",
                            place.what, previous.as_of
                        ),
                    )
                    .sheet(Some(place.sheet))
                    .cell(cell)
                    .value(&value.display())
                    .action("used as written; check the date, or run with a later --as-of"),
                );
            }
            DateCell::Date(date)
        }
        Err(e) => {
            let text = value.display();
            previous.issues.push(
                Issue::new(
                    Severity::Warning,
                    &previous.path,
                    format!("{e} in {column:?} for {}", place.what),
                )
                .sheet(Some(place.sheet))
                .cell(cell)
                .value(&text)
                .action("not used, and kept in its cell (highlighted) until corrected; write it as a date"),
            );
            DateCell::Unread(text)
        }
    }
}
