//! What a column of a data file is (SPEC section 3): its name, whether it is
//! required, and what its cells hold. Each file declares its columns once,
//! in `tables.rs`.

use super::files::DataFile;
use super::values::Choice;

/// The lower bound a number must respect.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bound {
    Any,
    NonNegative,
    Positive,
}

impl Bound {
    /// What a message says the cell should have held.
    pub fn expectation(self) -> &'static str {
        match self {
            Bound::Any => "a number",
            Bound::NonNegative => "a number >= 0",
            Bound::Positive => "a number > 0",
        }
    }

    /// Whether `value` respects the bound.
    pub fn admits(self, value: f64) -> bool {
        match self {
            Bound::Any => true,
            Bound::NonNegative => value >= 0.0,
            Bound::Positive => value > 0.0,
        }
    }
}

/// What the cells of a column hold.
#[derive(Clone, Copy, Debug)]
pub enum Kind {
    /// A slug `[a-z0-9][a-z0-9_-]*`.
    Slug,
    /// A slug naming a row of the file by its `id`.
    Ref(DataFile),
    /// Slugs separated by `;`, each naming a row of the file by its `id`.
    RefList(DataFile),
    /// Free text on one line.
    Text,
    /// Free text that may run over several lines.
    Prose,
    /// `YYYY-MM-DD`, a day that exists.
    Date,
    /// A plain decimal within the bound, in the unit given in words.
    Number(Bound, &'static str),
    /// One of a closed set of words (an empty cell aside).
    Choice(fn() -> Vec<&'static str>),
    /// An ISO 4217 code.
    Currency,
    /// An ISO 3166 alpha-2 code.
    Country,
    /// A fiscal quarter `FY2026Q3`.
    FiscalQuarter,
    /// A month end `MM-DD`.
    MonthDay,
    /// An `http://` or `https://` address.
    Url,
    /// A colour `#RRGGBB`.
    Color,
}

/// The words of a closed set, as the data writes them.
pub fn choice_names<T: Choice>() -> Vec<&'static str> {
    T::ALL
        .iter()
        .map(|(name, _)| *name)
        .filter(|name| !name.is_empty())
        .collect()
}

#[derive(Clone, Copy, Debug)]
pub struct Column {
    pub name: &'static str,
    pub required: bool,
    pub kind: Kind,
    /// What the column holds beyond its kind, in words (its declaration's
    /// doc comment), for `docs/data-files.md`.
    pub doc: &'static [&'static str],
}

impl Column {
    pub const fn req(name: &'static str, kind: Kind) -> Column {
        Column {
            name,
            required: true,
            kind,
            doc: &[],
        }
    }

    pub const fn opt(name: &'static str, kind: Kind) -> Column {
        Column {
            name,
            required: false,
            kind,
            doc: &[],
        }
    }

    pub const fn doc(self, doc: &'static [&'static str]) -> Column {
        Column { doc, ..self }
    }

    /// Its doc comment as one paragraph (empty when it has none).
    pub fn doc_words(&self) -> String {
        let lines: Vec<&str> = self.doc.iter().map(|line| line.trim()).collect();
        lines.join(" ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Bloc, Qualifier};

    #[test]
    fn every_file_has_its_required_columns_and_a_key_of_them() {
        for file in DataFile::ALL {
            let required: Vec<&str> = file
                .columns()
                .iter()
                .filter(|c| c.required)
                .map(|c| c.name)
                .collect();
            assert!(!required.is_empty(), "{file}");
            assert!(file.key().iter().all(|k| required.contains(k)), "{file}");
        }
    }

    #[test]
    fn choices_list_the_words_of_the_data_without_the_empty_one() {
        assert_eq!(
            choice_names::<Qualifier>(),
            ["at_least", "more_than", "approx"]
        );
        assert_eq!(choice_names::<Bloc>(), ["western", "china"]);
    }
}
