//! A target in words beyond its name (SPEC 6.1, v3): its value with its
//! qualifier, the bound a qualifier puts on every share of it and on the growth
//! it needs, what it counts against what the data measures it on, and whether
//! its progress stops before its company's latest quarter. The lede, key
//! figures, summary, targets table and goals charts all take these words from
//! here, so they say one thing.

use chrono::NaiveDate;

use crate::format;
use crate::model::{CapexBasis, CapexKind, Dataset, Qualifier, Target, TargetMetric, Unit};
use crate::names;

/// The target's value with its qualifier: "more than RMB 380.0B", "$100.0B".
pub fn value(t: &Target) -> String {
    format!(
        "{}{}",
        names::qualifier_words(t.qualifier),
        format::in_unit(t.value, Unit::Millions(t.currency))
    )
}

/// The words before a share of the target, or a pace against it: a share of
/// "more than X" is less than the share of X the data shows; of "at least X",
/// at most that share; of "about X", about it.
pub fn share_bound(t: &Target) -> &'static str {
    match t.qualifier {
        Qualifier::Exact => "",
        Qualifier::MoreThan => "less than ",
        Qualifier::AtLeast => "at most ",
        Qualifier::Approx => "about ",
    }
}

/// A share of the target with its bound: "less than 20.7%".
pub fn share(t: &Target, pct: f64) -> String {
    format!("{}{}", share_bound(t), format::pct(pct))
}

/// A pace against the target with its bound: "less than 1.04x".
pub fn pace(t: &Target, ratio: f64) -> String {
    format!("{}{}", share_bound(t), format::ratio(ratio))
}

/// A growth a year the target needs, with its bound: reaching "more than X"
/// needs more than the growth that reaches X. "more than 35.1%".
pub fn growth(t: &Target, pct: f64) -> String {
    format!(
        "{}{}",
        names::qualifier_words(t.qualifier),
        format::pct(pct)
    )
}

/// What the data measures the target on: "Alibaba Group's total capex",
/// "Alibaba Group's cloud segment revenue".
pub fn measured_on(data: &Dataset, t: &Target) -> String {
    let company = names::company(data, &t.company);
    match t.metric {
        TargetMetric::Capex => {
            let mut actual = data
                .capex
                .iter()
                .filter(|c| c.company == t.company && c.kind == CapexKind::Actual)
                .peekable();
            let stated =
                actual.peek().is_some() && actual.all(|c| c.basis == Some(CapexBasis::AiCloud));
            if stated {
                format!(
                    "{} capex on AI and cloud as it states it",
                    names::possessive(&company)
                )
            } else {
                format!("{} total capex", names::possessive(&company))
            }
        }
        TargetMetric::Revenue => match t.segment.as_deref() {
            None | Some("total") => format!("{} total revenue", names::possessive(&company)),
            Some(s) => format!(
                "{} {} segment revenue",
                names::possessive(&company),
                names::segment(s)
            ),
        },
    }
}

/// What the target counts, where its announcer's terms differ from what the
/// data measures it on: "stated as investment in cloud and AI hardware
/// infrastructure over three years; measured here on Alibaba Group's total
/// capex". None when the data gives no `defined_as`.
pub fn counts(data: &Dataset, t: &Target) -> Option<String> {
    let stated = t.defined_as.as_deref()?.trim();
    Some(format!(
        "stated as {stated}; measured here on {}",
        measured_on(data, t)
    ))
}

/// `counts` to open a sentence: "Stated as ...; measured here on ...".
pub fn counts_opening(data: &Dataset, t: &Target) -> Option<String> {
    let counts = counts(data, t)?;
    Some(format!("S{}", &counts[1..]))
}

/// `counts` as a sentence about the target, named by `what` ("The plan"):
/// "The plan is stated as ...; this report measures it on ...". Empty when
/// the data gives no `defined_as`.
pub fn counts_sentence(data: &Dataset, t: &Target, what: &str) -> String {
    match t.defined_as.as_deref() {
        Some(stated) => format!(
            " {what} is stated as {}; this report measures it on {}.",
            stated.trim(),
            measured_on(data, t)
        ),
        None => String::new(),
    }
}

/// What the target's progress is measured on, as a reader calls its data:
/// "capex", "cloud revenue".
pub fn data_words(t: &Target) -> String {
    match (t.metric, t.segment.as_deref()) {
        (TargetMetric::Capex, _) => "capex".into(),
        (TargetMetric::Revenue, None | Some("total")) => "revenue".into(),
        (TargetMetric::Revenue, Some(s)) => format!("{} revenue", names::segment(s)),
    }
}

/// The latest quarter end of the company's earnings, when it is later than
/// `day`, the day the target's progress is measured to: that progress is
/// older than the rest of the report (SPEC 6.1, stale measures).
pub fn reported_after(data: &Dataset, t: &Target, day: NaiveDate) -> Option<NaiveDate> {
    data.earnings
        .iter()
        .filter(|e| e.company == t.company)
        .map(|e| e.period_end)
        .max()
        .filter(|latest| *latest > day)
}

/// What the rest of the report runs to, beside a stale measure: "revenue"
/// for a capex target, "total revenue" for one measured on a segment.
pub fn reported_words(t: &Target) -> &'static str {
    match (t.metric, t.segment.as_deref()) {
        (TargetMetric::Revenue, Some(s)) if s != "total" => "total revenue",
        _ => "revenue",
    }
}

/// ", the last day with capex data (revenue is reported to 31 March 2026)"
/// when the target's progress is measured to a day before its company's
/// latest quarter; empty otherwise.
pub fn stale_clause(data: &Dataset, t: &Target, day: NaiveDate) -> String {
    match reported_after(data, t, day) {
        Some(latest) => format!(
            ", the last day with {} data ({} is reported to {})",
            data_words(t),
            reported_words(t),
            names::day(latest)
        ),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Currency, TargetKind};
    use crate::periods::parse_date;

    fn target(qualifier: Qualifier, segment: Option<&str>) -> Target {
        Target {
            line: 2,
            id: "t".into(),
            company: "hanzi".into(),
            metric: TargetMetric::Revenue,
            segment: segment.map(String::from),
            kind: TargetKind::RunRate,
            value: 100_000.0,
            currency: Currency::parse("USD").unwrap(),
            start: parse_date("2026-03-19").unwrap(),
            end: parse_date("2031-03-19").unwrap(),
            announced: parse_date("2026-03-19").unwrap(),
            source: "s".into(),
            qualifier,
            defined_as: None,
        }
    }

    #[test]
    fn a_qualifier_bounds_shares_one_way_and_growth_the_other() {
        let t = target(Qualifier::MoreThan, Some("cloud"));
        assert_eq!(value(&t), "more than $100.0B");
        // 22.5% of $100B is less than 22.5% of more than $100B.
        assert_eq!(share(&t, 22.5), "less than 22.5%");
        assert_eq!(pace(&t, 1.04), "less than 1.04x");
        assert_eq!(growth(&t, 35.1), "more than 35.1%");
        let t = target(Qualifier::AtLeast, None);
        assert_eq!(share(&t, 50.0), "at most 50.0%");
        assert_eq!(growth(&t, 10.0), "at least 10.0%");
        let t = target(Qualifier::Approx, None);
        assert_eq!(share(&t, 50.0), "about 50.0%");
        let t = target(Qualifier::Exact, None);
        assert_eq!(
            (value(&t), share(&t, 50.0)),
            ("$100.0B".into(), "50.0%".into())
        );
    }

    #[test]
    fn what_a_target_counts_is_said_only_when_the_data_says_it() {
        let data = Dataset::default();
        let mut t = target(Qualifier::MoreThan, Some("cloud"));
        assert_eq!(counts(&data, &t), None);
        assert_eq!(counts_sentence(&data, &t, "The target"), "");
        t.defined_as = Some("annual revenue from cloud and AI".into());
        assert_eq!(
            counts(&data, &t).unwrap(),
            "stated as annual revenue from cloud and AI; measured here on hanzi's cloud segment revenue"
        );
        assert_eq!(data_words(&t), "cloud revenue");
        assert_eq!(reported_words(&t), "total revenue");
    }
}
