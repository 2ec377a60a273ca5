//! The capex chart by bloc: each bloc's actual capex and guidance by calendar
//! year, with the title and note saying which companies and days the sums
//! cover, what their figures count and which are estimates.

use std::collections::{BTreeMap, BTreeSet};

use super::capex::{differ_words, earlier_note, latest};
use super::chart::{Built, Chart, Section};
use super::draw::theme;
use super::draw::{BarFigure, Bars, Figure, Plot};
use super::inputs::Inputs;
use super::table::{Cell, DataTable};
use super::words::{capitalized, describe_bars, source_line};
use crate::metrics::{bloc_years, sum_qualifier, BlocYear, Footing};
use crate::model::{Bloc, Capex, CapexKind, Choice, Metric, Period, Qualifier, Unit};
use crate::names;
use crate::periods::Span;

/// Calendar years the capex-by-bloc chart draws: the latest.
const MAX_BLOC_YEARS: usize = 16;

/// The blocs and kinds of capex the chart draws, a series each, in order.
const SERIES: [(Bloc, CapexKind); 4] = [
    (Bloc::Western, CapexKind::Actual),
    (Bloc::Western, CapexKind::Guidance),
    (Bloc::China, CapexKind::Actual),
    (Bloc::China, CapexKind::Guidance),
];

/// The calendar years with a bloc's capex, and the latest of them, drawn.
struct Years {
    all: Vec<i32>,
    drawn: Vec<i32>,
    /// Years left out, before those drawn.
    earlier: usize,
}

impl Years {
    /// None when no bloc has capex.
    fn of(inputs: &Inputs) -> Option<Years> {
        let rows: Vec<_> = inputs.rows(Metric::BlocCapexConv).collect();
        if rows.is_empty() {
            return None;
        }
        let all: Vec<i32> = rows
            .iter()
            .filter_map(|r| match r.period {
                Period::Year(year) => Some(year),
                _ => None,
            })
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let (drawn, earlier) = latest(&all, MAX_BLOC_YEARS);
        Some(Years {
            all,
            drawn,
            earlier,
        })
    }
}

pub fn capex_by_bloc(inputs: &Inputs) -> Built {
    let unit = inputs.money();
    let Some(years) = Years::of(inputs) else {
        return Ok(Vec::new());
    };
    let categories: Vec<String> = years.drawn.iter().map(|y| y.to_string()).collect();
    let series = bloc_bars(inputs, &years.drawn);
    // Only the years drawn speak in the title and the note.
    let bloc_years: Vec<_> = bloc_years(inputs.data, inputs.metrics)
        .into_iter()
        .filter(|y| years.drawn.contains(&y.year))
        .collect();
    let (note, bases_differ) = bloc_note(inputs, &years, &bloc_years);
    let sources: BTreeSet<String> = inputs.data.capex.iter().map(|c| c.source.clone()).collect();
    Ok(vec![Chart {
        name: "capex_by_bloc".into(),
        section: Section::Capex,
        description: describe_bars(
            "Bar chart of capex by bloc and calendar year, actual and guidance",
            unit,
            &categories,
            &series,
        ),
        figure: Figure {
            title: bloc_title(&bloc_years, unit),
            subtitle: format!(
                "Capex of the companies in the data, {}; guidance lighter; a year in progress is what is reported so far{}",
                inputs.metrics.currency,
                differ_words(bases_differ)
            ),
            source: source_line(inputs.data, &sources),
            plot: Plot::Bars(BarFigure {
                categories,
                series,
                unit,
            }),
        },
        table: bloc_table(inputs, &years),
        sources,
        note,
    }])
}

/// A series per bloc and kind with a figure in the years drawn, a bar a year;
/// guidance in a lighter shade of the bloc's colour.
fn bloc_bars(inputs: &Inputs, years: &[i32]) -> Vec<Bars> {
    SERIES
        .iter()
        .filter_map(|&(bloc, kind)| {
            let values: Vec<Option<f64>> = years
                .iter()
                .map(|year| inputs.metrics.bloc_capex(bloc, kind, *year))
                .collect();
            if values.iter().all(Option::is_none) {
                return None;
            }
            let color = match kind {
                CapexKind::Actual => theme::bloc_color(bloc),
                CapexKind::Guidance => theme::faded(theme::bloc_color(bloc)),
            };
            Some(Bars {
                label: format!("{} {}", capitalized(bloc.name()), kind.name()),
                color,
                values,
            })
        })
        .collect()
}

/// Every bloc's sum of each kind in every year, with its qualifier; those of
/// the years drawn marked so.
fn bloc_table(inputs: &Inputs, years: &Years) -> DataTable {
    let unit = inputs.money();
    let qualifiers = sum_qualifiers(inputs);
    let columns = ["bloc", "kind", "year", "qualifier", "bloc_capex_conv"];
    let mut table = DataTable::with_units(&columns);
    for (bloc, kind) in SERIES {
        for y in &years.all {
            let Some(v) = inputs.metrics.bloc_capex(bloc, kind, *y) else {
                continue;
            };
            let qualifier = qualifiers.get(&(bloc, kind, *y)).copied();
            let row = vec![
                Cell::text(bloc.name()),
                Cell::text(kind.name()),
                Cell::text(y.to_string()),
                Cell::qualifier(qualifier.unwrap_or(Qualifier::Exact)),
                Cell::number(v, unit),
            ];
            table.push_drawn(years.drawn.contains(y), row);
        }
    }
    table
}

/// The qualifier each bloc's sum of each kind carries in each calendar year:
/// an estimate if any figure in it is one (SPEC 6.1 v3).
fn sum_qualifiers(inputs: &Inputs) -> BTreeMap<(Bloc, CapexKind, i32), Qualifier> {
    let mut parts: BTreeMap<(Bloc, CapexKind, i32), Vec<Qualifier>> = BTreeMap::new();
    for c in &inputs.data.capex {
        let Some(bloc) = inputs.bloc_of(&c.company) else {
            continue;
        };
        for (year, _) in Span::new(c.period_start, c.period_end).year_shares() {
            parts
                .entry((bloc, c.kind, year))
                .or_default()
                .push(c.qualifier);
        }
    }
    parts
        .into_iter()
        .map(|(key, qualifiers)| (key, sum_qualifier(qualifiers)))
        .collect()
}

/// "In 2025, the western companies spent $400M on capex, 8 times the Chinese
/// companies' $50M": the blocs compared in the latest year whose sums cover
/// the same companies for the whole year, with what the figures count and
/// how exact they are; otherwise what is missing.
fn bloc_title(bloc_years: &[BlocYear], unit: Unit) -> String {
    let complete = bloc_years
        .iter()
        .rev()
        .filter(|y| y.is_complete())
        .find_map(|y| Some((y, y.both()?)));
    match complete {
        Some((year, (western, china))) if china > 0.0 => {
            let sum = |bloc: Bloc, value: f64| {
                let qualifier = year.footing.only(|c| c.bloc == bloc).qualifier();
                names::qualified_figure(value, qualifier, unit)
            };
            let about = match year.footing.qualifier() {
                Qualifier::Exact => "",
                _ => "about ",
            };
            let bases = if year.footing.bases_differ() {
                ", on differing or unstated bases"
            } else {
                ""
            };
            format!(
                "In {}, the western companies spent {} on capex, {about}{:.0} times the Chinese companies' {}{bases}",
                year.year,
                sum(Bloc::Western, western),
                western / china,
                sum(Bloc::China, china)
            )
        }
        _ if bloc_years.iter().any(|y| y.both().is_some()) => {
            "Capex by bloc and calendar year: no year has every company's figures for the whole year".to_string()
        }
        _ => "Capex by bloc and calendar year".to_string(),
    }
}

/// The note, a sentence per subject: which companies each bloc's sums cover
/// (and which of the bloc have no capex figure), whose guidance is drawn and
/// the days missing; what the actual figures and the guidance count; which
/// figures are estimates; which years are left out. With it, whether the
/// actual figures' bases differ.
fn bloc_note(inputs: &Inputs, years: &Years, bloc_years: &[BlocYear]) -> (String, bool) {
    let drawn = |c: &&Capex| {
        Span::new(c.period_start, c.period_end)
            .year_shares()
            .iter()
            .any(|(year, _)| years.drawn.contains(year))
    };
    let mut first = vec![format!(
        "western: {}; Chinese: {}",
        bloc_companies(inputs, Bloc::Western),
        bloc_companies(inputs, Bloc::China)
    )];
    first.extend(guided(inputs, &years.drawn));
    let gaps = names::capex_gaps(bloc_years, inputs.metrics.as_of);
    if !gaps.is_empty() {
        first.push(gaps);
    }
    if years.earlier > 0 {
        let (count, from) = (years.drawn.len(), years.drawn[0]);
        first.push(earlier_note(count, from, years.earlier));
    }
    let mut note = vec![capitalized(&first.join("; "))];
    let of_kind = |kind: CapexKind| {
        let rows = inputs.data.capex.iter().filter(|c| c.kind == kind);
        Footing::of(inputs.data, rows.filter(drawn))
    };
    let (actual, guidance) = (of_kind(CapexKind::Actual), of_kind(CapexKind::Guidance));
    if !actual.stated_anywhere && actual.companies.len() > 1 {
        note.push(capitalized(names::NO_BASIS_STATED));
    }
    let actual_words: Vec<String> = [names::bases(&actual), names::estimates(&actual)]
        .into_iter()
        .filter(|w| !w.is_empty())
        .collect();
    if !actual_words.is_empty() {
        note.push(format!("Actual capex: {}", actual_words.join("; ")));
    }
    let guidance_bases = names::bases(&guidance);
    if !guidance_bases.is_empty() {
        note.push(format!("Guidance: {guidance_bases}"));
    }
    (note.join(". "), actual.bases_differ())
}

/// "Alibaba Group and Tencent (no capex figures for Baidu)": the companies of
/// a bloc with capex in the data, and those of companies.csv without any.
fn bloc_companies(inputs: &Inputs, bloc: Bloc) -> String {
    let mut with = Vec::new();
    let mut without = Vec::new();
    for company in inputs.data.companies.iter().filter(|c| c.bloc == bloc) {
        match inputs.data.capex.iter().any(|c| c.company == company.id) {
            true => with.push(company.name.clone()),
            false => without.push(company.name.clone()),
        }
    }
    with.sort();
    without.sort();
    let named = names::list_first(&with, names::NAMED);
    match (with.is_empty(), without.is_empty()) {
        (_, true) => named,
        (true, false) => format!(
            "no capex figures for {}",
            names::list_first(&without, names::NAMED)
        ),
        (false, false) => format!(
            "{named} (no capex figures for {})",
            names::list_first(&without, names::NAMED)
        ),
    }
}

/// "guidance (range midpoints where a range was given) of 2025: Alphabet and
/// Amazon; 2026: ...": guidance covers fewer companies than actual capex, so
/// the note says whose, by year drawn.
fn guided(inputs: &Inputs, years: &[i32]) -> Option<String> {
    let mut guided: BTreeMap<i32, BTreeSet<String>> = BTreeMap::new();
    for c in inputs
        .data
        .capex
        .iter()
        .filter(|c| c.kind == CapexKind::Guidance)
    {
        for (year, _) in Span::new(c.period_start, c.period_end).year_shares() {
            if years.contains(&year) {
                guided
                    .entry(year)
                    .or_default()
                    .insert(inputs.company_name(&c.company));
            }
        }
    }
    if guided.is_empty() {
        return None;
    }
    let by_year: Vec<String> = guided
        .iter()
        .map(|(year, companies)| {
            let companies: Vec<String> = companies.iter().cloned().collect();
            format!("{year}: {}", names::list_first(&companies, names::NAMED))
        })
        .collect();
    Some(format!(
        "guidance (range midpoints where a range was given) of {}",
        by_year.join("; ")
    ))
}
