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
    /// A status saying the badge was not (yet) awarded: `Applied`,
    /// `Withdrawn`, `Pending`; kept as a fact, not an award.
    Status(String),
    /// Neither: `?`, `maybe`, an unreadable value.
    Unclear,
}

/// Words of a badge cell that say the badge is not awarded, or not yet:
/// the badge's state in a review's life.
const NOT_AWARDED: &[&str] = &[
    "applied",
    "applied for",
    "pending",
    "in progress",
    "in review",
    "under review",
    "requested",
    "submitted",
    "scheduled",
    "booked",
    "withdrawn",
    "revoked",
    "rejected",
    "declined",
    "failed",
    "expired",
    "lapsed",
    "not awarded",
];

const YES: &[&str] = &[
    "y",
    "yes",
    "true",
    "1",
    "x",
    "✓",
    "✔",
    "☑",
    "✅",
    "awarded",
    "granted",
    "achieved",
    "earned",
    "certified",
    "ja",
    "oui",
    "si",
    "sí",
];
const NO: &[&str] = &[
    "n",
    "no",
    "false",
    "0",
    "✗",
    "✘",
    "☐",
    "❌",
    "-",
    "–",
    "—",
    "n/a",
    "na",
    "none",
    "nein",
    "non",
    "not yet",
    "not applicable",
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
            // Variation selectors (`✔︎` is U+2714 U+FE0E) change how a mark
            // looks, not what it says.
            let cleaned: String;
            let text = if text.contains(['\u{fe0e}', '\u{fe0f}']) {
                cleaned = text.replace(['\u{fe0e}', '\u{fe0f}'], "");
                &cleaned
            } else {
                text
            };
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
            if NOT_AWARDED.contains(&lower.as_str()) {
                return Flag::Status(trimmed.to_string());
            }
            match parse_date(value, order) {
                Ok(parsed) => Flag::Yes(Some(parsed)),
                Err(_) => {
                    yes_with_date(trimmed, order).map_or(Flag::Unclear, |d| Flag::Yes(Some(d)))
                }
            }
        }
    }
}

/// A yes word and a date in one cell, either way round: `Yes (14/05/2019)`,
/// `Awarded 3 March 2019`, `✓ 2019-03`, `Y – Mar 2019`, `2019-05-14 ✓`.
/// The date is what the cell says the award was made on.
pub fn yes_with_date(text: &str, order: DayOrder) -> Option<Parsed> {
    let text = text.trim();
    let separators: &[char] = &[
        ' ', '(', ')', '[', ']', '-', '–', '—', ':', ',', ';', '.', '/', '\u{a0}',
    ];
    // A number alone is a count or a date, never a yes word beside a date.
    let words = YES.iter().filter(|w| w.parse::<f64>().is_err());
    let chars: Vec<char> = text.chars().collect();
    for word in words {
        let n = word.chars().count();
        let same = |part: &[char]| part.iter().collect::<String>().to_lowercase() == *word;
        let (rest, beside): (String, Option<char>) = if chars.get(..n).is_some_and(same) {
            let rest = chars.get(n..).unwrap_or_default();
            (rest.iter().collect(), rest.first().copied())
        } else if chars.len() >= n && chars.get(chars.len() - n..).is_some_and(same) {
            let rest = chars.get(..chars.len() - n).unwrap_or_default();
            (rest.iter().collect(), rest.last().copied())
        } else {
            continue;
        };
        let rest = rest.as_str();
        // A word stands apart from the date: `yes2019` and `xmas` are not.
        let alphabetic = word.chars().all(char::is_alphabetic);
        if alphabetic && beside.is_some_and(char::is_alphanumeric) {
            continue;
        }
        let mut date = rest.trim_matches(separators);
        for lead in [
            "on ", "in ", "since ", "date ", "On ", "In ", "Since ", "Date ",
        ] {
            date = date.strip_prefix(lead).unwrap_or(date);
        }
        let date = date.trim_matches(separators);
        if date.is_empty() || !date.chars().any(|c| c.is_ascii_digit()) {
            continue;
        }
        if let Ok(parsed) = parse_date(&Value::Text(date.to_string()), order) {
            return Some(parsed);
        }
        if let Some(year) = super::dates::year_only(date) {
            return Some(Parsed {
                date: year,
                remark: None,
            });
        }
        // A date among other words (`awarded 3 March 2019 by JS`), unless
        // they take the yes back.
        let lower = date.to_lowercase();
        let doubt = lower.contains("not")
            || lower.contains("but")
            || lower.contains('?')
            || NOT_AWARDED.iter().any(|w| lower.contains(w));
        if !doubt {
            if let Some(found) = super::dates::date_within(date, order) {
                return Some(Parsed {
                    date: found,
                    remark: None,
                });
            }
        }
    }
    None
}

fn yes_no(b: bool) -> Flag {
    if b {
        Flag::Yes(None)
    } else {
        Flag::No
    }
}

/// An achievement's status: only `Awarded` (or a plain yes) counts.
/// Whether a cell's whole text is a status saying not (yet) awarded
/// (`Pending`, `Withdrawn`): in a list of achievements it names no badge.
pub fn says_not_awarded(text: &str) -> bool {
    NOT_AWARDED.contains(&text.trim().to_lowercase().as_str())
}

pub fn status_is_awarded(status: &str) -> bool {
    let key = compact_key(status);
    matches!(
        key.as_str(),
        "awarded" | "yes" | "y" | "true" | "granted" | "achieved"
    ) || ["✓", "✔", "☑", "✅"].contains(&status.trim())
}

/// An award row's status read as awarded: `Some(None)` for a status word
/// (`Awarded`), `Some(Some(date))` for a status that is a date or a yes word
/// with one (`Awarded 3 March 2019`: awarded on that date), `None` for any
/// other status (`In progress`, `Not awarded`).
pub fn awarded_status(status: &str, order: DayOrder) -> Option<Option<Parsed>> {
    if status_is_awarded(status) {
        return Some(None);
    }
    let value = Value::Text(status.to_string());
    match parse_date(&value, order) {
        Ok(parsed) => Some(Some(parsed)),
        Err(_) => yes_with_date(status, order).map(Some),
    }
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
        for unclear in ["?", "maybe"] {
            assert_eq!(flag(unclear), Flag::Unclear, "{unclear}");
        }
        for status in ["Pending", "in progress", "Applied", "Withdrawn"] {
            assert_eq!(flag(status), Flag::Status(status.into()), "{status}");
        }
        assert_eq!(flag("Not yet"), Flag::No);
        assert_eq!(flag("✔\u{fe0e}"), Flag::Yes(None));
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
    fn a_yes_word_beside_a_date_is_an_award_on_that_date() {
        for (cell, date) in [
            ("Yes (14/05/2019)", "2019-05-14"),
            ("Awarded 3 March 2019", "2019-03-03"),
            ("awarded on 3 March 2019", "2019-03-03"),
            ("✓ 2019-03", "2019-03"),
            ("Y – Mar 2019", "2019-03"),
            ("Granted: 2018-11-02", "2018-11-02"),
            ("2019-05-14 ✓", "2019-05-14"),
            ("x (May 2018)", "2018-05"),
            ("yes – 2019", "2019"),
            ("Yes 05/2019", "2019-05"),
            ("Awarded in 2019", "2019"),
            ("2019 ✓", "2019"),
            ("Yes – awarded 14/05/2019", "2019-05-14"),
            ("Awarded 3 March 2019 by JS", "2019-03-03"),
        ] {
            match flag(cell) {
                Flag::Yes(Some(parsed)) => assert_eq!(parsed.date.to_string(), date, "{cell}"),
                other => panic!("{cell}: {other:?}"),
            }
        }
        // A date without a yes word, or a word that only starts like one.
        for unclear in [
            "Yesterday 2019",
            "xmas 2019",
            "pending 2019-03",
            "no (2019)",
            "Yes, but pending since 2019",
            "Certified? No (2019)",
        ] {
            assert_eq!(flag(unclear), Flag::Unclear, "{unclear}");
        }
    }

    #[test]
    fn statuses() {
        assert!(status_is_awarded("Awarded"));
        assert!(status_is_awarded(" AWARDED "));
        assert!(!status_is_awarded("In progress"));
        assert!(!status_is_awarded("Not awarded"));
        let dated =
            |s: &str| awarded_status(s, DayOrder::DayFirst).map(|d| d.map(|p| p.date.to_string()));
        assert_eq!(dated("Awarded"), Some(None));
        assert_eq!(
            dated("Awarded 3 March 2019"),
            Some(Some("2019-03-03".into()))
        );
        assert_eq!(dated("14/05/2019"), Some(Some("2019-05-14".into())));
        assert_eq!(dated("In progress"), None);
        assert_eq!(dated("Not awarded"), None);
    }
}
