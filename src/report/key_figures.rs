//! The key figures under the lede: at most four of the focus company's latest
//! revenue and margin, where each target stands, the highest users count and
//! the claims the data confirms, each labelled in eight words or fewer. Every
//! number goes through `format.rs`.

use super::focus::{latest, quarter_row, target_row};
use super::leaders::UsersLeader;
use super::tally::Tally;
use super::view::KeyFigure;
use crate::format;
use crate::metrics::{MetricRow, Metrics};
use crate::model::{Dataset, Metric, Period, Qualifier, Target, TargetKind, TargetMetric};
use crate::names;
use crate::target_words;

/// The key figures shown: no more, so each is read.
const MAX_FIGURES: usize = 4;

/// `focus`: the company whose latest quarter leads the figures. The first
/// four of: its revenue and margin, its targets, the highest users count and
/// the claims the data confirms; each label eight words at most. `leaders`:
/// the users leaders, monthly first (`users_leaders`).
pub fn key_figures(
    data: &Dataset,
    metrics: &Metrics,
    focus: Option<&str>,
    leaders: &[UsersLeader],
) -> Vec<KeyFigure> {
    let mut figures = Vec::new();
    if let Some(company) = focus {
        figures.extend(quarter_figures(data, metrics, company));
    }
    for t in &data.targets {
        figures.extend(target_figure(data, metrics, t));
    }
    if let Some(leader) = leaders.first() {
        figures.push(leader.key_figure(data));
    }
    if !metrics.claims.is_empty() {
        let tally = Tally::of(metrics);
        // Claims of one figure count once: "facts" then say so.
        let (label, counted) = if tally.merges() {
            (
                "Claimed facts the data confirms",
                format!(" ({} facts from {} claims)", tally.facts, tally.claims),
            )
        } else {
            ("Claims the data confirms", String::new())
        };
        figures.push(KeyFigure {
            label: label.into(),
            value: format!("{} of {}", tally.holds, tally.independent()),
            detail: format!(
                "tested against other sources{counted}; {} repeat their own source, {} cannot be checked",
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
            detail: format!(
                "{} operating income as a share of revenue",
                names::possessive(&company_name)
            ),
        });
    }
    figures
}

/// Where a target stands: a plan's share spent, or the growth still needed,
/// each bounded by the target's qualifier, dated (and said to be older than
/// the company's latest quarter when it is), with what the target counts.
fn target_figure(data: &Dataset, metrics: &Metrics, t: &Target) -> Option<KeyFigure> {
    let progress = target_row(metrics, Metric::TargetProgressPct, t)?;
    let elapsed = target_row(metrics, Metric::TargetElapsedPct, t)?;
    let Period::Date(c) = progress.period else {
        return None;
    };
    let day = format!(
        "{}{}",
        names::day(c),
        target_words::stale_clause(data, t, c)
    );
    let counts = target_words::counts_opening(data, t)
        .map(|words| format!(". {words}"))
        .unwrap_or_default();
    let (what, done) = match t.metric {
        TargetMetric::Capex => ("capex plan", "Capex plan spent"),
        TargetMetric::Revenue => ("revenue target", "Revenue target earned"),
    };
    let latest = format::money_mn(progress.value / 100.0 * t.value, t.currency.as_str());
    let mut figure = match t.kind {
        TargetKind::Cumulative => {
            let pace = target_row(metrics, Metric::TargetPaceRatio, t)
                .map(|p| {
                    format!(
                        ": {} the straight-line pace",
                        target_words::pace(t, p.value)
                    )
                })
                .unwrap_or_default();
            // A share of a qualified value is a bound: the amount says what it is of.
            let amount = match t.qualifier {
                Qualifier::Exact => String::new(),
                _ => format!("{latest} "),
            };
            KeyFigure {
                label: format!("{done} by {}", short_day(progress)),
                value: target_words::share(t, progress.value),
                detail: format!(
                    "{amount}of {}, by {day}, with {} of its time gone{pace}",
                    names::target(data, t),
                    format::pct(elapsed.value)
                ),
            }
        }
        TargetKind::RunRate if progress.value >= 100.0 => KeyFigure {
            label: format!("Share of {what} reached"),
            value: target_words::share(t, progress.value),
            detail: format!(
                "{}: {latest} in the four quarters to {day}",
                names::target(data, t)
            ),
        },
        TargetKind::RunRate => {
            let remaining = target_row(metrics, Metric::TargetRemainingCagrPct, t)?;
            KeyFigure {
                label: format!("Yearly growth still needed for {what}"),
                value: target_words::growth(t, remaining.value),
                detail: format!(
                    "to reach {}, from {latest} in the four quarters to {day}{}",
                    names::target(data, t),
                    from_start(metrics, t)
                ),
            }
        }
    };
    figure.detail.push_str(&counts);
    Some(figure)
}

/// The growth a run-rate target required from its baseline, beside the growth
/// still needed from the latest quarters: "; from the $20.6B of the four
/// quarters before it began, more than 37.2% a year".
fn from_start(metrics: &Metrics, t: &Target) -> String {
    match (
        target_row(metrics, Metric::TargetBaseline, t),
        target_row(metrics, Metric::TargetRequiredCagrPct, t),
    ) {
        (Some(b), Some(g)) => format!(
            "; from the {} of the four quarters before it began, {} a year",
            b.shown(),
            target_words::growth(t, g.value)
        ),
        _ => String::new(),
    }
}

/// `30 Sep 2025`: the day a target row is measured to, short.
fn short_day(r: &MetricRow) -> String {
    match r.period {
        Period::Date(day) => day.format("%-d %b %Y").to_string(),
        _ => String::new(),
    }
}
