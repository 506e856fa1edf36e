//! Excel's XML Spreadsheet 2003 (`SpreadsheetML`, `.xml`, often renamed
//! `.xls` by report exports): `Worksheet › Table › Row › Cell › Data`,
//! streamed with quick-xml. A row or cell may skip ahead with `ss:Index`
//! (1-based); a cell spans others with `ss:MergeAcross` / `ss:MergeDown`,
//! read as it looks on screen (every cell of the area holds its value), as
//! merged cells are in the other formats. `ss:Type` types the value:
//! `DateTime` cells are dates, `Number` numbers, `Boolean` 1/0.

use super::{read_bounded, Sheet};
use crate::ingest::value::Value;
use crate::ingest::workbook::SheetSink;
use crate::ingest::FileError;
use quick_xml::events::{BytesStart, Event};
use std::path::Path;

/// A merged area: first row and column, last row and column, its value.
type Merge = (u32, u32, u32, u32, Value);

/// Reads every worksheet of a `SpreadsheetML` file into `sink`.
pub(crate) fn read_spreadsheetml(path: &Path, sink: &mut SheetSink<'_>) -> Result<(), FileError> {
    let bytes = read_bounded(path, super::MAX_MARKUP_BYTES)?;
    let mut xml = quick_xml::Reader::from_reader(bytes.as_slice());
    let mut buf = Vec::new();
    let mut sheet: Option<Sheet> = None;
    let mut merges: Vec<Merge> = Vec::new();
    let mut sheets = 0u32;
    // Position: next row, next column (zero-based).
    let (mut row, mut col) = (0u32, 0u32);
    let mut row_open = false;
    // The cell being read: its column, type, spans, and text.
    let mut cell: Option<(u32, String, u32, u32)> = None;
    let mut text = String::new();
    let mut in_data = false;
    loop {
        let event = xml.read_event_into(&mut buf).map_err(|e| {
            FileError::Corrupt(format!(
                "its XML is not well formed near byte {} ({e})",
                xml.buffer_position()
            ))
        })?;
        match event {
            Event::Start(e) | Event::Empty(e) if local(&e) == "Worksheet" && sheet.is_none() => {
                sheets += 1;
                let name = attr(&e, "Name").unwrap_or_else(|| format!("Sheet{sheets}"));
                sheet = Some(Sheet::new(name));
                (row, col, row_open) = (0, 0, false);
                merges.clear();
            }
            Event::End(e) if e.local_name().as_ref() == "Worksheet" => {
                if let Some(mut done) = sheet.take() {
                    for (r0, c0, r1, c1, value) in merges.drain(..) {
                        for r in r0..=r1 {
                            for c in c0..=c1 {
                                done.put(r, c, value.clone())?;
                            }
                        }
                    }
                    done.send(sink);
                }
            }
            Event::Start(e) if local(&e) == "Row" && sheet.is_some() => {
                if let Some(index) = index_of(&e) {
                    row = index;
                }
                col = 0;
                row_open = true;
            }
            Event::Empty(e) if local(&e) == "Row" && sheet.is_some() => {
                if let Some(index) = index_of(&e) {
                    row = index;
                }
                row += 1;
            }
            Event::End(e) if e.local_name().as_ref() == "Row" && row_open => {
                row += 1;
                row_open = false;
            }
            Event::Start(e) | Event::Empty(e) if local(&e) == "Cell" && sheet.is_some() => {
                if let Some(index) = index_of(&e) {
                    col = index;
                }
                let across = attr(&e, "MergeAcross")
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(0);
                let down = attr(&e, "MergeDown")
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(0);
                cell = Some((col, String::new(), across, down));
                text.clear();
                col = col.saturating_add(across).saturating_add(1);
            }
            Event::Start(e) if local(&e) == "Data" => {
                if let Some(c) = cell.as_mut() {
                    c.1 = attr(&e, "Type").unwrap_or_default();
                }
                in_data = true;
            }
            Event::End(e) if e.local_name().as_ref() == "Data" => in_data = false,
            Event::Text(t) if in_data => {
                text.push_str(&t.xml10_content());
            }
            Event::GeneralRef(r) if in_data => {
                // &amp; &lt; and numeric references inside cell text.
                let name = r.xml10_content();
                let resolved = match name.as_ref() {
                    "amp" => Some('&'),
                    "lt" => Some('<'),
                    "gt" => Some('>'),
                    "quot" => Some('"'),
                    "apos" => Some('\''),
                    _ => r.resolve_char_ref().ok().flatten(),
                };
                if let Some(c) = resolved {
                    text.push(c);
                }
            }
            Event::End(e) if e.local_name().as_ref() == "Cell" => {
                if let (Some((c, kind, across, down)), Some(s)) = (cell.take(), sheet.as_mut()) {
                    let value = typed(&kind, &text);
                    if across > 0 || down > 0 {
                        merges.push((row, c, row + down, c + across, value.clone()));
                    }
                    if !value.is_blank() {
                        s.put(row, c, value)?;
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    if sheets == 0 {
        return Err(FileError::NoSheets);
    }
    Ok(())
}

fn local(e: &BytesStart<'_>) -> String {
    e.local_name().as_ref().to_string()
}

/// An attribute by its local name (`ss:Name` and `Name` alike).
fn attr(e: &BytesStart<'_>, key: &str) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        (a.key.local_name().as_ref() == key)
            .then(|| {
                a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                    .ok()
                    .map(std::borrow::Cow::into_owned)
            })
            .flatten()
    })
}

/// `ss:Index`, 1-based, as a zero-based position.
fn index_of(e: &BytesStart<'_>) -> Option<u32> {
    attr(e, "Index")?.trim().parse::<u32>().ok()?.checked_sub(1)
}

/// A cell's value by its `ss:Type`.
fn typed(kind: &str, text: &str) -> Value {
    match kind {
        "Number" => text
            .trim()
            .parse::<f64>()
            .map_or_else(|_| Value::Text(text.to_string()), Value::Number),
        "Boolean" => Value::Bool(matches!(text.trim(), "1" | "true" | "TRUE")),
        "DateTime" => chrono::NaiveDateTime::parse_from_str(text.trim(), "%Y-%m-%dT%H:%M:%S%.f")
            .map_or_else(|_| Value::Text(text.to_string()), Value::DateTime),
        "Error" => Value::Error(text.trim().to_string()),
        _ if text.trim().is_empty() => Value::Empty,
        _ => Value::Text(text.to_string()),
    }
}
