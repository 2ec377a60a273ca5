//! The users table, held column by column.
//!
//! `users.csv` may hold millions of daily rows, so it is not a `Vec` of structs
//! with strings: product, metric and source ids are interned once into small
//! dictionaries and each row costs a few fixed-size numbers (about 33 bytes).
//! The file is read once; everything later works from these columns.

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::model::Qualifier;

#[derive(Debug, Default, Clone, PartialEq)]
pub struct Users {
    /// Dictionaries: the id or name behind each code, in order of first appearance.
    pub products: Vec<String>,
    pub metrics: Vec<String>,
    pub sources: Vec<String>,
    /// One entry per row, in file order.
    pub product: Vec<u32>,
    pub date: Vec<NaiveDate>,
    pub metric: Vec<u32>,
    pub value: Vec<f64>,
    pub qualifier: Vec<Qualifier>,
    pub source: Vec<u32>,
    pub line: Vec<u64>,
}

impl Users {
    pub fn len(&self) -> usize {
        self.product.len()
    }

    pub fn is_empty(&self) -> bool {
        self.product.is_empty()
    }

    pub fn latest_date(&self) -> Option<NaiveDate> {
        self.date.iter().copied().max()
    }

    /// Keeps the rows dated on or before `as_of`.
    pub fn retain_on_or_before(&mut self, as_of: NaiveDate) {
        if self.date.iter().all(|d| *d <= as_of) {
            return;
        }
        let keep: Vec<bool> = self.date.iter().map(|d| *d <= as_of).collect();
        retain_by(&mut self.product, &keep);
        retain_by(&mut self.date, &keep);
        retain_by(&mut self.metric, &keep);
        retain_by(&mut self.value, &keep);
        retain_by(&mut self.qualifier, &keep);
        retain_by(&mut self.source, &keep);
        retain_by(&mut self.line, &keep);
    }

    /// Row indices ordered by (product, metric, date), file order within ties:
    /// each series is then a contiguous run, oldest first.
    pub fn series_order(&self) -> Vec<u32> {
        let mut order: Vec<u32> = (0..self.len() as u32).collect();
        let key = |i: &u32| {
            let i = *i as usize;
            (self.product[i], self.metric[i], self.date[i])
        };
        if !order.windows(2).all(|w| key(&w[0]) <= key(&w[1])) {
            // Stable, so equal keys keep file order and the first is the earliest line.
            order.sort_by_key(key);
        }
        order
    }
}

fn retain_by<T>(column: &mut Vec<T>, keep: &[bool]) {
    let mut flags = keep.iter();
    column.retain(|_| *flags.next().expect("one flag per row"));
}

/// Assigns small codes to repeated strings; remembers the last hit because rows
/// usually come grouped by product.
#[derive(Default)]
pub struct Interner {
    codes: HashMap<String, u32>,
    names: Vec<String>,
    last: Option<u32>,
}

impl Interner {
    pub fn code(&mut self, text: &str) -> u32 {
        if let Some(last) = self.last {
            if self.names[last as usize] == text {
                return last;
            }
        }
        let code = match self.codes.get(text) {
            Some(&code) => code,
            None => {
                let code = self.names.len() as u32;
                self.codes.insert(text.to_string(), code);
                self.names.push(text.to_string());
                code
            }
        };
        self.last = Some(code);
        code
    }

    pub fn into_names(self) -> Vec<String> {
        self.names
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 1, day).unwrap()
    }

    fn table(rows: &[(u32, u32, u32)]) -> Users {
        let mut users = Users::default();
        for (i, &(product, metric, day)) in rows.iter().enumerate() {
            users.product.push(product);
            users.metric.push(metric);
            users.date.push(d(day));
            users.value.push(i as f64);
            users.qualifier.push(Qualifier::Exact);
            users.source.push(0);
            users.line.push(i as u64 + 2);
        }
        users
    }

    #[test]
    fn interner_gives_stable_codes() {
        let mut interner = Interner::default();
        assert_eq!(interner.code("qwen_app"), 0);
        assert_eq!(interner.code("doubao"), 1);
        assert_eq!(interner.code("qwen_app"), 0);
        assert_eq!(interner.into_names(), ["qwen_app", "doubao"]);
    }

    #[test]
    fn series_order_groups_and_keeps_file_order_for_ties() {
        let users = table(&[(1, 0, 5), (0, 0, 9), (0, 0, 3), (1, 0, 5), (0, 1, 1)]);
        assert_eq!(users.series_order(), [2, 1, 4, 0, 3]);
    }

    #[test]
    fn retain_drops_every_column_together() {
        let mut users = table(&[(0, 0, 5), (0, 0, 20), (1, 0, 10)]);
        users.retain_on_or_before(d(10));
        assert_eq!(users.len(), 2);
        assert_eq!(users.line, [2, 4]);
        assert_eq!(users.value, [0.0, 2.0]);
        assert_eq!(users.latest_date(), Some(d(10)));
    }
}
