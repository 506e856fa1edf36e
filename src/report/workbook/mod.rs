//! The reconciled workbook (`rust_xlsxwriter)`: the Summary, then one sheet
//! per table of [`tables`] (continued on numbered sheets past Excel's row
//! limit), and a hidden sheet that marks the workbook as badgemap's. The
//! document date is the as-of date, so that the same run gives the same
//! bytes. `styles` says how it looks, `sheets` how a table becomes sheets,
//! `summary` the first sheet.

mod sheets;
mod styles;
mod summary;

use super::tables;
use super::Report;
use chrono::Datelike;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Workbook, Worksheet, XlsxError};
use sheets::{fill_in_parallel, prepare, SheetStyle};
use std::path::Path;
use styles::Formats;

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

/// Excel's limits.
pub const MAX_ROWS: u32 = 1_048_576;
pub const MAX_CELL_CHARS: usize = 32_767;

pub use crate::layout::{LAYOUT_VERSION, META_MARKER, META_SHEET};

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
            .set_title(crate::layout::META_MARKER)
            .set_comment(format!(
                "mapping {} {}",
                report.mapping.plan.id, report.mapping.plan.version
            )),
    );
    wb.set_zip_compression_level(zip_level());
    let f = Formats::new();
    summary::write(&mut wb, report, &f)?;
    // Every sheet is created and formatted here, in order, on this thread, so
    // that format indices do not depend on thread timing; the rows are then
    // written on two threads, and the sheets added in order.
    let limits = sheets::Limits::from_env();
    let tables: Vec<(Box<dyn tables::Table + Sync + '_>, SheetStyle)> =
        tables::TableId::written_by(report.changes.is_some())
            .map(|id| (id.over(report), style(id)))
            .collect();
    let mut prepared = Vec::with_capacity(tables.len());
    for (table, style) in &tables {
        prepared.push(prepare(&mut wb, table.as_ref(), &f, *style, limits)?);
    }
    let single = std::env::var("BADGEMAP_THREADS").is_ok_and(|v| v.trim() == "1");
    let mut all: Vec<&mut sheets::Prepared<'_>> = prepared.iter_mut().collect();
    fill_in_parallel(&mut all, &f, single)?;
    crate::progress::report(|| "compressing the workbook".to_string());
    let mut continued = Vec::new();
    for p in prepared {
        for (n, ws) in p.sheets.into_iter().enumerate() {
            if n > 0 {
                continued.push(ws.name());
            }
            wb.push_worksheet(ws);
        }
    }
    wb.push_worksheet(meta_sheet(report, &continued)?);
    wb.save(path)
}

/// Columns frozen at the left of each table's sheets: the identifying ones.
fn style(id: tables::TableId) -> SheetStyle {
    use tables::TableId::{
        Changes, Criteria, Integrations, Issues, MappingCriteria, MappingRules, Members, Requests,
        Sources, Worklist,
    };
    let freeze_cols = match id {
        Changes | Integrations | Criteria | Worklist | Requests | Sources => 3,
        Issues | MappingCriteria | MappingRules | Members => 1,
    };
    SheetStyle { freeze_cols }
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

fn meta_sheet(r: &Report<'_>, continued: &[String]) -> Result<Worksheet, XlsxError> {
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
        // What it carries of an analyst's: a later --force keeps it.
        (
            crate::layout::ANALYST_WORK,
            r.previous
                .map_or(0, crate::recheck::Previous::analyst_work)
                .to_string(),
        ),
        // The sheets tables continue on; no other numbered sheet is read.
        (crate::layout::CONTINUED, continued.join("; ")),
        (
            crate::layout::PREVIOUS_SHA256,
            r.previous.map(|p| p.sha256.clone()).unwrap_or_default(),
        ),
    ];
    for (i, (k, v)) in rows.iter().enumerate() {
        ws.write_string(i as u32, 0, *k)?;
        if !v.is_empty() {
            ws.write_string(i as u32, 1, v)?;
        }
    }
    // The ledger: every analyst decision in force, for the next re-check.
    let mut row = rows.len() as u32;
    for d in r.decisions {
        let on_criteria = d.analyst.iter().filter_map(|(c, a)| {
            plan.criteria
                .get(usize::from(*c))
                .map(|k| (k.id.as_str(), a))
        });
        let on_action = d.action_decisions().map(|(action, a)| (action.id(), a));
        for (criterion, a) in on_criteria.chain(on_action) {
            for (c, value) in crate::recheck::Ledger::row(&d.id, criterion, a, None)
                .iter()
                .enumerate()
            {
                if !value.is_empty() {
                    ws.write_string(row, c as u16, excel_text(value))?;
                }
            }
            row += 1;
        }
    }
    // And the decisions that applied to nothing this run, kept aside.
    let aside = r
        .previous
        .map(|p| crate::recheck::ledger::kept_aside(p, r.decisions, plan))
        .unwrap_or_default();
    for ((id, criterion), a, since) in &aside {
        for (c, value) in crate::recheck::Ledger::row(id, criterion, a, Some(*since))
            .iter()
            .enumerate()
        {
            if !value.is_empty() {
                ws.write_string(row, c as u16, excel_text(value))?;
            }
        }
        row += 1;
    }
    Ok(sheet)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::tables::{Cell, ColumnKind, Table};
    use calamine::{open_workbook, Reader, Xlsx};

    struct Numbers(usize);

    impl Table for Numbers {
        fn id(&self) -> crate::report::tables::TableId {
            crate::report::tables::TableId::Sources
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
        let style = SheetStyle { freeze_cols: 0 };
        let limits = sheets::Limits {
            per_sheet,
            table_max: 100_000,
            standard_cells: 1_000,
        };
        let mut prepared = prepare(&mut wb, table, &f, style, limits).unwrap();
        fill_in_parallel(&mut [&mut prepared], &f, single).unwrap();
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
