//! xlsx: part sizes, the shared-strings count, UTF-16 parts, and sheet
//! dimensions calamine cannot parse.

use super::{MAX_SHARED_STRINGS, MAX_WHOLE_PART};
use crate::ingest::FileError;
use quick_xml::events::Event;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

/// What the pre-read of an xlsx found.
#[derive(Debug, Default)]
pub(crate) struct XlsxPlan {
    /// Worksheet parts whose `dimension` calamine cannot parse (`A0:AZ48943`:
    /// Excel and `LibreOffice` ignore it); they are read from a copy without it.
    pub bad_dimensions: Vec<String>,
    /// XML parts in UTF-16 (the Open Packaging Conventions allow it; calamine
    /// reads only UTF-8), with their byte order (`true`: little-endian); they
    /// are read from a copy transcoded to UTF-8.
    pub utf16: Vec<(String, bool)>,
    /// The workbook asks to be recalculated when opened (`<calcPr
    /// fullCalcOnLoad="1"/>`): its formulas' cached values may be
    /// placeholders.
    pub full_calc_on_load: bool,
    /// Sheets listed in the workbook that hold no worksheet calamine can
    /// open (an Excel 4.0 macro sheet, a leftover entry with no
    /// relationship): (workbook part, sheet name, relationship id, reason).
    /// They are left out of the copy read, each skipped with its reason,
    /// and the worksheets beside them are read.
    pub dropped: Vec<(String, String, String, String)>,
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
    // The workbook part and its relationships, to find sheets that are
    // not worksheets.
    let mut book: Option<(String, String)> = None;
    let mut rels = String::new();
    for i in 0..zip.len() {
        let Ok(mut entry) = zip.by_index(i) else {
            continue;
        };
        let name = entry.name().unwrap_or_default().to_string();
        let size = entry.size();
        let lower = name.to_ascii_lowercase();
        if lower == "xl/_rels/workbook.xml.rels" && size <= MAX_WHOLE_PART {
            let _ = entry.read_to_string(&mut rels);
            continue;
        }
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
        // Office Open XML forbids DTDs (ECMA-376 Part 2); a part declaring
        // entities may expand them a billion times over.
        if declares_dtd(&head) {
            return Err(FileError::XmlBomb(name));
        }
        // UTF-16 with a byte-order mark, or without one (`<` then a zero).
        let little = match head.as_slice() {
            [0xFF, 0xFE, ..] | [b'<', 0, ..] => Some(true),
            [0xFE, 0xFF, ..] | [0, b'<', ..] => Some(false),
            _ => None,
        };
        if let Some(little) = little {
            if size > MAX_WHOLE_PART {
                return Err(FileError::TooLarge {
                    part: name,
                    size,
                    limit: MAX_WHOLE_PART,
                });
            }
            plan.utf16.push((name, little));
            continue;
        }
        // calamine finds the shared strings beside the workbook, wherever it
        // is and however the name is cased.
        if lower.ends_with("sharedstrings.xml") {
            check_string_count(reader, size)?;
            continue;
        }
        if lower.ends_with("workbook.xml") {
            let mut xml = String::new();
            if reader.read_to_string(&mut xml).is_ok() {
                plan.full_calc_on_load = full_calc_on_load(xml.as_bytes());
                book = Some((name, xml));
            }
            continue;
        }
        if name.starts_with("xl/worksheets/") && bad_dimension(&head) {
            plan.bad_dimensions.push(name);
        }
    }
    if let Some((part, xml)) = book {
        for (sheet, rid) in sheet_entries(&xml) {
            let kind = relationship_type(&rels, &rid);
            let reason = match kind.as_deref() {
                _ if rid.is_empty() => Some("a sheet entry with no relationship (a leftover of a deleted Visual Basic module sheet)"),
                None => Some("a sheet entry whose relationship the workbook does not have"),
                Some(t) if t.ends_with("/xlMacrosheet") || t.ends_with("/xlIntlMacrosheet") => {
                    Some("an Excel 4.0 macro sheet (formulas, not records)")
                }
                Some(t) if t.ends_with("/dialogsheet") => Some("a dialog sheet (a form, no records)"),
                Some(_) => None,
            };
            if let Some(reason) = reason {
                plan.dropped
                    .push((part.clone(), sheet, rid, reason.to_string()));
            }
        }
    }
    Ok(plan)
}

/// Whether the start of an XML part declares a document type (and so,
/// perhaps, entities).
pub(crate) fn declares_dtd(head: &[u8]) -> bool {
    let text = String::from_utf8_lossy(head);
    text.contains("<!DOCTYPE") || text.contains("<!ENTITY")
}

/// The first part of a zip package whose data fails the zip's own checks
/// (its checksum, or its declared size): read only once the reader has
/// failed, to name the part instead of quoting the library.
pub(crate) fn damaged_part(path: &Path) -> Option<String> {
    let file = File::open(path).ok()?;
    let mut zip = zip::ZipArchive::new(BufReader::new(file)).ok()?;
    for i in 0..zip.len() {
        let Ok(mut entry) = zip.by_index(i) else {
            continue;
        };
        let name = entry.name().unwrap_or_default().to_string();
        if entry.size() > MAX_WHOLE_PART * 8 {
            continue;
        }
        if std::io::copy(&mut entry, &mut std::io::sink()).is_err() {
            return Some(name);
        }
    }
    None
}

/// Each `<sheet name="…" r:id="…"/>` of a workbook part.
fn sheet_entries(xml: &str) -> Vec<(String, String)> {
    let mut reader = quick_xml::Reader::from_reader(xml.as_bytes());
    let mut buf = Vec::new();
    let mut out = Vec::new();
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == "sheet" => {
                let mut name = String::new();
                let mut rid = String::new();
                for a in e.attributes().flatten() {
                    let value = a
                        .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                        .map(std::borrow::Cow::into_owned)
                        .unwrap_or_default();
                    match (a.key.prefix().is_some(), a.key.local_name().as_ref()) {
                        (false, "name") => name = value,
                        (true, "id") => rid = value,
                        _ => {}
                    }
                }
                out.push((name, rid));
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
        buf.clear();
    }
    out
}

/// The `Type` of the relationship `rid` in a relationships part.
fn relationship_type(rels: &str, rid: &str) -> Option<String> {
    if rid.is_empty() {
        return None;
    }
    let mut reader = quick_xml::Reader::from_reader(rels.as_bytes());
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == "Relationship" => {
                let attr = |key: &str| {
                    e.attributes().flatten().find_map(|a| {
                        (a.key.as_ref() == key).then(|| {
                            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                                .map(std::borrow::Cow::into_owned)
                                .unwrap_or_default()
                        })
                    })
                };
                if attr("Id").as_deref() == Some(rid) {
                    return attr("Type");
                }
            }
            Ok(Event::Eof) | Err(_) => return None,
            _ => {}
        }
        buf.clear();
    }
}

/// A workbook part without the `<sheet>` entries of `dropped`.
fn without_sheets(xml: &str, dropped: &[(String, String, String, String)]) -> String {
    let mut out = String::with_capacity(xml.len());
    let mut rest = xml;
    while let Some(at) = rest.find("<sheet ") {
        let Some(len) = rest[at..].find("/>").map(|e| e + 2) else {
            break;
        };
        let element = &rest[at..at + len];
        let drop = sheet_entries(element)
            .first()
            .is_some_and(|(name, rid)| dropped.iter().any(|(_, n, r, _)| n == name && r == rid));
        out.push_str(&rest[..at]);
        if !drop {
            out.push_str(element);
        }
        rest = &rest[at + len..];
    }
    out.push_str(rest);
    out
}

/// Whether a workbook part's `calcPr` asks for a full calculation on load.
fn full_calc_on_load<R: BufRead>(reader: R) -> bool {
    let mut xml = quick_xml::Reader::from_reader(reader);
    let mut buf = Vec::new();
    loop {
        match xml.read_event_into(&mut buf) {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == "calcPr" => {
                return e.attributes().flatten().any(|a| {
                    a.key.local_name().as_ref() == "fullCalcOnLoad"
                        && matches!(a.value.as_ref(), "1" | "true")
                });
            }
            Ok(Event::Eof) | Err(_) => return false,
            _ => {}
        }
        buf.clear();
    }
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
pub(crate) fn mended(path: &Path, plan: &XlsxPlan) -> Result<TempCopy, FileError> {
    use std::io::Write;
    let damaged = |e: String| FileError::Corrupt(format!("cannot mend it in a copy ({e})"));
    let parts = &plan.bad_dimensions;
    let file = File::open(path).map_err(FileError::Io)?;
    let mut zip = zip::ZipArchive::new(BufReader::new(file)).map_err(|e| damaged(e.to_string()))?;
    let copy = TempCopy::new(path);
    let out = File::create(&copy.0).map_err(FileError::Io)?;
    let mut writer = zip::ZipWriter::new(std::io::BufWriter::new(out));
    for i in 0..zip.len() {
        let name = zip
            .by_index_raw(i)
            .map(|e| e.name().unwrap_or_default().to_string())
            .map_err(|e| damaged(e.to_string()))?;
        if plan.dropped.iter().any(|(p, ..)| *p == name) {
            let mut entry = zip.by_index(i).map_err(|e| damaged(e.to_string()))?;
            let mut xml = String::new();
            entry
                .read_to_string(&mut xml)
                .map_err(|e| damaged(e.to_string()))?;
            let options = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Deflated);
            writer
                .start_file(name.as_str(), options)
                .and_then(|()| {
                    writer
                        .write_all(without_sheets(&xml, &plan.dropped).as_bytes())
                        .map_err(Into::into)
                })
                .map_err(|e| damaged(e.to_string()))?;
            continue;
        }
        if let Some((_, little)) = plan.utf16.iter().find(|(p, _)| *p == name) {
            let mut entry = zip.by_index(i).map_err(|e| damaged(e.to_string()))?;
            let mut raw = Vec::new();
            entry
                .read_to_end(&mut raw)
                .map_err(|e| damaged(e.to_string()))?;
            let options = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Deflated);
            writer
                .start_file(name.as_str(), options)
                .and_then(|()| {
                    writer
                        .write_all(&utf8_of(&raw, *little))
                        .map_err(Into::into)
                })
                .map_err(|e| damaged(e.to_string()))?;
            continue;
        }
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

/// A UTF-16 XML part as UTF-8, its declaration saying so.
fn utf8_of(raw: &[u8], little: bool) -> Vec<u8> {
    let body = match raw {
        [0xFF, 0xFE, rest @ ..] | [0xFE, 0xFF, rest @ ..] => rest,
        _ => raw,
    };
    let encoding = if little {
        encoding_rs::UTF_16LE
    } else {
        encoding_rs::UTF_16BE
    };
    let text = encoding.decode_without_bom_handling(body).0;
    // Only the declaration names the encoding: `encoding="UTF-16"`.
    let text = match text.find("?>") {
        Some(end) if text.starts_with("<?xml") => {
            let decl = text[..end]
                .replace("\"UTF-16\"", "\"UTF-8\"")
                .replace("'UTF-16'", "'UTF-8'")
                .replace("\"utf-16\"", "\"UTF-8\"");
            format!("{decl}{}", &text[end..])
        }
        _ => text.into_owned(),
    };
    text.into_bytes()
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
    fn new(of: &Path) -> Self {
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
        TempCopy(std::env::temp_dir().join(name))
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
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == "sst" => {
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
