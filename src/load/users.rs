//! Reading `users.csv`, the file that may hold millions of rows, straight into
//! the columns of `Users`.
//!
//! A large file is read by one worker per core, each on its own chunk of whole
//! lines, while another thread hashes the file from start to end; the parts are
//! then joined in file order, their line numbers shifted. A worker splits lines
//! at LF and fields at commas, which is exactly CSV while there are no quotes and
//! no lone CRs: at the first of either it gives up and the whole file is read by
//! the general CSV reader instead. Both ways give the same rows and the same
//! diagnostics (see the tests below).
//!
//! Cells are found by column position rather than by serde here: the same checks
//! as every other file, without a per-row name lookup.

use std::collections::BTreeSet;
use std::fs::File;
use std::io::Read;
use std::path::Path;

use anyhow::{Context, Result};
use indicatif::ProgressBar;
use sha2::{Digest, Sha256};

use super::cells::{self, is_slug, Bound, Row};
use super::table::{hex, InputLog, Table};
use crate::diagnostics::Diagnostics;
use crate::model::{DataFile, Qualifier};
use crate::model::{Interner, Users};
use crate::progress::LoadProgress;

mod parallel;

use parallel::{read_in_parallel, Plan};

const FILE: DataFile = DataFile::Users;

/// Files smaller than this are read by one reader: splitting would not pay.
pub const PARALLEL_FROM_BYTES: u64 = 32 << 20;

/// Where each column is in the header.
#[derive(Clone, Copy)]
struct Columns {
    product: usize,
    date: usize,
    metric: usize,
    value: usize,
    qualifier: Option<usize>,
    source: usize,
}

impl Columns {
    /// A row's cells in the order `Part::push_cells` takes them.
    fn cells<'a>(&self, cell: impl Fn(usize) -> &'a str) -> [&'a str; 6] {
        [
            cell(self.product),
            cell(self.date),
            cell(self.metric),
            cell(self.value),
            self.qualifier.map_or("", &cell),
            cell(self.source),
        ]
    }

    fn find(names: &[String]) -> Columns {
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
    diags: Diagnostics,
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

    /// Types one record's cells and keeps the row if they are all good.
    fn push(&mut self, record: &csv::ByteRecord, line: u64, columns: &Columns) {
        let cell = |i: usize| {
            // SAFETY: `next_record` checked that the whole record is UTF-8, and a
            // field ends at a comma or a line end, both ASCII, so every field is too.
            unsafe { std::str::from_utf8_unchecked(&record[i]) }
        };
        self.push_cells(line, columns.cells(cell));
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
            Some((text, date)) if text.as_slice() == date_text.as_bytes() => *date,
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
        users.product.push(code(product_code, product, &mut self.products));
        users.date.push(date);
        users.metric.push(code(metric_code, metric, &mut self.metrics));
        users.value.push(value);
        users.qualifier.push(qualifier);
        users.source.push(code(source_code, source, &mut self.sources));
        users.line.push(line);
    }
}

/// Reads every record of `table` into a part, by the general CSV reader.
fn read_part(
    table: &mut Table,
    columns: Columns,
    strict: bool,
    expected_rows: usize,
    progress: Option<ProgressBar>,
) -> Result<Part> {
    const REPORT_EVERY: u64 = 1 << 16;
    let mut part = Part::new(FILE, strict, expected_rows);
    let mut reported = 0;
    while let Some(line) = table.next_record(&mut part.diags)? {
        part.push(table.record(), line, &columns);
        if let Some(bar) = progress
            .as_ref()
            .filter(|_| table.rows() % REPORT_EVERY == 0)
        {
            let at = table.record().position().map_or(reported, |p| p.byte());
            bar.inc(at - reported);
            reported = at;
        }
    }
    Ok(part)
}

pub fn read_users(
    dir: &Path,
    diags: &mut Diagnostics,
    inputs: &mut InputLog,
    unreadable: &mut BTreeSet<DataFile>,
    options: super::LoadOptions,
) -> Result<Users> {
    let size = std::fs::metadata(dir.join(FILE.file_name())).map_or(0, |m| m.len());
    let bar = LoadProgress::start(options.progress, size, FILE.file_name());
    let users = read_users_with(dir, diags, inputs, unreadable, options.split, bar.handle());
    bar.finish();
    users
}

fn read_users_with(
    dir: &Path,
    diags: &mut Diagnostics,
    inputs: &mut InputLog,
    unreadable: &mut BTreeSet<DataFile>,
    split: super::Split,
    progress: Option<ProgressBar>,
) -> Result<Users> {
    let parquet = dir.join(DataFile::UsersParquet.file_name());
    if parquet.is_file() {
        if dir.join(FILE.file_name()).exists() {
            diags.error(
                DataFile::UsersParquet,
                None,
                None,
                "users.csv is there too: keep one of them (users.parquet is not read)".into(),
            );
            unreadable.insert(FILE);
            return Ok(Users::default());
        }
        return super::parquet::read_users(&parquet, diags, inputs);
    }
    let Some(table) = super::open(dir, FILE, diags, inputs, unreadable)? else {
        return Ok(Users::default());
    };
    let path = dir.join(FILE.file_name());
    let columns = Columns::find(table.header_names());
    let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    if size >= split.from_bytes && split.workers > 1 {
        let plan = Plan {
            path: &path,
            size,
            workers: split.workers,
            columns,
            progress: &progress,
        };
        if let Some(users) = read_in_parallel(&table, plan, diags, inputs)? {
            return Ok(users);
        }
    }
    let mut table = *table;
    if let Some(bar) = &progress {
        bar.set_position(0);
    }
    let part = read_part(
        &mut table,
        columns,
        diags.is_strict(),
        expected_rows(size),
        progress,
    )?;
    table.finish(inputs)?;
    Ok(join(vec![(part, 0)], diags))
}

/// A guess at the rows in `bytes` of users.csv (about 42 bytes a row), capped so
/// a wrong guess costs little.
fn expected_rows(bytes: u64) -> usize {
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

/// Joins parts in file order: lines shifted, codes mapped into one set of
/// dictionaries, diagnostics merged; then the rows put in series order. Each
/// column is moved over and its part's copy freed before the next, so the join
/// needs little memory beyond the rows.
pub(super) fn join(parts: Vec<(Part, u64)>, diags: &mut Diagnostics) -> Users {
    let mut products = Interner::default();
    let mut metrics = Interner::default();
    let mut sources = Interner::default();
    let mut users = Users::default();
    for (part, shift) in parts {
        users.file = part.file;
        let remap = |local: Interner, global: &mut Interner| -> Vec<u32> {
            local
                .into_names()
                .iter()
                .map(|name| global.code(name))
                .collect()
        };
        let product_codes = remap(part.products, &mut products);
        let metric_codes = remap(part.metrics, &mut metrics);
        let source_codes = remap(part.sources, &mut sources);
        let p = part.users;
        if users.is_empty() {
            // The first part: its codes are the global ones (the dictionaries were
            // empty), so its columns move over without a copy.
            debug_assert!(product_codes
                .iter()
                .enumerate()
                .all(|(i, c)| i as u32 == *c));
            users.product = p.product;
            users.metric = p.metric;
            users.source = p.source;
            users.date = p.date;
            users.value = p.value;
            users.qualifier = p.qualifier;
            users.line = p.line;
            users.line.iter_mut().for_each(|l| *l += shift);
        } else {
            users
                .product
                .extend(p.product.into_iter().map(|c| product_codes[c as usize]));
            users
                .metric
                .extend(p.metric.into_iter().map(|c| metric_codes[c as usize]));
            users
                .source
                .extend(p.source.into_iter().map(|c| source_codes[c as usize]));
            users.date.extend(p.date);
            users.value.extend(p.value);
            users.qualifier.extend(p.qualifier);
            users.line.extend(p.line.into_iter().map(|l| l + shift));
        }
        let r = p.rejected;
        let global = |code: Option<u32>, to: &[u32]| code.map(|c| to[c as usize]);
        let rejected = &mut users.rejected;
        rejected.line.extend(r.line.into_iter().map(|l| l + shift));
        rejected
            .product
            .extend(r.product.into_iter().map(|c| global(c, &product_codes)));
        rejected
            .source
            .extend(r.source.into_iter().map(|c| global(c, &source_codes)));
        diags.absorb(part.diags, shift);
    }
    users.products = products.into_names();
    users.metrics = metrics.into_names();
    users.sources = sources.into_names();
    users.sort_by_series();
    users
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::Split;
    use crate::model::InputFile;

    /// Reads `contents` as users.csv, by one reader or by `workers`; returns the
    /// rows, the diagnostics as text and the recorded input.
    fn read(contents: &[u8], workers: usize) -> (Users, String, Vec<InputFile>) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("users.csv"), contents).unwrap();
        let mut diags = Diagnostics::new(false);
        let mut inputs = InputLog {
            files: Vec::new(),
            hash: true,
        };
        let users = read_users_with(
            dir.path(),
            &mut diags,
            &mut inputs,
            &mut BTreeSet::new(),
            Split {
                from_bytes: 0,
                workers,
            },
            None,
        )
        .unwrap();
        (users, diags.to_text(Path::new("d")), inputs.files)
    }

    fn sample(crlf: bool) -> Vec<u8> {
        let mut text = String::from("source,product,date,metric,value\n\n");
        for day in 1..=28 {
            for product in ["qwen_app", "doubao", "chatgpt"] {
                let value = if day == 13 && product == "doubao" {
                    "n/a".to_string()
                } else {
                    (day * 1000).to_string()
                };
                text.push_str(&format!("s,{product},2026-02-{day:02},dau,{value}\n"));
            }
            if day == 20 {
                text.push_str("\ns,qwen_app,2026-02-30,dau,5\n");
            }
        }
        if crlf {
            text = text.replace('\n', "\r\n");
        }
        text.into_bytes()
    }

    #[test]
    fn parallel_and_sequential_reads_agree() {
        for crlf in [false, true] {
            let bytes = sample(crlf);
            let (one, one_text, one_inputs) = read(&bytes, 1);
            assert_eq!(
                one.len(),
                83,
                "84 rows less the bad date (the n/a row is kept out too)"
            );
            assert!(
                one_text.contains("users.csv:40: value: expected a number >= 0, found \"n/a\""),
                "{one_text}"
            );
            // The two rejected rows are kept for their references: doubao (the
            // second product seen) at line 40, qwen_app at 64 (the bad date).
            assert_eq!(one.rejected.line, [40, 64]);
            assert_eq!(one.rejected.product, [Some(1), Some(0)]);
            assert_eq!(one.rejected.source, [Some(0), Some(0)]);
            for workers in [2, 3, 7] {
                let (many, many_text, many_inputs) = read(&bytes, workers);
                assert_eq!(many, one, "{workers} workers, crlf {crlf}");
                assert_eq!(many_text, one_text);
                assert_eq!(many_inputs, one_inputs);
            }
        }
    }

    #[test]
    fn a_quote_anywhere_falls_back_to_one_reader() {
        let mut bytes = sample(false);
        bytes.extend_from_slice(b"s,qwen_app,2026-03-01,\"dau\",1\n");
        let (one, one_text, _) = read(&bytes, 1);
        let (many, many_text, _) = read(&bytes, 4);
        assert_eq!(many, one);
        assert_eq!(many_text, one_text);
        assert_eq!(many.len(), 84);
    }

    /// Regression: the parallel reader counted only the header's LFs, so a
    /// header ended by a lone CR put every later line one too high.
    #[test]
    fn a_header_ended_by_a_lone_cr_counts_as_a_line() {
        let bytes = String::from_utf8(sample(false))
            .unwrap()
            .replacen("value\n\n", "value\r", 1)
            .into_bytes();
        let (one, one_text, _) = read(&bytes, 1);
        // Line 40 of the sample less its blank line 2.
        assert!(
            one_text.contains("users.csv:39: value: expected a number >= 0, found \"n/a\""),
            "{one_text}"
        );
        for workers in [2, 3] {
            let (many, many_text, _) = read(&bytes, workers);
            assert_eq!(many, one, "{workers} workers");
            assert_eq!(many_text, one_text, "{workers} workers");
        }
    }

    #[test]
    fn lone_crs_fall_back_to_one_reader_with_physical_lines() {
        let text = String::from_utf8(sample(false)).unwrap();
        // Old Mac line ends throughout, then a mix of all three.
        let mac = text.replace('\n', "\r");
        let mixed: String = text
            .split_inclusive('\n')
            .enumerate()
            .map(|(i, line)| match i % 3 {
                0 => line.to_string(),
                1 => line.replace('\n', "\r\n"),
                _ => line.replace('\n', "\r"),
            })
            .collect();
        for bytes in [mac.into_bytes(), mixed.into_bytes()] {
            let (one, one_text, _) = read(&bytes, 1);
            assert!(
                one_text.contains("users.csv:40: value: expected a number >= 0, found \"n/a\""),
                "{one_text}"
            );
            // Day 20 ends at line 62, a blank line, then the bad date.
            assert!(one_text.contains("users.csv:64: date:"), "{one_text}");
            let (many, many_text, _) = read(&bytes, 3);
            assert_eq!(many, one);
            assert_eq!(many_text, one_text);
        }
    }
}
