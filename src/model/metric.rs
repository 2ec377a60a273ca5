//! The metrics of SPEC section 5 by name.

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
