//! The certified-provider list: which vendor products hold CSP
//! certification, for which workflows and releases, and since when they are
//! known to be current. Read from CSV or a workbook (the first sheet holding
//! a list) the way a register is read: headings by meaning and columns by
//! content (`columns.rs`), footers and totals passed over, the day the list
//! was taken from ORCID's page found beside it (`taken.rs`).
//!
//! A list that cannot be read is no reason to stop a run: the run goes on
//! without coverage, and says so.

#![cfg_attr(not(test), deny(clippy::indexing_slicing))]

mod columns;
mod taken;

pub use columns::{Col, Columns};
pub use taken::TakenFrom;

use crate::ingest::dates::{parse_date, DayOrder};
use crate::ingest::flags::{read_flag, Flag};
use crate::ingest::header::{best_header, Candidate, Found, HeaderSpec};
use crate::ingest::table::{Row, HEADER_SEARCH_ROWS};
use crate::ingest::value::a1;
use crate::ingest::whole;
use crate::issue::{Issue, Severity};
use crate::mapping::Plan;
use crate::model::{Location, Qualifier, Release, WrittenProduct};
use crate::text::identity_key;
use chrono::{Months, NaiveDate};
use columns::ListSpec;
use std::path::Path;

/// One certified product (one row of the list).
#[derive(Debug, Clone, PartialEq)]
pub struct CertifiedProduct {
    /// The product's name: the list's, or the one the mapping's product
    /// table or the aliases file give it.
    pub product: String,
    pub vendor: String,
    /// The release certified from ("7.3+"), when the list names one.
    pub release: Option<Release>,
    /// Indices into the plan's workflows.
    pub workflows: Vec<usize>,
    pub certified_on: Option<NaiveDate>,
    /// When ORCID last reviewed the certification.
    pub last_reviewed: Option<NaiveDate>,
    pub expires: Option<NaiveDate>,
    /// Whether, and since when, ORCID's page of current providers showed it.
    pub checked: Checked,
    /// The other names the list gives it, and the product cell as written.
    pub aliases: Vec<String>,
    /// `file › A5`, for reports.
    pub source: String,
}

/// What ORCID's page of current providers said of a product when the
/// analyst took the list from it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Checked {
    /// Listed on that day.
    On(NaiveDate, TakenFrom),
    /// Not listed any more ("Still listed: No"), on that day if known.
    NotListed(Option<(NaiveDate, TakenFrom)>),
    /// The list says nothing of when it was taken.
    Unstated,
}

/// The date a certification's currency was judged from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Basis {
    /// The list's explicit expiry date.
    Expires(NaiveDate),
    /// The day the analyst found it on ORCID's list of current providers.
    Listed(NaiveDate, TakenFrom),
    /// ORCID's last review of the certification.
    Reviewed(NaiveDate),
    /// The list states no date it was taken: current on the as-of date.
    Assumed(NaiveDate),
}

impl std::fmt::Display for Basis {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Basis::Expires(d) => write!(f, "valid until {d}"),
            Basis::Listed(d, from) => write!(f, "on ORCID's list as checked on {d} ({from})"),
            Basis::Reviewed(d) => write!(f, "reviewed {d}"),
            Basis::Assumed(d) => write!(
                f,
                "taken as current on {d}: the list states no date it was taken from ORCID's page"
            ),
        }
    }
}

impl Basis {
    pub fn date(&self) -> NaiveDate {
        match self {
            Basis::Expires(d) | Basis::Listed(d, _) | Basis::Reviewed(d) | Basis::Assumed(d) => *d,
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
    /// ORCID's page no longer showed it when the list was checked.
    NotListed(Option<(NaiveDate, TakenFrom)>),
}

impl CertifiedProduct {
    /// Is the certification current at `as_of`? Not before it was
    /// certified, nor once ORCID's page stopped listing it; an explicit
    /// expiry date decides; otherwise the later of the day the list showed
    /// it and its last review, plus the mapping's review interval. A
    /// certification date alone never makes a product lapse: ORCID lists
    /// only current providers, so a list that states no day it was taken
    /// counts as taken on the as-of date.
    pub fn currency(&self, as_of: NaiveDate, review_interval_months: Option<u32>) -> Currency {
        if let Some(since) = self.certified_on.filter(|d| *d > as_of) {
            return Currency::NotYet(since);
        }
        if let Checked::NotListed(when) = &self.checked {
            return Currency::NotListed(when.clone());
        }
        if let Some(expires) = self.expires {
            return if as_of <= expires {
                Currency::Current(Basis::Expires(expires))
            } else {
                Currency::Expired(expires)
            };
        }
        // A list that states no day it was taken counts as taken on the
        // as-of date.
        let listed = match &self.checked {
            Checked::On(d, from) => Basis::Listed(*d, from.clone()),
            _ => Basis::Assumed(as_of),
        };
        // The later of the list's day and the last review; the list's on a tie.
        let last = match self.last_reviewed {
            Some(r) if r > listed.date() => Basis::Reviewed(r),
            _ => listed,
        };
        let due = review_interval_months
            .and_then(|months| last.date().checked_add_months(Months::new(months)));
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

    /// The names it goes by besides its own: its aliases, its vendor before
    /// and after it ("Symplectic Elements", "Elements (Symplectic)").
    pub fn other_names(&self) -> Vec<String> {
        let mut names = self.aliases.clone();
        if !self.vendor.is_empty() {
            names.push(format!("{} {}", self.vendor, self.product));
            names.push(format!("{} ({})", self.product, self.vendor));
        }
        names
    }
}

/// How the day the list was taken is known, for the Summary.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Taken {
    /// No list was read.
    #[default]
    NoList,
    /// One day for the whole list.
    On(NaiveDate, TakenFrom),
    /// Each product's own row says (a checked-on column).
    PerProduct,
    /// For some products only: the others are taken as current on the
    /// as-of date.
    Partly {
        undated: usize,
        of: usize,
        as_of: NaiveDate,
    },
    /// Nowhere: its products are taken as current on the as-of date.
    Unstated(NaiveDate),
}

impl Taken {
    /// How the list is dated, in words (the Summary's and the JSON's); `None`
    /// without a list.
    pub fn describe(&self) -> Option<String> {
        Some(match self {
            Taken::NoList => return None,
            Taken::On(date, from) => format!("{date} ({from})"),
            Taken::PerProduct => "each product's own checked-on cell".to_string(),
            Taken::Partly { undated, of, as_of } => format!(
                "each product's own checked-on cell; {undated} of {of} state none and are taken as current on the as-of date, {as_of}"
            ),
            Taken::Unstated(as_of) => format!(
                "not stated: its products are taken as current on the as-of date, {as_of}"
            ),
        })
    }
}

/// The list, with the problems found reading it.
#[derive(Debug, Clone, Default)]
pub struct CertifiedList {
    pub products: Vec<CertifiedProduct>,
    pub issues: Vec<Issue>,
    /// The file as given, when one was read.
    pub path: Option<String>,
    /// How the day the list was taken from ORCID's page is known.
    pub taken: Taken,
    /// Why the list could not be used at all, when it could not: the run
    /// goes on without coverage.
    pub unusable: Option<String>,
    /// The identity key of every name of every product, and the products
    /// it names (made by `rename`: every integration is matched by it).
    pub index: std::collections::HashMap<String, Vec<usize>>,
}

impl CertifiedList {
    /// Every entry (with its index) whose product name or alias matches, in
    /// list order.
    pub fn matching(&self, product: &str) -> Vec<(usize, &CertifiedProduct)> {
        let key = identity_key(product);
        if key.is_empty() {
            return Vec::new();
        }
        if !self.index.is_empty() {
            return self
                .index
                .get(&key)
                .into_iter()
                .flatten()
                .filter_map(|&i| self.products.get(i).map(|p| (i, p)))
                .collect();
        }
        self.products
            .iter()
            .enumerate()
            .filter(|(_, p)| p.names().any(|n| identity_key(n) == key))
            .collect()
    }

    /// Reads each product's name as `name_of` gives it (the product names
    /// of the mapping, the list and the aliases file joined), keeping the
    /// list's own spelling among its aliases.
    pub fn rename(&mut self, name_of: impl Fn(&str) -> Option<String>) {
        for p in &mut self.products {
            if let Some(name) = name_of(&p.product) {
                if identity_key(&name) != identity_key(&p.product) {
                    let own = std::mem::replace(&mut p.product, name);
                    p.aliases.push(own);
                }
            }
        }
        self.index.clear();
        for (i, p) in self.products.iter().enumerate() {
            let mut keys: Vec<String> = p.names().map(|n| identity_key(n)).collect();
            keys.sort();
            keys.dedup();
            for key in keys.into_iter().filter(|k| !k.is_empty()) {
                self.index.entry(key).or_default().push(i);
            }
        }
    }
}

/// Reads a certified-provider list file. A file that cannot be read, or
/// holds no list, gives a list without products that says why.
pub fn load(path: &Path, plan: &Plan, order: DayOrder, as_of: NaiveDate) -> CertifiedList {
    let display = path.display().to_string();
    let unusable = |why: String| {
        let message = format!("certified-provider list {display}: {why}");
        CertifiedList {
            issues: vec![Issue::new(Severity::Error, &display, message.clone()).action(
                "no integration can be covered by a certified product in this run; correct the list and run again",
            )],
            path: Some(display.clone()),
            unusable: Some(message),
            ..CertifiedList::default()
        }
    };
    let file = match whole::read_whole(path) {
        Ok(file) => file,
        Err(e) => return unusable(e.to_string()),
    };
    let mut closest: Option<String> = None;
    let mut list = None;
    for sheet in &file.sheets {
        let reading = Reading {
            rows: &sheet.rows,
            file: &display,
            sheet: sheet.name.as_deref().filter(|_| file.sheets.len() > 1),
            plan,
            order,
            as_of,
        };
        match reading.parse() {
            Ok(found) => {
                list = Some(found);
                break;
            }
            Err(why) => {
                closest.get_or_insert(why);
            }
        }
    }
    let Some(mut list) = list else {
        let why = closest.unwrap_or_else(|| "it holds no rows".to_string());
        return unusable(why);
    };
    list.date_products(path, plan, order, as_of);
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
    list
}

/// One sheet being read as the list.
struct Reading<'a> {
    rows: &'a [Row],
    file: &'a str,
    /// Named in locations when the file has several sheets.
    sheet: Option<&'a str>,
    plan: &'a Plan,
    order: DayOrder,
    /// A column of recent dates is the day the list was checked.
    as_of: NaiveDate,
}

impl Reading<'_> {
    /// The list this sheet holds, or why it holds none (naming the columns
    /// found and what is missing).
    fn parse(&self) -> Result<CertifiedList, String> {
        let window = self
            .rows
            .iter()
            .position(|r| r.index >= HEADER_SEARCH_ROWS)
            .map_or(self.rows, |end| self.rows.split_at(end).0);
        let spec = ListSpec { plan: self.plan };
        let Some(found) = best_header(window, &spec) else {
            return Err(Self::no_header(window, &spec));
        };
        let below = self.rows.get(found.at + 1..).unwrap_or_default();
        let ctx = columns::Context {
            plan: self.plan,
            order: self.order,
            as_of: self.as_of,
            months: self.plan.review_interval_months.unwrap_or(12),
        };
        let columns = columns::assign(&found.candidate, below, &ctx);
        if columns.col(Col::Product).is_none() {
            return Err(format!(
                "the header in row {} names {}, but no column holds the products; name it 'Product'",
                found.candidate.header_rows.first().map_or(0, |r| r + 1),
                named(&columns)
            ));
        }
        let mut list = CertifiedList {
            path: Some(self.file.to_string()),
            ..CertifiedList::default()
        };
        list.issues.push(
            Issue::new(
                Severity::Notice,
                self.file,
                format!(
                    "certified-provider list read from row {}: {}",
                    found.candidate.header_rows.last().map_or(0, |r| r + 1),
                    columns.describe(self.plan)
                ),
            )
            .sheet(self.sheet)
            .action(
                "if a column is misread, rename its heading (docs/guide.md, the certified list)",
            ),
        );
        if let Some(issue) = self.rows_above(&found) {
            list.issues.push(issue);
        }
        let mut not_products: Vec<&Row> = Vec::new();
        // A list pasted from ORCID's page puts each category above its
        // products, as a line of its own.
        let mut section = self
            .rows
            .iter()
            .take(found.top)
            .rev()
            .find_map(|r| self.section(r));
        for row in below {
            if let Some(w) = self.section(row) {
                section = Some(w);
                not_products.push(row);
                continue;
            }
            let mut line = ListRow {
                row,
                columns: &columns,
                reading: self,
                issues: &mut list.issues,
                section,
            };
            match line.product() {
                Some(product) => list.products.push(product),
                None => not_products.push(row),
            }
        }
        let above: Vec<&Row> = self.rows.iter().take(found.top).collect();
        let line = taken::from_lines(&above, &not_products, self.file, self.sheet, self.order);
        if let Some((date, from)) = line.and_then(|l| list.plausible(l, self.file)) {
            for p in &mut list.products {
                if p.checked == Checked::Unstated {
                    p.checked = Checked::On(date, from.clone());
                }
            }
        }
        if !list.products.is_empty() && list.products.iter().all(|p| p.workflows.is_empty()) {
            list.issues.push(
                Issue::new(
                    Severity::Warning,
                    self.file,
                    "the certified-provider list names no category for any product (no category column, no category sections)",
                )
                .sheet(self.sheet)
                .action("its products cover no integration; add a Category column in ORCID's words (Research Information Systems, Repository Systems, …)"),
            );
        }
        if list.products.is_empty() {
            list.issues.push(
                Issue::new(
                    Severity::Warning,
                    self.file,
                    "the certified-provider list names no product under its header",
                )
                .sheet(self.sheet)
                .action("no integration can be covered; fill in the list"),
            );
        }
        Ok(list)
    }

    /// The workflow a line names alone ("Repository Systems"): a section of
    /// a list pasted from ORCID's page, whose products follow it.
    fn section(&self, row: &Row) -> Option<usize> {
        let mut filled = row.cells.iter().filter(|v| !v.is_blank());
        let only = filled.next()?;
        if filled.next().is_some() {
            return None;
        }
        self.plan.workflow_named(&only.display())
    }

    /// Why no header was found: the row naming the most columns, and what
    /// it lacks.
    fn no_header(window: &[Row], spec: &ListSpec<'_>) -> String {
        let best = window
            .iter()
            .filter(|r| !r.is_blank())
            .map(|r| Candidate::of(spec, &[r]))
            .max_by_key(|c| {
                (
                    c.roles.len(),
                    std::cmp::Reverse(c.header_rows.first().copied()),
                )
            });
        match best.filter(|c| !c.roles.is_empty()) {
            Some(c) => {
                let names: Vec<String> = c
                    .texts
                    .iter()
                    .filter_map(|(t, label)| {
                        spec.role(t).map(|r| format!("{label:?} ({})", r.describe()))
                    })
                    .collect();
                format!(
                    "no row reads as the list's header: the closest, row {}, names {}, but no product column (such as 'Product', 'Service' or 'System')",
                    c.header_rows.first().map_or(0, |r| r + 1),
                    names.join(", ")
                )
            }
            None => "no row reads as the list's header: no heading names a product (such as 'Product', 'Service' or 'System'), a provider, a category or a date".to_string(),
        }
    }

    /// A warning when rows above the header look like products (two values
    /// or more, not a `Label:` line): a list in blocks whose later header
    /// names more columns is read from that header on.
    fn rows_above(&self, found: &Found<Col>) -> Option<Issue> {
        let looks_like_data = |r: &&Row| {
            let filled: Vec<String> = r
                .cells
                .iter()
                .filter(|v| !v.is_blank())
                .map(crate::ingest::value::Value::display)
                .collect();
            filled.len() >= 2 && !filled.first().is_some_and(|f| f.trim_end().ends_with(':'))
        };
        let above = self
            .rows
            .iter()
            .take(found.top)
            .filter(looks_like_data)
            .count();
        let at = self.rows.get(found.top)?;
        (above > 0).then(|| {
            Issue::new(
                Severity::Warning,
                self.file,
                format!(
                    "{above} rows above the header in row {} were not read as products",
                    at.index + 1
                ),
            )
            .sheet(self.sheet)
            .cell(a1(at.index, 0))
            .action("if they are products under an earlier header, give the list one header row")
        })
    }
}

/// The columns a header names, for a message.
fn named(columns: &Columns) -> String {
    let names: Vec<String> = columns
        .columns
        .iter()
        .map(|c| format!("{:?} ({})", c.heading, c.role.describe()))
        .collect();
    if names.is_empty() {
        "no column badgemap knows".to_string()
    } else {
        names.join(", ")
    }
}

impl CertifiedList {
    /// A day the list's lines or file name give, unless it is before a
    /// certification or review the list names (the list cannot have been
    /// taken before them): then a warning, and no day.
    fn plausible(
        &mut self,
        (date, from): (NaiveDate, TakenFrom),
        file: &str,
    ) -> Option<(NaiveDate, TakenFrom)> {
        let newest = self
            .products
            .iter()
            .flat_map(|p| [p.certified_on, p.last_reviewed])
            .flatten()
            .max();
        match newest {
            Some(n) if n > date => {
                self.issues.push(
                    Issue::new(
                        Severity::Warning,
                        file,
                        format!(
                            "{from} gives {date}, before the list's latest certification or review ({n}): not read as the day the list was taken"
                        ),
                    )
                    .action("write the day you copied ORCID's list in a line such as 'Copied from ORCID's page on 2 November 2026'"),
                );
                None
            }
            _ => Some((date, from)),
        }
    }

    /// Gives every product still without a day (no column, no line) the
    /// day in the file's name, or the as-of date with one warning; says how
    /// the list is dated, and warns when that day is too long ago for its
    /// products to count as current, or after a product's expiry.
    fn date_products(&mut self, path: &Path, plan: &Plan, order: DayOrder, as_of: NaiveDate) {
        let display = path.display().to_string();
        let unstated = |list: &CertifiedList| {
            list.products
                .iter()
                .filter(|p| p.checked == Checked::Unstated)
                .count()
        };
        if unstated(self) > 0 {
            let named =
                taken::from_file_name(path, order).and_then(|t| self.plausible(t, &display));
            if let Some((date, from)) = named {
                for p in &mut self.products {
                    if p.checked == Checked::Unstated {
                        p.checked = Checked::On(date, from.clone());
                    }
                }
            }
        }
        let undated = unstated(self);
        let total = self.products.len();
        self.taken = self.dated_how(as_of);
        if undated > 0 {
            let which = if undated == total {
                format!("its {undated} products are")
            } else {
                format!("{undated} of its {total} products are")
            };
            self.issues.push(
                Issue::new(
                    Severity::Warning,
                    &display,
                    format!(
                        "the certified-provider list states no day it was taken from ORCID's page (no checked-on column, no line such as 'Copied from ORCID's page on 2 November 2026', no date in its file name): {which} taken as current on the as-of date, {as_of}"
                    ),
                )
                .action("add the day you copied ORCID's list: a 'Checked on' column, or a line above the list"),
            );
        }
        self.warn_stale(&display, plan, as_of);
    }

    /// How the list is dated, for the Summary and the JSON.
    fn dated_how(&self, as_of: NaiveDate) -> Taken {
        let days: Vec<Option<(NaiveDate, &TakenFrom)>> = self
            .products
            .iter()
            .map(|p| match &p.checked {
                Checked::On(d, from) | Checked::NotListed(Some((d, from))) => Some((*d, from)),
                _ => None,
            })
            .collect();
        let undated = days.iter().filter(|d| d.is_none()).count();
        match days.first() {
            None => Taken::NoList,
            _ if undated == days.len() => Taken::Unstated(as_of),
            _ if undated > 0 => Taken::Partly {
                undated,
                of: days.len(),
                as_of,
            },
            Some(Some((d, from))) if days.iter().all(|x| *x == Some((*d, *from))) => {
                Taken::On(*d, (*from).clone())
            }
            _ => Taken::PerProduct,
        }
    }

    /// Warnings for a list whose day is older than the review interval at
    /// the as-of date (its products no longer count as current), and for
    /// an expiry before the day ORCID's page still showed a product.
    fn warn_stale(&mut self, file: &str, plan: &Plan, as_of: NaiveDate) {
        let mut stale = Vec::new();
        let mut issues = Vec::new();
        for p in &self.products {
            let Checked::On(day, _) = &p.checked else {
                continue;
            };
            if let Some(expires) = p.expires.filter(|e| e < day) {
                issues.push(
                    Issue::new(
                        Severity::Warning,
                        file,
                        format!(
                            "{}'s expiry date {expires} is before the day ORCID's page still listed it ({day})",
                            p.product
                        ),
                    )
                    .action("the expiry date is used; correct it if the certification was renewed"),
                );
            }
            let due = plan
                .review_interval_months
                .and_then(|m| day.checked_add_months(Months::new(m)));
            let reviewed_later = p.last_reviewed.is_some_and(|r| r > *day);
            if due.is_some_and(|due| as_of > due) && !reviewed_later && p.expires.is_none() {
                stale.push(p.product.as_str());
            }
        }
        if let (Some(first), Some(months)) = (stale.first(), plan.review_interval_months) {
            let which = match stale.len() {
                1 => (*first).to_string(),
                n => format!("{n} products ({first}, …)"),
            };
            issues.push(
                Issue::new(
                    Severity::Warning,
                    file,
                    format!(
                        "the list shows {which} on ORCID's page more than {months} months before the as-of date {as_of}: no longer known to be current"
                    ),
                )
                .action("copy ORCID's list again and note the day you copied it"),
            );
        }
        self.issues.extend(issues);
    }
}

/// One row under the certified list's header, and where its issues go.
struct ListRow<'a> {
    row: &'a Row,
    columns: &'a Columns,
    reading: &'a Reading<'a>,
    issues: &'a mut Vec<Issue>,
    /// The workflow of the section the row is in, for a row that names none.
    section: Option<usize>,
}

impl ListRow<'_> {
    fn text(&self, which: Col) -> String {
        self.columns
            .col(which)
            .map(|c| self.row.get(c).display())
            .unwrap_or_default()
    }

    fn at(&self, col: u32) -> String {
        Location {
            file: self.reading.file.to_string(),
            sheet: self.reading.sheet.map(str::to_string),
            cell: Some(a1(self.row.index, col)),
        }
        .to_string()
    }

    /// An issue at column `col` of the row.
    fn issue(&self, severity: Severity, col: u32, message: String) -> Issue {
        Issue::new(severity, self.reading.file, message)
            .sheet(self.reading.sheet)
            .cell(a1(self.row.index, col))
    }

    /// The product the row names; `None`, with a notice or a warning, for
    /// a footer or total line, or a row without a product name.
    fn product(&mut self) -> Option<CertifiedProduct> {
        let row = self.row;
        let product_col = self.columns.col(Col::Product).unwrap_or(0);
        if let Some(kind) = not_a_product(row, self.reading.order) {
            let first = first_filled(row);
            let value = row.get(first).display();
            let issue = self
                .issue(
                    Severity::Notice,
                    first,
                    format!("not a certified product: {kind}"),
                )
                .value(&value)
                .action("row not read as a product");
            self.issues.push(issue);
            return None;
        }
        let cell = self.text(Col::Product);
        if cell.is_empty() {
            if !row.is_blank() {
                let issue = self
                    .issue(
                        Severity::Warning,
                        product_col,
                        "certified-provider row without a product name".to_string(),
                    )
                    .action("row ignored; fill in the product");
                self.issues.push(issue);
            }
            return None;
        }
        let written = WrittenProduct::parse(&cell);
        let mut vendor = self.text(Col::Vendor);
        let mut aliases = split_list(&self.text(Col::Aliases));
        match &written.qualifier {
            Some(Qualifier::Abbreviation(q) | Qualifier::Alias(q)) => aliases.push(q.clone()),
            Some(Qualifier::Vendor(q)) if vendor.is_empty() => vendor.clone_from(q),
            Some(Qualifier::Vendor(q)) if identity_key(q) != identity_key(&vendor) => {
                aliases.push(format!("{q} {}", written.name));
            }
            _ => {}
        }
        let release = written.release.clone().or_else(|| {
            let text = self.text(Col::Version);
            Release::parse(&text).or_else(|| WrittenProduct::parse(&text).release)
        });
        if identity_key(&cell) != identity_key(&written.name) {
            aliases.push(cell.clone());
        }
        // The dates' issues come before the workflows'.
        let certified_on = self.date(Col::CertifiedOn);
        let last_reviewed = self.date(Col::LastReviewed);
        let expires = self.date(Col::Expires);
        let checked = self.checked();
        Some(CertifiedProduct {
            vendor,
            aliases,
            source: self.at(product_col),
            workflows: self.workflows(&written.name),
            release,
            certified_on,
            last_reviewed,
            expires,
            checked,
            product: written.name,
        })
    }

    /// The date in column `which`, or a warning naming its cell when it is none.
    fn date(&mut self, which: Col) -> Option<NaiveDate> {
        let c = self.columns.col(which)?;
        let value = self.row.get(c);
        if value.is_blank() {
            return None;
        }
        match parse_date(value, self.reading.order) {
            Ok(p) => Some(p.date.date),
            Err(e) => {
                let shown = value.display();
                let issue = self
                    .issue(
                        Severity::Warning,
                        c,
                        format!("{e} in the certified-provider list"),
                    )
                    .value(&shown)
                    .action("date ignored; write it as YYYY-MM-DD");
                self.issues.push(issue);
                None
            }
        }
    }

    /// What the row's checked-on cell says: a day it was listed, or that
    /// it is listed (yes) or no longer (no) on the list's day.
    fn checked(&mut self) -> Checked {
        let Some(c) = self.columns.col(Col::CheckedOn) else {
            return Checked::Unstated;
        };
        let value = self.row.get(c);
        if value.is_blank() {
            return Checked::Unstated;
        }
        match read_flag(value, self.reading.order) {
            Flag::Yes(Some(parsed)) => Checked::On(parsed.date.date, TakenFrom::Cell(self.at(c))),
            Flag::Yes(None) => Checked::Unstated,
            Flag::No => Checked::NotListed(None),
            Flag::Unclear | Flag::Status(_) => {
                let shown = value.display();
                let issue = self
                    .issue(
                        Severity::Warning,
                        c,
                        "neither a date nor yes or no in the certified-provider list's checked-on column"
                            .to_string(),
                    )
                    .value(&shown)
                    .action("ignored; write the day you found the product on ORCID's page");
                self.issues.push(issue);
                Checked::Unstated
            }
        }
    }

    /// The workflows the product is certified for, each once: its category
    /// cell's, the categories its row ticks, else its section's. An unknown
    /// name is an error naming the ones the mapping knows; a product with no
    /// category at all is a warning (it covers no integration).
    fn workflows(&mut self, product: &str) -> Vec<usize> {
        let plan = self.reading.plan;
        let mut workflows: Vec<usize> = Vec::new();
        for &(c, w) in &self.columns.ticks {
            let ticked = matches!(read_flag(self.row.get(c), self.reading.order), Flag::Yes(_));
            if ticked && !workflows.contains(&w) {
                workflows.push(w);
            }
        }
        let mut unknown = Vec::new();
        let own = self
            .columns
            .col(Col::Workflow)
            .filter(|c| !self.row.get(*c).is_blank());
        if let Some(c) = own {
            let (found, names) = plan.workflows_in(&self.row.get(c).display());
            for w in found {
                if !workflows.contains(&w) {
                    workflows.push(w);
                }
            }
            unknown = names.into_iter().map(|n| (c, n)).collect();
        }
        if workflows.is_empty() && unknown.is_empty() {
            workflows.extend(self.section);
        }
        let categorised =
            self.columns.col(Col::Workflow).is_some() || !self.columns.ticks.is_empty();
        if workflows.is_empty() && unknown.is_empty() && categorised {
            let col = self.columns.col(Col::Product).unwrap_or(0);
            let issue = self
                .issue(
                    Severity::Warning,
                    col,
                    format!("{product} is on the certified-provider list under no category"),
                )
                .action("it covers no integration until its row names its category (Research Information Systems, Repository Systems, …)");
            self.issues.push(issue);
        }
        for (c, name) in unknown {
            let issue = self
                .issue(
                    Severity::Error,
                    c,
                    format!(
                        "unknown workflow {name:?} for {product}; the mapping knows {}",
                        plan.workflow_names()
                    ),
                )
                .value(&name)
                .action("this workflow ignored for the product; write one of those names, or add the name as an alias of a workflow in the mapping");
            self.issues.push(issue);
        }
        workflows
    }
}

/// A footer, total, label ("Checked on:") or dating line under the list's
/// header, as registers have them (`ingest::lines`).
fn not_a_product(row: &Row, order: DayOrder) -> Option<&'static str> {
    use crate::ingest::lines::{is_footer_text, is_total_label};
    let mut filled = row.cells.iter().filter(|v| !v.is_blank());
    let first = filled.next()?.display();
    let lone = filled.next().is_none();
    if is_footer_text(&first) && lone {
        Some("footer line")
    } else if is_total_label(&first) {
        Some("total row")
    } else if first.trim_end().ends_with(':') {
        Some("label line")
    } else if lone && taken::line_date(row, order).is_some() {
        Some("line dating the list")
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
            release: None,
            workflows: vec![0],
            certified_on: Some(d(certified)),
            last_reviewed: reviewed.map(d),
            expires: expires.map(d),
            // Listed on a day before its last review.
            checked: Checked::On(d("2025-01-01"), TakenFrom::Cell("l.csv › E2".into())),
            aliases: vec!["Symplectic Elements".into()],
            source: String::new(),
        }
    }

    fn at(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn currency_follows_expiry_then_review_interval_and_never_the_certification_date() {
        let p = product("2020-12-01", Some("2025-06-01"), None);
        let reviewed = Basis::Reviewed(at("2025-06-01"));
        assert_eq!(
            p.currency(at("2026-01-01"), Some(12)),
            Currency::Current(reviewed.clone())
        );
        assert_eq!(
            p.currency(at("2026-07-01"), Some(12)),
            Currency::ReviewOverdue {
                last: reviewed.clone(),
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
        let from = TakenFrom::Cell("l.csv › E2".into());
        checked.checked = Checked::On(at("2026-05-01"), from.clone());
        assert_eq!(
            checked.currency(at("2027-01-01"), Some(12)),
            Currency::Current(Basis::Listed(at("2026-05-01"), from))
        );
        // A certification month alone never lapses: a list stating no day
        // is taken as current on the as-of date, whatever its review date.
        let mut month = product("2020-12-01", Some("2024-06-01"), None);
        month.checked = Checked::Unstated;
        assert_eq!(
            month.currency(at("2026-01-01"), Some(12)),
            Currency::Current(Basis::Assumed(at("2026-01-01")))
        );
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
        let mut gone = product("2020-12-01", None, None);
        gone.checked = Checked::NotListed(None);
        assert_eq!(
            gone.currency(at("2026-01-01"), Some(12)),
            Currency::NotListed(None)
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
