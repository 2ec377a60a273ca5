//! aimarket: a folder of CSV files about the AI market in; checked metrics,
//! charts and a static HTML report out.
//!
//! The pipeline runs one way: `load` -> `validate` -> metrics -> charts -> report.
//! `pipeline` strings the stages together for each command.

pub mod charts;
pub mod checked;
pub mod cli;
pub mod config;
pub mod diagnostics;
pub mod format;
pub mod fx;
pub mod load;
pub mod metrics;
pub mod model;
pub mod names;
pub mod output;
pub mod periods;
pub mod pipeline;
pub mod progress;
pub mod report;
pub mod streams;
pub mod validate;
