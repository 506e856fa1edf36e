//! The tables of the reconciled output, defined once: each streams its rows
//! to whichever writer asks (workbook sheet, CSV file).

use super::Report;
use crate::layout::{heading, sheet};
use crate::mapping::plan::Strength;
use crate::model::AwardDate;
use crate::model::{Attr, BadgeFact};
use crate::reconcile::{CriterionResult, Decision, Evidence, Status, Verdict};
use chrono::NaiveDate;
use std::borrow::Cow;
use std::ops::Range;

/// One output cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell<'a> {
    Text(Cow<'a, str>),
    Int(i64),
    Date(NaiveDate),
    /// An https link, written as a hyperlink where the format allows.
    Url(&'a str),
    Blank,
}

impl<'a> Cell<'a> {
    pub fn text(s: &'a str) -> Self {
        if s.is_empty() {
            Cell::Blank
        } else {
            Cell::Text(Cow::Borrowed(s))
        }
    }

    pub fn owned(s: String) -> Self {
        if s.is_empty() {
            Cell::Blank
        } else {
            Cell::Text(Cow::Owned(s))
        }
    }

    /// A day-precise date as a date; a month-only one as `2020-12`.
    pub fn award_date(d: AwardDate) -> Self {
        if d.month_only {
            Cell::owned(d.to_string())
        } else {
            Cell::Date(d.date)
        }
    }

    /// The cell as plain text (CSV).
    pub fn plain(&self) -> Cow<'_, str> {
        match self {
            Cell::Text(t) => Cow::Borrowed(t.as_ref()),
            Cell::Int(n) => Cow::Owned(n.to_string()),
            Cell::Date(d) => Cow::Owned(d.format("%Y-%m-%d").to_string()),
            Cell::Url(u) => Cow::Borrowed(u),
            Cell::Blank => Cow::Borrowed(""),
        }
    }
}

/// How a column should look in the workbook.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnKind {
    Text,
    /// Long text: wider, wrapped.
    Prose,
    Number,
    Date,
    Status,
    Evidence,
    /// MUST / SHOULD / MAY.
    Level,
    /// An analyst's verdict: a dropdown of the verdicts.
    Decision,
    /// A date an analyst types: only dates are accepted.
    DateEntry,
}

/// A criterion's cell when the mapping does not apply it to the integration.
pub const NOT_APPLICABLE: &str = "n/a";
/// A criterion's cell when a certified product covers the integration, so
/// no criterion needs evidence of its own.
pub const COVERED: &str = "n/a: covered";
/// The missing-criteria text of a covered integration.
pub const COVERED_BY_CERTIFICATION: &str = "n/a: covered by certification";

/// Every output table, once, in the order the workbook shows them. The
/// workbook, the CSV writer and the overwrite guard all iterate [`TableId::ALL`],
/// so a new table is one variant here, its [`Table`] impl, and the compiler
/// pointing at every `match` that must say something about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableId {
    Changes,
    Integrations,
    Criteria,
    Worklist,
    Issues,
    MappingCriteria,
    MappingRules,
    Sources,
}

impl TableId {
    pub const ALL: [TableId; 8] = [
        TableId::Changes,
        TableId::Integrations,
        TableId::Criteria,
        TableId::Worklist,
        TableId::Issues,
        TableId::MappingCriteria,
        TableId::MappingRules,
        TableId::Sources,
    ];

    /// The sheet's name.
    pub fn name(self) -> &'static str {
        match self {
            TableId::Changes => "Changes",
            TableId::Integrations => sheet::INTEGRATIONS,
            TableId::Criteria => sheet::CRITERIA,
            TableId::Worklist => sheet::WORKLIST,
            TableId::Issues => "Issues",
            TableId::MappingCriteria => "Mapping criteria",
            TableId::MappingRules => "Mapping rules",
            TableId::Sources => "Sources",
        }
    }

    /// The CSV file the table is written to.
    pub fn csv_file(self) -> String {
        format!("{}.csv", self.name().to_lowercase().replace(' ', "-"))
    }

    /// Whether a run writes the table: Changes only on a re-check.
    pub fn written(self, recheck: bool) -> bool {
        self != TableId::Changes || recheck
    }

    /// The tables a run writes, in order.
    pub fn written_by(recheck: bool) -> impl Iterator<Item = TableId> {
        TableId::ALL.into_iter().filter(move |t| t.written(recheck))
    }

    /// The table itself, over a report.
    pub fn over<'r, 'a>(self, r: &'r Report<'a>) -> Box<dyn Table + Sync + 'r> {
        match self {
            TableId::Changes => Box::new(Changes(r)),
            TableId::Integrations => Box::new(Integrations(r)),
            TableId::Criteria => Box::new(Criteria(r)),
            TableId::Worklist => Box::new(Worklist(r)),
            TableId::Issues => Box::new(Issues(r)),
            TableId::MappingCriteria => Box::new(MappingCriteria(r)),
            TableId::MappingRules => Box::new(MappingRules(r)),
            TableId::Sources => Box::new(Sources(r)),
        }
    }
}

/// A table every output writes.
pub trait Table {
    /// Which table it is.
    fn id(&self) -> TableId;
    /// Sheet name.
    fn name(&self) -> &'static str {
        self.id().name()
    }
    fn columns(&self) -> Vec<(String, ColumnKind)>;
    /// The number of rows [`Table::rows`] emits, known before writing.
    fn row_count(&self) -> usize;
    fn rows(&self, emit: &mut dyn FnMut(&[Cell<'_>]));

    /// Rows `range` of [`Table::rows`] (a sheet's worth of a long table).
    /// Tables long enough to span sheets skip ahead without making the rows
    /// they skip.
    fn rows_in(&self, range: Range<usize>, emit: &mut dyn FnMut(&[Cell<'_>])) {
        let mut index = 0;
        self.rows(&mut |cells| {
            if range.contains(&index) {
                emit(cells);
            }
            index += 1;
        });
    }
}

pub struct Integrations<'r, 'a>(pub &'r Report<'a>);
pub struct Criteria<'r, 'a>(pub &'r Report<'a>);
pub struct Worklist<'r, 'a>(pub &'r Report<'a>);
pub struct Issues<'r, 'a>(pub &'r Report<'a>);
pub struct Sources<'r, 'a>(pub &'r Report<'a>);
pub struct MappingCriteria<'r, 'a>(pub &'r Report<'a>);
pub struct Changes<'r, 'a>(pub &'r Report<'a>);
pub struct MappingRules<'r, 'a>(pub &'r Report<'a>);

fn cols(spec: &[(&str, ColumnKind)]) -> Vec<(String, ColumnKind)> {
    spec.iter().map(|(h, k)| (h.to_string(), *k)).collect()
}

impl Table for Integrations<'_, '_> {
    fn id(&self) -> TableId {
        TableId::Integrations
    }

    fn columns(&self) -> Vec<(String, ColumnKind)> {
        use ColumnKind::*;
        let mut c = cols(&[
            (heading::ID, Text),
            (heading::MEMBER, Text),
            (heading::INTEGRATION, Text),
            ("Product", Text),
            ("Sector", Text),
            ("Country", Text),
            ("Consortium", Text),
            (heading::WORKFLOWS, Text),
        ]);
        c.extend(
            self.0
                .mapping
                .plan
                .vocab
                .badges
                .iter()
                .map(|b| (b.label.clone(), Date)),
        );
        c.extend(cols(&[
            (heading::STATUS, Status),
            ("MUST met", Number),
            ("MUST total", Number),
            ("Missing MUST criteria", Prose),
            ("Reason", Prose),
        ]));
        c
    }

    fn row_count(&self) -> usize {
        self.0.decisions.len()
    }

    fn rows(&self, emit: &mut dyn FnMut(&[Cell<'_>])) {
        let r = self.0;
        let plan = &r.mapping.plan;
        let mut row: Vec<Cell<'_>> = Vec::new();
        for d in r.decisions {
            let it = r.integration(d);
            row.clear();
            row.push(Cell::text(&d.id));
            row.push(Cell::text(&it.member));
            row.push(Cell::text(&it.name));
            for attr in [Attr::Product, Attr::Sector, Attr::Country, Attr::Consortium] {
                row.push(it.attr(attr).map_or(Cell::Blank, Cell::text));
            }
            row.push(Cell::owned(workflow_ids(r, d)));
            for badge in plan.vocab.badge_ids() {
                row.push(match it.awards.get(&badge) {
                    Some(award) => award.date.map_or(Cell::text("✓"), Cell::award_date),
                    None => Cell::Blank,
                });
            }
            row.push(Cell::text(d.status.as_str()));
            if d.status == Status::Covered {
                // A certified product covers it: its own criteria are not
                // needed, so no count or gap is shown.
                row.extend([
                    Cell::Blank,
                    Cell::Blank,
                    Cell::text(COVERED_BY_CERTIFICATION),
                ]);
            } else {
                row.push(Cell::Int(d.must_met as i64));
                row.push(Cell::Int(d.must_total as i64));
                let missing: Vec<&str> = d
                    .must_gaps(plan)
                    .map(|g| plan.criteria[usize::from(g.criterion)].id.as_str())
                    .collect();
                row.push(Cell::owned(missing.join(", ")));
            }
            row.push(Cell::text(&d.reason));
            emit(&row);
        }
    }
}

/// Workflow ids of a decision, `;`-separated.
pub fn workflow_ids(r: &Report<'_>, d: &Decision) -> String {
    let ids: Vec<&str> = d
        .workflows
        .iter()
        .map(|&w| r.mapping.plan.workflows[w].id.as_str())
        .collect();
    ids.join("; ")
}

impl Table for Criteria<'_, '_> {
    fn id(&self) -> TableId {
        TableId::Criteria
    }

    fn columns(&self) -> Vec<(String, ColumnKind)> {
        use ColumnKind::*;
        let mut c = cols(&[
            (heading::ID, Text),
            (heading::MEMBER, Text),
            (heading::INTEGRATION, Text),
            (heading::STATUS, Status),
        ]);
        c.extend(
            self.0
                .mapping
                .plan
                .criteria
                .iter()
                .map(|k| (k.id.clone(), Evidence)),
        );
        c
    }

    fn row_count(&self) -> usize {
        self.0.decisions.len()
    }

    fn rows(&self, emit: &mut dyn FnMut(&[Cell<'_>])) {
        let r = self.0;
        let mut row: Vec<Cell<'_>> = Vec::new();
        for d in r.decisions {
            let it = r.integration(d);
            row.clear();
            row.push(Cell::text(&d.id));
            row.push(Cell::text(&it.member));
            row.push(Cell::text(&it.name));
            row.push(Cell::text(d.status.as_str()));
            let covered = d.status == Status::Covered;
            for i in 0..r.mapping.plan.criteria.len() {
                row.push(Cell::text(match d.result(i) {
                    None => NOT_APPLICABLE,
                    Some(_) if covered => COVERED,
                    Some(res) => res.evidence.as_str(),
                }));
            }
            emit(&row);
        }
    }
}

/// What the worklist says about a criterion's current evidence.
pub fn describe_evidence(r: &Report<'_>, d: &Decision, result: &CriterionResult) -> String {
    if result.evidence == Evidence::Waived {
        return "waived by an analyst".to_string();
    }
    let Some(s) = &result.support else {
        return match d.analyst(result.criterion).and_then(|a| a.verdict) {
            Some(Verdict::Rejected) => "none: the evidence offered was rejected".to_string(),
            _ => "none".to_string(),
        };
    };
    let plan = &r.mapping.plan;
    let mut text = match s.rule {
        None => format!(
            "{}: evidence accepted by an analyst, received {}",
            result.evidence.as_str(),
            s.date
                .map_or_else(|| "(no date)".to_string(), |d| d.to_string())
        ),
        Some(rule) => {
            let rule = &plan.rules[usize::from(rule)];
            let badges: Vec<&str> = rule
                .badges
                .iter()
                .map(|b| plan.vocab.badge(*b).label.as_str())
                .collect();
            let what = if badges.is_empty() {
                "recorded facts".to_string()
            } else {
                badges.join(" + ")
            };
            let when = match s.date {
                Some(d) => format!(" awarded {d}"),
                None if badges.is_empty() => String::new(),
                None => " (undated)".to_string(),
            };
            format!(
                "{}: {what}{when}, rule {}",
                result.evidence.as_str(),
                rule.id
            )
        }
    };
    if let Some(source) = s.source {
        let (file, sheet, cell) = r.locate(source);
        let sheet = if sheet.is_empty() {
            String::new()
        } else {
            format!(" › {sheet}")
        };
        text.push_str(&format!(", from {file}{sheet} › {cell}"));
    }
    if s.granted == Strength::Full && result.evidence != Evidence::Full {
        if let Some(down) = &s.downgrade {
            text.push_str("; ");
            text.push_str(&down.describe());
        }
    }
    text
}

impl Table for Worklist<'_, '_> {
    fn id(&self) -> TableId {
        TableId::Worklist
    }

    fn columns(&self) -> Vec<(String, ColumnKind)> {
        use ColumnKind::*;
        cols(&[
            (heading::ID, Text),
            (heading::MEMBER, Text),
            (heading::INTEGRATION, Text),
            ("Product", Text),
            ("MUST gaps", Number),
            (heading::CRITERION, Text),
            ("Title", Prose),
            ("Level", Level),
            ("Current evidence", Prose),
            ("Evidence request", Prose),
            (heading::RECEIVED_ON, DateEntry),
            (heading::DECISION, Decision),
            (heading::COMMENT, Prose),
        ])
    }

    fn row_count(&self) -> usize {
        self.0.worklist_len()
    }

    fn rows(&self, emit: &mut dyn FnMut(&[Cell<'_>])) {
        self.rows_in(0..usize::MAX, emit);
    }

    fn rows_in(&self, range: Range<usize>, emit: &mut dyn FnMut(&[Cell<'_>])) {
        let r = self.0;
        let plan = &r.mapping.plan;
        let mut row: Vec<Cell<'_>> = Vec::new();
        let counted = r.worklist_order().iter().copied();
        for (index, rows) in overlapping(counted, &range) {
            let Some(d) = r.decisions.get(index) else {
                continue;
            };
            let it = r.integration(d);
            let gaps = d.must_gaps(plan).count() as i64;
            let results = r.worklist_rows(d);
            for (result, n) in results.into_iter().zip(rows) {
                if !range.contains(&n) {
                    continue;
                }
                let criterion = &plan.criteria[usize::from(result.criterion)];
                row.clear();
                row.push(Cell::text(&d.id));
                row.push(Cell::text(&it.member));
                row.push(Cell::text(&it.name));
                row.push(it.attr(Attr::Product).map_or(Cell::Blank, Cell::text));
                row.push(Cell::Int(gaps));
                row.push(Cell::text(&criterion.id));
                row.push(Cell::text(&criterion.title));
                row.push(Cell::owned(criterion.level.to_string()));
                row.push(Cell::owned(describe_evidence(r, d, result)));
                row.push(Cell::text(&criterion.evidence_request));
                match d.analyst(result.criterion) {
                    Some(a) => {
                        row.push(a.received_on.map_or(Cell::Blank, Cell::Date));
                        row.push(a.verdict.map_or(Cell::Blank, |v| Cell::text(v.as_str())));
                        row.push(Cell::text(&a.comment));
                    }
                    None => row.extend([Cell::Blank, Cell::Blank, Cell::Blank]),
                }
                emit(&row);
            }
        }
    }
}

impl Table for Issues<'_, '_> {
    fn id(&self) -> TableId {
        TableId::Issues
    }

    fn columns(&self) -> Vec<(String, ColumnKind)> {
        use ColumnKind::*;
        cols(&[
            ("Severity", Text),
            (heading::ID, Text),
            (heading::MEMBER, Text),
            (heading::INTEGRATION, Text),
            ("File", Text),
            ("Sheet", Text),
            ("Cell", Text),
            ("Value", Text),
            ("Message", Prose),
            ("Action taken", Prose),
        ])
    }

    fn row_count(&self) -> usize {
        self.0.issues.len()
    }

    fn rows(&self, emit: &mut dyn FnMut(&[Cell<'_>])) {
        let r = self.0;
        for (i, owner) in r.issues.iter().zip(r.issue_owners()) {
            let owner = owner.and_then(|d| r.decisions.get(d));
            let it = owner.map(|d| r.integration(d));
            emit(&[
                Cell::owned(i.severity.to_string()),
                owner.map_or(Cell::Blank, |d| Cell::text(&d.id)),
                it.map_or(Cell::Blank, |it| Cell::text(&it.member)),
                it.map_or(Cell::Blank, |it| Cell::text(&it.name)),
                Cell::text(&i.file),
                i.sheet.as_deref().map_or(Cell::Blank, Cell::text),
                i.cell.as_deref().map_or(Cell::Blank, Cell::text),
                i.value.as_deref().map_or(Cell::Blank, Cell::text),
                Cell::text(&i.message),
                Cell::text(&i.action),
            ]);
        }
    }
}

impl Table for Sources<'_, '_> {
    fn id(&self) -> TableId {
        TableId::Sources
    }

    fn columns(&self) -> Vec<(String, ColumnKind)> {
        use ColumnKind::*;
        cols(&[
            (heading::ID, Text),
            (heading::MEMBER, Text),
            (heading::INTEGRATION, Text),
            ("Badge", Text),
            ("Awarded", Text),
            ("Date", Date),
            ("Encoding", Text),
            ("Cell text", Text),
            ("File", Text),
            ("Sheet", Text),
            ("Cell", Text),
        ])
    }

    fn row_count(&self) -> usize {
        self.0
            .decisions
            .iter()
            .map(|d| fact_count(self.0.integration(d)))
            .sum()
    }

    fn rows(&self, emit: &mut dyn FnMut(&[Cell<'_>])) {
        self.rows_in(0..usize::MAX, emit);
    }

    fn rows_in(&self, range: Range<usize>, emit: &mut dyn FnMut(&[Cell<'_>])) {
        let r = self.0;
        let vocab = &r.mapping.plan.vocab;
        let counted = r
            .decisions
            .iter()
            .map(|d| (d, fact_count(r.integration(d))));
        for (d, rows) in overlapping(counted, &range) {
            let it = r.integration(d);
            let facts = it
                .awards
                .values()
                .flat_map(|a| a.facts.iter())
                .chain(&it.other_facts)
                .zip(rows)
                .filter(|(_, n)| range.contains(n))
                .map(|(f, _)| f);
            for f in facts {
                let (file, sheet, cell) = r.locate(f.source);
                emit(&[
                    Cell::text(&d.id),
                    Cell::text(&it.member),
                    Cell::text(&it.name),
                    Cell::text(&vocab.badge(f.badge).label),
                    awarded_text(f),
                    f.date.map_or(Cell::Blank, Cell::award_date),
                    Cell::text(f.encoding.describe()),
                    Cell::text(&f.text),
                    Cell::owned(file),
                    Cell::owned(sheet),
                    Cell::owned(cell),
                ]);
            }
        }
    }
}

fn awarded_text(f: &BadgeFact) -> Cell<'_> {
    match &f.not_awarded {
        None => Cell::text("yes"),
        Some(status) => Cell::owned(format!("no: {status}")),
    }
}

impl Table for MappingCriteria<'_, '_> {
    fn id(&self) -> TableId {
        TableId::MappingCriteria
    }

    fn columns(&self) -> Vec<(String, ColumnKind)> {
        use ColumnKind::*;
        cols(&[
            (heading::CRITERION, Text),
            ("Title", Prose),
            ("Level", Level),
            (heading::WORKFLOWS, Text),
            ("Evidence request", Prose),
            ("Source", Text),
        ])
    }

    fn row_count(&self) -> usize {
        self.0.mapping.plan.criteria.len()
    }

    fn rows(&self, emit: &mut dyn FnMut(&[Cell<'_>])) {
        let plan = &self.0.mapping.plan;
        for c in &plan.criteria {
            let workflows = match &c.workflows {
                None => "every workflow".to_string(),
                Some(list) => list
                    .iter()
                    .map(|&w| plan.workflows[w].id.as_str())
                    .collect::<Vec<_>>()
                    .join("; "),
            };
            emit(&[
                Cell::text(&c.id),
                Cell::text(&c.title),
                Cell::owned(c.level.to_string()),
                Cell::owned(workflows),
                Cell::text(&c.evidence_request),
                Cell::Url(&c.source),
            ]);
        }
    }
}

impl Table for MappingRules<'_, '_> {
    fn id(&self) -> TableId {
        TableId::MappingRules
    }

    fn columns(&self) -> Vec<(String, ColumnKind)> {
        use ColumnKind::*;
        cols(&[
            ("Rule", Text),
            ("Badges", Text),
            ("Conditions", Prose),
            ("Full", Prose),
            ("Partial", Prose),
            ("Note", Prose),
        ])
    }

    fn row_count(&self) -> usize {
        self.0.mapping.plan.rules.len()
    }

    fn rows(&self, emit: &mut dyn FnMut(&[Cell<'_>])) {
        let plan = &self.0.mapping.plan;
        for rule in &plan.rules {
            let badges: Vec<&str> = rule
                .badges
                .iter()
                .map(|b| plan.vocab.badge(*b).id.as_str())
                .collect();
            let grants = |s: Strength| {
                rule.grants
                    .iter()
                    .filter(|(_, g)| *g == s)
                    .map(|(c, _)| plan.criteria[*c].id.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            emit(&[
                Cell::text(&rule.id),
                Cell::owned(badges.join(" + ")),
                Cell::owned(rule.conditions.describe(plan)),
                Cell::owned(grants(Strength::Full)),
                Cell::owned(grants(Strength::Partial)),
                Cell::text(&rule.note),
            ]);
        }
    }
}

impl Table for Changes<'_, '_> {
    fn id(&self) -> TableId {
        TableId::Changes
    }

    fn columns(&self) -> Vec<(String, ColumnKind)> {
        use ColumnKind::*;
        cols(&[
            (heading::ID, Text),
            (heading::MEMBER, Text),
            (heading::INTEGRATION, Text),
            ("Previous status", Status),
            ("New status", Status),
            ("Why", Prose),
        ])
    }

    fn row_count(&self) -> usize {
        self.0.changes.as_ref().map_or(0, |c| c.changes.len())
    }

    fn rows(&self, emit: &mut dyn FnMut(&[Cell<'_>])) {
        let Some(changes) = &self.0.changes else {
            return;
        };
        for c in &changes.changes {
            emit(&[
                Cell::text(&c.id),
                Cell::text(&c.member),
                Cell::text(&c.integration),
                c.previous_status
                    .map_or(Cell::Blank, |s| Cell::text(s.as_str())),
                c.new_status.map_or(Cell::Blank, |s| Cell::text(s.as_str())),
                Cell::owned(c.why.join("; ")),
            ]);
        }
    }
}

/// Badge facts of an integration: its rows on the Sources sheet.
fn fact_count(it: &crate::model::Integration) -> usize {
    it.awards.values().map(|a| a.facts.len()).sum::<usize>() + it.other_facts.len()
}

/// Given items with their row counts, in order, the items whose rows meet
/// `range`, each with the rows it covers; stops after the range.
fn overlapping<T>(
    counted: impl Iterator<Item = (T, usize)>,
    range: &Range<usize>,
) -> impl Iterator<Item = (T, Range<usize>)> {
    let (start, end) = (range.start, range.end);
    counted
        .scan(0usize, |first, (item, count)| {
            let rows = *first..*first + count;
            *first += count;
            Some((item, rows))
        })
        .skip_while(move |(_, rows)| rows.end <= start)
        .take_while(move |(_, rows)| rows.start < end)
}

#[cfg(test)]
mod tests {
    use super::{Cell, Sources, Table, Worklist};

    use crate::certified::CertifiedList;
    use crate::ingest::{ingest, Options};
    use crate::reconcile::{reconcile, AnalystDecisions, Context};
    use crate::report::Report;

    fn owned(cells: &[Cell<'_>]) -> Vec<String> {
        cells.iter().map(|c| format!("{c:?}")).collect()
    }

    fn all_rows(table: &dyn Table) -> Vec<Vec<String>> {
        let mut rows = Vec::new();
        table.rows(&mut |cells| rows.push(owned(cells)));
        rows
    }

    /// Sheets of a long table are written from ranges; together they must
    /// give exactly the table's rows, whatever the sheet size.
    fn ranges_match_rows(table: &dyn Table) {
        let all = all_rows(table);
        assert_eq!(all.len(), table.row_count());
        assert!(all.len() > 20, "too few rows to test: {}", all.len());
        for size in [1, 7, all.len() - 1, all.len(), all.len() + 5] {
            let mut joined = Vec::new();
            let mut start = 0;
            while start < all.len() {
                table.rows_in(start..start + size, &mut |cells| joined.push(owned(cells)));
                start += size;
            }
            assert_eq!(joined, all, "sheets of {size} rows");
        }
    }

    #[test]
    fn overlapping_gives_the_items_whose_rows_meet_a_range() {
        let counted = || ["a", "b", "c", "d"].into_iter().zip([2, 0, 3, 1]);
        let meet = |range: std::ops::Range<usize>| -> Vec<(&str, std::ops::Range<usize>)> {
            super::overlapping(counted(), &range).collect()
        };
        assert_eq!(meet(0..2), [("a", 0..2)]);
        assert_eq!(meet(1..3), [("a", 0..2), ("b", 2..2), ("c", 2..5)]);
        assert_eq!(meet(5..9), [("d", 5..6)]);
        assert_eq!(meet(6..9), []);
    }

    #[test]
    fn worklist_and_sources_split_into_sheets_without_losing_or_repeating_rows() {
        let loaded = crate::mapping::load(None).unwrap();
        let ingested = ingest(
            &[std::path::PathBuf::from("samples")],
            &loaded.plan.vocab,
            &Options::default(),
        )
        .unwrap();
        let certified = CertifiedList::default();
        let analyst = AnalystDecisions::new();
        let as_of = chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
        let ctx = Context {
            plan: &loaded.plan,
            certified: &certified,
            as_of,
            analyst: &analyst,
        };
        let decisions = reconcile(&ingested.register, &ctx);
        let report = Report {
            as_of,
            mapping: &loaded,
            ingested: &ingested,
            certified: &certified,
            certified_sha256: None,
            decisions: &decisions,
            inputs: Vec::new(),
            issues: Vec::new(),
            changes: None,
            worklist: Default::default(),
            owners: Default::default(),
        };
        ranges_match_rows(&Worklist(&report));
        ranges_match_rows(&Sources(&report));
    }
}
