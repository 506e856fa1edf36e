//! Reading plans: shapes badgemap's inference does not read, built as the
//! tools that make them write them, skipped or misread without hints and
//! read right with a hints entry of at most five lines; the hints file's
//! errors and warnings; and the reading template's round trip.

use crate::support::*;
use serde_json::Value as Json;
use std::path::Path;

fn hints(dir: &Path, text: &str) {
    std::fs::write(dir.join("reading.toml"), text).unwrap();
}

/// The number of lines of a hints entry, the `[[sheet]]` line included.
fn lines(text: &str) -> usize {
    text.lines().filter(|l| !l.trim().is_empty()).count()
}

fn member_from<'j>(json: &'j Json, member: &str) -> &'j Json {
    &integration(json, member)["member_from"]
}

fn inspect_reading(dir: &Path) -> Json {
    let run = badgemap(
        dir,
        &["inspect", "in", "--json", "--reading", "reading.toml"],
    );
    serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}{}", run.stdout, run.stderr))
}

#[test]
fn a_member_column_under_a_heading_badgemap_does_not_know() {
    let dir = temp();
    let d = dir.path();
    std::fs::create_dir_all(d.join("in/grants")).unwrap();
    // A grants office's tracker, tab-separated.
    write(
        &d.join("in/grants"),
        "2019.tsv",
        "Grantee\tSystem\tAuthenticate\tCollect\tDate awarded\n\
         Acme University\tAcme CRIS\tYes\tYes\t2019-05-14\n\
         Beta Institute\tBeta Repository\tYes\t\t2018-11-02\n",
    );
    // Read by its content (its column holds organisations' names); the
    // hint says the same.
    let (_, plain) = run_json(d, &[]);
    assert_eq!(
        award_dates(&plain, "Beta Institute"),
        ["authenticate@2018-11-02"]
    );
    let entry = "[[sheet]]\nfile = \"grants/*.tsv\"\nmember = { heading = \"Grantee\" }\n";
    assert!(lines(entry) <= 5);
    hints(d, entry);
    let (_, json) = run_json(d, &["--reading", "reading.toml"]);
    assert_eq!(
        award_dates(&json, "Acme University"),
        ["authenticate@2019-05-14", "collect@2019-05-14"]
    );
    assert_eq!(
        award_dates(&json, "Beta Institute"),
        ["authenticate@2018-11-02"]
    );
    assert_eq!(
        integration(&json, "Beta Institute")["integration"],
        "Beta Repository"
    );
    assert!(
        member_from(&json, "Acme University").is_null(),
        "read from its own cell"
    );
    let report = inspect_reading(d);
    let sheet = &report["files"][0]["sheets"][0];
    assert_eq!(sheet["reading"]["member"], "column A \"Grantee\"");
    assert_eq!(sheet["reading"]["hints"][0], "reading.toml:1");
}

#[test]
fn one_sheet_per_member_named_in_its_tab() {
    let dir = temp();
    let d = dir.path();
    std::fs::create_dir_all(d.join("in")).unwrap();
    let sheet = |title: &'static str, rows: Vec<Vec<Cell>>| {
        let mut all = vec![vec![T(title)], vec![]];
        all.push(vec![
            T("System"),
            T("Product"),
            T("Authenticate"),
            T("Display"),
        ]);
        all.extend(rows);
        all
    };
    write_xlsx(
        &d.join("in/members.xlsx"),
        &[
            (
                "Acme University",
                sheet(
                    "Acme University – ORCID integrations",
                    vec![
                        vec![T("Acme CRIS"), T("Pure"), T("✓"), D(2019, 3, 1)],
                        vec![T("Acme Repository"), T("DSpace"), T("✓"), Blank],
                    ],
                ),
            ),
            (
                "Beta Institute",
                sheet(
                    "Beta Institute – ORCID integrations",
                    vec![vec![T("Beta Portal"), T("Converis"), D(2018, 6, 1), Blank]],
                ),
            ),
        ],
    );
    // Read by its content: the tab names an organisation.
    let (_, plain) = run_json(d, &[]);
    assert_eq!(
        award_dates(&plain, "Beta Institute"),
        ["authenticate@2018-06-01"]
    );
    assert_eq!(member_from(&plain, "Beta Institute")["kind"], "sheet_name");
    let entry = "[[sheet]]\nfile = \"members.xlsx\"\nmember = { sheet_name = true }\n";
    hints(d, entry);
    let (_, json) = run_json(d, &["--reading", "reading.toml"]);
    assert_eq!(
        award_dates(&json, "Beta Institute"),
        ["authenticate@2018-06-01"]
    );
    let acme: Vec<&Json> = json["integrations"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["member"] == "Acme University")
        .collect();
    assert_eq!(acme.len(), 2);
    assert_eq!(member_from(&json, "Beta Institute")["kind"], "sheet_name");
    assert_eq!(
        member_from(&json, "Beta Institute")["description"],
        "the sheet's name"
    );
    // The Sources sheet says so too.
    let (_, book) = read_book(&d.join("reconciled.xlsx"));
    let sources = &book["Sources"];
    let at = sources[0]
        .iter()
        .position(|h| h == "Member from")
        .expect("a Member from column");
    assert!(
        sources[1..].iter().all(|r| r[at] == "the sheet's name"),
        "{sources:?}"
    );
    // A title cell names it as well.
    hints(d, "[[sheet]]\nfile = \"members.xlsx\"\nsheet = \"#2\"\nmember = { cell = \"A1\" }\n[[sheet]]\nsheet = \"#1\"\nskip = true\n");
    let (_, json) = run_json(d, &["--reading", "reading.toml"]);
    let it = integration(&json, "Beta Institute – ORCID integrations");
    assert_eq!(it["member_from"]["kind"], "cell");
    assert_eq!(it["member_from"]["source"]["cell"], "A1");
    assert_eq!(it["member_from"]["source"]["sheet"], "Beta Institute");
    assert!(
        json["integrations"]
            .as_array()
            .unwrap()
            .iter()
            .all(|i| i["member"] != "Acme University"),
        "#1 skipped"
    );
}

#[test]
fn a_matrix_of_badges_by_integrations_with_members_merged_above() {
    let dir = temp();
    let d = dir.path();
    std::fs::create_dir_all(d.join("in")).unwrap();
    write_xlsx_merged(
        &d.join("in/matrix.xlsx"),
        &[(
            "Matrix",
            vec![
                vec![Blank, T("Uni A"), Blank, T("Uni B")],
                vec![T("System"), T("CRIS"), T("Repository"), T("Portal")],
                vec![T("Authenticate"), D(2019, 1, 10), T("✓"), T("✓")],
                vec![T("Collect"), T("Yes (14/05/2019)"), Blank, Blank],
                vec![T("Display"), Blank, T("✓ 2018-03"), Blank],
            ],
        )],
        &[("Matrix", 0, 1, 0, 2)],
    );
    let (_, plain) = run_json(d, &[]);
    assert_eq!(
        plain["integrations"].as_array().unwrap().len(),
        0,
        "no reading has this axis"
    );
    let entry = "[[sheet]]\nfile = \"matrix.xlsx\"\nrecords = \"columns\"\nheader = \"A\"\nmember = { row = 1 }\n";
    assert!(lines(entry) <= 5);
    hints(d, entry);
    let (_, json) = run_json(d, &["--reading", "reading.toml"]);
    let names: Vec<(String, String)> = json["integrations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["member"].as_str().unwrap().to_string(),
                i["integration"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        names,
        [
            ("Uni A".into(), "CRIS".into()),
            ("Uni A".into(), "Repository".into()),
            ("Uni B".into(), "Portal".into())
        ]
    );
    let cris = json["integrations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["integration"] == "CRIS")
        .unwrap();
    let badges: Vec<String> = cris["badges"]
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
        .collect();
    assert_eq!(badges, ["authenticate@2019-01-10", "collect@2019-05-14"]);
    // Cells are named as the sheet shows them: CRIS's Collect is B4.
    let collect = &cris["badges"][1]["source"];
    assert_eq!(collect["cell"], "B4");
    let repo = json["integrations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["integration"] == "Repository")
        .unwrap();
    assert_eq!(repo["badges"][1]["awarded_on"], "2018-03");
    // Every line is accounted for: three records, nothing else.
    let report = inspect_reading(d);
    assert_accounting_balances(&report);
    let sheet = &report["files"][0]["sheets"][0];
    assert_eq!(sheet["reading"]["records"], "columns");
    assert_eq!(sheet["accounting"]["with_awards"], 3);
}

#[test]
fn a_matrix_with_its_headings_down_column_a_is_read_without_hints() {
    let dir = temp();
    let d = dir.path();
    std::fs::create_dir_all(d.join("in")).unwrap();
    write(
        &d.join("in"),
        "matrix.csv",
        "Member,Uni A,Uni B\nIntegration,CRIS,Portal\nAuthenticate,2019-01-10,Yes\nDisplay,,2018-06-01\n",
    );
    let (_, json) = run_json(d, &[]);
    assert_eq!(award_dates(&json, "Uni A"), ["authenticate@2019-01-10"]);
    assert_eq!(
        award_dates(&json, "Uni B"),
        ["authenticate@-", "display@2018-06-01"]
    );
    let messages = json_messages(&json);
    assert!(
        messages.iter().any(|m| m.contains("read along its columns: column A holds the headings, and each column to its right is a record")),
        "{messages:?}"
    );
}

#[test]
fn member_lines_above_their_integrations_in_a_tracker_export() {
    let dir = temp();
    let d = dir.path();
    std::fs::create_dir_all(d.join("in")).unwrap();
    // A project tracker's hierarchy: each member a parent task with a
    // roll-up count, its integrations indented below.
    write(
        &d.join("in"),
        "tracker.csv",
        "Name,Product,Authenticate,Collect,Badges\n\
         Acme University,,,,2\n\
         \u{20}   Acme CRIS,Pure,2019-03-01,,1\n\
         \u{20}   Acme Repository,DSpace,Yes,2019-05-14,2\n\
         Beta Institute,,,,1\n\
         \u{20}   Beta Portal,Converis,2018-06-01,,1\n",
    );
    let (_, plain) = run_json(d, &[]);
    let members: Vec<&str> = plain["integrations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["member"].as_str().unwrap())
        .collect();
    assert!(
        members.contains(&"Acme CRIS"),
        "misread: each integration a member: {members:?}"
    );
    let entry = "[[sheet]]\nfile = \"tracker.csv\"\nmember = { parent_lines = true }\nintegration = { heading = \"Name\" }\n";
    assert!(lines(entry) <= 5);
    hints(d, entry);
    let (_, json) = run_json(d, &["--reading", "reading.toml"]);
    let names: Vec<(String, String)> = json["integrations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["member"].as_str().unwrap().to_string(),
                i["integration"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        names,
        [
            ("Acme University".into(), "Acme CRIS".into()),
            ("Acme University".into(), "Acme Repository".into()),
            ("Beta Institute".into(), "Beta Portal".into())
        ]
    );
    let from = member_from(&json, "Beta Institute");
    assert_eq!(from["kind"], "parent_line");
    assert_eq!(from["source"]["cell"], "A5");
    let explain = badgemap(
        d,
        &[
            "explain",
            "Beta Institute",
            "in",
            "--reading",
            "reading.toml",
            "--as-of",
            "2026-11-24",
        ],
    );
    assert!(
        explain
            .stdout
            .contains("member \"Beta Institute\" from the parent line A5"),
        "{}{}",
        explain.stdout,
        explain.stderr
    );
    assert_eq!(
        award_dates(&json, "Beta Institute"),
        ["authenticate@2018-06-01"]
    );
    let report = inspect_reading(d);
    assert_accounting_balances(&report);
    let accounting = &report["files"][0]["sheets"][0]["accounting"];
    assert_eq!(
        accounting["not_records"], 2,
        "the two parent lines: {accounting}"
    );
    assert_eq!(accounting["with_awards"], 3);
}

#[test]
fn parent_lines_without_indentation_are_told_by_what_they_hold() {
    let dir = temp();
    let d = dir.path();
    std::fs::create_dir_all(d.join("in")).unwrap();
    // An outline exported flat: parents hold no product and no badge.
    write(
        &d.join("in"),
        "outline.csv",
        "Item,Product,Authenticate\nAcme University,,\nAcme CRIS,Pure,Yes\nAcme Repository,DSpace,Yes\nBeta Institute,,\nBeta Portal,Converis,Yes\n",
    );
    hints(
        d,
        "[[sheet]]\nmember = { parent_lines = true }\nintegration = { heading = \"Item\" }\n",
    );
    let (_, json) = run_json(d, &["--reading", "reading.toml"]);
    let members: Vec<&str> = json["integrations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["member"].as_str().unwrap())
        .collect();
    assert_eq!(
        members,
        ["Acme University", "Acme University", "Beta Institute"]
    );
}

#[test]
fn a_label_line_names_the_member_of_the_rows_below() {
    let dir = temp();
    let d = dir.path();
    std::fs::create_dir_all(d.join("in")).unwrap();
    write(
        &d.join("in"),
        "log.csv",
        "Funder: Acme University\n\nSystem,Authenticate,Display\nAcme CRIS,Yes,\nFunder: Beta Institute\nBeta Portal,,2018-06-01\n",
    );
    hints(
        d,
        "[[sheet]]\nmember = { label = \"Funder\" }\nheader = 3\n",
    );
    let (_, json) = run_json(d, &["--reading", "reading.toml"]);
    assert_eq!(award_dates(&json, "Acme University"), ["authenticate@-"]);
    assert_eq!(award_dates(&json, "Beta Institute"), ["display@2018-06-01"]);
    assert_eq!(member_from(&json, "Beta Institute")["kind"], "label_line");
    assert_eq!(member_from(&json, "Beta Institute")["source"]["cell"], "A5");
}

#[test]
fn a_flag_column_holding_dates_and_cells_of_a_yes_and_a_date() {
    let dir = temp();
    let d = dir.path();
    std::fs::create_dir_all(d.join("in")).unwrap();
    write(
        &d.join("in"),
        "flags.csv",
        "Member,Integration,Authenticate,Collect,Awarded?\n\
         Acme University,Acme CRIS,✓,✓,14/05/2019\n\
         Beta Institute,Beta Repo,Yes (14/05/2019),Awarded 3 March 2019,\n\
         Gamma College,Gamma Portal,✓ 2019-03,Y – Mar 2019,\n",
    );
    let (_, json) = run_json(d, &[]);
    assert_eq!(
        award_dates(&json, "Acme University"),
        ["authenticate@2019-05-14", "collect@2019-05-14"]
    );
    assert_eq!(
        award_dates(&json, "Beta Institute"),
        ["authenticate@2019-05-14", "collect@2019-03-03"]
    );
    assert_eq!(
        award_dates(&json, "Gamma College"),
        ["authenticate@2019-03", "collect@2019-03"]
    );
    // An award row's status holding a date is awarded on it.
    write(
        &d.join("in"),
        "long.csv",
        "Member,Integration,Badge,Status\nDelta Uni,Delta CRIS,Authenticate,Awarded 3 March 2019\nDelta Uni,Delta CRIS,Collect,14/05/2019\n",
    );
    let (_, json) = run_json(d, &[]);
    assert_eq!(
        award_dates(&json, "Delta Uni"),
        ["authenticate@2019-03-03", "collect@2019-05-14"]
    );
}

#[test]
fn hints_errors_have_carets_and_warnings_name_what_matched_nothing() {
    let dir = temp();
    let d = dir.path();
    std::fs::create_dir_all(d.join("in")).unwrap();
    write(
        &d.join("in"),
        "r.csv",
        "Member,Integration,Authenticate\nAcme,CRIS,Yes\n",
    );
    hints(
        d,
        "[[sheet]]\nfile = \"r.csv\"\n[sheet.roles]\n\"Authenticate\" = \"badge: Authentcate\"\n",
    );
    let bad = badgemap(
        d,
        &[
            "run",
            "in",
            "--reading",
            "reading.toml",
            "--as-of",
            "2026-11-24",
        ],
    );
    assert_eq!(bad.code, 2);
    assert!(bad.stderr.contains("reading.toml:4:18"), "{}", bad.stderr);
    assert!(
        bad.stderr.contains("did you mean \"badge: Authenticate\"?"),
        "{}",
        bad.stderr
    );
    assert!(bad.stderr.contains("the reading hints reading.toml cannot be used: 1 problem above; fix them and run again"), "{}", bad.stderr);
    // An entry for no sheet, a heading no header holds, an empty member
    // column: each a warning naming it.
    hints(
        d,
        "[[sheet]]\nfile = \"other.csv\"\nskip = true\n\n[[sheet]]\nfile = \"r.csv\"\nmember = { column = \"D\" }\n[sheet.roles]\n\"Funder\" = \"member\"\n",
    );
    let (_, json) = run_json(d, &["--reading", "reading.toml"]);
    let messages = json_messages(&json);
    assert!(
        messages.iter().any(|m| m
            .contains("the reading hints entry at reading.toml:1 matches no sheet of the inputs")),
        "{messages:?}"
    );
    assert!(messages.iter().any(|m| m.contains("the reading hints name the heading \"Funder\", which no cell of the header (row 1) holds")), "{messages:?}");
    assert!(messages.iter().any(|m| m.contains("the reading hints give the member as the column \"\", but it is empty in every record (D2:D2)")), "{messages:?}");
}

/// Every input's outputs, with and without the hints the template wrote.
fn round_trip(dir: &Path, inputs: &str, extra: &[&str]) {
    round_trip_of(dir, &[inputs], extra);
}

fn round_trip_of(dir: &Path, inputs: &[&str], extra: &[&str]) {
    let mut inspect = vec!["inspect"];
    inspect.extend_from_slice(inputs);
    inspect.push("--reading-template");
    let template = badgemap(dir, &inspect);
    assert!(
        template.stdout.contains("[[sheet]]"),
        "{}{}",
        template.stdout,
        template.stderr
    );
    std::fs::write(dir.join("template.toml"), &template.stdout).unwrap();
    let go = |out: &str, reading: bool| {
        let json = format!("{out}.json");
        let csv = format!("{out}-csv");
        let xlsx = format!("{out}.xlsx");
        let mut args = vec!["run"];
        args.extend_from_slice(inputs);
        args.extend_from_slice(&[
            "--as-of",
            "2026-11-24",
            "-o",
            &xlsx,
            "--json",
            &json,
            "--csv-dir",
            &csv,
            "-q",
            "--force",
        ]);
        args.extend_from_slice(extra);
        if reading {
            args.extend_from_slice(&["--reading", "template.toml"]);
        }
        let run = badgemap(dir, &args);
        assert!(run.code <= 1, "{}{}", run.stdout, run.stderr);
    };
    go("plain", false);
    go("hinted", true);
    for f in ["plain.xlsx", "plain.json"] {
        let hinted = f.replace("plain", "hinted");
        assert!(
            std::fs::read(dir.join(f)).unwrap() == std::fs::read(dir.join(&hinted)).unwrap(),
            "{f} differs with the template's hints:\n{}",
            template.stdout
        );
    }
    for entry in std::fs::read_dir(dir.join("plain-csv")).unwrap() {
        let name = entry.unwrap().file_name();
        assert_eq!(
            std::fs::read(dir.join("plain-csv").join(&name)).unwrap(),
            std::fs::read(dir.join("hinted-csv").join(&name)).unwrap(),
            "{name:?}"
        );
    }
}

#[test]
fn the_reading_template_reads_the_samples_as_they_were_read() {
    let dir = temp();
    let d = dir.path();
    let samples = repo_path("samples");
    let cert = samples.join("certified-providers.csv");
    round_trip(
        d,
        samples.to_str().unwrap(),
        &["--certified", cert.to_str().unwrap()],
    );
}

#[test]
fn the_reading_template_reads_a_generated_register_of_every_layout_as_it_was_read() {
    let dir = temp();
    let d = dir.path();
    for (format, files, out) in [("xlsx", "6", "reg/books"), ("csv", "3", "reg/text")] {
        let gen = badgemap(
            d,
            &[
                "generate",
                "--integrations",
                "1500",
                "--files",
                files,
                "--format",
                format,
                "--seed",
                "7",
                "-o",
                out,
            ],
        );
        assert_eq!(gen.code, 0, "{}{}", gen.stdout, gen.stderr);
    }
    round_trip(d, "reg", &[]);
    // And the shapes above, read with hints, come back the same through
    // their own template.
    let shapes = temp();
    let s = shapes.path();
    std::fs::create_dir_all(s.join("in")).unwrap();
    write(
        &s.join("in"),
        "tracker.csv",
        "Name,Product,Authenticate\nAcme University,,\n  Acme CRIS,Pure,2019-03-01\nBeta Institute,,\n  Beta Portal,Converis,Yes\n",
    );
    write(
        &s.join("in"),
        "matrix.csv",
        "Member,Uni A,Uni B\nIntegration,CRIS,Portal\nAuthenticate,2019-01-10,Yes\n",
    );
    hints(s, "[[sheet]]\nfile = \"tracker.csv\"\nmember = { parent_lines = true }\nintegration = { heading = \"Name\" }\n");
    let template = badgemap(
        s,
        &[
            "inspect",
            "in",
            "--reading",
            "reading.toml",
            "--reading-template",
        ],
    );
    std::fs::write(s.join("template.toml"), &template.stdout).unwrap();
    let first = badgemap(
        s,
        &[
            "run",
            "in",
            "--as-of",
            "2026-11-24",
            "-o",
            "a.xlsx",
            "--json",
            "a.json",
            "--reading",
            "reading.toml",
            "-q",
        ],
    );
    let second = badgemap(
        s,
        &[
            "run",
            "in",
            "--as-of",
            "2026-11-24",
            "-o",
            "b.xlsx",
            "--json",
            "b.json",
            "--reading",
            "template.toml",
            "-q",
        ],
    );
    assert_eq!(
        (first.code, second.code),
        (0, 0),
        "{}{}",
        second.stderr,
        template.stdout
    );
    assert_eq!(
        std::fs::read(s.join("a.json")).unwrap(),
        std::fs::read(s.join("b.json")).unwrap(),
        "{}",
        template.stdout
    );
    assert_eq!(
        std::fs::read(s.join("a.xlsx")).unwrap(),
        std::fs::read(s.join("b.xlsx")).unwrap()
    );
}

#[test]
fn the_template_names_each_input_by_its_own_path_and_sheet() {
    let dir = temp();
    let d = dir.path();
    std::fs::create_dir_all(d.join("sub")).unwrap();
    // One file's name is the end of another's path; the other has a title
    // row above its header.
    write(
        d,
        "export.csv",
        "Member,Integration,Authenticate\nF X,CRIS,Yes\n",
    );
    write(
        &d.join("sub"),
        "export.csv",
        "Badges exported 2020\nMember,Integration,Authenticate\nG Y,Repo,Yes\n",
    );
    round_trip_of(d, &["sub", "export.csv"], &[]);
    // A sheet named like a position; a member keyed by its id.
    write_xlsx(
        &d.join("book.xlsx"),
        &[
            (
                "#2",
                vec![
                    vec![T("Member"), T("Integration"), T("Authenticate")],
                    vec![T("Univ A"), T("CRIS"), T("Yes")],
                    vec![Blank, T("Repo"), T("Yes")],
                    vec![Blank, T("Portal"), T("Yes")],
                ],
            ),
            (
                "Data",
                vec![
                    vec![T("Member"), T("Integration"), T("Authenticate")],
                    vec![T("Univ B"), T("Site"), T("Yes")],
                    vec![Blank, T("Orphan"), T("Yes")],
                    vec![T("Univ C"), T("Other"), T("Yes")],
                ],
            ),
        ],
    );
    write(
        d,
        "ids.csv",
        "Name,Organization__c,Collect,Display\nCRIS,0011t00000AbCdEAAV,Yes,\nRepo,0011t00000XyZaBAAV,,Yes\n",
    );
    round_trip_of(d, &["book.xlsx", "ids.csv"], &[]);
}

#[test]
fn issues_on_a_matrix_belong_to_the_integration_of_their_column() {
    let dir = temp();
    let d = dir.path();
    std::fs::create_dir_all(d.join("in")).unwrap();
    write(
        &d.join("in"),
        "matrix.csv",
        "Member,Univ A,Univ B\nIntegration,DSpace,OJS\nAuthenticate,Yes,maybe\n",
    );
    let run = badgemap(
        d,
        &[
            "run",
            "in",
            "--as-of",
            "2026-11-24",
            "-o",
            "m.xlsx",
            "--csv-dir",
            "csv",
            "-q",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let issues = std::fs::read_to_string(d.join("csv/issues.csv")).unwrap();
    let line = issues
        .lines()
        .find(|l| l.contains("unclear Authenticate cell"))
        .unwrap();
    assert!(
        line.contains("Univ B,OJS") && line.contains(",C3,"),
        "{line}"
    );
}

#[test]
fn a_sheet_of_definitions_is_no_matrix() {
    let dir = temp();
    let d = dir.path();
    std::fs::create_dir_all(d.join("in")).unwrap();
    write(
        &d.join("in"),
        "readme.csv",
        "Key,Value\nMember,The member organisation\nCollect,Awarded when the system reads from ORCID\nDisplay,Awarded when it shows iDs\nOwner,jane@example.org\n",
    );
    let (_, json) = run_json(d, &[]);
    assert_eq!(json["integrations"].as_array().unwrap().len(), 0, "{json}");
}

#[test]
fn parent_lines_keep_a_member_without_integrations_and_a_bare_integration() {
    let dir = temp();
    let d = dir.path();
    std::fs::create_dir_all(d.join("in")).unwrap();
    write(
        &d.join("in"),
        "tracker.csv",
        "Name,Product,Authenticate\n\
         Univ A University,,\n\
         CRIS (planned),,\n\
         Repository,DSpace,Yes\n\
         Univ B College (no integrations yet),,\n\
         Univ C Institute,,\n\
         Portal,Pure,2019-03-01\n",
    );
    hints(
        d,
        "[[sheet]]\nmember = { parent_lines = true }\nintegration = { heading = \"Name\" }\n",
    );
    let (_, json) = run_json(d, &["--reading", "reading.toml"]);
    let names: Vec<(String, String)> = json["integrations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["member"].as_str().unwrap().to_string(),
                i["integration"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        names,
        [
            ("Univ A University".into(), "CRIS (planned)".into()),
            ("Univ A University".into(), "Repository".into()),
            ("Univ C Institute".into(), "Portal".into())
        ]
    );
}

#[test]
fn a_pinned_header_that_is_none_says_so() {
    let dir = temp();
    let d = dir.path();
    std::fs::create_dir_all(d.join("in")).unwrap();
    write(
        &d.join("in"),
        "e.csv",
        "Member,Integration,Authenticate\nAcme,CRIS,Yes\n",
    );
    hints(d, "[[sheet]]\nheader = 50\n");
    let run = badgemap(d, &["inspect", "in", "--reading", "reading.toml"]);
    assert!(
        run.stdout.contains(
            "the header the reading hints pin (row 50) is blank or past the end of the sheet"
        ),
        "{}",
        run.stdout
    );
    hints(d, "[[sheet]]\nheader = 2\n");
    let run = badgemap(d, &["inspect", "in", "--reading", "reading.toml"]);
    assert!(
        run.stdout
            .contains("the header the reading hints pin (row 2) has no"),
        "{}",
        run.stdout
    );
    hints(d, "[[sheet]]\nintegration = { heading = \"Integraton\" }\n[[sheet]]\nfile = \"e.csv\"\nsheet = \"Lookpu\"\n");
    let run = badgemap(d, &["inspect", "in", "--reading", "reading.toml"]);
    assert!(
        run.stdout
            .contains("which no cell of the header (row 1) holds; did you mean \"Integration\"?"),
        "{}",
        run.stdout
    );
    hints(d, "[[sheet]]\nfile = \"f.csv\"\n");
    let run = badgemap(d, &["inspect", "in", "--reading", "reading.toml"]);
    assert!(run.stdout.contains("matches no sheet of the inputs: no input's path or name matches \"f.csv\"; did you mean \"e.csv\"?"), "{}", run.stdout);
}
