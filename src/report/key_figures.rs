//! The key figures under the lede: at most four of the focus company's latest
//! revenue and margin, where each target stands, the highest users count and
//! the claims the data confirms, each labelled in eight words or fewer. Every
//! number goes through `format.rs`.

use super::focus::{latest, measured_to, quarter_row, target_row};
use super::leaders::users_leaders;
use super::tally::Tally;
use super::view::KeyFigure;
use crate::format;
use crate::metrics::{MetricRow, Metrics};
use crate::model::{Dataset, Metric, Period, Target, TargetKind, TargetMetric};
use crate::names;

/// The key figures shown: no more, so each is read.
const MAX_FIGURES: usize = 4;

/// `focus`: the company whose latest quarter leads the figures. The first
/// four of: its revenue and margin, its targets, the highest users count and
/// the claims the data confirms; each label eight words at most.
pub fn key_figures(data: &Dataset, metrics: &Metrics, focus: Option<&str>) -> Vec<KeyFigure> {
    let mut figures = Vec::new();
    if let Some(company) = focus {
        figures.extend(quarter_figures(data, metrics, company));
    }
    for t in &data.targets {
        figures.extend(target_figure(data, metrics, t));
    }
    if let Some(leader) = users_leaders(data, metrics).into_iter().next() {
        figures.push(leader.key_figure(data));
    }
    if !metrics.claims.is_empty() {
        let tally = Tally::of(metrics);
        figures.push(KeyFigure {
            label: "Claims the data confirms".into(),
            value: format!("{} of {}", tally.holds, tally.independent()),
            detail: format!(
                "tested against other sources; {} repeat their own source, {} cannot be checked",
                tally.restates, tally.unverifiable
            ),
        });
    }
    figures.truncate(MAX_FIGURES);
    figures
}

/// The focus company's revenue and operating margin in its latest quarter.
fn quarter_figures(data: &Dataset, metrics: &Metrics, company: &str) -> Vec<KeyFigure> {
    let mut figures = Vec::new();
    let company_name = names::company(data, company);
    if let Some((e, r)) = latest(data, metrics, Metric::RevenueConv, company) {
        let yoy = quarter_row(metrics, Metric::RevenueYoyPct, e)
            .map(|y| {
                format!(
                    "; {} on a year earlier in {}",
                    format::signed_pct(y.value),
                    e.currency
                )
            })
            .unwrap_or_default();
        figures.push(KeyFigure {
            label: format!(
                "{company_name} revenue, {}",
                names::months_short(e.period_end)
            ),
            value: r.shown(),
            detail: format!(
                "{}, converted to {} at the quarter-end rate{yoy}",
                e.fiscal_period, metrics.currency
            ),
        });
    }
    if let Some((e, r)) = latest(data, metrics, Metric::OperatingMarginPct, company) {
        figures.push(KeyFigure {
            label: format!("Operating margin, {}", names::months_short(e.period_end)),
            value: format::pct(r.value),
            detail: format!("{company_name}'s operating income as a share of revenue"),
        });
    }
    figures
}

/// Where a target stands: a plan's share spent, or the growth still needed.
fn target_figure(data: &Dataset, metrics: &Metrics, t: &Target) -> Option<KeyFigure> {
    let progress = target_row(metrics, Metric::TargetProgressPct, t)?;
    let elapsed = target_row(metrics, Metric::TargetElapsedPct, t)?;
    let day = measured_to(progress);
    let (what, done) = match t.metric {
        TargetMetric::Capex => ("capex plan", "Capex plan spent"),
        TargetMetric::Revenue => ("revenue target", "Revenue target earned"),
    };
    match t.kind {
        TargetKind::Cumulative => {
            let pace = target_row(metrics, Metric::TargetPaceRatio, t)
                .map(|p| format!(": {} the straight-line pace", format::ratio(p.value)))
                .unwrap_or_default();
            Some(KeyFigure {
                label: format!("{done} by {}", short_day(progress)),
                value: format::pct(progress.value),
                detail: format!(
                    "of {}, by {day}, with {} of its time gone{pace}",
                    names::target(data, t),
                    format::pct(elapsed.value)
                ),
            })
        }
        TargetKind::RunRate => {
            let latest = format::money_mn(progress.value / 100.0 * t.value, t.currency.as_str());
            if progress.value >= 100.0 {
                return Some(KeyFigure {
                    label: format!("Share of {what} reached"),
                    value: format::pct(progress.value),
                    detail: format!(
                        "{}: {latest} in the four quarters to {day}",
                        names::target(data, t)
                    ),
                });
            }
            let remaining = target_row(metrics, Metric::TargetRemainingCagrPct, t)?;
            Some(KeyFigure {
                label: format!("Yearly growth still needed for {what}"),
                value: format::pct(remaining.value),
                detail: format!(
                    "to reach {}, from {latest} in the four quarters to {day}",
                    names::target(data, t)
                ),
            })
        }
    }
}

/// `30 Sep 2025`: the day a target row is measured to, short.
fn short_day(r: &MetricRow) -> String {
    match r.period {
        Period::Date(day) => day.format("%-d %b %Y").to_string(),
        _ => String::new(),
    }
}
