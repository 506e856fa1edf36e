//! `inspect --reading-template`: the reading plan of every sheet written as
//! a hints file, ready to edit and give back as `--reading`. It pins what
//! was decided (the axis, the header lines, each column's role as a hint
//! pins it, where the member came from, a fill-down found), so that reading
//! the inputs again with it gives the same outputs; a skipped sheet gets its
//! closest candidate, commented out, with what it lacked.

use crate::ingest::reading::{Axis, Source};
use crate::ingest::roles::Role;
use crate::ingest::sheet::{SheetOutcome, SheetReport};
use crate::ingest::table::Column;
use crate::ingest::Ingested;
use crate::model::cell::a1;
use crate::vocab::Vocabulary;
use std::fmt::Write;

/// The hints file for everything `ingested` read.
pub(super) fn template(ingested: &Ingested, vocab: &Vocabulary) -> String {
    let mut out = String::from(
        "# Reading hints written by `badgemap inspect --reading-template`: how each sheet was\n\
         # read. Edit what is wrong and give the file back with --reading; what an entry\n\
         # pins is not guessed, the rest is inferred around it. docs/inputs.md describes\n\
         # every key.\n",
    );
    for file in &ingested.files {
        for sheet in &file.sheets {
            out.push('\n');
            match &sheet.outcome {
                SheetOutcome::Table { .. } => table_entry(&mut out, &file.path, sheet, vocab),
                SheetOutcome::Skipped { .. } => skipped_entry(&mut out, &file.path, sheet, vocab),
            }
        }
    }
    out
}

/// A TOML string.
fn quoted(text: &str) -> String {
    let mut s = String::with_capacity(text.len() + 2);
    s.push('"');
    for c in text.chars() {
        match c {
            '"' => s.push_str("\\\""),
            '\\' => s.push_str("\\\\"),
            '\n' => s.push_str("\\n"),
            '\t' => s.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(s, "\\u{:04X}", c as u32);
            }
            c => s.push(c),
        }
    }
    s.push('"');
    s
}

fn letters(col: u32) -> String {
    a1(0, col)
        .trim_end_matches(|c: char| c.is_ascii_digit())
        .to_string()
}

/// The word a hints file gives a role.
fn role_word(role: Option<Role>, vocab: &Vocabulary) -> String {
    role.map_or_else(|| "ignored".to_string(), |r| r.describe(vocab))
}

/// An entry's first lines: the input by its exact path (so that no other
/// input's entry applies to it), and the sheet by its name (`##` for a name
/// starting with `#`, which would read as a position).
fn head(out: &mut String, path: &str, sheet: &SheetReport) {
    let _ = writeln!(out, "[[sheet]]\npath = {}", quoted(path));
    if let Some(name) = &sheet.name {
        let name = if name.starts_with('#') {
            format!("#{name}")
        } else {
            name.clone()
        };
        let _ = writeln!(out, "sheet = {}", quoted(&name));
    }
}

fn table_entry(out: &mut String, path: &str, sheet: &SheetReport, vocab: &Vocabulary) {
    let SheetOutcome::Table {
        header_rows,
        columns,
        reading,
        ..
    } = &sheet.outcome
    else {
        return;
    };
    head(out, path, sheet);
    let along = reading.records == Axis::Columns;
    if along {
        let _ = writeln!(out, "records = \"columns\"");
    }
    let lines: Vec<u32> = header_rows.iter().map(|r| r.saturating_sub(1)).collect();
    match (along, lines.as_slice()) {
        (true, [col, ..]) => {
            let _ = writeln!(out, "header = {}", quoted(&letters(*col)));
        }
        (false, [row]) => {
            let _ = writeln!(out, "header = {}", row + 1);
        }
        (false, [upper, lower]) => {
            let _ = writeln!(out, "header = [{}, {}]", upper + 1, lower + 1);
        }
        _ => {}
    }
    // A heading pins every column under it: one written twice (or blank)
    // is pinned by its column instead.
    let repeated =
        |c: &Column| c.key.is_empty() || columns.iter().filter(|o| o.key == c.key).count() > 1;
    let line_of = |c: &Column| -> String {
        if along {
            // The column's line is a row of the sheet.
            format!("{{ row = {} }}", c.index + 1)
        } else {
            format!("{{ column = {} }}", quoted(&letters(c.index)))
        }
    };
    let mut shown: Vec<u32> = Vec::new();
    match &reading.member_source {
        Some(source) => {
            let _ = writeln!(out, "member = {}", source_text(source));
        }
        None => {
            if let Some(c) = columns.iter().find(|c| c.plan_role == Some(Role::Member)) {
                let value = if repeated(c) {
                    line_of(c)
                } else {
                    format!("{{ heading = {} }}", quoted(&c.heading))
                };
                let _ = writeln!(out, "member = {value}");
                shown.push(c.index);
            }
        }
    }
    if let Some(c) = columns
        .iter()
        .find(|c| c.plan_role == Some(Role::Integration) && !repeated(c))
    {
        let _ = writeln!(out, "integration = {{ heading = {} }}", quoted(&c.heading));
        shown.push(c.index);
    }
    if reading.fill_down {
        let _ = writeln!(out, "fill_down = true");
    }
    if let Some(year) = reading.year {
        let _ = writeln!(out, "year = {year}");
    }
    if let Some(order) = reading.dates {
        let word = match order {
            crate::ingest::dates::DayOrder::DayFirst => "day-first",
            crate::ingest::dates::DayOrder::MonthFirst => "month-first",
        };
        let _ = writeln!(out, "dates = \"{word}\"");
    }
    let rest: Vec<&Column> = columns
        .iter()
        .filter(|c| !shown.contains(&c.index))
        .collect();
    let by_heading: Vec<&&Column> = rest.iter().filter(|c| !repeated(c)).collect();
    if !by_heading.is_empty() {
        let _ = writeln!(out, "[sheet.roles]");
        for c in by_heading {
            let _ = writeln!(
                out,
                "{} = {}",
                quoted(&c.heading),
                quoted(&role_word(c.plan_role, vocab))
            );
        }
    }
    let by_column: Vec<&&Column> = rest.iter().filter(|c| repeated(c)).collect();
    if !by_column.is_empty() && !along {
        let _ = writeln!(out, "[sheet.columns]");
        for c in by_column {
            let _ = writeln!(
                out,
                "{} = {}",
                quoted(&letters(c.index)),
                quoted(&role_word(c.plan_role, vocab))
            );
        }
    }
}

fn source_text(source: &Source) -> String {
    match source {
        Source::Heading(h) => format!("{{ heading = {} }}", quoted(h)),
        Source::Column(c) => format!("{{ column = {} }}", quoted(&letters(*c))),
        Source::Row(r) => format!("{{ row = {} }}", r + 1),
        Source::Cell(r, c) => format!("{{ cell = {} }}", quoted(&a1(*r, *c))),
        Source::SheetName => "{ sheet_name = true }".to_string(),
        Source::FileName => "{ file_name = true }".to_string(),
        Source::ParentLines => "{ parent_lines = true }".to_string(),
        Source::Label(None) => "{ label = \"\" }".to_string(),
        Source::Label(Some(w)) => format!("{{ label = {} }}", quoted(w)),
        Source::Value(v) => format!("{{ value = {} }}", quoted(v)),
    }
}

/// A skipped sheet: what it lacked, and its closest candidate commented
/// out, as an entry to complete.
fn skipped_entry(out: &mut String, path: &str, sheet: &SheetReport, vocab: &Vocabulary) {
    let SheetOutcome::Skipped {
        reason,
        rows,
        candidate,
        searched,
        ..
    } = &sheet.outcome
    else {
        return;
    };
    let name = sheet
        .name
        .as_ref()
        .map_or_else(|| path.to_string(), |n| format!("{path} › {n}"));
    let _ = writeln!(out, "# {name}: skipped ({rows} non-empty rows): {reason}");
    if *rows == 0 {
        return;
    }
    for found in searched {
        let _ = writeln!(out, "# searched by content: {found}");
    }
    let mut entry = String::new();
    head(&mut entry, path, sheet);
    match candidate {
        Some(c) => {
            let _ = writeln!(entry, "header = {}", c.row + 1);
            let has = |role: Role| c.headings.iter().any(|(_, _, r)| *r == Some(role));
            if !has(Role::Member) {
                let _ = writeln!(
                    entry,
                    "member = {{ heading = \"…\" }}   # or {{ column = \"B\" }}, {{ cell = \"A1\" }}, {{ sheet_name = true }}, {{ parent_lines = true }}, …"
                );
            }
            let _ = writeln!(entry, "[sheet.roles]");
            for (_, heading, role) in &c.headings {
                let _ = writeln!(
                    entry,
                    "{} = {}",
                    quoted(heading),
                    quoted(&role_word(*role, vocab))
                );
            }
            let _ = writeln!(
                out,
                "# the closest to a header is {}; complete it and remove the #s:",
                c.describe(vocab)
            );
        }
        None => {
            let _ = writeln!(
                entry,
                "skip = true   # or say where its header and member are"
            );
        }
    }
    for line in entry.lines() {
        let _ = writeln!(out, "# {line}");
    }
}
