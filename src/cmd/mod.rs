//! The command line: one module per subcommand, each owning its arguments,
//! help text and `run`. Exit statuses are chosen here and documented in
//! `--help`.

mod backup;
pub mod check;
mod error;
pub mod explain;
pub mod generate;
pub mod inspect;
pub mod mappings;
pub mod pipeline;
mod reading_template;
pub mod run;
pub mod template;

use clap::{Parser, Subcommand};
pub use error::{Error, Result};
use std::io::Write;
use std::process::ExitCode;

/// Exit statuses, the same for every subcommand.
pub mod exit {
    /// Everything was read and done.
    pub const OK: u8 = 0;
    /// Done, but some input was rejected (a file, sheet part or rows).
    pub const REJECTED: u8 = 1;
    /// Usage error, missing input, unusable mapping or output: nothing done.
    pub const USAGE: u8 = 2;
}

const AFTER_HELP: &str = "\
Exit status:
  0  done (run: outputs written; rejected rows are listed as issues)
  1  inspect: some files or rows were rejected; run: a --fail-on condition held
  2  usage error, input not found, invalid mapping, output not writable";

#[derive(Debug, Parser)]
#[command(
    name = "badgemap",
    version,
    about = "Migrate ORCID Collect & Connect badge records to Certified Service Provider criteria",
    after_help = AFTER_HELP
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// Print only errors (no summary, no progress).
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Also print each phase's time and peak memory on standard error.
    #[arg(short, long, global = true)]
    pub verbose: bool,
}

/// How much the terminal is told, set once from `-q` / `-v`.
pub mod output {
    use std::io::IsTerminal;
    use std::sync::atomic::{AtomicU8, Ordering};

    static LEVEL: AtomicU8 = AtomicU8::new(1);

    pub fn set(quiet: bool, verbose: bool) {
        LEVEL.store(
            if quiet {
                0
            } else if verbose {
                2
            } else {
                1
            },
            Ordering::Relaxed,
        );
    }

    pub fn quiet() -> bool {
        LEVEL.load(Ordering::Relaxed) == 0
    }

    pub fn verbose() -> bool {
        LEVEL.load(Ordering::Relaxed) == 2 || std::env::var_os("BADGEMAP_TIMING").is_some()
    }

    /// Progress lines and colour only for a person at a terminal: never on
    /// pipes, in CI, or with `NO_COLOR`.
    pub fn interactive() -> bool {
        !quiet() && std::io::stderr().is_terminal() && std::env::var_os("CI").is_none()
    }

    /// The spinner that shows the current phase; hidden off a terminal.
    fn spinner() -> &'static indicatif::ProgressBar {
        static SPINNER: std::sync::OnceLock<indicatif::ProgressBar> = std::sync::OnceLock::new();
        SPINNER.get_or_init(|| {
            let bar = indicatif::ProgressBar::with_draw_target(
                None,
                indicatif::ProgressDrawTarget::stderr(),
            );
            if let Ok(style) = indicatif::ProgressStyle::with_template("{spinner} {wide_msg}") {
                bar.set_style(style);
            }
            bar
        })
    }

    /// A phase starting: `reading 3 files…` (on a terminal only).
    pub fn progress(message: &str) {
        if interactive() {
            spinner().set_message(format!("{message}…"));
            spinner().tick();
        }
    }

    /// Clears the progress line.
    pub fn done() {
        if interactive() {
            spinner().finish_and_clear();
        }
    }

    /// `text` in a colour. Written through an `anstream` stream, the colour
    /// is dropped off a terminal and with `NO_COLOR`.
    pub fn paint(text: &str, colour: anstyle::AnsiColor) -> String {
        let style = anstyle::Style::new().fg_color(Some(colour.into()));
        format!("{style}{text}{style:#}")
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    Run(run::Args),
    Explain(explain::Args),
    Inspect(inspect::Args),
    Check(check::Args),
    Generate(generate::Args),
    Template(template::Args),
    /// Print shell completions (bash, zsh, fish, powershell, elvish).
    #[command(
        after_help = "Example:\n  badgemap completions bash > ~/.local/share/bash-completion/completions/badgemap"
    )]
    Completions {
        shell: clap_complete::Shell,
    },
    Mappings(mappings::Args),
}

/// `--month-first` / `--day-first`, shared by the commands that read registers.
#[derive(Debug, Clone, Copy, Default, clap::Args)]
pub struct DateOrderArg {
    /// Read numeric dates such as 03/04/2018 as month first in every column
    /// (default: each column's order is inferred from its unambiguous dates,
    /// day first when none decides).
    #[arg(long, conflicts_with = "day_first")]
    pub month_first: bool,
    /// Read numeric dates such as 03/04/2018 as day first in every column.
    #[arg(long)]
    pub day_first: bool,
}

impl DateOrderArg {
    /// The order told, if any.
    pub fn forced(self) -> Option<crate::ingest::dates::DayOrder> {
        use crate::ingest::dates::DayOrder;
        if self.month_first {
            Some(DayOrder::MonthFirst)
        } else if self.day_first {
            Some(DayOrder::DayFirst)
        } else {
            None
        }
    }
}

/// `--mapping FILE`, shared by the commands that use a mapping.
#[derive(Debug, Clone, clap::Args)]
pub struct MappingArg {
    /// Mapping file (TOML); default: the embedded csp-2023 mapping.
    #[arg(long, value_name = "FILE")]
    pub mapping: Option<std::path::PathBuf>,
}

impl MappingArg {
    /// Loads the mapping; its diagnostics travel with the error.
    pub fn load(&self) -> Result<crate::mapping::Loaded> {
        if let Some(path) = &self.mapping {
            must_exist(path, "the mapping file")?;
        }
        crate::mapping::load(self.mapping.as_deref()).map_err(|e| Error::Mapping {
            diagnostics: e.render_errors_last(output::verbose()),
            name: e.name.clone(),
        })
    }
}

/// `--reading FILE`, shared by the commands that read registers.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct ReadingArg {
    /// Reading hints (TOML): how given sheets are read, pinned (which rows
    /// are the header, which column or cell holds the member, …); the rest
    /// is inferred. `badgemap inspect --reading-template` writes one.
    #[arg(long, value_name = "FILE")]
    pub reading: Option<std::path::PathBuf>,
}

impl ReadingArg {
    /// Loads the hints, if given; their diagnostics travel with the error.
    pub fn load(
        &self,
        vocab: &crate::vocab::Vocabulary,
    ) -> Result<Option<std::sync::Arc<crate::ingest::reading::ReadingHints>>> {
        let Some(path) = &self.reading else {
            return Ok(None);
        };
        must_exist(path, "the reading hints file")?;
        crate::ingest::reading::load(path, vocab)
            .map(|h| Some(std::sync::Arc::new(h)))
            .map_err(|e| Error::Reading {
                name: e.name.clone(),
                count: e.diagnostics.len(),
                diagnostics: e.render(),
            })
    }
}

/// Runs the parsed command line and returns the process exit status.
pub fn run(cli: Cli) -> ExitCode {
    output::set(cli.quiet, cli.verbose);
    if output::interactive() {
        crate::progress::listen(output::progress);
    }
    let stdout = std::io::stdout();
    let mut out = anstream::AutoStream::auto(stdout.lock());
    let status = dispatch(cli.command, &mut out).and_then(|status| {
        out.flush()?;
        Ok(status)
    });
    match status {
        Ok(status) => ExitCode::from(status),
        Err(e) if e.is_broken_pipe() => ExitCode::SUCCESS,
        Err(e) => {
            report(&e);
            ExitCode::from(exit::USAGE)
        }
    }
}

fn dispatch(command: Command, out: &mut dyn Write) -> Result<u8> {
    match command {
        Command::Run(args) => run::run(&args, out),
        Command::Explain(args) => explain::run(&args, out),
        Command::Inspect(args) => inspect::run(&args, out),
        Command::Check(args) => check::run(&args, out),
        Command::Generate(args) => generate::run(&args, out),
        Command::Template(args) => template::run(&args, out),
        Command::Completions { shell } => {
            let mut command = <Cli as clap::CommandFactory>::command();
            let mut buffer = Vec::new();
            clap_complete::generate(shell, &mut command, "badgemap", &mut buffer);
            out.write_all(&buffer)?;
            Ok(exit::OK)
        }
        Command::Mappings(args) => mappings::run(&args, out),
    }
}

/// Prints a command's error once: a mapping's diagnostics, then one line
/// (red on a terminal).
fn report(e: &Error) {
    output::done();
    let mut err = anstream::stderr().lock();
    if let Error::Mapping { diagnostics, .. } = e {
        let _ = write!(err, "{diagnostics}");
    }
    if let Error::Reading { diagnostics, .. } = e {
        let _ = writeln!(err, "{diagnostics}");
    }
    let _ = writeln!(
        err,
        "{} {e}",
        output::paint("badgemap:", anstyle::AnsiColor::Red)
    );
}

/// Prints a command-line error as clap does, adding the nearest command
/// when a subcommand is mistyped (`badgemap rn`), as clap does for flags.
pub fn parse_error(e: &clap::Error) -> ExitCode {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    let typed = match (e.kind(), e.get(ContextKind::InvalidSubcommand)) {
        (ErrorKind::InvalidSubcommand, Some(ContextValue::String(typed))) => Some(typed.clone()),
        _ => None,
    };
    let suggested = e.get(ContextKind::SuggestedSubcommand).is_some();
    let nearest = typed.filter(|_| !suggested).and_then(|typed| {
        let command = <Cli as clap::CommandFactory>::command();
        command
            .get_subcommands()
            .map(|c| c.get_name().to_string())
            .map(|name| (strsim::levenshtein(&typed, &name), name))
            .filter(|(d, name)| *d <= 2 && *d < name.len())
            .min()
            .map(|(_, name)| name)
    });
    if let Some(name) = nearest {
        let rendered = e.render().to_string();
        let (first, rest) = rendered.split_once('\n').unwrap_or((&rendered, ""));
        eprintln!("{first}\n\n  tip: a similar command exists: '{name}'\n{rest}");
        ExitCode::from(exit::USAGE)
    } else {
        let _ = e.print();
        ExitCode::from(if e.use_stderr() {
            exit::USAGE
        } else {
            exit::OK
        })
    }
}

/// `1 file`, `2 files`.
pub fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// A workbook output must be a file named `.xlsx`: a directory, or another
/// extension (`-o x.csv` would write an xlsx under a CSV name), is refused.
pub fn check_workbook_name(path: &std::path::Path) -> std::result::Result<(), String> {
    if path.is_dir() {
        return Err(format!(
            "{} is a directory; give the workbook's file name, such as {}",
            path.display(),
            path.join("reconciled.xlsx").display()
        ));
    }
    let xlsx = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
    if !xlsx {
        return Err(format!(
            "{} does not end in .xlsx: the workbook is written as .xlsx (CSV files come with --csv-dir DIR, JSON with --json FILE)",
            path.display()
        ));
    }
    Ok(())
}

/// Says that an input file given by name does not exist.
pub fn must_exist(path: &std::path::Path, what: &str) -> Result<()> {
    if path.exists() {
        Ok(())
    } else {
        Err(fail(format!("{what} {} does not exist", path.display())))
    }
}

/// An error that stops the command with one line and exit status 2.
pub fn fail(message: impl std::fmt::Display) -> Error {
    Error::Usage(message.to_string())
}
