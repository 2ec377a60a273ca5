//! Each small data file of SPEC section 3, declared once: its typed row, its
//! columns in the SPEC's order (whether required, what the cells hold, in
//! words), its key, and the rule between its cells. Everything else comes
//! from here: the row structs (`declared.rs`), the loader's raw rows and their
//! typing (`load/rows.rs`), the header check, `aimarket schema`, the key and
//! reference checks, the rows citing each source, and `docs/data-files.md`.
//!
//! Adding a column is one line here: its field, `req` or `opt`, and its kind.
//! A column's kind decides how its cells are read (`load/cell.rs`); one that
//! names another file (`COMPANY`, `SOURCE`, ...) is a reference, checked as one.
//! `users.csv` may hold millions of rows and has its own columnar table and
//! loaders; its columns are declared in `USERS` below.

use super::columns::{choice_names, Bound, Column, Kind};
use super::files::DataFile;
use super::values::Qualifier;

pub(super) const MILLIONS: &str = "millions of the row's currency";
pub(super) const COMPANY: Kind = Kind::Ref(DataFile::Companies);
pub(super) const PRODUCT: Kind = Kind::Ref(DataFile::Products);
pub(super) const SOURCE: Kind = Kind::Ref(DataFile::Sources);
pub(super) const QUALIFIER: Kind = Kind::Choice(choice_names::<Qualifier>);
pub(super) const MONEY: Kind = Kind::Number(Bound::NonNegative, MILLIONS);

/// `data_files!(callback)` hands every declaration to `callback!`, which
/// makes from them what its layer needs.
macro_rules! data_files {
    ($then:ident) => {
        $then! {
            /// A publication every figure cites.
            Source in Sources as sources, key [id] {
                id: String = req Kind::Slug,
                title: String = req Kind::Text,
                publisher: String = req Kind::Text,
                /// An `http://` or `https://` address of the text.
                url: Option<String> = opt Kind::Url,
                published: Option<NaiveDate> = opt Kind::Date,
                /// For a compiled or derived source, the sources its figures
                /// come from, separated by `;` (no cycles).
                based_on: Vec<String> = opt Kind::RefList(DataFile::Sources),
            }

            /// A company of either bloc.
            Company in Companies as companies, key [id] {
                id: String = req Kind::Slug,
                name: String = req Kind::Text,
                bloc: Bloc = req Kind::Choice(choice_names::<Bloc>),
                country: String = req Kind::Country,
                currency: Currency = req Kind::Currency,
                /// The last day of its fiscal year; quarters are named by the
                /// fiscal year they end in.
                fiscal_year_end: MonthDay = req Kind::MonthDay,
                /// The company's colour in every chart; without one, charts
                /// give it one of the palette.
                color: Option<Color> = opt Kind::Color,
            }

            /// A product, model or platform of a company.
            Product in Products as products, key [id] {
                id: String = req Kind::Slug,
                name: String = req Kind::Text,
                company: String = req COMPANY,
                category: ProductCategory = req Kind::Choice(choice_names::<ProductCategory>),
            }

            /// A company's quarter: revenue, consensus and operating income.
            Earnings in Earnings as earnings, key [company, fiscal_period, segment] {
                company: String = req COMPANY,
                fiscal_period: FiscalQuarter = req Kind::FiscalQuarter,
                /// The quarter's last day under the company's fiscal year
                /// (a warning if not).
                period_end: NaiveDate = req Kind::Date,
                /// `total`, or a business such as `cloud`.
                segment: String = req Kind::Slug,
                currency: Currency = req Kind::Currency,
                revenue: f64 = req MONEY,
                revenue_consensus: Option<f64> = opt MONEY,
                operating_income: Option<f64> = opt Kind::Number(Bound::Any, MILLIONS),
                source: String = req SOURCE,
            }

            /// Capital expenditure spent or guided over a period.
            Capex in Capex as capex, key [company, kind, period], checked by capex_rules {
                company: String = req COMPANY,
                /// The period's label, as the company names it.
                period: String = req Kind::Text,
                period_start: NaiveDate = req Kind::Date,
                /// On or after `period_start`; periods of one company and kind
                /// must not overlap.
                period_end: NaiveDate = req Kind::Date,
                kind: CapexKind = req Kind::Choice(choice_names::<CapexKind>),
                currency: Currency = req Kind::Currency,
                capex: f64 = req MONEY,
                source: String = req SOURCE,
                /// What the figure counts: `cash` (payments for property and
                /// equipment), `incl_leases` (cash plus assets under finance
                /// leases) or `ai_cloud` (a figure the company states for AI
                /// and cloud alone); empty when the source does not say.
                basis: Option<CapexBasis> = opt Kind::Choice(choice_names::<CapexBasis>),
                /// How exact the figure is, as in users (an estimate is `approx`).
                qualifier: Qualifier = opt QUALIFIER,
            }

            /// A revenue or capex goal a company announced.
            Target in Targets as targets, key [id], checked by target_rules {
                id: String = req Kind::Slug,
                company: String = req COMPANY,
                metric: TargetMetric = req Kind::Choice(choice_names::<TargetMetric>),
                /// The earnings segment a revenue target is measured on
                /// (empty: the whole company).
                segment: Option<String> = opt Kind::Slug,
                /// `cumulative` (a sum over the period; capex targets are) or
                /// `run_rate` (a year's worth at the end).
                kind: TargetKind = req Kind::Choice(choice_names::<TargetKind>),
                value: f64 = req Kind::Number(Bound::Positive, MILLIONS),
                currency: Currency = req Kind::Currency,
                start: NaiveDate = req Kind::Date,
                /// After `start`.
                end: NaiveDate = req Kind::Date,
                announced: NaiveDate = req Kind::Date,
                source: String = req SOURCE,
                /// How the value bounds the goal ("more than RMB 380B" is `more_than`).
                qualifier: Qualifier = opt QUALIFIER,
                /// What the target counts in its announcer's words, when that
                /// differs from the segment the data measures it on.
                defined_as: Option<String> = opt Kind::Text,
            }

            /// A promotion: what it cost and what it sold.
            Campaign in Campaigns as campaigns, key [id], checked by campaign_rules {
                id: String = req Kind::Slug,
                company: String = req COMPANY,
                product: Option<String> = opt PRODUCT,
                name: String = req Kind::Text,
                start: NaiveDate = req Kind::Date,
                /// On or after `start`.
                end: NaiveDate = req Kind::Date,
                currency: Currency = req Kind::Currency,
                spend: f64 = req MONEY,
                orders: Option<f64> = opt Kind::Number(Bound::NonNegative, "a count"),
                units: Option<f64> = opt Kind::Number(Bound::NonNegative, "a count"),
                source: String = req SOURCE,
                /// How exact the spend is ("at least RMB 3B" is `at_least`).
                qualifier: Qualifier = opt QUALIFIER,
            }

            /// Something that happened, marked on the time axes.
            Event in Events as events, key [] {
                date: NaiveDate = req Kind::Date,
                company: Option<String> = opt COMPANY,
                /// May run over several lines.
                title: String = req Kind::Prose,
                category: EventCategory = req Kind::Choice(choice_names::<EventCategory>),
                source: String = req SOURCE,
            }

            /// A player holding a layer of one of the stacks.
            StackEntry in Stack as stack, key [stack, layer, bloc, player] {
                stack: String = req Kind::Text,
                /// Layers keep the order of their first appearance.
                layer: String = req Kind::Text,
                bloc: Bloc = req Kind::Choice(choice_names::<Bloc>),
                player: String = req Kind::Text,
                company: Option<String> = opt COMPANY,
            }

            /// US dollars per unit of a currency on a day.
            FxRate in Fx as fx, key [currency, date], checked by fx_rules {
                /// USD needs no row (a USD row is ignored with a warning).
                currency: Currency = req Kind::Currency,
                date: NaiveDate = req Kind::Date,
                usd_per_unit: f64 = req Kind::Number(Bound::Positive, "US dollars per unit of the currency"),
            }

            /// A published figure, tested against the metric that can test it.
            Claim in Claims as claims, key [id] {
                id: String = req Kind::Slug,
                /// May run over several lines.
                text: String = req Kind::Prose,
                metric: Metric = req Kind::Choice(choice_names::<Metric>),
                subject: String = req Kind::Slug,
                segment: Option<String> = opt Kind::Slug,
                period: Option<String> = opt Kind::Text,
                expected: f64 = req Kind::Number(Bound::Any, "the unit of the metric"),
                tolerance: f64 = req Kind::Number(Bound::NonNegative, "the unit of the metric"),
                source: String = req SOURCE,
                /// `None`: the claim states an exact figure.
                qualifier: Option<ClaimQualifier> = opt Kind::Choice(choice_names::<ClaimQualifier>),
            }
        }
    };
}
pub(crate) use data_files;

/// What a row of `users.csv` is.
pub const USERS_DOC: &[&str] = &[" A count of a product's users (or downloads, orders, ...) on a day; may hold millions of rows, and `users.parquet` may stand in its place."];

/// The columns of `users.csv` (and `users.parquet`), read into the columnar
/// users table by its own loaders.
pub const USERS: &[Column] = &[
    Column::req("product", PRODUCT),
    Column::req("date", Kind::Date),
    Column::doc(
        Column::req("metric", Kind::Slug),
        &["`mau`, `wau`, `dau`, `downloads`, `orders`, ..."],
    ),
    Column::req("value", Kind::Number(Bound::NonNegative, "a count")),
    Column::doc(
        Column::opt("qualifier", QUALIFIER),
        &["How exact the count is: empty (exact), `at_least`, `more_than` or `approx`."],
    ),
    Column::req("source", SOURCE),
    Column::doc(
        Column::opt("measured_by", Kind::Slug),
        &["Who counted: `company` (the product's owner reported it) or a tracker's slug (`questmobile`, `aicpb`, ...); empty when not stated."],
    ),
];
