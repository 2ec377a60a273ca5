//! The report's provenance section: each source with the rows that cite it,
//! the input files, warnings, definitions, skipped charts and exchange rates.

use std::collections::{BTreeMap, BTreeSet};

use super::view::{Inputs, Provenance, SourceView};
use crate::format;
use crate::model::{CitingLines, DataFile, Metric};

pub fn provenance(parts: &Inputs) -> Provenance {
    let data = parts.data;
    // Which rows cite each source: file and physical lines.
    let mut citations: Vec<(&str, DataFile, u64)> = Vec::new();
    citations.extend(
        data.earnings
            .iter()
            .map(|r| (r.source.as_str(), DataFile::Earnings, r.line)),
    );
    citations.extend(
        data.capex
            .iter()
            .map(|r| (r.source.as_str(), DataFile::Capex, r.line)),
    );
    citations.extend(
        data.targets
            .iter()
            .map(|r| (r.source.as_str(), DataFile::Targets, r.line)),
    );
    citations.extend(
        data.campaigns
            .iter()
            .map(|r| (r.source.as_str(), DataFile::Campaigns, r.line)),
    );
    citations.extend(
        data.events
            .iter()
            .map(|r| (r.source.as_str(), DataFile::Events, r.line)),
    );
    citations.extend(
        data.claims
            .iter()
            .map(|r| (r.source.as_str(), DataFile::Claims, r.line)),
    );
    let mut cited: BTreeMap<&str, BTreeMap<DataFile, CitingLines>> = BTreeMap::new();
    for (source, file, line) in citations {
        cited
            .entry(source)
            .or_default()
            .entry(file)
            .or_default()
            .add(line);
    }
    // Users rows may be millions: counted per source code, once per table.
    let users = &data.users;
    let by_code = users.citing_lines().iter().enumerate();
    for (code, lines) in by_code.filter(|(_, l)| l.count > 0) {
        cited
            .entry(users.sources[code].as_str())
            .or_default()
            .insert(users.file, lines.clone());
    }
    let sources = data
        .sources
        .iter()
        .map(|s| {
            let mut parts: Vec<String> = cited.get(s.id.as_str()).map_or_else(Vec::new, |files| {
                files
                    .iter()
                    .map(|(file, lines)| format!("{file} {}", lines_text(lines)))
                    .collect()
            });
            // The compiled or derived sources based on this one.
            let through: Vec<&str> = data
                .sources
                .iter()
                .filter(|other| other.based_on.contains(&s.id))
                .map(|other| other.id.as_str())
                .collect();
            if !through.is_empty() {
                parts.push(format!("through {}", through.join(", ")));
            }
            let cited_by = if parts.is_empty() {
                "no row".to_string()
            } else {
                parts.join("; ")
            };
            SourceView {
                id: s.id.clone(),
                title: s.title.clone(),
                publisher: s.publisher.clone(),
                url: s.url.clone(),
                published: s.published.map(|d| d.to_string()).unwrap_or_default(),
                cited_by,
            }
        })
        .collect();
    let inputs = parts
        .metrics
        .inputs
        .iter()
        .map(|i| {
            vec![
                i.name.clone(),
                format::number(i.rows as f64, 0),
                i.sha256.clone(),
            ]
        })
        .collect();
    let definitions = Metric::all()
        .map(|metric| {
            let d = metric.definition();
            [metric.name(), d.subject, d.segment, d.period, d.words]
                .map(str::to_string)
                .to_vec()
        })
        .collect();
    let fx = data
        .fx
        .iter()
        .map(|r| {
            vec![
                r.currency.to_string(),
                r.date.to_string(),
                r.usd_per_unit.to_string(),
            ]
        })
        .collect();
    let skipped = parts
        .skipped
        .iter()
        .map(|s| format!("{}: {}", s.name, s.reason))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    Provenance {
        sources,
        inputs,
        warnings: parts.warnings.clone(),
        definitions,
        skipped,
        fx,
    }
}

/// `line 4`, `lines 2, 5, 9`, `lines 2, 3, 4 and 997 more`.
fn lines_text(lines: &CitingLines) -> String {
    let shown: Vec<String> = lines.first.iter().map(|l| l.to_string()).collect();
    match lines.count {
        1 => format!("line {}", shown[0]),
        n if n <= CitingLines::SHOWN => format!("lines {}", shown.join(", ")),
        n => format!(
            "lines {} and {} more",
            shown.join(", "),
            n - CitingLines::SHOWN
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn citing_lines_are_listed_briefly() {
        let lines = |range: std::ops::Range<u64>| {
            let mut l = CitingLines::default();
            range.for_each(|n| l.add(n));
            lines_text(&l)
        };
        assert_eq!(lines(4..5), "line 4");
        assert_eq!(lines(2..20), "lines 2, 3, 4, 5, 6, 7, 8, 9 and 10 more");
        let mut l = CitingLines::default();
        (2..20).rev().for_each(|n| l.add(n));
        assert_eq!(
            lines_text(&l),
            lines(2..20),
            "the first lines, in any order"
        );
    }
}
