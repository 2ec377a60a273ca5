//! Rules that relate rows to each other: references that must resolve, keys that
//! must be unique, capex periods that must not overlap, and quarter ends that
//! should match the company's fiscal calendar.
//!
//! `rows` runs on every loaded row (a reference points into files that are never
//! filtered); `sets` runs after the as-of filter, on the rows a report would use.

use std::collections::{HashMap, HashSet};

use crate::diagnostics::Diagnostics;
use crate::model::{DataFile, Dataset, Refers};

/// Checks every row against the dimension files and the fiscal calendar.
pub fn rows(data: &Dataset, diags: &mut Diagnostics) {
    let refs = References::new(data);
    refs.rows(diags, DataFile::Sources, &data.sources);
    refs.rows(diags, DataFile::Products, &data.products);
    refs.rows(diags, DataFile::Earnings, &data.earnings);
    refs.rows(diags, DataFile::Capex, &data.capex);
    refs.rows(diags, DataFile::Targets, &data.targets);
    refs.rows(diags, DataFile::Campaigns, &data.campaigns);
    refs.rows(diags, DataFile::Events, &data.events);
    refs.rows(diags, DataFile::Stack, &data.stack);
    refs.rows(diags, DataFile::Claims, &data.claims);
    for r in &data.rejected_references {
        refs.check(diags, r.file, r.line, r.column, r.target, &r.id);
    }
    lineage_cycles(data, diags);
    user_references(data, &refs, diags);
    fiscal_calendar(data, diags);
}

/// Checks keys and overlaps among the rows kept after the as-of filter.
pub fn sets(data: &Dataset, diags: &mut Diagnostics) {
    unique(
        diags,
        DataFile::Sources,
        data.sources.iter().map(|r| (r.line, vec![r.id.clone()])),
    );
    unique(
        diags,
        DataFile::Companies,
        data.companies.iter().map(|r| (r.line, vec![r.id.clone()])),
    );
    unique(
        diags,
        DataFile::Products,
        data.products.iter().map(|r| (r.line, vec![r.id.clone()])),
    );
    unique(
        diags,
        DataFile::Earnings,
        data.earnings.iter().map(|r| {
            (
                r.line,
                vec![
                    r.company.clone(),
                    r.fiscal_period.to_string(),
                    r.segment.clone(),
                ],
            )
        }),
    );
    let capex_duplicates = unique(
        diags,
        DataFile::Capex,
        data.capex.iter().map(|r| {
            (
                r.line,
                vec![r.company.clone(), r.kind.to_string(), r.period.clone()],
            )
        }),
    );
    unique(
        diags,
        DataFile::Targets,
        data.targets.iter().map(|r| (r.line, vec![r.id.clone()])),
    );
    unique(
        diags,
        DataFile::Campaigns,
        data.campaigns.iter().map(|r| (r.line, vec![r.id.clone()])),
    );
    unique(
        diags,
        DataFile::Stack,
        data.stack.iter().map(|r| {
            (
                r.line,
                vec![
                    r.stack.clone(),
                    r.layer.clone(),
                    r.bloc.to_string(),
                    r.player.clone(),
                ],
            )
        }),
    );
    unique(
        diags,
        DataFile::Fx,
        data.fx
            .iter()
            .map(|r| (r.line, vec![r.currency.to_string(), r.date.to_string()])),
    );
    unique(
        diags,
        DataFile::Claims,
        data.claims.iter().map(|r| (r.line, vec![r.id.clone()])),
    );
    unique_users(data, diags);
    capex_overlaps(data, &capex_duplicates, diags);
}

/// The ids each reference may point at. Ids of rows that were rejected for
/// their own cells count as known, so one bad row does not cascade.
struct References<'d> {
    /// `None` when the file could not be read: its absence is reported once, not
    /// at every row that refers to it.
    companies: Option<HashSet<&'d str>>,
    products: Option<HashSet<&'d str>>,
    sources: Option<HashSet<&'d str>>,
}

impl<'d> References<'d> {
    fn new(data: &'d Dataset) -> References<'d> {
        let ids = |file: DataFile, loaded: Vec<&'d str>| -> Option<HashSet<&'d str>> {
            if data.unreadable.contains(&file) {
                return None;
            }
            let rejected = data
                .rejected_ids
                .iter()
                .filter(move |(f, _)| *f == file)
                .map(|(_, id)| id.as_str());
            Some(loaded.into_iter().chain(rejected).collect())
        };
        References {
            companies: ids(
                DataFile::Companies,
                data.companies.iter().map(|c| c.id.as_str()).collect(),
            ),
            products: ids(
                DataFile::Products,
                data.products.iter().map(|p| p.id.as_str()).collect(),
            ),
            sources: ids(
                DataFile::Sources,
                data.sources.iter().map(|s| s.id.as_str()).collect(),
            ),
        }
    }

    /// The ids of `target`, or `None` when the file could not be read.
    fn ids(&self, target: DataFile) -> &Option<HashSet<&'d str>> {
        match target {
            DataFile::Companies => &self.companies,
            DataFile::Products => &self.products,
            _ => &self.sources,
        }
    }

    /// Checks the references of every row of one file.
    fn rows<T: Refers>(&self, diags: &mut Diagnostics, file: DataFile, rows: &[T]) {
        for row in rows {
            for r in row.references() {
                self.check(diags, file, row.line(), r.column, r.target, r.id);
            }
        }
    }

    /// `unknown company "x" (not an id in companies.csv)`, in the referring column.
    fn check(
        &self,
        diags: &mut Diagnostics,
        file: DataFile,
        line: u64,
        column: &str,
        target: DataFile,
        id: &str,
    ) {
        if self
            .ids(target)
            .as_ref()
            .is_some_and(|set| !set.contains(id))
        {
            let noun = match target {
                DataFile::Companies => "company",
                DataFile::Products => "product",
                _ => "source",
            };
            diags.error(
                file,
                Some(line),
                Some(column),
                format!("unknown {noun} {id:?} (not an id in {target})"),
            );
        }
    }
}

/// Users references are checked once per distinct id, then reported per row.
fn user_references(data: &Dataset, refs: &References, diags: &mut Diagnostics) {
    let users = &data.users;
    let product_known: Vec<bool> = users
        .products
        .iter()
        .map(|p| {
            refs.products
                .as_ref()
                .is_none_or(|set| set.contains(p.as_str()))
        })
        .collect();
    let source_known: Vec<bool> = users
        .sources
        .iter()
        .map(|s| {
            refs.sources
                .as_ref()
                .is_none_or(|set| set.contains(s.as_str()))
        })
        .collect();
    if product_known.iter().all(|k| *k) && source_known.iter().all(|k| *k) {
        return;
    }
    let mut report = |line: u64, product: Option<u32>, source: Option<u32>| {
        if let Some(p) = product.map(|p| p as usize).filter(|p| !product_known[*p]) {
            let id = &users.products[p];
            refs.check(diags, users.file, line, "product", DataFile::Products, id);
        }
        if let Some(s) = source.map(|s| s as usize).filter(|s| !source_known[*s]) {
            let id = &users.sources[s];
            refs.check(diags, users.file, line, "source", DataFile::Sources, id);
        }
    };
    for i in 0..users.len() {
        report(users.line[i], Some(users.product[i]), Some(users.source[i]));
    }
    let rejected = &users.rejected;
    for i in 0..rejected.line.len() {
        report(rejected.line[i], rejected.product[i], rejected.source[i]);
    }
}

/// SPEC 3: `based_on` must not lead back to where it started. Each cycle is
/// reported once, at its member latest in the file, starting from its earliest.
fn lineage_cycles(data: &Dataset, diags: &mut Diagnostics) {
    let index: HashMap<&str, usize> = data
        .sources
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.as_str(), i))
        .collect();
    let mut reported: HashSet<Vec<usize>> = HashSet::new();
    for start in 0..data.sources.len() {
        // Depth-first from `start`, looking for a way back to it.
        let mut path = vec![start];
        let mut next = vec![0usize];
        let mut seen = HashSet::from([start]);
        while let Some(&at) = path.last() {
            let depth = path.len() - 1;
            let Some(id) = data.sources[at].based_on.get(next[depth]) else {
                path.pop();
                next.pop();
                continue;
            };
            next[depth] += 1;
            let Some(&to) = index.get(id.as_str()) else {
                continue;
            };
            if to == start {
                let mut members = path.clone();
                members.sort_unstable();
                if reported.insert(members.clone()) {
                    report_cycle(data, &path, diags);
                }
            } else if seen.insert(to) {
                path.push(to);
                next.push(0);
            }
        }
    }
}

fn report_cycle(data: &Dataset, path: &[usize], diags: &mut Diagnostics) {
    let first = (0..path.len())
        .min_by_key(|&i| data.sources[path[i]].line)
        .unwrap_or(0);
    let mut ids: Vec<&str> = path[first..]
        .iter()
        .chain(&path[..first])
        .map(|&i| data.sources[i].id.as_str())
        .collect();
    ids.push(ids[0]);
    let last_line = path.iter().map(|&i| data.sources[i].line).max();
    diags.error(
        DataFile::Sources,
        last_line,
        Some("based_on"),
        format!("a source cannot be based on itself: {}", ids.join(" -> ")),
    );
}

/// SPEC 4.2: a quarter's `period_end` should be the one its label implies.
fn fiscal_calendar(data: &Dataset, diags: &mut Diagnostics) {
    for e in &data.earnings {
        let Some(company) = data.company(&e.company) else {
            continue;
        };
        let expected = e.fiscal_period.end(company.fiscal_year_end);
        if e.period_end != expected {
            diags.warning(
                DataFile::Earnings,
                Some(e.line),
                Some("period_end"),
                format!(
                    "expected {expected}, the end of {} for a fiscal year ending {}, found \"{}\"",
                    e.fiscal_period, company.fiscal_year_end, e.period_end
                ),
            );
        }
    }
}

/// Reports every row whose key was seen before, at the later row. Returns the
/// lines of the rows reported.
fn unique(
    diags: &mut Diagnostics,
    file: DataFile,
    keys: impl Iterator<Item = (u64, Vec<String>)>,
) -> HashSet<u64> {
    let mut first: HashMap<Vec<String>, u64> = HashMap::new();
    let mut duplicates = HashSet::new();
    for (line, key) in keys {
        if let Some(&first_line) = first.get(&key) {
            diags.error(
                file,
                Some(line),
                None,
                format!(
                    "more than one row for ({}); first at line {first_line}",
                    key.join(", ")
                ),
            );
            duplicates.insert(line);
        } else {
            first.insert(key, line);
        }
    }
    duplicates
}

/// Users keys through the series runs: within a series dates are sorted, so a
/// repeated date is adjacent to its first, which has the earliest line.
fn unique_users(data: &Dataset, diags: &mut Diagnostics) {
    let users = &data.users;
    for run in users.series() {
        let mut first_line = users.line[run[0] as usize];
        for pair in run.windows(2) {
            let (a, b) = (pair[0] as usize, pair[1] as usize);
            if users.date[a] != users.date[b] {
                first_line = users.line[b];
                continue;
            }
            diags.error(
                users.file,
                Some(users.line[b]),
                None,
                format!(
                    "more than one row for ({}, {}, {}); first at line {first_line}",
                    users.products[users.product[b] as usize],
                    users.date[b],
                    users.metrics[users.metric[b] as usize]
                ),
            );
        }
    }
}

/// Periods of one company and kind must not overlap; reported at the later row.
fn capex_overlaps(data: &Dataset, duplicates: &HashSet<u64>, diags: &mut Diagnostics) {
    let rows: Vec<_> = data
        .capex
        .iter()
        .filter(|c| !duplicates.contains(&c.line))
        .collect();
    for (i, later) in rows.iter().enumerate() {
        let earlier = rows[..i].iter().find(|e| {
            e.company == later.company
                && e.kind == later.kind
                && e.period_start <= later.period_end
                && later.period_start <= e.period_end
        });
        if let Some(e) = earlier {
            diags.error(
                DataFile::Capex,
                Some(later.line),
                None,
                format!(
                    "period {} ({} to {}) overlaps {} ({} to {}) at line {} for the same company and kind",
                    later.period, later.period_start, later.period_end, e.period, e.period_start, e.period_end, e.line
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::RejectedRows;
    use crate::model::{
        Bloc, Capex, CapexKind, Company, Currency, Earnings, Product, ProductCategory, Qualifier,
        RejectedReference, Source,
    };
    use crate::periods::{parse_date, MonthDay};
    use chrono::NaiveDate;
    use std::path::Path;

    fn date(s: &str) -> NaiveDate {
        parse_date(s).unwrap()
    }

    fn company(line: u64, id: &str) -> Company {
        Company {
            line,
            id: id.into(),
            name: id.into(),
            bloc: Bloc::China,
            country: "CN".into(),
            currency: Currency::parse("CNY").unwrap(),
            fiscal_year_end: MonthDay { month: 3, day: 31 },
        }
    }

    fn source(line: u64, id: &str) -> Source {
        Source {
            line,
            id: id.into(),
            title: "t".into(),
            publisher: "p".into(),
            url: None,
            published: None,
            based_on: Vec::new(),
        }
    }

    fn earnings(line: u64, company: &str, period: &str, end: &str) -> Earnings {
        Earnings {
            line,
            company: company.into(),
            fiscal_period: period.parse().unwrap(),
            period_end: date(end),
            segment: "total".into(),
            currency: Currency::parse("CNY").unwrap(),
            revenue: 1.0,
            revenue_consensus: None,
            operating_income: None,
            source: "s".into(),
        }
    }

    fn capex(line: u64, kind: CapexKind, period: &str, start: &str, end: &str) -> Capex {
        Capex {
            line,
            company: "alibaba".into(),
            period: period.into(),
            period_start: date(start),
            period_end: date(end),
            kind,
            currency: Currency::USD,
            capex: 1.0,
            source: "s".into(),
        }
    }

    fn base() -> Dataset {
        Dataset {
            companies: vec![company(2, "alibaba")],
            sources: vec![source(2, "s")],
            ..Dataset::default()
        }
    }

    fn problems(data: &Dataset) -> String {
        let mut diags = Diagnostics::new(false);
        rows(data, &mut diags);
        sets(data, &mut diags);
        diags.to_text(Path::new("data"))
    }

    #[test]
    fn references_must_resolve() {
        let mut data = base();
        data.earnings
            .push(earnings(2, "alibaba", "FY2026Q3", "2025-12-31"));
        data.earnings
            .push(earnings(3, "tencent", "FY2026Q3", "2025-12-31"));
        data.earnings[1].source = "nope".into();
        assert_eq!(
            problems(&data),
            "error: data/earnings.csv:3: company: unknown company \"tencent\" (not an id in companies.csv)\n\
             error: data/earnings.csv:3: source: unknown source \"nope\" (not an id in sources.csv)\n"
        );
    }

    #[test]
    fn references_of_rejected_rows_are_checked_too() {
        let mut data = base();
        let rejected = |column, target, id: &str| RejectedReference {
            file: DataFile::Earnings,
            line: 4,
            column,
            target,
            id: id.into(),
        };
        data.rejected_references = vec![
            rejected("company", DataFile::Companies, "tencent"),
            rejected("source", DataFile::Sources, "s"),
        ];
        // A users row rejected for its value: its product cell was bad too (None).
        data.users.sources = vec!["nope".into()];
        data.users.rejected = RejectedRows {
            line: vec![7],
            product: vec![None],
            source: vec![Some(0)],
        };
        assert_eq!(
            problems(&data),
            "error: data/earnings.csv:4: company: unknown company \"tencent\" (not an id in companies.csv)\n\
             error: data/users.csv:7: source: unknown source \"nope\" (not an id in sources.csv)\n"
        );
    }

    #[test]
    fn references_to_rejected_rows_or_unreadable_files_are_not_repeated() {
        let mut data = base();
        data.products.push(Product {
            line: 2,
            id: "doubao".into(),
            name: "Doubao".into(),
            company: "bytedance".into(),
            category: ProductCategory::ConsumerAgent,
        });
        data.rejected_ids
            .insert((DataFile::Companies, "bytedance".into()));
        assert_eq!(problems(&data), "");
        data.rejected_ids.clear();
        data.unreadable.insert(DataFile::Companies);
        assert_eq!(problems(&data), "");
    }

    #[test]
    fn user_references_are_reported_at_each_row() {
        let mut data = base();
        data.users = users(&[
            ("ghost", "mau", "2026-01-01"),
            ("ghost", "mau", "2026-01-02"),
        ]);
        assert_eq!(
            problems(&data),
            "error: data/users.csv:2: product: unknown product \"ghost\" (not an id in products.csv)\n\
             error: data/users.csv:3: product: unknown product \"ghost\" (not an id in products.csv)\n"
        );
    }

    #[test]
    fn keys_must_be_unique() {
        let mut data = base();
        data.companies.push(company(5, "alibaba"));
        data.earnings
            .push(earnings(2, "alibaba", "FY2026Q3", "2025-12-31"));
        data.earnings
            .push(earnings(4, "alibaba", "FY2026Q3", "2025-12-31"));
        assert_eq!(
            problems(&data),
            "error: data/companies.csv:5: more than one row for (alibaba); first at line 2\n\
             error: data/earnings.csv:4: more than one row for (alibaba, FY2026Q3, total); first at line 2\n"
        );
    }

    fn users(rows: &[(&str, &str, &str)]) -> crate::model::Users {
        let mut products = crate::model::Interner::default();
        let mut metrics = crate::model::Interner::default();
        let mut users = crate::model::Users::default();
        for (i, (product, metric, day)) in rows.iter().enumerate() {
            users.product.push(products.code(product));
            users.metric.push(metrics.code(metric));
            users.date.push(date(day));
            users.value.push(1.0);
            users.qualifier.push(Qualifier::Exact);
            users.source.push(0);
            users.line.push(i as u64 + 2);
        }
        users.products = products.into_names();
        users.metrics = metrics.into_names();
        users.sources = vec!["s".into()];
        users
    }

    #[test]
    fn user_keys_must_be_unique_whatever_the_row_order() {
        let mut data = base();
        data.products.push(Product {
            line: 2,
            id: "qwen_app".into(),
            name: "Qwen app".into(),
            company: "alibaba".into(),
            category: ProductCategory::ConsumerAgent,
        });
        data.users = users(&[
            ("qwen_app", "mau", "2026-01-14"),
            ("qwen_app", "dau", "2026-01-14"),
            ("qwen_app", "mau", "2025-12-10"),
            ("qwen_app", "mau", "2026-01-14"),
            ("qwen_app", "mau", "2026-01-14"),
        ]);
        assert_eq!(
            problems(&data),
            "error: data/users.csv:5: more than one row for (qwen_app, 2026-01-14, mau); first at line 2\n\
             error: data/users.csv:6: more than one row for (qwen_app, 2026-01-14, mau); first at line 2\n"
        );
    }

    #[test]
    fn capex_periods_of_one_company_and_kind_must_not_overlap() {
        let mut data = base();
        data.capex = vec![
            capex(2, CapexKind::Actual, "FY2026Q1", "2025-04-01", "2025-06-30"),
            capex(3, CapexKind::Actual, "FY2026Q2", "2025-07-01", "2025-09-30"),
            // Same span, other kind: allowed.
            capex(4, CapexKind::Guidance, "FY2026", "2025-04-01", "2026-03-31"),
            // Shares one day with FY2026Q2.
            capex(5, CapexKind::Actual, "Q3", "2025-09-30", "2025-12-31"),
        ];
        assert_eq!(
            problems(&data),
            "error: data/capex.csv:5: period Q3 (2025-09-30 to 2025-12-31) overlaps FY2026Q2 \
             (2025-07-01 to 2025-09-30) at line 3 for the same company and kind\n"
        );
    }

    #[test]
    fn a_duplicate_capex_key_is_not_also_an_overlap() {
        let mut data = base();
        data.capex = vec![
            capex(2, CapexKind::Actual, "FY2026Q1", "2025-04-01", "2025-06-30"),
            capex(3, CapexKind::Actual, "FY2026Q1", "2025-04-01", "2025-06-30"),
        ];
        assert_eq!(
            problems(&data),
            "error: data/capex.csv:3: more than one row for (alibaba, actual, FY2026Q1); first at line 2\n"
        );
    }

    #[test]
    fn quarter_ends_are_checked_against_the_fiscal_calendar() {
        let mut data = base();
        data.earnings
            .push(earnings(2, "alibaba", "FY2026Q3", "2025-12-31"));
        data.earnings
            .push(earnings(3, "alibaba", "FY2026Q1", "2025-03-31"));
        assert_eq!(
            problems(&data),
            "warning: data/earnings.csv:3: period_end: expected 2025-06-30, the end of FY2026Q1 \
             for a fiscal year ending 03-31, found \"2025-03-31\"\n"
        );
    }
}
