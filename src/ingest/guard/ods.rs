//! .ods: the span of content.xml's cells, its merged cells (calamine reports
//! none for `OpenDocument`), and indented content.xml.

use super::{Span, MAX_DENSE_CELLS, MAX_WHOLE_PART};
use crate::ingest::FileError;
use calamine::Dimensions;
use quick_xml::events::Event;
use std::collections::HashMap;
use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;

/// Merged areas kept per sheet; more are not filled.
const MAX_MERGES: usize = 10_000;

/// The merged areas of each sheet of an .ods, by sheet name.
pub(crate) type OdsMerges = HashMap<String, Vec<Dimensions>>;

/// Refuses an .ods whose sheets span more cells than the dense-range budget,
/// reading content.xml as a stream: calamine expands every repeated row and
/// column between the first and last cell that holds something. Returns the
/// sheets' merged areas, read in the same pass.
pub(crate) fn check_ods(path: &Path) -> Result<OdsMerges, FileError> {
    let Ok(file) = File::open(path) else {
        return Ok(OdsMerges::new());
    };
    let Ok(mut zip) = zip::ZipArchive::new(BufReader::new(file)) else {
        return Ok(OdsMerges::new());
    };
    let Ok(content) = zip.by_name("content.xml") else {
        return Ok(OdsMerges::new());
    };
    let mut content = BufReader::new(content);
    if let Ok(head) = std::io::BufRead::fill_buf(&mut content) {
        if super::declares_dtd(head) {
            return Err(FileError::XmlBomb("content.xml".to_string()));
        }
    }
    let scan = ods_scan(content);
    if scan.total > MAX_DENSE_CELLS {
        return Err(FileError::DenseRange {
            requested: usize::try_from(scan.total).unwrap_or(usize::MAX),
            max: MAX_DENSE_CELLS as usize,
        });
    }
    Ok(scan.merges)
}

/// The .ods at `path`, in memory, with the white space between elements of
/// content.xml removed (text inside paragraphs is kept): some generators
/// indent content.xml, which calamine cannot read; and with a `mimetype`
/// entry when it lacks one and its manifest declares a spreadsheet.
pub(crate) fn ods_without_layout_space(path: &Path) -> Result<Vec<u8>, FileError> {
    use std::io::Write;
    let corrupt = |what: String| FileError::Corrupt(what);
    let file = File::open(path).map_err(FileError::Io)?;
    let mut zip = zip::ZipArchive::new(BufReader::new(file))
        .map_err(|e| corrupt(format!("not a readable zip archive ({e})")))?;
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    // A package without its `mimetype` entry is still an .ods when its
    // manifest says so (the manifest declares the type for "/"): the entry
    // is supplied, first, as the format wants it.
    if zip.index_for_name("mimetype").is_none() {
        let mut manifest = String::new();
        if let Ok(mut entry) = zip.by_name("META-INF/manifest.xml") {
            let _ = (&mut entry).take(1 << 20).read_to_string(&mut manifest);
        }
        if !manifest.contains("application/vnd.oasis.opendocument.spreadsheet") {
            return Err(FileError::WrongFormat(
                "an OpenDocument package with no mimetype entry whose manifest declares no spreadsheet",
            ));
        }
        out.start_file("mimetype", options)
            .and_then(|()| {
                out.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
                    .map_err(Into::into)
            })
            .map_err(|e| corrupt(format!("cannot rebuild it in memory ({e})")))?;
    }
    for i in 0..zip.len() {
        let mut entry = zip
            .by_index(i)
            .map_err(|e| corrupt(format!("a part cannot be read ({e})")))?;
        let name = entry.name().unwrap_or_default().to_string();
        if entry.size() > MAX_WHOLE_PART {
            return Err(FileError::TooLarge {
                part: name,
                size: entry.size(),
                limit: MAX_WHOLE_PART,
            });
        }
        let mut data = Vec::new();
        entry
            .read_to_end(&mut data)
            .map_err(|e| corrupt(format!("its {name} part cannot be read ({e})")))?;
        if name == "content.xml" {
            data = strip_layout_space(&data);
        }
        out.start_file(name.as_str(), options)
            .and_then(|()| out.write_all(&data).map_err(Into::into))
            .map_err(|e| corrupt(format!("cannot rebuild it in memory ({e})")))?;
    }
    out.finish()
        .map(std::io::Cursor::into_inner)
        .map_err(|e| corrupt(format!("cannot rebuild it in memory ({e})")))
}

/// A flat ODS (`.fods`: the document's XML as one file) as an .ods in
/// memory, so that it is read by the ODS path: its XML, layout white space
/// removed, as `content.xml` beside a `mimetype` entry; checked like an
/// .ods first (the cells its sheets span, and their merged areas).
pub(crate) fn fods_as_ods(path: &Path) -> Result<(Vec<u8>, OdsMerges), FileError> {
    use std::io::Write;
    let size = std::fs::metadata(path).map_err(FileError::Io)?.len();
    if size > MAX_WHOLE_PART {
        return Err(FileError::TooLarge {
            part: "document".to_string(),
            size,
            limit: MAX_WHOLE_PART,
        });
    }
    let xml = std::fs::read(path).map_err(FileError::Io)?;
    if super::declares_dtd(xml.get(..xml.len().min(4096)).unwrap_or_default()) {
        return Err(FileError::XmlBomb("document".to_string()));
    }
    let scan = ods_scan(std::io::BufReader::new(xml.as_slice()));
    if scan.total > MAX_DENSE_CELLS {
        return Err(FileError::DenseRange {
            requested: usize::try_from(scan.total).unwrap_or(usize::MAX),
            max: MAX_DENSE_CELLS as usize,
        });
    }
    let content = strip_layout_space(&xml);
    let corrupt = |e: String| FileError::Corrupt(format!("cannot rebuild it in memory ({e})"));
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    out.start_file("mimetype", options)
        .and_then(|()| {
            out.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
                .map_err(Into::into)
        })
        .and_then(|()| out.start_file("META-INF/manifest.xml", options))
        .and_then(|()| out.write_all(MANIFEST).map_err(Into::into))
        .and_then(|()| out.start_file("content.xml", options))
        .and_then(|()| out.write_all(&content).map_err(Into::into))
        .map_err(|e| corrupt(e.to_string()))?;
    let bytes = out
        .finish()
        .map(std::io::Cursor::into_inner)
        .map_err(|e| corrupt(e.to_string()))?;
    Ok((bytes, scan.merges))
}

/// The manifest of an .ods holding only its content.
const MANIFEST: &[u8] = br#"<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;

/// Drops white-space-only text outside paragraphs.
fn strip_layout_space(xml: &[u8]) -> Vec<u8> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut writer = quick_xml::Writer::new(Vec::with_capacity(xml.len()));
    let mut buf = Vec::new();
    let mut in_text = 0u32;
    loop {
        let event = match reader.read_event_into(&mut buf) {
            Ok(Event::Eof) | Err(_) => break,
            Ok(e) => e,
        };
        match &event {
            Event::Start(e) if e.name().as_ref().starts_with("text:") => in_text += 1,
            Event::End(e) if e.name().as_ref().starts_with("text:") => {
                in_text = in_text.saturating_sub(1);
            }
            Event::Text(t) if in_text == 0 && t.as_ref().trim().is_empty() => {
                buf.clear();
                continue;
            }
            _ => {}
        }
        if writer.write_event(event).is_err() {
            break;
        }
        buf.clear();
    }
    writer.into_inner()
}

/// What one pass over content.xml finds.
#[derive(Default)]
struct OdsScan {
    /// The cells the sheets span: per table, from the first to the last row
    /// and column with content.
    total: u64,
    merges: OdsMerges,
}

#[cfg(test)]
fn ods_span(content: impl std::io::BufRead) -> u64 {
    ods_scan(content).total
}

fn ods_scan(content: impl std::io::BufRead) -> OdsScan {
    let mut reader = quick_xml::Reader::from_reader(content);
    let mut buf = Vec::new();
    let mut total = 0u64;
    let mut merges = OdsMerges::new();
    let mut sheet = String::new();
    let mut span = Span::default();
    let (mut row, mut col, mut row_repeat) = (0u32, 0u32, 1u32);
    // The open cell: its column, its repeat, and whether it holds anything.
    let mut cell: Option<(u32, u32, bool)> = None;
    loop {
        let (start, empty) = match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e)) => (Some(e.into_owned()), false),
            Ok(Event::Empty(e)) => (Some(e.into_owned()), true),
            Ok(Event::End(e)) => {
                match e.name().as_ref() {
                    "table:table-cell" | "table:covered-table-cell" => {
                        close_cell(&mut cell, &mut span, &mut col, row, row_repeat);
                    }
                    "table:table-row" => row = row.saturating_add(row_repeat),
                    "table:table" => total = total.saturating_add(span.cells()),
                    _ => {}
                }
                (None, false)
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => (None, false),
        };
        if let Some(e) = start {
            match e.name().as_ref() {
                "table:table" => {
                    span = Span::default();
                    row = 0;
                    sheet = attr_text(&e, "table:name").unwrap_or_default();
                }
                "table:table-row" => {
                    col = 0;
                    row_repeat = attr_number(&e, "table:number-rows-repeated");
                    if empty {
                        row = row.saturating_add(row_repeat);
                    }
                }
                "table:table-cell" | "table:covered-table-cell" => {
                    let n = attr_number(&e, "table:number-columns-repeated");
                    let down = attr_number(&e, "table:number-rows-spanned");
                    let across = attr_number(&e, "table:number-columns-spanned");
                    if down > 1 || across > 1 {
                        let areas = merges.entry(sheet.clone()).or_default();
                        if areas.len() < MAX_MERGES {
                            areas.push(Dimensions::new(
                                (row, col),
                                (row.saturating_add(down - 1), col.saturating_add(across - 1)),
                            ));
                        }
                    }
                    let valued = e
                        .attributes()
                        .flatten()
                        .any(|a| a.key.as_ref() == "office:value-type");
                    cell = Some((col, n, valued));
                    if empty {
                        close_cell(&mut cell, &mut span, &mut col, row, row_repeat);
                    }
                }
                "text:p" | "text:span" | "text:s" if !empty => {
                    if let Some((_, _, filled)) = cell.as_mut() {
                        *filled = true;
                    }
                }
                _ => {}
            }
        }
        buf.clear();
    }
    OdsScan { total, merges }
}

fn attr_text(e: &quick_xml::events::BytesStart<'_>, key: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == key)
        .and_then(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(std::borrow::Cow::into_owned)
        })
}

/// A repeat count attribute (1 when absent).
fn attr_number(e: &quick_xml::events::BytesStart<'_>, key: &str) -> u32 {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == key)
        .and_then(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()?
                .parse()
                .ok()
        })
        .unwrap_or(1u32)
        .max(1)
}

/// Ends the open cell: a filled one widens the span over its repeats.
fn close_cell(
    cell: &mut Option<(u32, u32, bool)>,
    span: &mut Span,
    col: &mut u32,
    row: u32,
    row_repeat: u32,
) {
    if let Some((c, n, filled)) = cell.take() {
        if filled {
            span.add(row, c);
            span.add(row.saturating_add(row_repeat - 1), c.saturating_add(n - 1));
        }
        *col = c.saturating_add(n);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_ods_span_runs_from_the_first_to_the_last_filled_cell() {
        let xml = r#"<office:document-content><office:body><office:spreadsheet>
<table:table table:name="A">
<table:table-row><table:table-cell office:value-type="string"><text:p>Member</text:p></table:table-cell><table:table-cell table:number-columns-repeated="3"/></table:table-row>
<table:table-row table:number-rows-repeated="999998"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>
<table:table-row><table:table-cell table:number-columns-repeated="9"/><table:table-cell office:value-type="float" office:value="1"/></table:table-row>
</table:table></office:spreadsheet></office:body></office:document-content>"#;
        assert_eq!(ods_span(xml.as_bytes()), 1_000_000 * 10);
        let small = r#"<table:table><table:table-row><table:table-cell><text:p>a</text:p></table:table-cell><table:table-cell><text:p>b</text:p></table:table-cell></table:table-row><table:table-row table:number-rows-repeated="1048575"><table:table-cell table:number-columns-repeated="1024"/></table:table-row></table:table>"#;
        assert_eq!(ods_span(small.as_bytes()), 2);
    }

    #[test]
    fn merged_cells_are_found_per_sheet() {
        let xml = r#"<table:table table:name="Badges">
<table:table-row><table:table-cell><text:p>Member</text:p></table:table-cell><table:table-cell><text:p>System</text:p></table:table-cell></table:table-row>
<table:table-row><table:table-cell table:number-rows-spanned="2"><text:p>Univ A</text:p></table:table-cell><table:table-cell><text:p>Pure</text:p></table:table-cell></table:table-row>
<table:table-row><table:covered-table-cell/><table:table-cell><text:p>DSpace</text:p></table:table-cell></table:table-row>
</table:table>"#;
        let scan = ods_scan(xml.as_bytes());
        assert_eq!(scan.merges["Badges"], vec![Dimensions::new((1, 0), (2, 0))]);
    }
}
