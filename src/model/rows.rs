//! What a typed row knows beyond its cells. The rows themselves are declared
//! in `tables.rs`; every row keeps the physical line where its record starts,
//! so that any later rule can point at it.

use super::declared::Earnings;
use super::period::Period;

impl Earnings {
    /// The fiscal quarter of the row, as metric rows name their period.
    pub fn period(&self) -> Period {
        Period::Quarter {
            label: self.fiscal_period,
            end: self.period_end,
        }
    }
}
