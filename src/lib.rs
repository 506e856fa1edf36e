//! badgemap: migrate ORCID Collect & Connect badge records to Certified
//! Service Provider criteria. The binary is a thin shell over this library;
//! data flows `ingest` (files → award register) and `mapping` (TOML → plan)
//! into the reports.

#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

pub mod certified;
pub mod cmd;
pub mod generate;
pub mod ingest;
pub mod issue;
pub mod layout;
pub mod mapping;
pub mod model;
pub mod progress;
pub mod recheck;
pub mod reconcile;
pub mod report;
pub mod small_map;
pub mod text;
pub mod vocab;
