//! What a metrics.json must hold beyond its shape, as `build` writes it, so
//! that a hand-edited or damaged one is refused naming the field that is
//! wrong: days written `YYYY-MM-DD`, an ISO 4217 currency, the four verdicts
//! of SPEC 5.1, values whose differences are numbers, and one row per key,
//! one claim per id, one hash per file.
//!
//! Control characters in its text are not refused but written as escapes
//! (`\u{1b}`, `\n`; `escape::visible`), so that no output of `diff` or
//! `build --compare` carries one: `check` lets U+0080 to U+009F through in
//! names, so a report built from checked data may hold them.

use std::collections::HashMap;
use std::hash::Hash;

use super::escape::{cut, visible};
use super::snapshot::Snapshot;
use crate::model::Currency;
use crate::periods::parse_date;

/// The verdicts of SPEC 5.1.
const VERDICTS: [&str; 4] = ["holds", "fails", "restates", "unverifiable"];

/// The largest value taken, either side of zero: any two values within it
/// differ by a finite number.
pub const MAX_VALUE: f64 = 1e300;

/// Each text of `snapshot` with its control characters written as escapes.
pub fn neutralise(snapshot: &mut Snapshot) {
    let fix = |text: &mut String| {
        if let std::borrow::Cow::Owned(shown) = visible(text) {
            *text = shown;
        }
    };
    snapshot.as_of.iter_mut().for_each(fix);
    fix(&mut snapshot.currency);
    for input in &mut snapshot.inputs {
        fix(&mut input.file);
        fix(&mut input.sha256);
    }
    for row in &mut snapshot.metrics {
        for text in [&mut row.metric, &mut row.subject, &mut row.unit] {
            fix(text);
        }
        row.segment
            .iter_mut()
            .chain(row.period.iter_mut())
            .for_each(fix);
    }
    for claim in &mut snapshot.claims {
        fix(&mut claim.id);
        fix(&mut claim.verdict);
    }
}

/// The first thing in `snapshot` that `build` would never write, as
/// `field: expected X, found Y`.
pub fn check(snapshot: &Snapshot) -> Result<(), String> {
    if let Some(day) = snapshot.as_of.as_deref() {
        if parse_date(day).is_err() {
            return Err(format!(
                "as_of: expected a day as YYYY-MM-DD or null, found {}",
                quoted(day)
            ));
        }
    }
    if Currency::parse(&snapshot.currency).is_none() {
        return Err(format!(
            "currency: expected an ISO 4217 code, found {}",
            quoted(&snapshot.currency)
        ));
    }
    for (i, row) in snapshot.metrics.iter().enumerate() {
        if !row.value.is_finite() || row.value.abs() > MAX_VALUE {
            return Err(format!(
                "metrics[{i}].value: expected a number from -{MAX_VALUE:e} to {MAX_VALUE:e}, found {:e}",
                row.value
            ));
        }
        if let Some(period) = row.period.as_deref() {
            if day_shaped(period) && parse_date(period).is_err() {
                return Err(format!(
                    "metrics[{i}].period: expected a day as YYYY-MM-DD that exists, found {}",
                    quoted(period)
                ));
            }
        }
    }
    for (i, claim) in snapshot.claims.iter().enumerate() {
        if !VERDICTS.contains(&claim.verdict.as_str()) {
            return Err(format!(
                "claims[{i}].verdict: expected holds, fails, restates or unverifiable, found {}",
                quoted(&claim.verdict)
            ));
        }
    }
    unique(snapshot)
}

/// One row per metric, subject, segment and period; one claim per id; one
/// hash per file. `diff` looks each up by its key, so a repeat would be
/// merged unseen.
fn unique(snapshot: &Snapshot) -> Result<(), String> {
    if let Some((first, i)) = first_repeat(&snapshot.metrics, |r| r.key()) {
        let (metric, subject, segment, period) = snapshot.metrics[i].key();
        return Err(format!(
            "metrics[{i}]: the same metric, subject, segment and period as metrics[{first}] \
             ({}, {}, {}, {}): expected one row for each",
            quoted(&metric),
            quoted(&subject),
            quoted(&segment),
            quoted(&period)
        ));
    }
    if let Some((first, i)) = first_repeat(&snapshot.claims, |c| c.id.as_str()) {
        return Err(format!(
            "claims[{i}].id: {} again, as in claims[{first}]: expected one claim for each id",
            quoted(&snapshot.claims[i].id)
        ));
    }
    if let Some((first, i)) = first_repeat(&snapshot.inputs, |f| f.file.as_str()) {
        return Err(format!(
            "inputs[{i}].file: {} again, as in inputs[{first}]: expected one hash for each file",
            quoted(&snapshot.inputs[i].file)
        ));
    }
    Ok(())
}

/// The places of the first item whose key an earlier one has, and of that one.
fn first_repeat<'a, T, K: Eq + Hash>(
    items: &'a [T],
    key: impl Fn(&'a T) -> K,
) -> Option<(usize, usize)> {
    let mut seen = HashMap::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        if let Some(&first) = seen.get(&key(item)) {
            return Some((first, i));
        }
        seen.insert(key(item), i);
    }
    None
}

/// Whether a period is written as a day, well or badly: three runs of
/// digits joined by `-`, a sign or spaces around (`+002026-1-5`). Such a
/// period must be a day `YYYY-MM-DD`; any other is a label (`FY2026Q3`).
fn day_shaped(period: &str) -> bool {
    let text = period.trim();
    let text = text.strip_prefix(['+', '-']).unwrap_or(text);
    let parts: Vec<&str> = text.split('-').collect();
    parts.len() == 3
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
}

/// A text as a message quotes it: cut to 60 characters (its control
/// characters are already escapes).
fn quoted(text: &str) -> String {
    format!("\"{}\"", cut(text, 60))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_written_as_days_are_told_from_labels() {
        for day in [
            "2026-01-31",
            "+002026-01-31",
            "2026-1-5",
            " 2026-01-31",
            "-1-1-1",
            "2026-02-30",
        ] {
            assert!(day_shaped(day), "{day:?}");
        }
        for label in [
            "FY2026Q3",
            "2025",
            "2025H1",
            "AI agents",
            "2026-01",
            "2026-01-31T00:00",
            "",
        ] {
            assert!(!day_shaped(label), "{label:?}");
        }
    }

    #[test]
    fn repeats_are_found_with_the_place_of_the_first() {
        assert_eq!(
            first_repeat(&["a", "b", "c", "b", "a"], |s| *s),
            Some((1, 3))
        );
        assert_eq!(first_repeat(&["a", "b"], |s| *s), None);
    }

    #[test]
    fn control_characters_become_escapes_in_every_text() {
        let mut snapshot = super::super::snapshot::parse(
            br#"{"as_of": null, "currency": "USD",
            "inputs": [{"file": "a\u001b.csv", "sha256": "\u009b"}],
            "metrics": [{"metric": "m\u0007", "subject": "s\n", "segment": "\u0085",
            "period": "\u007f", "value": 1, "unit": "%\r"}],
            "claims": [{"id": "c\u0000", "verdict": "holds"}]}"#,
        )
        .unwrap();
        let row = &snapshot.metrics[0];
        let texts = [
            row.metric.as_str(),
            &row.subject,
            row.segment.as_deref().unwrap(),
            row.period.as_deref().unwrap(),
            &row.unit,
        ];
        assert_eq!(texts, ["m\\u{7}", "s\\n", "\\u{85}", "\\u{7f}", "%\\r"]);
        assert_eq!(snapshot.inputs[0].file, "a\\u{1b}.csv");
        assert_eq!(snapshot.inputs[0].sha256, "\\u{9b}");
        assert_eq!(snapshot.claims[0].id, "c\\u{0}");
        // Already escaped: nothing more to do.
        let before = snapshot.clone();
        neutralise(&mut snapshot);
        assert_eq!(snapshot, before);
    }
}
