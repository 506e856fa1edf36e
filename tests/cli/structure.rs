//! The structure Excel insists on, checked in the XML of a written workbook.
//!
//! `LibreOffice` opens almost anything, so rendering a workbook there proves
//! little: Excel instead offers to "repair" a file whose rows repeat, whose
//! tables overlap or whose names collide with its built-in names, and the
//! analyst then works from a file that Excel has silently changed. Every
//! workbook the tests make goes through [`assert_excel_clean`] (the `badgemap`
//! helper calls it after each command that writes one).

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use quick_xml::XmlVersion;
use std::collections::{HashMap, HashSet};
use std::io::Read;
use std::path::Path;

const MAX_ROWS: u32 = 1_048_576;
const MAX_COLS: u32 = 16_384;
const MAX_CELL_UNITS: usize = 32_767;
const MAX_LIST_CHARS: usize = 255;
const MAX_SHEET_NAME: usize = 31;

/// Names Excel defines itself (with or without the `_xlnm.` prefix); a
/// table or name spelled like one makes Excel repair the file.
const BUILT_IN_NAMES: &[&str] = &[
    "Print_Area",
    "Print_Titles",
    "Criteria",
    "Database",
    "Extract",
    "Consolidate_Area",
    "Sheet_Title",
    "_FilterDatabase",
    "Auto_Open",
    "Auto_Close",
    "Auto_Activate",
    "Auto_Deactivate",
    "Recorder",
    "Data_Form",
];

/// Panics listing every structural problem of the workbook at `path`.
pub(crate) fn assert_excel_clean(path: &Path) {
    let problems = check(path);
    assert!(
        problems.is_empty(),
        "{} would be repaired by Excel:\n  {}",
        path.display(),
        problems.join("\n  ")
    );
}

/// A zip archive's parts by name.
struct Parts(HashMap<String, Vec<u8>>);

impl Parts {
    fn read(path: &Path) -> Result<Self, String> {
        let file = std::fs::File::open(path).map_err(|e| e.to_string())?;
        let mut zip = zip::ZipArchive::new(file).map_err(|e| format!("not a zip: {e}"))?;
        let mut parts = HashMap::new();
        for i in 0..zip.len() {
            let mut entry = zip.by_index(i).map_err(|e| e.to_string())?;
            let name = entry.name().unwrap_or_default().to_string();
            let mut data = Vec::new();
            entry.read_to_end(&mut data).map_err(|e| e.to_string())?;
            if parts.insert(name.clone(), data).is_some() {
                return Err(format!("zip part {name} appears twice"));
            }
        }
        Ok(Parts(parts))
    }

    fn get(&self, name: &str) -> Option<&[u8]> {
        self.0.get(name).map(Vec::as_slice)
    }
}

/// Every problem found, as sentences; empty when Excel would open the file
/// as it is.
pub(crate) fn check(path: &Path) -> Vec<String> {
    match Parts::read(path) {
        Ok(parts) => check_parts(&parts),
        Err(e) => vec![e],
    }
}

fn check_parts(parts: &Parts) -> Vec<String> {
    let mut problems = Vec::new();
    let Some(workbook) = parts.get("xl/workbook.xml") else {
        return vec!["no xl/workbook.xml".into()];
    };
    let book = parse_workbook(workbook);
    let rels = parse_rels(parts.get("xl/_rels/workbook.xml.rels").unwrap_or_default());
    let shared = parse_shared_strings(parts.get("xl/sharedStrings.xml").unwrap_or_default());
    for (i, s) in shared.iter().enumerate() {
        if s.encode_utf16().count() > MAX_CELL_UNITS {
            problems.push(format!(
                "shared string {i} is longer than 32,767 characters"
            ));
        }
    }
    check_sheet_names(&book.sheets, &mut problems);
    // Names across the workbook: tables and defined names share one space.
    let mut names: HashMap<String, String> = HashMap::new();
    for (name, scope) in &book.defined_names {
        let bare = name.strip_prefix("_xlnm.").unwrap_or(name);
        if name.starts_with("_xlnm.") {
            if !BUILT_IN_NAMES.iter().any(|b| b.eq_ignore_ascii_case(bare)) {
                problems.push(format!("defined name {name} is not a built-in name"));
            }
        } else {
            check_name("defined name", name, &mut problems);
        }
        let key = format!("{}|{}", name.to_lowercase(), scope.as_deref().unwrap_or(""));
        if names.insert(key, name.clone()).is_some() {
            problems.push(format!("defined name {name} is defined twice in one scope"));
        }
    }
    let mut table_names: HashSet<String> = HashSet::new();
    let mut table_ids: HashSet<u32> = HashSet::new();
    for (sheet_name, rid) in &book.sheets {
        let Some(target) = rels.get(rid) else {
            problems.push(format!("sheet {sheet_name} has no part"));
            continue;
        };
        let part = resolve("xl/", target);
        let Some(xml) = parts.get(&part) else {
            problems.push(format!("sheet {sheet_name}: part {part} is missing"));
            continue;
        };
        let sheet = parse_sheet(xml, &shared);
        let at = |m: String| format!("{sheet_name}: {m}");
        for p in sheet.problems() {
            problems.push(at(p));
        }
        let sheet_rels = parse_rels(parts.get(&rels_of(&part)).unwrap_or_default());
        let mut areas: Vec<(String, Area)> = Vec::new();
        if let Some(filter) = &sheet.autofilter {
            areas.push(("the autofilter".into(), *filter));
        }
        for rid in &sheet.table_parts {
            let Some(target) = sheet_rels.get(rid) else {
                problems.push(at(format!("table part {rid} has no target")));
                continue;
            };
            let table_part = resolve(&dir_of(&part), target);
            let Some(xml) = parts.get(&table_part) else {
                problems.push(at(format!("table part {table_part} is missing")));
                continue;
            };
            let table = parse_table(xml);
            check_name("table", &table.name, &mut problems);
            if table.display_name != table.name {
                check_name("table", &table.display_name, &mut problems);
            }
            if !table_names.insert(table.display_name.to_lowercase())
                || names
                    .keys()
                    .any(|k| k.split('|').next() == Some(&table.display_name.to_lowercase()))
            {
                problems.push(format!(
                    "table name {} is used twice in the workbook",
                    table.display_name
                ));
            }
            if !table_ids.insert(table.id) {
                problems.push(format!("table id {} is used twice", table.id));
            }
            for p in table.problems(&sheet) {
                problems.push(at(p));
            }
            areas.push((format!("table {}", table.display_name), table.area));
        }
        for (i, (a, x)) in areas.iter().enumerate() {
            for (b, y) in areas.iter().skip(i + 1) {
                if x.overlaps(y) {
                    problems.push(at(format!("{a} overlaps {b}")));
                }
            }
        }
    }
    problems
}

fn check_sheet_names(sheets: &[(String, String)], problems: &mut Vec<String>) {
    let mut seen = HashSet::new();
    for (name, _) in sheets {
        if name.is_empty() || name.chars().count() > MAX_SHEET_NAME {
            problems.push(format!(
                "sheet name {name:?} is empty or over 31 characters"
            ));
        }
        if name.contains(['[', ']', ':', '*', '?', '/', '\\']) || name.starts_with('\'') {
            problems.push(format!("sheet name {name:?} has a character Excel forbids"));
        }
        if !seen.insert(name.to_lowercase()) {
            problems.push(format!("sheet name {name:?} is used twice"));
        }
    }
}

/// A table or defined name Excel accepts: a letter, `_` or `\` first, then
/// letters, digits, `_` and `.`; not a cell reference; not a built-in name.
fn check_name(what: &str, name: &str, problems: &mut Vec<String>) {
    let mut chars = name.chars();
    let first_ok = chars
        .next()
        .is_some_and(|c| c.is_alphabetic() || c == '_' || c == '\\');
    let rest_ok = chars.all(|c| c.is_alphanumeric() || c == '_' || c == '.');
    if !first_ok || !rest_ok || name.chars().count() > 255 {
        problems.push(format!("{what} name {name:?} is not a valid Excel name"));
    }
    if looks_like_reference(name) {
        problems.push(format!("{what} name {name:?} reads as a cell reference"));
    }
    if BUILT_IN_NAMES.iter().any(|b| b.eq_ignore_ascii_case(name)) {
        problems.push(format!(
            "{what} name {name:?} is one of Excel's built-in names"
        ));
    }
}

/// `A1`, `XFD1048576`, `R1C1`, `R`, `C` and the like.
fn looks_like_reference(name: &str) -> bool {
    let upper = name.to_ascii_uppercase();
    if ["R", "C"].contains(&upper.as_str()) {
        return true;
    }
    if parse_ref(&upper).is_some_and(|(r, c)| (1..=MAX_ROWS).contains(&r) && c <= MAX_COLS) {
        return true;
    }
    let r1c1 = upper
        .strip_prefix('R')
        .and_then(|rest| rest.split_once('C'))
        .is_some_and(|(r, c)| {
            r.chars().all(|ch| ch.is_ascii_digit()) && c.chars().all(|ch| ch.is_ascii_digit())
        });
    r1c1
}

/// A rectangle of cells, 1-based, inclusive.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Area {
    first: (u32, u32),
    last: (u32, u32),
}

impl Area {
    fn parse(text: &str) -> Option<Area> {
        let (a, b) = text.split_once(':').unwrap_or((text, text));
        let (first, last) = (parse_ref(a)?, parse_ref(b)?);
        (first.0 <= last.0 && first.1 <= last.1).then_some(Area { first, last })
    }

    fn contains(&self, (r, c): (u32, u32)) -> bool {
        (self.first.0..=self.last.0).contains(&r) && (self.first.1..=self.last.1).contains(&c)
    }

    fn overlaps(&self, o: &Area) -> bool {
        self.first.0 <= o.last.0
            && o.first.0 <= self.last.0
            && self.first.1 <= o.last.1
            && o.first.1 <= self.last.1
    }
}

/// `B7` → (row 7, column 2); `$B$7` too.
fn parse_ref(text: &str) -> Option<(u32, u32)> {
    let text = text.replace('$', "");
    let split = text.find(|c: char| c.is_ascii_digit())?;
    let (letters, digits) = text.split_at(split);
    if letters.is_empty() || letters.len() > 3 || !letters.chars().all(|c| c.is_ascii_uppercase()) {
        return None;
    }
    let col = letters
        .bytes()
        .fold(0u32, |n, b| n * 26 + u32::from(b - b'A' + 1));
    let row = digits.parse().ok()?;
    Some((row, col))
}

struct Book {
    /// (name, relationship id), in order.
    sheets: Vec<(String, String)>,
    /// (name, local sheet id).
    defined_names: Vec<(String, Option<String>)>,
}

/// The value of attribute `key` (matched by local name, so `r:id` is `id`).
fn attr(e: &BytesStart<'_>, key: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == key)
        .and_then(|a| {
            a.normalized_value(XmlVersion::Implicit1_0)
                .ok()
                .map(std::borrow::Cow::into_owned)
        })
}

/// Walks the start (and empty) elements and text of an XML part.
fn walk(xml: &[u8], mut visit: impl FnMut(XmlEvent<'_, '_>)) {
    let mut reader = Reader::from_reader(xml);
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e)) => visit(XmlEvent::Open(&e, false)),
            Ok(Event::Empty(e)) => visit(XmlEvent::Open(&e, true)),
            Ok(Event::End(e)) => visit(XmlEvent::Close(e.local_name().as_ref())),
            Ok(Event::Text(t)) => visit(XmlEvent::Text(&t.xml10_content())),
            Ok(Event::GeneralRef(r)) => {
                let text = match r.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    _ => quick_xml::escape::resolve_predefined_entity(r.as_ref())
                        .unwrap_or_default()
                        .to_string(),
                };
                visit(XmlEvent::Text(&text));
            }
            Ok(Event::CData(t)) => visit(XmlEvent::Text(t.as_ref())),
            Ok(Event::Eof) => break,
            Err(e) => {
                visit(XmlEvent::Error(e.to_string()));
                break;
            }
            _ => {}
        }
        buf.clear();
    }
}

enum XmlEvent<'a, 'b> {
    /// An element opened; `true` when it is also closed (`<x/>`).
    Open(&'a BytesStart<'b>, bool),
    Close(&'a str),
    Text(&'a str),
    Error(String),
}

fn local(e: &BytesStart<'_>) -> String {
    e.local_name().as_ref().to_string()
}

fn parse_workbook(xml: &[u8]) -> Book {
    let mut book = Book {
        sheets: Vec::new(),
        defined_names: Vec::new(),
    };
    walk(xml, |ev| match ev {
        XmlEvent::Open(e, _) if local(e) == "sheet" => {
            let rid = attr(e, "id").unwrap_or_default();
            book.sheets.push((attr(e, "name").unwrap_or_default(), rid));
        }
        XmlEvent::Open(e, _) if local(e) == "definedName" => {
            book.defined_names
                .push((attr(e, "name").unwrap_or_default(), attr(e, "localSheetId")));
        }
        _ => {}
    });
    book
}

/// Relationship id → target.
fn parse_rels(xml: &[u8]) -> HashMap<String, String> {
    let mut rels = HashMap::new();
    walk(xml, |ev| {
        if let XmlEvent::Open(e, _) = ev {
            if local(e) == "Relationship" {
                if let (Some(id), Some(target)) = (attr(e, "Id"), attr(e, "Target")) {
                    rels.insert(id, target);
                }
            }
        }
    });
    rels
}

fn parse_shared_strings(xml: &[u8]) -> Vec<String> {
    let mut strings = Vec::new();
    let (mut current, mut in_t) = (String::new(), false);
    walk(xml, |ev| match ev {
        XmlEvent::Open(e, empty) if local(e) == "si" => {
            current.clear();
            if empty {
                strings.push(String::new());
            }
        }
        XmlEvent::Open(e, empty) if local(e) == "t" => in_t = !empty,
        XmlEvent::Close("t") => in_t = false,
        XmlEvent::Close("si") => strings.push(std::mem::take(&mut current)),
        XmlEvent::Text(t) if in_t => current.push_str(t),
        _ => {}
    });
    strings
}

/// `xl/` + `worksheets/sheet1.xml`, or an absolute `/xl/…` target.
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

fn dir_of(part: &str) -> String {
    part.rsplit_once('/')
        .map_or_else(String::new, |(d, _)| format!("{d}/"))
}

fn rels_of(part: &str) -> String {
    match part.rsplit_once('/') {
        Some((d, f)) => format!("{d}/_rels/{f}.rels"),
        None => format!("_rels/{part}.rels"),
    }
}

/// What a worksheet part holds, as far as Excel's rules go.
#[derive(Default)]
struct Sheet {
    dimension: Option<Area>,
    /// Row numbers in the order written.
    rows: Vec<u32>,
    /// (row number of the enclosing row, cell reference) in order.
    cells: Vec<(u32, String)>,
    /// Cell reference → text (inline or shared strings) for header checks.
    texts: HashMap<(u32, u32), String>,
    autofilter: Option<Area>,
    table_parts: Vec<String>,
    /// Inline list validations: (sqref, list text).
    lists: Vec<(String, String)>,
    errors: Vec<String>,
}

fn parse_sheet(xml: &[u8], shared: &[String]) -> Sheet {
    let mut sheet = Sheet::default();
    let mut row = 0u32;
    // The open cell: reference, type, and the text gathered inside it.
    let mut cell: Option<((u32, u32), String)> = None;
    let mut text = String::new();
    let mut in_text = false;
    let mut validation: Option<(String, bool)> = None;
    let mut in_formula1 = false;
    let mut formula = String::new();
    walk(xml, |ev| match ev {
        XmlEvent::Open(e, empty) => match local(e).as_str() {
            "dimension" => sheet.dimension = attr(e, "ref").and_then(|r| Area::parse(&r)),
            "row" => {
                row = attr(e, "r").and_then(|r| r.parse().ok()).unwrap_or(0);
                sheet.rows.push(row);
            }
            "c" => {
                let r = attr(e, "r").unwrap_or_default();
                sheet.cells.push((row, r.clone()));
                let kind = attr(e, "t").unwrap_or_default();
                text.clear();
                cell = (!empty).then(|| (parse_ref(&r).unwrap_or((0, 0)), kind));
            }
            "t" | "v" if cell.is_some() => in_text = !empty,
            "autoFilter" => sheet.autofilter = attr(e, "ref").and_then(|r| Area::parse(&r)),
            "tablePart" => {
                sheet.table_parts.extend(attr(e, "id"));
            }
            "dataValidation" => {
                let is_list = attr(e, "type").as_deref() == Some("list");
                validation = Some((attr(e, "sqref").unwrap_or_default(), is_list));
            }
            "formula1" => {
                in_formula1 = !empty;
                formula.clear();
            }
            _ => {}
        },
        XmlEvent::Text(t) if in_text => text.push_str(t),
        XmlEvent::Text(t) if in_formula1 => formula.push_str(t),
        XmlEvent::Close("t" | "v") => in_text = false,
        XmlEvent::Close("formula1") => {
            in_formula1 = false;
            if let Some((sqref, true)) = &validation {
                if let Some(list) = formula.strip_prefix('"').and_then(|f| f.strip_suffix('"')) {
                    sheet.lists.push((sqref.clone(), list.to_string()));
                }
            }
        }
        XmlEvent::Close("dataValidation") => validation = None,
        XmlEvent::Close("c") => {
            if let Some((at, kind)) = cell.take() {
                let value = match kind.as_str() {
                    "s" => text
                        .trim()
                        .parse::<usize>()
                        .ok()
                        .and_then(|i| shared.get(i).cloned())
                        .unwrap_or_default(),
                    "inlineStr" | "str" => text.clone(),
                    _ => String::new(),
                };
                if !value.is_empty() {
                    sheet.texts.insert(at, value);
                }
            }
        }
        XmlEvent::Error(e) => sheet.errors.push(format!("XML is not well formed: {e}")),
        _ => {}
    });
    sheet
}

impl Sheet {
    fn problems(&self) -> Vec<String> {
        let mut out = self.errors.clone();
        for pair in self.rows.windows(2) {
            if pair[1] <= pair[0] {
                out.push(format!(
                    "row {} follows row {}: rows must be unique and ascending",
                    pair[1], pair[0]
                ));
            }
        }
        if let Some(bad) = self.rows.iter().find(|r| **r == 0 || **r > MAX_ROWS) {
            out.push(format!("row number {bad} is outside 1..=1048576"));
        }
        let mut previous: Option<(u32, u32)> = None;
        for (row, reference) in &self.cells {
            let Some((r, c)) = parse_ref(reference) else {
                out.push(format!("cell reference {reference:?} is not valid"));
                continue;
            };
            if r != *row {
                out.push(format!("cell {reference} sits in row {row}"));
            }
            if c > MAX_COLS {
                out.push(format!("cell {reference} is past column XFD"));
            }
            if let Some((pr, pc)) = previous {
                if pr == r && c <= pc {
                    out.push(format!(
                        "cell {reference} follows a cell at or right of it in row {r}"
                    ));
                }
            }
            previous = Some((r, c));
            match self.dimension {
                Some(d) if d.contains((r, c)) => {}
                Some(_) => out.push(format!(
                    "cell {reference} lies outside the sheet's dimension"
                )),
                None => out.push(format!(
                    "cell {reference} written but no dimension declared"
                )),
            }
        }
        for ((r, c), text) in &self.texts {
            if text.encode_utf16().count() > MAX_CELL_UNITS {
                out.push(format!(
                    "cell at row {r}, column {c} holds over 32,767 characters"
                ));
            }
        }
        for (sqref, list) in &self.lists {
            if list.chars().count() > MAX_LIST_CHARS {
                out.push(format!(
                    "the dropdown list of {sqref} is {} characters, over Excel's 255",
                    list.chars().count()
                ));
            }
        }
        out
    }
}

struct TablePart {
    id: u32,
    name: String,
    display_name: String,
    area: Area,
    header_rows: u32,
    columns: Vec<String>,
    errors: Vec<String>,
}

fn parse_table(xml: &[u8]) -> TablePart {
    let mut t = TablePart {
        id: 0,
        name: String::new(),
        display_name: String::new(),
        area: Area {
            first: (0, 0),
            last: (0, 0),
        },
        header_rows: 1,
        columns: Vec::new(),
        errors: Vec::new(),
    };
    walk(xml, |ev| match ev {
        XmlEvent::Open(e, _) if local(e) == "table" => {
            t.id = attr(e, "id").and_then(|v| v.parse().ok()).unwrap_or(0);
            t.name = attr(e, "name").unwrap_or_default();
            t.display_name = attr(e, "displayName").unwrap_or_else(|| t.name.clone());
            match attr(e, "ref").and_then(|r| Area::parse(&r)) {
                Some(a) => t.area = a,
                None => t.errors.push(format!("table {} has no valid ref", t.name)),
            }
            t.header_rows = attr(e, "headerRowCount")
                .and_then(|v| v.parse().ok())
                .unwrap_or(1);
        }
        XmlEvent::Open(e, _) if local(e) == "tableColumn" => {
            t.columns.push(attr(e, "name").unwrap_or_default());
        }
        XmlEvent::Error(e) => t.errors.push(format!("table XML is not well formed: {e}")),
        _ => {}
    });
    t
}

impl TablePart {
    /// The table's own rules: as many columns as its ref is wide, unique
    /// column names, and header cells that say the column names.
    fn problems(&self, sheet: &Sheet) -> Vec<String> {
        let mut out = self.errors.clone();
        let width = (self.area.last.1 - self.area.first.1 + 1) as usize;
        if self.columns.len() != width {
            out.push(format!(
                "table {} has {} columns for a ref {width} wide",
                self.display_name,
                self.columns.len()
            ));
        }
        let mut seen = HashSet::new();
        for name in &self.columns {
            if !seen.insert(name.to_lowercase()) {
                out.push(format!(
                    "table {} repeats column {name:?}",
                    self.display_name
                ));
            }
        }
        if self.header_rows > 0 {
            let r = self.area.first.0;
            for (i, name) in self.columns.iter().enumerate() {
                let c = self.area.first.1 + i as u32;
                let cell = sheet.texts.get(&(r, c)).map_or("", String::as_str);
                if cell != name {
                    out.push(format!(
                        "table {} column {name:?} has header cell text {cell:?}",
                        self.display_name
                    ));
                }
            }
        }
        if let Some(d) = sheet.dimension {
            if !d.contains(self.area.first) || !d.contains(self.area.last) {
                out.push(format!(
                    "table {} reaches outside the sheet's dimension",
                    self.display_name
                ));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::support::{rewrite_zip_part, temp, write_xlsx, T};

    #[test]
    fn a_repeated_row_is_found() {
        let dir = temp();
        let path = dir.path().join("t.xlsx");
        write_xlsx(&path, &[("S", vec![vec![T("a")], vec![T("b")]])]);
        assert_eq!(check(&path), Vec::<String>::new());
        rewrite_zip_part(&path, "xl/worksheets/sheet1.xml", |xml| {
            xml.replace(
                "</sheetData>",
                "<row r=\"2\" ht=\"90\" customHeight=\"1\"/></sheetData>",
            )
        });
        assert_eq!(
            check(&path),
            ["S: row 2 follows row 2: rows must be unique and ascending"]
        );
    }

    #[test]
    fn cells_out_of_order_or_outside_the_dimension_are_found() {
        let dir = temp();
        let path = dir.path().join("t.xlsx");
        write_xlsx(&path, &[("S", vec![vec![T("a"), T("b")]])]);
        rewrite_zip_part(&path, "xl/worksheets/sheet1.xml", |xml| {
            xml.replace("r=\"B1\"", "r=\"C1\"")
                .replace("r=\"A1\"", "r=\"D1\"")
        });
        let problems = check(&path);
        assert!(
            problems.contains(&"S: cell C1 follows a cell at or right of it in row 1".to_string()),
            "{problems:?}"
        );
        assert!(
            problems.contains(&"S: cell D1 lies outside the sheet's dimension".to_string()),
            "{problems:?}"
        );
    }

    #[test]
    fn built_in_and_reference_like_names_and_long_lists_are_found() {
        let mut problems = Vec::new();
        check_name("table", "Criteria", &mut problems);
        check_name("table", "AB12", &mut problems);
        check_name("table", "R1C1", &mut problems);
        check_name("table", "Has space", &mut problems);
        check_name("table", "tblCriteria", &mut problems);
        assert_eq!(
            problems,
            [
                "table name \"Criteria\" is one of Excel's built-in names",
                "table name \"AB12\" reads as a cell reference",
                "table name \"R1C1\" reads as a cell reference",
                "table name \"Has space\" is not a valid Excel name",
            ]
        );
        let dir = temp();
        let path = dir.path().join("t.xlsx");
        write_xlsx(&path, &[("S", vec![vec![T("a")]])]);
        let list = "x,".repeat(130);
        rewrite_zip_part(&path, "xl/worksheets/sheet1.xml", |xml| {
            xml.replace(
                "</sheetData>",
                &format!(
                    "</sheetData><dataValidations count=\"1\"><dataValidation type=\"list\" sqref=\"A2\"><formula1>\"{list}\"</formula1></dataValidation></dataValidations>"
                ),
            )
        });
        assert_eq!(
            check(&path),
            ["S: the dropdown list of A2 is 260 characters, over Excel's 255"]
        );
    }

    #[test]
    fn overlapping_tables_are_found() {
        let a = Area::parse("A1:C10").unwrap();
        assert!(a.overlaps(&Area::parse("C10:D12").unwrap()));
        assert!(!a.overlaps(&Area::parse("D1:D12").unwrap()));
        assert!(!a.overlaps(&Area::parse("A11:C12").unwrap()));
    }
}
