//! Users metrics, per product and users metric: the latest value, its change
//! from the previous observation, and the compound monthly growth since the
//! earliest. One pass over the table in (product, metric, date) order: each
//! series is a contiguous run, so only its first, second-to-last and last rows
//! matter, whatever the number of rows.

use super::inputs::Inputs;
use super::row::{growth_pct, Rows};
use crate::model::{Metric, Period};
use crate::periods::days_between;

/// The average month: 365.25 / 12 days.
const DAYS_PER_MONTH: f64 = 30.4375;

pub fn rows(ctx: &Inputs, out: &mut Rows) {
    let users = &ctx.data.users;
    for run in users.series() {
        let (first, last) = (run[0] as usize, run[run.len() - 1] as usize);
        let product = &users.products[users.product[last] as usize];
        let metric = &users.metrics[users.metric[last] as usize];
        let date = Period::Date(users.date[last]);
        let latest = users.value[last];
        let source = |row: usize| users.sources[users.source[row] as usize].as_str();
        let push = |out: &mut Rows, name: Metric, value, other: usize| {
            out.push(
                name,
                product,
                Some(metric),
                date.clone(),
                value,
                ctx.unit(name),
                [source(last), source(other)],
            );
        };
        push(out, Metric::UsersLatest, Some(latest), last);
        if run.len() < 2 {
            continue;
        }
        let before = run[run.len() - 2] as usize;
        let previous = users.value[before];
        push(
            out,
            Metric::UsersChangePct,
            growth_pct(latest, previous),
            before,
        );
        let months = days_between(users.date[first], users.date[last]) as f64 / DAYS_PER_MONTH;
        let earliest = users.value[first];
        let cmgr = (earliest > 0.0 && months > 0.0)
            .then(|| ((latest / earliest).powf(1.0 / months) - 1.0) * 100.0);
        push(out, Metric::UsersCmgrPct, cmgr, first);
    }
}
