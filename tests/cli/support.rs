//! Fixtures built in a temporary directory, and running the real binary.

use badgemap::ingest::register::Integration;
use badgemap::ingest::{ingest, Ingested, Options};
use badgemap::vocab::Vocabulary;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use serde_json::Value as Json;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;

pub(crate) struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub(crate) fn json(&self) -> Json {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "stdout is not JSON ({e}):\n{}\n{}",
                self.stdout, self.stderr
            )
        })
    }
}

/// Runs `badgemap ARGS` in `dir`; a workbook the command wrote is checked
/// for the structure Excel insists on.
pub(crate) fn badgemap(dir: &Path, args: &[&str]) -> Run {
    badgemap_with_env(dir, args, &[])
}

/// [`badgemap`] with extra environment variables.
pub(crate) fn badgemap_with_env(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let started = std::time::SystemTime::now();
    let out = Command::new(env!("CARGO_BIN_EXE_badgemap"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .envs(env.iter().copied())
        .output()
        .expect("run badgemap");
    if let Some(written) = workbook_written(dir, args) {
        let fresh = std::fs::metadata(&written)
            .and_then(|m| m.modified())
            .is_ok_and(|m| m >= started);
        if fresh {
            crate::structure::assert_excel_clean(&written);
        }
    }
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// The workbook a `run` or `template` command writes: its `-o` value, or
/// the default name.
fn workbook_written(dir: &Path, args: &[&str]) -> Option<PathBuf> {
    let default = match args.first() {
        Some(&"run") => "reconciled.xlsx",
        Some(&"template") => "intake.xlsx",
        _ => return None,
    };
    let named = args
        .windows(2)
        .find(|w| w[0] == "-o" || w[0] == "--output")
        .map(|w| w[1]);
    let name = named.unwrap_or(default);
    name.ends_with(".xlsx").then(|| dir.join(name))
}

/// `inspect --json` on the given paths, checking that every sheet's rows
/// balance and that the totals are the sum of the sheets.
pub(crate) fn inspect_json(dir: &Path, paths: &[&str]) -> (i32, Json) {
    let mut args = vec!["inspect", "--json"];
    args.extend_from_slice(paths);
    let run = badgemap(dir, &args);
    let json = run.json();
    assert_accounting_balances(&json);
    (run.code, json)
}

pub(crate) fn assert_accounting_balances(report: &Json) {
    let buckets = [
        "with_awards",
        "without_award",
        "blank",
        "rejected",
        "not_records",
    ];
    let mut total = [0u64; 6];
    for file in report["files"].as_array().unwrap() {
        for sheet in file["sheets"].as_array().unwrap() {
            if sheet["outcome"] != "table" {
                continue;
            }
            let a = &sheet["accounting"];
            let read = a["rows_read"].as_u64().unwrap();
            let sum: u64 = buckets.iter().map(|b| a[*b].as_u64().unwrap()).sum();
            assert_eq!(
                read, sum,
                "sheet {} of {} does not balance: {a}",
                sheet["name"], file["path"]
            );
            total[0] += read;
            for (i, b) in buckets.iter().enumerate() {
                total[i + 1] += a[*b].as_u64().unwrap();
            }
        }
    }
    let overall = &report["accounting"];
    assert_eq!(
        overall["rows_read"].as_u64().unwrap(),
        total[0],
        "overall rows_read"
    );
    for (i, b) in buckets.iter().enumerate() {
        assert_eq!(overall[*b].as_u64().unwrap(), total[i + 1], "overall {b}");
    }
}

/// The accounting of the `n`th sheet of the file at `path` in a report:
/// rows read, with awards, without award, blank, rejected, not records.
pub(crate) fn sheet_accounting(report: &Json, path: &str, n: usize) -> [u64; 6] {
    let file = report["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"] == path)
        .unwrap_or_else(|| panic!("{path} not in report"));
    let a = &file["sheets"][n]["accounting"];
    [
        "rows_read",
        "with_awards",
        "without_award",
        "blank",
        "rejected",
        "not_records",
    ]
    .map(|k| a[k].as_u64().unwrap())
}

pub(crate) fn messages(report: &Json) -> Vec<String> {
    report["issues"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            format!(
                "{} {}|{}|{}: {}",
                i["severity"].as_str().unwrap(),
                i["file"].as_str().unwrap(),
                i["sheet"].as_str().unwrap_or(""),
                i["cell"].as_str().unwrap_or(""),
                i["message"].as_str().unwrap()
            )
        })
        .collect()
}

/// A cell for fixture workbooks.
#[derive(Clone, Debug)]
pub(crate) enum Cell {
    T(&'static str),
    N(f64),
    B(bool),
    /// A date-formatted cell.
    D(u16, u8, u8),
    Blank,
}

pub(crate) use Cell::{Blank, B, D, N, T};

/// Writes a workbook with the given sheets, each a list of rows from A1.
pub(crate) fn write_xlsx(path: &Path, sheets: &[(&str, Vec<Vec<Cell>>)]) {
    write_xlsx_merged(path, sheets, &[]);
}

/// [`write_xlsx`], with merged ranges (sheet, first row, first column,
/// last row, last column; zero-based), each holding its first cell's text.
pub(crate) fn write_xlsx_merged(
    path: &Path,
    sheets: &[(&str, Vec<Vec<Cell>>)],
    merges: &[(&str, u32, u16, u32, u16)],
) {
    let mut wb = Workbook::new();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for (name, rows) in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(*name).unwrap();
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                match cell {
                    T(t) => ws.write_string(r, c, *t).map(|_| ()),
                    N(n) => ws.write_number(r, c, *n).map(|_| ()),
                    B(b) => ws.write_boolean(r, c, *b).map(|_| ()),
                    D(y, m, d) => ws
                        .write_datetime_with_format(
                            r,
                            c,
                            ExcelDateTime::from_ymd(*y, *m, *d).unwrap(),
                            &date,
                        )
                        .map(|_| ()),
                    Blank => Ok(()),
                }
                .unwrap();
            }
        }
        for &(sheet, r1, c1, r2, c2) in merges.iter().filter(|m| m.0 == *name) {
            let _ = sheet;
            let text = match rows.get(r1 as usize).and_then(|r| r.get(c1 as usize)) {
                Some(T(t)) => *t,
                _ => "",
            };
            ws.merge_range(r1, c1, r2, c2, text, &Format::new())
                .unwrap();
        }
    }
    wb.save(path).unwrap();
}

/// Rewrites an xlsx so that it uses the 1904 date system.
pub(crate) fn switch_to_1904(path: &Path) {
    rewrite_zip(path, |name, data| {
        if name == "xl/workbook.xml" {
            let xml = String::from_utf8(data).unwrap();
            let patched = if xml.contains("<workbookPr") {
                xml.replacen("<workbookPr", "<workbookPr date1904=\"1\"", 1)
            } else {
                xml.replacen("<sheets>", "<workbookPr date1904=\"1\"/><sheets>", 1)
            };
            assert!(patched.contains("date1904"));
            patched.into_bytes()
        } else {
            data
        }
    });
}

/// Replaces the text of one part of a zip (a workbook's XML).
pub(crate) fn rewrite_zip_part(path: &Path, part: &str, edit: impl Fn(&str) -> String) {
    rewrite_zip(path, |name, data| {
        if name == part {
            edit(&String::from_utf8(data).unwrap()).into_bytes()
        } else {
            data
        }
    });
}

fn rewrite_zip(path: &Path, mut edit: impl FnMut(&str, Vec<u8>) -> Vec<u8>) {
    let bytes = std::fs::read(path).unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let name = entry.name().unwrap().to_string();
        let mut data = Vec::new();
        entry.read_to_end(&mut data).unwrap();
        out.start_file(name.as_str(), zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(&edit(&name, data)).unwrap();
    }
    let done = out.finish().unwrap().into_inner();
    std::fs::write(path, done).unwrap();
}

pub(crate) fn temp() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

pub(crate) fn repo_path(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

/// A cell read back from a workbook, as the analyst-edit helper handles it.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Val {
    S(String),
    F(f64),
    D(chrono::NaiveDate),
    B(bool),
    /// A hyperlink: its target and the text shown.
    L(String, String),
    E,
}

impl Val {
    pub(crate) fn text(&self) -> String {
        match self {
            Val::S(s) => s.clone(),
            Val::F(f) => f.to_string(),
            Val::D(d) => d.to_string(),
            Val::B(b) => b.to_string(),
            Val::L(_, text) => text.clone(),
            Val::E => String::new(),
        }
    }
}

/// Re-writes a workbook the way another program saving it would: every sheet
/// read with calamine, `edit` applied to its rows, written back (hidden sheets
/// stay hidden).
pub(crate) fn rewrite_workbook(src: &Path, dst: &Path, edit: impl FnMut(&str, &mut Vec<Vec<Val>>)) {
    rewrite_workbook_copying(src, dst, edit, &[]);
}

/// [`rewrite_workbook`], adding copies of sheets (`("Worklist",
/// "Worklist (2)")`: what Excel's Move or Copy › Create a copy makes), each
/// right after its sheet and edited like the others, under its own name.
pub(crate) fn rewrite_workbook_copying(
    src: &Path,
    dst: &Path,
    mut edit: impl FnMut(&str, &mut Vec<Vec<Val>>),
    copies: &[(&str, &str)],
) {
    use calamine::{open_workbook, Data, Reader, SheetVisible, Xlsx};
    let mut book: Xlsx<_> = open_workbook(src).unwrap();
    let sheets: Vec<(String, String, bool)> = book
        .sheets_metadata()
        .iter()
        .flat_map(|s| {
            let hidden = s.visible != SheetVisible::Visible;
            let copies = copies
                .iter()
                .filter(|(from, _)| *from == s.name)
                .map(move |(_, to)| (s.name.clone(), (*to).to_string(), hidden));
            std::iter::once((s.name.clone(), s.name.clone(), hidden)).chain(copies)
        })
        .collect();
    let mut wb = Workbook::new();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for (from, name, hidden) in sheets {
        let range = book.worksheet_range(&from).unwrap();
        let links: std::collections::HashMap<(u32, u32), String> = book
            .hyperlinks_by_sheet_name(&from)
            .unwrap_or_default()
            .into_iter()
            .filter_map(|h| Some((h.range.start, h.target?)))
            .collect();
        let start = range.start().unwrap_or((0, 0));
        let mut rows: Vec<Vec<Val>> = range
            .rows()
            .enumerate()
            .map(|(ri, r)| {
                r.iter()
                    .enumerate()
                    .map(|(ci, c)| {
                        let at = (start.0 + ri as u32, start.1 + ci as u32);
                        if let Some(url) = links.get(&at) {
                            return Val::L(url.clone(), c.to_string());
                        }
                        match c {
                            Data::String(s) => Val::S(s.clone()),
                            Data::Float(f) => Val::F(*f),
                            Data::Int(i) => Val::F(*i as f64),
                            Data::Bool(b) => Val::B(*b),
                            Data::DateTime(d) => {
                                d.as_datetime().map_or(Val::E, |d| Val::D(d.date()))
                            }
                            Data::Empty => Val::E,
                            other => Val::S(other.to_string()),
                        }
                    })
                    .collect()
            })
            .collect();
        edit(&name, &mut rows);
        let ws = wb.add_worksheet();
        ws.set_name(&name).unwrap();
        if hidden {
            ws.set_hidden(true);
        }
        for (r, row) in rows.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                match v {
                    Val::S(s) => {
                        ws.write_string(r, c, s).unwrap();
                    }
                    Val::F(f) => {
                        ws.write_number(r, c, *f).unwrap();
                    }
                    Val::B(b) => {
                        ws.write_boolean(r, c, *b).unwrap();
                    }
                    Val::L(url, text) => {
                        ws.write_url(r, c, rust_xlsxwriter::Url::new(url).set_text(text))
                            .unwrap();
                    }
                    Val::D(d) => {
                        use chrono::Datelike;
                        let dt = ExcelDateTime::from_ymd(
                            d.year() as u16,
                            d.month() as u8,
                            d.day() as u8,
                        )
                        .unwrap();
                        ws.write_datetime_with_format(r, c, &dt, &date).unwrap();
                    }
                    Val::E => {}
                }
            }
        }
    }
    wb.save(dst).unwrap();
}

/// Sets the analyst columns of the worklist row for (member, criterion).
pub(crate) fn decide(
    rows: &mut [Vec<Val>],
    member: &str,
    criterion: &str,
    decision: &str,
    date: Option<chrono::NaiveDate>,
    comment: &str,
) {
    let header: Vec<String> = rows[0].iter().map(Val::text).collect();
    let col = |h: &str| header.iter().position(|x| x == h).unwrap();
    let (m, c, d, r, k) = (
        col("Member"),
        col("Criterion"),
        col("Decision"),
        col("Evidence received on"),
        col("Comment"),
    );
    let row = rows
        .iter_mut()
        .find(|row| {
            row.get(m).map(Val::text).as_deref() == Some(member)
                && row.get(c).map(Val::text).as_deref() == Some(criterion)
        })
        .unwrap_or_else(|| panic!("no worklist row for {member} / {criterion}"));
    let width = header.len();
    row.resize(width, Val::E);
    row[d] = Val::S(decision.to_string());
    row[r] = date.map_or(Val::E, Val::D);
    row[k] = Val::S(comment.to_string());
}

/// Every sheet of a workbook as rows of display strings (whole numbers
/// without a fraction, dates as YYYY-MM-DD), with the sheet names in order.
pub(crate) fn read_book(
    path: &Path,
) -> (
    Vec<String>,
    std::collections::HashMap<String, Vec<Vec<String>>>,
) {
    use calamine::{open_workbook, Data, Reader, Xlsx};
    let mut wb: Xlsx<_> = open_workbook(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let names = wb.sheet_names();
    let mut sheets = std::collections::HashMap::new();
    for name in &names {
        let range = wb.worksheet_range(name).unwrap();
        let rows = range
            .rows()
            .map(|r| {
                r.iter()
                    .map(|c| match c {
                        Data::Empty => String::new(),
                        Data::Float(f) if f.fract() == 0.0 => format!("{}", *f as i64),
                        Data::DateTime(d) => d
                            .as_datetime()
                            .map(|d| d.date().to_string())
                            .unwrap_or_default(),
                        other => other.to_string(),
                    })
                    .collect()
            })
            .collect();
        sheets.insert(name.clone(), rows);
    }
    (names, sheets)
}

/// The shipped mapping's badge vocabulary.
pub(crate) fn vocab() -> Vocabulary {
    badgemap::mapping::embedded("csp-2023").unwrap().plan.vocab
}

/// Reads through the library, checking that every sheet's rows balance.
pub(crate) fn read(paths: &[PathBuf]) -> Ingested {
    let ing = ingest(paths, &vocab(), &Options::default()).unwrap();
    for file in &ing.files {
        for sheet in &file.sheets {
            if let badgemap::ingest::sheet::SheetOutcome::Table { accounting, .. } = &sheet.outcome
            {
                assert!(
                    accounting.balances(),
                    "{} {:?}: {accounting:?}",
                    file.path,
                    sheet.name
                );
            }
        }
    }
    ing
}

/// The integration of `member` named `name`.
pub(crate) fn find<'a>(ing: &'a Ingested, member: &str, name: &str) -> &'a Integration {
    ing.register
        .integrations
        .iter()
        .find(|i| &*i.member == member && &*i.name == name)
        .unwrap_or_else(|| {
            let all: Vec<_> = ing
                .register
                .integrations
                .iter()
                .map(|i| (&i.member, &i.name))
                .collect();
            panic!("no {member} / {name} in {all:?}")
        })
}

/// `badge id` or `badge id@date` for each award, in badge order.
pub(crate) fn awards(_ing: &Ingested, it: &Integration) -> Vec<String> {
    let vocab = vocab();
    it.awards
        .iter()
        .map(|(b, a)| match a.date {
            Some(d) => format!("{}@{d}", vocab.badge(*b).id),
            None => vocab.badge(*b).id.clone(),
        })
        .collect()
}

/// Writes `text` to `dir/name`.
pub(crate) fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

/// A zip archive of the given parts.
pub(crate) fn write_zip(path: &Path, parts: &[(&str, &[u8])]) {
    let file = std::fs::File::create(path).unwrap();
    let mut zip = zip::ZipWriter::new(file);
    for (name, data) in parts {
        zip.start_file(*name, zip::write::SimpleFileOptions::default())
            .unwrap();
        zip.write_all(data).unwrap();
    }
    zip.finish().unwrap();
}

/// An `OpenDocument` spreadsheet with the given content.xml body (the tables).
pub(crate) fn write_ods(path: &Path, tables: &str) {
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body></office:document-content>"#
    );
    let manifest = br#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;
    write_zip(
        path,
        &[
            (
                "mimetype",
                b"application/vnd.oasis.opendocument.spreadsheet",
            ),
            ("content.xml", content.as_bytes()),
            ("META-INF/manifest.xml", manifest),
        ],
    );
}

pub(crate) fn ods_row(cells: &[&str]) -> String {
    let cells: String = cells
        .iter()
        .map(|c| format!(r#"<table:table-cell office:value-type="string"><text:p>{c}</text:p></table:table-cell>"#))
        .collect();
    format!("<table:table-row>{cells}</table:table-row>")
}

/// `run` on `dir/in` with the arguments given; the JSON report.
pub(crate) fn run_json(dir: &Path, extra: &[&str]) -> (Run, serde_json::Value) {
    let mut args = vec![
        "run",
        "in",
        "--as-of",
        "2026-11-24",
        "--json",
        "r.json",
        "--force",
    ];
    args.extend_from_slice(extra);
    let run = badgemap(dir, &args);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let json = serde_json::from_str(&std::fs::read_to_string(dir.join("r.json")).unwrap()).unwrap();
    (run, json)
}

pub(crate) fn integration<'j>(json: &'j serde_json::Value, member: &str) -> &'j serde_json::Value {
    json["integrations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["member"] == member)
        .unwrap_or_else(|| panic!("no {member}"))
}

pub(crate) fn award_dates(json: &serde_json::Value, member: &str) -> Vec<String> {
    integration(json, member)["badges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| {
            format!(
                "{}@{}",
                b["badge"].as_str().unwrap(),
                b["awarded_on"].as_str().unwrap_or("-")
            )
        })
        .collect()
}

pub(crate) fn json_messages(json: &serde_json::Value) -> Vec<String> {
    json["issues"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            format!(
                "{} {}: {}",
                i["severity"].as_str().unwrap(),
                i["cell"].as_str().unwrap_or(""),
                i["message"].as_str().unwrap()
            )
        })
        .collect()
}
