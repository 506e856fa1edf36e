//! Registers read by their content, without hints: shapes whose headings
//! name no member and badges, built the way the tools that make them write
//! them (a forms export, a tracker's CSV, a CRM's companies export, a
//! hand-kept workbook per member), each read back from the JSON and the
//! inspect report.

use crate::support::*;
use serde_json::Value as Json;

fn names(json: &Json) -> Vec<(String, String)> {
    json["integrations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["member"].as_str().unwrap().to_string(),
                i["integration"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn decided(dir: &std::path::Path) -> Vec<String> {
    let (_, report) = inspect_json(dir, &["in"]);
    report["files"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| f["sheets"].as_array().unwrap().clone())
        .filter_map(|s| s["reading"]["decided"].as_str().map(str::to_string))
        .collect()
}

#[test]
fn a_forms_export_with_questions_for_headings() {
    let dir = temp();
    let d = dir.path();
    std::fs::create_dir_all(d.join("in")).unwrap();
    // Google Forms responses as Sheets downloads them.
    write_xlsx(
        &d.join("in/survey (Responses).xlsx"),
        &[(
            "Form Responses 1",
            vec![
                vec![
                    T("Timestamp"),
                    T("Email Address"),
                    T("Name of your institution"),
                    T("Which system is this about?"),
                    T("Which product is it built on?"),
                    T("Which Collect & Connect badges were awarded to it?"),
                    T("When was it awarded? (approximate is fine)"),
                ],
                vec![
                    D(2020, 11, 2),
                    T("a@acme.ac.uk"),
                    T("Acme University"),
                    T("Acme Portal"),
                    T("Pure"),
                    T("Authenticate, Display"),
                    T("14/03/2019"),
                ],
                vec![
                    D(2020, 11, 3),
                    T("b@beta.edu"),
                    T("Beta State University"),
                    T("Beta Repository"),
                    T("DSpace"),
                    T("Authenticate"),
                    T("around March 2019"),
                ],
                vec![
                    D(2020, 11, 4),
                    T("c@gamma.org"),
                    T("Gamma Institute of Science"),
                    T("Gamma CRIS"),
                    T("Converis"),
                    T("None of these"),
                    Blank,
                ],
            ],
        )],
    );
    let (_, json) = run_json(d, &[]);
    assert_eq!(
        award_dates(&json, "Acme University"),
        ["authenticate@2019-03-14", "display@2019-03-14"]
    );
    assert_eq!(
        award_dates(&json, "Beta State University"),
        ["authenticate@2019-03"]
    );
    assert_eq!(
        integration(&json, "Gamma Institute of Science")["status"],
        "no-evidence"
    );
    assert_eq!(integration(&json, "Acme University")["product"], "Pure");
    let how = decided(d);
    assert!(
        how[0].starts_with("searched by content: header row 1 ("),
        "{how:?}"
    );
}

#[test]
fn a_table_whose_member_column_is_told_by_its_organisations() {
    let dir = temp();
    let d = dir.path();
    std::fs::create_dir_all(d.join("in")).unwrap();
    write_xlsx(
        &d.join("in/platforms.xlsx"),
        &[(
            "Platforms",
            vec![
                vec![
                    T("HEI"),
                    T("Tool in use"),
                    T("Used for"),
                    T("Authenticate"),
                    T("Display"),
                    T("Connect"),
                ],
                vec![
                    T("University of Penrith"),
                    T("Pure"),
                    T("CRIS"),
                    T("Awarded 14/03/2019"),
                    T("Y (Mar 2019)"),
                    T("Withdrawn"),
                ],
                vec![
                    T("Cloughton College"),
                    T("EPrints"),
                    T("Repository"),
                    T("✔\u{fe0e}"),
                    T("Granted"),
                    T("Not yet"),
                ],
            ],
        )],
    );
    let (_, json) = run_json(d, &[]);
    assert_eq!(
        names(&json),
        [
            ("Cloughton College".into(), "EPrints".into()),
            ("University of Penrith".into(), "Pure".into())
        ]
    );
    assert_eq!(
        award_dates(&json, "University of Penrith"),
        ["authenticate@2019-03-14", "display@2019-03"]
    );
    assert_eq!(
        award_dates(&json, "Cloughton College"),
        ["authenticate@-", "display@-"]
    );
    let messages = json_messages(&json);
    assert!(
        messages
            .iter()
            .any(|m| m.contains("Connect cell says \"Withdrawn\": not awarded")),
        "{messages:?}"
    );
    let how = decided(d);
    assert!(
        how[0].starts_with("searched by content: header row 1 ("),
        "{how:?}"
    );
}

#[test]
fn a_flag_column_listing_badges_and_a_status_column_holding_dates() {
    let dir = temp();
    let d = dir.path();
    std::fs::create_dir_all(d.join("in")).unwrap();
    write_xlsx(
        &d.join("in/review.xlsx"),
        &[(
            "Review 2019",
            vec![
                vec![
                    T("Partner"),
                    T("System name"),
                    T("Software"),
                    T("Awarded?"),
                    T("Badge status"),
                ],
                vec![
                    T("Ridgeway Polytechnic"),
                    T("Researcher Pages"),
                    T("Symplectic Elements"),
                    T("Authenticate, Display"),
                    D(2019, 5, 14),
                ],
                vec![
                    T("Tamar State University"),
                    T("ScholarWorks"),
                    T("Digital Commons"),
                    T("Authenticate"),
                    D(2018, 9, 3),
                ],
            ],
        )],
    );
    let (_, json) = run_json(d, &[]);
    assert_eq!(
        award_dates(&json, "Ridgeway Polytechnic"),
        ["authenticate@2019-05-14", "display@2019-05-14"]
    );
    assert_eq!(
        award_dates(&json, "Tamar State University"),
        ["authenticate@2018-09-03"]
    );
}

#[test]
fn a_tracker_export_with_badges_as_labels() {
    let dir = temp();
    let d = dir.path();
    std::fs::create_dir_all(d.join("in")).unwrap();
    // Jira's "Export CSV (all fields)": Labels repeated, custom fields
    // wrapped, dates as 14/Mar/19 10:22 AM.
    write(
        &d.join("in"),
        "Jira.csv",
        "Summary,Issue key,Issue Type,Status,Created,Labels,Labels,Labels,Custom field (Badge awarded),Custom field (Member organisation),Custom field (Vendor product)\n\
         Manuscript Central,OIR-2,Task,Done,04/Feb/19 09:15 AM,badge-authenticate,badge-display,publisher,14/Mar/19 10:22 AM,Larch Academic Press,ScholarOne Manuscripts\n\
         Journal Platform,OIR-3,Task,Done,20/Apr/18 11:48 AM,badge-authenticate,badge-collect,,05/Jun/18 02:47 PM,Fenwood Scholarly Publishing,Open Journal Systems\n",
    );
    let (_, json) = run_json(d, &[]);
    assert_eq!(
        award_dates(&json, "Larch Academic Press"),
        ["authenticate@2019-03-14", "display@2019-03-14"]
    );
    assert_eq!(
        award_dates(&json, "Fenwood Scholarly Publishing"),
        ["authenticate@2018-06-05", "collect@2018-06-05"]
    );
    assert_eq!(
        integration(&json, "Larch Academic Press")["integration"],
        "Manuscript Central"
    );
}

#[test]
fn a_workbook_per_member_named_for_it_label_lines_and_a_hand_kept_hierarchy() {
    let dir = temp();
    let d = dir.path();
    std::fs::create_dir_all(d.join("in")).unwrap();
    let row = |cells: &[&'static str]| {
        cells
            .iter()
            .map(|c| if c.is_empty() { Blank } else { T(c) })
            .collect::<Vec<_>>()
    };
    write_xlsx(
        &d.join("in/Brennan University - ORCID systems.xlsx"),
        &[(
            "Systems",
            vec![
                row(&["System", "Product", "Authenticate", "Display", "Awarded on"]),
                vec![
                    T("Expertise Finder"),
                    T("Pure"),
                    T("Yes"),
                    T("Yes"),
                    D(2019, 5, 7),
                ],
            ],
        )],
    );
    write_xlsx(
        &d.join("in/review notes.xlsx"),
        &[(
            "Reviews",
            vec![
                row(&["Member: Universidade de Tavares"]),
                row(&["Contact: the library"]),
                row(&[]),
                row(&[
                    "System",
                    "Software",
                    "Authenticate",
                    "Display",
                    "Review date",
                ]),
                vec![
                    T("Repositório Aberto"),
                    T("DSpace"),
                    T("✓"),
                    T("✓"),
                    D(2019, 10, 8),
                ],
                row(&[]),
                row(&["Institution: Baltwick University"]),
                row(&[
                    "System",
                    "Software",
                    "Authenticate",
                    "Display",
                    "Review date",
                ]),
                vec![
                    T("Research Register"),
                    T("Converis"),
                    T("✓"),
                    Blank,
                    D(2018, 4, 17),
                ],
            ],
        )],
    );
    write_xlsx(
        &d.join("in/badge log.xlsx"),
        &[(
            "Badges",
            vec![
                row(&["ORCID badges – members and their systems"]),
                row(&[]),
                row(&[
                    "Organisation / system",
                    "Country",
                    "Vendor product",
                    "Auth",
                    "Display",
                ]),
                row(&["Kauri University", "New Zealand", "", "", ""]),
                row(&["    Kauri Elements", "", "Symplectic Elements", "✓", "✓"]),
                row(&["Karst University of Technology", "South Africa", "", "", ""]),
                row(&["– Karst Figshare", "", "Figshare", "✓", ""]),
            ],
        )],
    );
    let (_, json) = run_json(d, &[]);
    assert_eq!(
        award_dates(&json, "Brennan University"),
        ["authenticate@2019-05-07", "display@2019-05-07"]
    );
    assert_eq!(
        integration(&json, "Brennan University")["member_from"]["kind"],
        "file_name"
    );
    assert_eq!(
        award_dates(&json, "Universidade de Tavares"),
        ["authenticate@2019-10-08", "display@2019-10-08"]
    );
    assert_eq!(
        award_dates(&json, "Baltwick University"),
        ["authenticate@2018-04-17"]
    );
    assert_eq!(
        integration(&json, "Baltwick University")["member_from"]["kind"],
        "label_line"
    );
    assert_eq!(
        integration(&json, "Kauri University")["integration"],
        "Kauri Elements"
    );
    assert_eq!(
        integration(&json, "Karst University of Technology")["integration"],
        "Karst Figshare"
    );
    assert_eq!(
        integration(&json, "Karst University of Technology")["member_from"]["kind"],
        "parent_line"
    );
    // Nothing else read as an integration: not the repeated header, not the
    // label or contact lines.
    assert_eq!(
        json["integrations"].as_array().unwrap().len(),
        5,
        "{:?}",
        names(&json)
    );
    let (_, report) = inspect_json(d, &["in"]);
    assert_accounting_balances(&report);
}

#[test]
fn a_crm_companies_export_with_a_badge_list_beside_date_properties() {
    let dir = temp();
    let d = dir.path();
    std::fs::create_dir_all(d.join("in")).unwrap();
    write(
        &d.join("in"),
        "hubspot-crm-exports-all-companies.csv",
        "\"Record ID\",\"Company name\",\"Type\",\"Integration name\",\"Vendor system\",\"ORCID badges awarded\",\"ORCID Authenticate badge date\",\"ORCID Display badge date\",\"ORCID Connect badge date\"\n\
         \"5788588740\",\"Rata University\",\"Partner\",\"Rata Elements\",\"Symplectic Elements\",\"Authenticate;Display\",\"2019-04-02\",\"\",\"\"\n\
         \"9217920508\",\"Meghpur Institute of Technology\",\"Partner\",\"Knowledge Bank\",\"DSpace\",\"Authenticate;Display\",\"2019-12-03\",\"2019-12-03\",\"2020-06-16\"\n\
         \"9008204608\",\"Symplectic Ltd\",\"Vendor\",\"\",\"\",\"\",\"\",\"\",\"\"\n",
    );
    let (_, json) = run_json(d, &[]);
    assert_eq!(
        award_dates(&json, "Rata University"),
        ["authenticate@2019-04-02", "display@-"]
    );
    // A date for a badge its list does not name: a contradiction.
    assert_eq!(
        integration(&json, "Meghpur Institute of Technology")["status"],
        "review"
    );
    // The vendor's company record is no integration.
    assert!(
        names(&json).iter().all(|(m, _)| m != "Symplectic Ltd"),
        "{:?}",
        names(&json)
    );
}

#[test]
fn the_worked_example_of_the_docs_reads_as_documented() {
    let dir = temp();
    let d = dir.path();
    std::fs::create_dir_all(d.join("in")).unwrap();
    // docs/inputs.md, "Reading by content": a grants office's table with a
    // title, no member or badge heading, and a status in place of a list.
    write(
        &d.join("in"),
        "Grants 2019.csv",
        "ORCID integrations reviewed by the grants office,,,\n\
         ,,,\n\
         Partner,System,Outcome,When awarded\n\
         Tamarack State University,Pure,\"Authenticate, Display\",14/05/2019\n\
         Hochschule Nord,DSpace,Authenticate,Spring 2019\n\
         Instituto Vale Verde,OJS,Authenticate; Collect; Display,03/2018\n\
         Northmoor College,Figshare,Display,2019\n\
         Lakeshore Institute of Technology,Converis,Pending,\n\
         Redfern University,Symplectic Elements,\"Collect, Connect\",21 Nov 2018\n",
    );
    let run = badgemap(d, &["inspect", "in"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    for line in [
        "    A3     Partner       member  [6 filled: 6 organisation]\n",
        "    C3     Outcome       achievements  [6 filled: 1 status, 2 badge name, 3 badge list]\n",
        "    D3     When awarded  award date  [5 filled: 4 date, 1 number]\n",
        "    decided searched by content: header row 3 (28 points; the runner-up, row 4, 22)\n",
        "  notice: in/Grants 2019.csv › C8: Outcome says \"Pending\": no badge awarded;",
    ] {
        assert!(run.stdout.contains(line), "{line}\n{}", run.stdout);
    }
    assert!(!run.stdout.contains("unknown badge"), "{}", run.stdout);
    let (_, json) = run_json(d, &[]);
    assert_eq!(
        award_dates(&json, "Tamarack State University"),
        ["authenticate@2019-05-14", "display@2019-05-14"]
    );
    assert_eq!(
        integration(&json, "Lakeshore Institute of Technology")["badges"]
            .as_array()
            .unwrap()
            .len(),
        0
    );
}

#[test]
fn a_column_that_changes_meaning_below_the_window_is_reported_once() {
    let dir = temp();
    let d = dir.path();
    std::fs::create_dir_all(d.join("in")).unwrap();
    // A hand-kept log: from some year on the Display column was reused for
    // free-text notes.
    let mut text = String::from("Member,Integration,Display\n");
    for i in 0..60 {
        text.push_str(&format!("Member {i} University,System {i},Yes\n"));
    }
    for i in 60..80 {
        text.push_str(&format!(
            "Member {i} University,System {i},asked vendor {i}\n"
        ));
    }
    write(&d.join("in"), "log.csv", &text);
    let (_, report) = inspect_json(d, &["in"]);
    let drift: Vec<String> = messages(&report)
        .into_iter()
        .filter(|m| m.contains("drifts"))
        .collect();
    assert_eq!(
        drift,
        ["warning in/log.csv||C62: column C (\"Display\", read as badge: Display) drifts below the rows its reading was decided on: 20 of the 40 rows from row 42 on raise an issue in it, the first in C62"]
    );
    // A sheet that keeps its shape says nothing of the kind.
    let mut steady = String::from("Member,Integration,Display\n");
    for i in 0..80 {
        steady.push_str(&format!("Member {i} University,System {i},Yes\n"));
    }
    write(&d.join("in"), "log.csv", &steady);
    let (_, report) = inspect_json(d, &["in"]);
    assert!(!messages(&report).iter().any(|m| m.contains("drifts")));
}

#[test]
fn a_sheet_without_badges_names_its_two_best_candidates() {
    let dir = temp();
    let d = dir.path();
    std::fs::create_dir_all(d.join("in")).unwrap();
    write(
        &d.join("in"),
        "n.csv",
        "Notes on ORCID,,\nPartner,System,Comment\nTamarack State University,Pure,asked again\nHochschule Nord,DSpace,no answer\n",
    );
    let run = badgemap(d, &["inspect", "in"]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains(
            "    searched by content: row 2 (6 points): a member (column A), no cell reading as a badge fact\n    searched by content: row 3 (2 points): a member (column A), no cell reading as a badge fact\n"
        ),
        "{}",
        run.stdout
    );
    let template = badgemap(d, &["inspect", "in", "--reading-template"]);
    assert!(
        template
            .stdout
            .contains("# searched by content: row 2 (6 points): a member (column A), no cell reading as a badge fact\n"),
        "{}",
        template.stdout
    );
}
