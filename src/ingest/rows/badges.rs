//! Each badge encoding of a row: one row per award (with its status), the
//! awarded flag gating a level or highest achievement, an achievements list
//! in one cell, and one column per badge.

use super::reader::RowReader;
use crate::ingest::dates::AwardDate;
use crate::ingest::flags::{awarded_status, read_flag, Flag};
use crate::ingest::register::{BadgeFact, Encoding};
use crate::ingest::roles::Role;
use crate::ingest::table::Column;

use crate::issue::Severity;
use crate::vocab::Resolved;

/// State of the row's awarded flag, when the table has one.
enum Gate {
    NoColumn,
    Yes(Option<AwardDate>),
    No,
    /// Not (yet) awarded, as the flag says: `Pending`.
    Status(String),
    Unclear(String),
}

impl RowReader<'_, '_> {
    pub(super) fn read_badges(&mut self) {
        let ctx = self.ctx;
        let row_date = ctx
            .table
            .column(Role::AwardDate)
            .and_then(|col| self.date_in(col));
        let gate = self.gate();
        // A flag column holding dates dates every badge of its row.
        let flag_date = match &gate {
            Gate::Yes(date) => *date,
            _ => None,
        };
        if let (Gate::No, Some(date)) = (&gate, row_date) {
            self.flag_contradicted(&format!("an award date is given ({date})"));
        }
        if let Some((col, text)) = self.text_of(Role::Badge) {
            if let Some(badge) = self.resolve_badge(col, &text) {
                let fact = self.fact(badge, col, Encoding::Long, &text);
                let fact = self.long_status(fact, row_date);
                if fact.not_awarded.is_none() && self.ctx.table.has(Role::BadgeStatus) {
                    if let Gate::No = gate {
                        self.flag_contradicted("the status says awarded");
                    }
                }
                let fact = match fact.not_awarded {
                    None => gated(fact, &gate, row_date),
                    Some(_) => fact,
                };
                self.facts.push(fact);
            }
        }
        if let Some((col, text)) = self.text_of(Role::Level) {
            match ctx.vocab.resolve_level(&text) {
                Resolved::Unknown => self.unknown(col, &text, "level"),
                resolved => {
                    if let Resolved::Corrected(level) = resolved {
                        self.corrected(col, &text, &level.id);
                    }
                    if let Some(level) = resolved.found() {
                        for &badge in &level.badges {
                            let fact = self.fact(badge, col, Encoding::Level, &text);
                            self.facts.push(gated(fact, &gate, row_date));
                        }
                    }
                }
            }
        }
        if let Some((col, text)) = self.text_of(Role::HighestAchievement) {
            if let Some(badge) = self.resolve_badge(col, &text) {
                let fact = self.fact(badge, col, Encoding::HighestAchievement, &text);
                self.facts.push(gated(fact, &gate, row_date));
            }
        }
        if let Some((col, text)) = self.text_of(Role::Achievements) {
            self.achievements(col, &text, row_date.or(flag_date));
        }
        self.tags(row_date.or(flag_date));
        self.wide(row_date.or(flag_date));
    }

    /// A tracker's labels: each naming a badge (`badge-authenticate`) is
    /// that badge awarded; the others (`publisher`) are no badge's.
    fn tags(&mut self, date: Option<AwardDate>) {
        let table = self.ctx.table;
        for col in table.columns_with(|r| r == Role::BadgeTags) {
            let text = self.row.get(col.index).display();
            let vocab = self.ctx.vocab;
            let Some(badge) = crate::ingest::evidence::badge_tag(&text, vocab)
                .or_else(|| vocab.badge_exact(&text))
            else {
                continue;
            };
            if self
                .facts
                .iter()
                .any(|f| f.badge == badge && f.encoding == Encoding::Tag)
            {
                continue;
            }
            let mut fact = self.fact(badge, col, Encoding::Tag, &text);
            fact.date = date;
            self.facts.push(fact);
        }
    }

    /// The row's awarded flag says no while another of its cells says
    /// awarded: an issue, and the integration goes to review.
    fn flag_contradicted(&mut self, other: &str) {
        let Some(col) = self.ctx.table.column(Role::AwardedFlag) else {
            return;
        };
        let text = self.row.get(col.index).display();
        let message = format!("the awarded flag says no, but {other}");
        self.issue(
            Severity::Warning,
            col,
            &text,
            message.clone(),
            "not counted as awarded; integration marked for review; correct the flag or the other cell",
        );
        self.problems.push(format!(
            "{message} ({})",
            self.ctx.input.line(self.row.index)
        ));
    }

    /// Reads the awarded flag once per row; an unclear flag is one issue.
    fn gate(&mut self) -> Gate {
        let Some(col) = self.ctx.table.column(Role::AwardedFlag) else {
            return Gate::NoColumn;
        };
        let value = self.row.get(col.index);
        match read_flag(value, self.ctx.day_order(col.index)) {
            Flag::Yes(date) => Gate::Yes(date.map(|d| d.date)),
            Flag::No => Gate::No,
            Flag::Status(status) => Gate::Status(status),
            Flag::Unclear => {
                let text = value.display();
                self.issue(
                    Severity::Warning,
                    col,
                    &text,
                    format!("unclear awarded flag in {:?}", col.header),
                    "badges of this row not counted as awarded; write Yes or No",
                );
                self.problems.push(format!("unclear awarded flag {text:?}"));
                Gate::Unclear(text)
            }
        }
    }

    fn long_status(&mut self, mut fact: BadgeFact, row_date: Option<AwardDate>) -> BadgeFact {
        fact.date = row_date;
        let Some(col) = self.ctx.table.column(Role::BadgeStatus) else {
            return fact;
        };
        let status = self.row.get(col.index).display();
        if status.is_empty() {
            self.issue(
                Severity::Warning,
                col,
                "",
                "award row has no status".to_string(),
                "not counted as awarded; write the status (e.g. Awarded)",
            );
            fact.not_awarded = Some("(no status)".into());
        } else {
            match awarded_status(&status, self.ctx.day_order(col.index)) {
                // The status's own date, when the row gives none.
                Some(dated) => fact.date = fact.date.or(dated.map(|p| p.date)),
                None => fact.not_awarded = Some(status.into()),
            }
        }
        fact
    }

    fn achievements(&mut self, col: &Column, text: &str, row_date: Option<AwardDate>) {
        // A list saying there is none (`None of these`, `none`, `n/a`).
        let key = crate::text::compact_key(text);
        if matches!(
            key.as_str(),
            "none" | "noneofthese" | "nobadges" | "na" | "nil" | "no" | "notany"
        ) {
            return;
        }
        // A status in place of the list (`Pending`): no badge yet, and
        // said, not an unknown badge.
        if crate::ingest::flags::says_not_awarded(text) {
            self.issue(
                Severity::Notice,
                col,
                text,
                format!("{} says {:?}: no badge awarded", col.header, text.trim()),
                "kept as read; nothing counted as awarded",
            );
            return;
        }
        let items = text
            .split([';', ',', '|', '\n', '\r'])
            .map(str::trim)
            .filter(|s| !s.is_empty());
        for item in items {
            let mut parts = item.splitn(3, [':', '=']).map(str::trim);
            let name = parts.next().unwrap_or_default();
            let status = parts.next().filter(|s| !s.is_empty());
            let date_text = parts.next().filter(|s| !s.is_empty());
            let Some(badge) = self.resolve_badge(col, name) else {
                continue;
            };
            let mut fact = self.fact(badge, col, Encoding::Achievements, item);
            fact.date = match date_text {
                Some(d) => self.parse_date_text(col, d),
                None => row_date,
            };
            if let Some(status) = status {
                match awarded_status(status, self.ctx.day_order(col.index)) {
                    Some(dated) => fact.date = fact.date.or(dated.map(|p| p.date)),
                    None => fact.not_awarded = Some(status.into()),
                }
            }
            self.facts.push(fact);
        }
    }

    fn wide(&mut self, row_date: Option<AwardDate>) {
        let table = self.ctx.table;
        for col in table.columns_with(|r| matches!(r, Role::BadgeColumn(_))) {
            let Some(Role::BadgeColumn(badge)) = col.role else {
                continue;
            };
            let date_col = table.column(Role::BadgeDate(badge));
            let value = self.row.get(col.index);
            match read_flag(value, self.ctx.day_order(col.index)) {
                Flag::Yes(parsed) => {
                    let mut fact = self.fact(badge, col, Encoding::Wide, &value.display());
                    fact.date = parsed
                        .map(|p| p.date)
                        .or_else(|| date_col.and_then(|c| self.date_in(c)))
                        .or(row_date);
                    self.facts.push(fact);
                }
                Flag::No => {
                    if let Some(dc) = date_col {
                        let date_value = self.row.get(dc.index);
                        if !date_value.is_blank() {
                            let label = self.ctx.vocab.badge(badge).label.clone();
                            self.issue(
                                Severity::Warning,
                                dc,
                                &date_value.display(),
                                format!("a date is given for {label} but its badge cell says no"),
                                "not counted as awarded; integration marked for review; clear the date or mark the badge as awarded",
                            );
                            self.problems.push(format!(
                                "a date is given for {label} but its badge cell says no ({})",
                                self.ctx.input.line(self.row.index)
                            ));
                        }
                    }
                }
                Flag::Status(status) => self.status_cell(badge, col, &status),
                Flag::Unclear => self.unclear_cell(badge, col, value),
            }
        }
        // The badges the row's list names, when it has a list: a date given
        // for another is a contradiction in one record.
        let listed: Option<Vec<crate::vocab::BadgeId>> = table
            .column(Role::Achievements)
            .map(|c| self.row.get(c.index).display())
            .filter(|t| !t.trim().is_empty())
            .map(|_| {
                self.facts
                    .iter()
                    .filter(|f| f.encoding == Encoding::Achievements && f.not_awarded.is_none())
                    .map(|f| f.badge)
                    .collect()
            });
        // A badge given only as a date column ("Collect date") is awarded when
        // that column holds a date or a yes.
        for col in table.columns_with(|r| matches!(r, Role::BadgeDate(_))) {
            let Some(Role::BadgeDate(badge)) = col.role else {
                continue;
            };
            if table.has(Role::BadgeColumn(badge)) {
                continue;
            }
            let value = self.row.get(col.index);
            match read_flag(value, self.ctx.day_order(col.index)) {
                Flag::Yes(parsed) => {
                    if let Some(list) = listed.as_ref().filter(|l| !l.contains(&badge)) {
                        let label = self.ctx.vocab.badge(badge).label.clone();
                        let _ = list;
                        let message = format!("a date is given for {label}, but the row's list of badges does not name it");
                        self.issue(
                            Severity::Warning,
                            col,
                            &value.display(),
                            message.clone(),
                            "counted as awarded; integration marked for review; correct the list or the date",
                        );
                        self.problems.push(format!(
                            "{message} ({})",
                            self.ctx.input.line(self.row.index)
                        ));
                    }
                    let mut fact = self.fact(badge, col, Encoding::Wide, &value.display());
                    fact.date = parsed.map(|p| p.date).or(row_date);
                    self.facts.push(fact);
                }
                Flag::No => {}
                Flag::Status(status) => self.status_cell(badge, col, &status),
                Flag::Unclear => self.unclear_cell(badge, col, value),
            }
        }
    }
}

/// Applies the row's awarded flag to a level, long or highest-achievement award.
fn gated(mut fact: BadgeFact, gate: &Gate, row_date: Option<AwardDate>) -> BadgeFact {
    match gate {
        Gate::NoColumn => fact.date = fact.date.or(row_date),
        Gate::Yes(flag_date) => fact.date = fact.date.or(row_date).or(*flag_date),
        Gate::No => fact.not_awarded = Some("not awarded (awarded flag is no)".into()),
        Gate::Status(status) => fact.not_awarded = Some(status.as_str().into()),
        Gate::Unclear(text) => {
            fact.not_awarded = Some(format!("awarded flag unclear: {text}").into());
        }
    }
    fact
}
