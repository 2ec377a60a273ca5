//! The products with the highest latest users counts, one per users metric,
//! compared only with products reporting that same metric (SPEC 6.1), with
//! who counted each count; the bound a finer count puts above them ("ChatGPT's
//! weekly count of at least 900.0M means at least 900.0M monthly users"); and
//! the most products one counter counted on one day, like with like.

use chrono::NaiveDate;

use super::same_day::{same_day, SameDay};
use super::view::KeyFigure;
use crate::metrics::{MetricRow, Metrics};
use crate::model::{Dataset, Metric, Qualifier};
use crate::names;

/// The product with the highest latest count of one users metric, compared only
/// with products reporting that same metric.
pub struct UsersLeader<'m> {
    pub row: &'m MetricRow,
    pub metric_words: String,
    pub qualifier: Qualifier,
    pub day: String,
    pub products: usize,
    /// The dates of the latest counts compared: earliest and latest.
    pub dates: (String, String),
    /// "; weekly and daily counts are not compared", when the data has them.
    pub others: String,
    /// Who counted the counts compared: "counted by Alphabet (Gemini app) and
    /// Aicpb (Doubao)", "all counted by QuestMobile".
    pub counted_by: String,
    /// A shorter period's count of some product above every count compared.
    pub bound: Option<ImpliedBound>,
    /// When the counts compared come from more than one counter: the most
    /// products one counter counted on one day.
    pub same_day: Option<SameDay>,
}

/// What a count of a shorter period implies for a longer one: a product with
/// 900M weekly users has at least 900M monthly users.
#[derive(Debug, PartialEq)]
pub struct ImpliedBound {
    pub product: String,
    /// The period of the count: `weekly`.
    pub period: &'static str,
    pub value: f64,
    pub qualifier: Qualifier,
    pub day: String,
    /// Who counted it, in words; `None` where the data does not say.
    pub counter: Option<String>,
}

impl ImpliedBound {
    /// "ChatGPT's weekly count of at least 900.0M means at least 900.0M monthly users".
    pub fn words(&self, implied: &str) -> String {
        names::implied_bound(
            &self.product,
            self.period,
            self.value,
            self.qualifier,
            implied,
        )
    }
}

impl UsersLeader<'_> {
    /// The summary's sentence: the highest count, or the bound above it.
    pub fn sentence(&self, data: &Dataset) -> String {
        let (from, to) = &self.dates;
        let dated = if from == to {
            format!("all dated {from}")
        } else {
            format!("dated {from} to {to}")
        };
        // "(dated ...)" as before when the data never says who counted.
        let described = if self.counted_by.is_empty() {
            format!(" ({dated})")
        } else {
            format!(", {dated} and {}", self.counted_by)
        };
        let counts = format!(
            "the latest {} counts of {} products in the data{described}",
            self.metric_words.trim_end_matches(" users").to_string() + " user",
            self.products,
        );
        match &self.bound {
            Some(b) => format!(
                "{} ({}{}): more than any of {counts}.",
                b.words(self.period()),
                b.day,
                self.counted(b)
            ),
            None => format!(
                "Of {counts}, {} is the highest: {} on {}{}.",
                names::possessive(&names::product(data, &self.row.subject)),
                names::qualified_count(self.row.value, self.qualifier),
                self.day,
                self.others
            ),
        }
    }

    /// The key figure: the highest count, or the bound above it.
    pub fn key_figure(&self, data: &Dataset) -> KeyFigure {
        match &self.bound {
            Some(b) => KeyFigure {
                label: format!(
                    "{} users implied by {} {} count",
                    capitalised(self.period()),
                    names::possessive(&b.product),
                    b.period
                ),
                value: names::implied_count(b.value, b.qualifier),
                detail: format!(
                    "{} on {}{}; above the latest {} counts of {} products{}{}",
                    names::qualified_count(b.value, b.qualifier),
                    b.day,
                    self.counted(b),
                    self.period(),
                    self.products,
                    if self.counted_by.is_empty() { "" } else { ", " },
                    self.counted_by
                ),
            },
            None => KeyFigure {
                label: format!("Highest {} count in the data", self.metric_words),
                value: names::qualified_count(self.row.value, self.qualifier),
                detail: format!(
                    "{}, {}; latest counts of {} products{}{}{}",
                    names::product(data, &self.row.subject),
                    self.day,
                    self.products,
                    if self.counted_by.is_empty() { "" } else { ", " },
                    self.counted_by,
                    self.others
                ),
            },
        }
    }

    /// ", counted by OpenAI" for the bound's count; ", counter not stated";
    /// nothing when the data never says who counted.
    fn counted(&self, b: &ImpliedBound) -> String {
        match &b.counter {
            Some(c) => format!(", counted by {c}"),
            None if !self.counted_by.is_empty() => ", counter not stated".into(),
            None => String::new(),
        }
    }

    /// `monthly`, or the metric's words for a metric of no period.
    fn period(&self) -> &str {
        self.row
            .segment
            .as_deref()
            .and_then(names::active_period)
            .unwrap_or(&self.metric_words)
    }
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

/// One leader per users metric reported by two or more products; monthly
/// first, then weekly, daily, then the rest by name.
pub fn users_leaders<'m>(data: &Dataset, metrics: &'m Metrics) -> Vec<UsersLeader<'m>> {
    let latest = metrics.of(Metric::UsersLatest);
    let mut kinds: Vec<&str> = latest.iter().filter_map(|r| r.segment.as_deref()).collect();
    let order = |k: &str| names::ACTIVE_METRICS.iter().position(|m| *m == k);
    kinds.sort_by_key(|k| (order(k).unwrap_or(3), *k));
    kinds.dedup();
    kinds
        .iter()
        .filter_map(|&kind| leader(data, latest, &kinds, kind))
        .collect()
}

fn leader<'m>(
    data: &Dataset,
    latest: &'m [MetricRow],
    kinds: &[&str],
    kind: &str,
) -> Option<UsersLeader<'m>> {
    let mut rows: Vec<&MetricRow> = latest
        .iter()
        .filter(|r| r.segment.as_deref() == Some(kind))
        .collect();
    if rows.len() < 2 {
        return None;
    }
    // Highest first; ties by id, so the order never depends on the file's.
    rows.sort_by(|a, b| {
        b.value
            .total_cmp(&a.value)
            .then_with(|| a.subject.cmp(&b.subject))
    });
    let top = rows[0];
    let mut dates: Vec<NaiveDate> = rows.iter().filter_map(|r| r.period.end()).collect();
    dates.sort_unstable();
    // Active-user counts of other periods, named so a reader knows they
    // were left out of the ranking rather than beaten.
    let other: Vec<String> = kinds
        .iter()
        .filter(|k| **k != kind)
        .filter_map(|k| names::active_period(k).map(str::to_string))
        .collect();
    let others = if other.is_empty() {
        String::new()
    } else {
        format!("; {} counts are not compared", names::list(&other))
    };
    let counted: Vec<(Option<String>, String)> = rows
        .iter()
        .map(|r| (counter_of(data, r), names::product(data, &r.subject)))
        .collect();
    let mixed = counted
        .iter()
        .any(|(c, _)| *c != counted[0].0 || c.is_none());
    Some(UsersLeader {
        others,
        row: top,
        metric_words: names::users_metric(kind),
        qualifier: users_qualifier(data, top),
        day: top.period.end().map(names::day).unwrap_or_default(),
        products: rows.len(),
        dates: (names::day(dates[0]), names::day(dates[dates.len() - 1])),
        counted_by: if data.users.states_counters() {
            names::counted_by(&names::grouped_in_order(counted))
        } else {
            String::new()
        },
        bound: implied_bound(data, latest, kind, top.value),
        same_day: if mixed { same_day(data, kind) } else { None },
    })
}

/// Who counted the users row behind a `users_latest` row, in words; `None`
/// where the data does not say.
fn counter_of(data: &Dataset, r: &MetricRow) -> Option<String> {
    let users = &data.users;
    let row = users.latest_row(&r.subject, r.segment.as_deref()?)?;
    let slug = users.counter(row)?;
    Some(names::counter(data, &r.subject, Some(slug)))
}

/// The highest latest count of a shorter period than `kind` (weekly or daily
/// for monthly, daily for weekly) when it is above `highest`, the highest
/// latest count of `kind`: that product has at least as many `kind` users.
fn implied_bound(
    data: &Dataset,
    latest: &[MetricRow],
    kind: &str,
    highest: f64,
) -> Option<ImpliedBound> {
    let shorter = names::shorter_periods(kind);
    let r = latest
        .iter()
        .filter(|r| r.segment.as_deref().is_some_and(|s| shorter.contains(&s)))
        .filter(|r| r.value > highest)
        .max_by(|a, b| {
            a.value
                .total_cmp(&b.value)
                .then_with(|| b.subject.cmp(&a.subject))
        })?;
    Some(ImpliedBound {
        product: names::product(data, &r.subject),
        period: names::active_period(r.segment.as_deref()?)?,
        value: r.value,
        qualifier: users_qualifier(data, r),
        day: r.period.end().map(names::day).unwrap_or_default(),
        counter: counter_of(data, r),
    })
}

/// The qualifier of the users row behind a `users_latest` row.
pub fn users_qualifier(data: &Dataset, r: &MetricRow) -> Qualifier {
    r.segment
        .as_deref()
        .and_then(|metric| data.users.latest_qualifier(&r.subject, metric))
        .unwrap_or(Qualifier::Exact)
}
