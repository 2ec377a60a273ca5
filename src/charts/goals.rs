//! Charts of targets: how far each spending commitment has come against the
//! straight line to it, and the path each revenue target requires. Both draw
//! one figure, a goal's path (`goal_chart`): what has happened against the line
//! to the goal. Their words are in `goal_words`.

use std::collections::BTreeSet;

use chrono::NaiveDate;

use super::chart::{Built, Chart, Section};
use super::draw::theme;
use super::draw::{date_of, day_number, Figure, Line, LineFigure, Marker, Plot};
use super::file_name::FileNames;
use super::goal_words::{
    counts_note, pace_subtitle, pace_title, path_note, path_subtitle, path_title,
};
use super::inputs::Inputs;
use super::prepare::{downsample, Mark, Point, BUCKETS};
use super::table::{Cell, DataTable};
use super::words::{describe_lines, source_line};
use crate::metrics::{achieved, elapsed_pct};
use crate::model::{Metric, Target, TargetKind, TargetMetric, Unit};
use crate::periods::days_between;

/// What one kind of goal chart calls itself and its two lines.
struct GoalKind {
    file_prefix: &'static str,
    section: Section,
    /// The description's opening.
    description: &'static str,
    /// What has happened, named (in the description, in the legend).
    actual: (&'static str, &'static str),
    /// The line to the goal, named (in the description, in the legend).
    goal: (&'static str, &'static str),
    /// Whether the actual line is reduced to what the pixels show: a point
    /// per period, and a company may report daily.
    thinned: bool,
}

const PACE: GoalKind = GoalKind {
    file_prefix: "commitment_pace_",
    section: Section::Capex,
    description: "Line chart of cumulative spending against the plan",
    actual: ("Actual, cumulative", "Actual"),
    goal: ("Straight line to the target", "Plan"),
    thinned: true,
};

const PATH: GoalKind = GoalKind {
    file_prefix: "target_path_",
    section: Section::Targets,
    description: "Line chart of a revenue target's required path and the actual figures",
    actual: ("Actual", "Actual"),
    goal: ("Required path", "Required"),
    thinned: false,
};

/// What a goal's chart draws for one target: what has happened against the
/// line to the goal, the table of both, and the sources behind them.
struct GoalPath<'t> {
    target: &'t Target,
    actual: Vec<Point>,
    goal: Vec<Point>,
    table: DataTable,
    sources: BTreeSet<String>,
}

/// What a goal's chart says of its target.
struct GoalWords {
    title: String,
    subtitle: String,
    note: String,
}

/// One chart per cumulative capex target: actual spending summed over time
/// against a straight line from nothing at the start to the value at the end.
pub fn commitment_pace(inputs: &Inputs) -> Built {
    let mut names = FileNames::new();
    let charts = targets_of(inputs, TargetMetric::Capex)
        .map(|t| {
            let counted = Counted::of(inputs, t);
            let words = GoalWords {
                title: pace_title(inputs, t, counted.day),
                subtitle: pace_subtitle(t),
                note: counts_note(inputs, t, "The plan"),
            };
            let name = names.claim(PACE.file_prefix, &t.id);
            goal_chart(inputs, &PACE, name, pace_path(t, counted), words)
        })
        .collect();
    Ok(charts)
}

/// One chart per revenue target with a baseline: the path at the required growth
/// against what has happened (the trailing four quarters for a run-rate target,
/// the running sum for a cumulative one).
pub fn target_paths(inputs: &Inputs) -> Built {
    let mut names = FileNames::new();
    let mut charts = Vec::new();
    for t in targets_of(inputs, TargetMetric::Revenue) {
        let (Some(baseline), Some(cagr)) = (
            metric_value(inputs, Metric::TargetBaseline, &t.id),
            metric_value(inputs, Metric::TargetRequiredCagrPct, &t.id),
        ) else {
            continue;
        };
        let quarters = revenue_quarters(inputs, t);
        let baseline_end = quarters
            .iter()
            .map(|q| q.end)
            .filter(|end| *end <= t.start)
            .max();
        let words = GoalWords {
            title: path_title(t, baseline, cagr, baseline_end),
            subtitle: path_subtitle(inputs, t),
            note: path_note(inputs, t),
        };
        let path = required_path(inputs, t, (baseline, cagr), &quarters);
        let name = names.claim(PATH.file_prefix, &t.id);
        charts.push(goal_chart(inputs, &PATH, name, path, words));
    }
    Ok(charts)
}

/// A goal's chart: what has happened, solid in the company's colour, against
/// the line to the goal, dashed grey, with the as-of day marked.
fn goal_chart(
    inputs: &Inputs,
    kind: &GoalKind,
    name: String,
    path: GoalPath,
    words: GoalWords,
) -> Chart {
    let t = path.target;
    let unit = Unit::Millions(t.currency);
    let described = vec![
        described(kind.actual.0, &path.actual),
        described(kind.goal.0, &path.goal),
    ];
    let actual = match kind.thinned {
        true => downsample(&path.actual, BUCKETS),
        false => path.actual,
    };
    let line = |label: &str, color, points, dashed| Line {
        label: label.into(),
        color,
        points,
        dashed,
        gap: f64::INFINITY,
    };
    Chart {
        name,
        section: kind.section,
        description: describe_lines(kind.description, unit, &described),
        figure: Figure {
            title: words.title,
            subtitle: words.subtitle,
            source: source_line(inputs.data, &path.sources),
            plot: Plot::Lines(LineFigure {
                lines: vec![
                    line(
                        kind.actual.1,
                        inputs.company_color(&t.company),
                        actual,
                        false,
                    ),
                    line(kind.goal.1, theme::NEUTRAL, path.goal, true),
                ],
                log_y: false,
                unit,
                markers: as_of_marker(inputs),
            }),
        },
        table: path.table,
        sources: path.sources,
        note: words.note,
    }
}

/// A line as its description reads it: its label, and each point's day and value.
fn described(label: &str, points: &[Point]) -> (String, Vec<(String, f64)>) {
    let points = points
        .iter()
        .map(|p| (date_of(p.x).to_string(), p.y))
        .collect();
    (label.to_string(), points)
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

fn targets_of<'a>(inputs: &Inputs<'a>, metric: TargetMetric) -> impl Iterator<Item = &'a Target> {
    inputs
        .data
        .targets
        .iter()
        .filter(move |t| t.metric == metric)
}

/// A target's row of `metric`, which has one at most.
fn metric_value(inputs: &Inputs, metric: Metric, target: &str) -> Option<f64> {
    inputs.metrics.first(metric, target).map(|r| r.value)
}

/// What a target has counted by min(as-of, end), its periods counted pro rata
/// as its progress counts them, summed as they end.
struct Counted {
    /// The day progress and time are measured to (C), as in the metrics.
    day: Option<NaiveDate>,
    /// Each period's end and the running sum to it.
    sums: Vec<(NaiveDate, f64)>,
    /// The target's source and those of the periods counted.
    sources: BTreeSet<String>,
}

impl Counted {
    fn of(inputs: &Inputs, t: &Target) -> Counted {
        let until = inputs.metrics.as_of.map_or(t.end, |d| d.min(t.end));
        let counted = achieved(inputs.data, &inputs.metrics.fx, t, until);
        let day = counted.as_ref().map(|a| a.day);
        let parts = counted.map(|a| a.parts).unwrap_or_default();
        let mut sources = BTreeSet::from([t.source.clone()]);
        sources.extend(parts.iter().map(|(_, _, source)| source.to_string()));
        let sums = parts
            .iter()
            .scan(0.0, |sum, (end, value, _)| {
                *sum += value;
                Some((*end, *sum))
            })
            .collect();
        Counted { day, sums, sources }
    }

    /// The sums as a line, from nothing at the target's start.
    fn line(&self, t: &Target) -> Vec<Point> {
        let start = Point::new(day_number(t.start), 0.0, Mark::None);
        let sums = self
            .sums
            .iter()
            .map(|(end, sum)| Point::new(day_number(*end), *sum, Mark::Exact));
        std::iter::once(start).chain(sums).collect()
    }
}

/// A capex target's spending summed over time against the straight line
/// from nothing at its start to its value at its end.
fn pace_path(t: &Target, counted: Counted) -> GoalPath<'_> {
    let unit = Unit::Millions(t.currency);
    let straight = |day: NaiveDate| t.value * elapsed_pct(t, day).unwrap_or(0.0) / 100.0;
    let mut table = DataTable::with_units(&["date", "cumulative_actual", "straight_line"]);
    let zero = Cell::number(0.0, unit);
    table.push(vec![Cell::Date(t.start), zero.clone(), zero]);
    for (end, sum) in &counted.sums {
        let row = vec![
            Cell::Date(*end),
            Cell::number(*sum, unit),
            Cell::number(straight(*end), unit),
        ];
        table.push(row);
    }
    GoalPath {
        target: t,
        actual: counted.line(t),
        goal: vec![
            Point::new(day_number(t.start), 0.0, Mark::None),
            Point::new(day_number(t.end), t.value, Mark::None),
        ],
        table,
        sources: counted.sources,
    }
}

/// A quarter of the target's company and segment, its revenue converted into
/// the target's currency.
struct Quarter<'d> {
    end: NaiveDate,
    revenue: f64,
    source: &'d str,
}

/// The quarters a revenue target is measured on, in time order; those
/// without a rate are left out.
fn revenue_quarters<'d>(inputs: &Inputs<'d>, t: &Target) -> Vec<Quarter<'d>> {
    let segment = t.segment.as_deref().unwrap_or("total");
    let fx = &inputs.metrics.fx;
    let mut quarters: Vec<Quarter> = inputs
        .data
        .earnings
        .iter()
        .filter(|e| e.company == t.company && e.segment == segment)
        .filter_map(|e| {
            Some(Quarter {
                end: e.period_end,
                revenue: fx.convert(e.revenue, e.currency, t.currency, e.period_end)?,
                source: &e.source,
            })
        })
        .collect();
    quarters.sort_by_key(|q| q.end);
    quarters
}

/// A revenue target's path at the required growth (`cagr_pct` a year from
/// `baseline`) against what has happened.
fn required_path<'t>(
    inputs: &Inputs,
    t: &'t Target,
    (baseline, cagr_pct): (f64, f64),
    quarters: &[Quarter],
) -> GoalPath<'t> {
    let g = cagr_pct / 100.0;
    let (goal, actual, sources) = match t.kind {
        TargetKind::RunRate => {
            let as_of = inputs.metrics.as_of.unwrap_or(t.end);
            let (actual, sources) = trailing_fours(t, quarters, as_of);
            (run_rate_path(t, baseline, g), actual, sources)
        }
        TargetKind::Cumulative => {
            // The same periods, counted pro rata, as target_progress_pct.
            let counted = Counted::of(inputs, t);
            (
                cumulative_path(t, baseline, g),
                counted.line(t),
                counted.sources,
            )
        }
    };
    GoalPath {
        target: t,
        table: path_table(t, &goal, &actual),
        actual,
        goal,
        sources,
    }
}

/// A point a quarter from the baseline at the start to the end, growing at
/// `g` a year.
fn run_rate_path(t: &Target, baseline: f64, g: f64) -> Vec<Point> {
    let days = days_between(t.start, t.end);
    let steps = ((days as f64 / 365.25) * 4.0).ceil().max(1.0) as i64;
    (0..=steps)
        .map(|k| {
            let day = (t.start + chrono::Duration::days(days * k / steps)).min(t.end);
            let years_in = days_between(t.start, day) as f64 / 365.25;
            Point::new(
                day_number(day),
                baseline * (1.0 + g).powf(years_in),
                Mark::None,
            )
        })
        .collect()
}

/// The sum since the start, a point a year: each year's revenue the
/// baseline grown at `g` a year.
fn cumulative_path(t: &Target, baseline: f64, g: f64) -> Vec<Point> {
    let n = ((days_between(t.start, t.end) as f64 / 365.25) + 0.5).floor() as i32;
    let mut sum = 0.0;
    let mut path = vec![Point::new(day_number(t.start), 0.0, Mark::None)];
    for k in 1..=n {
        sum += baseline * (1.0 + g).powi(k);
        let day = t.start + chrono::Months::new(12 * k as u32);
        path.push(Point::new(day_number(day), sum, Mark::None));
    }
    path
}

/// The revenue of each four consecutive quarters to `as_of`, at the last's
/// end, with the target's source and theirs.
fn trailing_fours(
    t: &Target,
    quarters: &[Quarter],
    as_of: NaiveDate,
) -> (Vec<Point>, BTreeSet<String>) {
    let mut sources = BTreeSet::from([t.source.clone()]);
    let actual = quarters
        .windows(4)
        // Four consecutive quarters only: a missing quarter breaks the sum.
        .filter(|w| w[3].end <= as_of && days_between(w[0].end, w[3].end) <= 280)
        .map(|w| {
            sources.extend(w.iter().map(|q| q.source.to_string()));
            let sum = w.iter().map(|q| q.revenue).sum();
            Point::new(day_number(w[3].end), sum, Mark::Exact)
        })
        .collect();
    (actual, sources)
}

/// The required path's points, then the actual ones.
fn path_table(t: &Target, goal: &[Point], actual: &[Point]) -> DataTable {
    let unit = Unit::Millions(t.currency);
    let mut table = DataTable::with_units(&["date", "series", "value"]);
    for (series, points) in [("required path", goal), ("actual", actual)] {
        for p in points {
            table.push(vec![
                Cell::Date(date_of(p.x)),
                Cell::text(series),
                Cell::number(p.y, unit),
            ]);
        }
    }
    table
}
