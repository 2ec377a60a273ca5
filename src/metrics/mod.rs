//! The metrics of SPEC section 5, computed from the validated, as-of-filtered data.
//!
//! Each family of metrics lives in its own file and appends rows (`row.rs`);
//! `computed.rs` holds the result and its lookups, `claims.rs` the claims check
//! (5.1). A metric whose inputs are absent has no row; a value that is not
//! finite (a division by zero, say) never becomes a row.

mod campaigns;
mod capex;
mod claim;
mod claims;
mod computed;
mod earnings;
mod footing;
mod inputs;
pub mod print;
mod row;
mod stack;
mod targets;
mod users;

use chrono::NaiveDate;

use inputs::Inputs;
use row::Rows;

use crate::diagnostics::Diagnostics;
use crate::fx::Fx;
use crate::model::{Currency, Dataset};

pub use capex::{bloc_years, year_allocations, BlocYear};
pub use claim::{ClaimResult, NativeFigure, Verdict};
pub use computed::Metrics;
pub use footing::{sum_qualifier, CompanyFooting, Footing};
pub use row::MetricRow;
pub use targets::{achieved, elapsed_pct};

/// Computes every metric and checks every claim. Conversions that needed a
/// missing rate become warnings in `diags`.
pub fn compute(
    data: &Dataset,
    currency: Currency,
    as_of: Option<NaiveDate>,
    diags: &mut Diagnostics,
) -> Metrics {
    let fx = Fx::new(&data.fx);
    let ctx = Inputs {
        data,
        fx: &fx,
        currency,
        as_of,
    };
    let mut rows = Rows::default();
    earnings::rows(&ctx, &mut rows);
    capex::rows(&ctx, &mut rows);
    targets::rows(&ctx, &mut rows);
    users::rows(&ctx, &mut rows);
    campaigns::rows(&ctx, &mut rows);
    stack::rows(&ctx, &mut rows);
    fx.report_missing(diags);

    let mut inputs = data.inputs.clone();
    inputs.sort_by(|a, b| a.name.cmp(&b.name));
    let mut metrics = Metrics::new(as_of, currency, inputs, rows.sorted(), fx);
    // A claim about a converted money figure states it in US dollars, so it is
    // tested in dollars whatever the report's currency: a verdict never
    // depends on how the report shows money.
    let in_dollars = data
        .claims
        .iter()
        .any(|c| c.metric.unit(Currency::USD) != c.metric.unit(currency))
        .then(|| compute(data, Currency::USD, as_of, &mut Diagnostics::new(false)));
    metrics.claims = claims::check(data, &metrics, in_dollars.as_ref());
    metrics
}
