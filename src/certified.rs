//! The certified-provider list: which vendor products hold CSP certification,
//! for which workflows, since when and until when. Read from CSV or a workbook
//! (first sheet with a table), matched to integrations by product name.

#![cfg_attr(not(test), deny(clippy::indexing_slicing))]

use crate::ingest::dates::{parse_date, DayOrder};
use crate::ingest::header::{find_header, HeaderRow};
use crate::ingest::table::Row;
use crate::ingest::value::a1;
use crate::ingest::{whole, FileError};
use crate::issue::{Issue, Severity};
use crate::mapping::Plan;
use crate::text::identity_key;
use chrono::{Months, NaiveDate};
use std::path::Path;

/// One certified product (one row of the list).
#[derive(Debug, Clone, PartialEq)]
pub struct CertifiedProduct {
    pub product: String,
    pub vendor: String,
    /// Indices into the plan's workflows.
    pub workflows: Vec<usize>,
    pub certified_on: Option<NaiveDate>,
    /// When ORCID last reviewed the certification.
    pub last_reviewed: Option<NaiveDate>,
    pub expires: Option<NaiveDate>,
    /// When the analyst copied ORCID's public list, which holds only current
    /// providers: the product was current on that date.
    pub checked_on: Option<NaiveDate>,
    pub aliases: Vec<String>,
    /// `file › A5`, for reports.
    pub source: String,
}

/// The date a certification's currency was judged from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Basis {
    /// The list's explicit expiry date.
    Expires(NaiveDate),
    /// The day the analyst checked ORCID's list of current providers.
    CheckedOn(NaiveDate),
    /// ORCID's last review of the certification.
    Reviewed(NaiveDate),
    CertifiedOn(NaiveDate),
    /// No date at all: taken as current.
    Undated,
}

impl std::fmt::Display for Basis {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Basis::Expires(d) => write!(f, "valid until {d}"),
            Basis::CheckedOn(d) => write!(f, "on ORCID's list as checked on {d}"),
            Basis::Reviewed(d) => write!(f, "reviewed {d}"),
            Basis::CertifiedOn(d) => write!(f, "certified {d}"),
            Basis::Undated => write!(f, "no date given, taken as current"),
        }
    }
}

/// Whether a certification holds at a date, and why not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Currency {
    Current(Basis),
    NotYet(NaiveDate),
    Expired(NaiveDate),
    /// The review interval ran out after `last`.
    ReviewOverdue {
        last: Basis,
        due: NaiveDate,
    },
}

impl CertifiedProduct {
    /// Is the certification current at `as_of`? An explicit expiry date wins;
    /// otherwise the latest of checked on, last reviewed and certified on,
    /// plus the mapping's review interval.
    pub fn currency(&self, as_of: NaiveDate, review_interval_months: Option<u32>) -> Currency {
        if let Some(since) = self.certified_on.filter(|d| *d > as_of) {
            return Currency::NotYet(since);
        }
        if let Some(expires) = self.expires {
            return if as_of <= expires {
                Currency::Current(Basis::Expires(expires))
            } else {
                Currency::Expired(expires)
            };
        }
        let latest = [
            self.checked_on.map(Basis::CheckedOn),
            self.last_reviewed.map(Basis::Reviewed),
            self.certified_on.map(Basis::CertifiedOn),
        ]
        .into_iter()
        .flatten()
        .max_by_key(|b| (b.date(), std::cmp::Reverse(b.rank())));
        let Some(last) = latest else {
            return Currency::Current(Basis::Undated);
        };
        let due = review_interval_months
            .and_then(|months| last.date()?.checked_add_months(Months::new(months)));
        match due {
            Some(due) if as_of > due => Currency::ReviewOverdue { last, due },
            _ => Currency::Current(last),
        }
    }

    /// The workflow ids it is certified for, for messages.
    pub fn workflow_ids<'p>(&self, plan: &'p Plan) -> Vec<&'p str> {
        self.workflows
            .iter()
            .filter_map(|&w| plan.workflows.get(w))
            .map(|w| w.id.as_str())
            .collect()
    }

    pub fn names(&self) -> impl Iterator<Item = &String> {
        std::iter::once(&self.product).chain(&self.aliases)
    }
}

impl Basis {
    pub fn date(self) -> Option<NaiveDate> {
        match self {
            Basis::Expires(d)
            | Basis::CheckedOn(d)
            | Basis::Reviewed(d)
            | Basis::CertifiedOn(d) => Some(d),
            Basis::Undated => None,
        }
    }

    /// Which of two bases on one day is named: checked, then reviewed.
    fn rank(self) -> u8 {
        match self {
            Basis::CheckedOn(_) => 0,
            Basis::Reviewed(_) => 1,
            Basis::CertifiedOn(_) => 2,
            Basis::Expires(_) | Basis::Undated => 3,
        }
    }
}

/// The list, with the problems found reading it.
#[derive(Debug, Clone, Default)]
pub struct CertifiedList {
    pub products: Vec<CertifiedProduct>,
    pub issues: Vec<Issue>,
    /// The file as given, when one was read.
    pub path: Option<String>,
}

impl CertifiedList {
    /// Every entry (with its index) whose product name or alias matches, in
    /// list order.
    pub fn matching(&self, product: &str) -> Vec<(usize, &CertifiedProduct)> {
        let key = identity_key(product);
        if key.is_empty() {
            return Vec::new();
        }
        self.products
            .iter()
            .enumerate()
            .filter(|(_, p)| p.names().any(|n| identity_key(n) == key))
            .collect()
    }
}

/// A certified-provider list that cannot be used at all.
#[derive(Debug, thiserror::Error)]
pub enum CertifiedError {
    #[error("certified-provider list {path}: {source}")]
    File { path: String, source: FileError },
    #[error("certified-provider list {path}: no header row with a product column (such as 'Product') in any sheet")]
    NoTable { path: String },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Col {
    Product,
    Vendor,
    Workflow,
    CertifiedOn,
    LastReviewed,
    Expires,
    CheckedOn,
    Aliases,
}

const HEADINGS: &[(Col, &[&str])] = &[
    (
        Col::Product,
        &[
            "product",
            "productname",
            "system",
            "software",
            "service",
            "platform",
        ],
    ),
    (
        Col::Vendor,
        &[
            "vendor",
            "company",
            "provider",
            "serviceprovider",
            "organisation",
            "organization",
        ],
    ),
    (
        Col::Workflow,
        &[
            "workflow",
            "workflows",
            "category",
            "certifiedfor",
            "workflowcategory",
            "type",
        ],
    ),
    (
        Col::CertifiedOn,
        &[
            "certifiedon",
            "certified",
            "certificationdate",
            "datecertified",
            "since",
            "certifiedsince",
            "certificationmonth",
            "certifiedin",
        ],
    ),
    (
        Col::LastReviewed,
        &[
            "lastreviewed",
            "reviewed",
            "lastreview",
            "reviewdate",
            "recertified",
            "lastrecertified",
            "lastreviewedbyorcid",
            "orcidreview",
            "orcidlastreviewed",
        ],
    ),
    (
        Col::CheckedOn,
        &[
            "checkedon",
            "checked",
            "lastchecked",
            "datechecked",
            "listchecked",
            "listcheckedon",
            "verifiedon",
            "lastverified",
            "copiedon",
            "retrievedon",
            "retrieved",
            "accessedon",
            "seenon",
            "asof",
        ],
    ),
    (
        Col::Expires,
        &[
            "expires",
            "expiry",
            "expirydate",
            "expireson",
            "validuntil",
            "until",
        ],
    ),
    (
        Col::Aliases,
        &["aliases", "alias", "alsoknownas", "othernames", "formerly"],
    ),
];

/// Reads a certified-provider list file.
pub fn load(path: &Path, plan: &Plan, order: DayOrder) -> Result<CertifiedList, CertifiedError> {
    let display = path.display().to_string();
    let file_error = |source| CertifiedError::File {
        path: display.clone(),
        source,
    };
    let file = whole::read_whole(path).map_err(file_error)?;
    let mut list = file
        .sheets
        .iter()
        .find_map(|sheet| parse_rows(&sheet.rows, &display, plan, order))
        .ok_or(CertifiedError::NoTable {
            path: display.clone(),
        })?;
    for notice in file.notices {
        list.issues
            .push(Issue::new(Severity::Notice, &display, notice).action("file read"));
    }
    for sheet in &file.sheets {
        if let Some(e) = &sheet.failure {
            list.issues.push(
                Issue::new(
                    Severity::Warning,
                    &display,
                    format!("reading stopped part-way through the sheet: {e}"),
                )
                .sheet(sheet.name.as_deref())
                .action("rows before the fault were kept; re-save the file and run again"),
            );
        }
    }
    Ok(list)
}

/// Builds the list from rows; `None` when no header names a product column.
pub fn parse_rows(rows: &[Row], file: &str, plan: &Plan, order: DayOrder) -> Option<CertifiedList> {
    let header = find_header(rows, HEADINGS, &[Col::Product])?;
    let mut list = CertifiedList {
        path: Some(file.to_string()),
        ..CertifiedList::default()
    };
    if let Some(issue) = rows_above(rows, &header, file) {
        list.issues.push(issue);
    }
    for row in rows.iter().skip(header.at + 1) {
        let mut line = ListRow {
            row,
            header: &header,
            file,
            issues: &mut list.issues,
        };
        if let Some(product) = line.product(plan, order) {
            list.products.push(product);
        }
    }
    Some(list)
}

/// A warning when rows above the header look like products (two values or
/// more, not a `Label:` line): a list in blocks whose later header names
/// more columns is read from that header on.
fn rows_above(rows: &[Row], header: &HeaderRow<Col>, file: &str) -> Option<Issue> {
    let looks_like_data = |r: &&Row| {
        let filled: Vec<String> = r
            .cells
            .iter()
            .filter(|v| !v.is_blank())
            .map(crate::ingest::value::Value::display)
            .collect();
        filled.len() >= 2 && !filled.first().is_some_and(|f| f.trim_end().ends_with(':'))
    };
    let above = rows.iter().take(header.top).filter(looks_like_data).count();
    let at = rows.get(header.top)?;
    (above > 0).then(|| {
        Issue::new(
            Severity::Warning,
            file,
            format!(
                "{above} rows above the header in row {} were not read as products",
                at.index + 1
            ),
        )
        .cell(a1(at.index, 0))
        .action("if they are products under an earlier header, give the list one header row")
    })
}

/// One row under the certified list's header, and where its issues go.
struct ListRow<'a> {
    row: &'a Row,
    header: &'a HeaderRow<Col>,
    file: &'a str,
    issues: &'a mut Vec<Issue>,
}

impl ListRow<'_> {
    fn text(&self, which: Col) -> String {
        self.header
            .col(which)
            .map(|c| self.row.get(c).display())
            .unwrap_or_default()
    }

    /// The product the row names; `None`, with a notice or a warning, for
    /// a footer or total line, or a row without a product name.
    fn product(&mut self, plan: &Plan, order: DayOrder) -> Option<CertifiedProduct> {
        let (row, file) = (self.row, self.file);
        let product_col = self.header.col(Col::Product).unwrap_or(0);
        if let Some(kind) = not_a_product(row) {
            self.issues.push(
                Issue::new(
                    Severity::Notice,
                    file,
                    format!("not a certified product: {kind}"),
                )
                .cell(a1(row.index, first_filled(row)))
                .value(&row.get(first_filled(row)).display())
                .action("row not read as a product"),
            );
            return None;
        }
        let product = self.text(Col::Product);
        if product.is_empty() {
            if !row.is_blank() {
                self.issues.push(
                    Issue::new(
                        Severity::Warning,
                        file,
                        "certified-provider row without a product name",
                    )
                    .cell(a1(row.index, product_col))
                    .action("row ignored; fill in the product"),
                );
            }
            return None;
        }
        // The dates' issues come before the workflows'.
        let certified_on = self.date(Col::CertifiedOn, order);
        let last_reviewed = self.date(Col::LastReviewed, order);
        let expires = self.date(Col::Expires, order);
        let checked_on = self.date(Col::CheckedOn, order);
        Some(CertifiedProduct {
            vendor: self.text(Col::Vendor),
            aliases: split_list(&self.text(Col::Aliases)),
            source: crate::model::Location {
                file: file.to_string(),
                sheet: None,
                cell: Some(a1(row.index, product_col)),
            }
            .to_string(),
            workflows: self.workflows(plan, &product),
            certified_on,
            last_reviewed,
            expires,
            checked_on,
            product,
        })
    }

    /// The date in column `which`, or a warning naming its cell when it is none.
    fn date(&mut self, which: Col, order: DayOrder) -> Option<NaiveDate> {
        let c = self.header.col(which)?;
        let value = self.row.get(c);
        if value.is_blank() {
            return None;
        }
        match parse_date(value, order) {
            Ok(p) => Some(p.date.date),
            Err(e) => {
                self.issues.push(
                    Issue::new(
                        Severity::Warning,
                        self.file,
                        format!("{e} in the certified-provider list"),
                    )
                    .cell(a1(self.row.index, c))
                    .value(&value.display())
                    .action("date ignored; write it as YYYY-MM-DD"),
                );
                None
            }
        }
    }

    /// The workflows the product is certified for, each once; an unknown
    /// name is an error naming the ones the mapping knows.
    fn workflows(&mut self, plan: &Plan, product: &str) -> Vec<usize> {
        let mut workflows = Vec::new();
        let Some(c) = self.header.col(Col::Workflow) else {
            return workflows;
        };
        for name in split_list(&self.row.get(c).display()) {
            match plan.workflow_named(&name) {
                Some(w) if !workflows.contains(&w) => workflows.push(w),
                Some(_) => {}
                None => self.issues.push(
                    Issue::new(
                        Severity::Error,
                        self.file,
                        format!(
                            "unknown workflow {name:?} for {product}; the mapping knows {}",
                            plan.workflow_names()
                        ),
                    )
                    .cell(a1(self.row.index, c))
                    .value(&name)
                    .action("this workflow ignored for the product; write one of those names, or add the name as an alias of a workflow in the mapping"),
                ),
            }
        }
        workflows
    }
}

/// A footer, total or lone title line under the list's header, as registers
/// have them (`ingest::lines`).
fn not_a_product(row: &Row) -> Option<&'static str> {
    use crate::ingest::lines::{is_footer_text, is_total_label};
    let mut filled = row.cells.iter().filter(|v| !v.is_blank());
    let first = filled.next()?.display();
    let lone = filled.next().is_none();
    if is_footer_text(&first) && lone {
        Some("footer line")
    } else if is_total_label(&first) {
        Some("total row")
    } else {
        None
    }
}

fn first_filled(row: &Row) -> u32 {
    row.cells.iter().position(|v| !v.is_blank()).unwrap_or(0) as u32
}

fn split_list(text: &str) -> Vec<String> {
    text.split([';', ',', '|', '\n'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn product(certified: &str, reviewed: Option<&str>, expires: Option<&str>) -> CertifiedProduct {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        CertifiedProduct {
            product: "Elements".into(),
            vendor: String::new(),
            workflows: vec![0],
            certified_on: Some(d(certified)),
            last_reviewed: reviewed.map(d),
            expires: expires.map(d),
            checked_on: None,
            aliases: vec!["Symplectic Elements".into()],
            source: String::new(),
        }
    }

    fn at(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn currency_follows_expiry_then_review_interval() {
        let p = product("2020-12-01", Some("2025-06-01"), None);
        let reviewed = Basis::Reviewed(at("2025-06-01"));
        assert_eq!(
            p.currency(at("2026-01-01"), Some(12)),
            Currency::Current(reviewed)
        );
        assert_eq!(
            p.currency(at("2026-07-01"), Some(12)),
            Currency::ReviewOverdue {
                last: reviewed,
                due: at("2026-06-01")
            }
        );
        assert_eq!(
            p.currency(at("2030-01-01"), None),
            Currency::Current(reviewed)
        );
        // On ORCID's list of current providers when the analyst checked it:
        // current then, and for the interval after.
        let mut checked = product("2020-12-01", Some("2025-06-01"), None);
        checked.checked_on = Some(at("2026-05-01"));
        assert_eq!(
            checked.currency(at("2027-01-01"), Some(12)),
            Currency::Current(Basis::CheckedOn(at("2026-05-01")))
        );
        // A certification month alone is the basis only without a later date.
        let month = product("2020-12-01", None, None);
        assert!(matches!(
            month.currency(at("2026-01-01"), Some(12)),
            Currency::ReviewOverdue {
                last: Basis::CertifiedOn(_),
                ..
            }
        ));
        assert_eq!(
            p.currency(at("2020-01-01"), Some(12)),
            Currency::NotYet(at("2020-12-01"))
        );
        let e = product("2020-12-01", None, Some("2026-03-31"));
        assert_eq!(
            e.currency(at("2026-03-31"), Some(12)),
            Currency::Current(Basis::Expires(at("2026-03-31")))
        );
        assert_eq!(
            e.currency(at("2026-04-01"), Some(12)),
            Currency::Expired(at("2026-03-31"))
        );
    }

    #[test]
    fn products_match_by_name_or_alias() {
        let list = CertifiedList {
            products: vec![product("2020-12-01", None, None)],
            ..Default::default()
        };
        assert_eq!(list.matching("symplectic ELEMENTS").len(), 1);
        assert_eq!(list.matching("Elements").len(), 1);
        assert!(list.matching("Pure").is_empty());
        assert!(list.matching("").is_empty());
    }
}
