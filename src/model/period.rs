//! The period of a metric row (SPEC 5's `period` column), typed by what it is:
//! a fiscal quarter, a capex period, a calendar year, a day, a stack, or none.
//!
//! A period is written as SPEC 5 writes it (`FY2026Q3`, `2025`, `2026-03-31`),
//! and periods compare as that text does, so rows sort as the SPEC sorts them
//! and a claim that names a period as text finds its row.

use std::borrow::Cow;
use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};

use chrono::NaiveDate;
use serde::{Serialize, Serializer};

use crate::periods::FiscalQuarter;

#[derive(Clone, Debug)]
pub enum Period {
    /// An empty period: a target's baseline, a campaign, a company's stack layers.
    None,
    /// A fiscal quarter of earnings, with the day it ends.
    Quarter {
        label: FiscalQuarter,
        end: NaiveDate,
    },
    /// A capex period by its label (`FY2025`, `2025H1`), with the day it ends.
    Span { label: String, end: NaiveDate },
    /// A calendar year: bloc capex.
    Year(i32),
    /// A day: the day C a target is measured to, the date of a users count.
    Date(NaiveDate),
    /// The stack a count of players is of, standing in the period column.
    Stack(String),
    /// A period as a claim names it, when neither a metric row nor the fiscal
    /// calendar gives it a type.
    Label(String),
}

impl Period {
    /// The period as written in metrics.csv: empty for none.
    pub fn text(&self) -> Cow<'_, str> {
        match self {
            Period::None => Cow::Borrowed(""),
            Period::Span { label, .. } | Period::Stack(label) | Period::Label(label) => {
                Cow::Borrowed(label)
            }
            Period::Quarter { label, .. } => Cow::Owned(label.to_string()),
            Period::Year(year) => Cow::Owned(year.to_string()),
            Period::Date(date) => Cow::Owned(date.to_string()),
        }
    }

    /// The day the period ends, for periods in time.
    pub fn end(&self) -> Option<NaiveDate> {
        match self {
            Period::Quarter { end, .. } | Period::Span { end, .. } | Period::Date(end) => {
                Some(*end)
            }
            Period::None | Period::Year(_) | Period::Stack(_) | Period::Label(_) => None,
        }
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text())
    }
}

impl PartialEq for Period {
    fn eq(&self, other: &Period) -> bool {
        self.text() == other.text()
    }
}

impl Eq for Period {}

impl Ord for Period {
    fn cmp(&self, other: &Period) -> Ordering {
        self.text().cmp(&other.text())
    }
}

impl PartialOrd for Period {
    fn partial_cmp(&self, other: &Period) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Hash for Period {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.text().hash(state);
    }
}

/// `null` for none, else the text.
impl Serialize for Period {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Period::None => serializer.serialize_none(),
            other => serializer.serialize_str(&other.text()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::periods::parse_date;

    #[test]
    fn periods_are_their_text() {
        let end = parse_date("2025-12-31").unwrap();
        let quarter = Period::Quarter {
            label: "FY2026Q3".parse().unwrap(),
            end,
        };
        assert_eq!(quarter.to_string(), "FY2026Q3");
        assert_eq!(Period::Year(2025).to_string(), "2025");
        assert_eq!(Period::Date(end).to_string(), "2025-12-31");
        assert_eq!(Period::None.to_string(), "");
        // Compared as text: an empty period first, then by code point.
        let mut periods = [
            Period::Stack("a".into()),
            Period::Date(end),
            quarter.clone(),
            Period::None,
        ];
        periods.sort();
        let texts: Vec<String> = periods.iter().map(Period::to_string).collect();
        assert_eq!(texts, ["", "2025-12-31", "FY2026Q3", "a"]);
        assert_eq!(quarter, Period::Stack("FY2026Q3".into()));
        assert_eq!(serde_json::to_string(&Period::None).unwrap(), "null");
        assert_eq!(serde_json::to_string(&quarter).unwrap(), "\"FY2026Q3\"");
    }
}
