//! Three weeks of re-checks on a generated register, the workbooks edited
//! the way an analyst edits them in Excel (re-saved by another program):
//! decisions on a request and on Worklist rows, a request changed in week
//! two, a decided row deleted, a source cell corrected, a mistyped decision
//! and date, added columns of dates, numbers and links, an integration
//! retired, and `--force` over a worked workbook. Everything is read back
//! from the workbooks and the JSON.

use crate::support::*;
use chrono::NaiveDate;
use std::collections::HashMap;
use std::path::Path;

pub(crate) fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

pub(crate) type Sheets = HashMap<String, Vec<Vec<String>>>;

pub(crate) fn col(rows: &[Vec<String>], h: &str) -> usize {
    rows[0]
        .iter()
        .position(|x| x == h)
        .unwrap_or_else(|| panic!("no {h} in {:?}", rows[0]))
}

/// The Worklist row of (integration id, criterion).
pub(crate) fn row<'a>(sheets: &'a Sheets, id: &str, criterion: &str) -> &'a Vec<String> {
    let w = &sheets["Worklist"];
    let (i, c) = (col(w, "ID"), col(w, "Criterion"));
    w.iter()
        .find(|r| r[i] == id && r[c] == criterion)
        .unwrap_or_else(|| panic!("no Worklist row {id} / {criterion}"))
}

pub(crate) fn cell(sheets: &Sheets, id: &str, criterion: &str, heading: &str) -> String {
    let w = &sheets["Worklist"];
    row(sheets, id, criterion)[col(w, heading)].clone()
}

pub(crate) fn status(sheets: &Sheets, id: &str) -> String {
    let rows = &sheets["Integrations"];
    rows.iter()
        .find(|r| r[0] == id)
        .unwrap_or_else(|| panic!("no {id}"))[col(rows, "Status")]
    .clone()
}

pub(crate) fn evidence(sheets: &Sheets, id: &str, criterion: &str) -> String {
    let rows = &sheets["Criteria"];
    rows.iter().find(|r| r[0] == id).unwrap()[col(rows, criterion)].clone()
}

/// Sets cells of the Worklist row of (id, criterion), by heading (a
/// heading not there is added as a column of the analyst's own).
pub(crate) fn set_row(rows: &mut [Vec<Val>], id: &str, criterion: &str, values: &[(&str, Val)]) {
    for (h, _) in values {
        if !rows[0].iter().any(|x| x.text() == *h) {
            rows[0].push(Val::S((*h).to_string()));
        }
    }
    let header: Vec<String> = rows[0].iter().map(Val::text).collect();
    let at = |h: &str| header.iter().position(|x| x == h).unwrap();
    let (i, c) = (at("ID"), at("Criterion"));
    let r = rows
        .iter_mut()
        .find(|r| {
            r.get(i).map(Val::text).as_deref() == Some(id)
                && r.get(c).map(Val::text).as_deref() == Some(criterion)
        })
        .unwrap_or_else(|| panic!("no row {id} / {criterion}"));
    r.resize(header.len(), Val::E);
    for (h, v) in values {
        r[at(h)] = v.clone();
    }
}

/// Sets cells of the request `id` on the Requests sheet.
pub(crate) fn set_request(rows: &mut [Vec<Val>], id: &str, values: &[(&str, Val)]) {
    let header: Vec<String> = rows[0].iter().map(Val::text).collect();
    let at = |h: &str| header.iter().position(|x| x == h).unwrap();
    let r = rows
        .iter_mut()
        .find(|r| r.first().map(Val::text).as_deref() == Some(id))
        .unwrap();
    r.resize(header.len(), Val::E);
    for (h, v) in values {
        r[at(h)] = v.clone();
    }
}

pub(crate) fn run(dir: &Path, as_of: &str, out: &str, extra: &[&str]) -> Run {
    let json = out.replace(".xlsx", ".json");
    let mut args = vec!["run", "reg", "--as-of", as_of, "-o", out, "--json", &json];
    args.extend_from_slice(extra);
    let run = badgemap(dir, &args);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    run
}

/// Re-saves `src` as `dst` through `LibreOffice` when it is installed (an
/// analyst's other spreadsheet program), else copies it.
fn resave(dir: &Path, src: &str, dst: &str) {
    let out = dir.join("resaved");
    let converted = std::process::Command::new("soffice")
        .args(["--headless", "--convert-to", "xlsx", "--outdir"])
        .arg(&out)
        .arg(dir.join(src))
        .output()
        .is_ok_and(|o| o.status.success());
    if converted {
        std::fs::rename(out.join(src), dir.join(dst)).unwrap();
    } else {
        std::fs::copy(dir.join(src), dir.join(dst)).unwrap();
    }
}

#[test]
fn three_weeks_of_re_checks_keep_every_decision_where_the_analyst_made_it() {
    let dir = temp();
    let d = dir.path();
    let gen = badgemap(
        d,
        &[
            "generate",
            "--integrations",
            "30",
            "--seed",
            "3",
            "-o",
            "reg",
        ],
    );
    assert_eq!(gen.code, 0, "{}", gen.stderr);

    // Week 1.
    run(d, "2026-11-02", "w1.xlsx", &[]);
    let (_, w1) = read_book(&d.join("w1.xlsx"));
    // A vendor request covering two integrations, decided on the request.
    let requests = &w1["Requests"];
    let (rq_ids, rq_crit) = (col(requests, "Integration IDs"), col(requests, "Criterion"));
    let rq = requests[1..]
        .iter()
        .find(|q| q[1] == "vendor" && q[rq_ids].contains(", "))
        .unwrap()
        .clone();
    let (rq_id, rq_criterion) = (rq[0].clone(), rq[rq_crit].clone());
    let covered: Vec<String> = rq[rq_ids].split(", ").map(str::to_string).collect();
    // A criterion row of another integration, decided on its own row.
    let worklist = &w1["Worklist"];
    let (wid, wcrit, wlevel) = (
        col(worklist, "ID"),
        col(worklist, "Criterion"),
        col(worklist, "Level"),
    );
    let own = worklist[1..]
        .iter()
        .find(|r| {
            !covered.contains(&r[wid]) && r[wcrit].starts_with("baseline-") && r[wlevel] == "MUST"
        })
        .unwrap();
    let (own_id, own_crit) = (own[wid].clone(), own[wcrit].clone());
    // A row of a third integration, mistyped.
    let typo = worklist[1..]
        .iter()
        .find(|r| {
            !covered.contains(&r[wid]) && r[wid] != own_id && r[wcrit].starts_with("baseline-")
        })
        .unwrap();
    let (typo_id, typo_crit) = (typo[wid].clone(), typo[wcrit].clone());
    // An integration without evidence, said to be retired.
    let gone = worklist[1..]
        .iter()
        .find(|r| r[wcrit] == "confirm-integration")
        .unwrap()[wid]
        .clone();

    rewrite_workbook(
        &d.join("w1.xlsx"),
        &d.join("w1-edited.xlsx"),
        |name, rows| match name {
            "Requests" => set_request(
                rows,
                &rq_id,
                &[
                    ("Sent on", Val::D(day("2026-11-03"))),
                    ("Decision", Val::S("rejected".into())),
                    (
                        "Comment",
                        Val::S("screenshots show a typed iD field".into()),
                    ),
                ],
            ),
            "Worklist" => {
                set_row(
                    rows,
                    &own_id,
                    &own_crit,
                    &[
                        ("Decision", Val::S("accepted".into())),
                        ("Evidence received on", Val::D(day("2026-11-05"))),
                        ("Comment", Val::S("member sent screenshots".into())),
                        ("Chased on", Val::D(day("2026-11-04"))),
                        ("Ticket", Val::F(4711.0)),
                        (
                            "Thread",
                            Val::L(
                                "https://mail.example.org/t/4711".into(),
                                "mail thread".into(),
                            ),
                        ),
                        ("Done", Val::B(true)),
                    ],
                );
                set_row(
                    rows,
                    &typo_id,
                    &typo_crit,
                    &[
                        ("Decision", Val::S("approve".into())),
                        ("Evidence received on", Val::S("next week".into())),
                    ],
                );
                set_row(
                    rows,
                    &gone,
                    "confirm-integration",
                    &[
                        ("Decision", Val::S("waived".into())),
                        ("Comment", Val::S("retired in 2023".into())),
                    ],
                );
            }
            _ => {}
        },
    );
    resave(d, "w1-edited.xlsx", "w1-saved.xlsx");

    // Week 2.
    let week2 = run(d, "2026-11-09", "w2.xlsx", &["--previous", "w1-saved.xlsx"]);
    let (_, w2) = read_book(&d.join("w2.xlsx"));
    // The request decides its rows, shown as inherited, never copied.
    for id in &covered {
        assert_eq!(cell(&w2, id, &rq_criterion, "Decision"), "", "{id}");
        assert_eq!(
            cell(&w2, id, &rq_criterion, "Decided on request"),
            format!("{rq_id}: rejected (screenshots show a typed iD field)")
        );
    }
    let state = |sheets: &Sheets| {
        let q = &sheets["Requests"];
        q.iter().find(|r| r[0] == rq_id).unwrap()[col(q, "State")].clone()
    };
    assert_eq!(state(&w2), "decided on the request");
    // The row's own decision and the analyst's own columns, with their types.
    assert_eq!(cell(&w2, &own_id, &own_crit, "Decision"), "accepted");
    assert_eq!(evidence(&w2, &own_id, &own_crit), "full");
    assert_typed_columns(&d.join("w2.xlsx"), &own_id, &own_crit);
    // What badgemap cannot read stays as typed, and is an issue.
    assert_eq!(cell(&w2, &typo_id, &typo_crit, "Decision"), "approve");
    assert_eq!(
        cell(&w2, &typo_id, &typo_crit, "Evidence received on"),
        "next week"
    );
    let issues = |s: &Sheets| s["Issues"].iter().map(|r| r[8].clone()).collect::<Vec<_>>();
    assert!(
        issues(&w2).contains(&format!(
            "unknown decision \"approve\" for {typo_id} / {typo_crit}"
        )),
        "{:?}",
        issues(&w2)
    );
    // A waived confirm-integration retires the integration.
    assert_eq!(status(&w2, &gone), "retired");
    assert!(
        week2.stdout.contains("  retired           1\n"),
        "{}",
        week2.stdout
    );
    // Two inherited from the request, one row's own, one open action.
    assert!(
        week2
            .stdout
            .contains("4 analyst decisions in force (4 new this run), 0 kept aside"),
        "{}",
        week2.stdout
    );
    assert!(
        week2
            .stdout
            .contains("Previous Worklist: 1 decision not understood"),
        "{}",
        week2.stdout
    );

    // Week 2's edits: the request changes its mind; the analyst deletes
    // the row decided in week 1; a source cell is corrected (an
    // integration renamed), its row decided first.
    let renamed = w2["Worklist"][1..]
        .iter()
        .map(|r| r[0].clone())
        .find(|id| {
            ![own_id.as_str(), typo_id.as_str(), gone.as_str()].contains(&id.as_str())
                && !covered.contains(id)
                && single_source_row(&w2, id)
        })
        .expect("an integration read from one row");
    let renamed_crit = cell_first_criterion(&w2, &renamed);
    rewrite_workbook(
        &d.join("w2.xlsx"),
        &d.join("w2-edited.xlsx"),
        |name, rows| match name {
            "Requests" => set_request(
                rows,
                &rq_id,
                &[
                    ("Decision", Val::S("accepted".into())),
                    ("Evidence received on", Val::D(day("2026-11-12"))),
                    ("Comment", Val::S("vendor fixed the form in 4.2".into())),
                ],
            ),
            "Worklist" => {
                let header: Vec<String> = rows[0].iter().map(Val::text).collect();
                let (i, c) = (
                    header.iter().position(|h| h == "ID").unwrap(),
                    header.iter().position(|h| h == "Criterion").unwrap(),
                );
                rows.retain(|r| !(r[i].text() == own_id && r[c].text() == own_crit));
                set_row(
                    rows,
                    &renamed,
                    &renamed_crit,
                    &[
                        ("Decision", Val::S("waived".into())),
                        ("Comment", Val::S("no such screen".into())),
                        ("Chased on", Val::D(day("2026-11-04"))),
                        ("Ticket", Val::F(4711.0)),
                        (
                            "Thread",
                            Val::L(
                                "https://mail.example.org/t/4711".into(),
                                "mail thread".into(),
                            ),
                        ),
                        ("Done", Val::B(true)),
                    ],
                );
            }
            _ => {}
        },
    );
    let (old_name, new_name) = rename_in_register(d, &w2, &renamed);

    // Week 3.
    let week3 = run(
        d,
        "2026-11-16",
        "w3.xlsx",
        &["--previous", "w2-edited.xlsx"],
    );
    let (_, w3) = read_book(&d.join("w3.xlsx"));
    // The changed request governs its rows.
    for id in &covered {
        assert_eq!(evidence(&w3, id, &rq_criterion), "full", "{id}");
        assert_eq!(
            cell(&w3, id, &rq_criterion, "Decided on request"),
            format!("{rq_id}: accepted, received 2026-11-12 (vendor fixed the form in 4.2)")
        );
    }
    // The deleted row is back with its decision, and Changes says so.
    assert_eq!(cell(&w3, &own_id, &own_crit, "Decision"), "accepted");
    assert_eq!(evidence(&w3, &own_id, &own_crit), "full");
    let changes = &w3["Changes"];
    let why = |id: &str| {
        changes
            .iter()
            .filter(|r| r[0] == id)
            .map(|r| r[5].clone())
            .collect::<Vec<_>>()
            .join(" | ")
    };
    assert!(why(&own_id).contains(&format!("decision on a row you deleted: kept (accepted on {own_crit}, with its date and comment")), "{}", why(&own_id));
    assert_eq!(
        cell(&w3, &own_id, &own_crit, "Comment"),
        "member sent screenshots"
    );
    // The renamed integration keeps its decisions under its new id.
    let new_id = w3["Integrations"]
        .iter()
        .find(|r| r[2] == new_name)
        .unwrap_or_else(|| panic!("no {new_name}"))[0]
        .clone();
    assert_ne!(new_id, renamed);
    assert_eq!(cell(&w3, &new_id, &renamed_crit, "Decision"), "waived");
    // A waived MUST criterion is neither met nor a gap, on every sheet.
    let ints = &w3["Integrations"];
    let it = ints.iter().find(|r| r[0] == new_id).unwrap();
    assert_eq!(it[col(ints, "MUST waived")], "1");
    assert!(
        !it[col(ints, "Missing MUST criteria")].contains(&renamed_crit),
        "{it:?}"
    );
    let gaps: i64 = it[col(ints, "MUST total")].parse::<i64>().unwrap()
        - it[col(ints, "MUST met")].parse::<i64>().unwrap();
    assert_eq!(
        cell(&w3, &new_id, &renamed_crit, "MUST gaps"),
        gaps.to_string()
    );
    // Its added columns follow it, with their types, through two re-saves.
    assert_typed_columns(&d.join("w3.xlsx"), &new_id, &renamed_crit);
    assert!(
        why(&new_id).contains("renamed from") && why(&new_id).contains(&old_name),
        "{}",
        why(&new_id)
    );
    // The mistyped cells are still there, still an issue.
    assert_eq!(cell(&w3, &typo_id, &typo_crit, "Decision"), "approve");
    assert!(issues(&w3).contains(&format!(
        "unknown decision \"approve\" for {typo_id} / {typo_crit}"
    )));
    // Changes lists what took effect this week, not what was carried.
    assert!(!why(&gone).contains("this run"), "{}", why(&gone));
    assert!(
        why(&covered[0]).contains(&format!(
            "evidence accepted this run: {rq_criterion} (on request {rq_id})"
        )),
        "{}",
        why(&covered[0])
    );
    // The request's two rows changed, the renamed row's own is new.
    assert!(
        week3
            .stdout
            .contains("analyst decisions in force (3 new this run)"),
        "{}",
        week3.stdout
    );
    assert_eq!(status(&w3, &gone), "retired");

    // --force over the worked week-3 workbook, without --previous, keeps it.
    let before = std::fs::read(d.join("w3.xlsx")).unwrap();
    let forced = run(d, "2026-11-16", "w3.xlsx", &["--force"]);
    let backup = d.join("w3.backup-2026-11-16.xlsx");
    assert_eq!(std::fs::read(&backup).unwrap(), before);
    assert!(
        forced
            .stderr
            .contains("kept the earlier w3.xlsx as w3.backup-2026-11-16.xlsx: it held"),
        "{}",
        forced.stderr
    );
    // A workbook nobody typed in is replaced as before.
    let again = run(d, "2026-11-16", "w3.xlsx", &["--force"]);
    assert!(
        !again.stderr.contains("kept the earlier"),
        "{}",
        again.stderr
    );
    assert!(!d.join("w3.backup-2026-11-16-2.xlsx").exists());
}

/// The analyst's own columns of a row, read back with their types.
fn assert_typed_columns(path: &Path, id: &str, criterion: &str) {
    use calamine::{open_workbook, Data, Reader, Xlsx};
    let mut book: Xlsx<_> = open_workbook(path).unwrap();
    let range = book.worksheet_range("Worklist").unwrap();
    let header: Vec<String> = range
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(ToString::to_string)
        .collect();
    let at = |h: &str| header.iter().position(|x| x == h).unwrap();
    let (r, found) = range
        .rows()
        .enumerate()
        .find(|(_, r)| r[at("ID")] == id && r[at("Criterion")] == criterion)
        .unwrap();
    assert!(
        matches!(found[at("Chased on")], Data::DateTime(_)),
        "{:?}",
        found[at("Chased on")]
    );
    assert_eq!(found[at("Ticket")], Data::Float(4711.0));
    assert_eq!(found[at("Done")], Data::Bool(true));
    assert_eq!(found[at("Thread")].to_string(), "mail thread");
    let links = book.hyperlinks_by_sheet_name("Worklist").unwrap();
    assert!(
        links
            .iter()
            .any(|l| l.range.start == (r as u32, at("Thread") as u32)
                && l.target.as_deref() == Some("https://mail.example.org/t/4711")),
        "{links:?}"
    );
}

/// Whether every badge fact of integration `id` was read from one row.
fn single_source_row(sheets: &Sheets, id: &str) -> bool {
    let s = &sheets["Sources"];
    let (f, sh, c) = (col(s, "File"), col(s, "Sheet"), col(s, "Cell"));
    let rows: std::collections::HashSet<(String, String, String)> = s[1..]
        .iter()
        .filter(|r| r[0] == id)
        .map(|r| {
            (
                r[f].clone(),
                r[sh].clone(),
                r[c].trim_start_matches(char::is_alphabetic).to_string(),
            )
        })
        .collect();
    rows.len() == 1
}

fn cell_first_criterion(sheets: &Sheets, id: &str) -> String {
    let w = &sheets["Worklist"];
    w.iter()
        .find(|r| r[0] == id && r[col(w, "Criterion")].starts_with("baseline-"))
        .unwrap()[col(w, "Criterion")]
    .clone()
}

/// Renames integration `id` in its register file (the cell holding its
/// name on its one row), as an analyst correcting the source does; the
/// old and the new name.
fn rename_in_register(dir: &Path, sheets: &Sheets, id: &str) -> (String, String) {
    let s = &sheets["Sources"];
    let source = s[1..].iter().find(|r| r[0] == id).unwrap();
    let (file, sheet, cell) = (
        source[col(s, "File")].clone(),
        source[col(s, "Sheet")].clone(),
        source[col(s, "Cell")].clone(),
    );
    let name = source[col(s, "Integration")].clone();
    let row: usize = cell
        .trim_start_matches(char::is_alphabetic)
        .parse::<usize>()
        .unwrap()
        - 1;
    let new_name = format!("{name} (renamed)");
    let path = dir.join(&file);
    let copy = dir.join("register-copy.xlsx");
    rewrite_workbook(&path, &copy, |name_of_sheet, rows| {
        if name_of_sheet != sheet {
            return;
        }
        let hits: Vec<usize> = (0..rows[row].len())
            .filter(|&c| rows[row][c].text() == name)
            .collect();
        assert_eq!(hits.len(), 1, "the name {name:?} once on its row");
        rows[row][hits[0]] = Val::S(new_name.clone());
    });
    std::fs::rename(&copy, &path).unwrap();
    (name, new_name)
}

/// What the analyst does to one cell group in one week.
#[derive(Debug, Clone, Copy)]
enum Act {
    Keep,
    Set(u8),
    Clear,
    /// Delete the Worklist row (rows only).
    Delete,
}

fn act() -> impl proptest::strategy::Strategy<Value = Act> {
    use proptest::prelude::*;
    prop_oneof![
        3 => Just(Act::Keep),
        3 => (0u8..3).prop_map(Act::Set),
        1 => Just(Act::Clear),
        1 => Just(Act::Delete),
    ]
}

const VERDICTS: [&str; 3] = ["accepted", "rejected", "waived"];
const CRITERIA: [&str; 2] = ["baseline-oauth", "baseline-explain"];

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 8, .. proptest::prelude::ProptestConfig::default() })]

    /// Random weeks of decisions on rows and requests: after each run, the
    /// decision in force for every criterion is the latest the analyst
    /// made where it counts (the row's own, else its request's), and every
    /// cell the analyst typed is still there.
    #[test]
    fn the_decision_in_force_is_the_analysts_latest_and_no_cell_is_lost(
        weeks in proptest::collection::vec(
            (proptest::collection::vec(act(), 6), proptest::collection::vec(act(), 4)),
            3,
        )
    ) {
        let dir = temp();
        let d = dir.path();
        std::fs::create_dir(d.join("reg")).unwrap();
        write(
            &d.join("reg"),
            "r.csv",
            "Member,Integration,Product,Sector,Badge,Date awarded\n\
             U1,CRIS,Pure,University,Authenticate,2019-01-01\n\
             U2,CRIS,Pure,University,Authenticate,2019-02-01\n\
             U3,Portal,Pure,University,Display,2019-03-01\n",
        );
        // What the analyst has typed: per (member, criterion) on rows, per
        // request id on requests.
        let mut rows_typed: HashMap<(String, String), &str> = HashMap::new();
        let mut requests_typed: HashMap<String, &str> = HashMap::new();
        let mut previous: Option<String> = None;
        for (week, (row_acts, request_acts)) in weeks.iter().enumerate() {
            let out = format!("w{week}.xlsx");
            let mut extra = Vec::new();
            if let Some(p) = &previous {
                extra.extend(["--previous", p.as_str()]);
            }
            run(d, "2026-11-24", &out, &extra);
            let (_, book) = read_book(&d.join(&out));
            check_week(&book, &rows_typed, &requests_typed)?;
            // This week's edits.
            let w = &book["Worklist"];
            let ids: HashMap<String, String> = w[1..].iter().map(|r| (r[1].clone(), r[0].clone())).collect();
            let q = &book["Requests"];
            let request_of = |criterion: &str, member: &str| -> Option<String> {
                let id = ids.get(member)?;
                q[1..].iter().find(|r| r[col(q, "Criterion")] == criterion && r[col(q, "Integration IDs")].split(", ").any(|x| x == id)).map(|r| r[0].clone())
            };
            let mut row_edits: Vec<(String, String, Act)> = Vec::new();
            for (n, a) in row_acts.iter().enumerate() {
                let member = format!("U{}", n % 3 + 1);
                let criterion = CRITERIA[n / 3];
                let key = (member.clone(), criterion.to_string());
                match a {
                    Act::Set(v) => { rows_typed.insert(key, VERDICTS[*v as usize]); }
                    Act::Clear => { rows_typed.remove(&key); }
                    // Deleting a decided row keeps its decision.
                    Act::Delete | Act::Keep => {}
                }
                row_edits.push((member, criterion.to_string(), *a));
            }
            let mut request_edits: Vec<(String, Act)> = Vec::new();
            for (n, a) in request_acts.iter().enumerate() {
                let (criterion, member) = if n == 0 { (CRITERIA[0], "U1".to_string()) } else { (CRITERIA[1], format!("U{n}")) };
                let Some(rq) = request_of(criterion, &member) else { continue };
                match a {
                    Act::Set(v) => { requests_typed.insert(rq.clone(), VERDICTS[*v as usize]); }
                    Act::Clear => { requests_typed.remove(&rq); }
                    Act::Delete | Act::Keep => {}
                }
                request_edits.push((rq, *a));
            }
            let edited = format!("w{week}-edited.xlsx");
            rewrite_workbook(&d.join(&out), &d.join(&edited), |name, rows| match name {
                "Worklist" => {
                    for (member, criterion, a) in &row_edits {
                        let Some(id) = ids.get(member) else { continue };
                        match a {
                            Act::Set(v) => set_row(rows, id, criterion, &[
                                ("Decision", Val::S(VERDICTS[*v as usize].into())),
                                ("Evidence received on", Val::D(day("2026-11-20"))),
                            ]),
                            Act::Clear => set_row(rows, id, criterion, &[("Decision", Val::E), ("Evidence received on", Val::E)]),
                            Act::Delete => {
                                let header: Vec<String> = rows[0].iter().map(Val::text).collect();
                                let (i, c) = (header.iter().position(|h| h == "ID").unwrap(), header.iter().position(|h| h == "Criterion").unwrap());
                                rows.retain(|r| !(r[i].text() == *id && r[c].text() == *criterion));
                            }
                            Act::Keep => {}
                        }
                    }
                }
                "Requests" => {
                    for (rq, a) in &request_edits {
                        match a {
                            Act::Set(v) => set_request(rows, rq, &[
                                ("Decision", Val::S(VERDICTS[*v as usize].into())),
                                ("Evidence received on", Val::D(day("2026-11-21"))),
                            ]),
                            Act::Clear => set_request(rows, rq, &[("Decision", Val::E), ("Evidence received on", Val::E)]),
                            Act::Delete | Act::Keep => {}
                        }
                    }
                }
                _ => {}
            });
            previous = Some(edited);
        }
    }
}

/// After a run: every typed cell is where the analyst left it, and each
/// criterion's evidence follows the decision in force.
fn check_week(
    book: &Sheets,
    rows_typed: &HashMap<(String, String), &str>,
    requests_typed: &HashMap<String, &str>,
) -> Result<(), proptest::test_runner::TestCaseError> {
    use proptest::prop_assert_eq;
    let w = &book["Worklist"];
    let q = &book["Requests"];
    let ids: HashMap<String, String> = w[1..]
        .iter()
        .map(|r| (r[1].clone(), r[0].clone()))
        .collect();
    for (rq, verdict) in requests_typed {
        let r = q.iter().find(|r| r[0] == *rq);
        prop_assert_eq!(
            r.map(|r| r[col(q, "Decision")].as_str()),
            Some(*verdict),
            "request {} lost its decision",
            rq
        );
    }
    for member in ["U1", "U2", "U3"] {
        let Some(id) = ids.get(member) else { continue };
        for criterion in CRITERIA {
            let key = (member.to_string(), criterion.to_string());
            let own = rows_typed.get(&key).copied();
            let found = w.iter().find(|r| r[0] == *id && r[6] == criterion);
            let cell = found.map_or("", |r| r[col(w, "Decision")].as_str());
            prop_assert_eq!(
                cell,
                own.unwrap_or(""),
                "{} / {}: the row's own cell",
                member,
                criterion
            );
            let request = q[1..]
                .iter()
                .find(|r| {
                    r[col(q, "Criterion")] == criterion
                        && r[col(q, "Integration IDs")].split(", ").any(|x| x == id)
                })
                .and_then(|r| requests_typed.get(&r[0]).copied());
            let in_force = own.or(request);
            let criteria = &book["Criteria"];
            let evidence = criteria
                .iter()
                .find(|r| r[0] == *id)
                .map(|r| r[col(criteria, criterion)].clone())
                .unwrap_or_default();
            let expected: &[&str] = match in_force {
                Some("accepted") => &["full"],
                Some("rejected") => &["missing"],
                Some("waived") => &["waived"],
                _ => &["partial", "missing"],
            };
            proptest::prop_assert!(
                expected.contains(&evidence.as_str()),
                "{} / {}: {} in force, evidence {}",
                member,
                criterion,
                in_force.unwrap_or("nothing"),
                evidence
            );
        }
    }
    Ok(())
}

#[test]
fn open_actions_settle_disagreements_are_named_and_late_dates_are_issues() {
    let dir = temp();
    let d = dir.path();
    std::fs::create_dir(d.join("reg")).unwrap();
    write(
        &d.join("reg"),
        "r.csv",
        "Member,Integration,Product,Sector,Badge,Status,Date awarded\n\
         U1,CRIS,Pure,University,Authenticate,Awarded,2019-01-01\n\
         U1,CRIS,Pure,University,Display,In progress,\n\
         U1,CRIS,Pure,University,Display,Awarded,2019-02-01\n\
         U2,CRIS,Pure,University,Authenticate,Awarded,2019-02-01\n\
         U3,CRIS,Pure,University,Authenticate,Awarded,2019-03-01\n",
    );
    run(d, "2026-11-24", "w1.xlsx", &[]);
    let (_, w1) = read_book(&d.join("w1.xlsx"));
    let id = |sheets: &Sheets, m: &str| {
        let rows = &sheets["Integrations"];
        rows.iter().find(|r| r[1] == m).unwrap()[0].clone()
    };
    let (u1, u2, u3) = (id(&w1, "U1"), id(&w1, "U2"), id(&w1, "U3"));
    assert_eq!(
        status(&w1, &u1),
        "review",
        "Display both awarded and in progress"
    );
    let q = &w1["Requests"];
    let oauth = q[1..]
        .iter()
        .find(|r| r[col(q, "Criterion")] == "baseline-oauth")
        .unwrap()[0]
        .clone();
    rewrite_workbook(
        &d.join("w1.xlsx"),
        &d.join("w1e.xlsx"),
        |name, rows| match name {
            "Worklist" => {
                // Settled: the in-progress row was an old note.
                set_row(
                    rows,
                    &u1,
                    "settle-review",
                    &[
                        ("Decision", Val::S("accepted".into())),
                        (
                            "Comment",
                            Val::S("the in-progress row is an old note".into()),
                        ),
                    ],
                );
                // U2's row says otherwise than the request for all three.
                set_row(
                    rows,
                    &u2,
                    "baseline-oauth",
                    &[("Decision", Val::S("rejected".into()))],
                );
                // A date after the as-of date.
                set_row(
                    rows,
                    &u3,
                    "baseline-explain",
                    &[
                        ("Decision", Val::S("accepted".into())),
                        ("Evidence received on", Val::D(day("2026-12-24"))),
                    ],
                );
            }
            "Requests" => set_request(
                rows,
                &oauth,
                &[
                    ("Decision", Val::S("accepted".into())),
                    ("Evidence received on", Val::D(day("2026-11-20"))),
                ],
            ),
            _ => {}
        },
    );
    // The next run is dated before the previous one.
    let week2 = run(d, "2026-11-23", "w2.xlsx", &["--previous", "w1e.xlsx"]);
    let (_, w2) = read_book(&d.join("w2.xlsx"));
    assert_ne!(status(&w2, &u1), "review");
    let integrations = &w2["Integrations"];
    let reason = &integrations.iter().find(|r| r[0] == u1).unwrap()[col(integrations, "Reason")];
    assert!(
        reason.starts_with("review settled by an analyst (the in-progress row is an old note); "),
        "{reason}"
    );
    let issues: Vec<String> = w2["Issues"].iter().map(|r| r[8].clone()).collect();
    assert!(
        !issues
            .iter()
            .any(|m| m.contains("settle-review accepted without")),
        "{issues:?}"
    );
    // The row and its request disagree: both cells named; the row wins.
    assert!(issues.iter().any(|m| m.starts_with(&format!("request {oauth} (Requests › ")) && m.contains(&format!("says accepted, received 2026-11-20, but the row of {u2} / baseline-oauth (Worklist › ")) && m.ends_with("says rejected")), "{issues:?}");
    assert_eq!(evidence(&w2, &u2, "baseline-oauth"), "missing");
    assert_eq!(evidence(&w2, &u3, "baseline-oauth"), "full");
    // Dates after the as-of date, and a previous workbook newer than the run.
    assert!(issues.iter().any(|m| m == &format!("\"Evidence received on\" for {u3} / baseline-explain is 2026-12-24, after the run's as-of date 2026-11-23")), "{issues:?}");
    assert!(
        issues.iter().any(|m| m
            == "the previous workbook is as of 2026-11-24, after this run's as-of date 2026-11-23"),
        "{issues:?}"
    );
    // Every decision made is counted: the settled action too, and the
    // request's on U1, which is in the request now that its review is
    // settled (a request decides for the integrations it has this run).
    assert!(
        week2
            .stdout
            .contains("5 analyst decisions in force (5 new this run)"),
        "{}",
        week2.stdout
    );
    // Changes lists the settled review as a status change first.
    let changes = &w2["Changes"];
    assert_eq!(changes[1][0], u1, "{changes:?}");
    assert_eq!(changes[1][3], "review");
}

#[test]
fn an_integration_read_from_the_same_cells_under_another_member_is_named_as_possibly_the_same() {
    let dir = temp();
    let d = dir.path();
    std::fs::create_dir(d.join("reg")).unwrap();
    write(
        &d.join("reg"),
        "r.csv",
        "Member,Integration,Authenticate,Display\nKestrel Uni,Portal,Yes,Yes\n",
    );
    run(d, "2026-11-24", "w1.xlsx", &[]);
    let (_, w1) = read_book(&d.join("w1.xlsx"));
    let old = w1["Integrations"][1][0].clone();
    rewrite_workbook(&d.join("w1.xlsx"), &d.join("w1e.xlsx"), |name, rows| {
        if name == "Worklist" {
            set_row(
                rows,
                &old,
                "baseline-oauth",
                &[("Decision", Val::S("rejected".into()))],
            );
        }
    });
    // The member's name corrected: another member, the same cells.
    write(
        &d.join("reg"),
        "r.csv",
        "Member,Integration,Authenticate,Display\nKestrel University,Portal,Yes,Yes\n",
    );
    run(d, "2026-11-30", "w2.xlsx", &["--previous", "w1e.xlsx"]);
    let (_, w2) = read_book(&d.join("w2.xlsx"));
    let new = w2["Integrations"][1][0].clone();
    assert_ne!(old, new);
    let changes = &w2["Changes"];
    let why: Vec<&String> = changes.iter().map(|r| &r[5]).collect();
    assert!(
        why.iter().any(|w| w.starts_with(&format!(
            "possibly the same as {old} (Kestrel Uni / Portal)"
        ))),
        "{why:?}"
    );
    assert!(
        why.iter().any(
            |w| w.starts_with("decision kept aside: rejected on baseline-oauth")
                && w.contains(&format!("possibly it is {new} now"))
        ),
        "{why:?}"
    );
    let issues: Vec<&String> = w2["Issues"].iter().map(|r| &r[8]).collect();
    assert!(issues.iter().any(|m| **m == format!("{old} (Kestrel Uni / Portal) of the previous run is possibly {new} of this one: read from some of the same cells")), "{issues:?}");
    // Not carried: the analyst re-applies it, or settles it in an aliases file.
    assert_eq!(cell(&w2, &new, "baseline-oauth", "Decision"), "");
}
