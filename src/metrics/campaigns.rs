//! Campaign metrics: spend per order and per unit, converted at the campaign's
//! end, in currency units (spend is in millions).

use super::{Inputs, Rows};

pub fn rows(ctx: &Inputs, out: &mut Rows) {
    let unit = ctx.currency.to_string();
    for c in &ctx.data.campaigns {
        // Nothing to divide by: no conversion, so no rate is needed.
        if c.orders.is_none() && c.units.is_none() {
            continue;
        }
        let spend = ctx
            .fx
            .convert(c.spend, c.currency, ctx.currency, c.end)
            .map(|millions| millions * 1e6);
        let per = |count: Option<f64>| match (spend, count) {
            (Some(spend), Some(count)) if count != 0.0 => Some(spend / count),
            _ => None,
        };
        out.push(
            "campaign_spend_per_order_conv",
            &c.id,
            None,
            None,
            per(c.orders),
            &unit,
            [c.source.as_str()],
        );
        out.push(
            "campaign_spend_per_unit_conv",
            &c.id,
            None,
            None,
            per(c.units),
            &unit,
            [c.source.as_str()],
        );
    }
}
