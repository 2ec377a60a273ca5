//! Adoption charts: users per product over time, one chart per users metric.

use std::collections::BTreeSet;

use chrono::{Datelike, NaiveDate};
use plotters::style::RGBColor;

use super::adoption_words::{description, metric_label, title};
use super::chart::{Built, Chart, Section};
use super::counted;
use super::draw::theme;
use super::draw::{date_of, day_number, EventKey, Figure, Line, LineFigure, Marker, Plot};
use super::file_name::FileNames;
use super::inputs::Inputs;
use super::prepare::{self, Mark, Point, BUCKETS};
use super::table::{Cell, DataTable};
use super::words::source_line;
use crate::model::{Dataset, Event, Qualifier, Unit, Users};
use crate::names;

/// Events marked on a time axis, the latest first.
const MAX_EVENTS: usize = 10;

/// What one users chart draws: a metric's series (runs of the table's rows,
/// oldest first), the top products named and the rest averaged.
struct Chosen<'a> {
    metric: &'a str,
    /// The products drawn by name, the largest latest count first, ties by id.
    top: Vec<&'a [u32]>,
    /// The other products, averaged into one line.
    rest: Vec<&'a [u32]>,
    /// The sources of every row of the metric.
    sources: BTreeSet<String>,
}

/// The lines of a users chart, its table, and the events marked on it.
struct Drawn<'a> {
    lines: Vec<Line>,
    table: DataTable,
    log_y: bool,
    /// The events in the lines' span, numbered as the report's events table
    /// numbers them.
    events: Vec<(usize, &'a Event)>,
}

/// A users chart's words.
struct Words {
    title: String,
    subtitle: String,
    description: String,
    note: String,
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
    let mut charts = Vec::new();
    let mut names = FileNames::new();
    for metric in metrics_by_name(users, &runs) {
        let Some(chosen) = choose(users, &runs, metric, inputs.top_products) else {
            continue;
        };
        let drawn = draw(inputs, &chosen);
        let words = words(inputs, &runs, &chosen, &drawn);
        let name = names.claim("users_", chosen.metric);
        charts.push(users_chart(inputs, name, chosen.sources, drawn, words));
    }
    Ok(charts)
}

/// The codes of the metrics with series, in the order of their names.
fn metrics_by_name(users: &Users, runs: &[&[u32]]) -> Vec<u32> {
    let mut metrics: Vec<u32> = runs
        .iter()
        .map(|r| users.metric[r[0] as usize])
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    metrics.sort_by(|a, b| users.metrics[*a as usize].cmp(&users.metrics[*b as usize]));
    metrics
}

/// The product of a series (its id).
fn product_id<'u>(users: &'u Users, run: &[u32]) -> &'u String {
    &users.products[users.product[run[0] as usize] as usize]
}

/// The series of `metric`, the `top_products` with the largest latest counts
/// named. `None` when they hold one number: it draws no line and compares
/// with nothing, and is listed with the latest single counts under the
/// charts instead.
fn choose<'a>(
    users: &'a Users,
    runs: &[&'a [u32]],
    metric: u32,
    top_products: usize,
) -> Option<Chosen<'a>> {
    let mut products: Vec<&[u32]> = runs
        .iter()
        .copied()
        .filter(|r| users.metric[r[0] as usize] == metric)
        .collect();
    if products.iter().map(|r| r.len()).sum::<usize>() < 2 {
        return None;
    }
    // Largest latest value first; ties by id, so the order never depends on hashing.
    let latest = |run: &[u32]| users.value[run[run.len() - 1] as usize];
    products.sort_by(|a, b| {
        latest(b)
            .total_cmp(&latest(a))
            .then_with(|| product_id(users, a).cmp(product_id(users, b)))
    });
    let sources = sources_of(users, &products);
    let rest = products.split_off(products.len().min(top_products));
    Some(Chosen {
        metric: &users.metrics[metric as usize],
        top: products,
        rest,
        sources,
    })
}

/// The sources of the rows of `runs`.
fn sources_of(users: &Users, runs: &[&[u32]]) -> BTreeSet<String> {
    let mut used = vec![false; users.sources.len()];
    for run in runs {
        for &i in *run {
            used[users.source[i as usize] as usize] = true;
        }
    }
    used.iter()
        .enumerate()
        .filter(|(_, used)| **used)
        .map(|(code, _)| users.sources[code].clone())
        .collect()
}

/// A line per product drawn by name, each in its company's colour (a
/// company's second product a shade of it), then the others' average; a
/// table row per point drawn; the events in the lines' span.
fn draw<'a>(inputs: &Inputs<'a>, chosen: &Chosen) -> Drawn<'a> {
    let data = inputs.data;
    let mut table = DataTable::new(&[
        "product",
        "date",
        "metric",
        "value",
        "qualifier",
        "measured_by",
    ]);
    let product = |run: &[u32]| {
        let id = product_id(&data.users, run);
        data.product(id)
    };
    let colors = inputs.colors(
        chosen
            .top
            .iter()
            .map(|run| product(run).map_or("", |p| p.company.as_str())),
    );
    let mut lines = Vec::new();
    for (run, color) in chosen.top.iter().zip(colors) {
        let label = product(run).map_or(product_id(&data.users, run).clone(), |p| p.name.clone());
        lines.push(product_line(
            data,
            chosen.metric,
            run,
            label,
            color,
            &mut table,
        ));
    }
    if !chosen.rest.is_empty() {
        lines.push(others_line(&data.users, chosen, &mut table));
    }
    let log_y = prepare::spans_over_100x(lines.iter().flat_map(|l| l.points.iter().map(|p| p.y)));
    let events = events_in_span(data, &lines);
    Drawn {
        lines,
        table,
        log_y,
        events,
    }
}

/// One product's line, thinned for drawing, and a table row per point drawn
/// with its qualifier and counter.
fn product_line(
    data: &Dataset,
    metric: &str,
    run: &[u32],
    label: String,
    color: RGBColor,
    table: &mut DataTable,
) -> Line {
    let users = &data.users;
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
    let id = product_id(users, run);
    for p in &points {
        let [qualifier, counter] = point_cells(data, run, p);
        table.push(vec![
            Cell::product(data, id),
            Cell::Date(date_of(p.x)),
            Cell::metric(metric),
            Cell::number(p.y, Unit::Count),
            qualifier,
            counter,
        ]);
    }
    Line {
        label,
        color,
        points,
        dashed: false,
        gap,
    }
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
    [q.map_or(Cell::Empty, Cell::qualifier), {
        let slug = counted::counter_at(users, run, p.x);
        Cell::Named {
            id: slug.unwrap_or_default().to_string(),
            name: names::counter(data, product_id(users, run), slug),
        }
    }]
}

/// The products not named as one line: their average on each day. A sum
/// would dwarf the named products; an average stays on their scale and says
/// what a typical other product looks like.
fn others_line(users: &Users, chosen: &Chosen, table: &mut DataTable) -> Line {
    let mut points = daily_average(users, &chosen.rest);
    prepare::clean(&mut points);
    let (points, gap) = prepare::for_line(&points, BUCKETS);
    let label = format!("Average of {} others", chosen.rest.len());
    for p in &points {
        table.push(vec![
            Cell::text(&label),
            Cell::Date(date_of(p.x)),
            Cell::metric(chosen.metric),
            Cell::number(p.y, Unit::Count),
            Cell::Empty,
            Cell::Empty,
        ]);
    }
    // Solid: a dashed line of a thousand points would be a thousand SVG elements.
    Line {
        label,
        color: theme::NEUTRAL,
        points,
        dashed: false,
        gap,
    }
}

/// The average of the counts of `runs` on each day any of them counts,
/// summed in one array over their span.
fn daily_average(users: &Users, runs: &[&[u32]]) -> Vec<Point> {
    // Runs are oldest first, so each run's ends bound its dates.
    let first = runs
        .iter()
        .map(|r| users.date[r[0] as usize])
        .min()
        .expect("rows");
    let last = runs
        .iter()
        .map(|r| users.date[r[r.len() - 1] as usize])
        .max()
        .expect("rows");
    let day =
        |i: u32| (users.date[i as usize].num_days_from_ce() - first.num_days_from_ce()) as usize;
    let mut days = vec![(0.0f64, 0u32); day_span(first, last)];
    for run in runs {
        for &i in *run {
            let slot = &mut days[day(i)];
            slot.0 += users.value[i as usize];
            slot.1 += 1;
        }
    }
    days.iter()
        .enumerate()
        .filter(|(_, (_, n))| *n > 0)
        .map(|(d, (sum, n))| {
            Point::new(
                day_number(first) + d as f64,
                sum / f64::from(*n),
                Mark::None,
            )
        })
        .collect()
}

/// Days from `first` to `last`, both counted.
fn day_span(first: NaiveDate, last: NaiveDate) -> usize {
    (last.num_days_from_ce() - first.num_days_from_ce()) as usize + 1
}

/// The latest `MAX_EVENTS` events within the span of `lines`, numbered as
/// the report's events table numbers them.
fn events_in_span<'d>(data: &'d Dataset, lines: &[Line]) -> Vec<(usize, &'d Event)> {
    let (first, last) = lines
        .iter()
        .flat_map(|l| l.points.iter().map(|p| p.x))
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), x| {
            (lo.min(x), hi.max(x))
        });
    let mut events: Vec<(usize, &Event)> = data
        .events_by_date()
        .into_iter()
        .enumerate()
        .map(|(i, e)| (i + 1, e))
        .filter(|(_, e)| (first..=last).contains(&day_number(e.date)))
        .collect();
    events.drain(..events.len().saturating_sub(MAX_EVENTS));
    events
}

/// The events' numbered markers on the time axis.
fn markers(events: &[(usize, &Event)]) -> Vec<Marker> {
    events
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
        .collect()
}

/// The chart of what was chosen and drawn, with its words.
fn users_chart(
    inputs: &Inputs,
    name: String,
    sources: BTreeSet<String>,
    drawn: Drawn,
    words: Words,
) -> Chart {
    Chart {
        name,
        section: Section::Users,
        description: words.description,
        figure: Figure {
            title: words.title,
            subtitle: words.subtitle,
            source: source_line(inputs.data, &sources),
            plot: Plot::Lines(LineFigure {
                markers: markers(&drawn.events),
                lines: drawn.lines,
                log_y: drawn.log_y,
                unit: Unit::Count,
            }),
        },
        table: drawn.table,
        sources,
        note: words.note,
    }
}

/// The title, subtitle, description and note of a users chart. `runs`:
/// every series of the table.
fn words(inputs: &Inputs, runs: &[&[u32]], chosen: &Chosen, drawn: &Drawn) -> Words {
    let users = &inputs.data.users;
    let label = metric_label(chosen.metric);
    let scale = if drawn.log_y {
        "log scale: each gridline is a tenfold step"
    } else {
        "linear scale"
    };
    let named: Vec<(&str, &[u32])> = chosen
        .top
        .iter()
        .map(|run| (product_id(users, run).as_str(), *run))
        .collect();
    Words {
        title: title(inputs, runs, &chosen.top, &drawn.lines, &label),
        subtitle: format!("{label} by product, {scale}; numbered lines mark events"),
        description: description(&label, scale, &drawn.lines, &drawn.events),
        note: counted::note(inputs.data, users, &named),
    }
}
