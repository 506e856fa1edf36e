//! Which order a column writes its numeric dates in. `3/14/2019` can only be
//! month first and `14/3/2019` only day first; `11/5/2018` could be either.
//! A column's unambiguous dates decide how its ambiguous ones are read (for
//! delimited text, over the whole file, read once beforehand; for a workbook,
//! over the rows read so far, starting with those under the header). A column
//! with evidence both ways leaves its ambiguous dates unread, each an issue.
//! `--month-first` or `--day-first` overrides the inference.

use super::dates::DayOrder;
use super::table::Row;
use super::value::{a1, Value};
use std::cell::Cell;

/// How a column's ambiguous numeric dates are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnOrder {
    /// Told on the command line.
    Forced(DayOrder),
    /// From the column's unambiguous dates.
    Inferred(DayOrder),
    /// No evidence: the default, day first.
    Default,
    /// Evidence both ways: ambiguous dates are not read.
    Conflict,
}

impl ColumnOrder {
    /// The order to read with (a conflict reads only unambiguous dates).
    pub fn day_order(self) -> DayOrder {
        match self {
            ColumnOrder::Forced(o) | ColumnOrder::Inferred(o) => o,
            ColumnOrder::Default | ColumnOrder::Conflict => DayOrder::DayFirst,
        }
    }
}

/// What a numeric date says about its order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// `14/3/2019`.
    DayFirst,
    /// `3/14/2019`.
    MonthFirst,
    /// `11/5/2018`.
    Either,
}

/// The shape of `a/b/yyyy` (or with `.` or `-`), if the text is one.
pub fn shape(text: &str) -> Option<Shape> {
    let text = text.trim();
    if !(6..=10).contains(&text.len()) {
        return None;
    }
    let mut parts = text.split(['/', '.', '-']);
    let a: u32 = short_number(parts.next()?)?;
    let b: u32 = short_number(parts.next()?)?;
    let year = parts.next()?;
    if parts.next().is_some() || year.len() != 4 || !year.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    match (a, b) {
        (1..=12, 1..=12) => Some(Shape::Either),
        (13..=31, 1..=12) => Some(Shape::DayFirst),
        (1..=12, 13..=31) => Some(Shape::MonthFirst),
        _ => None,
    }
}

fn short_number(text: &str) -> Option<u32> {
    (matches!(text.len(), 1 | 2) && text.bytes().all(|c| c.is_ascii_digit()))
        .then(|| text.parse().ok())
        .flatten()
}

/// One column's evidence.
#[derive(Debug, Clone, Default)]
struct Evidence {
    day_first: u32,
    month_first: u32,
    /// The first unambiguous date each way: (cell, text).
    first_day_first: Option<(String, String)>,
    first_month_first: Option<(String, String)>,
    /// Ambiguous dates read by the inference (for the column's notice).
    used: Cell<u32>,
}

/// The evidence of every column of a sheet (or of a delimited file).
#[derive(Debug, Clone, Default)]
pub struct DateEvidence {
    columns: Vec<Evidence>,
    forced: Option<DayOrder>,
}

impl PartialEq for DateEvidence {
    fn eq(&self, other: &Self) -> bool {
        self.summary() == other.summary() && self.forced == other.forced
    }
}

impl Eq for DateEvidence {}

impl DateEvidence {
    /// Evidence read from rows; `forced` overrides it.
    pub fn with_forced(forced: Option<DayOrder>) -> Self {
        DateEvidence {
            columns: Vec::new(),
            forced,
        }
    }

    fn summary(&self) -> Vec<(u32, u32)> {
        self.columns
            .iter()
            .map(|e| (e.day_first, e.month_first))
            .collect()
    }

    /// Counts the unambiguous numeric dates of a row.
    pub fn observe(&mut self, row: &Row) {
        if self.forced.is_some() {
            return;
        }
        for (col, value) in row.cells.iter().enumerate() {
            let Value::Text(text) = value else { continue };
            let Some(found) = shape(text).filter(|s| *s != Shape::Either) else {
                continue;
            };
            if self.columns.len() <= col {
                self.columns.resize_with(col + 1, Evidence::default);
            }
            let Some(e) = self.columns.get_mut(col) else {
                continue;
            };
            let cell = || Some((a1(row.index, col as u32), text.trim().to_string()));
            match found {
                Shape::DayFirst => {
                    e.day_first += 1;
                    e.first_day_first = e.first_day_first.take().or_else(cell);
                }
                Shape::MonthFirst => {
                    e.month_first += 1;
                    e.first_month_first = e.first_month_first.take().or_else(cell);
                }
                Shape::Either => {}
            }
        }
    }

    /// Adds what another reading found (a file read beforehand).
    pub fn merge(&mut self, other: &DateEvidence) {
        if self.columns.len() < other.columns.len() {
            self.columns
                .resize_with(other.columns.len(), Evidence::default);
        }
        for (mine, theirs) in self.columns.iter_mut().zip(&other.columns) {
            mine.day_first += theirs.day_first;
            mine.month_first += theirs.month_first;
            if mine.first_day_first.is_none() {
                mine.first_day_first.clone_from(&theirs.first_day_first);
            }
            if mine.first_month_first.is_none() {
                mine.first_month_first.clone_from(&theirs.first_month_first);
            }
        }
    }

    pub fn order(&self, col: u32) -> ColumnOrder {
        if let Some(o) = self.forced {
            return ColumnOrder::Forced(o);
        }
        let Some(e) = self.columns.get(col as usize) else {
            return ColumnOrder::Default;
        };
        match (e.day_first > 0, e.month_first > 0) {
            (true, true) => ColumnOrder::Conflict,
            (true, false) => ColumnOrder::Inferred(DayOrder::DayFirst),
            (false, true) => ColumnOrder::Inferred(DayOrder::MonthFirst),
            (false, false) => ColumnOrder::Default,
        }
    }

    /// Notes an ambiguous date read by the column's inferred order.
    pub fn used(&self, col: u32) {
        if let Some(e) = self.columns.get(col as usize) {
            e.used.set(e.used.get() + 1);
        }
    }

    /// Why the column's ambiguous dates are read as they are, or not read:
    /// `month first, as 3/14/2019 (G5) and 2 more are written`.
    pub fn reason(&self, col: u32) -> String {
        let Some(e) = self.columns.get(col as usize) else {
            return String::new();
        };
        let first = |f: &Option<(String, String)>| {
            f.as_ref()
                .map(|(cell, text)| format!("{text} ({cell})"))
                .unwrap_or_default()
        };
        let more = |n: u32| match n {
            0 | 1 => String::new(),
            n => format!(" and {} more", n - 1),
        };
        match self.order(col) {
            ColumnOrder::Inferred(DayOrder::MonthFirst) => format!(
                "month first, as {}{} {} written",
                first(&e.first_month_first),
                more(e.month_first),
                if e.month_first == 1 { "is" } else { "are" }
            ),
            ColumnOrder::Inferred(DayOrder::DayFirst) => format!(
                "day first, as {}{} {} written",
                first(&e.first_day_first),
                more(e.day_first),
                if e.day_first == 1 { "is" } else { "are" }
            ),
            ColumnOrder::Conflict => format!(
                "its column holds dates written day first ({}) and month first ({})",
                first(&e.first_day_first),
                first(&e.first_month_first)
            ),
            ColumnOrder::Forced(_) | ColumnOrder::Default => String::new(),
        }
    }

    /// Columns whose ambiguous dates the inference read, with how many.
    pub fn used_columns(&self) -> impl Iterator<Item = (u32, u32)> + '_ {
        self.columns
            .iter()
            .enumerate()
            .map(|(i, e)| (i as u32, e.used.get()))
            .filter(|(_, n)| *n > 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(index: u32, cells: &[&str]) -> Row {
        Row {
            index,
            cells: cells
                .iter()
                .map(|c| Value::Text((*c).to_string()))
                .collect(),
        }
    }

    #[test]
    fn shapes_of_numeric_dates() {
        assert_eq!(shape("3/14/2019"), Some(Shape::MonthFirst));
        assert_eq!(shape("14.3.2019"), Some(Shape::DayFirst));
        assert_eq!(shape("11/5/2018"), Some(Shape::Either));
        assert_eq!(shape("2018-05-11"), None);
        assert_eq!(shape("5/11/18"), None);
        assert_eq!(shape("Pure"), None);
    }

    #[test]
    fn a_column_decides_by_its_unambiguous_dates() {
        let mut e = DateEvidence::default();
        e.observe(&row(1, &["Univ A", "3/14/2019", "14/3/2019"]));
        e.observe(&row(2, &["Univ B", "11/5/2018", "1/9/2020"]));
        e.observe(&row(3, &["Univ C", "1/9/2020", "3/14/2019"]));
        assert_eq!(e.order(1), ColumnOrder::Inferred(DayOrder::MonthFirst));
        assert_eq!(e.order(2), ColumnOrder::Conflict);
        assert_eq!(e.order(0), ColumnOrder::Default);
        assert_eq!(e.reason(1), "month first, as 3/14/2019 (B2) is written");
        assert_eq!(
            e.reason(2),
            "its column holds dates written day first (14/3/2019 (C2)) and month first (3/14/2019 (C4))"
        );
        let forced = DateEvidence::with_forced(Some(DayOrder::DayFirst));
        assert_eq!(forced.order(1), ColumnOrder::Forced(DayOrder::DayFirst));
    }
}
