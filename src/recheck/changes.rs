//! What changed since the previous run, and why: per integration the
//! previous and new status (with MUST met before and after) and their
//! causes, status changes first; the analysts' decisions that took effect
//! this run (not those carried unchanged); renamed, new and vanished
//! integrations; decided rows the analyst deleted; decisions that no longer
//! apply. Pure.

use super::previous::Previous;
use crate::ingest::register::Register;
use crate::mapping::Plan;
use crate::reconcile::rules::Downgrade;
use crate::reconcile::{Decision, Evidence, Status, Verdict};
use std::collections::{HashMap, HashSet};

/// One row of the Changes sheet.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Change {
    pub id: String,
    pub member: String,
    pub integration: String,
    pub previous_status: Option<Status>,
    pub new_status: Option<Status>,
    pub why: Vec<String>,
}

/// Everything that changed, with counts for the terminal.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Changes {
    pub previous_as_of: String,
    pub changes: Vec<Change>,
    pub status_changed: usize,
    pub new: usize,
    pub vanished: usize,
    /// Analyst decisions in force (criteria and open actions).
    pub decisions_applied: usize,
    /// Of those, the ones that took effect this run.
    pub decisions_new: usize,
    pub decisions_orphaned: usize,
    /// Worklist decisions that were not one of the verdicts (each an issue).
    pub decisions_not_understood: usize,
    /// `accepted` with no date the evidence was received (each an issue).
    pub accepted_without_date: usize,
}

/// Compares the previous run with the new decisions.
pub fn compare(
    previous: &Previous,
    decisions: &[Decision],
    register: &Register,
    plan: &Plan,
) -> Changes {
    let mut out = Changes {
        previous_as_of: previous.meta.as_of.to_string(),
        decisions_not_understood: previous.decisions_not_understood,
        accepted_without_date: previous.accepted_without_date,
        ..Changes::default()
    };
    let mapping_changed = (
        previous.meta.mapping_id.as_str(),
        previous.meta.mapping_version.as_str(),
    ) != (plan.id.as_str(), plan.version.as_str());
    let mapping_note = format!(
        "mapping changed: {} {} → {} {}",
        previous.meta.mapping_id, previous.meta.mapping_version, plan.id, plan.version
    );
    let before: HashMap<&str, &super::previous::PreviousIntegration> = previous
        .integrations
        .iter()
        .map(|p| (p.id.as_str(), p))
        .collect();
    let now: HashSet<&str> = decisions.iter().map(|d| d.id.as_str()).collect();

    let renamed: HashMap<&str, &super::Rename> = previous
        .renames
        .iter()
        .filter(|r| r.certain)
        .map(|r| (r.to.as_str(), r))
        .collect();
    let deleted: HashSet<&(String, String)> = previous.deleted_rows.iter().collect();
    for d in decisions {
        let it = &register.integrations[d.integration];
        let mut why = Vec::new();
        if let Some(r) = renamed.get(d.id.as_str()) {
            why.push(format!(
                "renamed from {} ({}): its decisions carry",
                r.was, r.from
            ));
        }
        let previous_status = match before.get(d.id.as_str()) {
            None => {
                out.new += 1;
                why.push("new integration: not in the previous run".to_string());
                None
            }
            Some(p) => {
                badge_changes(p, it, plan, &mut why);
                if p.status != Some(d.status) {
                    if p.status == Some(Status::Covered) {
                        why.push(format!("no longer covered: {}", d.reason));
                    } else if d.status == Status::Covered {
                        why.push(format!("now covered: {}", d.reason));
                    }
                }
                p.status
            }
        };
        let (applied, new) = analyst_causes(d, plan, previous, &deleted, &mut why);
        out.decisions_applied += applied;
        out.decisions_new += new;
        if let Some(prev) = previous.criteria.get(&d.id) {
            let aged = aged_past_the_limit(d, prev, plan);
            if !aged.is_empty() {
                why.push(format!("evidence aged past the limit: {}", aged.join(", ")));
            }
        }
        let changed = previous_status.is_some_and(|p| p != d.status);
        if changed {
            out.status_changed += 1;
            if mapping_changed {
                why.push(mapping_note.clone());
            }
            let must = before
                .get(d.id.as_str())
                .and_then(|p| p.must)
                .map(|(met, total)| {
                    format!(
                        "MUST met {met} of {total} → {} of {}",
                        d.must.met, d.must.total
                    )
                });
            if let Some(must) = must {
                why.insert(0, must);
            }
            if why.len() <= usize::from(must_line(&why)) {
                // Nothing else explains it: say what decides it now.
                why.push(format!("now {}: {}", d.status, d.reason));
            }
        }
        if changed || !why.is_empty() {
            out.changes.push(Change {
                id: d.id.clone(),
                member: it.member.to_string(),
                integration: it.name.to_string(),
                previous_status,
                new_status: Some(d.status),
                why,
            });
        }
    }
    possibly_renamed(previous, decisions, register, &mut out);
    vanished(previous, &now, &mut out);
    orphaned_decisions(previous, decisions, register, plan, &before, &mut out);
    // Status changes first, then the rest, each in register order.
    out.changes.sort_by_key(|c| {
        !(c.previous_status.is_some()
            && c.new_status.is_some()
            && c.previous_status != c.new_status)
    });
    out
}

/// Whether a cause list opens with the MUST-met line.
fn must_line(why: &[String]) -> bool {
    why.first().is_some_and(|w| w.starts_with("MUST met "))
}

/// Integrations of the previous run read from some of the same cells as a
/// new one, but not surely the same: both named, the old decisions kept
/// listed for the analyst to re-apply.
fn possibly_renamed(
    previous: &Previous,
    decisions: &[Decision],
    register: &Register,
    out: &mut Changes,
) {
    for r in previous.renames.iter().filter(|r| !r.certain) {
        let Some(d) = decisions.iter().find(|d| d.id == r.to) else {
            continue;
        };
        let it = &register.integrations[d.integration];
        out.changes.push(Change {
            id: d.id.clone(),
            member: it.member.to_string(),
            integration: it.name.to_string(),
            previous_status: None,
            new_status: Some(d.status),
            why: vec![format!(
                "possibly the same as {} ({}), read from some of the same cells: if it is, re-apply its decisions here, or give the two names in an aliases file",
                r.from, r.was
            )],
        });
    }
}

/// The criteria fully evidenced in the previous run that are partial now
/// because their evidence aged past the mapping's limit.
fn aged_past_the_limit<'p>(
    d: &Decision,
    prev: &HashMap<String, Evidence>,
    plan: &'p Plan,
) -> Vec<&'p str> {
    d.criteria
        .iter()
        .filter(|c| c.evidence == Evidence::Partial)
        .filter(|c| {
            matches!(
                c.support.as_ref().and_then(|s| s.downgrade.as_ref()),
                Some(Downgrade::Aged { .. })
            )
        })
        .map(|c| plan.criteria[usize::from(c.criterion)].id.as_str())
        .filter(|id| prev.get(*id) == Some(&Evidence::Full))
        .collect()
}

/// The integrations of the previous run that are no longer in the inputs.
fn vanished(previous: &Previous, now: &HashSet<&str>, out: &mut Changes) {
    for p in &previous.integrations {
        if !now.contains(p.id.as_str()) {
            out.vanished += 1;
            out.changes.push(Change {
                id: p.id.clone(),
                member: p.member.clone(),
                integration: p.integration.clone(),
                previous_status: p.status,
                new_status: None,
                why: vec!["no longer in the inputs".to_string()],
            });
        }
    }
}

fn badge_changes(
    p: &super::previous::PreviousIntegration,
    it: &crate::model::Integration,
    plan: &Plan,
    why: &mut Vec<String>,
) {
    let old: HashMap<&str, &str> = p
        .badges
        .iter()
        .map(|(l, v)| (l.as_str(), v.as_str()))
        .collect();
    for badge in plan.vocab.badge_ids() {
        let label = plan.vocab.badge(badge).label.as_str();
        let new = it
            .awards
            .get(&badge)
            .map(|a| a.date.map_or_else(|| "✓".to_string(), |d| d.to_string()));
        match (old.get(label), new) {
            (None, Some(n)) => why.push(format!(
                "new badge rows: {label} ({})",
                if n == "✓" { "undated" } else { &n }
            )),
            (Some(_), None) => why.push(format!("badge no longer found: {label}")),
            (Some(o), Some(n)) if *o != n => {
                why.push(format!("award date of {label} changed: {o} → {n}"));
            }
            _ => {}
        }
    }
}

/// The analyst's decisions of one integration that took effect this run
/// (new, or changed since the previous run), as causes; and the counts of
/// decisions in force and of those new.
fn analyst_causes(
    d: &Decision,
    plan: &Plan,
    previous: &Previous,
    deleted: &HashSet<&(String, String)>,
    why: &mut Vec<String>,
) -> (usize, usize) {
    let on_criteria = d.analyst.iter().filter_map(|(c, a)| {
        plan.criteria
            .get(usize::from(*c))
            .map(|k| (k.id.as_str(), a))
    });
    let on_action = d.action_decisions().map(|(action, a)| (action.id(), a));
    let (mut applied, mut new) = (0, 0);
    let mut by_verdict: Vec<(Verdict, Vec<String>)> = Vec::new();
    for (criterion, a) in on_criteria.chain(on_action) {
        let key = (d.id.clone(), criterion.to_string());
        let what = describe(a);
        if deleted.contains(&key) {
            let with = match (a.received_on.is_some(), a.comment.is_empty()) {
                (true, false) => ", with its date and comment",
                (true, true) => ", with its date",
                (false, false) => ", with its comment",
                (false, true) => "",
            };
            why.push(format!(
                "decision on a row you deleted: kept ({what} on {criterion}{with}; columns of your own on the row went with it); to drop it, clear its Decision cell rather than deleting the row"
            ));
        }
        if let Some(since) = previous
            .ledger
            .entries
            .get(&key)
            .and_then(|e| e.aside_since)
        {
            why.push(format!(
                "decision kept aside since {since} applies again: {what} on {criterion}"
            ));
        }
        let Some(verdict) = a.verdict else {
            continue;
        };
        applied += 1;
        if previous.ledger.holds(&key, a) {
            continue;
        }
        new += 1;
        if let Some(action) = crate::reconcile::OpenAction::of_id(criterion) {
            why.push(action_cause(action, verdict, a, d, plan));
            continue;
        }
        let label = match &a.request {
            Some(request) => format!("{criterion} (on request {request})"),
            None => criterion.to_string(),
        };
        match by_verdict.iter_mut().find(|(v, _)| *v == verdict) {
            Some((_, ids)) => ids.push(label),
            None => by_verdict.push((verdict, vec![label])),
        }
    }
    by_verdict.sort_by_key(|(v, _)| Verdict::ALL.iter().position(|x| x == v));
    for (verdict, ids) in by_verdict {
        let what = match verdict {
            Verdict::Accepted => "evidence accepted",
            Verdict::Rejected => "evidence rejected",
            Verdict::Waived => "waived",
        };
        why.push(format!("{what} this run: {}", ids.join(", ")));
    }
    (applied, new)
}

/// A decision as a message says it: its verdict, or "comment" (or
/// "unread decision") when it has none.
fn describe(a: &crate::reconcile::AnalystDecision) -> &'static str {
    match a.verdict {
        Some(v) => v.as_str(),
        None if a.received_on.is_some() => "date received",
        None => "comment",
    }
}

/// What an open action's decision did this run, in its own words.
fn action_cause(
    action: crate::reconcile::OpenAction,
    verdict: Verdict,
    a: &crate::reconcile::AnalystDecision,
    d: &Decision,
    plan: &Plan,
) -> String {
    use crate::reconcile::{OpenAction, WorkflowOrigin};
    let on = a
        .request
        .as_ref()
        .map(|r| format!(" (on request {r})"))
        .unwrap_or_default();
    match (action, verdict) {
        (OpenAction::ConfirmWorkflow, Verdict::Accepted)
            if d.workflow_origin == WorkflowOrigin::Analyst =>
        {
            let names: Vec<&str> = d
                .workflows
                .iter()
                .filter_map(|&w| plan.workflows.get(w).map(|w| w.id.as_str()))
                .collect();
            format!("workflow confirmed{on}: {}", names.join(", "))
        }
        (OpenAction::SettleReview, Verdict::Accepted | Verdict::Waived) => {
            format!("review settled this run{on}")
        }
        (OpenAction::ConfirmIntegration, Verdict::Waived) => {
            format!("retired this run{on}")
        }
        (action, verdict) => format!("{} {} this run{on}", action.id(), verdict.as_str()),
    }
}

/// Decisions that apply to nothing this run: an analyst's own kept aside
/// (they apply again when their integration or criterion returns); a
/// request's that no longer reach an integration they reached before.
fn orphaned_decisions(
    previous: &Previous,
    decisions: &[Decision],
    register: &Register,
    plan: &Plan,
    before: &HashMap<&str, &super::previous::PreviousIntegration>,
    out: &mut Changes,
) {
    let by_id: HashMap<&str, &Decision> = decisions.iter().map(|d| (d.id.as_str(), d)).collect();
    let mut keys: Vec<&(String, String)> = previous.decisions.keys().collect();
    keys.sort();
    let status_of = |id: &str| by_id.get(id).map(|d| d.status);
    let mut push = |id: &str, why: String| {
        let (member, integration, status) = match before.get(id) {
            Some(p) => (p.member.clone(), p.integration.clone(), p.status),
            None => (String::new(), String::new(), None),
        };
        out.changes.push(Change {
            id: id.to_string(),
            member,
            integration,
            previous_status: status,
            new_status: status_of(id),
            why: vec![why],
        });
    };
    let mut orphaned = 0;
    for key in keys {
        let (id, criterion) = key;
        let decision = &previous.decisions[key];
        if decision.request.is_some() {
            continue;
        }
        let action = crate::reconcile::OpenAction::of_id(criterion);
        let reason = match (by_id.get(id.as_str()), plan.criterion(criterion)) {
            (None, _) => match previous.renames.iter().find(|r| r.from == *id) {
                Some(r) => format!(
                    "the integration is no longer in the inputs; possibly it is {} now",
                    r.to
                ),
                None => "the integration is no longer in the inputs".to_string(),
            },
            (Some(d), _) if action.is_some_and(|a| d.on_action(a).is_none()) => {
                "the integration has no such action now".to_string()
            }
            (Some(_), None) if action.is_none() => format!(
                "criterion {criterion} is not in mapping {} {}",
                plan.id, plan.version
            ),
            (Some(d), Some(c)) if d.analyst(c as u16).is_none() => {
                format!("criterion {criterion} does not apply to the integration now")
            }
            _ => continue,
        };
        orphaned += 1;
        let comment = if decision.comment.is_empty() {
            String::new()
        } else {
            format!(" ({:?})", decision.comment)
        };
        let at = previous
            .decision_cells
            .get(key)
            .map(|c| format!(" at {c}"))
            .unwrap_or_default();
        push(
            id,
            format!(
                "decision kept aside: {} on {criterion}{comment}{at}, to apply again when it can; {reason}",
                describe(decision)
            ),
        );
    }
    out.decisions_orphaned += orphaned;
    // A request's decision that reached an integration (it applied in the
    // previous run, or the request listed it) and reaches it no more.
    let ids = crate::reconcile::stable_ids(register);
    let index: HashMap<&str, usize> = ids
        .iter()
        .enumerate()
        .map(|(i, id)| (id.as_str(), i))
        .collect();
    let mut reached: std::collections::BTreeSet<(String, String, String)> = previous
        .ledger
        .entries
        .iter()
        .filter_map(|(key, e)| Some((key.0.clone(), key.1.clone(), e.request.clone()?)))
        .collect();
    for (rid, note) in &previous.requests {
        if note.entered.decides() {
            for id in &note.integrations {
                reached.insert((id.clone(), note.criterion.clone(), rid.clone()));
            }
        }
    }
    for (id, criterion, request) in reached {
        let key = (id.clone(), criterion.clone());
        let in_force = previous
            .decisions
            .get(&key)
            .is_some_and(|a| a.request.as_deref() == Some(request.as_str()));
        let own = previous
            .decisions
            .get(&key)
            .is_some_and(|a| a.request.is_none());
        if in_force || own {
            continue;
        }
        let Some(&i) = index.get(id.as_str()) else {
            // Gone from the inputs: said among the vanished.
            continue;
        };
        let note = previous.requests.get(&request);
        let reason = if note.is_some_and(|n| n.entered.decides()) {
            let addressee = plan
                .criterion(&criterion)
                .map(|c| plan.criteria[c].addressee);
            let now = crate::reconcile::request::request_of(
                &register.integrations[i],
                addressee,
                &criterion,
            );
            format!("it is no longer in request {request} (it is asked in {now} now: its product or member changed)")
        } else {
            format!("request {request} no longer decides (its decision was cleared)")
        };
        let verdict = note
            .and_then(|n| n.entered.decision.verdict())
            .or_else(|| previous.ledger.entries.get(&key).and_then(|e| e.verdict))
            .map_or("decision", Verdict::as_str);
        push(
            &id,
            format!("decision no longer in force: {verdict} on {criterion} (on request {request}); {reason}"),
        );
    }
}
