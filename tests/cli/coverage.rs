//! Coverage by a certified product, with the list copied from ORCID's page
//! in the ways analysts copy it: a banner saying when, a column no heading
//! explains, category sections pasted from the page, product and provider in
//! one cell, no date at all; products written differently from the list;
//! missing workflows; impossible award dates; names that look the same.
//! Statuses and reasons are read back from the JSON and the workbook.

use crate::support::*;
use std::path::Path;

/// A register of one row per integration, each with an Authenticate award
/// (`Member,Integration,Product,Badge`, plus the given columns).
fn register(dir: &Path, rows: &str) {
    std::fs::create_dir_all(dir.join("in")).unwrap();
    write(&dir.join("in"), "register.csv", rows);
}

fn reason(json: &serde_json::Value, member: &str) -> String {
    integration(json, member)["reason"]
        .as_str()
        .unwrap()
        .to_string()
}

fn status(json: &serde_json::Value, member: &str) -> String {
    integration(json, member)["status"]
        .as_str()
        .unwrap()
        .to_string()
}

/// The value beside `label` on the Summary sheet.
fn summary_fact(dir: &Path, label: &str) -> String {
    let (_, sheets) = read_book(&dir.join("reconciled.xlsx"));
    sheets["Summary"]
        .iter()
        .find(|r| r.first().is_some_and(|c| c == label))
        .and_then(|r| r.iter().skip(1).find(|c| !c.is_empty()).cloned())
        .unwrap_or_else(|| panic!("no {label:?} on the Summary"))
}

#[test]
fn a_list_copied_from_orcids_page_covers_its_users_from_the_day_it_was_copied() {
    let dir = temp();
    register(
        dir.path(),
        "Member,Integration,Product,Badge\n\
         U1,Profiles,Symplectic Elements,Authenticate\n\
         U2,Repository,DSpace,Authenticate\n\
         U3,Journals,OJS 3.3,Authenticate\n",
    );
    // Kept by hand from ORCID's page: a banner saying when, product and
    // provider in one cell, ORCID's category names in the singular, the
    // month each was certified.
    write_xlsx(
        &dir.path().join("csp.xlsx"),
        &[(
            "CSP list",
            vec![
                vec![T(
                    "Copied from ORCID's Certified Service Providers page on 2 November 2026 (current providers only)",
                )],
                vec![],
                vec![T("Product (provider)"), T("Category"), T("Certified since")],
                vec![
                    T("Elements (Symplectic)"),
                    T("Research Information System"),
                    T("December 2020"),
                ],
                vec![T("DSpace (LYRASIS)"), T("Repository"), T("August 2022")],
                vec![
                    T("Open Journal Systems (Public Knowledge Project)"),
                    T("Manuscript Submission System"),
                    T("June 2020"),
                ],
            ],
        )],
    );
    let (run, json) = run_json(dir.path(), &["--certified", "csp.xlsx"]);
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    for member in ["U1", "U2", "U3"] {
        assert_eq!(
            status(&json, member),
            "covered",
            "{}",
            reason(&json, member)
        );
    }
    let banner = "the line \"Copied from ORCID's Certified Service Providers page on 2 November 2026 (current providers only)\" at csp.xlsx › A1";
    assert_eq!(
        reason(&json, "U1"),
        format!("Symplectic Elements is certified for research-information since 2020-12-01, on ORCID's list as checked on 2026-11-02 ({banner})")
    );
    // The provider in brackets is the product's vendor.
    assert_eq!(integration(&json, "U2")["vendor"], serde_json::Value::Null);
    let worklist_free = json["requests"].as_array().unwrap().is_empty();
    assert!(worklist_free, "covered integrations need no request");
    assert_eq!(json["certified_list"]["taken_on"], "2026-11-02");
    assert_eq!(
        json["certified_list"]["taken_from"],
        format!("2026-11-02 ({banner})")
    );
    // How the list was read is said once.
    assert!(json_messages(&json).contains(&"notice : certified-provider list read from row 3: A \"Product (provider)\" as product (the provider in brackets); B \"Category\" as workflow; C \"Certified since\" as certified on".to_string()), "{:?}", json_messages(&json));
    assert_eq!(
        summary_fact(dir.path(), "Certified list taken on"),
        format!("2026-11-02 ({banner})")
    );

    // A year after the list was copied, with no newer copy or review, the
    // certifications are no longer known to be current.
    let later = badgemap(
        dir.path(),
        &[
            "run",
            "in",
            "--certified",
            "csp.xlsx",
            "--as-of",
            "2027-11-03",
            "--json",
            "later.json",
            "-o",
            "later.xlsx",
        ],
    );
    assert_eq!(later.code, 0, "{}", later.stderr);
    let later: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("later.json")).unwrap())
            .unwrap();
    assert_eq!(status(&later, "U1"), "re-certify");
    assert!(
        reason(&later, "U1").ends_with(&format!(
            "; the certification of Symplectic Elements was last on ORCID's list as checked on 2026-11-02 ({banner}); its review every 12 months was due 2027-11-02"
        )),
        "{}",
        reason(&later, "U1")
    );
}

#[test]
fn a_column_of_one_recent_date_under_an_unknown_heading_is_the_day_the_list_was_checked() {
    let dir = temp();
    register(
        dir.path(),
        "Member,Integration,Product,Badge\n\
         U1,Profiles,Symplectic Elements,Authenticate\n\
         U2,Submissions,Editorial Manager,Authenticate\n",
    );
    // "On the page" is no heading badgemap knows; its cells are one recent
    // date beside older certification months.
    write(
        dir.path(),
        "csp.csv",
        "Product,Provider,Category,Certification month,On the page\n\
         Symplectic Elements,Symplectic,Research Information Systems,2020-12,2026-11-02\n\
         Editorial Manager,Aries Systems,Manuscript Submission Systems,2023-09,2026-11-02\n",
    );
    let (_, json) = run_json(dir.path(), &["--certified", "csp.csv"]);
    assert_eq!(status(&json, "U2"), "covered");
    assert_eq!(
        reason(&json, "U2"),
        "Editorial Manager is certified for manuscript-submission since 2023-09-01, on ORCID's list as checked on 2026-11-02 (csp.csv › E3)"
    );
    assert!(json_messages(&json).iter().any(|m| m.ends_with(
        "E \"On the page\" as checked on (one recent date on every row, as on the day the list was copied)"
    )), "{:?}", json_messages(&json));
}

#[test]
fn a_list_stating_no_day_it_was_taken_is_current_on_the_as_of_date_and_says_so_once() {
    let dir = temp();
    register(
        dir.path(),
        "Member,Integration,Product,Badge\n\
         U1,Profiles,Symplectic Elements,Authenticate\n\
         U2,Journals,Open Journal Systems,Authenticate\n",
    );
    write(
        dir.path(),
        "csp.csv",
        "Product,Vendor,Category,Certified on\n\
         Symplectic Elements,Symplectic,Research Information Systems,2020-12-01\n\
         Open Journal Systems,PKP,Manuscript Submission Systems,2020-06-01\n",
    );
    let (run, json) = run_json(dir.path(), &["--certified", "csp.csv"]);
    assert_eq!(status(&json, "U2"), "covered");
    assert_eq!(
        reason(&json, "U2"),
        "Open Journal Systems is certified for manuscript-submission since 2020-06-01, taken as current on 2026-11-24: the list states no date it was taken from ORCID's page"
    );
    let warned: Vec<String> = json_messages(&json)
        .into_iter()
        .filter(|m| m.contains("states no day it was taken"))
        .collect();
    assert_eq!(warned, ["warning : the certified-provider list states no day it was taken from ORCID's page (no checked-on column, no line such as 'Copied from ORCID's page on 2 November 2026', no date in its file name): its 2 products are taken as current on the as-of date, 2026-11-24"]);
    assert!(run.stderr.contains("warning: the certified-provider list states no day it was taken from ORCID's page: its products are taken as current on 2026-11-24"), "{}", run.stderr);
    assert_eq!(
        summary_fact(dir.path(), "Certified list taken on"),
        "not stated: its products are taken as current on the as-of date, 2026-11-24"
    );
    // A date in the file's name is the day it was taken.
    std::fs::rename(
        dir.path().join("csp.csv"),
        dir.path().join("csp-2026-11-02.csv"),
    )
    .unwrap();
    let (_, json) = run_json(dir.path(), &["--certified", "csp-2026-11-02.csv"]);
    assert_eq!(
        reason(&json, "U2"),
        "Open Journal Systems is certified for manuscript-submission since 2020-06-01, on ORCID's list as checked on 2026-11-02 (the file name \"csp-2026-11-02.csv\")"
    );
}

#[test]
fn a_list_pasted_from_orcids_page_in_category_sections_gives_each_product_its_section() {
    let dir = temp();
    register(
        dir.path(),
        "Member,Integration,Product,Badge\n\
         U1,Repository,DSpace,Authenticate\n\
         U2,Profiles,Symplectic Elements,Authenticate\n\
         U3,Preprints,Open Preprint Systems,Authenticate\n",
    );
    // The page's sections pasted as lines of their own, a "Still listed"
    // column of yes and no, the day in a label line below.
    write(
        dir.path(),
        "csp.csv",
        "Product,Provider,Still listed\n\
         Research Information Systems,,\n\
         Symplectic Elements,Symplectic,yes\n\
         Repository Systems,,\n\
         DSpace,LYRASIS,yes\n\
         Manuscript Submission Systems,,\n\
         Open Preprint Systems,Public Knowledge Project,no\n\
         ,,\n\
         Checked on:,2026-11-02,\n",
    );
    let (_, json) = run_json(dir.path(), &["--certified", "csp.csv"]);
    assert_eq!(status(&json, "U1"), "covered", "{}", reason(&json, "U1"));
    assert!(
        reason(&json, "U1").starts_with(
            "DSpace is certified for repository, on ORCID's list as checked on 2026-11-02"
        ),
        "{}",
        reason(&json, "U1")
    );
    assert_eq!(status(&json, "U2"), "covered");
    // No longer listed: not covered, and the reason says so.
    assert_eq!(status(&json, "U3"), "re-certify");
    assert!(
        reason(&json, "U3").ends_with("; Open Preprint Systems was not on ORCID's list of current providers when the list was checked"),
        "{}",
        reason(&json, "U3")
    );
}

#[test]
fn a_list_that_cannot_be_read_leaves_the_run_going_without_coverage() {
    let dir = temp();
    register(
        dir.path(),
        "Member,Integration,Product,Sector,Badge\nU1,Profiles,Symplectic Elements,University,Authenticate\n",
    );
    write(
        dir.path(),
        "csp.csv",
        "Category,Since\nResearch Information Systems,2020-12\n",
    );
    let (run, json) = run_json(dir.path(), &["--certified", "csp.csv"]);
    let why = "certified-provider list csp.csv: no row reads as the list's header: the closest, row 1, names \"Category\" (workflow), \"Since\" (certified on), but no product column (such as 'Product', 'Service' or 'System')";
    assert!(run.stderr.contains(&format!("warning: {why}: the run went on without it, so no integration is covered by a certified product")), "{}", run.stderr);
    assert_eq!(json["certified_list"]["error"], why);
    assert_eq!(json["certified_list"]["products"], 0);
    assert_eq!(status(&json, "U1"), "re-certify");
    assert!(json_messages(&json).contains(&format!("error : {why}")));
    assert_eq!(
        summary_fact(dir.path(), "Certified-provider list"),
        format!("{why}: not used, so no integration is covered by a certified product")
    );
    // A list in no table at all names what it looked for.
    write(
        dir.path(),
        "csp.csv",
        "These are the providers ORCID certified.\n",
    );
    let (_, json) = run_json(dir.path(), &["--certified", "csp.csv"]);
    assert_eq!(
        json["certified_list"]["error"],
        "certified-provider list csp.csv: no row reads as the list's header: no heading names a product (such as 'Product', 'Service' or 'System'), a provider, a category or a date"
    );
}

#[test]
fn an_unknown_workflow_with_baseline_gaps_must_re_certify_and_asks_for_the_workflow() {
    let dir = temp();
    register(
        dir.path(),
        "Member,Integration,Product,Badge\n\
         U1,Data portal,Haplo,Authenticate\n\
         U2,Profiles,Acme Profiles,Authenticate\n",
    );
    // A list without categories: Acme Profiles is certified, for no
    // workflow badgemap can tell.
    write(
        dir.path(),
        "csp.csv",
        "Product,Provider,Checked on\nAcme Profiles,Acme,2026-11-02\n",
    );
    let (_, json) = run_json(dir.path(), &["--certified", "csp.csv"]);
    assert_eq!(status(&json, "U1"), "re-certify");
    assert_eq!(
        reason(&json, "U1"),
        "10 of 10 baseline MUST criteria lack full evidence (5 partial, 5 missing); workflow unknown: its workflow criteria are not assessed"
    );
    // A certified product could still cover it once its workflow is known.
    assert_eq!(status(&json, "U2"), "review");
    assert_eq!(
        reason(&json, "U2"),
        "workflow unknown: Acme Profiles is on the certified list, but for no workflow the mapping knows; its certification could cover it once the workflow is known"
    );
    // The Worklist asks which workflow, and so does a request to the member.
    let (_, sheets) = read_book(&dir.path().join("reconciled.xlsx"));
    let worklist = &sheets["Worklist"];
    let ask = worklist
        .iter()
        .find(|r| r[1] == "U1" && r[6] == "confirm-workflow")
        .expect("a confirm-workflow row for U1");
    assert_eq!(ask[7], "Confirm the integration's workflow");
    assert_eq!(ask[10], "What does this integration do? One or more of: Discovery; Grant or facility application; Manuscript submission; Repository; Research information system (CRIS, profiles, eRA). Its workflow criteria are assessed once its workflow is known; record it in the register's workflow column.");
    let requests = json["requests"].as_array().unwrap();
    assert!(
        requests
            .iter()
            .any(|q| q["criterion"] == "confirm-workflow" && q["addressee"] == "U1"),
        "{requests:?}"
    );
}

#[test]
fn products_written_differently_from_the_list_match_it_and_releases_are_compared() {
    let dir = temp();
    register(
        dir.path(),
        "Member,Integration,Vendor,Product,Badge\n\
         U1,CRIS,,Pure,Authenticate\n\
         U2,Repository,,DSpace 6,Authenticate\n\
         U3,Repository,,DSpace v7.6,Authenticate\n\
         U4,Grants,Kuali,Research,Authenticate\n\
         U5,Journals,,OJS,Authenticate\n\
         U6,Profiles,,Elements (Symplectic),Authenticate\n",
    );
    write(
        dir.path(),
        "csp.csv",
        "Product,Vendor,Category,Checked on\n\
         Pure 5.28,Elsevier,Research Information Systems,2026-11-02\n\
         DSpace 7.3+,LYRASIS,Repository Systems,2026-11-02\n\
         Kuali Research,,Grant Management Systems,2026-11-02\n\
         Open Journal Systems (OJS),Public Knowledge Project,Manuscript Submission Systems,2026-11-02\n\
         Symplectic Elements,Symplectic,Research Information Systems,2026-11-02\n",
    );
    let (_, json) = run_json(dir.path(), &["--certified", "csp.csv"]);
    // The bare name matches a list naming a release; the reason says the
    // register recorded none.
    assert_eq!(status(&json, "U1"), "covered");
    assert!(
        reason(&json, "U1").ends_with("; its version was not recorded (the list certifies 5.28)"),
        "{}",
        reason(&json, "U1")
    );
    // An older release than the list certifies is not covered.
    assert_eq!(status(&json, "U2"), "re-certify");
    assert!(reason(&json, "U2").ends_with("; DSpace 6 is recorded, but the list certifies DSpace from 7.3 and later: ask for the upgrade to 7.3 or later, or for fresh evidence"), "{}", reason(&json, "U2"));
    assert_eq!(integration(&json, "U2")["product_version"], "6");
    assert_eq!(status(&json, "U3"), "covered");
    assert_eq!(integration(&json, "U3")["product"], "DSpace");
    assert_eq!(integration(&json, "U3")["product_version"], "7.6");
    // Vendor and product columns together name the listed product.
    assert_eq!(status(&json, "U4"), "covered", "{}", reason(&json, "U4"));
    assert_eq!(integration(&json, "U4")["product"], "Kuali Research");
    assert!(json_messages(&json).contains(
        &"notice D5: product \"Research\" read as \"Kuali Research\" (with its vendor \"Kuali\")".to_string()
    ), "{:?}", json_messages(&json));
    // The usual short name and the vendor in brackets.
    assert_eq!(status(&json, "U5"), "covered");
    assert_eq!(integration(&json, "U5")["product"], "Open Journal Systems");
    assert_eq!(status(&json, "U6"), "covered");
    assert_eq!(integration(&json, "U6")["product"], "Symplectic Elements");
}

#[test]
fn an_award_dated_after_the_badges_were_retired_counts_as_undated() {
    let dir = temp();
    register(
        dir.path(),
        "Member,Integration,Badge,Date awarded\n\
         U1,Portal,Display,2021-03-15\n\
         U2,Portal,Display,2020-12-31\n",
    );
    let (_, json) = run_json(dir.path(), &[]);
    assert_eq!(award_dates(&json, "U1"), ["display@-"]);
    assert_eq!(award_dates(&json, "U2"), ["display@2020-12-31"]);
    assert!(
        json_messages(&json).contains(
            &"warning D2: Display award date 2021-03-15 is after the programme ended (2020-12-31)"
                .to_string()
        ),
        "{:?}",
        json_messages(&json)
    );
}

#[test]
fn names_that_look_the_same_merge_or_are_named_and_joined_members_are_split() {
    let dir = temp();
    register(
        dir.path(),
        "Member,Integration,Badge\n\
         Technische Hochschule Waldkirchen,CRIS,Authenticate\n\
         \"Technische Hochschule Wald\u{AD}kirchen\",CRIS,Display\n\
         \"Technische\u{A0}Hochschule Waldkirchen\u{200B}\",CRIS,Connect\n\
         Kestrel University,Portal,Authenticate\n\
         Kestrel Un\u{456}versity,Portal,Display\n\
         Alder University,Portal,Authenticate\n\
         Birch College,Portal,Authenticate\n\
         \"Alder University; Birch College\",Shared repository,Display\n\
         University of California,Portal,Authenticate\n\
         \"University of California, Berkeley\",Portal,Display\n",
    );
    let (_, json) = run_json(dir.path(), &[]);
    let all = json["integrations"].as_array().unwrap();
    let named = |m: &str| all.iter().filter(|i| i["member"] == m).count();
    // Invisible characters and Unicode spaces do not split a member.
    assert_eq!(
        all.iter()
            .filter(|i| i["member"].as_str().unwrap().contains("Hochschule"))
            .count(),
        1
    );
    assert_eq!(
        award_dates(&json, "Technische Hochschule Waldkirchen"),
        ["authenticate@-", "display@-", "connect@-"]
    );
    // A letter of another script is named, not merged.
    assert_eq!(named("Kestrel University"), 1);
    assert_eq!(named("Kestrel Un\u{456}versity"), 1);
    assert!(json_messages(&json).iter().any(|m| m.contains("possible duplicate members: \"Kestrel University\"")
        && m.ends_with("look the same but differ by a letter of another script: 'і' (U+0456) where the other has 'i' (U+0069)")), "{:?}", json_messages(&json));
    // A cell joining two members of the register is an integration of each.
    assert_eq!(named("Alder University"), 2);
    assert_eq!(named("Birch College"), 2);
    assert_eq!(named("Alder University; Birch College"), 0);
    let shared = all
        .iter()
        .find(|i| i["member"] == "Birch College" && i["integration"] == "Shared repository")
        .unwrap();
    assert_eq!(shared["badges"][0]["badge"], "display");
    assert!(json_messages(&json).contains(&"notice A9: the member cell \"Alder University; Birch College\" names 2 members of the register: integration \"Shared repository\" read once for each".to_string()), "{:?}", json_messages(&json));
    // A comma inside one name is no join: its second part is no member.
    assert_eq!(named("University of California, Berkeley"), 1);
}

#[test]
fn a_list_is_dated_only_by_what_says_when_it_was_copied() {
    let dir = temp();
    register(
        dir.path(),
        "Member,Integration,Product,Badge\nU1,Repository,DSpace,Authenticate\nU2,Profiles,Symplectic Elements,Authenticate\n",
    );
    // A title and a footer with dates about something else, and a column
    // headed "Date" of the 2023 re-certifications: none says when the list
    // was copied.
    write(
        dir.path(),
        "csp.csv",
        "ORCID Certified Service Providers - upgraded criteria from 31 July 2023\n\
         Product,Category,Date\n\
         DSpace,Repository Systems,2023-07-31\n\
         Symplectic Elements,Research Information Systems,2023-08-21\n\
         ,,\n\
         Workflow criteria updated 31 July 2023,,\n",
    );
    let (_, json) = run_json(dir.path(), &["--certified", "csp.csv"]);
    assert_eq!(status(&json, "U1"), "covered", "{}", reason(&json, "U1"));
    assert_eq!(
        reason(&json, "U1"),
        "DSpace is certified for repository since 2023-07-31, taken as current on 2026-11-24: the list states no date it was taken from ORCID's page"
    );
    assert!(
        json_messages(&json)
            .iter()
            .any(|m| m.ends_with("C \"Date\" as certified on (2 of 2 cells are dates)")),
        "{:?}",
        json_messages(&json)
    );
}

#[test]
fn a_list_copied_long_ago_and_an_expiry_before_the_copy_are_warned() {
    let dir = temp();
    register(
        dir.path(),
        "Member,Integration,Product,Badge\nU1,Repository,DSpace,Authenticate\nU2,Profiles,Symplectic Elements,Authenticate\n",
    );
    write(
        dir.path(),
        "csp.csv",
        "Product,Category,Checked on,Expires\n\
         DSpace,Repository Systems,2025-01-10,\n\
         Symplectic Elements,Research Information Systems,2025-01-10,2024-12-31\n",
    );
    let (_, json) = run_json(dir.path(), &["--certified", "csp.csv"]);
    assert_eq!(status(&json, "U1"), "re-certify");
    let messages = json_messages(&json);
    assert!(messages.contains(&"warning : the list shows DSpace on ORCID's page more than 12 months before the as-of date 2026-11-24: no longer known to be current".to_string()), "{messages:?}");
    assert!(messages.contains(&"warning : Symplectic Elements's expiry date 2024-12-31 is before the day ORCID's page still listed it (2025-01-10)".to_string()), "{messages:?}");
}

#[test]
fn headings_are_checked_against_their_cells() {
    let dir = temp();
    register(
        dir.path(),
        "Member,Integration,Product,Badge\nU1,Repository,DSpace,Authenticate\n",
    );
    // "Provider type" holds no category; "Re-certified on" is a review.
    write(
        dir.path(),
        "csp.csv",
        "Product,Provider type,Category,Re-certified on,Certified on,Checked on\n\
         DSpace,Open source,Repository Systems,2026-03-01,2022-08-01,2026-11-02\n",
    );
    let (_, json) = run_json(dir.path(), &["--certified", "csp.csv"]);
    assert_eq!(status(&json, "U1"), "covered", "{}", reason(&json, "U1"));
    assert!(
        reason(&json, "U1").starts_with("DSpace is certified for repository since 2022-08-01,"),
        "{}",
        reason(&json, "U1")
    );
    assert!(json_messages(&json).contains(&"notice : certified-provider list read from row 1: A \"Product\" as product; C \"Category\" as workflow; D \"Re-certified on\" as last reviewed; E \"Certified on\" as certified on; F \"Checked on\" as checked on; B \"Provider type\" not read (its cells name no workflow)".to_string()), "{:?}", json_messages(&json));
}

#[test]
fn a_matrix_of_products_by_category_and_a_service_provider_column() {
    let dir = temp();
    register(
        dir.path(),
        "Member,Integration,Product,Badge\nU1,Repository,DSpace,Authenticate\nU2,Profiles,Symplectic Elements,Authenticate\n",
    );
    // ORCID's own word for the product, and one column per category.
    write(
        dir.path(),
        "csp.csv",
        "Copied from ORCID's page on 2 November 2026\n\
         Certified Service Provider,Research Information Systems,Repository Systems\n\
         DSpace,,Yes\n\
         Symplectic Elements,Yes,\n",
    );
    let (_, json) = run_json(dir.path(), &["--certified", "csp.csv"]);
    assert_eq!(status(&json, "U1"), "covered", "{}", reason(&json, "U1"));
    assert!(reason(&json, "U1").starts_with(
        "DSpace is certified for repository, on ORCID's list as checked on 2026-11-02"
    ));
    assert_eq!(status(&json, "U2"), "covered", "{}", reason(&json, "U2"));
}

#[test]
fn releases_in_brackets_version_columns_and_a_bare_major_are_compared() {
    let dir = temp();
    register(
        dir.path(),
        "Member,Integration,Product,Product version,Badge\n\
         U1,Repository,DSpace 7,,Authenticate\n\
         U2,Repository,DSpace,6.3,Authenticate\n\
         U3,Journals,OJS 3.2,,Authenticate\n\
         U4,CRIS,Pure (hosted),,Authenticate\n",
    );
    write(
        dir.path(),
        "csp.csv",
        "Product,Category,Checked on\n\
         DSpace 7.3+,Repository Systems,2026-11-02\n\
         Open Journal Systems (OJS 3.3),Manuscript Submission Systems,2026-11-02\n\
         Pure,Research Information Systems,2026-11-02\n",
    );
    let (_, json) = run_json(dir.path(), &["--certified", "csp.csv"]);
    // "7" does not say which 7.
    assert_eq!(status(&json, "U1"), "covered");
    assert!(
        reason(&json, "U1").ends_with(
            "; version 7 is recorded and the list certifies 7.3 and later: confirm the release"
        ),
        "{}",
        reason(&json, "U1")
    );
    // The register's version column is the product's release.
    assert_eq!(status(&json, "U2"), "re-certify");
    assert!(reason(&json, "U2").ends_with("; DSpace 6.3 is recorded, but the list certifies DSpace from 7.3 and later: ask for the upgrade to 7.3 or later, or for fresh evidence"), "{}", reason(&json, "U2"));
    // A release inside the list's brackets is the one certified.
    assert_eq!(status(&json, "U3"), "re-certify");
    assert!(reason(&json, "U3").contains("Open Journal Systems 3.2 is recorded, but the list certifies Open Journal Systems from 3.3"), "{}", reason(&json, "U3"));
    // How a product is run is no vendor.
    assert_eq!(integration(&json, "U4")["product"], "Pure");
    assert_eq!(integration(&json, "U4")["vendor"], serde_json::Value::Null);
    assert_eq!(status(&json, "U4"), "covered");
}

#[test]
fn a_joined_member_cell_whose_values_differ_from_the_members_own_rows_names_both_cells() {
    let dir = temp();
    register(
        dir.path(),
        "Member,Integration,Product,Badge\n\
         Alder University,Portal,Pure,Authenticate\n\
         Birch College,Portal,Pure,Authenticate\n\
         \"Alder University; Birch College\",Portal,Converis,Display\n",
    );
    let (_, json) = run_json(dir.path(), &[]);
    assert_eq!(status(&json, "Alder University"), "review");
    assert!(json_messages(&json).iter().any(|m| m.starts_with("warning C4: conflicting product for Alder University / Portal: \"Converis\" here, \"Pure\" at in/register.csv › C2")), "{:?}", json_messages(&json));
}
