//! `badgemap explain`: the whole decision chain for one integration, from
//! the cells read to the status, so an analyst can see why.

use super::pipeline::{prepare, Sources};
use super::{exit, fail, MappingArg};
use crate::ingest::register::{Attr, Integration, Register};

use crate::reconcile::rules::evaluate;
use crate::reconcile::{reconcile, Context, Decision, WorkflowOrigin};
use crate::report::tables::describe_evidence;
use crate::report::Report;
use crate::text::identity_key;
use chrono::NaiveDate;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

const EXAMPLES: &str = "\
Examples:
  badgemap explain \"University of Northmoor\" \"Research portal\" samples/
  badgemap explain northmoor samples/ --certified samples/certified-providers.csv
  badgemap explain \"Kestrel Health\" registers/ --previous reconciled.xlsx

The second argument is taken as the integration's name unless it names an
existing file or directory; leave it out when the member has one integration.";

/// Show the whole decision chain for one integration: rows and cells read,
/// badges and how their text was read, rules that fired or not and why,
/// evidence per criterion, and the status.
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct Args {
    /// Member organisation (any spelling ingestion would match; a unique part is enough).
    pub member: String,
    /// [INTEGRATION] INPUT…: the integration's name (optional), then the register files or directories.
    #[arg(required = true, value_name = "INTEGRATION|INPUT")]
    pub rest: Vec<String>,
    #[command(flatten)]
    pub mapping: MappingArg,
    /// Certified-provider list (CSV or workbook).
    #[arg(long, value_name = "FILE")]
    pub certified: Option<PathBuf>,
    /// Date at which evidence is aged and certifications checked (YYYY-MM-DD; default: today).
    #[arg(long, value_name = "DATE", value_parser = super::run::parse_as_of)]
    pub as_of: Option<NaiveDate>,
    /// An earlier run's workbook whose analyst decisions apply.
    #[arg(long, value_name = "OLD.xlsx")]
    pub previous: Option<PathBuf>,
    /// Read numeric dates such as 03/04/2018 as month first.
    #[arg(long)]
    pub month_first: bool,
}

pub fn run(args: &Args, out: &mut dyn std::io::Write) -> super::Result<u8> {
    let (integration_name, inputs) = split_rest(&args.rest);
    if inputs.is_empty() {
        return Err(fail(
            "give the register files or directories after the member (and integration) name",
        ));
    }
    let as_of = args
        .as_of
        .unwrap_or_else(|| chrono::Local::now().date_naive());
    let sources = Sources {
        inputs: &inputs,
        mapping: &args.mapping,
        certified: args.certified.as_deref(),
        previous: args.previous.as_deref(),
        month_first: args.month_first,
    };
    let prepared = prepare(&sources, &mut |_| ())?;
    let (loaded, ingested, certified) =
        (&prepared.mapping, &prepared.ingested, &prepared.certified);
    let index = find_integration(
        &ingested.register,
        &args.member,
        integration_name.as_deref(),
    )
    .map_err(fail)?;
    let ctx = Context {
        plan: &loaded.plan,
        certified,
        as_of,
        analyst: prepared.analyst(),
    };
    let decisions = reconcile(&ingested.register, &ctx);
    let report = Report {
        as_of,
        mapping: loaded,
        ingested,
        certified,
        certified_sha256: None,
        decisions: &decisions,
        inputs: Vec::new(),
        issues: Vec::new(),
        changes: None,
        worklist: Default::default(),
        owners: Default::default(),
    };
    let Some(decision) = decisions.iter().find(|d| d.integration == index) else {
        return Err(fail("internal error: the integration has no decision"));
    };
    write!(out, "{}", explain(&report, decision, &ctx))?;
    Ok(exit::OK)
}

/// `(integration, inputs)`: the first of `rest` is the integration's name
/// unless it names an existing path.
fn split_rest(rest: &[String]) -> (Option<String>, Vec<PathBuf>) {
    match rest.split_first() {
        Some((first, others)) if !Path::new(first).exists() && !others.is_empty() => (
            Some(first.clone()),
            others.iter().map(PathBuf::from).collect(),
        ),
        _ => (None, rest.iter().map(PathBuf::from).collect()),
    }
}

/// Finds the integration by member (exact key, else a unique part) and name.
pub fn find_integration(
    register: &Register,
    member: &str,
    name: Option<&str>,
) -> Result<usize, String> {
    let key = identity_key(member);
    let mut members: Vec<&str> = register
        .integrations
        .iter()
        .filter(|i| *i.member_key == *key)
        .map(|i| &*i.member_key)
        .collect();
    if members.is_empty() && !key.is_empty() {
        members = register
            .integrations
            .iter()
            .filter(|i| i.member_key.contains(&key))
            .map(|i| &*i.member_key)
            .collect();
    }
    members.sort_unstable();
    members.dedup();
    let display = |k: &str| {
        register
            .integrations
            .iter()
            .find(|i| &*i.member_key == k)
            .map_or_else(String::new, |i| i.member.to_string())
    };
    let member_key = match members.as_slice() {
        [] => return Err(format!("no member matching {member:?} in the inputs")),
        [one] => *one,
        many => {
            let names: Vec<String> = many.iter().map(|k| display(k)).collect();
            return Err(format!(
                "{member:?} matches several members: {}; give more of the name",
                names.join("; ")
            ));
        }
    };
    let candidates: Vec<usize> = (0..register.integrations.len())
        .filter(|&i| &*register.integrations[i].member_key == member_key)
        .collect();
    let names = || {
        candidates
            .iter()
            .map(|&i| register.integrations[i].name.clone())
            .collect::<Vec<_>>()
            .join("; ")
    };
    let Some(name) = name else {
        return match candidates.as_slice() {
            [one] => Ok(*one),
            _ => Err(format!(
                "{} has {} integrations: {}; name one after the member",
                display(member_key),
                candidates.len(),
                names()
            )),
        };
    };
    let wanted = identity_key(name);
    let exact: Vec<usize> = candidates
        .iter()
        .copied()
        .filter(|&i| *register.integrations[i].name_key == *wanted)
        .collect();
    let found = if exact.is_empty() {
        candidates
            .iter()
            .copied()
            .filter(|&i| register.integrations[i].name_key.contains(&wanted))
            .collect()
    } else {
        exact
    };
    match found.as_slice() {
        [one] => Ok(*one),
        [] => Err(format!(
            "{} has no integration matching {name:?}; its integrations: {}",
            display(member_key),
            names()
        )),
        _ => Err(format!(
            "{name:?} matches several integrations of {}: {}",
            display(member_key),
            names()
        )),
    }
}

fn place(r: &Report<'_>, source: crate::ingest::register::SourceRef) -> String {
    let (file, sheet, cell) = r.locate(source);
    if sheet.is_empty() {
        format!("{file} › {cell}")
    } else {
        format!("{file} › {sheet} › {cell}")
    }
}

/// The explanation as text.
pub fn explain(r: &Report<'_>, d: &Decision, ctx: &Context<'_>) -> String {
    let plan = &r.mapping.plan;
    let it: &Integration = r.integration(d);
    let mut out = String::new();
    let _ = writeln!(out, "{} / {} ({})", it.member, it.name, d.id);
    let _ = writeln!(
        out,
        "mapping {} {}, as of {}",
        plan.id, plan.version, r.as_of
    );

    let _ = writeln!(out, "\n1. Rows read");
    for row in &it.rows {
        let (file, sheet, _) = r.locate(*row);
        let sheet = if sheet.is_empty() {
            String::new()
        } else {
            format!(" › {sheet}")
        };
        let _ = writeln!(out, "  {file}{sheet} › row {}", row.row + 1);
    }

    let _ = writeln!(out, "\n2. Badges");
    if it.awards.is_empty() {
        let _ = writeln!(out, "  no awarded badge");
    }
    for (badge, award) in &it.awards {
        let label = &plan.vocab.badge(*badge).label;
        let date = award
            .date
            .map_or_else(|| "undated".to_string(), |d| format!("awarded {d}"));
        let _ = writeln!(out, "  {label}: {date}");
        for f in &award.facts {
            let read_as = match f.encoding {
                crate::ingest::register::Encoding::Level => {
                    format!("level {:?} includes {label}", f.text)
                }
                _ => format!("{:?} → {label}", f.text),
            };
            let _ = writeln!(
                out,
                "    {read_as} at {} ({}{})",
                place(r, f.source),
                f.encoding.describe(),
                f.date.map(|d| format!(", {d}")).unwrap_or_default()
            );
        }
    }
    for f in &it.other_facts {
        let label = &plan.vocab.badge(f.badge).label;
        let status = f.not_awarded.as_deref().unwrap_or_default();
        let _ = writeln!(
            out,
            "  not awarded: {label} ({status}) from {:?} at {}",
            f.text,
            place(r, f.source)
        );
    }

    let _ = writeln!(out, "\n3. Facts");
    if it.attrs.is_empty() && it.notes.is_empty() {
        let _ = writeln!(out, "  none recorded");
    }
    for (attr, value) in &it.attrs {
        let _ = writeln!(
            out,
            "  {}: {} ({})",
            attr.label(),
            value.value,
            place(r, value.source)
        );
    }
    for note in &it.notes {
        let _ = writeln!(out, "  note: {} ({})", note.value, place(r, note.source));
    }
    for problem in &it.problems {
        let _ = writeln!(out, "  problem: {problem}");
    }

    let origin = match d.workflow_origin {
        WorkflowOrigin::Explicit => "from the workflow column",
        WorkflowOrigin::CertifiedList => "from the certified-provider list",
        WorkflowOrigin::SectorDefault => "the default for its sector",
        WorkflowOrigin::Unknown => "unknown",
        WorkflowOrigin::NotNeeded => "not needed: the mapping has no workflows",
    };
    let ids = crate::report::tables::workflow_ids(r, d);
    let _ = writeln!(
        out,
        "\n4. Workflows: {} ({origin})",
        if ids.is_empty() { "none" } else { &ids }
    );

    let _ = writeln!(out, "\n5. Rules");
    for rule in &plan.rules {
        match evaluate(rule, it, &d.workflows, ctx) {
            Ok(_) => {
                let grants: Vec<String> = rule
                    .grants
                    .iter()
                    .map(|(c, s)| format!("{} {s}", plan.criteria[*c].id))
                    .collect();
                let _ = writeln!(out, "  fired      {}: {}", rule.id, grants.join(", "));
            }
            Err(why) => {
                let _ = writeln!(out, "  not fired  {}: {why}", rule.id);
            }
        }
    }

    let _ = writeln!(
        out,
        "\n6. Evidence per criterion (after ageing and analyst decisions)"
    );
    let width = d
        .criteria
        .iter()
        .map(|c| plan.criteria[usize::from(c.criterion)].id.len())
        .max()
        .unwrap_or(0);
    for c in &d.criteria {
        let k = &plan.criteria[usize::from(c.criterion)];
        let mut line = format!(
            "  {:<width$}  {:<6}  {}",
            k.id,
            k.level.to_string(),
            describe_evidence(r, d, c)
        );
        if let Some(a) = d.analyst(c.criterion) {
            let verdict = a.verdict.map_or("comment", |v| v.as_str());
            let _ = write!(line, " [analyst: {verdict}");
            if !a.comment.is_empty() {
                let _ = write!(line, ", {:?}", a.comment);
            }
            line.push(']');
        }
        let _ = writeln!(out, "{line}");
    }
    if d.criteria.is_empty() {
        let _ = writeln!(out, "  no criterion applies");
    }

    let _ = writeln!(out, "\n7. Status: {}: {}", d.status, d.reason);
    let _ = writeln!(
        out,
        "   MUST criteria fully evidenced: {} of {}",
        d.must_met, d.must_total
    );
    if let Some(product) = it.attr(Attr::Product) {
        if r.certified.products.is_empty() {
            let _ = writeln!(
                out,
                "   no certified-provider list was given (--certified) to check {product} against"
            );
        }
    }
    out
}
