//! The axes of a figure: y ticks (linear or log, labelled in the figure's unit),
//! gridlines and the zero line; date ticks for time axes.

use chrono::{Datelike, NaiveDate};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::parts::{date_of, day_number};
use super::pen::{err, style, Area};
use super::text::{self, Canvas};
use super::theme::{self, AXIS, GRID, MUTED, ZERO};
use crate::charts::prepare;
use crate::model::Unit;

/// The y axis: linear, or log10 values with labels of the real values.
pub(super) struct YAxis {
    pub(super) lo: f64,
    pub(super) hi: f64,
    pub(super) log: bool,
    pub(super) unit: Unit,
}

impl YAxis {
    pub(super) fn to_plot(&self, v: f64) -> Option<f64> {
        if self.log {
            (v > 0.0).then(|| v.log10())
        } else {
            Some(v)
        }
    }

    pub(super) fn ticks(&self) -> Vec<(f64, String)> {
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
                .map(|(t, v)| (t, axis_label(v, self.unit)))
                .collect()
        } else {
            prepare::ticks(self.lo, self.hi, 5)
                .into_iter()
                .filter(|t| self.unit != Unit::Count || t.fract() == 0.0)
                .map(|t| (t, axis_label(t, self.unit)))
                .collect()
        }
    }
}

/// A compact tick label in the figure's unit.
pub(super) fn axis_label(value: f64, unit: Unit) -> String {
    if value == 0.0 {
        return "0".into();
    }
    let text = crate::format::in_unit(value, unit);
    // Axis ticks are round: drop a trailing ".0" of the compact forms.
    text.replace(".0B", "B")
        .replace(".0M", "M")
        .replace(".0%", "%")
        .replace(".00x", "x")
}

/// A plot of two linear axes, as the figures build it.
pub(super) type Chart2d<'a, DB> = ChartContext<
    'a,
    DB,
    Cartesian2d<plotters::coord::types::RangedCoordf64, plotters::coord::types::RangedCoordf64>,
>;

/// The room left of the plot for the y labels: the widest, measured, and a gap.
pub(super) fn y_label_width(y: &YAxis) -> i32 {
    y.ticks()
        .iter()
        .map(|(_, label)| text::width(label, theme::LABEL_SIZE, false))
        .fold(0.0, f64::max)
        .ceil() as i32
        + 12
}

/// Gridlines and y labels, x axis line; returns nothing but draws on `root`.
pub(super) fn draw_frame<DB: Canvas>(
    root: &Area<DB>,
    chart: &Chart2d<DB>,
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
        text::draw(root, &text, (x0 - 6, py), &label_style)?;
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
pub(super) fn date_ticks(lo: f64, hi: f64, max_labels: usize) -> Vec<(f64, String)> {
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

pub(super) fn days_between_f(lo: f64, hi: f64) -> f64 {
    hi - lo
}
