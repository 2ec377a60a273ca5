//! The words around a chart: its source line, and the descriptions screen
//! readers get of its lines and bars.

use std::collections::BTreeSet;

use super::draw::Bars;
use crate::format;
use crate::model::Unit;

/// `Source: earnings.csv, citing a14, a31, a40 and 10 more`.
pub fn source_line(files: &[&str], ids: &BTreeSet<String>) -> String {
    let files = files.join(", ");
    let listed: Vec<&str> = ids.iter().take(3).map(String::as_str).collect();
    match ids.len() {
        0 => format!("Source: {files}"),
        n if n <= 3 => format!("Source: {files}, citing {}", listed.join(", ")),
        n => format!(
            "Source: {files}, citing {} and {} more",
            listed.join(", "),
            n - 3
        ),
    }
}

pub fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().collect::<String>() + chars.as_str())
        .unwrap_or_default()
}

/// `; ` between items, `and N more` past `max`.
fn list(items: &[String], max: usize) -> String {
    if items.len() <= max {
        items.join("; ")
    } else {
        format!(
            "{}; and {} more",
            items[..max].join("; "),
            items.len() - max
        )
    }
}

/// A description of a line chart: each line's first and last value and range.
pub fn describe_lines(kind: &str, unit: Unit, lines: &[(String, Vec<(String, f64)>)]) -> String {
    let shown = |value: f64| format::in_unit(value, unit);
    let parts: Vec<String> = lines
        .iter()
        .filter(|(_, points)| !points.is_empty())
        .map(|(label, points)| {
            let (first_at, first) = &points[0];
            let (last_at, last) = &points[points.len() - 1];
            let low = points.iter().map(|p| p.1).fold(f64::INFINITY, f64::min);
            let high = points.iter().map(|p| p.1).fold(f64::NEG_INFINITY, f64::max);
            if points.len() == 1 {
                format!("{label}: {} ({last_at})", shown(*last))
            } else {
                format!(
                    "{label}: from {} ({first_at}) to {} ({last_at}), low {}, high {}",
                    shown(*first),
                    shown(*last),
                    shown(low),
                    shown(high)
                )
            }
        })
        .collect();
    format!("{kind} with {} series. {}.", parts.len(), list(&parts, 12))
}

/// A description of a bar chart: every bar's value, up to a bound.
pub fn describe_bars(kind: &str, unit: Unit, categories: &[String], series: &[Bars]) -> String {
    let mut parts = Vec::new();
    for Bars { label, values, .. } in series {
        for (category, value) in categories.iter().zip(values) {
            if let Some(v) = value {
                let name = if series.len() > 1 {
                    format!("{label}, {category}")
                } else {
                    category.clone()
                };
                parts.push(format!("{name}: {}", format::in_unit(*v, unit)));
            }
        }
    }
    format!("{kind} of {} bars. {}.", parts.len(), list(&parts, 30))
}
