//! The data files of SPEC section 3: their names, which are required, and
//! their columns.

use std::fmt;

/// The data files of SPEC section 3, in the order of its table.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DataFile {
    Sources,
    Companies,
    Products,
    Earnings,
    Capex,
    Targets,
    #[default]
    Users,
    /// `users.parquet`, accepted in place of `users.csv` (SPEC section 8).
    UsersParquet,
    Campaigns,
    Events,
    Stack,
    Fx,
    Claims,
}

impl DataFile {
    pub const ALL: [DataFile; 13] = [
        DataFile::Sources,
        DataFile::Companies,
        DataFile::Products,
        DataFile::Earnings,
        DataFile::Capex,
        DataFile::Targets,
        DataFile::Users,
        DataFile::UsersParquet,
        DataFile::Campaigns,
        DataFile::Events,
        DataFile::Stack,
        DataFile::Fx,
        DataFile::Claims,
    ];

    pub fn file_name(self) -> &'static str {
        match self {
            DataFile::Sources => "sources.csv",
            DataFile::Companies => "companies.csv",
            DataFile::Products => "products.csv",
            DataFile::Earnings => "earnings.csv",
            DataFile::Capex => "capex.csv",
            DataFile::Targets => "targets.csv",
            DataFile::Users => "users.csv",
            DataFile::UsersParquet => "users.parquet",
            DataFile::Campaigns => "campaigns.csv",
            DataFile::Events => "events.csv",
            DataFile::Stack => "stack.csv",
            DataFile::Fx => "fx.csv",
            DataFile::Claims => "claims.csv",
        }
    }

    pub fn is_required(self) -> bool {
        matches!(self, DataFile::Sources | DataFile::Companies)
    }

    /// Columns as (name, required), in the order the SPEC lists them.
    pub fn columns(self) -> &'static [(&'static str, bool)] {
        match self {
            DataFile::Sources => &[
                ("id", true),
                ("title", true),
                ("publisher", true),
                ("url", false),
                ("published", false),
                ("based_on", false),
            ],
            DataFile::Companies => &[
                ("id", true),
                ("name", true),
                ("bloc", true),
                ("country", true),
                ("currency", true),
                ("fiscal_year_end", true),
            ],
            DataFile::Products => &[
                ("id", true),
                ("name", true),
                ("company", true),
                ("category", true),
            ],
            DataFile::Earnings => &[
                ("company", true),
                ("fiscal_period", true),
                ("period_end", true),
                ("segment", true),
                ("currency", true),
                ("revenue", true),
                ("revenue_consensus", false),
                ("operating_income", false),
                ("source", true),
            ],
            DataFile::Capex => &[
                ("company", true),
                ("period", true),
                ("period_start", true),
                ("period_end", true),
                ("kind", true),
                ("currency", true),
                ("capex", true),
                ("source", true),
            ],
            DataFile::Targets => &[
                ("id", true),
                ("company", true),
                ("metric", true),
                ("segment", false),
                ("kind", true),
                ("value", true),
                ("currency", true),
                ("start", true),
                ("end", true),
                ("announced", true),
                ("source", true),
            ],
            DataFile::Users | DataFile::UsersParquet => &[
                ("product", true),
                ("date", true),
                ("metric", true),
                ("value", true),
                ("qualifier", false),
                ("source", true),
            ],
            DataFile::Campaigns => &[
                ("id", true),
                ("company", true),
                ("product", false),
                ("name", true),
                ("start", true),
                ("end", true),
                ("currency", true),
                ("spend", true),
                ("orders", false),
                ("units", false),
                ("source", true),
            ],
            DataFile::Events => &[
                ("date", true),
                ("company", false),
                ("title", true),
                ("category", true),
                ("source", true),
            ],
            DataFile::Stack => &[
                ("stack", true),
                ("layer", true),
                ("bloc", true),
                ("player", true),
                ("company", false),
            ],
            DataFile::Fx => &[("currency", true), ("date", true), ("usd_per_unit", true)],
            DataFile::Claims => &[
                ("id", true),
                ("text", true),
                ("metric", true),
                ("subject", true),
                ("segment", false),
                ("period", false),
                ("expected", true),
                ("tolerance", true),
                ("source", true),
                ("qualifier", false),
            ],
        }
    }
}

impl fmt::Display for DataFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.file_name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_file_has_its_required_columns() {
        for file in DataFile::ALL {
            assert!(
                file.columns().iter().any(|(_, required)| *required),
                "{file}"
            );
        }
        assert!(DataFile::Sources.is_required() && DataFile::Companies.is_required());
        assert!(!DataFile::Users.is_required());
    }
}
