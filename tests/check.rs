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

/// Regression: a row with a bad cell was dropped before its references were
/// checked, so an unknown id in it went unreported until the cell was fixed.
#[test]
fn every_problem_of_a_row_is_reported_with_its_references() {
    let run = Workdir::fixture("row_problems").check(&[]);
    assert_eq!(run.status, 1);
    assert_problems(
        &run,
        &[
            r#"error: data/sources.csv:4: published: expected a date YYYY-MM-DD that exists, found "2026-02-30""#,
            r#"error: data/sources.csv:4: based_on: unknown source "zz" (not an id in sources.csv)"#,
            r#"error: data/earnings.csv:2: revenue: expected a number >= 0, found "n/a""#,
            r#"error: data/earnings.csv:2: company: unknown company "tencent" (not an id in companies.csv)"#,
            // A reference cell that is itself bad is reported once, as a bad cell.
            r#"error: data/earnings.csv:3: company: expected a slug [a-z0-9][a-z0-9_-]*, found "Ali Baba""#,
            r#"error: data/earnings.csv:3: revenue: expected a number >= 0, found "-5""#,
            r#"error: data/earnings.csv:3: source: unknown source "nope" (not an id in sources.csv)"#,
            r#"error: data/targets.csv:2: value: expected a number > 0, found "0""#,
            r#"error: data/targets.csv:2: company: unknown company "tencent" (not an id in companies.csv)"#,
            r#"error: data/users.csv:2: value: expected a number >= 0, found "lots""#,
            r#"error: data/users.csv:2: product: unknown product "ghost" (not an id in products.csv)"#,
            r#"error: data/users.csv:2: source: unknown source "nope" (not an id in sources.csv)"#,
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

/// Regression: a duplicate-column search over the names so far made a header of
/// 100,000 columns take quadratic time; each problem must still be found.
#[test]
fn a_header_of_100000_columns_is_checked_whole() {
    let dir = Workdir::fixture("base");
    // 5 known columns, 99,993 unknown ones, then two names given a second time.
    let mut names: Vec<String> = ["date", "company", "title", "category", "source"]
        .map(String::from)
        .to_vec();
    names.extend((0..99_993).map(|i| format!("x{i}")));
    names.extend(["title".to_string(), "x7".to_string()]);
    assert_eq!(names.len(), 100_000);
    let row = String::from("2026-03-16,alibaba,t,org,r1") + &",".repeat(99_995);
    dir.write("events.csv", &format!("{}\n{row}\n", names.join(",")));
    let run = dir.check(&[]);
    assert_eq!(run.status, 1);
    let mut expected: Vec<String> = (0..50)
        .map(|i| format!(r#"warning: data/events.csv: unknown column "x{i}" (ignored)"#))
        .collect();
    expected.push(r#"error: data/events.csv: column "title" appears more than once"#.into());
    expected.push(r#"error: data/events.csv: column "x7" appears more than once"#.into());
    // 99,993 unknown columns, 50 shown.
    expected.push("... and 99943 more in data/events.csv".into());
    assert_eq!(run.problems(), expected);
    assert!(
        run.stderr.ends_with(": 2 errors, 99993 warnings\n"),
        "{}",
        run.stderr
    );
}

/// Regression: raw control characters in text cells reached index.html.
#[test]
fn control_characters_in_text_are_errors() {
    let dir = Workdir::fixture("base");
    dir.write(
        "companies.csv",
        "id,name,bloc,country,currency,fiscal_year_end\n\
         alibaba,Alibaba Group,china,CN,CNY,03-31\n\
         bytedance,Byte\u{1b}[1mDance,china,CN,CNY,12-31\n",
    );
    dir.write(
        "sources.csv",
        "id,title,publisher,url\nr1,Results,Alibaba,https://example.com/r1\u{7f}\n",
    );
    // An event's title may run over lines; no other text may hold a control.
    dir.write(
        "events.csv",
        "date,company,title,category,source\n\
         2026-03-16,alibaba,\"Token Hub\r\n\tformed\",org,r1\n\
         2026-03-17,alibaba,Wukong\u{0} launch,product,r1\n",
    );
    dir.write(
        "stack.csv",
        "stack,layer,bloc,player\nagents,\"Models\nand more\",western,OpenAI\n",
    );
    dir.write(
        "users.csv",
        "product,date,metric,value,source\nqwen\u{1b},2026-01-14,mau,5,r1\n",
    );
    let run = dir.check(&[]);
    assert_eq!(run.status, 1);
    assert_problems(
        &run,
        &[
            "error: data/sources.csv:2: url: control character U+007F is not allowed in text",
            "error: data/companies.csv:3: name: control character U+001B is not allowed in text",
            r#"error: data/users.csv:2: product: expected a slug [a-z0-9][a-z0-9_-]*, found "qwen\u{1b}""#,
            // The title on lines 2 and 3 is fine; line 4's holds a NUL.
            "error: data/events.csv:4: title: control character U+0000 is not allowed in text",
            "error: data/stack.csv:2: layer: control character U+000A is not allowed in text (this column holds one line)",
        ],
    );
}

#[test]
fn currency_codes_are_iso_4217_in_every_currency_column() {
    let dir = Workdir::fixture("valid_full");
    let edit = |file: &str, from: &str, to: &str| {
        let text = std::fs::read_to_string(dir.data().join(file)).unwrap();
        assert!(text.contains(from), "{file}: {from}");
        dir.write(file, &text.replacen(from, to, 1));
    };
    edit("companies.csv", "western,US,USD", "western,US,XYZ");
    edit("earnings.csv", "total,USD,81273", "total,XYZ,81273");
    edit("capex.csv", "actual,USD,37500", "actual,XYZ,37500");
    edit("targets.csv", "run_rate,100000,USD", "run_rate,100000,XYZ");
    edit("campaigns.csv", "2026-01-01,USD,0", "2026-01-01,XYZ,0");
    edit("fx.csv", "CNY,2024-12-31", "XYZ,2024-12-31");
    let run = dir.check(&[]);
    assert_eq!(run.status, 1);
    let expected = [
        "companies.csv:3",
        "earnings.csv:6",
        "capex.csv:5",
        "targets.csv:3",
        "campaigns.csv:3",
        "fx.csv:2",
    ]
    .map(|at| {
        format!(r#"error: data/{at}: currency: expected an ISO 4217 currency code, found "XYZ""#)
    });
    assert_eq!(run.problems(), expected, "{}", run.stderr);
}

/// Regression: a rate missing for a conversion was found only by `metrics` and
/// `build`, so `check --strict` passed data they failed on.
#[test]
fn a_missing_rate_is_reported_by_every_command_alike() {
    let dir = Workdir::fixture("valid_full");
    let targets = std::fs::read_to_string(dir.data().join("targets.csv")).unwrap();
    dir.write("targets.csv", &targets.replace("380000,CNY", "380000,EUR"));
    // The capex target counts alibaba's actual capex from 2025-02-24 on; its
    // first quarter, FY2026Q1, converts to EUR at its end, 2025-06-30, and
    // fx.csv has no EUR rate at all.
    let problem = "data/fx.csv: no EUR rate on or before 2025-06-30: \
                   converted figures that need it are left out";
    let run = dir.check(&[]);
    assert_eq!(
        (run.status, run.problems()),
        (0, vec![format!("warning: {problem}").as_str()])
    );
    let strict = format!("error: {problem}");
    for args in [
        &["check", "--strict"][..],
        &["metrics", "--strict"],
        &["build", "--strict", "-q", "--out", "report"],
    ] {
        let run = dir.run(args);
        assert_eq!(run.status, 1, "{args:?}: {}", run.stderr);
        assert_eq!(run.problems(), [strict.as_str()], "{args:?}");
    }
    // With another --currency, check finds the rates that one needs.
    let run = dir.check(&["--currency", "EUR"]);
    assert_eq!(run.status, 0);
    assert!(run.problems().len() > 1, "{}", run.stderr);
    assert_eq!(
        run.problems(),
        dir.run(&["metrics", "--currency", "EUR"]).problems()
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

/// Regression: with lone CRs (old Mac files) every problem was said to be on
/// line 1, and a mix of line ends shifted the numbers.
#[test]
fn diagnostics_name_the_physical_line_whatever_the_line_ends() {
    for (name, transform) in common::ENCODINGS {
        let dir = Workdir::fixture("multiline_quoted");
        dir.write(
            "earnings.csv",
            &std::fs::read_to_string(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/tests/fixtures/bad_number/earnings.csv"
            ))
            .unwrap(),
        );
        dir.transform_all(*transform);
        let run = dir.check(&[]);
        assert_eq!(run.status, 1, "{name}");
        assert_eq!(
            run.problems(),
            [
                r#"error: data/earnings.csv:3: revenue: expected a number >= 0, found "n/a""#,
                // Line 5: the title on lines 2 to 4 counts each of its lines.
                r#"error: data/events.csv:5: category: expected one of product, org, earnings, promotion, policy, people, other, found "launch""#,
            ],
            "{name}: {}",
            run.stderr
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
