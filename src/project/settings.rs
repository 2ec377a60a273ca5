//! The settings a project file holds, once checked, and its keys.

use std::path::PathBuf;

use crate::model::{Currency, ReportSection};

/// The project file read from the current folder when `--config` names none.
pub const FILE_NAME: &str = "aimarket.toml";

/// The most products a users chart may draw by name (`top_products`).
pub const MAX_TOP_PRODUCTS: usize = 20;

/// Every key of the file, in the order docs/command-line.md's table lists them.
pub const KEYS: [&str; 11] = [
    "title",
    "subtitle",
    "focus",
    "author",
    "base_url",
    "currency",
    "data",
    "out",
    "templates",
    "sections",
    "top_products",
];

/// The project file, checked; its paths joined to the folder it is in.
#[derive(Clone, Debug, Default)]
pub struct Project {
    /// The folder the file is in (empty for the current folder, or when there
    /// is no file): the default folders are formed from it.
    pub dir: PathBuf,
    pub title: Option<String>,
    pub subtitle: Option<String>,
    pub author: Option<String>,
    pub base_url: Option<String>,
    pub focus: Option<Focus>,
    pub currency: Option<Currency>,
    pub data: Option<PathBuf>,
    pub out: Option<PathBuf>,
    pub templates: Option<PathBuf>,
    pub sections: Option<Vec<ReportSection>>,
    pub top_products: Option<usize>,
}

/// The company the key figures and summary follow, and where the file names
/// it: whether it exists is known only once companies.csv is read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Focus {
    pub id: String,
    /// The project file as messages name it.
    pub file: String,
    pub line: u64,
}
