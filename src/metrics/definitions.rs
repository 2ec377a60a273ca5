//! What each metric means, in words, for the report's provenance section.

/// (metric, subject, segment, period, definition), in the order of SPEC section 5.
pub const DEFINITIONS: [(&str, &str, &str, &str, &str); 22] = [
    ("revenue_conv", "company", "segment", "fiscal period", "revenue converted at the quarter's end"),
    ("revenue_yoy_pct", "company", "segment", "fiscal period", "(revenue / revenue of the same fiscal quarter a year earlier - 1) x 100"),
    ("revenue_qoq_pct", "company", "segment", "fiscal period", "(revenue / revenue of the previous fiscal quarter - 1) x 100"),
    ("revenue_surprise_pct", "company", "segment", "fiscal period", "(revenue / consensus - 1) x 100"),
    ("operating_margin_pct", "company", "segment", "fiscal period", "operating income / revenue x 100"),
    ("operating_income_yoy_pct", "company", "segment", "fiscal period", "(operating income - the same quarter's a year earlier) / its absolute value x 100"),
    ("capex_conv", "company", "kind", "period label", "capex converted at the period's end"),
    ("capex_intensity_pct", "company", "", "period label", "actual capex / total revenue of the quarters that exactly tile the period x 100"),
    ("bloc_capex_conv", "bloc", "kind", "calendar year", "converted capex spread over calendar years by days and summed by bloc"),
    ("target_baseline", "target", "", "", "the latest four quarters of the target's company and segment ending by its start, in the target's currency"),
    ("target_progress_pct", "target", "", "C", "cumulative: the periods that end by min(as-of, end) and overlap the target, each counted pro rata by its days inside, / value x 100; run-rate: the latest four quarters by then / value x 100; C is the end of the latest period counted"),
    ("target_elapsed_pct", "target", "", "C", "days from start to C, both counted, / days from start to end, both counted, x 100, within 0 to 100: time measured to the same day as the money"),
    ("target_pace_ratio", "target", "", "C", "cumulative targets: progress / elapsed (1 is the pace of a straight line)"),
    ("target_remaining_cagr_pct", "target", "", "C", "run-rate targets: the yearly growth still needed from the latest four quarters (to C) to reach the value by the end"),
    ("target_required_cagr_pct", "target", "", "", "the yearly growth from the baseline that reaches the target by its end"),
    ("users_latest", "product", "users metric", "date", "the latest value"),
    ("users_change_pct", "product", "users metric", "date", "(latest / previous observation - 1) x 100"),
    ("users_cmgr_pct", "product", "users metric", "date", "compound monthly growth from the earliest to the latest observation"),
    ("campaign_spend_per_order_conv", "campaign", "", "", "spend converted at the campaign's end, in currency units, per order"),
    ("campaign_spend_per_unit_conv", "campaign", "", "", "spend converted at the campaign's end, in currency units, per unit"),
    ("stack_players", "layer", "bloc", "stack", "players named in that stack, layer and bloc"),
    ("company_stack_layers", "company", "stack", "", "distinct layers of that stack where the company appears"),
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::METRIC_NAMES;

    #[test]
    fn every_metric_is_defined_once_in_order() {
        let names: Vec<&str> = DEFINITIONS.iter().map(|d| d.0).collect();
        assert_eq!(names, METRIC_NAMES);
    }
}
