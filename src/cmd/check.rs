//! `badgemap check`: validates mapping files and summarises what they say,
//! including which criteria each badge can evidence and how strongly.

use super::exit;
use crate::mapping::diagnostic::Level;
use crate::mapping::plan::{Plan, RequirementLevel, Strength, Undated};
use crate::mapping::{load_file, Loaded};
use std::fmt::Write as _;
use std::path::PathBuf;

const EXAMPLES: &str = "\
Examples:
  badgemap check mappings/csp-2023.toml
  badgemap mappings show csp-2023 > consortium.toml && badgemap check consortium.toml";

/// Validate mapping files: errors with line, column and a caret; a summary of
/// badges, criteria and rules; and which criteria each badge can evidence.
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct Args {
    /// Mapping files (TOML) to check.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
}

pub fn run(args: &Args, out: &mut dyn std::io::Write) -> super::Result<u8> {
    let mut status = exit::OK;
    for (i, file) in args.files.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        match load_file(file) {
            Ok(loaded) => write!(out, "{}", summary(&loaded))?,
            Err(e) => {
                eprint!("{}", e.render());
                eprintln!(
                    "{}: invalid mapping ({} error{})",
                    e.name,
                    e.errors(),
                    if e.errors() == 1 { "" } else { "s" }
                );
                status = exit::USAGE;
            }
        }
    }
    Ok(status)
}

/// The report `check` prints for a valid mapping.
pub fn summary(loaded: &Loaded) -> String {
    let plan = &loaded.plan;
    let mut out = String::new();
    let _ = writeln!(out, "{}: valid", loaded.name);
    let _ = writeln!(out, "  {} {}: {}", plan.id, plan.version, plan.title);
    let _ = writeln!(
        out,
        "  {} badges, {} levels, {} workflows, {} criteria, {} rules, {} products",
        plan.vocab.badges.len(),
        plan.vocab.levels.len(),
        plan.workflows.len(),
        plan.criteria.len(),
        plan.rules.len(),
        plan.products.len()
    );
    let _ = writeln!(out, "  evidence: {}", evidence_policy(plan));
    let _ = writeln!(
        out,
        "\nCriteria by workflow              MUST  SHOULD   MAY"
    );
    let mut groups: Vec<(String, Option<usize>)> = vec![("every workflow (baseline)".into(), None)];
    groups.extend(
        plan.workflows
            .iter()
            .enumerate()
            .map(|(i, w)| (w.id.clone(), Some(i))),
    );
    for (name, workflow) in groups {
        let count = |level: RequirementLevel| {
            plan.criteria
                .iter()
                .filter(|c| c.level == level)
                .filter(|c| match (workflow, &c.workflows) {
                    (None, None) => true,
                    (Some(w), Some(list)) => list.contains(&w),
                    _ => false,
                })
                .count()
        };
        let _ = writeln!(
            out,
            "  {name:<30} {:>5} {:>7} {:>5}",
            count(RequirementLevel::Must),
            count(RequirementLevel::Should),
            count(RequirementLevel::May)
        );
    }
    let _ = writeln!(
        out,
        "\nCoverage: the strongest evidence each badge can give (F full, p partial, . none)"
    );
    let labels: Vec<&str> = plan
        .vocab
        .badges
        .iter()
        .map(|b| b.label.as_str())
        .chain(std::iter::once("fact"))
        .collect();
    let id_width = plan
        .criteria
        .iter()
        .map(|c| c.id.len())
        .max()
        .unwrap_or(9)
        .max(9);
    let _ = write!(out, "  {:<id_width$}  level ", "criterion");
    for label in &labels {
        let _ = write!(out, " {label}");
    }
    out.push('\n');
    for (row, c) in plan.coverage().iter().zip(&plan.criteria) {
        let _ = write!(out, "  {:<id_width$}  {:<6}", c.id, c.level.to_string());
        for (cell, label) in row.iter().zip(&labels) {
            let mark = match cell {
                Some(Strength::Full) => "F",
                Some(Strength::Partial) => "p",
                None => ".",
            };
            let _ = write!(out, " {mark:^w$}", w = label.chars().count());
        }
        out.truncate(out.trim_end_matches(' ').len());
        out.push('\n');
    }
    let warnings: Vec<_> = loaded
        .warnings
        .iter()
        .filter(|d| d.level == Level::Warning)
        .collect();
    if !warnings.is_empty() {
        let _ = writeln!(out, "\nWarnings ({}):", warnings.len());
        for w in warnings {
            let _ = writeln!(out, "  warning: {}", w.short(&loaded.name, &loaded.text));
        }
    }
    out
}

fn evidence_policy(plan: &Plan) -> String {
    let age = match plan.evidence.max_age_months {
        Some(m) => format!("older than {m} months at the as-of date counts as partial at most"),
        None => "never ages".to_string(),
    };
    let undated = match plan.evidence.undated {
        Undated::Accept => "undated awards accepted as they are".to_string(),
        Undated::Downgrade => "undated awards count as partial at most".to_string(),
        Undated::AsOf(d) => format!("undated awards treated as awarded on {d}"),
    };
    format!("{age}; {undated}")
}
