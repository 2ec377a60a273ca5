//! The products with the highest latest users counts, one per users metric,
//! compared only with products reporting that same metric (SPEC 6.1).

use chrono::NaiveDate;

use crate::metrics::{MetricRow, Metrics};
use crate::model::{Dataset, Metric, Qualifier};
use crate::names;

/// The product with the highest latest count of one users metric, compared only
/// with products reporting that same metric.
pub struct UsersLeader<'m> {
    pub row: &'m MetricRow,
    pub metric_words: String,
    pub qualifier: Qualifier,
    pub day: String,
    pub products: usize,
    /// The dates of the latest counts compared: earliest and latest.
    pub dates: (String, String),
    /// "; weekly and daily counts are not compared", when the data has them.
    pub others: String,
}

/// One leader per users metric reported by two or more products; monthly
/// first, then weekly, daily, then the rest by name.
pub fn users_leaders<'m>(data: &Dataset, metrics: &'m Metrics) -> Vec<UsersLeader<'m>> {
    let latest = metrics.of(Metric::UsersLatest);
    let mut kinds: Vec<&str> = latest.iter().filter_map(|r| r.segment.as_deref()).collect();
    kinds.sort_by_key(|k| {
        (
            ["mau", "wau", "dau"]
                .iter()
                .position(|m| m == k)
                .unwrap_or(3),
            *k,
        )
    });
    kinds.dedup();
    let all_kinds = kinds.clone();
    kinds
        .into_iter()
        .filter_map(|kind| {
            let rows: Vec<&MetricRow> = latest
                .iter()
                .filter(|r| r.segment.as_deref() == Some(kind))
                .collect();
            if rows.len() < 2 {
                return None;
            }
            let top = rows.iter().copied().max_by(|a, b| {
                a.value
                    .total_cmp(&b.value)
                    .then_with(|| b.subject.cmp(&a.subject))
            })?;
            let mut dates: Vec<NaiveDate> = rows.iter().filter_map(|r| r.period.end()).collect();
            dates.sort_unstable();
            let words = |d: NaiveDate| names::day(d);
            // Active-user counts of other periods, named so a reader knows they
            // were left out of the ranking rather than beaten.
            let other: Vec<String> = all_kinds
                .iter()
                .filter(|k| **k != kind)
                .filter_map(|k| names::active_period(k).map(str::to_string))
                .collect();
            let others = if other.is_empty() {
                String::new()
            } else {
                format!("; {} counts are not compared", names::list(&other))
            };
            Some(UsersLeader {
                others,
                row: top,
                metric_words: names::users_metric(kind),
                qualifier: users_qualifier(data, top),
                day: top.period.end().map(words).unwrap_or_default(),
                products: rows.len(),
                dates: (words(dates[0]), words(dates[dates.len() - 1])),
            })
        })
        .collect()
}

/// The qualifier of the users row behind a `users_latest` row.
pub fn users_qualifier(data: &Dataset, r: &MetricRow) -> Qualifier {
    r.segment
        .as_deref()
        .and_then(|metric| data.users.latest_qualifier(&r.subject, metric))
        .unwrap_or(Qualifier::Exact)
}
