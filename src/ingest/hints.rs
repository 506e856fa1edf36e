//! What a workbook declares about a sheet's tables, beside its cells: the
//! Excel tables of an xlsx sheet (`xl/tables/tableN.xml`: where each table
//! is, its header row and its totals row). calamine reads table contents
//! only as dense ranges and miscounts a totals row, so the definitions are
//! read here from the package. Hints are aids: a package whose tables cannot
//! be read is read without them.

use super::lines::NotRecord;
use super::value::row_of_a1;

/// The zero-based column of an A1 reference.
fn column_of_a1(cell: &str) -> Option<u32> {
    let letters: Vec<char> = cell.chars().take_while(char::is_ascii_alphabetic).collect();
    if letters.is_empty() || letters.len() > 3 {
        return None;
    }
    let n = letters.iter().fold(0u32, |n, c| {
        n * 26 + (c.to_ascii_uppercase() as u32 - 'A' as u32 + 1)
    });
    Some(n - 1)
}
use quick_xml::events::Event;
use std::collections::HashMap;
use std::io::{BufReader, Read, Seek};

/// One Excel table on a sheet, rows zero-based and inclusive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableExtent {
    pub name: String,
    pub first_row: u32,
    pub last_row: u32,
    pub first_col: u32,
    pub last_col: u32,
    /// Rows of header at the top (0 or 1).
    pub header_rows: u32,
    /// Rows of totals at the bottom (0 or 1).
    pub totals_rows: u32,
}

/// What is known of a sheet besides its cells.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SheetHints {
    pub tables: Vec<TableExtent>,
    /// The order of each column's numeric dates, from the whole file read
    /// beforehand (delimited text).
    pub dates: Option<super::date_order::DateEvidence>,
    /// Hyperlinks (zero-based row, column, target), read only from
    /// badgemap's own workbooks: the analyst's links carry forward.
    pub links: Vec<(u32, u32, String)>,
}

impl SheetHints {
    /// The header row of the first table, if the sheet has tables.
    pub fn header_row(&self) -> Option<u32> {
        self.tables
            .iter()
            .filter(|t| t.header_rows > 0)
            .map(|t| t.first_row)
            .min()
    }

    /// A row the tables say is no record, for a table whose member column
    /// is `member_col`: the totals row of a table spanning that column; and,
    /// when the header came from a table (`from_table`), a lone value below
    /// it outside every table.
    pub fn not_record(
        &self,
        row: u32,
        member_col: u32,
        filled: usize,
        from_table: bool,
    ) -> Option<NotRecord> {
        if self.tables.is_empty() {
            return None;
        }
        let mut inside = false;
        for t in &self.tables {
            if row < t.first_row || row > t.last_row {
                continue;
            }
            let spans = (t.first_col..=t.last_col).contains(&member_col);
            if spans && t.totals_rows > 0 && row > t.last_row - t.totals_rows {
                return Some(NotRecord::TableTotals);
            }
            inside = true;
        }
        let below_a_table = self.tables.iter().any(|t| row > t.last_row);
        (from_table && !inside && below_a_table && filled <= 1).then_some(NotRecord::OutsideTable)
    }
}

/// The tables of every sheet of an xlsx package, by sheet name: each
/// sheet's relationships of the table type, without reading the sheet.
pub fn xlsx_tables<R: Read + Seek>(reader: R) -> HashMap<String, SheetHints> {
    let Ok(mut zip) = zip::ZipArchive::new(reader) else {
        return HashMap::new();
    };
    let mut out = HashMap::new();
    let sheets = workbook_sheets(&mut zip);
    for (name, part) in sheets {
        let mut hints = SheetHints::default();
        for rel in rels_of(&mut zip, &part) {
            if !rel.kind.ends_with("/table") {
                continue;
            }
            if let Some(t) = read_part(&mut zip, &rel.target).and_then(|x| table_extent(&x)) {
                hints.tables.push(t);
            }
        }
        if !hints.tables.is_empty() {
            out.insert(name, hints);
        }
    }
    out
}

/// Parts larger than this are not read for hints.
const MAX_PART: u64 = 16 << 20;

fn read_part<R: Read + Seek>(zip: &mut zip::ZipArchive<R>, name: &str) -> Option<Vec<u8>> {
    let entry = zip.by_name(name).ok()?;
    if entry.size() > MAX_PART {
        return None;
    }
    let mut bytes = Vec::new();
    entry.take(MAX_PART).read_to_end(&mut bytes).ok()?;
    Some(bytes)
}

/// The attributes of one element, by local name (`r:id` is `id`).
struct Attrs(Vec<(String, String)>);

impl Attrs {
    fn get(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

/// The attributes of each start (or empty) element named `local`.
fn elements(xml: &[u8], local: &str) -> Vec<Attrs> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut buf = Vec::new();
    let mut out = Vec::new();
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == local => {
                let attrs = e
                    .attributes()
                    .flatten()
                    .filter_map(|a| {
                        let value = a
                            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                            .ok()?;
                        Some((a.key.local_name().as_ref().to_string(), value.into_owned()))
                    })
                    .collect();
                out.push(Attrs(attrs));
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
        buf.clear();
    }
    out
}

/// One relationship of a part.
struct Rel {
    id: String,
    kind: String,
    target: String,
}

/// The relationships of the part `part` (`_rels/` beside it).
fn rels_of<R: Read + Seek>(zip: &mut zip::ZipArchive<R>, part: &str) -> Vec<Rel> {
    let (dir, file) = part.rsplit_once('/').unwrap_or(("", part));
    let rels = if dir.is_empty() {
        format!("_rels/{file}.rels")
    } else {
        format!("{dir}/_rels/{file}.rels")
    };
    let Some(xml) = read_part(zip, &rels) else {
        return Vec::new();
    };
    elements(&xml, "Relationship")
        .into_iter()
        .filter_map(|a| {
            Some(Rel {
                id: a.get("Id")?.to_string(),
                kind: a.get("Type").unwrap_or_default().to_string(),
                target: resolve(dir, a.get("Target")?),
            })
        })
        .collect()
}

/// A relationship target relative to the folder `dir`, or absolute.
fn resolve(dir: &str, target: &str) -> String {
    if let Some(abs) = target.strip_prefix('/') {
        return abs.to_string();
    }
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    for piece in target.split('/') {
        match piece {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            p => parts.push(p),
        }
    }
    parts.join("/")
}

/// (sheet name, worksheet part) in workbook order; the workbook part is the
/// package's office document (`xl/workbook.xml` as Excel names it).
fn workbook_sheets<R: Read + Seek>(zip: &mut zip::ZipArchive<R>) -> Vec<(String, String)> {
    let workbook = rels_of(zip, ".rels")
        .into_iter()
        .find(|r| r.kind.ends_with("/officeDocument"))
        .map_or_else(|| "xl/workbook.xml".to_string(), |r| r.target);
    let Some(xml) = read_part(zip, &workbook) else {
        return Vec::new();
    };
    let rels = rels_of(zip, &workbook);
    elements(&xml, "sheet")
        .into_iter()
        .filter_map(|a| {
            let id = a.get("id")?;
            let part = rels.iter().find(|r| r.id == id)?.target.clone();
            Some((a.get("name")?.to_string(), part))
        })
        .collect()
}

fn table_extent(xml: &[u8]) -> Option<TableExtent> {
    let table = elements(xml, "table").into_iter().next()?;
    let (start, end) = table.get("ref")?.split_once(':')?;
    let col = |cell: &str| column_of_a1(cell);
    let count = |key: &str, default: u32| {
        table
            .get(key)
            .and_then(|s| s.parse().ok())
            .unwrap_or(default)
    };
    Some(TableExtent {
        name: table.get("displayName").unwrap_or_default().to_string(),
        first_row: row_of_a1(start)?,
        last_row: row_of_a1(end)?,
        first_col: col(start)?,
        last_col: col(end)?,
        header_rows: count("headerRowCount", 1).min(1),
        totals_rows: count("totalsRowCount", 0).min(1),
    })
}

/// Reads the table hints of an xlsx file.
pub fn xlsx_file_tables(path: &std::path::Path) -> HashMap<String, SheetHints> {
    std::fs::File::open(path)
        .map(|f| xlsx_tables(BufReader::new(f)))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn totals_and_rows_below_the_table_are_no_records() {
        let hints = SheetHints {
            dates: None,
            links: Vec::new(),
            tables: vec![TableExtent {
                name: "Badges".into(),
                first_row: 2,
                last_row: 9,
                first_col: 0,
                last_col: 3,
                header_rows: 1,
                totals_rows: 1,
            }],
        };
        assert_eq!(hints.header_row(), Some(2));
        assert_eq!(hints.not_record(5, 0, 3, true), None);
        assert_eq!(
            hints.not_record(9, 0, 3, true),
            Some(NotRecord::TableTotals)
        );
        // A table beside the register (a legend in F:G) says nothing of it.
        assert_eq!(hints.not_record(9, 6, 3, true), None);
        assert_eq!(
            hints.not_record(11, 0, 1, true),
            Some(NotRecord::OutsideTable)
        );
        // Rows below with values of their own, or a header not from a table.
        assert_eq!(hints.not_record(11, 0, 3, true), None);
        assert_eq!(hints.not_record(11, 0, 1, false), None);
        assert_eq!(hints.not_record(0, 0, 1, true), None);
        assert_eq!(SheetHints::default().not_record(3, 0, 1, true), None);
        assert_eq!(column_of_a1("AB12"), Some(27));
    }

    #[test]
    fn relationship_targets_resolve() {
        assert_eq!(
            resolve("xl/worksheets", "../tables/table1.xml"),
            "xl/tables/table1.xml"
        );
        assert_eq!(
            resolve("xl", "worksheets/sheet1.xml"),
            "xl/worksheets/sheet1.xml"
        );
        assert_eq!(
            resolve("xl", "/xl/worksheets/sheet1.xml"),
            "xl/worksheets/sheet1.xml"
        );
    }
}
