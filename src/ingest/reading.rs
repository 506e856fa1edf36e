//! Reading hints: the analyst's last word on how a sheet is read. A hints
//! file (`--reading FILE`, TOML) is a list of `[[sheet]]` entries, each a
//! partial reading plan for the sheets it matches: which axis holds the
//! records, which rows are the header, where the member and the integration
//! come from, which heading plays which role, a year for undated awards,
//! whether values are given only on a group's first row, the date order,
//! or that the sheet is to be skipped. What an entry pins is not guessed;
//! the rest is inferred around it (`plan.rs`).
//!
//! Errors carry line, column and caret, and an unknown name the nearest
//! valid one, as mapping files do.

#![cfg_attr(not(test), deny(clippy::indexing_slicing))]

use super::dates::DayOrder;
use super::roles::Role;
use crate::mapping::diagnostic::Diagnostic;
use crate::model::cell::row_of_a1;
use crate::vocab::Vocabulary;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::ops::Range;
use std::path::Path;
use toml::Spanned;

/// Which way a sheet's records run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Axis {
    /// One record per row (the usual).
    #[default]
    Rows,
    /// One record per column: badges down the rows, integrations across.
    Columns,
}

impl Axis {
    pub fn as_str(self) -> &'static str {
        match self {
            Axis::Rows => "rows",
            Axis::Columns => "columns",
        }
    }
}

/// Where a sheet's member (or integration) comes from, as a hint says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// The column under this heading.
    Heading(String),
    /// This column (zero-based).
    Column(u32),
    /// This row (zero-based): the header line of a sheet read along columns.
    Row(u32),
    /// The value of this cell (zero-based row and column).
    Cell(u32, u32),
    /// The sheet's name.
    SheetName,
    /// The file's name, without its extension.
    FileName,
    /// Member lines standing above their integrations in the integration's
    /// own column.
    ParentLines,
    /// Lines labelled so (`Member: X`, `Institution: X`); any label naming a
    /// member column when none is given.
    Label(Option<String>),
    /// This value.
    Value(String),
}

/// One `[[sheet]]` entry.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SheetHint {
    /// The entry's line in the file, for messages (`reading.toml:3`).
    pub line: usize,
    pub file: Option<String>,
    /// The one input it is for, by its path exactly as given (what the
    /// reading template writes: no other file can match it).
    pub path: Option<String>,
    pub sheet: Option<SheetSelector>,
    pub records: Option<Axis>,
    /// Zero-based header rows (or, along columns, the header column).
    pub header: Option<Vec<u32>>,
    pub member: Option<Source>,
    pub integration: Option<Source>,
    pub skip: Option<bool>,
    /// Heading (as written, compared as headings are) → role; `None` for
    /// "ignored".
    pub roles: Vec<(String, Option<Role>)>,
    /// Column (zero-based) → role, for a column whose heading is blank or
    /// repeated (`[sheet.columns]`, `"C" = "award date"`).
    pub columns: Vec<(u32, Option<Role>)>,
    pub year: Option<i32>,
    pub fill_down: Option<bool>,
    pub dates: Option<DayOrder>,
}

/// Which sheet of a file an entry names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SheetSelector {
    Name(String),
    /// One-based position (`"#2"`).
    Index(usize),
}

/// A hints file, read and checked.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReadingHints {
    /// The file as given.
    pub path: String,
    pub entries: Vec<SheetHint>,
}

/// A hints file that cannot be used, with everything wrong in it.
#[derive(Debug)]
pub struct ReadingError {
    pub name: String,
    pub text: String,
    pub diagnostics: Vec<Diagnostic>,
}

impl ReadingError {
    /// Every diagnostic, rendered with its line and caret.
    pub fn render(&self) -> String {
        self.diagnostics
            .iter()
            .map(|d| d.render(&self.name, &self.text))
            .collect::<Vec<_>>()
            .join("\n")
    }
}

impl std::fmt::Display for ReadingError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "the reading hints {} are invalid:\n{}",
            self.name,
            self.render()
        )
    }
}

impl std::error::Error for ReadingError {}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    sheet: Vec<Spanned<RawSheet>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSheet {
    file: Option<Spanned<String>>,
    path: Option<Spanned<String>>,
    sheet: Option<Spanned<String>>,
    records: Option<Spanned<String>>,
    header: Option<Spanned<toml::Value>>,
    member: Option<Spanned<RawSource>>,
    integration: Option<Spanned<RawSource>>,
    skip: Option<bool>,
    #[serde(default)]
    roles: BTreeMap<String, Spanned<String>>,
    #[serde(default)]
    columns: BTreeMap<String, Spanned<String>>,
    year: Option<Spanned<i64>>,
    fill_down: Option<bool>,
    dates: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSource {
    heading: Option<String>,
    column: Option<Spanned<String>>,
    row: Option<Spanned<i64>>,
    cell: Option<Spanned<String>>,
    sheet_name: Option<bool>,
    file_name: Option<bool>,
    parent_lines: Option<bool>,
    label: Option<String>,
    value: Option<String>,
}

/// The words a role goes by in a hints file: the words `inspect` prints.
pub fn role_words(vocab: &Vocabulary) -> Vec<(String, Option<Role>)> {
    let mut words: Vec<(String, Option<Role>)> = Role::NAMED
        .iter()
        .map(|r| (r.describe(vocab), Some(*r)))
        .collect();
    for b in vocab.badge_ids() {
        words.push((
            Role::BadgeColumn(b).describe(vocab),
            Some(Role::BadgeColumn(b)),
        ));
        words.push((Role::BadgeDate(b).describe(vocab), Some(Role::BadgeDate(b))));
    }
    words.push(("ignored".to_string(), None));
    words
}

/// Zero-based column of letters (`A`, `AB`).
fn column_of(letters: &str) -> Option<u32> {
    let t = letters.trim();
    if t.is_empty() || t.len() > 3 || !t.chars().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    let mut n: u32 = 0;
    for c in t.chars() {
        n = n * 26 + (c.to_ascii_uppercase() as u32 - 'A' as u32 + 1);
    }
    n.checked_sub(1)
}

/// Reads and checks a hints file; every problem is reported, not only the
/// first.
pub fn load(path: &Path, vocab: &Vocabulary) -> Result<ReadingHints, ReadingError> {
    let name = path.display().to_string();
    let text = match std::fs::read(path) {
        Ok(bytes) => super::delimited::decode(&bytes).text.into_owned(),
        Err(e) => {
            return Err(ReadingError {
                name,
                text: String::new(),
                diagnostics: vec![Diagnostic::warning(
                    format!("cannot read the file: {e}"),
                    None,
                )],
            })
        }
    };
    parse(&name, &text, vocab)
}

/// Parses a hints file's text.
pub fn parse(name: &str, text: &str, vocab: &Vocabulary) -> Result<ReadingHints, ReadingError> {
    let fail = |diagnostics| ReadingError {
        name: name.to_string(),
        text: text.to_string(),
        diagnostics,
    };
    let raw: RawFile = match toml::from_str(text) {
        Ok(raw) => raw,
        Err(e) => {
            let span = e.span().unwrap_or(0..0);
            return Err(fail(vec![Diagnostic::error(e.message().to_string(), span)]));
        }
    };
    let words = role_words(vocab);
    let mut errors = Vec::new();
    let mut entries = Vec::new();
    for entry in raw.sheet {
        let line = crate::mapping::diagnostic::locate(text, entry.span().start).0;
        let raw = entry.into_inner();
        let mut hint = SheetHint {
            line,
            file: raw.file.map(Spanned::into_inner),
            path: raw.path.map(Spanned::into_inner),
            skip: raw.skip,
            fill_down: raw.fill_down,
            ..SheetHint::default()
        };
        if let Some(s) = raw.sheet {
            let t = s.get_ref().trim();
            hint.sheet = Some(match t.strip_prefix('#').map(str::parse::<usize>) {
                // `##2` is the sheet named `#2`.
                _ if t.starts_with("##") => {
                    SheetSelector::Name(t.get(1..).unwrap_or_default().to_string())
                }
                Some(Ok(n)) if n >= 1 => SheetSelector::Index(n),
                Some(_) => {
                    errors.push(Diagnostic::error(
                        "a sheet by position is \"#1\", \"#2\", …",
                        s.span(),
                    ));
                    continue;
                }
                None => SheetSelector::Name(t.to_string()),
            });
        }
        if let Some(r) = raw.records {
            hint.records = match r.get_ref().trim() {
                "rows" => Some(Axis::Rows),
                "columns" => Some(Axis::Columns),
                other => {
                    errors.push(Diagnostic::error(
                        format!("records must be \"rows\" or \"columns\", not {other:?}"),
                        r.span(),
                    ));
                    None
                }
            };
        }
        if let Some(h) = raw.header {
            hint.header = header_of(&h, hint.records == Some(Axis::Columns), &mut errors);
        }
        if let Some(m) = raw.member {
            hint.member = source_of(&m, &mut errors);
        }
        if let Some(i) = raw.integration {
            hint.integration = source_of(&i, &mut errors);
        }
        for (heading, role) in raw.roles {
            if let Ok(r) = role_named(&role, &heading, &words, &mut errors) {
                hint.roles.push((heading, r));
            }
        }
        for (letters, role) in raw.columns {
            let Some(col) = column_of(&letters) else {
                errors.push(Diagnostic::error(
                    format!(
                        "[sheet.columns] names columns by their letters (\"C\"), not {letters:?}"
                    ),
                    role.span(),
                ));
                continue;
            };
            if let Ok(r) = role_named(&role, &format!("column {letters}"), &words, &mut errors) {
                hint.columns.push((col, r));
            }
        }
        if let Some(y) = raw.year {
            match i32::try_from(*y.get_ref()) {
                Ok(v) if (1990..=2100).contains(&v) => hint.year = Some(v),
                _ => errors.push(Diagnostic::error(
                    "year must be a year such as 2018",
                    y.span(),
                )),
            }
        }
        if let Some(d) = raw.dates {
            hint.dates = match d.get_ref().trim() {
                "day-first" => Some(DayOrder::DayFirst),
                "month-first" => Some(DayOrder::MonthFirst),
                other => {
                    errors.push(Diagnostic::error(
                        format!("dates must be \"day-first\" or \"month-first\", not {other:?}"),
                        d.span(),
                    ));
                    None
                }
            };
        }
        entries.push(hint);
    }
    if errors.is_empty() {
        Ok(ReadingHints {
            path: name.to_string(),
            entries,
        })
    } else {
        Err(fail(errors))
    }
}

/// The role a hints file names (`"award date"`, `"ignored"`: none); an
/// unknown name is an error (in `errors`, with the nearest valid name).
fn role_named(
    role: &Spanned<String>,
    what: &str,
    words: &[(String, Option<Role>)],
    errors: &mut Vec<Diagnostic>,
) -> Result<Option<Role>, ()> {
    let said = role.get_ref().trim().to_lowercase();
    if let Some((_, r)) = words.iter().find(|(w, _)| w.to_lowercase() == said) {
        return Ok(*r);
    }
    let nearest = words
        .iter()
        .map(|(w, _)| (strsim::levenshtein(&said, &w.to_lowercase()), w))
        .min();
    let hint_text = match nearest {
        Some((d, w)) if d <= (said.chars().count() / 3).max(2) => format!("; did you mean {w:?}?"),
        _ => format!(
            " (roles: {}, …; `badgemap inspect` prints each column's)",
            words
                .iter()
                .take(8)
                .map(|(w, _)| w.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    errors.push(Diagnostic::error(
        format!("unknown role {:?} for {what:?}{hint_text}", role.get_ref()),
        role.span(),
    ));
    Err(())
}

/// `header = 4`, `[3, 4]` (rows as the sheet shows them) or, along columns,
/// `"A"`.
fn header_of(
    h: &Spanned<toml::Value>,
    columns: bool,
    errors: &mut Vec<Diagnostic>,
) -> Option<Vec<u32>> {
    let row = |v: &toml::Value| match v {
        toml::Value::Integer(n) if *n >= 1 && *n <= 1_048_576 => Some(*n as u32 - 1),
        _ => None,
    };
    let parsed = match h.get_ref() {
        toml::Value::String(s) if columns => column_of(s).map(|c| vec![c]),
        toml::Value::Integer(_) => row(h.get_ref()).map(|r| vec![r]),
        toml::Value::Array(items) if (1..=2).contains(&items.len()) => {
            let rows: Option<Vec<u32>> = items.iter().map(row).collect();
            rows.filter(|r| {
                r.len() == 1
                    || r.windows(2)
                        .all(|w| w.get(1).copied() == w.first().map(|x| x + 1))
            })
        }
        _ => None,
    };
    if parsed.is_none() {
        let what = if columns {
            "header must be the column holding the headings (\"A\")"
        } else {
            "header must be the row holding the headings (4), or two adjacent rows ([3, 4])"
        };
        errors.push(Diagnostic::error(what, h.span()));
    }
    parsed
}

/// A member or integration source: exactly one key.
fn source_of(raw: &Spanned<RawSource>, errors: &mut Vec<Diagnostic>) -> Option<Source> {
    let span: Range<usize> = raw.span();
    let s = raw.get_ref();
    let mut found: Vec<Option<Source>> = Vec::new();
    if let Some(h) = &s.heading {
        found.push(Some(Source::Heading(h.clone())));
    }
    if let Some(c) = &s.column {
        let col = column_of(c.get_ref());
        if col.is_none() {
            errors.push(Diagnostic::error(
                "column must be letters such as \"B\"",
                c.span(),
            ));
        }
        found.push(col.map(Source::Column));
    }
    if let Some(r) = &s.row {
        let row = u32::try_from(*r.get_ref()).ok().filter(|r| *r >= 1);
        if row.is_none() {
            errors.push(Diagnostic::error(
                "row must be a row number such as 1",
                r.span(),
            ));
        }
        found.push(row.map(|r| Source::Row(r - 1)));
    }
    if let Some(c) = &s.cell {
        let text = c.get_ref().trim();
        let letters: String = text.chars().take_while(char::is_ascii_alphabetic).collect();
        let at = row_of_a1(&text.to_ascii_uppercase()).zip(column_of(&letters));
        if at.is_none() {
            errors.push(Diagnostic::error(
                "cell must be a reference such as \"A1\"",
                c.span(),
            ));
        }
        found.push(at.map(|(r, c)| Source::Cell(r, c)));
    }
    if s.sheet_name == Some(true) {
        found.push(Some(Source::SheetName));
    }
    if s.file_name == Some(true) {
        found.push(Some(Source::FileName));
    }
    if s.parent_lines == Some(true) {
        found.push(Some(Source::ParentLines));
    }
    if let Some(l) = &s.label {
        found.push(Some(Source::Label(
            (!l.trim().is_empty()).then(|| l.trim().to_string()),
        )));
    }
    if let Some(v) = &s.value {
        found.push(Some(Source::Value(v.trim().to_string())));
    }
    match found.as_slice() {
        [one] => one.clone(),
        [] => {
            errors.push(Diagnostic::error(
                "say where it comes from: heading, column, row, cell, sheet_name, file_name, parent_lines, label or value",
                span,
            ));
            None
        }
        _ => {
            errors.push(Diagnostic::error("give one source, not several", span));
            None
        }
    }
}

/// Whether `pattern` (`*` any run within a name, `**` any run, `?` one
/// character) matches `text` whole.
fn glob(pattern: &str, text: &str) -> bool {
    fn go(p: &[char], t: &[char]) -> bool {
        match p.split_first() {
            None => t.is_empty(),
            Some(('*', rest)) if rest.first() == Some(&'*') => {
                let rest = rest.get(1..).unwrap_or_default();
                (0..=t.len()).any(|i| go(rest, t.get(i..).unwrap_or_default()))
            }
            Some(('*', rest)) => (0..=t.len())
                .take_while(|&i| i == 0 || t.get(i - 1).is_some_and(|c| *c != '/'))
                .any(|i| go(rest, t.get(i..).unwrap_or_default())),
            Some(('?', rest)) => t
                .split_first()
                .is_some_and(|(c, tr)| *c != '/' && go(rest, tr)),
            Some((c, rest)) => t
                .split_first()
                .is_some_and(|(tc, tr)| tc == c && go(rest, tr)),
        }
    }
    let p: Vec<char> = pattern.replace('\\', "/").chars().collect();
    let t: Vec<char> = text.replace('\\', "/").chars().collect();
    go(&p, &t)
}

impl SheetHint {
    /// Whether the entry is for this file (its path as given, or its name).
    fn matches_file(&self, path: &str) -> bool {
        if let Some(exact) = &self.path {
            return exact.replace('\\', "/") == path.replace('\\', "/");
        }
        let Some(pattern) = &self.file else {
            return true;
        };
        // The path as given, or any end of it from a folder on: the file's
        // name, `grants/2019.tsv` of `registers/grants/2019.tsv`.
        let path = path.replace('\\', "/");
        glob(pattern, &path)
            || path
                .match_indices('/')
                .any(|(i, _)| path.get(i + 1..).is_some_and(|end| glob(pattern, end)))
    }

    fn matches_sheet(&self, sheet: Option<&str>, index: usize) -> bool {
        match &self.sheet {
            None => true,
            Some(SheetSelector::Index(n)) => *n == index + 1,
            Some(SheetSelector::Name(name)) => sheet
                .is_some_and(|s| crate::text::identity_key(s) == crate::text::identity_key(name)),
        }
    }

    /// Lays `other` over this entry: what `other` says wins.
    fn overlay(&mut self, other: &SheetHint) {
        macro_rules! take {
            ($($field:ident),*) => { $( if other.$field.is_some() { self.$field.clone_from(&other.$field); } )* };
        }
        take!(
            records,
            header,
            member,
            integration,
            skip,
            year,
            fill_down,
            dates
        );
        for (col, role) in &other.columns {
            self.columns.retain(|(c, _)| c != col);
            self.columns.push((*col, *role));
        }
        for (heading, role) in &other.roles {
            let key = crate::text::compact_key(heading);
            self.roles
                .retain(|(h, _)| crate::text::compact_key(h) != key);
            self.roles.push((heading.clone(), *role));
        }
    }
}

impl ReadingHints {
    /// Why entry `entry` matched no sheet, with the nearest names there are:
    /// the files read (`files`, each with its sheets' names).
    pub fn unmatched(&self, entry: usize, files: &[(String, Vec<String>)]) -> String {
        let Some(e) = self.entries.get(entry) else {
            return String::new();
        };
        let near = |wanted: &str, names: &mut dyn Iterator<Item = &str>| {
            names
                .map(|n| {
                    (
                        strsim::levenshtein(&wanted.to_lowercase(), &n.to_lowercase()),
                        n.to_string(),
                    )
                })
                .min()
                .filter(|(d, _)| *d <= (wanted.chars().count() / 3).max(2))
                .map(|(_, n)| format!("; did you mean {n:?}?"))
                .unwrap_or_default()
        };
        let matching: Vec<&(String, Vec<String>)> =
            files.iter().filter(|(f, _)| e.matches_file(f)).collect();
        match (matching.first(), &e.sheet) {
            (None, _) => {
                let wanted = e.path.as_deref().or(e.file.as_deref()).unwrap_or_default();
                let names: Vec<&str> = files
                    .iter()
                    .map(|(f, _)| {
                        Path::new(f)
                            .file_name()
                            .and_then(|n| n.to_str())
                            .unwrap_or(f)
                    })
                    .collect();
                let base = Path::new(wanted)
                    .file_name()
                    .and_then(|n| n.to_str())
                    .unwrap_or(wanted);
                format!(
                    "no input's path or name matches {wanted:?}{}",
                    near(base, &mut names.into_iter())
                )
            }
            (Some((file, sheets)), Some(SheetSelector::Name(name))) => format!(
                "{file} has no sheet {name:?} (its sheets: {}){}",
                sheets.join(", "),
                near(name, &mut sheets.iter().map(String::as_str))
            ),
            (Some((file, sheets)), Some(SheetSelector::Index(n))) => {
                format!("{file} has {} sheets, not {n}", sheets.len())
            }
            (Some(_), None) => "its files hold no sheet".to_string(),
        }
    }

    /// The plan the entries give the sheet `sheet` (the `index`-th, from 0)
    /// of `file`: those for the whole file first, then those naming the
    /// sheet, each later one over the earlier; and which entries applied.
    pub fn for_sheet(
        &self,
        file: &str,
        sheet: Option<&str>,
        index: usize,
    ) -> Option<(SheetHint, Vec<usize>)> {
        let mut matching: Vec<(bool, usize)> = self
            .entries
            .iter()
            .enumerate()
            .filter(|(_, e)| e.matches_file(file) && e.matches_sheet(sheet, index))
            .map(|(i, e)| (e.sheet.is_some(), i))
            .collect();
        if matching.is_empty() {
            return None;
        }
        matching.sort_unstable();
        let mut merged = SheetHint::default();
        let mut used = Vec::new();
        for (_, i) in matching {
            if let Some(e) = self.entries.get(i) {
                merged.overlay(e);
                used.push(i);
            }
        }
        merged.line = self
            .entries
            .get(*used.last().unwrap_or(&0))
            .map_or(0, |e| e.line);
        Some((merged, used))
    }

    /// `reading.toml:3`, for an entry.
    pub fn at(&self, entry: usize) -> String {
        let line = self.entries.get(entry).map_or(0, |e| e.line);
        format!("{}:{line}", self.path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vocab() -> Vocabulary {
        crate::vocab::tests::builtin()
    }

    #[test]
    fn entries_are_read_with_every_kind_of_source() {
        let text = r##"
[[sheet]]
file = "grants/*.tsv"
sheet = "Awards"
header = 4
member = { heading = "Funder" }
integration = { heading = "System" }
[sheet.roles]
"Badge awarded" = "award date"
"Internal ref" = "ignored"

[[sheet]]
file = "matrix.xlsx"
records = "columns"
header = "A"
member = { row = 1 }

[[sheet]]
sheet = "#2"
member = { cell = "B1" }
year = 2018
dates = "month-first"
"##;
        let h = parse("r.toml", text, &vocab()).unwrap();
        assert_eq!(h.entries.len(), 3);
        let first = &h.entries[0];
        assert_eq!(first.line, 2);
        assert_eq!(first.header, Some(vec![3]));
        assert_eq!(first.member, Some(Source::Heading("Funder".into())));
        assert_eq!(
            first.roles,
            vec![
                ("Badge awarded".to_string(), Some(Role::AwardDate)),
                ("Internal ref".to_string(), None)
            ]
        );
        assert_eq!(h.entries[1].header, Some(vec![0]));
        assert_eq!(h.entries[1].member, Some(Source::Row(0)));
        assert_eq!(h.entries[2].member, Some(Source::Cell(0, 1)));
        assert_eq!(h.entries[2].sheet, Some(SheetSelector::Index(2)));
        // The sheet named wins over the whole file; a later entry over an earlier.
        let (plan, used) = h.for_sheet("grants/2019.tsv", Some("Awards"), 0).unwrap();
        assert_eq!(used, vec![0]);
        assert_eq!(plan.header, Some(vec![3]));
        assert!(h.for_sheet("other.csv", None, 0).is_none());
        assert!(h.for_sheet("x.xlsx", Some("Two"), 1).is_some());
    }

    #[test]
    fn errors_name_the_line_and_the_nearest_role() {
        let text =
            "[[sheet]]\nfile = \"a.csv\"\n[sheet.roles]\n\"Badge awarded\" = \"award dat\"\n";
        let e = parse("r.toml", text, &vocab()).unwrap_err();
        let rendered = e.render();
        assert!(
            rendered.contains(
                "unknown role \"award dat\" for \"Badge awarded\"; did you mean \"award date\"?"
            ),
            "{rendered}"
        );
        assert!(rendered.contains("--> r.toml:4:19"), "{rendered}");
        let two = "[[sheet]]\nmember = { heading = \"A\", sheet_name = true }\n";
        assert!(parse("r.toml", two, &vocab())
            .unwrap_err()
            .render()
            .contains("give one source, not several"));
        let unknown = "[[sheet]]\nmembers = { heading = \"A\" }\n";
        assert!(parse("r.toml", unknown, &vocab())
            .unwrap_err()
            .render()
            .contains("unknown field `members`"));
    }

    #[test]
    fn globs_match_paths_and_names() {
        assert!(glob("grants/*.tsv", "grants/2019.tsv"));
        assert!(!glob("grants/*.tsv", "grants/a/2019.tsv"));
        assert!(glob("**/*.tsv", "grants/a/2019.tsv"));
        assert!(glob("register-00?.xlsx", "register-001.xlsx"));
        assert!(!glob("*.csv", "a.tsv"));
    }
}
