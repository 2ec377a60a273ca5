//! Frictionless Data Packages (`datapackage.json`): the report's, describing
//! the CSV files `build` writes, and the data folder's, which `aimarket schema`
//! prints so that any Frictionless tool can check the input files.

mod descriptor;
mod inputs;
mod reference;
mod report;
mod words;

pub use descriptor::{Field, ForeignKey, Package, Reference, Resource, Schema, Source, Type};
pub use inputs::{of_data, resource_name};
pub use reference::{data_files_markdown, metrics_markdown};
pub use report::of_report;

/// The report's package file, in the report folder.
pub const FILE: &str = "datapackage.json";
