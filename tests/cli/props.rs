//! Property tests: normalisation, date parsing, badge-name resolution and the
//! row-accounting invariant hold for arbitrary input, and nothing panics.

use badgemap::ingest::dates::{parse_date, DayOrder};
use badgemap::ingest::value::Value;
use badgemap::ingest::{ingest, Options};
use badgemap::text::identity_key;
use badgemap::vocab::Resolved;
use proptest::prelude::*;

fn vocab() -> badgemap::vocab::Vocabulary {
    badgemap::mapping::embedded("csp-2023").unwrap().plan.vocab
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, .. ProptestConfig::default() })]

    #[test]
    fn identity_keys_are_stable_and_tidy(text in any::<String>()) {
        let key = identity_key(&text);
        prop_assert_eq!(identity_key(&key), key.clone(), "idempotent");
        prop_assert!(!key.contains("  ") && key.trim() == key, "single spaces, trimmed: {:?}", key);
    }

    /// Case does not matter for names in Latin script (upper-casing some Greek
    /// letters expands them, which only full Unicode case folding undoes).
    #[test]
    fn identity_keys_ignore_case(text in "[\\p{Latin}\\p{Common}]{0,40}") {
        prop_assert_eq!(identity_key(&text.to_uppercase()), identity_key(&text.to_lowercase()));
    }

    #[test]
    fn dates_never_panic_and_round_trip(text in "\\PC{0,30}", y in 2000i32..2030, m in 1u32..13, d in 1u32..29) {
        let _ = parse_date(&Value::Text(text), DayOrder::DayFirst);
        let iso = format!("{y:04}-{m:02}-{d:02}");
        let parsed = parse_date(&Value::Text(iso.clone()), DayOrder::DayFirst).unwrap();
        prop_assert_eq!(parsed.date.to_string(), iso.clone());
        let day_first = format!("{d}/{m}/{y}");
        prop_assert_eq!(parse_date(&Value::Text(day_first), DayOrder::DayFirst).unwrap().date.to_string(), iso.clone());
        let month_first = format!("{m}/{d}/{y}");
        prop_assert_eq!(parse_date(&Value::Text(month_first), DayOrder::MonthFirst).unwrap().date.to_string(), iso);
    }

    #[test]
    fn badge_names_resolve_however_they_are_decorated(
        badge in 0usize..5, upper in any::<bool>(), prefix in 0usize..4, text in "\\PC{0,20}",
    ) {
        let v = vocab();
        let _ = v.resolve_badge(&text);
        let label = &v.badges[badge].label;
        let base = if upper { label.to_uppercase() } else { label.to_lowercase() };
        let written = match prefix {
            0 => base,
            1 => format!("{} - {base}", badge + 1),
            2 => format!("ORCiD {base}"),
            _ => format!("  {base} badge "),
        };
        match v.resolve_badge(&written) {
            Resolved::Exact(id) => prop_assert_eq!(usize::from(id.0), badge),
            other => prop_assert!(false, "{:?} resolved as {:?}", written, other),
        }
    }

    #[test]
    fn every_row_is_accounted_for(rows in proptest::collection::vec(
        proptest::collection::vec(prop_oneof![
            Just(String::new()), Just("Univ A".to_string()), Just("Display".to_string()),
            Just("Peer review".to_string()), Just("2019-01-01".to_string()), "\\PC{0,8}",
        ], 0..5),
        0..40,
    )) {
        let dir = tempfile::tempdir().unwrap();
        let mut csv = String::from("Member,Integration,Badge,Date\n");
        for row in &rows {
            let cells: Vec<String> = row.iter().map(|c| format!("\"{}\"", c.replace('"', "\"\""))).collect();
            csv.push_str(&cells.join(","));
            csv.push('\n');
        }
        let path = dir.path().join("r.csv");
        std::fs::write(&path, csv).unwrap();
        let ing = ingest(&[path], &vocab(), &Options::default()).unwrap();
        let a = ing.accounting();
        prop_assert!(a.balances(), "{:?}", a);
        // Every line below the header is a row, up to the last non-empty one.
        let last = rows.iter().rposition(|r| r.iter().any(|c| !c.trim().is_empty())).map_or(0, |i| i + 1);
        prop_assert!(a.rows_read as usize <= rows.len() && a.rows_read as usize >= last, "{:?} for {} rows", a, rows.len());
    }
}
