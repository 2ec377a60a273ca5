//! Problems found in the data: collected, capped per file, and printed.
//!
//! A problem in the data is not an error of the program. Every stage pushes
//! `Diagnostic`s into one `Diagnostics` collector and keeps going; the pipeline
//! decides the exit status at the end. The collector keeps, per file and per
//! severity, only the first `CAP_PER_FILE` problems by line (a bounded heap, so
//! a file with millions of bad rows costs no more memory than one with fifty)
//! and counts the rest for the `... and N more in FILE` line.

use std::cmp::Ordering;
use std::collections::{BTreeMap, BinaryHeap};
use std::fmt::Write as _;
use std::path::Path;

use serde::Serialize;

use crate::model::DataFile;

/// How many problems of one severity are kept for each file.
pub const CAP_PER_FILE: usize = 50;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    fn label(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// One problem: where it is (file, physical line of the record, column) and what.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub file: String,
    pub line: Option<u64>,
    pub column: Option<String>,
    pub message: String,
}

/// An entry of the bounded heap: ordered by line (file-level problems first),
/// then by the order in which they were found.
#[derive(Debug)]
struct Ranked {
    line: u64,
    seq: u64,
    diagnostic: Diagnostic,
}

impl PartialEq for Ranked {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for Ranked {}
impl PartialOrd for Ranked {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Ranked {
    fn cmp(&self, other: &Self) -> Ordering {
        (self.line, self.seq).cmp(&(other.line, other.seq))
    }
}

#[derive(Default, Debug)]
struct Bucket {
    kept: BinaryHeap<Ranked>,
    total: usize,
}

/// Files sort in the order of SPEC section 3's table, other files after them by name.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct FileKey {
    rank: usize,
    name: String,
}

impl FileKey {
    fn new(name: &str) -> FileKey {
        let rank = DataFile::ALL
            .iter()
            .position(|f| f.file_name() == name)
            .unwrap_or(DataFile::ALL.len());
        FileKey {
            rank,
            name: name.to_string(),
        }
    }
}

/// The collector every stage writes to.
#[derive(Debug)]
pub struct Diagnostics {
    strict: bool,
    seq: u64,
    buckets: BTreeMap<(FileKey, Severity), Bucket>,
}

impl Diagnostics {
    /// With `strict`, every warning is recorded as an error.
    pub fn new(strict: bool) -> Diagnostics {
        Diagnostics {
            strict,
            seq: 0,
            buckets: BTreeMap::new(),
        }
    }

    /// True when warnings are recorded as errors.
    pub fn is_strict(&self) -> bool {
        self.strict
    }

    pub fn push(&mut self, mut diagnostic: Diagnostic) {
        if self.strict {
            diagnostic.severity = Severity::Error;
        }
        self.seq += 1;
        let key = (FileKey::new(&diagnostic.file), diagnostic.severity);
        let bucket = self.buckets.entry(key).or_default();
        bucket.total += 1;
        bucket.kept.push(Ranked {
            line: diagnostic.line.unwrap_or(0),
            seq: self.seq,
            diagnostic,
        });
        if bucket.kept.len() > CAP_PER_FILE {
            bucket.kept.pop();
        }
    }

    pub fn error(
        &mut self,
        file: DataFile,
        line: Option<u64>,
        column: Option<&str>,
        message: String,
    ) {
        self.push(Diagnostic {
            severity: Severity::Error,
            file: file.file_name().to_string(),
            line,
            column: column.map(str::to_string),
            message,
        });
    }

    pub fn warning(
        &mut self,
        file: DataFile,
        line: Option<u64>,
        column: Option<&str>,
        message: String,
    ) {
        self.push(Diagnostic {
            severity: Severity::Warning,
            file: file.file_name().to_string(),
            line,
            column: column.map(str::to_string),
            message,
        });
    }

    /// Takes in the problems another collector found in a part of a file whose
    /// first line is `shift` lines further down. Each collector keeps the first
    /// problems by line of its part, so the merged cap is exact.
    pub fn absorb(&mut self, other: Diagnostics, shift: u64) {
        for (key, bucket) in other.buckets {
            let dropped = bucket.total - bucket.kept.len();
            let mut kept: Vec<Ranked> = bucket.kept.into_vec();
            kept.sort();
            for ranked in kept {
                let mut diagnostic = ranked.diagnostic;
                diagnostic.line = diagnostic.line.map(|line| line + shift);
                self.push(diagnostic);
            }
            self.buckets.entry(key).or_default().total += dropped;
        }
    }

    /// Number of problems of a severity, counting those beyond the cap.
    pub fn count(&self, severity: Severity) -> usize {
        self.buckets
            .iter()
            .filter(|((_, s), _)| *s == severity)
            .map(|(_, b)| b.total)
            .sum()
    }

    pub fn has_errors(&self) -> bool {
        self.count(Severity::Error) > 0
    }

    /// The kept problems and overflow lines, file by file, each file's problems by line.
    fn entries(&self, severity: Option<Severity>) -> Vec<Entry<'_>> {
        let mut files: BTreeMap<&FileKey, Vec<Entry>> = BTreeMap::new();
        let mut overflow: BTreeMap<&FileKey, Vec<Entry>> = BTreeMap::new();
        for ((file, sev), bucket) in &self.buckets {
            if severity.is_some_and(|s| s != *sev) {
                continue;
            }
            let mut kept: Vec<&Ranked> = bucket.kept.iter().collect();
            kept.sort();
            let list = files.entry(file).or_default();
            list.extend(
                kept.into_iter()
                    .map(|r| Entry::Problem(r.line, r.seq, &r.diagnostic)),
            );
            if bucket.total > bucket.kept.len() {
                overflow.entry(file).or_default().push(Entry::More {
                    file: file.name.clone(),
                    more: bucket.total - bucket.kept.len(),
                });
            }
        }
        let mut out = Vec::new();
        for (file, mut list) in files {
            list.sort_by_key(|e| match e {
                Entry::Problem(line, seq, _) => (*line, *seq),
                Entry::More { .. } => (u64::MAX, u64::MAX),
            });
            out.extend(list);
            out.extend(overflow.remove(file).unwrap_or_default());
        }
        out
    }

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
                        display_path(data_dir, &d.file)
                    );
                    if let Some(number) = d.line {
                        let _ = write!(line, ":{number}");
                    }
                    if let Some(column) = &d.column {
                        let _ = write!(line, ": {column}");
                    }
                    let _ = write!(line, ": {}", d.message);
                    line
                }
                Entry::More { file, more } => more_message(more, &display_path(data_dir, &file)),
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
                        file: display_path(data_dir, &d.file),
                        line: d.line,
                        column: d.column.clone(),
                        message: d.message.clone(),
                    },
                    Entry::More { file, more } => {
                        let path = display_path(data_dir, &file);
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

enum Entry<'a> {
    Problem(u64, u64, &'a Diagnostic),
    More { file: String, more: usize },
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

fn more_message(more: usize, path: &str) -> String {
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

/// The path as formed from `--data`: `data` + `earnings.csv` is `data/earnings.csv`.
pub fn display_path(data_dir: &Path, file: &str) -> String {
    data_dir.join(file).display().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::DataFile;

    #[test]
    fn text_form_names_file_line_and_column() {
        let mut d = Diagnostics::new(false);
        d.error(
            DataFile::Earnings,
            Some(14),
            Some("revenue"),
            "expected a number >= 0, found \"n/a\"".into(),
        );
        d.error(
            DataFile::Stack,
            None,
            None,
            "missing required column \"bloc\"".into(),
        );
        d.warning(
            DataFile::Events,
            None,
            None,
            "unknown column \"remarks\" (ignored)".into(),
        );
        assert_eq!(
            d.to_text(Path::new("data")),
            "error: data/earnings.csv:14: revenue: expected a number >= 0, found \"n/a\"\n\
             warning: data/events.csv: unknown column \"remarks\" (ignored)\n\
             error: data/stack.csv: missing required column \"bloc\"\n"
        );
    }

    #[test]
    fn problems_sort_by_line_within_a_file() {
        let mut d = Diagnostics::new(false);
        d.error(DataFile::Users, Some(9), None, "b".into());
        d.error(DataFile::Users, Some(3), None, "a".into());
        d.error(DataFile::Users, None, None, "file".into());
        let text = d.to_text(Path::new("d"));
        assert_eq!(
            text,
            "error: d/users.csv: file\nerror: d/users.csv:3: a\nerror: d/users.csv:9: b\n"
        );
    }

    #[test]
    fn cap_keeps_the_first_fifty_lines_and_counts_the_rest() {
        let mut d = Diagnostics::new(false);
        // Pushed in reverse so the heap must keep the smallest lines, not the first pushed.
        for line in (2..=81).rev() {
            d.error(DataFile::Users, Some(line), Some("value"), "bad".into());
        }
        let text = d.to_text(Path::new("data"));
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 51);
        assert_eq!(lines[0], "error: data/users.csv:2: value: bad");
        assert_eq!(lines[49], "error: data/users.csv:51: value: bad");
        assert_eq!(lines[50], "... and 30 more in data/users.csv");
        assert_eq!(d.count(Severity::Error), 80);
    }

    #[test]
    fn json_form_has_nulls_and_the_overflow_entry_last() {
        let mut d = Diagnostics::new(false);
        for line in 2..=52 {
            d.error(DataFile::Fx, Some(line), None, "bad".into());
        }
        d.warning(
            DataFile::Fx,
            Some(3),
            None,
            "USD needs no rate (row ignored)".into(),
        );
        let json: serde_json::Value = serde_json::from_str(&d.to_json(Path::new("data"))).unwrap();
        let errors = json["errors"].as_array().unwrap();
        assert_eq!(errors.len(), 51);
        assert_eq!(errors[0]["line"], 2);
        assert_eq!(errors[0]["column"], serde_json::Value::Null);
        assert_eq!(errors[50]["message"], "... and 1 more in data/fx.csv");
        assert_eq!(errors[50]["line"], serde_json::Value::Null);
        assert_eq!(json["warnings"][0]["file"], "data/fx.csv");
        assert_eq!(json["warnings"][0]["line"], 3);
    }

    #[test]
    fn absorbing_a_part_shifts_its_lines_and_keeps_the_cap_exact() {
        let mut whole = Diagnostics::new(false);
        for line in [2, 40] {
            whole.error(DataFile::Users, Some(line), None, "a".into());
        }
        let mut part = Diagnostics::new(false);
        for line in 1..=60 {
            part.error(DataFile::Users, Some(line), None, "b".into());
        }
        whole.absorb(part, 100);
        let text = whole.to_text(Path::new("d"));
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "error: d/users.csv:2: a");
        assert_eq!(lines[1], "error: d/users.csv:40: a");
        assert_eq!(lines[2], "error: d/users.csv:101: b");
        assert_eq!(lines[50], "... and 12 more in d/users.csv");
        assert_eq!(whole.count(Severity::Error), 62);
    }

    #[test]
    fn strict_turns_warnings_into_errors() {
        let mut d = Diagnostics::new(true);
        d.warning(
            DataFile::Events,
            None,
            None,
            "unknown column \"x\" (ignored)".into(),
        );
        assert!(d.has_errors());
        assert_eq!(d.count(Severity::Warning), 0);
    }
}
