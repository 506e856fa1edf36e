//! The reconciled workbook (rust_xlsxwriter). Large sheets are written in
//! constant-memory mode, strictly in row order; the document date is the
//! as-of date so that the same run gives the same bytes.

use super::tables::{self, Cell, ColumnKind, Table};
use super::Report;
use crate::reconcile::Status;
use chrono::Datelike;
use rust_xlsxwriter::{
    Chart, ChartType, Color, ConditionalFormatCell, ConditionalFormatCellRule, DataValidation,
    DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Table as XlTable, TableColumn,
    TableStyle, Url, Workbook, Worksheet, XlsxError,
};
use std::path::Path;

/// Deflate level for the workbook: `BADGEMAP_ZIP_LEVEL` (0-9), else 2.
/// Measured on a 938 MB Worklist sheet (zlib-rs): level 2 took 1.1 s for
/// 65 MB, level 3 1.8 s for 63 MB, the default 6 3.4 s for 49 MB. The zip is
/// written on one thread after the sheets, so this is on the critical path.
fn zip_level() -> u8 {
    std::env::var("BADGEMAP_ZIP_LEVEL")
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|l| *l <= 9)
        .unwrap_or(2)
}

/// Sheets up to this many rows get an Excel table; longer ones an
/// autofilter. rust_xlsxwriter checks table overlaps cell by cell in a hash
/// map, which costs far more time and memory than the data for long sheets,
/// while an autofilter gives analysts the same filters for one range.
const TABLE_MAX_ROWS: usize = 100_000;

/// Excel's limits.
pub const MAX_ROWS: u32 = 1_048_576;
pub const MAX_CELL_CHARS: usize = 32_767;

/// Name of the hidden sheet that marks a workbook as badgemap's.
pub const META_SHEET: &str = "badgemap";
/// First cell of the metadata sheet.
pub const META_MARKER: &str = "badgemap reconciled workbook";
/// Version of the workbook layout, bumped when sheets or columns change.
pub const LAYOUT_VERSION: u32 = 1;

struct Formats {
    top: Format,
    bold: Format,
    title: Format,
    header: Format,
    date: Format,
    wrap: Format,
    status: [(Status, Format); 5],
    evidence: [(&'static str, Format); 5],
    link: Format,
}

impl Formats {
    fn new() -> Self {
        let fill = |rgb: u32, font: u32| {
            Format::new()
                .set_background_color(Color::RGB(rgb))
                .set_font_color(Color::RGB(font))
        };
        Formats {
            top: Format::new().set_align(FormatAlign::Top),
            bold: Format::new().set_bold(),
            title: Format::new().set_bold().set_font_size(16),
            header: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Top)
                .set_border_bottom(FormatBorder::Thin),
            date: Format::new()
                .set_num_format("yyyy-mm-dd")
                .set_align(FormatAlign::Left)
                .set_align(FormatAlign::Top),
            wrap: Format::new().set_text_wrap().set_align(FormatAlign::Top),
            status: [
                (Status::Covered, fill(0xC6EFCE, 0x006100)),
                (Status::CarryOver, fill(0xDDEBF7, 0x1F4E78)),
                (Status::ReCertify, fill(0xFFEB9C, 0x9C5700)),
                (Status::NoEvidence, fill(0xEDEDED, 0x404040)),
                (Status::Review, fill(0xFFC7CE, 0x9C0006)),
            ],
            evidence: [
                ("full", fill(0xC6EFCE, 0x006100)),
                ("partial", fill(0xFFEB9C, 0x9C5700)),
                ("missing", fill(0xFFC7CE, 0x9C0006)),
                ("n/a", fill(0xF2F2F2, 0x808080)),
                ("waived", fill(0xDDEBF7, 0x1F4E78)),
            ],
            link: Format::new()
                .set_font_color(Color::RGB(0x0563C1))
                .set_underline(rust_xlsxwriter::FormatUnderline::Single),
        }
    }
}

/// Writes the whole workbook to `path`.
pub fn write(report: &Report<'_>, path: &Path) -> Result<(), XlsxError> {
    let mut wb = Workbook::new();
    let created = ExcelDateTime::from_ymd(
        u16::try_from(report.as_of.year()).unwrap_or(2000),
        report.as_of.month() as u8,
        report.as_of.day() as u8,
    )?;
    wb.set_properties(
        &DocProperties::new()
            .set_creation_datetime(&created)
            .set_title("badgemap reconciled workbook")
            .set_comment(format!(
                "mapping {} {}",
                report.mapping.plan.id, report.mapping.plan.version
            )),
    );
    wb.set_zip_compression_level(zip_level());
    let f = Formats::new();
    summary(&mut wb, report, &f)?;
    // Every sheet is created and formatted here, in order, on this thread, so
    // that format indices do not depend on thread timing; the rows are then
    // written on two threads, and the sheets added in order.
    let mut slots: Vec<Slot<'_>> = Vec::new();
    let changes = tables::Changes(report);
    if report.changes.is_some() {
        slots.push(Slot::Table(prepare(
            &mut wb,
            &changes,
            &f,
            SheetStyle::integrations(),
            PER_SHEET,
        )?));
    }
    let integrations = tables::Integrations(report);
    let criteria = tables::Criteria(report);
    let worklist = tables::Worklist(report);
    let issues = tables::Issues(report);
    let sources = tables::Sources(report);
    slots.push(Slot::Table(prepare(
        &mut wb,
        &integrations,
        &f,
        SheetStyle::integrations(),
        PER_SHEET,
    )?));
    slots.push(Slot::Table(prepare(
        &mut wb,
        &criteria,
        &f,
        SheetStyle::matrix(),
        PER_SHEET,
    )?));
    slots.push(Slot::Table(prepare(
        &mut wb,
        &worklist,
        &f,
        SheetStyle::worklist(),
        PER_SHEET,
    )?));
    slots.push(Slot::Table(prepare(
        &mut wb,
        &issues,
        &f,
        SheetStyle::plain(),
        PER_SHEET,
    )?));
    slots.push(Slot::Sheet(Box::new(mapping_sheet(report, &f)?)));
    slots.push(Slot::Table(prepare(
        &mut wb,
        &sources,
        &f,
        SheetStyle::plain(),
        PER_SHEET,
    )?));
    slots.push(Slot::Sheet(Box::new(meta_sheet(report)?)));
    let single = std::env::var("BADGEMAP_THREADS").is_ok_and(|v| v.trim() == "1");
    fill_in_parallel(&mut slots, &f, single)?;
    crate::progress::report(|| "compressing the workbook".to_string());
    for slot in slots {
        match slot {
            Slot::Table(p) => p.sheets.into_iter().for_each(|ws| {
                wb.push_worksheet(ws);
            }),
            Slot::Sheet(ws) => {
                wb.push_worksheet(*ws);
            }
        }
    }
    wb.save(path)
}

#[derive(Clone, Copy)]
struct SheetStyle {
    /// Columns frozen at the left.
    freeze_cols: u16,
    decision_list: bool,
    /// Wrap long text and size rows to it (small sheets only).
    wrap: bool,
}

impl SheetStyle {
    fn plain() -> Self {
        SheetStyle {
            freeze_cols: 0,
            decision_list: false,
            wrap: true,
        }
    }
    fn integrations() -> Self {
        SheetStyle {
            freeze_cols: 3,
            decision_list: false,
            wrap: true,
        }
    }
    fn matrix() -> Self {
        SheetStyle {
            freeze_cols: 3,
            decision_list: false,
            wrap: true,
        }
    }
    fn worklist() -> Self {
        SheetStyle {
            freeze_cols: 3,
            decision_list: true,
            wrap: true,
        }
    }
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

fn width(header: &str, kind: ColumnKind) -> f64 {
    let base: f64 = match kind {
        ColumnKind::Prose => 48.0,
        ColumnKind::Date => 12.0,
        ColumnKind::Number => 9.0,
        ColumnKind::Status => 13.0,
        ColumnKind::Evidence => 9.0,
        ColumnKind::Text => match header {
            "ID" => 17.0,
            "Member" | "Integration" | "Product" | "File" => 28.0,
            _ => 16.0,
        },
    };
    base.max((header.chars().count() as f64 + 2.0).min(30.0))
}

/// Data rows a sheet holds before the table continues on the next sheet.
const PER_SHEET: usize = (MAX_ROWS - 1) as usize;

/// A sheet in the order the workbook shows it.
enum Slot<'t> {
    Table(Prepared<'t>),
    Sheet(Box<Worksheet>),
}

/// A table's sheets, created and formatted, waiting for their rows.
struct Prepared<'t> {
    table: &'t (dyn Table + Sync),
    columns: Vec<(String, ColumnKind)>,
    style: SheetStyle,
    per_sheet: usize,
    /// The table's row count, asked once.
    total: usize,
    sheets: Vec<Worksheet>,
}

/// Creates the sheets a table needs: as many as Excel's row limit requires.
fn prepare<'t>(
    wb: &mut Workbook,
    table: &'t (dyn Table + Sync),
    f: &Formats,
    style: SheetStyle,
    per_sheet: usize,
) -> Result<Prepared<'t>, XlsxError> {
    let columns = table.columns();
    let headers = unique_headers(&columns);
    let total = table.row_count();
    let style = SheetStyle {
        wrap: style.wrap && total <= TABLE_MAX_ROWS,
        ..style
    };
    let count = total.div_ceil(per_sheet).max(1);
    let mut sheets = Vec::with_capacity(count);
    for n in 0..count {
        let rows = total.saturating_sub(n * per_sheet).min(per_sheet);
        sheets.push(start_sheet(
            wb, table, &headers, &columns, f, style, n, rows,
        )?);
    }
    Ok(Prepared {
        table,
        columns,
        style,
        per_sheet,
        total,
        sheets,
    })
}

/// One sheet's worth of a table: rows `range` onto `sheet`.
struct Job<'p, 't> {
    table: &'t (dyn Table + Sync),
    columns: &'p [(String, ColumnKind)],
    wrap: bool,
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
        self.table.rows_in(self.range, &mut |cells| {
            if error.is_some() {
                return;
            }
            error = write_row(self.sheet, row, cells, self.columns, f, self.wrap).err();
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
/// loaded one; on one when `BADGEMAP_THREADS=1`. Each sheet streams to its
/// own temporary file, so the output is the same bytes either way.
fn fill_in_parallel(slots: &mut [Slot<'_>], f: &Formats, single: bool) -> Result<(), XlsxError> {
    let mut jobs: Vec<Job<'_, '_>> = Vec::new();
    for slot in slots.iter_mut() {
        let Slot::Table(p) = slot else { continue };
        let of = p.sheets.len();
        for (n, sheet) in p.sheets.iter_mut().enumerate() {
            let start = n * p.per_sheet;
            jobs.push(Job {
                table: p.table,
                columns: &p.columns,
                wrap: p.style.wrap,
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

#[allow(clippy::too_many_arguments)]
fn start_sheet(
    wb: &mut Workbook,
    table: &dyn Table,
    headers: &[String],
    columns: &[(String, ColumnKind)],
    f: &Formats,
    style: SheetStyle,
    sheet_no: usize,
    rows: usize,
) -> Result<Worksheet, XlsxError> {
    // Rows stream to a temporary file, in row order only, with strings inline:
    // a shared string table would hold every distinct text in memory.
    let mut ws = wb.new_worksheet_with_constant_memory()?;
    let name = if sheet_no == 0 {
        table.name().to_string()
    } else {
        format!("{} ({})", table.name(), sheet_no + 1)
    };
    ws.set_name(&name)?;
    let last_col = (columns.len().max(1) - 1) as u16;
    // Cells are written without a format of their own and take their
    // column's: a per-cell format costs a hash of the whole format each time.
    for (c, ((h, kind), header)) in columns.iter().zip(headers).enumerate() {
        let c = c as u16;
        ws.set_column_width(c, width(h, *kind))?;
        let format = match kind {
            ColumnKind::Prose if style.wrap => &f.wrap,
            ColumnKind::Date => &f.date,
            _ => &f.top,
        };
        ws.set_column_format(c, format)?;
        ws.write_string_with_format(0, c, header, &f.header)?;
    }
    ws.set_freeze_panes(1, style.freeze_cols)?;
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(0, 0)?;
    if rows > 0 {
        let last_row = rows as u32;
        if rows <= TABLE_MAX_ROWS {
            let table_columns: Vec<TableColumn> = headers
                .iter()
                .map(|h| TableColumn::new().set_header(h))
                .collect();
            let suffix = if sheet_no == 0 {
                String::new()
            } else {
                format!("_{}", sheet_no + 1)
            };
            let xl = XlTable::new()
                .set_name(format!("{}{suffix}", table.name().replace(' ', "_")))
                .set_style(TableStyle::Light9)
                .set_columns(&table_columns);
            ws.add_table(0, 0, last_row, last_col, &xl)?;
        } else {
            ws.autofilter(0, 0, last_row, last_col)?;
        }
        for (c, (_, kind)) in columns.iter().enumerate() {
            let c = c as u16;
            match kind {
                ColumnKind::Status => {
                    for (status, format) in &f.status {
                        let rule = ConditionalFormatCell::new()
                            .set_rule(ConditionalFormatCellRule::EqualTo(format!(
                                "\"{}\"",
                                status.as_str()
                            )))
                            .set_format(format);
                        ws.add_conditional_format(1, c, last_row, c, &rule)?;
                    }
                }
                ColumnKind::Evidence => {
                    for (value, format) in &f.evidence {
                        let rule = ConditionalFormatCell::new()
                            .set_rule(ConditionalFormatCellRule::EqualTo(format!("\"{value}\"")))
                            .set_format(format);
                        ws.add_conditional_format(1, c, last_row, c, &rule)?;
                    }
                }
                _ => {}
            }
        }
        if style.decision_list {
            if let Some(c) = headers.iter().position(|h| h == "Decision") {
                let dv = DataValidation::new()
                    .allow_list_strings(&["accepted", "rejected", "waived"])?
                    .set_input_title("Decision")?
                    .set_input_message(
                        "accepted (with the date evidence was received), rejected, or waived",
                    )?;
                ws.add_data_validation(1, c as u16, last_row, c as u16, &dv)?;
            }
        }
    }
    Ok(ws)
}

/// Text as Excel can hold it: at most 32,767 UTF-16 units (an emoji takes
/// two), marked with … when cut.
pub fn excel_text(text: &str) -> std::borrow::Cow<'_, str> {
    if text.len() <= MAX_CELL_CHARS || text.encode_utf16().count() <= MAX_CELL_CHARS {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut cut = String::with_capacity(MAX_CELL_CHARS);
    let mut units = 0;
    for ch in text.chars() {
        if units + ch.len_utf16() > MAX_CELL_CHARS - 1 {
            break;
        }
        units += ch.len_utf16();
        cut.push(ch);
    }
    cut.push('…');
    std::borrow::Cow::Owned(cut)
}

/// Points per line of wrapped text, and the most lines a row grows to.
const LINE_HEIGHT: f64 = 15.0;
const MAX_LINES: usize = 6;

/// Lines the wrapped (prose) cells of a row need at their column widths.
fn wrapped_lines(cells: &[Cell<'_>], columns: &[(String, ColumnKind)]) -> usize {
    cells
        .iter()
        .zip(columns)
        .filter(|(_, (_, kind))| *kind == ColumnKind::Prose)
        .map(|(cell, (header, kind))| match cell {
            Cell::Text(t) => {
                let per_line = (width(header, *kind) * 1.1).max(8.0) as usize;
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

fn write_row(
    ws: &mut Worksheet,
    row: u32,
    cells: &[Cell<'_>],
    columns: &[(String, ColumnKind)],
    f: &Formats,
    wrap: bool,
) -> Result<(), XlsxError> {
    // Rows do not grow to fit wrapped text on opening: size them here, before
    // any cell of the row is written (constant-memory sheets need row order).
    // Long sheets are not wrapped: each row height costs memory until the end.
    if wrap {
        let lines = wrapped_lines(cells, columns);
        if lines > 1 {
            ws.set_row_height(row, LINE_HEIGHT * lines as f64)?;
        }
    }
    for (c, cell) in cells.iter().enumerate() {
        let col = c as u16;
        match cell {
            Cell::Blank => {}
            // Always a string: input text is never turned into a formula.
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
        }
    }
    let _ = columns;
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

fn summary(wb: &mut Workbook, r: &Report<'_>, f: &Formats) -> Result<(), XlsxError> {
    let ws = wb.add_worksheet();
    ws.set_name("Summary")?;
    ws.set_column_width(0, 34)?;
    ws.set_column_width(1, 24)?;
    for c in 2..8 {
        ws.set_column_width(c, 14)?;
    }
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    ws.write_string_with_format(0, 0, "badgemap reconciliation", &f.title)?;
    let plan = &r.mapping.plan;
    let facts: Vec<(&str, String)> = vec![
        ("As of", r.as_of.format("%Y-%m-%d").to_string()),
        ("badgemap version", r.tool_version().to_string()),
        ("Mapping", format!("{} {}", plan.id, plan.version)),
        ("Mapping title", plan.title.clone()),
        ("Mapping file", r.mapping.name.clone()),
        (
            "Certified-provider list",
            match (&r.certified.path, &r.certified_sha256) {
                (Some(p), Some(h)) => {
                    format!("{p} ({} products; SHA-256 {h})", r.certified.products.len())
                }
                (Some(p), None) => p.clone(),
                _ => "none given".to_string(),
            },
        ),
    ];
    let mut row = 2;
    for (k, v) in facts {
        ws.write_string_with_format(row, 0, k, &f.bold)?;
        ws.write_string(row, 1, excel_text(&v))?;
        row += 1;
    }
    row += 1;
    ws.write_string_with_format(row, 0, "Inputs", &f.title)?;
    row += 1;
    let heads = [
        "File",
        "SHA-256",
        "Rows read",
        "With awards",
        "Without award",
        "Blank",
        "Rejected",
        "Not read",
    ];
    for (c, h) in heads.iter().enumerate() {
        ws.write_string_with_format(row, c as u16, *h, &f.header)?;
    }
    row += 1;
    for input in &r.inputs {
        ws.write_string(row, 0, excel_text(&input.path))?;
        ws.write_string(row, 1, &input.sha256)?;
        let a = input.accounting;
        for (c, n) in [
            a.rows_read,
            a.with_awards,
            a.without_award,
            a.blank,
            a.rejected,
        ]
        .iter()
        .enumerate()
        {
            ws.write_number(row, 2 + c as u16, *n as f64)?;
        }
        if let Some(e) = &input.error {
            ws.write_string(row, 7, excel_text(e))?;
        }
        row += 1;
    }
    let total = r.ingested.accounting();
    ws.write_string_with_format(row, 0, "Total", &f.bold)?;
    for (c, n) in [
        total.rows_read,
        total.with_awards,
        total.without_award,
        total.blank,
        total.rejected,
    ]
    .iter()
    .enumerate()
    {
        ws.write_number_with_format(row, 2 + c as u16, *n as f64, &f.bold)?;
    }
    row += 2;

    ws.write_string_with_format(row, 0, "Integrations by status", &f.title)?;
    row += 1;
    ws.write_string_with_format(row, 0, "Status", &f.header)?;
    ws.write_string_with_format(row, 1, "Integrations", &f.header)?;
    let first = row + 1;
    for (status, n) in r.status_counts() {
        row += 1;
        let format = f
            .status
            .iter()
            .find(|(s, _)| *s == status)
            .map(|(_, fm)| fm)
            .unwrap_or(&f.bold);
        ws.write_string_with_format(row, 0, status.as_str(), format)?;
        ws.write_number(row, 1, n as f64)?;
    }
    let last = row;
    row += 1;
    ws.write_string_with_format(row, 0, "Total", &f.bold)?;
    ws.write_number_with_format(row, 1, r.decisions.len() as f64, &f.bold)?;
    let mut chart = Chart::new(ChartType::Bar);
    chart
        .add_series()
        .set_categories(("Summary", first, 0, last, 0))
        .set_values(("Summary", first, 1, last, 1))
        .set_name("Integrations");
    chart.title().set_name("Integrations by status");
    chart.legend().set_hidden();
    ws.insert_chart(first - 1, 3, &chart)?;
    row += 2;
    let issues =
        |sev: crate::issue::Severity| r.issues.iter().filter(|i| i.severity == sev).count();
    ws.write_string_with_format(row, 0, "Issues", &f.title)?;
    row += 1;
    for sev in [
        crate::issue::Severity::Error,
        crate::issue::Severity::Warning,
        crate::issue::Severity::Notice,
    ] {
        ws.write_string(row, 0, sev.to_string())?;
        ws.write_number(row, 1, issues(sev) as f64)?;
        row += 1;
    }
    row = row.max(first + 16);
    for (title, counts) in [
        (
            "Integrations by sector",
            super::count_by(
                r.decisions
                    .iter()
                    .map(|d| r.integration(d).attr(crate::ingest::register::Attr::Sector)),
            ),
        ),
        (
            "Integrations by product",
            super::count_by(r.decisions.iter().map(|d| {
                r.integration(d)
                    .attr(crate::ingest::register::Attr::Product)
            })),
        ),
    ] {
        row += 1;
        ws.write_string_with_format(row, 0, title, &f.title)?;
        row += 1;
        for (name, n) in counts {
            ws.write_string(row, 0, excel_text(&name))?;
            ws.write_number(row, 1, n as f64)?;
            row += 1;
        }
    }
    Ok(())
}

fn mapping_sheet(r: &Report<'_>, f: &Formats) -> Result<Worksheet, XlsxError> {
    let mut sheet = Worksheet::new();
    let ws = &mut sheet;
    ws.set_name("Mapping")?;
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    let plan = &r.mapping.plan;
    ws.write_string_with_format(
        0,
        0,
        format!("{} {}: {}", plan.id, plan.version, plan.title),
        &f.title,
    )?;
    let mut row = 2;
    for (c, w) in [22.0, 48.0, 24.0, 40.0, 48.0, 40.0].iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    for table in [
        &tables::MappingCriteria(r) as &dyn Table,
        &tables::MappingRules(r),
    ] {
        ws.write_string_with_format(row, 0, table.name(), &f.title)?;
        row += 1;
        for (c, (h, _)) in table.columns().iter().enumerate() {
            ws.write_string_with_format(row, c as u16, h, &f.header)?;
        }
        row += 1;
        let columns = table.columns();
        let mut error = None;
        table.rows(&mut |cells| {
            if error.is_none() {
                error = write_row(ws, row, cells, &columns, f, true).err();
            }
            row += 1;
        });
        if let Some(e) = error {
            return Err(e);
        }
        row += 1;
    }
    Ok(sheet)
}

fn meta_sheet(r: &Report<'_>) -> Result<Worksheet, XlsxError> {
    let mut sheet = Worksheet::new();
    let ws = &mut sheet;
    ws.set_name(META_SHEET)?;
    ws.set_hidden(true);
    let plan = &r.mapping.plan;
    let rows = [
        (META_MARKER, String::new()),
        ("layout_version", LAYOUT_VERSION.to_string()),
        ("badgemap_version", r.tool_version().to_string()),
        ("mapping_id", plan.id.clone()),
        ("mapping_version", plan.version.clone()),
        ("as_of", r.as_of.format("%Y-%m-%d").to_string()),
    ];
    for (i, (k, v)) in rows.iter().enumerate() {
        ws.write_string(i as u32, 0, *k)?;
        if !v.is_empty() {
            ws.write_string(i as u32, 1, v)?;
        }
    }
    Ok(sheet)
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{open_workbook, Reader, Xlsx};

    struct Numbers(usize);

    impl Table for Numbers {
        fn name(&self) -> &'static str {
            "Sources"
        }
        fn columns(&self) -> Vec<(String, ColumnKind)> {
            vec![
                ("N".into(), ColumnKind::Number),
                ("Text".into(), ColumnKind::Text),
            ]
        }
        fn row_count(&self) -> usize {
            self.0
        }
        fn rows(&self, emit: &mut dyn FnMut(&[Cell<'_>])) {
            for i in 0..self.0 {
                emit(&[Cell::Int(i as i64), Cell::Text("=1+1".into())]);
            }
        }
    }

    /// Writes `table` in sheets of `per_sheet` rows; returns the file's bytes.
    fn write_split(table: &Numbers, per_sheet: usize, single: bool, path: &Path) -> Vec<u8> {
        let mut wb = Workbook::new();
        let created = ExcelDateTime::from_ymd(2026, 11, 24).unwrap();
        wb.set_properties(&DocProperties::new().set_creation_datetime(&created));
        let f = Formats::new();
        let prepared = prepare(&mut wb, table, &f, SheetStyle::plain(), per_sheet).unwrap();
        let mut slots = [Slot::Table(prepared)];
        fill_in_parallel(&mut slots, &f, single).unwrap();
        let [Slot::Table(prepared)] = slots else {
            unreachable!()
        };
        prepared.sheets.into_iter().for_each(|ws| {
            wb.push_worksheet(ws);
        });
        wb.save(path).unwrap();
        std::fs::read(path).unwrap()
    }

    #[test]
    fn sheets_written_on_two_threads_are_the_bytes_of_one() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.xlsx");
        let table = Numbers(10_000);
        let two = write_split(&table, 1_500, false, &path);
        let one = write_split(&table, 1_500, true, &path);
        assert!(two == one, "parallel and single-threaded workbooks differ");
        let mut read: Xlsx<_> = open_workbook(&path).unwrap();
        assert_eq!(read.sheet_names().len(), 7);
        let last = read.worksheet_range("Sources (7)").unwrap();
        assert_eq!(last.height(), 1 + 10_000 - 6 * 1_500);
        assert_eq!(
            last.get_value((1, 0)),
            Some(&calamine::Data::Float(9_000.0))
        );
    }

    #[test]
    fn a_table_longer_than_a_sheet_continues_on_numbered_sheets() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.xlsx");
        let table = Numbers(7);
        write_split(&table, 3, false, &path);
        let mut read: Xlsx<_> = open_workbook(&path).unwrap();
        assert_eq!(
            read.sheet_names(),
            ["Sources", "Sources (2)", "Sources (3)"]
        );
        let counts: Vec<usize> = ["Sources", "Sources (2)", "Sources (3)"]
            .iter()
            .map(|s| read.worksheet_range(s).unwrap().height() - 1)
            .collect();
        assert_eq!(counts, [3, 3, 1]);
        let last = read.worksheet_range("Sources (3)").unwrap();
        assert_eq!(last.get_value((1, 0)), Some(&calamine::Data::Float(6.0)));
        // Input text is written as text, never as a formula.
        assert_eq!(
            last.get_value((1, 1)),
            Some(&calamine::Data::String("=1+1".into()))
        );
    }

    #[test]
    fn text_longer_than_excel_allows_is_cut_and_marked() {
        let long = "x".repeat(MAX_CELL_CHARS + 10);
        let cut = excel_text(&long);
        assert_eq!(cut.chars().count(), MAX_CELL_CHARS);
        assert!(cut.ends_with('…'));
        assert_eq!(excel_text("short"), "short");
        // Emoji count twice in Excel's limit.
        let emoji = "😀".repeat(MAX_CELL_CHARS);
        let cut = excel_text(&emoji);
        assert!(cut.encode_utf16().count() <= MAX_CELL_CHARS);
        assert!(cut.ends_with('…'));
    }
}
