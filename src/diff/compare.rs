//! The comparison of two snapshots: metric rows moved, new and gone, claim
//! verdicts changed, input files changed, and the as-of day and currency.
//! Pure: rendering is in `markdown.rs`, `text.rs` and `json.rs`.

use std::collections::BTreeMap;

use super::snapshot::{Key, Row, Snapshot};

/// Values closer than this, relative to the larger, count as equal: the noise
/// of floating-point sums, not a change in the data.
const NOISE: f64 = 1e-9;

#[derive(Clone, Debug, PartialEq)]
pub struct Diff {
    pub old: Side,
    pub new: Side,
    /// Rows in both with different values, the largest move first.
    pub moved: Vec<Moved>,
    /// Rows only in the new side, in the order of its metrics.json.
    pub added: Vec<Row>,
    /// Rows only in the old side, in the order of its metrics.json.
    pub removed: Vec<Row>,
    /// Rows in both whose unit differs (money after a change of currency):
    /// their values cannot be compared.
    pub not_compared: Vec<(Row, Row)>,
    /// Claims whose verdict differs, or that one side lacks, by id.
    pub claims: Vec<VerdictChange>,
    /// Input files whose SHA-256 differs, or that one side lacks, by name.
    pub inputs: Vec<InputChange>,
}

/// What a side says of itself.
#[derive(Clone, Debug, PartialEq)]
pub struct Side {
    pub as_of: Option<String>,
    pub currency: String,
    pub rows: usize,
    pub claims: usize,
    pub inputs: usize,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Moved {
    pub old: Row,
    pub new: Row,
}

impl Moved {
    /// New minus old, in the row's unit (percentage points for `%`).
    pub fn difference(&self) -> f64 {
        self.new.value - self.old.value
    }

    /// The difference relative to the old value, in percent; `None` from zero,
    /// and from a value so near zero that the ratio is too large for a number.
    pub fn relative_pct(&self) -> Option<f64> {
        (self.old.value != 0.0)
            .then(|| self.difference() / self.old.value.abs() * 100.0)
            .filter(|r| r.is_finite())
    }

    /// What ranks the moves: |new - old| / |old|, infinite from zero (or next to it).
    pub fn size(&self) -> f64 {
        self.relative_pct().map_or(f64::INFINITY, f64::abs)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct VerdictChange {
    pub id: String,
    pub old: Option<String>,
    pub new: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct InputChange {
    pub file: String,
    pub old: Option<String>,
    pub new: Option<String>,
}

impl InputChange {
    /// `changed`, `added` or `removed`.
    pub fn kind(&self) -> &'static str {
        match (&self.old, &self.new) {
            (Some(_), Some(_)) => "changed",
            (None, _) => "added",
            (_, None) => "removed",
        }
    }
}

impl Diff {
    /// Whether the two sides differ in anything the comparison looks at.
    pub fn is_empty(&self) -> bool {
        self.old.as_of == self.new.as_of
            && self.old.currency == self.new.currency
            && self.moved.is_empty()
            && self.added.is_empty()
            && self.removed.is_empty()
            && self.not_compared.is_empty()
            && self.claims.is_empty()
            && self.inputs.is_empty()
    }
}

fn side(s: &Snapshot) -> Side {
    Side {
        as_of: s.as_of.clone(),
        currency: s.currency.clone(),
        rows: s.metrics.len(),
        claims: s.claims.len(),
        inputs: s.inputs.len(),
    }
}

fn same(a: f64, b: f64) -> bool {
    a == b || (a - b).abs() <= NOISE * a.abs().max(b.abs())
}

pub fn compare(old: &Snapshot, new: &Snapshot) -> Diff {
    let old_rows: BTreeMap<Key, &Row> = old.metrics.iter().map(|r| (r.key(), r)).collect();
    let new_rows: BTreeMap<Key, &Row> = new.metrics.iter().map(|r| (r.key(), r)).collect();
    let mut moved = Vec::new();
    let mut not_compared = Vec::new();
    for (key, o) in &old_rows {
        let Some(n) = new_rows.get(key) else { continue };
        if o.unit != n.unit {
            not_compared.push(((*o).clone(), (*n).clone()));
        } else if !same(o.value, n.value) {
            moved.push(Moved {
                old: (*o).clone(),
                new: (*n).clone(),
            });
        }
    }
    // Largest first; equal sizes keep the order of the keys.
    moved.sort_by(|a, b| b.size().total_cmp(&a.size()));
    let added = new
        .metrics
        .iter()
        .filter(|r| !old_rows.contains_key(&r.key()))
        .cloned()
        .collect();
    let removed = old
        .metrics
        .iter()
        .filter(|r| !new_rows.contains_key(&r.key()))
        .cloned()
        .collect();

    let old_claims: BTreeMap<&str, &str> = old
        .claims
        .iter()
        .map(|c| (c.id.as_str(), c.verdict.as_str()))
        .collect();
    let new_claims: BTreeMap<&str, &str> = new
        .claims
        .iter()
        .map(|c| (c.id.as_str(), c.verdict.as_str()))
        .collect();
    let claims = changes(&old_claims, &new_claims)
        .map(|(id, old, new)| VerdictChange { id, old, new })
        .collect();

    let old_inputs: BTreeMap<&str, &str> = old
        .inputs
        .iter()
        .map(|i| (i.file.as_str(), i.sha256.as_str()))
        .collect();
    let new_inputs: BTreeMap<&str, &str> = new
        .inputs
        .iter()
        .map(|i| (i.file.as_str(), i.sha256.as_str()))
        .collect();
    let inputs = changes(&old_inputs, &new_inputs)
        .map(|(file, old, new)| InputChange { file, old, new })
        .collect();

    Diff {
        old: side(old),
        new: side(new),
        moved,
        added,
        removed,
        not_compared,
        claims,
        inputs,
    }
}

/// The keys whose values differ or that one map lacks, in key order.
fn changes<'a>(
    old: &'a BTreeMap<&str, &str>,
    new: &'a BTreeMap<&str, &str>,
) -> impl Iterator<Item = (String, Option<String>, Option<String>)> + 'a {
    let mut keys: Vec<&str> = old.keys().chain(new.keys()).copied().collect();
    keys.sort_unstable();
    keys.dedup();
    keys.into_iter().filter_map(|key| {
        let (o, n) = (old.get(key), new.get(key));
        (o != n).then(|| {
            (
                key.to_string(),
                o.map(|s| s.to_string()),
                n.map(|s| s.to_string()),
            )
        })
    })
}

#[cfg(test)]
mod tests {
    use super::super::snapshot::{Claim, InputHash};
    use super::*;

    pub fn row(metric: &str, subject: &str, period: &str, value: f64, unit: &str) -> Row {
        Row {
            metric: metric.into(),
            subject: subject.into(),
            segment: None,
            period: Some(period.into()),
            value,
            unit: unit.into(),
        }
    }

    fn snapshot(metrics: Vec<Row>, verdict: &str, sha: &str) -> Snapshot {
        Snapshot {
            as_of: Some("2026-03-31".into()),
            currency: "USD".into(),
            inputs: vec![InputHash {
                file: "earnings.csv".into(),
                sha256: sha.into(),
            }],
            metrics,
            claims: vec![Claim {
                id: "c1".into(),
                verdict: verdict.into(),
            }],
        }
    }

    #[test]
    fn moves_rank_by_size_relative_to_the_old_value() {
        let old = snapshot(
            vec![
                row("a_pct", "x", "2025", 10.0, "%"),
                row("b_conv", "x", "2025", 100.0, "USD mn"),
                row("c_conv", "x", "2025", 0.0, "USD mn"),
                row("d", "x", "2025", 5.0, "count"),
                row("gone", "x", "2025", 1.0, "count"),
                row("e_conv", "x", "2025", 7.0, "USD mn"),
            ],
            "holds",
            "aa",
        );
        let new = snapshot(
            vec![
                // 10% -> 12%: 2 pp, 20% of the old value.
                row("a_pct", "x", "2025", 12.0, "%"),
                // 100 -> 95: 5%.
                row("b_conv", "x", "2025", 95.0, "USD mn"),
                // From zero: first.
                row("c_conv", "x", "2025", 3.0, "USD mn"),
                // Noise below one part in a billion is no change.
                row("d", "x", "2025", 5.0 + 1e-12, "count"),
                row("e_conv", "x", "2025", 7.0, "CNY mn"),
                row("new", "x", "2025", 2.0, "count"),
            ],
            "fails",
            "bb",
        );
        let diff = compare(&old, &new);
        let order: Vec<&str> = diff.moved.iter().map(|m| m.old.metric.as_str()).collect();
        assert_eq!(order, ["c_conv", "a_pct", "b_conv"]);
        assert_eq!(diff.moved[1].difference(), 2.0);
        assert_eq!(diff.moved[1].relative_pct(), Some(20.0));
        assert_eq!(diff.moved[0].relative_pct(), None);
        assert_eq!(diff.added[0].metric, "new");
        assert_eq!(diff.removed[0].metric, "gone");
        assert_eq!(diff.not_compared.len(), 1);
        assert_eq!(
            diff.claims,
            [VerdictChange {
                id: "c1".into(),
                old: Some("holds".into()),
                new: Some("fails".into())
            }]
        );
        assert_eq!(diff.inputs[0].kind(), "changed");
        assert!(!diff.is_empty());
        assert!(compare(&old, &old).is_empty());
    }
}
