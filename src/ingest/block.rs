//! The lines under a sheet's header, in blocks: each line is classified
//! (`lines.rs`), records go to `rows::ingest_row`, the rest to their
//! accounting bucket. A repeated header starts a new block; a banner's year
//! dates the block's undated awards; a group row, or a member given only on
//! a group's first row, names the member of the rows below it.

use super::date_order::DateEvidence;
use super::lines::{classify, year_in, Line, NotRecord};
use super::register::Register;
use super::roles::Role;
use super::rows::{ingest_row, SheetContext};
use super::sheet::{Accounting, SheetInput};
use super::table::{detect, Row, Table};
use super::value::{a1, Value};
use crate::issue::{Issue, Severity};
use crate::model::AwardDate;

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

pub(crate) struct Blocks<'a> {
    input: &'a SheetInput<'a>,
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
        from_table: bool,
    ) -> Self {
        let first = table.first_data_row();
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
        let fill = fill_down_evidence(&table, below, input);
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
        Blocks {
            input,
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
        match classify(row, &self.table, self.input.vocab) {
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

    /// Settles what is still pending at the end of the sheet and raises the
    /// sheet's notices.
    pub(crate) fn finish(&mut self, issues: &mut Vec<Issue>) {
        self.settle_pending(NotRecord::Footer);
        let input = self.input;
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
        let year = self.year.as_ref().or(self.sheet_year.as_ref());
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
        let ctx = SheetContext {
            vocab: self.input.vocab,
            table: &self.table,
            dates: &self.dates,
            file: self.input.file,
            sheet: self.input.sheet,
            sheet_id: self.sheet_id,
            year: year.map(|y| y.date),
            window: self.input.window,
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
        blank >= 2 && blank * 4 >= all
    };
    let member = grouped(Role::Member);
    FillDown {
        member,
        integration: member && grouped(Role::Integration),
        ..FillDown::default()
    }
}
