//! Drawing figures with plotters, apart from what the charts say.
//!
//! `parts.rs` holds what a figure is made of (the types chart content builds),
//! `pen.rs` what every drawing step shares, `theme.rs` the look, `dark.rs`
//! the look in a dark colour scheme. `axes.rs`
//! draws the frame, `lines.rs` and `bars.rs` the two kinds of plot, and
//! `figure.rs` the whole figure around them. `svg.rs` turns a figure into the
//! files the report ships: an accessible SVG and a PNG; `tips.rs` writes the
//! SVG's hover values, a `<title>` per point or bar. `text.rs` measures,
//! wraps and draws text with the bundled fonts (falling back per character
//! for the scripts DejaVu Sans lacks),
//! `text_box.rs` says where a drawn text's box falls, and
//! `markers.rs` draws event markers and keeps their labels apart,
//! `end_labels.rs` places the labels at the ends of lines.

mod axes;
mod bars;
mod dark;
mod end_labels;
mod figure;
mod lines;
mod markers;
mod parts;
mod pen;
#[cfg(test)]
mod placement_tests;
mod svg;
mod text;
mod text_box;
pub mod theme;
mod tips;

pub use dark::style as dark_style;
pub(crate) use parts::date_of;
pub use parts::{day_number, BarFigure, Bars, EventKey, Figure, Line, LineFigure, Marker, Plot};
pub use svg::{to_narrow_svg, to_png, to_svg, write_png};
pub use text_box::{svg_text_box, TextBox};
