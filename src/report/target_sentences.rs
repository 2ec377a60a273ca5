//! The summary's sentence for each target: where a cumulative target stands
//! against a straight line to it, and the growth a run-rate target needs.
//! Each keeps SPEC 6.1: the day its figures are measured to, whether that day
//! is older than the company's latest quarter, the target's qualifier carried
//! into every share, pace and growth, and what the target counts beside what
//! the data measures it on.

use super::focus::target_row;
use crate::format;
use crate::metrics::{MetricRow, Metrics};
use crate::model::{Dataset, Metric, Period, Qualifier, Target, TargetKind, TargetMetric};
use crate::names;
use crate::target_words as words;

pub fn target_sentence(data: &Dataset, metrics: &Metrics, t: &Target) -> Option<String> {
    match (t.metric, t.kind) {
        (_, TargetKind::Cumulative) => Some(cumulative_sentence(data, metrics, t)),
        (TargetMetric::Revenue, TargetKind::RunRate) => run_rate_sentence(data, metrics, t),
        (TargetMetric::Capex, TargetKind::RunRate) => None,
    }
}

/// The noun a second sentence calls the target by.
fn noun(t: &Target) -> &'static str {
    match t.metric {
        TargetMetric::Capex => "The commitment",
        TargetMetric::Revenue => "The target",
    }
}

/// The day a target row is measured to, with what makes it stale: "31 March
/// 2026", or "30 September 2025, the last day with capex data (revenue is
/// reported to 31 March 2026)".
fn day_with_staleness(data: &Dataset, t: &Target, row: &MetricRow) -> String {
    match row.period {
        Period::Date(day) => format!("{}{}", names::day(day), words::stale_clause(data, t, day)),
        _ => String::new(),
    }
}

/// The growth a run-rate target needs from the latest four quarters, and from
/// the four before it began, side by side: two figures of one target that
/// differ only in where and when they start.
fn run_rate_sentence(data: &Dataset, metrics: &Metrics, t: &Target) -> Option<String> {
    let name = names::target(data, t);
    let progress = target_row(metrics, Metric::TargetProgressPct, t);
    let required = target_row(metrics, Metric::TargetRequiredCagrPct, t);
    let baseline = target_row(metrics, Metric::TargetBaseline, t);
    let remaining = target_row(metrics, Metric::TargetRemainingCagrPct, t);
    let counts = words::counts_sentence(data, t, noun(t));
    let from_start = match (required, baseline) {
        (Some(g), Some(b)) => Some(format!(
            "{} a year from the {} of the four quarters before it began",
            words::growth(t, g.value),
            b.shown()
        )),
        _ => None,
    };
    let reached = |p: &MetricRow| match t.qualifier {
        Qualifier::MoreThan => p.value > 100.0,
        _ => p.value >= 100.0,
    };
    let still = match (remaining, progress) {
        // Already past the level: "needs -5.8% growth" would mislead.
        (Some(_), Some(p)) if reached(p) => {
            return Some(format!(
                "{} already reached the level of its {} in the four quarters to {}: {} of it.{counts}",
                names::company(data, &t.company),
                names::target_itself(t),
                day_with_staleness(data, t, p),
                words::share(t, p.value)
            ));
        }
        (Some(g), Some(p)) => Some(format!(
            "{} a year from the {} of the four quarters to {}",
            words::growth(t, g.value),
            format::money_mn(p.value / 100.0 * t.value, t.currency.as_str()),
            day_with_staleness(data, t, p)
        )),
        _ => None,
    };
    let needs = match (still, from_start) {
        (Some(still), Some(start)) => format!("{still} ({start})"),
        (Some(one), None) | (None, Some(one)) => one,
        (None, None) => return None,
    };
    Some(format!("Reaching {name} needs growth of {needs}.{counts}"))
}

/// Where a cumulative target stands: its share reached by the day it is
/// measured to, against the share of its time gone by then. A share of a
/// qualified value is a bound, so the amount reached is given with it.
fn cumulative_sentence(data: &Dataset, metrics: &Metrics, t: &Target) -> String {
    let name = names::target(data, t);
    let progress = target_row(metrics, Metric::TargetProgressPct, t);
    let elapsed = target_row(metrics, Metric::TargetElapsedPct, t);
    let (verb, money) = match t.metric {
        TargetMetric::Capex => ("spent", "spending"),
        TargetMetric::Revenue => ("earned", "revenue"),
    };
    let counts = words::counts_sentence(data, t, noun(t));
    let (Some(p), Some(e)) = (progress, elapsed) else {
        return format!("No reported {money} falls inside {name} yet.{counts}");
    };
    let pace = target_row(metrics, Metric::TargetPaceRatio, t)
        .map(|r| {
            format!(
                ": {} the pace of a straight line to the target",
                words::pace(t, r.value)
            )
        })
        .unwrap_or_default();
    let reached = match t.qualifier {
        Qualifier::Exact => format::pct(p.value),
        _ => format!(
            "{}, {}",
            format::money_mn(p.value / 100.0 * t.value, t.currency.as_str()),
            words::share(t, p.value)
        ),
    };
    format!(
        "By {}, {} had {verb} {reached} of its {}, with {} of its time gone by that day{pace}.{counts}",
        day_with_staleness(data, t, p),
        names::company(data, &t.company),
        names::target_itself(t),
        format::pct(e.value)
    )
}
