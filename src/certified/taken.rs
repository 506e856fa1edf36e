//! When the list was taken from ORCID's page. ORCID's Certified Service
//! Providers page lists only current providers and shows no review dates, so
//! the day an analyst copied it is the day its products were current. An
//! analyst writes that day in a column beside the products ("Checked on"),
//! in a line above or below them ("Copied from ORCID's page on 2 November
//! 2026"), or in the file's name (`csp-list-2026-11-02.csv`); each is read
//! here, the nearest to the product first.

use crate::ingest::dates::{date_within, parse_date, DayOrder};
use crate::ingest::table::Row;
use crate::ingest::value::{a1, Value};
use crate::model::Location;
use crate::text::{excerpt, identity_key};
use chrono::NaiveDate;
use std::fmt;
use std::path::Path;

/// Where the day the list was taken was read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TakenFrom {
    /// The product's own cell in a checked-on column (`list.csv › E3`).
    Cell(String),
    /// A line above or below the table, with its text.
    Line { at: String, text: String },
    /// The list's file name.
    FileName(String),
}

impl fmt::Display for TakenFrom {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TakenFrom::Cell(at) => write!(f, "{at}"),
            TakenFrom::Line { at, text } => write!(f, "the line {text:?} at {at}"),
            TakenFrom::FileName(name) => write!(f, "the file name {name:?}"),
        }
    }
}

/// Words that say a line dates the copy of the list (not "updated" or
/// "current": a page or a criterion is updated, a provider current, on
/// other days).
const SNAPSHOT_WORDS: &[&str] = &[
    "taken",
    "copied",
    "copy",
    "retrieved",
    "checked",
    "accessed",
    "downloaded",
    "captured",
    "exported",
    "snapshot",
    "pulled",
    "saved",
    "scraped",
    "fetched",
    "visited",
    "seen",
    "verified",
    "compiled",
    "extracted",
];

/// The day a line (a row's cells read together) says the list was taken,
/// when it says so: a snapshot word ("copied", "as of") and a date.
pub(super) fn line_date(row: &Row, order: DayOrder) -> Option<NaiveDate> {
    let texts: Vec<String> = row
        .cells
        .iter()
        .filter(|v| !v.is_blank())
        .map(Value::display)
        .collect();
    let text = texts.join(" ");
    let key = format!(" {} ", identity_key(&text));
    let says_taken = SNAPSHOT_WORDS
        .iter()
        .any(|w| key.contains(&format!(" {w} ")))
        || key.contains(" as of ")
        || key.contains(" as at ");
    if !says_taken {
        return None;
    }
    // A date cell beside a label ("Checked on:" | 2026-10-01), else a date
    // inside the text.
    let from_cell = row.cells.iter().find_map(|v| match v {
        Value::DateTime(_) => parse_date(v, order).ok().map(|p| p.date.date),
        _ => None,
    });
    from_cell.or_else(|| date_within(&text, order).map(|d| d.date))
}

/// The day the lines around the table say the list was taken: the first
/// line above the header that says so, else the first below the products.
pub(super) fn from_lines(
    above: &[&Row],
    below: &[&Row],
    file: &str,
    sheet: Option<&str>,
    order: DayOrder,
) -> Option<(NaiveDate, TakenFrom)> {
    let found = above
        .iter()
        .chain(below)
        .find_map(|r| line_date(r, order).map(|d| (d, *r)))?;
    let (date, row) = found;
    let col = row.cells.iter().position(|v| !v.is_blank()).unwrap_or(0) as u32;
    let text: Vec<String> = row
        .cells
        .iter()
        .filter(|v| !v.is_blank())
        .map(Value::display)
        .collect();
    let at = Location {
        file: file.to_string(),
        sheet: sheet.map(str::to_string),
        cell: Some(a1(row.index, col)),
    };
    Some((
        date,
        TakenFrom::Line {
            at: at.to_string(),
            text: excerpt(&text.join(" "), 160),
        },
    ))
}

/// The day the file's name gives, to the day (`csp-2026-11-02.csv`).
pub(super) fn from_file_name(path: &Path, order: DayOrder) -> Option<(NaiveDate, TakenFrom)> {
    let name = path.file_name()?.to_str()?;
    let stem = path.file_stem()?.to_str()?;
    let date = date_within(stem, order).filter(|d| d.is_day())?;
    Some((date.date, TakenFrom::FileName(name.to_string())))
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
    fn a_line_saying_when_the_list_was_copied_dates_it() {
        let banner = row(
            0,
            &["Taken from ORCID's page on 2 November 2026 (current providers only)"],
        );
        let (date, from) =
            from_lines(&[&banner], &[], "csp.xlsx", Some("CSP"), DayOrder::DayFirst).unwrap();
        assert_eq!(date.to_string(), "2026-11-02");
        assert_eq!(
            from.to_string(),
            "the line \"Taken from ORCID's page on 2 November 2026 (current providers only)\" at csp.xlsx › CSP › A1"
        );
        // A label and its date in two cells; a line below the table.
        let label = row(3, &["Checked on:", "2026-10-01"]);
        assert_eq!(
            from_lines(&[], &[&label], "l.csv", None, DayOrder::DayFirst)
                .map(|(d, _)| d.to_string()),
            Some("2026-10-01".into())
        );
        // A date with no word saying it dates the copy, in the title or
        // not: none.
        let launch = row(1, &["Workflow criteria updated 31 July 2023"]);
        let title = row(
            0,
            &["ORCID Certified Service Providers - upgraded criteria from 31 July 2023"],
        );
        assert_eq!(
            from_lines(
                &[&title, &launch],
                &[&launch],
                "l.csv",
                None,
                DayOrder::DayFirst
            ),
            None
        );
    }

    #[test]
    fn a_file_name_with_a_day_dates_the_list() {
        let d =
            |p: &str| from_file_name(Path::new(p), DayOrder::DayFirst).map(|(d, _)| d.to_string());
        assert_eq!(d("lists/csp-2026-11-02.csv").as_deref(), Some("2026-11-02"));
        assert_eq!(
            d("ORCID CSP 2 Nov 2026.xlsx").as_deref(),
            Some("2026-11-02")
        );
        assert_eq!(d("csp-2026.csv"), None);
        assert_eq!(d("certified.csv"), None);
    }
}
