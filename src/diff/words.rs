//! Values and changes written for people, in the units and formats of the
//! report (`format.rs`): `$40.7B`, `+1.2 pp`, `+$1.3B (+3.1%)`, `+0.05x`.

use super::compare::{Diff, InputChange, Moved};
use crate::format;
use crate::model::Unit;

/// A value in the unit metrics.json names: `-2.1%`, `$40.7B`.
pub fn value(value: f64, unit: &str) -> String {
    format::by_unit(value, unit)
}

/// A move in the row's unit: percentage points for `%`, the difference for a
/// ratio, and the difference with the change relative to the old value for
/// money and counts.
pub fn change(moved: &Moved) -> String {
    let d = moved.difference();
    let sign = if d > 0.0 { "+" } else { "-" };
    let size = d.abs();
    let relative = || {
        moved
            .relative_pct()
            .map_or_else(String::new, |r| format!(" ({})", format::signed_pct(r)))
    };
    match Unit::parse(&moved.new.unit) {
        Some(Unit::Percent) => format!("{sign}{} pp", format::number(size, 1)),
        Some(Unit::Ratio) => format!("{sign}{}", format::ratio(size)),
        Some(unit) => format!("{sign}{}{}", format::in_unit(size, unit), relative()),
        None => format!(
            "{sign}{}{}",
            format::by_unit(size, &moved.new.unit),
            relative()
        ),
    }
}

/// `1 metric row`, `3 metric rows`.
pub fn counted(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// `3 metric rows changed, 1 new, 1 gone; 1 claim verdict changed; 2 input files changed`
pub fn headline(diff: &Diff) -> String {
    if diff.is_empty() {
        return "No changes".to_string();
    }
    format!(
        "{} changed, {} new, {} gone; {} changed; {} changed",
        counted(diff.moved.len(), "metric row", "metric rows"),
        diff.added.len(),
        diff.removed.len(),
        counted(diff.claims.len(), "claim verdict", "claim verdicts"),
        counted(diff.inputs.len(), "input file", "input files"),
    )
}

/// The lines on what changed around the rows: the as-of day, the currency
/// and rows whose unit changed. Nothing for a side that stayed the same.
pub fn context_lines(diff: &Diff) -> Vec<String> {
    let mut lines = Vec::new();
    let (old, new) = (&diff.old, &diff.new);
    if old.as_of != new.as_of {
        let day = |d: &Option<String>| d.clone().unwrap_or_else(|| "none".into());
        lines.push(format!(
            "The as-of day changed from {} to {}.",
            day(&old.as_of),
            day(&new.as_of)
        ));
    }
    let n = diff.not_compared.len();
    if old.currency != new.currency {
        lines.push(format!(
            "Converted figures changed from {} to {}: {} in money cannot be compared and {} left out.",
            old.currency,
            new.currency,
            counted(n, "row", "rows"),
            if n == 1 { "is" } else { "are" }
        ));
    } else if n > 0 {
        lines.push(format!(
            "{} changed unit: {} cannot be compared and {} left out.",
            counted(n, "row", "rows"),
            if n == 1 { "it" } else { "they" },
            if n == 1 { "is" } else { "are" }
        ));
    }
    if diff.is_empty() {
        lines.push(format!(
            "Both sides: as of {}, converted figures in {}, {}, {}, {}.",
            old.as_of.as_deref().unwrap_or("no day"),
            old.currency,
            counted(old.rows, "metric row", "metric rows"),
            counted(old.claims, "claim", "claims"),
            counted(old.inputs, "input file", "input files"),
        ));
    }
    lines
}

/// How the moves are ranked, said once beside them.
pub const RANKING: &str =
    "Largest first: by the change relative to the old value, |new - old| / |old| (a change from zero first).";

/// An input file's change in words: `changed`, `new`, `gone`.
pub fn input_change(change: &InputChange) -> &'static str {
    match change.kind() {
        "added" => "new",
        "removed" => "gone",
        other => other,
    }
}

/// A verdict, or `none` for a claim one side lacks.
pub fn verdict(v: &Option<String>) -> &str {
    v.as_deref().unwrap_or("none")
}

#[cfg(test)]
mod tests {
    use super::super::snapshot::Row;
    use super::*;

    fn moved(old: f64, new: f64, unit: &str) -> String {
        let row = |value| Row {
            metric: "m".into(),
            subject: "s".into(),
            segment: None,
            period: None,
            value,
            unit: unit.into(),
        };
        change(&Moved {
            old: row(old),
            new: row(new),
        })
    }

    #[test]
    fn changes_in_their_units() {
        assert_eq!(moved(10.0, 11.2, "%"), "+1.2 pp");
        assert_eq!(moved(-2.0, -3.5, "%"), "-1.5 pp");
        assert_eq!(moved(40_000.0, 41_300.0, "USD mn"), "+$1.3B (+3.3%)");
        assert_eq!(moved(500.0, 450.0, "CNY mn"), "-RMB 50M (-10.0%)");
        assert_eq!(moved(0.0, 450.0, "USD mn"), "+$450M");
        assert_eq!(moved(1.04, 0.99, "x"), "-0.05x");
        assert_eq!(moved(100e6, 120e6, "count"), "+20.0M (+20.0%)");
        assert_eq!(moved(2.0, 2.5, "USD"), "+$0.50 (+25.0%)");
        assert_eq!(moved(-4.0, 2.0, "count"), "+6 (+150.0%)");
    }
}
