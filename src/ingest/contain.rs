//! A panic in a file reader ends only that file.
//!
//! calamine panics on some damaged files (an xlsb naming a relationship its
//! workbook lacks indexes a map that has no such key). Every workbook read,
//! for registers, the certified-provider list and an earlier run's workbook
//! alike, goes through [`contain`]: the panic is caught, kept off the
//! terminal, and becomes the file's error naming where it happened, so the
//! run goes on with the other files.

use super::FileError;
use std::cell::{Cell, RefCell};

thread_local! {
    /// Set while a reader runs on this thread: its panics are reported as
    /// file errors, not printed.
    static READING: Cell<bool> = const { Cell::new(false) };
    /// The last contained panic on this thread: where and what.
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Runs `read`; a panic inside it becomes [`FileError::ReaderFailed`].
pub(crate) fn contain<T>(read: impl FnOnce() -> Result<T, FileError>) -> Result<T, FileError> {
    quiet_reader_panics();
    let outer = READING.with(|r| r.replace(true));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(read));
    READING.with(|r| r.set(outer));
    result.unwrap_or_else(|_| {
        let what = LAST_PANIC
            .with(|p| p.borrow_mut().take())
            .unwrap_or_else(|| "it stopped unexpectedly".to_string());
        Err(FileError::ReaderFailed(what))
    })
}

/// Installs, once, a panic hook that records a contained reader's panic
/// instead of printing it, and leaves every other panic to the hook before.
fn quiet_reader_panics() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !READING.with(Cell::get) {
                return previous(info);
            }
            let what = info
                .payload()
                .downcast_ref::<&str>()
                .map(std::string::ToString::to_string)
                .or_else(|| info.payload().downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "a panic".to_string());
            let at = info
                .location()
                .map(|l| format!("{}:{}: ", short_path(l.file()), l.line()))
                .unwrap_or_default();
            LAST_PANIC.with(|p| *p.borrow_mut() = Some(format!("{at}{what}")));
        }));
    });
}

/// `…/calamine-0.38.0/src/xlsb/mod.rs` → `calamine-0.38.0/src/xlsb/mod.rs`.
fn short_path(file: &str) -> &str {
    file.rfind("/calamine")
        .and_then(|i| file.get(i + 1..))
        .unwrap_or(file)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_the_files_error_and_the_next_read_is_unaffected() {
        let failed: Result<(), FileError> = contain(|| panic!("no entry found for key"));
        let message = failed.unwrap_err().to_string();
        assert!(
            message.starts_with("the reader failed on this file (src/ingest/contain.rs:"),
            "{message}"
        );
        assert!(message.contains("no entry found for key"), "{message}");
        assert_eq!(contain(|| Ok(7)).unwrap(), 7);
    }
}
