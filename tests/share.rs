//! The published page's conventions for search engines and link previews: the
//! claims with a verdict as schema.org ClaimReview JSON-LD, and with a
//! `base_url` the page's address, Open Graph and Twitter card tags and the PNG
//! of its first chart; without one, none of those tags and no PNG.

mod common;

use std::fs;

use common::Workdir;
use serde_json::Value;

const BASE_URL: &str = "https://example.org/ai/";

/// The shipped data with the shipped aimarket.toml.
fn shipped() -> Workdir {
    let dir = Workdir::shipped_data();
    dir.write_here("aimarket.toml", include_str!("../aimarket.toml"));
    dir
}

fn build(dir: &Workdir, out: &str, args: &[&str]) -> String {
    let run = dir.run(&[&["build", "-q", "--out", out], args].concat());
    assert_eq!(run.status, 0, "{}", run.stderr);
    fs::read_to_string(dir.path().join(out).join("index.html")).unwrap()
}

/// The one JSON-LD block of the page, parsed.
fn json_ld(page: &str) -> Value {
    const OPEN: &str = "<script type=\"application/ld+json\">";
    assert_eq!(page.matches(OPEN).count(), 1);
    let start = page.find(OPEN).unwrap() + OPEN.len();
    let end = start + page[start..].find("</script>").unwrap();
    serde_json::from_str(&page[start..end]).unwrap()
}

/// The `charts/*.png` files of a report (none without a `charts/` folder:
/// a page that shows no chart draws none).
fn pngs(dir: &Workdir, out: &str) -> Vec<String> {
    let Ok(entries) = fs::read_dir(dir.path().join(out).join("charts")) else {
        return Vec::new();
    };
    let mut names: Vec<String> = entries
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".png"))
        .collect();
    names.sort();
    names
}

#[test]
fn with_a_base_url_the_page_names_its_address_and_shows_its_first_chart() {
    let dir = shipped();
    let page = build(&dir, "a", &["--base-url", BASE_URL]);
    let title =
        "Alibaba Group&#39;s cloud growth rose to 38.1% as its operating margin fell to -0.3%";
    let tags = format!(
        "<link rel=\"canonical\" href=\"https://example.org/ai/\">\n\
        <meta property=\"og:type\" content=\"article\">\n\
        <meta property=\"og:title\" content=\"Alibaba&#39;s agentic-AI bet against the Western stack\">\n\
        <meta property=\"og:description\" content=\"Alibaba Group&#39;s operating margin was -0.3% in \
        January to March 2026, down from 12.0% a year earlier.\">\n\
        <meta property=\"og:url\" content=\"https://example.org/ai/\">\n\
        <meta property=\"og:image\" content=\"https://example.org/ai/charts/lead.png\">\n\
        <meta property=\"og:image:type\" content=\"image/png\">\n\
        <meta property=\"og:image:width\" content=\"720\">\n\
        <meta property=\"og:image:height\" content=\"420\">\n\
        <meta property=\"og:image:alt\" content=\"{title}\">\n\
        <meta name=\"twitter:card\" content=\"summary_large_image\">\n\
        <meta name=\"twitter:image:alt\" content=\"{title}\">\n"
    );
    assert!(page.contains(&format!("</title>\n{tags}<script")), "{page}");
    // The description is the lede's first sentence, the picture's words
    // the first chart's title: the lead chart's.
    assert!(page.contains(
        "<p class=\"lede-story\">Alibaba Group&#39;s operating margin was -0.3% in January"
    ));
    let first_chart = page.find("<figure class=\"chart\" id=\"").unwrap();
    assert!(page[first_chart..].starts_with("<figure class=\"chart\" id=\"chart-lead\">"));
    // The SVG escapes for XML, the page's tags for HTML.
    assert!(page.contains(&format!(
        "<title id=\"lead-title\">{}</title>",
        title.replace("&#39;", "&apos;")
    )));

    // The picture: the first chart as a 720 x 420 PNG, and no other PNG.
    assert_eq!(pngs(&dir, "a"), ["lead.png"]);
    let png = fs::read(dir.path().join("a/charts/lead.png")).unwrap();
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    assert_eq!(&png[12..16], b"IHDR");
    assert_eq!(&png[16..24], [0, 0, 2, 208, 0, 0, 1, 164]);

    // The same bytes from a second build; with --png, the same picture too.
    build(&dir, "b", &["--base-url", BASE_URL, "--png"]);
    assert_eq!(fs::read(dir.path().join("b/charts/lead.png")).unwrap(), png);
    assert_eq!(
        fs::read_to_string(dir.path().join("b/index.html")).unwrap(),
        page
    );
    assert_eq!(pngs(&dir, "b").len(), 19);
}

#[test]
fn without_a_base_url_there_are_no_preview_tags_and_no_png() {
    let dir = shipped();
    let page = build(&dir, "out", &[]);
    for tag in ["canonical", "og:", "twitter:"] {
        assert!(!page.contains(tag), "{tag}");
    }
    assert!(pngs(&dir, "out").is_empty());
    // The reviews are there all the same, without addresses.
    let reviews = json_ld(&page);
    assert_eq!(reviews["@graph"].as_array().unwrap().len(), 6);
    assert!(reviews["@graph"][0].get("url").is_none());
}

#[test]
fn claims_that_hold_or_fail_are_reviewed_and_no_others() {
    let dir = shipped();
    let page = build(&dir, "out", &["--base-url", "https://example.org/ai"]);
    let reviews = json_ld(&page);
    assert_eq!(reviews["@context"], "https://schema.org");
    let graph = reviews["@graph"].as_array().unwrap();
    // claims.csv's verdicts: two fail, four hold; three repeat their own source
    // and two have no figure to test them, and are left out.
    let verdicts: Vec<(&str, &str, i64)> = graph
        .iter()
        .map(|r| {
            let rating = &r["reviewRating"];
            (
                r["url"].as_str().unwrap(),
                rating["alternateName"].as_str().unwrap(),
                rating["ratingValue"].as_i64().unwrap(),
            )
        })
        .collect();
    let url = |id: &str| format!("https://example.org/ai/#claim-{id}");
    let expected = [
        ("rev_usd_fy2026q3", "fails", 1),
        ("rev_miss_fy2026q3", "fails", 1),
        ("oi_drop_fy2026q3", "holds", 2),
        ("cloud_yoy_fy2026q2", "holds", 2),
        ("oi_yoy_fy2026q3_longport", "holds", 2),
        ("rev_yoy_fy2026q3_longport", "holds", 2),
    ];
    let expected: Vec<(String, &str, i64)> = expected
        .iter()
        .map(|&(id, words, value)| (url(id), words, value))
        .collect();
    assert_eq!(
        verdicts,
        expected
            .iter()
            .map(|(u, w, v)| (u.as_str(), *w, *v))
            .collect::<Vec<_>>()
    );
    for id in [
        "qwen_downloads_10m",
        "qwen_dau_lny",
        "qwen_mau_300m",
        "lny_cost_per_order",
    ] {
        assert!(!page.contains(&format!("#claim-{id}")), "{id}");
        // Its row is on the page, anchored, all the same.
        assert!(page.contains(&format!("<tr id=\"claim-{id}\">")), "{id}");
    }
    // Each review's anchor is a row of the claims table.
    for (id, _, _) in &expected {
        let anchor = id.split('#').nth(1).unwrap();
        assert!(page.contains(&format!("<tr id=\"{anchor}\">")), "{anchor}");
    }

    // A failure says why, from the data: US$41,400M / RMB 284,843M = 0.1453 a
    // yuan, against the 40,732 / 284,843 = 0.1430 of the quarter's end.
    assert_eq!(
        graph[0]["reviewRating"]["ratingExplanation"],
        "Claimed: $41.4B (± $50M). The data: $40.7B, from Alibaba Group revenue, FY2026Q3 \
         (October to December 2025), in USD. Exchange rate: the claimed $41.4B implies 0.1453 \
         USD per CNY; the data converts at 0.1430, the rate of 31 December 2025."
    );

    // One in full: cloud_yoy_fy2026q2, cited to source a25.
    let cloud = &graph[3];
    assert_eq!(
        cloud["claimReviewed"],
        "Cloud revenue grew 34% year on year in the September 2025 quarter, to about RMB 39.8B"
    );
    assert_eq!(
        cloud["itemReviewed"],
        serde_json::json!({
            "@type": "Claim",
            "author": {"@type": "Organization", "name": "CoinCentral, from CNBC"},
            "datePublished": "2025-11-25",
            "appearance": {
                "@type": "CreativeWork",
                "headline": "Alibaba cloud revenue grows 34% as AI products drive growth (LSEG consensus)",
                "url": "https://coincentral.com/alibaba-baba-stock-cloud-revenue-grows-34-as-ai-products-drive-growth"
            }
        })
    );
    assert_eq!(
        cloud["author"],
        serde_json::json!({"@type": "Organization", "name": "Alibaba's agentic-AI bet against the Western stack"})
    );
    assert_eq!(cloud["datePublished"], "2026-05-13");
    assert_eq!(
        cloud["reviewRating"],
        serde_json::json!({
            "@type": "Rating",
            "ratingValue": 2,
            "bestRating": 2,
            "worstRating": 1,
            "alternateName": "holds",
            "ratingExplanation": "Claimed: 34.0% (± 0.5%). The data: 34.5%, from Alibaba Group cloud \
                revenue growth on a year earlier, FY2026Q2 (July to September 2025)."
        })
    );
}

#[test]
fn the_flag_wins_over_the_file_and_must_be_a_web_address() {
    let dir = Workdir::shipped_data();
    dir.write_here(
        "aimarket.toml",
        "base_url = \"https://example.org/file/\"\nauthor = \"A. Analyst\"\n",
    );
    let from_file = build(&dir, "file", &[]);
    assert!(from_file.contains("<link rel=\"canonical\" href=\"https://example.org/file/\">"));
    assert_eq!(
        json_ld(&from_file)["@graph"][0]["author"]["name"],
        "A. Analyst"
    );
    let flagged = build(&dir, "flag", &["--base-url", "http://example.net/r"]);
    assert!(flagged.contains("<link rel=\"canonical\" href=\"http://example.net/r/\">"));
    assert!(!flagged.contains("example.org"));

    let refused = dir.run(&["build", "--base-url", "example.org/ai"]);
    assert_eq!(refused.status, 2);
    assert!(
        refused.stderr.contains(
            "invalid value 'example.org/ai' for '--base-url <URL>': expected an http:// or \
             https:// address"
        ),
        "{}",
        refused.stderr
    );
}

#[test]
fn a_claim_cannot_end_the_block_it_is_written_in() {
    let dir = shipped();
    let claims = fs::read_to_string(dir.data().join("claims.csv")).unwrap();
    let hostile = "Operating income fell 74% </script><script>alert(1)</script><!-- & more";
    let edited = claims.replace(
        "Operating income fell 74% from a year earlier",
        &format!("\"{hostile}\""),
    );
    assert_ne!(edited, claims);
    dir.write("claims.csv", &edited);
    let page = build(&dir, "out", &[]);
    // One script element, whose JSON holds the text as it was.
    assert_eq!(page.matches("<script").count(), 1);
    assert!(!page.contains("<script>alert"));
    let reviews = json_ld(&page);
    assert_eq!(reviews["@graph"][2]["claimReviewed"], hostile);
    assert!(page.contains(
        "\"Operating income fell 74% \\u003c/script\\u003e\\u003cscript\\u003ealert(1)\\u003c/script\\u003e\\u003c!-- \\u0026 more\""
    ));
}

#[test]
fn the_tags_say_only_what_the_page_shows() {
    let dir = shipped();
    let toml = format!(
        "{}\nsections = [\"claims\", \"provenance\"]\n",
        include_str!("../aimarket.toml")
    );
    dir.write_here("aimarket.toml", &toml);
    let page = build(&dir, "claims", &["--base-url", BASE_URL]);
    // No chart on the page: no picture and a small card; no summary: no description.
    assert!(page.contains(
        "<meta property=\"og:url\" content=\"https://example.org/ai/\">\n\
         <meta name=\"twitter:card\" content=\"summary\">\n<script"
    ));
    assert!(!page.contains("og:image") && !page.contains("og:description"));
    assert!(pngs(&dir, "claims").is_empty());
    assert!(!dir.path().join("claims/charts").exists());
    assert_eq!(json_ld(&page)["@graph"].as_array().unwrap().len(), 6);

    // No claims section: no reviews of it.
    dir.write_here("aimarket.toml", "sections = [\"summary\", \"users\"]\n");
    let page = build(&dir, "users", &["--base-url", BASE_URL]);
    assert!(!page.contains("<script"));
    assert!(page.contains(
        "<meta property=\"og:image\" content=\"https://example.org/ai/charts/users_dau.png\">"
    ));
    assert_eq!(pngs(&dir, "users"), ["users_dau.png"]);
    let first_chart = page.find("<figure class=\"chart\" id=\"").unwrap();
    assert!(page[first_chart..].starts_with("<figure class=\"chart\" id=\"chart-users_dau\">"));
}

/// Regression: `--base-url` took `"`, `<`, `{` and port 99999.
#[test]
fn a_base_url_that_is_not_a_plain_address_is_a_usage_error() {
    let dir = Workdir::fixture("valid_full");
    for (url, why) in [
        (
            "https://example.org/a\"b",
            "written with the characters of RFC 3986 (percent-encode '\"')",
        ),
        (
            "https://example.org/<b>",
            "written with the characters of RFC 3986 (percent-encode '<')",
        ),
        (
            "https://example.org/{x}",
            "written with the characters of RFC 3986 (percent-encode '{')",
        ),
        (
            "https://example.org:99999/",
            "with a port from 1 to 65535 (found \"99999\")",
        ),
    ] {
        let run = dir.run(&["build", "--out", "out", "--base-url", url]);
        assert_eq!(run.status, 2, "{url}");
        assert!(
            run.stderr.contains(&format!(
                "invalid value '{url}' for '--base-url <URL>': expected an http:// or https:// \
                 address {why}"
            )),
            "{}",
            run.stderr
        );
        assert!(!dir.path().join("out").exists());
    }
}
