//! The table of columns `aimarket schema` describes (`DataFile::columns`)
//! says what the loader does: for each column of each data file, a cell the
//! table rules out is an error of that column, and an empty cell is an error
//! exactly when the table says the column is required.

use std::path::Path;

use aimarket::diagnostics::Diagnostics;
use aimarket::load::{load, Options, Split};
use aimarket::model::{Bound, DataFile, Kind};

/// A cell the kind rules out, or none for free text.
fn ruled_out(kind: Kind) -> Option<&'static str> {
    Some(match kind {
        Kind::Slug | Kind::Ref(_) => "Not-A-Slug",
        Kind::RefList(_) => "a;B c",
        Kind::Text | Kind::Prose => return None,
        Kind::Date => "2026-02-30",
        Kind::Number(Bound::Any, _) => "1,000",
        Kind::Number(_, _) => "-1",
        Kind::Choice(_) => "zzz",
        Kind::Currency => "usd",
        Kind::Country => "cn",
        Kind::FiscalQuarter => "2026Q3",
        Kind::MonthDay => "13-31",
        Kind::Url => "ftp://example.com",
        Kind::Color => "orange",
    })
}

/// The shipped file's header and first row, with `column` set to `cell`.
fn file_with(file: DataFile, column: &str, cell: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("data")
        .join(file.file_name());
    let mut reader = csv::Reader::from_path(path).unwrap();
    let header = reader.headers().unwrap().clone();
    let mut row: Vec<String> = reader
        .records()
        .next()
        .unwrap()
        .unwrap()
        .iter()
        .map(String::from)
        .collect();
    let at = header.iter().position(|h| h == column).unwrap();
    row[at] = cell.to_string();
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(&header).unwrap();
    writer.write_record(&row).unwrap();
    String::from_utf8(writer.into_inner().unwrap()).unwrap()
}

/// The loader's error lines about `column` of `file` in a folder holding
/// only that file.
fn errors_of(file: DataFile, column: &str, contents: &str) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(file.file_name()), contents).unwrap();
    let mut diags = Diagnostics::new(false);
    let options = Options {
        progress: false,
        hashes: false,
        split: Split::for_this_machine(),
    };
    load(dir.path(), &mut diags, options).unwrap();
    let prefix = format!("error: d/{file}:2: {column}: ");
    diags
        .text_lines(None, Path::new("d"))
        .into_iter()
        .filter(|line| line.starts_with(&prefix))
        .collect()
}

#[test]
fn the_table_of_columns_says_what_the_loader_checks() {
    let mut checked = 0;
    for file in DataFile::ALL {
        if file == DataFile::UsersParquet {
            continue;
        }
        for column in file.columns() {
            let empty = errors_of(file, column.name, &file_with(file, column.name, ""));
            assert_eq!(
                !empty.is_empty(),
                column.required,
                "{file} {}: {empty:?}",
                column.name
            );
            if let Some(bad) = ruled_out(column.kind) {
                let contents = file_with(file, column.name, bad);
                let errors = errors_of(file, column.name, &contents);
                assert!(!errors.is_empty(), "{file} {}: {bad:?} passed", column.name);
                checked += 1;
            }
        }
    }
    // 91 columns, all but the 13 of free text: a source's title and publisher,
    // an event's title, the names of companies, products and campaigns, stack,
    // layer and player, the capex period, a target's defined_as, and a claim's
    // text and period.
    assert_eq!(checked, 78);
}
