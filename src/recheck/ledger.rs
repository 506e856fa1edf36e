//! What a run applied: every analyst decision in force, written to the
//! workbook's hidden sheet beside its metadata, and read back on the next
//! re-check. It tells that run which decisions are new (Changes lists only
//! those) and which decided Worklist rows the analyst deleted (their
//! decisions are kept, and Changes says so), and nothing else.

use crate::ingest::table::Row;
use crate::reconcile::{AnalystDecision, Verdict};
use chrono::NaiveDate;
use std::collections::HashMap;

/// The first cell of a ledger row in the hidden sheet.
pub const LEDGER_KEY: &str = "decision";
/// The owner cell of a decision a Worklist row made.
const ROW_OWNER: &str = "row";

/// One decision in force.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LedgerEntry {
    /// The request it was inherited from; `None` when its row made it.
    pub request: Option<String>,
    pub verdict: Option<Verdict>,
    pub received_on: Option<NaiveDate>,
    pub comment: String,
}

impl LedgerEntry {
    pub fn of(d: &AnalystDecision) -> LedgerEntry {
        LedgerEntry {
            request: d.request.clone(),
            verdict: d.verdict,
            received_on: d.received_on,
            comment: d.comment.clone(),
        }
    }

    pub fn decision(&self) -> AnalystDecision {
        AnalystDecision {
            verdict: self.verdict,
            received_on: self.received_on,
            comment: self.comment.clone(),
            request: self.request.clone(),
        }
    }
}

/// The decisions a run applied, by (integration id, criterion).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Ledger {
    pub entries: HashMap<(String, String), LedgerEntry>,
}

impl Ledger {
    /// The ledger rows of a hidden sheet (other rows are passed over).
    pub fn read(rows: &[Row]) -> Ledger {
        let mut entries = HashMap::new();
        for row in rows {
            let cell = |c: u32| row.get(c).display();
            if cell(0) != LEDGER_KEY {
                continue;
            }
            let (id, criterion, owner) = (cell(1), cell(2), cell(3));
            if id.is_empty() || criterion.is_empty() {
                continue;
            }
            let entry = LedgerEntry {
                request: (owner != ROW_OWNER && !owner.is_empty()).then_some(owner),
                verdict: Verdict::parse(&cell(4)),
                received_on: NaiveDate::parse_from_str(&cell(5), "%Y-%m-%d").ok(),
                comment: cell(6),
            };
            entries.insert((id, criterion), entry);
        }
        Ledger { entries }
    }

    /// The hidden sheet's row for one decision: key, id, criterion, owner,
    /// verdict, date, comment.
    pub fn row(id: &str, criterion: &str, d: &AnalystDecision) -> [String; 7] {
        [
            LEDGER_KEY.to_string(),
            id.to_string(),
            criterion.to_string(),
            d.request.clone().unwrap_or_else(|| ROW_OWNER.to_string()),
            d.verdict
                .map(|v| v.as_str().to_string())
                .unwrap_or_default(),
            d.received_on
                .map(|d| d.format("%Y-%m-%d").to_string())
                .unwrap_or_default(),
            d.comment.clone(),
        ]
    }

    /// Whether `d` is what this ledger already had in force for the key.
    pub fn holds(&self, key: &(String, String), d: &AnalystDecision) -> bool {
        self.entries
            .get(key)
            .is_some_and(|e| *e == LedgerEntry::of(d))
    }
}
