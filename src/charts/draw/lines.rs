//! Line figures: lines over time, gaps where data is missing, qualifier marks,
//! event markers, and direct labels at each line's end.

use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::axes::{date_ticks, draw_frame, YAxis};
use super::parts::{date_of, Line, LineFigure, Tip, TipArea};
use super::pen::{bold, draw_mark, err, style, Area, FOOTER};
use super::theme::{self, AXIS, MUTED};
use crate::charts::prepare::{self, Mark, Point};

pub(super) fn draw_lines<DB: DrawingBackend>(
    root: &Area<DB>,
    header: i32,
    fig: &LineFigure,
) -> Result<Vec<Tip>, String> {
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
        unit: fig.unit,
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
    let mut tips = Vec::new();
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
        // A strip 10 pixels wide along the marker, from its number down.
        tips.push(Tip {
            area: TipArea::Rect {
                left: px - 5,
                top: label_top,
                right: px + 5,
                bottom,
            },
            text: marker.tip.clone(),
        });
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
        line_tips(
            line,
            fig,
            &y,
            |x, v| chart.backend_coord(&(x, v)),
            &mut tips,
        );
    }
    draw_end_labels(root, &chart, &y, end_labels)?;
    Ok(tips)
}

/// The tips of a line's points: its name, the point's date and value, as the
/// chart's table writes them, with the data's qualifier in words. A point
/// closer than `SPACING` pixels to the last one with a tip has none: it could
/// not be pointed at apart from it, and a long series stays small.
fn line_tips(
    line: &Line,
    fig: &LineFigure,
    y: &YAxis,
    pixel: impl Fn(f64, f64) -> (i32, i32),
    tips: &mut Vec<Tip>,
) {
    const SPACING: i32 = 6;
    let mut last_x = None;
    for point in &line.points {
        let Some(v) = y
            .to_plot(point.y)
            .filter(|v| v.is_finite() && point.x.is_finite())
        else {
            continue;
        };
        let (px, py) = pixel(point.x, v);
        if last_x.is_some_and(|last| px - last < SPACING) {
            continue;
        }
        last_x = Some(px);
        let qualifier = match point.mark {
            Mark::AtLeast => "at least ",
            Mark::Approx => "about ",
            Mark::Exact | Mark::None => "",
        };
        tips.push(Tip {
            area: TipArea::Dot { x: px, y: py },
            text: format!(
                "{}, {}: {qualifier}{}",
                line.label,
                date_of(point.x),
                crate::format::in_unit(point.y, fig.unit)
            ),
        });
    }
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
            .map(|p| crate::format::in_unit(p.y, y.unit))
            .unwrap_or_default();
        let text = format!("{} {}", theme::label(&line.label, 18), value);
        root.draw(&Text::new(
            text,
            (*px + 8, at),
            bold(theme::SMALL_SIZE, &theme::ink(line.color))
                .pos(Pos::new(HPos::Left, VPos::Center)),
        ))
        .map_err(err)?;
    }
    Ok(())
}
