//! Errors and warnings about a mapping file, shown the way compilers show
//! them: file, line and column, the offending line, and a caret under the text.

#![cfg_attr(not(test), deny(clippy::indexing_slicing))]

use std::fmt;
use std::ops::Range;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    Error,
    Warning,
}

/// One finding, located by byte span in the mapping's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub level: Level,
    pub message: String,
    pub span: Option<Range<usize>>,
}

impl Diagnostic {
    pub fn error(message: impl Into<String>, span: Range<usize>) -> Self {
        Diagnostic {
            level: Level::Error,
            message: message.into(),
            span: Some(span),
        }
    }

    pub fn warning(message: impl Into<String>, span: Option<Range<usize>>) -> Self {
        Diagnostic {
            level: Level::Warning,
            message: message.into(),
            span,
        }
    }

    /// Renders with the source excerpt; `name` is the file as the user gave it.
    pub fn render(&self, name: &str, source: &str) -> String {
        let label = match self.level {
            Level::Error => "error",
            Level::Warning => "warning",
        };
        let Some(span) = &self.span else {
            return format!("{label}: {}\n  --> {name}\n", self.message);
        };
        let (line_no, col, line) = locate(source, span.start);
        let width = source[span.start.min(source.len())..span.end.min(source.len())]
            .lines()
            .next()
            .map_or(1, |first| first.chars().count().max(1));
        let gutter = line_no.to_string().len();
        let pad = " ".repeat(gutter);
        let lead: String = line
            .chars()
            .take(col - 1)
            .map(|c| if c == '\t' { '\t' } else { ' ' })
            .collect();
        format!(
            "{label}: {msg}\n{pad}--> {name}:{line_no}:{col}\n{pad} |\n{line_no} | {line}\n{pad} | {lead}{carets}\n",
            msg = self.message,
            carets = "^".repeat(width),
        )
    }

    /// `file:line:col: message`, for one-line summaries.
    pub fn short(&self, name: &str, source: &str) -> String {
        match &self.span {
            Some(span) => {
                let (line, col, _) = locate(source, span.start);
                format!("{name}:{line}:{col}: {}", self.message)
            }
            None => format!("{name}: {}", self.message),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// One-based line and column (in characters) of a byte offset, and the line.
pub fn locate(source: &str, offset: usize) -> (usize, usize, &str) {
    let offset = offset.min(source.len());
    let offset = (0..=offset)
        .rev()
        .find(|&i| source.is_char_boundary(i))
        .unwrap_or(0);
    let line_start = source[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line_end = source[offset..]
        .find('\n')
        .map_or(source.len(), |i| offset + i);
    let line_no = source[..line_start].matches('\n').count() + 1;
    let col = source[line_start..offset].chars().count() + 1;
    (
        line_no,
        col,
        source[line_start..line_end].trim_end_matches('\r'),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_line_column_and_caret() {
        let src = "[mapping]\nid = \"x\"\nbadges = [\"colect\"]\n";
        let start = src.find("\"colect\"").unwrap();
        let d = Diagnostic::error("unknown badge \"colect\"", start..start + 8);
        assert_eq!(
            d.render("m.toml", src),
            "error: unknown badge \"colect\"\n --> m.toml:3:11\n  |\n3 | badges = [\"colect\"]\n  |           ^^^^^^^^\n"
        );
        assert_eq!(
            d.short("m.toml", src),
            "m.toml:3:11: unknown badge \"colect\""
        );
    }

    #[test]
    fn locate_handles_first_and_last_lines() {
        assert_eq!(locate("abc", 0), (1, 1, "abc"));
        assert_eq!(locate("a\nbc\n", 3), (2, 2, "bc"));
        assert_eq!(locate("a\r\nbc", 3), (2, 1, "bc"));
    }
}
