//! Capex intensity charts: capex as a share of the revenue of the same period,
//! a chart per length of period.

use std::collections::{BTreeSet, HashMap};

use chrono::{Datelike, NaiveDate};

use super::capex::{differ_words, footing_note, latest};
use super::chart::{Built, Chart, Section};
use super::draw::{BarFigure, Bars, Figure, Plot};
use super::inputs::Inputs;
use super::table::{Cell, DataTable};
use super::words::{describe_bars, source_line};
use crate::format;
use crate::metrics::Footing;
use crate::model::{Capex, CapexKind, Choice, Dataset, Metric, Period, Unit};
use crate::names;

/// Capex periods the intensity chart draws: the latest by their end.
const MAX_PERIODS: usize = 16;

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
