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
    // Capex runs to 30 September 2025, revenue to 31 March 2026: said. The plan
    // is "more than" RMB 380B: RMB 78.7B is less than 20.7% of it.
    assert!(page.contains("By 30 September 2025, the last day with capex data (revenue is reported to 31 March 2026), Alibaba Group had spent RMB 78.7B, less than 20.7% of its capex commitment of more than RMB 380.0B (24 February 2025 to 24 February 2028), with 20.0% of its time gone by that day: less than 1.04x the pace"));
    // -848 against 28,465 a year earlier: a loss, not "fell 103%".
    assert!(page.contains(
        "made an operating loss of RMB 848M in FY2026Q4 (January to March 2026), against a profit a year earlier"
    ));
    // The two claims of a 74% fall in operating income are one fact.
    assert!(page.contains("10 facts from 11 claims (claims that name the same figure count once): of the 5 tested against data from other sources, 3 hold and 2 fail; 3 repeat their own source"));
}

#[test]
fn provenance_lists_sources_rows_hashes_and_definitions() {
    let dir = Workdir::shipped_data();
    let page = build_page(&dir, &[]);
    assert!(page.contains("id=\"source-a31\""));
    assert!(
        page.contains("Cited by earnings.csv line 13; events.csv line 18; and through <a href=\"#source-derived-fx-cny\">Derived: US$ per CNY on each Alibaba quarter end = the…</a>."),
        "which rows cite a31, and which derived sources are based on it"
    );
    assert!(
        page.contains("Cited through <a href=\"#source-baba-fy2024q4\">"),
        "sources used through a compiled entry only"
    );
    let bytes = fs::read(dir.data().join("earnings.csv")).unwrap();
    let hex: String = Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert!(page.contains(&hex), "input hash");
    assert!(
        page.contains("<td data-label=\"metric\">operating_income_yoy_pct</td>"),
        "definitions"
    );
}

/// The visible text of some HTML, tags taken out.
fn visible(html: &str) -> String {
    html.split('<')
        .map(|piece| piece.split_once('>').map_or(piece, |(_, text)| text))
        .collect()
}

/// The ids of a data folder's sources.csv.
fn source_ids(dir: &Workdir) -> Vec<String> {
    let text = fs::read_to_string(dir.data().join("sources.csv")).unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    reader
        .records()
        .map(|r| r.unwrap()[0].to_string())
        .collect()
}

#[test]
fn source_lines_name_publishers_linked_to_their_sources() {
    let dir = Workdir::shipped_data();
    let page = build_page(&dir, &[]);
    // Alibaba Group is behind most of the revenue chart's sources (its releases,
    // reposted by Futu News, pdvg.it, StockTitan...), CNBC next.
    assert!(page.contains(
        "<p class=\"source\">Source: <a href=\"#publisher-alibaba-group\">Alibaba Group</a>, <a href=\"#publisher-cnbc\">CNBC</a>, "
    ));
    let svg = fs::read_to_string(dir.path().join("output/charts/revenue.svg")).unwrap();
    assert!(
        svg.contains("Source: Alibaba Group, CNBC and 14 more"),
        "the chart's own line"
    );
    // Every source line, under charts and tables, names no source id and no file.
    let ids = source_ids(&dir);
    let lines: Vec<String> = page
        .split("<p class=\"source\">")
        .skip(1)
        .map(|rest| visible(&rest[..rest.find("</p>").unwrap()]))
        .collect();
    assert_eq!(
        lines.len(),
        21,
        "19 charts, the targets and the stacks tables"
    );
    for line in lines.iter().chain([&svg]) {
        let words: Vec<&str> = line
            .split(|c: char| !c.is_alphanumeric() && c != '-' && c != '_')
            .collect();
        for id in &ids {
            assert!(!words.contains(&id.as_str()), "{id} in {line}");
        }
        assert!(!line.contains(".csv"), "a file in {line}");
    }
    // Claims and events name their source by its publisher, linked to its entry.
    assert!(page.contains(
        "<td data-label=\"source\"><a href=\"#source-seed-agent-stack\">OpenClaw-focused newsletter</a></td>"
    ));
    assert!(page.contains("<td data-label=\"source\"><a href=\"#source-c1\">Xinhua</a></td>"));
    // Every link to a publisher or a source has its anchor on the page.
    for link in page.split("href=\"#").skip(1) {
        let anchor = &link[..link.find('"').unwrap()];
        assert!(page.contains(&format!("id=\"{anchor}\"")), "#{anchor}");
    }
}

#[test]
fn sources_are_listed_by_publisher_in_a_closed_part() {
    let page = build_page(&Workdir::shipped_data(), &[]);
    assert!(page.contains("<details id=\"sources\" class=\"part sources-part\">"));
    assert!(!page.contains("<details open"), "every part closed");
    let groups: Vec<&str> = page
        .split("<li class=\"publisher-sources\" id=\"")
        .skip(1)
        .map(|g| &g[..g.find("</ul></li>").unwrap()])
        .collect();
    let names: Vec<String> = groups
        .iter()
        .map(|g| visible(&g[g.find("<h4>").unwrap()..g.find("</h4>").unwrap()]))
        .collect();
    // A to Z, case aside; the compiled and derived sources last.
    assert_eq!(
        names.last().unwrap(),
        "Compiled or derived from the sources above"
    );
    let mut sorted = names[..names.len() - 1].to_vec();
    sorted.sort_by_key(|n| n.to_lowercase());
    assert_eq!(names[..names.len() - 1], sorted[..]);
    // Every source is listed once, under one publisher.
    let dir = Workdir::shipped_data();
    for id in source_ids(&dir) {
        let anchor = format!("id=\"source-{id}\"");
        let under: Vec<&&str> = groups.iter().filter(|g| g.contains(&anchor)).collect();
        assert_eq!(under.len(), 1, "{id}");
        assert_eq!(page.matches(&anchor).count(), 1, "{id}");
    }
    // Reposts under who first published them, with where the copy was found.
    let alibaba = groups
        .iter()
        .find(|g| g.starts_with("publisher-alibaba-group\""))
        .unwrap();
    assert!(
        alibaba.contains("Futu News, from Alibaba Group&#39;s release. Published 10 August 2023.")
    );
    // Newest first, undated last.
    let dates: Vec<&str> = alibaba
        .split("Published ")
        .skip(1)
        .map(|d| &d[..d.find('.').unwrap()])
        .collect();
    assert_eq!(
        dates[..3],
        ["13 May 2026", "25 November 2025", "29 August 2025"]
    );
    let last_dated = alibaba.rfind("Published ").unwrap();
    let undated = alibaba.find("id=\"source-a13\"").unwrap();
    assert!(last_dated < undated, "a13 has no date");
}

#[test]
fn every_table_cell_is_labelled_by_its_column_for_phones() {
    let page = build_page(&Workdir::shipped_data(), &[]);
    // Tables that lay their rows out as cards on a phone label every cell.
    for table in page.split("<table class=\"").skip(1) {
        let table = &table[..table.find("</table>").unwrap()];
        if !table.split('"').next().unwrap().contains("cards") {
            continue;
        }
        let cells = table.matches("<td").count();
        assert!(cells > 0);
        assert_eq!(table.matches("<td data-label=\"").count(), cells);
    }
    assert!(page.contains("<td data-label=\"verdict\"><div><span class=\"verdict verdict-fails\">"));
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
        "Hanzi revenue growth on the previous quarter, FY2026Q3 (October to December 2025)</div></td>"
    ));
    // k8 has a row; its day is written as a day.
    assert!(page.contains("monthly active users, 1 May 2025"));
}

#[test]
fn the_page_opens_with_its_story_a_lead_chart_and_four_key_figures() {
    let page = build_page(&Workdir::shipped_data(), &[]);
    let start = page.find("<section id=\"key-figures\"").expect("the story");
    let story = &page[start..start + page[start..].find("</section>").unwrap()];
    // -848 / 243,380 = -0.35%; a year earlier 28,465 / 236,454 = 12.04%.
    // Cloud: 41,600 / 30,127 - 1 = 38.08%; a year before 30,127 / 25,595 - 1 = 17.71%.
    assert!(story.contains(
        "<p class=\"lede-story\">Alibaba Group&#39;s operating margin was -0.3% in January to \
         March 2026, down from 12.0% a year earlier. Its cloud revenue grew 38.1% on the same \
         quarter a year earlier, against 17.7% a year before. By 30 September 2025 (its latest \
         capex figure; revenue runs to 31 March 2026) it had spent RMB 78.7B, less than 20.7% of \
         its capex plan of more than RMB 380.0B, with 20.0% of the plan&#39;s time gone: less \
         than 1.04x a straight-line pace. The plan is stated as investment in cloud and AI \
         hardware infrastructure over three years; this report measures it on Alibaba Group&#39;s \
         total capex.</p>"
    ));
    // The lead chart comes before any other, and before the contents.
    let lead = page.find("id=\"chart-lead\"").expect("the lead chart");
    assert!(lead > start && lead < page.find("class=\"toc\"").unwrap());
    assert_eq!(
        page.find("<figure class=\"chart\""),
        page[..lead].rfind("<figure class=\"chart\"")
    );
    assert!(story.contains(
        "Alibaba Group&#39;s cloud growth rose to 38.1% as its operating margin fell to -0.3%"
    ));
    // Regression: the lead chart's source line named the peers' publishers too.
    assert!(!story.contains("Amazon.com") && !story.contains("Meta Platforms"));
    // At most four key figures, each labelled in eight words or fewer.
    let labels: Vec<&str> = story
        .split("<span class=\"figure-label\">")
        .skip(1)
        .map(|rest| &rest[..rest.find("</span>").unwrap()])
        .collect();
    assert_eq!(
        labels,
        [
            "Alibaba Group revenue, Jan–Mar 2026",
            "Operating margin, Jan–Mar 2026",
            "Capex plan spent by 30 Sep 2025",
            "Yearly growth still needed for revenue target",
        ]
    );
    assert!(labels.iter().all(|l| l.split_whitespace().count() <= 8));
}

#[test]
fn comparisons_put_the_focus_company_beside_its_peers_on_one_footing() {
    let dir = Workdir::shipped_data();
    let page = build_page(&dir, &[]);
    let title = |name: &str| {
        let start = page
            .find(&format!("<title id=\"{name}-title\">"))
            .expect(name);
        let text = &page[start..];
        text[text.find('>').unwrap() + 1..text.find("</title>").unwrap()].replace("&apos;", "'")
    };
    // Cloud growth on the quarter to 31 March 2026, each in its own currency:
    // Alphabet 20,000 / 12,260 - 1 = 63.1%; Alibaba 41,600 / 30,127 - 1 = 38.1%;
    // Microsoft 34,681 / 26,751 - 1 = 29.6%; Amazon 37,600 / 29,300 - 1 = 28.3%.
    assert_eq!(
        title("cloud_growth"),
        "In the quarter to 31 March 2026, Alibaba Group's cloud revenue grew 38.1% on a year \
         earlier: the second fastest of the 4 clouds with a figure for that quarter"
    );
    // Quarters only, ending 30 September 2025: Alibaba 31,501 / 247,795 = 12.7%;
    // Tencent 12,980 / 192,869 = 6.7%; Microsoft 34,900 / 77,700 = 44.9%.
    assert_eq!(
        title("capex_intensity"),
        "Alibaba Group spent 12.7% of its revenue on capex in FY2026Q2; the 2 other companies \
         with a quarter ending 30 September 2025: 6.7% to 44.9%"
    );
    // Years apart from quarters: Alibaba's FY2025, 85,970 / (243,236 + 236,503 +
    // 280,154 + 236,454 = 996,347) = 8.6%.
    assert!(title("capex_intensity_annual")
        .starts_with("Alibaba Group spent 8.6% of its revenue on capex in FY2025"));
    let annual =
        fs::read_to_string(dir.path().join("output/data/capex_intensity_annual.csv")).unwrap();
    assert!(annual.lines().skip(1).all(|l| !l.contains('Q')), "{annual}");
    // With a focus, revenue in dollars is the focus company's segments alone.
    let revenue = fs::read_to_string(dir.path().join("output/data/revenue.csv")).unwrap();
    assert!(revenue.lines().skip(1).all(|l| l.starts_with("alibaba,")));
}

#[test]
fn the_shipped_bloc_sentence_says_which_figures_are_estimates_and_what_each_counts() {
    let page = build_page(&Workdir::shipped_data(), &[]).replace("&#39;", "'");
    // 2025, western: Alphabet 91,450 + Amazon 131,819 + Meta 69,691 + Microsoft's
    // four quarters (21,400 + 24,200 + 34,900 + 37,500) = 410,960.
    // Chinese, in USD at each period's end: Alibaba 85,970 x 0.1378027 x 90/365
    // + 38,700 x 0.1395951 + 31,501 x 0.1404710 = 12,748.5; Tencent 27,500 x
    // 0.1378027 + 19,100 x 0.1395951 + 12,980 x 0.1404710 + 19,637 x 0.1429981
    // = 11,087.2 (the last an estimate); ByteDance's estimated RMB 150,000 x
    // 0.1429981 = 21,449.7; in all 45,285.4: about $45.3B.
    assert!(page.contains(
        "In 2025, actual capex came to $411.0B for the western companies in the data \
         (Alphabet, Amazon, Meta Platforms and Microsoft) and about $45.3B for the Chinese ones \
         (Alibaba Group, ByteDance and Tencent), so the two sums are not like for like: Alibaba \
         Group's figures cover 273 of the year's 365 days. ByteDance's figure is an estimate; \
         Tencent's figures are partly approximate. Microsoft's figures include finance leases; \
         Alphabet's, Amazon's and Meta Platforms' count cash payments only; Alibaba Group's, \
         ByteDance's and Tencent's basis is not stated."
    ));
    // ByteDance's 2025 plan of more than RMB 150bn keeps its qualifier in the bloc's table.
    assert!(page.contains("<td data-label=\"qualifier\">more than</td>"));
    // Baidu, of the Chinese bloc, has no capex figure: the bloc chart's note says so.
    assert!(page.contains(
        "Chinese: Alibaba Group, ByteDance and Tencent (no capex figures for Baidu, DeepSeek and \
         Huawei)"
    ));
}
