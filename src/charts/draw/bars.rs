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
/// The least size category labels shrink to so that no word is broken.
const SMALLEST_LABEL: f64 = 13.0;

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

/// Category labels wrapped to their slots: every one, its words whole, at
/// the label size or a little smaller (`SMALLEST_LABEL` at least); else every one in `MOST_LINES`
/// lines at most (a word wider than its slot broken); else every k-th with k
/// slots of room.
struct Categories {
    step: usize,
    size: f64,
    labels: Vec<Vec<String>>,
}

impl Categories {
    fn fit(categories: &[String], category_px: i32) -> Categories {
        let n = categories.len();
        // `gap`: the least room left between two neighbours' labels.
        let wrap_with = |step: usize, size: f64, gap: i32| -> Vec<Vec<String>> {
            let room = f64::from(category_px * step as i32 - gap).max(8.0);
            categories
                .iter()
                .map(|c| text::wrap(&theme::clean(c), size, false, room))
                .collect()
        };
        let wrap = |step: usize, size: f64| wrap_with(step, size, 8);
        let fits = |labels: &[Vec<String>], step: usize| {
            labels.iter().step_by(step).all(|l| l.len() <= MOST_LINES)
        };
        // "Anthropic" on one line in a smaller size reads better than "Anthropi" and "c".
        let whole = |labels: &[Vec<String>]| {
            let mut pairs = labels.iter().zip(categories);
            pairs.all(|(lines, c)| text::breaks_only_between_words(&theme::clean(c), lines))
        };
        let sizes = [theme::LABEL_SIZE, theme::SMALL_SIZE, SMALLEST_LABEL];
        for (gap, size) in [8, 4]
            .into_iter()
            .flat_map(|gap| sizes.map(|size| (gap, size)))
        {
            let labels = wrap_with(1, size, gap);
            if whole(&labels) && fits(&labels, 1) {
                return Categories {
                    step: 1,
                    size,
                    labels,
                };
            }
        }
        let size = theme::LABEL_SIZE;
        for step in 1..n.max(1) {
            let labels = wrap(step, size);
            if fits(&labels, step) {
                return Categories { step, size, labels };
            }
        }
        Categories {
            step: n.max(1),
            size,
            labels: wrap(n.max(1), size),
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
        line_step(self.size) * lines as i32
    }

    /// Draws the labels shown under their slots, kept inside the figure;
    /// returns their boxes.
    fn draw<DB: Canvas>(
        &self,
        root: &Area<DB>,
        chart: &Chart2d<DB>,
        ylo: f64,
    ) -> Result<Vec<TextBox>, String> {
        let tick_style = style(self.size, &TEXT).pos(Pos::new(HPos::Center, VPos::Top));
        let width = f64::from(root.dim_in_pixel().0);
        let mut boxes = Vec::new();
        for (i, lines) in self.labels.iter().enumerate().step_by(self.step) {
            let (px, py) = chart.backend_coord(&(i as f64, ylo));
            for (row, words) in lines.iter().enumerate() {
                let at = (px, py + 10 + line_step(self.size) * row as i32);
                let b = TextBox::of(words, at, self.size, false, tick_style.pos);
                let shift = (2.0 - b.left).max(0.0) - (b.right - (width - 2.0)).max(0.0);
                let at = (at.0 + shift.round() as i32, at.1);
                boxes.push(TextBox::of(words, at, self.size, false, tick_style.pos));
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

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(names: &[&str]) -> Vec<String> {
        names.iter().map(|n| n.to_string()).collect()
    }

    /// A name a little wider than its slot is set smaller rather than broken
    /// ("ByteDan" and "ce"); names that fit keep the label size.
    #[test]
    fn category_labels_shrink_before_a_word_is_broken() {
        let names = labels(&["Alibaba Group", "Anthropic", "ByteDance", "DeepSeek"]);
        let fitted = Categories::fit(&names, 67);
        assert_eq!((fitted.step, fitted.size), (1, SMALLEST_LABEL));
        assert_eq!(fitted.labels[2], ["ByteDance"]);
        assert_eq!(fitted.labels[0], ["Alibaba", "Group"]);
        let roomy = Categories::fit(&names, 120);
        assert_eq!((roomy.step, roomy.size), (1, theme::LABEL_SIZE));
        // No size keeps the word whole in a narrow slot: it is broken, as before.
        let narrow = Categories::fit(&labels(&["ByteDance", "Tencent"]), 31);
        assert_eq!(narrow.size, theme::LABEL_SIZE);
        assert!(narrow.labels[0].len() > 1);
    }
}
