//! The look of every chart: palette, fonts, sizes. The one place that knows them.
//!
//! Colours come from the Okabe-Ito palette, which stays distinguishable under the
//! common forms of colour blindness. The two blocs keep one hue each throughout:
//! western blue, china vermillion; companies of a bloc take shades of its hue.

use std::sync::Once;

use plotters::style::{register_font, FontStyle, RGBColor};

use crate::model::Bloc;

/// The usual size of a chart; a chart whose words need more lines is taller.
pub const WIDTH: u32 = 720;
pub const HEIGHT: u32 = 420;
/// The size of the charts drawn for narrow screens (phones): as wide as a
/// 390 px screen shows them, so their text keeps its size there.
pub const NARROW_WIDTH: u32 = 360;
pub const NARROW_HEIGHT: u32 = 500;

/// The family name the charts use; the bundled DejaVu Sans is registered under it.
pub const FONT: &str = "sans-serif";
/// Text sizes as plotters takes them: the glyph box height in pixels, 1.164 em
/// for DejaVu Sans. 22 is an 18.9 px title; 15 a 12.9 px label; 14, the
/// least, 12 px: 11.9 px on a 390 px phone, and 7 pt printed when the chart is
/// printed 150 mm wide or more.
pub const TITLE_SIZE: f64 = 22.0;
pub const SUBTITLE_SIZE: f64 = 15.0;
pub const LABEL_SIZE: f64 = 15.0;
pub const SMALL_SIZE: f64 = 14.0;

pub const BACKGROUND: RGBColor = RGBColor(255, 255, 255);
pub const TEXT: RGBColor = RGBColor(34, 34, 34);
pub const MUTED: RGBColor = RGBColor(102, 102, 102);
pub const GRID: RGBColor = RGBColor(226, 226, 226);
pub const AXIS: RGBColor = RGBColor(153, 153, 153);
pub const ZERO: RGBColor = RGBColor(68, 68, 68);
pub const NEUTRAL: RGBColor = RGBColor(120, 120, 120);

pub const WESTERN: RGBColor = RGBColor(0, 114, 178);
pub const CHINA: RGBColor = RGBColor(213, 94, 0);

/// Shades of each bloc's hue, the bloc's own colour first.
const WESTERN_SHADES: [RGBColor; 4] = [
    WESTERN,
    RGBColor(86, 180, 233),
    RGBColor(0, 62, 100),
    RGBColor(93, 138, 168),
];
const CHINA_SHADES: [RGBColor; 4] = [
    CHINA,
    RGBColor(230, 159, 0),
    RGBColor(140, 60, 0),
    RGBColor(184, 134, 11),
];

/// Series not tied to a bloc: the rest of the Okabe-Ito palette.
const OTHERS: [RGBColor; 4] = [
    RGBColor(0, 158, 115),
    RGBColor(204, 121, 167),
    RGBColor(86, 180, 233),
    RGBColor(230, 159, 0),
];

pub fn bloc_color(bloc: Bloc) -> RGBColor {
    match bloc {
        Bloc::Western => WESTERN,
        Bloc::China => CHINA,
    }
}

/// The `index`-th shade of a bloc's hue (cycling), or a neutral colour without a bloc.
pub fn shade(bloc: Option<Bloc>, index: usize) -> RGBColor {
    match bloc {
        Some(Bloc::Western) => WESTERN_SHADES[index % WESTERN_SHADES.len()],
        Some(Bloc::China) => CHINA_SHADES[index % CHINA_SHADES.len()],
        None => OTHERS[index % OTHERS.len()],
    }
}

/// A lighter version of a colour, for guidance beside actuals.
pub fn faded(color: RGBColor) -> RGBColor {
    let mix = |c: u8| (f64::from(c) + (255.0 - f64::from(c)) * 0.55).round() as u8;
    RGBColor(mix(color.0), mix(color.1), mix(color.2))
}

/// The bundled fonts: DejaVu Sans for Latin, Greek and Cyrillic text, and
/// Droid Sans Fallback for the scripts DejaVu lacks (Chinese, Japanese,
/// Korean), each with its licence in `assets/fonts`.
pub(super) static DEJAVU: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans.ttf");
pub(super) static DEJAVU_BOLD: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans-Bold.ttf");
pub(super) static FALLBACK: &[u8] =
    include_bytes!("../../../assets/fonts/DroidSansFallbackFull.ttf");

/// The family name the fallback font is registered under, for a PNG's runs
/// of characters DejaVu Sans lacks.
pub(super) const FALLBACK_FONT: &str = "fallback";

/// The font list of the SVG's text: the bundled fonts first, then common
/// fonts with CJK glyphs (one em wide, as measured), so a browser draws every
/// character with the widths the layout measured, or narrower.
pub const FONT_LIST: &str = "DejaVu Sans, Droid Sans Fallback, Noto Sans CJK SC, \
                             Source Han Sans SC, PingFang SC, Microsoft YaHei, sans-serif";

/// Registers the bundled fonts once, so text is measured the same on every
/// machine and nothing depends on fontconfig or freetype.
pub fn register_fonts() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        for (family, style, bytes, file) in [
            (FONT, FontStyle::Normal, DEJAVU, "DejaVuSans.ttf"),
            (FONT, FontStyle::Bold, DEJAVU_BOLD, "DejaVuSans-Bold.ttf"),
            (
                FALLBACK_FONT,
                FontStyle::Normal,
                FALLBACK,
                "DroidSansFallbackFull.ttf",
            ),
        ] {
            register_font(family, style, bytes)
                .unwrap_or_else(|_| panic!("the bundled {file} is a valid font"));
        }
    });
}

/// Text from the data made safe for a chart: control characters (which would
/// make the SVG malformed) become spaces, and the ends are trimmed. Charts wrap
/// text that is long; they never cut it.
pub fn clean(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .trim()
        .to_string()
}

/// Text from the data made safe and cut to `max_chars` with an ellipsis, for
/// words no reader sees drawn (an SVG's `<title>` and `<desc>`).
pub fn label(text: &str, max_chars: usize) -> String {
    let clean = clean(text);
    if clean.chars().count() <= max_chars {
        clean
    } else {
        let cut: String = clean.chars().take(max_chars.saturating_sub(1)).collect();
        format!("{}…", cut.trim_end())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_lose_control_characters_and_long_tails() {
        assert_eq!(label("Qwen\u{0}\napp", 20), "Qwen  app");
        assert_eq!(label("Alibaba Group Holding Limited", 10), "Alibaba G…");
        assert_eq!(label("字节跳动 豆包", 5), "字节跳动…");
        assert_eq!(label("short", 5), "short");
        assert_eq!(clean(" 字节跳动\u{7}豆包\n"), "字节跳动 豆包");
    }

    #[test]
    fn blocs_keep_their_hue() {
        assert_eq!(shade(Some(Bloc::Western), 0), WESTERN);
        assert_eq!(shade(Some(Bloc::China), 4), CHINA);
        assert_eq!(CHINA, RGBColor(0xd5, 0x5e, 0x00));
        assert_eq!(faded(RGBColor(0, 0, 0)), RGBColor(140, 140, 140));
    }
}
