//! Claims (SPEC 5.1): each claim of the data looked up among the metric rows by
//! exactly its metric, subject, segment and period, and given a verdict. A claim
//! whose own source stands behind the figure that would test it (directly or
//! through `based_on`), or is worked out only from sources that do, restates
//! it, and is never counted as confirmed.

use super::claim::{ClaimResult, NativeFigure, Verdict};
use super::computed::Metrics;
use super::row::MetricRow;
use crate::model::{Choice, Claim, ClaimQualifier, Dataset, Earnings, Metric, Period};
use crate::periods::{parse_date, FiscalQuarter};

/// The verdict of SPEC 5.1 for a claim whose metric row is `row` (if any).
pub fn verdict(data: &Dataset, claim: &Claim, row: Option<&MetricRow>) -> Verdict {
    let Some(row) = row else {
        return Verdict::Unverifiable;
    };
    if restates(data, claim, row) {
        return Verdict::Restates;
    }
    let (actual, expected, tolerance) = (row.value, claim.expected, claim.tolerance);
    let holds = match claim.qualifier {
        Some(ClaimQualifier::AtLeast) => actual >= expected - tolerance,
        Some(ClaimQualifier::AtMost) => actual <= expected + tolerance,
        None => (actual - expected).abs() <= tolerance,
    };
    if holds {
        Verdict::Holds
    } else {
        Verdict::Fails
    }
}

/// Whether the data only repeats the claim: the claim's own source stands
/// behind the row (directly or through `based_on`, SPEC 5.1), or the claim's
/// source is itself worked out from sources that all stand behind the row,
/// such as a cost per order divided from the same announced spend and orders
/// the data divides: the same inputs cannot test each other.
fn restates(data: &Dataset, claim: &Claim, row: &MetricRow) -> bool {
    let lineage = data.lineage(row.sources.iter().map(String::as_str));
    if lineage.contains(claim.source.as_str()) {
        return true;
    }
    data.sources
        .iter()
        .find(|s| s.id == claim.source)
        .is_some_and(|s| {
            !s.based_on.is_empty() && s.based_on.iter().all(|b| lineage.contains(b.as_str()))
        })
}

/// Checks the claims in file order against the rows of `metrics`; claims
/// about converted money against `in_dollars` when given (the same metrics
/// converted to US dollars, the currency claims state money in).
pub fn check(data: &Dataset, metrics: &Metrics, in_dollars: Option<&Metrics>) -> Vec<ClaimResult> {
    data.claims
        .iter()
        .map(|c| {
            let metrics = match in_dollars {
                Some(dollars)
                    if c.metric.unit(dollars.currency) != c.metric.unit(metrics.currency) =>
                {
                    dollars
                }
                _ => metrics,
            };
            let row = metrics.get_written(
                c.metric,
                &c.subject,
                c.segment.as_deref(),
                c.period.as_deref().unwrap_or(""),
            );
            ClaimResult {
                id: c.id.clone(),
                metric: c.metric,
                subject: c.subject.clone(),
                segment: c.segment.clone(),
                period: c.period.clone(),
                expected: c.expected,
                tolerance: c.tolerance,
                actual: row.map(|r| r.value),
                verdict: verdict(data, c, row),
                qualifier: c.qualifier,
                text: c.text.clone(),
                source: c.source.clone(),
                unit: Some(
                    row.or_else(|| metrics.first(c.metric, &c.subject))
                        .or_else(|| metrics.of(c.metric).first())
                        .map_or_else(|| c.metric.unit(metrics.currency), |r| r.unit),
                ),
                tested_sources: row.map(|r| r.sources.clone()).unwrap_or_default(),
                tested_period: row.map_or_else(|| claim_period(data, c), |r| r.period.clone()),
                native: row.and_then(|r| native_figure(data, metrics, r)),
            }
        })
        .collect()
}

/// The period of a claim no metric row matches, typed from its text: a day,
/// or a fiscal quarter the subject reports in `earnings.csv`, else a label.
fn claim_period(data: &Dataset, claim: &Claim) -> Period {
    let Some(text) = claim.period.as_deref().filter(|t| !t.is_empty()) else {
        return Period::None;
    };
    if let Ok(date) = parse_date(text) {
        return Period::Date(date);
    }
    let segment = claim.segment.as_deref().unwrap_or("");
    let quarter: Option<FiscalQuarter> = text.parse().ok();
    data.earnings
        .iter()
        .find(|e| {
            e.company == claim.subject && e.segment == segment && Some(e.fiscal_period) == quarter
        })
        .map_or_else(|| Period::Label(text.to_string()), Earnings::period)
}

/// The native figure behind a converted money row that tested a claim, when
/// its data is in another currency than the converted one: one quarter's
/// revenue, one capex period, or one campaign's spend per order or unit.
fn native_figure(data: &Dataset, metrics: &Metrics, row: &MetricRow) -> Option<NativeFigure> {
    let (fx, currency) = (&metrics.fx, metrics.currency);
    let (company, segment) = (&row.subject, row.segment.as_deref());
    let (value, from, date) = match (row.metric, &row.period) {
        (Metric::RevenueConv, Period::Quarter { label, .. }) => {
            let e = data.earnings.iter().find(|e| {
                e.company == *company
                    && Some(e.segment.as_str()) == segment
                    && e.fiscal_period == *label
            })?;
            (e.revenue, e.currency, e.period_end)
        }
        (Metric::CapexConv, Period::Span { label, .. }) => {
            let r = data.capex.iter().find(|r| {
                r.company == *company && Some(r.kind.name()) == segment && r.period == *label
            })?;
            (r.capex, r.currency, r.period_end)
        }
        (Metric::CampaignSpendPerOrderConv | Metric::CampaignSpendPerUnitConv, _) => {
            let r = data.campaigns.iter().find(|r| r.id == *company)?;
            let count = if row.metric == Metric::CampaignSpendPerOrderConv {
                r.orders?
            } else {
                r.units?
            };
            (r.spend * 1e6 / count, r.currency, r.end)
        }
        _ => return None,
    };
    if from == currency {
        return None;
    }
    Some(NativeFigure {
        value,
        currency: from,
        rate: fx.convert(1.0, from, currency, date)?,
        date,
        rate_date: fx
            .rate_date(from, date)
            .or_else(|| fx.rate_date(currency, date)),
    })
}
