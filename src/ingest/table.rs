//! Finding the table in a sheet: the header row (below any banner rows,
//! possibly split over two rows under a merged group cell) and each column's role.

use super::header::{best_header, Candidate, HeaderSpec};
use super::roles::{is_record_id, recognise, Role};
use super::value::{a1, Value};
use crate::issue::{Issue, Severity};
use crate::text::compact_key;
use crate::vocab::Vocabulary;
use serde::Serialize;

/// How many rows from the top are searched for the header.
pub const HEADER_SEARCH_ROWS: u32 = 40;

/// One physical row of a sheet: its zero-based index and its cells from column A.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub index: u32,
    pub cells: Vec<Value>,
}

impl Row {
    pub fn is_blank(&self) -> bool {
        self.cells.iter().all(Value::is_blank)
    }

    pub fn get(&self, col: u32) -> &Value {
        self.cells.get(col as usize).unwrap_or(&Value::Empty)
    }
}

/// A column of the detected table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Column {
    /// Zero-based column index.
    #[serde(skip)]
    pub index: u32,
    /// A1 reference of the (lower) header cell.
    pub cell: String,
    /// Header text; for two-row headers `Group › Name`.
    pub header: String,
    /// `None` for columns badgemap does not use.
    #[serde(skip)]
    pub role: Option<Role>,
    /// Human description of the role, `ignored` when none.
    #[serde(rename = "role")]
    pub role_text: String,
    /// The heading as compared (`compact_key` of the text that gave the
    /// role), to spot the header repeated further down.
    #[serde(skip)]
    pub key: String,
    /// A reading hint gave the role: no later rule changes it.
    #[serde(skip)]
    pub pinned: bool,
    /// The heading its role is read from (the lower cell of a two-row
    /// header; `header` is the label shown).
    #[serde(skip)]
    pub heading: String,
    /// The role a reading hint pins to read the column again as it was
    /// read: the role after the rules that read its values, before a second
    /// column of the same role is set aside (so that it is again, with its
    /// warning).
    #[serde(skip)]
    pub plan_role: Option<Role>,
    /// What its cells under the header say, counted by class (the rows
    /// held for the header search): the content its role was checked by.
    pub content: String,
}

/// The detected table of one sheet.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// Zero-based indices of the header row(s): one, or two for a split header.
    pub header_rows: Vec<u32>,
    pub columns: Vec<Column>,
}

impl Table {
    /// Index of the first row below the header.
    pub fn first_data_row(&self) -> u32 {
        self.header_rows.last().map_or(0, |r| r + 1)
    }

    pub fn column(&self, role: Role) -> Option<&Column> {
        self.columns.iter().find(|c| c.role == Some(role))
    }

    pub fn has(&self, role: Role) -> bool {
        self.column(role).is_some()
    }

    pub fn columns_with(&self, pred: impl Fn(Role) -> bool) -> impl Iterator<Item = &Column> {
        self.columns
            .iter()
            .filter(move |c| c.role.is_some_and(&pred))
    }

    /// The badge encodings this table uses, for reports.
    pub fn layout(&self) -> Vec<&'static str> {
        let mut out = Vec::new();
        if self.has(Role::Badge) {
            out.push("long (one row per award)");
        }
        if self
            .columns_with(|r| matches!(r, Role::BadgeColumn(_) | Role::BadgeDate(_)))
            .next()
            .is_some()
        {
            out.push("wide (one column per badge)");
        }
        if self.has(Role::Level) {
            out.push(if self.has(Role::AwardedFlag) {
                "level + awarded flag"
            } else {
                "level"
            });
        }
        if self.has(Role::Achievements) {
            out.push("achievements list");
        }
        if self.has(Role::HighestAchievement) {
            out.push("highest achievement");
        }
        out
    }
}

/// Why reading a sheet's rows stopped part-way (the rows before were kept).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReadError {
    /// The sheet could not be opened at all.
    #[error("{0}")]
    Sheet(String),
    /// The reader could not parse a cell or the sheet's XML.
    #[error("{0}")]
    Cells(String),
    /// A record of delimited text could not be read.
    #[error("{0}")]
    Record(String),
    /// A row past the last a spreadsheet can address.
    #[error("more rows than a spreadsheet can address")]
    TooManyRows,
}

/// A sheet's rows as the readers give them.
pub type RowResult = Result<Row, ReadError>;

/// Why a sheet holds no usable table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoTable {
    Empty,
    NoMemberColumn,
    NoBadgeColumn {
        header_row: u32,
    },
    /// The header the hints pin is not one: why.
    Pinned(String),
}

impl NoTable {
    pub fn reason(&self) -> String {
        match self {
            NoTable::Empty => "the sheet is empty".to_string(),
            NoTable::NoMemberColumn => "no header row naming a member organisation column \
                 (such as 'Member', 'Organisation' or 'Account Name') anywhere in the sheet"
                .to_string(),
            NoTable::NoBadgeColumn { header_row } => format!(
                "the header in row {} has no badge column (a badge, level, achievements or \
                 highest-achievement column, or one column per badge)",
                header_row + 1
            ),
            NoTable::Pinned(why) => why.clone(),
        }
    }
}

/// What a reading plan pins about a table before its header is searched:
/// the role of headings and of columns, the header rows, and whether the
/// member comes from elsewhere than a column (then a header needs none).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Pins {
    /// Heading (its `compact_key`) → role; `None` for a column ignored.
    pub headings: Vec<(String, Option<Role>)>,
    /// Zero-based column → role; `None` for a column ignored.
    pub columns: Vec<(u32, Option<Role>)>,
    /// Zero-based header rows.
    pub header: Option<Vec<u32>>,
    /// The member is not in a column the header names.
    pub member_elsewhere: bool,
}

/// A role a hint pins: a role, or none (the column ignored).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Pinned(Option<Role>);

impl Pins {
    fn heading(&self, text: &str) -> Option<Pinned> {
        if self.headings.is_empty() {
            return None;
        }
        let key = compact_key(text);
        self.headings
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, r)| Pinned(*r))
    }
}

/// A register's header: a member column and a badge column, named in the
/// badge vocabulary of the mapping, and in the headings a plan pins.
struct RegisterSpec<'a> {
    vocab: &'a Vocabulary,
    pins: &'a Pins,
}

impl HeaderSpec for RegisterSpec<'_> {
    type Role = Role;

    fn role(&self, heading: &str) -> Option<Role> {
        match self.pins.heading(heading) {
            Some(Pinned(role)) => role,
            None => recognise(heading, self.vocab),
        }
    }

    fn is_header(&self, roles: &[Role]) -> bool {
        // With the roles the hints pin to columns, whatever their headings.
        let pinned: Vec<Role> = self.pins.columns.iter().filter_map(|(_, r)| *r).collect();
        let any = |f: fn(&[Role]) -> bool| f(roles) || f(&pinned);
        (self.pins.member_elsewhere || any(names_member)) && any(names_badges)
    }
}

/// A member named, or standing in: a record's name, or the member's id
/// (keyed by it, with a warning, when no column names the member).
fn names_member(roles: &[Role]) -> bool {
    roles.contains(&Role::Member)
        || roles.contains(&Role::RecordName)
        || roles.contains(&Role::MemberId)
}

fn names_badges(roles: &[Role]) -> bool {
    roles
        .iter()
        .any(|r| r.carries_badges() || matches!(r, Role::BadgeDate(_)))
}

/// Finds the header among the first rows of a sheet (given in order, blank rows
/// may be absent) and assigns roles. Duplicate role columns are reported.
pub fn detect(
    rows: &[Row],
    vocab: &Vocabulary,
    file: &str,
    sheet: Option<&str>,
    issues: &mut Vec<Issue>,
) -> Result<Table, NoTable> {
    detect_pinned(rows, vocab, &Pins::default(), (file, sheet), issues)
}

/// [`detect`] under what a reading plan pins: headings' and columns' roles,
/// the header rows, a member from elsewhere.
pub fn detect_pinned(
    rows: &[Row],
    vocab: &Vocabulary,
    pins: &Pins,
    place: (&str, Option<&str>),
    issues: &mut Vec<Issue>,
) -> Result<Table, NoTable> {
    if rows.iter().all(Row::is_blank) {
        return Err(NoTable::Empty);
    }
    let spec = RegisterSpec { vocab, pins };
    let found = match &pins.header {
        Some(header) => {
            let lines: Vec<&Row> = header
                .iter()
                .filter_map(|i| rows.iter().find(|r| r.index == *i))
                .collect();
            (lines.len() == header.len() && !lines.is_empty()).then(|| Candidate::of(&spec, &lines))
        }
        None => best_header(rows, &spec).map(|f| f.candidate),
    };
    let Some(best) = found else {
        if let Some(header) = &pins.header {
            let rows: Vec<String> = header.iter().map(|r| (r + 1).to_string()).collect();
            return Err(NoTable::Pinned(format!(
                "the header the reading hints pin (row {}) is blank or past the end of the sheet",
                rows.join(" and ")
            )));
        }
        return Err(match member_only(rows, &spec) {
            Some(header_row) => NoTable::NoBadgeColumn { header_row },
            None => NoTable::NoMemberColumn,
        });
    };
    if pins.header.is_some() && !spec.is_header(&best.roles) {
        let header_row = best.header_rows.last().copied().unwrap_or(0);
        let pinned: Vec<Role> = pins.columns.iter().filter_map(|(_, r)| *r).collect();
        let member = pins.member_elsewhere || names_member(&best.roles) || names_member(&pinned);
        let lacks = if member {
            "no badge column (a badge, level, achievements or highest-achievement column, or one column per badge)"
        } else {
            "no member column: name it in the hints (member = { heading = \"…\" }) or say where the member is"
        };
        return Err(NoTable::Pinned(format!(
            "the header the reading hints pin (row {}) has {lacks}",
            header_row + 1
        )));
    }
    let last = best.header_rows.last().copied().unwrap_or(0);
    let below: Vec<&Row> = rows
        .iter()
        .filter(|r| r.index > last && !r.is_blank())
        .collect();
    Ok(assign_roles(best, &below, &spec, place, issues))
}

/// The first row (or pair of rows) naming a member column but no badge
/// column: the header a sheet without a table came closest to having.
fn member_only(rows: &[Row], spec: &RegisterSpec<'_>) -> Option<u32> {
    let searched: Vec<&Row> = rows.iter().filter(|r| !r.is_blank()).collect();
    searched.iter().enumerate().find_map(|(i, row)| {
        let pair = searched
            .get(i + 1)
            .filter(|next| next.index == row.index + 1)
            .map(|next| Candidate::of(spec, &[row, next]));
        std::iter::once(Candidate::of(spec, &[row]))
            .chain(pair)
            .find(|c| names_member(&c.roles) && !names_badges(&c.roles))
            .and_then(|c| c.header_rows.first().copied())
    })
}

/// For a sheet without a table: the row that came closest to a header, and
/// each of its headings with the role it names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Closest {
    /// Zero-based.
    pub row: u32,
    /// Column, heading, role (`None`: none recognised).
    pub headings: Vec<(u32, String, Option<Role>)>,
}

impl Closest {
    /// `row 3: "Organization__c" (member), "Notes" (notes)`.
    pub fn describe(&self, vocab: &Vocabulary) -> String {
        let named: Vec<String> = self
            .headings
            .iter()
            .filter_map(|(_, label, role)| {
                Some(format!("{label:?} ({})", role.as_ref()?.describe(vocab)))
            })
            .take(6)
            .collect();
        format!("row {}: {}", self.row + 1, named.join(", "))
    }
}

/// The row that came closest to a header: the one naming most roles.
pub fn closest_candidate(rows: &[Row], vocab: &Vocabulary) -> Option<Closest> {
    let pins = Pins::default();
    let spec = RegisterSpec { vocab, pins: &pins };
    let (row, cand) = rows
        .iter()
        .map(|r| (r, Candidate::of(&spec, &[r])))
        .filter(|(_, c)| c.score() > 0)
        .max_by_key(|(r, c)| (c.score(), std::cmp::Reverse(r.index)))?;
    Some(Closest {
        row: row.index,
        headings: cand
            .texts
            .iter()
            .enumerate()
            .filter(|(_, (text, _))| !text.is_empty())
            .map(|(col, (text, label))| (col as u32, label.clone(), recognise(text, vocab)))
            .collect(),
    })
}

/// For a sheet without a table: the row that came closest to a header, with
/// the roles it named (`row 3: "Organization__c" (member), "Notes" (notes)`).
pub fn closest_header(rows: &[Row], vocab: &Vocabulary) -> Option<String> {
    closest_candidate(rows, vocab).map(|c| c.describe(vocab))
}

/// The row alone is a header naming a table (a member column and a badge
/// column): a repeated header, or the next block's.
pub fn names_a_table(row: &Row, vocab: &Vocabulary) -> bool {
    let pins = Pins::default();
    let spec = RegisterSpec { vocab, pins: &pins };
    spec.is_header(&Candidate::of(&spec, &[row]).roles)
}

fn assign_roles(
    cand: Candidate<Role>,
    below: &[&Row],
    spec: &RegisterSpec<'_>,
    place: (&str, Option<&str>),
    issues: &mut Vec<Issue>,
) -> Table {
    let vocab = spec.vocab;
    let header_row = *cand.header_rows.last().unwrap_or(&0);
    let mut columns: Vec<Column> = cand
        .texts
        .into_iter()
        .enumerate()
        .filter(|(col, (text, _))| {
            !text.is_empty() || spec.pins.columns.iter().any(|(c, _)| *c == *col as u32)
        })
        .map(|(col, (text, label))| {
            let col = col as u32;
            let by_column = spec
                .pins
                .columns
                .iter()
                .find(|(c, _)| *c == col)
                .map(|(_, r)| Pinned(*r));
            let pinned = by_column.or_else(|| spec.pins.heading(&text));
            Column {
                index: col,
                cell: a1(header_row, col),
                role: pinned.map_or_else(|| recognise(&text, vocab), |p| p.0),
                key: compact_key(&text),
                header: label,
                role_text: String::new(),
                pinned: pinned.is_some(),
                heading: text,
                plan_role: None,
                content: String::new(),
            }
        })
        .collect();
    // A column pinned beyond the header's last heading.
    for &(col, role) in &spec.pins.columns {
        if !columns.iter().any(|c| c.index == col) {
            columns.push(Column {
                index: col,
                cell: a1(header_row, col),
                role,
                key: String::new(),
                header: String::new(),
                role_text: String::new(),
                pinned: true,
                heading: String::new(),
                plan_role: None,
                content: String::new(),
            });
        }
    }
    columns.sort_by_key(|c| c.index);
    // A role the hints pin to a column is no other column's: another that
    // reads as it is not it.
    let pinned_roles: Vec<Role> = columns
        .iter()
        .filter(|c| c.pinned)
        .filter_map(|c| c.role)
        .filter(|r| !r.repeatable())
        .collect();
    for c in columns.iter_mut().filter(|c| !c.pinned) {
        if c.role.is_some_and(|r| pinned_roles.contains(&r)) {
            c.role = None;
        }
    }
    // The member comes from elsewhere: a column that reads as one is not it.
    if spec.pins.member_elsewhere {
        for c in columns.iter_mut().filter(|c| !c.pinned) {
            if c.role == Some(Role::Member) {
                c.role = None;
            }
        }
    }
    // What a hint pinned, no rule below changes.
    let (pinned, mut columns): (Vec<Column>, Vec<Column>) =
        columns.drain(..).partition(|c| c.pinned);
    ids_by_value(&mut columns, below);
    columns.extend(pinned);
    columns.sort_by_key(|c| c.index);
    resolve_record_roles(&mut columns);
    let confirmed = confirm_by_content(&mut columns, below, vocab);
    for c in &mut columns {
        c.content = super::evidence::Profile::of(below, c.index, vocab).describe();
    }
    for c in &mut columns {
        c.plan_role = c.role;
    }
    let by_id = if spec.pins.member_elsewhere {
        None
    } else {
        member_by_id(&mut columns)
    };
    for dup in drop_duplicates(&mut columns) {
        let (file, sheet) = place;
        issues.push(
            Issue::new(
                Severity::Warning,
                file,
                format!(
                    "second column for {} (the first is {} {:?})",
                    dup.role.describe(vocab),
                    dup.first.0,
                    dup.first.1
                ),
            )
            .sheet(sheet)
            .cell(dup.cell)
            .value(&dup.header)
            .action("column ignored; rename or delete one of the two columns"),
        );
    }
    // A status column only describes long-layout award rows; beside a wide
    // table it is the integration's stage.
    let has_badge_col = columns.iter().any(|c| c.role == Some(Role::Badge));
    let has_stage = columns.iter().any(|c| c.role == Some(Role::Stage));
    let has_product = columns.iter().any(|c| c.role == Some(Role::Product));
    for c in &mut columns {
        if c.pinned {
            c.role_text = c
                .role
                .map_or_else(|| "ignored".to_string(), |r| r.describe(vocab));
            continue;
        }
        if c.role == Some(Role::BadgeStatus) && !has_badge_col {
            c.role = if has_stage { None } else { Some(Role::Stage) };
            c.plan_role = c.role;
        }
        c.role_text = c
            .role
            .map_or_else(|| "ignored".to_string(), |r| r.describe(vocab));
        if let Some((_, why)) = confirmed.iter().find(|(i, _)| *i == c.index) {
            c.role_text = format!("{} ({why})", c.role_text);
        }
        if by_id.is_some() && c.role == Some(Role::Member) {
            c.role_text = "member (by its id: no column names the member)".to_string();
        }
        // Without a product column, the vendor column is the best name of
        // the product there is.
        if c.role == Some(Role::Vendor) && !has_product {
            c.role = Some(Role::Product);
            c.plan_role = c.role;
            c.role_text = "product (the vendor column: no product column)".to_string();
        }
    }
    if let Some(c) = by_id.and_then(|i| columns.get(i)) {
        let (file, sheet) = place;
        issues.push(
            Issue::new(
                Severity::Warning,
                file,
                format!(
                    "no column names the member: its ids in {:?} stand for it",
                    c.header
                ),
            )
            .sheet(sheet)
            .cell(c.cell.clone())
            .action("integrations keyed by the member's id; export the member's name too (such as Organization__r.Name)"),
        );
    }
    Table {
        header_rows: cand.header_rows,
        columns,
    }
}

/// A column's role checked against its cells: a flag or status column
/// whose cells list badges is the achievements list (`Awarded?` holding
/// `Authenticate, Display`); one whose cells are dates is the award date
/// (`Badge status` holding 14/05/2019); an unnamed column of labels naming
/// badges (`badge-authenticate`) is the badge labels. Returns the columns
/// changed, each with why, for `inspect`.
fn confirm_by_content(
    columns: &mut [Column],
    below: &[&Row],
    vocab: &Vocabulary,
) -> Vec<(u32, String)> {
    use super::evidence::Profile;
    let mut changed = Vec::new();
    let has = |columns: &[Column], role: Role| columns.iter().any(|c| c.role == Some(role));
    for i in 0..columns.len() {
        let Some(c) = columns.get(i) else { continue };
        if c.pinned {
            continue;
        }
        let role = c.role;
        let col = c.index;
        let flagging = matches!(
            role,
            Some(Role::AwardedFlag | Role::BadgeStatus | Role::Stage)
        );
        if !flagging && role.is_some() {
            continue;
        }
        let profile = Profile::of(below, col, vocab);
        let new = if profile.lists_badges() && !has(columns, Role::Achievements) {
            Some((
                Role::Achievements,
                format!(
                    "its cells list badges: {} of {}",
                    profile.lists + profile.badges,
                    profile.filled
                ),
            ))
        } else if flagging && profile.holds_dates() && !has(columns, Role::AwardDate) {
            Some((
                Role::AwardDate,
                format!(
                    "its cells are dates: {} of {}",
                    profile.dates, profile.filled
                ),
            ))
        } else if role.is_none() && profile.labels() {
            Some((
                Role::BadgeTags,
                format!("{} of its labels name badges", profile.tags),
            ))
        } else {
            None
        };
        if let (Some((role, why)), Some(c)) = (new, columns.get_mut(i)) {
            c.role = Some(role);
            changed.push((col, why));
        }
    }
    changed
}

/// A name column whose values are CRM record ids (`Organization__c` holds
/// the account's id, not its name) is that record's id column.
fn ids_by_value(columns: &mut [Column], below: &[&Row]) {
    for c in columns.iter_mut() {
        let Some(role) = c.role else { continue };
        let id_role = match role {
            Role::RecordName => Role::RecordId,
            Role::Member | Role::Integration | Role::Product | Role::Vendor | Role::Consortium => {
                if let Some(id) = role.id_of() {
                    id
                } else {
                    if holds_ids(c.index, below) {
                        c.role = None;
                    }
                    continue;
                }
            }
            _ => continue,
        };
        if holds_ids(c.index, below) {
            c.role = Some(id_role);
        }
    }
}

/// Most of the column's values below the header are record ids.
fn holds_ids(col: u32, below: &[&Row]) -> bool {
    let values: Vec<String> = below
        .iter()
        .map(|r| r.get(col).display())
        .filter(|v| !v.is_empty())
        .collect();
    let ids = values.iter().filter(|v| is_record_id(v)).count();
    ids > 0 && ids * 5 >= values.len() * 4
}

/// `Name` and `Id` are the row's own record: the integration when another
/// column names the member or holds its id (a Data Loader export of
/// integrations), else the member (a company export). An id is the
/// integration's only when an integration column exists.
fn resolve_record_roles(columns: &mut [Column]) {
    let has = |columns: &[Column], role: Role| columns.iter().any(|c| c.role == Some(role));
    let member_elsewhere = has(columns, Role::Member) || has(columns, Role::MemberId);
    for c in columns.iter_mut() {
        if c.role == Some(Role::RecordName) {
            c.role = Some(if member_elsewhere {
                Role::Integration
            } else {
                Role::Member
            });
        }
    }
    let integration = has(columns, Role::Integration);
    for c in columns.iter_mut() {
        if c.role == Some(Role::RecordId) {
            c.role = Some(if integration {
                Role::IntegrationId
            } else {
                Role::MemberId
            });
        }
    }
}

/// Without a column naming the member, its id column stands for it (a Data
/// Loader export without `Organization__r.Name`); returns that column's
/// index for the warning.
fn member_by_id(columns: &mut [Column]) -> Option<usize> {
    if columns.iter().any(|c| c.role == Some(Role::Member)) {
        return None;
    }
    let (i, c) = columns
        .iter_mut()
        .enumerate()
        .find(|(_, c)| c.role == Some(Role::MemberId))?;
    c.role = Some(Role::Member);
    Some(i)
}

/// A column dropped for repeating another's role.
struct Duplicate {
    role: Role,
    cell: String,
    header: String,
    /// The kept column's cell and header.
    first: (String, String),
}

/// Keeps one column per role. Names beat ids (already told apart), so a
/// remaining pair is two columns of one meaning: the first wins.
fn drop_duplicates(columns: &mut [Column]) -> Vec<Duplicate> {
    let mut kept: Vec<(Role, String, String)> = Vec::new();
    let mut dropped = Vec::new();
    for c in columns.iter_mut() {
        let Some(role) = c.role.filter(|r| !r.repeatable()) else {
            continue;
        };
        match kept.iter().find(|(r, _, _)| *r == role) {
            Some((_, cell, header)) => {
                dropped.push(Duplicate {
                    role,
                    cell: c.cell.clone(),
                    header: c.header.clone(),
                    first: (cell.clone(), header.clone()),
                });
                c.role = None;
            }
            None => kept.push((role, c.cell.clone(), c.header.clone())),
        }
    }
    dropped
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(index: u32, cells: &[&str]) -> Row {
        Row {
            index,
            cells: cells
                .iter()
                .map(|c| {
                    if c.is_empty() {
                        Value::Empty
                    } else {
                        Value::Text(c.to_string())
                    }
                })
                .collect(),
        }
    }

    #[test]
    fn finds_header_below_banner_rows() {
        let v = crate::vocab::tests::builtin();
        let rows = vec![
            row(0, &["Consortium badge register 2019"]),
            row(1, &["Prepared by the consortium office"]),
            row(3, &["Member", "System", "Authenticate", "Collect", "Notes"]),
            row(4, &["Univ A", "Pure", "Y", "N", ""]),
        ];
        let mut issues = vec![];
        let t = detect(&rows, &v, "f", None, &mut issues).unwrap();
        assert_eq!(t.header_rows, vec![3]);
        assert_eq!(t.first_data_row(), 4);
        assert_eq!(t.column(Role::Integration).unwrap().cell, "B4");
        assert_eq!(t.layout(), vec!["wide (one column per badge)"]);
        assert!(issues.is_empty());
    }

    #[test]
    fn two_row_header_under_a_group_cell() {
        let v = crate::vocab::tests::builtin();
        let rows = vec![
            row(0, &["Member", "Integration", "Badges", "", "", "Notes"]),
            row(1, &["", "", "Authenticate", "Display", "Connect", ""]),
            row(2, &["Univ A", "CRIS", "✓", "✓", "", ""]),
        ];
        let t = detect(&rows, &v, "f", None, &mut vec![]).unwrap();
        assert_eq!(t.header_rows, vec![0, 1]);
        let display = t
            .columns
            .iter()
            .find(|c| c.header == "Badges › Display")
            .unwrap();
        assert_eq!(display.cell, "D2");
        assert_eq!(t.column(Role::Notes).unwrap().header, "Notes");
        assert_eq!(t.column(Role::Member).unwrap().cell, "A2");
    }

    #[test]
    fn a_banner_right_above_the_header_is_not_its_upper_row() {
        let v = crate::vocab::tests::builtin();
        let rows = vec![
            row(0, &["2018 reviews"]),
            row(1, &["Member", "System", "Authenticate", "Display"]),
            row(2, &["Univ A", "Pure", "✓", "✓"]),
        ];
        let t = detect(&rows, &v, "f", None, &mut vec![]).unwrap();
        assert_eq!(t.header_rows, vec![1]);
        assert_eq!(t.column(Role::Member).unwrap().header, "Member");
    }

    #[test]
    fn duplicate_role_columns_are_reported() {
        let v = crate::vocab::tests::builtin();
        let rows = vec![row(0, &["Member", "Organisation", "Level"])];
        let mut issues = vec![];
        let t = detect(&rows, &v, "reg.csv", None, &mut issues).unwrap();
        assert_eq!(t.columns[1].role, None);
        assert_eq!(issues.len(), 1);
        assert_eq!(issues[0].cell.as_deref(), Some("B1"));
        assert_eq!(
            issues[0].message,
            "second column for member (the first is A1 \"Member\")"
        );
    }

    #[test]
    fn sheets_without_a_table_say_why() {
        let v = crate::vocab::tests::builtin();
        let notes = vec![
            row(0, &["Read me"]),
            row(1, &["This workbook lists badges"]),
        ];
        assert_eq!(
            detect(&notes, &v, "f", None, &mut vec![]),
            Err(NoTable::NoMemberColumn)
        );
        let members = vec![row(2, &["Member", "Country"])];
        assert_eq!(
            detect(&members, &v, "f", None, &mut vec![]),
            Err(NoTable::NoBadgeColumn { header_row: 2 })
        );
        assert_eq!(detect(&[], &v, "f", None, &mut vec![]), Err(NoTable::Empty));
    }

    #[test]
    fn status_beside_a_wide_table_is_the_stage() {
        let v = crate::vocab::tests::builtin();
        let rows = vec![row(0, &["Member", "Status", "Display"])];
        let t = detect(&rows, &v, "f", None, &mut vec![]).unwrap();
        assert_eq!(t.columns[1].role, Some(Role::Stage));
    }
}
