use std::path::Path;

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

#[test]
fn the_project_file_is_named_as_given_and_first() {
    let mut d = Diagnostics::new(false);
    d.error(DataFile::Sources, Some(2), Some("id"), "a".into());
    d.push(Diagnostic {
        severity: Severity::Error,
        file: "proj/aimarket.toml".into(),
        outside: true,
        line: Some(3),
        column: Some("focus".into()),
        message: "b".into(),
    });
    assert_eq!(
        d.to_text(Path::new("data")),
        "error: proj/aimarket.toml:3: focus: b\nerror: data/sources.csv:2: id: a\n"
    );
    assert!(d
        .to_json(Path::new("data"))
        .contains("\"file\": \"proj/aimarket.toml\""));
}
