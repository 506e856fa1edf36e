//! Reading one data row of a detected table: who it is about, which badges it
//! reports in whichever encodings the table uses, and what was doubtful.
//! `reader.rs` reads the row's cells (names, badge names, dates), `badges.rs`
//! each badge encoding, `checks.rs` what is doubtful about what was read;
//! this file puts the row into the register and says which bucket it ends in.

mod badges;
mod checks;
mod reader;

use super::date_order::DateEvidence;
use super::dates::{AwardDate, DayOrder};
use super::register::{Attr, BadgeFact, Register, SourceRef, Sourced, UNNAMED};
use super::roles::Role;
use super::table::{Column, Row, Table};
use super::value::Value;
use crate::issue::{Issue, Severity};
use crate::text::compact_key;
use crate::vocab::Vocabulary;
use checks::{conflict_issue, inactive_flag, out_of_window};
use reader::RowReader;

/// The bucket a row ends in; every row read ends in exactly one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowKind {
    /// Gave at least one awarded badge.
    Awarded,
    /// Gave an integration, but no award.
    NoAward,
    Blank,
    /// Contributed nothing; an issue says why.
    Rejected,
}

/// Everything needed to read the rows of one table.
pub struct SheetContext<'a> {
    pub vocab: &'a Vocabulary,
    pub table: &'a Table,
    /// Each column's date order.
    pub dates: &'a DateEvidence,
    pub file: &'a str,
    pub sheet: Option<&'a str>,
    pub sheet_id: u32,
    /// The year of the block's banner or the sheet's name, for awards
    /// without a date of their own.
    pub year: Option<AwardDate>,
    /// Dates outside it are not award dates.
    pub window: super::DateWindow,
    /// The member, when the plan takes it from elsewhere than a column of
    /// the row (the sheet's, a parent line's, a label line's), with where it
    /// was read; blank when no line above has given one yet.
    pub member: Option<(&'a str, &'a crate::model::MemberFrom)>,
    /// The sheet being read.
    pub input: &'a super::sheet::SheetInput<'a>,
}

impl SheetContext<'_> {
    /// The order numeric dates in column `col` are read in.
    pub fn day_order(&self, col: u32) -> DayOrder {
        self.dates.order(col).day_order()
    }
}

const DESCRIPTIVE: &[(Role, Attr)] = &[
    (Role::MemberId, Attr::MemberId),
    (Role::IntegrationId, Attr::IntegrationId),
    (Role::Product, Attr::Product),
    (Role::ProductVersion, Attr::ProductVersion),
    (Role::Vendor, Attr::Vendor),
    (Role::Sector, Attr::Sector),
    (Role::Workflow, Attr::Workflow),
    (Role::Country, Attr::Country),
    (Role::Consortium, Attr::Consortium),
    (Role::Stage, Attr::Stage),
    (Role::ApiVersion, Attr::ApiVersion),
];

/// Reads one row into the register and returns its bucket.
pub fn ingest_row(
    row: &Row,
    ctx: &SheetContext<'_>,
    register: &mut Register,
    issues: &mut Vec<Issue>,
) -> RowKind {
    let table = ctx.table;
    if table.columns.iter().all(|c| row.get(c.index).is_blank()) {
        return RowKind::Blank;
    }
    let mut reader = RowReader::new(ctx, row, issues);
    let (member, member_col) = match (table.column(Role::Member), ctx.member) {
        (Some(member_col), _) => {
            let Some(member) = member_of(&mut reader, member_col) else {
                return RowKind::Rejected;
            };
            (member, member_col.index)
        }
        (None, Some((member, _))) if !member.is_empty() => {
            let at = table
                .column(Role::Integration)
                .or_else(|| table.column(Role::Product))
                .map_or(0, |c| c.index);
            (member.to_string(), at)
        }
        (None, _) => {
            let first = row.cells.iter().position(|v| !v.is_blank()).unwrap_or(0) as u32;
            let at = table
                .columns
                .iter()
                .find(|c| c.index == first)
                .or_else(|| table.columns.first());
            if let Some(col) = at {
                reader.issue(
                    Severity::Error,
                    col,
                    &row.get(col.index).display(),
                    format!(
                        "{} has no member: no parent or label line above it names one",
                        ctx.input.line(row.index)
                    ),
                    "row rejected; add the member's line above it, or say where the member is in the reading hints",
                );
            }
            return RowKind::Rejected;
        }
    };
    let name = match reader
        .text_of(Role::Integration)
        .or_else(|| reader.text_of(Role::Product))
    {
        Some((col, text)) => reader.without_controls(col, text, "integration"),
        None => UNNAMED.to_string(),
    };
    reader.read_badges();
    let RowReader {
        facts,
        problems,
        date_problem,
        issues,
        ..
    } = reader;
    // A member's own line (a company record of a CRM, a vendor's): no
    // integration, no product, no badge. Counted, not an integration.
    if name == UNNAMED && facts.is_empty() && problems.is_empty() {
        return RowKind::NoAward;
    }
    let read = Read {
        member,
        name,
        member_col,
        facts,
        problems,
        date_problem,
    };
    store(read, row, ctx, register, issues)
}

/// The row's member name, or `None` when the row is rejected for it (an
/// issue then says why: a formula error, no member, the header repeated).
fn member_of(reader: &mut RowReader<'_, '_>, member_col: &Column) -> Option<String> {
    let row = reader.row;
    let member = row.get(member_col.index).display();
    if let Value::Error(error) = row.get(member_col.index) {
        let error = error.clone();
        reader.issue(
            Severity::Error,
            member_col,
            &error,
            format!("the member cell holds a formula error ({error})"),
            "row rejected; fix the formula or type the member's name",
        );
        return None;
    }
    if member.is_empty() {
        reader.issue(
            Severity::Error,
            member_col,
            "",
            format!(
                "{} has no member organisation in column {:?}",
                reader.ctx.input.line(row.index),
                member_col.header
            ),
            "row rejected; fill in the member's name",
        );
        return None;
    }
    if compact_key(&member) == compact_key(&member_col.header) {
        reader.issue(
            Severity::Warning,
            member_col,
            &member,
            "the header row is repeated here".to_string(),
            "row rejected; delete the repeated header",
        );
        return None;
    }
    let member = reader.without_controls(member_col, member, "member");
    (!member.trim().is_empty()).then_some(member)
}

/// What was read of a row that names its integration.
struct Read {
    member: String,
    name: String,
    member_col: u32,
    facts: Vec<BadgeFact>,
    problems: Vec<String>,
    /// A date cell of the row could not be read: no year stands in for it.
    date_problem: bool,
}

/// Puts what was read into the register: the integration with its
/// attributes and notes, its badge facts (dated by the block's year where
/// they have no date) and problems.
fn store(
    read: Read,
    row: &Row,
    ctx: &SheetContext<'_>,
    register: &mut Register,
    issues: &mut Vec<Issue>,
) -> RowKind {
    let Read {
        member,
        name,
        member_col,
        mut facts,
        problems,
        date_problem,
    } = read;
    let src = |col: u32| SourceRef {
        sheet: ctx.sheet_id,
        row: row.index,
        col,
    };
    // Texts that recur are shared through the register (notes are not: they
    // are free text, seldom repeated).
    for fact in &mut facts {
        fact.text = register.intern(&fact.text);
        if let Some(status) = &fact.not_awarded {
            fact.not_awarded = Some(register.intern(status));
        }
    }
    let attrs = attributes(row, ctx, register, issues);
    let mut conflicts = Vec::new();
    let integration = register.integration(&member, &name, src(member_col));
    // Read here first: where its member came from, when not its own cell.
    if integration.rows.len() == 1 {
        integration.member_from = ctx.member.map(|(_, from)| from.clone());
    }
    for (attr, sourced) in attrs {
        conflicts.extend(integration.set_attr(attr, sourced));
    }
    for col in ctx.table.columns_with(|r| r == Role::Notes) {
        let value = row.get(col.index).display();
        if !value.is_empty() {
            integration.notes.push(Sourced {
                value: value.into(),
                source: src(col.index),
            });
        }
    }
    for fact in &mut facts {
        out_of_window(fact, ctx, row, issues);
    }
    if let Some(year) = ctx.year.filter(|_| !date_problem) {
        for fact in facts.iter_mut().filter(|f| f.not_awarded.is_none()) {
            fact.date = fact.date.or(Some(year));
        }
    }
    let awarded = facts.iter().any(|f| f.not_awarded.is_none());
    for fact in facts {
        integration.add_fact(fact);
    }
    for problem in problems {
        integration.add_problem(problem);
    }
    for conflict in conflicts {
        issues.push(conflict_issue(ctx, register, &conflict));
    }
    if awarded {
        RowKind::Awarded
    } else {
        RowKind::NoAward
    }
}

/// The product a row names, read through the product names
/// (`Register::product`): the product, its release and a vendor written in
/// brackets after it, each sourced to the product's cell.
fn product(
    row: &Row,
    ctx: &SheetContext<'_>,
    register: &mut Register,
    written: &str,
    at: SourceRef,
) -> Vec<(Attr, Sourced)> {
    let vendor = ctx
        .table
        .column(Role::Vendor)
        .map(|c| row.get(c.index).display())
        .unwrap_or_default();
    let read = register.product(written, &vendor, at);
    let sourced = |value| Sourced { value, source: at };
    let mut attrs = vec![(Attr::Product, sourced(read.name))];
    if let Some(release) = read.release {
        attrs.push((Attr::ProductVersion, sourced(release)));
    }
    if let Some(vendor) = read.vendor {
        attrs.push((Attr::Vendor, sourced(vendor)));
    }
    attrs
}

/// The row's descriptive attributes (product through its names) and its
/// inactive flag, their texts shared through the register.
fn attributes(
    row: &Row,
    ctx: &SheetContext<'_>,
    register: &mut Register,
    issues: &mut Vec<Issue>,
) -> Vec<(Attr, Sourced)> {
    let src = |col: u32| SourceRef {
        sheet: ctx.sheet_id,
        row: row.index,
        col,
    };
    let mut attrs = Vec::new();
    for &(role, attr) in DESCRIPTIVE {
        let Some(col) = ctx.table.column(role) else {
            continue;
        };
        let value = row.get(col.index).display();
        if value.is_empty() {
            continue;
        }
        if attr == Attr::Product {
            attrs.extend(product(row, ctx, register, &value, src(col.index)));
            continue;
        }
        let value = register.intern(&value);
        attrs.push((
            attr,
            Sourced {
                value,
                source: src(col.index),
            },
        ));
    }
    if let Some((col, value)) = inactive_flag(row, ctx, issues) {
        let value = register.intern(value);
        attrs.push((
            Attr::Inactive,
            Sourced {
                value,
                source: src(col.index),
            },
        ));
    }
    attrs
}
