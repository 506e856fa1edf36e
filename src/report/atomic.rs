//! Writing outputs so that a crash never leaves a half-written file: write
//! beside the target, then rename into place.

use std::io;
use std::path::{Path, PathBuf};

/// A temporary path in the target's directory, unique to this process.
pub fn temp_path(target: &Path) -> PathBuf {
    let name = target
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("output");
    target.with_file_name(format!(".{name}.badgemap-{}.tmp", std::process::id()))
}

/// Runs `write` on a temporary path, then renames it to `target`. The
/// temporary file is removed on failure.
pub fn write_atomically<E>(
    target: &Path,
    write: impl FnOnce(&Path) -> Result<(), E>,
) -> Result<(), AtomicError<E>> {
    let temp = temp_path(target);
    if let Err(e) = write(&temp) {
        let _ = std::fs::remove_file(&temp);
        return Err(AtomicError::Write(e));
    }
    std::fs::rename(&temp, target).map_err(|e| {
        let _ = std::fs::remove_file(&temp);
        AtomicError::Rename(e)
    })
}

#[derive(Debug)]
pub enum AtomicError<E> {
    Write(E),
    Rename(io::Error),
}

impl<E: std::fmt::Display> std::fmt::Display for AtomicError<E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            AtomicError::Write(e) => write!(f, "{e}"),
            AtomicError::Rename(e) => write!(f, "cannot move the finished file into place: {e}"),
        }
    }
}

impl<E: std::error::Error + 'static> std::error::Error for AtomicError<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            AtomicError::Write(e) => Some(e),
            AtomicError::Rename(e) => Some(e),
        }
    }
}
