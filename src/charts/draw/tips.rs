//! Hover values without script: over the drawing, one transparent shape per
//! point or bar, each with a `<title>` that browsers show as a tooltip. They
//! come last, so they are on top of the marks they cover; a PNG has none.

use std::fmt::Write;

use super::parts::{Tip, TipArea};
use crate::xml::xml_escape;

/// The radius of the area around a line's point that shows its value.
const DOT_RADIUS: i32 = 6;

/// The tips as SVG elements in one group, or nothing when there are none.
pub(super) fn to_svg(tips: &[Tip]) -> String {
    if tips.is_empty() {
        return String::new();
    }
    let mut out = String::from("<g class=\"tips\" fill=\"#000000\" fill-opacity=\"0\">\n");
    for tip in tips {
        let title = xml_escape(&tip.text);
        match tip.area {
            TipArea::Dot { x, y } => writeln!(
                out,
                "<circle cx=\"{x}\" cy=\"{y}\" r=\"{DOT_RADIUS}\"><title>{title}</title></circle>"
            ),
            TipArea::Rect {
                left,
                top,
                right,
                bottom,
            } => writeln!(
                out,
                "<rect x=\"{left}\" y=\"{top}\" width=\"{}\" height=\"{}\"><title>{title}</title></rect>",
                (right - left).max(1),
                bottom - top
            ),
        }
        .expect("write to a string");
    }
    out.push_str("</g>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_tip_is_a_shape_with_its_title_escaped() {
        let tips = [
            Tip {
                area: TipArea::Dot { x: 10, y: 20 },
                text: "A <b> & \"c\", 2026-01-14: 1.2M".into(),
            },
            Tip {
                area: TipArea::Rect {
                    left: 5,
                    top: 7,
                    right: 15,
                    bottom: 30,
                },
                text: "FY2026Q3: -1.5%".into(),
            },
        ];
        assert_eq!(
            to_svg(&tips),
            "<g class=\"tips\" fill=\"#000000\" fill-opacity=\"0\">\n\
             <circle cx=\"10\" cy=\"20\" r=\"6\"><title>A &lt;b&gt; &amp; &quot;c&quot;, 2026-01-14: 1.2M</title></circle>\n\
             <rect x=\"5\" y=\"7\" width=\"10\" height=\"23\"><title>FY2026Q3: -1.5%</title></rect>\n\
             </g>\n"
        );
        assert_eq!(to_svg(&[]), "");
    }
}
