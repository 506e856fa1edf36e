//! The reading plan of one sheet: which way its records run, where its
//! header is, what each column is, where the member comes from, and the
//! year, fill-down and date order that apply to it. Inference decides a
//! plan for every sheet (the header search of `table.rs`, the fill-down and
//! date evidence of `block.rs`); a reading hint (`reading.rs`) pins any
//! part of it, and the rest is inferred around what is pinned. The plan a
//! sheet was read with is reported (`inspect`, its JSON) and can be written
//! back as hints (`inspect --reading-template`): reading with those hints
//! gives the same outputs.
//!
//! The stages of `ingest/`: bytes become rows in `workbook.rs`,
//! `delimited.rs` and `rows` readers (behind `guard/`); evidence is
//! gathered by `header.rs`, `roles.rs`, `date_order.rs`, `hints.rs` (what
//! a workbook declares) and `lines.rs`; the plan is decided here and in
//! `table.rs`; records are read by `block.rs` and `rows/`.

use super::dates::DayOrder;
use super::reading::{Axis, SheetHint, Source};
use super::roles::Role;
use super::table::{Pins, Row};
use super::value::{a1, Value};
use crate::model::{AwardDate, MemberFrom, Outside, SourceRef};
use crate::text::compact_key;
use serde::Serialize;
use std::sync::Arc;

/// Time spent deciding reading plans in this process, for `run -v`: the
/// per-sheet decision, apart from reading rows.
static DECIDING_NANOS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// Adds the time since `since` to the time spent deciding plans.
pub fn count_deciding(since: std::time::Instant) {
    let nanos = u64::try_from(since.elapsed().as_nanos()).unwrap_or(u64::MAX);
    DECIDING_NANOS.fetch_add(nanos, std::sync::atomic::Ordering::Relaxed);
}

/// The time spent deciding reading plans so far.
pub fn deciding_time() -> std::time::Duration {
    std::time::Duration::from_nanos(DECIDING_NANOS.load(std::sync::atomic::Ordering::Relaxed))
}

/// The hints that apply to one sheet, merged, and where they were written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Hinted {
    pub hint: SheetHint,
    /// `reading.toml:3`, for each entry that applied.
    pub at: Vec<String>,
}

/// Where a sheet's member comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MemberPlan {
    /// A column of the table.
    Column,
    /// Member lines above their integrations, in the integration's column.
    ParentLines,
    /// Label lines (`Member: Acme`), with the label's word if a hint gave it.
    Label(Option<String>),
    /// One member for the whole sheet, from a cell, the sheet's or file's
    /// name, or a value the hints give.
    Fixed(Fixed),
}

/// Where a whole sheet's member is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fixed {
    /// Zero-based row and column, as the sheet shows them.
    Cell(u32, u32),
    SheetName,
    FileName,
    Value(String),
    /// Found by reading the sheet's context (the organisation a file's name
    /// names), with where.
    Named {
        name: String,
        from: MemberFrom,
    },
}

/// The member of a whole sheet, read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FixedMember {
    pub name: String,
    pub from: MemberFrom,
}

/// What of the plan is decided before the sheet's rows are read.
#[derive(Debug, Clone, Default)]
pub struct SheetPlan {
    pub axis: Axis,
    /// The axis was pinned (else inferred: rows, or columns for a sheet
    /// with no table along its rows).
    pub axis_pinned: bool,
    pub member: Option<MemberPlan>,
    pub pins: Pins,
    /// A year for undated awards, and where it was given.
    pub year: Option<(AwardDate, String)>,
    pub fill_down: Option<bool>,
    pub dates: Option<DayOrder>,
    pub hinted: Vec<String>,
    /// Problems with the hints themselves, for warnings.
    pub problems: Vec<String>,
    /// Set when the sheet's cells decided the plan: how.
    pub searched: Option<String>,
}

impl SheetPlan {
    /// The plan the hints give a sheet (none: everything inferred).
    pub fn of(hinted: Option<&Hinted>) -> SheetPlan {
        let Some(Hinted { hint, at }) = hinted else {
            return SheetPlan::default();
        };
        let axis = hint.records.unwrap_or_default();
        let mut plan = SheetPlan {
            axis,
            axis_pinned: hint.records.is_some(),
            hinted: at.clone(),
            fill_down: hint.fill_down,
            dates: hint.dates,
            year: hint.year.and_then(|y| {
                Some((
                    AwardDate::year(y)?,
                    format!("the reading hints ({})", at.join(", ")),
                ))
            }),
            ..SheetPlan::default()
        };
        let mut pins = Pins {
            header: hint.header.clone(),
            ..Pins::default()
        };
        for (heading, role) in &hint.roles {
            pins.headings.push((compact_key(heading), *role));
        }
        for (col, role) in &hint.columns {
            pins.columns.push((*col, *role));
        }
        let mut line = |source: &Source, role: Role, plan: &mut SheetPlan| {
            match source {
            Source::Heading(h) => pins.headings.push((compact_key(h), Some(role))),
            Source::Column(c) if axis == Axis::Rows => pins.columns.push((*c, Some(role))),
            Source::Row(r) if axis == Axis::Columns => pins.columns.push((*r, Some(role))),
            Source::Column(_) => plan.problems.push(format!(
                "with records = \"columns\" the {} is on a line: give {{ row = N }}, not a column",
                role_name(role)
            )),
            Source::Row(_) => plan.problems.push(format!(
                "with records along the rows the {} is in a column: give {{ column = \"B\" }} or {{ heading = \"…\" }}, not a row",
                role_name(role)
            )),
            _ => plan.problems.push(format!(
                "the {} comes from a column (heading, column or row); {} is for the member",
                role_name(role),
                describe_source(source)
            )),
        }
        };
        if let (Some(m), Some(i)) = (&hint.member, &hint.integration) {
            if m == i {
                plan.problems.push(format!(
                    "the member and the integration are given the same source ({}); the integration's is used",
                    describe_source(m)
                ));
            }
        }
        if let Some(source) = &hint.integration {
            line(source, Role::Integration, &mut plan);
        }
        plan.member = hint.member.as_ref().map(|source| match source {
            Source::Heading(_) | Source::Column(_) | Source::Row(_) => {
                line(source, Role::Member, &mut plan);
                MemberPlan::Column
            }
            Source::Cell(r, c) => MemberPlan::Fixed(Fixed::Cell(*r, *c)),
            Source::SheetName => MemberPlan::Fixed(Fixed::SheetName),
            Source::FileName => MemberPlan::Fixed(Fixed::FileName),
            Source::Value(v) => MemberPlan::Fixed(Fixed::Value(v.clone())),
            Source::ParentLines => MemberPlan::ParentLines,
            Source::Label(word) => MemberPlan::Label(word.clone()),
        });
        pins.member_elsewhere = plan
            .member
            .as_ref()
            .is_some_and(|m| *m != MemberPlan::Column);
        plan.pins = pins;
        plan
    }

    /// The member plan, inferred where no hint gave one: a column.
    pub fn member_plan(&self) -> MemberPlan {
        self.member.clone().unwrap_or(MemberPlan::Column)
    }

    /// Where the hints were written, for messages: `reading.toml:3`.
    pub fn at(&self) -> String {
        self.hinted.join(", ")
    }

    /// What a hints file says to give this plan's member source (none for a
    /// column: the roles say it).
    pub fn member_source(&self) -> Option<Source> {
        match self.member_plan() {
            MemberPlan::Column => None,
            MemberPlan::ParentLines => Some(Source::ParentLines),
            MemberPlan::Label(word) => Some(Source::Label(word)),
            MemberPlan::Fixed(Fixed::Cell(r, c)) => Some(Source::Cell(r, c)),
            MemberPlan::Fixed(Fixed::SheetName) => Some(Source::SheetName),
            MemberPlan::Fixed(Fixed::FileName) => Some(Source::FileName),
            MemberPlan::Fixed(Fixed::Value(v)) => Some(Source::Value(v)),
            MemberPlan::Fixed(Fixed::Named { name, from }) => Some(match from {
                MemberFrom::FileName => Source::FileName,
                MemberFrom::SheetName => Source::SheetName,
                _ => Source::Value(name),
            }),
        }
    }

    /// How the plan was decided, in words.
    pub fn decided(&self) -> String {
        match (&self.searched, self.hinted.is_empty()) {
            (_, false) => format!(
                "pinned by the reading hints ({}), the rest inferred",
                self.at()
            ),
            (Some(how), true) => how.clone(),
            (None, true) => "by headings".to_string(),
        }
    }
}

fn role_name(role: Role) -> &'static str {
    if role == Role::Member {
        "member"
    } else {
        "integration"
    }
}

fn describe_source(source: &Source) -> &'static str {
    match source {
        Source::Cell(..) => "a cell",
        Source::SheetName => "the sheet's name",
        Source::FileName => "the file's name",
        Source::ParentLines => "parent lines",
        Source::Label(_) => "a label",
        Source::Value(_) => "a value",
        Source::Heading(_) | Source::Column(_) | Source::Row(_) => "a column",
    }
}

/// A whole sheet's member, read where the plan says; `Err` names what is
/// missing. `head` holds the sheet's first rows (for a cell), as the sheet
/// shows them; `transposed` says the sheet is read along its columns.
pub fn fixed_member(
    fixed: &Fixed,
    head: &[Row],
    file: &str,
    sheet: Option<&str>,
    sheet_id: u32,
    hinted: &str,
    transposed: bool,
) -> Result<FixedMember, String> {
    let tidy = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    match fixed {
        Fixed::Cell(r, c) => {
            let value = head
                .iter()
                .find(|row| row.index == *r)
                .map_or(Value::Empty, |row| row.get(*c).clone());
            let name = tidy(&value.display());
            if name.is_empty() {
                return Err(format!(
                    "the reading hints ({hinted}) give the member as the cell {}, which is empty",
                    a1(*r, *c)
                ));
            }
            // Kept as the rows of the sheet are: swapped when it is read
            // along its columns.
            let at = if transposed {
                SourceRef {
                    sheet: sheet_id,
                    row: *c,
                    col: *r,
                }
            } else {
                SourceRef {
                    sheet: sheet_id,
                    row: *r,
                    col: *c,
                }
            };
            Ok(FixedMember {
                name,
                from: MemberFrom::Cell(Outside::Title, at),
            })
        }
        Fixed::SheetName => match sheet {
            Some(name) if !name.trim().is_empty() => Ok(FixedMember {
                name: tidy(name),
                from: MemberFrom::SheetName,
            }),
            _ => Err(format!(
                "the reading hints ({hinted}) give the member as the sheet's name, but {file} is delimited text, without sheets: give {{ file_name = true }} or {{ value = \"…\" }}"
            )),
        },
        Fixed::FileName => {
            // The organisation the name names (`Brenmoor University - ORCID
            // systems`), else the whole name.
            let stem = std::path::Path::new(file)
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or(file);
            let name = super::search::organisation_in_file_name(file).unwrap_or_else(|| stem.to_string());
            Ok(FixedMember {
                name: tidy(&name),
                from: MemberFrom::FileName,
            })
        }
        Fixed::Named { name, from } => Ok(FixedMember {
            name: tidy(name),
            from: from.clone(),
        }),
        Fixed::Value(v) => Ok(FixedMember {
            name: tidy(v),
            from: MemberFrom::Given(Arc::from(hinted)),
        }),
    }
}

/// The sheet's rows turned so that each column is a line: the `index`-th
/// line holds the `index`-th column, top to bottom. Blank columns are left
/// out, as blank rows may be.
pub fn transpose(rows: &[Row]) -> Vec<Row> {
    let width = rows.iter().map(|r| r.cells.len()).max().unwrap_or(0);
    let height = rows.iter().map(|r| r.index as usize + 1).max().unwrap_or(0);
    let mut lines: Vec<Row> = (0..width)
        .map(|c| Row {
            index: c as u32,
            cells: vec![Value::Empty; height],
        })
        .collect();
    for row in rows {
        for (c, value) in row.cells.iter().enumerate() {
            if let Some(cell) = lines
                .get_mut(c)
                .and_then(|l| l.cells.get_mut(row.index as usize))
            {
                cell.clone_from(value);
            }
        }
    }
    for line in &mut lines {
        while line.cells.last().is_some_and(Value::is_blank) {
            line.cells.pop();
        }
    }
    lines.retain(|l| !l.is_blank());
    lines
}

/// `B3` for a sheet read along its columns, as its sheet shows it (`C2`).
pub fn swap_a1(cell: &str) -> Option<String> {
    let letters: String = cell.chars().take_while(char::is_ascii_alphabetic).collect();
    let col = letters.chars().try_fold(0u32, |n, c| {
        n.checked_mul(26)?
            .checked_add(c.to_ascii_uppercase() as u32 - 'A' as u32 + 1)
    })?;
    let row: u32 = cell.get(letters.len()..)?.parse().ok()?;
    Some(a1(col.checked_sub(1)?, row.checked_sub(1)?))
}

/// How a sheet was read, as `inspect` and its JSON report it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reading {
    /// Which way its records run.
    pub records: Axis,
    /// Where its member came from: `column A "Member"`, `parent lines`,
    /// `the sheet's name ("Acme")`.
    pub member: String,
    /// The hints entries that applied, if any.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub hints: Vec<String>,
    /// How the plan was decided: `pinned by the reading hints`, `by
    /// headings`, `by headings, confirmed by content`, `searched by
    /// content: header row 4 (23 points; …)`.
    pub decided: String,
    /// What a hints file would need to say where the member comes from
    /// (none for a column: the roles say it).
    #[serde(skip)]
    pub member_source: Option<Source>,
    /// Values given only on a group's first line, filled down (inferred or
    /// pinned).
    #[serde(skip)]
    pub fill_down: bool,
    #[serde(skip)]
    pub year: Option<i32>,
    #[serde(skip)]
    pub dates: Option<DayOrder>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(index: u32, cells: &[&str]) -> Row {
        Row {
            index,
            cells: cells
                .iter()
                .map(|c| {
                    if c.is_empty() {
                        Value::Empty
                    } else {
                        Value::Text((*c).to_string())
                    }
                })
                .collect(),
        }
    }

    #[test]
    fn a_matrix_turns_into_lines_one_per_column() {
        let rows = [
            row(0, &["Member", "Uni A", "Uni B"]),
            row(2, &["Authenticate", "Yes", ""]),
        ];
        let lines = transpose(&rows);
        assert_eq!(lines.len(), 3);
        assert_eq!(lines[0].cells[0], Value::Text("Member".into()));
        assert_eq!(lines[0].cells[2], Value::Text("Authenticate".into()));
        assert_eq!(lines[1].get(2), &Value::Text("Yes".into()));
        assert_eq!(lines[2].cells.len(), 1, "trailing blanks dropped");
        assert_eq!(swap_a1("B3").as_deref(), Some("C2"));
        assert_eq!(swap_a1("AA1").as_deref(), Some("A27"));
    }

    #[test]
    fn hints_become_pins_and_a_member_source() {
        let hint = SheetHint {
            member: Some(Source::SheetName),
            integration: Some(Source::Heading("System".into())),
            roles: vec![("Badge awarded".into(), Some(Role::AwardDate))],
            ..SheetHint::default()
        };
        let plan = SheetPlan::of(Some(&Hinted {
            hint,
            at: vec!["r.toml:1".into()],
        }));
        assert_eq!(plan.member, Some(MemberPlan::Fixed(Fixed::SheetName)));
        assert!(plan.pins.member_elsewhere);
        assert!(plan
            .pins
            .headings
            .contains(&("system".to_string(), Some(Role::Integration))));
        let fixed = fixed_member(
            &Fixed::SheetName,
            &[],
            "a.xlsx",
            Some("Acme  Uni"),
            0,
            "r.toml:1",
            false,
        )
        .unwrap();
        assert_eq!(fixed.name, "Acme Uni");
        assert!(
            fixed_member(&Fixed::SheetName, &[], "a.csv", None, 0, "r.toml:1", false)
                .unwrap_err()
                .contains("delimited text")
        );
    }
}
