//! The `badgemap` binary: parse arguments, hand over to the library.

use clap::Parser;

fn main() -> std::process::ExitCode {
    badgemap::cmd::run(badgemap::cmd::Cli::parse())
}
