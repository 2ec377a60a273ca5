//! The period of a metric row (SPEC 5's `period` column), typed by what it is:
//! a fiscal quarter, a capex period, a calendar year, a day, a stack, or none.
//!
//! A period is written as SPEC 5 writes it (`FY2026Q3`, `2025`, `2026-03-31`),
//! and periods order as that text does, so that rows sort as the SPEC sorts
//! them. Two periods are the same when their keys are (`PeriodKey`: a fiscal
//! quarter, a year, a day or a label, typed); a period written as text (a
//! claim's, a metrics.json row's) is read into a key by what its metric's
//! periods are (`PeriodKind`), never compared as text.

use std::borrow::Cow;
use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};

use chrono::NaiveDate;
use serde::{Serialize, Serializer};

use crate::periods::{parse_date, FiscalQuarter};

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

/// What identifies a period, typed: two periods are the same when their keys are.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum PeriodKey {
    None,
    Quarter(FiscalQuarter),
    Year(i32),
    Date(NaiveDate),
    /// A capex period's or a stack's label.
    Label(String),
}

/// What the periods of a metric's rows are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PeriodKind {
    None,
    Quarter,
    Year,
    Date,
    Label,
}

impl PeriodKey {
    /// A period written as text, read as `kind` reads it; `None` when the
    /// text is not such a period (no row can have it).
    pub fn parse(kind: PeriodKind, text: &str) -> Option<PeriodKey> {
        match kind {
            PeriodKind::None => text.is_empty().then_some(PeriodKey::None),
            PeriodKind::Quarter => text.parse().ok().map(PeriodKey::Quarter),
            PeriodKind::Year => text.parse().ok().map(PeriodKey::Year),
            PeriodKind::Date => parse_date(text).ok().map(PeriodKey::Date),
            PeriodKind::Label => (!text.is_empty()).then(|| PeriodKey::Label(text.to_string())),
        }
    }
}

impl Period {
    /// What identifies the period.
    pub fn key(&self) -> PeriodKey {
        match self {
            Period::None => PeriodKey::None,
            Period::Quarter { label, .. } => PeriodKey::Quarter(*label),
            Period::Span { label, .. } | Period::Stack(label) | Period::Label(label) => {
                PeriodKey::Label(label.clone())
            }
            Period::Year(year) => PeriodKey::Year(*year),
            Period::Date(date) => PeriodKey::Date(*date),
        }
    }

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
        self.key() == other.key()
    }
}

impl Eq for Period {}

/// SPEC 5's order: by the text, an empty period first.
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
        self.key().hash(state);
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
        // The same when their keys are: a label is not a quarter.
        assert_ne!(quarter, Period::Stack("FY2026Q3".into()));
        assert_eq!(
            Period::Span {
                label: "FY2025".into(),
                end
            },
            Period::Label("FY2025".into())
        );
        let key = |kind, text| PeriodKey::parse(kind, text);
        assert_eq!(key(PeriodKind::Quarter, "FY2026Q3"), Some(quarter.key()));
        assert_eq!(key(PeriodKind::Year, "2025"), Some(PeriodKey::Year(2025)));
        assert_eq!(
            key(PeriodKind::Date, "2025-12-31"),
            Some(Period::Date(end).key())
        );
        assert_eq!(key(PeriodKind::Quarter, "2025Q3"), None);
        assert_eq!(key(PeriodKind::None, ""), Some(PeriodKey::None));
        assert_eq!(key(PeriodKind::None, "2025"), None);
        assert_eq!(serde_json::to_string(&Period::None).unwrap(), "null");
        assert_eq!(serde_json::to_string(&quarter).unwrap(), "\"FY2026Q3\"");
    }
}
