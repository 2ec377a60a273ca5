//! Values and changes written for people, in the units and formats of the
//! report (`format.rs`): `$40.7B`, `+1.2 pp`, `+$1.3B (+3.1%)`, `+0.05x`.

use super::compare::{Diff, InputChange, Moved};
use crate::format;
use crate::model::Unit;

/// A value in the unit metrics.json names: `-2.1%`, `$40.7B`.
pub fn value(value: f64, unit: &str) -> String {
    format::by_unit(value, unit)
}

/// The old and the new value of a move. Where the report's rounding would
/// write both alike (`RMB 234.2B` for 234,156 and 234,157 million), both are
/// written in full with the fewest decimals that tell them apart.
pub fn values(moved: &Moved) -> (String, String) {
    let (old, new) = (
        value(moved.old.value, &moved.old.unit),
        value(moved.new.value, &moved.new.unit),
    );
    let unit = Unit::parse(&moved.new.unit);
    match unit {
        Some(unit) if old == new && moved.old.unit == moved.new.unit => (0..=FINEST)
            .map(|d| {
                (
                    format::in_unit_to(moved.old.value, unit, d),
                    format::in_unit_to(moved.new.value, unit, d),
                )
            })
            .find(|(old, new)| old != new)
            .unwrap_or((old, new)),
        _ => (old, new),
    }
}

/// The most decimals a value or change is written with to tell it from zero
/// or from its other side.
const FINEST: usize = 6;

/// `size` (> 0) to `decimals` places, or to more when that would read as zero:
/// a change is never written `+0.0 pp`.
fn nonzero(size: f64, decimals: usize) -> String {
    (decimals..=FINEST)
        .map(|d| format::number(size, d))
        .find(|text| text.bytes().any(|b| (b'1'..=b'9').contains(&b)))
        .unwrap_or_else(|| format::number(size, FINEST))
}

/// A move in the row's unit: percentage points for `%`, the difference for a
/// ratio, and the difference with the change relative to the old value for
/// money and counts. A change too small for the usual places gets more.
pub fn change(moved: &Moved) -> String {
    let d = moved.difference();
    let sign = if d > 0.0 { "+" } else { "-" };
    let size = d.abs();
    let relative = || {
        moved.relative_pct().map_or_else(String::new, |r| {
            format!(
                " ({}{}%)",
                if r > 0.0 { "+" } else { "-" },
                nonzero(r.abs(), 1)
            )
        })
    };
    let fine = |unit: Unit, text: String| {
        if text.bytes().any(|b| (b'1'..=b'9').contains(&b)) {
            text
        } else {
            (0..=FINEST)
                .map(|d| format::in_unit_to(size, unit, d))
                .find(|text| text.bytes().any(|b| (b'1'..=b'9').contains(&b)))
                .unwrap_or(text)
        }
    };
    match Unit::parse(&moved.new.unit) {
        Some(Unit::Percent) => format!("{sign}{} pp", nonzero(size, 1)),
        Some(Unit::Ratio) => format!("{sign}{}", fine(Unit::Ratio, format::ratio(size))),
        Some(unit) => format!(
            "{sign}{}{}",
            fine(unit, format::in_unit(size, unit)),
            relative()
        ),
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
    counts(diff, "metric row", "metric rows")
}

/// The counts of a diff, its rows called `one` or `many`.
pub fn counts(diff: &Diff, one: &str, many: &str) -> String {
    format!(
        "{} changed, {} new, {} gone; {} changed; {} changed",
        counted(diff.moved.len(), one, many),
        diff.added.len(),
        diff.removed.len(),
        counted(diff.claims.len(), "claim verdict", "claim verdicts"),
        counted(diff.inputs.len(), "input file", "input files"),
    )
}

/// The lines on what changed around the rows: the as-of day, the currency
/// and rows whose unit changed. Nothing for a side that stayed the same.
/// Days are written as metrics.json has them (`2026-05-13`).
pub fn context_lines(diff: &Diff) -> Vec<String> {
    context_lines_with(diff, str::to_string)
}

/// `context_lines`, with days written by `day_words`.
pub fn context_lines_with(diff: &Diff, day_words: impl Fn(&str) -> String) -> Vec<String> {
    let mut lines = Vec::new();
    let (old, new) = (&diff.old, &diff.new);
    if old.as_of != new.as_of {
        let day = |d: &Option<String>| d.as_deref().map_or_else(|| "none".into(), &day_words);
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
            old.as_of
                .as_deref()
                .map_or_else(|| "no day".into(), &day_words),
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

    fn a_move(old: f64, new: f64, unit: &str) -> Moved {
        let row = |value| Row {
            metric: "m".into(),
            subject: "s".into(),
            segment: None,
            period: None,
            value,
            unit: unit.into(),
        };
        Moved {
            old: row(old),
            new: row(new),
        }
    }

    fn moved(old: f64, new: f64, unit: &str) -> String {
        change(&a_move(old, new, unit))
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
        // From a value so near zero that the change relative to it is too
        // large for a number: written as a change from zero is.
        assert_eq!(moved(1e-310, 41_200.0, "USD mn"), "+$41.2B");
    }

    #[test]
    fn small_moves_get_the_places_that_show_them() {
        assert_eq!(moved(3.74, 3.66, "%"), "-0.1 pp");
        assert_eq!(moved(3.74, 3.7401, "%"), "+0.0001 pp");
        assert_eq!(
            moved(234_156.0, 234_157.0, "CNY mn"),
            "+RMB 1.0M (+0.0004%)"
        );
        assert_eq!(moved(0.901, 0.904, "x"), "+0.003x");
        assert_eq!(moved(4.0, 4.004, "USD"), "+$0.004 (+0.1%)");
    }

    fn pair(old: f64, new: f64, unit: &str) -> (String, String) {
        values(&a_move(old, new, unit))
    }

    #[test]
    fn values_alike_once_rounded_are_written_in_full() {
        assert_eq!(pair(3.74, 3.66, "%"), ("3.74%".into(), "3.66%".into()));
        assert_eq!(pair(3.7, 3.8, "%"), ("3.7%".into(), "3.8%".into()));
        assert_eq!(
            pair(234_156.0, 234_157.0, "CNY mn"),
            ("RMB 234,156M".into(), "RMB 234,157M".into())
        );
        assert_eq!(
            pair(73_512_000.0, 73_540_000.0, "count"),
            ("73,512,000".into(), "73,540,000".into())
        );
        assert_eq!(
            pair(-1.04, -1.041, "x"),
            ("-1.040x".into(), "-1.041x".into())
        );
    }
}
