//! Earnings charts: revenue, surprise against consensus and operating margin,
//! one line or bar series per company and segment over quarters.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::NaiveDate;

use super::figure::{day_number, BarFigure, Bars, Figure, Line, LineFigure, Plot};
use super::prepare::{self, Mark, Point};
use super::{
    capitalized, colors, describe_bars, describe_lines, source_line, Built, Chart, DataTable,
    Inputs, Section,
};
use crate::format;
use crate::model::{Metric, Period, Unit};

/// Series (lines, or bar series) an earnings chart draws at most: with many
/// companies, those with the largest revenue in their latest quarter. The rest
/// are in the chart's data file.
const MAX_SERIES: usize = 8;
/// Quarters the surprise chart draws at most: the latest.
const MAX_QUARTERS: usize = 16;

/// A quarter's point: (period_end, fiscal label, value).
type QuarterPoint = (NaiveDate, String, f64);

/// One quarterly series of a metric, oldest first.
struct Quarterly {
    company: String,
    segment: String,
    points: Vec<QuarterPoint>,
}

/// Quarterly series drawn as lines, with their table and cited sources, and
/// what the lines leave out.
struct QuarterlyLines {
    series: Vec<Quarterly>,
    lines: Vec<Line>,
    table: DataTable,
    sources: BTreeSet<String>,
    note: String,
}

/// The rows of a per-quarter earnings metric, grouped by company and segment and
/// placed in time by their quarter's end; with the sources of those quarters.
fn quarterly(inputs: &Inputs, metric: Metric) -> (Vec<Quarterly>, BTreeSet<String>) {
    let mut series: BTreeMap<(String, String), Vec<QuarterPoint>> = BTreeMap::new();
    let mut sources = BTreeSet::new();
    for row in inputs.rows(metric) {
        let (Some(segment), Period::Quarter { label, end }) = (&row.segment, &row.period) else {
            continue;
        };
        // The quarter's own row: the source of these metrics.
        sources.extend(row.sources.iter().cloned());
        series
            .entry((row.subject.clone(), segment.clone()))
            .or_default()
            .push((*end, label.to_string(), row.value));
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
    // A company's total first: it takes the bloc's own colour.
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
fn choose(inputs: &Inputs, series: &[Quarterly]) -> (Vec<usize>, String) {
    if series.len() <= MAX_SERIES {
        return ((0..series.len()).collect(), String::new());
    }
    let (revenue, _) = quarterly(inputs, Metric::RevenueConv);
    let latest: HashMap<(&str, &str), f64> = revenue
        .iter()
        .filter_map(|q| Some(((q.company.as_str(), q.segment.as_str()), q.points.last()?.2)))
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
fn keep(series: Vec<Quarterly>, drawn: &[usize]) -> Vec<Quarterly> {
    series
        .into_iter()
        .enumerate()
        .filter(|(i, _)| drawn.binary_search(i).is_ok())
        .map(|(_, q)| q)
        .collect()
}

/// True for a table row of one of `series` (its company and segment).
fn of_series(series: &[Quarterly], row: &[String]) -> bool {
    series
        .iter()
        .any(|q| q.company == row[0] && q.segment == row[1])
}

/// Line labels: the segment alone when one company is shown, else company and segment.
fn series_label(inputs: &Inputs, series: &[Quarterly], q: &Quarterly) -> String {
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

/// The table behind a quarterly chart: every point of every series.
fn quarterly_table(series: &[Quarterly], metric: Metric, unit: Unit) -> DataTable {
    let mut table = DataTable::new(&[
        "company",
        "segment",
        "fiscal_period",
        "period_end",
        metric.name(),
        "unit",
    ]);
    for q in series {
        for (end, period, value) in &q.points {
            table.push(vec![
                q.company.clone(),
                q.segment.clone(),
                period.clone(),
                end.to_string(),
                value.to_string(),
                unit.to_string(),
            ]);
        }
    }
    table
}

/// A line per company and segment over quarters; the table of every point.
fn quarterly_lines(inputs: &Inputs, metric: Metric, unit: Unit) -> Option<QuarterlyLines> {
    let (series, sources) = quarterly(inputs, metric);
    if series.is_empty() {
        return None;
    }
    let mut table = quarterly_table(&series, metric, unit);
    let (drawn, note) = choose(inputs, &series);
    let series = keep(series, &drawn);
    table.show_first(|row| of_series(&series, row));
    let palette = colors(inputs, series.iter().map(|s| s.company.as_str()));
    let lines = series
        .iter()
        .zip(palette)
        .map(|(q, color)| {
            let mut points: Vec<Point> = q
                .points
                .iter()
                .map(|(end, _, v)| Point::new(day_number(*end), *v, Mark::Exact))
                .collect();
            prepare::clean(&mut points);
            let gap = prepare::gap_step(&points);
            Line {
                label: series_label(inputs, &series, q),
                color,
                points,
                dashed: false,
                gap,
            }
        })
        .collect();
    Some(QuarterlyLines {
        series,
        lines,
        table,
        sources,
        note: capitalized(&note),
    })
}

fn line_description(series: &[Quarterly], lines: &[Line], unit: Unit, kind: &str) -> String {
    let described: Vec<(String, Vec<(String, f64)>)> = series
        .iter()
        .zip(lines)
        .map(|(q, l)| {
            (
                l.label.clone(),
                q.points.iter().map(|(_, p, v)| (p.clone(), *v)).collect(),
            )
        })
        .collect();
    describe_lines(kind, unit, &described)
}

/// The series with the largest latest value: the one a title talks about.
fn lead(series: &[Quarterly]) -> Option<&Quarterly> {
    series
        .iter()
        .filter(|q| !q.points.is_empty())
        .max_by(|a, b| {
            a.points[a.points.len() - 1]
                .2
                .total_cmp(&b.points[b.points.len() - 1].2)
        })
}

pub fn revenue(inputs: &Inputs) -> Built {
    let unit = inputs.money();
    let Some(QuarterlyLines {
        series,
        lines,
        table,
        sources,
        note,
    }) = quarterly_lines(inputs, Metric::RevenueConv, unit)
    else {
        return Ok(Vec::new());
    };
    let q = lead(&series).ok_or("no revenue")?;
    let (end, period, value) = q.points.last().expect("a point");
    // Growth is worked out in the company's own currency (SPEC 4.1); the chart
    // is in the converted one, so the title says which.
    let own_currency = inputs
        .data
        .earnings
        .iter()
        .find(|e| e.company == q.company && e.segment == q.segment)
        .map(|e| e.currency);
    let quarter = Period::Quarter {
        label: period.parse().expect("a fiscal quarter label"),
        end: *end,
    };
    let yoy = inputs
        .metrics
        .get(
            Metric::RevenueYoyPct,
            &q.company,
            Some(&q.segment),
            &quarter,
        )
        .map(|r| match own_currency {
            Some(c) if c != inputs.metrics.currency => {
                format!(", {} on a year earlier in {c}", format::signed_pct(r.value))
            }
            _ => format!(", {} on a year earlier", format::signed_pct(r.value)),
        })
        .unwrap_or_default();
    let title = format!(
        "{} revenue was {} in {period}{yoy}",
        inputs.company_name(&q.company),
        format::in_unit(*value, unit)
    );
    let description = line_description(&series, &lines, unit, "Line chart of quarterly revenue");
    Ok(vec![Chart {
        name: "revenue".into(),
        section: Section::Earnings,
        figure: Figure {
            title,
            subtitle: format!(
                "Quarterly revenue by segment, {}, converted at each quarter's end",
                inputs.metrics.currency
            ),
            source: source_line(&["earnings.csv", "fx.csv"], &sources),
            plot: Plot::Lines(LineFigure {
                lines,
                log_y: false,
                unit: unit.to_string(),
                markers: Vec::new(),
            }),
        },
        description,
        table,
        note,
    }])
}

pub fn surprise(inputs: &Inputs) -> Built {
    let (series, sources) = quarterly(inputs, Metric::RevenueSurprisePct);
    if series.is_empty() {
        return Ok(Vec::new());
    }
    let mut table = quarterly_table(&series, Metric::RevenueSurprisePct, Unit::Percent);
    let (drawn, series_note) = choose(inputs, &series);
    let series = keep(series, &drawn);
    // The latest quarters of the drawn series, in time order.
    let mut quarters: Vec<(NaiveDate, String)> = series
        .iter()
        .flat_map(|q| q.points.iter().map(|(d, p, _)| (*d, p.clone())))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let earlier = quarters.len().saturating_sub(MAX_QUARTERS);
    quarters.drain(..earlier);
    let categories: Vec<String> = quarters.iter().map(|(_, p)| p.clone()).collect();
    table.show_first(|row| of_series(&series, row) && categories.contains(&row[2]));
    let mut note = vec![series_note];
    if earlier > 0 {
        note.push(format!(
            "the latest {} quarters are drawn, from {}; {} earlier are in the data file",
            categories.len(),
            categories[0],
            format::number(earlier as f64, 0)
        ));
    }
    note.retain(|part| !part.is_empty());
    let palette = colors(inputs, series.iter().map(|s| s.company.as_str()));
    let bars: Vec<Bars> = series
        .iter()
        .zip(palette)
        .map(|(q, color)| {
            let values = quarters
                .iter()
                .map(|(_, p)| q.points.iter().find(|(_, qp, _)| qp == p).map(|x| x.2))
                .collect();
            Bars {
                label: series_label(inputs, &series, q),
                color,
                values,
            }
        })
        .collect();
    // The bars drawn: what a reader can count on the chart.
    let all: Vec<f64> = bars
        .iter()
        .flat_map(|b| b.values.iter().flatten().copied())
        .collect();
    let beats = all.iter().filter(|v| **v > 0.0).count();
    let q = &series[0];
    let (_, last_period, last) = q.points.last().expect("a point");
    let title = format!(
        "Revenue beat consensus in {beats} of {} quarters; {} in {last_period}",
        all.len(),
        format::signed_pct(*last)
    );
    Ok(vec![Chart {
        name: "revenue_surprise".into(),
        section: Section::Earnings,
        description: describe_bars(
            "Bar chart of revenue against consensus, in percent",
            Unit::Percent,
            &categories,
            &bars,
        ),
        figure: Figure {
            title,
            subtitle: "Revenue against analysts' consensus: % above (+) or below (-)".into(),
            source: source_line(&["earnings.csv"], &sources),
            plot: Plot::Bars(BarFigure {
                categories,
                series: bars,
                unit: "%".into(),
            }),
        },
        table,
        note: capitalized(&note.join("; ")),
    }])
}

pub fn margin(inputs: &Inputs) -> Built {
    let Some(QuarterlyLines {
        series,
        lines,
        table,
        sources,
        note,
    }) = quarterly_lines(inputs, Metric::OperatingMarginPct, Unit::Percent)
    else {
        return Ok(Vec::new());
    };
    let q = &series[0];
    let (_, first_period, first) = &q.points[0];
    let (_, last_period, last) = q.points.last().expect("a point");
    let verb = if last < first { "fell" } else { "rose" };
    let title = format!(
        "{} operating margin {verb} from {} in {first_period} to {} in {last_period}",
        inputs.company_name(&q.company),
        format::pct(*first),
        format::pct(*last)
    );
    Ok(vec![Chart {
        name: "operating_margin".into(),
        section: Section::Earnings,
        description: line_description(
            &series,
            &lines,
            Unit::Percent,
            "Line chart of quarterly operating margin",
        ),
        figure: Figure {
            title,
            subtitle: "Operating income as a share of revenue, by quarter".into(),
            source: source_line(&["earnings.csv"], &sources),
            plot: Plot::Lines(LineFigure {
                lines,
                log_y: false,
                unit: "%".into(),
                markers: Vec::new(),
            }),
        },
        table,
        note,
    }])
}
