//! Broken and malicious input: no panic, no hang, a clear issue naming file,
//! sheet and cell, the other inputs still read, the accounting intact, and
//! nothing in the output that a spreadsheet would run.

use crate::support::*;
use std::path::Path;

const BAD: &str = "tests/fixtures/bad";

/// `inspect --json` on one bad file and the good control file.
fn inspect_bad(file: &str) -> (i32, serde_json::Value) {
    let root = repo_path("");
    let (code, json) = inspect_json(
        &root,
        &[&format!("{BAD}/{file}"), &format!("{BAD}/good.csv")],
    );
    assert!(code == 0 || code == 1, "{file}: exit {code}");
    let good = json["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"] == format!("{BAD}/good.csv"))
        .unwrap();
    assert_eq!(
        good["sheets"][0]["accounting"]["with_awards"], 1,
        "{file}: the good file was still read"
    );
    (code, json)
}

fn file_error(json: &serde_json::Value, file: &str) -> String {
    let f = json["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"] == format!("{BAD}/{file}"))
        .unwrap();
    f["error"]
        .as_str()
        .unwrap_or_else(|| panic!("{file} has no error: {f}"))
        .to_string()
}

#[test]
fn damaged_and_empty_workbooks_fail_alone_with_their_cause() {
    let (code, json) = inspect_bad("truncated.xlsx");
    assert_eq!(code, 1);
    assert!(file_error(&json, "truncated.xlsx").starts_with(
        "the file is damaged or not a spreadsheet: not a readable xlsx (zip) archive"
    ));
    let (_, json) = inspect_bad("random-bytes.xlsx");
    assert!(file_error(&json, "random-bytes.xlsx")
        .starts_with("the file is damaged or not a spreadsheet"));
    let (_, json) = inspect_bad("empty.xlsx");
    assert_eq!(
        file_error(&json, "empty.xlsx"),
        "the file is empty (0 bytes); export it again"
    );
    let (_, json) = inspect_bad("password-protected.xlsx");
    assert!(file_error(&json, "password-protected.xlsx")
        .starts_with("the workbook is encrypted: protected with a password"));
    let (_, json) = inspect_bad("no-sheets.xlsx");
    assert_eq!(
        file_error(&json, "no-sheets.xlsx"),
        "the workbook has no sheets"
    );
    let (code, json) = inspect_bad("only-empty-sheets.xlsx");
    assert_eq!(code, 0);
    let sheets = json["files"][0]["sheets"].as_array().unwrap();
    assert_eq!(sheets.len(), 2);
    assert!(sheets.iter().all(|s| s["reason"] == "the sheet is empty"));
}

#[test]
fn a_stray_far_cell_is_streamed_not_allocated() {
    let (code, json) = inspect_bad("stray-cell.xlsx");
    assert_eq!(code, 0);
    let a = &json["files"][0]["sheets"][0]["accounting"];
    // The stray cell's row is read like any other: 1,048,575 rows below the
    // header, one with an award; the stray cell lies outside the table's
    // columns, so its row is blank like the empty rows before it.
    assert_eq!(a["rows_read"], 1_048_575);
    assert_eq!(a["with_awards"], 1);
    assert_eq!(a["blank"], 1_048_574);
}

#[test]
fn a_stray_far_cell_in_an_ods_file_gets_a_clear_limit_error() {
    // OpenDocument sheets are read as ranges: content.xml is measured as a
    // stream first, and a span past the dense-range budget is refused before
    // calamine allocates it.
    let (code, json) = inspect_bad("stray-cell.ods");
    assert_eq!(code, 1);
    assert_eq!(
        file_error(&json, "stray-cell.ods"),
        "its sheets span 17179869184 cells between their first and last used cell, more than the 6000000 this format is read with; a stray cell far from the table? Delete it (Ctrl+End shows where a sheet ends) or save the file as .xlsx"
    );
}

#[test]
fn a_column_past_excels_last_is_ignored() {
    let (code, json) = inspect_bad("far-column.xlsx");
    assert_eq!(code, 0);
    assert_eq!(
        json["files"][0]["sheets"][0]["accounting"]["with_awards"],
        1
    );
}

#[test]
fn compressed_sheets_stream_and_oversized_parts_are_refused() {
    let (code, json) = inspect_bad("compressed-rows.xlsx");
    assert_eq!(code, 0);
    assert_eq!(
        json["files"][0]["sheets"][0]["accounting"]["with_awards"],
        1
    );
    let (code, json) = inspect_bad("shared-strings-bomb.xlsx");
    assert_eq!(code, 1);
    let error = file_error(&json, "shared-strings-bomb.xlsx");
    assert!(
        error.starts_with("its xl/sharedStrings.xml would unpack to 340000"),
        "{error}"
    );
    assert!(error.ends_with("more than the 268435456-byte limit for a part read whole; split the workbook or save it as CSV"), "{error}");
}

#[test]
fn formula_errors_long_cells_and_control_characters() {
    let (code, json) = inspect_bad("formula-errors.xlsx");
    assert_eq!(code, 1);
    let msgs = messages(&json);
    assert!(msgs.contains(&format!("error {BAD}/formula-errors.xlsx|Register|A2: the member cell holds a formula error (#N/A)")), "{msgs:?}");
    assert!(
        msgs.contains(&format!(
            "warning {BAD}/formula-errors.xlsx|Register|C3: unclear Authenticate cell"
        )) || msgs.iter().any(|m| m.contains("|C3: ")),
        "{msgs:?}"
    );

    let (code, json) = inspect_bad("long-cell.xlsx");
    assert_eq!(code, 0, "{json}");
    let long_issue = json["issues"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["cell"] == "B3");
    assert!(
        long_issue.is_none(),
        "a long integration name is data, not an error"
    );

    let (code, _) = inspect_bad("control-chars.csv");
    assert_eq!(code, 0);
    // The workbook keeps such names readable and valid.
    let dir = temp();
    let input = repo_path(&format!("{BAD}/control-chars.csv"));
    let run = badgemap(
        dir.path(),
        &["run", input.to_str().unwrap(), "--as-of", "2026-11-24"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut wb: calamine::Xlsx<_> =
        calamine::open_workbook(dir.path().join("reconciled.xlsx")).unwrap();
    use calamine::Reader;
    let range = wb.worksheet_range("Integrations").unwrap();
    let members: Vec<String> = range.rows().skip(1).map(|r| r[1].to_string()).collect();
    assert_eq!(members.len(), 3);
    assert!(members.iter().any(|m| m.contains('😀')), "{members:?}");
    assert!(
        members.iter().any(|m| m.contains('\u{202e}')),
        "{members:?}"
    );
}

#[test]
fn ragged_unclosed_mixed_and_misencoded_csv() {
    let (code, json) = inspect_bad("ragged.csv");
    assert_eq!(code, 0);
    assert_eq!(json["files"][0]["sheets"][0]["accounting"]["rows_read"], 2);
    // The quote that never closes is named with its line; it is read as a
    // character and the line after it as a row of its own.
    let (_, json) = inspect_bad("unclosed-quote.csv");
    let a = &json["files"][0]["sheets"][0]["accounting"];
    assert_eq!(a["rows_read"], 3, "{json}");
    assert_eq!(a["with_awards"], 3, "{json}");
    assert!(messages(&json).contains(&format!("warning {BAD}/unclosed-quote.csv||: a quote opens a field on line 3 and never closes: it would swallow the 1 line after it into one cell; read as a quote character, and the lines after it as rows")), "{:?}", messages(&json));
    let (_, json) = inspect_bad("mixed-eol.csv");
    assert_eq!(
        json["files"][0]["sheets"][0]["accounting"]["with_awards"],
        3
    );
    let (_, json) = inspect_bad("wrong-encoding.csv");
    assert_eq!(json["files"][0]["encoding"], "windows-1252");
    let (_, json) = inspect_bad("duplicate-headers.csv");
    assert!(messages(&json).contains(&format!("warning {BAD}/duplicate-headers.csv||B1: second column for member (the first is A1 \"Member\")")));
    let (code, json) = inspect_bad("header-only.csv");
    assert_eq!(code, 0);
    assert_eq!(json["files"][0]["sheets"][0]["accounting"]["rows_read"], 0);
}

#[test]
fn every_bad_file_at_once_still_gives_a_workbook() {
    let dir = temp();
    let bad = repo_path(BAD);
    let run = badgemap(
        dir.path(),
        &[
            "run",
            bad.to_str().unwrap(),
            "--as-of",
            "2026-11-24",
            "--json",
            "r.json",
        ],
    );
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("r.json")).unwrap()).unwrap();
    let read = json["accounting"]["rows_read"].as_u64().unwrap();
    let sum: u64 = [
        "with_awards",
        "without_award",
        "blank",
        "rejected",
        "not_records",
    ]
    .iter()
    .map(|k| json["accounting"][*k].as_u64().unwrap())
    .sum();
    assert_eq!(read, sum);
    assert!(Path::new(&dir.path().join("reconciled.xlsx")).exists());
}

#[test]
fn formula_like_text_stays_text_in_the_workbook_and_is_neutralised_in_csv() {
    let dir = temp();
    let nasty = [
        "=HYPERLINK(\"http://evil\",\"x\")",
        "+SUM(1,2)",
        "-2+3",
        "@cmd",
        "\tTabbed",
        "\rReturned",
    ];
    let mut csv = String::from("Member,Integration,Badge\n");
    for (i, n) in nasty.iter().enumerate() {
        csv.push_str(&format!(
            "\"{}\",\"System {i}\",Display\n",
            n.replace('"', "\"\"")
        ));
    }
    std::fs::write(dir.path().join("nasty.csv"), csv).unwrap();
    let run = badgemap(
        dir.path(),
        &[
            "run",
            "nasty.csv",
            "--as-of",
            "2026-11-24",
            "--csv-dir",
            "out",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    use calamine::Reader;
    let mut wb: calamine::Xlsx<_> =
        calamine::open_workbook(dir.path().join("reconciled.xlsx")).unwrap();
    let range = wb.worksheet_range("Integrations").unwrap();
    let members: Vec<calamine::Data> = range.rows().skip(1).map(|r| r[1].clone()).collect();
    for n in nasty {
        let trimmed = n.trim();
        assert!(
            members
                .iter()
                .any(|m| matches!(m, calamine::Data::String(s) if s.trim() == trimmed)),
            "{n:?} not written as literal text: {members:?}"
        );
    }
    let formulas = wb.worksheet_formula("Integrations").unwrap();
    assert!(
        formulas.used_cells().all(|(_, _, f)| f.is_empty()),
        "no formula cells"
    );
    let integrations = std::fs::read_to_string(dir.path().join("out/integrations.csv")).unwrap();
    let mut reader = csv::Reader::from_reader(integrations.as_bytes());
    for record in reader.records() {
        let member = record.unwrap()[1].to_string();
        assert!(
            !member.starts_with(['=', '+', '-', '@', '\t', '\r']),
            "{member:?} not neutralised"
        );
    }
}

#[test]
fn killing_a_run_mid_write_leaves_the_previous_output_intact() {
    let dir = temp();
    let d = dir.path();
    let gen = badgemap(
        d,
        &[
            "generate",
            "--integrations",
            "6000",
            "--files",
            "3",
            "-o",
            "big",
        ],
    );
    assert_eq!(gen.code, 0, "{}", gen.stderr);
    assert_eq!(
        badgemap(d, &["run", "big", "--as-of", "2026-11-24"]).code,
        0
    );
    let before = std::fs::read(d.join("reconciled.xlsx")).unwrap();
    for delay in [150u64, 400, 800] {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_badgemap"))
            .args(["run", "big", "--as-of", "2026-12-24", "--force"])
            .current_dir(d)
            .stdout(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay));
        let _ = child.kill();
        let status = child.wait().unwrap();
        if status.success() {
            break; // finished before the kill: nothing more to test at this delay
        }
        let after = std::fs::read(d.join("reconciled.xlsx")).unwrap();
        assert!(
            after == before,
            "the previous workbook changed after a kill at {delay} ms"
        );
    }
}
