//! The whole result as JSON, in the versioned schema documented in
//! `docs/json-schema.md`.

use super::{InputInfo, Report};
use crate::ingest::sheet::Accounting;
use crate::issue::Issue;
use crate::model::{Attr, SourceRef};
use crate::reconcile::rules::Downgrade;
use crate::reconcile::{CriterionResult, Decision, Evidence, Status, WorkflowOrigin};
use serde::Serialize;
use std::io::Write;

/// Bumped on any incompatible change to the JSON layout.
pub const SCHEMA_VERSION: u32 = 2;

#[derive(Serialize)]
struct Document<'a> {
    schema_version: u32,
    badgemap_version: &'static str,
    as_of: String,
    mapping: MappingRef<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    certified_list: Option<CertifiedRef<'a>>,
    inputs: &'a [InputInfo],
    accounting: Accounting,
    status_counts: Vec<StatusCount>,
    integrations: Vec<IntegrationOut<'a>>,
    requests: Vec<RequestOut<'a>>,
    issues: &'a [Issue],
    #[serde(skip_serializing_if = "Option::is_none")]
    changes: Option<&'a crate::recheck::Changes>,
}

/// One request: a criterion to ask one addressee about, for its integrations.
#[derive(Serialize)]
struct RequestOut<'a> {
    id: String,
    kind: &'static str,
    addressee: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    vendor: Option<&'a str>,
    criterion: &'a str,
    evidence_request: std::borrow::Cow<'a, str>,
    integrations: Vec<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    sent_on: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    received_on: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    decision: Option<&'static str>,
    #[serde(skip_serializing_if = "str::is_empty")]
    comment: &'a str,
    /// How far it is decided: open, partly, on the request, on its rows.
    state: String,
}

fn requests<'a>(r: &'a Report<'_>) -> Vec<RequestOut<'a>> {
    let list = r.requests();
    list.iter()
        .map(|q| {
            let asked = q.asked(r);
            let id = q.id.to_string();
            let note = r.entered_request(&id);
            let state = q.state(r);
            RequestOut {
                id,
                kind: q.kind.as_str(),
                addressee: q.addressee(r),
                vendor: q.vendor(r),
                criterion: asked.id,
                evidence_request: asked.request,
                integrations: list
                    .integrations(q)
                    .iter()
                    .filter_map(|&i| r.decisions.get(i as usize))
                    .map(|d| d.id.as_str())
                    .collect(),
                sent_on: note.and_then(|n| n.sent_on.date()).map(|d| d.to_string()),
                received_on: note
                    .and_then(|n| n.received_on.date())
                    .map(|d| d.to_string()),
                decision: note
                    .and_then(|n| n.decision.verdict())
                    .map(crate::reconcile::Verdict::as_str),
                comment: note.map_or("", |n| n.comment.as_str()),
                state: state.describe(),
            }
        })
        .collect()
}

#[derive(Serialize)]
struct MappingRef<'a> {
    id: &'a str,
    version: &'a str,
    title: &'a str,
    file: &'a str,
}

#[derive(Serialize)]
struct CertifiedRef<'a> {
    path: &'a str,
    sha256: &'a str,
    products: usize,
    /// The day the list was taken from ORCID's page, when it is one day.
    #[serde(skip_serializing_if = "Option::is_none")]
    taken_on: Option<String>,
    /// Where that day was read from, or why there is none.
    taken_from: String,
    /// Why the list could not be used, when it could not.
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<&'a str>,
}

#[derive(Serialize)]
struct StatusCount {
    status: Status,
    integrations: usize,
}

#[derive(Serialize)]
struct SourceOut {
    file: String,
    sheet: Option<String>,
    cell: String,
}

#[derive(Serialize)]
struct BadgeOut<'a> {
    badge: &'a str,
    label: &'a str,
    awarded_on: Option<String>,
    source: Option<SourceOut>,
    sources: Vec<SourceOut>,
}

#[derive(Serialize)]
struct CriterionOut<'a> {
    id: &'a str,
    level: &'static str,
    evidence: Evidence,
    #[serde(skip_serializing_if = "Option::is_none")]
    rule: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    awarded_on: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    source: Option<SourceOut>,
    #[serde(skip_serializing_if = "Option::is_none")]
    downgrade: Option<&'a Downgrade>,
}

#[derive(Serialize)]
struct IntegrationOut<'a> {
    id: &'a str,
    member: &'a str,
    integration: &'a str,
    product: Option<&'a str>,
    /// The product's release as the register wrote it ("5.28").
    #[serde(skip_serializing_if = "Option::is_none")]
    product_version: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    vendor: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    member_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    integration_id: Option<&'a str>,
    sector: Option<&'a str>,
    country: Option<&'a str>,
    consortium: Option<&'a str>,
    inactive: bool,
    workflows: Vec<&'a str>,
    workflow_origin: WorkflowOrigin,
    badges: Vec<BadgeOut<'a>>,
    status: Status,
    reason: &'a str,
    must_met: u32,
    must_total: u32,
    /// MUST criteria an analyst waived: neither met nor in the total.
    must_waived: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    covered_by: Option<&'a str>,
    criteria: Vec<CriterionOut<'a>>,
    problems: &'a [String],
    /// Where its member was read, when not in a cell of its own row.
    #[serde(skip_serializing_if = "Option::is_none")]
    member_from: Option<MemberFromOut>,
}

/// Where an integration's member was read outside its own row.
#[derive(Serialize)]
struct MemberFromOut {
    /// `cell`, `label_line`, `parent_line`, `header_line`, `sheet_name`,
    /// `file_name` or `hints`.
    kind: &'static str,
    /// In words: `the label line A3`.
    description: String,
    /// The cell, for the kinds that have one.
    #[serde(skip_serializing_if = "Option::is_none")]
    source: Option<SourceOut>,
}

fn member_from(r: &Report<'_>, it: &crate::model::Integration) -> Option<MemberFromOut> {
    use crate::model::{MemberFrom, Outside};
    let from = it.member_from.as_ref()?;
    let (kind, at) = match from {
        MemberFrom::Cell(Outside::Title, at) => ("cell", Some(*at)),
        MemberFrom::Cell(Outside::Label, at) => ("label_line", Some(*at)),
        MemberFrom::Cell(Outside::Parent, at) => ("parent_line", Some(*at)),
        MemberFrom::Cell(Outside::Header, at) => ("header_line", Some(*at)),
        MemberFrom::SheetName => ("sheet_name", None),
        MemberFrom::FileName => ("file_name", None),
        MemberFrom::Given(_) => ("hints", None),
    };
    Some(MemberFromOut {
        kind,
        description: r.member_from(it).unwrap_or_default(),
        source: at.map(|at| source(r, at)),
    })
}

fn source(r: &Report<'_>, s: SourceRef) -> SourceOut {
    let at = r.locate(s);
    SourceOut {
        file: at.file,
        sheet: at.sheet,
        cell: at.cell.unwrap_or_default(),
    }
}

/// Writes the JSON document.
pub fn write(r: &Report<'_>, out: &mut impl Write) -> serde_json::Result<()> {
    let plan = &r.mapping.plan;
    let integrations = r.decisions.iter().map(|d| integration(r, d)).collect();
    let doc = Document {
        schema_version: SCHEMA_VERSION,
        badgemap_version: r.tool_version(),
        as_of: r.as_of.format("%Y-%m-%d").to_string(),
        mapping: MappingRef {
            id: &plan.id,
            version: &plan.version,
            title: &plan.title,
            file: &r.mapping.name,
        },
        certified_list: match (&r.certified.path, &r.certified_sha256) {
            (Some(path), Some(sha256)) => {
                let taken_on = match &r.certified.taken {
                    crate::certified::Taken::On(d, _) => Some(d.to_string()),
                    _ => None,
                };
                let taken_from = r.certified.taken.describe().unwrap_or_default();
                Some(CertifiedRef {
                    path,
                    sha256,
                    products: r.certified.products.len(),
                    taken_on,
                    taken_from,
                    error: r.certified.unusable.as_deref(),
                })
            }
            _ => None,
        },
        inputs: &r.inputs,
        accounting: r.ingested.accounting(),
        status_counts: r
            .status_counts()
            .into_iter()
            .map(|(status, integrations)| StatusCount {
                status,
                integrations,
            })
            .collect(),
        integrations,
        requests: requests(r),
        issues: &r.issues,
        changes: r.changes.as_ref(),
    };
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    out.write_all(b"\n").map_err(serde_json::Error::io)
}

/// One integration with its badges, criteria and decision.
fn integration<'a>(r: &'a Report<'_>, d: &'a Decision) -> IntegrationOut<'a> {
    let plan = &r.mapping.plan;
    let it = r.integration(d);
    IntegrationOut {
        id: &d.id,
        member: &it.member,
        integration: &it.name,
        product: it.attr(Attr::Product),
        product_version: it.attr(Attr::ProductVersion),
        vendor: it.attr(Attr::Vendor),
        member_id: it.attr(Attr::MemberId),
        integration_id: it.attr(Attr::IntegrationId),
        sector: it.attr(Attr::Sector),
        country: it.attr(Attr::Country),
        consortium: it.attr(Attr::Consortium),
        inactive: it.is_inactive(),
        workflows: d
            .workflows
            .iter()
            .map(|&w| plan.workflows[w].id.as_str())
            .collect(),
        workflow_origin: d.workflow_origin,
        badges: it
            .awards
            .iter()
            .map(|(b, a)| {
                let def = plan.vocab.badge(*b);
                BadgeOut {
                    badge: &def.id,
                    label: &def.label,
                    awarded_on: a.date.map(|d| d.to_string()),
                    source: a.facts.first().map(|f| source(r, f.source)),
                    sources: a.facts.iter().map(|f| source(r, f.source)).collect(),
                }
            })
            .collect(),
        status: d.status,
        reason: &d.reason,
        must_met: d.must.met,
        must_total: d.must.total,
        must_waived: d.must.waived,
        covered_by: d
            .certified
            .map(|i| r.certified.products[i].product.as_str()),
        criteria: d.criteria.iter().map(|c| criterion(r, c)).collect(),
        problems: &it.problems,
        member_from: member_from(r, it),
    }
}

/// One criterion's evidence for an integration, with the rule and the
/// award that gave it.
fn criterion<'a>(r: &'a Report<'_>, c: &'a CriterionResult) -> CriterionOut<'a> {
    let plan = &r.mapping.plan;
    let k = &plan.criteria[usize::from(c.criterion)];
    let support = c.support.as_ref();
    CriterionOut {
        id: &k.id,
        level: match k.level {
            crate::mapping::plan::RequirementLevel::Must => "must",
            crate::mapping::plan::RequirementLevel::Should => "should",
            crate::mapping::plan::RequirementLevel::May => "may",
        },
        evidence: c.evidence,
        rule: support
            .and_then(|s| s.rule)
            .map(|r| plan.rules[usize::from(r)].id.as_str()),
        awarded_on: support.and_then(|s| s.date).map(|d| d.to_string()),
        source: support.and_then(|s| s.source).map(|s| source(r, s)),
        downgrade: support.and_then(|s| s.downgrade.as_ref()),
    }
}
