//! Does a rule fire for an integration, and with what strength once evidence
//! ageing and the undated-award policy are applied? Pure functions.

use super::Context;
use crate::mapping::plan::{Condition, Rule, Strength, Undated, Version};
use crate::model::AwardDate;
use crate::model::{Attr, Integration, SourceRef};
use crate::text::identity_key;
use chrono::{Months, NaiveDate};
use serde::Serialize;

/// Why a rule's evidence counts for less than the rule grants.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Downgrade {
    /// The evidence dates from `date`, older than the mapping's limit.
    Aged {
        date: AwardDate,
        max_age_months: u32,
    },
    /// An award has no date and the mapping downgrades undated evidence.
    Undated,
}

impl Downgrade {
    pub fn describe(&self) -> String {
        match self {
            Downgrade::Aged {
                date,
                max_age_months,
            } => {
                format!(
                    "aged: awarded {date}, more than {max_age_months} months before the as-of date"
                )
            }
            Downgrade::Undated => "undated award, counted as partial".to_string(),
        }
    }
}

/// A rule that fired.
#[derive(Debug, Clone, PartialEq)]
pub struct Fired {
    /// The oldest award date among the rule's badges (after the undated policy).
    pub date: Option<AwardDate>,
    pub undated: bool,
    /// The first source of the rule's first badge, for provenance.
    pub source: Option<SourceRef>,
}

/// Evaluates a rule: every badge awarded and every condition met; `Err`
/// says why it did not fire.
pub fn evaluate(
    rule: &Rule,
    it: &Integration,
    workflows: &[usize],
    ctx: &Context<'_>,
) -> Result<Fired, String> {
    let vocab = &ctx.plan.vocab;
    let mut oldest: Option<AwardDate> = None;
    let mut undated = false;
    let mut source = None;
    for badge in &rule.badges {
        let label = &vocab.badge(*badge).label;
        let Some(award) = it.awards.get(badge) else {
            return Err(format!("no {label} badge awarded"));
        };
        if source.is_none() {
            source = award.facts.first().map(|f| f.source);
        }
        let effective = match (award.date, ctx.plan.evidence.undated) {
            (Some(d), _) => Some(d),
            (None, Undated::AsOf(assumed)) => Some(AwardDate::day(assumed)),
            (None, _) => {
                undated = true;
                None
            }
        };
        for condition in &rule.conditions.0 {
            check_award(condition, label, award.date, effective)?;
        }
        if let Some(d) = effective {
            oldest = Some(oldest.map_or(d, |o: AwardDate| o.min(d)));
        }
    }
    for condition in &rule.conditions.0 {
        check_integration(condition, it, workflows)?;
    }
    Ok(Fired {
        date: oldest,
        undated,
        source,
    })
}

/// A condition on one badge's award: its date as recorded and as counted
/// (`effective`, after the undated policy).
fn check_award(
    condition: &Condition,
    label: &str,
    recorded: Option<AwardDate>,
    effective: Option<AwardDate>,
) -> Result<(), String> {
    match condition {
        Condition::Undated(true) => match recorded {
            Some(d) => Err(format!(
                "{label} is dated ({d}); the rule is for undated awards"
            )),
            None => Ok(()),
        },
        Condition::Undated(false) => match recorded {
            Some(_) => Ok(()),
            None => Err(format!(
                "{label} has no award date; the rule needs a dated award"
            )),
        },
        Condition::AwardedBefore(before) => match effective {
            Some(d) if last_day(d) < *before => Ok(()),
            Some(d) => Err(format!("{label} awarded {d}, not before {before}")),
            None => Err(format!(
                "{label} has no award date to place before {before}"
            )),
        },
        Condition::AwardedOnOrAfter(after) => match effective {
            Some(d) if d.date >= *after => Ok(()),
            Some(d) => Err(format!("{label} awarded {d}, not on or after {after}")),
            None => Err(format!(
                "{label} has no award date to place on or after {after}"
            )),
        },
        Condition::Sectors(_) | Condition::Workflows(_) | Condition::ApiVersionAtLeast(_) => Ok(()),
    }
}

/// A condition on the integration's facts.
fn check_integration(
    condition: &Condition,
    it: &Integration,
    workflows: &[usize],
) -> Result<(), String> {
    match condition {
        Condition::Sectors(sectors) => {
            let Some(sector) = it.attr(Attr::Sector) else {
                return Err("the integration has no sector".to_string());
            };
            let key = identity_key(sector);
            if sectors.iter().any(|s| identity_key(s) == key) {
                Ok(())
            } else {
                Err(format!(
                    "sector {sector:?} is not one of the rule's sectors"
                ))
            }
        }
        Condition::Workflows(wanted) => {
            if wanted.iter().any(|w| workflows.contains(w)) {
                Ok(())
            } else {
                Err("the integration has none of the rule's workflows".to_string())
            }
        }
        Condition::ApiVersionAtLeast(min) => {
            let Some(recorded) = it.attr(Attr::ApiVersion) else {
                return Err("no API version recorded".to_string());
            };
            match Version::parse(recorded) {
                Some(v) if &v >= min => Ok(()),
                Some(_) => Err(format!("API version {recorded} is below {min}")),
                None => Err(format!("API version {recorded:?} is not a version number")),
            }
        }
        Condition::AwardedBefore(_) | Condition::AwardedOnOrAfter(_) | Condition::Undated(_) => {
            Ok(())
        }
    }
}

/// The last day a (possibly month- or year-only) date could stand for.
fn last_day(d: AwardDate) -> NaiveDate {
    d.last_day()
}

/// The strength a fired rule gives after the undated policy and ageing.
pub fn effective_strength(
    granted: Strength,
    fired: &Fired,
    ctx: &Context<'_>,
) -> (Strength, Option<Downgrade>) {
    if granted == Strength::Partial {
        return (granted, None);
    }
    if fired.undated && ctx.plan.evidence.undated == Undated::Downgrade {
        return (Strength::Partial, Some(Downgrade::Undated));
    }
    if let (Some(months), Some(date)) = (ctx.plan.evidence.max_age_months, fired.date) {
        let limit = ctx.as_of.checked_sub_months(Months::new(months));
        if limit.is_some_and(|limit| last_day(date) < limit) {
            return (
                Strength::Partial,
                Some(Downgrade::Aged {
                    date,
                    max_age_months: months,
                }),
            );
        }
    }
    (granted, None)
}
