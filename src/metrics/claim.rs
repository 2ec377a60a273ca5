//! The outcome of checking a claim (SPEC 5.1): its verdict, the figure that
//! tested it, and what `metrics.json` and the report say of it.

use chrono::NaiveDate;
use serde::Serialize;

use super::row::plain_number;
use crate::format;
use crate::model::{Choice, ClaimQualifier, Currency, Metric, Period, Unit};

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
    /// The unit of the metric's rows for this subject (else of any subject,
    /// else the metric's own in the currency claims are tested in), so the
    /// expected and actual figures can be written for people.
    #[serde(skip)]
    pub unit: Option<Unit>,
    /// The sources of the metric row that tested the claim.
    #[serde(skip)]
    pub tested_sources: Vec<String>,
    /// The claim's period, typed: the tested row's, else as the fiscal
    /// calendar or a date reads the claim's text.
    #[serde(skip)]
    pub tested_period: Period,
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
