//! What a run applied: every analyst decision in force, written to the
//! workbook's hidden sheet beside its metadata, and read back on the next
//! re-check; and every decision of an analyst's own row that applied to
//! nothing in the run (its integration absent from the inputs, its criterion
//! not applicable), kept aside with the date it was first set aside, so that
//! it applies again when its integration or criterion returns. It tells the
//! next run which decisions are new (Changes lists only those), which decided
//! Worklist rows the analyst deleted (their decisions are kept, and Changes
//! says so), and which decisions were kept aside, and nothing else.

use crate::ingest::table::Row;
use crate::mapping::Plan;
use crate::reconcile::{AnalystDecision, Decision, OpenAction, Verdict};
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
    /// Set aside on this date: it applied to nothing in that run.
    pub aside_since: Option<NaiveDate>,
}

impl LedgerEntry {
    pub fn of(d: &AnalystDecision) -> LedgerEntry {
        LedgerEntry {
            request: d.request.clone(),
            verdict: d.verdict,
            received_on: d.received_on,
            comment: d.comment.clone(),
            aside_since: None,
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
                aside_since: NaiveDate::parse_from_str(&cell(7), "%Y-%m-%d").ok(),
            };
            entries.insert((id, criterion), entry);
        }
        Ledger { entries }
    }

    /// The hidden sheet's row for one decision: key, id, criterion, owner,
    /// verdict, date, comment and, for a decision kept aside, since when.
    pub fn row(
        id: &str,
        criterion: &str,
        d: &AnalystDecision,
        aside_since: Option<NaiveDate>,
    ) -> [String; 8] {
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
            aside_since
                .map(|d| d.format("%Y-%m-%d").to_string())
                .unwrap_or_default(),
        ]
    }

    /// Whether `d` is what this ledger already had in force for the key
    /// (kept aside or applied).
    pub fn holds(&self, key: &(String, String), d: &AnalystDecision) -> bool {
        self.entries.get(key).is_some_and(|e| {
            let applied = LedgerEntry::of(d);
            (e.request.as_ref(), e.verdict, e.received_on, &e.comment)
                == (
                    applied.request.as_ref(),
                    applied.verdict,
                    applied.received_on,
                    &applied.comment,
                )
        })
    }
}

/// A decision kept aside in a run: its key, the decision, and since when.
pub type Aside = ((String, String), AnalystDecision, NaiveDate);

/// The decisions of the analyst's own rows that apply to nothing in this run
/// (their integration is not in the inputs, their criterion does not apply
/// to it or is not in the mapping), each with the date it was first set
/// aside: written to the ledger, so they apply again when what they are on
/// returns. In key order.
pub fn kept_aside(previous: &super::Previous, decisions: &[Decision], plan: &Plan) -> Vec<Aside> {
    let by_id: HashMap<&str, &Decision> = decisions.iter().map(|d| (d.id.as_str(), d)).collect();
    let mut out: Vec<Aside> = previous
        .decisions
        .iter()
        .filter(|(_, a)| a.request.is_none())
        .filter(|((id, criterion), _)| {
            let Some(d) = by_id.get(id.as_str()) else {
                return true;
            };
            match OpenAction::of_id(criterion) {
                Some(action) => d.on_action(action).is_none(),
                None => plan
                    .criterion(criterion)
                    .and_then(|i| u16::try_from(i).ok())
                    .is_none_or(|i| d.analyst(i).is_none()),
            }
        })
        .map(|(key, a)| {
            let since = previous
                .ledger
                .entries
                .get(key)
                .and_then(|e| e.aside_since)
                .unwrap_or(previous.as_of);
            (key.clone(), a.clone(), since)
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}
