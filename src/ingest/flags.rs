//! Yes/no cells of wide badge columns and awarded-flag columns, and status
//! words of long rows and achievement lists.

use super::dates::{parse_date, DayOrder, Parsed};
use super::value::Value;
use crate::text::compact_key;

/// What a yes/no cell says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Flag {
    /// Awarded; a date in the cell is the award date.
    Yes(Option<Parsed>),
    No,
    /// Neither: `pending`, `?`, `in progress`, an unreadable value.
    Unclear,
}

const YES: &[&str] = &[
    "y", "yes", "true", "1", "x", "✓", "✔", "☑", "✅", "awarded", "ja", "oui", "si", "sí",
];
const NO: &[&str] = &[
    "n", "no", "false", "0", "✗", "✘", "☐", "❌", "-", "–", "—", "n/a", "na", "none", "nein", "non",
];

/// Reads a yes/no cell. Blank is no.
#[allow(clippy::float_cmp)] // 1 and 0 are exact in a cell
pub fn read_flag(value: &Value, order: DayOrder) -> Flag {
    match value {
        Value::Empty => Flag::No,
        Value::Bool(b) => yes_no(*b),
        Value::Number(n) if *n == 1.0 => Flag::Yes(None),
        Value::Number(n) if *n == 0.0 => Flag::No,
        Value::Error(_) => Flag::Unclear,
        Value::Number(_) | Value::DateTime(_) => match parse_date(value, order) {
            Ok(parsed) => Flag::Yes(Some(parsed)),
            Err(_) => Flag::Unclear,
        },
        Value::Text(text) => {
            let trimmed = text.trim();
            if trimmed.is_empty() {
                return Flag::No;
            }
            let lower = trimmed.to_lowercase();
            if YES.contains(&lower.as_str()) {
                return Flag::Yes(None);
            }
            if NO.contains(&lower.as_str()) {
                return Flag::No;
            }
            match parse_date(value, order) {
                Ok(parsed) => Flag::Yes(Some(parsed)),
                Err(_) => Flag::Unclear,
            }
        }
    }
}

fn yes_no(b: bool) -> Flag {
    if b {
        Flag::Yes(None)
    } else {
        Flag::No
    }
}

/// An achievement's status: only `Awarded` (or a plain yes) counts.
pub fn status_is_awarded(status: &str) -> bool {
    let key = compact_key(status);
    matches!(
        key.as_str(),
        "awarded" | "yes" | "y" | "true" | "granted" | "achieved"
    ) || ["✓", "✔", "☑", "✅"].contains(&status.trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flag(s: &str) -> Flag {
        read_flag(&Value::Text(s.into()), DayOrder::DayFirst)
    }

    #[test]
    fn truthy_falsy_and_unclear_cells() {
        for yes in ["Y", "Yes", "TRUE", "1", "x", "✓", "✔", "☑", "Awarded"] {
            assert_eq!(flag(yes), Flag::Yes(None), "{yes}");
        }
        for no in ["", "N", "No", "FALSE", "0", "✗", "-", "n/a"] {
            assert_eq!(flag(no), Flag::No, "{no}");
        }
        for unclear in ["pending", "?", "in progress", "maybe"] {
            assert_eq!(flag(unclear), Flag::Unclear, "{unclear}");
        }
        assert_eq!(
            read_flag(&Value::Bool(true), DayOrder::DayFirst),
            Flag::Yes(None)
        );
        assert_eq!(read_flag(&Value::Number(0.0), DayOrder::DayFirst), Flag::No);
        assert_eq!(
            read_flag(&Value::Error("#N/A".into()), DayOrder::DayFirst),
            Flag::Unclear
        );
    }

    #[test]
    fn a_date_in_a_flag_cell_is_the_award_date() {
        match flag("2019-03-01") {
            Flag::Yes(Some(parsed)) => assert_eq!(parsed.date.to_string(), "2019-03-01"),
            other => panic!("{other:?}"),
        }
        match read_flag(&Value::Number(43250.0), DayOrder::DayFirst) {
            Flag::Yes(Some(parsed)) => assert_eq!(parsed.date.to_string(), "2018-05-30"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn statuses() {
        assert!(status_is_awarded("Awarded"));
        assert!(status_is_awarded(" AWARDED "));
        assert!(!status_is_awarded("In progress"));
        assert!(!status_is_awarded("Not awarded"));
    }
}
