//! The cells of a row that name a row of another file: a `company`, `product`
//! or `source` id, and a source's `based_on` ids.
//!
//! Each row type lists its own references here, once, so that validation checks
//! the same cells of a row that was kept and of a row rejected for its other
//! cells (whose references the loader keeps as `RejectedReference`s): every
//! problem of a row is reported, not only those of the cells that were read first.

use super::files::DataFile;
use super::rows::{Campaign, Capex, Earnings, Event, Product, Source, StackEntry, Target};
use super::rows::{Claim, Company, FxRate};

/// One cell naming a row of `target` by its id.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Reference<'a> {
    pub column: &'static str,
    pub target: DataFile,
    pub id: &'a str,
}

/// A reference of a row that was rejected for its other cells.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RejectedReference {
    pub file: DataFile,
    pub line: u64,
    pub column: &'static str,
    pub target: DataFile,
    pub id: String,
}

/// A row that may name rows of other files.
pub trait Refers {
    /// The physical line where the row starts.
    fn line(&self) -> u64;

    /// Its references, in column order; an optional cell left empty is none.
    fn references(&self) -> Vec<Reference<'_>>;
}

fn company(id: &str) -> Reference<'_> {
    Reference {
        column: "company",
        target: DataFile::Companies,
        id,
    }
}

fn product(id: &str) -> Reference<'_> {
    Reference {
        column: "product",
        target: DataFile::Products,
        id,
    }
}

fn source(id: &str) -> Reference<'_> {
    Reference {
        column: "source",
        target: DataFile::Sources,
        id,
    }
}

/// `refers!(Type: row => [references])` implements `Refers` for a row type.
macro_rules! refers {
    ($($row_type:ty: $row:ident => $refs:expr;)+) => {
        $(impl Refers for $row_type {
            fn line(&self) -> u64 {
                self.line
            }

            fn references(&self) -> Vec<Reference<'_>> {
                let $row = self;
                $refs
            }
        })+
    };
}

refers! {
    Source: s => s
        .based_on
        .iter()
        .map(|id| Reference { column: "based_on", target: DataFile::Sources, id })
        .collect();
    Company: _c => Vec::new();
    Product: p => vec![company(&p.company)];
    Earnings: e => vec![company(&e.company), source(&e.source)];
    Capex: c => vec![company(&c.company), source(&c.source)];
    Target: t => vec![company(&t.company), source(&t.source)];
    Campaign: c => {
        let mut refs = vec![company(&c.company)];
        refs.extend(c.product.as_deref().map(product));
        refs.push(source(&c.source));
        refs
    };
    Event: e => e.company.as_deref().map(company).into_iter().chain([source(&e.source)]).collect();
    StackEntry: s => s.company.as_deref().map(company).into_iter().collect();
    FxRate: _r => Vec::new();
    Claim: c => vec![source(&c.source)];
}
