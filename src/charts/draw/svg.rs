//! A figure as files: an accessible SVG (its root rewritten with `role`,
//! `<title>`, `<desc>` and the text sizes the layout measured, the hover values
//! of its marks on top) and a PNG.

use plotters::prelude::*;

use super::dark;
use super::parts::Figure;
use super::pen::err;
use super::text::DEJAVU_HEIGHT_EM;
use super::theme;
use super::tips;
use crate::xml::xml_escape;

/// The figure as an accessible SVG: `role="img"`, a `<title>` and `<desc>` that
/// `aria-labelledby` points at (ids prefixed by the chart's name, so several
/// charts can share a page), and a `viewBox` so it scales to its container.
pub fn to_svg(figure: &Figure, name: &str, description: &str) -> Result<String, String> {
    to_svg_sized(figure, name, description, (theme::WIDTH, theme::HEIGHT))
}

/// The figure drawn for a narrow screen: the same content laid out for its width.
pub fn to_narrow_svg(figure: &Figure, name: &str, description: &str) -> Result<String, String> {
    let size = (theme::NARROW_WIDTH, theme::NARROW_HEIGHT);
    to_svg_sized(figure, &format!("{name}-narrow"), description, size)
}

fn to_svg_sized(
    figure: &Figure,
    name: &str,
    description: &str,
    size: (u32, u32),
) -> Result<String, String> {
    theme::register_fonts();
    let layout = figure.layout(size);
    let (width, height) = (layout.width, layout.height);
    let mut svg = String::new();
    let tips;
    {
        let root = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        tips = figure.draw(&root, &layout)?;
        root.present().map_err(err)?;
    }
    let plotters_root = format!(
        "<svg width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" xmlns=\"http://www.w3.org/2000/svg\">\n"
    );
    let body = svg
        .strip_prefix(&plotters_root)
        .ok_or("unexpected SVG root from plotters")?;
    let body = dark::mark_colors(&restore_font_sizes(body), &figure.colors());
    let end = body
        .rfind("</svg>")
        .ok_or("unexpected SVG end from plotters")?;
    let body = format!("{}{}{}", &body[..end], tips::to_svg(&tips), &body[end..]);
    let id = xml_escape(name);
    Ok(format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" \
         font-family=\"{fonts}\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\">\n\
         <title id=\"{id}-title\">{title}</title>\n<desc id=\"{id}-desc\">{desc}</desc>\n{body}",
        w = width,
        h = height,
        fonts = theme::FONT_LIST,
        title = xml_escape(&theme::label(&figure.title, 300)),
        desc = xml_escape(&theme::label(description, 4000)),
    ))
}

/// The text sizes of the SVG as the layout measured them. plotters' ab_glyph
/// backend treats a font size as the glyph height, ascent to descent, which for
/// DejaVu Sans (ascender 1901, descender 483, 2048 units per em) is 1.164 em;
/// its SVG backend writes `size / 1.24`. The em size a browser needs to draw the
/// text as wide as it was measured is `size / 1.164`, so each written size is
/// scaled by 1.24 / 1.164. Each text's font family goes: the texts inherit the
/// root's font list (`theme::FONT_LIST`), written once.
fn restore_font_sizes(body: &str) -> String {
    const ATTRIBUTE: &str = "font-size=\"";
    const PLOTTERS_DIVISOR: f64 = 1.24;
    let body = body.replace(&format!(" font-family=\"{}\"", theme::FONT), "");
    let mut out = String::with_capacity(body.len());
    let mut rest = body.as_str();
    while let Some(at) = rest.find(ATTRIBUTE) {
        let (before, after) = rest.split_at(at + ATTRIBUTE.len());
        out.push_str(before);
        let end = after.find('"').unwrap_or(after.len());
        match after[..end].parse::<f64>() {
            Ok(size) => out.push_str(&format!(
                "{:.1}",
                size * PLOTTERS_DIVISOR / DEJAVU_HEIGHT_EM
            )),
            Err(_) => out.push_str(&after[..end]),
        }
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

/// The figure as a PNG file, drawn with the same bundled font.
pub fn write_png(figure: &Figure, path: &std::path::Path) -> Result<(), String> {
    let bytes = to_png(figure)?;
    std::fs::write(path, bytes).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// The figure as the bytes of a PNG file, drawn in memory with the same
/// bundled font; the same figure gives the same bytes.
pub fn to_png(figure: &Figure) -> Result<Vec<u8>, String> {
    theme::register_fonts();
    let layout = figure.layout((theme::WIDTH, theme::HEIGHT));
    let (width, height) = (layout.width, layout.height);
    let mut pixels = vec![0u8; 3 * width as usize * height as usize];
    {
        let root = BitMapBackend::with_buffer(&mut pixels, (width, height)).into_drawing_area();
        figure.draw(&root, &layout)?;
        root.present().map_err(err)?;
    }
    encode_png(&pixels, width, height).map_err(|e| e.to_string())
}

/// RGB pixels as a PNG: fast deflate, each row's filter chosen by the
/// encoder. These settings fix the bytes of every PNG the report ships.
fn encode_png(pixels: &[u8], width: u32, height: u32) -> Result<Vec<u8>, png::EncodingError> {
    let mut bytes = Vec::new();
    let mut encoder = png::Encoder::new(&mut bytes, width, height);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Fast);
    encoder.set_filter(png::FilterType::Sub);
    encoder.set_adaptive_filter(png::AdaptiveFilterType::Adaptive);
    let mut writer = encoder.write_header()?;
    writer.write_image_data(pixels)?;
    writer.finish()?;
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::super::parts::{BarFigure, Bars, Line, LineFigure, Plot};
    use super::super::pen::{bold, style};
    use super::super::theme::{TEXT, ZERO};
    use super::*;
    use crate::charts::prepare::{Mark, Point};

    fn line(label: &str, points: &[(f64, f64)]) -> Line {
        Line {
            label: label.into(),
            color: theme::WESTERN,
            points: points
                .iter()
                .map(|&(x, y)| Point::new(x, y, Mark::Exact))
                .collect(),
            dashed: false,
            gap: f64::INFINITY,
        }
    }

    fn lines_figure(lines: Vec<Line>, log_y: bool) -> Figure {
        Figure {
            title: "Title".into(),
            subtitle: "Subtitle".into(),
            source: "Source: test".into(),
            plot: Plot::Lines(LineFigure {
                lines,
                log_y,
                unit: crate::model::Unit::Count,
                markers: Vec::new(),
            }),
        }
    }

    fn bars_figure(categories: &[&str], values: &[Option<f64>]) -> Figure {
        Figure {
            title: "Bars".into(),
            subtitle: "Subtitle".into(),
            source: "Source: test".into(),
            plot: Plot::Bars(BarFigure {
                categories: categories.iter().map(|c| c.to_string()).collect(),
                series: vec![Bars {
                    label: "s".into(),
                    color: theme::CHINA,
                    values: values.to_vec(),
                }],
                unit: crate::model::Unit::Percent,
            }),
        }
    }

    /// Parses the SVG as XML and returns it; panics if it is malformed.
    fn well_formed(svg: &str) -> roxmltree::Document<'_> {
        roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("malformed SVG: {e}"))
    }

    #[test]
    fn an_empty_figure_is_an_error_not_a_hang() {
        assert!(to_svg(&lines_figure(Vec::new(), false), "x", "d").is_err());
        assert!(to_svg(&lines_figure(vec![line("a", &[])], false), "x", "d").is_err());
        assert!(to_svg(&bars_figure(&[], &[]), "x", "d").is_err());
        assert!(to_svg(&bars_figure(&["a"], &[None]), "x", "d").is_err());
    }

    #[test]
    fn non_finite_values_never_reach_the_plot() {
        let figure = lines_figure(
            vec![line("a", &[(0.0, f64::NAN), (1.0, f64::INFINITY)])],
            false,
        );
        assert!(
            to_svg(&figure, "x", "d").is_err(),
            "nothing finite is left to draw"
        );
        let figure = lines_figure(
            vec![line("a", &[(0.0, 1.0), (1.0, f64::NAN), (2.0, 3.0)])],
            false,
        );
        let svg = to_svg(&figure, "x", "d").unwrap();
        assert!(!svg.contains("NaN") && !svg.contains("inf"));
        well_formed(&svg);
    }

    #[test]
    fn one_point_and_flat_series_draw() {
        for points in [
            vec![(19_000.0, 5.0)],
            vec![(19_000.0, 7.0), (19_100.0, 7.0), (19_200.0, 7.0)],
        ] {
            let svg = to_svg(
                &lines_figure(vec![line("flat", &points)], false),
                "flat",
                "d",
            )
            .unwrap();
            well_formed(&svg);
        }
        well_formed(
            &to_svg(
                &bars_figure(&["a", "b"], &[Some(0.0), Some(0.0)]),
                "zero",
                "d",
            )
            .unwrap(),
        );
    }

    #[test]
    fn negative_values_get_a_zero_line() {
        let svg = to_svg(
            &bars_figure(&["q1", "q2"], &[Some(2.0), Some(-1.5)]),
            "neg",
            "d",
        )
        .unwrap();
        well_formed(&svg);
        assert!(
            svg.contains(&format!(
                "stroke=\"#{:02X}{:02X}{:02X}\"",
                ZERO.0, ZERO.1, ZERO.2
            )),
            "zero line drawn"
        );
    }

    #[test]
    fn log_scale_draws_positive_values_only() {
        let figure = lines_figure(
            vec![line(
                "a",
                &[(19_000.0, 0.0), (19_010.0, 10.0), (19_020.0, 1e6)],
            )],
            true,
        );
        well_formed(&to_svg(&figure, "log", "d").unwrap());
    }

    #[test]
    fn hostile_text_is_escaped_and_cut() {
        let hostile = "<script>alert('x')</script> & \"quotes\"\u{0}\u{1b}[31m";
        let mut figure = bars_figure(&[hostile, "字节跳动 豆包 Ünïcödé"], &[Some(1.0), Some(2.0)]);
        figure.title = format!("{hostile}{}", "long ".repeat(100));
        if let Plot::Bars(b) = &mut figure.plot {
            b.series[0].label = hostile.into();
        }
        let svg = to_svg(&figure, "hostile", hostile).unwrap();
        let doc = well_formed(&svg);
        assert!(!svg.contains("<script"), "no raw markup from the data");
        assert!(
            !svg.chars().any(|c| c.is_control() && c != '\n'),
            "no control characters"
        );
        let title = doc.descendants().find(|n| n.has_tag_name("title")).unwrap();
        assert!(
            title
                .text()
                .unwrap()
                .starts_with("<script>alert('x')</script>"),
            "escaped, not dropped"
        );
        assert!(title.text().unwrap().ends_with('…'));
        let desc = doc.descendants().find(|n| n.has_tag_name("desc")).unwrap();
        assert!(desc.text().unwrap().contains("\"quotes\""));
    }

    #[test]
    fn the_svg_is_accessible_and_scales() {
        let svg = to_svg(
            &bars_figure(&["a"], &[Some(1.0)]),
            "my_chart",
            "One bar of 1%.",
        )
        .unwrap();
        let doc = well_formed(&svg);
        let root = doc.root_element();
        assert_eq!(root.attribute("role"), Some("img"));
        assert_eq!(
            root.attribute("aria-labelledby"),
            Some("my_chart-title my_chart-desc")
        );
        assert_eq!(root.attribute("viewBox"), Some("0 0 720 420"));
        let desc = doc
            .descendants()
            .find(|n| n.attribute("id") == Some("my_chart-desc"))
            .unwrap();
        assert_eq!(desc.text(), Some("One bar of 1%."));
    }

    #[test]
    fn svg_text_keeps_the_laid_out_size() {
        // plotters writes 22 / 1.24 for a 22-pixel-high DejaVu glyph box, whose em
        // is 22 / 1.1640625 = 18.9 px.
        assert_eq!(
            restore_font_sizes(
                r#"<text font-family="sans-serif" font-size="17.741935483870968">T</text>"#
            ),
            r#"<text font-size="18.9">T</text>"#
        );
        let svg = to_svg(&bars_figure(&["a"], &[Some(1.0)]), "s", "d").unwrap();
        assert!(svg.contains("font-size=\"18.9\""), "the title at 18.9 px");
        let doc = well_formed(&svg);
        let fonts = doc.root_element().attribute("font-family").unwrap();
        assert!(
            fonts.starts_with("DejaVu Sans, Droid Sans Fallback, "),
            "{fonts}"
        );
        assert!(fonts.ends_with(", sans-serif"));
        assert!(!svg.contains("font-family=\"sans-serif\""));
    }

    #[test]
    fn bold_text_is_measured_with_the_bold_face() {
        theme::register_fonts();
        let mut svg = String::new();
        let root = SVGBackend::with_string(&mut svg, (720, 420)).into_drawing_area();
        let text = "Operating margin fell from 18.1% to -0.3%";
        let width = |font: &TextStyle| root.estimate_text_size(text, font).unwrap().0;
        assert!(width(&bold(22.0, &TEXT)) > width(&style(22.0, &TEXT)) + 20);
    }

    #[test]
    fn colours_carry_their_class_and_labels_their_ink() {
        let mut figure = lines_figure(vec![line("a", &[(19_000.0, 1.0), (19_100.0, 2.5)])], false);
        if let Plot::Lines(l) = &mut figure.plot {
            l.lines[0].color = theme::CHINA;
        }
        let svg = to_svg(&figure, "c", "d").unwrap();
        well_formed(&svg);
        let ink = theme::ink(theme::CHINA);
        assert_ne!(ink, theme::CHINA, "vermillion text is darkened on white");
        let label = format!(
            "fill=\"#{:02X}{:02X}{:02X}\" font-weight=\"bold\" class=\"t-d55e00\"",
            ink.0, ink.1, ink.2
        );
        assert!(svg.contains(&label), "the end label: {label}");
        assert!(
            svg.contains("stroke=\"#D55E00\" stroke-width=\"3\""),
            "the line keeps its colour"
        );
        assert!(svg.contains("class=\"f-ffffff\""), "the panel");
    }

    #[test]
    fn drawing_is_deterministic() {
        let figure = lines_figure(vec![line("a", &[(19_000.0, 1.0), (19_100.0, 2.5)])], false);
        assert_eq!(
            to_svg(&figure, "d", "x").unwrap(),
            to_svg(&figure, "d", "x").unwrap()
        );
    }

    #[test]
    fn png_uses_the_bundled_font() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.png");
        write_png(
            &bars_figure(&["字节跳动", "b"], &[Some(1.0), Some(-2.0)]),
            &path,
        )
        .unwrap();
        let bytes = std::fs::read(&path).unwrap();
        assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
    }
}
