//! The users table, held column by column.
//!
//! `users.csv` may hold millions of daily rows, so it is not a `Vec` of structs
//! with strings: product, metric and source ids are interned once into small
//! dictionaries and each row costs a few fixed-size numbers (about 37 bytes).
//! The file is read once; everything later works from these columns.

use std::ops::Range;
use std::sync::OnceLock;

use chrono::NaiveDate;
use rustc_hash::FxHashMap;

use super::citing::CitingLines;
use super::files::DataFile;
use super::series_order::{group_by_series, invert, runs_in_place, scatter, sort_runs_by_date};
use super::values::Qualifier;

#[derive(Debug, Default, Clone, PartialEq)]
pub struct Users {
    /// The file the rows came from: `users.csv`, or `users.parquet` (where a
    /// row's `line` is its row number, 1 for the first).
    pub file: DataFile,
    /// Dictionaries: the id or name behind each code, in order of first appearance.
    pub products: Vec<String>,
    pub metrics: Vec<String>,
    pub sources: Vec<String>,
    /// Who counted (SPEC 3, `measured_by`): `company` or a tracker's slug; the
    /// empty name is "not stated" (every row of a file without the column).
    pub counters: Vec<String>,
    /// One entry per row. The loaders leave the rows in series order (by
    /// product, metric and date codes, file order within a date): each series
    /// is then a run of rows, walked front to back.
    pub product: Vec<u32>,
    pub date: Vec<NaiveDate>,
    pub metric: Vec<u32>,
    pub value: Vec<f64>,
    pub qualifier: Vec<Qualifier>,
    pub source: Vec<u32>,
    /// A code of `counters`; empty (not one per row) when no row says who
    /// counted it, as in a file without the column: read it with `counter`.
    pub measured_by: Vec<u32>,
    pub line: Vec<u64>,
    /// Rows rejected for their own cells, kept only for their references.
    pub rejected: RejectedRows,
    /// `series_order` and its runs, computed once (validation, metrics and charts
    /// all use them).
    order: OnceLock<(Vec<u32>, Vec<Range<usize>>)>,
    /// What validation and the report take from the rows alone, worked out
    /// once: `serve` keeps the table between rebuilds, and these with it.
    derived: Derived,
}

#[derive(Debug, Default, Clone, PartialEq)]
struct Derived {
    latest: OnceLock<Option<NaiveDate>>,
    repeated: OnceLock<Vec<Repeated>>,
    citing: OnceLock<Vec<CitingLines>>,
    /// The last row of each series, by (product, metric) code.
    last_rows: OnceLock<FxHashMap<(u32, u32), u32>>,
    /// Each product id's code.
    product_codes: OnceLock<FxHashMap<String, u32>>,
}

/// A row whose (product, date, metric) an earlier row has.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Repeated {
    pub row: u32,
    /// The line of the first row with that key.
    pub first_line: u64,
}

/// The product and source codes of rows rejected for their own cells (`None`
/// where that cell was itself bad), so that their references are checked too.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct RejectedRows {
    pub line: Vec<u64>,
    pub product: Vec<Option<u32>>,
    pub source: Vec<Option<u32>>,
}

impl Users {
    /// An empty table with room for `rows` rows.
    pub fn with_capacity(rows: usize) -> Users {
        Users {
            product: Vec::with_capacity(rows),
            date: Vec::with_capacity(rows),
            metric: Vec::with_capacity(rows),
            value: Vec::with_capacity(rows),
            qualifier: Vec::with_capacity(rows),
            source: Vec::with_capacity(rows),
            line: Vec::with_capacity(rows),
            ..Users::default()
        }
    }

    pub fn len(&self) -> usize {
        self.product.len()
    }

    pub fn is_empty(&self) -> bool {
        self.product.is_empty()
    }

    pub fn latest_date(&self) -> Option<NaiveDate> {
        *self
            .derived
            .latest
            .get_or_init(|| self.date.iter().copied().max())
    }

    /// Keeps the rows dated on or before `as_of`.
    pub fn retain_on_or_before(&mut self, as_of: NaiveDate) {
        if self.date.iter().all(|d| *d <= as_of) {
            return;
        }
        let keep: Vec<bool> = self.date.iter().map(|d| *d <= as_of).collect();
        retain_by(&mut self.product, &keep);
        retain_by(&mut self.date, &keep);
        retain_by(&mut self.metric, &keep);
        retain_by(&mut self.value, &keep);
        retain_by(&mut self.qualifier, &keep);
        retain_by(&mut self.source, &keep);
        retain_by(&mut self.measured_by, &keep);
        retain_by(&mut self.line, &keep);
        self.order = OnceLock::new();
        self.derived = Derived::default();
    }

    /// Row indices ordered by (product, metric, date), file order within ties:
    /// each series is then a contiguous run, oldest first. A counting sort by
    /// series (codes are small and dense) keeps this linear in the rows; only a
    /// series whose rows are out of date order is sorted on its own.
    pub fn series_order(&self) -> &[u32] {
        &self.ordered().0
    }

    /// The qualifier of the latest row of a product's series of one metric:
    /// the row `users_latest` reports.
    pub fn latest_qualifier(&self, product: &str, metric: &str) -> Option<Qualifier> {
        self.latest_row(product, metric).map(|i| self.qualifier[i])
    }

    /// The latest row of a product's series of one metric: the row
    /// `users_latest` reports. Looks through the series, not the rows.
    pub fn latest_row(&self, product: &str, metric: &str) -> Option<usize> {
        let codes = self.derived.product_codes.get_or_init(|| {
            let codes = self.products.iter().enumerate();
            codes
                .rev()
                .map(|(code, p)| (p.clone(), code as u32))
                .collect()
        });
        let product = *codes.get(product)?;
        let metric = self.metrics.iter().position(|m| m == metric)? as u32;
        let last_rows = self.derived.last_rows.get_or_init(|| {
            self.series()
                .map(|run| {
                    let first = run[0] as usize;
                    (
                        (self.product[first], self.metric[first]),
                        run[run.len() - 1],
                    )
                })
                .collect()
        });
        last_rows.get(&(product, metric)).map(|&row| row as usize)
    }

    /// Whether any row says who counted it (a file without `measured_by` does not).
    pub fn states_counters(&self) -> bool {
        self.counters.iter().any(|c| !c.is_empty())
    }

    /// Who counted a row: `company`, a tracker's slug, or `None` where the
    /// data does not say.
    pub fn counter(&self, row: usize) -> Option<&str> {
        let name = self.counters.get(*self.measured_by.get(row)? as usize)?;
        (!name.is_empty()).then_some(name.as_str())
    }

    /// The rows that repeat the (product, date, metric) of an earlier one, by
    /// series: within a series dates are sorted, so a repeated date is next to
    /// its first, which has the earliest line.
    pub fn repeated_keys(&self) -> &[Repeated] {
        self.derived.repeated.get_or_init(|| {
            let mut repeated = Vec::new();
            for run in self.series() {
                let mut first_line = self.line[run[0] as usize];
                for pair in run.windows(2) {
                    let (a, b) = (pair[0] as usize, pair[1] as usize);
                    if self.date[a] != self.date[b] {
                        first_line = self.line[b];
                    } else {
                        repeated.push(Repeated {
                            row: pair[1],
                            first_line,
                        });
                    }
                }
            }
            repeated
        })
    }

    /// The lines citing each source code (indexed by code).
    pub fn citing_lines(&self) -> &[CitingLines] {
        self.derived.citing.get_or_init(|| {
            let mut by_code = vec![CitingLines::default(); self.sources.len()];
            for (code, line) in self.source.iter().zip(&self.line) {
                by_code[*code as usize].add(*line);
            }
            by_code
        })
    }

    /// Each series (product and metric) as a range of `series_order`, oldest first.
    pub fn series(&self) -> impl Iterator<Item = &[u32]> {
        let (order, runs) = self.ordered();
        runs.iter().map(move |r| &order[r.clone()])
    }

    fn ordered(&self) -> &(Vec<u32>, Vec<Range<usize>>) {
        self.order.get_or_init(|| {
            if let Some(runs) = runs_in_place(&self.product, &self.metric, &self.date) {
                return ((0..self.len() as u32).collect(), runs);
            }
            let (destination, runs) = group_by_series(&self.product, &self.metric);
            let mut order = invert(&destination);
            sort_runs_by_date(&mut order, &runs, &self.date);
            (order, runs)
        })
    }

    /// Puts the rows in series order, so that each series is a run of rows and
    /// every later stage reads the columns front to back. Equal dates keep their
    /// order, so the earliest line still comes first. Returns the runs.
    pub fn sort_by_series(&mut self) -> Vec<Range<usize>> {
        if let Some(runs) = runs_in_place(&self.product, &self.metric, &self.date) {
            self.keep_runs(&runs);
            return runs;
        }
        let (mut destination, runs) = group_by_series(&self.product, &self.metric);
        let mut date = scatter(&self.date, &destination, NaiveDate::MIN);
        if runs.iter().any(|run| !date[run.clone()].is_sorted()) {
            // Rare: series out of date order, each sorted on its own.
            let mut order = invert(&destination);
            sort_runs_by_date(&mut order, &runs, &self.date);
            for (slot, &row) in order.iter().enumerate() {
                destination[row as usize] = slot as u32;
                date[slot] = self.date[row as usize];
            }
        }
        self.date = date;
        self.product = scatter(&self.product, &destination, 0);
        self.metric = scatter(&self.metric, &destination, 0);
        self.value = scatter(&self.value, &destination, 0.0);
        self.qualifier = scatter(&self.qualifier, &destination, Qualifier::Exact);
        self.source = scatter(&self.source, &destination, 0);
        if !self.measured_by.is_empty() {
            self.measured_by = scatter(&self.measured_by, &destination, 0);
        }
        self.line = scatter(&self.line, &destination, 0);
        self.keep_runs(&runs);
        runs
    }

    /// Notes the series of a table in series order, for `series`.
    fn keep_runs(&mut self, runs: &[Range<usize>]) {
        let identity = (0..self.len() as u32).collect();
        self.order = OnceLock::from((identity, runs.to_vec()));
    }
}

fn retain_by<T>(column: &mut Vec<T>, keep: &[bool]) {
    let mut flags = keep.iter();
    column.retain(|_| *flags.next().expect("one flag per row"));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 1, day).unwrap()
    }

    fn table(rows: &[(u32, u32, u32)]) -> Users {
        let mut users = Users::default();
        for (i, &(product, metric, day)) in rows.iter().enumerate() {
            let day = day.min(28);
            users.product.push(product);
            users.metric.push(metric);
            users.date.push(d(day));
            users.value.push(i as f64);
            users.qualifier.push(Qualifier::Exact);
            users.source.push(0);
            users.measured_by.push(0);
            users.line.push(i as u64 + 2);
        }
        users
    }

    #[test]
    fn repeated_keys_and_citing_lines_follow_the_rows_kept() {
        // Rows (lines 2..): product 0 on days 5, 5, 9; product 1 on day 5.
        let mut users = table(&[(0, 0, 5), (0, 0, 5), (1, 0, 5), (0, 0, 9)]);
        users.products = vec!["a".into(), "b".into()];
        users.metrics = vec!["mau".into()];
        users.sources = vec!["s".into()];
        assert_eq!(
            users.repeated_keys(),
            [Repeated {
                row: 1,
                first_line: 2
            }]
        );
        assert_eq!(users.citing_lines()[0].count, 4);
        // Worked out again for the rows an as-of day keeps.
        users.retain_on_or_before(d(6));
        assert_eq!(users.citing_lines()[0].count, 3);
        assert_eq!(users.citing_lines()[0].first, [2, 3, 4]);
        assert_eq!(users.repeated_keys().len(), 1);
    }

    #[test]
    fn series_order_groups_and_keeps_file_order_for_ties() {
        let mut users = table(&[(1, 0, 5), (0, 0, 9), (0, 0, 3), (1, 0, 5), (0, 1, 1)]);
        users.products = vec!["a".into(), "b".into()];
        users.metrics = vec!["mau".into(), "dau".into()];
        assert_eq!(users.series_order(), [2, 1, 4, 0, 3]);
    }

    #[test]
    fn series_order_matches_a_plain_stable_sort() {
        // Day-major rows, as exports list them, with a few out of order and ties.
        let mut rows = Vec::new();
        for day in 1..=20u32 {
            for product in 0..7u32 {
                rows.push((
                    product,
                    (product + day) % 3,
                    if day % 9 == 0 { 21 - day } else { day },
                ));
            }
        }
        let mut users = table(&rows);
        users.products = (0..7).map(|p| format!("p{p}")).collect();
        users.metrics = vec!["a".into(), "b".into(), "c".into()];
        let mut expected: Vec<u32> = (0..users.len() as u32).collect();
        expected.sort_by_key(|&i| {
            let i = i as usize;
            (users.product[i], users.metric[i], users.date[i])
        });
        assert_eq!(users.series_order(), expected);
    }

    #[test]
    fn retain_drops_every_column_together() {
        let mut users = table(&[(0, 0, 5), (0, 0, 20), (1, 0, 10)]);
        users.counters = vec!["".into(), "aicpb".into()];
        users.measured_by = vec![1, 0, 1];
        users.retain_on_or_before(d(10));
        assert_eq!(users.len(), 2);
        assert_eq!(users.line, [2, 4]);
        assert_eq!(users.value, [0.0, 2.0]);
        assert_eq!(users.measured_by, [1, 1]);
        assert_eq!(users.counter(1), Some("aicpb"));
        assert_eq!(users.latest_date(), Some(d(10)));
    }
}
