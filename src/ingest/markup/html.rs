//! HTML tables saved as spreadsheets: each `<table>` is a sheet (named by
//! its caption or id, else `Table N`), each `<tr>` a row, each `<td>`/`<th>`
//! a cell, its text with white space collapsed. `colspan` and `rowspan`
//! place the cells as a browser does and fill the spanned cells with the
//! value, as merged cells are read elsewhere. Rows of a table nested inside
//! another belong to the inner table only. The page is parsed with
//! html5ever (through `scraper`), which recovers from broken markup the way
//! browsers do. Its charset comes from a byte-order mark, then a `<meta>`
//! declaration, else UTF-8 (Windows-1252 when it is not valid UTF-8); an
//! MHTML "single file web page" is read through its HTML part.

use super::{read_bounded, tidy, Sheet};
use crate::ingest::value::Value;
use crate::ingest::workbook::SheetSink;
use crate::ingest::FileError;
use scraper::{ElementRef, Html, Selector};
use std::path::Path;

/// Reads every table of an HTML (or MHTML) page into `sink`.
pub(crate) fn read_html(path: &Path, sink: &mut SheetSink<'_>) -> Result<(), FileError> {
    let sheets = {
        let bytes = read_bounded(path, super::MAX_HTML_BYTES)?;
        let html = match super::mime::html_part(&bytes) {
            Some(part) => part,
            None => decode(&bytes),
        };
        drop(bytes);
        // The document tree is dropped before the rows are read.
        tables(&Html::parse_document(&html))?
    };
    if sheets.is_empty() {
        return Err(FileError::WrongFormat(
            "an HTML page with no table in it; export the report as CSV or .xlsx",
        ));
    }
    for sheet in sheets {
        sheet.send(sink);
    }
    Ok(())
}

/// The page's text, by its declared charset.
pub(super) fn decode(bytes: &[u8]) -> String {
    if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        return encoding
            .decode_without_bom_handling(bytes.get(bom..).unwrap_or_default())
            .0
            .into_owned();
    }
    let declared =
        declared_charset(bytes).and_then(|c| encoding_rs::Encoding::for_label(c.as_bytes()));
    match declared {
        Some(encoding) => encoding.decode_without_bom_handling(bytes).0.into_owned(),
        None => match std::str::from_utf8(bytes) {
            Ok(text) => text.to_string(),
            Err(_) => encoding_rs::WINDOWS_1252
                .decode_without_bom_handling(bytes)
                .0
                .into_owned(),
        },
    }
}

/// `charset=…` in the page's first 4 KiB (a `<meta charset>` or an
/// `http-equiv` content type).
fn declared_charset(bytes: &[u8]) -> Option<String> {
    let head = String::from_utf8_lossy(bytes.get(..bytes.len().min(4096)).unwrap_or_default())
        .to_ascii_lowercase();
    let at = head.find("charset=")? + "charset=".len();
    let rest = head.get(at..)?.trim_start_matches(['"', '\'']);
    let name: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.'))
        .collect();
    (!name.is_empty()).then_some(name)
}

fn selector(s: &str) -> Selector {
    // The selectors are constants: parsing them cannot fail.
    Selector::parse(s).unwrap_or_else(|_| unreachable!("selector {s}"))
}

fn tables(document: &Html) -> Result<Vec<Sheet>, FileError> {
    let table = selector("table");
    let tr = selector("tr");
    let caption = selector("caption");
    let mut sheets = Vec::new();
    for (n, t) in document.select(&table).enumerate() {
        let name = t
            .select(&caption)
            .next()
            .map(|c| tidy(&c.text().collect::<String>()))
            .filter(|c| !c.is_empty())
            .or_else(|| t.value().attr("id").map(str::to_string))
            .unwrap_or_else(|| format!("Table {}", n + 1));
        let mut sheet = Sheet::new(unique(&sheets, name));
        // Columns taken by a cell spanning down: (column, last row, value).
        let mut spans: Vec<(u32, u32, Value)> = Vec::new();
        let mut row = 0u32;
        for r in t.select(&tr).filter(|r| owned_by(*r, t)) {
            let mut col = 0u32;
            let taken = |col: u32, spans: &[(u32, u32, Value)]| {
                spans.iter().any(|s| s.0 == col && s.1 >= row)
            };
            for c in r.children().filter_map(ElementRef::wrap) {
                let tag = c.value().name();
                if tag != "td" && tag != "th" {
                    continue;
                }
                while taken(col, &spans) {
                    col += 1;
                }
                let text = tidy(&c.text().collect::<String>());
                let value = if text.is_empty() {
                    Value::Empty
                } else {
                    Value::Text(text)
                };
                let span = |name: &str| {
                    c.value()
                        .attr(name)
                        .and_then(|v| v.trim().parse::<u32>().ok())
                        .unwrap_or(1)
                        .clamp(1, 1000)
                };
                let (across, down) = (span("colspan"), span("rowspan"));
                for k in 0..across {
                    if !value.is_blank() {
                        sheet.put(row, col + k, value.clone())?;
                    }
                    if down > 1 {
                        spans.push((col + k, row + down - 1, value.clone()));
                    }
                }
                col += across;
            }
            // Cells spanned down from the rows above.
            for (c, _, value) in &spans {
                if !value.is_blank() && !row_has(&sheet, row, *c) {
                    sheet.put(row, *c, value.clone())?;
                }
            }
            spans.retain(|s| s.1 > row);
            row += 1;
        }
        // Spans declared on the last row: HTML ends them with the table.
        sheets.push(sheet);
    }
    Ok(sheets)
}

/// Whether the sheet's row already holds a value at `col`.
fn row_has(sheet: &Sheet, row: u32, col: u32) -> bool {
    sheet
        .rows
        .iter()
        .rev()
        .find(|r| r.index == row)
        .is_some_and(|r| !r.get(col).is_blank())
}

/// Whether `table` is the row's nearest `table` ancestor.
fn owned_by(row: ElementRef<'_>, table: ElementRef<'_>) -> bool {
    row.ancestors()
        .filter_map(ElementRef::wrap)
        .find(|a| a.value().name() == "table")
        .is_some_and(|a| a.id() == table.id())
}

/// A sheet name not yet taken (two tables with one caption).
fn unique(sheets: &[Sheet], name: String) -> String {
    if !sheets.iter().any(|s| s.name == name) {
        return name;
    }
    // At most one name per sheet is taken: one of these is free.
    (2..=sheets.len() + 2)
        .map(|n| format!("{name} ({n})"))
        .find(|candidate| !sheets.iter().any(|s| &s.name == candidate))
        .unwrap_or(name)
}
