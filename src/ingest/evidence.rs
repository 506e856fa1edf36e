//! What the cells of a sheet's first rows say by their content, in the same
//! grammar the reader uses (`flags.rs`, `dates.rs`, the badge vocabulary):
//! each cell a class, each column a profile of class counts. The plan's
//! search (`search.rs`) and the content check of a heading-decided table
//! (`table.rs`) read the profiles; what they believe of a column is what the
//! reader then reads in it.

use super::dates::{approximate_date, parse_date, DayOrder};
use super::flags::{read_flag, Flag};
use super::roles::is_record_id;
use super::table::Row;
use super::value::Value;
use crate::vocab::Vocabulary;

/// What one cell is, by its content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Class {
    Blank,
    /// A yes: a word, a tick, TRUE, a yes word with a date.
    Yes,
    /// A no: a word, a cross, FALSE, a dash.
    No,
    /// A status saying not (yet) awarded: `Pending`, `Withdrawn`.
    Status,
    /// A date (a date cell, a written date, an approximate one).
    Date,
    /// One badge's name.
    Badge,
    /// Several badge names in one cell (`Authenticate, Display`).
    BadgeList,
    /// A tag naming a badge (`badge-authenticate`).
    BadgeTag,
    /// A CRM record id.
    Id,
    /// A number that is no date.
    Number,
    /// The name of an organisation (`Tamarack State University`).
    Organisation,
    /// Other text.
    Text,
}

/// Words that name an organisation, in the languages registers are kept
/// in. A name holding one (as a word) reads as an organisation's.
const ORGANISATION_WORDS: &[&str] = &[
    "university",
    "universities",
    "universidad",
    "universidade",
    "université",
    "universite",
    "universität",
    "universitat",
    "universita",
    "università",
    "universiteit",
    "uniwersytet",
    "universitet",
    "univerzita",
    "yliopisto",
    "college",
    "collège",
    "colegio",
    "institute",
    "instituto",
    "institut",
    "istituto",
    "institution",
    "school",
    "escuela",
    "école",
    "ecole",
    "academy",
    "akademie",
    "academia",
    "académie",
    "polytechnic",
    "politécnico",
    "politecnico",
    "polytechnique",
    "hochschule",
    "fachhochschule",
    "högskolan",
    "hogeschool",
    "høgskole",
    "ammattikorkeakoulu",
    "fund",
    "foundation",
    "fundación",
    "fundação",
    "fondation",
    "stiftung",
    "trust",
    "council",
    "society",
    "association",
    "press",
    "verlag",
    "publishing",
    "publishers",
    "publisher",
    "éditions",
    "editions",
    "ediciones",
    "hospital",
    "clinic",
    "centre",
    "center",
    "laboratory",
    "laboratories",
    "museum",
    "library",
    "bibliothek",
    "biblioteca",
    "ministry",
    "agency",
    "observatory",
    "consortium",
    "gmbh",
    "ltd",
    "limited",
    "inc",
    "plc",
    "llc",
    "corporation",
    "technion",
    "conservatoire",
    "seminary",
    "faculty",
    "department",
];

/// Whether a text reads as an organisation's name: a word of
/// [`ORGANISATION_WORDS`], beside at least one other word.
pub fn is_organisation(text: &str) -> bool {
    static KEYS: std::sync::OnceLock<std::collections::HashSet<String>> =
        std::sync::OnceLock::new();
    let keys = KEYS.get_or_init(|| {
        ORGANISATION_WORDS
            .iter()
            .map(|o| crate::text::identity_key(o))
            .collect()
    });
    let mut words = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty());
    let (Some(first), Some(second)) = (words.next(), words.next()) else {
        return false;
    };
    [first, second]
        .into_iter()
        .chain(words)
        .any(|w| keys.contains(&crate::text::identity_key(w)))
}

/// The badges a cell lists (`Authenticate, Display`, `AUTHENTICATE;DISPLAY`),
/// when every item of it is a badge's name; `None` otherwise.
pub fn badge_list(text: &str, vocab: &Vocabulary) -> Option<Vec<crate::vocab::BadgeId>> {
    let items: Vec<&str> = text
        .split([',', ';', '|', '\n', '/', '+'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    if items.is_empty() {
        return None;
    }
    items
        .iter()
        .map(|i| vocab.badge_exact(i))
        .collect::<Option<Vec<_>>>()
}

/// The badge a tag names: `badge-authenticate`, `badge_collect`,
/// `orcid-display-badge`, `Display badge`.
pub fn badge_tag(text: &str, vocab: &Vocabulary) -> Option<crate::vocab::BadgeId> {
    let t = text.trim();
    if t.contains(' ') && !t.to_lowercase().contains("badge") {
        return None;
    }
    let lower = t.to_lowercase();
    let stripped = lower
        .trim_start_matches("orcid")
        .trim_matches(['-', '_', ':', ' '])
        .trim_start_matches("badge")
        .trim_end_matches("badge")
        .trim_matches(['-', '_', ':', ' ']);
    if stripped == lower || stripped.is_empty() {
        return None;
    }
    vocab.badge_exact(stripped)
}

/// The class of one cell.
pub fn class_of(value: &Value, vocab: &Vocabulary) -> Class {
    match value {
        Value::Empty => Class::Blank,
        Value::DateTime(_) => Class::Date,
        Value::Bool(true) => Class::Yes,
        Value::Bool(false) => Class::No,
        Value::Error(_) => Class::Text,
        Value::Number(n) => {
            if (10_000.0..=2_958_465.0).contains(n) {
                Class::Date
            } else {
                Class::Number
            }
        }
        Value::Text(t) => {
            let t = t.trim();
            if t.is_empty() {
                return Class::Blank;
            }
            if vocab.badge_exact(t).is_some() {
                return Class::Badge;
            }
            if badge_list(t, vocab).is_some_and(|l| l.len() > 1) {
                return Class::BadgeList;
            }
            if badge_tag(t, vocab).is_some() {
                return Class::BadgeTag;
            }
            match read_flag(value, DayOrder::DayFirst) {
                Flag::Yes(Some(_)) if parse_date(value, DayOrder::DayFirst).is_ok() => {
                    return Class::Date
                }
                Flag::Yes(_) => return Class::Yes,
                Flag::No => return Class::No,
                Flag::Status(_) => return Class::Status,
                Flag::Unclear => {}
            }
            if approximate_date(t, DayOrder::DayFirst).is_some() {
                return Class::Date;
            }
            if is_record_id(t) {
                return Class::Id;
            }
            if t.parse::<f64>().is_ok() {
                return Class::Number;
            }
            if is_organisation(t) {
                return Class::Organisation;
            }
            Class::Text
        }
    }
}

/// A column's cells below a header, counted by class.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Profile {
    /// Non-blank cells.
    pub filled: u32,
    pub yes: u32,
    pub no: u32,
    pub status: u32,
    pub dates: u32,
    pub badges: u32,
    pub lists: u32,
    pub tags: u32,
    pub ids: u32,
    pub numbers: u32,
    pub organisations: u32,
    pub texts: u32,
    /// Distinct non-blank values.
    pub distinct: u32,
}

impl Profile {
    /// Counts the cells of column `col` in `rows`.
    pub fn of(rows: &[&Row], col: u32, vocab: &Vocabulary) -> Profile {
        let mut p = Profile::default();
        let mut seen: Vec<String> = Vec::new();
        for row in rows {
            let value = row.get(col);
            let class = class_of(value, vocab);
            if class == Class::Blank {
                continue;
            }
            p.filled += 1;
            let key = value.display();
            if !seen.contains(&key) {
                seen.push(key);
            }
            match class {
                Class::Blank => {}
                Class::Yes => p.yes += 1,
                Class::No => p.no += 1,
                Class::Status => p.status += 1,
                Class::Date => p.dates += 1,
                Class::Badge => p.badges += 1,
                Class::BadgeList => p.lists += 1,
                Class::BadgeTag => p.tags += 1,
                Class::Id => p.ids += 1,
                Class::Number => p.numbers += 1,
                Class::Organisation => p.organisations += 1,
                Class::Text => p.texts += 1,
            }
        }
        p.distinct = seen.len() as u32;
        p
    }

    /// The counts in words: `4 filled: 2 yes, 1 no, 1 date`.
    pub fn describe(&self) -> String {
        let parts: Vec<String> = [
            (self.yes, "yes"),
            (self.no, "no"),
            (self.status, "status"),
            (self.dates, "date"),
            (self.badges, "badge name"),
            (self.lists, "badge list"),
            (self.tags, "badge label"),
            (self.ids, "record id"),
            (self.numbers, "number"),
            (self.organisations, "organisation"),
            (self.texts, "other text"),
        ]
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, what)| format!("{n} {what}"))
        .collect();
        if parts.is_empty() {
            return "empty".to_string();
        }
        format!("{} filled: {}", self.filled, parts.join(", "))
    }

    /// At least `percent` of the filled cells are `n`.
    pub fn mostly(&self, n: u32, percent: u32) -> bool {
        self.filled > 0 && n * 100 >= self.filled * percent
    }

    /// Its cells list badges: names, lists of names, a name per cell.
    pub fn lists_badges(&self) -> bool {
        self.lists > 0 && self.mostly(self.lists + self.badges + self.no, 60)
    }

    /// Its cells are dates (a `Pending` among them allowed).
    pub fn holds_dates(&self) -> bool {
        self.dates > 0 && self.mostly(self.dates + self.status, 60) && self.yes == 0
    }

    /// Its cells say yes or no for one badge (ticks, words, dates).
    pub fn flags(&self) -> bool {
        self.yes + self.dates > 0 && self.mostly(self.yes + self.no + self.dates + self.status, 70)
    }

    /// Its cells are a tracker's labels, some naming badges.
    pub fn labels(&self) -> bool {
        self.tags > 0 && self.yes + self.no + self.dates + self.lists + self.status == 0
    }

    /// Its cells are organisations' names.
    pub fn organisations(&self) -> bool {
        self.organisations >= 1 && self.mostly(self.organisations, 60)
    }
}

/// The role words a heading written as a question or a phrase holds
/// (`Name of your institution`, `Which system is this about?`, `When was it
/// awarded?`): each word and pair of words read as a heading alone, the
/// first that names a role. Badge names are left to the cells' content.
pub fn loose_role(heading: &str, vocab: &Vocabulary) -> Option<super::roles::Role> {
    use super::roles::{recognise, Role};
    let words: Vec<&str> = heading
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    if words.len() < 2 {
        return None;
    }
    let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
    if lower.iter().any(|w| w == "when") && lower.iter().any(|w| w.starts_with("award")) {
        return Some(Role::AwardDate);
    }
    let mut found = None;
    for n in [2, 1] {
        for w in words.windows(n) {
            let phrase = w.join(" ");
            match recognise(&phrase, vocab) {
                Some(
                    Role::BadgeColumn(_) | Role::BadgeDate(_) | Role::RecordName | Role::RecordId,
                )
                | None => {}
                Some(role) => {
                    found = Some(role);
                    break;
                }
            }
        }
        if found.is_some() {
            break;
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vocab() -> Vocabulary {
        crate::vocab::tests::builtin()
    }

    #[test]
    fn cells_are_classed_by_what_they_say() {
        let v = vocab();
        let t = |s: &str| class_of(&Value::Text(s.into()), &v);
        assert_eq!(t("Authenticate, Display"), Class::BadgeList);
        assert_eq!(t("Display"), Class::Badge);
        assert_eq!(t("badge-authenticate"), Class::BadgeTag);
        assert_eq!(t("publisher"), Class::Text);
        assert_eq!(t("✓"), Class::Yes);
        assert_eq!(t("Awarded 14/03/2019"), Class::Yes);
        assert_eq!(t("14/05/2019"), Class::Date);
        assert_eq!(t("around March 2019"), Class::Date);
        assert_eq!(t("Withdrawn"), Class::Status);
        assert_eq!(t("Tamarack State University"), Class::Organisation);
        assert_eq!(t("Högskolan i Varberg"), Class::Organisation);
        assert_eq!(t("Tamarack ScholarWorks"), Class::Text);
        assert!(!is_organisation("University"));
    }

    #[test]
    fn question_headings_name_their_role() {
        use crate::ingest::roles::Role;
        let v = vocab();
        assert_eq!(
            loose_role("Name of your institution", &v),
            Some(Role::Member)
        );
        assert_eq!(
            loose_role("Which system is this about?", &v),
            Some(Role::Integration)
        );
        assert_eq!(
            loose_role("Which product is it built on?", &v),
            Some(Role::Product)
        );
        assert_eq!(
            loose_role("When was it awarded? (approximate is fine)", &v),
            Some(Role::AwardDate)
        );
        assert_eq!(loose_role("Anything else we should know?", &v), None);
    }
}
