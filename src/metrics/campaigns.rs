//! Campaign metrics: spend per order and per unit, converted at the campaign's
//! end, in currency units (spend is in millions).

use super::inputs::Inputs;
use super::row::Rows;
use crate::model::{Metric, Period};

pub fn rows(ctx: &Inputs, out: &mut Rows) {
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
            Metric::CampaignSpendPerOrderConv,
            &c.id,
            None,
            Period::None,
            per(c.orders),
            ctx.unit(Metric::CampaignSpendPerOrderConv),
            [c.source.as_str()],
        );
        out.push(
            Metric::CampaignSpendPerUnitConv,
            &c.id,
            None,
            Period::None,
            per(c.units),
            ctx.unit(Metric::CampaignSpendPerUnitConv),
            [c.source.as_str()],
        );
    }
}
