//! Key figures and summary sentences, generated from the metrics. Every number
//! goes through `format.rs`, so a sentence says a figure exactly as the tables
//! and charts do. Nothing here is copied text: each sentence exists only when
//! the metrics it needs exist.

use crate::format;
use crate::metrics::{MetricRow, Metrics, Verdict};
use crate::model::{Bloc, Choice, Dataset, TargetMetric};

use super::context::KeyFigure;

/// The company whose earnings the data follows most closely: the most rows.
fn focus_company(data: &Dataset) -> Option<&str> {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for e in &data.earnings {
        match counts.iter_mut().find(|(c, _)| *c == e.company) {
            Some((_, n)) => *n += 1,
            None => counts.push((&e.company, 1)),
        }
    }
    counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    counts.first().map(|(c, _)| *c)
}

/// The report's title: the company the data follows most closely, if any.
pub fn title(data: &Dataset) -> String {
    match focus_company(data) {
        Some(company) => format!("The AI market: {} and its peers", name(data, company)),
        None => "The AI market".to_string(),
    }
}

fn name(data: &Dataset, company: &str) -> String {
    data.company(company)
        .map_or_else(|| company.to_string(), |c| c.name.clone())
}

/// The latest row of a per-quarter metric of the company's total segment, by the
/// quarter's end date.
fn latest<'m>(
    data: &Dataset,
    metrics: &'m Metrics,
    metric: &str,
    company: &str,
) -> Option<&'m MetricRow> {
    let end_of = |r: &MetricRow| {
        data.earnings
            .iter()
            .find(|e| {
                e.company == company
                    && e.segment == "total"
                    && Some(e.fiscal_period.to_string()) == r.period
            })
            .map(|e| e.period_end)
    };
    metrics
        .rows
        .iter()
        .filter(|r| {
            r.metric == metric && r.subject == company && r.segment.as_deref() == Some("total")
        })
        .max_by_key(|r| end_of(r))
}

fn row<'m>(metrics: &'m Metrics, metric: &str, subject: &str) -> Option<&'m MetricRow> {
    metrics
        .rows
        .iter()
        .find(|r| r.metric == metric && r.subject == subject)
}

pub fn key_figures(data: &Dataset, metrics: &Metrics) -> Vec<KeyFigure> {
    let mut figures = Vec::new();
    if let Some(company) = focus_company(data) {
        let company_name = name(data, company);
        if let Some(r) = latest(data, metrics, "revenue_conv", company) {
            let period = r.period.clone().unwrap_or_default();
            let yoy = row_at(metrics, "revenue_yoy_pct", company, &period)
                .map(|y| format!(", {} on a year earlier", format::signed_pct(y.value)))
                .unwrap_or_default();
            figures.push(KeyFigure {
                label: format!("{company_name} revenue, {period}"),
                value: format::by_unit(r.value, &r.unit),
                detail: format!("converted to {}{yoy}", metrics.currency),
            });
        }
        if let Some(r) = latest(data, metrics, "operating_margin_pct", company) {
            figures.push(KeyFigure {
                label: format!(
                    "{company_name} operating margin, {}",
                    r.period.clone().unwrap_or_default()
                ),
                value: format::pct(r.value),
                detail: "operating income as a share of revenue".into(),
            });
        }
    }
    for t in &data.targets {
        let (Some(progress), Some(elapsed)) = (
            row(metrics, "target_progress_pct", &t.id),
            row(metrics, "target_elapsed_pct", &t.id),
        ) else {
            continue;
        };
        if t.metric == TargetMetric::Capex {
            figures.push(KeyFigure {
                label: format!(
                    "{}'s {} commitment, spent",
                    name(data, &t.company),
                    format::money_mn(t.value, t.currency.as_str())
                ),
                value: format::pct(progress.value),
                detail: format!("with {} of the time gone", format::pct(elapsed.value)),
            });
        }
    }
    for t in data
        .targets
        .iter()
        .filter(|t| t.metric == TargetMetric::Revenue)
    {
        if let Some(cagr) = row(metrics, "target_required_cagr_pct", &t.id) {
            figures.push(KeyFigure {
                label: format!(
                    "Growth {}'s {} target needs",
                    name(data, &t.company),
                    t.segment.as_deref().unwrap_or("revenue")
                ),
                value: format!("{} a year", format::pct(cagr.value)),
                detail: format!(
                    "to reach {} by {}",
                    format::money_mn(t.value, t.currency.as_str()),
                    t.end.format("%Y")
                ),
            });
        }
    }
    if let Some(top) = metrics
        .rows
        .iter()
        .filter(|r| r.metric == "users_latest")
        .max_by(|a, b| {
            a.value
                .total_cmp(&b.value)
                .then_with(|| b.subject.cmp(&a.subject))
        })
    {
        let product = data
            .products
            .iter()
            .find(|p| p.id == top.subject)
            .map_or(top.subject.clone(), |p| p.name.clone());
        figures.push(KeyFigure {
            label: format!("Largest user count: {product}"),
            value: format::count(top.value),
            detail: format!(
                "{} on {}",
                top.segment.clone().unwrap_or_default(),
                top.period.clone().unwrap_or_default()
            ),
        });
    }
    if !metrics.claims.is_empty() {
        let held = metrics
            .claims
            .iter()
            .filter(|c| c.verdict == Verdict::Holds)
            .count();
        figures.push(KeyFigure {
            label: "Claims the data bears out".into(),
            value: format!("{held} of {}", metrics.claims.len()),
            detail: "see Claims".into(),
        });
    }
    figures
}

fn row_at<'m>(
    metrics: &'m Metrics,
    metric: &str,
    subject: &str,
    period: &str,
) -> Option<&'m MetricRow> {
    metrics.rows.iter().find(|r| {
        r.metric == metric
            && r.subject == subject
            && r.segment.as_deref() == Some("total")
            && r.period.as_deref() == Some(period)
    })
}

pub fn sentences(data: &Dataset, metrics: &Metrics) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(company) = focus_company(data) {
        let company_name = name(data, company);
        if let Some(s) = latest(data, metrics, "revenue_surprise_pct", company) {
            let period = s.period.clone().unwrap_or_default();
            let revenue = data
                .earnings
                .iter()
                .find(|e| {
                    e.company == company
                        && e.segment == "total"
                        && e.fiscal_period.to_string() == period
                })
                .map(|e| format!(" of {}", format::money_mn(e.revenue, e.currency.as_str())))
                .unwrap_or_default();
            let direction = if s.value < 0.0 { "below" } else { "above" };
            let all: Vec<f64> = metrics
                .rows
                .iter()
                .filter(|r| {
                    r.metric == "revenue_surprise_pct"
                        && r.subject == company
                        && r.segment.as_deref() == Some("total")
                })
                .map(|r| r.value)
                .collect();
            let beats = all.iter().filter(|v| **v > 0.0).count();
            out.push(format!(
                "In {period}, {company_name}'s revenue{revenue} was {} {direction} the analysts' consensus; it beat consensus in {beats} of the {} quarters with a consensus figure.",
                format::pct(s.value.abs()),
                all.len()
            ));
        }
        if let Some(oi) = latest(data, metrics, "operating_income_yoy_pct", company) {
            let period = oi.period.clone().unwrap_or_default();
            let income = data
                .earnings
                .iter()
                .find(|e| {
                    e.company == company
                        && e.segment == "total"
                        && e.fiscal_period.to_string() == period
                })
                .and_then(|e| Some((e.operating_income?, e.currency)));
            let margin = latest(data, metrics, "operating_margin_pct", company)
                .map(|m| {
                    format!(
                        "; the operating margin was {} in {}",
                        format::pct(m.value),
                        m.period.clone().unwrap_or_default()
                    )
                })
                .unwrap_or_default();
            let sentence = match income {
                // From a profit a year earlier to a loss: "fell 103%" would say little.
                Some((value, currency)) if value < 0.0 && oi.value < -100.0 => format!(
                    "{company_name} made an operating loss of {} in {period}, against a profit a year earlier{margin}.",
                    format::money_mn(value.abs(), currency.as_str())
                ),
                _ => format!(
                    "Operating income {} {} on a year earlier in {period}{margin}.",
                    if oi.value < 0.0 { "fell" } else { "rose" },
                    format::pct(oi.value.abs())
                ),
            };
            out.push(sentence);
        }
    }
    for t in data
        .targets
        .iter()
        .filter(|t| t.metric == TargetMetric::Capex)
    {
        let company = name(data, &t.company);
        match (row(metrics, "target_progress_pct", &t.id), row(metrics, "target_elapsed_pct", &t.id), row(metrics, "target_pace_ratio", &t.id)) {
            (Some(p), Some(e), Some(r)) => out.push(format!(
                "{company} has spent {} of its {} commitment ({}) with {} of its time gone: {} the pace of a straight line to the target.",
                format::pct(p.value),
                format::money_mn(t.value, t.currency.as_str()),
                t.id,
                format::pct(e.value),
                format::ratio(r.value)
            )),
            (None, Some(e), _) => out.push(format!(
                "{company} has reported no spending that falls wholly inside its {} commitment ({}) yet, with {} of its time gone.",
                format::money_mn(t.value, t.currency.as_str()),
                t.id,
                format::pct(e.value)
            )),
            _ => {}
        }
    }
    for t in data
        .targets
        .iter()
        .filter(|t| t.metric == TargetMetric::Revenue)
    {
        if let (Some(b), Some(g)) = (
            row(metrics, "target_baseline", &t.id),
            row(metrics, "target_required_cagr_pct", &t.id),
        ) {
            let kind = match t.kind {
                crate::model::TargetKind::RunRate => "a year",
                crate::model::TargetKind::Cumulative => "in total",
            };
            out.push(format!(
                "Reaching {} {kind} of {} revenue by {} ({}) needs {} growth a year from the latest four quarters' {}.",
                format::money_mn(t.value, t.currency.as_str()),
                t.segment.as_deref().unwrap_or("total"),
                t.end,
                t.id,
                format::pct(g.value),
                format::by_unit(b.value, &b.unit)
            ));
        }
    }
    // Bloc capex: the year with the most actual spending in both blocs.
    let actual = |bloc: Bloc, year: &str| {
        metrics.rows.iter().find(|r| {
            r.metric == "bloc_capex_conv"
                && r.subject == bloc.name()
                && r.segment.as_deref() == Some("actual")
                && r.period.as_deref() == Some(year)
        })
    };
    let years: Vec<&str> = metrics
        .rows
        .iter()
        .filter(|r| r.metric == "bloc_capex_conv")
        .filter_map(|r| r.period.as_deref())
        .collect();
    if let Some((year, w, c)) = years
        .iter()
        .filter_map(|y| Some((*y, actual(Bloc::Western, y)?, actual(Bloc::China, y)?)))
        .max_by(|a, b| (a.1.value + a.2.value).total_cmp(&(b.1.value + b.2.value)))
    {
        if c.value > 0.0 {
            out.push(format!(
                "In {year}, the western companies in the data spent {} on capex and the Chinese ones {}: {:.0} to 1.",
                format::by_unit(w.value, &w.unit),
                format::by_unit(c.value, &c.unit),
                w.value / c.value
            ));
        }
    }
    for metric in ["mau", "wau", "dau"] {
        let leader = metrics
            .rows
            .iter()
            .filter(|r| r.metric == "users_latest" && r.segment.as_deref() == Some(metric))
            .max_by(|a, b| {
                a.value
                    .total_cmp(&b.value)
                    .then_with(|| b.subject.cmp(&a.subject))
            });
        if let Some(r) = leader {
            let product = data
                .products
                .iter()
                .find(|p| p.id == r.subject)
                .map_or(r.subject.clone(), |p| p.name.clone());
            let label = match metric {
                "mau" => "monthly",
                "wau" => "weekly",
                _ => "daily",
            };
            out.push(format!(
                "{product} has the most {label} active users in the data: {} on {}.",
                format::count(r.value),
                r.period.clone().unwrap_or_default()
            ));
        }
    }
    if !metrics.claims.is_empty() {
        let count = |v: Verdict| metrics.claims.iter().filter(|c| c.verdict == v).count();
        out.push(format!(
            "Of the {} claims checked, {} hold, {} fail against the data and {} cannot be checked.",
            metrics.claims.len(),
            count(Verdict::Holds),
            count(Verdict::Fails),
            count(Verdict::Unverifiable)
        ));
    }
    out
}
