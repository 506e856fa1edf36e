//! A mapping's workflows, criteria and rules: each reference resolved to
//! what it names (the nearest id suggested for a typo), each rule's badges,
//! conditions and grants checked.

use super::{span_of, suggest, Validator, MAX_ENTRIES};
use crate::mapping::plan::{
    Addressee, Condition, Conditions, Criterion, RequirementLevel, Rule, Strength, Version,
    Workflow,
};
use crate::mapping::raw::{RawRule, Text};
use crate::vocab::{BadgeId, Vocabulary};
use std::collections::HashSet;
use toml::Spanned;

impl Validator {
    #[allow(clippy::unused_self)] // beside its siblings, which report errors through self
    pub(super) fn workflows(
        &mut self,
        raw: &std::collections::BTreeMap<String, Spanned<crate::mapping::raw::RawWorkflow>>,
    ) -> Vec<Workflow> {
        raw.iter()
            .map(|(id, w)| {
                let w = w.get_ref();
                Workflow {
                    id: id.clone(),
                    label: w.label.clone(),
                    aliases: w.aliases.iter().map(|a| a.get_ref().clone()).collect(),
                    sectors: w.sectors.iter().map(|s| s.get_ref().clone()).collect(),
                    name_keys: [id, &w.label]
                        .into_iter()
                        .chain(w.aliases.iter().map(toml::Spanned::get_ref))
                        .map(|n| crate::text::identity_key(n))
                        .collect(),
                    sector_keys: w
                        .sectors
                        .iter()
                        .map(|s| crate::text::identity_key(s.get_ref()))
                        .collect(),
                }
            })
            .collect()
    }

    pub(super) fn workflow_refs(
        &mut self,
        refs: &[Text],
        workflows: &[Workflow],
        owner: &str,
    ) -> Vec<usize> {
        let mut out = Vec::new();
        for r in refs {
            match workflows.iter().position(|w| &w.id == r.get_ref()) {
                Some(i) => out.push(i),
                None => self.error(
                    format!(
                        "{owner} names unknown workflow {:?}{}",
                        r.get_ref(),
                        suggest(r.get_ref(), workflows.iter().map(|w| &w.id))
                    ),
                    span_of(r),
                ),
            }
        }
        out
    }

    pub(super) fn criteria(
        &mut self,
        raw: &[Spanned<crate::mapping::raw::RawCriterion>],
        workflows: &[Workflow],
    ) -> Vec<Criterion> {
        let mut seen: HashSet<String> = HashSet::new();
        let mut out = Vec::new();
        for (i, c) in raw.iter().enumerate() {
            if i == MAX_ENTRIES {
                self.error(
                    format!("a mapping may define at most {MAX_ENTRIES} criteria; split it into several mappings"),
                    span_of(c),
                );
            }
            let r = c.get_ref();
            let id = r.id.get_ref().clone();
            if !seen.insert(id.clone()) {
                self.error(format!("duplicate criterion id {id:?}"), span_of(&r.id));
            }
            let level = RequirementLevel::parse(r.level.get_ref()).unwrap_or_else(|| {
                self.error(
                    format!(
                        "level {:?} is not one of \"must\", \"should\", \"may\"",
                        r.level.get_ref()
                    ),
                    span_of(&r.level),
                );
                RequirementLevel::May
            });
            let wf = r.workflows.as_ref().map(|refs| {
                if refs.is_empty() {
                    self.error(
                        format!("criterion {id:?} applies to an empty list of workflows; omit `workflows` for all"),
                        span_of(c),
                    );
                }
                self.workflow_refs(refs, workflows, &format!("criterion {id:?}"))
            });
            self.check_url(&r.source);
            if r.evidence_request.trim().is_empty() {
                self.error(
                    format!("criterion {id:?} has an empty evidence_request"),
                    span_of(&r.id),
                );
            }
            let addressee = r.addressee.as_ref().map_or(Addressee::Member, |a| {
                Addressee::parse(a.get_ref()).unwrap_or_else(|| {
                    self.error(
                        format!(
                            "addressee {:?} is not one of \"vendor\", \"member\", \"either\"",
                            a.get_ref()
                        ),
                        span_of(a),
                    );
                    Addressee::Member
                })
            });
            out.push(Criterion {
                id,
                title: r.title.clone(),
                level,
                workflows: wf,
                evidence_request: r.evidence_request.trim().to_string(),
                source: r.source.get_ref().clone(),
                addressee,
            });
        }
        out
    }

    pub(super) fn rules(
        &mut self,
        raw: &[Spanned<RawRule>],
        vocab: &Vocabulary,
        workflows: &[Workflow],
        criteria: &[Criterion],
    ) -> Vec<Rule> {
        let mut seen: HashSet<String> = HashSet::new();
        let mut out = Vec::new();
        for (i, spanned) in raw.iter().enumerate() {
            if i == MAX_ENTRIES {
                self.error(
                    format!("a mapping may define at most {MAX_ENTRIES} rules; split it into several mappings"),
                    span_of(spanned),
                );
            }
            let r = spanned.get_ref();
            let id = r.id.get_ref().clone();
            if !seen.insert(id.clone()) {
                self.error(format!("duplicate rule id {id:?}"), span_of(&r.id));
            }
            let what = format!("rule {id:?}");
            let badges = self.rule_badges(r, vocab, &what);
            let conditions = self.rule_conditions(r, workflows, &what);
            if r.badges.is_empty() && r.api_version_at_least.is_none() {
                self.error(format!("{what} needs at least one badge or a fact condition (api_version_at_least)"), span_of(&r.id));
            }
            let grants = self.rule_grants(r, criteria, &what);
            if r.full.is_empty() && r.partial.is_empty() {
                self.error(
                    format!("{what} gives no evidence: list criteria under `full` or `partial`"),
                    span_of(&r.id),
                );
            }
            if r.note.trim().is_empty() {
                self.error(
                    format!("{what} needs a note saying why the badge counts"),
                    span_of(&r.id),
                );
            }
            out.push(Rule {
                id,
                badges,
                conditions,
                grants,
                note: r.note.trim().to_string(),
            });
        }
        out
    }

    /// A rule's badges, each known to the vocabulary.
    pub(super) fn rule_badges(
        &mut self,
        r: &RawRule,
        vocab: &Vocabulary,
        what: &str,
    ) -> Vec<BadgeId> {
        let mut badges = Vec::new();
        for b in &r.badges {
            match vocab.badges.iter().position(|d| &d.id == b.get_ref()) {
                Some(i) => badges.push(BadgeId(i as u16)),
                None => self.error(
                    format!(
                        "{what} names unknown badge {:?}{}",
                        b.get_ref(),
                        suggest(b.get_ref(), vocab.badges.iter().map(|d| &d.id))
                    ),
                    span_of(b),
                ),
            }
        }
        badges
    }

    /// A rule's conditions, each checked: a date window that can hold a
    /// date, non-empty lists, a version number.
    pub(super) fn rule_conditions(
        &mut self,
        r: &RawRule,
        workflows: &[Workflow],
        what: &str,
    ) -> Conditions {
        let before = r.awarded_before.as_ref().and_then(|d| self.date(d, what));
        let after = r
            .awarded_on_or_after
            .as_ref()
            .and_then(|d| self.date(d, what));
        if let (Some(b), Some(a)) = (before, after) {
            if b <= a {
                let span = r.awarded_before.as_ref().map_or(0..0, span_of);
                self.error(
                format!("{what} can never fire: awarded before {b} and on or after {a} is an empty window"),
                span,
            );
            }
        }
        let undated = r.undated.as_ref().map(|u| *u.get_ref());
        if undated == Some(true) && (before.is_some() || after.is_some()) {
            let span = r.undated.as_ref().map_or(0..0, span_of);
            self.error(
                format!(
                    "{what} can never fire: an undated award has no date to fall in its window"
                ),
                span,
            );
        }
        if (before.is_some() || after.is_some() || undated.is_some()) && r.badges.is_empty() {
            self.error(
                format!("{what} has date conditions but no badges to date"),
                span_of(&r.id),
            );
        }
        let sectors = r.sectors.as_ref().map(|s| {
            if s.get_ref().is_empty() {
                self.error(
                    format!("{what} can never fire: its sector list is empty"),
                    span_of(s),
                );
            }
            s.get_ref()
                .iter()
                .map(|t| t.get_ref().clone())
                .collect::<Vec<_>>()
        });
        let rule_workflows = r.workflows.as_ref().map(|w| {
            if w.get_ref().is_empty() {
                self.error(
                    format!("{what} can never fire: its workflow list is empty"),
                    span_of(w),
                );
            }
            self.workflow_refs(w.get_ref(), workflows, what)
        });
        let api = r.api_version_at_least.as_ref().and_then(|v| {
            let parsed = Version::parse(v.get_ref());
            if parsed.is_none() {
                self.error(
                    format!("{:?} is not a version number such as \"3.0\"", v.get_ref()),
                    span_of(v),
                );
            }
            parsed
        });
        Conditions(
            [
                before.map(Condition::AwardedBefore),
                after.map(Condition::AwardedOnOrAfter),
                undated.map(Condition::Undated),
                sectors.map(Condition::Sectors),
                rule_workflows.map(Condition::Workflows),
                api.map(Condition::ApiVersionAtLeast),
            ]
            .into_iter()
            .flatten()
            .collect(),
        )
    }

    /// The criteria a rule gives evidence for, each known and listed once.
    pub(super) fn rule_grants(
        &mut self,
        r: &RawRule,
        criteria: &[Criterion],
        what: &str,
    ) -> Vec<(usize, Strength)> {
        let mut grants: Vec<(usize, Strength)> = Vec::new();
        for (list, strength) in [(&r.full, Strength::Full), (&r.partial, Strength::Partial)] {
            for c in list {
                match criteria.iter().position(|k| &k.id == c.get_ref()) {
                    Some(i) if grants.iter().any(|(g, _)| *g == i) => self.error(
                        format!("{what} lists criterion {:?} twice", c.get_ref()),
                        span_of(c),
                    ),
                    Some(i) => grants.push((i, strength)),
                    None => self.error(
                        format!(
                            "{what} names unknown criterion {:?}{}",
                            c.get_ref(),
                            suggest(c.get_ref(), criteria.iter().map(|k| &k.id))
                        ),
                        span_of(c),
                    ),
                }
            }
        }
        grants
    }
}
