//! The whole data folder once loaded, and the questions asked of it as a whole:
//! its default as-of day, the rows kept as of a day, a source's lineage.

use std::collections::BTreeSet;
use std::sync::{Arc, OnceLock};

use chrono::NaiveDate;
use rustc_hash::FxHashMap;

use super::declared::{
    Campaign, Capex, Claim, Company, Earnings, Event, FxRate, Product, Source, StackEntry, Target,
};
use super::files::DataFile;
use super::references::RejectedReference;
use super::users::Users;
use super::values::CapexKind;

/// What was read of one data file: whether it exists, its rows and its hash.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct InputFile {
    pub name: String,
    pub rows: u64,
    pub sha256: String,
}

/// The whole data folder, loaded. Rows that failed their own checks are not here
/// (their problems are in the diagnostics, their references in
/// `rejected_references`); optional files that are absent are empty.
#[derive(Debug, Default)]
pub struct Dataset {
    pub inputs: Vec<InputFile>,
    pub sources: Vec<Source>,
    pub companies: Vec<Company>,
    pub products: Vec<Product>,
    pub earnings: Vec<Earnings>,
    pub capex: Vec<Capex>,
    pub targets: Vec<Target>,
    /// Shared: `serve` keeps the table between rebuilds instead of copying it.
    pub users: Arc<Users>,
    pub campaigns: Vec<Campaign>,
    pub events: Vec<Event>,
    pub stack: Vec<StackEntry>,
    pub fx: Vec<FxRate>,
    pub claims: Vec<Claim>,
    /// Ids of sources, companies and products whose rows were rejected for their
    /// own cells: references to them are not reported again.
    pub rejected_ids: BTreeSet<(DataFile, String)>,
    /// The references of rows rejected for their own cells (those whose cell was
    /// itself a good id): checked like any other, so a row's problems all show.
    pub rejected_references: Vec<RejectedReference>,
    /// Files whose rows could not be read at all (missing when required, empty,
    /// or with an unusable header): references into them are not reported.
    pub unreadable: BTreeSet<DataFile>,
    /// Where each product lies in `products`, found once on first use.
    pub product_index: ProductIndex,
}

/// Each product id's place in `Dataset::products`: a users file may name
/// thousands of products, and words name them one lookup at a time.
#[derive(Debug, Default)]
pub struct ProductIndex(OnceLock<(usize, FxHashMap<String, usize>)>);

impl Dataset {
    pub fn company(&self, id: &str) -> Option<&Company> {
        self.companies.iter().find(|c| c.id == id)
    }

    /// The product with this id (the first, were the data to repeat one).
    /// Indexed on first use; rows added after that are looked for one by one.
    pub fn product(&self, id: &str) -> Option<&Product> {
        let (len, places) = self.product_index.0.get_or_init(|| {
            let places = self.products.iter().enumerate().rev();
            let places = places.map(|(place, p)| (p.id.clone(), place)).collect();
            (self.products.len(), places)
        });
        match places.get(id).and_then(|&place| self.products.get(place)) {
            Some(p) if p.id == id => Some(p),
            None if *len == self.products.len() => None,
            _ => self.products.iter().find(|p| p.id == id),
        }
    }

    /// SPEC section 2's default as-of: the latest `period_end` of earnings and of
    /// actual capex and `date` of users and events; `None` when there is none.
    pub fn default_as_of(&self) -> Option<NaiveDate> {
        let earnings = self.earnings.iter().map(|e| e.period_end);
        let capex = self
            .capex
            .iter()
            .filter(|c| c.kind == CapexKind::Actual)
            .map(|c| c.period_end);
        let events = self.events.iter().map(|e| e.date);
        earnings
            .chain(capex)
            .chain(events)
            .chain(self.users.latest_date())
            .max()
    }

    /// Keeps only rows dated on or before `as_of` (SPEC section 2): earnings and
    /// actual capex by period_end, users and events by date, targets by announced,
    /// campaigns by end. Guidance, fx, stack and the dimension files stay whole.
    pub fn retain_as_of(&mut self, as_of: NaiveDate) {
        self.earnings.retain(|e| e.period_end <= as_of);
        self.capex
            .retain(|c| c.kind == CapexKind::Guidance || c.period_end <= as_of);
        if self
            .users
            .latest_date()
            .is_some_and(|latest| latest > as_of)
        {
            Arc::make_mut(&mut self.users).retain_on_or_before(as_of);
        }
        self.events.retain(|e| e.date <= as_of);
        self.targets.retain(|t| t.announced <= as_of);
        self.campaigns.retain(|c| c.end <= as_of);
    }

    /// The given sources and every source they are `based_on`, followed through
    /// every step (cycles are a validation error; here they just end the walk).
    pub fn lineage<'a>(&'a self, ids: impl IntoIterator<Item = &'a str>) -> BTreeSet<&'a str> {
        let mut found: BTreeSet<&str> = BTreeSet::new();
        let mut todo: Vec<&str> = ids.into_iter().collect();
        while let Some(id) = todo.pop() {
            if !found.insert(id) {
                continue;
            }
            if let Some(source) = self.sources.iter().find(|s| s.id == id) {
                todo.extend(source.based_on.iter().map(String::as_str));
            }
        }
        found
    }

    /// The events in the report's order, by date and then by line: charts
    /// number event n as the n-th (from 1), as the events table lists them.
    pub fn events_by_date(&self) -> Vec<&Event> {
        let mut events: Vec<&Event> = self.events.iter().collect();
        events.sort_by_key(|e| (e.date, e.line));
        events
    }

    /// The stacks of `stack.csv`, in order of first appearance.
    pub fn stack_names(&self) -> Vec<&str> {
        first_appearances(self.stack.iter().map(|s| s.stack.as_str()))
    }

    /// The layers of a stack, in order of first appearance (SPEC section 3).
    pub fn stack_layers(&self, stack: &str) -> Vec<&str> {
        first_appearances(
            self.stack
                .iter()
                .filter(|s| s.stack == stack)
                .map(|s| s.layer.as_str()),
        )
    }

    /// Rows loaded across all files, for the summary line.
    pub fn row_count(&self) -> u64 {
        self.inputs.iter().map(|i| i.rows).sum()
    }
}

/// Each distinct item once, in order of first appearance.
fn first_appearances<'a>(items: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let mut seen: Vec<&str> = Vec::new();
    for item in items {
        if !seen.contains(&item) {
            seen.push(item);
        }
    }
    seen
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::values::{CapexKind, Currency, EventCategory, ProductCategory, Qualifier};
    use crate::model::{Capex, Event};
    use crate::periods::parse_date;

    fn event(day: &str) -> Event {
        Event {
            line: 2,
            date: parse_date(day).unwrap(),
            company: None,
            title: "t".into(),
            category: EventCategory::Other,
            source: "s".into(),
        }
    }

    fn capex(kind: CapexKind, end: &str) -> Capex {
        Capex {
            line: 2,
            company: "c".into(),
            period: end.into(),
            period_start: parse_date("2025-01-01").unwrap(),
            period_end: parse_date(end).unwrap(),
            kind,
            currency: Currency::USD,
            capex: 1.0,
            source: "s".into(),
            basis: None,
            qualifier: Qualifier::Exact,
        }
    }

    #[test]
    fn products_are_found_by_id_before_and_after_rows_are_added() {
        let product = |id: &str, name: &str| Product {
            line: 2,
            id: id.into(),
            name: name.into(),
            company: "c".into(),
            category: ProductCategory::ConsumerAgent,
        };
        let mut data = Dataset {
            products: vec![product("a", "A"), product("b", "B")],
            ..Dataset::default()
        };
        assert_eq!(data.product("b").map(|p| p.name.as_str()), Some("B"));
        assert!(data.product("z").is_none());
        // Added after the index was made: found one by one.
        data.products.push(product("z", "Z"));
        assert_eq!(data.product("z").map(|p| p.name.as_str()), Some("Z"));
        assert_eq!(data.product("a").map(|p| p.name.as_str()), Some("A"));
    }

    #[test]
    fn default_as_of_ignores_guidance_and_targets() {
        let mut data = Dataset::default();
        assert_eq!(data.default_as_of(), None);
        data.events.push(event("2026-03-19"));
        data.capex.push(capex(CapexKind::Guidance, "2026-12-31"));
        data.capex.push(capex(CapexKind::Actual, "2025-12-31"));
        assert_eq!(data.default_as_of(), parse_date("2026-03-19").ok());
    }

    #[test]
    fn retain_as_of_keeps_guidance_and_drops_later_rows() {
        let mut data = Dataset::default();
        data.events.push(event("2026-03-19"));
        data.events.push(event("2026-03-20"));
        data.capex.push(capex(CapexKind::Guidance, "2026-12-31"));
        data.capex.push(capex(CapexKind::Actual, "2026-06-30"));
        data.retain_as_of(parse_date("2026-03-19").unwrap());
        assert_eq!(data.events.len(), 1);
        assert_eq!(data.capex.len(), 1);
        assert_eq!(data.capex[0].kind, CapexKind::Guidance);
    }
}
