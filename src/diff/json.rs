//! The comparison in full for machines: every row, values unrounded, field
//! names as the `diff` section of docs/command-line.md documents them.

use serde::Serialize;

use super::compare::{Diff, Side};
use super::snapshot::Row;

#[derive(Serialize)]
struct Json<'a> {
    old: SideJson<'a>,
    new: SideJson<'a>,
    changed: Vec<Changed<'a>>,
    added: Vec<Listed<'a>>,
    removed: Vec<Listed<'a>>,
    not_compared: Vec<NotCompared<'a>>,
    claims: Vec<Verdicts<'a>>,
    inputs: Vec<Input<'a>>,
}

#[derive(Serialize)]
struct SideJson<'a> {
    as_of: Option<&'a str>,
    currency: &'a str,
    metrics: usize,
    claims: usize,
    inputs: usize,
}

#[derive(Serialize)]
struct Key<'a> {
    metric: &'a str,
    subject: &'a str,
    segment: Option<&'a str>,
    period: Option<&'a str>,
}

#[derive(Serialize)]
struct Changed<'a> {
    #[serde(flatten)]
    key: Key<'a>,
    unit: &'a str,
    old: f64,
    new: f64,
    difference: f64,
    relative_pct: Option<f64>,
}

#[derive(Serialize)]
struct Listed<'a> {
    #[serde(flatten)]
    key: Key<'a>,
    unit: &'a str,
    value: f64,
}

#[derive(Serialize)]
struct NotCompared<'a> {
    #[serde(flatten)]
    key: Key<'a>,
    old_unit: &'a str,
    new_unit: &'a str,
    old: f64,
    new: f64,
}

#[derive(Serialize)]
struct Verdicts<'a> {
    id: &'a str,
    old: Option<&'a str>,
    new: Option<&'a str>,
}

#[derive(Serialize)]
struct Input<'a> {
    file: &'a str,
    change: &'static str,
    old_sha256: Option<&'a str>,
    new_sha256: Option<&'a str>,
}

fn key(r: &Row) -> Key<'_> {
    Key {
        metric: &r.metric,
        subject: &r.subject,
        segment: r.segment.as_deref(),
        period: r.period.as_deref(),
    }
}

fn side(s: &Side) -> SideJson<'_> {
    SideJson {
        as_of: s.as_of.as_deref(),
        currency: &s.currency,
        metrics: s.rows,
        claims: s.claims,
        inputs: s.inputs,
    }
}

fn listed(rows: &[Row]) -> Vec<Listed<'_>> {
    rows.iter()
        .map(|r| Listed {
            key: key(r),
            unit: &r.unit,
            value: r.value,
        })
        .collect()
}

pub fn render(diff: &Diff) -> String {
    let json = Json {
        old: side(&diff.old),
        new: side(&diff.new),
        changed: diff
            .moved
            .iter()
            .map(|m| Changed {
                key: key(&m.new),
                unit: &m.new.unit,
                old: m.old.value,
                new: m.new.value,
                difference: m.difference(),
                relative_pct: m.relative_pct(),
            })
            .collect(),
        added: listed(&diff.added),
        removed: listed(&diff.removed),
        not_compared: diff
            .not_compared
            .iter()
            .map(|(o, n)| NotCompared {
                key: key(n),
                old_unit: &o.unit,
                new_unit: &n.unit,
                old: o.value,
                new: n.value,
            })
            .collect(),
        claims: diff
            .claims
            .iter()
            .map(|c| Verdicts {
                id: &c.id,
                old: c.old.as_deref(),
                new: c.new.as_deref(),
            })
            .collect(),
        inputs: diff
            .inputs
            .iter()
            .map(|i| Input {
                file: &i.file,
                change: i.kind(),
                old_sha256: i.old.as_deref(),
                new_sha256: i.new.as_deref(),
            })
            .collect(),
    };
    serde_json::to_string_pretty(&json).expect("diff serializes") + "\n"
}
