//! What every family of metrics reads: the data, the rates and the currency of
//! converted figures.

use chrono::NaiveDate;

use crate::fx::Fx;
use crate::model::{Currency, Dataset, Metric, Unit};

pub struct Inputs<'a> {
    pub data: &'a Dataset,
    pub fx: &'a Fx,
    /// The currency of converted figures (`--currency`).
    pub currency: Currency,
    pub as_of: Option<NaiveDate>,
}

impl Inputs<'_> {
    /// The unit of a metric's rows, money in the currency of converted figures.
    pub fn unit(&self, metric: Metric) -> Unit {
        metric.unit(self.currency)
    }
}
