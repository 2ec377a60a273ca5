//! Earnings charts: revenue, surprise against consensus and operating margin,
//! one line or bar series per company and segment over quarters.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;

use super::figure::{day_number, BarFigure, Bars, Figure, Line, LineFigure, Plot};
use super::prepare::{self, Mark, Point};
use super::{
    capitalized, colors, describe_bars, describe_lines, source_line, Built, Chart, DataTable,
    Inputs, Section,
};
use crate::format;

/// A quarter's point: (period_end, fiscal label, value).
type QuarterPoint = (NaiveDate, String, f64);

/// One quarterly series of a metric, oldest first.
struct Quarterly {
    company: String,
    segment: String,
    points: Vec<QuarterPoint>,
}

/// Quarterly series drawn as lines, with their table and cited sources.
struct QuarterlyLines {
    series: Vec<Quarterly>,
    lines: Vec<Line>,
    table: DataTable,
    sources: BTreeSet<String>,
}

/// The rows of a per-quarter earnings metric, grouped by company and segment and
/// placed in time by their quarter's end; with the sources of those quarters.
fn quarterly(inputs: &Inputs, metric: &str) -> (Vec<Quarterly>, BTreeSet<String>) {
    let mut series: BTreeMap<(String, String), Vec<QuarterPoint>> = BTreeMap::new();
    let mut sources = BTreeSet::new();
    for row in inputs.rows(metric) {
        let (Some(segment), Some(period)) = (&row.segment, &row.period) else {
            continue;
        };
        let Some(e) = inputs.data.earnings.iter().find(|e| {
            e.company == row.subject
                && &e.segment == segment
                && &e.fiscal_period.to_string() == period
        }) else {
            continue;
        };
        sources.insert(e.source.clone());
        series
            .entry((row.subject.clone(), segment.clone()))
            .or_default()
            .push((e.period_end, period.clone(), row.value));
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
fn quarterly_table(series: &[Quarterly], metric: &str, unit: &str) -> DataTable {
    let mut table = DataTable::new(&[
        "company",
        "segment",
        "fiscal_period",
        "period_end",
        metric,
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
fn quarterly_lines(inputs: &Inputs, metric: &str, unit: &str) -> Option<QuarterlyLines> {
    let (series, sources) = quarterly(inputs, metric);
    if series.is_empty() {
        return None;
    }
    let palette = colors(inputs, series.iter().map(|s| s.company.as_str()));
    let table = quarterly_table(&series, metric, unit);
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
    })
}

fn line_description(series: &[Quarterly], lines: &[Line], unit: &str, kind: &str) -> String {
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
    let unit = inputs.money_unit();
    let Some(QuarterlyLines {
        series,
        lines,
        table,
        sources,
    }) = quarterly_lines(inputs, "revenue_conv", &unit)
    else {
        return Ok(Vec::new());
    };
    let q = lead(&series).ok_or("no revenue")?;
    let (_, period, value) = q.points.last().expect("a point");
    // Growth is worked out in the company's own currency (SPEC 4.1); the chart
    // is in the converted one, so the title says which.
    let own_currency = inputs
        .data
        .earnings
        .iter()
        .find(|e| e.company == q.company && e.segment == q.segment)
        .map(|e| e.currency);
    let yoy = inputs
        .rows("revenue_yoy_pct")
        .find(|r| {
            r.subject == q.company
                && r.segment.as_ref() == Some(&q.segment)
                && r.period.as_ref() == Some(period)
        })
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
        format::by_unit(*value, &unit)
    );
    let description = line_description(&series, &lines, &unit, "Line chart of quarterly revenue");
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
                unit,
                markers: Vec::new(),
            }),
        },
        description,
        table,
        note: String::new(),
    }])
}

pub fn surprise(inputs: &Inputs) -> Built {
    let (series, sources) = quarterly(inputs, "revenue_surprise_pct");
    if series.is_empty() {
        return Ok(Vec::new());
    }
    // The latest 16 quarters at most, in time order.
    let mut quarters: Vec<(NaiveDate, String)> = series
        .iter()
        .flat_map(|q| q.points.iter().map(|(d, p, _)| (*d, p.clone())))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    if quarters.len() > 16 {
        quarters.drain(..quarters.len() - 16);
    }
    let categories: Vec<String> = quarters.iter().map(|(_, p)| p.clone()).collect();
    let palette = colors(inputs, series.iter().map(|s| s.company.as_str()));
    let table = quarterly_table(&series, "revenue_surprise_pct", "%");
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
    let all: Vec<f64> = series
        .iter()
        .flat_map(|q| q.points.iter().map(|p| p.2))
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
            "%",
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
        note: String::new(),
    }])
}

pub fn margin(inputs: &Inputs) -> Built {
    let Some(QuarterlyLines {
        series,
        lines,
        table,
        sources,
    }) = quarterly_lines(inputs, "operating_margin_pct", "%")
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
            "%",
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
        note: String::new(),
    }])
}
