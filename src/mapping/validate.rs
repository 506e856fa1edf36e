//! Raw mapping → [`Plan`], collecting every error (with its span) rather than
//! stopping at the first, and warning about MUST criteria no badge can meet.

use super::diagnostic::Diagnostic;
use super::plan::{
    Addressee, Condition, Conditions, Criterion, EvidencePolicy, Plan, RequirementLevel, Rule,
    Strength, Undated, Version, Workflow,
};
use super::raw::{RawBadge, RawLevel, RawMapping, RawRule, Text};
use crate::vocab::{name_key, BadgeDef, BadgeId, RawLevelDef, Vocabulary};
use chrono::NaiveDate;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::ops::Range;
use toml::Spanned;

/// Validates a parsed mapping. Returns the plan when there is no error, and
/// every diagnostic (errors and warnings) either way.
/// Criteria and rules are numbered with 16 bits in decisions, which keeps the
/// per-integration results small at register scale.
pub const MAX_ENTRIES: usize = u16::MAX as usize;

pub fn validate(raw: RawMapping) -> (Option<Plan>, Vec<Diagnostic>) {
    let mut v = Validator::default();
    let plan = v.run(raw);
    let has_error = v
        .diagnostics
        .iter()
        .any(|d| d.level == super::diagnostic::Level::Error);
    (plan.filter(|_| !has_error), v.diagnostics)
}

#[derive(Default)]
struct Validator {
    diagnostics: Vec<Diagnostic>,
}

fn span_of<T>(s: &Spanned<T>) -> Range<usize> {
    s.span()
}

impl Validator {
    fn error(&mut self, message: impl Into<String>, span: Range<usize>) {
        self.diagnostics.push(Diagnostic::error(message, span));
    }

    fn run(&mut self, raw: RawMapping) -> Option<Plan> {
        let header = raw.mapping;
        let id = header.id.get_ref().trim().to_string();
        if id.is_empty()
            || !id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            self.error(
                "mapping id must be letters, digits, '-' or '_' (it names the mapping in reports)",
                span_of(&header.id),
            );
        }
        if !is_semver(header.version.get_ref()) {
            self.error(
                format!(
                    "version {:?} is not a semantic version such as \"1.2.0\"",
                    header.version.get_ref()
                ),
                span_of(&header.version),
            );
        }
        for source in &header.sources {
            self.check_url(source);
        }

        let vocab = self.badges_and_levels(&raw.badges, &raw.levels);
        let workflows = self.workflows(&raw.workflows);
        let criteria = self.criteria(&raw.criteria, &workflows);
        let rules = match &vocab {
            Some(vocab) => self.rules(&raw.rules, vocab, &workflows, &criteria),
            None => Vec::new(),
        };
        let evidence = self.evidence(raw.evidence.as_ref());
        let review_interval_months = raw
            .certification
            .as_ref()
            .and_then(|c| c.review_interval_months.as_ref())
            .and_then(|m| match u32::try_from(*m.get_ref()) {
                Ok(n) if n > 0 => Some(n),
                _ => {
                    self.error(
                        "review_interval_months must be a whole number of months above 0",
                        span_of(m),
                    );
                    None
                }
            });
        let programme_started = raw
            .programme
            .as_ref()
            .and_then(|p| p.started.as_ref())
            .and_then(|d| {
                let date = d.get_ref().date.filter(|_| d.get_ref().time.is_none());
                let day = date.and_then(|t| {
                    NaiveDate::from_ymd_opt(i32::from(t.year), u32::from(t.month), u32::from(t.day))
                });
                if day.is_none() {
                    self.error("started must be a date such as 2016-01-01", span_of(d));
                }
                day
            });
        self.warn_unmet_musts(&raw.criteria, &criteria, &rules);
        Some(Plan {
            id,
            title: header.title,
            version: header.version.into_inner(),
            description: header.description,
            sources: header
                .sources
                .into_iter()
                .map(Spanned::into_inner)
                .collect(),
            vocab: vocab?,
            workflows,
            criteria,
            rules,
            evidence,
            review_interval_months,
            programme_started,
        })
    }

    fn check_url(&mut self, url: &Text) {
        let u = url.get_ref();
        if !(u.starts_with("https://") || u.starts_with("http://"))
            || u.contains(char::is_whitespace)
        {
            self.error(format!("{u:?} is not an http(s) URL"), span_of(url));
        }
    }

    fn badges_and_levels(
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
    fn badges(&mut self, badges: &BTreeMap<String, Spanned<RawBadge>>) -> Option<Vec<BadgeDef>> {
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
    fn levels(
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

    #[allow(clippy::unused_self)] // beside its siblings, which report errors through self
    fn workflows(
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

    fn workflow_refs(&mut self, refs: &[Text], workflows: &[Workflow], owner: &str) -> Vec<usize> {
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

    fn criteria(
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

    fn rules(
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
    fn rule_badges(&mut self, r: &RawRule, vocab: &Vocabulary, what: &str) -> Vec<BadgeId> {
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
    fn rule_conditions(&mut self, r: &RawRule, workflows: &[Workflow], what: &str) -> Conditions {
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
    fn rule_grants(
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

    fn date(&mut self, d: &Spanned<toml::value::Datetime>, what: &str) -> Option<NaiveDate> {
        let dt = d.get_ref();
        if let (Some(date), None, None) = (dt.date, dt.time, dt.offset) {
            let parsed = NaiveDate::from_ymd_opt(
                i32::from(date.year),
                u32::from(date.month),
                u32::from(date.day),
            );
            if parsed.is_none() {
                self.error(format!("{what}: {dt} is not a calendar date"), span_of(d));
            }
            parsed
        } else {
            self.error(
                format!("{what}: give a plain date such as 2018-05-30, not {dt}"),
                span_of(d),
            );
            None
        }
    }

    fn evidence(&mut self, raw: Option<&crate::mapping::raw::RawEvidence>) -> EvidencePolicy {
        let mut policy = EvidencePolicy {
            max_age_months: None,
            undated: Undated::Accept,
        };
        let Some(raw) = raw else { return policy };
        if let Some(m) = &raw.max_age_months {
            match u32::try_from(*m.get_ref()) {
                Ok(n) if n > 0 => policy.max_age_months = Some(n),
                _ => self.error(
                    "max_age_months must be a whole number of months above 0",
                    span_of(m),
                ),
            }
        }
        if let Some(u) = &raw.undated {
            policy.undated = match u.get_ref() {
                toml::Value::String(s) if s == "accept" => Undated::Accept,
                toml::Value::String(s) if s == "downgrade" => Undated::Downgrade,
                toml::Value::Datetime(dt) => {
                    if let Some(date) = dt.date.filter(|_| dt.time.is_none()).and_then(|d| {
                        NaiveDate::from_ymd_opt(
                            i32::from(d.year),
                            u32::from(d.month),
                            u32::from(d.day),
                        )
                    }) {
                        Undated::AsOf(date)
                    } else {
                        self.error("undated: give a plain date such as 2019-01-01", span_of(u));
                        Undated::Accept
                    }
                }
                _ => {
                    self.error(
                        "undated must be \"accept\", \"downgrade\", or a date to treat undated awards as of",
                        span_of(u),
                    );
                    Undated::Accept
                }
            };
        }
        policy
    }

    fn warn_unmet_musts(
        &mut self,
        raw: &[Spanned<crate::mapping::raw::RawCriterion>],
        criteria: &[Criterion],
        rules: &[Rule],
    ) {
        for (i, c) in criteria.iter().enumerate() {
            if c.level != RequirementLevel::Must {
                continue;
            }
            let best = rules
                .iter()
                .flat_map(|r| r.grants.iter())
                .filter(|(k, _)| *k == i)
                .map(|(_, s)| *s)
                .max();
            let span = raw.get(i).map(|r| span_of(&r.get_ref().id));
            match best {
                Some(Strength::Full) => {}
                Some(Strength::Partial) => self.diagnostics.push(Diagnostic::warning(
                    format!("MUST criterion {:?} can only be partly evidenced by badges: it always needs fresh evidence", c.id),
                    span,
                )),
                None => self.diagnostics.push(Diagnostic::warning(
                    format!("no rule evidences MUST criterion {:?}: it always needs fresh evidence", c.id),
                    span,
                )),
            }
        }
    }
}

/// What to say after an unknown id: the nearest known one when it is
/// close (a typo), else the known ids when there are few.
fn suggest<'a>(unknown: &str, ids: impl Iterator<Item = &'a String>) -> String {
    let list: Vec<&str> = ids.map(String::as_str).collect();
    let nearest = list
        .iter()
        .map(|id| (strsim::levenshtein(unknown, id), *id))
        .min();
    match nearest {
        Some((distance, id)) if distance <= (unknown.chars().count() / 4).max(2) => {
            format!("; did you mean {id:?}?")
        }
        _ if list.is_empty() => String::new(),
        _ if list.len() <= 12 => format!(" (known: {})", list.join(", ")),
        _ => format!(" ({} known ids; `badgemap check` lists them)", list.len()),
    }
}

/// `MAJOR.MINOR.PATCH` with optional `-pre` and `+build`.
fn is_semver(v: &str) -> bool {
    let core = v.split(['-', '+']).next().unwrap_or("");
    let parts: Vec<&str> = core.split('.').collect();
    parts.len() == 3
        && parts.iter().all(|p| {
            !p.is_empty()
                && p.chars().all(|c| c.is_ascii_digit())
                && (p.len() == 1 || !p.starts_with('0'))
        })
}

#[cfg(test)]
mod tests {
    use super::is_semver;

    #[test]
    fn more_criteria_than_decisions_can_number_is_an_error() {
        let base = crate::mapping::embedded("csp-baseline").unwrap().text;
        let mut text = base.clone();
        for i in 0..=super::MAX_ENTRIES {
            text.push_str(&format!(
                "\n[[criteria]]\nid = \"extra-{i}\"\ntitle = \"t\"\nlevel = \"may\"\nevidence_request = \"e\"\nsource = \"https://example.org/c\"\n"
            ));
        }
        let err = crate::mapping::parse("big.toml", &text).err().unwrap();
        let messages: Vec<&str> = err
            .diagnostics
            .iter()
            .filter(|d| d.level == super::super::diagnostic::Level::Error)
            .map(|d| d.message.as_str())
            .collect();
        assert_eq!(
            messages,
            ["a mapping may define at most 65535 criteria; split it into several mappings"]
        );
    }

    #[test]
    fn semver() {
        assert!(is_semver("1.0.0"));
        assert!(is_semver("2.10.3-rc.1+build.5"));
        assert!(!is_semver("1.0"));
        assert!(!is_semver("01.0.0"));
        assert!(!is_semver("v1.0.0"));
    }
}
