//! A mutation fuzzer that runs on the stable toolchain (cargo fuzz needs
//! nightly): mutates seed inputs and feeds them to CSV ingestion, workbook
//! ingestion and mapping parsing, catching panics. Inputs that panic are saved
//! under tests/fixtures/fuzz-crashes/ to become regression fixtures.
//!
//! Usage: fuzz csv|workbook|mapping SECONDS [SEED]
//! (cargo run --release --example fuzz -- csv 600)

use badgemap::generate::Rng;
use badgemap::ingest::{ingest, Options};
use std::io::{Read, Write};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let target = args.get(1).cloned().unwrap_or_default();
    let seconds: u64 = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(60);
    let seed: u64 = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(1);
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let work = std::env::temp_dir().join(format!("badgemap-fuzz-{target}-{}", std::process::id()));
    std::fs::create_dir_all(&work).expect("temp dir");
    let crashes = root.join("tests/fixtures/fuzz-crashes");
    let vocab = badgemap::mapping::embedded("csp-2023")
        .expect("default mapping")
        .plan
        .vocab;
    let mut rng = Rng::new(seed);
    std::panic::set_hook(Box::new(|_| {}));
    let seeds: Vec<Vec<u8>> = match target.as_str() {
        "csv" => vec![
            std::fs::read(root.join("samples/badge-awards-long.csv")).expect("seed"),
            std::fs::read(root.join("samples/certified-providers.csv")).expect("seed"),
            b"Member;Integration;Achievements\nU;I;DISPLAY:Awarded|COLLECT\n".to_vec(),
        ],
        "workbook" => vec![
            sheet_xml(&root.join("samples/consortium-register.xlsx")),
            sheet_xml(&root.join("samples/crm-export-2020.xlsx")),
        ],
        "mapping" => vec![
            std::fs::read(root.join("mappings/csp-2023.toml")).expect("seed"),
            std::fs::read(root.join("mappings/csp-baseline.toml")).expect("seed"),
        ],
        "files" => {
            return fuzz_files(root, &work, &crashes, &vocab, seconds, &mut rng, seed);
        }
        _ => {
            eprintln!("usage: fuzz csv|workbook|mapping|files SECONDS [SEED]");
            std::process::exit(2);
        }
    };
    let template = root.join("samples/consortium-register.xlsx");
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let (mut runs, mut found) = (0u64, 0u64);
    while Instant::now() < deadline {
        let mut input = rng.pick(&seeds).clone();
        for _ in 0..=rng.below(8) {
            mutate(&mut input, &mut rng, &seeds);
            input.truncate(MAX_INPUT);
        }
        let outcome = catch_unwind(AssertUnwindSafe(|| match target.as_str() {
            "csv" => {
                let path = work.join("input.csv");
                std::fs::write(&path, &input).expect("write");
                let _ = ingest(&[path], &vocab, &Options::default());
            }
            "workbook" => {
                let path = work.join("input.xlsx");
                write_with_sheet(&template, &path, &input);
                let _ = ingest(&[path], &vocab, &Options::default());
            }
            _ => {
                let text = String::from_utf8_lossy(&input);
                let _ = badgemap::mapping::parse("fuzz.toml", &text);
            }
        }));
        runs += 1;
        if outcome.is_err() {
            found += 1;
            std::fs::create_dir_all(&crashes).expect("crash dir");
            let name: PathBuf = crashes.join(format!("{target}-{seed}-{runs}.bin"));
            std::fs::write(&name, &input).expect("save crash");
            eprintln!("fuzz: panic on input saved to {}", name.display());
        }
    }
    let _ = std::fs::remove_dir_all(&work);
    println!("fuzz {target}: {runs} inputs in {seconds} s, {found} panics");
    if found > 0 {
        std::process::exit(1);
    }
}

/// Whole files of every format (samples, fixtures, and the files in the
/// folder `FUZZ_SEEDS` names, such as the hostile corpus the tests write with
/// `BADGEMAP_CORPUS_DIR`), mutated byte by byte and read by their content.
/// A reader's panic is contained by ingestion and becomes the file's error:
/// those are counted apart from panics that escape.
fn fuzz_files(
    root: &Path,
    work: &Path,
    crashes: &Path,
    vocab: &badgemap::vocab::Vocabulary,
    seconds: u64,
    rng: &mut Rng,
    seed: u64,
) {
    let mut dirs = vec![root.join("samples"), root.join("tests/fixtures")];
    dirs.extend(std::env::var_os("FUZZ_SEEDS").map(PathBuf::from));
    let mut seeds: Vec<(String, Vec<u8>)> = Vec::new();
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else if let Ok(bytes) = std::fs::read(&path) {
                let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("bin");
                if !bytes.is_empty() && bytes.len() <= MAX_INPUT && ext != "py" {
                    seeds.push((ext.to_string(), bytes));
                }
            }
        }
    }
    seeds.sort();
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let (mut runs, mut escaped, mut contained) = (0u64, 0u64, 0u64);
    while Instant::now() < deadline {
        let (ext, bytes) = rng.pick(&seeds).clone();
        let mut input = bytes;
        let others: Vec<Vec<u8>> = vec![input.clone()];
        for _ in 0..=rng.below(4) {
            mutate(&mut input, rng, &others);
            input.truncate(MAX_INPUT);
        }
        let path = work.join(format!("input.{ext}"));
        std::fs::write(&path, &input).expect("write");
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            ingest(std::slice::from_ref(&path), vocab, &Options::default())
        }));
        runs += 1;
        match outcome {
            Ok(Ok(ingested)) => {
                contained += ingested
                    .issues
                    .iter()
                    .filter(|i| i.message.starts_with("the reader failed on this file"))
                    .count() as u64;
            }
            Ok(Err(_)) => {}
            Err(_) => {
                escaped += 1;
                std::fs::create_dir_all(crashes).expect("crash dir");
                let name = crashes.join(format!("files-{seed}-{runs}.{ext}"));
                std::fs::write(&name, &input).expect("save crash");
                eprintln!("fuzz: panic on input saved to {}", name.display());
            }
        }
        let _ = std::fs::remove_file(&path);
    }
    let _ = std::fs::remove_dir_all(work);
    println!(
        "fuzz files: {runs} inputs from {} seeds in {seconds} s, {escaped} panics escaped, {contained} reader panics contained as file errors",
        seeds.len()
    );
    if escaped > 0 {
        std::process::exit(1);
    }
}

/// Inputs are kept below this size: large inputs test memory, not parsing,
/// and are covered by the bad-input corpus.
const MAX_INPUT: usize = 256 << 10;

/// Byte-level and token-level mutations.
fn mutate(input: &mut Vec<u8>, rng: &mut Rng, seeds: &[Vec<u8>]) {
    let len = input.len();
    match rng.below(9) {
        0 if len > 0 => {
            let i = rng.below(len);
            input[i] ^= 1 << rng.below(8);
        }
        1 => {
            let i = rng.below(len + 1);
            let byte = *rng.pick(b",;\t|\"\n\r\0=<>&:[]{}#'\\0123456789xX\xff\xfe\xc3\xa9 ");
            input.insert(i, byte);
        }
        2 if len > 0 => {
            let i = rng.below(len);
            let n = (1 + rng.below(16)).min(len - i);
            input.drain(i..i + n);
        }
        3 if len > 0 => {
            let i = rng.below(len);
            let n = (1 + rng.below(64)).min(len - i);
            let chunk: Vec<u8> = input[i..i + n].to_vec();
            let at = rng.below(len + 1);
            input.splice(at..at, chunk);
        }
        4 => {
            let other = rng.pick(seeds);
            if !other.is_empty() {
                let i = rng.below(other.len());
                let n = (1 + rng.below(128)).min(other.len() - i);
                let at = rng.below(input.len() + 1);
                input.splice(at..at, other[i..i + n].iter().copied());
            }
        }
        5 => {
            let tokens: [&[u8]; 12] = [
                b"99999999",
                b"-1",
                b"1048576",
                b"XFD1048576",
                b"\"\"\"",
                b"#N/A",
                b"2018-02-30",
                b"\xf0\x9f\x98\x80",
                b"\xe2\x80\xae",
                b"=1+1",
                b"[[rules]]",
                b"\n\n\n",
            ];
            let t = rng.pick(&tokens);
            let at = rng.below(input.len() + 1);
            input.splice(at..at, t.iter().copied());
        }
        6 if len > 2 => {
            let i = rng.below(len / 2);
            input.truncate(len - i);
        }
        7 if len > 0 => {
            // Repeat a line many times.
            let i = rng.below(len);
            let start = input[..i]
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |p| p + 1);
            let end = input[i..]
                .iter()
                .position(|&b| b == b'\n')
                .map_or(len, |p| i + p + 1);
            let line = input[start..end].to_vec();
            if line.len() < 4096 {
                for _ in 0..rng.below(50) {
                    input.splice(end..end, line.iter().copied());
                }
            }
        }
        _ => {
            let i = rng.below(len + 1);
            input.insert(i, rng.next_u64() as u8);
        }
    }
}

/// The XML of the first worksheet of a workbook.
fn sheet_xml(path: &Path) -> Vec<u8> {
    let file = std::fs::File::open(path).expect("seed workbook");
    let mut zip = zip::ZipArchive::new(file).expect("seed zip");
    let mut name = String::new();
    for i in 0..zip.len() {
        let entry = zip.by_index(i).expect("entry");
        let n = entry.name().unwrap_or_default().to_string();
        if n.starts_with("xl/worksheets/sheet") && n.ends_with(".xml") {
            name = n;
        }
    }
    let mut out = Vec::new();
    zip.by_name(&name)
        .expect("sheet")
        .read_to_end(&mut out)
        .expect("read sheet");
    out
}

/// Copies the template workbook with every worksheet replaced by `sheet`.
fn write_with_sheet(template: &Path, out: &Path, sheet: &[u8]) {
    let file = std::fs::File::open(template).expect("template");
    let mut zip = zip::ZipArchive::new(file).expect("template zip");
    let mut w = zip::ZipWriter::new(std::fs::File::create(out).expect("out"));
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).expect("entry");
        let name = entry.name().unwrap_or_default().to_string();
        let mut data = Vec::new();
        entry.read_to_end(&mut data).expect("read");
        if name.starts_with("xl/worksheets/sheet") {
            data = sheet.to_vec();
        }
        w.start_file(name.as_str(), zip::write::SimpleFileOptions::default())
            .expect("start");
        w.write_all(&data).expect("write");
    }
    w.finish().expect("finish");
}
