//! The HTML report: its sections, its safety (escaping, no external loads), the
//! generated sentences, and templates overridden or broken.

mod common;

use std::fs;

use common::Workdir;
use sha2::{Digest, Sha256};

fn build_page(dir: &Workdir, args: &[&str]) -> String {
    let mut all = vec!["build"];
    all.extend_from_slice(args);
    let run = dir.run(&all);
    assert_eq!(run.status, 0, "{}", run.stderr);
    fs::read_to_string(dir.path().join("output/index.html")).unwrap()
}

#[test]
fn every_section_in_order_with_its_charts() {
    let page = build_page(&Workdir::shipped_data(), &[]);
    let order = [
        "id=\"key-figures\"",
        "id=\"summary\"",
        "id=\"earnings\"",
        "id=\"capex\"",
        "id=\"targets\"",
        "id=\"users\"",
        "id=\"stacks\"",
        "id=\"claims\"",
        "id=\"provenance\"",
    ];
    let positions: Vec<usize> = order
        .iter()
        .map(|id| page.find(id).unwrap_or_else(|| panic!("{id} missing")))
        .collect();
    assert!(
        positions.windows(2).all(|w| w[0] < w[1]),
        "sections out of order"
    );
    for chart in [
        "revenue",
        "revenue_surprise",
        "operating_margin",
        "capex_by_bloc",
        "users_mau",
        "stack_coverage",
    ] {
        assert!(page.contains(&format!("id=\"chart-{chart}\"")), "{chart}");
        assert!(
            page.contains(&format!("aria-labelledby=\"{chart}-title {chart}-desc\"")),
            "{chart} inline SVG"
        );
        assert!(
            page.contains(&format!("href=\"data/{chart}.csv\"")),
            "{chart} data link"
        );
    }
}

#[test]
fn charts_turn_dark_with_the_reader_and_their_files_stay_light() {
    use base64::Engine as _;
    let dir = Workdir::shipped_data();
    let page = build_page(&dir, &[]);
    let start = page.find("<style>").unwrap() + "<style>".len();
    let style = &page[start..start + page[start..].find("</style>").unwrap()];
    // The rules for dark charts are in the one style block the policy allows.
    let hash = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(style.as_bytes()));
    assert!(page.contains(&format!("style-src &#39;sha256-{hash}&#39;")));
    let dark = &style[style
        .find("@media screen and (prefers-color-scheme: dark) {\n.chart svg")
        .unwrap()..];
    assert!(dark.contains(".chart svg { background: #1f2123; }"));
    assert!(
        dark.contains("svg .f-ffffff { fill: #1f2123; }"),
        "the panel"
    );
    assert!(
        dark.contains("svg .t-222222 { fill: #fefefe; }"),
        "the title"
    );
    assert!(
        dark.contains("svg .s-e2e2e2 { stroke: #343434; }"),
        "the grid"
    );
    // Every colour class of the page's charts that changes has its rule.
    for class in ["t-e69f00", "f-332288", "s-882255"] {
        assert!(
            page.contains(&format!("class=\"{class}")) || page.contains(&format!(" {class}\"")),
            "{class} used"
        );
        assert!(dark.contains(&format!("svg .{class} {{")), "{class}");
    }
    // A chart's file holds its light colours in attributes, with no style of its own.
    let svg = fs::read_to_string(dir.path().join("output/charts/capex_by_company.svg")).unwrap();
    assert!(svg.contains("fill=\"#FFFFFF\" stroke=\"none\" class=\"f-ffffff\""));
    assert!(!svg.contains("<style") && !svg.contains("var("));
    roxmltree::Document::parse(&svg).unwrap();
}

#[test]
fn the_page_loads_nothing_from_outside() {
    let page = build_page(&Workdir::shipped_data(), &[]);
    // Apostrophes are escaped in the attribute; the browser reads them back as '.
    assert!(page.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src &#39;none&#39;; style-src &#39;sha256-"));
    // Readable without JavaScript: there is none. The one script element is
    // the claims' structured data, a data block no browser runs.
    assert_eq!(page.matches("<script").count(), 1);
    assert!(page.contains("<script type=\"application/ld+json\">\n{\n"));
    assert!(!page.contains("<link"), "no external stylesheet");
    assert!(
        !page.contains(" src="),
        "no external image, frame or script"
    );
    assert!(
        !page.contains("@import") && !page.contains("url("),
        "the stylesheet loads nothing"
    );
}

#[test]
fn sentences_carry_the_metrics_formatted_like_the_tables() {
    let page = build_page(&Workdir::shipped_data(), &[]);
    // 284,843 / 290,700 (the results-day consensus) - 1 = -2.01%.
    assert!(page.contains("In FY2026Q3 (October to December 2025), Alibaba Group&#39;s revenue of RMB 284.8B was 2.0% below the analysts&#39; consensus"), "surprise sentence");
    // 85,970 x 36 / 365 + 38,700 + 31,501 = 78,680 of 380,000 = 20.7%, to
    // 2025-09-30; 219 of 1,096 days = 20.0%; 1.04x.
    assert!(page.contains("By 30 September 2025, Alibaba Group had spent 20.7% of its RMB 380.0B capex commitment (24 February 2025 to 24 February 2028), with 20.0% of its time gone by that day: 1.04x the pace"));
    // -848 against 28,465 a year earlier: a loss, not "fell 103%".
    assert!(page.contains(
        "made an operating loss of RMB 848M in FY2026Q4 (January to March 2026), against a profit a year earlier"
    ));
    assert!(page.contains("Of the 11 claims, 7 were tested against data from other sources: 5 hold and 2 fail; 2 repeat their own source"));
}

#[test]
fn provenance_lists_sources_rows_hashes_and_definitions() {
    let dir = Workdir::shipped_data();
    let page = build_page(&dir, &[]);
    assert!(page.contains("id=\"source-a31\""));
    assert!(
        page.contains("earnings.csv line 13; events.csv line 18; through derived-fx-cny"),
        "which rows cite a31, and which derived sources are based on it"
    );
    assert!(
        page.contains("through baba-fy2024q4"),
        "sources used through a compiled entry"
    );
    let bytes = fs::read(dir.data().join("earnings.csv")).unwrap();
    let hex: String = Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert!(page.contains(&hex), "input hash");
    assert!(
        page.contains("<td>operating_income_yoy_pct</td>"),
        "definitions"
    );
}

#[test]
fn hostile_text_from_the_data_is_escaped_everywhere() {
    let dir = Workdir::fixture("metrics");
    dir.write(
        "companies.csv",
        "id,name,bloc,country,currency,fiscal_year_end\n\
         acme,\"<script>alert('x')</script> Acme & Co\",western,US,USD,12-31\n\
         hanzi,漢字 \"Hanzi\" <b>,china,CN,CNY,03-31\n",
    );
    dir.write(
        "stack.csv",
        "stack,layer,bloc,player,company\n\
         \"S<x>\",\"Models\"\"><img src=x onerror=alert(1)>\",western,A,acme\n\
         T,Pay,china,E,hanzi\n",
    );
    let page = build_page(&dir, &[]);
    assert!(!page.contains("<script>alert"), "no script from the data");
    assert!(!page.contains("<img src=x"), "no element from the data");
    assert!(!page.contains("<b>"), "no markup from the data");
    assert!(
        page.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; Acme &amp; Co"),
        "escaped, not dropped"
    );
    assert!(page.contains("漢字"), "non-Latin names survive");
    let svg = fs::read_to_string(dir.path().join("output/charts/stack_coverage.svg")).unwrap();
    let doc = roxmltree::Document::parse(&svg).expect("the SVG with hostile names is well-formed");
    // The hover values carry the names as text, escaped in the file.
    let tips: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("title") && n.attribute("id").is_none())
        .filter_map(|n| n.text())
        .collect();
    assert!(
        tips.contains(&"S<x>, <script>alert('x')</script> Acme & Co: 1"),
        "{tips:?}"
    );
}

#[test]
fn a_section_without_data_is_left_out_with_a_line_saying_so() {
    let page = build_page(&Workdir::fixture("base"), &[]);
    assert!(!page.contains("<section id=\"earnings\""));
    assert!(page.contains("<li>Earnings: earnings.csv has no rows</li>"));
    assert!(
        page.contains("id=\"provenance\""),
        "provenance is always there"
    );
}

#[test]
fn a_template_can_be_overridden_file_by_file() {
    let dir = Workdir::fixture("metrics");
    let templates = dir.path().join("my-templates/partials");
    fs::create_dir_all(&templates).unwrap();
    fs::write(
        templates.join("summary.html"),
        "<section id=\"summary\"><h2>Our own summary</h2></section>\n",
    )
    .unwrap();
    let page = build_page(&dir, &["--templates", "my-templates"]);
    assert!(page.contains("<h2>Our own summary</h2>"));
    assert!(
        page.contains("id=\"earnings\""),
        "the other templates fall back to the built-in ones"
    );
}

#[test]
fn a_broken_template_names_itself_and_its_line_and_exits_3() {
    let dir = Workdir::fixture("metrics");
    assert_eq!(dir.run(&["build", "-q"]).status, 0);
    let before = fs::read(dir.path().join("output/index.html")).unwrap();
    let templates = dir.path().join("t/partials");
    fs::create_dir_all(&templates).unwrap();
    fs::write(
        templates.join("claims.html"),
        "<p>\n{% for c in report.claims %}\n{{ c.text | nosuchfilter }}\n{% endfor %}\n",
    )
    .unwrap();
    let run = dir.run(&["build", "--templates", "t"]);
    assert_eq!(run.status, 3);
    assert!(
        run.stderr.contains("partials/claims.html:3"),
        "{}",
        run.stderr
    );
    assert_eq!(
        fs::read(dir.path().join("output/index.html")).unwrap(),
        before,
        "the previous report stays"
    );
}

#[test]
fn a_missing_templates_folder_is_exit_3() {
    let run = Workdir::fixture("metrics").run(&["build", "--templates", "nope"]);
    assert_eq!(run.status, 3);
    assert_eq!(run.stderr, "error: templates folder nope does not exist\n");
}

#[test]
fn a_claim_without_a_figure_names_its_period_as_the_data_does() {
    let page = build_page(&Workdir::fixture("metrics"), &[]);
    // k3: Hanzi's FY2026Q2 revenue is 0, so FY2026Q3 has no growth on the
    // quarter before; earnings.csv still says FY2026Q3 ended 31 December 2025
    // (its year ends in March: October to December 2025).
    assert!(page.contains(
        "Hanzi revenue growth on the previous quarter, FY2026Q3 (October to December 2025)</td>"
    ));
    // k8 has a row; its day is written as a day.
    assert!(page.contains("monthly active users, 1 May 2025"));
}
