//! The words of the targets' charts (SPEC 6.1, v3): each title and note
//! carries the target's qualifier into the shares, paces and growths it names,
//! says when its progress stops before the company's latest quarter, and what
//! the target counts against what the data measures it on.

use chrono::NaiveDate;

use super::inputs::Inputs;
use crate::format;
use crate::model::{Metric, Period, Qualifier, Target, TargetKind};
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
            "{company}'s {} plan: no spending reported inside it yet",
            target_words::value(t)
        ),
    }
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
