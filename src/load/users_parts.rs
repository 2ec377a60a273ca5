//! What the readers of the users rows share: where each column is, a reader's
//! part of the rows with its own dictionaries, and the join of parts into one
//! table in series order.

use std::fs::File;
use std::io::Read;
use std::path::Path;

use anyhow::{Context, Result};
use sha2::{Digest, Sha256};

use super::cells::{self, is_slug, Bound, Row};
use super::table::hex;
use crate::diagnostics::Diagnostics;
use crate::model::{DataFile, Interner, Qualifier, Users};

/// Where each column is in the header.
#[derive(Clone, Copy)]
pub(super) struct Columns {
    product: usize,
    date: usize,
    metric: usize,
    value: usize,
    qualifier: Option<usize>,
    source: usize,
}

impl Columns {
    /// A row's cells in the order `Part::push_cells` takes them.
    #[inline]
    pub(super) fn cells<'a>(&self, cell: impl Fn(usize) -> &'a str) -> [&'a str; 6] {
        [
            cell(self.product),
            cell(self.date),
            cell(self.metric),
            cell(self.value),
            self.qualifier.map_or("", &cell),
            cell(self.source),
        ]
    }

    pub(super) fn find(names: &[String]) -> Columns {
        let at = |name: &str| names.iter().position(|n| n == name);
        let required = |name: &str| at(name).expect("required columns are checked with the header");
        Columns {
            product: required("product"),
            date: required("date"),
            metric: required("metric"),
            value: required("value"),
            qualifier: at("qualifier"),
            source: required("source"),
        }
    }
}

/// The rows of one reader, with codes of its own dictionaries.
pub(super) struct Part {
    file: DataFile,
    users: Users,
    products: Interner,
    metrics: Interner,
    sources: Interner,
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
            diags: Diagnostics::new(strict),
            last_date: None,
        }
    }

    /// Types a row given as text: product, date, metric, value, qualifier, source.
    /// An id its dictionary knows is a slug already: only new ids are checked.
    pub(super) fn push_cells(
        &mut self,
        line: u64,
        [product, date_text, metric, value, qualifier, source]: [&str; 6],
    ) {
        let mut row = Row::new(self.file, line, &mut self.diags);
        let product_code = self.products.known(product);
        if product_code.is_none() {
            row.slug("product", product);
        }
        // Rows come in runs of one day or one product: the last date is often the next.
        let date = match &self.last_date {
            Some((text, date))
                if date_text.as_bytes().first_chunk() == Some(text) && date_text.len() == 10 =>
            {
                *date
            }
            _ => {
                let date = row.date("date", date_text);
                if let (true, Ok(text)) = (row.is_ok(), date_text.as_bytes().try_into()) {
                    self.last_date = Some((text, date));
                }
                date
            }
        };
        let metric_code = self.metrics.known(metric);
        if metric_code.is_none() {
            row.slug("metric", metric);
        }
        // Most counts are plain whole numbers: read here without the general parse.
        let value =
            whole_number(value).unwrap_or_else(|| row.number("value", value, Bound::NonNegative));
        let qualifier = match qualifier {
            "" => Qualifier::Exact,
            "at_least" => Qualifier::AtLeast,
            "approx" => Qualifier::Approx,
            other => {
                row.fail(
                    "qualifier",
                    format!(
                        "expected at_least, approx or an empty cell, found {}",
                        cells::found(other)
                    ),
                );
                Qualifier::Exact
            }
        };
        let source_code = self.sources.known(source);
        if source_code.is_none() {
            row.slug("source", source);
        }
        // Codes are given in the order the rows need them, so that a dictionary
        // lists its names in order of first use.
        let code = |known: Option<u32>, id: &str, names: &mut Interner| {
            known.unwrap_or_else(|| names.code(id))
        };
        if !row.is_ok() {
            // Kept for its references: every problem of the row is reported.
            let good = |known: Option<u32>, id: &str, names: &mut Interner| {
                (known.is_some() || is_slug(id)).then(|| code(known, id, names))
            };
            let product = good(product_code, product, &mut self.products);
            let source = good(source_code, source, &mut self.sources);
            let rejected = &mut self.users.rejected;
            rejected.line.push(line);
            rejected.product.push(product);
            rejected.source.push(source);
            return;
        }
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
    Ok(hex(&hasher.finalize()))
}

/// Joins parts in file order: codes mapped into one set of dictionaries, lines
/// shifted, diagnostics merged, and the rows put in series order. Each row is
/// moved once, from its part straight to its place in the table, one column at
/// a time (a part's copy freed as soon as it is moved), so the join needs little
/// memory beyond the rows.
pub(super) fn join(parts: Vec<(Part, u64)>, diags: &mut Diagnostics) -> Users {
    let mut products = Interner::default();
    let mut metrics = Interner::default();
    let mut sources = Interner::default();
    let mut users = Users::default();
    let mut pieces = Vec::new();
    for (mut part, shift) in parts {
        users.file = part.file;
        let remap = |local: Interner, global: &mut Interner| -> Vec<u32> {
            local
                .into_names()
                .iter()
                .map(|name| global.code(name))
                .collect()
        };
        let piece = Piece {
            products: remap(part.products, &mut products),
            metrics: remap(part.metrics, &mut metrics),
            sources: remap(part.sources, &mut sources),
            shift,
            users: std::mem::take(&mut part.users),
        };
        let r = &piece.users.rejected;
        let global = |code: Option<u32>, to: &[u32]| code.map(|c| to[c as usize]);
        let rejected = &mut users.rejected;
        rejected.line.extend(r.line.iter().map(|l| l + shift));
        rejected
            .product
            .extend(r.product.iter().map(|&c| global(c, &piece.products)));
        rejected
            .source
            .extend(r.source.iter().map(|&c| global(c, &piece.sources)));
        diags.absorb(part.diags, shift);
        pieces.push(piece);
    }
    users.products = products.into_names();
    users.metrics = metrics.into_names();
    users.sources = sources.into_names();
    move_rows(&mut users, pieces);
    // Series that were out of date order in the file are sorted here.
    users.sort_by_series();
    users
}

/// A part's rows, with its codes in the joined dictionaries.
struct Piece {
    users: Users,
    products: Vec<u32>,
    metrics: Vec<u32>,
    sources: Vec<u32>,
    shift: u64,
}

/// Moves the pieces' rows into `users`, grouped by series in joined codes, file
/// order within a series. Where each row goes is found by a counting sort; then
/// the columns are written by two threads, about half the bytes each.
fn move_rows(users: &mut Users, mut pieces: Vec<Piece>) {
    let metrics = users.metrics.len().max(1);
    let series = users.products.len().max(1) * metrics;
    // Each piece counts its rows per series, then numbers them, in its own thread.
    let counts: Vec<Vec<usize>> = in_threads(&pieces, |piece| {
        let mut count = vec![0usize; series];
        series_keys(piece, metrics).for_each(|key| count[key] += 1);
        count
    });
    // Where each piece's rows of each series begin: after the series before it,
    // and after the same series' rows in earlier pieces (file order).
    let mut firsts = vec![vec![0usize; series]; pieces.len()];
    let mut total = 0;
    for key in 0..series {
        for (first, count) in firsts.iter_mut().zip(&counts) {
            first[key] = total;
            total += count[key];
        }
    }
    let jobs: Vec<(&Piece, Vec<usize>)> = pieces.iter().zip(firsts).collect();
    let destinations: Vec<Vec<u32>> = in_threads(&jobs, |(piece, first)| {
        let mut next = first.clone();
        series_keys(piece, metrics)
            .map(|key| {
                next[key] += 1;
                (next[key] - 1) as u32
            })
            .collect()
    });
    drop(jobs);
    // The codes follow from the series: each is written run by run, into the
    // first piece's columns (already in memory) grown to the whole table.
    let mut product = std::mem::take(&mut pieces[0].users.product);
    let mut metric = std::mem::take(&mut pieces[0].users.metric);
    product.clear();
    metric.clear();
    product.reserve(total);
    metric.reserve(total);
    let date = take(&mut pieces, |u| &mut u.date);
    let value = take(&mut pieces, |u| &mut u.value);
    let qualifier = take(&mut pieces, |u| &mut u.qualifier);
    let line = take(&mut pieces, |u| &mut u.line);
    let source = take(&mut pieces, |u| &mut u.source);
    let to = &destinations;
    let pieces = &pieces;
    let counts = &counts;
    std::thread::scope(|scope| {
        let first = scope.spawn(move || {
            for key in 0..series {
                let rows = counts.iter().map(|c| c[key]).sum();
                product.extend(std::iter::repeat_n((key / metrics) as u32, rows));
                metric.extend(std::iter::repeat_n((key % metrics) as u32, rows));
            }
            let date = scatter(date, to, total, chrono::NaiveDate::MIN, |_, d| d);
            let qualifier = scatter(qualifier, to, total, Qualifier::Exact, |_, q| q);
            let source = scatter(source, to, total, 0, |k, c| pieces[k].sources[c as usize]);
            (product, metric, date, qualifier, source)
        });
        users.value = scatter(value, to, total, 0.0, |_, v| v);
        users.line = scatter(line, to, total, 0, |k, l| l + pieces[k].shift);
        (
            users.product,
            users.metric,
            users.date,
            users.qualifier,
            users.source,
        ) = first.join().expect("a joining thread does not panic");
    });
}

/// The series of each of a piece's rows, in joined codes.
fn series_keys(piece: &Piece, metrics: usize) -> impl Iterator<Item = usize> + '_ {
    let codes = piece.users.product.iter().zip(&piece.users.metric);
    codes.map(move |(&p, &m)| {
        piece.products[p as usize] as usize * metrics + piece.metrics[m as usize] as usize
    })
}

/// `work` on each item, each in its own thread (the first in this one).
fn in_threads<T: Sync, R: Send>(items: &[T], work: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let work = &work;
    std::thread::scope(|scope| {
        let others: Vec<_> = items
            .iter()
            .skip(1)
            .map(|item| scope.spawn(move || work(item)))
            .collect();
        let mut out: Vec<R> = items.iter().take(1).map(work).collect();
        out.extend(
            others
                .into_iter()
                .map(|t| t.join().expect("a joining thread does not panic")),
        );
        out
    })
}

/// One column of every piece, taken out of it.
fn take<T>(pieces: &mut [Piece], column: fn(&mut Users) -> &mut Vec<T>) -> Vec<Vec<T>> {
    pieces
        .iter_mut()
        .map(|p| std::mem::take(column(&mut p.users)))
        .collect()
}

/// One column of the joined table from the pieces' copies (each freed once
/// moved): every value goes to its destination, passed through `map` with its
/// piece.
fn scatter<T: Copy>(
    columns: Vec<Vec<T>>,
    destinations: &[Vec<u32>],
    total: usize,
    fill: T,
    map: impl Fn(usize, T) -> T,
) -> Vec<T> {
    let mut out = vec![fill; total];
    for (k, (column, to)) in columns.into_iter().zip(destinations).enumerate() {
        for (&value, &at) in column.iter().zip(to) {
            out[at as usize] = map(k, value);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

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
