//! Mapping files: every class of error with its message and position, the
//! shipped mappings, and a custom badge honoured without code changes.

use crate::support::*;

/// A small valid mapping; tests replace parts of it.
const MINIMAL: &str = r#"[mapping]
id = "tiny"
title = "Tiny"
version = "0.1.0"

[badges.display]
label = "Display"
aliases = ["shown"]

[badges.connect]
label = "Connect"

[levels.connect]
badges = ["display", "connect"]

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
"#;

fn check(dir: &std::path::Path, text: &str) -> Run {
    std::fs::write(dir.join("m.toml"), text).unwrap();
    badgemap(dir, &["check", "m.toml"])
}

/// Asserts exit 2 and that stderr names `file:line:col` and the message, with
/// the line quoted and a caret under the offending text.
fn assert_error(text: &str, line: usize, col: usize, message: &str, caret: &str) {
    let dir = temp();
    let run = check(dir.path(), text);
    assert_eq!(run.code, 2, "{}", run.stderr);
    let expected = format!("error: {message}\n");
    assert!(
        run.stderr.contains(&expected),
        "missing {expected:?} in:\n{}",
        run.stderr
    );
    let at = format!("--> m.toml:{line}:{col}\n");
    assert!(
        run.stderr.contains(&at),
        "missing {at:?} in:\n{}",
        run.stderr
    );
    let source_line = text.lines().nth(line - 1).unwrap();
    let underline = format!(
        "{}{}",
        " ".repeat(col - 1),
        "^".repeat(caret.chars().count())
    );
    assert!(
        run.stderr.contains(&format!("| {source_line}\n"))
            && run.stderr.contains(&format!("| {underline}\n")),
        "missing the quoted line or caret {underline:?} in:\n{}",
        run.stderr
    );
    assert!(
        run.stderr.ends_with(" error)\n") || run.stderr.ends_with(" errors)\n"),
        "{}",
        run.stderr
    );
}

#[test]
fn the_minimal_mapping_is_valid() {
    let dir = temp();
    let run = check(dir.path(), MINIMAL);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.starts_with("m.toml: valid\n  tiny 0.1.0: Tiny\n  2 badges, 1 levels, 1 workflows, 1 criteria, 1 rules, 0 products\n"), "{}", run.stdout);
}

#[test]
fn toml_syntax_error() {
    let text = MINIMAL.replace("title = \"Tiny\"", "title = \"Tiny");
    assert_error(&text, 3, 14, "invalid basic string, expected `\"`", "\"");
}

#[test]
fn unknown_key() {
    let text = MINIMAL.replace("level = \"must\"", "level = \"must\"\nweight = 3");
    assert_error(&text, 24, 1, "unknown field `weight`, expected one of `id`, `title`, `level`, `workflows`, `evidence_request`, `source`, `addressee`", "weight");
}

#[test]
fn unknown_badge_in_a_rule() {
    let text = MINIMAL.replace(
        "badges = [\"display\"]\nfull",
        "badges = [\"dispaly\"]\nfull",
    );
    assert_error(
        &text,
        29,
        11,
        "rule \"display-shows\" names unknown badge \"dispaly\"; did you mean \"display\"?",
        "\"dispaly\"",
    );
}

#[test]
fn unknown_criterion_in_a_rule() {
    let text = MINIMAL.replace("full = [\"show-ids\"]", "full = [\"show-id\"]");
    assert_error(
        &text,
        30,
        9,
        "rule \"display-shows\" names unknown criterion \"show-id\"; did you mean \"show-ids\"?",
        "\"show-id\"",
    );
}

#[test]
fn duplicate_criterion_id() {
    let criterion = "[[criteria]]\nid = \"show-ids\"\ntitle = \"Again\"\nlevel = \"may\"\nevidence_request = \"x\"\nsource = \"https://example.org/x\"\n\n";
    let text = MINIMAL.replace("[[rules]]", &format!("{criterion}[[rules]]"));
    assert_error(
        &text,
        28,
        6,
        "duplicate criterion id \"show-ids\"",
        "\"show-ids\"",
    );
}

#[test]
fn duplicate_rule_id() {
    let text = format!("{MINIMAL}\n[[rules]]\nid = \"display-shows\"\nbadges = [\"connect\"]\npartial = [\"show-ids\"]\nnote = \"x\"\n");
    assert_error(
        &text,
        34,
        6,
        "duplicate rule id \"display-shows\"",
        "\"display-shows\"",
    );
}

#[test]
fn alias_claimed_by_two_badges() {
    let text = MINIMAL.replace(
        "label = \"Connect\"",
        "label = \"Connect\"\naliases = [\"Shown\"]",
    );
    assert_error(
        &text,
        12,
        12,
        "the name \"Shown\" is claimed by badges \"display\" and \"connect\"",
        "\"Shown\"",
    );
}

#[test]
fn a_product_name_claimed_by_two_products() {
    let text = format!(
        "{MINIMAL}\n[products.dspace]\nname = \"DSpace\"\nvendor = \"LYRASIS\"\n\n[products.dspace-cris]\nname = \"DSpace-CRIS\"\naliases = [\"dspace\"]\n"
    );
    assert_error(
        &text,
        39,
        12,
        "\"dspace\" names two products: \"dspace\" and \"dspace-cris\"; keep it in one",
        "\"dspace\"",
    );
}

#[test]
fn a_programme_that_ends_before_it_starts() {
    let text = format!("{MINIMAL}\n[programme]\nstarted = 2016-01-01\nended = 2015-12-31\n");
    assert_error(
        &text,
        35,
        9,
        "ended (2015-12-31) is before started (2016-01-01)",
        "2015-12-31",
    );
}

#[test]
fn ladder_naming_an_unknown_badge() {
    let text = MINIMAL.replace(
        "badges = [\"display\", \"connect\"]",
        "badges = [\"display\", \"sync\"]",
    );
    assert_error(
        &text,
        14,
        22,
        "level \"connect\" names unknown badge \"sync\" (known: connect, display)",
        "\"sync\"",
    );
}

#[test]
fn a_rule_that_can_never_fire() {
    let text = MINIMAL.replace(
        "badges = [\"display\"]\nfull",
        "badges = [\"display\"]\nawarded_before = 2018-01-01\nawarded_on_or_after = 2018-05-30\nfull",
    );
    assert_error(
        &text,
        30,
        18,
        "rule \"display-shows\" can never fire: awarded before 2018-01-01 and on or after 2018-05-30 is an empty window",
        "2018-01-01",
    );
    let undated = MINIMAL.replace(
        "badges = [\"display\"]\nfull",
        "badges = [\"display\"]\nundated = true\nawarded_before = 2019-01-01\nfull",
    );
    assert_error(
        &undated,
        30,
        11,
        "rule \"display-shows\" can never fire: an undated award has no date to fall in its window",
        "true",
    );
    let sectors = MINIMAL.replace(
        "badges = [\"display\"]\nfull",
        "badges = [\"display\"]\nsectors = []\nfull",
    );
    assert_error(
        &sectors,
        30,
        11,
        "rule \"display-shows\" can never fire: its sector list is empty",
        "[]",
    );
}

#[test]
fn invalid_dates_levels_and_versions() {
    let time = MINIMAL.replace(
        "badges = [\"display\"]\nfull",
        "badges = [\"display\"]\nawarded_before = 2018-05-30T10:00:00\nfull",
    );
    assert_error(
        &time,
        30,
        18,
        "rule \"display-shows\": give a plain date such as 2018-05-30, not 2018-05-30T10:00:00",
        "2018-05-30T10:00:00",
    );
    let level = MINIMAL.replace("level = \"must\"", "level = \"required\"");
    assert_error(
        &level,
        23,
        9,
        "level \"required\" is not one of \"must\", \"should\", \"may\"",
        "\"required\"",
    );
    let version = MINIMAL.replace("version = \"0.1.0\"", "version = \"1.0\"");
    assert_error(
        &version,
        4,
        11,
        "version \"1.0\" is not a semantic version such as \"1.2.0\"",
        "\"1.0\"",
    );
    let url = MINIMAL.replace("https://example.org/criteria", "example.org/criteria");
    assert_error(
        &url,
        25,
        10,
        "\"example.org/criteria\" is not an http(s) URL",
        "\"example.org/criteria\"",
    );
    let workflow = MINIMAL.replace(
        "level = \"must\"",
        "level = \"must\"\nworkflows = [\"repo\"]",
    );
    assert_error(
        &workflow,
        24,
        14,
        "criterion \"show-ids\" names unknown workflow \"repo\" (known: repository)",
        "\"repo\"",
    );
}

#[test]
fn every_error_is_reported_not_only_the_first() {
    let dir = temp();
    let text = MINIMAL
        .replace("full = [\"show-ids\"]", "full = [\"nope\"]")
        .replace("level = \"must\"", "level = \"often\"");
    let run = check(dir.path(), &text);
    assert_eq!(run.code, 2);
    assert_eq!(run.stderr.matches("error: ").count(), 2, "{}", run.stderr);
    assert!(
        run.stderr.ends_with("m.toml: invalid mapping (2 errors)\n"),
        "{}",
        run.stderr
    );
}

#[test]
fn unmet_must_criteria_are_warnings() {
    let dir = temp();
    let text = MINIMAL.replace("full = [\"show-ids\"]", "partial = [\"show-ids\"]");
    let run = check(dir.path(), &text);
    assert_eq!(run.code, 0);
    assert!(run.stdout.contains("Warnings (1):\n  warning: m.toml:21:6: MUST criterion \"show-ids\" can only be partly evidenced by badges: it always needs fresh evidence\n"), "{}", run.stdout);
}

#[test]
fn shipped_mappings_pass_check_and_are_embedded() {
    let root = repo_path("");
    let run = badgemap(
        &root,
        &[
            "check",
            "mappings/csp-2023.toml",
            "mappings/csp-baseline.toml",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("csp-2023 1.1.0"));
    assert!(
        run.stdout
            .contains("  5 badges, 5 levels, 5 workflows, 45 criteria, 15 rules, 27 products\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("  5 badges, 5 levels, 0 workflows, 11 criteria, 7 rules, 27 products\n"),
        "{}",
        run.stdout
    );
    // The coverage row for pre-filling: only a Collect badge evidences it fully.
    assert!(run.stdout.contains("  ris-prefill               MUST        .          F       .       .         .       ."), "{}", run.stdout);

    let list = badgemap(&root, &["mappings", "list"]);
    assert_eq!(list.code, 0);
    assert_eq!(list.stdout.lines().count(), 2);
    assert!(
        list.stdout.starts_with("csp-2023       (default) 1.1.0   "),
        "{}",
        list.stdout
    );
    let show = badgemap(&root, &["mappings", "show", "csp-baseline"]);
    assert_eq!(
        show.stdout,
        std::fs::read_to_string(root.join("mappings/csp-baseline.toml")).unwrap()
    );
    let missing = badgemap(&root, &["mappings", "show", "nope"]);
    assert_eq!(missing.code, 2);
    assert_eq!(
        missing.stderr,
        "badgemap: no embedded mapping \"nope\"; known: csp-2023, csp-baseline\n"
    );
}

#[test]
fn shipped_rule_express_the_2018_change_of_collect() {
    let plan = badgemap::mapping::embedded("csp-2023").unwrap().plan;
    let rule = |id: &str| plan.rules.iter().find(|r| r.id == id).unwrap();
    let before = rule("collect-before-2018-relaunch");
    let after = rule("collect-after-2018-relaunch");
    let relaunch = chrono::NaiveDate::from_ymd_opt(2018, 5, 30);
    assert_eq!(before.conditions.awarded_before(), relaunch);
    assert_eq!(after.conditions.awarded_on_or_after(), relaunch);
    let oauth = plan.criterion("baseline-oauth").unwrap();
    let prefill = plan.criterion("ris-prefill").unwrap();
    use badgemap::mapping::plan::Strength::{Full, Partial};
    assert!(before.grants.contains(&(oauth, Partial)));
    assert!(after.grants.contains(&(prefill, Full)));
    for c in &plan.criteria {
        assert!(c.source.starts_with("https://"), "{}", c.id);
        assert!(c.evidence_request.ends_with('.'), "{}", c.id);
    }
    assert!(plan.rules.iter().all(|r| !r.note.is_empty()));
}

#[test]
fn a_custom_sixth_badge_is_honoured_by_inspect() {
    let dir = temp();
    let custom = std::fs::read_to_string(repo_path("mappings/csp-2023.toml")).unwrap().replace(
        "# ---------------------------------------------------------------- levels ----",
        "[badges.peer-review]\nlabel = \"Peer review\"\naliases = [\"PR badge\", \"reviewer recognition\"]\norder = 6\n\n# ---------------------------------------------------------------- levels ----",
    );
    std::fs::write(dir.path().join("custom.toml"), custom).unwrap();
    std::fs::write(
        dir.path().join("r.csv"),
        "Member,Integration,Badge,Peer Review\nU,I,Reviewer recognition,\nV,J,Display,Y\n",
    )
    .unwrap();
    let default = badgemap(dir.path(), &["inspect", "r.csv"]);
    assert!(
        default
            .stdout
            .contains("unknown badge \"Reviewer recognition\""),
        "{}",
        default.stdout
    );
    let run = badgemap(
        dir.path(),
        &["inspect", "--mapping", "custom.toml", "r.csv"],
    );
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout
            .contains("    D1     Peer Review  badge: Peer review  [1 filled: 1 yes]\n"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("unknown badge"), "{}", run.stdout);
    assert!(
        run.stdout
            .contains("Register: 2 integrations of 2 members, 3 awarded badges"),
        "{}",
        run.stdout
    );
}

#[test]
fn an_invalid_mapping_stops_inspect_with_status_2() {
    let dir = temp();
    std::fs::write(
        dir.path().join("bad.toml"),
        MINIMAL.replace("full = [\"show-ids\"]", "full = [\"x\"]"),
    )
    .unwrap();
    std::fs::write(dir.path().join("r.csv"), "Member,Badge\nU,Display\n").unwrap();
    let run = badgemap(dir.path(), &["inspect", "--mapping", "bad.toml", "r.csv"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.ends_with(
            "badgemap: the mapping bad.toml is invalid; `badgemap check bad.toml` explains\n"
        ),
        "{}",
        run.stderr
    );
    assert!(run.stdout.is_empty());
}

#[test]
fn the_documented_example_is_a_valid_mapping() {
    let doc = std::fs::read_to_string(repo_path("docs/mapping-format.md")).unwrap();
    let start = doc.find("```toml\n").unwrap() + "```toml\n".len();
    let end = start + doc[start..].find("```").unwrap();
    let dir = temp();
    let run = check(dir.path(), &doc[start..end]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("  2 badges, 1 levels, 1 workflows, 2 criteria, 4 rules, 1 products\n"),
        "{}",
        run.stdout
    );
}

#[test]
fn the_intake_template_reads_back_without_an_issue() {
    let dir = temp();
    let run = badgemap(dir.path(), &["template", "-o", "intake.xlsx"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let (code, json) = inspect_json(dir.path(), &["intake.xlsx"]);
    assert_eq!(code, 0);
    // The example rows are never read as integrations: their sheet, the
    // dropdown lists and the hidden settings are skipped, each with a notice.
    assert_eq!(
        messages(&json),
        [
            "notice intake.xlsx|Instructions|: sheet skipped: instructions of the badgemap intake template",
            "notice intake.xlsx|Examples|: sheet skipped: example rows of the badgemap intake template",
            "notice intake.xlsx|Lists|: sheet skipped: dropdown lists of the badgemap intake template",
            "notice intake.xlsx|badgemap|: sheet skipped: the intake template's settings",
        ]
    );
    assert_eq!(json["accounting"]["rows_read"], 0, "nothing read: {json}");
    // Every dropdown takes its values from the hidden Lists sheet, so no list
    // is cut at Excel's 255 characters.
    let (names, sheets) = read_book(&dir.path().join("intake.xlsx"));
    assert_eq!(
        names,
        [
            "Instructions",
            "Awards",
            "Badge grid",
            "Examples",
            "Lists",
            "badgemap"
        ]
    );
    let lists = &sheets["Lists"];
    assert_eq!(lists[0][..3], ["Sector", "Workflow", "Badge"]);
    let badges: Vec<&str> = lists[1..]
        .iter()
        .map(|r| r[2].as_str())
        .filter(|b| !b.is_empty())
        .collect();
    assert_eq!(
        badges,
        [
            "Authenticate",
            "Collect",
            "Display",
            "Connect",
            "Synchronize"
        ]
    );
    let mut zip =
        zip::ZipArchive::new(std::fs::File::open(dir.path().join("intake.xlsx")).unwrap()).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(
        &mut zip.by_name("xl/worksheets/sheet2.xml").unwrap(),
        &mut xml,
    )
    .unwrap();
    assert!(
        xml.contains("<formula1>Lists!$C$2:$C$6</formula1>"),
        "{xml}"
    );
    let again = badgemap(dir.path(), &["template", "-o", "intake.xlsx"]);
    assert_eq!(again.code, 2);
}

#[test]
fn rows_typed_into_the_template_are_read_and_its_examples_are_not() {
    let dir = temp();
    assert_eq!(
        badgemap(dir.path(), &["template", "-o", "intake.xlsx"]).code,
        0
    );
    // An analyst fills in one row of the Awards sheet, as a spreadsheet
    // program saving the file would (calamine reads, rust_xlsxwriter writes).
    rewrite_workbook(
        &dir.path().join("intake.xlsx"),
        &dir.path().join("filled.xlsx"),
        |sheet, rows| {
            if sheet == "Awards" {
                rows.push(
                    [
                        "Northmoor University",
                        "CRIS",
                        "Pure",
                        "Research Institute",
                        "UK",
                        "",
                        "Display",
                        "Awarded",
                    ]
                    .iter()
                    .map(|s| Val::S(s.to_string()))
                    .collect(),
                );
            }
        },
    );
    let (code, json) = inspect_json(dir.path(), &["filled.xlsx"]);
    assert_eq!(code, 0, "{json}");
    assert_eq!(json["accounting"]["with_awards"], 1, "{json}");
    assert_eq!(json["register"]["integrations"], 1, "{json}");
}
