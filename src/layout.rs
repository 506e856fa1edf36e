//! The contract between the workbooks badgemap writes and the readers that
//! read them back: the hidden sheet that marks a workbook as badgemap's,
//! its markers and the layout version. It sits below both `ingest` and
//! `report`, so neither imports the other for it.

/// Name of the hidden sheet that marks a workbook as badgemap's.
pub const META_SHEET: &str = "badgemap";
/// First cell of the hidden sheet of a reconciled workbook.
pub const META_MARKER: &str = "badgemap reconciled workbook";
/// First cell of the hidden sheet of an intake template: its other rows
/// name the sheets that hold no records (`skip`, sheet, reason).
pub const TEMPLATE_MARKER: &str = "badgemap intake template";
/// The key of a template's rows that name a sheet ingest skips.
pub const SKIP_KEY: &str = "skip";
/// The hidden sheet's key for how many rows an analyst typed on (Worklist
/// rows, requests, rows of added columns) the workbook carries.
pub const ANALYST_WORK: &str = "analyst_work";
/// The hidden sheet's key for the sheets a table was continued on
/// (`Worklist (2); Worklist (3)`): a re-check joins only those, and takes
/// any other numbered sheet for a copy the analyst made.
pub const CONTINUED: &str = "continued";
/// The hidden sheet's key for the SHA-256 of the `--previous` workbook a
/// run was made from: `--force` over an untouched workbook made from the
/// same `--previous` keeps no backup (the run carries all it held).
pub const PREVIOUS_SHA256: &str = "previous_sha256";
/// Version of the reconciled workbook's layout, bumped when sheets or
/// columns that re-checks read change.
pub const LAYOUT_VERSION: u32 = 1;

/// The names of the sheets that a re-check reads back.
pub mod sheet {
    pub const INTEGRATIONS: &str = "Integrations";
    pub const CRITERIA: &str = "Criteria";
    pub const WORKLIST: &str = "Worklist";
    pub const REQUESTS: &str = "Requests";
    pub const MEMBERS: &str = "Members";
    pub const SOURCES: &str = "Sources";
}

/// The Worklist rows that are not a criterion: what to settle for an
/// integration in review, whether an integration without evidence still
/// exists, and which workflow an integration that must re-certify has when
/// none is known. Their decisions carry forward like a criterion's.
pub mod action {
    pub const SETTLE_REVIEW: &str = "settle-review";
    pub const CONFIRM_INTEGRATION: &str = "confirm-integration";
    pub const CONFIRM_WORKFLOW: &str = "confirm-workflow";

    /// Whether a Worklist criterion id is one of these.
    pub fn is_action(criterion: &str) -> bool {
        [SETTLE_REVIEW, CONFIRM_INTEGRATION, CONFIRM_WORKFLOW].contains(&criterion)
    }
}

/// Column headings that a re-check finds by text: the writer and the reader
/// both take them from here.
pub mod heading {
    pub const ID: &str = "ID";
    pub const MEMBER: &str = "Member";
    pub const INTEGRATION: &str = "Integration";
    pub const WORKFLOWS: &str = "Workflows";
    pub const STATUS: &str = "Status";
    pub const CRITERION: &str = "Criterion";
    pub const RECEIVED_ON: &str = "Evidence received on";
    pub const DECISION: &str = "Decision";
    pub const COMMENT: &str = "Comment";
    pub const SENT_ON: &str = "Sent on";
    pub const INTEGRATION_IDS: &str = "Integration IDs";
    pub const MUST_MET: &str = "MUST met";
    pub const MUST_TOTAL: &str = "MUST total";
    pub const FILE: &str = "File";
    pub const SHEET: &str = "Sheet";
    pub const CELL: &str = "Cell";
    /// The Worklist's column naming the request a row's decision comes from.
    pub const FROM_REQUEST: &str = "Decided on request";
    /// The Requests sheet's column saying how far a request is decided.
    pub const STATE: &str = "State";
}

/// Every column badgemap writes on the sheets analysts work in, in order: a
/// column of an earlier workbook not named here is the analyst's own and is
/// carried forward; one named here but missing was dropped or renamed.
pub mod columns {
    use super::heading::{
        COMMENT, CRITERION, DECISION, FROM_REQUEST, ID, INTEGRATION, INTEGRATION_IDS, MEMBER,
        RECEIVED_ON, SENT_ON, STATE,
    };

    pub const WORKLIST: [&str; 15] = [
        ID,
        MEMBER,
        INTEGRATION,
        "Product",
        "Vendor",
        "MUST gaps",
        CRITERION,
        "Title",
        "Level",
        "Current evidence",
        "Evidence request",
        RECEIVED_ON,
        DECISION,
        COMMENT,
        FROM_REQUEST,
    ];

    /// The Members sheet; its Contact column is the analyst's, carried
    /// forward like an added column.
    pub const MEMBERS: [&str; 6] = [
        MEMBER,
        "Integrations",
        "Statuses",
        "Open MUST gaps",
        "Open requests",
        CONTACT,
    ];

    pub const CONTACT: &str = "Contact";

    pub const REQUESTS: [&str; 15] = [
        ID,
        "Kind",
        "Addressee",
        "Vendor",
        CRITERION,
        "Title",
        "Level",
        "Evidence request",
        "Integrations",
        INTEGRATION_IDS,
        STATE,
        SENT_ON,
        RECEIVED_ON,
        DECISION,
        COMMENT,
    ];
}
