//! The metrics of SPEC section 5, computed from the validated, as-of-filtered data.
//!
//! Each family of metrics lives in its own file and appends rows; this module
//! holds the row type, the shared context, the order of the output and the
//! claims check (5.1). A metric whose inputs are absent has no row; a value that
//! is not finite (a division by zero, say) never becomes a row.

mod campaigns;
mod capex;
mod claims;
pub mod definitions;
mod earnings;
pub mod output;
mod stack;
mod targets;
mod users;

use std::collections::BTreeSet;

use chrono::NaiveDate;
use serde::{Serialize, Serializer};

use crate::diagnostics::Diagnostics;
use crate::fx::Fx;
use crate::model::{Currency, Dataset, InputFile};

pub use capex::{bloc_years, year_allocations, BlocYear};
pub use claims::{ClaimResult, NativeFigure, Verdict};
pub use targets::{achieved, elapsed_pct};

/// One metric value: `(metric, subject, segment, period, value, unit)`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MetricRow {
    pub metric: &'static str,
    pub subject: String,
    pub segment: Option<String>,
    pub period: Option<String>,
    #[serde(serialize_with = "plain_number")]
    pub value: f64,
    pub unit: String,
    /// The sorted, distinct sources of the data rows the value is computed from.
    pub sources: Vec<String>,
}

/// Everything `metrics` prints and `build` writes as `metrics.json`.
#[derive(Debug)]
pub struct Metrics {
    pub as_of: Option<NaiveDate>,
    pub currency: Currency,
    pub inputs: Vec<InputFile>,
    pub rows: Vec<MetricRow>,
    pub claims: Vec<ClaimResult>,
}

/// What every family reads.
pub struct Inputs<'a> {
    pub data: &'a Dataset,
    pub fx: &'a Fx,
    /// The currency of converted figures (`--currency`).
    pub currency: Currency,
    pub as_of: Option<NaiveDate>,
}

impl Inputs<'_> {
    /// The unit of converted money: `USD mn`.
    fn money_unit(&self) -> String {
        money_unit(self.currency)
    }
}

pub fn money_unit(currency: Currency) -> String {
    format!("{currency} mn")
}

/// Collects rows, dropping values that are absent or not finite.
#[derive(Default)]
pub struct Rows(Vec<MetricRow>);

impl Rows {
    #[allow(clippy::too_many_arguments)]
    pub fn push<'s>(
        &mut self,
        metric: &'static str,
        subject: &str,
        segment: Option<&str>,
        period: Option<&str>,
        value: Option<f64>,
        unit: &str,
        sources: impl IntoIterator<Item = &'s str>,
    ) {
        if let Some(value) = value.filter(|v| v.is_finite()) {
            let sources: BTreeSet<&str> = sources.into_iter().collect();
            self.0.push(MetricRow {
                metric,
                subject: subject.to_string(),
                segment: segment.map(str::to_string),
                period: period.map(str::to_string),
                value,
                unit: unit.to_string(),
                sources: sources.into_iter().map(str::to_string).collect(),
            });
        }
    }
}

/// Computes every metric and checks every claim. Conversions that needed a
/// missing rate become warnings in `diags`.
pub fn compute(
    data: &Dataset,
    currency: Currency,
    as_of: Option<NaiveDate>,
    diags: &mut Diagnostics,
) -> Metrics {
    let fx = Fx::new(&data.fx);
    let ctx = Inputs {
        data,
        fx: &fx,
        currency,
        as_of,
    };
    let mut rows = Rows::default();
    earnings::rows(&ctx, &mut rows);
    capex::rows(&ctx, &mut rows);
    targets::rows(&ctx, &mut rows);
    users::rows(&ctx, &mut rows);
    campaigns::rows(&ctx, &mut rows);
    stack::rows(&ctx, &mut rows);
    fx.report_missing(diags);

    let mut rows = rows.0;
    sort(&mut rows);
    let claims = claims::check(data, &fx, currency, &rows);
    let mut inputs = data.inputs.clone();
    inputs.sort_by(|a, b| a.name.cmp(&b.name));
    Metrics {
        as_of,
        currency,
        inputs,
        rows,
        claims,
    }
}

/// SPEC 5: by metric, subject, segment, period, strings by code point, an empty
/// field first. Byte order of UTF-8 is code point order.
pub fn sort(rows: &mut [MetricRow]) {
    rows.sort_by(|a, b| {
        let key = |r: &MetricRow| {
            (
                r.metric,
                r.subject.clone(),
                r.segment.clone().unwrap_or_default(),
                r.period.clone().unwrap_or_default(),
            )
        };
        key(a).cmp(&key(b))
    });
}

/// Percentage change `(new / base - 1) x 100`; absent when the base is <= 0.
pub fn growth_pct(new: f64, base: f64) -> Option<f64> {
    (base > 0.0).then(|| (new / base - 1.0) * 100.0)
}

/// Writes integral values without a fractional part (`-74`, not `-74.0`), as
/// SPEC 5.2 shows them; every other value in full (shortest round-trip form).
pub fn plain_number<S: Serializer>(value: &f64, serializer: S) -> Result<S::Ok, S::Error> {
    if value.fract() == 0.0 && value.abs() < 9.0e15 {
        serializer.serialize_i64(*value as i64)
    } else {
        serializer.serialize_f64(*value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(
        metric: &'static str,
        subject: &str,
        segment: Option<&str>,
        period: Option<&str>,
    ) -> MetricRow {
        MetricRow {
            metric,
            subject: subject.into(),
            segment: segment.map(Into::into),
            period: period.map(Into::into),
            value: 0.0,
            unit: "x".into(),
            sources: Vec::new(),
        }
    }

    #[test]
    fn rows_sort_by_code_point_with_empty_fields_first() {
        let mut rows = vec![
            row("users_latest", "qwen_app", Some("mau"), Some("2026-01-14")),
            row("revenue_conv", "alibaba", Some("total"), Some("FY2026Q3")),
            row("revenue_conv", "alibaba", Some("cloud"), Some("FY2026Q3")),
            row("revenue_conv", "Zeta", None, None),
            row("revenue_conv", "alibaba", None, Some("A")),
            row("revenue_conv", "alibaba", Some("cloud"), Some("FY2025Q3")),
        ];
        sort(&mut rows);
        let keys: Vec<String> = rows
            .iter()
            .map(|r| format!("{} {} {:?} {:?}", r.metric, r.subject, r.segment, r.period))
            .collect();
        assert_eq!(
            keys,
            [
                "revenue_conv Zeta None None",
                "revenue_conv alibaba None Some(\"A\")",
                "revenue_conv alibaba Some(\"cloud\") Some(\"FY2025Q3\")",
                "revenue_conv alibaba Some(\"cloud\") Some(\"FY2026Q3\")",
                "revenue_conv alibaba Some(\"total\") Some(\"FY2026Q3\")",
                "users_latest qwen_app Some(\"mau\") Some(\"2026-01-14\")",
            ]
        );
    }

    #[test]
    fn non_finite_and_absent_values_make_no_row() {
        let mut rows = Rows::default();
        rows.push("m", "s", None, None, Some(f64::INFINITY), "%", []);
        rows.push("m", "s", None, None, Some(f64::NAN), "%", []);
        rows.push("m", "s", None, None, None, "%", []);
        rows.push("m", "s", None, None, Some(1.5), "%", ["b", "a", "b"]);
        assert_eq!(rows.0.len(), 1);
        assert_eq!(rows.0[0].sources, ["a", "b"]);
    }

    #[test]
    fn growth_needs_a_positive_base() {
        assert_eq!(
            growth_pct(110.0, 100.0).map(|g| (g * 1e9).round() / 1e9),
            Some(10.0)
        );
        assert_eq!(growth_pct(5.0, 0.0), None);
        assert_eq!(growth_pct(5.0, -2.0), None);
    }

    #[test]
    fn integral_values_print_without_a_fraction() {
        let json = serde_json::to_string(&row("m", "s", None, None)).unwrap();
        assert!(json.contains("\"value\":0,"), "{json}");
        let mut r = row("m", "s", None, None);
        r.value = -74.17;
        assert!(serde_json::to_string(&r)
            .unwrap()
            .contains("\"value\":-74.17,"));
    }
}
