//! What changed since the previous run, and why: per integration the
//! previous and new status with their causes, new and vanished integrations,
//! and analysts' decisions that no longer apply. Pure.

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
    pub decisions_applied: usize,
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

    for d in decisions {
        let it = &register.integrations[d.integration];
        let mut why = Vec::new();
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
        analyst_causes(d, plan, &mut why, &mut out.decisions_applied);
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
    vanished(previous, &now, &mut out);
    orphaned_decisions(previous, decisions, plan, &before, &mut out);
    out
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

fn analyst_causes(d: &Decision, plan: &Plan, why: &mut Vec<String>, applied: &mut usize) {
    for verdict in [Verdict::Accepted, Verdict::Rejected, Verdict::Waived] {
        let ids: Vec<String> = d
            .criteria
            .iter()
            .filter_map(|c| {
                let a = d
                    .analyst(c.criterion)
                    .filter(|a| a.verdict == Some(verdict))?;
                let id = &plan.criteria[usize::from(c.criterion)].id;
                Some(match &a.request {
                    Some(request) => format!("{id} (on request {request})"),
                    None => id.clone(),
                })
            })
            .collect();
        if !ids.is_empty() {
            *applied += ids.len();
            let what = match verdict {
                Verdict::Accepted => "evidence accepted",
                Verdict::Rejected => "evidence rejected",
                Verdict::Waived => "waived",
            };
            why.push(format!("{what}: {}", ids.join(", ")));
        }
    }
}

fn orphaned_decisions(
    previous: &Previous,
    decisions: &[Decision],
    plan: &Plan,
    before: &HashMap<&str, &super::previous::PreviousIntegration>,
    out: &mut Changes,
) {
    let by_id: HashMap<&str, &Decision> = decisions.iter().map(|d| (d.id.as_str(), d)).collect();
    let mut keys: Vec<&(String, String)> = previous.decisions.keys().collect();
    keys.sort();
    for key in keys {
        let (id, criterion) = key;
        if crate::layout::action::is_action(criterion) {
            continue;
        }
        let decision = &previous.decisions[key];
        let reason = match (by_id.get(id.as_str()), plan.criterion(criterion)) {
            (None, _) => "the integration is no longer in the inputs".to_string(),
            (Some(_), None) => format!(
                "criterion {criterion} is not in mapping {} {}",
                plan.id, plan.version
            ),
            (Some(d), Some(c)) if d.result(c).is_none() => {
                format!("criterion {criterion} no longer applies to the integration's workflows")
            }
            _ => continue,
        };
        out.decisions_orphaned += 1;
        let what = decision.verdict.map_or("comment", |v| v.as_str());
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
        let (member, integration, status) = match before.get(id.as_str()) {
            Some(p) => (p.member.clone(), p.integration.clone(), p.status),
            None => (String::new(), String::new(), None),
        };
        out.changes.push(Change {
            id: id.clone(),
            member,
            integration,
            previous_status: status,
            new_status: by_id.get(id.as_str()).map(|d| d.status),
            why: vec![format!(
                "decision no longer applies: {what} on {criterion}{comment}{at}; {reason}"
            )],
        });
    }
}
