//! The report's title and summary sentences, generated from the metrics. Every
//! number goes through `format.rs`, so a sentence says a figure exactly as the
//! tables and charts do, and every name through `names.rs`. Nothing here is
//! copied text: each sentence exists only when the metrics it needs exist, and
//! each keeps SPEC 6.1: like with like, qualifiers carried, dates named, no ids.

use chrono::Datelike;

use super::focus::{latest, quarter_row, total_quarters};
use super::leaders::UsersLeader;
use super::tally::Tally;
use super::target_sentences::target_sentence;
use crate::format;
use crate::metrics::{bloc_years, BlocYear, Metrics};
use crate::model::{Bloc, Dataset, Metric, Qualifier};
use crate::names;

/// The report's title when aimarket.toml gives none: the focus company, if any.
pub fn title(data: &Dataset, focus: Option<&str>) -> String {
    match focus {
        Some(company) => format!(
            "The AI market: {} and its peers",
            names::company(data, company)
        ),
        None => "The AI market".to_string(),
    }
}

/// `leaders`: the users leaders, monthly first (`users_leaders`).
pub fn sentences(
    data: &Dataset,
    metrics: &Metrics,
    focus: Option<&str>,
    leaders: &[UsersLeader],
) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(company) = focus {
        out.extend(earnings_sentences(data, metrics, company));
    }
    for t in &data.targets {
        out.extend(target_sentence(data, metrics, t));
    }
    out.extend(bloc_sentence(data, metrics));
    for leader in leaders {
        out.push(leader.sentence(data));
        out.extend(leader.same_day.as_ref().map(|d| d.sentence()));
    }
    if !metrics.claims.is_empty() {
        out.push(Tally::of(metrics).sentence());
    }
    out
}

fn earnings_sentences(data: &Dataset, metrics: &Metrics, company: &str) -> Vec<String> {
    let mut out = Vec::new();
    let company_name = names::company(data, company);
    let owner = names::possessive(&company_name);
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
            "In {}, {owner} revenue of {} was {} {direction} the analysts' consensus; its revenue beat consensus {coverage}.",
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
                "{owner} operating income {} {} on a year earlier in {quarter}{margin}.",
                if oi.value < 0.0 { "fell" } else { "rose" },
                format::pct(oi.value.abs())
            ),
        };
        out.push(sentence);
    }
    out
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
    // A sum with an estimate in it is an estimate (SPEC 6.1 v3).
    let sum = |bloc: Bloc, value: f64| {
        let qualifier = year.footing.only(|c| c.bloc == bloc).qualifier();
        names::qualified_figure(value, qualifier, unit)
    };
    let mut sentence = format!(
        "In {when}, actual capex came to {} for the western companies in the data ({}) and {} for the Chinese ones ({})",
        sum(Bloc::Western, western),
        side(Bloc::Western),
        sum(Bloc::China, china),
        side(Bloc::China),
    );
    sentence.push_str(&bloc_ratio_or_gaps(year));
    // Which figures are estimates, and whose count what (SPEC 6.1 v3, "Bases").
    for more in [names::estimates(&year.footing), names::bases(&year.footing)] {
        if !more.is_empty() {
            sentence.push_str(&format!(" {more}."));
        }
    }
    Some(sentence)
}

/// ": 15 to 1." for a complete year; otherwise what the sums lack.
fn bloc_ratio_or_gaps(year: &BlocYear) -> String {
    match year.both() {
        Some((western, china)) if year.is_complete() && china > 0.0 => {
            let about = match year.footing.qualifier() {
                Qualifier::Exact => "",
                _ => "about ",
            };
            format!(": {about}{:.0} to 1.", western / china)
        }
        _ => format!(
            ", so the two sums are not like for like: {}.",
            names::bloc_year_gaps(year)
        ),
    }
}
