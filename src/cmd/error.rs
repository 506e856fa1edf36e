//! One error type for the command layer. Commands return it; `cmd::run`
//! prints it once, as one line on standard error, and turns it into the exit
//! status. Output that cannot be written ends the command too: a pipe closed
//! early (`badgemap check … | head -1`) quietly, anything else (a full disk)
//! as an error.

/// Why a command stopped.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Writing the command's output failed.
    #[error("cannot write the output: {0}")]
    Output(#[source] std::io::Error),
    /// A mapping that does not load: its diagnostics (line, column, caret)
    /// are printed before the one-line message.
    #[error("the mapping {name} is invalid; `badgemap check {name}` explains")]
    Mapping { name: String, diagnostics: String },
    /// A reading hints file that cannot be used; its diagnostics, each with
    /// line and caret, are printed before the one-line message.
    #[error("the reading hints {name} cannot be used: {count} {}; fix them and run again", if *count == 1 { "problem above" } else { "problems above" })]
    Reading {
        name: String,
        diagnostics: String,
        count: usize,
    },
    /// Anything else that stops a command before it is done.
    #[error("{0}")]
    Usage(String),
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Self {
        Error::Output(e)
    }
}

impl Error {
    /// A closed pipe: the reader has all it wanted, so nothing is wrong.
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, Error::Output(e) if e.kind() == std::io::ErrorKind::BrokenPipe)
    }
}

pub type Result<T> = std::result::Result<T, Error>;
