//! Crowded figures drawn at both widths, their SVG read back as a browser lays
//! it out (each `<text>`'s box with the bundled fonts): no two texts overlap,
//! none leaves the figure, none is cut with an ellipsis.

use super::parts::{BarFigure, Bars, Figure, Line, LineFigure, Marker, Plot};
use super::svg::{to_narrow_svg, to_svg};
use super::text_box::{svg_text_box, TextBox};
use super::theme;
use crate::charts::prepare::{Mark, Point};
use crate::model::Unit;

/// Every drawn text of an SVG with its box, and the SVG's size.
fn texts(svg: &str) -> (Vec<(String, TextBox)>, (f64, f64)) {
    let doc = roxmltree::Document::parse(svg).expect("well-formed SVG");
    let root = doc.root_element();
    let number = |n: roxmltree::Node, name: &str| -> f64 {
        n.attribute(name)
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| panic!("a number in {name}"))
    };
    let size = (number(root, "width"), number(root, "height"));
    let boxes = root
        .children()
        .filter(|n| n.has_tag_name("text"))
        .map(|n| {
            let words = n.text().unwrap_or("").trim().to_string();
            let b = svg_text_box(
                &words,
                (number(n, "x"), number(n, "y")),
                n.attribute("dy").unwrap_or(""),
                n.attribute("text-anchor").unwrap_or("start"),
                number(n, "font-size"),
                n.attribute("font-weight") == Some("bold"),
            );
            (words, b)
        })
        .collect();
    (boxes, size)
}

/// Fails, naming the texts, when two overlap by more than a pixel both ways,
/// one reaches a pixel outside the figure, or one is cut.
fn assert_clear(svg: &str) {
    let (texts, (width, height)) = texts(svg);
    assert!(!texts.is_empty());
    for (i, (a, ab)) in texts.iter().enumerate() {
        assert!(!a.contains('…'), "{a:?} is cut");
        let inside = ab.left >= -1.0 && ab.top >= -1.0 && ab.right <= width + 1.0;
        assert!(
            inside && ab.bottom <= height + 1.0,
            "{a:?} leaves the figure: {ab:?}"
        );
        for (b, bb) in &texts[i + 1..] {
            assert!(!ab.overlaps(bb, 1.0), "{a:?} {ab:?} overlaps {b:?} {bb:?}");
        }
    }
}

fn both_widths(figure: &Figure) -> Vec<String> {
    vec![
        to_svg(figure, "wide", "d").unwrap(),
        to_narrow_svg(figure, "narrow", "d").unwrap(),
    ]
}

fn line(label: &str, color_index: usize, points: &[(f64, f64)]) -> Line {
    Line {
        label: label.into(),
        color: theme::company_color(None, color_index),
        points: points
            .iter()
            .map(|&(x, y)| Point::new(x, y, Mark::Exact))
            .collect(),
        dashed: false,
        gap: f64::INFINITY,
    }
}

fn figure(title: &str, plot: Plot) -> Figure {
    Figure {
        title: title.into(),
        subtitle: "Monthly active users by product, linear scale; numbered lines mark events"
            .into(),
        source: "Source: users.csv, events.csv, citing fixture-1, fixture-2, fixture-3 and 10 more"
            .into(),
        plot,
    }
}

/// The hostile fixture's monthly users: close values a few days apart, long
/// and Chinese names, and ten events in a few weeks.
fn crowded_lines() -> Figure {
    let day = 20_480.0;
    let lines = vec![
        line("Gemini app", 0, &[(day - 120.0, 650e6), (day, 750e6)]),
        line("ERNIE assistant", 1, &[(day - 30.0, 202e6)]),
        line(
            "字节跳动 豆包",
            2,
            &[(day - 150.0, 150e6), (day - 60.0, 167.9e6)],
        ),
        line(
            "DeepSeek app",
            3,
            &[(day - 300.0, 190e6), (day - 140.0, 143e6)],
        ),
        line(
            "讯飞星火 iFlytek Spark desktop and mobile assistant",
            0,
            &[(day + 2.0, 102e6)],
        ),
        line(
            "可灵 Kling AI video generation app (Kuaishou)",
            1,
            &[(day + 1.0, 101e6)],
        ),
        line(
            "京东言犀 JoyAI assistant for retail customer service",
            2,
            &[(day, 100e6)],
        ),
        line(
            "Average of 3 others",
            3,
            &[(day - 20.0, 5e6), (day, 98.5e6)],
        ),
    ];
    let markers = (0..10)
        .map(|i| Marker {
            x: day
                - if i < 4 {
                    200.0 - 40.0 * f64::from(i)
                } else {
                    14.0 - f64::from(i)
                },
            label: (i + 3).to_string(),
            tip: format!("Event {}", i + 3),
            event: None,
        })
        .collect();
    figure(
        "Gemini app reports the highest latest count: at least 750.0M on 4 February 2026",
        Plot::Lines(LineFigure {
            lines,
            log_y: false,
            unit: Unit::Count,
            markers,
        }),
    )
}

#[test]
fn crowded_end_labels_and_event_numbers_stand_clear() {
    for svg in both_widths(&crowded_lines()) {
        assert_clear(&svg);
        // Every product is named once, at its line's end or in the legend.
        let (texts, _) = texts(&svg);
        let all: String = texts.iter().map(|(t, _)| format!("{t} ")).collect();
        assert!(all.contains("Gemini app 750.0M"), "{all}");
        assert!(all.contains("customer service 100.0M"), "{all}");
    }
}

#[test]
fn event_numbers_that_would_touch_share_a_label() {
    let svg = to_svg(&crowded_lines(), "wide", "d").unwrap();
    let (texts, _) = texts(&svg);
    let numbers: Vec<&str> = texts
        .iter()
        .map(|(t, _)| t.as_str())
        .filter(|t| t.chars().next().is_some_and(|c| c.is_ascii_digit()) && !t.contains('M'))
        .collect();
    // 3 to 6 forty days apart stand alone; 7 to 12, a day apart, share one.
    assert!(numbers.contains(&"7–12"), "{numbers:?}");
    assert!(numbers.contains(&"3"), "{numbers:?}");
}

#[test]
fn one_point_series_close_together_stand_clear() {
    let day = 20_500.0;
    let lines = vec![
        line(
            "Meta AI assistant across Facebook, Instagram and WhatsApp",
            0,
            &[(day, 910e6)],
        ),
        line("ChatGPT", 1, &[(day + 7.0, 900e6)]),
    ];
    let fig = figure(
        "Meta AI assistant across Facebook, Instagram and WhatsApp reports the highest latest count",
        Plot::Lines(LineFigure {
            lines,
            log_y: false,
            unit: Unit::Count,
            markers: Vec::new(),
        }),
    );
    for svg in both_widths(&fig) {
        assert_clear(&svg);
    }
}

fn capex_bars(series: usize, categories: &[&str]) -> Figure {
    let names = [
        "Amazon",
        "Microsoft Corporation (Intelligent Cloud and AI Infrastructure)",
        "Alphabet",
        "Meta Platforms, Inc. (Facebook, Instagram, WhatsApp, Reality Labs)",
        "Oracle Corporation (Oracle Cloud Infrastructure)",
        "阿里巴巴集团",
    ];
    let series = (0..series)
        .map(|s| Bars {
            label: names[s % names.len()].into(),
            color: theme::company_color(None, s),
            values: (0..categories.len())
                .map(|c| Some(131_800.0 - 9_000.0 * s as f64 - 30_000.0 * c as f64))
                .collect(),
        })
        .collect();
    Figure {
        title: "Amazon spent the most: $131.8B in 2025".into(),
        subtitle: "Actual capex, USD converted at each period's end".into(),
        source:
            "Source: capex.csv, fx.csv, citing amzn-capex-2026q1, amzn-cf-annual, c11 and 35 more"
                .into(),
        plot: Plot::Bars(BarFigure {
            categories: categories.iter().map(|c| c.to_string()).collect(),
            series,
            unit: Unit::parse("USD mn").expect("a unit"),
        }),
    }
}

#[test]
fn bar_values_that_do_not_fit_are_left_out_not_overlapped() {
    let fig = capex_bars(6, &["2024", "2025", "2026"]);
    for svg in both_widths(&fig) {
        assert_clear(&svg);
    }
    // Three bars in a group of about 200 pixels: "$131.8B" (50 pixels) fits
    // above its bar on a wide chart, not in a group of 90 on a narrow one,
    // where the value stays in the bar's title.
    let fig = capex_bars(3, &["2024", "2025", "2026"]);
    let wide = to_svg(&fig, "w", "d").unwrap();
    let narrow = to_narrow_svg(&fig, "n", "d").unwrap();
    assert!(wide.contains("\n$131.8B\n"));
    assert!(!narrow.contains("\n$131.8B\n"));
    assert!(narrow.contains("<title>Amazon, 2024: $131.8B</title>"));
}

#[test]
fn long_category_names_wrap_under_their_bars() {
    let fig = capex_bars(
        1,
        &[
            "Alibaba Group",
            "Microsoft Corporation (Intelligent Cloud and AI Infrastructure)",
            "字节跳动 ByteDance Ltd. (Beijing Douyin Information Service)",
            "Huawei",
        ],
    );
    for svg in both_widths(&fig) {
        assert_clear(&svg);
    }
    let (texts, _) = texts(&to_svg(&fig, "w", "d").unwrap());
    assert!(texts.iter().any(|(t, _)| t == "Alibaba Group"));
}

#[test]
fn long_titles_and_sources_wrap_and_the_figure_grows() {
    let mut fig = capex_bars(2, &["2024", "2025"]);
    fig.title = "A title long enough to need three lines on a phone and two on a wide screen, \
                 with a word too long for any line: Supercalifragilisticexpialidociousandthensome"
        .into();
    fig.source = format!("Source: {}", "a cited source id, ".repeat(20));
    for svg in both_widths(&fig) {
        assert_clear(&svg);
        let (texts, _) = texts(&svg);
        let words: String = texts.iter().map(|(t, _)| t.as_str()).collect();
        assert!(
            words.contains("Supercalifragilistic"),
            "kept whole, over lines"
        );
    }
    let layout = fig.layout((theme::WIDTH, theme::HEIGHT));
    assert!(layout.height > theme::HEIGHT, "taller: {}", layout.height);
}
