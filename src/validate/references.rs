//! SPEC 3: references that must resolve. Every `company`, `product` and
//! `source` cell names a row of the file it points into.

use std::collections::HashSet;

use crate::diagnostics::Diagnostics;
use crate::model::{DataFile, Dataset, Table};

/// The ids each reference may point at. Ids of rows that were rejected for
/// their own cells count as known, so one bad row does not cascade.
pub struct References<'d> {
    /// `None` when the file could not be read: its absence is reported once, not
    /// at every row that refers to it.
    companies: Option<HashSet<&'d str>>,
    products: Option<HashSet<&'d str>>,
    sources: Option<HashSet<&'d str>>,
}

impl<'d> References<'d> {
    pub fn new(data: &'d Dataset) -> References<'d> {
        let ids = |file: DataFile, loaded: Vec<&'d str>| -> Option<HashSet<&'d str>> {
            if data.unreadable.contains(&file) {
                return None;
            }
            let rejected = data
                .rejected_ids
                .iter()
                .filter(move |(f, _)| *f == file)
                .map(|(_, id)| id.as_str());
            Some(loaded.into_iter().chain(rejected).collect())
        };
        References {
            companies: ids(
                DataFile::Companies,
                data.companies.iter().map(|c| c.id.as_str()).collect(),
            ),
            products: ids(
                DataFile::Products,
                data.products.iter().map(|p| p.id.as_str()).collect(),
            ),
            sources: ids(
                DataFile::Sources,
                data.sources.iter().map(|s| s.id.as_str()).collect(),
            ),
        }
    }

    /// The ids of `target`, or `None` when the file could not be read.
    fn ids(&self, target: DataFile) -> &Option<HashSet<&'d str>> {
        match target {
            DataFile::Companies => &self.companies,
            DataFile::Products => &self.products,
            _ => &self.sources,
        }
    }

    /// Checks the references of every row of one file.
    pub fn rows(&self, diags: &mut Diagnostics, table: &dyn Table) {
        for (line, references) in table.references() {
            for r in references {
                self.check(diags, table.file(), line, r.column, r.target, r.id);
            }
        }
    }

    /// `unknown company "x" (not an id in companies.csv)`, in the referring column.
    pub fn check(
        &self,
        diags: &mut Diagnostics,
        file: DataFile,
        line: u64,
        column: &str,
        target: DataFile,
        id: &str,
    ) {
        if self
            .ids(target)
            .as_ref()
            .is_some_and(|set| !set.contains(id))
        {
            let noun = match target {
                DataFile::Companies => "company",
                DataFile::Products => "product",
                _ => "source",
            };
            diags.error(
                file,
                Some(line),
                Some(column),
                format!("unknown {noun} {id:?} (not an id in {target})"),
            );
        }
    }
}

/// Users references are checked once per distinct id, then reported per row.
pub fn user_references(data: &Dataset, refs: &References, diags: &mut Diagnostics) {
    let users = &data.users;
    let product_known: Vec<bool> = users
        .products
        .iter()
        .map(|p| {
            refs.products
                .as_ref()
                .is_none_or(|set| set.contains(p.as_str()))
        })
        .collect();
    let source_known: Vec<bool> = users
        .sources
        .iter()
        .map(|s| {
            refs.sources
                .as_ref()
                .is_none_or(|set| set.contains(s.as_str()))
        })
        .collect();
    if product_known.iter().all(|k| *k) && source_known.iter().all(|k| *k) {
        return;
    }
    let mut report = |line: u64, product: Option<u32>, source: Option<u32>| {
        if let Some(p) = product.map(|p| p as usize).filter(|p| !product_known[*p]) {
            let id = &users.products[p];
            refs.check(diags, users.file, line, "product", DataFile::Products, id);
        }
        if let Some(s) = source.map(|s| s as usize).filter(|s| !source_known[*s]) {
            let id = &users.sources[s];
            refs.check(diags, users.file, line, "source", DataFile::Sources, id);
        }
    };
    for i in 0..users.len() {
        report(users.line[i], Some(users.product[i]), Some(users.source[i]));
    }
    let rejected = &users.rejected;
    for i in 0..rejected.line.len() {
        report(rejected.line[i], rejected.product[i], rejected.source[i]);
    }
}
