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
use crate::model::{Campaign, Choice, Metric, Qualifier, Unit};
use crate::names;

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
    // A qualified spend goes with the campaign's name, so every bar's words
    // (its tooltip and the description) carry it.
    let categories: Vec<String> = ids
        .iter()
        .map(|id| campaign(id).map_or(id.to_string(), category))
        .collect();
    let mut series = Vec::new();
    let mut table = DataTable::with_units(&["campaign", "per", "value", "qualifier"]);
    // Two measures of every campaign, whoever ran it: greys, no company's colour.
    for (label, map, shade) in [
        ("Per order", &per_order, theme::grey(0)),
        ("Per unit", &per_unit, theme::grey(2)),
    ] {
        for (id, v) in map {
            let qualifier = campaign(id).map_or(Qualifier::Exact, |c| c.qualifier);
            let row = vec![
                Cell::text(*id),
                Cell::text(label.to_lowercase()),
                Cell::number(*v, unit),
                Cell::text(qualifier.name()),
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
            "{} cost {}{} per order",
            theme::clean(&c.name),
            names::qualifier_words(c.qualifier),
            format::in_unit(*v, unit)
        ),
        _ => "Campaign cost per order and per unit".into(),
    };
    let drawn: Vec<&Campaign> = ids.iter().filter_map(|id| campaign(id)).collect();
    let sources: BTreeSet<String> = drawn.iter().map(|c| c.source.clone()).collect();
    let mut notes = bound_notes(&drawn, [&per_order, &per_unit], unit);
    if all.len() > ids.len() {
        notes.push(format!(
            "{} of the {} campaigns are drawn: those that ended last, and of those ending on the \
                 same day the first by id; the data file has them all",
            ids.len(),
            format::number(all.len() as f64, 0)
        ));
    }
    let note = notes.join(". ");
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

/// A campaign as a bar's category: its name, with its spend when the data
/// qualifies it: "Spring sale (spend at least RMB 3.0M)".
fn category(c: &Campaign) -> String {
    match c.qualifier {
        Qualifier::Exact => c.name.clone(),
        q => format!("{} (spend {})", c.name, spend_words(c, q)),
    }
}

/// "at least RMB 3.0B": a campaign's spend with its qualifier.
fn spend_words(c: &Campaign, q: Qualifier) -> String {
    format!(
        "{}{}",
        names::qualifier_words(q),
        format::money_mn(c.spend, c.currency.as_str())
    )
}

/// The note of each drawn campaign whose spend is qualified.
fn bound_notes(
    drawn: &[&Campaign],
    [per_order, per_unit]: [&BTreeMap<&str, f64>; 2],
    unit: Unit,
) -> Vec<String> {
    drawn
        .iter()
        .filter_map(|c| {
            let id = c.id.as_str();
            bound_note(
                c,
                [("order", per_order.get(id)), ("unit", per_unit.get(id))],
                unit,
            )
        })
        .collect()
}

/// What a qualified spend does to the costs worked out from it: "Spring
/// sale's spend is at least RMB 3.0M, so it cost at least $0.45 per order".
/// None for an exact spend.
fn bound_note(c: &Campaign, costs: [(&str, Option<&f64>); 2], unit: Unit) -> Option<String> {
    if c.qualifier == Qualifier::Exact {
        return None;
    }
    let words = names::qualifier_words(c.qualifier);
    let each: Vec<String> = costs
        .iter()
        .filter_map(|(per, v)| v.map(|v| format!("{words}{} per {per}", format::in_unit(*v, unit))))
        .collect();
    Some(format!(
        "{}'s spend is {}, so it cost {}",
        c.name,
        spend_words(c, c.qualifier),
        names::list(&each)
    ))
}
