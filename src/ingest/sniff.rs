//! What a file really is, read from its content rather than its name.
//!
//! Registers arrive renamed, re-exported and mislabelled: an `.xls` that is
//! an HTML table, an `.ods` that is an `.xls`, a CSV named `.xls`, an
//! encrypted workbook that is a compound file whatever its extension says.
//! Opening a file with the reader its extension names turns each of these
//! into "the file is damaged". This module looks at the first bytes (and, for
//! zip and compound files, at the parts they hold) so that the file is read
//! by what it is, and a file badgemap cannot read is refused with its real
//! cause.

use super::workbook::WorkbookFormat;
use super::{FileError, Format};
use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;

/// What the content says a file is.
#[derive(Debug)]
pub enum Sniffed {
    Workbook(WorkbookFormat),
    /// Delimited text (or anything that reads as text).
    Text,
    /// A kind badgemap knows and cannot read, with the reason.
    Refused(FileError),
    /// Nothing recognisable: the extension decides.
    Unknown,
}

const OLE_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
/// Bytes looked at to tell text from binary and to recognise markup.
const HEAD: usize = 4096;

/// Reads the start of `path` (and the part lists of containers) to say what
/// it is.
pub fn sniff(path: &Path) -> Result<Sniffed, FileError> {
    let mut head = Vec::with_capacity(HEAD);
    File::open(path)
        .and_then(|f| f.take(HEAD as u64).read_to_end(&mut head))
        .map_err(FileError::Io)?;
    if head.starts_with(b"PK\x03\x04") || head.starts_with(b"PK\x05\x06") {
        return Ok(zip_kind(path));
    }
    if head.starts_with(&OLE_MAGIC) {
        return Ok(compound_kind(path));
    }
    if let Some(version) = old_biff(&head) {
        return Ok(Sniffed::Refused(FileError::OldExcel(version)));
    }
    Ok(text_kind(&head))
}

/// A zip archive: an xlsx, xlsb or ods by the parts it holds.
fn zip_kind(path: &Path) -> Sniffed {
    let Ok(file) = File::open(path) else {
        return Sniffed::Unknown;
    };
    let Ok(mut zip) = zip::ZipArchive::new(BufReader::new(file)) else {
        // A damaged archive: the workbook reader names the fault.
        return Sniffed::Unknown;
    };
    let has = |zip: &zip::ZipArchive<_>, name: &str| zip.index_for_name(name).is_some();
    if has(&zip, "xl/workbook.xml") {
        return Sniffed::Workbook(WorkbookFormat::Xlsx);
    }
    if has(&zip, "xl/workbook.bin") {
        return Sniffed::Workbook(WorkbookFormat::Xlsb);
    }
    if has(&zip, "Index/Document.iwa") || has(&zip, "Index.zip") {
        return Sniffed::Refused(FileError::AppleNumbers);
    }
    let mut mimetype = String::new();
    if let Ok(entry) = zip.by_name("mimetype") {
        let _ = entry.take(200).read_to_string(&mut mimetype);
    }
    if mimetype.starts_with("application/vnd.oasis.opendocument.spreadsheet") {
        return Sniffed::Workbook(WorkbookFormat::Ods);
    }
    let what = if mimetype.starts_with("application/vnd.oasis.opendocument") {
        "an OpenDocument file that is not a spreadsheet (a text document or presentation?)"
    } else if has(&zip, "word/document.xml") {
        "a Word document"
    } else if has(&zip, "ppt/presentation.xml") {
        "a PowerPoint presentation"
    } else if has(&zip, "content.xml") {
        return Sniffed::Workbook(WorkbookFormat::Ods);
    } else {
        "a zip archive that holds no workbook"
    };
    Sniffed::Refused(FileError::WrongFormat(what))
}

/// An OLE compound file: an .xls, or an encrypted xlsx, or something else.
/// The `cfb` crate validates the sector chains (a looping chain is an error,
/// not an endless allocation) before calamine ever reads the file.
fn compound_kind(path: &Path) -> Sniffed {
    let file = match File::open(path) {
        Ok(f) => f,
        Err(e) => return Sniffed::Refused(FileError::Io(e)),
    };
    let cf = match cfb::CompoundFile::open(BufReader::new(file)) {
        Ok(cf) => cf,
        Err(e) => {
            return Sniffed::Refused(FileError::Corrupt(format!(
                "its compound-file structure is damaged ({e})"
            )))
        }
    };
    let names: Vec<String> = cf
        .read_root_storage()
        .map(|e| e.name().to_ascii_lowercase())
        .collect();
    let has = |n: &str| names.iter().any(|s| s == n);
    if has("encryptioninfo") || has("encryptedpackage") {
        Sniffed::Refused(FileError::Password)
    } else if has("workbook") || has("book") {
        Sniffed::Workbook(WorkbookFormat::Xls)
    } else if has("worddocument") {
        Sniffed::Refused(FileError::WrongFormat("a Word 97-2003 document"))
    } else {
        Sniffed::Refused(FileError::WrongFormat(
            "an Office compound file that holds no workbook",
        ))
    }
}

/// Excel 2.x to 4.0 wrote a worksheet as bare BIFF records, starting with a
/// BOF record: `09 00` (BIFF2), `09 02` (BIFF3) or `09 04` (BIFF4).
fn old_biff(head: &[u8]) -> Option<&'static str> {
    let (kind, len) = match head {
        [kind_lo, kind_hi, len_lo, len_hi, ..] => (
            u16::from_le_bytes([*kind_lo, *kind_hi]),
            u16::from_le_bytes([*len_lo, *len_hi]),
        ),
        _ => return None,
    };
    if !(4..=20).contains(&len) {
        return None;
    }
    match kind {
        0x0009 => Some("Excel 2.x (BIFF2)"),
        0x0209 => Some("Excel 3.0 (BIFF3)"),
        0x0409 => Some("Excel 4.0 (BIFF4)"),
        _ => None,
    }
}

/// Text, markup or unknown binary.
fn text_kind(head: &[u8]) -> Sniffed {
    let boms: [&[u8]; 5] = [
        &[0xEF, 0xBB, 0xBF],
        &[0xFF, 0xFE, 0, 0],
        &[0, 0, 0xFE, 0xFF],
        &[0xFF, 0xFE],
        &[0xFE, 0xFF],
    ];
    let bom = boms.iter().find(|b| head.starts_with(b));
    // Markup is recognised in the ASCII bytes, whatever the encoding.
    let ascii: String = head
        .iter()
        .filter(|b| **b != 0)
        .map(|&b| if b.is_ascii() { b as char } else { ' ' })
        .collect::<String>()
        .to_ascii_lowercase();
    let start = ascii.trim_start_matches(|c: char| c.is_whitespace() || c == '?' || c == ' ');
    // MHTML: a MIME message whose HTML part holds the table.
    if ascii.contains("mime-version:") && ascii.contains("multipart/related") {
        return Sniffed::Workbook(WorkbookFormat::Html);
    }
    if start.starts_with('<') {
        if ascii.contains("urn:schemas-microsoft-com:office:spreadsheet") {
            return Sniffed::Workbook(WorkbookFormat::SpreadsheetMl);
        }
        // Flat ODS names its type on its root element (before any
        // `<meta:…>`, which would read as HTML).
        if ascii.contains("office:document")
            && ascii.contains("application/vnd.oasis.opendocument.spreadsheet")
        {
            return Sniffed::Workbook(WorkbookFormat::Fods);
        }
        if [
            "<html",
            "<!doctype html",
            "<table",
            "<head",
            "<body",
            "<meta",
        ]
        .iter()
        .any(|t| ascii.contains(t))
        {
            return Sniffed::Workbook(WorkbookFormat::Html);
        }
        return Sniffed::Refused(FileError::WrongFormat(
            "an XML file, not a spreadsheet; export the data as .xlsx or CSV",
        ));
    }
    let zeros = head.iter().filter(|b| **b == 0).count();
    let controls = head
        .iter()
        .filter(|b| b.is_ascii_control() && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0C | 0))
        .count();
    // UTF-16 text has a zero in every other byte; anything else with zeros
    // or many control bytes is binary.
    let utf16_like = zeros * 3 >= head.len() && zeros * 2 <= head.len() + 1;
    if bom.is_some() || utf16_like || (zeros == 0 && controls * 20 < head.len().max(1)) {
        Sniffed::Text
    } else {
        Sniffed::Unknown
    }
}

/// The format a file is read with: what its content says, else what its
/// name says, with a notice when they differ; a kind badgemap cannot read is
/// an error with its cause.
pub fn identify(path: &Path, declared: Format) -> Result<(Format, Option<String>), FileError> {
    if std::fs::metadata(path).map_err(FileError::Io)?.len() == 0 {
        return Err(FileError::Empty);
    }
    let actual = match sniff(path)? {
        Sniffed::Workbook(kind) => Format::Workbook(kind),
        Sniffed::Text => match declared {
            Format::Delimited(_) => declared,
            Format::Workbook(_) => Format::Delimited(None),
        },
        Sniffed::Unknown => declared,
        Sniffed::Refused(e) => return Err(e),
    };
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
    let what = match (declared, actual) {
        (Format::Workbook(a), Format::Workbook(b)) if a != b => Some(describe(b)),
        (Format::Delimited(_), Format::Workbook(b)) => Some(describe(b)),
        (Format::Workbook(_), Format::Delimited(_)) => Some("delimited text (CSV)"),
        _ => None,
    };
    let notice = what.map(|what| {
        format!("the file is {what} although its name ends in .{ext}; read as what it is")
    });
    Ok((actual, notice))
}

/// The extension-independent name of a format, for notices.
pub fn describe(format: WorkbookFormat) -> &'static str {
    match format {
        WorkbookFormat::Xlsx => "an Excel workbook (.xlsx)",
        WorkbookFormat::Xlsb => "an Excel binary workbook (.xlsb)",
        WorkbookFormat::Xls => "an Excel 97-2003 workbook (.xls)",
        WorkbookFormat::Ods => "an OpenDocument spreadsheet (.ods)",
        WorkbookFormat::Fods => "a flat OpenDocument spreadsheet (.fods)",
        WorkbookFormat::SpreadsheetMl => "an Excel 2003 XML spreadsheet",
        WorkbookFormat::Html => "an HTML table (a web page saved as a spreadsheet)",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(bytes: &[u8]) -> String {
        format!("{:?}", text_kind(bytes))
    }

    #[test]
    fn text_markup_and_binary_are_told_apart() {
        assert_eq!(kind(b"Member,Badge\r\nA,Display\r\n"), "Text");
        assert_eq!(kind(b"\xEF\xBB\xBFMember;Badge\n"), "Text");
        let utf16: Vec<u8> = "Member\tBadge\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        assert_eq!(kind(&utf16), "Text");
        assert_eq!(
            kind(b"<html><body><table><tr><td>x</td></tr></table>"),
            "Workbook(Html)"
        );
        assert_eq!(kind(b"<?xml version=\"1.0\"?><Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\">"), "Workbook(SpreadsheetMl)");
        assert_eq!(kind(&[1, 2, 3, 4, 5, 6, 7, 8, 14, 15, 16, 17]), "Unknown");
    }

    #[test]
    fn old_excel_worksheets_are_recognised_by_their_bof_record() {
        assert_eq!(
            old_biff(&[0x09, 0x00, 0x04, 0x00, 0x02, 0x00, 0x10, 0x00]),
            Some("Excel 2.x (BIFF2)")
        );
        assert_eq!(
            old_biff(&[0x09, 0x04, 0x06, 0x00, 0, 0, 0x10, 0, 0, 0]),
            Some("Excel 4.0 (BIFF4)")
        );
        assert_eq!(old_biff(b"Member,Badge"), None);
    }
}
