//! Finding a header row by a spec: the columns it may name, each with the
//! names it goes by, compared through `text::compact_key` (case, spaces,
//! punctuation and CRM suffixes ignored), within the first rows a register's
//! header is looked for in. The certified-provider list and an earlier run's
//! workbook find their headers this way; registers, which need the badge
//! vocabulary and split headers, use `table::detect`.

use super::table::{Row, HEADER_SEARCH_ROWS};
use crate::text::compact_key;

/// A header found: its position among the rows given, and the column of
/// each role it names (the first, when a role is named twice).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeaderRow<K> {
    pub at: usize,
    pub columns: Vec<(u32, K)>,
}

impl<K: Copy + PartialEq> HeaderRow<K> {
    /// The column of `role`, if the header names it.
    pub fn col(&self, role: K) -> Option<u32> {
        self.columns
            .iter()
            .find(|(_, k)| *k == role)
            .map(|(c, _)| *c)
    }
}

/// The first row naming every `required` role; or a pair of adjacent rows
/// read as one header (a group cell such as "Certification" above the
/// columns it spans, each column named by its lower cell, else its upper)
/// when the pair names more roles than either row alone. `at` is then the
/// lower row.
pub fn find_header<K: Copy + PartialEq>(
    rows: &[Row],
    spec: &[(K, &[&str])],
    required: &[K],
) -> Option<HeaderRow<K>> {
    let keyed: Vec<(K, Vec<String>)> = spec
        .iter()
        .map(|(k, names)| (*k, names.iter().map(|n| compact_key(n)).collect()))
        .collect();
    let roles_of = |texts: &[String]| -> Vec<(u32, K)> {
        texts
            .iter()
            .enumerate()
            .filter_map(|(c, text)| {
                let key = compact_key(text);
                keyed
                    .iter()
                    .find(|(_, names)| !key.is_empty() && names.contains(&key))
                    .map(|(k, _)| (c as u32, *k))
            })
            .collect()
    };
    let complete =
        |columns: &[(u32, K)]| required.iter().all(|r| columns.iter().any(|(_, k)| k == r));
    let window: Vec<&Row> = rows
        .iter()
        .take_while(|r| r.index < HEADER_SEARCH_ROWS)
        .collect();
    for (at, row) in window.iter().enumerate() {
        let texts: Vec<String> = row.cells.iter().map(super::value::Value::display).collect();
        let single = roles_of(&texts);
        let pair = window
            .get(at + 1)
            .filter(|next| next.index == row.index + 1)
            .map(|next| {
                let width = texts.len().max(next.cells.len());
                let joined: Vec<String> = (0..width as u32)
                    .map(|c| {
                        let lower = next.get(c).display();
                        if lower.is_empty() {
                            row.get(c).display()
                        } else {
                            lower
                        }
                    })
                    .collect();
                roles_of(&joined)
            });
        if let Some(pair) = pair.filter(|p| complete(p) && p.len() > single.len()) {
            let lower_alone = window
                .get(at + 1)
                .map(|next| {
                    roles_of(
                        &next
                            .cells
                            .iter()
                            .map(super::value::Value::display)
                            .collect::<Vec<_>>(),
                    )
                })
                .unwrap_or_default();
            if pair.len() > lower_alone.len() {
                return Some(HeaderRow {
                    at: at + 1,
                    columns: pair,
                });
            }
        }
        if complete(&single) {
            return Some(HeaderRow {
                at,
                columns: single,
            });
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::value::Value;

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
    fn a_header_is_found_below_titles_whatever_its_spelling() {
        #[derive(Debug, Clone, Copy, PartialEq)]
        enum K {
            Product,
            Checked,
        }
        let spec: &[(K, &[&str])] = &[(K::Product, &["Product"]), (K::Checked, &["Checked on"])];
        let rows = [
            row(0, &["ORCID certified service providers"]),
            row(2, &["", "PRODUCT", "checked-on"]),
        ];
        let found = find_header(&rows, spec, &[K::Product]).unwrap();
        assert_eq!(found.at, 1);
        assert_eq!(found.col(K::Product), Some(1));
        assert_eq!(found.col(K::Checked), Some(2));
        assert_eq!(find_header(&rows[..1], spec, &[K::Product]), None);
    }

    #[test]
    fn a_header_split_over_two_rows_under_a_group_cell() {
        #[derive(Debug, Clone, Copy, PartialEq)]
        enum K {
            Product,
            Certified,
            Reviewed,
        }
        let spec: &[(K, &[&str])] = &[
            (K::Product, &["Product"]),
            (K::Certified, &["Certified on"]),
            (K::Reviewed, &["Last reviewed"]),
        ];
        let rows = [
            row(0, &["Product", "Certification", ""]),
            row(1, &["", "Certified on", "Last reviewed"]),
            row(2, &["Pure", "2020-12", "2026-06-15"]),
        ];
        let found = find_header(&rows, spec, &[K::Product]).unwrap();
        assert_eq!(found.at, 1);
        assert_eq!(found.col(K::Product), Some(0));
        assert_eq!(found.col(K::Reviewed), Some(2));
    }
}
