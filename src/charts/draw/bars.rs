//! Bar figures: grouped bars over categories, from a zero line, values on the
//! bars where they fit, category labels wrapped to their slots.
//!
//! A value is written above its bar (below, for a negative one) only when it
//! is no wider than the bar's slot and touches no other text; otherwise it is
//! left out of the drawing, and stays in the bar's hover title and the table.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::axes::{draw_frame, y_label_width, Chart2d, YAxis};
use super::figure::{line_step, Layout};
use super::parts::{BarFigure, Tip, TipArea};
use super::pen::{err, style, Area};
use super::text::{self, Canvas};
use super::text_box::TextBox;
use super::theme::{self, TEXT};
use crate::charts::prepare;

/// The most lines a category label wraps to before only every k-th is shown.
const MOST_LINES: usize = 3;

pub(super) fn draw_bars<DB: Canvas>(
    root: &Area<DB>,
    layout: &Layout,
    fig: &BarFigure,
) -> Result<Vec<Tip>, String> {
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
        unit: fig.unit,
    };
    let (xlo, xhi) = (-0.5, n as f64 - 0.5);
    let body = root.margin(layout.header, layout.footer, 8, 16);
    let y_area = y_label_width(&y);
    let category_px = (body.dim_in_pixel().0 as i32 - y_area) / n as i32;
    let categories = Categories::fit(&fig.categories, category_px);
    let value_room = line_step(theme::SMALL_SIZE) + 4;
    let chart = ChartBuilder::on(&body)
        .x_label_area_size(categories.height() + 14)
        .y_label_area_size(y_area)
        .margin_top(value_room)
        .build_cartesian_2d(xlo..xhi, ylo..yhi)
        .map_err(err)?;
    draw_frame(root, &chart, (xlo, xhi), &y)?;
    let mut placed = categories.draw(root, &chart, ylo)?;
    let mut tips = Vec::new();
    for (g, series) in fig.series.iter().enumerate() {
        for (i, value) in series.values.iter().enumerate() {
            let Some(v) = value.filter(|v| v.is_finite()) else {
                continue;
            };
            let slot = 0.8 / fig.series.len() as f64;
            let left = i as f64 - 0.4 + slot * g as f64;
            let top_left = chart.backend_coord(&(left, v.max(0.0)));
            let bottom_right = chart.backend_coord(&(left + slot * 0.92, v.min(0.0)));
            root.draw(&Rectangle::new(
                [top_left, bottom_right],
                series.color.filled(),
            ))
            .map_err(err)?;
            tips.push(bar_tip(fig, g, i, top_left, bottom_right));
            let pitch = f64::from(category_px) * slot;
            let bar = (top_left, bottom_right);
            draw_value(root, fig, v, bar, pitch, layout, &mut placed)?;
        }
    }
    Ok(tips)
}

/// A bar's value above it (below, if negative) when it is no wider than the
/// bar's slot, stays in the figure and touches no text already placed.
fn draw_value<DB: Canvas>(
    root: &Area<DB>,
    fig: &BarFigure,
    v: f64,
    (top_left, bottom_right): ((i32, i32), (i32, i32)),
    pitch: f64,
    layout: &Layout,
    placed: &mut Vec<TextBox>,
) -> Result<(), String> {
    let words = crate::format::in_unit(v, fig.unit);
    let cx = (top_left.0 + bottom_right.0) / 2;
    let (anchor, at) = if v >= 0.0 {
        (VPos::Bottom, (cx, top_left.1 - 3))
    } else {
        (VPos::Top, (cx, bottom_right.1 + 3))
    };
    let value_style = style(theme::SMALL_SIZE, &TEXT).pos(Pos::new(HPos::Center, anchor));
    let b = TextBox::of(&words, at, theme::SMALL_SIZE, false, value_style.pos);
    let inside = b.top >= f64::from(layout.header)
        && b.bottom <= f64::from(layout.height as i32 - layout.footer)
        && b.left >= 0.0
        && b.right <= f64::from(layout.width);
    if b.right - b.left > pitch - 2.0 || !inside || placed.iter().any(|p| p.overlaps(&b, 0.0)) {
        return Ok(());
    }
    placed.push(b);
    text::draw(root, &words, at, &value_style)
}

/// Category labels wrapped to their slots: every one when each fits in
/// `MOST_LINES` lines, else every k-th with k slots of room.
struct Categories {
    step: usize,
    labels: Vec<Vec<String>>,
}

impl Categories {
    fn fit(categories: &[String], category_px: i32) -> Categories {
        let n = categories.len();
        let wrap = |step: usize| -> Vec<Vec<String>> {
            let room = f64::from(category_px * step as i32 - 8).max(8.0);
            categories
                .iter()
                .map(|c| text::wrap(&theme::clean(c), theme::LABEL_SIZE, false, room))
                .collect()
        };
        for step in 1..n.max(1) {
            let labels = wrap(step);
            if labels.iter().step_by(step).all(|l| l.len() <= MOST_LINES) {
                return Categories { step, labels };
            }
        }
        Categories {
            step: n.max(1),
            labels: wrap(n.max(1)),
        }
    }

    /// The height of the tallest label shown.
    fn height(&self) -> i32 {
        let lines = self
            .labels
            .iter()
            .step_by(self.step)
            .map(Vec::len)
            .max()
            .unwrap_or(1);
        line_step(theme::LABEL_SIZE) * lines as i32
    }

    /// Draws the labels shown under their slots, kept inside the figure;
    /// returns their boxes.
    fn draw<DB: Canvas>(
        &self,
        root: &Area<DB>,
        chart: &Chart2d<DB>,
        ylo: f64,
    ) -> Result<Vec<TextBox>, String> {
        let tick_style = style(theme::LABEL_SIZE, &TEXT).pos(Pos::new(HPos::Center, VPos::Top));
        let width = f64::from(root.dim_in_pixel().0);
        let mut boxes = Vec::new();
        for (i, lines) in self.labels.iter().enumerate().step_by(self.step) {
            let (px, py) = chart.backend_coord(&(i as f64, ylo));
            for (row, words) in lines.iter().enumerate() {
                let at = (px, py + 10 + line_step(theme::LABEL_SIZE) * row as i32);
                let b = TextBox::of(words, at, theme::LABEL_SIZE, false, tick_style.pos);
                let shift = (2.0 - b.left).max(0.0) - (b.right - (width - 2.0)).max(0.0);
                let at = (at.0 + shift.round() as i32, at.1);
                boxes.push(TextBox::of(
                    words,
                    at,
                    theme::LABEL_SIZE,
                    false,
                    tick_style.pos,
                ));
                text::draw(root, words, at, &tick_style)?;
            }
        }
        Ok(boxes)
    }
}

/// The tip of bar `i` of series `g`: its category (and series, when there are
/// several) and its value, as the chart's table writes them. A bar too flat to
/// point at gets a few pixels around the zero line.
fn bar_tip(
    fig: &BarFigure,
    g: usize,
    i: usize,
    top_left: (i32, i32),
    bottom_right: (i32, i32),
) -> Tip {
    const MIN_HEIGHT: i32 = 6;
    let series = &fig.series[g];
    let value = series.values[i].map_or_else(String::new, |v| crate::format::in_unit(v, fig.unit));
    let text = if fig.series.len() > 1 {
        format!("{}, {}: {value}", series.label, fig.categories[i])
    } else {
        format!("{}: {value}", fig.categories[i])
    };
    let (mut top, mut bottom) = (top_left.1, bottom_right.1);
    if bottom - top < MIN_HEIGHT {
        let middle = (top + bottom) / 2;
        top = middle - MIN_HEIGHT / 2;
        bottom = top + MIN_HEIGHT;
    }
    Tip {
        area: TipArea::Rect {
            left: top_left.0,
            top,
            right: bottom_right.0,
            bottom,
        },
        text,
    }
}
