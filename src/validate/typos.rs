//! Likely typos (SPEC v3): an earnings `segment` or a users `metric` that
//! appears in one row of its company or product, within two edits of one that
//! appears in two or more, is reported with the value it likely meant.

use std::collections::BTreeMap;

use crate::diagnostics::Diagnostics;
use crate::model::{DataFile, Dataset};

/// Words of the SPEC that are never taken for a typo of each other: a product
/// with one daily count beside monthly ones has not misspelt `mau`.
const KNOWN: &[&str] = &["total", "cloud", "mau", "wau", "dau", "downloads", "orders"];

/// How often one owner (a company or product) uses a word, and the line of
/// its first row.
#[derive(Clone, Copy)]
struct Uses {
    rows: u64,
    line: u64,
}

/// The words of one owner.
type Words<'a> = BTreeMap<&'a str, Uses>;

pub fn likely_typos(data: &Dataset, diags: &mut Diagnostics) {
    let mut segments: BTreeMap<&str, Words> = BTreeMap::new();
    for e in &data.earnings {
        let words = segments.entry(&e.company).or_default();
        count(words, &e.segment, 1, e.line);
    }
    report(diags, DataFile::Earnings, "segment", &segments);

    let users = &data.users;
    let mut metrics: BTreeMap<&str, Words> = BTreeMap::new();
    for run in users.series() {
        let first = run[0] as usize;
        let product = &users.products[users.product[first] as usize];
        let metric = &users.metrics[users.metric[first] as usize];
        // A series is all of a product's rows of one metric, and a word is
        // reported only when it has one row: the line of its first row will do.
        let words = metrics.entry(product).or_default();
        count(words, metric, run.len() as u64, users.line[first]);
    }
    report(diags, users.file, "metric", &metrics);
}

fn count<'a>(words: &mut Words<'a>, word: &'a str, rows: u64, line: u64) {
    let uses = words.entry(word).or_insert(Uses { rows: 0, line });
    uses.rows += rows;
    uses.line = uses.line.min(line);
}

fn report(diags: &mut Diagnostics, file: DataFile, column: &str, owners: &BTreeMap<&str, Words>) {
    for (owner, words) in owners {
        for (word, uses) in words {
            if uses.rows != 1 || KNOWN.contains(word) {
                continue;
            }
            if let Some(meant) = likely_meant(word, words) {
                diags.warning(
                    file,
                    Some(uses.line),
                    Some(column),
                    format!("\"{word}\" appears once for {owner}; did you mean \"{meant}\"?"),
                );
            }
        }
    }
}

/// The word of two or more rows nearest to `word`, within two edits: the
/// nearest first, then the one of more rows, then the first in order.
fn likely_meant<'a>(word: &str, words: &Words<'a>) -> Option<&'a str> {
    words
        .iter()
        .filter(|(other, uses)| uses.rows >= 2 && **other != word)
        .map(|(other, uses)| (strsim::levenshtein(word, other), uses.rows, *other))
        .filter(|(edits, _, _)| *edits <= 2)
        .min_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)).then(a.2.cmp(b.2)))
        .map(|(_, _, other)| other)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(list: &[(&'static str, u64)]) -> Words<'static> {
        list.iter()
            .map(|(w, rows)| {
                (
                    *w,
                    Uses {
                        rows: *rows,
                        line: 2,
                    },
                )
            })
            .collect()
    }

    #[test]
    fn a_word_of_one_row_near_a_word_of_two_is_a_likely_typo() {
        let w = words(&[("total", 12), ("totl", 1), ("cloud", 12)]);
        assert_eq!(likely_meant("totl", &w), Some("total"));
        // Three edits away is a word of its own.
        assert_eq!(likely_meant("tl", &words(&[("total", 3)])), None);
        // A word of one row is not what another word of one row meant.
        assert_eq!(likely_meant("totl", &words(&[("total", 1)])), None);
    }

    #[test]
    fn the_nearest_word_wins_then_the_most_used() {
        let w = words(&[("clouds", 2), ("cloud", 5), ("clod", 1)]);
        assert_eq!(likely_meant("clod", &w), Some("cloud"));
        let w = words(&[("mau", 2), ("wau", 9), ("xau", 1)]);
        assert_eq!(likely_meant("xau", &w), Some("wau"));
    }
}
