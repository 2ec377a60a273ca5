//! Direct labels at the end of lines, placed as a chart desk places them
//! (ggrepel, Datawrapper): measured with the page's fonts, wrapped to the room
//! beside the plot, kept in the order of their lines' ends and pushed apart by
//! their heights, only from labels that share some of their span, with a short
//! leader line to their point when moved. When even that cannot fit them, the
//! legend names the lines instead (`figure.rs`).

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::axes::{Chart2d, YAxis};
use super::figure::line_step;
use super::parts::{Line, LineFigure};
use super::pen::{bold, err, Area};
use super::text::{self, Canvas};
use super::text_box::{self, TextBox};
use super::theme;

/// From a line's last point to its label.
const LABEL_GAP: i32 = 10;
/// Between two stacked end labels.
const LABEL_SPACE: f64 = 3.0;

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
pub(super) fn gutter(fig: &LineFigure, width: u32, labelled: bool) -> i32 {
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

/// The height a label of `lines` lines takes, and where its first line's
/// anchor is below its top.
fn block(lines: usize) -> (f64, f64) {
    let (up, down) = text_box::vertical(VPos::Top, theme::SMALL_SIZE);
    let step = f64::from(line_step(theme::SMALL_SIZE));
    (up + down + step * (lines.max(1) - 1) as f64, up)
}

/// Whether the end labels, wrapped to the room beside the plot and stacked,
/// fit a plot `plot` pixels high.
pub(super) fn fit(fig: &LineFigure, width: u32, plot: i32) -> bool {
    let room = gutter(fig, width, true) - LABEL_GAP - 4;
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

/// An end label where it goes: beside the line's last point, maybe moved up
/// or down from it with a leader line.
pub(super) struct EndLabel<'a> {
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
        bold(theme::SMALL_SIZE, &theme::ink(self.line.color)).pos(Pos::new(HPos::Left, VPos::Top))
    }

    pub(super) fn boxes(&self) -> Vec<TextBox> {
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

    pub(super) fn draw<DB: Canvas>(&self, root: &Area<DB>) -> Result<(), String> {
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
pub(super) fn place<'a, DB: Canvas>(
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
}
