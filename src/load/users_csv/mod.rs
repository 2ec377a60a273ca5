//! Reading `users.csv`, the file that may hold millions of rows, straight into
//! the columns of `Users` (or `users.parquet` in its place).
//!
//! A large file is read by one worker per core, each on its own chunk of whole
//! lines, while another thread hashes the file from start to end; the parts are
//! then joined in file order, their line numbers shifted (`parallel.rs`). A
//! worker splits lines at LF and fields at commas, which is exactly CSV while
//! there are no quotes and no lone CRs: at the first of either it gives up and
//! the whole file is read by the general CSV reader instead. Both ways give the
//! same rows and the same diagnostics (see the tests below).
//!
//! Cells are found by column position rather than by serde here: the same checks
//! as every other file, without a per-row name lookup.

use std::collections::BTreeSet;
use std::path::Path;

use anyhow::Result;
use indicatif::ProgressBar;

use super::table::{self, InputLog, Opened, Table};
use super::users_join::join;
use super::users_parts::{expected_rows, Columns, Part};
use crate::diagnostics::Diagnostics;
use crate::model::{DataFile, Users};
use crate::progress::LoadProgress;

mod parallel;

use parallel::{read_in_parallel, Plan};

const FILE: DataFile = DataFile::Users;

/// Files smaller than this are read by one reader: splitting would not pay.
const PARALLEL_FROM_BYTES: u64 = 32 << 20;

/// From which size users.csv is read by the plain reader in chunks of whole
/// lines, and by how many workers (one chunk when `workers` is 1); smaller
/// files are read by the general CSV reader.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Split {
    pub from_bytes: u64,
    pub workers: usize,
}

impl Split {
    /// One worker per core (at most 8) for files of 32 MiB or more: below that,
    /// splitting would not pay.
    pub fn for_this_machine() -> Split {
        Split {
            from_bytes: PARALLEL_FROM_BYTES,
            workers: std::thread::available_parallelism()
                .map_or(1, |n| n.get())
                .min(8),
        }
    }
}

/// Types one record of the general CSV reader; see `Part::push_cells`. The
/// record as a whole is UTF-8 (`next_record` checked), but a field may still
/// not be: a comma can split a character whose halves make one without it.
fn push_record(
    part: &mut Part,
    record: &csv::ByteRecord,
    line: u64,
    header: &[String],
    columns: &Columns,
) {
    let text = |i: usize| std::str::from_utf8(&record[i]);
    if (0..record.len()).any(|i| text(i).is_err()) {
        for (i, field) in record.iter().enumerate() {
            if text(i).is_err() {
                part.diags.error(
                    FILE,
                    Some(line),
                    Some(&header[i]),
                    table::utf8_problem(field),
                );
            }
        }
        return;
    }
    part.push_cells(line, columns.cells(|i| text(i).unwrap_or_default()));
}

/// Reads every record of `table` into a part, by the general CSV reader.
fn read_part(
    table: &mut Table,
    columns: Columns,
    strict: bool,
    expected_rows: usize,
    progress: Option<ProgressBar>,
) -> Result<Part> {
    const REPORT_EVERY: u64 = 1 << 16;
    let mut part = Part::new(FILE, strict, expected_rows);
    let mut reported = 0;
    while let Some(line) = table.next_record(&mut part.diags)? {
        push_record(
            &mut part,
            table.record(),
            line,
            table.header_names(),
            &columns,
        );
        if let Some(bar) = progress
            .as_ref()
            .filter(|_| table.rows() % REPORT_EVERY == 0)
        {
            let at = table.record().position().map_or(reported, |p| p.byte());
            bar.inc(at - reported);
            reported = at;
        }
    }
    Ok(part)
}

/// Reads users.csv, or users.parquet in its place; with `progress`, a bar for
/// a long load.
pub fn read_users(
    dir: &Path,
    diags: &mut Diagnostics,
    inputs: &mut InputLog,
    unreadable: &mut BTreeSet<DataFile>,
    progress: bool,
    split: Split,
) -> Result<Users> {
    let size = std::fs::metadata(dir.join(FILE.file_name())).map_or(0, |m| m.len());
    let bar = LoadProgress::start(progress, size, FILE.file_name());
    let users = read_users_with(dir, diags, inputs, unreadable, split, bar.handle());
    bar.finish();
    users
}

fn read_users_with(
    dir: &Path,
    diags: &mut Diagnostics,
    inputs: &mut InputLog,
    unreadable: &mut BTreeSet<DataFile>,
    split: Split,
    progress: Option<ProgressBar>,
) -> Result<Users> {
    let parquet = dir.join(DataFile::UsersParquet.file_name());
    if parquet.is_file() {
        if dir.join(FILE.file_name()).exists() {
            diags.error(
                DataFile::UsersParquet,
                None,
                None,
                "users.csv is there too: keep one of them (users.parquet is not read)".into(),
            );
            unreadable.insert(FILE);
            return Ok(Users::default());
        }
        return super::users_parquet::read_users(&parquet, diags, inputs);
    }
    let table = match Table::open(dir, FILE, diags, inputs)? {
        Opened::Ready(table) => table,
        Opened::Absent => return Ok(Users::default()),
        Opened::Unreadable => {
            unreadable.insert(FILE);
            return Ok(Users::default());
        }
    };
    let path = dir.join(FILE.file_name());
    let columns = Columns::find(table.header_names());
    let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    if size >= split.from_bytes && split.workers >= 1 {
        let plan = Plan {
            path: &path,
            size,
            workers: split.workers,
            columns,
            progress: &progress,
        };
        if let Some(users) = read_in_parallel(&table, plan, diags, inputs)? {
            return Ok(users);
        }
    }
    let mut table = *table;
    if let Some(bar) = &progress {
        bar.set_position(0);
    }
    let part = read_part(
        &mut table,
        columns,
        diags.is_strict(),
        expected_rows(size),
        progress,
    )?;
    table.finish(inputs)?;
    Ok(join(vec![(part, 0)], diags))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::Split;
    use crate::model::InputFile;

    /// Reads `contents` as users.csv, by the general CSV reader (`workers` 0) or
    /// by the plain reader in `workers` chunks; returns the rows, the
    /// diagnostics as text and the recorded input.
    fn read(contents: &[u8], workers: usize) -> (Users, String, Vec<InputFile>) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("users.csv"), contents).unwrap();
        let mut diags = Diagnostics::new(false);
        let mut inputs = InputLog {
            files: Vec::new(),
            hash: true,
        };
        let users = read_users_with(
            dir.path(),
            &mut diags,
            &mut inputs,
            &mut BTreeSet::new(),
            Split {
                from_bytes: if workers == 0 { u64::MAX } else { 0 },
                workers: workers.max(1),
            },
            None,
        )
        .unwrap();
        (users, diags.to_text(Path::new("d")), inputs.files)
    }

    fn sample(crlf: bool) -> Vec<u8> {
        let mut text = String::from("source,product,date,metric,value\n\n");
        for day in 1..=28 {
            for product in ["qwen_app", "doubao", "chatgpt"] {
                let value = if day == 13 && product == "doubao" {
                    "n/a".to_string()
                } else {
                    (day * 1000).to_string()
                };
                text.push_str(&format!("s,{product},2026-02-{day:02},dau,{value}\n"));
            }
            if day == 20 {
                text.push_str("\ns,qwen_app,2026-02-30,dau,5\n");
            }
        }
        if crlf {
            text = text.replace('\n', "\r\n");
        }
        text.into_bytes()
    }

    #[test]
    fn parallel_and_sequential_reads_agree() {
        for crlf in [false, true] {
            let bytes = sample(crlf);
            let (one, one_text, one_inputs) = read(&bytes, 0);
            assert_eq!(
                one.len(),
                83,
                "84 rows less the bad date (the n/a row is kept out too)"
            );
            assert!(
                one_text.contains("users.csv:40: value: expected a number >= 0, found \"n/a\""),
                "{one_text}"
            );
            // The two rejected rows are kept for their references: doubao (the
            // second product seen) at line 40, qwen_app at 64 (the bad date).
            assert_eq!(one.rejected.line, [40, 64]);
            assert_eq!(one.rejected.product, [Some(1), Some(0)]);
            assert_eq!(one.rejected.source, [Some(0), Some(0)]);
            for workers in [1, 2, 3, 7] {
                let (many, many_text, many_inputs) = read(&bytes, workers);
                assert_eq!(many, one, "{workers} workers, crlf {crlf}");
                assert_eq!(many_text, one_text);
                assert_eq!(many_inputs, one_inputs);
            }
        }
    }

    /// Who counted each row, read the same way by both readers and kept with
    /// its row when the rows are put in series order.
    #[test]
    fn both_readers_read_measured_by() {
        let mut text = String::from("product,date,metric,value,source,measured_by\n");
        for day in 1..=20 {
            for (product, counter) in [
                ("doubao", "aicpb"),
                ("qwen_app", ""),
                ("yuanbao", "company"),
            ] {
                let counter = if day > 10 && product == "doubao" {
                    "questmobile"
                } else {
                    counter
                };
                text.push_str(&format!(
                    "{product},2026-02-{day:02},dau,{day},s,{counter}\n"
                ));
            }
        }
        text.push_str("doubao,2026-02-21,dau,1,s,AICPB\n");
        let bytes = text.into_bytes();
        let (one, one_text, _) = read(&bytes, 0);
        assert_eq!(
            one_text,
            "error: d/users.csv:62: measured_by: expected company, a tracker's slug \
             [a-z0-9][a-z0-9_-]* such as questmobile, or an empty cell, found \"AICPB\"\n"
        );
        // Series order: doubao's 20 days, then qwen_app's, then yuanbao's.
        let counter = |i: usize| one.counter(i);
        assert_eq!(
            (counter(0), counter(9), counter(10)),
            (Some("aicpb"), Some("aicpb"), Some("questmobile"))
        );
        assert_eq!((counter(20), counter(40)), (None, Some("company")));
        for workers in [1, 2, 3] {
            let (many, many_text, _) = read(&bytes, workers);
            assert_eq!(many, one, "{workers} workers");
            assert_eq!(many_text, one_text);
        }
    }

    /// A file whose rows never say who counted keeps no counter column; one
    /// whose first counter comes late reads its earlier rows as "not stated",
    /// the same with any number of workers (parts without a counter too).
    #[test]
    fn counters_are_kept_only_where_some_row_states_one() {
        let rows = |stated_from: u32| {
            let mut text = String::from("product,date,metric,value,source,measured_by\n");
            for day in 1..=28 {
                let counter = if day >= stated_from {
                    "questmobile"
                } else {
                    ""
                };
                text.push_str(&format!("doubao,2026-02-{day:02},dau,{day},s,{counter}\n"));
                text.push_str(&format!("qwen_app,2026-02-{day:02},dau,{day},s,\n"));
            }
            text.into_bytes()
        };
        let (none, _, _) = read(&rows(99), 0);
        assert_eq!((none.len(), none.measured_by.len()), (56, 0));
        assert!(!none.states_counters());
        assert_eq!(none.counter(0), None);
        let (late, text, _) = read(&rows(27), 0);
        assert_eq!(text, "");
        assert_eq!(late.measured_by.len(), 56);
        assert_eq!(late.counters, ["", "questmobile"]);
        // Series order: doubao's 28 days (the last two counted), then qwen_app's.
        let counted: Vec<usize> = (0..56).filter(|&i| late.counter(i).is_some()).collect();
        assert_eq!(counted, [26, 27]);
        for workers in [1, 2, 3, 7] {
            let (many, _, _) = read(&rows(27), workers);
            assert_eq!(many, late, "{workers} workers");
            let (many, _, _) = read(&rows(99), workers);
            assert_eq!(many, none, "{workers} workers");
        }
        // A stretch of rejected rows between counters (a part may keep no
        // row): the dictionary still lists counters in order of first use.
        let mut text = String::from("product,date,metric,value,source,measured_by\n");
        for (days, value, counter) in [
            (1..=9, "1", "aicpb"),
            (1..=28, "n/a", "aicpb"),
            (10..=19, "1", "questmobile"),
            (20..=28, "1", ""),
        ] {
            for day in days {
                text.push_str(&format!(
                    "doubao,2026-02-{day:02},dau,{value},s,{counter}\n"
                ));
            }
        }
        let (one, _, _) = read(text.as_bytes(), 0);
        assert_eq!(one.counters, ["aicpb", "questmobile", ""]);
        for workers in [1, 2, 3, 4, 7] {
            let (many, _, _) = read(text.as_bytes(), workers);
            assert_eq!(many, one, "{workers} workers");
        }
    }

    /// Newest day first: every series is out of date order, across chunks too.
    #[test]
    fn series_read_newest_first_are_put_oldest_first() {
        let text = String::from_utf8(sample(false)).unwrap();
        let mut lines: Vec<&str> = text.lines().collect();
        lines[2..].reverse();
        let bytes = (lines.join("\n") + "\n").into_bytes();
        let (one, one_text, _) = read(&bytes, 0);
        for run in one.series() {
            let dates: Vec<_> = run.iter().map(|&i| one.date[i as usize]).collect();
            assert!(dates.is_sorted(), "{dates:?}");
        }
        for workers in [1, 2, 3] {
            let (many, many_text, _) = read(&bytes, workers);
            assert_eq!(many, one, "{workers} workers");
            assert_eq!(many_text, one_text);
        }
    }

    #[test]
    fn a_quote_anywhere_falls_back_to_one_reader() {
        let mut bytes = sample(false);
        bytes.extend_from_slice(b"s,qwen_app,2026-03-01,\"dau\",1\n");
        let (one, one_text, _) = read(&bytes, 0);
        let (many, many_text, _) = read(&bytes, 4);
        assert_eq!(many, one);
        assert_eq!(many_text, one_text);
        assert_eq!(many.len(), 84);
    }

    /// Regression: the general reader checked only the record as a whole, so a
    /// comma between the halves of a character passed as UTF-8.
    #[test]
    fn a_comma_inside_a_character_is_not_utf8() {
        let mut bytes = sample(false);
        bytes.extend_from_slice(b"s\xE2,\x80\xA6,2026-03-01,dau,1\n");
        let (one, one_text, _) = read(&bytes, 0);
        assert!(
            one_text.contains("users.csv:89: source: expected UTF-8 text"),
            "{one_text}"
        );
        let (many, many_text, _) = read(&bytes, 2);
        assert_eq!(many, one);
        assert_eq!(many_text, one_text);
    }

    /// Regression: the parallel reader counted only the header's LFs, so a
    /// header ended by a lone CR put every later line one too high.
    #[test]
    fn a_header_ended_by_a_lone_cr_counts_as_a_line() {
        let bytes = String::from_utf8(sample(false))
            .unwrap()
            .replacen("value\n\n", "value\r", 1)
            .into_bytes();
        let (one, one_text, _) = read(&bytes, 0);
        // Line 40 of the sample less its blank line 2.
        assert!(
            one_text.contains("users.csv:39: value: expected a number >= 0, found \"n/a\""),
            "{one_text}"
        );
        for workers in [1, 2, 3] {
            let (many, many_text, _) = read(&bytes, workers);
            assert_eq!(many, one, "{workers} workers");
            assert_eq!(many_text, one_text, "{workers} workers");
        }
    }

    #[test]
    fn lone_crs_fall_back_to_one_reader_with_physical_lines() {
        let text = String::from_utf8(sample(false)).unwrap();
        // Old Mac line ends throughout, then a mix of all three.
        let mac = text.replace('\n', "\r");
        let mixed: String = text
            .split_inclusive('\n')
            .enumerate()
            .map(|(i, line)| match i % 3 {
                0 => line.to_string(),
                1 => line.replace('\n', "\r\n"),
                _ => line.replace('\n', "\r"),
            })
            .collect();
        for bytes in [mac.into_bytes(), mixed.into_bytes()] {
            let (one, one_text, _) = read(&bytes, 0);
            assert!(
                one_text.contains("users.csv:40: value: expected a number >= 0, found \"n/a\""),
                "{one_text}"
            );
            // Day 20 ends at line 62, a blank line, then the bad date.
            assert!(one_text.contains("users.csv:64: date:"), "{one_text}");
            let (many, many_text, _) = read(&bytes, 3);
            assert_eq!(many, one);
            assert_eq!(many_text, one_text);
        }
    }
}
