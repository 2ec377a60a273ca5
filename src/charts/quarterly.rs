//! Quarterly series of an earnings metric, one per company and segment: the
//! rows gathered and placed in time by their quarter's end, the series a chart
//! draws chosen, their table, and their lines.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::NaiveDate;

use plotters::style::RGBColor;

use super::draw::{day_number, theme, Line};
use super::inputs::Inputs;
use super::prepare::{self, Mark, Point};
use super::table::{Cell, DataTable};
use super::words::{capitalized, describe_lines};
use crate::format;
use crate::model::{Dataset, Metric, Period, Unit};
use crate::periods::FiscalQuarter;

/// Series (lines, or bar series) an earnings chart draws at most: with many
/// companies, those with the largest revenue in their latest quarter. The rest
/// are in the chart's data file.
const MAX_SERIES: usize = 8;

/// A quarter's point: (period_end, fiscal quarter, value).
pub type QuarterPoint = (NaiveDate, FiscalQuarter, f64);

/// One quarterly series of a metric, oldest first.
pub struct Quarterly {
    pub company: String,
    pub segment: String,
    pub points: Vec<QuarterPoint>,
}

impl Quarterly {
    /// The latest point.
    pub fn last(&self) -> &QuarterPoint {
        self.points.last().expect("a series has a point")
    }

    /// The series as a line over time, each quarter at its end.
    pub fn line(&self, label: String, color: RGBColor) -> Line {
        let mut points: Vec<Point> = self
            .points
            .iter()
            .map(|(end, _, v)| Point::new(day_number(*end), *v, Mark::Exact))
            .collect();
        prepare::clean(&mut points);
        let gap = prepare::gap_step(&points);
        Line {
            label,
            color,
            points,
            dashed: false,
            gap,
        }
    }

    /// The period of the metric rows for the quarter of `point`.
    pub fn period(point: &QuarterPoint) -> Period {
        Period::Quarter {
            label: point.1,
            end: point.0,
        }
    }
}

/// The rows of a per-quarter earnings metric, grouped by company and segment
/// and placed in time by their quarter's end; with the sources of those quarters.
pub fn quarterly(inputs: &Inputs, metric: Metric) -> (Vec<Quarterly>, BTreeSet<String>) {
    let mut series: BTreeMap<(String, String), Vec<QuarterPoint>> = BTreeMap::new();
    let mut sources = BTreeSet::new();
    for row in inputs.rows(metric) {
        let (Some(segment), Period::Quarter { label, end }) = (&row.segment, &row.period) else {
            continue;
        };
        // Rows of a quarter alone: their sources are the quarter's own.
        sources.extend(row.sources.iter().cloned());
        series
            .entry((row.subject.clone(), segment.clone()))
            .or_default()
            .push((*end, *label, row.value));
    }
    let mut list: Vec<Quarterly> = series
        .into_iter()
        .map(|((company, segment), mut points)| {
            points.sort_by_key(|p| p.0);
            Quarterly {
                company,
                segment,
                points,
            }
        })
        .collect();
    // A company's total first: it takes the company's colour (see `colors`).
    list.sort_by(|a, b| {
        (&a.company, a.segment != "total", &a.segment).cmp(&(
            &b.company,
            b.segment != "total",
            &b.segment,
        ))
    });
    (list, sources)
}

/// The series a chart draws: all of them up to `MAX_SERIES`, else those of the
/// largest converted revenue in their latest quarter (ties in table order), in
/// table order; with the note that says so, empty when nothing is left out.
pub fn choose(inputs: &Inputs, series: &[Quarterly]) -> (Vec<usize>, String) {
    if series.len() <= MAX_SERIES {
        return ((0..series.len()).collect(), String::new());
    }
    let (revenue, _) = quarterly(inputs, Metric::RevenueConv);
    let latest: HashMap<(&str, &str), f64> = revenue
        .iter()
        .map(|q| ((q.company.as_str(), q.segment.as_str()), q.last().2))
        .collect();
    let size = |q: &Quarterly| {
        latest
            .get(&(q.company.as_str(), q.segment.as_str()))
            .copied()
            .unwrap_or(f64::NEG_INFINITY)
    };
    let mut order: Vec<usize> = (0..series.len()).collect();
    order.sort_by(|a, b| size(&series[*b]).total_cmp(&size(&series[*a])));
    order.truncate(MAX_SERIES);
    order.sort_unstable();
    let note = format!(
        "{} of the {} companies and segments are drawn, those with the largest revenue \
         ({}) in their latest quarter; the data file has them all",
        order.len(),
        format::number(series.len() as f64, 0),
        inputs.metrics.currency
    );
    (order, note)
}

/// Keeps the series at `drawn` (ascending), in order.
pub fn keep(series: Vec<Quarterly>, drawn: &[usize]) -> Vec<Quarterly> {
    series
        .into_iter()
        .enumerate()
        .filter(|(i, _)| drawn.binary_search(i).is_ok())
        .map(|(_, q)| q)
        .collect()
}

/// Line labels: the segment alone when one company is shown, else company and segment.
pub fn series_label(inputs: &Inputs, series: &[Quarterly], q: &Quarterly) -> String {
    let companies: BTreeSet<&str> = series.iter().map(|s| s.company.as_str()).collect();
    let segment = capitalized(&q.segment);
    if companies.len() == 1 {
        segment
    } else if q.segment == "total" {
        inputs.company_name(&q.company)
    } else {
        format!("{} {}", inputs.company_name(&q.company), q.segment)
    }
}

/// The colours of the series a chart draws: with several companies, each
/// company's own (its second segment a shade of it); one company's segments
/// are told apart in greys, none of them a company of its own.
pub fn colors(inputs: &Inputs, series: &[Quarterly]) -> Vec<RGBColor> {
    let companies: BTreeSet<&str> = series.iter().map(|s| s.company.as_str()).collect();
    if companies.len() == 1 {
        (0..series.len()).map(theme::grey).collect()
    } else {
        inputs.colors(series.iter().map(|s| s.company.as_str()))
    }
}

/// The table behind a quarterly chart: every point of every series, those the
/// chart draws (`drawn(series index, point)`) first.
pub fn table(
    data: &Dataset,
    series: &[Quarterly],
    metric: Metric,
    unit: Unit,
    drawn: impl Fn(usize, &QuarterPoint) -> bool,
) -> DataTable {
    let columns = ["company", "segment", "fiscal_period", "period_end"];
    let mut table = DataTable::with_units(&[&columns[..], &[metric.name()]].concat());
    for (i, q) in series.iter().enumerate() {
        for point in &q.points {
            let (end, quarter, value) = point;
            table.push_drawn(
                drawn(i, point),
                vec![
                    Cell::company(data, &q.company),
                    Cell::text(&q.segment),
                    Cell::text(quarter.to_string()),
                    Cell::Date(*end),
                    Cell::number(*value, unit),
                ],
            );
        }
    }
    table
}

/// Quarterly series drawn as lines, with their table and cited sources, and
/// what the lines leave out.
pub struct QuarterlyLines {
    pub series: Vec<Quarterly>,
    pub lines: Vec<Line>,
    pub table: DataTable,
    pub sources: BTreeSet<String>,
    pub note: String,
    pub unit: Unit,
}

impl QuarterlyLines {
    /// A line per company and segment over quarters; the table of every point.
    /// `None` without rows.
    pub fn of(inputs: &Inputs, metric: Metric, unit: Unit) -> Option<QuarterlyLines> {
        Self::of_where(inputs, metric, unit, |_| true)
    }

    /// The lines of the series `keep` accepts.
    pub fn of_where(
        inputs: &Inputs,
        metric: Metric,
        unit: Unit,
        wanted: impl Fn(&Quarterly) -> bool,
    ) -> Option<QuarterlyLines> {
        let (mut series, mut sources) = quarterly(inputs, metric);
        let all = series.len();
        series.retain(|q| wanted(q));
        if series.is_empty() {
            return None;
        }
        if series.len() < all {
            // Only the sources of the quarters drawn.
            sources = inputs
                .metrics
                .of(metric)
                .iter()
                .filter(|r| {
                    series
                        .iter()
                        .any(|q| q.company == r.subject && Some(&q.segment) == r.segment.as_ref())
                })
                .flat_map(|r| r.sources.iter().cloned())
                .collect();
        }
        let (drawn, note) = choose(inputs, &series);
        let table = table(inputs.data, &series, metric, unit, |i, _| {
            drawn.contains(&i)
        });
        let series = keep(series, &drawn);
        let palette = colors(inputs, &series);
        let lines = series
            .iter()
            .zip(palette)
            .map(|(q, color)| q.line(series_label(inputs, &series, q), color))
            .collect();
        Some(QuarterlyLines {
            series,
            lines,
            table,
            sources,
            note: capitalized(&note),
            unit,
        })
    }

    /// The description for screen readers: each line's values by quarter.
    pub fn description(&self, kind: &str) -> String {
        let described: Vec<(String, Vec<(String, f64)>)> = self
            .series
            .iter()
            .zip(&self.lines)
            .map(|(q, l)| {
                let points = q.points.iter().map(|(_, p, v)| (p.to_string(), *v));
                (l.label.clone(), points.collect())
            })
            .collect();
        describe_lines(kind, self.unit, &described)
    }

    /// The series with the largest latest value: the one a title talks about.
    pub fn lead(&self) -> Option<&Quarterly> {
        self.series
            .iter()
            .max_by(|a, b| a.last().2.total_cmp(&b.last().2))
    }
}
