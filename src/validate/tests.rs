//! The checks on small datasets built by hand, read as the user reads them.

use super::*;
use crate::model::{
    Bloc, Capex, CapexKind, Company, Currency, Earnings, Product, ProductCategory, Qualifier,
    RejectedReference, Source,
};
use crate::model::{DataFile, RejectedRows};
use crate::periods::{parse_date, MonthDay};
use chrono::NaiveDate;
use std::path::Path;
use std::sync::Arc;

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
        color: None,
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
        basis: None,
        qualifier: Qualifier::Exact,
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
    let users = Arc::make_mut(&mut data.users);
    users.sources = vec!["nope".into()];
    users.rejected = RejectedRows {
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
    data.users = Arc::new(users(&[
        ("ghost", "mau", "2026-01-01"),
        ("ghost", "mau", "2026-01-02"),
    ]));
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
        users.measured_by.push(0);
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
    data.users = Arc::new(users(&[
        ("qwen_app", "mau", "2026-01-14"),
        ("qwen_app", "dau", "2026-01-14"),
        ("qwen_app", "mau", "2025-12-10"),
        ("qwen_app", "mau", "2026-01-14"),
        ("qwen_app", "mau", "2026-01-14"),
    ]));
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
