//! Currency conversion (SPEC section 4.1): the one place that knows about rates.
//!
//! A value in currency C on day D converts to USD at the `fx.csv` rate of C
//! dated latest on or before D (USD is 1); to another target T it is
//! `value x rate(C, D) / rate(T, D)`; C to C needs no rate. A conversion that
//! needs a missing rate gives `None` and is remembered, so the caller can warn
//! once per currency and day.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;

use crate::diagnostics::Diagnostics;
use crate::model::{Currency, DataFile, FxRate};

#[derive(Debug)]
pub struct Fx {
    /// Rates of each currency, oldest first.
    rates: BTreeMap<Currency, Vec<(NaiveDate, f64)>>,
    missing: RefCell<BTreeSet<(Currency, NaiveDate)>>,
}

impl Fx {
    pub fn new(rows: &[FxRate]) -> Fx {
        let mut rates: BTreeMap<Currency, Vec<(NaiveDate, f64)>> = BTreeMap::new();
        for row in rows {
            rates
                .entry(row.currency)
                .or_default()
                .push((row.date, row.usd_per_unit));
        }
        for list in rates.values_mut() {
            list.sort_by_key(|(date, _)| *date);
        }
        Fx {
            rates,
            missing: RefCell::new(BTreeSet::new()),
        }
    }

    /// US dollars per unit of `currency` on `date`: the latest rate on or before it.
    pub fn usd_per_unit(&self, currency: Currency, date: NaiveDate) -> Option<f64> {
        if currency == Currency::USD {
            return Some(1.0);
        }
        let found = self.latest(currency, date).map(|(_, rate)| rate);
        if found.is_none() {
            self.missing.borrow_mut().insert((currency, date));
        }
        found
    }

    /// The date of the `fx.csv` row a conversion of `currency` on `date` uses:
    /// the latest on or before it (`None` for USD, or when there is none).
    pub fn rate_date(&self, currency: Currency, date: NaiveDate) -> Option<NaiveDate> {
        self.latest(currency, date).map(|(day, _)| day)
    }

    /// The rate row of `currency` dated latest on or before `date`.
    fn latest(&self, currency: Currency, date: NaiveDate) -> Option<(NaiveDate, f64)> {
        let list = self.rates.get(&currency)?;
        let after = list.partition_point(|(d, _)| *d <= date);
        after.checked_sub(1).map(|i| list[i])
    }

    /// `value` in `from` on `date`, expressed in `to`.
    pub fn convert(
        &self,
        value: f64,
        from: Currency,
        to: Currency,
        date: NaiveDate,
    ) -> Option<f64> {
        if from == to {
            return Some(value);
        }
        let from_rate = self.usd_per_unit(from, date);
        let to_rate = self.usd_per_unit(to, date);
        Some(value * from_rate? / to_rate?)
    }

    /// One warning for each currency and day a conversion needed and did not find.
    pub fn report_missing(&self, diags: &mut Diagnostics) {
        for (currency, date) in self.missing.borrow().iter() {
            diags.warning(
                DataFile::Fx,
                None,
                None,
                format!(
                    "no {currency} rate on or before {date}: converted figures that need it are left out"
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::periods::parse_date;
    use std::path::Path;

    fn rate(currency: &str, date: &str, usd_per_unit: f64) -> FxRate {
        FxRate {
            line: 2,
            currency: Currency::parse(currency).unwrap(),
            date: parse_date(date).unwrap(),
            usd_per_unit,
        }
    }

    fn c(code: &str) -> Currency {
        Currency::parse(code).unwrap()
    }

    fn d(text: &str) -> NaiveDate {
        parse_date(text).unwrap()
    }

    fn fx() -> Fx {
        // Given out of order on purpose.
        Fx::new(&[
            rate("CNY", "2025-12-31", 0.143),
            rate("CNY", "2025-09-30", 0.140),
            rate("EUR", "2025-09-30", 1.17),
        ])
    }

    #[test]
    fn uses_the_latest_rate_on_or_before_the_day() {
        let fx = fx();
        assert_eq!(fx.usd_per_unit(c("CNY"), d("2025-09-30")), Some(0.140));
        assert_eq!(fx.usd_per_unit(c("CNY"), d("2025-12-30")), Some(0.140));
        assert_eq!(fx.usd_per_unit(c("CNY"), d("2026-03-31")), Some(0.143));
        assert_eq!(fx.usd_per_unit(c("USD"), d("1990-01-01")), Some(1.0));
    }

    #[test]
    fn converts_through_usd() {
        let fx = fx();
        // 1,000 CNY on 2025-10-15 -> USD: 1000 x 0.140 = 140.
        assert_eq!(
            fx.convert(1000.0, c("CNY"), c("USD"), d("2025-10-15")),
            Some(140.0)
        );
        // 1,000 CNY -> EUR on the same day: 1000 x 0.140 / 1.17 = 119.658...
        let eur = fx
            .convert(1000.0, c("CNY"), c("EUR"), d("2025-10-15"))
            .unwrap();
        assert!((eur - 119.658_119_658).abs() < 1e-6, "{eur}");
        // 117 USD -> EUR: 117 / 1.17 = 100.
        assert!(
            (fx.convert(117.0, c("USD"), c("EUR"), d("2025-10-15"))
                .unwrap()
                - 100.0)
                .abs()
                < 1e-9
        );
    }

    #[test]
    fn same_currency_needs_no_rate() {
        let fx = Fx::new(&[]);
        assert_eq!(
            fx.convert(5.0, c("JPY"), c("JPY"), d("2020-01-01")),
            Some(5.0)
        );
        let mut diags = Diagnostics::new(false);
        fx.report_missing(&mut diags);
        assert_eq!(diags.to_text(Path::new("data")), "");
    }

    #[test]
    fn a_missing_rate_is_absent_and_warned_once() {
        let fx = fx();
        assert_eq!(fx.convert(1.0, c("CNY"), c("USD"), d("2025-09-29")), None);
        assert_eq!(fx.convert(2.0, c("CNY"), c("USD"), d("2025-09-29")), None);
        assert_eq!(fx.convert(1.0, c("USD"), c("GBP"), d("2025-12-31")), None);
        let mut diags = Diagnostics::new(false);
        fx.report_missing(&mut diags);
        assert_eq!(
            diags.to_text(Path::new("data")),
            "warning: data/fx.csv: no CNY rate on or before 2025-09-29: converted figures that need it are left out\n\
             warning: data/fx.csv: no GBP rate on or before 2025-12-31: converted figures that need it are left out\n"
        );
    }
}
