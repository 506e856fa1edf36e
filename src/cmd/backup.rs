//! `--force` never destroys an analyst's work. Before a run replaces a
//! reconciled workbook, it reads it: if it holds anything an analyst typed
//! (decisions, dates, comments, contacts, added columns) that the run's
//! `--previous` does not carry, it is kept beside the new one as a dated
//! backup, and the run says so.

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
    // Not a badgemap workbook, or unreadable: nothing of an analyst's to lose
    // that badgemap could have carried; replaced as before.
    let Ok(existing) = crate::recheck::read(output, as_of) else {
        return Ok(None);
    };
    let Some(work) = analyst_work(&existing) else {
        return Ok(None);
    };
    let same = previous
        .and_then(|p| std::fs::read(p).ok())
        .zip(std::fs::read(output).ok())
        .is_some_and(|(a, b)| a == b);
    if same {
        return Ok(None);
    }
    let backup = backup_name(output, existing.meta.as_of);
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
