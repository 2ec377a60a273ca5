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
use crate::metrics::MetricRow;
use crate::model::{Bloc, Choice, Metric, Period, Unit};

/// Stacks the coverage chart draws, one bar series each: the first in the data.
const MAX_STACKS: usize = 4;
/// Companies the coverage chart draws: those in the most layers of those stacks.
const MAX_COMPANIES: usize = 12;
/// Layers a stack's chart draws: the first, in the stack's order.
const MAX_LAYERS: usize = 16;

/// What the coverage chart draws: the stacks and companies chosen.
struct Coverage<'a> {
    /// Stacks where some company appears, in the data's order.
    all_stacks: Vec<&'a str>,
    /// The first of them, drawn as one bar series each.
    stacks: Vec<&'a str>,
    /// The companies in the most layers of those stacks, most first.
    companies: Vec<(&'a str, f64)>,
    /// Companies left out.
    more: usize,
}

impl Coverage<'_> {
    fn draws_stack(&self, stack: Option<&str>) -> bool {
        stack.is_some_and(|s| self.stacks.contains(&s))
    }
}

pub fn stack_coverage(inputs: &Inputs) -> Built {
    let rows: Vec<&MetricRow> = inputs.rows(Metric::CompanyStackLayers).collect();
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let coverage = coverage(inputs, &rows);
    let categories: Vec<String> = coverage
        .companies
        .iter()
        .map(|(c, _)| inputs.company_name(c))
        .collect();
    let series = coverage_bars(&coverage, &rows);
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
            title: coverage_title(inputs, &coverage, &rows),
            subtitle: "Distinct layers of each stack with a player from the company".into(),
            source: source_line(inputs.data, &BTreeSet::new()),
            plot: Plot::Bars(BarFigure {
                categories,
                series,
                unit: Unit::Count,
            }),
        },
        table: coverage_table(inputs, &coverage, &rows),
        sources: BTreeSet::new(),
        note: coverage_note(&coverage),
    }])
}

/// The stacks with companies in them (the first `MAX_STACKS` drawn), and the
/// companies by their layers in the stacks drawn, most first, ties by id.
fn coverage<'a>(inputs: &'a Inputs, rows: &[&'a MetricRow]) -> Coverage<'a> {
    let with_companies: BTreeSet<&str> = rows.iter().filter_map(|r| r.segment.as_deref()).collect();
    let all_stacks: Vec<&str> = inputs
        .data
        .stack_names()
        .into_iter()
        .filter(|s| with_companies.contains(s))
        .collect();
    let stacks = all_stacks[..all_stacks.len().min(MAX_STACKS)].to_vec();
    let mut coverage = Coverage {
        all_stacks,
        stacks,
        companies: Vec::new(),
        more: 0,
    };
    let mut totals: BTreeMap<&str, f64> = BTreeMap::new();
    for r in rows
        .iter()
        .filter(|r| coverage.draws_stack(r.segment.as_deref()))
    {
        *totals.entry(r.subject.as_str()).or_default() += r.value;
    }
    let mut companies: Vec<(&str, f64)> = totals.into_iter().collect();
    companies.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(b.0)));
    coverage.more = companies.len().saturating_sub(MAX_COMPANIES);
    companies.truncate(MAX_COMPANIES);
    coverage.companies = companies;
    coverage
}

/// One series of bars per stack drawn, a bar per company.
fn coverage_bars(coverage: &Coverage, rows: &[&MetricRow]) -> Vec<Bars> {
    let layers: HashMap<(&str, &str), f64> = rows
        .iter()
        .filter_map(|r| Some(((r.subject.as_str(), r.segment.as_deref()?), r.value)))
        .collect();
    coverage
        .stacks
        .iter()
        .enumerate()
        .map(|(i, stack)| Bars {
            label: stack.to_string(),
            color: theme::grey(i), // a stack is no company's
            values: coverage
                .companies
                .iter()
                .map(|(c, _)| layers.get(&(*c, *stack)).copied())
                .collect(),
        })
        .collect()
}

fn coverage_table(inputs: &Inputs, coverage: &Coverage, rows: &[&MetricRow]) -> DataTable {
    let mut table = DataTable::new(&["company", "stack", "layers"]);
    for r in rows {
        let company_drawn = coverage.companies.iter().any(|(c, _)| *c == r.subject);
        let drawn = company_drawn && coverage.draws_stack(r.segment.as_deref());
        let row = vec![
            Cell::company(inputs.data, &r.subject),
            Cell::text(r.segment.clone().unwrap_or_default()),
            Cell::number(r.value, Unit::Count),
        ];
        table.push_drawn(drawn, row);
    }
    table
}

/// `Alibaba Group appears in 7 of 9 AI agents layers and ...`: the company
/// in the most layers.
fn coverage_title(inputs: &Inputs, coverage: &Coverage, rows: &[&MetricRow]) -> String {
    let (leader, _) = coverage.companies[0];
    let layers_of = |stack: &str| inputs.data.stack_layers(stack).len();
    let leader_rows: Vec<String> = rows
        .iter()
        .filter(|r| r.subject == leader && coverage.draws_stack(r.segment.as_deref()))
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
    format!(
        "{} appears in {}",
        inputs.company_name(leader),
        leader_rows.join(" and ")
    )
}

fn coverage_note(coverage: &Coverage) -> String {
    let mut note = Vec::new();
    if coverage.all_stacks.len() > coverage.stacks.len() {
        note.push(format!(
            "the first {} of the {} stacks with companies in them are drawn",
            coverage.stacks.len(),
            format::number(coverage.all_stacks.len() as f64, 0)
        ));
    }
    if coverage.more > 0 {
        note.push(format!(
            "the {} companies in the most layers are drawn; {} more are in the data file",
            coverage.companies.len(),
            format::number(coverage.more as f64, 0)
        ));
    }
    capitalized(&note.join("; "))
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
            let players = Players {
                stack,
                all_layers: &all_layers,
                drawn: layers.len(),
                bloc,
            };
            let (total, bars) = players.of_bloc(inputs, &mut table);
            totals.push(total);
            series.extend(bars);
        }
        if series.is_empty() {
            continue;
        }
        let name = names.claim("stack_players_", stack);
        let words = players_words(stack, &totals, all_layers.len(), layers.len());
        charts.push(players_chart(inputs, name, words, layers, series, table));
    }
    Ok(charts)
}

/// The players of one bloc in a stack's layers, of which the first `drawn`
/// are drawn.
struct Players<'a> {
    stack: &'a str,
    all_layers: &'a [String],
    drawn: usize,
    bloc: Bloc,
}

impl Players<'_> {
    /// The bloc's players in all layers, summed; its bars, when it has any in
    /// the layers drawn; its rows added to `table`.
    fn of_bloc(&self, inputs: &Inputs, table: &mut DataTable) -> (f64, Option<Bars>) {
        let period = Period::Stack(self.stack.to_string());
        let bloc = Some(self.bloc.name());
        let all_values: Vec<Option<f64>> = self
            .all_layers
            .iter()
            .map(|layer| {
                inputs
                    .metrics
                    .value(Metric::StackPlayers, layer, bloc, &period)
            })
            .collect();
        // Summed from 0.0: an empty float sum is -0.0, which would print as "-0".
        let total = all_values.iter().flatten().fold(0.0, |a, b| a + b);
        for (i, (layer, v)) in self.all_layers.iter().zip(&all_values).enumerate() {
            if let Some(v) = v {
                let row = vec![
                    Cell::text(self.stack),
                    Cell::text(layer),
                    Cell::text(self.bloc.name()),
                    Cell::number(*v, Unit::Count),
                ];
                table.push_drawn(i < self.drawn, row);
            }
        }
        let values: Vec<Option<f64>> = all_values[..self.drawn].to_vec();
        let label = match self.bloc {
            Bloc::Western => "Western players",
            Bloc::China => "China players",
        };
        let bars = values.iter().any(Option::is_some).then(|| Bars {
            label: label.into(),
            color: theme::bloc_color(self.bloc),
            values,
        });
        (total, bars)
    }
}

/// The title, counting every layer, and the note saying which are drawn.
fn players_words(stack: &str, totals: &[f64], layers: usize, drawn: usize) -> (String, String) {
    let title = format!(
        "{}: {} western and {} China players across {} layers",
        theme::clean(stack),
        totals[0],
        totals[1],
        format::number(layers as f64, 0)
    );
    let note = if layers > drawn {
        format!(
            "The first {} of the {} layers are drawn; the data file has them all",
            drawn,
            format::number(layers as f64, 0)
        )
    } else {
        String::new()
    };
    (title, note)
}

fn players_chart(
    inputs: &Inputs,
    name: String,
    (title, note): (String, String),
    layers: Vec<String>,
    series: Vec<Bars>,
    table: DataTable,
) -> Chart {
    Chart {
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
    }
}
