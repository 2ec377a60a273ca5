//! Everything the metrics stage hands on: the rows in SPEC 5 order, the claims
//! checked against them, the rates every conversion uses, and the lookups later
//! stages read rows through. The index is built once, when the rows are set.

use std::collections::HashMap;
use std::ops::Range;

use chrono::NaiveDate;

use super::claim::ClaimResult;
use super::row::MetricRow;
use crate::fx::Fx;
use crate::model::{Bloc, CapexKind, Choice, Currency, InputFile, Metric, Period, PeriodKey, Unit};

/// Everything `metrics` prints and `build` writes as `metrics.json`.
#[derive(Debug)]
pub struct Metrics {
    pub as_of: Option<NaiveDate>,
    pub currency: Currency,
    pub inputs: Vec<InputFile>,
    pub claims: Vec<ClaimResult>,
    /// The rates the metrics were converted with: charts convert with the same.
    pub fx: Fx,
    rows: Vec<MetricRow>,
    index: Index,
}

/// A row's metric, subject, segment and period.
type Key = (Metric, String, Option<String>, PeriodKey);

/// Where rows lie. Rows sort by metric, then subject, so the rows of a metric,
/// and of a metric and subject, are runs.
#[derive(Debug, Default)]
struct Index {
    metrics: HashMap<Metric, Range<usize>>,
    subjects: HashMap<(Metric, String), Range<usize>>,
    keys: HashMap<Key, usize>,
}

impl Index {
    fn of(rows: &[MetricRow]) -> Index {
        let mut index = Index::default();
        for (i, r) in rows.iter().enumerate() {
            let extend = |range: &mut Range<usize>| range.end = i + 1;
            extend(index.metrics.entry(r.metric).or_insert(i..i));
            extend(
                index
                    .subjects
                    .entry((r.metric, r.subject.clone()))
                    .or_insert(i..i),
            );
            // A key given twice (the data's own duplicate) finds the later row.
            index.keys.insert(
                key(r.metric, &r.subject, r.segment.as_deref(), r.period.key()),
                i,
            );
        }
        index
    }
}

fn key(metric: Metric, subject: &str, segment: Option<&str>, period: PeriodKey) -> Key {
    (
        metric,
        subject.to_string(),
        segment.map(str::to_string),
        period,
    )
}

impl Metrics {
    /// `rows` must be in SPEC 5 order (`Rows::sorted`).
    pub fn new(
        as_of: Option<NaiveDate>,
        currency: Currency,
        inputs: Vec<InputFile>,
        rows: Vec<MetricRow>,
        fx: Fx,
    ) -> Metrics {
        Metrics {
            as_of,
            currency,
            inputs,
            claims: Vec::new(),
            fx,
            index: Index::of(&rows),
            rows,
        }
    }

    /// The unit of a metric's values, money in the currency of converted
    /// figures (a target's baseline is in the target's own: see its rows).
    pub fn unit(&self, metric: Metric) -> Unit {
        metric.unit(self.currency)
    }

    /// Every row, in SPEC 5 order.
    pub fn rows(&self) -> &[MetricRow] {
        &self.rows
    }

    /// Keeps the rows `keep` accepts, in order (`metrics --metric --subject`).
    pub fn retain(&mut self, keep: impl FnMut(&MetricRow) -> bool) {
        self.rows.retain(keep);
        self.index = Index::of(&self.rows);
    }

    /// The rows of a metric, in order.
    pub fn of(&self, metric: Metric) -> &[MetricRow] {
        self.slice(self.index.metrics.get(&metric))
    }

    /// The rows of a metric for one subject, in order.
    pub fn of_subject(&self, metric: Metric, subject: &str) -> &[MetricRow] {
        self.slice(self.index.subjects.get(&(metric, subject.to_string())))
    }

    fn slice(&self, range: Option<&Range<usize>>) -> &[MetricRow] {
        range.map_or(&[], |r| &self.rows[r.clone()])
    }

    /// The row with exactly this metric, subject, segment and period.
    pub fn get(
        &self,
        metric: Metric,
        subject: &str,
        segment: Option<&str>,
        period: &Period,
    ) -> Option<&MetricRow> {
        self.get_key(metric, subject, segment, period.key())
    }

    /// The row whose period is written `period` (empty for none), as a claim
    /// or an earlier report names it, read as the metric's periods are: an
    /// empty segment or period matches only an empty one.
    pub fn get_written(
        &self,
        metric: Metric,
        subject: &str,
        segment: Option<&str>,
        period: &str,
    ) -> Option<&MetricRow> {
        let period = PeriodKey::parse(metric.period_kind(), period)?;
        self.get_key(metric, subject, segment, period)
    }

    fn get_key(
        &self,
        metric: Metric,
        subject: &str,
        segment: Option<&str>,
        period: PeriodKey,
    ) -> Option<&MetricRow> {
        let at = self
            .index
            .keys
            .get(&key(metric, subject, segment, period))?;
        Some(&self.rows[*at])
    }

    /// The value of the row with exactly this key.
    pub fn value(
        &self,
        metric: Metric,
        subject: &str,
        segment: Option<&str>,
        period: &Period,
    ) -> Option<f64> {
        self.get(metric, subject, segment, period).map(|r| r.value)
    }

    /// A bloc's converted capex of one kind in a calendar year: the
    /// `bloc_capex_conv` row keyed by the bloc, the kind and the year.
    pub fn bloc_capex(&self, bloc: Bloc, kind: CapexKind, year: i32) -> Option<f64> {
        let period = Period::Year(year);
        self.value(
            Metric::BlocCapexConv,
            bloc.name(),
            Some(kind.name()),
            &period,
        )
    }

    /// The first row of a metric for a subject that has one row of it, such as
    /// a target's progress: whatever its period.
    pub fn first(&self, metric: Metric, subject: &str) -> Option<&MetricRow> {
        self.of_subject(metric, subject).first()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(metric: Metric, subject: &str, segment: Option<&str>, year: i32) -> MetricRow {
        MetricRow {
            metric,
            subject: subject.into(),
            segment: segment.map(Into::into),
            period: Period::Year(year),
            value: f64::from(year),
            unit: Unit::Count,
            sources: Vec::new(),
        }
    }

    #[test]
    fn rows_are_found_by_their_key_and_in_runs() {
        let mut rows = vec![
            row(Metric::BlocCapexConv, "china", Some("actual"), 2024),
            row(Metric::BlocCapexConv, "china", Some("actual"), 2025),
            row(Metric::BlocCapexConv, "western", Some("actual"), 2025),
            row(Metric::StackPlayers, "chips", None, 2025),
        ];
        super::super::row::sort(&mut rows);
        let mut metrics = Metrics::new(None, Currency::USD, Vec::new(), rows, Fx::new(&[]));
        let year = Period::Year(2025);
        let found = metrics.get(Metric::BlocCapexConv, "china", Some("actual"), &year);
        assert_eq!(found.map(|r| r.value), Some(2025.0));
        assert_eq!(
            metrics
                .get_written(Metric::BlocCapexConv, "china", Some("actual"), "2024")
                .map(|r| r.value),
            Some(2024.0)
        );
        assert!(metrics
            .get(Metric::BlocCapexConv, "china", None, &year)
            .is_none());
        assert_eq!(
            metrics.bloc_capex(Bloc::China, CapexKind::Actual, 2024),
            Some(2024.0)
        );
        assert_eq!(
            metrics.bloc_capex(Bloc::China, CapexKind::Guidance, 2024),
            None
        );
        assert_eq!(
            metrics.bloc_capex(Bloc::Western, CapexKind::Actual, 2024),
            None
        );
        assert_eq!(
            metrics.value(Metric::StackPlayers, "chips", None, &year),
            Some(2025.0)
        );
        assert_eq!(metrics.of(Metric::BlocCapexConv).len(), 3);
        assert_eq!(metrics.of_subject(Metric::BlocCapexConv, "china").len(), 2);
        assert_eq!(
            metrics
                .first(Metric::BlocCapexConv, "western")
                .map(|r| r.value),
            Some(2025.0)
        );
        assert!(metrics.of(Metric::UsersLatest).is_empty());

        metrics.retain(|r| r.subject != "china");
        assert_eq!(metrics.rows().len(), 2);
        assert!(metrics
            .of_subject(Metric::BlocCapexConv, "china")
            .is_empty());
        assert_eq!(metrics.of(Metric::StackPlayers)[0].subject, "chips");
    }
}
