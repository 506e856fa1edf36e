//! Columns an analyst added to the Worklist or Requests of an earlier
//! workbook ("Sent on", "Contact", …): carried forward by header, after
//! badgemap's own columns, each row's values found by the row's key. A
//! column of badgemap's that is missing (dropped or renamed) is a warning
//! naming it.

use crate::ingest::table::{Row, HEADER_SEARCH_ROWS};
use crate::issue::{Issue, Severity};
use crate::text::compact_key;
use std::collections::HashMap;

/// The added columns of one sheet.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AddedColumns {
    /// Their headers, in the order the analyst left them.
    pub headers: Vec<String>,
    /// Row key (the key columns' values joined by U+001F) → values.
    pub rows: HashMap<String, Vec<String>>,
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
    for row in rows.iter().filter(|r| r.index > header.index) {
        let values: Vec<String> = added
            .iter()
            .map(|(i, _)| row.get(*i as u32).display())
            .collect();
        if values.iter().all(String::is_empty) {
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
