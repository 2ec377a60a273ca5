//! The comparison as Markdown safe to post as a pull-request comment: a
//! heading with the counts, then the largest moves. Every text from a
//! metrics.json is cut to `CELL_CHARS` and escaped (`escape.rs`); each table
//! stops at `CAP` rows, and all of it at `MAX_BYTES`, a line counting the
//! rows left out.

use super::compare::{Diff, InputChange, Moved, VerdictChange};
use super::escape::{cut, escape};
use super::snapshot::Row;
use super::words::{
    change, context_lines, headline, input_change, value, values, verdict, RANKING,
};

/// Rows shown in each table; the rest are counted.
pub const CAP: usize = 20;

/// The most bytes the Markdown takes. GitHub refuses a comment of more than
/// 65,536 characters; the rest is room for the workflow's own lines.
pub const MAX_BYTES: usize = 60_000;

/// The most characters of one cell's text, the `…` that ends a cut one included.
pub const CELL_CHARS: usize = 100;

/// A cell: the text cut and escaped, so it shows as written, in its cell.
fn cell(text: &str) -> String {
    escape(&cut(text, CELL_CHARS))
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

/// A table: its first `CAP` rows, written, and how many it has.
struct Table {
    title: &'static str,
    lede: &'static str,
    header: &'static str,
    rows: Vec<String>,
    total: usize,
}

impl Table {
    fn of<T>(
        (title, lede, header): (&'static str, &'static str, &'static str),
        items: &[T],
        row: impl Fn(&T) -> String,
    ) -> Table {
        Table {
            title,
            lede,
            header,
            rows: items.iter().take(CAP).map(row).collect(),
            total: items.len(),
        }
    }

    fn head(&self) -> String {
        let lede = if self.lede.is_empty() {
            String::new()
        } else {
            format!("{}\n\n", self.lede)
        };
        format!("\n### {}\n\n{lede}{}\n", self.title, self.header)
    }

    /// What the table takes with no row shown: its head and the longest
    /// line counting the rows left out.
    fn frame_len(&self) -> usize {
        self.head().len() + more(self.total).len()
    }

    /// The table, with as many rows as `CAP` allows and `out` can take
    /// without passing `limit` bytes.
    fn write(&self, out: &mut String, limit: usize) {
        out.push_str(&self.head());
        let mut shown = 0;
        for row in &self.rows {
            let line = format!("| {row} |\n");
            if out.len() + line.len() + more(self.total).len() > limit {
                break;
            }
            out.push_str(&line);
            shown += 1;
        }
        if shown < self.total {
            out.push_str(&more(self.total - shown));
        }
    }
}

/// The line counting rows left out.
fn more(n: usize) -> String {
    format!("\nand {n} more\n")
}

/// The tables' headers: the names of the columns, then their alignment.
const MOVED_HEADER: &str = "| metric | subject | segment | period | old | new | change |\n\
                            |---|---|---|---|--:|--:|--:|";
const LISTED_HEADER: &str = "| metric | subject | segment | period | value |\n\
                             |---|---|---|---|--:|";
const CLAIMS_HEADER: &str = "| claim | old | new |\n|---|---|---|";
const INPUTS_HEADER: &str = "| file | change |\n|---|---|";

fn tables(diff: &Diff) -> [Table; 5] {
    let moved = |m: &Moved| {
        let (old, new) = values(m);
        let (old, new, by) = (cell(&old), cell(&new), cell(&change(m)));
        format!("{} | {old} | {new} | {by}", key_cells(&m.new))
    };
    let listed = |r: &Row| format!("{} | {}", key_cells(r), cell(&value(r.value, &r.unit)));
    let claim = |c: &VerdictChange| {
        let (old, new) = (cell(verdict(&c.old)), cell(verdict(&c.new)));
        format!("{} | {old} | {new}", cell(&c.id))
    };
    let input = |i: &InputChange| format!("{} | {}", cell(&i.file), input_change(i));
    [
        Table::of(("Changed", RANKING, MOVED_HEADER), &diff.moved, moved),
        Table::of(("New", "", LISTED_HEADER), &diff.added, listed),
        Table::of(("Gone", "", LISTED_HEADER), &diff.removed, listed),
        Table::of(("Claim verdicts", "", CLAIMS_HEADER), &diff.claims, claim),
        Table::of(("Input files", "", INPUTS_HEADER), &diff.inputs, input),
    ]
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
    let tables: Vec<Table> = tables(diff).into_iter().filter(|t| t.total > 0).collect();
    for (i, table) in tables.iter().enumerate() {
        // The tables after this one keep room for their frames, and each
        // table still to come an equal share of the room for rows; what one
        // leaves unused goes to those after it.
        let later: usize = tables[i + 1..].iter().map(Table::frame_len).sum();
        let room = MAX_BYTES.saturating_sub(out.len() + later + table.frame_len());
        let limit = out.len() + table.frame_len() + room / (tables.len() - i);
        table.write(&mut out, limit);
    }
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
    fn five_full_tables_of_the_longest_cells_fit_the_byte_cap() {
        // Every character `@`, eight bytes escaped: cells at their longest.
        let long = |i: usize| format!("{i:04}{}", "@".repeat(500));
        let row = |i: usize, value: f64| Row {
            metric: long(i),
            subject: long(i),
            segment: Some(long(i)),
            period: Some(long(i)),
            value,
            unit: long(i),
        };
        let mut old = snapshot("USD", []);
        let mut new = snapshot("USD", []);
        old.metrics = (0..1_000).map(|i| row(i, 1.0)).collect();
        new.metrics = (0..1_000).map(|i| row(i, 2.0)).collect();
        let mut diff = compare(&old, &new);
        diff.added = (1_000..2_000).map(|i| row(i, 1.0)).collect();
        diff.removed = (2_000..3_000).map(|i| row(i, 1.0)).collect();
        diff.claims = (0..1_000)
            .map(|i| VerdictChange {
                id: long(i),
                old: Some(long(i)),
                new: None,
            })
            .collect();
        diff.inputs = (0..1_000)
            .map(|i| InputChange {
                file: long(i),
                old: None,
                new: Some("aa".into()),
            })
            .collect();
        let text = render(&diff);
        assert!(text.len() <= MAX_BYTES, "{} bytes", text.len());
        for title in ["Changed", "New", "Gone", "Claim verdicts", "Input files"] {
            let table = text.split(&format!("\n### {title}\n")).nth(1).unwrap();
            let table = table.split("\n### ").next().unwrap();
            let shown = table.lines().filter(|l| l.contains("@&#8203;")).count();
            // An equal share of the room each: two rows of the longest at least.
            assert!(shown >= 2, "{title}: {shown} shown");
            assert!(
                table.ends_with(&format!("\nand {} more\n", 1_000 - shown)),
                "{title}: {shown} shown"
            );
        }
    }

    #[test]
    fn cells_keep_the_table_whole() {
        assert_eq!(cell("AI | agents\nstack"), "AI \\| agents\\\\nstack");
    }
}
