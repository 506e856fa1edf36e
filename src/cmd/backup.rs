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
/// analyst's, its as-of date, and the SHA-256 of the `--previous` it was
/// made from; `None` when it says nothing (an older badgemap wrote it: read
/// whole instead).
fn carried(path: &Path) -> Option<(usize, chrono::NaiveDate, Option<String>)> {
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
    Some((work, as_of, value(crate::layout::PREVIOUS_SHA256)))
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

/// A workbook about to be replaced that holds an analyst's work the run's
/// `--previous` does not carry: where it goes, and what it held.
#[derive(Debug)]
pub(super) struct Backup {
    output: PathBuf,
    to: PathBuf,
    work: String,
    carried: String,
}

impl Backup {
    /// Moves the workbook aside: called once the new one is written, just
    /// before it takes the workbook's place. Returns the message to print.
    pub(super) fn keep(&self) -> super::Result<String> {
        std::fs::rename(&self.output, &self.to).map_err(|e| {
            super::fail(format!(
                "{} holds an analyst's work ({}) and could not be kept as {}: {e}; it is left as it was and the new workbook not written; copy it elsewhere, or give it as --previous",
                self.output.display(),
                self.work,
                self.to.display()
            ))
        })?;
        Ok(format!(
            "kept the earlier {} as {}: it held {} {}; give it as --previous to carry them",
            self.output.display(),
            self.to.display(),
            self.work,
            self.carried
        ))
    }
}

/// Whether the workbook at `output`, about to be replaced, holds an
/// analyst's work that `previous` (the run's `--previous`) does not carry,
/// and where it is to be kept if so. Nothing is moved here.
pub(super) fn plan_backup(
    output: &Path,
    previous: Option<&Path>,
    as_of: chrono::NaiveDate,
) -> Option<Backup> {
    if !output.exists() {
        return None;
    }
    let said = if untouched(output) {
        carried(output)
    } else {
        None
    };
    let previous_sha = previous.map(crate::ingest::digest::sha256_file);
    let (work, written_as_of) = if let Some((n, date, made_from)) = said {
        if n == 0 {
            return None;
        }
        // Made from this very --previous, untouched since: all it carries,
        // the run carries again.
        if made_from.is_some() && made_from == previous_sha {
            return None;
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
            return None;
        };
        let work = analyst_work(&existing)?;
        (work, existing.meta.as_of)
    };
    if previous_sha.is_some() && previous_sha == Some(crate::ingest::digest::sha256_file(output)) {
        return None;
    }
    let carried = match previous {
        Some(p) => format!("that --previous {} does not carry", p.display()),
        None => "that this run, without --previous, does not carry".to_string(),
    };
    Some(Backup {
        output: output.to_path_buf(),
        to: backup_name(output, written_as_of),
        work,
        carried,
    })
}
