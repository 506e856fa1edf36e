//! Re-checks: an earlier run's workbook feeds analysts' decisions into the new
//! run, and the differences between the two runs are explained.

pub mod added;
pub mod changes;
pub mod entered;
pub mod identity;
pub mod ledger;
pub mod previous;
pub mod requests;
pub mod resolve;

pub use added::AddedColumns;
pub use changes::{compare, Change, Changes};
pub use entered::Entered;
pub use identity::Rename;
pub use ledger::{Ledger, LedgerEntry};
pub use previous::{read, Previous};
pub use requests::{RequestNote, RequestNotes};
