//! A project file read key by key, when reading it whole fails: serde stops at
//! the first problem, and a user fixing the file should see every one.

use std::collections::BTreeMap;
use std::ops::Range;

use serde::de::DeserializeOwned;
use toml::Spanned;

/// One key's problem: where, which key, and `toml`'s words.
pub struct EntryProblem {
    pub span: Range<usize>,
    pub key: String,
    pub message: String,
}

/// Reads each top-level entry of `text` on its own as `T` (the others blanked
/// out, so that every offset stays where it was), then the entries that read
/// well together. `None` when the text is not TOML at all, or when the good
/// entries still do not read together: the caller reports its one problem.
pub fn each_entry<T: DeserializeOwned>(text: &str) -> Option<(T, Vec<EntryProblem>)> {
    let entries: BTreeMap<Spanned<String>, Spanned<toml::Value>> = toml::from_str(text).ok()?;
    let spans: Vec<(String, Range<usize>)> = entries
        .iter()
        .map(|(key, value)| (key.get_ref().clone(), key.span().start..value.span().end))
        .collect();
    let mut problems = Vec::new();
    let mut bad = Vec::new();
    for (i, (key, _)) in spans.iter().enumerate() {
        let others: Vec<&Range<usize>> = spans
            .iter()
            .enumerate()
            .filter(|(j, _)| *j != i)
            .map(|(_, (_, span))| span)
            .collect();
        if let Err(error) = toml::from_str::<T>(&blanked(text, &others)) {
            problems.push(EntryProblem {
                span: error.span().unwrap_or(spans[i].1.clone()),
                key: key.clone(),
                message: error.message().to_string(),
            });
            bad.push(&spans[i].1);
        }
    }
    let good = toml::from_str::<T>(&blanked(text, &bad)).ok()?;
    Some((good, problems))
}

/// `text` with the bytes of `spans` turned into spaces, line breaks kept.
fn blanked(text: &str, spans: &[&Range<usize>]) -> String {
    let mut bytes = text.as_bytes().to_vec();
    for span in spans {
        for b in &mut bytes[span.start.min(text.len())..span.end.min(text.len())] {
            if *b != b'\n' && *b != b'\r' {
                *b = b' ';
            }
        }
    }
    // Only whole characters were turned to ASCII spaces (spans start and end
    // on character boundaries), but a lossy conversion costs nothing here.
    String::from_utf8_lossy(&bytes).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Two {
        a: Option<i64>,
        b: Option<String>,
    }

    #[test]
    fn every_key_with_a_problem_and_the_good_ones_read() {
        let (good, problems) = each_entry::<Two>("a = \"x\"\nb = \"ok\"\nc = 1\n").unwrap();
        assert_eq!(good.b.as_deref(), Some("ok"));
        let found: Vec<(&str, usize)> = problems
            .iter()
            .map(|p| (p.key.as_str(), p.span.start))
            .collect();
        // `a` is a string where a number goes; `c` is no key of `Two`.
        assert_eq!(found, [("a", 4), ("c", 17)]);
        assert!(each_entry::<Two>("a = = 1\n").is_none());
    }
}
