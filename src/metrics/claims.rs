//! Claims (SPEC 5.1): each claim of the data looked up among the metric rows by
//! exactly its metric, subject, segment and period, and given a verdict. A claim
//! whose own source stands behind the figure that would test it (directly or
//! through `based_on`) only restates it, and is never counted as confirmed.

use chrono::NaiveDate;
use serde::Serialize;

use super::computed::Metrics;
use super::row::{plain_number, MetricRow};
use crate::format;
use crate::model::{Choice, Claim, ClaimQualifier, Currency, Dataset, Metric, Unit};
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
    pub metric: Metric,
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
    pub unit: Option<Unit>,
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

/// Checks the claims in file order against the rows of `metrics`.
pub fn check(data: &Dataset, metrics: &Metrics) -> Vec<ClaimResult> {
    data.claims
        .iter()
        .map(|c| {
            let row = metrics.get_text(
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
                unit: row
                    .or_else(|| metrics.first(c.metric, &c.subject))
                    .or_else(|| metrics.of(c.metric).first())
                    .map(|r| r.unit),
                tested_sources: row.map(|r| r.sources.clone()).unwrap_or_default(),
                native: row.and_then(|_| native_figure(data, metrics, c)),
            }
        })
        .collect()
}

impl ClaimResult {
    /// A figure of the claim for people: in the unit of its metric's rows, or
    /// as a plain number when the data has none.
    pub fn shown(&self, value: f64) -> String {
        self.unit.map_or_else(
            || format::number(value, 2),
            |unit| format::in_unit(value, unit),
        )
    }

    /// The unit of the native figure: that of the metric in the data's currency.
    pub fn native_unit(&self, native: &NativeFigure) -> Unit {
        self.metric.unit(native.currency)
    }
}

/// The native figure behind a converted money claim whose data is in another
/// currency than `currency`: one quarter's revenue, one capex period, or one
/// campaign's spend per order or unit.
fn native_figure(data: &Dataset, metrics: &Metrics, c: &Claim) -> Option<NativeFigure> {
    let (fx, currency) = (&metrics.fx, metrics.currency);
    let period = c.period.as_deref();
    let (value, from, date) = match c.metric {
        Metric::RevenueConv => {
            let quarter: FiscalQuarter = period?.parse().ok()?;
            let e = data.earnings.iter().find(|e| {
                e.company == c.subject
                    && Some(e.segment.as_str()) == c.segment.as_deref()
                    && e.fiscal_period == quarter
            })?;
            (e.revenue, e.currency, e.period_end)
        }
        Metric::CapexConv => {
            let r = data.capex.iter().find(|r| {
                r.company == c.subject
                    && Some(r.kind.name()) == c.segment.as_deref()
                    && Some(r.period.as_str()) == period
            })?;
            (r.capex, r.currency, r.period_end)
        }
        Metric::CampaignSpendPerOrderConv | Metric::CampaignSpendPerUnitConv => {
            let r = data.campaigns.iter().find(|r| r.id == c.subject)?;
            let count = if c.metric == Metric::CampaignSpendPerOrderConv {
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
