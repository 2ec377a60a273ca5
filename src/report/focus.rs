//! The metric rows the key figures and summary sentences speak of: the company
//! the data follows most closely, its latest quarters, and each target's rows.

use std::collections::BTreeMap;

use crate::metrics::{MetricRow, Metrics};
use crate::model::{Dataset, Earnings, Metric, Target};

/// The company the key figures and summary follow: the one aimarket.toml
/// names, else the one whose earnings the data follows most closely (the
/// most rows).
pub fn focus_company<'d>(data: &'d Dataset, chosen: Option<&'d str>) -> Option<&'d str> {
    if chosen.is_some() {
        return chosen;
    }
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for e in &data.earnings {
        *counts.entry(&e.company).or_default() += 1;
    }
    // The most rows; of equal counts, the first id.
    counts
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0)))
        .map(|(c, _)| c)
}

/// The company's total-segment quarters, latest first.
pub fn total_quarters<'d>(data: &'d Dataset, company: &str) -> Vec<&'d Earnings> {
    let mut quarters: Vec<&Earnings> = data
        .earnings
        .iter()
        .filter(|e| e.company == company && e.segment == "total")
        .collect();
    quarters.sort_by_key(|e| std::cmp::Reverse(e.period_end));
    quarters
}

/// The latest quarter of the company with a row of `metric`, and that row.
pub fn latest<'d, 'm>(
    data: &'d Dataset,
    metrics: &'m Metrics,
    metric: Metric,
    company: &str,
) -> Option<(&'d Earnings, &'m MetricRow)> {
    total_quarters(data, company)
        .into_iter()
        .find_map(|e| Some((e, quarter_row(metrics, metric, e)?)))
}

/// The row of `metric` for the quarter of earnings row `e`.
pub fn quarter_row<'m>(
    metrics: &'m Metrics,
    metric: Metric,
    e: &Earnings,
) -> Option<&'m MetricRow> {
    let period = e.period();
    metrics.get(metric, &e.company, Some(&e.segment), &period)
}

/// A target's row of `metric`: it has one at most.
pub fn target_row<'m>(metrics: &'m Metrics, metric: Metric, t: &Target) -> Option<&'m MetricRow> {
    metrics.first(metric, &t.id)
}
