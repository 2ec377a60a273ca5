//! The data files of SPEC section 3: their names and which are required
//! (their columns are in `columns.rs`).

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
    fn sources_and_companies_are_required() {
        assert!(DataFile::Sources.is_required() && DataFile::Companies.is_required());
        assert!(!DataFile::Users.is_required());
    }
}
