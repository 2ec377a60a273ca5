//! Target metrics: the baseline a revenue target starts from, progress against
//! it, time elapsed, pace, and the growth the target requires.

use chrono::NaiveDate;

use super::{money_unit, Context, Rows};
use crate::model::{CapexKind, Currency, Earnings, Target, TargetKind, TargetMetric};
use crate::periods::{days_between, Span};

pub fn rows(ctx: &Context, out: &mut Rows) {
    for t in &ctx.data.targets {
        let baseline = match t.metric {
            TargetMetric::Revenue => baseline(ctx, t),
            TargetMetric::Capex => None,
        };
        out.push(
            "target_baseline",
            &t.id,
            None,
            None,
            baseline,
            &money_unit(t.currency),
        );
        out.push(
            "target_required_cagr_pct",
            &t.id,
            None,
            None,
            baseline.and_then(|b| required_cagr_pct(t, b)),
            "%",
        );

        let Some(as_of) = ctx.as_of else { continue };
        let period = as_of.to_string();
        let progress = progress_pct(ctx, t, as_of);
        let elapsed = elapsed_pct(t, as_of);
        let pace = match (progress, elapsed) {
            (Some(p), Some(e)) if e != 0.0 => Some(p / e),
            _ => None,
        };
        out.push(
            "target_progress_pct",
            &t.id,
            None,
            Some(&period),
            progress,
            "%",
        );
        out.push(
            "target_elapsed_pct",
            &t.id,
            None,
            Some(&period),
            elapsed,
            "%",
        );
        out.push("target_pace_ratio", &t.id, None, Some(&period), pace, "x");
    }
}

/// The quarters a revenue target is measured on: its company and segment
/// (`total` when the target names none).
fn quarters<'a>(ctx: &'a Context, t: &'a Target) -> impl Iterator<Item = &'a Earnings> + 'a {
    let segment = t.segment.as_deref().unwrap_or("total");
    ctx.data
        .earnings
        .iter()
        .filter(move |e| e.company == t.company && e.segment == segment)
}

/// The sum, in the target's currency, of the latest four quarters ending on or
/// before `day`, each converted at its own period_end; absent with fewer than four.
fn latest_four(ctx: &Context, t: &Target, day: NaiveDate) -> Option<f64> {
    let mut candidates: Vec<&Earnings> = quarters(ctx, t).filter(|e| e.period_end <= day).collect();
    if candidates.len() < 4 {
        return None;
    }
    candidates.sort_by_key(|e| std::cmp::Reverse(e.period_end));
    candidates[..4]
        .iter()
        .map(|e| {
            ctx.fx
                .convert(e.revenue, e.currency, t.currency, e.period_end)
        })
        .sum()
}

fn baseline(ctx: &Context, t: &Target) -> Option<f64> {
    latest_four(ctx, t, t.start)
}

/// With W = [start, min(as-of, end)]: cumulative targets sum what lies wholly
/// inside W; run-rate targets take the latest four quarters ending by W's end.
fn progress_pct(ctx: &Context, t: &Target, as_of: NaiveDate) -> Option<f64> {
    let window = Span::new(t.start, as_of.min(t.end));
    let achieved = match t.kind {
        TargetKind::RunRate => latest_four(ctx, t, window.end)?,
        TargetKind::Cumulative => {
            let parts: Vec<(f64, Currency, NaiveDate)> = match t.metric {
                TargetMetric::Capex => ctx
                    .data
                    .capex
                    .iter()
                    .filter(|c| c.company == t.company && c.kind == CapexKind::Actual)
                    .filter(|c| Span::new(c.period_start, c.period_end).lies_within(window))
                    .map(|c| (c.capex, c.currency, c.period_end))
                    .collect(),
                TargetMetric::Revenue => quarters(ctx, t)
                    .filter(|e| Span::quarter(e.period_end).lies_within(window))
                    .map(|e| (e.revenue, e.currency, e.period_end))
                    .collect(),
            };
            if parts.is_empty() {
                return None;
            }
            parts
                .iter()
                .map(|&(value, currency, day)| ctx.fx.convert(value, currency, t.currency, day))
                .sum::<Option<f64>>()?
        }
    };
    Some(achieved / t.value * 100.0)
}

/// Days from start to as-of over days from start to end, clamped to [0, 100].
fn elapsed_pct(t: &Target, as_of: NaiveDate) -> Option<f64> {
    let total = days_between(t.start, t.end);
    (total != 0)
        .then(|| (days_between(t.start, as_of) as f64 / total as f64 * 100.0).clamp(0.0, 100.0))
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
