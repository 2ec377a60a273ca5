//! The claims the data tests, as schema.org `ClaimReview` structured data: one
//! JSON-LD block in the page's head, for search engines and fact-check tools.
//!
//! Only a verdict the data reaches is published: `holds` (rating 2, the best)
//! or `fails` (rating 1, the worst). A claim that only repeats its own source,
//! or that no figure can test, is not reviewed. The review's date is the
//! report's as-of day (never the clock), its author aimarket.toml's `author`,
//! else the report's title, and its address, with a `base_url`, the claim's
//! row on the page (`#claim-ID`).

use chrono::NaiveDate;
use serde::Serialize;

use super::share::page_address;
use super::view::ClaimView;
use crate::config::PageConfig;
use crate::model::{Dataset, ReportSection};

/// The rating of a claim that holds: the best of the scale.
const HOLDS: u8 = 2;
/// The rating of a claim that fails: the worst of the scale.
const FAILS: u8 = 1;

#[derive(Serialize)]
struct Graph<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@graph")]
    graph: Vec<ClaimReview<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ClaimReview<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<String>,
    claim_reviewed: &'a str,
    item_reviewed: Claim<'a>,
    author: Organization<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date_published: Option<String>,
    review_rating: Rating<'a>,
}

/// The claim as its source made it.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Claim<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    author: Option<Organization<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date_published: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    appearance: Option<Appearance<'a>>,
}

#[derive(Clone, Copy, Serialize)]
struct Organization<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
}

/// Where the claim appeared: its source's title and address.
#[derive(Serialize)]
struct Appearance<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    headline: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Rating<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    rating_value: u8,
    best_rating: u8,
    worst_rating: u8,
    /// The verdict as the page words it.
    alternate_name: &'a str,
    rating_explanation: String,
}

/// The JSON-LD of the claims with a verdict, safe to place inside a
/// `<script>` element; `None` when no claim has one or the page leaves the
/// claims out.
pub fn claim_reviews(
    claims: &[ClaimView],
    data: &Dataset,
    page: &PageConfig,
    title: &str,
    as_of: Option<NaiveDate>,
) -> Option<String> {
    if !page.sections.contains(&ReportSection::Claims) {
        return None;
    }
    let reviewer = Organization {
        kind: "Organization",
        name: page.author.as_deref().unwrap_or(title),
    };
    let graph: Vec<ClaimReview> = claims
        .iter()
        .filter_map(|claim| {
            let rating_value = match claim.verdict {
                "holds" => HOLDS,
                "fails" => FAILS,
                _ => return None,
            };
            let source = data.sources.iter().find(|s| s.id == claim.source);
            Some(ClaimReview {
                kind: "ClaimReview",
                url: page
                    .base_url
                    .as_deref()
                    .map(|base| format!("{}#claim-{}", page_address(base), claim.id)),
                claim_reviewed: &claim.text,
                item_reviewed: Claim {
                    kind: "Claim",
                    author: source.map(|s| Organization {
                        kind: "Organization",
                        name: &s.publisher,
                    }),
                    date_published: source.and_then(|s| s.published).map(|d| d.to_string()),
                    appearance: source.map(|s| Appearance {
                        kind: "CreativeWork",
                        headline: &s.title,
                        url: s.url.as_deref(),
                    }),
                },
                author: reviewer,
                date_published: as_of.map(|d| d.to_string()),
                review_rating: Rating {
                    kind: "Rating",
                    rating_value,
                    best_rating: HOLDS,
                    worst_rating: FAILS,
                    alternate_name: &claim.verdict_words,
                    rating_explanation: explanation(claim),
                },
            })
        })
        .collect();
    if graph.is_empty() {
        return None;
    }
    let json = serde_json::to_string_pretty(&Graph {
        context: "https://schema.org",
        graph,
    })
    .expect("JSON-LD of plain strings and numbers");
    Some(script_safe(&json))
}

/// The rating's reasons: the claimed figure, the data's and what it is, and
/// why they differ where the data can tell.
fn explanation(claim: &ClaimView) -> String {
    let mut text = format!(
        "Claimed: {}. The data: {}, from {}.",
        claim.expected, claim.actual, claim.test
    );
    if !claim.verdict_note.is_empty() {
        text.push(' ');
        text.push_str(&claim.verdict_note);
    }
    text
}

/// JSON that cannot end or comment out the `<script>` element it is placed in
/// (`</script>`, `<!--`): every `<`, `>` and `&`, which JSON-LD holds only inside
/// strings, written as its `\u` escape.
fn script_safe(json: &str) -> String {
    json.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Source;
    use crate::report::view::SourceLink;

    fn claim(id: &str, verdict: &'static str, words: &str) -> ClaimView {
        ClaimView {
            id: id.into(),
            text: "Revenue was US$41.4B </script><!-- & more".into(),
            test: "Alibaba Group's revenue in US$, December 2025 quarter".into(),
            test_sources: Vec::new(),
            expected: "$41.4B (± $50.0M)".into(),
            actual: "$41.38B".into(),
            native: None,
            verdict,
            verdict_words: words.into(),
            verdict_note: String::new(),
            source: "seed".into(),
            source_link: SourceLink {
                name: "The Seed Post".into(),
                href: "#source-seed".into(),
                after: "",
            },
        }
    }

    fn data() -> Dataset {
        let mut data = Dataset::default();
        data.sources.push(Source {
            line: 2,
            id: "seed".into(),
            title: "Alibaba's agent stack".into(),
            publisher: "The Seed Post".into(),
            url: Some("https://example.com/seed".into()),
            published: NaiveDate::from_ymd_opt(2026, 2, 20),
            based_on: Vec::new(),
        });
        data
    }

    #[test]
    fn a_claim_that_holds_is_reviewed_in_full() {
        let page = PageConfig {
            base_url: Some("https://example.org/ai".into()),
            ..PageConfig::default()
        };
        let claims = [claim("rev_q3", "holds", "holds")];
        let as_of = NaiveDate::from_ymd_opt(2026, 3, 31);
        let json = claim_reviews(&claims, &data(), &page, "The AI market", as_of).unwrap();
        assert_eq!(
            json,
            r#"{
  "@context": "https://schema.org",
  "@graph": [
    {
      "@type": "ClaimReview",
      "url": "https://example.org/ai/#claim-rev_q3",
      "claimReviewed": "Revenue was US$41.4B \u003c/script\u003e\u003c!-- \u0026 more",
      "itemReviewed": {
        "@type": "Claim",
        "author": {
          "@type": "Organization",
          "name": "The Seed Post"
        },
        "datePublished": "2026-02-20",
        "appearance": {
          "@type": "CreativeWork",
          "headline": "Alibaba's agent stack",
          "url": "https://example.com/seed"
        }
      },
      "author": {
        "@type": "Organization",
        "name": "The AI market"
      },
      "datePublished": "2026-03-31",
      "reviewRating": {
        "@type": "Rating",
        "ratingValue": 2,
        "bestRating": 2,
        "worstRating": 1,
        "alternateName": "holds",
        "ratingExplanation": "Claimed: $41.4B (± $50.0M). The data: $41.38B, from Alibaba Group's revenue in US$, December 2025 quarter."
      }
    }
  ]
}"#
        );
        // Still JSON, with the text as it was.
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(
            value["@graph"][0]["claimReviewed"],
            "Revenue was US$41.4B </script><!-- & more"
        );
    }

    #[test]
    fn only_holds_and_fails_are_published() {
        let page = PageConfig {
            author: Some("A. Analyst".into()),
            ..PageConfig::default()
        };
        let claims = [
            claim("repeats", "restates", "repeats its own source"),
            claim("untested", "unverifiable", "cannot be checked"),
            claim("short", "fails", "fails"),
        ];
        let json = claim_reviews(&claims, &data(), &page, "Title", None).unwrap();
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        let graph = value["@graph"].as_array().unwrap();
        assert_eq!(graph.len(), 1);
        let review = &graph[0];
        // No base_url: no address; no as-of day: no date.
        assert_eq!(review.get("url"), None);
        assert_eq!(review.get("datePublished"), None);
        assert_eq!(review["author"]["name"], "A. Analyst");
        assert_eq!(review["reviewRating"]["ratingValue"], 1);
        assert_eq!(review["reviewRating"]["alternateName"], "fails");
        assert!(!json.contains("repeats") && !json.contains("untested"));

        let restated = [claim("repeats", "restates", "repeats its own source")];
        assert_eq!(
            claim_reviews(&restated, &data(), &page, "Title", None),
            None
        );
        let without_claims = PageConfig {
            sections: vec![ReportSection::Summary],
            ..PageConfig::default()
        };
        let claims = [claim("short", "fails", "fails")];
        assert_eq!(
            claim_reviews(&claims, &data(), &without_claims, "T", None),
            None
        );
    }
}
