//! What the readers of the users rows share: where each column is, a reader's
//! part of the rows with its own dictionaries, and the join of parts into one
//! table in series order.

use std::fs::File;
use std::io::Read;
use std::ops::Range;
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

    /// Puts the part's rows in series order (see `join`).
    pub(super) fn sort_by_series(&mut self) {
        self.users.sort_by_series();
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
        let value = row.number("value", value, Bound::NonNegative);
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
/// shifted, diagnostics merged, and the rows put in series order. Each part's
/// rows are sorted by series first (the readers in parallel do it in their own
/// threads), so the join copies each series' runs part after part. Each column
/// is built and its parts' copies freed before the next, so the join needs
/// little memory beyond the rows.
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
            runs: part.users.sort_by_series(),
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
    merge(&mut users, pieces);
    users.products = products.into_names();
    users.metrics = metrics.into_names();
    users.sources = sources.into_names();
    users.sort_by_series();
    users
}

/// A part's rows in series order, with its codes in the joined dictionaries.
struct Piece {
    users: Users,
    runs: Vec<Range<usize>>,
    products: Vec<u32>,
    metrics: Vec<u32>,
    sources: Vec<u32>,
    shift: u64,
}

/// Copies the pieces' rows into `users`, series by series in joined code order
/// and, within a series, piece by piece (file order). A series found in two
/// pieces may be out of date order where they meet: `join` sorts it afterwards.
fn merge(users: &mut Users, mut pieces: Vec<Piece>) {
    let identity = |codes: &[u32]| codes.iter().enumerate().all(|(i, &c)| i as u32 == c);
    if let [piece] = &mut pieces[..] {
        if identity(&piece.products) && identity(&piece.metrics) && identity(&piece.sources) {
            // One part, whose codes are the joined ones: its columns move over.
            let p = std::mem::take(&mut piece.users);
            users.line = p.line;
            users.line.iter_mut().for_each(|l| *l += piece.shift);
            (users.product, users.metric, users.source) = (p.product, p.metric, p.source);
            (users.date, users.value, users.qualifier) = (p.date, p.value, p.qualifier);
            return;
        }
    }
    let mut runs: Vec<Run> = Vec::new();
    for (piece, p) in pieces.iter().enumerate() {
        runs.extend(p.runs.iter().map(|rows| Run {
            product: p.products[p.users.product[rows.start] as usize],
            metric: p.metrics[p.users.metric[rows.start] as usize],
            piece,
            rows: rows.clone(),
        }));
    }
    runs.sort_unstable_by_key(|r| (r.product, r.metric, r.piece));
    let total = pieces.iter().map(|p| p.users.len()).sum();
    let mut product = Vec::with_capacity(total);
    let mut metric = Vec::with_capacity(total);
    for run in &runs {
        product.extend(std::iter::repeat_n(run.product, run.rows.len()));
        metric.extend(std::iter::repeat_n(run.metric, run.rows.len()));
    }
    (users.product, users.metric) = (product, metric);
    users.date = merge_column(&runs, take(&mut pieces, |u| &mut u.date), total, |_, d| d);
    users.value = merge_column(&runs, take(&mut pieces, |u| &mut u.value), total, |_, v| v);
    let qualifiers = take(&mut pieces, |u| &mut u.qualifier);
    users.qualifier = merge_column(&runs, qualifiers, total, |_, q| q);
    let lines = take(&mut pieces, |u| &mut u.line);
    users.line = merge_column(&runs, lines, total, |k, l| l + pieces[k].shift);
    let sources = take(&mut pieces, |u| &mut u.source);
    users.source = merge_column(&runs, sources, total, |k, c| pieces[k].sources[c as usize]);
}

/// One column of every piece, taken out of it.
fn take<T>(pieces: &mut [Piece], column: fn(&mut Users) -> &mut Vec<T>) -> Vec<Vec<T>> {
    pieces
        .iter_mut()
        .map(|p| std::mem::take(column(&mut p.users)))
        .collect()
}

/// One series' rows in one piece, and its joined codes.
struct Run {
    product: u32,
    metric: u32,
    piece: usize,
    rows: Range<usize>,
}

/// One column of the joined table from the pieces' copies (freed as it goes),
/// each value passed through `map` with its piece.
fn merge_column<T: Copy>(
    runs: &[Run],
    columns: Vec<Vec<T>>,
    total: usize,
    map: impl Fn(usize, T) -> T,
) -> Vec<T> {
    let mut out = Vec::with_capacity(total);
    for run in runs {
        let values = &columns[run.piece][run.rows.clone()];
        out.extend(values.iter().map(|&v| map(run.piece, v)));
    }
    out
}
