//! Re-checks: an earlier run's workbook feeds analysts' decisions into the new
//! run, and the differences between the two runs are explained.

pub mod changes;
pub mod previous;
pub mod requests;

pub use changes::{compare, Change, Changes};
pub use previous::{read, Previous};
pub use requests::{RequestNote, RequestNotes};
