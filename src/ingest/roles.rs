//! What each column of a table is for, recognised from its header text.
//!
//! The aliases cover the CRM's API field names (`Level__c`), their labels, and
//! the headings consortium spreadsheets use. Badge columns of the wide layout are
//! recognised through the badge vocabulary, not listed here.

use crate::text::compact_key;
use crate::vocab::{BadgeId, Vocabulary};
use serde::Serialize;

/// The role of one column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Member,
    MemberId,
    Integration,
    Product,
    Sector,
    Workflow,
    Country,
    Consortium,
    /// Long layout: the badge of this row's award.
    Badge,
    BadgeStatus,
    AwardDate,
    /// One cumulative level, expanded through the ladder.
    Level,
    /// Gates the row's level, badge or highest achievement; a date counts as yes.
    AwardedFlag,
    /// `DISPLAY:Awarded;AUTHENTICATE:Awarded`
    Achievements,
    HighestAchievement,
    Stage,
    Inactive,
    /// The opposite of `Inactive`.
    Active,
    ApiVersion,
    Notes,
    /// Wide layout: yes/no (or a date) for one badge.
    BadgeColumn(BadgeId),
    /// Wide layout: the award date of one badge.
    BadgeDate(BadgeId),
}

impl Role {
    /// A role a table can hold in several columns; for the others the first
    /// column wins and later ones are reported.
    pub fn repeatable(self) -> bool {
        matches!(self, Role::Notes)
    }

    /// Columns whose presence makes a row a badge record.
    pub fn carries_badges(self) -> bool {
        matches!(
            self,
            Role::Badge
                | Role::Level
                | Role::Achievements
                | Role::HighestAchievement
                | Role::BadgeColumn(_)
        )
    }

    pub fn describe(self, vocab: &Vocabulary) -> String {
        match self {
            Role::BadgeColumn(b) => format!("badge: {}", vocab.badge(b).label),
            Role::BadgeDate(b) => format!("award date: {}", vocab.badge(b).label),
            other => serde_json::to_value(other)
                .ok()
                .and_then(|v| v.as_str().map(|s| s.replace('_', " ")))
                .unwrap_or_default(),
        }
    }
}

/// Header aliases, compared after [`compact_key`] (case, spacing, punctuation
/// and a `__c` suffix ignored).
const ALIASES: &[(Role, &[&str])] = &[
    (
        Role::Member,
        &[
            "member",
            "membername",
            "memberorganisation",
            "memberorganization",
            "memberorg",
            "organisation",
            "organization",
            "organisationname",
            "organizationname",
            "org",
            "orgname",
            "institution",
            "institutionname",
            "account",
            "accountname",
            "membercompany",
            "company",
            "customer",
        ],
    ),
    (
        Role::MemberId,
        &[
            "memberid",
            "accountid",
            "orcidmemberid",
            "memberidentifier",
            "salesforceid",
            "ringgold",
            "ringgoldid",
            "orgid",
        ],
    ),
    (
        Role::Integration,
        &[
            "integration",
            "integrationname",
            "system",
            "systemname",
            "application",
            "applicationname",
            "service",
            "servicename",
            "clientname",
            "client",
            "platform",
            "installation",
            "deployment",
        ],
    ),
    (
        Role::Product,
        &[
            "product",
            "vendorproduct",
            "vendor",
            "software",
            "vendorsystem",
            "productname",
            "systemvendor",
            "vendorplatform",
            "serviceprovider",
            "provider",
        ],
    ),
    (
        Role::Sector,
        &[
            "sector",
            "membertype",
            "organisationtype",
            "organizationtype",
            "orgtype",
            "type",
            "industry",
            "accounttype",
        ],
    ),
    (
        Role::Workflow,
        &[
            "workflow",
            "workflows",
            "systemtype",
            "integrationtype",
            "category",
            "usecase",
            "workflowtype",
            "cspworkflow",
        ],
    ),
    (
        Role::Country,
        &[
            "country",
            "billingcountry",
            "countrycode",
            "membercountry",
            "nation",
        ],
    ),
    (
        Role::Consortium,
        &[
            "consortium",
            "consortiumlead",
            "consortiumname",
            "consortia",
            "parentaccount",
            "parentorg",
            "consortiumhub",
        ],
    ),
    (
        Role::Badge,
        &[
            "badge",
            "badgename",
            "badgetype",
            "achievement",
            "achievementname",
            "achievementbadge",
        ],
    ),
    (
        Role::BadgeStatus,
        &["status", "badgestatus", "achievementstatus", "awardstatus"],
    ),
    (
        Role::AwardDate,
        &[
            "date",
            "awardedon",
            "awarddate",
            "dateawarded",
            "badgedate",
            "awardeddate",
            "dateofaward",
            "achievementdate",
            "awardedat",
            "datebadgeawarded",
        ],
    ),
    (
        Role::Level,
        &[
            "level",
            "badgelevel",
            "cclevel",
            "collectconnectlevel",
            "collectandconnectlevel",
        ],
    ),
    (
        Role::AwardedFlag,
        &[
            "awarded",
            "badgeawarded",
            "isawarded",
            "awardedflag",
            "levelawarded",
        ],
    ),
    (
        Role::Achievements,
        &[
            "achievements",
            "badges",
            "achievementlist",
            "badgesawarded",
            "awards",
            "badgelist",
            "awardedbadges",
        ],
    ),
    (
        Role::HighestAchievement,
        &[
            "highestachievement",
            "highestbadge",
            "toplevel",
            "highestlevel",
        ],
    ),
    (
        Role::Stage,
        &[
            "stage",
            "integrationstage",
            "reviewstage",
            "integrationstatus",
        ],
    ),
    (
        Role::Inactive,
        &["inactive", "isinactive", "deactivated", "retired"],
    ),
    (Role::Active, &["active", "isactive"]),
    (
        Role::ApiVersion,
        &["apiversion", "orcidapiversion", "version", "api"],
    ),
    (
        Role::Notes,
        &["notes", "note", "comments", "comment", "remarks", "remark"],
    ),
];

/// Suffixes that turn a badge name into that badge's date column
/// ("Collect date", "Display awarded on").
const BADGE_DATE_SUFFIXES: &[&str] = &["date", "awarded", "awardedon", "awarddate", "on"];

/// The role a header names, if any.
pub fn recognise(header: &str, vocab: &Vocabulary) -> Option<Role> {
    let key = compact_key(header);
    if key.is_empty() {
        return None;
    }
    if let Some(role) = ALIASES
        .iter()
        .find(|(_, aliases)| aliases.contains(&key.as_str()))
        .map(|(role, _)| *role)
    {
        return Some(role);
    }
    if let Some(badge) = vocab.badge_exact(header) {
        return Some(Role::BadgeColumn(badge));
    }
    for suffix in BADGE_DATE_SUFFIXES {
        if let Some(stem) = key.strip_suffix(suffix) {
            if let Some(badge) = vocab.badge_exact(stem) {
                return Some(Role::BadgeDate(badge));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crm_api_names_and_labels() {
        let v = crate::vocab::tests::builtin();
        assert_eq!(recognise("Level__c", &v), Some(Role::Level));
        assert_eq!(recognise("BadgeAwarded__c", &v), Some(Role::AwardedFlag));
        assert_eq!(
            recognise("Highest_Achievement__c", &v),
            Some(Role::HighestAchievement)
        );
        assert_eq!(recognise("Integration_Stage__c", &v), Some(Role::Stage));
        assert_eq!(recognise("inactive__c", &v), Some(Role::Inactive));
        assert_eq!(recognise("Member Organisation", &v), Some(Role::Member));
        assert_eq!(recognise("API version", &v), Some(Role::ApiVersion));
    }

    #[test]
    fn badge_columns_and_their_dates() {
        let v = crate::vocab::tests::builtin();
        let display = v.badge_exact("display").unwrap();
        assert_eq!(recognise("DISPLAY", &v), Some(Role::BadgeColumn(display)));
        assert_eq!(
            recognise("ORCiD Display", &v),
            Some(Role::BadgeColumn(display))
        );
        assert_eq!(
            recognise("Display date", &v),
            Some(Role::BadgeDate(display))
        );
        assert_eq!(recognise("Contact", &v), None);
        assert_eq!(recognise("", &v), None);
    }
}
