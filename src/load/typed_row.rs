//! Typed reading of one row's cells, each failure a diagnostic naming the column.
//!
//! A `Row` reads cells in any order; every problem is reported (not just the
//! first of the row) and the row is kept only if all its cells were good. The
//! messages all read "expected WHAT, found WHAT-WAS-THERE".

use chrono::{Datelike, NaiveDate};

use super::cells::{forbidden_control, found, is_slug, number_hint, parse_number, Bound, Lines};
use crate::diagnostics::Diagnostics;
use crate::model::{Choice, Color, Currency, DataFile};
use crate::periods::{self, FiscalQuarter, MonthDay};

const SLUG: &str = "a slug [a-z0-9][a-z0-9_-]*";

/// One row being typed: where it is, and whether all its cells were good so far.
pub struct Row<'d> {
    pub file: DataFile,
    pub line: u64,
    diags: &'d mut Diagnostics,
    ok: bool,
}

impl<'d> Row<'d> {
    pub fn new(file: DataFile, line: u64, diags: &'d mut Diagnostics) -> Row<'d> {
        Row {
            file,
            line,
            diags,
            ok: true,
        }
    }

    /// True when every cell read so far was good.
    pub fn is_ok(&self) -> bool {
        self.ok
    }

    /// Reports a problem with one cell and marks the row bad.
    pub fn fail(&mut self, column: &str, message: String) {
        self.ok = false;
        self.diags
            .error(self.file, Some(self.line), Some(column), message);
    }

    pub fn warn(&mut self, column: Option<&str>, message: String) {
        self.diags
            .warning(self.file, Some(self.line), column, message);
    }

    fn expected(&mut self, column: &str, what: &str, raw: &str, hint: &str) {
        self.fail(
            column,
            format!("expected {what}, found {}{hint}", found(raw)),
        );
    }

    /// Required text of one line (a name, a title, a label): anything but blank,
    /// without control characters.
    pub fn text(&mut self, column: &str, raw: &str) -> String {
        self.checked_text(column, raw, Lines::One)
    }

    /// Required text that may run over several lines (an event's title, a
    /// claim's wording): line breaks and tabs are allowed, other controls not.
    pub fn prose(&mut self, column: &str, raw: &str) -> String {
        self.checked_text(column, raw, Lines::Many)
    }

    pub fn opt_text(&mut self, column: &str, raw: Option<&str>) -> Option<String> {
        raw.map(|r| {
            self.no_control(column, r, Lines::One);
            r.to_string()
        })
    }

    fn checked_text(&mut self, column: &str, raw: &str, lines: Lines) -> String {
        if raw.trim().is_empty() {
            self.expected(column, "a value", raw, "");
        } else {
            self.no_control(column, raw, lines);
        }
        raw.to_string()
    }

    /// Reports the first control character of a text cell. Text from the data
    /// reaches the HTML report and the charts, where a raw NUL or ESC makes the
    /// page or SVG malformed; a line break in a name breaks table cells and labels.
    fn no_control(&mut self, column: &str, raw: &str, lines: Lines) {
        if let Some(c) = forbidden_control(raw, lines) {
            let hint = if matches!(c, '\n' | '\r' | '\t') {
                " (this column holds one line)"
            } else {
                ""
            };
            self.fail(
                column,
                format!(
                    "control character U+{:04X} is not allowed in text{hint}",
                    u32::from(c)
                ),
            );
        }
    }

    /// A required slug, borrowed (the users loader interns it without copying).
    pub fn slug<'a>(&mut self, column: &str, raw: &'a str) -> &'a str {
        if !is_slug(raw) {
            self.expected(column, SLUG, raw, "");
        }
        raw
    }

    pub fn slug_string(&mut self, column: &str, raw: &str) -> String {
        self.slug(column, raw).to_string()
    }

    pub fn opt_slug(&mut self, column: &str, raw: Option<&str>) -> Option<String> {
        raw.map(|r| self.slug_string(column, r))
    }

    /// Slugs separated by `;` (spaces around them allowed); empty is none.
    pub fn slug_list(&mut self, column: &str, raw: Option<&str>) -> Vec<String> {
        let Some(raw) = raw else { return Vec::new() };
        let items: Vec<&str> = raw.split(';').map(str::trim).collect();
        if items.iter().any(|item| !is_slug(item)) {
            self.expected(column, "slugs [a-z0-9][a-z0-9_-]* separated by ;", raw, "");
            return Vec::new();
        }
        items.into_iter().map(str::to_string).collect()
    }

    pub fn number(&mut self, column: &str, raw: &str, bound: Bound) -> f64 {
        match parse_number(raw) {
            Some(value) if bound.admits(value) => value,
            parsed => {
                let hint = if parsed.is_some() {
                    ""
                } else {
                    number_hint(raw)
                };
                self.expected(column, bound.expectation(), raw, hint);
                0.0
            }
        }
    }

    pub fn opt_number(&mut self, column: &str, raw: Option<&str>, bound: Bound) -> Option<f64> {
        raw.map(|r| self.number(column, r, bound))
    }

    pub fn date(&mut self, column: &str, raw: &str) -> NaiveDate {
        match periods::parse_date(raw) {
            Ok(date) if periods::PLAUSIBLE_YEARS.contains(&date.year()) => date,
            Ok(date) => {
                self.expected(column, periods::PLAUSIBLE_DATES, raw, "");
                date
            }
            Err(what) => {
                let what = if raw.is_empty() {
                    "a date YYYY-MM-DD"
                } else {
                    what
                };
                self.expected(column, what, raw, "");
                NaiveDate::MIN
            }
        }
    }

    pub fn opt_date(&mut self, column: &str, raw: Option<&str>) -> Option<NaiveDate> {
        raw.map(|r| self.date(column, r))
    }

    pub fn choice<T: Choice>(&mut self, column: &str, raw: &str) -> T {
        T::parse(raw).unwrap_or_else(|| {
            self.expected(column, &T::expectation(), raw, "");
            T::ALL[0].1
        })
    }

    /// An optional choice: an empty cell is `None`.
    pub fn opt_choice<T: Choice + PartialEq>(
        &mut self,
        column: &str,
        raw: Option<&str>,
    ) -> Option<T> {
        let raw = raw?;
        let parsed = T::parse(raw);
        if parsed.is_none() {
            let names: Vec<&str> = T::ALL
                .iter()
                .map(|(n, _)| *n)
                .filter(|n| !n.is_empty())
                .collect();
            let what = format!("{} or an empty cell", names.join(", "));
            self.expected(column, &what, raw, "");
        }
        parsed
    }

    pub fn currency(&mut self, column: &str, raw: &str) -> Currency {
        Currency::parse(raw).unwrap_or_else(|| {
            let upper = raw.to_ascii_uppercase();
            let hint = if Currency::parse(&upper).is_some() {
                format!(" (written in capitals: {upper})")
            } else {
                String::new()
            };
            self.expected(column, "an ISO 4217 currency code", raw, &hint);
            Currency::USD
        })
    }

    pub fn country(&mut self, column: &str, raw: &str) -> String {
        if raw.len() != 2 || !raw.bytes().all(|b| b.is_ascii_uppercase()) {
            self.expected(column, "two capital letters (ISO 3166)", raw, "");
        }
        raw.to_string()
    }

    pub fn fiscal_quarter(&mut self, column: &str, raw: &str) -> FiscalQuarter {
        raw.parse().unwrap_or_else(|()| {
            self.expected(column, "a fiscal quarter such as FY2026Q3", raw, "");
            FiscalQuarter {
                year: 0,
                quarter: 1,
            }
        })
    }

    pub fn month_end(&mut self, column: &str, raw: &str) -> MonthDay {
        MonthDay::parse_month_end(raw).unwrap_or_else(|why| {
            self.expected(column, "a month end MM-DD", raw, &format!(" ({why})"));
            MonthDay { month: 12, day: 31 }
        })
    }

    /// An optional colour `#RRGGBB`: an empty cell is none.
    pub fn opt_color(&mut self, column: &str, raw: Option<&str>) -> Option<Color> {
        let raw = raw?;
        let color = Color::parse(raw);
        if color.is_none() {
            self.expected(column, "a colour #RRGGBB", raw, "");
        }
        color
    }

    pub fn opt_url(&mut self, column: &str, raw: Option<&str>) -> Option<String> {
        let raw = raw?;
        if forbidden_control(raw, Lines::One).is_some() {
            self.no_control(column, raw, Lines::One);
            return Some(raw.to_string());
        }
        let rest = raw
            .strip_prefix("https://")
            .or_else(|| raw.strip_prefix("http://"));
        if rest.is_none_or(|r| r.is_empty() || r.chars().any(char::is_whitespace)) {
            self.expected(column, "an http:// or https:// URL", raw, "");
        }
        Some(raw.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Bloc;
    use std::path::Path;

    fn check<T>(read: impl FnOnce(&mut Row) -> T) -> (T, String) {
        let mut diags = Diagnostics::new(false);
        let value = {
            let mut row = Row::new(DataFile::Earnings, 7, &mut diags);
            read(&mut row)
        };
        (value, diags.to_text(Path::new("data")))
    }

    #[test]
    fn a_bad_number_names_the_column_and_the_text() {
        let (_, text) = check(|r| r.number("revenue", "n/a", Bound::NonNegative));
        assert_eq!(
            text,
            "error: data/earnings.csv:7: revenue: expected a number >= 0, found \"n/a\"\n"
        );
        let (_, text) = check(|r| r.number("revenue", "-5", Bound::NonNegative));
        assert_eq!(
            text,
            "error: data/earnings.csv:7: revenue: expected a number >= 0, found \"-5\"\n"
        );
        let (_, text) = check(|r| r.number("value", "0", Bound::Positive));
        assert_eq!(
            text,
            "error: data/earnings.csv:7: value: expected a number > 0, found \"0\"\n"
        );
        let (v, text) = check(|r| r.number("operating_income", "-848", Bound::Any));
        assert_eq!((v, text.as_str()), (-848.0, ""));
    }

    #[test]
    fn separators_and_signs_get_a_hint() {
        let (_, text) = check(|r| r.number("revenue", "1,234", Bound::Any));
        assert!(
            text.ends_with("found \"1,234\" (write numbers without thousands separators)\n"),
            "{text}"
        );
        let (_, text) = check(|r| r.number("revenue", "12%", Bound::Any));
        assert!(
            text.contains("(write a percentage as a plain number"),
            "{text}"
        );
        let (_, text) = check(|r| r.number("revenue", "$5", Bound::Any));
        assert!(text.contains("without a currency sign"), "{text}");
    }

    #[test]
    fn empty_required_cells_are_errors() {
        let (_, text) = check(|r| r.number("revenue", "", Bound::NonNegative));
        assert_eq!(
            text,
            "error: data/earnings.csv:7: revenue: expected a number >= 0, found an empty cell\n"
        );
        let (_, text) = check(|r| r.text("name", "  "));
        assert_eq!(
            text,
            "error: data/earnings.csv:7: name: expected a value, found \"  \"\n"
        );
        let (_, text) = check(|r| r.date("date", ""));
        assert_eq!(
            text,
            "error: data/earnings.csv:7: date: expected a date YYYY-MM-DD, found an empty cell\n"
        );
    }

    #[test]
    fn slugs() {
        assert!(is_slug("qwen_app") && is_slug("fy-2026") && is_slug("0day"));
        for bad in ["", "Qwen", "_x", "-x", "a b", "a.b", "ä"] {
            assert!(!is_slug(bad), "{bad:?}");
        }
        let (_, text) = check(|r| r.slug("company", "Alibaba Group"));
        assert_eq!(
            text,
            "error: data/earnings.csv:7: company: expected a slug [a-z0-9][a-z0-9_-]*, found \"Alibaba Group\"\n"
        );
    }

    #[test]
    fn dates_that_do_not_exist() {
        let (_, text) = check(|r| r.date("period_end", "2025-02-29"));
        assert_eq!(
            text,
            "error: data/earnings.csv:7: period_end: expected a date YYYY-MM-DD that exists, found \"2025-02-29\"\n"
        );
    }

    #[test]
    fn dates_outside_two_centuries_are_errors() {
        let (_, text) = check(|r| r.date("period_start", "0000-01-01"));
        assert_eq!(
            text,
            "error: data/earnings.csv:7: period_start: expected a date from 1900-01-01 to 2100-12-31, found \"0000-01-01\"\n"
        );
        let (_, text) = check(|r| r.date("period_end", "2101-01-01"));
        assert!(text.contains("found \"2101-01-01\""), "{text}");
        for day in ["1900-01-01", "2100-12-31"] {
            let (date, text) = check(|r| r.date("date", day));
            assert_eq!((date.to_string(), text.as_str()), (day.to_string(), ""));
        }
    }

    #[test]
    fn enumerations_list_their_values() {
        let (_, text) = check(|r| r.choice::<Bloc>("bloc", "West"));
        assert_eq!(
            text,
            "error: data/earnings.csv:7: bloc: expected western or china, found \"West\"\n"
        );
    }

    #[test]
    fn codes_and_urls() {
        let (_, text) = check(|r| r.currency("currency", "XYZ"));
        assert_eq!(
            text,
            "error: data/earnings.csv:7: currency: expected an ISO 4217 currency code, found \"XYZ\"\n"
        );
        let (_, text) = check(|r| r.currency("currency", "rmb"));
        assert!(text.ends_with("expected an ISO 4217 currency code, found \"rmb\"\n"));
        let (_, text) = check(|r| r.currency("currency", "cny"));
        assert!(text.ends_with(
            "expected an ISO 4217 currency code, found \"cny\" (written in capitals: CNY)\n"
        ));
        let (_, text) = check(|r| r.country("country", "CHN"));
        assert!(text.contains("expected two capital letters (ISO 3166), found \"CHN\""));
        let (_, text) = check(|r| r.opt_url("url", Some("ftp://x.org/a")));
        assert!(text.contains("url: expected an http:// or https:// URL, found \"ftp://x.org/a\""));
        let (_, text) = check(|r| r.opt_url("url", Some("javascript:alert(1)")));
        assert!(text.contains("expected an http:// or https:// URL"));
        let (_, text) = check(|r| r.opt_url("url", Some("https://example.com/a?b=1")));
        assert_eq!(text, "");
        let (_, text) = check(|r| r.month_end("fiscal_year_end", "03-30"));
        assert!(text.contains("expected a month end MM-DD, found \"03-30\" (not a month end)"));
    }

    #[test]
    fn a_colour_is_hash_and_six_hex_digits_or_nothing() {
        let (color, text) = check(|r| r.opt_color("color", Some("#e69f00")));
        assert_eq!(
            (color.map(|c| c.to_string()), text.as_str()),
            (Some("#E69F00".into()), "")
        );
        let (color, text) = check(|r| r.opt_color("color", None));
        assert_eq!((color, text.as_str()), (None, ""));
        let (_, text) = check(|r| r.opt_color("color", Some("orange")));
        assert_eq!(
            text,
            "error: data/earnings.csv:7: color: expected a colour #RRGGBB, found \"orange\"\n"
        );
    }

    #[test]
    fn text_holds_no_control_characters() {
        let (_, text) = check(|r| r.text("name", "Qwen\u{1b}[31m app"));
        assert_eq!(
            text,
            "error: data/earnings.csv:7: name: control character U+001B is not allowed in text\n"
        );
        let (_, text) = check(|r| r.text("name", "Qwen\napp"));
        assert_eq!(
            text,
            "error: data/earnings.csv:7: name: control character U+000A is not allowed in text (this column holds one line)\n"
        );
        for (raw, code) in [("a\u{0}", "0000"), ("\u{7f}b", "007F"), ("a\tb", "0009")] {
            let (_, text) = check(|r| r.opt_text("period", Some(raw)));
            assert!(
                text.contains(&format!("period: control character U+{code} ")),
                "{text}"
            );
        }
        let (_, text) = check(|r| r.opt_url("url", Some("https://x.org/\u{1b}")));
        assert!(
            text.contains("url: control character U+001B is not allowed in text"),
            "{text}"
        );
        // Many lines: breaks and tabs are fine, other controls are not.
        let (_, text) = check(|r| r.prose("text", "line one\r\n\tline two\rthree\n"));
        assert_eq!(text, "");
        let (_, text) = check(|r| r.prose("text", "bell\u{7}"));
        assert_eq!(
            text,
            "error: data/earnings.csv:7: text: control character U+0007 is not allowed in text\n"
        );
        // Printable text beyond ASCII is fine.
        let (_, text) = check(|r| r.text("name", "阿里巴巴 Qwen — app"));
        assert_eq!(text, "");
    }
}
