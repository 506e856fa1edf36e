//! End-to-end tests: the real binary on fixtures written to a temporary
//! directory, and the library on the same fixtures where the detail matters.

mod architecture;
mod carried;
mod content;
mod corpus;
mod coverage;
mod cycle;
mod explain;
mod hostile;
mod ingest;
mod mapping;
mod output;
mod props;
mod readers;
mod reading;
mod recheck;
mod requests;
mod run;
mod shapes;
mod structure;
mod support;
mod values;
