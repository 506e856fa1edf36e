//! A reading is decided on the rows held at the top of a sheet; a sheet can
//! change shape further down (a second table pasted under the first, a
//! column reused for something else from some year on). The rows past the
//! window are not classified again, which would cost every row: instead the
//! issues the row reader raises anyway are counted per column, and a column
//! where many rows past the window stop fitting its role is reported once,
//! with its first such cell, so the analyst knows where to look.

use super::table::Column;
use crate::issue::{Issue, Severity};
use crate::model::cell::{column_of_a1, row_of_a1};
use std::collections::{BTreeMap, BTreeSet};

/// A column drifts when at least this many rows past the window…
const MIN_ROWS: u64 = 5;
/// …and at least one in this many of them raise a warning in it.
const SHARE: u64 = 5;

/// The rows read past the window of a sheet: how many, from which row.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Past {
    pub rows: u64,
    /// Zero-based first row past the window.
    pub first: Option<u32>,
}

impl Past {
    pub(crate) fn saw(&mut self, row: u32) {
        self.rows += 1;
        self.first.get_or_insert(row);
    }
}

/// One warning per column whose rows past the window raise warnings or
/// errors in at least a fifth of the rows read there (and five or more).
pub(crate) fn drift(
    file: &str,
    sheet: Option<&str>,
    columns: &[Column],
    raised: &[Issue],
    past: Past,
) -> Vec<Issue> {
    let Some(first) = past.first else {
        return Vec::new();
    };
    // Column → (rows with a problem, first cell, its value).
    let mut by_column: BTreeMap<u32, (BTreeSet<u32>, String, Option<String>)> = BTreeMap::new();
    for issue in raised {
        if issue.severity == Severity::Notice || issue.sheet.as_deref() != sheet {
            continue;
        }
        let Some(cell) = issue.cell.as_deref() else {
            continue;
        };
        let (Some(col), Some(row)) = (column_of_a1(cell), row_of_a1(cell)) else {
            continue;
        };
        if row < first {
            continue;
        }
        by_column
            .entry(col)
            .or_insert_with(|| (BTreeSet::new(), cell.to_string(), issue.value.clone()))
            .0
            .insert(row);
    }
    let mut out = Vec::new();
    for (col, (rows, cell, value)) in by_column {
        let rows = rows.len() as u64;
        if rows < MIN_ROWS || rows * SHARE < past.rows {
            continue;
        }
        let Some(column) = columns.iter().find(|c| c.index == col && c.role.is_some()) else {
            continue;
        };
        let mut issue = Issue::new(
            Severity::Warning,
            file,
            format!(
                "column {} ({:?}, read as {}) drifts below the rows its reading was decided on: {rows} of the {} rows from row {} on raise an issue in it, the first in {cell}",
                crate::model::cell::column_letters(col),
                column.header,
                column.role_text,
                past.rows,
                first + 1,
            ),
        )
        .sheet(sheet)
        .cell(cell)
        .action("check the rows from there on: the sheet may change shape; split it, or pin its reading in a hints file (--reading)");
        if let Some(value) = value {
            issue = issue.value(&value);
        }
        out.push(issue);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::roles::Role;

    fn column() -> Column {
        Column {
            index: 2,
            cell: "C1".into(),
            header: "Display".into(),
            role: Some(Role::Integration),
            role_text: "integration".into(),
            key: String::new(),
            pinned: false,
            heading: "Display".into(),
            plan_role: None,
            content: String::new(),
        }
    }

    fn raised(severity: Severity, rows: std::ops::Range<u32>) -> Vec<Issue> {
        rows.map(|r| {
            Issue::new(severity, "f.csv", "unclear")
                .cell(crate::model::cell::a1(r, 2))
                .value("x")
        })
        .collect()
    }

    fn past(rows: u64) -> Past {
        Past {
            rows,
            first: Some(41),
        }
    }

    #[test]
    fn a_fifth_of_the_rows_past_the_window_drifts() {
        let out = drift(
            "f.csv",
            None,
            &[column()],
            &raised(Severity::Warning, 50..60),
            past(50),
        );
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].cell.as_deref(), Some("C51"));
        assert!(out[0].message.starts_with(
            "column C (\"Display\", read as integration) drifts below the rows its reading was decided on: 10 of the 50 rows from row 42 on"
        ));
    }

    #[test]
    fn fewer_rows_a_smaller_share_notices_or_rows_inside_the_window_do_not() {
        let cols = [column()];
        // Four rows: below the minimum.
        assert!(drift(
            "f.csv",
            None,
            &cols,
            &raised(Severity::Warning, 50..54),
            past(10)
        )
        .is_empty());
        // Ten rows of sixty-one: under a fifth.
        assert!(drift(
            "f.csv",
            None,
            &cols,
            &raised(Severity::Warning, 50..60),
            past(51)
        )
        .is_empty());
        // Notices are what a reading says, not that it fails.
        assert!(drift(
            "f.csv",
            None,
            &cols,
            &raised(Severity::Notice, 50..60),
            past(10)
        )
        .is_empty());
        // Issues of the rows the reading was decided on.
        assert!(drift(
            "f.csv",
            None,
            &cols,
            &raised(Severity::Warning, 10..20),
            past(10)
        )
        .is_empty());
        // Nothing read past the window.
        let none = Past::default();
        assert!(drift(
            "f.csv",
            None,
            &cols,
            &raised(Severity::Warning, 50..60),
            none
        )
        .is_empty());
    }

    #[test]
    fn several_issues_of_one_row_count_once() {
        let mut issues = raised(Severity::Warning, 50..55);
        issues.extend(raised(Severity::Error, 50..55));
        assert!(drift("f.csv", None, &[column()], &issues, past(30)).is_empty());
    }
}
