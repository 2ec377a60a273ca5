//! What a figure is made of: the title, subtitle and source around one plot,
//! either lines over time (or any x) or grouped bars over categories. Chart
//! content builds these; the drawing code reads them.

use chrono::NaiveDate;
use plotters::style::RGBColor;

use crate::charts::prepare::Point;
use crate::model::Unit;

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
    /// What the marker shows on hover: `Event 3, 2026-01-14: ...`.
    pub tip: String,
    /// The event it marks, for the key printed under the chart.
    pub event: Option<EventKey>,
}

/// An event as the key under a chart lists it: its number (its place in the
/// report's events table), date and title.
#[derive(Clone, Debug, PartialEq)]
pub struct EventKey {
    pub number: usize,
    pub date: NaiveDate,
    pub title: String,
}

/// Lines over time: x values are days since 1970-01-01 (see `day_number`).
#[derive(Clone, Debug)]
pub struct LineFigure {
    pub lines: Vec<Line>,
    pub log_y: bool,
    pub unit: Unit,
    pub markers: Vec<Marker>,
}

/// One series of a bar figure: a value (or none) per category.
#[derive(Clone, Debug)]
pub struct Bars {
    pub label: String,
    pub color: RGBColor,
    pub values: Vec<Option<f64>>,
}

/// Grouped bars: one group per category, one bar per series.
#[derive(Clone, Debug)]
pub struct BarFigure {
    pub categories: Vec<String>,
    pub series: Vec<Bars>,
    pub unit: Unit,
}

/// The plot of a figure: one of the two kinds.
#[derive(Clone, Debug)]
pub enum Plot {
    Lines(LineFigure),
    Bars(BarFigure),
}

/// A whole chart: header, plot and source line (drawn by `figure.rs`).
#[derive(Clone, Debug)]
pub struct Figure {
    pub title: String,
    pub subtitle: String,
    pub source: String,
    pub plot: Plot,
}

impl Figure {
    /// The events its markers stand for, in their order on the x axis.
    pub fn events(&self) -> Vec<&EventKey> {
        match &self.plot {
            Plot::Lines(lines) => lines
                .markers
                .iter()
                .filter_map(|m| m.event.as_ref())
                .collect(),
            Plot::Bars(_) => Vec::new(),
        }
    }

    /// The colours of its series, lines or bars.
    pub fn colors(&self) -> Vec<RGBColor> {
        match &self.plot {
            Plot::Lines(l) => l.lines.iter().map(|line| line.color).collect(),
            Plot::Bars(b) => b.series.iter().map(|bars| bars.color).collect(),
        }
    }
}

/// Days since 1970-01-01: the x of time series.
pub fn day_number(date: NaiveDate) -> f64 {
    (date - NaiveDate::from_ymd_opt(1970, 1, 1).expect("epoch")).num_days() as f64
}

/// The date of a day number (the inverse of `day_number`).
pub(crate) fn date_of(day: f64) -> NaiveDate {
    NaiveDate::from_ymd_opt(1970, 1, 1).expect("epoch") + chrono::Duration::days(day.round() as i64)
}

/// A mark a reader can point at in the SVG: where it is drawn, in pixels, and
/// what it shows, written as the chart's table writes its cells.
#[derive(Clone, Debug, PartialEq)]
pub struct Tip {
    pub area: TipArea,
    pub text: String,
}

/// The area of a tip: a dot around a line's point, or a rectangle (a bar, or
/// a strip along an event marker).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TipArea {
    Dot {
        x: i32,
        y: i32,
    },
    Rect {
        left: i32,
        top: i32,
        right: i32,
        bottom: i32,
    },
}
