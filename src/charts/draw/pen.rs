//! What every part of the drawing shares: the drawing area, text styles, the
//! page margins, qualifier marks, and errors as text.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::theme::FONT;
use crate::charts::prepare::Mark;

/// Regular text in the chart font.
pub(super) fn style(size: f64, color: &RGBColor) -> TextStyle<'static> {
    (FONT, size).into_font().color(color)
}

/// Bold text. Built with `FontDesc::new`: plotters' `FontDesc::style` changes the
/// style but keeps the regular face, so bold would be measured (and drawn in the
/// PNG) with the regular font and overflow where a browser draws it bold.
pub(super) fn bold(size: f64, color: &RGBColor) -> TextStyle<'static> {
    FontDesc::new(FontFamily::Name(FONT), size, FontStyle::Bold).color(color)
}

/// A plotters error as the text the drawing functions return.
pub(super) fn err<E: std::fmt::Display>(e: E) -> String {
    e.to_string()
}

/// The area a figure, or a part of it, is drawn on.
pub(super) type Area<DB> = DrawingArea<DB, Shift>;

/// The left (and right) page margin, in pixels.
pub(super) const LEFT: i32 = 16;

/// A point's qualifier mark: a dot for exact, a triangle for "at least", a ring
/// for approximate, nothing for none.
pub(super) fn draw_mark<DB: DrawingBackend>(
    area: &Area<DB>,
    at: (i32, i32),
    mark: Mark,
    color: &RGBColor,
) -> Result<(), String> {
    match mark {
        Mark::None => Ok(()),
        Mark::Exact => area.draw(&Circle::new(at, 3, color.filled())).map_err(err),
        Mark::AtLeast | Mark::MoreThan => area
            .draw(&TriangleMarker::new(at, 6, color.filled()))
            .map_err(err),
        Mark::Approx => area
            .draw(&Circle::new(at, 4, color.stroke_width(2)))
            .map_err(err),
    }
}
