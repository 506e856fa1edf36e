//! One cell as ingestion sees it, whatever format it came from, and A1 cell
//! references for provenance.

use chrono::NaiveDateTime;

/// A cell value after reading, before interpretation.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Empty,
    Text(String),
    Number(f64),
    Bool(bool),
    /// A cell the workbook formats as a date (epoch already applied).
    DateTime(NaiveDateTime),
    /// A formula error such as `#N/A`.
    Error(String),
}

impl Value {
    /// Blank cells and cells holding only white space.
    pub fn is_blank(&self) -> bool {
        match self {
            Value::Empty => true,
            Value::Text(t) => t.trim().is_empty(),
            _ => false,
        }
    }

    /// The value as a person would read it in the cell.
    pub fn display(&self) -> String {
        match self {
            Value::Empty => String::new(),
            Value::Text(t) => t.trim().to_string(),
            Value::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => format!("{}", *n as i64),
            Value::Number(n) => n.to_string(),
            Value::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
            Value::DateTime(dt) if dt.time() == chrono::NaiveTime::MIN => {
                dt.date().format("%Y-%m-%d").to_string()
            }
            Value::DateTime(dt) => dt.format("%Y-%m-%d %H:%M:%S").to_string(),
            Value::Error(e) => e.clone(),
        }
    }
}

pub use crate::model::cell::{a1, column_letters, row_of_a1};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a1_references() {
        assert_eq!(a1(0, 0), "A1");
        assert_eq!(row_of_a1("G7"), Some(6));
        assert_eq!(row_of_a1("AA1"), Some(0));
        assert_eq!(row_of_a1("7"), None);
        assert_eq!(row_of_a1("G"), None);
        assert_eq!(row_of_a1("G0"), None);
        assert_eq!(a1(9, 25), "Z10");
        assert_eq!(a1(0, 26), "AA1");
        assert_eq!(a1(1_048_575, 16_383), "XFD1048576");
    }

    #[test]
    fn whole_numbers_display_without_fraction() {
        assert_eq!(Value::Number(3.0).display(), "3");
        assert_eq!(Value::Number(3.5).display(), "3.5");
        assert!(Value::Text("  ".into()).is_blank());
    }
}
