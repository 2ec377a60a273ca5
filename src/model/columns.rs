//! The columns of each data file (SPEC section 3): name, whether it is
//! required, and what its cells hold. The loader checks headers against this
//! table; `aimarket schema` describes the files from it; and each file's key.

use super::files::DataFile;
use super::metric::Metric;
use super::values::{
    Bloc, CapexBasis, CapexKind, Choice, ClaimQualifier, EventCategory, ProductCategory, Qualifier,
    TargetKind, TargetMetric,
};

/// The lower bound a number must respect.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bound {
    Any,
    NonNegative,
    Positive,
}

impl Bound {
    /// What a message says the cell should have held.
    pub fn expectation(self) -> &'static str {
        match self {
            Bound::Any => "a number",
            Bound::NonNegative => "a number >= 0",
            Bound::Positive => "a number > 0",
        }
    }

    /// Whether `value` respects the bound.
    pub fn admits(self, value: f64) -> bool {
        match self {
            Bound::Any => true,
            Bound::NonNegative => value >= 0.0,
            Bound::Positive => value > 0.0,
        }
    }
}

/// What the cells of a column hold.
#[derive(Clone, Copy, Debug)]
pub enum Kind {
    /// A slug `[a-z0-9][a-z0-9_-]*`.
    Slug,
    /// A slug naming a row of the file by its `id`.
    Ref(DataFile),
    /// Slugs separated by `;`, each naming a row of the file by its `id`.
    RefList(DataFile),
    /// Free text on one line (or, for prose, several).
    Text,
    /// `YYYY-MM-DD`, a day that exists.
    Date,
    /// A plain decimal within the bound, in the unit given in words.
    Number(Bound, &'static str),
    /// One of a closed set of words (an empty cell aside).
    Choice(fn() -> Vec<&'static str>),
    /// An ISO 4217 code.
    Currency,
    /// An ISO 3166 alpha-2 code.
    Country,
    /// A fiscal quarter `FY2026Q3`.
    FiscalQuarter,
    /// A month end `MM-DD`.
    MonthDay,
    /// An `http://` or `https://` address.
    Url,
    /// A colour `#RRGGBB`.
    Color,
}

/// The words of a closed set, as the data writes them.
pub fn choice_names<T: Choice>() -> Vec<&'static str> {
    T::ALL
        .iter()
        .map(|(name, _)| *name)
        .filter(|name| !name.is_empty())
        .collect()
}

#[derive(Clone, Copy, Debug)]
pub struct Column {
    pub name: &'static str,
    pub required: bool,
    pub kind: Kind,
}

const fn req(name: &'static str, kind: Kind) -> Column {
    Column {
        name,
        required: true,
        kind,
    }
}

const fn opt(name: &'static str, kind: Kind) -> Column {
    Column {
        name,
        required: false,
        kind,
    }
}

const MILLIONS: &str = "millions of the row's currency";
const COMPANY: Kind = Kind::Ref(DataFile::Companies);
const SOURCE: Kind = Kind::Ref(DataFile::Sources);
const QUALIFIER: Kind = Kind::Choice(choice_names::<Qualifier>);

const SOURCES: &[Column] = &[
    req("id", Kind::Slug),
    req("title", Kind::Text),
    req("publisher", Kind::Text),
    opt("url", Kind::Url),
    opt("published", Kind::Date),
    opt("based_on", Kind::RefList(DataFile::Sources)),
];
const COMPANIES: &[Column] = &[
    req("id", Kind::Slug),
    req("name", Kind::Text),
    req("bloc", Kind::Choice(choice_names::<Bloc>)),
    req("country", Kind::Country),
    req("currency", Kind::Currency),
    req("fiscal_year_end", Kind::MonthDay),
    opt("color", Kind::Color),
];
const PRODUCTS: &[Column] = &[
    req("id", Kind::Slug),
    req("name", Kind::Text),
    req("company", COMPANY),
    req("category", Kind::Choice(choice_names::<ProductCategory>)),
];
const EARNINGS: &[Column] = &[
    req("company", COMPANY),
    req("fiscal_period", Kind::FiscalQuarter),
    req("period_end", Kind::Date),
    req("segment", Kind::Slug),
    req("currency", Kind::Currency),
    req("revenue", Kind::Number(Bound::NonNegative, MILLIONS)),
    opt(
        "revenue_consensus",
        Kind::Number(Bound::NonNegative, MILLIONS),
    ),
    opt("operating_income", Kind::Number(Bound::Any, MILLIONS)),
    req("source", SOURCE),
];
const CAPEX: &[Column] = &[
    req("company", COMPANY),
    req("period", Kind::Text),
    req("period_start", Kind::Date),
    req("period_end", Kind::Date),
    req("kind", Kind::Choice(choice_names::<CapexKind>)),
    req("currency", Kind::Currency),
    req("capex", Kind::Number(Bound::NonNegative, MILLIONS)),
    req("source", SOURCE),
    opt("basis", Kind::Choice(choice_names::<CapexBasis>)),
    opt("qualifier", QUALIFIER),
];
const TARGETS: &[Column] = &[
    req("id", Kind::Slug),
    req("company", COMPANY),
    req("metric", Kind::Choice(choice_names::<TargetMetric>)),
    opt("segment", Kind::Slug),
    req("kind", Kind::Choice(choice_names::<TargetKind>)),
    req("value", Kind::Number(Bound::Positive, MILLIONS)),
    req("currency", Kind::Currency),
    req("start", Kind::Date),
    req("end", Kind::Date),
    req("announced", Kind::Date),
    req("source", SOURCE),
    opt("qualifier", QUALIFIER),
    opt("defined_as", Kind::Text),
];
const USERS: &[Column] = &[
    req("product", Kind::Ref(DataFile::Products)),
    req("date", Kind::Date),
    req("metric", Kind::Slug),
    req("value", Kind::Number(Bound::NonNegative, "a count")),
    opt("qualifier", QUALIFIER),
    req("source", SOURCE),
    opt("measured_by", Kind::Slug),
];
const CAMPAIGNS: &[Column] = &[
    req("id", Kind::Slug),
    req("company", COMPANY),
    opt("product", Kind::Ref(DataFile::Products)),
    req("name", Kind::Text),
    req("start", Kind::Date),
    req("end", Kind::Date),
    req("currency", Kind::Currency),
    req("spend", Kind::Number(Bound::NonNegative, MILLIONS)),
    opt("orders", Kind::Number(Bound::NonNegative, "a count")),
    opt("units", Kind::Number(Bound::NonNegative, "a count")),
    req("source", SOURCE),
    opt("qualifier", QUALIFIER),
];
const EVENTS: &[Column] = &[
    req("date", Kind::Date),
    opt("company", COMPANY),
    req("title", Kind::Text),
    req("category", Kind::Choice(choice_names::<EventCategory>)),
    req("source", SOURCE),
];
const STACK: &[Column] = &[
    req("stack", Kind::Text),
    req("layer", Kind::Text),
    req("bloc", Kind::Choice(choice_names::<Bloc>)),
    req("player", Kind::Text),
    opt("company", COMPANY),
];
const FX: &[Column] = &[
    req("currency", Kind::Currency),
    req("date", Kind::Date),
    req(
        "usd_per_unit",
        Kind::Number(Bound::Positive, "US dollars per unit of the currency"),
    ),
];
const CLAIMS: &[Column] = &[
    req("id", Kind::Slug),
    req("text", Kind::Text),
    req("metric", Kind::Choice(choice_names::<Metric>)),
    req("subject", Kind::Slug),
    opt("segment", Kind::Slug),
    opt("period", Kind::Text),
    req(
        "expected",
        Kind::Number(Bound::Any, "the unit of the metric"),
    ),
    req(
        "tolerance",
        Kind::Number(Bound::NonNegative, "the unit of the metric"),
    ),
    req("source", SOURCE),
    opt("qualifier", Kind::Choice(choice_names::<ClaimQualifier>)),
];

impl DataFile {
    /// Columns in the order the SPEC lists them.
    pub fn columns(self) -> &'static [Column] {
        match self {
            DataFile::Sources => SOURCES,
            DataFile::Companies => COMPANIES,
            DataFile::Products => PRODUCTS,
            DataFile::Earnings => EARNINGS,
            DataFile::Capex => CAPEX,
            DataFile::Targets => TARGETS,
            DataFile::Users | DataFile::UsersParquet => USERS,
            DataFile::Campaigns => CAMPAIGNS,
            DataFile::Events => EVENTS,
            DataFile::Stack => STACK,
            DataFile::Fx => FX,
            DataFile::Claims => CLAIMS,
        }
    }

    /// The columns that name one row (SPEC section 3's key), none for events.
    pub fn key(self) -> &'static [&'static str] {
        match self {
            DataFile::Sources
            | DataFile::Companies
            | DataFile::Products
            | DataFile::Targets
            | DataFile::Campaigns
            | DataFile::Claims => &["id"],
            DataFile::Earnings => &["company", "fiscal_period", "segment"],
            DataFile::Capex => &["company", "kind", "period"],
            DataFile::Users | DataFile::UsersParquet => &["product", "date", "metric"],
            DataFile::Events => &[],
            DataFile::Stack => &["stack", "layer", "bloc", "player"],
            DataFile::Fx => &["currency", "date"],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_file_has_its_required_columns_and_a_key_of_them() {
        for file in DataFile::ALL {
            let required: Vec<&str> = file
                .columns()
                .iter()
                .filter(|c| c.required)
                .map(|c| c.name)
                .collect();
            assert!(!required.is_empty(), "{file}");
            assert!(file.key().iter().all(|k| required.contains(k)), "{file}");
        }
    }

    #[test]
    fn choices_list_the_words_of_the_data_without_the_empty_one() {
        assert_eq!(
            choice_names::<Qualifier>(),
            ["at_least", "more_than", "approx"]
        );
        assert_eq!(choice_names::<Bloc>(), ["western", "china"]);
    }
}
