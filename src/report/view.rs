//! The small `Serialize` structs the templates receive: every number already a
//! string formatted by `format.rs`, every chart already an SVG. Templates only
//! place them. And `Inputs`, what the report is made from.

use std::path::Path;

use serde::Serialize;

use super::share::ShareView;
use crate::charts::{Drawn, Skipped};
use crate::config::PageConfig;
use crate::diff::Diff;
use crate::metrics::Metrics;
use crate::model::Dataset;

#[derive(Serialize)]
pub struct Report {
    pub title: String,
    /// aimarket.toml's `subtitle` and `author`, shown under the title.
    pub subtitle: Option<String>,
    pub author: Option<String>,
    /// aimarket.toml's `base_url`: where the report is published.
    pub base_url: Option<String>,
    /// The ids of the sections to show, in order (`sections` in
    /// aimarket.toml); each partial still leaves itself out without data.
    pub sections: Vec<&'static str>,
    pub as_of: String,
    pub currency: String,
    pub toc: Vec<TocEntry>,
    pub key_figures: Vec<KeyFigure>,
    pub summary: Vec<String>,
    /// What changed since the report `build --compare` names; `None` without
    /// one, or when nothing changed.
    pub changes: Option<ChangesView>,
    pub earnings: Vec<ChartView>,
    pub capex: Vec<ChartView>,
    pub targets: Vec<ChartView>,
    pub target_rows: Vec<Vec<String>>,
    pub users: Vec<ChartView>,
    pub events: Vec<Vec<String>>,
    pub stacks: Vec<StackView>,
    pub stack_charts: Vec<ChartView>,
    pub claims: Vec<ClaimView>,
    pub claims_tally: String,
    /// The claims with a verdict as schema.org ClaimReview JSON-LD, escaped
    /// for a `<script>` element; `None` when there are none.
    pub claim_reviews: Option<String>,
    /// The page's address and link-preview tags, with a `base_url` only.
    pub share: Option<ShareView>,
    pub provenance: Provenance,
    /// Sections left out, with the reason: `Targets: targets.csv has no rows`.
    pub absent: Vec<String>,
    /// The charts' colours in a dark colour scheme: rules the page's
    /// stylesheet ends with.
    #[serde(skip)]
    pub chart_style: String,
}

#[derive(Serialize)]
pub struct TocEntry {
    pub id: &'static str,
    pub title: &'static str,
}

#[derive(Serialize)]
pub struct ChangesView {
    /// `What changed since the report as of 28 February 2026`.
    pub title: String,
    pub lede: Vec<String>,
    pub caption: String,
    /// The largest moves, largest first.
    pub moves: Vec<ChangeRow>,
    /// `3 more figures changed by less, relative to their earlier value.`
    pub more_moves: Option<String>,
    /// A claim's verdict that changed, in a sentence each.
    pub claims: Vec<String>,
    pub added: Vec<String>,
    pub removed: Vec<String>,
    /// Each input file that changed, appeared or went away: `earnings.csv (changed)`.
    pub inputs: Vec<String>,
}

#[derive(Serialize)]
pub struct ChangeRow {
    pub figure: String,
    pub before: String,
    pub now: String,
    pub change: String,
}

#[derive(Serialize)]
pub struct KeyFigure {
    pub label: String,
    pub value: String,
    pub detail: String,
}

#[derive(Serialize)]
pub struct ChartView {
    pub name: String,
    pub title: String,
    pub svg: String,
    pub narrow_svg: String,
    pub source: String,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// Rows left out of the page's table (all are in data/NAME.csv).
    /// `4,995 more rows are`: the rows of the table the page leaves out, if any.
    pub more_rows: Option<String>,
    /// What the chart's figures lack or mix; empty when nothing.
    pub note: String,
}

#[derive(Serialize)]
pub struct StackView {
    pub name: String,
    pub layers: Vec<StackLayer>,
}

#[derive(Serialize)]
pub struct StackLayer {
    pub layer: String,
    pub western: String,
    pub china: String,
}

#[derive(Serialize)]
pub struct ClaimView {
    pub id: String,
    pub text: String,
    /// What tested it: the metric row, described.
    pub test: String,
    /// The sources of that metric row.
    pub test_sources: Vec<String>,
    /// The claimed figure with its qualifier and tolerance.
    pub expected: String,
    pub actual: String,
    /// The data's figure as the data gives it, and the rate that converted it.
    pub native: Option<String>,
    /// `holds`, `fails`, `restates`, `unverifiable`: for the style.
    pub verdict: &'static str,
    /// The verdict in words, with the claim's qualifier.
    pub verdict_words: String,
    pub source: String,
}

#[derive(Serialize)]
pub struct Provenance {
    pub sources: Vec<SourceView>,
    pub inputs: Vec<Vec<String>>,
    pub warnings: Vec<String>,
    pub definitions: Vec<Vec<String>>,
    pub skipped: Vec<String>,
    pub fx: Vec<Vec<String>>,
}

#[derive(Serialize)]
pub struct SourceView {
    pub id: String,
    pub title: String,
    pub publisher: String,
    pub url: Option<String>,
    pub published: String,
    pub cited_by: String,
}

/// What the report is made from.
pub struct Inputs<'a> {
    pub data: &'a Dataset,
    pub metrics: &'a Metrics,
    pub charts: &'a [Drawn],
    pub skipped: &'a [Skipped],
    pub warnings: Vec<String>,
    /// What aimarket.toml says of the page: title, focus, sections, ...
    pub page: &'a PageConfig,
    /// The comparison with an earlier report (`build --compare`).
    pub previous: Option<Previous<'a>>,
}

/// An earlier report as `--compare` named it, and how this one differs.
pub struct Previous<'a> {
    /// Its metrics.json, as the command line named it.
    pub file: &'a Path,
    pub diff: &'a Diff,
}
