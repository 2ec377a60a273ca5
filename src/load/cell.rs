//! How a cell is read into its field's type, given its column's kind: the one
//! place that maps a declared column (`model/tables.rs`) to a parser of
//! `typed_row.rs`. A column of a new type needs one `FromCell` here.

use chrono::NaiveDate;

use super::typed_row::Row;
use crate::model::{
    Bloc, Bound, CapexBasis, CapexKind, ClaimQualifier, Color, Column, Currency, EventCategory,
    Kind, Metric, ProductCategory, Qualifier, TargetKind, TargetMetric,
};
use crate::periods::{FiscalQuarter, MonthDay};

/// A field typed from one cell; an empty or absent cell is `None`.
pub trait FromCell: Sized {
    fn from_cell(row: &mut Row, column: &Column, raw: Option<&str>) -> Self;
}

impl FromCell for String {
    fn from_cell(row: &mut Row, column: &Column, raw: Option<&str>) -> String {
        let (name, raw) = (column.name, raw.unwrap_or(""));
        match column.kind {
            Kind::Slug | Kind::Ref(_) => row.slug_string(name, raw),
            Kind::Prose => row.prose(name, raw),
            Kind::Country => row.country(name, raw),
            _ => row.text(name, raw),
        }
    }
}

impl FromCell for Option<String> {
    fn from_cell(row: &mut Row, column: &Column, raw: Option<&str>) -> Option<String> {
        match column.kind {
            Kind::Slug | Kind::Ref(_) => row.opt_slug(column.name, raw),
            Kind::Url => row.opt_url(column.name, raw),
            _ => row.opt_text(column.name, raw),
        }
    }
}

impl FromCell for Vec<String> {
    fn from_cell(row: &mut Row, column: &Column, raw: Option<&str>) -> Vec<String> {
        row.slug_list(column.name, raw)
    }
}

fn bound(column: &Column) -> Bound {
    match column.kind {
        Kind::Number(bound, _) => bound,
        _ => Bound::Any,
    }
}

impl FromCell for f64 {
    fn from_cell(row: &mut Row, column: &Column, raw: Option<&str>) -> f64 {
        row.number(column.name, raw.unwrap_or(""), bound(column))
    }
}

impl FromCell for Option<f64> {
    fn from_cell(row: &mut Row, column: &Column, raw: Option<&str>) -> Option<f64> {
        row.opt_number(column.name, raw, bound(column))
    }
}

impl FromCell for NaiveDate {
    fn from_cell(row: &mut Row, column: &Column, raw: Option<&str>) -> NaiveDate {
        row.date(column.name, raw.unwrap_or(""))
    }
}

impl FromCell for Option<NaiveDate> {
    fn from_cell(row: &mut Row, column: &Column, raw: Option<&str>) -> Option<NaiveDate> {
        row.opt_date(column.name, raw)
    }
}

impl FromCell for Currency {
    fn from_cell(row: &mut Row, column: &Column, raw: Option<&str>) -> Currency {
        row.currency(column.name, raw.unwrap_or(""))
    }
}

impl FromCell for FiscalQuarter {
    fn from_cell(row: &mut Row, column: &Column, raw: Option<&str>) -> FiscalQuarter {
        row.fiscal_quarter(column.name, raw.unwrap_or(""))
    }
}

impl FromCell for MonthDay {
    fn from_cell(row: &mut Row, column: &Column, raw: Option<&str>) -> MonthDay {
        row.month_end(column.name, raw.unwrap_or(""))
    }
}

impl FromCell for Option<Color> {
    fn from_cell(row: &mut Row, column: &Column, raw: Option<&str>) -> Option<Color> {
        row.opt_color(column.name, raw)
    }
}

impl FromCell for Qualifier {
    fn from_cell(row: &mut Row, column: &Column, raw: Option<&str>) -> Qualifier {
        row.opt_choice(column.name, raw).unwrap_or(Qualifier::Exact)
    }
}

/// A closed set of words: required, or optional (`Option`).
macro_rules! choices {
    ($($t:ty),+) => {$(
        impl FromCell for $t {
            fn from_cell(row: &mut Row, column: &Column, raw: Option<&str>) -> $t {
                row.choice(column.name, raw.unwrap_or(""))
            }
        }

        impl FromCell for Option<$t> {
            fn from_cell(row: &mut Row, column: &Column, raw: Option<&str>) -> Option<$t> {
                row.opt_choice(column.name, raw)
            }
        }
    )+};
}

choices!(
    Bloc,
    ProductCategory,
    CapexKind,
    CapexBasis,
    TargetMetric,
    TargetKind,
    EventCategory,
    Metric,
    ClaimQualifier
);
