//! Stack charts: how many layers of each stack each company appears in, and the
//! players of each bloc in each layer of a stack.

use std::collections::{BTreeMap, BTreeSet};

use super::figure::{BarFigure, Bars, Figure, Plot};
use super::file_name::FileNames;
use super::{describe_bars, source_line, theme, Built, Chart, DataTable, Inputs, Section};
use crate::model::{Bloc, Choice};

pub fn stack_coverage(inputs: &Inputs) -> Built {
    let rows: Vec<_> = inputs.rows("company_stack_layers").collect();
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let stacks = inputs.data.stack_names();
    let mut totals: BTreeMap<&str, f64> = BTreeMap::new();
    for r in &rows {
        *totals.entry(r.subject.as_str()).or_default() += r.value;
    }
    let mut companies: Vec<(&str, f64)> = totals.into_iter().collect();
    companies.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(b.0)));
    companies.truncate(12);
    let categories: Vec<String> = companies
        .iter()
        .map(|(c, _)| inputs.company_name(c))
        .collect();
    let mut table = DataTable::new(&["company", "stack", "layers"]);
    let series: Vec<Bars> = stacks
        .iter()
        .enumerate()
        .map(|(i, stack)| {
            let values = companies
                .iter()
                .map(|(c, _)| {
                    rows.iter()
                        .find(|r| r.subject == *c && r.segment.as_deref() == Some(*stack))
                        .map(|r| r.value)
                })
                .collect();
            Bars {
                label: stack.to_string(),
                color: theme::shade(None, i),
                values,
            }
        })
        .collect();
    for r in &rows {
        table.push(vec![
            r.subject.clone(),
            r.segment.clone().unwrap_or_default(),
            r.value.to_string(),
        ]);
    }
    let (leader, _) = companies[0];
    let layers_of = |stack: &str| {
        inputs
            .data
            .stack
            .iter()
            .filter(|s| s.stack == stack)
            .map(|s| s.layer.as_str())
            .collect::<BTreeSet<_>>()
            .len()
    };
    let leader_rows: Vec<String> = rows
        .iter()
        .filter(|r| r.subject == leader)
        .map(|r| {
            let stack = r.segment.clone().unwrap_or_default();
            format!(
                "{} of {} {} layers",
                r.value,
                layers_of(&stack),
                theme::label(&stack, 30)
            )
        })
        .collect();
    let title = format!(
        "{} appears in {}",
        inputs.company_name(leader),
        leader_rows.join(" and ")
    );
    Ok(vec![Chart {
        name: "stack_coverage".into(),
        section: Section::Stack,
        description: describe_bars(
            "Bar chart of the layers of each stack where each company appears",
            "count",
            &categories,
            &series,
        ),
        figure: Figure {
            title,
            subtitle: "Distinct layers of each stack with a player from the company".into(),
            source: source_line(&["stack.csv"], &BTreeSet::new()),
            plot: Plot::Bars(BarFigure {
                categories,
                series,
                unit: "count".into(),
            }),
        },
        table,
        note: String::new(),
    }])
}

/// One chart per stack: players of each bloc in each layer, side by side.
pub fn stack_players(inputs: &Inputs) -> Built {
    let rows: Vec<_> = inputs.rows("stack_players").collect();
    let mut charts = Vec::new();
    let mut names = FileNames::new();
    for stack in inputs.data.stack_names() {
        let mut layers: Vec<String> = inputs
            .data
            .stack_layers(stack)
            .into_iter()
            .map(str::to_string)
            .collect();
        layers.truncate(16);
        let mut table = DataTable::new(&["stack", "layer", "bloc", "players"]);
        let mut series = Vec::new();
        let mut totals = Vec::new();
        for bloc in [Bloc::Western, Bloc::China] {
            let values: Vec<Option<f64>> = layers
                .iter()
                .map(|layer| {
                    rows.iter()
                        .find(|r| {
                            &r.subject == layer
                                && r.segment.as_deref() == Some(bloc.name())
                                && r.period.as_deref() == Some(stack)
                        })
                        .map(|r| r.value)
                })
                .collect();
            // Summed from 0.0: an empty float sum is -0.0, which would print as "-0".
            let total = values.iter().flatten().fold(0.0, |a, b| a + b);
            totals.push(total);
            for (layer, v) in layers.iter().zip(&values) {
                if let Some(v) = v {
                    table.push(vec![
                        stack.to_string(),
                        layer.clone(),
                        bloc.name().into(),
                        v.to_string(),
                    ]);
                }
            }
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
        let title = format!(
            "{}: {} western and {} China players across {} layers",
            theme::label(stack, 40),
            totals[0],
            totals[1],
            layers.len()
        );
        charts.push(Chart {
            name,
            section: Section::Stack,
            description: describe_bars(
                "Bar chart of the players of each bloc in each layer",
                "count",
                &layers,
                &series,
            ),
            figure: Figure {
                title,
                subtitle: "Players named in each layer, by bloc".into(),
                source: source_line(&["stack.csv"], &BTreeSet::new()),
                plot: Plot::Bars(BarFigure {
                    categories: layers,
                    series,
                    unit: "count".into(),
                }),
            },
            table,
            note: String::new(),
        });
    }
    Ok(charts)
}
