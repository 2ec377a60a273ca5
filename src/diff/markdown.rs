//! The comparison as Markdown short enough for a pull-request comment: a
//! heading with the counts, then the largest moves, each table capped.

use super::compare::Diff;
use super::snapshot::Row;
use super::words::{
    change, context_lines, headline, input_change, value, values, verdict, RANKING,
};

/// Rows shown in each table; the rest are counted.
pub const CAP: usize = 20;

/// A cell: `|` escaped and lines joined, so the table stays one table.
fn cell(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace(['\n', '\r'], " ")
}

fn key_cells(r: &Row) -> String {
    format!(
        "{} | {} | {} | {}",
        cell(&r.metric),
        cell(&r.subject),
        cell(r.segment.as_deref().unwrap_or("")),
        cell(r.period.as_deref().unwrap_or(""))
    )
}

/// A table of at most `CAP` rows, with a line counting the others.
fn table(out: &mut String, title: &str, lede: &str, header: &str, rows: Vec<String>) {
    if rows.is_empty() {
        return;
    }
    out.push_str(&format!("\n### {title}\n\n"));
    if !lede.is_empty() {
        out.push_str(&format!("{lede}\n\n"));
    }
    out.push_str(&format!("{header}\n"));
    for row in rows.iter().take(CAP) {
        out.push_str(&format!("| {row} |\n"));
    }
    if rows.len() > CAP {
        out.push_str(&format!("\nand {} more\n", rows.len() - CAP));
    }
}

pub fn render(diff: &Diff) -> String {
    let mut out = format!("## {}\n", headline(diff));
    let context = context_lines(diff);
    if !context.is_empty() {
        out.push('\n');
        for line in context {
            out.push_str(&line);
            out.push('\n');
        }
    }
    table(
        &mut out,
        "Changed",
        RANKING,
        "| metric | subject | segment | period | old | new | change |\n|---|---|---|---|--:|--:|--:|",
        diff.moved
            .iter()
            .map(|m| {
                let (old, new) = values(m);
                format!(
                    "{} | {} | {} | {}",
                    key_cells(&m.new),
                    cell(&old),
                    cell(&new),
                    cell(&change(m))
                )
            })
            .collect(),
    );
    let listed = |rows: &[Row]| -> Vec<String> {
        rows.iter()
            .map(|r| format!("{} | {}", key_cells(r), cell(&value(r.value, &r.unit))))
            .collect()
    };
    let header = "| metric | subject | segment | period | value |\n|---|---|---|---|--:|";
    table(&mut out, "New", "", header, listed(&diff.added));
    table(&mut out, "Gone", "", header, listed(&diff.removed));
    table(
        &mut out,
        "Claim verdicts",
        "",
        "| claim | old | new |\n|---|---|---|",
        diff.claims
            .iter()
            .map(|c| {
                format!(
                    "{} | {} | {}",
                    cell(&c.id),
                    verdict(&c.old),
                    verdict(&c.new)
                )
            })
            .collect(),
    );
    table(
        &mut out,
        "Input files",
        "",
        "| file | change |\n|---|---|",
        diff.inputs
            .iter()
            .map(|i| format!("{} | {}", cell(&i.file), input_change(i)))
            .collect(),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::super::compare::compare;
    use super::super::snapshot::Snapshot;
    use super::*;

    fn snapshot(
        currency: &str,
        rows: impl IntoIterator<Item = (usize, f64, &'static str)>,
    ) -> Snapshot {
        Snapshot {
            as_of: Some("2026-03-31".into()),
            currency: currency.into(),
            inputs: Vec::new(),
            metrics: rows
                .into_iter()
                .map(|(i, value, unit)| Row {
                    metric: "users_latest".into(),
                    subject: format!("p{i:02}"),
                    segment: Some("mau".into()),
                    period: None,
                    value,
                    unit: unit.into(),
                })
                .collect(),
            claims: Vec::new(),
        }
    }

    #[test]
    fn tables_stop_at_the_cap_and_count_the_rest() {
        // 22 products, product i moving from 100 to 100 + i: p21 moves most.
        let old = snapshot("USD", (0..22).map(|i| (i, 100.0, "count")));
        let new = snapshot("USD", (0..22).map(|i| (i, 101.0 + i as f64, "count")));
        let text = render(&compare(&old, &new));
        let rows: Vec<&str> = text
            .lines()
            .filter(|l| l.starts_with("| users_latest"))
            .collect();
        assert_eq!(rows.len(), CAP);
        assert_eq!(
            rows[0],
            "| users_latest | p21 | mau |  | 100 | 122 | +22 (+22.0%) |"
        );
        assert_eq!(
            rows[19],
            "| users_latest | p02 | mau |  | 100 | 103 | +3 (+3.0%) |"
        );
        assert!(text.ends_with("\nand 2 more\n"), "{text}");
    }

    #[test]
    fn a_change_of_currency_is_said_once_not_row_by_row() {
        let old = snapshot("USD", [(0, 40_000.0, "USD mn"), (1, 5.0, "%")]);
        let new = snapshot("CNY", [(0, 290_000.0, "CNY mn"), (1, 5.0, "%")]);
        assert_eq!(
            render(&compare(&old, &new)),
            "## 0 metric rows changed, 0 new, 0 gone; 0 claim verdicts changed; 0 input files changed\n\n\
             Converted figures changed from USD to CNY: 1 row in money cannot be compared and is left out.\n"
        );
    }

    #[test]
    fn cells_keep_the_table_whole() {
        assert_eq!(cell("AI | agents\nstack"), "AI \\| agents stack");
    }
}
