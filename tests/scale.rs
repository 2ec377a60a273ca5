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

/// users.parquet with a `measured_by` column: each count keeps who counted it,
/// and a bad cell is reported at its row number, as users.csv reports its line.
#[test]
fn parquet_reads_who_counted() {
    let dir = Workdir::fixture("base");
    let mut frame = DataFrame::new_infer_height(vec![
        Column::new("product".into(), ["qwen_app", "qwen_app", "qwen_app"]),
        Column::new("date".into(), ["2026-02-05", "2026-02-06", "2026-02-07"]),
        Column::new("metric".into(), ["dau", "dau", "dau"]),
        Column::new("value".into(), [7_070_000.0, 58_480_000.0, 73_520_000.0]),
        Column::new("source".into(), ["n1", "n1", "n1"]),
        Column::new("measured_by".into(), ["questmobile", "Quest Mobile", ""]),
    ])
    .unwrap();
    ParquetWriter::new(fs::File::create(dir.data().join("users.parquet")).unwrap())
        .finish(&mut frame)
        .unwrap();
    let run = dir.run(&["check"]);
    assert_eq!(run.status, 1);
    assert_eq!(
        run.problems(),
        [concat!(
            "error: data/users.parquet:2: measured_by: expected company, a tracker's slug ",
            "[a-z0-9][a-z0-9_-]* such as questmobile, or an empty cell, found \"Quest Mobile\""
        )]
    );
    let mut diags = aimarket::diagnostics::Diagnostics::new(false);
    let options = aimarket::load::Options {
        progress: false,
        hashes: false,
        split: aimarket::load::Split::for_this_machine(),
    };
    let users = &aimarket::load::load(&dir.data(), &mut diags, options)
        .unwrap()
        .users;
    assert_eq!(users.value, [7_070_000.0, 73_520_000.0]);
    assert_eq!(
        [users.counter(0), users.counter(1)],
        [Some("questmobile"), None]
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

/// Appends `rows` to a data file of the working folder.
fn append(dir: &Workdir, file: &str, rows: &str) {
    let mut text = fs::read_to_string(dir.data().join(file)).unwrap();
    text.push_str(rows);
    dir.write(file, &text);
}

/// The data rows of `metrics.csv` in a build's output.
fn metric_rows(out: &Path) -> Vec<String> {
    let text = fs::read_to_string(out.join("metrics.csv")).unwrap();
    text.lines().skip(1).map(str::to_string).collect()
}

/// Every chart the build wrote, by name, with its size in bytes.
fn svg_sizes(out: &Path) -> Vec<(String, u64)> {
    let mut sizes: Vec<(String, u64)> = fs::read_dir(out.join("charts"))
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            let name = e.file_name().to_string_lossy().into_owned();
            (name, e.metadata().unwrap().len())
        })
        .collect();
    sizes.sort();
    sizes
}

#[test]
fn five_thousand_companies_keep_every_chart_small() {
    // Regression: a line or bar series per company made 2 MB charts.
    // Each company c0000..c4999 has one quarter of revenue (1,000 + i, consensus
    // 1,000, operating income 100), that quarter's capex (10 + i), a player in
    // one of the 20 layers of the stack "Wide" and a campaign with orders.
    let dir = Workdir::fixture("valid_full");
    let before = dir.run(&["build", "-q", "--out", "before"]);
    assert_eq!(before.status, 0, "{}", before.stderr);
    let base = metric_rows(&dir.path().join("before")).len();
    let (mut companies, mut earnings, mut capex, mut stack, mut campaigns) = (
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
    );
    for i in 0..5_000 {
        let bloc = if (i / 20) % 2 == 0 {
            "western"
        } else {
            "china"
        };
        companies.push_str(&format!("c{i:04},Company {i},{bloc},US,USD,12-31\n"));
        earnings.push_str(&format!(
            "c{i:04},FY2025Q4,2025-12-31,total,USD,{},1000,100,r1\n",
            1000 + i
        ));
        capex.push_str(&format!(
            "c{i:04},FY2025Q4,2025-10-01,2025-12-31,actual,USD,{},r1\n",
            10 + i
        ));
        stack.push_str(&format!("Wide,W{:02},{bloc},Player {i},c{i:04}\n", i % 20));
        campaigns.push_str(&format!(
            "k{i:04},c{i:04},,Campaign {i},2026-01-01,2026-01-31,USD,1,1000,,r1\n"
        ));
    }
    append(&dir, "companies.csv", &companies);
    append(&dir, "earnings.csv", &earnings);
    append(&dir, "capex.csv", &capex);
    append(&dir, "stack.csv", &stack);
    append(&dir, "campaigns.csv", &campaigns);
    let run = dir.run(&["build", "-q"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let out = dir.path().join("output");

    for (name, size) in svg_sizes(&out) {
        assert!(size < 300 * 1024, "{name}: {size} bytes");
    }
    // Seven metric rows a company (revenue_conv, revenue_surprise_pct,
    // operating_margin_pct, capex_conv, capex_intensity_pct,
    // company_stack_layers, campaign_spend_per_order_conv) and one
    // stack_players row per layer and bloc of "Wide" (20 x 2); the blocs' 2025
    // capex rows were there already.
    assert_eq!(metric_rows(&out).len(), base + 5_000 * 7 + 40);

    // With a focus company (Alibaba: the most earnings rows), revenue draws
    // its segments alone, and its file holds their rows: the 5,000 others are
    // compared where rates put them on one footing.
    let revenue = fs::read_to_string(out.join("charts/revenue.svg")).unwrap();
    assert!(!revenue.contains("Company 4995"));
    let table = fs::read_to_string(out.join("data/revenue.csv")).unwrap();
    assert!(
        table.lines().skip(1).all(|l| l.starts_with("alibaba,")),
        "{table}"
    );
    let page = fs::read_to_string(out.join("index.html")).unwrap();
    for note in [
        // Margins and surprises: the 5,000, Alibaba and Microsoft; the 8
        // largest by revenue drawn.
        "8 of the 5,002 companies and segments are drawn, those with the largest revenue (USD) in their latest quarter; the data file has them all.",
        // Microsoft, Alibaba and c4999..c4994 by name; the other 4,994 summed.
        "the 8 companies with the most capex in these years are drawn by name, the other 4,994 summed in one grey bar a year",
        "16 of the 5,001 company periods are drawn: those that end last, and of those ending on the same day the last by company id",
        // lny (ended 28 February 2026), then k0000..k0010 of those ending 31 January;
        // "plain" has no orders or units, so no cost to draw.
        "12 of the 5,001 campaigns are drawn: those that ended last, and of those ending on the same day the first by id",
        "The 12 companies in the most layers are drawn; 4,990 more are in the data file.",
        "The first 16 of the 20 layers are drawn; the data file has them all.",
    ] {
        assert!(page.contains(note), "{note}");
    }
    let capex = fs::read_to_string(out.join("charts/capex_by_company.svg")).unwrap();
    assert!(capex.contains("4,994 other companies"));
}

#[test]
fn a_period_over_two_centuries_stays_a_small_chart() {
    // The widest capex period the data rules allow (0000-01-01 to 9999-12-31 is
    // an error, see tests/check.rs): one row allocated to each of its 201 years.
    let dir = Workdir::fixture("valid_full");
    append(
        &dir,
        "capex.csv",
        "microsoft,1900-2100,1900-01-01,2100-12-31,guidance,USD,1000,r1\n",
    );
    let run = dir.run(&["build", "-q"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let out = dir.path().join("output");
    for (name, size) in svg_sizes(&out) {
        assert!(size < 300 * 1024, "{name}: {size} bytes");
    }
    let western_guidance = metric_rows(&out)
        .iter()
        .filter(|r| r.starts_with("bloc_capex_conv,western,guidance,"))
        .count();
    assert_eq!(western_guidance, 2100 - 1900 + 1);
    // The chart draws 2085 to 2100; 1900 to 2084 are in its data file.
    let page = fs::read_to_string(out.join("index.html")).unwrap();
    assert!(page.contains(
        "the latest 16 calendar years are drawn, from 2085; 185 earlier are in the data file"
    ));
    let table = fs::read_to_string(out.join("data/capex_by_bloc.csv")).unwrap();
    assert!(table.contains("western,guidance,1900,"));
}
