//! The capex chart by company and calendar year, and what every capex chart
//! says of the years it leaves out and of what its figures count. By bloc:
//! `blocs.rs`; capex as a share of revenue: `intensity.rs`.

use std::collections::{BTreeMap, BTreeSet};

use super::chart::{Built, Chart, Section};
use super::draw::theme;
use super::draw::{BarFigure, Bars, Figure, Plot};
use super::inputs::Inputs;
use super::table::{Cell, DataTable};
use super::words::{capitalized, describe_bars, source_line};
use crate::format;
use crate::metrics::{bloc_years, year_allocations, Footing};
use crate::model::{Capex, CapexKind, Unit};
use crate::names;

/// Companies the capex-by-company chart names, by their total over all years;
/// the rest are summed in one series.
const MAX_COMPANIES: usize = 8;
/// Calendar years the capex-by-company chart draws: the latest.
const MAX_COMPANY_YEARS: usize = 6;

/// Converted capex of each company by calendar year (the allocation
/// `bloc_capex_conv` sums, summed by company instead), with the rows behind
/// each sum and the sources they cite.
struct ByYear<'d> {
    sums: BTreeMap<(String, i32), f64>,
    rows: BTreeMap<(String, i32), Vec<&'d Capex>>,
    sources: BTreeSet<String>,
}

impl<'d> ByYear<'d> {
    fn of(inputs: &Inputs<'d>, kind: CapexKind) -> ByYear<'d> {
        let mut by_year = ByYear {
            sums: BTreeMap::new(),
            rows: BTreeMap::new(),
            sources: BTreeSet::new(),
        };
        let metrics = inputs.metrics;
        for (c, year, value) in year_allocations(inputs.data, &metrics.fx, metrics.currency) {
            if c.kind == kind {
                let key = (c.company.clone(), year);
                by_year.sources.insert(c.source.clone());
                *by_year.sums.entry(key.clone()).or_insert(0.0) += value;
                by_year.rows.entry(key).or_default().push(c);
            }
        }
        by_year
    }

    /// What the figures of a company's bar (or of several bars) count.
    fn footing<'k>(
        &self,
        inputs: &Inputs<'d>,
        keys: impl IntoIterator<Item = &'k (String, i32)>,
    ) -> Footing<'d> {
        let rows = keys
            .into_iter()
            .filter_map(|key| self.rows.get(key))
            .flatten()
            .copied();
        Footing::of(inputs.data, rows)
    }
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

/// A row of the capex-by-company table: what the figures count and how
/// exact their sum is beside it.
fn row(company: Cell, year: i32, footing: &Footing, value: f64, unit: Unit) -> Vec<Cell> {
    let bases = footing
        .companies
        .iter()
        .flat_map(|c| c.bases.iter().copied())
        .collect();
    let bases = names::basis_cell_of(&bases);
    vec![
        company,
        Cell::text(year.to_string()),
        Cell::named(&bases, names::basis_cell(&bases)),
        Cell::qualifier(footing.qualifier()),
        Cell::number(value, unit),
    ]
}

/// A company's figure in a title with its qualifier, and where the chart's
/// bases differ what it counts: ("$131.8B", " (cash payments only)").
fn figure_words(footing: &Footing, value: f64, unit: Unit, bases_differ: bool) -> (String, String) {
    let figure = names::qualified_figure(value, footing.qualifier(), unit);
    let basis = match footing.companies.first() {
        Some(c) if bases_differ => format!(" ({})", names::basis_phrase(&c.bases)),
        _ => String::new(),
    };
    (figure, basis)
}

/// "Amazon spent the most: $131.8B in 2025; Alibaba Group spent $17.3B; its
/// figures cover 273 of the year's 365 days": the largest bar, and the focus
/// company in the same year, with how much of the year its figures cover and,
/// where bases differ, what each figure counts.
fn by_company_title(
    inputs: &Inputs,
    by_year: &ByYear,
    (named, years): (&BTreeSet<&str>, &[i32]),
    unit: Unit,
    bases_differ: bool,
) -> String {
    // The largest bar drawn with a company's name.
    let ((top_company, year), _) = by_year
        .sums
        .iter()
        .filter(|((c, y), _)| named.contains(c.as_str()) && years.contains(y))
        .max_by(|a, b| a.1.total_cmp(b.1))
        .expect("every named company has a figure in a year drawn");
    let year = *year;
    let words = |company: &str| {
        let key = (company.to_string(), year);
        let value = by_year.sums.get(&key)?;
        let footing = by_year.footing(inputs, [&key]);
        Some(figure_words(&footing, *value, unit, bases_differ))
    };
    let (top, top_basis) = words(top_company).unwrap_or_default();
    let said = format!(
        "{} spent the most: {top} in {year}{top_basis}",
        inputs.company_name(top_company),
    );
    let Some(focus) = inputs.focus.filter(|f| *f != top_company) else {
        return said;
    };
    let Some((figure, basis)) = words(focus) else {
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
        "{said}; {} spent {figure}{basis}{coverage}",
        inputs.company_name(focus)
    )
}

/// The companies drawn by name, by their total in the years drawn (largest
/// first, then western before Chinese so each bloc's stand together), and how
/// many others are summed as one. A company with figures only in earlier
/// years has no bar.
fn ranked<'s>(
    inputs: &Inputs,
    sums: &'s BTreeMap<(String, i32), f64>,
    years: &[i32],
) -> (Vec<&'s str>, usize) {
    let mut totals: BTreeMap<&str, f64> = BTreeMap::new();
    for ((company, year), v) in sums {
        if years.contains(year) {
            *totals.entry(company.as_str()).or_default() += v;
        }
    }
    let mut companies: Vec<(&str, f64)> = totals.into_iter().collect();
    companies.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(b.0)));
    let others = companies.split_off(companies.len().min(MAX_COMPANIES));
    companies.sort_by_key(|(c, _)| inputs.bloc_of(c));
    (
        companies.into_iter().map(|(c, _)| c).collect(),
        others.len(),
    )
}

/// The grey bar a year of the companies not drawn by name, their rows in the
/// table, and the note's words on them.
fn others_bar<'d>(
    inputs: &Inputs<'d>,
    by_year: &ByYear<'d>,
    named: &BTreeSet<&str>,
    years: &[i32],
    table: &mut DataTable,
    unit: Unit,
) -> (Bars, String) {
    let others: BTreeSet<&str> = by_year
        .sums
        .keys()
        .filter(|(c, y)| !named.contains(c.as_str()) && years.contains(y))
        .map(|(c, _)| c.as_str())
        .collect();
    let label = format!("{} other companies", format::number(others.len() as f64, 0));
    let mut summed: BTreeMap<i32, (f64, Vec<&'d Capex>)> = BTreeMap::new();
    for ((company, year), value) in &by_year.sums {
        if others.contains(company.as_str()) && years.contains(year) {
            let sum = summed.entry(*year).or_default();
            sum.0 += value;
            sum.1.extend(&by_year.rows[&(company.clone(), *year)]);
        }
    }
    for (year, (value, rows)) in &summed {
        let footing = Footing::of(inputs.data, rows.iter().copied());
        table.push(row(Cell::text(&label), *year, &footing, *value, unit));
    }
    let bars = Bars {
        label,
        color: theme::NEUTRAL,
        values: years.iter().map(|y| summed.get(y).map(|s| s.0)).collect(),
    };
    let words = format!(
        "the {} companies with the most capex in these years are drawn by name, \
         the other {} summed in one grey bar a year; the data file has each company",
        named.len(),
        format::number(others.len() as f64, 0)
    );
    (bars, words)
}

/// What the capex-by-company chart draws: the latest calendar years, and the
/// companies named in them; the rest summed in one series.
struct Drawn<'s> {
    years: Vec<i32>,
    /// Years left out, before those drawn.
    earlier: usize,
    /// The companies named, in the order of their series.
    companies: Vec<&'s str>,
    named: BTreeSet<&'s str>,
    /// Companies with a figure in the years drawn, not named.
    others: usize,
}

impl<'s> Drawn<'s> {
    fn of(inputs: &Inputs, sums: &'s BTreeMap<(String, i32), f64>) -> Drawn<'s> {
        let all_years: Vec<i32> = sums
            .keys()
            .map(|(_, y)| *y)
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let (years, earlier) = latest(&all_years, MAX_COMPANY_YEARS);
        let (companies, others) = ranked(inputs, sums, &years);
        Drawn {
            named: companies.iter().copied().collect(),
            years,
            earlier,
            companies,
            others,
        }
    }
}

pub fn capex_by_company(inputs: &Inputs) -> Built {
    let unit = inputs.money();
    let by_year = ByYear::of(inputs, CapexKind::Actual);
    if by_year.sums.is_empty() {
        return Ok(Vec::new());
    }
    let drawn = Drawn::of(inputs, &by_year.sums);
    let categories: Vec<String> = drawn.years.iter().map(|y| y.to_string()).collect();
    let mut series = company_bars(inputs, &by_year, &drawn);
    let mut table = company_table(inputs, &by_year, &drawn, unit);
    let mut others_words = None;
    if drawn.others > 0 {
        let (named, years) = (&drawn.named, &drawn.years);
        let (bars, words) = others_bar(inputs, &by_year, named, years, &mut table, unit);
        series.push(bars);
        others_words = Some(words);
    }
    // What the bars drawn count, and which are estimates (SPEC 6.1 v3).
    let keys_drawn = by_year.sums.keys().filter(|(_, y)| drawn.years.contains(y));
    let footing = by_year.footing(inputs, keys_drawn);
    let bases_differ = footing.bases_differ();
    let title = by_company_title(
        inputs,
        &by_year,
        (&drawn.named, &drawn.years),
        unit,
        bases_differ,
    );
    Ok(vec![Chart {
        name: "capex_by_company".into(),
        section: Section::Capex,
        description: describe_bars(
            "Bar chart of actual capex by company and calendar year",
            unit,
            &categories,
            &series,
        ),
        figure: Figure {
            title,
            subtitle: format!(
                "Actual capex, {} converted at each period's end, spread over calendar years by days{}",
                inputs.metrics.currency,
                differ_words(bases_differ)
            ),
            source: source_line(inputs.data, &by_year.sources),
            plot: Plot::Bars(BarFigure {
                categories,
                series,
                unit,
            }),
        },
        table,
        sources: by_year.sources.clone(),
        note: company_note(inputs, &drawn, others_words, &footing),
    }])
}

/// A series per company named, in its colour, a bar per year drawn.
fn company_bars(inputs: &Inputs, by_year: &ByYear, drawn: &Drawn) -> Vec<Bars> {
    let palette = inputs.colors(drawn.companies.iter().copied());
    drawn
        .companies
        .iter()
        .zip(palette)
        .map(|(company, color)| {
            let values = drawn
                .years
                .iter()
                .map(|y| by_year.sums.get(&(company.to_string(), *y)).copied())
                .collect();
            Bars {
                label: inputs.company_name(company),
                color,
                values,
            }
        })
        .collect()
}

/// Every company's sum in every year; those drawn with its name marked so.
fn company_table(inputs: &Inputs, by_year: &ByYear, drawn: &Drawn, unit: Unit) -> DataTable {
    let columns = ["company", "year", "basis", "qualifier", "capex_conv"];
    let mut table = DataTable::with_units(&columns);
    for (key, value) in &by_year.sums {
        let (company, year) = key;
        let named = drawn.named.contains(company.as_str()) && drawn.years.contains(year);
        let footing = by_year.footing(inputs, [key]);
        let company = Cell::company(inputs.data, company);
        table.push_drawn(named, row(company, *year, &footing, *value, unit));
    }
    table
}

/// The days missing from the years drawn, the companies summed as one and the
/// years left out; then what the figures drawn count.
fn company_note(
    inputs: &Inputs,
    drawn: &Drawn,
    others_words: Option<String>,
    footing: &Footing,
) -> String {
    let bloc_years: Vec<_> = bloc_years(inputs.data, inputs.metrics)
        .into_iter()
        .filter(|y| drawn.years.contains(&y.year))
        .collect();
    let mut first = vec![names::capex_gaps(&bloc_years, inputs.metrics.as_of)];
    first.extend(others_words);
    if drawn.earlier > 0 {
        first.push(earlier_note(
            drawn.years.len(),
            drawn.years[0],
            drawn.earlier,
        ));
    }
    first.retain(|part| !part.is_empty());
    let mut note = vec![capitalized(&first.join("; "))];
    note.extend(footing_note(footing));
    note.retain(|part| !part.is_empty());
    note.join(". ")
}

/// "; bases differ by company" at the end of a subtitle, where they do.
pub fn differ_words(bases_differ: bool) -> &'static str {
    if bases_differ {
        "; bases differ by company"
    } else {
        ""
    }
}

/// The sentence of a chart's note on what its capex figures count and which
/// are estimates: "Microsoft's figures include finance leases; ...;
/// ByteDance's figures are estimates". Data that states no basis anywhere
/// says only that, where companies are compared. None when there is nothing
/// to say.
pub fn footing_note(footing: &Footing) -> Option<String> {
    if !footing.stated_anywhere {
        let compared = footing.companies.len() > 1;
        return compared.then(|| capitalized(names::NO_BASIS_STATED));
    }
    let words: Vec<String> = [names::bases(footing), names::estimates(footing)]
        .into_iter()
        .filter(|w| !w.is_empty())
        .collect();
    (!words.is_empty()).then(|| capitalized(&words.join("; ")))
}
