//! The references of `docs/`, written from the declarations themselves: the
//! columns of each data file (`model/tables.rs`) and the metrics
//! (`model/metric.rs`). `tests/docs.rs` fails when the files in `docs/` drift
//! from what these write.

use std::fmt::Write;

use super::inputs::cell_words;
use crate::model::{Choice, DataFile, Metric};

/// Each data file's columns as Markdown: a heading, what a row is, its key,
/// and a table of its columns.
pub fn data_files_markdown() -> String {
    let mut out = String::new();
    for file in DataFile::ALL {
        if file == DataFile::UsersParquet {
            continue;
        }
        let _ = writeln!(out, "### `{file}`\n");
        let key = match file.key() {
            [] => "none (rows may repeat)".to_string(),
            key => key
                .iter()
                .map(|k| format!("`{k}`"))
                .collect::<Vec<_>>()
                .join(", "),
        };
        let _ = writeln!(out, "{} Key: {key}.\n", words(file.doc()));
        out.push_str("| column | | cells | more |\n|---|---|---|---|\n");
        for column in file.columns() {
            let required = if column.required {
                "required"
            } else {
                "optional"
            };
            let _ = writeln!(
                out,
                "| `{}` | {required} | {} | {} |",
                column.name,
                cell_words(column.kind).replace('|', "\\|"),
                column.doc_words().replace('|', "\\|")
            );
        }
        out.push('\n');
    }
    out
}

/// Every metric as a row of a Markdown table, in the SPEC's order.
pub fn metrics_markdown() -> String {
    let mut out = String::from(
        "| metric | subject | segment | period | definition |\n|---|---|---|---|---|\n",
    );
    for (name, metric) in Metric::ALL {
        let d = metric.definition();
        let _ = writeln!(
            out,
            "| `{name}` | {} | {} | {} | {} |",
            d.subject,
            d.segment,
            d.period,
            d.words.replace('|', "\\|")
        );
    }
    out
}

/// Doc-comment lines as one paragraph.
fn words(doc: &[&str]) -> String {
    let lines: Vec<&str> = doc.iter().map(|line| line.trim()).collect();
    lines.join(" ")
}
