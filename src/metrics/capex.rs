//! Capex metrics: each period converted, capex intensity against the revenue of
//! the quarters that tile the period, and each bloc's capex by calendar year.

use std::collections::BTreeMap;

use super::computed::Metrics;
use super::footing::Footing;
use super::inputs::Inputs;
use super::row::Rows;
use crate::fx::Fx;
use crate::model::{Bloc, Capex, CapexKind, Choice, Company, Currency, Dataset, Metric, Period};
use crate::periods::{self, Span};

pub fn rows(ctx: &Inputs, out: &mut Rows) {
    for c in &ctx.data.capex {
        let converted = ctx
            .fx
            .convert(c.capex, c.currency, ctx.currency, c.period_end);
        let period = Period::Span {
            label: c.period.clone(),
            end: c.period_end,
        };
        out.push(
            Metric::CapexConv,
            &c.company,
            Some(c.kind.name()),
            period.clone(),
            converted,
            ctx.unit(Metric::CapexConv),
            [c.source.as_str()],
        );
        if c.kind == CapexKind::Actual {
            let (intensity, sources) = match intensity_pct(ctx, c) {
                Some((value, sources)) => (Some(value), sources),
                None => (None, Vec::new()),
            };
            out.push(
                Metric::CapexIntensityPct,
                &c.company,
                None,
                period,
                intensity,
                ctx.unit(Metric::CapexIntensityPct),
                sources,
            );
        }
    }
    for ((bloc, kind, year), (value, sources)) in bloc_capex(ctx) {
        out.push(
            Metric::BlocCapexConv,
            bloc.name(),
            Some(kind.name()),
            Period::Year(year),
            Some(value),
            ctx.unit(Metric::BlocCapexConv),
            sources,
        );
    }
}

/// Actual capex / total revenue of the quarters that exactly tile the capex
/// period x 100. In the shared currency when capex and every quarter have one,
/// otherwise each converted to USD at its own period_end.
fn intensity_pct<'d>(ctx: &Inputs<'d>, c: &'d Capex) -> Option<(f64, Vec<&'d str>)> {
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
    let sources = std::iter::once(c.source.as_str())
        .chain(quarters.iter().map(|e| e.source.as_str()))
        .collect();
    (revenue != 0.0).then(|| (capex / revenue * 100.0, sources))
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

/// Converted capex allocated to calendar years, summed by bloc, kind and year,
/// with the sources of the rows summed.
fn bloc_capex<'d>(ctx: &Inputs<'d>) -> BTreeMap<(Bloc, CapexKind, i32), (f64, Vec<&'d str>)> {
    let mut sums: BTreeMap<_, (f64, Vec<&str>)> = BTreeMap::new();
    for (c, year, value) in year_allocations(ctx.data, ctx.fx, ctx.currency) {
        if let Some(company) = ctx.data.company(&c.company) {
            let sum = sums.entry((company.bloc, c.kind, year)).or_default();
            sum.0 += value;
            sum.1.push(&c.source);
        }
    }
    sums
}

/// One calendar year of the bloc comparison, with what it rests on: which
/// companies' actual capex enters it and how many of the year's days their
/// periods cover, and which companies reported in other years are missing.
#[derive(Debug)]
pub struct BlocYear<'d> {
    pub year: i32,
    /// The blocs' actual capex in the year; `None` when a bloc has none.
    pub western: Option<f64>,
    pub china: Option<f64>,
    /// Each company in the year's sums, with the days of the year its periods cover.
    pub covered: Vec<(&'d Company, i64)>,
    /// Companies with actual capex in other years but none in this one.
    pub absent: Vec<&'d Company>,
    pub days: i64,
    /// What the actual figures of the year's sums count, and how exact they are.
    pub footing: Footing<'d>,
}

impl BlocYear<'_> {
    /// True when both blocs have figures and every company in the data is in
    /// the year, for the whole year.
    pub fn is_complete(&self) -> bool {
        self.both().is_some()
            && self.absent.is_empty()
            && self.covered.iter().all(|(_, d)| *d == self.days)
    }

    /// The two blocs' sums, when both have one: (western, china).
    pub fn both(&self) -> Option<(f64, f64)> {
        Some((self.western?, self.china?))
    }
}

/// The calendar years with actual capex, oldest first, from the
/// `bloc_capex_conv` rows and the capex periods behind them.
pub fn bloc_years<'d>(data: &'d Dataset, metrics: &Metrics) -> Vec<BlocYear<'d>> {
    let value = |bloc: Bloc, year: i32| metrics.bloc_capex(bloc, CapexKind::Actual, year);
    let actual: Vec<&Capex> = data
        .capex
        .iter()
        .filter(|c| c.kind == CapexKind::Actual)
        .collect();
    let mut companies: Vec<&Company> = actual
        .iter()
        .filter_map(|c| data.company(&c.company))
        .collect();
    companies.sort_by_key(|c| (c.bloc, c.name.clone()));
    companies.dedup_by_key(|c| c.id.clone());
    let years: std::collections::BTreeSet<i32> = actual
        .iter()
        .flat_map(|c| Span::new(c.period_start, c.period_end).year_shares())
        .map(|(year, _)| year)
        .collect();
    years
        .into_iter()
        .filter_map(|year| {
            let (western, china) = (value(Bloc::Western, year), value(Bloc::China, year));
            western.or(china)?;
            let whole = Span::new(
                chrono::NaiveDate::from_ymd_opt(year, 1, 1)?,
                chrono::NaiveDate::from_ymd_opt(year, 12, 31)?,
            );
            let mut covered = Vec::new();
            let mut absent = Vec::new();
            for company in &companies {
                let days: i64 = actual
                    .iter()
                    .filter(|c| c.company == company.id)
                    .map(|c| Span::new(c.period_start, c.period_end).days_within(whole))
                    .sum();
                match days {
                    0 => absent.push(*company),
                    days => covered.push((*company, days)),
                }
            }
            let in_year = actual
                .iter()
                .copied()
                .filter(|c| Span::new(c.period_start, c.period_end).days_within(whole) > 0);
            Some(BlocYear {
                year,
                western,
                china,
                covered,
                absent,
                days: whole.days(),
                footing: Footing::of(data, in_year),
            })
        })
        .collect()
}
