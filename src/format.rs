//! Numbers for people: `$40.7B`, `RMB 284.8B`, `-74.2%`, `73.5M`, `0.82x`.
//!
//! The one place that formats numbers for reading, so that the terminal table,
//! the report's tables and sentences and the chart labels agree. Machine
//! outputs (JSON, CSV) write values in full instead.

use crate::model::Unit;

/// The symbol or prefix a currency is written with.
fn prefix(currency: &str) -> String {
    match currency {
        "USD" => "$".into(),
        "CNY" => "RMB ".into(),
        "EUR" => "€".into(),
        "GBP" => "£".into(),
        "JPY" => "¥".into(),
        other => format!("{other} "),
    }
}

fn signed(value: f64, body: String) -> String {
    if value < 0.0 {
        format!("-{body}")
    } else {
        body
    }
}

/// Inserts thousands separators into a plain decimal string.
fn group_thousands(text: &str) -> String {
    let (int, frac) = text
        .split_once('.')
        .map_or((text, None), |(i, f)| (i, Some(f)));
    let mut out = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if let Some(frac) = frac {
        out.push('.');
        out.push_str(frac);
    }
    out
}

/// `value` to `decimals` places, rounding halves as written in decimal: 2.155
/// is stored as 2.15499..., and a reader expects 2.16. A nudge of a few units in
/// the last place settles such ties without moving any other value.
fn fixed(value: f64, decimals: usize) -> String {
    let nudged = value * (1.0 + 4.0 * f64::EPSILON);
    format!("{nudged:.decimals$}")
}

/// A plain number with thousands separators and `decimals` places: `1,234.5`.
pub fn number(value: f64, decimals: usize) -> String {
    signed(value, group_thousands(&fixed(value.abs(), decimals)))
}

/// An amount in millions of `currency`: `$40.7B`, `RMB 284.8B`, `$431M`, `$1.25T`.
pub fn money_mn(value_mn: f64, currency: &str) -> String {
    if value_mn == 0.0 {
        return format!("{}0", prefix(currency));
    }
    let abs = value_mn.abs();
    let body = if abs >= 1e6 {
        format!("{}T", fixed(abs / 1e6, 2))
    } else if abs >= 1e3 {
        format!("{}B", group_thousands(&fixed(abs / 1e3, 1)))
    } else if abs >= 10.0 {
        format!("{}M", fixed(abs, 0))
    } else {
        format!("{}M", fixed(abs, 1))
    };
    signed(value_mn, format!("{}{body}", prefix(currency)))
}

/// An amount in whole units of `currency`: `$2.16`, `RMB 1,250`.
pub fn money_units(value: f64, currency: &str) -> String {
    let decimals = if value.abs() >= 1000.0 { 0 } else { 2 };
    signed(
        value,
        format!("{}{}", prefix(currency), number(value.abs(), decimals)),
    )
}

/// A percentage: `-74.2%`, `1,230.0%`.
pub fn pct(value: f64) -> String {
    format!("{}%", number(value, 1))
}

/// A change with its sign: `+2.9%`, `-74.2%`.
pub fn signed_pct(value: f64) -> String {
    let text = pct(value);
    if value > 0.0 {
        format!("+{text}")
    } else {
        text
    }
}

/// A count: `73.5M`, `1.2B`, `950K`, `812`.
pub fn count(value: f64) -> String {
    let abs = value.abs();
    let body = if abs >= 1e9 {
        format!("{}B", fixed(abs / 1e9, 1))
    } else if abs >= 1e6 {
        format!("{}M", fixed(abs / 1e6, 1))
    } else if abs >= 1e4 {
        format!("{}K", fixed(abs / 1e3, 0))
    } else {
        number(abs, 0)
    };
    signed(value, body)
}

/// A ratio: `0.82x`.
pub fn ratio(value: f64) -> String {
    format!("{}x", fixed(value, 2))
}

/// A value in its unit: `-2.1%`, `0.90x`, `100.0M`, `$40.7B`, `$2.16`.
pub fn in_unit(value: f64, unit: Unit) -> String {
    match unit {
        Unit::Percent => pct(value),
        Unit::Ratio => ratio(value),
        Unit::Count => count(value),
        Unit::Millions(currency) => money_mn(value, currency.as_str()),
        Unit::Money(currency) => money_units(value, currency.as_str()),
    }
}

/// A value in its unit with `decimals` places and no scaling to thousands or
/// billions: `RMB 234,156.0M`, `3.74%`, `73,512,000`, `0.904x`. For two values
/// that `in_unit` would write alike.
pub fn in_unit_to(value: f64, unit: Unit, decimals: usize) -> String {
    let plain = number(value, decimals);
    match unit {
        Unit::Percent => format!("{plain}%"),
        Unit::Ratio => format!("{plain}x"),
        Unit::Count => plain,
        Unit::Millions(currency) => signed(
            value,
            format!(
                "{}{}M",
                prefix(currency.as_str()),
                number(value.abs(), decimals)
            ),
        ),
        Unit::Money(currency) => signed(
            value,
            format!(
                "{}{}",
                prefix(currency.as_str()),
                number(value.abs(), decimals)
            ),
        ),
    }
}

/// A value by a unit written as text (SPEC 5): `%`, `x`, `count`, `CCC mn` or
/// `CCC`; for units that arrive as text, such as a template's. Millions of a
/// code outside ISO 4217 keep the code as their prefix, and any other unit
/// follows the number.
pub fn by_unit(value: f64, unit: &str) -> String {
    match Unit::parse(unit) {
        Some(unit) => in_unit(value, unit),
        None => match unit.strip_suffix(" mn") {
            Some(code) => money_mn(value, code),
            None => format!("{} {unit}", number(value, 2)),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_in_millions() {
        assert_eq!(money_mn(40_732.0, "USD"), "$40.7B");
        assert_eq!(money_mn(284_843.0, "CNY"), "RMB 284.8B");
        assert_eq!(money_mn(431.0, "USD"), "$431M");
        assert_eq!(money_mn(-848.0, "CNY"), "-RMB 848M");
        assert_eq!(money_mn(1_250_000.0, "USD"), "$1.25T");
        assert_eq!(money_mn(380_000.0, "CNY"), "RMB 380.0B");
        assert_eq!(money_mn(2.5, "EUR"), "€2.5M");
        assert_eq!(money_mn(0.0, "USD"), "$0");
        assert_eq!(money_mn(5_000.0, "CHF"), "CHF 5.0B");
        assert_eq!(money_mn(999_999.0, "USD"), "$1,000.0B");
    }

    #[test]
    fn percentages_counts_ratios() {
        assert_eq!(pct(-74.170_347), "-74.2%");
        assert_eq!(pct(1230.0), "1,230.0%");
        assert_eq!(pct(0.04), "0.0%");
        assert_eq!(signed_pct(2.93), "+2.9%");
        assert_eq!(signed_pct(-74.17), "-74.2%");
        assert_eq!(count(73_520_000.0), "73.5M");
        assert_eq!(count(1_200_000_000.0), "1.2B");
        assert_eq!(count(950_000.0), "950K");
        assert_eq!(count(812.0), "812");
        assert_eq!(ratio(0.819_6), "0.82x");
        assert_eq!(ratio(-0.125), "-0.13x");
    }

    #[test]
    fn decimal_halves_round_up() {
        assert_eq!(money_units(2.155, "USD"), "$2.16");
        assert_eq!(number(0.125, 2), "0.13");
        assert_eq!(number(1.005, 2), "1.01");
        assert_eq!(number(2.144_999, 2), "2.14");
        assert_eq!(pct(-1.193_317), "-1.2%");
    }

    #[test]
    fn by_unit_dispatches() {
        assert_eq!(by_unit(-2.109, "%"), "-2.1%");
        assert_eq!(by_unit(40_732.0, "USD mn"), "$40.7B");
        assert_eq!(by_unit(2.155, "USD"), "$2.16");
        assert_eq!(by_unit(100_000_000.0, "count"), "100.0M");
        assert_eq!(by_unit(0.9, "x"), "0.90x");
        assert_eq!(by_unit(5_000.0, "XYZ mn"), "XYZ 5.0B");
        assert_eq!(by_unit(1.5, "tokens"), "1.50 tokens");
        assert_eq!(
            in_unit(2.155, Unit::Money(crate::model::Currency::USD)),
            "$2.16"
        );
    }

    #[test]
    fn thousands() {
        assert_eq!(number(1_234_567.891, 1), "1,234,567.9");
        assert_eq!(number(-1_000.0, 0), "-1,000");
        assert_eq!(number(999.0, 0), "999");
    }
}
