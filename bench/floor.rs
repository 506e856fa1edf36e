//! The floor for benchmarks: the cost of simply streaming every input cell
//! through calamine or csv and writing a given number of cells with
//! `rust_xlsxwriter`, with no logic in between. badgemap is measured against it.
//!
//! Usage: floor `OUTPUT_CELLS` OUT.xlsx INPUT...

use calamine::{Reader, Xlsx};
use rust_xlsxwriter::{Workbook, XlsxError};
use std::path::{Path, PathBuf};

const COLUMNS: u64 = 12;
const ROWS_PER_SHEET: u64 = 1_048_575;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(cells), Some(out)) = (args.get(1).and_then(|c| c.parse::<u64>().ok()), args.get(2))
    else {
        eprintln!("usage: floor OUTPUT_CELLS OUT.xlsx INPUT...");
        std::process::exit(2);
    };
    let mut files = Vec::new();
    for input in &args[3..] {
        collect(Path::new(input), &mut files);
    }
    files.sort();
    let mut read = 0u64;
    for f in &files {
        read += read_cells(f);
    }
    if let Err(e) = write_cells(Path::new(out), cells) {
        eprintln!("floor: {e}");
        std::process::exit(1);
    }
    println!(
        "floor: read {read} cells from {} files, wrote {cells} cells",
        files.len()
    );
}

fn collect(path: &Path, out: &mut Vec<PathBuf>) {
    if path.is_dir() {
        if let Ok(entries) = std::fs::read_dir(path) {
            for e in entries.flatten() {
                collect(&e.path(), out);
            }
        }
    } else {
        out.push(path.to_path_buf());
    }
}

fn read_cells(path: &Path) -> u64 {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    let mut n = 0u64;
    if ext == "xlsx" {
        let Ok(mut wb) = calamine::open_workbook::<Xlsx<_>, _>(path) else {
            return 0;
        };
        for name in wb.sheet_names() {
            if let Ok(mut reader) = wb.worksheet_cells_reader(&name) {
                while let Ok(Some(_)) = reader.next_cell() {
                    n += 1;
                }
            }
        }
    } else if let Ok(bytes) = std::fs::read(path) {
        let text = match std::str::from_utf8(&bytes) {
            Ok(t) => std::borrow::Cow::Borrowed(t),
            Err(_) => encoding_rs::WINDOWS_1252.decode(&bytes).0,
        };
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes());
        let mut record = csv::StringRecord::new();
        while let Ok(true) = reader.read_record(&mut record) {
            n += record.len() as u64;
        }
    }
    n
}

fn write_cells(path: &Path, cells: u64) -> Result<(), XlsxError> {
    let mut wb = Workbook::new();
    // As measured in the issue that set the targets: constant memory, zip
    // level 3. `BADGEMAP_ZIP_LEVEL` compares like with like (badgemap uses 2).
    let level = std::env::var("BADGEMAP_ZIP_LEVEL")
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|l| *l <= 9)
        .unwrap_or(3);
    wb.set_zip_compression_level(level);
    let rows = cells.div_ceil(COLUMNS);
    let mut written = 0u64;
    let mut sheet = 0;
    while written < cells || sheet == 0 {
        let mut ws = wb.new_worksheet_with_constant_memory()?;
        ws.set_name(format!("Sheet{}", sheet + 1))?;
        let mut row = 0u32;
        while written < cells && u64::from(row) < ROWS_PER_SHEET.min(rows) {
            for c in 0..COLUMNS.min(cells - written) {
                ws.write_string(row, c as u16, "floor value")?;
            }
            written += COLUMNS.min(cells - written);
            row += 1;
        }
        wb.push_worksheet(ws);
        sheet += 1;
    }
    wb.save(path)
}
