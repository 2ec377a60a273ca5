//! Capex charts: capex by company and calendar year, and capex intensity (capex
//! as a share of the revenue of the same period). By bloc: `blocs.rs`.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;

use super::chart::{Built, Chart, Section};
use super::draw::theme;
use super::draw::{BarFigure, Bars, Figure, Plot};
use super::inputs::Inputs;
use super::table::{Cell, DataTable};
use super::words::{capitalized, describe_bars, source_line};
use crate::format;
use crate::metrics::{bloc_years, year_allocations};
use crate::model::{CapexKind, Metric, Period, Unit};
use crate::names;

/// Companies the capex-by-company chart names, by their total over all years;
/// the rest are summed in one series.
const MAX_COMPANIES: usize = 8;
/// Calendar years the capex-by-company chart draws: the latest.
const MAX_COMPANY_YEARS: usize = 6;
/// Capex periods the intensity chart draws: the latest by their end.
const MAX_PERIODS: usize = 16;

/// Converted capex of each company by calendar year: the allocation
/// `bloc_capex_conv` sums, summed by company instead.
fn capex_by_year(
    inputs: &Inputs,
    kind: CapexKind,
) -> (BTreeMap<(String, i32), f64>, BTreeSet<String>) {
    let mut sums = BTreeMap::new();
    let mut sources = BTreeSet::new();
    let metrics = inputs.metrics;
    for (c, year, value) in year_allocations(inputs.data, &metrics.fx, metrics.currency) {
        if c.kind == kind {
            sources.insert(c.source.clone());
            *sums.entry((c.company.clone(), year)).or_insert(0.0) += value;
        }
    }
    (sums, sources)
}

/// The latest `max` of sorted `years`, and how many earlier ones are left out.
pub fn latest<T: Clone>(years: &[T], max: usize) -> (Vec<T>, usize) {
    let earlier = years.len().saturating_sub(max);
    (years[earlier..].to_vec(), earlier)
}

/// "the latest 6 calendar years are drawn, from 2021; 3 earlier are in the data file".
pub fn earlier_note(drawn: usize, first: impl std::fmt::Display, earlier: usize) -> String {
    format!(
        "the latest {drawn} calendar years are drawn, from {first}; {} earlier are in the data file",
        format::number(earlier as f64, 0)
    )
}

/// A row of the capex-by-company table.
fn row(company: &str, year: i32, value: f64, unit: Unit) -> Vec<Cell> {
    vec![
        Cell::text(company),
        Cell::text(year.to_string()),
        Cell::number(value, unit),
    ]
}

pub fn capex_by_company(inputs: &Inputs) -> Built {
    let unit = inputs.money();
    let (sums, sources) = capex_by_year(inputs, CapexKind::Actual);
    if sums.is_empty() {
        return Ok(Vec::new());
    }
    let all_years: Vec<i32> = sums
        .keys()
        .map(|(_, y)| *y)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let (years, earlier) = latest(&all_years, MAX_COMPANY_YEARS);
    // Companies by their total in the years drawn, largest first; the rest
    // summed as one. A company with figures only in earlier years has no bar.
    let mut totals: BTreeMap<&str, f64> = BTreeMap::new();
    for ((company, year), v) in &sums {
        if years.contains(year) {
            *totals.entry(company.as_str()).or_default() += v;
        }
    }
    let mut companies: Vec<(&str, f64)> = totals.into_iter().collect();
    companies.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(b.0)));
    let others = companies.split_off(companies.len().min(MAX_COMPANIES));
    // Western first, then china, each by size, so each bloc's companies stand together.
    companies.sort_by_key(|(c, _)| inputs.bloc_of(c));
    let named_set: BTreeSet<&str> = companies.iter().map(|(c, _)| *c).collect();
    let palette = inputs.colors(companies.iter().map(|(c, _)| *c));
    let categories: Vec<String> = years.iter().map(|y| y.to_string()).collect();
    let mut table = DataTable::with_units(&["company", "year", "capex_conv"]);
    let mut series: Vec<Bars> = companies
        .iter()
        .zip(palette)
        .map(|((company, _), color)| {
            let values = years
                .iter()
                .map(|y| sums.get(&(company.to_string(), *y)).copied())
                .collect();
            Bars {
                label: inputs.company_name(company),
                color,
                values,
            }
        })
        .collect();
    for ((company, year), value) in &sums {
        let drawn = named_set.contains(company.as_str()) && years.contains(year);
        table.push_drawn(drawn, row(company, *year, *value, unit));
    }
    let mut note = vec![names::capex_gaps(
        &bloc_years(inputs.data, inputs.metrics)
            .into_iter()
            .filter(|y| years.contains(&y.year))
            .collect::<Vec<_>>(),
        inputs.metrics.as_of,
    )];
    let others_label = format!("{} other companies", format::number(others.len() as f64, 0));
    if !others.is_empty() {
        let mut summed: BTreeMap<i32, f64> = BTreeMap::new();
        for ((company, year), value) in &sums {
            if !named_set.contains(company.as_str()) && years.contains(year) {
                *summed.entry(*year).or_default() += value;
            }
        }
        for (year, value) in &summed {
            table.push(row(&others_label, *year, *value, unit));
        }
        series.push(Bars {
            label: others_label.clone(),
            color: theme::NEUTRAL,
            values: years.iter().map(|y| summed.get(y).copied()).collect(),
        });
        note.push(format!(
            "the {} companies with the most capex in these years are drawn by name, \
             the other {} summed in one grey bar a year; the data file has each company",
            companies.len(),
            format::number(others.len() as f64, 0)
        ));
    }
    if earlier > 0 {
        note.push(earlier_note(years.len(), years[0], earlier));
    }
    note.retain(|part| !part.is_empty());
    // The largest bar drawn with a company's name.
    let ((top_company, top_year), top) = sums
        .iter()
        .filter(|((c, y), _)| named_set.contains(c.as_str()) && years.contains(y))
        .max_by(|a, b| a.1.total_cmp(b.1))
        .expect("every named company has a figure in a year drawn");
    let title = format!(
        "{} spent the most: {} in {top_year}",
        inputs.company_name(top_company),
        format::in_unit(*top, unit)
    );
    Ok(vec![Chart {
        name: "capex_by_company".into(),
        section: Section::Capex,
        description: describe_bars("Bar chart of actual capex by company and calendar year", unit, &categories, &series),
        figure: Figure {
            title,
            subtitle: format!(
                "Actual capex, {} converted at each period's end, spread over calendar years by days",
                inputs.metrics.currency
            ),
            source: source_line(&["capex.csv", "fx.csv"], &sources),
            plot: Plot::Bars(BarFigure { categories, series, unit }),
        },
        table,
        note: capitalized(&note.join("; ")),
    }])
}

pub fn capex_intensity(inputs: &Inputs) -> Built {
    let rows: Vec<_> = inputs.rows(Metric::CapexIntensityPct).collect();
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    // Periods in time order (by the capex row's end); the latest drawn.
    let mut entries: Vec<(NaiveDate, String, String, f64)> = rows
        .iter()
        .filter_map(|r| match &r.period {
            Period::Span { label, end } => Some((*end, r.subject.clone(), label.clone(), r.value)),
            _ => None,
        })
        .collect();
    entries.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
    let columns = ["company", "period", "period_end", "capex_intensity_pct"];
    let mut table = DataTable::with_units(&columns);
    // The latest periods are drawn.
    let first_drawn = entries.len().saturating_sub(MAX_PERIODS);
    for (i, (end, company, period, value)) in entries.iter().enumerate() {
        let row = vec![
            Cell::text(company),
            Cell::text(period),
            Cell::Date(*end),
            Cell::number(*value, Unit::Percent),
        ];
        table.push_drawn(i >= first_drawn, row);
    }
    let (entries, earlier) = latest(&entries, MAX_PERIODS);
    let companies: Vec<String> = entries
        .iter()
        .map(|e| e.1.clone())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let several = companies.len() > 1;
    let categories: Vec<String> = entries
        .iter()
        .map(|(_, company, period, _)| {
            if several {
                format!("{} {period}", inputs.company_name(company))
            } else {
                period.clone()
            }
        })
        .collect();
    let palette = inputs.colors(companies.iter().map(String::as_str));
    let series: Vec<Bars> = companies
        .iter()
        .zip(palette)
        .map(|(company, color)| Bars {
            label: inputs.company_name(company),
            color,
            values: entries
                .iter()
                .map(|e| (&e.1 == company).then_some(e.3))
                .collect(),
        })
        .collect();
    // One bar per category: several companies share slots by leaving others empty.
    let series = if several {
        series
    } else {
        series.into_iter().take(1).collect()
    };
    let (_, company, period, value) = entries.last().expect("non-empty");
    let title = format!(
        "{} spent {} of its revenue on capex in {period}",
        inputs.company_name(company),
        format::pct(*value)
    );
    let sources: BTreeSet<String> = inputs
        .data
        .capex
        .iter()
        .filter(|c| companies.contains(&c.company))
        .map(|c| c.source.clone())
        .collect();
    Ok(vec![Chart {
        name: "capex_intensity".into(),
        section: Section::Capex,
        description: describe_bars(
            "Bar chart of actual capex as a share of revenue",
            Unit::Percent,
            &categories,
            &series,
        ),
        figure: Figure {
            title,
            subtitle:
                "Actual capex as % of the revenue of the quarters that make up the same period"
                    .into(),
            source: source_line(&["capex.csv", "earnings.csv"], &sources),
            plot: Plot::Bars(BarFigure {
                categories,
                series,
                unit: Unit::Percent,
            }),
        },
        table,
        note: if earlier > 0 {
            format!(
                "{} of the {} company periods are drawn: those that end last, and of those ending on \
                 the same day the last by company id; the data file has them all",
                entries.len(),
                format::number((entries.len() + earlier) as f64, 0)
            )
        } else {
            String::new()
        },
    }])
}
