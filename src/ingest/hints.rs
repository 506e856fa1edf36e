//! What a workbook declares about a sheet's tables, beside its cells: the
//! Excel tables of an xlsx sheet (`xl/tables/tableN.xml`: where each table
//! is, its header row and its totals row). calamine reads table contents
//! only as dense ranges and miscounts a totals row, so the definitions are
//! read here from the package. Hints are aids: a package whose tables cannot
//! be read is read without them.

use super::lines::NotRecord;
use super::value::row_of_a1;
use quick_xml::events::Event;
use std::collections::HashMap;
use std::io::{BufReader, Read, Seek};

/// One Excel table on a sheet, rows zero-based and inclusive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableExtent {
    pub name: String,
    pub first_row: u32,
    pub last_row: u32,
    /// Rows of header at the top (0 or 1).
    pub header_rows: u32,
    /// Rows of totals at the bottom (0 or 1).
    pub totals_rows: u32,
}

/// What is known of a sheet besides its cells.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SheetHints {
    pub tables: Vec<TableExtent>,
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

    /// A row the tables say is no record: a totals row, or a row below a
    /// table and outside every table.
    pub fn not_record(&self, row: u32) -> Option<NotRecord> {
        if self.tables.is_empty() {
            return None;
        }
        let mut inside = false;
        for t in &self.tables {
            if row < t.first_row || row > t.last_row {
                continue;
            }
            if t.totals_rows > 0 && row > t.last_row - t.totals_rows {
                return Some(NotRecord::TableTotals);
            }
            inside = true;
        }
        let below_a_table = self.tables.iter().any(|t| row > t.last_row);
        (!inside && below_a_table).then_some(NotRecord::OutsideTable)
    }
}

/// The tables of every sheet of an xlsx package, by sheet name.
pub fn xlsx_tables<R: Read + Seek>(reader: R) -> HashMap<String, SheetHints> {
    let Ok(mut zip) = zip::ZipArchive::new(reader) else {
        return HashMap::new();
    };
    let mut out = HashMap::new();
    let sheets = workbook_sheets(&mut zip);
    for (name, part) in sheets {
        let rels = rels_of(&mut zip, &part);
        let mut hints = SheetHints::default();
        for target in table_parts(&mut zip, &part, &rels) {
            if let Some(t) = read_part(&mut zip, &target).and_then(|x| table_extent(&x)) {
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

/// Relationship id → target part, for the part `part`.
fn rels_of<R: Read + Seek>(zip: &mut zip::ZipArchive<R>, part: &str) -> HashMap<String, String> {
    let (dir, file) = part.rsplit_once('/').unwrap_or(("", part));
    let rels = format!("{dir}/_rels/{file}.rels");
    let Some(xml) = read_part(zip, &rels) else {
        return HashMap::new();
    };
    elements(&xml, "Relationship")
        .into_iter()
        .filter_map(|a| Some((a.get("Id")?.to_string(), resolve(dir, a.get("Target")?))))
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

/// (sheet name, worksheet part) in workbook order.
fn workbook_sheets<R: Read + Seek>(zip: &mut zip::ZipArchive<R>) -> Vec<(String, String)> {
    let Some(xml) = read_part(zip, "xl/workbook.xml") else {
        return Vec::new();
    };
    let rels = rels_of(zip, "xl/workbook.xml");
    elements(&xml, "sheet")
        .into_iter()
        .filter_map(|a| Some((a.get("name")?.to_string(), rels.get(a.get("id")?)?.clone())))
        .collect()
}

fn table_parts<R: Read + Seek>(
    zip: &mut zip::ZipArchive<R>,
    sheet: &str,
    rels: &HashMap<String, String>,
) -> Vec<String> {
    let Some(xml) = read_part(zip, sheet) else {
        return Vec::new();
    };
    // The table parts follow the cells: skip to them without parsing cells.
    let at = find(&xml, b"<tableParts").or_else(|| find(&xml, b":tableParts"));
    let Some(at) = at else {
        return Vec::new();
    };
    let tail = xml.get(at.saturating_sub(1)..).unwrap_or_default();
    elements(tail, "tablePart")
        .into_iter()
        .filter_map(|a| rels.get(a.get("id")?).cloned())
        .collect()
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

fn table_extent(xml: &[u8]) -> Option<TableExtent> {
    let table = elements(xml, "table").into_iter().next()?;
    let (start, end) = table.get("ref")?.split_once(':')?;
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
            tables: vec![TableExtent {
                name: "Badges".into(),
                first_row: 2,
                last_row: 9,
                header_rows: 1,
                totals_rows: 1,
            }],
        };
        assert_eq!(hints.header_row(), Some(2));
        assert_eq!(hints.not_record(5), None);
        assert_eq!(hints.not_record(9), Some(NotRecord::TableTotals));
        assert_eq!(hints.not_record(11), Some(NotRecord::OutsideTable));
        assert_eq!(hints.not_record(0), None);
        assert_eq!(SheetHints::default().not_record(3), None);
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
