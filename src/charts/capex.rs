//! Capex charts: capex by company and calendar year, and capex intensity (capex
//! as a share of the revenue of the same period). By bloc: `blocs.rs`.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{Datelike, NaiveDate};

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

/// "Amazon spent the most: $131.8B in 2025; Alibaba Group's figures cover
/// 273 of the year's 365 days: $17.3B": the largest bar, and the focus
/// company in the same year, with how much of the year its figures cover.
fn by_company_title(
    inputs: &Inputs,
    (top_company, year, top): (&str, i32, f64),
    sums: &BTreeMap<(String, i32), f64>,
    unit: Unit,
) -> String {
    let said = format!(
        "{} spent the most: {} in {year}",
        inputs.company_name(top_company),
        format::in_unit(top, unit)
    );
    let Some(focus) = inputs.focus.filter(|f| *f != top_company) else {
        return said;
    };
    let Some(value) = sums.get(&(focus.to_string(), year)) else {
        return said;
    };
    let years = bloc_years(inputs.data, inputs.metrics);
    let coverage = years
        .iter()
        .find(|y| y.year == year)
        .and_then(|y| {
            let (_, days) = y.covered.iter().find(|(c, _)| c.id == focus)?;
            (*days < y.days)
                .then(|| format!("; its figures cover {days} of the year's {} days", y.days))
        })
        .unwrap_or_default();
    format!(
        "{said}; {} spent {}{coverage}",
        inputs.company_name(focus),
        format::in_unit(*value, unit)
    )
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
    let title = by_company_title(inputs, (top_company, *top_year, *top), &sums, unit);
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
            source: source_line(inputs.data, &sources),
            plot: Plot::Bars(BarFigure { categories, series, unit }),
        },
        table,
        sources,
        note: capitalized(&note.join("; ")),
    }])
}

/// Capex intensity in a chart per length of period (quarters, half years,
/// years), so that a year and a quarter never share an axis; in each, the
/// companies' bars side by side for the same months.
pub fn capex_intensity(inputs: &Inputs) -> Built {
    // Where each actual capex period starts, by company and period label.
    let starts: HashMap<(&str, &str), NaiveDate> = inputs
        .data
        .capex
        .iter()
        .filter(|c| c.kind == CapexKind::Actual)
        .map(|c| ((c.company.as_str(), c.period.as_str()), c.period_start))
        .collect();
    let mut entries: Vec<Entry> = inputs
        .rows(Metric::CapexIntensityPct)
        .filter_map(|r| {
            let Period::Span { label, end } = &r.period else {
                return None;
            };
            let start = starts
                .get(&(r.subject.as_str(), label.as_str()))
                .copied()
                .unwrap_or(*end);
            Some(Entry {
                start,
                end: *end,
                company: r.subject.clone(),
                period: label.clone(),
                value: r.value,
            })
        })
        .collect();
    // Periods in time order (by their end), then by company.
    entries.sort_by(|a, b| (a.end, &a.company).cmp(&(b.end, &b.company)));
    let mut charts = Vec::new();
    for (name, span, months) in [
        ("capex_intensity", "quarter", 1..=3),
        ("capex_intensity_half", "half year", 4..=6),
        ("capex_intensity_annual", "year", 7..=u32::MAX),
    ] {
        let these: Vec<Entry> = entries
            .iter()
            .filter(|e| months.contains(&e.months()))
            .cloned()
            .collect();
        if !these.is_empty() {
            charts.push(intensity_chart(inputs, name, these, span));
        }
    }
    Ok(charts)
}

/// A capex row's intensity, with the days its period covers.
#[derive(Clone)]
struct Entry {
    start: NaiveDate,
    end: NaiveDate,
    company: String,
    period: String,
    value: f64,
}

impl Entry {
    /// The period's length in whole months, rounded: 3 for a quarter.
    fn months(&self) -> u32 {
        ((self.end - self.start).num_days() as f64 / 30.44).round() as u32
    }

    /// `Jul–Sep 2025`, `Apr 2024–Mar 2025`: the months the period covers.
    fn months_words(&self) -> String {
        if self.start.year() == self.end.year() {
            format!("{}–{}", self.start.format("%b"), self.end.format("%b %Y"))
        } else {
            format!(
                "{}–{}",
                self.start.format("%b %Y"),
                self.end.format("%b %Y")
            )
        }
    }
}

/// Bars grouped by the months they cover, a series per company; the latest
/// `MAX_PERIODS` company periods drawn.
fn intensity_chart(inputs: &Inputs, name: &str, entries: Vec<Entry>, span: &str) -> Chart {
    let table = intensity_table(&entries);
    let (entries, earlier) = latest(&entries, MAX_PERIODS);
    let companies: Vec<String> = entries
        .iter()
        .map(|e| e.company.clone())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let mut spans: Vec<(NaiveDate, NaiveDate)> = entries.iter().map(|e| (e.start, e.end)).collect();
    spans.sort_by_key(|(start, end)| (*end, *start));
    spans.dedup();
    let categories: Vec<String> = spans
        .iter()
        .map(|(start, end)| {
            let e = entries.iter().find(|e| (e.start, e.end) == (*start, *end));
            e.map(Entry::months_words).unwrap_or_default()
        })
        .collect();
    let palette = inputs.colors(companies.iter().map(String::as_str));
    let series: Vec<Bars> = companies
        .iter()
        .zip(palette)
        .map(|(company, color)| Bars {
            label: inputs.company_name(company),
            color,
            values: spans
                .iter()
                .map(|span| {
                    entries
                        .iter()
                        .find(|e| &e.company == company && (e.start, e.end) == *span)
                        .map(|e| e.value)
                })
                .collect(),
        })
        .collect();
    let title = intensity_title(inputs, &entries, span);
    let sources: BTreeSet<String> = inputs
        .data
        .capex
        .iter()
        .filter(|c| companies.contains(&c.company))
        .map(|c| c.source.clone())
        .collect();
    Chart {
        name: name.into(),
        section: Section::Capex,
        description: describe_bars(
            &format!("Bar chart of actual capex as a share of revenue, by {span}"),
            Unit::Percent,
            &categories,
            &series,
        ),
        figure: Figure {
            title,
            subtitle: format!(
                "Actual capex as % of the revenue of the quarters that make up the same {span}"
            ),
            source: source_line(inputs.data, &sources),
            plot: Plot::Bars(BarFigure {
                categories,
                series,
                unit: Unit::Percent,
            }),
        },
        table,
        sources,
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
    }
}

/// Every period's intensity; the latest `MAX_PERIODS` are the ones drawn.
fn intensity_table(entries: &[Entry]) -> DataTable {
    let columns = ["company", "period", "period_end", "capex_intensity_pct"];
    let mut table = DataTable::with_units(&columns);
    let first_drawn = entries.len().saturating_sub(MAX_PERIODS);
    for (i, e) in entries.iter().enumerate() {
        let row = vec![
            Cell::text(&e.company),
            Cell::text(&e.period),
            Cell::Date(e.end),
            Cell::number(e.value, Unit::Percent),
        ];
        table.push_drawn(i >= first_drawn, row);
    }
    table
}

/// "Alibaba Group spent 12.7% of its revenue on capex in the quarter to 30
/// September 2025; the 2 other companies with that quarter, 6.7% to 44.9%":
/// the focus company's latest period against the others ending the same day.
fn intensity_title(inputs: &Inputs, entries: &[Entry], span: &str) -> String {
    let lead = inputs
        .focus
        .and_then(|f| entries.iter().rev().find(|e| e.company == f))
        .or(entries.last())
        .expect("non-empty");
    let said = format!(
        "{} spent {} of its revenue on capex in {}",
        inputs.company_name(&lead.company),
        format::pct(lead.value),
        lead.period
    );
    let others: Vec<f64> = entries
        .iter()
        .filter(|e| e.end == lead.end && e.company != lead.company)
        .map(|e| e.value)
        .collect();
    let (Some(lo), Some(hi)) = (
        others.iter().copied().reduce(f64::min),
        others.iter().copied().reduce(f64::max),
    ) else {
        return said;
    };
    let range = if lo == hi {
        format::pct(lo)
    } else {
        format!("{} to {}", format::pct(lo), format::pct(hi))
    };
    let count = others.len();
    let companies = if count == 1 { "company" } else { "companies" };
    format!(
        "{said}; the {count} other {companies} with a {span} ending {}: {range}",
        names::day(lead.end)
    )
}
