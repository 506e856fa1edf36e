//! What is doubtful about a row once read: an award date outside the
//! programme's window, a value that conflicts with one read earlier, an
//! unclear inactive flag.

use super::SheetContext;
use crate::ingest::flags::{read_flag, Flag};
use crate::ingest::register::{BadgeFact, Conflict, Encoding, Register};
use crate::ingest::roles::Role;
use crate::ingest::table::{Column, Row};
use crate::ingest::value::a1;
use crate::issue::{Issue, Severity};

/// An award date before the programme started, after it ended or after the
/// as-of date is not used: the award counts as undated, and an issue names
/// the cell.
pub(super) fn out_of_window(
    fact: &mut BadgeFact,
    ctx: &SheetContext<'_>,
    row: &Row,
    issues: &mut Vec<Issue>,
) {
    let Some(date) = fact.date else { return };
    let why = match (ctx.window.earliest, ctx.window.latest) {
        (Some(start), _) if date.last_day() < start => {
            format!("before the programme started ({start})")
        }
        (_, Some(as_of)) if date.date > as_of => format!("after the as-of date ({as_of})"),
        _ => match ctx.window.ended {
            Some(end) if date.date > end => format!("after the programme ended ({end})"),
            _ => return,
        },
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

pub(super) fn conflict_issue(
    ctx: &SheetContext<'_>,
    register: &Register,
    conflict: &Conflict,
) -> Issue {
    let kept = conflict.kept.source;
    let there = register.source(kept);
    let place = crate::model::Location {
        file: there.file.clone(),
        sheet: there.sheet.clone(),
        cell: Some(there.cell(kept)),
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
pub(super) fn inactive_flag<'t>(
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
            Flag::Unclear | Flag::Status(_) => issues.push(
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
