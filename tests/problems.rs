//! `aimarket check` on data with several problems at once: every problem of a
//! row is reported (its references too), text and currency cells are checked
//! in every file, lines are physical whatever the line ends, a header of any
//! width is checked whole, and every command reports the same problems.

mod common;

use common::Workdir;

/// The fixture's diagnostics must be exactly `expected` (the summary line aside).
fn assert_problems(run: &common::Run, expected: &[&str]) {
    assert_eq!(run.problems(), expected, "stderr was:\n{}", run.stderr);
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
         2026-03-17,alibaba,Wukong\u{0} launch,product,r1\n\
         2026-03-18,alibaba,Qwen\u{9b}31m app,product,r1\n",
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
            // A C1 control: U+009B is the 8-bit CSI, an escape to a terminal.
            "error: data/events.csv:5: title: control character U+009B is not allowed in text",
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
