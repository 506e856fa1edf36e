//! How the workbook looks: cell formats, colours and column widths, in one
//! place so that every sheet reads the same in Excel and in `LibreOffice`.
//!
//! Headers carry their own bold and fill, because `LibreOffice` does not draw
//! Excel's table styles; numbers are centred so that a number next to text
//! never reads as one word (`15baseline-oauth`); status, evidence, level and
//! decision colours are one list each, used by the cells, the conditional
//! formats and the Summary chart alike.

use super::super::tables::{
    Cell, ColumnKind, Table, COVERED, COVERED_BY_CERTIFICATION, NOT_APPLICABLE,
};
use crate::reconcile::{Evidence, Status, Verdict};
use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, FormatUnderline};

/// A fill and its font colour.
#[derive(Clone, Copy)]
pub(super) struct Colours {
    pub(super) fill: u32,
    pub(super) font: u32,
}

const GREEN: Colours = Colours {
    fill: 0xC6EFCE,
    font: 0x006100,
};
const BLUE: Colours = Colours {
    fill: 0xDDEBF7,
    font: 0x1F4E78,
};
const AMBER: Colours = Colours {
    fill: 0xFFEB9C,
    font: 0x9C5700,
};
const GREY: Colours = Colours {
    fill: 0xEDEDED,
    font: 0x595959,
};
const RED: Colours = Colours {
    fill: 0xFFC7CE,
    font: 0x9C0006,
};
/// Header cells: white bold text on dark blue.
const HEADER: Colours = Colours {
    fill: 0x305496,
    font: 0xFFFFFF,
};
/// Retired: out of the work, paler than no evidence.
const SILVER: Colours = Colours {
    fill: 0xEDEDED,
    font: 0x7F7F7F,
};
/// A value an analyst typed that badgemap cannot read.
const UNREAD: Colours = Colours {
    fill: 0xF8CBAD,
    font: 0x9C0006,
};
/// A MUST criterion nobody has decided on yet.
const OPEN_MUST: Colours = Colours {
    fill: 0xFFF2CC,
    font: 0x000000,
};

/// The colour of each status.
pub(super) fn status_colours(status: Status) -> Colours {
    match status {
        Status::Covered => GREEN,
        Status::CarryOver => BLUE,
        Status::ReCertify => AMBER,
        Status::NoEvidence => GREY,
        Status::Review => RED,
        Status::Retired => SILVER,
    }
}

fn evidence_colours(evidence: Evidence) -> Colours {
    match evidence {
        Evidence::Full => GREEN,
        Evidence::Partial => AMBER,
        Evidence::Missing => RED,
        Evidence::Waived => BLUE,
    }
}

fn verdict_colours(verdict: Verdict) -> Colours {
    match verdict {
        Verdict::Accepted => GREEN,
        Verdict::Rejected => RED,
        Verdict::Waived => BLUE,
    }
}

fn fill(c: Colours) -> Format {
    Format::new()
        .set_background_color(Color::RGB(c.fill))
        .set_font_color(Color::RGB(c.font))
}

/// Every format the workbook uses, made once.
pub(super) struct Formats {
    pub(super) top: Format,
    pub(super) centre: Format,
    pub(super) bold: Format,
    pub(super) bold_centre: Format,
    pub(super) title: Format,
    pub(super) header: Format,
    pub(super) header_centre: Format,
    pub(super) date: Format,
    pub(super) moment: Format,
    pub(super) wrap: Format,
    pub(super) link: Format,
    /// Cell text → format, per kind of coloured column.
    pub(super) status: Vec<(&'static str, Format)>,
    pub(super) evidence: Vec<(&'static str, Format)>,
    pub(super) level: Vec<(&'static str, Format)>,
    pub(super) decision: Vec<(&'static str, Format)>,
    /// Prose that says nothing is needed (a covered integration's gaps).
    pub(super) prose: Vec<(&'static str, Format)>,
    pub(super) open_must: Format,
    /// An analyst's cell badgemap could not read, kept as typed.
    pub(super) unread: Format,
}

impl Formats {
    pub(super) fn new() -> Self {
        let header = Format::new()
            .set_bold()
            .set_text_wrap()
            .set_align(FormatAlign::Top)
            .set_background_color(Color::RGB(HEADER.fill))
            .set_font_color(Color::RGB(HEADER.font))
            .set_border_bottom(FormatBorder::Thin);
        let mut evidence: Vec<(&'static str, Format)> = [
            Evidence::Full,
            Evidence::Partial,
            Evidence::Missing,
            Evidence::Waived,
        ]
        .into_iter()
        .map(|e| (e.as_str(), fill(evidence_colours(e))))
        .collect();
        evidence.push((NOT_APPLICABLE, fill(GREY)));
        evidence.push((COVERED, fill(GREY)));
        Formats {
            top: Format::new().set_align(FormatAlign::Top),
            centre: Format::new()
                .set_align(FormatAlign::Top)
                .set_align(FormatAlign::Center),
            bold: Format::new().set_bold(),
            bold_centre: Format::new().set_bold().set_align(FormatAlign::Center),
            title: Format::new().set_bold().set_font_size(16),
            header_centre: header.clone().set_align(FormatAlign::Center),
            header,
            date: Format::new()
                .set_num_format("yyyy-mm-dd")
                .set_align(FormatAlign::Left)
                .set_align(FormatAlign::Top),
            moment: Format::new()
                .set_num_format("yyyy-mm-dd hh:mm")
                .set_align(FormatAlign::Left)
                .set_align(FormatAlign::Top),
            wrap: Format::new().set_text_wrap().set_align(FormatAlign::Top),
            link: Format::new()
                .set_font_color(Color::RGB(0x0563C1))
                .set_underline(FormatUnderline::Single),
            status: Status::ALL
                .iter()
                .map(|&s| (s.as_str(), fill(status_colours(s))))
                .collect(),
            evidence,
            level: vec![
                ("MUST", fill(RED).set_bold()),
                ("SHOULD", fill(AMBER)),
                ("MAY", fill(GREY)),
            ],
            decision: Verdict::ALL
                .iter()
                .map(|&v| (v.as_str(), fill(verdict_colours(v))))
                .collect(),
            prose: vec![(COVERED_BY_CERTIFICATION, fill(GREY))],
            open_must: fill(OPEN_MUST),
            unread: fill(UNREAD).set_bold(),
        }
    }

    /// The format a column's cells take (cells carry no format of their
    /// own: a per-cell format costs a hash of the whole format each time).
    pub(super) fn column(&self, kind: ColumnKind, wrap: bool) -> &Format {
        match kind {
            ColumnKind::Prose if wrap => &self.wrap,
            ColumnKind::Date | ColumnKind::DateEntry => &self.date,
            ColumnKind::Number => &self.centre,
            _ => &self.top,
        }
    }

    pub(super) fn header_for(&self, kind: ColumnKind) -> &Format {
        match kind {
            ColumnKind::Number => &self.header_centre,
            _ => &self.header,
        }
    }

    /// The text → format pairs a column is coloured by, if any.
    pub(super) fn coloured(&self, kind: ColumnKind) -> &[(&'static str, Format)] {
        match kind {
            ColumnKind::Status => &self.status,
            ColumnKind::Evidence => &self.evidence,
            ColumnKind::Level => &self.level,
            ColumnKind::Decision => &self.decision,
            ColumnKind::Prose => &self.prose,
            _ => &[],
        }
    }
}

/// Rows looked at to size a table's columns.
const WIDTH_SAMPLE: usize = 2_000;
/// The widest a text column grows; longer text is cut off at the border.
const MAX_TEXT_WIDTH: usize = 44;
/// Prose columns wrap at this width.
pub(super) const PROSE_WIDTH: f64 = 48.0;

/// Column widths that fit the header (with room for the filter button) and
/// the longest value among the first rows, within bounds.
pub(super) fn widths(table: &dyn Table, columns: &[(String, ColumnKind)]) -> Vec<f64> {
    let mut longest: Vec<usize> = columns.iter().map(|(h, _)| h.chars().count() + 3).collect();
    table.rows_in(0..WIDTH_SAMPLE, &mut |cells| {
        for (w, cell) in longest.iter_mut().zip(cells) {
            let n = match cell {
                Cell::Text(t) => t.lines().map(|l| l.chars().count()).max().unwrap_or(0),
                Cell::Url(u) => u.chars().count(),
                Cell::Int(n) => n.to_string().len(),
                Cell::Date(_) | Cell::Day(_) => 10,
                Cell::Moment(_) => 16,
                Cell::Number(_) | Cell::Bool(_) => 8,
                Cell::Link { text, .. } | Cell::Unread(text) => text.chars().count(),
                Cell::Blank => 0,
            };
            *w = (*w).max(n + 1);
        }
    });
    columns
        .iter()
        .zip(longest)
        .map(|((_, kind), n)| match kind {
            ColumnKind::Prose => PROSE_WIDTH.min(n.max(12) as f64),
            ColumnKind::Date | ColumnKind::DateEntry => n.max(12) as f64,
            _ => n.clamp(8, MAX_TEXT_WIDTH) as f64,
        })
        .collect()
}
