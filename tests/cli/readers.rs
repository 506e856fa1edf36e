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

#[test]
fn an_excel_2003_xml_spreadsheet_renamed_xls_is_read_with_its_indexes_merges_and_dates() {
    let dir = temp();
    let d = dir.path();
    std::fs::create_dir_all(d.join("in")).unwrap();
    // As Excel 2003 saves "XML Spreadsheet" and report exports rename it .xls.
    let xml = r#"<?xml version="1.0"?>
<?mso-application progid="Excel.Sheet"?>
<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"
 xmlns:o="urn:schemas-microsoft-com:office:office"
 xmlns:x="urn:schemas-microsoft-com:office:excel"
 xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"
 xmlns:html="http://www.w3.org/TR/REC-html40">
 <Styles>
  <Style ss:ID="s21"><NumberFormat ss:Format="Short Date"/></Style>
 </Styles>
 <Worksheet ss:Name="Badge awards">
  <Table ss:ExpandedColumnCount="4" ss:ExpandedRowCount="6" x:FullColumns="1" x:FullRows="1">
   <Column ss:Width="120"/>
   <Row>
    <Cell><Data ss:Type="String">Member</Data></Cell>
    <Cell><Data ss:Type="String">Integration</Data></Cell>
    <Cell><Data ss:Type="String">Badge</Data></Cell>
    <Cell><Data ss:Type="String">Awarded on</Data></Cell>
   </Row>
   <Row>
    <Cell ss:MergeDown="1"><Data ss:Type="String">Smith &amp; Jones University</Data></Cell>
    <Cell><Data ss:Type="String">Portal</Data></Cell>
    <Cell><Data ss:Type="String">Display</Data></Cell>
    <Cell ss:StyleID="s21"><Data ss:Type="DateTime">2019-05-14T00:00:00.000</Data></Cell>
   </Row>
   <Row>
    <Cell ss:Index="2"><Data ss:Type="String">Portal</Data></Cell>
    <Cell><Data ss:Type="String">Collect</Data></Cell>
    <Cell ss:StyleID="s21"><Data ss:Type="DateTime">2019-06-01T00:00:00.000</Data></Cell>
   </Row>
   <Row ss:Index="5">
    <Cell><Data ss:Type="String">Université Laval</Data></Cell>
    <Cell><Data ss:Type="String">CRIS</Data></Cell>
    <Cell ss:Index="4" ss:StyleID="s21"><Data ss:Type="DateTime">2018-03-02T00:00:00.000</Data></Cell>
   </Row>
  </Table>
 </Worksheet>
</Workbook>
"#
    .replace("<Cell ss:Index=\"4\" ss:StyleID", "<Cell><Data ss:Type=\"String\">Authenticate</Data></Cell><Cell ss:Index=\"4\" ss:StyleID");
    write(&d.join("in"), "report.xls", &xml);
    let (run, json) = run_json(d, &[]);
    assert_eq!(
        award_dates(&json, "Smith & Jones University"),
        ["collect@2019-06-01", "display@2019-05-14"],
        "{}",
        run.stdout
    );
    assert_eq!(
        award_dates(&json, "Université Laval"),
        ["authenticate@2018-03-02"]
    );
    let issues = json_messages(&json);
    assert!(
        issues.iter().any(|m| m.contains("the file is an Excel 2003 XML spreadsheet although its name ends in .xls; read as what it is")),
        "{issues:#?}"
    );
}

#[test]
fn an_html_report_saved_as_xls_is_read_table_by_table_with_its_spans() {
    let dir = temp();
    let d = dir.path();
    std::fs::create_dir_all(d.join("in")).unwrap();
    // Salesforce Classic's "Export Details" as .xls is an HTML page in
    // Windows-1252; a layout table above the report's own.
    let html = "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1252\"></head><body>\
        <table><tr><td>Badge awards report</td></tr><tr><td>Generated 02/11/2026</td></tr></table>\
        <table border=1>\
        <tr><th>Account Name</th><th>Integration</th><th colspan=2>Badges</th></tr>\
        <tr><th></th><th></th><th>Authenticate</th><th>Display</th></tr>\
        <tr><td rowspan=2>Universit\u{e9} de Montr\u{e9}al</td><td>Papyrus</td><td>Yes</td><td>Yes</td></tr>\
        <tr><td>Atrium</td><td>Yes</td><td></td></tr>\
        <tr><td>Birch&nbsp;College</td><td>Repository</td><td>No</td><td>Yes</td></tr>\
        </table></body></html>";
    let bytes: Vec<u8> = html
        .chars()
        .map(|c| u8::try_from(u32::from(c)).unwrap())
        .collect();
    std::fs::write(d.join("in/report.xls"), bytes).unwrap();
    let (run, json) = run_json(d, &[]);
    let montreal: Vec<(String, usize)> = json["integrations"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["member"] == "Université de Montréal")
        .map(|i| {
            (
                i["integration"].as_str().unwrap().to_string(),
                i["badges"].as_array().unwrap().len(),
            )
        })
        .collect();
    // The member cell spans both rows; the Atrium row's cells start after it.
    assert_eq!(
        montreal,
        [("Atrium".to_string(), 1), ("Papyrus".to_string(), 2)],
        "{}",
        run.stdout
    );
    assert_eq!(award_dates(&json, "Birch College"), ["display@-"]);
    let (_, report) = inspect_json(d, &["in/report.xls"]);
    let sheets: Vec<String> = report["files"][0]["sheets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(sheets, ["Table 1", "Table 2"]);
}

#[test]
fn an_mhtml_web_archive_named_xls_is_read_through_its_html_part() {
    let dir = temp();
    let d = dir.path();
    std::fs::create_dir_all(d.join("in")).unwrap();
    let message = "MIME-Version: 1.0\r\nX-Document-Type: Workbook\r\nContent-Type: multipart/related; boundary=\"----=_NextPart_01D9\"\r\n\r\nThis document is a Single File Web Page.\r\n\r\n------=_NextPart_01D9\r\nContent-Location: file:///C:/badges.htm\r\nContent-Transfer-Encoding: quoted-printable\r\nContent-Type: text/html; charset=\"utf-8\"\r\n\r\n<html><body><table><tr><td>Member</td><td>Integration</td><td>Badge</td></tr>=\r\n<tr><td>Universit=C3=A9 Laval</td><td>CRIS</td><td>Display</td></tr></table></body></html>\r\n\r\n------=_NextPart_01D9--\r\n";
    write(&d.join("in"), "archive.xls", message);
    let (run, json) = run_json(d, &[]);
    assert_eq!(
        award_dates(&json, "Université Laval"),
        ["display@-"],
        "{}",
        run.stdout
    );
}

#[test]
fn a_flat_ods_is_read_through_the_ods_path_even_renamed() {
    let dir = temp();
    let d = dir.path();
    std::fs::create_dir_all(d.join("in")).unwrap();
    // LibreOffice's "Flat XML ODF Spreadsheet", indented as it saves it.
    let fods = r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.spreadsheet">
 <office:meta>
  <meta:generator>LibreOffice/7.6</meta:generator>
 </office:meta>
 <office:body>
  <office:spreadsheet>
   <table:table table:name="Awards">
    <table:table-row>
     <table:table-cell office:value-type="string"><text:p>Member</text:p></table:table-cell>
     <table:table-cell office:value-type="string"><text:p>Integration</text:p></table:table-cell>
     <table:table-cell office:value-type="string"><text:p>Display</text:p></table:table-cell>
    </table:table-row>
    <table:table-row>
     <table:table-cell office:value-type="string"><text:p>Cedar Institute</text:p></table:table-cell>
     <table:table-cell office:value-type="string"><text:p>Repository</text:p></table:table-cell>
     <table:table-cell office:value-type="date" office:date-value="2019-05-14"><text:p>14/05/19</text:p></table:table-cell>
    </table:table-row>
   </table:table>
  </office:spreadsheet>
 </office:body>
</office:document>
"#;
    write(&d.join("in"), "awards.fods", fods);
    write(
        &d.join("in"),
        "renamed.xml",
        &fods.replace("Cedar Institute", "Dogwood University"),
    );
    let (run, json) = run_json(d, &[]);
    assert_eq!(
        award_dates(&json, "Cedar Institute"),
        ["display@2019-05-14"],
        "{}",
        run.stdout
    );
    assert_eq!(
        award_dates(&json, "Dogwood University"),
        ["display@2019-05-14"]
    );
}

#[test]
fn an_apple_numbers_file_is_named_with_how_to_export_it() {
    let dir = temp();
    let d = dir.path();
    std::fs::create_dir_all(d.join("in")).unwrap();
    write_zip(
        &d.join("in/badges.numbers"),
        &[("Index/Document.iwa", b"\x00\x01")],
    );
    write_zip(
        &d.join("in/renamed.xlsx"),
        &[("Index/Document.iwa", b"\x00\x01")],
    );
    let run = badgemap(d, &["inspect", "in/badges.numbers", "in/renamed.xlsx"]);
    let expected = "an Apple Numbers document, which only Numbers reads; open it in Numbers, choose File › Export To › Excel… (one sheet per table), and give the .xlsx";
    assert_eq!(run.stdout.matches(expected).count(), 4, "{}", run.stdout);
}

/// Rewrites `part` of the package at `path` in UTF-16 (little-endian with
/// a byte-order mark, or big-endian without one), declaring it so.
fn to_utf16(path: &std::path::Path, part: &str, little_with_bom: bool) {
    let bytes = std::fs::read(path).unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut parts = Vec::new();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let name = entry.name().unwrap().to_string();
        let mut data = Vec::new();
        std::io::Read::read_to_end(&mut entry, &mut data).unwrap();
        if name == part {
            let text = String::from_utf8(data).unwrap().replace("UTF-8", "UTF-16");
            data = if little_with_bom {
                let mut d = vec![0xFF, 0xFE];
                d.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
                d
            } else {
                text.encode_utf16().flat_map(u16::to_be_bytes).collect()
            };
        }
        parts.push((name, data));
    }
    let refs: Vec<(&str, &[u8])> = parts
        .iter()
        .map(|(n, d)| (n.as_str(), d.as_slice()))
        .collect();
    write_zip(path, &refs);
}

#[test]
fn xml_parts_in_utf16_with_or_without_a_byte_order_mark_are_read() {
    let dir = temp();
    let d = dir.path();
    std::fs::create_dir_all(d.join("in")).unwrap();
    let path = d.join("in/utf16.xlsx");
    write_xlsx(
        &path,
        &[(
            "Badges",
            vec![
                vec![T("Member"), T("Integration"), T("Display")],
                vec![T("Πανεπιστήμιο Κρήτης"), T("Αποθετήριο"), D(2019, 5, 14)],
            ],
        )],
    );
    to_utf16(&path, "xl/worksheets/sheet1.xml", true);
    to_utf16(&path, "xl/sharedStrings.xml", false);
    to_utf16(&path, "xl/workbook.xml", true);
    let (run, json) = run_json(d, &[]);
    assert_eq!(
        award_dates(&json, "Πανεπιστήμιο Κρήτης"),
        ["display@2019-05-14"],
        "{}",
        run.stdout
    );
}

/// A minimal xlsx package by hand: `extra_sheets` are `<sheet>` entries
/// after the worksheet's, `extra_rels` relationships, `extra_parts` parts.
fn package(
    path: &std::path::Path,
    extra_sheets: &str,
    extra_rels: &str,
    extra_parts: &[(&str, &str)],
) {
    let types = r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#;
    let root = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
    let book = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Badges" sheetId="1" r:id="rId1"/>{extra_sheets}</sheets></workbook>"#
    );
    let rels = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>{extra_rels}</Relationships>"#
    );
    let sheet = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">{}{}{}</row><row r="2">{}{}{}</row></sheetData></worksheet>"#,
        s("A1", "Member"),
        s("B1", "Integration"),
        s("C1", "Badge"),
        s("A2", "Fenwood College"),
        s("B2", "Portal"),
        s("C2", "Display")
    );
    let mut parts: Vec<(&str, &[u8])> = vec![
        ("[Content_Types].xml", types.as_bytes()),
        ("_rels/.rels", root.as_bytes()),
        ("xl/workbook.xml", book.as_bytes()),
        ("xl/_rels/workbook.xml.rels", rels.as_bytes()),
        ("xl/worksheets/sheet1.xml", sheet.as_bytes()),
    ];
    parts.extend(extra_parts.iter().map(|(n, d)| (*n, d.as_bytes())));
    write_zip(path, &parts);
}

#[test]
fn macro_sheets_and_leftover_sheet_entries_are_skipped_and_the_worksheets_read() {
    let dir = temp();
    let d = dir.path();
    std::fs::create_dir_all(d.join("in")).unwrap();
    let macrosheet = r#"<?xml version="1.0" encoding="UTF-8"?><xm:macrosheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main"><sheetData><row r="1"><c r="A1"><f>RETURN()</f></c></row></sheetData></xm:macrosheet>"#;
    for (file, kind) in [
        ("macro.xlsm", "xlMacrosheet"),
        ("intl.xlsm", "xlIntlMacrosheet"),
    ] {
        package(
            &d.join("in").join(file),
            r#"<sheet name="Macro1" sheetId="2" r:id="rId2"/>"#,
            &format!(
                r#"<Relationship Id="rId2" Type="http://schemas.microsoft.com/office/2006/relationships/{kind}" Target="macrosheets/sheet1.xml"/>"#
            ),
            &[("xl/macrosheets/sheet1.xml", macrosheet)],
        );
    }
    package(
        &d.join("in/module.xlsm"),
        r#"<sheet name="Module1" sheetId="3" r:id=""/>"#,
        "",
        &[],
    );
    let (_, report) = inspect_json(d, &["in"]);
    let lines = messages(&report);
    for (file, sheet, reason) in [
        ("macro.xlsm", "Macro1", "an Excel 4.0 macro sheet (formulas, not records)"),
        ("intl.xlsm", "Macro1", "an Excel 4.0 macro sheet (formulas, not records)"),
        ("module.xlsm", "Module1", "a sheet entry with no relationship (a leftover of a deleted Visual Basic module sheet)"),
    ] {
        let line = format!("notice in/{file}|{sheet}|: sheet skipped: {reason}");
        assert!(lines.contains(&line), "{line}\n{lines:#?}");
    }
    let (_, json) = run_json(d, &[]);
    let fenwood = json["integrations"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["member"] == "Fenwood College")
        .count();
    // One integration, read from each of the three files.
    assert_eq!(fenwood, 1);
    assert_eq!(json["files"].as_array().map_or(0, Vec::len), 0);
    assert!(!json_messages(&json).iter().any(|m| m.starts_with("error")));
}

#[test]
fn an_ods_without_its_mimetype_entry_is_read_when_its_manifest_says_spreadsheet() {
    let dir = temp();
    let d = dir.path();
    std::fs::create_dir_all(d.join("in")).unwrap();
    let manifest = r#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet><table:table table:name="Awards">{}{}</table:table></office:spreadsheet></office:body></office:document-content>"#,
        ods_row(&["Member", "Integration", "Badge"]),
        ods_row(&["Glenwood University", "Portal", "Collect"])
    );
    write_zip(
        &d.join("in/nomime.ods"),
        &[
            ("META-INF/manifest.xml", manifest.as_bytes()),
            ("content.xml", content.as_bytes()),
        ],
    );
    let (run, json) = run_json(d, &[]);
    assert_eq!(
        award_dates(&json, "Glenwood University"),
        ["collect@-"],
        "{}",
        run.stdout
    );
}

#[test]
fn dtds_zip_faults_and_cut_records_are_refused_with_their_cause() {
    let dir = temp();
    let d = dir.path();
    std::fs::create_dir_all(d.join("in")).unwrap();
    // A billion laughs in the shared strings.
    let bomb = r#"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>&lol2;</t></si></sst>"#;
    package(
        &d.join("in/bomb.xlsx"),
        "",
        "",
        &[("xl/sharedStrings.xml", bomb)],
    );
    // A part longer than the size its headers declare (a zip rewritten by a
    // faulty tool): the zip's own check fails part-way through the sheet.
    package(&d.join("in/crc.xlsx"), "", "", &[]);
    let mut bytes = std::fs::read(d.join("in/crc.xlsx")).unwrap();
    let name = b"xl/worksheets/sheet1.xml";
    let at: Vec<usize> = bytes
        .windows(name.len())
        .enumerate()
        .filter(|(_, w)| *w == name)
        .map(|(i, _)| i)
        .collect();
    // The local header (name at 30) and the central directory (at 46).
    bytes[at[0] - 30 + 22..at[0] - 30 + 26].copy_from_slice(&40u32.to_le_bytes());
    bytes[at[1] - 46 + 24..at[1] - 46 + 28].copy_from_slice(&40u32.to_le_bytes());
    std::fs::write(d.join("in/crc.xlsx"), bytes).unwrap();
    // An .xls whose last record is cut short.
    let sheets = [XlsSheet {
        name: "Badges",
        kind: 0,
        cells: vec![XlsCell::Text(0, 0, "Member"), XlsCell::Text(0, 1, "Badge")],
    }];
    let mut stream = biff8(&sheets, 1200, &[]);
    stream.truncate(stream.len() - 6);
    crate::corpus::write_xls_unpadded(&d.join("in/cut.xls"), &stream);
    let (_, report) = inspect_json(d, &["in"]);
    let errors: Vec<(String, String)> = report["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_string(),
                f["error"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    let error = |file: &str| {
        errors
            .iter()
            .find(|(p, _)| p.ends_with(file))
            .unwrap()
            .1
            .clone()
    };
    assert_eq!(
        error("bomb.xlsx"),
        "its xl/sharedStrings.xml part declares a DTD, which Office Open XML and OpenDocument forbid: refused as a possible XML bomb (entities that expand a billion times over); if the file is genuine, open it in Excel or LibreOffice and save it again"
    );
    let crc = report["issues"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["message"].as_str().unwrap().to_string())
        .find(|m| m.contains("integrity"))
        .or_else(|| Some(error("crc.xlsx")).filter(|e| e.contains("integrity")));
    assert_eq!(
        crc.as_deref(),
        Some("reading stopped part-way through the sheet: its xl/worksheets/sheet1.xml part fails the zip's integrity check (its checksum or its declared size): the file was cut short or damaged in a copy; copy it again"),
        "{errors:?}"
    );
    assert!(
        error("cut.xls").starts_with("a BIFF record of type 0x0204 at byte "),
        "{errors:?}"
    );
    assert!(
        error("cut.xls").contains("declares 14 bytes but only 12 remain: the .xls is cut short"),
        "{errors:?}"
    );
}

#[test]
fn a_microsoft_graph_chart_saved_as_xls_is_named() {
    let dir = temp();
    let d = dir.path();
    std::fs::create_dir_all(d.join("in")).unwrap();
    // MS Graph writes a lone chart substream: BOF (BIFF8, type chart), EOF.
    let mut stream = vec![0x09, 0x08, 16, 0];
    stream.extend([0x00, 0x06, 0x20, 0x00, 0xBB, 0x0D, 0xCC, 0x07]);
    stream.extend([0, 0, 0, 0, 6, 0, 0, 0]);
    stream.extend([0x0A, 0x00, 0, 0]);
    write_xls(&d.join("in/chart.xls"), &stream);
    let (_, report) = inspect_json(d, &["in"]);
    assert_eq!(
        report["files"][0]["error"],
        "the file is a Microsoft Graph chart saved as .xls: it holds a chart and no worksheet; copy the chart's data into a worksheet and save that"
    );
}

#[test]
fn an_html_page_past_its_size_limit_is_refused_with_its_size() {
    let dir = temp();
    let d = dir.path();
    std::fs::create_dir_all(d.join("in")).unwrap();
    let mut page = String::from("<html><body><table><tr><td>Member</td><td>Badge</td></tr>");
    page.push_str(&" ".repeat(16 << 20));
    page.push_str("</table></body></html>");
    std::fs::write(d.join("in/big.html"), &page).unwrap();
    let (_, report) = inspect_json(d, &["in"]);
    assert_eq!(
        report["files"][0]["error"],
        format!(
            "its document would unpack to {} bytes, more than the 16777216-byte limit for a part read whole; split the workbook or save it as CSV",
            page.len()
        )
    );
}
