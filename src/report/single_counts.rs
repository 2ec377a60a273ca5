//! Users counts that stand alone: a measure with one figure in the data (one
//! product, one day) draws no line and compares with nothing, so the report
//! lists it in a table under the users charts instead of drawing a chart of
//! one point.

use serde::Serialize;

use super::provenance::source_link;
use super::view::SourceLink;
use crate::model::Dataset;
use crate::names;
use crate::publishers::Publishers;

/// A row of the table of single counts.
#[derive(Debug, PartialEq, Serialize)]
pub struct SingleCount {
    pub product: String,
    /// What was counted: `weekly active users`.
    pub measure: String,
    pub date: String,
    /// The count with its qualifier: `at least 900.0M`.
    pub value: String,
    /// Who counted it: the company, a tracker, or `not stated`.
    pub counted_by: String,
    /// Who published the figure, linked to its source.
    pub source: SourceLink,
}

/// The measures with one figure, by measure then product.
pub fn single_counts(data: &Dataset, publishers: &Publishers) -> Vec<SingleCount> {
    let users = &data.users;
    let mut counts = vec![0usize; users.metrics.len()];
    for run in users.series() {
        counts[users.metric[run[0] as usize] as usize] += run.len();
    }
    let mut rows: Vec<(&str, SingleCount)> = users
        .series()
        .filter(|run| counts[users.metric[run[0] as usize] as usize] == 1)
        .map(|run| {
            let i = run[0] as usize;
            let metric = users.metrics[users.metric[i] as usize].as_str();
            let source = &users.sources[users.source[i] as usize];
            let id = &users.products[users.product[i] as usize];
            let row = SingleCount {
                product: names::product(data, id),
                counted_by: names::counter(data, id, users.counter(i)),
                measure: names::users_metric(metric),
                date: names::day(users.date[i]),
                value: names::qualified_count(users.value[i], users.qualifier[i]),
                source: source_link(publishers, source),
            };
            (metric, row)
        })
        .collect();
    rows.sort_by(|a, b| (a.0, &a.1.product).cmp(&(b.0, &b.1.product)));
    rows.into_iter().map(|(_, row)| row).collect()
}
