//! The capex chart by bloc: each bloc's actual capex and guidance by calendar
//! year, with the title and note saying which companies and days the sums cover.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::capex::{earlier_note, latest};
use super::chart::{Built, Chart, Section};
use super::draw::theme;
use super::draw::{BarFigure, Bars, Figure, Plot};
use super::inputs::Inputs;
use super::table::{Cell, DataTable};
use super::words::{capitalized, describe_bars, source_line};
use crate::format;
use crate::metrics::bloc_years;
use crate::model::{Bloc, CapexKind, Choice, Company, Metric, Period};
use crate::names;
use crate::periods::Span;

/// Calendar years the capex-by-bloc chart draws: the latest.
const MAX_BLOC_YEARS: usize = 16;

pub fn capex_by_bloc(inputs: &Inputs) -> Built {
    let unit = inputs.money();
    let rows: Vec<_> = inputs.rows(Metric::BlocCapexConv).collect();
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let all_years: Vec<i32> = rows
        .iter()
        .filter_map(|r| match r.period {
            Period::Year(year) => Some(year),
            _ => None,
        })
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let (years, earlier) = latest(&all_years, MAX_BLOC_YEARS);
    let categories: Vec<String> = years.iter().map(|y| y.to_string()).collect();
    let mut table = DataTable::with_units(&["bloc", "kind", "year", "bloc_capex_conv"]);
    let mut series = Vec::new();
    for bloc in [Bloc::Western, Bloc::China] {
        for kind in [CapexKind::Actual, CapexKind::Guidance] {
            let value_in = |year: &i32| {
                let period = Period::Year(*year);
                let kind = Some(kind.name());
                inputs
                    .metrics
                    .value(Metric::BlocCapexConv, bloc.name(), kind, &period)
            };
            for y in &all_years {
                if let Some(v) = value_in(y) {
                    let row = vec![
                        Cell::text(bloc.name()),
                        Cell::text(kind.name()),
                        Cell::text(y.to_string()),
                        Cell::number(v, unit),
                    ];
                    table.push_drawn(years.contains(y), row);
                }
            }
            let values: Vec<Option<f64>> = years.iter().map(value_in).collect();
            if values.iter().all(Option::is_none) {
                continue;
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
    // Only the years drawn speak in the title and the note.
    let drawn = |year: i32| years.contains(&year);
    let bloc_years: Vec<_> = bloc_years(inputs.data, inputs.metrics)
        .into_iter()
        .filter(|y| drawn(y.year))
        .collect();
    // The title compares the blocs only in a year whose sums cover the same
    // companies for the whole year; otherwise it says what is missing.
    let complete = bloc_years
        .iter()
        .rev()
        .filter(|y| y.is_complete())
        .find_map(|y| Some((y.year, y.both()?)));
    let title = match complete {
        Some((year, (western, china))) if china > 0.0 => format!(
            "In {year}, the western companies spent {} on capex, {:.0} times the Chinese companies' {}",
            format::in_unit(western, unit),
            western / china,
            format::in_unit(china, unit)
        ),
        _ if bloc_years.iter().any(|y| y.both().is_some()) => {
            "Capex by bloc and calendar year: no year has every company's figures for the whole year".to_string()
        }
        _ => "Capex by bloc and calendar year".to_string(),
    };
    let company_of: HashMap<&str, &Company> = inputs
        .data
        .companies
        .iter()
        .map(|c| (c.id.as_str(), c))
        .collect();
    let companies = |bloc: Bloc| {
        let mut listed: Vec<String> = inputs
            .data
            .capex
            .iter()
            .filter_map(|c| company_of.get(c.company.as_str()))
            .filter(|c| c.bloc == bloc)
            .map(|c| c.name.clone())
            .collect();
        listed.sort();
        listed.dedup();
        names::list_first(&listed, names::NAMED)
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
        for (year, _) in Span::new(c.period_start, c.period_end).year_shares() {
            if drawn(year) {
                guided
                    .entry(year)
                    .or_default()
                    .insert(inputs.company_name(&c.company));
            }
        }
    }
    let guidance: Vec<String> = guided
        .iter()
        .map(|(year, companies)| {
            let companies: Vec<String> = companies.iter().cloned().collect();
            format!("{year}: {}", names::list_first(&companies, names::NAMED))
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
    if earlier > 0 {
        note.push(earlier_note(years.len(), years[0], earlier));
    }
    let note = capitalized(&note.join("; "));
    let sources: BTreeSet<String> = inputs.data.capex.iter().map(|c| c.source.clone()).collect();
    Ok(vec![Chart {
        name: "capex_by_bloc".into(),
        section: Section::Capex,
        description: describe_bars("Bar chart of capex by bloc and calendar year, actual and guidance", unit, &categories, &series),
        figure: Figure {
            title,
            subtitle: format!(
                "Capex of the companies in the data, {}; guidance lighter; a year in progress is what is reported so far",
                inputs.metrics.currency
            ),
            source: source_line(inputs.data, &sources),
            plot: Plot::Bars(BarFigure { categories, series, unit }),
        },
        table,
        sources,
        note,
    }])
}
