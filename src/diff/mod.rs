//! `diff`: two built reports compared by their `metrics.json`: metric rows
//! moved, new and gone, claim verdicts, input files, the as-of day and the
//! currency. Reading in `snapshot.rs` (what the file must hold in
//! `checks.rs`), the comparison in `compare.rs`, and one file per form it is
//! written in (Markdown's escapes in `escape.rs`).

mod checks;
mod compare;
mod escape;
mod json;
mod markdown;
mod snapshot;
mod text;
mod words;

use std::path::Path;

use anyhow::Result;

pub use compare::{compare, Diff, Moved};
pub use snapshot::{metrics_file, parse, read, Row, Snapshot};
pub use words::{
    change, context_lines, context_lines_with, counts, input_change, value, values, verdict,
};

use crate::cli::DiffFormat;

/// The comparison of the reports at `old` and `new` (folders or metrics.json
/// files), written in `format`.
pub fn run(old: &Path, new: &Path, format: DiffFormat) -> Result<String> {
    let diff = compare(&read(old)?, &read(new)?);
    Ok(render(&diff, format))
}

pub fn render(diff: &Diff, format: DiffFormat) -> String {
    match format {
        DiffFormat::Text => text::render(diff),
        DiffFormat::Markdown => markdown::render(diff),
        DiffFormat::Json => json::render(diff),
    }
}
