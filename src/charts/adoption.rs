//! Adoption charts: users per product over time, one chart per users metric.

use std::collections::BTreeSet;

use chrono::{Datelike, NaiveDate};

use super::chart::{Built, Chart, Section};
use super::counted;
use super::draw::theme;
use super::draw::{date_of, day_number, EventKey, Figure, Line, LineFigure, Marker, Plot};
use super::file_name::FileNames;
use super::inputs::Inputs;
use super::prepare::{self, Mark, Point, BUCKETS};
use super::table::{Cell, DataTable};
use super::words::{describe_lines, source_line};
use crate::model::{Choice, Dataset, Event, Qualifier, Unit};
use crate::names;

/// Events marked on a time axis, the latest first.
const MAX_EVENTS: usize = 10;

fn metric_label(metric: &str) -> String {
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
        inputs
            .data
            .products
            .iter()
            .any(|p| &p.id == id && p.company == focus)
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

fn mark(qualifier: Qualifier) -> Mark {
    match qualifier {
        Qualifier::Exact => Mark::Exact,
        Qualifier::AtLeast => Mark::AtLeast,
        Qualifier::MoreThan => Mark::MoreThan,
        Qualifier::Approx => Mark::Approx,
    }
}

/// A drawn point's qualifier and who counted it (its slug in the file, in
/// words on the page).
fn point_cells(data: &Dataset, run: &[u32], p: &Point) -> [Cell; 2] {
    let users = &data.users;
    let q = match p.mark {
        Mark::AtLeast => Some(Qualifier::AtLeast),
        Mark::MoreThan => Some(Qualifier::MoreThan),
        Mark::Approx => Some(Qualifier::Approx),
        Mark::Exact | Mark::None => None,
    };
    [q.map_or(Cell::Empty, |q| Cell::text(q.name())), {
        let id = &users.products[users.product[run[0] as usize] as usize];
        let slug = counted::counter_at(users, run, p.x);
        Cell::Named {
            id: slug.unwrap_or_default().to_string(),
            name: names::counter(data, id, slug),
        }
    }]
}

/// One chart per users metric (MAU, DAU, ...), products compared on one axis.
/// Linear in the rows and light on memory: series are runs of the table's
/// series order, only the top products' points are copied, and the rest are
/// averaged day by day in one array.
pub fn users(inputs: &Inputs) -> Built {
    let users = &inputs.data.users;
    if users.is_empty() {
        return Ok(Vec::new());
    }
    let runs: Vec<&[u32]> = users.series().collect();
    let mut metrics: Vec<u32> = runs
        .iter()
        .map(|r| users.metric[r[0] as usize])
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    metrics.sort_by(|a, b| users.metrics[*a as usize].cmp(&users.metrics[*b as usize]));
    let mut charts = Vec::new();
    let mut names = FileNames::new();
    for metric in metrics {
        let metric_name = &users.metrics[metric as usize];
        let mut products: Vec<&[u32]> = runs
            .iter()
            .copied()
            .filter(|r| users.metric[r[0] as usize] == metric)
            .collect();
        // One number draws no line and compares with nothing: it is listed
        // with the latest single counts under the charts instead.
        if products.iter().map(|r| r.len()).sum::<usize>() < 2 {
            continue;
        }
        // Largest latest value first; ties by id, so the order never depends on hashing.
        let latest = |run: &[u32]| users.value[run[run.len() - 1] as usize];
        let id = |run: &[u32]| &users.products[users.product[run[0] as usize] as usize];
        products.sort_by(|a, b| {
            latest(b)
                .total_cmp(&latest(a))
                .then_with(|| id(a).cmp(id(b)))
        });
        let (top, rest) = products.split_at(products.len().min(inputs.top_products));
        let mut sources = vec![false; users.sources.len()];
        for run in &products {
            for &i in *run {
                sources[users.source[i as usize] as usize] = true;
            }
        }
        let sources: BTreeSet<String> = sources
            .iter()
            .enumerate()
            .filter(|(_, used)| **used)
            .map(|(code, _)| users.sources[code].clone())
            .collect();
        let mut table = DataTable::new(&[
            "product",
            "date",
            "metric",
            "value",
            "qualifier",
            "measured_by",
        ]);
        let mut lines = Vec::new();
        let product = |run: &[u32]| inputs.data.products.iter().find(|p| &p.id == id(run));
        // Each product in its company's colour; a company's second product a shade of it.
        let colors = inputs.colors(
            top.iter()
                .map(|run| product(run).map_or("", |p| p.company.as_str())),
        );
        for (run, color) in top.iter().zip(colors) {
            let id = id(run);
            let found = product(run);
            let mut points: Vec<Point> = run
                .iter()
                .map(|&i| {
                    let i = i as usize;
                    Point::new(
                        day_number(users.date[i]),
                        users.value[i],
                        mark(users.qualifier[i]),
                    )
                })
                .collect();
            prepare::clean(&mut points);
            let (points, gap) = prepare::for_line(&points, BUCKETS);
            for p in &points {
                let [qualifier, counter] = point_cells(inputs.data, run, p);
                table.push(vec![
                    Cell::text(id),
                    Cell::Date(date_of(p.x)),
                    Cell::text(metric_name),
                    Cell::number(p.y, Unit::Count),
                    qualifier,
                    counter,
                ]);
            }
            let label = found.map_or(id.clone(), |p| p.name.clone());
            lines.push(Line {
                label,
                color,
                points,
                dashed: false,
                gap,
            });
        }
        if !rest.is_empty() {
            // The rest as one line: their average on each day. A sum would dwarf
            // the named products; an average stays on their scale and says what a
            // typical other product looks like.
            // Runs are oldest first, so each run's ends bound its dates.
            let first = rest
                .iter()
                .map(|r| users.date[r[0] as usize])
                .min()
                .expect("rows");
            let last = rest
                .iter()
                .map(|r| users.date[r[r.len() - 1] as usize])
                .max()
                .expect("rows");
            let day = |i: u32| {
                (users.date[i as usize].num_days_from_ce() - first.num_days_from_ce()) as usize
            };
            let mut days = vec![(0.0f64, 0u32); day_span(first, last)];
            for run in rest {
                for &i in *run {
                    let slot = &mut days[day(i)];
                    slot.0 += users.value[i as usize];
                    slot.1 += 1;
                }
            }
            let mut points: Vec<Point> = days
                .iter()
                .enumerate()
                .filter(|(_, (_, n))| *n > 0)
                .map(|(d, (sum, n))| {
                    Point::new(
                        day_number(first) + d as f64,
                        sum / f64::from(*n),
                        Mark::None,
                    )
                })
                .collect();
            prepare::clean(&mut points);
            let (points, gap) = prepare::for_line(&points, BUCKETS);
            let label = format!("Average of {} others", rest.len());
            for p in &points {
                table.push(vec![
                    Cell::text(&label),
                    Cell::Date(date_of(p.x)),
                    Cell::text(metric_name),
                    Cell::number(p.y, Unit::Count),
                    Cell::Empty,
                    Cell::Empty,
                ]);
            }
            // Solid: a dashed line of a thousand points would be a thousand SVG elements.
            lines.push(Line {
                label,
                color: theme::NEUTRAL,
                points,
                dashed: false,
                gap,
            });
        }
        let values = || lines.iter().flat_map(|l| l.points.iter().map(|p| p.y));
        let log_y = prepare::spans_over_100x(values());
        let (first, last) = lines
            .iter()
            .flat_map(|l| l.points.iter().map(|p| p.x))
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), x| {
                (lo.min(x), hi.max(x))
            });
        // Numbered as the report's events table numbers them; the latest in range.
        let mut events: Vec<(usize, &Event)> = inputs
            .data
            .events_by_date()
            .into_iter()
            .enumerate()
            .map(|(i, e)| (i + 1, e))
            .filter(|(_, e)| (first..=last).contains(&day_number(e.date)))
            .collect();
        events.drain(..events.len().saturating_sub(MAX_EVENTS));
        let markers: Vec<Marker> = events
            .iter()
            .map(|&(n, e)| Marker {
                x: day_number(e.date),
                label: n.to_string(),
                tip: format!("Event {n}, {}: {}", e.date, e.title),
                event: Some(EventKey {
                    number: n,
                    date: e.date,
                    title: theme::clean(&e.title),
                }),
            })
            .collect();
        let label = metric_label(metric_name);
        let title = title(inputs, &runs, top, &lines, &label);
        let drawn: Vec<(&str, &[u32])> = top.iter().map(|run| (id(run).as_str(), *run)).collect();
        let note = counted::note(inputs.data, users, &drawn);
        let scale = if log_y {
            "log scale: each gridline is a tenfold step"
        } else {
            "linear scale"
        };
        let events_text: Vec<String> = events
            .iter()
            .map(|(n, e)| format!("{n} {} {}", e.date, theme::label(&e.title, 80)))
            .collect();
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
        if !events_text.is_empty() {
            description.push_str(&format!(" Events marked: {}.", events_text.join("; ")));
        }
        charts.push(Chart {
            name: names.claim("users_", metric_name),
            section: Section::Users,
            description,
            figure: Figure {
                title,
                subtitle: format!("{label} by product, {scale}; numbered lines mark events"),
                source: source_line(inputs.data, &sources),
                plot: Plot::Lines(LineFigure {
                    lines,
                    log_y,
                    unit: Unit::Count,
                    markers,
                }),
            },
            table,
            sources,
            note,
        });
    }
    Ok(charts)
}

/// The title speaks of the top product's latest count, with its qualifier,
/// date and counter (products' latest counts are of different days and
/// counters), unless a shorter period's count outranks it (SPEC 6.1); then of
/// the focus company's product. `label`: the metric in words.
fn title(inputs: &Inputs, runs: &[&[u32]], top: &[&[u32]], lines: &[Line], label: &str) -> String {
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
            "{}'s {}: {}",
            theme::clean(leader),
            label.to_lowercase(),
            latest_words(inputs, last)
        ),
    }
}

/// Days from `first` to `last`, both counted.
fn day_span(first: NaiveDate, last: NaiveDate) -> usize {
    (last.num_days_from_ce() - first.num_days_from_ce()) as usize + 1
}
