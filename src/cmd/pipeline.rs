//! What `run` and `explain` share: load the mapping, read the registers, the
//! certified-provider list and an earlier workbook, failing with one message
//! and exit status 2 when any of them cannot be used.

use super::{fail, MappingArg};
use crate::certified::{self, CertifiedList};
use crate::ingest::aliases::{AliasKind, Aliases, Naming};
use crate::ingest::dates::DayOrder;
use crate::ingest::{ingest, Ingested, Options};
use crate::mapping::Loaded;
use crate::recheck::Previous;
use crate::reconcile::AnalystDecisions;
use chrono::NaiveDate;
use std::path::{Path, PathBuf};

/// The arguments `run` and `explain` share: what to reconcile with, and as
/// of when.
#[derive(Debug, clap::Args)]
pub struct ReconcileArgs {
    #[command(flatten)]
    pub mapping: MappingArg,
    /// Certified-provider list (CSV or workbook) as copied from ORCID's page:
    /// product, provider, category, certified on, and the day it was copied
    /// (a column or a line such as "Copied on 2 November 2026"); optionally
    /// last reviewed, expires, version, aliases.
    #[arg(long, value_name = "FILE")]
    pub certified: Option<PathBuf>,
    /// Date at which evidence is aged and certifications checked (YYYY-MM-DD; default: today).
    #[arg(long, value_name = "DATE", value_parser = super::run::parse_as_of)]
    pub as_of: Option<NaiveDate>,
    /// An earlier run's reconciled workbook: its analysts' decisions carry
    /// forward and a Changes sheet explains what changed since.
    #[arg(long, value_name = "OLD.xlsx")]
    pub previous: Option<PathBuf>,
    #[command(flatten)]
    pub dates: super::DateOrderArg,
    /// Names settled as the same (CSV: kind,name,same as; kind member,
    /// integration or product): merged on reading.
    #[arg(long, value_name = "FILE")]
    pub aliases: Option<PathBuf>,
    #[command(flatten)]
    pub reading: super::ReadingArg,
}

impl ReconcileArgs {
    /// The inputs of a reconciliation of the registers `inputs`.
    pub fn sources<'a>(&'a self, inputs: &'a [PathBuf]) -> Sources<'a> {
        Sources {
            inputs,
            mapping: &self.mapping,
            certified: self.certified.as_deref(),
            previous: self.previous.as_deref(),
            aliases: self.aliases.as_deref(),
            reading: &self.reading,
            forced: self.dates.forced(),
            as_of: self.as_of(),
        }
    }

    /// The as-of date: given, else today.
    pub fn as_of(&self) -> NaiveDate {
        self.as_of
            .unwrap_or_else(|| chrono::Local::now().date_naive())
    }
}

/// The command-line inputs of a reconciliation.
pub struct Sources<'a> {
    pub inputs: &'a [PathBuf],
    pub mapping: &'a MappingArg,
    pub certified: Option<&'a Path>,
    pub previous: Option<&'a Path>,
    pub aliases: Option<&'a Path>,
    pub reading: &'a super::ReadingArg,
    /// `--month-first` / `--day-first`.
    pub forced: Option<DayOrder>,
    /// No award can be dated after it.
    pub as_of: NaiveDate,
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
    if let Some(path) = sources.aliases {
        super::must_exist(path, "the aliases file")?;
    }
    let order = sources.forced.unwrap_or_default();
    // The certified list first: its product names apply while reading.
    let mut certified = match sources.certified {
        Some(path) => certified::load(path, &mapping.plan, order, sources.as_of),
        None => CertifiedList::default(),
    };
    let mut aliases = Aliases::of_mapping(&mapping.plan);
    for product in &certified.products {
        let others = product.other_names();
        aliases.add_product(
            &product.product,
            Naming::List,
            others.iter().map(String::as_str),
            &format!("certified list {}", product.source),
        );
    }
    let mut alias_issues = Vec::new();
    if let Some(path) = sources.aliases {
        let (file, issues) = Aliases::read(path).map_err(fail)?;
        aliases.merge(file);
        alias_issues = issues;
    }
    certified.rename(|name| aliases.get(AliasKind::Product, name).map(|a| a.same_as));
    let reading = sources.reading.load(&mapping.plan.vocab)?;
    let options = Options {
        window: crate::ingest::DateWindow {
            earliest: mapping.plan.programme_started,
            ended: mapping.plan.programme_ended,
            latest: Some(sources.as_of),
        },
        day_order: sources.forced,
        // The list, the mapping and the earlier workbook are inputs of another kind.
        exclude: sources
            .certified
            .into_iter()
            .chain(sources.mapping.mapping.as_deref())
            .chain(sources.previous)
            .chain(sources.aliases)
            .chain(sources.reading.reading.as_deref())
            .map(Path::to_path_buf)
            .collect(),
        aliases,
        reading,
    };
    super::output::progress("reading the registers");
    let mut ingested = ingest(sources.inputs, &mapping.plan.vocab, &options).map_err(fail)?;
    ingested.issues.extend(alias_issues);
    after_ingest(&ingested);
    let mut previous = sources
        .previous
        .map(|p| crate::recheck::read(p, sources.as_of))
        .transpose()
        .map_err(fail)?;
    if let Some(p) = &mut previous {
        p.settle(&ingested.register, &mapping.plan);
    }
    Ok(Prepared {
        mapping,
        ingested,
        certified,
        previous,
        no_decisions: AnalystDecisions::new(),
    })
}
