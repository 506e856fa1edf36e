//! `--force` never destroys an analyst's work. Before a run replaces a
//! reconciled workbook, it looks at it. A workbook as badgemap wrote it (its
//! document properties untouched: the title badgemap gives, created and last
//! modified on its as-of date, by nobody) says in its hidden sheet how much
//! analyst work it carries, so only that small sheet is read; one saved
//! since by a spreadsheet program is read whole. If it holds anything an
//! analyst typed (decisions, dates, comments, contacts, added columns) that
//! the run's `--previous` does not carry, it is kept beside the new one as a
//! dated backup, and the run says so.

use crate::recheck::Previous;
use std::path::{Path, PathBuf};

/// What a workbook holds that an analyst typed, in words (`3 decided
/// Worklist rows, 1 request, 2 added columns`); `None` when nothing.
fn analyst_work(p: &Previous) -> Option<String> {
    let mut parts = Vec::new();
    let count = |n: usize, one: &str, many: &str| match n {
        1 => format!("1 {one}"),
        n => format!("{n} {many}"),
    };
    if !p.rows.is_empty() {
        parts.push(count(
            p.rows.len(),
            "Worklist row typed on",
            "Worklist rows typed on",
        ));
    }
    if !p.requests.is_empty() {
        parts.push(count(
            p.requests.len(),
            "request typed on",
            "requests typed on",
        ));
    }
    let added: usize = [&p.added_worklist, &p.added_requests, &p.added_members]
        .iter()
        .filter(|a| !a.rows.is_empty())
        .map(|a| a.headers.len())
        .sum();
    if added > 0 {
        parts.push(count(
            added,
            "filled column of your own (or Contact)",
            "filled columns of your own (or Contact)",
        ));
    }
    (!parts.is_empty()).then(|| parts.join(", "))
}

/// Whether the workbook is as badgemap wrote it: a program that saves it
/// (Excel, `LibreOffice`, a library) rewrites its core document properties.
fn untouched(path: &Path) -> bool {
    use std::io::Read;
    let core = std::fs::File::open(path)
        .ok()
        .and_then(|f| zip::ZipArchive::new(f).ok())
        .and_then(|mut z| {
            let part = z.by_name("docProps/core.xml").ok()?;
            let mut text = String::new();
            // A few hundred bytes as badgemap writes it; read at most 64 KiB.
            part.take(65_536).read_to_string(&mut text).ok()?;
            Some(text)
        });
    let Some(core) = core else {
        return false;
    };
    let between = |open: &str, close: &str| -> Option<String> {
        let start = core.find(open)? + open.len();
        let rest = core.get(start..)?;
        let start = start + rest.find('>')? + 1;
        let end = core.get(start..)?.find(close)? + start;
        core.get(start..end).map(str::to_string)
    };
    let title = between("<dc:title", "</dc:title>");
    let by = between("<cp:lastModifiedBy", "</cp:lastModifiedBy>").unwrap_or_default();
    let created = between("<dcterms:created", "</dcterms:created>");
    let modified = between("<dcterms:modified", "</dcterms:modified>");
    title.as_deref() == Some(crate::layout::META_MARKER)
        && by.is_empty()
        && created.is_some()
        && created == modified
        && created
            .as_deref()
            .is_some_and(|c| c.ends_with("T00:00:00Z"))
}

/// What an untouched workbook's hidden sheet says it carries of an
/// analyst's, and its as-of date; `None` when it says nothing (an older
/// badgemap wrote it: read whole instead).
fn carried(path: &Path) -> Option<(usize, chrono::NaiveDate)> {
    use calamine::{open_workbook, Reader, Xlsx};
    let mut book: Xlsx<_> = open_workbook(path).ok()?;
    let meta = book.worksheet_range(crate::layout::META_SHEET).ok()?;
    let value = |key: &str| {
        meta.rows()
            .find(|r| r.first().is_some_and(|c| *c == key))
            .and_then(|r| r.get(1).map(ToString::to_string))
    };
    let work = value(crate::layout::ANALYST_WORK)?.parse().ok()?;
    let as_of = chrono::NaiveDate::parse_from_str(&value("as_of")?, "%Y-%m-%d").ok()?;
    Some((work, as_of))
}

/// A name beside `output` for its backup: `reconciled.backup-2026-11-24.xlsx`
/// (`-2`, `-3`, … when taken).
fn backup_name(output: &Path, as_of: chrono::NaiveDate) -> PathBuf {
    let stem = output
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("reconciled");
    let dir = output.parent().unwrap_or(Path::new(""));
    let base = format!("{stem}.backup-{as_of}");
    let mut candidate = dir.join(format!("{base}.xlsx"));
    let mut n = 2;
    while candidate.exists() {
        candidate = dir.join(format!("{base}-{n}.xlsx"));
        n += 1;
    }
    candidate
}

/// Keeps the workbook at `output`, about to be replaced, when it holds an
/// analyst's work that `previous` (the run's `--previous`) does not carry;
/// the message to print when it did.
pub(super) fn keep_worked(
    output: &Path,
    previous: Option<&Path>,
    as_of: chrono::NaiveDate,
) -> super::Result<Option<String>> {
    if !output.exists() {
        return Ok(None);
    }
    let said = if untouched(output) {
        carried(output)
    } else {
        None
    };
    let (work, written_as_of) = if let Some((n, date)) = said {
        if n == 0 {
            return Ok(None);
        }
        {
            (
                match n {
                    1 => "1 row an analyst typed on (carried from its own --previous)".to_string(),
                    n => format!("{n} rows an analyst typed on (carried from its own --previous)"),
                },
                date,
            )
        }
    } else {
        // Not a badgemap workbook, or unreadable: nothing of an analyst's to
        // lose that badgemap could have carried; replaced as before.
        let Ok(existing) = crate::recheck::read(output, as_of) else {
            return Ok(None);
        };
        let Some(work) = analyst_work(&existing) else {
            return Ok(None);
        };
        (work, existing.meta.as_of)
    };
    let same = previous
        .and_then(|p| std::fs::read(p).ok())
        .zip(std::fs::read(output).ok())
        .is_some_and(|(a, b)| a == b);
    if same {
        return Ok(None);
    }
    let backup = backup_name(output, written_as_of);
    std::fs::rename(output, &backup).map_err(|e| {
        super::fail(format!(
            "{} holds an analyst's work ({work}) and could not be kept as {}: {e}; copy it elsewhere, or give it as --previous",
            output.display(),
            backup.display()
        ))
    })?;
    let carried = match previous {
        Some(p) => format!("that --previous {} does not carry", p.display()),
        None => "that this run, without --previous, does not carry".to_string(),
    };
    Ok(Some(format!(
        "kept the earlier {} as {}: it held {work} {carried}; give it as --previous to carry them",
        output.display(),
        backup.display()
    )))
}
