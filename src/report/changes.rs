//! The section `build --compare` adds: what changed since an earlier report,
//! in the report's words and number formats. Changes are said as "changed
//! from X to Y", with the difference in the figure's unit, never as a rise
//! or a fall the reader has not seen (SPEC 6.1).

use std::path::{Component, Path, PathBuf};

use super::view::{ChangeRow, ChangesView, Previous};
use crate::diff::{self, Diff, Row};
use crate::metrics::Metrics;
use crate::model::{Dataset, Period, Unit};
use crate::names;

/// Rows of the table of moves; the rest are counted.
const MOVES: usize = 20;
/// Figures listed as new or gone; the rest are counted.
const LISTED: usize = 10;

/// The section, or `None` when nothing changed.
pub fn changes(data: &Dataset, metrics: &Metrics, previous: &Previous) -> Option<ChangesView> {
    let diff = previous.diff;
    if diff.is_empty() {
        return None;
    }
    let figure = |r: &Row| figure(data, metrics, r);
    let title = match &diff.old.as_of {
        Some(day) => format!("What changed since the report as of {}", day_words(day)),
        None => "What changed since the previous report".to_string(),
    };
    let mut lede = vec![format!(
        "Compared with {}: {}.",
        shown(previous.file),
        diff::counts(diff, "figure", "figures")
    )];
    lede.extend(diff::context_lines_with(diff, day_words));
    let moves = diff
        .moved
        .iter()
        .take(MOVES)
        .map(|m| {
            let (before, now) = diff::values(m);
            ChangeRow {
                figure: figure(&m.new),
                before,
                now,
                change: diff::change(m),
            }
        })
        .collect();
    let more = diff.moved.len().saturating_sub(MOVES);
    let listed = |rows: &[Row]| listed(data, metrics, rows);
    Some(ChangesView {
        title,
        lede,
        caption: format!(
            "The {} that changed most, largest first by the change relative to the earlier figure",
            if diff.moved.len() == 1 {
                "figure"
            } else {
                "figures"
            }
        ),
        moves,
        more_moves: (more > 0).then(|| {
            format!(
                "{more} more {} changed by less, relative to the earlier figure.",
                if more == 1 { "figure" } else { "figures" }
            )
        }),
        claims: claims(metrics, diff),
        added: listed(&diff.added),
        removed: listed(&diff.removed),
        inputs: diff
            .inputs
            .iter()
            .map(|i| format!("{} ({})", i.file, diff::input_change(i)))
            .collect(),
    })
}

/// Figures new or gone, named; a figure of a company, product, target or
/// campaign this build's data no longer has cannot be named, only counted.
fn listed(data: &Dataset, metrics: &Metrics, rows: &[Row]) -> Vec<String> {
    let (named, unnamed): (Vec<&Row>, Vec<&Row>) = rows
        .iter()
        .partition(|r| names::knows(data, r.known_metric(), &r.subject));
    let mut items: Vec<String> = named
        .iter()
        .take(LISTED)
        .map(|r| {
            let figure = figure(data, metrics, r);
            format!("{figure}: {}", diff::value(r.value, &r.unit))
        })
        .collect();
    if named.len() > LISTED {
        items.push(format!("and {} more", named.len() - LISTED));
    }
    if !unnamed.is_empty() {
        items.push(format!(
            "{} of companies, products, targets or campaigns no longer in the data",
            if unnamed.len() == 1 {
                "1 figure".to_string()
            } else {
                format!("{} figures", unnamed.len())
            }
        ));
    }
    items
}

/// A day of metrics.json in the report's words: `13 May 2026`.
fn day_words(day: &str) -> String {
    chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d").map_or_else(|_| day.to_string(), names::day)
}

/// The earlier report's file as the page names it: as given when that is a
/// path below the current folder, else its folder and name only
/// (`output/metrics.json`), so that no absolute path is written (SPEC 7).
fn shown(file: &Path) -> String {
    let below = file
        .components()
        .all(|c| matches!(c, Component::Normal(_) | Component::CurDir));
    if below {
        return file.display().to_string();
    }
    let tail: Vec<_> = file.components().rev().take(2).collect();
    let tail: PathBuf = tail.into_iter().rev().collect();
    tail.display().to_string()
}

/// A row in the report's words: the typed period of this build's row where
/// there is one, else the period as the earlier report wrote it.
fn figure(data: &Dataset, metrics: &Metrics, r: &Row) -> String {
    let Some(metric) = r.known_metric() else {
        return format!("{} of {}", r.metric, r.subject);
    };
    let period_text = r.period.as_deref().unwrap_or("");
    let period = metrics
        .get_written(metric, &r.subject, r.segment.as_deref(), period_text)
        .map(|row| row.period.clone())
        .unwrap_or_else(|| match &r.period {
            None => Period::None,
            Some(text) => Period::Label(text.clone()),
        });
    let currency = Unit::parse(&r.unit)
        .and_then(Unit::currency)
        .unwrap_or(metrics.currency);
    names::metric_row(
        data,
        currency,
        metric,
        &r.subject,
        r.segment.as_deref(),
        &period,
    )
}

/// A verdict in the words of the claims table.
fn verdict_words(verdict: Option<&str>) -> &str {
    match verdict {
        Some("restates") => "repeats its own source",
        Some("unverifiable") => "cannot be checked",
        Some(other) => other,
        None => "not in the data",
    }
}

/// One sentence per claim whose verdict changed; claims no longer in the data
/// have no words left to name them, so they are counted.
fn claims(metrics: &Metrics, diff: &Diff) -> Vec<String> {
    let mut sentences = Vec::new();
    let mut gone = 0;
    for c in &diff.claims {
        match metrics.claims.iter().find(|now| now.id == c.id) {
            Some(now) if c.old.is_some() => sentences.push(format!(
                "\u{201c}{}\u{201d}: the verdict changed from \u{201c}{}\u{201d} to \u{201c}{}\u{201d}.",
                now.text,
                verdict_words(c.old.as_deref()),
                verdict_words(c.new.as_deref())
            )),
            Some(now) => sentences.push(format!(
                "\u{201c}{}\u{201d}: new in the data; its verdict is \u{201c}{}\u{201d}.",
                now.text,
                verdict_words(c.new.as_deref())
            )),
            None => gone += 1,
        }
    }
    if gone > 0 {
        sentences.push(format!(
            "{gone} {} no longer in the data.",
            if gone == 1 { "claim is" } else { "claims are" }
        ));
    }
    sentences
}
