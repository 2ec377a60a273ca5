//! Drawing a figure with plotters: a header (title, subtitle, legend), the plot,
//! and a source line, in the style of good data journalism: few gridlines, direct
//! labels at the end of lines, a zero line where values go negative.
//!
//! Two kinds of figure cover every chart: lines over time (or any x) and grouped
//! bars over categories. Both draw on any plotters backend, so the SVG and the
//! PNG are the same picture. The SVG then gets its accessible name and
//! description (`to_svg`).

use chrono::{Datelike, NaiveDate};
use plotters::coord::Shift;
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::prepare::{self, Mark, Point};
use super::theme::{self, AXIS, BACKGROUND, FONT, GRID, MUTED, TEXT, ZERO};

/// One line of a line figure.
#[derive(Clone, Debug)]
pub struct Line {
    pub label: String,
    pub color: RGBColor,
    pub points: Vec<Point>,
    pub dashed: bool,
    /// Consecutive points further apart than this are not joined (missing data).
    pub gap: f64,
}

/// A vertical marker on the x axis: an event or the as-of day.
#[derive(Clone, Debug)]
pub struct Marker {
    pub x: f64,
    pub label: String,
}

#[derive(Clone, Debug)]
pub struct LineFigure {
    pub lines: Vec<Line>,
    /// x values are days since 1970-01-01 (see `day_number`).
    pub log_y: bool,
    pub unit: String,
    pub markers: Vec<Marker>,
}

/// One series of a bar figure: a value (or none) per category.
#[derive(Clone, Debug)]
pub struct Bars {
    pub label: String,
    pub color: RGBColor,
    pub values: Vec<Option<f64>>,
}

#[derive(Clone, Debug)]
pub struct BarFigure {
    pub categories: Vec<String>,
    pub series: Vec<Bars>,
    pub unit: String,
}

#[derive(Clone, Debug)]
pub enum Plot {
    Lines(LineFigure),
    Bars(BarFigure),
}

#[derive(Clone, Debug)]
pub struct Figure {
    pub title: String,
    pub subtitle: String,
    pub source: String,
    pub plot: Plot,
}

/// Days since 1970-01-01: the x of time series.
pub fn day_number(date: NaiveDate) -> f64 {
    (date - NaiveDate::from_ymd_opt(1970, 1, 1).expect("epoch")).num_days() as f64
}

fn date_of(day: f64) -> NaiveDate {
    NaiveDate::from_ymd_opt(1970, 1, 1).expect("epoch") + chrono::Duration::days(day.round() as i64)
}

fn style(size: f64, color: &RGBColor) -> TextStyle<'static> {
    (FONT, size).into_font().color(color)
}

/// Bold text. Built with `FontDesc::new`: plotters' `FontDesc::style` changes the
/// style but keeps the regular face, so bold would be measured (and drawn in the
/// PNG) with the regular font and overflow where a browser draws it bold.
fn bold(size: f64, color: &RGBColor) -> TextStyle<'static> {
    FontDesc::new(FontFamily::Name(FONT), size, FontStyle::Bold).color(color)
}

fn err<E: std::fmt::Display>(e: E) -> String {
    e.to_string()
}

type Area<DB> = DrawingArea<DB, Shift>;

const LEFT: i32 = 16;
const FOOTER: i32 = 26;

impl Figure {
    /// Draws the whole figure on `root`.
    pub fn draw<DB: DrawingBackend>(&self, root: &Area<DB>) -> Result<(), String> {
        root.fill(&BACKGROUND).map_err(err)?;
        let legend = self.legend();
        let header = draw_header(root, &self.title, &self.subtitle, &legend)?;
        let (_, height) = root.dim_in_pixel();
        let (width, _) = root.dim_in_pixel();
        let source_font = style(theme::SMALL_SIZE, &MUTED);
        let source = wrap(root, &self.source, &source_font, width as i32 - 2 * LEFT, 1).join(" ");
        root.draw(&Text::new(
            source,
            (LEFT, height as i32 - 9),
            style(theme::SMALL_SIZE, &MUTED).pos(Pos::new(HPos::Left, VPos::Bottom)),
        ))
        .map_err(err)?;
        match &self.plot {
            Plot::Lines(lines) => draw_lines(root, header, lines),
            Plot::Bars(bars) => draw_bars(root, header, bars),
        }
    }

    /// Legend entries: bar series when there are several; the qualifier marks
    /// when a line figure uses them (lines are labelled directly).
    fn legend(&self) -> Vec<(LegendKey, String)> {
        match &self.plot {
            Plot::Bars(b) if b.series.len() > 1 => b
                .series
                .iter()
                .map(|s| (LegendKey::Swatch(s.color), theme::label(&s.label, 28)))
                .collect(),
            Plot::Bars(_) => Vec::new(),
            Plot::Lines(l) => {
                let marks: Vec<Mark> = l
                    .lines
                    .iter()
                    .flat_map(|s| s.points.iter().map(|p| p.mark))
                    .collect();
                let mut legend = Vec::new();
                if marks.contains(&Mark::AtLeast) {
                    legend.push((LegendKey::Mark(Mark::AtLeast), "at least".to_string()));
                }
                if marks.contains(&Mark::Approx) {
                    legend.push((LegendKey::Mark(Mark::Approx), "approximate".to_string()));
                }
                if l.lines.iter().any(|s| s.dashed) && l.lines.iter().any(|s| !s.dashed) {
                    let dashed = l.lines.iter().find(|s| s.dashed).expect("a dashed line");
                    legend.push((
                        LegendKey::Dash(dashed.color),
                        theme::label(&dashed.label, 28),
                    ));
                }
                legend
            }
        }
    }
}

enum LegendKey {
    Swatch(RGBColor),
    Mark(Mark),
    Dash(RGBColor),
}

/// Breaks `text` into at most `max_lines` lines that fit `room` pixels; the last
/// line is cut with an ellipsis if the text is longer still.
fn wrap<DB: DrawingBackend>(
    root: &Area<DB>,
    text: &str,
    font: &TextStyle,
    room: i32,
    max_lines: usize,
) -> Vec<String> {
    // Text from the data: control characters out before anything is measured or drawn.
    let text = theme::label(text, usize::MAX);
    let width = |t: &str| {
        root.estimate_text_size(t, font)
            .map(|(w, _)| w as i32)
            .unwrap_or(0)
    };
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    for word in text.split_whitespace() {
        let candidate = if current.is_empty() {
            word.to_string()
        } else {
            format!("{current} {word}")
        };
        if width(&candidate) <= room || current.is_empty() {
            current = candidate;
        } else {
            lines.push(std::mem::replace(&mut current, word.to_string()));
        }
    }
    if !current.is_empty() {
        lines.push(current);
    }
    if lines.len() > max_lines {
        let rest = lines.split_off(max_lines - 1).join(" ");
        lines.push(rest);
    }
    for line in &mut lines {
        // A single word wider than the room, or the joined rest: cut to fit.
        let mut keep = line.chars().count();
        while keep > 3 && width(line) > room {
            keep -= 1;
            *line = theme::label(line, keep);
        }
    }
    lines
}

/// Title, subtitle and legend, each wrapping as the width requires; returns the
/// height they take.
fn draw_header<DB: DrawingBackend>(
    root: &Area<DB>,
    title: &str,
    subtitle: &str,
    legend: &[(LegendKey, String)],
) -> Result<i32, String> {
    let (width, _) = root.dim_in_pixel();
    let room = width as i32 - 2 * LEFT;
    let mut y = 12;
    let title_font = bold(theme::TITLE_SIZE, &TEXT);
    for line in wrap(root, title, &title_font, room, 3) {
        root.draw(&Text::new(line, (LEFT, y), title_font.clone()))
            .map_err(err)?;
        y += 27;
    }
    y += 2;
    let subtitle_font = style(theme::SUBTITLE_SIZE, &MUTED);
    for line in wrap(root, subtitle, &subtitle_font, room, 3) {
        root.draw(&Text::new(line, (LEFT, y), subtitle_font.clone()))
            .map_err(err)?;
        y += 19;
    }
    if legend.is_empty() {
        return Ok(y + 8);
    }
    y += 6;
    let mut x = LEFT;
    let text_style = style(theme::LABEL_SIZE, &TEXT);
    for (key, text) in legend {
        let w = root
            .estimate_text_size(text, &text_style)
            .map(|(w, _)| w as i32)
            .unwrap_or(60);
        if x > LEFT && x + 17 + w > width as i32 - LEFT {
            x = LEFT;
            y += 20;
        }
        match key {
            LegendKey::Swatch(color) => {
                root.draw(&Rectangle::new([(x, y), (x + 11, y + 11)], color.filled()))
                    .map_err(err)?;
            }
            LegendKey::Mark(mark) => draw_mark(root, (x + 5, y + 6), *mark, &TEXT)?,
            LegendKey::Dash(color) => {
                root.draw(&DashedPathElement::new(
                    vec![(x, y + 6), (x + 14, y + 6)],
                    4,
                    3,
                    color.stroke_width(2),
                ))
                .map_err(err)?;
            }
        }
        root.draw(&Text::new(text.clone(), (x + 17, y), text_style.clone()))
            .map_err(err)?;
        x += 17 + w + 16;
    }
    Ok(y + 24)
}

fn draw_mark<DB: DrawingBackend>(
    area: &Area<DB>,
    at: (i32, i32),
    mark: Mark,
    color: &RGBColor,
) -> Result<(), String> {
    match mark {
        Mark::None => Ok(()),
        Mark::Exact => area.draw(&Circle::new(at, 3, color.filled())).map_err(err),
        Mark::AtLeast => area
            .draw(&TriangleMarker::new(at, 6, color.filled()))
            .map_err(err),
        Mark::Approx => area
            .draw(&Circle::new(at, 4, color.stroke_width(2)))
            .map_err(err),
    }
}

/// The y axis: linear, or log10 values with labels of the real values.
struct YAxis {
    lo: f64,
    hi: f64,
    log: bool,
    unit: String,
}

impl YAxis {
    fn to_plot(&self, v: f64) -> Option<f64> {
        if self.log {
            (v > 0.0).then(|| v.log10())
        } else {
            Some(v)
        }
    }

    fn ticks(&self) -> Vec<(f64, String)> {
        if self.log {
            let decades = (self.lo.floor() as i32)..=(self.hi.ceil() as i32);
            let few = self.hi - self.lo < 2.5;
            decades
                .flat_map(|k| {
                    let steps: &[f64] = if few { &[1.0, 2.0, 5.0] } else { &[1.0] };
                    steps
                        .iter()
                        .map(move |m| m * 10f64.powi(k))
                        .collect::<Vec<_>>()
                })
                .map(|v| (v.log10(), v))
                .filter(|(t, _)| *t >= self.lo && *t <= self.hi)
                .map(|(t, v)| (t, axis_label(v, &self.unit)))
                .collect()
        } else {
            prepare::ticks(self.lo, self.hi, 5)
                .into_iter()
                .filter(|t| self.unit != "count" || t.fract() == 0.0)
                .map(|t| (t, axis_label(t, &self.unit)))
                .collect()
        }
    }
}

/// A compact tick label in the figure's unit.
fn axis_label(value: f64, unit: &str) -> String {
    if value == 0.0 {
        return "0".into();
    }
    let text = crate::format::by_unit(value, unit);
    // Axis ticks are round: drop a trailing ".0" of the compact forms.
    text.replace(".0B", "B")
        .replace(".0M", "M")
        .replace(".0%", "%")
        .replace(".00x", "x")
}

/// Gridlines and y labels, x axis line; returns nothing but draws on `root`.
fn draw_frame<DB: DrawingBackend>(
    root: &Area<DB>,
    chart: &ChartContext<
        DB,
        Cartesian2d<plotters::coord::types::RangedCoordf64, plotters::coord::types::RangedCoordf64>,
    >,
    x: (f64, f64),
    y: &YAxis,
) -> Result<(), String> {
    let label_style = style(theme::LABEL_SIZE, &MUTED).pos(Pos::new(HPos::Right, VPos::Center));
    for (t, text) in y.ticks() {
        let (x0, py) = chart.backend_coord(&(x.0, t));
        let (x1, _) = chart.backend_coord(&(x.1, t));
        root.draw(&PathElement::new(
            vec![(x0, py), (x1, py)],
            GRID.stroke_width(1),
        ))
        .map_err(err)?;
        root.draw(&Text::new(text, (x0 - 6, py), label_style.clone()))
            .map_err(err)?;
    }
    if !y.log && y.lo < 0.0 && y.hi > 0.0 {
        let (x0, py) = chart.backend_coord(&(x.0, 0.0));
        let (x1, _) = chart.backend_coord(&(x.1, 0.0));
        root.draw(&PathElement::new(
            vec![(x0, py), (x1, py)],
            ZERO.stroke_width(1),
        ))
        .map_err(err)?;
    }
    let (x0, py) = chart.backend_coord(&(x.0, y.lo));
    let (x1, _) = chart.backend_coord(&(x.1, y.lo));
    root.draw(&PathElement::new(
        vec![(x0, py), (x1, py)],
        AXIS.stroke_width(1),
    ))
    .map_err(err)?;
    Ok(())
}

/// Tick days for a date axis: year starts, quarter starts or month starts,
/// whichever gives a handful of labels.
fn date_ticks(lo: f64, hi: f64, max_labels: usize) -> Vec<(f64, String)> {
    let (start, end) = (date_of(lo), date_of(hi));
    let months_between = |step: u32| -> Vec<NaiveDate> {
        let mut out = Vec::new();
        let mut d = NaiveDate::from_ymd_opt(start.year(), 1, 1).expect("January 1st");
        while d <= end {
            if d >= start {
                out.push(d);
            }
            d = d + chrono::Months::new(step);
        }
        out
    };
    if days_between_f(lo, hi) < 62.0 {
        // Too short for month starts: label the first and last day.
        let day = |d: NaiveDate| (day_number(d), d.format("%-d %b %Y").to_string());
        let first = start.succ_opt().unwrap_or(start);
        let last = end.pred_opt().unwrap_or(end);
        return if first < last {
            vec![day(first), day(last)]
        } else {
            vec![day(first)]
        };
    }
    for step in [1u32, 3, 6, 12, 24, 60] {
        let days = months_between(step);
        if days.len() <= max_labels.max(2) {
            return days
                .into_iter()
                .map(|d| {
                    let text = if step >= 12 {
                        d.year().to_string()
                    } else if d.month() == 1 {
                        format!("Jan {}", d.year())
                    } else {
                        d.format("%b").to_string()
                    };
                    (day_number(d), text)
                })
                .collect();
        }
    }
    Vec::new()
}

fn days_between_f(lo: f64, hi: f64) -> f64 {
    hi - lo
}

fn draw_lines<DB: DrawingBackend>(
    root: &Area<DB>,
    header: i32,
    fig: &LineFigure,
) -> Result<(), String> {
    let y_axis_log = fig.log_y;
    let all_points = || fig.lines.iter().flat_map(|l| l.points.iter());
    let (xlo, xhi) =
        prepare::linear_range(all_points().map(|p| p.x), false).ok_or("no points to draw")?;
    // A time axis spans at least a month, so a single day still reads as a date.
    let (xlo, xhi) = if xhi - xlo < 30.0 {
        let mid = (xlo + xhi) / 2.0;
        (mid - 15.0, mid + 15.0)
    } else {
        (xlo, xhi)
    };
    let (ylo, yhi) = if y_axis_log {
        prepare::log_range(all_points().map(|p| p.y)).ok_or("no positive values for a log scale")?
    } else {
        prepare::linear_range(all_points().map(|p| p.y), false).ok_or("no values to draw")?
    };
    let y = YAxis {
        lo: ylo,
        hi: yhi,
        log: y_axis_log,
        unit: fig.unit.clone(),
    };
    let body = root.margin(header, FOOTER, 8, 128);
    let chart = ChartBuilder::on(&body)
        .x_label_area_size(24)
        .y_label_area_size(64)
        .margin_top(8)
        .build_cartesian_2d(xlo..xhi, ylo..yhi)
        .map_err(err)?;
    draw_frame(root, &chart, (xlo, xhi), &y)?;
    let tick_style = style(theme::LABEL_SIZE, &MUTED).pos(Pos::new(HPos::Center, VPos::Top));
    let (plot_x, _) = chart.plotting_area().get_pixel_range();
    // About 64 pixels per date label ("Jan 2026" is the longest).
    let max_labels = ((plot_x.end - plot_x.start) / 64).clamp(2, 8) as usize;
    for (t, text) in date_ticks(xlo, xhi, max_labels) {
        let (px, py) = chart.backend_coord(&(t, ylo));
        root.draw(&PathElement::new(
            vec![(px, py), (px, py + 4)],
            AXIS.stroke_width(1),
        ))
        .map_err(err)?;
        root.draw(&Text::new(text, (px, py + 7), tick_style.clone()))
            .map_err(err)?;
    }
    // Event markers: a thin dashed line and a number; the numbers are explained
    // in the description and the table beside the chart.
    // Labels that would touch step down a row, so every number stays legible.
    let mut rows_end: Vec<i32> = Vec::new();
    for (i, marker) in fig.markers.iter().enumerate() {
        if marker.x < xlo || marker.x > xhi {
            continue;
        }
        let (px, top) = chart.backend_coord(&(marker.x, yhi));
        let (_, bottom) = chart.backend_coord(&(marker.x, ylo));
        let text = if marker.label.chars().count() <= 8 {
            marker.label.clone()
        } else {
            (i + 1).to_string()
        };
        let half = 4 * text.chars().count() as i32 + 3;
        let row = match rows_end.iter().position(|end| px - half > *end) {
            Some(row) => row,
            None if rows_end.len() < 3 => {
                rows_end.push(i32::MIN);
                rows_end.len() - 1
            }
            None => rows_end.len() - 1,
        };
        rows_end[row] = px + half;
        let label_top = top - 6 + 12 * row as i32;
        root.draw(&DashedPathElement::new(
            vec![(px, label_top + 13), (px, bottom)],
            3,
            3,
            AXIS.stroke_width(1),
        ))
        .map_err(err)?;
        let number_style = style(theme::SMALL_SIZE, &MUTED).pos(Pos::new(HPos::Center, VPos::Top));
        root.draw(&Text::new(text, (px, label_top), number_style))
            .map_err(err)?;
    }
    let mut end_labels = Vec::new();
    for line in &fig.lines {
        let points: Vec<(f64, f64, Mark)> = line
            .points
            .iter()
            .filter_map(|p| y.to_plot(p.y).map(|v| (p.x, v, p.mark)))
            .collect();
        let as_points: Vec<Point> = points
            .iter()
            .map(|&(x, v, m)| Point::new(x, v, m))
            .collect();
        let stroke = line.color.stroke_width(if line.dashed { 2 } else { 3 });
        for part in prepare::split_gaps(&as_points, line.gap) {
            let coords: Vec<(f64, f64)> = part.iter().map(|p| (p.x, p.y)).collect();
            if line.dashed {
                let pixels: Vec<(i32, i32)> =
                    coords.iter().map(|c| chart.backend_coord(c)).collect();
                root.draw(&DashedPathElement::new(pixels, 6, 4, stroke))
                    .map_err(err)?;
            } else {
                root.draw(&PathElement::new(
                    coords
                        .iter()
                        .map(|c| chart.backend_coord(c))
                        .collect::<Vec<_>>(),
                    stroke,
                ))
                .map_err(err)?;
            }
        }
        let few = points.len() <= 40;
        for &(x, v, mark) in &points {
            let mark = if mark == Mark::Exact && !few {
                Mark::None
            } else {
                mark
            };
            draw_mark(root, chart.backend_coord(&(x, v)), mark, &line.color)?;
        }
        if let Some(&(x, v, _)) = points.last() {
            end_labels.push((chart.backend_coord(&(x, v)), line));
        }
    }
    draw_end_labels(root, &chart, &y, end_labels)
}

/// Direct labels beside each line's last point, with its last value: no legend
/// to look up. Labels are nudged apart vertically so they never overlap.
fn draw_end_labels<DB: DrawingBackend>(
    root: &Area<DB>,
    chart: &ChartContext<
        DB,
        Cartesian2d<plotters::coord::types::RangedCoordf64, plotters::coord::types::RangedCoordf64>,
    >,
    y: &YAxis,
    mut labels: Vec<((i32, i32), &Line)>,
) -> Result<(), String> {
    const GAP: i32 = 17;
    labels.sort_by_key(|((_, py), _)| *py);
    let mut placed: Vec<i32> = Vec::new();
    for ((_, py), _) in &labels {
        let at = placed.last().map_or(*py, |prev| (*py).max(prev + GAP));
        placed.push(at);
    }
    // Labels pushed below the plot move back up, each no closer than GAP to the
    // one below it: only the crowded cluster at the bottom moves.
    let (_, plot_y) = chart.plotting_area().get_pixel_range();
    let mut floor = plot_y.end + 6;
    for p in placed.iter_mut().rev() {
        if *p > floor {
            *p = floor;
        }
        floor = *p - GAP;
    }
    for (((px, _), line), at) in labels.iter().zip(placed) {
        let value = line
            .points
            .last()
            .map(|p| crate::format::by_unit(p.y, &y.unit))
            .unwrap_or_default();
        let text = format!("{} {}", theme::label(&line.label, 18), value);
        root.draw(&Text::new(
            text,
            (*px + 8, at),
            bold(theme::SMALL_SIZE, &line.color).pos(Pos::new(HPos::Left, VPos::Center)),
        ))
        .map_err(err)?;
    }
    Ok(())
}

fn draw_bars<DB: DrawingBackend>(
    root: &Area<DB>,
    header: i32,
    fig: &BarFigure,
) -> Result<(), String> {
    let n = fig.categories.len();
    if n == 0 || fig.series.is_empty() {
        return Err("no bars to draw".into());
    }
    let values = fig
        .series
        .iter()
        .flat_map(|s| s.values.iter().flatten().copied());
    let (ylo, yhi) = prepare::linear_range(values, true).ok_or("no values to draw")?;
    let y = YAxis {
        lo: ylo,
        hi: yhi,
        log: false,
        unit: fig.unit.clone(),
    };
    let (xlo, xhi) = (-0.5, n as f64 - 0.5);
    let body = root.margin(header, FOOTER, 8, 16);
    let chart = ChartBuilder::on(&body)
        .x_label_area_size(40)
        .y_label_area_size(64)
        .margin_top(14)
        .build_cartesian_2d(xlo..xhi, ylo..yhi)
        .map_err(err)?;
    draw_frame(root, &chart, (xlo, xhi), &y)?;
    let groups = fig.series.len() as f64;
    let slot = 0.8 / groups;
    let (px0, _) = chart.backend_coord(&(0.0, 0.0));
    let (px1, _) = chart.backend_coord(&(1.0, 0.0));
    let category_px = (px1 - px0).max(1);
    let bar_px = (f64::from(category_px) * slot) as i32;
    let show_values = bar_px >= 22 && n * fig.series.len() <= 40;
    let value_style = style(theme::SMALL_SIZE, &TEXT);
    for (g, series) in fig.series.iter().enumerate() {
        for (i, value) in series.values.iter().enumerate() {
            let Some(v) = value.filter(|v| v.is_finite()) else {
                continue;
            };
            let left = i as f64 - 0.4 + slot * g as f64;
            let right = left + slot * 0.92;
            let top_left = chart.backend_coord(&(left, v.max(0.0)));
            let bottom_right = chart.backend_coord(&(right, v.min(0.0)));
            root.draw(&Rectangle::new(
                [top_left, bottom_right],
                series.color.filled(),
            ))
            .map_err(err)?;
            if show_values {
                let cx = (top_left.0 + bottom_right.0) / 2;
                let (anchor, py) = if v >= 0.0 {
                    (VPos::Bottom, top_left.1 - 3)
                } else {
                    (VPos::Top, bottom_right.1 + 3)
                };
                root.draw(&Text::new(
                    crate::format::by_unit(v, &fig.unit),
                    (cx, py),
                    value_style.clone().pos(Pos::new(HPos::Center, anchor)),
                ))
                .map_err(err)?;
            }
        }
    }
    // Category labels: every one, cut to its slot; when they are long for their
    // slots they alternate between two rows, which doubles the room each has.
    let tick_style = style(theme::LABEL_SIZE, &TEXT).pos(Pos::new(HPos::Center, VPos::Top));
    let longest = fig
        .categories
        .iter()
        .map(|c| c.chars().count())
        .max()
        .unwrap_or(0) as i32;
    let two_rows = longest * 7 > category_px && n > 1;
    let max_chars = ((category_px * if two_rows { 2 } else { 1 }) / 7 - 1).max(3) as usize;
    for (i, category) in fig.categories.iter().enumerate() {
        let (px, py) = chart.backend_coord(&(i as f64, ylo));
        let row = if two_rows { (i % 2) as i32 } else { 0 };
        root.draw(&Text::new(
            theme::label(category, max_chars),
            (px, py + 6 + 16 * row),
            tick_style.clone(),
        ))
        .map_err(err)?;
    }
    Ok(())
}

/// The figure as an accessible SVG: `role="img"`, a `<title>` and `<desc>` that
/// `aria-labelledby` points at (ids prefixed by the chart's name, so several
/// charts can share a page), and a `viewBox` so it scales to its container.
pub fn to_svg(figure: &Figure, name: &str, description: &str) -> Result<String, String> {
    to_svg_sized(figure, name, description, (theme::WIDTH, theme::HEIGHT))
}

/// The figure drawn for a narrow screen: the same content laid out for its width.
pub fn to_narrow_svg(figure: &Figure, name: &str, description: &str) -> Result<String, String> {
    let size = (theme::NARROW_WIDTH, theme::NARROW_HEIGHT);
    to_svg_sized(figure, &format!("{name}-narrow"), description, size)
}

fn to_svg_sized(
    figure: &Figure,
    name: &str,
    description: &str,
    (width, height): (u32, u32),
) -> Result<String, String> {
    theme::register_fonts();
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        figure.draw(&root)?;
        root.present().map_err(err)?;
    }
    let plotters_root = format!(
        "<svg width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" xmlns=\"http://www.w3.org/2000/svg\">\n"
    );
    let body = svg
        .strip_prefix(&plotters_root)
        .ok_or("unexpected SVG root from plotters")?;
    let body = restore_font_sizes(body);
    let id = xml_escape(name);
    Ok(format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" \
         role=\"img\" aria-labelledby=\"{id}-title {id}-desc\">\n\
         <title id=\"{id}-title\">{title}</title>\n<desc id=\"{id}-desc\">{desc}</desc>\n{body}",
        w = width,
        h = height,
        title = xml_escape(&theme::label(&figure.title, 300)),
        desc = xml_escape(&theme::label(description, 4000)),
    ))
}

/// The text sizes of the SVG as the layout measured them. plotters' ab_glyph
/// backend treats a font size as the glyph height, ascent to descent, which for
/// DejaVu Sans (ascender 1901, descender 483, 2048 units per em) is 1.164 em;
/// its SVG backend writes `size / 1.24`. The em size a browser needs to draw the
/// text as wide as it was measured is `size / 1.164`, so each written size is
/// scaled by 1.24 / 1.164. The font list names DejaVu Sans first: where a browser
/// lacks it, the usual fallbacks are narrower, never wider.
fn restore_font_sizes(body: &str) -> String {
    const ATTRIBUTE: &str = "font-size=\"";
    const PLOTTERS_DIVISOR: f64 = 1.24;
    const DEJAVU_HEIGHT_EM: f64 = (1901.0 + 483.0) / 2048.0;
    let body = body.replace(
        "font-family=\"sans-serif\"",
        "font-family=\"DejaVu Sans, sans-serif\"",
    );
    let mut out = String::with_capacity(body.len());
    let mut rest = body.as_str();
    while let Some(at) = rest.find(ATTRIBUTE) {
        let (before, after) = rest.split_at(at + ATTRIBUTE.len());
        out.push_str(before);
        let end = after.find('"').unwrap_or(after.len());
        match after[..end].parse::<f64>() {
            Ok(size) => out.push_str(&format!(
                "{:.1}",
                size * PLOTTERS_DIVISOR / DEJAVU_HEIGHT_EM
            )),
            Err(_) => out.push_str(&after[..end]),
        }
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

/// The figure as a PNG file, drawn with the same bundled font.
pub fn write_png(figure: &Figure, path: &std::path::Path) -> Result<(), String> {
    theme::register_fonts();
    let root = BitMapBackend::new(path, (theme::WIDTH, theme::HEIGHT)).into_drawing_area();
    figure.draw(&root)?;
    root.present().map_err(err)
}

/// Escapes text for XML content and attributes.
pub fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(label: &str, points: &[(f64, f64)]) -> Line {
        Line {
            label: label.into(),
            color: theme::WESTERN,
            points: points
                .iter()
                .map(|&(x, y)| Point::new(x, y, Mark::Exact))
                .collect(),
            dashed: false,
            gap: f64::INFINITY,
        }
    }

    fn lines_figure(lines: Vec<Line>, log_y: bool) -> Figure {
        Figure {
            title: "Title".into(),
            subtitle: "Subtitle".into(),
            source: "Source: test".into(),
            plot: Plot::Lines(LineFigure {
                lines,
                log_y,
                unit: "count".into(),
                markers: Vec::new(),
            }),
        }
    }

    fn bars_figure(categories: &[&str], values: &[Option<f64>]) -> Figure {
        Figure {
            title: "Bars".into(),
            subtitle: "Subtitle".into(),
            source: "Source: test".into(),
            plot: Plot::Bars(BarFigure {
                categories: categories.iter().map(|c| c.to_string()).collect(),
                series: vec![Bars {
                    label: "s".into(),
                    color: theme::CHINA,
                    values: values.to_vec(),
                }],
                unit: "%".into(),
            }),
        }
    }

    /// Parses the SVG as XML and returns it; panics if it is malformed.
    fn well_formed(svg: &str) -> roxmltree::Document<'_> {
        roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("malformed SVG: {e}"))
    }

    #[test]
    fn an_empty_figure_is_an_error_not_a_hang() {
        assert!(to_svg(&lines_figure(Vec::new(), false), "x", "d").is_err());
        assert!(to_svg(&lines_figure(vec![line("a", &[])], false), "x", "d").is_err());
        assert!(to_svg(&bars_figure(&[], &[]), "x", "d").is_err());
        assert!(to_svg(&bars_figure(&["a"], &[None]), "x", "d").is_err());
    }

    #[test]
    fn non_finite_values_never_reach_the_plot() {
        let figure = lines_figure(
            vec![line("a", &[(0.0, f64::NAN), (1.0, f64::INFINITY)])],
            false,
        );
        assert!(
            to_svg(&figure, "x", "d").is_err(),
            "nothing finite is left to draw"
        );
        let figure = lines_figure(
            vec![line("a", &[(0.0, 1.0), (1.0, f64::NAN), (2.0, 3.0)])],
            false,
        );
        let svg = to_svg(&figure, "x", "d").unwrap();
        assert!(!svg.contains("NaN") && !svg.contains("inf"));
        well_formed(&svg);
    }

    #[test]
    fn one_point_and_flat_series_draw() {
        for points in [
            vec![(19_000.0, 5.0)],
            vec![(19_000.0, 7.0), (19_100.0, 7.0), (19_200.0, 7.0)],
        ] {
            let svg = to_svg(
                &lines_figure(vec![line("flat", &points)], false),
                "flat",
                "d",
            )
            .unwrap();
            well_formed(&svg);
        }
        well_formed(
            &to_svg(
                &bars_figure(&["a", "b"], &[Some(0.0), Some(0.0)]),
                "zero",
                "d",
            )
            .unwrap(),
        );
    }

    #[test]
    fn negative_values_get_a_zero_line() {
        let svg = to_svg(
            &bars_figure(&["q1", "q2"], &[Some(2.0), Some(-1.5)]),
            "neg",
            "d",
        )
        .unwrap();
        well_formed(&svg);
        assert!(
            svg.contains(&format!(
                "stroke=\"#{:02X}{:02X}{:02X}\"",
                ZERO.0, ZERO.1, ZERO.2
            )),
            "zero line drawn"
        );
    }

    #[test]
    fn log_scale_draws_positive_values_only() {
        let figure = lines_figure(
            vec![line(
                "a",
                &[(19_000.0, 0.0), (19_010.0, 10.0), (19_020.0, 1e6)],
            )],
            true,
        );
        well_formed(&to_svg(&figure, "log", "d").unwrap());
    }

    #[test]
    fn hostile_text_is_escaped_and_cut() {
        let hostile = "<script>alert('x')</script> & \"quotes\"\u{0}\u{1b}[31m";
        let mut figure = bars_figure(&[hostile, "字节跳动 豆包 Ünïcödé"], &[Some(1.0), Some(2.0)]);
        figure.title = format!("{hostile}{}", "long ".repeat(100));
        if let Plot::Bars(b) = &mut figure.plot {
            b.series[0].label = hostile.into();
        }
        let svg = to_svg(&figure, "hostile", hostile).unwrap();
        let doc = well_formed(&svg);
        assert!(!svg.contains("<script"), "no raw markup from the data");
        assert!(
            !svg.chars().any(|c| c.is_control() && c != '\n'),
            "no control characters"
        );
        let title = doc.descendants().find(|n| n.has_tag_name("title")).unwrap();
        assert!(
            title
                .text()
                .unwrap()
                .starts_with("<script>alert('x')</script>"),
            "escaped, not dropped"
        );
        assert!(title.text().unwrap().ends_with('…'));
        let desc = doc.descendants().find(|n| n.has_tag_name("desc")).unwrap();
        assert!(desc.text().unwrap().contains("\"quotes\""));
    }

    #[test]
    fn the_svg_is_accessible_and_scales() {
        let svg = to_svg(
            &bars_figure(&["a"], &[Some(1.0)]),
            "my_chart",
            "One bar of 1%.",
        )
        .unwrap();
        let doc = well_formed(&svg);
        let root = doc.root_element();
        assert_eq!(root.attribute("role"), Some("img"));
        assert_eq!(
            root.attribute("aria-labelledby"),
            Some("my_chart-title my_chart-desc")
        );
        assert_eq!(root.attribute("viewBox"), Some("0 0 720 420"));
        let desc = doc
            .descendants()
            .find(|n| n.attribute("id") == Some("my_chart-desc"))
            .unwrap();
        assert_eq!(desc.text(), Some("One bar of 1%."));
    }

    #[test]
    fn svg_text_keeps_the_laid_out_size() {
        // plotters writes 22 / 1.24 for a 22-pixel-high DejaVu glyph box, whose em
        // is 22 / 1.1640625 = 18.9 px.
        assert_eq!(
            restore_font_sizes(
                r#"<text font-family="sans-serif" font-size="17.741935483870968">T</text>"#
            ),
            r#"<text font-family="DejaVu Sans, sans-serif" font-size="18.9">T</text>"#
        );
        let svg = to_svg(&bars_figure(&["a"], &[Some(1.0)]), "s", "d").unwrap();
        assert!(svg.contains("font-size=\"18.9\""), "the title at 18.9 px");
        assert!(!svg.contains("font-family=\"sans-serif\""));
    }

    #[test]
    fn bold_text_is_measured_with_the_bold_face() {
        theme::register_fonts();
        let mut svg = String::new();
        let root = SVGBackend::with_string(&mut svg, (720, 420)).into_drawing_area();
        let text = "Operating margin fell from 18.1% to -0.3%";
        let width = |font: &TextStyle| root.estimate_text_size(text, font).unwrap().0;
        assert!(width(&bold(22.0, &TEXT)) > width(&style(22.0, &TEXT)) + 20);
    }

    #[test]
    fn drawing_is_deterministic() {
        let figure = lines_figure(vec![line("a", &[(19_000.0, 1.0), (19_100.0, 2.5)])], false);
        assert_eq!(
            to_svg(&figure, "d", "x").unwrap(),
            to_svg(&figure, "d", "x").unwrap()
        );
    }

    #[test]
    fn png_uses_the_bundled_font() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.png");
        write_png(
            &bars_figure(&["字节跳动", "b"], &[Some(1.0), Some(-2.0)]),
            &path,
        )
        .unwrap();
        let bytes = std::fs::read(&path).unwrap();
        assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
    }
}
