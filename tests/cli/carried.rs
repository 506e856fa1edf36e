//! Decisions carried through what changes between re-checks: a request
//! whose integrations change, an open action the status no longer asks
//! for, an integration absent for a run, a row typed twice, a sheet copied
//! in the workbook, a row reused for another system, a confirm-workflow
//! answer, and `--force` over a workbook. Each reads the outcome back from
//! the workbooks.

use crate::cycle::{col, evidence, row, run, set_request, set_row, status, Sheets};
use crate::support::*;
use chrono::NaiveDate;
use std::path::Path;

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// The id of the integration of `member` on the Integrations sheet.
fn id_of(sheets: &Sheets, member: &str) -> String {
    let rows = &sheets["Integrations"];
    rows.iter()
        .find(|r| r[col(rows, "Member")] == member)
        .unwrap_or_else(|| panic!("no {member}"))[0]
        .clone()
}

/// The Requests row asking `addressee` about `criterion`.
fn request<'a>(sheets: &'a Sheets, addressee: &str, criterion: &str) -> &'a Vec<String> {
    let q = &sheets["Requests"];
    q.iter()
        .find(|r| r[col(q, "Addressee")] == addressee && r[col(q, "Criterion")] == criterion)
        .unwrap_or_else(|| panic!("no request to {addressee} on {criterion}"))
}

fn why_of(sheets: &Sheets, id: &str) -> Vec<String> {
    let c = &sheets["Changes"];
    c.iter()
        .filter(|r| r[0] == id)
        .map(|r| r[col(c, "Why")].clone())
        .collect()
}

fn register(d: &Path, text: &str) {
    std::fs::create_dir_all(d.join("reg")).unwrap();
    write(&d.join("reg"), "r.csv", text);
}

const HEAD: &str = "Member,Integration,Product,Workflow,Authenticate,Display\n";

#[test]
fn a_request_decides_for_the_integrations_it_has_in_this_run() {
    let dir = temp();
    let d = dir.path();
    register(
        d,
        &format!(
            "{HEAD}Uni A,Repo A,DSpace,repository,Yes,Yes\nUni B,Repo B,DSpace,repository,Yes,\n"
        ),
    );
    run(d, "2026-11-24", "w1.xlsx", &[]);
    let (_, w1) = read_book(&d.join("w1.xlsx"));
    let rq = request(&w1, "DSpace", "baseline-oauth")[0].clone();
    rewrite_workbook(&d.join("w1.xlsx"), &d.join("w1e.xlsx"), |name, rows| {
        if name == "Requests" {
            set_request(
                rows,
                &rq,
                &[
                    ("Decision", Val::S("accepted".into())),
                    ("Evidence received on", Val::D(day("2026-11-20"))),
                    ("Comment", Val::S("vendor letter".into())),
                ],
            );
        }
    });
    // Uni B's product corrected; Uni E joins DSpace.
    register(
        d,
        &format!("{HEAD}Uni A,Repo A,DSpace,repository,Yes,Yes\nUni B,Repo B,Converis,repository,Yes,\nUni E,Repo E,DSpace,repository,Yes,\n"),
    );
    run(d, "2026-11-30", "w2.xlsx", &["--previous", "w1e.xlsx"]);
    let (_, w2) = read_book(&d.join("w2.xlsx"));
    let (a, b, e) = (
        id_of(&w2, "Uni A"),
        id_of(&w2, "Uni B"),
        id_of(&w2, "Uni E"),
    );
    assert_eq!(evidence(&w2, &a, "baseline-oauth"), "full");
    assert_eq!(
        evidence(&w2, &e, "baseline-oauth"),
        "full",
        "joined the request"
    );
    assert_ne!(
        evidence(&w2, &b, "baseline-oauth"),
        "full",
        "left the request"
    );
    let q = &w2["Requests"];
    let state = &request(&w2, "DSpace", "baseline-oauth")[col(q, "State")];
    assert_eq!(state, "decided on the request");
    let ids = &request(&w2, "DSpace", "baseline-oauth")[col(q, "Integration IDs")];
    assert!(
        ids.contains(&a) && ids.contains(&e) && !ids.contains(&b),
        "{ids}"
    );
    let why = why_of(&w2, &b);
    assert!(
        why.iter().any(|w| w.contains(&format!(
            "decision no longer in force: accepted on baseline-oauth (on request {rq}); it is no longer in request {rq} (it is asked in RQ-"
        ))),
        "{why:?}"
    );
    // Untouched, the next run keeps all of it.
    run(d, "2026-12-07", "w3.xlsx", &["--previous", "w2.xlsx"]);
    let (_, w3) = read_book(&d.join("w3.xlsx"));
    assert_eq!(evidence(&w3, &a, "baseline-oauth"), "full");
    assert_eq!(evidence(&w3, &e, "baseline-oauth"), "full");
    assert_ne!(evidence(&w3, &b, "baseline-oauth"), "full");
    // Every integration leaves it: the request and what was typed on it
    // stay on the Requests sheet, run after run.
    register(
        d,
        &format!("{HEAD}Uni A,Repo A,Pure,repository,Yes,Yes\nUni B,Repo B,Converis,repository,Yes,\nUni E,Repo E,Pure,repository,Yes,\n"),
    );
    for (from, to) in [("w3.xlsx", "w4.xlsx"), ("w4.xlsx", "w5.xlsx")] {
        run(d, "2026-12-14", to, &["--previous", from]);
        let (_, w) = read_book(&d.join(to));
        let q = &w["Requests"];
        let kept = q
            .iter()
            .find(|r| r[0] == rq)
            .unwrap_or_else(|| panic!("{to}: request {rq} dropped"));
        assert!(
            kept[col(q, "State")].starts_with("no longer asked"),
            "{kept:?}"
        );
        assert_eq!(kept[col(q, "Decision")], "accepted");
        assert_eq!(kept[col(q, "Evidence received on")], "2026-11-20");
        assert_eq!(kept[col(q, "Comment")], "vendor letter");
        assert_eq!(kept[col(q, "Addressee")], "DSpace");
        assert_eq!(kept[col(q, "Integrations")], "0");
    }
}

#[test]
fn a_decided_action_keeps_its_row_when_the_status_asks_for_another() {
    let dir = temp();
    let d = dir.path();
    // Two rows that disagree on the country: review.
    register(
        d,
        "Member,Integration,Country,Authenticate\nUni J,CRIS J,UK,Yes\nUni J,CRIS J,Ireland,Yes\n",
    );
    run(d, "2026-11-24", "w1.xlsx", &[]);
    let (_, w1) = read_book(&d.join("w1.xlsx"));
    let j = id_of(&w1, "Uni J");
    assert_eq!(status(&w1, &j), "review");
    rewrite_workbook(&d.join("w1.xlsx"), &d.join("w1e.xlsx"), |name, rows| {
        if name == "Worklist" {
            set_row(
                rows,
                &j,
                "settle-review",
                &[
                    ("Decision", Val::S("accepted".into())),
                    ("Comment", Val::S("UK is right".into())),
                ],
            );
        }
    });
    run(d, "2026-11-30", "w2.xlsx", &["--previous", "w1e.xlsx"]);
    run(d, "2026-12-07", "w3.xlsx", &["--previous", "w2.xlsx"]);
    for w in ["w2.xlsx", "w3.xlsx"] {
        let (_, book) = read_book(&d.join(w));
        // Settled, it must re-certify with its workflow unknown: that
        // action is asked, and the settled one keeps its row.
        assert_eq!(status(&book, &j), "re-certify", "{w}");
        let wl = &book["Worklist"];
        assert_eq!(
            row(&book, &j, "settle-review")[col(wl, "Decision")],
            "accepted",
            "{w}"
        );
        assert_eq!(
            row(&book, &j, "settle-review")[col(wl, "Comment")],
            "UK is right",
            "{w}"
        );
        assert_eq!(
            row(&book, &j, "confirm-workflow")[col(wl, "Decision")],
            "",
            "{w}"
        );
    }
}

#[test]
fn a_decision_on_an_integration_absent_for_a_run_applies_when_it_returns() {
    let dir = temp();
    let d = dir.path();
    let both = format!(
        "{HEAD}Uni A,Repo A,DSpace,repository,Yes,Yes\nUni C,Profiles,Pure,repository,Yes,\n"
    );
    register(d, &both);
    run(d, "2026-11-24", "w1.xlsx", &[]);
    let (_, w1) = read_book(&d.join("w1.xlsx"));
    let c = id_of(&w1, "Uni C");
    rewrite_workbook(&d.join("w1.xlsx"), &d.join("w1e.xlsx"), |name, rows| {
        if name == "Worklist" {
            set_row(
                rows,
                &c,
                "baseline-https",
                &[
                    ("Decision", Val::S("rejected".into())),
                    ("Comment", Val::S("screenshot shows http".into())),
                ],
            );
        }
    });
    // Its file left out for a week.
    register(
        d,
        &format!("{HEAD}Uni A,Repo A,DSpace,repository,Yes,Yes\n"),
    );
    run(d, "2026-11-30", "w2.xlsx", &["--previous", "w1e.xlsx"]);
    let (_, w2) = read_book(&d.join("w2.xlsx"));
    assert!(
        why_of(&w2, &c)
            .iter()
            .any(|w| w.starts_with(
                "decision kept aside: rejected on baseline-https (\"screenshot shows http\")"
            ) && w.ends_with("; the integration is no longer in the inputs")),
        "{:?}",
        why_of(&w2, &c)
    );
    // Back, the decision is on its row, in its own cells.
    register(d, &both);
    run(d, "2026-12-07", "w3.xlsx", &["--previous", "w2.xlsx"]);
    let (_, w3) = read_book(&d.join("w3.xlsx"));
    let wl = &w3["Worklist"];
    assert_eq!(
        row(&w3, &c, "baseline-https")[col(wl, "Decision")],
        "rejected"
    );
    assert_eq!(
        row(&w3, &c, "baseline-https")[col(wl, "Comment")],
        "screenshot shows http"
    );
    assert!(
        why_of(&w3, &c).iter().any(|w| w.contains(
            "decision kept aside since 2026-11-30 applies again: rejected on baseline-https"
        )),
        "{:?}",
        why_of(&w3, &c)
    );
    // And the next run, untouched, keeps it.
    run(d, "2026-12-14", "w4.xlsx", &["--previous", "w3.xlsx"]);
    let (_, w4) = read_book(&d.join("w4.xlsx"));
    assert_eq!(
        row(&w4, &c, "baseline-https")[col(wl, "Decision")],
        "rejected"
    );
}

#[test]
fn a_row_typed_twice_is_merged_cell_by_cell_and_a_sheet_copy_is_not_read() {
    let dir = temp();
    let d = dir.path();
    register(
        d,
        &format!("{HEAD}Uni A,Repo A,DSpace,repository,Yes,Yes\n"),
    );
    run(d, "2026-11-24", "w1.xlsx", &[]);
    let (_, w1) = read_book(&d.join("w1.xlsx"));
    let a = id_of(&w1, "Uni A");
    rewrite_workbook_copying(
        &d.join("w1.xlsx"),
        &d.join("w1e.xlsx"),
        |name, rows| match name {
            "Worklist" => {
                set_row(
                    rows,
                    &a,
                    "baseline-explain",
                    &[
                        ("Decision", Val::S("accepted".into())),
                        ("Evidence received on", Val::D(day("2026-11-20"))),
                        ("Comment", Val::S("letter".into())),
                    ],
                );
                // A pasted copy of the row below, with a comment only.
                let header: Vec<String> = rows[0].iter().map(Val::text).collect();
                let at = |h: &str| header.iter().position(|x| x == h).unwrap();
                let mut copy = rows
                    .iter()
                    .find(|r| {
                        r.get(at("Criterion")).map(Val::text).as_deref() == Some("baseline-explain")
                    })
                    .unwrap()
                    .clone();
                copy[at("Decision")] = Val::E;
                copy[at("Evidence received on")] = Val::E;
                copy[at("Comment")] = Val::S("asked again".into());
                rows.push(copy);
            }
            // A stale copy of the sheet says otherwise.
            "Worklist (2)" => set_row(
                rows,
                &a,
                "baseline-explain",
                &[("Decision", Val::S("rejected".into()))],
            ),
            _ => {}
        },
        &[("Worklist", "Worklist (2)")],
    );
    run(d, "2026-11-30", "w2.xlsx", &["--previous", "w1e.xlsx"]);
    let (_, w2) = read_book(&d.join("w2.xlsx"));
    let wl = &w2["Worklist"];
    let r = row(&w2, &a, "baseline-explain");
    assert_eq!(r[col(wl, "Decision")], "accepted");
    assert_eq!(r[col(wl, "Evidence received on")], "2026-11-20");
    assert_eq!(r[col(wl, "Comment")], "asked again");
    assert_eq!(evidence(&w2, &a, "baseline-explain"), "full");
    let issues: Vec<String> = w2["Issues"].iter().map(|r| r[8].clone()).collect();
    assert!(
        issues.iter().any(|m| m == &format!(
            "two rows for {a} / baseline-explain say different things (the lower row's value kept): comment \"asked again\" kept, \"letter\" dropped"
        )),
        "{issues:?}"
    );
    assert!(
        issues.iter().any(|m| m == "sheet \"Worklist (2)\" looks like a copy of \"Worklist\" made in the workbook, not a part badgemap wrote; it is not read"),
        "{issues:?}"
    );
}

#[test]
fn a_row_reused_for_another_system_is_only_possibly_the_same() {
    let dir = temp();
    let d = dir.path();
    register(
        d,
        "Member,Integration,Product,Authenticate\nUni C,Profiles,Pure,2019-05-01\n",
    );
    run(d, "2026-11-24", "w1.xlsx", &[]);
    let (_, w1) = read_book(&d.join("w1.xlsx"));
    let old = id_of(&w1, "Uni C");
    // The same cells, another system: name, product and date differ.
    register(
        d,
        "Member,Integration,Product,Authenticate\nUni C,Data repository,Figshare,2024-03-01\n",
    );
    run(d, "2026-11-30", "w2.xlsx", &["--previous", "w1.xlsx"]);
    let (_, w2) = read_book(&d.join("w2.xlsx"));
    let new = id_of(&w2, "Uni C");
    let why = why_of(&w2, &new);
    assert!(
        !why.iter().any(|w| w.starts_with("renamed from")),
        "{why:?}"
    );
    assert!(
        why.iter()
            .any(|w| w.starts_with(&format!("possibly the same as {old}"))),
        "{why:?}"
    );
    // A typo corrected in the same cells is the same record, surely.
    register(
        d,
        "Member,Integration,Product,Authenticate\nUni C,Data repositry,Figshare,2024-03-01\n",
    );
    run(d, "2026-12-07", "w3.xlsx", &["--previous", "w2.xlsx"]);
    register(
        d,
        "Member,Integration,Product,Authenticate\nUni C,Data repository,Figshare,2024-03-01\n",
    );
    run(d, "2026-12-14", "w4.xlsx", &["--previous", "w3.xlsx"]);
    let (_, w4) = read_book(&d.join("w4.xlsx"));
    let why = why_of(&w4, &id_of(&w4, "Uni C"));
    assert!(
        why.iter().any(|w| w.starts_with("renamed from ")),
        "{why:?}"
    );
}

#[test]
fn a_confirm_workflow_answer_counts_once_accepted_and_unknown_names_are_said() {
    let dir = temp();
    let d = dir.path();
    register(d, "Member,Integration,Authenticate\nUni W,Portal,Yes\n");
    run(d, "2026-11-24", "w1.xlsx", &[]);
    let (_, w1) = read_book(&d.join("w1.xlsx"));
    let w = id_of(&w1, "Uni W");
    let answer = |src: &str, dst: &str, decision: &str, comment: &str| {
        rewrite_workbook(&d.join(src), &d.join(dst), |name, rows| {
            if name == "Worklist" {
                set_row(
                    rows,
                    &w,
                    "confirm-workflow",
                    &[
                        ("Decision", Val::S(decision.into())),
                        ("Comment", Val::S(comment.into())),
                    ],
                );
            }
        });
    };
    let origin = |book: &str| {
        let json: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(d.join(book)).unwrap()).unwrap();
        json["integrations"][0]["workflow_origin"]
            .as_str()
            .unwrap()
            .to_string()
    };
    // A note is not an answer.
    answer("w1.xlsx", "w1e.xlsx", "", "repository?");
    run(d, "2026-11-30", "w2.xlsx", &["--previous", "w1e.xlsx"]);
    assert_eq!(origin("w2.json"), "unknown");
    // A name the mapping does not know puts it in review, saying so.
    answer("w2.xlsx", "w2e.xlsx", "accepted", "institutional repo");
    run(d, "2026-12-07", "w3.xlsx", &["--previous", "w2e.xlsx"]);
    let (_, w3) = read_book(&d.join("w3.xlsx"));
    assert_eq!(status(&w3, &w), "review");
    let rows = &w3["Integrations"];
    let reason = &rows.iter().find(|r| r[0] == w).unwrap()[col(rows, "Reason")];
    assert!(
        reason.starts_with("the confirm-workflow answer names \"institutional repo\", which is no workflow of the mapping"),
        "{reason}"
    );
    // Accepted with a workflow's name: confirmed, and Changes says which.
    answer("w3.xlsx", "w3e.xlsx", "accepted", "repository");
    run(d, "2026-12-14", "w4.xlsx", &["--previous", "w3e.xlsx"]);
    assert_eq!(origin("w4.json"), "analyst");
    let (_, w4) = read_book(&d.join("w4.xlsx"));
    assert!(
        why_of(&w4, &w)
            .iter()
            .any(|x| x.ends_with("; workflow confirmed: repository")),
        "{:?}",
        why_of(&w4, &w)
    );
}

#[test]
fn force_says_where_the_old_workbook_went_and_keeps_none_it_does_not_need() {
    let dir = temp();
    let d = dir.path();
    register(
        d,
        &format!("{HEAD}Uni A,Repo A,DSpace,repository,Yes,Yes\n"),
    );
    run(d, "2026-11-24", "w1.xlsx", &[]);
    let (_, w1) = read_book(&d.join("w1.xlsx"));
    let a = id_of(&w1, "Uni A");
    rewrite_workbook(&d.join("w1.xlsx"), &d.join("w1e.xlsx"), |name, rows| {
        if name == "Worklist" {
            set_row(
                rows,
                &a,
                "baseline-explain",
                &[("Comment", Val::S("asked".into()))],
            );
        }
    });
    // Made from w1e, untouched: running again from w1e carries all it holds.
    run(d, "2026-11-30", "r2.xlsx", &["--previous", "w1e.xlsx"]);
    let again = badgemap(
        d,
        &[
            "run",
            "reg",
            "--as-of",
            "2026-11-30",
            "-o",
            "r2.xlsx",
            "--previous",
            "w1e.xlsx",
            "--force",
            "-q",
        ],
    );
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert!(
        !again.stderr.contains("kept the earlier"),
        "{}",
        again.stderr
    );
    assert!(!d.join("r2.backup-2026-11-30.xlsx").exists());
    // Without it, the work would be lost: kept, and said even with -q.
    let over = badgemap(
        d,
        &[
            "run",
            "reg",
            "--as-of",
            "2026-11-30",
            "-o",
            "r2.xlsx",
            "--force",
            "-q",
        ],
    );
    assert_eq!(over.code, 0, "{}", over.stderr);
    assert!(
        over.stderr.contains("kept the earlier")
            && over.stderr.contains("r2.backup-2026-11-30.xlsx"),
        "{}",
        over.stderr
    );
    assert!(d.join("r2.backup-2026-11-30.xlsx").exists());
}
