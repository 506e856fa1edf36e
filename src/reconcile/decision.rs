//! What reconciliation decides, as the outputs and a re-check read it:
//! statuses, evidence and analysts' verdicts (each with its text, parsed and
//! written one way), the result of each criterion and the decision per
//! integration.

use crate::mapping::plan::{RequirementLevel, Strength};
use crate::mapping::Plan;
use crate::model::{AwardDate, SourceRef};
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::HashMap;
use std::fmt;

use super::rules::Downgrade;

/// An analyst's verdict on a criterion of an integration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// Fresh evidence was received and accepted: full evidence, dated.
    Accepted,
    /// The evidence offered was not enough: the criterion stays missing.
    Rejected,
    /// The criterion does not apply to this integration.
    Waived,
}

impl Verdict {
    /// Every verdict, in the order a dropdown offers them.
    pub const ALL: [Verdict; 3] = [Verdict::Accepted, Verdict::Rejected, Verdict::Waived];

    pub fn parse(text: &str) -> Option<Self> {
        match text.trim().to_lowercase().as_str() {
            "accepted" | "accept" => Some(Verdict::Accepted),
            "rejected" | "reject" => Some(Verdict::Rejected),
            "waived" | "waive" | "n/a" | "not applicable" => Some(Verdict::Waived),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Accepted => "accepted",
            Verdict::Rejected => "rejected",
            Verdict::Waived => "waived",
        }
    }
}

/// What an analyst wrote in the worklist for one (integration, criterion).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnalystDecision {
    pub verdict: Option<Verdict>,
    pub received_on: Option<NaiveDate>,
    pub comment: String,
    /// The request whose decision this is, when it came from the Requests
    /// sheet rather than the integration's own Worklist row.
    pub request: Option<String>,
}

/// Analyst decisions keyed by (integration id, criterion id).
pub type AnalystDecisions = HashMap<(String, String), AnalystDecision>;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    Covered,
    CarryOver,
    ReCertify,
    NoEvidence,
    Review,
    /// An analyst said it no longer exists (its confirm-integration action
    /// waived): out of every count of work.
    Retired,
}

impl Status {
    pub const ALL: [Status; 6] = [
        Status::Covered,
        Status::CarryOver,
        Status::ReCertify,
        Status::NoEvidence,
        Status::Review,
        Status::Retired,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Covered => "covered",
            Status::CarryOver => "carry-over",
            Status::ReCertify => "re-certify",
            Status::NoEvidence => "no-evidence",
            Status::Review => "review",
            Status::Retired => "retired",
        }
    }

    /// Whether its criteria count as work: not covered, not retired.
    pub fn needs_evidence(self) -> bool {
        !matches!(self, Status::Covered | Status::Retired)
    }
}

/// A Worklist row that is not a criterion: an open action on an
/// integration, decided like a criterion and carried forward.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum OpenAction {
    /// A `review` integration: settle what made it so. Accepted (or
    /// waived), the review is settled as the comment says.
    SettleReview,
    /// An integration without evidence: does it still exist? Waived, it is
    /// retired.
    ConfirmIntegration,
    /// An integration that must re-certify with its workflow unknown: which
    /// is it? The comment of the answer names the workflow.
    ConfirmWorkflow,
}

impl OpenAction {
    pub const ALL: [OpenAction; 3] = [
        OpenAction::SettleReview,
        OpenAction::ConfirmIntegration,
        OpenAction::ConfirmWorkflow,
    ];

    /// The action with this id in the Worklist's Criterion column.
    pub fn of_id(id: &str) -> Option<OpenAction> {
        OpenAction::ALL.into_iter().find(|a| a.id() == id)
    }

    /// Its id in the Worklist's Criterion column.
    pub fn id(self) -> &'static str {
        use crate::layout::action;
        match self {
            OpenAction::SettleReview => action::SETTLE_REVIEW,
            OpenAction::ConfirmIntegration => action::CONFIRM_INTEGRATION,
            OpenAction::ConfirmWorkflow => action::CONFIRM_WORKFLOW,
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A name that is none of an enum's values.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not one of: {1}")]
pub struct UnknownName(pub String, pub &'static str);

impl std::str::FromStr for Status {
    type Err = UnknownName;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Status::ALL
            .into_iter()
            .find(|s| s.as_str() == text.trim())
            .ok_or_else(|| {
                UnknownName(
                    text.to_string(),
                    "covered, carry-over, re-certify, no-evidence, review, retired",
                )
            })
    }
}

impl std::str::FromStr for Evidence {
    type Err = UnknownName;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        [
            Evidence::Missing,
            Evidence::Partial,
            Evidence::Full,
            Evidence::Waived,
        ]
        .into_iter()
        .find(|e| e.as_str() == text.trim())
        .ok_or_else(|| UnknownName(text.to_string(), "missing, partial, full, waived"))
    }
}

impl fmt::Display for Evidence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Verdict {
    type Err = UnknownName;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Verdict::parse(text)
            .ok_or_else(|| UnknownName(text.to_string(), "accepted, rejected, waived"))
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The evidence for one criterion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Evidence {
    Missing,
    Partial,
    Full,
    /// An analyst waived the criterion: it does not count for this integration.
    Waived,
}

impl Evidence {
    pub fn as_str(self) -> &'static str {
        match self {
            Evidence::Missing => "missing",
            Evidence::Partial => "partial",
            Evidence::Full => "full",
            Evidence::Waived => "waived",
        }
    }

    /// Still needs evidence (missing or partial).
    pub fn lacking(self) -> bool {
        matches!(self, Evidence::Missing | Evidence::Partial)
    }
}

/// What gave a criterion its evidence.
#[derive(Debug, Clone, PartialEq)]
pub struct Support {
    /// The mapping rule's index; `None` when an analyst accepted fresh evidence.
    pub rule: Option<u16>,
    pub granted: Strength,
    pub date: Option<AwardDate>,
    pub source: Option<SourceRef>,
    pub downgrade: Option<Downgrade>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CriterionResult {
    /// The criterion's index in the plan (16 bits: there are millions of
    /// results at register scale, and a mapping has at most 65,535 criteria).
    pub criterion: u16,
    pub evidence: Evidence,
    pub support: Option<Support>,
}

/// Where an integration's workflows came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum WorkflowOrigin {
    Explicit,
    CertifiedList,
    SectorDefault,
    Unknown,
    /// The mapping defines no workflows: only criteria for every workflow apply.
    NotNeeded,
    /// An analyst named it, answering the confirm-workflow action.
    Analyst,
}

/// The outcome for one integration.
#[derive(Debug, Clone, PartialEq)]
pub struct Decision {
    /// Index into the register's integrations.
    pub integration: usize,
    /// Stable across runs: derived from the member and integration keys.
    pub id: String,
    pub workflows: Vec<usize>,
    pub workflow_origin: WorkflowOrigin,
    /// The certified-list entry that covers it, if any.
    pub certified: Option<usize>,
    /// The applicable criteria, in mapping order (allocated to size).
    pub criteria: Box<[CriterionResult]>,
    /// The analysts' decisions carried forward, by criterion index: rare, so
    /// kept here rather than in every result.
    pub analyst: Box<[(u16, AnalystDecision)]>,
    /// Its open actions: the one its status asks for first, then every
    /// other an analyst decided on its own row (so no decision is ever on
    /// no row), each with the decision in force on it.
    pub actions: Box<[ActionRow]>,
    pub status: Status,
    pub reason: String,
    /// Its MUST criteria counted: the one count every sheet, the JSON and
    /// the reason use.
    pub must: MustCounts,
}

/// An open action on an integration's Worklist and the decision in force
/// on it (its row's own, or its request's).
#[derive(Debug, Clone, PartialEq)]
pub struct ActionRow {
    pub action: OpenAction,
    pub decision: Option<AnalystDecision>,
}

/// An integration's applicable MUST criteria, counted once. A waived
/// criterion is neither met nor a gap: it is out of the total and counted
/// apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct MustCounts {
    /// With full evidence.
    pub met: u32,
    /// With partial evidence.
    pub partial: u32,
    /// Waived by an analyst.
    pub waived: u32,
    /// Applicable and not waived.
    pub total: u32,
}

impl MustCounts {
    /// Counts the MUST criteria among `results`.
    pub fn of(results: &[CriterionResult], plan: &Plan) -> MustCounts {
        let mut c = MustCounts::default();
        for r in results {
            if plan.criteria[usize::from(r.criterion)].level != RequirementLevel::Must {
                continue;
            }
            match r.evidence {
                Evidence::Waived => c.waived += 1,
                Evidence::Full => {
                    c.met += 1;
                    c.total += 1;
                }
                Evidence::Partial => {
                    c.partial += 1;
                    c.total += 1;
                }
                Evidence::Missing => c.total += 1,
            }
        }
        c
    }

    /// MUST criteria lacking full evidence.
    pub fn gaps(self) -> u32 {
        self.total - self.met
    }

    /// MUST criteria with no evidence at all.
    pub fn missing(self) -> u32 {
        self.total - self.met - self.partial
    }
}

impl Decision {
    /// MUST criteria lacking full evidence (a waived one is no gap).
    pub fn must_gaps<'a>(
        &'a self,
        plan: &'a Plan,
    ) -> impl Iterator<Item = &'a CriterionResult> + 'a {
        self.criteria.iter().filter(move |r| {
            plan.criteria[usize::from(r.criterion)].level == RequirementLevel::Must
                && r.evidence.lacking()
        })
    }

    /// The analyst's decision on a criterion, if one was carried forward.
    /// The decision in force on one of its open actions.
    pub fn on_action(&self, action: OpenAction) -> Option<&AnalystDecision> {
        self.actions
            .iter()
            .find(|a| a.action == action)
            .and_then(|a| a.decision.as_ref())
    }

    /// Each decision in force on its open actions.
    pub fn action_decisions(&self) -> impl Iterator<Item = (OpenAction, &AnalystDecision)> {
        self.actions
            .iter()
            .filter_map(|a| a.decision.as_ref().map(|d| (a.action, d)))
    }

    pub fn analyst(&self, criterion: u16) -> Option<&AnalystDecision> {
        self.analyst
            .iter()
            .find(|(c, _)| *c == criterion)
            .map(|(_, a)| a)
    }

    pub fn result(&self, criterion: usize) -> Option<&CriterionResult> {
        self.criteria
            .iter()
            .find(|r| usize::from(r.criterion) == criterion)
    }
}
