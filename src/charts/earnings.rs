//! Earnings charts: revenue, surprise against consensus and operating margin,
//! one line or bar series per company and segment over quarters
//! (`quarterly.rs` gathers and chooses the series).

use std::collections::BTreeSet;

use chrono::NaiveDate;

use super::chart::{Built, Chart, Section};
use super::draw::{BarFigure, Bars, Figure, LineFigure, Plot};
use super::inputs::Inputs;
use super::quarterly::{self, Quarterly, QuarterlyLines};
use super::words::{capitalized, describe_bars, source_line};
use crate::format;
use crate::model::{Dataset, Metric, Unit};
use crate::periods::FiscalQuarter;

/// Quarters the surprise chart draws at most: the latest.
const MAX_QUARTERS: usize = 16;

/// What a chart of quarterly lines says besides its lines.
pub(super) struct Words<'a> {
    pub name: &'a str,
    pub title: String,
    pub subtitle: String,
    /// What the description calls the chart: `Line chart of quarterly revenue`.
    pub kind: &'a str,
}

/// A chart of quarterly lines: the figure the revenue, margin and cloud
/// growth charts share.
pub(super) fn lines_chart(data: &Dataset, lines: QuarterlyLines, words: Words) -> Vec<Chart> {
    let description = lines.description(words.kind);
    let QuarterlyLines {
        lines,
        table,
        sources,
        note,
        unit,
        ..
    } = lines;
    vec![Chart {
        name: words.name.into(),
        section: Section::Earnings,
        description,
        figure: Figure {
            title: words.title,
            subtitle: words.subtitle,
            source: source_line(data, &sources),
            plot: Plot::Lines(LineFigure {
                lines,
                log_y: false,
                unit,
                markers: Vec::new(),
            }),
        },
        table,
        sources,
        note,
    }]
}

pub fn revenue(inputs: &Inputs) -> Built {
    // Companies' revenue in dollars differs by tens of times, and the peers'
    // clouds are compared by their growth (`clouds.rs`): with a focus, the
    // chart is the focus company's segments, side by side on one footing.
    let focus = inputs
        .focus
        .filter(|f| inputs.data.earnings.iter().any(|e| e.company == *f));
    let lines = QuarterlyLines::of_where(inputs, Metric::RevenueConv, inputs.money(), |q| {
        focus.is_none_or(|f| q.company == f)
    });
    let Some(lines) = lines else {
        return Ok(Vec::new());
    };
    let q = lines.lead().ok_or("no revenue")?;
    let point = q.last();
    // Growth is worked out in the company's own currency (SPEC 4.1); the chart
    // is in the converted one, so the title says which.
    let own_currency = inputs
        .data
        .earnings
        .iter()
        .find(|e| e.company == q.company && e.segment == q.segment)
        .map(|e| e.currency);
    let period = Quarterly::period(point);
    let yoy = inputs
        .metrics
        .get(Metric::RevenueYoyPct, &q.company, Some(&q.segment), &period)
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
        format::in_unit(point.2, lines.unit)
    );
    let subtitle = format!(
        "Quarterly revenue by segment, {}, converted at each quarter's end",
        inputs.metrics.currency
    );
    let words = Words {
        name: "revenue",
        title,
        subtitle,
        kind: "Line chart of quarterly revenue",
    };
    Ok(lines_chart(inputs.data, lines, words))
}

pub fn margin(inputs: &Inputs) -> Built {
    let metric = Metric::OperatingMarginPct;
    let Some(lines) = QuarterlyLines::of(inputs, metric, Unit::Percent) else {
        return Ok(Vec::new());
    };
    // The focus company's total, else the first series.
    let q = inputs
        .focus
        .and_then(|f| {
            lines
                .series
                .iter()
                .find(|q| q.company == f && q.segment == "total")
        })
        .unwrap_or(&lines.series[0]);
    let (_, first_period, first) = &q.points[0];
    let (_, last_period, last) = q.last();
    let verb = if last < first { "fell" } else { "rose" };
    let title = format!(
        "{} operating margin {verb} from {} in {first_period} to {} in {last_period}",
        inputs.company_name(&q.company),
        format::pct(*first),
        format::pct(*last)
    );
    let words = Words {
        name: "operating_margin",
        title,
        subtitle: "Operating income as a share of revenue, by quarter".into(),
        kind: "Line chart of quarterly operating margin",
    };
    Ok(lines_chart(inputs.data, lines, words))
}

pub fn surprise(inputs: &Inputs) -> Built {
    let metric = Metric::RevenueSurprisePct;
    let (series, sources) = quarterly::quarterly(inputs, metric);
    if series.is_empty() {
        return Ok(Vec::new());
    }
    let (drawn, series_note) = quarterly::choose(inputs, &series);
    let (quarters, earlier) = latest_quarters(&series, &drawn);
    let shown = |quarter: FiscalQuarter| quarters.iter().any(|(_, p)| *p == quarter);
    let table = quarterly::table(inputs.data, &series, metric, Unit::Percent, |i, point| {
        drawn.contains(&i) && shown(point.1)
    });
    let series = quarterly::keep(series, &drawn);
    let categories: Vec<String> = quarters.iter().map(|(_, p)| p.to_string()).collect();
    let note = surprise_note(series_note, &categories, earlier);
    let bars = surprise_bars(inputs, &series, &quarters);
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
            title: surprise_title(&series, &bars),
            subtitle: "Revenue against analysts' consensus: % above (+) or below (-)".into(),
            source: source_line(inputs.data, &sources),
            plot: Plot::Bars(BarFigure {
                categories,
                series: bars,
                unit: Unit::Percent,
            }),
        },
        table,
        sources,
        note,
    }])
}

/// The latest `MAX_QUARTERS` quarters of the drawn series, in time order, and
/// how many earlier ones are left out.
fn latest_quarters(
    series: &[Quarterly],
    drawn: &[usize],
) -> (Vec<(NaiveDate, FiscalQuarter)>, usize) {
    let mut quarters: Vec<(NaiveDate, FiscalQuarter)> = drawn
        .iter()
        .flat_map(|i| series[*i].points.iter().map(|(d, p, _)| (*d, *p)))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let earlier = quarters.len().saturating_sub(MAX_QUARTERS);
    quarters.drain(..earlier);
    (quarters, earlier)
}

/// A series of bars per company and segment, a bar per quarter drawn.
fn surprise_bars(
    inputs: &Inputs,
    series: &[Quarterly],
    quarters: &[(NaiveDate, FiscalQuarter)],
) -> Vec<Bars> {
    let palette = quarterly::colors(inputs, series);
    series
        .iter()
        .zip(palette)
        .map(|(q, color)| {
            let values = quarters
                .iter()
                .map(|(_, p)| q.points.iter().find(|(_, qp, _)| qp == p).map(|x| x.2))
                .collect();
            Bars {
                label: quarterly::series_label(inputs, series, q),
                color,
                values,
            }
        })
        .collect()
}

/// Counts the bars drawn, what a reader can count on the chart.
fn surprise_title(series: &[Quarterly], bars: &[Bars]) -> String {
    let all: Vec<f64> = bars
        .iter()
        .flat_map(|b| b.values.iter().flatten().copied())
        .collect();
    let beats = all.iter().filter(|v| **v > 0.0).count();
    let (_, last_period, last) = series[0].last();
    format!(
        "Revenue beat consensus in {beats} of {} quarters; {} in {last_period}",
        all.len(),
        format::signed_pct(*last)
    )
}

fn surprise_note(series_note: String, categories: &[String], earlier: usize) -> String {
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
    capitalized(&note.join("; "))
}
