//! An integration and its facts: what ingestion produces and every later
//! stage reads. Nothing here reads a file.

use super::{AwardDate, BadgeId};
use crate::small_map::SmallMap;
use serde::Serialize;
use std::sync::Arc;

/// Where a fact came from. Indices point into `Register::sources`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SourceRef {
    pub sheet: u32,
    /// Zero-based row and column.
    pub row: u32,
    pub col: u32,
}

/// A sheet (or a CSV file) that facts were read from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SheetSource {
    pub file: String,
    /// `None` for delimited text files.
    pub sheet: Option<String>,
    /// Read with its records along the columns: a [`SourceRef`]'s row is
    /// the sheet's column and its column the sheet's row.
    #[serde(skip)]
    pub transposed: bool,
}

impl SheetSource {
    /// The cell a [`SourceRef`] into this sheet names, as the sheet shows it.
    pub fn cell(&self, r: SourceRef) -> String {
        if self.transposed {
            super::cell::a1(r.col, r.row)
        } else {
            super::cell::a1(r.row, r.col)
        }
    }
}

/// What a cell outside an integration's row is to it, when its member was
/// read there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outside {
    /// A cell the reading hints name (a title cell such as A1).
    Title,
    /// A label line above the rows (`Member: Acme University`).
    Label,
    /// A member line standing above its integrations in their column.
    Parent,
    /// The header line above a column of a sheet read along its columns.
    Header,
}

/// Where an integration's member was read, when not in a cell of its own
/// row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MemberFrom {
    Cell(Outside, SourceRef),
    /// The sheet's name.
    SheetName,
    /// The file's name.
    FileName,
    /// A value the reading hints give: where (`reading.toml:3`).
    Given(Arc<str>),
}

impl MemberFrom {
    /// In words, the cell placed by `cell`: `the label line A3`, `the
    /// sheet's name`.
    pub fn describe(&self, cell: impl Fn(SourceRef) -> String) -> String {
        match self {
            MemberFrom::Cell(outside, at) => {
                let what = match outside {
                    Outside::Title => "the cell",
                    Outside::Label => "the label line",
                    Outside::Parent => "the parent line",
                    Outside::Header => "the header line",
                };
                format!("{what} {}", cell(*at))
            }
            MemberFrom::SheetName => "the sheet's name".to_string(),
            MemberFrom::FileName => "the file's name".to_string(),
            MemberFrom::Given(at) => format!("the reading hints ({at})"),
        }
    }
}

/// How an award was written in the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Encoding {
    Long,
    Wide,
    Level,
    Achievements,
    HighestAchievement,
    /// A tracker's label naming the badge.
    Tag,
}

impl Encoding {
    /// How the encoding is named in reports.
    pub fn describe(self) -> &'static str {
        match self {
            Encoding::Long => "row per award",
            Encoding::Wide => "column per badge",
            Encoding::Level => "level",
            Encoding::Achievements => "achievements list",
            Encoding::HighestAchievement => "highest achievement",
            Encoding::Tag => "label",
        }
    }
}

/// One sighting of a badge for an integration.
#[derive(Debug, Clone, PartialEq)]
pub struct BadgeFact {
    pub badge: BadgeId,
    /// `None` when awarded; otherwise the status as written (`In progress`).
    pub not_awarded: Option<Arc<str>>,
    pub date: Option<AwardDate>,
    pub encoding: Encoding,
    /// The cell text the badge was read from (shared: the same few texts
    /// recur across a register).
    pub text: Arc<str>,
    pub source: SourceRef,
}

/// An awarded badge, merged over every row that reports it.
#[derive(Debug, Clone, PartialEq)]
pub struct Award {
    /// The earliest known award date.
    pub date: Option<AwardDate>,
    pub facts: Vec<BadgeFact>,
}

/// Descriptive facts about an integration, each with the cell it came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Attr {
    MemberId,
    IntegrationId,
    Product,
    /// The product's release, taken from its cell ("Pure 5.28").
    ProductVersion,
    Vendor,
    Sector,
    Workflow,
    Country,
    Consortium,
    Stage,
    Inactive,
    ApiVersion,
}

impl Attr {
    pub fn label(self) -> &'static str {
        match self {
            Attr::MemberId => "member id",
            Attr::IntegrationId => "integration id",
            Attr::Product => "product",
            Attr::ProductVersion => "product version",
            Attr::Vendor => "vendor",
            Attr::Sector => "sector",
            Attr::Workflow => "workflow",
            Attr::Country => "country",
            Attr::Consortium => "consortium",
            Attr::Stage => "stage",
            Attr::Inactive => "inactive flag",
            Attr::ApiVersion => "API version",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Sourced {
    pub value: Arc<str>,
    pub source: SourceRef,
}

/// One member integration.
#[derive(Debug, Clone, PartialEq)]
pub struct Integration {
    /// Member name as first written (white space tidied).
    pub member: Arc<str>,
    /// Integration name as first written, or the product, or `(unnamed integration)`.
    pub name: Arc<str>,
    pub member_key: Arc<str>,
    pub name_key: Arc<str>,
    pub attrs: SmallMap<Attr, Sourced>,
    pub notes: Vec<Sourced>,
    pub awards: SmallMap<BadgeId, Award>,
    /// Badge facts that are not awards (other statuses, unclear cells).
    pub other_facts: Vec<BadgeFact>,
    /// Reasons a person must look at this integration.
    pub problems: Vec<String>,
    /// Every row that mentions it.
    pub rows: Vec<SourceRef>,
    /// Where its member was read, when not in a cell of its first row.
    pub member_from: Option<MemberFrom>,
}

impl Integration {
    pub fn attr(&self, attr: Attr) -> Option<&str> {
        self.attrs.get(&attr).map(|s| &*s.value)
    }

    pub fn is_inactive(&self) -> bool {
        self.attr(Attr::Inactive) == Some("true")
    }
}

/// The name used when an integration has neither a name nor a product.
pub const UNNAMED: &str = "(unnamed integration)";
