//! What the model makes of each file's declaration (`tables.rs`): the typed
//! row struct, its columns and key, its references, and the list of the
//! loaded tables that validation and provenance walk.

use chrono::NaiveDate;

use super::columns::{Column, Kind};
use super::dataset::Dataset;
use super::files::DataFile;
use super::metric::Metric;
use super::references::Reference;
use super::tables::data_files;
#[allow(unused_imports)]
use super::tables::{COMPANY, MILLIONS, MONEY, PRODUCT, QUALIFIER, SOURCE};
use super::values::{
    Bloc, CapexBasis, CapexKind, ClaimQualifier, Color, Currency, EventCategory, ProductCategory,
    Qualifier, TargetKind, TargetMetric,
};
use super::{choice_names, Bound};
use crate::periods::{FiscalQuarter, MonthDay};

/// A row of a declared file.
pub trait Declared: Sized {
    const FILE: DataFile;
    /// The columns in the SPEC's order.
    const COLUMNS: &'static [Column];
    /// The columns that name one row (none for events).
    const KEY: &'static [&'static str];

    /// The physical line where the row starts.
    fn line(&self) -> u64;

    /// The cells of its key, as text.
    fn key_cells(&self) -> Vec<String>;

    /// The row's id, for files whose key is `id`.
    fn id(&self) -> Option<&str>;

    /// The cells naming rows of other files, in column order; an optional
    /// cell left empty is none.
    fn references(&self) -> Vec<Reference<'_>>;
}

/// The ids a cell holds when its column names rows of another file.
pub trait Ids {
    fn ids(&self) -> Vec<&str> {
        Vec::new()
    }
}

impl Ids for String {
    fn ids(&self) -> Vec<&str> {
        vec![self]
    }
}

impl Ids for Option<String> {
    fn ids(&self) -> Vec<&str> {
        self.as_deref().into_iter().collect()
    }
}

impl Ids for Vec<String> {
    fn ids(&self) -> Vec<&str> {
        self.iter().map(String::as_str).collect()
    }
}

macro_rules! no_ids {
    ($($t:ty),+) => { $(impl Ids for $t {})+ };
}

no_ids!(
    f64,
    Option<f64>,
    NaiveDate,
    Option<NaiveDate>,
    Currency,
    FiscalQuarter,
    MonthDay,
    Option<Color>,
    Bloc,
    ProductCategory,
    CapexKind,
    Option<CapexBasis>,
    Qualifier,
    TargetMetric,
    TargetKind,
    EventCategory,
    Metric,
    Option<ClaimQualifier>
);

/// Adds the ids of `cell` when its column's kind names another file.
fn push_references<'a>(
    refs: &mut Vec<Reference<'a>>,
    column: &'static str,
    kind: Kind,
    cell: &'a impl Ids,
) {
    if let Kind::Ref(target) | Kind::RefList(target) = kind {
        refs.extend(
            cell.ids()
                .into_iter()
                .map(|id| Reference { column, target, id }),
        );
    }
}

/// The rows of one loaded file, whatever their type.
pub trait Table {
    fn file(&self) -> DataFile;

    /// Each row's line and key cells (none for a file without a key).
    fn keys(&self) -> Vec<(u64, Vec<String>)>;

    /// Each row's line and references.
    fn references(&self) -> Vec<(u64, Vec<Reference<'_>>)>;
}

impl<T: Declared> Table for Vec<T> {
    fn file(&self) -> DataFile {
        T::FILE
    }

    fn keys(&self) -> Vec<(u64, Vec<String>)> {
        if T::KEY.is_empty() {
            return Vec::new();
        }
        self.iter().map(|r| (r.line(), r.key_cells())).collect()
    }

    fn references(&self) -> Vec<(u64, Vec<Reference<'_>>)> {
        self.iter().map(|r| (r.line(), r.references())).collect()
    }
}

macro_rules! required {
    (req) => {
        true
    };
    (opt) => {
        false
    };
}

macro_rules! row_id {
    ($row:ident; id) => {
        Some(&$row.id)
    };
    ($row:ident; $($key:ident),*) => {
        None
    };
}

macro_rules! typed_rows {
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
            $(#[doc = $doc])*
            #[derive(Clone, Debug, PartialEq)]
            pub struct $name {
                pub line: u64,
                $(
                    $(#[doc = $column_doc])*
                    pub $column: $ty,
                )+
            }

            impl Declared for $name {
                const FILE: DataFile = DataFile::$file;
                const COLUMNS: &'static [Column] = &[$(Column {
                    name: stringify!($column),
                    required: required!($req),
                    kind: $kind,
                    doc: &[$($column_doc),*],
                }),+];
                const KEY: &'static [&'static str] = &[$(stringify!($key)),*];

                fn line(&self) -> u64 {
                    self.line
                }

                fn key_cells(&self) -> Vec<String> {
                    vec![$(self.$key.to_string()),*]
                }

                fn id(&self) -> Option<&str> {
                    row_id!(self; $($key),*)
                }

                fn references(&self) -> Vec<Reference<'_>> {
                    let mut refs = Vec::new();
                    $(push_references(&mut refs, stringify!($column), $kind, &self.$column);)+
                    refs
                }
            }
        )+

        impl DataFile {
            /// Columns in the order the SPEC lists them.
            pub fn columns(self) -> &'static [Column] {
                match self {
                    $(DataFile::$file => $name::COLUMNS,)+
                    DataFile::Users | DataFile::UsersParquet => super::tables::USERS,
                }
            }

            /// What a row of the file is, in words.
            pub fn doc(self) -> &'static [&'static str] {
                match self {
                    $(DataFile::$file => &[$($doc),*],)+
                    DataFile::Users | DataFile::UsersParquet => super::tables::USERS_DOC,
                }
            }

            /// The columns that name one row (SPEC section 3's key), none for events.
            pub fn key(self) -> &'static [&'static str] {
                match self {
                    $(DataFile::$file => $name::KEY,)+
                    DataFile::Users | DataFile::UsersParquet => &["product", "date", "metric"],
                }
            }
        }

        impl Dataset {
            /// Every loaded file but users, in the SPEC's order.
            pub fn tables(&self) -> Vec<&dyn Table> {
                vec![$(&self.$field_name as &dyn Table),+]
            }
        }
    };
}

data_files!(typed_rows);
