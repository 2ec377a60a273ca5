//! The yardstick for `build`'s speed and memory: polars' CSV reader alone reading
//! a `users.csv` into a DataFrame (types inferred, as a notebook would), nothing
//! else. It prints the time of the read itself (process start-up left out), which
//! `scripts/bench.sh` compares `build` against.
//!
//! ```sh
//! cargo run --release -p yardstick -- DIR/users.csv
//! ```

use std::time::Instant;

use anyhow::{Context, Result};
use polars::prelude::*;

fn main() -> Result<()> {
    let path = std::env::args()
        .nth(1)
        .context("usage: polars_read USERS_CSV")?;
    let started = Instant::now();
    let frame = CsvReadOptions::default()
        .with_has_header(true)
        .try_into_reader_with_file_path(Some(path.clone().into()))?
        .finish()?;
    eprintln!(
        "read {path}: {} rows x {} columns in {:.3} s",
        frame.height(),
        frame.width(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
