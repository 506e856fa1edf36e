//! `badgemap run`: the main job. Reads the registers, reconciles every
//! integration against the mapping and the certified-provider list, and writes
//! the reconciled workbook (and optionally JSON and CSV).

use super::pipeline::{prepare, ReconcileArgs};
use super::{exit, fail, plural};
use crate::ingest::digest::sha256_file;
use crate::ingest::{discover, Ingested};
use crate::issue::Severity;
use crate::reconcile::{reconcile, Context, Decision, Status};
use crate::report::atomic::write_atomically;
use crate::report::tables::TableId;
use crate::report::{csv_out, json, workbook, InputInfo, Report};
use chrono::NaiveDate;
use std::io::Write;
use std::path::{Path, PathBuf};

const EXAMPLES: &str = "\
Examples:
  badgemap run samples/
  badgemap run registers/ --certified samples/certified-providers.csv -o reconciled.xlsx
  badgemap run crm.xlsx consortium/ --as-of 2026-01-01 --json result.json --csv-dir csv/
  badgemap run registers/ --fail-on review,issues --force
  badgemap run registers/ --previous reconciled-2026-10.xlsx -o reconciled-2026-11.xlsx";

/// Reconcile badge registers with CSP criteria and write the reconciled workbook.
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct Args {
    /// Badge register files or directories (walked recursively).
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    /// The workbook to write.
    #[arg(short, long, value_name = "FILE", default_value = "reconciled.xlsx")]
    pub output: PathBuf,
    #[command(flatten)]
    pub reconcile: ReconcileArgs,
    /// Also write the whole result as JSON (schema: docs/json-schema.md).
    #[arg(long, value_name = "FILE")]
    pub json: Option<PathBuf>,
    /// Also write one CSV file per table into this directory.
    #[arg(long, value_name = "DIR")]
    pub csv_dir: Option<PathBuf>,
    /// Exit with status 1 when any integration has this status, or any error or
    /// warning issue was raised (comma-separated).
    #[arg(long, value_name = "WHAT", value_delimiter = ',')]
    pub fail_on: Vec<FailOn>,
    /// Replace output files that already exist.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FailOn {
    ReCertify,
    Review,
    Issues,
}

pub fn parse_as_of(text: &str) -> Result<NaiveDate, String> {
    if let Ok(date) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        return Ok(date);
    }
    let parts: Vec<&str> = text.trim().split('-').collect();
    let numbers: Option<Vec<u32>> = parts.iter().map(|p| p.parse().ok()).collect();
    match numbers.as_deref() {
        Some(&[year, month, day]) if parts[0].len() == 4 => {
            if (1..=12).contains(&month) {
                let days = (28..=31)
                    .rev()
                    .find(|d| NaiveDate::from_ymd_opt(year as i32, month, *d).is_some())
                    .unwrap_or(28);
                Err(format!(
                    "{text}: {} {year} has {days} days, not {day}",
                    NaiveDate::from_ymd_opt(year as i32, month, 1)
                        .map_or(String::new(), |d| d.format("%B").to_string())
                ))
            } else {
                Err(format!(
                    "{text}: there is no month {month}; write the date as YYYY-MM-DD"
                ))
            }
        }
        _ => Err(format!(
            "{text:?} is not a date in the form YYYY-MM-DD (e.g. 2026-11-24)"
        )),
    }
}

/// Phase timings on standard error when `BADGEMAP_TIMING` is set.
struct Phases {
    start: std::time::Instant,
    on: bool,
}

impl Phases {
    fn new() -> Self {
        Phases {
            start: std::time::Instant::now(),
            on: super::output::verbose(),
        }
    }

    fn mark(&mut self, phase: &str) {
        if self.on {
            eprintln!(
                "timing: {phase:<12} {:>8.3} s  peak {} MB",
                self.start.elapsed().as_secs_f64(),
                peak_rss_mb()
            );
        }
    }
}

pub fn run(args: &Args, out: &mut dyn Write) -> super::Result<u8> {
    let mut phases = Phases::new();
    let as_of = args.reconcile.as_of();
    check_outputs(args)?;
    let sources = args.reconcile.sources(&args.inputs);
    let prepared = prepare(&sources, &mut |_| {
        phases.mark("ingest");
        if super::output::verbose() {
            eprintln!(
                "timing:   of which deciding reading plans {:>8.3} s",
                crate::ingest::plan::deciding_time().as_secs_f64()
            );
        }
    })?;
    let (loaded, ingested, certified) =
        (&prepared.mapping, &prepared.ingested, &prepared.certified);
    let previous = prepared.previous.as_ref();
    let ctx = Context {
        plan: &loaded.plan,
        certified,
        as_of,
        analyst: prepared.analyst(),
    };
    super::output::progress(&format!(
        "reconciling {} integrations",
        ingested.register.integrations.len()
    ));
    let decisions = reconcile(&ingested.register, &ctx);
    phases.mark("reconcile");
    let mut issues = ingested.issues.clone();
    issues.extend(certified.issues.iter().cloned());
    let changes = previous.map(|p| {
        issues.extend(p.issues.iter().cloned());
        crate::recheck::compare(p, &decisions, &ingested.register, &loaded.plan)
    });
    let report = Report {
        as_of,
        mapping: loaded,
        ingested,
        certified,
        certified_sha256: args.reconcile.certified.as_deref().map(sha256_file),
        decisions: &decisions,
        inputs: inputs(ingested),
        issues,
        changes,
        worklist: crate::report::WorklistOrder::default(),
        owners: crate::report::IssueOwners::default(),
        previous,
        added: previous
            .map(|p| {
                [
                    p.added_worklist.clone(),
                    p.added_requests.clone(),
                    p.added_members.clone(),
                ]
            })
            .unwrap_or_default(),
    };
    phases.mark("report");
    let backup = if args.force {
        super::backup::plan_backup(&args.output, args.reconcile.previous.as_deref(), as_of)
    } else {
        None
    };
    super::output::progress(&format!("writing {}", args.output.display()));
    // The new workbook is written first; only then is the old one moved
    // aside (said at once, whatever else fails later), and the new one
    // moved into its place.
    let temp = crate::report::atomic::temp_path(&args.output);
    if let Err(e) = workbook::write(&report, &temp) {
        let _ = std::fs::remove_file(&temp);
        return Err(fail(format!("cannot write {}: {e}", args.output.display())));
    }
    if let Some(b) = &backup {
        match b.keep() {
            Ok(kept) => {
                let warning = super::output::paint("warning:", anstyle::AnsiColor::Yellow);
                anstream::eprintln!("{warning} {kept}");
            }
            Err(e) => {
                let _ = std::fs::remove_file(&temp);
                return Err(e);
            }
        }
    }
    if let Err(e) = std::fs::rename(&temp, &args.output) {
        let _ = std::fs::remove_file(&temp);
        return Err(fail(format!(
            "cannot move the finished {} into place: {e}",
            args.output.display()
        )));
    }
    phases.mark("workbook");
    if let Some(path) = &args.json {
        write_json(&report, path)?;
    }
    let mut csv = None;
    if let Some(dir) = &args.csv_dir {
        let files = csv_out::write_all(&report, dir).map_err(fail)?;
        csv = Some((dir.as_path(), files.len()));
    }
    super::output::done();
    if !super::output::quiet() {
        print_summary(out, &report, &args.output, args.json.as_deref(), csv)?;
        let warning = super::output::paint("warning:", anstyle::AnsiColor::Yellow);
        if args.reconcile.certified.is_none() {
            anstream::eprintln!(
                "{warning} no certified-provider list given (--certified FILE): no integration can be covered by a certified product"
            );
        } else if let Some(why) = &certified.unusable {
            anstream::eprintln!(
                "{warning} {why}: the run went on without it, so no integration is covered by a certified product"
            );
        } else if let crate::certified::Taken::Unstated(as_of) = certified.taken {
            anstream::eprintln!(
                "{warning} the certified-provider list states no day it was taken from ORCID's page: its products are taken as current on {as_of}"
            );
        } else if let crate::certified::Taken::Partly { undated, of, as_of } = certified.taken {
            anstream::eprintln!(
                "{warning} the certified-provider list states no day it was taken from ORCID's page for {undated} of its {of} products: they are taken as current on {as_of}"
            );
        }
    }
    if matched_fail_on(&args.fail_on, &decisions, &report) {
        Ok(exit::REJECTED)
    } else {
        Ok(exit::OK)
    }
}

/// Writes the JSON output beside its target, then renames it into place.
fn write_json(report: &Report<'_>, path: &Path) -> super::Result<()> {
    let written = write_atomically(path, |temp| {
        let file = std::fs::File::create(temp).map_err(|e| e.to_string())?;
        let mut out = std::io::BufWriter::new(file);
        json::write(report, &mut out).map_err(|e| e.to_string())?;
        out.flush().map_err(|e| e.to_string())
    });
    written.map_err(|e| fail(format!("cannot write {}: {e}", path.display())))
}

/// Refuses an output that is a directory or not an .xlsx, overwriting an
/// input, or an existing output without `--force`.
fn check_outputs(args: &Args) -> super::Result<()> {
    if let Some(file) = &args.json {
        if file.is_dir() {
            return Err(fail(format!(
                "{} is a directory; give --json a file name, such as reconciled.json",
                file.display()
            )));
        }
    }
    let (inputs, _) = discover(&args.inputs).map_err(fail)?;
    let other_inputs = args
        .reconcile
        .certified
        .iter()
        .chain(&args.reconcile.mapping.mapping)
        .chain(&args.reconcile.previous);
    let canonical_inputs: Vec<PathBuf> = inputs
        .iter()
        .map(|(p, _)| p)
        .chain(other_inputs)
        .filter_map(|p| std::fs::canonicalize(p).ok())
        .collect();
    let mut targets: Vec<PathBuf> = vec![args.output.clone()];
    targets.extend(args.json.iter().cloned());
    if let Some(dir) = &args.csv_dir {
        let recheck = args.reconcile.previous.is_some();
        targets.extend(TableId::written_by(recheck).map(|t| dir.join(t.csv_file())));
    }
    for target in &targets {
        let canonical = std::fs::canonicalize(target).ok();
        if canonical.is_some_and(|c| canonical_inputs.contains(&c)) {
            return Err(fail(format!(
                "refusing to overwrite input {}; choose another output path",
                target.display()
            )));
        }
    }
    super::check_workbook_name(&args.output).map_err(fail)?;
    if let Some(existing) = targets.iter().find(|t| t.exists()) {
        if !args.force {
            return Err(fail(format!(
                "{} already exists; use --force to replace it",
                existing.display()
            )));
        }
    }
    Ok(())
}

fn inputs(ingested: &Ingested) -> Vec<InputInfo> {
    ingested
        .files
        .iter()
        .map(|f| InputInfo {
            path: f.path.clone(),
            sha256: f.sha256.clone(),
            accounting: f.accounting(),
            error: f.error.clone().or_else(|| f.skipped.clone()),
        })
        .collect()
}

fn matched_fail_on(fail_on: &[FailOn], decisions: &[Decision], report: &Report<'_>) -> bool {
    fail_on.iter().any(|f| match f {
        FailOn::ReCertify => decisions.iter().any(|d| d.status == Status::ReCertify),
        FailOn::Review => decisions.iter().any(|d| d.status == Status::Review),
        FailOn::Issues => report.issues.iter().any(|i| i.severity != Severity::Notice),
    })
}

fn print_summary(
    out: &mut dyn Write,
    report: &Report<'_>,
    output: &Path,
    json: Option<&Path>,
    csv: Option<(&Path, usize)>,
) -> std::io::Result<()> {
    let a = report.ingested.accounting();
    let files = report.ingested.files.len();
    writeln!(
        out,
        "Read {}: {} rows ({} with awards, {} without award, {} blank, {} rejected{})",
        plural(files, "file"),
        a.rows_read,
        a.with_awards,
        a.without_award,
        a.blank,
        a.rejected,
        if a.not_records > 0 {
            format!(", {} not records", a.not_records)
        } else {
            String::new()
        }
    )?;
    writeln!(
        out,
        "Reconciled {} with {} {} as of {}",
        plural(report.decisions.len(), "integration"),
        report.mapping.plan.id,
        report.mapping.plan.version,
        report.as_of
    )?;
    for (status, n) in report.status_counts() {
        let colour = match status {
            Status::Covered => anstyle::AnsiColor::Green,
            Status::CarryOver => anstyle::AnsiColor::Blue,
            Status::ReCertify => anstyle::AnsiColor::Yellow,
            Status::NoEvidence => anstyle::AnsiColor::BrightBlack,
            Status::Review => anstyle::AnsiColor::Red,
            Status::Retired => anstyle::AnsiColor::White,
        };
        writeln!(
            out,
            "  {} {n:>6}",
            super::output::paint(&format!("{:<12}", status.as_str()), colour)
        )?;
    }
    let worklist = report.worklist_len();
    let count = |s: Severity| report.issues.iter().filter(|i| i.severity == s).count();
    writeln!(
        out,
        "Worklist: {}; issues: {}, {}, {}",
        plural(worklist, "row"),
        plural(count(Severity::Error), "error"),
        plural(count(Severity::Warning), "warning"),
        plural(count(Severity::Notice), "notice")
    )?;
    if let Some(c) = &report.changes {
        print_changes(out, c)?;
    }
    let mut written = vec![output.display().to_string()];
    written.extend(json.map(|j| j.display().to_string()));
    if let Some((dir, n)) = csv {
        written.push(format!("{n} CSV files in {}", dir.display()));
    }
    writeln!(out, "Wrote {}", written.join(", "))?;
    Ok(())
}

/// The re-check's line: what changed since the previous run, and what of
/// its Worklist could not be read.
fn print_changes(out: &mut dyn Write, c: &crate::recheck::Changes) -> std::io::Result<()> {
    let word = |n: usize, one: &'static str, many: &'static str| if n == 1 { one } else { many };
    writeln!(
        out,
        "Changes since the run as of {}: {} status {}, {} new, {} vanished; {} analyst {} in force ({} new this run), {} kept aside",
        c.previous_as_of,
        c.status_changed,
        word(c.status_changed, "change", "changes"),
        c.new,
        c.vanished,
        c.decisions_applied,
        word(c.decisions_applied, "decision", "decisions"),
        c.decisions_new,
        c.decisions_orphaned,
    )?;
    if c.decisions_not_understood + c.accepted_without_date > 0 {
        writeln!(
            out,
            "Previous Worklist: {} not understood, {} without the date evidence was received (see Issues)",
            plural(c.decisions_not_understood, "decision"),
            plural(c.accepted_without_date, "acceptance"),
        )?;
    }
    Ok(())
}

/// Peak resident memory so far (Linux), for `BADGEMAP_TIMING`.
fn peak_rss_mb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<u64>().ok())
        })
        .map_or(0, |kb| kb / 1024)
}
