//! The unit of a metric's values and of the numbers a chart shows, written as
//! SPEC 5 writes it: `%`, `x`, `count`, `USD mn`, `USD`.

use std::fmt;

use serde::{Serialize, Serializer};

use super::values::Currency;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Unit {
    /// `%`: 12.5 means 12.5 %.
    Percent,
    /// `x`: a ratio such as a pace against a straight line.
    Ratio,
    /// `count`: users, players, layers.
    Count,
    /// `USD mn`: millions of a currency.
    Millions(Currency),
    /// `USD`: whole units of a currency.
    Money(Currency),
}

impl Unit {
    /// A unit as written: `%`, `x`, `count`, `CCC mn` or `CCC` with an ISO 4217
    /// code. For units that arrive as text, such as a template's.
    pub fn parse(text: &str) -> Option<Unit> {
        match text {
            "%" => Some(Unit::Percent),
            "x" => Some(Unit::Ratio),
            "count" => Some(Unit::Count),
            _ => match text.strip_suffix(" mn") {
                Some(code) => Currency::parse(code).map(Unit::Millions),
                None => Currency::parse(text).map(Unit::Money),
            },
        }
    }

    /// The currency of money, `None` for other units.
    pub fn currency(self) -> Option<Currency> {
        match self {
            Unit::Millions(currency) | Unit::Money(currency) => Some(currency),
            Unit::Percent | Unit::Ratio | Unit::Count => None,
        }
    }
}

impl fmt::Display for Unit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Unit::Percent => f.write_str("%"),
            Unit::Ratio => f.write_str("x"),
            Unit::Count => f.write_str("count"),
            Unit::Millions(currency) => write!(f, "{currency} mn"),
            Unit::Money(currency) => write!(f, "{currency}"),
        }
    }
}

impl Serialize for Unit {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_read_back_what_they_write() {
        for text in ["%", "x", "count", "USD mn", "CNY mn", "EUR"] {
            assert_eq!(Unit::parse(text).unwrap().to_string(), text);
        }
        assert_eq!(Unit::parse("XYZ mn"), None);
        assert_eq!(Unit::parse("percent"), None);
    }
}
