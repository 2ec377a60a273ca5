//! The values a cell may hold beyond numbers, text and dates: the closed sets
//! written as lowercase words, and currency codes.

use std::fmt;

use serde::Serialize;

/// A closed set of values written as lowercase words in the data.
pub trait Choice: Sized + Copy + 'static {
    const ALL: &'static [(&'static str, Self)];

    fn parse(text: &str) -> Option<Self> {
        Self::ALL
            .iter()
            .find(|(name, _)| *name == text)
            .map(|(_, v)| *v)
    }

    fn name(self) -> &'static str
    where
        Self: PartialEq,
    {
        Self::ALL
            .iter()
            .find(|(_, v)| *v == self)
            .map(|(n, _)| *n)
            .unwrap_or("")
    }

    /// `western or china`, `one of a, b, c`: for "expected ..." messages.
    fn expectation() -> String {
        let names: Vec<&str> = Self::ALL.iter().map(|(n, _)| *n).collect();
        match names.as_slice() {
            [a, b] => format!("{a} or {b}"),
            _ => format!("one of {}", names.join(", ")),
        }
    }
}

macro_rules! choice {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
        pub enum $name { $($variant),+ }

        impl Choice for $name {
            const ALL: &'static [(&'static str, Self)] = &[$(($text, $name::$variant)),+];
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.name())
            }
        }
    };
}

choice!(
    /// The two technology blocs compared throughout the report.
    Bloc { Western = "western", China = "china" }
);
choice!(
    ProductCategory {
        ConsumerAgent = "consumer_agent",
        EnterprisePlatform = "enterprise_platform",
        Model = "model",
        Framework = "framework",
        Cloud = "cloud",
        Other = "other",
    }
);
choice!(
    CapexKind { Actual = "actual", Guidance = "guidance" }
);
choice!(
    /// What a capex figure counts (SPEC v3): cash payments for property and
    /// equipment, cash plus assets under finance leases, or a figure the
    /// company states for AI and cloud alone.
    CapexBasis { Cash = "cash", IncludingLeases = "incl_leases", AiCloud = "ai_cloud" }
);
choice!(
    TargetMetric { Revenue = "revenue", Capex = "capex" }
);
choice!(
    TargetKind { Cumulative = "cumulative", RunRate = "run_rate" }
);
choice!(
    /// How exact a figure is: empty means exact. Users counts, capex rows,
    /// targets and campaign spends take it (`more_than` since SPEC v3).
    Qualifier { Exact = "", AtLeast = "at_least", MoreThan = "more_than", Approx = "approx" }
);
choice!(
    /// How a claim's figure bounds the truth: empty means "exactly".
    ClaimQualifier { AtLeast = "at_least", AtMost = "at_most" }
);
choice!(
    EventCategory {
        Product = "product",
        Org = "org",
        Earnings = "earnings",
        Promotion = "promotion",
        Policy = "policy",
        People = "people",
        Other = "other",
    }
);

/// An ISO 4217 currency code, such as `CNY`.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Currency([u8; 3]);

impl Currency {
    pub const USD: Currency = Currency(*b"USD");

    /// A code of the ISO 4217 list (kept by the `iso_currency` crate, superseded
    /// codes such as `HRK` included, for old rows): three capital letters alone
    /// would let a typo such as `CYN` through as a currency without rates.
    pub fn parse(text: &str) -> Option<Currency> {
        iso_currency::Currency::from_code(text)?;
        text.as_bytes().try_into().ok().map(Currency)
    }

    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).expect("currency codes are ASCII")
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A colour `#RRGGBB` from the data: a company's colour in every chart.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Color {
    pub red: u8,
    pub green: u8,
    pub blue: u8,
}

impl Color {
    /// `#` and six hexadecimal digits, in either case.
    pub fn parse(text: &str) -> Option<Color> {
        let digits = text.strip_prefix('#')?;
        if digits.len() != 6 || !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let channel = |at: usize| u8::from_str_radix(&digits[at..at + 2], 16).ok();
        Some(Color {
            red: channel(0)?,
            green: channel(2)?,
            blue: channel(4)?,
        })
    }
}

impl fmt::Display for Color {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{:02X}{:02X}{:02X}", self.red, self.green, self.blue)
    }
}

impl fmt::Debug for Color {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn choices_parse_and_describe_themselves() {
        assert_eq!(Bloc::parse("china"), Some(Bloc::China));
        assert_eq!(Bloc::parse("China"), None);
        assert_eq!(Bloc::expectation(), "western or china");
        assert_eq!(
            EventCategory::expectation(),
            "one of product, org, earnings, promotion, policy, people, other"
        );
        assert_eq!(Qualifier::parse(""), Some(Qualifier::Exact));
    }

    #[test]
    fn currency_is_three_capital_letters() {
        assert_eq!(Currency::parse("CNY").unwrap().as_str(), "CNY");
        assert!(Currency::parse("cny").is_none());
        assert!(Currency::parse("CN").is_none());
        assert!(Currency::parse("CNYY").is_none());
        assert!(Currency::parse("ÄBC").is_none());
        assert!(
            Currency::parse("XYZ").is_none(),
            "three capitals, but not ISO 4217"
        );
        assert!(Currency::parse("CYN").is_none());
        assert_eq!(Currency::parse("HRK").unwrap().as_str(), "HRK");
    }

    #[test]
    fn a_colour_is_a_hash_and_six_hex_digits() {
        let orange = Color::parse("#e69F00").unwrap();
        assert_eq!((orange.red, orange.green, orange.blue), (0xE6, 0x9F, 0x00));
        assert_eq!(orange.to_string(), "#E69F00");
        for bad in [
            "E69F00", "#E69F0", "#E69F000", "#G69F00", "#e69f0é", "", " #E69F00",
        ] {
            assert!(Color::parse(bad).is_none(), "{bad:?} is not a colour");
        }
    }
}
