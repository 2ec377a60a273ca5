//! The resolved configuration every stage reads: what the command line asked
//! for, checked once, so that no stage parses arguments or reads the environment.

use std::io::IsTerminal;
use std::path::PathBuf;

use chrono::NaiveDate;

use crate::cli::DataArgs;

#[derive(Clone, Debug)]
pub struct Config {
    pub data_dir: PathBuf,
    /// The as-of day given on the command line; `None` means the data's default.
    pub as_of: Option<NaiveDate>,
    pub strict: bool,
    /// Show a progress bar for long loads: standard error is a terminal and no `-q`.
    pub progress: bool,
    /// Hash every input file (for `metrics.json`); `check` needs no hashes.
    pub hashes: bool,
}

impl Config {
    pub fn from_args(args: &DataArgs) -> Config {
        Config {
            data_dir: args.data.clone(),
            as_of: args.as_of,
            strict: args.strict,
            progress: std::io::stderr().is_terminal(),
            hashes: true,
        }
    }
}
