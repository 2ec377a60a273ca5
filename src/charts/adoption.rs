//! Adoption charts: users per product over time, and campaign cost.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, NaiveDate};

use super::figure::{date_of, day_number, BarFigure, Bars, Figure, Line, LineFigure, Marker, Plot};
use super::file_name::FileNames;
use super::prepare::{self, Mark, Point, BUCKETS};
use super::{
    describe_bars, describe_lines, source_line, theme, Built, Chart, DataTable, Inputs, Section,
};
use crate::format;
use crate::model::{Bloc, Campaign, Choice, Metric, Qualifier, Unit};
use crate::names;

/// Products drawn by name; the rest are averaged into one line.
const TOP_PRODUCTS: usize = 7;
/// Campaigns the cost chart draws: those that ended last.
const MAX_CAMPAIGNS: usize = 12;
/// Events marked on a time axis, the latest first.
const MAX_EVENTS: usize = 10;

fn metric_label(metric: &str) -> String {
    let words = names::users_metric(metric);
    let mut chars = words.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

fn mark(qualifier: Qualifier) -> Mark {
    match qualifier {
        Qualifier::Exact => Mark::Exact,
        Qualifier::AtLeast => Mark::AtLeast,
        Qualifier::Approx => Mark::Approx,
    }
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
        // Largest latest value first; ties by id, so the order never depends on hashing.
        let latest = |run: &[u32]| users.value[run[run.len() - 1] as usize];
        let id = |run: &[u32]| &users.products[users.product[run[0] as usize] as usize];
        products.sort_by(|a, b| {
            latest(b)
                .total_cmp(&latest(a))
                .then_with(|| id(a).cmp(id(b)))
        });
        let (top, rest) = products.split_at(products.len().min(TOP_PRODUCTS));
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
        let mut table = DataTable::new(&["product", "date", "metric", "value", "qualifier"]);
        let mut lines = Vec::new();
        let mut used: BTreeMap<Option<Bloc>, usize> = BTreeMap::new();
        for run in top {
            let id = id(run);
            let found = inputs.data.products.iter().find(|p| &p.id == id);
            let bloc = found
                .and_then(|p| inputs.data.company(&p.company))
                .map(|c| c.bloc);
            let index = used.entry(bloc).or_default();
            *index += 1;
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
                let q = match p.mark {
                    Mark::AtLeast => Qualifier::AtLeast.name(),
                    Mark::Approx => Qualifier::Approx.name(),
                    Mark::Exact | Mark::None => "",
                };
                table.push(vec![
                    id.clone(),
                    date_of(p.x).to_string(),
                    metric_name.clone(),
                    p.y.to_string(),
                    q.to_string(),
                ]);
            }
            let label = found.map_or(id.clone(), |p| p.name.clone());
            lines.push(Line {
                label,
                color: theme::shade(bloc, *index - 1),
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
                    label.clone(),
                    date_of(p.x).to_string(),
                    metric_name.clone(),
                    p.y.to_string(),
                    String::new(),
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
        let mut events: Vec<_> = inputs
            .data
            .events
            .iter()
            .filter(|e| (first..=last).contains(&day_number(e.date)))
            .collect();
        events.sort_by_key(|e| std::cmp::Reverse(e.date));
        events.truncate(MAX_EVENTS);
        events.reverse();
        let markers: Vec<Marker> = events
            .iter()
            .enumerate()
            .map(|(i, e)| Marker {
                x: day_number(e.date),
                label: (i + 1).to_string(),
            })
            .collect();
        let label = metric_label(metric_name);
        // The title speaks of the top product's latest count, with its qualifier
        // and date: products' latest counts are of different days.
        let leader = &lines[0];
        let last = top[0][top[0].len() - 1] as usize;
        let latest = format!(
            "{} on {}",
            names::qualified_count(users.value[last], users.qualifier[last]),
            names::day(users.date[last])
        );
        let title = if lines.len() > 1 {
            format!(
                "{} reports the highest latest count: {latest}",
                theme::label(&leader.label, 30),
            )
        } else {
            format!(
                "{}: {latest}, {}",
                theme::label(&leader.label, 30),
                label.to_lowercase()
            )
        };
        let scale = if log_y {
            "log scale: each gridline is a tenfold step"
        } else {
            "linear scale"
        };
        let events_text: Vec<String> = events
            .iter()
            .enumerate()
            .map(|(i, e)| format!("{} {} {}", i + 1, e.date, theme::label(&e.title, 80)))
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
                source: source_line(&["users.csv", "events.csv"], &sources),
                plot: Plot::Lines(LineFigure {
                    lines,
                    log_y,
                    unit: "count".into(),
                    markers,
                }),
            },
            table,
            note: String::new(),
        });
    }
    Ok(charts)
}

/// Days from `first` to `last`, both counted.
fn day_span(first: NaiveDate, last: NaiveDate) -> usize {
    (last.num_days_from_ce() - first.num_days_from_ce()) as usize + 1
}

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
    let color = |id: &str| {
        campaign(id)
            .and_then(|c| inputs.data.company(&c.company))
            .map_or(theme::NEUTRAL, |c| theme::bloc_color(c.bloc))
    };
    let base = color(ids[0]);
    let mut series = Vec::new();
    let mut table = DataTable::new(&["campaign", "per", "value", "unit"]);
    for (label, map, shade) in [
        ("Per order", &per_order, base),
        ("Per unit", &per_unit, theme::faded(base)),
    ] {
        for (id, v) in map {
            table.push(vec![
                id.to_string(),
                label.to_lowercase(),
                v.to_string(),
                unit.to_string(),
            ]);
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
            theme::label(&c.name, 40),
            format::in_unit(*v, unit)
        ),
        _ => "Campaign cost per order and per unit".into(),
    };
    let sources: BTreeSet<String> = ids
        .iter()
        .filter_map(|id| campaign(id))
        .map(|c| c.source.clone())
        .collect();
    table.show_first(|row| ids.contains(&row[0].as_str()));
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
            source: source_line(&["campaigns.csv", "fx.csv"], &sources),
            plot: Plot::Bars(BarFigure {
                categories,
                series,
                unit: unit.to_string(),
            }),
        },
        table,
        note,
    }])
}
