//! What a link to the published report shows: with a `base_url` (aimarket.toml
//! or `--base-url`), the page names its own address (`<link rel="canonical">`)
//! and carries Open Graph and Twitter card tags: its title, its first lede
//! (or summary) sentence and, as the preview's picture, a PNG of the page's first chart.
//! Without one there is no address to name, so there are no such tags (a
//! preview's picture must be an absolute address) and no PNG.

use serde::Serialize;

use crate::charts::{Drawn, Section};
use crate::config::PageConfig;
use crate::model::ReportSection;

#[derive(Debug, PartialEq, Serialize)]
pub struct ShareView {
    /// The page's address: `base_url`, ending in `/`.
    pub url: String,
    /// The first sentence of the lede or the summary, when the page shows one.
    pub description: Option<String>,
    /// The first chart of the page as a PNG; `None` when the page has no chart.
    pub image: Option<ShareImage>,
}

#[derive(Debug, PartialEq, Serialize)]
pub struct ShareImage {
    pub url: String,
    /// What the picture shows: the chart's title.
    pub alt: String,
    pub width: u32,
    pub height: u32,
}

/// The address of the folder the report is published in, ending in `/`, so
/// that the files of the report resolve against it; a query or fragment of
/// `base_url` is no part of it.
pub fn page_address(base_url: &str) -> String {
    let folder = base_url.split(['?', '#']).next().unwrap_or(base_url);
    if folder.ends_with('/') {
        folder.to_string()
    } else {
        format!("{folder}/")
    }
}

/// The file the picture of link previews is written to: the chart's PNG.
pub fn image_file(drawn: &Drawn) -> String {
    format!("charts/{}.png", drawn.chart.name)
}

/// The chart whose PNG link previews show, with a `base_url` only: the first
/// chart of the page, in the order of its sections.
pub fn shared_chart<'a>(page: &PageConfig, drawn: &'a [Drawn]) -> Option<&'a Drawn> {
    page.base_url.as_ref()?;
    page.sections.iter().find_map(|&section| {
        let section = chart_section(section)?;
        drawn.iter().find(|d| d.chart.section == section)
    })
}

/// The tags' content; `None` without a `base_url`. The description is the
/// lede's first sentence, else the summary's, when the page shows it.
pub fn share(
    page: &PageConfig,
    drawn: &[Drawn],
    lede: &[String],
    summary: &[String],
) -> Option<ShareView> {
    let url = page_address(page.base_url.as_deref()?);
    let image = shared_chart(page, drawn).map(|chart| {
        let (width, height) = chart.chart.figure.size();
        ShareImage {
            url: format!("{url}{}", image_file(chart)),
            alt: chart.chart.figure.title.clone(),
            width,
            height,
        }
    });
    // Only words the page shows.
    let shown = |section: ReportSection, sentences: &[String]| {
        page.sections
            .contains(&section)
            .then(|| sentences.first().cloned())
            .flatten()
    };
    let description =
        shown(ReportSection::KeyFigures, lede).or_else(|| shown(ReportSection::Summary, summary));
    Some(ShareView {
        description,
        image,
        url,
    })
}

/// The family of charts a section of the page shows, if it shows charts.
fn chart_section(section: ReportSection) -> Option<Section> {
    Some(match section {
        ReportSection::KeyFigures => Section::Lead,
        ReportSection::Earnings => Section::Earnings,
        ReportSection::Capex => Section::Capex,
        ReportSection::Targets => Section::Targets,
        ReportSection::Users => Section::Users,
        ReportSection::Stacks => Section::Stack,
        ReportSection::Summary
        | ReportSection::Changes
        | ReportSection::Claims
        | ReportSection::Provenance => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_address_is_a_folder() {
        assert_eq!(
            page_address("https://example.org/ai"),
            "https://example.org/ai/"
        );
        assert_eq!(
            page_address("https://example.org/ai/"),
            "https://example.org/ai/"
        );
        assert_eq!(page_address("http://example.org"), "http://example.org/");
        assert_eq!(
            page_address("https://example.org/ai?x=1#top"),
            "https://example.org/ai/"
        );
    }

    #[test]
    fn without_a_base_url_there_is_nothing_to_share() {
        let page = PageConfig::default();
        assert_eq!(share(&page, &[], &[], &["A sentence.".into()]), None);
        assert!(shared_chart(&page, &[]).is_none());
    }

    #[test]
    fn a_page_without_charts_shares_its_address_and_first_sentence() {
        let page = PageConfig {
            base_url: Some("https://example.org/ai".into()),
            ..PageConfig::default()
        };
        let summary = ["First.".to_string(), "Second.".to_string()];
        assert_eq!(
            share(&page, &[], &[], &summary),
            Some(ShareView {
                url: "https://example.org/ai/".into(),
                description: Some("First.".into()),
                image: None,
            })
        );
        // The lede, when there is one, speaks first.
        let lede = ["The story.".to_string()];
        let shared = share(&page, &[], &lede, &summary).unwrap();
        assert_eq!(shared.description.as_deref(), Some("The story."));
    }
}
