//! `explain`'s text: the whole decision chain for one integration, from the
//! cells read to the status.

use super::tables::describe_evidence;
use super::Report;
use crate::model::{Attr, Integration, SourceRef};
use crate::reconcile::rules::evaluate;
use crate::reconcile::{Context, Decision, WorkflowOrigin};
use std::fmt::Write as _;

fn place(r: &Report<'_>, source: SourceRef) -> String {
    r.locate(source).to_string()
}

/// The explanation as text, in the order a decision is made.
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
    rows_read(&mut out, r, it);
    badges_read(&mut out, r, it);
    facts_read(&mut out, r, it);
    workflows_chosen(&mut out, r, d);
    rules_tried(&mut out, r, d, ctx);
    evidence_found(&mut out, r, d);
    status_given(&mut out, r, d);
    out
}

/// 1. The rows the integration was read from.
fn rows_read(out: &mut String, r: &Report<'_>, it: &Integration) {
    let _ = writeln!(out, "\n1. Rows read");
    for row in &it.rows {
        let line = if r.ingested.register.source(*row).transposed {
            let cell = crate::model::cell::a1(0, row.row);
            format!(
                "column {}",
                cell.trim_end_matches(|c: char| c.is_ascii_digit())
            )
        } else {
            format!("row {}", row.row + 1)
        };
        let at = crate::model::Location {
            cell: Some(line),
            ..r.locate(*row)
        };
        let _ = writeln!(out, "  {at}");
    }
    if let Some(from) = r.member_from(it) {
        let _ = writeln!(out, "  member {:?} from {from}", it.member);
    }
}

/// 2. Its badges, each with the cells and how their text was read.
fn badges_read(out: &mut String, r: &Report<'_>, it: &Integration) {
    let plan = &r.mapping.plan;
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
}

/// 3. Its other facts, notes and problems.
fn facts_read(out: &mut String, r: &Report<'_>, it: &Integration) {
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
}

/// 4. Its workflows and where they came from.
fn workflows_chosen(out: &mut String, r: &Report<'_>, d: &Decision) {
    let origin = match d.workflow_origin {
        WorkflowOrigin::Explicit => "from the workflow column",
        WorkflowOrigin::CertifiedList => "from the certified-provider list",
        WorkflowOrigin::SectorDefault => "the default for its sector",
        WorkflowOrigin::Unknown => "unknown",
        WorkflowOrigin::NotNeeded => "not needed: the mapping has no workflows",
        WorkflowOrigin::Analyst => "named by an analyst, answering its confirm-workflow action",
    };
    let ids = crate::report::tables::workflow_ids(r, d);
    let _ = writeln!(
        out,
        "\n4. Workflows: {} ({origin})",
        if ids.is_empty() { "none" } else { &ids }
    );
}

/// 5. Every rule, fired or not and why.
fn rules_tried(out: &mut String, r: &Report<'_>, d: &Decision, ctx: &Context<'_>) {
    let plan = &r.mapping.plan;
    let it = r.integration(d);
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
}

/// 6. The evidence of each criterion.
fn evidence_found(out: &mut String, r: &Report<'_>, d: &Decision) {
    let plan = &r.mapping.plan;
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
            if let Some(request) = &a.request {
                let _ = write!(line, " on request {request}");
            }
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
}

/// 7. The status and its reason.
fn status_given(out: &mut String, r: &Report<'_>, d: &Decision) {
    let it = r.integration(d);
    let _ = writeln!(out, "\n7. Status: {}: {}", d.status, d.reason);
    let _ = writeln!(
        out,
        "   MUST criteria fully evidenced: {} of {}{}",
        d.must.met,
        d.must.total,
        match d.must.waived {
            0 => String::new(),
            n => format!(" ({n} waived)"),
        }
    );
    if let Some(product) = it.attr(Attr::Product) {
        if r.certified.products.is_empty() {
            let _ = writeln!(
                out,
                "   no certified-provider list was given (--certified) to check {product} against"
            );
        }
    }
}
