//! The users table, held column by column.
//!
//! `users.csv` may hold millions of daily rows, so it is not a `Vec` of structs
//! with strings: product, metric and source ids are interned once into small
//! dictionaries and each row costs a few fixed-size numbers (about 33 bytes).
//! The file is read once; everything later works from these columns.

use std::ops::Range;

use rustc_hash::FxHashMap;

use chrono::NaiveDate;

use super::files::DataFile;
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
    /// One entry per row. The loaders leave the rows in series order (by
    /// product, metric and date codes, file order within a date): each series
    /// is then a run of rows, walked front to back.
    pub product: Vec<u32>,
    pub date: Vec<NaiveDate>,
    pub metric: Vec<u32>,
    pub value: Vec<f64>,
    pub qualifier: Vec<Qualifier>,
    pub source: Vec<u32>,
    pub line: Vec<u64>,
    /// Rows rejected for their own cells, kept only for their references.
    pub rejected: RejectedRows,
    /// `series_order` and its runs, computed once (validation, metrics and charts
    /// all use them).
    order: std::sync::OnceLock<(Vec<u32>, Vec<Range<usize>>)>,
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
        self.date.iter().copied().max()
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
        retain_by(&mut self.line, &keep);
        self.order = std::sync::OnceLock::new();
    }

    /// Row indices ordered by (product, metric, date), file order within ties:
    /// each series is then a contiguous run, oldest first. A counting sort by
    /// series (codes are small and dense) keeps this linear in the rows; only a
    /// series whose rows are out of date order is sorted on its own.
    pub fn series_order(&self) -> &[u32] {
        &self.ordered().0
    }

    /// The qualifier of the latest row of a product's series of one metric:
    /// the row `users_latest` reports. Looks through the series, not the rows.
    pub fn latest_qualifier(&self, product: &str, metric: &str) -> Option<Qualifier> {
        let product = self.products.iter().position(|p| p == product)? as u32;
        let metric = self.metrics.iter().position(|m| m == metric)? as u32;
        self.series()
            .find(|run| {
                let first = run[0] as usize;
                self.product[first] == product && self.metric[first] == metric
            })
            .map(|run| self.qualifier[run[run.len() - 1] as usize])
    }

    /// Each series (product and metric) as a range of `series_order`, oldest first.
    pub fn series(&self) -> impl Iterator<Item = &[u32]> {
        let (order, runs) = self.ordered();
        runs.iter().map(move |r| &order[r.clone()])
    }

    fn ordered(&self) -> &(Vec<u32>, Vec<Range<usize>>) {
        self.order.get_or_init(|| match self.runs_in_place() {
            Some(runs) => ((0..self.len() as u32).collect(), runs),
            None => {
                let (mut order, runs) = self.group_by_series();
                for run in &runs {
                    let run = &mut order[run.clone()];
                    if !run
                        .windows(2)
                        .all(|w| self.date[w[0] as usize] <= self.date[w[1] as usize])
                    {
                        // Stable: equal dates keep file order, so the first is the earliest line.
                        run.sort_by_key(|&i| self.date[i as usize]);
                    }
                }
                (order, runs)
            }
        })
    }

    /// Puts the rows in series order, so that each series is a run of rows and
    /// everything that walks the series reads the columns front to back. Equal
    /// dates keep their order, so the earliest line still comes first.
    pub fn sort_by_series(&mut self) {
        if self.runs_in_place().is_some() {
            return;
        }
        let (mut order, runs) = self.group_by_series();
        let mut date = gather(&self.date, &order, &runs, NaiveDate::MIN);
        for run in &runs {
            if !date[run.clone()].is_sorted() {
                // Rare: a series out of date order is sorted on its own.
                // Stable, so equal dates keep file order.
                let indices = &mut order[run.clone()];
                indices.sort_by_key(|&i| self.date[i as usize]);
                for (slot, &i) in date[run.clone()].iter_mut().zip(indices.iter()) {
                    *slot = self.date[i as usize];
                }
            }
        }
        self.date = date;
        self.product = gather(&self.product, &order, &runs, 0);
        self.metric = gather(&self.metric, &order, &runs, 0);
        self.value = gather(&self.value, &order, &runs, 0.0);
        self.qualifier = gather(&self.qualifier, &order, &runs, Qualifier::Exact);
        self.source = gather(&self.source, &order, &runs, 0);
        self.line = gather(&self.line, &order, &runs, 0);
        self.order = std::sync::OnceLock::new();
    }

    /// The series as runs of rows, when the rows already are in series order
    /// (by product, metric and date codes): one pass, front to back.
    fn runs_in_place(&self) -> Option<Vec<Range<usize>>> {
        let mut runs = Vec::new();
        let mut start = 0;
        for i in 1..self.len() {
            let (a, b) = (
                (self.product[i - 1], self.metric[i - 1]),
                (self.product[i], self.metric[i]),
            );
            if a > b || (a == b && self.date[i - 1] > self.date[i]) {
                return None;
            }
            if a != b {
                runs.push(start..i);
                start = i;
            }
        }
        if !self.is_empty() {
            runs.push(start..self.len());
        }
        Some(runs)
    }

    /// Row indices grouped by series (product, metric), file order within each,
    /// and each series' range of them. A counting sort: codes are small and dense.
    fn group_by_series(&self) -> (Vec<u32>, Vec<Range<usize>>) {
        let metrics = self.metrics.len().max(1);
        let series_of = |i: usize| self.product[i] as usize * metrics + self.metric[i] as usize;
        let mut starts = vec![0usize; self.products.len().max(1) * metrics + 1];
        for i in 0..self.len() {
            starts[series_of(i) + 1] += 1;
        }
        for k in 1..starts.len() {
            starts[k] += starts[k - 1];
        }
        let mut order = vec![0u32; self.len()];
        let mut next = starts.clone();
        for i in 0..self.len() {
            let slot = &mut next[series_of(i)];
            order[*slot] = i as u32;
            *slot += 1;
        }
        let runs = starts
            .windows(2)
            .filter(|w| w[0] < w[1])
            .map(|w| w[0]..w[1])
            .collect();
        (order, runs)
    }
}

/// `column` in `order`. Series are read in groups that step through their rows
/// together: in a day-by-day export the rows of neighbouring series on one day
/// are neighbours in the column, so each step reads a few cache lines, not one
/// per series (reading series after series, each row would be a page away).
fn gather<T: Copy>(column: &[T], order: &[u32], runs: &[Range<usize>], fill: T) -> Vec<T> {
    const GROUP: usize = 64;
    let mut out = vec![fill; order.len()];
    let mut active: Vec<Range<usize>> = Vec::with_capacity(GROUP);
    for group in runs.chunks(GROUP) {
        active.extend(group.iter().cloned());
        while !active.is_empty() {
            let mut k = 0;
            while k < active.len() {
                let at = active[k].start;
                out[at] = column[order[at] as usize];
                active[k].start += 1;
                if active[k].is_empty() {
                    active.swap_remove(k);
                } else {
                    k += 1;
                }
            }
        }
    }
    out
}

fn retain_by<T>(column: &mut Vec<T>, keep: &[bool]) {
    let mut flags = keep.iter();
    column.retain(|_| *flags.next().expect("one flag per row"));
}

/// Assigns small codes to repeated strings. Exports repeat their ids in runs
/// (one product day after day) or in cycles (every product, then every product
/// again the next day), so it remembers the last id and which id followed each:
/// most lookups are one comparison, not a hash.
#[derive(Default)]
pub struct Interner {
    codes: FxHashMap<String, u32>,
    names: Vec<String>,
    last: Option<u32>,
    /// For each code, the code that came after it last time (`u32::MAX`: none yet).
    next: Vec<u32>,
}

impl Interner {
    pub fn code(&mut self, text: &str) -> u32 {
        if let Some(code) = self.known(text) {
            return code;
        }
        let code = self.names.len() as u32;
        self.codes.insert(text.to_string(), code);
        self.names.push(text.to_string());
        self.next.push(u32::MAX);
        self.follow(code);
        code
    }

    /// The code of `text` if it has one already.
    pub fn known(&mut self, text: &str) -> Option<u32> {
        if let Some(last) = self.last {
            if self.names[last as usize] == text {
                return Some(last);
            }
            let guess = self.next[last as usize];
            if guess != u32::MAX && self.names[guess as usize] == text {
                self.last = Some(guess);
                return Some(guess);
            }
        }
        let code = *self.codes.get(text)?;
        self.follow(code);
        Some(code)
    }

    /// Notes that `code` came after the last one.
    fn follow(&mut self, code: u32) {
        if let Some(last) = self.last {
            self.next[last as usize] = code;
        }
        self.last = Some(code);
    }

    pub fn into_names(self) -> Vec<String> {
        self.names
    }
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
            users.line.push(i as u64 + 2);
        }
        users
    }

    #[test]
    fn interner_follows_cycles() {
        let mut interner = Interner::default();
        let days: Vec<u32> = (0..3)
            .flat_map(|_| ["a", "b", "c"])
            .map(|t| interner.code(t))
            .collect();
        assert_eq!(days, [0, 1, 2, 0, 1, 2, 0, 1, 2]);
        assert_eq!(
            interner.code("b"),
            1,
            "a guess that misses falls back to the map"
        );
        assert_eq!(interner.code("d"), 3);
    }

    #[test]
    fn interner_gives_stable_codes() {
        let mut interner = Interner::default();
        assert_eq!(interner.code("qwen_app"), 0);
        assert_eq!(interner.code("doubao"), 1);
        assert_eq!(interner.code("qwen_app"), 0);
        assert_eq!(interner.into_names(), ["qwen_app", "doubao"]);
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
        users.retain_on_or_before(d(10));
        assert_eq!(users.len(), 2);
        assert_eq!(users.line, [2, 4]);
        assert_eq!(users.value, [0.0, 2.0]);
        assert_eq!(users.latest_date(), Some(d(10)));
    }
}
