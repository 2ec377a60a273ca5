//! Reading the rows of a small data file: each record deserialized by serde
//! into the file's raw row of borrowed cells, then typed (`rows.rs` says how
//! for each file); rows with bad cells are dropped, but what others refer to in
//! them is kept for the reference checks.

use std::collections::BTreeSet;
use std::path::Path;

use anyhow::Result;
use serde::Deserialize;

use super::cells::is_slug;
use super::table::{open, InputLog};
use super::typed_row::Row;
use crate::diagnostics::Diagnostics;
use crate::model::{DataFile, Declared, RejectedReference};

/// A typed row that is read from a raw serde row of borrowed cells.
pub trait FromRaw: Declared {
    type Raw<'a>: Deserialize<'a>;

    /// Types the cells; problems go to `row`, which decides whether the row is kept.
    fn convert(raw: Self::Raw<'_>, row: &mut Row) -> Option<Self>;
}

/// What is kept of the rows rejected for their own cells: their ids (so that
/// references to them are not reported again) and their own good references
/// (so that those are still checked).
#[derive(Default)]
pub struct Rejected {
    pub ids: BTreeSet<(DataFile, String)>,
    pub references: Vec<RejectedReference>,
}

impl Rejected {
    pub fn add<T: FromRaw>(&mut self, row: &T) {
        if let Some(id) = row.id().filter(|id| is_slug(id)) {
            self.ids.insert((T::FILE, id.to_string()));
        }
        let good = row.references().into_iter().filter(|r| is_slug(r.id));
        self.references.extend(good.map(|r| RejectedReference {
            file: T::FILE,
            line: row.line(),
            column: r.column,
            target: r.target,
            id: r.id.to_string(),
        }));
    }
}

/// The data folder as its files are read, one after another: what each
/// reading adds to.
pub struct Reading<'a> {
    pub dir: &'a Path,
    pub diags: &'a mut Diagnostics,
    pub inputs: InputLog,
    pub rejected: Rejected,
    pub unreadable: BTreeSet<DataFile>,
}

impl Reading<'_> {
    /// The rows of `T`'s file whose cells are all good; the others are noted
    /// in `rejected`, and a file that cannot be read in `unreadable`.
    pub fn rows<T: FromRaw>(&mut self) -> Result<Vec<T>> {
        let diags = &mut *self.diags;
        let Some(mut table) = open(
            self.dir,
            T::FILE,
            diags,
            &mut self.inputs,
            &mut self.unreadable,
        )?
        else {
            return Ok(Vec::new());
        };
        let mut out = Vec::new();
        while let Some(line) = table.next_record(diags)? {
            let raw = match table.deserialize::<T::Raw<'_>>() {
                Ok(raw) => raw,
                Err(e) => {
                    diags.error(
                        T::FILE,
                        Some(line),
                        None,
                        format!("cannot read the row: {e}"),
                    );
                    continue;
                }
            };
            let mut row = Row::new(T::FILE, line, diags);
            if let Some(value) = T::convert(raw, &mut row) {
                if row.is_ok() {
                    out.push(value);
                } else {
                    self.rejected.add(&value);
                }
            }
        }
        table.finish(&mut self.inputs)?;
        Ok(out)
    }
}
