//! The vocabulary of the program: the typed rows of each data file, the values
//! their cells hold, the columnar users table (it may hold millions of rows)
//! and the loaded data folder as a whole. Types only; the stages that read and
//! use them live in their own modules.

mod dataset;
mod files;
mod interner;
mod metric;
mod references;
mod rows;
mod series_order;
mod users;
mod values;

pub use dataset::{Dataset, InputFile};
pub use files::DataFile;
pub use interner::Interner;
pub use metric::METRIC_NAMES;
pub use references::{Reference, Refers, RejectedReference};
pub use rows::{
    Campaign, Capex, Claim, Company, Earnings, Event, FxRate, Product, Source, StackEntry, Target,
};
pub use users::{RejectedRows, Users};
pub use values::{
    Bloc, CapexKind, Choice, ClaimQualifier, Currency, EventCategory, ProductCategory, Qualifier,
    TargetKind, TargetMetric,
};
