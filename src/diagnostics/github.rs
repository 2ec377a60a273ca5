//! The GitHub Actions form: one workflow command per problem, which the runner
//! turns into an annotation on the file and line (in the pull request's diff
//! too): `::error file=data/earnings.csv,line=14,col=6,title=revenue::expected ...`.
//!
//! `col` is the column's 1-based position in the header row: the diagnostic
//! names its column, not a character offset. A problem with the whole file
//! has no `line`; a problem that names no column has no `col` or `title`.
//! Values are escaped as GitHub's own toolkit does (`escapeData`,
//! `escapeProperty` in @actions/core), so a data value holding `%`, `:`, `,`
//! or a line break cannot end a property or the command early.

use std::fmt::Write as _;
use std::path::Path;

use super::collector::{Diagnostics, Entry, Severity};
use super::render::{more_message, shown_path};

impl Diagnostics {
    /// The GitHub form of one severity (or all), overflow lines included.
    pub fn github_lines(&self, severity: Option<Severity>, data_dir: &Path) -> Vec<String> {
        self.entries(severity)
            .into_iter()
            .map(|entry| match entry {
                Entry::Problem(_, _, d) => {
                    let mut properties = format!(
                        "file={}",
                        escape_property(&shown_path(data_dir, &d.file, d.outside))
                    );
                    if let Some(line) = d.line {
                        let _ = write!(properties, ",line={line}");
                        let position = d
                            .column
                            .as_ref()
                            .and_then(|column| self.column_position(&d.file, column));
                        if let Some(col) = position {
                            let _ = write!(properties, ",col={col}");
                        }
                    }
                    if let Some(column) = &d.column {
                        let _ = write!(properties, ",title={}", escape_property(column));
                    }
                    command(d.severity, &properties, &d.message)
                }
                Entry::More {
                    severity,
                    file,
                    outside,
                    more,
                } => {
                    let path = shown_path(data_dir, &file, outside);
                    let properties = format!("file={}", escape_property(&path));
                    command(severity, &properties, &more_message(more, &path))
                }
            })
            .collect()
    }
}

fn command(severity: Severity, properties: &str, message: &str) -> String {
    format!(
        "::{} {properties}::{}",
        severity.label(),
        escape_data(message)
    )
}

/// A command's message: `%`, CR and LF as `%25`, `%0D`, `%0A`.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A property's value: as a message, and `:` and `,` as `%3A` and `%2C`.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::DataFile;

    #[test]
    fn escaping_follows_the_actions_toolkit() {
        assert_eq!(escape_data("50% a:b,c\r\nd"), "50%25 a:b,c%0D%0Ad");
        assert_eq!(escape_property("50% a:b,c\r\nd"), "50%25 a%3Ab%2Cc%0D%0Ad");
        // `%` first, so an escape already in the text stays as written.
        assert_eq!(escape_data("%0A"), "%250A");
    }

    #[test]
    fn a_column_gets_its_header_position_and_a_file_problem_no_line() {
        let mut d = Diagnostics::new(false);
        let header = ["company", "fiscal_period", "revenue"].map(String::from);
        d.note_columns(DataFile::Earnings, &header);
        d.error(
            DataFile::Earnings,
            Some(14),
            Some("revenue"),
            "expected a number >= 0, found \"n/a\"".into(),
        );
        d.error(DataFile::Earnings, Some(15), None, "row".into());
        d.warning(DataFile::Events, None, None, "file".into());
        assert_eq!(
            d.github_lines(None, Path::new("data")),
            [
                "::error file=data/earnings.csv,line=14,col=3,title=revenue::expected a number >= 0, found \"n/a\"",
                "::error file=data/earnings.csv,line=15::row",
                "::warning file=data/events.csv::file",
            ]
        );
    }
}
