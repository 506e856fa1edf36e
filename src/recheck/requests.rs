//! The Requests sheet of an earlier workbook: what the analyst typed on each
//! request (carried forward by its id, kept as typed), the criterion it asks
//! about and the integrations it listed. Its decision is applied by
//! `resolve`, to each of those integrations whose own Worklist row does not
//! decide.

use super::entered::{date_cell, decision_cell, DateCell, Place};
use super::previous::Previous;
use super::Entered;
use crate::ingest::header::find_header;
use crate::ingest::table::Row;
use crate::ingest::value::a1;
use crate::layout::{heading, sheet};
use std::collections::HashMap;

/// One request of the earlier workbook, as the analyst left it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RequestNote {
    /// The analyst's columns.
    pub entered: Entered,
    /// The criterion (or open action) it asks about.
    pub criterion: String,
    /// The integrations it listed.
    pub integrations: Vec<String>,
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

/// Reads the Requests rows into `previous.requests`.
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
        let what = format!("request {id} / {criterion}");
        let place = Place {
            sheet: sheet::REQUESTS,
            row: row.index,
            what: &what,
        };
        let sent_on = match header.col(Col::SentOn) {
            Some(c) => date_cell(previous, row.get(c), &place, c, heading::SENT_ON),
            None => DateCell::Blank,
        };
        let entered = Entered {
            decision: decision_cell(
                previous,
                row.get(col(Col::Decision)),
                &place,
                col(Col::Decision),
            ),
            received_on: match header.col(Col::ReceivedOn) {
                Some(c) => date_cell(previous, row.get(c), &place, c, heading::RECEIVED_ON),
                None => DateCell::Blank,
            },
            comment: row.get(col(Col::Comment)).display(),
            sent_on,
            at: format!("Requests › {}", a1(row.index, col(Col::Decision))),
        };
        if entered.is_empty() {
            continue;
        }
        let integrations = row
            .get(col(Col::Integrations))
            .display()
            .split([',', ';', ' '])
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect();
        previous.requests.insert(
            id,
            RequestNote {
                entered,
                criterion,
                integrations,
            },
        );
    }
}
