//! One sheet from first row to last: decide its reading plan (`plan.rs`:
//! what the hints pin, the rest inferred), find the table, read every line
//! below it (rows, or columns for a sheet whose records run across), and
//! account for each line in exactly one bucket. Rows stream through; only
//! the rows searched for the header are held at once (and a sheet read
//! along its columns, which must end within them).

use super::block::{Blocks, Setup};
use super::dates::DayOrder;
use super::hints::SheetHints;
use super::lines::NotRecord;
use super::plan::{
    fixed_member, swap_a1, transpose, FixedMember, Hinted, MemberPlan, Reading, SheetPlan,
};
use super::reading::{Axis, Source};
use super::register::Register;
use super::roles::{recognise, Role};
use super::rows::RowKind;
use super::table::{
    detect, detect_pinned, Column, NoTable, Pins, ReadError, Row, RowResult, Table,
    HEADER_SEARCH_ROWS,
};
use super::value::a1;
use crate::issue::{Issue, Severity};
use crate::vocab::Vocabulary;
use serde::Serialize;
use std::ops::AddAssign;

/// Where the rows of a sheet went. `rows_read` counts the rows below the
/// header, from the first to the last non-empty one, and always equals the sum
/// of the five buckets.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Accounting {
    pub rows_read: u64,
    pub with_awards: u64,
    pub without_award: u64,
    pub blank: u64,
    pub rejected: u64,
    /// Lines that are no records: headers, banners, group, total and footer
    /// lines (`lines.rs`).
    pub not_records: u64,
    /// `not_records` by kind, in the order of `NotRecord::ALL`.
    #[serde(skip)]
    pub by_kind: [u64; NotRecord::ALL.len()],
}

impl Accounting {
    pub fn balances(&self) -> bool {
        self.rows_read
            == self.with_awards + self.without_award + self.blank + self.rejected + self.not_records
            && self.by_kind.iter().sum::<u64>() == self.not_records
    }

    /// The kinds of lines that were no records, with their counts.
    pub fn not_record_kinds(&self) -> impl Iterator<Item = (NotRecord, u64)> + '_ {
        NotRecord::ALL
            .into_iter()
            .map(|k| (k, self.by_kind.get(k.index()).copied().unwrap_or(0)))
            .filter(|(_, n)| *n > 0)
    }

    pub(crate) fn count(&mut self, kind: RowKind) {
        match kind {
            RowKind::Awarded => self.with_awards += 1,
            RowKind::NoAward => self.without_award += 1,
            RowKind::Blank => self.blank += 1,
            RowKind::Rejected => self.rejected += 1,
        }
    }
}

impl AddAssign for Accounting {
    fn add_assign(&mut self, other: Self) {
        self.rows_read += other.rows_read;
        self.with_awards += other.with_awards;
        self.without_award += other.without_award;
        self.blank += other.blank;
        self.rejected += other.rejected;
        self.not_records += other.not_records;
        for (mine, theirs) in self.by_kind.iter_mut().zip(other.by_kind) {
            *mine += theirs;
        }
    }
}

/// What became of one sheet.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
#[allow(clippy::large_enum_variant)] // one per sheet: size does not matter
pub enum SheetOutcome {
    Table {
        /// One-based header row numbers (two for a split header).
        header_rows: Vec<u32>,
        layout: Vec<&'static str>,
        columns: Vec<Column>,
        accounting: Accounting,
        /// Tables read one under the other (a header repeated starts one).
        blocks: u32,
        /// False when reading stopped early on an error.
        complete: bool,
        /// Which way its records ran, where its member came from, and the
        /// hints that applied.
        reading: Reading,
    },
    Skipped {
        reason: String,
        /// Non-empty rows in the sheet, none of them used.
        rows: u64,
        /// The row that came closest to a header, and what it lacked.
        #[serde(skip_serializing_if = "Option::is_none")]
        closest: Option<String>,
        /// That row, read: for a reading template.
        #[serde(skip)]
        candidate: Option<super::table::Closest>,
        /// The content search's two best candidates and what each lacked.
        #[serde(skip_serializing_if = "Vec::is_empty")]
        searched: Vec<String>,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SheetReport {
    /// `None` for delimited text files.
    pub name: Option<String>,
    #[serde(flatten)]
    pub outcome: SheetOutcome,
}

/// What a sheet reader needs besides the rows.
pub struct SheetInput<'a> {
    pub vocab: &'a Vocabulary,
    pub hints: &'a SheetHints,
    /// `--month-first` / `--day-first`; `None` infers each column's order.
    pub forced: Option<DayOrder>,
    pub window: super::DateWindow,
    pub file: &'a str,
    pub sheet: Option<&'a str>,
    /// The reading hints that apply to this sheet, merged.
    pub reading: Option<&'a Hinted>,
    /// Its lines are the sheet's columns (records run across).
    pub transposed: bool,
}

impl SheetInput<'_> {
    /// A line of the sheet as a message names it: `row 5`, or `column E`
    /// for a sheet read along its columns.
    pub fn line(&self, index: u32) -> String {
        if self.transposed {
            let cell = a1(0, index);
            format!(
                "column {}",
                cell.trim_end_matches(|c: char| c.is_ascii_digit())
            )
        } else {
            format!("row {}", index + 1)
        }
    }
}

/// Reads a sheet given as rows in ascending order (empty rows may be absent).
pub fn ingest_sheet(
    input: &SheetInput<'_>,
    rows: &mut dyn Iterator<Item = RowResult>,
    register: &mut Register,
    issues: &mut Vec<Issue>,
) -> SheetReport {
    let mut plan = SheetPlan::of(input.reading);
    let name = input.sheet.map(str::to_string);
    for problem in &plan.problems {
        issues.push(hint_issue(input, &plan, problem.clone(), None));
    }
    // What the sheet's own hints pin of the date order wins over the
    // command line's.
    let hints = input.hints;
    let input = &SheetInput {
        forced: plan.dates.or(input.forced),
        reading: input.reading,
        ..*input
    };
    if input.reading.is_some_and(|h| h.hint.skip == Some(true)) {
        return skipped_by_hint(input, name, &plan, rows, issues);
    }
    // The rows the header is searched in; for a header the hints pin
    // further down, down to the row after it (as a header found there is
    // read).
    let limit = match (&plan.pins.header, plan.axis) {
        (Some(header), Axis::Rows) => header
            .last()
            .map_or(HEADER_SEARCH_ROWS, |last| last.saturating_add(2))
            .max(HEADER_SEARCH_ROWS),
        _ => HEADER_SEARCH_ROWS,
    };
    let mut head = Vec::new();
    let mut carry = None;
    let mut failure = None;
    for next in &mut *rows {
        match next {
            Ok(row) if row.index < limit => head.push(row),
            Ok(row) => {
                carry = Some(row);
                break;
            }
            Err(e) => {
                failure = Some(e);
                break;
            }
        }
    }
    let ended = carry.is_none() && failure.is_none();
    let deciding = std::time::Instant::now();
    if plan.axis == Axis::Columns {
        let passed = head.iter().filter(|r| !r.is_blank()).count() as u64;
        if !ended {
            let reason = format!(
                "the reading hints ({}) say its records run along the columns, which badgemap reads only in sheets of at most {HEADER_SEARCH_ROWS} rows; this one has more",
                plan.at()
            );
            let more = carry
                .iter()
                .chain(rows.filter_map(Result::ok).collect::<Vec<_>>().iter())
                .filter(|r| !r.is_blank())
                .count() as u64;
            return skipped_for(
                input,
                name,
                reason,
                passed + more,
                failure,
                Near::default(),
                issues,
            );
        }
        return match along_columns(input, &plan, &head, register, issues, false) {
            Ok(report) => report,
            Err(no_table) => skipped(
                input,
                name,
                &no_table,
                passed,
                failure,
                Near::default(),
                issues,
            ),
        };
    }
    let pinned = plan.pins != Pins::default();
    // An Excel table's header row, unless the hints pin another.
    let excel_row = hints.header_row();
    let by_table = match &plan.pins.header {
        None => by_excel_table(input, &head, &plan.pins, issues),
        Some(_) => None,
    };
    let pinned_first = plan.pins.header.as_ref().and_then(|h| h.first().copied());
    let from_table = by_table.is_some() || (excel_row.is_some() && pinned_first == excel_row);
    let place = (input.file, input.sheet);
    let table = match by_table.map_or_else(
        || detect_pinned(&head, input.vocab, &plan.pins, place, issues),
        Ok,
    ) {
        Ok(table) => table,
        Err(no_table) => {
            let searched = by_content(
                input,
                &plan,
                &head,
                &|name| register.aliases.knows_product(name),
                issues,
            );
            // The cells decide where the headings do not (a header the hints
            // pin is not searched for).
            if let Some((searched, table)) = searched {
                plan = searched;
                table
            } else {
                let mut passed = head.iter().filter(|r| !r.is_blank()).count() as u64;
                let late = match failure {
                    None if plan.pins.header.is_none() => {
                        late_header(input, carry.take(), rows, &mut passed, &mut failure)
                    }
                    _ => None,
                };
                let Some((table, window, found)) = late else {
                    // No table along the rows: a sheet that ends within the
                    // rows held may hold its records along the columns.
                    if ended && !plan.axis_pinned {
                        let mut found = Vec::new();
                        if let Ok(report) =
                            along_columns(input, &plan, &head, register, &mut found, true)
                        {
                            issues.extend(found);
                            return report;
                        }
                    }
                    let closest = super::table::closest_candidate(&head, input.vocab);
                    let known = |n: &str| register.aliases.knows_product(n);
                    let searched = match plan.pins.header {
                        None => super::search::lacking(
                            &head,
                            input.vocab,
                            input.file,
                            input.sheet,
                            &known,
                        ),
                        Some(_) => Vec::new(),
                    };
                    return skipped(
                        input,
                        name,
                        &no_table,
                        passed,
                        failure,
                        Near {
                            candidate: closest,
                            searched,
                        },
                        issues,
                    );
                };
                issues.extend(found);
                if passed > 0 {
                    issues.push(late_header_issue(input, &table, passed));
                }
                head = window;
                table
            }
        }
    };
    // A header the hints pin below the rows searched: the rows above it
    // are not read, as when it is found there.
    let header_at = table.header_rows.first().copied().unwrap_or(0);
    if pinned && header_at >= HEADER_SEARCH_ROWS {
        let above = head
            .iter()
            .filter(|r| r.index < header_at && !r.is_blank())
            .count() as u64;
        if above > 0 {
            issues.push(late_header_issue(input, &table, above));
        }
    }
    issues.extend(level_without_flag(input, &table));
    issues.extend(pins_unmatched(input, &plan, &table));
    let sheet_id = register.add_source(input.file, input.sheet);
    let fixed = match fixed_of(input, &plan, &head, sheet_id) {
        Ok(fixed) => fixed,
        Err(why) => {
            let passed = head.iter().filter(|r| !r.is_blank()).count() as u64;
            return skipped_for(input, name, why, passed, failure, Near::default(), issues);
        }
    };
    let first = table.first_data_row();
    let (above, below): (Vec<Row>, Vec<Row>) = head.into_iter().partition(|r| r.index < first);
    super::plan::count_deciding(deciding);
    let setup = Setup {
        from_table,
        plan: &plan,
        fixed,
    };
    let mut blocks = Blocks::new(input, table, sheet_id, &above, &below, setup);
    for row in below.iter().chain(carry.as_ref()) {
        blocks.take(row, register, issues);
    }
    let mark = issues.len();
    let mut past = super::drift::Past::default();
    if failure.is_none() {
        for row in rows {
            match row {
                Ok(row) => {
                    past.saw(row.index);
                    blocks.take(&row, register, issues);
                }
                Err(e) => {
                    failure = Some(e);
                    break;
                }
            }
        }
    }
    blocks.finish(register, issues);
    let complete = failure.is_none();
    if let Some(e) = failure {
        issues.push(read_failure(input, &e));
    }
    let reading = blocks.reading(&plan);
    let Blocks {
        table,
        accounting,
        count: blocks,
        ..
    } = blocks;
    let drifted = super::drift::drift(
        input.file,
        input.sheet,
        &table.columns,
        issues.get(mark..).unwrap_or_default(),
        past,
    );
    issues.extend(drifted);
    SheetReport {
        name,
        outcome: SheetOutcome::Table {
            header_rows: table.header_rows.iter().map(|r| r + 1).collect(),
            layout: table.layout(),
            columns: table.columns,
            accounting,
            blocks,
            complete,
            reading,
        },
    }
}

/// The plan the sheet's cells give, when its headings name no table: the
/// search's pins over what the hints pin (the hints win), its member
/// source unless the hints give one, and the table read under it. A
/// runner-up nearly as good is a warning naming it.
fn by_content(
    input: &SheetInput<'_>,
    plan: &SheetPlan,
    head: &[Row],
    known_product: &dyn Fn(&str) -> bool,
    issues: &mut Vec<Issue>,
) -> Option<(SheetPlan, Table)> {
    if plan.pins.header.is_some() {
        return None;
    }
    let known = |name: &str| known_product(name);
    let found = super::search::search(head, input.vocab, input.file, input.sheet, &known)?;
    let mut searched = plan.clone();
    searched.pins.header.clone_from(&found.pins.header);
    for (col, role) in &found.pins.columns {
        if !searched.pins.columns.iter().any(|(c, _)| c == col) {
            searched.pins.columns.push((*col, *role));
        }
    }
    if searched.member.is_none() {
        searched.member = Some(found.member.clone());
        searched.pins.member_elsewhere = found.pins.member_elsewhere;
    }
    searched.searched = Some(found.describe());
    let mut local = Vec::new();
    let place = (input.file, input.sheet);
    let table = detect_pinned(head, input.vocab, &searched.pins, place, &mut local).ok()?;
    issues.extend(local);
    if let Some((row, score)) = found.runner_up {
        // Within a fifth of the best: a guess worth checking.
        if score * 5 >= found.score * 4 {
            issues.push(
                Issue::new(
                    Severity::Warning,
                    input.file,
                    format!(
                        "read by its content under the header in row {} ({} points), but the header in row {} reads nearly as well ({score} points)",
                        found.header + 1,
                        found.score,
                        row + 1
                    ),
                )
                .sheet(input.sheet)
                .action("check how the sheet was read (badgemap inspect); pin its header in a hints file (--reading) if it is the other"),
            );
        }
    }
    Some((searched, table))
}

/// The member of the whole sheet, when the plan gives one; `Err` says why
/// it cannot be read (the sheet is then skipped: nothing in it has a member).
fn fixed_of(
    input: &SheetInput<'_>,
    plan: &SheetPlan,
    head: &[Row],
    sheet_id: u32,
) -> Result<Option<FixedMember>, String> {
    let MemberPlan::Fixed(fixed) = plan.member_plan() else {
        return Ok(None);
    };
    fixed_member(
        &fixed,
        head,
        input.file,
        input.sheet,
        sheet_id,
        &plan.at(),
        input.transposed,
    )
    .map(Some)
}

/// A sheet whose records run along its columns (badges down the rows,
/// integrations across): its rows turned into lines, one per column, and
/// read as any table. `inferred` when no hint said so: the sheet had no
/// table along its rows. Every line lands in one bucket, as rows do.
fn along_columns(
    input: &SheetInput<'_>,
    plan: &SheetPlan,
    head: &[Row],
    register: &mut Register,
    issues: &mut Vec<Issue>,
    inferred: bool,
) -> Result<SheetReport, NoTable> {
    let lines = transpose(head);
    // An Excel table's extent and the file's date evidence are by the
    // sheet's columns: not used on its lines.
    let none = SheetHints::default();
    let turned = SheetInput {
        hints: &none,
        transposed: true,
        ..*input
    };
    let mut local = Vec::new();
    let place = (input.file, input.sheet);
    let table = detect_pinned(&lines, input.vocab, &plan.pins, place, &mut local)?;
    // Inferred, the headings must be named by the vocabulary itself: a
    // member column and a badge column both found, in the first column.
    if inferred && table.header_rows.first() != lines.first().map(|l| &l.index) {
        return Err(NoTable::NoMemberColumn);
    }
    // Inferred, some record must hold a badge fact (a tick, a yes, a date)
    // under a badge heading: a sheet of definitions (`Collect` | `Awarded
    // when…`) is no matrix.
    if inferred {
        let first = table.first_data_row();
        let badge_fact = lines.iter().filter(|l| l.index >= first).any(|l| {
            table.columns_with(Role::carries_badges).any(|c| {
                matches!(
                    super::evidence::class_of(l.get(c.index), input.vocab),
                    super::evidence::Class::Yes | super::evidence::Class::Date
                )
            })
        });
        if !badge_fact {
            return Err(NoTable::NoBadgeColumn {
                header_row: first.saturating_sub(1),
            });
        }
    }
    let sheet_id = register.add_source_transposed(input.file, input.sheet);
    let fixed = match fixed_of(&turned, plan, head, sheet_id) {
        Ok(fixed) => fixed,
        Err(why) => {
            let rows = lines.iter().filter(|r| !r.is_blank()).count() as u64;
            return Ok(skipped_for(
                input,
                input.sheet.map(str::to_string),
                why,
                rows,
                None,
                Near::default(),
                issues,
            ));
        }
    };
    {
        // Said the same whether inferred or pinned, so that a hints file
        // written from a run reads as that run did.
        let header = table.header_rows.first().copied().unwrap_or(0);
        local.push(
            Issue::new(
                Severity::Notice,
                input.file,
                format!(
                    "read along its columns: column {} holds the headings, and each column to its right is a record",
                    input_column(header)
                ),
            )
            .sheet(input.sheet)
            .action("each column is read as a record; if that is wrong, say how the sheet is read in a hints file (--reading)"),
        );
    }
    issues_level(&turned, &table, &mut local);
    local.extend(pins_unmatched(&turned, plan, &table));
    let first = table.first_data_row();
    let (above, below): (Vec<Row>, Vec<Row>) = lines.into_iter().partition(|r| r.index < first);
    let setup = Setup {
        from_table: false,
        plan,
        fixed,
    };
    let mut blocks = Blocks::new(&turned, table, sheet_id, &above, &below, setup);
    for line in &below {
        blocks.take(line, register, &mut local);
    }
    blocks.finish(register, &mut local);
    // The issues name cells as the sheet shows them.
    for issue in &mut local {
        if let Some(cell) = issue.cell.as_deref().and_then(swap_a1) {
            issue.cell = Some(cell);
        }
    }
    issues.extend(local);
    let mut reading = blocks.reading(plan);
    reading.records = Axis::Columns;
    let Blocks {
        mut table,
        accounting,
        count: blocks,
        ..
    } = blocks;
    for c in &mut table.columns {
        if let Some(cell) = swap_a1(&c.cell) {
            c.cell = cell;
        }
    }
    Ok(SheetReport {
        name: input.sheet.map(str::to_string),
        outcome: SheetOutcome::Table {
            header_rows: table.header_rows.iter().map(|r| r + 1).collect(),
            layout: table.layout(),
            columns: table.columns,
            accounting,
            blocks,
            complete: true,
            reading,
        },
    })
}

/// The letters of a zero-based column.
fn input_column(col: u32) -> String {
    a1(0, col)
        .trim_end_matches(|c: char| c.is_ascii_digit())
        .to_string()
}

fn issues_level(input: &SheetInput<'_>, table: &Table, issues: &mut Vec<Issue>) {
    issues.extend(level_without_flag(input, table));
}

/// A warning about the reading hints of a sheet.
fn hint_issue(
    input: &SheetInput<'_>,
    plan: &SheetPlan,
    message: String,
    cell: Option<String>,
) -> Issue {
    let mut issue = Issue::new(Severity::Warning, input.file, message)
        .sheet(input.sheet)
        .action(format!("check the reading hints ({})", plan.at()));
    if let Some(cell) = cell {
        issue = issue.cell(cell);
    }
    issue
}

/// A heading the hints pin that no header cell holds: a warning naming the
/// header.
fn pins_unmatched(input: &SheetInput<'_>, plan: &SheetPlan, table: &Table) -> Vec<Issue> {
    let header = table.header_rows.last().copied().unwrap_or(0);
    let Some(hint) = input.reading.map(|h| &h.hint) else {
        return Vec::new();
    };
    let mut named: Vec<&str> = hint.roles.iter().map(|(h, _)| h.as_str()).collect();
    for source in [&hint.member, &hint.integration].into_iter().flatten() {
        if let Source::Heading(h) = source {
            named.push(h);
        }
    }
    named
        .into_iter()
        .filter(|h| {
            let key = crate::text::compact_key(h);
            !table.columns.iter().any(|c| c.key == key)
        })
        .map(|h| {
            let nearest = table
                .columns
                .iter()
                .filter(|c| !c.header.is_empty())
                .map(|c| (strsim::levenshtein(&h.to_lowercase(), &c.header.to_lowercase()), &c.header))
                .min()
                .filter(|(d, _)| *d <= (h.chars().count() / 3).max(2))
                .map(|(_, near)| format!("; did you mean {near:?}?"))
                .unwrap_or_default();
            hint_issue(
                input,
                plan,
                format!(
                    "the reading hints name the heading {h:?}, which no cell of the header ({}) holds{nearest}",
                    input.line(header)
                ),
                None,
            )
        })
        .collect()
}

/// A sheet the hints say to skip: its rows counted, nothing read.
fn skipped_by_hint(
    input: &SheetInput<'_>,
    name: Option<String>,
    plan: &SheetPlan,
    rows: &mut dyn Iterator<Item = RowResult>,
    issues: &mut Vec<Issue>,
) -> SheetReport {
    let mut count = 0u64;
    let mut failure = None;
    for row in rows {
        match row {
            Ok(row) => count += u64::from(!row.is_blank()),
            Err(e) => {
                failure = Some(e);
                break;
            }
        }
    }
    if let Some(e) = failure {
        issues.push(read_failure(input, &e));
    }
    let reason = format!("skipped as the reading hints say ({})", plan.at());
    issues.push(
        Issue::new(
            Severity::Notice,
            input.file,
            format!("sheet {reason}; {count} non-empty rows not read"),
        )
        .sheet(input.sheet)
        .action("nothing read from this sheet, as intended"),
    );
    SheetReport {
        name,
        outcome: SheetOutcome::Skipped {
            reason,
            rows: count,
            closest: None,
            candidate: None,
            searched: Vec::new(),
        },
    }
}

/// The table whose header row an Excel table declares, when that row names one.
fn by_excel_table(
    input: &SheetInput<'_>,
    head: &[Row],
    pins: &Pins,
    issues: &mut Vec<Issue>,
) -> Option<Table> {
    let at = input.hints.header_row()?;
    // The header with the rows under it, so that ids are told by their values.
    let from: Vec<Row> = head.iter().filter(|r| r.index >= at).cloned().collect();
    let mut found = Vec::new();
    let place = (input.file, input.sheet);
    let table = detect_pinned(&from, input.vocab, pins, place, &mut found).ok()?;
    if table.header_rows.first() != Some(&at) {
        return None;
    }
    issues.extend(found);
    Some(table)
}

/// The warning for a header found below the first rows, counting the
/// non-empty rows above it that were not read.
fn late_header_issue(input: &SheetInput<'_>, table: &Table, above: u64) -> Issue {
    Issue::new(
        Severity::Warning,
        input.file,
        format!(
            "the header is in row {}, below the first {HEADER_SEARCH_ROWS} rows; {above} non-empty rows above it were not read as records",
            table.header_rows.first().map_or(0, |r| r + 1)
        ),
    )
    .sheet(input.sheet)
    .action("rows from the header on were read; check the rows above it hold no records")
}

/// The notice for a level column without an awarded flag.
fn level_without_flag(input: &SheetInput<'_>, table: &Table) -> Option<Issue> {
    if !table.has(Role::Level) || table.has(Role::AwardedFlag) {
        return None;
    }
    let cell = table
        .column(Role::Level)
        .map(|c| c.cell.clone())
        .unwrap_or_default();
    Some(
        Issue::new(
            Severity::Notice,
            input.file,
            "level column without an awarded flag column: every level is taken as awarded",
        )
        .sheet(input.sheet)
        .cell(cell)
        .action("levels counted; add an 'Awarded' column if some levels were never awarded"),
    )
}

/// What came nearest to a table in a skipped sheet: the row closest to a
/// header by its headings, and the content search's two best candidates.
#[derive(Default)]
struct Near {
    candidate: Option<super::table::Closest>,
    searched: Vec<String>,
}

/// A sheet with no table: a warning when it held rows (nothing with rows is
/// skipped quietly), nothing when it was empty.
fn skipped(
    input: &SheetInput<'_>,
    name: Option<String>,
    no_table: &NoTable,
    rows: u64,
    failure: Option<ReadError>,
    near: Near,
    issues: &mut Vec<Issue>,
) -> SheetReport {
    skipped_for(input, name, no_table.reason(), rows, failure, near, issues)
}

/// A sheet not read, for `reason`.
fn skipped_for(
    input: &SheetInput<'_>,
    name: Option<String>,
    reason: String,
    rows: u64,
    failure: Option<ReadError>,
    near: Near,
    issues: &mut Vec<Issue>,
) -> SheetReport {
    let Near {
        candidate,
        searched,
    } = near;
    let closest = candidate.as_ref().map(|c| c.describe(input.vocab));
    if let Some(e) = failure {
        issues.push(read_failure(input, &e));
    }
    if rows > 0 {
        issues.push(
            Issue::new(
                Severity::Warning,
                input.file,
                format!(
                    "sheet skipped: {reason}; {rows} non-empty {} not read{}{}",
                    if rows == 1 { "row" } else { "rows" },
                    closest
                        .as_ref()
                        .map(|c| format!("; the closest to a header is {c}"))
                        .unwrap_or_default(),
                    if searched.is_empty() {
                        String::new()
                    } else {
                        format!(
                            "; searched by content, the best candidates: {}",
                            searched.join("; ")
                        )
                    }
                ),
            )
            .sheet(input.sheet)
            .action("nothing read from this sheet; add a header row if it holds badge records"),
        );
    }
    SheetReport {
        name,
        outcome: SheetOutcome::Skipped {
            reason,
            rows,
            closest,
            candidate,
            searched,
        },
    }
}

/// Looks for a header below the first rows, holding three rows at a time
/// (the row before, a row naming a member column, the row after: enough for
/// a header split over two rows), so that memory stays bounded whatever the
/// sheet's length. Counts the non-empty rows passed over in `passed`.
/// Returns the table, the rows from its header on, and the issues its
/// detection raised.
fn late_header(
    input: &SheetInput<'_>,
    first: Option<Row>,
    rows: &mut dyn Iterator<Item = RowResult>,
    passed: &mut u64,
    failure: &mut Option<ReadError>,
) -> Option<(Table, Vec<Row>, Vec<Issue>)> {
    let names_member = |row: &Row| {
        row.cells
            .iter()
            .any(|c| recognise(&c.display(), input.vocab) == Some(Role::Member))
    };
    let mut next = |pending: &mut Option<Row>| -> Option<Row> {
        if let Some(row) = pending.take() {
            return Some(row);
        }
        match rows.next()? {
            Ok(row) => Some(row),
            Err(e) => {
                *failure = Some(e);
                None
            }
        }
    };
    let mut pending = first;
    let mut previous: Option<Row> = None;
    while let Some(row) = next(&mut pending) {
        if names_member(&row) {
            let after = next(&mut pending);
            // The row and the one after it first; with the row before only if
            // that fails (a group row above a split header).
            let own: Vec<Row> = std::iter::once(row.clone())
                .chain(after.iter().cloned())
                .collect();
            let mut found = Vec::new();
            let mut window = own.clone();
            let mut table = detect(&own, input.vocab, input.file, input.sheet, &mut found);
            if table.is_err() {
                if let Some(p) = &previous {
                    window = std::iter::once(p.clone()).chain(own).collect();
                    found.clear();
                    table = detect(&window, input.vocab, input.file, input.sheet, &mut found);
                }
            }
            if let Ok(table) = table {
                let start = table.header_rows.first().copied().unwrap_or(row.index);
                // `previous` was counted as passed over: not if the header
                // starts there. `row` was not counted yet.
                if previous
                    .as_ref()
                    .is_some_and(|p| p.index >= start && !p.is_blank())
                {
                    *passed = passed.saturating_sub(1);
                }
                if row.index < start && !row.is_blank() {
                    *passed += 1;
                }
                let from_header = window.into_iter().filter(|r| r.index >= start).collect();
                return Some((table, from_header, found));
            }
            pending = after;
        }
        *passed += u64::from(!row.is_blank());
        previous = Some(row);
    }
    None
}

fn read_failure(input: &SheetInput<'_>, error: &ReadError) -> Issue {
    Issue::new(
        Severity::Error,
        input.file,
        format!("reading stopped part-way through the sheet: {error}"),
    )
    .sheet(input.sheet)
    .action(
        "rows before the fault were kept; re-save the file from Excel or LibreOffice and run again",
    )
}
