//! `badgemap run` end to end: the workbook read back with calamine, JSON and
//! CSV outputs, determinism, statuses, ageing and safety of outputs.

use crate::support::*;
use std::collections::HashMap;
use std::path::Path;

fn column(rows: &[Vec<String>], header: &str) -> usize {
    rows[0]
        .iter()
        .position(|h| h == header)
        .unwrap_or_else(|| panic!("no column {header:?} in {:?}", rows[0]))
}

/// Status of each integration, keyed `member / integration`.
fn statuses(sheets: &HashMap<String, Vec<Vec<String>>>) -> HashMap<String, String> {
    let rows = &sheets["Integrations"];
    let (m, i, s) = (
        column(rows, "Member"),
        column(rows, "Integration"),
        column(rows, "Status"),
    );
    rows[1..]
        .iter()
        .map(|r| (format!("{} / {}", r[m], r[i]), r[s].clone()))
        .collect()
}

fn run_samples(dir: &Path, extra: &[&str]) -> Run {
    run_samples_at(dir, "2026-11-24", extra)
}

fn run_samples_at(dir: &Path, as_of: &str, extra: &[&str]) -> Run {
    run_samples_with_env(dir, as_of, extra, &[])
}

/// The samples run with extra arguments and environment variables.
fn run_samples_with_env(dir: &Path, as_of: &str, extra: &[&str], env: &[(&str, &str)]) -> Run {
    let root = repo_path("");
    let samples = root.join("samples");
    let certified = root.join("samples/certified-providers.csv");
    let mut args = vec![
        "run",
        samples.to_str().unwrap(),
        "--certified",
        certified.to_str().unwrap(),
        "--as-of",
        as_of,
    ];
    args.extend_from_slice(extra);
    badgemap_with_env(dir, &args, env)
}

#[test]
fn the_reconciled_workbook_of_the_samples() {
    let dir = temp();
    let run = run_samples(dir.path(), &[]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout
            .contains("Reconciled 13 integrations with csp-2023 1.1.0 as of 2026-11-24\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.ends_with("Wrote reconciled.xlsx\n"),
        "{}",
        run.stdout
    );
    let (names, sheets) = read_book(&dir.path().join("reconciled.xlsx"));
    assert_eq!(
        names,
        [
            "Summary",
            "Integrations",
            "Criteria",
            "Worklist",
            "Requests",
            "Members",
            "Issues",
            "Mapping criteria",
            "Mapping rules",
            "Sources",
            "badgemap"
        ]
    );

    let integrations = &sheets["Integrations"];
    assert_eq!(
        integrations[0],
        [
            "ID",
            "Member",
            "Integration",
            "Product",
            "Product version",
            "Vendor",
            "Sector",
            "Country",
            "Consortium",
            "Workflows",
            "Authenticate",
            "Collect",
            "Display",
            "Connect",
            "Synchronize",
            "Status",
            "MUST met",
            "MUST total",
            "MUST waived",
            "Missing MUST criteria",
            "Reason"
        ]
    );
    assert_eq!(integrations.len(), 14);
    let status = statuses(&sheets);
    let expect = [
        ("University of Northmoor / Research portal", "covered"),
        (
            "University of Northmoor / Institutional repository",
            "covered",
        ),
        // Its register records DSpace 6.3; the list certifies 7.3 and later.
        ("Université de Valmont / Archive ouverte", "re-certify"),
        (
            "Instituto Sierra Alta / Repositorio institucional",
            "covered",
        ),
        // The list, copied from ORCID's page of current providers, holds
        // Editorial Manager: its certification month of 2023 is no lapse.
        (
            "Harbourview University Press / Manuscript submission",
            "covered",
        ),
        // Its CRM row says Authenticate was not awarded; the consortium
        // register ticks it.
        ("Kestrel Health & Care Research / Grant portal", "review"),
        ("Lindqvist Research Foundation / Applications", "re-certify"),
        (
            "Moorland College of Art / (unnamed integration)",
            "re-certify",
        ),
        (
            "Eastfield Institute of Technology / Current research information system",
            "no-evidence",
        ),
        ("Fenwick Polytechnic / Research portal", "no-evidence"),
        (
            "Eastfield Institute of Technology / Staff profiles",
            "review",
        ),
        ("Harbourview University Press / Journal hosting", "review"),
        // Its Display cell says pending: not awarded, not unclear.
        ("University of Northmoor / Thesis deposit", "re-certify"),
    ];
    for (key, want) in expect {
        assert_eq!(status.get(key).map(String::as_str), Some(want), "{key}");
    }
    // Badge columns hold the award date, or ✓ when undated.
    let portal = integrations
        .iter()
        .find(|r| r[2] == "Research portal" && r[1] == "University of Northmoor")
        .unwrap();
    assert_eq!(
        &portal[10..15],
        ["2017-03-14", "2017-03-14", "✓", "2018-06-12", ""]
    );

    let worklist = &sheets["Worklist"];
    assert_eq!(
        worklist[0],
        [
            "ID",
            "Member",
            "Integration",
            "Product",
            "Vendor",
            "MUST gaps",
            "Criterion",
            "Title",
            "Level",
            "Current evidence",
            "Evidence request",
            "Evidence received on",
            "Decision",
            "Comment",
            "Decided on request"
        ]
    );
    // 73 criterion rows of the four integrations that must re-certify, and
    // one open action for each of the five in review or without evidence:
    // every integration that is neither covered nor carried over has one.
    assert_eq!(worklist.len() - 1, 78);
    let statuses = statuses(&sheets);
    let integrations = &sheets["Integrations"];
    for r in &integrations[1..] {
        let key = format!("{} / {}", r[1], r[2]);
        if !["covered", "carry-over"].contains(&statuses[&key].as_str()) {
            assert!(
                worklist.iter().any(|w| w[0] == r[0]),
                "{key} has no open action"
            );
        }
    }
    // Every Worklist row, open actions included, is in exactly one request:
    // the analyst sends everything from the Requests sheet.
    let requests = &sheets["Requests"];
    let (crit, ids) = (
        requests[0].iter().position(|h| h == "Criterion").unwrap(),
        requests[0]
            .iter()
            .position(|h| h == "Integration IDs")
            .unwrap(),
    );
    for w in &worklist[1..] {
        let holding = requests[1..]
            .iter()
            .filter(|q| q[crit] == w[6] && q[ids].split(", ").any(|id| id == w[0]))
            .count();
        assert_eq!(holding, 1, "{} / {} in {holding} requests", w[0], w[6]);
    }
    let action_requests: Vec<(&str, &str)> = requests[1..]
        .iter()
        .filter(|q| ["settle-review", "confirm-integration"].contains(&q[crit].as_str()))
        .map(|q| (q[2].as_str(), q[crit].as_str()))
        .collect();
    assert_eq!(action_requests.len(), 5, "{action_requests:?}");
    let settle = worklist
        .iter()
        .find(|w| w[1] == "Kestrel Health & Care Research" && w[6] == "settle-review")
        .unwrap();
    assert!(
        settle[10].starts_with(
            "Settle, then correct the source: contradicting Authenticate facts: awarded at "
        ),
        "{settle:?}"
    );
    let gaps: Vec<i64> = worklist[1..]
        .iter()
        .map(|r| r[5].parse().unwrap())
        .collect();
    assert!(
        gaps.windows(2).all(|w| w[0] >= w[1]),
        "most MUST gaps first: {gaps:?}"
    );
    assert_eq!(worklist[1][8], "MUST");
    assert!(worklist[1..]
        .iter()
        .all(|r| r[11].is_empty() && r[12].is_empty() && r[13].is_empty()));
    let oauth = worklist
        .iter()
        .find(|r| r[1] == "Université de Valmont" && r[6] == "baseline-oauth")
        .unwrap();
    // Vendor beside product: from the certified list.
    assert_eq!(oauth[3..5], ["DSpace", "LYRASIS"]);
    assert_eq!(
        oauth[9],
        format!(
            "partial: Authenticate (undated), rule authenticate-baseline, from {} › E12; undated award, counted as partial",
            repo_path("samples/badge-awards-long.csv").display()
        )
    );
    assert!(oauth[10].starts_with("Please send screenshots of the ORCID sign-in"));

    assert_eq!(
        sheets["Issues"][0],
        [
            "Severity",
            "ID",
            "Member",
            "Integration",
            "File",
            "Sheet",
            "Cell",
            "Value",
            "Message",
            "Action taken"
        ]
    );
    // 7, the notice that the long file's ambiguous date (03/02/2020) was
    // read day first, as its column's 14/03/2017 is written, Kestrel's
    // Authenticate: ticked in the register, not awarded in the CRM, and the
    // notice saying how the certified list's columns were read.
    assert_eq!(sheets["Issues"].len() - 1, 10);
    assert!(sheets["Issues"].iter().any(|r| r[0] == "notice"
        && r[8].starts_with("certified-provider list read from row 1: A \"Product\" as product; B \"Vendor\" as provider; C \"Workflow\" as workflow; D \"Version\" as version;")));
    // A sheet skipped while it holds rows is a warning, with its row count.
    assert!(sheets["Issues"].iter().any(|r| r[0] == "warning"
        && r[5] == "Read me"
        && r[8].ends_with("anywhere in the sheet; 2 non-empty rows not read")));
    // An issue on a row an integration was read from names the integration,
    // so analysts can filter issues per member; one on a rejected row names
    // none.
    let unclear = sheets["Issues"]
        .iter()
        .find(|r| r[8] == "Display cell says \"pending\": not awarded")
        .unwrap();
    assert_eq!(
        unclear[4..8],
        [
            repo_path("samples/consortium-register.xlsx")
                .display()
                .to_string(),
            "Badges 2017-2020".into(),
            "G7".into(),
            "pending".into()
        ]
    );
    let owner = integrations.iter().find(|r| r[0] == unclear[1]).unwrap();
    assert_eq!(owner[1], unclear[2], "member");
    assert_eq!(owner[2], unclear[3], "integration");
    assert!(!unclear[1].is_empty());
    let rejected = sheets["Issues"]
        .iter()
        .find(|r| r[8].contains("has no member organisation"))
        .unwrap();
    assert_eq!(rejected[1..4], ["", "", ""]);
    let sources = &sheets["Sources"];
    assert_eq!(
        sources[0][..5],
        ["ID", "Member", "Integration", "Badge", "Awarded"]
    );
    assert!(sources
        .iter()
        .any(|r| r[3] == "Synchronize" && r[4] == "no: In progress"));

    let summary = &sheets["Summary"];
    let fact = |k: &str| {
        summary
            .iter()
            .find(|r| r[0] == k)
            .map(|r| r[1].clone())
            .unwrap()
    };
    assert_eq!(fact("As of"), "2026-11-24");
    // ... as a date cell, not text.
    {
        use calamine::{open_workbook, Data, Reader, Xlsx};
        let mut wb: Xlsx<_> = open_workbook(dir.path().join("reconciled.xlsx")).unwrap();
        let range = wb.worksheet_range("Summary").unwrap();
        assert!(
            matches!(range.get_value((2, 1)), Some(Data::DateTime(_))),
            "{:?}",
            range.get_value((2, 1))
        );
    }
    // A covered integration needs no criteria of its own: no MUST count, and
    // its criteria read as covered rather than missing.
    let portal = integrations
        .iter()
        .find(|r| r[1] == "University of Northmoor" && r[2] == "Research portal")
        .unwrap();
    assert_eq!(
        portal[15..20],
        ["covered", "", "", "", "n/a: covered by certification"]
    );
    let criteria = &sheets["Criteria"];
    let portal_criteria = criteria.iter().find(|r| r[0] == portal[0]).unwrap();
    let oauth = criteria[0]
        .iter()
        .position(|h| h == "baseline-oauth")
        .unwrap();
    assert_eq!(portal_criteria[oauth], "n/a: covered");
    assert!(
        !portal_criteria[4..].iter().any(|c| c == "missing"),
        "{portal_criteria:?}"
    );
    assert_eq!(fact("Mapping"), "csp-2023 1.1.0");
    assert_eq!(fact("covered"), "4");
    assert!(
        summary.iter().any(|r| r[0] == "Total" && r[1] == "13"),
        "status total"
    );
    let inputs = summary
        .iter()
        .filter(|r| r[0].ends_with(".csv") || r[0].ends_with(".xlsx"))
        .count();
    assert_eq!(inputs, 3);
    // Each input's SHA-256 is that of the file's bytes (hashed as it was read);
    // the counts sit under their centred headings, and no column is always
    // empty (nothing failed to read, so there is no column for it).
    let heads = summary.iter().find(|r| r[0] == "File").unwrap();
    assert_eq!(
        heads.iter().filter(|h| !h.is_empty()).collect::<Vec<_>>(),
        [
            "File",
            "Rows read",
            "With awards",
            "Without award",
            "Blank",
            "Rejected",
            "Not records",
            "SHA-256"
        ]
    );
    // A sheet that held rows and gave none is listed with its reason.
    let skipped = summary
        .iter()
        .position(|r| r[0] == "Skipped sheets holding rows")
        .expect("skipped sheets listed");
    let read_me = &summary[skipped + 2];
    assert!(
        read_me[0].ends_with("consortium-register.xlsx › Read me"),
        "{read_me:?}"
    );
    assert_eq!(read_me[1], "2");
    assert!(
        read_me[2].starts_with("no header row naming a member"),
        "{read_me:?}"
    );
    let sha = heads.iter().position(|h| h == "SHA-256").unwrap();
    for r in summary
        .iter()
        .filter(|r| r[0].ends_with(".csv") || r[0].ends_with(".xlsx"))
    {
        use sha2::Digest;
        let bytes = std::fs::read(&r[0]).unwrap();
        let expected: String = sha2::Sha256::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(r[sha], expected, "SHA-256 of {}", r[0]);
    }

    let meta = &sheets["badgemap"];
    assert_eq!(meta[0][0], "badgemap reconciled workbook");
    assert!(meta.contains(&vec!["as_of".to_string(), "2026-11-24".to_string()]));
    assert!(meta.contains(&vec!["mapping_id".to_string(), "csp-2023".to_string()]));
}

#[test]
fn two_runs_give_byte_identical_workbooks() {
    let dir = temp();
    assert_eq!(run_samples(dir.path(), &["-o", "a.xlsx"]).code, 0);
    assert_eq!(run_samples(dir.path(), &["-o", "b.xlsx"]).code, 0);
    let a = std::fs::read(dir.path().join("a.xlsx")).unwrap();
    let b = std::fs::read(dir.path().join("b.xlsx")).unwrap();
    assert!(a == b, "workbooks differ");
}

#[test]
fn the_parallel_workbook_is_byte_identical_to_a_single_threaded_one() {
    let dir = temp();
    assert_eq!(run_samples(dir.path(), &["-o", "parallel.xlsx"]).code, 0);
    let root = repo_path("");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_badgemap"))
        .args(["run", root.join("samples").to_str().unwrap(), "--certified"])
        .arg(root.join("samples/certified-providers.csv"))
        .args(["--as-of", "2026-11-24", "-o", "single.xlsx"])
        .env("BADGEMAP_THREADS", "1")
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success());
    let a = std::fs::read(dir.path().join("parallel.xlsx")).unwrap();
    let b = std::fs::read(dir.path().join("single.xlsx")).unwrap();
    assert!(a == b, "parallel and single-threaded workbooks differ");
}

#[test]
fn a_certified_product_covers_its_integrations() {
    let dir = temp();
    let samples = repo_path("samples");
    let run = badgemap(
        dir.path(),
        &["run", samples.to_str().unwrap(), "--as-of", "2026-11-24"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let (_, without) = read_book(&dir.path().join("reconciled.xlsx"));
    assert_eq!(
        statuses(&without)["University of Northmoor / Research portal"],
        "re-certify"
    );
    assert!(!statuses(&without).values().any(|s| s == "covered"));
    let run = run_samples(dir.path(), &["-o", "with.xlsx"]);
    assert_eq!(run.code, 0);
    let (_, with) = read_book(&dir.path().join("with.xlsx"));
    assert_eq!(
        statuses(&with)["University of Northmoor / Research portal"],
        "covered"
    );
    let rows = &with["Integrations"];
    let reason = rows
        .iter()
        .find(|r| r[2] == "Research portal" && r[1] == "University of Northmoor")
        .unwrap();
    assert_eq!(
        reason[column(rows, "Reason")],
        format!(
            "Symplectic Elements is certified for research-information since 2020-12-01, on ORCID's list as checked on 2026-11-02 ({} › G2)",
            repo_path("samples/certified-providers.csv").display()
        )
    );
    // A year after the list was checked, without a newer list or review,
    // the certification is no longer known to be current.
    let run = run_samples_at(dir.path(), "2027-11-03", &["-o", "later.xlsx"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let (_, later) = read_book(&dir.path().join("later.xlsx"));
    assert_eq!(
        statuses(&later)["University of Northmoor / Research portal"],
        "re-certify"
    );
    let rows = &later["Integrations"];
    let reason = &rows
        .iter()
        .find(|r| r[2] == "Research portal" && r[1] == "University of Northmoor")
        .unwrap()[column(rows, "Reason")];
    assert!(
        reason.ends_with(&format!(
            "; the certification of Symplectic Elements was last on ORCID's list as checked on 2026-11-02 ({} › G2); its review every 12 months was due 2027-11-02",
            repo_path("samples/certified-providers.csv").display()
        )),
        "{reason}"
    );
}

const TINY: &str = r#"[mapping]
id = "tiny"
title = "Tiny"
version = "1.0.0"

[badges.display]
label = "Display"

[badges.connect]
label = "Connect"

[workflows.repository]
label = "Repository"
sectors = ["library"]

[[criteria]]
id = "show-ids"
title = "Shows iDs"
level = "must"
evidence_request = "Send a screenshot."
source = "https://example.org/criteria"

[[criteria]]
id = "write-works"
title = "Writes works"
level = "should"
workflows = ["repository"]
evidence_request = "Show a work."
source = "https://example.org/criteria"

[[rules]]
id = "display-shows"
badges = ["display"]
full = ["show-ids"]
note = "Display showed iDs."

[[rules]]
id = "connect-writes"
badges = ["connect"]
partial = ["write-works"]
note = "Connect wrote items."

[evidence]
max_age_months = 24
"#;

fn tiny_fixture(dir: &Path) {
    std::fs::write(dir.join("tiny.toml"), TINY).unwrap();
    std::fs::create_dir(dir.join("in")).unwrap();
    std::fs::write(
        dir.join("in/register.csv"),
        "Member,Integration,Product,Sector,Badge,Date\n\
         U1,Repo,,Library,Display,2019-01-01\n\
         U1,Repo,,Library,Connect,2019-01-01\n\
         U2,Repo,,Library,,\n\
         U3,Repo,,Library,Gold,2019-01-01\n\
         U4,Repo,ArchiveSoft,Library,Display,2019-01-01\n\
         \"=HYPERLINK(\"\"http://x\"\")\",Repo,,Library,Display,2019-01-01\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("certified.csv"),
        "Product,Workflow,Certified on\nArchiveSoft,repository,2019-06-01\n",
    )
    .unwrap();
}

#[test]
fn every_status_and_evidence_ageing_at_two_dates() {
    let dir = temp();
    tiny_fixture(dir.path());
    let args = |as_of: &'static str, out: &'static str| {
        vec![
            "run",
            "in",
            "--mapping",
            "tiny.toml",
            "--certified",
            "certified.csv",
            "--as-of",
            as_of,
            "-o",
            out,
        ]
    };
    let run = badgemap(dir.path(), &args("2020-01-01", "early.xlsx"));
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let (_, early) = read_book(&dir.path().join("early.xlsx"));
    let s = statuses(&early);
    assert_eq!(s["U1 / Repo"], "carry-over");
    assert_eq!(s["U2 / Repo"], "no-evidence");
    assert_eq!(s["U3 / Repo"], "review");
    assert_eq!(s["U4 / Repo"], "covered");
    let rows = &early["Integrations"];
    let u1 = rows.iter().find(|r| r[1] == "U1").unwrap();
    assert_eq!(
        u1[column(rows, "Reason")],
        "all 1 MUST criteria fully evidenced"
    );
    // No integration must re-certify yet: the Worklist holds only the open
    // actions of U2 (no evidence: does it still exist?) and U3 (review).
    let actions: Vec<(&str, &str)> = early["Worklist"][1..]
        .iter()
        .map(|r| (r[1].as_str(), r[6].as_str()))
        .collect();
    assert_eq!(
        actions,
        [("U3", "settle-review"), ("U2", "confirm-integration")]
    );
    let criteria = &early["Criteria"];
    assert_eq!(
        criteria[0],
        [
            "ID",
            "Member",
            "Integration",
            "Status",
            "show-ids",
            "write-works"
        ]
    );
    let u1c = criteria.iter().find(|r| r[1] == "U1").unwrap();
    assert_eq!(u1c[4..], ["full", "partial"]);

    // Two years and a day later the Display badge has aged past the limit.
    let run = badgemap(dir.path(), &args("2021-01-02", "late.xlsx"));
    assert_eq!(run.code, 0);
    let (_, late) = read_book(&dir.path().join("late.xlsx"));
    assert_eq!(statuses(&late)["U1 / Repo"], "re-certify");
    let worklist = &late["Worklist"];
    let u1w: Vec<&Vec<String>> = worklist.iter().filter(|r| r[1] == "U1").collect();
    assert_eq!(u1w.len(), 2);
    assert_eq!(u1w[0][6], "show-ids");
    assert_eq!(
        u1w[0][9],
        "partial: Display awarded 2019-01-01, rule display-shows, from in/register.csv › E2; aged: awarded 2019-01-01, more than 24 months before the as-of date"
    );
    assert_eq!(u1w[1][6], "write-works");
    assert_eq!(u1w[1][8], "SHOULD");
    // Input text that looks like a formula stays text.
    let injected = late["Integrations"]
        .iter()
        .find(|r| r[1].starts_with('='))
        .unwrap();
    assert_eq!(injected[1], "=HYPERLINK(\"http://x\")");
}

#[test]
fn json_output_has_the_documented_fields() {
    let dir = temp();
    tiny_fixture(dir.path());
    let run = badgemap(
        dir.path(),
        &[
            "run",
            "in",
            "--mapping",
            "tiny.toml",
            "--certified",
            "certified.csv",
            "--as-of",
            "2020-01-01",
            "--json",
            "r.json",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("r.json")).unwrap()).unwrap();
    assert_eq!(json["schema_version"], 2);
    assert_eq!(json["as_of"], "2020-01-01");
    assert_eq!(json["mapping"]["id"], "tiny");
    assert_eq!(json["mapping"]["version"], "1.0.0");
    assert_eq!(json["accounting"]["rows_read"], 6);
    let doc = std::fs::read_to_string(repo_path("docs/json-schema.md")).unwrap();
    for field in [
        "schema_version",
        "as_of",
        "mapping",
        "accounting",
        "integrations",
        "issues",
        "status_counts",
        "inputs",
    ] {
        assert!(json.get(field).is_some(), "{field} missing");
        assert!(doc.contains(&format!("`{field}`")), "{field} undocumented");
    }
    let integrations = json["integrations"].as_array().unwrap();
    assert_eq!(integrations.len(), 5);
    let u1 = integrations.iter().find(|i| i["member"] == "U1").unwrap();
    for field in [
        "id",
        "member",
        "integration",
        "product",
        "sector",
        "workflows",
        "badges",
        "status",
        "reason",
        "criteria",
    ] {
        assert!(u1.get(field).is_some(), "integration field {field} missing");
        assert!(
            doc.contains(&format!("`{field}`")),
            "integration field {field} undocumented"
        );
    }
    assert_eq!(u1["status"], "carry-over");
    assert_eq!(u1["workflows"], serde_json::json!(["repository"]));
    let badge = u1["badges"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["badge"] == "display")
        .unwrap();
    assert_eq!(badge["badge"], "display");
    assert_eq!(badge["awarded_on"], "2019-01-01");
    assert_eq!(
        badge["source"],
        serde_json::json!({"file": "in/register.csv", "sheet": null, "cell": "E2"})
    );
    assert_eq!(
        u1["criteria"][0],
        serde_json::json!({"id": "show-ids", "level": "must", "evidence": "full", "rule": "display-shows",
            "awarded_on": "2019-01-01", "source": {"file": "in/register.csv", "sheet": null, "cell": "E2"}})
    );
    let issue = &json["issues"][0];
    for field in ["severity", "file", "sheet", "cell", "value", "message"] {
        assert!(issue.get(field).is_some(), "issue field {field} missing");
    }
    assert_eq!(issue["message"], "unknown badge \"Gold\"");
}

#[test]
fn csv_outputs_match_the_workbook_and_neutralise_formulas() {
    let dir = temp();
    tiny_fixture(dir.path());
    let run = badgemap(
        dir.path(),
        &[
            "run",
            "in",
            "--mapping",
            "tiny.toml",
            "--as-of",
            "2021-01-02",
            "--csv-dir",
            "csv",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut names: Vec<String> = std::fs::read_dir(dir.path().join("csv"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "criteria.csv",
            "integrations.csv",
            "issues.csv",
            "mapping-criteria.csv",
            "mapping-rules.csv",
            "members.csv",
            "requests.csv",
            "sources.csv",
            "worklist.csv"
        ]
    );
    let (_, book) = read_book(&dir.path().join("reconciled.xlsx"));
    let worklist = std::fs::read_to_string(dir.path().join("csv/worklist.csv")).unwrap();
    let csv_rows = csv::Reader::from_reader(worklist.as_bytes())
        .records()
        .count();
    assert_eq!(csv_rows, book["Worklist"].len() - 1);
    let integrations = std::fs::read_to_string(dir.path().join("csv/integrations.csv")).unwrap();
    assert!(
        integrations.contains("\"'=HYPERLINK(\"\"http://x\"\")\""),
        "{integrations}"
    );
}

#[test]
fn outputs_are_never_overwritten_by_accident() {
    let dir = temp();
    tiny_fixture(dir.path());
    let first = badgemap(dir.path(), &["run", "in", "--mapping", "tiny.toml"]);
    assert_eq!(first.code, 0, "{}", first.stderr);
    let again = badgemap(dir.path(), &["run", "in", "--mapping", "tiny.toml"]);
    assert_eq!(again.code, 2);
    assert_eq!(
        again.stderr,
        "badgemap: reconciled.xlsx already exists; use --force to replace it\n"
    );
    assert_eq!(
        badgemap(
            dir.path(),
            &["run", "in", "--mapping", "tiny.toml", "--force"]
        )
        .code,
        0
    );
    let onto_input = badgemap(
        dir.path(),
        &[
            "run",
            "in",
            "--mapping",
            "tiny.toml",
            "-o",
            "in/register.csv",
            "--force",
        ],
    );
    assert_eq!(onto_input.code, 2);
    assert_eq!(
        onto_input.stderr,
        "badgemap: refusing to overwrite input in/register.csv; choose another output path\n"
    );
    assert!(std::fs::read_to_string(dir.path().join("in/register.csv"))
        .unwrap()
        .starts_with("Member,"));
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .ends_with(".tmp")
        })
        .collect();
    assert!(leftovers.is_empty(), "temporary files left behind");
}

#[test]
fn a_reconciled_workbook_among_the_inputs_is_not_read_back() {
    let dir = temp();
    tiny_fixture(dir.path());
    assert_eq!(
        badgemap(
            dir.path(),
            &["run", "in", "--mapping", "tiny.toml", "-o", "in/out.xlsx"]
        )
        .code,
        0
    );
    let again = badgemap(
        dir.path(),
        &[
            "run",
            "in",
            "--mapping",
            "tiny.toml",
            "-o",
            "in/out2.xlsx",
            "--json",
            "r.json",
        ],
    );
    assert_eq!(again.code, 0, "{}", again.stderr);
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("r.json")).unwrap()).unwrap();
    assert_eq!(json["integrations"].as_array().unwrap().len(), 5);
    let notice = json["issues"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["file"] == "in/out.xlsx")
        .unwrap();
    assert_eq!(
        notice["message"],
        "a reconciled workbook written by badgemap, not a badge register"
    );
}

#[test]
fn fail_on_and_usage_errors() {
    let dir = temp();
    tiny_fixture(dir.path());
    let review = badgemap(
        dir.path(),
        &[
            "run",
            "in",
            "--mapping",
            "tiny.toml",
            "--fail-on",
            "review",
            "-o",
            "a.xlsx",
        ],
    );
    assert_eq!(review.code, 1);
    let recertify = badgemap(
        dir.path(),
        &[
            "run",
            "in",
            "--mapping",
            "tiny.toml",
            "--as-of",
            "2020-01-01",
            "--fail-on",
            "re-certify",
            "-o",
            "b.xlsx",
        ],
    );
    assert_eq!(recertify.code, 0, "nothing must re-certify in 2020");
    let issues = badgemap(
        dir.path(),
        &[
            "run",
            "in",
            "--mapping",
            "tiny.toml",
            "--fail-on",
            "re-certify,issues",
            "-o",
            "c.xlsx",
        ],
    );
    assert_eq!(issues.code, 1);
    assert!(
        dir.path().join("c.xlsx").exists(),
        "the workbook is written even when --fail-on matches"
    );
    let bad_date = badgemap(dir.path(), &["run", "in", "--as-of", "24/11/2026"]);
    assert_eq!(bad_date.code, 2);
    assert!(
        bad_date
            .stderr
            .contains("\"24/11/2026\" is not a date in the form YYYY-MM-DD"),
        "{}",
        bad_date.stderr
    );
    let missing_list = badgemap(
        dir.path(),
        &["run", "in", "--certified", "nope.csv", "-o", "d.xlsx"],
    );
    assert_eq!(missing_list.code, 2);
    assert!(
        missing_list
            .stderr
            .starts_with("badgemap: the certified-provider list nope.csv does not exist"),
        "{}",
        missing_list.stderr
    );
}

#[test]
fn quiet_verbose_completions_and_help_examples() {
    let dir = temp();
    tiny_fixture(dir.path());
    let quiet = badgemap(
        dir.path(),
        &["-q", "run", "in", "--mapping", "tiny.toml", "-o", "q.xlsx"],
    );
    assert_eq!(
        (quiet.code, quiet.stdout.as_str(), quiet.stderr.as_str()),
        (0, "", "")
    );
    let verbose = badgemap(
        dir.path(),
        &["run", "in", "--mapping", "tiny.toml", "-o", "v.xlsx", "-v"],
    );
    assert_eq!(verbose.code, 0);
    for phase in ["ingest", "reconcile", "report", "workbook"] {
        assert!(
            verbose.stderr.contains(&format!("timing: {phase}")),
            "{}",
            verbose.stderr
        );
    }
    // Not a terminal: no progress lines, no colour codes.
    assert!(!verbose.stdout.contains('\x1b') && !verbose.stderr.contains('\x1b'));
    let bash = badgemap(dir.path(), &["completions", "bash"]);
    assert!(
        bash.code == 0 && bash.stdout.contains("_badgemap()"),
        "{}",
        bash.stdout
    );
    for sub in [
        "run",
        "explain",
        "inspect",
        "check",
        "mappings",
        "generate",
        "template",
        "completions",
    ] {
        let help = badgemap(dir.path(), &[sub, "--help"]);
        assert_eq!(help.code, 0, "{sub}");
        assert!(
            help.stdout.contains("Example"),
            "{sub} --help has no examples:\n{}",
            help.stdout
        );
    }
}

#[test]
fn a_register_past_the_row_limit_continues_on_numbered_sheets_excel_opens_cleanly() {
    // Sheets of 10 rows stand in for Excel's 1,048,575; sheets past 4 rows
    // get an autofilter, and sheets past 60 cells stream in constant memory
    // (with row heights on all rows but the last), so a small register
    // exercises every combination; the structure check in `badgemap` then
    // reads every sheet's XML.
    let dir = temp();
    // Streamed sheets with wrapped, sized rows; then streamed, autofiltered
    // sheets without row heights.
    for table_rows in ["1000", "4"] {
        let env = [
            ("BADGEMAP_SHEET_ROWS", "10"),
            ("BADGEMAP_TABLE_ROWS", table_rows),
            ("BADGEMAP_STANDARD_CELLS", "60"),
        ];
        let run = run_samples_with_env(dir.path(), "2026-11-24", &["--force"], &env);
        assert_eq!(run.code, 0, "{}", run.stderr);
    }
    let (names, sheets) = read_book(&dir.path().join("reconciled.xlsx"));
    let worklist: Vec<&String> = names.iter().filter(|n| n.starts_with("Worklist")).collect();
    assert_eq!(worklist.len(), 8, "{names:?}");
    assert_eq!(worklist[7], "Worklist (8)");
    let rows: usize = worklist.iter().map(|n| sheets[*n].len() - 1).sum();
    assert_eq!(rows, 78, "every Worklist row once");
    assert_eq!(sheets["Worklist (8)"].len() - 1, 8);
    for n in &worklist {
        assert_eq!(sheets[*n][0][0], "ID", "{n} starts with the header");
    }
}

#[test]
fn the_certified_list_is_read_like_a_register_whatever_its_shape() {
    // An Excel workbook saved with a .csv name, its list on the second sheet
    // below a read-me sheet: read by its content, from whichever sheet holds
    // the table, with a notice for the name.
    let dir = temp();
    write_xlsx(
        &dir.path().join("certified.csv"),
        &[
            ("Read me", vec![vec![T("Copied from ORCID's list")]]),
            (
                "List",
                vec![
                    vec![
                        T("Product"),
                        T("Workflow"),
                        T("Certified on"),
                        T("Last reviewed"),
                    ],
                    vec![
                        T("Symplectic Elements"),
                        T("research-information"),
                        T("2020-12"),
                        T("2026-06-15"),
                    ],
                ],
            ),
        ],
    );
    let samples = repo_path("samples").display().to_string();
    let run = badgemap(
        dir.path(),
        &[
            "run",
            &samples,
            "--certified",
            "certified.csv",
            "--as-of",
            "2026-11-24",
            "--json",
            "out.json",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let (_, book) = read_book(&dir.path().join("reconciled.xlsx"));
    assert_eq!(
        statuses(&book)["University of Northmoor / Research portal"],
        "covered"
    );
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("out.json")).unwrap())
            .unwrap();
    let notices = messages(&json);
    assert!(
        notices.contains(&"notice certified.csv||: the file is an Excel workbook (.xlsx) although its name ends in .csv; read as what it is".to_string()),
        "{notices:?}"
    );
}
