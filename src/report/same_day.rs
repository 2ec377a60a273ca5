//! The most products one counter counted on one day, like with like (SPEC
//! 6.1, "Who counted"): "Counted on one day, 7 February 2026, by QuestMobile:
//! 78.7M daily active users for Doubao and 73.5M for Qwen app."

use std::cmp::Reverse;

use chrono::{Datelike, NaiveDate};
use rustc_hash::FxHashMap;

use crate::model::{Dataset, Users};
use crate::names;

/// The counts one counter made of one users metric on one day.
#[derive(Debug, PartialEq)]
pub struct SameDay {
    pub counter: String,
    pub day: String,
    pub metric_words: String,
    /// Product names and counts in words, highest first (at most `NAMED`).
    pub counts: Vec<(String, String)>,
    /// Products counted that day beyond those named.
    pub more: usize,
}

/// Counts a same-day sentence names before it says how many more there are.
const NAMED: usize = 4;

impl SameDay {
    /// "Counted on one day, 7 February 2026, by QuestMobile: 78.7M daily
    /// active users for Doubao and 73.5M for Qwen app."
    pub fn sentence(&self) -> String {
        let mut parts: Vec<String> = self
            .counts
            .iter()
            .enumerate()
            .map(|(i, (product, count))| match i {
                0 => format!("{count} {} for {product}", self.metric_words),
                _ => format!("{count} for {product}"),
            })
            .collect();
        if self.more > 0 {
            parts.push(format!(
                "lower counts for {} more",
                crate::format::number(self.more as f64, 0)
            ));
        }
        format!(
            "Counted on one day, {}, by {}: {}.",
            self.day,
            self.counter,
            names::list(&parts)
        )
    }
}

/// The day on which one counter counted the most products of `kind` (the
/// latest such day on a tie), when it counted two or more: like with like.
/// Rows whose counter is not stated are left out: two of them may not share one.
pub fn same_day(data: &Dataset, kind: &str) -> Option<SameDay> {
    let users = &data.users;
    if !users.states_counters() {
        return None;
    }
    let metric = users.metrics.iter().position(|m| m == kind)? as u32;
    // The series of that metric, each a run of rows sorted by date.
    let runs: Vec<&[u32]> = users
        .series()
        .filter(|run| users.metric[run[0] as usize] == metric)
        .collect();
    let (day, code) = busiest_day(users, &runs)?;
    // Each series' rows of that day, found by date within the run.
    let mut rows: Vec<usize> = runs
        .iter()
        .flat_map(|run| {
            let start = run.partition_point(|&i| users.date[i as usize] < day);
            run[start..]
                .iter()
                .map(|&i| i as usize)
                .take_while(|&i| users.date[i] == day)
        })
        .filter(|&i| users.measured_by[i] == code)
        .collect();
    rows.sort();
    rows.sort_by(|&a, &b| users.value[b].total_cmp(&users.value[a]));
    let product = |i: usize| names::product(data, &users.products[users.product[i] as usize]);
    let slug = users.counters[code as usize].as_str();
    Some(SameDay {
        counter: match slug {
            "company" => "each product's own company".into(),
            tracker => names::tracker_name(tracker),
        },
        day: names::day(day),
        metric_words: names::users_metric(kind),
        counts: rows
            .iter()
            .take(NAMED)
            .map(|&i| {
                (
                    product(i),
                    names::qualified_count(users.value[i], users.qualifier[i]),
                )
            })
            .collect(),
        more: rows.len().saturating_sub(NAMED),
    })
}

/// The day and counter with the most rows among `runs` (two at least), the
/// latest day on a tie, then the counter first by name; rows whose counter is
/// not stated are left out. The runs may hold millions of rows: counted in one
/// array of days by counters, or in a map where their dates are too far apart
/// for that array to be small.
fn busiest_day(users: &Users, runs: &[&[u32]]) -> Option<(NaiveDate, u32)> {
    let day_of = |i: u32| i64::from(users.date[i as usize].num_days_from_ce());
    let first = runs.iter().map(|run| day_of(run[0])).min()?;
    let last = runs.iter().map(|run| day_of(run[run.len() - 1])).max()?;
    let counters = users.counters.len();
    let slots = (last - first + 1) as usize * counters;
    let rows: usize = runs.iter().map(|run| run.len()).sum();
    let mut dense = (slots <= 2 * rows + 1024).then(|| vec![0u32; slots]);
    let mut sparse: FxHashMap<usize, u32> = FxHashMap::default();
    for &i in runs.iter().flat_map(|run| run.iter()) {
        let slot = (day_of(i) - first) as usize * counters + users.measured_by[i as usize] as usize;
        match &mut dense {
            Some(dense) => dense[slot] += 1,
            None => *sparse.entry(slot).or_default() += 1,
        }
    }
    let counts: Vec<(usize, u32)> = match dense {
        Some(dense) => dense
            .into_iter()
            .enumerate()
            .filter(|(_, n)| *n >= 2)
            .collect(),
        None => sparse.into_iter().filter(|(_, n)| *n >= 2).collect(),
    };
    let counter = |slot: usize| users.counters[slot % counters].as_str();
    let (slot, _) = counts
        .into_iter()
        .filter(|&(slot, _)| !counter(slot).is_empty())
        .max_by_key(|&(slot, n)| (n, slot / counters, Reverse(counter(slot))))?;
    let day = i32::try_from(first + (slot / counters) as i64).ok()?;
    Some((
        NaiveDate::from_num_days_from_ce_opt(day)?,
        (slot % counters) as u32,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Qualifier;

    /// Series of (product, days) counted by `counter` codes: counters are
    /// ["", "aicpb", "questmobile"].
    fn table(series: &[(u32, &[(i32, u32)])]) -> Users {
        let mut users = Users::default();
        users.products = vec!["a".into(), "b".into(), "c".into()];
        users.metrics = vec!["mau".into()];
        users.sources = vec!["s".into()];
        users.counters = vec!["".into(), "aicpb".into(), "questmobile".into()];
        for &(product, days) in series {
            for &(day, counter) in days {
                users.product.push(product);
                users.metric.push(0);
                users
                    .date
                    .push(NaiveDate::from_num_days_from_ce_opt(day).unwrap());
                users.value.push(1.0);
                users.qualifier.push(Qualifier::Exact);
                users.source.push(0);
                users.measured_by.push(counter);
                users.line.push(users.line.len() as u64 + 2);
            }
        }
        users
    }

    fn busiest(users: &Users) -> Option<(i32, &str)> {
        let runs: Vec<&[u32]> = users.series().collect();
        let (day, code) = busiest_day(users, &runs)?;
        Some((
            day.num_days_from_ce(),
            users.counters[code as usize].as_str(),
        ))
    }

    #[test]
    fn the_busiest_day_of_one_counter_is_found_near_and_far() {
        let day = 739_000;
        // Two products on `day` by aicpb, three on `day + 1` but one not stated
        // and one by questmobile: aicpb's day wins, 2 to 1.
        let users = table(&[
            (0, &[(day, 1), (day + 1, 0)]),
            (1, &[(day, 1), (day + 1, 2)]),
            (2, &[(day + 1, 1)]),
        ]);
        assert_eq!(busiest(&users), Some((day, "aicpb")));
        // A tie of two products each: the later day.
        let users = table(&[
            (0, &[(day, 1), (day + 9, 2)]),
            (1, &[(day, 1), (day + 9, 2)]),
        ]);
        assert_eq!(busiest(&users), Some((day + 9, "questmobile")));
        // Dates thousands of years apart (a map, not an array of days): the same answer.
        let users = table(&[
            (0, &[(10, 2), (day, 1), (3_000_000, 2)]),
            (1, &[(10, 2), (day, 1)]),
        ]);
        assert_eq!(busiest(&users), Some((day, "aicpb")));
        // No counter counted two products on one day.
        let users = table(&[(0, &[(day, 1)]), (1, &[(day, 0), (day + 1, 0)])]);
        assert_eq!(busiest(&users), None);
    }
}
