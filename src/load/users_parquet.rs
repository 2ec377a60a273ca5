//! Reading `users.parquet`, accepted in place of `users.csv` (SPEC section 8).
//!
//! The file's bytes are read into memory first: polars would otherwise map the
//! file, and a file cut short while it is read would end the process with
//! SIGBUS. polars decodes them on this thread (`panics.rs` says why), once
//! `parquet_counts` has checked the counts it trusts; every column is then
//! taken as text and each row goes through exactly the checks of a `users.csv`
//! row. Where a CSV problem names a line, a Parquet one names the row number
//! (1 for the first row). A file polars cannot read, by an error or by a panic
//! (it panics on some corrupt files), is one diagnostic naming the file.

use std::io::Cursor;
use std::path::Path;
use std::sync::Arc;

use anyhow::{Context, Result};
use polars::prelude::*;
use polars_buffer::Buffer;
use sha2::{Digest, Sha256};

use super::parquet_counts;
use super::table::InputLog;
use super::users_join::join;
use super::users_parts::{self, Part};
use crate::diagnostics::Diagnostics;
use crate::model::Users;
use crate::model::{DataFile, InputFile};
use crate::panics;

const FILE: DataFile = DataFile::UsersParquet;

pub fn read_users(path: &Path, diags: &mut Diagnostics, inputs: &mut InputLog) -> Result<Users> {
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    let sha256 = if inputs.hash {
        format!("{:x}", Sha256::digest(&bytes))
    } else {
        String::new()
    };
    inputs.files.push(InputFile {
        name: FILE.file_name().into(),
        rows: 0,
        sha256,
    });
    let strict = diags.is_strict();
    let read = match panics::catch(|| read_rows(bytes, strict)) {
        Ok(Ok(read)) => read,
        Ok(Err(problem)) => return Ok(unreadable(diags, &problem)),
        Err(panic) => {
            let problem = format!("the Parquet reader failed: {}", panic.message);
            return Ok(unreadable(diags, &problem));
        }
    };
    if let Some(input) = inputs.files.last_mut() {
        input.rows = read.rows;
    }
    diags.absorb(read.diags, 0);
    Ok(match read.part {
        Some(part) => join(vec![(part, 0)], diags),
        None => empty(),
    })
}

/// What reading the file gave: its rows as cells (none when a required column
/// is missing), how many there were, and the problems found on the way.
struct Read {
    part: Option<Part>,
    rows: u64,
    diags: Diagnostics,
}

/// The file decoded and its rows checked; the problem, in words, when polars
/// cannot read it.
fn read_rows(bytes: Vec<u8>, strict: bool) -> Result<Read, String> {
    let frame = decode(bytes)?;
    let mut diags = Diagnostics::new(strict);
    let rows = frame.height() as u64;
    let names: Vec<String> = frame
        .get_column_names()
        .iter()
        .map(|n| n.to_string())
        .collect();
    if !columns_usable(&names, &mut diags) {
        // As with users.csv, a file without a required column has no rows read.
        return Ok(Read {
            part: None,
            rows: 0,
            diags,
        });
    }
    // Every column as text: numbers and dates written out are checked as in CSV.
    let text = |name: &str| -> Result<Option<StringChunked>, String> {
        let Ok(column) = frame.column(name) else {
            return Ok(None);
        };
        let problem = |e: PolarsError| format!("column {name:?}: {e}");
        let column = column.cast(&DataType::String).map_err(problem)?;
        Ok(Some(column.str().map_err(problem)?.clone()))
    };
    // The columns read as text, in the order `Part::push_cells` takes them.
    let columns = users_parts::declared()
        .map(|column| text(column.name))
        .into_iter()
        .collect::<Result<Vec<_>, _>>()?;
    let mut part = Part::new(FILE, strict, frame.height());
    let mut iters: Vec<_> = columns
        .iter()
        .map(|c| c.as_ref().map(|c| c.iter()))
        .collect();
    for row in 0..rows {
        let mut cells = [""; users_parts::CELLS];
        for (cell, iter) in cells.iter_mut().zip(iters.iter_mut()) {
            if let Some(iter) = iter {
                *cell = iter.next().flatten().unwrap_or("");
            }
        }
        part.push_cells(row + 1, cells);
    }
    Ok(Read {
        part: Some(part),
        rows,
        diags,
    })
}

/// The bytes as a table, on this thread, once their counts agree.
fn decode(bytes: Vec<u8>) -> Result<DataFrame, String> {
    let file = Buffer::from_vec(bytes);
    let mut reader =
        ParquetReader::new(Cursor::new(file.clone())).read_parallel(ParallelStrategy::None);
    let metadata = Arc::clone(reader.get_metadata().map_err(|e| e.to_string())?);
    parquet_counts::check(&file, &metadata)?;
    reader.finish().map_err(|e| e.to_string())
}

/// Unknown columns are warnings; false when a required one is missing.
fn columns_usable(names: &[String], diags: &mut Diagnostics) -> bool {
    diags.note_columns(FILE, names);
    for name in names {
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
    usable
}

/// The file cannot be read: one error naming it, and no rows.
fn unreadable(diags: &mut Diagnostics, problem: &str) -> Users {
    diags.error(
        FILE,
        None,
        None,
        format!("cannot read the file as Parquet: {problem}"),
    );
    empty()
}

/// No rows, from users.parquet.
fn empty() -> Users {
    let mut users = Users::default();
    users.file = FILE;
    users
}
