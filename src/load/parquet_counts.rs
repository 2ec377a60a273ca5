//! The counts of a Parquet file that polars trusts, checked before it decodes.
//!
//! polars 0.55.2 takes a data page's value count (an `i32` in the file) with
//! `as usize` (polars-parquet `parquet/page/mod.rs`, `DataPageHeader::num_values`):
//! a negative count becomes about 2^64, and the decoder asks for that much
//! memory at once. A failed allocation aborts the process; stable Rust cannot
//! turn it into a panic, so `panics::catch` cannot help. Hence this walk over
//! the footer's row groups and every page header (read by polars' own page
//! reader, no page decoded), which refuses counts that disagree with each
//! other. Drop it when polars checks the counts itself.

use std::io::Cursor;

use polars_buffer::Buffer;
use polars_parquet::parquet::metadata::{ColumnChunkMetadata, FileMetadata};
use polars_parquet::parquet::page::{CompressedPage, DataPageHeader};
use polars_parquet::parquet::read::PageReader;

/// Every row group's count of rows and every column chunk's and page's count
/// of values agree; else what disagrees, in words.
pub fn check(file: &Buffer<u8>, metadata: &FileMetadata) -> Result<(), String> {
    let groups = &metadata.row_groups;
    let rows = groups
        .iter()
        .try_fold(0usize, |sum, group| sum.checked_add(group.num_rows()));
    if rows != Some(metadata.num_rows) {
        return Err(format!(
            "the footer counts {} rows, its row groups a different number",
            metadata.num_rows
        ));
    }
    for (index, group) in groups.iter().enumerate() {
        for column in group.parquet_columns() {
            check_column(file, group.num_rows(), column).map_err(|problem| {
                let name = column.descriptor().path_in_schema.join(".");
                format!("row group {}, column {name:?}: {problem}", index + 1)
            })?;
        }
    }
    Ok(())
}

/// A column chunk lies inside the file, holds one value a row (unless its
/// values repeat), and its pages hold no more values than it.
fn check_column(
    file: &Buffer<u8>,
    rows: usize,
    column: &ColumnChunkMetadata,
) -> Result<(), String> {
    let values = column.num_values();
    let repeated = column.descriptor().descriptor.max_rep_level > 0;
    if values < 0 || (!repeated && usize::try_from(values) != Ok(rows)) {
        return Err(format!("{values} values in {rows} rows"));
    }
    let start = column
        .dictionary_page_offset()
        .unwrap_or(column.data_page_offset());
    let end = start.checked_add(column.compressed_size());
    let inside = |at: i64| usize::try_from(at).is_ok_and(|at| at <= file.len());
    let Some(end) = end.filter(|&end| start >= 0 && start <= end && inside(end)) else {
        return Err(format!(
            "its bytes from {start} on, {} of them, lie outside the file of {} bytes",
            column.compressed_size(),
            file.len()
        ));
    };
    let (start, end) = (start as usize, end as usize);
    let chunk = file.clone().sliced(start..end);
    // A page header is never larger than its column chunk: the bound keeps a
    // corrupt length inside a header from asking for more.
    let pages = PageReader::new(Cursor::new(chunk), column, Vec::new(), end - start);
    let mut left = values;
    for page in pages {
        let CompressedPage::Data(page) = page.map_err(|e| e.to_string())? else {
            continue;
        };
        // A v2 page also counts its nulls and rows, each at most its values.
        let (count, parts) = match page.header() {
            DataPageHeader::V1(header) => (header.num_values, Vec::new()),
            DataPageHeader::V2(header) => {
                (header.num_values, vec![header.num_nulls, header.num_rows])
            }
        };
        let count = i64::from(count);
        if count < 0 || count > left {
            return Err(format!(
                "a page counts {count} values where {left} are left"
            ));
        }
        if let Some(part) = parts.iter().find(|&&p| p < 0 || i64::from(p) > count) {
            return Err(format!(
                "a page of {count} values counts {part} of them null or rows"
            ));
        }
        left -= count;
    }
    Ok(())
}
