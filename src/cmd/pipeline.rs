//! What `run` and `explain` share: load the mapping, read the registers, the
//! certified-provider list and an earlier workbook, failing with one message
//! and exit status 2 when any of them cannot be used.

use super::{fail, MappingArg};
use crate::certified::{self, CertifiedList};
use crate::ingest::dates::DayOrder;
use crate::ingest::{ingest, Ingested, Options};
use crate::mapping::Loaded;
use crate::recheck::Previous;
use crate::reconcile::AnalystDecisions;
use std::path::{Path, PathBuf};

/// The command-line inputs of a reconciliation.
pub struct Sources<'a> {
    pub inputs: &'a [PathBuf],
    pub mapping: &'a MappingArg,
    pub certified: Option<&'a Path>,
    pub previous: Option<&'a Path>,
    pub month_first: bool,
}

/// Everything read, ready to reconcile.
pub struct Prepared {
    pub mapping: Loaded,
    pub ingested: Ingested,
    pub certified: CertifiedList,
    pub previous: Option<Previous>,
    no_decisions: AnalystDecisions,
}

impl Prepared {
    /// The analysts' decisions of the earlier workbook, if one was given.
    pub fn analyst(&self) -> &AnalystDecisions {
        self.previous
            .as_ref()
            .map_or(&self.no_decisions, |p| &p.decisions)
    }
}

/// Loads and reads everything; `after_ingest` runs once the registers are read.
pub fn prepare(
    sources: &Sources<'_>,
    after_ingest: &mut dyn FnMut(&Ingested),
) -> super::Result<Prepared> {
    let mapping = sources.mapping.load()?;
    if let Some(path) = sources.certified {
        super::must_exist(path, "the certified-provider list")?;
    }
    if let Some(path) = sources.previous {
        super::must_exist(path, "the previous workbook")?;
    }
    let order = if sources.month_first {
        DayOrder::MonthFirst
    } else {
        DayOrder::DayFirst
    };
    let options = Options {
        day_order: order,
        // The list, the mapping and the earlier workbook are inputs of another kind.
        exclude: sources
            .certified
            .into_iter()
            .chain(sources.mapping.mapping.as_deref())
            .chain(sources.previous)
            .map(Path::to_path_buf)
            .collect(),
    };
    super::output::progress("reading the registers");
    let ingested = ingest(sources.inputs, &mapping.plan.vocab, &options).map_err(fail)?;
    after_ingest(&ingested);
    let certified = match sources.certified {
        Some(path) => certified::load(path, &mapping.plan, order).map_err(fail)?,
        None => CertifiedList::default(),
    };
    let previous = sources
        .previous
        .map(crate::recheck::read)
        .transpose()
        .map_err(fail)?;
    Ok(Prepared {
        mapping,
        ingested,
        certified,
        previous,
        no_decisions: AnalystDecisions::new(),
    })
}
