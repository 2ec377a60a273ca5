//! The words of the targets' charts (SPEC 6.1, v3): each title and note
//! carries the target's qualifier into the shares, paces and growths it names,
//! says when its progress stops before the company's latest quarter, and what
//! the target counts against what the data measures it on.

use chrono::NaiveDate;

use super::inputs::Inputs;
use crate::format;
use crate::model::{Metric, Period, Qualifier, Target, TargetKind, Unit};
use crate::names;
use crate::target_words;

/// The pace chart's title: the share spent by the day it is measured to (said
/// to be older than the company's latest quarter when it is), bounded by the
/// plan's qualifier, against the share of the time gone.
pub fn pace_title(inputs: &Inputs, t: &Target, measured: Option<NaiveDate>) -> String {
    let company = inputs.company_name(&t.company);
    let plan = match t.qualifier {
        Qualifier::Exact => format!("its {} plan", target_words::value(t)),
        _ => format!("its plan of {}", target_words::value(t)),
    };
    match (
        inputs
            .metrics
            .first(Metric::TargetProgressPct, &t.id)
            .map(|r| r.value),
        inputs
            .metrics
            .first(Metric::TargetElapsedPct, &t.id)
            .map(|r| r.value),
        measured,
    ) {
        (Some(progress), Some(elapsed), Some(day)) => {
            let stale = target_words::reported_after(inputs.data, t, day)
                .map(|latest| {
                    format!(
                        " (the latest capex data; revenue runs to {})",
                        names::day(latest)
                    )
                })
                .unwrap_or_default();
            format!(
                "By {}{stale}, {company} had spent {} of {plan}, with {} of the time gone",
                names::day(day),
                target_words::share(t, progress),
                format::pct(elapsed)
            )
        }
        _ => format!(
            "{} {} plan: no spending reported inside it yet",
            names::possessive(&company),
            target_words::value(t)
        ),
    }
}

/// "Cumulative actual capex, CNY mn, against a straight line to RMB 380.0B by
/// 24 February 2028 (the plan: more than RMB 380.0B); ...": what the pace
/// chart's two lines are.
pub fn pace_subtitle(t: &Target) -> String {
    format!(
        "Cumulative actual capex, {} mn, against a straight line to {} by {}{}; a period straddling the start counts by its days inside",
        t.currency,
        format::in_unit(t.value, Unit::Millions(t.currency)),
        names::day(t.end),
        floor_words(t, "plan")
    )
}

/// "Reaching more than $100.0B by 2031 needs more than 37.2% growth a year
/// from $20.6B (the four quarters to 31 December 2025)": the growth a revenue
/// target requires from its baseline, the four quarters to `baseline_end`.
pub fn path_title(
    t: &Target,
    baseline: f64,
    cagr_pct: f64,
    baseline_end: Option<NaiveDate>,
) -> String {
    let baseline_to = baseline_end
        .map(|end| format!(" (the four quarters to {})", names::day(end)))
        .unwrap_or_default();
    format!(
        "Reaching {} by {} needs {} growth a year from {}{baseline_to}",
        target_words::value(t),
        t.end.format("%Y"),
        target_words::growth(t, cagr_pct),
        format::in_unit(baseline, Unit::Millions(t.currency))
    )
}

/// "Alibaba Group cloud revenue over the last four quarters, USD mn; dashed:
/// the path at the required growth to $100.0B (the target: more than
/// $100.0B)": what a revenue target's chart's two lines are.
pub fn path_subtitle(inputs: &Inputs, t: &Target) -> String {
    let company = inputs.company_name(&t.company);
    let segment = t.segment.as_deref().unwrap_or("total");
    let actual = match t.kind {
        TargetKind::RunRate => format!("{company} {segment} revenue over the last four quarters"),
        TargetKind::Cumulative => format!("{company} {segment} revenue summed since the start"),
    };
    format!(
        "{actual}, {} mn; dashed: the path at the required growth to {}{}",
        t.currency,
        format::in_unit(t.value, Unit::Millions(t.currency)),
        floor_words(t, "target")
    )
}

/// " (the plan: more than RMB 380.0B)" beside the straight line drawn to the
/// value itself; empty for an exact value.
pub fn floor_words(t: &Target, noun: &str) -> String {
    match t.qualifier {
        Qualifier::Exact => String::new(),
        _ => format!(" (the {noun}: {})", target_words::value(t)),
    }
}

/// The note of a target's chart: what the target counts and what the data
/// measures it on, when they differ; empty otherwise.
pub fn counts_note(inputs: &Inputs, t: &Target, noun: &str) -> String {
    target_words::counts_sentence(inputs.data, t, noun)
        .trim()
        .trim_end_matches('.')
        .to_string()
}

/// Where a revenue target stands now, beside the title's growth from its
/// baseline, and what it counts: "From the $22.5B of the latest four quarters
/// (to 31 March 2026), it needs more than 35.1% a year".
pub fn path_note(inputs: &Inputs, t: &Target) -> String {
    let row = |metric: Metric| inputs.metrics.first(metric, &t.id);
    let mut parts = Vec::new();
    if let Some(p) = row(Metric::TargetProgressPct) {
        let Period::Date(day) = p.period else {
            return counts_note(inputs, t, "The target");
        };
        let to = format!(
            "{}{}",
            names::day(day),
            target_words::stale_clause(inputs.data, t, day)
        );
        let reached = format::money_mn(p.value / 100.0 * t.value, t.currency.as_str());
        let now = match (t.kind, row(Metric::TargetRemainingCagrPct)) {
            (TargetKind::RunRate, Some(g)) if p.value < 100.0 => format!(
                "From the {reached} of the latest four quarters (to {to}), it needs {} a year",
                target_words::growth(t, g.value)
            ),
            (TargetKind::RunRate, _) => format!(
                "The latest four quarters (to {to}) reach {reached}: {} of it",
                target_words::share(t, p.value)
            ),
            (TargetKind::Cumulative, _) => format!(
                "By {to}, {reached} had been earned: {} of it",
                target_words::share(t, p.value)
            ),
        };
        parts.push(now);
    }
    let counts = counts_note(inputs, t, "The target");
    if !counts.is_empty() {
        parts.push(counts);
    }
    parts.join(". ")
}
