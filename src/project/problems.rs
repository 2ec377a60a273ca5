//! A project file's problems as printed lines: the line of a byte offset, the
//! key an error is in, and `toml`'s words said the way the data's diagnostics
//! say theirs.

use std::collections::BTreeMap;
use std::fmt;
use std::ops::Range;
use std::path::Path;

use toml::Spanned;

use super::settings::KEYS;
use crate::diagnostics::{Diagnostic, Diagnostics, Severity};

/// A project file with problems, each a diagnostic like the data's, so that
/// they print in the form the command asked for (text, JSON, GitHub).
#[derive(Debug, PartialEq, Eq)]
pub struct InvalidProject {
    pub problems: Vec<Diagnostic>,
}

impl InvalidProject {
    fn one(file: &str, line: Option<u64>, key: Option<&str>, message: String) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            file: file.to_string(),
            outside: true,
            line,
            column: key.map(str::to_string),
            message,
        }
    }

    /// A problem with the whole file (its bytes are not UTF-8).
    pub fn of_file(file: &str, message: String) -> InvalidProject {
        InvalidProject {
            problems: vec![InvalidProject::one(file, None, None, message)],
        }
    }

    /// The problems in a collector, ordered by line, to print in any form.
    pub fn diagnostics(&self) -> Diagnostics {
        let mut diags = Diagnostics::new(false);
        for problem in &self.problems {
            diags.push(problem.clone());
        }
        diags
    }

    /// The text form, one line per problem.
    pub fn lines(&self) -> Vec<String> {
        self.diagnostics().text_lines(None, Path::new(""))
    }
}

impl fmt::Display for InvalidProject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.lines().join("\n"))
    }
}

impl std::error::Error for InvalidProject {}

/// The top-level key whose entry an error at `offset` is in: the last key
/// that starts at or before it. In text that is not valid TOML, the bare key
/// that starts the error's line, if any.
pub fn key_at(text: &str, offset: usize) -> Option<String> {
    if let Ok(entries) = toml::from_str::<BTreeMap<Spanned<String>, Spanned<toml::Value>>>(text) {
        return entries
            .keys()
            .filter(|k| k.span().start <= offset)
            .max_by_key(|k| k.span().start)
            .map(|k| k.get_ref().clone());
    }
    let start = text.as_bytes()[..offset.min(text.len())]
        .iter()
        .rposition(|b| *b == b'\n')
        .map_or(0, |i| i + 1);
    let (key, _) = text[start..].split_once('=')?;
    let key = key.trim();
    let bare = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-';
    (!key.is_empty() && key.chars().all(bare)).then(|| key.to_string())
}

/// `toml`'s words for a problem, said as the data's diagnostics say theirs:
/// what was expected, then what was found.
pub fn reword(message: &str) -> String {
    if message.starts_with("unknown field") {
        return format!("unknown key, expected one of: {}", KEYS.join(", "));
    }
    if message == "duplicate key" {
        return "the key is given twice".into();
    }
    if let Some(rest) = message.strip_prefix("invalid type: ") {
        if let Some((found, expected)) = rest.split_once(", expected ") {
            let expected = match expected {
                "i64" | "i128" => "a whole number",
                "a sequence" => "a list of section ids",
                other => other,
            };
            // serde's names for what it found, said in TOML's words.
            let found = match found.strip_suffix(" as i128") {
                Some(number) => number,
                None => match found {
                    "map" => "a table",
                    "sequence" => "a list",
                    other => other,
                },
            };
            return format!("expected {expected}, found {found}");
        }
    }
    message.to_string()
}

/// The problems found so far.
pub struct Problems<'a> {
    pub text: &'a str,
    pub file: &'a str,
    /// In the order found.
    pub found: Vec<Diagnostic>,
}

impl Problems<'_> {
    /// The line (from 1) of a byte offset of the text.
    pub fn line(&self, offset: usize) -> u64 {
        let before = &self.text.as_bytes()[..offset.min(self.text.len())];
        before.iter().filter(|b| **b == b'\n').count() as u64 + 1
    }

    pub fn push(&mut self, span: Range<usize>, key: Option<&str>, message: &str) {
        let line = self.line(span.start);
        self.found.push(InvalidProject::one(
            self.file,
            Some(line),
            key,
            message.to_string(),
        ));
    }

    /// The problems by line (a stable sort: one line's in the order found).
    pub fn into_error(mut self) -> InvalidProject {
        self.found.sort_by_key(|d| d.line);
        InvalidProject {
            problems: self.found,
        }
    }
}
