//! The two forms problems are shown in: text lines for standard error and
//! JSON for `check --format json`.

use std::fmt::Write as _;
use std::path::Path;

use serde::Serialize;

use super::collector::{Diagnostics, Entry, Severity};

impl Diagnostics {
    /// The text form, one problem per line, for standard error.
    pub fn to_text(&self, data_dir: &Path) -> String {
        self.text_lines(None, data_dir)
            .into_iter()
            .map(|line| line + "\n")
            .collect()
    }

    /// The text lines of one severity (or all), overflow lines included.
    pub fn text_lines(&self, severity: Option<Severity>, data_dir: &Path) -> Vec<String> {
        self.entries(severity)
            .into_iter()
            .map(|entry| match entry {
                Entry::Problem(_, _, d) => {
                    let mut line = format!(
                        "{}: {}",
                        d.severity.label(),
                        shown_path(data_dir, &d.file, d.outside)
                    );
                    if let Some(number) = d.line {
                        let _ = write!(line, ":{number}");
                    }
                    if let Some(column) = &d.column {
                        // A header cell with a line break stays on the one line.
                        let _ = write!(line, ": {}", printable(column));
                    }
                    let _ = write!(line, ": {}", d.message);
                    line
                }
                Entry::More {
                    file,
                    outside,
                    more,
                    ..
                } => more_message(more, &shown_path(data_dir, &file, outside)),
            })
            .collect()
    }

    /// The JSON form of SPEC section 2: `{"errors": [...], "warnings": [...]}`.
    pub fn to_json(&self, data_dir: &Path) -> String {
        let list = |severity| -> Vec<JsonDiagnostic> {
            self.entries(Some(severity))
                .into_iter()
                .map(|entry| match entry {
                    Entry::Problem(_, _, d) => JsonDiagnostic {
                        file: shown_path(data_dir, &d.file, d.outside),
                        line: d.line,
                        column: d.column.clone(),
                        message: d.message.clone(),
                    },
                    Entry::More {
                        file,
                        outside,
                        more,
                        ..
                    } => {
                        let path = shown_path(data_dir, &file, outside);
                        JsonDiagnostic {
                            message: more_message(more, &path),
                            file: path,
                            line: None,
                            column: None,
                        }
                    }
                })
                .collect()
        };
        let report = JsonReport {
            errors: list(Severity::Error),
            warnings: list(Severity::Warning),
        };
        serde_json::to_string_pretty(&report).expect("diagnostics serialize") + "\n"
    }
}

#[derive(Serialize)]
struct JsonReport {
    errors: Vec<JsonDiagnostic>,
    warnings: Vec<JsonDiagnostic>,
}

#[derive(Serialize)]
struct JsonDiagnostic {
    file: String,
    line: Option<u64>,
    column: Option<String>,
    message: String,
}

pub(super) fn more_message(more: usize, path: &str) -> String {
    format!("... and {more} more in {path}")
}

/// A name found on disk as messages can show it: a control character in it
/// (ESC, a line break) is written as an escape, so it never reaches a
/// terminal or the report raw.
pub fn printable(name: &str) -> String {
    if name.chars().any(char::is_control) {
        name.escape_debug().to_string()
    } else {
        name.to_string()
    }
}

/// A data file's path as formed from `--data`, or the path of a file outside
/// the data folder as given.
pub(super) fn shown_path(data_dir: &Path, file: &str, outside: bool) -> String {
    if outside {
        file.to_string()
    } else {
        display_path(data_dir, file)
    }
}

/// The path as formed from `--data`: `data` + `earnings.csv` is `data/earnings.csv`.
pub fn display_path(data_dir: &Path, file: &str) -> String {
    data_dir.join(file).display().to_string()
}
