//! `aimarket build`: the charts it writes (well-formed, accessible, bounded,
//! reproducible), their snapshots, and the safety of the output folder.

mod common;

use std::fs;

use common::{files, Workdir};

fn build(dir: &Workdir, args: &[&str]) -> common::Run {
    let mut all = vec!["build"];
    all.extend_from_slice(args);
    dir.run(&all)
}

#[test]
fn build_writes_every_chart_with_its_data() {
    let dir = Workdir::fixture("metrics");
    let run = build(&dir, &["--png"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let written = files(&dir.path().join("output"));
    let charts: Vec<&str> = written
        .keys()
        .filter_map(|k| k.strip_prefix("charts/")?.strip_suffix(".svg"))
        .collect();
    assert_eq!(
        charts,
        [
            "campaign_cost",
            "capex_by_bloc",
            "capex_by_company",
            // Hanzi's FY2026H1 (April to September 2025) is the fixture's one
            // intensity: a half year, on an axis of its own.
            "capex_intensity_half",
            "commitment_pace_t_cum_capex",
            "operating_margin",
            "revenue",
            "revenue_surprise",
            "stack_coverage",
            "stack_players_s",
            "stack_players_t",
            "target_path_t_cum_rev",
            "target_path_t_run_rev",
            // Daily users have one figure: listed, not drawn.
            "users_mau",
        ]
    );
    for name in &charts {
        let svg = String::from_utf8(written[&format!("charts/{name}.svg")].clone()).unwrap();
        let doc = roxmltree::Document::parse(&svg).unwrap_or_else(|e| panic!("{name}: {e}"));
        let root = doc.root_element();
        assert_eq!(root.attribute("role"), Some("img"), "{name}");
        let title_id = format!("{name}-title");
        assert!(doc
            .descendants()
            .any(|n| n.has_tag_name("title") && n.attribute("id") == Some(&title_id)));
        let desc = doc.descendants().find(|n| n.has_tag_name("desc")).unwrap();
        assert!(
            desc.text().unwrap().len() > 20,
            "{name}: a real description"
        );
        assert!(svg.len() < 300 * 1024, "{name}: {} bytes", svg.len());
        assert!(
            written.contains_key(&format!("charts/{name}.png")),
            "{name}.png"
        );
        let csv = String::from_utf8(written[&format!("data/{name}.csv")].clone()).unwrap();
        assert!(csv.lines().count() >= 2, "{name}: data rows");
    }
    assert!(written.contains_key("metrics.json") && written.contains_key("metrics.csv"));
    assert!(written.contains_key(".aimarket-output"));
    // The skipped ones say why: this fixture has all the charts' inputs.
    assert!(!run.stderr.contains("skipped"), "{}", run.stderr);
}

#[test]
fn a_chart_shows_the_numbers_of_its_table() {
    let dir = Workdir::fixture("metrics");
    assert_eq!(build(&dir, &[]).status, 0);
    let out = dir.path().join("output");
    // Hanzi's surprise: 1,000 against 800 is +25%; 1,210 against 1,100 is +10%.
    assert_eq!(
        fs::read_to_string(out.join("data/revenue_surprise.csv")).unwrap(),
        "company,segment,fiscal_period,period_end,revenue_surprise_pct,unit\n\
         hanzi,total,FY2025Q3,2024-12-31,25,%\n\
         hanzi,total,FY2026Q1,2025-06-30,10.000000000000009,%\n"
    );
    let svg = fs::read_to_string(out.join("charts/revenue_surprise.svg")).unwrap();
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let texts: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text())
        .map(str::trim)
        .collect();
    assert!(
        texts.contains(&"25.0%") && texts.contains(&"10.0%"),
        "bars carry their values: {texts:?}"
    );
}

#[test]
fn identical_input_gives_identical_output() {
    let dir = Workdir::fixture("metrics");
    assert_eq!(build(&dir, &["--png"]).status, 0);
    let first = files(&dir.path().join("output"));
    assert_eq!(build(&dir, &["--png"]).status, 0);
    let second = files(&dir.path().join("output"));
    assert_eq!(
        first.keys().collect::<Vec<_>>(),
        second.keys().collect::<Vec<_>>()
    );
    for (name, bytes) in &first {
        assert!(bytes == &second[name], "{name} differs between two builds");
    }
    // No absolute path of the machine leaks into the output.
    let root = dir.path().to_string_lossy().to_string();
    for (name, bytes) in &first {
        assert!(
            !String::from_utf8_lossy(bytes).contains(&root),
            "{name} names {root}"
        );
    }
}

#[test]
fn svg_snapshots() {
    let dir = Workdir::fixture("metrics");
    assert_eq!(build(&dir, &[]).status, 0);
    for name in [
        "revenue",
        "revenue_surprise",
        "users_mau",
        "commitment_pace_t_cum_capex",
    ] {
        let svg = fs::read_to_string(dir.path().join(format!("output/charts/{name}.svg"))).unwrap();
        insta::assert_snapshot!(name, svg);
    }
}

#[test]
fn many_products_and_long_series_stay_bounded() {
    // 40 products x 1,500 days: the chart shows the top seven and one line for the rest,
    // each reduced to what the plot's pixels can show.
    let dir = Workdir::fixture("metrics");
    let mut products = fs::read_to_string(dir.data().join("products.csv")).unwrap();
    let mut users = String::from("product,date,metric,value,qualifier,source\n");
    let start = chrono::NaiveDate::from_ymd_opt(2021, 1, 1).unwrap();
    for p in 0..40 {
        products.push_str(&format!("p{p:02},Product {p:02},acme,consumer_agent\n"));
        for d in 0..1500 {
            let day = start + chrono::Duration::days(d);
            users.push_str(&format!(
                "p{p:02},{day},dau,{},,s\n",
                (p + 1) * 1000 + (d * 7919 % 613)
            ));
        }
    }
    dir.write("products.csv", &products);
    dir.write("users.csv", &users);
    let run = build(&dir, &[]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let svg = fs::read_to_string(dir.path().join("output/charts/users_dau.svg")).unwrap();
    assert!(svg.len() < 300 * 1024, "{} bytes", svg.len());
    assert!(svg.contains("Average of 33 others"));
    assert!(svg.contains("Product 39"), "the largest product is named");
    let table = fs::read_to_string(dir.path().join("output/data/users_dau.csv")).unwrap();
    assert!(
        table.lines().count() <= 8 * 2 * 560 + 1,
        "{} rows",
        table.lines().count()
    );
}

#[test]
fn a_users_folder_is_refused_and_left_alone() {
    let dir = Workdir::fixture("metrics");
    let mine = dir.path().join("mine");
    fs::create_dir(&mine).unwrap();
    fs::write(mine.join("thesis.docx"), "precious").unwrap();
    let run = build(&dir, &["--out", "mine"]);
    assert_eq!(run.status, 3);
    assert!(
        run.stderr.starts_with("error: refusing to replace mine"),
        "{}",
        run.stderr
    );
    assert_eq!(
        fs::read_to_string(mine.join("thesis.docx")).unwrap(),
        "precious"
    );
    assert_eq!(fs::read_dir(&mine).unwrap().count(), 1);
}

#[test]
fn a_failed_build_keeps_the_previous_report() {
    let dir = Workdir::fixture("metrics");
    assert_eq!(build(&dir, &[]).status, 0);
    let before = files(&dir.path().join("output"));
    dir.write("earnings.csv", "company,fiscal_period,period_end,segment,currency,revenue,source\nhanzi,FY2026Q1,2025-06-30,total,CNY,oops,s\n");
    let run = build(&dir, &[]);
    assert_eq!(run.status, 1);
    assert_eq!(
        run.stderr,
        "error: data/earnings.csv:2: revenue: expected a number >= 0, found \"oops\"\n"
    );
    assert_eq!(files(&dir.path().join("output")), before);
    // And nothing is left beside it.
    let names: Vec<String> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        names.iter().all(|n| !n.contains("aimarket-new")),
        "{names:?}"
    );
}

#[test]
fn quiet_and_verbose() {
    let dir = Workdir::fixture("metrics");
    let run = build(&dir, &["-q"]);
    assert_eq!(run.status, 0);
    assert_eq!(
        run.stderr, "",
        "-q prints only errors (the fixture's missing-rate warning is hidden)"
    );
    let run = build(&dir, &["-v"]);
    assert_eq!(run.status, 0);
    for stage in [
        "load and validate: ",
        "metrics: ",
        "charts: ",
        "report: ",
        "write: ",
    ] {
        assert!(run.stderr.contains(stage), "{stage} in {}", run.stderr);
    }
    assert!(run
        .stderr
        .contains("warning: data/fx.csv: no CNY rate on or before 2024-09-30"));
}

#[test]
fn a_chart_without_data_is_skipped_with_its_reason() {
    let run = build(&Workdir::fixture("base"), &[]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("note: chart revenue skipped: no data"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("note: chart users skipped: no data"));
}

#[test]
fn file_names_from_long_or_clashing_data_text_are_short_safe_and_unique() {
    // Regression: a 250-character target id or users metric, or a 238-character
    // stack name, passed `check` and failed `build` with "File name too long".
    let dir = Workdir::fixture("valid_full");
    let (t, m, s) = ("t".repeat(250), "m".repeat(250), "S".repeat(238));
    // Two target ids that share their first 200 characters.
    let t2 = format!("{}{}", "t".repeat(200), "u".repeat(50));
    let append = |file: &str, rows: &str| {
        let mut text = fs::read_to_string(dir.data().join(file)).unwrap();
        text.push_str(rows);
        dir.write(file, &text);
    };
    append(
        "targets.csv",
        &format!(
            "{t},alibaba,capex,,cumulative,1000,CNY,2025-01-01,2027-01-01,2025-01-01,r1\n\
             {t2},alibaba,capex,,cumulative,2000,CNY,2025-01-01,2027-01-01,2025-01-01,r1\n"
        ),
    );
    // Two figures, so that the measure is drawn.
    append(
        "users.csv",
        &format!("qwen_app,2026-01-10,{m},5,,n1\nqwen_app,2026-01-11,{m},6,,n1\n"),
    );
    // "ai agents" slugs like the fixture's "AI agents".
    append(
        "stack.csv",
        &format!("{s},Layer,western,Someone,\nai agents,Layer,china,Someone,\n"),
    );
    assert_eq!(dir.check(&["--strict"]).status, 0);
    let run = build(&dir, &["--png"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let written = files(&dir.path().join("output"));
    let charts: Vec<&str> = written
        .keys()
        .filter_map(|k| k.strip_prefix("charts/")?.strip_suffix(".svg"))
        .collect();
    // Each cut name: KEPT (64) bytes of prefix and slug, "-", and the first 8 hex
    // digits of the text's SHA-256 (`printf %s TEXT | sha256sum`).
    let long = [
        format!("commitment_pace_{}-28785d4b", "t".repeat(48)),
        format!("commitment_pace_{}-a4c11dc7", "t".repeat(48)),
        format!("stack_players_{}-1d4ae3a6", "s".repeat(50)),
        format!("users_{}-6ca616c2", "m".repeat(58)),
    ];
    for name in &long {
        assert_eq!(name.len(), 73);
        assert!(charts.contains(&name.as_str()), "{name} in {charts:?}");
    }
    for name in [
        "commitment_pace_infra",
        "stack_players_ai_agents",
        "stack_players_ai_agents-e748f875",
    ] {
        assert!(charts.contains(&name), "{name} in {charts:?}");
    }
    let page = String::from_utf8(written["index.html"].clone()).unwrap();
    for name in &charts {
        assert!(name.len() <= 80, "{name}");
        for file in [format!("charts/{name}.png"), format!("data/{name}.csv")] {
            assert!(written.contains_key(&file), "{file}");
        }
        assert!(page.contains(&format!("id=\"chart-{name}\"")), "{name}");
        assert!(
            page.contains(&format!("href=\"data/{name}.csv\"")),
            "{name}"
        );
    }
}
