//! Finding a header row: one search for every table badgemap reads, whether a
//! register, the certified-provider list or an earlier run's workbook, so that
//! each shape a register's header may take (below title rows, over two rows
//! under a merged group cell, spelt as its author liked) works for all three.
//!
//! What differs between them is the [`HeaderSpec`]: which role a heading
//! names and which roles make a header. A register's spec knows the badge
//! vocabulary (`table::detect`); the others name their columns by aliases
//! ([`Aliases`]), compared through `text::compact_key` (case, spaces,
//! punctuation and CRM suffixes ignored).

use super::table::{Row, HEADER_SEARCH_ROWS};
use crate::text::compact_key;

/// What a header is looked for by.
pub trait HeaderSpec {
    /// What a column can be.
    type Role: Copy + Ord;
    /// The role a heading names, if any.
    fn role(&self, heading: &str) -> Option<Self::Role>;
    /// Whether a row naming these roles (sorted, distinct) is a header.
    fn is_header(&self, roles: &[Self::Role]) -> bool;
}

/// A row, or a pair of adjacent rows, read as a header.
#[derive(Debug, Clone)]
pub struct Candidate<R> {
    /// Zero-based indices of the row, or of the two rows (upper first).
    pub header_rows: Vec<u32>,
    /// Per column from A: the heading its role is read from, and the label
    /// shown (`Group › Name` under a group cell).
    pub texts: Vec<(String, String)>,
    /// The distinct roles named, sorted.
    pub roles: Vec<R>,
    /// Non-empty cells of the upper row of a pair.
    upper_cells: usize,
}

impl<R: Copy + Ord> Candidate<R> {
    /// Reads `rows` (one, or two adjacent: a group row above the headings)
    /// as a header under `spec`.
    pub fn of<S: HeaderSpec<Role = R>>(spec: &S, rows: &[&Row]) -> Self {
        let texts = headings(rows);
        let mut roles: Vec<R> = texts.iter().filter_map(|(t, _)| spec.role(t)).collect();
        roles.sort_unstable();
        roles.dedup();
        let upper_cells = match rows {
            [upper, _] => upper.cells.iter().filter(|v| !v.is_blank()).count(),
            _ => 0,
        };
        Candidate {
            header_rows: rows.iter().map(|r| r.index).collect(),
            texts,
            roles,
            upper_cells,
        }
    }

    /// How many roles it names: the better header names more.
    pub fn score(&self) -> usize {
        self.roles.len()
    }

    /// The column of each role named (the first, when one is named twice).
    pub fn columns<S: HeaderSpec<Role = R>>(&self, spec: &S) -> Vec<(u32, R)> {
        let mut out: Vec<(u32, R)> = Vec::new();
        for (col, (text, _)) in self.texts.iter().enumerate() {
            if let Some(role) = spec.role(text) {
                if !out.iter().any(|(_, r)| *r == role) {
                    out.push((col as u32, role));
                }
            }
        }
        out
    }

    /// A banner (one value alone) right above the same header adds no role
    /// and does not make `self` a two-row header: `other`, its lower row
    /// alone, is the better reading.
    fn yields_to(&self, other: &Self) -> bool {
        other.score() == self.score()
            && other.header_rows.len() == 1
            && self.header_rows.len() == 2
            && self.header_rows.last() == other.header_rows.first()
            && self.upper_cells == 1
    }
}

/// Each column's heading and label: for a pair, the lower cell under the
/// last group cell to its left, else the upper cell.
fn headings(rows: &[&Row]) -> Vec<(String, String)> {
    let width = rows.iter().map(|r| r.cells.len()).max().unwrap_or(0);
    let mut texts = Vec::with_capacity(width);
    let mut group = String::new();
    for col in 0..width as u32 {
        let (text, label) = if let [upper, lower] = rows {
            let up = upper.get(col).display();
            let low = lower.get(col).display();
            if !up.is_empty() {
                group.clone_from(&up);
            }
            match (up.is_empty(), low.is_empty()) {
                (_, true) => (up.clone(), up),
                (true, false) if !group.is_empty() => (low.clone(), format!("{group} › {low}")),
                (false, false) if up == low => (low.clone(), low),
                (false, false) => (low.clone(), format!("{up} › {low}")),
                (true, false) => (low.clone(), low),
            }
        } else {
            let t = rows
                .first()
                .map(|r| r.get(col).display())
                .unwrap_or_default();
            (t.clone(), t)
        };
        texts.push((text, label));
    }
    texts
}

/// A header found among rows: the candidate, and the positions among the
/// rows given of its upper and (lower) last row.
#[derive(Debug, Clone)]
pub struct Found<R> {
    pub candidate: Candidate<R>,
    pub top: usize,
    pub at: usize,
}

/// The best header among `rows` (in order; blank rows are passed over): of
/// every row and every pair of adjacent rows that `spec` calls a header, the
/// one naming the most roles. On a tie the first wins, except that a pair
/// whose upper row is one value alone (a banner) gives way to its lower row.
pub fn best_header<S: HeaderSpec>(rows: &[Row], spec: &S) -> Option<Found<S::Role>> {
    let searched: Vec<(usize, &Row)> = rows
        .iter()
        .enumerate()
        .filter(|(_, r)| !r.is_blank())
        .collect();
    let mut best: Option<Found<S::Role>> = None;
    for (i, &(pos, row)) in searched.iter().enumerate() {
        let single = Found {
            candidate: Candidate::of(spec, &[row]),
            top: pos,
            at: pos,
        };
        let pair = searched
            .get(i + 1)
            .filter(|(_, next)| next.index == row.index + 1)
            .map(|&(next_pos, next)| Found {
                candidate: Candidate::of(spec, &[row, next]),
                top: pos,
                at: next_pos,
            });
        for found in std::iter::once(single).chain(pair) {
            let cand = &found.candidate;
            if !spec.is_header(&cand.roles) {
                continue;
            }
            let better = best
                .as_ref()
                .is_none_or(|b| cand.score() > b.candidate.score() || b.candidate.yields_to(cand));
            if better {
                best = Some(found);
            }
        }
    }
    best
}

/// Columns named by aliases: each role with the headings it goes by, and
/// the roles a header must name.
pub struct Aliases<'a, K> {
    keyed: Vec<(K, Vec<String>)>,
    required: &'a [K],
}

impl<'a, K: Copy + Ord> Aliases<'a, K> {
    pub fn new(spec: &[(K, &[&str])], required: &'a [K]) -> Self {
        let keyed = spec
            .iter()
            .map(|(k, names)| (*k, names.iter().map(|n| compact_key(n)).collect()))
            .collect();
        Aliases { keyed, required }
    }
}

impl<K: Copy + Ord> HeaderSpec for Aliases<'_, K> {
    type Role = K;

    fn role(&self, heading: &str) -> Option<K> {
        let key = compact_key(heading);
        if key.is_empty() {
            return None;
        }
        self.keyed
            .iter()
            .find(|(_, names)| names.contains(&key))
            .map(|(k, _)| *k)
    }

    fn is_header(&self, roles: &[K]) -> bool {
        self.required.iter().all(|r| roles.binary_search(r).is_ok())
    }
}

/// A header found by [`find_header`]: the positions of its upper and (lower)
/// last row among the rows given, and the column of each role it names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeaderRow<K> {
    pub top: usize,
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

/// The best header naming every `required` role within the rows a
/// register's header is looked for in, its columns named by `spec`.
pub fn find_header<K: Copy + Ord>(
    rows: &[Row],
    spec: &[(K, &[&str])],
    required: &[K],
) -> Option<HeaderRow<K>> {
    let aliases = Aliases::new(spec, required);
    let window = rows
        .iter()
        .position(|r| r.index >= HEADER_SEARCH_ROWS)
        .map_or(rows, |end| rows.split_at(end).0);
    let found = best_header(window, &aliases)?;
    Some(HeaderRow {
        top: found.top,
        at: found.at,
        columns: found.candidate.columns(&aliases),
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
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
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
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
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

    #[test]
    fn the_row_naming_most_columns_is_the_header_not_the_first_that_names_enough() {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
        enum K {
            Product,
            Vendor,
            Workflow,
        }
        let spec: &[(K, &[&str])] = &[
            (K::Product, &["Product"]),
            (K::Vendor, &["Vendor"]),
            (K::Workflow, &["Workflow", "Category"]),
        ];
        // A key above the list names one column; the list's own header, all three.
        let rows = [
            row(0, &["Product", "means the certified system"]),
            row(2, &["Product", "Vendor", "Category"]),
            row(3, &["Elements", "Symplectic", "Research information"]),
        ];
        let found = find_header(&rows, spec, &[K::Product]).unwrap();
        assert_eq!(found.at, 1);
        assert_eq!(found.col(K::Workflow), Some(2));
        // Past the rows a header is looked for in, none is found.
        let late = [row(HEADER_SEARCH_ROWS, &["Product", "Vendor"])];
        assert_eq!(find_header(&late, spec, &[K::Product]), None);
    }
}
