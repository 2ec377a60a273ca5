//! Charts of targets: how far each spending commitment has come against the
//! straight line to it, and the path each revenue target requires.

use std::collections::BTreeSet;

use chrono::NaiveDate;

use super::chart::{Built, Chart, Section};
use super::draw::theme;
use super::draw::{date_of, day_number, Figure, Line, LineFigure, Marker, Plot};
use super::file_name::FileNames;
use super::goal_words::{counts_note, floor_words, pace_title, path_note};
use super::inputs::Inputs;
use super::prepare::{downsample, Mark, Point, BUCKETS};
use super::table::{Cell, DataTable};
use super::words::{describe_lines, source_line};
use crate::format;
use crate::metrics::{achieved, elapsed_pct};
use crate::model::{Metric, Target, TargetKind, TargetMetric, Unit};
use crate::names;
use crate::periods::days_between;
use crate::target_words;

/// A target's row of `metric`, which has one at most.
fn metric_value(inputs: &Inputs, metric: Metric, target: &str) -> Option<f64> {
    inputs.metrics.first(metric, target).map(|r| r.value)
}

/// The colour of a target's actual figures: its company's.
fn color_of(inputs: &Inputs, t: &Target) -> plotters::style::RGBColor {
    inputs.company_color(&t.company)
}

fn as_of_marker(inputs: &Inputs) -> Vec<Marker> {
    inputs
        .metrics
        .as_of
        .map(|d| {
            vec![Marker {
                x: day_number(d),
                label: "as of".into(),
                tip: format!("As of {d}"),
                event: None,
            }]
        })
        .unwrap_or_default()
}

/// One chart per cumulative capex target: actual spending summed over time
/// against a straight line from nothing at the start to the value at the end.
pub fn commitment_pace(inputs: &Inputs) -> Built {
    let fx = &inputs.metrics.fx;
    let mut charts = Vec::new();
    let mut names = FileNames::new();
    for t in inputs
        .data
        .targets
        .iter()
        .filter(|t| t.metric == TargetMetric::Capex)
    {
        let unit = Unit::Millions(t.currency);
        let until = inputs.metrics.as_of.map_or(t.end, |d| d.min(t.end));
        let counted = achieved(inputs.data, fx, t, until);
        // The day progress and time are measured to (C), as in the metrics.
        let measured = counted.as_ref().map(|a| a.day);
        let parts = counted.map(|a| a.parts).unwrap_or_default();
        let mut table = DataTable::with_units(&["date", "cumulative_actual", "straight_line"]);
        let straight = |day: NaiveDate| t.value * elapsed_pct(t, day).unwrap_or(0.0) / 100.0;
        let mut actual = vec![Point::new(day_number(t.start), 0.0, Mark::None)];
        let zero = Cell::number(0.0, unit);
        table.push(vec![Cell::Date(t.start), zero.clone(), zero]);
        let mut sum = 0.0;
        let mut sources = BTreeSet::from([t.source.clone()]);
        for (end, value, source) in &parts {
            sum += value;
            sources.insert(source.to_string());
            actual.push(Point::new(day_number(*end), sum, Mark::Exact));
            table.push(vec![
                Cell::Date(*end),
                Cell::number(sum, unit),
                Cell::number(straight(*end), unit),
            ]);
        }
        let plan = vec![
            Point::new(day_number(t.start), 0.0, Mark::None),
            Point::new(day_number(t.end), t.value, Mark::None),
        ];
        let title = pace_title(inputs, t, measured);
        let color = color_of(inputs, t);
        let described = vec![
            (
                "Actual, cumulative".to_string(),
                actual
                    .iter()
                    .map(|p| (date_of(p.x).to_string(), p.y))
                    .collect(),
            ),
            (
                "Straight line to the target".to_string(),
                plan.iter()
                    .map(|p| (date_of(p.x).to_string(), p.y))
                    .collect(),
            ),
        ];
        charts.push(Chart {
            name: names.claim("commitment_pace_", &t.id),
            section: Section::Capex,
            description: describe_lines(
                "Line chart of cumulative spending against the plan",
                unit,
                &described,
            ),
            figure: Figure {
                title,
                subtitle: format!(
                    "Cumulative actual capex, {} mn, against a straight line to {} by {}{}; a period straddling the start counts by its days inside",
                    t.currency,
                    format::in_unit(t.value, unit),
                    names::day(t.end),
                    floor_words(t, "plan")
                ),
                source: source_line(inputs.data, &sources),
                plot: Plot::Lines(LineFigure {
                    lines: vec![
                        Line {
                            label: "Actual".into(),
                            color,
                            // A point per capex period: reduced to what the
                            // pixels show for a company that reports daily.
                            points: downsample(&actual, BUCKETS),
                            dashed: false,
                            gap: f64::INFINITY,
                        },
                        Line {
                            label: "Plan".into(),
                            color: theme::NEUTRAL,
                            points: plan,
                            dashed: true,
                            gap: f64::INFINITY,
                        },
                    ],
                    log_y: false,
                    unit,
                    markers: as_of_marker(inputs),
                }),
            },
            table,
            sources,
            note: counts_note(inputs, t, "The plan"),
        });
    }
    Ok(charts)
}

/// One chart per revenue target with a baseline: the path at the required growth
/// against what has happened (the trailing four quarters for a run-rate target,
/// the running sum for a cumulative one).
pub fn target_paths(inputs: &Inputs) -> Built {
    let fx = &inputs.metrics.fx;
    let mut charts = Vec::new();
    let mut names = FileNames::new();
    for t in inputs
        .data
        .targets
        .iter()
        .filter(|t| t.metric == TargetMetric::Revenue)
    {
        let (Some(baseline), Some(cagr)) = (
            metric_value(inputs, Metric::TargetBaseline, &t.id),
            metric_value(inputs, Metric::TargetRequiredCagrPct, &t.id),
        ) else {
            continue;
        };
        let unit = Unit::Millions(t.currency);
        let g = cagr / 100.0;
        let segment = t.segment.as_deref().unwrap_or("total");
        let mut quarters: Vec<_> = inputs
            .data
            .earnings
            .iter()
            .filter(|e| e.company == t.company && e.segment == segment)
            .filter_map(|e| {
                Some((
                    e.period_end,
                    fx.convert(e.revenue, e.currency, t.currency, e.period_end)?,
                    &e.source,
                ))
            })
            .collect();
        quarters.sort_by_key(|q| q.0);
        let as_of = inputs.metrics.as_of.unwrap_or(t.end);
        let mut table = DataTable::with_units(&["date", "series", "value"]);
        let mut sources = BTreeSet::from([t.source.clone()]);
        let (path, actual, subtitle) = match t.kind {
            TargetKind::RunRate => {
                let years = days_between(t.start, t.end) as f64 / 365.25;
                let steps = (years * 4.0).ceil().max(1.0) as i64;
                let path: Vec<Point> = (0..=steps)
                    .map(|k| {
                        let day = (t.start
                            + chrono::Duration::days(days_between(t.start, t.end) * k / steps))
                        .min(t.end);
                        let years_in = days_between(t.start, day) as f64 / 365.25;
                        Point::new(
                            day_number(day),
                            baseline * (1.0 + g).powf(years_in),
                            Mark::None,
                        )
                    })
                    .collect();
                let actual: Vec<Point> = quarters
                    .windows(4)
                    // Four consecutive quarters only: a missing quarter breaks the sum.
                    .filter(|w| w[3].0 <= as_of && days_between(w[0].0, w[3].0) <= 280)
                    .map(|w| {
                        w.iter().for_each(|q| {
                            sources.insert(q.2.clone());
                        });
                        Point::new(day_number(w[3].0), w.iter().map(|q| q.1).sum(), Mark::Exact)
                    })
                    .collect();
                (
                    path,
                    actual,
                    format!(
                        "{} {segment} revenue over the last four quarters",
                        inputs.company_name(&t.company)
                    ),
                )
            }
            TargetKind::Cumulative => {
                let n = ((days_between(t.start, t.end) as f64 / 365.25) + 0.5).floor() as i32;
                let mut sum = 0.0;
                let mut path = vec![Point::new(day_number(t.start), 0.0, Mark::None)];
                for k in 1..=n {
                    sum += baseline * (1.0 + g).powi(k);
                    let day = t.start + chrono::Months::new(12 * k as u32);
                    path.push(Point::new(day_number(day), sum, Mark::None));
                }
                // The same periods, counted pro rata, as target_progress_pct.
                let mut running = 0.0;
                let mut actual = vec![Point::new(day_number(t.start), 0.0, Mark::None)];
                let counted = achieved(inputs.data, fx, t, as_of.min(t.end));
                for (end, value, source) in counted.map(|a| a.parts).unwrap_or_default() {
                    running += value;
                    sources.insert(source.to_string());
                    actual.push(Point::new(day_number(end), running, Mark::Exact));
                }
                (
                    path,
                    actual,
                    format!(
                        "{} {segment} revenue summed since the start",
                        inputs.company_name(&t.company)
                    ),
                )
            }
        };
        for (series, points) in [("required path", &path), ("actual", &actual)] {
            for p in points {
                table.push(vec![
                    Cell::Date(date_of(p.x)),
                    Cell::text(series),
                    Cell::number(p.y, unit),
                ]);
            }
        }
        let baseline_to = quarters
            .iter()
            .map(|q| q.0)
            .filter(|end| *end <= t.start)
            .max()
            .map(|end| format!(" (the four quarters to {})", names::day(end)))
            .unwrap_or_default();
        let title = format!(
            "Reaching {} by {} needs {} growth a year from {}{baseline_to}",
            target_words::value(t),
            t.end.format("%Y"),
            target_words::growth(t, cagr),
            format::in_unit(baseline, unit)
        );
        let described = vec![
            (
                "Actual".to_string(),
                actual
                    .iter()
                    .map(|p| (date_of(p.x).to_string(), p.y))
                    .collect(),
            ),
            (
                "Required path".to_string(),
                path.iter()
                    .map(|p| (date_of(p.x).to_string(), p.y))
                    .collect(),
            ),
        ];
        let color = color_of(inputs, t);
        charts.push(Chart {
            name: names.claim("target_path_", &t.id),
            section: Section::Targets,
            description: describe_lines(
                "Line chart of a revenue target's required path and the actual figures",
                unit,
                &described,
            ),
            figure: Figure {
                title,
                subtitle: format!(
                    "{subtitle}, {} mn; dashed: the path at the required growth to {}{}",
                    t.currency,
                    format::in_unit(t.value, unit),
                    floor_words(t, "target")
                ),
                source: source_line(inputs.data, &sources),
                plot: Plot::Lines(LineFigure {
                    lines: vec![
                        Line {
                            label: "Actual".into(),
                            color,
                            points: actual,
                            dashed: false,
                            gap: f64::INFINITY,
                        },
                        Line {
                            label: "Required".into(),
                            color: theme::NEUTRAL,
                            points: path,
                            dashed: true,
                            gap: f64::INFINITY,
                        },
                    ],
                    log_y: false,
                    unit,
                    markers: as_of_marker(inputs),
                }),
            },
            table,
            sources,
            note: path_note(inputs, t),
        });
    }
    Ok(charts)
}
