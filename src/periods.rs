//! Fiscal calendars and period arithmetic (SPEC section 4.2): the one place that
//! knows how a label such as `FY2026Q3` maps to dates.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, Months, NaiveDate};

/// A fiscal quarter label: `FY2026Q3` is quarter 3 of the fiscal year ending in 2026.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FiscalQuarter {
    pub year: i32,
    pub quarter: u8,
}

impl FiscalQuarter {
    /// The same fiscal quarter one year earlier: FY2026Q3 -> FY2025Q3.
    pub fn year_earlier(self) -> FiscalQuarter {
        FiscalQuarter {
            year: self.year - 1,
            quarter: self.quarter,
        }
    }

    /// The previous fiscal quarter: FY2026Q1 -> FY2025Q4.
    pub fn previous(self) -> FiscalQuarter {
        if self.quarter == 1 {
            FiscalQuarter {
                year: self.year - 1,
                quarter: 4,
            }
        } else {
            FiscalQuarter {
                year: self.year,
                quarter: self.quarter - 1,
            }
        }
    }

    /// The day this quarter ends for a company whose fiscal year ends on `fye`:
    /// 3 x (4 - q) months before the fiscal year's end, on a month end.
    pub fn end(self, fye: MonthDay) -> NaiveDate {
        let year_end = month_end(self.year, fye.month);
        let back = 3 * (4 - u32::from(self.quarter));
        let first = year_end.with_day(1).expect("day 1 exists") - Months::new(back);
        month_end(first.year(), first.month())
    }
}

impl FromStr for FiscalQuarter {
    type Err = ();

    fn from_str(text: &str) -> Result<Self, ()> {
        let rest = text.strip_prefix("FY").ok_or(())?;
        let (year, quarter) = rest.split_once('Q').ok_or(())?;
        if year.len() != 4 || !year.bytes().all(|b| b.is_ascii_digit()) || quarter.len() != 1 {
            return Err(());
        }
        let quarter: u8 = quarter.parse().map_err(|_| ())?;
        if !(1..=4).contains(&quarter) {
            return Err(());
        }
        Ok(FiscalQuarter {
            year: year.parse().map_err(|_| ())?,
            quarter,
        })
    }
}

impl fmt::Display for FiscalQuarter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "FY{:04}Q{}", self.year, self.quarter)
    }
}

/// A fiscal year end, `MM-DD`, always the last day of its month (February's end
/// may be written 02-28 or 02-29: it means the last day of February of each year).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MonthDay {
    pub month: u32,
    pub day: u32,
}

impl MonthDay {
    /// Parses `MM-DD` and insists on a month end; the error says what was wrong.
    pub fn parse_month_end(text: &str) -> Result<MonthDay, &'static str> {
        let b = text.as_bytes();
        let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
        if b.len() != 5 || b[2] != b'-' || !digits(0..2) || !digits(3..5) {
            return Err("expected MM-DD");
        }
        let month: u32 = text[0..2].parse().map_err(|_| "expected MM-DD")?;
        let day: u32 = text[3..5].parse().map_err(|_| "expected MM-DD")?;
        if !(1..=12).contains(&month) {
            return Err("no such month");
        }
        // A leap year, so that 02-29 counts as February's end.
        let last = month_end(2024, month).day();
        let is_end = day == last || (month == 2 && day == 28);
        if day == 0 || day > last {
            Err("no such day")
        } else if !is_end {
            Err("not a month end")
        } else {
            Ok(MonthDay { month, day })
        }
    }
}

impl fmt::Display for MonthDay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}-{:02}", self.month, self.day)
    }
}

/// The last day of a month.
pub fn month_end(year: i32, month: u32) -> NaiveDate {
    let first = NaiveDate::from_ymd_opt(year, month, 1).expect("valid month");
    (first + Months::new(1)).pred_opt().expect("a day before")
}

/// A quarter starts the day after the month end three months before its end:
/// a quarter ending 2025-12-31 starts 2025-10-01.
pub fn quarter_start(period_end: NaiveDate) -> NaiveDate {
    let back = period_end.with_day(1).expect("day 1 exists") - Months::new(3);
    month_end(back.year(), back.month())
        .succ_opt()
        .expect("a day after")
}

/// The years a date in the data may fall in. Any day of the proleptic calendar
/// parses, but a capex row from 0000-01-01 to 9999-12-31 would be spread over
/// 10,000 calendar years (10,000 metric rows and bars from one row), and a target
/// that long would draw a path of 40,000 quarters. The AI market's figures, its
/// history and any plan for it fall well inside these two centuries.
pub const PLAUSIBLE_YEARS: std::ops::RangeInclusive<i32> = 1900..=2100;

/// What a date outside `PLAUSIBLE_YEARS` is told to be.
pub const PLAUSIBLE_DATES: &str = "a date from 1900-01-01 to 2100-12-31";

/// Parses a strict `YYYY-MM-DD` date; the error says what was expected: the form, or a day that exists.
pub fn parse_date(text: &str) -> Result<NaiveDate, &'static str> {
    let b = text.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    if b.len() != 10
        || b[4] != b'-'
        || b[7] != b'-'
        || !digits(0..4)
        || !digits(5..7)
        || !digits(8..10)
    {
        return Err("a date YYYY-MM-DD");
    }
    let number = |r: std::ops::Range<usize>| -> u32 {
        b[r].iter().fold(0, |n, d| n * 10 + u32::from(d - b'0'))
    };
    NaiveDate::from_ymd_opt(number(0..4) as i32, number(5..7), number(8..10))
        .ok_or("a date YYYY-MM-DD that exists")
}

/// Days from `from` to `to` (zero for the same day; negative if `to` is earlier).
pub fn days_between(from: NaiveDate, to: NaiveDate) -> i64 {
    (to - from).num_days()
}

/// A closed range of days, both ends included.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Span {
    pub start: NaiveDate,
    pub end: NaiveDate,
}

impl Span {
    pub fn new(start: NaiveDate, end: NaiveDate) -> Span {
        Span { start, end }
    }

    /// The span of a quarter ending on `period_end` (SPEC 4.2).
    pub fn quarter(period_end: NaiveDate) -> Span {
        Span::new(quarter_start(period_end), period_end)
    }

    /// Days in the span, both ends counted.
    pub fn days(self) -> i64 {
        days_between(self.start, self.end) + 1
    }

    /// True when both ends lie in `window` (an empty window holds nothing).
    pub fn lies_within(self, window: Span) -> bool {
        window.start <= self.start && self.end <= window.end && self.start <= self.end
    }

    /// The span's days, both ends counted, that lie in `window`.
    pub fn days_within(self, window: Span) -> i64 {
        let start = self.start.max(window.start);
        let end = self.end.min(window.end);
        if start > end || self.start > self.end {
            return 0;
        }
        Span::new(start, end).days()
    }

    /// The share of the span's days that lie in `window`.
    pub fn share_within(self, window: Span) -> f64 {
        match self.days_within(window) {
            0 => 0.0,
            days => days as f64 / self.days() as f64,
        }
    }

    /// Splits the span across calendar years: each year with its share of the
    /// days, both end days counted. Shares sum to 1.
    pub fn year_shares(self) -> Vec<(i32, f64)> {
        let total = self.days() as f64;
        (self.start.year()..=self.end.year())
            .map(|year| {
                let first = NaiveDate::from_ymd_opt(year, 1, 1).expect("January 1st");
                let last = NaiveDate::from_ymd_opt(year, 12, 31).expect("December 31st");
                let part = Span::new(self.start.max(first), self.end.min(last));
                (year, part.days() as f64 / total)
            })
            .collect()
    }
}

/// SPEC 4.2: quarters tile a period when, ordered by start, the first starts on
/// the period's start, each starts the day after the previous ends, and the last
/// ends on its end.
pub fn tiles(quarters: &[Span], period: Span) -> bool {
    let mut sorted = quarters.to_vec();
    sorted.sort();
    let (Some(first), Some(last)) = (sorted.first(), sorted.last()) else {
        return false;
    };
    first.start == period.start
        && last.end == period.end
        && sorted
            .windows(2)
            .all(|w| w[0].end.succ_opt() == Some(w[1].start))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> NaiveDate {
        parse_date(s).unwrap()
    }

    fn fq(s: &str) -> FiscalQuarter {
        s.parse().unwrap()
    }

    const MARCH: MonthDay = MonthDay { month: 3, day: 31 };
    const DECEMBER: MonthDay = MonthDay { month: 12, day: 31 };
    const JUNE: MonthDay = MonthDay { month: 6, day: 30 };

    #[test]
    fn quarter_ends_follow_the_fiscal_year_end() {
        // SPEC 4.2: with 03-31, FY2026Q3 ends 2025-12-31 (3 x (4-3) = 3 months before 2026-03-31).
        assert_eq!(fq("FY2026Q3").end(MARCH), date("2025-12-31"));
        assert_eq!(fq("FY2026Q1").end(MARCH), date("2025-06-30"));
        assert_eq!(fq("FY2026Q4").end(MARCH), date("2026-03-31"));
        // Calendar-year company: FY2025Q1 ends 2025-03-31.
        assert_eq!(fq("FY2025Q1").end(DECEMBER), date("2025-03-31"));
        // June year end: FY2026Q2 ends 2025-12-31 (6 months before 2026-06-30).
        assert_eq!(fq("FY2026Q2").end(JUNE), date("2025-12-31"));
        // A February year end lands on the month end of each year, leap or not.
        let feb = MonthDay::parse_month_end("02-28").unwrap();
        assert_eq!(fq("FY2024Q4").end(feb), date("2024-02-29"));
        assert_eq!(fq("FY2025Q3").end(feb), date("2024-11-30"));
    }

    #[test]
    fn labels_step_across_fiscal_years() {
        assert_eq!(fq("FY2026Q1").previous(), fq("FY2025Q4"));
        assert_eq!(fq("FY2026Q3").previous(), fq("FY2026Q2"));
        assert_eq!(fq("FY2026Q3").year_earlier(), fq("FY2025Q3"));
        assert_eq!(fq("FY2026Q3").to_string(), "FY2026Q3");
    }

    #[test]
    fn fiscal_labels_are_strict() {
        for bad in [
            "FY26Q3",
            "FY2026Q5",
            "FY2026Q0",
            "2026Q3",
            "FY2026q3",
            "FY2026Q31",
            "fy2026Q3",
        ] {
            assert!(bad.parse::<FiscalQuarter>().is_err(), "{bad}");
        }
    }

    #[test]
    fn quarter_start_is_the_day_after_the_month_end_three_months_back() {
        assert_eq!(quarter_start(date("2025-12-31")), date("2025-10-01"));
        assert_eq!(quarter_start(date("2025-03-31")), date("2025-01-01"));
        assert_eq!(quarter_start(date("2024-05-31")), date("2024-03-01"));
    }

    #[test]
    fn fiscal_year_end_must_be_a_month_end() {
        assert_eq!(MonthDay::parse_month_end("03-31"), Ok(MARCH));
        assert!(MonthDay::parse_month_end("02-29").is_ok());
        assert_eq!(MonthDay::parse_month_end("03-30"), Err("not a month end"));
        assert_eq!(MonthDay::parse_month_end("04-31"), Err("no such day"));
        assert_eq!(MonthDay::parse_month_end("13-31"), Err("no such month"));
        assert_eq!(MonthDay::parse_month_end("3-31"), Err("expected MM-DD"));
    }

    #[test]
    fn spans_count_both_end_days() {
        let q = Span::quarter(date("2025-12-31"));
        assert_eq!(q, Span::new(date("2025-10-01"), date("2025-12-31")));
        assert_eq!(q.days(), 92);
        assert_eq!(days_between(date("2025-02-24"), date("2028-02-24")), 1095);
    }

    #[test]
    fn lies_within_needs_both_ends_inside() {
        let window = Span::new(date("2025-02-24"), date("2026-03-31"));
        assert!(Span::quarter(date("2025-06-30")).lies_within(window));
        assert!(Span::quarter(date("2026-03-31")).lies_within(window));
        assert!(!Span::quarter(date("2025-03-31")).lies_within(window));
        assert!(!Span::quarter(date("2026-06-30")).lies_within(window));
        // An inverted window holds nothing.
        let empty = Span::new(date("2026-01-01"), date("2025-01-01"));
        assert!(!Span::quarter(date("2025-06-30")).lies_within(empty));
    }

    #[test]
    fn year_shares_split_by_days() {
        // Microsoft FY2026 (2025-07-01..2026-06-30): 184 days in 2025, 181 in 2026, 365 in all.
        let shares = Span::new(date("2025-07-01"), date("2026-06-30")).year_shares();
        assert_eq!(shares.len(), 2);
        assert_eq!(shares[0].0, 2025);
        assert!((shares[0].1 - 184.0 / 365.0).abs() < 1e-15);
        assert!((shares[1].1 - 181.0 / 365.0).abs() < 1e-15);
        // A span inside one year keeps all of it.
        assert_eq!(
            Span::quarter(date("2025-03-31")).year_shares(),
            [(2025, 1.0)]
        );
        // Leap year: 2024-12-31..2025-01-01 is one day in each.
        assert_eq!(
            Span::new(date("2024-12-31"), date("2025-01-01")).year_shares(),
            [(2024, 0.5), (2025, 0.5)]
        );
    }

    #[test]
    fn tiling() {
        let year = Span::new(date("2025-04-01"), date("2026-03-31"));
        let quarters: Vec<Span> = ["2025-12-31", "2025-06-30", "2026-03-31", "2025-09-30"]
            .iter()
            .map(|d| Span::quarter(date(d)))
            .collect();
        assert!(tiles(&quarters, year), "order does not matter");
        assert!(
            !tiles(&quarters[..3], year),
            "a missing quarter leaves a gap"
        );
        let mut doubled = quarters.clone();
        doubled.push(Span::quarter(date("2025-09-30")));
        assert!(!tiles(&doubled, year), "a repeated quarter does not tile");
        assert!(!tiles(&[], year));
        // A half-year tiled by two quarters.
        let half = Span::new(date("2025-10-01"), date("2026-03-31"));
        assert!(tiles(
            &[
                Span::quarter(date("2025-12-31")),
                Span::quarter(date("2026-03-31"))
            ],
            half
        ));
    }

    #[test]
    fn dates_must_have_the_exact_form_and_exist() {
        assert_eq!(
            date("2024-02-29"),
            NaiveDate::from_ymd_opt(2024, 2, 29).unwrap()
        );
        assert_eq!(
            parse_date("2025-02-29"),
            Err("a date YYYY-MM-DD that exists")
        );
        for bad in [
            "2025-1-05",
            "2025/01/05",
            "25-01-05",
            " 2025-01-05",
            "2025-01-05T00",
            "",
        ] {
            assert_eq!(parse_date(bad), Err("a date YYYY-MM-DD"), "{bad:?}");
        }
    }
}
