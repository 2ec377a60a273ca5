//! The small `Serialize` structs the templates receive: every number already a
//! string formatted by `format.rs`, every chart already an SVG. Templates only
//! place them. And `Inputs`, what the report is made from.

use std::path::Path;

use serde::Serialize;

pub use super::single_counts::SingleCount;

use super::share::ShareView;
use crate::charts::{Drawn, Skipped};
use crate::config::PageConfig;
use crate::diff::Diff;
use crate::metrics::Metrics;
use crate::model::{Dataset, Definition};

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
    /// The sentences that open the report, and the chart that carries them.
    pub lede: Vec<String>,
    pub lead: Option<ChartView>,
    pub key_figures: Vec<KeyFigure>,
    pub summary: Vec<String>,
    /// What changed since the report `build --compare` names; `None` without
    /// one, or when nothing changed.
    pub changes: Option<ChangesView>,
    pub earnings: Vec<ChartView>,
    pub capex: Vec<ChartView>,
    pub targets: Vec<ChartView>,
    pub target_rows: Vec<TargetRow>,
    /// The targets table's source line: the publishers behind its figures.
    pub target_sources: Vec<SourceLink>,
    pub users: Vec<ChartView>,
    /// Users measures with one figure each: listed, not drawn.
    pub single_counts: Vec<SingleCount>,
    pub events: Vec<EventView>,
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
    /// Its source line: the publishers behind its figures, linked.
    pub sources: Vec<SourceLink>,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// Rows left out of the page's table (all are in data/NAME.csv).
    /// `4,995 more rows are`: the rows of the table the page leaves out, if any.
    pub more_rows: Option<String>,
    /// What the chart's figures lack or mix; empty when nothing.
    pub note: String,
    /// The events its numbered markers stand for, listed under it.
    pub events: Vec<EventKeyView>,
}

/// An event in the key under a chart: the number on its marker (its row in
/// the events table), its date and title.
#[derive(Serialize)]
pub struct EventKeyView {
    pub number: String,
    pub date: String,
    pub title: String,
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
    /// The publishers of that metric row's sources, linked.
    pub test_sources: Vec<SourceLink>,
    /// The claimed figure with its qualifier and tolerance.
    pub expected: String,
    pub actual: String,
    /// The data's figure as the data gives it, and the rate that converted it.
    pub native: Option<String>,
    /// `holds`, `fails`, `restates`, `unverifiable`: for the style.
    pub verdict: &'static str,
    /// The verdict in words, with the claim's qualifier.
    pub verdict_words: String,
    /// Why the verdict is what it is, where the data can tell; empty otherwise.
    pub verdict_note: String,
    /// The id of the claim's own source.
    pub source: String,
    /// That source named by its publisher, linked to its entry.
    pub source_link: SourceLink,
}

/// An event of events.csv, as the table under the users charts lists it.
#[derive(Serialize)]
pub struct EventView {
    /// Its number on the charts and in their keys.
    pub number: usize,
    pub date: String,
    pub company: String,
    pub title: String,
    pub category: String,
    pub source: SourceLink,
}

/// A name in a source line (a publisher, or one source), linked to its entry
/// in the provenance section.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SourceLink {
    pub name: String,
    /// `#publisher-reuters`, `#source-a1`; empty for a name with no entry.
    pub href: String,
    /// What follows it in the line: `, `, ` and ` or nothing.
    pub after: &'static str,
}

#[derive(Serialize)]
pub struct Provenance {
    /// The sources by publisher, A to Z, each publisher's newest first; the
    /// compiled and derived sources last, as one more group.
    pub publishers: Vec<PublisherView>,
    /// `The 130 sources, from 75 publishers (21 compiled or derived from others)`.
    pub count: String,
    pub inputs: Vec<InputView>,
    pub warnings: Vec<String>,
    pub definitions: Vec<DefinitionView>,
    pub skipped: Vec<String>,
    pub fx: Vec<RateView>,
}

/// An input file: its name, rows and SHA-256.
#[derive(Serialize)]
pub struct InputView {
    pub file: String,
    pub rows: String,
    pub sha256: String,
}

/// A metric's definition: its subject, segment and period, and its words.
#[derive(Serialize)]
pub struct DefinitionView {
    pub metric: &'static str,
    #[serde(flatten)]
    pub definition: Definition,
}

/// An exchange rate used.
#[derive(Serialize)]
pub struct RateView {
    pub currency: String,
    pub date: String,
    pub usd_per_unit: String,
}

/// One publisher's sources (or the compiled ones), under an anchor that source
/// lines link to.
#[derive(Serialize)]
pub struct PublisherView {
    pub name: String,
    pub anchor: String,
    pub sources: Vec<SourceView>,
}

#[derive(Serialize)]
pub struct SourceView {
    pub id: String,
    pub title: String,
    /// sources.csv's `publisher` when it says more than the publisher's name:
    /// where the copy used was found (`Futu News, from Alibaba Group's release`).
    pub copy: Option<String>,
    pub url: Option<String>,
    /// `10 August 2023`; empty when the data does not say.
    pub published: String,
    /// The rows that cite it: `earnings.csv lines 2, 5; events.csv line 4`;
    /// empty for none.
    pub cited_by: String,
    /// The compiled or derived sources based on it, linked.
    pub through: Vec<SourceLink>,
    /// For a compiled or derived source: the sources it is based on, linked.
    pub based_on: Vec<SourceLink>,
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

/// A target in the targets table, every figure in words.
#[derive(Serialize)]
pub struct TargetRow {
    /// Its name, and what it counts where that differs from what the data
    /// measures it on.
    pub target: String,
    /// `revenue run-rate`, `capex cumulative`.
    pub kind: String,
    pub value: String,
    /// `2025-02-24 to 2028-02-24`.
    pub period: String,
    pub baseline: String,
    pub required_growth: String,
    pub measured_to: String,
    pub progress: String,
    pub elapsed: String,
    /// The pace of a cumulative target, or the growth a run-rate one still needs.
    pub pace_or_still_needed: String,
}
