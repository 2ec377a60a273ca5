//! Keys that must be unique: the columns that name one row of each file.

use std::collections::{HashMap, HashSet};

use crate::diagnostics::Diagnostics;
use crate::model::{DataFile, Dataset};

/// SPEC 3: each file's key is unique. Reports every repeated key at the later
/// row; returns the lines of the capex rows reported, which the overlap check
/// leaves out.
pub fn duplicate_keys(data: &Dataset, diags: &mut Diagnostics) -> HashSet<u64> {
    let mut capex_duplicates = HashSet::new();
    for table in data.tables() {
        let duplicates = unique(diags, table.file(), table.keys().into_iter());
        if table.file() == DataFile::Capex {
            capex_duplicates = duplicates;
        }
    }
    unique_users(data, diags);
    capex_duplicates
}

/// Reports every row whose key was seen before, at the later row. Returns the
/// lines of the rows reported.
fn unique(
    diags: &mut Diagnostics,
    file: DataFile,
    keys: impl Iterator<Item = (u64, Vec<String>)>,
) -> HashSet<u64> {
    let mut first: HashMap<Vec<String>, u64> = HashMap::new();
    let mut duplicates = HashSet::new();
    for (line, key) in keys {
        if let Some(&first_line) = first.get(&key) {
            diags.error(
                file,
                Some(line),
                None,
                format!(
                    "more than one row for ({}); first at line {first_line}",
                    key.join(", ")
                ),
            );
            duplicates.insert(line);
        } else {
            first.insert(key, line);
        }
    }
    duplicates
}

/// Users keys, found once per table (`Users::repeated_keys`).
fn unique_users(data: &Dataset, diags: &mut Diagnostics) {
    let users = &data.users;
    for repeated in users.repeated_keys() {
        let b = repeated.row as usize;
        diags.error(
            users.file,
            Some(users.line[b]),
            None,
            format!(
                "more than one row for ({}, {}, {}); first at line {}",
                users.products[users.product[b] as usize],
                users.date[b],
                users.metrics[users.metric[b] as usize],
                repeated.first_line
            ),
        );
    }
}
