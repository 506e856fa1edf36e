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
    /// The integration's record id in the CRM (`Id`, `Integration__r.Id`).
    IntegrationId,
    Product,
    /// The product's release ("Product version": 5.28), not the ORCID API's.
    ProductVersion,
    /// The company behind the product; the product when no column names one.
    Vendor,
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
    /// A tracker's labels, one per cell, in columns often repeated
    /// (`badge-authenticate`, `publisher`): those naming a badge are awards;
    /// the others are other labels.
    BadgeTags,
    HighestAchievement,
    Stage,
    Inactive,
    /// The opposite of `Inactive`.
    Active,
    ApiVersion,
    Notes,
    /// The name of the row's own CRM record (`Name`): the integration when
    /// another column names the member, else the member. Resolved by the
    /// table; never left on a column.
    RecordName,
    /// The id of the row's own CRM record (`Id`), resolved like `RecordName`.
    RecordId,
    /// Wide layout: yes/no (or a date) for one badge.
    BadgeColumn(BadgeId),
    /// Wide layout: the award date of one badge.
    BadgeDate(BadgeId),
}

impl Role {
    /// Every role a column can be given by name (in a hints file), the ones
    /// of each badge aside: all but the record's name and id, which a table
    /// resolves.
    pub const NAMED: [Role; 24] = [
        Role::Member,
        Role::MemberId,
        Role::Integration,
        Role::IntegrationId,
        Role::Product,
        Role::ProductVersion,
        Role::Vendor,
        Role::Sector,
        Role::Workflow,
        Role::Country,
        Role::Consortium,
        Role::Badge,
        Role::BadgeStatus,
        Role::AwardDate,
        Role::Level,
        Role::AwardedFlag,
        Role::Achievements,
        Role::BadgeTags,
        Role::HighestAchievement,
        Role::Stage,
        Role::Inactive,
        Role::Active,
        Role::ApiVersion,
        Role::Notes,
    ];

    /// A role a table can hold in several columns; for the others the first
    /// column wins and later ones are reported.
    pub fn repeatable(self) -> bool {
        matches!(self, Role::Notes | Role::BadgeTags)
    }

    /// Columns whose presence makes a row a badge record.
    pub fn carries_badges(self) -> bool {
        matches!(
            self,
            Role::Badge
                | Role::Level
                | Role::Achievements
                | Role::BadgeTags
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
            "companyname",
            "associatedcompany",
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
            "associatedcompanyid",
            "primaryassociatedcompanyid",
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
        Role::IntegrationId,
        &["integrationid", "systemid", "applicationid", "clientid"],
    ),
    (
        Role::Product,
        &[
            "product",
            "vendorproduct",
            "software",
            "vendorsystem",
            "productname",
            "vendorplatform",
            "softwareproduct",
        ],
    ),
    (
        Role::ProductVersion,
        &[
            "productversion",
            "softwareversion",
            "systemversion",
            "release",
            "productrelease",
            "softwarerelease",
            "installedversion",
            "versioninstalled",
            "currentversion",
            "versionofproduct",
            "versionofsoftware",
        ],
    ),
    (
        Role::Vendor,
        &[
            "vendor",
            "vendorname",
            "systemvendor",
            "supplier",
            "serviceprovider",
            "provider",
            "developer",
            "manufacturer",
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
    // Jira writes a custom field's heading `Custom field (Member organisation)`.
    if let Some(inner) = header
        .trim()
        .strip_prefix("Custom field (")
        .and_then(|h| h.strip_suffix(')'))
    {
        return recognise(inner, vocab);
    }
    if let Some(path) = relationship_path(header) {
        return path.role();
    }
    let key = compact_key(header);
    if key.is_empty() {
        return None;
    }
    match key.as_str() {
        // A record's own name; a tracker's task or issue title.
        "name" | "recordname" | "summary" | "taskname" | "cardname" | "itemname" => {
            return Some(Role::RecordName)
        }
        "id" | "recordid" => return Some(Role::RecordId),
        _ => {}
    }
    if let Some(role) = alias_role(&key) {
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

fn alias_role(key: &str) -> Option<Role> {
    static BY_ALIAS: std::sync::LazyLock<std::collections::HashMap<&'static str, Role>> =
        std::sync::LazyLock::new(|| {
            let mut map = std::collections::HashMap::new();
            for (role, aliases) in ALIASES {
                for alias in *aliases {
                    map.entry(*alias).or_insert(*role);
                }
            }
            map
        });
    BY_ALIAS.get(key).copied()
}

/// The text is a heading naming a member column (`Member`, `Account Name`,
/// `Name`): a header row's cell, never a member's name.
pub fn names_member_column(text: &str) -> bool {
    text.len() <= 40 && matches!(alias_role(&compact_key(text)), Some(Role::Member))
        || relationship_path(text).and_then(PathField::role) == Some(Role::Member)
}

/// A CRM field path through related records, as Salesforce reports and Data
/// Loader write them (`Organization__r.Name`, `Account.Name`,
/// `Integration__r.Organization__r.Name`, `Account.BillingCountry`): the last
/// object names whose field it is, the field says which of its fields.
/// `None` when the header is not such a path.
fn relationship_path(header: &str) -> Option<PathField> {
    let parts: Vec<&str> = header.trim().split('.').collect();
    let [.., object, field] = parts.as_slice() else {
        return None;
    };
    // API names, or labels as Zoho writes them (`Account Name.id`).
    let is_name = |p: &&str| {
        let p = p.trim();
        p.chars().next().is_some_and(char::is_alphabetic)
            && p.chars()
                .all(|c| c.is_alphanumeric() || c == '_' || c == ' ')
    };
    if !parts.iter().all(is_name) {
        return None;
    }
    let object = object
        .strip_suffix("__r")
        .or_else(|| object.strip_suffix("__R"))
        .unwrap_or(object);
    let owner = alias_role(&compact_key(object)).filter(|r| {
        matches!(
            r,
            Role::Member | Role::Integration | Role::Product | Role::Vendor | Role::Consortium
        )
    });
    let field_key = compact_key(field);
    let role = match field_key.as_str() {
        "name" => owner,
        "id" => owner.and_then(Role::id_of),
        _ => alias_role(&field_key).filter(|r| !matches!(r, Role::Member | Role::Integration)),
    };
    Some(role.map_or(PathField::Unused, PathField::Used))
}

/// A relationship path's field: one badgemap reads, or one it does not
/// (`Owner.Name`), which no label alias may claim.
enum PathField {
    Used(Role),
    Unused,
}

impl PathField {
    fn role(self) -> Option<Role> {
        match self {
            PathField::Used(role) => Some(role),
            PathField::Unused => None,
        }
    }
}

impl Role {
    /// The id role of a record whose name has this role.
    pub fn id_of(self) -> Option<Role> {
        match self {
            Role::Member | Role::MemberId => Some(Role::MemberId),
            Role::Integration | Role::IntegrationId => Some(Role::IntegrationId),
            _ => None,
        }
    }
}

/// A Salesforce record id: 15 characters, or 18 with a three-letter
/// checksum, letters and digits, at least one digit. Such a cell is never a
/// name.
pub fn is_record_id(text: &str) -> bool {
    let text = text.trim();
    let alnum = text.chars().all(|c| c.is_ascii_alphanumeric());
    let digit = text.chars().any(|c| c.is_ascii_digit());
    let checksum_ok = |t: &str| {
        t.chars()
            .skip(15)
            .all(|c| c.is_ascii_uppercase() || ('0'..='5').contains(&c))
    };
    alnum && digit && (text.len() == 15 || (text.len() == 18 && checksum_ok(text)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn salesforce_relationship_paths_name_the_related_record() {
        let v = crate::vocab::tests::builtin();
        let r = |h| recognise(h, &v);
        assert_eq!(r("Organization__r.Name"), Some(Role::Member));
        assert_eq!(r("Account.Name"), Some(Role::Member));
        assert_eq!(r("Integration__r.Organization__r.Name"), Some(Role::Member));
        assert_eq!(r("Integration__r.Name"), Some(Role::Integration));
        assert_eq!(r("Product__r.Name"), Some(Role::Product));
        assert_eq!(r("Vendor__r.Name"), Some(Role::Vendor));
        assert_eq!(r("Organization__r.Id"), Some(Role::MemberId));
        assert_eq!(r("Integration__r.Id"), Some(Role::IntegrationId));
        assert_eq!(r("Account.BillingCountry"), Some(Role::Country));
        assert_eq!(r("Integration__r.Level__c"), Some(Role::Level));
        assert_eq!(r("Owner.Name"), None);
        assert_eq!(r("Name"), Some(Role::RecordName));
        assert_eq!(r("Id"), Some(Role::RecordId));
        assert_eq!(r("Account Name.id"), Some(Role::MemberId));
        // A dotted label reads the same either way.
        assert_eq!(r("Org. name"), Some(Role::Member));
    }

    #[test]
    fn record_ids_are_told_from_names() {
        assert!(is_record_id("0011r00002AbCdEAAV"));
        assert!(is_record_id("0011r00002AbCdE"));
        assert!(!is_record_id("0011r00002AbCdEaav"));
        assert!(!is_record_id("University of Northmoor"));
        assert!(!is_record_id("Northmoorcollege"));
    }

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
        assert_eq!(recognise("Vendor", &v), Some(Role::Vendor));
        assert_eq!(recognise("Product", &v), Some(Role::Product));
        assert_eq!(recognise("", &v), None);
    }
}
