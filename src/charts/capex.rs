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
use crate::metrics::{bloc_years, year_allocations, Footing};
use crate::model::{Capex, CapexKind, Choice, Dataset, Metric, Period, Unit};
use crate::names;

/// Companies the capex-by-company chart names, by their total over all years;
/// the rest are summed in one series.
const MAX_COMPANIES: usize = 8;
/// Calendar years the capex-by-company chart draws: the latest.
const MAX_COMPANY_YEARS: usize = 6;
/// Capex periods the intensity chart draws: the latest by their end.
const MAX_PERIODS: usize = 16;

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

/// Capex intensity in a chart per length of period (quarters, half years,
/// years), so that a year and a quarter never share an axis; in each, the
/// companies' bars side by side for the same months.
pub fn capex_intensity(inputs: &Inputs) -> Built {
    // Each actual capex row, by company and period label.
    let capex: HashMap<(&str, &str), &Capex> = inputs
        .data
        .capex
        .iter()
        .filter(|c| c.kind == CapexKind::Actual)
        .map(|c| ((c.company.as_str(), c.period.as_str()), c))
        .collect();
    let mut entries: Vec<Entry> = inputs
        .rows(Metric::CapexIntensityPct)
        .filter_map(|r| {
            let Period::Span { label, end } = &r.period else {
                return None;
            };
            let row = *capex.get(&(r.subject.as_str(), label.as_str()))?;
            Some(Entry {
                start: row.period_start,
                end: *end,
                company: r.subject.clone(),
                period: label.clone(),
                value: r.value,
                row,
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

/// A capex row's intensity, with the days its period covers and the row.
#[derive(Clone)]
struct Entry<'d> {
    start: NaiveDate,
    end: NaiveDate,
    company: String,
    period: String,
    value: f64,
    row: &'d Capex,
}

impl Entry<'_> {
    /// The intensity with the qualifier of its capex figure: "about 10.1%".
    fn words(&self) -> String {
        names::qualified_figure(self.value, self.row.qualifier, Unit::Percent)
    }

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
    let table = intensity_table(inputs.data, &entries);
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
    // What the capex figures drawn count, and which are estimates (SPEC 6.1 v3).
    let footing = Footing::of(inputs.data, entries.iter().map(|e| e.row));
    let differ = differ_words(footing.bases_differ());
    let note = intensity_note(&footing, entries.len(), earlier);
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
                "Actual capex as % of the revenue of the quarters that make up the same {span}{differ}"
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
        note,
    }
}

/// Which periods are drawn when not all are, and what the figures count.
fn intensity_note(footing: &Footing, drawn: usize, earlier: usize) -> String {
    let mut note: Vec<String> = Vec::new();
    if earlier > 0 {
        note.push(format!(
            "{drawn} of the {} company periods are drawn: those that end last, and of those \
             ending on the same day the last by company id; the data file has them all",
            format::number((drawn + earlier) as f64, 0)
        ));
    }
    note.extend(footing_note(footing));
    note.join(". ")
}

/// Every period's intensity; the latest `MAX_PERIODS` are the ones drawn.
fn intensity_table(data: &Dataset, entries: &[Entry]) -> DataTable {
    let columns = [
        "company",
        "period",
        "period_end",
        "basis",
        "qualifier",
        "capex_intensity_pct",
    ];
    let mut table = DataTable::with_units(&columns);
    let first_drawn = entries.len().saturating_sub(MAX_PERIODS);
    for (i, e) in entries.iter().enumerate() {
        let basis = e.row.basis.map_or("", Choice::name);
        let row = vec![
            Cell::company(data, &e.company),
            Cell::text(&e.period),
            Cell::Date(e.end),
            Cell::named(basis, names::basis_cell(basis)),
            Cell::qualifier(e.row.qualifier),
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
        lead.words(),
        lead.period
    );
    let mut others: Vec<&Entry> = entries
        .iter()
        .filter(|e| e.end == lead.end && e.company != lead.company)
        .collect();
    others.sort_by(|a, b| a.value.total_cmp(&b.value));
    let range = match others.as_slice() {
        [] => return said,
        [one] => one.words(),
        [lo, .., hi] if lo.value == hi.value => lo.words(),
        [lo, .., hi] => format!("{} to {}", lo.words(), hi.words()),
    };
    let count = others.len();
    let companies = if count == 1 { "company" } else { "companies" };
    format!(
        "{said}; the {count} other {companies} with a {span} ending {}: {range}",
        names::day(lead.end)
    )
}
