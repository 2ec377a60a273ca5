//! A chart as the report and the output folder take it: where it belongs, its
//! figure, its words for screen readers, its note and the table of its numbers.

use std::collections::BTreeSet;
use std::path::Path;

use super::draw::{self, Figure};
use super::table::DataTable;
use crate::model::ReportSection;

/// Where a chart belongs in the report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Section {
    /// The lead chart, shown under the lede, before the key figures.
    Lead,
    Earnings,
    Capex,
    Targets,
    Users,
    Stack,
}

impl Section {
    /// The section of the page the chart is shown in.
    pub fn on_page(self) -> ReportSection {
        match self {
            Section::Lead => ReportSection::KeyFigures,
            Section::Earnings => ReportSection::Earnings,
            Section::Capex => ReportSection::Capex,
            Section::Targets => ReportSection::Targets,
            Section::Users => ReportSection::Users,
            Section::Stack => ReportSection::Stacks,
        }
    }
}

#[derive(Clone, Debug)]
pub struct Chart {
    pub name: String,
    pub section: Section,
    pub figure: Figure,
    /// The ids of the sources its figures cite, named by their publishers in
    /// its source lines (`words::source_line`, and the page's caption).
    pub sources: BTreeSet<String>,
    pub description: String,
    pub table: DataTable,
    /// What the chart's figures lack or mix, shown beside it on the page and
    /// read with its description: a caveat too long for a subtitle.
    pub note: String,
}

impl Chart {
    pub fn svg(&self) -> Result<String, String> {
        draw::to_svg(&self.figure, &self.name, &self.full_description())
    }

    /// The same chart laid out for a narrow screen, for the report page.
    pub fn narrow_svg(&self) -> Result<String, String> {
        draw::to_narrow_svg(&self.figure, &self.name, &self.full_description())
    }

    /// The description for screen readers, with the note when there is one.
    fn full_description(&self) -> String {
        if self.note.is_empty() {
            self.description.clone()
        } else {
            format!("{} Note: {}.", self.description, self.note)
        }
    }

    pub fn write_png(&self, path: &Path) -> anyhow::Result<()> {
        draw::write_png(&self.figure, path).map_err(anyhow::Error::msg)
    }

    /// The chart as the bytes of the PNG `write_png` writes.
    pub fn png(&self) -> anyhow::Result<Vec<u8>> {
        draw::to_png(&self.figure).map_err(anyhow::Error::msg)
    }
}

/// A chart drawn: its SVG for files and wide screens, and its SVG for narrow ones.
#[derive(Clone, Debug)]
pub struct Drawn {
    pub chart: Chart,
    pub svg: String,
    pub narrow_svg: String,
}

/// A chart that was not drawn, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Skipped {
    pub name: String,
    pub reason: String,
}

/// The outcome of one chart function: its charts (none: no data), or why it
/// has none to draw.
pub type Built = Result<Vec<Chart>, String>;
