//! Raw mapping → [`Plan`], collecting every error (with its span) rather than
//! stopping at the first, and warning about MUST criteria no badge can meet.

mod rules;
mod vocab;

use super::diagnostic::Diagnostic;
use super::plan::{Criterion, EvidencePolicy, Plan, RequirementLevel, Rule, Strength, Undated};
use super::raw::{RawMapping, Text};
use chrono::NaiveDate;
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
        let products = self.products(&raw.products);
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
        let programme = raw.programme.as_ref();
        let programme_started = programme
            .and_then(|p| p.started.as_ref())
            .and_then(|d| self.programme_day(d, "started"));
        let programme_ended = programme
            .and_then(|p| p.ended.as_ref())
            .and_then(|d| self.programme_day(d, "ended"));
        if let (Some(start), Some(end), Some(span)) = (
            programme_started,
            programme_ended,
            programme.and_then(|p| p.ended.as_ref()).map(span_of),
        ) {
            if end < start {
                self.error(format!("ended ({end}) is before started ({start})"), span);
            }
        }
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
            products,
            criteria,
            rules,
            evidence,
            review_interval_months,
            programme_started,
            programme_ended,
        })
    }

    /// A `[programme]` date: a plain day such as 2016-01-01.
    fn programme_day(
        &mut self,
        d: &Spanned<toml::value::Datetime>,
        key: &str,
    ) -> Option<NaiveDate> {
        let date = d.get_ref().date.filter(|_| d.get_ref().time.is_none());
        let day = date.and_then(|t| {
            NaiveDate::from_ymd_opt(i32::from(t.year), u32::from(t.month), u32::from(t.day))
        });
        if day.is_none() {
            self.error(
                format!("{key} must be a date such as 2016-01-01"),
                span_of(d),
            );
        }
        day
    }

    /// The product table: every name (name and aliases, compared by
    /// identity) belongs to one product, and sources are http(s) URLs.
    fn products(
        &mut self,
        raw: &std::collections::BTreeMap<String, Spanned<crate::mapping::raw::RawProduct>>,
    ) -> Vec<super::plan::Product> {
        let mut owner: std::collections::HashMap<String, String> = std::collections::HashMap::new();
        let mut out = Vec::with_capacity(raw.len());
        for (id, p) in raw {
            let p = p.get_ref();
            for name in std::iter::once(&p.name).chain(&p.aliases) {
                let key = crate::text::identity_key(name.get_ref());
                if key.is_empty() {
                    self.error(format!("product {id:?} has an empty name"), span_of(name));
                    continue;
                }
                match owner.get(&key) {
                    Some(other) if other != id => self.error(
                        format!(
                            "{:?} names two products: {other:?} and {id:?}; keep it in one",
                            name.get_ref()
                        ),
                        span_of(name),
                    ),
                    _ => {
                        owner.insert(key, id.clone());
                    }
                }
            }
            if let Some(source) = &p.source {
                self.check_url(source);
            }
            out.push(super::plan::Product {
                id: id.clone(),
                name: p.name.get_ref().trim().to_string(),
                vendor: p
                    .vendor
                    .as_ref()
                    .map(|v| v.get_ref().trim().to_string())
                    .filter(|v| !v.is_empty()),
                aliases: p
                    .aliases
                    .iter()
                    .map(|a| a.get_ref().trim().to_string())
                    .collect(),
                source: p.source.as_ref().map(|s| s.get_ref().clone()),
            });
        }
        out
    }

    fn check_url(&mut self, url: &Text) {
        let u = url.get_ref();
        if !(u.starts_with("https://") || u.starts_with("http://"))
            || u.contains(char::is_whitespace)
        {
            self.error(format!("{u:?} is not an http(s) URL"), span_of(url));
        }
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
