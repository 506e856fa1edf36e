//! Reading one data row of a detected table: who it is about, which badges it
//! reports in whichever encodings the table uses, and what was doubtful.

use super::date_order::{shape, ColumnOrder, DateEvidence, Shape};
use super::dates::{parse_date, AwardDate, DateProblem, DayOrder};
use super::flags::{read_flag, status_is_awarded, Flag};
use super::register::{Attr, BadgeFact, Conflict, Encoding, Register, SourceRef, Sourced, UNNAMED};
use super::roles::Role;
use super::table::{Column, Row, Table};
use super::value::{a1, Value};
use crate::issue::{Issue, Severity};
use crate::text::compact_key;
use crate::vocab::{BadgeId, Resolved, Vocabulary};

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
    (Role::Vendor, Attr::Vendor),
    (Role::Sector, Attr::Sector),
    (Role::Workflow, Attr::Workflow),
    (Role::Country, Attr::Country),
    (Role::Consortium, Attr::Consortium),
    (Role::Stage, Attr::Stage),
    (Role::ApiVersion, Attr::ApiVersion),
];

/// State of the row's awarded flag, when the table has one.
enum Gate {
    NoColumn,
    Yes(Option<AwardDate>),
    No,
    Unclear(String),
}

struct RowReader<'c, 'r> {
    ctx: &'c SheetContext<'c>,
    row: &'r Row,
    issues: &'r mut Vec<Issue>,
    facts: Vec<BadgeFact>,
    problems: Vec<String>,
    /// A date cell of the row could not be read: no year stands in for it.
    date_problem: bool,
}

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
    let Some(member_col) = table.column(Role::Member) else {
        return RowKind::Rejected;
    };
    let member = row.get(member_col.index).display();
    let mut reader = RowReader {
        ctx,
        row,
        issues,
        facts: Vec::new(),
        problems: Vec::new(),
        date_problem: false,
    };
    if let Value::Error(error) = row.get(member_col.index) {
        let error = error.clone();
        reader.issue(
            Severity::Error,
            member_col,
            &error,
            format!("the member cell holds a formula error ({error})"),
            "row rejected; fix the formula or type the member's name",
        );
        return RowKind::Rejected;
    }
    if member.is_empty() {
        reader.issue(
            Severity::Error,
            member_col,
            "",
            format!(
                "row {} has no member organisation in column {:?}",
                row.index + 1,
                member_col.header
            ),
            "row rejected; fill in the member's name",
        );
        return RowKind::Rejected;
    }
    if compact_key(&member) == compact_key(&member_col.header) {
        reader.issue(
            Severity::Warning,
            member_col,
            &member,
            "the header row is repeated here".to_string(),
            "row rejected; delete the repeated header",
        );
        return RowKind::Rejected;
    }
    let member = reader.without_controls(member_col, member, "member");
    if member.trim().is_empty() {
        return RowKind::Rejected;
    }
    let name = match reader
        .text_of(Role::Integration)
        .or_else(|| reader.text_of(Role::Product))
    {
        Some((col, text)) => reader.without_controls(col, text, "integration"),
        None => UNNAMED.to_string(),
    };
    reader.read_badges();
    let RowReader {
        mut facts,
        problems,
        date_problem,
        ..
    } = reader;
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
    let mut attrs = Vec::new();
    for &(role, attr) in DESCRIPTIVE {
        if let Some(col) = table.column(role) {
            let mut value = row.get(col.index).display();
            if attr == Attr::Product && !value.is_empty() {
                value = register.alias(super::aliases::AliasKind::Product, &value, src(col.index));
            }
            if !value.is_empty() {
                let value = register.intern(&value);
                attrs.push((
                    attr,
                    Sourced {
                        value,
                        source: src(col.index),
                    },
                ));
            }
        }
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
    let mut conflicts = Vec::new();
    let integration = register.integration(&member, &name, src(member_col.index));
    for (attr, sourced) in attrs {
        conflicts.extend(integration.set_attr(attr, sourced));
    }
    for col in table.columns_with(|r| r == Role::Notes) {
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

/// An award date before the programme started or after the as-of date is
/// not used: the award counts as undated, and an issue names the cell.
fn out_of_window(fact: &mut BadgeFact, ctx: &SheetContext<'_>, row: &Row, issues: &mut Vec<Issue>) {
    let Some(date) = fact.date else { return };
    let why = match (ctx.window.earliest, ctx.window.latest) {
        (Some(start), _) if date.last_day() < start => {
            format!("before the programme started ({start})")
        }
        (_, Some(as_of)) if date.date > as_of => format!("after the as-of date ({as_of})"),
        _ => return,
    };
    let label = ctx.vocab.badge(fact.badge).label.clone();
    // The cell the date was read from: the badge's date column, the row's
    // date column, or the badge cell itself.
    let col = [Role::BadgeDate(fact.badge), Role::AwardDate]
        .into_iter()
        .filter_map(|r| ctx.table.column(r))
        .find(|c| !row.get(c.index).is_blank())
        .filter(|_| fact.encoding != Encoding::Achievements)
        .map_or(fact.source.col, |c| c.index);
    issues.push(
        Issue::new(
            Severity::Warning,
            ctx.file,
            format!("{label} award date {date} is {why}"),
        )
        .sheet(ctx.sheet)
        .cell(a1(row.index, col))
        .value(&row.get(col).display())
        .action("the award kept without a date; correct the date in the source"),
    );
    fact.date = None;
}

fn conflict_issue(ctx: &SheetContext<'_>, register: &Register, conflict: &Conflict) -> Issue {
    let kept = conflict.kept.source;
    let there = register.source(kept);
    let place = crate::model::Location {
        file: there.file.clone(),
        sheet: there.sheet.clone(),
        cell: Some(a1(kept.row, kept.col)),
    };
    Issue::new(
        Severity::Warning,
        ctx.file,
        format!(
            "conflicting {} for {} / {}: {:?} here, {:?} at {}",
            conflict.attr.label(),
            conflict.member,
            conflict.integration,
            conflict.other.value,
            conflict.kept.value,
            place
        ),
    )
    .sheet(ctx.sheet)
    .cell(a1(conflict.other.source.row, conflict.other.source.col))
    .value(&conflict.other.value)
    .action("first value kept; integration marked for review; correct the source")
}

/// `Some((column, "true"|"false"))` from an inactive or active column.
fn inactive_flag<'t>(
    row: &Row,
    ctx: &SheetContext<'t>,
    issues: &mut Vec<Issue>,
) -> Option<(&'t Column, &'static str)> {
    for (role, inverted) in [(Role::Inactive, false), (Role::Active, true)] {
        let Some(col) = ctx.table.column(role) else {
            continue;
        };
        let value = row.get(col.index);
        if value.is_blank() {
            continue;
        }
        match read_flag(value, ctx.day_order(col.index)) {
            Flag::Yes(_) => return Some((col, if inverted { "false" } else { "true" })),
            Flag::No => return Some((col, if inverted { "true" } else { "false" })),
            Flag::Unclear => issues.push(
                Issue::new(
                    Severity::Warning,
                    ctx.file,
                    format!("unclear value in {:?}", col.header),
                )
                .sheet(ctx.sheet)
                .cell(a1(row.index, col.index))
                .value(&value.display())
                .action("ignored; write Yes or No"),
            ),
        }
    }
    None
}

impl<'c> RowReader<'c, '_> {
    fn issue(
        &mut self,
        severity: Severity,
        col: &Column,
        value: &str,
        message: String,
        action: &str,
    ) {
        let mut issue = Issue::new(severity, self.ctx.file, message)
            .sheet(self.ctx.sheet)
            .cell(a1(self.row.index, col.index))
            .action(action);
        if !value.is_empty() {
            issue = issue.value(value);
        }
        self.issues.push(issue);
    }

    /// The name without NUL and other control characters (an export's
    /// damage, invisible in a spreadsheet), with an issue when there were any.
    fn without_controls(&mut self, col: &Column, text: String, what: &str) -> String {
        let is_bad = |c: char| c.is_control() && !c.is_whitespace();
        if !text.chars().any(is_bad) {
            return text;
        }
        let shown: String = text
            .chars()
            .map(|c| {
                if is_bad(c) {
                    char::from_u32(0x2400 + c as u32)
                        .filter(|_| (c as u32) < 0x20)
                        .unwrap_or('�')
                } else {
                    c
                }
            })
            .collect();
        self.issue(
            Severity::Warning,
            col,
            &shown,
            format!("the {what} name holds control characters (shown as ␀ and the like)"),
            "characters removed and the row read; correct the source",
        );
        text.chars().filter(|&c| !is_bad(c)).collect()
    }

    fn text_of(&self, role: Role) -> Option<(&'c Column, String)> {
        let table: &'c Table = self.ctx.table;
        let col = table.column(role)?;
        let text = self.row.get(col.index).display();
        (!text.is_empty()).then_some((col, text))
    }

    fn source(&self, col: &Column) -> SourceRef {
        SourceRef {
            sheet: self.ctx.sheet_id,
            row: self.row.index,
            col: col.index,
        }
    }

    fn fact(&self, badge: BadgeId, col: &Column, encoding: Encoding, text: &str) -> BadgeFact {
        BadgeFact {
            badge,
            not_awarded: None,
            date: None,
            encoding,
            text: text.into(),
            source: self.source(col),
        }
    }

    fn read_badges(&mut self) {
        let ctx = self.ctx;
        let row_date = ctx
            .table
            .column(Role::AwardDate)
            .and_then(|col| self.date_in(col));
        let gate = self.gate();
        if let (Gate::No, Some(date)) = (&gate, row_date) {
            self.flag_contradicted(&format!("an award date is given ({date})"));
        }
        if let Some((col, text)) = self.text_of(Role::Badge) {
            if let Some(badge) = self.resolve_badge(col, &text) {
                let fact = self.fact(badge, col, Encoding::Long, &text);
                let fact = self.long_status(fact, row_date);
                if fact.not_awarded.is_none() && self.ctx.table.has(Role::BadgeStatus) {
                    if let Gate::No = gate {
                        self.flag_contradicted("the status says awarded");
                    }
                }
                let fact = match fact.not_awarded {
                    None => gated(fact, &gate, row_date),
                    Some(_) => fact,
                };
                self.facts.push(fact);
            }
        }
        if let Some((col, text)) = self.text_of(Role::Level) {
            match ctx.vocab.resolve_level(&text) {
                Resolved::Unknown => self.unknown(col, &text, "level"),
                resolved => {
                    if let Resolved::Corrected(level) = resolved {
                        self.corrected(col, &text, &level.id);
                    }
                    if let Some(level) = resolved.found() {
                        for &badge in &level.badges {
                            let fact = self.fact(badge, col, Encoding::Level, &text);
                            self.facts.push(gated(fact, &gate, row_date));
                        }
                    }
                }
            }
        }
        if let Some((col, text)) = self.text_of(Role::HighestAchievement) {
            if let Some(badge) = self.resolve_badge(col, &text) {
                let fact = self.fact(badge, col, Encoding::HighestAchievement, &text);
                self.facts.push(gated(fact, &gate, row_date));
            }
        }
        if let Some((col, text)) = self.text_of(Role::Achievements) {
            self.achievements(col, &text, row_date);
        }
        self.wide(row_date);
    }

    /// The row's awarded flag says no while another of its cells says
    /// awarded: an issue, and the integration goes to review.
    fn flag_contradicted(&mut self, other: &str) {
        let Some(col) = self.ctx.table.column(Role::AwardedFlag) else {
            return;
        };
        let text = self.row.get(col.index).display();
        let message = format!("the awarded flag says no, but {other}");
        self.issue(
            Severity::Warning,
            col,
            &text,
            message.clone(),
            "not counted as awarded; integration marked for review; correct the flag or the other cell",
        );
        self.problems
            .push(format!("{message} (row {})", self.row.index + 1));
    }

    /// Reads the awarded flag once per row; an unclear flag is one issue.
    fn gate(&mut self) -> Gate {
        let Some(col) = self.ctx.table.column(Role::AwardedFlag) else {
            return Gate::NoColumn;
        };
        let value = self.row.get(col.index);
        match read_flag(value, self.ctx.day_order(col.index)) {
            Flag::Yes(date) => Gate::Yes(date.map(|d| d.date)),
            Flag::No => Gate::No,
            Flag::Unclear => {
                let text = value.display();
                self.issue(
                    Severity::Warning,
                    col,
                    &text,
                    format!("unclear awarded flag in {:?}", col.header),
                    "badges of this row not counted as awarded; write Yes or No",
                );
                self.problems.push(format!("unclear awarded flag {text:?}"));
                Gate::Unclear(text)
            }
        }
    }

    fn long_status(&mut self, mut fact: BadgeFact, row_date: Option<AwardDate>) -> BadgeFact {
        fact.date = row_date;
        let Some(col) = self.ctx.table.column(Role::BadgeStatus) else {
            return fact;
        };
        let status = self.row.get(col.index).display();
        if status.is_empty() {
            self.issue(
                Severity::Warning,
                col,
                "",
                "award row has no status".to_string(),
                "not counted as awarded; write the status (e.g. Awarded)",
            );
            fact.not_awarded = Some("(no status)".into());
        } else if !status_is_awarded(&status) {
            fact.not_awarded = Some(status.into());
        }
        fact
    }

    fn achievements(&mut self, col: &Column, text: &str, row_date: Option<AwardDate>) {
        let items = text
            .split([';', ',', '|', '\n', '\r'])
            .map(str::trim)
            .filter(|s| !s.is_empty());
        for item in items {
            let mut parts = item.splitn(3, [':', '=']).map(str::trim);
            let name = parts.next().unwrap_or_default();
            let status = parts.next().filter(|s| !s.is_empty());
            let date_text = parts.next().filter(|s| !s.is_empty());
            let Some(badge) = self.resolve_badge(col, name) else {
                continue;
            };
            let mut fact = self.fact(badge, col, Encoding::Achievements, item);
            fact.date = match date_text {
                Some(d) => self.parse_date_text(col, d),
                None => row_date,
            };
            if let Some(status) = status.filter(|s| !status_is_awarded(s)) {
                fact.not_awarded = Some(status.into());
            }
            self.facts.push(fact);
        }
    }

    fn wide(&mut self, row_date: Option<AwardDate>) {
        let table = self.ctx.table;
        for col in table.columns_with(|r| matches!(r, Role::BadgeColumn(_))) {
            let Some(Role::BadgeColumn(badge)) = col.role else {
                continue;
            };
            let date_col = table.column(Role::BadgeDate(badge));
            let value = self.row.get(col.index);
            match read_flag(value, self.ctx.day_order(col.index)) {
                Flag::Yes(parsed) => {
                    let mut fact = self.fact(badge, col, Encoding::Wide, &value.display());
                    fact.date = parsed
                        .map(|p| p.date)
                        .or_else(|| date_col.and_then(|c| self.date_in(c)))
                        .or(row_date);
                    self.facts.push(fact);
                }
                Flag::No => {
                    if let Some(dc) = date_col {
                        let date_value = self.row.get(dc.index);
                        if !date_value.is_blank() {
                            let label = self.ctx.vocab.badge(badge).label.clone();
                            self.issue(
                                Severity::Warning,
                                dc,
                                &date_value.display(),
                                format!("a date is given for {label} but its badge cell says no"),
                                "not counted as awarded; integration marked for review; clear the date or mark the badge as awarded",
                            );
                            self.problems.push(format!(
                                "a date is given for {label} but its badge cell says no (row {})",
                                self.row.index + 1
                            ));
                        }
                    }
                }
                Flag::Unclear => self.unclear_cell(badge, col, value),
            }
        }
        // A badge given only as a date column ("Collect date") is awarded when
        // that column holds a date or a yes.
        for col in table.columns_with(|r| matches!(r, Role::BadgeDate(_))) {
            let Some(Role::BadgeDate(badge)) = col.role else {
                continue;
            };
            if table.has(Role::BadgeColumn(badge)) {
                continue;
            }
            let value = self.row.get(col.index);
            match read_flag(value, self.ctx.day_order(col.index)) {
                Flag::Yes(parsed) => {
                    let mut fact = self.fact(badge, col, Encoding::Wide, &value.display());
                    fact.date = parsed.map(|p| p.date).or(row_date);
                    self.facts.push(fact);
                }
                Flag::No => {}
                Flag::Unclear => self.unclear_cell(badge, col, value),
            }
        }
    }

    fn unclear_cell(&mut self, badge: BadgeId, col: &Column, value: &Value) {
        let text = value.display();
        let label = self.ctx.vocab.badge(badge).label.clone();
        self.issue(
            Severity::Warning,
            col,
            &text,
            format!("unclear {label} cell"),
            "not counted as awarded; write Yes or No, or the award date",
        );
        self.problems.push(format!("unclear {label} cell {text:?}"));
        let mut fact = self.fact(badge, col, Encoding::Wide, &text);
        fact.not_awarded = Some(text.into());
        self.facts.push(fact);
    }

    fn resolve_badge(&mut self, col: &Column, text: &str) -> Option<BadgeId> {
        let vocab = self.ctx.vocab;
        match vocab.resolve_badge(text) {
            Resolved::Exact(b) => Some(b),
            Resolved::Corrected(b) => {
                let label = vocab.badge(b).label.clone();
                self.corrected(col, text, &label);
                Some(b)
            }
            Resolved::Unknown => {
                self.unknown(col, text, "badge");
                None
            }
        }
    }

    fn corrected(&mut self, col: &Column, text: &str, to: &str) {
        self.issue(
            Severity::Warning,
            col,
            text,
            format!("read {text:?} as {to}"),
            "accepted as a misspelling; correct the source if that is wrong",
        );
    }

    fn unknown(&mut self, col: &Column, text: &str, what: &str) {
        self.issue(
            Severity::Warning,
            col,
            text,
            format!("unknown {what} {text:?}"),
            "not counted; correct the cell or add the name as an alias in the mapping",
        );
        self.problems
            .push(format!("{what} text {text:?} could not be resolved"));
    }

    fn date_in(&mut self, col: &Column) -> Option<AwardDate> {
        let value = self.row.get(col.index);
        if value.is_blank() {
            return None;
        }
        self.parse_value(col, value)
    }

    fn parse_date_text(&mut self, col: &Column, text: &str) -> Option<AwardDate> {
        self.parse_value(col, &Value::Text(text.to_string()))
    }

    fn parse_value(&mut self, col: &Column, value: &Value) -> Option<AwardDate> {
        let text = value.display();
        let order = self.ctx.dates.order(col.index);
        if matches!(value, Value::Text(_)) && shape(&text) == Some(Shape::Either) {
            match order {
                ColumnOrder::Conflict => {
                    self.date_problem = true;
                    let why = self.ctx.dates.reason(col.index);
                    self.issue(
                        Severity::Warning,
                        col,
                        &text,
                        format!("ambiguous date: {why}"),
                        "badge kept without a date; write the date as YYYY-MM-DD",
                    );
                    return None;
                }
                ColumnOrder::Inferred(_) => self.ctx.dates.used(col.index),
                ColumnOrder::Forced(_) | ColumnOrder::Default => {}
            }
        }
        match parse_date(value, order.day_order()) {
            Ok(parsed) => {
                if let Some(remark) = parsed.remark {
                    self.issue(
                        Severity::Notice,
                        col,
                        &text,
                        format!("date {remark}"),
                        "date used; write dates as YYYY-MM-DD to avoid doubt",
                    );
                }
                Some(parsed.date)
            }
            Err(problem) => {
                self.date_problem = true;
                let message = match problem {
                    DateProblem::Ambiguous(why) => format!("ambiguous date: {why}"),
                    DateProblem::Unparseable => "not a date".to_string(),
                };
                self.issue(
                    Severity::Warning,
                    col,
                    &text,
                    message,
                    "badge kept without a date; write the date as YYYY-MM-DD",
                );
                None
            }
        }
    }
}

/// Applies the row's awarded flag to a level, long or highest-achievement award.
fn gated(mut fact: BadgeFact, gate: &Gate, row_date: Option<AwardDate>) -> BadgeFact {
    match gate {
        Gate::NoColumn => fact.date = fact.date.or(row_date),
        Gate::Yes(flag_date) => fact.date = fact.date.or(row_date).or(*flag_date),
        Gate::No => fact.not_awarded = Some("not awarded (awarded flag is no)".into()),
        Gate::Unclear(text) => {
            fact.not_awarded = Some(format!("awarded flag unclear: {text}").into());
        }
    }
    fact
}
