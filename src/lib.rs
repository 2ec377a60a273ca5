//! aimarket: a folder of CSV files about the AI market in; checked metrics,
//! charts and a static HTML report out.
//!
//! The modules are listed in the order the pipeline runs, then those that
//! serve several stages. `pipeline` strings the stages together for each
//! command.

/// The command line, as clap parses it.
pub mod cli;

/// The project file, aimarket.toml, checked.
pub mod project;

/// Everything a run needs, resolved once from the command line and the
/// project file.
pub mod config;

/// The typed rows of the data files, the users table and the data folder.
pub mod model;

/// Reading the data folder: per-cell checks, a diagnostic for every bad cell.
pub mod load;

/// Checks across rows and files: references, keys, overlaps, calendars.
pub(crate) mod validate;

/// Load and validate together, as every command starts.
pub mod checked;

/// The metrics of SPEC section 5, and the claims tested against them.
pub mod metrics;

/// Charts of the metrics, drawn as SVG (and PNG) with their data tables.
pub mod charts;

/// The HTML report: its sentences, sections and templates.
pub mod report;

/// Data Packages describing the report's CSV files and the data folder's.
pub mod package;

/// Writing the report folder: staged, checked, swapped in whole.
pub(crate) mod output;

/// Two built reports compared by their metrics.json.
pub mod diff;

/// Each command as a flat list of the stages above.
pub mod pipeline;

/// `serve`: the report built in memory, served, rebuilt on change.
pub mod serve;

/// `init`: a new data repository, ready for `check` and `build`.
pub(crate) mod init;

/// Panics caught and turned into errors: a corrupt file or a bug never
/// crashes a command.
pub mod panics;

/// Problems found in the data, counted, ordered and shown.
pub mod diagnostics;

/// Fiscal quarters, calendar arithmetic and dates.
pub(crate) mod periods;

/// Currency conversion at the rates of `fx.csv`.
pub(crate) mod fx;

/// Every number written for people.
pub(crate) mod format;

/// Every name and date written for people (SPEC 6.1).
pub(crate) mod names;

/// A target's qualifier, measure and day in words, for every place that names it.
pub(crate) mod target_words;

/// Text made safe inside XML and HTML.
pub(crate) mod xml;

/// Who stands behind each source: the original publisher, for source lines.
pub(crate) mod publishers;

/// Stage timings and the load progress bar.
pub(crate) mod progress;

/// Writing to standard output and standard error, and failing cleanly.
pub mod streams;
