//! Reading an earlier run's reconciled workbook: its metadata, the analysts'
//! decisions in the Worklist (found by column header and keyed by integration
//! and criterion id, so sorting, filtering, hiding rows and adding columns do
//! not matter), and the previous statuses, badges and evidence.

#![cfg_attr(not(test), deny(clippy::indexing_slicing))]

use crate::ingest::header::find_header;
use crate::ingest::table::Row;
use crate::ingest::value::{a1, Value};
use crate::ingest::whole::WholeFile;
use crate::ingest::FileError;
use crate::issue::{Issue, Severity};
use crate::layout::{heading, sheet, LAYOUT_VERSION, META_MARKER, META_SHEET};
use crate::reconcile::{AnalystDecisions, Verdict};
use chrono::NaiveDate;
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// The metadata an earlier run left in its hidden sheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Meta {
    pub layout_version: u32,
    pub badgemap_version: String,
    pub mapping_id: String,
    pub mapping_version: String,
    pub as_of: NaiveDate,
}

/// One integration as the earlier run reported it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreviousIntegration {
    pub id: String,
    pub member: String,
    pub integration: String,
    /// `None` when the cell holds no status badgemap writes.
    pub status: Option<crate::reconcile::Status>,
    /// Badge label → cell text (an award date or ✓).
    pub badges: Vec<(String, String)>,
    /// MUST criteria met and in all, where the sheet gives them.
    pub must: Option<(u32, u32)>,
}

/// An (integration id, criterion or open-action id) pair: what a decision is on.
pub type Key = (String, String);

/// An earlier run, as far as a re-check needs it.
#[derive(Debug, Clone)]
pub struct Previous {
    pub path: String,
    /// Hex SHA-256 of the workbook's bytes.
    pub sha256: String,
    pub meta: Meta,
    /// The as-of date of the run reading it: a date the analyst typed after
    /// it is an issue.
    pub as_of: NaiveDate,
    /// The decisions in force, owned by a Worklist row or inherited from a
    /// request (`AnalystDecision::request`), resolved by `resolve`.
    pub decisions: AnalystDecisions,
    /// Where each decision in force was read: `Worklist › L7`.
    pub decision_cells: HashMap<Key, String>,
    /// What the analyst typed on each Worklist row (rows left alone are
    /// not here), kept as typed.
    pub rows: HashMap<Key, super::Entered>,
    /// Every Worklist row the workbook holds, typed on or not.
    pub listed: HashSet<Key>,
    /// What badgemap applied in that run: a decided row missing from its
    /// Worklist was deleted by the analyst.
    pub ledger: super::Ledger,
    /// Decided rows the analyst deleted, whose decisions are kept.
    pub deleted_rows: Vec<Key>,
    /// Integrations of that run found again under another id.
    pub renames: Vec<super::Rename>,
    pub integrations: Vec<PreviousIntegration>,
    /// Integration id → criterion id → evidence (cells that hold none,
    /// such as `n/a`, are left out).
    pub criteria: HashMap<String, HashMap<String, crate::reconcile::Evidence>>,
    /// Integration id → the cells its badge facts were read from (file
    /// name, sheet, cell), from the Sources sheet: an integration whose
    /// name changed is found by them.
    pub sources: HashMap<String, Vec<(String, String, String)>>,
    pub issues: Vec<Issue>,
    /// Decisions typed that are not a verdict (misspelled).
    pub decisions_not_understood: usize,
    /// `accepted` rows without the date the evidence was received.
    pub accepted_without_date: usize,
    /// The analyst's columns of each request, by request id.
    pub requests: super::RequestNotes,
    /// The integrations each decided request has in this run (`resolve`).
    pub request_members: HashMap<String, Vec<String>>,
    /// Columns the analyst added to the Worklist and to Requests.
    pub added_worklist: super::AddedColumns,
    pub added_requests: super::AddedColumns,
    /// The Members sheet's Contact and added columns.
    pub added_members: super::AddedColumns,
}

#[derive(Debug, thiserror::Error)]
pub enum PreviousError {
    #[error("previous workbook {path}: {source}")]
    File { path: String, source: FileError },
    #[error("previous workbook {path}: {message}")]
    Layout { path: String, message: String },
}

fn text(v: &Value) -> String {
    v.display()
}

/// Reads an earlier run's workbook, for a run as of `as_of`.
pub fn read(path: &Path, as_of: NaiveDate) -> Result<Previous, PreviousError> {
    let display = path.display().to_string();
    let layout = |message: String| PreviousError::Layout {
        path: display.clone(),
        message,
    };
    let file =
        crate::ingest::whole::read_own_output(path).map_err(|source| PreviousError::File {
            path: display.clone(),
            source,
        })?;
    let (mut sheets, failures) = sheets_read(file, &display);
    let meta_rows = sheets
        .get(META_SHEET)
        .map(|(rows, _, _)| rows.as_slice())
        .unwrap_or_default();
    let meta = read_meta(meta_rows).map_err(|e| layout(e.to_string()))?;
    if meta.layout_version > LAYOUT_VERSION {
        return Err(layout(format!(
            "written by badgemap {} (workbook layout {}), newer than this badgemap understands (layout {LAYOUT_VERSION}); upgrade badgemap",
            meta.badgemap_version, meta.layout_version
        )));
    }
    let ledger = super::Ledger::read(meta_rows);
    let mut previous = Previous {
        path: display.clone(),
        sha256: crate::ingest::digest::sha256_file(path),
        meta,
        as_of,
        decisions: HashMap::new(),
        decision_cells: HashMap::new(),
        rows: HashMap::new(),
        listed: HashSet::new(),
        ledger,
        deleted_rows: Vec::new(),
        renames: Vec::new(),
        integrations: Vec::new(),
        criteria: HashMap::new(),
        sources: HashMap::new(),
        issues: failures,
        decisions_not_understood: 0,
        accepted_without_date: 0,
        requests: super::RequestNotes::new(),
        request_members: HashMap::new(),
        added_worklist: super::AddedColumns::default(),
        added_requests: super::AddedColumns::default(),
        added_members: super::AddedColumns::default(),
    };
    if previous.meta.as_of > as_of {
        previous.issues.push(
            Issue::new(
                Severity::Warning,
                &display,
                format!(
                    "the previous workbook is as of {}, after this run's as-of date {as_of}",
                    previous.meta.as_of
                ),
            )
            .action("its decisions are carried all the same; check --as-of, or give the workbook of an earlier run"),
        );
    }
    let (worklist, worklist_links, worklist_parts) =
        sheets.remove(sheet::WORKLIST).unwrap_or_default();
    read_worklist(&worklist, &worklist_parts, &mut previous).map_err(layout)?;
    previous.added_worklist =
        added_columns(&mut previous, &worklist, &worklist_links, Added::Worklist);
    let (requests, request_links, request_parts) =
        sheets.remove(sheet::REQUESTS).unwrap_or_default();
    super::requests::read_requests(&requests, &request_parts, &mut previous);
    if let Some((members, links, _)) = sheets.remove(sheet::MEMBERS) {
        previous.added_members = added_columns(&mut previous, &members, &links, Added::Members);
    }
    if !requests.is_empty() {
        previous.added_requests =
            added_columns(&mut previous, &requests, &request_links, Added::Requests);
    }
    if let Some((rows, _, _)) = sheets.get(sheet::INTEGRATIONS) {
        read_integrations(rows, &mut previous);
    }
    if let Some((rows, _, _)) = sheets.get(sheet::CRITERIA) {
        read_criteria(rows, &mut previous);
    }
    if let Some((rows, _, _)) = sheets.get(sheet::SOURCES) {
        read_sources(rows, &mut previous);
    }
    Ok(previous)
}

impl Previous {
    /// How many rows an analyst typed on that it holds: Worklist rows and
    /// requests, and rows of the columns of their own (Contact included).
    pub fn analyst_work(&self) -> usize {
        self.rows.len()
            + self.requests.len()
            + [
                &self.added_worklist,
                &self.added_requests,
                &self.added_members,
            ]
            .iter()
            .map(|a| a.rows.len())
            .sum::<usize>()
    }

    /// Settles which decisions are in force in a run over `register`: the
    /// integrations found again under another id first (`identity`), then
    /// each decision where the analyst made it (`resolve`).
    pub fn settle(
        &mut self,
        register: &crate::ingest::register::Register,
        plan: &crate::mapping::Plan,
    ) {
        self.renames = super::identity::carry(self, register, plan);
        super::resolve::resolve(self, register, plan);
    }
}

/// The hyperlinks of a sheet's rows: (position among its rows, column) →
/// target.
pub(super) type Links = HashMap<(usize, u32), String>;

/// The rows and links of each sheet read, by name, with the sheets its
/// rows came from.
type SheetsRead = HashMap<String, (Vec<Row>, Links, Parts)>;

/// The sheets a table's rows came from: its first, and each it continued
/// on (`Worklist (2)`), by the position of its first row among the rows.
#[derive(Debug, Clone, Default)]
pub(super) struct Parts(Vec<(usize, String)>);

impl Parts {
    /// The sheet of the row at `position` among the joined rows.
    pub(super) fn sheet_at(&self, position: usize) -> &str {
        self.0
            .iter()
            .rev()
            .find(|(start, _)| *start <= position)
            .map_or("", |(_, name)| name.as_str())
    }
}

/// The sheets a re-check reads.
const READ: [&str; 7] = [
    META_SHEET,
    sheet::INTEGRATIONS,
    sheet::CRITERIA,
    sheet::WORKLIST,
    sheet::REQUESTS,
    sheet::MEMBERS,
    sheet::SOURCES,
];

/// The rows of the sheets a re-check reads, by sheet name, and a warning
/// for each sheet whose reading stopped part-way. A table badgemap
/// continued on numbered sheets (`Worklist (2)`, listed as such in the
/// hidden sheet) is joined to its first, each continuation's header row
/// left out; any other numbered sheet is a copy the analyst made (Excel's
/// Move or Copy names it so): not read, with a warning, so that a stale
/// copy never decides over the sheet itself.
fn sheets_read(file: WholeFile, display: &str) -> (SheetsRead, Vec<Issue>) {
    let mut sheets: SheetsRead = HashMap::new();
    let mut failures = Vec::new();
    let continued: Option<Vec<String>> = file
        .sheets
        .iter()
        .find(|s| s.name.as_deref() == Some(META_SHEET))
        .and_then(|meta| {
            meta.rows
                .iter()
                .find(|r| text(r.get(0)) == crate::layout::CONTINUED)
                .map(|r| {
                    text(r.get(1))
                        .split("; ")
                        .filter(|s| !s.is_empty())
                        .map(str::to_string)
                        .collect()
                })
        });
    for sheet in file.sheets {
        let name = sheet.name.unwrap_or_default();
        if let Some(e) = sheet.failure {
            failures.push(
                Issue::new(
                    Severity::Warning,
                    display,
                    format!("reading stopped part-way through the sheet: {e}"),
                )
                .sheet(Some(&name))
                .action("the decisions before the fault were read; re-save the workbook"),
            );
        }
        if READ.contains(&name.as_str()) {
            let (rows, links, parts) = sheets.entry(name.clone()).or_default();
            parts.0.push((rows.len(), name));
            add_rows(rows, links, sheet.rows, sheet.links, 0);
            continue;
        }
        let Some(base) = numbered(&name).filter(|b| READ.contains(b)) else {
            continue;
        };
        let header = sheets
            .get(base)
            .and_then(|(rows, _, _)| rows.first().cloned());
        let listed = match &continued {
            Some(names) => names.contains(&name),
            // A workbook of before the list: a continuation repeats the
            // first sheet's header.
            None => {
                header.is_some()
                    && sheet.rows.first().map(|r| &r.cells) == header.as_ref().map(|h| &h.cells)
            }
        };
        if !listed {
            failures.push(
                Issue::new(
                    Severity::Warning,
                    display,
                    format!("sheet {name:?} looks like a copy of {base:?} made in the workbook, not a part badgemap wrote; it is not read"),
                )
                .sheet(Some(&name))
                .action(format!("anything typed on it is not carried: type it on {base:?}, then delete the copy")),
            );
            continue;
        }
        let (rows, links, parts) = sheets.entry(base.to_string()).or_default();
        parts.0.push((rows.len(), name));
        // Its header row repeats the first sheet's: left out.
        let skip =
            usize::from(sheet.rows.first().map(|r| &r.cells) == header.as_ref().map(|h| &h.cells));
        add_rows(rows, links, sheet.rows, sheet.links, skip);
    }
    (sheets, failures)
}

/// `Worklist (2)` → `Worklist`.
fn numbered(name: &str) -> Option<&str> {
    let (base, rest) = name.rsplit_once(" (")?;
    let n = rest.strip_suffix(')')?;
    (n.parse::<u32>().ok()? >= 2).then_some(base)
}

/// Appends a sheet's rows (the first `skip` left out) and its links.
fn add_rows(
    rows: &mut Vec<Row>,
    links: &mut Links,
    new: Vec<Row>,
    new_links: Vec<(u32, u32, String)>,
    skip: usize,
) {
    let start = rows.len();
    let kept: Vec<Row> = new.into_iter().skip(skip).collect();
    for (row, col, target) in new_links {
        if let Ok(i) = kept.binary_search_by_key(&row, |r| r.index) {
            links.insert((start + i, col), target);
        }
    }
    rows.extend(kept);
}

/// The sheets whose added columns carry forward.
#[derive(Debug, Clone, Copy)]
enum Added {
    Worklist,
    Requests,
    Members,
}

/// The columns the analyst added to one of those sheets, with a warning for
/// each of badgemap's columns missing (Members' Contact is the analyst's
/// own, so it is read like an added one).
fn added_columns(
    previous: &mut Previous,
    rows: &[Row],
    links: &Links,
    which: Added,
) -> super::AddedColumns {
    use crate::layout::columns;
    let (name, own, keys): (&str, Vec<&str>, &[&str]) = match which {
        Added::Worklist => (
            sheet::WORKLIST,
            columns::WORKLIST.to_vec(),
            &[heading::ID, heading::CRITERION],
        ),
        Added::Requests => (sheet::REQUESTS, columns::REQUESTS.to_vec(), &[heading::ID]),
        Added::Members => (
            sheet::MEMBERS,
            columns::MEMBERS
                .iter()
                .copied()
                .filter(|h| *h != columns::CONTACT)
                .collect(),
            &[heading::MEMBER],
        ),
    };
    let display = previous.path.clone();
    super::added::read_added(
        rows,
        links,
        name,
        &own,
        keys,
        &display,
        &mut previous.issues,
    )
}

/// What is wrong with an earlier workbook's hidden sheet.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MetaError {
    #[error("its hidden 'badgemap' sheet is damaged; use the workbook as badgemap wrote it")]
    Damaged,
    #[error("its hidden 'badgemap' sheet lacks {0}")]
    Lacks(&'static str),
    #[error("its layout version {0:?} is not a number")]
    LayoutVersion(String),
    #[error("its as-of date {0:?} is not a date")]
    AsOf(String),
}

fn read_meta(rows: &[Row]) -> Result<Meta, MetaError> {
    let value = |key: &str| {
        rows.iter()
            .find(|r| text(r.get(0)) == key)
            .map(|r| text(r.get(1)))
            .filter(|v| !v.is_empty())
    };
    if rows.first().map(|r| text(r.get(0))) != Some(META_MARKER.to_string()) {
        return Err(MetaError::Damaged);
    }
    let need = |key: &'static str| value(key).ok_or(MetaError::Lacks(key));
    let as_of_text = need("as_of")?;
    let layout_text = need("layout_version")?;
    Ok(Meta {
        layout_version: layout_text
            .parse()
            .map_err(|_| MetaError::LayoutVersion(layout_text.clone()))?,
        badgemap_version: need("badgemap_version")?,
        mapping_id: need("mapping_id")?,
        mapping_version: need("mapping_version")?,
        as_of: NaiveDate::parse_from_str(&as_of_text, "%Y-%m-%d")
            .map_err(|_| MetaError::AsOf(as_of_text.clone()))?,
    })
}

/// The columns of badgemap's own sheets that a re-check reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Col {
    Id,
    Member,
    Integration,
    Workflows,
    Status,
    Criterion,
    ReceivedOn,
    Decision,
    Comment,
    MustMet,
    MustTotal,
    File,
    Sheet,
    Cell,
}

const COLUMNS: &[(Col, &[&str])] = &[
    (Col::Id, &[heading::ID]),
    (Col::Member, &[heading::MEMBER]),
    (Col::Integration, &[heading::INTEGRATION]),
    (Col::Workflows, &[heading::WORKFLOWS]),
    (Col::Status, &[heading::STATUS]),
    (Col::Criterion, &[heading::CRITERION]),
    (Col::ReceivedOn, &[heading::RECEIVED_ON]),
    (Col::Decision, &[heading::DECISION]),
    (Col::Comment, &[heading::COMMENT]),
    (Col::MustMet, &[heading::MUST_MET]),
    (Col::MustTotal, &[heading::MUST_TOTAL]),
    (Col::File, &[heading::FILE]),
    (Col::Sheet, &[heading::SHEET]),
    (Col::Cell, &[heading::CELL]),
];

fn read_worklist(rows: &[Row], parts: &Parts, previous: &mut Previous) -> Result<(), String> {
    if rows.is_empty() {
        return Ok(());
    }
    let needed = [
        Col::Id,
        Col::Criterion,
        Col::ReceivedOn,
        Col::Decision,
        Col::Comment,
    ];
    let Some(header) = find_header(rows, COLUMNS, &needed) else {
        let names = [
            heading::ID,
            heading::CRITERION,
            heading::RECEIVED_ON,
            heading::DECISION,
            heading::COMMENT,
        ];
        return Err(format!(
            "its Worklist sheet has no header row with the columns {}; restore the headers",
            names.join(", ")
        ));
    };
    // find_header found every needed column, so each lookup succeeds.
    let col = |c: Col| header.col(c).unwrap_or(u32::MAX);
    let cols = WorklistCols {
        id: col(Col::Id),
        criterion: col(Col::Criterion),
        received_on: col(Col::ReceivedOn),
        decision: col(Col::Decision),
        comment: col(Col::Comment),
    };
    for (position, row) in rows.iter().enumerate().skip(header.at + 1) {
        let part = parts.sheet_at(position).to_string();
        let Some((key, entered)) = worklist_row(row, &part, &cols, previous) else {
            continue;
        };
        previous.listed.insert(key.clone());
        if entered.is_empty() {
            continue;
        }
        // The same row typed twice (a pasted copy): merged cell by cell, a
        // blank never winning; where both hold a value, the lower row's.
        let merged = match previous.rows.remove(&key) {
            None => entered,
            Some(mut upper) => {
                let dropped = upper.merge(entered);
                if !dropped.is_empty() {
                    let each: Vec<String> = dropped
                        .iter()
                        .map(|(cell, kept, lost)| format!("{cell} {kept} kept, {lost} dropped"))
                        .collect();
                    let message = format!(
                        "two rows for {} / {} say different things (the lower row's value kept): {}",
                        key.0,
                        key.1,
                        each.join("; ")
                    );
                    previous.issues.push(
                        Issue::new(Severity::Warning, &previous.path, message)
                            .sheet(Some(&part))
                            .cell(a1(row.index, cols.decision))
                            .action("merged into one row, cell by cell; check the values kept, then delete the other row"),
                    );
                }
                upper
            }
        };
        previous.rows.insert(key, merged);
    }
    Ok(())
}

/// The columns of the Worklist a re-check reads.
struct WorklistCols {
    id: u32,
    criterion: u32,
    received_on: u32,
    decision: u32,
    comment: u32,
}

/// What the analyst typed on one Worklist row, keyed by integration id and
/// criterion; `None` for a row without both. A decision not understood,
/// or an acceptance without its date, is a warning naming the cell.
fn worklist_row(
    row: &Row,
    part: &str,
    cols: &WorklistCols,
    previous: &mut Previous,
) -> Option<(Key, super::Entered)> {
    use super::entered::{date_cell, decision_cell, DecisionCell, Place};
    let id = text(row.get(cols.id));
    let criterion = text(row.get(cols.criterion));
    if id.is_empty() || criterion.is_empty() {
        return None;
    }
    let what = format!("{id} / {criterion}");
    let place = Place {
        sheet: part,
        row: row.index,
        what: &what,
    };
    let entered = super::Entered {
        decision: decision_cell(previous, row.get(cols.decision), &place, cols.decision),
        received_on: date_cell(
            previous,
            row.get(cols.received_on),
            &place,
            cols.received_on,
            heading::RECEIVED_ON,
        ),
        comment: text(row.get(cols.comment)),
        sent_on: super::entered::DateCell::Blank,
        at: format!("{part} › {}", a1(row.index, cols.decision)),
    };
    let action = crate::layout::action::is_action(&criterion);
    if entered.decision == DecisionCell::Verdict(Verdict::Accepted)
        && entered.received_on.is_blank()
        && !action
    {
        // The date stays blank: a date made up here would look like one
        // an analyst wrote, and would carry forward as such.
        previous.accepted_without_date += 1;
        previous.issues.push(
            Issue::new(
                Severity::Warning,
                &previous.path,
                format!("{what} accepted without the date the evidence was received"),
            )
            .sheet(Some(part))
            .cell(a1(row.index, cols.received_on))
            .action(
                "accepted as of this run, the date left blank; fill in 'Evidence received on' so the evidence can age",
            ),
        );
    }
    Some(((id, criterion), entered))
}

fn read_integrations(rows: &[Row], previous: &mut Previous) {
    let needed = [
        Col::Id,
        Col::Member,
        Col::Integration,
        Col::Workflows,
        Col::Status,
    ];
    let Some(found) = find_header(rows, COLUMNS, &needed) else {
        return;
    };
    let header_at = found.at;
    let col = |c: Col| found.col(c).unwrap_or(u32::MAX);
    let Some(header) = rows.get(header_at) else {
        return;
    };
    let (first_badge, status_col) = (col(Col::Workflows).saturating_add(1), col(Col::Status));
    let badge_cols: Vec<(u32, String)> = (first_badge..status_col)
        .map(|c| (c, text(header.get(c))))
        .collect();
    for row in rows.iter().skip(header_at + 1) {
        let id = text(row.get(col(Col::Id)));
        if id.is_empty() {
            continue;
        }
        let number = |c: Col| {
            found
                .col(c)
                .and_then(|c| text(row.get(c)).parse::<u32>().ok())
        };
        previous.integrations.push(PreviousIntegration {
            id,
            member: text(row.get(col(Col::Member))),
            integration: text(row.get(col(Col::Integration))),
            status: text(row.get(status_col)).parse().ok(),
            must: number(Col::MustMet).zip(number(Col::MustTotal)),
            badges: badge_cols
                .iter()
                .map(|(c, label)| (label.clone(), text(row.get(*c))))
                .filter(|(_, v)| !v.is_empty())
                .collect(),
        });
    }
}

/// The cells each integration's badge facts were read from.
fn read_sources(rows: &[Row], previous: &mut Previous) {
    let needed = [Col::Id, Col::File, Col::Sheet, Col::Cell];
    let Some(found) = find_header(rows, COLUMNS, &needed) else {
        return;
    };
    let col = |c: Col| found.col(c).unwrap_or(u32::MAX);
    for row in rows.iter().skip(found.at + 1) {
        let id = text(row.get(col(Col::Id)));
        if id.is_empty() {
            continue;
        }
        let file = text(row.get(col(Col::File)));
        let name = Path::new(&file)
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or(&file)
            .to_string();
        previous.sources.entry(id).or_default().push((
            name,
            text(row.get(col(Col::Sheet))),
            text(row.get(col(Col::Cell))),
        ));
    }
}

fn read_criteria(rows: &[Row], previous: &mut Previous) {
    let Some(found) = find_header(rows, COLUMNS, &[Col::Id, Col::Status]) else {
        return;
    };
    let header_at = found.at;
    let col = |c: Col| found.col(c).unwrap_or(u32::MAX);
    let Some(header) = rows.get(header_at) else {
        return;
    };
    let first = col(Col::Status).saturating_add(1);
    let width = header.cells.len() as u32;
    for row in rows.iter().skip(header_at + 1) {
        let id = text(row.get(col(Col::Id)));
        if id.is_empty() {
            continue;
        }
        let values = (first..width)
            .filter_map(|c| Some((text(header.get(c)), text(row.get(c)).parse().ok()?)))
            .filter(|(k, _)| !k.is_empty())
            .collect();
        previous.criteria.insert(id, values);
    }
}
