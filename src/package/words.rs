//! What the columns of the report's CSV files hold, in words for a field's
//! description, and the units of their numbers.

use crate::model::{Choice, DataFile, Metric, Unit};

/// The description of a chart table's column, by its name.
pub fn column(name: &str) -> String {
    if let Some(metric) = Metric::parse(name) {
        return format!("{}: {}.", metric.name(), metric.definition().words);
    }
    let words = match name {
        "company" => return id_in("company", DataFile::Companies),
        "product" => return id_in("product", DataFile::Products),
        "campaign" => return id_in("campaign", DataFile::Campaigns),
        "bloc" => "The technology bloc: western or china.",
        "kind" => "Capex actually spent (actual) or planned (guidance).",
        "basis" => {
            "What the capex figures count: cash (payments for property and equipment), \
                    incl_leases (cash plus assets under finance leases), ai_cloud (a company's \
                    AI-and-cloud figure), several joined by ; or empty when not stated."
        }
        "year" => "The calendar year.",
        "period" => "The period's label, as the data gives it.",
        "period_end" => "The last day of the period.",
        "fiscal_period" => "The company's fiscal quarter, such as FY2026Q3.",
        "segment" => "The segment: total, or a business such as cloud.",
        "date" => "The day the figure is for.",
        "stack" => "The stack's name.",
        "layer" => "The layer of the stack.",
        "metric" => "The users metric, such as mau, wau, dau or downloads.",
        "qualifier" => "How exact the count is: at_least, more_than, approx, or empty for exact.",
        "measured_by" => {
            "Who counted the figure: company (the product's owner), a tracker such as \
             questmobile, or empty where the data does not say."
        }
        "series" => "The line of the chart the row belongs to.",
        "per" => "What the cost is counted per: per order or per unit.",
        "players" => "Players named in that stack, layer and bloc.",
        "layers" => "Distinct layers of the stack where the company appears.",
        "cumulative_actual" => "Capex counted towards the commitment so far, summed.",
        "straight_line" => "Where the commitment would stand on a straight line from start to end.",
        "value" => "The figure the chart shows.",
        "unit" => UNITS,
        _ => return name.replace('_', " "),
    };
    words.into()
}

/// The description of a column of ids from a data file.
fn id_in(noun: &str, file: DataFile) -> String {
    format!("The {noun}'s id ({file} of the data).")
}

/// Whether a column names what a row is about (and may be part of the
/// table's primary key), rather than saying how exact its figure is.
pub fn identifies(name: &str) -> bool {
    !matches!(name, "qualifier" | "measured_by" | "unit" | "basis")
}

/// The units a `unit` column may hold.
pub const UNITS: &str = "The unit of the row's numbers: % (12.5 means 12.5 %), x (a ratio), \
                         count, CCC mn (millions of the currency with ISO 4217 code CCC) or CCC \
                         (units of that currency).";

/// A unit and what it means: `USD mn (millions of USD)`.
pub fn unit(unit: Unit) -> String {
    match unit {
        Unit::Percent => "% (12.5 means 12.5 %)".into(),
        Unit::Ratio => "x (a ratio)".into(),
        Unit::Count => "count".into(),
        Unit::Millions(currency) => format!("{currency} mn (millions of {currency})"),
        Unit::Money(currency) => format!("{currency} (units of {currency})"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Currency;

    #[test]
    fn metric_columns_are_described_by_their_definition() {
        assert_eq!(
            column("revenue_surprise_pct"),
            "revenue_surprise_pct: (revenue / consensus - 1) x 100."
        );
        assert_eq!(column("some_new_column"), "some new column");
        assert_eq!(
            unit(Unit::Millions(Currency::USD)),
            "USD mn (millions of USD)"
        );
    }
}
