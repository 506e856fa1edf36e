//! Parsing runs ahead of ingestion on a second thread. A worker opens each
//! readable file in turn and streams its sheets' rows through a bounded
//! channel; the reading thread turns them into the register in exactly the
//! order one thread would, so the register, the issues and every output are
//! the same whichever thread is faster. The bound keeps a few thousand rows in
//! flight, whatever the size of the files.

use super::hints::SheetHints;
use super::sniff;
use super::table::RowResult;
use super::{contain, delimited, digest, workbook, FileError, Format};
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, SyncSender};

/// Rows per message, and messages in flight.
const BATCH: usize = 512;
pub(crate) const IN_FLIGHT: usize = 16;

/// What the worker reports about the file it is reading, in reading order.
pub(crate) enum Event {
    /// A sheet begins (`None` for delimited text), with what the workbook
    /// declares about it. Its rows follow.
    Sheet(Option<String>, SheetHints),
    /// A sheet that holds no records is not read, for this reason.
    Skipped(String, String),
    /// Something worth knowing about the file, nothing lost (it is read by
    /// its content, not its extension).
    Notice(String),
    /// Formula cells of a sheet read without a computed value.
    Uncalculated(String, workbook::Uncalculated),
    Rows(Vec<RowResult>),
    /// Quotes in a delimited file that never close, each read as a character.
    Unclosed(Vec<delimited::UnclosedQuote>),
    /// A delimited file's text encoding, with a notice when it was guessed.
    Encoding(&'static str, Option<String>),
    /// The file's SHA-256 (hex; empty when it could not be read).
    Digest(String),
    /// The file is done, and how reading it ended.
    End(Result<(), FileError>),
}

/// Parses `files` in order, sending each one's events and then its end.
/// Stops early when nobody listens any more.
///
/// A reader that panics (calamine does on some damaged files) ends only its
/// own file: see [`contain`].
pub(crate) fn parse_all(files: &[(PathBuf, Format)], tx: &SyncSender<Event>) {
    for (path, format) in files {
        let end = contain::contain(|| parse(path, *format, tx));
        if tx.send(Event::End(end)).is_err() {
            return;
        }
    }
}

/// [`sniff::identify`], with its notice sent as an event.
fn identify(
    path: &std::path::Path,
    declared: Format,
    tx: &SyncSender<Event>,
) -> Result<Format, FileError> {
    let (format, notice) = sniff::identify(path, declared)?;
    if let Some(notice) = notice {
        let _ = tx.send(Event::Notice(notice));
    }
    Ok(format)
}

// A closed channel is noticed at the next send of rows or of the end.
fn parse(
    path: &std::path::Path,
    declared: Format,
    tx: &SyncSender<Event>,
) -> Result<(), FileError> {
    let format = match identify(path, declared, tx) {
        Ok(format) => format,
        Err(e) => {
            let _ = tx.send(Event::Digest(digest::sha256_file(path)));
            return Err(e);
        }
    };
    match format {
        Format::Workbook(kind) => {
            let _ = tx.send(Event::Digest(digest::sha256_file(path)));
            let mut sink =
                |name: &str, hints: &SheetHints, rows: &mut dyn Iterator<Item = RowResult>| {
                    send_sheet(tx, Some(name.to_string()), hints.clone(), rows);
                };
            let mut skip = |name: &str, note: workbook::SheetNote| {
                let _ = tx.send(match note {
                    workbook::SheetNote::Skipped(reason) => {
                        Event::Skipped(name.to_string(), reason)
                    }
                    workbook::SheetNote::Uncalculated(found) => {
                        Event::Uncalculated(name.to_string(), found)
                    }
                });
            };
            workbook::read_workbook(path, kind, &mut sink, &mut skip)
        }
        Format::Delimited(preferred) => {
            // Read once: hashed and decoded from the same bytes.
            let bytes = delimited::read_bytes(path);
            let sha256 = bytes.as_deref().map(digest::sha256_hex).unwrap_or_default();
            let _ = tx.send(Event::Digest(sha256));
            let bytes = bytes?;
            if bytes.is_empty() {
                return Err(FileError::Empty);
            }
            let decoded = delimited::decode(&bytes);
            let _ = tx.send(Event::Encoding(decoded.encoding, decoded.notice.clone()));
            let delimiter = delimited::detect_delimiter(&decoded.text, preferred);
            let (text, unclosed) = delimited::repair_quotes(decoded.text, delimiter);
            if !unclosed.is_empty() {
                let _ = tx.send(Event::Unclosed(unclosed));
            }
            // Each column's date order over the whole file, before its rows.
            let mut dates = super::date_order::DateEvidence::default();
            for row in delimited::rows(&text, delimiter).flatten() {
                dates.observe(&row);
            }
            let hints = SheetHints {
                dates: Some(dates),
                ..SheetHints::default()
            };
            send_sheet(tx, None, hints, &mut delimited::rows(&text, delimiter));
            Ok(())
        }
    }
}

fn send_sheet(
    tx: &SyncSender<Event>,
    name: Option<String>,
    hints: SheetHints,
    rows: &mut dyn Iterator<Item = RowResult>,
) {
    if tx.send(Event::Sheet(name, hints)).is_err() {
        return;
    }
    let mut batch = Vec::with_capacity(BATCH);
    for row in rows {
        batch.push(row);
        if batch.len() == BATCH {
            let full = std::mem::replace(&mut batch, Vec::with_capacity(BATCH));
            if tx.send(Event::Rows(full)).is_err() {
                return;
            }
        }
    }
    if !batch.is_empty() {
        let _ = tx.send(Event::Rows(batch));
    }
}

/// The receiving end, able to look one event ahead.
pub(crate) struct Incoming {
    rx: Receiver<Event>,
    pending: Option<Event>,
}

impl Incoming {
    pub(crate) fn new(rx: Receiver<Event>) -> Self {
        Incoming { rx, pending: None }
    }

    /// The next event; `None` once the worker has stopped.
    pub(crate) fn next_event(&mut self) -> Option<Event> {
        self.pending.take().or_else(|| self.rx.recv().ok())
    }

    /// The rows of the sheet just begun. Whatever the caller leaves unread is
    /// skipped when the returned iterator is dropped.
    pub(crate) fn sheet_rows(&mut self) -> SheetRows<'_> {
        SheetRows {
            incoming: self,
            batch: Vec::new().into_iter(),
            done: false,
        }
    }
}

pub(crate) struct SheetRows<'a> {
    incoming: &'a mut Incoming,
    batch: std::vec::IntoIter<RowResult>,
    done: bool,
}

impl Iterator for SheetRows<'_> {
    type Item = RowResult;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(row) = self.batch.next() {
                return Some(row);
            }
            if self.done {
                return None;
            }
            match self.incoming.next_event() {
                Some(Event::Rows(batch)) => self.batch = batch.into_iter(),
                other => {
                    self.incoming.pending = other;
                    self.done = true;
                }
            }
        }
    }
}

impl Drop for SheetRows<'_> {
    fn drop(&mut self) {
        self.by_ref().for_each(drop);
    }
}

#[cfg(test)]
mod tests {
    use super::{Event, Incoming, SheetHints};
    use crate::ingest::table::Row;

    fn rows(from: u32, n: u32) -> Event {
        Event::Rows(
            (from..from + n)
                .map(|index| {
                    Ok(Row {
                        index,
                        cells: Vec::new(),
                    })
                })
                .collect(),
        )
    }

    #[test]
    fn rows_left_unread_are_skipped_up_to_the_next_sheet() {
        let (tx, rx) = std::sync::mpsc::sync_channel(16);
        for event in [
            Event::Sheet(Some("A".into()), SheetHints::default()),
            rows(0, 3),
            rows(3, 3),
            Event::Sheet(Some("B".into()), SheetHints::default()),
            rows(0, 2),
            Event::End(Ok(())),
        ] {
            tx.send(event).unwrap();
        }
        drop(tx);
        let mut incoming = Incoming::new(rx);
        assert!(matches!(incoming.next_event(), Some(Event::Sheet(Some(n), _)) if n == "A"));
        let first: Vec<u32> = incoming
            .sheet_rows()
            .take(2)
            .map(|r| r.unwrap().index)
            .collect();
        assert_eq!(first, [0, 1]);
        assert!(matches!(incoming.next_event(), Some(Event::Sheet(Some(n), _)) if n == "B"));
        let second: Vec<u32> = incoming.sheet_rows().map(|r| r.unwrap().index).collect();
        assert_eq!(second, [0, 1]);
        assert!(matches!(incoming.next_event(), Some(Event::End(Ok(())))));
        assert!(incoming.next_event().is_none());
    }
}
