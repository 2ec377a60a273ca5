//! The look of every chart: palette, fonts, sizes. The one place that knows them.
//!
//! Colours say who. A company has one colour in every chart: its `color` in
//! companies.csv, else the palette's colour for its place in that file
//! (`COMPANY_PALETTE`: twelve colours ordered so that companies next to each
//! other, or one apart, stay apart for colour-blind readers too; from the
//! thirteenth on the palette comes round again in darker shades). A company's
//! second or third series in one chart (two products) takes a shade of its
//! colour. The two blocs keep their own colours throughout, western blue and
//! china vermillion, and the palette holds neither; a bloc's series is always
//! labelled with its name. Series that belong to no single company (one
//! company's segments, stacks, campaign measures, the rest summed or averaged,
//! a plan) are grey: no company is grey.
//!
//! Text drawn in a series' colour reads at WCAG AA: `readable` darkens the
//! colour on the light panel (lightens it on the dark one) until it does; the
//! line or bar keeps the colour itself. Dark mode: `for_dark` gives the colour
//! of each paint on the dark panel (greys keep their contrast with the panel,
//! colours are lightened only as far as they must be to show).

use std::sync::Once;

use plotters::style::{register_font, FontStyle, RGBColor};

use crate::model::{Bloc, Color};

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
/// The rest of the companies (summed or averaged), and a plan to compare with.
pub const NEUTRAL: RGBColor = RGBColor(120, 120, 120);

/// The panel in dark mode: the page's dark surface (`--surface` in style.css).
pub const DARK_BACKGROUND: RGBColor = RGBColor(31, 33, 35);

/// WCAG AA for text of the charts' sizes (all under 18.66 px bold or 24 px).
pub const TEXT_CONTRAST: f64 = 4.5;
/// WCAG 2.1's least contrast for the lines and bars that carry the data.
pub const SHAPE_CONTRAST: f64 = 3.0;

pub const WESTERN: RGBColor = RGBColor(0, 114, 178);
pub const CHINA: RGBColor = RGBColor(213, 94, 0);

/// The colours of companies without a `color` in companies.csv, by their
/// place in it; the shipped data gives each company one of these. From Okabe
/// and Ito's and Paul Tol's colour-blind-safe sets, none of them a bloc's
/// colour or grey; ordered so that any two within two places of each other
/// differ by at least 17 (CIEDE2000) in normal vision and as protanopes and
/// deuteranopes see them, on the light panel and the dark one.
pub const COMPANY_PALETTE: [RGBColor; 12] = [
    RGBColor(0xE6, 0x9F, 0x00), // orange
    RGBColor(0x66, 0x99, 0xCC), // steel blue
    RGBColor(0x88, 0x22, 0x55), // wine
    RGBColor(0xEE, 0x66, 0x77), // rose
    RGBColor(0x11, 0x77, 0x33), // green
    RGBColor(0x33, 0x22, 0x88), // indigo
    RGBColor(0xCC, 0x79, 0xA7), // reddish purple
    RGBColor(0x8C, 0x56, 0x4B), // brown
    RGBColor(0xBB, 0xBB, 0x77), // khaki
    RGBColor(0xAA, 0x44, 0x99), // purple
    RGBColor(0x56, 0xB4, 0xE9), // sky blue
    RGBColor(0x00, 0x9E, 0x73), // bluish green
];

/// Series that belong to no single company, darkest first.
const GREYS: [RGBColor; 4] = [
    RGBColor(64, 64, 64),
    NEUTRAL,
    RGBColor(168, 168, 168),
    RGBColor(208, 208, 208),
];

pub fn bloc_color(bloc: Bloc) -> RGBColor {
    match bloc {
        Bloc::Western => WESTERN,
        Bloc::China => CHINA,
    }
}

/// A company's colour: the one companies.csv gives, else the palette's for
/// its place in the file (a darker round after the twelfth).
pub fn company_color(given: Option<Color>, place: usize) -> RGBColor {
    match given {
        Some(c) => RGBColor(c.red, c.green, c.blue),
        None => {
            let base = COMPANY_PALETTE[place % COMPANY_PALETTE.len()];
            shade(base, place / COMPANY_PALETTE.len())
        }
    }
}

/// The `index`-th shade of a colour, in turn: the colour itself, then one
/// away from the nearer end (lighter for a dark colour, darker for a light
/// one), then one the other way. HSL lightness moves; hue and saturation stay.
/// Lightening first keeps a dark colour's shade apart from it on the dark
/// panel too, where both would otherwise be lifted to the same lightness.
pub fn shade(color: RGBColor, index: usize) -> RGBColor {
    let (h, s, l) = to_hsl(color);
    let (darker, lighter) = (l * 0.62, l + (1.0 - l) * 0.55);
    let (first, second) = if luminance(color) < 0.2 {
        (lighter, darker)
    } else {
        (darker, lighter)
    };
    match index % 3 {
        0 => color,
        1 => from_hsl(h, s, first),
        _ => from_hsl(h, s, second),
    }
}

/// The `index`-th grey of series that are no company's (cycling).
pub fn grey(index: usize) -> RGBColor {
    GREYS[index % GREYS.len()]
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

/// WCAG 2.x relative luminance: sRGB channels linearised, weighted.
pub fn luminance(color: RGBColor) -> f64 {
    let linear = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * linear(color.0) + 0.7152 * linear(color.1) + 0.0722 * linear(color.2)
}

/// The WCAG 2.x contrast ratio of two colours, from 1 to 21.
pub fn contrast(a: RGBColor, b: RGBColor) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// `color`, or the nearest shade of it (HSL lightness moved towards black on
/// a light background, towards white on a dark one) whose contrast with
/// `background` is at least `ratio`.
pub fn readable(color: RGBColor, background: RGBColor, ratio: f64) -> RGBColor {
    if contrast(color, background) >= ratio {
        return color;
    }
    let (h, s, l) = to_hsl(color);
    let towards_black = contrast(RGBColor(0, 0, 0), background) >= contrast(BACKGROUND, background);
    let at = |t: f64| {
        let l = if towards_black {
            l * (1.0 - t)
        } else {
            l + (1.0 - l) * t
        };
        from_hsl(h, s, l)
    };
    // The least move that reads: contrast grows with the move.
    let (mut lo, mut hi) = (0.0, 1.0);
    for _ in 0..32 {
        let mid = (lo + hi) / 2.0;
        if contrast(at(mid), background) >= ratio {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    at(hi)
}

/// The colour of text drawn in a series' colour, on the light panel.
pub fn ink(color: RGBColor) -> RGBColor {
    readable(color, BACKGROUND, TEXT_CONTRAST)
}

/// What a colour paints: text, or a shape (a line, a bar, a mark, the panel).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Paint {
    Text,
    Shape,
}

/// A colour of the light drawing as the dark panel shows it. Greys (the panel,
/// text, grid and axes among them) keep the contrast they have with the light
/// panel (text at least AA's), so dark text turns light and a faint grid stays
/// faint; other colours stay themselves where they read (text) or show
/// (shapes) on the dark panel, and are lightened as far as they must be where
/// they do not.
pub fn for_dark(color: RGBColor, paint: Paint) -> RGBColor {
    if color == BACKGROUND {
        return DARK_BACKGROUND;
    }
    if color.0 == color.1 && color.1 == color.2 {
        let mut keep = contrast(color, BACKGROUND);
        if paint == Paint::Text {
            keep = keep.max(TEXT_CONTRAST);
        }
        return (0..=255u8)
            .map(|v| RGBColor(v, v, v))
            .find(|grey| {
                luminance(*grey) >= luminance(DARK_BACKGROUND)
                    && contrast(*grey, DARK_BACKGROUND) >= keep
            })
            .unwrap_or(RGBColor(255, 255, 255));
    }
    let ratio = match paint {
        Paint::Text => TEXT_CONTRAST,
        Paint::Shape => SHAPE_CONTRAST,
    };
    readable(color, DARK_BACKGROUND, ratio)
}

/// Hue (degrees), saturation and lightness (0 to 1) of a colour.
fn to_hsl(color: RGBColor) -> (f64, f64, f64) {
    let [r, g, b] = [color.0, color.1, color.2].map(|c| f64::from(c) / 255.0);
    let (max, min) = (r.max(g).max(b), r.min(g).min(b));
    let l = (max + min) / 2.0;
    let d = max - min;
    if d == 0.0 {
        return (0.0, 0.0, l);
    }
    let s = d / (1.0 - (2.0 * l - 1.0).abs());
    let h = if max == r {
        ((g - b) / d).rem_euclid(6.0)
    } else if max == g {
        (b - r) / d + 2.0
    } else {
        (r - g) / d + 4.0
    };
    (h * 60.0, s, l)
}

/// The colour of a hue, saturation and lightness, rounded to 8-bit channels.
fn from_hsl(h: f64, s: f64, l: f64) -> RGBColor {
    let l = l.clamp(0.0, 1.0);
    let c = (1.0 - (2.0 * l - 1.0).abs()) * s;
    let x = c * (1.0 - ((h / 60.0).rem_euclid(2.0) - 1.0).abs());
    let (r, g, b) = match (h / 60.0) as u32 % 6 {
        0 => (c, x, 0.0),
        1 => (x, c, 0.0),
        2 => (0.0, c, x),
        3 => (0.0, x, c),
        4 => (x, 0.0, c),
        _ => (c, 0.0, x),
    };
    let m = l - c / 2.0;
    let channel = |v: f64| ((v + m) * 255.0).round().clamp(0.0, 255.0) as u8;
    RGBColor(channel(r), channel(g), channel(b))
}

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
    fn contrast_is_wcag_2() {
        let ratio = |a, b| (contrast(a, b) * 100.0).round() / 100.0;
        assert_eq!(ratio(RGBColor(0x77, 0x77, 0x77), BACKGROUND), 4.48);
        assert_eq!(ratio(RGBColor(0xE6, 0x9F, 0x00), BACKGROUND), 2.25);
        assert_eq!(ratio(CHINA, BACKGROUND), 3.87);
        assert_eq!(ratio(RGBColor(0, 0, 0), BACKGROUND), 21.0);
        assert_eq!(ratio(BACKGROUND, BACKGROUND), 1.0);
    }

    #[test]
    fn readable_text_keeps_the_hue_and_moves_no_further_than_it_must() {
        let orange = RGBColor(0xE6, 0x9F, 0x00);
        let on_white = readable(orange, BACKGROUND, 4.5);
        assert!(contrast(on_white, BACKGROUND) >= 4.5);
        assert!(
            contrast(on_white, BACKGROUND) < 4.7,
            "not darker than it must be"
        );
        assert!(
            (to_hsl(on_white).0 - to_hsl(orange).0).abs() < 3.0,
            "still orange"
        );
        // #777 reads at 4.48:1; a step darker reads.
        assert_eq!(ink(RGBColor(0x77, 0x77, 0x77)), RGBColor(0x76, 0x76, 0x76));
        assert_eq!(ink(TEXT), TEXT, "what reads is kept");
        let navy = RGBColor(0x33, 0x22, 0x88);
        let on_dark = readable(navy, DARK_BACKGROUND, 4.5);
        assert!(contrast(on_dark, DARK_BACKGROUND) >= 4.5);
        assert!(
            luminance(on_dark) > luminance(navy),
            "lightened on the dark panel"
        );
        for color in COMPANY_PALETTE.iter().chain([&WESTERN, &CHINA, &NEUTRAL]) {
            assert!(
                contrast(ink(*color), BACKGROUND) >= TEXT_CONTRAST,
                "{color:?}"
            );
            let text = for_dark(ink(*color), Paint::Text);
            assert!(
                contrast(text, DARK_BACKGROUND) >= TEXT_CONTRAST,
                "{color:?}"
            );
            let shape = for_dark(*color, Paint::Shape);
            assert!(
                contrast(shape, DARK_BACKGROUND) >= SHAPE_CONTRAST,
                "{color:?}"
            );
        }
    }

    #[test]
    fn greys_keep_their_contrast_in_the_dark() {
        assert_eq!(for_dark(BACKGROUND, Paint::Shape), DARK_BACKGROUND);
        for grey in [TEXT, MUTED, GRID, AXIS, ZERO, NEUTRAL] {
            let text = for_dark(grey, Paint::Text);
            assert!(
                contrast(text, DARK_BACKGROUND) >= TEXT_CONTRAST,
                "{grey:?} as text"
            );
            let dark = for_dark(grey, Paint::Shape);
            let (light, now) = (contrast(grey, BACKGROUND), contrast(dark, DARK_BACKGROUND));
            assert!(
                now >= light && now < light + 0.2,
                "{grey:?}: {light} then {now}"
            );
            assert!(
                luminance(dark) > luminance(DARK_BACKGROUND),
                "lighter than the panel"
            );
        }
        // The darker a grey on white, the lighter it is on the dark panel.
        let darks: Vec<f64> = GREYS
            .iter()
            .map(|g| luminance(for_dark(*g, Paint::Shape)))
            .collect();
        assert!(darks.windows(2).all(|w| w[0] > w[1]), "{darks:?}");
        assert!(luminance(DARK_BACKGROUND) < 0.05);
    }

    #[test]
    fn companies_take_their_colour_or_the_palettes() {
        let given = Color::parse("#112233");
        assert_eq!(company_color(given, 0), RGBColor(0x11, 0x22, 0x33));
        assert_eq!(company_color(None, 0), COMPANY_PALETTE[0]);
        assert_eq!(company_color(None, 13), shade(COMPANY_PALETTE[1], 1));
        assert_ne!(company_color(None, 13), COMPANY_PALETTE[1]);
        // No company colour is a bloc's, or grey.
        for (i, c) in COMPANY_PALETTE.iter().enumerate() {
            assert!(![WESTERN, CHINA].contains(c));
            assert!(!(c.0 == c.1 && c.1 == c.2));
            assert!(!COMPANY_PALETTE[i + 1..].contains(c), "{c:?} twice");
        }
        assert!(GREYS.iter().all(|g| g.0 == g.1 && g.1 == g.2));
    }

    #[test]
    fn shades_keep_the_hue() {
        let wine = RGBColor(0x88, 0x22, 0x55);
        assert_eq!(shade(wine, 0), wine);
        assert_eq!(shade(wine, 3), wine);
        assert!(
            luminance(shade(wine, 1)) > luminance(wine),
            "a dark colour's shade is lighter"
        );
        assert!(luminance(shade(wine, 2)) < luminance(wine));
        assert!((to_hsl(shade(wine, 1)).0 - to_hsl(wine).0).abs() < 3.0);
        let orange = COMPANY_PALETTE[0];
        assert!(
            luminance(shade(orange, 1)) < luminance(orange),
            "a light colour's is darker"
        );
        // On the dark panel a company's first shade stays apart from it.
        for c in COMPANY_PALETTE {
            let (base, first) = (
                for_dark(c, Paint::Shape),
                for_dark(shade(c, 1), Paint::Shape),
            );
            assert!(contrast(base, first) > 1.3, "{c:?}: {base:?} and {first:?}");
        }
        assert_eq!(
            from_hsl(to_hsl(wine).0, to_hsl(wine).1, to_hsl(wine).2),
            wine
        );
        assert_eq!(faded(RGBColor(0, 0, 0)), RGBColor(140, 140, 140));
    }
}
