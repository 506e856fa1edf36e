//! `badgemap mappings`: lists and prints the mappings embedded in the binary,
//! the starting point for a consortium's own mapping.

use super::exit;
use crate::mapping::{embedded, DEFAULT_ID, EMBEDDED};

const EXAMPLES: &str = "\
Examples:
  badgemap mappings list
  badgemap mappings show csp-2023 > consortium.toml";

/// List or print the embedded mappings.
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct Args {
    #[command(subcommand)]
    pub action: Action,
}

#[derive(Debug, clap::Subcommand)]
pub enum Action {
    /// List the embedded mappings.
    List,
    /// Print an embedded mapping's TOML.
    Show {
        /// Mapping id, as listed by `badgemap mappings list`.
        id: String,
    },
}

pub fn run(args: &Args, out: &mut dyn std::io::Write) -> super::Result<u8> {
    match &args.action {
        Action::List => {
            for e in EMBEDDED {
                let (version, title) = embedded(e.id).map_or_else(
                    || ("?".into(), "(invalid)".into()),
                    |l| (l.plan.version, l.plan.title),
                );
                let default = if e.id == DEFAULT_ID { "(default)" } else { "" };
                writeln!(out, "{:<14} {:<9} {:<7} {}", e.id, default, version, title)?;
            }
            Ok(exit::OK)
        }
        Action::Show { id } => {
            if let Some(e) = EMBEDDED.iter().find(|e| e.id == id) {
                write!(out, "{}", e.text)?;
                Ok(exit::OK)
            } else {
                let known: Vec<&str> = EMBEDDED.iter().map(|e| e.id).collect();
                Err(super::fail(format!(
                    "no embedded mapping {id:?}; known: {}",
                    known.join(", ")
                )))
            }
        }
    }
}
