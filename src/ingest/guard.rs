//! Checks made before calamine reads a workbook, so that no file can make it
//! allocate past the memory budget or fail with a message that hides the
//! cause.
//!
//! calamine trusts what a file declares: an xlsx shared-strings part's
//! `uniqueCount` becomes a vector's capacity (a crafted count asks for
//! 100 GB at once); an .xls or .ods sheet becomes a dense range over the
//! bounding box of its cells (one stray cell at IV65536 costs a gigabyte).
//! These checks read the same parts first, streaming and bounded, and refuse
//! the file with its cause when the reader would not stay within budget.
//! Compound files (.xls) are opened with the `cfb` crate, which validates the
//! sector chains (a looping chain is an error, not an endless allocation).
//! Choosing checks in process over a child process per file keeps the
//! read-ahead pipeline and its figures as they are; a panic that gets past
//! the checks is caught per file in `readahead`.

use super::FileError;
use quick_xml::events::Event;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

/// Largest uncompressed size of a workbook part that calamine reads whole
/// (shared strings, styles, the workbook): sheets themselves are streamed.
pub(crate) const MAX_WHOLE_PART: u64 = 256 << 20;

/// Most cells a sheet's dense range may span in the formats read as ranges
/// (.xls, .ods): about 70 bytes a cell in memory, so some 420 MB, within the
/// 1 GiB budget with the register beside it.
pub(crate) const MAX_DENSE_CELLS: u64 = 6_000_000;

/// Most shared strings read: calamine sizes a vector of them from the
/// declared count (24 bytes each before the text).
const MAX_SHARED_STRINGS: u64 = 8_000_000;

/// What the pre-read of an xlsx found.
#[derive(Debug, Default)]
pub(crate) struct XlsxPlan {
    /// Worksheet parts whose `dimension` calamine cannot parse (`A0:AZ48943`:
    /// Excel and LibreOffice ignore it); they are read from a copy without it.
    pub bad_dimensions: Vec<String>,
}

/// Refuses an xlsx whose whole-read parts would unpack past the limit (a zip
/// bomb, or a register far beyond a spreadsheet's size), whose shared
/// strings declare more entries than the part can hold, or whose XML is
/// UTF-16 (which calamine cannot read); lists sheets whose dimension needs
/// mending.
pub(crate) fn check_xlsx(path: &Path) -> Result<XlsxPlan, FileError> {
    let mut plan = XlsxPlan::default();
    let Ok(file) = File::open(path) else {
        return Ok(plan);
    };
    let Ok(mut zip) = zip::ZipArchive::new(BufReader::new(file)) else {
        // Not a zip: the xlsx reader reports the real cause.
        return Ok(plan);
    };
    for i in 0..zip.len() {
        let Ok(entry) = zip.by_index(i) else {
            continue;
        };
        let name = entry.name().unwrap_or_default().to_string();
        let size = entry.size();
        let lower = name.to_ascii_lowercase();
        let whole = ["sharedstrings.xml", "styles.xml", "workbook.xml"]
            .iter()
            .any(|w| lower.ends_with(w));
        if whole && size > MAX_WHOLE_PART {
            return Err(FileError::TooLarge {
                part: name,
                size,
                limit: MAX_WHOLE_PART,
            });
        }
        if !lower.ends_with(".xml") {
            continue;
        }
        let mut reader = BufReader::new(entry);
        let head = match reader.fill_buf() {
            Ok(head) => head
                .get(..head.len().min(1024))
                .unwrap_or_default()
                .to_vec(),
            Err(_) => continue,
        };
        if head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]) {
            return Err(FileError::Utf16Part(name));
        }
        // calamine finds the shared strings beside the workbook, wherever it
        // is and however the name is cased.
        if lower.ends_with("sharedstrings.xml") {
            check_string_count(reader, size)?;
            continue;
        }
        if name.starts_with("xl/worksheets/") && bad_dimension(&head) {
            plan.bad_dimensions.push(name);
        }
    }
    Ok(plan)
}

/// A `<dimension ref="…"/>` whose rows are not 1 or more.
fn bad_dimension(head: &[u8]) -> bool {
    let head = String::from_utf8_lossy(head);
    let Some(at) = head.find("<dimension ref=\"") else {
        return false;
    };
    let reference: String = head[at + 16..].chars().take_while(|c| *c != '"').collect();
    reference.split(':').any(|corner| {
        let digits: String = corner.chars().filter(char::is_ascii_digit).collect();
        digits.parse::<u32>().map_or(true, |row| row == 0)
    })
}

/// A copy of the xlsx at `path` in a temporary file, with the `dimension`
/// element of the named parts removed; every other part is copied as it is
/// stored. The file is deleted when the returned guard drops.
pub(crate) fn without_dimensions(path: &Path, parts: &[String]) -> Result<TempCopy, FileError> {
    use std::io::Write;
    let damaged = |e: String| FileError::Corrupt(format!("cannot mend its sheet dimensions ({e})"));
    let file = File::open(path).map_err(FileError::Io)?;
    let mut zip = zip::ZipArchive::new(BufReader::new(file)).map_err(|e| damaged(e.to_string()))?;
    let copy = TempCopy::new(path)?;
    let out = File::create(&copy.0).map_err(FileError::Io)?;
    let mut writer = zip::ZipWriter::new(std::io::BufWriter::new(out));
    for i in 0..zip.len() {
        let name = zip
            .by_index_raw(i)
            .map(|e| e.name().unwrap_or_default().to_string())
            .map_err(|e| damaged(e.to_string()))?;
        if !parts.contains(&name) {
            let entry = zip.by_index_raw(i).map_err(|e| damaged(e.to_string()))?;
            writer
                .raw_copy_file(entry)
                .map_err(|e| damaged(e.to_string()))?;
            continue;
        }
        let mut entry = zip.by_index(i).map_err(|e| damaged(e.to_string()))?;
        let mut head = vec![0u8; 4096];
        let n = read_up_to(&mut entry, &mut head).map_err(|e| damaged(e.to_string()))?;
        head.truncate(n);
        let text = String::from_utf8_lossy(&head).into_owned();
        let mended = match (
            text.find("<dimension "),
            text.find("<dimension ")
                .and_then(|a| text[a..].find("/>").map(|b| a + b + 2)),
        ) {
            (Some(a), Some(b)) => format!("{}{}", &text[..a], &text[b..]),
            _ => text,
        };
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        writer
            .start_file(name.as_str(), options)
            .map_err(|e| damaged(e.to_string()))?;
        writer
            .write_all(mended.as_bytes())
            .and_then(|()| std::io::copy(&mut entry, &mut writer).map(|_| ()))
            .map_err(|e| damaged(e.to_string()))?;
    }
    writer.finish().map_err(|e| damaged(e.to_string()))?;
    Ok(copy)
}

fn read_up_to(r: &mut impl Read, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match r.read(buf.get_mut(n..).unwrap_or_default())? {
            0 => break,
            k => n += k,
        }
    }
    Ok(n)
}

/// A temporary file beside nothing of the user's, deleted on drop.
pub(crate) struct TempCopy(pub std::path::PathBuf);

impl TempCopy {
    fn new(of: &Path) -> Result<Self, FileError> {
        use std::sync::atomic::{AtomicU64, Ordering};
        static N: AtomicU64 = AtomicU64::new(0);
        let stem = of
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("workbook");
        let name = format!(
            "badgemap-{}-{}-{stem}.xlsx",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        );
        Ok(TempCopy(std::env::temp_dir().join(name)))
    }
}

impl Drop for TempCopy {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// Each shared string takes at least `<si/>` (5 bytes): a declared count
/// the part cannot hold is a lie calamine would allocate for. The count is
/// read from the `sst` element as calamine reads it (any prefix, any white
/// space), looking no further than the first 64 KiB.
fn check_string_count(part: impl std::io::BufRead, size: u64) -> Result<(), FileError> {
    let mut reader = quick_xml::Reader::from_reader(part.take(64 << 10));
    let mut buf = Vec::new();
    let count = loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) if e.local_name().as_ref() == "sst" => {
                break e
                    .attributes()
                    .flatten()
                    .find(|a| a.key.local_name().as_ref() == "uniqueCount")
                    .and_then(|a| {
                        let digits: String = a
                            .value
                            .as_ref()
                            .trim()
                            .chars()
                            .take_while(char::is_ascii_digit)
                            .collect();
                        // Too many digits for a u64 is far too many strings.
                        Some(digits.parse::<u64>().unwrap_or(u64::MAX))
                            .filter(|_| !digits.is_empty())
                    })
                    .unwrap_or(0);
            }
            Ok(Event::Eof) | Err(_) => return Ok(()),
            _ => buf.clear(),
        }
    };
    let can_hold = size / 5 + 1;
    if count > can_hold {
        return Err(FileError::Implausible(format!(
            "its shared-strings part declares {count} strings but its {size} bytes can hold at most {can_hold}"
        )));
    }
    if count > MAX_SHARED_STRINGS {
        return Err(FileError::TooLarge {
            part: format!("shared-strings part ({count} strings)"),
            size,
            limit: MAX_SHARED_STRINGS * 5,
        });
    }
    Ok(())
}

/// What the pre-read of an .xls found: sheets that hold no cells to read.
#[derive(Debug, Default)]
pub(crate) struct XlsPlan {
    /// (sheet name, reason) for chart, macro, dialog and module sheets.
    pub skip: Vec<(String, String)>,
}

/// Reads an .xls's record stream before calamine does: refuses encryption,
/// unknown code pages and sheets whose cells span more than the dense-range
/// budget; lists the sheets that are not worksheets.
pub(crate) fn check_xls(path: &Path) -> Result<XlsPlan, FileError> {
    let file = File::open(path).map_err(FileError::Io)?;
    let mut cf = cfb::CompoundFile::open(BufReader::new(file))
        .map_err(|e| FileError::Corrupt(format!("its compound-file structure is damaged ({e})")))?;
    let stream = ["/Workbook", "/Book", "/WORKBOOK", "/BOOK"]
        .into_iter()
        .find(|s| cf.is_stream(s))
        .ok_or(FileError::WrongFormat(
            "an Office compound file that holds no workbook",
        ))?;
    let mut bytes = Vec::new();
    cf.open_stream(stream)
        .and_then(|mut s| s.read_to_end(&mut bytes))
        .map_err(|e| FileError::Corrupt(format!("its compound-file structure is damaged ({e})")))?;
    scan_biff(&bytes)
}

/// Record types read by [`scan_biff`].
const BOF: u16 = 0x0809;
const EOF: u16 = 0x000A;
const FILEPASS: u16 = 0x002F;
const CODEPAGE: u16 = 0x0042;
const BOUNDSHEET: u16 = 0x0085;
const DIMENSIONS: u16 = 0x0200;
/// Cell records, each starting with a 16-bit row and column.
const CELLS: [u16; 11] = [
    0x0203, 0x0204, 0x00FD, 0x027E, 0x00BD, 0x0201, 0x00BE, 0x0006, 0x0205, 0x0207, 0x00D6,
];

/// The bounding box of one sheet's cells, and the cells its DIMENSIONS
/// record makes calamine reserve.
#[derive(Default)]
struct Span {
    first: Option<(u32, u32)>,
    last: (u32, u32),
    declared: u64,
}

impl Span {
    fn add(&mut self, row: u32, col: u32) {
        let first = self.first.get_or_insert((row, col));
        *first = (first.0.min(row), first.1.min(col));
        self.last = (self.last.0.max(row), self.last.1.max(col));
    }

    fn cells(&self) -> u64 {
        let used = self.first.map_or(0, |(r, c)| {
            u64::from(self.last.0 - r + 1) * u64::from(self.last.1 - c + 1)
        });
        used.max(self.declared)
    }
}

/// The cells calamine reserves for a DIMENSIONS record, computed as it does
/// (32-bit row arithmetic that wraps when the first row is past the last).
fn declared_cells(data: &[u8]) -> u64 {
    let u16_at = |i: usize| match data.get(i..i + 2) {
        Some(&[a, b]) => u32::from(u16::from_le_bytes([a, b])),
        _ => 0,
    };
    let u32_at = |i: usize| match data.get(i..i + 4) {
        Some(&[a, b, c, d]) => u32::from_le_bytes([a, b, c, d]),
        _ => 0,
    };
    let (rf, rl, mut cf, cl) = match data.len() {
        10 => (u16_at(0), u16_at(2), u16_at(4), u16_at(6)),
        14 | 16 => (u32_at(0), u32_at(4), u16_at(8), u16_at(10)),
        _ => return 0,
    };
    if 0xFF < cf || cl < cf {
        cf = 0;
    }
    if rl == 0 || cl == 0 {
        return 1;
    }
    let rows = (rl - 1).wrapping_sub(rf).wrapping_add(1);
    let cols = (cl - 1).wrapping_sub(cf).wrapping_add(1);
    u64::from(rows) * u64::from(cols)
}

fn scan_biff(bytes: &[u8]) -> Result<XlsPlan, FileError> {
    let mut plan = XlsPlan::default();
    let mut at = 0usize;
    let mut depth = 0u32;
    let mut spans: Vec<Span> = Vec::new();
    let mut biff8 = true;
    while let Some(&[k0, k1, l0, l1]) = bytes.get(at..at + 4) {
        let kind = u16::from_le_bytes([k0, k1]);
        let len = usize::from(u16::from_le_bytes([l0, l1]));
        let data = bytes.get(at + 4..at + 4 + len).unwrap_or_default();
        at += 4 + len;
        let u16_at = |i: usize| match data.get(i..i + 2) {
            Some(&[a, b]) => Some(u16::from_le_bytes([a, b])),
            _ => None,
        };
        match kind {
            BOF => {
                depth += 1;
                biff8 = u16_at(0) == Some(0x0600);
                // Every substream but the globals holds one sheet's cells.
                if depth == 1 && u16_at(2) != Some(0x0005) {
                    spans.push(Span::default());
                }
            }
            EOF => depth = depth.saturating_sub(1),
            FILEPASS => {
                return Err(FileError::XlsEncrypted(match u16_at(0) {
                    Some(0) => "XOR obfuscation",
                    _ => match u16_at(2) {
                        Some(1) => "RC4",
                        _ => "RC4 CryptoAPI",
                    },
                }))
            }
            CODEPAGE => {
                if let Some(cp) = u16_at(0) {
                    if cp != 1200
                        && cp != 0x8000
                        && cp != 0x8001
                        && codepage::to_encoding(cp).is_none()
                    {
                        return Err(FileError::Codepage(cp));
                    }
                }
            }
            BOUNDSHEET => {
                if let Some((name, kind)) = boundsheet(data, biff8) {
                    let reason = match kind {
                        0 => None,
                        1 => Some("an Excel 4.0 macro sheet (formulas, not records)"),
                        2 => Some("a chart sheet (a chart, no cells)"),
                        6 => Some("a Visual Basic module (code, no cells)"),
                        _ => Some("not a worksheet"),
                    };
                    if let Some(reason) = reason {
                        plan.skip.push((name, reason.to_string()));
                    }
                }
            }
            DIMENSIONS if depth >= 1 => {
                if let Some(span) = spans.last_mut() {
                    span.declared = span.declared.max(declared_cells(data));
                }
            }
            k if CELLS.contains(&k) && depth >= 1 => {
                if let (Some(row), Some(col), Some(span)) = (u16_at(0), u16_at(2), spans.last_mut())
                {
                    span.add(u32::from(row), u32::from(col));
                    // MULRK and MULBLANK end with their last column.
                    if k == 0x00BD || k == 0x00BE {
                        if let Some(last) = data.len().checked_sub(2).and_then(u16_at) {
                            span.add(u32::from(row), u32::from(last));
                        }
                    }
                }
            }
            _ => {}
        }
    }
    let total: u64 = spans.iter().map(Span::cells).sum();
    if total > MAX_DENSE_CELLS {
        return Err(FileError::DenseRange {
            requested: usize::try_from(total).unwrap_or(usize::MAX),
            max: MAX_DENSE_CELLS as usize,
        });
    }
    Ok(plan)
}

/// A BOUNDSHEET record's sheet name and type (0 worksheet, 1 macro sheet,
/// 2 chart, 6 VB module).
fn boundsheet(data: &[u8], biff8: bool) -> Option<(String, u8)> {
    let kind = *data.get(5)?;
    let len = usize::from(*data.get(6)?);
    let name = if biff8 {
        let wide = data.get(7)? & 1 == 1;
        let raw = data.get(8..)?;
        if wide {
            let units: Vec<u16> = raw
                .chunks_exact(2)
                .take(len)
                .filter_map(|c| match c {
                    &[a, b] => Some(u16::from_le_bytes([a, b])),
                    _ => None,
                })
                .collect();
            String::from_utf16_lossy(&units)
        } else {
            raw.iter().take(len).map(|&b| char::from(b)).collect()
        }
    } else {
        data.get(7..)?
            .iter()
            .take(len)
            .map(|&b| char::from(b))
            .collect()
    };
    Some((name, kind))
}

/// Refuses an .ods whose sheets span more cells than the dense-range budget,
/// reading content.xml as a stream: calamine expands every repeated row and
/// column between the first and last cell that holds something.
pub(crate) fn check_ods(path: &Path) -> Result<(), FileError> {
    let Ok(file) = File::open(path) else {
        return Ok(());
    };
    let Ok(mut zip) = zip::ZipArchive::new(BufReader::new(file)) else {
        return Ok(());
    };
    let Ok(content) = zip.by_name("content.xml") else {
        return Ok(());
    };
    let total = ods_span(BufReader::new(content));
    if total > MAX_DENSE_CELLS {
        return Err(FileError::DenseRange {
            requested: usize::try_from(total).unwrap_or(usize::MAX),
            max: MAX_DENSE_CELLS as usize,
        });
    }
    Ok(())
}

/// The .ods at `path`, in memory, with the white space between elements of
/// content.xml removed (text inside paragraphs is kept): some generators
/// indent content.xml, which calamine cannot read.
pub(crate) fn ods_without_layout_space(path: &Path) -> Result<Vec<u8>, FileError> {
    use std::io::Write;
    let corrupt = |what: String| FileError::Corrupt(what);
    let file = File::open(path).map_err(FileError::Io)?;
    let mut zip = zip::ZipArchive::new(BufReader::new(file))
        .map_err(|e| corrupt(format!("not a readable zip archive ({e})")))?;
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
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

/// The cells the sheets of an OpenDocument content.xml span: per table, from
/// the first to the last row and column with content.
fn ods_span(content: impl std::io::BufRead) -> u64 {
    let mut reader = quick_xml::Reader::from_reader(content);
    let mut buf = Vec::new();
    let mut total = 0u64;
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
    total
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
    fn declared_string_counts_the_part_cannot_hold_are_refused() {
        let head = br#"<?xml version="1.0"?><sst xmlns="x" count="5" uniqueCount="4294967295"><si><t>a</t></si>"#;
        let err = check_string_count(&head[..], 300).unwrap_err().to_string();
        assert!(err.starts_with("its shared-strings part declares 4294967295 strings but its 300 bytes can hold at most 61"), "{err}");
        assert!(check_string_count(&br#"<sst count="2" uniqueCount="2">"#[..], 300).is_ok());
        // As calamine reads it: a prefix, white space, a count past u64.
        let odd = br#"<?xml version="1.0"?>
<x:sst xmlns:x="m"
   uniqueCount = "99999999999999999999999"><x:si/>"#;
        assert!(check_string_count(&odd[..], 300).is_err());
    }

    #[test]
    fn biff_records_reveal_encryption_macro_sheets_and_far_cells() {
        let record = |kind: u16, data: &[u8]| -> Vec<u8> {
            let mut r = kind.to_le_bytes().to_vec();
            r.extend((data.len() as u16).to_le_bytes());
            r.extend(data);
            r
        };
        let bof = |dt: u16| {
            record(
                BOF,
                &[&0x0600u16.to_le_bytes()[..], &dt.to_le_bytes(), &[0; 12]].concat(),
            )
        };
        let sheet = |name: &str, kind: u8| {
            let mut d = vec![0, 0, 0, 0, 0, kind, name.len() as u8, 0];
            d.extend(name.bytes());
            record(BOUNDSHEET, &d)
        };
        let number = |row: u16, col: u16| {
            record(
                0x0203,
                &[&row.to_le_bytes()[..], &col.to_le_bytes(), &[0; 10]].concat(),
            )
        };
        let eof = record(EOF, &[]);
        let book = [
            bof(5),
            sheet("Data", 0),
            sheet("Macro1", 1),
            eof.clone(),
            bof(0x10),
            number(0, 0),
            number(9, 3),
            eof.clone(),
        ]
        .concat();
        let plan = scan_biff(&book).unwrap();
        assert_eq!(
            plan.skip,
            [(
                "Macro1".to_string(),
                "an Excel 4.0 macro sheet (formulas, not records)".to_string()
            )]
        );
        let far = [
            bof(5),
            eof.clone(),
            bof(0x10),
            number(0, 0),
            number(65535, 255),
            eof.clone(),
        ]
        .concat();
        assert!(matches!(
            scan_biff(&far),
            Err(FileError::DenseRange {
                requested: 16_777_216,
                ..
            })
        ));
        // A DIMENSIONS record claiming 4 billion rows (or a first row past
        // its last) would make calamine reserve them.
        let mut dims = 0u32.to_le_bytes().to_vec();
        dims.extend(u32::MAX.to_le_bytes());
        dims.extend([0, 0, 3, 0, 0, 0]);
        let huge = [
            bof(5),
            eof.clone(),
            bof(0x10),
            record(DIMENSIONS, &dims),
            eof.clone(),
        ]
        .concat();
        assert!(matches!(
            scan_biff(&huge),
            Err(FileError::DenseRange { .. })
        ));
        let mut backwards = 9u32.to_le_bytes().to_vec();
        backwards.extend(2u32.to_le_bytes());
        backwards.extend([0, 0, 3, 0, 0, 0]);
        let wrapped = [
            bof(5),
            eof.clone(),
            bof(0x10),
            record(DIMENSIONS, &backwards),
            eof.clone(),
        ]
        .concat();
        assert!(matches!(
            scan_biff(&wrapped),
            Err(FileError::DenseRange { .. })
        ));
        let xor = [bof(5), record(FILEPASS, &[0, 0, 0, 0]), eof.clone()].concat();
        assert_eq!(
            scan_biff(&xor).unwrap_err().to_string(),
            FileError::XlsEncrypted("XOR obfuscation").to_string()
        );
        let cp = [bof(5), record(CODEPAGE, &0xD7CCu16.to_le_bytes()), eof].concat();
        assert!(matches!(scan_biff(&cp), Err(FileError::Codepage(0xD7CC))));
    }
}
