//! `aimarket check` on fixture folders: every kind of bad input gives its exact
//! diagnostic line and exit status; every valid edge case passes.

mod common;

use common::Workdir;

/// The fixture's diagnostics must be exactly `expected` (the summary line aside).
fn assert_problems(run: &common::Run, expected: &[&str]) {
    assert_eq!(run.problems(), expected, "stderr was:\n{}", run.stderr);
}

#[test]
fn shipped_data_passes_strict() {
    let run = Workdir::shipped_data().check(&["--strict"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert_problems(&run, &[]);
}

#[test]
fn bad_number() {
    let run = Workdir::fixture("bad_number").check(&[]);
    assert_eq!(run.status, 1);
    assert_problems(
        &run,
        &[r#"error: data/earnings.csv:3: revenue: expected a number >= 0, found "n/a""#],
    );
}

#[test]
fn bad_slug() {
    let run = Workdir::fixture("bad_slug").check(&[]);
    assert_eq!(run.status, 1);
    assert_problems(
        &run,
        &[
            r#"error: data/products.csv:3: id: expected a slug [a-z0-9][a-z0-9_-]*, found "Wukong App""#,
        ],
    );
}

#[test]
fn date_that_does_not_exist() {
    let run = Workdir::fixture("bad_date").check(&[]);
    assert_eq!(run.status, 1);
    assert_problems(
        &run,
        &[
            r#"error: data/users.csv:3: date: expected a date YYYY-MM-DD that exists, found "2025-02-29""#,
        ],
    );
}

#[test]
fn dates_outside_1900_to_2100_are_errors() {
    // Regression: one capex row from 0000-01-01 to 9999-12-31 passed and was
    // spread over 10,000 calendar years: 10,000 bars and metric rows.
    let dir = Workdir::fixture("implausible_dates");
    let run = dir.check(&[]);
    assert_eq!(run.status, 1);
    assert_problems(
        &run,
        &[
            r#"error: data/capex.csv:3: period_start: expected a date from 1900-01-01 to 2100-12-31, found "0000-01-01""#,
            r#"error: data/capex.csv:3: period_end: expected a date from 1900-01-01 to 2100-12-31, found "9999-12-31""#,
        ],
    );
    let run = dir.run(&["build", "-q"]);
    assert_eq!(run.status, 1);
    assert!(!dir.path().join("output").exists());
}

#[test]
fn bad_enumeration() {
    let run = Workdir::fixture("bad_enum").check(&[]);
    assert_eq!(run.status, 1);
    assert_problems(
        &run,
        &[r#"error: data/companies.csv:3: bloc: expected western or china, found "West""#],
    );
}

#[test]
fn unknown_reference() {
    let run = Workdir::fixture("unknown_reference").check(&[]);
    assert_eq!(run.status, 1);
    assert_problems(
        &run,
        &[
            r#"error: data/earnings.csv:2: company: unknown company "alibba" (not an id in companies.csv)"#,
        ],
    );
}

#[test]
fn source_lineage_must_resolve_and_not_loop() {
    let run = Workdir::fixture("source_lineage").check(&[]);
    assert_eq!(run.status, 1);
    assert_problems(
        &run,
        &[
            r#"error: data/sources.csv:4: based_on: unknown source "r9" (not an id in sources.csv)"#,
            // A cycle is reported once, at its member latest in the file.
            "error: data/sources.csv:7: based_on: a source cannot be based on itself: d2 -> d3 -> d4 -> d2",
            "error: data/sources.csv:8: based_on: a source cannot be based on itself: d5 -> d5",
            r#"error: data/sources.csv:9: based_on: expected slugs [a-z0-9][a-z0-9_-]* separated by ;, found "r1;;n1""#,
        ],
    );
}

#[test]
fn claim_qualifier_is_at_least_at_most_or_empty() {
    let run = Workdir::fixture("claim_qualifier").check(&[]);
    assert_eq!(run.status, 1);
    assert_problems(
        &run,
        &[
            r#"error: data/claims.csv:3: qualifier: expected at_least, at_most or an empty cell, found "more_than""#,
        ],
    );
}

#[test]
fn duplicate_key_is_reported_at_the_later_row() {
    let run = Workdir::fixture("duplicate_key").check(&[]);
    assert_eq!(run.status, 1);
    assert_problems(
        &run,
        &["error: data/users.csv:7: more than one row for (qwen_app, 2026-01-14, mau); first at line 3"],
    );
}

#[test]
fn overlapping_capex_periods_of_one_kind() {
    let run = Workdir::fixture("capex_overlap").check(&[]);
    assert_eq!(run.status, 1);
    assert_problems(
        &run,
        &["error: data/capex.csv:4: period FY2026H1 (2025-04-01 to 2025-09-30) overlaps FY2026Q1 \
           (2025-04-01 to 2025-06-30) at line 2 for the same company and kind"],
    );
}

#[test]
fn capex_period_ending_before_it_starts() {
    let run = Workdir::fixture("capex_dates").check(&[]);
    assert_eq!(run.status, 1);
    assert_problems(
        &run,
        &[
            r#"error: data/capex.csv:2: period_end: expected a date on or after period_start (2025-09-30), found "2025-07-01""#,
        ],
    );
}

#[test]
fn missing_required_column() {
    let run = Workdir::fixture("missing_column").check(&[]);
    assert_eq!(run.status, 1);
    assert_problems(
        &run,
        &[r#"error: data/stack.csv: missing required column "bloc""#],
    );
}

#[test]
fn unknown_column_is_a_warning_unless_strict() {
    let run = Workdir::fixture("unknown_column").check(&[]);
    assert_eq!(run.status, 0);
    assert_problems(
        &run,
        &[r#"warning: data/events.csv: unknown column "remarks" (ignored)"#],
    );
    assert!(
        run.stderr.ends_with("0 errors, 1 warning\n"),
        "{}",
        run.stderr
    );

    let run = Workdir::fixture("unknown_column").check(&["--strict"]);
    assert_eq!(run.status, 1);
    assert_problems(
        &run,
        &[r#"error: data/events.csv: unknown column "remarks" (ignored)"#],
    );
}

#[test]
fn wrong_field_count() {
    let run = Workdir::fixture("wrong_field_count").check(&[]);
    assert_eq!(run.status, 1);
    assert_problems(
        &run,
        &["error: data/events.csv:3: expected 5 fields, found 6"],
    );
}

#[test]
fn bytes_that_are_not_utf8() {
    let run = Workdir::fixture("invalid_utf8").check(&[]);
    assert_eq!(run.status, 1);
    assert_problems(
        &run,
        &["error: data/events.csv:3: title: expected UTF-8 text, found invalid bytes in \"Wukong \u{fffd}\u{fffd} launches\""],
    );
}

#[test]
fn empty_file() {
    let run = Workdir::fixture("empty_file").check(&[]);
    assert_eq!(run.status, 1);
    assert_problems(
        &run,
        &["error: data/fx.csv: empty file (expected a header row)"],
    );
}

#[test]
fn line_numbers_count_every_line_of_a_quoted_field() {
    let run = Workdir::fixture("multiline_quoted").check(&[]);
    assert_eq!(run.status, 1);
    assert_problems(
        &run,
        &[
            r#"error: data/events.csv:5: category: expected one of product, org, earnings, promotion, policy, people, other, found "launch""#,
        ],
    );
}

#[test]
fn period_end_off_the_fiscal_calendar_is_a_warning() {
    let run = Workdir::fixture("fiscal_calendar").check(&[]);
    assert_eq!(run.status, 0);
    assert_problems(
        &run,
        &[
            r#"warning: data/earnings.csv:2: period_end: expected 2025-12-31, the end of FY2026Q3 for a fiscal year ending 03-31, found "2025-12-30""#,
        ],
    );
}

#[test]
fn usd_rate_is_ignored_with_a_warning() {
    let run = Workdir::fixture("fx_usd_row").check(&[]);
    assert_eq!(run.status, 0);
    assert_problems(
        &run,
        &["warning: data/fx.csv:3: USD needs no rate (row ignored)"],
    );
}

#[test]
fn claim_must_name_a_metric() {
    let run = Workdir::fixture("unknown_metric").check(&[]);
    assert_eq!(run.status, 1);
    let problems = run.problems();
    assert_eq!(problems.len(), 1, "{}", run.stderr);
    assert!(problems[0].starts_with(
        "error: data/claims.csv:2: metric: expected the name of a metric (revenue_conv, "
    ));
    assert!(problems[0].ends_with(r#"company_stack_layers), found "operating_income_growth""#));
}

#[test]
fn source_url_must_be_http() {
    let run = Workdir::fixture("bad_url").check(&[]);
    assert_eq!(run.status, 1);
    // The rejected source keeps its id: rows citing r1 are not reported again.
    assert_problems(
        &run,
        &[
            r#"error: data/sources.csv:2: url: expected an http:// or https:// URL, found "ftp://example.com/r1""#,
        ],
    );
}

#[test]
fn target_rules() {
    let run = Workdir::fixture("target_rules").check(&[]);
    assert_eq!(run.status, 1);
    assert_problems(
        &run,
        &[
            r#"error: data/targets.csv:2: kind: expected cumulative for a capex target, found "run_rate""#,
            r#"error: data/targets.csv:3: end: expected a date after start (2026-03-19), found "2026-03-19""#,
            r#"error: data/targets.csv:4: value: expected a number > 0, found "0""#,
        ],
    );
}

#[test]
fn missing_required_file_is_reported_once() {
    let dir = Workdir::fixture("valid_full");
    dir.remove("companies.csv");
    let run = dir.check(&[]);
    assert_eq!(run.status, 1);
    // No cascade of "unknown company" for every row that names one.
    assert_problems(
        &run,
        &["error: data/companies.csv: required file is missing"],
    );
}

#[test]
fn misspelt_data_file_is_a_warning() {
    let dir = Workdir::fixture("base");
    dir.write("earning.csv", "company\n");
    let run = dir.check(&[]);
    assert_eq!(run.status, 0);
    assert_problems(
        &run,
        &["warning: data/earning.csv: not a data file of aimarket (ignored)"],
    );
}

#[test]
fn problems_are_capped_at_fifty_per_file() {
    let dir = Workdir::fixture("base");
    let mut users = String::from("product,date,metric,value,qualifier,source\n");
    for day in 1..=60 {
        users.push_str(&format!(
            "qwen_app,2026-01-{:02},mau,lots,,n1\n",
            day % 28 + 1
        ));
    }
    dir.write("users.csv", &users);
    let run = dir.check(&[]);
    assert_eq!(run.status, 1);
    let problems = run.problems();
    assert_eq!(problems.len(), 51);
    assert_eq!(
        problems[0],
        r#"error: data/users.csv:2: value: expected a number >= 0, found "lots""#
    );
    assert_eq!(
        problems[49],
        r#"error: data/users.csv:51: value: expected a number >= 0, found "lots""#
    );
    assert_eq!(problems[50], "... and 10 more in data/users.csv");
    assert!(
        run.stderr.ends_with(": 60 errors, 0 warnings\n"),
        "{}",
        run.stderr
    );
}

#[test]
fn json_format_on_standard_output() {
    let run = Workdir::fixture("bad_number").check(&["--format", "json"]);
    assert_eq!(run.status, 1);
    assert_eq!(run.stderr, "");
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("valid JSON");
    assert_eq!(
        json,
        serde_json::json!({
            "errors": [{
                "file": "data/earnings.csv",
                "line": 3,
                "column": "revenue",
                "message": "expected a number >= 0, found \"n/a\""
            }],
            "warnings": []
        })
    );
}

#[test]
fn json_form_of_file_level_problems_and_the_cap() {
    let dir = Workdir::fixture("base");
    let mut fx = String::from("currency,date,usd_per_unit,note\n");
    for _ in 0..52 {
        fx.push_str("CNY,2025-12-31,-1,x\n");
    }
    dir.write("fx.csv", &fx);
    let run = dir.check(&["--format", "json"]);
    assert_eq!(run.status, 1);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let errors = json["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 51);
    assert_eq!(errors[50]["message"], "... and 2 more in data/fx.csv");
    assert_eq!(errors[50]["line"], serde_json::Value::Null);
    assert_eq!(
        json["warnings"],
        serde_json::json!([{"file": "data/fx.csv", "line": null, "column": null, "message": "unknown column \"note\" (ignored)"}])
    );
}

#[test]
fn as_of_leaves_later_rows_out_of_the_set_rules() {
    // By default the as-of day is the latest users date (2026-01-14), so the
    // duplicate on that day is checked; as of 2025-12-31 those rows are not used.
    let run = Workdir::fixture("as_of").check(&[]);
    assert_eq!(run.status, 1);
    assert_problems(
        &run,
        &["error: data/users.csv:4: more than one row for (qwen_app, 2026-01-14, mau); first at line 3"],
    );
    let run = Workdir::fixture("as_of").check(&["--as-of", "2025-12-31"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains(" as of 2025-12-31: 0 errors"),
        "{}",
        run.stderr
    );
}

#[test]
fn as_of_must_be_a_date() {
    let run = Workdir::fixture("base").check(&["--as-of", "2026-13-01"]);
    assert_eq!(run.status, 2);
    assert!(run.stderr.contains("--as-of"), "{}", run.stderr);
}

#[test]
fn missing_data_folder_is_exit_3() {
    let run = Workdir::fixture("base").run(&["check", "--data", "nope"]);
    assert_eq!(run.status, 3);
    assert_eq!(
        run.stderr,
        "error: data folder nope does not exist or is not a folder\n"
    );
}

#[test]
fn unknown_subcommand_is_a_usage_error() {
    let run = Workdir::fixture("base").run(&["frobnicate"]);
    assert_eq!(run.status, 2);
}

#[test]
fn valid_folder_passes_in_every_encoding() {
    for (name, transform) in common::ENCODINGS {
        let dir = Workdir::fixture("valid_full");
        dir.transform_all(*transform);
        let run = dir.check(&["--strict"]);
        assert_eq!(run.status, 0, "{name}: {}", run.stderr);
        assert_eq!(
            run.stderr,
            "checked 12 files (32 rows) in data as of 2026-03-31: 0 errors, 0 warnings\n",
            "{name}"
        );
    }
}

#[test]
fn header_only_files_pass() {
    let run = Workdir::fixture("header_only").check(&["--strict"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    // No dated rows at all: no as-of day.
    assert_eq!(
        run.stderr,
        "checked 12 files (5 rows) in data: 0 errors, 0 warnings\n"
    );
}

#[test]
fn only_the_two_required_files_pass() {
    let dir = Workdir::fixture("base");
    dir.remove("products.csv");
    let run = dir.check(&["--strict"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert_eq!(
        run.stderr,
        "checked 2 files (4 rows) in data: 0 errors, 0 warnings\n"
    );
}

#[test]
fn diagnostics_name_the_folder_as_given() {
    let run = Workdir::fixture("bad_number").run(&["check", "--data", "./data/"]);
    assert_eq!(run.status, 1);
    assert!(
        run.stderr
            .starts_with("error: ./data/earnings.csv:3: revenue:"),
        "{}",
        run.stderr
    );
}

/// The shipped data with the first line starting `prefix` of `file` changed
/// by `edit`; returns that line's number.
fn shipped_with_edit(dir: &Workdir, file: &str, prefix: &str, edit: (&str, &str)) -> usize {
    let text = std::fs::read_to_string(dir.data().join(file)).unwrap();
    let at = text.lines().position(|l| l.starts_with(prefix)).unwrap();
    let lines: Vec<String> = text
        .lines()
        .enumerate()
        .map(|(i, l)| match i == at {
            true => l.replacen(edit.0, edit.1, 1),
            false => l.to_string(),
        })
        .collect();
    dir.write(file, &(lines.join("\n") + "\n"));
    at + 1
}

#[test]
fn a_segment_or_metric_used_once_beside_a_near_one_is_a_likely_typo() {
    let dir = Workdir::shipped_data();
    let line = shipped_with_edit(
        &dir,
        "earnings.csv",
        "alibaba,FY2025Q3,",
        (",total,", ",totl,"),
    );
    let run = dir.check(&[]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert_problems(
        &run,
        &[&format!(
            r#"warning: data/earnings.csv:{line}: segment: "totl" appears once for alibaba; did you mean "total"?"#
        )],
    );
    // CI runs with --strict: the typo stops it.
    assert_eq!(dir.check(&["--strict"]).status, 1);

    let dir = Workdir::shipped_data();
    let line = shipped_with_edit(
        &dir,
        "users.csv",
        "deepseek_app,2025-05-31,",
        (",mau,", ",mua,"),
    );
    assert_problems(
        &dir.check(&[]),
        &[&format!(
            r#"warning: data/users.csv:{line}: metric: "mua" appears once for deepseek_app; did you mean "mau"?"#
        )],
    );
}
