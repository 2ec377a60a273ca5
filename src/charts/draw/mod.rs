//! Drawing figures with plotters, apart from what the charts say.
//!
//! `parts.rs` holds what a figure is made of (the types chart content builds),
//! `pen.rs` what every drawing step shares, `theme.rs` the look, `dark.rs`
//! the look in a dark colour scheme. `axes.rs` draws the frame, `lines.rs`
//! and `bars.rs` the two kinds of plot, and `figure.rs` the whole figure
//! around them. `svg.rs` turns a figure into the files the report ships: an
//! accessible SVG and a PNG; `tips.rs` writes the SVG's hover values, a
//! `<title>` per point or bar; `xml.rs` escapes text from the data.

mod axes;
mod bars;
mod dark;
mod figure;
mod lines;
mod parts;
mod pen;
mod svg;
pub mod theme;
mod tips;
mod xml;

pub use dark::style as dark_style;
pub(crate) use parts::date_of;
pub use parts::{day_number, BarFigure, Bars, Figure, Line, LineFigure, Marker, Plot};
pub use svg::{to_narrow_svg, to_png, to_svg, write_png};
pub use xml::xml_escape;
