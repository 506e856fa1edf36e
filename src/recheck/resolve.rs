//! Which decision is in force for each criterion (and open action) of each
//! integration, from where the analyst made it. A Worklist row's own
//! decision wins; otherwise its request's applies, on every run until the
//! request changes, and is shown on the row as inherited, never copied into
//! the row's own cells. A row and its request that disagree are an issue
//! naming both cells. A decided row the analyst deleted keeps its decision
//! (from the ledger of the run that wrote it), and Changes says so. Pure.

use super::previous::{Key, Previous};
use super::Entered;
use crate::issue::{Issue, Severity};

/// Fills `previous.decisions` (and where each was read), restores the rows
/// the analyst deleted, and raises an issue for each row that disagrees
/// with its request.
pub fn resolve(previous: &mut Previous) {
    let mut keys: Vec<Key> = previous.rows.keys().cloned().collect();
    keys.sort();
    for key in keys {
        if let Some(own) = previous.rows.get(&key) {
            previous.decisions.insert(key.clone(), own.decision(None));
            previous.decision_cells.insert(key, own.at.clone());
        }
    }
    // A deleted decided row is restored before its request applies: the
    // decision was the row's own.
    deleted_rows(previous);
    let mut requests: Vec<String> = previous.requests.keys().cloned().collect();
    requests.sort();
    for id in requests {
        let Some(note) = previous.requests.get(&id).cloned() else {
            continue;
        };
        if !note.entered.decides() {
            continue;
        }
        for integration in &note.integrations {
            let key = (integration.clone(), note.criterion.clone());
            match previous.rows.get(&key) {
                Some(own) if own.decides() => {
                    if !agree(own, &note.entered) {
                        let issue = disagreement(previous, &key, own, &id, &note.entered);
                        previous.issues.push(issue);
                    }
                }
                _ => {
                    previous
                        .decisions
                        .insert(key.clone(), note.entered.decision(Some(&id)));
                    previous.decision_cells.insert(key, note.entered.at.clone());
                }
            }
        }
    }
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

/// A row whose decision the previous run applied but its Worklist no
/// longer holds was deleted by the analyst: the decision is kept, the row
/// restored with it.
fn deleted_rows(previous: &mut Previous) {
    let mut gone: Vec<(Key, super::LedgerEntry)> = previous
        .ledger
        .entries
        .iter()
        .filter(|(key, e)| {
            e.request.is_none()
                && !previous.listed.contains(*key)
                && !previous.rows.contains_key(*key)
        })
        .map(|(k, e)| (k.clone(), e.clone()))
        .collect();
    if previous.listed.is_empty() {
        // No Worklist read at all: nothing was deleted row by row.
        return;
    }
    gone.sort_by(|a, b| a.0.cmp(&b.0));
    for (key, entry) in gone {
        let decision = entry.decision();
        previous.rows.insert(
            key.clone(),
            Entered {
                decision: decision.verdict.map_or(
                    super::entered::DecisionCell::Blank,
                    super::entered::DecisionCell::Verdict,
                ),
                received_on: decision.received_on.map_or(
                    super::entered::DateCell::Blank,
                    super::entered::DateCell::Date,
                ),
                comment: decision.comment.clone(),
                sent_on: super::entered::DateCell::Blank,
                at: "a Worklist row since deleted".to_string(),
            },
        );
        previous
            .decision_cells
            .insert(key.clone(), "a Worklist row since deleted".to_string());
        previous.decisions.insert(key.clone(), decision);
        previous.deleted_rows.push(key);
    }
}
