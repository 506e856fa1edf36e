//! Register + plan → one decision per integration: its workflows, the best
//! evidence for each applicable criterion, and a status with a one-line
//! reason. Pure: no I/O, the as-of date is given.

mod decision;
pub mod request;
pub mod rules;

pub use decision::*;

use crate::certified::{CertifiedList, Currency};
use crate::ingest::register::Register;
use crate::mapping::plan::Strength;
use crate::mapping::Plan;
use crate::model::AwardDate;
use crate::model::{Attr, Integration, Release};
use chrono::NaiveDate;
use rules::{effective_strength, evaluate};
use std::collections::HashMap;

/// Everything a decision depends on besides the integration.
pub struct Context<'a> {
    pub plan: &'a Plan,
    pub certified: &'a CertifiedList,
    pub as_of: NaiveDate,
    /// Analysts' decisions from an earlier run's worklist.
    pub analyst: &'a AnalystDecisions,
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

/// The id of every integration of the register, in its order, as its
/// decision will carry it (a repeated id numbered, as the decisions are).
pub fn stable_ids(register: &Register) -> Vec<String> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    register
        .integrations
        .iter()
        .map(|it| {
            let id = stable_id(it);
            let n = seen.entry(id.clone()).or_insert(0);
            *n += 1;
            if *n > 1 {
                format!("{id}-{n}")
            } else {
                id
            }
        })
        .collect()
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
/// `answer` is an analyst's answer to its confirm-workflow action.
pub fn workflows(
    it: &Integration,
    answer: Option<&AnalystDecision>,
    ctx: &Context<'_>,
) -> (Vec<usize>, WorkflowOrigin, Vec<String>) {
    let plan = ctx.plan;
    if plan.workflows.is_empty() {
        return (Vec::new(), WorkflowOrigin::NotNeeded, Vec::new());
    }
    if let Some(explicit) = it.attr(Attr::Workflow) {
        let (found, unknown) = plan.workflows_in(explicit);
        let problems: Vec<String> = unknown
            .iter()
            .map(|name| format!("workflow {name:?} is not in the mapping"))
            .collect();
        if !found.is_empty() || !problems.is_empty() {
            return (found, WorkflowOrigin::Explicit, problems);
        }
    }
    // An answer counts once accepted: a comment alone ("repository?") is a
    // note. The integration's own row's answer wins over what the list and
    // the sector suggest; a request's fills in only what they leave unknown.
    let accepted = answer.filter(|a| a.verdict == Some(Verdict::Accepted));
    let (own, inherited) = match accepted {
        Some(a) if a.request.is_none() => (Some(a), None),
        other => (None, other),
    };
    if let Some(answer) = own {
        if let Some(read) = answered(answer, plan) {
            return read;
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
    if let Some(read) = inherited.and_then(|a| answered(a, plan)) {
        return read;
    }
    (Vec::new(), WorkflowOrigin::Unknown, Vec::new())
}

/// The workflows an accepted confirm-workflow answer names in its comment;
/// a name the mapping does not know is a problem (the integration goes to
/// review saying so), never passed over.
fn answered(
    answer: &AnalystDecision,
    plan: &Plan,
) -> Option<(Vec<usize>, WorkflowOrigin, Vec<String>)> {
    let (mut found, unknown) = plan.workflows_in(&answer.comment);
    found.sort_unstable();
    let problems: Vec<String> = unknown
        .iter()
        .map(|name| {
            format!(
                "the confirm-workflow answer names {name:?}, which is no workflow of the mapping (one of: {})",
                plan.workflow_names()
            )
        })
        .collect();
    if found.is_empty() && problems.is_empty() {
        return None;
    }
    let origin = if found.is_empty() {
        WorkflowOrigin::Unknown
    } else {
        WorkflowOrigin::Analyst
    };
    Some((found, origin, problems))
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
                let decision = ctx.analyst.get(&(id.to_string(), c.id.clone()));
                // A request asks only about criteria its integrations lack:
                // its decision is not applied where the register's own
                // evidence is full.
                let asked =
                    |d: &&AnalystDecision| d.request.is_none() || result.evidence != Evidence::Full;
                if let Some(decision) = decision.filter(asked) {
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
    let id = stable_id(it);
    let on_action = |a: OpenAction| {
        if ctx.analyst.is_empty() {
            return None;
        }
        ctx.analyst.get(&(id.clone(), a.id().to_string()))
    };
    let (workflows, origin, workflow_problems) =
        workflows(it, on_action(OpenAction::ConfirmWorkflow), ctx);
    // A request's answer applies where the request asks: whether an
    // integration without badges still exists.
    let retired = on_action(OpenAction::ConfirmIntegration)
        .filter(|a| a.verdict == Some(Verdict::Waived))
        .filter(|a| a.request.is_none() || it.awards.is_empty());
    if let Some(answer) = retired {
        let actions = actions_of(Status::Retired, origin, on_action);
        return retired_decision(index, id, workflows, origin, answer, actions);
    }
    let (criteria, analyst) = evidence(&id, it, &workflows, ctx);
    let must = MustCounts::of(&criteria, plan);
    let cover = coverage(it, &workflows, ctx);
    let certified = cover.entry;
    let settled = on_action(OpenAction::SettleReview)
        .filter(|a| matches!(a.verdict, Some(Verdict::Accepted | Verdict::Waived)));
    let mut problems: Vec<&String> = it.problems.iter().chain(&workflow_problems).collect();
    if settled.is_some() {
        problems.clear();
    }
    let standing = Standing {
        problems,
        inactive: it.is_inactive() && settled.is_none(),
        has_awards: !it.awards.is_empty(),
        certification: if certified.is_some() {
            Certification::Covers
        } else if cover.listed {
            Certification::Elsewhere
        } else {
            Certification::None
        },
        note: cover.note.as_ref(),
        origin,
        must,
    };
    let (status, mut reason) = standing.status();
    if let Some(a) = settled {
        reason = match a.comment.trim() {
            "" => format!("review settled by an analyst; {reason}"),
            why => format!("review settled by an analyst ({why}); {reason}"),
        };
    }
    let actions = actions_of(status, origin, on_action);
    Decision {
        integration: index,
        id: id.clone(),
        workflows,
        workflow_origin: origin,
        certified: certified.filter(|_| status == Status::Covered),
        criteria,
        analyst,
        actions,
        status,
        reason,
        must,
    }
}

/// The open actions an integration's Worklist shows: the one its status
/// asks for (with the decision in force on it, its row's or its request's),
/// then every other decided on the integration's own row, so that a
/// decision stays on a row whatever the status asks now. A request's
/// decision on an action the status no longer asks for does not apply.
fn actions_of<'a>(
    status: Status,
    origin: WorkflowOrigin,
    decided: impl Fn(OpenAction) -> Option<&'a AnalystDecision>,
) -> Box<[ActionRow]> {
    let asked = match status {
        Status::Review => Some(OpenAction::SettleReview),
        Status::NoEvidence | Status::Retired => Some(OpenAction::ConfirmIntegration),
        Status::ReCertify if origin == WorkflowOrigin::Unknown => Some(OpenAction::ConfirmWorkflow),
        _ => None,
    };
    let mut rows: Vec<ActionRow> = asked
        .map(|action| ActionRow {
            action,
            decision: decided(action).cloned(),
        })
        .into_iter()
        .collect();
    for action in OpenAction::ALL {
        if Some(action) == asked {
            continue;
        }
        if let Some(own) = decided(action).filter(|d| d.request.is_none()) {
            rows.push(ActionRow {
                action,
                decision: Some(own.clone()),
            });
        }
    }
    rows.into_boxed_slice()
}

/// An integration an analyst said no longer exists: out of every count,
/// its criteria unassessed, the comment its reason.
fn retired_decision(
    index: usize,
    id: String,
    workflows: Vec<usize>,
    origin: WorkflowOrigin,
    answer: &AnalystDecision,
    actions: Box<[ActionRow]>,
) -> Decision {
    let reason = match answer.comment.trim() {
        "" => "retired: an analyst waived its confirm-integration action".to_string(),
        why => format!("retired: {why}"),
    };
    Decision {
        integration: index,
        id,
        workflows,
        workflow_origin: origin,
        certified: None,
        criteria: Box::new([]),
        analyst: Box::new([]),
        actions,
        status: Status::Retired,
        reason,
        must: MustCounts::default(),
    }
}

/// What a product's certification does for an integration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Certification {
    /// Current, for the integration's workflow: it is covered.
    Covers,
    /// Current, but for no workflow the integration is known to have.
    Elsewhere,
    /// No current certification.
    None,
}

/// What an integration's status is decided from.
struct Standing<'a> {
    /// Problems found reading it and its workflows.
    problems: Vec<&'a String>,
    inactive: bool,
    has_awards: bool,
    /// What its product's certification does for it; `note` says how.
    certification: Certification,
    /// What the certified list says of its product, covering or not.
    note: Option<&'a String>,
    origin: WorkflowOrigin,
    must: MustCounts,
}

impl Standing<'_> {
    /// The status and its one-line reason, in order of precedence: a
    /// problem, inactive with badges, covered, no badge, an unknown workflow
    /// that a listed product could cover, all MUST criteria met (with the
    /// workflow known), else re-certify. The baseline applies whatever the
    /// workflow: an unknown workflow leaves only its own criteria unassessed,
    /// so baseline gaps are enough to re-certify.
    fn status(&self) -> (Status, String) {
        let note = self.note;
        if let Some(first) = self.problems.first() {
            let more = match self.problems.len() {
                1 => String::new(),
                n => format!(" (and {} more)", n - 1),
            };
            return (Status::Review, format!("{first}{more}"));
        }
        if self.inactive && self.has_awards {
            let why =
                "marked inactive but holds badges: confirm whether the integration is still in use";
            return (Status::Review, why.to_string());
        }
        if let (Certification::Covers, Some(note)) = (self.certification, note) {
            return (Status::Covered, note.clone());
        }
        if !self.has_awards {
            let mut reason = "no awarded badge".to_string();
            if self.inactive {
                reason.push_str("; marked inactive");
            }
            return (Status::NoEvidence, with_note(reason, note));
        }
        let unknown = self.origin == WorkflowOrigin::Unknown;
        if unknown && self.certification == Certification::Elsewhere {
            let why = format!(
                "workflow unknown: {}; its certification could cover it once the workflow is known",
                note.map_or("its product is on the certified list", String::as_str)
            );
            return (Status::Review, why);
        }
        let must = self.must;
        let total = must.total;
        let waived = match must.waived {
            0 => String::new(),
            n => format!(", {n} waived"),
        };
        if must.met == total {
            if unknown {
                let why = format!("workflow unknown: all {total} baseline MUST criteria fully evidenced{waived}, but its workflow criteria are not assessed");
                return (Status::Review, with_note(why, note));
            }
            let reason = format!("all {total} MUST criteria fully evidenced{waived}");
            return (Status::CarryOver, with_note(reason, note));
        }
        let which = if unknown { "baseline MUST" } else { "MUST" };
        let mut reason = format!(
            "{} of {total} {which} criteria lack full evidence ({} partial, {} missing{waived})",
            must.gaps(),
            must.partial,
            must.missing()
        );
        if unknown {
            reason.push_str("; workflow unknown: its workflow criteria are not assessed");
        }
        (Status::ReCertify, with_note(reason, note))
    }
}

fn with_note(reason: String, note: Option<&String>) -> String {
    match note {
        Some(n) => format!("{reason}; {n}"),
        None => reason,
    }
}

/// What the certified list says of an integration's product.
#[derive(Debug, Default)]
struct Coverage {
    /// The entry whose current certification covers its workflows.
    entry: Option<usize>,
    /// How it is covered, or why a listed product does not cover it.
    note: Option<String>,
    /// Its product holds a current certification, whatever the workflow:
    /// with the integration's workflow unknown, it could cover it.
    listed: bool,
}

/// How the certified list covers the integration, if it does.
fn coverage(it: &Integration, workflows: &[usize], ctx: &Context<'_>) -> Coverage {
    let mut out = Coverage::default();
    let Some(product) = it.attr(Attr::Product) else {
        return out;
    };
    let recorded = it.attr(Attr::ProductVersion).and_then(Release::parse);
    for (index, entry) in ctx.certified.matching(product) {
        let currency = entry.currency(ctx.as_of, ctx.plan.review_interval_months);
        let current = matches!(currency, Currency::Current(_));
        let older = match (&recorded, &entry.release) {
            (Some(r), Some(c)) => r.against(c) == Some(std::cmp::Ordering::Less),
            _ => false,
        };
        out.listed |= current && !older;
        let shared = entry.workflows.iter().find(|w| workflows.contains(w));
        let Some(&w) = shared else {
            let names = entry.workflow_ids(ctx.plan);
            out.note.get_or_insert_with(|| {
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
        let version = match (&recorded, &entry.release) {
            (Some(r), Some(c)) => match r.against(c) {
                Some(std::cmp::Ordering::Less) => {
                    out.note = Some(format!(
                        "{} {r} is recorded, but the list certifies {} from {}: ask for the upgrade to {} or later, or for fresh evidence",
                        entry.product,
                        entry.product,
                        release_words(c),
                        c.version
                    ));
                    continue;
                }
                Some(_) => String::new(),
                None => format!(
                    "; version {r} is recorded and the list certifies {}: confirm the release",
                    release_words(c)
                ),
            },
            (None, Some(c)) => format!(
                "; its version was not recorded (the list certifies {})",
                release_words(c)
            ),
            (_, None) => String::new(),
        };
        let workflow = &ctx.plan.workflows[w].id;
        match currency {
            Currency::Current(basis) => {
                let since = entry
                    .certified_on
                    .map(|d| format!(" since {d}"))
                    .unwrap_or_default();
                out.entry = Some(index);
                out.note = Some(format!(
                    "{} is certified for {workflow}{since}, {basis}{version}",
                    entry.product
                ));
                return out;
            }
            Currency::NotYet(d) => {
                out.note = Some(format!("{} is certified only from {d}", entry.product));
            }
            Currency::Expired(d) => {
                out.note = Some(format!(
                    "the certification of {} expired on {d}",
                    entry.product
                ));
            }
            Currency::ReviewOverdue { last, due } => {
                let months = ctx.plan.review_interval_months.unwrap_or(0);
                out.note = Some(format!(
                    "the certification of {} was last {last}; its review every {months} months was due {due}",
                    entry.product
                ));
            }
            Currency::NotListed(when) => {
                let on = when
                    .map(|(d, from)| format!(" on {d} ({from})"))
                    .unwrap_or_default();
                out.note = Some(format!(
                    "{} was not on ORCID's list of current providers when the list was checked{on}",
                    entry.product
                ));
            }
        }
    }
    out
}

/// A release as a reason says it: `7.3 and later`, `7.3`.
fn release_words(r: &Release) -> String {
    if r.and_later {
        format!("{} and later", r.version)
    } else {
        r.version.to_string()
    }
}

#[cfg(test)]
mod tests;
