//! What a reader can point at on the shipped report: each chart's anchor and
//! the link to it, and the value each bar or point shows on hover (an SVG
//! `<title>`), written as the chart's table writes its cells.

mod common;

use std::fs;

use common::Workdir;

/// The texts of the hover titles of an SVG, in the order they are drawn.
fn tips(svg: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("malformed SVG: {e}"));
    let group = doc
        .descendants()
        .find(|n| n.attribute("class") == Some("tips"))
        .expect("a group of tips");
    group
        .descendants()
        .filter(|n| n.has_tag_name("title"))
        .map(|n| n.text().unwrap_or_default().to_string())
        .collect()
}

#[test]
fn each_bar_and_point_shows_its_value_on_hover() {
    let dir = Workdir::shipped_data();
    let run = dir.run(&["build", "-q"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let out = dir.path().join("output");

    // data/earnings.csv, Alibaba's total revenue against consensus, CNY mn:
    // FY2024Q1 234,156 against 224,920 is +4.106%, written 4.1% as in the
    // table; FY2026Q3 284,843 against 290,700 is -2.015%, written -2.0%.
    // The others the same way, one bar per quarter, oldest first.
    let surprise = fs::read_to_string(out.join("charts/revenue_surprise.svg")).unwrap();
    assert_eq!(
        tips(&surprise),
        [
            "FY2024Q1: 4.1%",
            "FY2024Q2: 0.3%",
            "FY2024Q3: -0.7%",
            "FY2024Q4: 0.6%",
            "FY2025Q1: -2.3%",
            "FY2025Q2: -1.0%",
            "FY2025Q3: 1.0%",
            "FY2025Q4: -0.6%",
            "FY2026Q1: -1.5%",
            "FY2026Q2: 2.1%",
            "FY2026Q3: -2.0%",
        ]
    );

    // data/users.csv, ChatGPT's weekly actives: 100,000,000 on 2023-11-06;
    // at least 800,000,000 on 2025-10-06 and at least 900,000,000 on
    // 2026-02-27: the qualifier in words, as the table writes it.
    let wau = fs::read_to_string(out.join("charts/users_wau.svg")).unwrap();
    let (events, points): (Vec<String>, Vec<String>) = tips(&wau)
        .into_iter()
        .partition(|t| t.starts_with("Event "));
    // The event markers first (the points are drawn over them): the eight
    // events of data/events.csv from the chart's first day to its last,
    // numbered as on the chart; line 3 (after 2025-02-24) is the second.
    assert_eq!(events.len(), 8);
    assert_eq!(
        events[1],
        "Event 2, 2025-11-17: Qwen app enters public beta"
    );
    assert_eq!(
        points,
        [
            "ChatGPT, 2023-11-06: 100.0M",
            "ChatGPT, 2025-10-06: at least 800.0M",
            "ChatGPT, 2026-02-27: at least 900.0M",
        ]
    );

    // The page carries both drawings (wide and narrow), each with the tips,
    // the chart's anchor and a link to it.
    let page = fs::read_to_string(out.join("index.html")).unwrap();
    assert_eq!(page.matches("<title>FY2026Q3: -2.0%</title>").count(), 2);
    assert!(page.contains("<figure class=\"chart\" id=\"chart-revenue_surprise\">"));
    assert!(page.contains(
        "<a href=\"#chart-revenue_surprise\" aria-label=\"Link to this chart: Revenue beat consensus in 5 of 11 quarters; -2.0% in FY2026Q3\">Link to this chart</a>"
    ));
}

#[test]
fn every_chart_has_an_anchor_named_after_its_file_and_a_link_to_it() {
    let dir = Workdir::shipped_data();
    assert_eq!(dir.run(&["build", "-q"]).status, 0);
    let out = dir.path().join("output");
    let page = fs::read_to_string(out.join("index.html")).unwrap();
    let mut names: Vec<String> = fs::read_dir(out.join("charts"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter_map(|f| f.strip_suffix(".svg").map(str::to_string))
        .collect();
    names.sort();
    assert_eq!(names.len(), 19);
    for name in &names {
        assert_eq!(
            page.matches(&format!(" id=\"chart-{name}\"")).count(),
            1,
            "{name}: one anchor"
        );
        assert!(
            page.contains(&format!(
                "<a href=\"#chart-{name}\" aria-label=\"Link to this chart: "
            )),
            "{name}: a link to it"
        );
        let svg = fs::read_to_string(out.join(format!("charts/{name}.svg"))).unwrap();
        assert!(!tips(&svg).is_empty(), "{name}: hover values");
    }
}
