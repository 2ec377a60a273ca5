//! Problems found in the data: collected, capped per file, and printed.
//!
//! A problem in the data is not an error of the program. Every stage pushes
//! `Diagnostic`s into one `Diagnostics` collector and keeps going; the pipeline
//! decides the exit status at the end. The collector keeps, per file and per
//! severity, only the first `CAP_PER_FILE` problems by line (a bounded heap, so
//! a file with millions of bad rows costs no more memory than one with fifty)
//! and counts the rest for the `... and N more in FILE` line.

mod collector;
mod columns;
mod github;
mod render;
#[cfg(test)]
mod tests;

pub use collector::{Diagnostic, Diagnostics, Severity, CAP_PER_FILE};
pub use render::{display_path, printable};
