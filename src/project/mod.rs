//! `aimarket.toml`, the project file: what a data repository says about its
//! report (title, focus, sections, ...) and where its folders are, so that a
//! plain `aimarket build` in it needs no flags. Every key is optional and every
//! flag of the command line wins over it (`config.rs` merges the two).
//!
//! This module only checks the file's text (`parse.rs`), into the settings of
//! `settings.rs`. A problem is reported the way a problem in the data is,
//! `error: aimarket.toml:LINE: KEY: what was wrong, what was expected`, with
//! the line worked out from the byte offsets `toml` gives for its own errors
//! and for every value (`problems.rs`).

mod entries;
mod parse;
mod problems;
mod settings;

pub use parse::{parse, title_flag, web_address_problem};
pub use problems::InvalidProject;
pub use settings::{Focus, Project, FILE_NAME, KEYS, MAX_TOP_PRODUCTS};
