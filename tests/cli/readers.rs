//! Every format an office saves, read exactly or refused with its real
//! cause (issue 26): files built byte by byte the way the programs that
//! write them lay them out, read back through `inspect` and `run`.

use crate::corpus::{biff5, biff8, write_xls, XlsCell, XlsSheet};
use crate::support::*;

fn members(json: &serde_json::Value) -> Vec<String> {
    let mut names: Vec<String> = json["integrations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["member"].as_str().unwrap().to_string())
        .collect();
    names.sort();
    names
}

fn awards(json: &serde_json::Value) -> usize {
    json["integrations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["badges"].as_array().unwrap().len())
        .sum()
}

#[test]
fn biff8_strings_are_read_by_their_own_flag_whatever_the_code_page_says() {
    use XlsCell::{Text, Wide};
    let dir = temp();
    let d = dir.path();
    std::fs::create_dir_all(d.join("in")).unwrap();
    // Excel writes CODEPAGE 1252 in many BIFF8 files; each string still
    // says whether it is compressed (Latin-1) or UTF-16LE.
    let sheets = [XlsSheet {
        name: "Badges",
        kind: 0,
        cells: vec![
            Text(0, 0, "Member"),
            Text(0, 1, "Integration"),
            Text(0, 2, "Display"),
            Text(0, 3, "Collect"),
            Wide(1, 0, "Politechnika Łódzka"),
            Text(1, 1, "Repozytorium"),
            Text(1, 2, "Awarded"),
            Text(1, 3, "Awarded"),
            Wide(2, 0, "Πανεπιστήμιο Κρήτης"),
            Wide(2, 1, "Αποθετήριο"),
            Text(2, 2, "Awarded"),
            Text(3, 0, "Universite de Lyon"),
            Text(3, 1, "HAL"),
            Wide(3, 2, "Awarded"),
        ],
    }];
    write_xls(&d.join("in/cp1252.xls"), &biff8(&sheets, 1252, &[]));
    let (_, json) = run_json(d, &[]);
    assert_eq!(
        members(&json),
        [
            "Politechnika Łódzka",
            "Universite de Lyon",
            "Πανεπιστήμιο Κρήτης"
        ]
    );
    assert_eq!(awards(&json), 4);
    let issues = json_messages(&json);
    assert!(
        !issues
            .iter()
            .any(|m| m.contains("control characters") || m.contains("unclear")),
        "{issues:?}"
    );
}

#[test]
fn biff5_code_pages_0x8001_and_0x8000_are_windows_1252_and_mac_roman() {
    use XlsCell::Bytes;
    let dir = temp();
    let d = dir.path();
    std::fs::create_dir_all(d.join("in")).unwrap();
    let cells = |member: &'static [u8]| {
        vec![
            Bytes(0, 0, b"Member"),
            Bytes(0, 1, b"Integration"),
            Bytes(0, 2, b"Display"),
            Bytes(1, 0, member),
            Bytes(1, 1, b"Portal"),
            Bytes(1, 2, b"Yes"),
        ]
    };
    // "Université Paris" in Windows-1252 (é = E9) and Mac Roman (é = 8E).
    write_xls(
        &d.join("in/win.xls"),
        &biff5(b"Badges", &cells(b"Universit\xe9 Paris"), 0x8001),
    );
    write_xls(
        &d.join("in/mac.xls"),
        &biff5(b"Badges", &cells(b"Universit\x8e Lyon"), 0x8000),
    );
    let (_, json) = run_json(d, &[]);
    assert_eq!(members(&json), ["Université Lyon", "Université Paris"]);
    assert_eq!(awards(&json), 2);
}

/// An xlsx whose first sheet's cells are `cells` (the `<c>` elements of
/// each row), written by `rust_xlsxwriter` and then rewritten the way another
/// library lays its cells out; `calc_on_load` adds `XlsxWriter`'s request to
/// recalculate when opened.
fn library_xlsx(path: &std::path::Path, rows: &[&str], calc_on_load: bool) {
    write_xlsx(path, &[("Sheet1", vec![vec![T("x")]])]);
    let data: String = rows
        .iter()
        .enumerate()
        .map(|(i, cells)| format!("<row r=\"{}\">{cells}</row>", i + 1))
        .collect();
    rewrite_zip_part(path, "xl/worksheets/sheet1.xml", |xml| {
        let start = xml.find("<sheetData").unwrap();
        let end = xml.find("</sheetData>").map_or_else(
            || xml[start..].find("/>").unwrap() + start + 2,
            |e| e + "</sheetData>".len(),
        );
        format!(
            "{}<sheetData>{data}</sheetData>{}",
            &xml[..start],
            &xml[end..]
        )
    });
    // rust_xlsxwriter, like XlsxWriter, asks for the recalculation;
    // openpyxl writes no calcPr attribute for it.
    rewrite_zip_part(path, "xl/workbook.xml", |xml| {
        let xml = xml.replace(" fullCalcOnLoad=\"1\"", "");
        if calc_on_load {
            let at = xml.find("<calcPr").unwrap() + "<calcPr".len();
            format!("{} fullCalcOnLoad=\"1\"{}", &xml[..at], &xml[at..])
        } else {
            xml
        }
    });
}

fn s(cell: &str, text: &str) -> String {
    format!("<c r=\"{cell}\" t=\"inlineStr\"><is><t>{text}</t></is></c>")
}

#[test]
fn formulas_never_calculated_are_one_issue_per_sheet_not_data() {
    let dir = temp();
    let d = dir.path();
    std::fs::create_dir_all(d.join("in")).unwrap();
    let header = format!(
        "{}{}{}",
        s("A1", "Member"),
        s("B1", "Integration"),
        s("C1", "Display")
    );
    // openpyxl: a formula with an empty cached value.
    let openpyxl = [
        header.clone(),
        format!(
            "{}{}<c r=\"C2\"><f>IF(D2&gt;0,\"Yes\",\"No\")</f><v></v></c>",
            s("A2", "Acme University"),
            s("B2", "Portal")
        ),
        format!(
            "{}{}<c r=\"C3\"><f>IF(D3&gt;0,\"Yes\",\"No\")</f></c>",
            s("A3", "Birch College"),
            s("B3", "Repository")
        ),
        // A formula Excel calculated: its value is data.
        format!(
            "{}{}<c r=\"C4\" t=\"str\"><f>IF(D4&gt;0,\"Yes\",\"No\")</f><v>Yes</v></c>",
            s("A4", "Cedar Institute"),
            s("B4", "CRIS")
        ),
    ];
    let rows: Vec<&str> = openpyxl.iter().map(String::as_str).collect();
    library_xlsx(&d.join("in/openpyxl.xlsx"), &rows, false);
    // XlsxWriter: 0 in place of every formula's value, recalculated on load.
    let xlsxwriter = [
        header.clone(),
        format!(
            "{}{}<c r=\"C2\"><f>VLOOKUP(A2,Awards!A:B,2,0)</f><v>0</v></c>",
            s("A2", "Dogwood University"),
            s("B2", "Portal")
        ),
        format!(
            "{}{}<c r=\"C3\"><f>VLOOKUP(A3,Awards!A:B,2,0)</f><v>0</v></c>",
            s("A3", "Elm College"),
            s("B3", "Repository")
        ),
    ];
    let rows: Vec<&str> = xlsxwriter.iter().map(String::as_str).collect();
    library_xlsx(&d.join("in/xlsxwriter.xlsx"), &rows, true);
    let (_, json) = run_json(d, &[]);
    let issues = json_messages(&json);
    assert!(
        issues.contains(&"warning C2: 2 formula cells (C2, C3) carry no value Excel computed: read as blank cells".to_string()),
        "{issues:#?}"
    );
    assert!(
        issues.contains(&"warning C2: 2 formula cells (C2, C3) carry no value Excel computed (the file was written by a program that asks Excel to recalculate it when opened): read as blank cells".to_string()),
        "{issues:#?}"
    );
    // No placeholder is read as a badge value.
    assert!(!issues.iter().any(|m| m.contains("\"0\"")), "{issues:#?}");
    assert_eq!(
        integration(&json, "Cedar Institute")["badges"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        integration(&json, "Acme University")["badges"]
            .as_array()
            .unwrap()
            .len(),
        0
    );
    assert_eq!(
        integration(&json, "Dogwood University")["badges"]
            .as_array()
            .unwrap()
            .len(),
        0
    );
}
