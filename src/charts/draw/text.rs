//! Text as a reader sees it: measured with the bundled fonts, character by
//! character falling back from DejaVu Sans to Droid Sans Fallback for the
//! scripts DejaVu lacks (Chinese, Japanese, Korean), as a browser falls back
//! along the SVG's font list; broken into lines that fit, never cut; and drawn.
//!
//! plotters takes one font per family and has no fallback of its own, so a PNG
//! draws each run of characters with its own font, placed by these widths. An
//! SVG keeps each text whole: the browser does the falling back.

use std::sync::LazyLock;

use ab_glyph::{Font, FontRef, GlyphId, ScaleFont};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::pen::{err, Area};
use super::theme;

/// A backend the figures are drawn on, and whether it needs the runs of a
/// text in other fonts drawn by hand (a bitmap) or lets a browser pick fonts
/// along the font list (an SVG).
pub(crate) trait Canvas: DrawingBackend {
    const DRAWS_RUNS: bool;
}

impl Canvas for SVGBackend<'_> {
    const DRAWS_RUNS: bool = false;
}

impl<P: plotters::backend::PixelFormat> Canvas for BitMapBackend<'_, P> {
    const DRAWS_RUNS: bool = true;
}

struct Faces {
    regular: FontRef<'static>,
    bold: FontRef<'static>,
    fallback: FontRef<'static>,
}

static FACES: LazyLock<Faces> = LazyLock::new(|| {
    let font = |bytes: &'static [u8], name: &str| {
        FontRef::try_from_slice(bytes)
            .unwrap_or_else(|_| panic!("the bundled {name} is a valid font"))
    };
    Faces {
        regular: font(theme::DEJAVU, "DejaVuSans.ttf"),
        bold: font(theme::DEJAVU_BOLD, "DejaVuSans-Bold.ttf"),
        fallback: font(theme::FALLBACK, "DroidSansFallbackFull.ttf"),
    }
});

/// DejaVu Sans's glyph box, ascent (1901) to descent (483) over 2048 units to
/// the em: plotters' text size is this box's height, so an em is `size / 1.164`.
pub(super) const DEJAVU_HEIGHT_EM: f64 = (1901.0 + 483.0) / 2048.0;

/// The em, in pixels, of text of plotters' `size`.
pub(super) fn em(size: f64) -> f64 {
    size / DEJAVU_HEIGHT_EM
}

/// Which font draws a character.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Face {
    Main,
    Fallback,
}

fn main_face(bold: bool) -> &'static FontRef<'static> {
    if bold {
        &FACES.bold
    } else {
        &FACES.regular
    }
}

fn face_of(c: char, bold: bool) -> Face {
    if main_face(bold).glyph_id(c) != GlyphId(0) || FACES.fallback.glyph_id(c) == GlyphId(0) {
        Face::Main
    } else {
        Face::Fallback
    }
}

/// The text split into runs of characters drawn with one font.
fn runs(text: &str, bold: bool) -> Vec<(Face, &str)> {
    let mut out: Vec<(Face, &str)> = Vec::new();
    let mut start = 0;
    let mut current = None;
    for (at, c) in text.char_indices() {
        let face = face_of(c, bold);
        if current.is_some_and(|f| f != face) {
            out.push((current.expect("a face"), &text[start..at]));
            start = at;
        }
        current = Some(face);
    }
    if let Some(face) = current {
        out.push((face, &text[start..]));
    }
    out
}

/// The size plotters takes to draw the fallback font at the em of `size`:
/// its glyph box is another fraction of its em.
fn fallback_size(size: f64) -> f64 {
    let f = &FACES.fallback;
    em(size) * f64::from(f.height_unscaled()) / f64::from(f.units_per_em().unwrap_or(1000.0))
}

/// The advance of a run, as plotters lays it out (with the font's kerning).
fn run_width(face: Face, run: &str, size: f64, bold: bool) -> f64 {
    let (font, size) = match face {
        Face::Main => (main_face(bold), size),
        Face::Fallback => (&FACES.fallback, fallback_size(size)),
    };
    let scaled = font.as_scaled(size as f32);
    let mut width = 0.0f32;
    let mut previous = None;
    for c in run.chars() {
        let glyph = scaled.glyph_id(c);
        if let Some(previous) = previous {
            width += scaled.kern(previous, glyph);
        }
        width += scaled.h_advance(glyph);
        previous = Some(glyph);
    }
    f64::from(width)
}

/// The width, in pixels, of `text` drawn at plotters' `size`.
pub(super) fn width(text: &str, size: f64, bold: bool) -> f64 {
    runs(text, bold)
        .into_iter()
        .map(|(face, run)| run_width(face, run, size, bold))
        .sum()
}

/// Breaks `text` into lines no wider than `room` pixels: at spaces, then
/// after a dash inside a word ("Jul–" and "Sep"), and between letters only
/// when a part alone is wider than the room. Nothing is cut.
pub(super) fn wrap(text: &str, size: f64, bold: bool, room: f64) -> Vec<String> {
    let fits = |t: &str| width(t, size, bold) <= room;
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    for word in text.split_whitespace() {
        for (i, part) in word.split_inclusive(DASHES).enumerate() {
            let glue = match (current.is_empty(), i) {
                (true, _) => "",
                (false, 0) => " ",
                (false, _) => "",
            };
            let candidate = format!("{current}{glue}{part}");
            if fits(&candidate) {
                current = candidate;
                continue;
            }
            if !current.is_empty() {
                lines.push(std::mem::take(&mut current));
            }
            // A part wider than a line on its own: broken where the room ends.
            for c in part.chars() {
                current.push(c);
                if !fits(&current) && current.chars().count() > 1 {
                    current.pop();
                    lines.push(std::mem::replace(&mut current, c.to_string()));
                }
            }
        }
    }
    if !current.is_empty() {
        lines.push(current);
    }
    lines
}

/// Where a word may be broken, after the character: hyphens and dashes.
const DASHES: [char; 3] = ['-', '–', '—'];

/// Whether `lines` (of `wrap`) break `text` only at spaces and after dashes,
/// never between two letters.
pub(super) fn breaks_only_between_words(text: &str, lines: &[String]) -> bool {
    let mut rest = text.trim_start();
    for (i, line) in lines.iter().enumerate() {
        let Some(after) = rest.strip_prefix(line.as_str()) else {
            return false;
        };
        let at_break =
            after.is_empty() || after.starts_with(char::is_whitespace) || line.ends_with(DASHES);
        if i + 1 < lines.len() && !at_break {
            return false;
        }
        rest = after.trim_start();
    }
    true
}

/// Draws `text` in `style` at `at`. On a bitmap, runs in the fallback font are
/// drawn with it, each after the one before, aligned on one baseline.
pub(super) fn draw<DB: Canvas>(
    root: &Area<DB>,
    text: &str,
    at: (i32, i32),
    style: &TextStyle,
) -> Result<(), String> {
    let bold = matches!(style.font.get_style(), FontStyle::Bold);
    let runs = runs(text, bold);
    if !DB::DRAWS_RUNS || runs.iter().all(|(face, _)| *face == Face::Main) {
        return root
            .draw(&Text::new(text.to_string(), at, style.clone()))
            .map_err(err);
    }
    let size = style.font.get_size();
    let total = width(text, size, bold);
    let mut x = f64::from(at.0)
        - match style.pos.h_pos {
            HPos::Left => 0.0,
            HPos::Center => total / 2.0,
            HPos::Right => total,
        };
    // plotters' bitmap text hangs from the anchor by its layout height
    // (`size / 1.24`) and puts the baseline half a size below that top.
    let layout_height = (size / 1.24).trunc();
    let top = f64::from(at.1)
        - match style.pos.v_pos {
            VPos::Top => 0.0,
            VPos::Center => (layout_height / 2.0).trunc(),
            VPos::Bottom => layout_height,
        };
    let baseline = top + size / 2.0;
    for (face, run) in runs {
        let (family, run_size) = match face {
            Face::Main => (theme::FONT, size),
            Face::Fallback => (theme::FALLBACK_FONT, fallback_size(size)),
        };
        let font = FontDesc::new(FontFamily::Name(family), run_size, style.font.get_style());
        let run_style = TextStyle {
            font,
            color: style.color,
            pos: Pos::new(HPos::Left, VPos::Top),
        };
        let y = (baseline - run_size / 2.0).round() as i32;
        // The fallback font has no bold face: a bold run is drawn twice, a
        // pixel apart, as browsers embolden a font that lacks one.
        let strokes = if bold && face == Face::Fallback { 2 } else { 1 };
        for dx in 0..strokes {
            let at = (x.round() as i32 + dx, y);
            root.draw(&Text::new(run.to_string(), at, run_style.clone()))
                .map_err(err)?;
        }
        x += run_width(face, run, size, bold);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin_is_measured_as_plotters_measures_it() {
        theme::register_fonts();
        let mut svg = String::new();
        let root = SVGBackend::with_string(&mut svg, (720, 420)).into_drawing_area();
        for (text, bold) in [("Operating margin 18.1%", false), ("ChatGPT 900.0M", true)] {
            let style = if bold {
                super::super::pen::bold(14.0, &theme::TEXT)
            } else {
                super::super::pen::style(14.0, &theme::TEXT)
            };
            let plotters = root.estimate_text_size(text, &style).unwrap().0;
            assert_eq!(width(text, 14.0, bold).trunc() as u32, plotters, "{text}");
        }
    }

    #[test]
    fn chinese_is_an_em_a_character_not_a_notdef_box() {
        // 12 px text (plotters' 14): each ideograph one em, the space and
        // "Qwen" DejaVu's own widths.
        let em = em(14.0);
        assert!((em - 12.03).abs() < 0.01);
        let chinese = width("千问", 14.0, false);
        assert!((chinese - 2.0 * em).abs() < 0.05, "{chinese}");
        let mixed = width("千问 Qwen app", 14.0, false);
        assert!((mixed - chinese - width(" Qwen app", 14.0, false)).abs() < 0.01);
        assert_eq!(
            runs("千问 Qwen", false),
            vec![(Face::Fallback, "千问"), (Face::Main, " Qwen")]
        );
        // Without the fallback, plotters gives each the narrower notdef box.
        let notdef = run_width(Face::Main, "千问", 14.0, false);
        assert!(notdef < chinese - 4.0, "{notdef} vs {chinese}");
    }

    #[test]
    fn wrapping_breaks_at_spaces_and_breaks_a_long_word_without_cutting() {
        let room = width("Alibaba Group", 14.0, false);
        assert_eq!(
            wrap("Alibaba Group Holding Limited", 14.0, false, room),
            ["Alibaba Group", "Holding", "Limited"]
        );
        let word = "Supercalifragilisticexpialidocious";
        let lines = wrap(word, 14.0, false, 60.0);
        assert!(lines.len() > 2);
        assert_eq!(lines.concat(), word, "every letter kept");
        assert!(lines.iter().all(|l| width(l, 14.0, false) <= 60.0));
        assert_eq!(wrap("字节跳动豆包", 14.0, false, 3.5 * em(14.0)).len(), 2);
        assert!(wrap("  ", 14.0, false, 50.0).is_empty());
        // A dash is a place to break before letters are.
        let room = width("Sep 2024", 14.0, false);
        let lines = wrap("Jul–Sep 2024", 14.0, false, room);
        assert_eq!(lines, ["Jul–Sep", "2024"]);
        let lines = wrap("Jul–Sep 2024", 14.0, false, width("Jul–Se", 14.0, false));
        assert_eq!(lines, ["Jul–", "Sep", "2024"]);
        assert!(breaks_only_between_words("Jul–Sep 2024", &lines));
        let broken = wrap("ByteDance", 14.0, false, width("ByteD", 14.0, false));
        assert!(!breaks_only_between_words("ByteDance", &broken));
        assert!(breaks_only_between_words(
            "Alibaba Group",
            &wrap("Alibaba Group", 14.0, false, room)
        ));
    }

    /// The pixels of a 120 x 40 bitmap after `paint`.
    fn bitmap(paint: impl Fn(&Area<BitMapBackend>)) -> Vec<u8> {
        theme::register_fonts();
        let mut pixels = vec![255u8; 3 * 120 * 40];
        {
            let root = BitMapBackend::with_buffer(&mut pixels, (120, 40)).into_drawing_area();
            paint(&root);
            root.present().unwrap();
        }
        pixels
    }

    #[test]
    fn a_png_draws_chinese_with_the_fallback_font_not_notdef_boxes() {
        let style = super::super::pen::style(22.0, &theme::TEXT);
        let ours = bitmap(|root| draw(root, "千问", (4, 8), &style).unwrap());
        // plotters alone: DejaVu Sans's notdef box for each character.
        let boxes = bitmap(|root| {
            root.draw(&Text::new("千问", (4, 8), style.clone()))
                .unwrap()
        });
        // The same characters drawn with the fallback font, on the same baseline.
        let fallback = bitmap(|root| {
            let size = fallback_size(22.0);
            let font = FontDesc::new(
                FontFamily::Name(theme::FALLBACK_FONT),
                size,
                FontStyle::Normal,
            );
            let y = (8.0 + 22.0 / 2.0 - size / 2.0).round() as i32;
            root.draw(&Text::new("千问", (4, y), font.color(&theme::TEXT)))
                .unwrap()
        });
        let ink = |p: &[u8]| p.iter().filter(|&&v| v < 128).count();
        assert!(ink(&ours) > 100, "the glyphs are drawn");
        assert_ne!(ours, boxes, "not the notdef boxes");
        assert_eq!(ours, fallback);
        // Latin text stays one run in DejaVu Sans, drawn as plotters draws it.
        let latin = bitmap(|root| draw(root, "Qwen", (4, 8), &style).unwrap());
        let plain = bitmap(|root| {
            root.draw(&Text::new("Qwen", (4, 8), style.clone()))
                .unwrap()
        });
        assert_eq!(latin, plain);
    }
}
