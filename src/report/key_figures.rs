//! The key figures at the top of the report: the focus company's latest
//! revenue and margin, where each target stands, the highest users count and
//! the claims the data confirms. Every number goes through `format.rs`.

use super::focus::{latest, measured_to, quarter_row, target_row};
use super::leaders::users_leaders;
use super::tally::Tally;
use super::view::KeyFigure;
use crate::format;
use crate::metrics::Metrics;
use crate::model::{Dataset, Metric, TargetKind};
use crate::names;

/// `focus`: the company whose latest quarter leads the figures.
pub fn key_figures(data: &Dataset, metrics: &Metrics, focus: Option<&str>) -> Vec<KeyFigure> {
    let mut figures = Vec::new();
    if let Some(company) = focus {
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
                    names::quarter(e.fiscal_period, e.period_end)
                ),
                value: r.shown(),
                detail: format!(
                    "converted to {} at the quarter-end rate{yoy}",
                    metrics.currency
                ),
            });
        }
        if let Some((e, r)) = latest(data, metrics, Metric::OperatingMarginPct, company) {
            figures.push(KeyFigure {
                label: format!(
                    "{company_name} operating margin, {}",
                    names::quarter(e.fiscal_period, e.period_end)
                ),
                value: format::pct(r.value),
                detail: "operating income as a share of revenue".into(),
            });
        }
    }
    for t in &data.targets {
        let (Some(progress), Some(elapsed)) = (
            target_row(metrics, Metric::TargetProgressPct, t),
            target_row(metrics, Metric::TargetElapsedPct, t),
        ) else {
            continue;
        };
        let day = measured_to(progress);
        match t.kind {
            TargetKind::Cumulative => {
                let pace = target_row(metrics, Metric::TargetPaceRatio, t)
                    .map(|p| format!(": {} the straight-line pace", format::ratio(p.value)))
                    .unwrap_or_default();
                figures.push(KeyFigure {
                    label: format!("{}, reached by {day}", names::target(data, t)),
                    value: format::pct(progress.value),
                    detail: format!(
                        "with {} of its time gone by then{pace}",
                        format::pct(elapsed.value)
                    ),
                });
            }
            TargetKind::RunRate => {
                let latest =
                    format::money_mn(progress.value / 100.0 * t.value, t.currency.as_str());
                if progress.value >= 100.0 {
                    figures.push(KeyFigure {
                        label: format!("Reached: {}", names::target(data, t)),
                        value: format::pct(progress.value),
                        detail: format!("{latest} in the four quarters to {day}"),
                    });
                    continue;
                }
                let Some(remaining) = target_row(metrics, Metric::TargetRemainingCagrPct, t) else {
                    continue;
                };
                figures.push(KeyFigure {
                    label: format!("Growth still needed: {}", names::target(data, t)),
                    value: format!("{} a year", format::pct(remaining.value)),
                    detail: format!("from {latest} in the four quarters to {day}"),
                });
            }
        }
    }
    if let Some(leader) = users_leaders(data, metrics).into_iter().next() {
        figures.push(KeyFigure {
            label: format!("Highest {} count in the data", leader.metric_words),
            value: names::qualified_count(leader.row.value, leader.qualifier),
            detail: format!(
                "{}, {}; latest counts of {} products{}",
                names::product(data, &leader.row.subject),
                leader.day,
                leader.products,
                leader.others
            ),
        });
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
    figures
}
