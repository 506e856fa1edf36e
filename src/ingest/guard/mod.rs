//! Checks made before calamine reads a workbook, so that no file can make it
//! allocate past the memory budget or fail with a message that hides the
//! cause.
//!
//! calamine trusts what a file declares: an xlsx shared-strings part's
//! `uniqueCount` becomes a vector's capacity (a crafted count asks for
//! 100 GB at once); an .xls or .ods sheet becomes a dense range over the
//! bounding box of its cells (one stray cell at IV65536 costs a gigabyte).
//! These checks read the same parts first, streaming and bounded, and refuse
//! the file with its cause when the reader would not stay within budget.
//! Compound files (.xls) are opened with the `cfb` crate, which validates the
//! sector chains (a looping chain is an error, not an endless allocation).
//! Choosing checks in process over a child process per file keeps the
//! read-ahead pipeline and its figures as they are; a panic that gets past
//! the checks is caught per file by `ingest::contain`.

mod ods;
mod xls;
mod xlsx;

pub(crate) use ods::{check_ods, fods_as_ods, ods_without_layout_space, OdsMerges};
pub(crate) use xls::check_xls;
pub(crate) use xlsx::{check_xlsx, damaged_part, declares_dtd, mended};

/// Largest uncompressed size of a workbook part that calamine reads whole
/// (shared strings, styles, the workbook): sheets themselves are streamed.
pub(crate) const MAX_WHOLE_PART: u64 = 256 << 20;

/// Most cells a sheet's dense range may span in the formats read as ranges
/// (.xls, .ods): about 70 bytes a cell in memory, so some 420 MB, within the
/// 1 GiB budget with the register beside it.
pub(crate) const MAX_DENSE_CELLS: u64 = 6_000_000;

/// Most shared strings read: calamine sizes a vector of them from the
/// declared count (24 bytes each before the text).
const MAX_SHARED_STRINGS: u64 = 8_000_000;

/// The bounding box of one sheet's cells, and the cells its DIMENSIONS
/// record makes calamine reserve.
#[derive(Default)]
struct Span {
    pub(super) first: Option<(u32, u32)>,
    pub(super) last: (u32, u32),
    pub(super) declared: u64,
}

impl Span {
    pub(super) fn add(&mut self, row: u32, col: u32) {
        let first = self.first.get_or_insert((row, col));
        *first = (first.0.min(row), first.1.min(col));
        self.last = (self.last.0.max(row), self.last.1.max(col));
    }

    pub(super) fn cells(&self) -> u64 {
        let used = self.first.map_or(0, |(r, c)| {
            u64::from(self.last.0 - r + 1) * u64::from(self.last.1 - c + 1)
        });
        used.max(self.declared)
    }
}
