//! The tables of the reconciled output, defined once: each streams its rows
//! to whichever writer asks (workbook sheet, CSV file). The cell and column
//! types, the list of tables ([`TableId`]) and the trait live here; each
//! table has a file of its own.

use super::Report;
use crate::layout::sheet;
use crate::model::AwardDate;
use chrono::NaiveDate;
use std::borrow::Cow;
use std::ops::Range;

/// One output cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell<'a> {
    Text(Cow<'a, str>),
    Int(i64),
    Date(NaiveDate),
    /// An https link, written as a hyperlink where the format allows.
    Url(&'a str),
    /// A value an analyst typed, written back with its type: a number, a
    /// boolean, a date in a column of any kind, a link with its text.
    Number(f64),
    Bool(bool),
    Day(NaiveDate),
    /// A date with its time of day, as an analyst typed it.
    Moment(chrono::NaiveDateTime),
    Link {
        url: Cow<'a, str>,
        text: Cow<'a, str>,
    },
    /// What an analyst typed that badgemap cannot read, kept as typed and
    /// highlighted until it is corrected.
    Unread(Cow<'a, str>),
    Blank,
}

impl<'a> Cell<'a> {
    pub fn text(s: &'a str) -> Self {
        if s.is_empty() {
            Cell::Blank
        } else {
            Cell::Text(Cow::Borrowed(s))
        }
    }

    /// Borrowed or owned text (blank when empty).
    pub fn cow(s: Cow<'a, str>) -> Self {
        if s.is_empty() {
            Cell::Blank
        } else {
            Cell::Text(s)
        }
    }

    pub fn owned(s: String) -> Self {
        if s.is_empty() {
            Cell::Blank
        } else {
            Cell::Text(Cow::Owned(s))
        }
    }

    /// A day-precise date as a date; a month- or year-only one as text
    /// (`2020-12`, `2018`).
    pub fn award_date(d: AwardDate) -> Self {
        if d.is_day() {
            Cell::Date(d.date)
        } else {
            Cell::owned(d.to_string())
        }
    }

    /// The cell as plain text (CSV).
    pub fn plain(&self) -> Cow<'_, str> {
        match self {
            Cell::Text(t) | Cell::Unread(t) => Cow::Borrowed(t.as_ref()),
            Cell::Int(n) => Cow::Owned(n.to_string()),
            Cell::Date(d) | Cell::Day(d) => Cow::Owned(d.format("%Y-%m-%d").to_string()),
            Cell::Moment(t) => Cow::Owned(t.format("%Y-%m-%d %H:%M").to_string()),
            Cell::Url(u) => Cow::Borrowed(u),
            Cell::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => {
                Cow::Owned(format!("{}", *n as i64))
            }
            Cell::Number(n) => Cow::Owned(n.to_string()),
            Cell::Bool(b) => Cow::Borrowed(if *b { "TRUE" } else { "FALSE" }),
            Cell::Link { url, .. } => Cow::Borrowed(url.as_ref()),
            Cell::Blank => Cow::Borrowed(""),
        }
    }
}

/// How a column should look in the workbook.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnKind {
    Text,
    /// Long text: wider, wrapped.
    Prose,
    Number,
    Date,
    Status,
    Evidence,
    /// MUST / SHOULD / MAY.
    Level,
    /// An analyst's verdict: a dropdown of the verdicts.
    Decision,
    /// A date an analyst types: only dates are accepted.
    DateEntry,
    /// The decision a Worklist row takes from its request, shown apart from
    /// the row's own.
    Inherited,
}

/// The analyst's cells of a row as typed (Requests: sent on first), blank
/// where nothing was typed; what badgemap cannot read is kept, flagged.
pub fn analyst_cells<'a>(
    entered: Option<&'a crate::recheck::Entered>,
    with_sent: bool,
    out: &mut Vec<Cell<'a>>,
) {
    use crate::recheck::entered::{DateCell, DecisionCell};
    let date = |d: Option<&'a DateCell>| match d {
        Some(DateCell::Date(d)) => Cell::Date(*d),
        Some(DateCell::Unread(t)) => Cell::Unread(Cow::Borrowed(t)),
        Some(DateCell::Blank) | None => Cell::Blank,
    };
    if with_sent {
        out.push(date(entered.map(|e| &e.sent_on)));
    }
    out.push(date(entered.map(|e| &e.received_on)));
    out.push(match entered.map(|e| &e.decision) {
        Some(DecisionCell::Verdict(v)) => Cell::text(v.as_str()),
        Some(DecisionCell::Unread(t)) => Cell::Unread(Cow::Borrowed(t)),
        Some(DecisionCell::Blank) | None => Cell::Blank,
    });
    out.push(entered.map_or(Cell::Blank, |e| Cell::text(&e.comment)));
}

/// A criterion's cell when the mapping does not apply it to the integration.
pub const NOT_APPLICABLE: &str = "n/a";
/// A criterion's cell when a certified product covers the integration, so
/// no criterion needs evidence of its own.
pub const COVERED: &str = "n/a: covered";
/// The missing-criteria text of a covered integration.
pub const COVERED_BY_CERTIFICATION: &str = "n/a: covered by certification";

/// Every output table, once, in the order the workbook shows them. The
/// workbook, the CSV writer and the overwrite guard all iterate [`TableId::ALL`],
/// so a new table is one variant here, its [`Table`] impl, and the compiler
/// pointing at every `match` that must say something about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableId {
    Changes,
    Integrations,
    Criteria,
    Worklist,
    Requests,
    Members,
    Issues,
    MappingCriteria,
    MappingRules,
    Sources,
}

impl TableId {
    pub const ALL: [TableId; 10] = [
        TableId::Changes,
        TableId::Integrations,
        TableId::Criteria,
        TableId::Worklist,
        TableId::Requests,
        TableId::Members,
        TableId::Issues,
        TableId::MappingCriteria,
        TableId::MappingRules,
        TableId::Sources,
    ];

    /// The sheet's name.
    pub fn name(self) -> &'static str {
        match self {
            TableId::Changes => "Changes",
            TableId::Integrations => sheet::INTEGRATIONS,
            TableId::Criteria => sheet::CRITERIA,
            TableId::Worklist => sheet::WORKLIST,
            TableId::Requests => sheet::REQUESTS,
            TableId::Members => sheet::MEMBERS,
            TableId::Issues => "Issues",
            TableId::MappingCriteria => "Mapping criteria",
            TableId::MappingRules => "Mapping rules",
            TableId::Sources => "Sources",
        }
    }

    /// The CSV file the table is written to.
    pub fn csv_file(self) -> String {
        format!("{}.csv", self.name().to_lowercase().replace(' ', "-"))
    }

    /// Whether a run writes the table: Changes only on a re-check.
    pub fn written(self, recheck: bool) -> bool {
        self != TableId::Changes || recheck
    }

    /// The tables a run writes, in order.
    pub fn written_by(recheck: bool) -> impl Iterator<Item = TableId> {
        TableId::ALL.into_iter().filter(move |t| t.written(recheck))
    }

    /// The table itself, over a report.
    pub fn over<'r, 'a>(self, r: &'r Report<'a>) -> Box<dyn Table + Sync + 'r> {
        match self {
            TableId::Changes => Box::new(Changes(r)),
            TableId::Integrations => Box::new(Integrations(r)),
            TableId::Criteria => Box::new(Criteria(r)),
            TableId::Worklist => Box::new(Worklist(r)),
            TableId::Requests => Box::new(requests::Requests(r)),
            TableId::Members => Box::new(members::Members(r)),
            TableId::Issues => Box::new(Issues(r)),
            TableId::MappingCriteria => Box::new(MappingCriteria(r)),
            TableId::MappingRules => Box::new(MappingRules(r)),
            TableId::Sources => Box::new(Sources(r)),
        }
    }
}

/// A table every output writes.
pub trait Table {
    /// Which table it is.
    fn id(&self) -> TableId;
    /// Sheet name.
    fn name(&self) -> &'static str {
        self.id().name()
    }
    fn columns(&self) -> Vec<(String, ColumnKind)>;
    /// The number of rows [`Table::rows`] emits, known before writing.
    fn row_count(&self) -> usize;
    fn rows(&self, emit: &mut dyn FnMut(&[Cell<'_>]));

    /// Rows `range` of [`Table::rows`] (a sheet's worth of a long table).
    /// Tables long enough to span sheets skip ahead without making the rows
    /// they skip.
    fn rows_in(&self, range: Range<usize>, emit: &mut dyn FnMut(&[Cell<'_>])) {
        let mut index = 0;
        self.rows(&mut |cells| {
            if range.contains(&index) {
                emit(cells);
            }
            index += 1;
        });
    }
}

mod changes;
mod criteria;
mod integrations;
mod issues;
mod mapping;
mod members;
mod requests;
mod sources;
mod worklist;

pub use changes::Changes;
pub use criteria::Criteria;
pub use integrations::{workflow_ids, Integrations};
pub use issues::Issues;
pub use mapping::{MappingCriteria, MappingRules};
pub use members::MemberIndex;
pub use sources::Sources;
pub use worklist::{describe_evidence, Worklist};

fn cols(spec: &[(&str, ColumnKind)]) -> Vec<(String, ColumnKind)> {
    spec.iter().map(|(h, k)| (h.to_string(), *k)).collect()
}

/// Given items with their row counts, in order, the items whose rows meet
/// `range`, each with the rows it covers; stops after the range.
fn overlapping<T>(
    counted: impl Iterator<Item = (T, usize)>,
    range: &Range<usize>,
) -> impl Iterator<Item = (T, Range<usize>)> {
    let (start, end) = (range.start, range.end);
    counted
        .scan(0usize, |first, (item, count)| {
            let rows = *first..*first + count;
            *first += count;
            Some((item, rows))
        })
        .skip_while(move |(_, rows)| rows.end <= start)
        .take_while(move |(_, rows)| rows.start < end)
}

#[cfg(test)]
mod tests {
    use super::{Cell, Sources, Table, Worklist};

    use crate::certified::CertifiedList;
    use crate::ingest::{ingest, Options};
    use crate::reconcile::{reconcile, AnalystDecisions, Context};
    use crate::report::Report;

    fn owned(cells: &[Cell<'_>]) -> Vec<String> {
        cells.iter().map(|c| format!("{c:?}")).collect()
    }

    fn all_rows(table: &dyn Table) -> Vec<Vec<String>> {
        let mut rows = Vec::new();
        table.rows(&mut |cells| rows.push(owned(cells)));
        rows
    }

    /// Sheets of a long table are written from ranges; together they must
    /// give exactly the table's rows, whatever the sheet size.
    fn ranges_match_rows(table: &dyn Table) {
        let all = all_rows(table);
        assert_eq!(all.len(), table.row_count());
        assert!(all.len() > 20, "too few rows to test: {}", all.len());
        for size in [1, 7, all.len() - 1, all.len(), all.len() + 5] {
            let mut joined = Vec::new();
            let mut start = 0;
            while start < all.len() {
                table.rows_in(start..start + size, &mut |cells| joined.push(owned(cells)));
                start += size;
            }
            assert_eq!(joined, all, "sheets of {size} rows");
        }
    }

    #[test]
    fn overlapping_gives_the_items_whose_rows_meet_a_range() {
        let counted = || ["a", "b", "c", "d"].into_iter().zip([2, 0, 3, 1]);
        let meet = |range: std::ops::Range<usize>| -> Vec<(&str, std::ops::Range<usize>)> {
            super::overlapping(counted(), &range).collect()
        };
        assert_eq!(meet(0..2), [("a", 0..2)]);
        assert_eq!(meet(1..3), [("a", 0..2), ("b", 2..2), ("c", 2..5)]);
        assert_eq!(meet(5..9), [("d", 5..6)]);
        assert_eq!(meet(6..9), []);
    }

    #[test]
    fn worklist_and_sources_split_into_sheets_without_losing_or_repeating_rows() {
        let loaded = crate::mapping::load(None).unwrap();
        let ingested = ingest(
            &[std::path::PathBuf::from("samples")],
            &loaded.plan.vocab,
            &Options::default(),
        )
        .unwrap();
        let certified = CertifiedList::default();
        let analyst = AnalystDecisions::new();
        let as_of = chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
        let ctx = Context {
            plan: &loaded.plan,
            certified: &certified,
            as_of,
            analyst: &analyst,
        };
        let decisions = reconcile(&ingested.register, &ctx);
        let report = Report::of_decisions(as_of, &loaded, &ingested, &certified, &decisions);
        ranges_match_rows(&Worklist(&report));
        ranges_match_rows(&Sources(&report));
    }
}
