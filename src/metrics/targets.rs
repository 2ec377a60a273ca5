//! Target metrics (SPEC 5): the baseline a revenue target starts from, progress
//! and elapsed time measured to the same day C, the pace of a cumulative target,
//! the growth a run-rate target still needs, and the growth a target requires.

use chrono::NaiveDate;

use super::inputs::Inputs;
use super::row::Rows;
use crate::fx::Fx;
use crate::model::{
    CapexKind, Dataset, Earnings, Metric, Period, Target, TargetKind, TargetMetric,
};
use crate::periods::{days_between, Span};

/// What a target has achieved by day C, in the target's currency.
#[derive(Clone, Debug, PartialEq)]
pub struct Achieved<'d> {
    /// The day money and time are both measured to (C in SPEC 5).
    pub day: NaiveDate,
    pub value: f64,
    /// The periods counted: their end, their counted value and their source.
    pub parts: Vec<(NaiveDate, f64, &'d str)>,
}

pub fn rows(ctx: &Inputs, out: &mut Rows) {
    for t in &ctx.data.targets {
        let own = t.source.as_str();
        let baseline = match t.metric {
            TargetMetric::Revenue => latest_four(ctx.data, ctx.fx, t, t.start),
            TargetMetric::Capex => None,
        };
        let baseline_sources: Vec<&str> = baseline
            .iter()
            .flat_map(|b| b.parts.iter().map(|p| p.2))
            .chain([own])
            .collect();
        out.push(
            Metric::TargetBaseline,
            &t.id,
            None,
            Period::None,
            baseline.as_ref().map(|b| b.value),
            Metric::TargetBaseline.unit(t.currency),
            baseline_sources.iter().copied(),
        );
        out.push(
            Metric::TargetRequiredCagrPct,
            &t.id,
            None,
            Period::None,
            baseline
                .as_ref()
                .and_then(|b| required_cagr_pct(t, b.value)),
            ctx.unit(Metric::TargetRequiredCagrPct),
            baseline_sources.iter().copied(),
        );

        let until = ctx.as_of.map_or(t.end, |d| d.min(t.end));
        let Some(achieved) = achieved(ctx.data, ctx.fx, t, until) else {
            continue;
        };
        let period = Period::Date(achieved.day);
        let sources: Vec<&str> = achieved.parts.iter().map(|p| p.2).chain([own]).collect();
        let progress = achieved.value / t.value * 100.0;
        let elapsed = elapsed_pct(t, achieved.day);
        let mut push = |metric: Metric, value: Option<f64>| {
            out.push(
                metric,
                &t.id,
                None,
                period.clone(),
                value,
                ctx.unit(metric),
                sources.iter().copied(),
            );
        };
        push(Metric::TargetProgressPct, Some(progress));
        push(Metric::TargetElapsedPct, elapsed);
        match t.kind {
            TargetKind::Cumulative => push(
                Metric::TargetPaceRatio,
                elapsed.filter(|e| *e != 0.0).map(|e| progress / e),
            ),
            TargetKind::RunRate => push(
                Metric::TargetRemainingCagrPct,
                remaining_cagr_pct(t, achieved.value, achieved.day),
            ),
        }
    }
}

/// What the target has achieved by `until` (min(as-of, end)): for a cumulative
/// target, its periods that end by then and overlap [start, end], each counted
/// pro rata by its days inside; for a run-rate target, the latest four quarters.
/// Absent when nothing counts yet, or a conversion lacks a rate.
pub fn achieved<'d>(
    data: &'d Dataset,
    fx: &Fx,
    t: &Target,
    until: NaiveDate,
) -> Option<Achieved<'d>> {
    match t.kind {
        TargetKind::RunRate => latest_four(data, fx, t, until),
        TargetKind::Cumulative => cumulative(data, fx, t, until),
    }
}

fn cumulative<'d>(
    data: &'d Dataset,
    fx: &Fx,
    t: &Target,
    until: NaiveDate,
) -> Option<Achieved<'d>> {
    let window = Span::new(t.start, t.end);
    // (period, value, currency, source) of every period the target counts.
    let periods: Vec<(Span, f64, _, &str)> = match t.metric {
        TargetMetric::Capex => data
            .capex
            .iter()
            .filter(|c| c.company == t.company && c.kind == CapexKind::Actual)
            .map(|c| {
                let span = Span::new(c.period_start, c.period_end);
                (span, c.capex, c.currency, c.source.as_str())
            })
            .collect(),
        TargetMetric::Revenue => data
            .earnings
            .iter()
            .filter(|e| e.company == t.company && e.segment == segment_of(t))
            .map(|e| {
                let span = Span::quarter(e.period_end);
                (span, e.revenue, e.currency, e.source.as_str())
            })
            .collect(),
    };
    let mut parts = Vec::new();
    for (span, value, currency, source) in periods {
        let share = span.share_within(window);
        if span.end > until || share == 0.0 {
            continue;
        }
        let converted = fx.convert(value, currency, t.currency, span.end)?;
        parts.push((span.end, converted * share, source));
    }
    parts.sort_by_key(|p| p.0);
    let last = parts.last()?.0;
    Some(Achieved {
        day: last.min(t.end),
        value: parts.iter().map(|p| p.1).sum(),
        parts,
    })
}

/// The segment a revenue target is measured on: `total` when it names none.
fn segment_of(t: &Target) -> &str {
    t.segment.as_deref().unwrap_or("total")
}

/// The sum, in the target's currency, of the latest four quarters ending on or
/// before `day`, each converted at its own period_end; C is the latest one's end.
/// Absent with fewer than four.
fn latest_four<'d>(data: &'d Dataset, fx: &Fx, t: &Target, day: NaiveDate) -> Option<Achieved<'d>> {
    let mut candidates: Vec<&Earnings> = data
        .earnings
        .iter()
        .filter(|e| e.company == t.company && e.segment == segment_of(t) && e.period_end <= day)
        .collect();
    if candidates.len() < 4 {
        return None;
    }
    candidates.sort_by_key(|e| std::cmp::Reverse(e.period_end));
    let parts = candidates[..4]
        .iter()
        .rev()
        .map(|e| {
            let value = fx.convert(e.revenue, e.currency, t.currency, e.period_end)?;
            Some((e.period_end, value, e.source.as_str()))
        })
        .collect::<Option<Vec<_>>>()?;
    Some(Achieved {
        day: candidates[0].period_end,
        value: parts.iter().map(|p| p.1).sum(),
        parts,
    })
}

/// Inclusive days from start to C over inclusive days from start to end,
/// clamped to [0, 100].
pub fn elapsed_pct(t: &Target, day: NaiveDate) -> Option<f64> {
    let total = days_between(t.start, t.end) + 1;
    let gone = days_between(t.start, day) + 1;
    (total > 0).then(|| (gone as f64 / total as f64 * 100.0).clamp(0.0, 100.0))
}

/// Run-rate targets: the yearly growth still needed from the latest four
/// quarters (ending on C) to the value by the end. Absent when C >= end.
fn remaining_cagr_pct(t: &Target, latest: f64, day: NaiveDate) -> Option<f64> {
    let days = days_between(day, t.end);
    (days > 0 && latest > 0.0)
        .then(|| ((t.value / latest).powf(365.25 / days as f64) - 1.0) * 100.0)
}

/// Revenue targets only. Run-rate: `(value / baseline)^(1/n) - 1` with n in
/// years of 365.25 days. Cumulative: the g with
/// `sum(k = 1..N) baseline (1 + g)^k = value`, N = n rounded half up.
fn required_cagr_pct(t: &Target, baseline: f64) -> Option<f64> {
    if baseline <= 0.0 || t.metric != TargetMetric::Revenue {
        return None;
    }
    let years = days_between(t.start, t.end) as f64 / 365.25;
    match t.kind {
        TargetKind::RunRate => {
            (years > 0.0).then(|| ((t.value / baseline).powf(1.0 / years) - 1.0) * 100.0)
        }
        TargetKind::Cumulative => {
            let periods = (years + 0.5).floor();
            (periods >= 1.0)
                .then(|| solve_cumulative_growth(baseline, t.value, periods as i32) * 100.0)
        }
    }
}

/// The g > -1 for which `sum(k = 1..n) base (1 + g)^k = total`, by bisection
/// (the sum rises with g), to well within 1e-9.
fn solve_cumulative_growth(base: f64, total: f64, n: i32) -> f64 {
    let sum = |g: f64| (1..=n).map(|k| base * (1.0 + g).powi(k)).sum::<f64>();
    let (mut low, mut high) = (-1.0, 1.0);
    while sum(high) < total {
        high *= 2.0;
    }
    for _ in 0..200 {
        let mid = (low + high) / 2.0;
        if sum(mid) < total {
            low = mid;
        } else {
            high = mid;
        }
        if high - low < 1e-13 {
            break;
        }
    }
    (low + high) / 2.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cumulative_growth_solves_the_sum() {
        // 100 x (1+g) + 100 x (1+g)^2 = 231 -> (1+g) = 1.1, g = 0.1 (110 + 121 = 231).
        let g = solve_cumulative_growth(100.0, 231.0, 2);
        assert!((g - 0.1).abs() < 1e-9, "{g}");
        // Reaching exactly n x base needs no growth.
        assert!(solve_cumulative_growth(50.0, 250.0, 5).abs() < 1e-9);
        // Less than n x base needs shrinking: 100 (1+g) = 80 -> g = -0.2.
        assert!((solve_cumulative_growth(100.0, 80.0, 1) + 0.2).abs() < 1e-9);
        // A large target: 10 x (1+g) = 1e6 -> g = 99,999.
        assert!((solve_cumulative_growth(10.0, 1e6, 1) - 99_999.0).abs() < 1e-6);
    }
}
