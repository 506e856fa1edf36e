//! Award dates as legacy registers write them: Excel serials (1900 and 1904
//! epochs), ISO dates and timestamps, `2018.05.30`, `24/11/2018`,
//! `2nd December 2020`, `Dec 2020`. Day-first unless told otherwise.

use super::value::Value;
use chrono::NaiveDate;

pub use crate::model::AwardDate;

/// Which number comes first in `03/04/2018`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DayOrder {
    #[default]
    DayFirst,
    MonthFirst,
}

/// A date that was read, with a remark when it needed a judgement call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parsed {
    pub date: AwardDate,
    pub remark: Option<String>,
}

/// Why a value could not be read as a date.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateProblem {
    #[error("ambiguous date: {0}")]
    Ambiguous(String),
    #[error("not a date")]
    Unparseable,
}

/// Excel's serial range (1900-01-01 to 9999-12-31) trimmed to plausible award
/// dates: a serial below 10000 (1927) is far more likely a count or a year.
const SERIAL_RANGE: std::ops::RangeInclusive<f64> = 10_000.0..=2_958_465.0;

/// Reads a cell as a date.
pub fn parse_date(value: &Value, order: DayOrder) -> Result<Parsed, DateProblem> {
    match value {
        Value::DateTime(dt) => Ok(plain(AwardDate::day(dt.date()))),
        Value::Number(n) => excel_serial(*n, false)
            .map(plain)
            .ok_or(DateProblem::Unparseable),
        Value::Text(t) => parse_text(t, order),
        Value::Empty | Value::Bool(_) | Value::Error(_) => Err(DateProblem::Unparseable),
    }
}

/// The first date written inside free text ("Copied from ORCID's page on 2
/// November 2026", "csp-list-2026-11-02"), to the day or the month: the
/// longest run of words and numbers that reads as one, leftmost first.
pub fn date_within(text: &str, order: DayOrder) -> Option<AwardDate> {
    // Runs of letters or digits, with their byte spans.
    let mut tokens: Vec<(usize, usize)> = Vec::new();
    let mut start = None;
    let mut prev_digit = false;
    for (i, c) in text.char_indices() {
        let alnum = c.is_alphanumeric();
        let digit = c.is_ascii_digit();
        match start {
            Some(_) if alnum && digit == prev_digit => {}
            Some(s) => {
                tokens.push((s, i));
                start = alnum.then_some(i);
            }
            None => start = alnum.then_some(i),
        }
        prev_digit = digit;
    }
    if let Some(s) = start {
        tokens.push((s, text.len()));
    }
    for first in 0..tokens.len() {
        for len in (1..=4).rev() {
            let Some(&(from, _)) = tokens.get(first) else {
                break;
            };
            let Some(&(_, to)) = tokens.get(first + len - 1) else {
                continue;
            };
            let Some(span) = text.get(from..to) else {
                continue;
            };
            if !span.chars().any(|c| c.is_ascii_digit()) {
                continue;
            }
            if let Ok(parsed) = parse_text(span, order) {
                if parsed.remark.is_none() && parsed.date.precision != crate::model::Precision::Year
                {
                    return Some(parsed.date);
                }
            }
        }
    }
    None
}

/// An approximate date as people write one in a free-text answer: `around
/// March 2019` (the month), `Spring 2018`, `c. 2019` (the year); `None`
/// for one that gives no bound to trust (`before 2018?`, `not sure`) or no
/// date at all. The remark says how it was read.
pub fn approximate_date(text: &str, order: DayOrder) -> Option<Parsed> {
    let lower = text.trim().to_lowercase();
    const DOUBT: &[&str] = &[
        "before", "after", "until", "since", "not sure", "unsure", "unknown", "?", "or ",
    ];
    if DOUBT.iter().any(|d| lower.contains(d)) {
        return None;
    }
    const HEDGES: &[&str] = &[
        "approximately",
        "approx.",
        "approx",
        "around",
        "about",
        "circa",
        "ca.",
        "c.",
        "~",
        "roughly",
        "early",
        "mid",
        "late",
        "end of",
        "beginning of",
        "spring",
        "summer",
        "autumn",
        "fall",
        "winter",
        "in",
    ];
    let mut rest = lower.as_str();
    let mut hedged = false;
    loop {
        let before = rest;
        for h in HEDGES {
            if let Some(r) = rest.strip_prefix(h) {
                if r.starts_with(|c: char| !c.is_alphabetic()) || h.ends_with(['.', '~']) {
                    rest = r.trim_start_matches([' ', '-', ',']);
                    hedged = true;
                }
            }
        }
        if rest == before {
            break;
        }
    }
    if !hedged {
        return None;
    }
    let remark = Some(format!("{:?} read as approximate", text.trim()));
    if let Ok(parsed) = parse_text(rest, order) {
        return Some(Parsed { remark, ..parsed });
    }
    let year: i32 = rest
        .trim()
        .parse()
        .ok()
        .filter(|y| (1990..=2100).contains(y))?;
    Some(Parsed {
        date: AwardDate::year(year)?,
        remark,
    })
}

/// A year alone (`2019`), at year precision: what a cell pairing a yes word
/// with a year says.
pub fn year_only(text: &str) -> Option<AwardDate> {
    let year: i32 = text
        .trim()
        .parse()
        .ok()
        .filter(|y| (1990..=2100).contains(y))?;
    AwardDate::year(year)
}

fn plain(date: AwardDate) -> Parsed {
    Parsed { date, remark: None }
}

/// Converts an Excel serial day number, in the 1900 or the 1904 date system.
pub fn excel_serial(serial: f64, is_1904: bool) -> Option<AwardDate> {
    if !SERIAL_RANGE.contains(&serial) {
        return None;
    }
    let days = serial.floor() as i64 + if is_1904 { 1462 } else { 0 };
    // 1899-12-30 absorbs Excel's phantom 1900-02-29 for every serial ≥ 61.
    let epoch = NaiveDate::from_ymd_opt(1899, 12, 30)?;
    epoch
        .checked_add_signed(chrono::Duration::days(days))
        .map(AwardDate::day)
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Num { value: u32, digits: usize },
    Month(u32),
}

#[allow(clippy::match_same_arms)] // one arm per date shape, even where two read alike
fn parse_text(text: &str, order: DayOrder) -> Result<Parsed, DateProblem> {
    let text = strip_time(text.trim());
    let tokens = tokenize(text)?;
    use Token::{Month, Num};
    let ymd = |y: u32, m: u32, d: u32| -> Result<Parsed, DateProblem> {
        i32::try_from(y)
            .ok()
            .and_then(|y| NaiveDate::from_ymd_opt(y, m, d))
            .map(|d| plain(AwardDate::day(d)))
            .ok_or(DateProblem::Unparseable)
    };
    let ym = |y: u32, m: u32| -> Result<Parsed, DateProblem> {
        i32::try_from(y)
            .ok()
            .and_then(|y| NaiveDate::from_ymd_opt(y, m, 1))
            .map(|date| plain(AwardDate::month(date)))
            .ok_or(DateProblem::Unparseable)
    };
    match tokens.as_slice() {
        [Num {
            value: y,
            digits: 4,
        }, Num { value: m, .. }, Num {
            value: d,
            digits: 1..=2,
        }] => ymd(*y, *m, *d),
        [Num {
            value: y,
            digits: 4,
        }, Num {
            value: m,
            digits: 1..=2,
        }] => ym(*y, *m),
        // `05/2019`: a month and its year.
        [Num {
            value: m,
            digits: 1..=2,
        }, Num {
            value: y,
            digits: 4,
        }] if (1..=12).contains(m) => ym(*y, *m),
        [Num {
            value: y,
            digits: 4,
        }, Month(m), Num {
            value: d,
            digits: 1..=2,
        }] => ymd(*y, *m, *d),
        [Num {
            value: d,
            digits: 1..=2,
        }, Month(m), Num {
            value: y,
            digits: 4,
        }]
        | [Month(m), Num {
            value: d,
            digits: 1..=2,
        }, Num {
            value: y,
            digits: 4,
        }] => ymd(*y, *m, *d),
        [Month(m), Num {
            value: y,
            digits: 4,
        }] => ym(*y, *m),
        // `14/Mar/19` (Jira's own format): a month named between a day and a
        // two-digit year is unambiguous.
        [Num {
            value: d,
            digits: 1..=2,
        }, Month(m), Num {
            value: y,
            digits: 2,
        }] => ymd(2000 + *y, *m, *d),
        [Num {
            value: a,
            digits: 1..=2,
        }, Num {
            value: b,
            digits: 1..=2,
        }, Num {
            value: y,
            digits: 4,
        }] => numeric_day_month(*a, *b, *y, order),
        [Num { digits: 1..=2, .. }, Num { digits: 1..=2, .. }, Num { digits: 2, .. }] => Err(
            DateProblem::Ambiguous("a two-digit year cannot be told from a day".into()),
        ),
        [Num { value, digits: 8 }] => ymd(value / 10_000, value / 100 % 100, value % 100),
        [Num { value, digits: 5 }] => excel_serial(f64::from(*value), false)
            .map(|date| Parsed {
                date,
                remark: Some(format!("read {value} as an Excel serial date")),
            })
            .ok_or(DateProblem::Unparseable),
        [Num { digits: 4, .. }] => Err(DateProblem::Ambiguous(
            "only a year is given; a badge date needs at least the month".into(),
        )),
        _ => Err(DateProblem::Unparseable),
    }
}

/// `2018-05-30T10:11:12Z` and `2018-05-30 10:11` keep only the date part.
fn strip_time(text: &str) -> &str {
    let bytes = text.as_bytes();
    if bytes
        .get(..4)
        .is_some_and(|h| h.iter().all(u8::is_ascii_digit))
        && bytes.get(10) == Some(&b'T')
    {
        return &text[..10];
    }
    match text.find(':') {
        Some(colon) => text[..colon]
            .rfind(char::is_whitespace)
            .map_or(text, |space| text[..space].trim_end()),
        None => text,
    }
}

fn tokenize(text: &str) -> Result<Vec<Token>, DateProblem> {
    let mut tokens = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some(&(start, ch)) = chars.peek() {
        if ch.is_ascii_digit() {
            let mut end = start;
            while let Some(&(i, c)) = chars.peek() {
                if !c.is_ascii_digit() {
                    break;
                }
                end = i + c.len_utf8();
                chars.next();
            }
            let digits = &text[start..end];
            let value = digits.parse().map_err(|_| DateProblem::Unparseable)?;
            tokens.push(Token::Num {
                value,
                digits: digits.len(),
            });
        } else if ch.is_alphabetic() {
            let mut end = start;
            while let Some(&(i, c)) = chars.peek() {
                if !c.is_alphabetic() {
                    break;
                }
                end = i + c.len_utf8();
                chars.next();
            }
            let word = text[start..end].to_lowercase();
            let after_number = matches!(tokens.last(), Some(Token::Num { .. }));
            if let Some(month) = month_number(&word) {
                tokens.push(Token::Month(month));
            } else if (after_number && matches!(word.as_str(), "st" | "nd" | "rd" | "th"))
                || matches!(word.as_str(), "of" | "the")
                || is_weekday(&word)
            {
                // Ordinal suffixes and filler words carry no date information.
            } else {
                return Err(DateProblem::Unparseable);
            }
        } else {
            chars.next();
        }
    }
    Ok(tokens)
}

/// The month a (lower-case) word names: `march`, `mar`, `sept`.
pub(crate) fn month_number(word: &str) -> Option<u32> {
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    if word == "sept" {
        return Some(9);
    }
    MONTHS
        .iter()
        .position(|m| word.len() >= 3 && m.starts_with(word))
        .map(|i| i as u32 + 1)
}

fn is_weekday(word: &str) -> bool {
    const DAYS: [&str; 7] = [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ];
    DAYS.iter().any(|d| word.len() >= 3 && d.starts_with(word))
}

fn numeric_day_month(a: u32, b: u32, year: u32, order: DayOrder) -> Result<Parsed, DateProblem> {
    let (day, month, other_name) = match order {
        DayOrder::DayFirst => (a, b, "month-first"),
        DayOrder::MonthFirst => (b, a, "day-first"),
    };
    let year = i32::try_from(year).map_err(|_| DateProblem::Unparseable)?;
    if let Some(date) = NaiveDate::from_ymd_opt(year, month, day) {
        return Ok(plain(AwardDate::day(date)));
    }
    // Impossible in the chosen order (e.g. 11/24/2018 day-first) but valid the
    // other way round: the writer evidently used the other order.
    NaiveDate::from_ymd_opt(year, day, month)
        .map(|date| Parsed {
            date: AwardDate::day(date),
            remark: Some(format!("read as {other_name}: no month {month}")),
        })
        .ok_or(DateProblem::Unparseable)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Result<String, DateProblem> {
        parse_date(&Value::Text(s.into()), DayOrder::DayFirst).map(|p| p.date.to_string())
    }

    #[test]
    fn dates_inside_free_text() {
        let find = |t: &str| date_within(t, DayOrder::DayFirst).map(|d| d.to_string());
        assert_eq!(
            find("Copied from ORCID's page on 2 November 2026 (current providers only)").as_deref(),
            Some("2026-11-02")
        );
        assert_eq!(find("csp-list-2026-11-02").as_deref(), Some("2026-11-02"));
        assert_eq!(find("certified_20261102").as_deref(), Some("2026-11-02"));
        assert_eq!(find("as of Nov 2, 2026").as_deref(), Some("2026-11-02"));
        assert_eq!(
            find("retrieved 02/11/2026 by JB").as_deref(),
            Some("2026-11-02")
        );
        assert_eq!(find("snapshot, November 2026").as_deref(), Some("2026-11"));
        assert_eq!(find("DSpace 7.3 and later"), None);
        assert_eq!(find("since 2020"), None);
        assert_eq!(find("no date here"), None);
    }

    #[test]
    fn iso_dates_and_timestamps() {
        assert_eq!(text("2018-05-30").unwrap(), "2018-05-30");
        assert_eq!(text("2018-05-30T10:11:12Z").unwrap(), "2018-05-30");
        assert_eq!(text("2018-05-30 10:11:12").unwrap(), "2018-05-30");
        assert_eq!(text("2018.05.30").unwrap(), "2018-05-30");
        assert_eq!(text("2018/5/3").unwrap(), "2018-05-03");
        assert_eq!(text("20180530").unwrap(), "2018-05-30");
    }

    #[test]
    fn numeric_dates_are_day_first_by_default() {
        assert_eq!(text("24/11/2018").unwrap(), "2018-11-24");
        assert_eq!(text("03/04/2018").unwrap(), "2018-04-03");
        assert_eq!(text("3.4.2018").unwrap(), "2018-04-03");
        let month_first = parse_date(&Value::Text("03/04/2018".into()), DayOrder::MonthFirst);
        assert_eq!(month_first.unwrap().date.to_string(), "2018-03-04");
    }

    #[test]
    fn impossible_day_first_date_is_read_month_first_with_a_remark() {
        let parsed = parse_date(&Value::Text("11/24/2018".into()), DayOrder::DayFirst).unwrap();
        assert_eq!(parsed.date.to_string(), "2018-11-24");
        assert_eq!(
            parsed.remark.as_deref(),
            Some("read as month-first: no month 24")
        );
    }

    #[test]
    fn written_dates() {
        assert_eq!(text("2nd December 2020").unwrap(), "2020-12-02");
        assert_eq!(text("2nd of December, 2020").unwrap(), "2020-12-02");
        assert_eq!(text("December 2, 2020").unwrap(), "2020-12-02");
        assert_eq!(text("Wed 2 Dec 2020").unwrap(), "2020-12-02");
        assert_eq!(text("30-May-2018").unwrap(), "2018-05-30");
        assert_eq!(text("Sept 2019").unwrap(), "2019-09");
        assert_eq!(text("14/Mar/19 10:22 AM").unwrap(), "2019-03-14");
        assert_eq!(text("02/Jul/18").unwrap(), "2018-07-02");
        let approx = |s: &str| approximate_date(s, DayOrder::DayFirst).map(|p| p.date.to_string());
        assert_eq!(approx("around March 2019").as_deref(), Some("2019-03"));
        assert_eq!(approx("Spring 2018").as_deref(), Some("2018"));
        assert_eq!(approx("c. 2019").as_deref(), Some("2019"));
        assert_eq!(approx("not sure – before 2018?"), None);
        assert_eq!(approx("March 2019"), None, "not approximate: read strictly");
        assert_eq!(approx("pending"), None);
    }

    #[test]
    fn month_precision_is_kept() {
        let parsed = parse_date(&Value::Text("Dec 2020".into()), DayOrder::DayFirst).unwrap();
        assert_eq!(parsed.date.precision, crate::model::Precision::Month);
        assert_eq!(parsed.date.to_string(), "2020-12");
        assert_eq!(text("2020-12").unwrap(), "2020-12");
    }

    #[test]
    fn excel_serials_in_both_epochs() {
        // 43250 is 2018-05-30 in the 1900 system; the 1904 system counts 1462 days fewer.
        assert_eq!(
            excel_serial(43250.0, false).unwrap().to_string(),
            "2018-05-30"
        );
        assert_eq!(
            excel_serial(43250.0 - 1462.0, true).unwrap().to_string(),
            "2018-05-30"
        );
        assert_eq!(
            parse_date(&Value::Number(43250.0), DayOrder::DayFirst)
                .unwrap()
                .date
                .to_string(),
            "2018-05-30"
        );
        assert_eq!(text("43250").unwrap(), "2018-05-30");
        assert_eq!(excel_serial(12.0, false), None);
    }

    #[test]
    fn ambiguous_and_unparseable() {
        assert!(matches!(text("03/04/18"), Err(DateProblem::Ambiguous(_))));
        assert!(matches!(text("2018"), Err(DateProblem::Ambiguous(_))));
        assert_eq!(text("soon"), Err(DateProblem::Unparseable));
        assert_eq!(text("31/02/2018"), Err(DateProblem::Unparseable));
        assert_eq!(text(""), Err(DateProblem::Unparseable));
    }
}
