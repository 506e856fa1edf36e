//! Values as people write them: each column's date order, the certified list
//! in ORCID's wording, impossible dates, contradictions and near-duplicate
//! names. Values are read back from JSON and the workbook.

use crate::support::*;

#[test]
fn a_column_of_us_dates_reads_its_ambiguous_dates_month_first() {
    let dir = temp();
    std::fs::create_dir(dir.path().join("in")).unwrap();
    write(
        &dir.path().join("in"),
        "us.csv",
        "Member,Integration,Badge,Status,Date awarded\n\
         U1,Pure,Display,Awarded,3/14/2019\n\
         U2,Pure,Display,Awarded,11/5/2018\n\
         U3,Pure,Display,Awarded,1/9/2020\n",
    );
    let (_, json) = run_json(dir.path(), &[]);
    assert_eq!(award_dates(&json, "U2"), ["display@2018-11-05"]);
    assert_eq!(award_dates(&json, "U3"), ["display@2020-01-09"]);
    assert!(json_messages(&json).contains(&"notice E1: 2 ambiguous dates in column \"Date awarded\" read month first, as 3/14/2019 (E2) is written".to_string()), "{:?}", json_messages(&json));
    // Told otherwise, every column is read day first.
    let (_, json) = run_json(dir.path(), &["--day-first"]);
    assert_eq!(award_dates(&json, "U2"), ["display@2018-05-11"]);
    assert_eq!(award_dates(&json, "U1"), ["display@2019-03-14"]);
}

#[test]
fn a_column_with_dates_both_ways_leaves_its_ambiguous_dates_unread() {
    let dir = temp();
    std::fs::create_dir(dir.path().join("in")).unwrap();
    write(
        &dir.path().join("in"),
        "mixed.csv",
        "Member,Integration,Badge,Status,Date awarded\n\
         U1,Pure,Display,Awarded,3/14/2019\n\
         U2,Pure,Display,Awarded,14/3/2019\n\
         U3,Pure,Display,Awarded,1/9/2020\n",
    );
    let (_, json) = run_json(dir.path(), &[]);
    assert_eq!(award_dates(&json, "U3"), ["display@-"]);
    assert!(json_messages(&json).contains(&"warning E4: ambiguous date: its column holds dates written day first (14/3/2019 (E3)) and month first (3/14/2019 (E2))".to_string()), "{:?}", json_messages(&json));
}

#[test]
fn the_certified_list_in_orcids_words_covers_integrations() {
    let dir = temp();
    std::fs::create_dir(dir.path().join("in")).unwrap();
    write(
        &dir.path().join("in"),
        "r.csv",
        "Member,Integration,Product,Sector,Badge,Status,Date awarded\n\
         U1,Portal,Elements,University,Authenticate,Awarded,2017-03-14\n\
         U2,Journals,Editorial Manager,Publisher,Authenticate,Awarded,2018-01-02\n\
         U3,Repo,DSpace,University,Authenticate,Awarded,2018-01-02\n",
    );
    // Copied from ORCID's public page: its category names, the month of
    // certification, and the day the analyst checked the list.
    write(
        dir.path(),
        "csp.csv",
        "Service Provider,Product,Category,Certified on,Checked on\n\
         Symplectic,Symplectic Elements,Research Information Systems,Dec 2020,2026-10-01\n\
         Aries Systems,Editorial Manager,Manuscript Submission Systems,Jul 2023,2026-10-01\n\
         LYRASIS,DSpace,Institutional Archives,2022-05,2026-10-01\n\
         \n\
         Source: orcid.org certified service providers page\n",
    );
    let (run, json) = run_json(dir.path(), &["--certified", "csp.csv"]);
    assert!(!run.stderr.contains("no certified-provider list"));
    let em = integration(&json, "U2");
    assert_eq!(em["status"], "covered");
    assert_eq!(
        em["reason"],
        "Editorial Manager is certified for manuscript-submission since 2023-07-01, on ORCID's list as checked on 2026-10-01 (csp.csv › E3)"
    );
    // An unknown workflow is an error naming the accepted names.
    let messages = json_messages(&json);
    assert!(
        messages.iter().any(|m| m.starts_with("error C4: unknown workflow \"Institutional Archives\" for DSpace; the mapping knows discovery (Discovery), grant-application (")),
        "{messages:?}"
    );
    assert!(
        messages.contains(&"notice A6: not a certified product: footer line".to_string()),
        "{messages:?}"
    );
    assert_ne!(integration(&json, "U3")["status"], "covered");
    let reason = integration(&json, "U3")["reason"].as_str().unwrap();
    assert!(
        reason.contains("DSpace is on the certified list, but for no workflow the mapping knows"),
        "{reason}"
    );
}

#[test]
fn run_without_a_certified_list_warns_that_nothing_can_be_covered() {
    let dir = temp();
    std::fs::create_dir(dir.path().join("in")).unwrap();
    write(
        &dir.path().join("in"),
        "r.csv",
        "Member,Integration,Badge\nU1,Portal,Display\n",
    );
    let (run, _) = run_json(dir.path(), &[]);
    assert!(
        run.stderr.contains(
            "warning: no certified-provider list given (--certified FILE): no integration can be covered by a certified product"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn award_dates_before_the_programme_or_after_the_as_of_date_are_not_used() {
    let dir = temp();
    std::fs::create_dir(dir.path().join("in")).unwrap();
    write(
        &dir.path().join("in"),
        "r.csv",
        "Member,Integration,Badge,Status,Date awarded\n\
         U1,Pure,Display,Awarded,2014-05-01\n\
         U2,Pure,Display,Awarded,2027-01-15\n\
         U3,Pure,Display,Awarded,2018-06-01\n",
    );
    let (_, json) = run_json(dir.path(), &[]);
    assert_eq!(award_dates(&json, "U1"), ["display@-"]);
    assert_eq!(award_dates(&json, "U2"), ["display@-"]);
    assert_eq!(award_dates(&json, "U3"), ["display@2018-06-01"]);
    let messages = json_messages(&json);
    assert!(
        messages.contains(&"warning E2: Display award date 2014-05-01 is before the programme started (2016-01-01)".to_string()),
        "{messages:?}"
    );
    assert!(
        messages.contains(
            &"warning E3: Display award date 2027-01-15 is after the as-of date (2026-11-24)"
                .to_string()
        ),
        "{messages:?}"
    );
    // The fact stays in Sources, undated.
    let (_, sheets) = read_book(&dir.path().join("reconciled.xlsx"));
    let u1 = sheets["Sources"].iter().find(|r| r[1] == "U1").unwrap();
    assert_eq!(u1[3], "Display");
    assert_eq!(u1[5], "");
}

#[test]
fn contradictions_send_the_integration_to_review_naming_both_cells() {
    let dir = temp();
    std::fs::create_dir(dir.path().join("in")).unwrap();
    write(
        &dir.path().join("in"),
        "a.csv",
        "Member,Integration,Badge,Status,Date awarded\nU1,Pure,Display,Awarded,2018-06-01\n",
    );
    write(
        &dir.path().join("in"),
        "b.csv",
        "Member,Integration,Badge,Status\nU1,Pure,Display,Not awarded\n",
    );
    write(
        &dir.path().join("in"),
        "crm.csv",
        "Account Name,Integration Name,Level__c,BadgeAwarded__c,Date awarded\nU2,Repo,Display,false,2019-02-01\n",
    );
    let (_, json) = run_json(dir.path(), &[]);
    let u1 = integration(&json, "U1");
    assert_eq!(u1["status"], "review");
    let reason = u1["reason"].as_str().unwrap();
    assert!(
        reason.contains("contradicting Display facts: awarded at in/a.csv › C2, but \"Not awarded\" at in/b.csv › C2"),
        "{reason}"
    );
    let u2 = integration(&json, "U2");
    assert_eq!(u2["status"], "review");
    assert!(
        u2["reason"]
            .as_str()
            .unwrap()
            .contains("the awarded flag says no, but an award date is given (2019-02-01) (row 2)"),
        "{}",
        u2["reason"]
    );
    let messages = json_messages(&json);
    assert!(
        messages.contains(
            &"warning D2: the awarded flag says no, but an award date is given (2019-02-01)"
                .to_string()
        ),
        "{messages:?}"
    );
}

#[test]
fn near_duplicate_names_are_warned_and_an_aliases_file_merges_them() {
    let dir = temp();
    std::fs::create_dir(dir.path().join("in")).unwrap();
    write(
        &dir.path().join("in"),
        "a.csv",
        "Member,Integration,Product,Badge\n\
         Univ. of Northmoor,Portal,Elements,Display\n\
         Northmoor Metropolitan Univ.,Repo,DSpace,Display\n",
    );
    write(
        &dir.path().join("in"),
        "b.csv",
        "Member,Integration,Product,Badge\n\
         Northmoor University,Portal,Symplectic Elements,Connect\n\
         Northmoor Metropolitan University,Repo,DSpace,Collect\n",
    );
    write(
        dir.path(),
        "csp.csv",
        "Product,Workflow,Certified on,Aliases\nSymplectic Elements,research-information,2020-12,Elements\n",
    );
    let (_, json) = run_json(dir.path(), &["--certified", "csp.csv"]);
    assert_eq!(json["integrations"].as_array().unwrap().len(), 4);
    let messages = json_messages(&json);
    assert!(
        messages.contains(&"warning A3: possible duplicate members: \"Northmoor Metropolitan Univ.\" (in/a.csv › A3) and \"Northmoor Metropolitan University\" (in/b.csv › A3)".to_string()),
        "{messages:?}"
    );
    assert!(
        messages.iter().any(
            |m| m.contains("possible duplicate members: \"Northmoor University\"")
                && m.contains("\"Univ. of Northmoor\"")
        ),
        "{messages:?}"
    );
    // "Elements" is the certified list's alias of Symplectic Elements: read as
    // it, so the two files do not conflict over the product.
    assert!(
        !messages.iter().any(|m| m.contains("conflicting product")),
        "{messages:?}"
    );
    assert_eq!(
        integration(&json, "Univ. of Northmoor")["product"],
        "Symplectic Elements"
    );

    // The analyst settles both pairs.
    write(
        dir.path(),
        "aliases.csv",
        "kind,name,same as\n\
         member,Univ. of Northmoor,Northmoor University\n\
         member,Northmoor Metropolitan Univ.,Northmoor Metropolitan University\n",
    );
    let (_, json) = run_json(
        dir.path(),
        &["--certified", "csp.csv", "--aliases", "aliases.csv"],
    );
    assert_eq!(json["integrations"].as_array().unwrap().len(), 2);
    assert_eq!(
        award_dates(&json, "Northmoor University"),
        ["display@-", "connect@-"]
    );
    let messages = json_messages(&json);
    assert!(
        !messages.iter().any(|m| m.contains("possible duplicate")),
        "{messages:?}"
    );
    assert!(
        messages.contains(&"notice A2: member \"Univ. of Northmoor\" read as \"Northmoor University\" (aliases.csv line 2)".to_string()),
        "{messages:?}"
    ); // The merge shows in Sources, beside every fact of the integration.
    let (_, book) = read_book(&dir.path().join("reconciled.xlsx"));
    let sources = &book["Sources"];
    let merged = sources[0].iter().position(|h| h == "Merged from").unwrap();
    let northmoor: Vec<&Vec<String>> = sources
        .iter()
        .filter(|r| r[1] == "Northmoor University")
        .collect();
    assert_eq!(northmoor.len(), 2);
    assert!(northmoor
        .iter()
        .all(|r| r[merged] == "member \"Univ. of Northmoor\""));
}

#[test]
fn a_certified_list_with_a_header_over_two_rows_is_read() {
    let dir = temp();
    std::fs::create_dir(dir.path().join("in")).unwrap();
    write(
        &dir.path().join("in"),
        "r.csv",
        "Member,Integration,Product,Badge\nU1,Journals,Editorial Manager,Authenticate\n",
    );
    write_xlsx(
        &dir.path().join("csp.xlsx"),
        &[(
            "Providers",
            vec![
                vec![T("ORCID certified service providers")],
                vec![T("Product"), T("Category"), T("Certification"), Blank],
                vec![Blank, Blank, T("Certified on"), T("Last reviewed")],
                vec![
                    T("Editorial Manager"),
                    T("Manuscript Submission Systems"),
                    T("2023-07"),
                    D(2026, 6, 1),
                ],
            ],
        )],
    );
    let (_, json) = run_json(dir.path(), &["--certified", "csp.xlsx"]);
    let u1 = integration(&json, "U1");
    assert_eq!(u1["status"], "covered", "{}", u1["reason"]);
    assert_eq!(
        u1["reason"],
        "Editorial Manager is certified for manuscript-submission since 2023-07-01, taken as current on 2026-11-24: the list states no date it was taken from ORCID's page"
    );
}

#[test]
fn products_above_a_fuller_header_further_down_are_named_not_dropped_silently() {
    let dir = temp();
    std::fs::create_dir(dir.path().join("in")).unwrap();
    write(
        &dir.path().join("in"),
        "r.csv",
        "Member,Integration,Product,Badge\nU1,Journals,Editorial Manager,Authenticate\n",
    );
    // A list kept in two blocks: the second header names more columns, so
    // it is the header, and the first block's lines are above it.
    write(
        dir.path(),
        "csp.csv",
        "ORCID certified service providers\n\
         Checked on:,2026-10-01\n\
         Product,Vendor\n\
         Pure,Elsevier\n\
         \n\
         Product,Vendor,Category,Certified on,Last reviewed\n\
         Editorial Manager,Aries,Manuscript Submission Systems,2023-07,2026-06-01\n",
    );
    let (_, json) = run_json(dir.path(), &["--certified", "csp.csv"]);
    assert_eq!(integration(&json, "U1")["status"], "covered");
    let warned: Vec<&serde_json::Value> = json["issues"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| {
            i["message"]
                .as_str()
                .is_some_and(|m| m.contains("above the header"))
        })
        .collect();
    assert_eq!(warned.len(), 1, "{:?}", json["issues"]);
    assert_eq!(
        warned[0]["message"],
        "2 rows above the header in row 6 were not read as products"
    );
    assert_eq!(warned[0]["cell"], "A6");
}
