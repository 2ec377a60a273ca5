//! The collector every stage pushes problems into. It keeps, per file and per
//! severity, only the first `CAP_PER_FILE` problems by line (a bounded heap, so
//! a file with millions of bad rows costs no more memory than one with fifty)
//! and counts the rest for the `... and N more in FILE` line.

use std::cmp::Ordering;
use std::collections::{BTreeMap, BinaryHeap};

use super::columns::Columns;
use crate::model::DataFile;

/// How many problems of one severity are kept for each file.
pub const CAP_PER_FILE: usize = 50;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    /// The word that starts a text line, and GitHub's command for it.
    pub(super) fn label(self) -> &'static str {
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
    /// The file's name in the data folder; or, when `outside`, its path as given.
    pub file: String,
    /// A file outside the data folder: the project file.
    pub outside: bool,
    pub line: Option<u64>,
    pub column: Option<String>,
    pub message: String,
}

/// An entry of the bounded heap: ordered by line (file-level problems first),
/// then by the order in which they were found.
#[derive(Clone, Debug)]
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

#[derive(Clone, Default, Debug)]
struct Bucket {
    kept: BinaryHeap<Ranked>,
    total: usize,
}

/// The project file first, then the data files in the order of SPEC section
/// 3's table, other files after them by name.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct FileKey {
    rank: usize,
    name: String,
    outside: bool,
}

impl FileKey {
    fn new(name: &str, outside: bool) -> FileKey {
        let rank = if outside {
            0
        } else {
            1 + DataFile::ALL
                .iter()
                .position(|f| f.file_name() == name)
                .unwrap_or(DataFile::ALL.len())
        };
        FileKey {
            rank,
            name: name.to_string(),
            outside,
        }
    }
}

/// The collector every stage writes to.
#[derive(Clone, Debug)]
pub struct Diagnostics {
    strict: bool,
    seq: u64,
    buckets: BTreeMap<(FileKey, Severity), Bucket>,
    columns: Columns,
}

impl Diagnostics {
    /// With `strict`, every warning is recorded as an error.
    pub fn new(strict: bool) -> Diagnostics {
        Diagnostics {
            strict,
            seq: 0,
            buckets: BTreeMap::new(),
            columns: Columns::default(),
        }
    }

    /// Notes the header of a file, so that a form can give a column's position.
    pub fn note_columns(&mut self, file: DataFile, names: &[String]) {
        self.columns.note(file.file_name(), names);
    }

    /// The 1-based position of `column` in the header of `file`, when noted.
    pub(super) fn column_position(&self, file: &str, column: &str) -> Option<usize> {
        self.columns.position(file, column)
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
        let key = (
            FileKey::new(&diagnostic.file, diagnostic.outside),
            diagnostic.severity,
        );
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
        self.record(Severity::Error, file, line, column, message);
    }

    pub fn warning(
        &mut self,
        file: DataFile,
        line: Option<u64>,
        column: Option<&str>,
        message: String,
    ) {
        self.record(Severity::Warning, file, line, column, message);
    }

    fn record(
        &mut self,
        severity: Severity,
        file: DataFile,
        line: Option<u64>,
        column: Option<&str>,
        message: String,
    ) {
        self.push(Diagnostic {
            severity,
            file: file.file_name().to_string(),
            outside: false,
            line,
            column: column.map(str::to_string),
            message,
        });
    }

    /// Takes in the problems another collector found in a part of a file whose
    /// first line is `shift` lines further down. Each collector keeps the first
    /// problems by line of its part, so the merged cap is exact.
    pub fn absorb(&mut self, other: Diagnostics, shift: u64) {
        self.columns.absorb(other.columns);
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
    pub(super) fn entries(&self, severity: Option<Severity>) -> Vec<Entry<'_>> {
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
                    severity: *sev,
                    file: file.name.clone(),
                    outside: file.outside,
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
}

/// A kept problem (with its line and arrival order), or the line that counts
/// those past the cap.
pub(super) enum Entry<'a> {
    Problem(u64, u64, &'a Diagnostic),
    More {
        severity: Severity,
        file: String,
        outside: bool,
        more: usize,
    },
}
