//! Series order for the users table: rows grouped by (product, metric) code,
//! oldest first within each group, file order among equal dates. The table
//! keeps its rows in this order, so every stage walks its columns front to back.

use std::ops::Range;

use chrono::NaiveDate;

/// The series as runs of rows, when the rows already are in series order (by
/// product, metric and date): one pass, front to back. `None` otherwise.
pub(super) fn runs_in_place(
    product: &[u32],
    metric: &[u32],
    date: &[NaiveDate],
) -> Option<Vec<Range<usize>>> {
    let mut runs = Vec::new();
    let mut start = 0;
    for i in 1..product.len() {
        let (a, b) = ((product[i - 1], metric[i - 1]), (product[i], metric[i]));
        if a > b || (a == b && date[i - 1] > date[i]) {
            return None;
        }
        if a != b {
            runs.push(start..i);
            start = i;
        }
    }
    if !product.is_empty() {
        runs.push(start..product.len());
    }
    Some(runs)
}

/// Where each row goes when grouped by series (product, metric), file order
/// within each, and each series' range of rows. A counting sort: codes are
/// small and dense, so this is linear in the rows and reads them front to back.
pub(super) fn group_by_series(product: &[u32], metric: &[u32]) -> (Vec<u32>, Vec<Range<usize>>) {
    let metrics = metric.iter().max().map_or(1, |&m| m as usize + 1);
    let products = product.iter().max().map_or(1, |&p| p as usize + 1);
    let series = product.iter().zip(metric);
    let series_of = |(&p, &m): (&u32, &u32)| p as usize * metrics + m as usize;
    let mut starts = vec![0usize; products * metrics + 1];
    for key in series.clone().map(series_of) {
        starts[key + 1] += 1;
    }
    for k in 1..starts.len() {
        starts[k] += starts[k - 1];
    }
    let mut next = starts.clone();
    let destination = series
        .map(|key| {
            let slot = &mut next[series_of(key)];
            *slot += 1;
            (*slot - 1) as u32
        })
        .collect();
    let runs = starts
        .windows(2)
        .filter(|w| w[0] < w[1])
        .map(|w| w[0]..w[1])
        .collect();
    (destination, runs)
}

/// The inverse of a permutation: from where each row goes, which row goes where.
pub(super) fn invert(permutation: &[u32]) -> Vec<u32> {
    let mut inverse = vec![0u32; permutation.len()];
    for (from, &to) in permutation.iter().enumerate() {
        inverse[to as usize] = from as u32;
    }
    inverse
}

/// Sorts each run of `order` by date where it is not in date order already.
/// Stable: equal dates keep file order, so the first is the earliest line.
pub(super) fn sort_runs_by_date(order: &mut [u32], runs: &[Range<usize>], date: &[NaiveDate]) {
    for run in runs {
        let run = &mut order[run.clone()];
        if !run
            .windows(2)
            .all(|w| date[w[0] as usize] <= date[w[1] as usize])
        {
            run.sort_by_key(|&i| date[i as usize]);
        }
    }
}

/// `column` with each row moved to its `destination`.
pub(super) fn scatter<T: Copy>(column: &[T], destination: &[u32], fill: T) -> Vec<T> {
    let mut out = vec![fill; column.len()];
    for (&value, &to) in column.iter().zip(destination) {
        out[to as usize] = value;
    }
    out
}
