//! A mapping's badges and levels: every name each answers to, checked for
//! clashes where the second claim stands, into the badge vocabulary.

use super::{span_of, suggest, Validator};
use crate::mapping::raw::{RawBadge, RawLevel};
use crate::vocab::{name_key, BadgeDef, RawLevelDef, Vocabulary};
use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use toml::Spanned;

impl Validator {
    pub(super) fn badges_and_levels(
        &mut self,
        badges: &BTreeMap<String, Spanned<RawBadge>>,
        levels: &BTreeMap<String, Spanned<RawLevel>>,
    ) -> Option<Vocabulary> {
        let defs = self.badges(badges);
        let level_defs = self.levels(levels, badges);
        let (defs, level_defs) = (defs?, level_defs?);
        match Vocabulary::new(defs, level_defs) {
            Ok(v) => Some(v),
            Err(e) => {
                self.error(e.to_string(), 0..0);
                None
            }
        }
    }

    /// The badges in their order; `None` when a name has no letters or
    /// digits, two badges claim one name, or there are none.
    pub(super) fn badges(
        &mut self,
        badges: &BTreeMap<String, Spanned<RawBadge>>,
    ) -> Option<Vec<BadgeDef>> {
        let mut ordered: Vec<(&String, &Spanned<RawBadge>)> = badges.iter().collect();
        ordered.sort_by_key(|(id, b)| (b.get_ref().order.unwrap_or(u32::MAX), (*id).clone()));
        let mut defs = Vec::with_capacity(ordered.len());
        let mut ok = true;
        // Every name a badge answers to (id, label, aliases), visited in file
        // order so that a conflict is reported where the second claim stands.
        let mut claims: Vec<(Range<usize>, String, &String)> = Vec::new();
        for (id, badge) in &ordered {
            let b = badge.get_ref();
            claims.push((span_of(badge), (*id).clone(), id));
            claims.push((span_of(badge), b.label.clone(), id));
            claims.extend(
                b.aliases
                    .iter()
                    .map(|a| (span_of(a), a.get_ref().clone(), *id)),
            );
            defs.push(BadgeDef {
                id: (*id).clone(),
                label: b.label.clone(),
                aliases: b.aliases.iter().map(|a| a.get_ref().clone()).collect(),
            });
        }
        claims.sort_by_key(|(span, _, _)| span.start);
        let mut names: HashMap<String, &String> = HashMap::new();
        for (span, name, id) in claims {
            let key = name_key(&name);
            if key.is_empty() {
                self.error(
                    format!("badge name {name:?} has no letters or digits"),
                    span,
                );
                ok = false;
                continue;
            }
            match names.get(&key) {
                Some(other) if *other != id => {
                    self.error(
                        format!("the name {name:?} is claimed by badges {other:?} and {id:?}"),
                        span,
                    );
                    ok = false;
                }
                _ => {
                    names.insert(key, id);
                }
            }
        }
        if defs.is_empty() {
            self.error("the mapping defines no badges ([badges.<id>] tables)", 0..0);
            ok = false;
        }
        ok.then_some(defs)
    }

    /// The cumulative levels, each with its aliases and badges; `None` when
    /// a level names an unknown badge or none, or two levels claim one name.
    pub(super) fn levels(
        &mut self,
        levels: &BTreeMap<String, Spanned<RawLevel>>,
        badges: &BTreeMap<String, Spanned<RawBadge>>,
    ) -> Option<Vec<RawLevelDef>> {
        let mut ok = true;
        let mut level_names: HashMap<String, (String, Range<usize>)> = HashMap::new();
        let mut level_defs = Vec::new();
        for (id, level) in levels {
            let l = level.get_ref();
            let mut members = Vec::new();
            for badge in &l.badges {
                if badges.contains_key(badge.get_ref()) {
                    members.push(badge.get_ref().clone());
                } else {
                    self.error(
                        format!(
                            "level {id:?} names unknown badge {:?}{}",
                            badge.get_ref(),
                            suggest(badge.get_ref(), badges.keys())
                        ),
                        span_of(badge),
                    );
                    ok = false;
                }
            }
            if l.badges.is_empty() {
                self.error(format!("level {id:?} stands for no badges"), span_of(level));
                ok = false;
            }
            let own = std::iter::once((id.clone(), span_of(level)))
                .chain(l.aliases.iter().map(|a| (a.get_ref().clone(), span_of(a))));
            for (name, span) in own {
                let key = name_key(&name);
                match level_names.get(&key) {
                    Some((other, _)) if other != id => {
                        self.error(
                            format!("the name {name:?} is claimed by levels {other:?} and {id:?}"),
                            span,
                        );
                        ok = false;
                    }
                    _ => {
                        level_names.insert(key, (id.clone(), span));
                    }
                }
            }
            level_defs.push((
                id.clone(),
                l.aliases.iter().map(|a| a.get_ref().clone()).collect(),
                members,
            ));
        }
        ok.then_some(level_defs)
    }
}
