//! One metric value, the collector each family of metrics appends to, and the
//! order SPEC 5 gives the rows.

use std::collections::BTreeSet;

use serde::{Serialize, Serializer};

use crate::format;
use crate::model::{Currency, Metric, Period, Unit};

/// One metric value: `(metric, subject, segment, period, value, unit)`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MetricRow {
    pub metric: Metric,
    pub subject: String,
    pub segment: Option<String>,
    pub period: Period,
    #[serde(serialize_with = "plain_number")]
    pub value: f64,
    pub unit: Unit,
    /// The sorted, distinct sources of the data rows the value is computed from.
    pub sources: Vec<String>,
}

impl MetricRow {
    /// The value for people, in its unit: `$40.7B`, `-74.2%`.
    pub fn shown(&self) -> String {
        format::in_unit(self.value, self.unit)
    }
}

/// Collects rows, dropping values that are absent or not finite.
#[derive(Default)]
pub struct Rows(Vec<MetricRow>);

impl Rows {
    #[allow(clippy::too_many_arguments)]
    pub fn push<'s>(
        &mut self,
        metric: Metric,
        subject: &str,
        segment: Option<&str>,
        period: Period,
        value: Option<f64>,
        unit: Unit,
        sources: impl IntoIterator<Item = &'s str>,
    ) {
        debug_assert_eq!(
            metric.unit(unit.currency().unwrap_or(Currency::USD)),
            unit,
            "{metric}"
        );
        if let Some(value) = value.filter(|v| v.is_finite()) {
            let sources: BTreeSet<&str> = sources.into_iter().collect();
            self.0.push(MetricRow {
                metric,
                subject: subject.to_string(),
                segment: segment.map(str::to_string),
                period,
                value,
                unit,
                sources: sources.into_iter().map(str::to_string).collect(),
            });
        }
    }

    /// The rows collected, in SPEC 5 order.
    pub fn sorted(mut self) -> Vec<MetricRow> {
        sort(&mut self.0);
        self.0
    }
}

/// SPEC 5: by metric, subject, segment, period, strings by code point, an empty
/// field first. Byte order of UTF-8 is code point order; metrics order by name
/// and periods as their text.
pub fn sort(rows: &mut [MetricRow]) {
    rows.sort_by_cached_key(|r| {
        (
            r.metric,
            r.subject.clone(),
            r.segment.clone().unwrap_or_default(),
            r.period.text().into_owned(),
        )
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
    use crate::periods::parse_date;

    fn row(metric: Metric, subject: &str, segment: Option<&str>, period: Period) -> MetricRow {
        MetricRow {
            metric,
            subject: subject.into(),
            segment: segment.map(Into::into),
            period,
            value: 0.0,
            unit: Unit::Ratio,
            sources: Vec::new(),
        }
    }

    fn quarter(label: &str) -> Period {
        Period::Quarter {
            label: label.parse().unwrap(),
            end: parse_date("2025-12-31").unwrap(),
        }
    }

    #[test]
    fn rows_sort_by_code_point_with_empty_fields_first() {
        let date = Period::Date(parse_date("2026-01-14").unwrap());
        let mut rows = vec![
            row(Metric::UsersLatest, "qwen_app", Some("mau"), date),
            row(
                Metric::RevenueConv,
                "alibaba",
                Some("total"),
                quarter("FY2026Q3"),
            ),
            row(
                Metric::RevenueConv,
                "alibaba",
                Some("cloud"),
                quarter("FY2026Q3"),
            ),
            row(Metric::RevenueConv, "Zeta", None, Period::None),
            row(
                Metric::RevenueConv,
                "alibaba",
                None,
                Period::Stack("A".into()),
            ),
            row(
                Metric::RevenueConv,
                "alibaba",
                Some("cloud"),
                quarter("FY2025Q3"),
            ),
            // Metrics by name, not by the order of the SPEC's table.
            row(
                Metric::BlocCapexConv,
                "western",
                Some("actual"),
                Period::Year(2025),
            ),
        ];
        sort(&mut rows);
        let keys: Vec<String> = rows
            .iter()
            .map(|r| format!("{} {} {:?} {}", r.metric, r.subject, r.segment, r.period))
            .collect();
        assert_eq!(
            keys,
            [
                "bloc_capex_conv western Some(\"actual\") 2025",
                "revenue_conv Zeta None ",
                "revenue_conv alibaba None A",
                "revenue_conv alibaba Some(\"cloud\") FY2025Q3",
                "revenue_conv alibaba Some(\"cloud\") FY2026Q3",
                "revenue_conv alibaba Some(\"total\") FY2026Q3",
                "users_latest qwen_app Some(\"mau\") 2026-01-14",
            ]
        );
    }

    #[test]
    fn non_finite_and_absent_values_make_no_row() {
        let mut rows = Rows::default();
        let m = Metric::UsersChangePct;
        rows.push(
            m,
            "s",
            None,
            Period::None,
            Some(f64::INFINITY),
            Unit::Percent,
            [],
        );
        rows.push(
            m,
            "s",
            None,
            Period::None,
            Some(f64::NAN),
            Unit::Percent,
            [],
        );
        rows.push(m, "s", None, Period::None, None, Unit::Percent, []);
        rows.push(
            m,
            "s",
            None,
            Period::None,
            Some(1.5),
            Unit::Percent,
            ["b", "a", "b"],
        );
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
        let json =
            serde_json::to_string(&row(Metric::TargetPaceRatio, "s", None, Period::None)).unwrap();
        assert!(json.contains("\"value\":0,"), "{json}");
        assert!(json.contains("\"period\":null,"), "{json}");
        assert!(json.contains("\"unit\":\"x\","), "{json}");
        let mut r = row(Metric::TargetPaceRatio, "s", None, Period::None);
        r.value = -74.17;
        assert!(serde_json::to_string(&r)
            .unwrap()
            .contains("\"value\":-74.17,"));
    }
}
