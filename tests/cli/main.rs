//! End-to-end tests: the real binary on fixtures written to a temporary
//! directory, and the library on the same fixtures where the detail matters.

mod explain;
mod ingest;
mod mapping;
mod recheck;
mod run;
mod support;
