//! The campaign chart: what each campaign's spend came to per order and per
//! unit, converted at its end.

use std::collections::{BTreeMap, BTreeSet};

use plotters::style::RGBColor;

use super::chart::{Built, Chart, Section};
use super::draw::theme;
use super::draw::{BarFigure, Bars, Figure, Plot};
use super::inputs::Inputs;
use super::table::{Cell, DataTable};
use super::words::{describe_bars, source_line};
use crate::format;
use crate::model::{Campaign, Metric, Qualifier, Unit};
use crate::names;

/// Campaigns the cost chart draws: those that ended last.
const MAX_CAMPAIGNS: usize = 12;

/// What the campaign chart draws: each campaign's spend per order and per
/// unit, and the campaigns drawn.
struct Costs<'a> {
    per_order: BTreeMap<&'a str, f64>,
    per_unit: BTreeMap<&'a str, f64>,
    campaigns: BTreeMap<&'a str, &'a Campaign>,
    /// Campaigns with a cost.
    all: usize,
    /// The campaigns that ended last (ties by id), in id order.
    drawn: Vec<&'a str>,
    unit: Unit,
}

impl<'a> Costs<'a> {
    /// None when no campaign has a cost.
    fn of(inputs: &'a Inputs) -> Option<Costs<'a>> {
        let of_metric = |metric: Metric| -> BTreeMap<&'a str, f64> {
            inputs
                .rows(metric)
                .map(|r| (r.subject.as_str(), r.value))
                .collect()
        };
        let per_order = of_metric(Metric::CampaignSpendPerOrderConv);
        let per_unit = of_metric(Metric::CampaignSpendPerUnitConv);
        let all: BTreeSet<&str> = per_order.keys().chain(per_unit.keys()).copied().collect();
        if all.is_empty() {
            return None;
        }
        let campaigns: BTreeMap<&str, &Campaign> = inputs
            .data
            .campaigns
            .iter()
            .map(|c| (c.id.as_str(), c))
            .collect();
        let mut drawn: Vec<&str> = all.iter().copied().collect();
        drawn.sort_by_key(|id| std::cmp::Reverse(campaigns.get(id).map(|c| c.end)));
        drawn.truncate(MAX_CAMPAIGNS);
        drawn.sort_unstable();
        Some(Costs {
            per_order,
            per_unit,
            campaigns,
            all: all.len(),
            drawn,
            unit: inputs.metrics.unit(Metric::CampaignSpendPerOrderConv),
        })
    }

    fn campaign(&self, id: &str) -> Option<&'a Campaign> {
        self.campaigns.get(id).copied()
    }

    /// The two measures of every campaign, whoever ran it: greys, no
    /// company's colour.
    fn measures(&self) -> [(&'static str, &BTreeMap<&'a str, f64>, RGBColor); 2] {
        [
            ("Per order", &self.per_order, theme::grey(0)),
            ("Per unit", &self.per_unit, theme::grey(2)),
        ]
    }
}

pub fn campaign_cost(inputs: &Inputs) -> Built {
    let Some(costs) = Costs::of(inputs) else {
        return Ok(Vec::new());
    };
    let unit = costs.unit;
    // A qualified spend goes with the campaign's name, so every bar's words
    // (its tooltip and the description) carry it.
    let categories: Vec<String> = costs
        .drawn
        .iter()
        .map(|id| costs.campaign(id).map_or(id.to_string(), category))
        .collect();
    let series = cost_bars(&costs);
    let drawn: Vec<&Campaign> = costs
        .drawn
        .iter()
        .filter_map(|id| costs.campaign(id))
        .collect();
    let sources: BTreeSet<String> = drawn.iter().map(|c| c.source.clone()).collect();
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
            title: cost_title(&costs),
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
        table: cost_table(&costs),
        sources,
        note: cost_note(&costs, &drawn),
    }])
}

/// A series per measure with a value for some campaign drawn, a bar per campaign.
fn cost_bars(costs: &Costs) -> Vec<Bars> {
    costs
        .measures()
        .into_iter()
        .filter_map(|(label, map, color)| {
            let values: Vec<Option<f64>> =
                costs.drawn.iter().map(|id| map.get(id).copied()).collect();
            values.iter().any(Option::is_some).then(|| Bars {
                label: label.into(),
                color,
                values,
            })
        })
        .collect()
}

/// Every campaign's cost per order, then per unit, with its qualifier; those
/// drawn marked so.
fn cost_table(costs: &Costs) -> DataTable {
    let mut table = DataTable::with_units(&["campaign", "per", "value", "qualifier"]);
    for (label, map, _) in costs.measures() {
        for (id, v) in map {
            let campaign = costs.campaign(id);
            let qualifier = campaign.map_or(Qualifier::Exact, |c| c.qualifier);
            let row = vec![
                Cell::named(*id, campaign.map_or(*id, |c| c.name.as_str())),
                Cell::text(label.to_lowercase()),
                Cell::number(*v, costs.unit),
                Cell::qualifier(qualifier),
            ];
            table.push_drawn(costs.drawn.contains(id), row);
        }
    }
    table
}

/// "Spring sale cost at least $0.45 per order": the first campaign drawn.
fn cost_title(costs: &Costs) -> String {
    let id = costs.drawn[0];
    match (costs.campaign(id), costs.per_order.get(id)) {
        (Some(c), Some(v)) => format!(
            "{} cost {}{} per order",
            theme::clean(&c.name),
            names::qualifier_words(c.qualifier),
            format::in_unit(*v, costs.unit)
        ),
        _ => "Campaign cost per order and per unit".into(),
    }
}

/// What each qualified spend does to its costs, and which campaigns are drawn
/// when not all are.
fn cost_note(costs: &Costs, drawn: &[&Campaign]) -> String {
    let mut notes = bound_notes(drawn, [&costs.per_order, &costs.per_unit], costs.unit);
    if costs.all > costs.drawn.len() {
        notes.push(format!(
            "{} of the {} campaigns are drawn: those that ended last, and of those ending on the \
                 same day the first by id; the data file has them all",
            costs.drawn.len(),
            format::number(costs.all as f64, 0)
        ));
    }
    notes.join(". ")
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
        "{} spend is {}, so it cost {}",
        names::possessive(&c.name),
        spend_words(c, c.qualifier),
        names::list(&each)
    ))
}
