//! The metrics of SPEC section 5: each one's name, the kind of unit its values
//! are in, and what it means in words. One table, so the names a claim may use,
//! the `--metric` choices, the units of the rows and the report's list of
//! definitions cannot disagree.

use std::cmp::Ordering;
use std::fmt;

use serde::{Serialize, Serializer};

use super::period::PeriodKind;
use super::unit::Unit;
use super::values::{Choice, Currency};

/// What a metric's values are in. The currency of money comes from the row:
/// `--currency` for converted figures, a target's own for its baseline.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnitKind {
    Percent,
    Ratio,
    Count,
    /// Millions of a currency: `USD mn`.
    Millions,
    /// Whole units of a currency, for amounts per order or unit: `USD`.
    Money,
}

impl UnitKind {
    /// The unit of values of this kind, money in `currency`.
    pub fn unit(self, currency: Currency) -> Unit {
        match self {
            UnitKind::Percent => Unit::Percent,
            UnitKind::Ratio => Unit::Ratio,
            UnitKind::Count => Unit::Count,
            UnitKind::Millions => Unit::Millions(currency),
            UnitKind::Money => Unit::Money(currency),
        }
    }
}

/// What a metric's rows hold, in the words of the report's list of definitions:
/// what stands in the subject, segment and period columns, and how the value is
/// worked out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Definition {
    pub subject: &'static str,
    pub segment: &'static str,
    pub period: &'static str,
    pub words: &'static str,
}

/// A metric's period, from its declaration's words for it.
macro_rules! period_kind {
    ("fiscal period") => {
        PeriodKind::Quarter
    };
    ("period label") => {
        PeriodKind::Label
    };
    ("stack") => {
        PeriodKind::Label
    };
    ("calendar year") => {
        PeriodKind::Year
    };
    ("date") => {
        PeriodKind::Date
    };
    ("C") => {
        PeriodKind::Date
    };
    ("") => {
        PeriodKind::None
    };
}

macro_rules! metrics {
    ($($variant:ident = $name:literal, $unit:ident,
       $subject:literal, $segment:literal, $period:tt, $words:literal;)+) => {
        /// A metric of SPEC section 5. Metrics order by name, as SPEC 5 sorts
        /// the rows; `Choice::ALL` lists them in the order of the SPEC's table.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Metric { $($variant),+ }

        impl Choice for Metric {
            const ALL: &'static [(&'static str, Metric)] = &[$(($name, Metric::$variant)),+];

            fn name(self) -> &'static str {
                Metric::name(self)
            }

            /// `the name of a metric (revenue_conv, ...)`: for a claim naming another.
            fn expectation() -> String {
                let names: Vec<&str> = Metric::ALL.iter().map(|(n, _)| *n).collect();
                format!("the name of a metric ({})", names.join(", "))
            }
        }

        impl Metric {
            /// The name rows, claims and `--metric` use: `revenue_yoy_pct`.
            pub fn name(self) -> &'static str {
                match self { $(Metric::$variant => $name),+ }
            }

            /// The kind of unit the metric's values are in.
            pub fn unit_kind(self) -> UnitKind {
                match self { $(Metric::$variant => UnitKind::$unit),+ }
            }

            /// What the periods of the metric's rows are.
            pub fn period_kind(self) -> PeriodKind {
                match self { $(Metric::$variant => period_kind!($period)),+ }
            }

            /// What the metric's rows hold, in words.
            pub fn definition(self) -> Definition {
                match self {
                    $(Metric::$variant => Definition {
                        subject: $subject,
                        segment: $segment,
                        period: $period,
                        words: $words,
                    }),+
                }
            }
        }
    };
}

metrics! {
    RevenueConv = "revenue_conv", Millions, "company", "segment", "fiscal period", "revenue converted at the quarter's end";
    RevenueYoyPct = "revenue_yoy_pct", Percent, "company", "segment", "fiscal period", "(revenue / revenue of the same fiscal quarter a year earlier - 1) x 100";
    RevenueQoqPct = "revenue_qoq_pct", Percent, "company", "segment", "fiscal period", "(revenue / revenue of the previous fiscal quarter - 1) x 100";
    RevenueSurprisePct = "revenue_surprise_pct", Percent, "company", "segment", "fiscal period", "(revenue / consensus - 1) x 100";
    OperatingMarginPct = "operating_margin_pct", Percent, "company", "segment", "fiscal period", "operating income / revenue x 100";
    OperatingIncomeYoyPct = "operating_income_yoy_pct", Percent, "company", "segment", "fiscal period", "(operating income - the same quarter's a year earlier) / its absolute value x 100";
    CapexConv = "capex_conv", Millions, "company", "kind", "period label", "capex converted at the period's end";
    CapexIntensityPct = "capex_intensity_pct", Percent, "company", "", "period label", "actual capex / total revenue of the quarters that exactly tile the period x 100";
    BlocCapexConv = "bloc_capex_conv", Millions, "bloc", "kind", "calendar year", "converted capex spread over calendar years by days and summed by bloc";
    TargetBaseline = "target_baseline", Millions, "target", "", "", "the latest four quarters of the target's company and segment ending by its start, in the target's currency";
    TargetProgressPct = "target_progress_pct", Percent, "target", "", "C", "cumulative: the periods that end by min(as-of, end) and overlap the target, each counted pro rata by its days inside, / value x 100; run-rate: the latest four quarters by then / value x 100; C is the end of the latest period counted";
    TargetElapsedPct = "target_elapsed_pct", Percent, "target", "", "C", "days from start to C, both counted, / days from start to end, both counted, x 100, within 0 to 100: time measured to the same day as the money";
    TargetPaceRatio = "target_pace_ratio", Ratio, "target", "", "C", "cumulative targets: progress / elapsed (1 is the pace of a straight line)";
    TargetRemainingCagrPct = "target_remaining_cagr_pct", Percent, "target", "", "C", "run-rate targets: the yearly growth still needed from the latest four quarters (to C) to reach the value by the end";
    TargetRequiredCagrPct = "target_required_cagr_pct", Percent, "target", "", "", "the yearly growth from the baseline that reaches the target by its end";
    UsersLatest = "users_latest", Count, "product", "users metric", "date", "the latest value";
    UsersChangePct = "users_change_pct", Percent, "product", "users metric", "date", "(latest / previous observation - 1) x 100";
    UsersCmgrPct = "users_cmgr_pct", Percent, "product", "users metric", "date", "compound monthly growth from the earliest to the latest observation";
    CampaignSpendPerOrderConv = "campaign_spend_per_order_conv", Money, "campaign", "", "", "spend converted at the campaign's end, in currency units, per order";
    CampaignSpendPerUnitConv = "campaign_spend_per_unit_conv", Money, "campaign", "", "", "spend converted at the campaign's end, in currency units, per unit";
    StackPlayers = "stack_players", Count, "layer", "bloc", "stack", "players named in that stack, layer and bloc";
    CompanyStackLayers = "company_stack_layers", Count, "company", "stack", "", "distinct layers of that stack where the company appears";
}

impl Metric {
    /// Every metric, in the order of SPEC section 5.
    pub fn all() -> impl Iterator<Item = Metric> {
        <Metric as Choice>::ALL.iter().map(|(_, m)| *m)
    }

    /// The unit of the metric's values, money in `currency`.
    pub fn unit(self, currency: Currency) -> Unit {
        self.unit_kind().unit(currency)
    }
}

impl Ord for Metric {
    fn cmp(&self, other: &Metric) -> Ordering {
        self.name().cmp(other.name())
    }
}

impl PartialOrd for Metric {
    fn partial_cmp(&self, other: &Metric) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for Metric {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl Serialize for Metric {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_parse_back_and_order_as_text() {
        for metric in Metric::all() {
            assert_eq!(Metric::parse(metric.name()), Some(metric));
        }
        assert_eq!(Metric::all().count(), 22);
        assert_eq!(Metric::parse("operating_income_growth"), None);
        // By name, not by the SPEC table's order.
        assert!(Metric::UsersLatest > Metric::TargetBaseline);
        assert!(Metric::BlocCapexConv < Metric::RevenueConv);
        assert!(Metric::expectation().starts_with("the name of a metric (revenue_conv, "));
    }

    #[test]
    fn units_follow_the_kind() {
        let cny = Currency::parse("CNY").unwrap();
        assert_eq!(Metric::RevenueConv.unit(cny).to_string(), "CNY mn");
        assert_eq!(
            Metric::CampaignSpendPerUnitConv.unit(cny).to_string(),
            "CNY"
        );
        assert_eq!(Metric::TargetPaceRatio.unit(cny).to_string(), "x");
        assert_eq!(Metric::StackPlayers.unit(cny).to_string(), "count");
        assert_eq!(Metric::UsersCmgrPct.unit(cny).to_string(), "%");
    }
}
