//! The targets table: one row per target, in the words of `target_words.rs`
//! (a qualified value bounds the shares and growth in its row; what the
//! target counts follows its name; a day older than the company's latest
//! quarter says so), and the table's source line.

use super::provenance::source_line;
use super::view::{Inputs, SourceLink, TargetRow};
use crate::format;
use crate::metrics::MetricRow;
use crate::model::{Choice, Metric, Period, Qualifier, Target, TargetKind};
use crate::names;
use crate::publishers::Publishers;
use crate::target_words as words;

/// Publishers the table's source line names before "and N more".
const SOURCES_NAMED: usize = 8;

pub fn target_rows(parts: &Inputs) -> Vec<TargetRow> {
    parts
        .data
        .targets
        .iter()
        .map(|t| target_row(parts, t))
        .collect()
}

fn target_row(parts: &Inputs, t: &Target) -> TargetRow {
    let row = |metric: Metric| parts.metrics.first(metric, &t.id);
    let shown = |metric: Metric, words: &dyn Fn(f64) -> String| {
        row(metric).map_or_else(|| "-".to_string(), |r| words(r.value))
    };
    let progress = row(Metric::TargetProgressPct);
    let pace_or_still = match (t.kind, progress) {
        (TargetKind::Cumulative, _) => shown(Metric::TargetPaceRatio, &|v| words::pace(t, v)),
        (TargetKind::RunRate, Some(p)) if reached(t, p) => "level reached".to_string(),
        (TargetKind::RunRate, _) => shown(Metric::TargetRemainingCagrPct, &|v| {
            format!("{} a year still needed", words::growth(t, v))
        }),
    };
    let name = match words::counts(parts.data, t) {
        Some(counts) => format!("{}, {counts}", names::target(parts.data, t)),
        None => names::target(parts.data, t),
    };
    TargetRow {
        target: name,
        kind: format!("{} {}", t.metric.name(), t.kind.name().replace('_', "-")),
        value: words::value(t),
        period: format!("{} to {}", t.start, t.end),
        baseline: row(Metric::TargetBaseline).map_or_else(|| "-".to_string(), MetricRow::shown),
        required_growth: shown(Metric::TargetRequiredCagrPct, &|v| words::growth(t, v)),
        measured_to: progress.map_or_else(|| "-".into(), |p| measured_to(parts, t, p)),
        progress: shown(Metric::TargetProgressPct, &|v| words::share(t, v)),
        elapsed: shown(Metric::TargetElapsedPct, &format::pct),
        pace_or_still_needed: pace_or_still,
    }
}

/// Whether a run-rate target's latest four quarters reach its value: past
/// "more than X" only above X.
fn reached(t: &Target, progress: &MetricRow) -> bool {
    match t.qualifier {
        Qualifier::MoreThan => progress.value > 100.0,
        _ => progress.value >= 100.0,
    }
}

/// "2025-09-30", or "2025-09-30 (the latest capex data; revenue to
/// 2026-03-31)" when the company reports later quarters.
fn measured_to(parts: &Inputs, t: &Target, progress: &MetricRow) -> String {
    let Period::Date(day) = progress.period else {
        return progress.period.to_string();
    };
    match words::reported_after(parts.data, t, day) {
        Some(latest) => format!(
            "{day} (the latest {} data; {} to {latest})",
            words::data_words(t),
            words::reported_words(t)
        ),
        None => day.to_string(),
    }
}

/// The targets table's sources: each target's own and those of its metrics.
pub fn target_sources(parts: &Inputs, publishers: &Publishers) -> Vec<SourceLink> {
    let metrics = [
        Metric::TargetBaseline,
        Metric::TargetRequiredCagrPct,
        Metric::TargetProgressPct,
        Metric::TargetElapsedPct,
        Metric::TargetPaceRatio,
        Metric::TargetRemainingCagrPct,
    ];
    let mut ids: Vec<&str> = Vec::new();
    for t in &parts.data.targets {
        ids.push(&t.source);
        for metric in metrics {
            if let Some(row) = parts.metrics.first(metric, &t.id) {
                ids.extend(row.sources.iter().map(String::as_str));
            }
        }
    }
    source_line(publishers, ids, SOURCES_NAMED)
}
