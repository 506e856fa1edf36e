//! Register + plan → one decision per integration: its workflows, the best
//! evidence for each applicable criterion, and a status with a one-line
//! reason. Pure: no I/O, the as-of date is given.

pub mod rules;

use crate::certified::{Basis, CertifiedList, Currency};
use crate::ingest::register::Register;
use crate::mapping::plan::{RequirementLevel, Strength};
use crate::mapping::Plan;
use crate::model::AwardDate;
use crate::model::{Attr, Integration, SourceRef};
use chrono::NaiveDate;
use rules::{effective_strength, evaluate, Downgrade};
use serde::Serialize;
use std::collections::HashMap;
use std::fmt;

/// Everything a decision depends on besides the integration.
pub struct Context<'a> {
    pub plan: &'a Plan,
    pub certified: &'a CertifiedList,
    pub as_of: NaiveDate,
    /// Analysts' decisions from an earlier run's worklist.
    pub analyst: &'a AnalystDecisions,
}

/// An analyst's verdict on a criterion of an integration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// Fresh evidence was received and accepted: full evidence, dated.
    Accepted,
    /// The evidence offered was not enough: the criterion stays missing.
    Rejected,
    /// The criterion does not apply to this integration.
    Waived,
}

impl Verdict {
    /// Every verdict, in the order a dropdown offers them.
    pub const ALL: [Verdict; 3] = [Verdict::Accepted, Verdict::Rejected, Verdict::Waived];

    pub fn parse(text: &str) -> Option<Self> {
        match text.trim().to_lowercase().as_str() {
            "accepted" | "accept" => Some(Verdict::Accepted),
            "rejected" | "reject" => Some(Verdict::Rejected),
            "waived" | "waive" | "n/a" | "not applicable" => Some(Verdict::Waived),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Accepted => "accepted",
            Verdict::Rejected => "rejected",
            Verdict::Waived => "waived",
        }
    }
}

/// What an analyst wrote in the worklist for one (integration, criterion).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnalystDecision {
    pub verdict: Option<Verdict>,
    pub received_on: Option<NaiveDate>,
    pub comment: String,
    /// The request whose decision this is, when it came from the Requests
    /// sheet rather than the integration's own Worklist row.
    pub request: Option<String>,
}

/// Analyst decisions keyed by (integration id, criterion id).
pub type AnalystDecisions = HashMap<(String, String), AnalystDecision>;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    Covered,
    CarryOver,
    ReCertify,
    NoEvidence,
    Review,
}

impl Status {
    pub const ALL: [Status; 5] = [
        Status::Covered,
        Status::CarryOver,
        Status::ReCertify,
        Status::NoEvidence,
        Status::Review,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Covered => "covered",
            Status::CarryOver => "carry-over",
            Status::ReCertify => "re-certify",
            Status::NoEvidence => "no-evidence",
            Status::Review => "review",
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A name that is none of an enum's values.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not one of: {1}")]
pub struct UnknownName(pub String, pub &'static str);

impl std::str::FromStr for Status {
    type Err = UnknownName;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Status::ALL
            .into_iter()
            .find(|s| s.as_str() == text.trim())
            .ok_or_else(|| {
                UnknownName(
                    text.to_string(),
                    "covered, carry-over, re-certify, no-evidence, review",
                )
            })
    }
}

impl std::str::FromStr for Evidence {
    type Err = UnknownName;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        [
            Evidence::Missing,
            Evidence::Partial,
            Evidence::Full,
            Evidence::Waived,
        ]
        .into_iter()
        .find(|e| e.as_str() == text.trim())
        .ok_or_else(|| UnknownName(text.to_string(), "missing, partial, full, waived"))
    }
}

impl fmt::Display for Evidence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Verdict {
    type Err = UnknownName;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Verdict::parse(text)
            .ok_or_else(|| UnknownName(text.to_string(), "accepted, rejected, waived"))
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The evidence for one criterion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Evidence {
    Missing,
    Partial,
    Full,
    /// An analyst waived the criterion: it does not count for this integration.
    Waived,
}

impl Evidence {
    pub fn as_str(self) -> &'static str {
        match self {
            Evidence::Missing => "missing",
            Evidence::Partial => "partial",
            Evidence::Full => "full",
            Evidence::Waived => "waived",
        }
    }

    /// Still needs evidence (missing or partial).
    pub fn lacking(self) -> bool {
        matches!(self, Evidence::Missing | Evidence::Partial)
    }
}

/// What gave a criterion its evidence.
#[derive(Debug, Clone, PartialEq)]
pub struct Support {
    /// The mapping rule's index; `None` when an analyst accepted fresh evidence.
    pub rule: Option<u16>,
    pub granted: Strength,
    pub date: Option<AwardDate>,
    pub source: Option<SourceRef>,
    pub downgrade: Option<Downgrade>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CriterionResult {
    /// The criterion's index in the plan (16 bits: there are millions of
    /// results at register scale, and a mapping has at most 65,535 criteria).
    pub criterion: u16,
    pub evidence: Evidence,
    pub support: Option<Support>,
}

/// Where an integration's workflows came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum WorkflowOrigin {
    Explicit,
    CertifiedList,
    SectorDefault,
    Unknown,
    /// The mapping defines no workflows: only criteria for every workflow apply.
    NotNeeded,
}

/// The outcome for one integration.
#[derive(Debug, Clone, PartialEq)]
pub struct Decision {
    /// Index into the register's integrations.
    pub integration: usize,
    /// Stable across runs: derived from the member and integration keys.
    pub id: String,
    pub workflows: Vec<usize>,
    pub workflow_origin: WorkflowOrigin,
    /// The certified-list entry that covers it, if any.
    pub certified: Option<usize>,
    /// The applicable criteria, in mapping order (allocated to size).
    pub criteria: Box<[CriterionResult]>,
    /// The analysts' decisions carried forward, by criterion index: rare, so
    /// kept here rather than in every result.
    pub analyst: Box<[(u16, AnalystDecision)]>,
    pub status: Status,
    pub reason: String,
    pub must_met: usize,
    pub must_total: usize,
}

impl Decision {
    /// MUST criteria without full evidence.
    pub fn must_gaps<'a>(
        &'a self,
        plan: &'a Plan,
    ) -> impl Iterator<Item = &'a CriterionResult> + 'a {
        self.criteria.iter().filter(move |r| {
            plan.criteria[usize::from(r.criterion)].level == RequirementLevel::Must
                && r.evidence != Evidence::Full
        })
    }

    /// The analyst's decision on a criterion, if one was carried forward.
    pub fn analyst(&self, criterion: u16) -> Option<&AnalystDecision> {
        self.analyst
            .iter()
            .find(|(c, _)| *c == criterion)
            .map(|(_, a)| a)
    }

    pub fn result(&self, criterion: usize) -> Option<&CriterionResult> {
        self.criteria
            .iter()
            .find(|r| usize::from(r.criterion) == criterion)
    }
}

/// Decides every integration of the register, in register order. Each
/// decision depends on its integration alone, so the register is decided in
/// two halves at once and the halves joined in order.
pub fn reconcile(register: &Register, ctx: &Context<'_>) -> Vec<Decision> {
    let all = &register.integrations;
    let decide_from = |first: usize, part: &[Integration]| -> Vec<Decision> {
        part.iter()
            .enumerate()
            .map(|(i, it)| decide(first + i, it, ctx))
            .collect()
    };
    let mut decisions = if all.len() < 10_000 {
        decide_from(0, all)
    } else {
        let (a, b) = all.split_at(all.len() / 2);
        std::thread::scope(|scope| {
            let second = scope.spawn(|| decide_from(a.len(), b));
            let mut first = decide_from(0, a);
            // A panic in the second half is re-raised here, as it would be
            // on one thread.
            first.extend(
                second
                    .join()
                    .unwrap_or_else(|e| std::panic::resume_unwind(e)),
            );
            first
        })
    };
    disambiguate_ids(&mut decisions);
    decisions
}

/// A stable id: 48 bits of FNV-1a over the member and integration keys.
pub fn stable_id(it: &Integration) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in it
        .member_key
        .bytes()
        .chain([0x1f])
        .chain(it.name_key.bytes())
    {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("BM-{:012X}", hash >> 16)
}

fn disambiguate_ids(decisions: &mut [Decision]) {
    let mut seen: HashMap<String, usize> = HashMap::new();
    for d in decisions {
        let n = seen.entry(d.id.clone()).or_insert(0);
        *n += 1;
        if *n > 1 {
            d.id = format!("{}-{}", d.id, n);
        }
    }
}

/// Resolves the integration's workflows; problems make it need review.
pub fn workflows(it: &Integration, ctx: &Context<'_>) -> (Vec<usize>, WorkflowOrigin, Vec<String>) {
    let plan = ctx.plan;
    if plan.workflows.is_empty() {
        return (Vec::new(), WorkflowOrigin::NotNeeded, Vec::new());
    }
    if let Some(explicit) = it.attr(Attr::Workflow) {
        let mut found = Vec::new();
        let mut problems = Vec::new();
        for name in explicit
            .split([';', ',', '/', '|', '+'])
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            match plan.workflow_named(name) {
                Some(w) if !found.contains(&w) => found.push(w),
                Some(_) => {}
                None => problems.push(format!("workflow {name:?} is not in the mapping")),
            }
        }
        if !found.is_empty() || !problems.is_empty() {
            return (found, WorkflowOrigin::Explicit, problems);
        }
    }
    if let Some(product) = it.attr(Attr::Product) {
        let mut found: Vec<usize> = Vec::new();
        for (_, entry) in ctx.certified.matching(product) {
            for &w in &entry.workflows {
                if !found.contains(&w) {
                    found.push(w);
                }
            }
        }
        if !found.is_empty() {
            found.sort_unstable();
            return (found, WorkflowOrigin::CertifiedList, Vec::new());
        }
    }
    if let Some(sector) = it.attr(Attr::Sector) {
        let found = plan.workflows_for_sector(sector);
        if !found.is_empty() {
            return (found, WorkflowOrigin::SectorDefault, Vec::new());
        }
    }
    (Vec::new(), WorkflowOrigin::Unknown, Vec::new())
}

/// The analysts' decisions that applied, by criterion index.
pub type Applied = Box<[(u16, AnalystDecision)]>;

/// The best evidence for every criterion that applies to these workflows,
/// after the analysts' decisions for integration `id` (returned too).
pub fn evidence(
    id: &str,
    it: &Integration,
    workflows: &[usize],
    ctx: &Context<'_>,
) -> (Box<[CriterionResult]>, Applied) {
    let plan = ctx.plan;
    let mut best: Vec<Option<Support>> = vec![None; plan.criteria.len()];
    let mut strength: Vec<Option<Strength>> = vec![None; plan.criteria.len()];
    for (r, rule) in plan.rules.iter().enumerate() {
        let Ok(fired) = evaluate(rule, it, workflows, ctx) else {
            continue;
        };
        for &(criterion, granted) in &rule.grants {
            let (effective, downgrade) = effective_strength(granted, &fired, ctx);
            if strength[criterion].is_none_or(|s| effective > s) {
                strength[criterion] = Some(effective);
                best[criterion] = Some(Support {
                    rule: Some(r as u16),
                    granted,
                    date: fired.date,
                    source: fired.source,
                    downgrade,
                });
            }
        }
    }
    let mut applied = Vec::new();
    let results = plan
        .criteria
        .iter()
        .enumerate()
        .filter(|(_, c)| c.applies(workflows))
        .map(|(i, c)| {
            let mut result = CriterionResult {
                criterion: i as u16,
                evidence: match strength[i] {
                    Some(Strength::Full) => Evidence::Full,
                    Some(Strength::Partial) => Evidence::Partial,
                    None => Evidence::Missing,
                },
                support: best[i].take(),
            };
            if !ctx.analyst.is_empty() {
                if let Some(decision) = ctx.analyst.get(&(id.to_string(), c.id.clone())) {
                    apply_decision(&mut result, decision, ctx);
                    applied.push((result.criterion, decision.clone()));
                }
            }
            result
        })
        .collect();
    (results, applied.into_boxed_slice())
}

/// Applies an analyst's decision: accepted evidence is full (and ages),
/// rejected keeps the criterion missing, waived takes it out of the count.
fn apply_decision(result: &mut CriterionResult, decision: &AnalystDecision, ctx: &Context<'_>) {
    match decision.verdict {
        Some(Verdict::Accepted) => {
            let date = decision.received_on.unwrap_or(ctx.as_of);
            let fired = rules::Fired {
                date: Some(AwardDate::day(date)),
                undated: false,
                source: None,
            };
            let (strength, downgrade) = effective_strength(Strength::Full, &fired, ctx);
            let evidence = if strength == Strength::Full {
                Evidence::Full
            } else {
                Evidence::Partial
            };
            if evidence >= result.evidence {
                result.evidence = evidence;
                result.support = Some(Support {
                    rule: None,
                    granted: Strength::Full,
                    date: fired.date,
                    source: None,
                    downgrade,
                });
            }
        }
        Some(Verdict::Rejected) => {
            result.evidence = Evidence::Missing;
            result.support = None;
        }
        Some(Verdict::Waived) => {
            result.evidence = Evidence::Waived;
            result.support = None;
        }
        None => {}
    }
}

/// Decides one integration.
pub fn decide(index: usize, it: &Integration, ctx: &Context<'_>) -> Decision {
    let plan = ctx.plan;
    let (workflows, origin, workflow_problems) = workflows(it, ctx);
    let id = stable_id(it);
    let (criteria, analyst) = evidence(&id, it, &workflows, ctx);
    let is_must = |r: &&CriterionResult| {
        plan.criteria[usize::from(r.criterion)].level == RequirementLevel::Must
            && r.evidence != Evidence::Waived
    };
    let must_total = criteria.iter().filter(is_must).count();
    let must_met = criteria
        .iter()
        .filter(is_must)
        .filter(|r| r.evidence == Evidence::Full)
        .count();
    let (certified, certified_note) = coverage(it, &workflows, ctx);
    let has_awards = !it.awards.is_empty();
    let problems: Vec<&String> = it.problems.iter().chain(&workflow_problems).collect();

    let (status, reason) = if let Some(first) = problems.first() {
        let more = match problems.len() {
            1 => String::new(),
            n => format!(" (and {} more)", n - 1),
        };
        (Status::Review, format!("{first}{more}"))
    } else if it.is_inactive() && has_awards {
        (
            Status::Review,
            "marked inactive but holds badges: confirm whether the integration is still in use"
                .to_string(),
        )
    } else if let (Some(_), Some(note)) = (certified, certified_note.as_ref()) {
        (Status::Covered, note.clone())
    } else if !has_awards {
        let mut reason = "no awarded badge".to_string();
        if it.is_inactive() {
            reason.push_str("; marked inactive");
        }
        (
            Status::NoEvidence,
            with_note(reason, certified_note.as_ref()),
        )
    } else if origin == WorkflowOrigin::Unknown {
        (
            Status::Review,
            "workflow unknown: no workflow column, certified product or sector default".to_string(),
        )
    } else if must_met == must_total {
        (
            Status::CarryOver,
            with_note(
                format!("all {must_total} MUST criteria fully evidenced"),
                certified_note.as_ref(),
            ),
        )
    } else {
        let gaps = must_total - must_met;
        let partial = criteria
            .iter()
            .filter(is_must)
            .filter(|r| r.evidence == Evidence::Partial)
            .count();
        (
            Status::ReCertify,
            with_note(
                format!(
                    "{gaps} of {must_total} MUST criteria lack full evidence ({partial} partial, {} missing)",
                    gaps - partial
                ),
                certified_note.as_ref(),
            ),
        )
    };
    Decision {
        integration: index,
        id,
        workflows,
        workflow_origin: origin,
        certified: certified.filter(|_| status == Status::Covered),
        criteria,
        analyst,
        status,
        reason,
        must_met,
        must_total,
    }
}

fn with_note(reason: String, note: Option<&String>) -> String {
    match note {
        Some(n) => format!("{reason}; {n}"),
        None => reason,
    }
}

/// `(Some(entry), Some(reason))` when a current certification covers the
/// integration's workflows; `(None, Some(note))` when a certification exists
/// but does not cover it, said in the reason.
fn coverage(
    it: &Integration,
    workflows: &[usize],
    ctx: &Context<'_>,
) -> (Option<usize>, Option<String>) {
    let Some(product) = it.attr(Attr::Product) else {
        return (None, None);
    };
    let mut note = None;
    for (index, entry) in ctx.certified.matching(product) {
        let shared = entry.workflows.iter().find(|w| workflows.contains(w));
        let Some(&w) = shared else {
            let names = entry.workflow_ids(ctx.plan);
            note.get_or_insert_with(|| {
                if names.is_empty() {
                    format!(
                        "{} is on the certified list, but for no workflow the mapping knows",
                        entry.product
                    )
                } else {
                    format!(
                        "{} is certified for {}, not this integration's workflow",
                        entry.product,
                        names.join(", ")
                    )
                }
            });
            continue;
        };
        let workflow = &ctx.plan.workflows[w].id;
        match entry.currency(ctx.as_of, ctx.plan.review_interval_months) {
            Currency::Current(basis) => {
                let since = entry
                    .certified_on
                    .map(|d| format!(" since {d}"))
                    .unwrap_or_default();
                let basis = match basis {
                    Basis::CertifiedOn(_) => String::new(),
                    other => format!(", {other}"),
                };
                return (
                    Some(index),
                    Some(format!(
                        "{} is certified for {workflow}{since}{basis}",
                        entry.product
                    )),
                );
            }
            Currency::NotYet(d) => {
                note = Some(format!("{} is certified only from {d}", entry.product));
            }
            Currency::Expired(d) => {
                note = Some(format!(
                    "the certification of {} expired on {d}",
                    entry.product
                ));
            }
            Currency::ReviewOverdue { last, due } => {
                let months = ctx.plan.review_interval_months.unwrap_or(0);
                note = Some(format!(
                    "the certification of {} was last {last}; its review every {months} months was due {due}",
                    entry.product
                ));
            }
        }
    }
    (None, note)
}

#[cfg(test)]
mod tests;
