//! How to load the data folder: the choices the commands make.

use super::users_csv::Split;

/// How to load: a progress bar for long loads, whether to hash each file, and
/// how to split a large users.csv among workers.
#[derive(Clone, Copy, Debug)]
pub struct Options {
    pub progress: bool,
    pub hashes: bool,
    pub split: Split,
}
