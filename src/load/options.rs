//! How to load the data folder: the choices the commands make.

/// How to load: a progress bar for long loads, whether to hash each file, and
/// how to split a large users.csv among workers.
#[derive(Clone, Copy, Debug)]
pub struct Options {
    pub progress: bool,
    pub hashes: bool,
    pub split: Split,
}

/// From which size users.csv is read in parallel chunks, and by how many workers
/// (one reader whatever the size when `workers` is 1).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Split {
    pub from_bytes: u64,
    pub workers: usize,
}
