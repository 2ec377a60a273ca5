//! The report's content, gathered from the data, the metrics and the charts
//! into the structs of `view.rs`.

use super::changes::changes;
use super::claim_review::claim_reviews;
use super::focus::focus_company;
use super::key_figures::key_figures;
use super::leaders::{users_leaders, users_qualifier};
use super::lede::lede;
use super::provenance::{provenance, source_line, source_link};
use super::share::share;
use super::single_counts::single_counts;
use super::summary;
use super::tally::{self, Tally};
use super::target_table::{target_rows, target_sources};
use super::verdicts;
use super::view::{
    ChartView, ClaimView, EventKeyView, EventView, Inputs, Report, StackLayer, StackView, TocEntry,
};
use crate::charts::{self, Cell, Drawn, Section};
use crate::format;
use crate::model::{Bloc, Choice, ClaimQualifier, DataFile, Dataset, Metric, ReportSection, Unit};
use crate::names;
use crate::publishers::Publishers;

/// Rows of a chart's table shown on the page; the rest are in its CSV.
const TABLE_ROWS: usize = 40;

/// Publishers a source line under a chart or table names before "and N more".
const SOURCES_NAMED: usize = 8;

pub fn build(parts: &Inputs) -> Report {
    let publishers = Publishers::of(parts.data);
    let charts_of = |section: Section| -> Vec<ChartView> {
        parts
            .charts
            .iter()
            .filter(|d| d.chart.section == section)
            .map(|d| chart_view(&publishers, d))
            .collect()
    };
    let lead = charts_of(Section::Lead).into_iter().next();
    let (earnings, capex, targets, users, stack_charts) = (
        charts_of(Section::Earnings),
        charts_of(Section::Capex),
        charts_of(Section::Targets),
        charts_of(Section::Users),
        charts_of(Section::Stack),
    );
    let claims = claims(parts, &publishers);
    let stacks = stacks(parts.data);
    let target_rows = target_rows(parts);
    let target_sources = target_sources(parts, &publishers);
    let events = events(parts.data, &publishers);
    let page = parts.page;
    let focus = focus_company(parts.data, page.focus.as_deref());
    // Worked out once: the first screen and the summary both speak of them.
    let leaders = users_leaders(parts.data, parts.metrics);
    let key_figures = key_figures(parts.data, parts.metrics, focus, &leaders);
    let lede = lede(parts.data, parts.metrics, focus);
    let summary = summary::sentences(parts.data, parts.metrics, focus, &leaders);
    let changes = parts
        .previous
        .as_ref()
        .and_then(|previous| changes(parts.data, parts.metrics, previous));

    let claims_tally = Tally::of(parts.metrics).sentence();
    let title = page
        .title
        .clone()
        .unwrap_or_else(|| summary::title(parts.data, focus));
    let as_of = parts.metrics.as_of;
    let claim_reviews = claim_reviews(&claims, parts.data, page, &title, as_of);
    let share = share(page, parts.charts, &lede, &summary);
    let mut report = Report {
        title,
        subtitle: page.subtitle.clone(),
        author: page.author.clone(),
        base_url: page.base_url.clone(),
        sections: page.sections.iter().map(|s| s.id()).collect(),
        as_of: as_of.map_or_else(|| "no dated rows".into(), |d| d.to_string()),
        currency: parts.metrics.currency.to_string(),
        toc: Vec::new(),
        lede,
        lead,
        key_figures,
        summary,
        changes,
        earnings,
        capex,
        targets,
        target_rows,
        target_sources,
        users,
        single_counts: single_counts(parts.data, &publishers),
        events,
        stacks,
        stack_charts,
        claims,
        claims_tally,
        claim_reviews,
        share,
        provenance: provenance(parts, &publishers),
        absent: Vec::new(),
        chart_style: chart_style(parts.charts),
    };
    let (toc, absent) = contents(&page.sections, |s| content(&report, parts.data, s));
    report.toc = toc;
    report.absent = absent;
    report
}

/// Whether a section has content, and if not, why (a section without content
/// and without a reason, such as the changes, is simply not there).
fn content(report: &Report, data: &Dataset, section: ReportSection) -> (bool, String) {
    let no_rows = |file: DataFile| format!("{file} has no rows");
    match section {
        ReportSection::KeyFigures => (
            !report.key_figures.is_empty() || !report.lede.is_empty(),
            "no metrics to show".into(),
        ),
        ReportSection::Summary => (!report.summary.is_empty(), "no metrics to summarise".into()),
        ReportSection::Changes => (report.changes.is_some(), String::new()),
        ReportSection::Earnings => (!report.earnings.is_empty(), no_rows(DataFile::Earnings)),
        ReportSection::Capex => (!report.capex.is_empty(), no_rows(DataFile::Capex)),
        ReportSection::Targets => (
            !report.targets.is_empty() || !report.target_rows.is_empty(),
            format!("{} in effect", no_rows(DataFile::Targets)),
        ),
        ReportSection::Users => (
            !report.users.is_empty() || !data.users.is_empty(),
            format!(
                "{} and {} have no rows",
                DataFile::Users,
                DataFile::Campaigns
            ),
        ),
        ReportSection::Stacks => (!report.stacks.is_empty(), no_rows(DataFile::Stack)),
        ReportSection::Claims => (!report.claims.is_empty(), no_rows(DataFile::Claims)),
        ReportSection::Provenance => (true, String::new()),
    }
}

/// The table of contents, of the sections with content in page order, and
/// the sections left out with the reason.
fn contents(
    sections: &[ReportSection],
    content: impl Fn(ReportSection) -> (bool, String),
) -> (Vec<TocEntry>, Vec<String>) {
    let mut toc = Vec::new();
    let mut absent = Vec::new();
    for &section in sections {
        match content(section) {
            (true, _) => toc.push(TocEntry {
                id: section.id(),
                title: section.title(),
            }),
            (false, missing) if missing.is_empty() => {}
            (false, missing) => absent.push(format!("{}: {missing}", section.title())),
        }
    }
    (toc, absent)
}

/// The charts' colours in a dark colour scheme, for the page's stylesheet.
fn chart_style(charts: &[Drawn]) -> String {
    charts::dark_style(
        charts
            .iter()
            .flat_map(|d| [d.svg.as_str(), d.narrow_svg.as_str()]),
    )
}

fn chart_view(publishers: &Publishers, drawn: &Drawn) -> ChartView {
    let chart = &drawn.chart;
    let table = &chart.table;
    let rows: Vec<Vec<String>> = table
        .shown_rows()
        .iter()
        .take(TABLE_ROWS)
        .map(|row| {
            row.iter()
                .map(|cell| match cell {
                    Cell::Number { value, unit } => format::in_unit(*value, *unit),
                    Cell::Text(text) => text.clone(),
                    Cell::Date(date) => date.to_string(),
                    Cell::Named { name, .. } => name.clone(),
                    Cell::Empty => String::new(),
                })
                .collect()
        })
        .collect();
    // Rows the page leaves out: past the cap, or of what the chart does not draw.
    let more_rows = match table.len() - rows.len() {
        0 => None,
        1 => Some("1 more row is".to_string()),
        n => Some(format!("{} more rows are", format::number(n as f64, 0))),
    };
    let columns = table.columns.iter().map(|c| c.replace('_', " ")).collect();
    ChartView {
        name: chart.name.clone(),
        title: chart.figure.title.clone(),
        svg: drawn.svg.clone(),
        narrow_svg: drawn.narrow_svg.clone(),
        sources: source_line(
            publishers,
            chart.sources.iter().map(String::as_str),
            SOURCES_NAMED,
        ),
        columns,
        rows,
        more_rows,
        note: chart.note.clone(),
        events: chart
            .figure
            .events()
            .into_iter()
            .map(|e| EventKeyView {
                number: e.number.to_string(),
                date: e.date.to_string(),
                title: e.title.clone(),
            })
            .collect(),
    }
}

fn claims(parts: &Inputs, publishers: &Publishers) -> Vec<ClaimView> {
    let (data, metrics) = (parts.data, parts.metrics);
    let repeats = tally::repeats_earlier(&metrics.claims);
    metrics
        .claims
        .iter()
        .zip(repeats)
        .map(|(c, repeats)| {
            let show = |v: f64| c.shown(v);
            let bound = match c.qualifier {
                Some(ClaimQualifier::AtLeast) => "at least ",
                Some(ClaimQualifier::AtMost) => "at most ",
                None => "",
            };
            // A tolerance too fine for the unit's format is written in full.
            let shown = show(c.tolerance);
            let tolerance = if c.tolerance == 0.0 {
                String::new()
            } else if shown.chars().any(|ch| ('1'..='9').contains(&ch)) {
                format!(" (± {shown})")
            } else {
                format!(" (± {})", c.tolerance)
            };
            let expected = format!("{bound}{}{tolerance}", show(c.expected));
            // Money claims are tested in US dollars whatever the report's currency.
            let claim_currency = c.unit.and_then(Unit::currency).unwrap_or(metrics.currency);
            let native = c
                .native
                .as_ref()
                .map(|n| verdicts::native_words(data, c, n, claim_currency));
            // A users count keeps its qualifier: "at least 10.0M".
            let actual_words = |v: f64| match c.metric {
                Metric::UsersLatest => {
                    let period = c.period.as_deref().unwrap_or("");
                    let segment = c.segment.as_deref();
                    let row = metrics.get_written(c.metric, &c.subject, segment, period);
                    row.map_or_else(
                        || show(v),
                        |r| names::qualified_count(v, users_qualifier(data, r)),
                    )
                }
                // A cost from a spend of "at least" is "at least" too.
                _ => format!(
                    "{}{}",
                    names::qualifier_words(verdicts::derived_qualifier(data, c)),
                    show(v)
                ),
            };
            ClaimView {
                id: c.id.clone(),
                text: c.text.clone(),
                test: names::metric_row(
                    data,
                    claim_currency,
                    c.metric,
                    &c.subject,
                    c.segment.as_deref(),
                    &c.tested_period,
                ),
                // None for a claim the data has no figure for.
                test_sources: match c.tested_sources.as_slice() {
                    [] => Vec::new(),
                    ids => source_line(publishers, ids.iter().map(String::as_str), SOURCES_NAMED),
                },
                expected,
                actual: c
                    .actual
                    .map_or_else(|| "no such figure".into(), actual_words),
                native,
                verdict: c.verdict.name(),
                verdict_words: verdicts::verdict_words(c, bound),
                verdict_note: verdicts::verdict_note(data, c, claim_currency, repeats),
                source: c.source.clone(),
                source_link: source_link(publishers, &c.source),
            }
        })
        .collect()
}

fn stacks(data: &Dataset) -> Vec<StackView> {
    data.stack_names()
        .into_iter()
        .map(|stack| {
            let layers = data.stack_layers(stack);
            let players = |layer: &str, bloc: Bloc| -> String {
                data.stack
                    .iter()
                    .filter(|s| s.stack == stack && s.layer == layer && s.bloc == bloc)
                    .map(|s| s.player.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            StackView {
                name: stack.to_string(),
                layers: layers
                    .into_iter()
                    .map(|layer| StackLayer {
                        layer: layer.to_string(),
                        western: players(layer, Bloc::Western),
                        china: players(layer, Bloc::China),
                    })
                    .collect(),
            }
        })
        .collect()
}

fn events(data: &Dataset, publishers: &Publishers) -> Vec<EventView> {
    data.events_by_date()
        .into_iter()
        .enumerate()
        .map(|(i, e)| EventView {
            number: i + 1,
            date: e.date.to_string(),
            company: e.company.as_deref().map_or(String::new(), |c| {
                data.company(c).map_or(c.to_string(), |c| c.name.clone())
            }),
            title: e.title.clone(),
            category: e.category.name().to_string(),
            source: source_link(publishers, &e.source),
        })
        .collect()
}
