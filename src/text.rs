//! Text normalisation shared by every stage, so that "Univ. of Hull & Co" in one
//! spreadsheet and "UNIV OF HULL AND CO" in another resolve to the same key.

#![cfg_attr(not(test), deny(clippy::indexing_slicing))]

use unicode_normalization::UnicodeNormalization;

/// A comparison key: Unicode NFKC (so NFC and NFD spellings agree), case-folded,
/// `&` read as "and", invisible characters ignored (see [`is_invisible`]),
/// punctuation and runs of white space (no-break and other Unicode spaces
/// included) collapsed to one space, trimmed.
///
/// Used for member and integration identity and for product matching.
///
/// ```
/// use badgemap::text::identity_key;
/// assert_eq!(identity_key("Univ. of Hull & Partners"), identity_key("UNIV OF HULL AND PARTNERS"));
/// assert_eq!(identity_key("  Université\u{00A0}Laval "), "université laval");
/// ```
pub fn identity_key(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for ch in fold(text).chars() {
        if is_invisible(ch) {
            // Pasted from a web page or a word processor: no letter, no space.
        } else if ch == '&' {
            push_word(&mut out, &mut pending_space, "and");
            pending_space = true;
        } else if ch.is_alphanumeric() {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.push(ch);
        } else {
            pending_space = true;
        }
    }
    out
}

/// A character that shows as nothing: soft hyphen, zero-width spaces and
/// joiners, bidirectional marks, the word joiner, a byte-order mark inside
/// text, variation selectors and the other default-ignorable code points of
/// Unicode. Text pasted from web pages and word processors carries them, and
/// two names differing only by them look the same.
pub fn is_invisible(ch: char) -> bool {
    matches!(
        ch,
        '\u{00AD}'
            | '\u{034F}'
            | '\u{061C}'
            | '\u{115F}'
            | '\u{1160}'
            | '\u{17B4}'
            | '\u{17B5}'
            | '\u{180B}'..='\u{180F}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{206F}'
            | '\u{3164}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FEFF}'
            | '\u{FFA0}'
            | '\u{1BCA0}'..='\u{1BCA3}'
            | '\u{1D173}'..='\u{1D17A}'
            | '\u{E0000}'..='\u{E0FFF}'
    )
}

fn push_word(out: &mut String, pending_space: &mut bool, word: &str) {
    if !out.is_empty() {
        out.push(' ');
    }
    *pending_space = false;
    out.push_str(word);
}

/// A tighter key for vocabulary look-ups (column headers, badge names, statuses):
/// NFKC, case-folded, with everything but letters and digits removed, so
/// `Highest_Achievement__c`, `highest achievement` and `Highest-Achievement`
/// agree. A Salesforce custom-field suffix `__c` is dropped first.
pub fn compact_key(text: &str) -> String {
    let trimmed = text.trim();
    let base = trimmed
        .strip_suffix("__c")
        .or_else(|| trimmed.strip_suffix("__C"))
        .unwrap_or(trimmed);
    fold(base).chars().filter(|c| c.is_alphanumeric()).collect()
}

/// `compact_key(text) == key`, without allocating for plain ASCII text: the
/// test run on every cell of a repeated header's candidates.
pub fn has_compact_key(text: &str, key: &str) -> bool {
    if !text.is_ascii() {
        return compact_key(text) == key;
    }
    let trimmed = text.trim();
    let base = trimmed
        .strip_suffix("__c")
        .or_else(|| trimmed.strip_suffix("__C"))
        .unwrap_or(trimmed);
    let mut wanted = key.bytes();
    for b in base.bytes().filter(u8::is_ascii_alphanumeric) {
        if wanted.next() != Some(b.to_ascii_lowercase()) {
            return false;
        }
    }
    wanted.next().is_none()
}

/// Case folding for comparison: NFKC, lower case, the folds lower-casing
/// misses (ß → ss, final ς → σ), then NFKC again so the result is stable.
fn fold(text: &str) -> String {
    // ASCII is already NFKC and has no special folds: most cells take this path.
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
    let lowered: String = text
        .nfkc()
        .flat_map(char::to_lowercase)
        .flat_map(|c| match c {
            'ß' => ['s', 's'].into_iter().take(2),
            'ς' => ['σ', '\0'].into_iter().take(1),
            // Turkish dotless ı and dotted İ (lower-cased to i and a
            // combining dot) compare as i, whichever case they were typed in.
            'ı' => ['i', '\0'].into_iter().take(1),
            '\u{307}' => ['\0', '\0'].into_iter().take(0),
            other => [other, '\0'].into_iter().take(1),
        })
        .collect();
    lowered.nfkc().filter(|&c| c != '\u{307}').collect()
}

/// Collapses white space and trims, keeping the text otherwise as written;
/// for display of names taken from input cells.
pub fn tidy(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Levenshtein distance over Unicode scalar values, stopping early once the
/// distance is known to exceed `limit` (returns `limit + 1` then).
// Indices run over the two rows' own lengths (b.len() + 1 each).
#[allow(clippy::indexing_slicing)]
pub fn edit_distance_within(a: &str, b: &str, limit: usize) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > limit {
        return limit + 1;
    }
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        current[0] = i + 1;
        let mut row_min = current[0];
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != cb);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
            row_min = row_min.min(current[j + 1]);
        }
        if row_min > limit {
            return limit + 1;
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()].min(limit + 1)
}

/// Shortens text for messages, marking the cut.
pub fn excerpt(text: &str, max_chars: usize) -> String {
    if text.chars().count() <= max_chars {
        text.to_string()
    } else {
        let mut cut: String = text.chars().take(max_chars).collect();
        cut.push('…');
        cut
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identity_key_folds_case_punctuation_and_ampersand() {
        assert_eq!(identity_key("  Univ. of Hull & Co "), "univ of hull and co");
        assert_eq!(identity_key("UNIV OF HULL AND CO"), "univ of hull and co");
        assert_eq!(identity_key("Université\u{00A0}Laval"), "université laval");
        // NFKC folds compatibility forms such as full-width letters and ligatures.
        assert_eq!(identity_key("Ｏｐｅｎ ﬁle"), "open file");
        assert_eq!(identity_key("R&D"), "r and d");
        assert_eq!(
            identity_key("Universität Groß"),
            identity_key("UNIVERSITÄT GROSS")
        );
        assert_eq!(identity_key("---"), "");
        assert_eq!(identity_key("ı"), identity_key("I"));
        assert_eq!(identity_key("İstanbul"), identity_key("istanbul"));
    }

    #[test]
    fn identity_keys_ignore_invisible_characters_and_unicode_spaces() {
        let plain = identity_key("Technische Hochschule Waldkirchen");
        for written in [
            "Technische Hochschule Wald\u{00AD}kirchen",
            "Technische\u{00A0}Hochschule Wald\u{200B}kirchen",
            "\u{FEFF}Technische Hochschule\u{202F}Waldkirchen\u{200E}",
            "Technische\u{2007}Hochschule\u{3000}Wald\u{2060}kirchen",
        ] {
            assert_eq!(identity_key(written), plain, "{written:?}");
        }
        // NFD (as macOS writes) and NFC agree.
        assert_eq!(identity_key("Ko\u{304}whai"), identity_key("K\u{14D}whai"));
        assert_eq!(compact_key("Wald\u{AD}kirchen"), "waldkirchen");
    }

    #[test]
    fn compact_key_strips_crm_suffix_and_punctuation() {
        assert_eq!(compact_key("Highest_Achievement__c"), "highestachievement");
        assert_eq!(compact_key("Highest achievement"), "highestachievement");
        assert_eq!(compact_key("BadgeAwarded__c"), "badgeawarded");
        assert_eq!(compact_key(" 3 - COLLECT "), "3collect");
    }

    #[test]
    fn compact_keys_compare_without_allocating() {
        for text in [
            "Highest_Achievement__c",
            " highest achievement ",
            "HIGHEST-ACHIEVEMENT",
        ] {
            assert!(has_compact_key(text, "highestachievement"), "{text}");
        }
        assert!(!has_compact_key("Highest", "highestachievement"));
        assert!(!has_compact_key(
            "Highest achievements",
            "highestachievement"
        ));
        assert!(has_compact_key(
            "Établissement",
            &compact_key("ÉTABLISSEMENT")
        ));
    }

    #[test]
    fn edit_distance_counts_and_stops_early() {
        assert_eq!(edit_distance_within("display", "dispaly", 2), 2);
        assert_eq!(edit_distance_within("connect", "conect", 2), 1);
        assert_eq!(edit_distance_within("collect", "collect", 2), 0);
        assert_eq!(edit_distance_within("authenticate", "display", 2), 3);
        assert_eq!(edit_distance_within("", "abc", 2), 3);
    }

    #[test]
    fn excerpt_marks_the_cut() {
        assert_eq!(excerpt("abcdef", 3), "abc…");
        assert_eq!(excerpt("abc", 3), "abc");
    }
}
