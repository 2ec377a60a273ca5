//! A corrupt `users.parquet`, or one rewritten while it is read, is one
//! diagnostic naming the file (status 1), never a crash, and a build leaves the
//! previous report as it was. polars 0.55.2 panics on some corrupt files (status
//! 101), asks for 2^61 bytes on others (an abort), and read through a memory
//! map, a file cut short under it raised SIGBUS.
//!
//! The valid file is `tests/fixtures/parquet/users.parquet`: 16 rows of
//! `qwen_app` (`dau` and `mau` on 2026-01-01 to 2026-01-16, `value` a float
//! column, `qualifier` with nulls, sources `n1` and `r1`) as polars 0.55.2's
//! `ParquetWriter` writes them (zstd pages). Corruptions are changes of its bytes.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::io::{Cursor, Write};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use common::{files, Workdir};
use polars::prelude::*;
use proptest::prelude::*;
use proptest::sample::Index;

const FILE: &str = "users.parquet";

/// `check` on the valid fixture: what a readable file gives.
const VALID: &str = "checked 4 files (21 rows) in data as of 2026-01-16: 0 errors, 0 warnings";

/// The fixture with some of its bytes replaced: (offset, new byte).
fn corrupt(dir: &Workdir, changes: &[(usize, u8)]) {
    let path = dir.data().join(FILE);
    let mut bytes = fs::read(&path).unwrap();
    for &(at, byte) in changes {
        bytes[at] = byte;
    }
    fs::write(path, bytes).unwrap();
}

fn cannot_read(problem: &str) -> String {
    format!("error: data/users.parquet: cannot read the file as Parquet: {problem}")
}

#[test]
fn the_valid_file_is_read() {
    let run = Workdir::fixture("parquet").check(&[]);
    assert_eq!((run.status, run.stderr.trim_end()), (0, VALID));
}

/// Byte changes of the fixture each of which crashed `check`: a panic at
/// another place of polars' reader (status 101), or an allocation of 2^61
/// bytes for a negative count (SIGABRT), with the diagnostic each gives now.
const CRASHES: &[(&[(usize, u8)], &str)] = &[
    (
        &[(46, 33)],
        r#"row group 1, column "product": a page counts -17 values where 16 are left"#,
    ),
    (
        &[(1370, 33)],
        r#"row group 1, column "product": -17 values in 16 rows"#,
    ),
    (
        &[(1378, 255)],
        r#"row group 1, column "product": its bytes from -2496 on, 92 of them, lie outside the file of 2295 bytes"#,
    ),
    (
        &[(1438, 0)],
        r#"row group 1, column "date": 0 values in 16 rows"#,
    ),
    (&[(1405, 1)], "the Parquet reader failed: thrift bool field"),
    (
        &[(48, 17)],
        r#"the Parquet reader failed: called `Result::unwrap()` on an `Err` value: OutOfSpec("Thrift out of range")"#,
    ),
    (
        &[(88, 0)],
        "the Parquet reader failed: assertion failed: offset + length <= self.length",
    ),
    (
        &[(796, 255)],
        "the Parquet reader failed: assertion `left == right` failed",
    ),
    (
        &[(41, 0)],
        "the Parquet reader failed: assertion failed: values.len() >= 4",
    ),
    (
        &[(505, 0)],
        "the Parquet reader failed: assertion failed: start + length <= self.bytes.len()",
    ),
    (
        &[(1968, 90)],
        "the Parquet reader failed: not yet implemented",
    ),
    (
        &[(1380, 9)],
        "the Parquet reader failed: called `Option::unwrap()` on a `None` value",
    ),
];

#[test]
fn corruptions_that_crashed_the_reader_are_diagnostics() {
    for (changes, problem) in CRASHES {
        let dir = Workdir::fixture("parquet");
        corrupt(&dir, changes);
        let run = dir.check(&[]);
        assert_eq!(run.status, 1, "{changes:?}: {}", run.stderr);
        assert_eq!(run.problems(), [cannot_read(problem)], "{changes:?}");
    }
}

/// A file whose counts disagree is refused even where polars would read on,
/// trusting one of them.
#[test]
fn counts_that_disagree_are_refused() {
    let dir = Workdir::fixture("parquet");
    corrupt(&dir, &[(1341, 14)]);
    let run = dir.check(&[]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert_eq!(
        run.problems(),
        [cannot_read(
            "the footer counts 7 rows, its row groups a different number"
        )]
    );
}

#[test]
fn a_build_over_a_report_with_a_corrupt_file_leaves_the_report() {
    let dir = Workdir::fixture("parquet");
    assert_eq!(dir.run(&["build", "-q"]).status, 0);
    let before = files(&dir.path().join("output"));
    assert!(before.contains_key("index.html"));
    for (changes, problem) in &CRASHES[..2] {
        fs::copy(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/parquet/users.parquet"),
            dir.data().join(FILE),
        )
        .unwrap();
        corrupt(&dir, changes);
        let run = dir.run(&["build", "-q"]);
        assert_eq!(run.status, 1, "{changes:?}: {}", run.stderr);
        assert_eq!(run.stderr.trim_end(), cannot_read(problem));
        assert_eq!(files(&dir.path().join("output")), before, "{changes:?}");
    }
}

/// A valid users.parquet of `rows` daily `dau` rows of qwen_app from 2000-01-01.
fn write_daily_parquet(path: &Path, rows: usize) {
    let start = chrono::NaiveDate::from_ymd_opt(2000, 1, 1).unwrap();
    let dates: Vec<String> = (0..rows as u64)
        .map(|d| (start + chrono::Days::new(d)).to_string())
        .collect();
    let values: Vec<f64> = (0..rows).map(|i| (1000 + i % 977) as f64).collect();
    let mut frame = DataFrame::new_infer_height(vec![
        Column::new("product".into(), vec!["qwen_app"; rows]),
        Column::new("date".into(), dates),
        Column::new("metric".into(), vec!["dau"; rows]),
        Column::new("value".into(), values),
        Column::new("source".into(), vec!["n1"; rows]),
    ])
    .unwrap();
    ParquetWriter::new(fs::File::create(path).unwrap())
        .finish(&mut frame)
        .unwrap();
}

/// Guards against SIGBUS: the file was read through a memory map, and a file
/// cut short while mapped kills the reader.
#[test]
fn a_file_rewritten_while_it_is_read_never_kills_check() {
    let dir = Workdir::fixture("base");
    let path = dir.data().join(FILE);
    write_daily_parquet(&path, 10_000);
    let bytes = fs::read(&path).unwrap();
    let stop = AtomicBool::new(false);
    let statuses: Vec<(i32, String)> = std::thread::scope(|scope| {
        scope.spawn(|| {
            // Whole most of the time, cut to nothing now and then, in place.
            while !stop.load(Ordering::Relaxed) {
                std::thread::sleep(Duration::from_millis(5));
                let mut file = fs::OpenOptions::new().write(true).open(&path).unwrap();
                file.set_len(0).unwrap();
                std::thread::sleep(Duration::from_millis(2));
                file.write_all(&bytes).unwrap();
            }
        });
        let runs = (0..20)
            .map(|_| {
                let run = dir.run_env(&["check"], &[]);
                (run.status, run.stderr)
            })
            .collect();
        stop.store(true, Ordering::Relaxed);
        runs
    });
    // 128 + 7 is SIGBUS, 128 + 6 an abort, 101 a panic.
    let mut by_status = BTreeMap::new();
    for (status, _) in &statuses {
        *by_status.entry(*status).or_insert(0) += 1;
    }
    assert!(
        by_status.keys().all(|s| *s == 0 || *s == 1),
        "statuses and how often: {by_status:?}"
    );
    for (_, stderr) in &statuses {
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
}

/// One change to the fixture: 1 to 3 bytes replaced, or the file cut short.
#[derive(Clone, Debug)]
enum Change {
    Bytes(Vec<(Index, u8)>),
    Truncate(Index),
}

fn change() -> impl Strategy<Value = Change> {
    // Byte values that turn a small count negative or flip one bit, beside any.
    let byte = prop_oneof![any::<u8>(), Just(0u8), Just(0xFF), Just(33)];
    prop_oneof![
        4 => prop::collection::vec((any::<Index>(), byte), 1..=3).prop_map(Change::Bytes),
        1 => any::<Index>().prop_map(Change::Truncate),
    ]
}

fn apply(bytes: &mut Vec<u8>, change: &Change) {
    match change {
        Change::Bytes(changes) => {
            for (at, byte) in changes {
                let at = at.index(bytes.len());
                bytes[at] = *byte;
            }
        }
        Change::Truncate(at) => bytes.truncate(at.index(bytes.len())),
    }
}

/// The table polars reads from `bytes`, every column as text, as `users.csv`.
fn as_csv(bytes: Vec<u8>) -> Option<String> {
    let frame = ParquetReader::new(Cursor::new(bytes))
        .read_parallel(ParallelStrategy::None)
        .finish()
        .unwrap();
    let mut writer = csv::Writer::from_writer(Vec::new());
    let names = frame.get_column_names();
    writer
        .write_record(names.iter().map(|n| n.as_str()))
        .unwrap();
    let columns: Vec<StringChunked> = frame
        .columns()
        .iter()
        .map(|c| c.cast(&DataType::String).unwrap().str().unwrap().clone())
        .collect();
    for row in 0..frame.height() {
        let cells: Vec<&str> = columns.iter().map(|c| c.get(row).unwrap_or("")).collect();
        // A line end inside a cell moves the CSV's line numbers off the rows'.
        if cells.iter().any(|c| c.contains(['\n', '\r'])) {
            return None;
        }
        writer.write_record(cells).unwrap();
    }
    Some(String::from_utf8(writer.into_inner().unwrap()).unwrap())
}

/// A users.csv diagnostic as users.parquet words it: a row number wherever
/// the CSV's names a line (`data/users.csv:3:`, `first at line 3`).
fn as_parquet_words(line: &str) -> String {
    let Some((head, rest)) = line.split_once("data/users.csv") else {
        return line.to_string();
    };
    let numbers = regex::Regex::new(r"^:(\d+):|line (\d+)").unwrap();
    let rest = numbers.replace_all(rest, |found: &regex::Captures| {
        let row = |n: &regex::Match| n.as_str().parse::<u64>().unwrap() - 1;
        match (found.get(1), found.get(2)) {
            (Some(n), _) => format!(":{}:", row(&n)),
            (_, Some(n)) => format!("line {}", row(&n)),
            _ => unreachable!("one of the two matched"),
        }
    });
    format!("{head}data/users.parquet{rest}")
}

proptest! {
    // Each case runs `check` once or twice: 256 cases take about 12 s in debug.
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// `check` on a changed file says what is wrong with it (status 1) or reads
    /// it (0 or 1), never crashes or prints a panic; a file it reads gives the
    /// diagnostics of a users.csv holding the same cells.
    #[test]
    fn a_changed_file_is_read_or_refused_never_a_crash(change in change()) {
        let dir = Workdir::fixture("parquet");
        let path = dir.data().join(FILE);
        let mut bytes = fs::read(&path).unwrap();
        apply(&mut bytes, &change);
        fs::write(&path, &bytes).unwrap();
        let run = dir.run_env(&["check"], &[]);
        prop_assert!(run.status == 0 || run.status == 1, "status {}: {}", run.status, run.stderr);
        prop_assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
        if run.stderr.contains("cannot read the file as Parquet") {
            prop_assert_eq!(run.status, 1);
            prop_assert_eq!(run.problems().len(), 1, "{}", run.stderr);
        } else if let Some(csv) = as_csv(bytes) {
            let twin = Workdir::fixture("base");
            twin.write("users.csv", &csv);
            let csv_run = twin.check(&[]);
            // The same problems and the same count; the file-level lines of
            // one file (a missing and an unknown column) may come in either order.
            let mut expected: Vec<String> =
                csv_run.stderr.lines().map(as_parquet_words).collect();
            let mut found: Vec<String> = run.stderr.lines().map(str::to_string).collect();
            expected.sort();
            found.sort();
            prop_assert_eq!(found, expected);
            prop_assert_eq!(run.status, csv_run.status);
        }
    }
}
