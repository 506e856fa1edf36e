//! The data every stage shares: integrations with their badge facts, award
//! dates and cell addresses. It depends on nothing but text helpers and the
//! badge ids of the vocabulary, so ingestion, reconciliation, re-checks and
//! reports can all use it without depending on one another.

pub mod cell;
mod date;
mod integration;
mod location;
pub mod product;

pub use date::{AwardDate, Precision};
pub use location::Location;
pub use product::{Qualifier, Release, Version, WrittenProduct};

/// Index of a badge in the mapping's vocabulary (`Vocabulary::badges`), in
/// display order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub struct BadgeId(pub u16);
pub use integration::{
    Attr, Award, BadgeFact, Encoding, Integration, MemberFrom, Outside, SheetSource, SourceRef,
    Sourced, UNNAMED,
};
