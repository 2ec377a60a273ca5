//! The lines of a file that cite one source: the first few, and how many.

/// Kept small whatever the file: the first `SHOWN` lines in order, and a count.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CitingLines {
    pub first: Vec<u64>,
    pub count: usize,
}

impl CitingLines {
    /// How many lines are kept to be shown.
    pub const SHOWN: usize = 8;

    /// Counts `line` and keeps it if it is among the first: lines may come in
    /// any order (users rows come by series).
    pub fn add(&mut self, line: u64) {
        self.count += 1;
        if self.first.len() == Self::SHOWN && line > self.first[Self::SHOWN - 1] {
            return;
        }
        let at = self.first.partition_point(|&l| l < line);
        self.first.insert(at, line);
        self.first.truncate(Self::SHOWN);
    }
}
