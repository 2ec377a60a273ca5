//! The generator of large data folders (`examples/synth.rs`) and `users.parquet`
//! input. The large benchmark itself is `scripts/bench.sh`, not a test.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::Workdir;
use polars::prelude::*;

/// The example binary, built by `cargo test` beside the test binaries.
fn synth() -> PathBuf {
    let deps = std::env::current_exe()
        .unwrap()
        .parent()
        .unwrap()
        .to_path_buf();
    let exe = deps
        .parent()
        .unwrap()
        .join("examples")
        .join(format!("synth{}", std::env::consts::EXE_SUFFIX));
    assert!(exe.is_file(), "{} is built by cargo test", exe.display());
    exe
}

fn generate(out: &Path, args: &[&str]) {
    let status = Command::new(synth()).args(args).arg(out).output().unwrap();
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
}

#[test]
fn the_generator_is_deterministic_and_its_data_valid() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b, c) = (
        dir.path().join("a"),
        dir.path().join("b"),
        dir.path().join("c"),
    );
    generate(&a, &["--rows", "3000", "--products", "7", "--seed", "5"]);
    generate(&b, &["--rows", "3000", "--products", "7", "--seed", "5"]);
    generate(&c, &["--rows", "3000", "--products", "7", "--seed", "6"]);
    let users = |d: &Path| fs::read(d.join("users.csv")).unwrap();
    assert_eq!(users(&a), users(&b), "the same seed gives the same bytes");
    assert_ne!(users(&a), users(&c), "another seed gives other numbers");
    let shipped =
        fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("data/users.csv")).unwrap();
    let lines = String::from_utf8(users(&a)).unwrap().lines().count();
    assert_eq!(lines, shipped.lines().count() + 3000);
    let run = Workdir::shipped_data().run(&["check", "--strict", "--data", a.to_str().unwrap()]);
    assert_eq!(run.status, 0, "{}", run.stderr);
}

fn metrics_of(data: &Path) -> serde_json::Value {
    let run = Workdir::shipped_data().run(&[
        "metrics",
        "--format",
        "json",
        "--data",
        data.to_str().unwrap(),
    ]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    serde_json::from_str(&run.stdout).unwrap()
}

#[test]
fn parquet_input_gives_the_same_metrics_as_csv() {
    let dir = tempfile::tempdir().unwrap();
    let (csv, parquet) = (dir.path().join("csv"), dir.path().join("parquet"));
    generate(&csv, &["--rows", "2000", "--products", "5"]);
    generate(
        &parquet,
        &["--rows", "2000", "--products", "5", "--parquet"],
    );
    assert!(parquet.join("users.parquet").is_file() && !parquet.join("users.csv").exists());
    let (from_csv, from_parquet) = (metrics_of(&csv), metrics_of(&parquet));
    assert!(from_csv["metrics"].as_array().unwrap().len() > 100);
    assert_eq!(from_csv["metrics"], from_parquet["metrics"]);
    assert_eq!(from_csv["claims"], from_parquet["claims"]);
    let files: Vec<&str> = from_parquet["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["file"].as_str().unwrap())
        .collect();
    assert!(files.contains(&"users.parquet"));
}

fn write_parquet(path: &Path, value: Vec<&str>) {
    let n = value.len();
    let mut frame = DataFrame::new_infer_height(vec![
        Column::new("product".into(), vec!["qwen_app"; n]),
        Column::new(
            "date".into(),
            (1..=n)
                .map(|d| format!("2026-01-{d:02}"))
                .collect::<Vec<_>>(),
        ),
        Column::new("metric".into(), vec!["dau"; n]),
        Column::new("value".into(), value),
        Column::new("source".into(), vec!["n1"; n]),
    ])
    .unwrap();
    ParquetWriter::new(fs::File::create(path).unwrap())
        .finish(&mut frame)
        .unwrap();
}

#[test]
fn parquet_problems_name_the_row() {
    let dir = Workdir::fixture("base");
    write_parquet(
        &dir.data().join("users.parquet"),
        vec!["10", "20", "n/a", "-4"],
    );
    let run = dir.run(&["check"]);
    assert_eq!(run.status, 1);
    assert_eq!(
        run.problems(),
        [
            r#"error: data/users.parquet:3: value: expected a number >= 0, found "n/a""#,
            r#"error: data/users.parquet:4: value: expected a number >= 0, found "-4""#,
        ]
    );
}

#[test]
fn users_csv_and_users_parquet_together_are_an_error() {
    let dir = Workdir::fixture("base");
    write_parquet(&dir.data().join("users.parquet"), vec!["10"]);
    dir.write(
        "users.csv",
        "product,date,metric,value,source\nqwen_app,2026-01-01,dau,10,n1\n",
    );
    let run = dir.run(&["check"]);
    assert_eq!(run.status, 1);
    assert_eq!(
        run.problems(),
        ["error: data/users.parquet: users.csv is there too: keep one of them (users.parquet is not read)"]
    );
}

#[test]
fn a_file_that_is_not_parquet_is_reported() {
    let dir = Workdir::fixture("base");
    dir.write("users.parquet", "product,date\nnot,parquet\n");
    let run = dir.run(&["check"]);
    assert_eq!(run.status, 1);
    assert!(
        run.stderr
            .starts_with("error: data/users.parquet: cannot read the file as Parquet:"),
        "{}",
        run.stderr
    );
}
