//! Which decision is in force for each criterion (and open action) of each
//! integration, from where the analyst made it. A Worklist row's own
//! decision wins; otherwise its request's applies: to every integration the
//! request has *in this run* (found by the request's id, as the report
//! groups the Worklist, so an integration that moved to another request is
//! no longer decided by the old one, and one that joined is), on every run
//! until the request changes. It is shown on the row as inherited, never
//! copied into the row's own cells. A row and its request that disagree are
//! an issue naming both cells. A decided row the analyst deleted keeps its
//! decision (from the ledger of the run that wrote it), and so does a
//! decision kept aside while its integration or criterion was absent; each
//! is written back on its row, and Changes says so. Pure.

use super::entered::{DateCell, DecisionCell};
use super::previous::{Key, Previous};
use super::{Entered, LedgerEntry};
use crate::ingest::register::Register;
use crate::issue::{Issue, Severity};
use crate::mapping::Plan;
use std::collections::HashMap;

/// Fills `previous.decisions` (and where each was read), restores the rows
/// the analyst deleted and the decisions kept aside, and applies each
/// decided request to the integrations it has in `register`, raising an
/// issue for each row that disagrees with its request.
pub fn resolve(previous: &mut Previous, register: &Register, plan: &Plan) {
    let mut keys: Vec<Key> = previous.rows.keys().cloned().collect();
    keys.sort();
    for key in keys {
        if let Some(own) = previous.rows.get(&key) {
            previous.decisions.insert(key.clone(), own.decision(None));
            previous.decision_cells.insert(key, own.at.clone());
        }
    }
    kept_aside(previous);
    // A deleted decided row is restored before its request applies: the
    // decision was the row's own.
    deleted_rows(previous);
    requests(previous, register, plan);
}

/// Applies each decided request to the integrations that are in it in this
/// run: those whose criterion (or open action) the request's id names.
fn requests(previous: &mut Previous, register: &Register, plan: &Plan) {
    let decided: HashMap<String, Entered> = previous
        .requests
        .iter()
        .filter(|(_, note)| note.entered.decides())
        .map(|(id, note)| (id.clone(), note.entered.clone()))
        .collect();
    if decided.is_empty() {
        return;
    }
    // The topics asked about, each with its addressee (none for an action).
    let mut topics: Vec<(String, Option<crate::mapping::plan::Addressee>)> = Vec::new();
    for note in previous.requests.values() {
        if !note.entered.decides() || topics.iter().any(|(t, _)| *t == note.criterion) {
            continue;
        }
        let addressee = match plan.criterion(&note.criterion) {
            Some(i) => Some(plan.criteria[i].addressee),
            None if crate::layout::action::is_action(&note.criterion) => None,
            // A criterion the mapping no longer has: nothing to apply to.
            None => continue,
        };
        topics.push((note.criterion.clone(), addressee));
    }
    topics.sort();
    let ids = crate::reconcile::stable_ids(register);
    let mut members: HashMap<String, Vec<String>> = HashMap::new();
    for (it, id) in register.integrations.iter().zip(&ids) {
        for (topic, addressee) in &topics {
            let rid = crate::reconcile::request::request_of(it, *addressee, topic).to_string();
            let Some(entered) = decided.get(&rid) else {
                continue;
            };
            members.entry(rid.clone()).or_default().push(id.clone());
            let key = (id.clone(), topic.clone());
            match previous.rows.get(&key) {
                Some(own) if own.decides() => {
                    if !agree(own, entered) {
                        let issue = disagreement(previous, &key, own, &rid, entered);
                        previous.issues.push(issue);
                    }
                }
                _ => {
                    previous
                        .decisions
                        .insert(key.clone(), entered.decision(Some(&rid)));
                    previous.decision_cells.insert(key, entered.at.clone());
                }
            }
        }
    }
    previous.request_members = members;
}

/// The row and the request say the same (a row may add its own comment).
fn agree(own: &Entered, request: &Entered) -> bool {
    own.decision.verdict() == request.decision.verdict()
        && own.received_on.date() == request.received_on.date()
}

fn disagreement(
    previous: &Previous,
    key: &Key,
    own: &Entered,
    request: &str,
    theirs: &Entered,
) -> Issue {
    let say = |e: &Entered| {
        let verdict = e.decision.verdict().map_or("no decision", |v| v.as_str());
        match e.received_on.date() {
            Some(d) => format!("{verdict}, received {d}"),
            None => verdict.to_string(),
        }
    };
    Issue::new(
        Severity::Warning,
        &previous.path,
        format!(
            "request {request} ({}) says {}, but the row of {} / {} ({}) says {}",
            theirs.at,
            say(theirs),
            key.0,
            key.1,
            own.at,
            say(own)
        ),
    )
    .action("the row's own decision is in force for its integration; clear one of the two if that is wrong")
}

/// A ledger entry as the analyst's cells of its row: written back so.
fn as_entered(entry: &LedgerEntry, at: &str) -> Entered {
    let decision = entry.decision();
    Entered {
        decision: decision
            .verdict
            .map_or(DecisionCell::Blank, DecisionCell::Verdict),
        received_on: decision.received_on.map_or(DateCell::Blank, DateCell::Date),
        comment: decision.comment,
        sent_on: DateCell::Blank,
        at: at.to_string(),
    }
}

/// Decisions of the analyst's own rows that the previous run kept aside
/// (their integration absent, their criterion not applicable): in force
/// again, written back on their row should it return.
fn kept_aside(previous: &mut Previous) {
    let mut aside: Vec<(Key, LedgerEntry)> = previous
        .ledger
        .entries
        .iter()
        .filter(|(key, e)| {
            e.request.is_none() && e.aside_since.is_some() && !previous.rows.contains_key(*key)
        })
        .map(|(k, e)| (k.clone(), e.clone()))
        .collect();
    aside.sort_by(|a, b| a.0.cmp(&b.0));
    for (key, entry) in aside {
        let since = entry.aside_since.map(|d| d.to_string()).unwrap_or_default();
        let at = format!("a decision kept aside since {since}");
        previous.rows.insert(key.clone(), as_entered(&entry, &at));
        previous.decision_cells.insert(key.clone(), at);
        previous.decisions.insert(key, entry.decision());
    }
}

/// A row whose decision the previous run applied but its Worklist no
/// longer holds was deleted by the analyst: the decision is kept, the row
/// restored with it.
fn deleted_rows(previous: &mut Previous) {
    if previous.listed.is_empty() {
        // No Worklist read at all: nothing was deleted row by row.
        return;
    }
    let mut gone: Vec<(Key, LedgerEntry)> = previous
        .ledger
        .entries
        .iter()
        .filter(|(key, e)| {
            e.request.is_none()
                && e.aside_since.is_none()
                && !previous.listed.contains(*key)
                && !previous.rows.contains_key(*key)
        })
        .map(|(k, e)| (k.clone(), e.clone()))
        .collect();
    gone.sort_by(|a, b| a.0.cmp(&b.0));
    const AT: &str = "a Worklist row since deleted";
    for (key, entry) in gone {
        previous.rows.insert(key.clone(), as_entered(&entry, AT));
        previous.decision_cells.insert(key.clone(), AT.to_string());
        previous.decisions.insert(key.clone(), entry.decision());
        previous.deleted_rows.push(key);
    }
}
