//! Where a text falls on a chart: its box as a browser lays out the SVG's
//! `<text>` (plotters writes a `dy` per vertical anchor), measured with the
//! bundled fonts. Labels are placed with these boxes, and tests read a chart's
//! SVG back with them.

use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::text::{em, width, DEJAVU_HEIGHT_EM};

const DEJAVU_ASCENT_EM: f64 = 1901.0 / 2048.0;
const DEJAVU_DESCENT_EM: f64 = 483.0 / 2048.0;
/// DejaVu Sans's x-height (1120 units): the `ex` of the SVG's `dy`.
const DEJAVU_EX_EM: f64 = 1120.0 / 2048.0;

/// Above and below the anchor's y, the pixels a text of plotters' `size`
/// covers in a browser: the SVG backend writes a `dy` of 0.76em for the top,
/// 0.5ex for the centre and -0.5ex for the bottom, from which the glyph box
/// (ascent to descent) hangs.
pub(super) fn vertical(v: VPos, size: f64) -> (f64, f64) {
    let em = em(size);
    let baseline = match v {
        VPos::Top => 0.76 * em,
        VPos::Center => 0.5 * DEJAVU_EX_EM * em,
        VPos::Bottom => -0.5 * DEJAVU_EX_EM * em,
    };
    (
        DEJAVU_ASCENT_EM * em - baseline,
        baseline + DEJAVU_DESCENT_EM * em,
    )
}

/// A text's box on the chart, in pixels.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TextBox {
    pub left: f64,
    pub top: f64,
    pub right: f64,
    pub bottom: f64,
}

impl TextBox {
    /// The box of `text` in `style` anchored at `at`.
    pub(super) fn of(text: &str, at: (i32, i32), size: f64, bold: bool, pos: Pos) -> TextBox {
        let w = width(text, size, bold);
        let x = f64::from(at.0);
        let left = match pos.h_pos {
            HPos::Left => x,
            HPos::Center => x - w / 2.0,
            HPos::Right => x - w,
        };
        let (up, down) = vertical(pos.v_pos, size);
        TextBox {
            left,
            top: f64::from(at.1) - up,
            right: left + w,
            bottom: f64::from(at.1) + down,
        }
    }

    /// Whether two boxes share more than `slack` pixels both ways.
    pub fn overlaps(&self, other: &TextBox, slack: f64) -> bool {
        let w = self.right.min(other.right) - self.left.max(other.left);
        let h = self.bottom.min(other.bottom) - self.top.max(other.top);
        w > slack && h > slack
    }

    /// This box grown by `by` pixels on every side.
    pub(super) fn grown(&self, by: f64) -> TextBox {
        TextBox {
            left: self.left - by,
            top: self.top - by,
            right: self.right + by,
            bottom: self.bottom + by,
        }
    }
}

/// The box a browser draws a `<text>` of a chart's SVG in: its `x`, `y`,
/// `dy`, `text-anchor`, `font-size` (the em) and `font-weight` as written.
/// What tests check the placement of labels with.
pub fn svg_text_box(
    text: &str,
    (x, y): (f64, f64),
    dy: &str,
    anchor: &str,
    font_size: f64,
    bold: bool,
) -> TextBox {
    let h_pos = match anchor {
        "middle" => HPos::Center,
        "end" => HPos::Right,
        _ => HPos::Left,
    };
    let v_pos = match dy {
        "0.76em" => VPos::Top,
        "-0.5ex" => VPos::Bottom,
        _ => VPos::Center,
    };
    let size = font_size * DEJAVU_HEIGHT_EM;
    let b = TextBox::of(text.trim(), (0, 0), size, bold, Pos::new(h_pos, v_pos));
    TextBox {
        left: b.left + x,
        top: b.top + y,
        right: b.right + x,
        bottom: b.bottom + y,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boxes_follow_the_svg_anchors() {
        // 12 px text hanging from y = 100: its glyph box starts 0.17 em above.
        let b = svg_text_box("0", (50.0, 100.0), "0.76em", "middle", 12.0, false);
        assert!((b.top - (100.0 - 0.168 * 12.0)).abs() < 0.05, "{b:?}");
        assert!((b.bottom - b.top - 1.164 * 12.0).abs() < 0.01);
        assert!((b.left + b.right - 100.0).abs() < 0.01, "centred on x");
        let a = svg_text_box("Total", (0.0, 0.0), "0.5ex", "start", 12.0, false);
        assert!(a.overlaps(&a.grown(1.0), 1.0));
        let below = TextBox {
            top: a.bottom,
            bottom: a.bottom + 10.0,
            ..a
        };
        assert!(!a.overlaps(&below, 1.0), "touching is not overlapping");
    }
}
