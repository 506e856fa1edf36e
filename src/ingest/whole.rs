//! Small files read whole, sheet by sheet: the certified-provider list and
//! an earlier run's workbook. They go through the same content sniffing,
//! decoding, guards and panic containment as registers, and a sheet whose
//! reading stops part-way says so, instead of its rows being dropped in
//! silence.

use super::table::{ReadError, Row, RowResult};
use super::{delimited, sniff, workbook, FileError, Format};
use std::path::Path;

/// One sheet's rows, and where reading stopped if it did.
#[derive(Debug, Default)]
pub struct WholeSheet {
    /// `None` for delimited text.
    pub name: Option<String>,
    pub rows: Vec<Row>,
    pub failure: Option<ReadError>,
    /// Hyperlinks (row, column, target): read from badgemap's own workbooks.
    pub links: Vec<(u32, u32, String)>,
}

/// A file read whole.
#[derive(Debug, Default)]
pub struct WholeFile {
    pub sheets: Vec<WholeSheet>,
    /// Worth knowing, nothing lost (a wrong extension, a guessed encoding,
    /// a skipped chart sheet).
    pub notices: Vec<String>,
}

/// Reads every sheet of the file at `path` into memory.
pub fn read_whole(path: &Path) -> Result<WholeFile, FileError> {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
    let declared = Format::of(path).ok_or_else(|| FileError::Unsupported(format!(".{ext}")))?;
    let (format, notice) = sniff::identify(path, declared)?;
    let mut file = WholeFile::default();
    file.notices.extend(notice);
    match format {
        Format::Delimited(preferred) => {
            let bytes = delimited::read_bytes(path)?;
            let decoded = delimited::decode(&bytes);
            file.notices.extend(decoded.notice.clone());
            let delimiter = delimited::detect_delimiter(&decoded.text, preferred);
            let (text, unclosed) = delimited::repair_quotes(decoded.text, delimiter);
            file.notices
                .extend(unclosed.iter().map(delimited::UnclosedQuote::describe));
            file.sheets
                .push(collect(None, &mut delimited::rows(&text, delimiter)));
        }
        Format::Workbook(kind) => {
            let mut sheets = Vec::new();
            let mut skipped = Vec::new();
            workbook::read_workbook(
                path,
                kind,
                &mut |name, _, rows| sheets.push(collect(Some(name.to_string()), rows)),
                &mut |name, note| match note {
                    workbook::SheetNote::Skipped(reason) => {
                        skipped.push(format!("sheet {name:?} skipped: {reason}"));
                    }
                    workbook::SheetNote::Uncalculated(found) => {
                        skipped.push(format!("sheet {name:?}: {}", found.describe()));
                    }
                },
            )?;
            file.sheets = sheets;
            file.notices.extend(skipped);
        }
    }
    Ok(file)
}

/// A badgemap workbook read whole (for `--previous`).
pub fn read_own_output(path: &Path) -> Result<WholeFile, FileError> {
    let mut file = WholeFile::default();
    workbook::read_own_output(path, &mut |name, hints, rows| {
        let mut sheet = collect(Some(name.to_string()), rows);
        sheet.links.clone_from(&hints.links);
        file.sheets.push(sheet);
    })?;
    Ok(file)
}

fn collect(name: Option<String>, rows: &mut dyn Iterator<Item = RowResult>) -> WholeSheet {
    let mut sheet = WholeSheet {
        name,
        ..WholeSheet::default()
    };
    for row in rows {
        match row {
            Ok(row) => sheet.rows.push(row),
            Err(e) => {
                sheet.failure = Some(e);
                break;
            }
        }
    }
    sheet
}
