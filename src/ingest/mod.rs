//! Files → normalised award register. Walks the inputs, reads every sheet of
//! every file in whatever layout it uses, and accounts for every row. A
//! sheet goes through four stages, grouped below and described in
//! `docs/architecture.md`: its bytes become rows, evidence about its table
//! is gathered, its reading plan is decided (what `--reading` hints pin,
//! the rest inferred), and its records are read.

#![cfg_attr(not(test), deny(clippy::indexing_slicing))]

// Stage 1, bytes become rows.
mod contain;
pub mod delimited;
pub mod digest;
mod guard;
mod readahead;
pub mod sniff;
pub mod whole;
pub mod workbook;
// Stage 2, evidence is gathered.
pub mod date_order;
pub mod evidence;
pub mod header;
pub mod hints;
pub mod lines;
pub mod roles;
// Stage 3, the plan is decided.
pub mod plan;
pub mod reading;
pub mod search;
pub mod sheet;
pub mod table;
// Stage 4, records are read.
pub mod aliases;
mod block;
mod contradict;
pub mod dates;
mod drift;
mod duplicates;
pub mod flags;
mod joined;
mod lookup;
mod markup;
pub mod register;
pub mod rows;
pub mod value;

use crate::issue::{Issue, Severity};
use crate::vocab::Vocabulary;
use dates::DayOrder;
use register::Register;
use serde::Serialize;
use sheet::{ingest_sheet, Accounting, SheetInput, SheetOutcome, SheetReport};
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use workbook::WorkbookFormat;

/// Why a whole file could not be read. Each message says what to do.
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    #[error("the file is empty (0 bytes); export it again")]
    Empty,
    #[error("the workbook is encrypted: protected with a password, or with Excel's default password so that it opens without asking; open it in Excel, clear the password (File › Info › Protect Workbook › Encrypt with Password), save a copy and give that")]
    Password,
    #[error("the .xls workbook is encrypted with {0}, which badgemap cannot decrypt (it may open in Excel without a password: Excel's default one); open it in Excel, remove the protection and save it as .xlsx")]
    XlsEncrypted(&'static str),
    #[error("the file is an {0} worksheet, older than badgemap reads; open it in Excel or LibreOffice and save it as .xlsx")]
    OldExcel(&'static str),
    #[error("the .xls workbook says its text is in code page {0}, which badgemap does not know; open it in Excel or LibreOffice and save it as .xlsx")]
    Codepage(u16),
    #[error("its {0} part declares a DTD, which Office Open XML and OpenDocument forbid: refused as a possible XML bomb (entities that expand a billion times over); if the file is genuine, open it in Excel or LibreOffice and save it again")]
    XmlBomb(String),
    #[error("its {0} part fails the zip's integrity check (its checksum or its declared size): the file was cut short or damaged in a copy; download or copy it again, or open it in Excel or LibreOffice and save it again")]
    DamagedPart(String),
    #[error("a BIFF record of type 0x{kind:04X} at byte {offset} of its workbook stream declares {declared} bytes but only {left} remain: the .xls is cut short; copy it again, or open it in Excel or LibreOffice and save it as .xlsx")]
    BiffPastStream {
        kind: u16,
        offset: usize,
        declared: usize,
        left: usize,
    },
    #[error("{0}: the file is damaged or was written by a faulty program; open it in Excel or LibreOffice and save it again")]
    Implausible(String),
    #[error("the reader failed on this file ({0}); the other files were read. Open it in Excel or LibreOffice and save it as .xlsx")]
    ReaderFailed(String),
    #[error("the file is {0}")]
    WrongFormat(&'static str),
    #[error("the file is damaged or not a spreadsheet: {0}; open it in Excel or LibreOffice and save it again")]
    Corrupt(String),
    #[error("the workbook has no sheets")]
    NoSheets,
    #[error(
        "unsupported file type {0:?}; badgemap reads .xlsx .xlsm .xlsb .xls .ods .fods .csv .tsv .txt, HTML tables (.htm .html .mht) and Excel 2003 XML (.xml)"
    )]
    Unsupported(String),
    #[error("an Apple Numbers document, which only Numbers reads; open it in Numbers, choose File › Export To › Excel… (one sheet per table), and give the .xlsx")]
    AppleNumbers,
    #[error("could not read the file: {0}")]
    Io(std::io::Error),
    #[error("its {part} would unpack to {size} bytes, more than the {limit}-byte limit for a part read whole; split the workbook or save it as CSV")]
    TooLarge { part: String, size: u64, limit: u64 },
    #[error("its sheets span {requested} cells between their first and last used cell, more than the {max} this format is read with; a stray cell far from the table? Delete it (Ctrl+End shows where a sheet ends) or save the file as .xlsx")]
    DenseRange { requested: usize, max: usize },
    /// A reconciled workbook badgemap wrote: never read back as a register.
    #[error("a reconciled workbook written by badgemap, not a badge register")]
    OwnOutput,
    /// Given as an earlier run's workbook, but not one.
    #[error("not a reconciled workbook written by badgemap (it has no hidden 'badgemap' sheet); give the workbook an earlier `badgemap run` wrote")]
    NotOwnOutput,
}

/// A problem with the command line's inputs that stops the run before reading.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    #[error("input not found: {0}")]
    NotFound(PathBuf),
    #[error("cannot list directory {path}: {source}")]
    Directory {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("no input files found under {0}")]
    NothingFound(String),
}

/// What kind of file a path is, from its extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Workbook(WorkbookFormat),
    /// Delimited text; `Some(b'\t')` when the extension prefers tabs.
    Delimited(Option<u8>),
}

impl Format {
    pub fn of(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        Some(match ext.as_str() {
            "xlsx" | "xlsm" => Format::Workbook(WorkbookFormat::Xlsx),
            "xlsb" => Format::Workbook(WorkbookFormat::Xlsb),
            "xls" => Format::Workbook(WorkbookFormat::Xls),
            "ods" => Format::Workbook(WorkbookFormat::Ods),
            "fods" => Format::Workbook(WorkbookFormat::Fods),
            "xml" => Format::Workbook(WorkbookFormat::SpreadsheetMl),
            "htm" | "html" | "mht" | "mhtml" => Format::Workbook(WorkbookFormat::Html),
            "csv" | "txt" => Format::Delimited(None),
            "tsv" | "tab" => Format::Delimited(Some(b'\t')),
            _ => return None,
        })
    }
}

/// Reading options from the command line.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// `--month-first` / `--day-first`; `None` infers each column's order.
    pub day_order: Option<DayOrder>,
    /// Files that are not registers (the certified-provider list, the mapping)
    /// and are left out when found among the inputs.
    pub exclude: Vec<PathBuf>,
    /// Award dates outside it are not used: before the programme started,
    /// after it ended or after the as-of date.
    pub window: DateWindow,
    /// Names read as others: the aliases file, the certified list's products.
    pub aliases: aliases::Aliases,
    /// `--reading FILE`: how given sheets are read, pinned.
    pub reading: Option<std::sync::Arc<reading::ReadingHints>>,
}

/// The dates an award can have been made on.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DateWindow {
    /// `[programme] started` in the mapping.
    pub earliest: Option<chrono::NaiveDate>,
    /// `[programme] ended` in the mapping.
    pub ended: Option<chrono::NaiveDate>,
    /// The as-of date.
    pub latest: Option<chrono::NaiveDate>,
}

/// What happened to one input file.
#[derive(Debug, Clone, Serialize)]
pub struct FileReport {
    pub path: String,
    /// The text encoding, for delimited files.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub encoding: Option<&'static str>,
    /// Set when the file could not be read at all.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// Set when the file was deliberately not read (badgemap's own output).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub skipped: Option<String>,
    pub sheets: Vec<SheetReport>,
    /// Hex SHA-256 of the bytes read; empty when the file could not be read.
    #[serde(skip)]
    pub sha256: String,
}

impl FileReport {
    /// Read without error, yet no sheet held a table while some held rows.
    pub fn nothing_read(&self) -> bool {
        self.error.is_none()
            && self.skipped.is_none()
            && self
                .sheets
                .iter()
                .all(|s| matches!(s.outcome, SheetOutcome::Skipped { .. }))
            && self
                .sheets
                .iter()
                .any(|s| matches!(s.outcome, SheetOutcome::Skipped { rows, .. } if rows > 0))
    }

    pub fn accounting(&self) -> Accounting {
        let mut total = Accounting::default();
        for s in &self.sheets {
            if let SheetOutcome::Table { accounting, .. } = &s.outcome {
                total += *accounting;
            }
        }
        total
    }
}

/// The result of reading all inputs.
#[derive(Debug, Clone)]
pub struct Ingested {
    pub register: Register,
    pub files: Vec<FileReport>,
    pub issues: Vec<Issue>,
}

impl Ingested {
    pub fn accounting(&self) -> Accounting {
        let mut total = Accounting::default();
        for f in &self.files {
            total += f.accounting();
        }
        total
    }

    pub fn failed_files(&self) -> usize {
        self.files.iter().filter(|f| f.error.is_some()).count()
    }

    /// True when a file, a sheet part or a row contributed nothing.
    pub fn rejected_anything(&self) -> bool {
        self.failed_files() > 0
            || self.files.iter().any(FileReport::nothing_read)
            || self.accounting().rejected > 0
            || self.issues.iter().any(|i| i.severity == Severity::Error)
    }
}

/// Input files in reading order, each marked whether it was named explicitly
/// (rather than found in a directory), and notices about dropped repeats.
pub type Discovered = (Vec<(PathBuf, bool)>, Vec<Issue>);

/// Expands directories (recursively, sorted; hidden and `~$` lock files
/// skipped) and drops repeats of the same file.
pub fn discover(paths: &[PathBuf]) -> Result<Discovered, InputError> {
    let mut found = Vec::new();
    let mut notices = Vec::new();
    for path in paths {
        if path.is_dir() {
            let before = found.len();
            walk(path, &mut found)?;
            if found.len() == before {
                return Err(InputError::NothingFound(path.display().to_string()));
            }
        } else if path.exists() {
            found.push((path.clone(), true));
        } else {
            return Err(InputError::NotFound(path.clone()));
        }
    }
    let mut seen = HashSet::new();
    let mut unique = Vec::with_capacity(found.len());
    for (path, explicit) in found {
        let canonical = std::fs::canonicalize(&path).unwrap_or_else(|_| path.clone());
        if seen.insert(canonical) {
            unique.push((path, explicit));
        } else {
            notices.push(
                Issue::new(
                    Severity::Notice,
                    &path.display().to_string(),
                    "the same file was given more than once",
                )
                .action("read once"),
            );
        }
    }
    Ok((unique, notices))
}

fn walk(dir: &Path, found: &mut Vec<(PathBuf, bool)>) -> Result<(), InputError> {
    let entries = std::fs::read_dir(dir).map_err(|source| InputError::Directory {
        path: dir.to_path_buf(),
        source,
    })?;
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name.starts_with('.') || name.starts_with("~$") {
            continue;
        }
        if path.is_dir() {
            walk(&path, found)?;
        } else {
            found.push((path, false));
        }
    }
    Ok(())
}

/// Reads every input into one register.
pub fn ingest(
    paths: &[PathBuf],
    vocab: &Vocabulary,
    options: &Options,
) -> Result<Ingested, InputError> {
    let (mut files, mut issues) = discover(paths)?;
    if !options.exclude.is_empty() {
        let excluded: Vec<PathBuf> = options
            .exclude
            .iter()
            .filter_map(|p| std::fs::canonicalize(p).ok())
            .collect();
        files.retain(|(p, _)| std::fs::canonicalize(p).map_or(true, |c| !excluded.contains(&c)));
    }
    let mut register = Register::default();
    register.aliases = options.aliases.clone();
    // Which entries of the hints file applied to some sheet.
    let mut used = vec![false; options.reading.as_ref().map_or(0, |h| h.entries.len())];
    let mut reports = Vec::with_capacity(files.len());
    let count = files.len();
    let readable: Vec<(PathBuf, Format)> = files
        .iter()
        .filter_map(|(path, _)| Format::of(path).map(|f| (path.clone(), f)))
        .collect();
    let (tx, rx) = std::sync::mpsc::sync_channel(readahead::IN_FLIGHT);
    std::thread::scope(|scope| {
        scope.spawn(move || readahead::parse_all(&readable, &tx));
        let mut incoming = readahead::Incoming::new(rx);
        for (n, (path, explicit)) in files.into_iter().enumerate() {
            let display = path.display().to_string();
            crate::progress::report(|| {
                format!("reading {} {display}", crate::progress::bar(n, count))
            });
            if Format::of(&path).is_none() {
                let ext = path
                    .extension()
                    .and_then(|e| e.to_str())
                    .unwrap_or("")
                    .to_string();
                if explicit || ext.eq_ignore_ascii_case("numbers") {
                    let error = if ext.eq_ignore_ascii_case("numbers") {
                        FileError::AppleNumbers
                    } else {
                        FileError::Unsupported(format!(".{ext}"))
                    };
                    issues.push(file_issue(&display, &error));
                    reports.push(FileReport {
                        sha256: digest::sha256_file(&path),
                        ..failed(display, &error)
                    });
                } else {
                    issues.push(
                        Issue::new(Severity::Notice, &display, "not a spreadsheet or CSV file")
                            .action("skipped while walking the directory"),
                    );
                }
                continue;
            }
            let mut report = FileReport {
                path: display.clone(),
                encoding: None,
                error: None,
                skipped: None,
                sheets: Vec::new(),
                sha256: String::new(),
            };
            let reading = FileReading {
                display: &display,
                vocab,
                forced: options.day_order,
                window: options.window,
                hints: options.reading.as_deref(),
            };
            match reading.ingest(
                &mut incoming,
                &mut register,
                &mut issues,
                &mut report,
                &mut used,
            ) {
                Ok(()) => reports.push(report),
                Err(FileError::OwnOutput) => {
                    issues.push(
                        Issue::new(Severity::Notice, &display, FileError::OwnOutput.to_string())
                            .action("skipped; keep outputs outside the input folders"),
                    );
                    report.skipped = Some(FileError::OwnOutput.to_string());
                    reports.push(report);
                }
                Err(error) => {
                    issues.push(file_issue(&display, &error));
                    report.error = Some(error.to_string());
                    reports.push(report);
                }
            }
        }
    });
    if let Some(hints) = &options.reading {
        let files: Vec<(String, Vec<String>)> = reports
            .iter()
            .map(|f: &FileReport| {
                (
                    f.path.clone(),
                    f.sheets.iter().filter_map(|s| s.name.clone()).collect(),
                )
            })
            .collect();
        for (i, _) in used.iter().enumerate().filter(|(_, u)| !**u) {
            issues.push(
                Issue::new(
                    Severity::Warning,
                    &hints.path,
                    format!(
                        "the reading hints entry at {} matches no sheet of the inputs: {}",
                        hints.at(i),
                        hints.unmatched(i, &files)
                    ),
                )
                .action("not used; check its file pattern (matched against each input's path as given, or its name) and its sheet name or position"),
            );
        }
    }
    issues.extend(joined::split_joined_members(&mut register));
    contradict::contradictions(&mut register, vocab, &mut issues);
    issues.extend(merged_notices(&register));
    issues.extend(duplicates::possible_duplicates(&register));
    register.finish();
    Ok(Ingested {
        register,
        files: reports,
        issues,
    })
}

/// A notice for each alias applied: the merge, where it was declared, and
/// the first cell it applied to.
fn merged_notices(register: &Register) -> Vec<Issue> {
    register
        .merged
        .iter()
        .map(|(kind, name, to, from, row)| {
            let there = register.source(*row);
            Issue::new(
                Severity::Notice,
                &there.file,
                format!("{} {name:?} read as {to:?} ({from})", kind.noun()),
            )
            .sheet(there.sheet.as_deref())
            .cell(there.cell(*row))
            .value(name)
            .action("merged as the aliases say")
        })
        .collect()
}

fn failed(path: String, error: &FileError) -> FileReport {
    FileReport {
        path,
        encoding: None,
        error: Some(error.to_string()),
        skipped: None,
        sheets: Vec::new(),
        sha256: String::new(),
    }
}

fn file_issue(display: &str, error: &FileError) -> Issue {
    Issue::new(Severity::Error, display, error.to_string())
        .action("file not read; the other files were")
}

/// One file's events from the read-ahead thread, turned into the register.
struct FileReading<'a> {
    display: &'a str,
    vocab: &'a Vocabulary,
    forced: Option<DayOrder>,
    window: DateWindow,
    hints: Option<&'a reading::ReadingHints>,
}

impl FileReading<'_> {
    fn ingest(
        &self,
        incoming: &mut readahead::Incoming,
        register: &mut Register,
        issues: &mut Vec<Issue>,
        report: &mut FileReport,
        used: &mut [bool],
    ) -> Result<(), FileError> {
        loop {
            match incoming.next_event() {
                Some(readahead::Event::Sheet(name, hints)) => {
                    // By its position among the workbook's sheets.
                    let index = report.sheets.len();
                    let hinted = self.hints.and_then(|h| {
                        let (hint, entries) = h.for_sheet(self.display, name.as_deref(), index)?;
                        for &e in &entries {
                            if let Some(u) = used.get_mut(e) {
                                *u = true;
                            }
                        }
                        let at = entries.iter().map(|&e| h.at(e)).collect();
                        Some(plan::Hinted { hint, at })
                    });
                    let input = SheetInput {
                        vocab: self.vocab,
                        hints: &hints,
                        forced: self.forced,
                        window: self.window,
                        file: self.display,
                        sheet: name.as_deref(),
                        reading: hinted.as_ref(),
                        transposed: false,
                    };
                    let mut rows = incoming.sheet_rows();
                    report
                        .sheets
                        .push(ingest_sheet(&input, &mut rows, register, issues));
                }
                Some(readahead::Event::Skipped(name, reason)) => {
                    issues.push(
                        Issue::new(
                            Severity::Notice,
                            self.display,
                            format!("sheet skipped: {reason}"),
                        )
                        .sheet(Some(&name))
                        .action("nothing read from this sheet, as intended"),
                    );
                    report.sheets.push(SheetReport {
                        name: Some(name),
                        outcome: SheetOutcome::Skipped {
                            reason,
                            rows: 0,
                            closest: None,
                            candidate: None,
                            searched: Vec::new(),
                        },
                    });
                }
                Some(readahead::Event::Uncalculated(name, found)) => {
                    issues.push(
                        Issue::new(
                            Severity::Warning,
                            self.display,
                            format!("{}: read as blank cells", found.describe()),
                        )
                        .sheet(Some(&name))
                        .cell(found.cells.first().cloned().unwrap_or_default())
                        .action("open the file in Excel or LibreOffice and save it, so that its formulas are calculated, then run again"),
                    );
                }
                Some(readahead::Event::Notice(notice)) => {
                    issues.push(
                        Issue::new(Severity::Notice, self.display, notice)
                            .action("file read by its content"),
                    );
                }
                Some(readahead::Event::Unclosed(quotes)) => {
                    for quote in quotes {
                        issues.push(
                            Issue::new(Severity::Warning, self.display, quote.describe())
                                .action("check that row; close or remove the quote in the source"),
                        );
                    }
                }
                Some(readahead::Event::Encoding(encoding, notice)) => {
                    report.encoding = Some(encoding);
                    if let Some(notice) = notice {
                        issues.push(
                            Issue::new(Severity::Notice, self.display, notice).action("file read"),
                        );
                    }
                }
                Some(readahead::Event::Digest(sha256)) => report.sha256 = sha256,
                Some(readahead::Event::End(result)) => return result,
                // Rows always follow their sheet; none arrive on their own.
                Some(readahead::Event::Rows(_)) => {}
                None => {
                    return Err(FileError::Corrupt(
                        "the reading thread stopped unexpectedly".into(),
                    ))
                }
            }
        }
    }
}
