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
