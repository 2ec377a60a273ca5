//! `aimarket schema`: a Data Package describing the input files of a data
//! folder, from the loader's own table of columns (`model::Column`), so that
//! any Frictionless tool checks a folder by the rules of SPEC section 3 that
//! concern one cell or one file: types, required cells, closed sets, slugs,
//! keys and references between files.

use serde_json::Value;

use super::descriptor::{
    Constraints, Field, ForeignKey, Package, Reference, Resource, Schema, Type,
};
use crate::load::Header;
use crate::model::{Bound, Column, DataFile, Kind};
use crate::periods::PLAUSIBLE_YEARS;

/// An id, as SPEC section 3 writes it.
pub const SLUG: &str = "[a-z0-9][a-z0-9_-]*";

/// The package of the files whose headers are given, paths relative to the
/// data folder. Fields follow each file's own column order; a column aimarket
/// does not read is described as text it ignores.
pub fn of_data(headers: &[Header]) -> Package {
    let present = |file: DataFile| headers.iter().any(|h| h.file == file);
    let resources = headers
        .iter()
        .map(|header| resource(header, &present))
        .collect();
    Package::new(
        "aimarket-data",
        "aimarket data folder",
        "The input files of an aimarket data folder (money in millions of the row's currency, \
         user counts, orders and units as plain counts), as `aimarket schema` describes them.",
        resources,
    )
}

fn resource(header: &Header, present: &dyn Fn(DataFile) -> bool) -> Resource {
    let file = header.file;
    let columns = file.columns();
    let fields = header
        .columns
        .iter()
        .map(|name| match columns.iter().find(|c| c.name == name) {
            Some(column) => field(column),
            None => Field::new(name, Type::String, "Not a column of aimarket (ignored)."),
        })
        .collect();
    let mut schema = Schema::new(fields);
    schema.primary_key = file.key().iter().map(|k| k.to_string()).collect();
    schema.foreign_keys = columns
        .iter()
        .filter(|c| header.columns.iter().any(|h| h == c.name))
        .filter_map(|c| match c.kind {
            Kind::Ref(target) if present(target) => Some(ForeignKey {
                fields: vec![c.name.into()],
                reference: Reference {
                    resource: resource_name(target).into(),
                    fields: vec!["id".into()],
                },
            }),
            _ => None,
        })
        .collect();
    Resource::csv(resource_name(file), file.file_name(), schema)
}

/// `earnings` for `earnings.csv`.
pub fn resource_name(file: DataFile) -> &'static str {
    let name = file.file_name();
    name.split_once('.').map_or(name, |(stem, _)| stem)
}

fn field(column: &Column) -> Field {
    let (kind, words, mut constraints) = describe(column.kind);
    constraints.required = column.required;
    let words = match column.doc_words() {
        doc if doc.is_empty() => words,
        doc => format!("{words} {doc}"),
    };
    let words = if column.required {
        words
    } else {
        format!("{words} Optional: may be empty.")
    };
    Field {
        constraints,
        ..Field::new(column.name, kind, words)
    }
}

fn pattern(pattern: &str) -> Constraints {
    Constraints {
        pattern: Some(pattern.into()),
        ..Constraints::default()
    }
}

/// What a column's cells hold, in words: the field's description.
pub fn cell_words(kind: Kind) -> String {
    describe(kind).1
}

/// The type, the words and the constraints of a column's cells.
fn describe(kind: Kind) -> (Type, String, Constraints) {
    match kind {
        Kind::Slug => (Type::String, format!("A slug {SLUG}."), pattern(SLUG)),
        Kind::Ref(file) => (
            Type::String,
            format!("The id of a row of {file}."),
            pattern(SLUG),
        ),
        Kind::RefList(file) => (
            Type::String,
            format!("Ids of rows of {file}, separated by `;`."),
            pattern(&format!(r"\s*{SLUG}\s*(;\s*{SLUG}\s*)*")),
        ),
        Kind::Text | Kind::Prose => (Type::String, "Text.".into(), Constraints::default()),
        Kind::Date => {
            let (first, last) = (
                format!("{}-01-01", PLAUSIBLE_YEARS.start()),
                format!("{}-12-31", PLAUSIBLE_YEARS.end()),
            );
            (
                Type::Date,
                format!("A day YYYY-MM-DD from {first} to {last}."),
                Constraints {
                    minimum: Some(Value::from(first)),
                    maximum: Some(Value::from(last)),
                    ..Constraints::default()
                },
            )
        }
        Kind::Number(bound, unit) => {
            let minimum = (bound != Bound::Any).then(|| Value::from(0));
            let words = format!("{}, in {unit}.", capitalized(bound.expectation()));
            (
                Type::Number,
                words,
                Constraints {
                    minimum,
                    ..Constraints::default()
                },
            )
        }
        Kind::Choice(names) => {
            let names = names();
            (
                Type::String,
                format!("One of {}.", names.join(", ")),
                Constraints {
                    one_of: names.into_iter().map(String::from).collect(),
                    ..Constraints::default()
                },
            )
        }
        Kind::Currency => patterned("An ISO 4217 currency code.", "[A-Z]{3}"),
        Kind::Country => patterned("An ISO 3166 two-letter country code.", "[A-Z]{2}"),
        Kind::FiscalQuarter => patterned("A fiscal quarter such as FY2026Q3.", "FY[0-9]{4}Q[1-4]"),
        Kind::MonthDay => patterned(
            "The month end MM-DD the fiscal year ends on.",
            "(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])",
        ),
        Kind::Url => patterned("An http:// or https:// address.", r"https?://\S+"),
        Kind::Color => patterned(
            "A colour #RRGGBB: the company's colour in every chart.",
            "#[0-9A-Fa-f]{6}",
        ),
    }
}

/// A text column of a fixed form: its words and its cells' pattern.
fn patterned(words: &str, regex: &str) -> (Type, String, Constraints) {
    (Type::String, words.into(), pattern(regex))
}

fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// As the Frictionless validator applies a pattern: `^PATTERN$`.
    fn matches(kind: Kind, cell: &str) -> bool {
        let pattern = describe(kind).2.pattern.expect("a pattern");
        regex::Regex::new(&format!("^{pattern}$"))
            .unwrap()
            .is_match(cell)
    }

    #[test]
    fn patterns_accept_what_the_loader_accepts_and_refuse_the_rest() {
        let sources = Kind::RefList(DataFile::Sources);
        let cases: [(Kind, &[&str], &[&str]); 9] = [
            (
                Kind::Slug,
                &["alibaba", "fy2026-q3_a", "0"],
                &["Alibaba", "-a", "a b"],
            ),
            (Kind::Ref(DataFile::Companies), &["alibaba"], &["Alibaba"]),
            (
                sources,
                &["a1", "a1;b2", "a1 ; b2"],
                &["a1;", "A1", "a1,b2"],
            ),
            (Kind::Currency, &["USD"], &["usd", "US", "USDX"]),
            (Kind::Country, &["CN"], &["cn", "CHN"]),
            (
                Kind::FiscalQuarter,
                &["FY2026Q3"],
                &["FY2026Q5", "2026Q3", "FY26Q1"],
            ),
            (
                Kind::MonthDay,
                &["03-31", "12-31"],
                &["13-31", "3-31", "03-32"],
            ),
            (
                Kind::Color,
                &["#E69F00", "#e69f00"],
                &["E69F00", "#E69F0", "#E69F000", "orange"],
            ),
            (
                Kind::Url,
                &["https://example.com/a?b=c", "http://x"],
                &["ftp://x", "https://", "https://a b"],
            ),
        ];
        for (kind, good, bad) in cases {
            for cell in good {
                assert!(matches(kind, cell), "{kind:?} refuses {cell:?}");
            }
            for cell in bad {
                assert!(!matches(kind, cell), "{kind:?} accepts {cell:?}");
            }
        }
    }

    #[test]
    fn a_resource_is_named_by_its_file() {
        assert_eq!(resource_name(DataFile::Earnings), "earnings");
        assert_eq!(resource_name(DataFile::Fx), "fx");
    }
}
