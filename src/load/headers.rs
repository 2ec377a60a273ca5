//! The header row of each data file present, as written: what `aimarket
//! schema` describes. Column order is free in the data, and a table schema
//! lists the fields in the file's own order.

use std::path::Path;

use anyhow::{bail, Result};

use super::table::{InputLog, Opened, Table};
use crate::diagnostics::Diagnostics;
use crate::model::DataFile;

/// One data file's header.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Header {
    pub file: DataFile,
    pub columns: Vec<String>,
}

/// The headers of the CSV files present in `dir`, in the order of SPEC
/// section 3 (`users.parquet` is left out with a warning). A file whose header
/// cannot be read is left out too, with its problems in `diags`.
pub fn headers(dir: &Path, diags: &mut Diagnostics) -> Result<Vec<Header>> {
    if !dir.is_dir() {
        bail!(
            "data folder {} does not exist or is not a folder",
            dir.display()
        );
    }
    let mut inputs = InputLog::default();
    let mut found = Vec::new();
    for file in DataFile::ALL {
        if file == DataFile::UsersParquet {
            if dir.join(file.file_name()).is_file() {
                let why = "left out: the package describes the CSV files only";
                diags.warning(file, None, None, why.into());
            }
            continue;
        }
        let Opened::Ready(table) = Table::open(dir, file, diags, &mut inputs)? else {
            continue;
        };
        let columns = table.header_names().to_vec();
        found.push(Header { file, columns });
    }
    Ok(found)
}
