//! Where each column sits in its file's header, so that a form that wants a
//! column's position (GitHub's `col`) can give it: a diagnostic names its
//! column by the header's name only.

use std::collections::HashMap;

/// Per file, each column name's 1-based position in the header row (its first
/// occurrence, should a name repeat).
#[derive(Clone, Debug, Default)]
pub(super) struct Columns {
    files: HashMap<String, HashMap<String, usize>>,
}

impl Columns {
    pub(super) fn note(&mut self, file: &str, names: &[String]) {
        let positions = self.files.entry(file.to_string()).or_default();
        positions.clear();
        for (index, name) in names.iter().enumerate().rev() {
            positions.insert(name.clone(), index + 1);
        }
    }

    pub(super) fn position(&self, file: &str, column: &str) -> Option<usize> {
        self.files.get(file)?.get(column).copied()
    }

    /// Takes in what another collector noted (the files a part of the run read).
    pub(super) fn absorb(&mut self, other: Columns) {
        self.files.extend(other.files);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_from_one_and_a_repeated_name_keeps_its_first() {
        let mut columns = Columns::default();
        let names = ["date", "value", "date"].map(String::from);
        columns.note("users.csv", &names);
        assert_eq!(columns.position("users.csv", "date"), Some(1));
        assert_eq!(columns.position("users.csv", "value"), Some(2));
        assert_eq!(columns.position("users.csv", "source"), None);
        assert_eq!(columns.position("events.csv", "date"), None);
    }
}
