//! Spreadsheets written as markup, which calamine does not read: an HTML
//! table saved with a spreadsheet extension (Salesforce Classic report
//! exports, many web apps, Excel's "Web Page"), its MHTML "single file web
//! page" form, and Excel's XML Spreadsheet 2003. Each is turned into sheets
//! of rows and handed to the same sink as every workbook, so the same table
//! reading, issues and accounting apply. (Flat ODS goes through the ODS
//! path: `guard::fods_as_ods`.)
//!
//! Bounds: a file is read whole only up to [`MAX_MARKUP_BYTES`] ([`MAX_HTML_BYTES`]
//! for HTML, whose document tree is some 25 times its text), and a sheet holds at most
//! `guard::MAX_DENSE_CELLS` cell slots; past either the file is refused with
//! its size, never read part-way in silence.

mod html;
mod mime;
mod spreadsheetml;

use super::hints::SheetHints;
use super::table::Row;
use super::value::Value;
use super::workbook::SheetSink;
use super::FileError;
use std::path::Path;

pub(crate) use html::read_html;
pub(crate) use spreadsheetml::read_spreadsheetml;

/// Largest markup file read (it is parsed whole).
pub(crate) const MAX_MARKUP_BYTES: u64 = 64 << 20;

/// Largest HTML page read: its document tree takes some 25 times the
/// page's size (a 39 MB table peaked at 1 GB), so 16 MiB stays near 420 MB.
pub(crate) const MAX_HTML_BYTES: u64 = 16 << 20;

/// One sheet built from markup: its name and its rows, blank rows left out.
struct Sheet {
    name: String,
    rows: Vec<Row>,
    /// Cell slots held, for the budget.
    slots: u64,
}

impl Sheet {
    fn new(name: String) -> Self {
        Sheet {
            name,
            rows: Vec::new(),
            slots: 0,
        }
    }

    /// Puts `value` at (row, col), zero-based, growing the row as needed.
    fn put(&mut self, row: u32, col: u32, value: Value) -> Result<(), FileError> {
        let at = match self.rows.last() {
            Some(last) if last.index == row => self.rows.len() - 1,
            _ => {
                // Rows arrive in order in both formats; a row index going
                // back is placed where it belongs.
                match self.rows.binary_search_by_key(&row, |r| r.index) {
                    Ok(i) => i,
                    Err(i) => {
                        self.rows.insert(
                            i,
                            Row {
                                index: row,
                                cells: Vec::new(),
                            },
                        );
                        i
                    }
                }
            }
        };
        let Some(target) = self.rows.get_mut(at) else {
            return Ok(());
        };
        let col = col as usize;
        if target.cells.len() <= col {
            self.slots += (col + 1 - target.cells.len()) as u64;
            if self.slots > super::guard::MAX_DENSE_CELLS {
                return Err(FileError::DenseRange {
                    requested: usize::try_from(self.slots).unwrap_or(usize::MAX),
                    max: super::guard::MAX_DENSE_CELLS as usize,
                });
            }
            target.cells.resize(col + 1, Value::Empty);
        }
        if let Some(cell) = target.cells.get_mut(col) {
            *cell = value;
        }
        Ok(())
    }

    fn send(self, sink: &mut SheetSink<'_>) {
        let mut rows = self.rows.into_iter().map(Ok);
        sink(&self.name, &SheetHints::default(), &mut rows);
    }
}

/// Reads a whole markup file, refusing one past `limit` bytes.
fn read_bounded(path: &Path, limit: u64) -> Result<Vec<u8>, FileError> {
    let size = std::fs::metadata(path).map_err(FileError::Io)?.len();
    if size > limit {
        return Err(FileError::TooLarge {
            part: "document".to_string(),
            size,
            limit,
        });
    }
    std::fs::read(path).map_err(FileError::Io)
}

/// Collapses runs of white space (markup's line breaks and indentation)
/// into single spaces and trims.
fn tidy(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
