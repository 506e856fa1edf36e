//! Award dates: a day, or only a month, or only a year.

use chrono::{Datelike, Months, NaiveDate};
use serde::{Serialize, Serializer};
use std::fmt;

/// How much of an award date is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Precision {
    Day,
    /// `Dec 2019`, `2020-12`.
    Month,
    /// Only the year: from a block's banner ("2018 reviews") or a sheet
    /// named for its year.
    Year,
}

/// A calendar date, possibly known only to the month or the year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct AwardDate {
    /// The day, or the first day of the month or year when only that is known.
    pub date: NaiveDate,
    pub precision: Precision,
}

impl AwardDate {
    pub fn day(date: NaiveDate) -> Self {
        AwardDate {
            date,
            precision: Precision::Day,
        }
    }

    /// The month of `date`.
    pub fn month(date: NaiveDate) -> Self {
        AwardDate {
            date: date.with_day(1).unwrap_or(date),
            precision: Precision::Month,
        }
    }

    /// The year, if it is one a calendar can hold.
    pub fn year(year: i32) -> Option<Self> {
        Some(AwardDate {
            date: NaiveDate::from_ymd_opt(year, 1, 1)?,
            precision: Precision::Year,
        })
    }

    pub fn is_day(self) -> bool {
        self.precision == Precision::Day
    }

    /// The last day the date could stand for: the day itself, or the last
    /// day of its month or year.
    pub fn last_day(self) -> NaiveDate {
        let span = match self.precision {
            Precision::Day => return self.date,
            Precision::Month => Months::new(1),
            Precision::Year => Months::new(12),
        };
        self.date
            .checked_add_months(span)
            .and_then(|n| n.pred_opt())
            .unwrap_or(self.date)
    }
}

impl fmt::Display for AwardDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.precision {
            Precision::Day => write!(f, "{}", self.date.format("%Y-%m-%d")),
            Precision::Month => write!(f, "{:04}-{:02}", self.date.year(), self.date.month()),
            Precision::Year => write!(f, "{:04}", self.date.year()),
        }
    }
}

impl Serialize for AwardDate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn precision_shows_and_bounds_the_date() {
        let d = NaiveDate::from_ymd_opt(2019, 12, 14).unwrap();
        assert_eq!(AwardDate::day(d).to_string(), "2019-12-14");
        assert_eq!(AwardDate::month(d).to_string(), "2019-12");
        assert_eq!(AwardDate::month(d).last_day().to_string(), "2019-12-31");
        let y = AwardDate::year(2018).unwrap();
        assert_eq!(y.to_string(), "2018");
        assert_eq!(y.last_day().to_string(), "2018-12-31");
    }
}
