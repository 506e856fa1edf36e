//! One sheet from first row to last: find the table, read every row below it,
//! and account for each row in exactly one bucket. Rows stream through; only
//! the rows searched for the header are held at once.

use super::block::Blocks;
use super::dates::DayOrder;
use super::hints::SheetHints;
use super::lines::NotRecord;
use super::register::Register;
use super::roles::{recognise, Role};
use super::rows::RowKind;
use super::table::{
    closest_header, detect, Column, NoTable, ReadError, Row, RowResult, Table, HEADER_SEARCH_ROWS,
};
use crate::issue::{Issue, Severity};
use crate::vocab::Vocabulary;
use serde::Serialize;
use std::ops::AddAssign;

/// Where the rows of a sheet went. `rows_read` counts the rows below the
/// header, from the first to the last non-empty one, and always equals the sum
/// of the five buckets.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Accounting {
    pub rows_read: u64,
    pub with_awards: u64,
    pub without_award: u64,
    pub blank: u64,
    pub rejected: u64,
    /// Lines that are no records: headers, banners, group, total and footer
    /// lines (`lines.rs`).
    pub not_records: u64,
    /// `not_records` by kind, in the order of `NotRecord::ALL`.
    #[serde(skip)]
    pub by_kind: [u64; NotRecord::ALL.len()],
}

impl Accounting {
    pub fn balances(&self) -> bool {
        self.rows_read
            == self.with_awards + self.without_award + self.blank + self.rejected + self.not_records
            && self.by_kind.iter().sum::<u64>() == self.not_records
    }

    /// The kinds of lines that were no records, with their counts.
    pub fn not_record_kinds(&self) -> impl Iterator<Item = (NotRecord, u64)> + '_ {
        NotRecord::ALL
            .into_iter()
            .map(|k| (k, self.by_kind.get(k.index()).copied().unwrap_or(0)))
            .filter(|(_, n)| *n > 0)
    }

    pub(crate) fn count(&mut self, kind: RowKind) {
        match kind {
            RowKind::Awarded => self.with_awards += 1,
            RowKind::NoAward => self.without_award += 1,
            RowKind::Blank => self.blank += 1,
            RowKind::Rejected => self.rejected += 1,
        }
    }
}

impl AddAssign for Accounting {
    fn add_assign(&mut self, other: Self) {
        self.rows_read += other.rows_read;
        self.with_awards += other.with_awards;
        self.without_award += other.without_award;
        self.blank += other.blank;
        self.rejected += other.rejected;
        self.not_records += other.not_records;
        for (mine, theirs) in self.by_kind.iter_mut().zip(other.by_kind) {
            *mine += theirs;
        }
    }
}

/// What became of one sheet.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum SheetOutcome {
    Table {
        /// One-based header row numbers (two for a split header).
        header_rows: Vec<u32>,
        layout: Vec<&'static str>,
        columns: Vec<Column>,
        accounting: Accounting,
        /// Tables read one under the other (a header repeated starts one).
        blocks: u32,
        /// False when reading stopped early on an error.
        complete: bool,
    },
    Skipped {
        reason: String,
        /// Non-empty rows in the sheet, none of them used.
        rows: u64,
        /// The row that came closest to a header, and what it lacked.
        #[serde(skip_serializing_if = "Option::is_none")]
        closest: Option<String>,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SheetReport {
    /// `None` for delimited text files.
    pub name: Option<String>,
    #[serde(flatten)]
    pub outcome: SheetOutcome,
}

/// What a sheet reader needs besides the rows.
pub struct SheetInput<'a> {
    pub vocab: &'a Vocabulary,
    pub hints: &'a SheetHints,
    /// `--month-first` / `--day-first`; `None` infers each column's order.
    pub forced: Option<DayOrder>,
    pub window: super::DateWindow,
    pub file: &'a str,
    pub sheet: Option<&'a str>,
}

/// Reads a sheet given as rows in ascending order (empty rows may be absent).
pub fn ingest_sheet(
    input: &SheetInput<'_>,
    rows: &mut dyn Iterator<Item = RowResult>,
    register: &mut Register,
    issues: &mut Vec<Issue>,
) -> SheetReport {
    let mut head = Vec::new();
    let mut carry = None;
    let mut failure = None;
    for next in &mut *rows {
        match next {
            Ok(row) if row.index < HEADER_SEARCH_ROWS => head.push(row),
            Ok(row) => {
                carry = Some(row);
                break;
            }
            Err(e) => {
                failure = Some(e);
                break;
            }
        }
    }
    let name = input.sheet.map(str::to_string);
    let by_table = by_excel_table(input, &head, issues);
    let from_table = by_table.is_some();
    let table = match by_table.map_or_else(
        || detect(&head, input.vocab, input.file, input.sheet, issues),
        Ok,
    ) {
        Ok(table) => table,
        Err(no_table) => {
            let mut passed = head.iter().filter(|r| !r.is_blank()).count() as u64;
            let late = match failure {
                None => late_header(input, carry.take(), rows, &mut passed, &mut failure),
                Some(_) => None,
            };
            let Some((table, window, found)) = late else {
                let closest = closest_header(&head, input.vocab);
                return skipped(input, name, &no_table, passed, failure, closest, issues);
            };
            issues.extend(found);
            if passed > 0 {
                issues.push(late_header_issue(input, &table, passed));
            }
            head = window;
            table
        }
    };
    issues.extend(level_without_flag(input, &table));
    let sheet_id = register.add_source(input.file, input.sheet);
    let first = table.first_data_row();
    let (above, below): (Vec<Row>, Vec<Row>) = head.into_iter().partition(|r| r.index < first);
    let mut blocks = Blocks::new(input, table, sheet_id, &above, &below, from_table);
    for row in below.iter().chain(carry.as_ref()) {
        blocks.take(row, register, issues);
    }
    if failure.is_none() {
        for row in rows {
            match row {
                Ok(row) => blocks.take(&row, register, issues),
                Err(e) => {
                    failure = Some(e);
                    break;
                }
            }
        }
    }
    blocks.finish(issues);
    let complete = failure.is_none();
    if let Some(e) = failure {
        issues.push(read_failure(input, &e));
    }
    let Blocks {
        table,
        accounting,
        count: blocks,
        ..
    } = blocks;
    SheetReport {
        name,
        outcome: SheetOutcome::Table {
            header_rows: table.header_rows.iter().map(|r| r + 1).collect(),
            layout: table.layout(),
            columns: table.columns,
            accounting,
            blocks,
            complete,
        },
    }
}

/// The table whose header row an Excel table declares, when that row names one.
fn by_excel_table(input: &SheetInput<'_>, head: &[Row], issues: &mut Vec<Issue>) -> Option<Table> {
    let at = input.hints.header_row()?;
    // The header with the rows under it, so that ids are told by their values.
    let from: Vec<Row> = head.iter().filter(|r| r.index >= at).cloned().collect();
    let mut found = Vec::new();
    let table = detect(&from, input.vocab, input.file, input.sheet, &mut found).ok()?;
    if table.header_rows.first() != Some(&at) {
        return None;
    }
    issues.extend(found);
    Some(table)
}

/// The warning for a header found below the first rows, counting the
/// non-empty rows above it that were not read.
fn late_header_issue(input: &SheetInput<'_>, table: &Table, above: u64) -> Issue {
    Issue::new(
        Severity::Warning,
        input.file,
        format!(
            "the header is in row {}, below the first {HEADER_SEARCH_ROWS} rows; {above} non-empty rows above it were not read as records",
            table.header_rows.first().map_or(0, |r| r + 1)
        ),
    )
    .sheet(input.sheet)
    .action("rows from the header on were read; check the rows above it hold no records")
}

/// The notice for a level column without an awarded flag.
fn level_without_flag(input: &SheetInput<'_>, table: &Table) -> Option<Issue> {
    if !table.has(Role::Level) || table.has(Role::AwardedFlag) {
        return None;
    }
    let cell = table
        .column(Role::Level)
        .map(|c| c.cell.clone())
        .unwrap_or_default();
    Some(
        Issue::new(
            Severity::Notice,
            input.file,
            "level column without an awarded flag column: every level is taken as awarded",
        )
        .sheet(input.sheet)
        .cell(cell)
        .action("levels counted; add an 'Awarded' column if some levels were never awarded"),
    )
}

/// A sheet with no table: a warning when it held rows (nothing with rows is
/// skipped quietly), nothing when it was empty.
fn skipped(
    input: &SheetInput<'_>,
    name: Option<String>,
    no_table: &NoTable,
    rows: u64,
    failure: Option<ReadError>,
    closest: Option<String>,
    issues: &mut Vec<Issue>,
) -> SheetReport {
    if let Some(e) = failure {
        issues.push(read_failure(input, &e));
    }
    let reason = no_table.reason();
    if rows > 0 {
        issues.push(
            Issue::new(
                Severity::Warning,
                input.file,
                format!(
                    "sheet skipped: {reason}; {rows} non-empty {} not read{}",
                    if rows == 1 { "row" } else { "rows" },
                    closest
                        .as_ref()
                        .map(|c| format!("; the closest to a header is {c}"))
                        .unwrap_or_default()
                ),
            )
            .sheet(input.sheet)
            .action("nothing read from this sheet; add a header row if it holds badge records"),
        );
    }
    SheetReport {
        name,
        outcome: SheetOutcome::Skipped {
            reason,
            rows,
            closest,
        },
    }
}

/// Looks for a header below the first rows, holding three rows at a time
/// (the row before, a row naming a member column, the row after: enough for
/// a header split over two rows), so that memory stays bounded whatever the
/// sheet's length. Counts the non-empty rows passed over in `passed`.
/// Returns the table, the rows from its header on, and the issues its
/// detection raised.
fn late_header(
    input: &SheetInput<'_>,
    first: Option<Row>,
    rows: &mut dyn Iterator<Item = RowResult>,
    passed: &mut u64,
    failure: &mut Option<ReadError>,
) -> Option<(Table, Vec<Row>, Vec<Issue>)> {
    let names_member = |row: &Row| {
        row.cells
            .iter()
            .any(|c| recognise(&c.display(), input.vocab) == Some(Role::Member))
    };
    let mut next = |pending: &mut Option<Row>| -> Option<Row> {
        if let Some(row) = pending.take() {
            return Some(row);
        }
        match rows.next()? {
            Ok(row) => Some(row),
            Err(e) => {
                *failure = Some(e);
                None
            }
        }
    };
    let mut pending = first;
    let mut previous: Option<Row> = None;
    while let Some(row) = next(&mut pending) {
        if names_member(&row) {
            let after = next(&mut pending);
            // The row and the one after it first; with the row before only if
            // that fails (a group row above a split header).
            let own: Vec<Row> = std::iter::once(row.clone())
                .chain(after.iter().cloned())
                .collect();
            let mut found = Vec::new();
            let mut window = own.clone();
            let mut table = detect(&own, input.vocab, input.file, input.sheet, &mut found);
            if table.is_err() {
                if let Some(p) = &previous {
                    window = std::iter::once(p.clone()).chain(own).collect();
                    found.clear();
                    table = detect(&window, input.vocab, input.file, input.sheet, &mut found);
                }
            }
            if let Ok(table) = table {
                let start = table.header_rows.first().copied().unwrap_or(row.index);
                // `previous` was counted as passed over: not if the header
                // starts there. `row` was not counted yet.
                if previous
                    .as_ref()
                    .is_some_and(|p| p.index >= start && !p.is_blank())
                {
                    *passed = passed.saturating_sub(1);
                }
                if row.index < start && !row.is_blank() {
                    *passed += 1;
                }
                let from_header = window.into_iter().filter(|r| r.index >= start).collect();
                return Some((table, from_header, found));
            }
            pending = after;
        }
        *passed += u64::from(!row.is_blank());
        previous = Some(row);
    }
    None
}

fn read_failure(input: &SheetInput<'_>, error: &ReadError) -> Issue {
    Issue::new(
        Severity::Error,
        input.file,
        format!("reading stopped part-way through the sheet: {error}"),
    )
    .sheet(input.sheet)
    .action(
        "rows before the fault were kept; re-save the file from Excel or LibreOffice and run again",
    )
}
