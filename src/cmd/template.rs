//! `badgemap template`: a blank intake workbook for collecting badge records
//! in the shapes badgemap reads best, with dropdowns drawn from the mapping.

use super::{exit, fail, MappingArg};
use crate::mapping::Plan;
use crate::report::atomic::write_atomically;
use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, ExcelDateTime, Format, FormatAlign, Formula,
    Workbook, Worksheet, XlsxError,
};
use std::path::PathBuf;

const EXAMPLES: &str = "\
Examples:
  badgemap template -o intake.xlsx
  badgemap template --mapping consortium.toml -o intake.xlsx";

/// Write a blank intake workbook: a sheet of one row per award, a sheet of one
/// column per badge, dropdowns for badges, statuses, sectors and workflows, and
/// instructions.
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct Args {
    /// The workbook to write.
    #[arg(short, long, value_name = "FILE", default_value = "intake.xlsx")]
    pub output: PathBuf,
    /// Replace the file if it exists.
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    pub mapping: MappingArg,
}

/// Sectors offered in the dropdown besides those the mapping's workflows name.
const SECTORS: &[&str] = &[
    "Research Institute",
    "University",
    "Publisher",
    "Funder",
    "Government",
    "Other",
];
/// Rows that carry dropdowns.
const INPUT_ROWS: u32 = 2000;

pub fn run(args: &Args, out: &mut dyn std::io::Write) -> super::Result<u8> {
    let loaded = args.mapping.load()?;
    super::check_workbook_name(&args.output).map_err(fail)?;
    if args.output.exists() && !args.force {
        return Err(fail(format!(
            "{} already exists; use --force to replace it",
            args.output.display()
        )));
    }
    write_atomically(&args.output, |temp| write(&loaded.plan, temp))
        .map_err(|e| fail(format!("cannot write {}: {e}", args.output.display())))?;
    writeln!(out, "Wrote {}", args.output.display())?;
    Ok(exit::OK)
}

fn sectors(plan: &Plan) -> Vec<String> {
    let mut out: Vec<String> = SECTORS
        .iter()
        .map(std::string::ToString::to_string)
        .collect();
    for w in &plan.workflows {
        for s in &w.sectors {
            let title: String = s
                .split_whitespace()
                .map(|word| {
                    let mut c = word.chars();
                    c.next()
                        .map_or_else(String::new, |f| f.to_uppercase().chain(c).collect())
                })
                .collect::<Vec<_>>()
                .join(" ");
            if !out.iter().any(|o| o.eq_ignore_ascii_case(&title)) {
                out.push(title);
            }
        }
    }
    out
}

/// The hidden sheet every dropdown takes its values from: a list in a
/// sheet has no length limit, while a list written into the validation
/// itself stops at Excel's 255 characters.
const LISTS_SHEET: &str = "Lists";
/// Example rows live on their own sheet, which ingest skips.
const EXAMPLES_SHEET: &str = "Examples";

/// The dropdown lists, each a column of the Lists sheet.
struct Lists {
    columns: Vec<(&'static str, Vec<String>)>,
}

impl Lists {
    /// `=Lists!$C$2:$C$7` for the named list.
    fn range(&self, name: &str) -> Option<String> {
        let (col, (_, values)) = self
            .columns
            .iter()
            .enumerate()
            .find(|(_, (n, _))| *n == name)?;
        let letter = crate::model::cell::column_letters(col as u32);
        Some(format!(
            "={LISTS_SHEET}!${letter}$2:${letter}${}",
            values.len().max(1) + 1
        ))
    }

    fn write(&self, ws: &mut Worksheet, bold: &Format) -> Result<(), XlsxError> {
        ws.set_name(LISTS_SHEET)?;
        ws.set_hidden(true);
        for (c, (name, values)) in self.columns.iter().enumerate() {
            let c = c as u16;
            ws.set_column_width(c, 24)?;
            ws.write_string_with_format(0, c, *name, bold)?;
            for (r, v) in values.iter().enumerate() {
                ws.write_string(r as u32 + 1, c, v)?;
            }
        }
        Ok(())
    }
}

/// A dropdown on `col` from the named list; a value outside it gets a
/// warning but is kept (badgemap reads other spellings too).
fn dropdown(ws: &mut Worksheet, col: u16, lists: &Lists, name: &str) -> Result<(), XlsxError> {
    let Some(range) = lists.range(name) else {
        return Ok(());
    };
    let dv = DataValidation::new()
        .allow_list_formula(Formula::new(range))
        .set_input_title(name)?
        .set_error_title("Not in the list")?
        .set_error_message("Choose a value from the list, or type it in the Notes column.")?;
    let dv = dv.set_error_style(DataValidationErrorStyle::Warning);
    ws.add_data_validation(1, col, INPUT_ROWS, col, &dv)?;
    Ok(())
}

/// Writes the intake workbook.
pub fn write(plan: &Plan, path: &std::path::Path) -> Result<(), XlsxError> {
    let mut wb = Workbook::new();
    let created = ExcelDateTime::from_ymd(2026, 1, 1)?;
    wb.set_properties(
        &rust_xlsxwriter::DocProperties::new()
            .set_creation_datetime(&created)
            .set_title("badgemap intake"),
    );
    let bold = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Top);
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let badges: Vec<String> = plan.vocab.badges.iter().map(|b| b.label.clone()).collect();
    let owned = |v: &[&str]| {
        v.iter()
            .map(std::string::ToString::to_string)
            .collect::<Vec<_>>()
    };
    let lists = Lists {
        columns: vec![
            ("Sector", sectors(plan)),
            (
                "Workflow",
                plan.workflows.iter().map(|w| w.id.clone()).collect(),
            ),
            ("Badge", badges.clone()),
            ("Status", owned(&["Awarded", "In progress", "Not awarded"])),
            ("Awarded?", owned(&["Yes", "No"])),
        ],
    };

    instructions(wb.add_worksheet(), plan, &bold, &wrap)?;

    let awards = [
        "Member",
        "Integration",
        "Product",
        "Sector",
        "Country",
        "Workflow",
        "Badge",
        "Status",
        "Date awarded",
        "Notes",
    ];
    let ws = wb.add_worksheet().set_name("Awards")?;
    headers(ws, &awards, &bold)?;
    ws.set_column_format(8, &date)?;
    dropdown(ws, 3, &lists, "Sector")?;
    dropdown(ws, 5, &lists, "Workflow")?;
    dropdown(ws, 6, &lists, "Badge")?;
    dropdown(ws, 7, &lists, "Status")?;

    let mut grid: Vec<String> = owned(&["Member", "Integration", "Product", "Sector"]);
    grid.extend(badges.iter().cloned());
    grid.push("Notes".to_string());
    let grid: Vec<&str> = grid.iter().map(String::as_str).collect();
    let ws = wb.add_worksheet().set_name("Badge grid")?;
    headers(ws, &grid, &bold)?;
    dropdown(ws, 3, &lists, "Sector")?;
    for c in 4..4 + badges.len() as u16 {
        let Some(range) = lists.range("Awarded?") else {
            break;
        };
        let dv = DataValidation::new()
            .allow_list_formula(Formula::new(range))
            .set_input_title("Awarded?")?
            .set_input_message("Yes, No, or overwrite with the award date")?
            .show_error_message(false);
        ws.add_data_validation(1, c, INPUT_ROWS, c, &dv)?;
        ws.set_column_format(c, &date)?;
    }

    let ws = wb.add_worksheet().set_name(EXAMPLES_SHEET)?;
    examples(ws, &awards, &grid, &badges, &bold, &date)?;
    lists.write(wb.add_worksheet(), &bold)?;
    settings(wb.add_worksheet())?;
    wb.save(path)
}

/// The Instructions sheet.
fn instructions(
    ws: &mut Worksheet,
    plan: &Plan,
    bold: &Format,
    wrap: &Format,
) -> Result<(), XlsxError> {
    ws.set_name("Instructions")?;
    ws.set_column_width(0, 100)?;
    let lines = [
        format!("badgemap intake workbook (mapping {} {})", plan.id, plan.version),
        String::new(),
        "Record each member integration's Collect & Connect badges on either sheet, or both:".to_string(),
        "• Awards: one row per badge awarded, with its status and the award date when known.".to_string(),
        "• Badge grid: one row per integration, with Yes or the award date under each badge it holds.".to_string(),
        "Member is required. Integration is the system's name; leave it empty if the member has only one.".to_string(),
        "Write dates as YYYY-MM-DD. Leave a date empty when it is not known: that is normal for legacy badges.".to_string(),
        "Product is the vendor product (e.g. Symplectic Elements, DSpace); it decides certified coverage.".to_string(),
        "Workflow is optional: without it badgemap uses the certified product's workflow, then the sector's.".to_string(),
        "The dropdowns come from the mapping; other values are accepted by badgemap but will be checked.".to_string(),
        format!("The {EXAMPLES_SHEET} sheet shows a filled-in row of each sheet; badgemap never reads it."),
        String::new(),
        "Then run: badgemap inspect intake.xlsx (to check) and badgemap run intake.xlsx (to reconcile).".to_string(),
    ];
    for (i, line) in lines.iter().enumerate() {
        let format = if i == 0 { bold } else { wrap };
        ws.write_string_with_format(i as u32, 0, line, format)?;
    }
    Ok(())
}

/// The hidden settings sheet: the template's marker and the sheets ingest
/// skips, with the reason each is skipped.
fn settings(ws: &mut Worksheet) -> Result<(), XlsxError> {
    ws.set_name(crate::layout::META_SHEET)?;
    ws.set_hidden(true);
    ws.write_string(0, 0, crate::layout::TEMPLATE_MARKER)?;
    let skips = [
        (
            "Instructions",
            "instructions of the badgemap intake template",
        ),
        (
            EXAMPLES_SHEET,
            "example rows of the badgemap intake template",
        ),
        (
            LISTS_SHEET,
            "dropdown lists of the badgemap intake template",
        ),
    ];
    for (r, (sheet, reason)) in skips.iter().enumerate() {
        let r = r as u32 + 1;
        ws.write_string(r, 0, crate::layout::SKIP_KEY)?;
        ws.write_string(r, 1, *sheet)?;
        ws.write_string(r, 2, *reason)?;
    }
    Ok(())
}

/// A header row, frozen, with widths.
fn headers(ws: &mut Worksheet, headers: &[&str], bold: &Format) -> Result<(), XlsxError> {
    for (c, h) in headers.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, bold)?;
        ws.set_column_width(c as u16, if *h == "Notes" { 40 } else { 20 })?;
    }
    ws.set_freeze_panes(1, 0)?;
    Ok(())
}

/// One example row of each sheet, under a title saying what it shows.
fn examples(
    ws: &mut Worksheet,
    awards: &[&str],
    grid: &[&str],
    badges: &[String],
    bold: &Format,
    date: &Format,
) -> Result<(), XlsxError> {
    ws.set_column_width(0, 24)?;
    for c in 1..grid.len().max(awards.len()) as u16 {
        ws.set_column_width(c, 18)?;
    }
    ws.write_string_with_format(0, 0, "On the Awards sheet, one row per badge:", bold)?;
    for (c, h) in awards.iter().enumerate() {
        ws.write_string_with_format(1, c as u16, *h, bold)?;
    }
    ws.write_row(
        2,
        0,
        [
            "Example University",
            "Research portal",
            "Symplectic Elements",
            "Research Institute",
            "United Kingdom",
            "",
        ],
    )?;
    ws.write_string(2, 6, badges.first().map_or("", String::as_str))?;
    ws.write_string(2, 7, "Awarded")?;
    ws.write_datetime_with_format(2, 8, &ExcelDateTime::from_ymd(2019, 3, 14)?, date)?;
    ws.write_string_with_format(
        4,
        0,
        "On the Badge grid sheet, one row per integration:",
        bold,
    )?;
    for (c, h) in grid.iter().enumerate() {
        ws.write_string_with_format(5, c as u16, *h, bold)?;
    }
    ws.write_row(
        6,
        0,
        [
            "Example College",
            "Repository",
            "DSpace",
            "Research Institute",
        ],
    )?;
    ws.write_string(6, 4, "Yes")?;
    if badges.len() > 2 {
        ws.write_datetime_with_format(6, 6, &ExcelDateTime::from_ymd(2018, 9, 21)?, date)?;
    }
    Ok(())
}
