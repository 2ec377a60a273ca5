//! The typed rows of each data file: the vocabulary of the program.
//!
//! Every row keeps the physical line where its record starts, so that any later
//! rule can point at it. The users table is columnar (see `users.rs`) because it
//! may hold millions of rows.

use std::collections::BTreeSet;
use std::fmt;

use chrono::NaiveDate;
use serde::Serialize;

use crate::periods::{FiscalQuarter, MonthDay};
use crate::users::Users;

mod files;
mod references;
pub use files::DataFile;
pub use references::{Reference, Refers, RejectedReference};

/// A closed set of values written as lowercase words in the data.
pub trait Choice: Sized + Copy + 'static {
    const ALL: &'static [(&'static str, Self)];

    fn parse(text: &str) -> Option<Self> {
        Self::ALL
            .iter()
            .find(|(name, _)| *name == text)
            .map(|(_, v)| *v)
    }

    fn name(self) -> &'static str
    where
        Self: PartialEq,
    {
        Self::ALL
            .iter()
            .find(|(_, v)| *v == self)
            .map(|(n, _)| *n)
            .unwrap_or("")
    }

    /// `western or china`, `one of a, b, c`: for "expected ..." messages.
    fn expectation() -> String {
        let names: Vec<&str> = Self::ALL.iter().map(|(n, _)| *n).collect();
        match names.as_slice() {
            [a, b] => format!("{a} or {b}"),
            _ => format!("one of {}", names.join(", ")),
        }
    }
}

macro_rules! choice {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
        pub enum $name { $($variant),+ }

        impl Choice for $name {
            const ALL: &'static [(&'static str, Self)] = &[$(($text, $name::$variant)),+];
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.name())
            }
        }
    };
}

choice!(
    /// The two technology blocs compared throughout the report.
    Bloc { Western = "western", China = "china" }
);
choice!(
    ProductCategory {
        ConsumerAgent = "consumer_agent",
        EnterprisePlatform = "enterprise_platform",
        Model = "model",
        Framework = "framework",
        Cloud = "cloud",
        Other = "other",
    }
);
choice!(
    CapexKind { Actual = "actual", Guidance = "guidance" }
);
choice!(
    TargetMetric { Revenue = "revenue", Capex = "capex" }
);
choice!(
    TargetKind { Cumulative = "cumulative", RunRate = "run_rate" }
);
choice!(
    /// How exact a user count is: empty means exact.
    Qualifier { Exact = "", AtLeast = "at_least", Approx = "approx" }
);
choice!(
    /// How a claim's figure bounds the truth: empty means "exactly".
    ClaimQualifier { AtLeast = "at_least", AtMost = "at_most" }
);
choice!(
    EventCategory {
        Product = "product",
        Org = "org",
        Earnings = "earnings",
        Promotion = "promotion",
        Policy = "policy",
        People = "people",
        Other = "other",
    }
);

/// An ISO 4217 currency code, such as `CNY`.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Currency([u8; 3]);

impl Currency {
    pub const USD: Currency = Currency(*b"USD");

    /// A code of the ISO 4217 list (kept by the `iso_currency` crate, superseded
    /// codes such as `HRK` included, for old rows): three capital letters alone
    /// would let a typo such as `CYN` through as a currency without rates.
    pub fn parse(text: &str) -> Option<Currency> {
        iso_currency::Currency::from_code(text)?;
        text.as_bytes().try_into().ok().map(Currency)
    }

    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).expect("currency codes are ASCII")
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Source {
    pub line: u64,
    pub id: String,
    pub title: String,
    pub publisher: String,
    pub url: Option<String>,
    pub published: Option<NaiveDate>,
    /// For a derived or compiled source: the sources its figures come from.
    pub based_on: Vec<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Company {
    pub line: u64,
    pub id: String,
    pub name: String,
    pub bloc: Bloc,
    pub country: String,
    pub currency: Currency,
    pub fiscal_year_end: MonthDay,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Product {
    pub line: u64,
    pub id: String,
    pub name: String,
    pub company: String,
    pub category: ProductCategory,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Earnings {
    pub line: u64,
    pub company: String,
    pub fiscal_period: FiscalQuarter,
    pub period_end: NaiveDate,
    pub segment: String,
    pub currency: Currency,
    pub revenue: f64,
    pub revenue_consensus: Option<f64>,
    pub operating_income: Option<f64>,
    pub source: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Capex {
    pub line: u64,
    pub company: String,
    pub period: String,
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    pub kind: CapexKind,
    pub currency: Currency,
    pub capex: f64,
    pub source: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Target {
    pub line: u64,
    pub id: String,
    pub company: String,
    pub metric: TargetMetric,
    pub segment: Option<String>,
    pub kind: TargetKind,
    pub value: f64,
    pub currency: Currency,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub announced: NaiveDate,
    pub source: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Campaign {
    pub line: u64,
    pub id: String,
    pub company: String,
    pub product: Option<String>,
    pub name: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub currency: Currency,
    pub spend: f64,
    pub orders: Option<f64>,
    pub units: Option<f64>,
    pub source: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    pub line: u64,
    pub date: NaiveDate,
    pub company: Option<String>,
    pub title: String,
    pub category: EventCategory,
    pub source: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct StackEntry {
    pub line: u64,
    pub stack: String,
    pub layer: String,
    pub bloc: Bloc,
    pub player: String,
    pub company: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct FxRate {
    pub line: u64,
    pub currency: Currency,
    pub date: NaiveDate,
    pub usd_per_unit: f64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Claim {
    pub line: u64,
    pub id: String,
    pub text: String,
    pub metric: String,
    pub subject: String,
    pub segment: Option<String>,
    pub period: Option<String>,
    pub expected: f64,
    pub tolerance: f64,
    pub source: String,
    /// `None`: the claim states an exact figure.
    pub qualifier: Option<ClaimQualifier>,
}

/// What was read of one data file: whether it exists, its rows and its hash.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct InputFile {
    pub name: String,
    pub rows: u64,
    pub sha256: String,
}

/// The whole data folder, loaded. Rows that failed their own checks are not here
/// (their problems are in the diagnostics, their references in
/// `rejected_references`); optional files that are absent are empty.
#[derive(Debug, Default)]
pub struct Dataset {
    pub inputs: Vec<InputFile>,
    pub sources: Vec<Source>,
    pub companies: Vec<Company>,
    pub products: Vec<Product>,
    pub earnings: Vec<Earnings>,
    pub capex: Vec<Capex>,
    pub targets: Vec<Target>,
    pub users: Users,
    pub campaigns: Vec<Campaign>,
    pub events: Vec<Event>,
    pub stack: Vec<StackEntry>,
    pub fx: Vec<FxRate>,
    pub claims: Vec<Claim>,
    /// Ids of sources, companies and products whose rows were rejected for their
    /// own cells: references to them are not reported again.
    pub rejected_ids: BTreeSet<(DataFile, String)>,
    /// The references of rows rejected for their own cells (those whose cell was
    /// itself a good id): checked like any other, so a row's problems all show.
    pub rejected_references: Vec<RejectedReference>,
    /// Files whose rows could not be read at all (missing when required, empty,
    /// or with an unusable header): references into them are not reported.
    pub unreadable: BTreeSet<DataFile>,
}

impl Dataset {
    pub fn company(&self, id: &str) -> Option<&Company> {
        self.companies.iter().find(|c| c.id == id)
    }

    /// SPEC section 2's default as-of: the latest `period_end` of earnings and of
    /// actual capex and `date` of users and events; `None` when there is none.
    pub fn default_as_of(&self) -> Option<NaiveDate> {
        let earnings = self.earnings.iter().map(|e| e.period_end);
        let capex = self
            .capex
            .iter()
            .filter(|c| c.kind == CapexKind::Actual)
            .map(|c| c.period_end);
        let events = self.events.iter().map(|e| e.date);
        earnings
            .chain(capex)
            .chain(events)
            .chain(self.users.latest_date())
            .max()
    }

    /// Keeps only rows dated on or before `as_of` (SPEC section 2): earnings and
    /// actual capex by period_end, users and events by date, targets by announced,
    /// campaigns by end. Guidance, fx, stack and the dimension files stay whole.
    pub fn retain_as_of(&mut self, as_of: NaiveDate) {
        self.earnings.retain(|e| e.period_end <= as_of);
        self.capex
            .retain(|c| c.kind == CapexKind::Guidance || c.period_end <= as_of);
        self.users.retain_on_or_before(as_of);
        self.events.retain(|e| e.date <= as_of);
        self.targets.retain(|t| t.announced <= as_of);
        self.campaigns.retain(|c| c.end <= as_of);
    }

    /// The given sources and every source they are `based_on`, followed through
    /// every step (cycles are a validation error; here they just end the walk).
    pub fn lineage<'a>(&'a self, ids: impl IntoIterator<Item = &'a str>) -> BTreeSet<&'a str> {
        let mut found: BTreeSet<&str> = BTreeSet::new();
        let mut todo: Vec<&str> = ids.into_iter().collect();
        while let Some(id) = todo.pop() {
            if !found.insert(id) {
                continue;
            }
            if let Some(source) = self.sources.iter().find(|s| s.id == id) {
                todo.extend(source.based_on.iter().map(String::as_str));
            }
        }
        found
    }

    /// The stacks of `stack.csv`, in order of first appearance.
    pub fn stack_names(&self) -> Vec<&str> {
        first_appearances(self.stack.iter().map(|s| s.stack.as_str()))
    }

    /// The layers of a stack, in order of first appearance (SPEC section 3).
    pub fn stack_layers(&self, stack: &str) -> Vec<&str> {
        first_appearances(
            self.stack
                .iter()
                .filter(|s| s.stack == stack)
                .map(|s| s.layer.as_str()),
        )
    }

    /// Rows loaded across all files, for the summary line.
    pub fn row_count(&self) -> u64 {
        self.inputs.iter().map(|i| i.rows).sum()
    }
}

/// Each distinct item once, in order of first appearance.
fn first_appearances<'a>(items: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let mut seen: Vec<&str> = Vec::new();
    for item in items {
        if !seen.contains(&item) {
            seen.push(item);
        }
    }
    seen
}

/// The metric names of SPEC section 5, which a claim must name.
pub const METRIC_NAMES: [&str; 22] = [
    "revenue_conv",
    "revenue_yoy_pct",
    "revenue_qoq_pct",
    "revenue_surprise_pct",
    "operating_margin_pct",
    "operating_income_yoy_pct",
    "capex_conv",
    "capex_intensity_pct",
    "bloc_capex_conv",
    "target_baseline",
    "target_progress_pct",
    "target_elapsed_pct",
    "target_pace_ratio",
    "target_remaining_cagr_pct",
    "target_required_cagr_pct",
    "users_latest",
    "users_change_pct",
    "users_cmgr_pct",
    "campaign_spend_per_order_conv",
    "campaign_spend_per_unit_conv",
    "stack_players",
    "company_stack_layers",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn choices_parse_and_describe_themselves() {
        assert_eq!(Bloc::parse("china"), Some(Bloc::China));
        assert_eq!(Bloc::parse("China"), None);
        assert_eq!(Bloc::expectation(), "western or china");
        assert_eq!(
            EventCategory::expectation(),
            "one of product, org, earnings, promotion, policy, people, other"
        );
        assert_eq!(Qualifier::parse(""), Some(Qualifier::Exact));
    }

    #[test]
    fn currency_is_three_capital_letters() {
        assert_eq!(Currency::parse("CNY").unwrap().as_str(), "CNY");
        assert!(Currency::parse("cny").is_none());
        assert!(Currency::parse("CN").is_none());
        assert!(Currency::parse("CNYY").is_none());
        assert!(Currency::parse("ÄBC").is_none());
        assert!(
            Currency::parse("XYZ").is_none(),
            "three capitals, but not ISO 4217"
        );
        assert!(Currency::parse("CYN").is_none());
        assert_eq!(Currency::parse("HRK").unwrap().as_str(), "HRK");
    }

    #[test]
    fn every_file_has_its_required_columns() {
        for file in DataFile::ALL {
            assert!(
                file.columns().iter().any(|(_, required)| *required),
                "{file}"
            );
        }
        assert!(DataFile::Sources.is_required() && DataFile::Companies.is_required());
        assert!(!DataFile::Users.is_required());
    }
}

#[cfg(test)]
mod as_of_tests {
    use super::*;
    use crate::periods::parse_date;

    fn event(day: &str) -> Event {
        Event {
            line: 2,
            date: parse_date(day).unwrap(),
            company: None,
            title: "t".into(),
            category: EventCategory::Other,
            source: "s".into(),
        }
    }

    fn capex(kind: CapexKind, end: &str) -> Capex {
        Capex {
            line: 2,
            company: "c".into(),
            period: end.into(),
            period_start: parse_date("2025-01-01").unwrap(),
            period_end: parse_date(end).unwrap(),
            kind,
            currency: Currency::USD,
            capex: 1.0,
            source: "s".into(),
        }
    }

    #[test]
    fn default_as_of_ignores_guidance_and_targets() {
        let mut data = Dataset::default();
        assert_eq!(data.default_as_of(), None);
        data.events.push(event("2026-03-19"));
        data.capex.push(capex(CapexKind::Guidance, "2026-12-31"));
        data.capex.push(capex(CapexKind::Actual, "2025-12-31"));
        assert_eq!(data.default_as_of(), parse_date("2026-03-19").ok());
    }

    #[test]
    fn retain_as_of_keeps_guidance_and_drops_later_rows() {
        let mut data = Dataset::default();
        data.events.push(event("2026-03-19"));
        data.events.push(event("2026-03-20"));
        data.capex.push(capex(CapexKind::Guidance, "2026-12-31"));
        data.capex.push(capex(CapexKind::Actual, "2026-06-30"));
        data.retain_as_of(parse_date("2026-03-19").unwrap());
        assert_eq!(data.events.len(), 1);
        assert_eq!(data.capex.len(), 1);
        assert_eq!(data.capex[0].kind, CapexKind::Guidance);
    }
}
