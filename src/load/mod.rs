//! Reading the data folder into the model: the only code that reads data files.
//!
//! Each file is streamed once. Its header is checked (`table.rs`), each record
//! gets its physical line (`lines.rs`) and is deserialized by serde into a raw
//! row of borrowed strings matched by header name (`raw.rs`, `rows.rs`), and
//! each cell is typed by `typed_row.rs` with the parsers of `cells.rs`, which
//! report every bad cell with its line and column. The users file, the largest,
//! has its own readers (`users_csv/`, `users_parquet.rs`). Rules that relate rows to
//! each other (references, keys, overlaps) are in `validate/`.

mod cell;
mod cells;
mod headers;
mod lines;
mod options;
mod parquet_counts;
mod raw;
mod rows;
mod table;
mod typed_row;
mod users_cache;
mod users_csv;
mod users_join;
mod users_parquet;
mod users_parts;

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::Arc;

use anyhow::{bail, Context, Result};

use crate::diagnostics::Diagnostics;
use crate::model::{DataFile, Dataset, Users};

pub use cells::is_slug;
pub use headers::{headers, Header};
pub use options::Options;
use raw::{Reading, Rejected};
use table::InputLog;
pub use users_cache::UsersCache;
pub use users_csv::Split;

/// Reads the whole data folder. Problems in the data become diagnostics; only a
/// folder that cannot be read at all is an error.
pub fn load(dir: &Path, diags: &mut Diagnostics, options: Options) -> Result<Dataset> {
    load_with(dir, diags, options, None)
}

/// `load`, with the users table taken from `cache` when its file has not
/// changed since the last load (`serve` loads the same folder again and again).
pub fn load_with(
    dir: &Path,
    diags: &mut Diagnostics,
    options: Options,
    cache: Option<&mut UsersCache>,
) -> Result<Dataset> {
    if !dir.is_dir() {
        bail!(
            "data folder {} does not exist or is not a folder",
            dir.display()
        );
    }
    warn_unknown_files(dir, diags)?;
    let mut read = Reading {
        dir,
        diags,
        inputs: InputLog {
            files: Vec::new(),
            hash: options.hashes,
        },
        rejected: Rejected::default(),
        unreadable: BTreeSet::new(),
    };
    Ok(Dataset {
        sources: read.rows()?,
        companies: read.rows()?,
        products: read.rows()?,
        earnings: read.rows()?,
        capex: read.rows()?,
        targets: read.rows()?,
        users: read.users(cache, options)?,
        campaigns: read.rows()?,
        events: read.rows()?,
        stack: read.rows()?,
        fx: read.rows()?,
        claims: read.rows()?,
        inputs: read.inputs.files,
        rejected_ids: read.rejected.ids,
        rejected_references: read.rejected.references,
        unreadable: read.unreadable,
        product_index: Default::default(),
    })
}

impl Reading<'_> {
    /// The users table, from `cache` when its file has not changed since the
    /// last load.
    fn users(&mut self, cache: Option<&mut UsersCache>, options: Options) -> Result<Arc<Users>> {
        match cache {
            Some(cache) => cache.read(
                self.dir,
                self.diags,
                &mut self.inputs,
                &mut self.unreadable,
                options,
            ),
            None => users_csv::read_users(
                self.dir,
                self.diags,
                &mut self.inputs,
                &mut self.unreadable,
                options.progress,
                options.split,
            )
            .map(Arc::new),
        }
    }
}

/// A `.csv` file that is not one of the data files is probably a misspelt one.
fn warn_unknown_files(dir: &Path, diags: &mut Diagnostics) -> Result<()> {
    let entries =
        std::fs::read_dir(dir).with_context(|| format!("cannot list {}", dir.display()))?;
    let mut unknown = Vec::new();
    for entry in entries {
        let name = entry
            .with_context(|| format!("cannot list {}", dir.display()))?
            .file_name()
            .to_string_lossy()
            .into_owned();
        let known = DataFile::ALL.iter().any(|f| f.file_name() == name);
        if name.ends_with(".csv") && !known {
            unknown.push(crate::diagnostics::printable(&name));
        }
    }
    unknown.sort();
    for name in unknown {
        diags.push(crate::diagnostics::Diagnostic {
            severity: crate::diagnostics::Severity::Warning,
            file: name,
            outside: false,
            line: None,
            column: None,
            message: "not a data file of aimarket (ignored)".into(),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Qualifier;

    #[test]
    fn unknown_file_names_are_shown_without_control_characters() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::write(tmp.path().join("old\x1b[31m\nnotes.csv"), "").unwrap();
        let mut diags = Diagnostics::new(false);
        warn_unknown_files(tmp.path(), &mut diags).unwrap();
        assert_eq!(
            diags.text_lines(None, Path::new("data")),
            [r"warning: data/old\u{1b}[31m\nnotes.csv: not a data file of aimarket (ignored)"]
        );
    }

    const BASE: [(&str, &str); 2] = [
        ("sources.csv", "id,title,publisher\ns,Title,Publisher\n"),
        (
            "companies.csv",
            "id,name,bloc,country,currency,fiscal_year_end\nalibaba,Alibaba,china,CN,CNY,03-31\n",
        ),
    ];

    /// Loads a folder made of the two required files and `files`; returns the
    /// data and the text diagnostics.
    fn load_files(files: &[(&str, &[u8])]) -> (Dataset, String) {
        let dir = tempfile::tempdir().unwrap();
        for (name, contents) in BASE {
            std::fs::write(dir.path().join(name), contents).unwrap();
        }
        for (name, contents) in files {
            std::fs::write(dir.path().join(name), contents).unwrap();
        }
        let mut diags = Diagnostics::new(false);
        let options = Options {
            progress: false,
            hashes: true,
            split: Split::for_this_machine(),
        };
        let data = load(dir.path(), &mut diags, options).unwrap();
        (data, diags.to_text(Path::new("d")))
    }

    #[test]
    fn a_column_named_twice_makes_the_file_unreadable() {
        let (data, text) = load_files(&[(
            "events.csv",
            b"date,company,title,category,source,title\n2026-03-16,alibaba,x,org,s,y\n",
        )]);
        assert_eq!(
            text,
            "error: d/events.csv: column \"title\" appears more than once\n"
        );
        assert!(data.events.is_empty());
        assert!(data.unreadable.contains(&DataFile::Events));
    }

    #[test]
    fn a_file_of_blank_lines_has_no_header() {
        let (_, text) = load_files(&[("fx.csv", b"\n\r\n\n")]);
        assert_eq!(
            text,
            "error: d/fx.csv: no header row (the file holds only blank lines)\n"
        );
    }

    #[test]
    fn optional_columns_may_be_left_out_and_order_is_free() {
        let (data, text) = load_files(&[(
            "users.csv",
            b"source,value,metric,date,product\ns,5,mau,2026-01-14,qwen_app\n",
        )]);
        // References are checked by validate/, not here.
        assert_eq!(text, "");
        assert_eq!(data.users.len(), 1);
        assert_eq!(data.users.value, [5.0]);
        assert_eq!(data.users.qualifier, [Qualifier::Exact]);
    }

    #[test]
    fn qualifier_is_at_least_approx_or_empty() {
        let (data, text) = load_files(&[(
            "users.csv",
            b"product,date,metric,value,qualifier,source\nq,2026-01-14,mau,5,about,s\nq,2026-01-15,mau,5,approx,s\n",
        )]);
        assert_eq!(
            text,
            "error: d/users.csv:2: qualifier: expected at_least, more_than, approx or an empty cell, found \"about\"\n"
        );
        assert_eq!(data.users.qualifier, [Qualifier::Approx]);
        assert_eq!(data.users.products, ["q"]);
    }

    #[test]
    fn every_bad_cell_of_a_row_is_reported() {
        let (data, text) = load_files(&[(
            "fx.csv",
            b"currency,date,usd_per_unit\ncny,2025-13-01,0\nCNY,2025-12-31,0.143\n",
        )]);
        assert_eq!(
            text,
            "error: d/fx.csv:2: currency: expected an ISO 4217 currency code, found \"cny\" (written in capitals: CNY)\n\
             error: d/fx.csv:2: date: expected a date YYYY-MM-DD that exists, found \"2025-13-01\"\n\
             error: d/fx.csv:2: usd_per_unit: expected a number > 0, found \"0\"\n"
        );
        assert_eq!(data.fx.len(), 1);
        assert_eq!(data.fx[0].line, 3);
    }

    #[test]
    fn inputs_record_rows_and_hashes_in_file_order() {
        let (data, _) = load_files(&[]);
        let names: Vec<&str> = data.inputs.iter().map(|i| i.name.as_str()).collect();
        assert_eq!(names, ["sources.csv", "companies.csv"]);
        assert_eq!(data.inputs[0].rows, 1);
        assert_eq!(data.inputs[0].sha256.len(), 64);
    }
}
