//! `badgemap template`: a blank intake workbook for collecting badge records
//! in the shapes badgemap reads best, with dropdowns drawn from the mapping.

use super::{exit, MappingArg};
use crate::mapping::Plan;
use crate::report::atomic::write_atomically;
use rust_xlsxwriter::{
    DataValidation, ExcelDateTime, Format, FormatAlign, Workbook, Worksheet, XlsxError,
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

pub fn run(args: &Args) -> u8 {
    let loaded = match args.mapping.load() {
        Ok(l) => l,
        Err(status) => return status,
    };
    if args.output.exists() && !args.force {
        eprintln!(
            "badgemap: {} already exists; use --force to replace it",
            args.output.display()
        );
        return exit::USAGE;
    }
    match write_atomically(&args.output, |temp| write(&loaded.plan, temp)) {
        Ok(()) => {
            println!("Wrote {}", args.output.display());
            exit::OK
        }
        Err(e) => {
            eprintln!("badgemap: cannot write {}: {e}", args.output.display());
            exit::USAGE
        }
    }
}

fn sectors(plan: &Plan) -> Vec<String> {
    let mut out: Vec<String> = SECTORS.iter().map(|s| s.to_string()).collect();
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

fn list(ws: &mut Worksheet, col: u16, values: &[String], title: &str) -> Result<(), XlsxError> {
    if values.is_empty() {
        return Ok(());
    }
    let joined: usize = values.iter().map(|v| v.len() + 1).sum();
    // Excel limits an inline list to 255 characters.
    if joined <= 255 {
        let dv = DataValidation::new()
            .allow_list_strings(values)?
            .set_input_title(title)?
            .set_error_title("Not in the list")?
            .set_error_message("Choose a value from the list, or type it in the Notes column.")?;
        ws.add_data_validation(1, col, INPUT_ROWS, col, &dv)?;
    }
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
    let workflows: Vec<String> = plan.workflows.iter().map(|w| w.id.clone()).collect();
    let sectors = sectors(plan);
    let statuses: Vec<String> = ["Awarded", "In progress", "Not awarded"]
        .iter()
        .map(|s| s.to_string())
        .collect();

    let ws = wb.add_worksheet().set_name("Instructions")?;
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
        "The example rows show the shape; delete them before use.".to_string(),
        String::new(),
        "Then run: badgemap inspect intake.xlsx (to check) and badgemap run intake.xlsx (to reconcile).".to_string(),
    ];
    for (i, line) in lines.iter().enumerate() {
        if i == 0 {
            ws.write_string_with_format(0, 0, line, &bold)?;
        } else {
            ws.write_string_with_format(i as u32, 0, line, &wrap)?;
        }
    }

    let ws = wb.add_worksheet().set_name("Awards")?;
    let headers = [
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
    for (c, h) in headers.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &bold)?;
        ws.set_column_width(c as u16, if *h == "Notes" { 40 } else { 20 })?;
    }
    ws.set_column_format(8, &date)?;
    ws.set_freeze_panes(1, 0)?;
    list(ws, 3, &sectors, "Sector")?;
    list(ws, 5, &workflows, "Workflow")?;
    list(ws, 6, &badges, "Badge")?;
    list(ws, 7, &statuses, "Status")?;
    let example_badge = badges.first().cloned().unwrap_or_default();
    ws.write_row(
        1,
        0,
        [
            "Example University",
            "Research portal",
            "Symplectic Elements",
            "Research Institute",
            "United Kingdom",
        ],
    )?;
    ws.write_string(1, 6, &example_badge)?;
    ws.write_string(1, 7, "Awarded")?;
    ws.write_datetime_with_format(1, 8, &ExcelDateTime::from_ymd(2019, 3, 14)?, &date)?;
    ws.write_string(1, 9, "Example row: delete before use")?;

    let ws = wb.add_worksheet().set_name("Badge grid")?;
    let mut grid: Vec<String> = ["Member", "Integration", "Product", "Sector"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    grid.extend(badges.iter().cloned());
    grid.push("Notes".to_string());
    for (c, h) in grid.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, h, &bold)?;
        ws.set_column_width(c as u16, 18)?;
    }
    ws.set_freeze_panes(1, 0)?;
    list(ws, 3, &sectors, "Sector")?;
    let yes_no: Vec<String> = ["Yes", "No"].iter().map(|s| s.to_string()).collect();
    for c in 4..4 + badges.len() as u16 {
        let dv = DataValidation::new()
            .allow_list_strings(&yes_no)?
            .set_input_title("Awarded?")?
            .set_input_message("Yes, No, or overwrite with the award date")?
            .show_error_message(false);
        ws.add_data_validation(1, c, INPUT_ROWS, c, &dv)?;
        ws.set_column_format(c, &date)?;
    }
    ws.write_row(
        1,
        0,
        [
            "Example College",
            "Repository",
            "DSpace",
            "Research Institute",
        ],
    )?;
    ws.write_string(1, 4, "Yes")?;
    if badges.len() > 2 {
        ws.write_datetime_with_format(1, 6, &ExcelDateTime::from_ymd(2018, 9, 21)?, &date)?;
    }
    ws.write_string(1, 4 + badges.len() as u16, "Example row: delete before use")?;
    wb.save(path)
}
