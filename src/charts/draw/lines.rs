//! Line figures: lines over time, gaps where data is missing, qualifier marks,
//! event markers, and direct labels at each line's end.
//!
//! End labels are placed as a chart desk places them (ggrepel, Datawrapper):
//! measured with the page's fonts, wrapped to the room beside the plot, sorted
//! by height and pushed apart by their heights, with a short leader line to
//! their point when moved. When even that cannot fit them, the legend names
//! the lines instead (`figure.rs`). Event markers share a strip above the plot;
//! numbers that would touch are merged ("4–5").

use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::axes::{date_ticks, draw_frame, y_label_width, Chart2d, YAxis};
use super::figure::{line_step, Layout};
use super::markers::{cluster, Cluster};
use super::parts::{date_of, Line, LineFigure, Tip, TipArea};
use super::pen::{bold, draw_mark, err, style, Area};
use super::text::{self, Canvas, TextBox};
use super::theme::{self, AXIS, MUTED};
use crate::charts::prepare::{self, Mark, Point};

/// The x label area under the plot.
const X_LABELS: i32 = 26;
/// From a line's last point to its label.
const LABEL_GAP: i32 = 10;
/// Between two stacked end labels.
const LABEL_SPACE: f64 = 3.0;

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
        prepare::linear_range(all_points().map(|p| p.y), false).ok_or("no values to draw")?
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

/// The words of a line's end label: its name and last value.
fn end_text(line: &Line, fig: &LineFigure) -> String {
    let value = line
        .points
        .last()
        .map_or_else(String::new, |p| crate::format::in_unit(p.y, fig.unit));
    format!("{} {value}", theme::clean(&line.label))
}

/// The room kept right of the plot for end labels: the widest label on one
/// line, up to a share of the width (longer labels wrap).
fn gutter(fig: &LineFigure, width: u32, labelled: bool) -> i32 {
    let least = 28.0;
    if !labelled {
        return least as i32;
    }
    let share = if width < theme::WIDTH { 0.36 } else { 0.3 };
    let widest = fig
        .lines
        .iter()
        .map(|l| text::width(&end_text(l, fig), theme::SMALL_SIZE, true))
        .fold(0.0, f64::max);
    (widest + f64::from(LABEL_GAP) + 6.0)
        .min(f64::from(width) * share)
        .max(least)
        .ceil() as i32
}

/// The strip above the plot for the markers' labels, if any is drawn.
fn marker_strip(fig: &LineFigure) -> i32 {
    if fig.markers.is_empty() {
        0
    } else {
        line_step(theme::SMALL_SIZE) + 4
    }
}

/// The height a label of `lines` lines takes, and where its first line's
/// anchor is below its top.
fn block(lines: usize) -> (f64, f64) {
    let (up, down) = text::vertical(VPos::Top, theme::SMALL_SIZE);
    let step = f64::from(line_step(theme::SMALL_SIZE));
    (up + down + step * (lines.max(1) - 1) as f64, up)
}

/// Whether the end labels, wrapped to the room beside the plot and stacked,
/// fit the height of a plot in a body `body` pixels high.
pub(super) fn end_labels_fit(fig: &LineFigure, width: u32, body: i32) -> bool {
    let room = gutter(fig, width, true) - LABEL_GAP - 4;
    let plot = body - X_LABELS - 8 - marker_strip(fig);
    let stacked: f64 = fig
        .lines
        .iter()
        .map(|l| {
            let lines = text::wrap(&end_text(l, fig), theme::SMALL_SIZE, true, f64::from(room));
            block(lines.len()).0 + LABEL_SPACE
        })
        .sum();
    stacked <= f64::from(plot)
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
        .margin_top(8 + marker_strip(fig))
        .build_cartesian_2d(xlo..xhi, y.lo..y.hi)
        .map_err(err)?;
    draw_frame(root, &chart, (xlo, xhi), &y)?;
    draw_date_axis(root, &chart, (xlo, xhi), y.lo, layout.width)?;
    let labels = if labelled {
        place_end_labels(&chart, fig, &y, layout.width)
    } else {
        Vec::new()
    };
    let boxes: Vec<TextBox> = labels.iter().flat_map(|l| l.boxes()).collect();
    let mut tips = draw_markers(root, &chart, fig, (xlo, xhi), &y, &boxes)?;
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

/// Event markers: a thin dashed line down the plot from a number in the strip
/// above it; numbers that would touch share one label ("4–5"). A dashed line
/// stops short of any end label it would cross.
fn draw_markers<DB: Canvas>(
    root: &Area<DB>,
    chart: &Chart2d<DB>,
    fig: &LineFigure,
    (xlo, xhi): (f64, f64),
    y: &YAxis,
    labels: &[TextBox],
) -> Result<Vec<Tip>, String> {
    let number_style = style(theme::SMALL_SIZE, &MUTED).pos(Pos::new(HPos::Center, VPos::Top));
    let (plot_x, plot_y) = chart.plotting_area().get_pixel_range();
    let strip_top = plot_y.start - marker_strip(fig);
    let shown: Vec<(i32, String)> = fig
        .markers
        .iter()
        .filter(|m| (xlo..=xhi).contains(&m.x))
        .map(|m| (chart.backend_coord(&(m.x, y.hi)).0, theme::clean(&m.label)))
        .collect();
    let bounds = (
        f64::from(plot_x.start),
        f64::from(root.dim_in_pixel().0) - 2.0,
    );
    let width = |t: &str| text::width(t, theme::SMALL_SIZE, false);
    let mut in_order = shown.clone();
    in_order.sort_by_key(|(x, _)| *x);
    for Cluster { centre, text, .. } in cluster(&in_order, width, bounds, 6.0) {
        text::draw(
            root,
            &text,
            (centre.round() as i32, strip_top),
            &number_style,
        )?;
    }
    let (_, down) = text::vertical(VPos::Top, theme::SMALL_SIZE);
    let line_top = strip_top + down.ceil() as i32 + 2;
    let bottom = plot_y.end;
    let mut tips = Vec::new();
    let in_range = fig.markers.iter().filter(|m| (xlo..=xhi).contains(&m.x));
    for (marker, (px, _)) in in_range.zip(&shown) {
        for (from, to) in open_stretches(*px, (line_top, bottom), labels) {
            root.draw(&DashedPathElement::new(
                vec![(*px, from), (*px, to)],
                3,
                3,
                AXIS.stroke_width(1),
            ))
            .map_err(err)?;
        }
        // A strip 10 pixels wide along the marker, from its number down.
        tips.push(Tip {
            area: TipArea::Rect {
                left: px - 5,
                top: strip_top,
                right: px + 5,
                bottom,
            },
            text: marker.tip.clone(),
        });
    }
    Ok(tips)
}

/// The stretches of the vertical line at `x` from `top` to `bottom` that
/// cross no label's box (with 2 pixels' room).
fn open_stretches(x: i32, (top, bottom): (i32, i32), labels: &[TextBox]) -> Vec<(i32, i32)> {
    let mut blocked: Vec<(i32, i32)> = labels
        .iter()
        .map(|b| b.grown(2.0))
        .filter(|b| (b.left..=b.right).contains(&f64::from(x)))
        .map(|b| (b.top.floor() as i32, b.bottom.ceil() as i32))
        .collect();
    blocked.sort_unstable();
    let mut out = Vec::new();
    let mut from = top;
    for (b_top, b_bottom) in blocked {
        if b_top > from {
            out.push((from, b_top.min(bottom)));
        }
        from = from.max(b_bottom);
    }
    if from < bottom {
        out.push((from, bottom));
    }
    out.retain(|(a, b)| b - a >= 3);
    out
}

/// An end label where it goes: beside the line's last point, maybe moved up
/// or down from it with a leader line.
struct EndLabel<'a> {
    line: &'a Line,
    point: (i32, i32),
    lines: Vec<String>,
    top: f64,
}

impl EndLabel<'_> {
    fn x(&self) -> i32 {
        self.point.0 + LABEL_GAP
    }

    fn anchor(&self, i: usize) -> (i32, i32) {
        let (_, up) = block(self.lines.len());
        let y = self.top + up + f64::from(line_step(theme::SMALL_SIZE)) * i as f64;
        (self.x(), y.round() as i32)
    }

    fn style(&self) -> TextStyle<'static> {
        bold(theme::SMALL_SIZE, &self.line.color).pos(Pos::new(HPos::Left, VPos::Top))
    }

    fn boxes(&self) -> Vec<TextBox> {
        let style = self.style();
        (0..self.lines.len())
            .map(|i| {
                TextBox::of(
                    &self.lines[i],
                    self.anchor(i),
                    theme::SMALL_SIZE,
                    true,
                    style.pos,
                )
            })
            .collect()
    }

    fn draw<DB: Canvas>(&self, root: &Area<DB>) -> Result<(), String> {
        let (height, _) = block(self.lines.len());
        let centre = self.top + height / 2.0;
        if (centre - f64::from(self.point.1)).abs() > 3.0 {
            let to = (self.x() - 3, centre.round() as i32);
            root.draw(&PathElement::new(
                vec![(self.point.0 + 4, self.point.1), to],
                self.line.color.stroke_width(1),
            ))
            .map_err(err)?;
        }
        let style = self.style();
        for (i, words) in self.lines.iter().enumerate() {
            text::draw(root, words, self.anchor(i), &style)?;
        }
        Ok(())
    }
}

/// Each line's end label, wrapped to the room right of its last point and
/// moved apart from the others within the plot's height.
fn place_end_labels<'a, DB: Canvas>(
    chart: &Chart2d<DB>,
    fig: &'a LineFigure,
    y: &YAxis,
    width: u32,
) -> Vec<EndLabel<'a>> {
    let mut labels: Vec<EndLabel> = fig
        .lines
        .iter()
        .filter_map(|line| {
            let last = line.points.iter().rev().find_map(|p| {
                y.to_plot(p.y)
                    .filter(|v| v.is_finite() && p.x.is_finite())
                    .map(|v| chart.backend_coord(&(p.x, v)))
            })?;
            let room = f64::from(width as i32 - 4 - last.0 - LABEL_GAP);
            let lines = text::wrap(&end_text(line, fig), theme::SMALL_SIZE, true, room);
            Some(EndLabel {
                line,
                point: last,
                lines,
                top: 0.0,
            })
        })
        .collect();
    let (_, plot_y) = chart.plotting_area().get_pixel_range();
    let range = (f64::from(plot_y.start), f64::from(plot_y.end));
    let blocks: Vec<Block> = labels
        .iter()
        .map(|l| {
            let width = l
                .lines
                .iter()
                .map(|t| text::width(t, theme::SMALL_SIZE, true))
                .fold(0.0, f64::max);
            Block {
                left: f64::from(l.x()),
                right: f64::from(l.x()) + width,
                centre: f64::from(l.point.1),
                height: block(l.lines.len()).0,
            }
        })
        .collect();
    for (label, top) in labels.iter_mut().zip(settle(&blocks, range, LABEL_SPACE)) {
        label.top = top;
    }
    labels
}

/// A label to place: its horizontal span, the height it wants to be centred
/// at, and its height.
#[derive(Clone, Copy, Debug)]
struct Block {
    left: f64,
    right: f64,
    centre: f64,
    height: f64,
}

/// The tops of `blocks`, kept `gap` apart from every block that shares some
/// of their span and inside `lo..hi`, in the order of the heights they want
/// (so labels read in the order of their lines' ends): a sweep down pushes
/// each below the ones above it, then a sweep up pulls back above the range's
/// end and above the ones below. A block moves only as far as it must.
fn settle(blocks: &[Block], (lo, hi): (f64, f64), gap: f64) -> Vec<f64> {
    let mut order: Vec<usize> = (0..blocks.len()).collect();
    order.sort_by(|&a, &b| blocks[a].centre.total_cmp(&blocks[b].centre));
    let side_by_side = |a: &Block, b: &Block| a.right + gap <= b.left || b.right + gap <= a.left;
    let mut tops = vec![0.0; blocks.len()];
    for (k, &i) in order.iter().enumerate() {
        let b = &blocks[i];
        let mut top = (b.centre - b.height / 2.0).max(lo);
        for &j in &order[..k] {
            if !side_by_side(b, &blocks[j]) {
                top = top.max(tops[j] + blocks[j].height + gap);
            }
        }
        tops[i] = top;
    }
    for (k, &i) in order.iter().enumerate().rev() {
        let b = &blocks[i];
        let mut bottom = (tops[i] + b.height).min(hi);
        for &j in &order[k + 1..] {
            if !side_by_side(b, &blocks[j]) {
                bottom = bottom.min(tops[j] - gap);
            }
        }
        tops[i] = bottom - b.height;
    }
    tops
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

#[cfg(test)]
mod tests {
    use super::*;

    fn at(left: f64, centre: f64, height: f64) -> Block {
        Block {
            left,
            right: left + 100.0,
            centre,
            height,
        }
    }

    #[test]
    fn labels_apart_stay_where_they_are() {
        let tops = settle(
            &[at(0.0, 50.0, 10.0), at(0.0, 100.0, 10.0)],
            (0.0, 200.0),
            3.0,
        );
        assert_eq!(tops, [45.0, 95.0]);
    }

    #[test]
    fn a_colliding_label_moves_just_clear_of_the_other() {
        // Two 14-pixel labels wanted at 100 and 104: the upper stays (93..107),
        // the lower goes under it, 3 pixels apart.
        let tops = settle(
            &[at(0.0, 100.0, 14.0), at(0.0, 104.0, 14.0)],
            (0.0, 200.0),
            3.0,
        );
        assert_eq!(tops, [93.0, 110.0]);
        let tops = settle(
            &[at(0.0, 100.0, 14.0), at(0.0, 97.0, 14.0)],
            (0.0, 200.0),
            3.0,
        );
        assert_eq!(tops, [107.0, 90.0], "in the order of their points");
        // Side by side, they do not touch and neither moves.
        let tops = settle(
            &[at(0.0, 100.0, 14.0), at(200.0, 100.0, 14.0)],
            (0.0, 200.0),
            3.0,
        );
        assert_eq!(tops, [93.0, 93.0]);
    }

    #[test]
    fn labels_at_the_edge_stay_inside_the_plot() {
        let blocks = [
            at(0.0, 195.0, 14.0),
            at(0.0, 198.0, 14.0),
            at(0.0, 199.0, 20.0),
        ];
        let tops = settle(&blocks, (10.0, 200.0), 3.0);
        assert_eq!(tops, [146.0, 163.0, 180.0]);
        assert_eq!(settle(&[at(0.0, 0.0, 14.0)], (10.0, 200.0), 3.0), [10.0]);
    }

    #[test]
    fn marker_lines_stop_at_labels() {
        let label = TextBox {
            left: 100.0,
            top: 50.0,
            right: 180.0,
            bottom: 64.0,
        };
        assert_eq!(
            open_stretches(120, (10, 200), &[label]),
            [(10, 48), (66, 200)]
        );
        assert_eq!(open_stretches(90, (10, 200), &[label]), [(10, 200)]);
    }
}
