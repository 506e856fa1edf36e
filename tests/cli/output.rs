//! Output that cannot be written: a pipe closed early ends quietly with
//! status 0, a full disk is one line on standard error with status 2, and
//! neither panics, for every subcommand.

use crate::support::*;
use std::process::{Command, Stdio};

/// Every subcommand, with arguments that make it print something.
fn commands(dir: &std::path::Path) -> Vec<Vec<String>> {
    let samples = repo_path("samples").display().to_string();
    let mapping = repo_path("mappings/csp-2023.toml").display().to_string();
    let out = |name: &str| dir.join(name).display().to_string();
    let mut list: Vec<Vec<&str>> = vec![
        vec!["mappings", "list"],
        vec!["mappings", "show", "csp-2023"],
        vec!["completions", "bash"],
        vec!["inspect", &samples],
        vec!["inspect", "--json", &samples],
        vec![
            "explain",
            "University of Northmoor",
            "Research portal",
            &samples,
        ],
    ];
    let check: Vec<&str> = std::iter::once("check")
        .chain([mapping.as_str(); 40])
        .collect();
    list.push(check);
    let (run_out, template_out, gen_out) = (out("r.xlsx"), out("t.xlsx"), out("gen"));
    list.push(vec!["run", &samples, "--force", "-o", &run_out]);
    list.push(vec!["template", "--force", "-o", &template_out]);
    list.push(vec![
        "generate",
        "--force",
        "--files",
        "1",
        "--integrations",
        "5",
        "-o",
        &gen_out,
    ]);
    list.into_iter()
        .map(|c| c.into_iter().map(str::to_string).collect())
        .collect()
}

#[test]
fn a_closed_pipe_ends_quietly_and_a_full_disk_is_one_line() {
    let dir = temp();
    for args in commands(dir.path()) {
        // The reading end is closed as soon as the command starts.
        let mut child = Command::new(env!("CARGO_BIN_EXE_badgemap"))
            .args(&args)
            .env("NO_COLOR", "1")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        let closed = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&closed.stderr);
        assert_eq!(closed.status.code(), Some(0), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert!(!stderr.contains("badgemap:"), "{args:?}: {stderr}");

        let full = Command::new(env!("CARGO_BIN_EXE_badgemap"))
            .args(&args)
            .env("NO_COLOR", "1")
            .stdout(std::fs::File::create("/dev/full").unwrap())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&full.stderr);
        assert_eq!(full.status.code(), Some(2), "{args:?}: {stderr}");
        assert_eq!(
            stderr, "badgemap: cannot write the output: No space left on device (os error 28)\n",
            "{args:?}"
        );
    }
}

#[test]
fn the_messages_a_new_user_meets_say_what_is_wrong() {
    let dir = temp();
    let d = dir.path();
    let samples = repo_path("samples").display().to_string();
    let err = |args: &[&str]| {
        let run = badgemap(d, args);
        (run.code, run.stderr)
    };
    assert_eq!(
        err(&["rn"]),
        (2, "error: unrecognized subcommand 'rn'\n\n  tip: a similar command exists: 'run'\n\nUsage: badgemap [OPTIONS] <COMMAND>\n\nFor more information, try '--help'.\n\n".to_string())
    );
    let (code, stderr) = err(&["run", &samples, "--as-of", "2026-13-01"]);
    assert_eq!(code, 2);
    assert!(stderr.starts_with("error: invalid value '2026-13-01' for '--as-of <DATE>': 2026-13-01: there is no month 13; write the date as YYYY-MM-DD\n"), "{stderr}");
    let (_, stderr) = err(&["run", &samples, "--as-of", "2026-02-30"]);
    assert!(
        stderr.contains("2026-02-30: February 2026 has 28 days, not 30"),
        "{stderr}"
    );
    std::fs::create_dir(d.join("out.xlsx")).unwrap();
    assert_eq!(
        err(&["run", &samples, "-o", "out.xlsx", "--force"]),
        (2, "badgemap: out.xlsx is a directory; give the workbook's file name, such as out.xlsx/reconciled.xlsx\n".to_string())
    );
    assert_eq!(
        err(&["run", &samples, "-o", "x.csv"]),
        (2, "badgemap: x.csv does not end in .xlsx: the workbook is written as .xlsx (CSV files come with --csv-dir DIR, JSON with --json FILE)\n".to_string())
    );
    assert!(!d.join("x.csv").exists());
    assert_eq!(
        err(&["run", &samples, "--mapping", "nope.toml"]),
        (
            2,
            "badgemap: the mapping file nope.toml does not exist\n".to_string()
        )
    );
    assert_eq!(
        err(&["run", &samples, "--certified", "nope.csv"]),
        (
            2,
            "badgemap: the certified-provider list nope.csv does not exist\n".to_string()
        )
    );
    // A one-character typo in a mapping: the error with its caret and the
    // nearest id, last; the usual warnings folded into one line.
    let text = std::fs::read_to_string(repo_path("mappings/csp-2023.toml")).unwrap();
    let typo = text.replacen(
        "full = [\"baseline-oauth\", \"baseline-explain\"]",
        "full = [\"baseline-oauht\", \"baseline-explain\"]",
        1,
    );
    assert_ne!(typo, text);
    std::fs::write(d.join("typo.toml"), typo).unwrap();
    let (code, stderr) = err(&["run", &samples, "--mapping", "typo.toml"]);
    assert_eq!(code, 2);
    let lines: Vec<&str> = stderr.lines().collect();
    assert!(
        lines[0].starts_with("note: ")
            && lines[0]
                .ends_with(" warnings not shown (`badgemap check typo.toml` or -v shows them)"),
        "{stderr}"
    );
    assert!(stderr.contains("error: rule \"authenticate-baseline\" names unknown criterion \"baseline-oauht\"; did you mean \"baseline-oauth\"?\n"), "{stderr}");
    assert_eq!(
        lines.last(),
        Some(&"badgemap: the mapping typo.toml is invalid; `badgemap check typo.toml` explains")
    );
    assert!(lines.len() < 12, "{stderr}");
}

#[test]
fn wrote_names_every_output_and_exit_statuses_are_as_documented() {
    let dir = temp();
    let d = dir.path();
    std::fs::write(
        d.join("r.csv"),
        "Member,Integration,Badge\nU,I,Display\n,J,Display\n",
    )
    .unwrap();
    // A rejected row: inspect says 1, run still writes its outputs and says 0.
    assert_eq!(badgemap(d, &["inspect", "r.csv"]).code, 1);
    let run = badgemap(
        d,
        &[
            "run",
            "r.csv",
            "-o",
            "out.xlsx",
            "--json",
            "out.json",
            "--csv-dir",
            "csv",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .ends_with("Wrote out.xlsx, out.json, 9 CSV files in csv\n"),
        "{}",
        run.stdout
    );
    let gated = badgemap(
        d,
        &[
            "run",
            "r.csv",
            "-o",
            "out.xlsx",
            "--force",
            "--fail-on",
            "issues",
        ],
    );
    assert_eq!(gated.code, 1);
    let help = badgemap(d, &["--help"]).stdout;
    assert!(help.contains("  0  done (run: outputs written; rejected rows are listed as issues)\n  1  inspect: some files or rows were rejected; run: a --fail-on condition held\n"), "{help}");
}
