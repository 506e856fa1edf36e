//! Decisions → what analysts read: the reconciled workbook, JSON and CSV.
//! Every table is defined once ([`tables`]) and written by each format.

pub mod atomic;
pub mod csv_out;
pub mod explain;
pub mod json;
pub mod requests;
pub mod tables;
pub mod workbook;

use crate::certified::CertifiedList;
use crate::ingest::sheet::Accounting;
use crate::ingest::Ingested;
use crate::issue::Issue;
use crate::mapping::Loaded;
use crate::model::{Integration, SourceRef};
use crate::reconcile::{CriterionResult, Decision, Status};
use chrono::NaiveDate;
use serde::Serialize;

/// One input file as the Summary lists it.
#[derive(Debug, Clone, Serialize)]
pub struct InputInfo {
    pub path: String,
    /// Hex SHA-256 of the file's bytes; empty when it could not be read.
    pub sha256: String,
    pub accounting: Accounting,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// Everything the outputs are made from.
pub struct Report<'a> {
    pub as_of: NaiveDate,
    pub mapping: &'a Loaded,
    pub ingested: &'a Ingested,
    pub certified: &'a CertifiedList,
    pub certified_sha256: Option<String>,
    pub decisions: &'a [Decision],
    pub inputs: Vec<InputInfo>,
    /// Ingestion issues followed by those of the certified-provider list
    /// and of the previous workbook.
    pub issues: Vec<Issue>,
    /// What changed since the previous run, when one was given.
    pub changes: Option<crate::recheck::Changes>,
    /// Worked out on first use (`Default::default()` when building a report).
    pub worklist: WorklistOrder,
    /// The integration each issue belongs to, worked out on first use
    /// (`Default::default()` when building a report).
    pub owners: IssueOwners,
    /// The earlier workbook of a re-check: what the analyst typed on its
    /// Worklist rows and requests, written back as typed.
    pub previous: Option<&'a crate::recheck::Previous>,
    /// Columns the analyst added to the previous Worklist, Requests and
    /// Members (there, with the Contact column).
    pub added: [crate::recheck::AddedColumns; 3],
}

/// A Worklist row that is not a criterion: an open action (decided in the
/// core, which reads its decisions; worded here).
pub use crate::reconcile::OpenAction as Action;

impl Action {
    /// The open actions of a decision, in the order its Worklist shows them.
    pub fn of(d: &Decision) -> impl Iterator<Item = Action> + '_ {
        d.actions.iter().map(|a| a.action)
    }

    pub fn title(self) -> &'static str {
        match self {
            Action::SettleReview => "Settle what puts this integration in review",
            Action::ConfirmIntegration => "Confirm the integration still exists",
            Action::ConfirmWorkflow => "Confirm the integration's workflow",
        }
    }

    /// What to ask, for this integration.
    pub fn request(self, d: &Decision, it: &Integration, plan: &crate::mapping::Plan) -> String {
        match self {
            Action::SettleReview => format!("Settle, then correct the source: {}", problems(d, it)),
            Action::ConfirmIntegration => "Does this integration still exist? If so, please send evidence for a full review of its MUST criteria; if not, mark it waived.".to_string(),
            Action::ConfirmWorkflow => format!("What does this integration do? One or more of: {}. Its workflow criteria are assessed once its workflow is known; record it in the register's workflow column.", workflow_labels(plan)),
        }
    }

    /// What to ask a member about these integrations of its, at once: the
    /// text of [`Action::request`] for one, each integration named for more.
    pub fn request_for(
        self,
        items: &[(&Decision, &Integration)],
        plan: &crate::mapping::Plan,
    ) -> String {
        if let [(d, it)] = items {
            return self.request(d, it, plan);
        }
        match self {
            Action::SettleReview => {
                let each: Vec<String> = items
                    .iter()
                    .map(|(d, it)| format!("{} ({}): {}", d.id, it.name, problems(d, it)))
                    .collect();
                format!("For each integration, settle, then correct the source: {}", each.join(" | "))
            }
            Action::ConfirmIntegration => format!(
                "Do these {} integrations still exist? For each that does, please send evidence for a full review of its MUST criteria; a decision here applies to all of them, and one on an integration's own Worklist row (waived for one that no longer exists) wins.",
                items.len()
            ),
            Action::ConfirmWorkflow => {
                let names: Vec<String> = items
                    .iter()
                    .map(|(d, it)| format!("{} ({})", d.id, it.name))
                    .collect();
                format!(
                    "What does each of these integrations do? One or more of: {}. Their workflow criteria are assessed once their workflows are known; record each in the register's workflow column. {}",
                    workflow_labels(plan),
                    names.join(" | ")
                )
            }
        }
    }
}

/// The mapping's workflows as a question lists them: `Discovery; Grant or
/// facility application; …`.
fn workflow_labels(plan: &crate::mapping::Plan) -> String {
    let labels: Vec<&str> = plan.workflows.iter().map(|w| w.label.as_str()).collect();
    labels.join("; ")
}

/// What puts an integration in review: its problems, else its reason.
fn problems(d: &Decision, it: &Integration) -> String {
    if it.problems.is_empty() {
        d.reason.clone()
    } else {
        it.problems.join("; ")
    }
}

/// The added columns of one table, to append to its columns and rows.
pub struct Added<'r>(Option<&'r crate::recheck::AddedColumns>);

impl<'r> Added<'r> {
    pub fn columns(&self) -> impl Iterator<Item = (String, tables::ColumnKind)> + 'r {
        self.0
            .into_iter()
            .flat_map(|a| a.headers.iter())
            .map(|h| (h.clone(), tables::ColumnKind::Prose))
    }

    /// Where the column `header` is among them.
    pub fn position(&self, header: &str) -> Option<usize> {
        self.0?.headers.iter().position(|h| h == header)
    }

    /// The row's values (blank where the row had none).
    pub fn cells(&self, key: &[&str]) -> Vec<tables::Cell<'r>> {
        let Some(a) = self.0 else {
            return Vec::new();
        };
        match a.rows.get(&crate::recheck::AddedColumns::key(key)) {
            Some(values) => values.iter().map(kept_cell).collect(),
            None => vec![tables::Cell::Blank; a.headers.len()],
        }
    }
}

/// An analyst's value, written back with its type.
fn kept_cell(v: &crate::recheck::added::Kept) -> tables::Cell<'_> {
    use crate::recheck::added::Kept;
    use std::borrow::Cow;
    match v {
        Kept::Blank => tables::Cell::Blank,
        Kept::Text(t) => tables::Cell::text(t),
        Kept::Number(n) => tables::Cell::Number(*n),
        Kept::Bool(b) => tables::Cell::Bool(*b),
        Kept::Date(d) => tables::Cell::Day(*d),
        Kept::Moment(t) => tables::Cell::Moment(*t),
        Kept::Link { url, text } => tables::Cell::Link {
            url: Cow::Borrowed(url),
            text: Cow::Borrowed(text),
        },
    }
}

/// For each issue, the index of the decision of the integration it belongs
/// to: the one read from the issue's row. Made once per report.
#[derive(Debug, Default)]
pub struct IssueOwners(std::sync::OnceLock<Vec<Option<usize>>>);

/// The worklist's order, made once per report: it sorts every integration,
/// and the workbook, the CSV files and the run summary all need it; the
/// requests grouped from it; and the members they concern.
#[derive(Debug, Default)]
pub struct WorklistOrder(
    std::sync::OnceLock<Vec<(usize, usize)>>,
    std::sync::OnceLock<requests::RequestList>,
    std::sync::OnceLock<tables::MemberIndex>,
);

impl<'a> Report<'a> {
    /// A report of decisions alone: no input list, issues or changes (what
    /// `explain` and tests need; `run` fills in the rest).
    pub fn of_decisions(
        as_of: NaiveDate,
        mapping: &'a Loaded,
        ingested: &'a Ingested,
        certified: &'a CertifiedList,
        decisions: &'a [Decision],
    ) -> Self {
        Report {
            as_of,
            mapping,
            ingested,
            certified,
            certified_sha256: None,
            decisions,
            inputs: Vec::new(),
            issues: Vec::new(),
            changes: None,
            worklist: WorklistOrder::default(),
            owners: IssueOwners::default(),
            previous: None,
            added: Default::default(),
        }
    }
}

impl Report<'_> {
    pub fn integration(&self, d: &Decision) -> &Integration {
        &self.ingested.register.integrations[d.integration]
    }

    pub fn status_counts(&self) -> Vec<(Status, usize)> {
        Status::ALL
            .iter()
            .map(|&s| (s, self.decisions.iter().filter(|d| d.status == s).count()))
            .collect()
    }

    /// Where an integration's member was read, in words, when not in a cell
    /// of its own row: `the label line A3`, `the sheet's name`.
    pub fn member_from(&self, it: &Integration) -> Option<String> {
        let register = &self.ingested.register;
        it.member_from
            .as_ref()
            .map(|from| from.describe(|r| register.cell(r)))
    }

    /// Whether some integration's member was read outside its own row: the
    /// Sources sheet then says where.
    pub fn any_member_from(&self) -> bool {
        self.decisions
            .iter()
            .any(|d| self.integration(d).member_from.is_some())
    }

    /// Where a source reference points: file, sheet and cell.
    pub fn locate(&self, r: SourceRef) -> crate::model::Location {
        let s = self.ingested.register.source(r);
        crate::model::Location {
            file: s.file.clone(),
            sheet: s.sheet.clone(),
            cell: Some(s.cell(r)),
        }
    }

    /// The worklist rows of one integration: if it must re-certify, the
    /// criteria lacking full evidence; for any integration, the criteria an
    /// analyst decided on (so decisions carry into the next re-check). MUST
    /// first, then in mapping order.
    pub fn worklist_rows<'d>(&self, d: &'d Decision) -> Vec<&'d CriterionResult> {
        let plan = &self.mapping.plan;
        let mut rows: Vec<&CriterionResult> =
            d.criteria.iter().filter(|c| on_worklist(d, c)).collect();
        rows.sort_by_key(|c| (plan.criteria[usize::from(c.criterion)].level, c.criterion));
        rows
    }

    /// The integrations on the worklist as (decision index, rows): most MUST
    /// gaps first, then by id.
    pub fn worklist_order(&self) -> &[(usize, usize)] {
        self.worklist.0.get_or_init(|| self.sort_worklist())
    }

    /// The columns an analyst added to a table of the previous run (the
    /// Worklist and Requests; none for the others).
    pub fn added(&self, table: tables::TableId) -> Added<'_> {
        let [worklist, requests, members] = &self.added;
        Added(match table {
            tables::TableId::Worklist => Some(worklist),
            tables::TableId::Requests => Some(requests),
            tables::TableId::Members => Some(members),
            _ => None,
        })
    }

    /// The integrations of each member and its open requests.
    pub fn members(&self) -> &tables::MemberIndex {
        self.worklist
            .2
            .get_or_init(|| tables::MemberIndex::of(self))
    }

    /// The requests grouped from the worklist.
    pub fn requests(&self) -> &requests::RequestList {
        self.worklist.1.get_or_init(|| requests::group(self))
    }

    /// The number of worklist rows.
    pub fn worklist_len(&self) -> usize {
        self.worklist_order().iter().map(|(_, rows)| rows).sum()
    }

    fn sort_worklist(&self) -> Vec<(usize, usize)> {
        let mut order: Vec<(usize, usize)> = self
            .decisions
            .iter()
            .enumerate()
            .map(|(i, d)| {
                let rows = d.criteria.iter().filter(|c| on_worklist(d, c)).count();
                (i, rows + d.actions.len())
            })
            .filter(|(_, rows)| *rows > 0)
            .collect();
        let gaps = |i: usize| self.decisions.get(i).map_or(0, |d| d.must.gaps());
        let id = |i: usize| self.decisions.get(i).map_or("", |d| d.id.as_str());
        order.sort_by(|&(a, _), &(b, _)| gaps(b).cmp(&gaps(a)).then_with(|| id(a).cmp(id(b))));
        order
    }

    /// The decision each issue belongs to, in issue order: an issue located
    /// on a row that an integration was read from belongs to it.
    pub fn issue_owners(&self) -> &[Option<usize>] {
        self.owners.0.get_or_init(|| self.find_issue_owners())
    }

    fn find_issue_owners(&self) -> Vec<Option<usize>> {
        use std::collections::HashMap;
        let register = &self.ingested.register;
        let sheets: HashMap<(&str, Option<&str>), (u32, bool)> = register
            .sources
            .iter()
            .enumerate()
            .map(|(i, s)| {
                (
                    (s.file.as_str(), s.sheet.as_deref()),
                    (i as u32, s.transposed),
                )
            })
            .collect();
        // (sheet, line) of each issue that names a cell: its row, or its
        // column on a sheet read along its columns.
        let wanted: Vec<Option<(u32, u32)>> = self
            .issues
            .iter()
            .map(|i| {
                let (sheet, transposed) = sheets.get(&(i.file.as_str(), i.sheet.as_deref()))?;
                let cell = i.cell.as_deref()?;
                let line = if *transposed {
                    crate::model::cell::column_of_a1(cell)?
                } else {
                    crate::model::cell::row_of_a1(cell)?
                };
                Some((*sheet, line))
            })
            .collect();
        let mut rows: HashMap<(u32, u32), usize> = wanted
            .iter()
            .flatten()
            .map(|&at| (at, usize::MAX))
            .collect();
        if !rows.is_empty() {
            for (d, decision) in self.decisions.iter().enumerate() {
                for r in &self.integration(decision).rows {
                    if let Some(owner) = rows.get_mut(&(r.sheet, r.row)) {
                        *owner = (*owner).min(d);
                    }
                }
            }
        }
        wanted
            .into_iter()
            .map(|at| rows.get(&at?).copied().filter(|d| *d != usize::MAX))
            .collect()
    }

    /// What the analyst typed on a Worklist row of the previous run.
    pub fn entered_row(&self, id: &str, criterion: &str) -> Option<&crate::recheck::Entered> {
        let p = self.previous?;
        if p.rows.is_empty() {
            return None;
        }
        p.rows.get(&(id.to_string(), criterion.to_string()))
    }

    /// What the analyst typed on a request of the previous run.
    pub fn entered_request(&self, id: &str) -> Option<&crate::recheck::Entered> {
        self.previous?.requests.get(id).map(|n| &n.entered)
    }

    pub fn tool_version(&self) -> &'static str {
        env!("CARGO_PKG_VERSION")
    }
}

/// Counts of integrations by a text attribute, most frequent first.
pub fn count_by<'a>(items: impl Iterator<Item = Option<&'a str>>) -> Vec<(String, usize)> {
    let mut counts: std::collections::BTreeMap<String, usize> = std::collections::BTreeMap::new();
    for item in items {
        let key = item.map_or_else(|| "(not recorded)".to_string(), str::to_string);
        *counts.entry(key).or_insert(0) += 1;
    }
    let mut out: Vec<(String, usize)> = counts.into_iter().collect();
    out.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    out
}

fn on_worklist(d: &Decision, c: &CriterionResult) -> bool {
    (d.status == Status::ReCertify && c.evidence.lacking()) || d.analyst(c.criterion).is_some()
}
