//! `build --compare`: the section on what changed since an earlier report,
//! with the exact rows of a known edit, and no trace of it when nothing changed.

mod common;

use std::fs;

use common::Workdir;

fn section(html: &str) -> Option<&str> {
    let start = html.find("<section id=\"changes\"")?;
    let end = start + html[start..].find("</section>")?;
    Some(&html[start..end])
}

#[test]
fn the_section_shows_an_edited_earnings_figure_and_is_absent_without_changes() {
    let work = Workdir::shipped_data();
    let build = |out: &str, compare: Option<&str>| {
        let mut args = vec!["build", "-q", "--out", out];
        if let Some(dir) = compare {
            args.extend(["--compare", dir]);
        }
        let run = work.run(&args);
        assert_eq!(run.status, 0, "{}", run.stderr);
        fs::read_to_string(work.path().join(out).join("index.html")).unwrap()
    };
    let before = build("before", None);
    assert_eq!(section(&before), None);

    // The same data: the page is byte for byte the one without --compare.
    assert_eq!(build("same", Some("before")), before);

    // Alibaba's total revenue for FY2026Q3 from RMB 284,843M to RMB 290,000M.
    let earnings = fs::read_to_string(work.data().join("earnings.csv")).unwrap();
    let edited = earnings.replace(
        "alibaba,FY2026Q3,2025-12-31,total,CNY,284843,",
        "alibaba,FY2026Q3,2025-12-31,total,CNY,290000,",
    );
    assert_ne!(edited, earnings);
    work.write("earnings.csv", &edited);
    let after = build("after", Some("before"));
    let changes = section(&after).expect("a section on the changes");
    let rows: Vec<&str> = changes
        .lines()
        .filter(|l| l.starts_with("<tr><th scope=\"row\">"))
        .collect();
    // By hand: revenue x 290000 / 284843 (+1.81%, $40.7B -> $41.5B, +$737M);
    // growth on a year earlier 1.7% -> 3.5%; against the consensus of 290,700,
    // -2.0% -> -0.2%; on the previous quarter 15.0% -> 17.0%, and the next
    // quarter's on this one -14.6% -> -16.1%; the margin 10,645 / revenue
    // 3.74% -> 3.67% (both 3.7% to one place, so written to two). Ranked by |new - old| / |old|: 105%, 88%, 14%, 10%,
    // 1.81% and 1.78%.
    let q3 = "FY2026Q3 (October to December 2025)";
    assert_eq!(
        rows,
        [
            format!("<tr><th scope=\"row\">Alibaba Group revenue growth on a year earlier, {q3}</th><td>1.7%</td><td>3.5%</td><td>+1.8 pp</td></tr>"),
            format!("<tr><th scope=\"row\">Alibaba Group revenue against consensus, {q3}</th><td>-2.0%</td><td>-0.2%</td><td>+1.8 pp</td></tr>"),
            format!("<tr><th scope=\"row\">Alibaba Group revenue growth on the previous quarter, {q3}</th><td>15.0%</td><td>17.0%</td><td>+2.1 pp</td></tr>"),
            "<tr><th scope=\"row\">Alibaba Group revenue growth on the previous quarter, FY2026Q4 (January to March 2026)</th><td>-14.6%</td><td>-16.1%</td><td>-1.5 pp</td></tr>".to_string(),
            format!("<tr><th scope=\"row\">Alibaba Group revenue, {q3}, in USD</th><td>$40.7B</td><td>$41.5B</td><td>+$737M (+1.8%)</td></tr>"),
            format!("<tr><th scope=\"row\">Alibaba Group operating margin, {q3}</th><td>3.74%</td><td>3.67%</td><td>-0.1 pp</td></tr>"),
        ]
    );
    assert!(changes
        .contains("<h2 id=\"changes-title\">What changed since the report as of 13 May 2026</h2>"));
    assert!(changes.contains(
        "<p class=\"lede\">Compared with before/metrics.json: 6 figures changed, 0 new, 0 gone; \
         1 claim verdict changed; 1 input file changed.</p>"
    ));
    assert!(changes.contains("<caption id=\"changes-caption\">"));
    assert!(changes
        .contains("the verdict changed from \u{201c}holds\u{201d} to \u{201c}fails\u{201d}."));
    assert!(changes.contains("<p class=\"note\">Input files: earnings.csv (changed).</p>"));
    // In the contents, after the summary.
    assert!(after.contains(
        "<li><a href=\"#summary\">Summary</a></li>\n<li><a href=\"#changes\">What changed</a></li>\n"
    ));
    // Honest words: a change is said as one, never as a rise or a fall.
    for word in ["rose", "fell", "increase", "decrease"] {
        assert!(!changes.contains(word), "{word}");
    }
}

#[test]
fn an_unreadable_compare_writes_nothing_and_exits_3() {
    let work = Workdir::shipped_data();
    let run = work.run(&["build", "-q", "--out", "out", "--compare", "nowhere"]);
    assert_eq!(run.status, 3);
    assert_eq!(run.stderr, "error: nowhere: no such file or folder\n");
    let left: Vec<_> = fs::read_dir(work.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        // The lock stays beside --out after every build; no staging folder does.
        .filter(|name| name != "data" && name != ".out.aimarket-lock")
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn compare_with_the_report_being_replaced() {
    let work = Workdir::shipped_data();
    assert_eq!(work.run(&["build", "-q", "--out", "out"]).status, 0);
    let earnings = fs::read_to_string(work.data().join("earnings.csv")).unwrap();
    work.write(
        "earnings.csv",
        &earnings.replace(
            "alibaba,FY2026Q3,2025-12-31,total,CNY,284843,",
            "alibaba,FY2026Q3,2025-12-31,total,CNY,290000,",
        ),
    );
    let run = work.run(&["build", "-q", "--out", "out", "--compare", "out"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let html = fs::read_to_string(work.path().join("out/index.html")).unwrap();
    assert!(html.contains(
        "<p class=\"lede\">Compared with out/metrics.json: 6 figures changed, 0 new, 0 gone; \
         1 claim verdict changed; 1 input file changed.</p>"
    ));
}

#[test]
fn figures_of_a_product_no_longer_in_the_data_are_counted_and_days_are_in_words() {
    let work = Workdir::shipped_data();
    let products = fs::read_to_string(work.data().join("products.csv")).unwrap();
    let users = fs::read_to_string(work.data().join("users.csv")).unwrap();
    // Before: one more product, with two MAU counts a month apart.
    work.write(
        "products.csv",
        &format!("{products}test_bot,Test Bot,alibaba,consumer_agent\n"),
    );
    work.write(
        "users.csv",
        &format!("{users}test_bot,2026-01-31,mau,1000,,u1,\ntest_bot,2026-02-28,mau,1500,,u1,\n"),
    );
    let run = work.run(&["build", "-q", "--out", "before", "--as-of", "2026-03-31"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    // Now: the product is gone, and the as-of day is the data's own.
    work.write("products.csv", &products);
    work.write("users.csv", &users);
    let before = work.path().join("before");
    let before = before.to_str().unwrap();
    assert!(before.starts_with('/'), "{before}");
    let run = work.run(&["build", "-q", "--out", "now", "--compare", before]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let html = fs::read_to_string(work.path().join("now/index.html")).unwrap();
    let changes = section(&html).expect("a section on the changes");
    // An absolute path is not written into the page (SPEC 7): its last two parts are.
    assert!(changes.contains("<p class=\"lede\">Compared with before/metrics.json: "));
    assert!(!changes.contains(before));
    assert!(changes.contains(
        "<p class=\"lede\">The as-of day changed from 31 March 2026 to 13 May 2026.</p>"
    ));
    // Test Bot's users_latest, users_change_pct and users_cmgr_pct rows are
    // gone; the data has no name for them any more, so they are counted.
    assert!(changes.contains(
        "<li>3 figures of companies, products, targets or campaigns no longer in the data</li>"
    ));
    assert!(!changes.contains("test_bot"));
}

#[test]
fn control_characters_in_the_earlier_report_reach_the_page_as_escapes() {
    let work = Workdir::shipped_data();
    assert_eq!(work.run(&["build", "-q", "--out", "before"]).status, 0);
    let file = work.path().join("before/metrics.json");
    let mut json: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(&file).unwrap()).unwrap();
    json["inputs"]
        .as_array_mut()
        .unwrap()
        .push(serde_json::json!({"file": "evil\u{1b}[2J\u{9b}0m.csv", "sha256": "00"}));
    fs::write(&file, json.to_string()).unwrap();
    let run = work.run(&["build", "-q", "--out", "now", "--compare", "before"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let html = fs::read_to_string(work.path().join("now/index.html")).unwrap();
    let changes = section(&html).expect("a section on the changes");
    assert!(
        changes.contains("<p class=\"note\">Input files: evil\\u{1b}[2J\\u{9b}0m.csv (gone).</p>")
    );
    assert!(!html.contains(['\u{1b}', '\u{9b}']));
}
