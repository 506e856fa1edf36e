//! The certified list's columns, read the way an analyst reads them: each
//! heading by the words it uses rather than one spelling ("Product
//! (provider)", "Certified since", "Found on ORCID's page"), then each
//! column's cells asked whether they agree, and a column no heading explains
//! given a role by what it holds: ORCID's category names are the workflow, a
//! column of one recent date beside older certification dates is the day the
//! list was checked. What was decided is a value ([`Columns`]) the run
//! prints, so a surprising reading shows.

use crate::ingest::dates::{parse_date, DayOrder};
use crate::ingest::flags::{read_flag, Flag};
use crate::ingest::header::{Candidate, HeaderSpec};
use crate::ingest::table::Row;
use crate::ingest::value::{column_letters, Value};
use crate::mapping::Plan;
use crate::text::identity_key;
use chrono::NaiveDate;

/// What a column of the list holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Col {
    Product,
    Vendor,
    Workflow,
    /// The release the certification is for ("7.3+").
    Version,
    CertifiedOn,
    LastReviewed,
    Expires,
    /// When the analyst found the product on ORCID's page of current
    /// providers: a date, or yes/no (still listed).
    CheckedOn,
    Aliases,
    Notes,
    /// A date whose kind the heading does not say ("Date"): its content
    /// decides.
    Date,
}

impl Col {
    pub fn describe(self) -> &'static str {
        match self {
            Col::Product => "product",
            Col::Vendor => "provider",
            Col::Workflow => "workflow",
            Col::Version => "version",
            Col::CertifiedOn => "certified on",
            Col::LastReviewed => "last reviewed",
            Col::Expires => "expires",
            Col::CheckedOn => "checked on",
            Col::Aliases => "aliases",
            Col::Notes => "notes",
            Col::Date => "a date",
        }
    }

    fn is_date(self) -> bool {
        matches!(
            self,
            Col::CertifiedOn | Col::LastReviewed | Col::Expires | Col::CheckedOn | Col::Date
        )
    }
}

/// Words, by what they make a heading mean, tried in this order: a heading
/// naming a product and its provider ("Product (provider)") is the product,
/// one naming a service provider is the provider.
const ALIAS_WORDS: &[&str] = &["alias", "aliases", "aka", "formerly", "abbreviation"];
const NOTE_WORDS: &[&str] = &[
    "note",
    "notes",
    "comment",
    "comments",
    "remark",
    "remarks",
    "description",
];
const EXPIRY_WORDS: &[&str] = &[
    "expires",
    "expiry",
    "expiration",
    "expiring",
    "until",
    "lapses",
];
const SINCE_WORDS: &[&str] = &["since"];
const CHECKED_WORDS: &[&str] = &[
    "checked",
    "copied",
    "retrieved",
    "accessed",
    "seen",
    "found",
    "verified",
    "captured",
    "downloaded",
    "taken",
    "listed",
    "confirmed",
    "snapshot",
    "fetched",
    "scraped",
    "visited",
    "noted",
    "looked",
];
const REVIEW_WORDS: &[&str] = &[
    "reviewed",
    "review",
    "recertified",
    "recertification",
    "renewed",
    "renewal",
    "revalidated",
];
const VERSION_WORDS: &[&str] = &["version", "versions", "release", "releases"];
const WORKFLOW_WORDS: &[&str] = &[
    "category",
    "categories",
    "workflow",
    "workflows",
    "type",
    "types",
    "kind",
    "area",
    "areas",
];
const CERTIFIED_WORDS: &[&str] = &[
    "certified",
    "certification",
    "certificate",
    "awarded",
    "granted",
    "approved",
    "accredited",
];
const VENDOR_WORDS: &[&str] = &[
    "provider",
    "providers",
    "vendor",
    "vendors",
    "company",
    "supplier",
    "suppliers",
    "developer",
    "maker",
    "manufacturer",
    "organisation",
    "organization",
    "owner",
    "publisher",
];
const PRODUCT_WORDS: &[&str] = &[
    "product",
    "products",
    "service",
    "services",
    "system",
    "systems",
    "software",
    "platform",
    "platforms",
    "tool",
    "tools",
    "solution",
    "solutions",
    "application",
    "applications",
    "name",
    "offering",
    "integration",
];
const DATE_WORDS: &[&str] = &["date", "dates", "when", "month", "year", "day"];

/// What a heading says its column holds, from its words; `None` when it
/// says nothing badgemap can use.
pub(super) fn meaning(heading: &str) -> Option<Col> {
    let key = identity_key(heading);
    let words: Vec<&str> = key.split(' ').filter(|w| !w.is_empty()).collect();
    if words.is_empty() {
        return None;
    }
    let has = |list: &[&str]| words.iter().any(|w| list.contains(w));
    let phrase = |p: &str| format!(" {key} ").contains(&format!(" {p} "));
    if has(ALIAS_WORDS) || phrase("also known as") || phrase("other names") {
        return Some(Col::Aliases);
    }
    if has(NOTE_WORDS) {
        return Some(Col::Notes);
    }
    if has(EXPIRY_WORDS) || has(&["next", "due"]) || phrase("valid to") {
        return Some(Col::Expires);
    }
    // "Re-certified on": a review, not the first certification.
    if phrase("re certified") || phrase("re certification") || phrase("re reviewed") {
        return Some(Col::LastReviewed);
    }
    if phrase("certified for") || phrase("certification type") {
        return Some(Col::Workflow);
    }
    if has(SINCE_WORDS) {
        return Some(Col::CertifiedOn);
    }
    if has(CHECKED_WORDS) || phrase("as of") || phrase("as at") || phrase("on orcid") {
        return Some(Col::CheckedOn);
    }
    if has(REVIEW_WORDS) {
        return Some(Col::LastReviewed);
    }
    if has(VERSION_WORDS) {
        return Some(Col::Version);
    }
    if has(WORKFLOW_WORDS) {
        return Some(Col::Workflow);
    }
    let names_product = words
        .iter()
        .any(|w| PRODUCT_WORDS.contains(w) && *w != "name");
    if has(CERTIFIED_WORDS) && !names_product {
        return Some(Col::CertifiedOn);
    }
    if has(&["product", "products"]) {
        return Some(Col::Product);
    }
    if has(VENDOR_WORDS) {
        return Some(Col::Vendor);
    }
    if has(PRODUCT_WORDS) {
        return Some(Col::Product);
    }
    if has(DATE_WORDS) {
        return Some(Col::Date);
    }
    None
}

/// The header search's spec for the list: a header names a product, or a
/// provider beside a category or a date, or three kinds of column.
pub(super) struct ListSpec<'p> {
    pub(super) plan: &'p Plan,
}

impl HeaderSpec for ListSpec<'_> {
    type Role = Col;

    fn role(&self, heading: &str) -> Option<Col> {
        // A long text is a sentence (a banner), not a heading; a date is a
        // value. A category's name heads a column of ticks (a matrix of
        // products by category), or is a category cell.
        let date = || parse_date(&Value::Text(heading.to_string()), DayOrder::DayFirst).is_ok();
        let sentence =
            heading.split_whitespace().count() > 6 || heading.trim_end().ends_with(['.', '!']);
        if heading.chars().count() > 60 || sentence || date() {
            return None;
        }
        if self.plan.workflow_named(heading).is_some() {
            return Some(Col::Workflow);
        }
        meaning(heading)
    }

    fn is_header(&self, roles: &[Col]) -> bool {
        let named = |c: Col| roles.binary_search(&c).is_ok();
        let dated = roles.iter().any(|c| c.is_date());
        named(Col::Product)
            || (named(Col::Vendor) && (named(Col::Workflow) || dated))
            || roles.iter().filter(|c| **c != Col::Notes).count() >= 3
    }
}

/// How a column's role was decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum How {
    Heading,
    /// By what the cells hold, said in words ("4 of 5 cells name ORCID's
    /// categories").
    Content(String),
}

/// One column the list is read by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    pub index: u32,
    pub heading: String,
    pub role: Col,
    pub how: How,
}

/// How the list's columns are read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Columns {
    pub columns: Vec<Column>,
    /// The product cells carry the provider in brackets ("Elements
    /// (Symplectic)"): the heading says so, or most cells are written so.
    pub vendor_in_brackets: bool,
    /// Columns a heading named but whose cells say otherwise: heading, why.
    pub dropped: Vec<(u32, String, String)>,
    /// Columns headed by a workflow's name whose cells tick the products
    /// certified for it (a matrix of products by category).
    pub ticks: Vec<(u32, usize)>,
}

impl Columns {
    pub fn col(&self, role: Col) -> Option<u32> {
        self.columns
            .iter()
            .find(|c| c.role == role)
            .map(|c| c.index)
    }

    /// One line per column, for the run's notice: `A "Product (provider)":
    /// product (the provider in brackets)`.
    pub fn describe(&self, plan: &Plan) -> String {
        let mut parts: Vec<String> = self
            .columns
            .iter()
            .filter(|c| c.role != Col::Notes)
            .map(|c| {
                let mut text = format!(
                    "{} {:?} as {}",
                    column_letters(c.index),
                    c.heading,
                    c.role.describe()
                );
                if c.role == Col::Product && self.vendor_in_brackets {
                    text.push_str(" (the provider in brackets)");
                }
                if let How::Content(why) = &c.how {
                    text.push_str(&format!(" ({why})"));
                }
                text
            })
            .collect();
        for &(index, w) in &self.ticks {
            if let Some(workflow) = plan.workflows.get(w) {
                parts.push(format!(
                    "{} as ticks for {}",
                    column_letters(index),
                    workflow.id
                ));
            }
        }
        for (index, heading, why) in &self.dropped {
            parts.push(format!(
                "{} {heading:?} not read ({why})",
                column_letters(*index)
            ));
        }
        parts.join("; ")
    }
}

/// What one column's cells hold, over the rows below the header.
#[derive(Debug, Default)]
struct Profile {
    filled: usize,
    /// Dates, and the dates themselves.
    dates: Vec<NaiveDate>,
    /// Yes or no words.
    flags: usize,
    /// Cells naming a workflow of the mapping.
    workflows: usize,
    /// Cells written `Name (Other)`.
    bracketed: usize,
}

impl Profile {
    fn of(rows: &[Row], col: u32, plan: &Plan, order: DayOrder) -> Profile {
        let mut p = Profile::default();
        for row in rows {
            let value = row.get(col);
            if value.is_blank() {
                continue;
            }
            p.filled += 1;
            if let Ok(parsed) = parse_date(value, order) {
                p.dates.push(parsed.date.date);
                continue;
            }
            if let Value::Text(t) = value {
                if matches!(read_flag(value, order), Flag::Yes(None) | Flag::No) {
                    p.flags += 1;
                } else if super::split_list(t)
                    .iter()
                    .all(|name| plan.workflow_named(name).is_some())
                {
                    p.workflows += 1;
                }
                let t = t.trim_end();
                if t.ends_with(')') && t.contains(" (") {
                    p.bracketed += 1;
                }
            }
        }
        p
    }

    /// Most filled cells (and at least one) are of this kind.
    fn mostly(&self, count: usize) -> bool {
        count > 0 && count * 5 >= self.filled * 3
    }

    /// Its dates lie within a month of each other.
    fn one_date(&self) -> bool {
        match (self.dates.iter().min(), self.dates.iter().max()) {
            (Some(a), Some(b)) => (*b - *a).num_days() <= 31,
            _ => false,
        }
    }
}

/// What reading the columns needs besides the rows: the mapping (its
/// workflow names), the date order, and the as-of date with the review
/// interval (a checked-on day is recent).
pub(super) struct Context<'a> {
    pub(super) plan: &'a Plan,
    pub(super) order: DayOrder,
    pub(super) as_of: NaiveDate,
    pub(super) months: u32,
}

/// Reads the columns of a header: roles by heading, checked against the
/// cells of `rows` (the rows below it), and roles by content for the rest.
pub(super) fn assign(candidate: &Candidate<Col>, rows: &[Row], ctx: &Context<'_>) -> Columns {
    let plan = ctx.plan;
    let mut out = Columns::default();
    let profiles: Vec<Profile> = (0..candidate.texts.len() as u32)
        .map(|c| Profile::of(rows, c, plan, ctx.order))
        .collect();
    let mut open: Vec<u32> = Vec::new();
    for (c, (text, label)) in candidate.texts.iter().enumerate() {
        let c = c as u32;
        let Some(profile) = profiles.get(c as usize) else {
            continue;
        };
        // A heading naming a workflow over yes/no cells: a tick per workflow.
        if let Some(w) = plan
            .workflow_named(text)
            .filter(|_| profile.mostly(profile.flags))
        {
            out.ticks.push((c, w));
            continue;
        }
        let role = ListSpec { plan }.role(text);
        match role {
            Some(Col::Date) | None if !text.trim().is_empty() || profile.filled > 0 => open.push(c),
            Some(role) if role.is_date() && profile.filled > 0 => {
                let readable = profile.dates.len()
                    + if role == Col::CheckedOn {
                        profile.flags
                    } else {
                        0
                    };
                if profile.mostly(readable) {
                    push(&mut out, c, label, role, How::Heading);
                } else {
                    let why = format!(
                        "{} of its {} cells are dates",
                        profile.dates.len(),
                        profile.filled
                    );
                    out.dropped.push((c, label.clone(), why));
                }
            }
            Some(Col::Workflow) if profile.filled > 0 && profile.workflows == 0 => {
                let why = "its cells name no workflow".to_string();
                out.dropped.push((c, label.clone(), why));
                open.push(c);
            }
            Some(role) => {
                if role == Col::Product && meaning_names_provider(text) {
                    out.vendor_in_brackets = true;
                }
                push(&mut out, c, label, role, How::Heading);
            }
            None => {}
        }
    }
    by_content(&mut out, &open, candidate, &profiles, ctx);
    if let Some(p) = out.col(Col::Product).and_then(|c| profiles.get(c as usize)) {
        if out.col(Col::Vendor).is_none() && p.mostly(p.bracketed) {
            out.vendor_in_brackets = true;
        }
    }
    out.columns.sort_by_key(|c| c.index);
    out
}

/// Gives the columns no heading explained a role by what they hold: a
/// workflow column, the day the list was checked (one recent date), the
/// certification date, and the product as the first column of names (or
/// the provider column, when it is the only one).
fn by_content(
    out: &mut Columns,
    open: &[u32],
    candidate: &Candidate<Col>,
    profiles: &[Profile],
    ctx: &Context<'_>,
) {
    let other_dates = |out: &Columns, profiles: &[Profile]| -> Option<NaiveDate> {
        out.columns
            .iter()
            .filter(|c| c.role.is_date() && c.role != Col::CheckedOn)
            .filter_map(|c| profiles.get(c.index as usize))
            .flat_map(|p| p.dates.iter().copied())
            .max()
    };
    // A day the list was checked lies within the review interval before the
    // as-of date (or a month after it).
    let recent = |d: NaiveDate| {
        let from = ctx
            .as_of
            .checked_sub_months(chrono::Months::new(ctx.months))
            .unwrap_or(ctx.as_of);
        d >= from && (d - ctx.as_of).num_days() <= 31
    };
    for &c in open {
        let (Some(p), Some((_, label))) =
            (profiles.get(c as usize), candidate.texts.get(c as usize))
        else {
            continue;
        };
        if p.filled == 0 || out.columns.iter().any(|k| k.index == c) {
            continue;
        }
        if p.mostly(p.workflows) && out.col(Col::Workflow).is_none() {
            let why = format!("{} of {} cells name workflows", p.workflows, p.filled);
            push(out, c, label, Col::Workflow, How::Content(why));
        } else if p.mostly(p.dates.len()) {
            let newest_other = other_dates(out, profiles);
            let oldest = p.dates.iter().min().copied();
            let after_others = match (newest_other, oldest) {
                (Some(other), Some(mine)) => mine >= other,
                _ => true,
            };
            let checked = p.dates.len() >= 2
                && p.one_date()
                && after_others
                && p.dates.iter().all(|d| recent(*d))
                && out.col(Col::CheckedOn).is_none();
            if checked {
                let why =
                    "one recent date on every row, as on the day the list was copied".to_string();
                push(out, c, label, Col::CheckedOn, How::Content(why));
            } else if out.col(Col::CertifiedOn).is_none() {
                let why = format!("{} of {} cells are dates", p.dates.len(), p.filled);
                push(out, c, label, Col::CertifiedOn, How::Content(why));
            } else {
                out.dropped
                    .push((c, label.clone(), "dates of no kind the heading says".into()));
            }
        }
    }
    if out.col(Col::Product).is_some() {
        return;
    }
    // The first column of names left: products are what the list lists.
    let first = open.iter().copied().find(|&c| {
        out.columns.iter().all(|k| k.index != c)
            && profiles
                .get(c as usize)
                .is_some_and(|p| p.filled > 0 && p.dates.is_empty() && p.workflows * 2 < p.filled)
    });
    if let (Some(c), Some((_, label))) =
        (first, first.and_then(|c| candidate.texts.get(c as usize)))
    {
        let why = "the first column of names".to_string();
        push(out, c, label, Col::Product, How::Content(why));
    } else if let Some(vendor) = out.columns.iter_mut().find(|k| k.role == Col::Vendor) {
        // "Certified Service Provider" over product names: the only column
        // of names is the products'.
        vendor.role = Col::Product;
        vendor.how = How::Content("the only column of names".to_string());
    }
}

/// Gives column `index` the role, unless another column has it: then it is
/// named among those not read.
fn push(out: &mut Columns, index: u32, label: &str, role: Col, how: How) {
    if let Some(first) = out.columns.iter().find(|c| c.role == role) {
        let why = format!(
            "a second {} column; {} {:?} is read",
            role.describe(),
            column_letters(first.index),
            first.heading
        );
        out.dropped.push((index, label.to_string(), why));
        return;
    }
    out.columns.push(Column {
        index,
        heading: label.to_string(),
        role,
        how,
    });
}

/// "Product (provider)": a product heading that also names the provider.
fn meaning_names_provider(heading: &str) -> bool {
    let key = identity_key(heading);
    key.split(' ').any(|w| VENDOR_WORDS.contains(&w))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_are_read_by_their_words() {
        let m = |h: &str| meaning(h);
        assert_eq!(m("Product (provider)"), Some(Col::Product));
        assert_eq!(m("Service Provider"), Some(Col::Vendor));
        assert_eq!(m("Certified service"), Some(Col::Product));
        assert_eq!(m("System"), Some(Col::Product));
        assert_eq!(m("Category"), Some(Col::Workflow));
        assert_eq!(m("Certified for"), Some(Col::Workflow));
        assert_eq!(m("Certification month"), Some(Col::CertifiedOn));
        assert_eq!(m("Certified since"), Some(Col::CertifiedOn));
        assert_eq!(m("Listed since"), Some(Col::CertifiedOn));
        assert_eq!(m("Last reviewed by ORCID"), Some(Col::LastReviewed));
        assert_eq!(m("Still listed?"), Some(Col::CheckedOn));
        assert_eq!(m("When checked"), Some(Col::CheckedOn));
        assert_eq!(m("Found on ORCID's page"), Some(Col::CheckedOn));
        assert_eq!(m("As of"), Some(Col::CheckedOn));
        assert_eq!(m("Valid until"), Some(Col::Expires));
        assert_eq!(m("Versions"), Some(Col::Version));
        assert_eq!(m("Also known as"), Some(Col::Aliases));
        assert_eq!(m("Date"), Some(Col::Date));
        assert_eq!(m("Re-certified on"), Some(Col::LastReviewed));
        assert_eq!(m("Next review"), Some(Col::Expires));
        assert_eq!(m("Review due"), Some(Col::Expires));
        assert_eq!(m("Provider type"), Some(Col::Workflow));
        assert_eq!(m("Colour"), None);
    }
}
