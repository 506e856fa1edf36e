//! The Summary sheet: what the run was (as-of date, mapping, certified
//! list), what it read (every input with its row accounting), and what it
//! found (integrations by status, with a chart in the status colours, by
//! sector and by product; issues by severity).

use super::excel_text;
use super::styles::{status_colours, Formats};
use crate::ingest::sheet::{Accounting, SheetOutcome};
use crate::issue::Severity;
use crate::model::Attr;
use crate::report::{count_by, Report};
use chrono::Datelike;
use rust_xlsxwriter::{
    Chart, ChartFormat, ChartPoint, ChartSolidFill, ChartType, Color, ExcelDateTime, Workbook,
    Worksheet, XlsxError,
};

/// Column of the Summary's numbers (after the label or file column).
const FIRST_NUMBER: u16 = 1;
/// The row-accounting columns of the Inputs table.
const COUNTS: [&str; 6] = [
    "Rows read",
    "With awards",
    "Without award",
    "Blank",
    "Rejected",
    "Not records",
];

/// An accounting's figures in the order of `COUNTS`.
fn counts(a: &Accounting) -> [u64; 6] {
    [
        a.rows_read,
        a.with_awards,
        a.without_award,
        a.blank,
        a.rejected,
        a.not_records,
    ]
}

pub(super) fn write(wb: &mut Workbook, r: &Report<'_>, f: &Formats) -> Result<(), XlsxError> {
    let ws = wb.add_worksheet();
    ws.set_name("Summary")?;
    let longest_path = r.inputs.iter().map(|i| i.path.chars().count()).max();
    ws.set_column_width(0, longest_path.unwrap_or(0).clamp(34, 70) as f64)?;
    for c in 0..COUNTS.len() as u16 {
        ws.set_column_width(FIRST_NUMBER + c, 14)?;
    }
    let sha_col = FIRST_NUMBER + COUNTS.len() as u16;
    ws.set_column_width(sha_col, 66)?;
    ws.set_column_width(sha_col + 1, 48)?;
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    ws.write_string_with_format(0, 0, "badgemap reconciliation", &f.title)?;
    let mut row = facts(ws, r, f)?;
    row = inputs(ws, r, f, row + 1)?;
    row = statuses(ws, r, f, row + 2)?;
    row += 1;
    ws.write_string_with_format(row, 0, "Issues", &f.title)?;
    row += 1;
    for sev in [Severity::Error, Severity::Warning, Severity::Notice] {
        let n = r.issues.iter().filter(|i| i.severity == sev).count();
        ws.write_string(row, 0, sev.to_string())?;
        ws.write_number_with_format(row, FIRST_NUMBER, n as f64, &f.centre)?;
        row += 1;
    }
    let by_sector = count_by(
        r.decisions
            .iter()
            .map(|d| r.integration(d).attr(Attr::Sector)),
    );
    let by_product = count_by(
        r.decisions
            .iter()
            .map(|d| r.integration(d).attr(Attr::Product)),
    );
    for (title, counts) in [
        ("Integrations by sector", by_sector),
        ("Integrations by product", by_product),
    ] {
        row += 1;
        ws.write_string_with_format(row, 0, title, &f.title)?;
        row += 1;
        for (name, n) in counts {
            ws.write_string(row, 0, excel_text(&name))?;
            ws.write_number_with_format(row, FIRST_NUMBER, n as f64, &f.centre)?;
            row += 1;
        }
    }
    Ok(())
}

/// The run's facts, from row 2; returns the next free row.
fn facts(ws: &mut Worksheet, r: &Report<'_>, f: &Formats) -> Result<u32, XlsxError> {
    let plan = &r.mapping.plan;
    ws.write_string_with_format(2, 0, "As of", &f.bold)?;
    let as_of = ExcelDateTime::from_ymd(
        u16::try_from(r.as_of.year()).unwrap_or(2000),
        r.as_of.month() as u8,
        r.as_of.day() as u8,
    )?;
    ws.write_datetime_with_format(2, FIRST_NUMBER, &as_of, &f.date)?;
    let list = r.certified;
    let certified = match (&list.path, &r.certified_sha256, &list.unusable) {
        (Some(_), _, Some(why)) => {
            format!("{why}: not used, so no integration is covered by a certified product")
        }
        (Some(p), Some(h), None) => {
            format!("{p} ({} products; SHA-256 {h})", list.products.len())
        }
        (Some(p), None, None) => p.clone(),
        _ => "none given: no integration can be covered by a certified product".to_string(),
    };
    let mut texts: Vec<(&str, String)> = vec![
        ("badgemap version", r.tool_version().to_string()),
        ("Mapping", format!("{} {}", plan.id, plan.version)),
        ("Mapping title", plan.title.clone()),
        ("Mapping file", r.mapping.name.clone()),
        ("Certified-provider list", certified),
    ];
    if let Some(taken) = list.taken.describe() {
        texts.push(("Certified list taken on", taken));
    }
    let mut row = 3;
    for (k, v) in texts {
        ws.write_string_with_format(row, 0, k, &f.bold)?;
        ws.write_string(row, FIRST_NUMBER, excel_text(&v))?;
        row += 1;
    }
    Ok(row)
}

/// The Inputs table at `row`; returns the row after its total.
fn inputs(ws: &mut Worksheet, r: &Report<'_>, f: &Formats, mut row: u32) -> Result<u32, XlsxError> {
    ws.write_string_with_format(row, 0, "Inputs", &f.title)?;
    row += 1;
    let sha_col = FIRST_NUMBER + COUNTS.len() as u16;
    let any_error = r.inputs.iter().any(|i| i.error.is_some());
    ws.write_string_with_format(row, 0, "File", &f.header)?;
    for (c, h) in COUNTS.iter().enumerate() {
        ws.write_string_with_format(row, FIRST_NUMBER + c as u16, *h, &f.header_centre)?;
    }
    ws.write_string_with_format(row, sha_col, "SHA-256", &f.header)?;
    if any_error {
        ws.write_string_with_format(row, sha_col + 1, "Could not be read", &f.header)?;
    }
    row += 1;
    for input in &r.inputs {
        ws.write_string_with_format(row, 0, excel_text(&input.path), &f.wrap)?;
        for (c, n) in counts(&input.accounting).iter().enumerate() {
            ws.write_number_with_format(row, FIRST_NUMBER + c as u16, *n as f64, &f.centre)?;
        }
        ws.write_string_with_format(row, sha_col, &input.sha256, &f.top)?;
        if let Some(e) = &input.error {
            ws.write_string_with_format(row, sha_col + 1, excel_text(e), &f.wrap)?;
        }
        row += 1;
    }
    let total = r.ingested.accounting();
    ws.write_string_with_format(row, 0, "Total", &f.bold)?;
    for (c, n) in counts(&total).iter().enumerate() {
        ws.write_number_with_format(row, FIRST_NUMBER + c as u16, *n as f64, &f.bold_centre)?;
    }
    skipped_sheets(ws, r, f, row + 2)
}

/// Sheets and files that held rows and gave none, with why: nothing is
/// skipped without the analyst seeing it here. Returns the next row.
fn skipped_sheets(
    ws: &mut Worksheet,
    r: &Report<'_>,
    f: &Formats,
    mut row: u32,
) -> Result<u32, XlsxError> {
    let skipped: Vec<(String, u64, String)> = r
        .ingested
        .files
        .iter()
        .flat_map(|file| {
            file.sheets
                .iter()
                .filter_map(move |sheet| match &sheet.outcome {
                    SheetOutcome::Skipped {
                        reason,
                        rows,
                        closest,
                        ..
                    } if *rows > 0 => {
                        let place = sheet
                            .name
                            .as_ref()
                            .map_or_else(|| file.path.clone(), |n| format!("{} › {n}", file.path));
                        let why = closest.as_ref().map_or_else(
                            || reason.clone(),
                            |c| format!("{reason}; the closest to a header is {c}"),
                        );
                        Some((place, *rows, why))
                    }
                    _ => None,
                })
        })
        .collect();
    if skipped.is_empty() {
        return Ok(row - 1);
    }
    ws.write_string_with_format(row, 0, "Skipped sheets holding rows", &f.title)?;
    row += 1;
    ws.write_string_with_format(row, 0, "Sheet", &f.header)?;
    ws.write_string_with_format(row, FIRST_NUMBER, "Rows", &f.header_centre)?;
    ws.write_string_with_format(row, FIRST_NUMBER + 1, "Why", &f.header)?;
    for (place, rows, why) in skipped {
        row += 1;
        ws.write_string_with_format(row, 0, excel_text(&place), &f.wrap)?;
        ws.write_number_with_format(row, FIRST_NUMBER, rows as f64, &f.centre)?;
        ws.write_string(row, FIRST_NUMBER + 1, excel_text(&why))?;
    }
    Ok(row + 1)
}

/// Rows the status chart covers, so that what follows starts below it.
const CHART_ROWS: u32 = 16;

/// The status table at `row` and its chart beside it; returns the next row
/// below both.
fn statuses(
    ws: &mut Worksheet,
    r: &Report<'_>,
    f: &Formats,
    mut row: u32,
) -> Result<u32, XlsxError> {
    ws.write_string_with_format(row, 0, "Integrations by status", &f.title)?;
    row += 1;
    let top = row;
    ws.write_string_with_format(row, 0, "Status", &f.header)?;
    ws.write_string_with_format(row, FIRST_NUMBER, "Integrations", &f.header_centre)?;
    let counts = r.status_counts();
    let first = row + 1;
    let mut points = Vec::new();
    for (status, n) in &counts {
        row += 1;
        let format = f
            .status
            .iter()
            .find(|(s, _)| *s == status.as_str())
            .map_or(&f.bold, |(_, fm)| fm);
        ws.write_string_with_format(row, 0, status.as_str(), format)?;
        ws.write_number_with_format(row, FIRST_NUMBER, *n as f64, &f.centre)?;
        let colours = status_colours(*status);
        points.push(
            ChartPoint::new().set_format(
                ChartFormat::new()
                    .set_solid_fill(ChartSolidFill::new().set_color(Color::RGB(colours.fill)))
                    .set_border(
                        rust_xlsxwriter::ChartLine::new().set_color(Color::RGB(colours.font)),
                    ),
            ),
        );
    }
    let last = row;
    row += 1;
    ws.write_string_with_format(row, 0, "Total", &f.bold)?;
    ws.write_number_with_format(row, FIRST_NUMBER, r.decisions.len() as f64, &f.bold_centre)?;
    let most = counts.iter().map(|(_, n)| *n).max().unwrap_or(0);
    let mut chart = Chart::new(ChartType::Bar);
    chart
        .add_series()
        .set_categories(("Summary", first, 0, last, 0))
        .set_values(("Summary", first, FIRST_NUMBER, last, FIRST_NUMBER))
        .set_name("Integrations")
        .set_points(&points);
    chart.title().set_name("Integrations by status");
    chart.legend().set_hidden();
    // A bar chart draws its first category at the bottom: reversed, the bars
    // read top to bottom in the table's order.
    chart.y_axis().set_reverse();
    chart
        .x_axis()
        .set_min(0)
        .set_major_unit(most.div_ceil(5).max(1) as f64)
        .set_num_format("0");
    ws.insert_chart(top, FIRST_NUMBER + 2, &chart)?;
    Ok(row.max(top + CHART_ROWS) + 1)
}
