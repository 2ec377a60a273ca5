//! What the readers of the users rows share: where each column is, and a
//! reader's part of the rows with its own dictionaries (joined by `users_join`).

use std::fs::File;
use std::io::Read;
use std::path::Path;

use anyhow::{Context, Result};
use sha2::{Digest, Sha256};

use super::cells::{self, is_slug, Bound};
use super::typed_row::Row;
use crate::diagnostics::Diagnostics;
use crate::model::{Column, DataFile, Interner, Qualifier, Users};

/// The cells of a users row, one per column of `DataFile::Users.columns()`.
pub(super) const CELLS: usize = 7;

/// Where each column is in the header; `None` for an optional column the
/// file leaves out.
#[derive(Clone, Copy)]
pub(super) struct Columns {
    product: usize,
    date: usize,
    metric: usize,
    value: usize,
    qualifier: Option<usize>,
    source: usize,
    measured_by: Option<usize>,
}

impl Columns {
    /// A row's cells in the order `Part::push_cells` takes them, which is the
    /// order of `declared`; empty for a column the file leaves out.
    #[inline]
    pub(super) fn cells<'a>(&self, cell: impl Fn(usize) -> &'a str) -> [&'a str; CELLS] {
        [
            cell(self.product),
            cell(self.date),
            cell(self.metric),
            cell(self.value),
            self.qualifier.map_or("", &cell),
            cell(self.source),
            self.measured_by.map_or("", &cell),
        ]
    }

    /// The columns of a header, found by their declared names.
    pub(super) fn find(names: &[String]) -> Columns {
        let [product, date, metric, value, qualifier, source, measured_by] =
            declared().map(|column| names.iter().position(|n| n == column.name));
        let required =
            |at: Option<usize>| at.expect("required columns are checked with the header");
        Columns {
            product: required(product),
            date: required(date),
            metric: required(metric),
            value: required(value),
            qualifier,
            source: required(source),
            measured_by,
        }
    }
}

/// The users columns as declared, one per cell.
pub(super) fn declared() -> [&'static Column; CELLS] {
    let columns = DataFile::Users.columns();
    assert_eq!(columns.len(), CELLS, "one cell per declared users column");
    std::array::from_fn(|i| &columns[i])
}

/// The rows of one reader, with codes of its own dictionaries.
pub(super) struct Part {
    pub(super) file: DataFile,
    pub(super) users: Users,
    pub(super) products: Interner,
    pub(super) metrics: Interner,
    pub(super) sources: Interner,
    pub(super) counters: Interner,
    pub(super) diags: Diagnostics,
    /// The last good date, as written and as read.
    last_date: Option<([u8; 10], chrono::NaiveDate)>,
}

impl Part {
    /// A part expecting about `rows` rows (so the columns grow once, not by doubling).
    pub(super) fn new(file: DataFile, strict: bool, rows: usize) -> Part {
        Part {
            file,
            users: Users::with_capacity(rows),
            products: Interner::default(),
            metrics: Interner::default(),
            sources: Interner::default(),
            counters: Interner::default(),
            diags: Diagnostics::new(strict),
            last_date: None,
        }
    }

    /// Types a row given as text: product, date, metric, value, qualifier,
    /// source, measured_by. An id its dictionary knows is a slug already: only
    /// new ids are checked.
    pub(super) fn push_cells(
        &mut self,
        line: u64,
        [product, date_text, metric, value, qualifier, source, counter]: [&str; CELLS],
    ) {
        let mut row = Row::new(self.file, line, &mut self.diags);
        let product_code = known_or_checked(&mut self.products, &mut row, "product", product);
        let date = read_date(&mut self.last_date, &mut row, date_text);
        let metric_code = known_or_checked(&mut self.metrics, &mut row, "metric", metric);
        // Most counts are plain whole numbers: read here without the general parse.
        let value =
            whole_number(value).unwrap_or_else(|| row.number("value", value, Bound::NonNegative));
        let qualifier = qualifier_of(&mut row, qualifier);
        let source_code = known_or_checked(&mut self.sources, &mut row, "source", source);
        // Most files leave it empty or repeat one counter: one comparison.
        let counter_code = match counter {
            "" => None,
            _ => self.counters.known(counter),
        };
        if counter_code.is_none() && !counter.is_empty() {
            check_counter(&mut row, counter);
        }
        if !row.is_ok() {
            self.reject(line, (product_code, product), (source_code, source));
            return;
        }
        // Codes are given in the order the rows need them, so that a dictionary
        // lists its names in order of first use.
        let users = &mut self.users;
        users
            .product
            .push(code(product_code, product, &mut self.products));
        users.date.push(date);
        users
            .metric
            .push(code(metric_code, metric, &mut self.metrics));
        users.value.push(value);
        users.qualifier.push(qualifier);
        users
            .source
            .push(code(source_code, source, &mut self.sources));
        users.line.push(line);
        if !counter.is_empty() || !users.measured_by.is_empty() {
            self.push_counter(counter_code, counter);
        }
    }

    /// Who counted the row just pushed. The column stays empty while no row
    /// says (`Users::measured_by`); the first that does fills in "not stated"
    /// for the rows before it.
    fn push_counter(&mut self, known: Option<u32>, counter: &str) {
        let users = &mut self.users;
        let before = users.product.len() - 1;
        if users.measured_by.len() < before {
            let not_stated = self.counters.code("");
            users.measured_by.resize(before, not_stated);
        }
        users
            .measured_by
            .push(code(known, counter, &mut self.counters));
    }

    /// A bad row, kept for its references (product and source, where each is
    /// a slug) so that every problem of the row is reported. Out of line: bad
    /// rows are rare, and the loop over good ones stays short.
    #[cold]
    #[inline(never)]
    fn reject(
        &mut self,
        line: u64,
        (product_code, product): (Option<u32>, &str),
        (source_code, source): (Option<u32>, &str),
    ) {
        let good = |known: Option<u32>, id: &str, names: &mut Interner| {
            (known.is_some() || is_slug(id)).then(|| code(known, id, names))
        };
        let product = good(product_code, product, &mut self.products);
        let source = good(source_code, source, &mut self.sources);
        let rejected = &mut self.users.rejected;
        rejected.line.push(line);
        rejected.product.push(product);
        rejected.source.push(source);
    }
}

/// The code of `id` in `names`: `known`, or a new one.
#[inline]
fn code(known: Option<u32>, id: &str, names: &mut Interner) -> u32 {
    known.unwrap_or_else(|| names.code(id))
}

/// The code `names` already gives `id`; else `None`, and `id` checked as a
/// slug (a known id is one already).
#[inline]
fn known_or_checked(names: &mut Interner, row: &mut Row, column: &str, id: &str) -> Option<u32> {
    let known = names.known(id);
    if known.is_none() {
        row.slug(column, id);
    }
    known
}

/// A `date` cell. Rows come in runs of one day or one product: the last good
/// date (`last`, as written and as read) is often the next, and is then not
/// parsed again.
#[inline]
fn read_date(
    last: &mut Option<([u8; 10], chrono::NaiveDate)>,
    row: &mut Row,
    text: &str,
) -> chrono::NaiveDate {
    if let Some((written, date)) = *last {
        if text.as_bytes().first_chunk() == Some(&written) && text.len() == 10 {
            return date;
        }
    }
    let date = row.date("date", text);
    if let (true, Ok(written)) = (row.is_ok(), text.as_bytes().try_into()) {
        *last = Some((written, date));
    }
    date
}

/// A `qualifier` cell: empty (exact), `at_least`, `more_than` or `approx`.
fn qualifier_of(row: &mut Row, text: &str) -> Qualifier {
    match text {
        "" => Qualifier::Exact,
        "at_least" => Qualifier::AtLeast,
        "more_than" => Qualifier::MoreThan,
        "approx" => Qualifier::Approx,
        other => {
            row.fail(
                "qualifier",
                format!(
                    "expected at_least, more_than, approx or an empty cell, found {}",
                    cells::found(other)
                ),
            );
            Qualifier::Exact
        }
    }
}

/// A `measured_by` cell: `company`, a tracker's slug, or empty (not stated).
fn check_counter(row: &mut Row, text: &str) {
    if !text.is_empty() && !is_slug(text) {
        row.fail(
            "measured_by",
            format!(
                "expected company, a tracker's slug [a-z0-9][a-z0-9_-]* such as questmobile, \
                 or an empty cell, found {}",
                cells::found(text)
            ),
        );
    }
}

/// A guess at the rows in `bytes` of users.csv (about 42 bytes a row), capped so
/// a wrong guess costs little.
pub(super) fn expected_rows(bytes: u64) -> usize {
    ((bytes / 42) as usize).min(64 << 20)
}

/// A count of up to 15 digits (exact in an f64), the same as `cells::parse_number`
/// gives for it; `None` for anything else.
fn whole_number(text: &str) -> Option<f64> {
    let digits = text.as_bytes();
    if digits.is_empty() || digits.len() > 15 {
        return None;
    }
    let mut n = 0u64;
    for &d in digits {
        let d = d.wrapping_sub(b'0');
        if d > 9 {
            return None;
        }
        n = n * 10 + u64::from(d);
    }
    Some(n as f64)
}

pub(super) fn sha256_of(path: &Path) -> Result<String> {
    let mut file = File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
    let mut hasher = Sha256::new();
    let mut buffer = vec![0u8; 1 << 20];
    loop {
        let n = file.read(&mut buffer)?;
        if n == 0 {
            break;
        }
        hasher.update(&buffer[..n]);
    }
    Ok(format!("{:x}", hasher.finalize()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `Columns::find` takes the declared columns in this order: a column
    /// declared elsewhere in `USERS` must be placed in `Columns` too.
    #[test]
    fn the_declared_users_columns_are_the_cells_in_order() {
        let names = declared().map(|c| c.name);
        let header: Vec<String> = names.iter().rev().map(|n| n.to_string()).collect();
        let columns = Columns::find(&header);
        assert_eq!(columns.cells(|i| header[i].as_str()), names);
        assert_eq!(
            names,
            [
                "product",
                "date",
                "metric",
                "value",
                "qualifier",
                "source",
                "measured_by"
            ]
        );
    }

    #[test]
    fn whole_numbers_read_as_the_general_parse_reads_them() {
        for text in ["0", "7", "000123", "138902334", "999999999999999"] {
            assert_eq!(whole_number(text), cells::parse_number(text), "{text}");
        }
        for text in ["", "-1", "1.5", "1e6", "1,000", "9999999999999999", "12a"] {
            assert_eq!(whole_number(text), None, "{text}");
        }
    }
}
