//! One CSV file per table, safe to open in a spreadsheet: text that a
//! spreadsheet would run as a formula is prefixed with an apostrophe.

use super::atomic::write_atomically;
use super::tables::{Table, TableId};
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

/// Why the CSV files could not be written.
#[derive(Debug, thiserror::Error)]
pub enum CsvError {
    #[error("cannot create {}: {source}", path.display())]
    Directory {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot write {}: {source}", path.display())]
    File {
        path: PathBuf,
        source: super::atomic::AtomicError<csv::Error>,
    },
}

/// Writes every table of the run into `dir` (created if needed); returns
/// the files.
pub fn write_all(r: &Report<'_>, dir: &Path) -> Result<Vec<PathBuf>, CsvError> {
    std::fs::create_dir_all(dir).map_err(|source| CsvError::Directory {
        path: dir.to_path_buf(),
        source,
    })?;
    let mut written = Vec::new();
    for id in TableId::written_by(r.changes.is_some()) {
        let path = dir.join(id.csv_file());
        let table = id.over(r);
        write_atomically(&path, |temp| write_table(table.as_ref(), temp)).map_err(|source| {
            CsvError::File {
                path: path.clone(),
                source,
            }
        })?;
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
