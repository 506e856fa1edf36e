//! A sheet whose headings name no member and badges is read by what its
//! cells say. Each row of the held window is a candidate header; under it,
//! each column's heading is a prior (its exact words, or the role words of a
//! heading written as a question) and its cells the evidence
//! (`evidence.rs`): cells that list badges are an achievements list, dates
//! under an award or review heading the award date, labels naming badges a
//! tracker's badge labels, names of organisations the member. Where no
//! column holds the member, the context may: member lines standing above
//! their integrations, a label line (`Member: X`) above the header, the
//! sheet's or the file's name when it names an organisation.
//!
//! Each candidate is scored in integer points: 3 for each cell of a badge
//! column that reads as a badge fact, 2 for each member cell that reads as
//! an organisation (or line of a parent or label), 1 for each column whose
//! heading names its role, minus 2 for a member taken from the sheet's or
//! file's name. A candidate needs a badge fact and a member. The best score
//! wins; of equal scores, the higher row. The decision is a plan with pins,
//! read like one a hint gives (`plan.rs`), and explained: its score, the
//! runner-up and the margin.

use super::evidence::{is_organisation, loose_role, Profile};
use super::plan::{Fixed, MemberPlan};
use super::roles::{recognise, Role};
use super::table::{Pins, Row};
use crate::model::MemberFrom;
use crate::text::compact_key;
use crate::vocab::Vocabulary;

/// The plan a content search found for a sheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub pins: Pins,
    pub member: MemberPlan,
    /// Zero-based header row.
    pub header: u32,
    pub score: i64,
    /// The next best candidate's header row and score.
    pub runner_up: Option<(u32, i64)>,
}

impl Found {
    /// `searched by content: header row 4 (23 points; the runner-up, row 2, 9)`.
    pub fn describe(&self) -> String {
        let runner = match self.runner_up {
            Some((row, score)) => format!("; the runner-up, row {}, {score}", row + 1),
            None => "; no other candidate".to_string(),
        };
        format!(
            "searched by content: header row {} ({} points{runner})",
            self.header + 1,
            self.score
        )
    }
}

/// One candidate's reading of the columns under its header.
struct Reading {
    roles: Vec<(u32, Role)>,
    badge_points: i64,
    member: Option<(MemberPlan, i64)>,
    heading_points: i64,
}

/// The best plan for a sheet by its cells, if any candidate holds badge
/// facts and a member.
pub fn search(
    head: &[Row],
    vocab: &Vocabulary,
    file: &str,
    sheet: Option<&str>,
    known_product: &dyn Fn(&str) -> bool,
) -> Option<Found> {
    let mut scored: Vec<(u32, i64, Reading)> = candidates(head, vocab, file, sheet, known_product)
        .into_iter()
        .filter(|(_, _, reading)| reading.member.is_some() && reading.badge_points > 0)
        .collect();
    // Best score first; of equal scores, the higher row.
    scored.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let runner_up = scored.get(1).map(|(row, score, _)| (*row, *score));
    let (header, score, reading) = scored.into_iter().next()?;
    let mut pins = Pins {
        header: Some(vec![header]),
        ..Pins::default()
    };
    for (col, role) in &reading.roles {
        pins.columns.push((*col, Some(*role)));
    }
    let (member, _) = reading.member?;
    pins.member_elsewhere = member != MemberPlan::Column;
    Some(Found {
        pins,
        member,
        header,
        score,
        runner_up,
    })
}

/// When no candidate holds both, the two best candidates and what each
/// lacked: `row 3 (12 points): a member (column A), no cell reading as a
/// badge fact`. Same order as the search: points, then the higher row.
pub fn lacking(
    head: &[Row],
    vocab: &Vocabulary,
    file: &str,
    sheet: Option<&str>,
    known_product: &dyn Fn(&str) -> bool,
) -> Vec<String> {
    let mut all = candidates(head, vocab, file, sheet, known_product);
    all.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    all.iter()
        .take(2)
        .map(|(row, score, reading)| {
            let member = match &reading.member {
                None => "no member".to_string(),
                Some((MemberPlan::Column, _)) => {
                    match reading.roles.iter().find(|(_, r)| *r == Role::Member) {
                        Some((col, _)) => format!(
                            "a member (column {})",
                            crate::model::cell::column_letters(*col)
                        ),
                        None => "a member".to_string(),
                    }
                }
                Some(_) => "a member from the context".to_string(),
            };
            let badges = if reading.badge_points > 0 {
                "badge facts".to_string()
            } else {
                "no cell reading as a badge fact".to_string()
            };
            format!("row {} ({score} points): {member}, {badges}", row + 1)
        })
        .collect()
}

/// Every row of the window with two filled cells and lines under it, read
/// as a header, with its score (whether or not it holds what a plan needs).
fn candidates(
    head: &[Row],
    vocab: &Vocabulary,
    file: &str,
    sheet: Option<&str>,
    known_product: &dyn Fn(&str) -> bool,
) -> Vec<(u32, i64, Reading)> {
    let mut scored = Vec::new();
    for (i, row) in head.iter().enumerate() {
        let filled = row.cells.iter().filter(|v| !v.is_blank()).count();
        if filled < 2 || row.index >= super::table::HEADER_SEARCH_ROWS {
            continue;
        }
        // The lines under it, but for the header written again above the
        // next block: its cells are headings, not values.
        let below: Vec<&Row> = head
            .get(i + 1..)
            .unwrap_or_default()
            .iter()
            .filter(|r| !r.is_blank() && !repeats(row, r))
            .collect();
        if below.is_empty() {
            continue;
        }
        let above = head.get(..i).unwrap_or_default();
        let reading = read_under(row, &below, above, vocab, (file, sheet), known_product);
        let member_points = reading.member.as_ref().map_or(0, |(_, p)| *p);
        let score = reading.badge_points + member_points + reading.heading_points;
        scored.push((row.index, score, reading));
    }
    scored
}

/// Heading words that say a column's dates are the award's.
fn dates_the_award(heading: &str) -> bool {
    let key = compact_key(heading);
    [
        "award", "badge", "review", "certif", "grant", "achiev", "status",
    ]
    .iter()
    .any(|w| key.contains(w))
}

fn read_under(
    header: &Row,
    below: &[&Row],
    above: &[Row],
    vocab: &Vocabulary,
    (file, sheet): (&str, Option<&str>),
    known_product: &dyn Fn(&str) -> bool,
) -> Reading {
    let mut roles: Vec<(u32, Role)> = Vec::new();
    let mut badge_points = 0i64;
    let mut heading_points = 0i64;
    let mut member_col: Option<(u32, i64)> = None;
    let mut organisations: Option<(u32, i64)> = None;
    let taken = |roles: &[(u32, Role)], role: Role| roles.iter().any(|(_, r)| *r == role);
    for (c, value) in header.cells.iter().enumerate() {
        let col = c as u32;
        let heading = value.display();
        if heading.trim().is_empty() {
            continue;
        }
        let named = recognise(&heading, vocab).or_else(|| loose_role(&heading, vocab));
        let profile = Profile::of(below, col, vocab);
        let role = if profile.lists_badges() {
            badge_points += 3 * i64::from(profile.lists + profile.badges);
            Some(Role::Achievements)
        } else if profile.labels() {
            badge_points += 3 * i64::from(profile.tags);
            Some(Role::BadgeTags)
        } else if let Some(Role::BadgeColumn(b)) = named {
            if profile.flags() || profile.filled == 0 {
                badge_points += 3 * i64::from(profile.yes + profile.dates);
                heading_points += 1;
                Some(Role::BadgeColumn(b))
            } else {
                None
            }
        } else if profile.holds_dates()
            && (dates_the_award(&heading)
                || matches!(
                    named,
                    Some(Role::AwardDate | Role::AwardedFlag | Role::BadgeStatus)
                ))
        {
            Some(Role::AwardDate)
        } else if named == Some(Role::Member) && !profile.holds_dates() {
            heading_points += 1;
            Some(Role::Member)
        } else if let Some(role) = named {
            heading_points += 1;
            Some(role)
        } else if products_in(below, col, known_product) * 10 >= profile.filled * 6
            && profile.filled > 0
        {
            // Names of products the mapping or the certified list knows.
            Some(Role::Product)
        } else {
            None
        };
        // The leftmost column of organisations' names, whatever its heading.
        if profile.organisations()
            && organisations.is_none()
            && role.is_none_or(|r| !r.carries_badges())
        {
            organisations = Some((col, 2 * i64::from(profile.organisations)));
        }
        let Some(role) = role else { continue };
        // A role held once: the first column that plays it.
        if !role.repeatable() && !matches!(role, Role::BadgeColumn(_)) && taken(&roles, role) {
            continue;
        }
        if role == Role::Member {
            member_col = Some((col, 2 * i64::from(profile.organisations.max(1))));
        }
        roles.push((col, role));
    }
    // A column of organisations beside no member heading is the member's.
    if member_col.is_none() {
        if let Some((col, points)) = organisations {
            roles.retain(|(c, _)| *c != col);
            roles.push((col, Role::Member));
            member_col = Some((col, points));
        }
    }
    // No column names the integration or its product: the first column of
    // names left is its name.
    let named_role = |r: &Role| matches!(r, Role::Integration | Role::Product | Role::RecordName);
    if !roles.iter().any(|(_, r)| named_role(r)) {
        let free = (0..header.cells.len() as u32).find(|c| {
            !roles.iter().any(|(rc, _)| rc == c) && !header.get(*c).is_blank() && {
                let p = Profile::of(below, *c, vocab);
                p.filled > 0
                    && p.mostly(p.texts + p.organisations, 60)
                    && p.distinct * 2 >= p.filled
            }
        });
        if let Some(c) = free {
            roles.push((c, Role::Integration));
        }
    }
    let badge_cols: Vec<u32> = roles
        .iter()
        .filter(|(_, r)| r.carries_badges())
        .map(|(c, _)| *c)
        .collect();
    // Member lines above their integrations, in the name column.
    if let Some((plan, points, name_col)) = parent_lines(&roles, below, &badge_cols, member_col) {
        roles.retain(|(c, r)| *c != name_col && !matches!(r, Role::Member | Role::Integration));
        roles.push((name_col, Role::Integration));
        return Reading {
            roles,
            badge_points,
            member: Some((plan, points)),
            heading_points,
        };
    }
    let member = if let Some((_, points)) = member_col {
        Some((MemberPlan::Column, points))
    } else if above.iter().any(|r| label_line(r, vocab)) {
        Some((MemberPlan::Label(None), 2))
    } else if sheet.is_some_and(is_organisation) {
        Some((MemberPlan::Fixed(Fixed::SheetName), -2))
    } else {
        organisation_in_file_name(file).map(|name| {
            (
                MemberPlan::Fixed(Fixed::Named {
                    name,
                    from: MemberFrom::FileName,
                }),
                -2,
            )
        })
    };
    Reading {
        roles,
        badge_points,
        member,
        heading_points,
    }
}

/// Whether `line` writes `header` again: two thirds of its headings.
fn repeats(header: &Row, line: &Row) -> bool {
    let headings: Vec<(usize, String)> = header
        .cells
        .iter()
        .enumerate()
        .map(|(i, v)| (i, compact_key(&v.display())))
        .filter(|(_, k)| !k.is_empty())
        .collect();
    let again = headings
        .iter()
        .filter(|(i, k)| compact_key(&line.get(*i as u32).display()) == *k)
        .count();
    headings.len() >= 2 && again * 3 >= headings.len() * 2
}

/// How many of a column's cells name a known product.
fn products_in(below: &[&Row], col: u32, known_product: &dyn Fn(&str) -> bool) -> u32 {
    below
        .iter()
        .filter(|r| {
            let v = r.get(col).display();
            !v.trim().is_empty() && known_product(v.trim())
        })
        .count() as u32
}

/// A line that labels a member: `Member: Acme`, `Institution: Acme`.
fn label_line(row: &Row, vocab: &Vocabulary) -> bool {
    let filled: Vec<String> = row
        .cells
        .iter()
        .filter(|v| !v.is_blank())
        .map(super::value::Value::display)
        .collect();
    match filled.as_slice() {
        [text] => matches!(
            super::lines::group_value(text, vocab),
            Some((Role::Member, _))
        ),
        _ => false,
    }
}

/// Member lines above their integrations: in the first name column, lines
/// naming an organisation with no badge fact, each followed by lines with
/// badge facts (indented, or not). The plan, its points, and the column.
fn parent_lines(
    roles: &[(u32, Role)],
    below: &[&Row],
    badge_cols: &[u32],
    member_col: Option<(u32, i64)>,
) -> Option<(MemberPlan, i64, u32)> {
    let name_col = roles
        .iter()
        .filter(|(_, r)| matches!(r, Role::Member | Role::Integration | Role::RecordName))
        .map(|(c, _)| *c)
        .min()
        .or(member_col.map(|(c, _)| c))?;
    // Another column naming the member (each line's own) rules it out.
    if member_col.is_some_and(|(c, _)| c != name_col) {
        return None;
    }
    let has_badge = |r: &Row| badge_cols.iter().any(|c| !r.get(*c).is_blank());
    let (mut parents, mut children, mut orphans) = (0i64, 0i64, 0i64);
    let mut under_parent = false;
    for r in below {
        let name = r.get(name_col).display();
        if name.trim().is_empty() {
            continue;
        }
        if !has_badge(r) && is_organisation(name.trim()) {
            parents += 1;
            under_parent = true;
        } else if has_badge(r) {
            if under_parent {
                children += 1;
            } else {
                orphans += 1;
            }
        }
    }
    (parents >= 1 && children >= parents && orphans == 0).then_some((
        MemberPlan::ParentLines,
        2 * parents,
        name_col,
    ))
}

/// The organisation a file's name names: `Brenmoor University - ORCID
/// systems.xlsx` → `Brenmoor University`.
pub fn organisation_in_file_name(file: &str) -> Option<String> {
    let stem = std::path::Path::new(file).file_stem()?.to_str()?;
    let spaced = stem.replace(['_', '(', ')', ','], " - ");
    spaced
        .split(" - ")
        .flat_map(|p| p.split(" – "))
        .flat_map(|p| p.split(" — "))
        .map(str::trim)
        .find(|part| is_organisation(part))
        .map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::value::Value;

    fn row(index: u32, cells: &[&str]) -> Row {
        Row {
            index,
            cells: cells
                .iter()
                .map(|c| {
                    if c.is_empty() {
                        Value::Empty
                    } else {
                        Value::Text((*c).to_string())
                    }
                })
                .collect(),
        }
    }

    fn vocab() -> Vocabulary {
        crate::vocab::tests::builtin()
    }

    #[test]
    fn a_member_column_is_found_by_its_organisations() {
        let head = [
            row(0, &["HEI", "Tool in use", "Authenticate", "Display"]),
            row(
                1,
                &[
                    "University of Penmarth",
                    "Symplectic Elements",
                    "Awarded 14/03/2019",
                    "",
                ],
            ),
            row(
                2,
                &["Cloughmore University", "Pure", "yes – 2019", "Withdrawn"],
            ),
        ];
        let found = search(&head, &vocab(), "hei.xlsx", Some("Platforms"), &|_| false).unwrap();
        assert_eq!(found.header, 0);
        assert_eq!(found.member, MemberPlan::Column);
        assert!(found.pins.columns.contains(&(0, Some(Role::Member))));
        assert!(found
            .describe()
            .starts_with("searched by content: header row 1 ("));
    }

    #[test]
    fn badge_lists_dates_and_the_file_name_decide() {
        let head = [
            row(0, &["System", "Which badges were awarded?", "Review date"]),
            row(
                1,
                &["Expertise Finder", "Authenticate, Display", "14/05/2019"],
            ),
            row(2, &["Data Store", "Authenticate", "03/09/2018"]),
        ];
        let found = search(
            &head,
            &vocab(),
            "in/Brenmoor University - ORCID systems.xlsx",
            Some("Systems"),
            &|_| false,
        )
        .unwrap();
        assert!(found.pins.columns.contains(&(1, Some(Role::Achievements))));
        assert!(found.pins.columns.contains(&(2, Some(Role::AwardDate))));
        assert_eq!(
            found.member,
            MemberPlan::Fixed(Fixed::Named {
                name: "Brenmoor University".into(),
                from: MemberFrom::FileName
            })
        );
    }

    #[test]
    fn parent_lines_and_label_lines_give_the_member() {
        let head = [
            row(0, &["Organisation / system", "Country", "Auth", "Display"]),
            row(1, &["Kōwhai University", "New Zealand", "", ""]),
            row(2, &["    Kōwhai Elements", "", "✓", "✓"]),
            row(
                3,
                &["Karoo University of Technology", "South Africa", "", ""],
            ),
            row(4, &["– KUT Figshare", "", "✓", ""]),
        ];
        let found = search(&head, &vocab(), "log.xlsx", Some("Badges"), &|_| false).unwrap();
        assert_eq!(found.member, MemberPlan::ParentLines);
        let labelled = [
            row(0, &["Member: Universidade de Tavira"]),
            row(2, &["System", "Authenticate", "Display"]),
            row(3, &["Tavira Repositório Aberto", "✓", "✓"]),
        ];
        let found = search(&labelled, &vocab(), "notes.xlsx", Some("Reviews"), &|_| {
            false
        })
        .unwrap();
        assert_eq!(found.member, MemberPlan::Label(None));
        assert_eq!(found.header, 2);
    }

    #[test]
    fn nothing_is_found_without_badges_or_a_member() {
        let head = [row(0, &["Key", ""]), row(1, &["Y", "awarded"])];
        assert!(search(&head, &vocab(), "x.xlsx", Some("Key"), &|_| false).is_none());
        let no_member = [
            row(0, &["System", "Authenticate"]),
            row(1, &["CRIS", "Yes"]),
        ];
        assert!(search(
            &no_member,
            &vocab(),
            "register.xlsx",
            Some("Sheet1"),
            &|_| false
        )
        .is_none());
    }
}
