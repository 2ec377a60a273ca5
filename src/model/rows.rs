//! The typed rows of each data file. Every row keeps the physical line where
//! its record starts, so that any later rule can point at it.

use chrono::NaiveDate;

use super::metric::Metric;
use super::period::Period;
use super::values::{
    Bloc, CapexBasis, CapexKind, ClaimQualifier, Color, Currency, EventCategory, ProductCategory,
    Qualifier, TargetKind, TargetMetric,
};
use crate::periods::{FiscalQuarter, MonthDay};

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
    /// The company's colour in every chart; without one, charts give it one.
    pub color: Option<Color>,
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

impl Earnings {
    /// The fiscal quarter of the row, as metric rows name their period.
    pub fn period(&self) -> Period {
        Period::Quarter {
            label: self.fiscal_period,
            end: self.period_end,
        }
    }
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
    /// What the figure counts; `None` where the row does not say (SPEC v3).
    pub basis: Option<CapexBasis>,
    pub qualifier: Qualifier,
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
    pub qualifier: Qualifier,
    /// What the target counts in its announcer's words, where that differs
    /// from the segment the data measures it on (SPEC v3).
    pub defined_as: Option<String>,
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
    /// How exact the spend is (SPEC v3).
    pub qualifier: Qualifier,
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
    pub metric: Metric,
    pub subject: String,
    pub segment: Option<String>,
    pub period: Option<String>,
    pub expected: f64,
    pub tolerance: f64,
    pub source: String,
    /// `None`: the claim states an exact figure.
    pub qualifier: Option<ClaimQualifier>,
}
