//! Columns an analyst added to the Worklist or Requests of an earlier
//! workbook ("Sent on", "Contact", …): carried forward by header, after
//! badgemap's own columns, each row's values found by the row's key, each
//! value with its type (a date stays a date, a number a number, a link a
//! link; a formula as its value). A column of badgemap's that is missing
//! (dropped or renamed) is a warning naming it.

use crate::ingest::table::{Row, HEADER_SEARCH_ROWS};
use crate::ingest::value::Value;
use crate::issue::{Issue, Severity};
use crate::text::compact_key;
use std::collections::HashMap;

/// One value an analyst typed in a column of their own.
#[derive(Debug, Clone, PartialEq)]
pub enum Kept {
    Blank,
    Text(String),
    Number(f64),
    Bool(bool),
    Date(chrono::NaiveDate),
    /// A date with a time of day (`2026-11-03 14:30`).
    Moment(chrono::NaiveDateTime),
    /// A hyperlink: its target and the text shown.
    Link {
        url: String,
        text: String,
    },
}

impl Kept {
    fn of(value: &Value, link: Option<&String>) -> Kept {
        if let Some(url) = link {
            return Kept::Link {
                url: url.clone(),
                text: value.display(),
            };
        }
        match value {
            Value::Empty => Kept::Blank,
            Value::Text(t) if t.trim().is_empty() => Kept::Blank,
            Value::Text(t) | Value::Error(t) => Kept::Text(t.clone()),
            Value::Number(n) => Kept::Number(*n),
            Value::Bool(b) => Kept::Bool(*b),
            Value::DateTime(dt) if dt.time() == chrono::NaiveTime::MIN => Kept::Date(dt.date()),
            Value::DateTime(dt) => Kept::Moment(*dt),
        }
    }

    /// The value as text (the Members sheet's Contact, messages).
    pub fn text(&self) -> String {
        match self {
            Kept::Blank => String::new(),
            Kept::Text(t) => t.clone(),
            Kept::Number(n) => Value::Number(*n).display(),
            Kept::Bool(b) => b.to_string(),
            Kept::Date(d) => d.to_string(),
            Kept::Moment(t) => t.format("%Y-%m-%d %H:%M").to_string(),
            Kept::Link { text, url } if text.is_empty() => url.clone(),
            Kept::Link { text, .. } => text.clone(),
        }
    }
}

/// The added columns of one sheet.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AddedColumns {
    /// Their headers, in the order the analyst left them.
    pub headers: Vec<String>,
    /// Row key (the key columns' values joined by U+001F) → values.
    pub rows: HashMap<String, Vec<Kept>>,
}

impl AddedColumns {
    /// The key of a row from its key columns' values.
    pub fn key(parts: &[&str]) -> String {
        parts.join("\u{1f}")
    }
}

/// Reads the columns of `rows` not among `own`, keyed by the `key` columns;
/// a column of `own` missing from the header is a warning.
pub(super) fn read_added(
    rows: &[Row],
    links: &super::previous::Links,
    sheet: &str,
    own: &[&str],
    key: &[&str],
    file: &str,
    issues: &mut Vec<Issue>,
) -> AddedColumns {
    let same = |a: &str, b: &str| compact_key(a) == compact_key(b);
    let Some(header) = rows
        .iter()
        .take_while(|r| r.index < HEADER_SEARCH_ROWS)
        .find(|r| {
            key.iter()
                .all(|k| r.cells.iter().any(|c| same(&c.display(), k)))
        })
    else {
        return AddedColumns::default();
    };
    let headers: Vec<String> = header
        .cells
        .iter()
        .map(crate::ingest::value::Value::display)
        .collect();
    for missing in own.iter().filter(|o| !headers.iter().any(|h| same(h, o))) {
        issues.push(
            Issue::new(
                Severity::Warning,
                file,
                format!("the {sheet} sheet has no column {missing:?} (dropped or renamed)"),
            )
            .sheet(Some(sheet))
            .action(
                "what it held is not carried forward; keep badgemap's column headers as they are",
            ),
        );
    }
    let key_cols: Vec<usize> = key
        .iter()
        .filter_map(|k| headers.iter().position(|h| same(h, k)))
        .collect();
    let added: Vec<(usize, String)> = headers
        .iter()
        .enumerate()
        .filter(|(_, h)| !h.is_empty() && !own.iter().any(|o| same(h, o)))
        .map(|(i, h)| (i, h.clone()))
        .collect();
    let mut out = AddedColumns {
        headers: added.iter().map(|(_, h)| h.clone()).collect(),
        rows: HashMap::new(),
    };
    if added.is_empty() {
        return out;
    }
    for (position, row) in rows
        .iter()
        .enumerate()
        .filter(|(_, r)| r.index > header.index)
    {
        let values: Vec<Kept> = added
            .iter()
            .map(|(i, _)| Kept::of(row.get(*i as u32), links.get(&(position, *i as u32))))
            .collect();
        if values.iter().all(|v| *v == Kept::Blank) {
            continue;
        }
        let parts: Vec<String> = key_cols
            .iter()
            .map(|&i| row.get(i as u32).display())
            .collect();
        let parts: Vec<&str> = parts.iter().map(String::as_str).collect();
        out.rows.insert(AddedColumns::key(&parts), values);
    }
    out
}
