//! Writes the bundled sample register in `samples/`: three legacy sources in
//! the shapes consortium leads really hold. Members are fictional; vendor
//! products are real. Run `cargo run --example make_samples` after editing.

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, FormatAlign, Workbook, XlsxError};
use std::path::Path;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    std::fs::create_dir_all(&dir)?;
    crm_export(&dir.join("crm-export-2020.xlsx"))?;
    consortium_workbook(&dir.join("consortium-register.xlsx"))?;
    std::fs::write(dir.join("badge-awards-long.csv"), LONG_CSV)?;
    println!("samples written to {}", dir.display());
    Ok(())
}

fn fixed_properties() -> DocProperties {
    let created = ExcelDateTime::from_ymd(2020, 12, 1).unwrap_or_else(|_| unreachable!());
    DocProperties::new()
        .set_creation_datetime(&created)
        .set_author("badgemap samples")
}

/// A flat export of the CRM's integration records: old-style level + awarded
/// flag, new-style achievements list and highest achievement side by side.
fn crm_export(path: &Path) -> Result<(), XlsxError> {
    let mut wb = Workbook::new();
    wb.set_properties(&fixed_properties());
    let ws = wb.add_worksheet().set_name("Integration__c export")?;
    let bold = Format::new().set_bold();
    let header = [
        "Account Name",
        "Account ID",
        "Integration Name",
        "Vendor Product",
        "Member Type",
        "Billing Country",
        "Consortium Lead",
        "Level__c",
        "BadgeAwarded__c",
        "Achievements__c",
        "Highest_Achievement__c",
        "Integration_Stage__c",
        "inactive__c",
        "API_Version__c",
    ];
    ws.write_row_with_format(0, 0, header, &bold)?;
    let rows: &[[&str; 14]] = &[
        [
            "University of Northmoor",
            "0011v00002AbCdE",
            "Research portal",
            "Symplectic Elements",
            "Research Institute",
            "United Kingdom",
            "Northern Research Libraries",
            "Connect",
            "true",
            "",
            "",
            "Complete",
            "false",
            "2.1",
        ],
        [
            "University of Northmoor",
            "0011v00002AbCdE",
            "Institutional repository",
            "DSpace",
            "Research Institute",
            "United Kingdom",
            "Northern Research Libraries",
            "",
            "",
            "AUTHENTICATE:Awarded;DISPLAY:Awarded;CONNECT:In Progress",
            "",
            "Complete",
            "false",
            "3.0",
        ],
        [
            "Harbourview University Press",
            "0011v00002FgHiJ",
            "Manuscript submission",
            "Editorial Manager",
            "Publisher",
            "United States",
            "",
            "Sync",
            "true",
            "",
            "",
            "Complete",
            "false",
            "3.0",
        ],
        [
            "Harbourview University Press",
            "0011v00002FgHiJ",
            "Journal hosting",
            "Open Journal Systems",
            "Publisher",
            "United States",
            "",
            "",
            "",
            "DISPLAY:Awarded;AUTHENTICATE:Awarded",
            "",
            "Complete",
            "false",
            "3.0",
        ],
        [
            "Kestrel Health and Care Research",
            "0011v00002KlMnO",
            "Grant portal",
            "",
            "Funder",
            "Ireland",
            "",
            "",
            "",
            "",
            "AUTHENTICATE",
            "Complete",
            "false",
            "2.0",
        ],
        [
            "Eastfield Institute of Technology",
            "0011v00002PqRsT",
            "Current research information system",
            "Pure",
            "Research Institute",
            "Netherlands",
            "",
            "Display",
            "false",
            "",
            "",
            "In Development",
            "false",
            "2.1",
        ],
        [
            "Eastfield Institute of Technology",
            "0011v00002PqRsT",
            "Staff profiles",
            "Converis",
            "Research Institute",
            "Netherlands",
            "",
            "Collect",
            "true",
            "",
            "",
            "Complete",
            "true",
            "1.2",
        ],
        [
            "Lindqvist Research Foundation",
            "0011v00002UvWxY",
            "Applications",
            "",
            "Funder",
            "Sweden",
            "",
            "",
            "",
            "AUTHENTICATE:Awarded;COLLECT:Awarded;CONNECT:Awarded",
            "",
            "Complete",
            "false",
            "3.0",
        ],
        [
            "Instituto Sierra Alta",
            "0011v00002ZaBcD",
            "Repositorio institucional",
            "DSpace",
            "Research Institute",
            "Chile",
            "Red Andina ORCID",
            "",
            "",
            "",
            "",
            "Scoping",
            "false",
            "",
        ],
    ];
    for (i, row) in rows.iter().enumerate() {
        ws.write_row(i as u32 + 1, 0, *row)?;
    }
    ws.autofit();
    wb.save(path)
}

/// A hand-kept consortium workbook: banner rows, a merged "Badges" group over
/// one column per badge, ticks and dates in the cells, notes, a read-me sheet.
fn consortium_workbook(path: &Path) -> Result<(), XlsxError> {
    let mut wb = Workbook::new();
    wb.set_properties(&fixed_properties());
    let date = Format::new().set_num_format("dd/mm/yyyy");
    let bold = Format::new().set_bold();
    let group = Format::new().set_bold().set_align(FormatAlign::Center);

    let readme = wb.add_worksheet().set_name("Read me")?;
    readme.write(
        0,
        0,
        "Northern Research Libraries: ORCID Collect & Connect badges",
    )?;
    readme.write(
        1,
        0,
        "One row per member system. Tick a badge once ORCID confirmed it.",
    )?;

    let ws = wb.add_worksheet().set_name("Badges 2017-2020")?;
    ws.write_with_format(0, 0, "Northern Research Libraries consortium", &bold)?;
    ws.write(
        1,
        0,
        "ORCID Collect & Connect badge register, last updated 30 November 2020",
    )?;
    let top = ["Member organisation", "System", "Vendor", "Sector"];
    for (c, h) in top.iter().enumerate() {
        ws.merge_range(3, c as u16, 4, c as u16, h, &bold)?;
    }
    ws.merge_range(3, 4, 3, 8, "Badges", &group)?;
    for (c, h) in [
        "Authenticate",
        "Collect",
        "Display",
        "Connect",
        "Synchronise",
    ]
    .iter()
    .enumerate()
    {
        ws.write_with_format(4, 4 + c as u16, *h, &bold)?;
    }
    ws.merge_range(3, 9, 4, 9, "Notes", &bold)?;

    // Two systems of one member share a merged member cell.
    ws.merge_range(5, 0, 6, 0, "UNIVERSITY OF NORTHMOOR", &Format::new())?;
    ws.write_row(
        5,
        1,
        [
            "Research portal",
            "Symplectic Elements",
            "Research Institute",
        ],
    )?;
    let d = |y, m, dd| ExcelDateTime::from_ymd(y, m, dd);
    ws.write_with_format(5, 4, &d(2017, 3, 14)?, &date)?;
    ws.write_row(5, 5, ["✓", "✓", "✓", ""])?;
    ws.write(5, 9, "Badges confirmed by ORCID engagement team")?;
    ws.write_row(
        6,
        1,
        [
            "Thesis deposit",
            "EPrints",
            "Research Institute",
            "Y",
            "N",
            "pending",
            "",
            "",
            "Display review booked, never finished",
        ],
    )?;

    ws.write_row(
        7,
        0,
        [
            "Moorland College of Art",
            "",
            "",
            "Research Institute",
            "x",
            "",
            "",
            "",
            "",
            "No system name recorded",
        ],
    )?;
    ws.write_row(
        8,
        0,
        [
            "Kestrel Health & Care Research",
            "Grant portal",
            "",
            "Funder",
            "✔",
            "✔",
            "",
            "✔",
            "",
            "",
        ],
    )?;
    ws.write_row(
        9,
        0,
        [
            "Fenwick Polytechnic",
            "Research portal",
            "Worktribe",
            "Research Institute",
            "",
            "",
            "",
            "",
            "",
            "Joined 2019; no badges",
        ],
    )?;
    ws.write_row(
        10,
        0,
        [
            "Harbourview University Press",
            "Manuscript submission",
            "Editorial Manager",
            "Publisher",
            "Yes",
            "Yes",
            "Yes",
            "Yes",
            "Yes",
            "Also listed in the CRM",
        ],
    )?;
    ws.set_column_width(0, 34)?;
    ws.set_column_width(1, 24)?;
    ws.set_column_width(9, 40)?;
    wb.save(path)
}

/// One row per award, typed by several people over four years.
const LONG_CSV: &str = "\
Member,Integration,Product,Sector,Badge,Status,Date awarded,Notes
University of Northmoor,Research portal,Symplectic Elements,Research Institute,AUTHENTICATE,Awarded,2017-03-14,
University of Northmoor,Research portal,Symplectic Elements,Research Institute,ORCiD Collect,Awarded,14/03/2017,pre-relaunch Collect
University of Northmoor,Research portal,Symplectic Elements,Research Institute,3 - CONNECT,Awarded,2018.06.12,
University of Northmoor,Research portal,Symplectic Elements,Research Institute,Synchronise,In progress,,webhooks not yet live
Lindqvist Research Foundation,Applications,,Funder,Authenticate,Awarded,2nd December 2019,
Lindqvist Research Foundation,Applications,,Funder,Collect,Awarded,Dec 2019,post-relaunch Collect: pre-fills forms
Lindqvist Research Foundation,Applications,,Funder,Dispaly,Awarded,03/02/2020,
Harbourview University Press,Journal hosting,Open Journal Systems,Publisher,Connect,Awarded,43550,
Harbourview University Press,Journal hosting,Open Journal Systems,Publisher,Peer review,Awarded,2019-04-01,not a Collect & Connect badge
Université de Valmont,Archive ouverte,DSpace 6.3,Research Institute,Display,Awarded,2018-09-21T10:15:00Z,still on DSpace 6
Université de Valmont,Archive ouverte,DSpace 6.3,Research Institute,Authenticate,Awarded,21/9/18,

Instituto Sierra Alta,Repositorio institucional,DSpace,Research Institute,Authenticate,Awarded,2019-07-03,
,Research portal,Pure,Research Institute,Display,Awarded,2019-05-05,member name lost in export
";
