//! Capex periods that must not overlap.

use std::collections::HashSet;

use crate::diagnostics::Diagnostics;
use crate::model::{DataFile, Dataset};

/// Periods of one company and kind must not overlap; reported at the later row.
pub fn capex_overlaps(data: &Dataset, duplicates: &HashSet<u64>, diags: &mut Diagnostics) {
    let rows: Vec<_> = data
        .capex
        .iter()
        .filter(|c| !duplicates.contains(&c.line))
        .collect();
    for (i, later) in rows.iter().enumerate() {
        let earlier = rows[..i].iter().find(|e| {
            e.company == later.company
                && e.kind == later.kind
                && e.period_start <= later.period_end
                && later.period_start <= e.period_end
        });
        if let Some(e) = earlier {
            diags.error(
                DataFile::Capex,
                Some(later.line),
                None,
                format!(
                    "period {} ({} to {}) overlaps {} ({} to {}) at line {} for the same company and kind",
                    later.period, later.period_start, later.period_end, e.period, e.period_start, e.period_end, e.line
                ),
            );
        }
    }
}
