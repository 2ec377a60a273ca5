//! Property tests of the loaders: valid files from `tests/fixtures` and `data/`,
//! mutated at random (bytes deleted, inserted or replaced, lines swapped, quotes,
//! CRs and NULs inserted, huge numbers, emptied cells), never make a loader
//! panic; every diagnostic names a line the file has; and the two readers of
//! `users.csv` (the parallel plain-line reader and the general CSV reader) give
//! the same rows and the same diagnostics; so does `users.parquet` holding the
//! same cells (its lines being row numbers, one less than the CSV's).

use std::fs;
use std::path::{Path, PathBuf};

use aimarket::checked::{computed_metrics, load_checked};
use aimarket::config::DataConfig;
use aimarket::diagnostics::Diagnostics;
use aimarket::load::{self, Split};
use aimarket::model::{Currency, DataFile};
use proptest::prelude::*;
use proptest::sample::Index;

/// Kept modest so a debug `cargo test` stays quick.
const CASES: u32 = 96;

/// One change to a file's bytes; positions are fractions of the file.
#[derive(Clone, Debug)]
enum Mutation {
    Delete(Index, usize),
    Insert(Index, Vec<u8>),
    Replace(Index, u8),
    SwapLines(Index, Index),
    EmptyCell(Index),
    /// One line end (an LF) made another kind: a lone CR or CRLF.
    LineEnd(Index, &'static [u8]),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let special = prop_oneof![
        Just(b"\"".to_vec()),
        Just(b"\r".to_vec()),
        Just(b"\r\n".to_vec()),
        Just(b"\n".to_vec()),
        Just(b"\0".to_vec()),
        Just(b",".to_vec()),
        Just(b"\xEF\xBB\xBF".to_vec()),
        Just(b"\xFF".to_vec()),
        Just(b"1e308".to_vec()),
        Just(b"1e309".to_vec()),
        Just(b"99999999999999999999999999".to_vec()),
        Just(b"-0".to_vec()),
        Just("\u{1b}[31m".as_bytes().to_vec()),
        prop::collection::vec(any::<u8>(), 1..8),
    ];
    prop_oneof![
        (any::<Index>(), 1..12usize).prop_map(|(at, len)| Mutation::Delete(at, len)),
        (any::<Index>(), special).prop_map(|(at, bytes)| Mutation::Insert(at, bytes)),
        (any::<Index>(), any::<u8>()).prop_map(|(at, byte)| Mutation::Replace(at, byte)),
        (any::<Index>(), any::<Index>()).prop_map(|(a, b)| Mutation::SwapLines(a, b)),
        any::<Index>().prop_map(Mutation::EmptyCell),
        (
            any::<Index>(),
            prop_oneof![Just(&b"\r"[..]), Just(&b"\r\n"[..])]
        )
            .prop_map(|(at, end)| Mutation::LineEnd(at, end)),
    ]
}

fn apply(bytes: &mut Vec<u8>, mutation: &Mutation) {
    let at = |index: &Index, len: usize| if len == 0 { 0 } else { index.index(len + 1) };
    match mutation {
        Mutation::Delete(i, n) => {
            let start = at(i, bytes.len()).min(bytes.len());
            let end = (start + n).min(bytes.len());
            bytes.drain(start..end);
        }
        Mutation::Insert(i, new) => {
            let start = at(i, bytes.len());
            bytes.splice(start..start, new.iter().copied());
        }
        Mutation::Replace(i, byte) => {
            if !bytes.is_empty() {
                let k = i.index(bytes.len());
                bytes[k] = *byte;
            }
        }
        Mutation::SwapLines(a, b) => {
            let mut lines: Vec<Vec<u8>> = bytes
                .split_inclusive(|b| *b == b'\n')
                .map(<[u8]>::to_vec)
                .collect();
            if lines.len() > 1 {
                let (a, b) = (a.index(lines.len()), b.index(lines.len()));
                lines.swap(a, b);
                *bytes = lines.concat();
            }
        }
        Mutation::LineEnd(i, end) => {
            let ends: Vec<usize> = memchr_lf(bytes);
            if !ends.is_empty() {
                let k = ends[i.index(ends.len())];
                bytes.splice(k..=k, end.iter().copied());
            }
        }
        Mutation::EmptyCell(i) => {
            if bytes.is_empty() {
                return;
            }
            let k = i.index(bytes.len());
            let cell_end = |b: &u8| matches!(b, b',' | b'\n' | b'\r');
            let start = bytes[..k].iter().rposition(cell_end).map_or(0, |p| p + 1);
            let end = bytes[k..]
                .iter()
                .position(cell_end)
                .map_or(bytes.len(), |p| k + p);
            if start < end {
                bytes.drain(start..end);
            }
        }
    }
}

/// Offsets of the LFs of `bytes`.
fn memchr_lf(bytes: &[u8]) -> Vec<usize> {
    (0..bytes.len()).filter(|&i| bytes[i] == b'\n').collect()
}

/// The seed folders: a fixture covering every file, and the shipped data.
fn seeds() -> Vec<Vec<(String, Vec<u8>)>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let read = |dirs: &[PathBuf]| {
        let mut files = std::collections::BTreeMap::new();
        for dir in dirs {
            for entry in fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                let name = path.file_name().unwrap().to_string_lossy().into_owned();
                files.insert(name, fs::read(&path).unwrap());
            }
        }
        files.into_iter().collect()
    };
    let fixtures = root.join("tests/fixtures");
    vec![
        read(&[fixtures.join("base"), fixtures.join("valid_full")]),
        read(&[root.join("data")]),
    ]
}

/// A folder made of a seed with one file mutated.
fn folder(files: &[(String, Vec<u8>)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in files {
        fs::write(dir.path().join(name), bytes).unwrap();
    }
    dir
}

/// Lines of a file as the diagnostics count them: LF, CRLF and a lone CR each
/// end one; a last line without an end counts too.
fn physical_lines(bytes: &[u8]) -> u64 {
    let mut lines = 0;
    for (i, b) in bytes.iter().enumerate() {
        let ends = *b == b'\n' || (*b == b'\r' && bytes.get(i + 1) != Some(&b'\n'));
        lines += u64::from(ends);
    }
    let open_last = bytes.last().is_some_and(|b| *b != b'\n' && *b != b'\r');
    lines + u64::from(open_last)
}

/// Every (file name, line) the diagnostics name.
fn named_lines(diags: &Diagnostics) -> Vec<(String, Option<u64>)> {
    let json: serde_json::Value = serde_json::from_str(&diags.to_json(Path::new("d"))).unwrap();
    let mut out = Vec::new();
    for kind in ["errors", "warnings"] {
        for d in json[kind].as_array().unwrap() {
            let file = d["file"].as_str().unwrap();
            let name = Path::new(file).file_name().unwrap().to_string_lossy();
            out.push((name.into_owned(), d["line"].as_u64()));
        }
    }
    out
}

fn mutated(seed: &Index, file: &Index, mutations: &[Mutation]) -> Vec<(String, Vec<u8>)> {
    let seeds = seeds();
    let mut files = seeds[seed.index(seeds.len())].clone();
    let k = file.index(files.len());
    for m in mutations {
        apply(&mut files[k].1, m);
    }
    files
}

proptest! {
    #![proptest_config(ProptestConfig { cases: CASES, ..ProptestConfig::default() })]

    /// Loading, validating and computing never panic, and each line named is
    /// one the file has.
    #[test]
    fn every_loader_survives_mutations_and_names_real_lines(
        seed in any::<Index>(),
        file in any::<Index>(),
        mutations in prop::collection::vec(mutation(), 1..5),
    ) {
        let files = mutated(&seed, &file, &mutations);
        let dir = folder(&files);
        let config = DataConfig {
            dir: dir.path().to_path_buf(),
            as_of: None,
            strict: false,
            progress: false,
            hashes: true,
            split: Split::for_this_machine(),
            focus: None,
        };
        let mut checked = load_checked(&config).unwrap();
        computed_metrics(&mut checked, Currency::USD);
        for (name, line) in named_lines(&checked.diags) {
            let Some(line) = line else { continue };
            let (_, bytes) = files.iter().find(|(n, _)| *n == name).unwrap();
            let lines = physical_lines(bytes);
            prop_assert!(
                (1..=lines).contains(&line),
                "{name}: line {line} of {lines}\n{}",
                checked.diags.to_text(Path::new("d"))
            );
        }
    }

    /// The parallel reader and the general CSV reader of users.csv agree on
    /// every input: same rows, same diagnostics, same row count and hash.
    #[test]
    fn both_users_readers_agree(
        seed in any::<Index>(),
        mutations in prop::collection::vec(mutation(), 1..6),
    ) {
        let seeds = seeds();
        let files = &seeds[seed.index(seeds.len())];
        let mut users = files.iter().find(|(n, _)| n == "users.csv").unwrap().1.clone();
        for m in &mutations {
            apply(&mut users, m);
        }
        let dir = folder(&[("users.csv".to_string(), users)]);
        let read = |split: Split| {
            let mut diags = Diagnostics::new(false);
            let options = load::Options { progress: false, hashes: true, split };
            let data = load::load(dir.path(), &mut diags, options).unwrap();
            (data.users, data.inputs, diags.to_text(Path::new("d")))
        };
        let (one, one_inputs, one_text) = read(Split { from_bytes: u64::MAX, workers: 1 });
        for workers in [1, 2, 3] {
            let (many, many_inputs, many_text) = read(Split { from_bytes: 0, workers });
            prop_assert_eq!(&many_text, &one_text, "{} workers", workers);
            prop_assert_eq!(&many, &one, "{} workers", workers);
            prop_assert_eq!(&many_inputs, &one_inputs, "{} workers", workers);
        }
    }
}

/// A users cell: mostly a good value of its column, sometimes a bad one.
fn users_cell(good: &'static [&'static str]) -> impl Strategy<Value = String> {
    const BAD: &[&str] = &[
        "",
        "\"",
        "a,b",
        "\u{1b}",
        "x\u{0}",
        "1e309",
        "99999999999999999999",
        "-1",
        "Qwen",
        " 5",
        "2025-02-29",
        "at_most",
    ];
    prop_oneof![
        4 => prop::sample::select(good).prop_map(String::from),
        1 => prop::sample::select(BAD).prop_map(String::from),
    ]
}

fn users_row() -> impl Strategy<Value = [String; 7]> {
    (
        users_cell(&["qwen_app", "doubao"]),
        users_cell(&["2026-01-14", "2026-01-15", "2025-12-31"]),
        users_cell(&["mau", "dau"]),
        users_cell(&["5", "1.5e7", "0"]),
        users_cell(&["", "at_least", "approx"]),
        users_cell(&["n1", "r1"]),
        users_cell(&["", "company", "questmobile"]),
    )
        .prop_map(|(a, b, c, d, e, f, g)| [a, b, c, d, e, f, g])
}

/// The users columns as declared, in the order of the generated cells.
fn users_columns() -> Vec<&'static str> {
    let columns: Vec<&str> = DataFile::Users.columns().iter().map(|c| c.name).collect();
    assert_eq!(columns.len(), 7, "one generated cell per declared column");
    columns
}

fn write_users_csv(path: &Path, rows: &[[String; 7]]) {
    let mut writer = csv::Writer::from_path(path).unwrap();
    writer.write_record(users_columns()).unwrap();
    for row in rows {
        writer.write_record(row).unwrap();
    }
    writer.flush().unwrap();
}

fn write_users_parquet(path: &Path, rows: &[[String; 7]]) {
    use polars::prelude::*;
    let columns = users_columns()
        .into_iter()
        .enumerate()
        .map(|(i, name)| {
            let cells: Vec<&str> = rows.iter().map(|r| r[i].as_str()).collect();
            Column::new(name.into(), cells)
        })
        .collect();
    let mut frame = DataFrame::new_infer_height(columns).unwrap();
    ParquetWriter::new(fs::File::create(path).unwrap())
        .finish(&mut frame)
        .unwrap();
}

/// Each diagnostic as (line, column, message), the file's own name taken out.
fn problems(diags: &Diagnostics, file: &str) -> Vec<(Option<u64>, Option<String>, String)> {
    let json: serde_json::Value = serde_json::from_str(&diags.to_json(Path::new("d"))).unwrap();
    let mut out = Vec::new();
    for kind in ["errors", "warnings"] {
        for d in json[kind].as_array().unwrap() {
            let message = d["message"].as_str().unwrap().replace(file, "FILE");
            let column = d["column"].as_str().map(String::from);
            out.push((d["line"].as_u64(), column, message));
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// users.parquet goes through the same checks as users.csv: the same rows and
    /// problems, a row number where the CSV names the line (one more: the header).
    #[test]
    fn users_parquet_and_users_csv_agree_on_the_same_cells(
        rows in prop::collection::vec(users_row(), 0..24),
    ) {
        let read = |file: &str| {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join(file);
            if file.ends_with(".csv") {
                write_users_csv(&path, &rows);
            } else {
                write_users_parquet(&path, &rows);
            }
            let mut diags = Diagnostics::new(false);
            let split = Split::for_this_machine();
            let options = load::Options { progress: false, hashes: false, split };
            let data = load::load(dir.path(), &mut diags, options).unwrap();
            (data.users, problems(&diags, file))
        };
        let (csv_users, csv_problems) = read("users.csv");
        let (pq_users, pq_problems) = read("users.parquet");
        let to_row_numbers = |lines: &[u64]| lines.iter().map(|l| l - 1).collect::<Vec<_>>();
        prop_assert_eq!(to_row_numbers(&csv_users.line), pq_users.line.clone());
        prop_assert_eq!(to_row_numbers(&csv_users.rejected.line), pq_users.rejected.line.clone());
        prop_assert_eq!(&csv_users.value, &pq_users.value);
        prop_assert_eq!(&csv_users.products, &pq_users.products);
        prop_assert_eq!(&csv_users.counters, &pq_users.counters);
        prop_assert_eq!(&csv_users.measured_by, &pq_users.measured_by);
        prop_assert_eq!(&csv_users.rejected.product, &pq_users.rejected.product);
        let csv_as_rows: Vec<_> = csv_problems
            .into_iter()
            .map(|(line, column, message)| (line.map(|l| l - 1), column, message))
            .collect();
        prop_assert_eq!(csv_as_rows, pq_problems);
    }
}

#[test]
fn physical_lines_count_every_kind_of_line_end() {
    assert_eq!(physical_lines(b""), 0);
    assert_eq!(physical_lines(b"a"), 1);
    assert_eq!(physical_lines(b"a\n"), 1);
    assert_eq!(physical_lines(b"a\r\nb\rc\n\nd"), 5);
}
