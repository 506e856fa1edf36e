//! The mapping file exactly as written: serde structures that keep the span of
//! every value a later check may need to point at. Nothing is validated here
//! beyond what TOML and serde check (types, unknown keys).

use serde::Deserialize;
use std::collections::BTreeMap;
use toml::Spanned;

pub type Text = Spanned<String>;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawMapping {
    pub mapping: RawHeader,
    #[serde(default)]
    pub badges: BTreeMap<String, Spanned<RawBadge>>,
    #[serde(default)]
    pub levels: BTreeMap<String, Spanned<RawLevel>>,
    #[serde(default)]
    pub workflows: BTreeMap<String, Spanned<RawWorkflow>>,
    #[serde(default)]
    pub products: BTreeMap<String, Spanned<RawProduct>>,
    #[serde(default)]
    pub criteria: Vec<Spanned<RawCriterion>>,
    #[serde(default)]
    pub rules: Vec<Spanned<RawRule>>,
    #[serde(default)]
    pub evidence: Option<RawEvidence>,
    #[serde(default)]
    pub certification: Option<RawCertification>,
    #[serde(default)]
    pub programme: Option<RawProgramme>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawProgramme {
    /// The first day a badge could be awarded: an earlier award date is an
    /// error in the register.
    pub started: Option<Spanned<toml::value::Datetime>>,
    /// The last day a badge could be awarded: a later award date is an
    /// error in the register too.
    pub ended: Option<Spanned<toml::value::Datetime>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCertification {
    /// A certification not reviewed within this many months is not current.
    pub review_interval_months: Option<Spanned<i64>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawHeader {
    pub id: Text,
    pub title: String,
    pub version: Text,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub sources: Vec<Text>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawBadge {
    pub label: String,
    #[serde(default)]
    pub aliases: Vec<Text>,
    /// Position in reports; badges without one follow, by id.
    pub order: Option<u32>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawLevel {
    #[serde(default)]
    pub aliases: Vec<Text>,
    pub badges: Vec<Text>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawWorkflow {
    pub label: String,
    #[serde(default)]
    pub aliases: Vec<Text>,
    /// Sectors whose integrations default to this workflow.
    #[serde(default)]
    pub sectors: Vec<Text>,
}

/// A product of the badge era: the name it is known by, its vendor, and the
/// other names registers and lists write it with.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawProduct {
    pub name: Text,
    pub vendor: Option<Text>,
    #[serde(default)]
    pub aliases: Vec<Text>,
    /// Where the name and vendor can be checked (an http(s) URL).
    pub source: Option<Text>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCriterion {
    pub id: Text,
    pub title: String,
    pub level: Text,
    /// Omitted: the criterion applies to every workflow.
    pub workflows: Option<Vec<Text>>,
    pub evidence_request: String,
    pub source: Text,
    /// Who can answer: `vendor`, `member` or `either` (default `member`).
    pub addressee: Option<Text>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRule {
    pub id: Text,
    /// All of these must be awarded.
    #[serde(default)]
    pub badges: Vec<Text>,
    pub awarded_before: Option<Spanned<toml::value::Datetime>>,
    pub awarded_on_or_after: Option<Spanned<toml::value::Datetime>>,
    /// True: applies only to awards without a date.
    pub undated: Option<Spanned<bool>>,
    pub sectors: Option<Spanned<Vec<Text>>>,
    pub workflows: Option<Spanned<Vec<Text>>>,
    /// A fact of the register rather than a badge: the recorded API version.
    pub api_version_at_least: Option<Text>,
    #[serde(default)]
    pub full: Vec<Text>,
    #[serde(default)]
    pub partial: Vec<Text>,
    pub note: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawEvidence {
    /// Evidence older than this at the as-of date counts as partial at most.
    pub max_age_months: Option<Spanned<i64>>,
    /// `"accept"`, `"downgrade"`, or a date to treat undated awards as of.
    pub undated: Option<Spanned<toml::Value>>,
}
