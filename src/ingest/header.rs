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

/// The first row naming every `required` role.
pub fn find_header<K: Copy + PartialEq>(
    rows: &[Row],
    spec: &[(K, &[&str])],
    required: &[K],
) -> Option<HeaderRow<K>> {
    let keyed: Vec<(K, Vec<String>)> = spec
        .iter()
        .map(|(k, names)| (*k, names.iter().map(|n| compact_key(n)).collect()))
        .collect();
    rows.iter()
        .enumerate()
        .take_while(|(_, r)| r.index < HEADER_SEARCH_ROWS)
        .find_map(|(at, row)| {
            let columns: Vec<(u32, K)> = row
                .cells
                .iter()
                .enumerate()
                .filter_map(|(c, v)| {
                    let key = compact_key(&v.display());
                    keyed
                        .iter()
                        .find(|(_, names)| !key.is_empty() && names.contains(&key))
                        .map(|(k, _)| (c as u32, *k))
                })
                .collect();
            required
                .iter()
                .all(|r| columns.iter().any(|(_, k)| k == r))
                .then_some(HeaderRow { at, columns })
        })
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
}
