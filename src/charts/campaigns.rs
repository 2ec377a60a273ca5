//! The campaign chart: what each campaign's spend came to per order and per
//! unit, converted at its end.

use std::collections::{BTreeMap, BTreeSet};

use super::chart::{Built, Chart, Section};
use super::draw::theme;
use super::draw::{BarFigure, Bars, Figure, Plot};
use super::inputs::Inputs;
use super::table::{Cell, DataTable};
use super::words::{describe_bars, source_line};
use crate::format;
use crate::model::{Campaign, Metric};

/// Campaigns the cost chart draws: those that ended last.
const MAX_CAMPAIGNS: usize = 12;

pub fn campaign_cost(inputs: &Inputs) -> Built {
    let per_order: BTreeMap<&str, f64> = inputs
        .rows(Metric::CampaignSpendPerOrderConv)
        .map(|r| (r.subject.as_str(), r.value))
        .collect();
    let per_unit: BTreeMap<&str, f64> = inputs
        .rows(Metric::CampaignSpendPerUnitConv)
        .map(|r| (r.subject.as_str(), r.value))
        .collect();
    let all: BTreeSet<&str> = per_order.keys().chain(per_unit.keys()).copied().collect();
    if all.is_empty() {
        return Ok(Vec::new());
    }
    let campaigns: BTreeMap<&str, &Campaign> = inputs
        .data
        .campaigns
        .iter()
        .map(|c| (c.id.as_str(), c))
        .collect();
    let campaign = |id: &str| campaigns.get(id).copied();
    // The campaigns that ended last (ties by id), drawn in id order.
    let mut ids: Vec<&str> = all.iter().copied().collect();
    ids.sort_by_key(|id| std::cmp::Reverse(campaign(id).map(|c| c.end)));
    ids.truncate(MAX_CAMPAIGNS);
    ids.sort_unstable();
    let unit = inputs.metrics.unit(Metric::CampaignSpendPerOrderConv);
    let categories: Vec<String> = ids
        .iter()
        .map(|id| campaign(id).map_or(id.to_string(), |c| c.name.clone()))
        .collect();
    let mut series = Vec::new();
    let mut table = DataTable::with_units(&["campaign", "per", "value"]);
    // Two measures of every campaign, whoever ran it: greys, no company's colour.
    for (label, map, shade) in [
        ("Per order", &per_order, theme::grey(0)),
        ("Per unit", &per_unit, theme::grey(2)),
    ] {
        for (id, v) in map {
            let row = vec![
                Cell::text(*id),
                Cell::text(label.to_lowercase()),
                Cell::number(*v, unit),
            ];
            table.push_drawn(ids.contains(id), row);
        }
        let values: Vec<Option<f64>> = ids.iter().map(|id| map.get(id).copied()).collect();
        if values.iter().any(Option::is_some) {
            series.push(Bars {
                label: label.into(),
                color: shade,
                values,
            });
        }
    }
    let id = ids[0];
    let title = match (campaign(id), per_order.get(id)) {
        (Some(c), Some(v)) => format!(
            "{} cost {} per order",
            theme::clean(&c.name),
            format::in_unit(*v, unit)
        ),
        _ => "Campaign cost per order and per unit".into(),
    };
    let sources: BTreeSet<String> = ids
        .iter()
        .filter_map(|id| campaign(id))
        .map(|c| c.source.clone())
        .collect();
    let note = if all.len() > ids.len() {
        format!(
            "{} of the {} campaigns are drawn: those that ended last, and of those ending on the \
                 same day the first by id; the data file has them all",
            ids.len(),
            format::number(all.len() as f64, 0)
        )
    } else {
        String::new()
    };
    Ok(vec![Chart {
        name: "campaign_cost".into(),
        section: Section::Users,
        description: describe_bars(
            "Bar chart of campaign spend per order and per unit",
            unit,
            &categories,
            &series,
        ),
        figure: Figure {
            title,
            subtitle: format!(
                "Campaign spend, {} converted at the campaign's end, per order and per unit",
                inputs.metrics.currency
            ),
            source: source_line(inputs.data, &sources),
            plot: Plot::Bars(BarFigure {
                categories,
                series,
                unit,
            }),
        },
        table,
        sources,
        note,
    }])
}
