//! Quarter ends against the company's fiscal calendar.

use crate::diagnostics::Diagnostics;
use crate::model::{DataFile, Dataset};

/// SPEC 4.2: a quarter's `period_end` should be the one its label implies.
pub fn fiscal_calendar(data: &Dataset, diags: &mut Diagnostics) {
    for e in &data.earnings {
        let Some(company) = data.company(&e.company) else {
            continue;
        };
        let expected = e.fiscal_period.end(company.fiscal_year_end);
        if e.period_end != expected {
            diags.warning(
                DataFile::Earnings,
                Some(e.line),
                Some("period_end"),
                format!(
                    "expected {expected}, the end of {} for a fiscal year ending {}, found \"{}\"",
                    e.fiscal_period, company.fiscal_year_end, e.period_end
                ),
            );
        }
    }
}
