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
use crate::layout::heading;
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
    /// What badgemap wrote on it: kind, addressee, vendor, title, level and
    /// evidence request, written back should the request not be asked in a
    /// later run (its typed cells are never dropped).
    pub shown: [String; 6],
}

/// Notes by request id.
pub type RequestNotes = HashMap<String, RequestNote>;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Col {
    Id,
    Kind,
    Addressee,
    Vendor,
    Criterion,
    Title,
    Level,
    Request,
    Integrations,
    SentOn,
    ReceivedOn,
    Decision,
    Comment,
}

const COLUMNS: &[(Col, &[&str])] = &[
    (Col::Id, &[heading::ID]),
    (Col::Kind, &["Kind"]),
    (Col::Addressee, &["Addressee"]),
    (Col::Vendor, &["Vendor"]),
    (Col::Criterion, &[heading::CRITERION]),
    (Col::Title, &["Title"]),
    (Col::Level, &["Level"]),
    (Col::Request, &["Evidence request"]),
    (Col::Integrations, &[heading::INTEGRATION_IDS]),
    (Col::SentOn, &[heading::SENT_ON]),
    (Col::ReceivedOn, &[heading::RECEIVED_ON]),
    (Col::Decision, &[heading::DECISION]),
    (Col::Comment, &[heading::COMMENT]),
];

/// Reads the Requests rows into `previous.requests`.
pub(super) fn read_requests(rows: &[Row], parts: &super::previous::Parts, previous: &mut Previous) {
    let needed = [Col::Id, Col::Criterion, Col::Integrations, Col::Decision];
    let Some(header) = find_header(rows, COLUMNS, &needed) else {
        return;
    };
    let col = |c: Col| header.col(c).unwrap_or(u32::MAX);
    for (position, row) in rows.iter().enumerate().skip(header.at + 1) {
        let part = parts.sheet_at(position).to_string();
        let id = row.get(col(Col::Id)).display();
        let criterion = row.get(col(Col::Criterion)).display();
        if id.is_empty() || criterion.is_empty() {
            continue;
        }
        let what = format!("request {id} / {criterion}");
        let place = Place {
            sheet: &part,
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
            at: format!("{part} › {}", a1(row.index, col(Col::Decision))),
        };
        if entered.is_empty() {
            continue;
        }
        let is_action = crate::layout::action::is_action(&criterion);
        if entered.decision.verdict() == Some(crate::reconcile::Verdict::Accepted)
            && entered.received_on.is_blank()
            && !is_action
        {
            previous.accepted_without_date += 1;
            let cell = header.col(Col::ReceivedOn).unwrap_or(col(Col::Decision));
            previous.issues.push(
                crate::issue::Issue::new(
                    crate::issue::Severity::Warning,
                    &previous.path,
                    format!("{what} accepted without the date the evidence was received"),
                )
                .sheet(Some(&part))
                .cell(a1(row.index, cell))
                .action("accepted as of this run for every integration of the request, the date left blank; fill in 'Evidence received on' so the evidence can age"),
            );
        }
        let shown_cell = |c: Col| {
            header
                .col(c)
                .map(|c| row.get(c).display())
                .unwrap_or_default()
        };
        let shown = [
            shown_cell(Col::Kind),
            shown_cell(Col::Addressee),
            shown_cell(Col::Vendor),
            shown_cell(Col::Title),
            shown_cell(Col::Level),
            shown_cell(Col::Request),
        ];
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
                shown,
            },
        );
    }
}
