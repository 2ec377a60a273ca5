//! Claims (SPEC 5.1): each claim of the data looked up among the metric rows by
//! exactly its metric, subject, segment and period, and given a verdict. A claim
//! whose own source stands behind the figure that would test it (directly or
//! through `based_on`) only restates it, and is never counted as confirmed.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Serialize;

use super::{plain_number, MetricRow};
use crate::fx::Fx;
use crate::model::{Choice, Claim, ClaimQualifier, Currency, Dataset};
use crate::periods::FiscalQuarter;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    Holds,
    Fails,
    Restates,
    Unverifiable,
}

impl Verdict {
    pub fn name(self) -> &'static str {
        match self {
            Verdict::Holds => "holds",
            Verdict::Fails => "fails",
            Verdict::Restates => "restates",
            Verdict::Unverifiable => "unverifiable",
        }
    }
}

/// The figure behind a converted money metric, in the currency the data gives
/// it in, with the rate that converted it.
#[derive(Clone, Debug, PartialEq)]
pub struct NativeFigure {
    pub value: f64,
    pub currency: Currency,
    /// Units of the converted currency per unit of `currency`, on `date`.
    pub rate: f64,
    pub date: NaiveDate,
    /// The date of the `fx.csv` rate used: the latest on or before `date`.
    pub rate_date: Option<NaiveDate>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ClaimResult {
    pub id: String,
    pub metric: String,
    pub subject: String,
    pub segment: Option<String>,
    pub period: Option<String>,
    #[serde(serialize_with = "plain_number")]
    pub expected: f64,
    #[serde(serialize_with = "plain_number")]
    pub tolerance: f64,
    #[serde(serialize_with = "optional_number")]
    pub actual: Option<f64>,
    pub verdict: Verdict,
    /// `at_least`, `at_most`, or null for an exact figure.
    #[serde(serialize_with = "optional_choice")]
    pub qualifier: Option<ClaimQualifier>,
    /// The claim's own words and source, for the report (not part of metrics.json).
    #[serde(skip)]
    pub text: String,
    #[serde(skip)]
    pub source: String,
    /// The unit of the metric's rows for this subject (else of any subject), so
    /// the expected and actual figures can be written for people.
    #[serde(skip)]
    pub unit: Option<String>,
    /// The sources of the metric row that tested the claim.
    #[serde(skip)]
    pub tested_sources: Vec<String>,
    /// For a converted money figure from data in another currency: the figure as
    /// the data gives it, and the rate used.
    #[serde(skip)]
    pub native: Option<NativeFigure>,
}

fn optional_number<S: serde::Serializer>(
    value: &Option<f64>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match value {
        Some(v) => plain_number(v, serializer),
        None => serializer.serialize_none(),
    }
}

fn optional_choice<S: serde::Serializer>(
    value: &Option<ClaimQualifier>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match value {
        Some(q) => serializer.serialize_str(q.name()),
        None => serializer.serialize_none(),
    }
}

/// The verdict of SPEC 5.1 for a claim whose metric row is `row` (if any).
pub fn verdict(data: &Dataset, claim: &Claim, row: Option<&MetricRow>) -> Verdict {
    let Some(row) = row else {
        return Verdict::Unverifiable;
    };
    let lineage = data.lineage(row.sources.iter().map(String::as_str));
    if lineage.contains(claim.source.as_str()) {
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

/// Checks the claims in file order.
pub fn check(data: &Dataset, fx: &Fx, currency: Currency, rows: &[MetricRow]) -> Vec<ClaimResult> {
    let index: HashMap<(&str, &str, &str, &str), &MetricRow> = rows
        .iter()
        .map(|r| {
            let key = (
                r.metric,
                r.subject.as_str(),
                r.segment.as_deref().unwrap_or(""),
                r.period.as_deref().unwrap_or(""),
            );
            (key, r)
        })
        .collect();
    data.claims
        .iter()
        .map(|c| {
            let key = (
                c.metric.as_str(),
                c.subject.as_str(),
                c.segment.as_deref().unwrap_or(""),
                c.period.as_deref().unwrap_or(""),
            );
            let row = index.get(&key).copied();
            ClaimResult {
                id: c.id.clone(),
                metric: c.metric.clone(),
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
                unit: row
                    .or_else(|| {
                        rows.iter()
                            .find(|r| r.metric == c.metric && r.subject == c.subject)
                    })
                    .or_else(|| rows.iter().find(|r| r.metric == c.metric))
                    .map(|r| r.unit.clone()),
                tested_sources: row.map(|r| r.sources.clone()).unwrap_or_default(),
                native: row.and_then(|_| native_figure(data, fx, currency, c)),
            }
        })
        .collect()
}

/// The native figure behind a converted money claim whose data is in another
/// currency than `currency`: one quarter's revenue, one capex period, or one
/// campaign's spend per order or unit.
fn native_figure(data: &Dataset, fx: &Fx, currency: Currency, c: &Claim) -> Option<NativeFigure> {
    let period = c.period.as_deref();
    let (value, from, date) = match c.metric.as_str() {
        "revenue_conv" => {
            let quarter: FiscalQuarter = period?.parse().ok()?;
            let e = data.earnings.iter().find(|e| {
                e.company == c.subject
                    && Some(e.segment.as_str()) == c.segment.as_deref()
                    && e.fiscal_period == quarter
            })?;
            (e.revenue, e.currency, e.period_end)
        }
        "capex_conv" => {
            let r = data.capex.iter().find(|r| {
                r.company == c.subject
                    && Some(r.kind.name()) == c.segment.as_deref()
                    && Some(r.period.as_str()) == period
            })?;
            (r.capex, r.currency, r.period_end)
        }
        "campaign_spend_per_order_conv" | "campaign_spend_per_unit_conv" => {
            let r = data.campaigns.iter().find(|r| r.id == c.subject)?;
            let count = if c.metric.ends_with("order_conv") {
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
