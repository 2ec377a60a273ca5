//! Who counted the lines of a users chart (SPEC 6.1, "Who counted"): the note
//! naming each line's counter and where a line changes counter, and the bound
//! a shorter period's count puts above the chart's highest latest count
//! ("Implied bounds").

use chrono::NaiveDate;

use super::draw::{day_number, theme};
use crate::model::{Dataset, Users};
use crate::names;

/// Who counted the row of `run` (a series, oldest first) dated at day number
/// `x`: `company`, a tracker's slug, or `None` when not stated.
pub fn counter_at<'u>(users: &'u Users, run: &[u32], x: f64) -> Option<&'u str> {
    let at = run.partition_point(|&i| day_number(users.date[i as usize]) < x);
    users.counter(*run.get(at)? as usize)
}

/// One counter's stretch of a series: who, and its first and last day.
struct Stretch<'u> {
    counter: Option<&'u str>,
    first: NaiveDate,
    last: NaiveDate,
}

/// A series cut where its counter changes.
fn stretches<'u>(users: &'u Users, run: &[u32]) -> Vec<Stretch<'u>> {
    let mut out: Vec<Stretch> = Vec::new();
    for &i in run {
        let (counter, date) = (users.counter(i as usize), users.date[i as usize]);
        match out.last_mut() {
            Some(s) if s.counter == counter => s.last = date,
            _ => out.push(Stretch {
                counter,
                first: date,
                last: date,
            }),
        }
    }
    out
}

/// `30 June to 30 September 2025`, `6 to 7 February 2026`, `30 November 2025`.
fn span(first: NaiveDate, last: NaiveDate) -> String {
    use chrono::Datelike;
    if first == last {
        names::day(first)
    } else if (first.year(), first.month()) == (last.year(), last.month()) {
        format!("{} to {}", first.day(), names::day(last))
    } else if first.year() == last.year() {
        format!("{} to {}", first.format("%-d %B"), names::day(last))
    } else {
        format!("{} to {}", names::day(first), names::day(last))
    }
}

/// The chart's note: who counted each line drawn (`lines`: product id and
/// series), lines of one counter grouped by it, and each line that joins
/// counts of more than one counter with its stretches, since a step there
/// may be a change of counter rather than of users.
/// Nothing when no row of the data says who counted it.
pub fn note(data: &Dataset, users: &Users, lines: &[(&str, &[u32])]) -> String {
    if !users.states_counters() {
        return String::new();
    }
    let mut single = Vec::new();
    let mut switches = Vec::new();
    for &(id, run) in lines {
        let name = theme::clean(&names::product(data, id));
        let parts = stretches(users, run);
        let who = |s: &Stretch| match s.counter {
            Some(_) => theme::clean(&names::counter(data, id, s.counter)),
            None => "a counter not stated".to_string(),
        };
        if let [one] = parts.as_slice() {
            single.push((who(one), name));
            continue;
        }
        let joined: Vec<String> = parts
            .iter()
            .map(|s| format!("{} ({})", who(s), span(s.first, s.last)))
            .collect();
        switches.push(format!("{name} counted by {}", joined.join(", then ")));
    }
    let groups = names::grouped_in_order(single);
    let mut parts = Vec::new();
    if !groups.is_empty() {
        let named: Vec<String> = groups
            .iter()
            .map(|(counter, products)| format!("{counter} ({})", names::list(products)))
            .collect();
        parts.push(format!("Counted by {}", names::list(&named)));
    }
    parts.extend(switches.iter().cloned());
    if parts.is_empty() {
        return String::new();
    }
    let mut note = parts.join("; ");
    if !switches.is_empty() {
        note.push_str(
            ". Where a line changes counter, the step compares two counters' figures, \
             not a change in users",
        );
    }
    note
}

/// When some product's latest count of a shorter period than `metric` (weekly
/// or daily for monthly) is above `highest`, the highest latest count drawn:
/// "ChatGPT's weekly count of at least 900.0M means at least 900.0M monthly
/// users". `runs`: every series of the table.
pub fn bound_above(
    data: &Dataset,
    users: &Users,
    runs: &[&[u32]],
    metric: &str,
    highest: f64,
) -> Option<String> {
    let shorter = names::shorter_periods(metric);
    let last = runs
        .iter()
        .map(|run| run[run.len() - 1] as usize)
        .filter(|&i| shorter.contains(&users.metrics[users.metric[i] as usize].as_str()))
        .filter(|&i| users.value[i] > highest)
        .max_by(|&a, &b| users.value[a].total_cmp(&users.value[b]))?;
    let id = &users.products[users.product[last] as usize];
    let period = names::active_period(&users.metrics[users.metric[last] as usize])?;
    Some(names::implied_bound(
        &theme::clean(&names::product(data, id)),
        period,
        users.value[last],
        users.qualifier[last],
        names::active_period(metric)?,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_say_each_month_and_year_once() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        assert_eq!(span(d(2026, 2, 6), d(2026, 2, 6)), "6 February 2026");
        assert_eq!(span(d(2026, 2, 6), d(2026, 2, 7)), "6 to 7 February 2026");
        assert_eq!(
            span(d(2025, 6, 30), d(2025, 9, 30)),
            "30 June to 30 September 2025"
        );
        assert_eq!(
            span(d(2025, 12, 31), d(2026, 1, 31)),
            "31 December 2025 to 31 January 2026"
        );
    }
}
