//! The lead chart: the report's argument in one picture. For the company the
//! report follows, its cloud revenue growth on a year earlier beside its
//! operating margin, quarter by quarter, both in percent on one axis from
//! zero: what it is buying with its spending, and what it is paying.

use std::collections::BTreeSet;

use super::chart::{Built, Chart, Section};
use super::draw::{theme, Figure, LineFigure, Plot};
use super::inputs::Inputs;
use super::quarterly::{quarterly, Quarterly};
use super::table::{Cell, DataTable};
use super::words::{describe_lines, source_line};
use crate::format;
use crate::model::{Metric, Unit};
use crate::names;

/// The segment whose growth the chart draws.
const GROWTH_SEGMENT: &str = "cloud";

pub fn lead(inputs: &Inputs) -> Built {
    let Some(company) = inputs.focus else {
        return Ok(Vec::new());
    };
    let pick = |metric: Metric, segment: &str| -> (Option<Quarterly>, BTreeSet<String>) {
        let (series, _) = quarterly(inputs, metric);
        let found = series
            .into_iter()
            .find(|q| q.company == company && q.segment == segment);
        // The sources of the rows drawn: this company's and segment's alone.
        let sources = inputs
            .rows(metric)
            .filter(|r| r.subject == company && r.segment.as_deref() == Some(segment))
            .flat_map(|r| r.sources.iter().cloned())
            .collect();
        (found, sources)
    };
    let (Some(growth), growth_sources) = pick(Metric::RevenueYoyPct, GROWTH_SEGMENT) else {
        return Ok(Vec::new());
    };
    let (Some(margin), margin_sources) = pick(Metric::OperatingMarginPct, "total") else {
        return Ok(Vec::new());
    };
    // A line needs two points: one number is not a trend.
    if growth.points.len() < 2 || margin.points.len() < 2 {
        return Ok(Vec::new());
    }
    let name = inputs.company_name(company);
    let color = inputs.colors(std::iter::once(company))[0];
    let lines = vec![
        growth.line("Cloud growth".into(), color),
        margin.line("Operating margin".into(), theme::NEUTRAL),
    ];
    let title = title(&name, &growth, &margin);
    let span = span(&growth, &margin);
    let described = [(&growth, &lines[0]), (&margin, &lines[1])]
        .map(|(q, l)| {
            let points = q.points.iter().map(|(_, p, v)| (p.to_string(), *v));
            (l.label.clone(), points.collect())
        })
        .to_vec();
    let table = table(&growth, &margin);
    // Both metrics' sources, as the rows cite them.
    let sources: BTreeSet<String> = growth_sources.union(&margin_sources).cloned().collect();
    Ok(vec![Chart {
        name: "lead".into(),
        section: Section::Lead,
        description: describe_lines(
            &format!(
                "Line chart of {} cloud revenue growth and operating margin by quarter",
                names::possessive(&name)
            ),
            Unit::Percent,
            &described,
        ),
        figure: Figure {
            title,
            subtitle: format!(
                "Cloud revenue, % change on the same quarter a year earlier, and group \
                 operating margin, %, by quarter, {span}"
            ),
            source: source_line(inputs.data, &sources),
            plot: Plot::Lines(LineFigure {
                lines,
                log_y: false,
                unit: Unit::Percent,
                markers: Vec::new(),
            }),
        },
        table,
        note: String::new(),
        sources,
    }])
}

/// "Alibaba Group's cloud growth rose to 38.1% as its operating margin fell
/// to -0.3%": each line's direction from its first quarter drawn to its last.
fn title(name: &str, growth: &Quarterly, margin: &Quarterly) -> String {
    let verb = |q: &Quarterly| {
        if q.last().2 < q.points[0].2 {
            "fell"
        } else {
            "rose"
        }
    };
    format!(
        "{} cloud growth {} to {} as its operating margin {} to {}",
        names::possessive(name),
        verb(growth),
        format::pct(growth.last().2),
        verb(margin),
        format::pct(margin.last().2),
    )
}

/// `FY2024Q1 to FY2026Q4`: the quarters the two lines span.
fn span(growth: &Quarterly, margin: &Quarterly) -> String {
    let first = growth.points[0].1.min(margin.points[0].1);
    let last = growth.last().1.max(margin.last().1);
    format!("{first} to {last}")
}

/// The numbers behind the chart: each quarter of each line.
fn table(growth: &Quarterly, margin: &Quarterly) -> DataTable {
    let mut table = DataTable::with_units(&["metric", "fiscal_period", "period_end", "value"]);
    for (metric, q) in [
        (Metric::RevenueYoyPct, growth),
        (Metric::OperatingMarginPct, margin),
    ] {
        for (end, quarter, value) in &q.points {
            table.push(vec![
                Cell::metric(metric.name()),
                Cell::text(quarter.to_string()),
                Cell::Date(*end),
                Cell::number(*value, Unit::Percent),
            ]);
        }
    }
    table
}
