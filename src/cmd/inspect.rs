//! `badgemap inspect`: shows how badgemap reads each input (header, layout,
//! column roles, row accounting, issues) before any mapping is applied.

use super::{exit, plural};
use crate::ingest::sheet::{Accounting, SheetOutcome, SheetReport};
use crate::ingest::{ingest, Ingested, Options};
use crate::issue::{Issue, Severity};
use serde::Serialize;
use std::collections::HashSet;
use std::io::Write;
use std::path::PathBuf;

const EXAMPLES: &str = "\
Examples:
  badgemap inspect samples/
  badgemap inspect crm-export.xlsx consortium/ --all
  badgemap inspect legacy.csv --month-first --json > legacy.json
  badgemap inspect register.xlsx --mapping consortium.toml";

/// Show how each input file is read: header row, layout, column roles, row
/// accounting and issues.
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct Args {
    /// Files or directories (walked recursively) to read.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Print every issue, not only the first 20.
    #[arg(long)]
    pub all: bool,
    /// Print the report as JSON on standard output.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub dates: super::DateOrderArg,
    #[command(flatten)]
    pub mapping: super::MappingArg,
    #[command(flatten)]
    pub reading: super::ReadingArg,
    /// Print a reading hints file holding how each sheet was read (and,
    /// commented out, the closest a skipped sheet came to a table), ready to
    /// edit and give back as --reading.
    #[arg(long, conflicts_with = "json")]
    pub reading_template: bool,
}

/// Issues shown unless `--all`.
const ISSUES_SHOWN: usize = 20;

pub fn run(args: &Args, out: &mut dyn Write) -> super::Result<u8> {
    let loaded = args.mapping.load()?;
    let vocab = &loaded.plan.vocab;
    let reading = args.reading.load(vocab)?;
    let options = Options {
        reading,
        day_order: args.dates.forced(),
        exclude: args
            .mapping
            .mapping
            .iter()
            .chain(args.reading.reading.iter())
            .cloned()
            .collect(),
        aliases: crate::ingest::aliases::Aliases::of_mapping(&loaded.plan),
        window: crate::ingest::DateWindow {
            earliest: loaded.plan.programme_started,
            ended: loaded.plan.programme_ended,
            latest: Some(chrono::Local::now().date_naive()),
        },
    };
    let ingested = ingest(&args.paths, vocab, &options).map_err(super::fail)?;
    if args.reading_template {
        write!(
            out,
            "{}",
            super::reading_template::template(&ingested, vocab)
        )?;
    } else if args.json {
        let json = serde_json::to_string_pretty(&JsonReport::new(&ingested))
            .map_err(|e| super::fail(format!("cannot write the report as JSON: {e}")))?;
        writeln!(out, "{json}")?;
    } else if !super::output::quiet() {
        write_text(out, &ingested, args.all)?;
    }
    if ingested.rejected_anything() {
        Ok(exit::REJECTED)
    } else {
        Ok(exit::OK)
    }
}

/// Register-wide counts.
#[derive(Debug, Serialize)]
pub struct RegisterSummary {
    pub members: usize,
    pub integrations: usize,
    pub awarded_badges: usize,
}

impl RegisterSummary {
    pub fn of(ingested: &Ingested) -> Self {
        let reg = &ingested.register;
        let members: HashSet<&str> = reg.integrations.iter().map(|i| &*i.member_key).collect();
        RegisterSummary {
            members: members.len(),
            integrations: reg.integrations.len(),
            awarded_badges: reg.award_count(),
        }
    }
}

#[derive(Serialize)]
struct JsonReport<'a> {
    badgemap_version: &'static str,
    files: &'a [crate::ingest::FileReport],
    accounting: Accounting,
    register: RegisterSummary,
    issues: &'a [Issue],
}

impl<'a> JsonReport<'a> {
    fn new(ingested: &'a Ingested) -> Self {
        JsonReport {
            badgemap_version: env!("CARGO_PKG_VERSION"),
            files: &ingested.files,
            accounting: ingested.accounting(),
            register: RegisterSummary::of(ingested),
            issues: &ingested.issues,
        }
    }
}

fn accounting_line(a: &Accounting) -> String {
    let mut line = format!(
        "{} rows read = {} with awards + {} without award + {} blank + {} rejected",
        a.rows_read, a.with_awards, a.without_award, a.blank, a.rejected
    );
    if a.not_records > 0 {
        let kinds: Vec<String> = a
            .not_record_kinds()
            .map(|(kind, n)| plural(n as usize, kind.noun()))
            .collect();
        line.push_str(&format!(
            " + {} not records ({})",
            a.not_records,
            kinds.join(", ")
        ));
    }
    line
}

/// One sheet's table and accounting; true when the sheet was skipped.
fn write_sheet(out: &mut dyn Write, sheet: &SheetReport) -> std::io::Result<bool> {
    let name = sheet
        .name
        .as_ref()
        .map_or_else(String::new, |n| format!("sheet {n:?}: "));
    let (header_rows, layout, columns, accounting, blocks, complete, reading) = match &sheet.outcome
    {
        SheetOutcome::Skipped {
            reason,
            rows,
            closest,
            searched,
            ..
        } => {
            writeln!(out, "  {name}skipped ({rows} non-empty rows): {reason}")?;
            if let Some(closest) = closest {
                writeln!(out, "    closest to a header: {closest}")?;
            }
            for candidate in searched {
                writeln!(out, "    searched by content: {candidate}")?;
            }
            return Ok(true);
        }
        SheetOutcome::Table {
            header_rows,
            layout,
            columns,
            accounting,
            blocks,
            complete,
            reading,
        } => (
            header_rows,
            layout,
            columns,
            accounting,
            blocks,
            complete,
            reading,
        ),
    };
    let along_columns = reading.records == crate::ingest::reading::Axis::Columns;
    let rows: Vec<String> = header_rows
        .iter()
        .map(|r| {
            if along_columns {
                crate::ingest::value::a1(0, r - 1)
                    .trim_end_matches(|c: char| c.is_ascii_digit())
                    .to_string()
            } else {
                r.to_string()
            }
        })
        .collect();
    let header = match (along_columns, rows.len() > 1) {
        (true, _) => "records along the columns, header column",
        (false, true) => "header rows",
        (false, false) => "header row",
    };
    let blocks_text = if *blocks > 1 {
        format!(" ({blocks} blocks, each under its own header)")
    } else {
        String::new()
    };
    writeln!(
        out,
        "  {name}{header} {}; layout: {}{blocks_text}",
        rows.join("+"),
        layout.join(", ")
    )?;
    let width = columns
        .iter()
        .map(|c| c.header.chars().count())
        .max()
        .unwrap_or(0)
        .min(40);
    for c in columns {
        writeln!(
            out,
            "    {:<6} {:<width$}  {}  [{}]",
            c.cell, c.header, c.role_text, c.content
        )?;
    }
    writeln!(out, "    decided {}", reading.decided)?;
    if along_columns || !reading.member.starts_with("column ") || !reading.hints.is_empty() {
        let hints = if reading.hints.is_empty() {
            String::new()
        } else {
            format!(" (reading hints {})", reading.hints.join(", "))
        };
        writeln!(out, "    member from {}{hints}", reading.member)?;
    }
    writeln!(out, "    {}", accounting_line(accounting))?;
    if !complete {
        writeln!(out, "    reading stopped early: see the issues")?;
    }
    Ok(false)
}

fn write_text(out: &mut dyn Write, ingested: &Ingested, all: bool) -> std::io::Result<()> {
    let mut sheets = 0;
    let mut skipped = 0;
    for file in &ingested.files {
        match file.encoding {
            Some(enc) => writeln!(out, "{} ({enc})", file.path)?,
            None => writeln!(out, "{}", file.path)?,
        }
        if let Some(error) = &file.error {
            writeln!(out, "  not read: {error}")?;
        }
        if let Some(reason) = &file.skipped {
            writeln!(out, "  skipped: {reason}")?;
        }
        for sheet in &file.sheets {
            sheets += 1;
            skipped += usize::from(write_sheet(out, sheet)?);
        }
    }
    let issues = &ingested.issues;
    let count = |s: Severity| issues.iter().filter(|i| i.severity == s).count();
    if !issues.is_empty() {
        let shown = if all {
            issues.len()
        } else {
            issues.len().min(ISSUES_SHOWN)
        };
        writeln!(
            out,
            "\nIssues: {}, {}, {}{}",
            plural(count(Severity::Error), "error"),
            plural(count(Severity::Warning), "warning"),
            plural(count(Severity::Notice), "notice"),
            if shown < issues.len() {
                format!(" (first {shown}; --all shows every one)")
            } else {
                String::new()
            }
        )?;
        for issue in issues.iter().take(shown) {
            writeln!(out, "  {issue}")?;
        }
    }
    let summary = RegisterSummary::of(ingested);
    writeln!(
        out,
        "\nTotal: {} ({} not read), {} ({} skipped); {}",
        plural(ingested.files.len(), "file"),
        ingested.failed_files(),
        plural(sheets, "sheet"),
        skipped,
        accounting_line(&ingested.accounting())
    )?;
    writeln!(
        out,
        "Register: {} of {}, {}",
        plural(summary.integrations, "integration"),
        plural(summary.members, "member"),
        plural(summary.awarded_badges, "awarded badge")
    )?;
    Ok(())
}
