//! A claim's verdict line in words (SPEC 6.1): the verdict with the claim's
//! qualifier, the data's figure as the data gives it with the rate that
//! converted it, and, where the data can tell, why the verdict is what it is:
//! the exchange rate or the consensus a failed claim implies against the
//! data's, the sources a restated claim shares with the data, the count the
//! data lacks to check a claim at all. Every reason is worked out from the
//! claim and the data, never written in.

use crate::format;
use crate::metrics::{ClaimResult, NativeFigure, Verdict};
use crate::model::{Currency, Dataset, Metric, Period, Qualifier};
use crate::names;

/// The verdict in words, with the claim's qualifier (`bound`: `at least `).
pub fn verdict_words(c: &ClaimResult, bound: &str) -> String {
    match c.verdict {
        Verdict::Holds if c.qualifier.is_some() => {
            format!("holds: the data's figure is {bound}the claimed one")
        }
        Verdict::Fails if c.qualifier.is_some() => {
            format!("fails: the data's figure is not {bound}the claimed one")
        }
        Verdict::Holds => "holds".into(),
        Verdict::Fails => "fails".into(),
        Verdict::Restates => "repeats its own source".into(),
        Verdict::Unverifiable => "cannot be checked".into(),
    }
}

/// The qualifier of a figure worked out from a qualified input: a campaign's
/// cost per order or unit from a spend of "at least" is "at least" too.
pub fn derived_qualifier(data: &Dataset, c: &ClaimResult) -> Qualifier {
    match c.metric {
        Metric::CampaignSpendPerOrderConv | Metric::CampaignSpendPerUnitConv => data
            .campaigns
            .iter()
            .find(|r| r.id == c.subject)
            .map_or(Qualifier::Exact, |r| r.qualifier),
        _ => Qualifier::Exact,
    }
}

/// The data's figure as the data gives it, and the rate that converted it:
/// `RMB 284.8B at 0.1430 USD per CNY (the rate of 31 December 2025)`; a
/// figure from a qualified input keeps its qualifier: `at least RMB 15.00 ...`.
pub fn native_words(
    data: &Dataset,
    c: &ClaimResult,
    n: &NativeFigure,
    claim_currency: Currency,
) -> String {
    format!(
        "{}{} at {} {} per {} ({})",
        names::qualifier_words(derived_qualifier(data, c)),
        format::in_unit(n.value, c.native_unit(n)),
        format::number(n.rate, 4),
        claim_currency,
        n.currency,
        rate_day(n)
    )
}

/// "the rate of 31 December 2025", or "the rate of 31 December 2025, the
/// latest on or before 23 February 2026".
fn rate_day(n: &NativeFigure) -> String {
    match n.rate_date {
        Some(d) if d != n.date => format!(
            "the rate of {}, the latest on or before {}",
            names::day(d),
            names::day(n.date)
        ),
        _ => format!("the rate of {}", names::day(n.date)),
    }
}

/// Why the verdict is what it is, where the data can tell, and, for a claim
/// that `repeats` the figure of an earlier one, that the tally counts the two
/// once; empty otherwise.
pub fn verdict_note(
    data: &Dataset,
    c: &ClaimResult,
    claim_currency: Currency,
    repeats: bool,
) -> String {
    let note = match c.verdict {
        // A bound claim's figure implies no single rate or consensus.
        Verdict::Fails if c.qualifier.is_none() => match (&c.native, c.metric) {
            (Some(n), _) => rate_note(c, n, claim_currency),
            (None, Metric::RevenueSurprisePct) => consensus_note(data, c),
            _ => None,
        },
        Verdict::Restates => shared_sources_note(data, c),
        Verdict::Unverifiable => missing_count_note(data, c),
        _ => None,
    };
    let mut note = note.unwrap_or_default();
    if repeats {
        if !note.is_empty() {
            note.push(' ');
        }
        note.push_str("The same figure as an earlier claim: one fact in the tally.");
    }
    note
}

/// A converted figure that fails: the rate the claimed figure implies beside
/// the rate the data used. "Exchange rate: the claimed $41.4B implies 0.1453
/// USD per CNY; the data converts at 0.1430, the rate of 31 December 2025."
fn rate_note(c: &ClaimResult, n: &NativeFigure, claim_currency: Currency) -> Option<String> {
    if n.value <= 0.0 {
        return None;
    }
    Some(format!(
        "Exchange rate: the claimed {} implies {} {claim_currency} per {}; the data converts at {}, {}.",
        c.shown(c.expected),
        format::number(c.expected / n.value, 4),
        n.currency,
        format::number(n.rate, 4),
        rate_day(n)
    ))
}

/// A surprise against consensus that fails: the consensus the claimed
/// surprise implies on the data's revenue, beside the consensus the data
/// holds. "Consensus: the claimed -1.2% implies a consensus of RMB 288.3B;
/// the data's sources give RMB 290.7B."
fn consensus_note(data: &Dataset, c: &ClaimResult) -> Option<String> {
    let Period::Quarter { label, .. } = c.tested_period else {
        return None;
    };
    let e = data.earnings.iter().find(|e| {
        e.company == c.subject
            && Some(e.segment.as_str()) == c.segment.as_deref()
            && e.fiscal_period == label
    })?;
    let held = e.revenue_consensus?;
    let factor = 1.0 + c.expected / 100.0;
    if factor <= 0.0 {
        return None;
    }
    let money = |v: f64| format::money_mn(v, e.currency.as_str());
    Some(format!(
        "Consensus: the claimed {} implies a consensus of {} on revenue of {}; the data's sources give {}.",
        c.shown(c.expected),
        money(e.revenue / factor),
        money(e.revenue),
        money(held)
    ))
}

/// A claim whose source is worked out from the data's own sources, rather
/// than being one of them: "The claim is worked out from the sources the
/// data's figure comes from."
fn shared_sources_note(data: &Dataset, c: &ClaimResult) -> Option<String> {
    let lineage = data.lineage(c.tested_sources.iter().map(String::as_str));
    if lineage.contains(c.source.as_str()) {
        return None;
    }
    Some("The claim is worked out from the sources the data's figure comes from.".into())
}

/// A campaign cost the data cannot work out: the count it lacks. "The data
/// has no count of units for this campaign."
fn missing_count_note(data: &Dataset, c: &ClaimResult) -> Option<String> {
    let campaign = data.campaigns.iter().find(|r| r.id == c.subject)?;
    let missing = match c.metric {
        Metric::CampaignSpendPerOrderConv if campaign.orders.is_none() => "orders",
        Metric::CampaignSpendPerUnitConv if campaign.units.is_none() => "units",
        _ => return None,
    };
    Some(format!(
        "The data has no count of {missing} for this campaign."
    ))
}
