//! The Requests sheet through a re-check cycle: a vendor request decided once
//! applies to every integration that uses the product, a Worklist row
//! overrides its request for one integration, and the request's columns
//! carry forward by its id.

use crate::support::*;
use std::path::Path;

fn day(s: &str) -> chrono::NaiveDate {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn run(dir: &Path, out: &str, extra: &[&str]) -> Run {
    let mut args = vec![
        "run",
        "in",
        "--as-of",
        "2026-11-24",
        "-o",
        out,
        "--json",
        "r.json",
        "--force",
    ];
    args.extend_from_slice(extra);
    let run = badgemap(dir, &args);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    run
}

fn col(rows: &[Vec<String>], header: &str) -> usize {
    rows[0]
        .iter()
        .position(|h| h == header)
        .unwrap_or_else(|| panic!("no column {header:?} in {:?}", rows[0]))
}

/// Sets the analyst columns of the request row for (addressee, criterion).
fn decide_request(
    rows: &mut [Vec<Val>],
    addressee: &str,
    criterion: &str,
    values: [(&str, Val); 3],
) {
    let header: Vec<String> = rows[0].iter().map(Val::text).collect();
    let at = |h: &str| header.iter().position(|x| x == h).unwrap();
    let (a, c) = (at("Addressee"), at("Criterion"));
    let row = rows
        .iter_mut()
        .find(|r| {
            r.get(a).map(Val::text).as_deref() == Some(addressee)
                && r.get(c).map(Val::text).as_deref() == Some(criterion)
        })
        .unwrap_or_else(|| panic!("no request {addressee} / {criterion}"));
    row.resize(header.len(), Val::E);
    for (h, v) in values {
        row[at(h)] = v;
    }
}

#[test]
fn a_vendor_request_decided_once_applies_to_every_integration_of_the_product() {
    let dir = temp();
    std::fs::create_dir(dir.path().join("in")).unwrap();
    write(
        &dir.path().join("in"),
        "r.csv",
        "Member,Integration,Product,Vendor,Sector,Badge,Status,Date awarded\n\
         Univ A,Portal,Pure,Elsevier,University,Authenticate,Awarded,2019-03-01\n\
         Univ B,Portal,Pure,Elsevier,University,Authenticate,Awarded,2019-04-01\n\
         Univ C,Profiles,,,University,Authenticate,Awarded,2019-05-01\n",
    );
    run(dir.path(), "r1.xlsx", &[]);
    let (_, book) = read_book(&dir.path().join("r1.xlsx"));
    let requests = &book["Requests"];
    assert_eq!(
        requests[0],
        [
            "ID",
            "Kind",
            "Addressee",
            "Vendor",
            "Criterion",
            "Title",
            "Level",
            "Evidence request",
            "Integrations",
            "Integration IDs",
            "State",
            "Sent on",
            "Evidence received on",
            "Decision",
            "Comment"
        ]
    );
    // One vendor request per criterion for Pure, covering both members;
    // member requests for Univ C, whose product is unknown.
    let creds = requests
        .iter()
        .find(|r| r[2] == "Pure" && r[4] == "baseline-own-credentials")
        .unwrap();
    assert_eq!(creds[1], "vendor");
    assert_eq!(creds[3], "Elsevier");
    assert_eq!(creds[8], "2");
    assert!(requests
        .iter()
        .any(|r| r[2] == "Univ C" && r[1] == "member" && r[4] == "baseline-own-credentials"));
    // Member criteria are asked of each member, whatever the product.
    let explain: Vec<&Vec<String>> = requests
        .iter()
        .filter(|r| r[4] == "baseline-explain")
        .collect();
    assert_eq!(explain.len(), 3, "{explain:?}");
    let worklist = &book["Worklist"];
    assert_eq!(worklist[0][3..5], ["Product", "Vendor"]);

    // The analyst records the vendor's answer once, and one member's own.
    rewrite_workbook(
        &dir.path().join("r1.xlsx"),
        &dir.path().join("edited.xlsx"),
        |name, rows| match name {
            "Requests" => {
                decide_request(
                    rows,
                    "Pure",
                    "baseline-own-credentials",
                    [
                        ("Sent on", Val::D(day("2026-10-20"))),
                        ("Decision", Val::S("accepted".into())),
                        ("Evidence received on", Val::D(day("2026-11-02"))),
                    ],
                );
                // The analyst adds a column of their own.
                add_column(rows, "Contact", "Pure", "jane@elsevier.example");
            }
            "Worklist" => {
                decide(
                    rows,
                    "Univ B",
                    "baseline-own-credentials",
                    "rejected",
                    None,
                    "Univ B shares the consortium's client",
                );
                add_column(rows, "Chased", "Univ A", "twice");
                // And drops one of badgemap's.
                let title = rows[0].iter().position(|v| v.text() == "Title").unwrap();
                for row in rows.iter_mut() {
                    if title < row.len() {
                        row.remove(title);
                    }
                }
            }
            _ => {}
        },
    );
    run(dir.path(), "r2.xlsx", &["--previous", "edited.xlsx"]);
    let (_, book) = read_book(&dir.path().join("r2.xlsx"));
    // Added columns come after badgemap's, with their values; the dropped
    // column is a warning naming it.
    let requests = &book["Requests"];
    assert_eq!(requests[0].last().unwrap(), "Contact");
    let pure_rows: Vec<&Vec<String>> = requests.iter().filter(|r| r[2] == "Pure").collect();
    assert!(
        pure_rows
            .iter()
            .all(|r| r.last().unwrap() == "jane@elsevier.example"),
        "{pure_rows:?}"
    );
    let worklist = &book["Worklist"];
    assert_eq!(worklist[0].last().unwrap(), "Chased");
    assert!(worklist
        .iter()
        .any(|r| r[1] == "Univ A" && r.last().unwrap() == "twice"));
    assert!(book["Issues"]
        .iter()
        .any(|r| r[8] == "the Worklist sheet has no column \"Title\" (dropped or renamed)"));
    let criteria = &book["Criteria"];
    let creds_col = col(criteria, "baseline-own-credentials");
    let of = |member: &str| criteria.iter().find(|r| r[1] == member).unwrap()[creds_col].clone();
    assert_eq!(of("Univ A"), "full", "the request's decision applied");
    assert_eq!(of("Univ B"), "missing", "the Worklist row wins");
    let changes = &book["Changes"];
    let why = changes.iter().find(|r| r[1] == "Univ A").unwrap();
    assert!(
        why[5].starts_with("evidence accepted this run: baseline-own-credentials (on request RQ-"),
        "{changes:?}"
    );
    // The request's own columns carry forward by its id.
    let requests = &book["Requests"];
    let creds = requests
        .iter()
        .find(|r| r[2] == "Pure" && r[4] == "baseline-own-credentials");
    // Decided rows stay on the Worklist (with their decisions), so the
    // request still lists both integrations.
    let creds = creds.expect("the request stays");
    assert_eq!(creds[8], "2");
    assert_eq!(creds[col(requests, "Sent on")], "2026-10-20");
    assert_eq!(creds[col(requests, "Decision")], "accepted");
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("r.json")).unwrap()).unwrap();
    let req = json["requests"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["addressee"] == "Pure" && q["criterion"] == "baseline-own-credentials")
        .unwrap();
    assert_eq!(req["sent_on"], "2026-10-20");
    assert_eq!(req["kind"], "vendor");
    assert_eq!(req["integrations"].as_array().unwrap().len(), 2);

    // explain says the decision came from the request.
    let explain = badgemap(
        dir.path(),
        &[
            "explain",
            "Univ A",
            "Portal",
            "in",
            "--as-of",
            "2026-11-24",
            "--previous",
            "edited.xlsx",
        ],
    );
    assert_eq!(explain.code, 0, "{}", explain.stderr);
    assert!(
        explain
            .stdout
            .lines()
            .any(|l| l.contains("baseline-own-credentials")
                && l.contains("[analyst: accepted on request RQ-")),
        "{}",
        explain.stdout
    );

    // A third run from the second keeps the request's columns again.
    run(dir.path(), "r3.xlsx", &["--previous", "r2.xlsx"]);
    let (_, book) = read_book(&dir.path().join("r3.xlsx"));
    let requests = &book["Requests"];
    let creds = requests
        .iter()
        .find(|r| r[2] == "Pure" && r[4] == "baseline-own-credentials")
        .unwrap();
    assert_eq!(creds[col(requests, "Sent on")], "2026-10-20");
    assert_eq!(creds[col(requests, "Contact")], "jane@elsevier.example");
    let worklist = &book["Worklist"];
    assert!(worklist
        .iter()
        .any(|r| r[1] == "Univ A" && r[col(worklist, "Chased")] == "twice"));
}

/// Adds a column `header` with `value` on the rows whose third column
/// (Addressee) or second (Member) is `who`.
fn add_column(rows: &mut [Vec<Val>], header: &str, who: &str, value: &str) {
    let width = rows[0].len();
    for (i, row) in rows.iter_mut().enumerate() {
        row.resize(width, Val::E);
        let mine = row.get(2).map(Val::text).as_deref() == Some(who)
            || row.get(1).map(Val::text).as_deref() == Some(who);
        row.push(match (i, mine) {
            (0, _) => Val::S(header.into()),
            (_, true) => Val::S(value.into()),
            _ => Val::E,
        });
    }
}

#[test]
fn the_members_sheet_sums_up_each_member_and_keeps_its_contact() {
    let dir = temp();
    std::fs::create_dir(dir.path().join("in")).unwrap();
    write(
        &dir.path().join("in"),
        "r.csv",
        "Member,Integration,Product,Sector,Badge,Status,Date awarded\n\
         Univ A,Portal,Pure,University,Authenticate,Awarded,2019-03-01\n\
         Univ A,Repo,,University,,,\n\
         Univ B,Portal,Pure,University,Authenticate,Awarded,2019-04-01\n",
    );
    run(dir.path(), "r1.xlsx", &[]);
    let (_, book) = read_book(&dir.path().join("r1.xlsx"));
    let members = &book["Members"];
    assert_eq!(
        members[0],
        [
            "Member",
            "Integrations",
            "Statuses",
            "Open MUST gaps",
            "Open requests",
            "Contact"
        ]
    );
    let a = members.iter().find(|r| r[0] == "Univ A").unwrap();
    assert_eq!(a[1], "2");
    assert_eq!(a[2], "1 re-certify, 1 no-evidence");
    assert!(a[3].parse::<u32>().unwrap() > 0);
    // Open requests: every request naming one of the member's integrations,
    // its open action's included, counted from the Requests sheet.
    let ids_a: Vec<&str> = book["Integrations"][1..]
        .iter()
        .filter(|r| r[1] == "Univ A")
        .map(|r| r[0].as_str())
        .collect();
    let requests = &book["Requests"];
    let (ids, crit) = (col(requests, "Integration IDs"), col(requests, "Criterion"));
    let concerning: Vec<&Vec<String>> = requests[1..]
        .iter()
        .filter(|q| q[ids].split(", ").any(|id| ids_a.contains(&id)))
        .collect();
    assert!(concerning.len() > 2, "{concerning:?}");
    assert_eq!(a[4], concerning.len().to_string());
    // The member's own requests: its open action first, then its criteria.
    let own: Vec<&str> = requests[1..]
        .iter()
        .filter(|q| q[2] == "Univ A")
        .map(|q| q[crit].as_str())
        .collect();
    assert!(own.len() > 1, "{own:?}");
    assert_eq!(own[0], "confirm-integration", "{own:?}");
    rewrite_workbook(
        &dir.path().join("r1.xlsx"),
        &dir.path().join("edited.xlsx"),
        |name, rows| {
            if name == "Members" {
                let contact = 5;
                for row in rows.iter_mut().skip(1) {
                    row.resize(6, Val::E);
                    if row[0].text() == "Univ A" {
                        row[contact] = Val::S("orcid@univ-a.example".into());
                    }
                }
            }
        },
    );
    run(dir.path(), "r2.xlsx", &["--previous", "edited.xlsx"]);
    let (_, book) = read_book(&dir.path().join("r2.xlsx"));
    let members = &book["Members"];
    assert_eq!(members[0].len(), 6, "no duplicate Contact column");
    let a = members.iter().find(|r| r[0] == "Univ A").unwrap();
    assert_eq!(a[5], "orcid@univ-a.example");
}

#[test]
fn review_and_no_evidence_integrations_get_an_open_action_that_carries_forward() {
    let dir = temp();
    std::fs::create_dir(dir.path().join("in")).unwrap();
    write(
        &dir.path().join("in"),
        "r.csv",
        "Member,Integration,Sector,Badge\n\
         Univ A,Portal,University,Display\n\
         Univ A,Portal,Publisher,Display\n\
         Univ B,Repo,University,\n",
    );
    run(dir.path(), "r1.xlsx", &[]);
    let (_, book) = read_book(&dir.path().join("r1.xlsx"));
    let worklist = &book["Worklist"];
    let settle = worklist
        .iter()
        .find(|r| r[1] == "Univ A" && r[6] == "settle-review")
        .unwrap();
    assert!(
        settle[10].contains("conflicting sector: \"University\" and \"Publisher\""),
        "{settle:?}"
    );
    let confirm = worklist
        .iter()
        .find(|r| r[1] == "Univ B" && r[6] == "confirm-integration")
        .unwrap();
    assert!(confirm[10].starts_with("Does this integration still exist?"));
    rewrite_workbook(
        &dir.path().join("r1.xlsx"),
        &dir.path().join("edited.xlsx"),
        |name, rows| {
            if name == "Worklist" {
                decide(
                    rows,
                    "Univ A",
                    "settle-review",
                    "",
                    None,
                    "asked the member which sector is right",
                );
                decide(
                    rows,
                    "Univ B",
                    "confirm-integration",
                    "waived",
                    None,
                    "retired in 2021",
                );
            }
        },
    );
    let r2 = run(dir.path(), "r2.xlsx", &["--previous", "edited.xlsx"]);
    assert!(r2.stdout.contains("0 kept aside"), "{}", r2.stdout);
    let (_, book) = read_book(&dir.path().join("r2.xlsx"));
    let worklist = &book["Worklist"];
    let comment = col(worklist, "Comment");
    let decision = col(worklist, "Decision");
    let settle = worklist
        .iter()
        .find(|r| r[1] == "Univ A" && r[6] == "settle-review")
        .unwrap();
    assert_eq!(settle[comment], "asked the member which sector is right");
    let confirm = worklist
        .iter()
        .find(|r| r[1] == "Univ B" && r[6] == "confirm-integration")
        .unwrap();
    assert_eq!(
        [&confirm[decision], &confirm[comment]],
        ["waived", "retired in 2021"]
    );
}

#[test]
fn open_actions_are_requests_to_their_member_and_a_decision_there_settles_each() {
    let dir = temp();
    std::fs::create_dir(dir.path().join("in")).unwrap();
    write(
        &dir.path().join("in"),
        "r.csv",
        "Member,Integration,Sector,Badge\n\
         Univ A,Portal,University,Display\n\
         Univ A,Portal,Publisher,Display\n\
         Univ A,Thesis store,University,Display\n\
         Univ A,Thesis store,Funder,Display\n\
         Univ B,Repo,University,\n\
         Univ B,Old CRIS,University,\n\
         Univ B,Press site,University,\n\
         Univ B,Portal B,University,Authenticate\n",
    );
    run(dir.path(), "r1.xlsx", &[]);
    let (_, book) = read_book(&dir.path().join("r1.xlsx"));
    let requests = &book["Requests"];
    let (crit, count, ask, ids) = (
        col(requests, "Criterion"),
        col(requests, "Integrations"),
        col(requests, "Evidence request"),
        col(requests, "Integration IDs"),
    );
    let find = |addressee: &str, criterion: &str| {
        requests
            .iter()
            .find(|q| q[2] == addressee && q[crit] == criterion)
            .unwrap_or_else(|| panic!("no request {addressee} / {criterion}: {requests:?}"))
            .clone()
    };
    // One message per member and action, covering each of its integrations.
    let confirm = find("Univ B", "confirm-integration");
    assert_eq!(confirm[1], "member");
    assert_eq!(confirm[count], "3");
    assert_eq!(confirm[ids].split(", ").count(), 3, "{confirm:?}");
    assert!(
        confirm[ask].starts_with("Do these 3 integrations still exist?"),
        "{confirm:?}"
    );
    let settle = find("Univ A", "settle-review");
    assert_eq!(settle[count], "2");
    assert!(
        settle[ask].starts_with("For each integration, settle, then correct the source: "),
        "{settle:?}"
    );
    for name in ["(Portal): ", "(Thesis store): "] {
        assert!(settle[ask].contains(name), "{name} in {settle:?}");
    }
    assert!(settle[ask].contains("\"Publisher\"") && settle[ask].contains("\"Funder\""));
    // The member's actions come before its criteria.
    let univ_b: Vec<&str> = requests[1..]
        .iter()
        .filter(|q| q[2] == "Univ B")
        .map(|q| q[crit].as_str())
        .collect();
    assert!(univ_b.len() > 1, "Portal B must re-certify: {univ_b:?}");
    assert_eq!(univ_b.first(), Some(&"confirm-integration"), "{univ_b:?}");
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("r.json")).unwrap()).unwrap();
    let in_json = json["requests"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["criterion"] == "confirm-integration")
        .unwrap();
    assert_eq!(in_json["id"], confirm[0].as_str());
    assert_eq!(in_json["integrations"].as_array().unwrap().len(), 3);

    // The member answers once: its integrations are gone, but for one,
    // which still runs: its own Worklist row says so, and wins.
    rewrite_workbook(
        &dir.path().join("r1.xlsx"),
        &dir.path().join("edited.xlsx"),
        |name, rows| match name {
            "Requests" => decide_request(
                rows,
                "Univ B",
                "confirm-integration",
                [
                    ("Sent on", Val::D(day("2026-11-25"))),
                    ("Decision", Val::S("waived".into())),
                    ("Comment", Val::S("retired with the 2021 migration".into())),
                ],
            ),
            "Worklist" => {
                let header: Vec<String> = rows[0].iter().map(Val::text).collect();
                let at = |h: &str| header.iter().position(|x| x == h).unwrap();
                let row = rows
                    .iter_mut()
                    .find(|r| {
                        r.get(at("Integration")).map(Val::text).as_deref() == Some("Press site")
                    })
                    .unwrap();
                row.resize(header.len(), Val::E);
                row[at("Evidence received on")] = Val::D(day("2026-11-26"));
                row[at("Decision")] = Val::S("accepted".into());
                row[at("Comment")] = Val::S("still live: full review asked for".into());
            }
            _ => {}
        },
    );
    run(dir.path(), "r2.xlsx", &["--previous", "edited.xlsx"]);
    let (_, book) = read_book(&dir.path().join("r2.xlsx"));
    let worklist = &book["Worklist"];
    let (decision, comment) = (col(worklist, "Decision"), col(worklist, "Comment"));
    let action_of = |name: &str| {
        worklist
            .iter()
            .find(|r| r[2] == name && r[6] == "confirm-integration")
            .unwrap_or_else(|| panic!("no action row for {name}"))
            .clone()
    };
    // The request's decision applies to its rows, shown as inherited: the
    // rows' own cells stay the analyst's (blank), and the integrations,
    // said to no longer exist, are retired.
    let inherited = col(worklist, "Decided on request");
    for name in ["Repo", "Old CRIS"] {
        let row = action_of(name);
        assert_eq!([&row[decision], &row[comment]], ["", ""], "{row:?}");
        assert_eq!(
            row[inherited],
            format!("{}: waived (retired with the 2021 migration)", confirm[0])
        );
    }
    let statuses: Vec<(&str, &str)> = book["Integrations"][1..]
        .iter()
        .map(|r| {
            (
                r[2].as_str(),
                r[col(&book["Integrations"], "Status")].as_str(),
            )
        })
        .collect();
    assert!(statuses.contains(&("Repo", "retired")), "{statuses:?}");
    assert!(statuses.contains(&("Old CRIS", "retired")), "{statuses:?}");
    assert!(
        statuses.contains(&("Press site", "no-evidence")),
        "{statuses:?}"
    );
    let press = action_of("Press site");
    assert_eq!(
        [&press[decision], &press[comment]],
        ["accepted", "still live: full review asked for"]
    );
    let requests = &book["Requests"];
    let confirm2 = requests
        .iter()
        .find(|q| q[0] == confirm[0])
        .expect("the request keeps its id");
    assert_eq!(confirm2[col(requests, "Sent on")], "2026-11-25");
    assert_eq!(confirm2[col(requests, "Decision")], "waived");
    assert_eq!(
        confirm2[col(requests, "State")],
        "decided on the request; 1 row decides for itself"
    );
}

#[test]
fn one_product_written_two_ways_is_one_vendor_request_listing_integrations_in_worklist_order() {
    let dir = temp();
    std::fs::create_dir(dir.path().join("in")).unwrap();
    write(
        &dir.path().join("in"),
        "r.csv",
        "Member,Integration,Product,Sector,Badge\n\
         Univ A,Portal,Pure,University,Authenticate\n\
         Univ B,CRIS,PURE,University,Authenticate\n\
         Univ B,CRIS,PURE,University,Display\n\
         Univ C,Profiles, pure ,University,Authenticate\n",
    );
    run(dir.path(), "r1.xlsx", &[]);
    let (_, book) = read_book(&dir.path().join("r1.xlsx"));
    let requests = &book["Requests"];
    let (kind, crit, count, ids) = (
        col(requests, "Kind"),
        col(requests, "Criterion"),
        col(requests, "Integrations"),
        col(requests, "Integration IDs"),
    );
    let vendor: Vec<&Vec<String>> = requests[1..]
        .iter()
        .filter(|q| q[kind] == "vendor")
        .collect();
    assert!(!vendor.is_empty(), "{requests:?}");
    // One addressee however the product is written, each criterion once.
    let mut criteria: Vec<&str> = vendor.iter().map(|q| q[crit].as_str()).collect();
    let all = criteria.len();
    criteria.sort_unstable();
    criteria.dedup();
    assert_eq!(criteria.len(), all, "{vendor:?}");
    for q in &vendor {
        assert_eq!(q[2].trim().to_lowercase(), "pure", "{q:?}");
    }
    // Within a request, its integrations in the Worklist's order.
    let worklist = &book["Worklist"];
    let mut order: Vec<&str> = worklist[1..].iter().map(|w| w[0].as_str()).collect();
    order.dedup();
    for q in &vendor {
        let listed: Vec<&str> = q[ids].split(", ").collect();
        assert_eq!(q[count], listed.len().to_string());
        let positions: Vec<usize> = listed
            .iter()
            .map(|id| order.iter().position(|o| o == id).unwrap())
            .collect();
        assert!(positions.windows(2).all(|w| w[0] < w[1]), "{q:?}");
    }
    assert!(vendor.iter().any(|q| q[count] == "3"), "{vendor:?}");
}
