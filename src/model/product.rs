//! A product as people write it: a name, perhaps a release (`Pure 5.28`,
//! `DSpace 7.3+`, `OJS v3.3`), perhaps a qualifier in brackets (`Elements
//! (Symplectic)`, `Open Journal Systems (OJS)`). Registers, the certified
//! list and the aliases file all name products, and they only agree once each
//! cell is taken apart the same way: the name to match on, the version to
//! compare, and the bracketed text, which is the vendor, an abbreviation or
//! the release.

use std::cmp::Ordering;
use std::fmt;

/// A dotted version number such as `3.0`, compared part by part (`3` and
/// `3.0` are equal).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Version(pub Vec<u32>);

impl Version {
    /// Reads `3`, `3.0`, `v3.0`, `3.0.1`; anything else is `None`.
    pub fn parse(text: &str) -> Option<Self> {
        let t = text.trim().trim_start_matches(['v', 'V']);
        let parts: Option<Vec<u32>> = t.split('.').map(|p| p.trim().parse().ok()).collect();
        let mut parts = parts.filter(|p| !p.is_empty())?;
        while parts.len() > 1 && parts.last() == Some(&0) {
            parts.pop();
        }
        Some(Version(parts))
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> = self.0.iter().map(u32::to_string).collect();
        f.write_str(&parts.join("."))
    }
}

/// A product's release as written: `7.3`, `7.x` (any 7), `7.3+` (7.3 and
/// later).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Release {
    pub version: Version,
    /// Written with a wildcard (`7.x`, `7.*`): only the leading parts are known.
    pub wildcard: bool,
    /// Written `7.3+`, `7.3 and later`, `from 7.3`, `since 7.3`.
    pub and_later: bool,
}

impl Release {
    /// Reads a release written on its own: `7.3`, `v7.3`, `version 7.3`,
    /// `7.x`, `7.3+`, `7.3 and later`, `from 7.3`, `release 2`.
    pub fn parse(text: &str) -> Option<Release> {
        let words: Vec<&str> = text.split_whitespace().collect();
        let (release, used) = release_at_end(&words)?;
        (used == words.len()).then_some(release)
    }

    /// How this recorded release compares with `certified`, the release a
    /// list certifies from: `Less` when it is surely older, `None` when the
    /// writing leaves it open (`7.x` or a bare `7` against `7.3`; anything
    /// past a list's `7.x`).
    pub fn against(&self, certified: &Release) -> Option<Ordering> {
        let (mine, theirs) = (&self.version.0, &certified.version.0);
        // Compared over the parts both give; what only one gives decides
        // only where the other says nothing of it.
        let shared = mine.len().min(theirs.len());
        let head = mine.iter().take(shared).cmp(theirs.iter().take(shared));
        match head {
            Ordering::Less => Some(Ordering::Less),
            Ordering::Greater if certified.wildcard => None,
            Ordering::Greater => Some(Ordering::Greater),
            Ordering::Equal if mine.len() < theirs.len() => None,
            // Within the family a list's `7.x` certifies.
            Ordering::Equal if certified.wildcard => Some(Ordering::Equal),
            Ordering::Equal => Some(self.version.cmp(&certified.version)),
        }
    }
}

impl fmt::Display for Release {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.version)?;
        if self.wildcard {
            f.write_str(".x")?;
        }
        if self.and_later {
            f.write_str("+")?;
        }
        Ok(())
    }
}

/// What the text in brackets after a product's name is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Qualifier {
    /// Its vendor: `Elements (Symplectic)`.
    Vendor(String),
    /// An abbreviation of the name: `Open Journal Systems (OJS)`.
    Abbreviation(String),
    /// Another name: `ScholarOne Manuscripts (formerly Manuscript Central)`.
    Alias(String),
}

impl Qualifier {
    pub fn text(&self) -> &str {
        match self {
            Qualifier::Vendor(t) | Qualifier::Abbreviation(t) | Qualifier::Alias(t) => t,
        }
    }
}

/// Words in brackets that say how a product is run, not what it is
/// (`Pure (hosted)`): dropped.
const DEPLOYMENT: &[&str] = &[
    "hosted",
    "self hosted",
    "cloud",
    "saas",
    "on premise",
    "on premises",
    "on prem",
    "beta",
    "test",
    "testing",
    "production",
    "live",
    "legacy",
    "trial",
    "pilot",
    "sandbox",
    "instance",
    "local",
    "in house",
    "customised",
    "customized",
];
/// Words opening bracketed text that gives another name.
const ALIAS_OPENERS: &[&str] = &[
    "formerly",
    "previously",
    "aka",
    "a.k.a.",
    "also",
    "was",
    "now",
    "or",
];

/// A product cell taken apart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WrittenProduct {
    /// The name without its release or bracketed text, white space tidied.
    pub name: String,
    pub release: Option<Release>,
    /// The text in brackets after the name, when it is not only a release.
    pub qualifier: Option<Qualifier>,
}

impl WrittenProduct {
    /// Takes a product cell apart. A cell that is nothing but a release keeps
    /// it as its name.
    pub fn parse(text: &str) -> WrittenProduct {
        let tidy = crate::text::tidy(text);
        let (mut head, mut inside_text, mut release) = (tidy.as_str(), None, None);
        if let Some((before, inside)) = bracketed_tail(head) {
            // A release inside the brackets, alone or after other words
            // ("(OJS 3.3)", "(since 7.3)").
            let words: Vec<&str> = inside.split_whitespace().collect();
            let mut rest = inside.trim().to_string();
            if let Some((r, used)) = release_at_end(&words) {
                release = Some(r);
                rest = words
                    .get(..words.len() - used)
                    .unwrap_or_default()
                    .join(" ");
            }
            if !rest.trim().is_empty() {
                inside_text = Some(rest.trim().to_string());
            }
            head = before;
        }
        let words: Vec<&str> = head.split_whitespace().collect();
        let mut name_words = words.len();
        if release.is_none() {
            if let Some((r, used)) = release_at_end(&words) {
                // A name needs a word with a letter in it.
                let rest = words.get(..words.len() - used).unwrap_or_default();
                if rest.iter().any(|w| w.chars().any(char::is_alphabetic)) {
                    release = Some(r);
                    name_words = rest.len();
                }
            }
        }
        let name = words
            .get(..name_words)
            .unwrap_or_default()
            .join(" ")
            .trim_end_matches([',', '-', '–', '—', ':', ';', '/'])
            .trim_end()
            .to_string();
        if name.is_empty() {
            return WrittenProduct {
                name: tidy,
                release: None,
                qualifier: None,
            };
        }
        let qualifier = inside_text.and_then(|q| qualify(&name, &q));
        WrittenProduct {
            name,
            release,
            qualifier,
        }
    }

    /// Whether the qualifier abbreviates the name ("Open Journal Systems
    /// (OJS)"), rather than naming its vendor.
    pub fn qualifier_is_abbreviation(&self) -> bool {
        matches!(self.qualifier, Some(Qualifier::Abbreviation(_)))
    }
}

/// What bracketed text after `name` is: another name, an abbreviation, a
/// vendor; `None` for how the product is run ("hosted").
fn qualify(name: &str, inside: &str) -> Option<Qualifier> {
    let key = crate::text::identity_key(inside);
    if DEPLOYMENT.contains(&key.as_str()) {
        return None;
    }
    let lower = inside.to_lowercase();
    for opener in ALIAS_OPENERS {
        if let Some(rest) = lower
            .strip_prefix(opener)
            .filter(|r| r.starts_with([' ', ':']))
        {
            let at = inside.len() - rest.len();
            let alias = inside
                .get(at..)
                .unwrap_or_default()
                .trim_matches([' ', ':'])
                .to_string();
            return (!alias.is_empty()).then_some(Qualifier::Alias(alias));
        }
    }
    if is_abbreviation(name, inside) {
        return Some(Qualifier::Abbreviation(inside.to_string()));
    }
    Some(Qualifier::Vendor(inside.to_string()))
}

/// `OJS` of Open Journal Systems, `EJP` of eJournalPress: the initials of
/// the name's words, at camel-case boundaries too.
fn is_abbreviation(name: &str, short: &str) -> bool {
    let mut initials = String::new();
    let mut previous: Option<char> = None;
    for c in name.chars() {
        let starts_word = match previous {
            None => c.is_alphanumeric(),
            Some(p) => {
                (!p.is_alphanumeric() && c.is_alphanumeric())
                    || (p.is_lowercase() && c.is_uppercase())
            }
        };
        if starts_word {
            initials.extend(c.to_lowercase());
        }
        previous = Some(c);
    }
    let short: String = short
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    short.len() >= 2
        && (short == initials || (short.chars().count() <= 5 && initials.starts_with(&short)))
}

/// `(before, inside)` when `text` ends with a bracketed part.
fn bracketed_tail(text: &str) -> Option<(&str, &str)> {
    let t = text.trim_end();
    let (open, close) = if t.ends_with(')') {
        ('(', ')')
    } else if t.ends_with(']') {
        ('[', ']')
    } else {
        return None;
    };
    let start = t.rfind(open)?;
    let before = t.get(..start)?.trim_end();
    let inside = t.get(start + 1..t.len() - close.len_utf8())?;
    (!before.is_empty()).then_some((before, inside))
}

/// Words that introduce a release number.
const RELEASE_WORDS: &[&str] = &["v", "ver", "version", "release", "rel", "from", "since"];
/// Words after a release number meaning "and later".
const LATER: &[&[&str]] = &[
    &["and", "later"],
    &["or", "later"],
    &["and", "above"],
    &["or", "above"],
    &["and", "newer"],
    &["or", "newer"],
    &["or", "higher"],
    &["and", "higher"],
    &["onwards"],
    &["onward"],
    &["and", "up"],
];

/// A release at the end of `words`, and how many words it took.
fn release_at_end(words: &[&str]) -> Option<(Release, usize)> {
    let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
    let mut end = lower.len();
    let mut and_later = false;
    for tail in LATER {
        if end > tail.len() && lower.get(end - tail.len()..end).is_some_and(|t| t == *tail) {
            end -= tail.len();
            and_later = true;
            break;
        }
    }
    let number = lower.get(end.checked_sub(1)?)?;
    let (mut release, explicit) = release_number(number)?;
    release.and_later |= and_later;
    let mut used = lower.len() - end + 1;
    let word_before = end
        .checked_sub(2)
        .and_then(|i| lower.get(i))
        .map(|w| w.trim_end_matches(['.', ':']));
    let introduced = word_before.is_some_and(|w| RELEASE_WORDS.contains(&w));
    if introduced {
        used += 1;
        if matches!(word_before, Some("from" | "since")) {
            release.and_later = true;
        }
    }
    // A bare whole number ("Converis 6") is a release only when short:
    // "Office 365" and "Horizon 2020" keep their numbers.
    let digits = number.chars().filter(char::is_ascii_digit).count();
    let bare = !explicit && !introduced && release.version.0.len() == 1 && !release.wildcard;
    if bare && digits > 2 {
        return None;
    }
    Some((release, used))
}

/// `7.3`, `v7.3`, `7.x`, `7.3+`, `7.3.0-8`: the release and whether it was
/// marked as one (`v`, `+`, a wildcard, a dot).
fn release_number(word: &str) -> Option<(Release, bool)> {
    let mut w = word.trim_end_matches([',', ';', ')']);
    let mut explicit = false;
    let mut and_later = false;
    if let Some(rest) = w.strip_suffix('+') {
        w = rest;
        and_later = true;
        explicit = true;
    }
    if let Some(rest) = w.strip_prefix('v') {
        if rest.starts_with(|c: char| c.is_ascii_digit()) {
            w = rest;
            explicit = true;
        }
    }
    // A build or patch suffix after a hyphen (`3.3.0-8`) is part of it.
    let w = w.split_once('-').map_or(w, |(head, _)| head);
    let mut wildcard = false;
    let mut parts = Vec::new();
    for (i, part) in w.split('.').enumerate() {
        if part == "x" || part == "*" {
            if i == 0 {
                return None;
            }
            wildcard = true;
            break;
        }
        if part.is_empty() || part.len() > 6 || !part.chars().all(|c| c.is_ascii_digit()) {
            return None;
        }
        parts.push(part.parse::<u32>().ok()?);
    }
    if parts.is_empty() {
        return None;
    }
    explicit |= parts.len() > 1 || wildcard;
    while !wildcard && parts.len() > 1 && parts.last() == Some(&0) {
        parts.pop();
    }
    Some((
        Release {
            version: Version(parts),
            wildcard,
            and_later,
        },
        explicit,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(text: &str) -> (String, Option<String>, Option<String>) {
        let w = WrittenProduct::parse(text);
        (
            w.name,
            w.release.map(|r| r.to_string()),
            w.qualifier.map(|q| q.text().to_string()),
        )
    }

    fn s(text: &str) -> String {
        text.to_string()
    }

    #[test]
    fn names_releases_and_qualifiers_are_taken_apart() {
        assert_eq!(p("Pure 5.28"), (s("Pure"), Some(s("5.28")), None));
        assert_eq!(p("DSpace 7.3+"), (s("DSpace"), Some(s("7.3+")), None));
        assert_eq!(
            p("DSpace 7.3 and later"),
            (s("DSpace"), Some(s("7.3+")), None)
        );
        assert_eq!(p("OJS v3.3"), (s("OJS"), Some(s("3.3")), None));
        assert_eq!(
            p("Open Journal Systems version 3.3.0-8"),
            (s("Open Journal Systems"), Some(s("3.3")), None)
        );
        assert_eq!(p("DSpace 7.x"), (s("DSpace"), Some(s("7.x")), None));
        assert_eq!(p("Converis 6"), (s("Converis"), Some(s("6")), None));
        assert_eq!(
            p("Elements (Symplectic)"),
            (s("Elements"), None, Some(s("Symplectic")))
        );
        assert_eq!(
            p("DSpace (since 7.3)"),
            (s("DSpace"), Some(s("7.3+")), None)
        );
        assert_eq!(p("Office 365"), (s("Office 365"), None, None));
        assert_eq!(p("  Pure  "), (s("Pure"), None, None));
        // A number alone is no name.
        assert_eq!(p("7.3"), (s("7.3"), None, None));
        assert_eq!(p("Web 2.0 Portal"), (s("Web 2.0 Portal"), None, None));
        assert_eq!(p("Horizon 2020"), (s("Horizon 2020"), None, None));
        assert_eq!(p("DSpace-CRIS 7"), (s("DSpace-CRIS"), Some(s("7")), None));
        // A release inside the brackets; how a product is run is dropped.
        assert_eq!(
            p("Open Journal Systems (OJS 3.3)"),
            (s("Open Journal Systems"), Some(s("3.3")), Some(s("OJS")))
        );
        assert_eq!(p("Pure (hosted)"), (s("Pure"), None, None));
        let formerly =
            WrittenProduct::parse("ScholarOne Manuscripts (formerly Manuscript Central)");
        assert_eq!(
            formerly.qualifier,
            Some(Qualifier::Alias(s("Manuscript Central")))
        );
    }

    #[test]
    fn an_abbreviation_in_brackets_is_not_a_vendor() {
        assert!(WrittenProduct::parse("Open Journal Systems (OJS)").qualifier_is_abbreviation());
        assert!(WrittenProduct::parse("Editorial Manager (EM)").qualifier_is_abbreviation());
        assert!(!WrittenProduct::parse("Elements (Symplectic)").qualifier_is_abbreviation());
        assert!(!WrittenProduct::parse("DSpace (LYRASIS)").qualifier_is_abbreviation());
        assert!(WrittenProduct::parse("eJournalPress (EJP)").qualifier_is_abbreviation());
    }

    #[test]
    fn releases_compare_and_wildcards_leave_it_open() {
        let r = |t: &str| Release::parse(t).unwrap();
        assert_eq!(r("6").against(&r("7.3+")), Some(Ordering::Less));
        assert_eq!(r("7.3").against(&r("7.3+")), Some(Ordering::Equal));
        assert_eq!(r("7.6.1").against(&r("7.3")), Some(Ordering::Greater));
        assert_eq!(r("7.x").against(&r("7.3")), None);
        // A bare major leaves the minor open; past a list's wildcard, open.
        assert_eq!(r("7").against(&r("7.3+")), None);
        assert_eq!(r("8.1").against(&r("7.x")), None);
        assert_eq!(r("7.4").against(&r("7.x")), Some(Ordering::Equal));
        assert_eq!(r("6.3").against(&r("7.x")), Some(Ordering::Less));
        assert_eq!(r("6.x").against(&r("7.3")), Some(Ordering::Less));
        assert_eq!(r("8.x").against(&r("7.3")), Some(Ordering::Greater));
        assert_eq!(r("7.x").against(&r("7")), Some(Ordering::Equal));
        assert!(Release::parse("and later").is_none());
        assert!(Release::parse("three").is_none());
    }

    #[test]
    fn versions_compare_part_by_part() {
        assert!(Version::parse("3.0").unwrap() >= Version::parse("3").unwrap());
        assert!(Version::parse("2.1").unwrap() < Version::parse("3.0").unwrap());
        assert!(Version::parse("v3.0.1").unwrap() > Version::parse("3.0").unwrap());
        assert!(Version::parse("10").unwrap() > Version::parse("9.9").unwrap());
        assert_eq!(Version::parse("three"), None);
        assert_eq!(Version::parse(""), None);
    }
}
