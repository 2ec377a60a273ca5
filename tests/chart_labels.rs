//! The report's charts as a browser lays them out (each `<text>`'s box with
//! the bundled fonts), on the shipped data and on the hostile fixture (long
//! and Chinese names, close values, one-point series, events a day apart): no
//! chart text overlaps another, leaves its chart or is cut, in the wide and
//! the narrow drawing; and the key under each chart lists the events its
//! markers number, numbered as the events table numbers them.

mod common;

use std::fs;
use std::path::Path;

use aimarket::charts::{svg_text_box, TextBox};
use common::Workdir;

/// The page built from `data`.
fn page(data: &Path) -> String {
    let dir = Workdir::empty();
    let run = dir.run(&["build", "--data", data.to_str().unwrap(), "--out", "out"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    fs::read_to_string(dir.path().join("out/index.html")).unwrap()
}

fn shipped() -> String {
    page(&Path::new(env!("CARGO_MANIFEST_DIR")).join("data"))
}

fn hostile() -> String {
    page(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hostile_report/data"))
}

/// Each chart SVG of the page: its label (`aria-labelledby`) and its text.
fn svgs(page: &str) -> Vec<(String, &str)> {
    let mut out = Vec::new();
    let mut rest = page;
    while let Some(start) = rest.find("<svg xmlns=") {
        let end = start + rest[start..].find("</svg>").expect("an SVG's end") + "</svg>".len();
        let svg = &rest[start..end];
        let doc = roxmltree::Document::parse(svg).expect("a well-formed SVG");
        let name = doc
            .root_element()
            .attribute("aria-labelledby")
            .unwrap_or("?");
        out.push((name.to_string(), svg));
        rest = &rest[end..];
    }
    out
}

/// The problems of one SVG's texts: overlaps, texts outside, texts cut.
fn problems(name: &str, svg: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(svg).unwrap();
    let root = doc.root_element();
    let number = |n: roxmltree::Node, attribute: &str| -> f64 {
        n.attribute(attribute).unwrap().parse().unwrap()
    };
    let (width, height) = (number(root, "width"), number(root, "height"));
    let texts: Vec<(String, TextBox)> = root
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
    let mut found = Vec::new();
    for (i, (a, ab)) in texts.iter().enumerate() {
        if a.contains('…') || a.contains("...") {
            found.push(format!("{name}: {a:?} is cut"));
        }
        let out = (-ab.left)
            .max(-ab.top)
            .max(ab.right - width)
            .max(ab.bottom - height);
        if out > 1.0 {
            found.push(format!("{name}: {a:?} reaches {out:.1} px outside"));
        }
        for (b, bb) in &texts[i + 1..] {
            if ab.overlaps(bb, 1.0) {
                found.push(format!("{name}: {a:?} overlaps {b:?}"));
            }
        }
    }
    found
}

fn assert_clear(page: &str) {
    let svgs = svgs(page);
    assert!(svgs.len() >= 30, "wide and narrow charts: {}", svgs.len());
    let found: Vec<String> = svgs
        .iter()
        .flat_map(|(name, svg)| problems(name, svg))
        .collect();
    assert!(found.is_empty(), "{}", found.join("\n"));
}

#[test]
fn shipped_charts_have_no_overlapping_clipped_or_cut_text() {
    assert_clear(&shipped());
}

#[test]
fn hostile_charts_have_no_overlapping_clipped_or_cut_text() {
    let page = hostile();
    assert_clear(&page);
    // The long and Chinese names are there whole, wrapped or not.
    assert!(page.contains("千问 Qwen app"));
    assert!(page.contains("Meta AI assistant across Facebook, Instagram and WhatsApp has"));
}

/// An event as a page lists it: number, date, title.
type Listed = (String, String, String);

/// The rows of the events table.
fn events_table(page: &str) -> Vec<Listed> {
    let start = page
        .find("aria-label=\"Events\"")
        .expect("the events table");
    let table = &page[start..start + page[start..].find("</table>").unwrap()];
    let body = &table[table.find("<tbody").unwrap()..];
    body.split("<tr")
        .skip(1)
        .map(|row| {
            // `<td data-label="date" class="date">2025-02-24</td>`
            let cells: Vec<&str> = row
                .split("<td")
                .skip(1)
                .map(|c| {
                    let c = &c[c.find('>').unwrap() + 1..];
                    c.split("</td>").next().unwrap()
                })
                .collect();
            (cells[0].into(), cells[1].into(), cells[3].into())
        })
        .collect()
}

/// Each events key under a chart: the chart's name and its events.
fn keys(page: &str) -> Vec<(String, Vec<Listed>)> {
    page.split("<figure class=\"chart\" id=\"chart-")
        .skip(1)
        .filter_map(|figure| {
            let name = figure.split('"').next().unwrap().to_string();
            let key = figure.split("<ol class=\"events-key\"").nth(1)?;
            let key = key.split("</ol>").next().unwrap();
            let items = key
                .split("<li><b>")
                .skip(1)
                .map(|item| {
                    let (number, rest) = item.split_once("</b> ").unwrap();
                    let (date, title) = rest.split_once(": ").unwrap();
                    let title = title.split("</li>").next().unwrap();
                    (number.into(), date.into(), title.into())
                })
                .collect();
            Some((name, items))
        })
        .collect()
}

#[test]
fn each_chart_with_events_lists_them_under_it_numbered_as_the_events_table() {
    for page in [shipped(), hostile()] {
        let table = events_table(&page);
        let keys = keys(&page);
        assert!(keys.len() >= 4, "the users charts have keys: {keys:?}");
        for (chart, items) in &keys {
            assert!(!items.is_empty(), "{chart}");
            for (number, date, title) in items {
                let row = &table[number.parse::<usize>().unwrap() - 1];
                assert_eq!((&row.1, &row.2), (date, title), "{chart}: event {number}");
            }
            // The chart's hover titles name the same numbers.
            let figure = page.split(&format!("id=\"chart-{chart}\"")).nth(1).unwrap();
            let svg = &figure[..figure.find("</svg>").unwrap()];
            for (number, date, _) in items {
                let tip = format!("<title>Event {number}, {date}: ");
                assert!(svg.contains(&tip), "{chart}: {tip}");
            }
        }
    }
}

#[test]
fn the_events_key_of_the_weekly_users_chart() {
    let page = shipped();
    let keys = keys(&page);
    let (_, wau) = keys.iter().find(|(name, _)| name == "users_wau").unwrap();
    let numbers: Vec<&str> = wau.iter().map(|(n, _, _)| n.as_str()).collect();
    // ChatGPT's weekly users run from late 2023 to 27 February 2026: the
    // first eight events of events.csv fall in that span.
    assert_eq!(numbers, ["1", "2", "3", "4", "5", "6", "7", "8"]);
    assert_eq!(wau[1].1, "2025-11-17");
    assert_eq!(wau[1].2, "Qwen app enters public beta");
}
