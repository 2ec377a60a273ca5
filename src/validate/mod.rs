//! Rules that relate rows to each other: references that must resolve, keys that
//! must be unique, capex periods that must not overlap, quarter ends that
//! should match the company's fiscal calendar, and values that look misspelt.
//!
//! `rows` runs on every loaded row (a reference points into files that are never
//! filtered); `sets` runs after the as-of filter, on the rows a report would use.
//! Each rule is in a file of its name: `references.rs`, `lineage.rs`,
//! `calendar.rs`, `keys.rs`, `overlaps.rs` and `typos.rs`.

mod calendar;
mod keys;
mod lineage;
mod overlaps;
mod references;
mod typos;

use crate::diagnostics::Diagnostics;
use crate::model::Dataset;

use calendar::fiscal_calendar;
use keys::duplicate_keys;
use lineage::lineage_cycles;
use overlaps::capex_overlaps;
use references::{user_references, References};
use typos::likely_typos;

/// Checks every row against the dimension files and the fiscal calendar.
pub fn rows(data: &Dataset, diags: &mut Diagnostics) {
    let refs = References::new(data);
    for table in data.tables() {
        refs.rows(diags, table);
    }
    for r in &data.rejected_references {
        refs.check(diags, r.file, r.line, r.column, r.target, &r.id);
    }
    lineage_cycles(data, diags);
    user_references(data, &refs, diags);
    fiscal_calendar(data, diags);
    likely_typos(data, diags);
}

/// Checks keys and overlaps among the rows kept after the as-of filter.
pub fn sets(data: &Dataset, diags: &mut Diagnostics) {
    let capex_duplicates = duplicate_keys(data, diags);
    capex_overlaps(data, &capex_duplicates, diags);
}

#[cfg(test)]
mod tests;
