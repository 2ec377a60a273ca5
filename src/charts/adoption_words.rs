//! The words of the users charts (SPEC 6.1, "Who counted" and "Implied
//! bounds"): the title, naming the top product's latest count with its
//! qualifier, day and counter, or the bound a shorter period's count puts
//! above it; and the lines and events in words for a screen reader.

use super::counted;
use super::draw::{date_of, theme, Line};
use super::inputs::Inputs;
use super::words::describe_lines;
use crate::model::{Event, Unit};
use crate::names;

/// The title speaks of the top product's latest count, with its qualifier,
/// date and counter (products' latest counts are of different days and
/// counters), unless a shorter period's count outranks it (SPEC 6.1); then of
/// the focus company's product. `label`: the metric in words.
pub fn title(
    inputs: &Inputs,
    runs: &[&[u32]],
    top: &[&[u32]],
    lines: &[Line],
    label: &str,
) -> String {
    let leader = &lines[0].label;
    let users = &inputs.data.users;
    let last = top[0][top[0].len() - 1] as usize;
    let metric = &users.metrics[users.metric[last] as usize];
    let bound = counted::bound_above(inputs.data, users, runs, metric, users.value[last]);
    match bound {
        Some(bound) => format!(
            "{bound}, above every product's latest count here{}",
            focus_count(inputs, top)
        ),
        None if lines.len() > 1 => format!(
            "{} has the highest latest count: {}{}",
            theme::clean(leader),
            latest_words(inputs, last),
            focus_count(inputs, top)
        ),
        None => format!(
            "{} {}: {}",
            names::possessive(&theme::clean(leader)),
            label.to_lowercase(),
            latest_words(inputs, last)
        ),
    }
}

/// The metric in words, capitalized: "Monthly active users".
pub fn metric_label(metric: &str) -> String {
    let words = names::users_metric(metric);
    let mut chars = words.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

/// "; Qwen app: at least 30.0M on 10 December 2025, by Alibaba Group": the
/// latest count of the focus company's first product drawn, with who counted
/// it, when it is not the leader; else nothing.
fn focus_count(inputs: &Inputs, top: &[&[u32]]) -> String {
    let users = &inputs.data.users;
    let Some(focus) = inputs.focus else {
        return String::new();
    };
    let of_focus = |run: &&[u32]| {
        let id = &users.products[users.product[run[0] as usize] as usize];
        inputs.data.product(id).is_some_and(|p| p.company == focus)
    };
    match top.iter().position(of_focus) {
        Some(place) if place > 0 => {
            let run = top[place];
            let last = run[run.len() - 1] as usize;
            let id = &users.products[users.product[last] as usize];
            format!(
                "; {}: {}",
                theme::clean(&names::product(inputs.data, id)),
                latest_words(inputs, last)
            )
        }
        _ => String::new(),
    }
}

/// "at least 100.0M on 16 February 2026, by Aicpb": a row's count, its day and
/// who counted it ("counter not stated"; nothing when the data never says).
fn latest_words(inputs: &Inputs, row: usize) -> String {
    let users = &inputs.data.users;
    let id = &users.products[users.product[row] as usize];
    let who = match users.counter(row) {
        Some(slug) => format!(
            ", by {}",
            theme::clean(&names::counter(inputs.data, id, Some(slug)))
        ),
        None if users.states_counters() => ", counter not stated".to_string(),
        None => String::new(),
    };
    format!(
        "{} on {}{who}",
        names::qualified_count(users.value[row], users.qualifier[row]),
        names::day(users.date[row]),
    )
}

/// Each line's points in words, and the events marked.
pub fn description(label: &str, scale: &str, lines: &[Line], events: &[(usize, &Event)]) -> String {
    let described: Vec<(String, Vec<(String, f64)>)> = lines
        .iter()
        .map(|l| {
            (
                l.label.clone(),
                l.points
                    .iter()
                    .map(|p| (date_of(p.x).to_string(), p.y))
                    .collect(),
            )
        })
        .collect();
    let mut description = describe_lines(
        &format!("Line chart of {} by product, {scale}", label.to_lowercase()),
        Unit::Count,
        &described,
    );
    let events: Vec<String> = events
        .iter()
        .map(|(n, e)| format!("{n} {} {}", e.date, theme::label(&e.title, 80)))
        .collect();
    if !events.is_empty() {
        description.push_str(&format!(" Events marked: {}.", events.join("; ")));
    }
    description
}
