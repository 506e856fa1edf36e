//! Possible duplicates: members (and integrations of one member) whose names
//! differ as written but likely mean the same: abbreviations (`Univ.` for
//! University, `Inst.` for Institute), word order, `The`, and a slip of a
//! letter or two in a long name, and letters of another script that look
//! like Latin ones (Unicode's confusable skeletons, UTS #39: a Cyrillic "і"
//! pasted into "University"). Exact-key merging stays as it is; each
//! possible pair is a warning naming both and where they were read (and the
//! odd character, for look-alikes), to be settled in an aliases file
//! (`--aliases`).

use super::register::{Integration, Register, SourceRef};
use crate::issue::{Issue, Severity};
use crate::model::Location;
use std::collections::BTreeMap;

/// Abbreviations and their words.
const ABBREVIATIONS: &[(&str, &str)] = &[
    ("univ", "university"),
    ("uni", "university"),
    ("u", "university"),
    ("inst", "institute"),
    ("instit", "institute"),
    ("intl", "international"),
    ("int", "international"),
    ("natl", "national"),
    ("nat", "national"),
    ("tech", "technology"),
    ("techn", "technology"),
    ("coll", "college"),
    ("dept", "department"),
    ("ctr", "center"),
    ("centre", "center"),
    ("assoc", "association"),
    ("soc", "society"),
    ("lab", "laboratory"),
    ("labs", "laboratories"),
    ("hosp", "hospital"),
    ("res", "research"),
    ("sci", "science"),
    ("st", "saint"),
    ("co", "company"),
    ("corp", "corporation"),
    ("ltd", "limited"),
    ("inc", "incorporated"),
];

/// Words that do not tell two organisations apart.
const FILLER: &[&str] = &[
    "the", "of", "and", "for", "at", "in", "de", "la", "le", "der", "di",
];

/// The name with abbreviations spelled out, filler words dropped and the
/// words sorted: `Univ. of X` and `X University` agree.
pub(super) fn loose_key(identity: &str) -> String {
    let mut words: Vec<&str> = identity
        .split(' ')
        .filter(|w| !w.is_empty() && !FILLER.contains(w))
        .map(|w| {
            ABBREVIATIONS
                .iter()
                .find(|(short, _)| *short == w)
                .map_or(w, |(_, long)| *long)
        })
        .collect();
    words.sort_unstable();
    words.join(" ")
}

/// Words many organisations share: names are compared by edit distance on
/// the rest, their core (`Byaldbar` of `University of Byaldbar`).
const GENERIC: &[&str] = &[
    "university",
    "college",
    "institute",
    "school",
    "hospital",
    "foundation",
    "research",
    "center",
    "national",
    "international",
    "technology",
    "science",
    "sciences",
    "library",
    "libraries",
    "press",
    "society",
    "association",
    "department",
    "faculty",
    "academy",
    "council",
    "trust",
    "company",
    "limited",
    "incorporated",
    "corporation",
    "health",
    "care",
    "medical",
    "metropolitan",
    "state",
    "city",
    "royal",
    "federal",
    "polytechnic",
];

/// A core this long may be one letter off; twice this long, two.
const LONG_CORE: usize = 9;
/// Names compared with each other in one bucket, at most.
const MAX_BUCKET: usize = 200;

/// A name as the register holds it, with where it was first read.
struct Name<'r> {
    shown: &'r str,
    key: &'r str,
    first: SourceRef,
}

/// The warnings for possible duplicate members and integrations.
pub(super) fn possible_duplicates(register: &Register) -> Vec<Issue> {
    let mut issues = Vec::new();
    let mut members: BTreeMap<&str, Name<'_>> = BTreeMap::new();
    for it in &register.integrations {
        members.entry(&it.member_key).or_insert_with(|| Name {
            shown: &it.member,
            key: &it.member_key,
            first: first_row(it),
        });
    }
    let members: Vec<Name<'_>> = members.into_values().collect();
    for (a, b, why) in pairs(&members) {
        issues.push(warning(register, "members", a, b, why.as_deref()));
    }
    let mut by_member: BTreeMap<&str, Vec<Name<'_>>> = BTreeMap::new();
    for it in &register.integrations {
        by_member.entry(&it.member_key).or_default().push(Name {
            shown: &it.name,
            key: &it.name_key,
            first: first_row(it),
        });
    }
    for names in by_member.values() {
        for (a, b, why) in pairs(names) {
            issues.push(warning(
                register,
                "integrations of one member",
                a,
                b,
                why.as_deref(),
            ));
        }
    }
    issues
}

fn first_row(it: &Integration) -> SourceRef {
    it.rows.first().copied().unwrap_or(SourceRef {
        sheet: 0,
        row: 0,
        col: 0,
    })
}

/// A name's core and the names that share its loose key.
type Core<'g, 'n, 'r> = (String, &'g Vec<&'n Name<'r>>);

/// A pair of names that likely mean the same, and what makes them look
/// alike when it is a character.
type Pair<'n, 'r> = (&'n Name<'r>, &'n Name<'r>, Option<String>);

/// Pairs of names that likely mean the same, each pair once.
fn pairs<'n, 'r>(names: &'n [Name<'r>]) -> Vec<Pair<'n, 'r>> {
    let mut out: Vec<Pair<'n, 'r>> = Vec::new();
    let mut loose: BTreeMap<String, Vec<&Name<'r>>> = BTreeMap::new();
    for n in names {
        loose.entry(loose_key(n.key)).or_default().push(n);
    }
    for group in loose.values() {
        if let [first, rest @ ..] = group.as_slice() {
            out.extend(rest.iter().map(|other| (*first, *other, None)));
        }
    }
    // A slip of a letter in a long name (two in a very long one), among
    // names with the same generic words whose cores begin alike.
    let mut buckets: BTreeMap<(String, String), Vec<Core<'_, 'n, 'r>>> = BTreeMap::new();
    for (key, group) in &loose {
        let (core, generic): (Vec<&str>, Vec<&str>) =
            key.split(' ').partition(|w| !GENERIC.contains(w));
        let core = core.join(" ");
        if core.chars().count() >= LONG_CORE {
            let start: String = core.chars().take(2).collect();
            buckets
                .entry((generic.join(" "), start))
                .or_default()
                .push((core, group));
        }
    }
    for bucket in buckets.values().filter(|b| b.len() <= MAX_BUCKET) {
        for (i, (ca, ga)) in bucket.iter().enumerate() {
            for (cb, gb) in bucket.iter().skip(i + 1) {
                let allowed = if ca.chars().count() >= 2 * LONG_CORE {
                    2
                } else {
                    1
                };
                let close = ca.chars().count().abs_diff(cb.chars().count()) <= allowed
                    && crate::text::edit_distance_within(ca, cb, allowed) <= allowed;
                if let (true, Some(a), Some(b)) = (close, ga.first(), gb.first()) {
                    out.push((*a, *b, None));
                }
            }
        }
    }
    look_alikes(names, &mut out);
    out
}

/// Names that differ only by characters that look alike, one of them not
/// ASCII (`Unіversity` with a Cyrillic і), added to `out` unless already
/// paired.
fn look_alikes<'n, 'r>(names: &'n [Name<'r>], out: &mut Vec<Pair<'n, 'r>>) {
    if names.iter().all(|n| n.key.is_ascii()) {
        return;
    }
    let mut by_skeleton: BTreeMap<String, Vec<&'n Name<'r>>> = BTreeMap::new();
    for n in names {
        let skeleton: String = unicode_security::skeleton(n.key).collect();
        by_skeleton.entry(skeleton).or_default().push(n);
    }
    for group in by_skeleton.values() {
        let Some((first, rest)) = group.split_first() else {
            continue;
        };
        for other in rest {
            let Some(why) = odd_character(first.key, other.key) else {
                continue;
            };
            let paired = out.iter().any(|(a, b, _)| {
                (a.key == first.key && b.key == other.key)
                    || (a.key == other.key && b.key == first.key)
            });
            if !paired {
                out.push((*first, *other, Some(why)));
            }
        }
    }
}

/// The first place two look-alike keys differ, when a character there is
/// not ASCII: `"і" (U+0456) where the other has "i" (U+0069)`.
fn odd_character(a: &str, b: &str) -> Option<String> {
    let code = |c: char| format!("{c:?} (U+{:04X})", c as u32);
    let (ac, bc): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    if ac.len() == bc.len() {
        // The first differing place with a letter that is not ASCII.
        let (x, y) = ac
            .iter()
            .zip(&bc)
            .find(|(x, y)| x != y && !(x.is_ascii() && y.is_ascii()))?;
        let (odd, plain) = if x.is_ascii() { (*y, *x) } else { (*x, *y) };
        return Some(format!("{} where the other has {}", code(odd), code(plain)));
    }
    let odd = ac
        .iter()
        .find(|c| !c.is_ascii() && !bc.contains(c))
        .or_else(|| bc.iter().find(|c| !c.is_ascii() && !ac.contains(c)))?;
    Some(format!("{} that looks like a Latin letter", code(*odd)))
}

fn warning(
    register: &Register,
    what: &str,
    a: &Name<'_>,
    b: &Name<'_>,
    look_alike: Option<&str>,
) -> Issue {
    let at = |n: &Name<'_>| {
        let there = register.source(n.first);
        Location {
            file: there.file.clone(),
            sheet: there.sheet.clone(),
            cell: Some(there.cell(n.first)),
        }
    };
    let there = register.source(b.first);
    Issue::new(
        Severity::Warning,
        &there.file,
        match look_alike {
            None => format!(
                "possible duplicate {what}: {:?} ({}) and {:?} ({})",
                a.shown,
                at(a),
                b.shown,
                at(b)
            ),
            Some(why) => format!(
                "possible duplicate {what}: {:?} ({}) and {:?} ({}) look the same but differ by a letter of another script: {why}",
                a.shown,
                at(a),
                b.shown,
                at(b)
            ),
        },
    )
    .sheet(there.sheet.as_deref())
    .cell(register.cell(b.first))
    .value(b.shown)
    .action("kept apart; if they are one, add a line to an aliases file (--aliases FILE): kind,name,same as")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::identity_key;

    #[test]
    fn abbreviations_order_and_filler_are_ignored() {
        let k = |s: &str| loose_key(&identity_key(s));
        assert_eq!(k("Univ. of Northmoor"), k("Northmoor University"));
        assert_eq!(
            k("Northmoor Metropolitan Univ."),
            k("Northmoor Metropolitan University")
        );
        assert_eq!(k("The Kestrel Inst."), k("Kestrel Institute"));
        assert_ne!(k("Northmoor University"), k("Southmoor University"));
    }

    #[test]
    fn a_letter_of_another_script_that_looks_latin_is_named() {
        // Cyrillic і (U+0456) and Greek ο (U+03BF) in otherwise Latin names.
        let names: Vec<(String, String)> = [
            "Kestrel University",
            "Kestrel Un\u{456}versity",
            "Bolton College",
            "B\u{3BF}lton College",
        ]
        .iter()
        .map(|n| (n.to_string(), identity_key(n)))
        .collect();
        let named: Vec<Name<'_>> = names
            .iter()
            .map(|(shown, key)| Name {
                shown,
                key,
                first: SourceRef {
                    sheet: 0,
                    row: 0,
                    col: 0,
                },
            })
            .collect();
        let found: Vec<(&str, &str, String)> = pairs(&named)
            .into_iter()
            .map(|(a, b, why)| (a.shown, b.shown, why.unwrap_or_default()))
            .collect();
        assert_eq!(
            found,
            [
                (
                    "Bolton College",
                    "B\u{3BF}lton College",
                    "'ο' (U+03BF) where the other has 'o' (U+006F)".to_string()
                ),
                (
                    "Kestrel University",
                    "Kestrel Un\u{456}versity",
                    "'і' (U+0456) where the other has 'i' (U+0069)".to_string()
                ),
            ]
        );
    }

    #[test]
    fn long_cores_a_letter_apart_pair_short_ones_do_not() {
        let names: Vec<(String, String)> = [
            "University of Northmooore",
            "Northmooor University",
            "University of Byaldbar",
            "University of Byaldgar",
        ]
        .iter()
        .map(|n| (n.to_string(), identity_key(n)))
        .collect();
        let named: Vec<Name<'_>> = names
            .iter()
            .map(|(shown, key)| Name {
                shown,
                key,
                first: SourceRef {
                    sheet: 0,
                    row: 0,
                    col: 0,
                },
            })
            .collect();
        let found: Vec<(&str, &str)> = pairs(&named)
            .iter()
            .map(|(a, b, _)| (a.shown, b.shown))
            .collect();
        assert_eq!(
            found,
            [("Northmooor University", "University of Northmooore")]
        );
    }
}
