//! Reading `users.parquet`, accepted in place of `users.csv` (SPEC section 8).
//!
//! polars reads the file; every column is then taken as text and each row goes
//! through exactly the checks of a `users.csv` row. Where a CSV problem names a
//! line, a Parquet one names the row number (1 for the first row).

use std::fs::File;
use std::path::Path;

use anyhow::{Context, Result};
use polars::prelude::*;

use super::table::InputLog;
use super::users_join::join;
use super::users_parts::{sha256_of, Part};
use crate::diagnostics::Diagnostics;
use crate::model::Users;
use crate::model::{DataFile, InputFile};

const FILE: DataFile = DataFile::UsersParquet;

pub fn read_users(path: &Path, diags: &mut Diagnostics, inputs: &mut InputLog) -> Result<Users> {
    let sha256 = if inputs.hash {
        sha256_of(path)?
    } else {
        String::new()
    };
    inputs.files.push(InputFile {
        name: FILE.file_name().into(),
        rows: 0,
        sha256,
    });
    let handle = File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
    let frame = match ParquetReader::new(handle).finish() {
        Ok(frame) => frame,
        Err(e) => {
            diags.error(
                FILE,
                None,
                None,
                format!("cannot read the file as Parquet: {e}"),
            );
            return Ok(empty());
        }
    };
    let names: Vec<String> = frame
        .get_column_names()
        .iter()
        .map(|n| n.to_string())
        .collect();
    diags.note_columns(FILE, &names);
    for name in &names {
        if !FILE.columns().iter().any(|c| c.name == name) {
            diags.warning(
                FILE,
                None,
                None,
                format!("unknown column {name:?} (ignored)"),
            );
        }
    }
    let mut usable = true;
    for column in FILE.columns() {
        let name = column.name;
        if column.required && !names.iter().any(|n| n == name) {
            diags.error(
                FILE,
                None,
                None,
                format!("missing required column {name:?}"),
            );
            usable = false;
        }
    }
    if let Some(input) = inputs.files.last_mut() {
        input.rows = frame.height() as u64;
    }
    if !usable {
        return Ok(empty());
    }
    // Every column as text: numbers and dates written out are checked as in CSV.
    let text = |name: &str| -> Result<Option<StringChunked>> {
        match frame.column(name) {
            Ok(column) => Ok(Some(column.cast(&DataType::String)?.str()?.clone())),
            Err(_) => Ok(None),
        }
    };
    let columns = ["product", "date", "metric", "value", "qualifier", "source"]
        .map(text)
        .into_iter()
        .collect::<Result<Vec<_>>>()?;
    let mut part = Part::new(FILE, diags.is_strict(), frame.height());
    let mut iters: Vec<_> = columns
        .iter()
        .map(|c| c.as_ref().map(|c| c.iter()))
        .collect();
    for row in 0..frame.height() {
        let mut cells = [""; 6];
        for (cell, iter) in cells.iter_mut().zip(iters.iter_mut()) {
            if let Some(iter) = iter {
                *cell = iter.next().flatten().unwrap_or("");
            }
        }
        part.push_cells(row as u64 + 1, cells);
    }
    Ok(join(vec![(part, 0)], diags))
}

/// No rows, from users.parquet.
fn empty() -> Users {
    let mut users = Users::default();
    users.file = FILE;
    users
}
