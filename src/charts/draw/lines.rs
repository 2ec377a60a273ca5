//! Line figures: lines over time, gaps where data is missing, qualifier marks,
//! event markers (`markers.rs`), and direct labels at each line's end
//! (`end_labels.rs`).

use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::axes::{date_ticks, draw_frame, y_label_width, Chart2d, YAxis};
use super::end_labels::{self, gutter};
use super::figure::Layout;
use super::markers;
use super::parts::{date_of, Line, LineFigure, Tip, TipArea};
use super::pen::{draw_mark, err, style, Area};
use super::text::{self, Canvas};
use super::text_box::TextBox;
use super::theme::{self, AXIS, MUTED};
use crate::charts::prepare::{self, Mark, Point};
use crate::model::Unit;

/// The x label area under the plot.
const X_LABELS: i32 = 26;

/// The ranges a line figure is drawn over.
struct Frame {
    xlo: f64,
    xhi: f64,
    y: YAxis,
}

fn frame(fig: &LineFigure) -> Result<Frame, String> {
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
    let (lo, hi) = if fig.log_y {
        prepare::log_range(all_points().map(|p| p.y)).ok_or("no positive values for a log scale")?
    } else {
        // Counts and money from zero, so a rise of a sixth does not look like a leap;
        // percentages and ratios may sit where their values are.
        let from_zero = matches!(fig.unit, Unit::Count | Unit::Millions(_) | Unit::Money(_));
        prepare::linear_range(all_points().map(|p| p.y), from_zero).ok_or("no values to draw")?
    };
    Ok(Frame {
        xlo,
        xhi,
        y: YAxis {
            lo,
            hi,
            log: fig.log_y,
            unit: fig.unit,
        },
    })
}

/// Whether the end labels fit beside a plot in a body `body` pixels high.
pub(super) fn end_labels_fit(fig: &LineFigure, width: u32, body: i32) -> bool {
    end_labels::fit(fig, width, body - X_LABELS - 8 - markers::strip(fig))
}

pub(super) fn draw_lines<DB: Canvas>(
    root: &Area<DB>,
    layout: &Layout,
    fig: &LineFigure,
) -> Result<Vec<Tip>, String> {
    let Frame { xlo, xhi, y } = frame(fig)?;
    let labelled = !layout.lines_in_legend;
    let body = root.margin(
        layout.header,
        layout.footer,
        8,
        gutter(fig, layout.width, labelled),
    );
    let chart = ChartBuilder::on(&body)
        .x_label_area_size(X_LABELS)
        .y_label_area_size(y_label_width(&y))
        .margin_top(8 + markers::strip(fig))
        .build_cartesian_2d(xlo..xhi, y.lo..y.hi)
        .map_err(err)?;
    draw_frame(root, &chart, (xlo, xhi), &y)?;
    draw_date_axis(root, &chart, (xlo, xhi), y.lo, layout.width)?;
    let labels = if labelled {
        end_labels::place(&chart, fig, &y, layout.width)
    } else {
        Vec::new()
    };
    let boxes: Vec<TextBox> = labels.iter().flat_map(|l| l.boxes()).collect();
    let mut tips = markers::draw(root, &chart, fig, (xlo, xhi), &y, &boxes)?;
    for line in &fig.lines {
        draw_line(root, &chart, line, &y)?;
        line_tips(
            line,
            fig,
            &y,
            |x, v| chart.backend_coord(&(x, v)),
            &mut tips,
        );
    }
    for label in &labels {
        label.draw(root)?;
    }
    Ok(tips)
}

/// Date ticks under the plot: as many as fit, each label whole inside the
/// figure and clear of the one before.
fn draw_date_axis<DB: Canvas>(
    root: &Area<DB>,
    chart: &Chart2d<DB>,
    (xlo, xhi): (f64, f64),
    ylo: f64,
    width: u32,
) -> Result<(), String> {
    let tick_style = style(theme::LABEL_SIZE, &MUTED).pos(Pos::new(HPos::Center, VPos::Top));
    let (plot_x, _) = chart.plotting_area().get_pixel_range();
    // "Jan 2026" is the widest label; a gap of half its width between labels.
    let widest = text::width("Jan 2026", theme::LABEL_SIZE, false) * 1.5;
    let max_labels = (f64::from(plot_x.end - plot_x.start) / widest).clamp(2.0, 8.0) as usize;
    let mut last_right = f64::NEG_INFINITY;
    for (t, words) in date_ticks(xlo, xhi, max_labels) {
        let (px, py) = chart.backend_coord(&(t, ylo));
        let at = (px, py + 10);
        let b = TextBox::of(&words, at, theme::LABEL_SIZE, false, tick_style.pos);
        if b.left < 2.0 || b.right > f64::from(width) - 2.0 || b.left < last_right + 6.0 {
            continue;
        }
        last_right = b.right;
        root.draw(&PathElement::new(
            vec![(px, py), (px, py + 4)],
            AXIS.stroke_width(1),
        ))
        .map_err(err)?;
        text::draw(root, &words, at, &tick_style)?;
    }
    Ok(())
}

/// One line: its parts between gaps, solid or dashed, and its qualifier marks.
fn draw_line<DB: Canvas>(
    root: &Area<DB>,
    chart: &Chart2d<DB>,
    line: &Line,
    y: &YAxis,
) -> Result<(), String> {
    let points: Vec<Point> = line
        .points
        .iter()
        .filter_map(|p| y.to_plot(p.y).map(|v| Point::new(p.x, v, p.mark)))
        .collect();
    let stroke = line.color.stroke_width(if line.dashed { 2 } else { 3 });
    for part in prepare::split_gaps(&points, line.gap) {
        let pixels: Vec<(i32, i32)> = part
            .iter()
            .map(|p| chart.backend_coord(&(p.x, p.y)))
            .collect();
        if line.dashed {
            root.draw(&DashedPathElement::new(pixels, 6, 4, stroke))
                .map_err(err)?;
        } else {
            root.draw(&PathElement::new(pixels, stroke)).map_err(err)?;
        }
    }
    let few = points.len() <= 40;
    for p in &points {
        let mark = if p.mark == Mark::Exact && !few {
            Mark::None
        } else {
            p.mark
        };
        draw_mark(root, chart.backend_coord(&(p.x, p.y)), mark, &line.color)?;
    }
    Ok(())
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
            Mark::MoreThan => "more than ",
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
