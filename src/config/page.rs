//! What aimarket.toml (and `--title`, `--base-url`) say of the page.

use crate::charts::DEFAULT_TOP_PRODUCTS;
use crate::cli::PageArgs;
use crate::model::ReportSection;
use crate::project::Project;

/// What aimarket.toml says of the page; the defaults without it.
#[derive(Clone, Debug)]
pub struct PageConfig {
    /// The page's title; `None` makes one from the focus company.
    pub title: Option<String>,
    pub subtitle: Option<String>,
    pub author: Option<String>,
    /// Where the report is published, for links to itself: checked to be an
    /// http(s) address and passed to the templates.
    pub base_url: Option<String>,
    /// The company the key figures and summary follow; `None` makes it the
    /// company with the most earnings rows.
    pub focus: Option<String>,
    /// The sections shown, in order (a section without data is still left out).
    pub sections: Vec<ReportSection>,
    /// Products a users chart draws by name; the rest are averaged.
    pub top_products: usize,
}

impl Default for PageConfig {
    fn default() -> PageConfig {
        PageConfig {
            title: None,
            subtitle: None,
            author: None,
            base_url: None,
            focus: None,
            sections: ReportSection::ALL.to_vec(),
            top_products: DEFAULT_TOP_PRODUCTS,
        }
    }
}

impl PageConfig {
    /// `--title` and `--base-url`, else the project's.
    pub(super) fn new(args: &PageArgs, project: &Project) -> PageConfig {
        let default = PageConfig::default();
        PageConfig {
            title: args.title.as_ref().or(project.title.as_ref()).cloned(),
            subtitle: project.subtitle.clone(),
            author: project.author.clone(),
            base_url: args
                .base_url
                .as_ref()
                .or(project.base_url.as_ref())
                .cloned(),
            focus: project.focus.as_ref().map(|f| f.id.clone()),
            sections: project.sections.clone().unwrap_or(default.sections),
            top_products: project.top_products.unwrap_or(default.top_products),
        }
    }
}
