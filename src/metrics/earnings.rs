//! Earnings metrics: converted revenue, growth against the same quarter a year
//! earlier and the previous quarter, surprise against consensus, operating
//! margin and operating income growth. Comparisons stay in the rows' own
//! currency and are absent when the two rows differ in currency.

use std::collections::HashMap;

use super::inputs::Inputs;
use super::row::{growth_pct, Rows};
use crate::model::{Earnings, Metric};
use crate::periods::FiscalQuarter;

pub fn rows(ctx: &Inputs, out: &mut Rows) {
    let by_key: HashMap<(&str, &str, FiscalQuarter), &Earnings> = ctx
        .data
        .earnings
        .iter()
        .map(|e| ((e.company.as_str(), e.segment.as_str(), e.fiscal_period), e))
        .collect();
    let find = |e: &Earnings, period: FiscalQuarter| {
        by_key
            .get(&(e.company.as_str(), e.segment.as_str(), period))
            .copied()
            .filter(|other| other.currency == e.currency)
    };
    for e in &ctx.data.earnings {
        let period = e.period();
        let push = |out: &mut Rows, metric: Metric, value, other: Option<&Earnings>| {
            out.push(
                metric,
                &e.company,
                Some(&e.segment),
                period.clone(),
                value,
                ctx.unit(metric),
                [e.source.as_str()]
                    .into_iter()
                    .chain(other.map(|o| o.source.as_str())),
            );
        };
        let converted = ctx
            .fx
            .convert(e.revenue, e.currency, ctx.currency, e.period_end);
        push(out, Metric::RevenueConv, converted, None);

        let year_earlier = find(e, e.fiscal_period.year_earlier());
        let previous = find(e, e.fiscal_period.previous());
        push(
            out,
            Metric::RevenueYoyPct,
            year_earlier.and_then(|p| growth_pct(e.revenue, p.revenue)),
            year_earlier,
        );
        push(
            out,
            Metric::RevenueQoqPct,
            previous.and_then(|p| growth_pct(e.revenue, p.revenue)),
            previous,
        );
        let surprise = e.revenue_consensus.and_then(|c| growth_pct(e.revenue, c));
        push(out, Metric::RevenueSurprisePct, surprise, None);

        let margin = e
            .operating_income
            .filter(|_| e.revenue != 0.0)
            .map(|oi| oi / e.revenue * 100.0);
        push(out, Metric::OperatingMarginPct, margin, None);
        // SPEC 5 divides by abs(oi_prev): a loss a year earlier still gives a
        // growth figure; only a zero base makes it absent.
        let oi_growth = match (
            e.operating_income,
            year_earlier.and_then(|p| p.operating_income),
        ) {
            (Some(oi), Some(prev)) if prev != 0.0 => Some((oi - prev) / prev.abs() * 100.0),
            _ => None,
        };
        push(out, Metric::OperatingIncomeYoyPct, oi_growth, year_earlier);
    }
}
