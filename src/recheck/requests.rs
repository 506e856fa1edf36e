//! The Requests sheet of an earlier workbook: the analyst's columns of each
//! request (carried forward by its id), and its decision applied to every
//! integration it covered, for its criterion, unless that integration's own
//! Worklist row decides otherwise.

use super::previous::Previous;
use crate::ingest::header::find_header;
use crate::ingest::table::Row;
use crate::ingest::value::a1;
use crate::issue::{Issue, Severity};
use crate::layout::{heading, sheet};
use crate::reconcile::{AnalystDecision, Verdict};
use chrono::NaiveDate;
use std::collections::HashMap;

/// The analyst's columns of one request.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RequestNote {
    pub sent_on: Option<NaiveDate>,
    pub received_on: Option<NaiveDate>,
    pub verdict: Option<Verdict>,
    pub comment: String,
}

/// Notes by request id.
pub type RequestNotes = HashMap<String, RequestNote>;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Col {
    Id,
    Criterion,
    Integrations,
    SentOn,
    ReceivedOn,
    Decision,
    Comment,
}

const COLUMNS: &[(Col, &[&str])] = &[
    (Col::Id, &[heading::ID]),
    (Col::Criterion, &[heading::CRITERION]),
    (Col::Integrations, &[heading::INTEGRATION_IDS]),
    (Col::SentOn, &[heading::SENT_ON]),
    (Col::ReceivedOn, &[heading::RECEIVED_ON]),
    (Col::Decision, &[heading::DECISION]),
    (Col::Comment, &[heading::COMMENT]),
];

/// Reads the Requests rows into `previous`.
pub(super) fn read_requests(rows: &[Row], previous: &mut Previous) {
    let needed = [Col::Id, Col::Criterion, Col::Integrations, Col::Decision];
    let Some(header) = find_header(rows, COLUMNS, &needed) else {
        return;
    };
    let col = |c: Col| header.col(c).unwrap_or(u32::MAX);
    for row in rows.iter().skip(header.at + 1) {
        let id = row.get(col(Col::Id)).display();
        let criterion = row.get(col(Col::Criterion)).display();
        if id.is_empty() || criterion.is_empty() {
            continue;
        }
        let decision = row.get(col(Col::Decision)).display();
        let verdict = Verdict::parse(&decision);
        if !decision.is_empty() && verdict.is_none() {
            previous.decisions_not_understood += 1;
            previous.issues.push(
                Issue::new(
                    Severity::Warning,
                    &previous.path,
                    format!("unknown decision {decision:?} for request {id} / {criterion}"),
                )
                .sheet(Some(sheet::REQUESTS))
                .cell(a1(row.index, col(Col::Decision)))
                .value(&decision)
                .action("decision ignored (comment kept); choose accepted, rejected or waived"),
            );
        }
        let note = RequestNote {
            sent_on: date(row, col(Col::SentOn), &id, previous),
            received_on: date(row, col(Col::ReceivedOn), &id, previous),
            verdict,
            comment: row.get(col(Col::Comment)).display(),
        };
        if note == RequestNote::default() {
            continue;
        }
        if note.verdict.is_some() || note.received_on.is_some() {
            let cell = format!("Requests › {}", a1(row.index, col(Col::Decision)));
            let ids = row.get(col(Col::Integrations)).display();
            for iid in ids.split([',', ';', ' ']).filter(|s| !s.is_empty()) {
                apply(previous, iid, &criterion, &id, &note, &cell);
            }
        }
        previous.requests.insert(id, note);
    }
}

/// The request's decision for one of its integrations, unless its own
/// Worklist row holds a decision or a date.
fn apply(
    previous: &mut Previous,
    integration: &str,
    criterion: &str,
    request: &str,
    note: &RequestNote,
    cell: &str,
) {
    let key = (integration.to_string(), criterion.to_string());
    let own = previous.decisions.get(&key);
    if own.is_some_and(|d| d.verdict.is_some() || d.received_on.is_some()) {
        return;
    }
    let comment = match own.map(|d| d.comment.as_str()).filter(|c| !c.is_empty()) {
        Some(c) => c.to_string(),
        None if note.comment.is_empty() => format!("decided on request {request}"),
        None => format!("decided on request {request}: {}", note.comment),
    };
    previous
        .decision_cells
        .insert(key.clone(), cell.to_string());
    previous.decisions.insert(
        key,
        AnalystDecision {
            verdict: note.verdict,
            received_on: note.received_on,
            comment,
            request: Some(request.to_string()),
        },
    );
}

fn date(row: &Row, col: u32, id: &str, previous: &mut Previous) -> Option<NaiveDate> {
    super::previous::analyst_date(
        previous,
        row.get(col),
        &format!("the Requests sheet for request {id}"),
        sheet::REQUESTS,
        a1(row.index, col),
    )
}
