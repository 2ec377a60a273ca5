//! Key figures and summary sentences, generated from the metrics. Every number
//! goes through `format.rs`, so a sentence says a figure exactly as the tables
//! and charts do, and every name through `names.rs`. Nothing here is copied
//! text: each sentence exists only when the metrics it needs exist, and each
//! keeps SPEC 6.1: like with like, qualifiers carried, dates named, no ids.

use chrono::{Datelike, NaiveDate};

use crate::format;
use crate::metrics::{bloc_years, BlocYear, MetricRow, Metrics, Verdict};
use crate::model::{
    Bloc, Dataset, Earnings, Metric, Period, Qualifier, Target, TargetKind, TargetMetric,
};
use crate::names;

use super::view::KeyFigure;

/// The company whose earnings the data follows most closely: the most rows.
fn focus_company(data: &Dataset) -> Option<&str> {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for e in &data.earnings {
        match counts.iter_mut().find(|(c, _)| *c == e.company) {
            Some((_, n)) => *n += 1,
            None => counts.push((&e.company, 1)),
        }
    }
    counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    counts.first().map(|(c, _)| *c)
}

/// The report's title: the company the data follows most closely, if any.
pub fn title(data: &Dataset) -> String {
    match focus_company(data) {
        Some(company) => format!(
            "The AI market: {} and its peers",
            names::company(data, company)
        ),
        None => "The AI market".to_string(),
    }
}

/// The company's total-segment quarters, latest first.
fn total_quarters<'d>(data: &'d Dataset, company: &str) -> Vec<&'d Earnings> {
    let mut quarters: Vec<&Earnings> = data
        .earnings
        .iter()
        .filter(|e| e.company == company && e.segment == "total")
        .collect();
    quarters.sort_by_key(|e| std::cmp::Reverse(e.period_end));
    quarters
}

/// The latest quarter of the company with a row of `metric`, and that row.
fn latest<'d, 'm>(
    data: &'d Dataset,
    metrics: &'m Metrics,
    metric: Metric,
    company: &str,
) -> Option<(&'d Earnings, &'m MetricRow)> {
    total_quarters(data, company)
        .into_iter()
        .find_map(|e| Some((e, quarter_row(metrics, metric, e)?)))
}

/// The row of `metric` for the quarter of earnings row `e`.
fn quarter_row<'m>(metrics: &'m Metrics, metric: Metric, e: &Earnings) -> Option<&'m MetricRow> {
    let period = Period::Quarter {
        label: e.fiscal_period,
        end: e.period_end,
    };
    metrics.get(metric, &e.company, Some(&e.segment), &period)
}

/// A target's row of `metric`: it has one at most.
fn target_row<'m>(metrics: &'m Metrics, metric: Metric, t: &Target) -> Option<&'m MetricRow> {
    metrics.first(metric, &t.id)
}

/// The day a target row is measured to (its period), in words.
fn measured_to(r: &MetricRow) -> String {
    match r.period {
        Period::Date(day) => names::day(day),
        _ => String::new(),
    }
}

pub fn key_figures(data: &Dataset, metrics: &Metrics) -> Vec<KeyFigure> {
    let mut figures = Vec::new();
    if let Some(company) = focus_company(data) {
        let company_name = names::company(data, company);
        if let Some((e, r)) = latest(data, metrics, Metric::RevenueConv, company) {
            let yoy = quarter_row(metrics, Metric::RevenueYoyPct, e)
                .map(|y| {
                    format!(
                        "; {} on a year earlier in {}",
                        format::signed_pct(y.value),
                        e.currency
                    )
                })
                .unwrap_or_default();
            figures.push(KeyFigure {
                label: format!(
                    "{company_name} revenue, {}",
                    names::quarter(e.fiscal_period, e.period_end)
                ),
                value: r.shown(),
                detail: format!(
                    "converted to {} at the quarter-end rate{yoy}",
                    metrics.currency
                ),
            });
        }
        if let Some((e, r)) = latest(data, metrics, Metric::OperatingMarginPct, company) {
            figures.push(KeyFigure {
                label: format!(
                    "{company_name} operating margin, {}",
                    names::quarter(e.fiscal_period, e.period_end)
                ),
                value: format::pct(r.value),
                detail: "operating income as a share of revenue".into(),
            });
        }
    }
    for t in &data.targets {
        let (Some(progress), Some(elapsed)) = (
            target_row(metrics, Metric::TargetProgressPct, t),
            target_row(metrics, Metric::TargetElapsedPct, t),
        ) else {
            continue;
        };
        let day = measured_to(progress);
        match t.kind {
            TargetKind::Cumulative => {
                let pace = target_row(metrics, Metric::TargetPaceRatio, t)
                    .map(|p| format!(": {} the straight-line pace", format::ratio(p.value)))
                    .unwrap_or_default();
                figures.push(KeyFigure {
                    label: format!("{}, reached by {day}", names::target(data, t)),
                    value: format::pct(progress.value),
                    detail: format!(
                        "with {} of its time gone by then{pace}",
                        format::pct(elapsed.value)
                    ),
                });
            }
            TargetKind::RunRate => {
                let latest =
                    format::money_mn(progress.value / 100.0 * t.value, t.currency.as_str());
                if progress.value >= 100.0 {
                    figures.push(KeyFigure {
                        label: format!("Reached: {}", names::target(data, t)),
                        value: format::pct(progress.value),
                        detail: format!("{latest} in the four quarters to {day}"),
                    });
                    continue;
                }
                let Some(remaining) = target_row(metrics, Metric::TargetRemainingCagrPct, t) else {
                    continue;
                };
                figures.push(KeyFigure {
                    label: format!("Growth still needed: {}", names::target(data, t)),
                    value: format!("{} a year", format::pct(remaining.value)),
                    detail: format!("from {latest} in the four quarters to {day}"),
                });
            }
        }
    }
    if let Some(leader) = users_leaders(data, metrics).into_iter().next() {
        figures.push(KeyFigure {
            label: format!("Highest {} count in the data", leader.metric_words),
            value: names::qualified_count(leader.row.value, leader.qualifier),
            detail: format!(
                "{}, {}; latest counts of {} products{}",
                names::product(data, &leader.row.subject),
                leader.day,
                leader.products,
                leader.others
            ),
        });
    }
    if !metrics.claims.is_empty() {
        let tally = Tally::of(metrics);
        figures.push(KeyFigure {
            label: "Claims the data confirms".into(),
            value: format!("{} of {}", tally.holds, tally.independent()),
            detail: format!(
                "tested against other sources; {} repeat their own source, {} cannot be checked",
                tally.restates, tally.unverifiable
            ),
        });
    }
    figures
}

/// Verdicts counted; only `holds` and `fails` were tested independently.
pub struct Tally {
    pub holds: usize,
    pub fails: usize,
    pub restates: usize,
    pub unverifiable: usize,
}

impl Tally {
    pub fn of(metrics: &Metrics) -> Tally {
        let count = |v: Verdict| metrics.claims.iter().filter(|c| c.verdict == v).count();
        Tally {
            holds: count(Verdict::Holds),
            fails: count(Verdict::Fails),
            restates: count(Verdict::Restates),
            unverifiable: count(Verdict::Unverifiable),
        }
    }

    pub fn independent(&self) -> usize {
        self.holds + self.fails
    }

    /// "Of the 10 claims, 4 were tested against data from other sources: 3 hold
    /// and 1 fails; 5 repeat their own source; 1 cannot be checked."
    pub fn sentence(&self) -> String {
        let total = self.independent() + self.restates + self.unverifiable;
        let mut parts = vec![format!(
            "{} {} tested against data from other sources",
            self.independent(),
            if self.independent() == 1 {
                "was"
            } else {
                "were"
            }
        )];
        if self.independent() > 0 {
            parts[0].push_str(&format!(
                ": {} {} and {} {}",
                self.holds,
                if self.holds == 1 { "holds" } else { "hold" },
                self.fails,
                if self.fails == 1 { "fails" } else { "fail" }
            ));
        }
        if self.restates > 0 {
            parts.push(format!(
                "{} {} {} own source, so the data cannot test {}",
                self.restates,
                if self.restates == 1 {
                    "repeats"
                } else {
                    "repeat"
                },
                if self.restates == 1 { "its" } else { "their" },
                if self.restates == 1 { "it" } else { "them" }
            ));
        }
        if self.unverifiable > 0 {
            parts.push(format!(
                "{} cannot be checked against the data",
                self.unverifiable
            ));
        }
        format!(
            "Of the {total} {}, {}.",
            if total == 1 { "claim" } else { "claims" },
            parts.join("; ")
        )
    }
}

/// The product with the highest latest count of one users metric, compared only
/// with products reporting that same metric.
struct UsersLeader<'m> {
    row: &'m MetricRow,
    metric_words: String,
    qualifier: Qualifier,
    day: String,
    products: usize,
    /// The dates of the latest counts compared: earliest and latest.
    dates: (String, String),
    /// "; weekly and daily counts are not compared", when the data has them.
    others: String,
}

/// One leader per users metric reported by two or more products; monthly
/// first, then weekly, daily, then the rest by name.
fn users_leaders<'m>(data: &Dataset, metrics: &'m Metrics) -> Vec<UsersLeader<'m>> {
    let latest = metrics.of(Metric::UsersLatest);
    let mut kinds: Vec<&str> = latest.iter().filter_map(|r| r.segment.as_deref()).collect();
    kinds.sort_by_key(|k| {
        (
            ["mau", "wau", "dau"]
                .iter()
                .position(|m| m == k)
                .unwrap_or(3),
            *k,
        )
    });
    kinds.dedup();
    let all_kinds = kinds.clone();
    kinds
        .into_iter()
        .filter_map(|kind| {
            let rows: Vec<&MetricRow> = latest
                .iter()
                .filter(|r| r.segment.as_deref() == Some(kind))
                .collect();
            if rows.len() < 2 {
                return None;
            }
            let top = rows.iter().copied().max_by(|a, b| {
                a.value
                    .total_cmp(&b.value)
                    .then_with(|| b.subject.cmp(&a.subject))
            })?;
            let mut dates: Vec<NaiveDate> = rows.iter().filter_map(|r| r.period.end()).collect();
            dates.sort_unstable();
            let words = |d: NaiveDate| names::day(d);
            // Active-user counts of other periods, named so a reader knows they
            // were left out of the ranking rather than beaten.
            let other: Vec<String> = all_kinds
                .iter()
                .filter(|k| **k != kind)
                .filter_map(|k| match *k {
                    "mau" => Some("monthly".to_string()),
                    "wau" => Some("weekly".to_string()),
                    "dau" => Some("daily".to_string()),
                    _ => None,
                })
                .collect();
            let others = if other.is_empty() {
                String::new()
            } else {
                format!("; {} counts are not compared", names::list(&other))
            };
            Some(UsersLeader {
                others,
                row: top,
                metric_words: names::users_metric(kind),
                qualifier: users_qualifier(data, top),
                day: top.period.end().map(words).unwrap_or_default(),
                products: rows.len(),
                dates: (words(dates[0]), words(dates[dates.len() - 1])),
            })
        })
        .collect()
}

/// The qualifier of the users row behind a `users_latest` row.
pub fn users_qualifier(data: &Dataset, r: &MetricRow) -> Qualifier {
    r.segment
        .as_deref()
        .and_then(|metric| data.users.latest_qualifier(&r.subject, metric))
        .unwrap_or(Qualifier::Exact)
}

pub fn sentences(data: &Dataset, metrics: &Metrics) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(company) = focus_company(data) {
        out.extend(earnings_sentences(data, metrics, company));
    }
    for t in &data.targets {
        out.extend(target_sentence(data, metrics, t));
    }
    out.extend(bloc_sentence(data, metrics));
    for leader in users_leaders(data, metrics) {
        let (from, to) = &leader.dates;
        let dated = if from == to {
            format!("all dated {from}")
        } else {
            format!("dated {from} to {to}")
        };
        out.push(format!(
            "Of the latest {} counts of {} products in the data ({dated}), {}'s is the highest: {} on {}{}.",
            leader.metric_words.trim_end_matches(" users").to_string() + " user",
            leader.products,
            names::product(data, &leader.row.subject),
            names::qualified_count(leader.row.value, leader.qualifier),
            leader.day,
            leader.others
        ));
    }
    if !metrics.claims.is_empty() {
        out.push(Tally::of(metrics).sentence());
    }
    out
}

fn earnings_sentences(data: &Dataset, metrics: &Metrics, company: &str) -> Vec<String> {
    let mut out = Vec::new();
    let company_name = names::company(data, company);
    if let Some((e, s)) = latest(data, metrics, Metric::RevenueSurprisePct, company) {
        let direction = if s.value < 0.0 { "below" } else { "above" };
        let quarters = total_quarters(data, company);
        let surprises: Vec<f64> = quarters
            .iter()
            .filter_map(|q| quarter_row(metrics, Metric::RevenueSurprisePct, q))
            .map(|r| r.value)
            .collect();
        let beats = surprises.iter().filter(|v| **v > 0.0).count();
        let coverage = if surprises.len() == quarters.len() {
            format!("in {beats} of its {} quarters in the data", quarters.len())
        } else {
            let missing = quarters.len() - surprises.len();
            format!(
                "in {beats} of the {} quarters with a consensus figure ({missing} of its {} quarters in the data {} none)",
                surprises.len(),
                quarters.len(),
                if missing == 1 { "has" } else { "have" }
            )
        };
        out.push(format!(
            "In {}, {company_name}'s revenue of {} was {} {direction} the analysts' consensus; its revenue beat consensus {coverage}.",
            names::quarter(e.fiscal_period, e.period_end),
            format::money_mn(e.revenue, e.currency.as_str()),
            format::pct(s.value.abs()),
        ));
    }
    if let Some((e, oi)) = latest(data, metrics, Metric::OperatingIncomeYoyPct, company) {
        let quarter = names::quarter(e.fiscal_period, e.period_end);
        let margin = quarter_row(metrics, Metric::OperatingMarginPct, e)
            .map(|m| format!("; its operating margin was {}", format::pct(m.value)))
            .unwrap_or_default();
        let sentence = match e.operating_income {
            // From a profit a year earlier to a loss: "fell 103%" would say little.
            Some(value) if value < 0.0 && oi.value < -100.0 => format!(
                "{company_name} made an operating loss of {} in {quarter}, against a profit a year earlier{margin}.",
                format::money_mn(value.abs(), e.currency.as_str())
            ),
            _ => format!(
                "{company_name}'s operating income {} {} on a year earlier in {quarter}{margin}.",
                if oi.value < 0.0 { "fell" } else { "rose" },
                format::pct(oi.value.abs())
            ),
        };
        out.push(sentence);
    }
    out
}

fn target_sentence(data: &Dataset, metrics: &Metrics, t: &Target) -> Option<String> {
    let name = names::target(data, t);
    let progress = target_row(metrics, Metric::TargetProgressPct, t);
    let elapsed = target_row(metrics, Metric::TargetElapsedPct, t);
    match (t.metric, t.kind) {
        (_, TargetKind::Cumulative) => {
            let (Some(p), Some(e)) = (progress, elapsed) else {
                return Some(format!(
                    "No reported {} falls inside {name} yet.",
                    if t.metric == TargetMetric::Capex {
                        "spending"
                    } else {
                        "revenue"
                    }
                ));
            };
            let pace = target_row(metrics, Metric::TargetPaceRatio, t)
                .map(|r| {
                    format!(
                        ": {} the pace of a straight line to the target",
                        format::ratio(r.value)
                    )
                })
                .unwrap_or_default();
            let verb = match t.metric {
                TargetMetric::Capex => "spent",
                TargetMetric::Revenue => "earned",
            };
            Some(format!(
                "By {}, {} had {verb} {} of its {}, with {} of its time gone by that day{pace}.",
                measured_to(p),
                names::company(data, &t.company),
                format::pct(p.value),
                names::target_itself(t),
                format::pct(e.value)
            ))
        }
        (TargetMetric::Revenue, TargetKind::RunRate) => {
            let required = target_row(metrics, Metric::TargetRequiredCagrPct, t);
            let baseline = target_row(metrics, Metric::TargetBaseline, t);
            let remaining = target_row(metrics, Metric::TargetRemainingCagrPct, t);
            let from_start = match (required, baseline) {
                (Some(g), Some(b)) => Some(format!(
                    "{} a year from the {} of the four quarters before it began",
                    format::pct(g.value),
                    b.shown()
                )),
                _ => None,
            };
            let still = match (remaining, progress) {
                // Already past the level: "needs -5.8% growth" would mislead.
                (Some(_), Some(p)) if p.value >= 100.0 => {
                    return Some(format!(
                        "{} already reached the level of its {} in the four quarters to {}: {} of it.",
                        names::company(data, &t.company),
                        names::target_itself(t),
                        measured_to(p),
                        format::pct(p.value)
                    ));
                }
                (Some(g), Some(p)) => Some(format!(
                    "{} a year from the {} of the four quarters to {}",
                    format::pct(g.value),
                    format::money_mn(p.value / 100.0 * t.value, t.currency.as_str()),
                    measured_to(p)
                )),
                _ => None,
            };
            match (still, from_start) {
                (Some(still), Some(start)) => Some(format!(
                    "Reaching {name} needs growth of {still} ({start})."
                )),
                (Some(one), None) | (None, Some(one)) => {
                    Some(format!("Reaching {name} needs growth of {one}."))
                }
                (None, None) => None,
            }
        }
        (TargetMetric::Capex, TargetKind::RunRate) => None,
    }
}

/// The bloc comparison of one calendar year, saying which companies each side
/// covers and what is missing. The year: the latest complete one, else the
/// latest with both blocs.
fn bloc_sentence(data: &Dataset, metrics: &Metrics) -> Option<String> {
    let years: Vec<BlocYear> = bloc_years(data, metrics)
        .into_iter()
        .filter(|y| y.both().is_some())
        .collect();
    let year = years
        .iter()
        .rev()
        .find(|y| y.is_complete())
        .or(years.last())?;
    let (western, china) = year.both()?;
    let unit = metrics.unit(Metric::BlocCapexConv);
    let side = |bloc: Bloc| {
        let companies: Vec<String> = year
            .covered
            .iter()
            .filter(|(c, _)| c.bloc == bloc)
            .map(|(c, _)| c.name.clone())
            .collect();
        names::list(&companies)
    };
    let in_progress = metrics
        .as_of
        .filter(|d| d.year() == year.year && (d.month(), d.day()) != (12, 31));
    let when = match in_progress {
        Some(d) => format!("{} so far (to {})", year.year, names::day(d)),
        None => year.year.to_string(),
    };
    let mut sentence = format!(
        "In {when}, actual capex came to {} for the western companies in the data ({}) and {} for the Chinese ones ({})",
        format::in_unit(western, unit),
        side(Bloc::Western),
        format::in_unit(china, unit),
        side(Bloc::China),
    );
    sentence.push_str(&bloc_ratio_or_gaps(year));
    Some(sentence)
}

/// ": 15 to 1." for a complete year; otherwise what the sums lack.
fn bloc_ratio_or_gaps(year: &BlocYear) -> String {
    match year.both() {
        Some((western, china)) if year.is_complete() && china > 0.0 => {
            format!(": {:.0} to 1.", western / china)
        }
        _ => format!(
            ", so the two sums are not like for like: {}.",
            names::bloc_year_gaps(year)
        ),
    }
}
