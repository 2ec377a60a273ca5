//! The three forms `metrics` prints (SPEC 5.2): JSON and CSV in full precision
//! for machines, an aligned table with numbers for people.

use serde::Serialize;

use super::claim::ClaimResult;
use super::computed::Metrics;
use super::row::MetricRow;
use crate::model::ClaimQualifier;

#[derive(Serialize)]
struct JsonInput<'a> {
    file: &'a str,
    sha256: &'a str,
}

#[derive(Serialize)]
struct JsonMetrics<'a> {
    as_of: Option<String>,
    currency: String,
    inputs: Vec<JsonInput<'a>>,
    metrics: &'a [MetricRow],
    claims: &'a [ClaimResult],
}

/// `metrics.json`: as_of, currency, inputs with their hashes, metrics and claims.
pub fn to_json(metrics: &Metrics) -> String {
    let json = JsonMetrics {
        as_of: metrics.as_of.map(|d| d.to_string()),
        currency: metrics.currency.to_string(),
        inputs: metrics
            .inputs
            .iter()
            .map(|i| JsonInput {
                file: &i.name,
                sha256: &i.sha256,
            })
            .collect(),
        metrics: metrics.rows(),
        claims: &metrics.claims,
    };
    serde_json::to_string_pretty(&json).expect("metrics serialize") + "\n"
}

/// `metrics.csv`: `metric,subject,segment,period,value,unit,sources`, values
/// unrounded, sources joined with `;`.
pub fn to_csv(metrics: &Metrics) -> String {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    writer
        .write_record([
            "metric", "subject", "segment", "period", "value", "unit", "sources",
        ])
        .expect("write to memory");
    for r in metrics.rows() {
        writer
            .write_record([
                r.metric.name(),
                &r.subject,
                r.segment.as_deref().unwrap_or(""),
                &r.period.text(),
                &r.value.to_string(),
                &r.unit.to_string(),
                &r.sources.join(";"),
            ])
            .expect("write to memory");
    }
    String::from_utf8(writer.into_inner().expect("flush to memory")).expect("CSV of UTF-8 text")
}

/// An aligned table for the terminal: metrics, then claims with their verdicts.
pub fn to_table(metrics: &Metrics) -> String {
    let rows = metrics.rows();
    let as_of = metrics
        .as_of
        .map_or_else(|| "no as-of date".to_string(), |d| format!("as of {d}"));
    let mut out = format!(
        "{} metrics, {as_of}, converted figures in {}\n\n",
        rows.len(),
        metrics.currency
    );
    let mut table = vec![
        ["metric", "subject", "segment", "period", "value", "sources"]
            .map(String::from)
            .to_vec(),
    ];
    for r in rows {
        table.push(vec![
            r.metric.to_string(),
            r.subject.clone(),
            r.segment.clone().unwrap_or_default(),
            r.period.to_string(),
            r.shown(),
            r.sources.join(" "),
        ]);
    }
    out.push_str(&align(&table, 4..5));
    if !metrics.claims.is_empty() {
        let n = metrics.claims.len();
        out.push_str(&format!(
            "\n{n} {}\n\n",
            if n == 1 { "claim" } else { "claims" }
        ));
        let mut table = vec![[
            "claim", "metric", "subject", "expected", "actual", "verdict",
        ]
        .map(String::from)
        .to_vec()];
        for c in &metrics.claims {
            let bound = match c.qualifier {
                Some(ClaimQualifier::AtLeast) => ">= ",
                Some(ClaimQualifier::AtMost) => "<= ",
                None => "",
            };
            table.push(vec![
                c.id.clone(),
                c.metric.to_string(),
                c.subject.clone(),
                format!("{bound}{}", c.shown(c.expected)),
                c.actual.map_or_else(|| "-".to_string(), |v| c.shown(v)),
                c.verdict.name().to_string(),
            ]);
        }
        out.push_str(&align(&table, 3..5));
    }
    out
}

/// The widest a column is padded to. A longer cell overflows its column on
/// its own line rather than widening every line of the table: one name of
/// 70,000 characters would otherwise pad each of thousands of rows to it.
const WIDEST_COLUMN: usize = 120;

/// Pads each column to its widest cell (up to `WIDEST_COLUMN`); the columns
/// in `right` align right.
pub(crate) fn align(table: &[Vec<String>], right: std::ops::Range<usize>) -> String {
    let columns = table[0].len();
    let widths: Vec<usize> = (0..columns)
        .map(|c| {
            table
                .iter()
                .map(|row| row[c].chars().count().min(WIDEST_COLUMN))
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for row in table {
        let cells: Vec<String> = row
            .iter()
            .enumerate()
            .map(|(c, cell)| {
                let pad = " ".repeat(widths[c].saturating_sub(cell.chars().count()));
                if right.contains(&c) {
                    format!("{pad}{cell}")
                } else {
                    format!("{cell}{pad}")
                }
            })
            .collect();
        out.push_str(cells.join("  ").trim_end());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cell_too_long_overflows_its_column_and_widens_no_other_line() {
        let long = "L".repeat(70_000);
        let table = vec![
            vec!["name".to_string(), "value".to_string()],
            vec![long.clone(), "1".to_string()],
            vec!["short".to_string(), "22".to_string()],
        ];
        let text = align(&table, 1..2);
        let lines: Vec<&str> = text.lines().collect();
        let pad = " ".repeat(WIDEST_COLUMN - "short".len());
        assert_eq!(lines[2], format!("short{pad}     22"));
        assert_eq!(lines[1], format!("{long}      1"));
        assert_eq!(lines[0].len(), WIDEST_COLUMN + 2 + 5);
    }
}
