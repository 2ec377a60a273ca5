//! Stack charts: how many layers of each stack each company appears in, and the
//! players of each bloc in each layer of a stack.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::chart::{Built, Chart, Section};
use super::draw::theme;
use super::draw::{BarFigure, Bars, Figure, Plot};
use super::file_name::FileNames;
use super::inputs::Inputs;
use super::table::{Cell, DataTable};
use super::words::{capitalized, describe_bars, source_line};
use crate::format;
use crate::model::{Bloc, Choice, Metric, Period, Unit};

/// Stacks the coverage chart draws, one bar series each: the first in the data.
const MAX_STACKS: usize = 4;
/// Companies the coverage chart draws: those in the most layers of those stacks.
const MAX_COMPANIES: usize = 12;
/// Layers a stack's chart draws: the first, in the stack's order.
const MAX_LAYERS: usize = 16;

pub fn stack_coverage(inputs: &Inputs) -> Built {
    let rows: Vec<_> = inputs.rows(Metric::CompanyStackLayers).collect();
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    // Stacks where some company appears: the others would have no bar.
    let with_companies: BTreeSet<&str> = rows.iter().filter_map(|r| r.segment.as_deref()).collect();
    let all_stacks: Vec<&str> = inputs
        .data
        .stack_names()
        .into_iter()
        .filter(|s| with_companies.contains(s))
        .collect();
    let stacks = &all_stacks[..all_stacks.len().min(MAX_STACKS)];
    let in_drawn_stack = |stack: Option<&str>| stack.is_some_and(|s| stacks.contains(&s));
    // Companies by their layers in the stacks drawn, most first, ties by id.
    let mut totals: BTreeMap<&str, f64> = BTreeMap::new();
    for r in rows.iter().filter(|r| in_drawn_stack(r.segment.as_deref())) {
        *totals.entry(r.subject.as_str()).or_default() += r.value;
    }
    let mut companies: Vec<(&str, f64)> = totals.into_iter().collect();
    companies.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(b.0)));
    let more = companies.len().saturating_sub(MAX_COMPANIES);
    companies.truncate(MAX_COMPANIES);
    let categories: Vec<String> = companies
        .iter()
        .map(|(c, _)| inputs.company_name(c))
        .collect();
    let layers: HashMap<(&str, &str), f64> = rows
        .iter()
        .filter_map(|r| Some(((r.subject.as_str(), r.segment.as_deref()?), r.value)))
        .collect();
    let series: Vec<Bars> = stacks
        .iter()
        .enumerate()
        .map(|(i, stack)| Bars {
            label: stack.to_string(),
            color: theme::grey(i), // a stack is no company's
            values: companies
                .iter()
                .map(|(c, _)| layers.get(&(*c, *stack)).copied())
                .collect(),
        })
        .collect();
    let mut table = DataTable::new(&["company", "stack", "layers"]);
    for r in &rows {
        let drawn =
            companies.iter().any(|(c, _)| *c == r.subject) && in_drawn_stack(r.segment.as_deref());
        let row = vec![
            Cell::text(&r.subject),
            Cell::text(r.segment.clone().unwrap_or_default()),
            Cell::number(r.value, Unit::Count),
        ];
        table.push_drawn(drawn, row);
    }
    let (leader, _) = companies[0];
    let layers_of = |stack: &str| inputs.data.stack_layers(stack).len();
    let leader_rows: Vec<String> = rows
        .iter()
        .filter(|r| r.subject == leader && in_drawn_stack(r.segment.as_deref()))
        .map(|r| {
            let stack = r.segment.clone().unwrap_or_default();
            format!(
                "{} of {} {} layers",
                r.value,
                layers_of(&stack),
                theme::clean(&stack)
            )
        })
        .collect();
    let title = format!(
        "{} appears in {}",
        inputs.company_name(leader),
        leader_rows.join(" and ")
    );
    let mut note = Vec::new();
    if all_stacks.len() > stacks.len() {
        note.push(format!(
            "the first {} of the {} stacks with companies in them are drawn",
            stacks.len(),
            format::number(all_stacks.len() as f64, 0)
        ));
    }
    if more > 0 {
        note.push(format!(
            "the {} companies in the most layers are drawn; {} more are in the data file",
            companies.len(),
            format::number(more as f64, 0)
        ));
    }
    Ok(vec![Chart {
        name: "stack_coverage".into(),
        section: Section::Stack,
        description: describe_bars(
            "Bar chart of the layers of each stack where each company appears",
            Unit::Count,
            &categories,
            &series,
        ),
        figure: Figure {
            title,
            subtitle: "Distinct layers of each stack with a player from the company".into(),
            source: source_line(inputs.data, &BTreeSet::new()),
            plot: Plot::Bars(BarFigure {
                categories,
                series,
                unit: Unit::Count,
            }),
        },
        table,
        sources: BTreeSet::new(),
        note: capitalized(&note.join("; ")),
    }])
}

/// One chart per stack: players of each bloc in each layer, side by side.
pub fn stack_players(inputs: &Inputs) -> Built {
    let mut charts = Vec::new();
    let mut names = FileNames::new();
    for stack in inputs.data.stack_names() {
        let all_layers: Vec<String> = inputs
            .data
            .stack_layers(stack)
            .into_iter()
            .map(str::to_string)
            .collect();
        let layers: Vec<String> = all_layers.iter().take(MAX_LAYERS).cloned().collect();
        let mut table = DataTable::new(&["stack", "layer", "bloc", "players"]);
        let mut series = Vec::new();
        let mut totals = Vec::new();
        for bloc in [Bloc::Western, Bloc::China] {
            let period = Period::Stack(stack.to_string());
            let value = |layer: &String| {
                let bloc = Some(bloc.name());
                inputs
                    .metrics
                    .value(Metric::StackPlayers, layer, bloc, &period)
            };
            let all_values: Vec<Option<f64>> = all_layers.iter().map(value).collect();
            // Summed from 0.0: an empty float sum is -0.0, which would print as "-0".
            let total = all_values.iter().flatten().fold(0.0, |a, b| a + b);
            totals.push(total);
            for (layer, v) in all_layers.iter().zip(&all_values) {
                if let Some(v) = v {
                    let row = vec![
                        Cell::text(stack),
                        Cell::text(layer),
                        Cell::text(bloc.name()),
                        Cell::number(*v, Unit::Count),
                    ];
                    table.push_drawn(layers.contains(layer), row);
                }
            }
            let values: Vec<Option<f64>> = all_values[..layers.len()].to_vec();
            if values.iter().any(Option::is_some) {
                let label = format!(
                    "{} {}",
                    if bloc == Bloc::Western {
                        "Western"
                    } else {
                        "China"
                    },
                    "players"
                );
                series.push(Bars {
                    label,
                    color: theme::bloc_color(bloc),
                    values,
                });
            }
        }
        if series.is_empty() {
            continue;
        }
        let name = names.claim("stack_players_", stack);
        // The title counts every layer; the note says which are drawn.
        let title = format!(
            "{}: {} western and {} China players across {} layers",
            theme::clean(stack),
            totals[0],
            totals[1],
            format::number(all_layers.len() as f64, 0)
        );
        let note = if all_layers.len() > layers.len() {
            format!(
                "The first {} of the {} layers are drawn; the data file has them all",
                layers.len(),
                format::number(all_layers.len() as f64, 0)
            )
        } else {
            String::new()
        };
        charts.push(Chart {
            name,
            section: Section::Stack,
            description: describe_bars(
                "Bar chart of the players of each bloc in each layer",
                Unit::Count,
                &layers,
                &series,
            ),
            figure: Figure {
                title,
                subtitle: "Players named in each layer, by bloc".into(),
                source: source_line(inputs.data, &BTreeSet::new()),
                plot: Plot::Bars(BarFigure {
                    categories: layers,
                    series,
                    unit: Unit::Count,
                }),
            },
            table,
            sources: BTreeSet::new(),
            note,
        });
    }
    Ok(charts)
}
