//! The comparison as aligned tables for a terminal, every row listed.

use super::compare::Diff;
use super::snapshot::Row;
use super::words::{change, context_lines, headline, input_change, value, values, verdict};
use crate::metrics::print::align;

fn key(r: &Row) -> Vec<String> {
    vec![
        r.metric.clone(),
        r.subject.clone(),
        r.segment.clone().unwrap_or_default(),
        r.period.clone().unwrap_or_default(),
    ]
}

fn section(out: &mut String, title: &str, header: &[&str], rows: Vec<Vec<String>>, right: usize) {
    if rows.is_empty() {
        return;
    }
    let mut table = vec![header.iter().map(|h| h.to_string()).collect()];
    table.extend(rows);
    out.push_str(&format!("\n{title}\n"));
    out.push_str(&align(&table, right..header.len()));
}

pub fn render(diff: &Diff) -> String {
    let mut out = format!("{}\n", headline(diff));
    for line in context_lines(diff) {
        out.push_str(&line);
        out.push('\n');
    }
    let key_header = ["metric", "subject", "segment", "period"];
    section(
        &mut out,
        "changed, largest first by |new - old| / |old| (a change from zero first)",
        &[&key_header[..], &["old", "new", "change"]].concat(),
        diff.moved
            .iter()
            .map(|m| {
                let mut row = key(&m.new);
                let (old, new) = values(m);
                row.extend([old, new, change(m)]);
                row
            })
            .collect(),
        4,
    );
    let listed = |rows: &[Row]| -> Vec<Vec<String>> {
        rows.iter()
            .map(|r| {
                let mut row = key(r);
                row.push(value(r.value, &r.unit));
                row
            })
            .collect()
    };
    let value_header = [&key_header[..], &["value"]].concat();
    section(&mut out, "new", &value_header, listed(&diff.added), 4);
    section(&mut out, "gone", &value_header, listed(&diff.removed), 4);
    section(
        &mut out,
        "not compared (the unit changed)",
        &[&key_header[..], &["old", "new"]].concat(),
        diff.not_compared
            .iter()
            .map(|(o, n)| {
                let mut row = key(n);
                row.extend([value(o.value, &o.unit), value(n.value, &n.unit)]);
                row
            })
            .collect(),
        4,
    );
    section(
        &mut out,
        "claim verdicts",
        &["claim", "old", "new"],
        diff.claims
            .iter()
            .map(|c| vec![c.id.clone(), verdict(&c.old).into(), verdict(&c.new).into()])
            .collect(),
        3,
    );
    section(
        &mut out,
        "input files",
        &["file", "change"],
        diff.inputs
            .iter()
            .map(|i| vec![i.file.clone(), input_change(i).into()])
            .collect(),
        2,
    );
    out
}
