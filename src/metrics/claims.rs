//! Claims (SPEC 5.1): each claim of the data looked up among the metric rows by
//! exactly its metric, subject, segment and period, and given a verdict.

use std::collections::HashMap;

use serde::Serialize;

use super::{plain_number, MetricRow};
use crate::model::Claim;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    Holds,
    Fails,
    Unverifiable,
}

impl Verdict {
    pub fn name(self) -> &'static str {
        match self {
            Verdict::Holds => "holds",
            Verdict::Fails => "fails",
            Verdict::Unverifiable => "unverifiable",
        }
    }
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
    /// The claim's own words and source, for the report (not part of metrics.json).
    #[serde(skip)]
    pub text: String,
    #[serde(skip)]
    pub source: String,
    /// The unit of the metric's rows for this subject (else of any subject), so
    /// the expected and actual figures can be written for people.
    #[serde(skip)]
    pub unit: Option<String>,
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

/// Checks the claims in file order.
pub fn check(claims: &[Claim], rows: &[MetricRow]) -> Vec<ClaimResult> {
    let index: HashMap<(&str, &str, &str, &str), f64> = rows
        .iter()
        .map(|r| {
            let key = (
                r.metric,
                r.subject.as_str(),
                r.segment.as_deref().unwrap_or(""),
                r.period.as_deref().unwrap_or(""),
            );
            (key, r.value)
        })
        .collect();
    claims
        .iter()
        .map(|c| {
            let key = (
                c.metric.as_str(),
                c.subject.as_str(),
                c.segment.as_deref().unwrap_or(""),
                c.period.as_deref().unwrap_or(""),
            );
            let actual = index.get(&key).copied();
            let verdict = match actual {
                None => Verdict::Unverifiable,
                Some(actual) if (actual - c.expected).abs() <= c.tolerance => Verdict::Holds,
                Some(_) => Verdict::Fails,
            };
            ClaimResult {
                id: c.id.clone(),
                metric: c.metric.clone(),
                subject: c.subject.clone(),
                segment: c.segment.clone(),
                period: c.period.clone(),
                expected: c.expected,
                tolerance: c.tolerance,
                actual,
                verdict,
                text: c.text.clone(),
                source: c.source.clone(),
                unit: rows
                    .iter()
                    .find(|r| r.metric == c.metric && r.subject == c.subject)
                    .or_else(|| rows.iter().find(|r| r.metric == c.metric))
                    .map(|r| r.unit.clone()),
            }
        })
        .collect()
}
