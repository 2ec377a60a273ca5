//! Users counts in words (SPEC 6.1, "Who counted" and "Implied bounds"): the
//! metric, the period it counts over, who counted, and what a shorter
//! period's count says of a longer one.

use super::{company, list, qualified_count};
use crate::format;
use crate::model::{Dataset, Qualifier};

/// Active-user metrics from the longest period to the shortest: a product's
/// count of one is at most its count of an earlier one (daily <= weekly <= monthly).
pub const ACTIVE_METRICS: [&str; 3] = ["mau", "wau", "dau"];

/// The active-user metrics of shorter periods than `metric` (`wau` and `dau`
/// for `mau`): a count of one of them is a lower bound on `metric`'s. Empty
/// for any other metric.
pub fn shorter_periods(metric: &str) -> &'static [&'static str] {
    match ACTIVE_METRICS.iter().position(|m| *m == metric) {
        Some(place) => &ACTIVE_METRICS[place + 1..],
        None => &[],
    }
}

/// Items grouped by a key (such as who counted them), keys in order of first
/// appearance, each key's items in order.
pub fn grouped_in_order<K: PartialEq, V>(
    items: impl IntoIterator<Item = (K, V)>,
) -> Vec<(K, Vec<V>)> {
    let mut groups: Vec<(K, Vec<V>)> = Vec::new();
    for (key, item) in items {
        match groups.iter_mut().find(|(k, _)| *k == key) {
            Some((_, group)) => group.push(item),
            None => groups.push((key, vec![item])),
        }
    }
    groups
}

/// The period an active-users metric counts over: `mau` -> `monthly`.
pub fn active_period(metric: &str) -> Option<&'static str> {
    match metric {
        "mau" => Some("monthly"),
        "wau" => Some("weekly"),
        "dau" => Some("daily"),
        _ => None,
    }
}

/// A users metric in words: `mau` -> `monthly active users`.
pub fn users_metric(metric: &str) -> String {
    match (metric, active_period(metric)) {
        (_, Some(period)) => format!("{period} active users"),
        ("mau_all_channels", None) => "monthly active users, all channels".into(),
        (other, None) => other.replace(['_', '-'], " "),
    }
}

/// Who counted a users figure (SPEC 3, `measured_by`), in words: the
/// product's company for `company` ("Alibaba Group"), a tracker by its name
/// ("QuestMobile"), "not stated" where the data does not say.
pub fn counter(data: &Dataset, product: &str, measured_by: Option<&str>) -> String {
    match measured_by {
        None => "not stated".into(),
        Some("company") => data
            .product(product)
            .map_or_else(|| "its company".into(), |p| company(data, &p.company)),
        Some(tracker) => tracker_name(tracker),
    }
}

/// The least a count of a shorter period implies for a longer one (a product
/// with 900M weekly users has at least 900M monthly users), in words:
/// "at least 900.0M", "more than 50.0M".
pub fn implied_count(value: f64, qualifier: Qualifier) -> String {
    let bound = match qualifier {
        Qualifier::MoreThan => "more than ",
        Qualifier::Approx => "at least about ",
        Qualifier::Exact | Qualifier::AtLeast => "at least ",
    };
    format!("{bound}{}", format::count(value))
}

/// "ChatGPT's weekly count of at least 900.0M means at least 900.0M monthly
/// users": a count of `period` and what it implies for the longer `implied`.
pub fn implied_bound(
    product: &str,
    period: &str,
    value: f64,
    qualifier: Qualifier,
    implied: &str,
) -> String {
    format!(
        "{} {period} count of {} means {} {implied} users",
        super::possessive(product),
        qualified_count(value, qualifier),
        implied_count(value, qualifier)
    )
}

/// Who counted a set of counts, counters in words (`None`: not stated) with
/// the products each counted, in order: "all counted by QuestMobile";
/// "counted by Alphabet (Gemini app) and QuestMobile (DeepSeek app and Qwen
/// app)"; "counted by Aicpb (Doubao), not stated for Yuanbao".
pub fn counted_by(groups: &[(Option<String>, Vec<String>)]) -> String {
    let stated: Vec<String> = groups
        .iter()
        .filter_map(|(c, products)| c.as_ref().map(|c| format!("{c} ({})", list(products))))
        .collect();
    let unstated: Vec<String> = groups
        .iter()
        .filter(|(c, _)| c.is_none())
        .flat_map(|(_, products)| products.iter().cloned())
        .collect();
    match (groups, stated.is_empty(), unstated.is_empty()) {
        ([(Some(c), _)], _, _) => format!("all counted by {c}"),
        (_, true, _) => "with no counter stated".into(),
        (_, false, true) => format!("counted by {}", list(&stated)),
        (_, false, false) => format!(
            "counted by {}, not stated for {}",
            list(&stated),
            list(&unstated)
        ),
    }
}

/// A tracker's name from its slug: the known ones as they write it, any
/// other with each word capitalised (`some_tracker` -> `Some Tracker`).
pub fn tracker_name(slug: &str) -> String {
    const KNOWN: [(&str, &str); 6] = [
        ("questmobile", "QuestMobile"),
        ("aicpb", "Aicpb"),
        ("huggingface", "Hugging Face"),
        ("sensortower", "Sensor Tower"),
        ("similarweb", "Similarweb"),
        ("dataai", "data.ai"),
    ];
    if let Some((_, name)) = KNOWN.iter().find(|(s, _)| *s == slug) {
        return (*name).to_string();
    }
    slug.split(['_', '-'])
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut chars = w.chars();
            chars
                .next()
                .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn who_counted_is_said_by_counter_with_the_products_each_counted() {
        let group = |c: Option<&str>, products: &[&str]| {
            (
                c.map(String::from),
                products.iter().map(|p| p.to_string()).collect::<Vec<_>>(),
            )
        };
        assert_eq!(
            counted_by(&[group(Some("QuestMobile"), &["Doubao", "Qwen app"])]),
            "all counted by QuestMobile"
        );
        assert_eq!(
            counted_by(&[
                group(Some("Alphabet"), &["Gemini app"]),
                group(None, &["Doubao"]),
                group(Some("QuestMobile"), &["DeepSeek app", "Qwen app"]),
            ]),
            "counted by Alphabet (Gemini app) and QuestMobile (DeepSeek app and Qwen app), \
             not stated for Doubao"
        );
        assert_eq!(
            counted_by(&[group(None, &["Doubao"])]),
            "with no counter stated"
        );
        assert_eq!(tracker_name("questmobile"), "QuestMobile");
        assert_eq!(tracker_name("app_annie"), "App Annie");
    }

    #[test]
    fn a_shorter_periods_count_bounds_a_longer_ones() {
        assert_eq!(
            implied_bound("ChatGPT", "weekly", 9e8, Qualifier::AtLeast, "monthly"),
            "ChatGPT's weekly count of at least 900.0M means at least 900.0M monthly users"
        );
        // A name ending in s takes an apostrophe alone.
        assert_eq!(
            implied_bound("Copilot Apps", "daily", 5e7, Qualifier::Exact, "weekly"),
            "Copilot Apps' daily count of 50.0M means at least 50.0M weekly users"
        );
        assert_eq!(implied_count(5e7, Qualifier::MoreThan), "more than 50.0M");
        assert_eq!(implied_count(5e7, Qualifier::Exact), "at least 50.0M");
    }
}
