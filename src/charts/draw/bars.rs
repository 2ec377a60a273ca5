//! Bar figures: grouped bars over categories, from a zero line, values on the bars
//! when they fit, category labels in one or two rows.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::axes::{draw_frame, YAxis};
use super::parts::{BarFigure, Tip, TipArea};
use super::pen::{err, style, Area, FOOTER};
use super::theme::{self, TEXT};
use crate::charts::prepare;

pub(super) fn draw_bars<DB: DrawingBackend>(
    root: &Area<DB>,
    header: i32,
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
    let mut tips = Vec::new();
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
            tips.push(bar_tip(fig, g, i, top_left, bottom_right));
            if show_values {
                let cx = (top_left.0 + bottom_right.0) / 2;
                let (anchor, py) = if v >= 0.0 {
                    (VPos::Bottom, top_left.1 - 3)
                } else {
                    (VPos::Top, bottom_right.1 + 3)
                };
                root.draw(&Text::new(
                    crate::format::in_unit(v, fig.unit),
                    (cx, py),
                    value_style.clone().pos(Pos::new(HPos::Center, anchor)),
                ))
                .map_err(err)?;
            }
        }
    }
    // Category labels: every one when they fit, alternating between two rows
    // when they are long for their slots (which doubles the room each has);
    // when even that is too little, every k-th label in full rather than all
    // of them cut to "FY202…" (the table beside the chart has every one).
    let tick_style = style(theme::LABEL_SIZE, &TEXT).pos(Pos::new(HPos::Center, VPos::Top));
    let longest = fig
        .categories
        .iter()
        .map(|c| c.chars().count())
        .max()
        .unwrap_or(0) as i32;
    // About 8 px a character at the label size (DejaVu Sans digits and capitals
    // run 7.6 px at 12 px).
    let needed = longest * 8 + 8;
    let two_rows = needed > category_px && n > 1;
    let rows = if two_rows { 2 } else { 1 };
    let step = (1..=n.max(1) as i32)
        .find(|k| needed <= category_px * rows * k)
        .unwrap_or(n.max(1) as i32);
    let max_chars = ((category_px * rows * step) / 8 - 1).max(3) as usize;
    for (i, category) in fig.categories.iter().enumerate() {
        let i = i as i32;
        if i % step != 0 {
            continue;
        }
        let (px, py) = chart.backend_coord(&(f64::from(i), ylo));
        let row = if two_rows { (i / step) % 2 } else { 0 };
        root.draw(&Text::new(
            theme::label(category, max_chars),
            (px, py + 6 + 16 * row),
            tick_style.clone(),
        ))
        .map_err(err)?;
    }
    Ok(tips)
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
