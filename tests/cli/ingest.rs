//! Reading legacy registers: every encoding, date form, text encoding and
//! failure mode, with the row accounting checked on every run.

use crate::support::*;
use badgemap::ingest::dates::DayOrder;
use badgemap::ingest::register::Attr;
use badgemap::ingest::{ingest, Options};

#[test]
fn long_layout_with_statuses_and_dates() {
    let dir = temp();
    let p = write(
        dir.path(),
        "long.csv",
        "Member,System,Badge,Status,Date\n\
         Univ A,CRIS,Authenticate,Awarded,2018-05-30\n\
         Univ A,CRIS,Collect,In progress,\n\
         Univ A,CRIS,Display,Awarded,\n\
         Univ A,CRIS,Connect,,2019-01-01\n",
    );
    let ing = read(&[p]);
    let it = find(&ing, "Univ A", "CRIS");
    assert_eq!(awards(&ing, it), ["authenticate@2018-05-30", "display"]);
    let other: Vec<_> = it
        .other_facts
        .iter()
        .map(|f| f.not_awarded.as_deref().unwrap().to_string())
        .collect();
    assert_eq!(other, ["In progress", "(no status)"]);
    let (code, json) = inspect_json(dir.path(), &["long.csv"]);
    assert_eq!(code, 0, "a missing status is a warning, not a rejection");
    assert_eq!(sheet_accounting(&json, "long.csv", 0), [4, 2, 2, 0, 0, 0]);
    assert!(messages(&json).contains(&"warning long.csv||D5: award row has no status".to_string()));
}

#[test]
fn wide_layout_with_ticks_dates_and_unclear_cells() {
    let dir = temp();
    write_xlsx(
        &dir.path().join("wide.xlsx"),
        &[(
            "Register",
            vec![
                vec![
                    T("Member"),
                    T("System"),
                    T("Authenticate"),
                    T("Collect"),
                    T("Display"),
                    T("Connect"),
                    T("Sync"),
                    T("Collect date"),
                ],
                vec![
                    T("Univ A"),
                    T("CRIS"),
                    T("✓"),
                    T("Y"),
                    D(2019, 2, 1),
                    T("pending"),
                    T("-"),
                    T("30/05/2018"),
                ],
                vec![
                    T("Univ B"),
                    T("Repo"),
                    B(true),
                    N(1.0),
                    T("No"),
                    Blank,
                    T("x"),
                    Blank,
                ],
                vec![
                    T("Univ C"),
                    T("Site"),
                    Blank,
                    Blank,
                    Blank,
                    Blank,
                    Blank,
                    Blank,
                ],
            ],
        )],
    );
    let ing = read(&[dir.path().join("wide.xlsx")]);
    let a = find(&ing, "Univ A", "CRIS");
    assert_eq!(
        awards(&ing, a),
        ["authenticate", "collect@2018-05-30", "display@2019-02-01"]
    );
    // `pending` is a status, not an award: kept as a fact, no reason for review.
    assert!(a.problems.is_empty(), "{:?}", a.problems);
    assert!(a
        .other_facts
        .iter()
        .any(|f| f.not_awarded.as_deref() == Some("pending")));
    let b = find(&ing, "Univ B", "Repo");
    assert_eq!(awards(&ing, b), ["authenticate", "collect", "synchronize"]);
    let (code, json) = inspect_json(dir.path(), &["wide.xlsx"]);
    assert_eq!(code, 0);
    assert_eq!(sheet_accounting(&json, "wide.xlsx", 0), [3, 2, 1, 0, 0, 0]);
    assert_eq!(
        messages(&json),
        ["notice wide.xlsx|Register|F2: Connect cell says \"pending\": not awarded"]
    );
}

#[test]
fn level_counts_only_where_the_awarded_flag_is_true() {
    let dir = temp();
    write_xlsx(
        &dir.path().join("crm.xlsx"),
        &[(
            "Export",
            vec![
                vec![
                    T("Account Name"),
                    T("Integration Name"),
                    T("Level__c"),
                    T("BadgeAwarded__c"),
                ],
                vec![T("Univ A"), T("CRIS"), T("Connect"), B(true)],
                vec![T("Univ B"), T("CRIS"), T("Sync"), B(false)],
                vec![T("Univ C"), T("CRIS"), T("Collect"), T("?")],
                vec![T("Univ D"), T("CRIS"), T("Synchronise"), T("TRUE")],
                vec![T("Univ E"), T("CRIS"), T("Platinum"), B(true)],
            ],
        )],
    );
    let ing = read(&[dir.path().join("crm.xlsx")]);
    assert_eq!(
        awards(&ing, find(&ing, "Univ A", "CRIS")),
        ["authenticate", "collect", "display", "connect"]
    );
    assert!(find(&ing, "Univ B", "CRIS").awards.is_empty());
    assert_eq!(find(&ing, "Univ B", "CRIS").other_facts.len(), 5);
    assert!(find(&ing, "Univ C", "CRIS").awards.is_empty());
    assert_eq!(find(&ing, "Univ D", "CRIS").awards.len(), 5);
    assert_eq!(
        find(&ing, "Univ E", "CRIS").problems,
        ["level text \"Platinum\" could not be resolved"]
    );
    let (code, json) = inspect_json(dir.path(), &["crm.xlsx"]);
    assert_eq!(code, 0);
    assert_eq!(sheet_accounting(&json, "crm.xlsx", 0), [5, 2, 3, 0, 0, 0]);
    assert_eq!(
        messages(&json),
        [
            "warning crm.xlsx|Export|D4: unclear awarded flag in \"BadgeAwarded__c\"",
            "warning crm.xlsx|Export|C6: unknown level \"Platinum\"",
        ]
    );
}

#[test]
fn achievements_list_in_one_cell() {
    let dir = temp();
    let p = write(
        dir.path(),
        "achievements.csv",
        "Member;Integration;Achievements\n\
         Univ A;CRIS;DISPLAY:Awarded;AUTHENTICATE:Awarded\n\
         Univ B;CRIS;\"DISPLAY:Awarded|COLLECT:In Progress,CONNECT:Awarded\"\n\
         Univ C;CRIS;\"SYNC:Awarded\nAUTHENTICATE\"\n",
    );
    let ing = read(&[p]);
    // Semicolons split the cell only inside quotes; the delimiter here is ';'
    // so Univ A's second achievement lands in an unnamed fourth column.
    assert_eq!(awards(&ing, find(&ing, "Univ A", "CRIS")), ["display"]);
    let b = find(&ing, "Univ B", "CRIS");
    assert_eq!(awards(&ing, b), ["display", "connect"]);
    assert_eq!(b.other_facts[0].not_awarded.as_deref(), Some("In Progress"));
    assert_eq!(
        awards(&ing, find(&ing, "Univ C", "CRIS")),
        ["authenticate", "synchronize"]
    );
    let (_, json) = inspect_json(dir.path(), &["achievements.csv"]);
    assert_eq!(
        sheet_accounting(&json, "achievements.csv", 0),
        [3, 3, 0, 0, 0, 0]
    );
}

#[test]
fn achievements_split_on_every_separator() {
    let dir = temp();
    let p = write(
        dir.path(),
        "a.csv",
        "Member,Integration,Achievements\n\
         Univ A,CRIS,\"DISPLAY:Awarded;AUTHENTICATE:Awarded,COLLECT:Awarded|CONNECT:Awarded\nSYNC:Not awarded\"\n",
    );
    let ing = read(&[p]);
    let it = find(&ing, "Univ A", "CRIS");
    assert_eq!(
        awards(&ing, it),
        ["authenticate", "collect", "display", "connect"]
    );
    assert_eq!(
        it.other_facts[0].not_awarded.as_deref(),
        Some("Not awarded")
    );
}

#[test]
fn highest_achievement_is_a_single_badge() {
    let dir = temp();
    let p = write(
        dir.path(),
        "h.csv",
        "Member,Integration,Highest_Achievement__c\nUniv A,CRIS,AUTHENTICATE\nUniv B,CRIS,4 - CONNECT\n",
    );
    let ing = read(&[p]);
    assert_eq!(awards(&ing, find(&ing, "Univ A", "CRIS")), ["authenticate"]);
    assert_eq!(awards(&ing, find(&ing, "Univ B", "CRIS")), ["connect"]);
}

#[test]
fn every_date_form() {
    let dir = temp();
    let p = write(
        dir.path(),
        "dates.csv",
        "Member,Integration,Badge,Date awarded\n\
         M1,I,Display,2018-05-30\n\
         M2,I,Display,2018-05-30T09:00:00Z\n\
         M3,I,Display,2018.05.30\n\
         M4,I,Display,30/05/2018\n\
         M5,I,Display,2nd December 2020\n\
         M6,I,Display,Dec 2020\n\
         M7,I,Display,43250\n\
         M8,I,Display,05/06/18\n\
         M9,I,Display,someday\n\
         M10,I,Display,03/04/2018\n",
    );
    let ing = read(std::slice::from_ref(&p));
    let date = |m: &str| awards(&ing, find(&ing, m, "I")).join(",");
    assert_eq!(date("M1"), "display@2018-05-30");
    assert_eq!(date("M2"), "display@2018-05-30");
    assert_eq!(date("M3"), "display@2018-05-30");
    assert_eq!(date("M4"), "display@2018-05-30");
    assert_eq!(date("M5"), "display@2020-12-02");
    assert_eq!(date("M6"), "display@2020-12");
    assert_eq!(date("M7"), "display@2018-05-30");
    assert_eq!(date("M8"), "display", "ambiguous: badge kept, date empty");
    assert_eq!(date("M9"), "display", "unparseable: badge kept, date empty");
    assert_eq!(date("M10"), "display@2018-04-03", "day first by default");
    let month_first = ingest(
        &[p],
        &vocab(),
        &Options {
            day_order: Some(DayOrder::MonthFirst),
            ..Options::default()
        },
    )
    .unwrap();
    assert_eq!(
        awards(&month_first, find(&month_first, "M10", "I")),
        ["display@2018-03-04"]
    );

    let (code, json) = inspect_json(dir.path(), &["dates.csv"]);
    assert_eq!(code, 0);
    let msgs = messages(&json);
    assert!(
        msgs.contains(
            &"warning dates.csv||D9: ambiguous date: a two-digit year cannot be told from a day"
                .to_string()
        ),
        "{msgs:?}"
    );
    assert!(
        msgs.contains(&"warning dates.csv||D10: not a date".to_string()),
        "{msgs:?}"
    );
    let run = badgemap(
        dir.path(),
        &["inspect", "--month-first", "--json", "dates.csv"],
    );
    assert_eq!(run.code, 0);
}

#[test]
fn excel_dates_in_the_1904_epoch() {
    let dir = temp();
    let path = dir.path().join("mac.xlsx");
    write_xlsx(
        &path,
        &[(
            "S",
            vec![
                vec![T("Member"), T("Integration"), T("Display")],
                vec![T("Univ A"), T("CRIS"), D(2018, 5, 30)],
            ],
        )],
    );
    // rust_xlsxwriter stores 2018-05-30 as serial 43250 (1900 system); in the
    // 1904 system that serial is four years and a day later.
    switch_to_1904(&path);
    let ing = read(&[path]);
    assert_eq!(
        awards(&ing, find(&ing, "Univ A", "CRIS")),
        ["display@2022-05-31"]
    );
}

#[test]
fn misspelled_and_unknown_badges() {
    let dir = temp();
    let p = write(
        dir.path(),
        "spell.csv",
        "Member,Integration,Badge\nU,I,Dispaly\nU,I,Authentcate\nU,I,Colnect\nU,I,Peer review\nU,I,ORCiD Collect\nU,I,5 - SYNCHRONISE\n",
    );
    let ing = read(&[p]);
    let it = find(&ing, "U", "I");
    assert_eq!(
        awards(&ing, it),
        ["authenticate", "collect", "display", "synchronize"]
    );
    assert_eq!(
        it.problems,
        [
            "badge text \"Colnect\" could not be resolved",
            "badge text \"Peer review\" could not be resolved"
        ]
    );
    let (_, json) = inspect_json(dir.path(), &["spell.csv"]);
    assert_eq!(
        messages(&json),
        [
            "warning spell.csv||C2: read \"Dispaly\" as Display",
            "warning spell.csv||C3: read \"Authentcate\" as Authenticate",
            "warning spell.csv||C4: unknown badge \"Colnect\"",
            "warning spell.csv||C5: unknown badge \"Peer review\"",
        ]
    );
}

#[test]
fn two_row_header_below_banner_rows_with_merged_member_cells() {
    let ing = read(&[repo_path("samples/consortium-register.xlsx")]);
    // The member cell is merged over two rows; the second system inherits it.
    let thesis = find(&ing, "UNIVERSITY OF NORTHMOOR", "Thesis deposit");
    assert_eq!(thesis.attr(Attr::Product), Some("EPrints"));
    let sheet = &ing.files[0].sheets[1];
    let json = serde_json::to_value(sheet).unwrap();
    assert_eq!(json["header_rows"], serde_json::json!([4, 5]));
    assert_eq!(json["columns"][4]["header"], "Badges › Authenticate");
    assert_eq!(json["columns"][4]["role"], "badge: Authenticate");
}

#[test]
fn windows_1252_and_utf16_csv() {
    let dir = temp();
    std::fs::write(
        dir.path().join("cp1252.csv"),
        b"Member,Integration,Badge\nUniversit\xE9 de Li\xE8ge,Orbi,Display\n",
    )
    .unwrap();
    let mut utf16 = vec![0xFF, 0xFE];
    for unit in
        "Member\tIntegration\tBadge\r\nUniversité de Liège\tOrbi\tAuthenticate\r\n".encode_utf16()
    {
        utf16.extend(unit.to_le_bytes());
    }
    std::fs::write(dir.path().join("utf16.txt"), utf16).unwrap();
    let ing = read(&[dir.path().to_path_buf()]);
    assert_eq!(
        ing.register.integrations.len(),
        1,
        "both spell the same integration"
    );
    assert_eq!(
        awards(&ing, find(&ing, "Université de Liège", "Orbi")),
        ["authenticate", "display"]
    );
    let (code, json) = inspect_json(dir.path(), &["cp1252.csv", "utf16.txt"]);
    assert_eq!(code, 0);
    assert_eq!(json["files"][0]["encoding"], "windows-1252");
    assert_eq!(json["files"][1]["encoding"], "UTF-16LE");
    assert!(messages(&json)[0].starts_with("notice cp1252.csv||: not valid UTF-8"));
}

#[test]
fn corrupt_empty_and_password_protected_files_fail_alone() {
    let dir = temp();
    std::fs::write(
        dir.path().join("random.xlsx"),
        (0u8..=255).cycle().take(700).collect::<Vec<u8>>(),
    )
    .unwrap();
    std::fs::write(dir.path().join("empty.csv"), b"").unwrap();
    std::fs::copy(
        repo_path("tests/fixtures/password-protected.xlsx"),
        dir.path().join("locked.xlsx"),
    )
    .unwrap();
    std::fs::write(dir.path().join("notes.docx"), b"x").unwrap();
    write(
        dir.path(),
        "good.csv",
        "Member,Integration,Badge\nU,I,Display\n",
    );
    let run = badgemap(
        dir.path(),
        &[
            "inspect",
            "random.xlsx",
            "empty.csv",
            "locked.xlsx",
            "notes.docx",
            "good.csv",
        ],
    );
    assert_eq!(run.code, 1, "{}", run.stdout);
    let lines: Vec<&str> = run
        .stdout
        .lines()
        .filter(|l| l.starts_with("  error:"))
        .collect();
    assert_eq!(lines.len(), 4, "{}", run.stdout);
    assert!(lines[0].starts_with("  error: random.xlsx: the file is damaged or not a spreadsheet: not a readable xlsx (zip) archive"), "{}", lines[0]);
    assert_eq!(lines[1], "  error: empty.csv: the file is empty (0 bytes); export it again; file not read; the other files were");
    assert!(lines[2].starts_with(
        "  error: locked.xlsx: the workbook is encrypted: protected with a password, or with Excel's default password"
    ));
    assert!(lines[3].starts_with("  error: notes.docx: unsupported file type \".docx\""));
    assert!(
        run.stdout
            .contains("Register: 1 integration of 1 member, 1 awarded badge"),
        "{}",
        run.stdout
    );
}

#[test]
fn files_are_read_by_their_content_whatever_their_name() {
    let dir = temp();
    // A real .xls named .xlsx, and CSV text named .xls: read as what they are.
    std::fs::copy(
        repo_path("tests/fixtures/consortium-register.xls"),
        dir.path().join("old.xlsx"),
    )
    .unwrap();
    write(
        dir.path(),
        "export.xls",
        "Member,Integration,Badge\nU,I,Display\n",
    );
    let (code, json) = inspect_json(dir.path(), &["old.xlsx", "export.xls"]);
    assert_eq!(code, 0, "{json}");
    let notices = messages(&json);
    assert!(notices.contains(&"notice old.xlsx||: the file is an Excel 97-2003 workbook (.xls) although its name ends in .xlsx; read as what it is".to_string()), "{notices:?}");
    assert!(notices.contains(&"notice export.xls||: the file is delimited text (CSV) although its name ends in .xls; read as what it is".to_string()), "{notices:?}");
    assert_eq!(json["register"]["integrations"], 7, "{json}");
    // A compound-file header over zeros is a damaged file, and says so.
    let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    ole.resize(1024, 0);
    std::fs::write(dir.path().join("broken.xls"), ole).unwrap();
    let run = badgemap(dir.path(), &["inspect", "broken.xls"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout.contains(
            "broken.xls: the file is damaged or not a spreadsheet: its compound-file structure is damaged ("
        ),
        "{}",
        run.stdout
    );
}

#[test]
fn rows_without_member_are_rejected_and_blank_rows_counted() {
    let dir = temp();
    write(
        dir.path(),
        "r.csv",
        "Member,Integration,Badge\nU,I,Display\n\n,I,Display\nMember,Integration,Badge\nU,J,\n",
    );
    let (code, json) = inspect_json(dir.path(), &["r.csv"]);
    assert_eq!(code, 1);
    // The repeated header starts a second block: not a record, not rejected.
    assert_eq!(sheet_accounting(&json, "r.csv", 0), [5, 1, 1, 1, 1, 1]);
    assert_eq!(
        messages(&json),
        [
            "error r.csv||A4: row 4 has no member organisation in column \"Member\"",
            "notice r.csv||A5: not a record: header row",
        ]
    );
}

#[test]
fn same_integration_across_files_merges_and_conflicts_are_kept() {
    let dir = temp();
    write(
        dir.path(),
        "a.csv",
        "Member,Integration,Sector,Badge\nUniv. of Hull & Partners,CRIS,Publisher,Display\n",
    );
    write(dir.path(), "b.csv", "Member,Integration,Sector,Badge\nUNIV OF HULL AND PARTNERS,cris,Research Institute,Display\n");
    let ing = read(&[dir.path().to_path_buf()]);
    assert_eq!(ing.register.integrations.len(), 1);
    let it = &ing.register.integrations[0];
    assert_eq!(
        it.awards.values().next().unwrap().facts.len(),
        2,
        "both sources kept"
    );
    assert_eq!(
        it.problems,
        ["conflicting sector: \"Publisher\" and \"Research Institute\""]
    );
    let (_, json) = inspect_json(dir.path(), &["a.csv", "b.csv"]);
    assert_eq!(
        messages(&json),
        ["warning b.csv||C2: conflicting sector for Univ. of Hull & Partners / CRIS: \"Research Institute\" here, \"Publisher\" at a.csv › C2"]
    );
}

#[test]
fn missing_integration_name_falls_back_to_product_then_unnamed() {
    let dir = temp();
    write(
        dir.path(),
        "p.csv",
        "Member,Product,Badge\nU,Pure,Display\nV,,Display\n",
    );
    let ing = read(&[dir.path().join("p.csv")]);
    assert!(find(&ing, "U", "Pure").awards.len() == 1);
    assert!(find(&ing, "V", "(unnamed integration)").awards.len() == 1);
}

#[test]
fn directories_are_walked_in_order_skipping_hidden_and_lock_files() {
    let dir = temp();
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    write(dir.path(), "b.csv", "Member,Badge\nB,Display\n");
    write(
        &dir.path().join("sub"),
        "a.csv",
        "Member,Badge\nA,Display\n",
    );
    write(dir.path(), ".hidden.csv", "Member,Badge\nH,Display\n");
    write(dir.path(), "~$b.xlsx", "lock");
    let (code, json) = inspect_json(dir.path(), &[".", "b.csv"]);
    assert_eq!(code, 0);
    let paths: Vec<&str> = json["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, ["./b.csv", "./sub/a.csv"]);
    assert_eq!(
        messages(&json),
        ["notice b.csv||: the same file was given more than once"]
    );
}

#[test]
fn sheets_without_a_table_are_reported_as_skipped() {
    let dir = temp();
    write_xlsx(
        &dir.path().join("w.xlsx"),
        &[
            ("Read me", vec![vec![T("This workbook lists badges")]]),
            (
                "Members",
                vec![vec![T("Member"), T("Country")], vec![T("U"), T("UK")]],
            ),
            ("Empty", vec![]),
            (
                "Badges",
                vec![vec![T("Member"), T("Display")], vec![T("U"), T("Y")]],
            ),
        ],
    );
    let (code, json) = inspect_json(dir.path(), &["w.xlsx"]);
    assert_eq!(code, 0);
    let sheets = json["files"][0]["sheets"].as_array().unwrap();
    assert_eq!(sheets.len(), 4);
    assert_eq!(sheets[0]["outcome"], "skipped");
    assert_eq!(sheets[1]["reason"], "the header in row 1 has no badge column (a badge, level, achievements or highest-achievement column, or one column per badge)");
    assert_eq!(sheets[1]["rows"], 2);
    assert_eq!(sheets[2]["reason"], "the sheet is empty");
    assert_eq!(sheets[3]["outcome"], "table");
}

#[test]
fn usage_errors_exit_2() {
    let dir = temp();
    let missing = badgemap(dir.path(), &["inspect", "nope.xlsx"]);
    assert_eq!(missing.code, 2);
    assert_eq!(missing.stderr, "badgemap: input not found: nope.xlsx\n");
    assert_eq!(badgemap(dir.path(), &["inspect"]).code, 2);
    assert_eq!(badgemap(dir.path(), &["frobnicate"]).code, 2);
}

#[test]
fn bundled_samples_read_with_exact_accounting() {
    let (code, json) = inspect_json(&repo_path(""), &["samples"]);
    assert_eq!(code, 1, "the long CSV has one row without a member");
    assert_eq!(
        sheet_accounting(&json, "samples/badge-awards-long.csv", 0),
        [14, 10, 2, 1, 1, 0]
    );
    assert_eq!(
        sheet_accounting(&json, "samples/consortium-register.xlsx", 1),
        [6, 5, 1, 0, 0, 0]
    );
    assert_eq!(
        sheet_accounting(&json, "samples/crm-export-2020.xlsx", 0),
        [9, 6, 3, 0, 0, 0]
    );
    assert_eq!(json["register"]["integrations"], 13);
    assert_eq!(json["register"]["members"], 9);
    let ing = read(&[repo_path("samples")]);
    // The CRM's Sync level and the consortium's five ticks are one integration.
    let em = find(
        &ing,
        "Harbourview University Press",
        "Manuscript submission",
    );
    assert_eq!(em.awards.len(), 5);
    assert_eq!(em.awards.values().map(|a| a.facts.len()).sum::<usize>(), 10);
    // "Health & Care" and "Health and Care" are one member.
    let kestrel = find(&ing, "Kestrel Health & Care Research", "Grant portal");
    assert_eq!(
        awards(&ing, kestrel),
        ["authenticate", "collect", "connect"]
    );
}

#[test]
fn only_the_first_twenty_issues_are_printed_unless_all() {
    let dir = temp();
    let mut csv = String::from("Member,Badge\n");
    for i in 0..25 {
        csv.push_str(&format!("M{i},Platinum\n"));
    }
    write(dir.path(), "many.csv", &csv);
    let short = badgemap(dir.path(), &["inspect", "many.csv"]);
    assert_eq!(short.code, 0);
    assert!(short
        .stdout
        .contains("Issues: 0 errors, 25 warnings, 0 notices (first 20; --all shows every one)"));
    assert_eq!(
        short
            .stdout
            .lines()
            .filter(|l| l.starts_with("  warning:"))
            .count(),
        20
    );
    let all = badgemap(dir.path(), &["inspect", "--all", "many.csv"]);
    assert_eq!(
        all.stdout
            .lines()
            .filter(|l| l.starts_with("  warning:"))
            .count(),
        25
    );
    assert!(all.stdout.contains("  warning: many.csv › B26: unknown badge \"Platinum\"; not counted; correct the cell or add the name as an alias in the mapping"));
}

#[test]
fn xls_and_ods_copies_read_like_the_xlsx() {
    // The fixtures are LibreOffice conversions of samples/consortium-register.xlsx.
    let root = repo_path("");
    let (_, xls) = inspect_json(&root, &["tests/fixtures/consortium-register.xls"]);
    assert_eq!(
        sheet_accounting(&xls, "tests/fixtures/consortium-register.xls", 1),
        [6, 5, 1, 0, 0, 0]
    );
    let ing = read(&[root.join("tests/fixtures/consortium-register.xls")]);
    let portal = find(&ing, "UNIVERSITY OF NORTHMOOR", "Research portal");
    assert_eq!(
        awards(&ing, portal),
        ["authenticate@2017-03-14", "collect", "display", "connect"]
    );
    assert!(
        find(&ing, "UNIVERSITY OF NORTHMOOR", "Thesis deposit")
            .awards
            .len()
            == 1,
        "merged member cell filled"
    );

    // calamine does not expose merged cells of OpenDocument files; badgemap
    // reads them from content.xml, so the second system under a merged
    // member cell has its member, as in the xlsx and xls copies.
    let (code, ods) = inspect_json(&root, &["tests/fixtures/consortium-register.ods"]);
    assert_eq!(code, 0);
    assert_eq!(
        sheet_accounting(&ods, "tests/fixtures/consortium-register.ods", 1),
        [6, 5, 1, 0, 0, 0]
    );
    assert_eq!(
        messages(&ods),
        [
            "warning tests/fixtures/consortium-register.ods|Read me|: sheet skipped: no header row naming a member organisation column (such as 'Member', 'Organisation' or 'Account Name') anywhere in the sheet; 2 non-empty rows not read",
            "notice tests/fixtures/consortium-register.ods|Badges 2017-2020|G7: Display cell says \"pending\": not awarded",
        ]
    );
    let ing = read(&[root.join("tests/fixtures/consortium-register.ods")]);
    assert_eq!(
        find(&ing, "UNIVERSITY OF NORTHMOOR", "Thesis deposit")
            .awards
            .len(),
        1,
        "merged member cell filled"
    );
}
