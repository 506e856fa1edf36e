//! Where something was read: file, sheet and cell, written the one way
//! every message, sheet and explanation shows it (`file › sheet › A5`).

use std::fmt;

/// A place in the inputs; the parts not known are left out when shown.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Location {
    pub file: String,
    /// `None` for delimited text files.
    pub sheet: Option<String>,
    /// An A1 reference, or another place within the sheet (`row 7`).
    pub cell: Option<String>,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.file)?;
        for part in [&self.sheet, &self.cell].into_iter().flatten() {
            write!(f, " › {part}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::Location;

    #[test]
    fn parts_not_known_are_left_out() {
        let at = |sheet: Option<&str>, cell: Option<&str>| {
            Location {
                file: "r.xlsx".into(),
                sheet: sheet.map(str::to_string),
                cell: cell.map(str::to_string),
            }
            .to_string()
        };
        assert_eq!(at(Some("Badges"), Some("E7")), "r.xlsx › Badges › E7");
        assert_eq!(at(None, Some("E7")), "r.xlsx › E7");
        assert_eq!(at(Some("Badges"), None), "r.xlsx › Badges");
        assert_eq!(at(None, None), "r.xlsx");
    }
}
