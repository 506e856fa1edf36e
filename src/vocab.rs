//! The badge vocabulary ingestion resolves names against: badge ids, labels and
//! aliases, and the level ladder that expands a cumulative level into badges.
//!
//! This is policy, so it is built from the mapping file's `[badges]` and
//! `[levels]` tables; no badge name appears in the code.

use crate::text::{compact_key, edit_distance_within};
use std::collections::HashMap;

pub use crate::model::BadgeId;

#[derive(Debug, Clone, PartialEq)]
pub struct BadgeDef {
    pub id: String,
    pub label: String,
    pub aliases: Vec<String>,
}

/// A level as a mapping declares it: its id, its aliases and the ids of the
/// badges it stands for.
pub type RawLevelDef = (String, Vec<String>, Vec<String>);

#[derive(Debug, Clone, PartialEq)]
pub struct LevelDef {
    pub id: String,
    pub aliases: Vec<String>,
    pub badges: Vec<BadgeId>,
}

/// How a written name was matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resolved<T> {
    /// Matched an id, label or alias after normalisation.
    Exact(T),
    /// Matched exactly one entry within edit distance 2; the caller warns.
    Corrected(T),
    Unknown,
}

impl<T: Copy> Resolved<T> {
    pub fn found(&self) -> Option<T> {
        match *self {
            Resolved::Exact(t) | Resolved::Corrected(t) => Some(t),
            Resolved::Unknown => None,
        }
    }
}

/// Largest edit distance accepted as a misspelling.
const MAX_CORRECTION: usize = 2;
/// Names shorter than this are never corrected ("x" is not a misspelled "sync").
const MIN_CORRECTABLE_LEN: usize = 4;

/// Normalised names → entry index, with fuzzy fall-back.
#[derive(Debug, Clone, Default)]
struct NameIndex {
    exact: HashMap<String, u16>,
}

/// The key a badge or level name is compared by: case, punctuation, an index
/// prefix, the ORCID brand and a trailing "badge" or "level" ignored.
pub fn name_key(text: &str) -> String {
    strip_decoration(&compact_key(text))
}

impl NameIndex {
    fn insert(&mut self, name: &str, entry: u16) -> Result<(), u16> {
        let key = name_key(name);
        match self.exact.get(&key) {
            Some(&other) if other != entry => Err(other),
            _ => {
                self.exact.insert(key, entry);
                Ok(())
            }
        }
    }

    /// The entry `text` names exactly (no near-miss search: the evidence
    /// classes ask this of every cell they sample).
    fn exact(&self, text: &str) -> Option<u16> {
        self.exact.get(&name_key(text)).copied()
    }

    fn resolve(&self, text: &str) -> Resolved<u16> {
        let key = name_key(text);
        if key.is_empty() {
            return Resolved::Unknown;
        }
        if let Some(&entry) = self.exact.get(&key) {
            return Resolved::Exact(entry);
        }
        if key.chars().count() < MIN_CORRECTABLE_LEN {
            return Resolved::Unknown;
        }
        let mut candidate: Option<u16> = None;
        for (alias, &entry) in &self.exact {
            if edit_distance_within(&key, alias, MAX_CORRECTION) <= MAX_CORRECTION {
                match candidate {
                    Some(c) if c != entry => return Resolved::Unknown,
                    _ => candidate = Some(entry),
                }
            }
        }
        candidate.map_or(Resolved::Unknown, Resolved::Corrected)
    }
}

/// Removes what people add around a badge name: an index prefix (`3 - COLLECT`),
/// the ORCID brand (`ORCiD Collect`), a trailing "badge" or "level".
fn strip_decoration(key: &str) -> String {
    let mut k = key.trim_start_matches(|c: char| c.is_ascii_digit());
    k = k.strip_prefix("orcid").unwrap_or(k);
    for suffix in ["badge", "level"] {
        if let Some(rest) = k.strip_suffix(suffix) {
            if !rest.is_empty() {
                k = rest;
            }
        }
    }
    if k.is_empty() {
        key.to_string()
    } else {
        k.to_string()
    }
}

/// Badge and level vocabulary, validated: every alias belongs to one badge.
#[derive(Debug, Clone)]
pub struct Vocabulary {
    pub badges: Vec<BadgeDef>,
    pub levels: Vec<LevelDef>,
    badge_index: NameIndex,
    level_index: NameIndex,
}

/// A vocabulary that cannot be used as given.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VocabularyError {
    #[error("the name {name:?} is claimed by both {first:?} and {second:?}")]
    AmbiguousName {
        name: String,
        first: String,
        second: String,
    },
    #[error("level {level:?} names unknown badge {badge:?}")]
    UnknownBadgeInLevel { level: String, badge: String },
    #[error("more than 65535 badges")]
    TooManyBadges,
}

impl Vocabulary {
    /// Builds the vocabulary; `levels` names badges by id.
    pub fn new(badges: Vec<BadgeDef>, levels: Vec<RawLevelDef>) -> Result<Self, VocabularyError> {
        if badges.len() > usize::from(u16::MAX) {
            return Err(VocabularyError::TooManyBadges);
        }
        let mut badge_index = NameIndex::default();
        for (i, badge) in badges.iter().enumerate() {
            let entry = i as u16;
            let names = [&badge.id, &badge.label].into_iter().chain(&badge.aliases);
            for name in names {
                badge_index.insert(name, entry).map_err(|other| {
                    VocabularyError::AmbiguousName {
                        name: name.clone(),
                        first: badges[usize::from(other)].id.clone(),
                        second: badge.id.clone(),
                    }
                })?;
            }
        }
        let mut level_defs = Vec::with_capacity(levels.len());
        let mut level_index = NameIndex::default();
        for (i, (id, aliases, members)) in levels.into_iter().enumerate() {
            let mut ids = Vec::with_capacity(members.len());
            for member in &members {
                let pos = badges.iter().position(|b| &b.id == member).ok_or_else(|| {
                    VocabularyError::UnknownBadgeInLevel {
                        level: id.clone(),
                        badge: member.clone(),
                    }
                })?;
                ids.push(BadgeId(pos as u16));
            }
            ids.sort();
            ids.dedup();
            let entry = i as u16;
            for name in std::iter::once(&id).chain(&aliases) {
                level_index.insert(name, entry).map_err(|other| {
                    VocabularyError::AmbiguousName {
                        name: name.clone(),
                        first: level_defs
                            .get(usize::from(other))
                            .map_or_else(|| id.clone(), |l: &LevelDef| l.id.clone()),
                        second: id.clone(),
                    }
                })?;
            }
            level_defs.push(LevelDef {
                id,
                aliases,
                badges: ids,
            });
        }
        Ok(Vocabulary {
            badges,
            levels: level_defs,
            badge_index,
            level_index,
        })
    }

    pub fn badge(&self, id: BadgeId) -> &BadgeDef {
        &self.badges[usize::from(id.0)]
    }

    pub fn badge_ids(&self) -> impl Iterator<Item = BadgeId> + '_ {
        (0..self.badges.len()).map(|i| BadgeId(i as u16))
    }

    pub fn resolve_badge(&self, text: &str) -> Resolved<BadgeId> {
        match self.badge_index.resolve(text) {
            Resolved::Exact(i) => Resolved::Exact(BadgeId(i)),
            Resolved::Corrected(i) => Resolved::Corrected(BadgeId(i)),
            Resolved::Unknown => Resolved::Unknown,
        }
    }

    /// Resolves only exact names: used for column headers, where a near miss is
    /// more likely another word ("Contact") than a misspelled badge.
    pub fn badge_exact(&self, text: &str) -> Option<BadgeId> {
        self.badge_index.exact(text).map(BadgeId)
    }

    pub fn resolve_level(&self, text: &str) -> Resolved<&LevelDef> {
        match self.level_index.resolve(text) {
            Resolved::Exact(i) => Resolved::Exact(&self.levels[usize::from(i)]),
            Resolved::Corrected(i) => Resolved::Corrected(&self.levels[usize::from(i)]),
            Resolved::Unknown => Resolved::Unknown,
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// The default mapping's vocabulary.
    pub(crate) fn builtin() -> Vocabulary {
        crate::mapping::embedded(crate::mapping::DEFAULT_ID)
            .expect("default mapping is valid")
            .plan
            .vocab
    }

    fn id(v: &Vocabulary, name: &str) -> BadgeId {
        BadgeId(v.badges.iter().position(|b| b.id == name).unwrap() as u16)
    }

    #[test]
    fn resolves_spellings_prefixes_and_branding() {
        let v = builtin();
        let sync = id(&v, "synchronize");
        for text in [
            "Synchronise",
            "SYNC",
            "Synchronizing",
            "5 - SYNCHRONIZE",
            "ORCiD Sync",
            "sync badge",
        ] {
            assert_eq!(v.resolve_badge(text), Resolved::Exact(sync), "{text}");
        }
        assert_eq!(
            v.resolve_badge("3 - COLLECT"),
            Resolved::Exact(id(&v, "collect"))
        );
        assert_eq!(
            v.resolve_badge("ORCiD Collect"),
            Resolved::Exact(id(&v, "collect"))
        );
    }

    #[test]
    fn corrects_close_misspellings_only_when_unique() {
        let v = builtin();
        assert_eq!(
            v.resolve_badge("Dispaly"),
            Resolved::Corrected(id(&v, "display"))
        );
        assert_eq!(
            v.resolve_badge("Authentcate"),
            Resolved::Corrected(id(&v, "authenticate"))
        );
        // "Colnect" is one edit from both connect and collect: ambiguous.
        assert_eq!(v.resolve_badge("Colnect"), Resolved::Unknown);
        assert_eq!(v.resolve_badge("Peer review"), Resolved::Unknown);
        assert_eq!(v.resolve_badge("x"), Resolved::Unknown);
        assert_eq!(v.badge_exact("Contact"), None);
    }

    #[test]
    fn levels_expand_cumulatively() {
        let v = builtin();
        let level = v.resolve_level("Sync").found().unwrap();
        assert_eq!(level.badges.len(), 5);
        let level = v.resolve_level("Collect").found().unwrap();
        assert_eq!(
            level.badges,
            vec![id(&v, "authenticate"), id(&v, "collect")]
        );
    }

    #[test]
    fn rejects_an_alias_claimed_twice() {
        let badges = vec![
            BadgeDef {
                id: "a".into(),
                label: "A".into(),
                aliases: vec!["shared".into()],
            },
            BadgeDef {
                id: "b".into(),
                label: "B".into(),
                aliases: vec!["Shared".into()],
            },
        ];
        let err = Vocabulary::new(badges, vec![]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "the name \"Shared\" is claimed by both \"a\" and \"b\""
        );
    }
}
