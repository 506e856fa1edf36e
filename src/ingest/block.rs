//! The lines under a sheet's header, in blocks: each line is classified
//! (`lines.rs`), records go to `rows::ingest_row`, the rest to their
//! accounting bucket. A repeated header starts a new block; a banner's year
//! dates the block's undated awards; a group row, or a member given only on
//! a group's first row, names the member of the rows below it. Where the
//! plan takes the member from elsewhere than a column, it comes from the
//! whole sheet's member, from label lines (`Member: Acme`), or from parent
//! lines standing above their integrations in the integration's column
//! (told by their indentation, or by holding nothing an integration has:
//! no product, no badge but roll-up figures).

use super::date_order::DateEvidence;
use super::lines::{classify, group_value, year_in, Line, NotRecord};
use super::plan::{FixedMember, MemberPlan, Reading, SheetPlan};
use super::register::Register;
use super::roles::Role;
use super::rows::{ingest_row, SheetContext};
use super::sheet::{Accounting, SheetInput};
use super::table::{detect, Row, Table};
use super::value::{a1, Value};
use crate::issue::{Issue, Severity};
use crate::model::{AwardDate, MemberFrom, Outside, SourceRef};
use crate::text::compact_key;

/// Lone lines held while the lines after them decide what they are; more
/// are settled as banners.
const MAX_PENDING: usize = 64;

/// Where a year for undated awards came from.
#[derive(Debug, Clone)]
struct Year {
    date: AwardDate,
    /// `banner "2018 reviews" (A4)` or `sheet name "2019"`.
    from: String,
}

/// The first line of a kind, and how many there were.
#[derive(Debug, Clone, Default)]
struct Seen {
    count: u64,
    first: Option<(u32, u32, String)>,
}

impl Seen {
    fn add(&mut self, row: u32, col: u32, text: &str) {
        self.count += 1;
        if self.first.is_none() {
            self.first = Some((row, col, text.to_string()));
        }
    }
}

/// The values the current group gives the rows below it: its member, and
/// in a report grouped twice its integration; each with its cell.
#[derive(Debug, Default)]
struct Group {
    member: Option<(String, u32, u32)>,
    integration: Option<(String, u32, u32)>,
}

/// A column whose value is given only on a group's first row.
#[derive(Debug, Default)]
struct FillDown {
    member: bool,
    integration: bool,
    last_member: Option<Value>,
    last_integration: Option<Value>,
}

/// How a sheet's lines are to be read, besides its table: whether the
/// table is an Excel table's, the sheet's plan, and its member when the
/// plan gives one for the whole sheet.
pub(crate) struct Setup<'p> {
    pub(crate) from_table: bool,
    pub(crate) plan: &'p SheetPlan,
    pub(crate) fixed: Option<FixedMember>,
}

/// Where each record's member comes from, when not a column of its own.
enum Mode {
    Column,
    /// Parent lines above their integrations in column `col`.
    Parents {
        col: u32,
        /// The record line held until the line after it says whether it is
        /// a parent.
        held: Option<Row>,
        /// The indentation parents were found at.
        depth: Option<usize>,
        /// The line decided last was a parent.
        last_parent: bool,
        /// Every parent so far named an organisation.
        organisations: Option<bool>,
    },
    /// Label lines; the label's word (`compact_key`) when the hints give one.
    Label(Option<String>),
    /// One member for the sheet.
    Fixed(FixedMember),
}

pub(crate) struct Blocks<'a> {
    input: &'a SheetInput<'a>,
    mode: Mode,
    /// The member parent or label lines give the records below them.
    outside: Option<(String, MemberFrom)>,
    /// The year the hints give undated awards: over a banner's and the
    /// sheet name's.
    hint_year: Option<Year>,
    /// Records read, and those with a value in a member column the hints
    /// pin: a pinned column empty in every record is a warning.
    records: u64,
    member_cells: u64,
    pub(crate) table: Table,
    sheet_id: u32,
    pub(crate) count: u32,
    pub(crate) accounting: Accounting,
    first: u32,
    next_expected: u32,
    pending: Vec<(Row, u32, String)>,
    group: Group,
    /// The header came from an Excel table's definition.
    from_table: bool,
    fill: FillDown,
    year: Option<Year>,
    sheet_year: Option<Year>,
    kinds: std::collections::BTreeMap<NotRecord, Seen>,
    /// Each column's date order: the file's, read beforehand, or the rows'
    /// so far (`observe_rows`).
    dates: DateEvidence,
    observe_rows: bool,
    /// Rows before this were observed with the header's window.
    window_end: u32,
    inherited: Seen,
    years_noted: Vec<String>,
}

impl<'a> Blocks<'a> {
    /// `above` are the rows above the header (a banner there dates the first
    /// block); `below` the rows under it already read (for the fill-down
    /// evidence).
    pub(crate) fn new(
        input: &'a SheetInput<'a>,
        table: Table,
        sheet_id: u32,
        above: &[Row],
        below: &[Row],
        setup: Setup<'_>,
    ) -> Self {
        let Setup {
            from_table,
            plan,
            fixed,
        } = setup;
        let first = table.first_data_row();
        let mode = match plan.member_plan() {
            MemberPlan::Column => Mode::Column,
            MemberPlan::Fixed(_) => fixed.map_or(Mode::Column, Mode::Fixed),
            MemberPlan::Label(word) => Mode::Label(word.map(|w| compact_key(&w))),
            MemberPlan::ParentLines => {
                let col = table
                    .column(Role::Integration)
                    .or_else(|| table.column(Role::Product))
                    .map_or(0, |c| c.index);
                Mode::Parents {
                    col,
                    held: None,
                    depth: None,
                    last_parent: false,
                    organisations: None,
                }
            }
        };
        let hint_year = plan.year.as_ref().map(|(date, from)| Year {
            date: *date,
            from: from.clone(),
        });
        let sheet_year = input.sheet.and_then(|name| {
            let year = year_in(name)?;
            Some(Year {
                date: AwardDate::year(year)?,
                from: format!("the sheet's name {name:?}"),
            })
        });
        // Only the line right above the header is the first block's banner.
        let header = table.header_rows.first().copied().unwrap_or(0);
        let year = above
            .iter()
            .rev()
            .filter(|r| r.index < header)
            .find(|r| !r.is_blank())
            .and_then(banner_year);
        let mut fill = fill_down_evidence(&table, below, input);
        if let Some(pinned) = plan.fill_down {
            fill.member = pinned && table.has(Role::Member);
            fill.integration = fill.integration && fill.member;
        }
        let mut dates = DateEvidence::with_forced(input.forced);
        let observe_rows = input.hints.dates.is_none();
        match &input.hints.dates {
            Some(file) if input.forced.is_none() => dates.merge(file),
            _ => {}
        }
        if observe_rows {
            for row in below {
                dates.observe(row);
            }
        }
        let mut blocks = Blocks {
            input,
            mode,
            outside: None,
            hint_year,
            records: 0,
            member_cells: 0,
            table,
            sheet_id,
            count: 1,
            accounting: Accounting::default(),
            first,
            next_expected: first,
            pending: Vec::new(),
            group: Group::default(),
            from_table,
            fill,
            year,
            sheet_year,
            kinds: std::collections::BTreeMap::new(),
            dates,
            observe_rows,
            window_end: below.last().map_or(0, |r| r.index + 1),
            inherited: Seen::default(),
            years_noted: Vec::new(),
        };
        // A label line above the header names the member of the rows below.
        if matches!(blocks.mode, Mode::Label(_)) {
            for row in above.iter().filter(|r| r.index < first) {
                if let Some((value, col)) = blocks.label_line(row) {
                    blocks.outside =
                        Some((value, blocks.cell_from(Outside::Label, row.index, col)));
                }
            }
        }
        blocks
    }

    /// Where a line's cell is, as a member's source.
    fn cell_from(&self, outside: Outside, row: u32, col: u32) -> MemberFrom {
        MemberFrom::Cell(
            outside,
            SourceRef {
                sheet: self.sheet_id,
                row,
                col,
            },
        )
    }

    /// A label line naming a member: `Member: Acme` in one cell, or the
    /// label and the value in two (`Funder:` | `Acme`): the value and its
    /// column. The label is the hints' word, else any naming a member.
    fn label_line(&self, row: &Row) -> Option<(String, u32)> {
        let Mode::Label(word) = &self.mode else {
            return None;
        };
        let filled: Vec<(u32, String)> = row
            .cells
            .iter()
            .enumerate()
            .filter(|(_, v)| !v.is_blank())
            .map(|(i, v)| (i as u32, v.display()))
            .collect();
        let names = |label: &str| match word {
            Some(w) => compact_key(label) == *w,
            None => super::roles::recognise(label, self.input.vocab) == Some(Role::Member),
        };
        match filled.as_slice() {
            [(col, text)] => {
                if word.is_none() {
                    if let Some((Role::Member, v)) = group_value(text, self.input.vocab) {
                        return Some((v, *col));
                    }
                }
                let (label, value) = text.split_once([':', '–', '='])?;
                let value = value.trim();
                (names(label) && !value.is_empty()).then(|| (value.to_string(), *col))
            }
            [(_, label), (col, value)] => {
                let label = label.trim().trim_end_matches([':', '–', '=']).trim();
                names(label).then(|| (value.trim().to_string(), *col))
            }
            _ => None,
        }
    }

    /// How the sheet was read, for its report.
    pub(crate) fn reading(&self, plan: &SheetPlan) -> Reading {
        let hint = self.input.reading.map(|h| &h.hint);
        let member = match &self.mode {
            Mode::Column => self.table.column(Role::Member).map_or_else(
                || "none: no member column".to_string(),
                |c| {
                    if self.input.transposed {
                        format!("row {} {:?}", c.index + 1, c.header)
                    } else {
                        format!("column {} {:?}", letters(&c.cell), c.header)
                    }
                },
            ),
            Mode::Parents { .. } => "parent lines above their integrations".to_string(),
            Mode::Label(_) => "label lines above their rows".to_string(),
            Mode::Fixed(f) => format!("{} ({:?})", f.from.describe(|r| self.cell_of(r)), f.name),
        };
        Reading {
            records: plan.axis,
            member,
            hints: plan.hinted.clone(),
            decided: plan.decided(),
            member_source: match self.mode {
                Mode::Column => None,
                _ => plan.member_source(),
            },
            fill_down: self.fill.member,
            year: hint.and_then(|h| h.year),
            dates: plan.dates,
        }
    }

    /// A cell of this sheet as it shows it.
    fn cell_of(&self, r: SourceRef) -> String {
        if self.input.transposed {
            a1(r.col, r.row)
        } else {
            a1(r.row, r.col)
        }
    }

    /// Reads one row (rows come in ascending order; empty ones may be absent).
    pub(crate) fn take(&mut self, row: &Row, register: &mut Register, issues: &mut Vec<Issue>) {
        if row.index < self.first {
            return;
        }
        // Should a reader repeat an index, the row still counts once, as the next.
        let index = row.index.max(self.next_expected);
        if index > self.next_expected {
            self.end_fill();
        }
        self.accounting.blank += u64::from(index - self.next_expected);
        self.next_expected = index.saturating_add(1);
        self.accounting.rows_read = u64::from(self.next_expected - self.first);
        if row.is_blank() {
            self.accounting.blank += 1;
            self.end_fill();
            return;
        }
        let member_col = self.table.column(Role::Member).map_or(0, |c| c.index);
        let filled = row.cells.iter().filter(|v| !v.is_blank()).count();
        if let Some(kind) =
            self.input
                .hints
                .not_record(row.index, member_col, filled, self.from_table)
        {
            self.settle_pending(NotRecord::Footer);
            self.not_record(kind, row);
            return;
        }
        if let Some((value, col)) = self.label_line(row) {
            self.flush_held(register, issues);
            self.settle_pending(NotRecord::Banner);
            self.outside = Some((value, self.cell_from(Outside::Label, row.index, col)));
            self.not_record(NotRecord::Group, row);
            return;
        }
        let line = classify(row, &self.table, self.input.vocab);
        let parents = match &self.mode {
            Mode::Parents { col, .. } => Some(*col),
            _ => None,
        };
        match (&line, parents) {
            (Line::Record, Some(_)) => return self.parent_or_record(row, register, issues),
            (Line::Lone(c, _), Some(col)) if *c == col => {
                return self.parent_or_record(row, register, issues)
            }
            (Line::Record | Line::Lone(..), _) => {}
            _ => self.flush_held(register, issues),
        }
        match line {
            Line::Header => {
                let year = self.settle_pending_before_header();
                self.new_block(row, year, issues);
                self.not_record(NotRecord::Header, row);
            }
            Line::NotRecord(kind) => {
                self.settle_pending(if kind == NotRecord::Footer {
                    NotRecord::Footer
                } else {
                    NotRecord::Banner
                });
                if matches!(kind, NotRecord::Total | NotRecord::Footer) {
                    self.group = Group::default();
                    self.end_fill();
                }
                self.not_record(kind, row);
            }
            Line::Group(role, value) => {
                self.settle_pending(NotRecord::Banner);
                if role == Role::Member && matches!(self.mode, Mode::Label(_)) {
                    let from = self.cell_from(Outside::Label, row.index, first_filled(row));
                    self.outside = Some((value.clone(), from));
                }
                let at = Some((value, row.index, first_filled(row)));
                if role == Role::Member {
                    self.group = Group {
                        member: at,
                        integration: None,
                    };
                } else {
                    self.group.integration = at;
                }
                self.not_record(NotRecord::Group, row);
            }
            Line::Lone(col, text) => {
                if self.pending.len() >= MAX_PENDING {
                    let (old, _, _) = self.pending.remove(0);
                    self.not_record(NotRecord::Banner, &old);
                }
                self.pending.push((row.clone(), col, text));
            }
            Line::Record => self.record(row, register, issues),
        }
    }

    /// A record line where parent lines give the member: held until the
    /// line after it says whether it is a parent; the one held before it
    /// decided now.
    fn parent_or_record(&mut self, row: &Row, register: &mut Register, issues: &mut Vec<Issue>) {
        let Mode::Parents { held, .. } = &mut self.mode else {
            return self.record(row, register, issues);
        };
        if let Some(previous) = held.replace(row.clone()) {
            self.decide_parent(&previous, Some(row), register, issues);
        }
    }

    /// Decides the line still held, with no line after it.
    fn flush_held(&mut self, register: &mut Register, issues: &mut Vec<Issue>) {
        let held = match &mut self.mode {
            Mode::Parents { held, .. } => held.take(),
            _ => None,
        };
        if let Some(line) = held {
            self.decide_parent(&line, None, register, issues);
        }
    }

    /// Whether `line` is a parent (a member above its integrations) or an
    /// integration of the parent above it: a parent is indented less than
    /// the line after it, or, indented the same, holds nothing an
    /// integration has while the line after it does. A last line is a
    /// parent only if indented as parents were and holding nothing.
    fn decide_parent(
        &mut self,
        line: &Row,
        next: Option<&Row>,
        register: &mut Register,
        issues: &mut Vec<Issue>,
    ) {
        let Mode::Parents {
            col,
            depth,
            last_parent,
            organisations,
            ..
        } = &self.mode
        else {
            return;
        };
        let (col, known, last_parent, organisations) = (*col, *depth, *last_parent, *organisations);
        let (d, name) = indent_of(line, col);
        let org = super::evidence::is_organisation(&name);
        let bare = !self.evidence(line, col);
        let parent = match next {
            Some(n) => {
                let dn = indent_of(n, col).0;
                if d != dn {
                    d < dn
                } else if bare && self.evidence(n, col) {
                    // Indented alike: the bare line above one with an
                    // integration's values. Not right after a parent (that
                    // parent needs a child first), and, where the parents so
                    // far named organisations, only one that does.
                    org || (!last_parent && organisations != Some(true))
                } else {
                    // A member with no integration yet, indented as parents.
                    bare && org && known.is_none_or(|k| k == d)
                }
            }
            None => bare && (known == Some(d) || org),
        };
        if let Mode::Parents {
            last_parent,
            organisations: all_org,
            ..
        } = &mut self.mode
        {
            *last_parent = parent && !name.is_empty();
            if *last_parent {
                *all_org = Some(organisations.unwrap_or(true) && org);
            }
        }
        if parent && !name.is_empty() {
            if let Mode::Parents { depth, .. } = &mut self.mode {
                *depth = Some(d);
            }
            self.settle_pending(NotRecord::Banner);
            self.outside = Some((name, self.cell_from(Outside::Parent, line.index, col)));
            self.not_record(NotRecord::Group, line);
            return;
        }
        let mut stripped = line.clone();
        if matches!(line.get(col), Value::Text(_)) {
            set(&mut stripped, col, Value::Text(name));
        }
        self.record(&stripped, register, issues);
    }

    /// Whether a line holds what an integration has: a value (not a
    /// roll-up figure) in a column of the integration or its badges.
    fn evidence(&self, row: &Row, col: u32) -> bool {
        self.table.columns.iter().any(|c| {
            let Some(role) = c.role else { return false };
            if c.index == col
                || matches!(
                    role,
                    Role::Member
                        | Role::MemberId
                        | Role::Country
                        | Role::Consortium
                        | Role::Sector
                        | Role::Notes
                )
            {
                return false;
            }
            let v = row.get(c.index);
            !v.is_blank() && !is_rollup(v)
        })
    }

    /// Settles what is still pending at the end of the sheet and raises the
    /// sheet's notices.
    pub(crate) fn finish(&mut self, register: &mut Register, issues: &mut Vec<Issue>) {
        self.flush_held(register, issues);
        self.settle_pending(NotRecord::Footer);
        let input = self.input;
        // A member column the hints pin that holds no member in any record.
        if let Some(c) = self.table.column(Role::Member).filter(|c| c.pinned) {
            if self.records > 0 && self.member_cells == 0 {
                let first = self.first;
                let cell = |row: u32| {
                    self.cell_of(SourceRef {
                        sheet: self.sheet_id,
                        row,
                        col: c.index,
                    })
                };
                let range = format!(
                    "{}:{}",
                    cell(first),
                    cell(self.next_expected.saturating_sub(1).max(first))
                );
                issues.push(
                    Issue::new(
                        Severity::Warning,
                        input.file,
                        format!(
                            "the reading hints give the member as the column {:?}, but it is empty in every record ({range})",
                            c.header
                        ),
                    )
                    .sheet(input.sheet)
                    .cell(c.cell.clone())
                    .action("its rows rejected for want of a member; point the hints at the column that holds the members"),
                );
            }
        }
        for (kind, seen) in &self.kinds {
            let kind = *kind;
            let Some((row, col, text)) = &seen.first else {
                continue;
            };
            let noun = kind.noun();
            let message = if seen.count == 1 {
                format!("not a record: {noun}")
            } else {
                format!("not records: {} {noun}s (the first here)", seen.count)
            };
            issues.push(
                Issue::new(Severity::Notice, input.file, message)
                    .sheet(input.sheet)
                    .cell(a1(*row, *col))
                    .value(text)
                    .action(kind.action()),
            );
        }
        if let Some((row, col, text)) = &self.inherited.first {
            issues.push(
                Issue::new(
                    Severity::Notice,
                    input.file,
                    format!(
                        "{} {} no member of {} own and take the member of {} group ({})",
                        self.inherited.count,
                        if self.inherited.count == 1 {
                            "row has"
                        } else {
                            "rows have"
                        },
                        if self.inherited.count == 1 {
                            "its"
                        } else {
                            "their"
                        },
                        if self.inherited.count == 1 {
                            "its"
                        } else {
                            "their"
                        },
                        text
                    ),
                )
                .sheet(input.sheet)
                .cell(a1(*row, *col))
                .action("read as the rows of a grouped report; check the first such row"),
            );
        }
        for (col, n) in self.dates.used_columns() {
            let column = self.table.columns.iter().find(|c| c.index == col);
            let heading = column.map_or_else(String::new, |c| format!(" {:?}", c.header));
            let cell = column.map(|c| c.cell.clone()).unwrap_or_default();
            issues.push(
                Issue::new(
                    Severity::Notice,
                    input.file,
                    format!(
                        "{n} ambiguous {} in column{heading} read {}",
                        if n == 1 { "date" } else { "dates" },
                        self.dates.reason(col)
                    ),
                )
                .sheet(input.sheet)
                .cell(cell)
                .action("dates read so; --day-first or --month-first overrides"),
            );
        }
        for note in self.years_noted.drain(..) {
            issues.push(
                Issue::new(Severity::Notice, input.file, note)
                    .sheet(input.sheet)
                    .action("awards dated to the year only; add the award dates if known"),
            );
        }
    }

    fn not_record(&mut self, kind: NotRecord, row: &Row) {
        self.accounting.not_records += 1;
        if let Some(n) = self.accounting.by_kind.get_mut(kind.index()) {
            *n += 1;
        }
        let col = first_filled(row);
        self.kinds
            .entry(kind)
            .or_default()
            .add(row.index, col, &row.get(col).display());
    }

    /// Pending lone lines become `kind` (banner or footer).
    fn settle_pending(&mut self, kind: NotRecord) {
        for (row, _, _) in std::mem::take(&mut self.pending) {
            self.not_record(kind, &row);
        }
    }

    /// Pending lone lines above a header are its banners; returns the year
    /// of the one right above it, if it is a year banner.
    fn settle_pending_before_header(&mut self) -> Option<Year> {
        let year = self.pending.last().and_then(|(row, _, _)| banner_year(row));
        self.settle_pending(NotRecord::Banner);
        year
    }

    /// A group's member given only on its first row ends at a blank line,
    /// a total or a footer.
    fn end_fill(&mut self) {
        self.fill.last_member = None;
        self.fill.last_integration = None;
    }

    fn new_block(&mut self, row: &Row, year: Option<Year>, issues: &mut Vec<Issue>) {
        let input = self.input;
        let mut found = Vec::new();
        let Ok(table) = detect(
            std::slice::from_ref(row),
            input.vocab,
            input.file,
            input.sheet,
            &mut found,
        ) else {
            return;
        };
        // The same header again keeps the first block's reading of it (ids
        // told by their values, warnings given once).
        let same = |a: &Table, b: &Table| {
            a.columns.len() == b.columns.len()
                && a.columns
                    .iter()
                    .zip(&b.columns)
                    .all(|(x, y)| x.index == y.index && x.key == y.key)
        };
        if !same(&table, &self.table) {
            issues.extend(found);
            self.table = table;
        }
        self.count += 1;
        self.group = Group::default();
        self.end_fill();
        self.year = year;
    }

    fn record(&mut self, row: &Row, register: &mut Register, issues: &mut Vec<Issue>) {
        let member_col = self.table.column(Role::Member).map(|c| c.index);
        let member_blank = member_col.is_none_or(|c| row.get(c).is_blank());
        if member_blank {
            // A value alone on the line above the rows of its group.
            if let Some((lone, col, text)) = self.pending.pop() {
                if member_col.is_some_and(|m| col <= m) {
                    self.settle_pending(NotRecord::Banner);
                    self.group = Group {
                        member: Some((text, lone.index, col)),
                        integration: None,
                    };
                    self.not_record(NotRecord::Group, &lone);
                } else {
                    self.pending.push((lone, col, text));
                }
            }
        }
        self.settle_pending(NotRecord::Banner);
        let filled = self.inherit(row, member_col);
        let row = filled.as_ref().unwrap_or(row);
        let year = self
            .hint_year
            .as_ref()
            .or(self.year.as_ref())
            .or(self.sheet_year.as_ref());
        if let Some(y) = year {
            let note = format!(
                "awards without a date of their own take the year {} from {}",
                y.date, y.from
            );
            if !self.years_noted.contains(&note) {
                self.years_noted.push(note);
            }
        }
        if self.observe_rows && row.index >= self.window_end {
            self.dates.observe(row);
        }
        if let Some(c) = self.table.column(Role::Member).filter(|c| c.pinned) {
            self.records += 1;
            self.member_cells += u64::from(!row.get(c.index).is_blank());
        }
        let member = match &self.mode {
            Mode::Column => None,
            Mode::Fixed(f) => Some((f.name.as_str(), &f.from)),
            Mode::Parents { .. } | Mode::Label(_) => Some(
                self.outside
                    .as_ref()
                    .map_or(("", &MemberFrom::SheetName), |(n, f)| (n.as_str(), f)),
            ),
        };
        let ctx = SheetContext {
            vocab: self.input.vocab,
            table: &self.table,
            dates: &self.dates,
            file: self.input.file,
            sheet: self.input.sheet,
            sheet_id: self.sheet_id,
            year: year.map(|y| y.date),
            window: self.input.window,
            member,
            input: self.input,
        };
        self.accounting
            .count(ingest_row(row, &ctx, register, issues));
        if !self.fill.member {
            return;
        }
        if let Some(c) = member_col {
            let v = row.get(c);
            if !v.is_blank() {
                self.fill.last_member = Some(v.clone());
            }
        }
        if let Some(c) = self.table.column(Role::Integration) {
            let v = row.get(c.index);
            if !v.is_blank() {
                self.fill.last_integration = Some(v.clone());
            }
        }
    }

    /// The row with the member (and integration) its group gives it, when
    /// its own cell is blank; `None` when nothing is inherited.
    fn inherit(&mut self, row: &Row, member_col: Option<u32>) -> Option<Row> {
        let m = member_col?;
        if !row.get(m).is_blank() {
            return None;
        }
        let (value, from) = if let Some((value, r, c)) = &self.group.member {
            (Value::Text(value.clone()), a1(*r, *c))
        } else if self.fill.member {
            (self.fill.last_member.clone()?, "the row above".to_string())
        } else {
            return None;
        };
        let mut filled = row.clone();
        set(&mut filled, m, value.clone());
        if let Some(c) = self.table.column(Role::Integration).map(|c| c.index) {
            let given = match (&self.group.integration, &self.fill.last_integration) {
                (Some((value, _, _)), _) => Some(Value::Text(value.clone())),
                (None, Some(last)) if self.fill.integration => Some(last.clone()),
                _ => None,
            };
            if let Some(given) = given.filter(|_| row.get(c).is_blank()) {
                set(&mut filled, c, given);
            }
        }
        self.inherited
            .add(row.index, m, &format!("{:?} from {from}", value.display()));
        Some(filled)
    }
}

fn set(row: &mut Row, col: u32, value: Value) {
    let col = col as usize;
    if row.cells.len() <= col {
        row.cells.resize(col + 1, Value::Empty);
    }
    if let Some(cell) = row.cells.get_mut(col) {
        *cell = value;
    }
}

fn first_filled(row: &Row) -> u32 {
    row.cells.iter().position(|v| !v.is_blank()).unwrap_or(0) as u32
}

/// The year in a banner line (`2018 reviews`), if the line holds one value.
fn banner_year(row: &Row) -> Option<Year> {
    let mut filled = row.cells.iter().enumerate().filter(|(_, v)| !v.is_blank());
    let (col, value) = filled.next()?;
    // One value, or one merged across the row.
    if filled.any(|(_, v)| v != value) {
        return None;
    }
    let text = value.display();
    let year = year_in(&text)?;
    Some(Year {
        date: AwardDate::year(year)?,
        from: format!("the banner {text:?} ({})", a1(row.index, col as u32)),
    })
}

/// Whether the member and integration columns are given only on a group's
/// first row, judged on the rows already read under the header: at least two
/// rows without a member but with other values, a quarter of all records or
/// more.
fn fill_down_evidence(table: &Table, below: &[Row], input: &SheetInput<'_>) -> FillDown {
    let grouped = |role: Role| {
        let Some(col) = table.column(role) else {
            return false;
        };
        let records = below
            .iter()
            .filter(|r| !r.is_blank())
            .filter(|r| classify(r, table, input.vocab) == Line::Record);
        let (mut blank, mut all) = (0usize, 0usize);
        for r in records {
            all += 1;
            blank += usize::from(r.get(col.index).is_blank());
        }
        // Across a matrix, a member written once over its integrations'
        // columns is the usual hand: one blank is enough.
        if input.transposed {
            return blank >= 1 && blank < all;
        }
        blank >= 2 && blank * 4 >= all
    };
    let member = grouped(Role::Member);
    FillDown {
        member,
        integration: member && grouped(Role::Integration),
        ..FillDown::default()
    }
}

/// The letters of an A1 reference.
fn letters(cell: &str) -> &str {
    cell.trim_end_matches(|c: char| c.is_ascii_digit())
}

/// A figure a parent line rolls up from its children: a number, `60%`,
/// `2/5`, `2 of 5`.
fn is_rollup(v: &Value) -> bool {
    match v {
        Value::Number(_) => true,
        Value::Text(t) => {
            let t = t.trim();
            let digits =
                |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit() || c == '.');
            digits(t)
                || t.strip_suffix('%').is_some_and(|n| digits(n.trim()))
                || t.split_once('/')
                    .is_some_and(|(a, b)| digits(a.trim()) && digits(b.trim()))
                || t.split_once(" of ")
                    .is_some_and(|(a, b)| digits(a.trim()) && digits(b.trim()))
        }
        _ => false,
    }
}

/// A line's indentation in column `col` (spaces, tabs, bullets and tree
/// marks, outline numbers such as `1.2`) and its text without it.
fn indent_of(row: &Row, col: u32) -> (usize, String) {
    let Value::Text(text) = row.get(col) else {
        return (0, row.get(col).display());
    };
    indent(text)
}

fn indent(text: &str) -> (usize, String) {
    let mut depth = 0;
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        match c {
            ' ' | '\u{a0}' => depth += 1,
            '\t' => depth += 4,
            '\u{3000}' | '-' | '–' | '—' | '•' | '·' | '*' | '+' | '>' | '→' | '└' | '├' | '│'
            | '|' | '○' | '▪' | '◦' | '‣' | '∟' => depth += 2,
            _ => break,
        }
        rest = rest.get(c.len_utf8()..).unwrap_or_default();
    }
    // An outline number: `1.2 CRIS` is one level below `1 Acme`.
    let number: String = rest
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    let dots = number.trim_end_matches('.').matches('.').count();
    let after = rest.get(number.len()..).unwrap_or_default();
    let numbered =
        number.starts_with(|c: char| c.is_ascii_digit()) && after.starts_with([' ', '\t']);
    if numbered && (dots > 0 || number.ends_with('.')) {
        // `1.2 CRIS` one level below `1. Acme`; the number is no part of
        // the name.
        depth += dots * 2;
        rest = after;
    }
    (depth, rest.trim().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indentation_bullets_and_outline_numbers_are_levels() {
        assert_eq!(indent("Acme University"), (0, "Acme University".into()));
        assert_eq!(indent("    CRIS"), (4, "CRIS".into()));
        assert_eq!(indent("\tCRIS"), (4, "CRIS".into()));
        assert_eq!(indent("  - CRIS"), (5, "CRIS".into()));
        assert_eq!(indent("└ Repository"), (3, "Repository".into()));
        assert_eq!(indent("1.2 CRIS"), (2, "CRIS".into()));
        assert_eq!(indent("2. Univ B"), (0, "Univ B".into()));
        assert_eq!(indent("3M"), (0, "3M".into()));
        assert!(is_rollup(&Value::Text("2/3".into())));
        assert!(is_rollup(&Value::Text("60%".into())));
        assert!(!is_rollup(&Value::Text("Yes".into())));
    }
}
