//! `badgemap generate`: writes a reproducible synthetic register, for
//! benchmarks at any scale and for trying a mapping before real data exists.

use super::{exit, plural, MappingArg};
use crate::generate::{file_rows, GenCell, Spec};
use chrono::Datelike;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, XlsxError};
use std::path::{Path, PathBuf};

const EXAMPLES: &str = "\
Examples:
  badgemap generate --integrations 2500 -o synthetic/
  badgemap generate --integrations 250000 --files 100 --format xlsx --seed 42 -o big/
  badgemap generate --integrations 1000 --format csv --mapping consortium.toml -o trial/";

/// Write a synthetic register: every badge encoding, messy spellings and
/// dates, duplicates across files and a small share of bad rows.
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct Args {
    /// Number of integrations (each gives one to several rows).
    #[arg(long, default_value_t = 1000)]
    pub integrations: usize,
    /// Seed: the same seed and sizes give the same files.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Number of files to spread the register over.
    #[arg(long, default_value_t = 3)]
    pub files: usize,
    /// File format.
    #[arg(long, value_enum, default_value_t = GenFormat::Xlsx)]
    pub format: GenFormat,
    /// Directory to write into (created if needed).
    #[arg(short, long, value_name = "DIR")]
    pub output: PathBuf,
    /// Replace files that already exist.
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    pub mapping: MappingArg,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum GenFormat {
    Xlsx,
    Csv,
}

pub fn run(args: &Args, out: &mut dyn std::io::Write) -> super::Result<u8> {
    let loaded = args.mapping.load()?;
    if args.files == 0 || args.integrations == 0 {
        return Err(super::fail("--files and --integrations must be at least 1"));
    }
    std::fs::create_dir_all(&args.output)
        .map_err(|e| super::fail(format!("cannot create {}: {e}", args.output.display())))?;
    let spec = Spec {
        integrations: args.integrations,
        seed: args.seed,
        files: args.files,
    };
    let ext = match args.format {
        GenFormat::Xlsx => "xlsx",
        GenFormat::Csv => "csv",
    };
    let width = args.files.to_string().len().max(3);
    let mut total_rows = 0usize;
    for f in 0..args.files {
        let path = args.output.join(format!("register-{f:0width$}.{ext}"));
        if path.exists() && !args.force {
            return Err(super::fail(format!(
                "{} already exists; use --force to replace it",
                path.display()
            )));
        }
        let rows = file_rows(&spec, &loaded.plan.vocab, f, args.format == GenFormat::Csv);
        total_rows += rows.len();
        let written = match args.format {
            GenFormat::Xlsx => write_xlsx(&path, &rows).map_err(|e| e.to_string()),
            GenFormat::Csv => write_csv(&path, &rows, f % 10 == 9),
        };
        written.map_err(|e| super::fail(format!("cannot write {}: {e}", path.display())))?;
    }
    writeln!(
        out,
        "Wrote {} with {} ({} integrations, seed {}) to {}",
        plural(args.files, "file"),
        plural(total_rows, "row"),
        args.integrations,
        args.seed,
        args.output.display()
    )?;
    Ok(exit::OK)
}

fn write_xlsx(path: &Path, rows: &[Vec<GenCell>]) -> Result<(), XlsxError> {
    let mut wb = Workbook::new();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    let mut ws = wb.new_worksheet_with_constant_memory()?;
    ws.set_name("Register")?;
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let (r, c) = (r as u32, c as u16);
            match cell {
                GenCell::Text(s) if !s.is_empty() => {
                    ws.write_string(r, c, s)?;
                }
                GenCell::Date(d) => {
                    let dt =
                        ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)?;
                    ws.write_datetime_with_format(r, c, &dt, &date)?;
                }
                GenCell::Bool(b) => {
                    ws.write_boolean(r, c, *b)?;
                }
                GenCell::Text(_) | GenCell::Empty => {}
            }
        }
    }
    wb.push_worksheet(ws);
    wb.save(path)
}

fn cell_text(cell: &GenCell) -> String {
    match cell {
        GenCell::Text(s) => s.clone(),
        GenCell::Date(d) => d.format("%Y-%m-%d").to_string(),
        GenCell::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        GenCell::Empty => String::new(),
    }
}

/// CSV in UTF-8, or Windows-1252 to exercise the encoding fall-back.
fn write_csv(path: &Path, rows: &[Vec<GenCell>], windows_1252: bool) -> Result<(), String> {
    let mut w = csv::WriterBuilder::new()
        .flexible(true)
        .from_writer(Vec::new());
    for row in rows {
        w.write_record(row.iter().map(cell_text))
            .map_err(|e| e.to_string())?;
    }
    let bytes = w.into_inner().map_err(|e| e.to_string())?;
    let bytes = if windows_1252 {
        let text = String::from_utf8_lossy(&bytes);
        encoding_rs::WINDOWS_1252.encode(&text).0.into_owned()
    } else {
        bytes
    };
    std::fs::write(path, bytes).map_err(|e| e.to_string())
}
