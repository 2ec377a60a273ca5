//! `aimarket diff` on metrics.json files made to do harm: text that Markdown
//! or a terminal would obey, names too long for a pull-request comment,
//! verdicts, values, days and rows that `build` never writes, and files too
//! large to read.

mod common;

use std::fs;
use std::path::Path;

use common::{Run, Workdir};
use serde_json::{json, Value};

/// A side of the hand-written comparison in `tests/fixtures/diff`.
fn fixture(side: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/diff")
        .join(side)
        .join("metrics.json");
    serde_json::from_str(&fs::read_to_string(path).unwrap()).unwrap()
}

/// `aimarket diff old.json new.json` on the two documents, in `format`.
fn diff(work: &Workdir, old: &Value, new: &Value, format: &str) -> Run {
    work.write_here("old.json", &old.to_string());
    work.write_here("new.json", &new.to_string());
    work.run(&["diff", "old.json", "new.json", "--format", format])
}

fn markdown(old: &Value, new: &Value) -> String {
    let run = diff(&Workdir::empty(), old, new, "markdown");
    assert_eq!(run.status, 0, "{}", run.stderr);
    run.stdout
}

#[test]
fn markdown_shows_text_from_metrics_json_as_written_and_nothing_more() {
    let mut new = fixture("new");
    new["metrics"][0]["subject"] = json!("<img src=x> @octocat **all checks passed**");
    new["metrics"][0]["segment"] = json!("[x](https://e.vil) `x` | y");
    new["metrics"][0]["period"] = json!("# h _z_ ~~s~~ www.e.vil $a$");
    new["claims"][0]["id"] = json!("</details> @org/team");
    new["inputs"][0]["file"] = json!("e|vil\u{1b}[2J.csv");
    let text = markdown(&fixture("old"), &new);
    let lines: Vec<&str> = text.lines().collect();
    for line in [
        "| capex_conv | &lt;img src=x&gt; @&#8203;octocat \\*\\*all checks passed\\*\\* \
         | \\[x\\](https&#8203;://e.vil) \\`x\\` \\| y \
         | #&#8203; h \\_z\\_ \\~\\~s\\~\\~ www&#8203;.e.vil \\$a\\$ | $14.3B |",
        "| &lt;/details&gt; @&#8203;org/team | none | holds |",
        "| e\\|vil\\\\u{1b}\\[2J.csv | new |",
    ] {
        assert!(lines.contains(&line), "{line}\n{text}");
    }
    // The rows of the fixture that hold nothing to escape are as they were.
    assert!(lines.contains(
        &"| revenue_conv | alibaba | total | FY2026Q3 | $40.0B | $41.2B | +$1.2B (+3.0%) |"
    ));
    assert!(!text.contains('<') && !text.contains('\u{1b}'), "{text}");
}

#[test]
fn markdown_with_a_70000_character_name_fits_a_comment() {
    let mut new = fixture("new");
    new["metrics"][0]["subject"] = json!("L".repeat(70_000));
    let text = markdown(&fixture("old"), &new);
    assert!(text.len() < 60_000, "{} bytes", text.len());
    // The name is cut to 100 characters, the last of them the ellipsis.
    let row = format!(
        "| capex_conv | {}… | actual | FY2025 | $14.3B |",
        "L".repeat(99)
    );
    assert!(text.lines().any(|l| l == row), "{text}");
}

/// Rows, claims and input files by the thousand, every name 3,000
/// characters of which each one takes eight bytes once escaped.
#[test]
fn markdown_with_thousands_of_long_changed_rows_fits_a_comment_and_counts_the_rest() {
    let long = |i: usize| format!("{i:04}{}", "@".repeat(3_000));
    let side = |shift: f64, verdict: &str, sha: &str| {
        json!({
            "as_of": "2026-03-31", "currency": "USD",
            "inputs": (0..1_000).map(|i| json!({"file": long(i), "sha256": sha})).collect::<Vec<_>>(),
            "metrics": (0..1_000).map(|i| json!({
                "metric": "users_latest", "subject": long(i), "segment": "mau", "period": "2026-01-31",
                "value": 100.0 + shift * i as f64, "unit": "count", "sources": []
            })).collect::<Vec<_>>(),
            "claims": (0..1_000).map(|i| json!({"id": long(i), "verdict": verdict})).collect::<Vec<_>>(),
        })
    };
    let text = markdown(&side(0.0, "holds", "aa"), &side(1.0, "fails", "bb"));
    assert!(text.len() <= 60_000, "{} bytes", text.len());
    assert!(text.starts_with(
        "## 999 metric rows changed, 0 new, 0 gone; 1000 claim verdicts changed; \
         1000 input files changed\n"
    ));
    // Each table: the rows shown and the line counting the rest add up.
    let sections: Vec<&str> = text.split("\n### ").skip(1).collect();
    assert_eq!(sections.len(), 3, "{text}");
    for (section, total) in sections.iter().zip([999, 1_000, 1_000]) {
        // Every line of the table but its header.
        let shown = section.lines().filter(|l| l.starts_with("| ")).count() - 1;
        assert!(shown > 0, "{section}");
        let more = format!("\nand {} more\n", total - shown);
        assert!(
            section.ends_with(&more),
            "{shown} shown of {total}: {section}"
        );
    }
}

#[test]
fn text_with_a_huge_name_among_thousands_of_rows_pads_no_row_to_it() {
    let mut new = fixture("new");
    let row = new["metrics"][5].clone();
    let rows = new["metrics"].as_array_mut().unwrap();
    rows.extend((0..3_000).map(|i| {
        let mut copy = row.clone();
        copy["subject"] = json!(format!("p{i:04}"));
        copy
    }));
    rows[0]["subject"] = json!("L".repeat(70_000));
    let run = diff(&Workdir::empty(), &fixture("old"), &new, "text");
    assert_eq!(run.status, 0, "{}", run.stderr);
    // Each of the 3,000 rows padded to the name would take 210 MB.
    assert!(run.stdout.len() < 1_000_000, "{} bytes", run.stdout.len());
    let line = run.stdout.lines().find(|l| l.contains("p0042")).unwrap();
    assert_eq!(
        line.split_whitespace().collect::<Vec<_>>(),
        ["users_latest", "p0042", "mau", "2026-02-28", "120.0M"]
    );
}

#[test]
fn a_metrics_json_build_would_never_write_exits_3_naming_the_field() {
    type Edit = fn(&mut Value);
    let cases: [(Edit, &str); 9] = [
        (
            |v| v["claims"][1]["verdict"] = json!("<b>@root</b>"),
            "claims[1].verdict: expected holds, fails, restates or unverifiable, \
             found \"<b>@root</b>\"",
        ),
        (
            |v| {
                let row = v["metrics"][2].clone();
                let rows = v["metrics"].as_array_mut().unwrap();
                rows.extend(std::iter::repeat_n(row, 50));
            },
            "metrics[6]: the same metric, subject, segment and period as metrics[2] \
             (\"revenue_conv\", \"alibaba\", \"total\", \"FY2026Q3\"): expected one row for each",
        ),
        (
            |v| v["as_of"] = json!("+002026-03-31"),
            "as_of: expected a day as YYYY-MM-DD or null, found \"+002026-03-31\"",
        ),
        (
            |v| v["metrics"][4]["period"] = json!("+002026-01-31"),
            "metrics[4].period: expected a day as YYYY-MM-DD that exists, \
             found \"+002026-01-31\"",
        ),
        (
            |v| v["metrics"][5]["period"] = json!("2026-02-30"),
            "metrics[5].period: expected a day as YYYY-MM-DD that exists, found \"2026-02-30\"",
        ),
        (
            |v| v["metrics"][0]["value"] = json!(1.7e308),
            "metrics[0].value: expected a number from -1e300 to 1e300, found 1.7e308",
        ),
        (
            |v| v["claims"][1]["id"] = v["claims"][0]["id"].clone(),
            "claims[1].id: \"rev_usd_fy2026q3\" again, as in claims[0]: \
             expected one claim for each id",
        ),
        (
            |v| v["inputs"][2]["file"] = json!("earnings.csv"),
            "inputs[2].file: \"earnings.csv\" again, as in inputs[0]: \
             expected one hash for each file",
        ),
        (
            |v| v["as_of"] = json!("2026-03-31\u{1b}[2J"),
            "as_of: expected a day as YYYY-MM-DD or null, found \"2026-03-31\\u{1b}[2J\"",
        ),
    ];
    let work = Workdir::empty();
    for (edit, problem) in cases {
        let mut new = fixture("new");
        edit(&mut new);
        for format in ["text", "markdown", "json"] {
            let run = diff(&work, &fixture("old"), &new, format);
            assert_eq!(run.status, 3, "{problem}");
            assert_eq!(run.stdout, "");
            assert_eq!(
                run.stderr,
                format!("error: new.json: not a metrics.json: {problem}\n")
            );
        }
    }
}

#[test]
fn a_number_too_large_for_json_is_bad_json() {
    let work = Workdir::empty();
    let text = fixture("new").to_string().replacen("14250", "1e309", 1);
    work.write_here("new.json", &text);
    let run = work.run(&["diff", "new.json", "new.json"]);
    assert_eq!(run.status, 3);
    let at = text.find("1e309").unwrap() + "1e309".len();
    assert_eq!(
        run.stderr,
        format!("error: new.json: bad JSON at line 1, column {at}: number out of range\n")
    );
}

#[test]
fn a_change_too_large_for_a_ratio_is_written_without_one() {
    // 1e-310 is a number, but 1 / 1e-310 is too large for one.
    let mut old = fixture("new");
    old["metrics"][2]["value"] = json!(1e-310);
    let run = diff(&Workdir::empty(), &old, &fixture("new"), "text");
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(!run.stdout.contains("inf"), "{}", run.stdout);
    assert!(
        run.stdout
            .lines()
            .any(|l| l.split_whitespace().collect::<Vec<_>>()
                == [
                    "revenue_conv",
                    "alibaba",
                    "total",
                    "FY2026Q3",
                    "$0.0M",
                    "$41.2B",
                    "+$41.2B"
                ]),
        "{}",
        run.stdout
    );
}

#[test]
fn control_characters_are_written_as_escapes_in_every_format() {
    let mut new = fixture("new");
    new["metrics"][0]["subject"] = json!("\u{1b}[31mred\u{9b}2J\u{85}");
    new["metrics"][0]["unit"] = json!("USD mn\u{7}");
    for format in ["text", "markdown", "json"] {
        let run = diff(&Workdir::empty(), &fixture("old"), &new, format);
        assert_eq!(run.status, 0, "{}", run.stderr);
        let control: Vec<char> = run
            .stdout
            .chars()
            .filter(|&c| c.is_control() && c != '\n')
            .collect();
        assert!(control.is_empty(), "{format}: {control:?}");
        assert!(run.stdout.contains("u{1b}"), "{}", run.stdout);
    }
    let run = diff(&Workdir::empty(), &fixture("old"), &new, "text");
    assert!(run
        .stdout
        .contains("capex_conv    \\u{1b}[31mred\\u{9b}2J\\u{85}  actual   FY2025"));
}

#[test]
fn a_file_past_64_mib_is_refused_without_reading_it_all() {
    let work = Workdir::empty();
    // A sparse file: 64 MiB and one byte, taking no room on disk.
    let big = fs::File::create(work.path().join("big.json")).unwrap();
    big.set_len(64 * 1024 * 1024 + 1).unwrap();
    let run = work.run(&["diff", "big.json", "big.json"]);
    assert_eq!(run.status, 3);
    assert_eq!(
        run.stderr,
        "error: big.json: too large for a metrics.json: expected at most 64 MiB\n"
    );
    // A device that never ends is read to the cap, and no further.
    let run = work.run(&["diff", "/dev/zero", "big.json"]);
    assert_eq!(run.status, 3);
    assert_eq!(
        run.stderr,
        "error: /dev/zero: too large for a metrics.json: expected at most 64 MiB\n"
    );
}
