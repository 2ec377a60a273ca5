//! Capex metrics: each period converted, capex intensity against the revenue of
//! the quarters that tile the period, and each bloc's capex by calendar year.

use std::collections::BTreeMap;

use super::{Context, Rows};
use crate::fx::Fx;
use crate::model::{Bloc, Capex, CapexKind, Choice, Currency, Dataset};
use crate::periods::{self, Span};

pub fn rows(ctx: &Context, out: &mut Rows) {
    let unit = ctx.money_unit();
    for c in &ctx.data.capex {
        let converted = ctx
            .fx
            .convert(c.capex, c.currency, ctx.currency, c.period_end);
        out.push(
            "capex_conv",
            &c.company,
            Some(c.kind.name()),
            Some(&c.period),
            converted,
            &unit,
        );
        if c.kind == CapexKind::Actual {
            out.push(
                "capex_intensity_pct",
                &c.company,
                None,
                Some(&c.period),
                intensity_pct(ctx, c),
                "%",
            );
        }
    }
    for ((bloc, kind, year), value) in bloc_capex(ctx) {
        out.push(
            "bloc_capex_conv",
            bloc.name(),
            Some(kind.name()),
            Some(&year.to_string()),
            Some(value),
            &unit,
        );
    }
}

/// Actual capex / total revenue of the quarters that exactly tile the capex
/// period x 100. In the shared currency when capex and every quarter have one,
/// otherwise each converted to USD at its own period_end.
fn intensity_pct(ctx: &Context, c: &Capex) -> Option<f64> {
    let period = Span::new(c.period_start, c.period_end);
    let quarters: Vec<_> = ctx
        .data
        .earnings
        .iter()
        .filter(|e| e.company == c.company && e.segment == "total")
        .filter(|e| Span::quarter(e.period_end).lies_within(period))
        .collect();
    let spans: Vec<Span> = quarters
        .iter()
        .map(|e| Span::quarter(e.period_end))
        .collect();
    if !periods::tiles(&spans, period) {
        return None;
    }
    let (capex, revenue) = if quarters.iter().all(|e| e.currency == c.currency) {
        (c.capex, quarters.iter().map(|e| e.revenue).sum::<f64>())
    } else {
        let usd = |value, currency, date| ctx.fx.convert(value, currency, Currency::USD, date);
        let revenue: Option<f64> = quarters
            .iter()
            .map(|e| usd(e.revenue, e.currency, e.period_end))
            .sum();
        (usd(c.capex, c.currency, c.period_end)?, revenue?)
    };
    (revenue != 0.0).then(|| capex / revenue * 100.0)
}

/// Each capex row converted to `currency` at its period_end and spread over
/// calendar years by days (SPEC 4.2): (row, year, that year's part). Rows whose
/// conversion needs a missing rate are left out. The one allocation behind both
/// `bloc_capex_conv` and the capex-by-company chart.
pub fn year_allocations<'d>(
    data: &'d Dataset,
    fx: &Fx,
    currency: Currency,
) -> Vec<(&'d Capex, i32, f64)> {
    let mut parts = Vec::new();
    for c in &data.capex {
        let Some(value) = fx.convert(c.capex, c.currency, currency, c.period_end) else {
            continue;
        };
        for (year, share) in Span::new(c.period_start, c.period_end).year_shares() {
            parts.push((c, year, value * share));
        }
    }
    parts
}

/// Converted capex allocated to calendar years, summed by bloc, kind and year.
fn bloc_capex(ctx: &Context) -> BTreeMap<(Bloc, CapexKind, i32), f64> {
    let mut sums = BTreeMap::new();
    for (c, year, value) in year_allocations(ctx.data, ctx.fx, ctx.currency) {
        if let Some(company) = ctx.data.company(&c.company) {
            *sums.entry((company.bloc, c.kind, year)).or_insert(0.0) += value;
        }
    }
    sums
}
