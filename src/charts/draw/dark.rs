//! Dark mode for the charts inside the page. Each painted element of an SVG
//! gets a class naming what it paints and the colour it stands for:
//! `f-e69f00` a shape filled with #E69F00, `s-e2e2e2` a stroke, `t-e69f00` text
//! in the colour of the series #E69F00 (its fill is that colour's light-panel
//! ink, `theme::ink`). The attributes keep the light colours, so an SVG file on
//! its own, a PNG and a printed page show the light chart; `style` writes the
//! page's rules that repaint each class for readers who prefer a dark scheme,
//! in the colours `theme::for_dark` gives: text in a series' colour takes the
//! colour's own dark-panel variant, lighter than its light ink.

use std::collections::BTreeSet;
use std::fmt::Write;

use plotters::style::RGBColor;

use super::theme::{self, Paint};

/// The SVG elements as plotters writes them, each with the classes of its
/// colours; `series` are the figure's series colours, whose inks its text
/// may be drawn in. Text content and attribute values come escaped, so every
/// `<` opens a tag that the next `>` closes.
pub(super) fn mark_colors(body: &str, series: &[RGBColor]) -> String {
    let inks: Vec<(String, String)> = series
        .iter()
        .map(|c| (hex(theme::ink(*c)), hex(*c)))
        .collect();
    let mut out = String::with_capacity(body.len() + body.len() / 8);
    let mut rest = body;
    while let Some(open) = rest.find('<') {
        let Some(close) = rest[open..].find('>').map(|c| open + c) else {
            break;
        };
        out.push_str(&rest[..open]);
        let tag = &rest[open..=close];
        let classes = classes_of(tag, &inks);
        if classes.is_empty() {
            out.push_str(tag);
        } else {
            let end = tag.len() - if tag.ends_with("/>") { 2 } else { 1 };
            let _ = write!(
                out,
                "{} class=\"{}\"{}",
                &tag[..end],
                classes.join(" "),
                &tag[end..]
            );
        }
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    out
}

/// The classes of one opening tag: `t-` for a text's fill (by the series
/// colour whose ink it is, else by itself), `f-` and `s-` for a shape's fill
/// and stroke.
fn classes_of(tag: &str, inks: &[(String, String)]) -> Vec<String> {
    if tag.starts_with("</") {
        return Vec::new();
    }
    let is_text = tag.starts_with("<text ");
    let mut classes = Vec::new();
    if let Some(fill) = hex_of(tag, "fill") {
        if is_text {
            let series = inks.iter().find(|(ink, _)| *ink == fill).map(|(_, c)| c);
            classes.push(format!("t-{}", series.unwrap_or(&fill)));
        } else {
            classes.push(format!("f-{fill}"));
        }
    }
    if let Some(stroke) = hex_of(tag, "stroke") {
        classes.push(format!("s-{stroke}"));
    }
    classes
}

/// The six lowercase hex digits of `attribute="#RRGGBB"` in a tag.
fn hex_of(tag: &str, attribute: &str) -> Option<String> {
    let at = tag.find(&format!(" {attribute}=\"#"))? + attribute.len() + 4;
    let digits = tag.get(at..at + 6)?;
    (digits.bytes().all(|b| b.is_ascii_hexdigit()) && tag[at + 6..].starts_with('"'))
        .then(|| digits.to_ascii_lowercase())
}

/// Six lowercase hex digits.
fn hex(color: RGBColor) -> String {
    format!("{:02x}{:02x}{:02x}", color.0, color.1, color.2)
}

/// The page's rules for charts seen in a dark colour scheme: a dark panel and,
/// for each colour class the SVGs use, its dark colour (where that differs
/// from the light one). On screens only: a printed chart stays light.
pub fn style<'a>(svgs: impl IntoIterator<Item = &'a str>) -> String {
    let mut classes = BTreeSet::new();
    for svg in svgs {
        let mut rest = svg;
        while let Some(at) = rest.find(" class=\"") {
            rest = &rest[at + 8..];
            let end = rest.find('"').unwrap_or(rest.len());
            classes.extend(rest[..end].split(' ').filter_map(parse_class));
            rest = &rest[end..];
        }
    }
    let mut css = String::from("@media screen and (prefers-color-scheme: dark) {\n");
    let panel = hex(theme::DARK_BACKGROUND);
    let _ = writeln!(css, ".chart svg {{ background: #{panel}; }}");
    for (kind, (red, green, blue)) in classes {
        let color = RGBColor(red, green, blue);
        let (paint, property, light) = match kind {
            't' => (Paint::Text, "fill", theme::ink(color)),
            'f' => (Paint::Shape, "fill", color),
            _ => (Paint::Shape, "stroke", color),
        };
        let dark = theme::for_dark(color, paint);
        if dark != light {
            let (name, dark) = (hex(color), hex(dark));
            let _ = writeln!(css, "svg .{kind}-{name} {{ {property}: #{dark}; }}");
        }
    }
    css.push_str("}\n");
    css
}

/// A colour class, as its kind and colour.
fn parse_class(class: &str) -> Option<(char, (u8, u8, u8))> {
    let (kind, digits) = class.split_once('-')?;
    let kind = match kind {
        "t" => 't',
        "f" => 'f',
        "s" => 's',
        _ => return None,
    };
    if digits.len() != 6 {
        return None;
    }
    let channel = |at: usize| u8::from_str_radix(digits.get(at..at + 2)?, 16).ok();
    Some((kind, (channel(0)?, channel(2)?, channel(4)?)))
}

#[cfg(test)]
mod tests {
    use super::*;

    const ORANGE: RGBColor = RGBColor(0xE6, 0x9F, 0x00);

    #[test]
    fn each_colour_gets_its_class_and_nothing_else_changes() {
        let ink = format!("#{}", hex(theme::ink(ORANGE)).to_uppercase());
        let body = format!(
            "<rect x=\"0\" opacity=\"1\" fill=\"#FFFFFF\" stroke=\"none\"/>\n\
             <text x=\"1\" fill=\"{ink}\" font-weight=\"bold\">\nQwen &lt;app&gt;\n</text>\n\
             <text x=\"1\" fill=\"#222222\">\nTitle\n</text>\n\
             <polyline fill=\"none\" stroke=\"#E2E2E2\" points=\"1,2 3,4 \"/>\n\
             <circle cx=\"1\" fill=\"#E69F00\" stroke=\"#E69F00\"/>\n"
        );
        assert_eq!(
            mark_colors(&body, &[ORANGE]),
            format!(
                "<rect x=\"0\" opacity=\"1\" fill=\"#FFFFFF\" stroke=\"none\" class=\"f-ffffff\"/>\n\
                 <text x=\"1\" fill=\"{ink}\" font-weight=\"bold\" class=\"t-e69f00\">\nQwen &lt;app&gt;\n</text>\n\
                 <text x=\"1\" fill=\"#222222\" class=\"t-222222\">\nTitle\n</text>\n\
                 <polyline fill=\"none\" stroke=\"#E2E2E2\" points=\"1,2 3,4 \" class=\"s-e2e2e2\"/>\n\
                 <circle cx=\"1\" fill=\"#E69F00\" stroke=\"#E69F00\" class=\"f-e69f00 s-e69f00\"/>\n"
            )
        );
        assert_eq!(mark_colors("no tags", &[]), "no tags");
    }

    #[test]
    fn the_dark_style_repaints_what_the_svgs_use() {
        let svg = "<rect class=\"f-ffffff\"/><text class=\"t-222222\"/><text class=\"t-e69f00\"/>\
                   <polyline class=\"s-e69f00\"/><g class=\"tips\"/><text class=\"t-222222\"/>";
        let css = style([svg]);
        let title = theme::for_dark(theme::TEXT, Paint::Text);
        assert_eq!(
            css,
            format!(
                "@media screen and (prefers-color-scheme: dark) {{\n\
                 .chart svg {{ background: #1f2123; }}\n\
                 svg .f-ffffff {{ fill: #1f2123; }}\n\
                 svg .t-222222 {{ fill: #{}; }}\n\
                 svg .t-e69f00 {{ fill: #e69f00; }}\n\
                 }}\n",
                hex(title)
            ),
            "orange text turns orange again on the dark panel; the orange line needs no rule"
        );
        assert_eq!(parse_class("x-123456"), None);
        assert_eq!(parse_class("t-12345"), None);
        assert_eq!(parse_class("tips"), None);
    }
}
