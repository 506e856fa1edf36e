//! Spreadsheet files through calamine, each opened with the reader its
//! extension names (auto-detection would hide the real error, such as a
//! password). xlsx and xlsb sheets stream cell by cell; xls and ods are read
//! as ranges.

use super::hints::{xlsx_file_tables, SheetHints};
use super::table::{ReadError, Row, RowResult};
use super::value::{a1, Value};
use super::{guard, FileError};
use calamine::{DataType, Dimensions, Ods, Reader, Xls, Xlsb, Xlsx};
use std::collections::HashMap;
use std::fs::File;
use std::io::{BufReader, Read, Seek};
use std::path::Path;

/// Spreadsheet formats: the four calamine reads, flat ODS (read through
/// the ODS path), and the markup formats of `markup`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WorkbookFormat {
    Xlsx,
    Xlsb,
    Xls,
    Ods,
    /// `LibreOffice`'s flat ODS: `content.xml` as a file of its own.
    Fods,
    /// Excel's XML Spreadsheet 2003.
    SpreadsheetMl,
    /// An HTML table (or an MHTML page holding one).
    Html,
}

/// Called once per sheet with its name, what the workbook declares about it
/// (its Excel tables) and its rows.
pub type SheetSink<'s> = dyn FnMut(&str, &SheetHints, &mut dyn Iterator<Item = RowResult>) + 's;

/// Called with a sheet's name and what the reader found about it outside
/// its cells: the reason it holds no records and is not read (the example
/// and list sheets of badgemap's intake template, a chart sheet), or the
/// formulas it read without a computed value.
pub type SkipSink<'s> = dyn FnMut(&str, SheetNote) + 's;

/// What a reader says of a sheet beside its rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SheetNote {
    /// Not read, for this reason.
    Skipped(String),
    /// Read, but these formula cells carry no value Excel computed.
    Uncalculated(Uncalculated),
}

/// Formula cells whose value was never computed: written by a library
/// (openpyxl leaves `<v></v>`; `XlsxWriter` writes 0 and asks Excel to
/// recalculate on load). Their placeholders are read as blank cells.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Uncalculated {
    /// How many cells.
    pub count: u64,
    /// The first few, as A1 references.
    pub cells: Vec<String>,
    /// The workbook asks to be recalculated when opened (`fullCalcOnLoad`):
    /// cached zeros and empty strings are placeholders too.
    pub on_load: bool,
}

impl Uncalculated {
    const SHOWN: usize = 5;

    fn note(&mut self, (row, col): (u32, u32)) {
        self.count += 1;
        if self.cells.len() < Self::SHOWN {
            self.cells.push(a1(row, col));
        }
    }

    /// `7 formula cells (C2, C3, …) carry no computed value`.
    pub fn describe(&self) -> String {
        let more = if self.count as usize > self.cells.len() {
            ", …"
        } else {
            ""
        };
        format!(
            "{} formula {} ({}{more}) {} no value Excel computed{}",
            self.count,
            if self.count == 1 { "cell" } else { "cells" },
            self.cells.join(", "),
            if self.count == 1 { "carries" } else { "carry" },
            if self.on_load {
                " (the file was written by a program that asks Excel to recalculate it when opened)"
            } else {
                ""
            }
        )
    }
}

/// Reads every sheet of a workbook, in workbook order; sheets known to hold
/// no records go to `skip` instead.
pub fn read_workbook(
    path: &Path,
    format: WorkbookFormat,
    sink: &mut SheetSink<'_>,
    skip: &mut SkipSink<'_>,
) -> Result<(), FileError> {
    super::contain::contain(|| read_sheets(path, format, false, sink, skip))
}

/// Reads a workbook badgemap itself wrote (for `--previous`).
pub fn read_own_output(path: &Path, sink: &mut SheetSink<'_>) -> Result<(), FileError> {
    super::contain::contain(|| read_sheets(path, WorkbookFormat::Xlsx, true, sink, &mut |_, _| {}))
}

fn read_sheets(
    path: &Path,
    format: WorkbookFormat,
    own_output: bool,
    sink: &mut SheetSink<'_>,
    skip: &mut SkipSink<'_>,
) -> Result<(), FileError> {
    // Checked before calamine reads anything: see `guard`.
    let mut pre_skipped: Vec<(String, String)> = Vec::new();
    let mut ods_merges = guard::OdsMerges::new();
    let mut mended = None;
    let mut xls_codepage = None;
    let mut calc_on_load = false;
    match format {
        WorkbookFormat::Xlsx => {
            let plan = guard::check_xlsx(path)?;
            calc_on_load = plan.full_calc_on_load;
            for (_, sheet, _, reason) in &plan.dropped {
                pre_skipped.push((sheet.clone(), reason.clone()));
            }
            if !plan.bad_dimensions.is_empty() || !plan.utf16.is_empty() || !plan.dropped.is_empty()
            {
                let copy = guard::mended(path, &plan)?;
                // The transcoded parts are checked as any part is.
                guard::check_xlsx(&copy.0)?;
                mended = Some(copy);
            }
        }
        WorkbookFormat::Xls => {
            let plan = guard::check_xls(path)?;
            pre_skipped = plan.skip;
            xls_codepage = plan.force_codepage;
        }
        WorkbookFormat::Ods => ods_merges = guard::check_ods(path)?,
        WorkbookFormat::Xlsb => {}
        WorkbookFormat::Fods => {
            let (bytes, merges) = guard::fods_as_ods(path)?;
            let mut wb = Ods::new(std::io::Cursor::new(bytes)).map_err(ods_error)?;
            return read_ranges(
                &mut wb,
                |_, name| merges.get(name).cloned().unwrap_or_default(),
                &[],
                sink,
                skip,
            );
        }
        WorkbookFormat::SpreadsheetMl => return super::markup::read_spreadsheetml(path, sink),
        WorkbookFormat::Html => return super::markup::read_html(path, sink),
    }
    let file =
        File::open(mended.as_ref().map_or(path, |m| m.0.as_path())).map_err(FileError::Io)?;
    let reader = BufReader::new(file);
    match format {
        WorkbookFormat::Xlsx => {
            let wb = Xlsx::new(reader).map_err(|e| xlsx_error(path, e))?;
            // Sheets left out of the mended copy: skipped with their reason.
            for (sheet, reason) in &pre_skipped {
                skip(sheet, SheetNote::Skipped(reason.clone()));
            }
            read_xlsx(wb, path, (own_output, calc_on_load), sink, skip)
        }
        WorkbookFormat::Xlsb => {
            let wb = Xlsb::new(reader).map_err(|e| match e {
                calamine::XlsbError::Password => FileError::Password,
                other => FileError::Corrupt(other.to_string()),
            })?;
            read_xlsb(wb, sink, skip)
        }
        WorkbookFormat::Xls => {
            let mut options = calamine::XlsOptions::default();
            options.force_codepage = xls_codepage;
            let mut wb = Xls::new_with_options(reader, options).map_err(|e| match e {
                calamine::XlsError::Password => FileError::Password,
                other => FileError::Corrupt(other.to_string()),
            })?;
            let merges =
                |wb: &Xls<_>, name: &str| wb.merge_cells_by_sheet_name(name).unwrap_or_default();
            pre_skipped.extend(not_worksheets(wb.sheets_metadata()));
            read_ranges(&mut wb, merges, &pre_skipped, sink, skip)
        }
        WorkbookFormat::Fods | WorkbookFormat::SpreadsheetMl | WorkbookFormat::Html => Ok(()),
        WorkbookFormat::Ods => {
            let merges = |name: &str| ods_merges.get(name).cloned().unwrap_or_default();
            match Ods::new(reader) {
                Ok(mut wb) => read_ranges(&mut wb, |_, name| merges(name), &[], sink, skip),
                // Pretty-printed content.xml (white space between cells) is
                // valid OpenDocument that calamine refuses: read it again
                // without the layout white space.
                Err(
                    calamine::OdsError::Mismatch { .. }
                    | calamine::OdsError::FileNotFound("mimetype"),
                ) => {
                    let bytes = guard::ods_without_layout_space(path)?;
                    let mut wb = Ods::new(std::io::Cursor::new(bytes)).map_err(ods_error)?;
                    read_ranges(&mut wb, |_, name| merges(name), &[], sink, skip)
                }
                Err(e) => Err(ods_error(e)),
            }
        }
    }
}

/// An xlsx workbook, streamed cell by cell, each sheet with its Excel
/// tables' hints and merged cells; refused when it is (or is not) one of
/// badgemap's own workbooks, as `own_output` asks.
fn read_xlsx<RS: Read + Seek>(
    mut wb: Xlsx<RS>,
    path: &Path,
    (own_output, calc_on_load): (bool, bool),
    sink: &mut SheetSink<'_>,
    skip: &mut SkipSink<'_>,
) -> Result<(), FileError> {
    let names = sheet_names(wb.sheet_names())?;
    if is_own_output(&mut wb, &names) != own_output {
        return Err(if own_output {
            FileError::NotOwnOutput
        } else {
            FileError::OwnOutput
        });
    }
    let mut skipped = template_skips(&mut wb, &names);
    skipped.extend(not_worksheets(wb.sheets_metadata()));
    let tables = xlsx_file_tables(path);
    let none = SheetHints::default();
    for name in &names {
        let mut own_hints;
        let mut hints = tables.get(name).unwrap_or(&none);
        if own_output {
            // The analyst's links on the sheets they work in.
            own_hints = hints.clone();
            own_hints.links = wb
                .hyperlinks_by_sheet_name(name)
                .unwrap_or_default()
                .into_iter()
                .filter_map(|h| {
                    let (row, col) = h.range.start;
                    Some((row, col, h.target?))
                })
                .collect();
            hints = &own_hints;
        }
        if let Some((_, reason)) = skipped.iter().find(|(s, _)| s == name) {
            skip(name, SheetNote::Skipped(reason.clone()));
            continue;
        }
        // Merged cells are only a display aid: a sheet whose merge list
        // cannot be read is still read, without filling.
        let regions = wb.merge_cells_by_sheet_name(name).unwrap_or_default();
        match wb.worksheet_cells_reader(name) {
            Ok(mut cells) => {
                let mut uncalculated = Uncalculated {
                    on_load: calc_on_load,
                    ..Uncalculated::default()
                };
                let found = &mut uncalculated;
                // An Excel table's totals row is no record: its formulas'
                // placeholders matter to nobody.
                let totals: Vec<(u32, u32, u32)> = hints
                    .tables
                    .iter()
                    .filter(|t| t.totals_rows > 0)
                    .map(|t| (t.last_row, t.first_col, t.last_col))
                    .collect();
                let in_totals = move |(row, col): (u32, u32)| {
                    totals
                        .iter()
                        .any(|&(r, first, last)| r == row && (first..=last).contains(&col))
                };
                let next = move || {
                    let record = cells
                        .next_cell_with_formula_metadata()
                        .map_err(|e| ReadError::Cells(cause_of(path, &e)))?;
                    Ok(record.map(|r| {
                        if r.formula.is_some()
                            && placeholder(&r.value, calc_on_load)
                            && !in_totals(r.pos)
                        {
                            found.note(r.pos);
                            calamine::Cell::new(r.pos, calamine::DataRef::Empty)
                        } else {
                            calamine::Cell::new(r.pos, r.value)
                        }
                    }))
                };
                sink(name, hints, &mut CellRows::new(next, regions));
                if uncalculated.count > 0 {
                    skip(name, SheetNote::Uncalculated(uncalculated));
                }
            }
            Err(e) => sink(
                name,
                hints,
                &mut std::iter::once(Err(ReadError::Sheet(cause_of(path, &e)))),
            ),
        }
    }
    Ok(())
}

/// Whether a formula cell's cached value stands for a value never computed:
/// none at all, or (when the workbook asks to be recalculated on load) the
/// zero or empty string a library writes in its place.
fn placeholder(value: &calamine::DataRef<'_>, calc_on_load: bool) -> bool {
    use calamine::DataRef;
    match value {
        DataRef::Empty => true,
        DataRef::String(s) => s.is_empty() && calc_on_load,
        DataRef::SharedString(s) => s.is_empty() && calc_on_load,
        DataRef::Float(f) => *f == 0.0 && calc_on_load,
        DataRef::Int(i) => *i == 0 && calc_on_load,
        _ => false,
    }
}

/// An xlsb workbook, streamed cell by cell (calamine reports no merged
/// cells or tables for it).
fn read_xlsb<RS: Read + Seek>(
    mut wb: Xlsb<RS>,
    sink: &mut SheetSink<'_>,
    skip: &mut SkipSink<'_>,
) -> Result<(), FileError> {
    let names = sheet_names(wb.sheet_names())?;
    let skipped = not_worksheets(wb.sheets_metadata());
    let none = SheetHints::default();
    for name in &names {
        if let Some((_, reason)) = skipped.iter().find(|(s, _)| s == name) {
            skip(name, SheetNote::Skipped(reason.clone()));
            continue;
        }
        match wb.worksheet_cells_reader(name) {
            Ok(mut cells) => {
                let next = move || {
                    cells
                        .next_cell()
                        .map_err(|e| ReadError::Cells(e.to_string()))
                };
                sink(name, &none, &mut CellRows::new(next, Vec::new()));
            }
            Err(e) => sink(name, &none, &mut sheet_error(&e)),
        }
    }
    Ok(())
}

/// The rows of a sheet that could not be opened: its one error.
fn sheet_error(e: &impl std::fmt::Display) -> std::iter::Once<RowResult> {
    std::iter::once(Err(ReadError::Sheet(e.to_string())))
}

/// A workbook badgemap wrote carries a hidden sheet whose first cell is the
/// marker; such a workbook is output, not input.
fn is_own_output<RS: Read + Seek>(wb: &mut Xlsx<RS>, names: &[String]) -> bool {
    if !names.iter().any(|n| n == crate::layout::META_SHEET) {
        return false;
    }
    wb.worksheet_range(crate::layout::META_SHEET)
        .ok()
        .and_then(|r| r.get_value((0, 0)).map(value_of))
        .is_some_and(|v| v.display() == crate::layout::META_MARKER)
}

/// The sheets of badgemap's intake template that hold no records (its
/// examples, its dropdown lists, its hidden settings), with the reason; none
/// for any other workbook.
fn template_skips<RS: Read + Seek>(wb: &mut Xlsx<RS>, names: &[String]) -> Vec<(String, String)> {
    use crate::layout::{META_SHEET, SKIP_KEY, TEMPLATE_MARKER};
    if !names.iter().any(|n| n == META_SHEET) {
        return Vec::new();
    }
    let Ok(range) = wb.worksheet_range(META_SHEET) else {
        return Vec::new();
    };
    let text = |r: u32, c: u32| range.get_value((r, c)).map(value_of).map(|v| v.display());
    if text(0, 0).as_deref() != Some(TEMPLATE_MARKER) {
        return Vec::new();
    }
    let mut out = vec![(
        META_SHEET.to_string(),
        "the intake template's settings".to_string(),
    )];
    for r in 1..range.height() as u32 {
        if text(r, 0).as_deref() == Some(SKIP_KEY) {
            if let (Some(sheet), Some(reason)) = (text(r, 1), text(r, 2)) {
                out.push((sheet, reason));
            }
        }
    }
    out
}

fn ods_error(e: calamine::OdsError) -> FileError {
    match e {
        calamine::OdsError::Password => FileError::Password,
        calamine::OdsError::CellLimitExceeded { requested, max } => {
            FileError::DenseRange { requested, max }
        }
        calamine::OdsError::Mismatch { expected, .. } => FileError::Corrupt(format!(
            "its content.xml does not have the structure of a spreadsheet (expected a {expected} element)"
        )),
        other => FileError::Corrupt(other.to_string()),
    }
}

/// Chart, macro and dialog sheets and code modules hold no records: each is
/// skipped with its own reason while the worksheets beside it are read.
fn not_worksheets(sheets: &[calamine::Sheet]) -> Vec<(String, String)> {
    use calamine::SheetType;
    sheets
        .iter()
        .filter_map(|s| {
            let reason = match s.typ {
                SheetType::WorkSheet => return None,
                SheetType::ChartSheet => "a chart sheet (a chart, no cells)",
                SheetType::MacroSheet => "an Excel 4.0 macro sheet (formulas, not records)",
                SheetType::DialogSheet => "an Excel 5.0 dialog sheet (a form, no records)",
                SheetType::Vba => "a Visual Basic module (code, no cells)",
            };
            Some((s.name.clone(), reason.to_string()))
        })
        .collect()
}

fn sheet_names(names: Vec<String>) -> Result<Vec<String>, FileError> {
    if names.is_empty() {
        Err(FileError::NoSheets)
    } else {
        Ok(names)
    }
}

fn xlsx_error(path: &Path, error: calamine::XlsxError) -> FileError {
    if let Some(part) = zip_fault(&error.to_string())
        .then(|| guard::damaged_part(path))
        .flatten()
    {
        return FileError::DamagedPart(part);
    }
    match error {
        calamine::XlsxError::Password => FileError::Password,
        calamine::XlsxError::Zip(zip) => match sniff(path) {
            Some(kind) => FileError::WrongFormat(kind),
            None => FileError::Corrupt(format!("not a readable xlsx (zip) archive: {zip}")),
        },
        other => FileError::Corrupt(other.to_string()),
    }
}

/// A reader's error as its cause: the zip part whose own check fails, named,
/// rather than the library's text.
fn cause_of(path: &Path, error: &impl std::fmt::Display) -> String {
    let text = error.to_string();
    match zip_fault(&text).then(|| guard::damaged_part(path)).flatten() {
        Some(part) => format!(
            "its {part} part fails the zip's integrity check (its checksum or its declared size): the file was cut short or damaged in a copy; copy it again"
        ),
        None => text,
    }
}

/// Whether a reader's error text is the zip's own check failing (the text
/// of the zip crate's errors, seen through quick-xml's I/O error).
fn zip_fault(text: &str) -> bool {
    ["declared uncompressed size", "checksum", "Invalid checksum"]
        .iter()
        .any(|t| text.contains(t))
}

/// Names what a file really is when its extension says otherwise.
fn sniff(path: &Path) -> Option<&'static str> {
    let mut head = [0u8; 8];
    let n = File::open(path).and_then(|mut f| f.read(&mut head)).ok()?;
    let head = head.get(..n).unwrap_or_default();
    if head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        Some("a legacy Excel 97-2003 workbook (.xls); rename it to .xls")
    } else if head.starts_with(b"<") || head.starts_with(b"\xEF\xBB\xBF<") {
        Some("an HTML or XML file saved with a spreadsheet extension; save it from Excel as .xlsx")
    } else {
        None
    }
}

fn read_ranges<RS, R>(
    wb: &mut R,
    merges_of: impl Fn(&R, &str) -> Vec<Dimensions>,
    skipped: &[(String, String)],
    sink: &mut SheetSink<'_>,
    skip: &mut SkipSink<'_>,
) -> Result<(), FileError>
where
    RS: Read + Seek,
    R: Reader<RS>,
    R::Error: std::fmt::Display,
{
    let names = sheet_names(wb.sheet_names())?;
    for name in &names {
        if let Some((_, reason)) = skipped.iter().find(|(s, _)| s == name) {
            skip(name, SheetNote::Skipped(reason.clone()));
            continue;
        }
        let mut fill = MergeFill::new(merges_of(wb, name));
        match wb.worksheet_range(name) {
            Ok(range) => {
                let (row0, col0) = range.start().unwrap_or((0, 0));
                let mut rows = range.rows().enumerate().map(move |(i, cells)| {
                    let mut values = vec![Value::Empty; col0 as usize];
                    values.extend(cells.iter().map(value_of));
                    let mut row = Row {
                        index: row0 + i as u32,
                        cells: values,
                    };
                    fill.apply(&mut row);
                    Ok(row)
                });
                sink(name, &SheetHints::default(), &mut rows);
            }
            Err(e) => sink(
                name,
                &SheetHints::default(),
                &mut std::iter::once(Err(ReadError::Sheet(e.to_string()))),
            ),
        }
    }
    Ok(())
}

/// Converts any calamine cell (owned or borrowed) into a [`Value`].
fn value_of<T: DataType>(cell: &T) -> Value {
    if let Some(s) = cell.get_string() {
        return Value::Text(s.to_string());
    }
    if let Some(dt) = cell.get_datetime() {
        if dt.is_datetime() {
            if let Some(v) = dt.as_datetime() {
                return Value::DateTime(v);
            }
        }
        return Value::Number(dt.as_f64());
    }
    if let Some(f) = cell.get_float() {
        return Value::Number(f);
    }
    if let Some(i) = cell.get_int() {
        return Value::Number(i as f64);
    }
    if let Some(b) = cell.get_bool() {
        return Value::Bool(b);
    }
    if let Some(s) = cell.get_datetime_iso().or(cell.get_duration_iso()) {
        return Value::Text(s.to_string());
    }
    if let Some(e) = cell.get_error() {
        return Value::Error(e.to_string());
    }
    Value::Empty
}

/// Fills merged areas with the value of their top-left cell, as a reader sees
/// them on screen: a member name merged down over two systems applies to both.
struct MergeFill {
    merges: Vec<Dimensions>,
    values: HashMap<usize, Value>,
}

/// Excel's last column is XFD, the 16,384th.
const MAX_COLUMNS: u32 = 16_384;

/// Widest merged area filled, in columns: a guard against absurd merges.
const MAX_MERGE_WIDTH: u32 = 256;

impl MergeFill {
    fn new(merges: Vec<Dimensions>) -> Self {
        MergeFill {
            merges,
            values: HashMap::new(),
        }
    }

    /// Rows must arrive in ascending order.
    fn apply(&mut self, row: &mut Row) {
        for (i, m) in self.merges.iter().enumerate() {
            if row.index < m.start.0 || row.index > m.end.0 || m.start.1 >= MAX_COLUMNS {
                continue;
            }
            if row.index == m.start.0 {
                self.values.insert(i, row.get(m.start.1).clone());
            }
            let Some(v) = self.values.get(&i) else {
                continue;
            };
            for col in m.start.1..=m.end.1.min(m.start.1 + MAX_MERGE_WIDTH) {
                let idx = col as usize;
                if row.cells.len() <= idx {
                    row.cells.resize(idx + 1, Value::Empty);
                }
                if let Some(cell) = row.cells.get_mut(idx) {
                    if matches!(cell, Value::Empty) {
                        *cell = v.clone();
                    }
                }
            }
        }
    }
}

/// Groups a stream of cells (row-major order) into rows.
struct CellRows<F> {
    next: F,
    pending: Option<(u32, u32, Value)>,
    merges: MergeFill,
    /// A read error met part-way through a row, reported after that row.
    failed: Option<ReadError>,
    done: bool,
}

impl<F, C> CellRows<F>
where
    F: FnMut() -> Result<Option<calamine::Cell<C>>, ReadError>,
    C: DataType + calamine::CellType,
{
    fn new(next: F, merges: Vec<Dimensions>) -> Self {
        CellRows {
            next,
            pending: None,
            merges: MergeFill::new(merges),
            failed: None,
            done: false,
        }
    }

    fn pull(&mut self) -> Result<Option<(u32, u32, Value)>, ReadError> {
        if let Some(p) = self.pending.take() {
            return Ok(Some(p));
        }
        loop {
            match (self.next)()? {
                None => return Ok(None),
                Some(cell) => {
                    let (row, col) = cell.get_position();
                    // A damaged reference can name a column past Excel's last;
                    // such a cell cannot be shown by any spreadsheet either.
                    if col >= MAX_COLUMNS {
                        continue;
                    }
                    let value = value_of(cell.get_value());
                    if !matches!(value, Value::Empty) {
                        return Ok(Some((row, col, value)));
                    }
                }
            }
        }
    }
}

impl<F, C> Iterator for CellRows<F>
where
    F: FnMut() -> Result<Option<calamine::Cell<C>>, ReadError>,
    C: DataType + calamine::CellType,
{
    type Item = RowResult;

    fn next(&mut self) -> Option<Self::Item> {
        if let Some(e) = self.failed.take() {
            return Some(Err(e));
        }
        if self.done {
            return None;
        }
        let first = match self.pull() {
            Ok(Some(c)) => c,
            Ok(None) => {
                self.done = true;
                return None;
            }
            Err(e) => {
                self.done = true;
                return Some(Err(e));
            }
        };
        let mut row = Row {
            index: first.0,
            cells: Vec::new(),
        };
        let place = |row: &mut Row, col: u32, value: Value| {
            let idx = col as usize;
            if row.cells.len() <= idx {
                row.cells.resize(idx + 1, Value::Empty);
            }
            if let Some(cell) = row.cells.get_mut(idx) {
                *cell = value;
            }
        };
        place(&mut row, first.1, first.2);
        loop {
            match self.pull() {
                Ok(Some((r, c, v))) if r == row.index => place(&mut row, c, v),
                Ok(Some(other)) => {
                    self.pending = Some(other);
                    break;
                }
                Ok(None) => {
                    self.done = true;
                    break;
                }
                Err(e) => {
                    // Hand back what was read; the error follows on the next call.
                    self.done = true;
                    self.failed = Some(e);
                    break;
                }
            }
        }
        self.merges.apply(&mut row);
        Some(Ok(row))
    }
}
