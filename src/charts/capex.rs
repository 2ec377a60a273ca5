//! Capex charts: capex by company and calendar year, by bloc and year, and capex
//! intensity (capex as a share of the revenue of the same period).

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;

use super::figure::{BarFigure, Bars, Figure, Plot};
use super::{
    bloc_of, capitalized, colors, describe_bars, source_line, theme, Built, Chart, DataTable,
    Inputs, Section,
};
use crate::format;
use crate::fx::Fx;
use crate::metrics::bloc_years;
use crate::metrics::year_allocations;
use crate::model::{Bloc, CapexKind, Choice};
use crate::names;

/// Converted capex of each company by calendar year: the allocation
/// `bloc_capex_conv` sums, summed by company instead.
fn capex_by_year(
    inputs: &Inputs,
    kind: CapexKind,
) -> (BTreeMap<(String, i32), f64>, BTreeSet<String>) {
    let fx = Fx::new(&inputs.data.fx);
    let mut sums = BTreeMap::new();
    let mut sources = BTreeSet::new();
    for (c, year, value) in year_allocations(inputs.data, &fx, inputs.metrics.currency) {
        if c.kind == kind {
            sources.insert(c.source.clone());
            *sums.entry((c.company.clone(), year)).or_insert(0.0) += value;
        }
    }
    (sums, sources)
}

pub fn capex_by_company(inputs: &Inputs) -> Built {
    let unit = inputs.money_unit();
    let (sums, sources) = capex_by_year(inputs, CapexKind::Actual);
    if sums.is_empty() {
        return Ok(Vec::new());
    }
    let years: Vec<i32> = sums
        .keys()
        .map(|(_, y)| *y)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let years: Vec<i32> = years.iter().rev().take(6).rev().copied().collect();
    // Companies by their total, largest first, at most eight.
    let mut totals: BTreeMap<&str, f64> = BTreeMap::new();
    for ((company, _), v) in &sums {
        *totals.entry(company.as_str()).or_default() += v;
    }
    let mut companies: Vec<(&str, f64)> = totals.into_iter().collect();
    companies.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(b.0)));
    companies.truncate(8);
    // Western first, then china, each by size, so bloc colours group together.
    companies.sort_by_key(|(c, _)| bloc_of(inputs, c));
    let palette = colors(inputs, companies.iter().map(|(c, _)| *c));
    let categories: Vec<String> = years.iter().map(|y| y.to_string()).collect();
    let mut table = DataTable::new(&["company", "year", "capex_conv", "unit"]);
    let series: Vec<Bars> = companies
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
        table.push(vec![
            company.clone(),
            year.to_string(),
            value.to_string(),
            unit.clone(),
        ]);
    }
    let ((top_company, top_year), top) = sums
        .iter()
        .max_by(|a, b| a.1.total_cmp(b.1))
        .expect("non-empty");
    let title = format!(
        "{} spent the most: {} in {top_year}",
        inputs.company_name(top_company),
        format::by_unit(*top, &unit)
    );
    Ok(vec![Chart {
        name: "capex_by_company".into(),
        section: Section::Capex,
        description: describe_bars("Bar chart of actual capex by company and calendar year", &unit, &categories, &series),
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
        note: capitalized(&names::capex_gaps(
            &bloc_years(inputs.data, &inputs.metrics.rows),
            inputs.metrics.as_of,
        )),
    }])
}

pub fn capex_by_bloc(inputs: &Inputs) -> Built {
    let unit = inputs.money_unit();
    let rows: Vec<_> = inputs.rows("bloc_capex_conv").collect();
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let years: Vec<String> = rows
        .iter()
        .filter_map(|r| r.period.clone())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let mut table = DataTable::new(&["bloc", "kind", "year", "bloc_capex_conv", "unit"]);
    let mut series = Vec::new();
    for bloc in [Bloc::Western, Bloc::China] {
        for kind in [CapexKind::Actual, CapexKind::Guidance] {
            let values: Vec<Option<f64>> = years
                .iter()
                .map(|y| {
                    rows.iter()
                        .find(|r| {
                            r.subject == bloc.name()
                                && r.segment.as_deref() == Some(kind.name())
                                && r.period.as_ref() == Some(y)
                        })
                        .map(|r| r.value)
                })
                .collect();
            if values.iter().all(Option::is_none) {
                continue;
            }
            for (y, v) in years.iter().zip(&values) {
                if let Some(v) = v {
                    table.push(vec![
                        bloc.name().into(),
                        kind.name().into(),
                        y.clone(),
                        v.to_string(),
                        unit.clone(),
                    ]);
                }
            }
            let color = match kind {
                CapexKind::Actual => theme::bloc_color(bloc),
                CapexKind::Guidance => theme::faded(theme::bloc_color(bloc)),
            };
            series.push(Bars {
                label: format!("{} {}", capitalized(bloc.name()), kind.name()),
                color,
                values,
            });
        }
    }
    // The title compares the blocs only in a year whose sums cover the same
    // companies for the whole year; otherwise it says what is missing.
    let bloc_years = bloc_years(inputs.data, &inputs.metrics.rows);
    let complete = bloc_years
        .iter()
        .rev()
        .filter(|y| y.is_complete())
        .find_map(|y| Some((y.year, y.both()?)));
    let title = match complete {
        Some((year, (western, china))) if china > 0.0 => format!(
            "In {year}, the western companies spent {} on capex, {:.0} times the Chinese companies' {}",
            format::by_unit(western, &unit),
            western / china,
            format::by_unit(china, &unit)
        ),
        _ if bloc_years.iter().any(|y| y.both().is_some()) => {
            "Capex by bloc and calendar year: no year has every company's figures for the whole year".to_string()
        }
        _ => "Capex by bloc and calendar year".to_string(),
    };
    let companies = |bloc: Bloc| {
        let mut listed: Vec<String> = inputs
            .data
            .capex
            .iter()
            .filter(|c| bloc_of(inputs, &c.company) == Some(bloc))
            .map(|c| inputs.company_name(&c.company))
            .collect();
        listed.sort();
        listed.dedup();
        names::list(&listed)
    };
    let who = format!(
        "western: {}; Chinese: {}",
        companies(Bloc::Western),
        companies(Bloc::China)
    );
    // Guidance covers fewer companies than actual capex: say whose, by year.
    let mut guided: BTreeMap<i32, BTreeSet<String>> = BTreeMap::new();
    for c in inputs
        .data
        .capex
        .iter()
        .filter(|c| c.kind == CapexKind::Guidance)
    {
        for (year, _) in crate::periods::Span::new(c.period_start, c.period_end).year_shares() {
            guided
                .entry(year)
                .or_default()
                .insert(inputs.company_name(&c.company));
        }
    }
    let guidance: Vec<String> = guided
        .iter()
        .map(|(year, companies)| {
            let companies: Vec<String> = companies.iter().cloned().collect();
            format!("{year}: {}", names::list(&companies))
        })
        .collect();
    let mut note = vec![who];
    if !guidance.is_empty() {
        note.push(format!(
            "guidance (range midpoints where a range was given) of {}",
            guidance.join("; ")
        ));
    }
    let gaps = names::capex_gaps(&bloc_years, inputs.metrics.as_of);
    if !gaps.is_empty() {
        note.push(gaps);
    }
    let note = capitalized(&note.join("; "));
    let sources: BTreeSet<String> = inputs.data.capex.iter().map(|c| c.source.clone()).collect();
    Ok(vec![Chart {
        name: "capex_by_bloc".into(),
        section: Section::Capex,
        description: describe_bars("Bar chart of capex by bloc and calendar year, actual and guidance", &unit, &years, &series),
        figure: Figure {
            title,
            subtitle: format!(
                "Capex of the companies in the data, {}; guidance lighter; a year in progress is what is reported so far",
                inputs.metrics.currency
            ),
            source: source_line(&["capex.csv", "companies.csv", "fx.csv"], &sources),
            plot: Plot::Bars(BarFigure { categories: years, series, unit }),
        },
        table,
        note,
    }])
}

pub fn capex_intensity(inputs: &Inputs) -> Built {
    let rows: Vec<_> = inputs.rows("capex_intensity_pct").collect();
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    // Periods in time order (by the capex row's end), at most 16.
    let mut entries: Vec<(NaiveDate, String, String, f64)> = rows
        .iter()
        .filter_map(|r| {
            let period = r.period.clone()?;
            let c = inputs.data.capex.iter().find(|c| {
                c.company == r.subject && c.period == period && c.kind == CapexKind::Actual
            })?;
            Some((c.period_end, r.subject.clone(), period, r.value))
        })
        .collect();
    entries.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
    if entries.len() > 16 {
        entries.drain(..entries.len() - 16);
    }
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
    let palette = colors(inputs, companies.iter().map(String::as_str));
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
    let mut table = DataTable::new(&[
        "company",
        "period",
        "period_end",
        "capex_intensity_pct",
        "unit",
    ]);
    for (end, company, period, value) in &entries {
        table.push(vec![
            company.clone(),
            period.clone(),
            end.to_string(),
            value.to_string(),
            "%".into(),
        ]);
    }
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
            "%",
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
                unit: "%".into(),
            }),
        },
        table,
        note: String::new(),
    }])
}
