//! The raw serde row of each small data file, made from its declaration
//! (`model/tables.rs`): every cell borrowed as text, matched by header name,
//! then typed by its column's kind (`cell.rs`); and the rules that involve two
//! cells of one row (end after start, capex targets cumulative).

use chrono::NaiveDate;

use super::cell::FromCell;
use super::cells::found;
use super::raw::FromRaw;
use super::typed_row::Row;
use crate::model::{
    data_files, Campaign, Capex, Claim, Company, Currency, Declared, Earnings, Event, FxRate,
    Product, Source, StackEntry, Target, TargetKind, TargetMetric,
};

/// Keeps a typed row as it is, or hands it to its file's rule.
macro_rules! keep {
    ($value:ident, $raw:ident, $row:ident) => {
        Some($value)
    };
    ($value:ident, $raw:ident, $row:ident, $rules:ident) => {
        $rules($value, &$raw, $row)
    };
}

macro_rules! raw_rows {
    ($(
        $(#[doc = $doc:literal])*
        $name:ident in $file:ident as $field_name:ident, key [$($key:ident),*]
        $(, checked by $rules:ident)? {
            $(
                $(#[doc = $column_doc:literal])*
                $column:ident: $ty:ty = $req:ident $kind:expr
            ),+ $(,)?
        }
    )+) => {
        $(
            pub mod $field_name {
                /// The row's cells as text, by header name; absent or empty is `None`.
                #[derive(serde::Deserialize)]
                pub struct Raw<'a> {
                    $(
                        #[serde(default, borrow)]
                        pub $column: Option<&'a str>,
                    )+
                }
            }

            impl FromRaw for $name {
                type Raw<'a> = $field_name::Raw<'a>;

                fn convert(raw: Self::Raw<'_>, row: &mut Row) -> Option<$name> {
                    let mut columns = <$name as Declared>::COLUMNS.iter();
                    let value = $name {
                        line: row.line,
                        $($column: FromCell::from_cell(
                            row,
                            columns.next().expect("a column per field"),
                            raw.$column,
                        ),)+
                    };
                    keep!(value, raw, row $(, $rules)?)
                }
            }
        )+
    };
}

data_files!(raw_rows);

fn capex_rules(capex: Capex, raw: &capex::Raw, row: &mut Row) -> Option<Capex> {
    let end = ("period_end", capex.period_end, raw.period_end);
    dates_in_order(
        row,
        ("period_start", capex.period_start),
        end,
        SameDay::Allowed,
    );
    Some(capex)
}

/// The rules between two cells, once each cell is good. A row with a bad cell
/// is still returned, so that its references are checked too.
fn target_rules(target: Target, raw: &targets::Raw, row: &mut Row) -> Option<Target> {
    let cells_ok = row.is_ok();
    let end = ("end", target.end, raw.end);
    dates_in_order(row, ("start", target.start), end, SameDay::NotAllowed);
    if cells_ok && target.metric == TargetMetric::Capex && target.kind != TargetKind::Cumulative {
        row.fail(
            "kind",
            format!(
                "expected cumulative for a capex target, found {}",
                found(raw.kind.unwrap_or(""))
            ),
        );
    }
    Some(target)
}

fn campaign_rules(campaign: Campaign, raw: &campaigns::Raw, row: &mut Row) -> Option<Campaign> {
    let end = ("end", campaign.end, raw.end);
    dates_in_order(row, ("start", campaign.start), end, SameDay::Allowed);
    Some(campaign)
}

/// Whether a span may start and end on one day.
#[derive(PartialEq)]
enum SameDay {
    Allowed,
    NotAllowed,
}

/// Once a row's cells are good: its end (column, date, cell as written) must
/// not come before its start (column, date), nor on it when `same_day` is not
/// allowed.
fn dates_in_order(
    row: &mut Row,
    (start_column, start): (&str, NaiveDate),
    (end_column, end, written): (&str, NaiveDate, Option<&str>),
    same_day: SameDay,
) {
    let (in_order, relation) = match same_day {
        SameDay::Allowed => (end >= start, "on or after"),
        SameDay::NotAllowed => (end > start, "after"),
    };
    if row.is_ok() && !in_order {
        row.fail(
            end_column,
            format!(
                "expected a date {relation} {start_column} ({start}), found {}",
                found(written.unwrap_or(""))
            ),
        );
    }
}

fn fx_rules(rate: FxRate, _raw: &fx::Raw, row: &mut Row) -> Option<FxRate> {
    if row.is_ok() && rate.currency == Currency::USD {
        row.warn(None, "USD needs no rate (row ignored)".into());
        return None;
    }
    Some(rate)
}
