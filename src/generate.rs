//! Synthetic legacy registers for benchmarks and for trying mappings: every
//! badge encoding, messy spellings and dates, duplicates across files and a
//! small share of bad rows, reproducible from a seed. Badge names come from
//! the mapping, so a custom badge appears too.

use crate::vocab::Vocabulary;
use chrono::NaiveDate;

/// What to generate.
#[derive(Debug, Clone, Copy)]
pub struct Spec {
    pub integrations: usize,
    pub seed: u64,
    pub files: usize,
}

/// splitmix64: small, fast, and stable across releases (unlike library RNGs,
/// whose streams may change), so a seed always gives the same register.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }

    /// True with probability `percent` / 100.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next_u64() % 100 < percent
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// A generated cell.
#[derive(Debug, Clone, PartialEq)]
pub enum GenCell {
    Text(String),
    /// A date-formatted cell in workbooks, ISO text in CSV.
    Date(NaiveDate),
    Bool(bool),
    Empty,
}

fn t(s: impl Into<String>) -> GenCell {
    GenCell::Text(s.into())
}

/// How a file lays out its badges.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// One row per award with status and date.
    Long,
    /// Consortium table: banner rows, two-row header, one column per badge.
    Wide,
    /// CRM export: level + awarded flag, achievements list, highest achievement.
    Crm,
}

impl Layout {
    /// Long logs dominate real registers; every sixth file is a CRM export.
    pub fn of_file(f: usize) -> Layout {
        [
            Layout::Long,
            Layout::Wide,
            Layout::Long,
            Layout::Crm,
            Layout::Long,
            Layout::Wide,
        ][f % 6]
    }
}

const SYLLABLES: &[&str] = &[
    "ald", "bar", "cal", "dun", "eas", "fen", "gar", "hal", "ing", "kes", "lin", "mar", "nor",
    "ost", "pen", "quar", "ros", "sal", "tor", "ul", "ven", "wes", "yar", "zel", "brook", "ford",
    "moor", "ton", "wick", "field", "stead", "ham", "mouth", "ley", "by", "dale",
];
const PATTERNS: &[&str] = &[
    "University of {}",
    "{} Institute of Technology",
    "{} University Press",
    "{} Research Council",
    "{} College",
    "{} Health & Care Research",
    "Université de {}",
];
const SYSTEMS: &[&str] = &[
    "Research portal",
    "Institutional repository",
    "Manuscript submission",
    "Grant portal",
    "Staff profiles",
    "Thesis deposit",
    "Data repository",
    "Journal hosting",
];
const PRODUCTS: &[&str] = &[
    "Symplectic Elements",
    "Pure",
    "Converis",
    "DSpace",
    "EPrints",
    "Figshare",
    "Open Journal Systems",
    "Editorial Manager",
    "ScholarOne Manuscripts",
    "Worktribe",
    "Dataverse",
    "",
];
const SECTORS: &[&str] = &[
    "Research Institute",
    "Publisher",
    "Funder",
    "Government",
    "University",
];
const COUNTRIES: &[&str] = &[
    "United Kingdom",
    "Ireland",
    "Netherlands",
    "Sweden",
    "Chile",
    "Canada",
    "Australia",
];

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map_or_else(String::new, |f| f.to_uppercase().chain(c).collect())
}

/// One synthetic integration, derived from the seed and its index alone.
#[derive(Debug, Clone)]
pub struct Synthetic {
    pub member: String,
    pub name: String,
    pub product: String,
    pub sector: String,
    pub country: String,
    /// (badge index, award date) of awarded badges, in badge order.
    pub awards: Vec<(usize, Option<NaiveDate>)>,
    pub inactive: bool,
}

pub fn integration(spec: &Spec, vocab: &Vocabulary, j: usize) -> Synthetic {
    // Members own one to three integrations: integration j belongs to member j / 2,
    // and every third member also gets the next member's second integration.
    let member_index = j / 2;
    let mut rng = Rng::new(spec.seed ^ (member_index as u64).wrapping_mul(0x2545_F491_4F6C_DD1D));
    let n = SYLLABLES.len();
    let place = format!(
        "{}{}{}",
        capitalise(SYLLABLES[member_index % n]),
        SYLLABLES[(member_index / n) % n],
        SYLLABLES[(member_index / (n * n)) % n]
    );
    let pattern = PATTERNS[(member_index / (n * n * n)) % PATTERNS.len()];
    let member = pattern.replace("{}", &place);
    let sector = rng.pick(SECTORS).to_string();
    let country = rng.pick(COUNTRIES).to_string();
    let mut rng = Rng::new(spec.seed ^ (j as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0xB1);
    let name = SYSTEMS[(j + member_index) % SYSTEMS.len()].to_string();
    let product = rng.pick(PRODUCTS).to_string();
    let badges = vocab.badges.len();
    // A cumulative run of badges from the first, sometimes with gaps.
    let top = if rng.chance(8) {
        0
    } else {
        1 + rng.below(badges)
    };
    let dated = rng.chance(45);
    let mut awards = Vec::new();
    for b in 0..top {
        if b > 0 && rng.chance(10) {
            continue;
        }
        let date = dated.then(|| {
            let day = rng.below(365 * 5) as i64;
            NaiveDate::from_ymd_opt(2016, 1, 1)
                .map_or(NaiveDate::MIN, |d| d + chrono::Duration::days(day))
        });
        awards.push((b, date));
    }
    Synthetic {
        member,
        name,
        product,
        sector,
        country,
        awards,
        inactive: rng.chance(3),
    }
}

/// A messy but resolvable spelling of a badge (or level) name.
fn spelling(vocab: &Vocabulary, b: usize, rng: &mut Rng) -> String {
    let def = &vocab.badges[b];
    let base = if !def.aliases.is_empty() && rng.chance(30) {
        rng.pick(&def.aliases).clone()
    } else {
        def.label.clone()
    };
    match rng.below(10) {
        0 => base.to_uppercase(),
        1 => format!("{} - {}", b + 1, base.to_uppercase()),
        2 => format!("ORCiD {base}"),
        3 if base.chars().count() > 6 => {
            // A transposed pair of letters: a misspelling within two edits.
            let mut chars: Vec<char> = base.chars().collect();
            let i = 2 + rng.below(chars.len() - 4);
            chars.swap(i, i + 1);
            chars.into_iter().collect()
        }
        4 => base.to_lowercase(),
        _ => base,
    }
}

/// A date written the way a person might.
fn written_date(d: NaiveDate, rng: &mut Rng, csv: bool) -> GenCell {
    match rng.below(7) {
        0 | 1 if !csv => GenCell::Date(d),
        0 | 1 => t(d.format("%Y-%m-%d").to_string()),
        2 => t(d.format("%d/%m/%Y").to_string()),
        3 => t(d.format("%Y.%m.%d").to_string()),
        4 => t(d.format("%-d %B %Y").to_string()),
        5 => t(d.format("%b %Y").to_string()),
        _ => t(d.format("%Y-%m-%dT10:00:00Z").to_string()),
    }
}

fn date_cell(d: Option<NaiveDate>, rng: &mut Rng, csv: bool) -> GenCell {
    d.map_or(GenCell::Empty, |d| written_date(d, rng, csv))
}

/// The integrations a file holds: its own share, and three tenths of the
/// previous file's share again (written differently), so that duplicates
/// merge across files as they do in real registers.
pub fn file_members(spec: &Spec, f: usize) -> Vec<(usize, bool)> {
    let files = spec.files.max(1);
    let previous = (f + files - 1) % files;
    let mut out: Vec<(usize, bool)> = (f..spec.integrations)
        .step_by(files)
        .map(|j| (j, false))
        .collect();
    if files > 1 {
        out.extend(
            (previous..spec.integrations)
                .step_by(files)
                .filter(|j| j % 10 % 3 == 1)
                .map(|j| (j, true)),
        );
    }
    out
}

fn member_spelling(s: &Synthetic, duplicate: bool) -> String {
    if duplicate {
        s.member.replace(" & ", " and ").to_uppercase()
    } else {
        s.member.clone()
    }
}

/// The header rows and data rows of file `f`.
pub fn file_rows(spec: &Spec, vocab: &Vocabulary, f: usize, csv: bool) -> Vec<Vec<GenCell>> {
    let layout = Layout::of_file(f);
    let mut rng = Rng::new(spec.seed ^ 0xF11E ^ (f as u64).wrapping_mul(0x5851_F42D_4C95_7F2D));
    let mut rows = header_rows(layout, vocab, f);
    for (j, duplicate) in file_members(spec, f) {
        let s = integration(spec, vocab, j);
        let row = Written {
            member: member_spelling(&s, duplicate),
            bad: rng.chance(1),
            s: &s,
            csv,
        };
        match layout {
            Layout::Long => rows.extend(row.long(vocab, &mut rng)),
            Layout::Wide => rows.push(row.wide(vocab, &mut rng)),
            Layout::Crm => rows.push(row.crm(vocab, &mut rng)),
        }
    }
    rows
}

/// The header of a file of `layout`: one row, or a consortium table's
/// banners over a two-row header under a merged "Badges" cell.
fn header_rows(layout: Layout, vocab: &Vocabulary, f: usize) -> Vec<Vec<GenCell>> {
    let one = |names: &[&str]| vec![names.iter().map(|n| t(*n)).collect()];
    match layout {
        Layout::Long => one(&[
            "Member",
            "Integration",
            "Product",
            "Sector",
            "Country",
            "Badge",
            "Status",
            "Date awarded",
            "Notes",
        ]),
        Layout::Wide => {
            let badges = vocab.badges.len();
            let mut top = [
                "Member organisation",
                "System",
                "Vendor",
                "Sector",
                "Badges",
            ]
            .map(t)
            .to_vec();
            top.extend((1..badges).map(|_| GenCell::Empty));
            top.push(t("Notes"));
            let mut second = vec![GenCell::Empty; 4];
            second.extend(vocab.badges.iter().map(|b| t(b.label.clone())));
            vec![
                vec![t(format!("Consortium badge register, part {}", f + 1))],
                vec![t(
                    "Maintained by the consortium office; ticks confirmed by ORCID",
                )],
                Vec::new(),
                top,
                second,
            ]
        }
        Layout::Crm => one(&[
            "Account Name",
            "Integration Name",
            "Vendor Product",
            "Member Type",
            "Billing Country",
            "Level__c",
            "BadgeAwarded__c",
            "Achievements__c",
            "Highest_Achievement__c",
            "inactive__c",
            "API_Version__c",
        ]),
    }
}

/// One integration as a file writes it: its member's spelling there, and
/// whether its rows carry the file's deliberate faults.
struct Written<'a> {
    s: &'a Synthetic,
    member: String,
    bad: bool,
    csv: bool,
}

impl Written<'_> {
    /// One row per award (a bad integration lacks its member on the first,
    /// has an unknown badge on the second and an ambiguous date on the
    /// third); one row without a badge when it has none.
    fn long(&self, vocab: &Vocabulary, rng: &mut Rng) -> Vec<Vec<GenCell>> {
        let s = self.s;
        let mut rows = Vec::new();
        if s.awards.is_empty() {
            rows.push(vec![
                t(&self.member),
                t(&s.name),
                t(&s.product),
                t(&s.sector),
                t(&s.country),
            ]);
        }
        for (k, (b, date)) in s.awards.iter().enumerate() {
            let member_cell = if self.bad && k == 0 {
                GenCell::Empty
            } else {
                t(&self.member)
            };
            let badge = if self.bad && k == 1 {
                "Platinum".to_string()
            } else {
                spelling(vocab, *b, rng)
            };
            let status = if rng.chance(4) {
                "In progress"
            } else {
                "Awarded"
            };
            let date = if self.bad && k == 2 {
                t("03/04/18")
            } else {
                date_cell(*date, rng, self.csv)
            };
            rows.push(vec![
                member_cell,
                t(&s.name),
                t(&s.product),
                t(&s.sector),
                t(&s.country),
                t(badge),
                t(status),
                date,
                if rng.chance(5) {
                    t("checked with the member")
                } else {
                    GenCell::Empty
                },
            ]);
        }
        rows
    }

    /// One column per badge: a date, a tick or a yes; a bad integration
    /// writes "pending" where it has none.
    fn wide(&self, vocab: &Vocabulary, rng: &mut Rng) -> Vec<GenCell> {
        let s = self.s;
        let mut row = vec![t(&self.member), t(&s.name), t(&s.product), t(&s.sector)];
        for b in 0..vocab.badges.len() {
            let award = s.awards.iter().find(|(a, _)| *a == b);
            row.push(match award {
                Some((_, Some(d))) if rng.chance(50) => written_date(*d, rng, self.csv),
                Some(_) => t(*rng.pick(&["✓", "Y", "Yes", "x", "✔", "TRUE"])),
                None if self.bad => t("pending"),
                None => t(*rng.pick(&["", "", "N", "No", "-"])),
            });
        }
        row.push(if rng.chance(10) {
            t("see correspondence")
        } else {
            GenCell::Empty
        });
        row
    }

    /// A CRM export: the highest badge as a level with its awarded flag
    /// (false on a bad integration), as an achievements list, or as the
    /// highest achievement.
    fn crm(&self, vocab: &Vocabulary, rng: &mut Rng) -> Vec<GenCell> {
        let s = self.s;
        let top = s.awards.last().map(|(b, _)| *b);
        let style = rng.below(3);
        let e = || GenCell::Empty;
        let (level, flag, achievements, highest) = match (style, top) {
            (_, None) => (e(), e(), e(), e()),
            (0, Some(b)) => (
                t(spelling(vocab, b, rng)),
                GenCell::Bool(!self.bad),
                e(),
                e(),
            ),
            (1, Some(_)) => {
                let list: Vec<String> = s
                    .awards
                    .iter()
                    .map(|(b, _)| {
                        let status = if rng.chance(5) {
                            "In Progress"
                        } else {
                            "Awarded"
                        };
                        format!("{}:{status}", vocab.badges[*b].label.to_uppercase())
                    })
                    .collect();
                (e(), e(), t(list.join(";")), e())
            }
            (_, Some(b)) => (e(), e(), e(), t(vocab.badges[b].label.to_uppercase())),
        };
        vec![
            t(&self.member),
            t(&s.name),
            t(&s.product),
            t(&s.sector),
            t(&s.country),
            level,
            flag,
            achievements,
            highest,
            GenCell::Bool(s.inactive),
            t(*rng.pick(&["2.0", "2.1", "3.0", "3.0", ""])),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_generator_is_deterministic() {
        let vocab = crate::vocab::tests::builtin();
        let spec = Spec {
            integrations: 50,
            seed: 7,
            files: 3,
        };
        assert_eq!(
            file_rows(&spec, &vocab, 1, false),
            file_rows(&spec, &vocab, 1, false)
        );
        let other = Spec { seed: 8, ..spec };
        assert_ne!(
            file_rows(&spec, &vocab, 0, true),
            file_rows(&other, &vocab, 0, true)
        );
    }

    #[test]
    fn every_integration_lands_in_its_file_and_three_tenths_again_elsewhere() {
        let spec = Spec {
            integrations: 100,
            seed: 1,
            files: 4,
        };
        let mut own = 0;
        let mut dup = 0;
        for f in 0..4 {
            for (_, duplicate) in file_members(&spec, f) {
                if duplicate {
                    dup += 1;
                } else {
                    own += 1;
                }
            }
        }
        assert_eq!(own, 100);
        assert_eq!(dup, 30);
    }

    #[test]
    fn splitmix_is_stable() {
        let mut r = Rng::new(0);
        assert_eq!(r.next_u64(), 0xE220_A839_7B1D_CDAF);
    }
}
