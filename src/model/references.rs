//! The cells of a row that name a row of another file: a `company`, `product`
//! or `source` id, and a source's `based_on` ids.
//!
//! A column whose kind names another file is a reference (`tables.rs`), so
//! that validation checks the same cells of a row that was kept and of a row
//! rejected for its other cells (whose references the loader keeps as
//! `RejectedReference`s): every problem of a row is reported, not only those
//! of the cells that were read first.

use super::files::DataFile;

/// One cell naming a row of `target` by its id.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Reference<'a> {
    pub column: &'static str,
    pub target: DataFile,
    pub id: &'a str,
}

/// A reference of a row that was rejected for its other cells.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RejectedReference {
    pub file: DataFile,
    pub line: u64,
    pub column: &'static str,
    pub target: DataFile,
    pub id: String,
}
