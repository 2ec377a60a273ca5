//! The vocabulary of the program: the typed rows of each data file, the values
//! their cells hold, the columnar users table (it may hold millions of rows)
//! and the loaded data folder as a whole, with the questions asked of it as a
//! whole (its default as-of day, a source's lineage). The stages that read,
//! check and compute from them live in their own modules.

mod citing;
mod columns;
mod dataset;
mod declared;
mod files;
mod interner;
mod metric;
mod period;
mod references;
mod rows;
mod section;
mod series_order;
mod tables;
mod unit;
mod users;
mod values;

pub use citing::CitingLines;
pub use columns::{choice_names, Bound, Column, Kind};
pub use dataset::{Dataset, InputFile};
pub use declared::{
    Campaign, Capex, Claim, Company, Declared, Earnings, Event, FxRate, Ids, Product, Source,
    StackEntry, Table, Target,
};
pub use files::DataFile;
pub use interner::Interner;
pub use metric::{Definition, Metric, UnitKind};
pub use period::{Period, PeriodKey, PeriodKind};
pub use references::{Reference, RejectedReference};
pub use section::ReportSection;
pub(crate) use tables::data_files;
pub use unit::Unit;
pub use users::{RejectedRows, Repeated, Users};
pub use values::{
    Bloc, CapexBasis, CapexKind, Choice, ClaimQualifier, Color, Currency, EventCategory,
    ProductCategory, Qualifier, TargetKind, TargetMetric,
};
