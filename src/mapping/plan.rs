//! A validated mapping: every reference resolved to an index, every date
//! parsed, every rule able to fire. Reconciliation uses only this.

use crate::text::identity_key;
use crate::vocab::{BadgeId, Vocabulary};
use chrono::NaiveDate;
use serde::Serialize;
use std::fmt;

/// How strongly a rule's badges evidence a criterion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Strength {
    Partial,
    Full,
}

impl fmt::Display for Strength {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Strength::Partial => "partial",
            Strength::Full => "full",
        })
    }
}

/// RFC 2119 requirement level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RequirementLevel {
    Must,
    Should,
    May,
}

impl RequirementLevel {
    pub fn parse(text: &str) -> Option<Self> {
        match text.trim().to_ascii_lowercase().as_str() {
            "must" => Some(RequirementLevel::Must),
            "should" => Some(RequirementLevel::Should),
            "may" => Some(RequirementLevel::May),
            _ => None,
        }
    }
}

impl fmt::Display for RequirementLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            RequirementLevel::Must => "MUST",
            RequirementLevel::Should => "SHOULD",
            RequirementLevel::May => "MAY",
        })
    }
}

/// Who can answer a criterion's evidence request: policy, in the mapping.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Addressee {
    /// About the product: asked once of its vendor for every integration.
    Vendor,
    /// About one member's deployment and users.
    Member,
    /// Either can answer: the vendor when the product is known.
    Either,
}

impl Addressee {
    pub fn parse(text: &str) -> Option<Self> {
        match text.trim().to_ascii_lowercase().as_str() {
            "vendor" => Some(Addressee::Vendor),
            "member" => Some(Addressee::Member),
            "either" => Some(Addressee::Either),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Addressee::Vendor => "vendor",
            Addressee::Member => "member",
            Addressee::Either => "either",
        }
    }
}

/// A product of the badge era from the mapping's product table: the name
/// badgemap shows it by, its vendor and its other names. Registers and the
/// certified list name products every way; this table joins the usual ones.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Product {
    pub id: String,
    pub name: String,
    pub vendor: Option<String>,
    pub aliases: Vec<String>,
    pub source: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Workflow {
    pub id: String,
    pub label: String,
    pub aliases: Vec<String>,
    /// Sectors (as written) whose integrations default to this workflow.
    pub sectors: Vec<String>,
    /// Identity keys of the id, label and aliases, and of the sectors, made
    /// once: every integration is matched against them.
    pub name_keys: Vec<String>,
    pub sector_keys: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Criterion {
    pub id: String,
    pub title: String,
    pub level: RequirementLevel,
    /// `None`: every workflow. Otherwise indices into [`Plan::workflows`].
    pub workflows: Option<Vec<usize>>,
    pub evidence_request: String,
    pub source: String,
    pub addressee: Addressee,
}

impl Criterion {
    /// Whether the criterion applies to an integration with these workflows:
    /// a criterion of no workflow in particular applies to all.
    pub fn applies(&self, workflows: &[usize]) -> bool {
        self.workflows
            .as_ref()
            .is_none_or(|list| list.iter().any(|w| workflows.contains(w)))
    }
}

pub use crate::model::Version;

/// One condition of a rule. Each variant says in words what it asks
/// ([`Condition::describe`]) and is checked by `reconcile::rules`, so the
/// Mapping sheet and the decision cannot drift apart.
#[derive(Debug, Clone, PartialEq)]
pub enum Condition {
    /// Every badge of the rule was awarded before this day.
    AwardedBefore(NaiveDate),
    /// Every badge of the rule was awarded on or after this day.
    AwardedOnOrAfter(NaiveDate),
    /// `true`: only undated awards; `false`: only dated ones.
    Undated(bool),
    /// The integration's sector is one of these (as written; compared
    /// through identity keys).
    Sectors(Vec<String>),
    /// The integration has one of these workflows (indices into the plan).
    Workflows(Vec<usize>),
    /// The integration records at least this API version.
    ApiVersionAtLeast(Version),
}

impl Condition {
    /// The condition in words, for the Mapping sheet and `explain`.
    pub fn describe(&self, plan: &Plan) -> String {
        match self {
            Condition::AwardedBefore(d) => format!("awarded before {d}"),
            Condition::AwardedOnOrAfter(d) => format!("awarded on or after {d}"),
            Condition::Undated(true) => "undated awards only".to_string(),
            Condition::Undated(false) => "dated awards only".to_string(),
            Condition::Sectors(s) => format!("sector: {}", s.join(", ")),
            Condition::Workflows(w) => {
                let ids: Vec<&str> = w
                    .iter()
                    .filter_map(|&i| plan.workflows.get(i).map(|w| w.id.as_str()))
                    .collect();
                format!("workflow: {}", ids.join(", "))
            }
            Condition::ApiVersionAtLeast(v) => format!("API version at least {v}"),
        }
    }
}

/// When a rule fires: all of its conditions hold.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Conditions(pub Vec<Condition>);

impl Conditions {
    pub fn awarded_before(&self) -> Option<NaiveDate> {
        self.0.iter().find_map(|c| match c {
            Condition::AwardedBefore(d) => Some(*d),
            _ => None,
        })
    }

    pub fn awarded_on_or_after(&self) -> Option<NaiveDate> {
        self.0.iter().find_map(|c| match c {
            Condition::AwardedOnOrAfter(d) => Some(*d),
            _ => None,
        })
    }

    /// All of them in words; `always` when there are none.
    pub fn describe(&self, plan: &Plan) -> String {
        if self.0.is_empty() {
            return "always".to_string();
        }
        let parts: Vec<String> = self.0.iter().map(|c| c.describe(plan)).collect();
        parts.join("; ")
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    pub id: String,
    /// All of these must be awarded; empty for rules on facts alone.
    pub badges: Vec<BadgeId>,
    pub conditions: Conditions,
    /// Criterion index and the strength given.
    pub grants: Vec<(usize, Strength)>,
    pub note: String,
}

/// What to do with awards that carry no date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Undated {
    /// Counted as they are, never aged.
    Accept,
    /// Counted as partial at most.
    Downgrade,
    /// Treated as awarded on this date (for date windows and ageing).
    AsOf(NaiveDate),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EvidencePolicy {
    /// Evidence older than this many months at the as-of date is partial at most.
    pub max_age_months: Option<u32>,
    pub undated: Undated,
}

/// A mapping ready for use.
#[derive(Debug, Clone)]
pub struct Plan {
    pub id: String,
    pub title: String,
    pub version: String,
    pub description: String,
    pub sources: Vec<String>,
    pub vocab: Vocabulary,
    pub workflows: Vec<Workflow>,
    /// The product table (`[products.<id>]`), by id.
    pub products: Vec<Product>,
    pub criteria: Vec<Criterion>,
    pub rules: Vec<Rule>,
    pub evidence: EvidencePolicy,
    /// Months a certification stays current after its last review, when the
    /// certified-provider list gives no expiry date.
    pub review_interval_months: Option<u32>,
    /// The first day a badge could be awarded (`[programme] started`).
    pub programme_started: Option<NaiveDate>,
    /// The last day a badge could be awarded (`[programme] ended`).
    pub programme_ended: Option<NaiveDate>,
}

impl Plan {
    /// The strongest evidence each badge can give each criterion, whatever the
    /// conditions: `[criterion][badge]`, plus a last column for fact-only rules.
    pub fn coverage(&self) -> Vec<Vec<Option<Strength>>> {
        let width = self.vocab.badges.len() + 1;
        let mut table = vec![vec![None; width]; self.criteria.len()];
        for rule in &self.rules {
            for &(criterion, strength) in &rule.grants {
                let row = &mut table[criterion];
                let cols: Vec<usize> = if rule.badges.is_empty() {
                    vec![width - 1]
                } else {
                    rule.badges.iter().map(|b| usize::from(b.0)).collect()
                };
                for col in cols {
                    row[col] = row[col].max(Some(strength));
                }
            }
        }
        table
    }

    pub fn criterion(&self, id: &str) -> Option<usize> {
        self.criteria.iter().position(|c| c.id == id)
    }

    /// Workflows a sector defaults to.
    pub fn workflows_for_sector(&self, sector: &str) -> Vec<usize> {
        let key = identity_key(sector);
        (0..self.workflows.len())
            .filter(|&w| self.workflows[w].sector_keys.contains(&key))
            .collect()
    }

    /// The workflow an explicit cell names, by id, label or alias.
    /// The workflow a name means: its id, label or an alias, compared as
    /// identities; failing that, compared without the words lists add
    /// ("Repository Systems", "Grant Management") and plurals.
    pub fn workflow_named(&self, text: &str) -> Option<usize> {
        let key = identity_key(text);
        if let Some(i) = self
            .workflows
            .iter()
            .position(|w| w.name_keys.contains(&key))
        {
            return Some(i);
        }
        let reduced = reduced_workflow_key(&key);
        if reduced.is_empty() {
            return None;
        }
        self.workflows.iter().position(|w| {
            w.name_keys
                .iter()
                .any(|k| reduced_workflow_key(k) == reduced)
        })
    }

    /// The workflows a cell names (`Repository; CRIS`, `grant / facility`),
    /// each once in the order written, and the names that are none.
    pub fn workflows_in(&self, text: &str) -> (Vec<usize>, Vec<String>) {
        let mut found = Vec::new();
        let mut unknown = Vec::new();
        for name in text
            .split([';', ',', '/', '|', '+', '\n'])
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            match self.workflow_named(name) {
                Some(w) if !found.contains(&w) => found.push(w),
                Some(_) => {}
                None => unknown.push(name.to_string()),
            }
        }
        (found, unknown)
    }

    /// Every workflow with its names, for a message listing what is accepted.
    pub fn workflow_names(&self) -> String {
        self.workflows
            .iter()
            .map(|w| format!("{} ({})", w.id, w.label))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// An identity key without the generic words a list adds to a workflow's
/// name, each word singular: `research information systems` and
/// `research information` agree.
fn reduced_workflow_key(key: &str) -> String {
    const GENERIC: &[&str] = &[
        "system",
        "management",
        "platform",
        "software",
        "solution",
        "tool",
        "service",
        "the",
    ];
    key.split(' ')
        .map(|w| {
            if let Some(stem) = w.strip_suffix("ies") {
                format!("{stem}y")
            } else if w.len() > 3 && w.ends_with('s') && !w.ends_with("ss") {
                w.trim_end_matches('s').to_string()
            } else {
                w.to_string()
            }
        })
        .filter(|w| !w.is_empty() && !GENERIC.contains(&w.as_str()))
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workflow_keys_drop_the_words_lists_add() {
        assert_eq!(
            reduced_workflow_key("research information systems"),
            "research information"
        );
        assert_eq!(reduced_workflow_key("repository systems"), "repository");
        assert_eq!(reduced_workflow_key("grant management"), "grant");
        assert_eq!(reduced_workflow_key("discovery services"), "discovery");
        assert_eq!(reduced_workflow_key("repositories"), "repository");
        assert_eq!(reduced_workflow_key("systems"), "");
    }
}
