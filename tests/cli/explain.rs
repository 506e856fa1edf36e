//! `badgemap explain`: snapshot of a sample integration's decision chain, and
//! member matching.

use crate::support::*;

/// Compares with the stored snapshot; `UPDATE_SNAPSHOTS=1` rewrites it.
fn assert_snapshot(name: &str, actual: &str) {
    let path = repo_path(&format!("tests/snapshots/{name}"));
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|_| panic!("missing snapshot {name}; run with UPDATE_SNAPSHOTS=1"));
    if expected != actual {
        let first = expected
            .lines()
            .zip(actual.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(0);
        panic!(
            "snapshot {name} differs from line {}:\n  expected: {:?}\n  actual:   {:?}\n(UPDATE_SNAPSHOTS=1 rewrites it after review)",
            first + 1,
            expected.lines().nth(first).unwrap_or(""),
            actual.lines().nth(first).unwrap_or("")
        );
    }
}

#[test]
fn explains_a_sample_integration() {
    let run = badgemap(
        &repo_path(""),
        &[
            "explain",
            "university of NORTHMOOR",
            "research portal",
            "samples",
            "--certified",
            "samples/certified-providers.csv",
            "--as-of",
            "2026-11-24",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_snapshot("explain-northmoor-research-portal.txt", &run.stdout);
}

#[test]
fn member_matching_lists_candidates_when_ambiguous() {
    let root = repo_path("");
    let many = badgemap(&root, &["explain", "Northmoor", "samples"]);
    assert_eq!(many.code, 2);
    assert_eq!(
        many.stderr,
        "badgemap: University of Northmoor has 3 integrations: Institutional repository; Research portal; Thesis deposit; name one after the member\n"
    );
    let university = badgemap(&root, &["explain", "Univ", "samples"]);
    assert_eq!(university.code, 2);
    assert!(
        university
            .stderr
            .starts_with("badgemap: \"Univ\" matches several members: "),
        "{}",
        university.stderr
    );
    assert!(
        university.stderr.contains("Université de Valmont")
            && university.stderr.contains("University of Northmoor")
    );
    let none = badgemap(&root, &["explain", "Nowhere College", "samples"]);
    assert_eq!(
        none.stderr,
        "badgemap: no member matching \"Nowhere College\" in the inputs\n"
    );
    let single = badgemap(
        &root,
        &["explain", "Fenwick", "samples", "--as-of", "2026-11-24"],
    );
    assert_eq!(single.code, 0, "{}", single.stderr);
    assert!(
        single
            .stdout
            .starts_with("Fenwick Polytechnic / Research portal (BM-"),
        "{}",
        single.stdout
    );
    assert!(
        single
            .stdout
            .contains("\n7. Status: no-evidence: no awarded badge\n"),
        "{}",
        single.stdout
    );
}
