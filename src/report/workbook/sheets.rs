//! A table becomes one sheet, or several when it passes Excel's row limit,
//! each written by one of two threads.
//!
//! Small sheets (up to [`STANDARD_MAX_CELLS`] cells) are written in standard
//! memory; larger ones stream to a temporary file in constant-memory mode,
//! strictly in row order, with strings inline. Sheets of up to
//! [`TABLE_MAX_ROWS`] rows are Excel tables with rows sized to wrapped text;
//! longer ones get an autofilter and no row heights. `rust_xlsxwriter` writes a
//! constant-memory sheet's last row twice when that row has a height (Excel
//! then repairs the file), so on such a sheet the last row keeps the default
//! height: it shows the first line of wrapped text until an analyst widens it.

use super::styles::{self, Formats};
use super::{excel_text, MAX_ROWS};
use crate::report::tables::{Cell, ColumnKind, Table};
use chrono::{Datelike, Timelike};
use rust_xlsxwriter::{
    ConditionalFormatCell, ConditionalFormatCellRule, ConditionalFormatFormula, DataValidation,
    DataValidationRule, ExcelDateTime, Table as XlTable, TableColumn, TableStyle, Url, Workbook,
    Worksheet, XlsxError,
};

/// Sheets up to this many rows get an Excel table; longer ones an
/// autofilter. `rust_xlsxwriter` checks table overlaps cell by cell in a hash
/// map, which costs far more time and memory than the data for long sheets,
/// while an autofilter gives analysts the same filters for one range.
const TABLE_MAX_ROWS: usize = 100_000;

/// Sheets up to this many cells are held in memory until the workbook is
/// saved (about 180 bytes a cell, so at most some 18 MB a sheet); larger
/// ones stream.
const STANDARD_MAX_CELLS: usize = 100_000;

/// How many rows make a sheet long, and how many a sheet holds.
#[derive(Clone, Copy)]
pub(super) struct Limits {
    /// Data rows a sheet holds before the table continues on the next sheet.
    pub(super) per_sheet: usize,
    /// Sheets with more data rows than this get an autofilter, not a table,
    /// and no row heights.
    pub(super) table_max: usize,
    /// Sheets with more cells than this stream in constant memory.
    pub(super) standard_cells: usize,
}

impl Limits {
    /// Excel's row limit, [`TABLE_MAX_ROWS`] and [`STANDARD_MAX_CELLS`],
    /// unless `BADGEMAP_SHEET_ROWS`, `BADGEMAP_TABLE_ROWS` and
    /// `BADGEMAP_STANDARD_CELLS` say less: tests use them to see a register
    /// spill onto follow-on, streamed, autofiltered sheets without a million
    /// rows.
    pub(super) fn from_env() -> Self {
        let var = |name: &str, default: usize| {
            std::env::var(name)
                .ok()
                .and_then(|v| v.trim().parse().ok())
                .filter(|n| (1..=default).contains(n))
                .unwrap_or(default)
        };
        Limits {
            per_sheet: var("BADGEMAP_SHEET_ROWS", (MAX_ROWS - 1) as usize),
            table_max: var("BADGEMAP_TABLE_ROWS", TABLE_MAX_ROWS),
            standard_cells: var("BADGEMAP_STANDARD_CELLS", STANDARD_MAX_CELLS),
        }
    }
}

/// Columns frozen at the left of a table's sheets.
#[derive(Clone, Copy)]
pub(super) struct SheetStyle {
    pub(super) freeze_cols: u16,
}

/// A table's sheets, created and formatted, waiting for their rows.
pub(super) struct Prepared<'t> {
    table: &'t (dyn Table + Sync),
    columns: Vec<(String, ColumnKind)>,
    widths: Vec<f64>,
    /// Rows are sized to wrapped text (short tables only).
    wrap: bool,
    per_sheet: usize,
    /// The table's row count, asked once.
    total: usize,
    pub(super) sheets: Vec<Worksheet>,
    /// Whether each sheet streams in constant memory.
    streamed: Vec<bool>,
}

/// Creates the sheets a table needs: as many as Excel's row limit requires.
pub(super) fn prepare<'t>(
    wb: &mut Workbook,
    table: &'t (dyn Table + Sync),
    f: &Formats,
    style: SheetStyle,
    limits: Limits,
) -> Result<Prepared<'t>, XlsxError> {
    let per_sheet = limits.per_sheet;
    let columns = table.columns();
    let total = table.row_count();
    let widths = styles::widths(table, &columns);
    let count = total.div_ceil(per_sheet).max(1);
    let mut sheets = Vec::with_capacity(count);
    let mut streamed = Vec::with_capacity(count);
    for n in 0..count {
        let rows = total.saturating_sub(n * per_sheet).min(per_sheet);
        let layout = Layout {
            columns: &columns,
            widths: &widths,
            style,
            sheet_no: n,
            rows,
            long: rows > limits.table_max,
            streamed: rows * columns.len() > limits.standard_cells,
        };
        streamed.push(layout.streamed);
        sheets.push(start_sheet(wb, table, &layout, f)?);
    }
    Ok(Prepared {
        table,
        columns,
        widths,
        wrap: total <= limits.table_max,
        per_sheet,
        total,
        sheets,
        streamed,
    })
}

/// What one sheet of a table looks like.
struct Layout<'a> {
    columns: &'a [(String, ColumnKind)],
    widths: &'a [f64],
    style: SheetStyle,
    /// Which of the table's sheets, from 0.
    sheet_no: usize,
    /// Data rows on this sheet.
    rows: usize,
    /// An autofilter instead of a table, and no row heights.
    long: bool,
    /// Written in constant memory.
    streamed: bool,
}

/// Makes header texts unique, as an Excel table requires.
fn unique_headers(columns: &[(String, ColumnKind)]) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(columns.len());
    for (h, _) in columns {
        let mut name = h.clone();
        let mut n = 2;
        while out.iter().any(|o| o.eq_ignore_ascii_case(&name)) {
            name = format!("{h} ({n})");
            n += 1;
        }
        out.push(name);
    }
    out
}

/// An Excel table name for a sheet: `tbl` and the sheet's letters and
/// digits, so that it can never be a built-in name (`Criteria`,
/// `Print_Area`, …) or read as a cell reference, and is unique because sheet
/// names are.
pub(super) fn table_name(sheet: &str) -> String {
    let mut name = String::from("tbl");
    for ch in sheet.chars() {
        if ch.is_ascii_alphanumeric() {
            name.push(ch);
        } else if !name.ends_with('_') {
            name.push('_');
        }
    }
    name.trim_end_matches('_').to_string()
}

fn start_sheet(
    wb: &mut Workbook,
    table: &dyn Table,
    layout: &Layout<'_>,
    f: &Formats,
) -> Result<Worksheet, XlsxError> {
    let long = layout.long;
    // Large sheets stream to a temporary file, in row order only, with strings
    // inline: a shared string table would hold every distinct text in memory.
    let mut ws = if layout.streamed {
        wb.new_worksheet_with_constant_memory()?
    } else {
        Worksheet::new()
    };
    let name = match layout.sheet_no {
        0 => table.name().to_string(),
        n => format!("{} ({})", table.name(), n + 1),
    };
    ws.set_name(&name)?;
    let columns = layout.columns;
    let headers = unique_headers(columns);
    for (c, (((_, kind), header), width)) in
        columns.iter().zip(&headers).zip(layout.widths).enumerate()
    {
        let c = c as u16;
        ws.set_column_width(c, *width)?;
        ws.set_column_format(c, f.column(*kind, !long))?;
        ws.write_string_with_format(0, c, header, f.header_for(*kind))?;
    }
    ws.set_freeze_panes(1, layout.style.freeze_cols)?;
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(0, 0)?;
    if layout.rows == 0 {
        return Ok(ws);
    }
    let last_row = layout.rows as u32;
    let last_col = (columns.len().max(1) - 1) as u16;
    if long {
        ws.autofilter(0, 0, last_row, last_col)?;
    } else {
        // The table writes its own header cells: they take the header format
        // here, or LibreOffice (which draws no table styles) shows them plain.
        let table_columns: Vec<TableColumn> = headers
            .iter()
            .zip(columns)
            .map(|(h, (_, kind))| {
                TableColumn::new()
                    .set_header(h)
                    .set_header_format(f.header_for(*kind))
            })
            .collect();
        let xl = XlTable::new()
            .set_name(table_name(&name))
            .set_style(TableStyle::Light9)
            .set_columns(&table_columns);
        ws.add_table(0, 0, last_row, last_col, &xl)?;
    }
    colour_and_validate(&mut ws, columns, last_row, f)?;
    Ok(ws)
}

/// Conditional colours for coloured columns, a highlight on undecided MUST
/// rows, and data validation on the columns analysts fill in.
fn colour_and_validate(
    ws: &mut Worksheet,
    columns: &[(String, ColumnKind)],
    last_row: u32,
    f: &Formats,
) -> Result<(), XlsxError> {
    let find = |k: ColumnKind| columns.iter().position(|(_, kind)| *kind == k);
    for (c, (_, kind)) in columns.iter().enumerate() {
        let c = c as u16;
        for (value, format) in f.coloured(*kind) {
            let rule = ConditionalFormatCell::new()
                .set_rule(ConditionalFormatCellRule::EqualTo(format!("\"{value}\"")))
                .set_format(format);
            ws.add_conditional_format(1, c, last_row, c, &rule)?;
        }
        match kind {
            ColumnKind::Decision => {
                let allowed: Vec<&str> = crate::reconcile::Verdict::ALL
                    .iter()
                    .map(|v| v.as_str())
                    .collect();
                let dv = DataValidation::new()
                    .allow_list_strings(&allowed)?
                    .set_input_title("Decision")?
                    .set_input_message(
                        "accepted (with the date the evidence was received), rejected, or waived",
                    )?
                    .set_error_title("Not a decision")?
                    .set_error_message(format!(
                        "Choose {}, or leave the cell blank.",
                        allowed.join(", ")
                    ))?;
                ws.add_data_validation(1, c, last_row, c, &dv)?;
            }
            ColumnKind::DateEntry => {
                let dv = DataValidation::new()
                    .allow_date(DataValidationRule::GreaterThanOrEqualTo(
                        ExcelDateTime::from_ymd(2000, 1, 1)?,
                    ))
                    .set_input_title("Date")?
                    .set_input_message("The date the evidence was received, e.g. 2026-11-24")?
                    .set_error_title("Not a date")?
                    .set_error_message(
                        "Write a date (e.g. 2026-11-24), or leave the cell blank.",
                    )?;
                ws.add_data_validation(1, c, last_row, c, &dv)?;
            }
            _ => {}
        }
    }
    // An undecided MUST row stands out across the whole row; the colours of
    // single cells above take precedence.
    if let (Some(level), Some(decision)) = (find(ColumnKind::Level), find(ColumnKind::Decision)) {
        let letters = |c: usize| crate::model::cell::column_letters(c as u32);
        let (level, decision) = (letters(level), letters(decision));
        // A row decided on its request is decided too.
        let inherited = find(ColumnKind::Inherited)
            .map(|c| format!(",${}2=\"\"", letters(c)))
            .unwrap_or_default();
        let rule = ConditionalFormatFormula::new()
            .set_rule(format!("=AND(${level}2=\"MUST\",${decision}2=\"\"{inherited})").as_str())
            .set_format(&f.open_must);
        let last_col = (columns.len().max(1) - 1) as u16;
        ws.add_conditional_format(1, 0, last_row, last_col, &rule)?;
    }
    Ok(())
}

/// One sheet's worth of a table: rows `range` onto `sheet`.
struct Job<'p, 't> {
    table: &'t (dyn Table + Sync),
    columns: &'p [(String, ColumnKind)],
    widths: &'p [f64],
    wrap: bool,
    streamed: bool,
    sheet: &'p mut Worksheet,
    /// Which of the table's sheets, counting from 1, and of how many.
    number: (usize, usize),
    range: std::ops::Range<usize>,
}

impl Job<'_, '_> {
    fn fill(self, f: &Formats) -> Result<(), XlsxError> {
        crate::progress::report(|| match self.number {
            (_, 1) => format!(
                "writing the {} sheet ({} rows)",
                self.table.name(),
                self.range.len()
            ),
            (n, of) => format!(
                "writing the {} sheet, part {n} of {of} ({} rows)",
                self.table.name(),
                self.range.len()
            ),
        });
        let (expected, mut row) = (self.range.len(), 1u32);
        let mut error = None;
        let rows = RowWriter {
            columns: self.columns,
            widths: self.widths,
            wrap: self.wrap,
            // See the module doc: a streamed sheet's last row keeps its height.
            unsized_row: self.streamed.then_some(expected as u32),
            f,
        };
        self.table.rows_in(self.range, &mut |cells| {
            if error.is_some() {
                return;
            }
            error = rows.write(self.sheet, row, cells).err();
            row += 1;
        });
        match error {
            Some(e) => Err(e),
            None if row as usize - 1 != expected => Err(XlsxError::ParameterError(format!(
                "the {} table gave {} rows for a sheet of {expected}",
                self.table.name(),
                row - 1
            ))),
            None => Ok(()),
        }
    }

    /// A rough cost, for sharing jobs between threads.
    fn cells(&self) -> usize {
        self.range.len() * self.columns.len()
    }
}

/// Writes every table's sheets on two threads, largest first onto the less
/// loaded one; on one when `single`. Each sheet is its own part, so the
/// output is the same bytes either way.
pub(super) fn fill_in_parallel(
    tables: &mut [&mut Prepared<'_>],
    f: &Formats,
    single: bool,
) -> Result<(), XlsxError> {
    let mut jobs: Vec<Job<'_, '_>> = Vec::new();
    for p in tables.iter_mut() {
        let of = p.sheets.len();
        for (n, sheet) in p.sheets.iter_mut().enumerate() {
            let start = n * p.per_sheet;
            jobs.push(Job {
                table: p.table,
                columns: &p.columns,
                widths: &p.widths,
                wrap: p.wrap,
                streamed: p.streamed.get(n).copied().unwrap_or(true),
                sheet,
                number: (n + 1, of),
                range: start..p.total.min(start + p.per_sheet),
            });
        }
    }
    jobs.sort_by_key(|j| std::cmp::Reverse(j.cells()));
    let (mut a, mut b): (Vec<Job<'_, '_>>, Vec<Job<'_, '_>>) = (Vec::new(), Vec::new());
    let (mut load_a, mut load_b) = (0usize, 0usize);
    for job in jobs {
        if load_a <= load_b {
            load_a += job.cells();
            a.push(job);
        } else {
            load_b += job.cells();
            b.push(job);
        }
    }
    if single {
        return a.into_iter().chain(b).try_for_each(|j| j.fill(f));
    }
    std::thread::scope(|scope| {
        let other = scope.spawn(|| b.into_iter().try_for_each(|j| j.fill(f)));
        let here = a.into_iter().try_for_each(|j| j.fill(f));
        let there = other.join().unwrap_or_else(|_| {
            Err(XlsxError::ParameterError(
                "a worksheet thread panicked".into(),
            ))
        });
        here.and(there)
    })
}

/// Points per line of wrapped text, and the most lines a row grows to.
const LINE_HEIGHT: f64 = 15.0;
const MAX_LINES: usize = 6;

/// Writes a table's rows onto a sheet.
struct RowWriter<'a> {
    columns: &'a [(String, ColumnKind)],
    widths: &'a [f64],
    wrap: bool,
    /// The row that must keep the default height.
    unsized_row: Option<u32>,
    f: &'a Formats,
}

impl RowWriter<'_> {
    /// Lines the wrapped (prose) cells of a row need at their column widths.
    fn wrapped_lines(&self, cells: &[Cell<'_>]) -> usize {
        cells
            .iter()
            .zip(self.columns.iter().zip(self.widths))
            .filter(|(_, ((_, kind), _))| *kind == ColumnKind::Prose)
            .map(|(cell, (_, width))| match cell {
                Cell::Text(t) => {
                    let per_line = (width * 1.1).max(8.0) as usize;
                    t.lines()
                        .map(|l| l.chars().count().div_ceil(per_line).max(1))
                        .sum()
                }
                _ => 1,
            })
            .max()
            .unwrap_or(1)
            .clamp(1, MAX_LINES)
    }

    fn write(&self, ws: &mut Worksheet, row: u32, cells: &[Cell<'_>]) -> Result<(), XlsxError> {
        // Rows do not grow to fit wrapped text on opening in Excel: size them
        // here (short tables only; see the module doc).
        if self.wrap && self.unsized_row != Some(row) {
            let lines = self.wrapped_lines(cells);
            if lines > 1 {
                ws.set_row_height(row, LINE_HEIGHT * lines as f64)?;
            }
        }
        for (c, cell) in cells.iter().enumerate() {
            write_cell(ws, row, c as u16, cell, self.f)?;
        }
        Ok(())
    }
}

/// One cell, in its column's format. Input text is always a string, never
/// turned into a formula.
pub(super) fn write_cell(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    cell: &Cell<'_>,
    f: &Formats,
) -> Result<(), XlsxError> {
    match cell {
        Cell::Blank => {}
        Cell::Text(t) => {
            ws.write_string(row, col, excel_text(t))?;
        }
        Cell::Int(n) => {
            ws.write_number(row, col, *n as f64)?;
        }
        Cell::Date(d) => {
            let dt = ExcelDateTime::from_ymd(
                u16::try_from(d.year()).unwrap_or(1900),
                d.month() as u8,
                d.day() as u8,
            )?;
            ws.write_datetime(row, col, &dt)?;
        }
        Cell::Url(u) => write_link(ws, row, col, u, f)?,
        Cell::Number(n) => {
            ws.write_number(row, col, *n)?;
        }
        Cell::Bool(b) => {
            ws.write_boolean(row, col, *b)?;
        }
        Cell::Day(d) => {
            let dt = ExcelDateTime::from_ymd(
                u16::try_from(d.year()).unwrap_or(1900),
                d.month() as u8,
                d.day() as u8,
            )?;
            ws.write_datetime_with_format(row, col, &dt, &f.date)?;
        }
        Cell::Moment(t) => {
            let dt = ExcelDateTime::from_ymd(
                u16::try_from(t.year()).unwrap_or(1900),
                t.month() as u8,
                t.day() as u8,
            )?
            .and_hms(t.hour() as u16, t.minute() as u8, f64::from(t.second()))?;
            ws.write_datetime_with_format(row, col, &dt, &f.moment)?;
        }
        Cell::Link { url, text } => write_analyst_link(ws, row, col, url, text, f)?,
        Cell::Unread(t) => {
            ws.write_string_with_format(row, col, excel_text(t), &f.unread)?;
        }
    }
    Ok(())
}

/// An analyst's hyperlink, kept as a link when it is one badgemap writes
/// (http, https, mailto), else as its text.
fn write_analyst_link(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    url: &str,
    text: &str,
    f: &Formats,
) -> Result<(), XlsxError> {
    let safe = ["https://", "http://", "mailto:"]
        .iter()
        .any(|p| url.starts_with(p));
    if safe && url.len() < 2000 && !url.contains(char::is_whitespace) {
        let mut link = Url::new(url);
        if !text.is_empty() && text != url {
            link = link.set_text(excel_text(text));
        }
        ws.write_url_with_format(row, col, link, &f.link)?;
    } else {
        let shown = if text.is_empty() { url } else { text };
        ws.write_string(row, col, excel_text(shown))?;
    }
    Ok(())
}

/// Hyperlinks only for http(s) URLs; anything else is plain text.
fn write_link(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    url: &str,
    f: &Formats,
) -> Result<(), XlsxError> {
    let is_web = url.starts_with("https://") || url.starts_with("http://");
    if is_web && url.len() < 2000 && !url.contains(char::is_whitespace) {
        ws.write_url_with_format(row, col, Url::new(url), &f.link)?;
    } else {
        ws.write_string(row, col, excel_text(url))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::table_name;

    #[test]
    fn table_names_cannot_be_built_in_names_or_references() {
        assert_eq!(table_name("Criteria"), "tblCriteria");
        assert_eq!(table_name("Mapping criteria"), "tblMapping_criteria");
        assert_eq!(table_name("Worklist (2)"), "tblWorklist_2");
    }
}
