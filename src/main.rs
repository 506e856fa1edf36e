//! The `badgemap` binary: parse arguments, hand over to the library.

use clap::Parser;

fn main() -> std::process::ExitCode {
    match badgemap::cmd::Cli::try_parse() {
        Ok(cli) => badgemap::cmd::run(cli),
        Err(e) => badgemap::cmd::parse_error(&e),
    }
}
