//! How the report names things for people (SPEC 6.1): companies, products and
//! targets by name, never by id; users metrics and qualifiers in words; dates
//! and fiscal quarters as a reader says them. Sentences, key figures, chart
//! titles and tables all take their words from here.

use chrono::{Datelike, NaiveDate};

use crate::format;
use crate::metrics::BlocYear;
use crate::model::{
    Currency, Dataset, Metric, Period, Qualifier, Target, TargetKind, TargetMetric,
};
use crate::periods::FiscalQuarter;

mod bases;
mod users;
pub use bases::{
    bases, basis_cell, basis_cell_of, basis_phrase, estimates, possessive, qualified_figure,
    NO_BASIS_STATED,
};
pub use users::{
    active_period, counted_by, counter, grouped_in_order, implied_bound, implied_count,
    shorter_periods, tracker_name, users_metric, ACTIVE_METRICS,
};

/// A company's name, or its id when the data has no such company.
pub fn company(data: &Dataset, id: &str) -> String {
    data.company(id)
        .map_or_else(|| id.to_string(), |c| c.name.clone())
}

/// Whether the data has the subject of a row of `metric`, so that the row
/// can be put in words without an id: blocs and stack layers are words
/// already; companies, products, targets and campaigns must be in the data.
pub fn knows(data: &Dataset, metric: Option<Metric>, subject: &str) -> bool {
    matches!(metric, Some(Metric::BlocCapexConv | Metric::StackPlayers))
        || data.company(subject).is_some()
        || data.product(subject).is_some()
        || data.targets.iter().any(|t| t.id == subject)
        || data.campaigns.iter().any(|c| c.id == subject)
}

/// A product's name, or its id when the data has no such product.
pub fn product(data: &Dataset, id: &str) -> String {
    data.product(id)
        .map_or_else(|| id.to_string(), |p| p.name.clone())
}

/// `31 March 2026`.
pub fn day(date: NaiveDate) -> String {
    date.format("%-d %B %Y").to_string()
}

/// `second`, `third`, ... `tenth`, then `11th`: a place in a ranking.
pub fn ordinal(place: usize) -> String {
    const WORDS: [&str; 10] = [
        "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
        "tenth",
    ];
    match WORDS.get(place.wrapping_sub(1)) {
        Some(word) => (*word).to_string(),
        None => format!("{place}th"),
    }
}

/// `Jan–Mar 2026`: the three months of the quarter ending `end`, short, for
/// labels that must stay short (the key figures).
pub fn months_short(end: NaiveDate) -> String {
    let start = crate::periods::quarter_start(end);
    format!("{}–{}", start.format("%b"), end.format("%b %Y"))
}

/// `FY2026Q3 (October to December 2025)`: the fiscal label with its months.
pub fn quarter(label: FiscalQuarter, end: NaiveDate) -> String {
    format!("{label} ({})", quarter_months(end))
}

/// `October to December 2025`: the months of the quarter ending `end`.
pub fn quarter_months(end: NaiveDate) -> String {
    let start = crate::periods::quarter_start(end);
    format!("{} to {}", start.format("%B"), end.format("%B %Y"))
}

/// A count with its qualifier in words: `at least 100.0M`, `about 5.0M`.
pub fn qualified_count(value: f64, qualifier: Qualifier) -> String {
    format!("{}{}", qualifier_words(qualifier), format::count(value))
}

/// The words a qualifier puts before its figure, with a trailing space
/// (SPEC 6.1): "at least ", "more than ", "about ", nothing when exact.
pub fn qualifier_words(qualifier: Qualifier) -> &'static str {
    match qualifier {
        Qualifier::Exact => "",
        Qualifier::AtLeast => "at least ",
        Qualifier::MoreThan => "more than ",
        Qualifier::Approx => "about ",
    }
}

/// A segment in words: `total` is the whole company.
pub fn segment(segment: &str) -> String {
    match segment {
        "total" => "total".into(),
        other => other.replace(['_', '-'], " "),
    }
}

/// A target by what it is: "Alibaba Group's RMB 380.0B capex commitment
/// (24 February 2025 to 24 February 2028)", "Alibaba Group's target of more
/// than $100.0B a year of cloud revenue by 19 March 2031".
pub fn target(data: &Dataset, t: &Target) -> String {
    format!(
        "{} {}",
        possessive(&company(data, &t.company)),
        target_itself(t)
    )
}

/// A target without its company, for "its ...": "RMB 380.0B capex commitment
/// (24 February 2025 to 24 February 2028)"; a qualified value follows its
/// noun: "capex commitment of more than RMB 380.0B (...)".
pub fn target_itself(t: &Target) -> String {
    let value = crate::target_words::value(t);
    match (t.metric, t.kind) {
        (TargetMetric::Capex, _) if t.qualifier == Qualifier::Exact => format!(
            "{value} capex commitment ({} to {})",
            day(t.start),
            day(t.end)
        ),
        (TargetMetric::Capex, _) => format!(
            "capex commitment of {value} ({} to {})",
            day(t.start),
            day(t.end)
        ),
        (TargetMetric::Revenue, kind) => {
            let segment = match t.segment.as_deref() {
                None | Some("total") => "revenue".to_string(),
                Some(s) => format!("{} revenue", segment(s)),
            };
            let how = match kind {
                TargetKind::RunRate => "a year",
                TargetKind::Cumulative => "in total",
            };
            format!("target of {value} {how} of {segment} by {}", day(t.end))
        }
    }
}

/// A metric row described for people: what it measures, of what, when.
/// `Alibaba Group total revenue, FY2026Q3 (October to December 2025), in USD`.
pub fn metric_row(
    data: &Dataset,
    currency: Currency,
    metric: Metric,
    subject: &str,
    seg: Option<&str>,
    period: &Period,
) -> String {
    let row = RowWords {
        data,
        currency,
        subject,
        seg: seg.unwrap_or(""),
        period,
    };
    match metric {
        Metric::RevenueConv
        | Metric::RevenueYoyPct
        | Metric::RevenueQoqPct
        | Metric::RevenueSurprisePct
        | Metric::OperatingMarginPct
        | Metric::OperatingIncomeYoyPct => row.earnings(metric),
        Metric::TargetBaseline
        | Metric::TargetProgressPct
        | Metric::TargetElapsedPct
        | Metric::TargetPaceRatio
        | Metric::TargetRemainingCagrPct
        | Metric::TargetRequiredCagrPct => row.target(metric),
        Metric::UsersLatest | Metric::UsersChangePct | Metric::UsersCmgrPct => row.users(metric),
        Metric::CapexConv
        | Metric::CapexIntensityPct
        | Metric::BlocCapexConv
        | Metric::CampaignSpendPerOrderConv
        | Metric::CampaignSpendPerUnitConv
        | Metric::StackPlayers
        | Metric::CompanyStackLayers => row.other(metric),
    }
}

/// The parts of a metric row that its words are made of.
struct RowWords<'a> {
    data: &'a Dataset,
    currency: Currency,
    subject: &'a str,
    seg: &'a str,
    period: &'a Period,
}

impl RowWords<'_> {
    fn company(&self) -> String {
        company(self.data, self.subject)
    }

    fn quarter(&self) -> String {
        match self.period {
            Period::Quarter { label, end } => quarter(*label, *end),
            other => other.to_string(),
        }
    }

    fn date(&self) -> String {
        match self.period {
            Period::Date(date) => day(*date),
            other => other.to_string(),
        }
    }

    fn earnings(&self, metric: Metric) -> String {
        let (company, quarter, currency) = (self.company(), self.quarter(), self.currency);
        let revenue = match self.seg {
            "total" | "" => "revenue".to_string(),
            other => format!("{} revenue", segment(other)),
        };
        match metric {
            Metric::RevenueConv => format!("{company} {revenue}, {quarter}, in {currency}"),
            Metric::RevenueYoyPct => {
                format!("{company} {revenue} growth on a year earlier, {quarter}")
            }
            Metric::RevenueQoqPct => {
                format!("{company} {revenue} growth on the previous quarter, {quarter}")
            }
            Metric::RevenueSurprisePct => {
                format!("{company} {revenue} against consensus, {quarter}")
            }
            Metric::OperatingMarginPct => format!("{company} operating margin, {quarter}"),
            _ => format!("{company} operating income growth on a year earlier, {quarter}"),
        }
    }

    fn target(&self, metric: Metric) -> String {
        let data = self.data;
        let target = data
            .targets
            .iter()
            .find(|t| t.id == self.subject)
            .map_or_else(|| self.subject.to_string(), |t| target(data, t));
        let date = self.date();
        match metric {
            Metric::TargetBaseline => {
                format!("{target}: revenue of the four quarters before it began")
            }
            Metric::TargetProgressPct => format!("{target}: progress by {date}"),
            Metric::TargetElapsedPct => format!("{target}: time gone by {date}"),
            Metric::TargetPaceRatio => format!("{target}: pace by {date}"),
            Metric::TargetRemainingCagrPct => {
                format!("{target}: growth a year still needed from {date}")
            }
            _ => format!("{target}: growth a year required from its start"),
        }
    }

    fn users(&self, metric: Metric) -> String {
        let (product, measure) = (product(self.data, self.subject), users_metric(self.seg));
        let date = self.date();
        match metric {
            Metric::UsersLatest => format!("{product} {measure}, {date}"),
            Metric::UsersChangePct => {
                format!("{product} {measure}: change from the count before {date}")
            }
            _ => format!("{product} {measure}: compound monthly growth to {date}"),
        }
    }

    /// Capex, campaigns and stacks.
    fn other(&self, metric: Metric) -> String {
        let (subject, seg, currency) = (self.subject, self.seg, self.currency);
        let period = self.period.text();
        let campaign = || {
            self.data
                .campaigns
                .iter()
                .find(|c| c.id == subject)
                .map_or_else(|| subject.to_string(), |c| c.name.clone())
        };
        match metric {
            Metric::CapexConv => {
                format!("{} capex ({seg}), {period}, in {currency}", self.company())
            }
            Metric::CapexIntensityPct => {
                format!("{} capex as a share of revenue, {period}", self.company())
            }
            Metric::BlocCapexConv => {
                format!("capex of the {subject} companies ({seg}), {period}, in {currency}")
            }
            Metric::CampaignSpendPerOrderConv => {
                format!("{}: spend per order, in {currency}", campaign())
            }
            Metric::CampaignSpendPerUnitConv => {
                format!("{}: spend per unit, in {currency}", campaign())
            }
            Metric::StackPlayers => format!("{seg} players in the {subject} layer of {period}"),
            _ => format!("{} layers in {seg}", possessive(&self.company())),
        }
    }
}

/// Names joined for a sentence: `A`, `A and B`, `A, B and C`.
pub fn list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// Like `list`, past `max` items the first `max` and how many more:
/// "A, B and 3 more", so a note stays short whatever the number of companies.
pub fn list_first(items: &[String], max: usize) -> String {
    if items.len() <= max {
        list(items)
    } else {
        format!(
            "{} and {} more",
            items[..max].join(", "),
            crate::format::number((items.len() - max) as f64, 0)
        )
    }
}

/// Companies a note names in one list before it says how many more.
pub const NAMED: usize = 12;

/// What a year of the bloc comparison lacks, in words; empty when complete:
/// "Tencent's figures cover 273 of the year's 365 days; no figures for Meta".
pub fn bloc_year_gaps(year: &BlocYear) -> String {
    let mut gaps: Vec<String> = year
        .covered
        .iter()
        .filter(|(_, days)| *days < year.days)
        .map(|(c, days)| {
            format!(
                "{} figures cover {days} of the year's {} days",
                possessive(&c.name),
                year.days
            )
        })
        .collect();
    if !year.absent.is_empty() {
        let names: Vec<String> = year.absent.iter().map(|c| c.name.clone()).collect();
        gaps.push(format!("no {} figures for {}", year.year, list(&names)));
    }
    gaps.join("; ")
}

/// Every incomplete year of actual capex, for a chart's subtitle: "days
/// reported: 2024: Alibaba Group 275 of 366; no 2026 figures for Tencent".
/// The year in progress (that of `as_of`) is "so far" already: only its
/// missing companies are named. Empty when nothing is missing.
pub fn capex_gaps(years: &[BlocYear], as_of: Option<NaiveDate>) -> String {
    let mut parts = Vec::new();
    for y in years {
        let in_progress = as_of.is_some_and(|d| d.year() == y.year);
        let partial: Vec<String> = y
            .covered
            .iter()
            .filter(|(_, days)| *days < y.days && !in_progress)
            .map(|(c, days)| format!("{} {days} of {}", c.name, y.days))
            .collect();
        if !partial.is_empty() {
            let more = partial.len().saturating_sub(NAMED);
            let mut shown = partial[..partial.len() - more].join(", ");
            if more > 0 {
                shown.push_str(&format!(
                    " and {} more",
                    crate::format::number(more as f64, 0)
                ));
            }
            parts.push(format!("{}: {shown}", y.year));
        }
        if !y.absent.is_empty() {
            let names: Vec<String> = y.absent.iter().map(|c| c.name.clone()).collect();
            parts.push(format!(
                "no {} figures for {}",
                y.year,
                list_first(&names, NAMED)
            ));
        }
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!("days reported: {}", parts.join("; "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::periods::parse_date;

    #[test]
    fn dates_and_quarters_read_as_words() {
        let end = parse_date("2025-12-31").unwrap();
        assert_eq!(day(end), "31 December 2025");
        let q: FiscalQuarter = "FY2026Q3".parse().unwrap();
        assert_eq!(quarter(q, end), "FY2026Q3 (October to December 2025)");
    }

    #[test]
    fn long_lists_name_the_first_and_count_the_rest() {
        let items: Vec<String> = ["A", "B", "C", "D"].map(String::from).to_vec();
        assert_eq!(list_first(&items, 4), "A, B, C and D");
        assert_eq!(list_first(&items, 2), "A, B and 2 more");
        let many: Vec<String> = (0..1_502).map(|i| format!("C{i}")).collect();
        assert_eq!(list_first(&many, 1), "C0 and 1,501 more");
    }

    #[test]
    fn qualifiers_become_words() {
        assert_eq!(qualified_count(1e8, Qualifier::AtLeast), "at least 100.0M");
        assert_eq!(qualified_count(5e6, Qualifier::Approx), "about 5.0M");
        assert_eq!(qualified_count(5e6, Qualifier::Exact), "5.0M");
        assert_eq!(users_metric("wau"), "weekly active users");
        assert_eq!(users_metric("open_model_downloads"), "open model downloads");
    }
}
