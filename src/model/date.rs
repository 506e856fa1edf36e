//! Award dates: a day, or only a month.

use chrono::{Datelike, NaiveDate};
use serde::{Serialize, Serializer};
use std::fmt;

/// A calendar date, possibly known only to the month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct AwardDate {
    /// The day, or the first of the month when only the month is known.
    pub date: NaiveDate,
    pub month_only: bool,
}

impl AwardDate {
    pub fn day(date: NaiveDate) -> Self {
        AwardDate {
            date,
            month_only: false,
        }
    }
}

impl fmt::Display for AwardDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.month_only {
            write!(f, "{:04}-{:02}", self.date.year(), self.date.month())
        } else {
            write!(f, "{}", self.date.format("%Y-%m-%d"))
        }
    }
}

impl Serialize for AwardDate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}
