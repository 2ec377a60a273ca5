//! The comparison as Markdown short enough for a pull-request comment: a
//! heading with the counts, then the largest moves, each table capped.

use super::compare::Diff;
use super::snapshot::Row;
use super::words::{change, context_lines, headline, input_change, value, verdict, RANKING};

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
                format!(
                    "{} | {} | {} | {}",
                    key_cells(&m.new),
                    cell(&value(m.old.value, &m.old.unit)),
                    cell(&value(m.new.value, &m.new.unit)),
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
    use super::*;

    #[test]
    fn cells_keep_the_table_whole() {
        assert_eq!(cell("AI | agents\nstack"), "AI \\| agents stack");
    }
}
