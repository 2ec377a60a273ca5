//! The lede: two to four plain sentences that open the report and say what
//! the data shows about the company it follows: where its margin went, how
//! fast its cloud grows, and how far it is along its spending plan. Each
//! exists only when its metrics do, and keeps SPEC 6.1 as the summary does:
//! a quarter against the same quarter a year earlier, dates named, a measure
//! that stops before the latest quarter says so.

use super::focus::{latest, quarter_row, target_row, total_quarters};
use crate::format;
use crate::metrics::Metrics;
use crate::model::{
    Dataset, Earnings, Metric, Period, Qualifier, Target, TargetKind, TargetMetric,
};
use crate::names;
use crate::target_words;

/// The segment whose growth the lede follows.
const GROWTH_SEGMENT: &str = "cloud";

pub fn lede(data: &Dataset, metrics: &Metrics, focus: Option<&str>) -> Vec<String> {
    let Some(company) = focus else {
        return Vec::new();
    };
    let mut out = Vec::new();
    out.extend(margin_sentence(data, metrics, company));
    out.extend(growth_sentence(data, metrics, company));
    // The company's spending plan: its first cumulative capex target in effect.
    let plan = data.targets.iter().find(|t| {
        t.company == company
            && t.metric == TargetMetric::Capex
            && t.kind == TargetKind::Cumulative
            && target_row(metrics, Metric::TargetProgressPct, t).is_some()
    });
    out.extend(plan.and_then(|t| plan_sentence(data, metrics, t)));
    out
}

/// "By 30 September 2025 (its latest capex figure; revenue runs to 31 March
/// 2026) it had spent 20.7% of its RMB 380.0B capex plan, with 20.0% of the
/// plan's time gone: 1.04x a straight-line pace." A plan of "more than RMB
/// 380.0B" gives the amount spent and bounds the share and the pace ("less
/// than 20.7%"), and a plan the data measures on other figures than its
/// announcer's says so in a second sentence.
fn plan_sentence(data: &Dataset, metrics: &Metrics, t: &Target) -> Option<String> {
    let progress = target_row(metrics, Metric::TargetProgressPct, t)?;
    let elapsed = target_row(metrics, Metric::TargetElapsedPct, t)?;
    let Period::Date(day) = progress.period else {
        return None;
    };
    let stale = target_words::reported_after(data, t, day)
        .map(|latest| {
            format!(
                " (its latest capex figure; revenue runs to {})",
                names::day(latest)
            )
        })
        .unwrap_or_default();
    let pace = target_row(metrics, Metric::TargetPaceRatio, t)
        .map(|p| format!(": {} a straight-line pace", target_words::pace(t, p.value)))
        .unwrap_or_default();
    let spent = match t.qualifier {
        Qualifier::Exact => format!(
            "{} of its {} capex plan",
            format::pct(progress.value),
            target_words::value(t)
        ),
        _ => format!(
            "{}, {} of its capex plan of {}",
            format::money_mn(progress.value / 100.0 * t.value, t.currency.as_str()),
            target_words::share(t, progress.value),
            target_words::value(t)
        ),
    };
    Some(format!(
        "By {}{stale} it had spent {spent}, with {} of the plan's time gone{pace}.{}",
        names::day(day),
        format::pct(elapsed.value),
        target_words::counts_sentence(data, t, "The plan")
    ))
}

/// The row of the same fiscal quarter one year earlier, same company and segment.
fn year_earlier<'d>(data: &'d Dataset, e: &Earnings) -> Option<&'d Earnings> {
    let label = e.fiscal_period.year_earlier();
    data.earnings
        .iter()
        .find(|x| x.company == e.company && x.segment == e.segment && x.fiscal_period == label)
}

/// "Alibaba Group's operating margin was -0.3% in January to March 2026, down
/// from 12.0% a year earlier."
fn margin_sentence(data: &Dataset, metrics: &Metrics, company: &str) -> Option<String> {
    let (e, margin) = latest(data, metrics, Metric::OperatingMarginPct, company)?;
    let months = names::quarter_months(e.period_end);
    let name = names::company(data, company);
    let owner = names::possessive(&name);
    let before =
        year_earlier(data, e).and_then(|p| quarter_row(metrics, Metric::OperatingMarginPct, p));
    Some(match before {
        Some(b) => format!(
            "{owner} operating margin was {} in {months}, {} {} a year earlier.",
            format::pct(margin.value),
            if margin.value < b.value {
                "down from"
            } else {
                "up from"
            },
            format::pct(b.value)
        ),
        None => format!(
            "{owner} operating margin was {} in {months}.",
            format::pct(margin.value)
        ),
    })
}

/// "Its cloud revenue grew 38.1% on a year earlier, against 17.7% a year before."
fn growth_sentence(data: &Dataset, metrics: &Metrics, company: &str) -> Option<String> {
    let latest_total = total_quarters(data, company).into_iter().next()?;
    let e = data.earnings.iter().find(|x| {
        x.company == company
            && x.segment == GROWTH_SEGMENT
            && x.period_end == latest_total.period_end
    })?;
    let growth = quarter_row(metrics, Metric::RevenueYoyPct, e)?;
    let verb = if growth.value < 0.0 { "fell" } else { "grew" };
    let before = year_earlier(data, e)
        .and_then(|p| quarter_row(metrics, Metric::RevenueYoyPct, p))
        .map(|b| format!(", against {} a year before", format::pct(b.value)))
        .unwrap_or_default();
    Some(format!(
        "Its {} revenue {verb} {} on the same quarter a year earlier{before}.",
        names::segment(GROWTH_SEGMENT),
        format::pct(growth.value.abs())
    ))
}
