//! Facts about one badge of one integration that disagree: one source says
//! awarded, another says not awarded or in progress. Each is an issue naming
//! both cells, and the integration goes to review with the contradiction as
//! its reason; the award itself stands (a person decides).

use super::register::{BadgeFact, Encoding, Register};
use crate::issue::{Issue, Severity};
use crate::model::Location;
use crate::vocab::Vocabulary;

/// Finds the contradictions of every integration of the register.
pub(super) fn contradictions(register: &mut Register, vocab: &Vocabulary, issues: &mut Vec<Issue>) {
    let mut found = Vec::new();
    for (i, it) in register.integrations.iter().enumerate() {
        for fact in it.other_facts.iter().filter(|f| says_not_awarded(f)) {
            let Some(award) = it.awards.get(&fact.badge) else {
                continue;
            };
            let Some(awarded) = award.facts.first() else {
                continue;
            };
            found.push((i, awarded.clone(), fact.clone()));
        }
    }
    for (i, awarded, denied) in found {
        let at = |f: &BadgeFact| {
            let there = register.source(f.source);
            Location {
                file: there.file.clone(),
                sheet: there.sheet.clone(),
                cell: Some(there.cell(f.source)),
            }
        };
        let label = &vocab.badge(denied.badge).label;
        let status = denied.not_awarded.as_deref().unwrap_or_default();
        let text = format!(
            "contradicting {label} facts: awarded at {}, but {status:?} at {}",
            at(&awarded),
            at(&denied)
        );
        let there = register.source(denied.source);
        issues.push(
            Issue::new(Severity::Warning, &there.file, text.clone())
                .sheet(there.sheet.as_deref())
                .cell(there.cell(denied.source))
                .value(&denied.text)
                .action(
                    "award kept; integration marked for review; correct the source that is wrong",
                ),
        );
        if let Some(it) = register.integrations.get_mut(i) {
            it.add_problem(text);
        }
    }
}

/// A fact that says the badge was not awarded (a status, an awarded flag).
/// Unclear cells are problems already; a cumulative level not awarded says
/// nothing of the lower badges it expands to.
fn says_not_awarded(fact: &BadgeFact) -> bool {
    match fact.not_awarded.as_deref() {
        None => false,
        Some(status) => fact.encoding != Encoding::Level && status != &*fact.text,
    }
}
