//! Re-checks with `--previous`: analysts' decisions survive sorting, extra
//! columns and re-saving, carry into the new worklist, and the Changes sheet
//! names every cause.

use crate::support::*;
use chrono::NaiveDate;
use std::path::Path;

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn sheet(path: &Path, name: &str) -> Vec<Vec<String>> {
    let (_, mut sheets) = read_book(path);
    sheets
        .remove(name)
        .unwrap_or_else(|| panic!("no sheet {name}"))
}

fn col(rows: &[Vec<String>], h: &str) -> usize {
    rows[0]
        .iter()
        .position(|x| x == h)
        .unwrap_or_else(|| panic!("no {h} in {:?}", rows[0]))
}

fn find<'a>(rows: &'a [Vec<String>], member: &str, criterion: &str) -> &'a Vec<String> {
    let (m, c) = (col(rows, "Member"), col(rows, "Criterion"));
    rows.iter()
        .find(|r| r[m] == member && r[c] == criterion)
        .unwrap_or_else(|| panic!("no row {member} / {criterion}"))
}

fn samples_run(dir: &Path, out: &str, extra: &[&str]) -> Run {
    let root = repo_path("");
    let samples = root.join("samples");
    let certified = root.join("samples/certified-providers.csv");
    let mut args = vec![
        "run",
        samples.to_str().unwrap(),
        "--certified",
        certified.to_str().unwrap(),
        "--as-of",
        "2026-11-24",
        "-o",
        out,
    ];
    args.extend_from_slice(extra);
    badgemap(dir, &args)
}

#[test]
fn decisions_survive_sorting_extra_columns_and_carry_forward() {
    let dir = temp();
    assert_eq!(samples_run(dir.path(), "r1.xlsx", &[]).code, 0);
    let kestrel = "Lindqvist Research Foundation";
    rewrite_workbook(
        &dir.path().join("r1.xlsx"),
        &dir.path().join("edited.xlsx"),
        |name, rows| {
            if name != "Worklist" {
                return;
            }
            decide(
                rows,
                kestrel,
                "baseline-https",
                "accepted",
                Some(day("2026-11-01")),
                "TLS report received",
            );
            decide(
                rows,
                kestrel,
                "baseline-visibility",
                "Waived",
                None,
                "no user-facing ORCID settings",
            );
            decide(
                rows,
                kestrel,
                "baseline-own-credentials",
                "rejected",
                None,
                "the consortium shares one client",
            );
            decide(
                rows,
                "Moorland College of Art",
                "baseline-oauth",
                "",
                None,
                "asked the vendor on 20 November",
            );
            // A decision for an integration that will not be in the next run.
            // (A criterion row, not an open action.)
            let first = rows
                .iter()
                .position(|r| r[6].text().starts_with("baseline-"))
                .unwrap();
            let mut gone = rows[first].clone();
            gone[0] = Val::S("BM-000000000000".into());
            gone[1] = Val::S("Gone Ltd".into());
            rows.push(gone);
            let criterion = rows[first][6].text();
            decide(
                rows,
                "Gone Ltd",
                &criterion,
                "accepted",
                Some(day("2026-10-01")),
                "old",
            );
            // The analyst sorts the rows and adds a column of their own.
            rows[1..].reverse();
            for (i, row) in rows.iter_mut().enumerate() {
                row.insert(
                    2,
                    Val::S(if i == 0 {
                        "Analyst".into()
                    } else {
                        "JB".into()
                    }),
                );
            }
        },
    );
    let run = samples_run(dir.path(), "r2.xlsx", &["--previous", "edited.xlsx"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains("Changes since the run as of 2026-11-24: 0 status changes, 0 new, 0 vanished; 3 analyst decisions in force (3 new this run), 1 kept aside\n"),
        "{}",
        run.stdout
    );
    let r2 = dir.path().join("r2.xlsx");
    let worklist = sheet(&r2, "Worklist");
    let (date, decision, comment, evidence) = (
        col(&worklist, "Evidence received on"),
        col(&worklist, "Decision"),
        col(&worklist, "Comment"),
        col(&worklist, "Current evidence"),
    );
    let https = find(&worklist, kestrel, "baseline-https");
    assert_eq!(
        [&https[date], &https[decision], &https[comment]],
        ["2026-11-01", "accepted", "TLS report received"]
    );
    assert_eq!(
        https[evidence],
        "full: evidence accepted by an analyst, received 2026-11-01"
    );
    let visibility = find(&worklist, kestrel, "baseline-visibility");
    assert_eq!(
        [&visibility[decision], &visibility[evidence]],
        ["waived", "waived by an analyst"]
    );
    let credentials = find(&worklist, kestrel, "baseline-own-credentials");
    assert_eq!(
        [&credentials[decision], &credentials[comment]],
        ["rejected", "the consortium shares one client"]
    );
    assert_eq!(
        credentials[evidence],
        "none: the evidence offered was rejected"
    );
    assert_eq!(
        find(&worklist, "Moorland College of Art", "baseline-oauth")[comment],
        "asked the vendor on 20 November"
    );

    let criteria = sheet(&r2, "Criteria");
    let k = criteria
        .iter()
        .find(|r| r[1] == kestrel && r[2] == "Applications")
        .unwrap();
    let value = |c: &str| k[col(&criteria, c)].clone();
    assert_eq!(
        [
            value("baseline-https"),
            value("baseline-visibility"),
            value("baseline-own-credentials")
        ],
        ["full", "waived", "missing"]
    );
    let integrations = sheet(&r2, "Integrations");
    let ki = integrations
        .iter()
        .find(|r| r[1] == kestrel && r[2] == "Applications")
        .unwrap();
    assert_eq!(
        [
            &ki[col(&integrations, "MUST met")],
            &ki[col(&integrations, "MUST total")]
        ],
        ["2", "12"]
    );

    let changes = sheet(&r2, "Changes");
    assert_eq!(
        changes[0],
        [
            "ID",
            "Member",
            "Integration",
            "Previous status",
            "New status",
            "Why"
        ]
    );
    let kc = changes.iter().find(|r| r[1] == kestrel).unwrap();
    assert_eq!(
        kc[5],
        "evidence accepted this run: baseline-https; evidence rejected this run: baseline-own-credentials; waived this run: baseline-visibility"
    );
    let gone = changes.iter().find(|r| r[0] == "BM-000000000000").unwrap();
    assert!(
        gone[5].starts_with("decision kept aside: accepted on "),
        "{}",
        gone[5]
    );
    assert!(
        gone[5].ends_with("; the integration is no longer in the inputs"),
        "{}",
        gone[5]
    );

    // A third run from the second workbook keeps the same decisions.
    let run = samples_run(dir.path(), "r3.xlsx", &["--previous", "r2.xlsx"]);
    assert_eq!(run.code, 0);
    let w3 = sheet(&dir.path().join("r3.xlsx"), "Worklist");
    assert_eq!(
        find(&w3, kestrel, "baseline-https")[col(&w3, "Decision")],
        "accepted"
    );
    assert_eq!(
        find(&w3, kestrel, "baseline-visibility")[col(&w3, "Decision")],
        "waived"
    );
}

const TINY: &str = r#"[mapping]
id = "tiny"
title = "Tiny"
version = "1.0.0"

[badges.display]
label = "Display"

[workflows.repository]
label = "Repository"
sectors = ["library"]

[[criteria]]
id = "show-ids"
title = "Shows iDs"
level = "must"
evidence_request = "Send a screenshot."
source = "https://example.org/criteria"

[[rules]]
id = "display-shows"
badges = ["display"]
full = ["show-ids"]
note = "Display showed iDs."

[evidence]
max_age_months = 24
"#;

#[test]
fn the_changes_sheet_names_every_cause() {
    let dir = temp();
    let d = dir.path();
    std::fs::write(d.join("tiny.toml"), TINY).unwrap();
    std::fs::create_dir(d.join("in")).unwrap();
    std::fs::write(
        d.join("in/r.csv"),
        "Member,Integration,Product,Sector,Badge,Date\nU1,Repo,,Library,Display,2019-01-01\nU2,Repo,,Library,,\nU3,Repo,,Library,Display,2019-06-01\nU4,Repo,ArchiveSoft,Library,Display,2019-06-01\n",
    )
    .unwrap();
    std::fs::write(
        d.join("certified.csv"),
        "Product,Workflow,Certified on\nArchiveSoft,repository,2019-06-01\n",
    )
    .unwrap();
    let first = badgemap(
        d,
        &[
            "run",
            "in",
            "--mapping",
            "tiny.toml",
            "--certified",
            "certified.csv",
            "--as-of",
            "2020-06-01",
            "-o",
            "r1.xlsx",
        ],
    );
    assert_eq!(first.code, 0, "{}", first.stderr);

    // Months later: a new badge for U2, U3 gone, U5 new, ArchiveSoft off the
    // list, a new mapping version, and U1's 2019 badge past 24 months.
    std::fs::write(
        d.join("in/r.csv"),
        "Member,Integration,Product,Sector,Badge,Date\nU1,Repo,,Library,Display,2019-01-01\nU2,Repo,,Library,Display,2020-09-01\nU4,Repo,ArchiveSoft,Library,Display,2019-06-01\nU5,Repo,,Library,Display,2020-10-01\n",
    )
    .unwrap();
    std::fs::write(
        d.join("certified.csv"),
        "Product,Workflow,Certified on\nOtherSoft,repository,2019-06-01\n",
    )
    .unwrap();
    std::fs::write(
        d.join("tiny.toml"),
        TINY.replace("version = \"1.0.0\"", "version = \"1.1.0\""),
    )
    .unwrap();
    let second = badgemap(
        d,
        &[
            "run",
            "in",
            "--mapping",
            "tiny.toml",
            "--certified",
            "certified.csv",
            "--as-of",
            "2021-02-01",
            "--previous",
            "r1.xlsx",
            "-o",
            "r2.xlsx",
        ],
    );
    assert_eq!(second.code, 0, "{}", second.stderr);
    assert!(second.stdout.contains("Changes since the run as of 2020-06-01: 3 status changes, 1 new, 1 vanished; 0 analyst decisions in force (0 new this run), 0 kept aside\n"), "{}", second.stdout);
    let changes = sheet(&d.join("r2.xlsx"), "Changes");
    let why = |m: &str| {
        let r = changes
            .iter()
            .find(|r| r[1] == m)
            .unwrap_or_else(|| panic!("no change for {m}: {changes:?}"));
        (r[3].clone(), r[4].clone(), r[5].clone())
    };
    assert_eq!(
        why("U1"),
        (
            "carry-over".into(),
            "re-certify".into(),
            "MUST met 1 of 1 → 0 of 1; evidence aged past the limit: show-ids; mapping changed: tiny 1.0.0 → tiny 1.1.0"
                .into()
        )
    );
    assert_eq!(
        why("U2"),
        (
            "no-evidence".into(),
            "carry-over".into(),
            "MUST met 0 of 1 → 1 of 1; new badge rows: Display (2020-09-01); mapping changed: tiny 1.0.0 → tiny 1.1.0".into()
        )
    );
    assert_eq!(
        why("U3"),
        (
            "carry-over".into(),
            String::new(),
            "no longer in the inputs".into()
        )
    );
    assert_eq!(
        why("U4"),
        ("covered".into(), "carry-over".into(), "no longer covered: all 1 MUST criteria fully evidenced; mapping changed: tiny 1.0.0 → tiny 1.1.0".into())
    );
    assert_eq!(
        why("U5"),
        (
            String::new(),
            "carry-over".into(),
            "new integration: not in the previous run".into()
        )
    );
}

#[test]
fn accepted_evidence_changes_the_status() {
    let dir = temp();
    let d = dir.path();
    std::fs::write(d.join("tiny.toml"), TINY).unwrap();
    std::fs::write(
        d.join("r.csv"),
        "Member,Integration,Sector,Badge,Date\nU1,Repo,Library,Display,2017-01-01\n",
    )
    .unwrap();
    let first = badgemap(
        d,
        &[
            "run",
            "r.csv",
            "--mapping",
            "tiny.toml",
            "--as-of",
            "2021-02-01",
            "-o",
            "r1.xlsx",
        ],
    );
    assert_eq!(first.code, 0);
    rewrite_workbook(&d.join("r1.xlsx"), &d.join("edited.xlsx"), |name, rows| {
        if name == "Worklist" {
            decide(
                rows,
                "U1",
                "show-ids",
                "accepted",
                Some(day("2021-01-15")),
                "screenshots received",
            );
        }
    });
    let second = badgemap(
        d,
        &[
            "run",
            "r.csv",
            "--mapping",
            "tiny.toml",
            "--as-of",
            "2021-02-01",
            "--previous",
            "edited.xlsx",
            "-o",
            "r2.xlsx",
        ],
    );
    assert_eq!(second.code, 0, "{}", second.stderr);
    let changes = sheet(&d.join("r2.xlsx"), "Changes");
    assert_eq!(
        changes[1][3..],
        [
            "re-certify",
            "carry-over",
            "MUST met 0 of 1 → 1 of 1; evidence accepted this run: show-ids"
        ]
    );
    // The accepted row stays on the worklist so the next re-check sees it.
    let worklist = sheet(&d.join("r2.xlsx"), "Worklist");
    assert_eq!(
        find(&worklist, "U1", "show-ids")[col(&worklist, "Decision")],
        "accepted"
    );
}

#[test]
fn only_badgemap_workbooks_are_accepted_as_previous() {
    let dir = temp();
    let d = dir.path();
    write_xlsx(
        &d.join("other.xlsx"),
        &[("Worklist", vec![vec![T("ID"), T("Criterion")]])],
    );
    std::fs::write(d.join("r.csv"), "Member,Badge\nU,Display\n").unwrap();
    let run = badgemap(d, &["run", "r.csv", "--previous", "other.xlsx"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "badgemap: previous workbook other.xlsx: not a reconciled workbook written by badgemap (it has no hidden 'badgemap' sheet); give the workbook an earlier `badgemap run` wrote\n"
    );
    assert_eq!(badgemap(d, &["run", "r.csv", "-o", "r1.xlsx"]).code, 0);
    rewrite_workbook(&d.join("r1.xlsx"), &d.join("broken.xlsx"), |name, rows| {
        if name == "Worklist" {
            rows[0][11] = Val::S("Verdict".into());
        }
    });
    let run = badgemap(
        d,
        &["run", "r.csv", "--previous", "broken.xlsx", "-o", "r2.xlsx"],
    );
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "badgemap: previous workbook broken.xlsx: its Worklist sheet has no header row with the columns ID, Criterion, Evidence received on, Decision, Comment; restore the headers\n"
    );
    let onto = badgemap(
        d,
        &[
            "run",
            "r.csv",
            "--previous",
            "r1.xlsx",
            "-o",
            "r1.xlsx",
            "--force",
        ],
    );
    assert_eq!(onto.code, 2);
    assert_eq!(
        onto.stderr,
        "badgemap: refusing to overwrite input r1.xlsx; choose another output path\n"
    );
}

#[test]
fn acceptance_without_a_date_stays_blank_and_misspelled_decisions_are_counted() {
    let dir = temp();
    assert_eq!(samples_run(dir.path(), "r1.xlsx", &[]).code, 0);
    let kestrel = "Lindqvist Research Foundation";
    rewrite_workbook(
        &dir.path().join("r1.xlsx"),
        &dir.path().join("edited.xlsx"),
        |name, rows| {
            if name == "Worklist" {
                decide(
                    rows,
                    kestrel,
                    "baseline-https",
                    "accepted",
                    None,
                    "report came",
                );
                decide(rows, kestrel, "baseline-visibility", "acepted", None, "");
            }
        },
    );
    let r2 = samples_run(dir.path(), "r2.xlsx", &["--previous", "edited.xlsx"]);
    assert_eq!(r2.code, 0, "{}", r2.stderr);
    assert!(
        r2.stdout.contains(
            "Previous Worklist: 1 decision not understood, 1 acceptance without the date evidence was received (see Issues)\n"
        ),
        "{}",
        r2.stdout
    );
    let path = dir.path().join("r2.xlsx");
    let worklist = sheet(&path, "Worklist");
    let https = find(&worklist, kestrel, "baseline-https");
    assert_eq!(https[col(&worklist, "Decision")], "accepted");
    assert_eq!(
        https[col(&worklist, "Evidence received on")],
        "",
        "no date is made up"
    );
    let issues = sheet(&path, "Issues");
    let message = col(&issues, "Message");
    let action = col(&issues, "Action taken");
    let undated = issues
        .iter()
        .find(|r| {
            r[message]
                .ends_with("baseline-https accepted without the date the evidence was received")
        })
        .unwrap_or_else(|| panic!("{issues:?}"));
    assert_eq!(
        undated[action],
        "accepted as of this run, the date left blank; fill in 'Evidence received on' so the evidence can age"
    );
    assert!(issues
        .iter()
        .any(|r| r[message].starts_with("unknown decision \"acepted\"")));
}

#[test]
fn the_worklist_guides_analysts_with_dropdowns_date_checks_and_colours() {
    let dir = temp();
    assert_eq!(samples_run(dir.path(), "r1.xlsx", &[]).code, 0);
    let (names, _) = read_book(&dir.path().join("r1.xlsx"));
    let n = names.iter().position(|s| s == "Worklist").unwrap() + 1;
    let mut zip =
        zip::ZipArchive::new(std::fs::File::open(dir.path().join("r1.xlsx")).unwrap()).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(
        &mut zip.by_name(&format!("xl/worksheets/sheet{n}.xml")).unwrap(),
        &mut xml,
    )
    .unwrap();
    // The decision dropdown says which values it takes when another is typed.
    assert!(xml.contains("errorTitle=\"Not a decision\""), "{xml}");
    assert!(
        xml.contains("error=\"Choose accepted, rejected, waived, or leave the cell blank.\""),
        "{xml}"
    );
    assert!(xml.contains("<formula1>\"accepted,rejected,waived\"</formula1>"));
    // "Evidence received on" takes dates only.
    assert!(xml.contains("type=\"date\""), "{xml}");
    // Undecided MUST rows are highlighted, and decisions and levels coloured.
    assert!(
        xml.contains("<formula>AND($I2=\"MUST\",$M2=\"\",$O2=\"\")</formula>"),
        "{xml}"
    );
    for value in ["accepted", "rejected", "waived", "MUST"] {
        assert!(
            xml.contains(&format!("<formula>\"{value}\"</formula>")),
            "{value}"
        );
    }
}
