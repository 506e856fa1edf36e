//! One CSV file per table, safe to open in a spreadsheet: text that a
//! spreadsheet would run as a formula is prefixed with an apostrophe.

use super::atomic::write_atomically;
use super::tables::{self, Table};
use super::Report;
use std::borrow::Cow;
use std::path::{Path, PathBuf};

/// Neutralises text a spreadsheet would read as a formula (OWASP CSV
/// injection guidance): a leading `=`, `+`, `-`, `@`, tab or carriage return.
pub fn neutralise(text: &str) -> Cow<'_, str> {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => Cow::Owned(format!("'{text}")),
        _ => Cow::Borrowed(text),
    }
}

fn file_name(table: &dyn Table) -> String {
    format!("{}.csv", table.name().to_lowercase().replace(' ', "-"))
}

/// Writes every table into `dir` (created if needed); returns the files.
pub fn write_all(r: &Report<'_>, dir: &Path) -> Result<Vec<PathBuf>, String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let all: [&dyn Table; 7] = [
        &tables::Integrations(r),
        &tables::Criteria(r),
        &tables::Worklist(r),
        &tables::Issues(r),
        &tables::Sources(r),
        &tables::MappingCriteria(r),
        &tables::MappingRules(r),
    ];
    let mut written = Vec::new();
    let changes = tables::Changes(r);
    let with_changes = r.changes.as_ref().map(|_| &changes as &dyn Table);
    for table in all.into_iter().chain(with_changes) {
        let path = dir.join(file_name(table));
        write_atomically(&path, |temp| write_table(table, temp))
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        written.push(path);
    }
    Ok(written)
}

fn write_table(table: &dyn Table, path: &Path) -> Result<(), csv::Error> {
    let mut w = csv::Writer::from_path(path)?;
    let headers: Vec<String> = table.columns().into_iter().map(|(h, _)| h).collect();
    w.write_record(&headers)?;
    let mut error = None;
    let mut fields: Vec<String> = Vec::new();
    table.rows(&mut |cells| {
        if error.is_some() {
            return;
        }
        fields.clear();
        fields.extend(cells.iter().map(|c| neutralise(&c.plain()).into_owned()));
        if let Err(e) = w.write_record(&fields) {
            error = Some(e);
        }
    });
    if let Some(e) = error {
        return Err(e);
    }
    w.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::neutralise;

    #[test]
    fn formula_starts_are_neutralised() {
        for (input, output) in [
            ("=HYPERLINK(\"x\")", "'=HYPERLINK(\"x\")"),
            ("+1", "'+1"),
            ("-2", "'-2"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("Univ A", "Univ A"),
            ("", ""),
        ] {
            assert_eq!(neutralise(input), output);
        }
    }
}
