//! `badgemap explain`: the whole decision chain for one integration, from
//! the cells read to the status, so an analyst can see why.

use super::pipeline::{prepare, ReconcileArgs};
use super::{exit, fail};
use crate::reconcile::{reconcile, Context};
use crate::report::explain::explain;
use crate::report::Report;
use std::path::{Path, PathBuf};

const EXAMPLES: &str = "\
Examples:
  badgemap explain \"University of Northmoor\" \"Research portal\" samples/
  badgemap explain northmoor samples/ --certified samples/certified-providers.csv
  badgemap explain \"Kestrel Health\" registers/ --previous reconciled.xlsx

The second argument is taken as the integration's name unless it names an
existing file or directory; leave it out when the member has one integration.";

/// Show the whole decision chain for one integration: rows and cells read,
/// badges and how their text was read, rules that fired or not and why,
/// evidence per criterion, and the status.
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct Args {
    /// Member organisation (any spelling ingestion would match; a unique part is enough).
    pub member: String,
    /// [INTEGRATION] INPUT…: the integration's name (optional), then the register files or directories.
    #[arg(required = true, value_name = "INTEGRATION|INPUT")]
    pub rest: Vec<String>,
    #[command(flatten)]
    pub reconcile: ReconcileArgs,
}

pub fn run(args: &Args, out: &mut dyn std::io::Write) -> super::Result<u8> {
    let (integration_name, inputs) = split_rest(&args.rest);
    if inputs.is_empty() {
        return Err(fail(
            "give the register files or directories after the member (and integration) name",
        ));
    }
    let as_of = args.reconcile.as_of();
    let sources = args.reconcile.sources(&inputs);
    let prepared = prepare(&sources, &mut |_| ())?;
    let (loaded, ingested, certified) =
        (&prepared.mapping, &prepared.ingested, &prepared.certified);
    let index = ingested
        .register
        .find_integration(&args.member, integration_name.as_deref())
        .map_err(fail)?;
    let ctx = Context {
        plan: &loaded.plan,
        certified,
        as_of,
        analyst: prepared.analyst(),
    };
    let decisions = reconcile(&ingested.register, &ctx);
    let report = Report::of_decisions(as_of, loaded, ingested, certified, &decisions);
    let Some(decision) = decisions.iter().find(|d| d.integration == index) else {
        return Err(fail("internal error: the integration has no decision"));
    };
    write!(out, "{}", explain(&report, decision, &ctx))?;
    Ok(exit::OK)
}

/// `(integration, inputs)`: the first of `rest` is the integration's name
/// unless it names an existing path.
fn split_rest(rest: &[String]) -> (Option<String>, Vec<PathBuf>) {
    match rest.split_first() {
        Some((first, others)) if !Path::new(first).exists() && !others.is_empty() => (
            Some(first.clone()),
            others.iter().map(PathBuf::from).collect(),
        ),
        _ => (None, rest.iter().map(PathBuf::from).collect()),
    }
}
